"""How the offline token estimate compares with the usage the service reported.

Per group (default: model and deployment): how many requests had reported usage and how many
were billed on the estimate alone, and the distribution of `drift` = (estimated - reported) /
reported per side: the median (signed: a bias of the estimator for this model), the p95 and
the maximum of |drift| (the spread), and the worst requests by id. Percentiles use the
nearest-rank method on the requests whose drift is defined (reported usage > 0).
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from aoai_logpipe.reports import drift_money
from aoai_logpipe.reports.reader import DocumentReader, Row, Selection
from aoai_logpipe.reports.text import label, percent, table

GROUPINGS = {"model": "model", "deployment": "deployment", "operation": "operation", "dialect": "dialect"}
FIELDS = ["id", "request_id", "model", "deployment", "operation", "dialect", "usage_source", "drift", "estimated",
          "cost", "reported"]


def parse_by(text: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    if not names or any(n not in GROUPINGS for n in names) or len(set(names)) != len(names):
        raise ValueError(f"--by takes a comma-separated list of: {', '.join(GROUPINGS)}")
    return names


#: nearest-rank percentile (the same one the money band uses)
nearest_rank = drift_money.quantile


@dataclass
class SideStats:
    n: int
    median: float | None
    p95_abs: float | None
    max_abs: float | None

    @classmethod
    def of(cls, values: list[float]) -> "SideStats":
        absolute = [abs(v) for v in values]
        return cls(len(values), statistics.median(values) if values else None, nearest_rank(absolute, 0.95),
                   max(absolute) if absolute else None)

    def as_dict(self) -> dict[str, Any]:
        return {"n": self.n, "median": _r(self.median), "p95_abs": _r(self.p95_abs), "max_abs": _r(self.max_abs)}


@dataclass
class Worst:
    request_id: str
    id: str
    prompt: float | None
    completion: float | None

    @property
    def size(self) -> float:
        return max(abs(self.prompt or 0.0), abs(self.completion or 0.0))


@dataclass
class DriftGroup:
    key: tuple[Any, ...]
    requests: int = 0
    reported: int = 0
    no_usage: int = 0           # billed on the estimate: the service reported no usage
    unestimable: int = 0        # the estimate could not count some parts (audio, files)
    prompt: SideStats | None = None
    completion: SideStats | None = None
    worst: list[Worst] = field(default_factory=list)


@dataclass
class Reconciliation:
    by: tuple[str, ...]
    selection: Selection
    source: str
    groups: list[DriftGroup]
    total: DriftGroup
    money: list[drift_money.Band] = field(default_factory=list)   # estimated spend with its band, per model
    money_total: drift_money.Band | None = None
    outliers: list[drift_money.OutlierClass] = field(default_factory=list)
    unclassified: int = 0  # outliers beyond the lookup bound


def _analyse(key: tuple[Any, ...], rows: list[Row], worst: int) -> DriftGroup:
    group = DriftGroup(key, requests=len(rows))
    prompts: list[float] = []
    completions: list[float] = []
    candidates: list[Worst] = []
    for row in rows:
        if row.get("usage_source") == "reported":
            group.reported += 1
        else:
            group.no_usage += 1
        if ((row.get("estimated") or {}).get("unestimated_parts") or 0) > 0:
            group.unestimable += 1
        drift = row.get("drift") or {}
        p, c = drift.get("prompt"), drift.get("completion")
        if isinstance(p, (int, float)):
            prompts.append(float(p))
        if isinstance(c, (int, float)):
            completions.append(float(c))
        if isinstance(p, (int, float)) or isinstance(c, (int, float)):
            candidates.append(Worst(str(row.get("request_id")), str(row.get("id")), _f(p), _f(c)))
    group.prompt = SideStats.of(prompts)
    group.completion = SideStats.of(completions)
    candidates.sort(key=lambda w: (-w.size, w.request_id))
    group.worst = [w for w in candidates[:worst] if w.size > 0]
    return group


def analyse(rows: Iterable[Row], by: Sequence[str] = ("model", "deployment"), selection: Selection = Selection(),
            source: str = "", worst: int = 3) -> Reconciliation:
    buckets: dict[tuple[Any, ...], list[Row]] = {}
    everything: list[Row] = []
    for row in rows:
        buckets.setdefault(tuple(row.get(GROUPINGS[n]) for n in by), []).append(row)
        everything.append(row)
    groups = [_analyse(k, v, worst) for k, v in buckets.items()]
    groups.sort(key=lambda g: (-g.requests, tuple((v is None, str(v or "")) for v in g.key)))
    return Reconciliation(tuple(by), selection, source, groups, _analyse(("all",), everything, worst))


async def reconcile(reader: DocumentReader, selection: Selection, by: Sequence[str] = ("model", "deployment"),
                    worst: int = 3) -> Reconciliation:
    rows = [row async for row in reader.chargeback(selection, FIELDS)]
    result = analyse(rows, by, selection, reader.label, worst)
    result.money, result.money_total = drift_money.bands(rows)
    result.outliers, result.unclassified = await drift_money.outliers(reader, rows)
    return result


# --------------------------------------------------------------------------- output


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _f(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def _group_json(by: Sequence[str], group: DriftGroup) -> dict[str, Any]:
    keys = dict(zip(by, group.key)) if group.key != ("all",) else {"all": True}
    return {**keys, "requests": group.requests, "reported": group.reported, "no_usage": group.no_usage,
            "unestimable": group.unestimable,
            "prompt_drift": group.prompt.as_dict() if group.prompt else None,
            "completion_drift": group.completion.as_dict() if group.completion else None,
            "worst": [{"request_id": w.request_id, "id": w.id, "prompt": w.prompt, "completion": w.completion}
                      for w in group.worst]}


def to_json(rec: Reconciliation) -> dict[str, Any]:
    return {"report": "reconcile", "selection": rec.selection.as_dict(), "source": rec.source, "by": list(rec.by),
            "groups": [_group_json(rec.by, g) for g in rec.groups], "total": _group_json(rec.by, rec.total),
            "money": {"models": [b.as_json() for b in rec.money],
                      "total": rec.money_total.as_json() if rec.money_total else None},
            "outliers": [o.as_json() for o in rec.outliers], "unclassified_outliers": rec.unclassified}


def money_lines(rec: Reconciliation) -> list[str]:
    """Estimated spend in money with its band, and one explanation line per outlier class."""
    lines = []
    t = rec.money_total
    if t is not None:
        lines.append(f"estimated spend: {t.requests:,} requests billed {t.billed} on the offline estimate; with the "
                     f"measured drift they likely cost {t.likely}, between {t.low} and {t.high} (p95..p5 drift)")
        rows = [[b.model, f"{b.requests:,}", str(b.billed), str(b.likely), f"{b.low} .. {b.high}", b.basis]
                for b in rec.money]
        lines += [table(["model", "estimated", "billed", "likely", "band", "drift of"], rows,
                        [False, True, True, True, False, False]), ""]
    if rec.outliers:
        lines.append(f"outliers (|drift| >= {drift_money.OUTLIER:.0%}) by cause:")
        for o in rec.outliers:
            lines.append(f"  {o.name:<17} {len(o.requests):>4}  {o.explanation} (e.g. {', '.join(o.requests[:2])})")
        if rec.unclassified:
            lines.append(f"  {rec.unclassified:,} more outliers not classified (lookups bounded at "
                         f"{drift_money.MAX_LOOKUPS})")
    return lines


COLUMNS = ["requests", "reported", "no_usage", "unestimable", "prompt_n", "prompt_median", "prompt_p95_abs",
           "prompt_max_abs", "completion_n", "completion_median", "completion_p95_abs", "completion_max_abs", "worst"]


def _flat(group: DriftGroup) -> list[Any]:
    p, c = group.prompt, group.completion
    assert p is not None and c is not None
    worst = " ".join(w.request_id for w in group.worst)
    return [group.requests, group.reported, group.no_usage, group.unestimable,
            p.n, _r(p.median), _r(p.p95_abs), _r(p.max_abs), c.n, _r(c.median), _r(c.p95_abs), _r(c.max_abs), worst]


def render_csv(rec: Reconciliation) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*rec.by, *COLUMNS])
    for g in rec.groups:
        writer.writerow([*("" if v is None else v for v in g.key), *("" if v is None else v for v in _flat(g))])
    writer.writerow(["TOTAL", *[""] * (len(rec.by) - 1), *("" if v is None else v for v in _flat(rec.total))])
    return out.getvalue()


def render_table(rec: Reconciliation) -> str:
    headers = [*rec.by, "requests", "reported", "no usage", "prompt median", "p95 |d|", "max |d|",
               "completion median", "p95 |d|", "max |d|"]
    numeric = [False] * len(rec.by) + [True] * 9

    def cells(g: DriftGroup) -> list[str]:
        p, c = g.prompt, g.completion
        assert p is not None and c is not None
        return [f"{g.requests:,}", f"{g.reported:,}", f"{g.no_usage:,}",
                percent(p.median, signed=True), percent(p.p95_abs), percent(p.max_abs),
                percent(c.median, signed=True), percent(c.p95_abs), percent(c.max_abs)]

    rows = [[*(label(v) for v in g.key), *cells(g)] for g in rec.groups]
    footer = [["TOTAL", *[""] * (len(rec.by) - 1), *cells(rec.total)]]
    lines = [f"reconcile {rec.selection.describe()} by {', '.join(rec.by)} — {rec.source}",
             "drift = (estimated - reported) / reported; median is signed (bias), p95/max are of |drift| (spread)",
             "", table(headers, rows, numeric, footer), ""]
    worst_rows = [[" / ".join(label(v) for v in g.key), w.request_id, percent(w.prompt, signed=True),
                   percent(w.completion, signed=True)] for g in rec.groups for w in g.worst]
    if worst_rows:
        lines += ["worst requests", table(["group", "request_id", "prompt drift", "completion drift"], worst_rows,
                                          [False, False, True, True]), ""]
    t = rec.total
    lines.append(f"no reported usage: {t.no_usage:,} of {t.requests:,} requests were billed on the estimate"
                 + (f"; {t.unestimable:,} requests have parts the estimate cannot count (audio, files)"
                    if t.unestimable else ""))
    lines += money_lines(rec)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render(rec: Reconciliation, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(to_json(rec), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return render_csv(rec)
    return render_table(rec)
