"""performMaintenance on one VM (VirtualMachines_PerformMaintenance), and the ``_by_id`` forms
given one scale-set instance's id; sync and async parametrized."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fake_arm import (
    ARM,
    GROUP,
    RESULT_URL,
    SCALE_SET_ID,
    STATUS_URL,
    SUB,
    FakeArm,
    accepted,
    call,
    cloud_error,
    op_status,
    reply,
)
from vmss_maintenance import MaintenanceResult, VmMaintenanceResult
from vmss_maintenance._adapter import API_VERSION
from vmss_maintenance.errors import HttpResponseError, InvalidArgumentError, PollingTimeoutError

pytestmark = pytest.mark.anyio
INSTANCE_3 = f"{SCALE_SET_ID}/virtualMachines/3"
VM = "my-vm_1"
VM_POST_URL = (
    f"{ARM}/subscriptions/{SUB}/resourceGroups/{GROUP}/providers/Microsoft.Compute"
    f"/virtualMachines/{VM}/performMaintenance?api-version={API_VERSION}"
)


async def test_perform_vm_maintenance_posts_to_the_vm_and_follows_the_lro(
    make: Callable[..., Any],
) -> None:
    arm = FakeArm(accepted(), op_status("Succeeded", end="2024-05-01T10:05:00+00:00"), reply(200))
    client = make(arm)
    result = await call(client.perform_vm_maintenance(GROUP, VM))
    assert arm.calls == [("POST", VM_POST_URL), ("GET", STATUS_URL), ("GET", RESULT_URL)]
    assert arm.requests[0].content == b""  # the VM operation has no body
    assert isinstance(result, VmMaintenanceResult)
    assert (result.status, result.vm_name, result.resource_group_name, result.subscription_id) == (
        "Succeeded", VM, GROUP, SUB,
    )  # fmt: skip
    assert (result.request_id, result.polls, result.elapsed) == ("post-request-id", 2, 10.0)
    assert result.ended_at is not None
    assert result.ended_at.minute == 5
    await call(client.close())


async def test_the_vm_poller_names_its_vm(make: Callable[..., Any]) -> None:
    client = make(FakeArm(accepted()))
    poller = await call(client.begin_perform_vm_maintenance(GROUP, VM))
    assert (poller.vm_name, poller.instance_ids, poller.status()) == (VM, None, "InProgress")
    assert f"{GROUP}/{VM} (VM)" in repr(poller)
    with pytest.raises(AttributeError, match="vm_name"):
        _ = poller.vm_scale_set_name
    await call(client.close())


async def test_resume_resumes_a_vm_operation_from_its_token(make: Callable[..., Any]) -> None:
    arm = FakeArm(accepted(), op_status("InProgress"))
    client = make(arm)
    poller = await call(client.begin_perform_vm_maintenance(GROUP, VM))
    with pytest.raises(PollingTimeoutError) as timed_out:
        await call(poller.result(timeout=5))
    arm.add(op_status("Succeeded"), reply(200))
    resumed = await call(client.resume(timed_out.value.continuation_token))
    result = await call(resumed.result())
    assert isinstance(result, VmMaintenanceResult)
    assert (result.vm_name, result.status) == (VM, "Succeeded")
    assert [url for _, url in arm.calls[-2:]] == [STATUS_URL, RESULT_URL]
    await call(client.close())


async def test_resume_still_resumes_a_scale_set_operation(make: Callable[..., Any]) -> None:
    arm = FakeArm(accepted())
    client = make(arm)
    poller = await call(client.begin_perform_maintenance(GROUP, "my-scale-set", [2]))
    arm.add(op_status("Succeeded"), reply(200))
    result = await call((await call(client.resume(poller.continuation_token()))).result())
    assert isinstance(result, MaintenanceResult)
    assert result.instance_ids == ("2",)
    await call(client.close())


async def test_an_error_answer_to_the_vm_post_is_an_http_error(make: Callable[..., Any]) -> None:
    arm = FakeArm(cloud_error(409, "OperationNotAllowed", "maintenance is not allowed now"))
    client = make(arm)
    with pytest.raises(HttpResponseError, match="not allowed now") as info:
        await call(client.perform_vm_maintenance(GROUP, VM))
    assert (info.value.status_code, info.value.code) == (409, "OperationNotAllowed")
    await call(client.close())


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "non-empty"),
        ("_vm", "underscore"),
        ("vm-", "hyphen"),
        ("..", "period"),
        ("a/b", "'/'"),
        ("v" * 65, "at most 64"),
    ],
)
async def test_bad_vm_names_are_refused_before_sending(
    make: Callable[..., Any], name: str, message: str
) -> None:
    arm = FakeArm()
    client = make(arm)
    with pytest.raises(InvalidArgumentError, match=message):
        await call(client.begin_perform_vm_maintenance(GROUP, name))
    assert arm.requests == []
    await call(client.close())


# -- the _by_id forms given one instance's id ------------------------------------------------


async def test_an_instance_id_given_to_by_id_means_that_one_instance(
    make: Callable[..., Any],
) -> None:
    arm = FakeArm(accepted(), op_status("Succeeded"), reply(200))
    client = make(arm)
    result = await call(client.perform_maintenance_by_id(f"{SCALE_SET_ID}/virtualMachines/07"))
    assert result.instance_ids == ("7",)
    assert arm.requests[0].url.path == f"{SCALE_SET_ID}/performMaintenance"
    assert arm.requests[0].content == b'{"instanceIds":["7"]}'
    await call(client.close())


async def test_an_instance_id_and_the_same_instance_ids_agree(make: Callable[..., Any]) -> None:
    arm = FakeArm(accepted())
    client = make(arm)
    poller = await call(
        client.begin_perform_maintenance_by_id(f"{SCALE_SET_ID}/virtualMachines/3", [3])
    )
    assert poller.instance_ids == ("3",)
    await call(client.close())


@pytest.mark.parametrize("instance_ids", [["4"], ["3", "4"]])
async def test_an_instance_id_with_other_instance_ids_is_refused(
    make: Callable[..., Any], instance_ids: list[str]
) -> None:
    arm = FakeArm()
    client = make(arm)
    with pytest.raises(InvalidArgumentError, match=r"names instance '3'.*instance_ids is"):
        await call(client.begin_perform_maintenance_by_id(f"{INSTANCE_3}", instance_ids))
    assert arm.requests == []
    await call(client.close())


async def test_a_bad_instance_in_an_instance_id_is_refused(make: Callable[..., Any]) -> None:
    arm = FakeArm()
    client = make(arm)
    with pytest.raises(InvalidArgumentError, match="'vm-3' is not a non-negative decimal"):
        await call(client.perform_maintenance_by_id(f"{SCALE_SET_ID}/virtualMachines/vm-3"))
    assert arm.requests == []
    await call(client.close())
