"""A readable change report between two OpenAPI 3 documents (old and new spec/openapi.json)."""

from __future__ import annotations

import json
import sys
from typing import Any


def _operations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """operationId -> the operation, plus its ``route`` (method and path) to compare."""
    return {
        operation["operationId"]: {**operation, "route": f"{method.upper()} {path}"}
        for path, item in document.get("paths", {}).items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "operationId" in operation
    }


def _parameters(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    params = {}
    for param in operation.get("parameters", []):
        if "$ref" in param:
            param = document["components"]["parameters"][param["$ref"].rsplit("/", 1)[1]]
        params[f"{param['in']} {param['name']}"] = {
            "required": param.get("required", False), "schema": param.get("schema")}
    if "requestBody" in operation:
        body = operation["requestBody"]
        params["body"] = {"required": body.get("required", False), "schema": body.get("content")}
    return params


def _compare(kind: str, old: dict[str, Any], new: dict[str, Any], lines: list[str]) -> None:
    for name in sorted(new.keys() - old.keys()):
        lines.append(f"  + {kind} {name}")
    for name in sorted(old.keys() - new.keys()):
        lines.append(f"  - {kind} {name}")
    for name in sorted(old.keys() & new.keys()):
        if old[name] != new[name]:
            lines.append(f"  ~ {kind} {name}")


def report(old: dict[str, Any], new: dict[str, Any]) -> str:
    """Operations, parameters, schemas, properties and responses added (+), removed (-),
    changed (~)."""
    lines: list[str] = []
    old_version = old.get("info", {}).get("version")
    new_version = new.get("info", {}).get("version")
    if old_version != new_version:
        lines.append(f"  ~ API version {old_version} -> {new_version}")
    old_ops, new_ops = _operations(old), _operations(new)
    _compare("operation", {k: 1 for k in old_ops}, {k: 1 for k in new_ops}, lines)
    for op_id in sorted(old_ops.keys() & new_ops.keys()):
        before, after = old_ops[op_id], new_ops[op_id]
        _compare(f"{op_id} parameter", _parameters(old, before), _parameters(new, after), lines)
        _compare(f"{op_id} response", before["responses"], after["responses"], lines)
        for key in sorted((before.keys() | after.keys()) - {"parameters", "requestBody",
                                                              "responses"}):
            if before.get(key) != after.get(key):
                lines.append(f"  ~ {op_id} {key}")
    old_schemas = old.get("components", {}).get("schemas", {})
    new_schemas = new.get("components", {}).get("schemas", {})
    _compare("schema", {k: 1 for k in old_schemas}, {k: 1 for k in new_schemas}, lines)
    for name in sorted(old_schemas.keys() & new_schemas.keys()):
        before, after = old_schemas[name], new_schemas[name]
        _compare(f"{name} property", before.get("properties", {}), after.get("properties", {}),
                 lines)
        rest = {k for k in before.keys() | after.keys() if k != "properties"}
        if any(before.get(k) != after.get(k) for k in rest):
            lines.append(f"  ~ schema {name} (other than properties)")
    if not lines:
        return "No changes to the API surface.\n"
    if all(line.startswith("  ~ API version") for line in lines):
        lines.append("  (operations, parameters, schemas and responses are unchanged)")
    return "Changes:\n" + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line: ``spec_diff.py OLD.json NEW.json``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: spec_diff.py OLD.json NEW.json", file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as old, open(args[1], encoding="utf-8") as new:
        print(report(json.load(old), json.load(new)), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
