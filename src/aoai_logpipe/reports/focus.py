"""FOCUS 1.x cost and usage rows (`export chargeback --format focus`), which the FinOps toolkit's
Power BI reports and most FinOps tools read as they are.

One row per token kind (SKU: uncached input, cached input, output) and either per day (the
default: same day, deployment, model, price version, caller and tags) or per request. Column
names, types and allowed values follow the FOCUS specification (checked against its column
definitions, FOCUS_Spec/specification/columns/*.md):

- costs are Decimal (exact decimal strings here); BilledCost = EffectiveCost = ListCost =
  ContractedCost, because the price table holds the rates of *your* agreement;
- PricingUnit is "1M Tokens", PricingQuantity = tokens / 1,000,000, so PricingQuantity x
  ListUnitPrice = ListCost exactly; ConsumedQuantity counts tokens (ConsumedUnit "Tokens");
- date/times are ISO 8601 UTC `YYYY-MM-DDTHH:mm:ssZ`; charge periods are the UTC day (or, per
  request, the UTC hour), billing periods the calendar month; end bounds are exclusive;
- ChargeCategory "Usage", ChargeFrequency "Usage-Based", PricingCategory "Standard",
  ServiceCategory "AI and Machine Learning", ServiceName "Azure OpenAI", ChargeClass
  "Correction" only for adjustments of a closed period (null otherwise);
- SubAccountId is the caller's (APIM) subscription, ResourceId/ResourceName the deployment;
- Tags (JSON, key-value) holds the gateway's own tags unchanged and the caller fields under the
  provider prefix `aoai-logpipe/` (cost center, business unit, app, user, allocation ...);
- x_-prefixed columns (the spec's custom-column convention) carry request counts, price ids,
  and whether the usage was estimated.

Unpriced requests have no cost, and FOCUS costs may not be null: they are left out (the command
says how many); `chargeback` shows their tokens.
"""

from __future__ import annotations

import csv
import json
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Context, Decimal, Inexact, InvalidOperation, localcontext
from typing import Any, Iterable, TextIO

from aoai_logpipe.reports.exports import cell
from aoai_logpipe.reports.reader import Row
from aoai_logpipe.reports.text import plain

EXACT = Context(prec=200, traps=[Inexact, InvalidOperation])
MILLION = Decimal(1_000_000)
PREFIX = "aoai-logpipe/"
#: token kind -> (usage counts, cost field, SKU suffix, description)
KINDS = (("input", "cost_input", "input", "input tokens (uncached)"),
         ("cached_input", "cost_cached_input", "cached-input", "cached input tokens"),
         ("output", "cost_output", "output", "output tokens (incl. reasoning)"))
CALLER_TAGS = ("cost_center", "business_unit", "app_id", "user_id", "subscription_id", "allocation",
               "allocation_version", "attribution", "usage_source")

#: column -> pandas dtype (FOCUS Decimal -> Float64, DateTime -> datetime, String/JSON -> string)
DTYPES: dict[str, str] = {
    "BilledCost": "Float64", "EffectiveCost": "Float64", "ListCost": "Float64", "ContractedCost": "Float64",
    "BillingCurrency": "string", "BillingAccountId": "string", "BillingAccountName": "string",
    "BillingPeriodStart": "datetime", "BillingPeriodEnd": "datetime",
    "ChargePeriodStart": "datetime", "ChargePeriodEnd": "datetime",
    "ChargeCategory": "string", "ChargeClass": "string", "ChargeDescription": "string", "ChargeFrequency": "string",
    "PricingCategory": "string", "ProviderName": "string", "PublisherName": "string", "InvoiceIssuerName": "string",
    "ServiceName": "string", "ServiceCategory": "string", "ResourceId": "string", "ResourceName": "string",
    "ResourceType": "string", "RegionId": "string", "RegionName": "string", "SkuId": "string", "SkuPriceId": "string",
    "ConsumedQuantity": "Float64", "ConsumedUnit": "string", "PricingQuantity": "Float64", "PricingUnit": "string",
    "ListUnitPrice": "Float64", "ContractedUnitPrice": "Float64",
    "SubAccountId": "string", "SubAccountName": "string", "Tags": "string",
    "x_RequestCount": "Int64", "x_RequestId": "string", "x_Model": "string", "x_PriceId": "string",
    "x_UsageEstimated": "boolean", "x_AdjustsPeriod": "string",
}
COLUMNS = tuple(DTYPES)


def _z(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)


def billing_period(period: str) -> tuple[str, str]:
    year, month = map(int, period.split("-"))
    start = datetime(year, month, 1)
    return _z(start), _z(start + timedelta(days=monthrange(year, month)[1]))


@dataclass
class _Line:
    """One FOCUS row being summed: a SKU of one charge period, resource, caller and price."""

    values: dict[str, Any]
    cost: Decimal = Decimal(0)
    tokens: int = 0
    requests: int = 0
    ids: list[str] = field(default_factory=list)


def _kind_tokens(usage: dict[str, Any]) -> dict[str, int]:
    prompt = int(usage.get("prompt_tokens") or 0)
    cached = min(int(usage.get("cached_tokens") or 0), prompt)
    return {"input": prompt - cached, "cached_input": cached, "output": int(usage.get("completion_tokens") or 0)}


