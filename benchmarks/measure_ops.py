"""Per-operation cost: N complete performMaintenance operations with a synchronous client.

As a script (run by the Python of the side measured) it makes one client, runs ``--warmup``
operations that are not counted (connection set-up, lazy imports), then ``--n`` operations,
and prints one JSON line: client CPU seconds (``time.process_time``) and wall seconds per
operation. The emulator runs in another process (:mod:`emulator_proc`), so its work is not
counted. :func:`measure` is the parent's side: several such runs per side, interleaved.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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

Operation = Callable[[], None]


def _ours(info: dict[str, Any]) -> tuple[Operation, Callable[[], None]]:
    from vmss_maintenance import MaintenanceClient, StaticTokenCredential

    clock = VirtualClock()
    client = MaintenanceClient(
        StaticTokenCredential("benchmark-token"),
        SUBSCRIPTION_ID,
        endpoint=info["endpoint"],
        verify=info["ca_file"],
        clock=clock.time,
        sleep=clock.sleep,
    )

    def one() -> None:
        result = client.perform_maintenance(RESOURCE_GROUP, SCALE_SET, INSTANCE_IDS)
        if result.status != "Succeeded":
            raise RuntimeError(f"operation ended {result.status}")

    return one, client.close


def _azure(info: dict[str, Any]) -> tuple[Operation, Callable[[], None]]:
    from azure.core.credentials import AccessToken
    from azure.mgmt.compute import ComputeManagementClient
    from azure.mgmt.compute.models import VirtualMachineScaleSetVMInstanceIDs

    class FakeCredential:
        """A TokenCredential that hands out one static token."""

        def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
            return AccessToken("benchmark-token", int(time.time()) + 3600)

    client = ComputeManagementClient(
        FakeCredential(),
        SUBSCRIPTION_ID,
        base_url=info["endpoint"],
        connection_verify=info["ca_file"],
        polling_interval=0,
    )
    operations = client.virtual_machine_scale_sets
    api_version = info["api_version"]

    def one() -> None:
        # azure-mgmt-compute defaults to a newer api-version than the emulator serves; send
        # the one our client sends so that both make the same requests.
        poller = operations.begin_perform_maintenance(
            RESOURCE_GROUP,
            SCALE_SET,
            vm_instance_i_ds=VirtualMachineScaleSetVMInstanceIDs(instance_ids=list(INSTANCE_IDS)),
            api_version=api_version,
        )
        poller.result()
        if poller.status().lower() != "succeeded":
            raise RuntimeError(f"operation ended {poller.status()}")

    return one, client.close


CLIENTS = {"ours": _ours, "azure": _azure}


def child(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="time N performMaintenance operations")
    parser.add_argument("--client", choices=sorted(CLIENTS), required=True)
    parser.add_argument("--info", required=True, help="the emulator's JSON line")
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="run under cProfile")
    args = parser.parse_args(argv)
    one, close = CLIENTS[args.client](json.loads(args.info))
    profiler = None
    try:
        for _ in range(args.warmup):
            one()
        if args.profile:
            profiler = _ThreadProfiles()
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(args.n):
            one()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if profiler is not None:
            profiler.stop()
    finally:
        close()
    result: dict[str, Any] = {
        "client": args.client,
        "n": args.n,
        "cpu_per_op": cpu / args.n,
        "wall_per_op": wall / args.n,
    }
    if profiler is not None:
        result["profile"] = summarize(profiler.stats(), args.n)
    print(json.dumps(result))
    return 0


def _group(filename: str, function: str) -> str:
    """Which library (or our module) a profiled function belongs to."""
    if filename == "~":  # a C function: name its type or module
        inner = function.strip("<>")
        for prefix in ("method '", "built-in method "):
            if inner.startswith(prefix):
                inner = inner[len(prefix) :]
        return "C " + inner.replace("' of '", " of ").replace(" objects", "").strip("'")
    path = Path(filename)
    parts = path.parts
    for marker in ("site-packages", "wrapper", "generated"):
        if marker in parts:
            rest = parts[parts.index(marker) + 1 :]
            if rest and rest[0] in {"vmss_maintenance", "azure"} and len(rest) > 2:
                return ".".join((rest[0], rest[1], Path(rest[2]).stem))
            if rest and rest[0] == "vmss_maintenance" and len(rest) > 1:
                return f"vmss_maintenance.{Path(rest[1]).stem}"
            return rest[0] if rest else filename
    return f"stdlib {path.stem}"


class _ThreadProfiles:
    """cProfile in this thread and in every thread started while it runs (azure's LROPoller
    polls from a thread of its own). The timer is the default (cheap) wall clock; the C calls
    that block (socket reads, lock waits, sleeps) are left out by :func:`summarize`, so what
    remains is close to CPU time, inflated for call-heavy code by the profiler's overhead."""

    def __init__(self) -> None:
        import cProfile
        import threading

        self._profiles: list[Any] = []
        self._original_run = threading.Thread.run
        profiles = self._profiles
        original_run = self._original_run

        def run(thread: threading.Thread) -> None:
            profile = cProfile.Profile()
            profiles.append(profile)
            profile.enable()
            try:
                original_run(thread)
            finally:
                profile.disable()

        threading.Thread.run = run  # type: ignore[method-assign]
        self._main = cProfile.Profile()
        self._main.enable()

    def stop(self) -> None:
        import threading

        self._main.disable()
        threading.Thread.run = self._original_run  # type: ignore[method-assign]

    def stats(self) -> Any:
        import pstats

        stats = pstats.Stats(self._main)
        for profile in self._profiles:
            stats.add(profile)
        return stats


