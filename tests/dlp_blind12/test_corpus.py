"""What the twelfth corpus is, as its README says: 400 prompts and answers of six kinds in about equal shares,
about 1.75 labels a text, about one text in four a hard-negative text with no label, every credential kind
of the harness at least six times, labels exactly on their spans, values that pass their checks and hard
negatives that fail them, every template used, deterministic per seed. What every template corpus is:
tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.dlp_blind12.corpus import generate
from tests.dlp_blind12.tpl import NEGATIVE, REGISTRY
from tests.dlp_blind12.values import PHONE_REGIONS, base62_checksum_valid, iban_valid, luhn_valid
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_checksums, assert_credential_kinds,
                                          assert_decoy_kinds, assert_decoys_fail, assert_deterministic_per_seed,
                                          assert_every_template_used, assert_families, assert_labels_hold_their_values,
                                          assert_phones_valid_not_examples, assert_private_keys_plain_and_json_escaped,
                                          assert_texts_contain, common_decoy_fails, corpus_fixture, of_kind)
from tests.dlp_eval.test_template_corpora import ISSUE_KINDS, LATER_KINDS

pytestmark = pytest.mark.timeout(120)

KINDS = ("ticket", "code", "config", "log", "email", "chat")
FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON")

corpus = corpus_fixture(generate)


def kind_of(genre: str) -> str:
    return genre.removeprefix("answer_").split("_")[0]


def test_deterministic_per_seed(corpus) -> None:  # noqa: ANN001
    assert_deterministic_per_seed(corpus, generate, 5, with_ids=True, other_repeats=True)


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
    assert_every_template_used(corpus, REGISTRY)


def test_labels_on_their_spans(corpus) -> None:  # noqa: ANN001
    assert_labels_hold_their_values(corpus, disjoint=True)


def test_every_credential_kind_at_least_six_times(corpus) -> None:  # noqa: ANN001
    assert_credential_kinds(corpus, ISSUE_KINDS | LATER_KINDS, 6, exact=False)
    assert_families(corpus, FAMILIES, 12)
    assert_private_keys_plain_and_json_escaped(corpus)


def test_checksums_valid(corpus) -> None:  # noqa: ANN001
    digits = assert_checksums(corpus, luhn_valid, iban_valid, base62_checksum_valid, iban_countries_at_least=8)
    assert {c[0] for c in digits} >= {"3", "4", "5", "6"}


def test_phones_valid_many_regions_not_examples(corpus) -> None:  # noqa: ANN001
    assert_phones_valid_not_examples(of_kind(corpus, "PHONE_NUMBER"), PHONE_REGIONS, 10)


def test_negatives_fail_their_checks(corpus) -> None:  # noqa: ANN001
    assert_decoys_fail(corpus, common_decoy_fails(luhn_valid, iban_valid))
    assert_decoy_kinds(corpus, ("version", "oid", "build_id", "order_number", "lot_number", "gl_account", "invoice", "date",
                                "amount", "guid", "sha256", "commit_sha", "masked", "placeholder", "aws_example",
                                "test_card", "luhn_fail", "example_iban", "bad_iban", "bad_ssn", "fict_phone",
                                "example_email", "tool_name", "code_word", "doc_ip"))


def test_languages_and_textures(corpus) -> None:  # noqa: ANN001
    assert_texts_contain(corpus, ("```yaml", "```json", "```python", "```csharp", "```bash", "```sql", "Traceback", "From: ",
                                  "Subject: ", "[09:12]", "curl ", "export ", "kind: Secret", "ConnectionStrings",
                                  "AKIAIOSFODNN7EXAMPLE"))
    prose = [s.text for s in corpus for lb in s.labels if lb.kind == "password_prose"]
    assert sum(any(w in t for w in ("Passwort", "Kennwort", "mot de passe", "mdp", "contraseña", "clave")) for t in prose) >= 3
    names = of_kind(corpus, "PERSON")
    assert any(re.search(r"[^\x00-\x7f]", n) for n in names)
    assert len(set(names)) >= 60
