"""Security operations on Cosmos DB: the access log, holds, erasure and pruning.

Tombstones, holds and access-log records live in the `security` container (/pk = "tombstone",
"hold" or "access"). Cosmos DB has no multi-document transaction across partitions, so the
operations are ordered to be safe when interrupted and idempotent when run again:

- erasure writes the tombstone first (running workers pick it up within
  `cosmos.policy_refresh_s` and stop writing the subject's conversations), then deletes and
  pseudonymizes, waits `settle_s` and sweeps once more for anything a worker wrote before it
  saw the tombstone;
- the access log appends by *creating* record `al-<seq>`: two auditors racing for the same
  sequence number get one 409 and the loser chains after the winner;
- a hold stamps `ttl: -1` on the documents it covers (the container's default TTL no longer
  applies to them) and again after `settle_s`, in case a worker rewrote one meanwhile; a
  release removes the stamp from documents no other active hold covers.

Only queries the local Cosmos-compatible server shares with Cosmos DB are used (WHERE with
parameters, TOP, ORDER BY on one path, projections); partition-key conditions go in WHERE.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, Iterable, Mapping

from azure.cosmos import PartitionKey
from azure.cosmos.aio import ContainerProxy, DatabaseProxy
from azure.cosmos.exceptions import CosmosHttpResponseError, CosmosResourceExistsError, CosmosResourceNotFoundError

from aoai_logpipe.core import accesschain, privacy
from aoai_logpipe.io.cosmos import SECURITY_INDEX

log = logging.getLogger(__name__)
_CALLER = "c.caller.user_id = @subject OR c.caller.user_name = @subject"
_PROBE = "c.id, c.pk, c.request_id, c.caller.user_id AS user_id, c.caller.user_name AS user_name"


class CosmosAdmin:
    def __init__(self, database: DatabaseProxy, *, audit: str = "audit", chargeback: str = "chargeback",
                 deadletters: str = "deadletters", security: str = "security", create_if_missing: bool = True,
                 settle_s: float = 40.0, concurrency: int = 16) -> None:
        self.label = f"Cosmos DB {database.id}"
        self._database = database
        self._audit = database.get_container_client(audit)
        self._chargeback = database.get_container_client(chargeback)
        self._deadletters = database.get_container_client(deadletters)
        self._security_name = security
        self._security: ContainerProxy | None = None
        self._create = create_if_missing
        self.settle_s = settle_s
        self._semaphore = asyncio.Semaphore(concurrency)

    async def close(self) -> None:
        """The database client belongs to the reader that made it."""

    async def ready(self) -> None:
        await (await self.security()).read()

    async def security(self) -> ContainerProxy:
        if self._security is None:
            if self._create:
                try:
                    self._security = await self._database.create_container_if_not_exists(
                        id=self._security_name, partition_key=PartitionKey(path="/pk"), indexing_policy=SECURITY_INDEX)
                except CosmosResourceExistsError:  # created concurrently
                    self._security = self._database.get_container_client(self._security_name)
            else:
                self._security = self._database.get_container_client(self._security_name)
        return self._security

    async def _items(self, container: ContainerProxy, query: str, **params: Any) -> list[dict[str, Any]]:
        parameters = [{"name": f"@{k}", "value": v} for k, v in params.items()]
        return [item async for item in container.query_items(query, parameters=parameters)]

    async def _each(self, items: Iterable[Any], job: Callable[[Any], Awaitable[None]]) -> None:
        async def limited(item: Any) -> None:
            async with self._semaphore:
                await job(item)
        await asyncio.gather(*(limited(item) for item in items))

    async def _settle(self, then: str) -> None:
        if self.settle_s > 0:
            log.info("waiting %.0f s for running workers to re-read the security container, then %s (--settle)",
                     self.settle_s, then)
            await asyncio.sleep(self.settle_s)

    # ------------------------------------------------------------ access log

    async def append_access(self, new: Mapping[str, Any]) -> dict[str, Any]:
        container = await self.security()
        while True:
            heads = await self._items(container, "SELECT TOP 1 * FROM c WHERE c.pk = @pk ORDER BY c.seq DESC", pk="access")
            record = accesschain.chain(new, heads[0] if heads else None)
            try:
                await container.create_item({**record, "id": f"al-{record['seq']:012d}", "pk": "access"})
                return record
            except CosmosResourceExistsError:
                continue  # another auditor took this sequence number: chain after theirs

    async def access_records(self) -> list[dict[str, Any]]:
        container = await self.security()
        return await self._items(container, "SELECT * FROM c WHERE c.pk = @pk ORDER BY c.seq", pk="access")

    # ------------------------------------------------------------ holds

    async def holds(self) -> list[dict[str, Any]]:
        items = await self._items(await self.security(), "SELECT * FROM c WHERE c.pk = @pk", pk="hold")
        return sorted((_clean(i) for i in items), key=lambda h: (h["created"], h["id"]))

    async def place_holds(self, holds: list[dict[str, Any]]) -> int:
        container = await self.security()
        for hold in holds:
            await container.create_item({**hold, "pk": "hold"})
        covered = await self._stamp(holds)
        await self._settle("stamp the held documents again")  # a worker that had not seen the hold may have rewritten one
        return max(covered, await self._stamp(holds))

    async def _stamp(self, holds: list[dict[str, Any]]) -> int:
        """`ttl: -1` on every audit document the holds cover; returns how many that is."""
        held: dict[str, dict[str, Any]] = {}
        for hold in holds:
            where = _CALLER if hold["kind"] == "user" else "c.request_id = @subject"
            for row in await self._items(self._audit, f"SELECT c.id, c.pk, c.ttl FROM c WHERE {where}", subject=hold["value"]):
                held[row["id"]] = row
        await self._each([r for r in held.values() if r.get("ttl") != -1], lambda r: self._audit.patch_item(
            r["id"], partition_key=r["pk"], patch_operations=[{"op": "set", "path": "/ttl", "value": -1}]))
        return len(held)

    async def release_holds(self, ids: Iterable[str], released: Mapping[str, Any]) -> list[dict[str, Any]]:
        container = await self.security()
        wanted = set(ids)
        current = await self.holds()
        done = []
        for hold in current:
            if hold["id"] in wanted and not hold.get("released"):
                hold = {**hold, "released": dict(released)}
                await container.replace_item(hold["id"], {**hold, "pk": "hold"})
                done.append(hold)
        remaining = privacy.Policy.of([], [h for h in current if not h.get("released") and h["id"] not in wanted])
        freed = privacy.Policy.of([], [{**h, "released": None} for h in done])  # what they held until now
        rows = await self._items(self._audit, f"SELECT {_PROBE}, c.ttl FROM c WHERE c.ttl = -1")
        loose = [r for r in rows if freed.held(p := privacy.probe(r.get("request_id"), r.get("user_id"), r.get("user_name")))
                 and not remaining.held(p)]
        await self._each(loose, lambda r: self._audit.patch_item(
            r["id"], partition_key=r["pk"], patch_operations=[{"op": "remove", "path": "/ttl"}]))
        return done

    # ------------------------------------------------------------ erasure

    async def erase(self, identifier: str, tombstone: Mapping[str, Any], *, dry_run: bool) -> privacy.Erasure:
        subject = privacy.subject_hash(identifier)
        container = await self.security()
        try:
            stone = _clean(await container.read_item(f"ts-{subject}", partition_key="tombstone"))
        except CosmosResourceNotFoundError:
            stone = {**tombstone, "subject": subject, "id": f"ts-{subject}"}
        targets = await self._items(self._audit, f"SELECT {_PROBE} FROM c WHERE {_CALLER}", subject=identifier)
        policy = privacy.Policy.of([], await self.holds())
        held = [t for t in targets if policy.held(privacy.probe(t.get("request_id"), t.get("user_id"), t.get("user_name")))]
        if held:
            raise privacy.HeldError(f"{len(held)} of the subject's conversations are under a legal hold "
                                    f"(`aoai-logpipe hold --list`); release it before erasing")
        charges = await self._items(self._chargeback, "SELECT c.id FROM c WHERE c.user_id = @subject OR c.user_name = @subject",
                                    subject=identifier)
        letters = await self._letters(identifier)
        result = privacy.Erasure([t["id"] for t in targets], [c["id"] for c in charges], stone, [r["id"] for r in letters])
        if dry_run:
            return result
        await container.upsert_item({**stone, "pk": "tombstone"})
        await self._sweep(identifier, stone["pseudonym"])
        await self._settle("sweep again")  # writes of workers that had not yet seen the tombstone
        late, late_letters = await self._sweep(identifier, stone["pseudonym"])
        result.audit_deleted.extend(i for i in late if i not in result.audit_deleted)
        result.deadletters_scrubbed.extend(i for i in late_letters if i not in result.deadletters_scrubbed)
        return result

    async def _sweep(self, identifier: str, pseudonym: str) -> tuple[list[str], list[str]]:
        """Delete the subject's audit documents, pseudonymize their charges and drop the payload of
        dead letters naming them; returns the ids of the audit documents and dead letters."""
        targets = await self._items(self._audit, f"SELECT c.id, c.pk FROM c WHERE {_CALLER}", subject=identifier)
        await self._each(targets, lambda t: _delete(self._audit, t["id"], t["pk"]))
        charges = await self._items(self._chargeback, "SELECT * FROM c WHERE c.user_id = @subject OR c.user_name = @subject",
                                    subject=identifier)
        await self._each(charges, lambda c: self._chargeback.replace_item(
            c["id"], {**privacy.pseudonymize(_clean(c), pseudonym), "pk": c["pk"]}))
        letters = await self._letters(identifier)
        await self._each(letters, lambda r: self._deadletters.upsert_item(privacy.scrub_letter(_clean(r))))
        return [t["id"] for t in targets], [r["id"] for r in letters]

    async def _letters(self, identifier: str) -> list[dict[str, Any]]:
        """Dead letters whose payload names the subject: the store narrows them by text (as written,
        or JSON-escaped; base64 payloads are all looked at), `privacy.payload_strings` decides."""
        rows = await self._items(
            self._deadletters, "SELECT * FROM c WHERE CONTAINS(c.raw, @subject) OR CONTAINS(c.raw, @escaped) "
                               "OR c.raw_encoding = 'base64'", subject=identifier, escaped=json.dumps(identifier)[1:-1])
        return [r for r in rows if identifier in privacy.payload_strings(r)]

    # ------------------------------------------------------------ retention

    async def prune(self, before: str, *, dry_run: bool, deadletters: bool) -> privacy.Pruned:
        policy = privacy.Policy.of([], await self.holds())
        rows = await self._items(self._audit, f"SELECT {_PROBE} FROM c WHERE c.time < @before", before=before)
        doomed = [r for r in rows if not policy.held(privacy.probe(r.get("request_id"), r.get("user_id"), r.get("user_name")))]
        letters = (await self._items(self._deadletters, "SELECT c.id, c.partition FROM c WHERE c.enqueued_time < @before",
                                     before=before)) if deadletters else []
        result = privacy.Pruned([r["id"] for r in doomed], len(rows) - len(doomed), len(letters))
        if not dry_run:
            await self._each(doomed, lambda r: _delete(self._audit, r["id"], r["pk"]))
            await self._each(letters, lambda r: _delete(self._deadletters, r["id"], r["partition"]))
        return result


async def _delete(container: ContainerProxy, doc_id: str, key: Any) -> None:
    try:
        await container.delete_item(doc_id, partition_key=key)
    except CosmosResourceNotFoundError:
        pass  # gone already (a concurrent prune or erase)
    except CosmosHttpResponseError as exc:
        if exc.status_code != 404:
            raise


def _clean(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != "pk" and not k.startswith("_")}
