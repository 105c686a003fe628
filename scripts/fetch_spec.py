"""Fetch the upstream swagger files one API version needs, checked against spec/sources.lock.json.

Starts at the entry files (see ``[tool.vmss-maintenance.codegen]``), follows every cross-file
``$ref`` reachable from the selected operations, transitively, and also takes the example files
those operations name. Examples are optional: one the source lacks is recorded in the lock as
missing and the run goes on; a missing swagger file is an error. Files come from GitHub at the
commit the lock pins for each file, or from a local mirror with the same layout (``--mirror DIR``
or ``VMSS_SPEC_MIRROR``).

    python scripts/fetch_spec.py --mirror ../shared/azure-rest-api-specs
    python scripts/fetch_spec.py --api-version 2024-11-01 --update-lock --mirror DIR
    python scripts/fetch_spec.py --api-version 2024-11-01 --update-lock --commit <sha>
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from project import CACHE_DIR, LOCK_FILE, REPOSITORY, CodegenConfig, load_config
from swagger_refs import SpecError, iter_refs, locate_operations, resolve_pointer, split_ref

RAW_URL = "https://raw.githubusercontent.com/{repository}/{commit}/{path}"


class MissingFile(SpecError):
    """The source does not have the file at all (as opposed to having a bad copy of it)."""


@dataclass(frozen=True)
class Lock:
    """The pinned upstream files: path -> (commit, sha256); and the example files the
    operations name but the source lacks: path -> the operationId naming it."""

    api_version: str
    files: dict[str, dict[str, str]]
    missing_examples: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path = LOCK_FILE) -> Lock:
        """Read the lock file; an absent file is an empty lock."""
        if not path.exists():
            return cls("", {})
        data = json.loads(path.read_text("utf-8"))
        return cls(
            data["api_version"], dict(data["files"]), dict(data.get("missing_examples", {}))
        )

    def write(self, path: Path = LOCK_FILE) -> None:
        """Write the lock deterministically."""
        data = {
            "repository": REPOSITORY,
            "api_version": self.api_version,
            "files": dict(sorted(self.files.items())),
            "missing_examples": dict(sorted(self.missing_examples.items())),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", "utf-8")


class Source:
    """Where upstream bytes come from."""

    def read(self, path: str, commit: str) -> bytes:
        """Return the bytes of ``path`` at ``commit``."""
        raise NotImplementedError

    def commit_for(self, path: str) -> str:
        """The commit a new lock entry for ``path`` pins."""
        raise NotImplementedError


@dataclass
class MirrorSource(Source):
    """A local copy of the repository; its MANIFEST.json says which commit each file is from."""

    root: Path
    manifest: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.root.is_dir():
            raise SpecError(f"mirror {self.root} is not a directory")
        manifest = self.root / "MANIFEST.json"
        if manifest.exists():
            entries = json.loads(manifest.read_text("utf-8"))
            self.manifest = {entry["path"]: entry["commit"] for entry in entries}

    def read(self, path: str, commit: str) -> bytes:
        known = self.manifest.get(path)
        if known is not None and known != commit:
            raise SpecError(f"{path}: the mirror holds commit {known}, the lock pins {commit}")
        file = self.root / path
        if not file.is_file():
            raise MissingFile(f"{path}: not found in the mirror {self.root}")
        return file.read_bytes()

    def commit_for(self, path: str) -> str:
        if path not in self.manifest:
            raise MissingFile(f"{path}: the mirror's MANIFEST.json does not list it")
        return self.manifest[path]


@dataclass
class GitHubSource(Source):
    """raw.githubusercontent.com; ``new_commit`` pins files a lock update adds."""

    new_commit: str | None = None
    timeout: float = 60.0

    def read(self, path: str, commit: str) -> bytes:
        url = RAW_URL.format(repository=REPOSITORY, commit=commit, path=path)
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                raise MissingFile(f"{path}: GitHub has no such file at {commit} ({url})") from None
            raise SpecError(f"{path}: GitHub answered {exc.code} for {url}") from None
        except OSError as exc:
            raise SpecError(f"{path}: cannot download {url}: {exc}") from None

    def commit_for(self, path: str) -> str:
        if not self.new_commit:
            raise SpecError(f"{path}: not in the lock; pass --commit to pin a commit for it")
        return self.new_commit


@dataclass
class Fetched:
    """The parsed documents and example files, keyed by repository path."""

    api_version: str
    entries: list[str]
    documents: dict[str, Any]
    examples: dict[str, Any]
    lock: Lock
    example_operations: dict[str, str] = field(default_factory=dict)

    @property
    def missing_examples(self) -> dict[str, str]:
        """Example files the operations name but the source lacks."""
        return self.lock.missing_examples


def sha256(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def fetch(
    config: CodegenConfig,
    api_version: str,
    source: Source,
    lock: Lock,
    *,
    update_lock: bool = False,
    pin_new: bool = False,
    cache: Path | None = CACHE_DIR,
) -> Fetched:
    """Fetch every file the selected operations reach; verify or (``update_lock``) re-pin.

    ``pin_new``: files the lock does not list yet (an operation was added) are pinned from the
    source, while those it lists are still verified."""
    if not update_lock and lock.api_version and lock.api_version != api_version:
        raise SpecError(
            f"the lock pins API version {lock.api_version}, not {api_version}; "
            "pass --update-lock to bump it"
        )
    new_files: dict[str, dict[str, str]] = {}
    repin = update_lock and lock.api_version != api_version
    known_missing = set() if update_lock else set(lock.missing_examples)
    missing: dict[str, str] = {}

    def load(path: str) -> bytes:
        pinned = None if repin else lock.files.get(path)
        commit = pinned["commit"] if pinned else None
        if commit is None:
            if not (update_lock or pin_new):
                raise SpecError(f"{path}: needed but not in {LOCK_FILE.name}; run --update-lock")
            commit = source.commit_for(path)
        data = _cached_read(source, path, commit, cache)
        digest = sha256(data)
        if pinned and digest != pinned["sha256"]:
            raise SpecError(
                f"{path}: sha256 {digest} does not match the lock's {pinned['sha256']}"
            )
        new_files[path] = {"commit": commit, "sha256": digest}
        return data

    entries = config.entries(api_version)
    documents: dict[str, Any] = {}
    examples: dict[str, Any] = {}

    def document(path: str) -> Any:
        if path not in documents:
            documents[path] = _parse(load(path), path)
        return documents[path]

    example_operations: dict[str, str] = {}

    def example(path: str, operation_id: str) -> None:
        example_operations[path] = operation_id
        if path in known_missing:
            missing[path] = operation_id
            return
        try:
            examples[path] = _parse(load(path), path)
        except MissingFile:
            if not (update_lock or pin_new) or (path in lock.files and not repin):
                raise
            missing[path] = operation_id

    for entry in entries:
        document(entry)
    pending: list[tuple[str, Any]] = []
    for entry, path, _method, operation in locate_operations(
        documents, entries, config.operations
    ):
        pending.append((entry, operation))
        pending.append((entry, documents[entry]["paths"][path].get("parameters", [])))
        for reference in operation.get("x-ms-examples", {}).values():
            example(split_ref(reference["$ref"], entry)[0], operation["operationId"])
    seen: set[tuple[str, str]] = set()
    while pending:
        base, node = pending.pop()
        for ref in iter_refs(node):
            target = split_ref(ref, base)
            if target in seen:
                continue
            seen.add(target)
            target_doc = document(target[0])
            pending.append((target[0], resolve_pointer(target_doc, target[1], where=base)))
    new_lock = Lock(api_version, new_files, dict(sorted(missing.items())))
    return Fetched(api_version, entries, documents, examples, new_lock, example_operations)


def _cached_read(source: Source, path: str, commit: str, cache: Path | None) -> bytes:
    if cache is None:
        return source.read(path, commit)
    cached = cache / commit / path
    if cached.is_file():
        return cached.read_bytes()
    data = source.read(path, commit)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(data)
    return data


def _parse(data: bytes, path: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SpecError(f"{path}: not valid JSON: {exc}") from None


def make_source(mirror: str | None, commit: str | None) -> Source:
    """The mirror when one is named (argument or VMSS_SPEC_MIRROR), else GitHub."""
    mirror = mirror or os.environ.get("VMSS_SPEC_MIRROR") or None
    if mirror:
        return MirrorSource(Path(mirror))
    return GitHubSource(new_commit=commit)


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every script that fetches shares."""
    parser.add_argument("--api-version", help="API version (default: the lock's)")
    parser.add_argument("--mirror", help="local copy of Azure/azure-rest-api-specs")
    parser.add_argument("--commit", help="commit to pin new files at (GitHub source)")
    parser.add_argument("--update-lock", action="store_true", help="re-pin the lock on purpose")


def fetch_from_arguments(args: argparse.Namespace, lock_file: Path = LOCK_FILE) -> Fetched:
    """Run :func:`fetch` as the command-line options ask, writing the lock when updating."""
    lock = Lock.read(lock_file)
    api_version = args.api_version or lock.api_version
    if not api_version:
        raise SpecError("no lock yet: pass --api-version and --update-lock")
    update = bool(args.update_lock)
    fetched = fetch(load_config(), api_version, make_source(args.mirror, args.commit), lock,
                    update_lock=update)
    if update:
        fetched.lock.write(lock_file)
    return fetched


def main(argv: list[str] | None = None) -> int:
    """Command line: fetch (and verify) the upstream files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_source_arguments(parser)
    args = parser.parse_args(argv)
    try:
        fetched = fetch_from_arguments(args)
    except SpecError as exc:
        print(f"fetch_spec: {exc}", file=sys.stderr)
        return 1
    for path in sorted([*fetched.documents, *fetched.examples]):
        print(f"ok       {path}")
    for path, operation_id in fetched.missing_examples.items():
        print(f"missing  {path} (an example of {operation_id}; the run goes on without it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
