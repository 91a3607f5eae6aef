"""Pattern-mode texts/s of two source trees, measured in the same run: before and after a change.

    .venv/bin/python bench/dlp_compare.py BEFORE_TREE [AFTER_TREE] [--rounds N] [--repeat N]

A tree is a directory holding `src/` and `tests/` (e.g. `git archive <commit> src tests | tar -x
-C /tmp/before`); AFTER_TREE defaults to this checkout. Each round runs one process per tree, in
turn, so both see the same load; each process scans three corpora (tests/dlp_eval, the blind one;
tests/unit/dlp_corpus.py; and tests/dlp_blind5, whose texts are long) `--repeat` times with `engine.scan` (cache off, single thread) and
keeps its best pass. The table shows the best of all rounds, as CPU time (what one core does;
least disturbed by other jobs on a shared machine) and as wall time, and after/before ratios.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(tree: Path, repeat: int) -> dict[str, dict[str, float]]:
    """Best texts/s per corpus for the code in tree (run in this process)."""
    sys.path[:0] = [str(tree), str(tree / "src")]
    from aoai_logpipe.core.dlp import DlpEngine, DlpPolicy
    from tests.dlp_blind5 import corpus as blind5
    from tests.dlp_eval import corpus as blind
    from tests.unit.dlp_corpus import generate

    corpora = {"blind": [s.text for s in blind.generate()], "seeded": [s.text for s in generate()],
               "blind5": [s.text for s in blind5.generate()]}
    engine = DlpEngine(DlpPolicy(cache_entries=0))
    engine.scan("warm up: call 425-555-0100, password=hunter2!")
    rates: dict[str, dict[str, float]] = {}
    for name, texts in corpora.items():
        cpu = wall = float("inf")
        for _ in range(repeat):
            started_wall, started_cpu = time.perf_counter(), time.process_time()
            for text in texts:
                engine.scan(text)
            wall = min(wall, time.perf_counter() - started_wall)
            cpu = min(cpu, time.process_time() - started_cpu)
        rates[name] = {"cpu": len(texts) / cpu, "wall": len(texts) / wall, "chars": sum(map(len, texts)) / len(texts)}
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="source tree before the change (holds src/ and tests/)")
    parser.add_argument("after", type=Path, nargs="?", default=ROOT, help="source tree after (default: this checkout)")
    parser.add_argument("--rounds", type=int, default=3, help="processes per tree, interleaved")
    parser.add_argument("--repeat", type=int, default=2, help="passes over the corpora per process")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # internal: one tree, JSON out
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure.resolve(), args.repeat)))
        return
    for tree in (args.before, args.after):
        if not (tree / "src" / "aoai_logpipe").is_dir() or not (tree / "tests").is_dir():
            parser.exit(3, f"error: {tree} holds no src/aoai_logpipe and tests/ (fix: git archive <commit> src tests "
                           f"| tar -x -C {tree})\n")
    best: dict[str, dict[str, dict[str, float]]] = {"before": {}, "after": {}}
    for round_ in range(args.rounds):
        for label, tree in (("before", args.before), ("after", args.after)):
            print(f"round {round_ + 1}/{args.rounds}: {label} ({tree})", file=sys.stderr)
            out = subprocess.run([sys.executable, __file__, str(tree), "--measure", str(tree), "--repeat",
                                  str(args.repeat)], check=True, capture_output=True, text=True).stdout
            for corpus, rates in json.loads(out.splitlines()[-1]).items():
                kept = best[label].setdefault(corpus, rates)
                for key in ("cpu", "wall"):
                    kept[key] = max(kept[key], rates[key])
    print(f"{'corpus':<10}{'chars':>7}{'before cpu':>12}{'after cpu':>11}{'x':>6}{'before wall':>13}{'after wall':>12}{'x':>6}")
    for corpus, before in best["before"].items():
        after = best["after"][corpus]
        print(f"{corpus:<10}{before['chars']:>7.0f}{before['cpu']:>12.0f}{after['cpu']:>11.0f}"
              f"{after['cpu'] / before['cpu']:>6.2f}{before['wall']:>13.0f}{after['wall']:>12.0f}"
              f"{after['wall'] / before['wall']:>6.2f}")


if __name__ == "__main__":
    main()
