"""The dimensions a finance report groups or filters by, and where each lives in a chargeback row.

`tags.<key>` reads one key of the document's `tags` object: the whole object is fetched (the
key is user input and never enters a query) and the key is looked up here.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from aoai_logpipe.reports.finance_config import TAG
from aoai_logpipe.reports.reader import Row

#: --by name -> chargeback document field (`day` is derived from `time`).
DIMENSIONS: dict[str, str] = {
    "cost_center": "cost_center",
    "business_unit": "business_unit",
    "subscription": "subscription_id",
    "app": "app_id",
    "user": "user_id",
    "deployment": "deployment",
    "model": "model",
    "operation": "operation",
    "dialect": "dialect",
    "attribution": "attribution",
    "day": "time",
    "period": "period",
    "currency": "cost.currency",
}
#: shown for a missing value; an unallocated cost center or business unit is UNALLOCATED instead
NONE_LABEL = "(none)"
UNALLOCATED = "(unallocated)"


class DimensionError(ValueError):
    pass


def is_dimension(name: str) -> bool:
    return name in DIMENSIONS or bool(TAG.match(name))


def parse(text: str | Sequence[str], option: str = "--by") -> tuple[str, ...]:
    names = [n.strip() for n in (text.split(",") if isinstance(text, str) else text) if n.strip()]
    unknown = [n for n in names if not is_dimension(n)]
    if unknown or not names:
        raise DimensionError(f"{option} takes a comma-separated list of: {', '.join(DIMENSIONS)}, tags.<key>"
                             + (f" (unknown: {', '.join(unknown)})" if unknown else ""))
    if len(set(names)) != len(names):
        raise DimensionError(f"{option} names a dimension twice")
    return tuple(names)


def field(name: str) -> str:
    return "tags" if name.startswith("tags.") else DIMENSIONS[name]


def fields(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        if field(name) not in out:
            out.append(field(name))
    return out


def value(row: Row, name: str) -> Any:
    """The row's value of a dimension (None when absent)."""
    if name.startswith("tags."):
        tags = row.get("tags")
        found = tags.get(name[5:]) if isinstance(tags, dict) else None
        return None if found in (None, "") else str(found)
    found = row.get(DIMENSIONS[name])
    if name == "day":
        return found[:10] if isinstance(found, str) else None
    if name == "currency" and found is None:
        cost = row.get("cost")
        return cost.get("currency") if isinstance(cost, dict) else None
    return None if found == "" else found
