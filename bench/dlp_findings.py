"""Digest of every DLP finding on every corpus, to show a speed-up changed no finding.

    .venv/bin/python bench/dlp_findings.py [TREE] [--mode pattern|ner] [--limit N] [--long N]

Scans (cache off, `engine.scan`) each text of tests/unit/dlp_corpus.py, tests/dlp_eval and every
template corpus tests/dlp_blind*, plus `--long` texts of 3-10 KB glued from random corpus
texts (fixed seed; they cross the short texts' boundaries and make many findings per text), and
prints per corpus the text count and a SHA-256 over every text's full findings (entity, score,
start, end, in order). TREE (default: this checkout) holds `src/` and `tests/`, so the same
script run against `git archive main src tests | tar -x -C /tmp/before` and against this
checkout must print the same lines (the corpora are this checkout's: copy those an older tree
lacks into it). `--limit` keeps the first N texts of each corpus (NER mode is slow); `--dump FILE` writes every text's findings as JSON, to name the texts that differ.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ("tests.unit.dlp_corpus", "tests.dlp_eval.corpus",
           *(f"tests.{d.name}.corpus" for d in sorted(ROOT.glob("tests/dlp_blind*/"), key=lambda d: int(d.name[9:]))))


def long_texts(texts: list[str], count: int, seed: int = 15) -> list[str]:
    """`count` texts of 3-10 KB, each random corpus texts joined by a newline or a space."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        size, parts = rng.randint(3_000, 10_000), []
        while sum(map(len, parts)) < size:
            parts.append(rng.choice(texts))
        out.append("".join(p + rng.choice(("\n", " ", "\n\n")) for p in parts))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path, nargs="?", default=ROOT, help="source tree (holds src/ and tests/)")
    parser.add_argument("--mode", default="pattern", choices=("pattern", "ner"))
    parser.add_argument("--limit", type=int, default=0, help="first N texts of each corpus (0: all)")
    parser.add_argument("--long", type=int, default=300, help="glued 3-10 KB texts")
    parser.add_argument("--dump", type=Path, help="write {corpus: [findings of each text]} as JSON")
    args = parser.parse_args()
    tree = args.tree.resolve()
    sys.path[:0] = [str(tree), str(tree / "src")]
    from aoai_logpipe.core.dlp import DlpEngine, DlpPolicy

    corpora = {name.split(".")[-2] if name.endswith("corpus") else name.split(".")[-1]:
               [s.text for s in importlib.import_module(name).generate()] for name in CORPORA}
    corpora["long"] = long_texts([t for texts in corpora.values() for t in texts], args.long)
    engine = DlpEngine(DlpPolicy(mode=args.mode, cache_entries=0))
    total, dump = hashlib.sha256(), {}
    for name, texts in corpora.items():
        digest, findings, dump[name] = hashlib.sha256(), 0, []
        for text in texts[:args.limit or None]:
            found = [(f.entity, f.score, f.start, f.end) for f in engine.scan(text)]
            findings += len(found)
            digest.update(repr(found).encode() + b"\n")
            dump[name].append(found)
        total.update(digest.digest())
        print(f"{name:<12}{len(texts[:args.limit or None]):>6} texts{findings:>7} findings  {digest.hexdigest()[:16]}")
    print(f"{'all':<12}{'':>30}  {total.hexdigest()[:16]}")
    if args.dump:
        args.dump.write_text(json.dumps(dump))


if __name__ == "__main__":
    main()
