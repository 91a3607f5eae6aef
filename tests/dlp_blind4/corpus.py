"""The fourth DLP corpus (blind): threads, tickets, infrastructure and pipeline files, code, HTTP
clients, dumps and notebooks, multilingual prompts and echoing answers, with exact labelled spans
and hard negatives, generated deterministically from a seed.

    generate(seed) -> list[Sample]     # the format bench/dlp_eval.py scores
"""

from __future__ import annotations

import random

from tests.dlp_blind4 import tpl_code, tpl_devops, tpl_threads  # noqa: F401 - they register the templates
from tests.dlp_blind4.build import TEMPLATES, Doc
from tests.dlp_blind4.values import Values
from tests.dlp_eval.corpus import Decoy, Label, Sample

SEED = 40_404
COUNT = 600


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    """`count` texts; templates are drawn by weight, every template at least once."""
    rng = random.Random(seed)
    values = Values(rng)
    order = list(TEMPLATES)
    weighted = [t for t in TEMPLATES for _ in range(t.weight)]
    order += [rng.choice(weighted) for _ in range(count - len(order))]
    rng.shuffle(order)
    samples = []
    for i, tpl in enumerate(order):
        doc = Doc()
        tpl.make(values, doc)
        labels = [Label(s, e, val.family, val.kind, val.secret or val.text) for s, e, val in doc.labels]
        decoys = [Decoy(s, e, neg.kind, neg.mimics) for s, e, neg in doc.decoys]
        samples.append(Sample(f"b4-{i:04d}-{tpl.genre}", tpl.genre, doc.text, labels, decoys, tpl.completion))
    return samples
