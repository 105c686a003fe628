"""scripts/build_spec.py: Swagger 2.0 -> OpenAPI 3.0.3, construct by construct.

Each test holds a small hand-written Swagger document keyed by a fake repository path
(``spec/a/main.json`` refers to ``spec/common.json`` as ``../common.json``). One test at the end
converts the real upstream files from the offline mirror.
"""

from __future__ import annotations

import copy
import json
import os
import string
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import azure_passes  # noqa: E402
import build_spec  # noqa: E402
import fetch_spec  # noqa: E402
import project  # noqa: E402
from swagger_refs import SpecError  # noqa: E402

ENTRY = "spec/a/main.json"
COMMON = "spec/common.json"
OTHER = "spec/b/other.json"
PATH = "/things/{thingName}"
THING_NAME = {"name": "thingName", "in": "path", "required": True, "type": "string"}


def swagger(operations: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A minimal entry document; ``operations`` maps method -> operation on ``PATH``."""
    if operations is None:
        operations = {"post": operation()}
    document: dict[str, Any] = {
        "swagger": "2.0",
        "info": {"title": "Things", "version": "2024-01-01"},
        "host": "management.example.com",
        "schemes": ["https"],
        "paths": {PATH: operations},
    }
    document.update(extra)
    return document


def operation(op_id: str = "Things_Do", **extra: Any) -> dict[str, Any]:
    """An operation with the path parameter and one plain 200 response."""
    op: dict[str, Any] = {
        "operationId": op_id,
        "parameters": [dict(THING_NAME)],
        "responses": {"200": {"description": "OK"}},
    }
    op.update(extra)
    return op


def convert(documents: dict[str, Any], ops: list[str] | None = None) -> dict[str, Any]:
    return build_spec.Converter(documents, [ENTRY]).convert(ops or ["Things_Do"])


def the_op(result: dict[str, Any], method: str = "post") -> dict[str, Any]:
    op: dict[str, Any] = result["paths"][PATH][method]
    return op


def schema_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def ok_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Responses: a 200 whose body is ``schema``."""
    return {"200": {"description": "OK", "schema": schema}}


COMMON_DOC: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "Common types", "version": "1.0"},
    "paths": {},
    "parameters": {
        "ApiVersionParameter": {
            "name": "api-version",
            "in": "query",
            "required": True,
            "type": "string",
            "description": "Client API version.",
        },
        "BodyParameter": {
            "name": "payload",
            "in": "body",
            "required": True,
            "schema": {"$ref": "#/definitions/Inner"},
            "description": "Shared body.",
        },
    },
    "definitions": {
        "Error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "inner": {"$ref": "#/definitions/Inner"},
            },
        },
        "Inner": {"type": "object", "properties": {"detail": {"type": "string"}}},
        "Unused": {"type": "object", "properties": {"never": {"type": "string"}}},
    },
    "responses": {
        "ErrorResponse": {
            "description": "Error.",
            "schema": {"$ref": "#/definitions/Error"},
        }
    },
}


# -- references ----------------------------------------------------------------------------


def test_cross_file_schema_ref_is_hoisted_into_components_by_name() -> None:
    main = swagger({"post": operation(responses={
        "200": {"description": "OK"},
        "default": {"description": "Error",
                    "schema": {"$ref": "../common.json#/definitions/Error"}},
    })})  # fmt: skip
    result = convert({ENTRY: main, COMMON: COMMON_DOC})

    default = the_op(result)["responses"]["default"]
    assert default["content"] == {"application/json": {"schema": schema_ref("Error")}}
    # Error's own local ref (#/definitions/Inner inside common.json) is hoisted too.
    assert result["components"]["schemas"] == {
        "Error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "inner": {"$ref": "#/components/schemas/Inner"},
            },
        },
        "Inner": {"type": "object", "properties": {"detail": {"type": "string"}}},
    }


def test_ref_to_response_is_hoisted_into_components_responses() -> None:
    main = swagger({"post": operation(responses={
        "200": {"description": "OK"},
        "default": {"$ref": "../common.json#/responses/ErrorResponse"},
    })})  # fmt: skip
    result = convert({ENTRY: main, COMMON: COMMON_DOC})
    default = the_op(result)["responses"]["default"]
    assert default == {"$ref": "#/components/responses/ErrorResponse"}
    assert result["components"]["responses"]["ErrorResponse"] == {
        "description": "Error.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    assert set(result["components"]["schemas"]) == {"Error", "Inner"}


def test_refd_parameter_is_hoisted_into_components_parameters() -> None:
    op = operation()
    op["parameters"].append({"$ref": "../common.json#/parameters/ApiVersionParameter"})
    result = convert({ENTRY: swagger({"post": op}), COMMON: COMMON_DOC})

    assert the_op(result)["parameters"] == [
        {"name": "thingName", "in": "path", "required": True, "schema": {"type": "string"}},
        {"$ref": "#/components/parameters/ApiVersionParameter"},
    ]
    assert result["components"]["parameters"] == {
        "ApiVersionParameter": {
            "name": "api-version",
            "in": "query",
            "required": True,
            "description": "Client API version.",
            "schema": {"type": "string"},
        }
    }
    assert "schemas" not in result["components"]


def test_operation_parameter_overrides_path_item_parameter_of_same_name() -> None:
    main = swagger({
        "parameters": [
            {"name": "thingName", "in": "path", "required": True, "type": "string",
             "description": "from the path item"},
            {"name": "shared", "in": "query", "type": "integer"},
        ],
        "post": {
            "operationId": "Things_Do",
            "parameters": [{"name": "thingName", "in": "path", "required": True,
                            "type": "string", "description": "from the operation"}],
            "responses": {"200": {"description": "OK"}},
        },
    })  # fmt: skip
    params = the_op(convert({ENTRY: main}))["parameters"]
    assert params == [
        {"name": "thingName", "in": "path", "required": True,
         "description": "from the operation", "schema": {"type": "string"}},
        {"name": "shared", "in": "query", "schema": {"type": "integer"}},
    ]  # fmt: skip


def test_recursive_schema_terminates_and_refers_to_itself() -> None:
    main = swagger(
        {"post": operation(responses=ok_schema({"$ref": "#/definitions/Node"}))},
        definitions={
            "Node": {
                "type": "object",
                "properties": {
                    "children": {"type": "array", "items": {"$ref": "#/definitions/Node"}},
                    "peer": {"$ref": "../common.json#/definitions/Peer"},
                },
            }
        },
    )
    common = {"definitions": {"Peer": {"type": "object", "properties": {
        "back": {"$ref": "a/main.json#/definitions/Node"}}}}}  # fmt: skip
    schemas = convert({ENTRY: main, COMMON: common})["components"]["schemas"]
    assert schemas == {
        "Node": {
            "type": "object",
            "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                "peer": {"$ref": "#/components/schemas/Peer"},
            },
        },
        "Peer": {"type": "object", "properties": {"back": {"$ref": "#/components/schemas/Node"}}},
    }


