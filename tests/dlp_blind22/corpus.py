"""The twenty-second DLP corpus (blind): 400 texts (`generate(seed=222_222, count=400)`, ids `b22-0000` ...) that
public-sector and university staff paste to an internal assistant, and its answers. See README.md."""

from __future__ import annotations

from tests.dlp_eval.corpus import Sample

from .tpl import REGISTRY, Made

SEED = 222_222
COUNT = 400


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    return REGISTRY.generate(Made, seed, count)
