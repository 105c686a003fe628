"""Import time in a fresh interpreter, and where it goes (``-X importtime``).

Each sample is a new ``python -I`` process that times the import statement with
``time.perf_counter`` around it (interpreter start-up is not counted, it is the same for both
sides). One unrecorded run first fills the OS file cache and writes any missing ``.pyc``.
"""

from __future__ import annotations

import subprocess
from typing import Any

from common import BenchError, child_env, log, median, run_json

STATEMENTS = {
    "ours": "import vmss_maintenance",
    "azure": "from azure.mgmt.compute import ComputeManagementClient; import azure.identity",
}

_TIMER = (
    "import json, time; t = time.perf_counter(); {statement}; "
    "print(json.dumps({{'seconds': time.perf_counter() - t}}))"
)


def _timed(python: str, statement: str) -> float:
    """One timing of ``statement`` in a fresh interpreter."""
    command = [python, "-I", "-c", _TIMER.format(statement=statement)]
    seconds: float = run_json(command, timeout=120, env=child_env())["seconds"]
    return seconds


def measure(pythons: dict[str, str], *, runs: int) -> dict[str, dict[str, Any]]:
    """Median import time per side (``ours``/``azure`` -> its Python): one warm-up run of
    each, then ``runs`` timings, sides alternating run by run."""
    samples: dict[str, list[float]] = {side: [] for side in pythons}
    sides = list(pythons)
    for side in sides:
        _timed(pythons[side], STATEMENTS[side])
    for run in range(runs):
        for side in sides if run % 2 == 0 else sides[::-1]:
            samples[side].append(_timed(pythons[side], STATEMENTS[side]))
    results: dict[str, dict[str, Any]] = {}
    for side, found in samples.items():
        results[side] = {
            "seconds": median(found),
            "samples": found,
            "statement": STATEMENTS[side],
            "python": pythons[side],
        }
        log(f"import {side}: median {median(found) * 1e3:.1f} ms over {runs} runs")
    return results


def _importtime(python: str, statement: str) -> list[tuple[int, int, str]]:
    """(self us, cumulative us, module) for each line of ``-X importtime``."""
    done = subprocess.run(
        [python, "-I", "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        timeout=120,
        env=child_env(),
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"-X importtime {statement!r} failed:\n{done.stderr[-2000:]}")
    modules: list[tuple[int, int, str]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        fields = line[len("import time:") :].split("|")
        try:
            modules.append((int(fields[0]), int(fields[1]), fields[2].strip()))
        except ValueError:
            continue  # the header line
    return modules


def importtime_profile(python: str, statement: str, *, top: int = 12) -> dict[str, Any]:
    """Run ``statement`` under ``-X importtime`` (modules the bare interpreter already
    imports at start-up left out): the heaviest top-level packages by cumulative time where
    each was first imported (that includes the stdlib modules it pulled in first), and the
    modules with the most self time. The profiler adds overhead: compare these figures with
    each other, not with :func:`measure`."""
    startup = {module for _, _, module in _importtime(python, "pass")}
    modules = [item for item in _importtime(python, statement) if item[2] not in startup]
    packages: dict[str, int] = {}
    for _, cumulative_us, module in modules:
        if "." not in module:
            packages.setdefault(module, cumulative_us)
    return {
        "total_self_us": sum(self_us for self_us, _, _ in modules),
        "modules": len(modules),
        "packages_cumulative_us": dict(sorted(packages.items(), key=lambda kv: -kv[1])[:top]),
        "top_self_us": [
            {"module": module, "self_us": self_us, "cumulative_us": cumulative_us}
            for self_us, cumulative_us, module in sorted(modules, reverse=True)[:top]
        ],
    }
