"""MaintenanceClient end to end over a scripted fake ARM (httpx.MockTransport), fake clock."""

from __future__ import annotations

import json
import logging
import math
import platform
import sys
import uuid
from datetime import UTC, datetime
from email.utils import formatdate
from typing import Any

import httpx
import pytest
from fake_arm import (
    ARM,
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
    make_client,
    op_status,
    reply,
    scale_set,
)
from vmss_maintenance import (
    AzureCloud,
    MaintenanceClient,
    MaintenancePoller,
    MaintenanceResult,
    RetryPolicy,
    StaticTokenCredential,
    __version__,
    parse_scale_set_id,
)
from vmss_maintenance._adapter import API_VERSION
from vmss_maintenance.errors import (
    AuthenticationError,
    HttpResponseError,
    InvalidArgumentError,
    MaintenanceError,
    OperationFailedError,
    PollingTimeoutError,
    ServiceRequestError,
    UntrustedHostError,
)
from vmss_maintenance_api.models import ApiErrorBase, CloudError

EVIL_STATUS = f"https://evil.example.com/operations/op-1?api-version={API_VERSION}"
STARTED = datetime(2024, 5, 1, 10, 0, 0, 123456, tzinfo=UTC)
ENDED = datetime(2024, 5, 1, 10, 5, 0, tzinfo=UTC)
CLAIMS = '{"access_token":{"nbf":{"essential":true,"value":"1726077595"}}}'
MESSAGE_409 = (
    "Operation 'performMaintenance' is not allowed on VM 'my-scale-set_3' since the "
    "Subscription of this VM is not eligible."
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def happy_path() -> list[Any]:
    """Azure-AsyncOperation + Location: two status polls, then the final GET."""
    return [
        accepted(retry_after="7"),
        op_status("InProgress"),
        op_status("Succeeded", end="2024-05-01T10:05:00Z"),
        reply(200),
    ]


# -- the request ------------------------------------------------------------------------------


def test_all_instances_posts_no_body_and_no_content_type(clock: FakeClock) -> None:
    arm = FakeArm(reply(200, headers={"x-ms-request-id": "req-1"}))
    with make_client(arm, clock) as client:
        result = client.perform_maintenance(GROUP, VMSS)
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
    assert clock.sleeps == []


def test_instance_ids_are_sent_as_strings_in_instance_ids(clock: FakeClock) -> None:
    arm = FakeArm(reply(200))
    with make_client(arm, clock) as client:
        result = client.perform_maintenance(GROUP, VMSS, [0, "3"])
    [post] = arm.requests
    assert json.loads(post.content) == {"instanceIds": ["0", "3"]}
    assert post.headers["content-type"] == "application/json"
    assert result.instance_ids == ("0", "3")


def test_the_api_version_comes_from_the_spec_unless_overridden(clock: FakeClock) -> None:
    arm = FakeArm(reply(200), reply(200))
    with make_client(arm, clock) as client:
        assert client.api_version == API_VERSION
        client.perform_maintenance(GROUP, VMSS)
    with make_client(arm, clock, api_version="2099-01-01") as client:
        client.perform_maintenance(GROUP, VMSS)
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
def test_path_segments_are_percent_encoded(
    clock: FakeClock, group: str, name: str, raw: bytes
) -> None:
    arm = FakeArm(reply(200))
    with make_client(arm, clock) as client:
        result = client.perform_maintenance(group, name)
    path = arm.requests[0].url.raw_path
    assert path == f"/subscriptions/{SUB}".encode() + raw + f"?api-version={API_VERSION}".encode()
    assert (result.resource_group_name, result.vm_scale_set_name) == (group, name)


def test_every_request_of_an_operation_shares_one_client_request_id(clock: FakeClock) -> None:
    arm = FakeArm(*happy_path(), reply(200))
    with make_client(arm, clock) as client:
        client.perform_maintenance(GROUP, VMSS)
        client.perform_maintenance(GROUP, VMSS)
    ids = [request.headers["x-ms-client-request-id"] for request in arm.requests]
    assert len(ids) == 5
    first = ids[0]
    assert str(uuid.UUID(first)) == first
    assert ids[:4] == [first] * 4
    assert ids[4] != first  # a new operation, a new id


def test_user_agent_and_bearer_token_on_every_request(clock: FakeClock) -> None:
    arm = FakeArm(*happy_path())
    with make_client(arm, clock) as client:
        client.perform_maintenance(GROUP, VMSS)
    expected = f"vmss-maintenance/{__version__} Python/{platform.python_version()}"
    assert [r.headers["user-agent"] for r in arm.requests] == [expected] * 4
    assert [r.headers["authorization"] for r in arm.requests] == [f"Bearer {SECRET}-1"] * 4


def test_polls_carry_no_body(clock: FakeClock) -> None:
    arm = FakeArm(*happy_path())
    with make_client(arm, clock) as client:
        client.perform_maintenance(GROUP, VMSS, ["1"])
    assert [(r.method, r.content) for r in arm.requests[1:]] == [("GET", b"")] * 3


# -- long-running operation patterns ----------------------------------------------------------


def test_async_operation_with_final_location_get(clock: FakeClock) -> None:
    arm = FakeArm(*happy_path())
    with make_client(arm, clock) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS, ["0", "3"])
        assert isinstance(poller, MaintenancePoller)
        assert not poller.done()
        assert poller.status() == "InProgress"
        assert poller.next_poll_in() == 7.0
        assert arm.calls == [("POST", POST_URL)]  # nothing more until asked
        result = poller.result()
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
    assert clock.sleeps == [7.0, 10.0]  # the initial 202's Retry-After, then the interval
    assert poller.done()
    assert poller.status() == "Succeeded"
    assert poller.polls == 3
    assert poller.next_poll_in() is None
    assert poller.result() == result  # asking again sends nothing
    assert len(arm.requests) == 4


