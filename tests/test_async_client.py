"""AsyncMaintenanceClient end to end over a scripted fake ARM, with a fake clock and async sleep."""

from __future__ import annotations

import asyncio
import json
import logging
import platform
import sys
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fake_arm import (
    GROUP,
    POST_URL,
    RESULT_URL,
    SCALE_SET_ID,
    SECRET,
    START,
    STATUS_URL,
    SUB,
    VMSS,
    AsyncFakeCredential,
    FakeArm,
    FakeClock,
    FakeCredential,
    accepted,
    challenge,
    cloud_error,
    decode_token,
    encode_token,
    make_async_client,
    op_status,
    reply,
    scale_set,
)
from vmss_maintenance import (
    AsyncMaintenanceClient,
    AsyncMaintenancePoller,
    AzureCloud,
    MaintenanceResult,
    RetryPolicy,
    StaticTokenCredential,
    __version__,
)
from vmss_maintenance._adapter import API_VERSION
from vmss_maintenance._settings import DEFAULT_MAX_CONNECTIONS
from vmss_maintenance.errors import (
    AuthenticationError,
    HttpResponseError,
    InvalidArgumentError,
    MaintenanceError,
    OperationFailedError,
    PollingTimeoutError,
    UntrustedHostError,
)
from vmss_maintenance_api.models import CloudError

