"""The events page's charts in a real browser: axes, legends, outlier cuts, the map's
antimeridian and zoom, the network's arrows. Debian's Chromium driven by Playwright.

Skipped when no ``chromium`` is installed (failed under ``CI=true``). Screenshots are saved
to ``test-artifacts/``.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser import ARTIFACTS

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def events_page(page: Any, server: str) -> Any:
    """The events page on the example store, its table and charts drawn."""
    page.goto(f"{server}/ui/events.html")
    page.wait_for_selector("#events-table tbody tr")
    page.wait_for_selector("#map circle.mark")
    page.wait_for_selector("#network line.mark")
    return page


def segments(d: str) -> Iterator[tuple[tuple[float, float], tuple[float, float]]]:
    """Consecutive point pairs within each subpath of path data made of M, L and Z."""
    for subpath in re.findall(r"M[^M]*", d):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", subpath)]
        points = list(zip(numbers[0::2], numbers[1::2], strict=True))
        yield from itertools.pairwise(points)


def view_box(page: Any) -> list[float]:
    return [float(v) for v in page.locator("#map svg.map").get_attribute("viewBox").split()]


def test_charts_timeline_has_date_and_count_axes_and_a_legend(events_page: Any) -> None:
    page = events_page
    x_labels = page.locator("#timeline .axis-x text.tick").all_text_contents()
    assert len(x_labels) >= 2
    # The example spans October 2023 to June 2024: month ticks, "Nov 2023" and so on.
    assert all(re.fullmatch(r"(\d{1,2} )?[A-Z][a-z]{2} \d{4}|\d{4}", label) for label in x_labels)
    y_labels = page.locator("#timeline .axis-y text.tick").all_text_contents()
    assert 2 <= len(y_labels) <= 4 and y_labels[0] == "0"
    legend = page.locator("#timeline .legend span").all_inner_texts()
    assert "ASSAULT" in legend
    for title in page.locator("#timeline rect.mark title").all_text_contents():
        # One bar a day, or a week or month over long spans (the example: nine months).
        assert re.fullmatch(r"(?:(?:week|month) of )?\d{4}-\d\d-\d\d [A-Z_]+: [\d,]+",
                            title), title


def test_charts_map_draws_no_line_across_the_antimeridian(events_page: Any) -> None:
    page = events_page
    width = float(page.locator("#map svg.map").get_attribute("width"))
    paths = page.locator("#map svg.map path").evaluate_all("ps => ps.map(p => p.getAttribute('d'))")
    assert len(paths) > 100
    longest = max(abs(b[0] - a[0]) for d in paths for a, b in segments(d))
    assert longest <= width / 2
    # Russia still reaches the antimeridian: cut, not dropped.
    assert any(a[0] >= width - 1 for d in paths for a, _ in segments(d))
    assert "circle size" in page.locator("#map .legend").inner_text()


def test_charts_map_zooms_with_buttons_wheel_and_drag(events_page: Any) -> None:
    page = events_page
    whole = view_box(page)
    radius = float(page.locator("#map circle.mark").first.get_attribute("r"))
    page.click("#map button.zoom-in")
    zoomed = view_box(page)
    assert zoomed != whole and zoomed[2] == pytest.approx(whole[2] / 2)
    # Circles keep their size on screen: half the radius in map units at twice the zoom.
    assert float(page.locator("#map circle.mark").first.get_attribute("r")) < radius
    box = page.locator("#map svg.map").bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*centre)
    page.mouse.wheel(0, -400)
    page.wait_for_function(f"() => document.querySelector('#map svg.map')"
                           f".viewBox.baseVal.width < {zoomed[2] - 1}")
    wheeled = view_box(page)
    page.mouse.down()
    page.mouse.move(centre[0] + 120, centre[1] + 40, steps=5)
    page.mouse.up()
    dragged = view_box(page)
    assert dragged[0] < wheeled[0] and dragged[2] == pytest.approx(wheeled[2])
    page.click("#map button.reset")
    assert view_box(page) == whole
    assert not page.errors


def test_charts_network_has_arrows_a_legend_and_unclipped_labels(events_page: Any) -> None:
    page = events_page
    assert page.locator("#network marker").count() >= 2
    ends = page.locator("#network .mark.edge").evaluate_all(
        "es => es.map(e => e.getAttribute('marker-end'))")
    assert ends and all(end.startswith("url(#arrow-") for end in ends)
    # A line stops at its recipient's rim (the arrowhead fills the rest), not its centre.
    centres = page.locator("#network .node circle").evaluate_all(
        "cs => cs.map(c => [c.cx.baseVal.value, c.cy.baseVal.value, c.r.baseVal.value])")
    lines = page.locator("#network line.mark").evaluate_all(
        "ls => ls.map(l => [l.x2.baseVal.value, l.y2.baseVal.value])")
    for x, y in lines:
        assert all(math.hypot(x - cx, y - cy) > r for cx, cy, r in centres)
    legend = page.locator("#network .legend").inner_text()
    assert "mostly conflict" in legend and "number of events" in legend and "→" in legend
    chart = page.locator("#network svg.network").bounding_box()
    for label in page.locator("#network text.node-label").all():
        box = label.bounding_box()
        assert chart["x"] <= box["x"] and box["x"] + box["width"] <= chart["x"] + chart["width"]
        size = label.evaluate("t => parseFloat(getComputedStyle(t).fontSize)")
        assert size >= 11


def test_charts_page_shows_no_null_and_asks_only_its_own_server(events_page: Any) -> None:
    page = events_page
    texts = page.evaluate("""() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const texts = [];
        while (walker.nextNode()) texts.push(walker.currentNode.nodeValue);
        return texts;
    }""")
    assert not [t for t in texts if t.strip() in ("null", "undefined", "NaN")]
    body = page.locator("body").evaluate("b => b.textContent")
    assert not re.search(r"\b(null|undefined|NaN)\b", body)
    hosts = {urlsplit(url).hostname for url in page.requests if not url.startswith("data:")}
    assert hosts <= LOCAL_HOSTS, hosts
    page.screenshot(path=str(ARTIFACTS / "events-charts.png"))
    page.screenshot(path=str(ARTIFACTS / "events-charts-full.png"), full_page=True)
    assert not page.errors


# The functions are the page's globals: call them on hand-made data in a scratch element.
DRAW = """async ([call, args]) => {
    const box = el("div", { style: "width:680px" });
    document.querySelector("main").append(box);
    await window[call](box, ...args);
    const html = box.innerHTML;
    const result = {
        html,
        text: box.textContent,
        clipLabels: [...box.querySelectorAll("text.clip-label")].map(t => t.firstChild.nodeValue),
        xTicks: [...box.querySelectorAll(".axis-x text")].map(t => t.textContent),
        yTicks: [...box.querySelectorAll(".axis-y text")].map(t => t.textContent),
        bars: [...box.querySelectorAll("rect.mark")].map(r => r.height.baseVal.value),
        legend: box.querySelectorAll(".legend").length,
        lines: box.querySelectorAll("line.mark").length,
        paths: box.querySelectorAll("path.mark").length,
    };
    box.remove();
    return result;
}"""


def days(counts: list[int], start: str = "2024-01-01",
         type_: str = "ASSAULT") -> list[dict[str, Any]]:
    from datetime import date, timedelta

    first = date.fromisoformat(start)
    return [{"day": (first + timedelta(days=i)).isoformat(), "type": type_, "count": n}
            for i, n in enumerate(counts)]


def test_charts_timeline_cuts_an_outlier_day_and_says_so(events_page: Any) -> None:
    ordinary = [1, 2, 3, 2, 1, 3, 2, 1, 2, 3, 1, 2]
    drawn = events_page.evaluate(DRAW, ["drawTimeline", [days([*ordinary, 1234, 2]), {}]])
    assert drawn["clipLabels"] == ["▲ 1,234"]
    assert "Scale cut at 3" in drawn["text"] and "13 Jan 2024 (1,234)" in drawn["text"]
    tallest, next_tallest = sorted(drawn["bars"])[-1], sorted(drawn["bars"])[-2]
    assert tallest > 1.1 * next_tallest  # the cut bar stands above the ordinary days
    assert "2 Jan 2024" in drawn["xTicks"] or "1 Jan 2024" in drawn["xTicks"]
    even = events_page.evaluate(DRAW, ["drawTimeline", [days(ordinary), {}]])
    assert not even["clipLabels"] and "Scale cut" not in even["text"]
    assert even["yTicks"] == ["0", "1", "2", "3"]


def test_charts_timeline_picks_ticks_for_the_span(events_page: Any) -> None:
    short = events_page.evaluate(DRAW, ["drawTimeline", [days([1, 2, 3], "2023-10-07"), {}]])
    assert short["xTicks"] == ["7 Oct 2023", "8 Oct 2023", "9 Oct 2023"]
    decade = [{"day": f"{year}-06-01", "type": "PROTEST", "count": 5000}
              for year in range(2010, 2021)]
    long = events_page.evaluate(DRAW, ["drawTimeline", [decade, {}]])
    assert 4 <= len(long["xTicks"]) <= 8 and all(re.fullmatch(r"\d{4}", t) for t in long["xTicks"])
    assert long["yTicks"] == ["0", "2,000", "4,000"]


def test_charts_timeline_with_its_own_colours_leaves_the_legend_to_its_caller(
        events_page: Any) -> None:
    # figures.js draws casualties with a colour per kind, then appends its own legend.
    drawn = events_page.evaluate(
        "([d]) => { const box = el('div'); document.body.append(box);"
        " drawTimeline(box, d, { sqrt: true, colour: () => '#922b21' });"
        " const n = box.querySelectorAll('.legend').length; box.remove(); return n; }",
        [days([3, 4], type_="killed")])
    assert drawn == 0


def test_charts_empty_states_say_why(events_page: Any) -> None:
    assert "No dated events match" in events_page.evaluate(DRAW, ["drawTimeline", [[], {}]])["text"]
    assert "No placed events match" in events_page.evaluate(DRAW, ["drawMap", [[]]])["text"]
    assert "No actor → recipient events" in events_page.evaluate(
        DRAW, ["drawNetwork", [[]]])["text"]


def test_charts_network_bends_two_opposite_edges(events_page: Any) -> None:
    edges = [{"actor": "Iran", "recipient": "United States", "count": 3, "types": {"THREATEN": 3}},
             {"actor": "United States", "recipient": "Iran", "count": 2, "types": {"ASSAULT": 2}},
             {"actor": "Iran", "recipient": "Hamas", "count": 1, "types": {"SUPPORT": 1}},
             {"actor": "An actor with a very long name indeed, longer than any label",
              "recipient": "Iran", "count": 1, "types": {"ACCUSE": 1}}]
    drawn = events_page.evaluate(DRAW, ["drawNetwork", [edges]])
    assert drawn["paths"] == 2 and drawn["lines"] == 2
    assert "An actor with a very lo…" in drawn["text"]
    assert "longer than any label: 1 event" in drawn["html"]  # the full name, as a tooltip


def test_charts_timeline_counts_long_spans_by_week_or_month(events_page: Any) -> None:
    from datetime import date, timedelta

    def daily(n: int) -> list[dict[str, Any]]:
        start = date(2020, 1, 1)
        return [{"day": (start + timedelta(days=i)).isoformat(), "type": "PROTEST", "count": 1}
                for i in range(n)]

    year = events_page.evaluate(DRAW, ["drawTimeline", [daily(365), {}]])
    assert "One bar per week" in year["text"] and 52 <= len(year["bars"]) <= 54
    assert year["yTicks"][-1] in ("6", "8", "10")  # seven days a bar, not one
    decade = events_page.evaluate(DRAW, ["drawTimeline", [daily(3650), {}]])
    assert "One bar per month" in decade["text"] and 119 <= len(decade["bars"]) <= 121
    month = events_page.evaluate(DRAW, ["drawTimeline", [daily(30), {}]])
    assert "One bar per" not in month["text"] and len(month["bars"]) == 30


def test_charts_events_page_says_how_many_events_are_undated(events_page: Any) -> None:
    note = events_page.locator("#timeline .chart-note").all_inner_texts()
    assert any(re.fullmatch(r"\d+ of the \d+ events have no date and are not drawn\.", n)
               for n in note)
