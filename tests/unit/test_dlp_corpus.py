"""Precision and recall per entity on the seeded corpus, in pattern mode.

A finding counts as a hit when its entity matches a planted one and the spans overlap by at
least 80% (intersection over union): close enough that a redaction covers the value. Every
other finding, in a planted text or a clean one, is a false positive. The table is printed
and written to test-artifacts/dlp-report.txt.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from aoai_logpipe.core.dlp import DlpEngine, DlpPolicy
from tests.unit.dlp_corpus import exchange_of, generate, score

REPORT = Path(__file__).resolve().parents[2] / "test-artifacts" / "dlp-report.txt"
MIN_RECALL = 0.97
MIN_PRECISION = 0.97


def _table(tp: Counter[str], fp: Counter[str], fn: Counter[str], texts: int, clean: int, seconds: float) -> str:
    lines = [f"DLP corpus, pattern mode: {texts} texts ({clean} clean), {seconds:.2f} s",
             f"{'entity':<26}{'planted':>8}{'tp':>6}{'fp':>6}{'fn':>6}{'precision':>11}{'recall':>8}"]
    for entity in sorted(set(tp) | set(fp) | set(fn)):
        precision = tp[entity] / (tp[entity] + fp[entity]) if tp[entity] + fp[entity] else 0.0
        recall = tp[entity] / (tp[entity] + fn[entity]) if tp[entity] + fn[entity] else 0.0
        lines.append(f"{entity:<26}{tp[entity] + fn[entity]:>8}{tp[entity]:>6}{fp[entity]:>6}{fn[entity]:>6}"
                     f"{precision:>11.3f}{recall:>8.3f}")
    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    lines.append(f"{'ALL':<26}{all_tp + all_fn:>8}{all_tp:>6}{all_fp:>6}{all_fn:>6}"
                 f"{all_tp / max(1, all_tp + all_fp):>11.3f}{all_tp / max(1, all_tp + all_fn):>8.3f}")
    return "\n".join(lines) + "\n"


def test_corpus_precision_and_recall_per_entity(capsys: pytest.CaptureFixture[str]) -> None:
    samples = generate()
    engine = DlpEngine(DlpPolicy(cache_entries=0))
    started = time.perf_counter()
    tp, fp, fn = score(samples, engine.scan)
    report = _table(tp, fp, fn, len(samples), sum(not s.gold for s in samples), time.perf_counter() - started)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report)
    with capsys.disabled():
        print("\n" + report)
    planted = {g.entity for s in samples for g in s.gold}
    assert planted == set(DlpPolicy().entity_list())  # every default pattern entity is measured
    for entity in sorted(planted | set(fp)):
        assert tp[entity] / max(1, tp[entity] + fn[entity]) >= MIN_RECALL, f"recall of {entity}"
        assert tp[entity] / max(1, tp[entity] + fp[entity]) >= MIN_PRECISION, f"precision of {entity}"


def test_corpus_is_deterministic_and_labels_point_at_the_values() -> None:
    first, second = generate(), generate()
    assert first == second and 500 <= len(first) <= 1200
    for sample in first:
        for gold in sample.gold:
            value = sample.text[gold.start:gold.end]
            assert value and value == value.strip()


def test_no_detected_value_that_the_policy_redacts_is_stored_in_clear() -> None:
    policy = DlpPolicy(cache_entries=0)
    engine = DlpEngine(policy)
    leaked = 0
    checked = 0
    for sample in generate():
        _, rewrite = engine(exchange_of([{"role": "user", "content": sample.text}]))
        stored = rewrite({"messages": [{"parts": [{"type": "text", "text": sample.text}]}]})
        text = stored["messages"][0]["parts"][0]["text"]
        found = engine.scan(sample.text)
        for gold in sample.gold:
            detected = any(f.start < gold.end and gold.start < f.end for f in found)
            if policy.action(gold.entity) == "redact" and detected:
                checked += 1
                leaked += sample.text[gold.start:gold.end] in text
    assert checked > 400 and leaked == 0
