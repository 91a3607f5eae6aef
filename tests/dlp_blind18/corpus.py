"""The eighteenth DLP corpus (blind): 400 texts (`generate(seed=181_819, count=400)`, ids `b18-0000` ...) that security
operations and incident-response staff paste to an internal assistant, and its answers. See README.md."""

from __future__ import annotations

from tests.dlp_eval.corpus import Sample

from .tpl import REGISTRY
from .values import Values

SEED = 181_819
COUNT = 400


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    return REGISTRY.generate(Values, seed, count)
