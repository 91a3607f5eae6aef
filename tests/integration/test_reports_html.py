"""The HTML report rendered by headless Chromium: charts drawn, totals shown, a screenshot kept.

Needs Debian's `chromium` on PATH (CI: `apt-get install -y chromium`); skipped with the reason
otherwise. The screenshot lands in test-artifacts/reports-html.png (repository root).
"""

import asyncio
import html as htmllib
import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from aoai_logpipe import app, generate, settings
from aoai_logpipe.reports import html as report
from aoai_logpipe.reports.reader import SqliteReader, selection
from aoai_logpipe.reports.text import plain

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium")

# Test-only probe: measures what the browser actually laid out, per chart, and writes it into
# the DOM for --dump-dom. (The report itself has no script, and its CSP would block one.)
PROBE = """<pre id="probe"></pre><script>
const out = {charts: {}};
for (const svg of document.querySelectorAll('svg.chart')) {
  const box = svg.getBoundingClientRect();
  const bars = [...svg.querySelectorAll('g.bar')];
  let drawn = 0, inside = 0;
  for (const g of bars) {
    const rects = [...g.querySelectorAll('rect')].map(r => r.getBoundingClientRect());
    if (rects.some(b => b.width * b.height > 0)) drawn++;
    if (rects.every(b => b.left >= box.left - 1 && b.right <= box.right + 1 &&
                         b.top >= box.top - 1 && b.bottom <= box.bottom + 1)) inside++;
  }
  out.charts[svg.dataset.chart] = {bars: bars.length, drawn, inside, width: box.width, height: box.height};
}
out.kpiCost = document.querySelector('#kpi-cost .kpi-value').textContent;
out.kpiRequests = document.querySelector('#kpi-requests .kpi-value').textContent;
out.pageWidth = document.documentElement.scrollWidth;
out.viewport = window.innerWidth;
// the smallest text drawn anywhere: CSS px, SVG text scaled like its chart
out.minText = 99; out.minTextAt = '';
const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode, el = node.parentElement;
  if (!node.textContent.trim() || el.closest('title')) continue;
  let size = parseFloat(getComputedStyle(el).fontSize);
  const svg = el.closest('svg');
  if (svg) size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  if (size < out.minText) { out.minText = size; out.minTextAt = node.textContent.slice(0, 40); }
}
// every table: does it scroll sideways, and where does its money column end on screen
out.tables = {};
for (const t of document.querySelectorAll('table[id]')) {
  const wrap = t.closest('.tw');
  const money = [...t.querySelectorAll('th')].find(th => th.textContent.startsWith('total'));
  out.tables[t.id] = {overflow: wrap.scrollWidth - wrap.clientWidth,
                      moneyRight: money ? money.getBoundingClientRect().right : null};
}
document.getElementById('probe').textContent = JSON.stringify(out);
</script>"""


def chromium(*args, tmp_path):
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
               f"--user-data-dir={tmp_path / 'chromium-profile'}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("chromium is not on PATH (install Debian's chromium: apt-get install -y chromium)")
    base = tmp_path_factory.mktemp("reports-html")
    generate.write(base / "replay", generate.Plan(conversations=150, seed=9))
    config = settings.load(env={}, overrides={"replay.path": base / "replay", "sqlite.path": base / "db.sqlite",
                                              "dlp.mode": "pattern", "tiktoken_cache_dir": base / "tiktoken"})
    asyncio.run(app.run_replay(config, progress=False))

    async def build():
        reader = SqliteReader(config.sqlite.path)
        try:
            data = await report.collect(reader, selection("2026-10"))
            return data, report.render(data)
        finally:
            await reader.close()

    data, page = asyncio.run(build())
    (base / "report.html").write_text(page, encoding="utf-8")
    (base / "probe.html").write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
                                     .replace("</main>", "</main>" + PROBE), encoding="utf-8")
    return data, page, base


