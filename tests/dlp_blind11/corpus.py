"""The eleventh DLP corpus (blind): what an enterprise's Azure OpenAI gateway sees, written the way
employees write: meeting notes, HR cases, reviews, complaints, CRM and recruiting notes, post-mortems,
invites, mail threads, chat, call transcripts, letters, expenses, org charts, code review and git
output, IT tickets, code and config pastes, and the model's answers; about half the texts name people,
with sparse structured PII and credentials and hard negatives throughout.

    generate(seed) -> list[Sample]     # the format bench/dlp_eval.py scores
"""

from __future__ import annotations

from tests.dlp_blind11 import tpl_people, tpl_work  # noqa: F401 - they register the templates
from tests.dlp_blind11.build import REGISTRY
from tests.dlp_blind11.values import Values
from tests.dlp_eval.corpus import Sample

SEED = 111_211
COUNT = 500


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    """`count` texts; templates are drawn by weight, every template at least once."""
    return REGISTRY.generate(Values, seed, count)
