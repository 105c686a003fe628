"""scripts/fetch_spec.py: which upstream files are fetched, and how the lock guards them.

A tiny fake repository (a few swagger files referring to each other, examples and a file nobody
refers to) is served by an in-memory ``Source`` that records what was read, and by
``MirrorSource`` over a copy written into ``tmp_path``. Nothing here touches the network.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import urllib.error
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import fetch_spec  # noqa: E402
from fetch_spec import GitHubSource, Lock, MirrorSource, MissingFile, Source, fetch  # noqa: E402
from project import CodegenConfig  # noqa: E402
from swagger_refs import SpecError  # noqa: E402

V1 = "2024-01-01"
V2 = "2024-02-01"
TEMPLATE = "spec/rp/stable/{api_version}/main.json"
CONFIG = CodegenConfig((TEMPLATE,), ["Things_Do"])
COMMON = "spec/common/types.json"


def folder(version: str) -> str:
    return f"spec/rp/stable/{version}"


def repository(version: str) -> dict[str, Any]:
    """The documents of one API version of the fake repository, keyed by path."""
    base = folder(version)
    main = {
        "swagger": "2.0",
        "info": {"title": "Things", "version": version},
        "paths": {
            "/things/{id}": {
                "parameters": [{"$ref": "../../../common/types.json#/parameters/IdParameter"}],
                "post": {
                    "operationId": "Things_Do",
                    "parameters": [
                        {"$ref": "../../../common/types.json#/parameters/ApiVersionParameter"},
                        {"name": "body", "in": "body", "schema": {"$ref": "#/definitions/Body"}},
                    ],
                    "responses": {
                        "200": {"description": "OK",
                                "schema": {"$ref": "./models.json#/definitions/Result"}},
                        "default": {"description": "Error", "schema": {
                            "$ref": "../../../common/types.json#/definitions/Error"}},
                    },
                    "x-ms-examples": {
                        "Do max": {"$ref": "./examples/Things_Do_Max.json"},
                        "Do min": {"$ref": "./examples/Things_Do_Min.json"},
                    },
                },
            },
            "/other": {
                "get": {
                    "operationId": "Other_Get",
                    "responses": {"200": {"description": "OK",
                                          "schema": {"$ref": "./unused.json#/definitions/U"}}},
                    "x-ms-examples": {"Other": {"$ref": "./examples/Other_Get.json"}},
                }
            },
        },
        "definitions": {"Body": {"type": "object", "properties": {"n": {"type": "integer"}}}},
    }
    return {
        f"{base}/main.json": main,
        # models.json -> deep.json -> common: reached only transitively.
        f"{base}/models.json": {"definitions": {"Result": {"type": "object", "properties": {
            "deep": {"$ref": "./deep.json#/definitions/Deep"}}}}},
        f"{base}/deep.json": {"definitions": {"Deep": {"type": "object", "properties": {
            "inner": {"$ref": "../../../common/types.json#/definitions/Inner"}}}}},
        f"{base}/unused.json": {"definitions": {"U": {"type": "string"}}},
        f"{base}/examples/Things_Do_Max.json": {
            "parameters": {"id": "a", "api-version": version, "body": {"n": 1}},
            "responses": {"200": {"body": {}}},
        },
        f"{base}/examples/Things_Do_Min.json": {"parameters": {"id": "b"},
                                                "responses": {"200": {}}},
        f"{base}/examples/Other_Get.json": {"parameters": {}, "responses": {"200": {}}},
        COMMON: {
            "parameters": {
                "ApiVersionParameter": {"name": "api-version", "in": "query",
                                        "required": True, "type": "string"},
                "IdParameter": {"name": "id", "in": "path", "required": True, "type": "string"},
            },
            "definitions": {
                "Error": {"type": "object",
                          "properties": {"inner": {"$ref": "#/definitions/Inner"}}},
                "Inner": {"type": "object", "properties": {"detail": {"type": "string"}}},
                "NotReached": {"$ref": "../rp/stable/never.json#/definitions/X"},
            },
        },
    }  # fmt: skip


def encode(document: Any) -> bytes:
    return json.dumps(document, indent=2).encode("utf-8")


FILES: dict[str, bytes] = {
    path: encode(doc) for version in (V1, V2) for path, doc in repository(version).items()
}
# Each file comes from its own commit, like the real mirror.
COMMITS = {path: hashlib.sha1(path.encode()).hexdigest() for path in FILES}  # noqa: S324
NEEDED_V1 = {
    f"{folder(V1)}/main.json",
    f"{folder(V1)}/models.json",
    f"{folder(V1)}/deep.json",
    COMMON,
}
EXAMPLES_V1 = {
    f"{folder(V1)}/examples/Things_Do_Max.json",
    f"{folder(V1)}/examples/Things_Do_Min.json",
}


def sha(path: str) -> str:
    return hashlib.sha256(FILES[path]).hexdigest()


def lock_for(version: str, paths: set[str]) -> Lock:
    return Lock(version, {p: {"commit": COMMITS[p], "sha256": sha(p)} for p in paths})


class FakeSource(Source):
    """In-memory files; records every ``(path, commit)`` read."""

    def __init__(self, files: dict[str, bytes] | None = None) -> None:
        self.files = dict(FILES if files is None else files)
        self.reads: list[tuple[str, str]] = []

    def read(self, path: str, commit: str) -> bytes:
        self.reads.append((path, commit))
        if path not in self.files:
            raise SpecError(f"{path}: no such file in the fake source")
        return self.files[path]

    def commit_for(self, path: str) -> str:
        return COMMITS[path]


# -- following references -------------------------------------------------------------------


def test_fetch_follows_refs_transitively_and_reads_only_needed_files() -> None:
    source = FakeSource()
    lock = lock_for(V1, NEEDED_V1 | EXAMPLES_V1)
    fetched = fetch(CONFIG, V1, source, lock, cache=None)

    assert fetched.entries == [f"{folder(V1)}/main.json"]
    assert fetched.api_version == V1
    assert set(fetched.documents) == NEEDED_V1
    assert fetched.documents[f"{folder(V1)}/deep.json"] == repository(V1)[f"{folder(V1)}/deep.json"]
    read_paths = [path for path, _ in source.reads]
    assert sorted(read_paths) == sorted(NEEDED_V1 | EXAMPLES_V1)  # each read exactly once
    # Same folder, never referenced by the selected operation: never read.
    assert f"{folder(V1)}/unused.json" not in read_paths
    assert f"{folder(V1)}/examples/Other_Get.json" not in read_paths
    # Each read asked for the commit the lock pins.
    assert all(commit == COMMITS[path] for path, commit in source.reads)
    # Verifying returns the same pins.
    assert fetched.lock == lock


def test_fetch_takes_the_example_files_of_the_selected_operations() -> None:
    fetched = fetch(CONFIG, V1, FakeSource(), lock_for(V1, NEEDED_V1 | EXAMPLES_V1), cache=None)
    assert set(fetched.examples) == EXAMPLES_V1
    assert fetched.examples[f"{folder(V1)}/examples/Things_Do_Max.json"] == {
        "parameters": {"id": "a", "api-version": V1, "body": {"n": 1}},
        "responses": {"200": {"body": {}}},
    }
    assert set(fetched.lock.files) == NEEDED_V1 | EXAMPLES_V1


def test_selecting_another_operation_fetches_its_files_instead() -> None:
    config = CodegenConfig((TEMPLATE,), ["Other_Get"])
    source = FakeSource()
    fetched = fetch(config, V1, source, Lock("", {}), update_lock=True, cache=None)
    assert set(fetched.documents) == {f"{folder(V1)}/main.json", f"{folder(V1)}/unused.json"}
    assert set(fetched.examples) == {f"{folder(V1)}/examples/Other_Get.json"}


def test_fetch_with_an_unknown_operation_is_a_spec_error() -> None:
    config = CodegenConfig((TEMPLATE,), ["Things_Nope"])
    with pytest.raises(SpecError, match=r"main\.json: operationId\(s\) not found: Things_Nope"):
        fetch(config, V1, FakeSource(), Lock("", {}), update_lock=True, cache=None)


def test_a_ref_to_a_missing_pointer_is_a_spec_error_naming_the_referring_file() -> None:
    files = dict(FILES)
    models = repository(V1)[f"{folder(V1)}/models.json"]
    models["definitions"]["Result"]["properties"]["deep"]["$ref"] = "./deep.json#/definitions/Gone"
    files[f"{folder(V1)}/models.json"] = encode(models)
    with pytest.raises(SpecError) as caught:
        fetch(CONFIG, V1, FakeSource(files), Lock("", {}), update_lock=True, cache=None)
    assert f"{folder(V1)}/models.json" in str(caught.value)
    assert "#/definitions/Gone" in str(caught.value)


def test_invalid_json_is_a_spec_error_naming_the_file() -> None:
    files = dict(FILES)
    files[f"{folder(V1)}/deep.json"] = b"{not json"
    with pytest.raises(SpecError, match=r"stable/2024-01-01/deep\.json: not valid JSON"):
        fetch(CONFIG, V1, FakeSource(files), Lock("", {}), update_lock=True, cache=None)


# -- the lock ----------------------------------------------------------------------------------


def test_sha256_mismatch_is_a_spec_error_naming_the_file_and_both_hashes() -> None:
    lock = lock_for(V1, NEEDED_V1 | EXAMPLES_V1)
    wrong = "0" * 64
    lock.files[f"{folder(V1)}/models.json"]["sha256"] = wrong
    with pytest.raises(SpecError) as caught:
        fetch(CONFIG, V1, FakeSource(), lock, cache=None)
    message = str(caught.value)
    assert f"{folder(V1)}/models.json" in message
    assert sha(f"{folder(V1)}/models.json") in message
    assert wrong in message


def test_changed_upstream_bytes_fail_verification() -> None:
    files = dict(FILES)
    files[COMMON] = FILES[COMMON] + b"\n"
    with pytest.raises(SpecError, match=r"spec/common/types\.json: sha256 .* does not match"):
        fetch(CONFIG, V1, FakeSource(files), lock_for(V1, NEEDED_V1 | EXAMPLES_V1), cache=None)


@pytest.mark.parametrize(
    "missing", [f"{folder(V1)}/deep.json", f"{folder(V1)}/examples/Things_Do_Min.json"]
)
def test_needed_file_missing_from_the_lock_is_a_spec_error_naming_it(missing: str) -> None:
    lock = lock_for(V1, (NEEDED_V1 | EXAMPLES_V1) - {missing})
    with pytest.raises(SpecError) as caught:
        fetch(CONFIG, V1, FakeSource(), lock, cache=None)
    assert str(caught.value).startswith(f"{missing}: needed but not in sources.lock.json")


def test_lock_for_another_api_version_without_update_is_a_spec_error() -> None:
    source = FakeSource()
    with pytest.raises(SpecError) as caught:
        fetch(CONFIG, V2, source, lock_for(V1, NEEDED_V1 | EXAMPLES_V1), cache=None)
    message = str(caught.value)
    assert f"the lock pins API version {V1}, not {V2}" in message
    assert "--update-lock" in message
    assert source.reads == []


def test_update_lock_from_nothing_pins_source_commits_and_hashes() -> None:
    fetched = fetch(CONFIG, V1, FakeSource(), Lock("", {}), update_lock=True, cache=None)
    assert fetched.lock == lock_for(V1, NEEDED_V1 | EXAMPLES_V1)


def test_update_lock_to_a_new_version_repins_everything() -> None:
    old = lock_for(V1, NEEDED_V1 | EXAMPLES_V1)
    # An old pin for the shared file with another commit must not survive a version bump.
    old.files[COMMON] = {"commit": "f" * 40, "sha256": "0" * 64}
    source = FakeSource()
    fetched = fetch(CONFIG, V2, source, old, update_lock=True, cache=None)
    needed_v2 = {p.replace(V1, V2) for p in NEEDED_V1 | EXAMPLES_V1}
    assert fetched.lock == lock_for(V2, needed_v2)
    assert all(V1 not in path for path in fetched.lock.files)
    assert (COMMON, COMMITS[COMMON]) in source.reads


def test_update_lock_drops_entries_no_longer_needed_and_adds_new_ones() -> None:
    lock = lock_for(V1, NEEDED_V1 | EXAMPLES_V1 | {f"{folder(V1)}/unused.json"})
    lock.files.pop(f"{folder(V1)}/deep.json")
    fetched = fetch(CONFIG, V1, FakeSource(), lock, update_lock=True, cache=None)
    assert fetched.lock == lock_for(V1, NEEDED_V1 | EXAMPLES_V1)


def test_lock_write_read_round_trip_and_deterministic_text(tmp_path: Path) -> None:
    files = {
        "z/last.json": {"sha256": "b" * 64, "commit": "2" * 40},
        "a/first.json": {"commit": "1" * 40, "sha256": "a" * 64},
    }
    lock = Lock(V1, files)
    first, second = tmp_path / "one" / "sources.lock.json", tmp_path / "two.json"
    lock.write(first)  # creates the parent folder
    Lock(V1, dict(reversed(list(files.items())))).write(second)

    assert Lock.read(first) == lock
    text = first.read_text("utf-8")
    assert text == second.read_text("utf-8")
    assert text == (
        "{\n"
        f'  "api_version": "{V1}",\n'
        '  "files": {\n'
        '    "a/first.json": {\n'
        f'      "commit": "{"1" * 40}",\n'
        f'      "sha256": "{"a" * 64}"\n'
        "    },\n"
        '    "z/last.json": {\n'
        f'      "commit": "{"2" * 40}",\n'
        f'      "sha256": "{"b" * 64}"\n'
        "    }\n"
        "  },\n"
        '  "missing_examples": {},\n'
        '  "repository": "Azure/azure-rest-api-specs"\n'
        "}\n"
    )


def test_reading_an_absent_lock_gives_an_empty_lock(tmp_path: Path) -> None:
    assert Lock.read(tmp_path / "nope.json") == Lock("", {})


def test_an_empty_lock_without_update_names_the_first_missing_file() -> None:
    with pytest.raises(SpecError, match=r"stable/2024-01-01/main\.json: needed but not in"):
        fetch(CONFIG, V1, FakeSource(), Lock("", {}), cache=None)


# -- cache -------------------------------------------------------------------------------------


def test_cache_is_keyed_by_commit_and_path_and_spares_the_source(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    lock = lock_for(V1, NEEDED_V1 | EXAMPLES_V1)
    first = FakeSource()
    fetch(CONFIG, V1, first, lock, cache=cache)
    assert len(first.reads) == len(NEEDED_V1 | EXAMPLES_V1)
    assert (cache / COMMITS[COMMON] / COMMON).read_bytes() == FILES[COMMON]

    second = FakeSource()
    again = fetch(CONFIG, V1, second, lock, cache=cache)
    assert second.reads == []
    assert again.lock == lock


# -- the mirror --------------------------------------------------------------------------------


def make_mirror(root: Path, paths: set[str] | None = None) -> Path:
    """A tiny mirror with the fake repository's files and a MANIFEST.json."""
    chosen = sorted(FILES if paths is None else paths)
    manifest = []
    for path in chosen:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(FILES[path])
        manifest.append({"path": path, "commit": COMMITS[path], "sha256": sha(path),
                         "bytes": len(FILES[path])})  # fmt: skip
    root.mkdir(parents=True, exist_ok=True)
    (root / "MANIFEST.json").write_text(json.dumps(manifest, indent=2), "utf-8")
    (root / "README.md").write_text("fake mirror\n", "utf-8")
    return root


