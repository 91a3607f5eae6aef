"""DLP inside the pure pipeline: the audit document carries findings and redacted text; the
chargeback document never carries prompt or completion text at all."""

from __future__ import annotations

import json

from aoai_logpipe.core.dlp import DlpEngine, DlpPolicy
from aoai_logpipe.core.pipeline import Pipeline
from aoai_logpipe.core.types import Position, RawEvent

PASSWORD = "Tr0ub4dor&3x"
SSN = "536-22-8714"


def _event(kind: str, seq: int, **fields: object) -> RawEvent:
    body = {"schema": "aoai-logpipe/v1", "type": kind, "request_id": "r1", "time": "2026-10-01T00:00:00Z", **fields}
    return RawEvent(json.dumps(body).encode(), Position("0", str(seq), seq))


def test_pipeline_with_a_screener_stores_redacted_audit_text(estimator, prices) -> None:  # type: ignore[no-untyped-def]
    pipe = Pipeline(estimator, prices, screener=DlpEngine(DlpPolicy()))
    request = {"messages": [{"role": "user", "content": f"my db password='{PASSWORD}', SSN {SSN}"}]}
    response = {"choices": [{"index": 0, "message": {"role": "assistant", "content": f"Never share {SSN}."},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}}
    out = pipe.process([_event("request", 0, body=request), _event("response", 1, status=200, body=response)])
    (audit,), (chargeback,) = out.audit, out.chargeback
    assert audit["dlp"]["verdict"] == "flagged"
    assert {f["entity"] for f in audit["dlp"]["findings"]} == {"GENERIC_SECRET", "US_SSN"}
    assert audit["messages"][0]["parts"][0]["text"] == "my db password='<GENERIC_SECRET>', SSN <US_SSN>"
    assert audit["choices"][0]["text"] == "Never share <US_SSN>."
    stored = json.dumps(out.audit) + json.dumps(out.chargeback)
    assert PASSWORD not in stored and SSN not in stored
    assert "Never share" not in json.dumps(chargeback)
