"""Concurrency: N performMaintenance operations in flight at once on one asyncio event loop.

As a script (run by the Python of the side measured) it makes one async client, runs one
operation to warm up, then starts ``--n`` operations with ``asyncio.gather`` and prints one
JSON line: wall seconds from the start of the first to the end of the last, peak RSS of the
process (``ru_maxrss``), and how many operations failed. Both clients keep their default
connection pools (httpx and aiohttp both allow 100 connections per client), so the
operations share at most 100 connections.

``--client raw`` is a check of the emulator rather than of a client: it opens ``--n`` TLS
connections at once, holds them all open, and sends one request on each.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import ssl
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from common import (
    INSTANCE_IDS,
    RESOURCE_GROUP,
    SCALE_SET,
    SUBSCRIPTION_ID,
    VirtualClock,
    child_env,
    log,
    median,
    run_json,
)

OneOperation = Callable[[], Awaitable[None]]


def peak_rss_bytes() -> int:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


class _HttpcoreCounters:
    """Where ours spends its CPU with many operations in flight, counted cheaply (no
    profiler): time inside httpcore's pool bookkeeping and its async-library lookups, and
    failed ``import sniffio`` attempts. Version-specific; silently absent when httpcore
    changes shape."""

    def __init__(self) -> None:
        self.counts: dict[str, float] = {
            "pool_assign_calls": 0,
            "pool_assign_seconds": 0.0,
            "async_library_calls": 0,
            "async_library_seconds": 0.0,
            "sniffio_import_misses": 0,
            "reassign_calls": 0,
            "reassign_seconds": 0.0,
        }
        try:
            from httpcore import _synchronization
            from httpcore._async import connection_pool
            from httpcore._backends import auto
        except ImportError:
            return
        self._wrap(
            connection_pool.AsyncConnectionPool,
            "_assign_requests_to_connections",
            "pool_assign",
        )
        self._wrap(_synchronization, "current_async_library", "async_library")
        # Called when a request's assigned connection turned out to be busy: it goes round again.
        self._wrap(connection_pool.AsyncPoolRequest, "clear_connection", "reassign")
        auto.current_async_library = _synchronization.current_async_library  # type: ignore[attr-defined]
        counts = self.counts

        class SniffioMisses:
            @staticmethod
            def find_spec(name: str, path: Any = None, target: Any = None) -> None:
                if name == "sniffio":
                    counts["sniffio_import_misses"] += 1

        sys.meta_path.insert(0, SniffioMisses())  # type: ignore[arg-type]

    def _wrap(self, owner: Any, attribute: str, key: str) -> None:
        original = getattr(owner, attribute, None)
        if original is None:
            return
        counts = self.counts

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                counts[f"{key}_calls"] += 1
                counts[f"{key}_seconds"] += time.perf_counter() - started

        setattr(owner, attribute, timed)

    def reset(self) -> None:
        for key in self.counts:
            self.counts[key] = 0


async def _run_ours(info: dict[str, Any], n: int, *, diagnose: bool = False) -> dict[str, Any]:
    counters = _HttpcoreCounters() if diagnose else None
    from vmss_maintenance import AsyncMaintenanceClient, StaticTokenCredential

    clock = VirtualClock()
    async with AsyncMaintenanceClient(
        StaticTokenCredential("benchmark-token"),
        SUBSCRIPTION_ID,
        endpoint=info["endpoint"],
        verify=info["ca_file"],
        clock=clock.time,
        sleep=clock.async_sleep,
    ) as client:

        async def one() -> None:
            result = await client.perform_maintenance(RESOURCE_GROUP, SCALE_SET, INSTANCE_IDS)
            if result.status != "Succeeded":
                raise RuntimeError(f"operation ended {result.status}")

        found = await _gather(one, n, counters.reset if counters else None)
        if counters is not None:
            found["diagnosis"] = dict(counters.counts)
        return found


async def _run_ours_diagnosed(info: dict[str, Any], n: int) -> dict[str, Any]:
    return await _run_ours(info, n, diagnose=True)


async def _run_azure(info: dict[str, Any], n: int, *, ca_path: bool = False) -> dict[str, Any]:
    from azure.core.credentials import AccessToken
    from azure.mgmt.compute.aio import ComputeManagementClient
    from azure.mgmt.compute.models import VirtualMachineScaleSetVMInstanceIDs

    class FakeAsyncCredential:
        """An AsyncTokenCredential that hands out one static token."""

        async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
            return AccessToken("benchmark-token", int(time.time()) + 3600)

        async def close(self) -> None:
            return None

        async def __aenter__(self) -> FakeAsyncCredential:
            return self

        async def __aexit__(self, *args: object) -> None:
            return None

    api_version = info["api_version"]
    # By default the emulator's CA is trusted the way a system CA is (SSL_CERT_FILE, set by
    # the parent), as for real ARM. With connection_verify=<CA path>, azure-core's aiohttp
    # transport builds a new SSLContext for every request, so aiohttp pools nothing: one TLS
    # connection per request. That variant is measured too, as a note.
    verify = {"connection_verify": info["ca_file"]} if ca_path else {}
    async with ComputeManagementClient(
        FakeAsyncCredential(),
        SUBSCRIPTION_ID,
        base_url=info["endpoint"],
        polling_interval=0,
        **verify,
    ) as client:
        operations = client.virtual_machine_scale_sets

        async def one() -> None:
            poller = await operations.begin_perform_maintenance(
                RESOURCE_GROUP,
                SCALE_SET,
                vm_instance_i_ds=VirtualMachineScaleSetVMInstanceIDs(
                    instance_ids=list(INSTANCE_IDS)
                ),
                api_version=api_version,
            )
            await poller.result()
            if poller.status().lower() != "succeeded":
                raise RuntimeError(f"operation ended {poller.status()}")

        return await _gather(one, n)


def _errors(outcomes: list[Any]) -> list[str]:
    return [
        f"{type(item).__name__}: {item}" for item in outcomes if isinstance(item, BaseException)
    ]


async def _gather(
    one: OneOperation, n: int, after_warmup: Callable[[], None] | None = None
) -> dict[str, Any]:
    await one()  # warm-up: first connection, lazy imports
    if after_warmup is not None:
        after_warmup()
    rss_before = peak_rss_bytes()
    cpu, started = time.process_time(), time.perf_counter()
    outcomes = await asyncio.gather(*(one() for _ in range(n)), return_exceptions=True)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - started
    errors = _errors(outcomes)
    return {
        "wall": wall,
        "cpu": cpu,
        "peak_rss": peak_rss_bytes(),
        "peak_rss_before": rss_before,
        "failed": len(errors),
        "first_errors": sorted(set(errors))[:3],
    }


async def _run_raw(info: dict[str, Any], n: int) -> dict[str, Any]:
    """Hold ``n`` TLS connections open at once and send one request on each."""
    url = urlsplit(info["endpoint"])
    context = ssl.create_default_context(cafile=info["ca_file"])
    path = (
        f"/subscriptions/{SUBSCRIPTION_ID}/providers/Microsoft.Compute/locations/westeurope/"
        f"operations/{uuid.uuid4()}?api-version={info['api_version']}"
    )
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {url.netloc}\r\nAuthorization: Bearer benchmark-token\r\n"
        "\r\n"
    ).encode()
    all_open = asyncio.Event()
    opened = 0
    started = time.perf_counter()
    opened_at: list[float] = []

    async def connection() -> int:
        nonlocal opened
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(url.hostname, url.port, ssl=context), timeout=60
        )
        try:
            opened += 1
            if opened == n:
                opened_at.append(time.perf_counter() - started)
                all_open.set()
            await asyncio.wait_for(all_open.wait(), timeout=60)
            writer.write(request)
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=60)
            return int(head.split(b" ", 2)[1])
        finally:
            writer.close()

    outcomes = await asyncio.gather(*(connection() for _ in range(n)), return_exceptions=True)
    wall = time.perf_counter() - started
    errors = _errors(outcomes)
    statuses = [item for item in outcomes if isinstance(item, int)]
    return {
        "wall": wall,
        "all_open_after": opened_at[0] if opened_at else None,
        "opened": opened,
        "answered": len(statuses),
        "answered_404": statuses.count(404),
        "failed": len(errors),
        "first_errors": sorted(set(errors))[:3],
        "peak_rss": peak_rss_bytes(),
    }


async def _run_azure_ca_path(info: dict[str, Any], n: int) -> dict[str, Any]:
    return await _run_azure(info, n, ca_path=True)


RUNNERS = {
    "ours": _run_ours,
    "ours-diagnosed": _run_ours_diagnosed,
    "azure": _run_azure,
    "azure-ca-path": _run_azure_ca_path,
    "raw": _run_raw,
}


def child(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="N operations in flight on one event loop")
    parser.add_argument("--client", choices=sorted(RUNNERS), required=True)
    parser.add_argument("--info", required=True, help="the emulator's JSON line")
    parser.add_argument("--n", type=int, required=True)
    args = parser.parse_args(argv)
    result = asyncio.run(RUNNERS[args.client](json.loads(args.info), args.n))
    print(json.dumps({"client": args.client, "n": args.n, **result}))
    return 0


def _command(python: str, side: str, info: str, n: int) -> list[str]:
    return [python, __file__, "--client", side, "--info", info, "--n", str(n)]


def _env(side: str, info: dict[str, Any]) -> dict[str, str]:
    env = child_env()
    if side == "azure":
        env["SSL_CERT_FILE"] = info["ca_file"]
    return env


def _run(python: str, side: str, emulator: Any, n: int) -> dict[str, Any]:
    info = emulator.info
    result = run_json(
        _command(python, side, json.dumps(info), n), timeout=300, env=_env(side, info)
    )
    seen = emulator.stats()
    result["requests"] = seen["requests"]
    result["peak_connections"] = seen["peak_connections"]
    result["accepted_connections"] = seen.get("accepted_connections")
    return result


def measure(
    pythons: dict[str, str], emulator: Any, *, n: int, runs: int
) -> dict[str, dict[str, Any]]:
    """For each side, ``runs`` child runs of ``n`` concurrent operations, sides alternating;
    medians of wall time and peak RSS."""
    samples: dict[str, list[dict[str, Any]]] = {side: [] for side in pythons}
    sides = list(pythons)
    emulator.stats()
    for run in range(runs):
        order = sides if run % 2 == 0 else sides[::-1]
        for side in order:
            result = _run(pythons[side], side, emulator, n)
            samples[side].append(result)
            log(
                f"concurrency {side} run {run + 1}/{runs}: {n} ops in {result['wall']:.2f} s, "
                f"peak RSS {result['peak_rss'] / 2**20:.1f} MiB, {result['failed']} failed, "
                f"emulator saw {result['requests']} requests on up to "
                f"{result['peak_connections']} connections"
            )
    summary: dict[str, dict[str, Any]] = {}
    for side, results in samples.items():
        summary[side] = {
            "n": n,
            "runs": runs,
            "wall": median([item["wall"] for item in results]),
            "cpu": median([item["cpu"] for item in results]),
            "accepted_connections": median([item["accepted_connections"] or 0 for item in results]),
            "peak_rss": median([item["peak_rss"] for item in results]),
            "peak_rss_before": median([item["peak_rss_before"] for item in results]),
            "failed": max(item["failed"] for item in results),
            "first_errors": sorted({e for item in results for e in item["first_errors"]})[:3],
            "requests_per_op": median([item["requests"] / (n + 1) for item in results]),
            "peak_connections": max(item["peak_connections"] for item in results),
            "wall_samples": [item["wall"] for item in results],
        }
    return summary


def azure_ca_path(python: str, emulator: Any, *, n: int) -> dict[str, Any]:
    """One run of azure's aio client given ``connection_verify=<CA path>`` (see above)."""
    emulator.stats()
    result = _run(python, "azure-ca-path", emulator, n)
    log(
        f"concurrency azure with connection_verify=<CA path>: {n} ops in {result['wall']:.2f} s, "
        f"peak RSS {result['peak_rss'] / 2**20:.1f} MiB, {result['failed']} failed, "
        f"{result['peak_connections']} connections"
    )
    return result