def test_mirror_update_lock_pins_the_manifest_commits(tmp_path: Path) -> None:
    mirror = MirrorSource(make_mirror(tmp_path / "mirror"))
    fetched = fetch(CONFIG, V1, mirror, Lock("", {}), update_lock=True, cache=None)
    assert fetched.lock.api_version == V1
    assert fetched.lock.files == {
        path: {"commit": COMMITS[path], "sha256": sha(path)} for path in NEEDED_V1 | EXAMPLES_V1
    }
    assert set(fetched.documents) == NEEDED_V1


def test_mirror_verifies_against_the_lock(tmp_path: Path) -> None:
    mirror = MirrorSource(make_mirror(tmp_path / "mirror"))
    lock = lock_for(V1, NEEDED_V1 | EXAMPLES_V1)
    assert fetch(CONFIG, V1, mirror, lock, cache=None).lock == lock


def test_mirror_file_changed_on_disk_fails_the_sha256_check(tmp_path: Path) -> None:
    root = make_mirror(tmp_path / "mirror")
    target = root / folder(V1) / "models.json"
    target.write_bytes(target.read_bytes().replace(b"object", b"string"))
    with pytest.raises(SpecError) as caught:
        fetch(CONFIG, V1, MirrorSource(root), lock_for(V1, NEEDED_V1 | EXAMPLES_V1), cache=None)
    message = str(caught.value)
    assert f"{folder(V1)}/models.json" in message
    assert hashlib.sha256(target.read_bytes()).hexdigest() in message
    assert sha(f"{folder(V1)}/models.json") in message


