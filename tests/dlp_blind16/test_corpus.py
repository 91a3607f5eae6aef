"""What the sixteenth corpus is, as its README says: 400 prompts and answers of seven kinds in about equal shares
(code review, CI/CD, infrastructure, application code and config, data engineering, observability, chat), about
1.5-2 labels a text that has any, about one text in four a hard-negative text with no label, every credential kind
of the harness at least six times, labels exactly on their spans, values that pass their checks and hard
negatives that fail them, every template used, deterministic per seed. What every template corpus is:
tests/dlp_eval/test_template_corpora.py."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.dlp_blind16.corpus import generate
from tests.dlp_blind16.tpl import KINDS, NEGATIVE, REGISTRY
from tests.dlp_blind16.values import PHONE_REGIONS, base62_checksum_valid, iban_valid, luhn_valid
from tests.dlp_eval.corpus_checks import (assert_answers_are_completions, assert_checksums, assert_credential_kinds,
                                          assert_decoy_kinds, assert_decoys_fail, assert_deterministic_per_seed,
                                          assert_every_template_used, assert_families, assert_hard_negatives,
                                          assert_labels_hold_their_values, assert_phones_valid_not_examples,
                                          assert_private_keys_plain_and_json_escaped, assert_texts_contain, card_digits,
                                          common_decoy_fails, corpus_fixture, iban_countries, ip_addresses,
                                          is_documentation_ip, of_kind)
from tests.dlp_eval.test_template_corpora import ISSUE_KINDS, LATER_KINDS

pytestmark = pytest.mark.timeout(120)

FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON")

corpus = corpus_fixture(generate)


def kind_of(genre: str) -> str:
    return genre.removeprefix("answer_").split("_")[0]


def test_deterministic_per_seed(corpus) -> None:  # noqa: ANN001
    assert_deterministic_per_seed(corpus, generate, 7, with_ids=True, other_repeats=True)
    assert all(s.id.startswith("b16-") for s in corpus)


def test_size_density_and_hard_negative_share(corpus) -> None:  # noqa: ANN001
    assert len(corpus) == 400
    positive = [s for s in corpus if s.labels]
    assert 1.5 <= sum(len(s.labels) for s in positive) / len(positive) <= 2.0
    negative = [s for s in corpus if s.genre in NEGATIVE]
    assert 0.2 <= len(negative) / len(corpus) <= 0.3
    assert all(not s.labels and s.decoys for s in negative)
    assert all(s.labels for s in corpus if s.genre not in NEGATIVE)
    assert sum(s.completion for s in corpus) >= 70
    assert any(s.completion for s in negative)


def test_seven_kinds_in_about_equal_shares(corpus) -> None:  # noqa: ANN001
    shares = Counter(kind_of(s.genre) for s in corpus)
    assert set(shares) == set(KINDS), shares
    assert max(shares.values()) <= 1.25 * min(shares.values()), shares
    assert_answers_are_completions(corpus)
    assert {kind_of(g) for g in {s.genre for s in corpus if s.completion}} == set(KINDS)


def test_every_template_used(corpus) -> None:  # noqa: ANN001
    assert_every_template_used(corpus, REGISTRY)
    assert len(REGISTRY.templates) >= 36


def test_labels_on_their_spans(corpus) -> None:  # noqa: ANN001
    assert_labels_hold_their_values(corpus, disjoint=True)


def test_every_credential_kind_at_least_six_times(corpus) -> None:  # noqa: ANN001
    kinds = assert_credential_kinds(corpus, ISSUE_KINDS | LATER_KINDS | {"k8s_secret_b64"}, 6)
    assert max(kinds.values()) <= 2 * min(kinds.values()), kinds
    assert_families(corpus, FAMILIES, 12)
    assert_private_keys_plain_and_json_escaped(corpus)


def test_checksums_valid(corpus) -> None:  # noqa: ANN001
    digits = assert_checksums(corpus, luhn_valid, iban_valid, base62_checksum_valid, iban_countries_at_least=10)
    assert {c[0] for c in digits} >= {"2", "3", "4", "5", "6"}
    assert {len(c) for c in digits} >= {14, 15, 16}
    assert len(iban_countries(corpus)) >= 10
    assert all(luhn_valid(c) for c in card_digits(corpus))


def test_ips_of_both_versions_public_and_private(corpus) -> None:  # noqa: ANN001
    ips = ip_addresses(corpus)
    assert {ip.version for ip in ips} == {4, 6}
    assert any(ip.is_private for ip in ips) and any(ip.is_global for ip in ips)
    assert not any(is_documentation_ip(str(ip)) or ip.is_loopback or ip.is_unspecified for ip in ips)


def test_phones_valid_many_regions_not_examples(corpus) -> None:  # noqa: ANN001
    assert_phones_valid_not_examples(of_kind(corpus, "PHONE_NUMBER"), PHONE_REGIONS, 10)


def test_negatives_fail_their_checks(corpus) -> None:  # noqa: ANN001
    assert_decoys_fail(corpus, common_decoy_fails(luhn_valid, iban_valid) | {
        "loopback": lambda t: t in ("127.0.0.1", "0.0.0.0", "::1"),
    })
    assert_decoy_kinds(corpus, ("commit_sha", "short_sha", "sha256", "md5", "image_digest", "guid", "pod_name", "build_id",
                                "version", "timestamp", "doc_ip", "loopback", "example_email", "bot_email", "fict_phone",
                                "test_card", "luhn_fail", "example_iban", "bad_iban", "bad_ssn", "aws_example",
                                "documented_example", "masked", "placeholder", "secret_ref", "tool_name", "code_word",
                                "bot_name"))
    assert_hard_negatives(corpus, 800, ("CREDENTIAL", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN",
                                        "IP_ADDRESS", "PERSON", "aws_access_key_id", "stripe_key"))


def test_languages_and_textures(corpus) -> None:  # noqa: ANN001
    assert_texts_contain(corpus, ("```diff", "Co-authored-by:", "Signed-off-by:", "CODEOWNERS", "runs-on:", "azure-pipelines",
                                  "gitlab-runner", "Jenkinsfile", "kubectl describe", "kind: Secret", "terraform",
                                  "deploymentParameters", "services:", "```python", "```typescript", "```csharp", "```go",
                                  "```java", "```rust", "```php", "```ruby", "```powershell", "```sql", "Traceback",
                                  "\"client_ip\"", "curl ", "HTTP/1.1", ".npmrc", ".pypirc", "Databricks",
                                  "Airflow", "dbt", ".git-credentials", ".aws/credentials", ".netrc", "secrets.", "***", "AKIAIOSFODNN7EXAMPLE", "AssemblyVersion",
                                  "dependabot[bot]", "github-actions[bot]", "post-mortem", "on-call"))
    names = of_kind(corpus, "PERSON")
    assert any(re.search(r"[^\x00-\x7f]", n) for n in names)
    assert any(n.islower() for n in names)
    assert len(set(names)) >= 80
