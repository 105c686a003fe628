"""Installed footprint: how many bytes ``pip install`` adds to a fresh venv's site-packages.

Four venvs, like for like: our wheel vs ``azure-mgmt-compute``, and our wheel with its
``identity`` extra vs ``azure-mgmt-compute azure-identity``. Each starts ``--without-pip``, so
its site-packages is empty before the install and the growth is simply what is there after
(``.pyc`` files that pip compiles at install time included, as users get them; the figures
without ``__pycache__`` are kept too). Sizes are apparent file sizes (``st_size``).
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import envs
from common import log

CASES = {
    "bare": {"ours": "{wheel}", "azure": "azure-mgmt-compute"},
    "identity": {"ours": "{wheel}[identity]", "azure": "azure-mgmt-compute azure-identity"},
}


def tree_size(root: Path) -> tuple[int, int, dict[str, int]]:
    """(all bytes, bytes outside ``__pycache__``, bytes per top-level entry) under ``root``."""
    total = without_pyc = 0
    per_entry: dict[str, int] = defaultdict(int)
    for directory, _dirs, files in os.walk(root):
        cached = "__pycache__" in Path(directory).parts
        for name in files:
            path = Path(directory, name)
            size = path.lstat().st_size
            total += size
            if not cached:
                without_pyc += size
            per_entry[path.relative_to(root).parts[0]] += size
    return total, without_pyc, dict(per_entry)


def per_distribution(site: Path) -> dict[str, int]:
    """Bytes of each installed distribution: the files its ``RECORD`` lists (pip adds the
    ``.pyc`` it compiled), read from disk."""
    sizes: dict[str, int] = {}
    for record in site.glob("*.dist-info/RECORD"):
        name = record.parent.name.split("-")[0].lower().replace("_", "-")
        total = 0
        with record.open(newline="") as stream:
            for row in csv.reader(stream):
                if not row:
                    continue
                path = (site / row[0]).resolve()
                if path.is_relative_to(site.resolve()) and path.is_file():
                    total += path.stat().st_size
        sizes[name] = total
    return dict(sorted(sizes.items(), key=lambda kv: -kv[1]))


#: What each part of the hand-written package is for, by module name (first match wins);
#: the rest is the client itself (transport, auth, LRO, tokens, settings).
AREAS = (
    ("command line", ("cli", "__main__", "_cli_", "_status_table")),
    ("rollout", ("_rollout_", "_journal", "_health_gate")),
    ("status", ("_maintenance_status", "_status_reader")),
)


def area_of(module: str) -> str:
    """The part of ``vmss_maintenance`` a module (its name without ``.py``) belongs to."""
    for area, prefixes in AREAS:
        if module.startswith(prefixes):
            return area
    return "client"


def own_parts(site: Path) -> dict[str, int]:
    """Bytes of our two packages, with their ``.pyc``: the generated one split into its
    subpackages and the rest, the hand-written one into its areas (:data:`AREAS`)."""
    parts: dict[str, int] = defaultdict(int)
    api = site / "vmss_maintenance_api"
    if api.is_dir():
        for child in api.iterdir():
            if child.is_dir() and child.name != "__pycache__":
                parts[f"vmss_maintenance_api/{child.name}"] += tree_size(child)[0]
            else:
                size = tree_size(child)[0] if child.is_dir() else child.lstat().st_size
                parts["vmss_maintenance_api (modules)"] += size
    for path in (site / "vmss_maintenance").rglob("*"):
        if path.is_file():
            module = path.name.split(".")[0]
            parts[f"vmss_maintenance {area_of(module)}"] += path.lstat().st_size
    return dict(sorted(parts.items(), key=lambda kv: -kv[1]))


def _heaviest(per_entry: dict[str, int], top: int = 8) -> dict[str, int]:
    return dict(sorted(per_entry.items(), key=lambda kv: -kv[1])[:top])


def measure(*, with_azure: bool, refresh: bool = False) -> dict[str, dict[str, Any]]:
    """Growth in bytes for each case and side."""
    wheel = envs.build_wheel()
    digest = envs.sha256(wheel)
    empty = envs.ensure_venv(envs.FOOTPRINT / "empty", [], refresh=refresh).parent.parent
    baseline, _, _ = tree_size(envs.site_packages(empty))
    results: dict[str, dict[str, Any]] = {}
    for case, sides in CASES.items():
        results[case] = {}
        for side, requirement in sides.items():
            if side == "azure" and not with_azure:
                continue
            requirements = requirement.format(wheel=wheel).split()
            python = envs.ensure_venv(
                envs.FOOTPRINT / f"{side}-{case}",
                requirements,
                extra=digest if side == "ours" else "",
                refresh=refresh,
            )
            venv = python.parent.parent
            site = envs.site_packages(venv)
            total, without_pyc, per_entry = tree_size(site)
            results[case][side] = {
                "bytes": total - baseline,
                "bytes_without_pycache": without_pyc,
                "heaviest": _heaviest(per_entry),
                "distributions": per_distribution(site),
                **({"own_parts": own_parts(site)} if side == "ours" else {}),
                "python": str(python),
                "requirements": requirement.replace("{wheel}", wheel.name),
            }
            log(f"footprint {case} {side}: {(total - baseline) / 2**20:.1f} MiB")
    return results