# C functions whose time in a profile is waiting, not working.
BLOCKING = (
    "read of _ssl._SSLSocket",
    "recv of _socket.socket",
    "recv_into of _socket.socket",
    "acquire of _thread.lock",
    "acquire of _thread.RLock",
    "poll of select.poll",
    "select of select.epoll",
    "poll of select.epoll",
    "select.select",
    "time.sleep",
)


def summarize(stats: Any, n: int, top: int = 15) -> dict[str, Any]:
    """Self time per operation grouped by library/module, heaviest first; blocking waits
    (:data:`BLOCKING`) left out."""
    groups: dict[str, float] = {}
    total = 0.0
    for (filename, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        self_time = row[2]
        key = _group(filename, function)
        if key.startswith("C ") and key[2:] in BLOCKING:
            continue
        total += self_time
        groups[key] = groups.get(key, 0.0) + self_time
    heaviest = sorted(groups.items(), key=lambda kv: -kv[1])[:top]
    ours = sum(seconds for name, seconds in groups.items() if name.startswith("vmss_maintenance"))
    return {
        "total_per_op": total / n,
        "vmss_maintenance_per_op": ours / n,
        "by_group_per_op": {name: seconds / n for name, seconds in heaviest},
    }


def profile(python: str, side: str, emulator: Any, *, n: int) -> dict[str, Any]:
    """One cProfile'd child run: where the client's CPU goes."""
    result = run_json(
        [python, __file__, "--client", side, "--info", json.dumps(emulator.info),
         "--n", str(n), "--profile"],
        timeout=300,
        env=child_env(),
    )  # fmt: skip
    emulator.stats()
    summary: dict[str, Any] = result["profile"]
    return summary


def _one_run(
    python: str, side: str, emulator: Any, n: int, warmup: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """One child run of ``n`` operations; its result and what the emulator counted."""
    emulator.stats()
    result = run_json(
        [
            python,
            __file__,
            "--client",
            side,
            "--info",
            json.dumps(emulator.info),
            "--n",
            str(n),
            "--warmup",
            str(warmup),
        ],
        timeout=300,
        env=child_env(),
    )
    return result, emulator.stats()


def measure(
    pythons: dict[str, str],
    fresh_emulator: Callable[[], Any],
    *,
    n: int,
    runs: int,
    warmup: int = 2,
) -> dict[str, dict[str, Any]]:
    """For each side (``ours``/``azure`` -> its Python), ``runs`` child runs of ``n``
    operations, sides alternating, each against a fresh emulator (``fresh_emulator()``, a
    context manager: the emulator keeps every operation and slows as they accumulate); medians
    of CPU and wall per operation, and how many requests each operation took (counted by the
    emulator)."""
    samples: dict[str, dict[str, list[float]]] = {
        side: {"cpu": [], "wall": [], "requests": [], "connections": []} for side in pythons
    }
    sides = list(pythons)
    for run in range(runs):
        order = sides if run % 2 == 0 else sides[::-1]
        for side in order:
            with fresh_emulator() as emulator:
                result, seen = _one_run(pythons[side], side, emulator, n, warmup)
            samples[side]["cpu"].append(result["cpu_per_op"])
            samples[side]["wall"].append(result["wall_per_op"])
            samples[side]["requests"].append(seen["requests"] / (n + warmup))
            samples[side]["connections"].append(seen["peak_connections"])
            log(
                f"ops {side} run {run + 1}/{runs}: cpu {result['cpu_per_op'] * 1e3:.2f} ms/op, "
                f"wall {result['wall_per_op'] * 1e3:.2f} ms/op, "
                f"{seen['requests'] / (n + warmup):.1f} requests/op"
            )
    return {
        side: {
            "cpu_per_op": median(values["cpu"]),
            "wall_per_op": median(values["wall"]),
            "requests_per_op": median(values["requests"]),
            "peak_connections": max(values["connections"]),
            "cpu_samples": values["cpu"],
            "wall_samples": values["wall"],
            "n": n,
            "runs": runs,
        }
        for side, values in samples.items()
    }


if __name__ == "__main__":
    sys.exit(child())
