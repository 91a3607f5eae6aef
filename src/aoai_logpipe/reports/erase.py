"""`erase --user ID`: a data subject's erasure (GDPR Art. 17) that finance can live with.

    aoai-logpipe erase --user user-7 --reason "DSR-2026-113" --yes

1. Refused if any of the user's conversations is under a legal hold.
2. Writes a tombstone: the SHA-256 of the identifier and a random pseudonym (`erased-…`).
3. Deletes the user's audit documents (and, on SQLite, their full-text rows).
4. Rewrites the user's chargeback documents with `user_id` = the pseudonym and `user_name`,
   `client_ip` cleared: same ids, same tokens and amounts, so every rollup is unchanged in money.
5. Drops the payload of every dead letter that names the user (one of the payload's strings is
   their id or name): the record stays, with its reason, position and digest, so the event is
   still accounted for.
6. Records the erasure in the access log (by hash: the log does not name the user again).

The sinks consult the tombstones on every write (core/privacy.py), so a replay or a late event
never brings the conversations back, and writes the charges pseudonymized, over the same ids, and
the dead letters naming the user without their payload.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from typing import Any

from aoai_logpipe.reports.commands import EXIT_CONFIG, EXIT_OK, EXIT_USAGE, Handler, _store_options


def add_command(subparsers: Any) -> Handler:
    from aoai_logpipe.reports.retention import _settle_option

    er = subparsers.add_parser(
        "erase", help="erase a user's conversations, pseudonymize their charges, keep a tombstone",
        description="Delete a data subject's audit documents, pseudonymize the caller of their chargeback documents "
                    "(amounts and counts unchanged), drop the payload of dead letters naming them and write a tombstone so replays and late events never bring "
                    "the conversations back. Irreversible: pass --yes (or confirm at the prompt).")
    er.add_argument("--user", required=True, help="the user id (or user name) to erase")
    er.add_argument("--reason", required=True, help="why (e.g. the request's ticket); kept in the tombstone and access log")
    er.add_argument("--dry-run", action="store_true", help="count what would change, change nothing")
    er.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    _settle_option(er, "sweep")
    _store_options(er)
    return cmd_erase


def _confirmed(args: argparse.Namespace) -> bool:
    if args.yes or args.dry_run:
        return True
    if not sys.stdin.isatty():
        return False
    answer = input(f"erase every conversation of {args.user!r}? this cannot be undone; type the user id to confirm: ")
    return answer.strip() == args.user


def cmd_erase(args: argparse.Namespace) -> int:
    from aoai_logpipe.core import privacy

    if not _confirmed(args):
        print("error: erasure is irreversible: pass --yes (or run it at a terminal and confirm)", file=sys.stderr)
        return EXIT_USAGE

    async def work(reader: Any, log: Any) -> int:
        from aoai_logpipe.reports import admin

        stone = {"pseudonym": privacy.new_pseudonym(secrets.token_hex(6)), "time": admin.now(),
                 "by": await admin.principal(reader), "reason": args.reason}
        subject = privacy.subject_hash(args.user)
        try:
            result = await log.admin.erase(args.user, stone, dry_run=args.dry_run)
        except privacy.HeldError as exc:
            await log.record("erase refused", {"subject_sha256": subject, "reason": args.reason, "why": "legal hold"}, [])
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_CONFIG
        await log.record("erase", {"subject_sha256": subject, "reason": args.reason, "dry_run": args.dry_run,
                                   "chargebacks_pseudonymized": len(result.chargebacks_pseudonymized),
                                   "deadletters_scrubbed": len(result.deadletters_scrubbed)},
                         result.audit_deleted)
        pseudonym = result.tombstone["pseudonym"]
        if args.dry_run:
            print(f"would delete {len(result.audit_deleted):,} audit documents, pseudonymize "
                  f"{len(result.chargebacks_pseudonymized):,} chargeback documents and drop the payload of "
                  f"{len(result.deadletters_scrubbed):,} dead letters in {log.admin.label}")
        else:
            print(f"deleted {len(result.audit_deleted):,} audit documents; {len(result.chargebacks_pseudonymized):,} "
                  f"chargeback documents now carry {pseudonym} (amounts unchanged); {len(result.deadletters_scrubbed):,} "
                  f"dead letters naming the user kept without their payload; tombstone kept: replays and late "
                  f"events of this user are not written again ({log.admin.label})")
        return EXIT_OK

    from aoai_logpipe.reports.audit_cli import execute_logged

    return execute_logged(args, work)
