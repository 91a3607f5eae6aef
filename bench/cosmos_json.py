"""The Cosmos sink's JSON work per document, the standard json module against msgspec (io/cosmos_json),
on the core's real documents, measured in the same run (no server):

    .venv/bin/python bench/core_digest.py /tmp/docs --conversations 4000   # writes the documents
    .venv/bin/python bench/cosmos_json.py /tmp/docs [--rounds 3]

Per document: its size for the batch and item limits (request_size), its share of a 10-document batch
body, and the decoding of the batch's answer, which echoes each document (as Cosmos DB and the local
Cosmos-compatible server do). Three ways: the standard json module (the SDK's own), msgspec into
dicts (the sink until 2026-12-07), and the sink now (`io/cosmos_json`: a batch's answer read for
its statuses only). CPU microseconds per document, and the ratios.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from aoai_logpipe.io import cosmos_json  # noqa: E402

ENCODE = msgspec.json.Encoder().encode
DECODE = msgspec.json.Decoder().decode


def load(directory: Path) -> list[dict[str, Any]]:
    docs = []
    for role in ("chargeback", "audit", "deadletters"):
        for line in (directory / f"{role}.jsonl").read_text().splitlines():
            if line.startswith("{"):
                docs.append(json.loads(line))
    return docs


def answer(batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"statusCode": 200, "requestCharge": 10.29, "eTag": '"00000000-0000-0000-0000-000000000000"',
             "resourceBody": {**doc, "_rid": "AAAAAAAAAAAAAAAAAAAAAA==", "_ts": 1765000000}} for doc in batch]


def stdlib(docs: list[dict[str, Any]], batches: list[list[dict[str, Any]]], answers: list[str]) -> None:
    for doc in docs:
        len(json.dumps(doc, separators=(",", ":")))
    for batch, text in zip(batches, answers):
        json.dumps([{"operationType": "Upsert", "resourceBody": d} for d in batch], separators=(",", ":"))
        json.loads(text)


def with_msgspec(docs: list[dict[str, Any]], batches: list[list[dict[str, Any]]], answers: list[str]) -> None:
    for doc in docs:
        len(ENCODE(doc))
    for batch, text in zip(batches, answers):
        ENCODE([{"operationType": "Upsert", "resourceBody": d} for d in batch])
        DECODE(text)


def sink_now(docs: list[dict[str, Any]], batches: list[list[dict[str, Any]]], answers: list[str]) -> None:
    for doc in docs:
        cosmos_json.body_size(doc)
    for batch, text in zip(batches, answers):
        cosmos_json.encode([{"operationType": "Upsert", "resourceBody": d} for d in batch])
        cosmos_json._loads(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="a directory written by bench/core_digest.py")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    docs = load(args.data)
    batches = [docs[i:i + 10] for i in range(0, len(docs), 10)]
    answers = [json.dumps(answer(batch), separators=(",", ":")) for batch in batches]
    print(f"{len(docs):,} documents, {sum(len(ENCODE(d)) for d in docs) / len(docs):,.0f} bytes on average")
    best: dict[str, float] = {}
    runs: list[tuple[str, Callable[..., None]]] = [
        ("json", stdlib), ("msgspec, dicts", with_msgspec), ("the sink now", sink_now)]
    for _ in range(args.rounds):
        for name, run in runs:
            started = time.process_time()
            run(docs, batches, answers)
            best[name] = min(best.get(name, float("inf")), (time.process_time() - started) / len(docs) * 1e6)
    for name, _ in runs:
        print(f"{name:<16}{best[name]:8.1f} us of CPU per document (best of {args.rounds}), "
              f"{best['json'] / best[name]:5.2f}x json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
