"""Concurrency: N performMaintenance operations in flight at once on one asyncio event loop.

As a script (run by the Python of the side measured) it makes one async client, runs one
operation to warm up, then starts ``--n`` operations with ``asyncio.gather`` and prints one
JSON line: wall seconds from the start of the first to the end of the last, peak RSS of the
process (``ru_maxrss``), and how many operations failed. Both clients keep their default
connection limits: ours 20 requests in flight (``max_connections``), azure's aiohttp 100
connections per client.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from common import (
    INSTANCE_IDS,
    RESOURCE_GROUP,
    SCALE_SET,
    SUBSCRIPTION_ID,
    VirtualClock,
    child_env,
    load_average,
    log,
    median,
    run_json,
)

OneOperation = Callable[[], Awaitable[None]]


def peak_rss_bytes() -> int:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


async def _run_ours(info: dict[str, Any], n: int) -> dict[str, Any]:
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

        return await _gather(one, n)


async def _run_azure(info: dict[str, Any], n: int) -> dict[str, Any]:
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
    # The emulator's CA is trusted the way a system CA is (SSL_CERT_FILE, set by the parent),
    # as for real ARM: given connection_verify=<CA path>, azure-core's aiohttp transport builds
    # a new SSLContext for every request and aiohttp then reuses no connection.
    async with ComputeManagementClient(
        FakeAsyncCredential(),
        SUBSCRIPTION_ID,
        base_url=info["endpoint"],
        polling_interval=0,
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


async def _gather(one: OneOperation, n: int) -> dict[str, Any]:
    await one()  # warm-up: first connection, lazy imports
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


RUNNERS = {"ours": _run_ours, "azure": _run_azure}


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
    return result


def measure(
    pythons: dict[str, str], fresh_emulator: Callable[[], Any], *, n: int, runs: int
) -> dict[str, dict[str, Any]]:
    """For each side, ``runs`` child runs of ``n`` concurrent operations, sides alternating,
    each against a fresh emulator (``fresh_emulator()``, a context manager: the emulator keeps
    every operation and slows as they accumulate); medians of wall time and peak RSS."""
    samples: dict[str, list[dict[str, Any]]] = {side: [] for side in pythons}
    sides = list(pythons)
    for run in range(runs):
        order = sides if run % 2 == 0 else sides[::-1]
        for side in order:
            load = load_average()
            with fresh_emulator() as emulator:
                result = _run(pythons[side], side, emulator, n)
            result["load"] = load
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
            "peak_rss": median([item["peak_rss"] for item in results]),
            "peak_rss_before": median([item["peak_rss_before"] for item in results]),
            "failed": max(item["failed"] for item in results),
            "first_errors": sorted({e for item in results for e in item["first_errors"]})[:3],
            "requests_per_op": median([item["requests"] / (n + 1) for item in results]),
            "peak_connections": max(item["peak_connections"] for item in results),
            "wall_samples": [item["wall"] for item in results],
            "cpu_samples": [item["cpu"] for item in results],
            "load_samples": [item["load"] for item in results],
        }
    return summary


if __name__ == "__main__":
    sys.exit(child())