def test_missing_file_in_the_mirror_is_a_spec_error_naming_it(tmp_path: Path) -> None:
    root = make_mirror(tmp_path / "mirror", set(FILES) - {f"{folder(V1)}/deep.json"})
    with pytest.raises(SpecError) as caught:
        fetch(CONFIG, V1, MirrorSource(root), lock_for(V1, NEEDED_V1 | EXAMPLES_V1), cache=None)
    assert str(caught.value) == f"{folder(V1)}/deep.json: not found in the mirror {root}"


def test_mirror_without_the_file_in_its_manifest_cannot_pin_it(tmp_path: Path) -> None:
    root = make_mirror(tmp_path / "mirror")
    manifest = json.loads((root / "MANIFEST.json").read_text("utf-8"))
    kept = [entry for entry in manifest if entry["path"] != COMMON]
    (root / "MANIFEST.json").write_text(json.dumps(kept), "utf-8")
    with pytest.raises(SpecError, match=r"spec/common/types\.json: the mirror's MANIFEST"):
        fetch(CONFIG, V1, MirrorSource(root), Lock("", {}), update_lock=True, cache=None)


def test_mirror_holding_another_commit_than_the_lock_is_a_spec_error(tmp_path: Path) -> None:
    root = make_mirror(tmp_path / "mirror")
    lock = lock_for(V1, NEEDED_V1 | EXAMPLES_V1)
    lock.files[COMMON]["commit"] = "c" * 40
    with pytest.raises(SpecError) as caught:
        fetch(CONFIG, V1, MirrorSource(root), lock, cache=None)
    message = str(caught.value)
    assert message.startswith(f"{COMMON}: the mirror holds commit {COMMITS[COMMON]}")
    assert "c" * 40 in message


