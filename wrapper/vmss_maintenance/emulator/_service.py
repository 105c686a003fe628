"""What ARM answers for performMaintenance and its status URLs: pure request -> answer logic."""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import json
import re
import threading
import uuid
from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import quote, unquote

import attrs

from vmss_maintenance.emulator._arm import (
    JSON_CONTENT_TYPE,
    Incoming,
    Refusal,
    Reply,
    error_reply,
    json_reply,
)
from vmss_maintenance.emulator._faults import FaultKind
from vmss_maintenance.emulator._operations import InstancesBusy, Operation, OperationBook
from vmss_maintenance.emulator._state import Inventory, ScaleSet

__all__ = ["LRO_HEADER_MODES", "ArmService", "LroHeaders", "Settings", "iso_time"]

LroHeaders = Literal["both", "azure-async-operation", "location", "none-200"]
LRO_HEADER_MODES: tuple[LroHeaders, ...] = ("both", "azure-async-operation", "location", "none-200")

_OPERATION_NAME = "performMaintenance"
_LOGIN = "https://login.microsoftonline.com/common"
_CLAIMS = '{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}'
_WRITES_START = 1199
_READS_START = 11999
_FAILED_STATUS = 500

_PERFORM = re.compile(
    r"^/subscriptions/(?P<sub>[^/]+)/resourcegroups/(?P<rg>[^/]+)"
    r"/providers/microsoft\.compute/virtualmachinescalesets/(?P<name>[^/]+)"
    r"/performmaintenance/?$",
    re.IGNORECASE,
)
_OPERATION = re.compile(
    r"^/subscriptions/(?P<sub>[^/]+)/providers/microsoft\.compute"
    r"/locations/(?P<loc>[^/]+)/operations/(?P<op>[^/]+)/?$",
    re.IGNORECASE,
)
_PROVIDER_TYPE = re.compile(
    r"^/subscriptions/[^/]+(?:/resourcegroups/[^/]+)?/providers/(?P<ns>[^/]+)/(?P<type>[^/]+)",
    re.IGNORECASE,
)
_SUBSCRIPTION = re.compile(r"^/subscriptions/(?P<sub>[^/]+)", re.IGNORECASE)
_BEARER = re.compile(r"^\s*bearer\s+\S+\s*$", re.IGNORECASE)
# A Host header: a DNS name or IPv4 address, or a bracketed IPv6 address; an optional port.
_HOST_HEADER = re.compile(
    r"^(?P<name>\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)(?::(?P<port>[0-9]{1,5}))?$",
    re.IGNORECASE,
)


def _is_host_header(value: str) -> bool:
    found = _HOST_HEADER.match(value)
    if found is None or ".." in value or int(found["port"] or 0) > 65535:
        return False
    if found["name"].startswith("["):
        try:
            ipaddress.IPv6Address(found["name"][1:-1])
        except ValueError:
            return False
    return True


def iso_time(moment: dt.datetime) -> str:
    """ARM's timestamp format: seven fractional digits and an explicit ``+00:00``."""
    utc = moment.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond:06d}0+00:00"


@attrs.frozen
class Settings:
    """The behaviour knobs of one emulator (already validated)."""

    api_versions: tuple[str, ...]
    retry_after: int
    lro_headers: LroHeaders
    claims_challenge: bool


