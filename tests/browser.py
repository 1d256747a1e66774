"""The browser tests' fixtures: ``wirecoder serve``'s app on the example store in a thread,
and a page of Debian's Chromium driven by Playwright, headless, at 1440×1000, that records
the page's errors (``page.errors``) and every URL it asks for (``page.requests``).

Skipped when no ``chromium`` is installed (``scripts/ensure-chromium.sh`` installs it),
except under ``CI=true`` where it fails. Screenshots go to ``ARTIFACTS``.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update"]


@pytest.fixture(scope="module")
def server(example_store: Path) -> Iterator[str]:
    import uvicorn

    from wirecoder.api import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(example_store), host="127.0.0.1", port=port,
                            log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's package")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.on("requestfailed", lambda req: errors.append(f"{req.url} failed"))
        # What the Content-Security-Policy refuses is only told on the console.
        tab.on("console", lambda msg: errors.append(msg.text)
               if "Content Security Policy" in msg.text else None)
        tab.errors = errors
        requests: list[str] = []
        tab.on("request", lambda req: requests.append(req.url))
        tab.requests = requests
        yield tab
        browser.close()
