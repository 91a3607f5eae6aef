"""What the thirteenth corpus is, as its README says: 450 prompts and answers of six kinds in about equal shares,
about 1.75 labels a text, about one text in four a hard-negative text with no label, every credential kind of the
harness at least six times, labels exactly on their spans, values that pass their checks (cards of eight brands,
IBANs of many countries, phones of at least ten regions) and hard negatives that fail them, prose in six
languages, every template used, deterministic per seed. What every template corpus is:
tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.dlp_blind13.corpus import COUNT, generate
from tests.dlp_blind13.tpl import NEGATIVE, REGISTRY
from tests.dlp_blind13.values import CARD_BRANDS, PHONE_REGIONS, base62_checksum_valid, iban_valid, luhn_valid
from tests.dlp_eval.corpus_checks import (
    assert_answers_are_completions,
    assert_checksums,
    assert_credential_kinds,
    assert_decoy_kinds,
    assert_decoys_fail,
    assert_deterministic_per_seed,
    assert_every_template_used,
    assert_families,
    assert_labels_hold_their_values,
    assert_phones_valid_not_examples,
    assert_private_keys_plain_and_json_escaped,
    assert_texts_contain,
    card_digits,
    corpus_fixture,
    iban_countries,
    ip_addresses,
    is_documentation_ip,
    is_example_email,
    is_issuable_ssn,
    of_kind,
)
from tests.dlp_eval.test_template_corpora import ISSUE_KINDS, LATER_KINDS

pytestmark = pytest.mark.timeout(120)

KINDS = ("ticket", "code", "config", "log", "email", "chat")
FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON")

corpus = corpus_fixture(generate)


def kind_of(genre: str) -> str:
    return genre.removeprefix("answer_").split("_")[0]


def test_deterministic_per_seed(corpus) -> None:  # noqa: ANN001
    assert_deterministic_per_seed(corpus, generate, 7, with_ids=True, other_repeats=True)


def test_size_density_and_hard_negative_share(corpus) -> None:  # noqa: ANN001
    assert len(corpus) == COUNT == 450
    assert 1.45 <= sum(len(s.labels) for s in corpus) / len(corpus) <= 2.05
    negative = [s for s in corpus if s.genre in NEGATIVE]
    assert 0.2 <= len(negative) / len(corpus) <= 0.3
    assert all(not s.labels and s.decoys for s in negative)
    assert all(s.labels for s in corpus if s.genre not in NEGATIVE)
    assert sum(s.completion for s in corpus) >= 90


def test_six_kinds_in_about_equal_shares_prompts_and_answers(corpus) -> None:  # noqa: ANN001
    shares = Counter(kind_of(s.genre) for s in corpus)
    assert set(shares) == set(KINDS), shares
    assert max(shares.values()) <= 1.25 * min(shares.values()), shares
    answers = Counter(kind_of(s.genre) for s in corpus if s.completion)
    assert set(answers) == set(KINDS), answers
    assert_answers_are_completions(corpus)


def test_every_template_used(corpus) -> None:  # noqa: ANN001
    assert_every_template_used(corpus, REGISTRY)
    assert len(REGISTRY.templates) >= 45


def test_labels_on_their_spans(corpus) -> None:  # noqa: ANN001
    assert_labels_hold_their_values(corpus, disjoint=True)


def test_every_credential_kind_at_least_six_times(corpus) -> None:  # noqa: ANN001
    kinds = assert_credential_kinds(corpus, ISSUE_KINDS | LATER_KINDS, 6, exact=False)
    assert max(n for k, n in kinds.items() if k != "password_prose") <= 12, kinds  # least-used-first keeps them level
    assert_families(corpus, FAMILIES, 15)
    assert_private_keys_plain_and_json_escaped(corpus)


def test_password_urls_label_only_the_password(corpus) -> None:  # noqa: ANN001
    for s in corpus:
        for lb in s.labels:
            if lb.kind == "password_url":
                assert s.text[lb.start - 1] == ":" and s.text[lb.end] == "@", s.id


def test_checksums_brands_and_countries(corpus) -> None:  # noqa: ANN001
    digits = assert_checksums(corpus, luhn_valid, iban_valid, base62_checksum_valid, iban_countries_at_least=12)
    assert {c[0] for c in digits} >= {"2", "3", "4", "5", "6"}
    brands = set()
    for c in digits:
        for brand, (prefixes, length, _) in CARD_BRANDS.items():
            if len(c) == length and c.startswith(prefixes):
                brands.add(brand)
    assert len(brands) >= 7, brands
    assert len(iban_countries(corpus)) >= 12
    assert all(luhn_valid(c) for c in card_digits(corpus))


def test_phones_valid_many_regions_not_examples(corpus) -> None:  # noqa: ANN001
    phones = of_kind(corpus, "PHONE_NUMBER")
    assert_phones_valid_not_examples(phones, PHONE_REGIONS, 10)
    assert any(p.startswith("+") for p in phones) and any(not p.startswith("+") for p in phones)


def test_ip_addresses_public_private_and_v6(corpus) -> None:  # noqa: ANN001
    ips = ip_addresses(corpus)
    assert any(ip.version == 6 for ip in ips)
    assert any(ip.version == 4 and ip.is_private for ip in ips) and any(ip.version == 4 and ip.is_global for ip in ips)
    assert not any(is_documentation_ip(str(ip)) for ip in ips)


def test_negatives_fail_their_checks(corpus) -> None:  # noqa: ANN001
    assert_decoys_fail(corpus, {
        "luhn_fail": lambda t: not luhn_valid(t),
        "bad_iban": lambda t: not iban_valid(t),
        "bad_ssn": lambda t: not is_issuable_ssn(t),
        "fict_phone": lambda t: bool(re.search(r"555-01\d\d$", t)),
        "doc_ip": is_documentation_ip,
        "example_email": is_example_email,
        "order_number": lambda t: not luhn_valid(t),
    })
    assert_decoy_kinds(corpus, ("version", "oid", "build_id", "order_number", "lot_number", "gl_account", "invoice",
                                "ticket", "date", "amount", "guid", "sha256", "commit_sha", "masked", "placeholder",
                                "secret_ref", "aws_example", "test_card", "luhn_fail", "example_iban", "bad_iban",
                                "bad_ssn", "fict_phone", "example_email", "doc_ip", "tool_name", "code_word"))


def test_formats_languages_and_names(corpus) -> None:  # noqa: ANN001
    assert_texts_contain(corpus, ("```yaml", "```json", "```python", "```csharp", "```hcl", "```xml", "```sql", "```ini",
                                  "kind: Secret", "Traceback", "From: ", "Subject: ", "(External)", "\"role\": \"user\"",
                                  "_authToken", "[pypi]", "machine ", "clusters:", "jobs:", "services:", "history",
                                  "diff --git", "Incident ", "Summary: ", "AssemblyVersion", "AKIAIOSFODNN7EXAMPLE",
                                  "\" 403 0", "employee_id", "level=error", "az storage account keys list"))
    texts = "\n".join(s.text for s in corpus)
    for markers in (("la password è", "password provvisoria", "Buongiorno", "Ciao"), ("senha", "Olá"),
                    ("wachtwoord", "Hoi", "Hallo"), ("hasło", "Cześć", "Dzień dobry"), ("パスワード", "お疲れ様です")):
        assert sum(texts.count(m) for m in markers) >= 4, markers
    prose = [s.text for s in corpus for lb in s.labels if lb.kind == "password_prose"]
    assert sum(any(w in t for w in ("password è", "provvisoria", "senha", "wachtwoord", "hasło", "パスワード")) for t in prose) >= 10
    names = of_kind(corpus, "PERSON")
    assert any(re.search(r"[^\x00-\x7f]", n) for n in names)
    assert len(set(names)) >= 80
