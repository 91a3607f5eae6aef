"""One read interface over the stored documents, for SQLite and Cosmos DB alike.

Reports (chargeback rollups, reconciliation, audit search, the HTML report) are written once
against :class:`DocumentReader`; :class:`SqliteReader` and :class:`CosmosReader` implement it.

Design rules:

- **Parameterized queries only.** User input (periods, dates, user ids, entity names ...)
  always travels as a parameter: ``?`` with ``json_extract`` in SQLite, ``@name`` in Cosmos
  SQL. The only text spliced into a query are field paths and content-filter category names,
  and those come from the constant whitelists below, never from the caller.
- **Project, then aggregate in Python.** ``chargeback()`` returns only the requested fields of
  the documents in a selection; rollups are computed client-side with Decimal (the local
  Cosmos server has no GROUP BY, and Decimal sums of the cost strings are exact where Cosmos
  SUM is a float). See docs/reports.md for the RU cost of this choice.
- Rows are flat dicts keyed by the requested field path (``"cost"``, ``"caller.user_id"``);
  a field missing from a document is ``None``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, AsyncIterator, Protocol, Sequence

from aoai_logpipe.core import fulltext

if TYPE_CHECKING:  # azure imports stay lazy: SQLite users never pay for them
    from aoai_logpipe.settings import Settings

Row = dict[str, Any]

#: Fields of a chargeback document a report may ask for.
CHARGEBACK_FIELDS: frozenset[str] = frozenset({
    "id", "doc_type", "request_id", "dialect", "time", "period", "operation", "deployment", "model", "stream", "status",
    "rank", "client_ip", "subscription_id", "subscription_name", "product", "app_id", "user_id", "user_name", "tenant_id",
    "cost_center", "business_unit", "usage", "usage_source", "reported", "estimated", "drift", "cost",
    "cost.currency", "cost.priced", "cost.total", "completeness", "attribution", "tags",
    "tags.loadtest_run", "tags.loadtest_request",  # load-test runs (reports/runs.py)
    "_ts",  # Cosmos DB's last-write time (epoch seconds); SQLite has none (None)
})

#: Fields of an audit document a search may project (``None`` = the whole document).
AUDIT_FIELDS: frozenset[str] = frozenset({
    "id", "request_id", "dialect", "time", "period", "deployment", "model", "operation", "stream", "status",
    "caller.user_id", "caller.user_name", "caller.app_id", "caller.subscription_id", "caller.subscription_name",
    "caller.cost_center", "usage_source", "completeness", "dlp.verdict", "dlp.complete",
    "dlp.counts.by_entity", "dlp.counts.findings", "dlp.counts.not_screened_parts",
    "choices", "prompt_filter", "error",  # what the content filter did (reports/investigate.filter_hits)
})

#: Azure OpenAI content-filter categories checked by ``--filtered`` (a result is an object
#: with ``filtered: true``). Cosmos SQL cannot iterate object keys portably (no
#: ObjectToArray on the local server), so both stores test this same list. Add new ones here.
FILTER_CATEGORIES: tuple[str, ...] = (
    "hate", "sexual", "violence", "self_harm", "profanity", "jailbreak", "indirect_attack",
    "protected_material_text", "protected_material_code", "custom_blocklists", "ungrounded_material",
)

VERDICTS = ("clean", "flagged", "not_screened")
COMPLETENESS = ("complete", "incomplete")
_PATH = re.compile(r"^[a-z_]+(\.[a-z_]+)*$")
_PERIOD = re.compile(r"^(\d{4}-(0[1-9]|1[0-2])|unknown)$")
AUDIT_ID = re.compile(r"^au-[0-9a-f]{40}$")  # core.documents.doc_id("au", key)


class ReaderError(ValueError):
    """A store cannot be read (missing database, bad configuration, bad selection)."""


# --------------------------------------------------------------------------- selections


@dataclass(frozen=True)
class Selection:
    """Which documents: one period (YYYY-MM) and/or a time range [time_from, time_to) in UTC.

    Bounds are ISO strings ``YYYY-MM-DDTHH:MM:SS`` compared as strings with the stored
    RFC 3339 times (``2026-10-03T12:00:00.5Z``), which orders correctly at second precision.
    """

    period: str | None = None
    time_from: str | None = None
    time_to: str | None = None

    def describe(self) -> str:
        parts = []
        if self.period:
            parts.append(f"period {self.period}")
        if self.time_from or self.time_to:
            parts.append(f"{self.time_from or '…'} to {self.time_to or '…'} (UTC, end exclusive)")
        return ", ".join(parts) or "all documents"

    def as_dict(self) -> dict[str, str | None]:
        return {"period": self.period, "from": self.time_from, "to": self.time_to}

    def days(self) -> list[str]:
        """Every day (YYYY-MM-DD) the selection spans, when it is bounded; else []."""
        start: date | None = None
        end: date | None = None  # exclusive
        if self.period and self.period != "unknown":
            year, month = map(int, self.period.split("-"))
            start = date(year, month, 1)
            end = date(year + (month == 12), month % 12 + 1, 1)
        if self.time_from:
            day = date.fromisoformat(self.time_from[:10])
            start = max(start, day) if start else day
        if self.time_to:
            bound = datetime.fromisoformat(self.time_to)
            day = bound.date() + timedelta(days=1 if bound.time() != datetime.min.time() else 0)
            end = min(end, day) if end else day
        if start is None or end is None or end <= start or (end - start).days > 366:
            return []
        return [(start + timedelta(days=i)).isoformat() for i in range((end - start).days)]


def parse_period(text: str) -> str:
    if not _PERIOD.match(text):
        raise ReaderError(f"--period must be YYYY-MM (e.g. 2026-10), not {text!r}")
    return text


def parse_bound(text: str, *, end: bool) -> str:
    """A date (YYYY-MM-DD) or date-time as a UTC bound. A date as `--to` means the whole day."""
    text = text.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            value = datetime(day.year, day.month, day.day) + (timedelta(days=1) if end else timedelta())
        else:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if value.tzinfo is not None:
                value = value.astimezone(timezone.utc).replace(tzinfo=None)
    except ValueError:
        raise ReaderError(f"{'--to' if end else '--from'} must be a date (2026-10-01) or an ISO date-time, "
                          f"not {text!r}") from None
    return value.isoformat(timespec="microseconds" if value.microsecond else "seconds")


def selection(period: str | None = None, time_from: str | None = None, time_to: str | None = None) -> Selection:
    """Build a Selection from command-line text (validates and normalizes every part)."""
    sel = Selection(parse_period(period) if period else None,
                    parse_bound(time_from, end=False) if time_from else None,
                    parse_bound(time_to, end=True) if time_to else None)
    if sel.time_from and sel.time_to and sel.time_from >= sel.time_to:
        raise ReaderError(f"empty time range: --from {time_from} is not before --to {time_to}")
    return sel


@dataclass(frozen=True)
class AuditFilters:
    """Audit search criteria; every given criterion must match (AND)."""

    selection: Selection = field(default_factory=Selection)
    request_id: str | None = None
    user: str | None = None          # caller.user_id or caller.user_name
    app: str | None = None           # caller.app_id
    subscription: str | None = None  # caller.subscription_id or caller.subscription_name
    deployment: str | None = None
    model: str | None = None
    entity: str | None = None        # a DLP entity in dlp.findings[].entity (or dlp.counts.by_entity)
    verdict: str | None = None       # clean | flagged | not_screened (no dlp section counts as not_screened)
    filtered: bool = False           # content filter hit (see FILTER_CATEGORIES)
    completeness: str | None = None  # complete | incomplete
    text: str | None = None          # full-text query over the stored text (core/fulltext.py)

    def __post_init__(self) -> None:
        if self.verdict is not None and self.verdict not in VERDICTS:
            raise ReaderError(f"verdict must be one of {', '.join(VERDICTS)}")
        if self.completeness is not None and self.completeness not in COMPLETENESS:
            raise ReaderError(f"completeness must be one of {', '.join(COMPLETENESS)}")
        if self.entity is not None:
            object.__setattr__(self, "entity", self.entity.strip().upper())
        if self.text is not None:
            try:
                fulltext.parse(self.text)
            except fulltext.QueryError as exc:
                raise ReaderError(str(exc)) from None


# --------------------------------------------------------------------------- the interface


@dataclass
class ReadStats:
    queries: int = 0
    rows: int = 0
    seconds: float = 0.0
    request_charge: float = 0.0  # Cosmos RU (0 for SQLite)

    def describe(self) -> str:
        ru = f", {self.request_charge:,.1f} RU" if self.request_charge else ""
        return f"{self.queries} queries, {self.rows:,} rows in {self.seconds:.2f} s{ru}"


class DocumentReader(Protocol):
    label: str
    stats: ReadStats

    def chargeback(self, selection: Selection, fields: Sequence[str]) -> AsyncIterator[Row]:
        """The given fields of every chargeback document in the selection (any order)."""
        ...

    def audit_search(self, filters: AuditFilters, fields: Sequence[str] | None = None) -> AsyncIterator[Row]:
        """Matching audit documents in time order: projected rows, or whole documents (fields=None)."""
        ...

    async def audit_get(self, request_id: str) -> list[Row]:
        """Audit documents by request id (or document id): usually one."""
        ...

    async def chargeback_get(self, doc_id: str) -> Row | None:
        ...

    async def latest_period(self) -> str | None:
        """The most recent YYYY-MM period holding chargeback documents."""
        ...

    async def close(self) -> None:
        ...


def check_fields(fields: Sequence[str], allowed: frozenset[str]) -> list[str]:
    out: list[str] = []
    for name in fields:
        if name not in allowed or not _PATH.match(name):
            raise ValueError(f"field {name!r} cannot be queried (allowed: {', '.join(sorted(allowed))})")
        if name not in out:
            out.append(name)
    return out


def is_filtered(doc: Row) -> bool:
    """Python twin of the stores' ``--filtered`` condition (used by `audit show` and tests)."""
    def hit(results: Any) -> bool:
        return isinstance(results, dict) and any(
            isinstance(results.get(cat), dict) and results[cat].get("filtered") is True for cat in FILTER_CATEGORIES)
    for choice in doc.get("choices") or []:
        if choice.get("finish_reason") == "content_filter" or hit(choice.get("content_filter")):
            return True
    for result in doc.get("prompt_filter") or []:
        if isinstance(result, dict) and hit(result.get("content_filter_results")):
            return True
    error = doc.get("error")
    return isinstance(error, dict) and error.get("code") == "content_filter"


