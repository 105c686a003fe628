"""What ARM answers: pure request -> answer logic, routed by a table (:data:`ROUTES`).

performMaintenance (scale set, scale set VM, VM) and its status URLs are here; the GETs of
scale sets, VMs and instance views are answered by :class:`~._reads.Reads`.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import re
import threading
import uuid
from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import unquote

import attrs

from vmss_maintenance_emulator._arm import (
    JSON_CONTENT_TYPE,
    Incoming,
    Refusal,
    Reply,
    error_reply,
    iso_time,
    json_reply,
)
from vmss_maintenance_emulator._faults import FaultKind
from vmss_maintenance_emulator._lookup import Lookup, entity_not_found, uniform_only
from vmss_maintenance_emulator._maintenance import (
    FAILED_STATUS,
    Maintenance,
    failure,
    operation_urls,
    requested_ids,
)
from vmss_maintenance_emulator._operations import OperationBook
from vmss_maintenance_emulator._reads import Reads
from vmss_maintenance_emulator._state import Inventory
from vmss_maintenance_emulator._throttle import Budget, ReadThrottle, throttled_reply

__all__ = ["LRO_HEADER_MODES", "ArmService", "LroHeaders", "Settings", "iso_time"]

LroHeaders = Literal["both", "azure-async-operation", "location", "none-200"]
LRO_HEADER_MODES: tuple[LroHeaders, ...] = ("both", "azure-async-operation", "location", "none-200")

_LOGIN = "https://login.microsoftonline.com/common"
_CLAIMS = '{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}'
_WRITES_START = 1199
_READS_START = 11999

_GROUP = (
    r"^/subscriptions/(?P<sub>[^/]+)/resourcegroups/(?P<rg>[^/]+)/providers/microsoft\.compute"
)
_SCALE_SET = _GROUP + r"/virtualmachinescalesets/(?P<name>[^/]+)"
_SCALE_SET_VM = _SCALE_SET + r"/virtualmachines/(?P<id>[^/]+)"
_VM = _GROUP + r"/virtualmachines/(?P<vm>[^/]+)"
_OPERATION = (
    r"^/subscriptions/(?P<sub>[^/]+)/providers/microsoft\.compute"
    r"/locations/(?P<loc>[^/]+)/operations/(?P<op>[^/]+)"
)


@attrs.frozen
class _Route:
    """One row of the routing table: method, path pattern, handler name and, for reads, the
    throttling policy (``None``: not throttled)."""

    method: str
    pattern: re.Pattern[str]
    handler: str
    policy: str | None = None


def _route(method: str, pattern: str, handler: str, policy: str | None = None) -> _Route:
    return _Route(method, re.compile(pattern + "/?$", re.IGNORECASE), handler, policy)


#: Every request the emulator serves. A path that matches with another method is a 405.
ROUTES: tuple[_Route, ...] = (
    _route("POST", _SCALE_SET + "/performmaintenance", "_perform_scale_set"),
    _route("POST", _SCALE_SET_VM + "/performmaintenance", "_perform_scale_set_vm"),
    _route("POST", _VM + "/performmaintenance", "_perform_vm"),
    _route("GET", _OPERATION, "_status"),
    _route("GET", _GROUP + "/virtualmachinescalesets", "_list_scale_sets", "GetVMScaleSet"),
    _route("GET", _SCALE_SET, "_get_scale_set", "GetVMScaleSet"),
    _route("GET", _SCALE_SET + "/virtualmachines", "_list_scale_set_vms", "GetVMScaleSetVM"),
    _route("GET", _SCALE_SET_VM + "/instanceview", "_scale_set_vm_view", "GetVMScaleSetVM"),
    _route("GET", _GROUP + "/virtualmachines", "_list_vms", "LowCostGet"),
    _route("GET", _VM + "/instanceview", "_vm_view", "LowCostGet"),
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


@attrs.frozen
class Settings:
    """The behaviour knobs of one emulator (already validated)."""

    api_versions: tuple[str, ...]
    retry_after: int
    lro_headers: LroHeaders
    claims_challenge: bool
    page_size: int = 100


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
        throttle: ReadThrottle,
    ) -> None:
        self.settings = settings
        self.inventory = inventory
        self.operations = operations
        self.throttle = throttle
        self._endpoint = endpoint
        self._now = now
        self.lookup = Lookup(inventory)
        self.reads = Reads(
            inventory, operations, now=now, page_size=settings.page_size, base_url=self.base_url
        )
        self.maintenance = Maintenance(
            operations,
            state=lambda scale_set, instance: self.reads.state(scale_set, instance).instance,
            now=now,
            lro_headers=settings.lro_headers,
            retry_after=settings.retry_after,
        )
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

    # -- routing ------------------------------------------------------------------------------

    def _route(self, request: Incoming) -> Reply:
        self._authenticate(request)
        matched = [(route, route.pattern.match(request.path)) for route in ROUTES]
        found = [(route, match) for route, match in matched if match is not None]
        if not found:
            return self._not_found(request, request.query_value("api-version"))
        chosen = next(((r, m) for r, m in found if r.method == request.method), None)
        if chosen is None:
            allowed = found[0][0].method
            return error_reply(
                405,
                "MethodNotAllowed",
                f"The requested resource does not support http method '{request.method}'.",
                headers=[("Allow", allowed)],
            )
        route, match = chosen
        if route.method == "POST" and self._take_challenge():
            return self._claims_challenge()
        api_version = self._api_version_present(request)
        self._api_version_supported(api_version)
        parts = {key: unquote(value) for key, value in match.groupdict().items()}
        budget = self._budget(route, parts)
        if budget is not None and budget.retry_after is not None:
            return throttled_reply(budget, self.throttle.per_minute or 0)
        handler: Callable[[Incoming, dict[str, str], str], Reply] = getattr(self, route.handler)
        reply = handler(request, parts, api_version)
        return reply if budget is None else reply.with_headers([budget.header])

    def _budget(self, route: _Route, parts: dict[str, str]) -> Budget | None:
        if route.policy is None:
            return None
        resource = "/".join(
            parts[key] for key in ("sub", "rg", "name", "vm") if key in parts
        )
        return self.throttle.take(route.policy, resource)

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

    # -- handlers (ROUTES names them) ---------------------------------------------------------

    def _perform_scale_set(
        self, request: Incoming, parts: dict[str, str], api_version: str
    ) -> Reply:
        scale_set = uniform_only(self.lookup.scale_set(parts["sub"], parts["rg"], parts["name"]))
        ids = requested_ids(request) or tuple(item.id for item in scale_set.instances)
        members = [scale_set.instance(instance_id) for instance_id in ids]
        for instance_id, member in zip(ids, members, strict=True):
            if member is None:
                return error_reply(
                    400,
                    "InvalidParameter",
                    f"The provided instanceId {instance_id} is not an active Virtual Machine "
                    "Scale Set VM instanceId.",
                    target="instanceIds",
                )
        instances = [member for member in members if member is not None]
        return self.maintenance.start(self.base_url(request), scale_set, instances, api_version)

    def _perform_scale_set_vm(
        self, request: Incoming, parts: dict[str, str], api_version: str
    ) -> Reply:
        scale_set = uniform_only(self.lookup.scale_set(parts["sub"], parts["rg"], parts["name"]))
        instance = scale_set.instance(parts["id"])
        if instance is None:
            return entity_not_found()
        return self.maintenance.start(self.base_url(request), scale_set, [instance], api_version)

    def _perform_vm(self, request: Incoming, parts: dict[str, str], api_version: str) -> Reply:
        scale_set, instance = self.lookup.vm(parts["sub"], parts["rg"], parts["vm"])
        return self.maintenance.start(self.base_url(request), scale_set, [instance], api_version)

    def _get_scale_set(self, request: Incoming, parts: dict[str, str], _version: str) -> Reply:
        return self.reads.scale_set(self.lookup.scale_set(parts["sub"], parts["rg"], parts["name"]))

    def _list_scale_sets(self, request: Incoming, parts: dict[str, str], _version: str) -> Reply:
        self.lookup.group(parts["sub"], parts["rg"])
        return self.reads.scale_sets(parts["sub"], parts["rg"])

    def _list_scale_set_vms(
        self, request: Incoming, parts: dict[str, str], _version: str
    ) -> Reply:
        scale_set = uniform_only(self.lookup.scale_set(parts["sub"], parts["rg"], parts["name"]))
        return self.reads.scale_set_vms(request, scale_set)

    def _scale_set_vm_view(self, request: Incoming, parts: dict[str, str], _version: str) -> Reply:
        scale_set = uniform_only(self.lookup.scale_set(parts["sub"], parts["rg"], parts["name"]))
        return self.reads.scale_set_vm_view(scale_set, parts["id"])

    def _list_vms(self, request: Incoming, parts: dict[str, str], _version: str) -> Reply:
        self.lookup.group(parts["sub"], parts["rg"])
        return self.reads.vms(request, parts["sub"], parts["rg"])

    def _vm_view(self, request: Incoming, parts: dict[str, str], _version: str) -> Reply:
        scale_set, instance = self.lookup.vm(parts["sub"], parts["rg"], parts["vm"])
        return self.reads.vm_view(scale_set, instance)

    # -- status URLs --------------------------------------------------------------------------

    def _status(self, request: Incoming, parts: dict[str, str], _version: str) -> Reply:
        subscription_id, location, op_id = parts["sub"], parts["loc"], parts["op"]
        self.lookup.subscription(subscription_id)
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
                location_url = operation_urls(operation, self.base_url(request))[1]
                return Reply(202, (("Location", location_url), *retry))
            if operation.status == "Failed":
                return json_reply(FAILED_STATUS, {"error": failure(operation)})
            return Reply(200)
        document: dict[str, Any] = {"startTime": iso_time(operation.start_time)}
        if operation.end_time is not None:
            document["endTime"] = iso_time(operation.end_time)
        document["status"] = operation.status
        if operation.status == "Failed":
            document["error"] = failure(operation)
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
