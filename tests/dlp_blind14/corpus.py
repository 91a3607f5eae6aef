"""The fourteenth DLP corpus (blind): what employees send to an internal AI assistant at a large company and what
it answers, in seven kinds of request in about equal shares (summarise a thread or transcript, draft a reply to a
customer, fix a script or config, explain a log or stack trace, turn an export into a table / JSON / SQL,
translate from eight languages, incident and ops chat); about 1.5-2 labelled values per text that has any,
every credential kind the harness scores, every PII family and person names, and about one text in four a
hard-negative text with no labelled value.

    generate(seed) -> list[Sample]     # the format bench/dlp_eval.py scores
"""

from __future__ import annotations

from tests.dlp_blind14.tpl import REGISTRY
from tests.dlp_blind14.values import Values
from tests.dlp_eval.corpus import Sample

SEED = 141_419
COUNT = 420


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    """`count` texts; templates are drawn by weight, every template at least once."""
    return REGISTRY.generate(Values, seed, count)
