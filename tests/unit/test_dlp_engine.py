"""The DLP engine: policy, what gets screened, the `dlp` section, storage rewrites, cache, windows."""

from __future__ import annotations

import hashlib
import json
import random
import socket
import subprocess
import sys
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aoai_logpipe.core import documents
from aoai_logpipe.core.dlp import (
    CREDENTIAL_ENTITIES, ERROR_PLACEHOLDER, HIGH_RISK_ENTITIES, PATTERN_ENTITIES, DlpConfigError, DlpEngine, DlpPolicy,
    DlpScanError, Finding, Span, apply_spans, make_screener, merge_spans, resolve_overlaps, windows,
)
from aoai_logpipe.core.merge import ToolCall
from aoai_logpipe.core.types import Usage
from tests.unit.dlp_corpus import answer, exchange_of, growing_conversation

SSN = "536-22-8714"
CARD = "4556 7375 8689 9855"
PASSWORD = "s3cr3t-Pa55!"
AWS_KEY_ID = "AKIAQ3EGRZ7T5WKJ2M4P"
EMAIL = "dana.smith@contoso.com"
PNG = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
       "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
TOKENS = SimpleNamespace(usage=Usage(10, 5, 15), source="reported")


@pytest.fixture(scope="module")
def engine() -> DlpEngine:
    return DlpEngine()


def _audit(exchange: Any, dlp: dict[str, Any]) -> dict[str, Any]:
    return documents.audit(exchange, TOKENS, dlp)  # type: ignore[arg-type]


# ------------------------------------------------------------ policy


def test_policy_defaults_redact_high_risk_and_keep_the_rest() -> None:
    policy = DlpPolicy()
    assert policy.mode == "pattern" and policy.languages == ("en",) and policy.default_threshold == 0.5
    assert policy.entity_list() == PATTERN_ENTITIES
    assert all(policy.action(e) == "redact" for e in (*CREDENTIAL_ENTITIES, "CREDIT_CARD", "US_SSN", "IBAN_CODE"))
    assert all(policy.action(e) == "keep" for e in ("EMAIL_ADDRESS", "PHONE_NUMBER", "IP_ADDRESS", "PERSON"))
    assert {"US_PASSPORT", "UK_NHS", "IN_AADHAAR"} <= HIGH_RISK_ENTITIES


def test_policy_from_mapping_normalises_configuration() -> None:
    policy = DlpPolicy.from_mapping({
        "mode": "ner", "entities": ["person", "us_ssn"], "thresholds": {"person": 0.7},
        "actions": {"email_address": "hash", "us_ssn": "keep"}, "allow_list": ["support@contoso.com"],
        "languages": ["en"], "hash_secret": "k3y", "window_chars": 10_000, "window_overlap_chars": 2_000,
    })
    assert policy.entities == ("PERSON", "US_SSN")
    assert policy.threshold("PERSON") == 0.7 and policy.threshold("US_SSN") == 0.5
    assert policy.action("EMAIL_ADDRESS") == "hash" and policy.action("US_SSN") == "keep"
    assert policy.allow_list == ("support@contoso.com",)
    assert "k3y" not in repr(policy) and "k3y" not in policy.digest()


def test_policy_from_mapping_accepts_environment_strings() -> None:
    policy = DlpPolicy.from_mapping({"mode": "pattern", "entities": "us_ssn, email_address", "languages": "en",
                                     "window_chars": "20000", "default_threshold": "0.6",
                                     "thresholds": {"US_SSN": "0.7"}})
    assert policy.entities == ("US_SSN", "EMAIL_ADDRESS") and policy.languages == ("en",)
    assert policy.window_chars == 20_000 and policy.default_threshold == 0.6 and policy.threshold("US_SSN") == 0.7


