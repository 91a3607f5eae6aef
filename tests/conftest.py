"""Shared test configuration: server fixtures live in tests/servers/."""

import pytest

pytest_plugins = [
    "tests.servers.fixtures_azurite",
    "tests.servers.fixtures_cosmos",
    "tests.servers.fixtures_eventhub",
]


@pytest.fixture(scope="session")
def tiktoken_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("tiktoken")


@pytest.fixture(scope="session")
def counter(tiktoken_dir):
    """One offline tokenizer for the session, installed into an explicit cache directory."""
    from aoai_logpipe.tokenizer import TiktokenCounter

    return TiktokenCounter(tiktoken_dir)


@pytest.fixture(scope="session")
def estimator(counter):
    from aoai_logpipe.core.tokens import Estimator

    return Estimator(counter)


@pytest.fixture(scope="session")
def prices():
    from aoai_logpipe.app import load_prices

    return load_prices(None)


@pytest.fixture(scope="session")
def pattern_scan():
    """(entity, text) of each finding pattern mode makes in a text: one engine for the session, cache off."""
    from aoai_logpipe.core.dlp import DlpEngine, DlpPolicy

    engine = DlpEngine(DlpPolicy(cache_entries=0))
    return lambda text: [(f.entity, text[f.start:f.end]) for f in engine.scan(text)]
