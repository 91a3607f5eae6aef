"""Text assembly with exact spans, shared by the template-written corpora (tests/dlp_blind3,
tests/dlp_blind4, tests/dlp_blind5): templates write literal text with ⟨slot⟩ holes; a slot filled with a `Val`
becomes a label and one filled with a `Neg` a hard negative, at the offsets it lands on. Each
corpus keeps its own values and its own `Registry`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.dlp_eval.corpus import Decoy, Label, N, Sample, V

SLOT = re.compile(r"⟨(\w+)⟩")


# A labelled value (`family` CREDENTIAL, PERSON or a PII family; `secret` the part that must not
# survive in the stored text, the whole value by default) and a hard negative that looks like
# `mimics`: the first corpus's slot types, under the names these templates use.
Val = V
Neg = N

Piece = str | Val | Neg


@dataclass
class Doc:
    text: str = ""
    labels: list[tuple[int, int, Val]] = field(default_factory=list)
    decoys: list[tuple[int, int, Neg]] = field(default_factory=list)

    def add(self, *pieces: Piece) -> Doc:
        for piece in pieces:
            start = len(self.text)
            if isinstance(piece, str):
                self.text += piece
                continue
            self.text += piece.text
            if isinstance(piece, Neg):
                self.decoys.append((start, len(self.text), piece))
            else:
                self.labels.append((start, len(self.text), piece))
        return self

    def fill(self, template: str, **slots: Piece) -> Doc:
        """Append `template` with each ⟨name⟩ replaced by `slots[name]`."""
        pos = 0
        for m in SLOT.finditer(template):
            self.add(template[pos:m.start()], slots[m.group(1)])
            pos = m.end()
        return self.add(template[pos:])


@dataclass(frozen=True)
class Template:
    genre: str
    make: Callable[[Any, Doc], None]  # (the corpus's values, the document to write)
    completion: bool
    weight: int


class Registry:
    """One corpus's templates, and the texts drawn from them."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.templates: list[Template] = []

    def template(self, genre: str, completion: bool = False, weight: int = 1):  # noqa: ANN201 - a decorator
        """Register a text template: `make(values, doc)` writes one text into `doc`."""

        def register(make: Callable[[Any, Doc], None]) -> Callable[[Any, Doc], None]:
            self.templates.append(Template(genre, make, completion, weight))
            return make

        return register

    def generate(self, values: Callable[[random.Random], Any], seed: int, count: int) -> list[Sample]:
        """`count` texts from the templates `draw` picks, in shuffled order."""
        rng = random.Random(seed)
        made = values(rng)
        order = self.draw(rng, count)
        rng.shuffle(order)
        return [write(self.prefix, i, tpl, made) for i, tpl in enumerate(order)]

    def draw(self, rng: random.Random, count: int) -> list[Template]:
        """The `count` templates to write: every template once, the rest drawn by weight."""
        order = list(self.templates)
        weighted = [t for t in self.templates for _ in range(t.weight)]
        return order + [rng.choice(weighted) for _ in range(count - len(order))]


def write(prefix: str, index: int, tpl: Template, values: Any) -> Sample:
    """The sample `tpl` writes with the corpus's values, numbered `index` (`b20-0042-chat_slack`)."""
    doc = Doc()
    tpl.make(values, doc)
    labels = [Label(s, e, val.family, val.kind, val.secret or val.text) for s, e, val in doc.labels]
    decoys = [Decoy(s, e, neg.kind, neg.mimics) for s, e, neg in doc.decoys]
    return Sample(f"{prefix}-{index:04d}-{tpl.genre}", tpl.genre, doc.text, labels, decoys, tpl.completion)