def test_mirror_that_is_not_a_directory_is_a_spec_error(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="is not a directory"):
        MirrorSource(tmp_path / "absent")


# -- GitHub ------------------------------------------------------------------------------------


class FakeResponse(io.BytesIO):
    """What ``urlopen`` returns: a context manager with ``read()``."""


def test_github_source_reads_the_raw_url_for_path_and_commit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[str, float]] = []

    def fake_urlopen(url: str, timeout: float) -> FakeResponse:
        calls.append((url, timeout))
        return FakeResponse(b'{"swagger": "2.0"}')

    monkeypatch.setattr(fetch_spec.urllib.request, "urlopen", fake_urlopen)
    data = GitHubSource(timeout=7.5).read("specification/x/y.json", "abc123")
    assert data == b'{"swagger": "2.0"}'
    assert calls == [(
        "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/abc123/specification/x/y.json",
        7.5,
    )]  # fmt: skip


def test_github_http_error_is_a_spec_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_urlopen(url: str, timeout: float) -> FakeResponse:
        raise urllib.error.HTTPError(url, 404, "Not Found", None, None)  # type: ignore[arg-type]

    monkeypatch.setattr(fetch_spec.urllib.request, "urlopen", fake_urlopen)
    with pytest.raises(MissingFile, match=r"^a/b\.json: GitHub has no such file at abc123"):
        GitHubSource().read("a/b.json", "abc123")


