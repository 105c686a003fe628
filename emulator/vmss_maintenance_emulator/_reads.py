"""The GETs: a scale set, the scale sets of a group, a scale set's VMs, the VMs of a group (a
Flexible scale set's, by ``$filter``) and instance views, paged by ``nextLink``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

from vmss_maintenance_emulator._arm import Incoming, Refusal, Reply, error_reply, json_reply
from vmss_maintenance_emulator._operations import OperationBook
from vmss_maintenance_emulator._paging import decode_skiptoken, encode_skiptoken, page_of
from vmss_maintenance_emulator._state import Instance, Inventory, ScaleSet
from vmss_maintenance_emulator._views import (
    InstanceNow,
    current,
    instance_view,
    scale_set_body,
    scale_set_vm_body,
    vm_body,
)

__all__ = ["Reads"]

_SCALE_SET_FILTER = re.compile(
    r"^\s*virtualMachineScaleSet/id\s+eq\s+'(?P<id>[^']+)'\s*$", re.IGNORECASE
)


def _bad_parameter(message: str) -> Refusal:
    return Refusal(error_reply(400, "InvalidParameter", message))


def _wants_view(request: Incoming) -> tuple[bool, bool]:
    """``(include the instance view, only the instance view)`` from ``$expand``/``$select``."""
    expand = request.query_value("$expand")
    select = request.query_value("$select")
    for name, value in (("$expand", expand), ("$select", select)):
        if value is not None and value.strip().lower() != "instanceview":
            raise _bad_parameter(
                f"The value '{value}' of parameter '{name}' is not supported; the allowed "
                "value is 'instanceView'."
            )
    only = select is not None
    return expand is not None or only, only


class Reads:
    """Answers the GETs of one emulator from its inventory and its operations, at ``now()``."""

    def __init__(
        self,
        inventory: Inventory,
        operations: OperationBook,
        *,
        now: Callable[[], dt.datetime],
        page_size: int,
        base_url: Callable[[Incoming], str],
    ) -> None:
        self.inventory = inventory
        self.operations = operations
        self.page_size = page_size
        self._now = now
        self._base_url = base_url

    def state(self, scale_set: ScaleSet, instance: Instance) -> InstanceNow:
        """The instance as it is now, after the maintenance that is over."""
        history = self.operations.history(
            scale_set.subscription_id, scale_set.resource_group, scale_set.name, instance.id
        )
        return current(instance, history)

    def _view(self, scale_set: ScaleSet, now: InstanceNow, position: int) -> dict[str, Any]:
        computer = now.instance.id if scale_set.flexible else f"{scale_set.name}{position:06d}"
        return instance_view(now, self._now(), computer)

    # -- scale sets ---------------------------------------------------------------------------

    def scale_set(self, scale_set: ScaleSet) -> Reply:
        """``VirtualMachineScaleSets_Get``."""
        return json_reply(200, scale_set_body(scale_set))

    def scale_sets(self, subscription_id: str, resource_group: str) -> Reply:
        """``VirtualMachineScaleSets_List`` (one resource group)."""
        found = self.inventory.scale_sets_in(subscription_id, resource_group)
        return json_reply(200, {"value": [scale_set_body(item) for item in found]})

    # -- a Uniform scale set's VMs ------------------------------------------------------------

    def scale_set_vms(self, request: Incoming, scale_set: ScaleSet) -> Reply:
        """``VirtualMachineScaleSetVMs_List`` with ``$expand``/``$select=instanceView``."""
        with_view, only_view = _wants_view(request)
        listing = f"vmss-vms:{scale_set.id}"
        offset = self._offset(request, listing)
        members = list(enumerate(scale_set.instances))
        chunk, following = page_of(members, offset, self.page_size)
        value = []
        for position, instance in chunk:
            now = self.state(scale_set, instance)
            view = self._view(scale_set, now, position) if with_view else None
            value.append(scale_set_vm_body(scale_set, now, position, view, only_view=only_view))
        return self._page(request, value, following, listing)

    def scale_set_vm_view(self, scale_set: ScaleSet, instance_id: str) -> Reply:
        """``VirtualMachineScaleSetVMs_GetInstanceView``; 404 ``NotFound`` for an instance that
        is gone (as ARM answers it)."""
        for position, instance in enumerate(scale_set.instances):
            if instance.id == instance_id:
                return json_reply(
                    200, self._view(scale_set, self.state(scale_set, instance), position)
                )
        raise Refusal(
            error_reply(404, "NotFound", "The entity was not found in this Azure location.")
        )

    # -- VMs (Flexible) -----------------------------------------------------------------------

    def vms(self, request: Incoming, subscription_id: str, resource_group: str) -> Reply:
        """``VirtualMachines_List`` of a group, ``$filter=virtualMachineScaleSet/id eq '<id>'``
        for one scale set's; ``$expand=instanceView``. Only Flexible scale sets' VMs are VMs."""
        wanted: str | None = None
        text = request.query_value("$filter")
        if text is not None and text.strip():
            found = _SCALE_SET_FILTER.match(text)
            if found is None:
                raise _bad_parameter(
                    f"The filter '{text}' is not supported; the supported filter is "
                    "\"virtualMachineScaleSet/id eq '<scale set resource id>'\"."
                )
            wanted = found["id"].rstrip("/").lower()
        expand = request.query_value("$expand")
        if expand is not None and expand.strip().lower() != "instanceview":
            raise _bad_parameter(
                f"The value '{expand}' of parameter '$expand' is not supported; the allowed "
                "value is 'instanceView'."
            )
        members = [
            (scale_set, position, instance)
            for scale_set in self.inventory.scale_sets_in(subscription_id, resource_group)
            if scale_set.flexible and (wanted is None or scale_set.id.lower() == wanted)
            for position, instance in enumerate(scale_set.instances)
        ]
        listing = f"vms:{subscription_id}/{resource_group}:{wanted or ''}"
        offset = self._offset(request, listing)
        chunk, following = page_of(members, offset, self.page_size)
        value = []
        for scale_set, position, instance in chunk:
            now = self.state(scale_set, instance)
            view = self._view(scale_set, now, position) if expand is not None else None
            value.append(vm_body(scale_set, now, position, view))
        return self._page(request, value, following, listing)

    def vm_view(self, scale_set: ScaleSet, instance: Instance) -> Reply:
        """``VirtualMachines_InstanceView`` of a Flexible scale set's VM."""
        position = scale_set.instances.index(instance)
        return json_reply(200, self._view(scale_set, self.state(scale_set, instance), position))

    # -- paging -------------------------------------------------------------------------------

    @staticmethod
    def _offset(request: Incoming, listing: str) -> int:
        token = request.query_value("$skiptoken")
        if token is None:
            return 0
        offset = decode_skiptoken(token, listing)
        if offset is None:
            raise _bad_parameter(f"The value '{token}' of parameter '$skiptoken' is not valid.")
        return offset

    def _page(
        self, request: Incoming, value: list[dict[str, Any]], following: int | None, listing: str
    ) -> Reply:
        document: dict[str, Any] = {"value": value}
        if following is not None:
            params = [
                (name, request.query_value(name))
                for name in ("api-version", "$filter", "$expand", "$select")
            ]
            params.append(("$skiptoken", encode_skiptoken(following, listing)))
            query = urlencode(
                [(name, found) for name, found in params if found is not None],
                quote_via=quote,
                safe="$/'",
            )
            document["nextLink"] = f"{self._base_url(request)}{request.path}?{query}"
        return json_reply(200, document)
