"""Budget notifications: once per budget, threshold and month, whatever runs or replicas check.

Each notification has a deterministic id (budget, dimension, value, month, threshold), recorded
in the finance ledger before anything is sent:

1. **claim**: create the record (`pending`). Create-only: of two checkers racing, one wins; the
   other sees the record and moves on. A record still `pending` after `claim_timeout_s` (its
   checker died between claim and send) or `failed` (the webhook refused) is re-claimed with a
   compare-and-swap, so exactly one checker retries it.
2. **send**: POST to the webhook (Teams workflow Adaptive Card, or Slack) and log a structured
   event `budget_threshold_crossed` (the Azure Monitor alert rule in deploy/ fires on it).
3. **mark**: `sent` (or `failed`, retried by the next check).

A restart, a second replica or the next scheduled run finds `sent` and sends nothing. The one
window left is a crash after the webhook accepted and before `sent` is written: that
notification is sent again after the claim timeout (at least once, never silently lost).
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Sequence

from aoai_logpipe.io.ledger import Ledger
from aoai_logpipe.reports.budgets import BudgetStatus

log = logging.getLogger("aoai_logpipe.budgets")
EVENT = "budget_threshold_crossed"

Send = Callable[[dict[str, Any]], Awaitable[None]]


def notification_id(status: BudgetStatus, threshold: int) -> str:
    b = status.budget
    key = "\x1f".join([b.label, b.dimension, str(b.value), b.currency, status.period, str(threshold)])
    return "notif-" + hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


def message(status: BudgetStatus, threshold: int) -> dict[str, Any]:
    """What a notification says (no prompt text, no secrets: budget facts only)."""
    b = status.budget
    return {"event": EVENT, "budget": b.label, "dimension": b.dimension, "value": b.value, "period": status.period,
            "threshold_percent": threshold, "amount": str(b.amount), "currency": b.currency,
            "spent": f"{status.spent:.2f}", "used_percent": f"{float(status.used) * 100:.1f}",
            "forecast": f"{status.forecast:.2f}", "status": status.status}


def teams_payload(note: dict[str, Any]) -> dict[str, Any]:
    """A Teams message with an Adaptive Card (what Teams workflow webhooks accept)."""
    facts = [{"title": title, "value": str(value)} for title, value in (
        ("Budget", note["budget"]), ("Period", note["period"]),
        ("Spent", f"{note['spent']} {note['currency']} of {note['amount']} ({note['used_percent']}%)"),
        ("Forecast", f"{note['forecast']} {note['currency']}"), ("Status", note["status"]))]
    card = {"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "version": "1.4",
            "body": [{"type": "TextBlock", "size": "Medium", "weight": "Bolder", "wrap": True,
                      "text": f"Budget {note['budget']} crossed {note['threshold_percent']}% in {note['period']}"},
                     {"type": "FactSet", "facts": facts}]}
    return {"type": "message",
            "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None,
                             "content": card}]}


def slack_payload(note: dict[str, Any]) -> dict[str, Any]:
    text = (f"Budget *{note['budget']}* crossed {note['threshold_percent']}% in {note['period']}: "
            f"spent {note['spent']} {note['currency']} of {note['amount']} ({note['used_percent']}%), "
            f"forecast {note['forecast']} {note['currency']}, status {note['status']}")
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def webhook_sender(url: str, fmt: str, timeout_s: float) -> Send:
    """POST one notification to an incoming webhook; raises unless it answers 2xx."""
    import aiohttp

    async def send(note: dict[str, Any]) -> None:
        payload = teams_payload(note) if fmt == "teams" else slack_payload(note)
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout_s)) as session:
            async with session.post(url, json=payload) as response:
                if response.status // 100 != 2:
                    raise WebhookError(f"the webhook answered HTTP {response.status}")

    return send


class WebhookError(RuntimeError):
    pass


@dataclass
class CheckResult:
    sent: list[str]
    already: int
    failed: list[str]


async def _claim(ledger: Ledger, note_id: str, note: dict[str, Any], now: float, timeout_s: float) -> Any:
    """The record's version token if this checker may send it now, else None."""
    if await ledger.create({"id": note_id, "kind": "notification", "state": "pending", "claimed_at": now,
                            "attempts": 1, **note}):
        found = await ledger.get(note_id)
        return found[1] if found else None
    found = await ledger.get(note_id)
    if found is None:
        return None
    record, token = found
    stale = record.get("state") == "pending" and now - float(record.get("claimed_at") or 0) >= timeout_s
    if record.get("state") == "failed" or stale:
        retry = {**record, "state": "pending", "claimed_at": now, "attempts": int(record.get("attempts") or 0) + 1}
        if await ledger.replace(retry, token):
            found = await ledger.get(note_id)
            return found[1] if found else None
    return None


async def check(statuses: Sequence[BudgetStatus], ledger: Ledger, send: Send | None, *,
                claim_timeout_s: float = 300.0, clock: Callable[[], float] = time.time) -> CheckResult:
    """Notify every crossed threshold not notified yet (see the module docstring)."""
    result = CheckResult([], 0, [])
    for status in statuses:
        for threshold in status.crossed:
            note_id = notification_id(status, threshold)
            note = message(status, threshold)
            token = await _claim(ledger, note_id, note, clock(), claim_timeout_s)
            if token is None:
                result.already += 1
                continue
            current = await ledger.get(note_id)
            attempts = int(current[0].get("attempts") or 1) if current else 1
            if attempts == 1:  # the alert rule's event: once, whether or not the webhook answers
                log.warning("budget %s crossed %d%% in %s", status.budget.label, threshold, status.period,
                            extra={**note, "notification_id": note_id})
            record = {"id": note_id, "kind": "notification", **note, "claimed_at": clock()}
            try:
                if send is not None:
                    await send(note)
            except Exception as exc:  # the next check retries it; the reason never quotes the URL (a secret)
                why = str(exc) if isinstance(exc, WebhookError) else type(exc).__name__
                await ledger.replace({**record, "state": "failed", "attempts": attempts, "error": why}, token)
                result.failed.append(note_id)
                continue
            await ledger.replace({**record, "state": "sent", "attempts": attempts, "sent_at": clock()}, token)
            result.sent.append(note_id)
    return result
