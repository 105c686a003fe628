"""Derive spec/openapi.json (OpenAPI 3.0.3) from the fetched Swagger 2.0 documents.

Keeps exactly the selected operations and what they reference. Cross-file references are
hoisted into ``components`` under their definition name (two different definitions under one
name are an error). Azure's ``x-ms-long-running-operation(-options)`` stay on the operation;
``x-ms-examples`` are dropped from the document and their request/response pairs are written
to spec/examples.json for the tests.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from azure_passes import normalise, normalise_schema
from project import EXAMPLES_FILE, OPENAPI_FILE
from swagger_refs import SpecError, locate_operations, resolve_pointer, split_ref

OPENAPI_VERSION = "3.0.3"
# Swagger 2.0 parameter keywords that become the parameter's ``schema`` in OAS 3.
SCHEMA_KEYWORDS = (
    "type", "format", "items", "default", "maximum", "exclusiveMaximum", "minimum",
    "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
    "uniqueItems", "enum", "multipleOf",
)  # fmt: skip
COLLECTION_FORMATS = {
    "csv": ("form", False), "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False), "multi": ("form", True),
}  # fmt: skip
SECTIONS = {"definitions": "schemas", "parameters": "parameters", "responses": "responses"}


def dump(document: Any) -> str:
    """The deterministic text form: sorted keys, two-space indent, trailing newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Converter:
    """Swagger 2.0 -> OpenAPI 3.0.3 for the selected operations of the entry documents.

    ``info``, ``servers`` and security come from the first entry; each operation keeps the
    ``consumes``/``produces`` of the entry it is defined in.
    """

    def __init__(self, documents: dict[str, Any], entries: list[str]) -> None:
        self.documents = documents
        self.entries = entries
        self.components: dict[str, dict[str, Any]] = {}
        self.origins: dict[tuple[str, str], tuple[str, str]] = {}
        self.merged: set[tuple[str, str, str, str]] = set()

    # -- documents ------------------------------------------------------------------------

    def convert(self, operation_ids: list[str]) -> dict[str, Any]:
        """Build the whole OpenAPI document."""
        for entry in self.entries:
            if self.documents[entry].get("swagger") != "2.0":
                raise SpecError(f"{entry}: not a Swagger 2.0 document")
        root = self.documents[self.entries[0]]
        paths: dict[str, Any] = {}
        for entry, path, method, operation in locate_operations(
            self.documents, self.entries, operation_ids
        ):
            shared = self.documents[entry]["paths"][path].get("parameters", [])
            paths.setdefault(path, {})[method] = self.operation(operation, shared, entry)
        document: dict[str, Any] = {
            "openapi": OPENAPI_VERSION,
            "info": {key: str(value) if key == "version" else value
                     for key, value in root["info"].items()},
            "servers": self.servers(root),
            "paths": paths,
        }
        security_schemes = {
            name: self.security_scheme(scheme)
            for name, scheme in root.get("securityDefinitions", {}).items()
        }
        if security_schemes:
            self.components["securitySchemes"] = security_schemes
        if "security" in root:
            document["security"] = root["security"]
        if self.components:
            document["components"] = self.components
        return document

    def servers(self, root: dict[str, Any]) -> list[dict[str, str]]:
        """``host`` + ``schemes`` + ``basePath`` -> ``servers``."""
        host = root.get("host")
        if not host:
            return [{"url": root.get("basePath", "/")}]
        base = root.get("basePath", "").rstrip("/")
        return [{"url": f"{scheme}://{host}{base}"} for scheme in root.get("schemes", ["https"])]

    def security_scheme(self, scheme: dict[str, Any]) -> dict[str, Any]:
        """A Swagger security definition as an OAS 3 security scheme."""
        kind = scheme["type"]
        out: dict[str, Any] = {k: v for k, v in scheme.items() if k == "description"}
        if kind == "oauth2":
            flow_names = {"implicit": "implicit", "password": "password",
                          "application": "clientCredentials", "accessCode": "authorizationCode"}
            flow: dict[str, Any] = {"scopes": scheme.get("scopes", {})}
            for key in ("authorizationUrl", "tokenUrl"):
                if key in scheme:
                    flow[key] = scheme[key]
            out.update(type="oauth2", flows={flow_names[scheme["flow"]]: flow})
        elif kind == "apiKey":
            out.update(type="apiKey", name=scheme["name"], **{"in": scheme["in"]})
        elif kind == "basic":
            out.update(type="http", scheme="basic")
        else:
            raise SpecError(f"{self.entries[0]}: unsupported security type {kind!r}")
        return out

    # -- operations -----------------------------------------------------------------------

    def operation(
        self, operation: dict[str, Any], shared: list[Any], entry: str
    ) -> dict[str, Any]:
        """One operation; parameters, body and responses converted, examples dropped."""
        root = self.documents[entry]
        out: dict[str, Any] = {}
        for key, value in operation.items():
            if key in ("parameters", "responses", "consumes", "produces", "x-ms-examples"):
                continue
            out[key] = value
        parameters: list[Any] = []
        by_name: dict[tuple[str, str], int] = {}
        consumes = operation.get("consumes", root.get("consumes", ["application/json"]))
        for raw in [*shared, *operation.get("parameters", [])]:
            converted = self.parameter_or_body(raw, entry, out, consumes)
            if converted is None:
                continue
            name_in = self.parameter_key(converted)
            if name_in in by_name:  # an operation's own parameter overrides the path item's
                parameters[by_name[name_in]] = converted
            else:
                by_name[name_in] = len(parameters)
                parameters.append(converted)
        if parameters:
            out["parameters"] = parameters
        produces = operation.get("produces", root.get("produces", ["application/json"]))
        out["responses"] = {
            str(code): self.response(response, entry, produces)
            for code, response in operation["responses"].items()
        }
        return out

    def parameter_key(self, parameter: dict[str, Any]) -> tuple[str, str]:
        if "$ref" in parameter:
            target = self.components["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
            return target["name"], target["in"]
        return parameter["name"], parameter["in"]

    def parameter_or_body(
        self, raw: dict[str, Any], base: str, operation: dict[str, Any], consumes: list[str]
    ) -> dict[str, Any] | None:
        """A parameter (or a ref to one); a body parameter becomes ``requestBody``."""
        if "$ref" in raw:
            path, pointer = split_ref(raw["$ref"], base)
            target = resolve_pointer(self.documents_at(path, base), pointer, where=base)
            if not isinstance(target, dict):
                raise SpecError(f"{base}: $ref {raw['$ref']!r} is not a parameter")
            if target.get("in") != "body":
                return {"$ref": self.hoist(path, pointer, self.parameter, base)}
            raw, base = target, path
        if raw.get("in") == "body":
            operation["requestBody"] = self.request_body(raw, base, consumes)
            return None
        return self.parameter(raw, base)

    def parameter(self, raw: dict[str, Any], base: str) -> dict[str, Any]:
        """A non-body Swagger parameter: its type keywords move into ``schema``."""
        location = raw.get("in")
        if not isinstance(raw.get("name"), str):
            raise SpecError(f"{base}: a {location!r} parameter has no name")
        if location not in ("path", "query", "header"):
            raise SpecError(f"{base}: parameter {raw.get('name')!r} in {location!r} unsupported")
        out: dict[str, Any] = {}
        schema: dict[str, Any] = {}
        for key, value in raw.items():
            if key in SCHEMA_KEYWORDS:
                schema[key] = value
            elif key == "collectionFormat":
                style, explode = COLLECTION_FORMATS.get(value, ("form", False))
                if location != "query" and style == "form":
                    style = "simple"  # OAS 3 allows only 'simple' in path and header
                out.update(style=style, explode=explode)
            elif key == "x-nullable":
                schema["nullable"] = value
            elif key != "allowEmptyValue":
                out[key] = value
        out["schema"] = self.schema(schema, base)
        return out

    def request_body(
        self, raw: dict[str, Any], base: str, consumes: list[str]
    ) -> dict[str, Any]:
        """``in: body`` -> ``requestBody``; the required flag is kept."""
        body: dict[str, Any] = {
            "content": {media: {"schema": self.schema(raw["schema"], base)}
                        for media in consumes},
            "required": bool(raw.get("required", False)),
            # AutoRest's name for the body; the examples key the body by it.
            "x-ms-requestBody-name": raw["name"],
        }
        if "description" in raw:
            body["description"] = raw["description"]
        body.update({k: v for k, v in raw.items() if k.startswith("x-")})
        return body

    def response(self, raw: dict[str, Any], base: str, produces: list[str]) -> dict[str, Any]:
        """A response: ``schema`` -> ``content``, header types -> header ``schema``."""
        if "$ref" in raw:
            path, pointer = split_ref(raw["$ref"], base)
            convert = lambda r, b: self.response(r, b, produces)  # noqa: E731
            return {"$ref": self.hoist(path, pointer, convert, base)}
        out: dict[str, Any] = {"description": raw.get("description", "")}
        if "schema" in raw:
            out["content"] = {media: {"schema": self.schema(raw["schema"], base)}
                              for media in produces}
        if "headers" in raw:
            out["headers"] = {
                name: self.header(header, base) for name, header in raw["headers"].items()
            }
        out.update({k: v for k, v in raw.items() if k.startswith("x-")})
        return out

    def header(self, raw: dict[str, Any], base: str) -> dict[str, Any]:
        """A response header: its type keywords move into ``schema``."""
        out = {k: v for k, v in raw.items() if k not in SCHEMA_KEYWORDS}
        out["schema"] = self.schema({k: v for k, v in raw.items() if k in SCHEMA_KEYWORDS}, base)
        return out

    # -- schemas and references -----------------------------------------------------------

    def schema(self, raw: Any, base: str) -> Any:
        """A schema with refs hoisted, ``x-nullable`` -> ``nullable``, discriminator wrapped."""
        if isinstance(raw, list):
            return [self.schema(item, base) for item in raw]
        if not isinstance(raw, dict):
            return raw
        if "$ref" in raw:
            path, pointer = split_ref(raw["$ref"], base)
            ref = {"$ref": self.hoist(path, pointer, self.schema, base)}
            siblings = self.schema({k: v for k, v in raw.items() if k != "$ref"}, base)
            # OAS 3.0 ignores $ref siblings; keep their meaning with allOf.
            return {"allOf": [ref], **siblings} if siblings else ref
        out: dict[str, Any] = {}
        for key, value in raw.items():
            if key == "x-nullable":
                out["nullable"] = value
            elif key == "type" and value == "file":
                raise SpecError(f"{base}: 'type: file' schemas are not supported")
            elif key == "discriminator" and isinstance(value, str):
                out["discriminator"] = {"propertyName": value}
            elif key in ("properties", "x-ms-discriminator-value-map"):
                out[key] = {name: self.schema(sub, base) for name, sub in value.items()}
            elif key in ("items", "additionalProperties", "allOf", "anyOf", "oneOf", "not"):
                out[key] = self.schema(value, base)
            else:
                out[key] = value
        return normalise_schema(out)

    def documents_at(self, path: str, base: str) -> Any:
        if path not in self.documents:
            raise SpecError(f"{base}: $ref to {path}, which was not fetched")
        return self.documents[path]

    def hoist(
        self, path: str, pointer: str, convert: Callable[[Any, str], Any], base: str
    ) -> str:
        """Put the referenced definition into ``components`` once; return its local ref."""
        parts = pointer.strip("/").split("/")
        if len(parts) != 2 or parts[0] not in SECTIONS:
            raise SpecError(f"{path}: cannot hoist $ref #{pointer}; expected #/definitions/Name")
        section, name = SECTIONS[parts[0]], parts[1].replace("~1", "/").replace("~0", "~")
        ref = f"#/components/{section}/{name}"
        origin = (path, pointer)
        known = self.origins.get((section, name))
        if known == origin or (section, name, *origin) in self.merged:
            return ref
        raw = resolve_pointer(self.documents_at(path, base), pointer, where=f"{base} -> {path}")
        if known is not None:
            other = resolve_pointer(self.documents[known[0]], known[1], where=known[0])
            if other != raw:
                raise SpecError(
                    f"name clash: {section} {name!r} is defined differently in "
                    f"{known[0]} and {path}"
                )
            # Identical text can still refer to different things: walk this copy's refs too,
            # so a definition it reaches that clashes is reported.
            self.merged.add((section, name, *origin))
            if convert(raw, path) != self.components[section][name]:
                raise SpecError(
                    f"name clash: {section} {name!r} in {known[0]} and {path} refer to "
                    "different definitions"
                )
            return ref
        self.origins[(section, name)] = origin
        bucket = self.components.setdefault(section, {})
        bucket[name] = {}  # reserve first: recursive schemas refer back to themselves
        bucket[name] = convert(raw, path)
        return ref


def example_pairs(examples: dict[str, Any], operations: dict[str, str]) -> dict[str, Any]:
    """``{file name: {operationId, parameters, responses}}`` from the fetched example files;
    ``operations`` maps each example's path to the operationId that names it."""
    pairs: dict[str, Any] = {}
    for path, example in sorted(examples.items()):
        name = path.rsplit("/", 1)[1].removesuffix(".json")
        pairs[name] = {
            "operationId": operations[path],
            "parameters": example.get("parameters", {}),
            "responses": example.get("responses", {}),
        }
    return pairs


def validate(document: dict[str, Any]) -> None:
    """Validate with openapi-spec-validator; a failure is a SpecError with its message."""
    from openapi_spec_validator import validate as validate_openapi
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    try:
        validate_openapi(document)
    except OpenAPIValidationError as exc:
        raise SpecError(f"derived document is not valid OpenAPI: {exc.message}") from None


def build(
    documents: dict[str, Any],
    entries: list[str],
    operation_ids: list[str],
    untyped: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Convert, normalise (see azure_passes) and validate."""
    document = normalise(Converter(documents, entries).convert(operation_ids), untyped)
    validate(document)
    return document


def main(argv: list[str] | None = None) -> int:
    """Command line: fetch (verified against the lock) and write spec/openapi.json."""
    from fetch_spec import add_source_arguments, fetch_from_arguments
    from project import load_config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_source_arguments(parser)
    args = parser.parse_args(argv)
    try:
        fetched = fetch_from_arguments(args)
        config = load_config()
        document = build(fetched.documents, fetched.entries, config.operations, config.untyped)
    except SpecError as exc:
        print(f"build_spec: {exc}", file=sys.stderr)
        return 1
    OPENAPI_FILE.write_text(dump(document), "utf-8")
    EXAMPLES_FILE.write_text(
        dump(example_pairs(fetched.examples, fetched.example_operations)), "utf-8"
    )
    print(f"wrote {OPENAPI_FILE} and {EXAMPLES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
