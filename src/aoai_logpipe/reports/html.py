"""A self-contained HTML report: inline CSS, inline SVG charts drawn here, no script, no network.

Every chart is an ``<svg class="chart" data-chart="NAME">`` whose data points are
``<g class="bar" data-label="..." data-value="...">`` elements, so a test (or a reader with
dev tools) can check what was drawn. Tables under the charts carry the exact amounts.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Callable, Sequence

from aoai_logpipe import __version__
from aoai_logpipe.reports import audit as audit_mod
from aoai_logpipe.reports import reconcile as reconcile_mod
from aoai_logpipe.reports import rollup as rollup_mod
from aoai_logpipe.reports.allocation import Allocator
from aoai_logpipe.reports.reader import FILTER_CATEGORIES, AuditFilters, DocumentReader, Selection, is_filtered
from aoai_logpipe.reports.text import label, percent, places, plain

FIELDS = sorted(set(rollup_mod.fields_for(["cost_center", "model", "day", "user"])) | set(reconcile_mod.FIELDS)
                | {"user_name"})  # (fields_for includes what allocation reads)
CHART_WIDTH = 760


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def money(value: Decimal) -> str:
    """A short amount for chart labels (tables show exact amounts)."""
    v = abs(value)
    digits = 2 if v >= 1 else 4 if v >= Decimal("0.001") else 6
    return format(value, f",.{digits}f")


def cost_text(t: "rollup_mod.Totals") -> str:
    """Chart label of a group's cost, saying when (part of) it could not be priced."""
    if t.requests and t.unpriced_requests == t.requests:
        return "unpriced"
    return money(t.cost_total) + (f" (+{t.unpriced_requests} unpriced)" if t.unpriced_requests else "")


def tokens(value: int) -> str:
    for unit, size in (("M", 1_000_000), ("k", 1_000)):
        if value >= size:
            return f"{value / size:,.1f}{unit}"
    return f"{value:,}"


# --------------------------------------------------------------------------- charts


def _svg(name: str, title: str, width: int, height: int, body: list[str]) -> str:
    # never narrower than 640 px (text stays >= 10 px): a narrow screen scrolls the chart instead
    return (f'<div class="cw"><svg class="chart" data-chart="{esc(name)}" id="chart-{esc(name)}" role="img" '
            f'aria-label="{esc(title)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}"><title>{esc(title)}</title>' + "".join(body) + "</svg></div>")


def _empty(name: str, title: str) -> str:
    return _svg(name, title, CHART_WIDTH, 40, ['<text class="empty" x="8" y="24">no data in this selection</text>'])


def hbar_chart(name: str, title: str, items: Sequence[tuple[str, float, str]], series: int = 0,
               folded: int = 0) -> str:
    """Horizontal bars: items are (label, value >= 0, value text). The last `folded` items are
    totals of many groups ("(N others)"): the scale is set by the others, and a folded bar
    longer than that is drawn cut, with a break mark, so it never squashes the groups shown."""
    if not items:
        return _empty(name, title)
    label_w, row_h, bar_h, top = 190, 26, 18, 6
    value_w = max(80, 7 * max(len(shown) for _, _, shown in items) + 14)  # room for the longest value text
    plot_w = CHART_WIDTH - label_w - value_w
    ranked = items[:len(items) - folded] if folded else items
    most = max((v for _, v, _ in ranked), default=0) or max((v for _, v, _ in items), default=0) or 1
    body = []
    for i, (text, value, shown) in enumerate(items):
        y = top + i * row_h
        cut = value > most
        w = max(min(value, most) / most * plot_w, 0)
        short = text if len(text) <= 26 else text[:25] + "…"
        mark = (f'<path class="cut" d="M{label_w + w - 14:.2f} {y - 1} l6 {bar_h + 2} M{label_w + w - 8:.2f} {y - 1} '
                f'l6 {bar_h + 2}"/>') if cut else ""
        body.append(
            f'<g class="bar{" cut" if cut else ""}" data-label="{esc(text)}" data-value="{esc(value)}">'
            f"<title>{esc(text)}: {esc(shown)}</title>"
            f'<text class="label" x="{label_w - 8}" y="{y + bar_h - 4}" text-anchor="end">{esc(short)}</text>'
            f'<rect class="s{series}" x="{label_w}" y="{y}" width="{w:.2f}" height="{bar_h}" rx="2"/>{mark}'
            f'<text class="value" x="{label_w + w + 6:.2f}" y="{y + bar_h - 4}">{esc(shown)}</text></g>')
    return _svg(name, title, CHART_WIDTH, top * 2 + len(items) * row_h, body)


