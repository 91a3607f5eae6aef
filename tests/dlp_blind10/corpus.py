"""The tenth DLP corpus (blind): sparse enterprise prompts and completions in the textures the earlier
corpora used less: prompts in other or mixed languages and translation requests; OCR'd and copy-pasted
paperwork (invoices, bank letters, payslips, claims, intake, KYC, HR, rental and travel documents,
markdown tables of customers); git diffs and code review, test fixtures, Postman/Insomnia exports, curl
conversions, Dockerfiles, Kubernetes, Ansible, appsettings.json, Java properties, Go/Rust/C#, error
messages quoting config; answers that echo, reformat or mask values; people's names in many positions
and cultures beside words that only look like names.

    generate(seed) -> list[Sample]     # the format bench/dlp_eval.py scores
"""

from __future__ import annotations

from tests.dlp_blind10 import tpl_answers, tpl_dev, tpl_docs, tpl_lang, tpl_more, tpl_people  # noqa: F401 - they register the templates
from tests.dlp_blind10.build import REGISTRY
from tests.dlp_blind10.values import Values
from tests.dlp_eval.corpus import Sample

SEED = 101_017
COUNT = 600


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    """`count` texts; templates are drawn by weight, every template at least once."""
    return REGISTRY.generate(Values, seed, count)
