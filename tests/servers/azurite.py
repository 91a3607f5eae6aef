"""Azurite (Blob service only) for the integration tests (test-only code).

``start_azurite(tmpdir)`` runs ``node_modules/.bin/azurite-blob`` on a free port with its data
under ``tmpdir`` and returns an :class:`AzuriteServer`::

    server = start_azurite(tmp_path)
    store = BlobCheckpointStore.from_connection_string(server.connection_str, "checkpoints")
    ...
    server.stop()

The process runs in its own process group and is killed with it (see ``cosmos.ServerProcess``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from tests.servers.cosmos import (
    NODE_MODULES,
    ServerProcess,
    ServerStartError,
    missing_node_reason,
    node_executable,
    wait_for_port,
)

AZURITE_BLOB = NODE_MODULES / ".bin" / "azurite-blob"

#: Azurite's well-known development account.
DEV_ACCOUNT_NAME = "devstoreaccount1"
DEV_ACCOUNT_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)

_LISTENING = re.compile(r"successfully listens on https?://[^:/\s]+:(\d+)")

__all__ = ["AzuriteServer", "start_azurite", "async_container_client", "DEV_ACCOUNT_NAME",
           "DEV_ACCOUNT_KEY", "ServerStartError"]


@dataclass
class AzuriteServer:
    host: str
    port: int
    location: Path
    process: ServerProcess
    log_path: Path

    @property
    def blob_endpoint(self) -> str:
        return f"http://{self.host}:{self.port}/{DEV_ACCOUNT_NAME}"

    @property
    def connection_str(self) -> str:
        # Explicit BlobEndpoint: the SDK rejects "UseDevelopmentStorage=true".
        return (
            "DefaultEndpointsProtocol=http;"
            f"AccountName={DEV_ACCOUNT_NAME};"
            f"AccountKey={DEV_ACCOUNT_KEY};"
            f"BlobEndpoint={self.blob_endpoint};"
        )

    def stop(self) -> None:
        self.process.stop()

    def __enter__(self) -> "AzuriteServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_azurite(tmpdir: str | os.PathLike[str], *, host: str = "127.0.0.1", port: int = 0,
                  timeout: float = 30.0) -> AzuriteServer:
    """Start azurite-blob with its data in ``<tmpdir>/azurite`` and its log in
    ``<tmpdir>/azurite.log``; wait until it accepts connections.

    ``port=0`` lets Azurite bind a free port itself (read back from its startup line, so there
    is no pick-then-bind race). Raises :class:`ServerStartError` with the log tail on failure.
    """
    reason = missing_node_reason("azurite", ".bin/azurite-blob")
    if reason:
        raise ServerStartError(reason)
    tmp = Path(tmpdir)
    location = tmp / "azurite"
    location.mkdir(parents=True, exist_ok=True)
    log_path = tmp / "azurite.log"
    argv = [
        node_executable() or "node",  # .bin/azurite-blob is a node script (symlink)
        str(AZURITE_BLOB),
        "--blobHost", host,
        "--blobPort", str(port),
        "--location", str(location),
        "--disableTelemetry",  # or it tries to reach a telemetry host
        "--skipApiVersionCheck",  # the checkpoint store's blob client speaks a newer API version
        "--loose",
    ]
    proc = ServerProcess("azurite-blob", argv, log_path=log_path)
    try:
        line = proc.wait_for_line(lambda s: _LISTENING.search(s) is not None, timeout)
        actual_port = int(_LISTENING.search(line).group(1))  # type: ignore[union-attr]
        wait_for_port(host, actual_port, timeout, proc)
    except BaseException:
        proc.stop()
        raise
    return AzuriteServer(host=host, port=actual_port, location=location, process=proc,
                         log_path=log_path)


def async_container_client(connection_str: str, container_name: str):
    """An ``aio`` ``ContainerClient`` for ``container_name``.

    Uses ``azure.storage.blob.aio`` when that distribution is installed, otherwise the copy
    vendored inside ``azure-eventhub-checkpointstoreblob-aio`` (the one BlobCheckpointStore uses).
    """
    try:
        from azure.storage.blob.aio import ContainerClient
    except ImportError:
        from azure.eventhub.extensions.checkpointstoreblobaio._vendor.storage.blob.aio import (
            ContainerClient,
        )
    return ContainerClient.from_connection_string(connection_str, container_name)
