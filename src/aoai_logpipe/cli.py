"""aoai-logpipe command line: run the pipeline, export documents, publish schemas, make replay data."""

from __future__ import annotations

import argparse
import asyncio
import csv
import gc
import importlib.util
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any, Coroutine, Iterable, TypeVar

from aoai_logpipe import __version__
from aoai_logpipe.reports import finance_commands
from aoai_logpipe.reports.commands import add_commands as add_report_commands

T = TypeVar("T")

EXIT_OK, EXIT_USAGE, EXIT_CONFIG, EXIT_CHECK, EXIT_FAILED = 0, 2, 3, 4, 5


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aoai-logpipe",
        description="Azure OpenAI gateway logs (Event Hubs or replay files) -> chargeback and audit documents.",
        epilog="Every setting can also come from a config file (--config) or AOAI_LOGPIPE_* environment variables; see README.",
    )
    parser.add_argument("--version", action="version", version=f"aoai-logpipe {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="run the pipeline (default: replay_data/ -> out/logpipe.db)",
                         description="Run the pipeline once over the configured source and print a summary.")
    run.add_argument("--config", type=Path, help="config file (.toml or .json)")
    run.add_argument("--source", choices=["replay", "eventhub"], help="event source (default: replay)")
    run.add_argument("--sink", choices=["sqlite", "cosmos"], help="document store (default: sqlite)")
    run.add_argument("--input", type=Path, help="replay directory or file (default: replay_data)")
    run.add_argument("--db", type=Path, help="SQLite database (default: out/logpipe.db)")
    run.add_argument("--dlp", choices=["off", "pattern", "ner"], help="DLP screening mode (default: pattern)")
    run.add_argument("--prices", type=Path, help="price table JSON (default: bundled example prices)")
    run.add_argument("--json", action="store_true", help="print the summary as JSON")
    run.add_argument("--no-progress", action="store_true", help="never draw the progress bar")

    consume = sub.add_parser("consume", help="run the worker: Event Hubs -> Cosmos DB until SIGTERM",
                             description="The long-running worker for Azure Container Apps. Configuration comes from "
                                         "--config and AOAI_LOGPIPE_* variables (see README, Configuration).")
    consume.add_argument("--config", type=Path, help="config file (.toml or .json)")
    consume.add_argument("--source", choices=["replay", "eventhub"], help="event source (default: eventhub)")
    consume.add_argument("--sink", choices=["sqlite", "cosmos"], help="document store (default: cosmos)")
    consume.add_argument("--json", action="store_true", help="print the final summary as JSON")
    consume.add_argument("--processes", type=_positive, default=1, metavar="N",
                         help="worker processes in this replica, one per vCPU (default: 1); the Event Hubs SDK "
                              "balances the partitions between them through the checkpoint store")

    export = sub.add_parser("export", help="export documents (chargeback: from SQLite or Cosmos DB, CSV or FOCUS)",
                            description="Write stored documents as JSON lines or CSV (nested fields flattened). "
                                        "chargeback: stable columns, --format focus, filters (docs/reports.md).")
    export.add_argument("kind", choices=["chargeback", "audit", "deadletters"])
    export.add_argument("--db", type=Path, help="SQLite database (default: out/logpipe.db)")
    export.add_argument("--format", choices=["jsonl", "csv", "focus"], default="jsonl",
                        help="jsonl, csv, or focus (chargeback only: FOCUS 1.x cost and usage rows)")
    export.add_argument("--period", type=_period, help="only this month (YYYY-MM)")
    export.add_argument("--out", type=Path, help="output file (default: standard output)")
    export.add_argument("--sink", choices=["sqlite", "cosmos"],
                        help="chargeback and audit: the store to read (default: sqlite)")
    export.add_argument("--config", type=Path, help="config file (.toml or .json), as for `run`")
    from aoai_logpipe.reports import redact_export

    redact_export.add_options(export)

    schemas = sub.add_parser("schemas", help="write (or check) the JSON Schemas of input and documents",
                             description="Generate JSON Schemas from the models into a directory.")
    schemas.add_argument("--out", type=Path, default=Path("schemas"), help="directory (default: %(default)s)")
    schemas.add_argument("--check", action="store_true", help="fail if the files differ from the models")

    finance_commands.add_export_options(export)

    gen = sub.add_parser("generate", help="generate realistic replay data with known totals",
                         description="Write synthetic gateway traffic in all three dialects as replay files.")
    gen.add_argument("--out", type=Path, default=Path("replay_data"), help="directory (default: %(default)s)")
    gen.add_argument("--conversations", type=int, default=300, help="number of requests (default: %(default)s)")
    gen.add_argument("--partitions", type=int, default=4, help="replay files / partitions (default: %(default)s)")
    gen.add_argument("--seed", type=int, default=7, help="random seed (default: %(default)s)")
    gen.add_argument("--start", default="2026-10-01T00:00:00Z", help="first request time (default: %(default)s)")
    gen.add_argument("--days", type=float, default=30.0, help="spread requests over this many days")
    gen.add_argument("--gzip", action="store_true", help="write .jsonl.gz files")
    COMMANDS.update(add_report_commands(sub))
    from aoai_logpipe.reports import erase, retention

    COMMANDS.update(retention.add_commands(sub))
    COMMANDS["erase"] = erase.add_command(sub)
    from aoai_logpipe import doctor

    COMMANDS["doctor"] = doctor.add_command(sub)
    from aoai_logpipe.loadtest import loadgen

    COMMANDS["loadgen"] = loadgen.add_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `aoai-logpipe export ... | head`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush cannot fail again
        return EXIT_OK


