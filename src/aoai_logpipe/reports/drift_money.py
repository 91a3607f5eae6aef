"""Reconcile in money: what the estimated requests probably cost, and why the outliers drift.

**The band.** A request without reported usage is billed on the offline estimate. How far the
estimate runs from the truth is measured on the requests that did report usage: per model,
drift d = (estimated - reported) / reported, per side (prompt, completion). If the model's
requests drift like the measured ones, the estimated request's true tokens are about
estimate / (1 + d), so its true cost is about cost_prompt / (1 + d_prompt) + cost_completion /
(1 + d_completion). The median drift gives the central figure, the 5th and 95th percentiles
the band ("0.0174 USD billed on the estimate; likely 0.0203, between 0.0150 and 0.0270").
A model with fewer than MIN_SAMPLES reported requests uses the drift of all models (said so).

**The outliers.** Requests whose |drift| reaches OUTLIER on a side are put in a class with a
known cause (reasoning tokens, gpt-4o-mini images, other images, the legacy logger dialect,
audio/file parts), each with one line that explains it; the image classes need the audit
document, read for at most MAX_LOOKUPS outliers (point reads by request id).
"""

from __future__ import annotations

import asyncio
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Sequence

from aoai_logpipe.reports.reader import DocumentReader, Row

MIN_SAMPLES = 5
OUTLIER = 0.5
MAX_LOOKUPS = 200
LOOKUP_CONCURRENCY = 16
FLOOR = 0.01  # 1 + d never below this: a -100% drift would mean infinitely many true tokens
REASONING_MODELS = re.compile(r"^(o\d|gpt-5)")

EXPLANATIONS = {
    "reasoning": "reasoning tokens are billed as completion tokens but never appear in the response, so the "
                 "estimate of completion tokens is low by design (reported usage is what is billed; APIM records "
                 "do not break reasoning tokens out)",
    "image_gpt4o_mini": "gpt-4o-mini counts an image as 2,833 tokens plus 5,667 per 512-px tile (about 33x gpt-4o), "
                        "so a tile count that differs from the service's (an http image whose size is unknown, "
                        "detail auto resolved differently) moves the estimate by thousands of tokens",
    "image": "image tokens are estimated with the 512-px tile formula from the image's pixel size; an http image "
             "(size unknown) or a detail the service resolved differently moves the estimate",
    "legacy_logger": "the legacy log-helper event (openai-logger) flattens the conversation to prompt and completion "
                     "text: roles, names, tool definitions and image parts are lost, so the estimate cannot count them",
    "unestimable": "audio or file parts: the estimate cannot count their tokens",
    "other": "no known cause: look at the requests with `aoai-logpipe audit show`",
}


def quantile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank quantile of signed values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


@dataclass
class Drifts:
    prompt: list[float] = field(default_factory=list)
    completion: list[float] = field(default_factory=list)

    def enough(self) -> bool:
        return len(self.prompt) >= MIN_SAMPLES and len(self.completion) >= MIN_SAMPLES


@dataclass
class Band:
    model: str
    requests: int
    billed: Decimal
    likely: Decimal
    low: Decimal
    high: Decimal
    basis: str  # "model": its own drift; "all models": too few samples of its own

    def as_json(self) -> dict[str, Any]:
        return {"model": self.model, "requests": self.requests, "billed": str(self.billed), "likely": str(self.likely),
                "low": str(self.low), "high": str(self.high), "basis": self.basis}