def test_async_operation_without_location_ends_on_the_status_body(clock: FakeClock) -> None:
    arm = FakeArm(accepted(location=None), op_status("succeeded", end=None))
    with make_client(arm, clock) as client:
        result = client.perform_maintenance(GROUP, VMSS)
    assert arm.calls == [("POST", POST_URL), ("GET", STATUS_URL)]
    assert (result.status, result.polls, result.elapsed, result.ended_at) == (
        "Succeeded", 1, 10.0, None,
    )  # fmt: skip


def test_location_only_follows_a_new_location_until_200(clock: FakeClock) -> None:
    moved = RESULT_URL.replace("op-1", "op-1b")
    arm = FakeArm(
        accepted(status_url=None, retry_after="3"),
        reply(202, headers={"Location": moved}),
        reply(202, headers={"Retry-After": "1"}),
        reply(200),
    )
    with make_client(arm, clock) as client:
        result = client.perform_maintenance(GROUP, VMSS)
    assert arm.calls == [
        ("POST", POST_URL),
        ("GET", RESULT_URL),
        ("GET", moved),
        ("GET", moved),
    ]
    assert clock.sleeps == [3.0, 10.0, 1.0]
    assert (result.status, result.polls, result.elapsed) == ("Succeeded", 3, 14.0)
    assert (result.started_at, result.ended_at) == (None, None)


def test_location_only_is_done_on_204(clock: FakeClock) -> None:
    arm = FakeArm(accepted(status_url=None), reply(204))
    with make_client(arm, clock) as client:
        assert client.perform_maintenance(GROUP, VMSS).polls == 1


def test_a_relative_location_is_polled_on_the_endpoint(clock: FakeClock) -> None:
    relative = "/subscriptions/x/providers/Microsoft.Compute/locations/l/operationResults/o"
    arm = FakeArm(accepted(status_url=None, location=relative), reply(200))
    with make_client(arm, clock) as client:
        client.perform_maintenance(GROUP, VMSS)
    assert arm.calls[1] == ("GET", ARM + relative)


def test_a_202_with_no_polling_header_is_an_error(clock: FakeClock) -> None:
    arm = FakeArm(accepted(status_url=None, location=None, request_id="req-x"))
    with make_client(arm, clock) as client, pytest.raises(HttpResponseError) as info:
        client.begin_perform_maintenance(GROUP, VMSS)
    assert info.value.status_code == 202
    assert info.value.request_id == "req-x"
    assert "neither an Azure-AsyncOperation nor a Location" in str(info.value)
    assert len(arm.requests) == 1


def test_an_empty_status_body_is_an_error_showing_what_came(clock: FakeClock) -> None:
    arm = FakeArm(accepted(), reply(200, text="<html>upstream hiccup</html>"))
    with make_client(arm, clock) as client, pytest.raises(HttpResponseError) as info:
        client.perform_maintenance(GROUP, VMSS)
    assert "no 'status' field" in str(info.value)
    assert "<html>upstream hiccup</html>" in str(info.value)


