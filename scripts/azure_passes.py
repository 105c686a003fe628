"""Normalisation passes: Azure's Swagger dialect, made into OpenAPI that generates cleanly.

openapi-python-client reads plain OpenAPI 3. Azure's specs lean on extensions (``x-ms-enum``,
``x-ms-discriminator-value``, ``x-ms-odata``, ...) and on inline objects that the generator
names after the class that holds them, so an inline map inherited through ``allOf`` becomes one
model per subclass, all with the same name (``ResourceTags``), and generation fails. Each pass
below does one such job; :func:`normalise` runs them in order. Schema passes take one converted
schema node; document passes take the whole OpenAPI document and change it in place.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

SCHEMAS_REF = "#/components/schemas/"
# What a schema may hold that makes openapi-python-client generate a class for it.
_MODEL_KEYWORDS = ("properties", "additionalProperties", "allOf")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")

# -- schema passes ---------------------------------------------------------------------------


def x_ms_enum(node: dict[str, Any]) -> dict[str, Any]:
    """``x-ms-enum`` with ``modelAsString: true`` is an open set: drop ``enum`` so any string
    parses (the known values stay in the extension). ``false`` (or no extension) keeps the
    ``enum``: a closed set becomes a Python enum."""
    extension = node.get("x-ms-enum")
    if "enum" in node and isinstance(extension, dict) and extension.get("modelAsString"):
        node = {key: value for key, value in node.items() if key != "enum"}
    return node


def date_time(node: dict[str, Any]) -> dict[str, Any]:
    """``format: date-time`` is a string (Azure sometimes leaves ``type`` out); the generator
    then types it ``datetime``. RFC 1123 dates stay plain strings, their format recorded."""
    if node.get("format") == "date-time" and "type" not in node:
        node = {**node, "type": "string"}
    if node.get("format") == "date-time-rfc1123":
        node = {k: v for k, v in node.items() if k != "format"}
        node["x-ms-format"] = "date-time-rfc1123"
    return node


SCHEMA_PASSES = (x_ms_enum, date_time)


def normalise_schema(node: dict[str, Any]) -> dict[str, Any]:
    """Run every schema pass on one node (its children are converted separately)."""
    for schema_pass in SCHEMA_PASSES:
        node = schema_pass(node)
    return node


# -- document passes -------------------------------------------------------------------------


def _pascal(text: str) -> str:
    """``osProfile`` -> ``OsProfile``, ``@odata.type`` -> ``OdataType``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", text))


def _is_model(node: Any) -> bool:
    """An inline schema the generator would make a class (or an enum) of."""
    if not isinstance(node, dict) or "$ref" in node or _wraps_a_ref(node):
        return False
    if "enum" in node:
        return True
    return node.get("type") == "object" or any(key in node for key in _MODEL_KEYWORDS)


def _wraps_a_ref(node: dict[str, Any]) -> bool:
    """``{"allOf": [{"$ref": ...}], ...}``: a reference with siblings, not a class of its own."""
    members = node.get("allOf")
    return (
        isinstance(members, list) and len(members) == 1 and "$ref" in members[0]
        and not any(key in node for key in ("properties", "additionalProperties"))
    )


def _children(node: dict[str, Any], name: str) -> Iterator[tuple[dict[str, Any], Any, str]]:
    """(container, key, proposed name) for each place under ``node`` a schema sits that is
    not itself part of ``node``'s own class: properties, items, map values."""
    for prop in sorted(node.get("properties", {})):
        yield node["properties"], prop, name + _pascal(prop)
    if isinstance(node.get("items"), dict):
        yield node, "items", name + "Item"
    if isinstance(node.get("additionalProperties"), dict):
        yield node, "additionalProperties", name + "Value"