def stacked_hbar_chart(name: str, title: str, legend: Sequence[str],
                       items: Sequence[tuple[str, Sequence[float], str]]) -> str:
    """Horizontal stacked bars: items are (label, segment values, total text)."""
    if not items:
        return _empty(name, title)
    label_w, value_w, row_h, bar_h, top = 190, 110, 24, 16, 30
    plot_w = CHART_WIDTH - label_w - value_w
    most = max((sum(v) for _, v, _ in items), default=0) or 1
    body = _legend(legend, label_w)
    for i, (text, values, shown) in enumerate(items):
        y = top + i * row_h
        x = float(label_w)
        rects = []
        for s, value in enumerate(values):
            w = max(value / most * plot_w, 0)
            rects.append(f'<rect class="s{s}" x="{x:.2f}" y="{y}" width="{w:.2f}" height="{bar_h}"/>')
            x += w
        short = text if len(text) <= 26 else text[:25] + "…"
        body.append(
            f'<g class="bar" data-label="{esc(text)}" data-value="{esc(sum(values))}"><title>{esc(text)}: {esc(shown)}</title>'
            f'<text class="label" x="{label_w - 8}" y="{y + bar_h - 3}" text-anchor="end">{esc(short)}</text>'
            + "".join(rects) + f'<text class="value" x="{x + 6:.2f}" y="{y + bar_h - 3}">{esc(shown)}</text></g>')
    return _svg(name, title, CHART_WIDTH, top + len(items) * row_h + 6, body)