@pytest.mark.parametrize(("word", "expected"), [("Failed", "Failed"), ("Canceled", "Canceled")])
def test_failed_or_canceled_raises_operation_failed(
    clock: FakeClock, word: str, expected: str
) -> None:
    error = {"code": "MaintenanceNotAllowed", "message": "instance 3 is not due for maintenance"}
    arm = FakeArm(
        accepted(),
        op_status("InProgress"),
        op_status(word, error=error, headers={"x-ms-request-id": "poll-2"}),
    )
    with make_client(arm, clock) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS, ["3"])
        with pytest.raises(OperationFailedError) as info:
            poller.result()
        assert info.value.status == expected
        assert info.value.code == "MaintenanceNotAllowed"
        assert info.value.message == "instance 3 is not due for maintenance"
        assert isinstance(info.value.error, CloudError)
        assert str(info.value) == (
            "(MaintenanceNotAllowed) instance 3 is not due for maintenance "
            "[request id post-request-id]"  # the operation's id, no HTTP status
        )
        assert poller.done()
        assert poller.status() == expected
        with pytest.raises(OperationFailedError) as again:
            poller.wait()
        assert again.value is info.value
    assert len(arm.requests) == 3  # nothing sent after the failure


# -- timing -----------------------------------------------------------------------------------


def test_waits_are_the_retry_after_values(clock: FakeClock) -> None:
    in_30s = formatdate(START + 7 + 30, usegmt=True)  # read when the first poll answers
    arm = FakeArm(
        accepted(retry_after="7"),
        op_status("InProgress", headers={"Retry-After": in_30s}),
        op_status("InProgress", headers={"retry-after-ms": "1500"}),
        op_status("InProgress", headers={"x-ms-retry-after-ms": "250"}),
        op_status("InProgress"),  # no header: the polling interval
        op_status("InProgress", headers={"Retry-After": "2"}),
        op_status("Succeeded"),
        reply(200),
    )
    with make_client(arm, clock) as client:
        result = client.perform_maintenance(GROUP, VMSS)
    assert clock.sleeps == [7.0, 30.0, 1.5, 1.0, 10.0, 2.0]  # 250 ms: raised to the 1 s floor
    assert result.elapsed == sum(clock.sleeps)
    assert result.polls == 7


def test_retry_after_is_capped_by_retry_after_max(clock: FakeClock) -> None:
    arm = FakeArm(
        accepted(retry_after="3600"),
        op_status("InProgress", headers={"Retry-After": "86400"}),
        op_status("Succeeded"),
        reply(200),
    )
    policy = RetryPolicy(total=0, retry_after_max=45.0)
    with make_client(arm, clock, retry=policy) as client:
        client.perform_maintenance(GROUP, VMSS)
    assert clock.sleeps == [45.0, 45.0]


def test_retry_after_zero_waits_the_polling_floor(clock: FakeClock) -> None:
    arm = FakeArm(
        accepted(retry_after="0"),
        op_status("InProgress", headers={"Retry-After": "0"}),
        op_status("Succeeded"),
        reply(200),
    )
    with make_client(arm, clock) as client:
        result = client.perform_maintenance(GROUP, VMSS)
    assert clock.sleeps == [1.0, 1.0]  # MIN_POLLING_INTERVAL, not a busy loop
    assert result.elapsed == 2.0
    assert result.polls == 3


def test_per_call_polling_interval_overrides_the_client_one(clock: FakeClock) -> None:
    arm = FakeArm(accepted(), op_status("InProgress"), op_status("Succeeded"), reply(200))
    with make_client(arm, clock, polling_interval=30.0) as client:
        client.perform_maintenance(GROUP, VMSS, polling_interval=2.5)
    assert clock.sleeps == [2.5, 2.5]


# -- timeouts, continuation tokens and resume -------------------------------------------------


def running_forever() -> FakeArm:
    return FakeArm(accepted(), *[op_status("InProgress") for _ in range(3)])


def test_result_timeout_raises_polling_timeout_with_a_token(clock: FakeClock) -> None:
    arm = running_forever()
    with make_client(arm, clock) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS, ["0"])
        with pytest.raises(PollingTimeoutError) as info:
            poller.result(timeout=25)
    assert isinstance(info.value, TimeoutError)
    assert isinstance(info.value, MaintenanceError)
    assert clock.sleeps == [10.0, 10.0, 5.0]  # the deadline, not the next poll, ends it
    assert len(arm.requests) == 3
    assert "25" in str(info.value)
    data = decode_token(info.value.continuation_token)
    assert data["phase"] == "status"
    assert data["status_url"] == STATUS_URL
    assert data["location_url"] == RESULT_URL
    assert data["instance_ids"] == ["0"]
    assert data["service_request_id"] == "post-request-id"
    assert data["api_version"] == API_VERSION
    assert data["started"] == START
    assert data["polls"] == 2
    assert not poller.done()


def test_perform_maintenance_timeout_raises_too(clock: FakeClock) -> None:
    arm = running_forever()
    with make_client(arm, clock) as client, pytest.raises(PollingTimeoutError):
        client.perform_maintenance(GROUP, VMSS, timeout=15)
    assert clock.now - START == 15.0


