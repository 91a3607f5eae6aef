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

from aoai_logpipe.core.dlp import DlpEngine, DlpPolicy, Finding
from tests.unit.dlp_corpus import Gold, Sample, generate

REPORT = Path(__file__).resolve().parents[2] / "test-artifacts" / "dlp-report.txt"
MIN_RECALL = 0.95
MIN_PRECISION = 0.9
MIN_OVERLAP = 0.8


def _iou(finding: Finding, gold: Gold) -> float:
    inter = min(finding.end, gold.end) - max(finding.start, gold.start)
    return max(0, inter) / (max(finding.end, gold.end) - min(finding.start, gold.start))


def _score(samples: list[Sample], engine: DlpEngine) -> tuple[Counter[str], Counter[str], Counter[str]]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for sample in samples:
        found = list(engine.scan(sample.text))
        for gold in sample.gold:
            hit = next((f for f in found if f.entity == gold.entity and _iou(f, gold) >= MIN_OVERLAP), None)
            if hit is None:
                fn[gold.entity] += 1
            else:
                tp[gold.entity] += 1
                found.remove(hit)
        fp.update(f.entity for f in found)
    return tp, fp, fn


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
    tp, fp, fn = _score(samples, engine)
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
    assert first == second and 300 <= len(first) <= 600
    for sample in first:
        for gold in sample.gold:
            value = sample.text[gold.start:gold.end]
            assert value and value == value.strip()
