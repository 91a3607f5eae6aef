"""Plain-text helpers shared by the reports: aligned tables, exact amounts, percentages."""

from __future__ import annotations

from decimal import Decimal
from typing import Sequence

NONE_LABEL = "(none)"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool],
          footer: Sequence[Sequence[str]] = ()) -> str:
    """An aligned text table: numbers right-aligned, text left-aligned; footer rows after a rule."""
    everything = [list(headers), *map(list, rows), *map(list, footer)]
    widths = [max(len(r[i]) for r in everything) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        out = [c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, numeric)]
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    lines = [line(headers), rule, *(line(r) for r in rows)]
    if footer:
        lines.append(rule)
        lines.extend(line(r) for r in footer)
    return "\n".join(lines)


def places(values: Sequence[Decimal]) -> int:
    """Decimal places needed to show every value exactly."""
    most = 0
    for value in values:
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            most = max(most, -exponent)
    return most


def amount(value: Decimal, digits: int) -> str:
    return format(value, f",.{digits}f")


def plain(value: Decimal) -> str:
    """An exact decimal string without exponent or trailing zeros (CSV/JSON)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def percent(value: float | Decimal | None, digits: int = 1, signed: bool = False) -> str:
    if value is None:
        return "-"
    return format(float(value) * 100, f"{'+' if signed else ''}.{digits}f") + "%"


def label(value: object) -> str:
    return NONE_LABEL if value is None or value == "" else str(value)
