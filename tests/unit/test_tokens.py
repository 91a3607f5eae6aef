"""Token accounting: offline encodings, the estimate, and reconciliation with reported usage."""

import hashlib
import os
import subprocess
import sys

import pytest

from aoai_logpipe.core import content
from aoai_logpipe.core.merge import merge_body
from aoai_logpipe.core.tokens import encoding_for, image_tokens, reconcile
from aoai_logpipe.core.types import Usage
from tests import captures


def test_known_token_ids_for_both_encodings(counter):
    assert counter.encoding("o200k_base").encode("hello world") == [24912, 2375]
    assert counter.encoding("cl100k_base").encode("hello world") == [15339, 1917]


def test_encodings_install_offline_into_an_explicit_cache_dir(tmp_path):
    """A fresh process with no network path: tiktoken's downloader is made to fail."""
    script = (
        "import tiktoken.load\n"
        "def no_network(*a, **k): raise RuntimeError('network used')\n"
        "tiktoken.load.read_file = no_network\n"
        "from aoai_logpipe.tokenizer import TiktokenCounter\n"
        f"c = TiktokenCounter(__import__('pathlib').Path({str(tmp_path)!r}))\n"
        "print(c.count('hello world', 'o200k_base'), c.count('hello world', 'cl100k_base'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "TIKTOKEN_CACHE_DIR"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2", "2"]
    url = "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"
    assert (tmp_path / hashlib.sha1(url.encode()).hexdigest()).exists()


@pytest.mark.parametrize("model,encoding", [
    ("gpt-4o-2024-11-20", "o200k_base"), ("gpt-4.1-mini-2025-04-14", "o200k_base"), ("gpt-5-nano-2025-08-07", "o200k_base"),
    ("o3-mini-2025-01-31", "o200k_base"), ("gpt-35-turbo", "cl100k_base"), ("gpt-4-0613", "cl100k_base"),
    ("text-embedding-3-small", "cl100k_base"),
])
def test_encoding_follows_the_billable_model(model, encoding):
    assert encoding_for(model) == (encoding, False)


def test_unknown_model_falls_back_to_o200k_and_says_so():
    assert encoding_for("my-deployment") == ("o200k_base", True)


@pytest.mark.parametrize("size,detail,tokens", [
    ((3008, 2000), "auto", 1105), ((1024, 1024), "high", 765), ((2048, 4096), "high", 1105),
    ((512, 512), "high", 255), ((4096, 4096), "low", 85),
])
def test_image_tile_formula(size, detail, tokens):
    assert image_tokens(*size, detail, "gpt-4o-2024-08-06") == tokens


def test_image_capture_yields_pixel_size_and_tile_estimate(estimator):
    interaction = captures.cassette("09-openai-request-image-dataurl-png-usage.yaml")[0]
    prompt = content.normalize_request(interaction.request, "chat.completions")
    image = next(p for p in prompt.messages[0].parts if p["type"] == "image")
    assert (image["width"], image["height"], image["mime"]) == (3008, 2000, "image/png")
    assert "url" not in image and "data" not in image  # the base64 payload is never kept
    assert image_tokens(image["width"], image["height"], image["detail"], "gpt-4o-2024-08-06") == 1105


def test_image_request_estimate_is_within_two_percent_of_reported(estimator):
    interaction = captures.cassette("09-openai-request-image-dataurl-png-usage.yaml")[0]
    response = merge_body(interaction.response_json, "chat.completions")
    prompt = content.normalize_request(interaction.request, "chat.completions")
    estimate = estimator.estimate(prompt, response.choices, response.model, "chat.completions")
    assert response.usage.prompt_tokens == 1119
    assert abs(estimate.prompt_tokens - 1119) / 1119 <= 0.02


def test_audio_parts_are_counted_as_unestimated(estimator):
    interaction = captures.cassette("10-openai-request-input-audio-usage.yaml")[0]
    prompt = content.normalize_request(interaction.request, "chat.completions")
    estimate = estimator.estimate(prompt, [], "gpt-4o-audio-preview", "chat.completions")
    assert estimate.unestimated_parts == 1


@pytest.mark.parametrize("name", ["03-azure-nonstream-gpt4o-content-filter-usage-details.yaml",
                                  "07-openai-nonstream-o3mini-reasoning-tokens.yaml"])
def test_text_only_estimates_are_close_to_reported_prompt_tokens(estimator, name):
    interaction = captures.cassette(name)[0]
    response = merge_body(interaction.response_json, "chat.completions")
    prompt = content.normalize_request(interaction.request, "chat.completions")
    estimate = estimator.estimate(prompt, response.choices, response.model, "chat.completions")
    assert abs(estimate.prompt_tokens - response.usage.prompt_tokens) <= 2


def test_reported_usage_is_authoritative_and_drift_is_recorded(estimator):
    prompt = content.normalize_request({"messages": [{"role": "user", "content": "What is the capital of France?"}]}, "chat.completions")
    estimate = estimator.estimate(prompt, [], "gpt-4o", "chat.completions")
    result = reconcile(Usage(20, 5, 25), estimate)
    assert result.source == "reported" and result.usage == Usage(20, 5, 25)
    assert result.drift_prompt == round((estimate.prompt_tokens - 20) / 20, 4)


def test_missing_usage_is_estimated_never_zero(estimator):
    prompt = content.normalize_request({"messages": [{"role": "user", "content": "Hello there"}]}, "chat.completions")
    result = reconcile(None, estimator.estimate(prompt, [], "gpt-4o", "chat.completions"))
    assert result.source == "estimated" and result.reported is None
    assert result.usage.prompt_tokens > 0 and result.drift_prompt is None


def test_repeated_long_history_is_tokenized_once(counter):
    text = "a long message that is resent with every turn " * 20
    before = counter.encoded_chars
    for _ in range(20):
        counter.count(text, "o200k_base")
    assert counter.encoded_chars - before == len(text)