def _tags(doc: Row, allocated: Row) -> str:
    tags: dict[str, Any] = {str(k): v for k, v in (doc.get("tags") or {}).items() if v not in (None, "")}
    for name in CALLER_TAGS:
        value = allocated.get(name) if name in ("cost_center", "business_unit", "allocation", "allocation_version",
                                                "attribution") else doc.get(name)
        if value not in (None, ""):
            tags[PREFIX + name] = value
    return json.dumps(tags, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def lines(docs: Iterable[Row], grain: str = "day", billed_in: str | None = None) -> tuple[list[_Line], int]:
    """FOCUS lines of the documents, and how many were unpriced. Adjustment rows (`adjusts`,
    `sign`) are corrections billed in `billed_in` (the exported period)."""
    out: dict[tuple[Any, ...], _Line] = {}
    skipped = 0
    for doc in docs:
        cost = doc.get("cost") or {}
        usage = doc.get("usage") or {}
        if cost.get("priced") is not True or not doc.get("time"):
            skipped += int(doc.get("sign") or 1) > 0
            continue
        allocated = doc.get("allocated") or doc
        sign = int(doc.get("sign") or 1)
        when = _time(doc["time"])
        if grain == "request":
            start = when.replace(minute=0, second=0, microsecond=0)
            end = start + timedelta(hours=1)
        else:
            start = when.replace(hour=0, minute=0, second=0, microsecond=0)
            end = start + timedelta(days=1)
        adjusts = doc.get("adjusts")
        billing = (billed_in if adjusts and billed_in else None) or doc.get("period") or when.strftime("%Y-%m")
        model = doc.get("model") or "(unknown)"
        deployment = doc.get("deployment") or model
        tags = _tags(doc, allocated)
        tokens = _kind_tokens(usage)
        amounts = {"input": cost.get("input"), "cached_input": cost.get("cached_input"), "output": cost.get("output")}
        for kind, _, sku, description in KINDS:
            count, amount = tokens[kind], Decimal(str(amounts[kind] or 0))
            if not count and not amount:
                continue
            key = (doc.get("id") if grain == "request" else None, adjusts, sign, _z(start), billing, deployment,
                   model, kind, cost.get("price_id"), cost.get("currency"), doc.get("subscription_id"), tags,
                   doc.get("usage_source") != "reported")
            line = out.get(key)
            if line is None:
                bp_start, bp_end = billing_period(billing)
                line = out[key] = _Line({
                    "BillingCurrency": cost.get("currency"), "BillingAccountId": "aoai-logpipe",
                    "BillingAccountName": "aoai-logpipe chargeback",
                    "BillingPeriodStart": bp_start, "BillingPeriodEnd": bp_end,
                    "ChargePeriodStart": _z(start), "ChargePeriodEnd": _z(end),
                    "ChargeCategory": "Usage", "ChargeClass": "Correction" if adjusts else None,
                    "ChargeDescription": f"{model} {description} via deployment {deployment}"
                                         + (f" (adjusts closed period {adjusts})" if adjusts else ""),
                    "ChargeFrequency": "Usage-Based", "PricingCategory": "Standard",
                    "ProviderName": "Microsoft", "PublisherName": "Microsoft", "InvoiceIssuerName": "Microsoft",
                    "ServiceName": "Azure OpenAI", "ServiceCategory": "AI and Machine Learning",
                    "ResourceId": f"deployments/{deployment}", "ResourceName": deployment,
                    "ResourceType": "Azure OpenAI deployment", "RegionId": None, "RegionName": None,
                    "SkuId": f"{model}/{sku}", "SkuPriceId": f"{cost.get('price_id')}/{model}/{sku}",
                    "ConsumedUnit": "Tokens", "PricingUnit": "1M Tokens",
                    "SubAccountId": doc.get("subscription_id"), "SubAccountName": doc.get("subscription_name"),
                    "Tags": tags, "x_RequestId": doc.get("request_id") if grain == "request" else None,
                    "x_Model": model, "x_PriceId": cost.get("price_id"),
                    "x_UsageEstimated": doc.get("usage_source") != "reported", "x_AdjustsPeriod": adjusts,
                })
            with localcontext(EXACT):
                line.cost += sign * amount
                line.tokens += sign * count
            line.requests += sign
    return list(out.values()), skipped


def row(line: _Line) -> dict[str, Any]:
    values = dict(line.values)
    with localcontext(EXACT):
        quantity = Decimal(line.tokens) / MILLION
        unit = (abs(line.cost) / abs(quantity)) if line.tokens else None
    cost = plain(line.cost)
    values.update(BilledCost=cost, EffectiveCost=cost, ListCost=cost, ContractedCost=cost,
                  ConsumedQuantity=line.tokens, PricingQuantity=plain(quantity),
                  ListUnitPrice=plain(unit) if unit is not None else None,
                  ContractedUnitPrice=plain(unit) if unit is not None else None, x_RequestCount=line.requests)
    return values


def write(docs: Iterable[Row], stream: TextIO, grain: str = "day", billed_in: str | None = None) -> tuple[int, int]:
    """Write the FOCUS CSV; returns (rows written, unpriced requests left out)."""
    found, skipped = lines(docs, grain, billed_in)
    found.sort(key=lambda l: (l.values["ChargePeriodStart"], l.values["x_AdjustsPeriod"] or "", l.values["ResourceId"],
                              l.values["SkuId"], l.values["Tags"], l.values["x_RequestId"] or ""))
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for line in found:
        values = row(line)
        writer.writerow([cell(values.get(name)) for name in COLUMNS])
    return len(found), skipped
