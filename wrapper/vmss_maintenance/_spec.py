"""Facts read from the OpenAPI document the generated package was built from.

The document ships inside ``vmss_maintenance_api`` (``openapi.json``), so the API version the
client sends and the long-running-operation settings come from the spec, not from constants.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import vmss_maintenance_api

PERFORM_MAINTENANCE_ID = "VirtualMachineScaleSets_PerformMaintenance"
# What ARM (and AutoRest) assume when an LRO names no x-ms-long-running-operation-options.
_DEFAULT_FINAL_STATE = {"post": "location", "delete": "location"}


@attrs.frozen
class OperationFacts:
    """What the spec says about one operation."""

    operation_id: str
    method: str
    path: str
    final_state_via: str


def _load_document() -> dict[str, Any]:
    spec_file = Path(vmss_maintenance_api.__file__).with_name("openapi.json")
    document: dict[str, Any] = json.loads(spec_file.read_text("utf-8"))
    return document


def operation_facts(document: dict[str, Any], operation_id: str) -> OperationFacts:
    """Find ``operation_id`` in ``document``; a missing one is a LookupError naming it."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if operation.get("operationId") != operation_id:
                continue
            options = operation.get("x-ms-long-running-operation-options", {})
            final_state = options.get(
                "final-state-via", _DEFAULT_FINAL_STATE.get(method, "original-uri")
            )
            return OperationFacts(
                operation_id=operation_id,
                method=method.upper(),
                path=path,
                final_state_via=str(final_state).lower(),
            )
    raise LookupError(f"operation {operation_id!r} is not in the generated spec")


_DOCUMENT = _load_document()
API_VERSION: str = str(_DOCUMENT["info"]["version"])
PERFORM_MAINTENANCE = operation_facts(_DOCUMENT, PERFORM_MAINTENANCE_ID)
