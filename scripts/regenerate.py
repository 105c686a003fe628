"""Regenerate everything from upstream in one command: fetch, derive spec/, generate generated/.

Also rewrites the cassettes derived from the examples (tests/cassettes/examples/).

    python scripts/regenerate.py --mirror ../shared/azure-rest-api-specs
    python scripts/regenerate.py --api-version 2024-11-01 --mirror DIR    # a version bump
    python scripts/regenerate.py --out /tmp/x    # into another folder (the drift test)
    python scripts/regenerate.py --api-version 2024-11-01 --report-json report.json

A new API version re-pins the lock. When spec/openapi.json changes, a change report is printed
(operations, models, properties, enum values; examples the source lacks).
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

import example_cassettes
from build_spec import build, dump, example_pairs
from fetch_spec import Lock, add_source_arguments, fetch, make_source
from project import (
    EXAMPLES_FILE,
    GENERATOR_CONFIG,
    LOCK_FILE,
    OPENAPI_FILE,
    PACKAGE_NAME,
    ROOT,
    TEMPLATES_DIR,
    load_config,
)
from spec_diff import report, report_json
from swagger_refs import SpecError


def generate(openapi_file: Path, package_dir: Path) -> None:
    """Run openapi-python-client into ``package_dir`` and ship the spec (compact) inside it."""
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / PACKAGE_NAME
        subprocess.run(
            [sys.executable, "-m", "openapi_python_client", "generate",
             "--path", str(openapi_file), "--config", str(GENERATOR_CONFIG),
             "--meta", "none", "--fail-on-warning", "--overwrite",
             "--custom-template-path", str(TEMPLATES_DIR),
             "--output-path", str(target)],
            check=True, env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        # The wrapper reads its API version and LRO facts from this copy at run time; the
        # same document, without the indentation (a third smaller in every install).
        document = json.loads(openapi_file.read_text("utf-8"))
        compact = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        (target / "openapi.json").write_text(compact + "\n", "utf-8")
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
    parser.add_argument("--report-json", type=Path, help="also write the change report as JSON")
    args = parser.parse_args(argv)
    out: Path = args.out or ROOT
    lock = Lock.read(LOCK_FILE)
    api_version = args.api_version or lock.api_version
    if not api_version:
        print("regenerate: no lock yet; pass --api-version", file=sys.stderr)
        return 1
    update = bool(args.update_lock) or api_version != lock.api_version
    config = load_config()
    try:
        fetched = fetch(config, api_version, make_source(args.mirror, args.commit), lock,
                        update_lock=update, pin_new=True)
        document = build(fetched.documents, fetched.entries, config.operations, config.untyped)
    except SpecError as exc:
        print(f"regenerate: {exc}", file=sys.stderr)
        return 1
    spec_dir = out / OPENAPI_FILE.relative_to(ROOT).parent
    spec_dir.mkdir(parents=True, exist_ok=True)
    old = json.loads(OPENAPI_FILE.read_text("utf-8")) if OPENAPI_FILE.exists() else {}
    examples = example_pairs(fetched.examples, fetched.example_operations)
    fetched.lock.write(spec_dir / LOCK_FILE.name)
    (spec_dir / OPENAPI_FILE.name).write_text(dump(document), "utf-8")
    (spec_dir / EXAMPLES_FILE.name).write_text(dump(examples), "utf-8")
    generate(spec_dir / OPENAPI_FILE.name, out / "generated" / PACKAGE_NAME)
    cassette_dir = out / example_cassettes.CASSETTE_DIR.relative_to(ROOT)
    example_cassettes.write(document, examples, cassette_dir)
    print(f"regenerated API version {api_version} into {out}")
    if (old and old != document) or lock.missing_examples != fetched.missing_examples:
        print(report(old, document, fetched.missing_examples), end="")
    if args.report_json:
        changes = report_json(old, document, fetched.missing_examples)
        args.report_json.write_text(json.dumps(changes, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