def nice_ticks(most: float, count: int = 5) -> list[float]:
    """0 and round steps (1, 2, 2.5 or 5 x 10^k) up to at least `most`: an axis people can read."""
    if most <= 0:
        return [0.0, 1.0]
    raw = most / (count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [round(i * step, 12) for i in range(int(math.ceil(most / step - 1e-9)) + 1)]


def step_text(ticks: Sequence[float]) -> Callable[[float], str]:
    """Tick labels with as many decimals as the step needs (0.000, 0.005, 0.010 ...)."""
    step = Decimal(str(ticks[1] - ticks[0])).normalize() if len(ticks) > 1 else Decimal(1)
    exponent = step.as_tuple().exponent
    digits = max(0, -exponent) if isinstance(exponent, int) else 0
    return lambda value: format(value, f",.{digits}f")


def column_chart(name: str, title: str, legend: Sequence[str], items: Sequence[tuple[str, Sequence[float], str]],
                 unit: str = "", fmt: Callable[[float], str] | None = None) -> str:
    """Vertical (stacked) columns, e.g. per day: items are (label, segment values, value text).
    A y axis with round ticks from zero, gridlines and the unit (e.g. the currency)."""
    if not items:
        return _empty(name, title)
    left, right, top, bottom, plot_h = 80, 10, 34, 30, 180
    plot_w = CHART_WIDTH - left - right
    n = len(items)
    slot = plot_w / n
    col_w = max(slot * 0.72, 1.0)
    ticks = nice_ticks(max((sum(v) for _, v, _ in items), default=0))
    fmt = fmt or step_text(ticks)
    most = ticks[-1]
    body = _legend(legend, left)
    base = top + plot_h
    for value in ticks:
        y = base - value / most * plot_h
        body.append(f'<line class="{"axis" if value == 0 else "grid"}" x1="{left}" y1="{y:.2f}" '
                    f'x2="{CHART_WIDTH - right}" y2="{y:.2f}"/>')
        body.append(f'<text class="tick ytick" x="{left - 6}" y="{y + 4:.2f}" text-anchor="end">{esc(fmt(value))}</text>')
    if unit:
        body.append(f'<text class="tick unit" x="{left - 6}" y="{top - 12}" text-anchor="end">{esc(unit)}</text>')
    every = max(1, math.ceil(n / 16))
    for i, (text, values, shown) in enumerate(items):
        x = left + i * slot + (slot - col_w) / 2
        y = float(base)
        rects = []
        for s, value in enumerate(values):
            h = max(value / most * plot_h, 0)
            y -= h
            rects.append(f'<rect class="s{s}" x="{x:.2f}" y="{y:.2f}" width="{col_w:.2f}" height="{h:.2f}"/>')
        tick_label = (f'<text class="tick" x="{x + col_w / 2:.2f}" y="{base + 14}" text-anchor="middle">'
                      f'{esc(text[-2:] if len(text) == 10 else text)}</text>') if i % every == 0 else ""
        body.append(f'<g class="bar" data-label="{esc(text)}" data-value="{esc(sum(values))}">'
                    f"<title>{esc(text)}: {esc(shown)}</title>" + "".join(rects) + tick_label + "</g>")
    return _svg(name, title, CHART_WIDTH, top + plot_h + bottom, body)


def diverging_chart(name: str, title: str, legend: Sequence[str],
                    items: Sequence[tuple[str, Sequence[float | None]]]) -> str:
    """Signed values around a zero line (drift): items are (label, one value per series)."""
    if not items:
        return _empty(name, title)
    label_w, right, row_h, top = 190, 80, 34, 30
    plot_w = CHART_WIDTH - label_w - right
    zero = label_w + plot_w / 2
    most = max([abs(v) for _, vs in items for v in vs if v is not None] + [0.05]) * 1.3  # room for value labels
    series = max(len(vs) for _, vs in items)
    bar_h = (row_h - 8) / series
    body = _legend(legend, label_w)
    for i, (text, values) in enumerate(items):
        y = top + i * row_h
        rects = []
        for s, value in enumerate(values):
            v = value or 0.0
            w = abs(v) / most * (plot_w / 2)
            x = zero - w if v < 0 else zero
            yy = y + s * bar_h
            rects.append(f'<rect class="s{s}" x="{x:.2f}" y="{yy:.2f}" width="{w:.2f}" height="{bar_h - 1:.2f}">'
                         f"<title>{esc(legend[s] if s < len(legend) else s)}: {esc(percent(value, signed=True))}</title></rect>")
            tx = x + w + 4 if v >= 0 else x - 4
            anchor = "start" if v >= 0 else "end"
            rects.append(f'<text class="value" x="{tx:.2f}" y="{yy + bar_h - 2:.2f}" text-anchor="{anchor}">'
                         f"{esc(percent(value, signed=True))}</text>")
        short = text if len(text) <= 26 else text[:25] + "…"
        body.append(f'<g class="bar" data-label="{esc(text)}" data-value="{esc(values[0] if values else "")}">'
                    f'<text class="label" x="{label_w - 8}" y="{y + row_h / 2}" text-anchor="end">{esc(short)}</text>'
                    + "".join(rects) + "</g>")
    body.append(f'<line class="axis" x1="{zero:.2f}" y1="{top - 4}" x2="{zero:.2f}" y2="{top + len(items) * row_h}"/>')
    return _svg(name, title, CHART_WIDTH, top + len(items) * row_h + 8, body)


def _legend(names: Sequence[str], x: int) -> list[str]:
    out = []
    for s, name in enumerate(names):
        out.append(f'<rect class="s{s}" x="{x + s * 150}" y="6" width="12" height="12"/>'
                   f'<text class="legend" x="{x + s * 150 + 18}" y="16">{esc(name)}</text>')
    return out


# --------------------------------------------------------------------------- data


@dataclass
class ReportData:
    selection: Selection
    source: str
    by_cost_center: rollup_mod.Rollup
    by_model: rollup_mod.Rollup
    by_day: rollup_mod.Rollup
    by_user: rollup_mod.Rollup
    users: dict[str, str]
    drift: reconcile_mod.Reconciliation
    findings: dict[str, int]
    flagged: dict[str, int]
    verdicts: dict[str, int]
    audited: int
    top: int
    unattributed: rollup_mod.Totals = field(default_factory=rollup_mod.Totals)  # requests without a user id
    filters: "FilterCounts" = field(default_factory=lambda: FilterCounts())
    notes: list[str] = field(default_factory=list)  # a closed period, adjustments of closed ones (reports/close.py)

    @property
    def total(self) -> rollup_mod.Totals:
        return self.by_cost_center.total


@dataclass
class FilterCounts:
    """Conversations where Azure's content filter acted, by category and side."""

    prompt: dict[str, int] = field(default_factory=dict)      # category -> conversations (prompt filtered)
    completion: dict[str, int] = field(default_factory=dict)  # category -> conversations (a choice filtered)
    conversations: int = 0       # any filter action
    finished_by_filter: int = 0  # a choice ended with finish_reason content_filter
    refused: int = 0             # the request failed with error code content_filter


def filter_counts(docs: Sequence[dict[str, Any]]) -> FilterCounts:
    out = FilterCounts()

    def hits(results: Any) -> set[str]:
        return {c for c in FILTER_CATEGORIES if isinstance(results, dict) and isinstance(results.get(c), dict)
                and results[c].get("filtered") is True}

    for doc in docs:
        if not is_filtered(doc):
            continue
        out.conversations += 1
        prompt = set().union(*(hits(r.get("content_filter_results")) for r in doc.get("prompt_filter") or []
                               if isinstance(r, dict)))
        completion = set().union(*(hits(c.get("content_filter")) for c in doc.get("choices") or []))
        for category in prompt:
            out.prompt[category] = out.prompt.get(category, 0) + 1
        for category in completion:
            out.completion[category] = out.completion.get(category, 0) + 1
        out.finished_by_filter += any(c.get("finish_reason") == "content_filter" for c in doc.get("choices") or [])
        error = doc.get("error")
        out.refused += isinstance(error, dict) and error.get("code") == "content_filter"
    return out


async def collect(reader: DocumentReader, selection: Selection, top: int = 10,
                  allocator: Allocator | None = None, warn_share: float = 0.05, ledger: Any = None,
                  as_closed: bool = False) -> ReportData:
    """The report's numbers. With a ledger holding closes they are `chargeback`'s: a closed period
    says so (or, `as_closed`, is its snapshot), and an open one carries the adjustments of closed
    periods in its totals and cost-center table; the charts by day, model and user show its own
    requests only."""
    from aoai_logpipe.reports import close  # close builds on exports, which builds on rollup

    allocator = allocator if allocator is not None else Allocator()
    found = await close.period_rows(reader, ledger, selection, allocator, as_closed=as_closed, fields=FIELDS)
    billed = found.allocated()
    rows = [row for row in billed if row.get("adjusts") is None]
    label_ = reader.label
    by_day = rollup_mod.aggregate(rows, ["day"], selection, label_, sort="key")
    days = selection.days()
    if days:  # every day of the selection gets a column, zero or not
        present = {g.key[0]: g for g in by_day.groups}
        by_day.groups = [present.pop(day, None) or rollup_mod.Group((day,), rollup_mod.Totals()) for day in days] \
            + sorted(present.values(), key=lambda g: str(g.key[0]))
    users = {str(r.get("user_id")): str(r.get("user_name")) for r in rows if r.get("user_id") and r.get("user_name")}
    audit_rows = [r async for r in reader.audit_search(AuditFilters(selection=selection),
                                                       ["id", "dlp.verdict", "dlp.counts.by_entity"])]
    findings, flagged, verdicts = audit_mod.entity_counts(audit_rows)
    filtered = [doc async for doc in reader.audit_search(AuditFilters(selection=selection, filtered=True))]
    by_user = rollup_mod.aggregate(rows, ["user"], selection, label_)
    # requests without a user id are not a user: shown apart, never ranked among the top consumers
    unattributed = next((g.totals for g in by_user.groups if g.key == (None,)), rollup_mod.Totals())
    by_user.groups = [g for g in by_user.groups if g.key != (None,)]
    return ReportData(
        selection=selection, source=label_,
        by_cost_center=rollup_mod.finish(rollup_mod.aggregate(billed, ["cost_center"], selection, label_),
                                         rollup_mod.allocation_facts(billed, warn_share)),
        by_model=rollup_mod.aggregate(rows, ["model"], selection, label_),
        by_day=by_day,
        by_user=by_user.top(top),
        users=users,
        drift=reconcile_mod.analyse(rows, ["model"], selection, label_, worst=3),
        findings=dict(findings), flagged=dict(flagged), verdicts=dict(verdicts), audited=len(audit_rows), top=top,
        unattributed=unattributed, filters=filter_counts(filtered), notes=found.notes,
    )


# --------------------------------------------------------------------------- page

CSS = """
:root { --ink:#1f2933; --muted:#616e7c; --rule:#d9e2ec; --bg:#ffffff; --panel:#f5f7fa;
        --s0:#2f6fde; --s1:#8fb8f6; --s2:#f0a23b; --s3:#3aa37a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: var(--ink); background: var(--bg); }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 16px 0 6px; color: var(--muted); font-weight: 600; }
.meta { color: var(--muted); margin: 0 0 16px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 16px 0; }
.kpi { background: var(--panel); border-radius: 8px; padding: 12px 14px; }
.kpi .name { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.kpi .kpi-value { font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; word-break: break-all; }
.note { color: var(--muted); font-size: 12.5px; }
.cw { overflow-x: auto; max-width: 100%; }
svg.chart { display: block; width: 100%; min-width: 640px; max-width: 760px; height: auto; margin: 4px 0 8px; }
svg.chart text { font: 12.5px system-ui, sans-serif; fill: var(--ink); }
svg.chart text.value, svg.chart text.tick, svg.chart text.legend { fill: var(--muted); }
svg.chart .axis { stroke: #7b8794; stroke-width: 1; }
svg.chart .grid { stroke: var(--rule); stroke-width: 1; }
svg.chart .cut { stroke: var(--bg); stroke-width: 3; }
svg.chart .s0 { fill: var(--s0); } svg.chart .s1 { fill: var(--s1); } svg.chart .s2 { fill: var(--s2); } svg.chart .s3 { fill: var(--s3); }
table { border-collapse: collapse; margin: 6px 0 12px; font-variant-numeric: tabular-nums; font-size: 12.5px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--rule); text-align: left; white-space: nowrap; }
td.n, th.n { text-align: right; }
td.wrap { white-space: normal; overflow-wrap: anywhere; min-width: 12em; }
th:first-child, td:first-child { max-width: 16em; overflow: hidden; text-overflow: ellipsis; }
.warning { color: #8a4b00; background: #fff4e0; border-radius: 6px; padding: 6px 10px; }
@media (max-width: 600px) { main { padding: 14px 10px 32px; } th, td { padding: 4px 5px; }
  th:first-child, td:first-child { max-width: 9em; } }
.tw { overflow-x: auto; max-width: 100%; }
tr.total td { font-weight: 650; border-top: 2px solid var(--ink); }
.grid2 { display: grid; grid-template-columns: 1fr; gap: 8px; }
@media print { main { padding: 0; } h2 { break-after: avoid; } svg.chart, table { break-inside: avoid; } }
"""


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[bool | str],
           total: Sequence[Any] | None = None, table_id: str = "") -> str:
    """numeric: True (right-aligned), False, or "wrap" (long text that may wrap)."""
    def cell(value: Any, num: bool | str, tag: str = "td") -> str:
        klass = ' class="n"' if num is True else ' class="wrap"' if num == "wrap" and tag == "td" else ""
        return f"<{tag}{klass}>{esc(value)}</{tag}>"
    head = "<tr>" + "".join(cell(h, n, "th") for h, n in zip(headers, numeric)) + "</tr>"
    body = "".join("<tr>" + "".join(cell(v, n) for v, n in zip(row, numeric)) + "</tr>" for row in rows)
    foot = ('<tr class="total">' + "".join(cell(v, n) for v, n in zip(total, numeric)) + "</tr>") if total else ""
    ident = f' id="{esc(table_id)}"' if table_id else ""
    return f'<div class="tw"><table{ident}><thead>{head}</thead><tbody>{body}{foot}</tbody></table></div>'


