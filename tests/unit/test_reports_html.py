"""The HTML report's markup: self-contained, one bar per data point, exact totals (no browser)."""

import asyncio
import re
from collections import Counter, defaultdict
from html.parser import HTMLParser


from aoai_logpipe.reports import html as report
from aoai_logpipe.reports.reader import selection
from tests.unit.test_reports_audit import reader  # noqa: F401  (the same sample store, a fixture)


class Page(HTMLParser):
    """Collects what a check needs: charts and their bars, elements by id, tags and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.chart: str | None = None
        self.bars: dict[str, list[dict[str, str]]] = defaultdict(list)
        self.tags: Counter = Counter()
        self.attrs: list[tuple[str, str, str]] = []
        self.text_by_id: dict[str, str] = {}
        self._stack: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] += 1
        self.attrs.extend((tag, k, v or "") for k, v in attrs)
        if tag == "svg":
            self.chart = a.get("data-chart")
        if tag == "g" and "bar" in (a.get("class") or "").split():
            self.bars[self.chart or "?"].append(a)
        self._stack.append(a.get("id"))
        if a.get("id"):
            self.text_by_id[a["id"]] = ""

    def handle_endtag(self, tag):
        if tag == "svg":
            self.chart = None
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        for ident in self._stack:
            if ident:
                self.text_by_id[ident] += data


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


def test_the_report_draws_one_bar_per_data_point_and_the_exact_totals(reader):
    data = asyncio.run(report.collect(reader, selection("2026-10")))
    page = parse(report.render(data))
    counts = {name: len(bars) for name, bars in page.bars.items()}
    assert counts == {"cost-by-cost-center": 2, "tokens-by-cost-center": 2,  # (unallocated) is always shown
                      "cost-by-model": 2, "tokens-by-model": 2,
                      "cost-by-day": 31, "tokens-by-day": 31, "top-users": 3, "drift-by-model": 2, "dlp-by-entity": 3,
                      "content-filter": 2}
    # October holds requests 1, 2, 4, 5, 6: 0.0015 + 0.0025 + 0.0045 + 0.0055 + 0.0065
    assert page.text_by_id["kpi-cost"].endswith("0.0205") and page.text_by_id["kpi-requests"].endswith("5")
    day_values = {b["data-label"]: float(b["data-value"]) for b in page.bars["cost-by-day"]}
    assert day_values["2026-10-01"] == 0.0015 and day_values["2026-10-03"] == 0.0
    assert {b["data-label"] for b in page.bars["dlp-by-entity"]} == {"CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS"}
    assert "TOTAL" in page.text_by_id["table-cost-center"] and "0.0205" in page.text_by_id["table-cost-center"]


def test_the_report_is_self_contained(reader):
    text = asyncio.run(report.build(reader, selection("2026-10")))
    page = parse(text)
    assert page.tags["script"] == 0 and page.tags["link"] == 0 and page.tags["img"] == 0 and page.tags["iframe"] == 0
    for tag, name, value in page.attrs:
        assert name not in ("src", "href"), (tag, name, value)
        if name == "xmlns":
            continue  # the SVG namespace is an identifier, never fetched
        assert "http:" not in value and "https:" not in value, (tag, name, value)
    assert "url(" not in text and "@import" not in text
    assert "default-src 'none'" in text  # and the browser is told to load nothing


def test_labels_are_escaped():
    svg = report.hbar_chart("x", "t", [('<script>alert(1)</script> & "q"', 1.0, "1")])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&quot;q&quot;" in svg


def test_an_empty_selection_still_renders(reader):
    page = parse(asyncio.run(report.build(reader, selection("2026-01"))))
    assert page.bars["cost-by-day"] and all(float(b["data-value"]) == 0 for b in page.bars["cost-by-day"])
    assert "cost-by-model" not in page.bars and page.text_by_id["kpi-cost"].endswith("0")


def test_axis_ticks_are_round_numbers_from_zero_past_the_largest_value():
    assert report.nice_ticks(0.0137) == [0.0, 0.005, 0.01, 0.015]
    assert report.nice_ticks(4) == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert report.nice_ticks(930) == [0.0, 250.0, 500.0, 750.0, 1000.0]
    assert report.nice_ticks(0) == [0.0, 1.0]


def test_the_daily_cost_chart_has_a_currency_a_zero_line_gridlines_and_several_ticks():
    svg = report.column_chart("cost-by-day", "Cost by day", ["cost"],
                              [("2026-10-01", [0.004], "0.004"), ("2026-10-02", [0.0137], "0.0137")], unit="USD",
                              fmt=lambda v: f"{v:.3f}")
    assert svg.count('class="tick ytick"') == 4 and ">0.000<" in svg and ">0.015<" in svg
    assert svg.count('class="grid"') == 3 and svg.count('class="axis"') == 1 and ">USD<" in svg


def test_the_others_bar_never_squashes_the_top_groups():
    items = [("a", 10.0, "10"), ("b", 5.0, "5"), ("(40 others)", 500.0, "500")]
    svg = report.hbar_chart("top-users", "t", items, folded=1)
    widths = [float(w) for w in re.findall(r'<rect class="s0" x="190" y="\d+" width="([\d.]+)"', svg)]
    assert widths[0] == widths[2] and widths[1] == widths[0] / 2  # scaled by the top group; the fold is cut
    assert svg.count('class="bar cut"') == 1 and 'data-value="500.0"' in svg


def test_a_missing_user_is_never_a_top_consumer_but_shown_apart():
    rows = [{"id": f"cb-{i}", "user_id": None if i < 5 else f"u{i}", "usage": {"prompt_tokens": 1}, "usage_source": "reported",
             "cost": {"priced": True, "total": "1", "input": "1", "currency": "USD"}, "time": "2026-10-01T00:00:00Z"}
            for i in range(8)]

    class One:
        label = "test"

        async def chargeback(self, selection, fields):
            for row in rows:
                yield row

        async def audit_search(self, filters, fields=None):
            return
            yield

    data = asyncio.run(report.collect(One(), selection("2026-10")))
    assert [g.key for g in data.by_user.groups] == [("u5",), ("u6",), ("u7",)]
    assert data.unattributed.requests == 5
    assert "Unattributed: 5 requests carried no user id" in report.render(data)
