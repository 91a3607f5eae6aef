"""The `finance` settings section: allocation rules, budgets, the notification webhook.

Validated once with the rest of the configuration (settings.py), so a typo in a rule or a
budget stops the command with a message naming the setting, never halfway through a report.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

#: dimensions a rule may read, a budget may watch or `--where` may filter on (plus tags.<key>)
SOURCE_DIMENSIONS = ("cost_center", "business_unit", "subscription", "app", "user", "deployment", "model",
                     "operation", "dialect")
TAG = re.compile(r"^tags\.[A-Za-z0-9_.:-]{1,64}$")
ALLOCATED = ("cost_center", "business_unit")


def check_dimension(name: str, allowed: tuple[str, ...] = SOURCE_DIMENSIONS) -> str:
    if name in allowed or TAG.match(name):
        return name
    raise ValueError(f"{name!r} is not a dimension (one of {', '.join(allowed)}, or tags.<key>)")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AllocationVersion(_Section):
    """One version of the allocation rules, in force from `effective_from` (UTC day) until the next.

    `cost_center` and `business_unit` each map a source dimension to {value: target}, tried in
    the order written, then `default`. A value stored in the document always wins over a rule.
    """

    version: str = Field(min_length=1, max_length=64)
    effective_from: date | None = Field(None, description="first UTC day in force (empty: since always)")
    cost_center: dict[str, dict[str, str] | str] = Field(default_factory=dict)
    business_unit: dict[str, dict[str, str] | str] = Field(default_factory=dict)

    @field_validator("cost_center", "business_unit")
    @classmethod
    def _rules(cls, value: dict[str, dict[str, str] | str]) -> dict[str, dict[str, str] | str]:
        for source, mapping in value.items():
            if source == "default":
                if not isinstance(mapping, str):
                    raise ValueError("default must be a string (the target for everything else)")
                continue
            check_dimension(source)
            if not isinstance(mapping, dict):
                raise ValueError(f"{source} must map values to targets, e.g. {{\"code-assist\": \"CC-3003\"}}")
        return value


class Budget(_Section):
    """A monthly budget for one dimension value (or `total`), with notification thresholds in percent."""

    name: str | None = Field(None, max_length=128, description="default: <dimension>=<value>")
    dimension: str = Field(description="a --by dimension (cost_center, app, user, tags.<key> ...) or 'total'")
    value: str | None = Field(None, description="the dimension's value; (unallocated) for unallocated spend")
    amount: Decimal = Field(gt=0, description="monthly amount")
    currency: str = "USD"
    thresholds: list[int] = Field(default_factory=lambda: [50, 80, 100], min_length=1)

    @field_validator("dimension")
    @classmethod
    def _dimension(cls, value: str) -> str:
        return value if value == "total" else check_dimension(value)

    @field_validator("thresholds")
    @classmethod
    def _thresholds(cls, value: list[int]) -> list[int]:
        if any(t <= 0 or t > 1000 for t in value):
            raise ValueError("thresholds are percents of the amount, between 1 and 1000")
        return sorted(set(value))

    @model_validator(mode="after")
    def _value_needed(self) -> "Budget":
        if self.dimension != "total" and not self.value:
            raise ValueError(f"budget on {self.dimension} needs a value")
        return self

    @property
    def label(self) -> str:
        return self.name or ("total" if self.dimension == "total" else f"{self.dimension}={self.value}")


class WebhookSettings(_Section):
    url: SecretStr | None = Field(None, description="incoming-webhook URL (Teams workflow or Slack); a secret")
    format: Literal["teams", "slack"] = "teams"
    timeout_s: float = Field(10.0, gt=0)


class FinanceSettings(_Section):
    allocation: list[AllocationVersion] = Field(default_factory=list, description="versioned allocation rules")
    unallocated_warn_share: float = Field(0.05, ge=0, le=1, description="warn when unallocated cost exceeds this share")
    budgets: list[Budget] = Field(default_factory=list)
    webhook: WebhookSettings = Field(default_factory=WebhookSettings)
    claim_timeout_s: float = Field(300.0, gt=0, description="a notification claimed but not sent is retried after this")
    metrics_interval_s: float = Field(300.0, gt=0, description="how often the worker recomputes its budget gauges")
    cosmos_container: str = Field("finance", description="Cosmos DB container of period closes and notifications (/id)")

    @field_validator("allocation")
    @classmethod
    def _distinct(cls, value: list[AllocationVersion]) -> list[AllocationVersion]:
        names = [v.version for v in value]
        if len(set(names)) != len(names):
            raise ValueError("allocation versions must have distinct names")
        starts = [v.effective_from for v in value]
        if len(set(starts)) != len(starts):
            raise ValueError("two allocation versions take effect on the same day")
        return value
