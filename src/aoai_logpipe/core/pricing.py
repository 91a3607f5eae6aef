"""Versioned price tables and exact per-request cost.

Prices are per 1M tokens and kept as Decimal; cost = uncached prompt x input +
cached x cached_input + completion x output (reasoning tokens are part of completion).
Products of decimal prices and integer counts are exact, so amounts sum to the total to
the last digit. An unknown model is flagged as unpriced, never priced at zero silently.

Prices change over time: a `PriceBook` holds versions, each in force from its
`effective_from` (UTC) until the next one, and prices a request with the version in force at
the request's time; the cost's `price_id` names that version. A table without `versions` is
one version in force at every time (its documents and price ids are what they always were).
A request before the first version's `effective_from` is unpriced (`no_price_in_force`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from aoai_logpipe.core.types import Usage

_MILLION = Decimal(1_000_000)
_DATE_SUFFIX = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{4})$")


@dataclass(frozen=True, slots=True)
class Rate:
    input: Decimal
    cached_input: Decimal
    output: Decimal


@dataclass(slots=True)
class Cost:
    currency: str
    input: Decimal | None
    cached_input: Decimal | None
    output: Decimal | None
    total: Decimal | None
    price_id: str | None
    priced: bool
    reason: str | None = None

    def as_document(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "input": _fmt(self.input),
            "cached_input": _fmt(self.cached_input),
            "output": _fmt(self.output),
            "total": _fmt(self.total),
            "price_id": self.price_id,
            "priced": self.priced,
            "reason": self.reason,
        }


def _fmt(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


class PriceError(ValueError):
    """The price table is unusable; the message names the field and what it should hold."""


class PriceTable:
    def __init__(self, data: Mapping[str, Any], source: str = "the price table") -> None:
        def fail(where: str, problem: str) -> PriceError:
            return PriceError(f"{source}: {where}: {problem}")

        if not isinstance(data, Mapping):
            raise fail("top level", f"must be a JSON object, not {type(data).__name__}")
        if not isinstance(data.get("price_id"), (str, int)) or isinstance(data.get("price_id"), bool):
            raise fail("price_id", 'missing: add a version label for these rates, e.g. "price_id": "contoso-2026-10"')
        self.price_id = str(data["price_id"])
        self.currency = str(data.get("currency", "USD"))
        models = data.get("models", {})
        if not isinstance(models, Mapping):
            raise fail("models", "must be an object of model name -> {input, cached_input, output}")
        self.models = {str(k).lower(): _rate(v, f"models.{k}", fail) for k, v in models.items()}
        deployments = data.get("deployments", {})
        if not isinstance(deployments, Mapping):
            raise fail("deployments", 'must be an object of deployment name -> a rate, or {"model": "<model>"}')
        self.deployments: dict[str, Rate | str] = {}
        for name, spec in deployments.items():
            if isinstance(spec, Mapping) and "model" in spec and "input" not in spec:
                self.deployments[str(name).lower()] = str(spec["model"]).lower()
            else:
                self.deployments[str(name).lower()] = _rate(spec, f"deployments.{name}", fail)

    def rate_for(self, model: str | None, deployment: str | None) -> Rate | None:
        """Deployment override first, then the billable model, then the model without its date."""
        override = self.deployments.get((deployment or "").lower())
        if isinstance(override, Rate):
            return override
        if isinstance(override, str) and model is None:
            model = override
        name = (model or "").lower()
        while name:
            if name in self.models:
                return self.models[name]
            stripped = _DATE_SUFFIX.sub("", name)
            if stripped == name:
                return None
            name = stripped
        return None

    def unpriced(self, reason: str) -> Cost:
        """No amount, and why (`no_usage`, `unpriced_model`, `implausible_usage`)."""
        return Cost(self.currency, None, None, None, None, self.price_id, False, reason)

    def cost(self, usage: Usage | None, model: str | None, deployment: str | None) -> Cost:
        if usage is None:
            return self.unpriced("no_usage")
        rate = self.rate_for(model, deployment)
        if rate is None:
            return self.unpriced("unpriced_model")
        cached = min(usage.cached_tokens, usage.prompt_tokens)
        input_cost = Decimal(usage.prompt_tokens - cached) * rate.input / _MILLION
        cached_cost = Decimal(cached) * rate.cached_input / _MILLION
        output_cost = Decimal(usage.completion_tokens) * rate.output / _MILLION
        return Cost(self.currency, input_cost, cached_cost, output_cost, input_cost + cached_cost + output_cost,
                    self.price_id, True)


class PriceBook:
    """Price table versions by effective time; `cost(..., when)` uses the version in force then."""

    def __init__(self, data: Mapping[str, Any], source: str = "the price table") -> None:
        def fail(where: str, problem: str) -> PriceError:
            return PriceError(f"{source}: {where}: {problem}")

        if not isinstance(data, Mapping):
            raise fail("top level", f"must be a JSON object, not {type(data).__name__}")
        versions = data.get("versions")
        if versions is None:
            self.versions: list[tuple[datetime | None, PriceTable]] = [(None, PriceTable(data, source))]
            self._starts = [datetime.min.replace(tzinfo=timezone.utc)]
            return
        if not isinstance(versions, list) or not versions:
            raise fail("versions", 'must be a list of price tables, each with "price_id" and "effective_from"')
        defaults = {k: data[k] for k in ("currency", "deployments") if k in data}
        dated = []
        for i, version in enumerate(versions):
            if not isinstance(version, Mapping):
                raise fail(f"versions[{i}]", "must be an object (price_id, effective_from, models, deployments)")
            table = PriceTable({**defaults, **version}, f"{source}: versions[{i}]")
            dated.append((_effective(version.get("effective_from"), f"versions[{i}].effective_from", fail), table))
        dated.sort(key=lambda pair: (pair[0] is not None, pair[0] or datetime.min.replace(tzinfo=timezone.utc)))
        if any(start is None for start, _ in dated[1:]):
            raise fail("versions", "only the earliest version may omit effective_from (in force since always)")
        starts = [start for start, _ in dated]
        if len(set(starts)) != len(starts):
            raise fail("versions", "two versions take effect at the same time")
        ids = [table.price_id for _, table in dated]
        if len(set(ids)) != len(ids):
            raise fail("versions", "every version needs its own price_id (the id documents record)")
        self.versions = dated
        self._starts = [start or datetime.min.replace(tzinfo=timezone.utc) for start, _ in dated]

    @property
    def latest(self) -> PriceTable:
        return self.versions[-1][1]

    def at(self, when: datetime | None) -> PriceTable | None:
        """The version in force at `when` (UTC); the latest for an unknown time; None before the first."""
        if when is None:
            return self.latest
        moment = when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)
        index = bisect_right(self._starts, moment) - 1
        return self.versions[index][1] if index >= 0 else None

    def rate_for(self, model: str | None, deployment: str | None, when: datetime | None = None) -> Rate | None:
        table = self.at(when)
        return table.rate_for(model, deployment) if table is not None else None

    def unpriced(self, reason: str, when: datetime | None = None) -> Cost:
        table = self.at(when)
        if table is None:
            first = self.versions[0][1]
            return Cost(first.currency, None, None, None, None, None, False, "no_price_in_force")
        return table.unpriced(reason)

    def cost(self, usage: Usage | None, model: str | None, deployment: str | None,
             when: datetime | None = None) -> Cost:
        table = self.at(when)
        if table is None:
            return self.unpriced("no_price_in_force", when)
        return table.cost(usage, model, deployment)


def _effective(value: Any, where: str, fail: Any) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise fail(where, f"{str(value)[:40]!r} is not a date (2026-11-01) or an ISO date-time") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _rate(spec: Any, where: str, fail: Any) -> Rate:
    if not isinstance(spec, Mapping):
        raise fail(where, 'must be an object such as {"input": "2.50", "cached_input": "1.25", "output": "10.00"}')

    def price(name: str, default: Decimal | None = None) -> Decimal:
        value = spec.get(name)
        if value is None:
            if default is not None:
                return default
            raise fail(f"{where}.{name}", "missing: the price per 1M tokens, as a number or a decimal string")
        try:
            amount = Decimal(str(value)) if not isinstance(value, bool) else None
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount < 0:
            raise fail(f"{where}.{name}", f"{str(value)[:40]!r} is not a price (a non-negative number per 1M tokens)")
        return amount

    price_in = price("input")
    return Rate(price_in, price("cached_input", price_in), price("output"))