def test_chromium_draws_every_bar_inside_its_chart_and_shows_the_totals(rendered, tmp_path):
    data, _, base = rendered
    result = chromium("--dump-dom", (base / "probe.html").as_uri(), tmp_path=tmp_path)
    found = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert found and found.group(1), f"no probe output; chromium said: {result.stderr[-2000:]}"
    probe = json.loads(htmllib.unescape(found.group(1)))
    charts = probe["charts"]

    def values(rollup_, attr="cost_total"):
        return [getattr(g.totals, attr) for g in rollup_.groups]

    expected = {
        "cost-by-cost-center": values(data.by_cost_center),
        "tokens-by-cost-center": [g.totals.prompt_tokens + g.totals.completion_tokens for g in data.by_cost_center.groups],
        "cost-by-model": values(data.by_model),
        "tokens-by-model": [g.totals.prompt_tokens + g.totals.completion_tokens for g in data.by_model.groups],
        "cost-by-day": values(data.by_day),
        "tokens-by-day": [g.totals.prompt_tokens + g.totals.completion_tokens for g in data.by_day.groups],
        "top-users": values(data.by_user),
        "drift-by-model": [abs(g.prompt.median or 0) + abs(g.completion.median or 0) for g in data.drift.groups],
        "dlp-by-entity": list(data.flagged.values()),
        "content-filter": [data.filters.prompt.get(c, 0) + data.filters.completion.get(c, 0)
                           for c in set(data.filters.prompt) | set(data.filters.completion)],
    }
    assert set(charts) == set(expected)
    for name, vals in expected.items():
        chart = charts[name]
        assert chart["bars"] == len(vals), name
        assert chart["drawn"] == sum(1 for v in vals if v > 0), name  # zero-value days draw nothing
        assert chart["inside"] == chart["bars"], name  # nothing spills out of its chart
        assert chart["width"] > 300 and chart["height"] > 30, name
    assert charts["cost-by-day"]["bars"] == 31  # every day of October, even the quiet ones
    assert charts["dlp-by-entity"]["bars"] >= 4 and charts["top-users"]["bars"] == data.top + 1
    assert charts["content-filter"]["bars"] >= 1
    assert probe["kpiCost"] == plain(data.total.cost_total) and probe["kpiRequests"] == f"{data.total.requests:,}"
    assert probe["pageWidth"] <= 1300  # no horizontal overflow at the default window width


def test_chromium_screenshot_of_the_report_is_kept_in_test_artifacts(rendered, tmp_path):
    _, page, base = rendered
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "reports-html.png"
    shot.unlink(missing_ok=True)
    (ARTIFACTS / "reports-html.html").write_text(page, encoding="utf-8")
    result = chromium(f"--screenshot={shot}", "--window-size=1280,2000", "--hide-scrollbars",
                      (base / "report.html").as_uri(), tmp_path=tmp_path)
    assert shot.exists(), f"no screenshot; chromium said: {result.stderr[-2000:]}"
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    assert (width, height) == (1280, 2000)
    assert shot.stat().st_size > 60_000  # a blank page of this size compresses to a few KB
    assert len(page.encode()) < 300_000  # one small self-contained file


# Headless Chromium will not open a window narrower than 500 px: a phone-sized viewport is an
# iframe of that width, whose probe result the outer page copies out for --dump-dom.
FRAME = """<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="{src}" style="border:0;width:{width}px;height:{height}px"></iframe>
<pre id="probe"></pre><script>
window.addEventListener('load', () => {{
  document.getElementById('probe').textContent = document.getElementById('f').contentDocument.getElementById('probe').textContent;
}});
</script></body></html>"""


def framed(base, page, width, height):
    path = base / f"frame-{page}-{width}.html"
    path.write_text(FRAME.format(src=page, width=width, height=height), encoding="utf-8")
    return path.as_uri()


@pytest.mark.parametrize("width", [1400, 420])
def test_layout_facts_at_desktop_and_phone_widths_with_screenshots(rendered, tmp_path, width):
    """No text under 10 px, the money columns on screen, no sideways scrolling of the page; at
    1400 px no table scrolls sideways either (the drift table fits). Screenshots kept."""
    data, page, base = rendered
    window = max(width, 500)
    result = chromium(f"--window-size={window},2000", "--allow-file-access-from-files", "--virtual-time-budget=10000",
                      "--dump-dom", framed(base, "probe.html", width, 2000), tmp_path=tmp_path)
    found = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert found and found.group(1), f"no probe output; chromium said: {result.stderr[-2000:]}"
    probe = json.loads(htmllib.unescape(found.group(1)))
    assert probe["viewport"] == width
    assert probe["minText"] >= 10, probe["minTextAt"]
    assert probe["pageWidth"] <= width  # the page never scrolls sideways; wide charts scroll in their own box
    money = {name: t["moneyRight"] for name, t in probe["tables"].items() if t["moneyRight"] is not None}
    assert {"table-cost-center", "table-model", "table-user"} <= set(money)
    assert all(right <= width for right in money.values()), money
    if width >= 1400:
        assert all(t["overflow"] <= 0 for t in probe["tables"].values()), probe["tables"]
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"reports-html-{width}.png"
    shot.unlink(missing_ok=True)
    height = 6500 if width >= 1400 else 13000
    result = chromium(f"--screenshot={shot}", f"--window-size={window},{height}", "--hide-scrollbars",
                      "--allow-file-access-from-files", framed(base, "report.html", width, height), tmp_path=tmp_path)
    assert shot.exists(), f"no screenshot; chromium said: {result.stderr[-2000:]}"
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", header[16:24]) == (window, height)
    assert shot.stat().st_size > 100_000
