"""``ArmEmulator``: a local Azure Resource Manager for performMaintenance, on loopback only."""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
import shutil
import socket
import ssl
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

from vmss_maintenance import _adapter
from vmss_maintenance.emulator._faults import FaultPlan, Faults
from vmss_maintenance.emulator._operations import Operation, OperationBook
from vmss_maintenance.emulator._records import RecordedRequest, Recorder
from vmss_maintenance.emulator._seed import parse_seed, read_seed_file, sample_seed
from vmss_maintenance.emulator._server import Backend, EmulatorServer
from vmss_maintenance.emulator._service import (
    LRO_HEADER_MODES,
    ArmService,
    LroHeaders,
    Settings,
)
from vmss_maintenance.emulator._state import Instance, Inventory, ScaleSet

__all__ = ["KNOWN_API_VERSIONS", "ArmEmulator", "default_api_versions"]

KNOWN_API_VERSIONS: tuple[str, ...] = ("2024-03-01", "2024-07-01", "2024-11-01", "2025-04-01")
"""Compute api-versions with performMaintenance that the emulator accepts by default."""


def default_api_versions() -> tuple[str, ...]:
    """:data:`KNOWN_API_VERSIONS` plus the version the client was generated for, sorted."""
    return tuple(sorted({*KNOWN_API_VERSIONS, _adapter.API_VERSION}))


def _bind_address(host: str) -> tuple[str, socket.AddressFamily]:
    if not isinstance(host, str):
        raise TypeError(f"host must be a string, got {host!r}")
    if host.lower() == "localhost":
        return "127.0.0.1", socket.AF_INET
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    if address is None or not address.is_loopback:
        raise ValueError(
            f"host {host!r} is not a loopback address; the emulator listens only on "
            "loopback (127.0.0.1, ::1 or localhost)"
        )
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    return str(address), family