def hoist_inline_schemas(document: dict[str, Any]) -> None:
    """Move every inline object, map and closed enum into ``components/schemas`` under a
    deterministic name, leaving a ``$ref``: the owner's name + the property's (``Resource`` +
    ``tags`` -> ``ResourceTags``), ``Item`` for array items, ``Value`` for map values; a closed
    enum takes its ``x-ms-enum`` name. A name already taken by a different schema gets a
    number (``ResourceTags2``); the same schema under the same name is kept once. So every
    class is generated once, however many subclasses inherit the property."""
    schemas: dict[str, Any] = document.setdefault("components", {}).setdefault("schemas", {})
    pending = sorted(schemas)

    def place(node: dict[str, Any], proposed: str) -> str:
        enum_name = node.get("x-ms-enum", {}).get("name") if "enum" in node else None
        if "enum" in node:  # the set of values is the class; the property's words stay out
            node = {k: v for k, v in node.items() if k in ("type", "format", "enum", "x-ms-enum")}
        base = _pascal(enum_name) if enum_name else proposed
        name, number = base, 1
        while name in schemas and schemas[name] != node:
            number += 1
            name = f"{base}{number}"
        if name not in schemas:
            schemas[name] = node
            pending.append(name)
        return name

    def walk(node: Any, name: str) -> None:
        """Hoist what sits under ``node``, whose class is called ``name``."""
        if not isinstance(node, dict) or "$ref" in node:
            return
        for key in _SCHEMA_LISTS:  # members of allOf/anyOf/oneOf belong to this very class
            for member in node.get(key, []):
                walk(member, name)
        for container, key, proposed in _children(node, name):
            sub = container[key]
            if _is_model(sub):
                container[key] = {"$ref": SCHEMAS_REF + place(sub, proposed)}
            else:
                walk(sub, proposed)

    for operation_name, operation in _operations(document):
        for suffix, media in _bodies(operation):
            if _is_model(media.get("schema")):
                name = place(media["schema"], operation_name + suffix)
                media["schema"] = {"$ref": SCHEMAS_REF + name}
    while pending:
        name = pending.pop(0)
        walk(schemas[name], name)


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                yield _pascal(operation["operationId"]), operation


