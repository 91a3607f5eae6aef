"""The ninth DLP corpus (blind): sparse enterprise prompts and completions with the textures the earlier
corpora covered less: shell sessions and history, PowerShell, HTTP dumps, .env/compose/Terraform/Bicep/
Helm/CI files, Jupyter cells, SQL, CSV and JSON, logs, chat and e-mail in many cultures, passwords said
in prose in several languages, and secrets in bare form (0-3 values per text, hard negatives throughout).

    generate(seed) -> list[Sample]     # the format bench/dlp_eval.py scores
"""

from __future__ import annotations

from tests.dlp_blind9 import tpl_answers, tpl_more, tpl_prompts, tpl_talk  # noqa: F401 - they register the templates
from tests.dlp_blind9.build import REGISTRY
from tests.dlp_blind9.values import Values
from tests.dlp_eval.corpus import Sample

SEED = 90_913
COUNT = 600


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    """`count` texts; templates are drawn by weight, every template at least once."""
    return REGISTRY.generate(Values, seed, count)
