"""What the ner-mode place recognizer reports for a text, as the DLP unit tests ask it (#15): its names at the placed
score that the name filters keep (`placed_names`), or every name the engine would keep from it (`kept_names`: over
the default threshold, neither `not_a_name` nor `not_a_person`)."""

from __future__ import annotations

from aoai_logpipe.core import recognizers as rec
from aoai_logpipe.core.dlp import DlpPolicy


def placed_names(text: str) -> list[str]:
    return [text[r.start:r.end] for r in rec.person_recognizer("en").analyze(text, ["PERSON"])
            if r.score >= rec.PLACED_SCORE and not rec.not_a_name(text, r.start, r.end)]


def kept_names(text: str) -> list[str]:
    return [text[r.start:r.end] for r in rec.person_recognizer("en").analyze(text, ["PERSON"])
            if r.score >= DlpPolicy().default_threshold and not rec.not_a_name(text, r.start, r.end)
            and not rec.not_a_person(text, r.start, r.end)]
