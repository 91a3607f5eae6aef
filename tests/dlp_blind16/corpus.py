"""The sixteenth DLP corpus (blind): what software engineers, SREs and data engineers paste to a coding
assistant and what it answers, in seven kinds in about equal shares (code review, CI/CD, infrastructure,
application code and config, data engineering, observability, chat with teammates); about 1.5-2 labelled
values per text that has any, every credential kind the harness scores, every PII family and person names,
and about one text in four a hard-negative text.

    generate(seed) -> list[Sample]     # the format bench/dlp_eval.py scores
"""

from __future__ import annotations

from tests.dlp_blind16.tpl import REGISTRY
from tests.dlp_blind16.values import Values
from tests.dlp_eval.corpus import Sample

SEED = 161_619
COUNT = 400


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    """`count` texts; templates are drawn by weight, every template at least once."""
    return REGISTRY.generate(Values, seed, count)
