"""What the twelfth corpus is, as its README says: 400 prompts and answers of six kinds in about equal shares,
about 1.75 labels a text, about one text in four a hard-negative text with no label, every credential kind
of the harness at least six times, labels exactly on their spans, values that pass their checks and hard
negatives that fail them, every template used, deterministic per seed. What every template corpus is:
tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import re
from collections import Counter

import phonenumbers
import pytest

from tests.dlp_blind12.corpus import generate
from tests.dlp_blind12.tpl import NEGATIVE, REGISTRY
from tests.dlp_blind12.values import PHONE_REGIONS, base62_checksum_valid, iban_valid, luhn_valid
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_decoy_kinds, assert_families,
                                          assert_grouped_and_compact, assert_private_keys_plain_and_json_escaped,
                                          assert_spaced_dashed_and_plain, card_digits, corpus_fixture, iban_countries,
                                          is_issuable_ssn, of_kind, valid_phone)
from tests.dlp_eval.test_template_corpora import ISSUE_KINDS, LATER_KINDS

pytestmark = pytest.mark.timeout(120)

KINDS = ("ticket", "code", "config", "log", "email", "chat")
FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON")

corpus = corpus_fixture(generate)


def kind_of(genre: str) -> str:
    return genre.removeprefix("answer_").split("_")[0]


def test_deterministic_per_seed(corpus) -> None:  # noqa: ANN001
    again = generate()
    assert [(s.id, s.text, s.labels, s.decoys) for s in again] == [(s.id, s.text, s.labels, s.decoys) for s in corpus]
    other = generate(seed=5)
    assert [s.text for s in other] != [s.text for s in corpus]
    assert [(s.text, s.labels) for s in other] == [(s.text, s.labels) for s in generate(seed=5)]


def test_size_density_and_hard_negative_share(corpus) -> None:  # noqa: ANN001
    assert len(corpus) == 400
    assert 1.6 <= sum(len(s.labels) for s in corpus) / len(corpus) <= 1.9
    negative = [s for s in corpus if s.genre.removeprefix("answer_") in {g.removeprefix("answer_") for g in NEGATIVE}]
    assert 0.2 <= len(negative) / len(corpus) <= 0.3
    assert all(not s.labels and s.decoys for s in negative)
    assert sum(s.completion for s in corpus) >= 60


def test_six_kinds_in_about_equal_shares(corpus) -> None:  # noqa: ANN001
    shares = Counter(kind_of(s.genre) for s in corpus)
    assert set(shares) == set(KINDS), shares
    assert max(shares.values()) <= 1.4 * min(shares.values()), shares
    assert_answers_are_completions(corpus)


def test_every_template_used(corpus) -> None:  # noqa: ANN001
    assert {t.genre for t in REGISTRY.templates} == {s.genre for s in corpus}


def test_labels_on_their_spans(corpus) -> None:  # noqa: ANN001
    for s in corpus:
        spans = sorted([(lb.start, lb.end) for lb in s.labels] + [(d.start, d.end) for d in s.decoys])
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), s.id
        for lb in s.labels:
            value = s.text[lb.start:lb.end]
            assert value and value == value.strip(), (s.id, lb)
            assert lb.secret in value, (s.id, lb)
            if lb.family != "CREDENTIAL":
                assert lb.secret == value, (s.id, lb)


def test_every_credential_kind_at_least_six_times(corpus) -> None:  # noqa: ANN001
    kinds = Counter(lb.kind for s in corpus for lb in s.labels if lb.family == "CREDENTIAL")
    assert (ISSUE_KINDS | LATER_KINDS) <= set(kinds), (ISSUE_KINDS | LATER_KINDS) - set(kinds)
    assert min(kinds.values()) >= 6, kinds
    assert_families(corpus, FAMILIES, 12)
    assert_private_keys_plain_and_json_escaped(corpus)


def test_checksums_valid(corpus) -> None:  # noqa: ANN001
    cards = of_kind(corpus, "CREDIT_CARD")
    assert all(luhn_valid(c) for c in card_digits(corpus))
    assert_spaced_dashed_and_plain(cards)
    digits = card_digits(corpus)
    assert any(2221 <= int(c[:4]) <= 2720 for c in digits)
    assert {c[0] for c in digits} >= {"3", "4", "5", "6"}
    ibans = of_kind(corpus, "IBAN_CODE")
    assert all(iban_valid(i) for i in ibans)
    assert_grouped_and_compact(ibans)
    assert len(iban_countries(corpus)) >= 8
    for ssn in of_kind(corpus, "US_SSN"):
        assert is_issuable_ssn(ssn), ssn
    tokens = [t for k in ("github_token", "npm_token") for t in of_kind(corpus, k) if not t.startswith("github_pat_")]
    assert tokens and all(base62_checksum_valid(t) for t in tokens)


def test_phones_valid_many_regions_not_examples(corpus) -> None:  # noqa: ANN001
    regions = set()
    for phone in of_kind(corpus, "PHONE_NUMBER"):
        n = valid_phone(phone, PHONE_REGIONS)
        assert n, phone
        region = phonenumbers.region_code_for_number(n)
        for t in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            ex = phonenumbers.example_number_for_type(region, t)
            assert n.national_number != getattr(ex, "national_number", None), phone
        assert not (region in ("US", "CA") and str(n.national_number)[3:6] == "555"), phone
        regions.add(region)
    assert len(regions) >= 10, regions


def test_negatives_fail_their_checks(corpus) -> None:  # noqa: ANN001
    decoys = [(d.kind, s.text[d.start:d.end]) for s in corpus for d in s.decoys]
    for kind, text in decoys:
        if kind == "luhn_fail":
            assert not luhn_valid(text), text
        elif kind == "bad_iban":
            assert not iban_valid(text), text
        elif kind == "bad_ssn":
            assert not is_issuable_ssn(text) or text == "078-05-1120", text
        elif kind == "fict_phone":
            assert re.search(r"555-01\d\d$", text), text
        elif kind == "doc_ip":
            assert text.startswith(("192.0.2.", "198.51.100.", "203.0.113.", "2001:db8:")), text
        elif kind == "example_email":
            assert re.search(r"@example\.(com|org|net)$", text), text
    assert_decoy_kinds(corpus, ("version", "oid", "build_id", "order_number", "lot_number", "gl_account", "invoice", "date",
                                "amount", "guid", "sha256", "commit_sha", "masked", "placeholder", "aws_example",
                                "test_card", "luhn_fail", "example_iban", "bad_iban", "bad_ssn", "fict_phone",
                                "example_email", "tool_name", "code_word", "doc_ip"))


def test_languages_and_textures(corpus) -> None:  # noqa: ANN001
    texts = "\n".join(s.text for s in corpus)
    for needle in ("```yaml", "```json", "```python", "```csharp", "```bash", "```sql", "Traceback", "From: ", "Subject: ",
                   "[09:12]", "curl ", "export ", "kind: Secret", "ConnectionStrings", "AKIAIOSFODNN7EXAMPLE"):
        assert needle in texts, needle
    prose = [s.text for s in corpus for lb in s.labels if lb.kind == "password_prose"]
    assert sum(any(w in t for w in ("Passwort", "Kennwort", "mot de passe", "mdp", "contraseña", "clave")) for t in prose) >= 3
    names = of_kind(corpus, "PERSON")
    assert any(re.search(r"[^\x00-\x7f]", n) for n in names)
    assert len(set(names)) >= 60
