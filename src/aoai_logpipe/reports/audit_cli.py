"""The `audit` command: search (criteria, full text, counts, pages), `audit show`, `audit access-log`.

Every search, show and export appends a record to the store's access log (reports/admin.py)
before anything is printed: if the record cannot be written, nothing is shown (exit 3).
A JSON-lines export streams, so its record is appended when the export is complete.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Awaitable, Callable

from aoai_logpipe.reports.commands import (
    EXIT_CHECK,
    EXIT_CONFIG,
    EXIT_OK,
    EXIT_USAGE,
    Handler,
    _execute,
    _out_option,
    _output,
    _selection,
    _selection_options,
    _settings,
    _store_options,
)
from aoai_logpipe.reports.admin import AccessLog
from aoai_logpipe.reports.reader import COMPLETENESS, VERDICTS, AuditFilters, DocumentReader


def add_command(subparsers: Any) -> Handler:
    from aoai_logpipe.reports.investigate import COUNT_BY

    au = subparsers.add_parser(
        "audit", help="search audit documents (caller, text, DLP findings, content filter); `audit show ID`",
        description="Search conversations. All criteria combine with AND. `aoai-logpipe audit show REQUEST_ID` "
                    "prints one conversation as stored (with the DLP policy's redactions); `audit access-log` "
                    "lists who searched, showed and exported, and verifies the log's hash chain. Every search, "
                    "show and export is recorded in that log.")
    _selection_options(au, ": everything")
    crit = au.add_argument_group("criteria")
    crit.add_argument("--text", metavar="QUERY",
                      help='words and "phrases" in the stored text (all must occur; word* for a prefix; case-insensitive)')
    crit.add_argument("--user", help="caller user id or user name")
    crit.add_argument("--app", help="caller app id")
    crit.add_argument("--subscription", help="subscription id or name")
    crit.add_argument("--deployment", help="deployment name")
    crit.add_argument("--model", help="billable model")
    crit.add_argument("--entity", help="a DLP entity found in the conversation (e.g. CREDIT_CARD, US_SSN)")
    crit.add_argument("--verdict", choices=VERDICTS,
                      help="DLP verdict (documents written with DLP off count as not_screened)")
    crit.add_argument("--filtered", action="store_true", help="content filter hit (a filtered category or finish_reason content_filter)")
    crit.add_argument("--completeness", choices=COMPLETENESS)
    au.add_argument("--count-by", choices=COUNT_BY, help="count the matching conversations by this instead of listing them")
    au.add_argument("--format", choices=["table", "jsonl"], default="table",
                    help="table of matches, or the whole audit documents as JSON lines (export)")
    au.add_argument("--limit", type=int, metavar="N", help="at most N matches (default: 100 in a table, all in jsonl)")
    au.add_argument("--cursor", metavar="CURSOR", help="the next page of a table: the cursor the previous page printed")
    _out_option(au)
    _store_options(au)
    actions = au.add_subparsers(dest="audit_action", metavar="{show,access-log}")
    show = actions.add_parser("show", help="print one conversation readably",
                              description="Print one stored conversation: caller, messages and parts, tool calls, "
                                          "content-filter results, DLP findings (stored text carries the redactions).")
    show.add_argument("request_id", help="request id (or audit document id)")
    show.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print the stored document as JSON")
    _store_options(show, suppress=True)
    log = actions.add_parser(
        "access-log", help="list the access log and verify its hash chain",
        description="List who searched, showed, exported, held, pruned or erased, and verify the hash chain "
                    "(exit 4 if a record was edited, removed or reordered).")
    log.add_argument("--limit", type=int, default=50, metavar="N", help="list the last N records (default: %(default)s; 0: all)")
    log.add_argument("--head", metavar="SEQ:HASH", help="a head printed earlier: check it is still in the chain unchanged")
    log.add_argument("--format", choices=["table", "jsonl"], default=argparse.SUPPRESS, help="table or JSON lines")
    _store_options(log, suppress=True)
    return cmd_audit


def cmd_audit(args: argparse.Namespace) -> int:
    action = getattr(args, "audit_action", None)
    if action == "show":
        return _audit_show(args)
    if action == "access-log":
        return _access_log(args)
    if args.cursor and (args.format != "table" or args.count_by):
        print("error: --cursor pages a table; it does not combine with --format jsonl or --count-by", file=sys.stderr)
        return EXIT_USAGE
    try:
        filters = AuditFilters(selection=_selection(args), user=args.user, app=args.app, subscription=args.subscription,
                               deployment=args.deployment, model=args.model, entity=args.entity, verdict=args.verdict,
                               filtered=args.filtered, completeness=args.completeness, text=args.text)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE

    async def work(reader: DocumentReader, log: AccessLog) -> int:
        from aoai_logpipe.reports import audit, investigate

        investigate.check_entity(args.entity, investigate.known_entities(_configured_entities(_settings(args))))
        if args.format == "jsonl":
            return await _export_jsonl(reader, log, filters, args)
        if args.count_by:
            rows = await audit.search(reader, filters)
            counts = investigate.count_by(rows, args.count_by)
            await log.record("audit count", {**audit.criteria(filters), "count_by": args.count_by},
                             [str(r["request_id"]) for r in rows])
            with _output(args.out) as out:
                out.write(audit.render_counts(counts, args.count_by, len(rows), filters, reader.label))
            return EXIT_OK
        cursor = investigate.decode(args.cursor, filters) if args.cursor else None
        rows = await audit.search(reader, investigate.after(filters, cursor))
        page = investigate.page(rows, filters, cursor, 100 if args.limit is None else max(args.limit, 1))
        shown = {"rows": f"{page.first}-{page.first + len(page.rows) - 1}"} if cursor else {}
        await log.record("audit search", {**audit.criteria(filters), **shown}, [str(r["request_id"]) for r in page.rows],
                         count=page.total)
        with _output(args.out) as out:
            out.write(audit.render_search(page.rows, None, filters, reader.label, page))
        return EXIT_OK

    return execute_logged(args, work)


def execute_logged(args: argparse.Namespace, work: Callable[[DocumentReader, AccessLog], Awaitable[int]]) -> int:
    """`_execute` with the store's access log open before the work starts (and closed after)."""
    async def logged(reader: DocumentReader) -> int:
        log = AccessLog(reader, _settings(args), getattr(args, "settle", None))
        try:
            await log.open()
            return await work(reader, log)
        finally:
            await log.close()

    return _execute(args, logged)


