"""The ARM emulator in a process of its own, so that its CPU is not counted as the client's.

As a script (run by the project's Python) it starts ``ArmEmulator(https=True, retry_after=0,
polls_to_complete=3, allow_overlap=True)`` with the sample seed, prints one JSON line
(endpoint, CA file, api-version), then answers commands on standard input, one per line:

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

from common import ServerProcess, spec_api_version


def emulator(python: str, *, log_file: Path) -> ServerProcess:
    """The emulator script run by ``python``, to be entered as a context manager."""
    return ServerProcess([python, str(Path(__file__).resolve())], log_file=log_file)


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
    argparse.ArgumentParser(description="serve the ARM emulator for the benchmarks").parse_args(
        argv
    )
    from vmss_maintenance_emulator import ArmEmulator

    # Concurrent operations on the same VMs: ARM (and by default the emulator) refuses overlap.
    # Reads unthrottled: the benchmark measures the clients, not 429s.
    arm = ArmEmulator(
        https=True, retry_after=0, polls_to_complete=3, allow_overlap=True, reads_per_minute=None
    )
    arm.load_sample()
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
