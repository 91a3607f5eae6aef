"""What the fourteenth corpus is, as its README says: 420 prompts and answers of seven kinds of request in about
equal shares, about 1.5-2 labels a text that has any, about one text in four a hard-negative text with no label,
every credential kind of the harness at least six times, cards of many brands, IBANs of many countries, phones of
many regions, prose in eight languages, labels exactly on their spans, values that pass their checks and hard
negatives that fail them, every template used, deterministic per seed. What every template corpus is:
tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.dlp_blind14.corpus import generate
from tests.dlp_blind14.tpl import NEGATIVE, REGISTRY
from tests.dlp_blind14.values import PHONE_REGIONS, base62_checksum_valid, iban_valid, luhn_valid
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_checksums, assert_credential_kinds,
                                          assert_decoy_kinds, assert_decoys_fail, assert_deterministic_per_seed,
                                          assert_every_template_used, assert_families, assert_labels_hold_their_values,
                                          assert_phones_valid_not_examples, assert_private_keys_plain_and_json_escaped,
                                          assert_texts_contain, card_digits, common_decoy_fails, corpus_fixture,
                                          iban_countries, ip_addresses, is_documentation_ip, of_kind)
from tests.dlp_eval.test_template_corpora import ISSUE_KINDS, LATER_KINDS

pytestmark = pytest.mark.timeout(120)

KINDS = ("summary", "reply", "fix", "debug", "convert", "translate", "ops")
FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON")

corpus = corpus_fixture(generate)


def kind_of(genre: str) -> str:
    return genre.removeprefix("answer_").split("_")[0]


def test_deterministic_per_seed(corpus) -> None:  # noqa: ANN001
    assert_deterministic_per_seed(corpus, generate, 7, with_ids=True, other_repeats=True)


def test_size_density_and_hard_negative_share(corpus) -> None:  # noqa: ANN001
    assert len(corpus) == 420
    negative = [s for s in corpus if s.genre in NEGATIVE]
    positive = [s for s in corpus if s.genre not in NEGATIVE]
    assert 0.22 <= len(negative) / len(corpus) <= 0.28
    assert all(not s.labels and s.decoys for s in negative)
    assert all(s.labels for s in positive)
    assert 1.5 <= sum(len(s.labels) for s in positive) / len(positive) <= 2.05
    assert sum(s.completion for s in corpus) >= 100


def test_seven_kinds_in_about_equal_shares(corpus) -> None:  # noqa: ANN001
    shares = Counter(kind_of(s.genre) for s in corpus)
    assert set(shares) == set(KINDS), shares
    assert max(shares.values()) <= 1.3 * min(shares.values()), shares
    assert_answers_are_completions(corpus)
    fixes = {g for s in corpus if (g := s.genre.removeprefix("answer_")).startswith("fix_")}
    assert {f"fix_{m}" for m in ("python", "powershell", "bash", "terraform", "k8s", "actions", "appsettings", "dotenv",
                                  "conn")} <= fixes


def test_every_template_used(corpus) -> None:  # noqa: ANN001
    assert_every_template_used(corpus, REGISTRY)


def test_labels_on_their_spans(corpus) -> None:  # noqa: ANN001
    assert_labels_hold_their_values(corpus, disjoint=True)


def test_every_credential_kind_at_least_six_times(corpus) -> None:  # noqa: ANN001
    assert_credential_kinds(corpus, ISSUE_KINDS | LATER_KINDS, 6)
    assert_families(corpus, FAMILIES, 10)
    assert_private_keys_plain_and_json_escaped(corpus)


def test_checksums_brands_and_countries(corpus) -> None:  # noqa: ANN001
    digits = assert_checksums(corpus, luhn_valid, iban_valid, base62_checksum_valid, iban_countries_at_least=12)
    brands = {("amex" if d[:2] in ("34", "37") else "diners" if d[:2] in ("30", "36", "38") else "jcb" if d[:2] == "35"
               else "unionpay" if d[:2] == "62" else "discover" if d[0] == "6" else "visa" if d[0] == "4" else "mastercard")
              for d in digits}
    assert len(brands) >= 6, brands
    assert len(iban_countries(corpus)) >= 12


def test_phones_valid_many_regions_not_examples(corpus) -> None:  # noqa: ANN001
    phones = of_kind(corpus, "PHONE_NUMBER")
    assert_phones_valid_not_examples(phones, PHONE_REGIONS, 10)
    assert any(p.startswith("+") for p in phones) and any(not p.startswith("+") for p in phones)


def test_ip_families(corpus) -> None:  # noqa: ANN001
    ips = ip_addresses(corpus)
    assert {ip.version for ip in ips} == {4, 6}
    assert any(ip.is_private for ip in ips) and any(ip.is_global for ip in ips)
    assert not any(is_documentation_ip(str(ip)) for ip in ips)


def test_negatives_fail_their_checks(corpus) -> None:  # noqa: ANN001
    assert_decoys_fail(corpus, common_decoy_fails(luhn_valid, iban_valid))
    assert_decoy_kinds(corpus, ("version", "oid", "build_id", "order_number", "lot_number", "gl_account", "invoice", "ticket",
                                "employee_id", "cost_centre", "date", "time", "amount", "guid", "sha256", "commit_sha",
                                "k8s_name", "masked", "placeholder", "secret_ref", "aws_example", "test_card", "luhn_fail",
                                "example_iban", "bad_iban", "bad_ssn", "fict_phone", "example_email", "doc_ip", "tool_name",
                                "place", "team_name", "month_or_day", "cli_word"))


def test_languages_and_textures(corpus) -> None:  # noqa: ANN001
    assert_texts_contain(corpus, ("```python", "```powershell", "```bash", "```hcl", "kind: Secret", "runs-on:", "\"Logging\"",
                                  "From: ", "Speaker 2", "Traceback", "INSERT INTO", "customer_id;", "Personalnr",
                                  "Ciao ", "Olá ", "Hoi ", "Dzień dobry", "さん", "Hola ", "Hallo ", "Bonjour ",
                                  "AKIAIOSFODNN7EXAMPLE", "secretKeyRef", "PagerDuty"))
    prose = [s.text for s in corpus for lb in s.labels if lb.kind == "password_prose"]
    assert sum(any(w in t for w in ("password è", "senha", "wachtwoord", "hasło", "パスワード", "contraseña", "Passwort",
                                    "mot de passe")) for t in prose) >= 6
    names = of_kind(corpus, "PERSON")
    assert any(re.search(r"[^\x00-\x7f]", n) for n in names)
    assert len(set(names)) >= 100
    assert len(card_digits(corpus)) >= 12
