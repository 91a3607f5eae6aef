"""The twenty-first DLP corpus (blind): 400 texts (`generate(seed=212_121, count=400)`, ids `b21-0000` ...) that
telecom and utility staff paste to an internal assistant, and its answers. See README.md."""

from __future__ import annotations

from tests.dlp_eval.corpus import Sample

from .tpl import REGISTRY
from .values import Values

SEED = 212_121
COUNT = 400


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    return REGISTRY.generate(Values, seed, count)
