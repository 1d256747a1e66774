"""The web UI in a real browser: Debian's Chromium driven by Playwright, headless.

Skipped when no ``chromium`` is installed (``.ci/run`` installs it). Screenshots of each
view are saved to ``test-artifacts/``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from browser import ARTIFACTS


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


# Text no page may show: a missing value printed as such.
NO_VALUE = re.compile(r"\b(null|undefined|NaN)\b")


def page_text(page: Any) -> str:
    return str(page.evaluate("() => document.body.innerText"))


def assert_local_and_complete(page: Any, server: str) -> None:
    """No request left the server, and no text says null, undefined or NaN."""
    assert all(url.startswith(server) for url in page.requests), \
        [u for u in page.requests if not u.startswith(server)]
    found = NO_VALUE.search(page_text(page))
    assert found is None, page_text(page)[max(0, found.start() - 80):found.end() + 80]


def test_browser_views_count_the_whole_filtered_set(page: Any, server: str) -> None:
    import httpx

    api = httpx.Client(base_url=server)
    page.requests.clear()
    page.goto(f"{server}/ui/speakers.html")
    page.wait_for_selector("#statements-table tbody tr")
    page.wait_for_selector("#top table")
    total = api.get("/api/statements", params={"limit": 1}).json()["total"]
    assert page.locator(".pager-count").inner_text().endswith(f"of {total}")
    facets = api.get("/api/statement-facets").json()
    top = page.locator("#top tr").first.inner_text()
    assert facets["speakers"][0]["name"] in top and str(facets["speakers"][0]["count"]) in top
    kinds = page.locator("#kinds").inner_text()
    assert all(f"{kind}\t{n}" in kinds for kind, n in facets["kind"].items())
    page.screenshot(path=str(ARTIFACTS / "speakers.png"), full_page=True)
    assert_local_and_complete(page, server)

    page.requests.clear()
    page.goto(f"{server}/ui/events.html?type=ASSAULT")
    page.wait_for_selector("#events-table tbody tr")
    facets = api.get("/api/facets", params={"type": "ASSAULT"}).json()
    assert page.locator("#total").inner_text() == \
        f"{facets['total']} events · {facets['incidents']} incidents"
    assert page.locator(".pager-count").inner_text().endswith(f"of {facets['total']}")
    # Sorted by a heading, and "export this view" asks for the same filters and order.
    page.locator("th[data-order=confidence]").click()
    page.locator("th[data-order=confidence]").click()
    page.wait_for_function("() => location.search.includes('order=-confidence')")
    page.wait_for_function("() => document.querySelector('th[data-order=confidence]')"
                           ".textContent.endsWith('▼')")
    shown = [float(c) for c in page.locator("#events-table tbody td:nth-child(8)")
             .all_inner_texts()]
    assert shown == sorted(shown, reverse=True)
    link = page.locator("#export-csv").get_attribute("href")
    assert "type=ASSAULT" in link and "order=-confidence" in link
    rows = api.get(link).text.strip().splitlines()
    assert len(rows) == facets["total"] + 1
    page.select_option("select[name=min_confidence]", "0.9")
    page.click("#filters button[type=submit]")
    sure = api.get("/api/facets", params={"type": "ASSAULT", "min_confidence": 0.9}).json()
    page.wait_for_function(f"() => document.getElementById('total').textContent"
                           f".startsWith('{sure['total']} events')")
    page.wait_for_function(f"() => document.querySelector('.pager-count').textContent"
                           f".endsWith('of {sure['total']}')")
    assert_local_and_complete(page, server)

    page.requests.clear()
    page.goto(f"{server}/ui/figures.html")
    page.wait_for_selector("#figures-table tbody tr")
    values = page.locator("#figures-table tbody td:nth-child(3)").all_inner_texts()
    assert "8,306running total" in [v.replace(" ", "").replace("\n", "") for v in values] \
        or any("8,306" in v and "running total" in v for v in values)
    figures_total = api.get("/api/figures", params={"limit": 1}).json()["total"]
    assert page.locator("#figures .pager-count").inner_text().endswith(f"of {figures_total}")
    assert page.locator("#casualties .legend").count() == 1
    assert "running total" in page.locator("#casualties").inner_text()
    page.screenshot(path=str(ARTIFACTS / "figures.png"), full_page=True)
    assert_local_and_complete(page, server)

    page.requests.clear()
    page.goto(f"{server}/ui/reader.html?id=iran-us-forces-2023-10-30")
    page.wait_for_selector("#items .item")
    page.screenshot(path=str(ARTIFACTS / "reader.png"), full_page=True)
    assert_local_and_complete(page, server)
    assert not page.errors


@pytest.fixture(params=["duckdb", "postgresql"])
def live_store(request: pytest.FixtureRequest, example_store: Path, tmp_path: Path) -> str:
    """A store holding the example articles, to code more into while it is served."""
    if request.param == "duckdb":
        db = tmp_path / "live.duckdb"
        shutil.copy(example_store, db)
        return str(db)
    from wirecoder import Store
    from wirecoder.pgstore import PgStore

    url: str = request.getfixturevalue("pg_db")
    with Store(example_store, read_only=True) as source, PgStore(url) as store:
        store.write(list(source.records()))
    return url


def test_browser_shows_articles_coded_while_it_is_open(page: Any, live_store: str,
                                                       tmp_path: Path) -> None:
    import httpx
    from checks import serving

    db = Path(live_store) if not live_store.startswith("postgresql:") else live_store
    more = tmp_path / "more.jsonl"
    more.write_text(
        '{"id": "live-1", "published": "2024-07-02", "text": "Rebels attacked an army '
        'convoy near Goma on Monday, killing four soldiers, a provincial official said."}\n'
        '{"id": "live-2", "published": "2024-07-03", "text": "Police arrested ten '
        'protesters in Lagos on Tuesday, the state police said."}\n')
    page.errors.clear()
    with serving(db) as url:
        page.goto(f"{url}/ui/events.html")
        page.wait_for_selector("#events-table tbody tr")
        page.wait_for_function(
            "() => document.getElementById('store-note').textContent.startsWith('4 articles')")
        before = page.locator("#total").inner_text()
        # On PostgreSQL, two coders at once, both given the same articles.
        coders = [subprocess.Popen([sys.executable, "-m", "wirecoder", "code", str(more),
                                    "--db", str(db), "--commit-every", "1"],
                                   stderr=subprocess.PIPE, text=True)
                  for _ in range(1 if isinstance(db, Path) else 2)]
        for coder in coders:
            assert coder.wait(timeout=300) == 0, coder.communicate()[1]
        # The page asks the server every 5 s and redraws when the store has changed.
        page.wait_for_function(
            "() => document.getElementById('store-note').textContent.startsWith('6 articles')",
            timeout=60_000)
        page.wait_for_function(f"() => document.getElementById('total').textContent"
                               f" !== {before!r}", timeout=30_000)
        page.wait_for_selector("#events-table a:text('live-1')", timeout=30_000)
        status = httpx.get(f"{url}/api/status").json()
        assert status["articles"] == 6  # each article once, however many coders sent it
        backend = "postgresql" if isinstance(db, str) else "duckdb"
        page.screenshot(path=str(ARTIFACTS / f"live-coding-{backend}.png"), full_page=True)
        page.goto("about:blank")  # stop asking the server before it stops
    assert not page.errors
