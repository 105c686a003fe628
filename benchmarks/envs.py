"""The virtualenvs the benchmarks need, made on demand and kept between runs.

* ``benchmarks/.venv-azure``: the comparison stack (``azure-mgmt-compute``, ``azure-identity``,
  ``aiohttp`` for azure's async client). Never a dependency of ours.
* ``benchmarks/.work/footprint/<name>``: fresh venvs made ``--without-pip`` (pip runs from the
  project venv with ``--python``), so site-packages holds exactly what the install brought.

A venv is reused while its stamp file matches what it was made from (requirements, Python
version, and for ours the sha256 of the wheel). ``refresh=True`` makes every one anew.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path

from common import BENCH, ROOT, WORK, BenchError, log

AZURE_VENV = BENCH / ".venv-azure"
AZURE_REQUIREMENTS = ("azure-mgmt-compute", "azure-identity", "aiohttp")
FOOTPRINT = WORK / "footprint"
WHEELS = WORK / "wheel"
STAMP = ".bench-stamp"
INSTALL_TIMEOUT = 900


def python_of(venv: Path) -> Path:
    """The interpreter of a venv."""
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def site_packages(venv: Path) -> Path:
    """The purelib directory of a venv (where pip installs)."""
    found = subprocess.run(
        [str(python_of(venv)), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return Path(found)


def _pip(target_python: Path, arguments: Sequence[str]) -> None:
    """Run the project venv's pip against another interpreter (``pip --python``)."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(target_python),
        "--disable-pip-version-check",
        "--no-input",
        "--quiet",
        *arguments,
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False
    )
    if done.returncode != 0:
        raise BenchError(f"pip {' '.join(arguments)} failed:\n{done.stderr.strip()[-3000:]}")


def _stamp_text(requirements: Sequence[str], extra: str = "") -> str:
    return json.dumps(
        {
            "requirements": list(requirements),
            "python": sysconfig.get_python_version(),
            "base": sys.base_prefix,
            "extra": extra,
        },
        sort_keys=True,
    )


def ensure_venv(
    venv: Path, requirements: Sequence[str], *, extra: str = "", refresh: bool = False
) -> Path:
    """A venv holding exactly ``requirements`` (and their dependencies); returns its Python."""
    stamp = venv / STAMP
    wanted = _stamp_text(requirements, extra)
    if not refresh and stamp.is_file() and stamp.read_text() == wanted:
        return python_of(venv)
    log(f"making {venv.relative_to(ROOT)}: {' '.join(requirements) or '(empty)'}")
    if venv.exists():
        shutil.rmtree(venv)
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120
    )
    if requirements:
        _pip(python_of(venv), ["install", *requirements])
    stamp.write_text(wanted)
    return python_of(venv)


def azure_venv(*, refresh: bool = False) -> Path:
    """The comparison stack's venv; returns its Python."""
    return ensure_venv(AZURE_VENV, AZURE_REQUIREMENTS, refresh=refresh)


def build_wheel() -> Path:
    """Our wheel, built from the work tree with ``pip wheel --no-deps``."""
    if WHEELS.exists():
        shutil.rmtree(WHEELS)
    WHEELS.mkdir(parents=True)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--disable-pip-version-check",
            "--quiet",
            "--wheel-dir",
            str(WHEELS),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
        check=False,
    )
    wheels = sorted(WHEELS.glob("vmss_maintenance-*.whl"))
    if done.returncode != 0 or len(wheels) != 1:
        raise BenchError(f"pip wheel failed:\n{done.stderr.strip()[-3000:]}")
    return wheels[0]


def sha256(path: Path) -> str:
    """Hex digest of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def installed_versions(python: Path, names: Sequence[str]) -> dict[str, str]:
    """Versions of the named distributions in the venv of ``python`` (missing ones left out)."""
    code = (
        "import json, sys\n"
        "from importlib import metadata\n"
        "found = {}\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        found[name] = metadata.version(name)\n"
        "    except metadata.PackageNotFoundError:\n"
        "        pass\n"
        "print(json.dumps(found))\n"
    )
    done = subprocess.run(
        [str(python), "-c", code, *names], capture_output=True, text=True, check=True
    )
    versions: dict[str, str] = json.loads(done.stdout)
    return versions