async def _export_jsonl(reader: DocumentReader, log: AccessLog, filters: AuditFilters, args: argparse.Namespace) -> int:
    from aoai_logpipe.reports import audit

    ids: list[str] = []
    with _output(args.out) as out:
        async for doc in reader.audit_search(filters):
            if args.limit is not None and len(ids) >= args.limit:
                break
            out.write(next(iter(audit.jsonl([doc]))))
            ids.append(str(doc.get("request_id")))
    await log.record("audit export", {**audit.criteria(filters), "format": "jsonl"}, ids)
    if args.out:
        print(f"wrote {len(ids):,} audit documents to {args.out}", file=sys.stderr)
    return EXIT_OK


def _configured_entities(settings: Any) -> list[str]:
    entities = settings.dlp.model_dump().get("entities")
    if isinstance(entities, str):
        return [e.strip() for e in entities.split(",") if e.strip()]
    return list(entities or [])


def _audit_show(args: argparse.Namespace) -> int:
    from aoai_logpipe.reports import audit

    async def work(reader: DocumentReader, log: AccessLog) -> int:
        docs = await reader.audit_get(args.request_id)
        if not docs:
            print(f"error: no audit document for request id {audit.safe(args.request_id)}", file=sys.stderr)
            return EXIT_CONFIG
        await log.record("audit show", {"request_id": args.request_id}, [str(d.get("request_id")) for d in docs])
        texts = []
        for doc in docs:
            if getattr(args, "json", False):
                texts.append(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
                continue
            charge = await reader.chargeback_get("cb-" + str(doc.get("id", ""))[3:])
            texts.append(audit.render_show(doc, charge))
        sys.stdout.write(("\n" + "═" * 72 + "\n\n").join(texts))
        return EXIT_OK

    return execute_logged(args, work)


def _access_log(args: argparse.Namespace) -> int:
    from aoai_logpipe.core import accesschain
    from aoai_logpipe.reports import access_log
    from aoai_logpipe.reports.admin import open_admin

    try:
        head = access_log.parse_head(args.head) if args.head else None
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE

    async def work(reader: DocumentReader) -> int:
        admin = open_admin(reader, _settings(args))
        try:
            records = await admin.access_records()
        finally:
            await admin.close()
        problems = accesschain.verify(records, head)
        shown = records[-args.limit:] if args.limit > 0 else records
        if getattr(args, "format", "table") == "jsonl":
            sys.stdout.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in shown)
        else:
            sys.stdout.write(access_log.render(shown, len(records), admin.label))
        print(access_log.verdict(records, problems), file=sys.stderr if getattr(args, "format", "table") == "jsonl" else sys.stdout)
        return EXIT_CHECK if problems else EXIT_OK

    return _execute(args, work)

