"""No prompt, completion or finding text reaches logs, stdout or stderr, even at DEBUG and on errors."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from aoai_logpipe.core.dlp import DlpEngine, DlpPolicy
from tests.unit.dlp_corpus import answer, exchange_of, generate


def _planted() -> tuple[list[str], list[str]]:
    """Corpus texts with planted values, and those values (the strings that must never leak)."""
    samples = [s for s in generate() if s.gold][::3]
    values = [s.text[g.start:g.end] for s in samples for g in s.gold]
    return [s.text for s in samples], values


def test_no_finding_text_reaches_the_logs(caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("presidio-analyzer", "decision_process", "aoai_logpipe"):
        caplog.set_level(logging.DEBUG, logger=name)
    texts, values = _planted()
    engine = DlpEngine(DlpPolicy(cache_entries=16))
    for i in range(0, len(texts), 2):
        engine(exchange_of([{"role": "user", "content": texts[i]}],
                           [answer(texts[i + 1] if i + 1 < len(texts) else None)], request_id=f"req-{i}"))

    def leaky(text: str, **kwargs: Any) -> list[Any]:
        logging.getLogger("presidio-analyzer").warning("cannot handle %s", text)
        raise ValueError(f"Did not find word '{text}' in the list of tokens")

    monkeypatch.setattr(engine._analyzer, "analyze", leaky)
    dlp, _ = engine(exchange_of([{"role": "user", "content": texts[0] + " fresh"}], request_id="req-error"))
    assert dlp["not_screened"][0]["reason"] == "error"

    captured = capfd.readouterr()
    output = caplog.text + captured.out + captured.err
    assert "could not be screened (ValueError) in request req-error" in caplog.text  # the logs are not empty
    assert "message withheld" in caplog.text
    leaked = [v for v in values if v in output]
    assert not leaked, f"{len(leaked)} planted values found in log output"
    assert engine.counters.texts_screened > 50 and engine.counters.findings >= len(values) // 2
