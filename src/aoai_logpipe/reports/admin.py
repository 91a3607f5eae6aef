"""The security store beside a report reader, and who is using it.

`open_admin(reader, settings)` gives the `SecurityStore` of the store the reader reads: the
SQLite file (io/sqlite_admin.py) or the Cosmos DB database (io/cosmos_admin.py, sharing the
reader's client). `principal(reader)` names the person or identity at the keyboard for the
access log: the OS user on SQLite; on Cosmos DB the Entra ID identity of the token (user
principal name, else application id, else object id), or the OS user when an account key is used.
"""

from __future__ import annotations

import base64
import getpass
import json
import os
import socket
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Protocol

from aoai_logpipe.core import privacy
from aoai_logpipe.reports.reader import CosmosReader, DocumentReader, SqliteReader

if TYPE_CHECKING:
    from aoai_logpipe.settings import Settings

COSMOS_SCOPE = "https://cosmos.azure.com/.default"


class SecurityStore(Protocol):
    label: str

    async def ready(self) -> None:
        """Check (and create, where allowed) what the operations need."""

    async def append_access(self, new: Mapping[str, Any]) -> dict[str, Any]: ...
    async def access_records(self) -> list[dict[str, Any]]: ...
    async def holds(self) -> list[dict[str, Any]]: ...
    async def place_holds(self, holds: list[dict[str, Any]]) -> int: ...
    async def release_holds(self, ids: Iterable[str], released: Mapping[str, Any]) -> list[dict[str, Any]]: ...
    async def erase(self, identifier: str, tombstone: Mapping[str, Any], *, dry_run: bool) -> privacy.Erasure: ...
    async def prune(self, before: str, *, dry_run: bool, deadletters: bool) -> privacy.Pruned: ...
    async def close(self) -> None: ...


def open_admin(reader: DocumentReader, settings: Settings, settle_s: float | None = None) -> SecurityStore:
    if isinstance(reader, SqliteReader):
        from aoai_logpipe.io.sqlite_admin import SqliteAdmin

        return SqliteAdmin(reader.path)
    if isinstance(reader, CosmosReader):
        from aoai_logpipe.io.cosmos_admin import CosmosAdmin

        c = settings.cosmos
        return CosmosAdmin(reader.database, audit=c.audit_container, chargeback=c.chargeback_container,
                           deadletters=c.deadletter_container, security=c.security_container,
                           create_if_missing=c.create_if_missing,
                           settle_s=c.policy_refresh_s + 10 if settle_s is None else settle_s)
    raise TypeError(f"no security store for {type(reader).__name__}")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def os_user() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        user = f"uid {os.getuid()}"
    return f"{user}@{socket.gethostname()}"


def token_principal(token: str) -> str | None:
    """Who an Entra ID access token was issued to (claims read, not verified: the service
    verified it; this only names it)."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return None
    for claim, kind in (("upn", "user"), ("preferred_username", "user"), ("unique_name", "user"),
                        ("appid", "app"), ("azp", "app"), ("oid", "object")):
        value = claims.get(claim)
        if isinstance(value, str) and value:
            tenant = claims.get("tid")
            return f"entra {kind} {value}" + (f" (tenant {tenant})" if tenant else "")
    return None


async def principal(reader: DocumentReader) -> str:
    if isinstance(reader, CosmosReader):
        if isinstance(reader.credential, str):
            return f"{os_user()} (Cosmos DB account key)"
        token = await reader.credential.get_token(COSMOS_SCOPE)
        return token_principal(token.token) or f"{os_user()} (unnamed Entra ID token)"
    return os_user()


class AccessLog:
    """Appends this session's accesses to the store's log. Opened before the work it records,
    so a store that cannot take the record (read-only file, no rights) fails the command
    before anything is read or shown; opening also builds what an older store lacks."""

    def __init__(self, reader: DocumentReader, settings: Settings, settle_s: float | None = None) -> None:
        self._reader = reader
        self.admin = open_admin(reader, settings, settle_s)
        self._principal: str | None = None

    async def record(self, command: str, filters: Mapping[str, Any], ids: list[str],
                     count: int | None = None) -> dict[str, Any]:
        from aoai_logpipe.core import accesschain

        if self._principal is None:
            self._principal = await principal(self._reader)
        return await self.admin.append_access(accesschain.entry(
            time=now(), principal=self._principal, command=command, filters=filters, ids=ids, count=count))

    async def open(self) -> AccessLog:
        await self.admin.ready()
        return self

    async def close(self) -> None:
        await self.admin.close()
