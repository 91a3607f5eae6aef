"""What the decoders may be told: size bounds and where caller identity comes from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

DEFAULT_CALLER_HEADERS: dict[str, tuple[str, ...]] = {
    "user_id": ("x-caller-oid", "x-ms-client-principal-id"),
    "user_name": ("x-caller-upn", "x-ms-client-principal-name"),
    "app_id": ("x-caller-appid", "x-caller-app-id"),
    "tenant_id": ("x-caller-tid", "x-caller-tenant-id"),
    "cost_center": ("x-cost-center", "x-caller-cost-center"),
    "business_unit": ("x-business-unit", "x-caller-business-unit"),
}


@dataclass(frozen=True, slots=True)
class DecodeConfig:
    max_event_bytes: int = 8 * 1024 * 1024
    max_records_per_event: int = 1_000  # APIM records decoded per event; the rest: one dead letter
    caller_headers: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_CALLER_HEADERS))
