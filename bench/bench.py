"""Pipeline throughput, measured against a baseline in the same run on the same input.

    .venv/bin/python bench/bench.py [--conversations 2000] [--seed 7] [--skip-azure] [--profile]

Stages, each in its own process (so peak RSS and CPU time are its own):
  a  baseline: json.loads of every event body (the least any consumer must do)
  b  the pure core without DLP (decode, reassemble, merge, tokens, pricing, documents)
  c  the core with pattern-mode DLP
  d  the whole embedded run: replay files -> SQLite (DLP off)
  e  the worker: Event Hubs test server (AMQP, real SDK) -> Cosmos-compatible server (DLP off)
  j  the cross-partition join: APIM-only traffic replayed into SQLite twice, once with the two
     records of each request on one partition (no join), once on independent partitions as
     diagnostic settings export them (every request joined in the store); prints the join's
     CPU cost per request
Prints conversations/s, MB/s, throughput relative to (a), peak RSS and CPU seconds per 1,000
conversations. With --profile, stage (e) also prints where its CPU time goes.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import multiprocessing
import pstats
import resource
import sys
import tempfile
import time
import zlib
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
    "e": "Event Hubs -> Cosmos (no DLP)",
}
JOIN_STAGES = {
    "together": "APIM halves on one partition",
    "apart": "APIM halves apart (joined)",
}


def events_of(data: Path) -> list:
    return [e for batch in ReplaySource.from_paths([data], batch_size=1000).batches() for e in batch.events]


def stage_a(data: Path, work: Path) -> None:
    events = events_of(data)
    started = time.perf_counter()
    for event in events:
        try:
            json.loads(event.body)
        except ValueError:
            pass
    return time.perf_counter() - started


def _core(data: Path, work: Path, dlp: str) -> float:
    config = settings.load(env={}, overrides={"dlp.mode": dlp, "tiktoken_cache_dir": work / "tk"})
    pipeline = app.build_pipeline(config, app.build_screener(config))
    batches = list(ReplaySource.from_paths([data], batch_size=500).batches())
    joins = MemoryStore()  # halves that closed apart meet here, as in a sink, without I/O
    started = time.perf_counter()
    for batch in batches:
        out = pipeline.process(batch.events)
        if batch.last:
            out.extend(pipeline.flush(batch.partition))
        if out.joins:
            pipeline.render_joins(joins.join(out.joins))
    return time.perf_counter() - started


def stage_b(data: Path, work: Path) -> float:
    return _core(data, work, "off")


def stage_c(data: Path, work: Path) -> float:
    return _core(data, work, "pattern")


def stage_d(data: Path, work: Path, db: str = "d.db", **overrides: object) -> float:
    config = settings.load(env={}, overrides={"dlp.mode": "off", "replay.path": data, "sqlite.path": work / db,
                                              "tiktoken_cache_dir": work / "tk", **overrides})
    app.build_pipeline(config)  # install encodings outside the timed part
    started = time.perf_counter()
    asyncio.run(app.run_replay(config, progress=False))
    return time.perf_counter() - started


def stage_e(data: Path, work: Path, profile: bool = False) -> float:
    from azure.cosmos.aio import CosmosClient

    from tests.servers.azurite import start_azurite
    from tests.servers.cosmos import start_cosmos
    from tests.servers.eventhub_server import EventHubTestServer, partition_for_key
    from tests.integration.worker_support import partition_key

    events = events_of(data)
    expected = json.loads((data / "truth.json").read_text())["summary"]["requests"]
    hub = EventHubTestServer(hub="bench", partitions=4)
    hub.start()
    cosmos = start_cosmos(log_dir=work)
    azurite = start_azurite(work / "azurite")
    try:
        ids = hub.partition_ids()
        for event in events:  # pre-load the hub directly: the producer is not what we measure
            key = partition_key(event)
            hub.publish(partition_for_key(key, ids) if key else ids[0], event.body, partition_key=key)
        config = settings.load(env={}, overrides={
            "source": "eventhub", "sink": "cosmos", "dlp.mode": "off", "tiktoken_cache_dir": work / "tk",
            "eventhub.connection_string": hub.connection_string(), "eventhub.max_wait_time_s": 0.5,
            "eventhub.load_balancing_interval_s": 1.0, "eventhub.max_batch_size": 500, "eventhub.prefetch": 1000,
            "checkpoint.connection_string": azurite.connection_str, "cosmos.endpoint": cosmos.endpoint,
            "cosmos.key": cosmos.key, "cosmos.verify_tls": False, "cosmos.database": "bench",
            "assembly.idle_timeout_s": 2.0, "assembly.apim_settle_s": 2.0})
        app.build_pipeline(config)

        async def run() -> float:
            stop = asyncio.Event()
            started = time.perf_counter()
            worker = asyncio.create_task(app.run_eventhub(config, stop))
            async with CosmosClient(cosmos.endpoint, cosmos.key, connection_verify=False) as client:
                while True:
                    await asyncio.sleep(0.25)
                    try:
                        container = client.get_database_client("bench").get_container_client("audit")
                        count = [c async for c in container.query_items("SELECT VALUE COUNT(1) FROM c")][0]
                    except Exception:
                        count = 0
                    if count >= expected:
                        elapsed = time.perf_counter() - started
                        break
            stop.set()
            await worker
            return elapsed

        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            elapsed = asyncio.run(run())
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
            print("\nstage e profile (by own time):\n" + "\n".join(out.getvalue().splitlines()[:40]), file=sys.stderr)
            _profile_by_package(profiler)
            return elapsed
        return asyncio.run(run())
    finally:
        azurite.stop()
        cosmos.stop()
        hub.stop()


def _profile_by_package(profiler: cProfile.Profile) -> None:
    """Wall time by package (cProfile measures wall time): is the time ours, the SDKs', or waiting?"""
    totals: dict[str, float] = {}
    for (filename, _, name), (_, _, tottime, _, _) in pstats.Stats(profiler).stats.items():  # type: ignore[attr-defined]
        if "epoll" in name or "select" in name:
            key = "waiting for I/O (servers)"
        elif "tests/servers" in filename:
            key = "Event Hubs test server (in-process)"
        elif "aoai_logpipe" in filename:
            key = "aoai_logpipe (ours)"
        elif "azure/cosmos" in filename:
            key = "azure-cosmos SDK"
        elif "azure/eventhub" in filename:
            key = "azure-eventhub SDK"
        elif "aiohttp" in filename or "ssl" in filename:
            key = "aiohttp / TLS"
        elif "tiktoken" in filename:
            key = "tiktoken"
        else:
            key = "other (stdlib, asyncio, ...)"
        totals[key] = totals.get(key, 0.0) + tottime
    whole = sum(totals.values()) or 1.0
    print("stage e time by package:", file=sys.stderr)
    for key, value in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {key:<32} {value:7.2f} s  {value / whole:6.1%}", file=sys.stderr)