EVIL_STATUS = f"https://evil.example.com/operations/op-1?api-version={API_VERSION}"
STARTED = datetime(2024, 5, 1, 10, 0, 0, 123456, tzinfo=UTC)
ENDED = datetime(2024, 5, 1, 10, 5, 0, tzinfo=UTC)
CLAIMS = '{"access_token":{"nbf":{"essential":true,"value":"1726077595"}}}'
MESSAGE_409 = (
    "Operation 'performMaintenance' is not allowed on VM 'my-scale-set_3' since the "
    "Subscription of this VM is not eligible."
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def happy_path() -> list[Any]:
    return [
        accepted(retry_after="7"),
        op_status("InProgress"),
        op_status("Succeeded", end="2024-05-01T10:05:00Z"),
        reply(200),
    ]


def running_forever() -> FakeArm:
    return FakeArm(accepted(), *[op_status("InProgress") for _ in range(3)])


# -- the request and the patterns -------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("credential", [AsyncFakeCredential, FakeCredential])
async def test_async_operation_end_to_end(clock: FakeClock, credential: type[Any]) -> None:
    arm = FakeArm(*happy_path())
    cred = credential()
    async with make_async_client(arm, clock, cred) as client:
        poller = await client.begin_perform_maintenance(GROUP, VMSS, [0, "3"])
        assert isinstance(poller, AsyncMaintenancePoller)
        assert not poller.done()
        assert poller.status() == "InProgress"
        assert len(arm.requests) == 1
        result = await poller.result()
    assert arm.calls == [
        ("POST", POST_URL),
        ("GET", STATUS_URL),
        ("GET", STATUS_URL),
        ("GET", RESULT_URL),
    ]
    assert result == MaintenanceResult(
        status="Succeeded",
        subscription_id=SUB,
        resource_group_name=GROUP,
        vm_scale_set_name=VMSS,
        instance_ids=("0", "3"),
        started_at=STARTED,
        ended_at=ENDED,
        request_id="post-request-id",
        polls=3,
        elapsed=17.0,
    )
    assert clock.sleeps == [7.0, 10.0]
    assert cred.scopes == [("https://management.azure.com/.default",)]
    assert [r.headers["authorization"] for r in arm.requests] == [f"Bearer {SECRET}-1"] * 4
    assert poller.done()


@pytest.mark.anyio
async def test_request_shape(clock: FakeClock) -> None:
    arm = FakeArm(reply(200), reply(200))
    async with make_async_client(arm, clock) as client:
        await client.perform_maintenance(GROUP, VMSS)
        await client.perform_maintenance("grp(1)", "vmss-é", ["5"])
    bare, with_ids = arm.requests
    assert str(bare.url) == POST_URL
    assert dict(bare.url.params) == {"api-version": API_VERSION}
    assert bare.content == b""
    assert "content-type" not in bare.headers
    assert json.loads(with_ids.content) == {"instanceIds": ["5"]}
    assert with_ids.headers["content-type"] == "application/json"
    assert with_ids.url.raw_path.startswith(
        f"/subscriptions/{SUB}/resourceGroups/grp%281%29/providers/Microsoft.Compute"
        "/virtualMachineScaleSets/vmss-%C3%A9/performMaintenance?".encode()
    )
    agent = f"vmss-maintenance/{__version__} Python/{platform.python_version()}"
    assert bare.headers["user-agent"] == with_ids.headers["user-agent"] == agent
    first, second = (r.headers["x-ms-client-request-id"] for r in arm.requests)
    assert first != second
    assert str(uuid.UUID(first)) == first


@pytest.mark.anyio
async def test_polls_reuse_the_client_request_id(clock: FakeClock) -> None:
    arm = FakeArm(*happy_path())
    async with make_async_client(arm, clock) as client:
        await client.perform_maintenance(GROUP, VMSS)
    ids = {r.headers["x-ms-client-request-id"] for r in arm.requests}
    assert len(ids) == 1


@pytest.mark.anyio
async def test_location_only_with_a_new_location(clock: FakeClock) -> None:
    moved = RESULT_URL.replace("op-1", "op-1b")
    arm = FakeArm(
        accepted(status_url=None, retry_after="3"),
        reply(202, headers={"Location": moved, "retry-after-ms": "500"}),
        reply(204),
    )
    async with make_async_client(arm, clock) as client:
        result = await client.perform_maintenance(GROUP, VMSS)
    assert arm.calls == [("POST", POST_URL), ("GET", RESULT_URL), ("GET", moved)]
    assert clock.sleeps == [3.0, 1.0]  # 500 ms: raised to the 1 s floor
    assert (result.polls, result.elapsed) == (2, 4.0)


@pytest.mark.anyio
async def test_a_synchronous_200_needs_no_poll(clock: FakeClock) -> None:
    arm = FakeArm(reply(200, headers={"x-ms-request-id": "r-200"}))
    async with make_async_client(arm, clock) as client:
        result = await client.perform_maintenance(GROUP, VMSS)
    assert (result.status, result.polls, result.request_id, result.elapsed) == (
        "Succeeded", 0, "r-200", 0.0,
    )  # fmt: skip


@pytest.mark.anyio
async def test_a_202_with_no_polling_header_is_an_error(clock: FakeClock) -> None:
    arm = FakeArm(accepted(status_url=None, location=None))
    async with make_async_client(arm, clock) as client:
        with pytest.raises(HttpResponseError, match="neither an Azure-AsyncOperation"):
            await client.begin_perform_maintenance(GROUP, VMSS)


@pytest.mark.anyio
async def test_a_failed_operation_raises_operation_failed(clock: FakeClock) -> None:
    arm = FakeArm(
        accepted(),
        op_status("CANCELED", error={"code": "OperationPreempted", "message": "preempted"}),
    )
    async with make_async_client(arm, clock) as client:
        poller = await client.begin_perform_maintenance(GROUP, VMSS)
        with pytest.raises(OperationFailedError) as info:
            await poller.result()
    assert (info.value.status, info.value.code, info.value.message) == (
        "Canceled", "OperationPreempted", "preempted",
    )  # fmt: skip
    assert poller.status() == "Canceled"
    assert poller.done()


@pytest.mark.anyio
async def test_an_unreadable_status_body_is_an_error(clock: FakeClock) -> None:
    arm = FakeArm(accepted(), reply(200, json_body={"state": "done"}))
    async with make_async_client(arm, clock) as client:
        with pytest.raises(HttpResponseError, match=r'no \'status\' field.*"state": "done"'):
            await client.perform_maintenance(GROUP, VMSS)


# -- timing -----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_waits_follow_retry_after_capped_and_zero(clock: FakeClock) -> None:
    arm = FakeArm(
        accepted(retry_after="3600"),
        op_status("InProgress", headers={"Retry-After": "0"}),
        op_status("InProgress", headers={"x-ms-retry-after-ms": "1250"}),
        op_status("InProgress"),
        op_status("Succeeded"),
        reply(200),
    )
    policy = RetryPolicy(total=0, retry_after_max=60.0)
    async with make_async_client(arm, clock, retry=policy) as client:
        result = await client.perform_maintenance(GROUP, VMSS)
    assert clock.sleeps == [60.0, 1.0, 1.25, 10.0]  # capped; 0 = the 1 s floor; ms; interval
    assert result.elapsed == 72.25


# -- timeouts and resume ----------------------------------------------------------------------


@pytest.mark.anyio
async def test_result_timeout_raises_and_resume_finishes_elsewhere(clock: FakeClock) -> None:
    arm = running_forever()
    async with make_async_client(arm, clock) as client:
        poller = await client.begin_perform_maintenance(GROUP, VMSS, ["2"])
        with pytest.raises(PollingTimeoutError) as info:
            await poller.result(timeout=25)
    assert isinstance(info.value, TimeoutError)
    assert clock.sleeps == [10.0, 10.0, 5.0]
    token = info.value.continuation_token
    assert SECRET not in json.dumps(decode_token(token))
    request_id = arm.requests[0].headers["x-ms-client-request-id"]

    other_arm = FakeArm(op_status("Succeeded"), reply(200))
    async with make_async_client(other_arm, clock) as other:
        resumed = await other.resume(token)
        assert isinstance(resumed, AsyncMaintenancePoller)
        result = await resumed.result()
    assert other_arm.calls == [("GET", STATUS_URL), ("GET", RESULT_URL)]
    assert {r.headers["x-ms-client-request-id"] for r in other_arm.requests} == {request_id}
    assert (result.instance_ids, result.request_id, result.polls, result.elapsed) == (
        ("2",), "post-request-id", 4, 25.0,
    )  # fmt: skip


@pytest.mark.anyio
async def test_wait_with_timeout_returns_quietly(clock: FakeClock) -> None:
    arm = running_forever()
    async with make_async_client(arm, clock) as client:
        poller = await client.begin_perform_maintenance(GROUP, VMSS)
        assert await poller.wait(timeout=15) is None
        assert not poller.done()
        assert poller.polls == 1
    assert clock.now - START == 15.0


@pytest.mark.anyio
async def test_perform_maintenance_timeout(clock: FakeClock) -> None:
    arm = running_forever()
    async with make_async_client(arm, clock) as client:
        with pytest.raises(PollingTimeoutError):
            await client.perform_maintenance(GROUP, VMSS, timeout=5)
        with pytest.raises(InvalidArgumentError, match="-1"):
            await client.perform_maintenance(GROUP, VMSS, timeout=-1)
    assert len(arm.requests) == 1  # the bad timeout sent nothing


@pytest.mark.anyio
@pytest.mark.parametrize("field", ["status_url", "next_url", "location_url"])
async def test_an_edited_token_is_refused_and_nothing_is_sent(clock: FakeClock, field: str) -> None:
    arm = running_forever()
    async with make_async_client(arm, clock) as client:
        poller = await client.begin_perform_maintenance(GROUP, VMSS)
        data = decode_token(poller.continuation_token())
    data[field] = EVIL_STATUS
    if field in ("status_url", "next_url"):  # kept consistent: only the host check refuses it
        data["status_url"] = data["next_url"] = EVIL_STATUS
    other_arm = FakeArm(op_status("Succeeded"), reply(200))
    async with make_async_client(other_arm, clock) as other:
        with pytest.raises(UntrustedHostError):
            await other.resume(encode_token(data))
    assert other_arm.requests == []


@pytest.mark.anyio
@pytest.mark.parametrize("token", ["", "vmss1.%%%", "vmss1.e30", 7])
async def test_malformed_tokens(clock: FakeClock, token: Any) -> None:
    async with make_async_client(FakeArm(), clock) as client:
        with pytest.raises(InvalidArgumentError):
            await client.resume(token)


# -- errors -----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_409_cloud_error(clock: FakeClock) -> None:
    arm = FakeArm(
        cloud_error(409, "OperationNotAllowed", MESSAGE_409, target="vmss",
                    headers={"x-ms-request-id": "req-409",
                             "x-ms-correlation-request-id": "corr-409"}),
        scale_set(None),  # the refusal is looked into: no mode means Uniform
    )  # fmt: skip
    async with make_async_client(arm, clock) as client:
        with pytest.raises(HttpResponseError) as info:
            await client.perform_maintenance(GROUP, VMSS)
    error = info.value
    assert str(error) == f"(OperationNotAllowed) {MESSAGE_409} [HTTP 409, request id req-409]"
    assert isinstance(error.error, CloudError)
    assert (error.status_code, error.code, error.target, error.correlation_id) == (
        409, "OperationNotAllowed", "vmss", "corr-409",
    )  # fmt: skip


@pytest.mark.anyio
async def test_an_html_502_is_an_error_with_an_excerpt(clock: FakeClock) -> None:
    arm = FakeArm(accepted(), *[reply(502, text="<html>Bad Gateway from proxy</html>")] * 2)
    async with make_async_client(arm, clock, retry=RetryPolicy(total=1, jitter=False)) as client:
        with pytest.raises(HttpResponseError, match="Bad Gateway from proxy") as info:
            await client.perform_maintenance(GROUP, VMSS)
    assert info.value.status_code == 502
    assert info.value.error is None
    assert len(arm.requests) == 3
    assert clock.sleeps == [10.0, 0.8]  # the poll wait, then one backoff (0.8 s default)


@pytest.mark.anyio
async def test_exhausted_429(clock: FakeClock) -> None:
    throttled = cloud_error(429, "TooManyRequests", "slow down", headers={"Retry-After": "2"})
    arm = FakeArm(throttled, throttled)
    async with make_async_client(arm, clock, retry=RetryPolicy(total=1)) as client:
        with pytest.raises(HttpResponseError) as info:
            await client.perform_maintenance(GROUP, VMSS)
    assert (info.value.code, info.value.status_code) == ("TooManyRequests", 429)
    assert clock.sleeps == [2.0]


@pytest.mark.anyio
async def test_a_401_is_an_authentication_error(clock: FakeClock) -> None:
    arm = FakeArm(reply(401, text="nope"))
    async with make_async_client(arm, clock) as client:
        with pytest.raises(AuthenticationError) as info:
            await client.perform_maintenance(GROUP, VMSS)
    assert info.value.status_code == 401


@pytest.mark.anyio
@pytest.mark.parametrize("credential", [AsyncFakeCredential, FakeCredential])
async def test_a_claims_challenge_is_answered_once(clock: FakeClock, credential: type[Any]) -> None:
    arm = FakeArm(reply(401, headers={"WWW-Authenticate": challenge(CLAIMS)}), reply(200))
    cred = credential()
    async with make_async_client(arm, clock, cred) as client:
        result = await client.perform_maintenance(GROUP, VMSS, ["9"])
    assert result.status == "Succeeded"
    assert cred.claims == [None, CLAIMS]
    assert [r.headers["authorization"] for r in arm.requests] == [
        f"Bearer {SECRET}-1", f"Bearer {SECRET}-2",
    ]  # fmt: skip
    assert arm.requests[1].content == b'{"instanceIds":["9"]}'


# -- validation -------------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("", VMSS), "''"),
        ((GROUP, "a/b"), "'a/b'"),
        ((GROUP, "v" * 65), "v" * 65),
        ((GROUP, VMSS, []), "empty list"),
        ((GROUP, VMSS, ["0", "0"]), "'0'"),
        ((GROUP, VMSS, "03"), "'03'"),
    ],
)
async def test_bad_arguments_send_nothing(
    clock: FakeClock, args: tuple[Any, ...], shown: str
) -> None:
    arm = FakeArm(reply(200))
    async with make_async_client(arm, clock) as client:
        with pytest.raises(InvalidArgumentError) as info:
            await client.begin_perform_maintenance(*args)
        with pytest.raises(ValueError, match=r"instance|name") as again:
            await client.perform_maintenance(*args)
        assert str(again.value) == str(info.value)
    assert shown in str(info.value)
    assert arm.requests == []


