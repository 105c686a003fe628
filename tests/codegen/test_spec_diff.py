"""scripts/spec_diff.py: the change report printed when spec/openapi.json changes."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import spec_diff  # noqa: E402
from spec_diff import report  # noqa: E402

OP = "Things_Do"
PATH = "/things/{thingName}"


def openapi(version: str = "2001-01-01") -> dict[str, Any]:
    """A small OpenAPI document: one operation, a ref'd parameter, a body, two schemas."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Things", "version": version},
        "paths": {
            PATH: {
                "post": {
                    "operationId": OP,
                    "x-ms-long-running-operation": True,
                    "parameters": [
                        {"name": "thingName", "in": "path", "required": True,
                         "schema": {"type": "string"}},
                        {"name": "top", "in": "query", "required": False,
                         "schema": {"type": "integer"}},
                        {"$ref": "#/components/parameters/ApiVersionParameter"},
                    ],
                    "requestBody": {
                        "required": False,
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Thing"}}},
                    },
                    "responses": {
                        "200": {"description": "OK"},
                        "default": {"description": "Error", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"}}}},
                    },
                }
            }
        },
        "components": {
            "parameters": {
                "ApiVersionParameter": {"name": "api-version", "in": "query", "required": True,
                                        "schema": {"type": "string"}},
            },
            "schemas": {
                "Thing": {"type": "object", "properties": {
                    "a": {"type": "string"}, "b": {"type": "integer"}}},
                "Error": {"type": "object", "properties": {"code": {"type": "string"}}},
            },
        },
    }  # fmt: skip


def the_op(document: dict[str, Any]) -> dict[str, Any]:
    op: dict[str, Any] = document["paths"][PATH]["post"]
    return op


def changes(*lines: str) -> str:
    return "Changes:\n" + "".join(f"{line}\n" for line in lines)


def test_no_change() -> None:
    assert report(openapi(), openapi()) == "No changes to the API surface.\n"


def test_version_change_only_says_the_surface_is_unchanged() -> None:
    assert report(openapi("2001-01-01"), openapi("2001-02-01")) == changes(
        "  ~ API version 2001-01-01 -> 2001-02-01",
        "  (operations, parameters, schemas and responses are unchanged)",
    )


def test_version_change_with_other_changes_has_no_unchanged_note() -> None:
    new = openapi("2001-02-01")
    new["components"]["schemas"]["Extra"] = {"type": "string"}
    assert report(openapi(), new) == changes(
        "  ~ API version 2001-01-01 -> 2001-02-01",
        "  + schema Extra",
    )


def with_second_operation() -> dict[str, Any]:
    document = openapi()
    document["paths"]["/things"] = {"get": {
        "operationId": "Things_List", "responses": {"200": {"description": "OK"}}}}  # fmt: skip
    return document


def test_operation_added() -> None:
    assert report(openapi(), with_second_operation()) == changes("  + operation Things_List")


def test_operation_removed() -> None:
    assert report(with_second_operation(), openapi()) == changes("  - operation Things_List")


def test_operation_moved_to_another_path_is_reported() -> None:
    new = openapi()
    new["paths"] = {"/things/{thingName}/do": new["paths"][PATH]}
    assert report(openapi(), new) == changes("  ~ Things_Do route")


def test_operation_changing_method_is_reported() -> None:
    new = openapi()
    new["paths"][PATH] = {"put": new["paths"][PATH]["post"]}
    assert report(openapi(), new) == changes("  ~ Things_Do route")


def test_parameter_added() -> None:
    new = openapi()
    the_op(new)["parameters"].append(
        {"name": "$filter", "in": "query", "schema": {"type": "string"}})
    assert report(openapi(), new) == changes("  + Things_Do parameter query $filter")


def test_parameter_removed() -> None:
    new = openapi()
    del the_op(new)["parameters"][1]
    assert report(openapi(), new) == changes("  - Things_Do parameter query top")