def test_missing_file_is_a_spec_error_naming_it() -> None:
    main = swagger({"post": operation(responses=ok_schema(
        {"$ref": "../missing.json#/definitions/X"}))})  # fmt: skip
    with pytest.raises(SpecError, match=r"spec/missing\.json.*not fetched"):
        convert({ENTRY: main})


def test_missing_file_error_names_the_referring_file() -> None:
    main = swagger({"post": operation(responses=ok_schema(
        {"$ref": "../missing.json#/definitions/X"}))})  # fmt: skip
    with pytest.raises(SpecError) as caught:
        convert({ENTRY: main})
    assert str(caught.value) == f"{ENTRY}: $ref to spec/missing.json, which was not fetched"


def test_missing_file_error_from_a_second_file_names_that_file() -> None:
    main = swagger({"post": operation(responses=ok_schema(
        {"$ref": "../common.json#/definitions/Holder"}))})  # fmt: skip
    common = {"definitions": {"Holder": {"properties": {
        "x": {"$ref": "./gone.json#/definitions/X"}}}}}  # fmt: skip
    with pytest.raises(SpecError) as caught:
        convert({ENTRY: main, COMMON: common})
    assert str(caught.value) == f"{COMMON}: $ref to spec/gone.json, which was not fetched"


def test_missing_pointer_is_a_spec_error_naming_the_file_and_pointer() -> None:
    main = swagger({"post": operation(responses=ok_schema(
        {"$ref": "../common.json#/definitions/Nope"}))})  # fmt: skip
    with pytest.raises(SpecError) as caught:
        convert({ENTRY: main, COMMON: COMMON_DOC})
    assert "spec/common.json" in str(caught.value)
    assert "#/definitions/Nope" in str(caught.value)


def test_missing_parameter_pointer_is_a_spec_error() -> None:
    op = operation()
    op["parameters"].append({"$ref": "../common.json#/parameters/Nope"})
    with pytest.raises(SpecError, match=r"#/parameters/Nope does not exist"):
        convert({ENTRY: swagger({"post": op}), COMMON: COMMON_DOC})


def test_ref_that_cannot_be_hoisted_is_a_spec_error() -> None:
    main = swagger({"post": operation(responses=ok_schema(
        {"$ref": "../common.json#/definitions/Error/properties/code"}))})  # fmt: skip
    with pytest.raises(SpecError, match=r"spec/common\.json: cannot hoist"):
        convert({ENTRY: main, COMMON: COMMON_DOC})


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("https://example.com/x.json#/definitions/X", "remote"),
        ("../../../outside.json#/definitions/X", "leaves the repository"),
    ],
)
def test_remote_or_escaping_ref_is_a_spec_error(ref: str, message: str) -> None:
    main = swagger({"post": operation(responses=ok_schema({"$ref": ref}))})
    with pytest.raises(SpecError, match=message):
        convert({ENTRY: main})


def test_same_name_different_content_in_two_files_is_a_name_clash() -> None:
    main = swagger({"post": operation(responses={
        "200": {"description": "OK", "schema": {"$ref": "../common.json#/definitions/Inner"}},
        "202": {"description": "Accepted",
                "schema": {"$ref": "../b/other.json#/definitions/Inner"}},
    })})  # fmt: skip
    other = {"definitions": {"Inner": {"type": "string"}}}
    with pytest.raises(SpecError) as caught:
        convert({ENTRY: main, COMMON: COMMON_DOC, OTHER: other})
    message = str(caught.value)
    assert "name clash" in message
    assert "'Inner'" in message
    assert COMMON in message
    assert OTHER in message


def test_identical_definitions_under_one_name_are_merged() -> None:
    main = swagger({"post": operation(responses={
        "200": {"description": "OK", "schema": {"$ref": "../common.json#/definitions/Inner"}},
        "202": {"description": "Accepted",
                "schema": {"$ref": "../b/other.json#/definitions/Inner"}},
    })})  # fmt: skip
    other = {"definitions": {"Inner": copy.deepcopy(COMMON_DOC["definitions"]["Inner"])}}
    result = convert({ENTRY: main, COMMON: COMMON_DOC, OTHER: other})
    responses = the_op(result)["responses"]
    ref = {"$ref": "#/components/schemas/Inner"}
    assert responses["200"]["content"]["application/json"]["schema"] == ref
    assert responses["202"]["content"]["application/json"]["schema"] == ref
    assert result["components"]["schemas"] == {
        "Inner": {"type": "object", "properties": {"detail": {"type": "string"}}}
    }


def test_identical_definitions_whose_refs_differ_are_a_name_clash() -> None:
    main = swagger({"post": operation(responses={
        "200": {"description": "OK", "schema": {"$ref": "../common.json#/definitions/Wrapper"}},
        "202": {"description": "Accepted",
                "schema": {"$ref": "../b/other.json#/definitions/Wrapper"}},
    })})  # fmt: skip
    wrapper = {"type": "object", "properties": {"d": {"$ref": "#/definitions/Detail"}}}
    common = {"definitions": {"Wrapper": wrapper, "Detail": {"type": "string"}}}
    other = {"definitions": {"Wrapper": copy.deepcopy(wrapper), "Detail": {"type": "integer"}}}
    with pytest.raises(SpecError) as caught:
        convert({ENTRY: main, COMMON: common, OTHER: other})
    message = str(caught.value)
    assert "'Detail'" in message
    assert COMMON in message
    assert OTHER in message


# -- operations, parameters, bodies, responses ------------------------------------------------


@pytest.mark.parametrize("required", [True, False])
def test_body_parameter_becomes_request_body_keeping_required(required: bool) -> None:
    op = operation()
    op["parameters"].append({
        "name": "payload", "in": "body", "required": required,
        "description": "The payload.", "schema": {"$ref": "#/definitions/Payload"},
    })  # fmt: skip
    main = swagger({"post": op}, definitions={"Payload": {"type": "object"}})
    result = convert({ENTRY: main})
    converted = the_op(result)
    assert converted["requestBody"] == {
        "required": required,
        "description": "The payload.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Payload"}}},
        "x-ms-requestBody-name": "payload",
    }
    # The body is not left among the parameters.
    assert [p["name"] for p in converted["parameters"]] == ["thingName"]
    assert result["components"]["schemas"] == {"Payload": {"type": "object"}}


def test_body_parameter_without_required_is_not_required() -> None:
    op = operation()
    op["parameters"].append({"name": "payload", "in": "body", "schema": {"type": "object"}})
    body = the_op(convert({ENTRY: swagger({"post": op})}))["requestBody"]
    assert body["required"] is False


def test_refd_body_parameter_is_inlined_as_request_body() -> None:
    op = operation()
    op["parameters"].append({"$ref": "../common.json#/parameters/BodyParameter"})
    result = convert({ENTRY: swagger({"post": op}), COMMON: COMMON_DOC})
    assert the_op(result)["requestBody"] == {
        "required": True,
        "description": "Shared body.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Inner"}}},
        "x-ms-requestBody-name": "payload",
    }
    assert "parameters" not in result["components"]
    assert set(result["components"]["schemas"]) == {"Inner"}


