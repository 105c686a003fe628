"""Paths, subprocess helpers and small statistics shared by the benchmark modules.

Only the standard library: the ``measure_*`` scripts also run inside the comparison venv.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"

SUBSCRIPTION_ID = "11111111-2222-3333-4444-555555555555"
RESOURCE_GROUP = "demo-rg"
SCALE_SET = "web-vmss"
# Instances 0-2 of the sample seed are eligible and succeed (3 is refused, 4 fails).
INSTANCE_IDS = ("0", "1", "2")


class VirtualClock:
    """A clock whose sleeps return at once and move it forward instead.

    Our client polls at most once a second (``MIN_POLLING_INTERVAL``); azure-mgmt-compute is run
    with ``polling_interval=0``. Given this clock, ours sends the same requests back to back,
    so both sides are measured on the same work, not on waiting.
    """

    def __init__(self) -> None:
        self._offset = 0.0

    def time(self) -> float:
        """Epoch seconds, plus every second slept so far."""
        return time.time() + self._offset

    def sleep(self, seconds: float) -> None:
        """Move the clock on by ``seconds`` without waiting."""
        self._offset += seconds

    async def async_sleep(self, seconds: float) -> None:
        """:meth:`sleep` for the async client; yields to the event loop once."""
        import asyncio

        self._offset += seconds
        await asyncio.sleep(0)


class BenchError(RuntimeError):
    """A measurement could not be made; the message says which and why."""


class ServerProcess:
    """A loopback server script in a process of its own (so that its CPU is never counted as
    a client's), as a context manager.

    The script prints one JSON line when it is ready (kept as :attr:`info`), then answers each
    ``stats`` line on its standard input with one JSON line; EOF on its input stops it.
    """

    def __init__(self, command: Sequence[str], *, log_file: Path) -> None:
        self._command = list(command)
        self._log_file = log_file
        self._process: subprocess.Popen[str] | None = None
        self.info: dict[str, Any] = {}

    def __enter__(self) -> ServerProcess:
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
        line = _read_line(process, 60.0)
        if not line:
            process.kill()
            process.wait()
            stderr = self._log_file.read_text(errors="replace")
            raise BenchError(f"{_show(self._command)} did not start:\n{stderr.strip()[-3000:]}")
        self.info = json.loads(line)
        return self

    def stats(self) -> dict[str, Any]:
        """What the server counted since the last call."""
        process = self._process
        if process is None or process.stdin is None:
            raise BenchError("the server process is not running")
        process.stdin.write("stats\n")
        process.stdin.flush()
        line = _read_line(process, 30.0)
        if not line:
            raise BenchError(f"{_show(self._command)} stopped answering")
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
    if stream is None:
        return ""
    box: list[str] = []
    reader = threading.Thread(target=lambda: box.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return box[0].strip() if box else ""


def spec_mirror() -> Path | None:
    """The spec mirror the Makefile would use (``VMSS_SPEC_MIRROR`` or ``../shared/...``)."""
    named = os.environ.get("VMSS_SPEC_MIRROR")
    if named:
        return Path(named)
    beside = ROOT.parent / "shared" / "azure-rest-api-specs"
    return beside if beside.is_dir() else None


def spec_api_version() -> str:
    """The api-version the client is generated for (``spec/openapi.json``)."""
    version: str = json.loads((ROOT / "spec" / "openapi.json").read_text())["info"]["version"]
    return version


def median(values: Sequence[float]) -> float:
    """The median, or NaN for no values."""
    return statistics.median(values) if values else float("nan")


def run_json(
    command: Sequence[str],
    *,
    timeout: float,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Run ``command`` and parse the JSON object on the last line of its standard output."""
    try:
        done = subprocess.run(
            list(command),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=cwd,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{_show(command)} did not finish within {timeout:.0f} s") from exc
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise BenchError(
            f"{_show(command)} exited {done.returncode}\n{done.stderr.strip()[-3000:]}"
        )
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _show(command: Sequence[str]) -> str:
    text = " ".join(str(part) for part in command)
    return text if len(text) < 300 else text[:300] + " ..."


def child_env() -> dict[str, str]:
    """The environment for measured child processes: no bytecode writes, no user site."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV"))
    }
    env["PYTHONNOUSERSITE"] = "1"
    return env


def machine() -> dict[str, Any]:
    """CPU model, core count, Python, OS and the date (UTC) of this run."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count() or 0,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "os": f"{platform.system()} {platform.release()}",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_at_start": load_average(),
    }


def load_average() -> float | None:
    """The 1-minute load average (other people's work on a shared machine), if known."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def log(message: str) -> None:
    """Progress on standard error, so that standard output stays for results."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)
