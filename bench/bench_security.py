"""What the security features cost on the write path and in searches, against baselines in the same run.

    .venv/bin/python bench/bench_security.py [--conversations 2000] [--tombstones 10000] [--repeat 3]

The documents are the pipeline's own (generated traffic, DLP off), written in batches of 500:

  base   the SQLite upsert as it was before full-text search: the same rows, executemany, one
         transaction per batch (no index, no policy)
  store  SqliteStore.write_sync: + the FTS5 row of each audit document + the tombstone check
  stone  the same with N tombstones in the store (an erasure policy that must be consulted)
  apply  core.privacy.apply alone per document: no tombstones / N tombstones
  text   core.fulltext.search_text per audit document (what the Cosmos sink adds in _prepare)
  search `audit --text` on SQLite (FTS5) vs the same search without --text (user criterion)

Prints seconds (best of --repeat), documents/s and the ratios store/base and stone/base.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from aoai_logpipe import app, generate, settings  # noqa: E402
from aoai_logpipe.core import fulltext, privacy  # noqa: E402
from aoai_logpipe.core.join import MemoryStore  # noqa: E402
from aoai_logpipe.core.pipeline import Output  # noqa: E402
from aoai_logpipe.io import sqlite as sqlite_io  # noqa: E402
from aoai_logpipe.io.replay import ReplaySource  # noqa: E402
from aoai_logpipe.reports.reader import AuditFilters, SqliteReader  # noqa: E402


def outputs(data: Path, work: Path) -> list[Output]:
    config = settings.load(env={}, overrides={"dlp.mode": "off", "tiktoken_cache_dir": work / "tk"})
    pipeline = app.build_pipeline(config)
    joins = MemoryStore()
    done: list[Output] = []
    for batch in ReplaySource.from_paths([data], batch_size=500).batches():
        out = pipeline.process(batch.events)
        if batch.last:
            out.extend(pipeline.flush(batch.partition))
        if out.joins:
            out.extend(pipeline.render_joins(joins.join(out.joins)))
            out.joins = []
        done.append(out)
    return done


def best(repeat: int, run) -> float:  # type: ignore[no-untyped-def]
    times = []
    for i in range(repeat):
        times.append(run(i))
    return min(times)


def base(batches: list[Output], path: Path) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    for table in sqlite_io.TABLES:
        conn.execute(f"CREATE TABLE {table} (id TEXT PRIMARY KEY, rank INTEGER NOT NULL, time TEXT, period TEXT,"
                     " kind TEXT, doc TEXT NOT NULL)")
    started = time.perf_counter()
    for out in batches:
        conn.execute("BEGIN IMMEDIATE")
        for table, docs in (("chargeback", out.chargeback), ("audit", out.audit), ("deadletters", out.deadletters)):
            if docs:
                conn.executemany(sqlite_io._UPSERT.format(table=table), [
                    sqlite_io._row(d, d.get("time"), d.get("period"), d.get("completeness")) for d in docs])
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def store(batches: list[Output], path: Path, tombstones: int) -> float:
    s = sqlite_io.SqliteStore(path)
    s.open_sync()
    if tombstones:
        with s.transaction() as conn:
            conn.executemany("INSERT INTO tombstones(subject, doc) VALUES (?, ?)", [
                (privacy.subject_hash(f"gone-{i}"),
                 f'{{"subject": "{privacy.subject_hash(f"gone-{i}")}", "pseudonym": "erased-{i}"}}')
                for i in range(tombstones)])
            conn.execute("UPDATE meta SET value = '1' WHERE key = 'policy_version'")
    started = time.perf_counter()
    for out in batches:
        s.write_sync(out)
    elapsed = time.perf_counter() - started
    s.close_sync()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=2000)
    parser.add_argument("--tombstones", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generate.write(work / "in", generate.Plan(conversations=args.conversations, seed=args.seed))
        batches = outputs(work / "in", work)
        docs = sum(len(o) for o in batches)
        audits = [d for o in batches for d in o.audit]
        print(f"{args.conversations:,} conversations -> {docs:,} documents ({len(audits):,} audit) in {len(batches)} batches")

        runs: dict[str, list[float]] = {"base": [], "store": [], "stone": []}
        for i in range(args.repeat):  # interleaved, so a noisy neighbour weighs on all three alike
            runs["base"].append(base(batches, work / f"base{i}.db"))
            runs["store"].append(store(batches, work / f"store{i}.db", 0))
            runs["stone"].append(store(batches, work / f"stone{i}.db", args.tombstones))
        t_base, t_store, t_stone = (min(runs[k]) for k in ("base", "store", "stone"))
        print(f"base   {t_base:.3f} s  {docs / t_base:,.0f} docs/s  (upsert only, as before)")
        print(f"store  {t_store:.3f} s  {docs / t_store:,.0f} docs/s  x{t_store / t_base:.2f} of base "
              "(+ FTS5 row per audit document, + tombstone check)")
        print(f"stone  {t_stone:.3f} s  {docs / t_stone:,.0f} docs/s  x{t_stone / t_base:.2f} of base "
              f"({args.tombstones:,} tombstones)")

        empty = privacy.Policy()
        full = privacy.Policy({privacy.subject_hash(f"gone-{i}"): f"erased-{i}" for i in range(args.tombstones)})
        t_none = best(args.repeat, lambda i: _timed(lambda: [privacy.apply(empty, o) for o in batches]))
        t_full = best(args.repeat, lambda i: _timed(lambda: [privacy.apply(full, o) for o in batches]))
        print(f"apply  {t_none / docs * 1e6:.2f} µs/doc without tombstones, {t_full / docs * 1e6:.2f} µs/doc with "
              f"{args.tombstones:,} (base write: {t_base / docs * 1e6:.0f} µs/doc)")
        t_text = best(args.repeat, lambda i: _timed(lambda: [fulltext.search_text(d) for d in audits]))
        print(f"text   {t_text / len(audits) * 1e6:.0f} µs per audit document (search_text, Cosmos sink)")

        db = work / "store0.db"
        reader = SqliteReader(db)
        user = audits[0]["caller"]["user_id"]

        async def search(filters: AuditFilters) -> int:
            return len([r async for r in reader.audit_search(filters, ["id", "request_id", "time"])])

        t_user = best(args.repeat, lambda i: _timed(lambda: asyncio.run(search(AuditFilters(user=user)))))
        t_words = best(args.repeat, lambda i: _timed(lambda: asyncio.run(search(AuditFilters(text="report")))))
        t_phrase = best(args.repeat, lambda i: _timed(lambda: asyncio.run(search(AuditFilters(text='"please review" q*')))))
        print(f"search {len(audits):,} conversations: --user {t_user * 1000:.1f} ms, --text report {t_words * 1000:.1f} ms, "
              f"--text '\"please review\" q*' {t_phrase * 1000:.1f} ms (SQLite)")
        asyncio.run(reader.close())
        size = {p.name: p.stat().st_size for p in (work / "base0.db", work / "store0.db")}
        print(f"size   {size['base0.db'] / 1e6:.1f} MB before, {size['store0.db'] / 1e6:.1f} MB with the index "
              f"(x{size['store0.db'] / size['base0.db']:.2f}; WAL not included)")


def _timed(work) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
