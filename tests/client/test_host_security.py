"""The bearer token goes only to trusted hosts and never into text (sync and async
parametrized)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from client_kinds import call, using
from fake_arm import (
    EVIL_STATUS,
    GROUP,
    MESSAGE_409,
    POST_URL,
    RESULT_URL,
    SECRET,
    STATUS_URL,
    SUB,
    VMSS,
    FakeArm,
    accepted,
    cloud_error,
    happy_path,
    op_status,
    reply,
    scale_set,
)
from vmss_maintenance import (
    RetryPolicy,
    StaticTokenCredential,
)
from vmss_maintenance._adapter import API_VERSION
from vmss_maintenance.errors import (
    AuthenticationError,
    HttpResponseError,
    InvalidArgumentError,
    MaintenanceError,
    OperationFailedError,
    PollingTimeoutError,
    UntrustedHostError,
)

pytestmark = pytest.mark.anyio


# -- security ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"status_url": EVIL_STATUS},
        {"status_url": None, "location": "https://evil.example.com/results/1"},
        {"location": "https://evil.example.com/results/1"},
        {"status_url": STATUS_URL.replace("https://", "http://")},
    ],
)
async def test_a_polling_url_on_another_host_is_refused(
    make: Callable[..., Any], headers: dict[str, Any]
) -> None:
    arm = FakeArm(accepted(**headers), op_status("Succeeded"), reply(200))
    async with using(make(arm)) as client:
        with pytest.raises(UntrustedHostError) as info:
            await call(client.begin_perform_maintenance(GROUP, VMSS))
    assert "refusing to send the bearer token" in str(info.value)
    assert arm.calls == [("POST", POST_URL)]


async def test_a_later_location_on_another_host_is_refused(make: Callable[..., Any]) -> None:
    arm = FakeArm(
        accepted(status_url=None),
        reply(202, headers={"Location": "https://evil.example.com/results/2"}),
        reply(200),
    )
    async with using(make(arm)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        with pytest.raises(UntrustedHostError):
            await call(poller.result())
        assert poller.done()
    assert arm.hosts == {"management.azure.com"}
    assert len(arm.requests) == 2


async def test_allowed_hosts_may_receive_polls(make: Callable[..., Any]) -> None:
    poll_url = "https://poll.example.net/operations/op-1"
    arm = FakeArm(accepted(status_url=poll_url, location=None), op_status("Succeeded"))
    async with using(make(arm, allowed_hosts=["poll.example.net"])) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS))
    assert result.status == "Succeeded"
    assert arm.calls[1] == ("GET", poll_url)
    assert arm.requests[1].headers["authorization"] == f"Bearer {SECRET}-1"


async def test_allowed_hosts_with_a_port_and_loopback_http_together(
    make: Callable[..., Any],
) -> None:
    local = "http://localhost:9000"
    poll_url = "https://poll.example.net:8443/operations/1"
    arm = FakeArm(accepted(status_url=poll_url, location=f"{local}/results/1"),
                  op_status("Succeeded"), reply(200))  # fmt: skip
    async with using(make(arm, endpoint=local, allowed_hosts=["poll.example.net:8443"])) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS))
    assert result.polls == 2
    assert [request.url.host for request in arm.requests] == [
        "localhost", "poll.example.net", "localhost",
    ]  # fmt: skip


async def test_plain_http_to_loopback_works(make: Callable[..., Any]) -> None:
    local = "http://127.0.0.1:8443"
    arm = FakeArm(
        accepted(status_url=f"{local}/operations/op-1", location=None),
        op_status("Succeeded"),
    )
    async with using(make(arm, endpoint=local)) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS))
    assert result.polls == 1
    assert str(arm.requests[0].url).startswith(f"{local}/subscriptions/{SUB}/")
    assert arm.hosts == {"127.0.0.1"}


async def test_plain_http_to_a_remote_host_is_refused_at_construction(
    make: Callable[..., Any],
) -> None:
    with pytest.raises(InvalidArgumentError, match="plain http"):
        make(FakeArm(), endpoint="http://arm.example.com")
    with pytest.raises(InvalidArgumentError, match="plain http"):
        make(FakeArm(), endpoint="http://localhost.example.com:8080")
    with pytest.raises(InvalidArgumentError, match="plain http"):
        make(FakeArm(), endpoint="http://10.0.0.1")


async def test_the_token_appears_in_no_repr_error_or_log(
    make: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    errors: list[BaseException] = []
    arm = FakeArm(
        accepted(),
        op_status("InProgress"),
        # timeout here
        op_status("Failed", error={"code": "Boom", "message": "it broke"}),
        cloud_error(409, "OperationNotAllowed", MESSAGE_409),
        scale_set("Uniform"),
        reply(401, text="denied"),
        accepted(status_url=EVIL_STATUS),
    )
    credential = StaticTokenCredential(SECRET)
    async with using(make(arm, credential)) as client:
        texts = [repr(client), str(client)]
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        texts += [repr(poller), str(poller)]
        for attempt in (lambda: poller.result(timeout=10), poller.result,
                        lambda: client.perform_maintenance(GROUP, VMSS),
                        lambda: client.perform_maintenance(GROUP, VMSS),
                        lambda: client.perform_maintenance(GROUP, VMSS)):  # fmt: skip
            with pytest.raises(MaintenanceError) as info:
                await call(attempt())
            errors.append(info.value)
    assert [type(e) for e in errors] == [
        PollingTimeoutError, OperationFailedError, HttpResponseError, AuthenticationError,
        UntrustedHostError,
    ]  # fmt: skip
    assert all(r.headers["authorization"] == f"Bearer {SECRET}" for r in arm.requests)
    texts += [str(e) for e in errors] + [repr(e) for e in errors]
    texts += [repr(credential), repr(errors[0].__dict__)]
    texts += [record.getMessage() for record in caplog.records]
    assert caplog.records  # something was logged
    for text in texts:
        assert SECRET not in text


async def test_log_lines_redact_query_values_except_api_version(
    make: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="vmss_maintenance")
    arm = FakeArm(*happy_path())
    async with using(make(arm)) as client:
        await call(client.perform_maintenance(GROUP, VMSS))
    lines = [r.getMessage() for r in caplog.records
             if r.name == "vmss_maintenance" and " -> " in r.getMessage()]  # fmt: skip
    assert len(lines) == len(arm.requests) == 4
    ops = STATUS_URL.split("?")[0]
    results = RESULT_URL.split("?")[0]
    assert lines[0].startswith(f"POST {POST_URL} -> 202 (request id post-request-id, ")
    assert lines[1].startswith(
        f"GET {ops}?p=REDACTED&monitor=REDACTED&api-version={API_VERSION} -> 200 (request id -, "
    )
    assert lines[3].startswith(f"GET {results}?p=REDACTED&api-version={API_VERSION} -> 200")
    for line in lines:
        assert "p=2" not in line
        assert "monitor=true" not in line
        assert SECRET not in line


async def test_no_token_in_reprs_errors_or_logs_when_a_poll_fails(
    make: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    arm = FakeArm(accepted(), cloud_error(500, "InternalError", "oops"), reply(401))
    errors: list[BaseException] = []
    async with using(
        make(arm, StaticTokenCredential(SECRET), retry=RetryPolicy(total=0))
    ) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        texts = [repr(client), repr(poller)]
        for attempt in (lambda: poller.result(timeout=1), poller.result,
                        lambda: client.perform_maintenance(GROUP, VMSS)):  # fmt: skip
            with pytest.raises(MaintenanceError) as info:
                await call(attempt())
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
