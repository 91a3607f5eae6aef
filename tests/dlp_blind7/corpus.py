"""The seventh DLP corpus (blind): realistic enterprise prompts and completions of six kinds (support
tickets, code, configuration files, logs, e-mails, chat), each in many sub-genres and phrasings, with
exact labelled spans and hard negatives, generated deterministically from a seed.

    generate(seed) -> list[Sample]     # the format bench/dlp_eval.py scores
"""

from __future__ import annotations

from tests.dlp_blind7 import tpl_chat, tpl_code, tpl_config, tpl_logs, tpl_mail, tpl_tickets  # noqa: F401 - they register the templates
from tests.dlp_blind7.build import REGISTRY
from tests.dlp_blind7.values import Values
from tests.dlp_eval.corpus import Sample

SEED = 70_717
COUNT = 620


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    """`count` texts; templates are drawn by weight, every template at least once."""
    return REGISTRY.generate(Values, seed, count)