def test_github_server_error_is_a_spec_error_not_a_missing_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fake_urlopen(url: str, timeout: float) -> FakeResponse:
        raise urllib.error.HTTPError(url, 503, "Unavailable", None, None)  # type: ignore[arg-type]

    monkeypatch.setattr(fetch_spec.urllib.request, "urlopen", fake_urlopen)
    with pytest.raises(SpecError, match=r"^a/b\.json: GitHub answered 503") as raised:
        GitHubSource().read("a/b.json", "abc123")
    assert not isinstance(raised.value, MissingFile)


def test_github_network_failure_is_a_spec_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_urlopen(url: str, timeout: float) -> FakeResponse:
        raise urllib.error.URLError("no route to host")

    monkeypatch.setattr(fetch_spec.urllib.request, "urlopen", fake_urlopen)
    with pytest.raises(SpecError, match=r"^a/b\.json: cannot download .*no route to host"):
        GitHubSource().read("a/b.json", "abc123")


def test_github_commit_for_needs_a_commit() -> None:
    with pytest.raises(SpecError, match=r"^a/b\.json: not in the lock; pass --commit"):
        GitHubSource().commit_for("a/b.json")
    assert GitHubSource(new_commit="deadbeef").commit_for("a/b.json") == "deadbeef"


def test_github_update_lock_pins_the_given_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    urls: list[str] = []

    def fake_urlopen(url: str, timeout: float) -> FakeResponse:
        urls.append(url)
        prefix = "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/cafe/"
        assert url.startswith(prefix)
        return FakeResponse(FILES[url.removeprefix(prefix)])

    monkeypatch.setattr(fetch_spec.urllib.request, "urlopen", fake_urlopen)
    fetched = fetch(CONFIG, V1, GitHubSource(new_commit="cafe"), Lock("", {}),
                    update_lock=True, cache=None)  # fmt: skip
    assert fetched.lock.files == {
        path: {"commit": "cafe", "sha256": sha(path)} for path in NEEDED_V1 | EXAMPLES_V1
    }
    assert len(urls) == len(NEEDED_V1 | EXAMPLES_V1)