def test_body_content_uses_the_documents_consumes() -> None:
    op = operation()
    op["parameters"].append({"name": "payload", "in": "body", "schema": {"type": "string"}})
    main = swagger({"post": op}, consumes=["application/json", "text/json"])
    body = the_op(convert({ENTRY: main}))["requestBody"]
    assert body["content"] == {
        "application/json": {"schema": {"type": "string"}},
        "text/json": {"schema": {"type": "string"}},
    }


def test_operation_level_consumes_overrides_the_documents() -> None:
    op = operation(consumes=["application/xml"])
    op["parameters"].append({"name": "payload", "in": "body", "schema": {"type": "string"}})
    body = the_op(convert({ENTRY: swagger({"post": op})}))["requestBody"]
    assert list(body["content"]) == ["application/xml"]


def test_response_schema_becomes_json_content_and_plain_response_has_none() -> None:
    main = swagger({"post": operation(responses={
        "200": {"description": "OK", "schema": {"type": "array", "items": {"type": "string"}}},
        "202": {"description": "Accepted"},
    })})  # fmt: skip
    responses = the_op(convert({ENTRY: main}))["responses"]
    assert responses == {
        "200": {
            "description": "OK",
            "content": {"application/json": {
                "schema": {"type": "array", "items": {"type": "string"}}}},
        },
        "202": {"description": "Accepted"},
    }


def test_operation_level_produces_sets_response_media_types() -> None:
    main = swagger({"post": operation(produces=["text/plain"],
                                      responses=ok_schema({"type": "string"}))})  # fmt: skip
    response = the_op(convert({ENTRY: main}))["responses"]["200"]
    assert response["content"] == {"text/plain": {"schema": {"type": "string"}}}
    assert "produces" not in the_op(convert({ENTRY: main}))


def test_response_headers_get_a_schema_from_their_type() -> None:
    main = swagger({"post": operation(responses={"202": {
        "description": "Accepted",
        "headers": {
            "Location": {"type": "string", "description": "Where to poll."},
            "Retry-After": {"type": "integer", "format": "int32"},
        },
    }})})  # fmt: skip
    response = the_op(convert({ENTRY: main}))["responses"]["202"]
    assert response == {
        "description": "Accepted",
        "headers": {
            "Location": {"description": "Where to poll.", "schema": {"type": "string"}},
            "Retry-After": {"schema": {"type": "integer", "format": "int32"}},
        },
    }


def test_parameter_type_pattern_enum_format_move_into_schema() -> None:
    op = operation()
    op["parameters"] = [
        {"name": "thingName", "in": "path", "required": True, "type": "string",
         "pattern": "^[a-z]+$", "maxLength": 12, "minLength": 1,
         "x-ms-parameter-location": "method"},
        {"name": "mode", "in": "query", "required": False, "type": "string",
         "enum": ["fast", "safe"], "default": "safe", "allowEmptyValue": False},
        {"name": "top", "in": "query", "type": "integer", "format": "int32", "minimum": 1,
         "x-nullable": True},
        {"name": "x-ms-client-request-id", "in": "header", "type": "string", "format": "uuid"},
    ]  # fmt: skip
    params = the_op(convert({ENTRY: swagger({"post": op})}))["parameters"]
    assert params == [
        {"name": "thingName", "in": "path", "required": True, "x-ms-parameter-location": "method",
         "schema": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 12, "minLength": 1}},
        {"name": "mode", "in": "query", "required": False,
         "schema": {"type": "string", "enum": ["fast", "safe"], "default": "safe"}},
        {"name": "top", "in": "query",
         "schema": {"type": "integer", "format": "int32", "minimum": 1, "nullable": True}},
        {"name": "x-ms-client-request-id", "in": "header",
         "schema": {"type": "string", "format": "uuid"}},
    ]  # fmt: skip


def test_form_data_parameter_is_a_spec_error() -> None:
    op = operation()
    op["parameters"].append({"name": "upload", "in": "formData", "type": "string"})
    with pytest.raises(SpecError, match=r"spec/a/main\.json: parameter 'upload' in 'formData'"):
        convert({ENTRY: swagger({"post": op})})


def test_parameter_without_name_is_a_spec_error() -> None:
    op = operation()
    op["parameters"].append({"in": "query", "type": "string"})
    with pytest.raises(SpecError, match=r"^spec/a/main\.json: a 'query' parameter has no name"):
        convert({ENTRY: swagger({"post": op})})


def test_parameter_ref_to_something_that_is_not_a_parameter_is_a_spec_error() -> None:
    op = operation()
    op["parameters"].append({"$ref": "../common.json#/parameters/ApiVersionParameter/name"})
    with pytest.raises(SpecError, match=r"^spec/a/main\.json: \$ref .* is not a parameter"):
        convert({ENTRY: swagger({"post": op}), COMMON: COMMON_DOC})


@pytest.mark.parametrize(
    ("collection_format", "style", "explode"),
    [
        ("csv", "form", False),
        ("ssv", "spaceDelimited", False),
        ("pipes", "pipeDelimited", False),
        ("multi", "form", True),
    ],
)
def test_collection_format_becomes_style_and_explode(
    collection_format: str, style: str, explode: bool
) -> None:
    op = operation()
    op["parameters"].append({"name": "ids", "in": "query", "type": "array",
                             "items": {"type": "string"}, "collectionFormat": collection_format})
    params = the_op(convert({ENTRY: swagger({"post": op})}))["parameters"]
    assert params[1] == {"name": "ids", "in": "query", "style": style, "explode": explode,
                         "schema": {"type": "array", "items": {"type": "string"}}}  # fmt: skip


def test_csv_header_and_path_parameters_become_simple_style() -> None:
    op = operation()
    op["parameters"] = [
        {"name": "thingName", "in": "path", "required": True, "type": "array",
         "items": {"type": "string"}, "collectionFormat": "csv"},
        {"name": "x-ids", "in": "header", "type": "array", "items": {"type": "string"},
         "collectionFormat": "csv"},
    ]  # fmt: skip
    document = build_spec.build({ENTRY: swagger({"post": op})}, [ENTRY], ["Things_Do"])
    params = the_op(document)["parameters"]
    assert [(p["name"], p["style"], p["explode"]) for p in params] == [
        ("thingName", "simple", False),
        ("x-ids", "simple", False),
    ]


def test_long_running_operation_extensions_stay_and_examples_are_dropped() -> None:
    op = operation(**{
        "tags": ["Things"],
        "description": "Does the thing.",
        "x-ms-long-running-operation": True,
        "x-ms-long-running-operation-options": {"final-state-via": "azure-async-operation"},
        "x-ms-examples": {"Do it": {"$ref": "./examples/Do.json"}},
    })  # fmt: skip
    converted = the_op(convert({ENTRY: swagger({"post": op})}))
    assert converted["x-ms-long-running-operation"] is True
    assert converted["x-ms-long-running-operation-options"] == {
        "final-state-via": "azure-async-operation"
    }
    assert "x-ms-examples" not in converted
    assert converted["tags"] == ["Things"]
    assert converted["description"] == "Does the thing."
    assert converted["operationId"] == "Things_Do"