def test_wait_with_timeout_returns_quietly_and_result_carries_on(clock: FakeClock) -> None:
    arm = FakeArm(accepted(), op_status("InProgress"), op_status("Succeeded"), reply(200))
    with make_client(arm, clock) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        assert poller.wait(timeout=12) is None
        assert not poller.done()
        assert poller.status() == "InProgress"
        assert poller.polls == 1
        assert clock.now - START == 12.0
        result = poller.result()
    assert result.polls == 3
    assert result.elapsed == 20.0


def test_timeout_zero_sends_what_is_due_and_stops(clock: FakeClock) -> None:
    arm = FakeArm(accepted(retry_after="0"), op_status("InProgress"))
    with make_client(arm, clock) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        with pytest.raises(PollingTimeoutError):
            poller.result(timeout=0)
    assert clock.sleeps == []


def test_resume_in_a_new_client_finishes_the_operation(clock: FakeClock) -> None:
    first = running_forever()
    with make_client(first, clock) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS, [7])
        with pytest.raises(PollingTimeoutError) as info:
            poller.result(timeout=15)
    token = info.value.continuation_token
    assert token == poller.continuation_token()
    assert token.startswith("vmss1.")
    assert all(ch.isalnum() or ch in "-_." for ch in token)  # URL-safe text
    client_request_id = first.requests[0].headers["x-ms-client-request-id"]

    clock.now += 100  # later, in another process
    second = FakeArm(op_status("Succeeded", end="2024-05-01T10:05:00Z"), reply(200))
    credential = FakeCredential()
    with make_client(second, clock, credential) as other:
        resumed = other.resume(token)
        assert resumed.status() == "InProgress"
        assert len(second.requests) == 0  # resume itself sends nothing
        result = resumed.result()
    assert second.calls == [("GET", STATUS_URL), ("GET", RESULT_URL)]
    assert [r.headers["x-ms-client-request-id"] for r in second.requests] == [client_request_id] * 2
    assert [r.headers["authorization"] for r in second.requests] == [f"Bearer {SECRET}-1"] * 2
    assert result == MaintenanceResult(
        status="Succeeded",
        subscription_id=SUB,
        resource_group_name=GROUP,
        vm_scale_set_name=VMSS,
        instance_ids=("7",),
        started_at=STARTED,
        ended_at=ENDED,
        request_id="post-request-id",
        polls=3,
        elapsed=115.0,
    )


def test_resuming_a_finished_operation_sends_nothing(clock: FakeClock) -> None:
    arm = FakeArm(*happy_path())
    with make_client(arm, clock) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        poller.result()
        token = poller.continuation_token()
        resumed = client.resume(token)
        assert resumed.done()
        assert resumed.result().status == "Succeeded"
    assert len(arm.requests) == 4


def test_the_continuation_token_holds_no_secret(clock: FakeClock) -> None:
    arm = running_forever()
    with make_client(arm, clock) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        poller.wait(timeout=10)
        token = poller.continuation_token()
    decoded = json.dumps(decode_token(token))
    assert SECRET not in decoded
    assert SECRET not in token
    assert "Bearer" not in decoded
    assert "authorization" not in decoded.lower()


@pytest.mark.parametrize(
    ("field", "url"),
    [
        ("status_url", EVIL_STATUS),
        ("next_url", EVIL_STATUS),
        ("location_url", "https://evil.example.com/results/1"),
        ("original_url", "https://evil.example.com/post"),
        ("next_url", STATUS_URL.replace("https://", "http://")),  # a downgrade
        ("next_url", STATUS_URL.replace("management.azure.com", "management.azure.com:444")),
    ],
)
def test_an_edited_token_cannot_send_the_token_elsewhere(
    clock: FakeClock, field: str, url: str
) -> None:
    arm = running_forever()
    with make_client(arm, clock) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        poller.wait(timeout=10)
        data = decode_token(poller.continuation_token())
    data[field] = url
    if field in ("status_url", "next_url"):  # kept consistent: only the host check refuses it
        data["status_url"] = data["next_url"] = url
    if field == "original_url":
        data["final_state_via"] = "original-uri"
    edited = encode_token(data)
    other_arm = FakeArm(op_status("Succeeded"), reply(200))
    with make_client(other_arm, clock) as other, pytest.raises(UntrustedHostError):
        other.resume(edited)
    assert other_arm.requests == []


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not a token",
        "vmss1.",
        "vmss1.***",
        "vmss2." + encode_token({"a": 1})[6:],
        encode_token({"phase": "status"}),  # fields missing
        "vmss1.WyJhIl0",  # base64url of ["a"]
        None,
        42,
    ],
)
def test_malformed_tokens_are_invalid_arguments(clock: FakeClock, token: Any) -> None:
    arm = FakeArm()
    with make_client(arm, clock) as client, pytest.raises(InvalidArgumentError):
        client.resume(token)
    assert arm.requests == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("polls", "3"), ("phase", "dancing"), ("status_url", 5), ("instance_ids", [1, 2]),
     ("started", True), ("subscription_id", None)],
)  # fmt: skip
def test_tokens_with_a_wrong_field_are_invalid_arguments(
    clock: FakeClock, field: str, value: Any
) -> None:
    arm = running_forever()
    with make_client(arm, clock) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        data = decode_token(poller.continuation_token())
        data[field] = value
        with pytest.raises(ValueError, match="continuation token is damaged"):
            client.resume(encode_token(data))
    assert len(arm.requests) == 1


