"""The twenty-first corpus's registry: the shared template registry, drawn so that every kind of text has the
same number of texts and the same share of hard-negative texts (the shared registry draws by weight alone)."""

from __future__ import annotations

import random

from tests.dlp_eval.templates import Registry, Template

NEGATIVE_SHARE = 0.23


def kind_of(genre: str) -> str:
    """The kind of text a genre is (`answer_` genres are the assistant's answers of that kind)."""
    return genre.removeprefix("answer_").split("_")[0]


def is_negative(genre: str) -> bool:
    return "_neg_" in genre


class BalancedRegistry(Registry):
    def draw(self, rng: random.Random, count: int) -> list[Template]:
        """`count` templates: every template once, then each kind filled to an equal share, about NEGATIVE_SHARE of it
        from its hard-negative templates, drawn by weight."""
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
        return order
