"""The web UI in a real browser: Debian's Chromium driven by Playwright, headless.

Skipped when no ``chromium`` is installed (``.ci/run`` installs it). Screenshots of each
view are saved to ``test-artifacts/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
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
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.on("requestfailed", lambda req: errors.append(f"{req.url} failed"))
        # What the Content-Security-Policy refuses is only told on the console.
        tab.on("console", lambda msg: errors.append(msg.text)
               if "Content Security Policy" in msg.text else None)
        tab.errors = errors
        yield tab
        browser.close()


def test_browser_events_view_draws_timeline_map_and_network(page: Any, server: str) -> None:
    page.goto(f"{server}/ui/events.html")
    page.wait_for_selector("#events-table tbody tr")
    assert page.locator("#timeline rect.mark").count() > 0
    page.wait_for_selector("#map circle.mark")
    assert page.locator("#map path").count() > 100  # country outlines, shipped offline
    assert page.locator("#network line.mark").count() > 0
    total = page.locator("#events-table tbody tr").count()
    page.screenshot(path=str(ARTIFACTS / "events.png"), full_page=True)
    page.select_option("select[name=type]", "ASSAULT")
    page.click("#filters button[type=submit]")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#events-table tbody tr')].every("
        "r => r.cells[1].textContent.startsWith('ASSAULT'))")
    assert 0 < page.locator("#events-table tbody tr").count() < total
    assert "type=ASSAULT" in page.url
    assert not page.errors


def test_browser_reader_lights_the_words_of_a_clicked_event(page: Any, server: str) -> None:
    page.goto(f"{server}/ui/reader.html?id=iran-us-forces-2023-10-30")
    page.wait_for_selector("#items .item")
    assert page.locator("#text .excluded").count() > 0  # the embedded post, greyed
    assert page.locator("#text .statement").count() > 0
    item = page.locator("#items .item", has_text="struck")
    item.first.click()
    lit = page.locator("#text .lit")
    assert lit.count() > 0
    words = " ".join(lit.all_inner_texts())
    assert "struck" in words and "eastern" in words and "Syria" in words
    fields = page.locator("#fields").inner_text()
    assert "ASSAULT" in fields and "2023-10-26" in fields
    page.screenshot(path=str(ARTIFACTS / "reader.png"), full_page=True)
    page.locator("#items .item", has_text="reap what you sow").first.click()
    assert "Nasser Kanani" in page.locator("#fields").inner_text()
    assert not page.errors


def test_browser_speakers_and_figures_views(page: Any, server: str) -> None:
    page.goto(f"{server}/ui/speakers.html?speaker=Kanani")
    page.wait_for_selector("#statements-table tbody tr")
    assert "Nasser Kanani" in page.locator("#statements-table").inner_text()
    page.screenshot(path=str(ARTIFACTS / "speakers.png"), full_page=True)
    page.goto(f"{server}/ui/figures.html")
    page.wait_for_selector("#incidents-table tbody tr")
    page.locator("#incidents-table tbody tr", has_text="conflicting").first.click()
    page.wait_for_selector("#incident table")
    side = page.locator("#incident").inner_text()
    assert "Kenya Medical Association" in side and "police" in side
    assert page.locator("#figures-table .flag").count() > 0  # unattributed figures
    assert page.locator("#casualties rect").count() > 0
    page.screenshot(path=str(ARTIFACTS / "figures.png"), full_page=True)
    assert not page.errors


def test_browser_docs_list_the_endpoints_and_try_one(page: Any, server: str) -> None:
    page.goto(f"{server}/docs")
    page.wait_for_selector("#get-api-events")
    assert page.locator("section.operation").count() >= 10
    events = page.locator("#get-api-events")
    assert "actor" in events.locator("table").inner_text()
    events.locator("input[name=type]").fill("ASSAULT")
    events.locator("button[type=submit]").click()
    page.wait_for_function(
        "() => document.querySelector('#get-api-events pre.answer').textContent"
        ".startsWith('200')")
    assert '"ASSAULT"' in events.locator("pre.answer").inner_text()
    page.screenshot(path=str(ARTIFACTS / "docs.png"), full_page=True)
    assert not page.errors


def test_browser_shows_articles_coded_while_it_is_open(page: Any, example_store: Path,
                                                       tmp_path: Path) -> None:
    from checks import serving

    db = tmp_path / "live.duckdb"
    shutil.copy(example_store, db)
    more = tmp_path / "more.jsonl"
    more.write_text(
        '{"id": "live-1", "published": "2024-07-02", "text": "Rebels attacked an army '
        'convoy near Goma on Monday, killing four soldiers, a provincial official said."}\n'
        '{"id": "live-2", "published": "2024-07-03", "text": "Police arrested ten '
        'protesters in Lagos on Tuesday, the state police said."}\n')
    with serving(db) as url:
        page.goto(f"{url}/ui/events.html")
        page.wait_for_selector("#events-table tbody tr")
        page.wait_for_function(
            "() => document.getElementById('store-note').textContent.startsWith('4 articles')")
        before = page.locator("#total").inner_text()
        coded = subprocess.run([sys.executable, "-m", "wirecoder", "code", str(more),
                                "--db", str(db)], capture_output=True, text=True,
                               timeout=300)
        assert coded.returncode == 0, coded.stderr
        # The page asks the server every 5 s and redraws when the store has changed.
        page.wait_for_function(
            "() => document.getElementById('store-note').textContent.startsWith('6 articles')",
            timeout=30_000)
        page.wait_for_function(f"() => document.getElementById('total').textContent"
                               f" !== {before!r}", timeout=15_000)
        page.wait_for_selector("#events-table a:text('live-1')", timeout=15_000)
        page.screenshot(path=str(ARTIFACTS / "live-coding.png"), full_page=True)
    assert not page.errors
