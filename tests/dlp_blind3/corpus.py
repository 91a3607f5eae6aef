"""The third DLP corpus: texts people paste into an assistant (and answers that echo them back),
with exact labelled spans and hard negatives, generated deterministically from a seed.

    generate(seed) -> list[Sample]     # the format bench/dlp_eval.py scores
"""

from __future__ import annotations

from tests.dlp_blind3 import tpl_code, tpl_config, tpl_prose, tpl_tokens  # noqa: F401 - they register the templates
from tests.dlp_blind3.build import REGISTRY
from tests.dlp_blind3.values import Values
from tests.dlp_eval.corpus import Sample

SEED = 31_337
COUNT = 720


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    """`count` texts; templates are drawn by weight, every template at least once."""
    return REGISTRY.generate(Values, seed, count)
