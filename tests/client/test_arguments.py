"""Bad arguments and settings raise before anything is sent; resource ids (sync and async
parametrized)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

import pytest
from client_kinds import ClientKind, call, using
from fake_arm import (
    GROUP,
    POST_URL,
    RESULT_URL,
    SCALE_SET_ID,
    SUB,
    VMSS,
    FakeArm,
    accepted,
    op_status,
    reply,
)
from vmss_maintenance import (
    StaticTokenCredential,
    parse_scale_set_id,
)
from vmss_maintenance.errors import (
    InvalidArgumentError,
)

pytestmark = pytest.mark.anyio


# -- validation: nothing is sent --------------------------------------------------------------

LONG_GROUP = "g" * 91
LONG_VMSS = "v" * 65


@pytest.mark.parametrize(
    ("args", "kwargs", "shown"),
    [
        (("", VMSS), {}, "''"),
        ((GROUP, ""), {}, "''"),
        ((LONG_GROUP, VMSS), {}, LONG_GROUP),
        ((GROUP, LONG_VMSS), {}, LONG_VMSS),
        (("a/b", VMSS), {}, "'a/b'"),
        ((GROUP, "a\\b"), {}, "'a\\\\b'"),
        ((GROUP, "a?b"), {}, "'a?b'"),
        ((GROUP, "a#b"), {}, "'a#b'"),
        ((GROUP, "a%2Fb"), {}, "'a%2Fb'"),
        (("my group", VMSS), {}, "'my group'"),
        ((GROUP, "x\ny"), {}, "'x\\ny'"),
        ((None, VMSS), {}, "None"),
        ((GROUP, VMSS, []), {}, "empty list"),
        ((GROUP, VMSS, ["1", "2", "1"]), {}, "'1'"),
        ((GROUP, VMSS, [1, "1"]), {}, "'1'"),
        ((GROUP, VMSS, "0,3"), {}, "'0,3'"),
        ((GROUP, VMSS, [True]), {}, "True"),
        ((GROUP, VMSS, [-1]), {}, "-1"),
        ((GROUP, VMSS, [""]), {}, "''"),
        ((GROUP, VMSS, ["a/b"]), {}, "'a/b'"),
        ((GROUP, VMSS, [1.5]), {}, "1.5"),
        ((GROUP, "a/b"), {}, "'a/b'"),
        ((GROUP, VMSS, ["0", "0"]), {}, "'0'"),
        ((GROUP, VMSS, "03"), {}, "'03'"),
        ((GROUP, VMSS), {"polling_interval": -1}, "-1"),
        ((GROUP, VMSS), {"polling_interval": math.nan}, "nan"),
        ((GROUP, VMSS), {"polling_interval": "10"}, "'10'"),
        ((GROUP, VMSS), {"timeout": -5}, "-5"),
        ((GROUP, VMSS), {"timeout": math.inf}, "inf"),
    ],
)
async def test_bad_arguments_raise_before_anything_is_sent(
    make: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], shown: str
) -> None:
    arm = FakeArm(reply(200))
    async with using(make(arm)) as client:
        with pytest.raises(InvalidArgumentError) as info:
            await call(client.perform_maintenance(*args, **kwargs))
        assert isinstance(info.value, ValueError)
        assert shown in str(info.value)
        if not kwargs:  # a name or an id: it says which
            assert re.search("instance|name", str(info.value))
        if "timeout" not in kwargs:
            with pytest.raises(InvalidArgumentError) as again:
                await call(client.begin_perform_maintenance(*args, **kwargs))
            assert str(again.value) == str(info.value)
    assert arm.requests == []


@pytest.mark.parametrize("timeout", [-1, math.nan, "soon"])
async def test_a_bad_result_timeout_is_an_invalid_argument(
    make: Callable[..., Any], timeout: Any
) -> None:
    arm = FakeArm(accepted())
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        with pytest.raises(InvalidArgumentError, match="timeout"):
            await call(poller.result(timeout))
        with pytest.raises(InvalidArgumentError, match="timeout"):
            await call(poller.wait(timeout))
    assert len(arm.requests) == 1


@pytest.mark.parametrize(
    ("kwargs", "shown"),
    [
        ({"subscription_id": "not-a-guid"}, "'not-a-guid'"),
        ({"subscription_id": ""}, "''"),
        ({"subscription_id": 12}, "12"),
        ({"polling_interval": -1.0}, "-1.0"),
        ({"polling_interval": math.inf}, "inf"),
        ({"timeout": -3}, "-3"),
        ({"endpoint": "http://management.example.com"}, "http://management.example.com"),
        ({"endpoint": "ftp://127.0.0.1"}, "ftp://127.0.0.1"),
        ({"allowed_hosts": "poll.example.net"}, "poll.example.net"),
        ({"allowed_hosts": ["https://poll.example.net/x"]}, "https://poll.example.net/x"),
        ({"retry": 3}, "3"),
        ({"verify": 1.5}, "1.5"),
        ({"api_version": ""}, "''"),
    ],
)
async def test_bad_client_settings_raise_at_construction(
    kind: ClientKind, kwargs: dict[str, Any], shown: str
) -> None:
    arm = FakeArm()
    kwargs = dict(kwargs)  # the parameters are shared by both kinds
    subscription = kwargs.pop("subscription_id", SUB)
    with pytest.raises(InvalidArgumentError) as info:
        kind.construct(kind.credential_class(), subscription, transport=arm, **kwargs)
    assert shown in str(info.value)
    assert arm.requests == []


@pytest.mark.parametrize("bad", [0, 1001, 2.5, True])
async def test_max_connections_is_checked(kind: ClientKind, bad: Any) -> None:
    with pytest.raises(InvalidArgumentError, match="max_connections"):
        kind.construct(StaticTokenCredential("t0ken-value"), SUB, max_connections=bad)


async def test_an_upper_case_subscription_id_is_sent_in_canonical_form(kind: ClientKind) -> None:
    arm = FakeArm(reply(200))
    async with using(kind.construct(kind.credential_class(), SUB.upper(), transport=arm)) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS))
    assert str(arm.requests[0].url) == POST_URL
    assert result.subscription_id == SUB


# -- resource ids -----------------------------------------------------------------------------


def test_parse_scale_set_id_is_case_insensitive() -> None:
    resource_id = (
        f"/SUBSCRIPTIONS/{SUB.upper()}/resourcegroups/{GROUP}/PROVIDERS/microsoft.compute"
        f"/VirtualMachineScaleSets/{VMSS}/"
    )
    parts = parse_scale_set_id(resource_id)
    assert (parts.subscription_id, parts.resource_group_name, parts.vm_scale_set_name) == (
        SUB, GROUP, VMSS,
    )  # fmt: skip


@pytest.mark.parametrize(
    "resource_id",
    [
        "",
        "my-scale-set",
        f"/subscriptions/{SUB}/resourceGroups/{GROUP}",
        f"/subscriptions/{SUB}/resourceGroups/{GROUP}/providers/Microsoft.Network"
        f"/virtualMachineScaleSets/{VMSS}",
        f"/subscriptions/not-a-guid/resourceGroups/{GROUP}/providers/Microsoft.Compute"
        f"/virtualMachineScaleSets/{VMSS}",
        f"{SCALE_SET_ID}/virtualMachines/3/extensions/x",
        f"/subscriptions/{SUB}/resourceGroups/{'g' * 91}/providers/Microsoft.Compute"
        f"/virtualMachineScaleSets/{VMSS}",
    ],
)
async def test_bad_resource_ids_are_invalid_arguments(
    make: Callable[..., Any], resource_id: str
) -> None:
    # (An instance's id is accepted by the _by_id forms: tests/client/test_vm_operation.py.)
    with pytest.raises(InvalidArgumentError):
        parse_scale_set_id(resource_id)
    arm = FakeArm(reply(200))
    async with using(make(arm)) as client:
        with pytest.raises(InvalidArgumentError):
            await call(client.perform_maintenance_by_id(resource_id))
    assert arm.requests == []


async def test_perform_maintenance_by_id_targets_the_ids_scale_set(
    make: Callable[..., Any],
) -> None:
    other_sub = "11111111-2222-3333-4444-555555555555"
    resource_id = (
        f"/subscriptions/{other_sub}/resourcegroups/Other-Group/providers/Microsoft.Compute"
        "/virtualMachineScaleSets/other-vmss"
    )
    arm = FakeArm(accepted(), op_status("Succeeded"), reply(200))
    async with using(make(arm)) as client:
        result = await call(client.perform_maintenance_by_id(resource_id, ["4"]))
    assert arm.requests[0].url.path == (
        f"/subscriptions/{other_sub}/resourceGroups/Other-Group/providers/Microsoft.Compute"
        "/virtualMachineScaleSets/other-vmss/performMaintenance"
    )
    assert json.loads(arm.requests[0].content) == {"instanceIds": ["4"]}
    assert (result.subscription_id, result.resource_group_name, result.vm_scale_set_name) == (
        other_sub, "Other-Group", "other-vmss",
    )  # fmt: skip
    assert (result.instance_ids, result.polls) == (("4",), 2)


async def test_begin_perform_maintenance_by_id_returns_a_poller(make: Callable[..., Any]) -> None:
    arm = FakeArm(accepted(status_url=None), reply(200))
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance_by_id(SCALE_SET_ID))
        assert (await call(poller.result())).vm_scale_set_name == VMSS
    assert arm.calls == [("POST", POST_URL), ("GET", RESULT_URL)]


async def test_by_id_accepts_an_upper_case_id_and_refuses_a_short_one(
    make: Callable[..., Any],
) -> None:
    arm = FakeArm(accepted(location=None), op_status("Succeeded"), reply(200))
    async with using(make(arm)) as client:
        result = await call(
            client.perform_maintenance_by_id(
                f"/SUBSCRIPTIONS/{SUB}/RESOURCEGROUPS/{GROUP}/PROVIDERS/MICROSOFT.COMPUTE"
                f"/VIRTUALMACHINESCALESETS/{VMSS}"
            )
        )
        poller = await call(client.begin_perform_maintenance_by_id(SCALE_SET_ID))
        assert (await call(poller.result())).polls == 0
        with pytest.raises(InvalidArgumentError):
            await call(client.perform_maintenance_by_id("/subscriptions/x"))
    assert (result.resource_group_name, result.vm_scale_set_name) == (GROUP, VMSS)
    assert [method for method, _ in arm.calls] == ["POST", "GET", "POST"]
    assert str(arm.requests[0].url) == POST_URL
