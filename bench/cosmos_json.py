"""The Cosmos sink's JSON work per document, the standard json module against msgspec (io/cosmos_json),
on the core's real documents, measured in the same run (no server):

    .venv/bin/python bench/core_digest.py /tmp/docs --conversations 4000   # writes the documents
    .venv/bin/python bench/cosmos_json.py /tmp/docs [--rounds 3]

Per document: its size for the batch and item limits (request_size), its share of a 10-document batch
body, and the decoding of an answer that echoes the batch (what the local Cosmos-compatible server
sends back). CPU microseconds per document, and the ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable

import msgspec

ENCODE = msgspec.json.Encoder().encode
DECODE = msgspec.json.Decoder().decode


def load(directory: Path) -> list[dict[str, Any]]:
    docs = []
    for role in ("chargeback", "audit", "deadletters"):
        for line in (directory / f"{role}.jsonl").read_text().splitlines():
            if line.startswith("{"):
                docs.append(json.loads(line))
    return docs


def stdlib(docs: list[dict[str, Any]], batches: list[list[dict[str, Any]]]) -> None:
    for doc in docs:
        len(json.dumps(doc, separators=(",", ":")))
    for batch in batches:
        json.loads(json.dumps([{"operationType": "Upsert", "resourceBody": d} for d in batch], separators=(",", ":")))


def with_msgspec(docs: list[dict[str, Any]], batches: list[list[dict[str, Any]]]) -> None:
    for doc in docs:
        len(ENCODE(doc))
    for batch in batches:
        DECODE(ENCODE([{"operationType": "Upsert", "resourceBody": d} for d in batch]).decode())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="a directory written by bench/core_digest.py")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    docs = load(args.data)
    batches = [docs[i:i + 10] for i in range(0, len(docs), 10)]
    print(f"{len(docs):,} documents, {sum(len(ENCODE(d)) for d in docs) / len(docs):,.0f} bytes on average")
    best: dict[str, float] = {}
    runs: list[tuple[str, Callable[..., None]]] = [("json (before)", stdlib), ("msgspec (now)", with_msgspec)]
    for _ in range(args.rounds):
        for name, run in runs:
            started = time.process_time()
            run(docs, batches)
            best[name] = min(best.get(name, float("inf")), (time.process_time() - started) / len(docs) * 1e6)
    for name, _ in runs:
        print(f"{name:<16}{best[name]:8.1f} us of CPU per document (best of {args.rounds})")
    print(f"ratio            {best['json (before)'] / best['msgspec (now)']:8.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
