"""The first corpus (tests/unit/dlp_corpus.py, written with the recognizers) in this package's
Sample form, so bench/dlp_eval.py scores both corpora the same way through the pipeline."""

from __future__ import annotations

from aoai_logpipe.core.dlp import CREDENTIAL_ENTITIES
from tests.unit import dlp_corpus

from .corpus import CREDENTIAL, Label, Sample


def _label(entity: str, start: int, end: int, text: str) -> Label:
    if entity in CREDENTIAL_ENTITIES:
        return Label(start, end, CREDENTIAL, entity.lower(), text[start:end])
    return Label(start, end, entity, entity, text[start:end])


def seeded_samples() -> list[Sample]:
    """Its labelled texts and clean texts, then its PERSON texts (scored in ner mode only)."""
    out = []
    for i, s in enumerate(dlp_corpus.generate() + dlp_corpus.people()):
        labels = [_label(g.entity, g.start, g.end, s.text) for g in s.gold]
        out.append(Sample(f"seeded-{i:04d}", "seeded", s.text, labels))
    return out