# --------------------------------------------------------------------------- SQLite


class SqliteReader:
    """Reads the embedded store read-only (a report never writes, never creates the file)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.label = f"SQLite {self.path}"
        self.stats = ReadStats()
        if not self.path.exists():
            raise ReaderError(f"database {self.path} does not exist (run `aoai-logpipe run` first, or pass --db)")
        self._conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)

    async def close(self) -> None:
        self._conn.close()

    def _rows(self, sql: str, params: Sequence[Any]) -> Any:
        started = time.perf_counter()
        self.stats.queries += 1
        try:
            cursor = self._conn.execute(sql, params)
            while batch := cursor.fetchmany(2000):
                self.stats.rows += len(batch)
                yield from batch
        except sqlite3.DatabaseError as exc:  # not a logpipe database, or not a database at all
            raise ReaderError(f"cannot read {self.path}: {exc} (is it an aoai-logpipe database?)") from None
        finally:
            self.stats.seconds += time.perf_counter() - started

    @staticmethod
    def _project(fields: list[str]) -> tuple[str, list[str]]:
        paths = ["$." + f for f in fields]
        if len(paths) == 1:  # json_extract with one path returns a scalar, with several a JSON array
            paths.append("$.id")
        return f"json_extract(doc, {', '.join('?' for _ in paths)})", paths

    @staticmethod
    def _selection(sel: Selection, where: list[str], params: list[Any]) -> None:
        if sel.period:
            where.append("period = ?")
            params.append(sel.period)
        if sel.time_from:
            where.append("time >= ?")
            params.append(sel.time_from)
        if sel.time_to:
            where.append("time < ?")
            params.append(sel.time_to)

    async def chargeback(self, selection: Selection, fields: Sequence[str]) -> AsyncIterator[Row]:
        names = check_fields(fields, CHARGEBACK_FIELDS)
        projection, paths = self._project(names)
        where: list[str] = []
        params: list[Any] = list(paths)
        self._selection(selection, where, params)
        sql = f"SELECT {projection} FROM chargeback" + (f" WHERE {' AND '.join(where)}" if where else "")
        for (values,) in self._rows(sql, params):
            yield dict(zip(names, json.loads(values)))

    async def audit_search(self, filters: AuditFilters, fields: Sequence[str] | None = None) -> AsyncIterator[Row]:
        where: list[str] = []
        params: list[Any] = []
        if fields is None:
            select, names = "doc", None
        else:
            names = check_fields(fields, AUDIT_FIELDS)
            select, paths = self._project(names)
            params.extend(paths)
        self._selection(filters.selection, where, params)

        def equals(path: str, value: Any, *alternatives: str) -> None:
            options = [path, *alternatives]
            where.append("(" + " OR ".join("json_extract(doc, ?) = ?" for _ in options) + ")")
            for option in options:
                params.extend((option, value))

        if filters.request_id:
            where.append("(id = ? OR json_extract(doc, '$.request_id') = ?)")
            params.extend((filters.request_id, filters.request_id))
        if filters.user:
            equals("$.caller.user_id", filters.user, "$.caller.user_name")
        if filters.app:
            equals("$.caller.app_id", filters.app)
        if filters.subscription:
            equals("$.caller.subscription_id", filters.subscription, "$.caller.subscription_name")
        if filters.deployment:
            equals("$.deployment", filters.deployment)
        if filters.model:
            equals("$.model", filters.model)
        if filters.completeness:
            equals("$.completeness", filters.completeness)
        if filters.verdict:
            if filters.verdict == "not_screened":  # no dlp section: DLP was off, nothing was screened
                where.append("(json_extract(doc, '$.dlp.verdict') = ? OR json_extract(doc, '$.dlp.verdict') IS NULL)")
            else:
                where.append("json_extract(doc, '$.dlp.verdict') = ?")
            params.append(filters.verdict)
        if filters.entity:
            where.append("(EXISTS (SELECT 1 FROM json_each(doc, '$.dlp.findings') f"
                         " WHERE json_extract(f.value, '$.entity') = ?)"
                         " OR EXISTS (SELECT 1 FROM json_each(doc, '$.dlp.counts.by_entity') e WHERE e.key = ?))")
            params.extend((filters.entity, filters.entity))
        if filters.filtered:
            # category names are constants (FILTER_CATEGORIES), never user input
            def cats(var: str, base: str) -> str:
                return " OR ".join(f"json_extract({var}.value, '$.{base}.{c}.filtered') = 1" for c in FILTER_CATEGORIES)
            where.append(
                "(EXISTS (SELECT 1 FROM json_each(doc, '$.choices') ch WHERE"
                f" json_extract(ch.value, '$.finish_reason') = 'content_filter' OR {cats('ch', 'content_filter')})"
                f" OR EXISTS (SELECT 1 FROM json_each(doc, '$.prompt_filter') pf WHERE {cats('pf', 'content_filter_results')})"
                " OR json_extract(doc, '$.error.code') = 'content_filter')")
        if filters.text:
            if not self._has_fulltext():
                raise ReaderError(f"{self.path} predates full-text search: open it once with this version "
                                  "(e.g. `aoai-logpipe run` on any input) to build the index")
            where.append("rowid IN (SELECT rowid FROM audit_fts WHERE audit_fts MATCH ?)")
            params.append(fulltext.fts5_query(fulltext.parse(filters.text)))
        sql = (f"SELECT {select} FROM audit" + (f" WHERE {' AND '.join(where)}" if where else "")
               + " ORDER BY time, id")
        for (value,) in self._rows(sql, params):
            if names is None:
                yield json.loads(value)
            else:
                yield dict(zip(names, json.loads(value)))

    async def audit_get(self, request_id: str) -> list[Row]:
        if AUDIT_ID.match(request_id):  # a document id: the primary key answers without a scan
            rows = list(self._rows("SELECT doc FROM audit WHERE id = ?", (request_id,)))
            if rows:
                return [json.loads(rows[0][0])]
        return [doc async for doc in self.audit_search(AuditFilters(request_id=request_id))]

    def _has_fulltext(self) -> bool:
        return bool(list(self._rows("SELECT 1 FROM sqlite_master WHERE name = 'audit_fts'", ())))

    async def chargeback_get(self, doc_id: str) -> Row | None:
        rows = list(self._rows("SELECT doc FROM chargeback WHERE id = ?", (doc_id,)))
        return json.loads(rows[0][0]) if rows else None

    async def latest_period(self) -> str | None:
        rows = list(self._rows("SELECT MAX(period) FROM chargeback WHERE period != ?", ("unknown",)))
        return rows[0][0] if rows else None


# --------------------------------------------------------------------------- Cosmos DB


class CosmosReader:
    """Reads the Cosmos DB containers with parameterized cross-partition queries.

    Only features the local Cosmos-compatible test server shares with real Cosmos DB are used:
    WHERE with parameters, projections with aliases, EXISTS / ARRAY subqueries, IS_DEFINED,
    ORDER BY on one path, MAX. No GROUP BY, OFFSET LIMIT, DISTINCT or LIKE.
    """

    def __init__(self, endpoint: str, credential: Any, *, database: str = "aoai-logpipe",
                 chargeback: str = "chargeback", audit: str = "audit", verify_tls: bool = True,
                 page_size: int = 1000, owns_credential: bool = False) -> None:
        from azure.cosmos.aio import CosmosClient

        self.label = f"Cosmos DB {database} at {endpoint}"
        self.stats = ReadStats()
        self.page_size = page_size
        self._credential = credential if owns_credential else None
        self._client = CosmosClient(endpoint, credential=credential, connection_verify=verify_tls)
        db = self._client.get_database_client(database)
        self.database, self.credential = db, credential  # for the security commands (reports/admin.py)
        self._chargeback = db.get_container_client(chargeback)
        self._audit = db.get_container_client(audit)

    @classmethod
    def from_settings(cls, settings: "Settings") -> "CosmosReader":
        c = settings.cosmos
        credential, owned = cosmos_credential(settings)
        return cls(c.endpoint, credential, database=c.database, chargeback=c.chargeback_container,
                   audit=c.audit_container, verify_tls=c.verify_tls, owns_credential=owned)

    async def close(self) -> None:
        await self._client.close()
        if self._credential is not None:
            await self._credential.close()

    def _charge(self, headers: Any, _result: Any) -> None:
        try:
            self.stats.request_charge += float(headers.get("x-ms-request-charge") or 0)
        except (TypeError, ValueError, AttributeError):
            pass

    async def _query(self, container: Any, query: str, params: dict[str, Any]) -> AsyncIterator[Row]:
        from azure.cosmos.exceptions import CosmosResourceNotFoundError

        started = time.perf_counter()
        self.stats.queries += 1
        parameters = [{"name": k, "value": v} for k, v in params.items()]
        try:
            async for item in container.query_items(query, parameters=parameters, max_item_count=self.page_size,
                                                    response_hook=self._charge):
                self.stats.rows += 1
                yield item
        except CosmosResourceNotFoundError:
            raise ReaderError(f"{self.label}: container {container.id} not found (has the pipeline written to it?)") from None
        finally:
            self.stats.seconds += time.perf_counter() - started

    @staticmethod
    def _project(fields: list[str]) -> str:
        # paths come from the whitelists; aliases f0, f1 ... keep nested paths flat and unambiguous
        return ", ".join(f"c.{name} AS f{i}" for i, name in enumerate(fields))

    @staticmethod
    def _selection(sel: Selection, where: list[str], params: dict[str, Any]) -> None:
        if sel.period:
            where.append("c.period = @period")
            params["@period"] = sel.period
        if sel.time_from:
            where.append("c.time >= @time_from")
            params["@time_from"] = sel.time_from
        if sel.time_to:
            where.append("c.time < @time_to")
            params["@time_to"] = sel.time_to

    async def chargeback(self, selection: Selection, fields: Sequence[str]) -> AsyncIterator[Row]:
        names = check_fields(fields, CHARGEBACK_FIELDS)
        where: list[str] = []
        params: dict[str, Any] = {}
        self._selection(selection, where, params)
        query = f"SELECT {self._project(names)} FROM c" + (f" WHERE {' AND '.join(where)}" if where else "")
        async for item in self._query(self._chargeback, query, params):
            yield {name: item.get(f"f{i}") for i, name in enumerate(names)}

    async def audit_search(self, filters: AuditFilters, fields: Sequence[str] | None = None) -> AsyncIterator[Row]:
        names = None if fields is None else check_fields(fields, AUDIT_FIELDS)
        where: list[str] = []
        params: dict[str, Any] = {}
        self._selection(filters.selection, where, params)
        if filters.request_id:
            where.append("(c.id = @request_id OR c.request_id = @request_id)")
            params["@request_id"] = filters.request_id
        for name, value, paths in (
            ("@user", filters.user, ("c.caller.user_id", "c.caller.user_name")),
            ("@app", filters.app, ("c.caller.app_id",)),
            ("@subscription", filters.subscription, ("c.caller.subscription_id", "c.caller.subscription_name")),
            ("@deployment", filters.deployment, ("c.deployment",)),
            ("@model", filters.model, ("c.model",)),
            ("@completeness", filters.completeness, ("c.completeness",)),
        ):
            if value:
                where.append("(" + " OR ".join(f"{p} = {name}" for p in paths) + ")")
                params[name] = value
        if filters.verdict:
            params["@verdict"] = filters.verdict
            where.append("(c.dlp.verdict = @verdict OR NOT IS_DEFINED(c.dlp.verdict))"
                         if filters.verdict == "not_screened" else "c.dlp.verdict = @verdict")
        if filters.entity:
            params["@entity"] = filters.entity
            # ARRAY_CONTAINS with partial match rather than EXISTS(SELECT ... IN c.dlp.findings): the local
            # server evaluates that subquery even where dlp is null (DLP off) and fails the whole query
            where.append("(ARRAY_CONTAINS(c.dlp.findings, {\"entity\": @entity}, true)"
                         " OR IS_DEFINED(c.dlp.counts.by_entity[@entity]))")
        if filters.filtered:
            def cats(var: str, base: str) -> str:  # constants only
                return " OR ".join(f"{var}.{base}.{c}.filtered = true" for c in FILTER_CATEGORIES)
            where.append(
                "(EXISTS(SELECT VALUE ch FROM ch IN c.choices WHERE ch.finish_reason = 'content_filter'"
                f" OR {cats('ch', 'content_filter')})"
                f" OR EXISTS(SELECT VALUE pf FROM pf IN c.prompt_filter WHERE {cats('pf', 'content_filter_results')})"
                " OR c.error.code = 'content_filter')")
        if filters.text:
            # search_text is the normalized stored text the sink writes (core/fulltext.py); see
            # docs/security.md for the full-text index real Cosmos DB can use instead
            for i, term in enumerate(fulltext.parse(filters.text)):
                where.append(f"CONTAINS(c.search_text, @text{i})")
                params[f"@text{i}"] = term.needle()
        select = "*" if names is None else self._project(names)
        query = (f"SELECT {select} FROM c" + (f" WHERE {' AND '.join(where)}" if where else "")
                 + " ORDER BY c.time")
        async for item in self._query(self._audit, query, params):
            if names is None:
                yield _strip_system(item)
            else:
                yield {name: item.get(f"f{i}") for i, name in enumerate(names)}

    async def audit_get(self, request_id: str) -> list[Row]:
        if AUDIT_ID.match(request_id):  # a document id: an equality on the indexed id, no OR
            found = [_strip_system(item) async for item in self._query(
                self._audit, "SELECT * FROM c WHERE c.id = @id", {"@id": request_id})]
            if found:
                return found
        return [doc async for doc in self.audit_search(AuditFilters(request_id=request_id))]

    async def chargeback_get(self, doc_id: str) -> Row | None:
        async for item in self._query(self._chargeback, "SELECT * FROM c WHERE c.id = @id", {"@id": doc_id}):
            return _strip_system(item)
        return None

    async def latest_period(self) -> str | None:
        async for value in self._query(self._chargeback, "SELECT VALUE MAX(c.period) FROM c WHERE c.period != @unknown",
                                       {"@unknown": "unknown"}):
            return value if isinstance(value, str) else None
        return None


#: what the Cosmos sink adds to a stored document: its partition key, the searchable text and a hold's ttl
STORAGE_FIELDS = frozenset({"pk", "search_text", "ttl"})


def cosmos_credential(settings: "Settings") -> tuple[Any, bool]:
    """The account key, or a managed-identity credential (owned: close it after use)."""
    c = settings.cosmos
    if not c.endpoint:
        raise ReaderError("the cosmos store needs cosmos.endpoint (AOAI_LOGPIPE_COSMOS__ENDPOINT)")
    if c.key is not None:
        return c.key.get_secret_value(), False
    from aoai_logpipe.app import azure_credential

    return azure_credential(), True


def _strip_system(doc: Row) -> Row:
    return {k: v for k, v in doc.items() if k not in STORAGE_FIELDS and not k.startswith("_")}


def open_reader(settings: "Settings") -> DocumentReader:
    """The reader for the configured sink: SQLite (settings.sqlite.path) or Cosmos DB (settings.cosmos)."""
    if settings.sink == "cosmos":
        return CosmosReader.from_settings(settings)
    return SqliteReader(settings.sqlite.path)
