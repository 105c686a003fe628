"""JSON-reference helpers shared by the fetch and build scripts.

A Swagger ``$ref`` is ``[relative/file.json]#/json/pointer``. Files are named by their
repository path (POSIX, no leading slash), so a ref is resolved against the path of the
document that holds it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import Any

JSON = Any


class SpecError(Exception):
    """A problem with the upstream documents; the message names the file and the place."""


def split_ref(ref: str, base_path: str) -> tuple[str, str]:
    """Return ``(repository path, pointer)`` for ``ref`` found in the file ``base_path``."""
    file_part, _, pointer = ref.partition("#")
    if not file_part:
        return base_path, pointer
    if "://" in file_part:
        raise SpecError(f"{base_path}: remote $ref {ref!r} is not supported")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base_path), file_part))
    if joined.startswith(".."):
        raise SpecError(f"{base_path}: $ref {ref!r} leaves the repository")
    return joined, pointer


def resolve_pointer(document: JSON, pointer: str, *, where: str) -> JSON:
    """Return the node ``pointer`` (RFC 6901) names in ``document``."""
    node = document
    if pointer in ("", "/"):
        return node
    for raw in pointer.lstrip("/").split("/"):
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            raise SpecError(f"{where}: $ref target #{pointer} does not exist")
    return node


def iter_refs(node: JSON) -> Iterator[str]:
    """Yield every ``$ref`` string inside ``node``, outside ``x-ms-examples``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            elif key != "x-ms-examples":
                yield from iter_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from iter_refs(item)


def locate_operations(
    documents: dict[str, JSON], entries: list[str], operation_ids: list[str]
) -> list[tuple[str, str, str, JSON]]:
    """Return ``(entry, path, method, operation)`` for each wanted operationId, in the given
    order. Each must be in exactly one of the ``entries`` (repository paths of ``documents``)."""
    found: dict[str, list[tuple[str, str, str, JSON]]] = {}
    for entry in entries:
        for path, item in documents[entry].get("paths", {}).items():
            for method, operation in item.items():
                op_id = operation.get("operationId") if isinstance(operation, dict) else None
                if op_id in operation_ids:
                    found.setdefault(op_id, []).append((entry, path, method, operation))
    missing = [op for op in operation_ids if op not in found]
    if missing:
        raise SpecError(
            f"{', '.join(entries)}: operationId(s) not found: {', '.join(missing)}"
        )
    for op_id, places in found.items():
        if len(places) > 1:
            where = " and ".join(f"{entry} {method.upper()} {path}"
                                 for entry, path, method, _ in places)
            raise SpecError(f"operationId {op_id} is defined more than once: {where}")
    return [found[op][0] for op in operation_ids]
