"""The twelfth DLP corpus (blind): realistic enterprise prompts to an assistant and its answers, in six kinds
in about equal shares (support tickets, code, configuration files, logs, e-mails, chat), mostly English with
some German, French and Spanish; about 1.75 labelled values per text, every credential kind the harness
scores, every PII family and person names, and about one text in four a hard-negative text.

    generate(seed) -> list[Sample]     # the format bench/dlp_eval.py scores
"""

from __future__ import annotations

from tests.dlp_blind12.tpl import REGISTRY
from tests.dlp_blind12.values import Values
from tests.dlp_eval.corpus import Sample

SEED = 121_223
COUNT = 400


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    """`count` texts; templates are drawn by weight, every template at least once."""
    return REGISTRY.generate(Values, seed, count)