@pytest.mark.parametrize(("config", "message"), [
    ({"mode": "regex"}, "mode"),
    ({"treshold": 0.5}, "unknown DLP configuration keys: ['treshold']"),
    ({"actions": {"US_SSN": "shred"}}, "action for US_SSN"),
    ({"thresholds": {"PERSON": 1.5}}, "threshold for PERSON"),
    ({"entities": []}, "entities must not be empty"),
    ({"window_chars": 4_000, "window_overlap_chars": 4_000}, "window_chars"),
    ({"mode": "ner", "languages": ["en", "de"]}, "ner_models"),
    ({"window_chars": "large"}, "invalid DLP configuration value"),
])
def test_policy_rejects_bad_configuration(config: dict[str, Any], message: str) -> None:
    with pytest.raises(DlpConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        DlpPolicy.from_mapping(config)


def test_unknown_entity_is_a_configuration_error() -> None:
    with pytest.raises(DlpConfigError, match="no recognizer for \\['PERSON'\\] in pattern mode"):
        DlpEngine(DlpPolicy(entities=("US_SSN", "PERSON")))


def test_policy_digest_is_stable_and_tracks_changes() -> None:
    assert DlpPolicy(thresholds={"A": 0.6, "B": 0.7}).digest() == DlpPolicy(thresholds={"B": 0.7, "A": 0.6}).digest()
    assert DlpPolicy().digest() != DlpPolicy(default_threshold=0.6).digest()


# ------------------------------------------------------------ screening an exchange


def _full_exchange() -> Any:
    messages = [
        {"role": "system", "content": f"Internal notes: employee SSN {SSN}."},
        {"role": "user", "content": [
            {"type": "text", "text": f"Charge card {CARD} and email {EMAIL}"},
            {"type": "image_url", "image_url": {"url": PNG}},
            {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
        ]},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "login", "arguments": f'{{"password": "{PASSWORD}"}}'}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "ok"},
    ]
    choices = [answer(text=f"Done, I emailed {EMAIL}.", refusal=f"I will not store {SSN}.",
                      tool_calls=[ToolCall("c2", "aws", f'{{"key_id": "{AWS_KEY_ID}"}}')],
                      function_call=ToolCall(None, "legacy", f'{{"card": "{CARD}"}}'))]
    return exchange_of(messages, choices)


def test_screener_reports_locations_but_never_the_text(engine: DlpEngine) -> None:
    dlp, _ = engine(_full_exchange())
    assert dlp["verdict"] == "flagged" and dlp["complete"] is False and dlp["mode"] == "pattern"
    assert dlp["engine_version"].startswith("presidio-analyzer ")
    found = {(f["entity"], json.dumps(f["location"], sort_keys=True)) for f in dlp["findings"]}

    def at(entity: str, text: str, value: str, **where: Any) -> tuple[str, str]:
        start = text.index(value)
        return entity, json.dumps({**where, "start": start, "end": start + len(value)}, sort_keys=True)

    assert found == {
        at("US_SSN", f"Internal notes: employee SSN {SSN}.", SSN, message=0, part=0),
        at("CREDIT_CARD", f"Charge card {CARD} and email {EMAIL}", CARD, message=1, part=0),
        at("EMAIL_ADDRESS", f"Charge card {CARD} and email {EMAIL}", EMAIL, message=1, part=0),
        at("GENERIC_SECRET", f'{{"password": "{PASSWORD}"}}', PASSWORD, message=2, tool_call=0, field="arguments"),
        at("EMAIL_ADDRESS", f"Done, I emailed {EMAIL}.", EMAIL, choice=0, field="text"),
        at("US_SSN", f"I will not store {SSN}.", SSN, choice=0, field="refusal"),
        at("AWS_ACCESS_KEY_ID", f'{{"key_id": "{AWS_KEY_ID}"}}', AWS_KEY_ID, choice=0, tool_call=0, field="arguments"),
        at("CREDIT_CARD", f'{{"card": "{CARD}"}}', CARD, choice=0, field="function_call.arguments"),
    }
    assert dlp["not_screened"] == [{"message": 1, "part": 1, "type": "image", "reason": "media"},
                                   {"message": 1, "part": 2, "type": "audio", "reason": "media"}]
    assert dlp["counts"]["findings"] == 8 and dlp["counts"]["not_screened_parts"] == 2
    assert dlp["counts"]["screened_texts"] == 8  # 3 message texts, 1 message tool call, text, refusal, 2 calls
    assert dlp["counts"]["by_entity"]["EMAIL_ADDRESS"] == 2
    dumped = json.dumps(dlp)
    assert not any(secret in dumped for secret in (SSN, CARD, EMAIL, PASSWORD, AWS_KEY_ID))