def diagnose(python: str, emulator: Any, *, n: int) -> dict[str, Any]:
    """One more run of ours with httpcore's pool bookkeeping timed (see _HttpcoreCounters)."""
    emulator.stats()
    result = _run(python, "ours-diagnosed", emulator, n)
    found: dict[str, Any] = result.get("diagnosis", {})
    found.update(
        wall=result["wall"],
        cpu=result["cpu"],
        requests=result["requests"],
        accepted_connections=result["accepted_connections"],
    )
    log(
        f"concurrency ours diagnosed: cpu {result['cpu']:.2f} s, of which "
        f"{found.get('pool_assign_seconds', 0):.2f} s in httpcore pool assignment "
        f"({found.get('pool_assign_calls', 0)} calls), "
        f"{found.get('async_library_seconds', 0):.2f} s in current_async_library "
        f"({found.get('sniffio_import_misses', 0)} failed `import sniffio`); "
        f"{result['accepted_connections']} TLS connections for {result['requests']} requests"
    )
    return found


def emulator_check(python: str, emulator: Any, *, n: int) -> dict[str, Any]:
    """Can the emulator hold ``n`` TLS connections open at once and answer on each?"""
    emulator.stats()
    result = _run(python, "raw", emulator, n)
    log(
        f"emulator check: {result['answered']}/{n} connections answered, "
        f"{result['failed']} failed, all open after {result['all_open_after']} s, "
        f"peak {result['peak_connections']} connections"
    )
    return result


if __name__ == "__main__":
    sys.exit(child())