def _check_whole(name: str, value: object, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < low or (high is not None and value > high):
        bounds = f">= {low}" if high is None else f"between {low} and {high}"
        raise ValueError(f"{name} must be {bounds}, got {value!r}")
    return value


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ArmEmulator:
    """A local Azure Resource Manager that answers Virtual Machine Scale Sets - Perform
    Maintenance and its status URLs like the real one.

    Use it as ``with ArmEmulator() as arm: ...`` (serves from a background thread), or call
    :meth:`start`/:meth:`stop`, or :meth:`serve_forever` to serve in the calling thread.

    :param host: a loopback address (``127.0.0.1``, ``::1``, ``localhost``); anything else is
        refused with :class:`ValueError`.
    :param port: TCP port, ``0`` for any free one (see :attr:`endpoint`).
    :param https: serve HTTPS with a throwaway CA (:attr:`ca_file`); needs ``cryptography``.
    :param api_versions: accepted api-versions; default :func:`default_api_versions`.
    :param retry_after: seconds in ``Retry-After`` of 202 answers and running status polls.
    :param polls_to_complete: an operation ends on this status poll (either URL); ``None`` for
        no poll limit.
    :param duration: an operation ends at the first poll at least this many seconds (of
        ``clock``) after it started; ``None`` for no time limit. With both limits, the first
        reached ends it; with neither, operations never end.
    :param lro_headers: ``"both"`` (``Azure-AsyncOperation`` and ``Location``, ARM's usual),
        ``"azure-async-operation"``, ``"location"``, or ``"none-200"`` (answer 200 at once).
    :param faults: injected faults (:class:`Faults`); default none.
    :param clock: monotonic seconds, for ``duration``; pass a fake clock in tests.
    :param claims_challenge: answer the first performMaintenance POST with a CAE claims
        challenge (401 ``insufficient_claims``); later ones pass.
    :param now: current UTC time, for ``startTime``/``endTime`` and maintenance windows.
    :param allow_overlap: accept maintenance on VMs that a running operation already covers;
        by default such a request is refused like ARM does (409 ``OperationNotAllowed``).
        For load tests that start many operations on the same VMs.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        https: bool = False,
        api_versions: Iterable[str] | None = None,
        retry_after: int = 1,
        polls_to_complete: int | None = 2,
        duration: float | None = None,
        lro_headers: LroHeaders = "both",
        faults: Faults | None = None,
        clock: Callable[[], float] = time.monotonic,
        claims_challenge: bool = False,
        now: Callable[[], dt.datetime] | None = None,
        allow_overlap: bool = False,
    ) -> None:
        self._host = host
        self._bind_host, self._family = _bind_address(host)
        self._port = _check_whole("port", port, 0, 65535)
        self._https = bool(https)
        versions = self._check_versions(api_versions)
        _check_whole("retry_after", retry_after, 0, 3600)
        if polls_to_complete is not None:
            _check_whole("polls_to_complete", polls_to_complete, 1)
        if duration is not None and (
            isinstance(duration, bool)
            or not isinstance(duration, int | float)
            or not math.isfinite(duration)
            or duration < 0
        ):
            raise ValueError(f"duration must be a number of seconds >= 0 or None, got {duration!r}")
        if lro_headers not in LRO_HEADER_MODES:
            choices = ", ".join(repr(mode) for mode in LRO_HEADER_MODES)
            raise ValueError(f"lro_headers must be one of {choices}, got {lro_headers!r}")
        if faults is not None and not isinstance(faults, Faults):
            raise TypeError(f"faults must be a Faults instance or None, got {faults!r}")
        if not callable(clock):
            raise TypeError("clock must be a callable returning seconds")

        self._faults = faults or Faults()
        self._inventory = Inventory()
        self._operations = OperationBook(
            polls_to_complete=polls_to_complete,
            duration=duration,
            clock=clock,
            now=now or _utc_now,
            allow_overlap=bool(allow_overlap),
        )
        self._service = ArmService(
            Settings(
                api_versions=versions,
                retry_after=retry_after,
                lro_headers=lro_headers,
                claims_challenge=bool(claims_challenge),
            ),
            self._inventory,
            self._operations,
            endpoint=lambda: self.endpoint,
            now=now or _utc_now,
        )
        self._recorder = Recorder()
        self._lock = threading.Lock()
        self._server: EmulatorServer | None = None
        self._thread: threading.Thread | None = None
        self._serving_thread: threading.Thread | None = None
        self._stopped = False
        self._tls_dir: Path | None = None
        self._ca_file: Path | None = None

    @staticmethod
    def _check_versions(api_versions: Iterable[str] | None) -> tuple[str, ...]:
        if api_versions is None:
            return default_api_versions()
        if isinstance(api_versions, str):
            raise TypeError("api_versions must be an iterable of strings, not one string")
        versions = tuple(dict.fromkeys(api_versions))
        if not versions:
            raise ValueError("api_versions must name at least one api-version")
        for version in versions:
            if not isinstance(version, str) or not version.strip() or version != version.strip():
                raise ValueError(f"api_versions: not a valid api-version: {version!r}")
        return versions

    # -- what it serves --------------------------------------------------------------------

    @property
    def api_versions(self) -> tuple[str, ...]:
        """The api-versions this emulator accepts."""
        return self._service.settings.api_versions

    @property
    def faults(self) -> Faults:
        """The injected faults."""
        return self._faults

    def add_subscription(self, subscription_id: str) -> None:
        """Make an (empty) subscription exist."""
        self._inventory.add_subscription(subscription_id)

    def add_resource_group(self, subscription_id: str, resource_group: str) -> None:
        """Make an (empty) resource group exist, and its subscription."""
        self._inventory.add_resource_group(subscription_id, resource_group)

    def add_scale_set(
        self,
        subscription_id: str,
        resource_group: str,
        name: str,
        instances: Iterable[Instance | str] = (),
        location: str = "westeurope",
    ) -> ScaleSet:
        """Add (or replace) a scale set, creating its subscription and resource group.

        ``instances`` holds instance ids (eligible, succeeding) or :class:`Instance` values.
        """
        return self._inventory.add_scale_set(
            subscription_id, resource_group, name, instances, location
        )

    @property
    def scale_sets(self) -> list[ScaleSet]:
        """Every scale set the emulator holds."""
        return self._inventory.scale_sets()

    def load_seed(self, path: str | Path) -> None:
        """Add the resources of a ``.json`` or ``.toml`` seed file (see :mod:`._seed`).

        Raises :class:`SeedError` naming the file and the bad key; nothing is added then.
        """
        read_seed_file(path).apply(self._inventory)

    def load_seed_data(self, data: Mapping[str, Any]) -> None:
        """Add the resources of seed data already parsed (same layout as a seed file)."""
        parse_seed(data).apply(self._inventory)

    def load_sample(self) -> None:
        """Add the sample scale set (:data:`SAMPLE_SEED`)."""
        self.load_seed_data(sample_seed())

    # -- what it saw -----------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first (a copy)."""
        return self._recorder.snapshot()

    def reset_requests(self) -> None:
        """Forget the recorded requests."""
        self._recorder.clear()

    @property
    def operations(self) -> list[Operation]:
        """Snapshots of the performMaintenance operations accepted so far, oldest first."""
        return self._operations.all()

    # -- where it is -----------------------------------------------------------------------

    @property
    def endpoint(self) -> str:
        """``http(s)://host:port`` of the running emulator (no trailing slash)."""
        server = self._server
        if server is None:
            raise RuntimeError("the emulator is not started; use start() or a with block")
        port = server.server_address[1]
        host = f"[{self._host.strip('[]')}]" if ":" in self._host else self._host
        return f"{'https' if self._https else 'http'}://{host}:{port}"

    @property
    def ca_file(self) -> str | None:
        """Path of the CA certificate (PEM) to trust when ``https=True``, else ``None``.

        The file lives in a temporary directory removed by :meth:`stop`.
        """
        return str(self._ca_file) if self._ca_file is not None else None

    def client_ssl_context(self) -> ssl.SSLContext:
        """A client TLS context that trusts this emulator's CA (``https=True`` only)."""
        if self._ca_file is None:
            raise RuntimeError("client_ssl_context() needs a started emulator with https=True")
        return ssl.create_default_context(cafile=str(self._ca_file))

    def perform_maintenance_url(
        self,
        subscription_id: str,
        resource_group: str,
        name: str,
        *,
        api_version: str | None = None,
    ) -> str:
        """The full performMaintenance URL of a scale set on this emulator."""
        version = api_version or _adapter.API_VERSION
        return (
            f"{self.endpoint}/subscriptions/{quote(subscription_id, safe='')}/resourceGroups/"
            f"{quote(resource_group, safe='')}/providers/Microsoft.Compute/"
            f"virtualMachineScaleSets/{quote(name, safe='')}/performMaintenance"
            f"?api-version={quote(version, safe='')}"
        )

    # -- life cycle ------------------------------------------------------------------------

    def _bind(self) -> EmulatorServer:
        with self._lock:
            if self._stopped:
                raise RuntimeError("this emulator was stopped; create a new one")
            if self._server is not None:
                return self._server
            tls_dir: Path | None = None
            context: ssl.SSLContext | None = None
            try:
                if self._https:
                    from vmss_maintenance.emulator._tls import make_tls_files, server_context

                    tls_dir = Path(tempfile.mkdtemp(prefix="vmss-maintenance-emulator-"))
                    files = make_tls_files(tls_dir, self._bind_host)
                    context = server_context(files)
                    self._ca_file = files.ca_file
                self._server = EmulatorServer(
                    (self._bind_host, self._port),
                    family=self._family,
                    backend=Backend(
                        service=self._service,
                        faults=FaultPlan(self._faults),
                        recorder=self._recorder,
                    ),
                    tls=context,
                )
            except BaseException:
                self._ca_file = None
                if tls_dir is not None:
                    shutil.rmtree(tls_dir, ignore_errors=True)
                raise
            self._tls_dir = tls_dir
            return self._server

    def start(self) -> ArmEmulator:
        """Bind and serve from a background thread; returns ``self``."""
        server = self._bind()
        with self._lock:
            if self._thread is not None or self._serving_thread is not None:
                raise RuntimeError("the emulator is already serving")
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.01},
                name=f"arm-emulator-{server.server_address[1]}",
                daemon=True,
            )
            self._thread = thread
        thread.start()
        return self

    def serve_forever(self, *, on_ready: Callable[[], None] | None = None) -> None:
        """Bind and serve in the calling thread until :meth:`stop` (from another thread) or
        ``KeyboardInterrupt``; ``on_ready`` is called once :attr:`endpoint` is known."""
        server = self._bind()
        with self._lock:
            if self._thread is not None or self._serving_thread is not None:
                raise RuntimeError("the emulator is already serving")
            self._serving_thread = threading.current_thread()
        try:
            if on_ready is not None:
                on_ready()
            server.serve_forever(poll_interval=0.1)
        finally:
            with self._lock:
                self._serving_thread = None

    def stop(self) -> None:
        """Stop serving, close connections, remove the TLS files. Safe to call twice."""
        with self._lock:
            if self._serving_thread is threading.current_thread():
                raise RuntimeError(
                    "stop() was called from the thread running serve_forever(); call it from "
                    "another thread or interrupt serve_forever() with KeyboardInterrupt"
                )
            if self._stopped:
                return
            self._stopped = True
            server, thread = self._server, self._thread
            serving = thread is not None or self._serving_thread is not None
            tls_dir = self._tls_dir
        if server is not None:
            if serving:
                server.shutdown()
            server.close_connections()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        if tls_dir is not None:
            shutil.rmtree(tls_dir, ignore_errors=True)

    def __enter__(self) -> ArmEmulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.endpoint if self._server is not None and not self._stopped else "not serving"
        return f"<ArmEmulator {where}>"