def _dec(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def _true(cost: Decimal, drift: float | None) -> float:
    return float(cost) / max(1.0 + (drift or 0.0), FLOOR)


def bands(rows: Iterable[Row]) -> tuple[list[Band], Band | None]:
    """Per model with estimated, priced requests: billed, likely and the p5-p95 band; and the total."""
    drifts: dict[str, Drifts] = {}
    pooled = Drifts()
    estimated: dict[str, list[Row]] = {}
    for row in rows:
        model = str(row.get("model") or "(none)")
        drift = row.get("drift") or {}
        if row.get("usage_source") == "reported":
            for side in ("prompt", "completion"):
                if isinstance(drift.get(side), (int, float)):
                    getattr(drifts.setdefault(model, Drifts()), side).append(float(drift[side]))
                    getattr(pooled, side).append(float(drift[side]))
        elif (row.get("cost") or {}).get("priced") is True:
            estimated.setdefault(model, []).append(row)
    out = []
    for model, found in sorted(estimated.items()):
        own = drifts.get(model, Drifts())
        basis, source = ("model", own) if own.enough() else ("all models", pooled)
        if not source.prompt and not source.completion:
            continue  # nothing measured at all: no band to give
        sums = {"likely": 0.0, "low": 0.0, "high": 0.0}
        billed = Decimal(0)
        for row in sorted(found, key=lambda r: str(r.get("id"))):  # float sums in one order on every store
            cost = row.get("cost") or {}
            prompt_cost = _dec(cost.get("input")) + _dec(cost.get("cached_input"))
            completion_cost = _dec(cost.get("output"))
            billed += _dec(cost.get("total"))
            for name, q in (("likely", 0.5), ("low", 0.95), ("high", 0.05)):
                dp, dc = quantile(source.prompt, q), quantile(source.completion, q)
                sums[name] += _true(prompt_cost, dp) + _true(completion_cost, dc)
        places = Decimal("0.00000001")
        out.append(Band(model, len(found), billed, *(Decimal(str(sums[n])).quantize(places)
                                                     for n in ("likely", "low", "high")), basis))
    if not out:
        return [], None
    total = Band("all", sum(b.requests for b in out), sum((b.billed for b in out), Decimal(0)),
                 sum((b.likely for b in out), Decimal(0)), sum((b.low for b in out), Decimal(0)),
                 sum((b.high for b in out), Decimal(0)), "sum of the models' bands")
    return out, total


@dataclass
class OutlierClass:
    name: str
    requests: list[str]
    explanation: str

    def as_json(self) -> dict[str, Any]:
        return {"class": self.name, "requests": len(self.requests), "examples": self.requests[:5],
                "explanation": self.explanation}


def _images(doc: Row) -> bool:
    return any(part.get("type") == "image" for message in doc.get("messages") or []
               for part in message.get("parts") or [] if isinstance(part, dict))


def _first_class(row: Row) -> str | None:
    """A class the chargeback document alone shows, or None (look at the audit document)."""
    drift = row.get("drift") or {}
    if row.get("dialect") == "legacy-openai-logger":
        return "legacy_logger"
    if ((row.get("estimated") or {}).get("unestimated_parts") or 0) > 0:
        return "unestimable"
    # reported reasoning tokens, or a reasoning model whose record does not break them out (APIM)
    reasoning = (((row.get("reported") or {}).get("reasoning_tokens") or 0) > 0
                 or bool(REASONING_MODELS.match(str(row.get("model") or ""))))
    prompt, completion = drift.get("prompt"), drift.get("completion")
    if (reasoning and isinstance(completion, (int, float)) and completion <= -OUTLIER
            and not (isinstance(prompt, (int, float)) and abs(prompt) >= OUTLIER)):
        return "reasoning"  # only the completion side drifts, downwards: the invisible reasoning tokens
    return None


def is_outlier(row: Row) -> bool:
    drift = row.get("drift") or {}
    return any(isinstance(drift.get(s), (int, float)) and abs(drift[s]) >= OUTLIER for s in ("prompt", "completion"))


async def outliers(reader: DocumentReader, rows: Iterable[Row]) -> tuple[list[OutlierClass], int]:
    """Outlier classes with their explanation, and how many outliers were left unclassified for
    want of lookups (beyond MAX_LOOKUPS)."""
    found = [r for r in rows if is_outlier(r)]
    found.sort(key=lambda r: (-max(abs((r.get("drift") or {}).get(s) or 0) for s in ("prompt", "completion")),
                              str(r.get("id"))))  # a total order: the same answer whatever order a store returns
    classes: dict[str, list[str]] = {}
    pending: list[Row] = []
    skipped = 0
    for row in found:
        name = _first_class(row)
        prompt = (row.get("drift") or {}).get("prompt")
        if name is None and not (isinstance(prompt, (int, float)) and abs(prompt) >= OUTLIER):
            name = "other"  # images are prompt tokens: a completion-side outlier is not explained by one
        if name is None:
            if len(pending) >= MAX_LOOKUPS:
                skipped += 1
            else:
                pending.append(row)
            continue
        classes.setdefault(name, []).append(str(row.get("request_id")))
    limit = asyncio.Semaphore(LOOKUP_CONCURRENCY)

    async def audit_of(row: Row) -> Row:
        async with limit:  # the audit document of cb-<key> is au-<key>
            docs = await reader.audit_get("au-" + str(row.get("id"))[3:])
            return docs[0] if docs else {}

    for row, doc in zip(pending, await asyncio.gather(*(audit_of(row) for row in pending))):
        if _images(doc):
            name = "image_gpt4o_mini" if str(row.get("model") or "").startswith("gpt-4o-mini") else "image"
        else:
            name = "other"
        classes.setdefault(name, []).append(str(row.get("request_id")))
    ordered = sorted(classes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [OutlierClass(name, ids, EXPLANATIONS[name]) for name, ids in ordered], skipped
