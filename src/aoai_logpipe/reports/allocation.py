"""Allocation at report time: who pays for a request whose document names no cost center.

Rules are versioned (finance.allocation): each request is allocated by the version in force
on its UTC day, so a rule change never rewrites a month already reported. For each allocated
dimension (cost center, business unit) the value stored in the document wins; then the
version's mappings in the order written (app -> cost center, subscription -> business unit,
...); then its default; else the request is `(unallocated)`, a group every report shows.

`attribution` is re-derived from the row as well (core.documents.attribution), so documents
written before the field told the truth for every dialect are reported truthfully too.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Sequence

from aoai_logpipe.core.documents import IDENTITY_FIELDS, attribution
from aoai_logpipe.reports import dimensions
from aoai_logpipe.reports.dimensions import UNALLOCATED
from aoai_logpipe.reports.finance_config import ALLOCATED, AllocationVersion
from aoai_logpipe.reports.reader import Row

#: how a row got its cost center: stored | rule | default | unallocated
METHODS = ("stored", "rule", "default", "unallocated")
BASE_FIELDS = ("time", "attribution", *IDENTITY_FIELDS, "cost_center", "business_unit")


@dataclass
class Allocator:
    versions: Sequence[AllocationVersion] = ()

    def __post_init__(self) -> None:
        ordered = sorted(self.versions, key=lambda v: (v.effective_from is not None, v.effective_from or ""))
        self._ordered = ordered
        self._starts = [v.effective_from.isoformat() if v.effective_from else "" for v in ordered]

    def fields(self) -> list[str]:
        needed = list(BASE_FIELDS)
        for version in self._ordered:
            for rules in (version.cost_center, version.business_unit):
                needed.extend(dimensions.field(source) for source in rules if source != "default")
        return list(dict.fromkeys(needed))

    def version_at(self, time: Any) -> AllocationVersion | None:
        """The version in force at an RFC 3339 time (a request without a time: the latest)."""
        if not self._ordered:
            return None
        if not isinstance(time, str) or not time:
            return self._ordered[-1]
        index = bisect_right(self._starts, time[:10]) - 1
        return self._ordered[index] if index >= 0 else None

    def apply(self, row: Row) -> Row:
        """A copy of the row with truthful attribution and allocated cost center and business unit."""
        out = dict(row)
        out["attribution"] = attribution(row.get("attribution") == "missing", row.get("cost_center"),
                                         (row.get(name) for name in IDENTITY_FIELDS))
        version = self.version_at(row.get("time"))
        applied = False
        for target in ALLOCATED:  # cost center first: a business-unit rule may read the allocated one
            value, method = _allocate(out, target, version)
            out[target] = value
            applied = applied or method in ("rule", "default")
            if target == "cost_center":
                out["allocation"] = method
        out["allocation_version"] = version.version if applied and version is not None else None
        return out

    def apply_all(self, rows: Iterable[Row]) -> list[Row]:
        return [self.apply(row) for row in rows]


def _allocate(row: Row, target: str, version: AllocationVersion | None) -> tuple[str, str]:
    stored = row.get(target)
    if stored not in (None, ""):
        return str(stored), "stored"
    rules = getattr(version, target) if version is not None else {}
    for source, mapping in rules.items():
        if source == "default" or not isinstance(mapping, dict):
            continue
        key = dimensions.value(row, source)
        if key is not None and str(key) in mapping:
            return mapping[str(key)], "rule"
    default = rules.get("default")
    if isinstance(default, str) and default:
        return default, "default"
    return UNALLOCATED, "unallocated"


def share_over(unallocated: Decimal, total: Decimal, threshold: float) -> bool:
    return bool(total) and unallocated / total > Decimal(str(threshold))