def test_rewriter_applies_the_storage_policy_without_touching_the_exchange(engine: DlpEngine) -> None:
    exchange = _full_exchange()
    before = json.dumps([m.parts for m in exchange.prompt.messages])
    dlp, rewrite = engine(exchange)
    doc = rewrite(_audit(exchange, dlp))
    messages, choice = doc["messages"], doc["choices"][0]
    assert messages[0]["parts"][0]["text"] == "Internal notes: employee SSN <US_SSN>."
    assert messages[1]["parts"][0]["text"] == f"Charge card <CREDIT_CARD> and email {EMAIL}"  # email: keep
    assert messages[1]["parts"][1]["dlp"] == "not_screened" and messages[1]["parts"][2]["dlp"] == "not_screened"
    assert messages[2]["tool_calls"][0]["arguments"] == '{"password": "<GENERIC_SECRET>"}'
    assert messages[3]["parts"][0]["text"] == "ok"
    assert choice["text"] == f"Done, I emailed {EMAIL}."
    assert choice["refusal"] == "I will not store <US_SSN>."
    assert choice["tool_calls"][0]["arguments"] == '{"key_id": "<AWS_ACCESS_KEY_ID>"}'
    assert choice["function_call"]["arguments"] == '{"card": "<CREDIT_CARD>"}'
    assert doc["dlp"] is dlp
    assert json.dumps([m.parts for m in exchange.prompt.messages]) == before


def test_hash_action_is_stable_and_keyed() -> None:
    plain = DlpEngine(DlpPolicy(entities=("EMAIL_ADDRESS",), actions={"EMAIL_ADDRESS": "hash"}))
    keyed = DlpEngine(DlpPolicy(entities=("EMAIL_ADDRESS",), actions={"EMAIL_ADDRESS": "hash"}, hash_secret="k3y"))
    exchange = exchange_of([{"role": "user", "content": f"a {EMAIL} b {EMAIL}"}])
    texts = []
    for screener in (plain, keyed):
        dlp, rewrite = screener(exchange)
        texts.append(rewrite(_audit(exchange, dlp))["messages"][0]["parts"][0]["text"])
    first, second = texts
    digest = first.split(":")[1].split(">")[0]
    assert first == f"a <EMAIL_ADDRESS:{digest}> b <EMAIL_ADDRESS:{digest}>" and len(digest) == 12
    assert second != first and EMAIL not in second


@pytest.mark.parametrize(("messages", "verdict", "complete"), [
    ([{"role": "user", "content": [{"type": "image_url", "image_url": {"url": PNG}}]}], "not_screened", False),
    ([{"role": "user", "content": [{"type": "text", "text": "What is in this picture?"},
                                   {"type": "image_url", "image_url": {"url": "https://x.example/a.png?sig=abc"}}]}],
     "clean", False),
    ([{"role": "user", "content": [{"type": "file", "file": {"filename": "a.pdf", "file_data": "JVBERi0="}}]}],
     "not_screened", False),
    ([{"role": "user", "content": "Summarise the release notes."}], "clean", True),
    ([], "clean", True),
])
def test_verdict_rules(engine: DlpEngine, messages: list[Any], verdict: str, complete: bool) -> None:
    dlp, _ = engine(exchange_of(messages))
    assert (dlp["verdict"], dlp["complete"]) == (verdict, complete)
    assert dlp["counts"]["not_screened_parts"] == len(dlp["not_screened"]) == (0 if complete else 1)


