"""`prune` (retention on either store) and `hold` (legal holds), both recorded in the access log.

    aoai-logpipe prune --before 2026-01-01 [--deadletters] [--dry-run]
    aoai-logpipe hold --user user-7 --case INC-42 --reason "litigation hold, counsel ticket 881"
    aoai-logpipe hold --list [--all]
    aoai-logpipe hold --release-case INC-42 --reason "case closed"

A hold covers a user's audit documents (by user id or name, including ones written later) or
one request's. Held documents are never pruned, and on Cosmos DB they carry `ttl: -1`, which
overrides the audit container's default TTL, until the last hold covering them is released.
An erasure of a held user is refused.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from typing import Any

from aoai_logpipe.reports.commands import EXIT_CONFIG, EXIT_OK, EXIT_USAGE, Handler, _store_options


def _settle_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--settle", type=float, metavar="SECONDS",
                        help=f"Cosmos DB: wait this long, then {what} again, for workers that had not yet re-read "
                             "the security container (default: cosmos.policy_refresh_s + 10)")


def add_commands(subparsers: Any) -> dict[str, Handler]:
    pr = subparsers.add_parser(
        "prune", help="delete audit documents older than a date (retention), except held ones",
        description="Delete the audit documents whose time is before DATE from the configured store (SQLite or "
                    "Cosmos DB), except those under a legal hold. Chargeback documents are kept.")
    pr.add_argument("--before", required=True, metavar="DATE", help="date (UTC, exclusive) or ISO date-time")
    pr.add_argument("--deadletters", action="store_true", help="also delete dead letters enqueued before DATE "
                                                              "(they hold raw event bytes, prompts included)")
    pr.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")
    _store_options(pr)

    ho = subparsers.add_parser(
        "hold", help="place, list or release legal holds (held documents escape prune and TTL)",
        description="Place a legal hold on a user's or a request's audit documents, list holds with their reason, "
                    "or release them. Held documents are never pruned and (Cosmos DB) never expire by TTL.")
    mode = ho.add_mutually_exclusive_group()
    mode.add_argument("--list", action="store_true", help="list active holds (with --all: released ones too)")
    mode.add_argument("--release", nargs="+", metavar="HOLD_ID", help="release these holds")
    mode.add_argument("--release-case", metavar="CASE", help="release every active hold of this case")
    ho.add_argument("--user", action="append", default=[], help="hold this user's conversations (id or name; repeatable)")
    ho.add_argument("--request", action="append", default=[], help="hold this request's conversation (repeatable)")
    ho.add_argument("--case", help="the case the hold belongs to (default: a new case id)")
    ho.add_argument("--reason", help="why (required to place a hold; recorded with the hold and in the access log)")
    ho.add_argument("--all", action="store_true", help="with --list: include released holds")
    _settle_option(ho, "stamp the held documents")
    _store_options(ho)
    return {"prune": cmd_prune, "hold": cmd_hold}


def cmd_prune(args: argparse.Namespace) -> int:
    from aoai_logpipe.reports.reader import ReaderError, parse_bound

    try:
        before = parse_bound(args.before, end=False)
    except ReaderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE

    async def work(reader: Any, log: Any) -> int:
        result = await log.admin.prune(before, dry_run=args.dry_run, deadletters=args.deadletters)
        await log.record("prune", {"before": before, "deadletters": args.deadletters, "dry_run": args.dry_run},
                         result.audit_deleted)
        verb = "would delete" if args.dry_run else "deleted"
        print(f"{verb} {len(result.audit_deleted):,} audit documents older than {before}"
              + (f" ({result.held:,} older ones kept: under a legal hold)" if result.held else "")
              + (f" and {result.deadletters_deleted:,} dead letters" if args.deadletters else "")
              + f" from {log.admin.label}")
        return EXIT_OK

    return _logged(args, work)


def cmd_hold(args: argparse.Namespace) -> int:
    if args.list:
        return _logged(args, _list_holds(args))
    if args.release or args.release_case:
        return _logged(args, _release(args))
    if not (args.user or args.request):
        print("error: name what to hold: --user and/or --request (or use --list, --release, --release-case)",
              file=sys.stderr)
        return EXIT_USAGE
    if not args.reason:
        print("error: a hold needs --reason (it is listed with the hold and kept in the access log)", file=sys.stderr)
        return EXIT_USAGE

    async def work(reader: Any, log: Any) -> int:
        from aoai_logpipe.core import privacy
        from aoai_logpipe.reports import admin

        by = await admin.principal(reader)
        case = args.case or f"case-{secrets.token_hex(4)}"
        holds = [{"id": f"hold-{secrets.token_hex(8)}", "case": case, "kind": kind, "value": value,
                  "subject": privacy.subject_hash(value) if kind == "user" else None, "reason": args.reason,
                  "created": admin.now(), "created_by": by, "released": None}
                 for kind, values in (("user", args.user), ("request", args.request)) for value in values]
        covered = await log.admin.place_holds(holds)
        await log.record("hold", {"case": case, "users": args.user, "requests": args.request, "reason": args.reason},
                         [h["id"] for h in holds])
        for hold in holds:
            print(f"placed {hold['id']} ({hold['kind']} {hold['value']}) in {case}")
        print(f"{covered:,} audit documents held now; later ones of these users are held as they arrive")
        return EXIT_OK

    return _logged(args, work)


def _list_holds(args: argparse.Namespace) -> Any:
    async def work(reader: Any, log: Any) -> int:
        from aoai_logpipe.reports.audit import safe
        from aoai_logpipe.reports.text import table

        holds = [h for h in await log.admin.holds() if args.all or not h.get("released")]
        rows = [[h["id"], safe(h["case"]), h["kind"], safe(h["value"]), h["created"][:19], safe(h["created_by"]),
                 (h["released"] or {}).get("time", "-")[:19], safe(h["reason"])] for h in holds]
        if rows:
            print(table(["hold", "case", "kind", "value", "placed", "by", "released", "reason"], rows, [False] * 8))
        print(f"{len(holds):,} {'' if args.all else 'active '}holds in {log.admin.label}")
        return EXIT_OK
    return work


def _release(args: argparse.Namespace) -> Any:
    async def work(reader: Any, log: Any) -> int:
        from aoai_logpipe.reports import admin

        holds = await log.admin.holds()
        wanted = set(args.release or []) if args.release else {h["id"] for h in holds if h["case"] == args.release_case}
        unknown = sorted(wanted - {h["id"] for h in holds})
        if unknown or not wanted:
            print(f"error: no such hold: {', '.join(unknown) or args.release_case} (see `aoai-logpipe hold --list`)",
                  file=sys.stderr)
            return EXIT_CONFIG
        released = await log.admin.release_holds(sorted(wanted), {"time": admin.now(), "by": await admin.principal(reader),
                                                                  "reason": args.reason})
        await log.record("hold release", {"holds": sorted(wanted), "reason": args.reason}, [h["id"] for h in released])
        print(f"released {len(released):,} holds" + (f" of {args.release_case}" if args.release_case else ""))
        return EXIT_OK
    return work


def _logged(args: argparse.Namespace, work: Any) -> int:
    from aoai_logpipe.reports.audit_cli import execute_logged

    return execute_logged(args, work)