def test_missing_operation_id_is_a_spec_error_naming_it() -> None:
    with pytest.raises(SpecError, match=r"spec/a/main\.json: operationId\(s\) not found: Nope"):
        convert({ENTRY: swagger()}, ["Things_Do", "Nope"])


def test_unselected_operations_paths_and_definitions_are_absent() -> None:
    main = swagger(
        {
            "post": operation(responses=ok_schema({"$ref": "#/definitions/Kept"})),
            "get": operation("Things_Get", responses=ok_schema({"$ref": "#/definitions/Dropped"})),
        },
        definitions={
            "Kept": {"type": "object"},
            "Dropped": {"type": "object"},
            "Orphan": {"type": "string"},
        },
    )
    main["paths"]["/elsewhere"] = {"delete": {
        "operationId": "Elsewhere_Delete",
        "responses": {"200": {"description": "OK", "schema": {"$ref": "#/definitions/Dropped"}}},
    }}  # fmt: skip
    result = convert({ENTRY: main, COMMON: COMMON_DOC})
    assert list(result["paths"]) == [PATH]
    assert list(result["paths"][PATH]) == ["post"]
    assert result["components"] == {"schemas": {"Kept": {"type": "object"}}}
    assert "definitions" not in result


def test_two_selected_operations_on_one_path_are_both_kept() -> None:
    main = swagger({"post": operation(), "get": operation("Things_Get")})
    result = convert({ENTRY: main}, ["Things_Get", "Things_Do"])
    assert set(result["paths"][PATH]) == {"get", "post"}
    assert result["paths"][PATH]["get"]["operationId"] == "Things_Get"


def test_not_a_swagger_document_is_a_spec_error() -> None:
    main = swagger()
    main["swagger"] = "3.0"
    with pytest.raises(SpecError, match=r"spec/a/main\.json: not a Swagger 2\.0 document"):
        convert({ENTRY: main})


# -- document level --------------------------------------------------------------------------


def test_host_schemes_and_base_path_become_servers() -> None:
    main = swagger(schemes=["https", "http"], basePath="/api/")
    assert convert({ENTRY: main})["servers"] == [
        {"url": "https://management.example.com/api"},
        {"url": "http://management.example.com/api"},
    ]


def test_servers_default_to_https_and_to_the_base_path_without_host() -> None:
    main = swagger()
    del main["schemes"]
    assert convert({ENTRY: main})["servers"] == [{"url": "https://management.example.com"}]
    del main["host"]
    main["basePath"] = "/v1"
    assert convert({ENTRY: main})["servers"] == [{"url": "/v1"}]


def test_oauth2_implicit_security_definition_becomes_a_flow() -> None:
    main = swagger(
        securityDefinitions={
            "azure_auth": {
                "type": "oauth2",
                "flow": "implicit",
                "authorizationUrl": "https://login.example.com/authorize",
                "description": "Azure Active Directory OAuth2 Flow",
                "scopes": {"user_impersonation": "impersonate your user account"},
            }
        },
        security=[{"azure_auth": ["user_impersonation"]}],
    )
    result = convert({ENTRY: main})
    assert result["components"]["securitySchemes"] == {
        "azure_auth": {
            "type": "oauth2",
            "description": "Azure Active Directory OAuth2 Flow",
            "flows": {
                "implicit": {
                    "authorizationUrl": "https://login.example.com/authorize",
                    "scopes": {"user_impersonation": "impersonate your user account"},
                }
            },
        }
    }
    assert result["security"] == [{"azure_auth": ["user_impersonation"]}]


def test_info_version_given_as_a_number_stays_a_string() -> None:
    main = swagger(info={"title": "Things", "version": 2024, "description": "d"})
    info = convert({ENTRY: main})["info"]
    assert info == {"title": "Things", "version": "2024", "description": "d"}
    assert convert({ENTRY: swagger()})["info"]["version"] == "2024-01-01"
    assert convert({ENTRY: swagger()})["openapi"] == "3.0.3"


# -- schemas ---------------------------------------------------------------------------------


def test_x_nullable_becomes_nullable() -> None:
    main = swagger(
        {"post": operation(responses=ok_schema({"$ref": "#/definitions/Thing"}))},
        definitions={"Thing": {"type": "object", "x-nullable": False, "properties": {
            "note": {"type": "string", "x-nullable": True},
            "tags": {"type": "array", "items": {"type": "string", "x-nullable": True}},
            "extra": {"type": "object", "additionalProperties": {"type": "string",
                                                                 "x-nullable": True}},
        }}},
    )  # fmt: skip
    thing = convert({ENTRY: main})["components"]["schemas"]["Thing"]
    assert thing == {"type": "object", "nullable": False, "properties": {
        "note": {"type": "string", "nullable": True},
        "tags": {"type": "array", "items": {"type": "string", "nullable": True}},
        "extra": {"type": "object", "additionalProperties": {"type": "string", "nullable": True}},
    }}  # fmt: skip
    assert "x-nullable" not in json.dumps(thing)


def test_string_discriminator_becomes_an_object() -> None:
    main = swagger(
        {"post": operation(responses=ok_schema({"$ref": "#/definitions/Pet"}))},
        definitions={"Pet": {"type": "object", "discriminator": "kind", "required": ["kind"],
                             "properties": {"kind": {"type": "string"}}}},
    )  # fmt: skip
    pet = convert({ENTRY: main})["components"]["schemas"]["Pet"]
    assert pet["discriminator"] == {"propertyName": "kind"}
    assert pet["required"] == ["kind"]


def test_ref_with_siblings_becomes_all_of() -> None:
    main = swagger(
        {"post": operation(responses=ok_schema({"$ref": "#/definitions/Outer"}))},
        definitions={
            "Outer": {"type": "object", "properties": {
                "inner": {"$ref": "#/definitions/Inner", "description": "The inner one.",
                          "readOnly": True},
                "plain": {"$ref": "#/definitions/Inner"},
            }},
            "Inner": {"type": "object"},
        },
    )  # fmt: skip
    outer = convert({ENTRY: main})["components"]["schemas"]["Outer"]
    assert outer["properties"] == {
        "inner": {"allOf": [{"$ref": "#/components/schemas/Inner"}],
                  "description": "The inner one.", "readOnly": True},
        "plain": {"$ref": "#/components/schemas/Inner"},
    }  # fmt: skip


def test_x_nullable_sibling_of_a_ref_becomes_nullable() -> None:
    main = swagger(
        {"post": operation(responses=ok_schema({"$ref": "#/definitions/Outer"}))},
        definitions={
            "Outer": {"type": "object", "properties": {
                "inner": {"$ref": "#/definitions/Inner", "x-nullable": True}}},
            "Inner": {"type": "object"},
        },
    )  # fmt: skip
    outer = convert({ENTRY: main})["components"]["schemas"]["Outer"]
    assert outer["properties"]["inner"] == {
        "allOf": [{"$ref": "#/components/schemas/Inner"}], "nullable": True}


