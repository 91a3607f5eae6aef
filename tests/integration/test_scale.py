"""Bounded memory and linear cost, asserted by sizes and operation counts (never by time)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aoai_logpipe.core import content
from aoai_logpipe.core.sse import SseParser
from aoai_logpipe.core.tokens import Estimator
from aoai_logpipe.tokenizer import TiktokenCounter

ROOT = Path(__file__).resolve().parents[2]

OPEN_100K = r"""
import json, resource, sys
from datetime import datetime, timedelta, timezone
from aoai_logpipe.core.assemble import Assembler, AssemblyLimits
from aoai_logpipe.core.decode import decode
from aoai_logpipe.core.types import Position, RawEvent
asm = Assembler(AssemblyLimits(max_open=200_000, max_bytes=4 * 1024**3))
t0 = datetime(2026, 10, 1, tzinfo=timezone.utc)
messages = [{"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "Summarize the quarterly report for the northern region in three bullets."}]
for i in range(100_000):
    body = {"schema": "aoai-logpipe/v1", "type": "request", "request_id": f"req-{i:06d}", "time": "2026-10-01T00:00:00Z",
            "deployment": "gpt-4o", "caller": {"user_id": f"u{i % 500}", "cost_center": "CC-1"},
            "body": {"messages": messages, "stream": True}}
    event = RawEvent(json.dumps(body).encode(), Position("0", str(i), i, t0 + timedelta(milliseconds=i)))
    for fragment in decode(event).fragments:
        asm.add(fragment)
        asm.add(decode(RawEvent(json.dumps({**body, "type": "chunk", "seq": 0, "data": "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel"}).encode(),
                                   Position("0", str(i), i, t0 + timedelta(milliseconds=i)))).fragments[0])
    asm.event_done(event.position)
print(json.dumps({"open": asm.open_count, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def test_a_hundred_thousand_open_conversations_fit_in_one_gigabyte():
    out = subprocess.run([sys.executable, "-c", OPEN_100K], capture_output=True, text=True, check=True, cwd=ROOT, timeout=600)
    result = json.loads(out.stdout)
    print(f"100k open conversations (request + one chunk each): peak RSS {result['rss_mb']:.0f} MB")
    assert result["open"] == 100_000
    assert result["rss_mb"] < 1024


@pytest.fixture(scope="module")
def fresh_counter(tmp_path_factory):
    return TiktokenCounter(tmp_path_factory.mktemp("tk"))


def test_a_200_turn_conversation_resent_every_turn_tokenizes_each_message_once(fresh_counter):
    estimator = Estimator(fresh_counter)
    history = [{"role": "system", "content": "You are a careful assistant for the finance team, answer briefly."}]
    distinct_chars = len(history[0]["content"]) + len("system")
    for turn in range(200):
        history.append({"role": "user", "content": f"Question {turn}: what changed in cost center CC-{turn:04d} this month?"})
        prompt = content.normalize_request({"messages": history}, "chat.completions")
        estimator.estimate(prompt, [], "gpt-4o", "chat.completions")
        history.append({"role": "assistant", "content": f"Answer {turn}: spending rose by {turn} percent, mostly storage."})
    distinct_chars += sum(len(m["content"]) for m in history[1:-1]) + len("user") + len("assistant")
    assert fresh_counter.encoded_chars <= distinct_chars
    assert fresh_counter.memo_hits > 10_000  # the history came back 200 times and was looked up, not re-encoded


def test_a_one_megabyte_prompt_is_tokenized_in_one_pass(fresh_counter):
    text = ("The committee reviewed invoices and contracts for the third quarter. " * 16_000)[:1_000_000]
    before = fresh_counter.encoded_chars
    Estimator(fresh_counter).estimate(content.normalize_request({"messages": [{"role": "user", "content": text}]},
                                                                 "chat.completions"), [], "gpt-4o", "chat.completions")
    assert fresh_counter.encoded_chars - before <= len(text) + len("user")


def test_a_one_megabyte_sse_line_fed_in_small_pieces_is_joined_once():
    line = "data: " + "x" * 1_000_000 + "\n\n"
    parser = SseParser()
    events = []
    pending_sizes = []
    for i in range(0, len(line), 1000):
        events += parser.feed(line[i:i + 1000])
        pending_sizes.append(len(parser._partial))
    assert [len(e.data) for e in events] == [1_000_000]
    # the unfinished line is a list of pieces (joined once at its end), never a growing string
    assert max(pending_sizes) >= len(line) // 1000 - 1 and parser._partial == []


def test_a_one_megabyte_prompt_is_screened_in_bounded_windows():
    from aoai_logpipe.core.dlp import DlpEngine, DlpPolicy

    engine = DlpEngine(DlpPolicy(window_chars=32_768, window_overlap_chars=4_096))
    text = ("Invoice 4411 approved; contact ana.silva@contoso.com about 123-45-6789. " * 14_000)[:1_000_000]
    findings = engine.scan(text)
    expected_windows = -(-(len(text) - 4_096) // (32_768 - 4_096))
    assert engine.counters.windows_scanned + engine.counters.windows_skipped <= expected_windows + 1
    assert engine.counters.chars_scanned <= len(text) * (32_768 / (32_768 - 4_096)) + 32_768
    assert max(f.end for f in findings) > len(text) - 1_000  # the tail was screened too