def test_a_scan_failure_withholds_the_text_and_names_only_the_exception_type(engine: DlpEngine,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, **kwargs: Any) -> list[Any]:
        raise ValueError(f"Did not find word '{PASSWORD}'")

    fresh = DlpEngine(DlpPolicy(entities=("GENERIC_SECRET",)))
    monkeypatch.setattr(fresh._analyzer, "analyze", broken)
    with pytest.raises(DlpScanError) as raised:
        fresh.scan(f"password={PASSWORD}")
    assert str(raised.value) == "ValueError" and raised.value.__suppress_context__
    exchange = exchange_of([{"role": "user", "content": f"password={PASSWORD}"}])
    dlp, rewrite = fresh(exchange)
    assert dlp["verdict"] == "not_screened" and dlp["not_screened"][0]["reason"] == "error"
    assert rewrite(_audit(exchange, dlp))["messages"][0]["parts"][0]["text"] == ERROR_PLACEHOLDER
    assert fresh.counters.scan_errors == 1


def test_a_pattern_that_runs_out_of_time_fails_the_scan_instead_of_passing_the_text_as_screened() -> None:
    text = "filler " * 5_000 + f"password={PASSWORD}"
    hurried = DlpEngine(DlpPolicy(regex_timeout_s=1e-9))  # no pattern finishes a 35 KB window in a nanosecond
    with pytest.raises(DlpScanError, match="^RegexTimeout$"):
        hurried.scan(text)
    exchange = exchange_of([{"role": "user", "content": text}])
    dlp, rewrite = hurried(exchange)
    assert dlp["verdict"] == "not_screened" and dlp["not_screened"][0]["reason"] == "error"
    assert rewrite(_audit(exchange, dlp))["messages"][0]["parts"][0]["text"] == ERROR_PLACEHOLDER
    assert hurried.counters.scan_errors == 1


def test_the_regex_time_limit_is_policy_and_is_checked() -> None:
    assert DlpPolicy.from_mapping({"regex_timeout_s": "0.5"}).regex_timeout_s == 0.5
    assert DlpPolicy().regex_timeout_s == 2.0
    for bad in (0, -1, 61):
        with pytest.raises(DlpConfigError, match="regex_timeout_s"):
            DlpPolicy(regex_timeout_s=bad)


def test_rewriter_withholds_text_that_is_not_what_was_screened(engine: DlpEngine) -> None:
    exchange = exchange_of([{"role": "user", "content": f"SSN {SSN}"}])
    dlp, rewrite = engine(exchange)
    doc = _audit(exchange, dlp)
    doc["messages"][0]["parts"] = [{"type": "text", "text": f"changed SSN {SSN}"}]
    assert rewrite(doc)["messages"][0]["parts"][0]["text"] == ERROR_PLACEHOLDER


def test_findings_list_is_capped_but_counted() -> None:
    capped = DlpEngine(DlpPolicy(entities=("EMAIL_ADDRESS",), max_findings=3))
    dlp, _ = capped(exchange_of([{"role": "user", "content": " ".join(f"u{i}@contoso.com" for i in range(10))}]))
    assert len(dlp["findings"]) == 3 and dlp["findings_truncated"] and dlp["counts"]["findings"] == 10


def test_allow_list_suppresses_known_values() -> None:
    allowing = DlpEngine(DlpPolicy(entities=("EMAIL_ADDRESS",), allow_list=("support@contoso.com",)))
    assert [f.entity for f in allowing.scan(f"write to support@contoso.com or {EMAIL}")] == ["EMAIL_ADDRESS"]


def test_make_screener_accepts_a_mapping() -> None:
    screener = make_screener({"entities": ["US_SSN"], "actions": {"US_SSN": "hash"}})
    assert isinstance(screener, DlpEngine) and screener.policy.action("US_SSN") == "hash"


# ------------------------------------------------------------ cost control


def test_a_resent_conversation_screens_each_distinct_text_once() -> None:
    counted = DlpEngine(DlpPolicy(entities=("GENERIC_SECRET", "EMAIL_ADDRESS", "AZURE_CONNECTION_STRING")))
    conversation = growing_conversation(20, random.Random(7))
    texts = []
    for exchange in conversation:
        counted(exchange)
        texts += [p["text"] for m in exchange.prompt.messages for p in m.parts]
        texts += [c.text for c in exchange.response.choices]
    distinct = len(set(texts))
    assert distinct == 1 + 20 + 20  # system, 20 user turns, 20 answers (each answer is resent as history)
    c = counted.counters
    assert (c.texts_screened, c.cache_misses, c.cache_hits) == (distinct, distinct, len(texts) - distinct)
    assert c.exchanges == 20 and c.findings > 0


