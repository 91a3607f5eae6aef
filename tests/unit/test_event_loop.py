"""The event loop runs and workers run on: uvloop where installed, asyncio's own on request."""

from __future__ import annotations

import asyncio
import importlib.util

import pytest
from aoai_logpipe import settings
from aoai_logpipe.cli import on_event_loop

pytestmark = pytest.mark.timeout(30)


async def loop_module() -> str:
    return type(asyncio.get_running_loop()).__module__


def test_auto_runs_on_uvloop_where_it_is_installed():
    assert on_event_loop(settings.load(None, env={}), loop_module()).startswith("uvloop")


def test_asyncio_runs_on_the_standard_loop():
    config = settings.load(None, env={"AOAI_LOGPIPE_EVENT_LOOP": "asyncio"})
    assert on_event_loop(config, loop_module()).startswith("asyncio")


def test_insisting_on_uvloop_where_it_is_missing_is_a_configuration_error(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvloop" else real(name, *a))
    with pytest.raises(settings.SettingsError, match="uvloop is not installed"):
        settings.load(None, env={"AOAI_LOGPIPE_EVENT_LOOP": "uvloop"})


def test_auto_falls_back_to_the_standard_loop_where_uvloop_is_missing(monkeypatch):
    config = settings.load(None, env={})
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvloop" else real(name, *a))
    assert on_event_loop(config, loop_module()).startswith("asyncio")

