"""Regenerate everything from upstream in one command: fetch, derive spec/, generate generated/.

    python scripts/regenerate.py --mirror ../shared/azure-rest-api-specs
    python scripts/regenerate.py --api-version 2024-11-01 --mirror DIR    # a version bump
    python scripts/regenerate.py --out /tmp/x    # into another folder (the drift test)

A new API version re-pins the lock. When spec/openapi.json changes, a change report is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from build_spec import build, dump, example_pairs
from fetch_spec import Lock, add_source_arguments, fetch, make_source
from project import (
    EXAMPLES_FILE,
    GENERATOR_CONFIG,
    LOCK_FILE,
    OPENAPI_FILE,
    PACKAGE_NAME,
    ROOT,
    load_config,
)
from spec_diff import report
from swagger_refs import SpecError


def generate(openapi_file: Path, package_dir: Path) -> None:
    """Run openapi-python-client into ``package_dir`` and ship the spec inside the package."""
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / PACKAGE_NAME
        subprocess.run(
            [sys.executable, "-m", "openapi_python_client", "generate",
             "--path", str(openapi_file), "--config", str(GENERATOR_CONFIG),
             "--meta", "none", "--fail-on-warning", "--overwrite",
             "--output-path", str(target)],
            check=True, env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        # The wrapper reads its API version and LRO facts from this copy at run time.
        shutil.copyfile(openapi_file, target / "openapi.json")
        (target / "py.typed").write_text("", "utf-8")  # PEP 561: the package is typed
        if package_dir.exists():
            shutil.rmtree(package_dir)
        package_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(target, package_dir)


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_source_arguments(parser)
    parser.add_argument("--out", type=Path, help="write spec/ and generated/ under this folder")
    args = parser.parse_args(argv)
    out: Path = args.out or ROOT
    lock = Lock.read(LOCK_FILE)
    api_version = args.api_version or lock.api_version
    if not api_version:
        print("regenerate: no lock yet; pass --api-version", file=sys.stderr)
        return 1
    update = bool(args.update_lock) or api_version != lock.api_version
    try:
        fetched = fetch(load_config(), api_version, make_source(args.mirror, args.commit), lock,
                        update_lock=update)
        document = build(fetched.documents, fetched.entry, load_config().operations)
    except SpecError as exc:
        print(f"regenerate: {exc}", file=sys.stderr)
        return 1
    spec_dir = out / OPENAPI_FILE.relative_to(ROOT).parent
    spec_dir.mkdir(parents=True, exist_ok=True)
    old = json.loads(OPENAPI_FILE.read_text("utf-8")) if OPENAPI_FILE.exists() else {}
    fetched.lock.write(spec_dir / LOCK_FILE.name)
    (spec_dir / OPENAPI_FILE.name).write_text(dump(document), "utf-8")
    (spec_dir / EXAMPLES_FILE.name).write_text(dump(example_pairs(fetched.examples)), "utf-8")
    generate(spec_dir / OPENAPI_FILE.name, out / "generated" / PACKAGE_NAME)
    print(f"regenerated API version {api_version} into {out}")
    if old and old != document:
        print(report(old, document), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
