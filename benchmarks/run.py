"""Benchmarks side by side with azure-mgmt-compute; writes ``benchmarks/RESULTS.md``.

    python benchmarks/run.py                 # everything (what `make bench` runs)
    python benchmarks/run.py --quick         # each once with tiny N: a smoke test, not results
    python benchmarks/run.py --only ops --no-azure
    python benchmarks/run.py --only status    # the maintenance status of 1,000 instances

Run it with the project's venv (it needs ``vmss_maintenance`` and the emulator distribution:
``pip install -e ./emulator``; ``make bench`` has both).
The comparison stack is installed into ``benchmarks/.venv-azure``, never into the project venv.
Exits 1 when a section could not be measured (RESULTS.md is still written, saying why).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import envs
import measure_concurrency
import measure_fleet
import measure_footprint
import measure_import
import measure_ops
import measure_regenerate
import measure_status
import report
from common import BENCH, WORK, BenchError, ServerProcess, load_average, log, machine
from emulator_proc import emulator, parse_fleet_size

SECTIONS = ("footprint", "import", "ops", "concurrency", "status", "fleet", "regenerate")
OURS_PACKAGES = ("vmss-maintenance", "httpx", "httpcore", "h11", "attrs")
AZURE_PACKAGES = (
    "azure-mgmt-compute",
    "azure-mgmt-core",
    "azure-core",
    "azure-identity",
    "msal",
    "requests",
    "aiohttp",
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="each once, tiny N (smoke test)")
    parser.add_argument(
        "--only", action="append", choices=SECTIONS, help="run only this section (repeatable)"
    )
    parser.add_argument(
        "--no-azure", action="store_true", help="measure ours only (no comparison venv)"
    )
    parser.add_argument("--refresh-envs", action="store_true", help="make every venv anew")
    parser.add_argument(
        "--regenerate-in-place",
        action="store_true",
        help="time `make regenerate` itself (rewrites spec/ and generated/ in the work tree)",
    )
    parser.add_argument("--output", type=Path, help="where RESULTS.md goes")
    parser.add_argument("--json", type=Path, help="where the raw results (JSON) go")
    parser.add_argument(
        "--from-json",
        type=Path,
        help="measure nothing: write RESULTS.md again from the raw results of an earlier run",
    )
    parser.add_argument("--import-runs", type=int)
    parser.add_argument("--ops-n", type=int)
    parser.add_argument("--ops-runs", type=int)
    parser.add_argument("--concurrency-n", type=int)
    parser.add_argument("--concurrency-runs", type=int)
    parser.add_argument("--status-runs", type=int)
    parser.add_argument("--status-repeat", type=int, help="listings per run after the first")
    parser.add_argument("--fleet-runs", type=int)
    parser.add_argument(
        "--fleet-size",
        type=parse_fleet_size,
        help="SCALE_SETSxINSTANCES of the fleet rollout (default 50x100; --quick 2x10)",
    )
    parser.add_argument("--regenerate-runs", type=int)
    args = parser.parse_args(argv)
    quick = args.quick
    defaults = {
        "import_runs": 1 if quick else 11,
        "ops_n": 2 if quick else 200,
        "ops_runs": 1 if quick else 9,
        "concurrency_n": 5 if quick else 500,
        "concurrency_runs": 1 if quick else 5,
        "status_runs": 1 if quick else 3,
        "status_repeat": 0 if quick else 2,
        "fleet_runs": 1 if quick else 3,
        "fleet_size": (2, 10) if quick else (50, 100),
        "regenerate_runs": 1 if quick else 3,
    }
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.output is None:
        args.output = WORK / "RESULTS-quick.md" if quick else BENCH / "RESULTS.md"
    if args.json is None:
        args.json = args.output.with_suffix(".json")
        if args.output.parent == BENCH:
            args.json = WORK / "results.json"
    return args


def _azure_python(args: argparse.Namespace, results: dict[str, Any]) -> str | None:
    if args.no_azure:
        return None
    try:
        return str(envs.azure_venv(refresh=args.refresh_envs))
    except (BenchError, subprocess.SubprocessError, OSError) as exc:
        results["errors"]["azure venv"] = str(exc)
        return None


def _section(name: str, results: dict[str, Any], run: Any) -> None:
    started = time.perf_counter()
    log(f"--- {name}")
    try:
        run()
    except (
        BenchError,
        RuntimeError,
        ValueError,
        subprocess.SubprocessError,
        OSError,
        KeyError,
    ) as exc:
        results["errors"][name] = f"{type(exc).__name__}: {exc}".strip()
        log(f"{name} failed: {exc}")
    log(f"--- {name} took {time.perf_counter() - started:.1f} s")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.from_json is not None:
        results = json.loads(args.from_json.read_text())
        args.output.write_text(report.render(results))
        print(report.table(report.rows(results)))
        return 0
    wanted = args.only or list(SECTIONS)
    ours = sys.executable
    results: dict[str, Any] = {
        "machine": machine(),
        "quick": args.quick,
        "errors": {},
        "versions": {"ours": envs.installed_versions(Path(ours), OURS_PACKAGES)},
    }
    azure = _azure_python(args, results)
    if azure is not None:
        results["versions"]["azure"] = envs.installed_versions(Path(azure), AZURE_PACKAGES)
    pythons = {"ours": ours, **({"azure": azure} if azure else {})}
    log_file = WORK / "emulator.log"

    def footprint() -> None:
        results["footprint"] = measure_footprint.measure(
            with_azure=azure is not None, refresh=args.refresh_envs
        )

    def imports() -> None:
        # ours as users get it (the wheel with its identity extra in a fresh venv, so that
        # azure-identity is installed on both sides) when footprint made that venv
        installed = (results.get("footprint") or {}).get("identity", {}).get("ours", {})
        sides = {**pythons, "ours": installed.get("python", ours)}
        found = measure_import.measure(sides, runs=args.import_runs)
        if not args.quick:
            found["profile"] = {
                side: measure_import.importtime_profile(python, measure_import.STATEMENTS[side])
                for side, python in sides.items()
            }
        results["import"] = found

    def fresh_emulator() -> ServerProcess:
        # one per client run: the emulator keeps every operation, and each new one on the same
        # instances costs it more (it reads their whole history), so a long-lived one slows down
        return emulator(ours, log_file=log_file)

    def ops() -> None:
        found: dict[str, Any] = measure_ops.measure(
            pythons,
            fresh_emulator,
            n=args.ops_n,
            runs=args.ops_runs,
            warmup=1 if args.quick else 3,
        )
        if not args.quick:
            profiles = {}
            for side, python in pythons.items():
                with fresh_emulator() as arm:
                    profiles[side] = measure_ops.profile(python, side, arm, n=min(args.ops_n, 100))
            found["profile"] = profiles
        results["ops"] = found

    def concurrency() -> None:
        results["concurrency"] = measure_concurrency.measure(
            pythons, fresh_emulator, n=args.concurrency_n, runs=args.concurrency_runs
        )

    def status() -> None:
        server = ServerProcess(
            [ours, str(BENCH / "status_server.py")], log_file=WORK / "status-server.log"
        )
        with server:
            results["status"] = measure_status.measure(
                {**pythons, "raw": ours},
                server,
                runs=args.status_runs,
                repeat=args.status_repeat,
            )

    def fleet() -> None:
        scale_sets, instances = args.fleet_size
        results["fleet"] = measure_fleet.measure(
            ours, scale_sets=scale_sets, instances=instances, runs=args.fleet_runs
        )

    def regenerate() -> None:
        results["regenerate"] = measure_regenerate.measure(
            runs=args.regenerate_runs, in_place=args.regenerate_in_place
        )

    steps = {
        "footprint": footprint,
        "import": imports,
        "ops": ops,
        "concurrency": concurrency,
        "status": status,
        "fleet": fleet,
        "regenerate": regenerate,
    }
    for name in SECTIONS:
        if name in wanted:
            _section(name, results, steps[name])

    results["machine"]["load_at_end"] = load_average()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report.render(results))
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(report.table(report.rows(results)))
    log(f"wrote {args.output} and {args.json}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