def test_all_of_and_nested_refs_are_hoisted() -> None:
    main = swagger(
        {"post": operation(responses=ok_schema({"$ref": "#/definitions/Child"}))},
        definitions={
            "Child": {"allOf": [{"$ref": "../common.json#/definitions/Inner"}],
                      "properties": {"errors": {"type": "array", "items": {
                          "$ref": "../common.json#/definitions/Error"}}}},
        },
    )  # fmt: skip
    schemas = convert({ENTRY: main, COMMON: COMMON_DOC})["components"]["schemas"]
    assert set(schemas) == {"Child", "Inner", "Error"}
    assert schemas["Child"]["allOf"] == [{"$ref": "#/components/schemas/Inner"}]
    assert schemas["Child"]["properties"]["errors"]["items"] == schema_ref("Error")


@pytest.mark.parametrize("where", ["response", "definition"])
def test_type_file_is_a_spec_error(where: str) -> None:
    if where == "response":
        main = swagger({"post": operation(responses=ok_schema({"type": "file"}))})
    else:
        main = swagger(
            {"post": operation(responses=ok_schema({"$ref": "#/definitions/Blob"}))},
            definitions={"Blob": {"type": "file"}},
        )
    with pytest.raises(SpecError, match=r"spec/a/main\.json: 'type: file'"):
        convert({ENTRY: main})


# -- output, validation, examples -------------------------------------------------------------


def test_dump_is_deterministic_sorted_and_ends_with_a_newline() -> None:
    main = swagger(
        {"post": operation(responses=ok_schema({"$ref": "#/definitions/Zeta"}))},
        definitions={"Zeta": {"type": "object", "description": "çà et là",
                              "properties": {"b": {"type": "string"}, "a": {"type": "string"}}}},
    )  # fmt: skip
    # The same document with every dict's keys in reverse order.
    def reverse(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: reverse(node[k]) for k in reversed(list(node))}
        if isinstance(node, list):
            return [reverse(item) for item in node]
        return node

    first = build_spec.dump(convert({ENTRY: main}))
    second = build_spec.dump(convert({ENTRY: main}))
    reversed_input = build_spec.dump(convert({ENTRY: reverse(main)}))
    assert first == second == reversed_input
    assert first.endswith("}\n")
    assert not first.endswith("\n\n")
    assert "çà et là" in first  # not \u-escaped
    assert first == json.dumps(json.loads(first), indent=2, sort_keys=True,
                               ensure_ascii=False) + "\n"  # fmt: skip
    assert first.index('"components"') < first.index('"info"') < first.index('"paths"')


def test_build_validates_a_rich_converted_document() -> None:
    op = operation(**{
        "x-ms-long-running-operation": True,
        "responses": {
            "200": {"description": "OK", "schema": {"$ref": "#/definitions/Outer"}},
            "202": {"description": "Accepted", "headers": {"Location": {"type": "string"}}},
            "default": {"$ref": "../common.json#/responses/ErrorResponse"},
        },
    })  # fmt: skip
    op["parameters"] += [
        {"$ref": "../common.json#/parameters/ApiVersionParameter"},
        {"$ref": "../common.json#/parameters/BodyParameter"},
        {"name": "ids", "in": "query", "type": "array", "items": {"type": "string"},
         "collectionFormat": "multi"},
    ]  # fmt: skip
    main = swagger(
        {"post": op},
        definitions={"Outer": {"type": "object", "discriminator": "kind", "required": ["kind"],
                               "properties": {"kind": {"type": "string"},
                                              "self": {"$ref": "#/definitions/Outer",
                                                       "description": "recursive"}}}},
        securityDefinitions={"azure_auth": {"type": "oauth2", "flow": "implicit",
                                            "authorizationUrl": "https://login.example.com/a",
                                            "scopes": {}}},
    )  # fmt: skip
    document = build_spec.build({ENTRY: main, COMMON: COMMON_DOC}, [ENTRY], ["Things_Do"])
    assert set(document["components"]) == {"schemas", "parameters", "responses", "securitySchemes"}


@pytest.mark.parametrize("breakage", ["optional path parameter", "undeclared path parameter"])
def test_build_rejects_an_invalid_result_with_a_spec_error(breakage: str) -> None:
    op = operation()
    if breakage == "optional path parameter":
        op["parameters"][0]["required"] = False
    else:
        op["parameters"] = []
    with pytest.raises(SpecError, match="not valid OpenAPI"):
        build_spec.build({ENTRY: swagger({"post": op})}, [ENTRY], ["Things_Do"])
    # Conversion alone does not validate.
    assert convert({ENTRY: swagger({"post": op})})["openapi"] == "3.0.3"


def test_example_pairs_are_keyed_by_file_name() -> None:
    examples = {
        "spec/a/examples/Things_Do_Max.json": {
            "title": "ignored",
            "parameters": {"thingName": "t1", "api-version": "2024-01-01"},
            "responses": {"200": {}, "202": {"headers": {"location": "https://x/op"}}},
        },
        "spec/a/examples/Things_Do_Min.json": {"parameters": {"thingName": "t2"}},
    }
    operations = dict.fromkeys(examples, "Things_Do")
    assert build_spec.example_pairs(examples, operations) == {
        "Things_Do_Max": {
            "operationId": "Things_Do",
            "parameters": {"thingName": "t1", "api-version": "2024-01-01"},
            "responses": {"200": {}, "202": {"headers": {"location": "https://x/op"}}},
        },
        "Things_Do_Min": {
            "operationId": "Things_Do", "parameters": {"thingName": "t2"}, "responses": {},
        },
    }


def test_committed_openapi_json_is_valid_openapi() -> None:
    document = json.loads(project.OPENAPI_FILE.read_text("utf-8"))
    build_spec.validate(document)
    assert document["openapi"] == "3.0.3"


# -- the real upstream files -------------------------------------------------------------------

MIRROR = Path(os.environ.get("VMSS_SPEC_MIRROR") or ROOT.parent / "shared" / "azure-rest-api-specs")
OPERATION = "VirtualMachineScaleSets_PerformMaintenance"
REAL_PATH = (
    "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/"
    "Microsoft.Compute/virtualMachineScaleSets/{vmScaleSetName}/performMaintenance"
)


needs_mirror = pytest.mark.skipif(
    not MIRROR.is_dir(),
    reason=f"the Azure spec mirror {MIRROR} is absent (set VMSS_SPEC_MIRROR to use one)",
)
PINNED = json.loads(project.LOCK_FILE.read_text("utf-8"))["api_version"]


