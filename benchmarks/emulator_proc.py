"""The ARM emulator in a process of its own, so that its CPU is not counted as the client's.

As a script (run by the project's Python) it starts ``ArmEmulator(https=True, retry_after=0,
polls_to_complete=3, allow_overlap=True, reads_per_minute=None)`` with the sample seed (or, with
``--fleet SxN``, S Uniform scale sets of N eligible instances each, see :func:`fleet_seed`),
prints one JSON line (endpoint, CA file, api-version), then answers commands on standard input,
one per line:

``stats``  print one JSON line (since the last ``stats``: requests by status, peak number of
           open connections) and forget the recorded requests;
EOF        stop the emulator and exit.

:func:`emulator` is the parent's side (a :class:`common.ServerProcess`).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from common import SUBSCRIPTION_ID, ServerProcess, spec_api_version

FLEET_GROUP = "fleet-rg"
"""Resource group of the fleet seed's scale sets (``fleet-000``, ``fleet-001``, ...)."""
FLEET_UPDATE_DOMAINS = 5


def emulator(
    python: str, *, log_file: Path, fleet: tuple[int, int] | None = None, polls: int = 3
) -> ServerProcess:
    """The emulator script run by ``python``, to be entered as a context manager: the sample
    seed, or ``fleet`` = (scale sets, instances each) of :func:`fleet_seed`; operations end on
    their ``polls``-th status poll."""
    command = [python, str(Path(__file__).resolve()), "--polls-to-complete", str(polls)]
    if fleet is not None:
        command += ["--fleet", f"{fleet[0]}x{fleet[1]}"]
    return ServerProcess(command, log_file=log_file)


def fleet_names(scale_sets: int) -> list[str]:
    """The fleet seed's scale set names, in order."""
    return [f"fleet-{index:03d}" for index in range(scale_sets)]


def fleet_seed(scale_sets: int, instances: int) -> dict[str, Any]:
    """``scale_sets`` Uniform scale sets in :data:`FLEET_GROUP` of the sample subscription, each
    with instances ``0`` .. ``instances - 1``, all eligible (maintenance pending, allowed, no
    fault), instance i in update domain i mod 5."""
    return {
        "scale_sets": [
            {
                "subscription_id": SUBSCRIPTION_ID,
                "resource_group": FLEET_GROUP,
                "name": name,
                "instances": [
                    {"id": str(i), "update_domain": i % FLEET_UPDATE_DOMAINS}
                    for i in range(instances)
                ],
            }
            for name in fleet_names(scale_sets)
        ]
    }


def parse_fleet_size(text: str) -> tuple[int, int]:
    """``"50x100"`` -> (50, 100): scale sets, instances each (for ``--fleet`` options)."""
    try:
        scale_sets, instances = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected SCALE_SETSxINSTANCES like 50x100, got {text!r}"
        ) from None
    if scale_sets < 1 or instances < 1:
        raise argparse.ArgumentTypeError(f"both counts must be at least 1, got {text!r}")
    return scale_sets, instances


class _PeakConnections:
    """Samples the number of open client connections (the emulator serves each in a thread)."""

    def __init__(self) -> None:
        self._baseline = threading.active_count()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            # the baseline holds the main and the serving thread; this sampler is no connection
            current = threading.active_count() - self._baseline - 1
            self.peak = max(self.peak, current)

    def take(self) -> int:
        peak, self.peak = self.peak, 0
        return peak

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="serve the ARM emulator for the benchmarks")
    parser.add_argument(
        "--fleet", type=parse_fleet_size, help="SCALE_SETSxINSTANCES instead of the sample seed"
    )
    parser.add_argument("--polls-to-complete", type=int, default=3)
    args = parser.parse_args(argv)
    from vmss_maintenance_emulator import ArmEmulator

    # Concurrent operations on the same VMs: ARM (and by default the emulator) refuses overlap.
    # Reads unthrottled: the benchmark measures the clients, not 429s.
    arm = ArmEmulator(
        https=True,
        retry_after=0,
        polls_to_complete=args.polls_to_complete,
        allow_overlap=True,
        reads_per_minute=None,
    )
    if args.fleet is None:
        arm.load_sample()
    else:
        arm.load_seed_data(fleet_seed(*args.fleet))
    arm.start()
    peaks = _PeakConnections()
    try:
        ready = {
            "endpoint": arm.endpoint,
            "ca_file": arm.ca_file,
            "api_version": spec_api_version(),
        }
        print(json.dumps(ready), flush=True)
        for line in sys.stdin:
            if line.strip() != "stats":
                continue
            time.sleep(0.05)  # let the last answers be recorded
            records = arm.requests
            arm.reset_requests()
            statuses = Counter(str(item.status) for item in records)
            print(
                json.dumps(
                    {
                        "requests": len(records),
                        "by_status": dict(statuses),
                        "peak_connections": peaks.take(),
                    }
                ),
                flush=True,
            )
    finally:
        peaks.stop()
        arm.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
