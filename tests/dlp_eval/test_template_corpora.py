"""What every template-written corpus must be (tests/dlp_blind3, tests/dlp_blind4, tests/dlp_blind5):
deterministic, seeded, exactly labelled, with hard negatives that do not overlap any label. Each
corpus's own test_corpus.py checks its values and coverage."""

from __future__ import annotations

import pytest

from tests.dlp_blind3.corpus import generate as third
from tests.dlp_blind4.corpus import generate as fourth
from tests.dlp_blind5.corpus import generate as fifth

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module", params=[third, fourth, fifth], ids=["third", "fourth", "fifth"])
def generated(request):  # noqa: ANN001, ANN201
    return request.param, request.param()


def test_same_seed_same_corpus(generated) -> None:  # noqa: ANN001
    generate, corpus = generated
    again = generate()
    assert [(s.id, s.text, s.labels, s.decoys) for s in again] == [(s.id, s.text, s.labels, s.decoys) for s in corpus]


def test_another_seed_other_values(generated) -> None:  # noqa: ANN001
    generate, corpus = generated
    assert [s.text for s in generate(seed=7)] != [s.text for s in corpus]


def test_labels_are_exact_spans_holding_their_secret(generated) -> None:  # noqa: ANN001
    _, corpus = generated
    for s in corpus:
        for lb in s.labels:
            value = s.text[lb.start:lb.end]
            assert value and value.strip() == value, (s.id, lb)
            assert lb.secret in value, (s.id, lb)


def test_labels_and_decoys_never_overlap(generated) -> None:  # noqa: ANN001
    _, corpus = generated
    for s in corpus:
        spans = sorted([(lb.start, lb.end) for lb in s.labels] + [(d.start, d.end) for d in s.decoys])
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), s.id
