"""The twentieth DLP corpus (blind): 400 texts (`generate(seed=202_020, count=400)`, ids `b20-0000` ...) that retail,
e-commerce and logistics staff paste to an internal assistant, and its answers. See README.md."""

from __future__ import annotations

from tests.dlp_eval.corpus import Sample

from . import tpl

SEED = 202_020
COUNT = 400


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    return tpl.generate(seed, count)
