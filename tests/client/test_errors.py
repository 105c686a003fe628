"""Error answers from ARM become typed errors (sync and async parametrized)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from client_kinds import ClientKind, call, using
from conftest import FakeClocks
from fake_arm import (
    CLAIMS,
    GROUP,
    MESSAGE_409,
    SECRET,
    STATUS_URL,
    VMSS,
    FakeArm,
    accepted,
    challenge,
    cloud_error,
    reply,
    scale_set,
)
from vmss_maintenance import (
    RetryPolicy,
)
from vmss_maintenance.errors import (
    AuthenticationError,
    HttpResponseError,
    MaintenanceError,
    OperationFailedError,
    ServiceRequestError,
)
from vmss_maintenance_api.models import ApiErrorBase, CloudError

pytestmark = pytest.mark.anyio


# -- error answers ----------------------------------------------------------------------------


async def test_a_409_cloud_error_is_a_typed_http_response_error(make: Callable[..., Any]) -> None:
    arm = FakeArm(
        cloud_error(
            409,
            "OperationNotAllowed",
            MESSAGE_409,
            target="instanceIds",
            details=[{"code": "NotEligible", "message": "not eligible", "target": "3"}],
            headers={"x-ms-request-id": "req-409", "x-ms-correlation-request-id": "corr-409"},
        ),
        scale_set("Uniform"),  # a refusal is looked into: not a Flexible scale set
    )
    async with using(make(arm)) as client:
        with pytest.raises(HttpResponseError) as info:
            await call(client.perform_maintenance(GROUP, VMSS, ["3"]))
    error = info.value
    assert str(error) == f"(OperationNotAllowed) {MESSAGE_409} [HTTP 409, request id req-409]"
    assert not isinstance(error, OperationFailedError)
    assert error.status_code == 409
    assert error.code == "OperationNotAllowed"
    assert error.message == MESSAGE_409
    assert error.target == "instanceIds"
    assert error.request_id == "req-409"
    assert error.correlation_id == "corr-409"
    assert isinstance(error.error, CloudError)
    assert error.error.to_dict()["error"]["code"] == "OperationNotAllowed"
    [detail] = error.details
    assert isinstance(detail, ApiErrorBase)
    assert (detail.code, detail.message, detail.target) == ("NotEligible", "not eligible", "3")
    assert [r.method for r in arm.requests] == ["POST", "GET"]  # a 409 is not retried


async def test_an_html_502_on_the_post_is_an_error_with_an_excerpt(
    make: Callable[..., Any],
) -> None:
    page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    arm = FakeArm(reply(502, text=page))
    async with using(make(arm, retry=RetryPolicy(total=0))) as client:
        with pytest.raises(HttpResponseError) as info:
            await call(client.perform_maintenance(GROUP, VMSS))
    error = info.value
    assert not isinstance(error, json.JSONDecodeError)
    assert error.status_code == 502
    assert error.error is None
    assert error.code is None
    assert "502 Bad Gateway" in str(error)
    assert "nginx" in str(error)


async def test_an_html_502_while_polling_is_retried_then_reported(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    page = "<html><body>" + "bad gateway " * 100 + "</body></html>"
    arm = FakeArm(accepted(), *[reply(502, text=page)] * 3)
    policy = RetryPolicy(total=2, backoff_factor=1.0, jitter=False)
    async with using(make(arm, retry=policy)) as client:
        poller = await call(client.begin_perform_maintenance(GROUP, VMSS))
        with pytest.raises(HttpResponseError) as info:
            await call(poller.result())
    assert arm.calls[1:] == [("GET", STATUS_URL)] * 3
    assert clocks.sleeps == [10.0, 1.0, 2.0]  # the poll wait, then backoff 1 s, 2 s
    assert info.value.status_code == 502
    assert "bad gateway" in str(info.value)
    assert len(str(info.value)) < 400  # an excerpt, not the whole page
    assert poller.done()


async def test_exhausted_429_raises_too_many_requests(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    throttled = cloud_error(
        429, "TooManyRequests", "The request is being throttled.",
        headers={"Retry-After": "4", "x-ms-request-id": "req-429"},
    )  # fmt: skip
    arm = FakeArm(throttled, throttled, throttled)
    async with using(make(arm, retry=RetryPolicy(total=2))) as client:
        with pytest.raises(HttpResponseError) as info:
            await call(client.perform_maintenance(GROUP, VMSS))
    assert info.value.code == "TooManyRequests"
    assert info.value.status_code == 429
    assert info.value.request_id == "req-429"
    assert [method for method, _ in arm.calls] == ["POST"] * 3
    assert clocks.sleeps == [4.0, 4.0]


async def test_a_retried_post_succeeds_with_the_same_request(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(reply(503, headers={"Retry-After": "1"}), reply(200))
    async with using(make(arm)) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS, ["2"]))
    assert result.status == "Succeeded"
    first, second = arm.requests
    assert first.content == second.content == b'{"instanceIds":["2"]}'
    assert first.headers["x-ms-client-request-id"] == second.headers["x-ms-client-request-id"]
    assert clocks.sleeps == [1.0]


async def test_no_answer_is_a_service_request_error(make: Callable[..., Any]) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    arm = FakeArm(refuse, refuse)
    async with using(make(arm, retry=RetryPolicy(total=1, jitter=False))) as client:
        with pytest.raises(ServiceRequestError, match="connection refused") as info:
            await call(client.perform_maintenance(GROUP, VMSS))
    assert isinstance(info.value, MaintenanceError)
    assert len(arm.requests) == 2


async def test_a_401_is_an_authentication_error(make: Callable[..., Any]) -> None:
    arm = FakeArm(
        cloud_error(401, "InvalidAuthenticationToken", "The access token is invalid.",
                    headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    )  # fmt: skip
    async with using(make(arm)) as client:
        with pytest.raises(AuthenticationError) as info:
            await call(client.perform_maintenance(GROUP, VMSS))
    assert info.value.status_code == 401
    assert info.value.code == "InvalidAuthenticationToken"
    assert len(arm.requests) == 1


async def test_a_claims_challenge_gets_a_new_token_and_resends_once(kind: ClientKind) -> None:
    arm = FakeArm(
        reply(401, headers={"WWW-Authenticate": challenge(CLAIMS)}),
        accepted(status_url=None),
        reply(200),
    )
    credential = kind.credential_class()
    async with using(kind.make(arm, credential)) as client:
        result = await call(client.perform_maintenance(GROUP, VMSS, ["1"]))
    assert result.status == "Succeeded"
    assert credential.claims == [None, CLAIMS]
    assert [r.headers["authorization"] for r in arm.requests] == [
        f"Bearer {SECRET}-1", f"Bearer {SECRET}-2", f"Bearer {SECRET}-2",
    ]  # fmt: skip
    assert arm.requests[0].content == arm.requests[1].content == b'{"instanceIds":["1"]}'


async def test_a_second_claims_challenge_is_not_answered_again(kind: ClientKind) -> None:
    again = reply(401, headers={"WWW-Authenticate": challenge(CLAIMS)})
    arm = FakeArm(again, again)
    credential = kind.credential_class()
    async with using(kind.make(arm, credential)) as client:
        with pytest.raises(AuthenticationError):
            await call(client.perform_maintenance(GROUP, VMSS))
    assert len(arm.requests) == 2
    assert credential.claims == [None, CLAIMS]


async def test_an_html_502_while_polling_waits_the_default_backoff(
    make: Callable[..., Any], clocks: FakeClocks
) -> None:
    arm = FakeArm(accepted(), *[reply(502, text="<html>Bad Gateway from proxy</html>")] * 2)
    async with using(make(arm, retry=RetryPolicy(total=1, jitter=False))) as client:
        with pytest.raises(HttpResponseError, match="Bad Gateway from proxy") as info:
            await call(client.perform_maintenance(GROUP, VMSS))
    assert info.value.status_code == 502
    assert info.value.error is None
    assert len(arm.requests) == 3
    assert clocks.sleeps == [10.0, 0.8]  # the poll wait, then one backoff (0.8 s default)