@pytest.mark.anyio
async def test_by_id(clock: FakeClock) -> None:
    arm = FakeArm(accepted(location=None), op_status("Succeeded"), reply(200))
    async with make_async_client(arm, clock) as client:
        result = await client.perform_maintenance_by_id(
            f"/SUBSCRIPTIONS/{SUB}/RESOURCEGROUPS/{GROUP}/PROVIDERS/MICROSOFT.COMPUTE"
            f"/VIRTUALMACHINESCALESETS/{VMSS}"
        )
        poller = await client.begin_perform_maintenance_by_id(SCALE_SET_ID)
        assert (await poller.result()).polls == 0
        with pytest.raises(InvalidArgumentError):
            await client.perform_maintenance_by_id("/subscriptions/x")
    assert (result.resource_group_name, result.vm_scale_set_name) == (GROUP, VMSS)
    assert [method for method, _ in arm.calls] == ["POST", "GET", "POST"]
    assert str(arm.requests[0].url) == POST_URL


# -- security ---------------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    "headers",
    [{"status_url": EVIL_STATUS}, {"status_url": None, "location": EVIL_STATUS}],
)
async def test_a_polling_url_on_another_host_is_refused(
    clock: FakeClock, headers: dict[str, Any]
) -> None:
    arm = FakeArm(accepted(**headers), op_status("Succeeded"), reply(200))
    async with make_async_client(arm, clock) as client:
        with pytest.raises(UntrustedHostError):
            await client.begin_perform_maintenance(GROUP, VMSS)
    assert arm.hosts == {"management.azure.com"}
    assert len(arm.requests) == 1


