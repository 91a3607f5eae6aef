"""Text assembly with exact spans: templates write literal text with ⟨slot⟩ holes; a slot filled
with a `Val` becomes a label and one filled with a `Neg` a hard negative at the offsets it lands on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.dlp_blind4.values import Neg, Val, Values

SLOT = re.compile(r"⟨(\w+)⟩")
Piece = str | Val | Neg


@dataclass
class Doc:
    text: str = ""
    labels: list[tuple[int, int, Val]] = field(default_factory=list)
    decoys: list[tuple[int, int, Neg]] = field(default_factory=list)

    def add(self, *pieces: Piece) -> Doc:
        for piece in pieces:
            start = len(self.text)
            if isinstance(piece, Val):
                self.text += piece.text
                self.labels.append((start, len(self.text), piece))
            elif isinstance(piece, Neg):
                self.text += piece.text
                self.decoys.append((start, len(self.text), piece))
            else:
                self.text += piece
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
    make: Callable[[Values, Doc], None]
    completion: bool
    weight: int


TEMPLATES: list[Template] = []


def template(genre: str, completion: bool = False, weight: int = 1):  # noqa: ANN201 - a decorator
    """Register a text template: `make(values, doc)` writes one text into `doc`."""

    def register(make: Callable[[Values, Doc], None]) -> Callable[[Values, Doc], None]:
        TEMPLATES.append(Template(genre, make, completion, weight))
        return make

    return register
