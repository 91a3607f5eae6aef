"""This corpus's template registry and text assembly: a template writes its parts into a Doc, which
records the exact span of every labelled value (V) and hard negative (N) it places (through
tests/dlp_eval/corpus.py's SpanText)."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from tests.dlp_eval.corpus import N, Sample, SpanText, V

Part = V | N | str


class Doc(SpanText):
    def w(self, *parts: Part) -> Doc:
        for item in parts:
            self.put(item)
        return self


@dataclass(frozen=True)
class Template:
    genre: str
    weight: float
    write: Callable[..., None]


class Registry:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.templates: list[Template] = []

    def template(self, genre: str, weight: float = 1.0) -> Callable[[Callable[..., None]], Callable[..., None]]:
        def register(fn: Callable[..., None]) -> Callable[..., None]:
            self.templates.append(Template(genre, weight, fn))
            return fn

        return register

    def generate(self, values_cls: type, seed: int, count: int) -> list[Sample]:
        """`count` texts; each template's share in proportion to its weight (at least one each), in a seeded order."""
        master = random.Random(f"{self.prefix}:{seed}")
        total = sum(t.weight for t in self.templates)
        exact = [t.weight * count / total for t in self.templates]
        quota = [max(1, int(e)) for e in exact]
        by_remainder = sorted(range(len(exact)), key=lambda i: (quota[i] - exact[i], i))
        for i in by_remainder[:max(0, count - sum(quota))]:
            quota[i] += 1
        order = [t for t, q in zip(self.templates, quota) for _ in range(q)][:count]
        master.shuffle(order)
        used: Counter[str] = Counter()
        samples = []
        for i, tpl in enumerate(order):
            rng = random.Random(f"{self.prefix}:{seed}:{i}")
            d = Doc()
            tpl.write(d, values_cls(rng, used))
            samples.append(Sample(f"{self.prefix}-{i:04d}", tpl.genre, d.text, d.labels, d.decoys,
                                  completion=tpl.genre.startswith("answer_")))
        return samples


REGISTRY = Registry("b9")
template = REGISTRY.template

__all__ = ["Doc", "REGISTRY", "template"]