class ArmService:
    """Answers requests for one emulator; thread-safe."""

    def __init__(
        self,
        settings: Settings,
        inventory: Inventory,
        operations: OperationBook,
        *,
        endpoint: Callable[[], str],
        now: Callable[[], dt.datetime],
    ) -> None:
        self.settings = settings
        self.inventory = inventory
        self.operations = operations
        self._endpoint = endpoint
        self._now = now
        self._lock = threading.Lock()
        self._remaining: dict[tuple[str, str], int] = {}
        self._challenge_pending = settings.claims_challenge

    # -- entry points -------------------------------------------------------------------------

    def handle(self, request: Incoming) -> Reply:
        """Answer one request, with ARM's common headers."""
        try:
            reply = self._route(request)
        except Refusal as refusal:
            reply = refusal.reply
        return self.finish(request, reply)

    def fault(self, request: Incoming, kind: FaultKind, retry_after: int) -> Reply:
        """The answer for an injected throttle or server error, with the common headers."""
        ids = self._ids(request)
        if kind is FaultKind.THROTTLE:
            access = "read" if request.method in {"GET", "HEAD"} else "write"
            sub = self._subscription_in(request.path)
            whose = f" for subscription '{sub}'" if sub else ""
            reply = error_reply(
                429,
                "TooManyRequests",
                f"Number of '{access}' requests{whose} exceeded. Please try again after "
                f"'{retry_after}' seconds after additional tokens are available. Refer to "
                "https://aka.ms/arm-throttling-v2 for additional information.",
                headers=[("Retry-After", str(retry_after))],
            )
        elif kind is FaultKind.UNAVAILABLE:
            reply = error_reply(
                503,
                "ServiceUnavailable",
                "The server is currently unable to handle the request due to a temporary "
                "overload or maintenance. Please retry the request later.",
            )
        else:
            sub = self._subscription_in(request.path) or ""
            reply = error_reply(
                500,
                "InternalServerError",
                "Encountered internal server error. Diagnostic information: timestamp "
                f"'{self._now().strftime('%Y%m%dT%H%M%SZ')}', subscription id '{sub}', "
                f"tracking id '{ids[0]}', request correlation id '{ids[1]}'.",
            )
        return self.finish(request, reply, ids)

    def base_url(self, request: Incoming) -> str:
        """``scheme://host[:port]`` as the client called it: its ``Host`` header when that is a
        well-formed host, else the emulator's own endpoint. The polling URLs are built from it,
        so a client that called ``localhost`` is sent back to ``localhost``, never elsewhere."""
        own = self._endpoint()
        called = request.headers.get("host", "").strip()
        if not _is_host_header(called):
            return own
        return f"{own.split('://', 1)[0]}://{called}"

    def operation_urls(self, operation: Operation, base: str) -> tuple[str, str]:
        """The Azure-AsyncOperation and Location URLs of an operation, under ``base``."""
        base = (
            f"{base}/subscriptions/{quote(operation.subscription_id)}/providers/"
            f"Microsoft.Compute/locations/{quote(operation.location)}/operations/{operation.id}"
        )
        version = quote(operation.api_version)
        return f"{base}?api-version={version}", f"{base}?monitor=true&api-version={version}"

    # -- routing ------------------------------------------------------------------------------

    def _route(self, request: Incoming) -> Reply:
        self._authenticate(request)
        perform = _PERFORM.match(request.path)
        status = _OPERATION.match(request.path)
        if perform and request.method == "POST" and self._take_challenge():
            return self._claims_challenge()
        if perform is None and status is None:
            return self._not_found(request, request.query_value("api-version"))
        allowed = "POST" if perform else "GET"
        if request.method != allowed:
            return error_reply(
                405,
                "MethodNotAllowed",
                f"The requested resource does not support http method '{request.method}'.",
                headers=[("Allow", allowed)],
            )
        api_version = self._api_version_present(request)
        self._api_version_supported(api_version)
        if perform is not None:
            parts = {key: unquote(value) for key, value in perform.groupdict().items()}
            return self._perform(request, parts["sub"], parts["rg"], parts["name"], api_version)
        assert status is not None
        parts = {key: unquote(value) for key, value in status.groupdict().items()}
        return self._status(request, parts["sub"], parts["loc"], parts["op"])

    def _authenticate(self, request: Incoming) -> None:
        value = request.headers.get("authorization")
        if value is not None and _BEARER.match(value):
            return
        if value is None or not value.strip():
            message = "Authentication failed. The 'Authorization' header is missing."
            description = "The authentication failed because of missing 'Authorization' header."
        else:
            message = (
                "Authentication failed. The 'Authorization' header is missing or in an invalid "
                "format."
            )
            description = "The 'Authorization' header is not in the 'Bearer <token>' format."
        challenge = (
            f'Bearer realm="", authorization_uri="{_LOGIN}", error="invalid_token", '
            f'error_description="{description}"'
        )
        raise Refusal(
            error_reply(
                401, "AuthenticationFailed", message, headers=[("WWW-Authenticate", challenge)]
            )
        )

    def _take_challenge(self) -> bool:
        with self._lock:
            pending = self._challenge_pending
            self._challenge_pending = False
            return pending

    @staticmethod
    def _claims_challenge() -> Reply:
        claims = base64.urlsafe_b64encode(_CLAIMS.encode()).decode()
        challenge = (
            f'Bearer realm="", authorization_uri="{_LOGIN}/oauth2/authorize", '
            f'error="insufficient_claims", claims="{claims}"'
        )
        return error_reply(
            401,
            "InvalidAuthenticationToken",
            "Continuous access evaluation resulted in challenge with result: InteractionRequired "
            "and code: TokenIssuedBeforeRevocationTimestamp",
            headers=[("WWW-Authenticate", challenge)],
        )

    @staticmethod
    def _api_version_present(request: Incoming) -> str:
        value = request.query_value("api-version")
        if not value:
            raise Refusal(
                error_reply(
                    400,
                    "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests.",
                )
            )
        return value

    def _api_version_supported(self, value: str) -> None:
        if value not in self.settings.api_versions:
            raise Refusal(
                error_reply(
                    400,
                    "InvalidApiVersionParameter",
                    f"The api-version '{value}' is invalid. The supported versions are "
                    f"'{','.join(self.settings.api_versions)}'.",
                )
            )

    def _not_found(self, request: Incoming, api_version: str | None) -> Reply:
        typed = _PROVIDER_TYPE.match(request.path)
        if typed and api_version:
            message = (
                f"The resource type '{unquote(typed['type'])}' could not be found in the "
                f"namespace '{unquote(typed['ns'])}' for api version '{api_version}'."
            )
        else:
            message = (
                "No HTTP resource was found that matches the request URI "
                f"'{self.base_url(request)}{request.path}'."
            )
        return error_reply(404, "InvalidResourceType", message)

    def _subscription_exists(self, subscription_id: str) -> None:
        if not self.inventory.has_subscription(subscription_id):
            raise Refusal(
                error_reply(
                    404,
                    "SubscriptionNotFound",
                    f"The subscription '{subscription_id}' could not be found.",
                )
            )

    # -- performMaintenance ---------------------------------------------------------------------

    def _perform(
        self, request: Incoming, subscription_id: str, group: str, name: str, api_version: str
    ) -> Reply:
        scale_set = self._find(subscription_id, group, name)
        wanted = self._requested_ids(request)
        ids = wanted if wanted else tuple(item.id for item in scale_set.instances)
        moment = self._now()
        for instance_id in ids:
            instance = scale_set.instance(instance_id)
            if instance is None:
                return error_reply(
                    400,
                    "InvalidParameter",
                    f"The provided instanceId {instance_id} is not an active Virtual Machine "
                    "Scale Set VM instanceId.",
                    target="instanceIds",
                )
        for instance_id in ids:
            instance = scale_set.instance(instance_id)
            assert instance is not None
            reason = instance.refusal(moment)
            if reason is not None:
                return _not_allowed(scale_set.vm_name(instance_id), reason)
        failing = tuple(
            scale_set.vm_name(instance_id)
            for instance_id in ids
            if (member := scale_set.instance(instance_id)) is not None and member.fail
        )
        synchronous = self.settings.lro_headers == "none-200"
        try:
            operation = self.operations.start(
                subscription_id=scale_set.subscription_id,
                resource_group=scale_set.resource_group,
                scale_set=scale_set.name,
                location=scale_set.location,
                api_version=api_version,
                instance_ids=ids,
                failed_vms=failing,
                finished=synchronous,
            )
        except InstancesBusy as busy:
            return _not_allowed(
                scale_set.vm_name(busy.instance_ids[0]),
                f"maintenance started by operation '{busy.running.id}' is still in progress "
                "on this VM",
            )
        if synchronous:
            if operation.status == "Failed":
                return json_reply(_FAILED_STATUS, {"error": _failure(operation)})
            return Reply(200)
        async_url, location_url = self.operation_urls(operation, self.base_url(request))
        headers: list[tuple[str, str]] = []
        if self.settings.lro_headers in {"both", "azure-async-operation"}:
            headers.append(("Azure-AsyncOperation", async_url))
        if self.settings.lro_headers in {"both", "location"}:
            headers.append(("Location", location_url))
        headers.append(("Retry-After", str(self.settings.retry_after)))
        return Reply(202, tuple(headers))

    def _find(self, subscription_id: str, group: str, name: str) -> ScaleSet:
        self._subscription_exists(subscription_id)
        if not self.inventory.has_resource_group(subscription_id, group):
            raise Refusal(
                error_reply(
                    404, "ResourceGroupNotFound", f"Resource group '{group}' could not be found."
                )
            )
        scale_set = self.inventory.scale_set(subscription_id, group, name)
        if scale_set is None:
            raise Refusal(
                error_reply(
                    404,
                    "ResourceNotFound",
                    f"The Resource 'Microsoft.Compute/virtualMachineScaleSets/{name}' under "
                    f"resource group '{group}' was not found. For more details please go to "
                    "https://aka.ms/ARMResourceNotFoundFix",
                )
            )
        return scale_set

    @staticmethod
    def _requested_ids(request: Incoming) -> tuple[str, ...]:
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

    # -- status URLs --------------------------------------------------------------------------

    def _status(self, request: Incoming, subscription_id: str, location: str, op_id: str) -> Reply:
        self._subscription_exists(subscription_id)
        operation = self.operations.poll(op_id, subscription_id, location)
        if operation is None:
            return error_reply(
                404,
                "NotFound",
                f"The operation '{op_id}' could not be found in location '{location}'.",
            )
        monitor = (request.query_value("monitor") or "").lower() == "true"
        retry = [("Retry-After", str(self.settings.retry_after))]
        if monitor:
            if operation.status == "InProgress":
                location_url = self.operation_urls(operation, self.base_url(request))[1]
                return Reply(202, (("Location", location_url), *retry))
            if operation.status == "Failed":
                return json_reply(_FAILED_STATUS, {"error": _failure(operation)})
            return Reply(200)
        document: dict[str, Any] = {"startTime": iso_time(operation.start_time)}
        if operation.end_time is not None:
            document["endTime"] = iso_time(operation.end_time)
        document["status"] = operation.status
        if operation.status == "Failed":
            document["error"] = _failure(operation)
        document["name"] = operation.id
        return json_reply(200, document, retry if operation.status == "InProgress" else ())

    # -- common headers -----------------------------------------------------------------------

    @staticmethod
    def _ids(request: Incoming) -> tuple[str, str]:
        correlation = (
            request.headers.get("x-ms-correlation-request-id")
            or request.headers.get("x-ms-client-request-id")
            or str(uuid.uuid4())
        )
        return str(uuid.uuid4()), correlation

    @staticmethod
    def _subscription_in(path: str) -> str | None:
        found = _SUBSCRIPTION.match(path)
        return unquote(found["sub"]) if found else None

    def finish(self, request: Incoming, reply: Reply, ids: tuple[str, str] | None = None) -> Reply:
        """Add ARM's common headers (request ids, rate-limit counter, content type)."""
        request_id, correlation = ids or self._ids(request)
        headers: list[tuple[str, str]] = [
            ("Cache-Control", "no-cache"),
            ("Pragma", "no-cache"),
            ("Expires", "-1"),
            ("x-ms-request-id", request_id),
            ("x-ms-correlation-request-id", correlation),
        ]
        client_id = request.headers.get("x-ms-client-request-id")
        if client_id:
            headers.append(("x-ms-client-request-id", client_id))
        access = "reads" if request.method in {"GET", "HEAD"} else "writes"
        sub = (self._subscription_in(request.path) or "").lower()
        with self._lock:
            start = _READS_START if access == "reads" else _WRITES_START
            remaining = self._remaining.get((access, sub), start + 1) - 1
            self._remaining[(access, sub)] = max(remaining, 0)
        headers.append((f"x-ms-ratelimit-remaining-subscription-{access}", str(max(remaining, 0))))
        if reply.body:
            headers.append(("Content-Type", JSON_CONTENT_TYPE))
        return reply.with_headers(headers)


def _not_allowed(vm_name: str, reason: str) -> Reply:
    """ARM's 409 for a VM that may not start maintenance now, in the shape of the recorded ones:
    ``{"error": {"code": "OperationNotAllowed", "message": "Operation ... on VM ... since ..."}}``.
    """
    return error_reply(
        409,
        "OperationNotAllowed",
        f"Operation '{_OPERATION_NAME}' is not allowed on VM '{vm_name}' since {reason}.",
    )


def _failure(operation: Operation) -> dict[str, Any]:
    vms = ", ".join(f"'{vm}'" for vm in operation.failed_vms)
    noun = "VM" if len(operation.failed_vms) == 1 else "VMs"
    return {
        "code": "InternalExecutionError",
        "message": (
            f"An internal execution error occurred while performing maintenance on {noun} {vms}."
        ),
    }
