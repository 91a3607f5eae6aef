"""The twenty-first corpus's registry: the shared template registry, drawn so that every kind of text has the
same number of texts and the same share of hard-negative texts (the shared registry draws by weight alone)."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from tests.dlp_eval.corpus import Decoy, Label, Sample
from tests.dlp_eval.templates import Doc, Registry, Template

NEGATIVE_SHARE = 0.23


def kind_of(genre: str) -> str:
    """The kind of text a genre is (`answer_` genres are the assistant's answers of that kind)."""
    return genre.removeprefix("answer_").split("_")[0]


def is_negative(genre: str) -> bool:
    return "_neg_" in genre


class BalancedRegistry(Registry):
    def generate(self, values: Callable[[random.Random], Any], seed: int, count: int) -> list[Sample]:
        """`count` texts: every template once, then each kind filled to an equal share, about NEGATIVE_SHARE of it
        from its hard-negative templates, drawn by weight."""
        rng = random.Random(seed)
        made = values(rng)
        kinds = sorted({kind_of(t.genre) for t in self.templates})
        order: list[Template] = []
        for i, kind in enumerate(kinds):
            size = count // len(kinds) + (1 if i < count % len(kinds) else 0)
            mine = [t for t in self.templates if kind_of(t.genre) == kind]
            neg = [t for t in mine if is_negative(t.genre)]
            pos = [t for t in mine if not is_negative(t.genre)]
            n_neg = round(size * NEGATIVE_SHARE)
            picked = list(mine)
            picked += [rng.choice([t for t in neg for _ in range(t.weight)]) for _ in range(n_neg - len(neg))]
            picked += [rng.choice([t for t in pos for _ in range(t.weight)]) for _ in range(size - n_neg - len(pos))]
            order += picked
        rng.shuffle(order)
        samples = []
        for i, tpl in enumerate(order):
            doc = Doc()
            tpl.make(made, doc)
            labels = [Label(s, e, val.family, val.kind, val.secret or val.text) for s, e, val in doc.labels]
            decoys = [Decoy(s, e, neg.kind, neg.mimics) for s, e, neg in doc.decoys]
            samples.append(Sample(f"{self.prefix}-{i:04d}-{tpl.genre}", tpl.genre, doc.text, labels, decoys,
                                  tpl.completion))
        return samples