def _period(text: str) -> str:
    from aoai_logpipe.reports.reader import parse_period

    try:
        return parse_period(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _cmd_run(args: argparse.Namespace) -> int:
    from aoai_logpipe import app, settings

    try:
        config = settings.load(args.config, overrides={
            "source": args.source, "sink": args.sink, "replay.path": args.input, "sqlite.path": args.db,
            "dlp.mode": args.dlp, "prices": args.prices,
        })
    except settings.SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    from aoai_logpipe.logjson import configure as configure_logging

    configure_logging(config.log_level, config.log_format)
    processes = getattr(args, "processes", 1)
    if processes > 1:
        if config.source != "eventhub":
            print("error: --processes needs the eventhub source (the replay source is one ordered pass)", file=sys.stderr)
            return EXIT_CONFIG
        from aoai_logpipe import processes as replica

        code, result = on_event_loop(config, _until_signalled(lambda stop: replica.supervise(config, processes, stop)))
    else:
        code, result = run_configured(config, progress=False if args.no_progress else None)
    if result is not None:
        print(json.dumps(app.summary_json(result), indent=2) if args.json else "\n".join(app.summary_lines(result)))
    return code


def on_event_loop(config: Any, main: Coroutine[Any, Any, T]) -> T:
    """Run `main` on the configured event loop. uvloop's (`event_loop: auto` where it is
    installed) costs the worker ~5% less CPU per conversation than asyncio's (bench stage e)."""
    factory = None
    if config.event_loop != "asyncio" and importlib.util.find_spec("uvloop") is not None:
        import uvloop

        factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(main)


def run_configured(config: Any, progress: bool | None = None, on_health: Any = None) -> tuple[int, Any]:
    """Run the configured source to its end (replay) or until SIGTERM (eventhub): (exit code,
    RunResult or None). Failures print one plain line and give their exit code."""
    from aoai_logpipe import app, settings
    from aoai_logpipe.io.replay import ReplayError

    try:
        if config.source == "eventhub":
            result = on_event_loop(config, _until_signalled(lambda stop: app.run_eventhub(config, stop, on_health)))
            # The worker is done and the process about to exit: spare the interpreter the final
            # collection of every long-lived object (~0.2 s idle, seconds on a busy machine), which
            # would otherwise eat into the SIGTERM bound (shutdown_timeout_s) after the summary.
            gc.freeze()
            return EXIT_OK, result
        return EXIT_OK, on_event_loop(config, app.run_replay(config, progress=progress))
    except (ReplayError, settings.SettingsError, app.StoreUnavailable, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG, None
    except app.WorkerFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED, None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


async def _until_signalled(start):  # type: ignore[no-untyped-def]
    """Run a worker until SIGTERM (Container Apps) or SIGINT asks it to stop gracefully."""
    import signal

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        return await start(stop)
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)


def _cmd_consume(args: argparse.Namespace) -> int:
    """The deployed worker: Event Hubs -> Cosmos DB by default, configured by file and environment."""
    args.source = args.source or "eventhub"
    args.sink = args.sink or "cosmos"
    for name in ("input", "db", "dlp", "prices"):
        setattr(args, name, getattr(args, name, None))
    args.no_progress = True
    return _cmd_run(args)


def _flatten(doc: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in doc.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = value
    return flat


def _write_export(docs: Iterable[dict[str, Any]], fmt: str, stream: Any) -> int:
    count = 0
    if fmt == "jsonl":
        for doc in docs:
            stream.write(json.dumps(doc, ensure_ascii=False) + "\n")
            count += 1
        return count
    rows = [_flatten(d) for d in docs]
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return len(rows)


def _cmd_export(args: argparse.Namespace) -> int:
    import sqlite3

    from aoai_logpipe.reports import redact_export

    if args.kind != "chargeback" and (args.format == "focus" or args.where):
        print(f"error: --format focus and --where apply to `export chargeback`, not {args.kind}", file=sys.stderr)
        return EXIT_USAGE
    if redact_export.handles(args):  # audit exports: either store, optionally redacted, access-logged
        return redact_export.cmd_export(args)
    if args.kind == "chargeback":  # either store, stable columns, FOCUS (reports/finance_commands.py)
        return finance_commands.cmd_export_chargeback(args)
    if args.sink == "cosmos":
        print("error: dead letters are exported from SQLite only; on Cosmos DB query the deadletters container",
              file=sys.stderr)
        return EXIT_USAGE
    from aoai_logpipe.io.sqlite import SqliteStore, StoreError
    from aoai_logpipe.reports.commands import OutputError, _output
    from aoai_logpipe.reports.reader import ReaderError, parse_bound

    args.db = args.db or Path("out/logpipe.db")
    try:
        bounds = [parse_bound(t, end=e) if t else None for t, e in ((args.time_from, False), (args.time_to, True))]
    except ReaderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not args.db.exists():
        print(f"error: database {args.db} does not exist (run `aoai-logpipe run` first)", file=sys.stderr)
        return EXIT_CONFIG
    store = SqliteStore(args.db)
    try:
        docs = (d for d in store.documents(args.kind, args.period) if _within(d, *bounds))
        with _output(args.out) as handle:
            count = _write_export(docs, args.format, handle)
    except (StoreError, OutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except sqlite3.DatabaseError as exc:
        print(f"error: cannot read {args.db}: {exc} (is it an aoai-logpipe database? pass --db)", file=sys.stderr)
        return EXIT_CONFIG
    finally:
        store.close_sync()
    if args.out:
        print(f"wrote {count:,} {args.kind} documents to {args.out}", file=sys.stderr)
    return EXIT_OK


def _within(doc: dict[str, Any], start: str | None, end: str | None) -> bool:
    """--from/--to on a document's time (audit, chargeback) or enqueued time (dead letters)."""
    when = doc.get("time") or doc.get("enqueued_time") or ""
    return (start is None or when >= start) and (end is None or (bool(when) and when < end))


def _cmd_schemas(args: argparse.Namespace) -> int:
    from aoai_logpipe.model import json_schemas

    stale = []
    for name, schema in json_schemas().items():
        text = json.dumps(schema, indent=2, sort_keys=True) + "\n"
        path = args.out / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}", file=sys.stderr)
    if stale:
        print(f"schemas out of date: {', '.join(stale)} (run `aoai-logpipe schemas`)", file=sys.stderr)
        return EXIT_CHECK
    return EXIT_OK


def _cmd_generate(args: argparse.Namespace) -> int:
    from aoai_logpipe import generate

    truth = generate.write(args.out, generate.Plan(
        conversations=args.conversations, partitions=args.partitions, seed=args.seed,
        start=args.start, days=args.days, gzip=args.gzip))
    print(json.dumps(truth.summary(), indent=2))
    return EXIT_OK


COMMANDS = {"run": _cmd_run, "consume": _cmd_consume, "export": _cmd_export, "schemas": _cmd_schemas, "generate": _cmd_generate}


if __name__ == "__main__":
    sys.exit(main())