def test_cache_is_a_bounded_lru() -> None:
    small = DlpEngine(DlpPolicy(entities=("US_SSN",), cache_entries=2))
    for text in ("a 1", "b 2", "a 1", "c 3", "b 2"):
        small.scan(text)
    assert (small.counters.cache_hits, small.counters.cache_misses) == (1, 4)
    assert len(small._cache) == 2


def test_long_text_is_scanned_in_windows_to_its_tail_with_whole_text_offsets() -> None:
    windowed = DlpEngine(DlpPolicy(entities=("GENERIC_SECRET", "AWS_ACCESS_KEY_ID", "PRIVATE_KEY")))
    filler = "The quick brown fox jumps over the lazy dog 1234. " * 21_000  # ~1 MB
    first_edge = next(windows(filler, 32_768, 4_096))[1]
    pem = "-----BEGIN PRIVATE KEY-----\n" + "QUJD" * 800 + "\n-----END PRIVATE KEY-----"  # 3.3 KB, across an edge
    text = (filler[:first_edge - 1_000] + " " + pem + " " + filler[first_edge:] + f" password={PASSWORD} "
            + f"and {AWS_KEY_ID}")
    found = windowed.scan(text)
    assert [(f.entity, text[f.start:f.end]) for f in found] == [
        ("PRIVATE_KEY", pem), ("GENERIC_SECRET", PASSWORD), ("AWS_ACCESS_KEY_ID", AWS_KEY_ID)]
    assert windowed.counters.windows_scanned == len(list(windows(text, 32_768, 4_096))) > 30


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab \n", min_size=0, max_size=6_000), st.integers(1_100, 3_000), st.integers(512, 512 + 500))
def test_windows_cover_the_text_and_keep_short_entities_whole(text: str, size: int, overlap: int) -> None:
    spans = list(windows(text, size, overlap))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        assert s1 < s2 < e1 < e2 and e1 - s2 >= overlap - 256
    assert all(e - s <= size for s, e in spans)
    longest = overlap - 256
    for start in range(0, max(1, len(text) - longest), 97):
        assert any(s <= start and start + longest <= e for s, e in spans) or start + longest > len(text)


# ------------------------------------------------------------ overlaps and spans


def test_resolve_overlaps_merges_window_duplicates_and_reports_the_outer_finding() -> None:
    found = resolve_overlaps([
        Finding("GENERIC_SECRET", 0.8, 10, 20), Finding("GENERIC_SECRET", 0.9, 15, 30),  # two windows
        Finding("AZURE_CONNECTION_STRING", 0.9, 40, 200), Finding("AZURE_KEY", 0.95, 120, 190),  # key inside
        Finding("EMAIL_ADDRESS", 1.0, 300, 320), Finding("URL", 0.5, 290, 330),  # both kept as text
    ], DlpPolicy())
    assert found == (Finding("GENERIC_SECRET", 0.9, 10, 30), Finding("AZURE_CONNECTION_STRING", 0.9, 40, 200),
                     Finding("URL", 0.5, 290, 330))


def test_resolve_overlaps_never_drops_a_stricter_finding_inside_a_laxer_one() -> None:
    # postgres://u:PASSWORD@host.postgres.database.azure.com: the "e-mail address" holds a password.
    inner = Finding("GENERIC_SECRET", 0.8, 20, 28)
    found = resolve_overlaps([Finding("EMAIL_ADDRESS", 1.0, 20, 60), inner], DlpPolicy())
    assert inner in found
    assert merge_spans(found, DlpPolicy()) == [Span(20, 28, "GENERIC_SECRET", "redact")]