def real_document(operations: list[str]) -> dict[str, Any]:
    """The spec derived from the mirror at the pinned version, for ``operations``."""
    config = project.load_config()
    config = project.CodegenConfig(config.entry_templates, operations, config.untyped)
    fetched = fetch_spec.fetch(config, PINNED, fetch_spec.MirrorSource(MIRROR),
                               fetch_spec.Lock("", {}), update_lock=True, cache=None)  # fmt: skip
    return build_spec.build(fetched.documents, fetched.entries, operations, config.untyped)


@needs_mirror
def test_real_mirror_perform_maintenance() -> None:
    document = real_document([OPERATION])

    assert list(document["paths"]) == [REAL_PATH]
    assert list(document["paths"][REAL_PATH]) == ["post"]
    op = document["paths"][REAL_PATH]["post"]
    assert op["operationId"] == OPERATION
    assert op["x-ms-long-running-operation"] is True
    assert op["requestBody"]["required"] is False
    assert op["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/VirtualMachineScaleSetVMInstanceIDs"
    }
    assert set(op["responses"]) == {"200", "202", "default"}
    assert op["responses"]["default"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CloudError"
    }
    assert set(document["components"]["schemas"]) == {
        "VirtualMachineScaleSetVMInstanceIDs", "CloudError", "ApiError", "ApiErrorBase",
        "InnerError",
    }  # fmt: skip
    assert document["info"]["version"] == PINNED
    assert document["servers"] == [{"url": "https://management.azure.com"}]


def test_committed_spec_has_the_typed_models_maintenance_needs() -> None:
    document = json.loads(project.OPENAPI_FILE.read_text("utf-8"))
    schemas = document["components"]["schemas"]
    for name in (
        "VirtualMachineScaleSet", "VirtualMachineScaleSetVM", "VirtualMachineScaleSetVMListResult",
        "VirtualMachineScaleSetVMInstanceView", "VirtualMachineInstanceView",
        "MaintenanceRedeployStatus", "InstanceViewStatus", "VirtualMachineHealthStatus",
        "CloudError", "ApiError",
    ):  # fmt: skip
        assert "x-vmss-untyped" not in schemas[name], name
        assert schemas[name].get("properties") or schemas[name].get("allOf"), name
    scale_set = schemas["VirtualMachineScaleSetProperties"]["properties"]
    assert {"orchestrationMode", "upgradePolicy"} <= scale_set.keys()
    assert "sku" in schemas["VirtualMachineScaleSet"]["allOf"][1]["properties"]
    result_code = schemas["MaintenanceRedeployStatus"]["properties"]["lastOperationResultCode"]
    enum = schemas[result_code["allOf"][0]["$ref"].rsplit("/", 1)[1]]
    assert enum["enum"] == ["None", "RetryLater", "MaintenanceAborted", "MaintenanceCompleted"]
    operations = {op["operationId"] for item in document["paths"].values() for op in item.values()}
    assert operations == set(project.load_config().operations)
    pageable = [op for item in document["paths"].values() for op in item.values()
                if "x-ms-pageable" in op]
    assert {op["x-ms-pageable"]["nextLinkName"] for op in pageable} == {"nextLink"}
    assert len(pageable) == 3


# -- Azure normalisation passes (scripts/azure_passes.py) --------------------------------------


def normalised(definitions: dict[str, Any], root: str = "Thing", **extra: Any) -> dict[str, Any]:
    """Build (convert, normalise, validate) a document whose one operation answers ``root``."""
    op = operation(responses=ok_schema({"$ref": f"#/definitions/{root}"}), **extra)
    main = swagger({"get": op}, definitions=definitions)
    return build_spec.build({ENTRY: main}, [ENTRY], ["Things_Do"])


def test_inline_map_inherited_by_two_subtypes_is_one_named_component() -> None:
    # The failure the issue reported: an inline map on a base named once per subtype.
    tags = {"type": "object", "additionalProperties": {"type": "string"}}
    schemas = normalised({
        "Pair": {"type": "object", "properties": {
            "a": {"$ref": "#/definitions/A"}, "b": {"$ref": "#/definitions/B"}}},
        "Resource": {"type": "object", "properties": {"tags": tags}},
        "A": {"allOf": [{"$ref": "#/definitions/Resource"}],
              "properties": {"x": {"type": "string"}}},
        "B": {"allOf": [{"$ref": "#/definitions/Resource"}]},
    }, root="Pair")["components"]["schemas"]  # fmt: skip
    assert schemas["ResourceTags"] == tags
    assert schemas["Resource"]["properties"]["tags"] == {
        "allOf": [schema_ref("ResourceTags")], "nullable": True}
    assert [name for name in schemas if name.startswith("ResourceTags")] == ["ResourceTags"]


def test_inline_objects_in_properties_items_and_maps_get_deterministic_names() -> None:
    obj = {"type": "object", "properties": {"n": {"type": "integer"}}}
    schemas = normalised({"Thing": {"type": "object", "properties": {
        "osProfile": copy.deepcopy(obj),
        "disks": {"type": "array", "items": copy.deepcopy(obj)},
        "byName": {"type": "object", "additionalProperties": copy.deepcopy(obj)},
    }}})["components"]["schemas"]  # fmt: skip
    assert set(schemas) == {"Thing", "ThingOsProfile", "ThingDisksItem", "ThingByName",
                            "ThingByNameValue"}
    assert schemas["ThingDisksItem"] == obj
    assert schemas["ThingByName"]["additionalProperties"] == schema_ref("ThingByNameValue")
    thing = schemas["Thing"]["properties"]
    assert thing["disks"]["items"] == schema_ref("ThingDisksItem")
    # Built twice, the same names: nothing depends on dict order or chance.
    again = normalised({"Thing": {"type": "object", "properties": {
        "byName": {"type": "object", "additionalProperties": copy.deepcopy(obj)},
        "disks": {"type": "array", "items": copy.deepcopy(obj)},
        "osProfile": copy.deepcopy(obj),
    }}})["components"]["schemas"]  # fmt: skip
    assert again == schemas


def test_a_hoisted_name_already_taken_by_another_schema_gets_a_number() -> None:
    schemas = normalised({
        "Thing": {"type": "object", "properties": {
            "extra": {"type": "object", "properties": {"inline": {"type": "string"}}},
            "other": {"$ref": "#/definitions/ThingExtra"}}},
        "ThingExtra": {"type": "object", "properties": {"defined": {"type": "string"}}},
    })["components"]["schemas"]  # fmt: skip
    assert "defined" in schemas["ThingExtra"]["properties"]
    assert "inline" in schemas["ThingExtra2"]["properties"]
    assert schemas["Thing"]["properties"]["extra"] == {
        "allOf": [schema_ref("ThingExtra2")], "nullable": True}


def test_closed_x_ms_enum_is_an_enum_named_by_the_extension_and_shared() -> None:
    closed = {"type": "string", "enum": ["On", "Off"],
              "x-ms-enum": {"name": "PowerState", "modelAsString": False}}
    schemas = normalised({"Thing": {"type": "object", "properties": {
        "now": {**closed, "description": "Now."},
        "then": {**closed, "description": "Then."},
    }}})["components"]["schemas"]  # fmt: skip
    assert schemas["PowerState"] == closed
    assert schemas["Thing"]["properties"]["now"]["allOf"] == [schema_ref("PowerState")]
    assert schemas["Thing"]["properties"]["then"]["allOf"] == [schema_ref("PowerState")]


