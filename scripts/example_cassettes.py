"""Derive one VCR cassette per (example, status code) from spec/examples.json.

Each cassette holds the request the generated client sends for the example's parameters and
the answer the example documents (status, headers, JSON body).
tests/codegen/test_example_cassettes.py replays them through the generated client.
``make regenerate`` rewrites them with the spec, so a version bump brings its own cassettes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import yaml  # type: ignore[import-untyped]
from project import ROOT

CASSETTE_DIR = ROOT / "tests" / "cassettes" / "examples"
# The host the cassettes are keyed to; nothing listens there, the cassettes answer.
BASE_URL = "http://127.0.0.1:18490"


def cassette_name(example: str, code: str) -> str:
    """File name of the cassette for ``example`` answered with ``code``."""
    return f"{example}-{code}.yaml"


def _operations(document: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {
        operation["operationId"]: (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "operationId" in operation
    }


def _parameters(document: dict[str, Any], operation: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for parameter in operation.get("parameters", []):
        if "$ref" in parameter:
            parameter = document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        found.append(parameter)
    return found


def request_for(
    document: dict[str, Any], operation_id: str, values: dict[str, Any]
) -> dict[str, Any]:
    """The request the generated client sends for ``operation_id`` given the example's
    parameter ``values``: method, URI (path values quoted like the client does) and body."""
    path, method, operation = _operations(document)[operation_id]
    query: list[tuple[str, str]] = []
    for parameter in _parameters(document, operation):
        name = parameter["name"]
        if name not in values:
            continue
        if parameter["in"] == "path":
            path = path.replace("{" + name + "}", quote(str(values[name]), safe=""))
        elif parameter["in"] == "query":
            query.append((name, str(values[name])))
    body_name = operation.get("requestBody", {}).get("x-ms-requestBody-name")
    body = values.get(body_name) if body_name else None
    headers = {"content-type": ["application/json"]} if body is not None else {}
    return {
        "method": method.upper(),
        "uri": BASE_URL + path + ("?" + urlencode(query) if query else ""),
        "body": "" if body is None else json.dumps(body, separators=(",", ":")),
        "headers": headers,
    }


def response_for(answer: dict[str, Any], code: str) -> dict[str, Any]:
    """The example's answer as a VCR response."""
    headers = {name.lower(): [str(value)] for name, value in answer.get("headers", {}).items()}
    body = ""
    if "body" in answer:
        body = json.dumps(answer["body"])
        headers["content-type"] = ["application/json"]
    return {
        "status": {"code": int(code), "message": ""},
        "headers": headers,
        "body": {"string": body},
    }


def cassettes(document: dict[str, Any], examples: dict[str, Any]) -> dict[str, str]:
    """``{file name: YAML text}``: one cassette per example and documented status code."""
    out: dict[str, str] = {}
    for name, example in sorted(examples.items()):
        request = request_for(document, example["operationId"], example["parameters"])
        for code, answer in sorted(example["responses"].items()):
            cassette = {
                "interactions": [{"request": request, "response": response_for(answer, code)}],
                "version": 1,
            }
            out[cassette_name(name, code)] = yaml.safe_dump(cassette, sort_keys=True, width=100)
    return out


def write(document: dict[str, Any], examples: dict[str, Any], folder: Path) -> None:
    """Replace the cassettes in ``folder`` with those derived from ``examples``."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, text in cassettes(document, examples).items():
        (folder / name).write_text(text, "utf-8")
