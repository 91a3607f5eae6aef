"""The eighth DLP corpus (blind): sparse, realistic enterprise prompts and completions — people asking an AI
assistant to fix, explain, summarise, reply, translate or rewrite, pasting one or two sensitive values in
passing (about two labels per text, a hard negative every three or four texts).

    generate(seed) -> list[Sample]     # the format bench/dlp_eval.py scores
"""

from __future__ import annotations

from tests.dlp_blind8 import tpl_answers, tpl_prompts  # noqa: F401 - they register the templates
from tests.dlp_blind8.build import REGISTRY
from tests.dlp_blind8.values import Values
from tests.dlp_eval.corpus import Sample

SEED = 80_822
COUNT = 600


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    """`count` texts; templates are drawn by weight, every template at least once."""
    return REGISTRY.generate(Values, seed, count)