def test_open_x_ms_enum_is_a_plain_string_keeping_its_known_values() -> None:
    extension = {"name": "Mode", "modelAsString": True,
                 "values": [{"value": "Uniform"}, {"value": "Flexible"}]}
    schemas = normalised({"Thing": {"type": "object", "properties": {
        "mode": {"type": "string", "enum": ["Uniform", "Flexible"], "x-ms-enum": extension},
    }}})["components"]["schemas"]  # fmt: skip
    assert schemas["Thing"]["properties"]["mode"] == {"type": "string", "x-ms-enum": extension}
    assert set(schemas) == {"Thing"}


def test_subtype_properties_move_into_a_second_all_of_member() -> None:
    schemas = normalised({
        "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
        "Thing": {"allOf": [{"$ref": "#/definitions/Base"}], "description": "A thing.",
                  "required": ["name"], "properties": {"name": {"type": "string"}}},
    })["components"]["schemas"]  # fmt: skip
    assert schemas["Thing"] == {
        "type": "object", "description": "A thing.",
        "allOf": [schema_ref("Base"), {"type": "object", "required": ["name"],
                                       "properties": {"name": {"type": "string"}}}],
    }  # fmt: skip


def test_read_only_properties_are_not_required_and_stay_read_only() -> None:
    schemas = normalised({"Thing": {"type": "object", "required": ["id", "name"], "properties": {
        "id": {"type": "string", "readOnly": True}, "name": {"type": "string"}}}},
    )["components"]["schemas"]  # fmt: skip
    assert schemas["Thing"]["required"] == ["name"]
    assert schemas["Thing"]["properties"]["id"] == {"type": "string", "readOnly": True}
    assert schemas["Thing"]["properties"]["name"] == {"type": "string"}


def test_optional_converted_properties_accept_null_unless_x_nullable_false() -> None:
    schemas = normalised({
        "Thing": {"type": "object", "properties": {
            "view": {"$ref": "#/definitions/View"},
            "names": {"type": "array", "items": {"type": "string"}},
            "plain": {"type": "string"},
            "strict": {"type": "array", "items": {"type": "string"}, "x-nullable": False}}},
        "View": {"type": "object", "properties": {"time": {"type": "string",
                                                           "format": "date-time"}}},
    })["components"]["schemas"]  # fmt: skip
    assert schemas["Thing"]["properties"]["view"] == {
        "allOf": [schema_ref("View")], "nullable": True}
    assert schemas["Thing"]["properties"]["names"]["nullable"] is True
    # A plain value needs no flag: the generated code passes null through unconverted.
    assert schemas["Thing"]["properties"]["plain"] == {"type": "string"}
    assert schemas["Thing"]["properties"]["strict"]["nullable"] is False
    assert schemas["View"]["properties"]["time"] == {
        "type": "string", "format": "date-time", "nullable": True}


def test_date_time_without_a_type_is_a_string_and_rfc1123_is_recorded() -> None:
    schemas = normalised({"Thing": {"type": "object", "properties": {
        "at": {"format": "date-time"}, "http": {"type": "string", "format": "date-time-rfc1123"},
    }}})["components"]["schemas"]  # fmt: skip
    assert schemas["Thing"]["properties"]["at"] == {
        "type": "string", "format": "date-time", "nullable": True}
    assert schemas["Thing"]["properties"]["http"] == {
        "type": "string", "x-ms-format": "date-time-rfc1123"}


def test_client_flatten_is_kept_nested_with_its_flag() -> None:
    schemas = normalised({
        "Thing": {"type": "object", "properties": {"properties": {
            "$ref": "#/definitions/ThingProperties", "x-ms-client-flatten": True}}},
        "ThingProperties": {"type": "object", "properties": {"size": {"type": "string"}}},
    })["components"]["schemas"]  # fmt: skip
    assert schemas["Thing"]["properties"]["properties"] == {
        "allOf": [schema_ref("ThingProperties")], "x-ms-client-flatten": True,
        "nullable": True,
    }  # fmt: skip


