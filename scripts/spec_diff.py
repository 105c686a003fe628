"""A change report between two OpenAPI 3 documents (old and new spec/openapi.json).

Lists operations, parameters, responses, schemas (models), properties and enum values added
(+), removed (-) or changed (~), and the example files the new source lacks; as text for a
terminal or as JSON (``--json``).

    python scripts/spec_diff.py OLD.json NEW.json [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

SIGNS = {"+": "added", "-": "removed", "~": "changed"}


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


def _enum_values(schema: dict[str, Any]) -> set[str]:
    """A schema's enum values: a closed ``enum``, or an open string's ``x-ms-enum`` values."""
    values = {str(value) for value in schema.get("enum", [])}
    extension = schema.get("x-ms-enum", {})
    values |= {str(item["value"]) for item in extension.get("values", []) if "value" in item}
    return values


def _enums(schemas: dict[str, Any]) -> dict[str, set[str]]:
    """``Schema`` or ``Schema.property`` -> its enum values, wherever there are some."""
    found: dict[str, set[str]] = {}
    for name, schema in schemas.items():
        if _enum_values(schema):
            found[name] = _enum_values(schema)
        for prop, sub in _properties(schema).items():
            if isinstance(sub, dict) and _enum_values(sub):
                found[f"{name}.{prop}"] = _enum_values(sub)
    return found


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema's own properties, also those in its inline ``allOf`` members."""
    found = dict(schema.get("properties", {}))
    for member in schema.get("allOf", []):
        found.update(member.get("properties", {}))
    return found


Change = tuple[str, str, str, str]  # sign, kind, owner ("" for top-level things), name


def _compare(kind: str, old: Any, new: Any, found: list[Change], owner: str = "") -> None:
    for name in sorted(new.keys() - old.keys()):
        found.append(("+", kind, owner, name))
    for name in sorted(old.keys() - new.keys()):
        found.append(("-", kind, owner, name))
    for name in sorted(old.keys() & new.keys()):
        if old[name] != new[name]:
            found.append(("~", kind, owner, name))


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every difference of the API surface, in report order."""
    found: list[Change] = []
    old_version = old.get("info", {}).get("version")
    new_version = new.get("info", {}).get("version")
    if old_version != new_version:
        found.append(("~", "API version", "", f"{old_version} -> {new_version}"))
    old_ops, new_ops = _operations(old), _operations(new)
    _compare("operation", dict.fromkeys(old_ops, 1), dict.fromkeys(new_ops, 1), found)
    for op_id in sorted(old_ops.keys() & new_ops.keys()):
        before, after = old_ops[op_id], new_ops[op_id]
        _compare("parameter", _parameters(old, before), _parameters(new, after), found, op_id)
        _compare("response", before["responses"], after["responses"], found, op_id)
        for key in sorted((before.keys() | after.keys()) - {"parameters", "requestBody",
                                                              "responses"}):
            if before.get(key) != after.get(key):
                found.append(("~", key, op_id, ""))
    old_schemas = old.get("components", {}).get("schemas", {})
    new_schemas = new.get("components", {}).get("schemas", {})
    _compare("schema", dict.fromkeys(old_schemas, 1), dict.fromkeys(new_schemas, 1), found)
    for name in sorted(old_schemas.keys() & new_schemas.keys()):
        before, after = old_schemas[name], new_schemas[name]
        _compare("property", _properties(before), _properties(after), found, name)
        rest = {k for k in before.keys() | after.keys() if k not in ("properties", "allOf")}
        refs = [[m for m in schema.get("allOf", []) if "$ref" in m] for schema in (before, after)]
        if any(before.get(k) != after.get(k) for k in rest) or refs[0] != refs[1]:
            found.append(("~", "schema", "", f"{name} (other than properties)"))
    old_enums, new_enums = _enums(old_schemas), _enums(new_schemas)
    for owner in sorted(old_enums.keys() & new_enums.keys()):
        _compare("enum value", dict.fromkeys(old_enums[owner], 1),
                 dict.fromkeys(new_enums[owner], 1), found, owner)
    return found


def _line(change: Change) -> str:
    sign, kind, owner, name = change
    if kind == "API version":
        return f"  ~ API version {name}"
    words = [owner, kind, name] if owner else [kind, name]
    return f"  {sign} " + " ".join(word for word in words if word)


def report(
    old: dict[str, Any], new: dict[str, Any], missing_examples: dict[str, str] | None = None
) -> str:
    """The changes as text, then the example files the new source lacks."""
    found = changes(old, new)
    lines = [_line(change) for change in found]
    if lines and all(kind == "API version" for _, kind, _, _ in found):
        lines.append("  (operations, parameters, schemas and responses are unchanged)")
    text = "Changes:\n" + "\n".join(lines) + "\n" if lines else "No changes to the API surface.\n"
    if missing_examples:
        text += "Examples missing upstream (listed in the lock; no test for them):\n"
        text += "".join(f"  ! {path} ({operation_id})\n"
                        for path, operation_id in sorted(missing_examples.items()))
    return text


def report_json(
    old: dict[str, Any], new: dict[str, Any], missing_examples: dict[str, str] | None = None
) -> dict[str, Any]:
    """The changes as one JSON-ready document."""
    return {
        "from": old.get("info", {}).get("version"),
        "to": new.get("info", {}).get("version"),
        "changes": [
            {"change": SIGNS[sign], "kind": kind, "of": owner, "name": name}
            for sign, kind, owner, name in changes(old, new)
        ],
        "missing_examples": dict(sorted((missing_examples or {}).items())),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: ``spec_diff.py OLD.json NEW.json [--json]``."""
    parser = argparse.ArgumentParser(prog="spec_diff.py", usage="spec_diff.py OLD.json NEW.json"
                                     " [--json]", description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    with open(args.old, encoding="utf-8") as old_file, open(args.new, encoding="utf-8") as new:
        old, new_doc = json.load(old_file), json.load(new)
    if args.json:
        print(json.dumps(report_json(old, new_doc), indent=2))
    else:
        print(report(old, new_doc), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