def test_parameter_required_flag_changed() -> None:
    new = openapi()
    the_op(new)["parameters"][1]["required"] = True
    assert report(openapi(), new) == changes("  ~ Things_Do parameter query top")


def test_parameter_without_required_counts_as_optional() -> None:
    new = openapi()
    del the_op(new)["parameters"][1]["required"]
    assert report(openapi(), new) == "No changes to the API surface.\n"


def test_parameter_schema_changed() -> None:
    new = openapi()
    the_op(new)["parameters"][0]["schema"] = {"type": "string", "pattern": "^[a-z]+$"}
    assert report(openapi(), new) == changes("  ~ Things_Do parameter path thingName")


def test_referenced_parameter_is_compared_by_its_target() -> None:
    new = openapi()
    new["components"]["parameters"]["ApiVersionParameter"]["required"] = False
    assert report(openapi(), new) == changes("  ~ Things_Do parameter query api-version")


def test_inlining_a_referenced_parameter_is_no_change() -> None:
    new = openapi()
    the_op(new)["parameters"][2] = copy.deepcopy(
        new["components"]["parameters"]["ApiVersionParameter"])
    assert report(openapi(), new) == "No changes to the API surface.\n"


def test_body_required_flag_changed() -> None:
    new = openapi()
    the_op(new)["requestBody"]["required"] = True
    assert report(openapi(), new) == changes("  ~ Things_Do parameter body")


def test_body_removed() -> None:
    new = openapi()
    del the_op(new)["requestBody"]
    assert report(openapi(), new) == changes("  - Things_Do parameter body")


def test_response_code_added() -> None:
    new = openapi()
    the_op(new)["responses"]["202"] = {"description": "Accepted"}
    assert report(openapi(), new) == changes("  + Things_Do response 202")


def test_response_code_removed_and_changed() -> None:
    new = openapi()
    del the_op(new)["responses"]["200"]
    the_op(new)["responses"]["default"]["description"] = "Something went wrong"
    assert report(openapi(), new) == changes(
        "  - Things_Do response 200",
        "  ~ Things_Do response default",
    )


def test_other_operation_field_changed() -> None:
    new = openapi()
    the_op(new)["x-ms-long-running-operation"] = False
    the_op(new)["description"] = "now documented"
    assert report(openapi(), new) == changes(
        "  ~ Things_Do description",
        "  ~ Things_Do x-ms-long-running-operation",
    )


def test_schema_added() -> None:
    new = openapi()
    new["components"]["schemas"]["Zed"] = {"type": "string"}
    new["components"]["schemas"]["Alpha"] = {"type": "string"}
    assert report(openapi(), new) == changes("  + schema Alpha", "  + schema Zed")


def test_schema_removed() -> None:
    new = openapi()
    del new["components"]["schemas"]["Error"]
    assert report(openapi(), new) == changes("  - schema Error")


def test_property_added() -> None:
    new = openapi()
    new["components"]["schemas"]["Thing"]["properties"]["c"] = {"type": "boolean"}
    assert report(openapi(), new) == changes("  + Thing property c")


def test_property_removed() -> None:
    new = openapi()
    del new["components"]["schemas"]["Thing"]["properties"]["b"]
    assert report(openapi(), new) == changes("  - Thing property b")


def test_property_changed() -> None:
    new = openapi()
    new["components"]["schemas"]["Thing"]["properties"]["a"] = {"type": "string",
                                                                 "readOnly": True}
    assert report(openapi(), new) == changes("  ~ Thing property a")


def test_schema_changed_outside_its_properties() -> None:
    new = openapi()
    new["components"]["schemas"]["Thing"]["required"] = ["a"]
    assert report(openapi(), new) == changes("  ~ schema Thing (other than properties)")