def test_resolve_overlaps_prefers_a_named_entity_to_generic_secret_on_the_same_span() -> None:
    found = resolve_overlaps([Finding("GENERIC_SECRET", 0.8, 5, 45), Finding("GITHUB_TOKEN", 0.6, 5, 45)], DlpPolicy())
    assert found == (Finding("GITHUB_TOKEN", 0.6, 5, 45),)


def test_a_merged_span_is_labelled_by_its_widest_strictest_finding() -> None:
    findings = [Finding("AZURE_CONNECTION_STRING", 0.9, 0, 100), Finding("AZURE_KEY", 0.95, 50, 140)]
    assert merge_spans(findings, DlpPolicy()) == [Span(0, 140, "AZURE_CONNECTION_STRING", "redact")]


def test_a_stricter_key_inside_a_connection_string_is_stored_under_the_outer_name() -> None:
    # a policy that hashes connection strings but redacts keys keeps the key as its own finding
    policy = DlpPolicy(actions={"AZURE_CONNECTION_STRING": "hash"})
    outer, inner = Finding("AZURE_CONNECTION_STRING", 0.95, 4, 120), Finding("AZURE_KEY", 0.85, 60, 118)
    assert resolve_overlaps([outer, inner], policy) == (outer, inner)
    assert merge_spans([outer, inner], policy) == [Span(4, 120, "AZURE_CONNECTION_STRING", "redact")]


def test_the_stored_as_column_labels_the_key_inside_the_connection_string_not_the_reverse() -> None:
    from aoai_logpipe.reports.audit import render_show

    text = "use <AZURE_CONNECTION_STRING> now"
    doc = {"messages": [{"index": 0, "role": "user", "parts": [{"type": "text", "text": text}]}], "choices": [],
           "dlp": {"verdict": "flagged", "findings": [
               {"entity": "AZURE_CONNECTION_STRING", "score": 0.95, "action": "hash",
                "location": {"message": 0, "part": 0, "start": 4, "end": 120}},
               {"entity": "AZURE_KEY", "score": 0.85, "action": "redact",
                "location": {"message": 0, "part": 0, "start": 60, "end": 118}}],
               "counts": {"by_entity": {"AZURE_CONNECTION_STRING": 1, "AZURE_KEY": 1}}}}
    rows = {line.split()[0]: line for line in render_show(doc).splitlines() if line.startswith("AZURE_")}
    assert "  <AZURE_CONNECTION_STRING>  " in rows["AZURE_CONNECTION_STRING"]
    assert "inside <AZURE_CONNECTION_STRING>" in rows["AZURE_KEY"] and "<AZURE_KEY>" not in "".join(rows.values())


def test_spans_merge_overlaps_take_the_strictest_action_and_apply_right_to_left() -> None:
    policy = DlpPolicy(actions={"EMAIL_ADDRESS": "hash", "PERSON": "keep"})
    text = "0123456789abcdefghijklmnopqrstuvwxyz"
    findings = [Finding("EMAIL_ADDRESS", 1.0, 2, 8), Finding("US_SSN", 0.5, 6, 12), Finding("PERSON", 0.9, 14, 16),
                Finding("EMAIL_ADDRESS", 1.0, 20, 24)]
    spans = merge_spans(findings, policy)
    assert spans[0] == Span(2, 12, "US_SSN", "redact")  # merged: redact beats hash
    assert spans[1].start == 20 and spans[1].action == "hash"
    digest = hashlib.sha256(b"klmn").hexdigest()[:12]
    assert apply_spans(text, spans, policy) == f"01<US_SSN>cdefghij<EMAIL_ADDRESS:{digest}>opqrstuvwxyz"


# ------------------------------------------------------------ cheap import, no network


def test_importing_the_module_does_not_import_presidio_or_spacy() -> None:
    code = ("import sys, aoai_logpipe.core.dlp, aoai_logpipe.core.pipeline; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('presidio_analyzer', 'spacy', 'tldextract')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_building_and_screening_never_touch_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    offline = DlpEngine()
    assert {f.entity for f in offline.scan(f"mail {EMAIL}, SSN {SSN}")} == {"EMAIL_ADDRESS", "US_SSN"}
