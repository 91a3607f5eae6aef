"""The fourth DLP corpus (blind): threads, tickets, infrastructure and pipeline files, code, HTTP
clients, dumps and notebooks, multilingual prompts and echoing answers, with exact labelled spans
and hard negatives, generated deterministically from a seed.

    generate(seed) -> list[Sample]     # the format bench/dlp_eval.py scores
"""

from __future__ import annotations

from tests.dlp_blind4 import tpl_code, tpl_devops, tpl_threads  # noqa: F401 - they register the templates
from tests.dlp_blind4.build import REGISTRY
from tests.dlp_blind4.values import Values
from tests.dlp_eval.corpus import Sample

SEED = 40_404
COUNT = 600


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    """`count` texts; templates are drawn by weight, every template at least once."""
    return REGISTRY.generate(Values, seed, count)
