"""`aoai-logpipe doctor` against the local servers: a healthy setup passes every check, and each
classic misconfiguration fails the right check, fast, with a cause and a fix in plain words."""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import time
import uuid

import pytest
from azure.cosmos import PartitionKey
from azure.cosmos.aio import CosmosClient

from aoai_logpipe import doctor, settings
from aoai_logpipe.io import eventhub as eh_io
from aoai_logpipe.io.cosmos import CosmosSink, CosmosTarget

pytestmark = pytest.mark.integration


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def names():
    suffix = uuid.uuid4().hex[:8]
    return {"database": f"doc-{suffix}", "container": f"doc-{suffix}"}


def overrides(eventhub, azurite_connection_str, cosmos_server, names, tiktoken_dir, **extra):
    base = {
        "source": "eventhub", "sink": "cosmos", "dlp.mode": "off", "tiktoken_cache_dir": tiktoken_dir,
        "eventhub.connection_string": eventhub.connection_str,
        "checkpoint.connection_string": azurite_connection_str, "checkpoint.container": names["container"],
        "checkpoint.create_container": False,
        "cosmos.endpoint": cosmos_server.endpoint, "cosmos.key": cosmos_server.key, "cosmos.database": names["database"],
        "cosmos.verify_tls": False, "cosmos.create_if_missing": False,
    }
    base.update(extra)
    return base


@pytest.fixture
async def provisioned(eventhub, azurite_connection_str, cosmos_server, names, tiktoken_dir):
    """What deploy/main.bicep creates: the checkpoint container, the database and its containers."""
    config = settings.load(env={}, overrides=overrides(eventhub, azurite_connection_str, cosmos_server, names,
                                                       tiktoken_dir, **{"checkpoint.create_container": True}))
    await eh_io.ensure_container(config.checkpoint)
    sink = CosmosSink(CosmosTarget(endpoint=cosmos_server.endpoint, credential=cosmos_server.key,
                                   database=names["database"], verify_tls=False, buckets=4))
    await sink.open()
    await sink.close()
    return config


def by_name(results):
    return {r.name: r for r in results}


async def test_a_healthy_setup_passes_every_check(provisioned, eventhub, azurite_connection_str, cosmos_server, names,
                                                  tiktoken_dir):
    config = settings.load(env={}, overrides=overrides(eventhub, azurite_connection_str, cosmos_server, names, tiktoken_dir))
    started = time.monotonic()
    results = await doctor.run_checks(config, timeout_s=10)
    assert [r.status for r in results] == ["ok"] * len(results), [r.to_json() for r in results]
    checks = by_name(results)
    assert {"configuration", "tokenizer", "prices", "eventhub.connect", "eventhub.receive", "checkpoint.container",
            "cosmos"} <= set(checks)
    assert "4 partitions" in checks["eventhub.connect"].detail
    assert "expected partition keys" in checks["cosmos"].detail
    assert time.monotonic() - started < 15


async def test_a_joins_container_made_by_an_earlier_version_passes_with_a_note(
        provisioned, eventhub, azurite_connection_str, cosmos_server, names, tiktoken_dir):
    async with CosmosClient(cosmos_server.endpoint, cosmos_server.key, connection_verify=False) as client:
        await client.get_database_client(names["database"]).create_container(
            "joins-by-id", partition_key=PartitionKey(path="/id"))
    config = settings.load(env={}, overrides=overrides(eventhub, azurite_connection_str, cosmos_server, names,
                                                       tiktoken_dir, **{"cosmos.join_container": "joins-by-id"}))
    check = by_name(await doctor.run_checks(config, timeout_s=10))["cosmos"]
    assert check.status == "ok" and "joins-by-id is partitioned by /id" in check.detail


async def test_a_wrong_event_hub_name_fails_fast_with_the_cause(provisioned, eventhub, azurite_connection_str,
                                                                cosmos_server, names, tiktoken_dir):
    wrong = eventhub.server.connection_string("no-such-hub")
    config = settings.load(env={}, overrides=overrides(eventhub, azurite_connection_str, cosmos_server, names, tiktoken_dir,
                                                       **{"eventhub.connection_string": wrong}))
    started = time.monotonic()
    checks = by_name(await doctor.run_checks(config, timeout_s=10))
    assert time.monotonic() - started < 8, "no retries: a wrong name must not take the SDK's 13 s of retries"
    connect = checks["eventhub.connect"]
    assert not connect.ok and "does not exist" in connect.detail and "no-such-hub" in connect.detail
    assert "wrong event hub name" in connect.cause and "EVENTHUB_NAME" in connect.fix
    assert checks["eventhub.receive"].skipped
    assert checks["checkpoint.container"].ok and checks["cosmos"].ok  # the other services are still checked


async def test_unreachable_endpoints_fail_each_check_with_a_network_cause(eventhub, azurite_connection_str,
                                                                          cosmos_server, names, tiktoken_dir):
    port = closed_port()
    eh_cs = eventhub.connection_str.replace(f":{eventhub.server.port}", f":{port}")
    blob_cs = azurite_connection_str.replace(azurite_connection_str.split("BlobEndpoint=")[1].split(";")[0],
                                             f"http://127.0.0.1:{port}/devstoreaccount1")
    config = settings.load(env={}, overrides=overrides(
        eventhub, azurite_connection_str, cosmos_server, names, tiktoken_dir, **{
            "eventhub.connection_string": eh_cs, "checkpoint.connection_string": blob_cs,
            "cosmos.endpoint": f"https://127.0.0.1:{port}"}))
    started = time.monotonic()
    checks = by_name(await doctor.run_checks(config, timeout_s=10))
    assert time.monotonic() - started < 10
    for name in ("eventhub.connect", "checkpoint.container", "cosmos"):
        assert not checks[name].ok, name
        assert "reach" in checks[name].detail, (name, checks[name].detail)
        assert any(word in checks[name].cause for word in ("firewall", "DNS")), (name, checks[name].cause)
    assert str(port) in checks["eventhub.connect"].detail and str(port) in checks["cosmos"].detail