def _cost_table(r: rollup_mod.Rollup, name: str, digits: int, names: dict[str, str] | None = None,
                currency: str = "") -> str:
    # the money first: on a phone the name and the total stay on screen, the detail scrolls
    headers = [name, f"total {currency}".strip(), "share", "requests", "input", "cached input", "output", "prompt",
               "cached", "completion", "estimated", "unpriced"]
    numeric = [False] + [True] * 11

    def cells(t: rollup_mod.Totals) -> list[str]:
        return [format(t.cost_total, f",.{digits}f"), percent(r.share(t), 2), f"{t.requests:,}",
                format(t.cost_input, f",.{digits}f"), format(t.cost_cached_input, f",.{digits}f"),
                format(t.cost_output, f",.{digits}f"), f"{t.prompt_tokens:,}", f"{t.cached_tokens:,}",
                f"{t.completion_tokens:,}", f"{t.estimated_requests:,}", f"{t.unpriced_requests:,}"]

    rows = []
    for g in r.groups:
        key = f"({g.other} others)" if g.other else label(g.key[0])
        if names and not g.other and g.key[0] in names:
            key += f" ({names[g.key[0]]})"
        if g.adjusts:
            key += f" [adj. {g.adjusts}]"
        rows.append([key, *cells(g.totals)])
    return _table(headers, rows, numeric, ["TOTAL", *cells(r.total)], table_id=f"table-{name.replace(' ', '-')}")


