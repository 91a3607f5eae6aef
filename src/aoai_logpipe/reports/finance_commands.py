"""Command-line wiring of the finance features: `chargeback` (filters, allocation, comparison,
period close), `export chargeback` (stable CSV, FOCUS) and `budgets`.

The store plumbing (settings, readers, exit codes, --out) is shared with reports/commands.py.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator

from aoai_logpipe.reports import commands
from aoai_logpipe.reports.commands import EXIT_OK, EXIT_USAGE, _execute, _output, _with_default_period
from aoai_logpipe.reports.reader import DocumentReader, Selection, parse_period, selection as make_selection


def finance(args: argparse.Namespace) -> Any:
    """The `finance` settings section of the configuration `_execute` loaded."""
    return args.loaded_settings.finance


def allocator(args: argparse.Namespace) -> Any:
    from aoai_logpipe.reports.allocation import Allocator

    return Allocator(finance(args).allocation)


# --------------------------------------------------------------------------- chargeback


def add_chargeback_options(cb: argparse.ArgumentParser) -> None:
    cb.add_argument("--where", action="append", metavar="DIM=VALUE",
                    help="only requests whose dimension has this value (a|b for either; repeat to combine with AND; "
                         "(none) or (unallocated) for missing values), e.g. --where cost_center=CC-3003")
    cb.add_argument("--compare", metavar="PERIOD",
                    help="compare with this period (YYYY-MM): both periods and the absolute and percent change per group")
    cb.add_argument("--totals", type=Path, metavar="FILE",
                    help="also write the total as a one-row CSV to FILE (CSV output never carries a TOTAL row)")
    cb.add_argument("--as-closed", action="store_true",
                    help="the numbers of a closed period exactly as closed (from its snapshot), whatever came later")
    actions = cb.add_subparsers(dest="chargeback_action", metavar="close")
    close = actions.add_parser(
        "close", help="close a period: store a frozen snapshot (rollup, document ids, content hash)",
        description="Freeze a period's chargeback: its documents, their hashes, the rollup and a content hash are "
                    "stored once in the store's finance ledger. Later events for the period never change it: they "
                    "appear as adjustments in the next open period. `chargeback --period P --as-closed` reproduces it.")
    close.add_argument("--period", required=True, help="the month to close, YYYY-MM")
    close.add_argument("--by", default="cost_center", help="dimensions of the rollup stored with it (default: %(default)s)")
    commands._store_options(close, suppress=True)


def _wheres(args: argparse.Namespace) -> tuple[Any, ...]:
    from aoai_logpipe.reports import filters

    return filters.parse(getattr(args, "where", None))


def _write_totals(path: Path | None, text: str) -> None:
    if path is not None:
        with _output(path) as out:
            out.write(text)
        print(f"wrote the total to {path}", file=sys.stderr)


@asynccontextmanager
async def ledger_of(args: argparse.Namespace, write: bool = False) -> AsyncIterator[Any]:
    from aoai_logpipe.io.ledger import open_ledger

    ledger = open_ledger(args.loaded_settings, write)
    try:
        yield ledger
    finally:
        await ledger.close()


def cmd_chargeback(args: argparse.Namespace) -> int:
    from aoai_logpipe.reports import rollup

    if getattr(args, "chargeback_action", None) == "close":
        return cmd_close(args)
    try:
        by = rollup.parse_by(args.by)
        sel = commands._selection(args)
        wheres = _wheres(args)
        compared = parse_period(args.compare) if args.compare else None
        if compared and (sel.time_from or sel.time_to or args.top):
            raise ValueError("--compare compares whole periods: use it with --period, without --from/--to or --top")
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE

    async def work(reader: DocumentReader) -> int:
        chosen = await _with_default_period(reader, sel)
        config = finance(args)

        async def period_rollup(selection: Selection) -> Any:
            async with ledger_of(args) as ledger:
                return await rollup.chargeback(reader, selection, by, sort=args.sort, currency=args.currency,
                                               wheres=wheres, allocator=allocator(args),
                                               warn_share=config.unallocated_warn_share, ledger=ledger,
                                               as_closed=args.as_closed)

        result = await period_rollup(chosen)
        if compared is not None:
            from aoai_logpipe.reports import compare

            comparison = compare.compare(result, await period_rollup(Selection(period=compared)))
            with _output(args.out) as out:
                out.write(compare.render(comparison, args.format))
            return EXIT_OK
        if args.format != "table" or args.out:  # the table says it itself
            for warning in result.warnings:
                print(f"warning: {warning}", file=sys.stderr)
        _write_totals(args.totals, rollup.render_totals_csv(result))
        if args.top:
            result = result.top(args.top)
        with _output(args.out) as out:
            out.write(rollup.render(result, args.format, args.decimals))
        return EXIT_OK

    return _execute(args, work)


def cmd_close(args: argparse.Namespace) -> int:
    from aoai_logpipe.reports import close, rollup

    try:
        period = parse_period(args.period)
        by = rollup.parse_by(args.by)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE

    async def work(reader: DocumentReader) -> int:
        config = finance(args)

        def summary(rows: list[Any]) -> Any:
            allocated = [r["allocated"] for r in rows]
            result = rollup.aggregate(allocated, by, Selection(period=period), reader.label)
            document = rollup.to_json(rollup.finish(result, rollup.allocation_facts(allocated,
                                                                                    config.unallocated_warn_share)))
            document.pop("source")
            return document

        async with ledger_of(args, write=True) as ledger:
            snap = await close.close_period(reader, ledger, period, allocator(args), summary)
        total = snap.header["rollup"]["total"]
        print(f"closed {period} at {snap.closed_at}: {len(snap.own):,} documents, {total['requests']:,} requests, "
              f"{total['cost_total']} {snap.header['rollup']['currency'] or ''} (snapshot {snap.header['hash'][:12]})"
              + (f"; {len(snap.absorbed):,} late changes of {', '.join(snap.header['adjusted_periods'])} billed here"
                 if snap.absorbed else ""))
        return EXIT_OK

    return _execute(args, work)


# --------------------------------------------------------------------------- export chargeback


def add_export_options(export: argparse.ArgumentParser) -> None:
    """Options of `export` beyond the SQLite original (chargeback reads either store)."""
    export.add_argument("--from", dest="time_from", metavar="DATE", help="from this date or ISO date-time (UTC, inclusive)")
    export.add_argument("--to", dest="time_to", metavar="DATE",
                        help="to this date (inclusive: the whole day) or ISO date-time (exclusive), UTC")
    export.add_argument("--where", action="append", metavar="DIM=VALUE", help="chargeback: as for `chargeback --where`")
    export.add_argument("--tag", action="append", default=[], metavar="KEY",
                        help="chargeback CSV: add a tags.KEY column (present whatever the data)")
    export.add_argument("--totals", type=Path, metavar="FILE", help="chargeback: write the total to this one-row CSV")
    export.add_argument("--grain", choices=["day", "request"], default="day",
                        help="FOCUS rows per day and SKU (default), or per request and token kind")
    export.add_argument("--as-closed", action="store_true", help="chargeback: a closed period exactly as closed")


def cmd_export_chargeback(args: argparse.Namespace) -> int:
    from aoai_logpipe.reports import exports

    try:
        sel = make_selection(args.period, args.time_from, args.time_to)
        wheres = _wheres(args)
        for key in args.tag:
            if not key or any(c in key for c in ",\n\r"):
                raise ValueError(f"--tag takes a tag key, not {key!r}")
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE

    async def work(reader: DocumentReader) -> int:
        async with ledger_of(args) as ledger:
            docs = await exports.rows(reader, sel, wheres, allocator(args), ledger, as_closed=args.as_closed)
        if args.format == "focus":
            from aoai_logpipe.reports import focus

            with _output(args.out) as out:
                written, skipped = focus.write(docs, out, grain=args.grain, billed_in=sel.period)
            if skipped:
                print(f"note: {skipped:,} unpriced requests are not in the FOCUS file (their cost is unknown; "
                      "see `chargeback` for their tokens)", file=sys.stderr)
        else:
            with _output(args.out) as out:
                written = (exports.write_csv(docs, out, args.tag) if args.format == "csv"
                           else exports.write_jsonl(docs, out))
        _write_totals(args.totals, exports.totals_csv(docs, sel))
        if args.out:
            print(f"wrote {written:,} {'FOCUS rows' if args.format == 'focus' else 'chargeback documents'} "
                  f"to {args.out}", file=sys.stderr)
        return EXIT_OK

    return _execute(args, work)


# --------------------------------------------------------------------------- budgets


def add_commands(subparsers: Any) -> dict[str, commands.Handler]:
    bu = subparsers.add_parser(
        "budgets", help="budgets: spend to date, percent used, forecast to month end, status; `budgets check` notifies",
        description="Show each budget of finance.budgets for a month: spend to date (allocation and adjustments "
                    "included), percent used, a forecast to the month's end and a status. `aoai-logpipe budgets check` "
                    "notifies each crossed threshold once (webhook and a structured log event).")
    bu.add_argument("--period", help="month YYYY-MM (default: the month of --as-of)")
    _as_of_option(bu)
    bu.add_argument("--format", choices=["table", "json"], default="table")
    commands._out_option(bu)
    commands._store_options(bu)
    actions = bu.add_subparsers(dest="budgets_action", metavar="check")
    check = actions.add_parser("check", help="notify crossed thresholds, once per budget, threshold and month",
                               description="For the month of --as-of (default now): notify every crossed threshold "
                                           "not notified yet, idempotently across runs and replicas (the scheduled "
                                           "Container Apps Job runs this). Exit 4 if a webhook refused.")
    _as_of_option(check, suppress=True)
    commands._store_options(check, suppress=True)
    return {"budgets": cmd_budgets}


def _as_of_option(parser: argparse.ArgumentParser, suppress: bool = False) -> None:
    parser.add_argument("--as-of", metavar="TIME", default=argparse.SUPPRESS if suppress else None,
                        help="evaluate as of this UTC date-time (default: now)")


def _as_of(args: argparse.Namespace) -> Any:
    from datetime import datetime, timezone

    text = getattr(args, "as_of", None)
    if not text:
        return datetime.now(timezone.utc)
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"--as-of must be an ISO date or date-time (2026-10-20T12:00:00Z), not {text!r}") from None
    return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)


def cmd_budgets(args: argparse.Namespace) -> int:
    from aoai_logpipe.reports import budgets, notify

    checking = getattr(args, "budgets_action", None) == "check"
    try:
        as_of = _as_of(args)
        period = None if checking or not args.period else parse_period(args.period)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE

    async def work(reader: DocumentReader) -> int:
        config = finance(args)
        if checking:  # the scheduled job: its events go to Log Analytics as JSON (the alert rule reads them)
            from aoai_logpipe.logjson import configure

            configure(args.loaded_settings.log_level, args.loaded_settings.log_format)
        async with ledger_of(args, write=checking) as ledger:
            statuses = await budgets.evaluate(reader, ledger, config.budgets, allocator(args), as_of, period)
            if not checking:
                with _output(args.out) as out:
                    out.write(budgets.render(statuses, args.format, reader.label))
                return EXIT_OK
            hook = config.webhook
            send = (notify.webhook_sender(hook.url.get_secret_value(), hook.format, hook.timeout_s)
                    if hook.url is not None else None)
            result = await notify.check(statuses, ledger, send, claim_timeout_s=config.claim_timeout_s)
        print(f"budgets checked: {len(statuses)} budgets, {len(result.sent)} notifications sent, {result.already} "
              f"already sent, {len(result.failed)} failed" + ("" if send else " (no webhook configured: log events only)"))
        if result.failed:
            print("error: the webhook refused some notifications; the next check retries them", file=sys.stderr)
            return commands.EXIT_CHECK
        return EXIT_OK

    return _execute(args, work)
