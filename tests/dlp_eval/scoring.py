"""Scoring DLP findings against labelled spans: precision and recall by span overlap per family
and per credential kind, the false positives by what they hit, and the values a redacting policy
must hide that were stored in clear."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from .corpus import CREDENTIAL, PERSON, PII_FAMILIES, Label, Sample

# Families the default policy redacts (README: credentials, card numbers, bank numbers, national ids).
REDACTED_FAMILIES = frozenset({CREDENTIAL, "CREDIT_CARD", "IBAN_CODE", "US_SSN"})


@dataclass(frozen=True)
class Finding:
    entity: str
    start: int
    end: int
    action: str = "keep"


@dataclass
class Outcome:
    """What the screener did to one sample: its findings and the text as stored."""

    sample: Sample
    findings: list[Finding]
    stored: str


@dataclass
class Tally:
    tp_labels: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    tp_findings: Counter[str] = field(default_factory=Counter)
    fp_findings: Counter[str] = field(default_factory=Counter)
    fp_by_cause: Counter[tuple[str, str]] = field(default_factory=Counter)  # (family, what it hit)
    must_redact: int = 0
    in_clear: int = 0
    in_clear_detected: int = 0
    in_clear_by_kind: Counter[str] = field(default_factory=Counter)
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # (sample id, kind, value)
    false: list[tuple[str, str, str, str]] = field(default_factory=list)  # (sample id, entity, cause, text)

    def precision(self, key: str) -> float:
        t, f = self.tp_findings[key], self.fp_findings[key]
        return t / (t + f) if t + f else 1.0

    def recall(self, key: str) -> float:
        return self.tp_labels[key] / self.labels[key] if self.labels[key] else 1.0


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def family_of(entity: str, credential_entities: frozenset[str]) -> str | None:
    if entity in credential_entities:
        return CREDENTIAL
    if entity in PII_FAMILIES or entity == PERSON:
        return entity
    return None


def score(outcomes: Iterable[Outcome], credential_entities: frozenset[str],
          families: frozenset[str] | None = None) -> Tally:
    """Families are scored under their own name; credential kinds under `kind:<name>`, with a
    credential false positive charged to the kind of the hard negative it hit."""
    t = Tally()
    for o in outcomes:
        s = o.sample
        scored = [(f, family_of(f.entity, credential_entities)) for f in o.findings]
        scored = [(f, fam) for f, fam in scored if fam and (families is None or fam in families)]
        labels = [lab for lab in s.labels if families is None or lab.family in families]
        for lab in labels:
            keys = [lab.family] + ([f"kind:{lab.kind}"] if lab.family == CREDENTIAL else [])
            hit = any(fam == lab.family and _overlaps(f.start, f.end, lab.start, lab.end) for f, fam in scored)
            for key in keys:
                t.labels[key] += 1
                t.tp_labels[key] += hit
            if not hit:
                t.missed.append((s.id, lab.kind, s.text[lab.start:lab.end]))
            if lab.family in REDACTED_FAMILIES:
                _clear(t, o, lab)
        for f, fam in scored:
            same = [lab for lab in labels if lab.family == fam and _overlaps(f.start, f.end, lab.start, lab.end)]
            if same:
                t.tp_findings[fam] += 1
                for kind in {lab.kind for lab in same if fam == CREDENTIAL}:
                    t.tp_findings[f"kind:{kind}"] += 1
                continue
            t.fp_findings[fam] += 1
            cause = _cause(s, f)
            t.fp_by_cause[(fam, cause)] += 1
            t.false.append((s.id, f.entity, cause, s.text[f.start:f.end]))
            if fam == CREDENTIAL and cause.startswith("decoy:"):
                mimics = cause.split(":")[2]
                t.fp_findings[f"kind:{mimics}"] += 1
    return t


def _cause(s: Sample, f: Finding) -> str:
    for d in s.decoys:
        if _overlaps(f.start, f.end, d.start, d.end):
            return f"decoy:{d.kind}:{d.mimics}"
    for lab in s.labels:
        if _overlaps(f.start, f.end, lab.start, lab.end):
            return f"label:{lab.kind}"
    return "unlabelled"


def _clear(t: Tally, o: Outcome, lab: Label) -> None:
    t.must_redact += 1
    if lab.secret in o.stored:
        t.in_clear += 1
        t.in_clear_by_kind[lab.kind] += 1
        if any(f.action != "keep" and _overlaps(f.start, f.end, lab.start, lab.end) for f in o.findings):
            t.in_clear_detected += 1


def table(t: Tally, title: str, stored: bool = True) -> str:
    """Per family, then per credential kind: labels, misses, false positives, precision, recall;
    with `stored`, the values stored in clear (only meaningful for outcomes read from the store)."""
    lines = [title, f"{'family / kind':<34}{'labels':>7}{'missed':>7}{'fp':>5}{'precision':>10}{'recall':>8}"]
    fams = [k for k in (CREDENTIAL, *PII_FAMILIES, PERSON) if t.labels[k] or t.fp_findings[k]]
    kinds = sorted(k for k in set(t.labels) | set(t.fp_findings) if k.startswith("kind:"))
    for key in fams + kinds:
        name = "credentials (all kinds)" if key == CREDENTIAL else ("  " + key[5:] if key.startswith("kind:") else key)
        lines.append(f"{name:<34}{t.labels[key]:>7}{t.labels[key] - t.tp_labels[key]:>7}{t.fp_findings[key]:>5}"
                     f"{t.precision(key):>10.3f}{t.recall(key):>8.3f}")
    if stored:
        lines.append(f"values the default policy redacts: {t.must_redact}, stored in clear: {t.in_clear} "
                     f"(of which detected: {t.in_clear_detected})")
    return "\n".join(lines)
