"""performMaintenance: the request body, the checks, starting the operation, and its answers."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import attrs

from vmss_maintenance_emulator._arm import Incoming, Refusal, Reply, error_reply, json_reply
from vmss_maintenance_emulator._operations import InstancesBusy, Operation, OperationBook
from vmss_maintenance_emulator._state import Instance, ScaleSet

__all__ = ["FAILED_STATUS", "Maintenance", "failure", "operation_urls", "requested_ids"]

_OPERATION_NAME = "performMaintenance"
#: The HTTP status of a failed operation's monitor URL (and of a failed synchronous answer).
FAILED_STATUS = 500
#: Faults that end the operation Failed (the others complete, with after-effects).
_FAILING = frozenset({"fail", "retry_later", "maintenance_aborted"})


def operation_urls(operation: Operation, base: str) -> tuple[str, str]:
    """The Azure-AsyncOperation and Location URLs of an operation, under ``base``."""
    base = (
        f"{base}/subscriptions/{quote(operation.subscription_id)}/providers/"
        f"Microsoft.Compute/locations/{quote(operation.location)}/operations/{operation.id}"
    )
    version = quote(operation.api_version)
    return f"{base}?api-version={version}", f"{base}?monitor=true&api-version={version}"


def not_allowed(vm_name: str, reason: str) -> Reply:
    """ARM's 409 for a VM that may not start maintenance now, in the shape of the recorded ones:
    ``{"error": {"code": "OperationNotAllowed", "message": "Operation ... on VM ... since ..."}}``.
    """
    return error_reply(
        409,
        "OperationNotAllowed",
        f"Operation '{_OPERATION_NAME}' is not allowed on VM '{vm_name}' since {reason}.",
    )


def failure(operation: Operation) -> dict[str, Any]:
    """The ``error`` of a Failed operation, naming the VMs that made it fail."""
    vms = ", ".join(f"'{vm}'" for vm in operation.failed_vms)
    noun = "VM" if len(operation.failed_vms) == 1 else "VMs"
    codes = {fault for _, fault in operation.faults}
    if "fail" not in codes:
        code = "MaintenanceAborted" if "maintenance_aborted" in codes else "RetryLater"
        said = "was aborted" if code == "MaintenanceAborted" else "could not run now; retry later"
        return {"code": code, "message": f"Maintenance on {noun} {vms} {said}."}
    return {
        "code": "InternalExecutionError",
        "message": (
            f"An internal execution error occurred while performing maintenance on {noun} {vms}."
        ),
    }


def requested_ids(request: Incoming) -> tuple[str, ...]:
    """The ``instanceIds`` of a scale-set performMaintenance body, in order, without repeats;
    ``()`` for none (every instance)."""
    body = request.body
    if body is None or not body.strip():
        return ()
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media and media != "application/json" and not media.endswith("+json"):
        raise Refusal(
            error_reply(
                415,
                "UnsupportedMediaType",
                f"The content media type '{media}' is not supported. Only "
                "'application/json' is supported.",
            )
        )
    try:
        document: Any = json.loads(body.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:
        raise Refusal(
            error_reply(
                400,
                "InvalidRequestContent",
                f"The request content was invalid and could not be deserialized: '{exc}'.",
            )
        ) from None
    if document is None:
        return ()
    if not isinstance(document, dict):
        raise Refusal(
            error_reply(
                400,
                "BadRequest",
                "The request body must be a JSON object with an optional 'instanceIds' "
                f"array of strings, not a JSON {type(document).__name__}.",
            )
        )
    raw: Any = None
    for key, value in document.items():
        if key.lower() == "instanceids":
            raw = value
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(
        isinstance(item, str) or (isinstance(item, int) and not isinstance(item, bool))
        for item in raw
    ):
        raise Refusal(
            error_reply(
                400,
                "BadRequest",
                "The value of 'instanceIds' must be an array of instance id strings.",
                target="instanceIds",
            )
        )
    ordered: dict[str, None] = {str(item): None for item in raw}
    return tuple(ordered)


@attrs.frozen
class Maintenance:
    """Starts maintenance on instances that exist, or refuses it like ARM does."""

    operations: OperationBook
    state: Callable[[ScaleSet, Instance], Instance]
    now: Callable[[], dt.datetime]
    lro_headers: str
    retry_after: int

    def start(
        self, base: str, scale_set: ScaleSet, instances: list[Instance], api_version: str
    ) -> Reply:
        """Start one operation on ``instances``; the 202 (or 200) answer, or a 409."""
        moment = self.now()
        for instance in instances:
            now = self.state(scale_set, instance)
            if self.operations.allow_overlap:  # load tests: VMs take maintenance again and again
                now = attrs.evolve(now, pending=True)
            reason = now.refusal(moment)
            if reason is not None:
                return not_allowed(scale_set.vm_name(instance.id), reason)
        faults = tuple(
            (instance.id, "fail" if instance.fail else instance.fault or "")
            for instance in instances
            if instance.fail or instance.fault
        )
        synchronous = self.lro_headers == "none-200"
        try:
            operation = self.operations.start(
                subscription_id=scale_set.subscription_id,
                resource_group=scale_set.resource_group,
                scale_set=scale_set.name,
                location=scale_set.location,
                api_version=api_version,
                instance_ids=tuple(instance.id for instance in instances),
                failed_vms=tuple(scale_set.vm_name(id_) for id_, f in faults if f in _FAILING),
                finished=synchronous,
                faults=faults,
            )
        except InstancesBusy as busy:
            return not_allowed(
                scale_set.vm_name(busy.instance_ids[0]),
                f"maintenance started by operation '{busy.running.id}' is still in progress "
                "on this VM",
            )
        if synchronous:
            if operation.status == "Failed":
                return json_reply(FAILED_STATUS, {"error": failure(operation)})
            return Reply(200)
        async_url, location_url = operation_urls(operation, base)
        headers: list[tuple[str, str]] = []
        if self.lro_headers in {"both", "azure-async-operation"}:
            headers.append(("Azure-AsyncOperation", async_url))
        if self.lro_headers in {"both", "location"}:
            headers.append(("Location", location_url))
        headers.append(("Retry-After", str(self.retry_after)))
        return Reply(202, tuple(headers))
