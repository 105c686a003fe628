"""The sans-I/O long-running-operation core, fed plain httpx responses."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from vmss_maintenance._hosts import HostPolicy
from vmss_maintenance._lro import Finished, LroMachine, Poll, Timing
from vmss_maintenance._spec import API_VERSION
from vmss_maintenance.errors import (
    HttpResponseError,
    OperationFailedError,
    UntrustedHostError,
)

ARM = "https://management.azure.com"
POST_URL = (
    ARM + "/subscriptions/9f8e7d6c-5b4a-4321-8765-0123456789ab/resourceGroups/g/providers"
    f"/Microsoft.Compute/virtualMachineScaleSets/s/performMaintenance?api-version={API_VERSION}"
)
OPS = ARM + "/subscriptions/9f8e7d6c-5b4a-4321-8765-0123456789ab/providers/Microsoft.Compute"
STATUS_URL = OPS + f"/locations/westeurope/operations/op-1?api-version={API_VERSION}"
RESULT_URL = OPS + f"/locations/westeurope/operationResults/op-1?api-version={API_VERSION}"
RESULT_URL_2 = OPS + "/locations/westeurope/operationResults/op-1?step=2"
EVIL = "https://evil.example.com/steal?x=1"
NOW = datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)
INTERVAL = 5.0
CAP = 60.0


def machine(final_state_via: str = "location") -> LroMachine:
    return LroMachine(
        timing=Timing(polling_interval=INTERVAL, retry_after_max=CAP),
        check_url=HostPolicy.for_endpoint(ARM).check,
        original_url=POST_URL,
        final_state_via=final_state_via,
    )


def response(
    status: int,
    *,
    headers: dict[str, str] | None = None,
    body: Any = None,
    content: bytes | None = None,
    method: str = "GET",
    url: str = STATUS_URL,
) -> httpx.Response:
    if body is not None:
        content = json.dumps(body).encode()
    return httpx.Response(
        status,
        headers=headers or {},
        content=content or b"",
        request=httpx.Request(method, url),
    )


def initial(status: int = 202, **headers: str) -> httpx.Response:
    return response(status, headers=headers, method="POST", url=POST_URL)


def status_body(status: str, **more: Any) -> httpx.Response:
    return response(200, body={"status": status, **more})


# -- the initial response ---------------------------------------------------------------------


@pytest.mark.parametrize("code", [200, 204])
def test_a_synchronous_answer_is_done_without_any_poll(code: int) -> None:
    lro = machine()
    assert lro.start(initial(code), NOW) == Finished("Succeeded")
    assert lro.done
    assert lro.status == "Succeeded"
    assert lro.polls == 0
    assert lro.next_url is None


def test_a_202_with_neither_polling_header_is_an_error_not_a_success() -> None:
    lro = machine()
    with pytest.raises(HttpResponseError, match="neither an Azure-AsyncOperation") as info:
        lro.start(initial(202, **{"x-ms-request-id": "req-9"}), NOW)
    assert info.value.status_code == 202
    assert info.value.request_id == "req-9"
    assert not lro.done


def test_an_error_answer_to_the_initial_request_raises_with_the_cloud_error() -> None:
    answer = response(
        409,
        body={"error": {"code": "Conflict", "message": "busy"}},
        method="POST",
        url=POST_URL,
    )
    with pytest.raises(HttpResponseError) as info:
        machine().start(answer, NOW)
    error = info.value
    assert (error.status_code, error.code, error.message) == (409, "Conflict", "busy")
    assert not isinstance(info.value, OperationFailedError)


# -- Azure-AsyncOperation ---------------------------------------------------------------------


def test_async_operation_polls_status_then_gets_location_when_final_state_is_location() -> None:
    lro = machine("location")
    first = lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL, "Location": RESULT_URL}), NOW)
    assert first == Poll(STATUS_URL, INTERVAL)
    assert (lro.phase, lro.status) == ("status", "InProgress")

    assert lro.receive(status_body("InProgress"), NOW) == Poll(STATUS_URL, INTERVAL)
    assert lro.receive(status_body("Running"), NOW) == Poll(STATUS_URL, INTERVAL)
    assert lro.status == "Running"  # a non-terminal status is reported as the service says it
    assert lro.receive(status_body("Succeeded"), NOW) == Poll(RESULT_URL, 0.0)
    assert lro.phase == "final"
    assert not lro.done
    assert lro.receive(response(200, url=RESULT_URL), NOW) == Finished("Succeeded")
    assert lro.done
    assert lro.polls == 4


def test_the_final_get_may_answer_202_first() -> None:
    lro = machine("location")
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL, "Location": RESULT_URL}), NOW)
    lro.receive(status_body("Succeeded"), NOW)
    not_yet = response(202, headers={"Retry-After": "3"}, url=RESULT_URL)
    assert lro.receive(not_yet, NOW) == Poll(RESULT_URL, 3.0)
    assert lro.receive(response(204, url=RESULT_URL), NOW) == Finished("Succeeded")


@pytest.mark.parametrize("final_state_via", ["location", "original-uri"])
def test_a_final_202_with_a_new_location_moves_the_final_get_there(final_state_via: str) -> None:
    lro = machine(final_state_via)
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL, "Location": RESULT_URL}), NOW)
    first = lro.receive(status_body("Succeeded"), NOW)
    assert isinstance(first, Poll)
    moved = response(202, headers={"Location": RESULT_URL_2, "Retry-After": "3"}, url=first.url)
    assert lro.receive(moved, NOW) == Poll(RESULT_URL_2, 3.0)
    assert (lro.next_url, lro.location_url) == (RESULT_URL_2, RESULT_URL_2)
    # A later 202 without Location keeps polling the new URL.
    assert lro.receive(response(202, url=RESULT_URL_2), NOW) == Poll(RESULT_URL_2, INTERVAL)
    assert lro.receive(response(200, url=RESULT_URL_2), NOW) == Finished("Succeeded")


def test_a_final_202_with_an_untrusted_location_raises() -> None:
    lro = machine()
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL, "Location": RESULT_URL}), NOW)
    lro.receive(status_body("Succeeded"), NOW)
    with pytest.raises(UntrustedHostError):
        lro.receive(response(202, headers={"Location": EVIL}, url=RESULT_URL), NOW)


def test_async_operation_with_final_state_via_async_operation_skips_the_final_get() -> None:
    lro = machine("azure-async-operation")
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL, "Location": RESULT_URL}), NOW)
    assert lro.receive(status_body("Succeeded"), NOW) == Finished("Succeeded")
    assert lro.polls == 1


def test_async_operation_without_location_finishes_on_the_status_body() -> None:
    lro = machine("location")
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL}), NOW)
    assert lro.receive(status_body("Succeeded"), NOW) == Finished("Succeeded")


def test_final_state_via_original_uri_gets_the_original_url() -> None:
    lro = machine("original-uri")
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL}), NOW)
    assert lro.receive(status_body("Succeeded"), NOW) == Poll(POST_URL, 0.0)


@pytest.mark.parametrize("word", ["succeeded", "SUCCEEDED", "Succeeded", "sUcCeEdEd"])
def test_terminal_statuses_are_case_insensitive(word: str) -> None:
    lro = machine("azure-async-operation")
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL}), NOW)
    assert lro.receive(status_body(word), NOW) == Finished("Succeeded")
    assert lro.status == "Succeeded"


def test_a_201_is_also_followed_through_azure_async_operation() -> None:
    lro = machine()
    assert lro.start(initial(201, **{"Azure-AsyncOperation": STATUS_URL}), NOW) == Poll(
        STATUS_URL, INTERVAL
    )


def test_a_202_while_polling_the_status_means_still_running() -> None:
    lro = machine()
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL}), NOW)
    still = response(202, headers={"Retry-After": "2"})
    assert lro.receive(still, NOW) == Poll(STATUS_URL, 2.0)


def test_start_and_end_times_come_from_the_status_body() -> None:
    lro = machine("azure-async-operation")
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL}), NOW)
    lro.receive(status_body("InProgress", startTime="2024-05-01T10:00:00.1234567+00:00"), NOW)
    assert lro.started_at == datetime(2024, 5, 1, 10, 0, 0, 123456, tzinfo=UTC)
    assert lro.ended_at is None
    lro.receive(status_body("Succeeded", endTime="2024-05-01T10:07:30Z"), NOW)
    assert lro.started_at == datetime(2024, 5, 1, 10, 0, 0, 123456, tzinfo=UTC)  # kept
    assert lro.ended_at == datetime(2024, 5, 1, 10, 7, 30, tzinfo=UTC)


def test_unreadable_times_are_left_out() -> None:
    lro = machine("azure-async-operation")
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL}), NOW)
    lro.receive(status_body("Succeeded", startTime="yesterday", endTime=17), NOW)
    assert (lro.started_at, lro.ended_at) == (None, None)


# -- failures -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Failed", "Failed"),
        ("canceled", "Canceled"),
        ("CANCELED", "Canceled"),
        ("failed", "Failed"),
    ],
)
def test_failed_and_canceled_raise_operation_failed_with_the_service_error(
    word: str, expected: str
) -> None:
    lro = machine()
    lro.start(
        initial(**{"Azure-AsyncOperation": STATUS_URL, "Location": RESULT_URL,
                   "x-ms-request-id": "post-1"}),
        NOW,
    )  # fmt: skip
    failed = response(
        200,
        headers={"x-ms-request-id": "poll-7", "x-ms-correlation-request-id": "corr-7"},
        body={
            "status": word,
            "error": {"code": "VMMaintenanceFailed", "message": "instance 3 is busy",
                      "target": "instanceIds"},
        },
    )  # fmt: skip
    with pytest.raises(OperationFailedError) as info:
        lro.receive(failed, NOW)
    error = info.value
    assert error.status == expected
    assert (error.code, error.message, error.target) == (
        "VMMaintenanceFailed", "instance 3 is busy", "instanceIds",
    )  # fmt: skip
    # The operation's request id (the POST's), not the poll's; no HTTP status: not an HTTP error.
    assert (error.request_id, error.correlation_id) == ("post-1", "corr-7")
    assert (error.status_code, error.poll_status_code) == (None, 200)
    assert str(error) == "(VMMaintenanceFailed) instance 3 is busy [request id post-1]"
    assert lro.status == expected
    assert not lro.done


def test_failed_without_an_error_body_still_says_so() -> None:
    lro = machine()
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL}), NOW)
    with pytest.raises(OperationFailedError, match="ended Failed without an error message") as info:
        lro.receive(status_body("Failed"), NOW)
    assert info.value.code is None
    assert info.value.error is None


@pytest.mark.parametrize(
    ("content", "shown"),
    [
        (b"", "an empty body"),
        (b"{}", "{}"),
        (b'{"status": ""}', '{"status": ""}'),
        (b'{"status": 3}', '{"status": 3}'),
        (b'["Succeeded"]', '["Succeeded"]'),
        (b"<html><body>Bad gateway</body></html>", "<html><body>Bad gateway</body></html>"),
        (b"\xff\xfe not utf-8", "not utf-8"),
    ],
)
def test_a_missing_or_unreadable_status_is_an_error_showing_what_came(
    content: bytes, shown: str
) -> None:
    lro = machine()
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL}), NOW)
    answer = response(200, content=content, headers={"x-ms-request-id": "poll-1"})
    with pytest.raises(HttpResponseError, match="no 'status' field") as info:
        lro.receive(answer, NOW)
    assert shown in str(info.value)
    assert info.value.request_id == "poll-1"
    assert not isinstance(info.value, OperationFailedError)


def test_an_error_while_polling_the_status_is_an_http_error() -> None:
    lro = machine()
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL}), NOW)
    answer = response(500, content=b"<html>oops</html>")
    with pytest.raises(HttpResponseError, match="oops") as info:
        lro.receive(answer, NOW)
    assert info.value.status_code == 500
    assert not isinstance(info.value, OperationFailedError)


def test_a_cloud_error_on_a_location_poll_means_the_operation_failed() -> None:
    lro = machine()
    lro.start(initial(Location=RESULT_URL, **{"x-ms-request-id": "post-1"}), NOW)
    answer = response(400, body={"error": {"code": "BadThing", "message": "no"}}, url=RESULT_URL)
    with pytest.raises(OperationFailedError) as info:
        lro.receive(answer, NOW)
    error = info.value
    assert (error.status, error.code, error.status_code) == ("Failed", "BadThing", None)
    assert (error.poll_status_code, error.request_id) == (400, "post-1")


def test_a_non_json_5xx_on_a_location_poll_is_an_http_error_not_a_failure() -> None:
    lro = machine()
    lro.start(initial(Location=RESULT_URL), NOW)
    answer = response(502, content=b"<html>proxy error</html>", url=RESULT_URL)
    with pytest.raises(HttpResponseError, match="proxy error") as info:
        lro.receive(answer, NOW)
    assert not isinstance(info.value, OperationFailedError)


def test_polling_after_the_end_is_a_programming_error() -> None:
    lro = machine()
    lro.start(initial(200), NOW)
    with pytest.raises(RuntimeError, match="no poll is expected"):
        lro.receive(response(200), NOW)


# -- Location only ----------------------------------------------------------------------------


def test_location_only_keeps_polling_on_202_and_follows_a_new_location() -> None:
    lro = machine()
    assert lro.start(initial(Location=RESULT_URL), NOW) == Poll(RESULT_URL, INTERVAL)
    assert lro.phase == "location"
    assert lro.receive(response(202, url=RESULT_URL), NOW) == Poll(RESULT_URL, INTERVAL)
    moved = response(202, headers={"Location": RESULT_URL_2}, url=RESULT_URL)
    assert lro.receive(moved, NOW) == Poll(RESULT_URL_2, INTERVAL)
    assert lro.location_url == RESULT_URL_2
    assert lro.receive(response(202, url=RESULT_URL_2), NOW) == Poll(RESULT_URL_2, INTERVAL)
    assert lro.receive(response(200, url=RESULT_URL_2), NOW) == Finished("Succeeded")
    assert lro.polls == 4


@pytest.mark.parametrize("code", [200, 204])
def test_location_only_is_done_on_200_or_204(code: int) -> None:
    lro = machine()
    lro.start(initial(Location=RESULT_URL), NOW)
    assert lro.receive(response(code, url=RESULT_URL), NOW) == Finished("Succeeded")
    assert lro.done


def test_a_relative_location_is_resolved_against_the_request() -> None:
    lro = machine()
    relative = "/subscriptions/x/providers/Microsoft.Compute/locations/l/operationResults/o?a=1"
    decision = lro.start(initial(Location=relative), NOW)
    assert decision == Poll(ARM + relative, INTERVAL)
    assert lro.location_url == ARM + relative


def test_a_relative_async_operation_url_is_resolved_too() -> None:
    lro = machine()
    decision = lro.start(initial(**{"Azure-AsyncOperation": "operations/op-2"}), NOW)
    assert isinstance(decision, Poll)
    assert decision.url == (
        ARM + "/subscriptions/9f8e7d6c-5b4a-4321-8765-0123456789ab/resourceGroups/g/providers"
        "/Microsoft.Compute/virtualMachineScaleSets/s/operations/op-2"
    )


# -- timing -----------------------------------------------------------------------------------

RETRY_AFTER_CASES = [
    ({"Retry-After": "7"}, 7.0),
    ({"Retry-After": "2.5"}, 2.5),
    ({"Retry-After": format_datetime(NOW + timedelta(seconds=42), usegmt=True)}, 42.0),
    ({"Retry-After": format_datetime(NOW - timedelta(seconds=42), usegmt=True)}, 1.0),
    ({"retry-after-ms": "1500"}, 1.5),
    ({"x-ms-retry-after-ms": "250"}, 1.0),  # never below MIN_POLLING_INTERVAL
    ({"retry-after-ms": "1500", "Retry-After": "9"}, 1.5),
    ({"Retry-After": "3600"}, CAP),
    ({"Retry-After": format_datetime(NOW + timedelta(hours=3), usegmt=True)}, CAP),
    ({"Retry-After": "0"}, 1.0),  # no busy loop: the floor applies
    ({"retry-after-ms": "0"}, 1.0),
    ({}, INTERVAL),
    ({"Retry-After": "soon"}, INTERVAL),
    ({"Retry-After": "-5"}, INTERVAL),
]


@pytest.mark.parametrize(("headers", "delay"), RETRY_AFTER_CASES)
def test_the_initial_202_retry_after_sets_the_first_wait(
    headers: dict[str, str], delay: float
) -> None:
    lro = machine()
    decision = lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL, **headers}), NOW)
    assert decision == Poll(STATUS_URL, delay)


@pytest.mark.parametrize(("headers", "delay"), RETRY_AFTER_CASES)
def test_a_status_poll_retry_after_sets_the_next_wait(
    headers: dict[str, str], delay: float
) -> None:
    lro = machine()
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL}), NOW)
    answer = response(200, headers=headers, body={"status": "InProgress"})
    assert lro.receive(answer, NOW) == Poll(STATUS_URL, delay)


@pytest.mark.parametrize(("headers", "delay"), RETRY_AFTER_CASES)
def test_a_location_poll_retry_after_sets_the_next_wait(
    headers: dict[str, str], delay: float
) -> None:
    lro = machine()
    lro.start(initial(Location=RESULT_URL), NOW)
    assert lro.receive(response(202, headers=headers, url=RESULT_URL), NOW) == Poll(
        RESULT_URL, delay
    )


# -- host checks ------------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Azure-AsyncOperation", "Location"])
@pytest.mark.parametrize(
    "url",
    [
        EVIL,
        "https://management.azure.com.evil.example.com/x",
        "http://management.azure.com/subscriptions/x",  # a downgrade to plain http
        "https://management.azure.com:8443/subscriptions/x",
        "//evil.example.com/x",  # scheme-relative
        "https://management.azure.com@evil.example.com/x",  # user info, not the host
        "ftp://management.azure.com/x",
    ],
)
def test_a_polling_url_on_an_untrusted_host_raises_at_once(header: str, url: str) -> None:
    lro = machine()
    with pytest.raises(UntrustedHostError) as info:
        lro.start(initial(**{header: url}), NOW)
    assert "refusing to send the bearer token" in str(info.value)
    assert lro.next_url is None


def test_an_untrusted_location_with_a_trusted_async_operation_still_raises() -> None:
    lro = machine()
    with pytest.raises(UntrustedHostError):
        lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL, "Location": EVIL}), NOW)


def test_a_new_location_on_an_untrusted_host_raises() -> None:
    lro = machine()
    lro.start(initial(Location=RESULT_URL), NOW)
    with pytest.raises(UntrustedHostError) as info:
        lro.receive(response(202, headers={"Location": EVIL}, url=RESULT_URL), NOW)
    assert info.value.url == "https://evil.example.com/steal"  # the query is not repeated
    assert lro.next_url == RESULT_URL


def test_allowed_hosts_are_accepted() -> None:
    lro = LroMachine(
        timing=Timing(polling_interval=INTERVAL, retry_after_max=CAP),
        check_url=HostPolicy.for_endpoint(ARM, ["poll.example.net"]).check,
        original_url=POST_URL,
    )
    url = "https://poll.example.net/operations/1"
    assert lro.start(initial(Location=url), NOW) == Poll(url, INTERVAL)


# -- snapshot / restore -----------------------------------------------------------------------


def test_snapshot_and_restore_continue_where_it_stopped() -> None:
    lro = machine("location")
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL, "Location": RESULT_URL}), NOW)
    lro.receive(status_body("InProgress"), NOW)
    snapshot = lro.snapshot()
    assert json.loads(json.dumps(snapshot)) == snapshot  # plain JSON data
    assert snapshot == {
        "phase": "status",
        "status": "InProgress",
        "status_url": STATUS_URL,
        "location_url": RESULT_URL,
        "original_url": POST_URL,
        "final_state_via": "location",
        "next_url": STATUS_URL,
        "polls": 1,
    }
    checked: list[str] = []

    def check(url: str) -> None:
        checked.append(url)
        HostPolicy.for_endpoint(ARM).check(url)

    again = LroMachine.restore(
        snapshot, Timing(polling_interval=INTERVAL, retry_after_max=CAP), check
    )
    assert STATUS_URL in checked
    assert RESULT_URL in checked
    assert again.snapshot() == snapshot
    assert again.receive(status_body("Succeeded"), NOW) == Poll(RESULT_URL, 0.0)
    assert again.receive(response(200, url=RESULT_URL), NOW) == Finished("Succeeded")
    assert again.polls == 3


@pytest.mark.parametrize("field", ["status_url", "location_url", "next_url", "original_url"])
def test_restore_rechecks_every_url(field: str) -> None:
    lro = machine("original-uri")
    lro.start(initial(**{"Azure-AsyncOperation": STATUS_URL, "Location": RESULT_URL}), NOW)
    snapshot = {**lro.snapshot(), field: EVIL}
    with pytest.raises(UntrustedHostError):
        LroMachine.restore(
            snapshot,
            Timing(polling_interval=INTERVAL, retry_after_max=CAP),
            HostPolicy.for_endpoint(ARM).check,
        )