def test_everything_at_once_is_reported_in_order() -> None:
    old = with_second_operation()
    new = openapi("2001-03-01")
    the_op(new)["parameters"][1]["required"] = True
    the_op(new)["responses"]["202"] = {"description": "Accepted"}
    schemas = new["components"]["schemas"]
    schemas["Thing"]["properties"]["c"] = {"type": "boolean"}
    del schemas["Thing"]["properties"]["b"]
    schemas["New"] = {"type": "object"}
    assert report(old, new) == changes(
        "  ~ API version 2001-01-01 -> 2001-03-01",
        "  - operation Things_List",
        "  ~ Things_Do parameter query top",
        "  + Things_Do response 202",
        "  + schema New",
        "  + Thing property c",
        "  - Thing property b",
    )


def test_command_line_prints_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(openapi()), "utf-8")
    new.write_text(json.dumps(openapi("2001-02-01")), "utf-8")
    assert spec_diff.main([str(old), str(new)]) == 0
    assert capsys.readouterr().out == changes(
        "  ~ API version 2001-01-01 -> 2001-02-01",
        "  (operations, parameters, schemas and responses are unchanged)",
    )
    assert spec_diff.main([str(old)]) == 2
    assert "usage: spec_diff.py OLD.json NEW.json" in capsys.readouterr().err


def test_enum_values_added_and_removed_are_listed() -> None:
    old, new = openapi(), openapi()
    old["components"]["schemas"]["Mode"] = {"type": "string", "enum": ["A", "B"]}
    new["components"]["schemas"]["Mode"] = {"type": "string", "enum": ["A", "C"]}
    open_values = {"name": "Kind", "modelAsString": True, "values": [{"value": "x"}]}
    old["components"]["schemas"]["Thing"]["properties"]["a"]["x-ms-enum"] = open_values
    new["components"]["schemas"]["Thing"]["properties"]["a"]["x-ms-enum"] = {
        **open_values, "values": [{"value": "x"}, {"value": "y"}]}
    assert report(old, new) == changes(
        "  ~ schema Mode (other than properties)",
        "  ~ Thing property a",
        "  + Mode enum value C",
        "  - Mode enum value B",
        "  + Thing.a enum value y",
    )


def test_properties_of_a_subtype_are_compared_through_its_all_of() -> None:
    old, new = openapi(), openapi()
    own = {"type": "object", "properties": {"x": {"type": "string"}}}
    old["components"]["schemas"]["Sub"] = {
        "allOf": [{"$ref": "#/components/schemas/Thing"}, copy.deepcopy(own)]}
    own["properties"]["y"] = {"type": "string"}
    new["components"]["schemas"]["Sub"] = {
        "allOf": [{"$ref": "#/components/schemas/Thing"}, own]}
    assert report(old, new) == changes("  + Sub property y")


def test_missing_examples_are_listed_after_the_changes() -> None:
    text = report(openapi(), openapi(), {"a/examples/X.json": "Things_Do"})
    assert text == (
        "No changes to the API surface.\n"
        "Examples missing upstream (listed in the lock; no test for them):\n"
        "  ! a/examples/X.json (Things_Do)\n"
    )


def test_json_report_lists_every_change_and_the_missing_examples() -> None:
    new = with_second_operation()
    new["info"]["version"] = "2001-02-01"
    new["components"]["schemas"]["Thing"]["properties"]["c"] = {"type": "boolean"}
    assert spec_diff.report_json(openapi(), new, {"m.json": "Things_Do"}) == {
        "from": "2001-01-01",
        "to": "2001-02-01",
        "changes": [
            {"change": "changed", "kind": "API version", "of": "",
             "name": "2001-01-01 -> 2001-02-01"},
            {"change": "added", "kind": "operation", "of": "", "name": "Things_List"},
            {"change": "added", "kind": "property", "of": "Thing", "name": "c"},
        ],
        "missing_examples": {"m.json": "Things_Do"},
    }  # fmt: skip


def test_command_line_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(openapi()), "utf-8")
    new.write_text(json.dumps(with_second_operation()), "utf-8")
    assert spec_diff.main([str(old), str(new), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["changes"] == [
        {"change": "added", "kind": "operation", "of": "", "name": "Things_List"}]