def test_discriminator_value_becomes_the_bases_mapping() -> None:
    schemas = normalised({
        "Pet": {"type": "object", "discriminator": "kind", "required": ["kind"],
                "properties": {"kind": {"type": "string"}}},
        "Cat": {"allOf": [{"$ref": "#/definitions/Pet"}], "x-ms-discriminator-value": "cat",
                "properties": {"purrs": {"type": "boolean"}}},
        "Home": {"type": "object", "properties": {"cat": {"$ref": "#/definitions/Cat"}}},
    }, root="Home")["components"]["schemas"]  # fmt: skip
    assert schemas["Pet"]["discriminator"] == {
        "propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}}
    assert schemas["Cat"]["x-ms-discriminator-value"] == "cat"


def test_x_ms_odata_points_into_components_or_keeps_the_name() -> None:
    def odata(target: str) -> Any:
        document = normalised({"Thing": {"type": "object"}}, parameters=[
            dict(THING_NAME),
            {"name": "$filter", "in": "query", "type": "string", "x-ms-odata": target},
        ])  # fmt: skip
        return the_op(document, "get")["parameters"][1]["x-ms-odata"]

    assert odata("#/definitions/Thing") == "#/components/schemas/Thing"
    assert odata("#/definitions/NotGenerated") == "NotGenerated"


def test_parameters_by_reference_stay_references() -> None:
    op = operation(responses=ok_schema({"type": "string"}))
    op["parameters"].append({"$ref": "../common.json#/parameters/ApiVersionParameter"})
    document = build_spec.build({ENTRY: swagger({"get": op}), COMMON: COMMON_DOC}, [ENTRY],
                                ["Things_Do"])  # fmt: skip
    assert the_op(document, "get")["parameters"][1] == {
        "$ref": "#/components/parameters/ApiVersionParameter"}
    assert document["components"]["parameters"]["ApiVersionParameter"]["name"] == "api-version"


def test_x_ms_pageable_stays_on_the_operation_with_its_next_link_name() -> None:
    pageable = {"nextLinkName": "nextLink"}
    document = normalised({"Thing": {"type": "object"}}, **{"x-ms-pageable": pageable})
    assert the_op(document, "get")["x-ms-pageable"] == pageable


def test_untyped_schemas_leave_their_properties_to_additional_properties() -> None:
    op = operation(responses=ok_schema({"$ref": "#/definitions/Thing"}))
    main = swagger({"get": op}, definitions={
        "Thing": {"type": "object", "required": ["profile"], "properties": {
            "profile": {"$ref": "#/definitions/Big", "description": "Big one."},
            "many": {"type": "array", "items": {"$ref": "#/definitions/Big"}},
            "kept": {"type": "string"}}},
        "Big": {"type": "object", "properties": {"deep": {"$ref": "#/definitions/Deep"}}},
        "Deep": {"type": "object", "properties": {"x": {"type": "string"}}},
    })  # fmt: skip
    schemas = build_spec.build({ENTRY: main}, [ENTRY], ["Things_Do"],
                               frozenset({"Big", "NotInThisVersion"}))["components"]["schemas"]
    assert schemas == {"Thing": {"type": "object", "properties": {"kept": {"type": "string"}}}}


def test_an_untyped_schema_an_operation_answers_with_is_an_open_object() -> None:
    op = operation(responses=ok_schema({"$ref": "#/definitions/Big"}))
    main = swagger({"get": op}, definitions={"Big": {"type": "object", "description": "Big.",
        "properties": {"x": {"type": "string"}}}})  # fmt: skip
    schemas = build_spec.build({ENTRY: main}, [ENTRY], ["Things_Do"],
                               frozenset({"Big"}))["components"]["schemas"]
    assert schemas == {"Big": {"type": "object", "description": "Big.",
                               "additionalProperties": {}, "x-vmss-untyped": True}}


def test_two_entry_files_each_contribute_their_operations() -> None:
    other = swagger({"get": operation("Others_Get")})
    other["paths"] = {"/others": other["paths"][PATH]}
    other["paths"]["/others"]["get"]["parameters"] = []
    document = build_spec.build({ENTRY: swagger(), OTHER: other}, [ENTRY, OTHER],
                                ["Others_Get", "Things_Do"])  # fmt: skip
    assert document["paths"]["/others"]["get"]["operationId"] == "Others_Get"
    assert document["paths"][PATH]["post"]["operationId"] == "Things_Do"


def test_an_operation_id_in_two_entry_files_is_a_spec_error() -> None:
    with pytest.raises(SpecError, match="Things_Do is defined more than once"):
        build_spec.build({ENTRY: swagger(), OTHER: swagger()}, [ENTRY, OTHER], ["Things_Do"])


def test_an_operation_id_in_no_entry_file_is_a_spec_error_naming_them() -> None:
    with pytest.raises(SpecError, match=r"main\.json, spec/b/other\.json: operationId\(s\) not "
                                        r"found: Nope"):
        build_spec.build({ENTRY: swagger(), OTHER: swagger()}, [ENTRY, OTHER], ["Nope"])


# -- hoisting, over generated schema trees -------------------------------------------------

_PROPERTY_NAMES = st.text(alphabet=string.ascii_letters + "_.@-0", min_size=1, max_size=10)
_LEAVES = st.sampled_from([{"type": "string"}, {"type": "integer"}, {"type": "boolean"}])


def _objects(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(_PROPERTY_NAMES, children, min_size=1, max_size=4).map(
        lambda properties: {"type": "object", "properties": properties})


_TREES = st.recursive(_LEAVES, lambda children: st.one_of(
    _objects(children),
    children.map(lambda item: {"type": "array", "items": item}),
    children.map(lambda value: {"type": "object", "additionalProperties": value}),
), max_leaves=10)  # fmt: skip
_COMPONENTS = st.dictionaries(st.from_regex(r"[A-Z][a-z]{0,6}", fullmatch=True),
                              _objects(_TREES), min_size=1, max_size=3)  # fmt: skip


def _reversed(node: Any) -> Any:
    """The same schema with every mapping's keys in the opposite order."""
    if isinstance(node, dict):
        return {key: _reversed(node[key]) for key in reversed(node)}
    return node


def _inlined(node: Any, schemas: dict[str, Any]) -> Any:
    """``node`` with every component reference replaced by the component, recursively."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inlined(schemas[node["$ref"].rsplit("/", 1)[1]], schemas)
        return {key: _inlined(value, schemas) for key, value in node.items()}
    return node


def _inline_models(node: Any, top: bool = True) -> list[Any]:
    """Inline object schemas sitting under a property, array items or map values."""
    if not isinstance(node, dict) or "$ref" in node:
        return []
    is_object = "properties" in node or "additionalProperties" in node
    found = [node] if is_object and not top else []
    subs = [*node.get("properties", {}).values(), node.get("items"),
            node.get("additionalProperties")]
    return found + [m for sub in subs if sub is not None for m in _inline_models(sub, False)]


@settings(max_examples=80, deadline=None)
@given(_COMPONENTS)
def test_hoisting_is_lossless_complete_and_independent_of_key_order(
    components: dict[str, Any],
) -> None:
    document = {"paths": {}, "components": {"schemas": copy.deepcopy(components)}}
    azure_passes.hoist_inline_schemas(document)
    schemas = document["components"]["schemas"]

    assert [m for schema in schemas.values() for m in _inline_models(schema)] == []
    for name, original in components.items():
        assert _inlined(schemas[name], schemas) == original
    shuffled = {"paths": {}, "components": {"schemas": _reversed(copy.deepcopy(components))}}
    azure_passes.hoist_inline_schemas(shuffled)
    assert build_spec.dump(shuffled) == build_spec.dump(document)


def test_the_normalised_azure_shapes_generate_without_a_warning(tmp_path: Path) -> None:
    # The shapes that broke generation, through the real generator with --fail-on-warning:
    # an inline map inherited by two subtypes, a subtype's own properties, a closed enum used
    # twice, a discriminated subtype, a nullable reference, an open enum, a timestamp.
    import regenerate

    closed = {"type": "string", "enum": ["On", "Off"],
              "x-ms-enum": {"name": "PowerState", "modelAsString": False}}
    definitions = {
        "Pair": {"type": "object", "properties": {
            "a": {"$ref": "#/definitions/A"}, "b": {"$ref": "#/definitions/B"},
            "cat": {"$ref": "#/definitions/Cat"}}},
        "Resource": {"type": "object", "properties": {
            "tags": {"type": "object", "additionalProperties": {"type": "string"}},
            "power": closed, "at": {"type": "string", "format": "date-time"}}},
        "A": {"allOf": [{"$ref": "#/definitions/Resource"}], "properties": {
            "x": {"type": "string", "enum": ["p", "q"],
                  "x-ms-enum": {"name": "Open", "modelAsString": True}},
            "again": closed}},
        "B": {"allOf": [{"$ref": "#/definitions/Resource"}]},
        "Pet": {"type": "object", "discriminator": "kind", "required": ["kind"],
                "properties": {"kind": {"type": "string"}}},
        "Cat": {"allOf": [{"$ref": "#/definitions/Pet"}], "x-ms-discriminator-value": "cat",
                "properties": {"purrs": {"type": "boolean"}}},
    }  # fmt: skip
    spec = tmp_path / "openapi.json"
    spec.write_text(build_spec.dump(normalised(definitions, root="Pair")), "utf-8")

    regenerate.generate(spec, tmp_path / "pkg")  # raises on any warning

    models = (tmp_path / "pkg" / "models").glob("*.py")
    names = sorted(path.stem for path in models if path.stem != "__init__")
    assert names == ["a", "b", "cat", "pair", "pet", "power_state", "resource", "resource_tags"]
