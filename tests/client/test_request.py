"""The request each client sends: method, URL, body, headers (sync and async parametrized)."""

from __future__ import annotations

import json
import platform
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from client_kinds import call, using
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    POST_URL,
    SECRET,
    SUB,
    VMSS,
    FakeArm,
    happy_path,
    reply,
)
from vmss_maintenance import (
    MaintenanceResult,
    __version__,
)
from vmss_maintenance._adapter import API_VERSION

pytestmark = pytest.mark.anyio


# -- the request ------------------------------------------------------------------------------


async def test_all_instances_posts_no_body_and_no_content_type(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(reply(200, headers={"x-ms-request-id": "req-1"}))
    async with using(make(arm)) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS))
    [post] = arm.requests
    assert post.method == "POST"
    assert str(post.url) == POST_URL
    assert dict(post.url.params) == {"api-version": API_VERSION}
    assert post.content == b""
    assert "content-type" not in post.headers
    assert result == MaintenanceResult(
        status="Succeeded",
        subscription_id=SUB,
        resource_group_name=GROUP,
        vm_scale_set_name=VMSS,
        instance_ids=None,
        started_at=None,
        ended_at=None,
        request_id="req-1",
        polls=0,
        elapsed=0.0,
    )
    assert clocks.sleeps == []


async def test_instance_ids_are_sent_as_strings_in_instance_ids(make: Callable[..., Any]) -> None:
    arm = FakeArm(reply(200))
    async with using(make(arm)) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS, [0, "3"]))
    [post] = arm.requests
    assert json.loads(post.content) == {"instanceIds": ["0", "3"]}
    assert post.headers["content-type"] == "application/json"
    assert result.instance_ids == ("0", "3")


async def test_the_api_version_comes_from_the_spec_unless_overridden(
    make: Callable[..., Any],
) -> None:
    arm = FakeArm(reply(200), reply(200))
    async with using(make(arm)) as client:
        assert client.api_version == API_VERSION
        await call(client.perform_maintenance(GROUP, VMSS))
    async with using(make(arm, api_version="2099-01-01")) as client:
        await call(client.perform_maintenance(GROUP, VMSS))
    assert [r.url.params["api-version"] for r in arm.requests] == [API_VERSION, "2099-01-01"]


@pytest.mark.parametrize(
    ("group", "name", "raw"),
    [
        ("grp(1)", "vmss-é", b"/resourceGroups/grp%281%29/providers/Microsoft.Compute/"
                             b"virtualMachineScaleSets/vmss-%C3%A9/performMaintenance"),
        ("Grupo_Ñ.1", "scale_Ñ", b"/resourceGroups/Grupo_%C3%91.1/providers/Microsoft.Compute/"
                                 b"virtualMachineScaleSets/scale_%C3%91/performMaintenance"),
    ],
)  # fmt: skip
async def test_path_segments_are_percent_encoded(
    make: Callable[..., Any], group: str, name: str, raw: bytes
) -> None:
    arm = FakeArm(reply(200))
    async with using(make(arm)) as client:
        result = await call(client.perform_maintenance(group, name))
    path = arm.requests[0].url.raw_path
    assert path == f"/subscriptions/{SUB}".encode() + raw + f"?api-version={API_VERSION}".encode()
    assert (result.resource_group_name, result.vm_scale_set_name) == (group, name)


async def test_every_request_of_an_operation_shares_one_client_request_id(
    make: Callable[..., Any],
) -> None:
    arm = FakeArm(*happy_path(), reply(200))
    async with using(make(arm)) as client:
        await call(client.perform_maintenance(GROUP, VMSS))
        await call(client.perform_maintenance(GROUP, VMSS))
    ids = [request.headers["x-ms-client-request-id"] for request in arm.requests]
    assert len(ids) == 5
    first = ids[0]
    assert str(uuid.UUID(first)) == first
    assert ids[:4] == [first] * 4
    assert ids[4] != first  # a new operation, a new id


async def test_user_agent_and_bearer_token_on_every_request(make: Callable[..., Any]) -> None:
    arm = FakeArm(*happy_path())
    async with using(make(arm)) as client:
        await call(client.perform_maintenance(GROUP, VMSS))
    expected = f"vmss-maintenance/{__version__} Python/{platform.python_version()}"
    assert [r.headers["user-agent"] for r in arm.requests] == [expected] * 4
    assert [r.headers["authorization"] for r in arm.requests] == [f"Bearer {SECRET}-1"] * 4


async def test_polls_carry_no_body(make: Callable[..., Any]) -> None:
    arm = FakeArm(*happy_path())
    async with using(make(arm)) as client:
        await call(client.perform_maintenance(GROUP, VMSS, ["1"]))
    assert [(r.method, r.content) for r in arm.requests[1:]] == [("GET", b"")] * 3
