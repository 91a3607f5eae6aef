"""Pipeline throughput, measured against a baseline in the same run on the same input.

    .venv/bin/python bench/bench.py [--conversations 2000] [--seed 7] [--stages abcdefj] [--skip-azure]
                                    [--profile [--profile-out FILE]] [--hours 24] [--start-hour 0]
                                    [--worker-setting cosmos.write_linger_s=0.5 ...]

Stages, each in its own process (so peak RSS and CPU time are its own):
  a  baseline: json.loads of every event body (the least any consumer must do)
  b  the pure core without DLP (decode, reassemble, merge, tokens, pricing, documents)
  c  the core with pattern-mode DLP
  d  the whole embedded run: replay files -> SQLite (DLP off)
  e  the worker, one process: Event Hubs test server (AMQP, real SDK) -> `aoai-logpipe consume`
     -> Cosmos-compatible server (DLP off); the servers and Azurite each in their own process.
     Each event goes to the partition the generator gave it (APIM records on independent
     partitions, minutes apart) and is enqueued at its recorded time, so event clocks and
     timeouts run as they do live; the same input received by the SDK alone is shown too
  f  the same worker with `--processes 2` (the SDK balances the partitions between them)
  j  the cross-partition join: APIM-only traffic replayed into SQLite twice, once with the two
     records of each request on one partition (no join), once on independent partitions as
     diagnostic settings export them (every request joined in the store); prints the join's
     CPU cost per request
Prints conversations/s (wall clock), conversations per CPU-second of the timed part (what a
fully used core would do: steadier than wall clock on a shared machine), MB/s, throughput
relative to (a) and peak RSS; then, for (e) and (f), the worker's own CPU per conversation
next to the core's (b), the servers' CPU apart, and the writes per 1,000 conversations.
With --profile, stage (e) runs the worker under cProfile and prints where its time goes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from aoai_logpipe import app, generate, settings  # noqa: E402
from aoai_logpipe.core.join import MemoryStore  # noqa: E402
from aoai_logpipe.io.replay import ReplaySource  # noqa: E402

STAGES = {
    "a": "baseline: json.loads per event",
    "b": "core, no DLP",
    "c": "core + pattern DLP",
    "d": "replay -> SQLite (no DLP)",
}
WORKER_STAGES = {"e": 1, "f": 2}  # stage -> worker processes
JOIN_STAGES = {
    "together": "APIM halves on one partition",
    "apart": "APIM halves apart (joined)",
}


class Timed:
    """Wall and CPU (all threads of this process) seconds of the timed part of a stage."""

    def __enter__(self) -> "Timed":
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.elapsed = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


def events_of(data: Path) -> list:
    return [e for batch in ReplaySource.from_paths([data], batch_size=1000).batches() for e in batch.events]


def stage_a(data: Path, work: Path) -> Timed:
    events = events_of(data)
    with Timed() as timed:
        for event in events:
            try:
                json.loads(event.body)
            except ValueError:
                pass
    return timed


def _core(data: Path, work: Path, dlp: str) -> Timed:
    config = settings.load(env={}, overrides={"dlp.mode": dlp, "tiktoken_cache_dir": work / "tk"})
    pipeline = app.build_pipeline(config, app.build_screener(config))
    batches = list(ReplaySource.from_paths([data], batch_size=500).batches())
    joins = MemoryStore()  # halves that closed apart meet here, as in a sink, without I/O
    app.settle_startup_heap()  # as `run` and `consume` do before their first event
    with Timed() as timed:
        for batch in batches:
            out = pipeline.process(batch.events)
            if batch.last:
                out.extend(pipeline.flush(batch.partition))
            if out.joins:
                pipeline.render_joins(joins.join(out.joins))
    return timed


def stage_b(data: Path, work: Path) -> Timed:
    return _core(data, work, "off")


def stage_c(data: Path, work: Path) -> Timed:
    return _core(data, work, "pattern")


def stage_d(data: Path, work: Path, db: str = "d.db", **overrides: object) -> Timed:
    config = settings.load(env={}, overrides={"dlp.mode": "off", "replay.path": data, "sqlite.path": work / db,
                                              "tiktoken_cache_dir": work / "tk", **overrides})
    app.build_pipeline(config)  # install encodings outside the timed part
    with Timed() as timed:
        asyncio.run(app.run_replay(config, progress=False))
    return timed


# Both wait longer than the export delays (5 min) for a request's other half on the same
# partition: the only difference between them is where the halves land.
def stage_together(data: Path, work: Path) -> Timed:
    return stage_d(work / "apim-together", work, "together.db", **{"assembly.apim_settle_s": 600})


def stage_apart(data: Path, work: Path) -> Timed:
    return stage_d(work / "apim-apart", work, "apart.db", **{"assembly.apim_settle_s": 600})


def write_join_inputs(work: Path, conversations: int, seed: int) -> int:
    """APIM-only traffic as exported (halves apart), and the same events regrouped by request."""
    apart = work / "apim-apart"
    truth = generate.write(apart, generate.Plan(conversations=conversations, seed=seed, dialect_mix=(0.0, 1.0, 0.0)))
    files = sorted(apart.glob("partition-*.jsonl"))
    together: list[list[str]] = [[] for _ in files]
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            body = json.loads(line).get("body")
            records = body.get("records") if isinstance(body, dict) else None
            props = {k.lower(): v for k, v in records[0].get("properties", {}).items()} if records else {}
            cid = str(props.get("correlationid", line))
            together[zlib.crc32(cid.encode()) % len(files)].append(line)
    (work / "apim-together").mkdir()
    for path, lines in zip(files, together):
        lines.sort(key=lambda line: json.loads(line)["enqueued_time"])
        (work / "apim-together" / path.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(truth.requests)


def _child(stage: str, data: str, work: str, queue: multiprocessing.Queue) -> None:
    timed = globals()[f"stage_{stage}"](Path(data), Path(work))
    queue.put({"elapsed": timed.elapsed, "cpu": timed.cpu,
               "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def measure(stage: str, data: Path, work: Path) -> dict:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(stage, str(data), str(work), queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stages", default="abcdefj", help="which stages to run (default: abcdefj)")
    parser.add_argument("--skip-azure", action="store_true", help="skip stages e and f (need node_modules)")
    parser.add_argument("--profile", action="store_true", help="profile the worker of stage e")
    parser.add_argument("--profile-out", type=Path, metavar="FILE",
                        help="with --profile, also keep the worker's cProfile data here (for pstats or snakeviz)")
    parser.add_argument("--worker-setting", action="append", default=[], metavar="KEY=VALUE",
                        help="a setting for the worker of stages e and f (e.g. cosmos.write_linger_s=0.5); repeatable")
    parser.add_argument("--hours", type=float, default=24.0,
                        help="the span of event time the conversations are spread over (default: 24, a whole day)")
    parser.add_argument("--start-hour", type=float, default=0.0,
                        help="UTC hour of day the span starts at (default: 0; e.g. --start-hour 10 --hours 2 "
                             "keeps every document away from midnight)")
    args = parser.parse_args()
    if not (0 < args.hours and 0 <= args.start_hour < 24):
        parser.error("--hours must be positive and --start-hour within 0-24")
    stages = [s for s in args.stages if s in STAGES]
    workers = [s for s in args.stages if s in WORKER_STAGES and not args.skip_azure]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = work / "data"
        # By default one day of traffic, as a live worker sees it: the documents of one batch share
        # their day (and so their partition keys' day part), and 2 hours in 24 lie near midnight,
        # where documents are guarded by a query of the neighbouring day's keys. Compressed into
        # seconds, that share of near-midnight rounds is far above a live worker's, whose rounds
        # meet midnight 2 hours a day: `--start-hour 10 --hours 2` measures the other 22.
        # In the future, so the worker's wall-clock idle ticks never move its event clocks (stage e,
        # where the hub enqueues each event at its recorded time).
        day = (datetime.now(timezone.utc) + timedelta(days=30)).replace(hour=0, minute=0, second=0, microsecond=0)
        start = (day + timedelta(hours=args.start_hour)).strftime("%Y-%m-%dT%H:%M:%SZ")
        truth = generate.write(data, generate.Plan(conversations=args.conversations, seed=args.seed,
                                                   days=args.hours / 24, start=start))
        size_mb = sum(p.stat().st_size for p in data.glob("partition-*")) / 1e6
        conversations = len(truth.requests)
        span = "one day" if args.hours == 24 and args.start_hour == 0 else f"{args.hours:g} h from {start}"
        print(f"input: {conversations:,} conversations over {span}, {truth.events + truth.duplicates:,} events, {size_mb:.1f} MB "
              f"(5% duplicates, 1% malformed, streams, multi-turn, tools, images, APIM, legacy)")
        print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
        results = {}
        for stage in stages:
            results[stage] = r = measure(stage, data, work)
            print(f"  ran {stage}: {r['elapsed']:.2f} s", file=sys.stderr)
        base = conversations / results["a"]["elapsed"] if "a" in results else None
        print(f"\n{'stage':<34} {'conv/s':>10} {'conv/CPU-s':>11} {'MB/s':>8} {'vs (a)':>8} {'peak RSS':>9}")
        for stage, r in results.items():
            rate = conversations / r["elapsed"]
            ratio = f"{rate / base:7.3f}x" if base else "-"
            print(f"({stage}) {STAGES[stage]:<30} {rate:>10,.0f} {conversations / r['cpu']:>11,.0f} "
                  f"{size_mb / r['elapsed']:>8.2f} {ratio:>8} {r['rss_mb']:>7.0f}MB")
        if workers:
            overrides = dict(pair.split("=", 1) for pair in args.worker_setting)
            print_workers(workers, data, work, conversations, results.get("b"), args.profile, overrides,
                          args.profile_out)
        if "j" in args.stages:
            requests = write_join_inputs(work, args.conversations, args.seed)
            joined = {name: measure(name, data, work) for name in JOIN_STAGES}
            print(f"\n{'join (APIM only, replay -> SQLite)':<34} {'req/s':>10} {'CPU ms/req':>11}")
            for name, r in joined.items():
                print(f"    {JOIN_STAGES[name]:<30} {requests / r['elapsed']:>10,.0f} {r['cpu'] / requests * 1000:>11.3f}")
            together, apart = (joined[n]["cpu"] / requests * 1000 for n in JOIN_STAGES)
            print(f"    join cost: {apart - together:+.3f} ms CPU per request ({apart / together:.2f}x the request "
                  f"with its halves together), on {requests:,} requests")
    return 0


def print_workers(stages: list[str], data: Path, work: Path, conversations: int, core: dict | None,
                  profile: bool, overrides: dict[str, str], profile_out: Path | None = None) -> None:
    """The worker table: its own CPU per conversation next to the core's, the servers' apart."""
    from worker_stage import profile_by_package, run_receive_only, run_worker

    runs = {}
    for stage in stages:
        runs[stage] = run = run_worker(data, work, conversations, WORKER_STAGES[stage], profile and stage == "e",
                                       overrides)
        print(f"  ran {stage}: {run.elapsed:.2f} s", file=sys.stderr)
    if overrides:
        print("worker settings: " + ", ".join(f"{k}={v}" for k, v in overrides.items()))
    core_ms = core["cpu"] / conversations * 1000 if core else None
    core_rate = conversations / core["elapsed"] if core else None
    print(f"\n{'worker: Event Hubs -> Cosmos (no DLP)':<38} {'conv/s':>8} {'vs (b)':>7} {'CPU ms/conv':>12} "
          f"{'x (b)':>6} {'conv/CPU-s':>11}   servers' CPU ms/conv (hub, Cosmos, Azurite)")
    if core:
        print(f"{'(b) pure core, for reference':<38} {core_rate:>8,.0f} {'1.00x':>7} {core_ms:>12.3f} {'1.00':>6} "
              f"{1000 / core_ms:>11,.0f}")
    for stage, run in runs.items():
        ms = run.worker_cpu / conversations * 1000
        servers = ", ".join(f"{cpu / conversations * 1000:.2f}" for cpu in run.servers_cpu.values())
        rate = conversations / run.elapsed
        label = f"({stage}) worker, {run.processes} process{'es' if run.processes > 1 else ''}"
        print(f"{label:<38} {rate:>8,.0f} {f'{rate / core_rate:.2f}x' if core else '-':>7} {ms:>12.3f} "
              f"{f'{ms / core_ms:.2f}' if core else '-':>6} {conversations / run.worker_cpu:>11,.0f}   {servers}")
    if "e" in runs:
        # The floor under (e): what the Event Hubs SDK alone costs to receive the same events.
        alone = run_receive_only(data)
        ms = alone.cpu / conversations * 1000
        rate = conversations / alone.elapsed
        print(f"{'    of it, receiving alone (SDK)':<38} {rate:>8,.0f} {f'{rate / core_rate:.2f}x' if core else '-':>7} "
              f"{ms:>12.3f} {f'{ms / core_ms:.2f}' if core else '-':>6} {conversations / alone.cpu:>11,.0f}   "
              f"({alone.events:,} events, {alone.cpu / alone.events * 1e6:.0f} us of CPU each)")
    if "e" in runs and "f" in runs:
        print(f"    two processes: {runs['e'].elapsed / runs['f'].elapsed:.2f}x the rate of one "
              f"(the servers share the same {os.cpu_count()} CPUs)")
    for stage, run in runs.items():
        print(f"  ({stage}) " + "\n      ".join(write_lines(run, conversations)))
    for run in runs.values():
        if run.profile is not None:
            print(profile_by_package(run.profile), file=sys.stderr)
            if profile_out:
                shutil.copyfile(run.profile, profile_out)


def write_lines(run, conversations: int) -> list[str]:
    """Where the worker's Cosmos requests come from, per 1,000 conversations."""
    sink, per_k = run.summary.get("sink", {}), 1000 / conversations
    requests = sink.get("requests", {})
    sizes = {int(n): k for n, k in sink.get("write_sizes", {}).items()}
    sent = sum(n * k for n, k in sizes.items())
    shown = ", ".join(f"{op} {count * per_k:,.0f}" for op, count in sorted(requests.items(), key=lambda kv: -kv[1]))
    lines = [f"per 1,000 conversations: {run.summary['documents_written'] * per_k:,.0f} documents, "
             f"{sum(requests.values()) * per_k:,.0f} Cosmos requests ({shown}); "
             f"request charge {sink.get('request_charge', 0) * per_k:,.0f} (the local server charges 1 per request)"]
    if sizes:
        ranges = [(1, 1), (2, 2), (3, 5), (6, 10), (11, 30), (31, 100)]
        spread = ", ".join(f"{lo if lo == hi else f'{lo}-{hi}'}: {sum(k for n, k in sizes.items() if lo <= n <= hi) * per_k:,.0f}"
                           for lo, hi in ranges)
        lines.append(f"requests of batched writes by documents per request: {spread}; "
                     f"mean {sent / max(1, sum(sizes.values())):.1f} documents per request")
    guarded = sink.get("guarded", {})
    lines.append("guarded documents (never upserted blindly): "
                 + (", ".join(f"{why} {count * per_k:,.0f}" for why, count in sorted(guarded.items())) or "none"))
    calls, rounds, keys = sink.get("write_calls", 0), sink.get("rounds", 0), sink.get("round_keys", 0)
    if calls and rounds:
        lines.append(f"{calls * per_k:,.0f} write calls in {rounds * per_k:,.0f} rounds; a round: {sent / rounds:.1f} "
                     f"documents over {keys / rounds:.1f} partition keys ({sent / max(1, keys):.1f} per key)")
    for container, counts in run.key_spread.items():
        if counts:
            ordered = sorted(counts)
            lines.append(f"{container}: {len(counts)} partition-key values, documents per value min {ordered[0]}, "
                         f"median {ordered[len(ordered) // 2]}, max {ordered[-1]}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
