"""Smoke test of the benchmark code: ``benchmarks/run.py --quick`` for the parts that need no
comparison venv (our import time, our sync and async operation loops against the emulator, a
fleet rollout of 2 x 10 instances, the status of 1,000 instances from the benchmark's HTTPS
server, ours and the raw floor), and the report on made-up numbers. Benchmarks are not tests:
no figure is checked here."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _missing_for_emulator() -> str | None:
    if not (BENCH / "run.py").is_file():
        return "benchmarks/run.py is not in this checkout"
    if importlib.util.find_spec("cryptography") is None:
        return "the HTTPS emulator needs 'cryptography' (pip install -e ./emulator)"
    try:
        found = importlib.util.find_spec("vmss_maintenance_emulator._emulator")
    except ImportError:
        found = None
    if found is None:
        return "vmss_maintenance_emulator is not installed"
    return None


def _import_bench(name: str) -> Any:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return __import__(name)


def test_quick_run_of_our_side(tmp_path: Path) -> None:
    missing = _missing_for_emulator()
    if missing:
        pytest.skip(f"benchmark smoke test skipped: {missing}")
    output = tmp_path / "RESULTS.md"
    raw = tmp_path / "results.json"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--quick",
            "--no-azure",
            "--only",
            "import",
            "--only",
            "ops",
            "--only",
            "concurrency",
            "--only",
            "fleet",
            "--concurrency-n",
            "3",
            "--output",
            str(output),
            "--json",
            str(raw),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(raw.read_text())
    assert results["errors"] == {}
    assert results["import"]["ours"]["seconds"] > 0
    ops = results["ops"]["ours"]
    assert ops["n"] == 2
    assert ops["cpu_per_op"] > 0
    assert ops["requests_per_op"] >= 2  # the POST and at least one status poll
    concurrency = results["concurrency"]["ours"]
    assert concurrency["failed"] == 0
    assert concurrency["peak_rss"] > 0
    fleet = results["fleet"]
    assert fleet["maintained"] == 20  # 2 scale sets x 10 instances, every one maintained
    assert fleet["batches"] == 10  # 2 per batch (20%), one update domain each
    assert fleet["cpu_per_1000"] > 0
    assert fleet["requests_per_instance"] > 0
    assert fleet["journal_writes"] > fleet["batches"]  # the plan, then each step of each batch
    text = output.read_text()
    assert "| Fleet rollout (2 scale sets x 10 instances): client CPU per 1,000" in text
    assert "| Import time, fresh interpreter |" in text
    assert "Machine:" in text


def test_quick_status_of_our_side_and_the_floor(tmp_path: Path) -> None:
    missing = _missing_for_emulator()  # the status server needs cryptography too
    if missing:
        pytest.skip(f"benchmark smoke test skipped: {missing}")
    if _import_bench("common").spec_mirror() is None:
        pytest.skip("the status benchmark reads its VM from the spec mirror, which is absent")
    output = tmp_path / "RESULTS.md"
    raw = tmp_path / "results.json"
    command = [sys.executable, str(BENCH / "run.py"), "--quick", "--no-azure"]
    done = subprocess.run(
        [*command, "--only", "status", "--output", str(output), "--json", str(raw)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(raw.read_text())
    assert results["errors"] == {}
    assert results["status"]["server"]["pages"] == 10
    for side in ("ours", "raw"):
        status = results["status"][side]
        assert status["cpu"] > 0
        assert status["instances"] == 1000
        assert status["pending"] == 1000  # the example VM has maintenance pending
    assert results["status"]["raw"]["requests"] == 10  # ten pages of 100 VMs, nothing else
    assert results["status"]["ours"]["requests"] == 11  # the scale set (its mode), then the pages
    assert "azure" not in results["status"]
    assert "| Status of 1,000 instances (10 pages over HTTPS): client CPU |" in output.read_text()


def test_report_marks_misses_and_ratios() -> None:
    report = _import_bench("report")
    results = {
        "machine": {
            "cpu": "Test CPU",
            "cores": 2,
            "implementation": "CPython",
            "python": "3.11.0",
            "os": "Linux",
            "date": "2025-01-01 00:00 UTC",
        },
        "quick": False,
        "errors": {"regenerate": "no mirror"},
        "import": {"ours": {"seconds": 0.1}, "azure": {"seconds": 0.5}},
        "footprint": {
            "bare": {
                "ours": {"bytes": 4 * 2**20, "heaviest": {"httpx": 2**20}},
                "azure": {"bytes": 10 * 2**20, "heaviest": {"azure": 9 * 2**20}},
            }
        },
    }
    text = report.render(results)
    assert "| Import time, fresh interpreter | 100.0 ms | 500.0 ms | 0.20 | <= 0.35 | yes |" in text
    assert "| Installed footprint, bare | 4.0 MiB | 10.0 MiB | 0.40 | <= 0.3 | **no** |" in text
    assert "largest site-packages entries: httpx 1.0 MiB" in text
    assert "**regenerate** was not measured: no mirror" in text


def test_importtime_profile_names_our_heaviest_packages() -> None:
    measure_import = _import_bench("measure_import")
    profile = measure_import.importtime_profile(sys.executable, "import vmss_maintenance")
    assert "vmss_maintenance" in profile["packages_cumulative_us"]
    assert profile["top_self_us"]
