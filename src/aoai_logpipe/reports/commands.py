"""Command-line wiring of the reports: `chargeback`, `reconcile`, `audit` (reports/audit_cli.py), `report`.

`add_commands(subparsers)` adds the four sub-commands to the main parser and returns their
handlers by name; `aoai_logpipe.cli` merges them into its command table. Every command reads
the configured store: `--db PATH` (SQLite, default `sqlite.path` = out/logpipe.db) or
`--sink cosmos` with the Cosmos settings of `--config FILE` / AOAI_LOGPIPE_COSMOS__*.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterator, TextIO

from aoai_logpipe.reports.reader import (
    DocumentReader,
    ReaderError,
    Selection,
    open_reader,
    selection as make_selection,
)

EXIT_OK, EXIT_USAGE, EXIT_CONFIG, EXIT_CHECK = 0, 2, 3, 4
Handler = Callable[[argparse.Namespace], int]


# --------------------------------------------------------------------------- parser


def _store_options(parser: argparse.ArgumentParser, suppress: bool = False) -> None:
    default = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group("store")
    group.add_argument("--db", type=Path, default=default, help="SQLite database (default: sqlite.path, out/logpipe.db)")
    group.add_argument("--sink", choices=["sqlite", "cosmos"], default=default,
                       help="document store to read (default: the configured sink, sqlite)")
    group.add_argument("--config", type=Path, default=default, help="config file (.toml or .json), as for `run`")
    group.add_argument("--stats", action="store_true", default=default if suppress else False,
                       help="print query statistics (queries, rows, seconds, Cosmos RU) to standard error")


def _selection_options(parser: argparse.ArgumentParser, what: str) -> None:
    group = parser.add_argument_group("selection")
    group.add_argument("--period", help=f"month YYYY-MM (default{what})")
    group.add_argument("--from", dest="time_from", metavar="DATE", help="from this date or ISO date-time (UTC, inclusive)")
    group.add_argument("--to", dest="time_to", metavar="DATE",
                       help="to this date (inclusive: the whole day) or ISO date-time (exclusive), UTC")


def _out_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, help="write to this file (default: standard output)")


def add_commands(subparsers: Any) -> dict[str, Handler]:
    """Add chargeback, reconcile, audit and report to the main parser; return their handlers."""
    from aoai_logpipe.reports import finance_commands
    from aoai_logpipe.reports.rollup import DIMENSIONS

    latest = ": the latest period in the store"
    cb = subparsers.add_parser(
        "chargeback", help="cost and token rollup for a period, grouped by any caller/model dimension",
        description="Roll up the chargeback documents of a period (computed at query time, exact Decimal sums: "
                    "groups add up to the total). Estimated-usage and unpriced requests are counted separately.")
    _selection_options(cb, latest)
    cb.add_argument("--by", default="cost_center",
                    help=f"comma-separated dimensions: {', '.join(DIMENSIONS)}, tags.<key> (default: %(default)s)")
    cb.add_argument("--format", choices=["table", "csv", "json"], default="table")
    cb.add_argument("--top", type=int, default=0, metavar="N", help="show the N largest groups and fold the rest into one row")
    cb.add_argument("--sort", choices=["cost", "key"], default="cost", help="order of the groups (default: %(default)s)")
    cb.add_argument("--decimals", type=int, metavar="N", help="round amounts in the table to N decimals (CSV/JSON stay exact)")
    cb.add_argument("--currency", help="only documents priced in this currency (needed if the selection mixes currencies)")
    finance_commands.add_chargeback_options(cb)
    _out_option(cb)
    _store_options(cb)

    rc = subparsers.add_parser(
        "reconcile", help="offline token estimate vs reported usage, per model and deployment",
        description="Median and p95 of the estimate's drift from reported usage, the worst requests by id, "
                    "and how many requests had no reported usage.")
    _selection_options(rc, latest)
    rc.add_argument("--by", default="model,deployment", help="model, deployment, operation, dialect (default: %(default)s)")
    rc.add_argument("--worst", type=int, default=3, metavar="N", help="worst requests listed per group (default: %(default)s)")
    rc.add_argument("--format", choices=["table", "csv", "json"], default="table",
                    help="with --run: table = the summary, csv = the problems, json = the summary as JSON")
    run = rc.add_argument_group("load-test run (see docs/loadtest.md)")
    run.add_argument("--run", metavar="ID", help="check that every request of this load-test run was charged exactly once")
    sent = run.add_mutually_exclusive_group()
    sent.add_argument("--manifest", type=Path, help="loadgen's manifest (default: out/loadtest/ID.manifest.jsonl)")
    sent.add_argument("--jtl", type=Path, help="a JMeter results file (CSV JTL with the kit's sample variables)")
    sent.add_argument("--locust-log", type=Path, help="the Locust kit's per-request log (CSV)")
    run.add_argument("--problems", type=Path, help="CSV of every problem (default: out/loadtest/ID.problems.csv)")
    run.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                     help="poll the store up to this long until no request is missing (default: %(default)s)")
    _out_option(rc)
    _store_options(rc)

    rp = subparsers.add_parser(
        "report", help="a self-contained HTML report of a period (charts, top consumers, drift, DLP)",
        description="Write one HTML file with inline CSS and SVG charts (no scripts, no network): cost and tokens "
                    "by cost center, model and day, top consumers, estimate drift and DLP findings by entity. Its "
                    "amounts are `chargeback`'s: a closed period says so (--as-closed shows it as closed), an open "
                    "one includes the adjustments of closed periods.")
    _selection_options(rp, latest)
    rp.add_argument("--out", type=Path, default=Path("report.html"), help="HTML file (default: %(default)s)")
    rp.add_argument("--top", type=int, default=10, metavar="N", help="top consumers shown (default: %(default)s)")
    rp.add_argument("--as-closed", action="store_true",
                    help="a closed period's numbers exactly as closed (from its snapshot), whatever came later")
    _store_options(rp)

    from aoai_logpipe.reports import audit_cli

    return {"chargeback": finance_commands.cmd_chargeback, "reconcile": cmd_reconcile,
            "audit": audit_cli.add_command(subparsers), "report": cmd_report,
            **finance_commands.add_commands(subparsers)}


# --------------------------------------------------------------------------- plumbing


def _settings(args: argparse.Namespace) -> Any:
    from aoai_logpipe import settings

    return settings.load(getattr(args, "config", None),
                         overrides={"sink": getattr(args, "sink", None), "sqlite.path": getattr(args, "db", None)})


def _selection(args: argparse.Namespace) -> Selection:
    return make_selection(args.period, args.time_from, args.time_to)


async def _with_default_period(reader: DocumentReader, sel: Selection) -> Selection:
    if sel.period or sel.time_from or sel.time_to:
        return sel
    latest = await reader.latest_period()
    if latest is None:
        raise ReaderError("the store holds no chargeback documents with a period: nothing to report")
    print(f"no --period given: using the latest period in the store, {latest}", file=sys.stderr)
    return Selection(period=latest)


class OutputError(ValueError):
    """An --out file cannot be written (exit 3, naming the path)."""


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}; choose another --out path "
                          "(in a directory you can write)") from None
    with handle:
        yield handle


def _execute(args: argparse.Namespace, work: Callable[[DocumentReader], Awaitable[int]]) -> int:
    """Load settings, open the reader, run `work`, map failures to exit codes with a message."""
    from aoai_logpipe.settings import SettingsError

    if getattr(logging.getLogger("azure"), "level", 0) < logging.WARNING:
        logging.getLogger("azure").setLevel(logging.WARNING)  # the SDK logs every request at INFO
    try:
        config = _settings(args)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    args.loaded_settings = config  # handlers that need more than the store read it here

    async def main() -> int:
        reader = open_reader(config)
        try:
            return await work(reader)
        finally:
            if getattr(args, "stats", False):
                print(f"read {reader.label}: {reader.stats.describe()}", file=sys.stderr)
            await reader.close()

    try:
        return asyncio.run(main())
    except (ReaderError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except Exception as exc:  # Azure SDK errors (auth, network, missing database) are configuration problems
        if type(exc).__module__.startswith(("azure.", "aiohttp")):
            print(f"error: reading Cosmos DB failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
                  file=sys.stderr)
            return EXIT_CONFIG
        raise


# --------------------------------------------------------------------------- handlers


def cmd_reconcile(args: argparse.Namespace) -> int:
    from aoai_logpipe.reports import reconcile

    if args.run is not None:
        return _reconcile_run(args)
    try:
        by = reconcile.parse_by(args.by)
        sel = _selection(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE

    async def work(reader: DocumentReader) -> int:
        chosen = await _with_default_period(reader, sel)
        result = await reconcile.reconcile(reader, chosen, by, worst=max(args.worst, 0))
        with _output(args.out) as out:
            out.write(reconcile.render(result, args.format))
        return EXIT_OK

    return _execute(args, work)


def _reconcile_run(args: argparse.Namespace) -> int:
    """`reconcile --run ID`: exit 0 when every sent request was charged exactly once with its
    tokens, 4 when not (scripts can gate on it), 3 for a user error."""
    import time

    from aoai_logpipe.loadtest import sent as sentlog
    from aoai_logpipe.reports import runs

    try:
        run = sentlog.check_run_id(args.run)
        kind, path = next(((k, p) for k, p in (("jtl", args.jtl), ("locust", args.locust_log)) if p is not None),
                          ("manifest", args.manifest or Path("out/loadtest") / f"{run}.manifest.jsonl"))
        sent = sentlog.read(path, kind, run)
    except sentlog.SentLogError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if not sent:
        print(f"error: {path} lists no requests of run {run}", file=sys.stderr)
        return EXIT_CONFIG
    problems_path = args.problems or Path("out/loadtest") / f"{run}.problems.csv"

    async def work(reader: DocumentReader) -> int:
        deadline = time.monotonic() + max(args.wait, 0.0)
        report = await runs.reconcile_run(reader, run, sent)
        while report.missing and time.monotonic() < deadline:
            await asyncio.sleep(1.0)
            report = await runs.reconcile_run(reader, run, sent)
        problems_path.parent.mkdir(parents=True, exist_ok=True)
        problems_path.write_text(runs.problems_csv(report), encoding="utf-8")
        with _output(args.out) as out:
            out.write(runs.render(report, args.format))
        print(f"{len(report.problems)} problems listed in {problems_path}", file=sys.stderr)
        return EXIT_OK if report.clean else EXIT_CHECK

    return _execute(args, work)


def cmd_report(args: argparse.Namespace) -> int:
    from aoai_logpipe.reports import finance_commands, html
    from aoai_logpipe.reports.allocation import Allocator

    try:
        sel = _selection(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE

    async def work(reader: DocumentReader) -> int:
        chosen = await _with_default_period(reader, sel)
        finance = args.loaded_settings.finance
        async with finance_commands.ledger_of(args) as ledger:
            page = await html.build(reader, chosen, top=max(args.top, 1), allocator=Allocator(finance.allocation),
                                    warn_share=finance.unallocated_warn_share, ledger=ledger, as_closed=args.as_closed)
        with _output(args.out) as out:
            out.write(page)
        print(f"wrote {args.out} ({len(page.encode('utf-8')) / 1024:,.1f} KB) for {chosen.describe()}", file=sys.stderr)
        return EXIT_OK

    return _execute(args, work)
