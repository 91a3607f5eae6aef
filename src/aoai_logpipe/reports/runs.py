"""`reconcile --run`: was every request of a load test charged exactly once, with its tokens?

The sent requests (loadgen manifest, JMeter JTL or Locust log) are matched with the chargeback
documents by request id: a document's `tags.loadtest_request` when the gateway stamped it, else
its `request_id`. Documents tagged `loadtest_run` = the run whose id was never sent are
*unexpected* (charged, but not in the log). Token mismatches compare the usage the client saw
with the charged usage. The delay is from the request leaving the client to the document's last
write (Cosmos DB `_ts`, whole seconds); SQLite records no write time, so it has no delay.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aoai_logpipe.loadtest.sent import Sent, Tokens, iso
from aoai_logpipe.reports.reader import DocumentReader, Row, Selection
from aoai_logpipe.reports.reconcile import nearest_rank

FIELDS = ["id", "request_id", "time", "usage", "usage_source", "tags.loadtest_run", "tags.loadtest_request", "_ts"]
#: How far document times may lie outside the sent times (client and gateway clocks, queueing).
WINDOW = timedelta(minutes=15)
PROBLEM_COLUMNS = ["request_id", "problem", "sent_time", "client_ok", "documents", "expected_prompt",
                   "expected_completion", "expected_total", "charged_prompt", "charged_completion", "charged_total",
                   "usage_source"]


@dataclass
class Problem:
    request_id: str
    problem: str  # missing | duplicated | token_mismatch | unexpected
    sent: Sent | None
    documents: list[Row]

    def row(self) -> list[Any]:
        expected = self.sent.usage if self.sent else None
        charged = Tokens.of(self.documents[0].get("usage")) if self.documents else None
        return [self.request_id, self.problem, iso(self.sent.time) if self.sent else "",
                "" if self.sent is None else str(self.sent.ok).lower(), " ".join(str(d.get("id")) for d in self.documents),
                *(("", "", "") if expected is None else (expected.prompt, expected.completion, expected.total)),
                *(("", "", "") if charged is None else (charged.prompt, charged.completion, charged.total)),
                self.documents[0].get("usage_source") or "" if self.documents else ""]


@dataclass
class RunReport:
    run: str
    source: str
    sent: int = 0
    failed_at_client: int = 0
    exactly_once: int = 0
    missing: int = 0
    duplicated: int = 0
    token_mismatches: int = 0
    unexpected: int = 0
    delays: list[float] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.duplicated or self.token_mismatches or self.unexpected)

    def summary_line(self) -> str:
        """The line scripts read (same words in every run)."""
        return (f"{self.sent} sent, {self.exactly_once} charged exactly once, {self.missing} missing, "
                f"{self.duplicated} duplicated, {self.token_mismatches} token mismatches")

    def delay(self, q: float) -> float | None:
        return nearest_rank(self.delays, q)


def key_of(doc: Row) -> str:
    return str(doc.get("tags.loadtest_request") or doc.get("request_id"))


def window(sent: Sequence[Sent]) -> Selection:
    """The time range that holds the run's documents (the store's `time` is the request time)."""
    if not sent:
        return Selection()
    first, last = min(s.time for s in sent) - WINDOW, max(s.time for s in sent) + WINDOW
    return Selection(time_from=_bound(first), time_to=_bound(last))


def analyse(run: str, sent: Sequence[Sent], documents: Iterable[Row], source: str = "") -> RunReport:
    by_key: dict[str, list[Row]] = {}
    expected = {s.request_id: s for s in sent}
    for doc in documents:
        key = key_of(doc)
        if key in expected or doc.get("tags.loadtest_run") == run:
            by_key.setdefault(key, []).append(doc)
    report = RunReport(run, source, sent=len(expected), failed_at_client=sum(not s.ok for s in expected.values()))
    for request_id, request in expected.items():
        docs = by_key.get(request_id, [])
        if not docs:
            report.missing += 1
            report.problems.append(Problem(request_id, "missing", request, []))
            continue
        if len(docs) > 1:
            report.duplicated += 1
            report.problems.append(Problem(request_id, "duplicated", request, docs))
            continue
        report.exactly_once += 1
        doc = docs[0]
        if request.usage is not None and Tokens.of(doc.get("usage")) != request.usage:
            report.token_mismatches += 1
            report.problems.append(Problem(request_id, "token_mismatch", request, docs))
        stored = doc.get("_ts")
        if isinstance(stored, (int, float)):
            report.delays.append(max(float(stored) - request.time.timestamp(), 0.0))
    for key, docs in sorted(by_key.items()):
        if key not in expected:
            report.unexpected += 1
            report.problems.append(Problem(key, "unexpected", None, docs))
    return report


async def reconcile_run(reader: DocumentReader, run: str, sent: Sequence[Sent]) -> RunReport:
    docs = [row async for row in reader.chargeback(window(sent), FIELDS)]
    return analyse(run, sent, docs, reader.label)


# --------------------------------------------------------------------------- output


def render_text(report: RunReport) -> str:
    lines = [f"load-test run {report.run} — {report.source}", report.summary_line()]
    if report.failed_at_client:
        lines.append(f"{report.failed_at_client} of the sent requests failed at the client (still expected to be charged)")
    if report.unexpected:
        lines.append(f"{report.unexpected} charged requests of this run are not in the log (unexpected)")
    if report.delays:
        lines.append(f"delay from request to document: p50 {report.delay(0.5):.0f} s, p95 {report.delay(0.95):.0f} s "
                     f"(Cosmos DB _ts, whole seconds; {len(report.delays)} documents)")
    else:
        lines.append("delay from request to document: not available (the store records no write time)")
    return "\n".join(lines) + "\n"


def to_json(report: RunReport) -> dict[str, Any]:
    return {"report": "reconcile-run", "run": report.run, "source": report.source, "sent": report.sent,
            "failed_at_client": report.failed_at_client, "charged_exactly_once": report.exactly_once,
            "missing": report.missing, "duplicated": report.duplicated, "token_mismatches": report.token_mismatches,
            "unexpected": report.unexpected,
            "delay_s": {"n": len(report.delays), "p50": report.delay(0.5), "p95": report.delay(0.95)},
            "summary": report.summary_line()}


def problems_csv(report: RunReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PROBLEM_COLUMNS)
    writer.writerows(p.row() for p in report.problems)
    return out.getvalue()


def render(report: RunReport, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return problems_csv(report)
    return render_text(report)


def _bound(value: datetime) -> str:
    """A Selection bound: naive UTC at second precision, as reader.parse_bound makes them."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
