"""The ARM emulator in a process of its own, so that its CPU is not counted as the client's.

As a script (run by the project's Python) it starts ``ArmEmulator(https=True, retry_after=0,
polls_to_complete=3, allow_overlap=True)`` with the sample seed, prints one JSON line
(endpoint, CA file, api-version), then answers commands on standard input, one per line:

``stats``  print one JSON line (since the last ``stats``: requests by status, connections
           accepted, peak number of open connections) and forget the recorded requests;
EOF        stop the emulator and exit.

:class:`EmulatorProcess` is the parent's side.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from types import TracebackType
from typing import IO, Any

READY_TIMEOUT = 60.0


class EmulatorProcess:
    """Start the emulator script with ``python`` and stop it again (a context manager)."""

    def __init__(
        self, python: str, *, log_file: Path, polls: int = 3, retry_after: int = 0
    ) -> None:
        self._log_file = log_file
        self._command = [
            python,
            str(Path(__file__).resolve()),
            "--polls",
            str(polls),
            "--retry-after",
            str(retry_after),
        ]
        self._process: subprocess.Popen[str] | None = None
        self.info: dict[str, Any] = {}

    def __enter__(self) -> EmulatorProcess:
        self._log_file.parent.mkdir(parents=True, exist_ok=True)
        with self._log_file.open("w") as log:
            process = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
        self._process = process
        line = _read_line(process, READY_TIMEOUT)
        if not line:
            process.kill()
            process.wait()
            stderr = self._log_file.read_text(errors="replace")
            raise RuntimeError(f"the emulator did not start:\n{stderr.strip()[-3000:]}")
        self.info = json.loads(line)
        return self

    def stats(self) -> dict[str, Any]:
        """Requests seen since the last call (and forget them)."""
        process = self._process
        assert process is not None
        assert process.stdin is not None
        process.stdin.write("stats\n")
        process.stdin.flush()
        line = _read_line(process, 30.0)
        if not line:
            raise RuntimeError("the emulator process stopped answering")
        result: dict[str, Any] = json.loads(line)
        return result

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        process = self._process
        if process is None:
            return
        try:
            if process.stdin is not None:
                process.stdin.close()
            process.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()


def _read_line(process: subprocess.Popen[str], timeout: float) -> str:
    """One line of the child's output, or '' if it ends or says nothing within ``timeout``."""
    stream: IO[str] | None = process.stdout
    assert stream is not None
    box: list[str] = []
    reader = threading.Thread(target=lambda: box.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return box[0].strip() if box else ""


# -- the child --------------------------------------------------------------------------------


def _import_emulator() -> Any:
    try:
        from vmss_maintenance_emulator import ArmEmulator
    except ImportError:  # the package __init__ is not there yet: use the module itself
        from vmss_maintenance_emulator._emulator import ArmEmulator
    return ArmEmulator


def _disable_nagle() -> bool:
    """Answer without Nagle's algorithm; True when this process had to switch it off.

    The emulator's handler writes the head and the body of an answer in two sends; with
    Nagle on, the body waits for the client's delayed ACK (40 ms on Linux) and every answer
    with a body costs ~40 ms of idle wall time, which would swamp what is measured here.
    """
    from vmss_maintenance_emulator import _server

    handler = getattr(_server, "_Handler", None)
    if handler is None or getattr(handler, "disable_nagle_algorithm", False):
        return False
    handler.disable_nagle_algorithm = True
    return True


class _AcceptedConnections:
    """Counts the connections the emulator accepts (each one a TLS handshake)."""

    def __init__(self) -> None:
        self.count = 0
        try:
            from vmss_maintenance_emulator._server import EmulatorServer
        except ImportError:
            return
        original = EmulatorServer.verify_request
        counter = self

        def verify_request(server: Any, request: Any, client_address: Any) -> bool:
            counter.count += 1  # called from the one serving thread only
            return bool(original(server, request, client_address))

        EmulatorServer.verify_request = verify_request  # type: ignore[method-assign]

    def take(self) -> int:
        count, self.count = self.count, 0
        return count


class _PeakConnections:
    """Samples the number of open client connections (one handler thread each)."""

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
    parser.add_argument("--polls", type=int, default=3)
    parser.add_argument("--retry-after", type=int, default=0)
    args = parser.parse_args(argv)

    from vmss_maintenance import _adapter

    patched = _disable_nagle()
    accepted = _AcceptedConnections()
    # Concurrent operations on the same VMs: ARM (and by default the emulator) refuses overlap.
    arm = _import_emulator()(
        https=True, retry_after=args.retry_after, polls_to_complete=args.polls, allow_overlap=True
    )
    arm.load_sample()
    arm.start()
    peaks = _PeakConnections()
    try:
        ready = {
            "endpoint": arm.endpoint,
            "ca_file": arm.ca_file,
            "api_version": _adapter.API_VERSION,
            "nagle_disabled_by_benchmark": patched,
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
                        "accepted_connections": accepted.take(),
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