def _bodies(operation: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(name suffix, media type object) for each request and response body of ``operation``."""
    for media in operation.get("requestBody", {}).get("content", {}).values():
        yield "Body", media
    for code, response in sorted(operation.get("responses", {}).items()):
        for media in response.get("content", {}).values():
            yield f"Response{_pascal(code)}", media


def read_only_not_required(document: dict[str, Any]) -> None:
    """A ``readOnly`` property is never sent, and ARM may leave it out of an answer: drop it
    from ``required`` so neither building a request nor parsing an answer needs it."""
    for schema in document.get("components", {}).get("schemas", {}).values():
        required = schema.get("required")
        if not required:
            continue
        properties = schema.get("properties", {})
        kept = [name for name in required if not properties.get(name, {}).get("readOnly")]
        if kept:
            schema["required"] = kept
        else:
            del schema["required"]


def _parsed_not_passed(prop: dict[str, Any]) -> bool:
    """Does the generated code convert this value (and so crash on ``null``)? A model, an
    array, a map, an enum or a timestamp is converted; a plain string, number or boolean is
    passed through as it is, ``None`` included."""
    return (
        "$ref" in prop or "allOf" in prop or "enum" in prop
        or prop.get("type") in ("object", "array") or prop.get("format") == "date-time"
    )


def optional_is_nullable(document: dict[str, Any]) -> None:
    """ARM writes ``null`` for an optional property it has no value for (``"bootDiagnostics":
    null``); a generated model would crash converting it. Every property a schema does not
    require whose value the generated code converts (see :func:`_parsed_not_passed`) is made
    ``nullable`` (a reference through ``allOf``), unless it says ``x-nullable: false``. Plain
    values need no flag (the generated code passes ``null`` through), and each flag costs a
    union parser in the generated code."""
    for schema in document.get("components", {}).get("schemas", {}).values():
        required = set(schema.get("required", []))
        properties = schema.get("properties", {})
        for name, prop in properties.items():
            if name in required or "nullable" in prop or not _parsed_not_passed(prop):
                continue
            if "$ref" in prop:
                properties[name] = {"allOf": [prop], "nullable": True}
            else:
                prop["nullable"] = True


def inheritance(document: dict[str, Any]) -> None:
    """A subtype is ``allOf: [{$ref: Base}]`` plus its own ``properties`` (``VirtualMachine``
    extends ``Resource``). openapi-python-client takes an ``allOf`` of one reference for an
    alias of it and drops the subtype's own properties; so they move into a second ``allOf``
    member (an empty one for a subtype with none), and the generator makes one class of each
    subtype, holding the base's properties and its own."""
    for schema in document.get("components", {}).get("schemas", {}).values():
        own = {key: schema.pop(key) for key in ("properties", "required") if key in schema}
        if "allOf" not in schema:
            schema.update(own)
            continue
        schema["allOf"] = [*schema["allOf"], {"type": "object", **own}]
        schema["type"] = "object"


def discriminator_mapping(document: dict[str, Any]) -> None:
    """Azure names a subtype's discriminator value with ``x-ms-discriminator-value`` on the
    subtype (which inherits the base through ``allOf``); OpenAPI puts the value -> schema
    ``mapping`` on the base's ``discriminator``. Build that mapping; the extension stays."""
    schemas = document.get("components", {}).get("schemas", {})
    for name, schema in sorted(schemas.items()):
        value = schema.get("x-ms-discriminator-value")
        if value is None:
            continue
        for member in schema.get("allOf", []):
            base = schemas.get(member.get("$ref", "").removeprefix(SCHEMAS_REF))
            if base is not None and isinstance(base.get("discriminator"), dict):
                base["discriminator"].setdefault("mapping", {})[value] = SCHEMAS_REF + name


def odata_references(document: dict[str, Any]) -> None:
    """``x-ms-odata`` names the schema a ``$filter`` ranges over as a Swagger pointer
    (``#/definitions/VirtualMachine``); point it into ``components`` when that schema is
    there, else keep just its name (it is documentation, never generated)."""

    def fix(parameter: dict[str, Any]) -> None:
        target = parameter.get("x-ms-odata")
        if isinstance(target, str):
            name = target.rsplit("/", 1)[-1]
            schemas = document.get("components", {}).get("schemas", {})
            parameter["x-ms-odata"] = SCHEMAS_REF + name if name in schemas else name

    for parameter in document.get("components", {}).get("parameters", {}).values():
        fix(parameter)
    for _, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            fix(parameter)


def _target(prop: dict[str, Any]) -> str | None:
    """The component a property holds (directly, through ``allOf`` or as array items)."""
    for node in (prop, prop.get("items", {}), *prop.get("allOf", [])[:1]):
        ref = node.get("$ref", "") if isinstance(node, dict) else ""
        if ref.startswith(SCHEMAS_REF):
            return ref.removeprefix(SCHEMAS_REF)
    return None


def untype(document: dict[str, Any], names: frozenset[str]) -> None:
    """The schemas named in ``[tool.vmss-maintenance.codegen] untyped`` are not generated.
    A property holding one (or a list of them) is left out of its owner's schema, so the
    generated owner keeps its value as sent, in ``additional_properties``: nothing is lost in
    a round trip, but nothing below it is typed, and no code is generated for it. A schema an
    operation answers with directly becomes an open object instead. A name this API version
    does not have is skipped (older versions lack newer schemas)."""
    schemas = document.get("components", {}).get("schemas", {})
    for schema in schemas.values():
        properties = schema.get("properties", {})
        dropped = {name for name, prop in properties.items() if _target(prop) in names}
        for name in sorted(dropped):
            del properties[name]
        if dropped and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in dropped]
            if not schema["required"]:
                del schema["required"]
    for name in sorted(names & schemas.keys()):
        kept = {key: value for key, value in schemas[name].items() if key == "description"}
        schemas[name] = {"type": "object", **kept, "additionalProperties": {},
                         "x-vmss-untyped": True}


def drop_unreferenced(document: dict[str, Any]) -> None:
    """Remove the component schemas no operation reaches any more (after :func:`untype`)."""
    schemas = document.get("components", {}).get("schemas", {})
    reached: set[str] = set()
    pending = [node for key, node in document.items() if key != "components"]
    pending += [node for key, node in document.get("components", {}).items() if key != "schemas"]
    while pending:
        for ref in _refs(pending.pop()):
            name = ref.removeprefix(SCHEMAS_REF)
            if ref.startswith(SCHEMAS_REF) and name not in reached:
                reached.add(name)
                pending.append(schemas[name])
    for name in sorted(schemas.keys() - reached):
        del schemas[name]


def _refs(node: Any) -> Iterator[str]:
    """Every ``$ref`` string and ``discriminator.mapping`` target under ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            elif key == "mapping" and isinstance(value, dict):
                yield from (v for v in value.values() if isinstance(v, str))
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def normalise(document: dict[str, Any], untyped: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every document pass, in order, on a copy of ``document``."""
    document = copy.deepcopy(document)
    untype(document, untyped)
    hoist_inline_schemas(document)
    read_only_not_required(document)
    optional_is_nullable(document)
    discriminator_mapping(document)
    odata_references(document)
    inheritance(document)
    drop_unreferenced(document)
    return document