# -- error answers ----------------------------------------------------------------------------


def test_a_409_cloud_error_is_a_typed_http_response_error(clock: FakeClock) -> None:
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
    with make_client(arm, clock) as client, pytest.raises(HttpResponseError) as info:
        client.perform_maintenance(GROUP, VMSS, ["3"])
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


def test_an_html_502_on_the_post_is_an_error_with_an_excerpt(clock: FakeClock) -> None:
    page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    arm = FakeArm(reply(502, text=page))
    with (
        make_client(arm, clock, retry=RetryPolicy(total=0)) as client,
        pytest.raises(HttpResponseError) as info,
    ):
        client.perform_maintenance(GROUP, VMSS)
    error = info.value
    assert not isinstance(error, json.JSONDecodeError)
    assert error.status_code == 502
    assert error.error is None
    assert error.code is None
    assert "502 Bad Gateway" in str(error)
    assert "nginx" in str(error)


def test_an_html_502_while_polling_is_retried_then_reported(clock: FakeClock) -> None:
    page = "<html><body>" + "bad gateway " * 100 + "</body></html>"
    arm = FakeArm(accepted(), *[reply(502, text=page)] * 3)
    policy = RetryPolicy(total=2, backoff_factor=1.0, jitter=False)
    with make_client(arm, clock, retry=policy) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        with pytest.raises(HttpResponseError) as info:
            poller.result()
    assert arm.calls[1:] == [("GET", STATUS_URL)] * 3
    assert clock.sleeps == [10.0, 1.0, 2.0]  # the poll wait, then backoff 1 s, 2 s
    assert info.value.status_code == 502
    assert "bad gateway" in str(info.value)
    assert len(str(info.value)) < 400  # an excerpt, not the whole page
    assert poller.done()


def test_exhausted_429_raises_too_many_requests(clock: FakeClock) -> None:
    throttled = cloud_error(
        429, "TooManyRequests", "The request is being throttled.",
        headers={"Retry-After": "4", "x-ms-request-id": "req-429"},
    )  # fmt: skip
    arm = FakeArm(throttled, throttled, throttled)
    with (
        make_client(arm, clock, retry=RetryPolicy(total=2)) as client,
        pytest.raises(HttpResponseError) as info,
    ):
        client.perform_maintenance(GROUP, VMSS)
    assert info.value.code == "TooManyRequests"
    assert info.value.status_code == 429
    assert info.value.request_id == "req-429"
    assert [method for method, _ in arm.calls] == ["POST"] * 3
    assert clock.sleeps == [4.0, 4.0]


def test_a_retried_post_succeeds_with_the_same_request(clock: FakeClock) -> None:
    arm = FakeArm(reply(503, headers={"Retry-After": "1"}), reply(200))
    with make_client(arm, clock) as client:
        result = client.perform_maintenance(GROUP, VMSS, ["2"])
    assert result.status == "Succeeded"
    first, second = arm.requests
    assert first.content == second.content == b'{"instanceIds":["2"]}'
    assert first.headers["x-ms-client-request-id"] == second.headers["x-ms-client-request-id"]
    assert clock.sleeps == [1.0]


def test_no_answer_is_a_service_request_error(clock: FakeClock) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    arm = FakeArm(refuse, refuse)
    with (
        make_client(arm, clock, retry=RetryPolicy(total=1, jitter=False)) as client,
        pytest.raises(ServiceRequestError, match="connection refused") as info,
    ):
        client.perform_maintenance(GROUP, VMSS)
    assert isinstance(info.value, MaintenanceError)
    assert len(arm.requests) == 2


