"""The fifth DLP corpus (blind): tabular exports (CSV/TSV, spreadsheets, markdown tables, SQL dumps and
query results, JSON API payloads), terminal sessions and cloud CLI output, git diffs, XML and dot-file
configuration, CI variable dumps, broker and database URLs, HTTP transcripts, tracebacks with locals,
forms, dictated numbers in call notes and meetings, multilingual mail with signatures, and answers that
echo values back; exact labelled spans and hard negatives, generated deterministically from a seed.

    generate(seed) -> list[Sample]     # the format bench/dlp_eval.py scores
"""

from __future__ import annotations

from tests.dlp_blind5 import tpl_ops, tpl_people, tpl_tables  # noqa: F401 - they register the templates
from tests.dlp_blind5.build import REGISTRY
from tests.dlp_blind5.values import Values
from tests.dlp_eval.corpus import Sample

SEED = 50_505
COUNT = 640


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    """`count` texts; templates are drawn by weight, every template at least once."""
    return REGISTRY.generate(Values, seed, count)