@pytest.mark.anyio
async def test_allowed_hosts_and_loopback_http(clock: FakeClock) -> None:
    local = "http://localhost:9000"
    poll_url = "https://poll.example.net:8443/operations/1"
    arm = FakeArm(accepted(status_url=poll_url, location=f"{local}/results/1"),
                  op_status("Succeeded"), reply(200))  # fmt: skip
    async with make_async_client(
        arm, clock, endpoint=local, allowed_hosts=["poll.example.net:8443"]
    ) as client:
        result = await client.perform_maintenance(GROUP, VMSS)
    assert result.polls == 2
    assert [host for host in (r.url.host for r in arm.requests)] == [
        "localhost", "poll.example.net", "localhost",
    ]  # fmt: skip
    with pytest.raises(InvalidArgumentError, match="plain http"):
        AsyncMaintenanceClient(FakeCredential(), SUB, endpoint="http://10.0.0.1")


@pytest.mark.anyio
async def test_no_token_in_reprs_errors_or_logs(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    arm = FakeArm(accepted(), cloud_error(500, "InternalError", "oops"), reply(401))
    errors: list[BaseException] = []
    async with make_async_client(
        arm, clock, StaticTokenCredential(SECRET), retry=RetryPolicy(total=0)
    ) as client:
        poller = await client.begin_perform_maintenance(GROUP, VMSS)
        texts = [repr(client), repr(poller)]
        for attempt in (lambda: poller.result(timeout=1), poller.result,
                        lambda: client.perform_maintenance(GROUP, VMSS)):  # fmt: skip
            with pytest.raises(MaintenanceError) as info:
                await attempt()
            errors.append(info.value)
    assert [type(e) for e in errors] == [
        PollingTimeoutError, HttpResponseError, AuthenticationError,
    ]  # fmt: skip
    assert arm.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    texts += [str(e) for e in errors] + [repr(e) for e in errors]
    texts += [record.getMessage() for record in caplog.records]
    ours = [r.getMessage() for r in caplog.records
            if r.name == "vmss_maintenance" and " -> " in r.getMessage()]  # fmt: skip
    assert len(ours) == len(arm.requests) == 3
    assert ours[1].startswith(
        f"GET {STATUS_URL.split('?')[0]}?p=REDACTED&monitor=REDACTED&api-version={API_VERSION} "
        "-> 500"
    )
    for text in texts:
        assert SECRET not in text
    for line in ours:
        assert "p=2" not in line


# -- lifecycle and clouds ---------------------------------------------------------------------


@pytest.mark.anyio
async def test_async_with_closes_the_http_client(clock: FakeClock) -> None:
    arm = FakeArm(reply(200))
    async with make_async_client(arm, clock) as client:
        await client.perform_maintenance(GROUP, VMSS)
        assert not arm.closed
    assert arm.closed
    other = FakeArm()
    await make_async_client(other, clock).close()
    assert other.closed


@pytest.mark.anyio
async def test_no_credential_without_azure_identity(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "azure.identity", None)
    monkeypatch.setitem(sys.modules, "azure.identity.aio", None)
    with pytest.raises(InvalidArgumentError, match=r"vmss-maintenance\[identity-async\]"):
        AsyncMaintenanceClient(None, SUB, transport=FakeArm(), clock=clock)


@pytest.mark.anyio
async def test_us_government_scope(clock: FakeClock) -> None:
    arm = FakeArm(reply(200))
    cred = AsyncFakeCredential()
    async with make_async_client(arm, clock, cred, cloud=AzureCloud.US_GOVERNMENT) as client:
        await client.perform_maintenance(GROUP, VMSS)
    assert cred.scopes == [("https://management.core.usgovcloudapi.net/.default",)]
    assert arm.requests[0].url.host == "management.usgovcloudapi.net"


class _CountingTransport(httpx.AsyncBaseTransport):
    """Answers 200 after yielding to the loop; remembers the most requests seen at once."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.most = 0
        self.count = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.count += 1
        self.most = max(self.most, self.in_flight)
        for _ in range(3):
            await asyncio.sleep(0)
        self.in_flight -= 1
        return httpx.Response(200, headers={"x-ms-request-id": "r"})


@pytest.mark.anyio
@pytest.mark.parametrize("limit", [None, 3])
async def test_many_operations_share_a_bounded_number_of_requests_in_flight(
    limit: int | None,
) -> None:
    transport = _CountingTransport()
    options = {} if limit is None else {"max_connections": limit}
    bound = DEFAULT_MAX_CONNECTIONS if limit is None else limit
    async with AsyncMaintenanceClient(
        StaticTokenCredential("t0ken-value"), SUB, transport=transport, **options
    ) as client:
        results = await asyncio.gather(
            *(client.perform_maintenance(GROUP, VMSS, [i]) for i in range(bound * 3))
        )
    assert [r.instance_ids for r in results] == [(str(i),) for i in range(bound * 3)]
    assert transport.count == bound * 3
    assert transport.most == bound


@pytest.mark.anyio
@pytest.mark.parametrize("bad", [0, 1001, 2.5, True])
async def test_max_connections_is_checked(bad: Any) -> None:
    with pytest.raises(InvalidArgumentError, match="max_connections"):
        AsyncMaintenanceClient(StaticTokenCredential("t0ken-value"), SUB, max_connections=bad)