# Both wait longer than the export delays (5 min) for a request's other half on the same
# partition: the only difference between them is where the halves land.
def stage_together(data: Path, work: Path) -> float:
    return stage_d(work / "apim-together", work, "together.db", **{"assembly.apim_settle_s": 600})


def stage_apart(data: Path, work: Path) -> float:
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


def _child(stage: str, data: str, work: str, profile: bool, queue: multiprocessing.Queue) -> None:
    fn = globals()[f"stage_{stage}"]
    before = resource.getrusage(resource.RUSAGE_SELF)
    elapsed = fn(Path(data), Path(work), profile) if stage == "e" else fn(Path(data), Path(work))
    after = resource.getrusage(resource.RUSAGE_SELF)
    queue.put({"elapsed": elapsed, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
               "rss_mb": after.ru_maxrss / 1024})


def measure(stage: str, data: Path, work: Path, profile: bool) -> dict:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(stage, str(data), str(work), profile, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stages", default="abcdej", help="which stages to run (default: abcdej)")
    parser.add_argument("--skip-azure", action="store_true", help="skip stage e (needs node_modules)")
    parser.add_argument("--profile", action="store_true", help="profile stage e")
    args = parser.parse_args()
    stages = [s for s in args.stages if s in STAGES and not (s == "e" and args.skip_azure)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = work / "data"
        truth = generate.write(data, generate.Plan(conversations=args.conversations, seed=args.seed))
        size_mb = sum(p.stat().st_size for p in data.glob("partition-*")) / 1e6
        conversations = len(truth.requests)
        print(f"input: {conversations:,} conversations, {truth.events + truth.duplicates:,} events, {size_mb:.1f} MB "
              f"(5% duplicates, 1% malformed, streams, multi-turn, tools, images, APIM, legacy)")
        results = {}
        for stage in stages:
            results[stage] = r = measure(stage, data, work, args.profile)
            print(f"  ran {stage}: {r['elapsed']:.2f} s", file=sys.stderr)
        base = conversations / results["a"]["elapsed"] if "a" in results else None
        print(f"\n{'stage':<34} {'conv/s':>10} {'MB/s':>8} {'vs (a)':>8} {'peak RSS':>9} {'CPU s/1k conv':>14}")
        for stage, r in results.items():
            rate = conversations / r["elapsed"]
            ratio = f"{rate / base:7.3f}x" if base else "-"
            print(f"({stage}) {STAGES[stage]:<30} {rate:>10,.0f} {size_mb / r['elapsed']:>8.2f} {ratio:>8} "
                  f"{r['rss_mb']:>7.0f}MB {r['cpu'] / conversations * 1000:>14.3f}")
        if "j" in args.stages:
            requests = write_join_inputs(work, args.conversations, args.seed)
            joined = {name: measure(name, data, work, args.profile) for name in JOIN_STAGES}
            print(f"\n{'join (APIM only, replay -> SQLite)':<34} {'req/s':>10} {'CPU ms/req':>11}")
            for name, r in joined.items():
                print(f"    {JOIN_STAGES[name]:<30} {requests / r['elapsed']:>10,.0f} {r['cpu'] / requests * 1000:>11.3f}")
            together, apart = (joined[n]["cpu"] / requests * 1000 for n in JOIN_STAGES)
            print(f"    join cost: {apart - together:+.3f} ms CPU per request ({apart / together:.2f}x the request "
                  f"with its halves together), on {requests:,} requests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
