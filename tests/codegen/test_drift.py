"""Drift: regenerating from upstream must reproduce the committed spec/, generated/ and the
cassettes derived from the examples exactly; bumps to every other mirrored version work.

Runs ``scripts/regenerate.py --out <tmp>`` in a subprocess (the real openapi-python-client run,
a few seconds). The source is the offline spec mirror when there is one (``VMSS_SPEC_MIRROR`` or
``../shared/azure-rest-api-specs`` beside the checkout), else GitHub when reachable, else the
tests skip. Set ``VMSS_SKIP_REGENERATE=1`` to switch them off.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REGENERATE = ROOT / "scripts" / "regenerate.py"
PACKAGE = Path("generated") / "vmss_maintenance_api"
SPEC_FILES = [
    Path("spec") / name for name in ("openapi.json", "examples.json", "sources.lock.json")
]
CASSETTES = Path("tests") / "cassettes" / "examples"
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))
from project import load_config  # noqa: E402

PINNED = json.loads((ROOT / "spec" / "sources.lock.json").read_text("utf-8"))["api_version"]


def mirrored_versions(mirror_dir: Path) -> list[str]:
    """API versions the mirror holds every entry file of (read from its MANIFEST.json)."""
    listed = {entry["path"] for entry in json.loads((mirror_dir / "MANIFEST.json").read_text())}
    templates = load_config().entry_templates
    candidates = {path.split("/stable/", 1)[1].split("/", 1)[0] for path in listed
                  if "/stable/" in path}
    return sorted(v for v in candidates
                  if all(t.format(api_version=v) in listed for t in templates))

pytestmark = pytest.mark.skipif(
    os.environ.get("VMSS_SKIP_REGENERATE") == "1",
    reason="VMSS_SKIP_REGENERATE=1: the regeneration tests are switched off",
)


def mirror() -> Path | None:
    """The offline spec mirror, when there is one."""
    named = os.environ.get("VMSS_SPEC_MIRROR")
    candidate = Path(named) if named else ROOT.parent / "shared" / "azure-rest-api-specs"
    return candidate if candidate.is_dir() else None


@cache
def github_reachable() -> bool:
    """One quick HEAD request; any HTTP answer means the network works."""
    request = urllib.request.Request("https://raw.githubusercontent.com/", method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=3):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False
    except RuntimeError:  # pytest-recording's --block-network: the network is off for tests
        return False


def source_arguments() -> list[str]:
    """``--mirror DIR`` or nothing (GitHub); skips when neither source is usable."""
    found = mirror()
    if found is not None:
        return ["--mirror", str(found)]
    if github_reachable():
        return []
    pytest.skip("neither the spec mirror nor the network is available")


def regenerate(out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    arguments = source_arguments()
    env = dict(os.environ)
    if not arguments:  # GitHub: a stale VMSS_SPEC_MIRROR must not be picked up
        env.pop("VMSS_SPEC_MIRROR", None)
    result = subprocess.run(
        [sys.executable, str(REGENERATE), "--out", str(out), *arguments, *extra],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, (
        f"regenerate.py exited {result.returncode}\nstdout:\n{result.stdout}\n"
        f"stderr:\n{result.stderr}"
    )
    return result


def package_files(base: Path, package: Path = PACKAGE) -> dict[Path, bytes]:
    """Every file of the generated package, relative to ``base``, without __pycache__."""
    root = base / package
    return {
        path.relative_to(base): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.relative_to(root).parts
    }


def test_regeneration_reproduces_the_committed_files(tmp_path: Path) -> None:
    regenerate(tmp_path)

    differences: list[str] = []
    for name in SPEC_FILES:
        fresh = tmp_path / name
        if not fresh.is_file():
            differences.append(f"{name} (not written by the regeneration)")
        elif not (ROOT / name).is_file():
            differences.append(f"{name} (not committed)")
        elif fresh.read_bytes() != (ROOT / name).read_bytes():
            differences.append(f"{name} (content differs)")
    committed = package_files(ROOT) | package_files(ROOT, CASSETTES)
    fresh_files = package_files(tmp_path) | package_files(tmp_path, CASSETTES)
    assert fresh_files, "the regeneration wrote no generated package"
    for name in sorted(committed.keys() | fresh_files.keys()):
        if name not in fresh_files:
            differences.append(f"{name} (committed, but no longer generated)")
        elif name not in committed:
            differences.append(f"{name} (generated, but not committed)")
        elif committed[name] != fresh_files[name]:
            differences.append(f"{name} (content differs)")
    assert not differences, (
        "the committed spec/ and generated/ drifted from a fresh regeneration; "
        "run make regenerate:\n  " + "\n  ".join(differences)
    )


def test_api_version_bump_writes_a_new_lock_and_reports_the_change(tmp_path: Path) -> None:
    found = mirror()
    if found is None:
        pytest.skip("a version bump needs the spec mirror (GitHub would need --commit)")
    current = PINNED
    others = [v for v in mirrored_versions(found) if v != current]
    if not others:
        pytest.skip("the mirror holds no other API version")
    BUMP_TO = others[-1]
    before = {name: (ROOT / name).read_bytes() for name in SPEC_FILES}

    result = regenerate(tmp_path, "--api-version", BUMP_TO, "--report-json",
                        str(tmp_path / "report.json"))

    assert "Changes:" in result.stdout
    assert f"API version {current} -> {BUMP_TO}" in result.stdout
    changes = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert (changes["from"], changes["to"]) == (current, BUMP_TO)
    assert {"change": "changed", "kind": "API version", "of": "",
            "name": f"{current} -> {BUMP_TO}"} in changes["changes"]
    assert set(changes["missing_examples"].values()) <= set(load_config().operations)
    lock = json.loads((tmp_path / "spec" / "sources.lock.json").read_text("utf-8"))
    assert lock["api_version"] == BUMP_TO
    assert lock["repository"] == "Azure/azure-rest-api-specs"
    assert lock["files"], "the new lock pins no files"
    misplaced = [
        path for path in lock["files"]
        if f"/stable/{BUMP_TO}/" not in path and "/common-types/" not in path
    ]  # fmt: skip
    assert not misplaced, f"lock entries outside stable/{BUMP_TO}/ and common-types/: {misplaced}"
    manifest = json.loads((found / "MANIFEST.json").read_text("utf-8"))
    pinned_by_mirror = {entry["path"]: entry["commit"] for entry in manifest}
    assert {path: pin["commit"] for path, pin in lock["files"].items()} == {
        path: pinned_by_mirror[path] for path in lock["files"]
    }
    openapi = json.loads((tmp_path / "spec" / "openapi.json").read_text("utf-8"))
    assert openapi["info"]["version"] == BUMP_TO
    shipped = tmp_path / PACKAGE / "openapi.json"
    assert json.loads(shipped.read_bytes()) == openapi
    assert len(shipped.read_bytes()) < len((tmp_path / "spec" / "openapi.json").read_bytes())
    assert (tmp_path / PACKAGE / "py.typed").is_file()
    # --out leaves the repository's own files alone.
    assert {name: (ROOT / name).read_bytes() for name in SPEC_FILES} == before


_MIRROR = mirror()
OTHER_VERSIONS = [v for v in mirrored_versions(_MIRROR) if v != PINNED] if _MIRROR else []


@pytest.mark.parametrize("version", OTHER_VERSIONS)
def test_a_bump_to_another_mirrored_version_generates_and_replays_its_examples(
    tmp_path: Path, version: str
) -> None:
    # What `make regenerate API_VERSION=<v>` then the example tests do, in a scratch copy:
    # the generator accepts the version (--fail-on-warning) and every example of it replays.
    regenerate(tmp_path, "--api-version", version)
    copy = tmp_path / "tests" / "codegen"
    copy.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tests" / "codegen" / "test_example_cassettes.py", copy)
    (tmp_path / "pytest.ini").write_text("[pytest]\n", "utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "generated")}
    where = subprocess.run(
        [sys.executable, "-c", "import vmss_maintenance_api as m; print(m.__file__)"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    assert where.stdout.startswith(str(tmp_path)), where.stdout
    replay = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c",
         str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path),
         str(copy / "test_example_cassettes.py")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300, check=False,
    )  # fmt: skip
    assert replay.returncode == 0, replay.stdout[-3000:] + replay.stderr[-2000:]
    assert " passed" in replay.stdout
    openapi = json.loads((tmp_path / "spec" / "openapi.json").read_text("utf-8"))
    assert openapi["info"]["version"] == version


def test_no_test_hard_codes_a_mirrored_api_version() -> None:
    # Tests read the API version from the spec (or use made-up ones): a bump needs no edit.
    versions = set(mirrored_versions(_MIRROR)) if _MIRROR else set()
    versions.add(PINNED)
    pattern = re.compile("[\"'=](" + "|".join(map(re.escape, sorted(versions))) + ")[\"'&]")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if pattern.search(line)
    ]  # fmt: skip
    assert not offenders, "\n".join(offenders)
