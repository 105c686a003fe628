"""The rollout backends over the real clients and a scripted ARM (httpx.MockTransport)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    SCALE_SET_ID,
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
    scale_set,
)
from vmss_maintenance import AsyncMaintenanceClient, MaintenanceClient, RetryPolicy
from vmss_maintenance._rollout_backend import AsyncClientBackend, ClientBackend
from vmss_maintenance._rollout_effects import FollowState, ThrottledError
from vmss_maintenance._rollout_plan import (
    SCALE_SET_OPERATION,
    VM_OPERATION,
    MaintenanceCall,
    ScaleSetPlan,
    plan_rollout,
)
from vmss_maintenance.errors import HttpResponseError

pytestmark = pytest.mark.anyio
CALL = MaintenanceCall(SCALE_SET_OPERATION, SUB, GROUP, VMSS, ("0", "3"))
TARGET = ScaleSetPlan(SUB, GROUP, VMSS, "Uniform", 1, 1, (), ())


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
            return ClientBackend(client, monotonic=clocks.monotonic), arm
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
    outcome = await call(rollout.follow(token, 25.0))
    assert outcome.state is FollowState.RUNNING
    assert outcome.token != token
    assert len(arm.requests) == 3  # the POST and two polls, at 10 s and 20 s, within 25 s


def timed(clocks: FakeClocks, times: list[float], answer: Reply) -> Callable[..., Any]:
    """A scripted answer that notes when (fake monotonic seconds) it was asked for."""

    def handler(_request: Any) -> Any:
        times.append(clocks.monotonic())
        return answer.response()

    return handler


async def test_follows_keep_the_service_schedule_from_the_post_on(
    backend: Callable[..., Any], clocks: FakeClocks
) -> None:
    """The POST's Retry-After holds for the first poll, and a poll's Retry-After across two
    follows: the operation a backend started is followed by the same poller, not resumed."""
    times: list[float] = []
    every_30 = {"Retry-After": "30"}
    rollout, arm = backend(
        timed(clocks, times, accepted(retry_after="30")),
        timed(clocks, times, op_status("InProgress", headers=every_30)),
        timed(clocks, times, op_status("InProgress", headers=every_30)),
        timed(clocks, times, op_status("Succeeded")),
        timed(clocks, times, reply(200)),
    )
    start = clocks.monotonic()
    token = await call(rollout.start(CALL))
    first = await call(rollout.follow(token, 45.0))
    assert first.state is FollowState.RUNNING
    second = await call(rollout.follow(first.token, 100.0))
    assert second.state is FollowState.SUCCEEDED
    assert [t - start for t in times] == [0.0, 30.0, 60.0, 90.0, 90.0]
    assert len(arm.requests) == 5


async def test_a_token_it_did_not_answer_is_resumed_and_polled_at_once(
    backend: Callable[..., Any], clocks: FakeClocks
) -> None:
    """A token from elsewhere (a journal of an earlier run) has no poller here: resumed."""
    times: list[float] = []
    rollout, _ = backend(
        timed(clocks, times, accepted(retry_after="30")),
        timed(clocks, times, op_status("Succeeded")),
        timed(clocks, times, reply(200)),
    )
    start = clocks.monotonic()
    token = await call(rollout.start(CALL))
    other, _ = backend(
        timed(clocks, times, op_status("Succeeded")), timed(clocks, times, reply(200))
    )
    outcome = await call(other.follow(token, 60.0))
    assert outcome.state is FollowState.SUCCEEDED
    assert [t - start for t in times] == [0.0, 0.0, 0.0]


async def test_a_429_after_retries_is_throttled_error(backend: Callable[..., Any]) -> None:
    rollout, _ = backend(cloud_error(429, "TooManyRequests", "slow down"))
    with pytest.raises(ThrottledError) as caught:
        await call(rollout.start(CALL))
    assert caught.value.retry_after == 30.0  # no Retry-After: the default wait
    assert "HTTP 429" in str(caught.value)


async def test_a_429_waits_what_the_service_asked(backend: Callable[..., Any]) -> None:
    rollout, _ = backend(
        cloud_error(429, "TooManyRequests", "slow down", headers={"Retry-After": "12"})
    )
    with pytest.raises(ThrottledError) as caught:
        await call(rollout.start(CALL))
    assert caught.value.retry_after == 12.0


async def test_status_reads_the_scale_set_and_its_instances(backend: Callable[..., Any]) -> None:
    view = {
        "platformUpdateDomain": 1,
        "maintenanceRedeployStatus": {"isCustomerInitiatedMaintenanceAllowed": True},
        "statuses": [{"code": "PowerState/running"}, {"code": "ProvisioningState/succeeded"}],
    }
    vm = {"instanceId": "4", "properties": {"instanceView": view}}
    rollout, arm = backend(scale_set("Uniform"), reply(200, json_body={"value": [vm]}))
    plan = plan_rollout([await call(rollout.status(TARGET))], max_unavailable=1)
    assert plan.targets[0].batches[0].instance_ids == ("4",)
    assert plan.targets[0].batches[0].update_domain == 1
    assert [r.url.path for r in arm.requests] == [
        SCALE_SET_ID, f"{SCALE_SET_ID}/virtualMachines"
    ]


async def test_a_flexible_vm_is_started_on_its_own_path(backend: Callable[..., Any]) -> None:
    rollout, arm = backend(accepted())
    call_ = MaintenanceCall(VM_OPERATION, SUB, GROUP, "web-vm3", None)
    token = await call(rollout.start(call_))
    assert token
    assert arm.requests[0].method == "POST"
    assert arm.requests[0].url.path == (
        f"/subscriptions/{SUB}/resourceGroups/{GROUP}/providers/Microsoft.Compute/"
        "virtualMachines/web-vm3/performMaintenance"
    )


async def test_other_refusals_stay_http_errors(backend: Callable[..., Any]) -> None:
    # the client reads the scale set after a refusal (a Flexible one names the per-VM path)
    rollout, _ = backend(
        cloud_error(409, "OperationNotAllowed", "not eligible"), scale_set("Uniform")
    )
    with pytest.raises(HttpResponseError) as caught:
        await call(rollout.start(CALL))
    assert caught.value.status_code == 409
    assert not isinstance(caught.value, ThrottledError)
