"""`--where dim=value` filters: one team, one app, one tag value.

Filters apply to the rows after allocation (so `--where cost_center=CC-3003` includes requests a
rule allocated to CC-3003, and `--where cost_center=(unallocated)` the rest). Several `--where`
options combine with AND; one option with `a|b` matches either value. `(none)` matches a
missing value. Filtering happens in Python on both stores, identically; the store query still
selects by period or time range (see docs/reports.md for the cost).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from aoai_logpipe.reports import dimensions
from aoai_logpipe.reports.dimensions import NONE_LABEL
from aoai_logpipe.reports.reader import Row


@dataclass(frozen=True)
class Where:
    dimension: str
    values: frozenset[str]

    def matches(self, row: Row) -> bool:
        value = dimensions.value(row, self.dimension)
        return (NONE_LABEL if value is None else str(value)) in self.values

    def describe(self) -> str:
        return f"{self.dimension}={'|'.join(sorted(self.values))}"


def parse(items: Sequence[str] | None) -> tuple[Where, ...]:
    out = []
    for item in items or ():
        name, sep, values = item.partition("=")
        name = name.strip()
        if not sep or not values.strip():
            raise dimensions.DimensionError(f"--where takes dimension=value (e.g. cost_center=CC-3003), not {item!r}")
        if not dimensions.is_dimension(name):
            raise dimensions.DimensionError(f"--where: {name!r} is not a dimension "
                                            f"({', '.join(dimensions.DIMENSIONS)}, tags.<key>)")
        out.append(Where(name, frozenset(v.strip() for v in values.split("|") if v.strip())))
    return tuple(out)


def apply(rows: Iterable[Row], wheres: Sequence[Where]) -> list[Row]:
    return [row for row in rows if all(w.matches(row) for w in wheres)]


def fields(wheres: Sequence[Where]) -> list[str]:
    return dimensions.fields(w.dimension for w in wheres)