def test_a_401_is_an_authentication_error(clock: FakeClock) -> None:
    arm = FakeArm(
        cloud_error(401, "InvalidAuthenticationToken", "The access token is invalid.",
                    headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    )  # fmt: skip
    with make_client(arm, clock) as client, pytest.raises(AuthenticationError) as info:
        client.perform_maintenance(GROUP, VMSS)
    assert info.value.status_code == 401
    assert info.value.code == "InvalidAuthenticationToken"
    assert len(arm.requests) == 1


def test_a_claims_challenge_gets_a_new_token_and_resends_once(clock: FakeClock) -> None:
    arm = FakeArm(
        reply(401, headers={"WWW-Authenticate": challenge(CLAIMS)}),
        accepted(status_url=None),
        reply(200),
    )
    credential = FakeCredential()
    with make_client(arm, clock, credential) as client:
        result = client.perform_maintenance(GROUP, VMSS, ["1"])
    assert result.status == "Succeeded"
    assert credential.claims == [None, CLAIMS]
    assert [r.headers["authorization"] for r in arm.requests] == [
        f"Bearer {SECRET}-1", f"Bearer {SECRET}-2", f"Bearer {SECRET}-2",
    ]  # fmt: skip
    assert arm.requests[0].content == arm.requests[1].content == b'{"instanceIds":["1"]}'


def test_a_second_claims_challenge_is_not_answered_again(clock: FakeClock) -> None:
    again = reply(401, headers={"WWW-Authenticate": challenge(CLAIMS)})
    arm = FakeArm(again, again)
    credential = FakeCredential()
    with make_client(arm, clock, credential) as client, pytest.raises(AuthenticationError):
        client.perform_maintenance(GROUP, VMSS)
    assert len(arm.requests) == 2
    assert credential.claims == [None, CLAIMS]


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
        ((GROUP, VMSS), {"polling_interval": -1}, "-1"),
        ((GROUP, VMSS), {"polling_interval": math.nan}, "nan"),
        ((GROUP, VMSS), {"polling_interval": "10"}, "'10'"),
        ((GROUP, VMSS), {"timeout": -5}, "-5"),
        ((GROUP, VMSS), {"timeout": math.inf}, "inf"),
    ],
)
def test_bad_arguments_raise_before_anything_is_sent(
    clock: FakeClock, args: tuple[Any, ...], kwargs: dict[str, Any], shown: str
) -> None:
    arm = FakeArm(reply(200))
    with make_client(arm, clock) as client:
        with pytest.raises(InvalidArgumentError) as info:
            client.perform_maintenance(*args, **kwargs)
        assert isinstance(info.value, ValueError)
        assert shown in str(info.value)
        if "timeout" not in kwargs:
            with pytest.raises(InvalidArgumentError):
                client.begin_perform_maintenance(*args, **kwargs)
    assert arm.requests == []


@pytest.mark.parametrize("timeout", [-1, math.nan, "soon"])
def test_a_bad_result_timeout_is_an_invalid_argument(clock: FakeClock, timeout: Any) -> None:
    arm = FakeArm(accepted())
    with make_client(arm, clock) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        with pytest.raises(InvalidArgumentError, match="timeout"):
            poller.result(timeout)
        with pytest.raises(InvalidArgumentError, match="timeout"):
            poller.wait(timeout)
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
def test_bad_client_settings_raise_at_construction(
    clock: FakeClock, kwargs: dict[str, Any], shown: str
) -> None:
    arm = FakeArm()
    subscription = kwargs.pop("subscription_id", SUB)
    with pytest.raises(InvalidArgumentError) as info:
        MaintenanceClient(
            FakeCredential(), subscription, transport=arm, clock=clock, sleep=clock.sleep,
            **kwargs,
        )  # fmt: skip
    assert shown in str(info.value)
    assert arm.requests == []


def test_an_upper_case_subscription_id_is_sent_in_canonical_form(clock: FakeClock) -> None:
    arm = FakeArm(reply(200))
    with MaintenanceClient(
        FakeCredential(), SUB.upper(), transport=arm, clock=clock, sleep=clock.sleep
    ) as client:
        result = client.perform_maintenance(GROUP, VMSS)
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
def test_bad_resource_ids_are_invalid_arguments(clock: FakeClock, resource_id: str) -> None:
    # (An instance's id is accepted by the _by_id forms: tests/client/test_vm_operation.py.)
    with pytest.raises(InvalidArgumentError):
        parse_scale_set_id(resource_id)
    arm = FakeArm(reply(200))
    with make_client(arm, clock) as client, pytest.raises(InvalidArgumentError):
        client.perform_maintenance_by_id(resource_id)
    assert arm.requests == []


