"""The thirteenth DLP corpus (blind): realistic enterprise prompts to an assistant and its answers, in six kinds
in about equal shares (support tickets, code, configuration files, logs, e-mails, chat) and many formats (JSON,
CSV, XML, YAML, .env / INI / HCL, dot-files, shell history and CLI output, stack traces, access and app logs,
mail threads, Teams and Slack exports, Jira and ServiceNow tickets); mostly English with some Italian,
Portuguese, Dutch, Polish and Japanese; about 1.75 labelled values per text, every credential kind the harness
scores, every PII family and person names, and about one text in four a hard-negative text.

    generate(seed) -> list[Sample]     # the format bench/dlp_eval.py scores
"""

from __future__ import annotations

from tests.dlp_blind13.tpl import REGISTRY
from tests.dlp_blind13.values import Values
from tests.dlp_eval.corpus import Sample

SEED = 131_311
COUNT = 450


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    """`count` texts; templates are drawn by weight, every template at least once."""
    return REGISTRY.generate(Values, seed, count)
