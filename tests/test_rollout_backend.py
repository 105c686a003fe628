"""The rollout backends over the real clients and a scripted ARM (httpx.MockTransport)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    SUB,
    VMSS,
    AsyncFakeCredential,
    FakeArm,
    FakeCredential,
    Reply,
    accepted,
    cloud_error,
    op_status,
    reply,
)
from vmss_maintenance import AsyncMaintenanceClient, MaintenanceClient, RetryPolicy
from vmss_maintenance._rollout_backend import AsyncClientBackend, ClientBackend
from vmss_maintenance._rollout_effects import FollowState, ThrottledError
from vmss_maintenance._rollout_plan import SCALE_SET_OPERATION, MaintenanceCall
from vmss_maintenance.errors import HttpResponseError

pytestmark = pytest.mark.anyio
CALL = MaintenanceCall(SCALE_SET_OPERATION, SUB, GROUP, VMSS, ("0", "3"))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(params=["sync", "async"])
def backend(request: pytest.FixtureRequest, clocks: FakeClocks) -> Callable[..., Any]:
    """Makes (backend, arm) of the parametrized kind over scripted replies."""

    def factory(*replies: Reply) -> tuple[Any, FakeArm]:
        arm = FakeArm(*replies)
        options: dict[str, Any] = {
            "transport": arm, "clock": clocks, "polling_interval": 10.0,
            "retry": RetryPolicy(total=0),
        }  # fmt: skip
        if request.param == "sync":
            client = MaintenanceClient(FakeCredential(), SUB, sleep=clocks.sleep, **options)
            return ClientBackend(client), arm
        async_client = AsyncMaintenanceClient(
            AsyncFakeCredential(), SUB, sleep=clocks.async_sleep, **options
        )
        return AsyncClientBackend(async_client), arm

    return factory


async def call(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def test_start_sends_the_batch_and_answers_its_token(backend: Callable[..., Any]) -> None:
    rollout, arm = backend(accepted(), op_status("Succeeded"), reply(200))
    token = await call(rollout.start(CALL))
    assert token.startswith("vmss1.")
    assert arm.requests[0].method == "POST"
    assert arm.requests[0].url.path.endswith(f"/virtualMachineScaleSets/{VMSS}/performMaintenance")
    assert arm.requests[0].content == b'{"instanceIds":["0","3"]}'
    outcome = await call(rollout.follow(token, 60.0))
    assert outcome.state is FollowState.SUCCEEDED
    assert outcome.token != token  # the newest state: ended
    assert len(arm.requests) == 3


@pytest.mark.parametrize("code", ["RetryLater", "MaintenanceAborted"])
async def test_a_failed_operation_is_a_failed_outcome_with_its_code(
    backend: Callable[..., Any], code: str
) -> None:
    error = {"code": code, "message": "maintenance could not be done now"}
    rollout, _ = backend(accepted(), op_status("Failed", error=error))
    token = await call(rollout.start(CALL))
    outcome = await call(rollout.follow(token, 60.0))
    assert outcome.state is FollowState.FAILED
    assert outcome.code == code
    assert outcome.error == "maintenance could not be done now"


async def test_running_after_the_timeout_answers_the_newest_token(
    backend: Callable[..., Any], clocks: FakeClocks
) -> None:
    rollout, arm = backend(
        accepted(retry_after="10"), op_status("InProgress"), op_status("InProgress")
    )
    token = await call(rollout.start(CALL))
    outcome = await call(rollout.follow(token, 15.0))
    assert outcome.state is FollowState.RUNNING
    assert outcome.token != token
    assert len(arm.requests) == 3  # the POST and two polls, 10 s apart, within 15 s


async def test_a_429_after_retries_is_throttled_error(backend: Callable[..., Any]) -> None:
    rollout, _ = backend(cloud_error(429, "TooManyRequests", "slow down"))
    with pytest.raises(ThrottledError) as caught:
        await call(rollout.start(CALL))
    assert caught.value.retry_after == 30.0  # no Retry-After the client could read: the default
    assert "HTTP 429" in str(caught.value)


async def test_other_refusals_stay_http_errors(backend: Callable[..., Any]) -> None:
    rollout, _ = backend(cloud_error(409, "OperationNotAllowed", "not eligible"))
    with pytest.raises(HttpResponseError) as caught:
        await call(rollout.start(CALL))
    assert caught.value.status_code == 409
    assert not isinstance(caught.value, ThrottledError)