def test_perform_maintenance_by_id_targets_the_ids_scale_set(clock: FakeClock) -> None:
    other_sub = "11111111-2222-3333-4444-555555555555"
    resource_id = (
        f"/subscriptions/{other_sub}/resourcegroups/Other-Group/providers/Microsoft.Compute"
        "/virtualMachineScaleSets/other-vmss"
    )
    arm = FakeArm(accepted(), op_status("Succeeded"), reply(200))
    with make_client(arm, clock) as client:
        result = client.perform_maintenance_by_id(resource_id, ["4"])
    assert arm.requests[0].url.path == (
        f"/subscriptions/{other_sub}/resourceGroups/Other-Group/providers/Microsoft.Compute"
        "/virtualMachineScaleSets/other-vmss/performMaintenance"
    )
    assert json.loads(arm.requests[0].content) == {"instanceIds": ["4"]}
    assert (result.subscription_id, result.resource_group_name, result.vm_scale_set_name) == (
        other_sub, "Other-Group", "other-vmss",
    )  # fmt: skip
    assert (result.instance_ids, result.polls) == (("4",), 2)


def test_begin_perform_maintenance_by_id_returns_a_poller(clock: FakeClock) -> None:
    arm = FakeArm(accepted(status_url=None), reply(200))
    with make_client(arm, clock) as client:
        poller = client.begin_perform_maintenance_by_id(SCALE_SET_ID)
        assert poller.result().vm_scale_set_name == VMSS
    assert arm.calls == [("POST", POST_URL), ("GET", RESULT_URL)]


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
def test_a_polling_url_on_another_host_is_refused(
    clock: FakeClock, headers: dict[str, Any]
) -> None:
    arm = FakeArm(accepted(**headers), op_status("Succeeded"), reply(200))
    with make_client(arm, clock) as client, pytest.raises(UntrustedHostError) as info:
        client.begin_perform_maintenance(GROUP, VMSS)
    assert "refusing to send the bearer token" in str(info.value)
    assert arm.calls == [("POST", POST_URL)]


def test_a_later_location_on_another_host_is_refused(clock: FakeClock) -> None:
    arm = FakeArm(
        accepted(status_url=None),
        reply(202, headers={"Location": "https://evil.example.com/results/2"}),
        reply(200),
    )
    with make_client(arm, clock) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        with pytest.raises(UntrustedHostError):
            poller.result()
        assert poller.done()
    assert arm.hosts == {"management.azure.com"}
    assert len(arm.requests) == 2


def test_allowed_hosts_may_receive_polls(clock: FakeClock) -> None:
    poll_url = "https://poll.example.net/operations/op-1"
    arm = FakeArm(accepted(status_url=poll_url, location=None), op_status("Succeeded"))
    with make_client(arm, clock, allowed_hosts=["poll.example.net"]) as client:
        result = client.perform_maintenance(GROUP, VMSS)
    assert result.status == "Succeeded"
    assert arm.calls[1] == ("GET", poll_url)
    assert arm.requests[1].headers["authorization"] == f"Bearer {SECRET}-1"


def test_plain_http_to_loopback_works(clock: FakeClock) -> None:
    local = "http://127.0.0.1:8443"
    arm = FakeArm(
        accepted(status_url=f"{local}/operations/op-1", location=None),
        op_status("Succeeded"),
    )
    with make_client(arm, clock, endpoint=local) as client:
        result = client.perform_maintenance(GROUP, VMSS)
    assert result.polls == 1
    assert str(arm.requests[0].url).startswith(f"{local}/subscriptions/{SUB}/")
    assert arm.hosts == {"127.0.0.1"}


def test_plain_http_to_a_remote_host_is_refused_at_construction(clock: FakeClock) -> None:
    with pytest.raises(InvalidArgumentError, match="plain http"):
        make_client(FakeArm(), clock, endpoint="http://arm.example.com")
    with pytest.raises(InvalidArgumentError, match="plain http"):
        make_client(FakeArm(), clock, endpoint="http://localhost.example.com:8080")