async def test_a_rejected_cosmos_key_is_reported_as_such(provisioned, eventhub, azurite_connection_str, cosmos_faults,
                                                         names, tiktoken_dir):
    # The local server does not verify request signatures: it answers the 401 Azure returns for a
    # wrong key when told to (every request, metadata included).
    config = settings.load(env={}, overrides=overrides(eventhub, azurite_connection_str, cosmos_faults, names, tiktoken_dir))
    cosmos_faults.inject("status", 50, ops="any", status=401, code="Unauthorized")
    try:
        checks = by_name(await doctor.run_checks(config, timeout_s=10))
    finally:
        cosmos_faults.clear_faults()
    cosmos = checks["cosmos"]
    assert not cosmos.ok and "unauthorized" in cosmos.detail
    assert "key is wrong" in cosmos.cause and "AOAI_LOGPIPE_COSMOS__KEY" in cosmos.fix
    assert checks["eventhub.connect"].ok


async def test_a_malformed_cosmos_key_and_a_wrong_storage_key(provisioned, eventhub, azurite_connection_str,
                                                             cosmos_server, names, tiktoken_dir):
    good_key = azurite_connection_str.split("AccountKey=")[1].split(";")[0]
    bad_blob = azurite_connection_str.replace(good_key, "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXk=")
    config = settings.load(env={}, overrides=overrides(
        eventhub, azurite_connection_str, cosmos_server, names, tiktoken_dir,
        **{"cosmos.key": "not base64!", "checkpoint.connection_string": bad_blob}))
    checks = by_name(await doctor.run_checks(config, timeout_s=10))
    assert not checks["cosmos"].ok and "not valid base64" in checks["cosmos"].detail
    assert "not base64!" not in json.dumps([r.to_json() for r in checks.values()])  # secrets are never echoed
    blob = checks["checkpoint.container"]
    assert not blob.ok and "authentication failed" in blob.detail and "account key" in blob.cause, blob.detail


async def test_missing_containers_are_named_when_the_worker_may_not_create_them(
        eventhub, azurite_connection_str, cosmos_server, names, tiktoken_dir):
    from azure.cosmos.aio import CosmosClient

    async with CosmosClient(cosmos_server.endpoint, cosmos_server.key, connection_verify=False) as client:
        await client.create_database(names["database"])
    config = settings.load(env={}, overrides=overrides(eventhub, azurite_connection_str, cosmos_server, names, tiktoken_dir))
    checks = by_name(await doctor.run_checks(config, timeout_s=10))
    cosmos = checks["cosmos"]
    assert not cosmos.ok and "chargeback, audit, deadletters" in cosmos.detail
    assert "deploy/main.bicep" in cosmos.fix
    blob = checks["checkpoint.container"]
    assert not blob.ok and "does not exist" in blob.detail


def test_the_command_prints_plain_results_and_exits_3_on_failure(eventhub, azurite_connection_str, cosmos_server,
                                                                 names, tiktoken_dir, monkeypatch, capsys):
    for key, value in overrides(eventhub, azurite_connection_str, cosmos_server, names, tiktoken_dir,
                                **{"eventhub.connection_string": eventhub.server.connection_string("nope")}).items():
        monkeypatch.setenv("AOAI_LOGPIPE_" + key.upper().replace(".", "__"), str(value))
    parser = argparse.ArgumentParser(prog="aoai-logpipe")
    handler = doctor.add_command(parser.add_subparsers(dest="command"))
    code = handler(parser.parse_args(["doctor", "--timeout", "10"]))
    out = capsys.readouterr().out
    assert code == 3
    assert "FAIL  eventhub.connect" in out and "likely cause:" in out and "fix:" in out
    assert cosmos_server.key not in out
    code = handler(parser.parse_args(["doctor", "--json", "--timeout", "10"]))
    parsed = json.loads(capsys.readouterr().out)
    assert code == 3 and {r["name"]: r["status"] for r in parsed}["eventhub.connect"] == "FAIL"


def test_missing_settings_fail_the_configuration_check(monkeypatch, capsys):
    for name in list(__import__("os").environ):
        if name.startswith("AOAI_LOGPIPE_"):
            monkeypatch.delenv(name)
    parser = argparse.ArgumentParser(prog="aoai-logpipe")
    handler = doctor.add_command(parser.add_subparsers(dest="command"))
    code = handler(parser.parse_args(["doctor"]))
    out = capsys.readouterr().out
    assert code == 3 and "FAIL  configuration" in out and "AOAI_LOGPIPE_EVENTHUB__CONNECTION_STRING" in out


def test_checks_are_bounded_by_their_timeout():
    async def slow():
        await asyncio.sleep(5)

    started = time.monotonic()
    result = asyncio.run(doctor._timed("slow", 0.2, slow))
    assert not result.ok and "no answer within 0.2 s" in result.detail and time.monotonic() - started < 2