# -- choosing the source -------------------------------------------------------------------------


def test_make_source_honours_vmss_spec_mirror(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_mirror = make_mirror(tmp_path / "env-mirror", {COMMON})
    monkeypatch.setenv("VMSS_SPEC_MIRROR", str(env_mirror))
    source = fetch_spec.make_source(None, None)
    assert isinstance(source, MirrorSource)
    assert source.root == env_mirror
    assert source.manifest == {COMMON: COMMITS[COMMON]}

    explicit = make_mirror(tmp_path / "arg-mirror", set())
    chosen = fetch_spec.make_source(str(explicit), None)
    assert isinstance(chosen, MirrorSource)
    assert chosen.root == explicit


def test_make_source_without_mirror_is_github(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VMSS_SPEC_MIRROR", raising=False)
    source = fetch_spec.make_source(None, "abc")
    assert isinstance(source, GitHubSource)
    assert source.new_commit == "abc"
    monkeypatch.setenv("VMSS_SPEC_MIRROR", "")
    assert isinstance(fetch_spec.make_source(None, None), GitHubSource)


# -- examples are optional, swagger is not ----------------------------------------------------

MAX_V1 = f"{folder(V1)}/examples/Things_Do_Max.json"


def without(path: str) -> FakeSource:
    """The fake repository without ``path``: reading it raises MissingFile, like a mirror."""

    class Lacking(FakeSource):
        def read(self, wanted: str, commit: str) -> bytes:
            if wanted == path:
                raise MissingFile(f"{wanted}: not in this source")
            return super().read(wanted, commit)

    return Lacking()


def test_a_missing_example_is_recorded_in_the_lock_and_the_run_goes_on() -> None:
    fetched = fetch(CONFIG, V1, without(MAX_V1), Lock("", {}), update_lock=True, cache=None)
    assert fetched.missing_examples == {MAX_V1: "Things_Do"}
    assert fetched.lock.missing_examples == {MAX_V1: "Things_Do"}
    assert MAX_V1 not in fetched.lock.files
    assert set(fetched.examples) == EXAMPLES_V1 - {MAX_V1}
    assert fetched.example_operations[MAX_V1] == "Things_Do"


def test_a_lock_that_lists_an_example_as_missing_verifies_without_reading_it() -> None:
    lock = Lock(V1, lock_for(V1, NEEDED_V1 | EXAMPLES_V1 - {MAX_V1}).files,
                {MAX_V1: "Things_Do"})
    source = without(MAX_V1)
    fetched = fetch(CONFIG, V1, source, lock, cache=None)
    assert fetched.lock == lock
    assert MAX_V1 not in [path for path, _ in source.reads]


def test_a_missing_swagger_file_still_fails() -> None:
    deep = f"{folder(V1)}/deep.json"
    with pytest.raises(MissingFile, match=r"deep\.json: not in this source"):
        fetch(CONFIG, V1, without(deep), Lock("", {}), update_lock=True, cache=None)


def test_an_example_the_lock_pins_that_has_gone_is_an_error_not_missing() -> None:
    lock = lock_for(V1, NEEDED_V1 | EXAMPLES_V1)
    with pytest.raises(MissingFile, match=r"Things_Do_Max\.json"):
        fetch(CONFIG, V1, without(MAX_V1), lock, cache=None)


def test_pin_new_adds_what_the_lock_lacks_and_verifies_the_rest() -> None:
    # Growing the client: an added operation needs files the lock does not pin yet.
    lock = lock_for(V1, NEEDED_V1 - {f"{folder(V1)}/deep.json"})
    fetched = fetch(CONFIG, V1, FakeSource(), lock, pin_new=True, cache=None)
    assert fetched.lock == lock_for(V1, NEEDED_V1 | EXAMPLES_V1)
    tampered = lock_for(V1, NEEDED_V1)
    tampered.files[COMMON]["sha256"] = "0" * 64
    with pytest.raises(SpecError, match="does not match the lock"):
        fetch(CONFIG, V1, FakeSource(), tampered, pin_new=True, cache=None)


def test_mirror_lacking_an_example_records_it_missing(tmp_path: Path) -> None:
    root = make_mirror(tmp_path / "mirror")
    (root / MAX_V1).unlink()
    manifest = json.loads((root / "MANIFEST.json").read_text("utf-8"))
    (root / "MANIFEST.json").write_text(
        json.dumps([entry for entry in manifest if entry["path"] != MAX_V1]), "utf-8")
    fetched = fetch(CONFIG, V1, MirrorSource(root), Lock("", {}), update_lock=True, cache=None)
    assert fetched.missing_examples == {MAX_V1: "Things_Do"}


def test_two_entry_files_are_fetched_and_operations_found_in_either() -> None:
    second = f"{folder(V1)}/second.json"
    files = dict(FILES)
    files[second] = encode({"swagger": "2.0", "info": {"title": "t", "version": V1}, "paths": {
        "/second": {"get": {"operationId": "Second_Get", "responses": {"200": {
            "description": "OK", "schema": {"$ref": "./deep.json#/definitions/Deep"}}}}}}})
    config = CodegenConfig((TEMPLATE, "spec/rp/stable/{api_version}/second.json"),
                           ["Second_Get", "Things_Do"])

    class WithSecond(FakeSource):
        def commit_for(self, path: str) -> str:
            return "f" * 40 if path == second else super().commit_for(path)

    fetched = fetch(config, V1, WithSecond(files), Lock("", {}), update_lock=True, cache=None)
    assert fetched.entries == [f"{folder(V1)}/main.json", second]
    assert {second, f"{folder(V1)}/deep.json"} <= set(fetched.documents)
