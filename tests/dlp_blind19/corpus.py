"""The nineteenth DLP corpus (blind): 400 texts (`generate(seed=191_911, count=400)`, ids `b19-0000` ...) that
health-insurance and healthcare-administration staff paste to an internal assistant, and its answers. See README.md."""

from __future__ import annotations

from tests.dlp_eval.corpus import Sample

from .tpl import REGISTRY
from .values import Values

SEED = 191_911
COUNT = 400


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    return REGISTRY.generate(Values, seed, count)
