"""Fleet rollout: ``plan_rollout`` then ``run_rollout`` over many scale sets (issue 12).

As a script (run by the project's Python) it makes one synchronous ``MaintenanceClient`` on a
:class:`common.VirtualClock` (the rollout's waits, the 30 s gate poll interval and the 1 s
polling floor, move that clock on instead of sleeping: the emulator at zero latency ends each
operation on its first status poll, so nothing is waited for), plans the rollout of every
scale set of the fleet seed (:func:`emulator_proc.fleet_seed`) and runs it with a journal in a
temporary directory, then prints one JSON line: client CPU seconds (``time.process_time``, every
thread) and wall seconds of the plan and of the run, peak RSS of the process
(``ru_maxrss``) before the plan and at the end, the instances in each state, the virtual
seconds waited, and the journal's writes: how many, their CPU, the largest file.

:func:`measure` is the parent's side: each run is a fresh emulator process (maintained
instances are no longer pending, so the fleet is seeded anew) and a fresh client process.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import SUBSCRIPTION_ID, WORK, VirtualClock, child_env, log, median, run_json
from emulator_proc import FLEET_GROUP, emulator, fleet_names


def peak_rss_bytes() -> int:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


class _JournalWrites:
    """Counts the journal's writes and the CPU of the threads that make them
    (``time.thread_time`` around ``Journal.write``), to tell how much of the run they take."""

    def __init__(self) -> None:
        from vmss_maintenance._journal import Journal

        self.count = 0
        self.cpu = 0.0
        self.largest = 0
        original = Journal.write

        def write(journal: Any, path: Any) -> None:
            started = time.thread_time()
            original(journal, path)
            self.cpu += time.thread_time() - started  # writes are serialised by a lock
            self.count += 1
            self.largest = max(self.largest, Path(path).stat().st_size)

        Journal.write = write  # type: ignore[method-assign]


def _run(info: dict[str, Any], scale_sets: int, max_unavailable: float) -> dict[str, Any]:
    from vmss_maintenance import MaintenanceClient, StaticTokenCredential

    writes = _JournalWrites()

    clock = VirtualClock()
    client = MaintenanceClient(
        StaticTokenCredential("benchmark-token"),
        SUBSCRIPTION_ID,
        endpoint=info["endpoint"],
        verify=info["ca_file"],
        polling_interval=1,  # MIN_POLLING_INTERVAL; virtual with this clock
        clock=clock.time,
        sleep=clock.sleep,
    )
    targets = [(FLEET_GROUP, name) for name in fleet_names(scale_sets)]
    rss_before = peak_rss_bytes()
    with client, tempfile.TemporaryDirectory(prefix="fleet-journal-") as folder:
        journal = Path(folder) / "rollout.json"
        cpu0, wall0, virtual0 = time.process_time(), time.perf_counter(), clock.time()
        plan = client.plan_rollout(targets, max_unavailable=max_unavailable)
        cpu1, wall1 = time.process_time(), time.perf_counter()
        report = client.run_rollout(plan, journal=journal)
        cpu2, wall2, virtual2 = time.process_time(), time.perf_counter(), clock.time()
    counts = {state.value: number for state, number in report.counts.items() if number}
    return {
        "plan_cpu": cpu1 - cpu0,
        "plan_wall": wall1 - wall0,
        "run_cpu": cpu2 - cpu1,
        "run_wall": wall2 - wall1,
        "cpu": cpu2 - cpu0,
        "wall": wall2 - wall0,
        "virtual_seconds": virtual2 - virtual0 - (wall2 - wall0),
        "rss_before": rss_before,
        "peak_rss": peak_rss_bytes(),
        "batches": plan.batch_count,
        "counts": counts,
        "exit_code": report.exit_code,
        "journal_writes": writes.count,
        "journal_cpu": writes.cpu,
        "journal_bytes": writes.largest,
    }


def measure(
    python: str,
    *,
    scale_sets: int,
    instances: int,
    runs: int,
    max_unavailable: float = 0.2,
) -> dict[str, Any]:
    """``runs`` rollouts of a fleet of ``scale_sets`` x ``instances``, each against a freshly
    seeded emulator; medians of client CPU, wall and peak RSS, per 1,000 instances maintained,
    and the requests per instance (counted by the emulator)."""
    samples: list[dict[str, Any]] = []
    for run in range(runs):
        with emulator(
            python, log_file=WORK / "emulator-fleet.log", fleet=(scale_sets, instances), polls=1
        ) as arm:
            arm.stats()
            result = run_json(
                [
                    python,
                    __file__,
                    "--info",
                    json.dumps(arm.info),
                    "--scale-sets",
                    str(scale_sets),
                    "--max-unavailable",
                    str(max_unavailable),
                ],
                timeout=900,
                env=child_env(),
            )
            seen = arm.stats()
        maintained = result["counts"].get("maintained", 0)
        if result["exit_code"] != 0 or maintained != scale_sets * instances:
            raise RuntimeError(
                f"fleet rollout run {run + 1} ended with exit code {result['exit_code']}, "
                f"instances by state {result['counts']} (expected all "
                f"{scale_sets * instances} maintained)"
            )
        result["requests"] = seen["requests"]
        result["by_status"] = seen["by_status"]
        result["peak_connections"] = seen["peak_connections"]
        samples.append(result)
        log(
            f"fleet run {run + 1}/{runs}: cpu {result['cpu']:.2f} s "
            f"(plan {result['plan_cpu']:.2f}), wall {result['wall']:.2f} s, "
            f"peak RSS {result['peak_rss'] / 2**20:.1f} MiB, {seen['requests']} requests"
        )
    total = scale_sets * instances
    per_k = 1000 / total

    def mid(key: str) -> float:
        return median([sample[key] for sample in samples])

    return {
        "scale_sets": scale_sets,
        "instances": instances,
        "maintained": total,
        "max_unavailable": max_unavailable,
        "runs": runs,
        "cpu_per_1000": mid("cpu") * per_k,
        "wall_per_1000": mid("wall") * per_k,
        "peak_rss": mid("peak_rss"),
        "peak_rss_per_1000": mid("peak_rss") * per_k,
        "rss_before": mid("rss_before"),
        "rss_growth_per_1000": median(
            [sample["peak_rss"] - sample["rss_before"] for sample in samples]
        )
        * per_k,
        "cpu": mid("cpu"),
        "plan_cpu": mid("plan_cpu"),
        "run_cpu": mid("run_cpu"),
        "wall": mid("wall"),
        "requests_per_instance": mid("requests") / total,
        "requests": mid("requests"),
        "batches": samples[0]["batches"],
        "virtual_seconds": mid("virtual_seconds"),
        "journal_writes": samples[0]["journal_writes"],
        "journal_cpu": mid("journal_cpu"),
        "journal_bytes": samples[0]["journal_bytes"],
        "peak_connections": max(sample["peak_connections"] for sample in samples),
        "samples": samples,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--info", required=True, help="the emulator's JSON line")
    parser.add_argument("--scale-sets", type=int, required=True)
    parser.add_argument("--max-unavailable", type=float, default=0.2)
    args = parser.parse_args(argv)
    result = _run(json.loads(args.info), args.scale_sets, args.max_unavailable)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