def _token_segments(t: rollup_mod.Totals) -> list[float]:
    return [float(t.prompt_tokens - t.cached_tokens), float(t.cached_tokens), float(t.completion_tokens)]


def render(data: ReportData, generated: datetime | None = None) -> str:
    t = data.total
    cur = data.by_cost_center.currency or ""
    all_amounts = [g.totals.cost_total for r in (data.by_cost_center, data.by_model, data.by_day, data.by_user)
                   for g in r.groups] + [t.cost_total, t.cost_input, t.cost_cached_input, t.cost_output]
    digits = max(2, places(all_amounts))
    generated = generated or datetime.now(timezone.utc)
    token_legend = ["prompt (uncached)", "cached prompt", "completion"]
    firm_cost = data.by_cost_center.firm_cost
    firm_share = percent(firm_cost / t.cost_total, 2) if t.cost_total else "-"
    parts: list[str] = []
    add = parts.append
    add("<!DOCTYPE html>")
    add('<html lang="en"><head><meta charset="utf-8">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
    add(f"<title>aoai-logpipe report — {esc(data.selection.describe())}</title>")
    add(f"<style>{CSS}</style></head><body><main>")
    add(f"<h1>Azure OpenAI usage — {esc(data.selection.describe())}</h1>")
    add(f'<p class="meta">Source: {esc(data.source)} · generated {esc(generated.strftime("%Y-%m-%d %H:%M UTC"))} '
        f"by aoai-logpipe {esc(__version__)} · price table {esc(', '.join(data.by_cost_center.price_ids) or '-')}</p>")

    add('<section class="kpis" id="totals">')
    for ident, name, value in (
        ("kpi-cost", f"total cost ({cur})", plain(t.cost_total)),
        ("kpi-requests", "requests", f"{t.requests:,}"),
        ("kpi-prompt", "prompt tokens", f"{t.prompt_tokens:,}"),
        ("kpi-completion", "completion tokens", f"{t.completion_tokens:,}"),
        ("kpi-firm", "firm share of cost", firm_share),
        ("kpi-flagged", "DLP-flagged conversations", f"{data.verdicts.get('flagged', 0):,}"),
    ):
        add(f'<div class="kpi" id="{ident}"><div class="name">{esc(name)}</div><div class="kpi-value">{esc(value)}</div></div>')
    add("</section>")
    both = t.estimated_unpriced_requests
    add(f'<p class="note" id="firmness">Firm: {data.by_cost_center.firm_requests:,} of {t.requests:,} requests have '
        f"reported usage and a price ({esc(plain(firm_cost))} {esc(cur)}). Estimated usage: {t.estimated_requests:,} "
        f"requests ({esc(plain(t.estimated_cost))} {esc(cur)}, included). Unpriced: {t.unpriced_requests:,} requests, "
        f"{t.unpriced_tokens:,} tokens (not in the amounts)."
        + (f" {both:,} requests are both estimated and unpriced (no usage reported and none priced): "
           f"{data.by_cost_center.firm_requests:,} + {t.estimated_requests:,} + {t.unpriced_requests:,} − {both:,} = "
           f"{t.requests:,}." if both else "")
        + " Amounts are exact sums of the per-request costs.</p>")
    if not t.requests:
        add(f'<p class="warning" id="empty">No chargeback documents in {esc(data.selection.describe())}: nothing was '
            "billed in this selection.</p>")
    for warning in data.by_cost_center.warnings:
        add(f'<p class="warning">{esc(warning)}</p>')
    for note in data.notes:
        add(f'<p class="note close-note">{esc(" ".join(note.split()))}</p>')
    adjusted = [g for g in data.by_cost_center.groups if g.adjusts]
    if adjusted:
        amount = sum((g.totals.cost_total for g in adjusted), Decimal(0))
        add(f'<p class="note" id="adjustments">Adjustments of closed {esc(", ".join(sorted({str(g.adjusts) for g in adjusted})))}: '
            f"{esc(plain(amount))} {esc(cur)} over {sum(g.totals.requests for g in adjusted):,} signed requests, in the totals "
            "and the cost-center table (rows marked [adj. PERIOD]); the charts show this period's own requests.</p>")

    # cost center
    cc = data.by_cost_center
    own = [g for g in cc.groups if not g.adjusts]  # charted; the table shows the adjustments too
    add("<h2>By cost center</h2>")
    add(hbar_chart("cost-by-cost-center", f"Cost by cost center ({cur})",
                   [(label(g.key[0]), float(g.totals.cost_total), cost_text(g.totals)) for g in own]))
    add(stacked_hbar_chart("tokens-by-cost-center", "Tokens by cost center", token_legend,
                           [(label(g.key[0]), _token_segments(g.totals), tokens(g.totals.prompt_tokens + g.totals.completion_tokens))
                            for g in own]))
    add(_cost_table(cc, "cost center", digits, currency=cur))
    if cc.allocation is not None:
        a = cc.allocation
        add(f'<p class="note" id="allocation">Allocation: rules {esc(", ".join(a.versions) or "(none used)")}; cost center '
            f"stored on {a.methods.get('stored', 0):,} requests, by rule {a.methods.get('rule', 0):,}, by default "
            f"{a.methods.get('default', 0):,}; (unallocated) {a.unallocated.requests:,} requests "
            f"({esc(plain(a.unallocated.cost_total))} {esc(cur)}, {percent(a.share(t.cost_total), 2)}).</p>")

    # model
    bm = data.by_model
    add("<h2>By model</h2>")
    add(hbar_chart("cost-by-model", f"Cost by model ({cur})",
                   [(label(g.key[0]), float(g.totals.cost_total), cost_text(g.totals)) for g in bm.groups]))
    add(stacked_hbar_chart("tokens-by-model", "Tokens by model", token_legend,
                           [(label(g.key[0]), _token_segments(g.totals), tokens(g.totals.prompt_tokens + g.totals.completion_tokens))
                            for g in bm.groups]))
    add(_cost_table(bm, "model", digits, currency=cur))

    # day
    bd = data.by_day
    add("<h2>By day</h2>")
    add(column_chart("cost-by-day", f"Cost by day ({cur}, UTC)", ["cost"],
                     [(label(g.key[0]), [float(g.totals.cost_total)], cost_text(g.totals)) for g in bd.groups],
                     unit=cur))
    add(column_chart("tokens-by-day", "Tokens by day (UTC)", token_legend,
                     [(label(g.key[0]), _token_segments(g.totals), tokens(g.totals.prompt_tokens + g.totals.completion_tokens))
                      for g in bd.groups], unit="tokens", fmt=lambda v: tokens(int(v))))

    # users
    bu = data.by_user
    folded = sum(1 for g in bu.groups if g.other)
    add("<h2>Top consumers</h2>")
    add(hbar_chart("top-users", f"Cost by user, top {data.top} ({cur})",
                   [((f"({g.other} others)" if g.other else label(g.key[0])), float(g.totals.cost_total),
                     cost_text(g.totals)) for g in bu.groups], series=3, folded=folded))
    add(_cost_table(bu, "user", digits, data.users, currency=cur))
    u = data.unattributed
    if u.requests:
        add(f'<p class="note" id="unattributed">Unattributed: {u.requests:,} requests carried no user id '
            f"({esc(plain(u.cost_total))} {esc(cur)}, {percent(bu.share(u), 2)} of the total); they are not a user and "
            "are not ranked above.</p>")

    # drift
    dr = data.drift
    add("<h2>Token estimate vs reported usage</h2>")
    add('<p class="note">Drift = (estimated − reported) / reported, per request with reported usage; bars show the '
        "median per model (signed: the estimator's bias); the table adds the p95 of |drift| and the worst requests.</p>")
    add(diverging_chart("drift-by-model", "Median drift by model", ["prompt", "completion"],
                        [(label(g.key[0]), [g.prompt.median if g.prompt else None, g.completion.median if g.completion else None])
                         for g in dr.groups]))
    rows = []
    for g in [*dr.groups, dr.total]:
        p, c = g.prompt, g.completion
        assert p is not None and c is not None
        rows.append([label(g.key[0]) if g is not dr.total else "all", f"{g.requests:,}", f"{g.no_usage:,}",
                     percent(p.median, signed=True), percent(p.p95_abs), percent(c.median, signed=True),
                     percent(c.p95_abs), " ".join(w.request_id for w in g.worst) or "-"])
    add(_table(["model", "requests", "no usage", "prompt median", "prompt p95", "completion median",
                "completion p95", "worst requests"], rows[:-1], [False, True, True, True, True, True, True, "wrap"],
               rows[-1], table_id="table-drift"))

    # content filter
    f = data.filters
    add("<h2>Content filter</h2>")
    categories = sorted(set(f.prompt) | set(f.completion),
                        key=lambda c: (-(f.prompt.get(c, 0) + f.completion.get(c, 0)), c))
    add(stacked_hbar_chart("content-filter", "Conversations filtered, by category", ["prompt", "completion"],
                           [(c, [float(f.prompt.get(c, 0)), float(f.completion.get(c, 0))],
                             f"{f.prompt.get(c, 0) + f.completion.get(c, 0):,}") for c in categories]))
    add(f'<p class="note" id="content-filter">{f.conversations:,} of {data.audited:,} conversations were acted on by '
        f"the content filter: {f.finished_by_filter:,} responses ended by it (finish_reason content_filter), "
        f"{f.refused:,} requests refused (error content_filter), prompt filtered in "
        f"{sum(f.prompt.values()):,} category hits, completion in "
        f"{sum(f.completion.values()):,}.</p>")

    # DLP
    add("<h2>DLP findings</h2>")
    entities = sorted(data.flagged.items(), key=lambda kv: (-kv[1], kv[0]))
    add(hbar_chart("dlp-by-entity", "Conversations with findings, by entity",
                   [(name, float(count), f"{count:,} conversations, {data.findings.get(name, 0):,} findings")
                    for name, count in entities], series=2))
    verdict_text = ", ".join(f"{k} {v:,}" for k, v in sorted(data.verdicts.items())) or "none"
    add(f'<p class="note" id="dlp-verdicts">{data.audited:,} audited conversations: {esc(verdict_text)}. '
        "Findings never store the text they found; stored prompt text is redacted per the DLP policy.</p>")
    add("</main></body></html>")
    return "\n".join(parts) + "\n"


async def build(reader: DocumentReader, selection: Selection, top: int = 10, allocator: Allocator | None = None,
                warn_share: float = 0.05, ledger: Any = None, as_closed: bool = False) -> str:
    return render(await collect(reader, selection, top, allocator, warn_share, ledger, as_closed))
