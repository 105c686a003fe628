"""Reading maintenance status: scale set GET, instance listings, Flexible VM instance views, and
the Flexible refusal of scale-set performMaintenance; sync and async parametrized.

Bodies come from the spec's examples (read at test time from the mirror beside the checkout;
those tests skip when it is absent) or are built here.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fake_arm import (
    ARM,
    GROUP,
    SCALE_SET_ID,
    SUB,
    VMSS,
    FakeArm,
    call,
    cloud_error,
    reply,
    scale_set,
)
from vmss_maintenance import MaintenanceState
from vmss_maintenance._adapter import API_VERSION
from vmss_maintenance.errors import HttpResponseError, InvalidArgumentError

pytestmark = pytest.mark.anyio
EXAMPLES = (
    Path(__file__).resolve().parents[3] / "shared" / "azure-rest-api-specs" / "specification"
    / "compute" / "resource-manager" / "Microsoft.Compute" / "ComputeRP" / "stable" / API_VERSION
    / "examples"
)  # fmt: skip
COMPUTE = f"/subscriptions/{SUB}/resourceGroups/{GROUP}/providers/Microsoft.Compute"
VMS_URL = f"{ARM}{SCALE_SET_ID}/virtualMachines"
NEXT = f"{VMS_URL}?api-version={API_VERSION}&$skiptoken=page2"
OPEN = {  # a self-service window open now (the clocks start 2023-11-14T22:13:20Z)
    "isCustomerInitiatedMaintenanceAllowed": True,
    "preMaintenanceWindowStartTime": "2023-11-01T00:00:00Z",
    "preMaintenanceWindowEndTime": "2023-12-06T00:00:00Z",
    "maintenanceWindowStartTime": "2023-12-06T00:00:00Z",
    "maintenanceWindowEndTime": "2023-12-07T00:00:00Z",
    "lastOperationResultCode": "None",
}


def example(name: str) -> dict[str, Any]:
    """The 200 body of a spec example; the test skips when the mirror is absent."""
    path = next(EXAMPLES.glob(f"*/{name}.json"), None)
    if path is None:
        pytest.skip(f"the spec mirror (example {name}) is not beside the checkout")
    body: dict[str, Any] = json.loads(path.read_text("utf-8"))["responses"]["200"]["body"]
    return body


def uniform_vm(instance_id: str, maintenance: dict[str, Any] | None, ud: int = 0) -> dict[str, Any]:
    view: dict[str, Any] = {"platformUpdateDomain": ud, "platformFaultDomain": 1}
    if maintenance is not None:
        view["maintenanceRedeployStatus"] = maintenance
    return {"instanceId": instance_id, "id": f"{SCALE_SET_ID}/virtualMachines/{instance_id}",
            "location": "westeurope", "properties": {"instanceView": view}}  # fmt: skip


def query(request: httpx.Request) -> dict[str, list[str]]:
    return parse_qs(urlsplit(str(request.url)).query)


async def collect(items: Any) -> list[Any]:
    """Every item of a sync or an async iterator."""
    if hasattr(items, "__aiter__"):
        return [item async for item in items]
    return list(items)


# -- Uniform ------------------------------------------------------------------------------------


async def test_uniform_status_reads_every_page_with_instance_views(
    make: Callable[..., Any],
) -> None:
    spec_vm = example("VirtualMachineScaleSetVM_List_MaximumSet_Gen")["value"][0]
    eligible = copy.deepcopy(spec_vm) | {"instanceId": "4"}
    eligible["properties"]["instanceView"]["maintenanceRedeployStatus"] = OPEN
    arm = FakeArm(
        scale_set("Uniform"),
        reply(200, json_body={"value": [eligible], "nextLink": NEXT}),
        reply(200, json_body={"value": [uniform_vm("0", None), {"instanceId": "7"}]}),
    )
    client = make(arm)
    progress: list[int] = []
    status = await call(client.get_maintenance_status(GROUP, VMSS, on_progress=progress.append))
    assert [request.url.path for request in arm.requests] == [
        SCALE_SET_ID, f"{SCALE_SET_ID}/virtualMachines", f"{SCALE_SET_ID}/virtualMachines",
    ]  # fmt: skip
    assert query(arm.requests[1]) == {
        "$expand": ["instanceView"], "$select": ["instanceView"], "api-version": [API_VERSION],
    }  # fmt: skip
    assert str(arm.requests[2].url) == NEXT
    assert (status.orchestration_mode, status.vm_scale_set_name, status.subscription_id) == (
        "Uniform", VMSS, SUB,
    )  # fmt: skip
    assert [(i.instance_id, i.state) for i in status.instances] == [
        ("0", MaintenanceState.NONE), ("4", MaintenanceState.ELIGIBLE),
        ("7", MaintenanceState.UNKNOWN),
    ]  # fmt: skip
    assert status.eligible_instance_ids == ("4",)
    assert status.counts[MaintenanceState.ELIGIBLE] == 1
    assert status.checked_at.isoformat() == "2023-11-14T22:13:20+00:00"
    assert progress == [1, 3]
    await call(client.close())


async def test_a_scale_set_without_orchestration_mode_is_uniform(make: Callable[..., Any]) -> None:
    arm = FakeArm(scale_set(None), reply(200, json_body={"value": []}))
    client = make(arm)
    status = await call(client.get_maintenance_status(GROUP, VMSS))
    assert (status.orchestration_mode, status.instances) == ("Uniform", ())
    await call(client.close())


async def test_status_by_id_reads_the_ids_scale_set(make: Callable[..., Any]) -> None:
    other = "11111111-2222-3333-4444-555555555555"
    arm = FakeArm(scale_set("Uniform"), reply(200, json_body={"value": []}))
    client = make(arm)
    resource_id = SCALE_SET_ID.replace(SUB, other).replace(GROUP, "rg2")
    status = await call(client.get_maintenance_status_by_id(resource_id))
    assert (status.subscription_id, status.resource_group_name) == (other, "rg2")
    assert arm.requests[0].url.path == resource_id
    await call(client.close())


async def test_a_missing_scale_set_is_an_http_error(make: Callable[..., Any]) -> None:
    arm = FakeArm(cloud_error(404, "ResourceNotFound", "The Resource 'x' was not found."))
    client = make(arm)
    with pytest.raises(HttpResponseError, match="was not found") as info:
        await call(client.get_maintenance_status(GROUP, VMSS))
    assert info.value.status_code == 404
    await call(client.close())


@pytest.mark.parametrize(("group", "name"), [("bad/group", VMSS), (GROUP, "bad name")])
async def test_bad_names_are_refused_before_sending(
    make: Callable[..., Any], group: str, name: str
) -> None:
    arm = FakeArm()
    client = make(arm)
    with pytest.raises(InvalidArgumentError):
        await call(client.get_maintenance_status(group, name))
    with pytest.raises(InvalidArgumentError):
        client.list_instances(group, name)  # checked on the call, before any iteration
    assert arm.requests == []
    await call(client.close())


# -- throttling ---------------------------------------------------------------------------------


async def test_a_429_after_the_retries_carries_retry_after(
    make: Callable[..., Any], clocks: Any
) -> None:
    throttled = cloud_error(429, "TooManyRequests", "slow down", headers={"Retry-After": "7"})
    arm = FakeArm(throttled, throttled, throttled)
    client = make(arm)
    with pytest.raises(HttpResponseError) as info:
        await call(client.get_maintenance_status(GROUP, VMSS))
    assert (info.value.status_code, info.value.retry_after) == (429, 7.0)
    assert "retry after 7 s" in str(info.value)
    assert clocks.sleeps == [7.0, 7.0]  # retried twice, as any GET
    await call(client.close())


# -- Flexible -----------------------------------------------------------------------------------


def flexible_arm(views: dict[str, httpx.Response], vms: list[dict[str, Any]]) -> FakeArm:
    """Answers by URL (instance views are read concurrently by the async client)."""

    def route(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == SCALE_SET_ID:
            return scale_set("Flexible").response()
        if path.endswith("/providers/Microsoft.Compute/virtualMachines"):
            return reply(200, json_body={"value": vms}).response()
        name = path.split("/virtualMachines/")[1].removesuffix("/instanceView")
        return views[name]

    return FakeArm(*[route] * (2 + len(vms)))


async def test_flexible_status_lists_the_vms_and_reads_each_instance_view(
    make: Callable[..., Any],
) -> None:
    spec_view = example("VirtualMachine_Get_InstanceView") | {"maintenanceRedeployStatus": OPEN}
    vm_ids = (
        f"/subscriptions/{SUB}/resourceGroups/{GROUP}/providers/Microsoft.Compute/virtualMachines"
    )
    vms = [{"name": name, "id": f"{vm_ids}/{name}", "location": "westeurope"}
           for name in ("web_2", "web_1", "gone")]  # fmt: skip
    views = {
        "web_1": reply(200, json_body=spec_view).response(),
        "web_2": reply(200, json_body={"platformUpdateDomain": 0}).response(),
        "gone": cloud_error(404, "NotFound", "The entity was not found.").response(),
    }
    arm = flexible_arm(views, vms)
    client = make(arm)
    progress: list[int] = []
    status = await call(client.get_maintenance_status(GROUP, VMSS, on_progress=progress.append))
    listing = arm.requests[1]
    assert listing.url.path == vm_ids
    assert query(listing)["$filter"] == [f"virtualMachineScaleSet/id eq '{SCALE_SET_ID}'"]
    assert sorted(r.url.path for r in arm.requests[2:]) == [
        f"{vm_ids}/{name}/instanceView" for name in ("gone", "web_1", "web_2")
    ]
    assert status.orchestration_mode == "Flexible"
    assert [(i.instance_id, i.state) for i in status.instances] == [
        ("gone", MaintenanceState.UNKNOWN), ("web_1", MaintenanceState.ELIGIBLE),
        ("web_2", MaintenanceState.NONE),
    ]  # fmt: skip
    assert status.eligible_instance_ids == ("web_1",)
    assert status.eligible[0].update_domain == 1  # from the spec example's instance view
    assert progress == [1, 2, 3]
    await call(client.close())


async def test_a_flexible_instance_view_error_other_than_404_is_raised(
    make: Callable[..., Any],
) -> None:
    vms = [{"name": "web_1"}]
    views = {"web_1": cloud_error(403, "AuthorizationFailed", "no read access").response()}
    client = make(flexible_arm(views, vms))
    with pytest.raises(HttpResponseError, match="no read access") as info:
        await call(client.get_maintenance_status(GROUP, VMSS))
    assert info.value.status_code == 403
    await call(client.close())


async def test_scale_set_maintenance_on_a_flexible_scale_set_names_the_per_vm_path(
    make: Callable[..., Any],
) -> None:
    refusal = cloud_error(
        409, "OperationNotAllowed",
        "Operation 'performMaintenance' is not allowed on Virtual Machine Scale Set 'x'.",
    )  # fmt: skip
    arm = FakeArm(refusal, scale_set("Flexible"))
    client = make(arm)
    with pytest.raises(HttpResponseError) as info:
        await call(client.begin_perform_maintenance(GROUP, VMSS))
    message = str(info.value)
    assert "is a Flexible scale set" in message
    assert "begin_perform_vm_maintenance" in message
    assert "perform --eligible" in message
    assert "(OperationNotAllowed) Operation 'performMaintenance' is not allowed" in message
    assert (info.value.status_code, info.value.code) == (409, "OperationNotAllowed")
    assert [r.method for r in arm.requests] == ["POST", "GET"]
    await call(client.close())


async def test_a_refusal_stands_when_the_scale_set_cannot_be_read(
    make: Callable[..., Any],
) -> None:
    arm = FakeArm(cloud_error(400, "BadRequest", "no"), cloud_error(403, "Forbidden", "denied"))
    client = make(arm)
    with pytest.raises(HttpResponseError, match=r"^\(BadRequest\) no") as info:
        await call(client.begin_perform_maintenance(GROUP, VMSS))
    assert info.value.status_code == 400
    await call(client.close())


# -- list_instances and list_scale_sets -----------------------------------------------------


async def test_list_instances_yields_generated_models_fetching_pages_lazily(
    make: Callable[..., Any],
) -> None:
    spec_page = example("VirtualMachineScaleSetVM_List_MaximumSet_Gen")
    first = spec_page | {"nextLink": NEXT}
    arm = FakeArm(
        reply(200, json_body=first),
        reply(200, json_body={"value": [{"instanceId": "9"}]}),  # no location: still a model
    )
    client = make(arm)
    instances = client.list_instances(GROUP, VMSS)
    assert arm.requests == []  # nothing until iterated
    models = await collect(instances)
    assert [type(m).__name__ for m in models] == ["VirtualMachineScaleSetVM"] * 2
    status = models[0].properties.instance_view.maintenance_redeploy_status
    assert status.is_customer_initiated_maintenance_allowed is True
    assert models[1].instance_id == "9"
    assert query(arm.requests[0])["$expand"] == ["instanceView"]
    await call(client.close())


async def test_list_instances_without_instance_views_asks_for_none(
    make: Callable[..., Any],
) -> None:
    arm = FakeArm(reply(200, json_body={"value": []}))
    client = make(arm)
    assert await collect(client.list_instances(GROUP, VMSS, instance_view=False)) == []
    assert query(arm.requests[0]) == {"api-version": [API_VERSION]}
    await call(client.close())


async def test_list_scale_sets_reads_every_page(make: Callable[..., Any]) -> None:
    sets_url = f"{ARM}{COMPUTE}/virtualMachineScaleSets"
    arm = FakeArm(
        reply(200, json_body={"value": [{"name": "a"}, {"id": "no-name"}],
                              "nextLink": f"{sets_url}?$skiptoken=2"}),
        reply(200, json_body={"value": [{"name": "b"}]}),
    )  # fmt: skip
    client = make(arm)
    assert await call(client.list_scale_sets(GROUP)) == ["a", "b"]
    assert arm.requests[0].url.path == urlsplit(sets_url).path
    await call(client.close())
