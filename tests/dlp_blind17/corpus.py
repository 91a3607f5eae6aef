"""The seventeenth DLP corpus (blind): 400 texts (`generate(seed=171_713, count=400)`, ids `b17-0000` ...) that
back-office staff and their helpdesk paste to an internal assistant, and its answers. See README.md."""

from __future__ import annotations

from tests.dlp_eval.corpus import Sample

from .tpl import REGISTRY
from .values import Values

SEED = 171_713
COUNT = 400


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    return REGISTRY.generate(Values, seed, count)