def test_the_token_appears_in_no_repr_error_or_log(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
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
    with make_client(arm, clock, credential) as client:
        texts = [repr(client), str(client)]
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        texts += [repr(poller), str(poller)]
        for attempt in (lambda: poller.result(timeout=10), poller.result,
                        lambda: client.perform_maintenance(GROUP, VMSS),
                        lambda: client.perform_maintenance(GROUP, VMSS),
                        lambda: client.perform_maintenance(GROUP, VMSS)):  # fmt: skip
            with pytest.raises(MaintenanceError) as info:
                attempt()
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


def test_log_lines_redact_query_values_except_api_version(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="vmss_maintenance")
    arm = FakeArm(*happy_path())
    with make_client(arm, clock) as client:
        client.perform_maintenance(GROUP, VMSS)
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


# -- lifecycle, credentials, clouds -----------------------------------------------------------


def test_the_context_manager_closes_the_http_client(clock: FakeClock) -> None:
    arm = FakeArm(reply(200))
    with make_client(arm, clock) as client:
        assert not arm.closed
        client.perform_maintenance(GROUP, VMSS)
    assert arm.closed
    with pytest.raises(RuntimeError):  # httpx refuses to use a closed client
        client.perform_maintenance(GROUP, VMSS)


def test_close_closes_the_transport(clock: FakeClock) -> None:
    arm = FakeArm()
    client = make_client(arm, clock)
    client.close()
    assert arm.closed


def test_no_credential_without_azure_identity_names_the_extra(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "azure.identity", None)  # makes the import fail
    with pytest.raises(InvalidArgumentError) as info:
        MaintenanceClient(None, SUB, transport=FakeArm(), clock=clock, sleep=clock.sleep)
    assert "vmss-maintenance[identity]" in str(info.value)
    assert "azure-identity" in str(info.value)


@pytest.mark.parametrize(
    ("cloud", "scope", "host"),
    [
        (AzureCloud.PUBLIC, "https://management.azure.com/.default", "management.azure.com"),
        (AzureCloud.US_GOVERNMENT, "https://management.core.usgovcloudapi.net/.default",
         "management.usgovcloudapi.net"),
        (AzureCloud.CHINA, "https://management.chinacloudapi.cn/.default",
         "management.chinacloudapi.cn"),
    ],
)  # fmt: skip
def test_each_cloud_uses_its_endpoint_and_scope(
    clock: FakeClock, cloud: AzureCloud, scope: str, host: str
) -> None:
    arm = FakeArm(reply(200))
    credential = FakeCredential()
    with make_client(arm, clock, credential, cloud=cloud) as client:
        client.perform_maintenance(GROUP, VMSS)
    assert credential.scopes == [(scope,)]
    assert arm.requests[0].url.host == host


def test_endpoint_and_credential_scope_overrides(clock: FakeClock) -> None:
    arm = FakeArm(reply(200))
    credential = FakeCredential()
    with make_client(
        arm, clock, credential, endpoint="https://arm.private.example/",
        credential_scope="https://arm.private.example/.default",
    ) as client:  # fmt: skip
        client.perform_maintenance(GROUP, VMSS)
    assert credential.scopes == [("https://arm.private.example/.default",)]
    assert str(arm.requests[0].url).startswith("https://arm.private.example/subscriptions/")


def test_the_token_is_fetched_once_and_reused(clock: FakeClock) -> None:
    arm = FakeArm(*happy_path(), reply(200))
    credential = FakeCredential()
    with make_client(arm, clock, credential) as client:
        client.perform_maintenance(GROUP, VMSS)
        client.perform_maintenance(GROUP, VMSS)
    assert len(credential.scopes) == 1


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_an_async_credential_on_the_sync_client_is_a_clear_error(clock: FakeClock) -> None:
    arm = FakeArm(reply(200))
    with (
        make_client(arm, clock, AsyncFakeCredential()) as client,
        pytest.raises(AuthenticationError, match="AsyncFakeCredential is asynchronous"),
    ):
        client.begin_perform_maintenance(GROUP, VMSS)
    assert arm.requests == []


def test_the_poller_tells_what_it_follows(clock: FakeClock) -> None:
    arm = FakeArm(accepted(), op_status("Succeeded"), reply(200))
    with make_client(arm, clock) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS, [3, "1"])
        assert (poller.subscription_id, poller.resource_group_name, poller.vm_scale_set_name) == (
            SUB, GROUP, VMSS,
        )  # fmt: skip
        assert poller.instance_ids == ("3", "1")
        assert poller.request_id == "post-request-id"
        assert poller.polls == 0
        assert poller.next_poll_in() == 10.0
        poller.result()
        assert poller.polls == 2
        assert poller.next_poll_in() is None


class ClosingCredential(FakeCredential):
    def __init__(self) -> None:
        super().__init__()
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


def test_the_default_credential_is_closed_with_the_client(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    made = ClosingCredential()
    monkeypatch.setattr("vmss_maintenance._client.default_credential", lambda: made)
    with MaintenanceClient(None, SUB, transport=FakeArm(reply(200)), clock=clock) as client:
        client.perform_maintenance(GROUP, VMSS)
    assert made.scopes == [("https://management.azure.com/.default",)]
    assert made.closed == 1


def test_a_given_credential_is_left_open(clock: FakeClock) -> None:
    given = ClosingCredential()
    with make_client(FakeArm(reply(200)), clock, given) as client:
        client.perform_maintenance(GROUP, VMSS)
    assert given.closed == 0
