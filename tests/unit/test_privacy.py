"""Tombstones and holds as rules on every write; redaction plans; who the principal is (pure)."""

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aoai_logpipe.core import privacy, redaction
from aoai_logpipe.core.pipeline import Output
from aoai_logpipe.reports.admin import token_principal


def audit(request_id, user_id, user_name=None):
    return {"id": f"au-{request_id}", "request_id": request_id, "caller": {"user_id": user_id, "user_name": user_name}}


def charge(request_id, user_id, user_name=None):
    return {"id": f"cb-{request_id}", "request_id": request_id, "user_id": user_id, "user_name": user_name,
            "client_ip": "10.0.0.1", "cost_center": "CC-1", "cost": {"total": "0.5"}, "usage": {"prompt_tokens": 3}}


def test_erased_subjects_lose_their_conversations_and_keep_their_charges_under_a_pseudonym():
    policy = privacy.Policy.of([{"subject": privacy.subject_hash("u1"), "pseudonym": "erased-abc"}])
    out = Output(audit=[audit("r1", "u1"), audit("r2", "u2"), audit("r3", None, "u1")],
                 chargeback=[charge("r1", "u1"), charge("r2", "u2")], deadletters=[{"id": "dl-1"}])
    applied = privacy.apply(policy, out)
    assert [d["request_id"] for d in applied.out.audit] == ["r2"] and applied.suppressed == 2
    first, second = applied.out.chargeback
    assert first == {**charge("r1", "u1"), "user_id": "erased-abc", "user_name": None, "client_ip": None}
    assert second == charge("r2", "u2") and applied.pseudonymized == 1 and applied.out.deadletters == [{"id": "dl-1"}]
    assert len(out.audit) == 3  # the batch itself is left alone


def test_without_tombstones_the_batch_passes_untouched():
    out = Output(audit=[audit("r1", "u1")])
    assert privacy.apply(privacy.Policy(), out).out is out


def test_holds_cover_a_users_and_a_requests_conversations_until_released():
    holds = [{"kind": "user", "value": "u1", "subject": privacy.subject_hash("u1"), "released": None},
             {"kind": "request", "value": "r9", "subject": None, "released": None},
             {"kind": "user", "value": "u2", "subject": privacy.subject_hash("u2"), "released": {"time": "t"}}]
    policy = privacy.Policy.of([], holds)
    assert policy.held(audit("r1", "u1")) and policy.held(audit("r9", "u3")) and policy.held(audit("r5", None, "u1"))
    assert not policy.held(audit("r2", "u2")) and not policy.held(audit("r3", None))


def test_a_tombstone_never_holds_the_identifier_itself():
    assert "u1" not in privacy.subject_hash("u1") and len(privacy.subject_hash("u1")) == 64


def test_a_plan_resolves_aliases_and_refuses_what_it_does_not_know():
    plan = redaction.plan("email, person,IP", "user_id,caller.user_name", "messages", ("EMAIL_ADDRESS", "PERSON", "IP_ADDRESS"))
    assert plan == redaction.Plan(("EMAIL_ADDRESS", "PERSON", "IP_ADDRESS"), ("caller.user_id", "caller.user_name"),
                                  ("messages",))
    with pytest.raises(redaction.PlanError, match="cannot redact 'creditcard'"):
        redaction.plan("creditcard", None, None, ("CREDIT_CARD",))
    with pytest.raises(redaction.PlanError, match="unknown field 'colour'"):
        redaction.plan(None, "colour", None, ())


def test_fields_are_hashed_as_stored_then_texts_redacted():
    doc = {"caller": {"user_id": "u1", "user_name": "Ana Silva", "client_ip": "1.2.3.4", "tags": {"team": "x@y.z"}},
           "messages": [{"parts": [{"type": "text", "text": "hi ANA SILVA, mail x@y.z"}]}], "tools": [{"a": 1}]}
    plan = redaction.Plan(("EMAIL_ADDRESS", "PERSON", "IP_ADDRESS"), ("caller.user_name",), ("tools",))
    shared = redaction.apply(doc, plan, lambda text: text.replace("x@y.z", "<EMAIL_ADDRESS>"), b"k")
    assert shared["caller"]["user_name"] == redaction.keyed_hash(b"k", "Ana Silva")  # linkable, not the redaction
    assert shared["caller"]["client_ip"] == "<IP_ADDRESS>" and shared["caller"]["tags"] == {"team": "<EMAIL_ADDRESS>"}
    assert shared["messages"][0]["parts"][0]["text"] == "hi <PERSON>, mail <EMAIL_ADDRESS>"
    assert "tools" not in shared and doc["caller"]["user_name"] == "Ana Silva"


def _token(claims):
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"eyJhbGciOiJub25lIn0.{body}.sig"


def test_the_principal_of_an_entra_token_is_its_user_or_app():
    assert token_principal(_token({"upn": "ana@contoso.com", "tid": "t1", "oid": "o"})) == "entra user ana@contoso.com (tenant t1)"
    assert token_principal(_token({"appid": "11111111-2222", "oid": "o"})) == "entra app 11111111-2222"
    assert token_principal("not a token") is None


def letter(raw, encoding="utf-8"):
    return {"id": "dl-1", "reason": "invalid_json", "raw": raw, "raw_encoding": encoding, "raw_sha256": "d"}


def test_a_payload_names_its_caller_cut_short_inside_a_string_of_json_or_in_base64():
    event = json.dumps({"caller": {"user_id": "user-7", "user_name": "Zoë \"Z\" Ng"}, "body": {"text": "hello"}})
    assert {"user-7", 'Zoë "Z" Ng'} <= privacy.payload_strings(letter(event[:event.index("body")]))
    nested = json.dumps({"records": json.dumps([{"properties": {"callerId": "user-7"}}])})
    assert "user-7" in privacy.payload_strings(letter(nested[:-2]))
    packed = base64.b64encode(b"\xff" + event.encode()).decode()
    assert "user-7" in privacy.payload_strings(letter(packed, "base64"))
    assert "user-70" not in privacy.payload_strings(letter(event)) and not privacy.payload_strings(letter(""))


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                           max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(before=json_values, after=json_values, name=st.text(min_size=1, max_size=12), cut=st.integers(0, 40),
       ascii_only=st.booleans())
def test_a_string_value_is_found_wherever_it_sits_and_however_the_payload_ends(before, after, name, cut, ascii_only):
    raw = json.dumps([before, {"user_id": name}, after], ensure_ascii=ascii_only)
    end = raw.index(json.dumps(name, ensure_ascii=ascii_only), len(json.dumps(before, ensure_ascii=ascii_only)))
    end += len(json.dumps(name, ensure_ascii=ascii_only))
    assert name in privacy.payload_strings(letter(raw[:end + cut]))


def test_replayed_dead_letters_naming_an_erased_subject_are_written_without_their_payload():
    policy = privacy.Policy.of([{"subject": privacy.subject_hash("u1"), "pseudonym": "erased-abc"}])
    named, other = letter('{"caller": {"user_id": "u1"'), {**letter('{"caller": {"user_id": "u2"'), "id": "dl-2"}
    applied = privacy.apply(policy, Output(deadletters=[named, other]))
    assert applied.out.deadletters == [{**named, "raw": "", "raw_encoding": "erased"}, other] and applied.scrubbed == 1
