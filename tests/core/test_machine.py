"""The pure LRO transition: plain httpx responses in, (state, action) values out."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vmss_maintenance._failures import Kind
from vmss_maintenance._hosts import HostPolicy
from vmss_maintenance._machine import (
    Done,
    Failed,
    LroState,
    Phase,
    Poll,
    Timing,
    start,
    step,
)
from vmss_maintenance.errors import InvalidArgumentError, OperationFailedError, UntrustedHostError

ARM = "https://management.azure.com"
POST_URL = (
    ARM + "/subscriptions/9f8e7d6c-5b4a-4321-8765-0123456789ab/resourceGroups/g/providers"
    "/Microsoft.Compute/virtualMachineScaleSets/s/performMaintenance?api-version=2000-01-01"
)
OPS = ARM + "/subscriptions/9f8e7d6c-5b4a-4321-8765-0123456789ab/providers/Microsoft.Compute"
STATUS_URL = OPS + "/locations/westeurope/operations/op-1?api-version=2000-01-01"
RESULT_URL = OPS + "/locations/westeurope/operationResults/op-1?api-version=2000-01-01"
RESULT_URL_2 = OPS + "/locations/westeurope/operationResults/op-1?step=2"
EVIL = "https://evil.example.com/steal?x=1"
NOW = datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)
TIMING = Timing(polling_interval=5.0, retry_after_max=60.0)
HOSTS = HostPolicy.for_endpoint(ARM)


def response(
    status: int,
    *,
    headers: dict[str, str] | None = None,
    body: Any = None,
    method: str = "GET",
    url: str = STATUS_URL,
) -> httpx.Response:
    content = b"" if body is None else json.dumps(body).encode()
    return httpx.Response(
        status, headers=headers or {}, content=content, request=httpx.Request(method, url)
    )


def initial(status: int = 202, **headers: str) -> httpx.Response:
    named = {name.replace("_", "-"): value for name, value in headers.items()}
    return response(status, headers=named, method="POST", url=POST_URL)


def begin(final_state_via: str = "location", **headers: str) -> tuple[LroState, Any]:
    return start(POST_URL, final_state_via, initial(**headers), NOW, TIMING, HOSTS)


def feed(state: LroState, reply: httpx.Response) -> tuple[LroState, Any]:
    return step(state, reply, NOW, TIMING, HOSTS)


def status_body(status: str, **more: Any) -> httpx.Response:
    return response(200, body={"status": status, **more})


@pytest.mark.parametrize("code", [200, 204])
def test_a_synchronous_answer_is_done_without_a_poll(code: int) -> None:
    state, action = start(POST_URL, "location", initial(code), NOW, TIMING, HOSTS)
    assert action == Done("Succeeded")
    assert (state.phase, state.status, state.polls, state.next_url) == (
        Phase.SUCCEEDED, "Succeeded", 0, None,
    )  # fmt: skip


def test_a_202_without_polling_headers_is_a_protocol_failure() -> None:
    state, action = start(POST_URL, "location", initial(202), NOW, TIMING, HOSTS)
    assert isinstance(action, Failed)
    assert action.failure.kind is Kind.PROTOCOL
    assert "neither an Azure-AsyncOperation nor a Location" in action.failure.message
    assert state.phase is Phase.FAILED


def test_status_then_final_location_get() -> None:
    state, action = begin(azure_asyncoperation=STATUS_URL, location=RESULT_URL, retry_after="7")
    assert action == Poll(STATUS_URL, 7.0)
    state, action = feed(state, status_body("InProgress"))
    assert action == Poll(STATUS_URL, 5.0)
    assert state.status == "InProgress"
    state, action = feed(state, status_body("Succeeded", endTime="2024-05-01T10:05:00Z"))
    assert action == Poll(RESULT_URL, 0.0)
    assert state.phase is Phase.FINAL
    state, action = feed(state, response(200))
    assert action == Done("Succeeded")
    assert state.polls == 3
    assert state.ended_at == datetime(2024, 5, 1, 10, 5, tzinfo=UTC)


def test_a_new_location_in_the_final_phase_is_followed() -> None:
    # The 0.1.0 bug: the final GET's 202 with a new Location updated location_url but the
    # machine kept polling the old URL.
    state, _ = begin(azure_asyncoperation=STATUS_URL, location=RESULT_URL)
    state, action = feed(state, status_body("Succeeded"))
    assert action == Poll(RESULT_URL, 0.0)
    state, action = feed(state, response(202, headers={"Location": RESULT_URL_2}))
    assert action == Poll(RESULT_URL_2, 5.0)
    assert state.next_url == RESULT_URL_2
    state, action = feed(state, response(200))
    assert action == Done("Succeeded")


@pytest.mark.parametrize("final_state_via", ["location", "original-uri"])
def test_a_final_202_with_a_new_location_moves_the_final_get_there(final_state_via: str) -> None:
    state, _ = begin(final_state_via, azure_asyncoperation=STATUS_URL, location=RESULT_URL)
    state, first = feed(state, status_body("Succeeded"))
    assert isinstance(first, Poll)
    moved = response(202, headers={"Location": RESULT_URL_2, "Retry-After": "3"}, url=first.url)
    state, action = feed(state, moved)
    assert action == Poll(RESULT_URL_2, 3.0)
    assert (state.next_url, state.location_url) == (RESULT_URL_2, RESULT_URL_2)
    # A later 202 without Location keeps polling the new URL.
    state, action = feed(state, response(202, url=RESULT_URL_2))
    assert action == Poll(RESULT_URL_2, 5.0)
    assert feed(state, response(200, url=RESULT_URL_2))[1] == Done("Succeeded")


def test_a_final_202_with_an_untrusted_location_is_refused() -> None:
    state, _ = begin(azure_asyncoperation=STATUS_URL, location=RESULT_URL)
    state, _ = feed(state, status_body("Succeeded"))
    after, action = feed(state, response(202, headers={"Location": EVIL}, url=RESULT_URL))
    assert isinstance(action, Failed)
    assert action.failure.kind is Kind.UNTRUSTED
    assert isinstance(action.failure.to_error(), UntrustedHostError)
    assert after.next_url == RESULT_URL  # nothing learned from the refused answer


def test_final_state_via_original_uri_gets_the_original_url() -> None:
    state, _ = begin("original-uri", azure_asyncoperation=STATUS_URL, location=RESULT_URL)
    _, action = feed(state, status_body("Succeeded"))
    assert action == Poll(POST_URL, 0.0)


def test_final_state_via_async_operation_ends_on_the_status_body() -> None:
    state, _ = begin("azure-async-operation", azure_asyncoperation=STATUS_URL, location=RESULT_URL)
    state, action = feed(state, status_body("succeeded"))
    assert action == Done("Succeeded")
    assert state.phase is Phase.SUCCEEDED


@pytest.mark.parametrize("word", ["Failed", "Canceled"])
def test_an_operation_that_failed_is_a_failed_state_with_the_service_error(word: str) -> None:
    state, _ = begin(azure_asyncoperation=STATUS_URL)
    error = {"code": "Nope", "message": "not now"}
    state, action = feed(state, status_body(word, error=error))
    assert isinstance(action, Failed)
    assert state.phase is Phase.FAILED
    assert state.status == word
    assert state.failure == action.failure
    raised = action.failure.to_error()
    assert (type(raised).__name__, raised.status, raised.code, raised.message) == (  # type: ignore[attr-defined]
        "OperationFailedError", word, "Nope", "not now",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Failed", "Failed"), ("canceled", "Canceled"), ("CANCELED", "Canceled"),
     ("failed", "Failed")],
)  # fmt: skip
def test_an_operation_failure_names_the_operation_not_the_poll(word: str, expected: str) -> None:
    state, _ = begin(azure_asyncoperation=STATUS_URL, location=RESULT_URL,
                     x_ms_request_id="post-1")  # fmt: skip
    failed = response(
        200,
        headers={"x-ms-request-id": "poll-7", "x-ms-correlation-request-id": "corr-7"},
        body={
            "status": word,
            "error": {"code": "VMMaintenanceFailed", "message": "instance 3 is busy",
                      "target": "instanceIds"},
        },
    )  # fmt: skip
    state, action = feed(state, failed)
    assert isinstance(action, Failed)
    assert state.status == expected
    # The flow passes the operation's request id (the POST's): see Run.request_id.
    error = action.failure.to_error("post-1")
    assert isinstance(error, OperationFailedError)
    assert error.status == expected
    assert (error.code, error.message, error.target) == (
        "VMMaintenanceFailed", "instance 3 is busy", "instanceIds",
    )  # fmt: skip
    # The operation's request id (the POST's), not the poll's; no HTTP status: not an HTTP error.
    assert (error.request_id, error.correlation_id) == ("post-1", "corr-7")
    assert (error.status_code, error.poll_status_code) == (None, 200)
    assert str(error) == "(VMMaintenanceFailed) instance 3 is busy [request id post-1]"


def test_a_cloud_error_on_a_location_poll_means_the_operation_failed() -> None:
    state, _ = begin(location=RESULT_URL)
    answer = response(400, body={"error": {"code": "BadThing", "message": "no"}}, url=RESULT_URL)
    state, action = feed(state, answer)
    assert isinstance(action, Failed)
    assert state.phase is Phase.FAILED
    error = action.failure.to_error("post-1")
    assert isinstance(error, OperationFailedError)
    assert (error.status, error.code, error.status_code) == ("Failed", "BadThing", None)
    assert (error.poll_status_code, error.request_id) == (400, "post-1")


def test_a_failed_poll_leaves_the_state_resumable() -> None:
    state, _ = begin(azure_asyncoperation=STATUS_URL)
    after, action = feed(state, response(500, body={"error": {"code": "Boom", "message": "x"}}))
    assert isinstance(action, Failed)
    assert action.failure.kind is Kind.HTTP
    assert after == attrs.evolve(state, polls=1)  # only counted: a token resumes from here


def test_location_only_follows_each_new_location_until_done() -> None:
    state, action = begin(location=RESULT_URL)
    assert action == Poll(RESULT_URL, 5.0)
    state, action = feed(state, response(202, headers={"Location": RESULT_URL_2}))
    assert action == Poll(RESULT_URL_2, 5.0)
    state, action = feed(state, response(204))
    assert action == Done("Succeeded")


def test_a_relative_location_is_resolved_against_the_request() -> None:
    _, action = begin(location="/subscriptions/x/operationResults/1")
    assert action == Poll(ARM + "/subscriptions/x/operationResults/1", 5.0)


@pytest.mark.parametrize("header", ["azure_asyncoperation", "location"])
def test_an_untrusted_polling_url_is_a_failure_value(header: str) -> None:
    state, action = begin(**{header: EVIL})
    assert isinstance(action, Failed)
    assert action.failure.kind is Kind.UNTRUSTED
    assert "evil.example.com" in action.failure.message
    assert state.phase is Phase.FAILED


def test_a_later_untrusted_location_is_refused_and_the_state_kept() -> None:
    state, _ = begin(location=RESULT_URL)
    after, action = feed(state, response(202, headers={"Location": EVIL}))
    assert isinstance(action, Failed)
    assert action.failure.kind is Kind.UNTRUSTED
    assert after == attrs.evolve(state, polls=1)  # refused before anything is learned


RETRY_AFTER_CASES = [
    ({"Retry-After": "7"}, 7.0),
    ({"Retry-After": "2.5"}, 2.5),
    ({"Retry-After": format_datetime(NOW + timedelta(seconds=42), usegmt=True)}, 42.0),
    ({"Retry-After": format_datetime(NOW - timedelta(seconds=42), usegmt=True)}, 1.0),
    ({"retry-after-ms": "1500"}, 1.5),
    ({"x-ms-retry-after-ms": "250"}, 1.0),  # never below MIN_POLLING_INTERVAL
    ({"retry-after-ms": "1500", "Retry-After": "9"}, 1.5),
    ({"Retry-After": "3600"}, 60.0),  # capped at retry_after_max
    ({"Retry-After": format_datetime(NOW + timedelta(hours=3), usegmt=True)}, 60.0),
    ({"Retry-After": "0"}, 1.0),  # no busy loop: the floor applies
    ({"retry-after-ms": "0"}, 1.0),
    ({}, 5.0),
    ({"Retry-After": "soon"}, 5.0),
    ({"Retry-After": "-5"}, 5.0),
]


@pytest.mark.parametrize(("headers", "delay"), RETRY_AFTER_CASES)
def test_the_initial_202_retry_after_sets_the_first_wait(
    headers: dict[str, str], delay: float
) -> None:
    reply = response(202, headers={"Azure-AsyncOperation": STATUS_URL, **headers},
                     method="POST", url=POST_URL)  # fmt: skip
    assert start(POST_URL, "location", reply, NOW, TIMING, HOSTS)[1] == Poll(STATUS_URL, delay)


@pytest.mark.parametrize(("headers", "delay"), RETRY_AFTER_CASES)
def test_a_status_poll_retry_after_sets_the_next_wait(
    headers: dict[str, str], delay: float
) -> None:
    state, _ = begin(azure_asyncoperation=STATUS_URL)
    answer = response(200, headers=headers, body={"status": "InProgress"})
    assert feed(state, answer)[1] == Poll(STATUS_URL, delay)


@pytest.mark.parametrize(("headers", "delay"), RETRY_AFTER_CASES)
def test_a_location_poll_retry_after_sets_the_next_wait(
    headers: dict[str, str], delay: float
) -> None:
    state, _ = begin(location=RESULT_URL)
    assert feed(state, response(202, headers=headers, url=RESULT_URL))[1] == Poll(
        RESULT_URL, delay
    )


@pytest.mark.parametrize("interval", [0, 0.5, -1.0])
def test_a_polling_interval_below_the_floor_is_refused(interval: float) -> None:
    with pytest.raises(InvalidArgumentError, match=rf"polling_interval .*>= 1.*not {interval!r}"):
        Timing(polling_interval=interval, retry_after_max=60.0)


def test_a_poll_after_the_end_is_refused() -> None:
    state, _ = start(POST_URL, "location", initial(200), NOW, TIMING, HOSTS)
    with pytest.raises(ValueError, match="no poll is expected"):
        feed(state, response(200))


# -- properties -------------------------------------------------------------------------------

URLS = st.sampled_from(
    [STATUS_URL, RESULT_URL, RESULT_URL_2, EVIL, "/relative/op", "", "   ", "http://management.azure.com/x",
     "https://management.azure.com:444/x", "not a url", "https://[::1/x"]
)  # fmt: skip
STATUS_WORDS = st.sampled_from(
    ["InProgress", "Succeeded", "succeeded", "Failed", "Canceled", "", "Deleting", 7, None]
)


@st.composite
def responses(draw: st.DrawFn) -> httpx.Response:
    code = draw(st.sampled_from([200, 201, 202, 204, 400, 401, 404, 409, 429, 500, 502]))
    headers: dict[str, str] = {}
    for name in ("Azure-AsyncOperation", "Location", "Retry-After"):
        if draw(st.booleans()):
            value = draw(st.sampled_from(["5", "-1", "abc", "Wed, 01 May 2024 10:00:30 GMT"])) \
                if name == "Retry-After" else draw(URLS)  # fmt: skip
            headers[name] = value
    body_kind = draw(st.sampled_from(["none", "status", "error", "junk", "list"]))
    content = {
        "none": b"",
        "status": json.dumps({"status": draw(STATUS_WORDS), "startTime": "bad"}).encode(),
        "error": json.dumps({"error": {"message": draw(st.text(max_size=20))}}).encode(),
        "junk": draw(st.binary(max_size=30)),
        "list": b"[1, 2]",
    }[body_kind]
    return httpx.Response(code, headers=headers, content=content,
                          request=httpx.Request("GET", STATUS_URL))  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    final_state_via=st.sampled_from(["location", "original-uri", "azure-async-operation"]),
    first=responses(),
    then=st.lists(responses(), max_size=8),
)
def test_any_answers_end_or_poll_a_trusted_non_empty_url(
    final_state_via: str, first: httpx.Response, then: list[httpx.Response]
) -> None:
    state, action = start(POST_URL, final_state_via, first, NOW, TIMING, HOSTS)
    for reply in [None, *then]:
        if reply is not None:
            if not isinstance(action, Poll):
                break
            state, action = feed(state, reply)
        assert isinstance(action, Poll | Done | Failed)
        if isinstance(action, Poll):
            assert action.url
            assert action.url == state.next_url
            assert HOSTS.is_trusted(action.url)
            assert action.delay >= 0
            assert not state.done
        if isinstance(action, Done):
            assert state.phase is Phase.SUCCEEDED
        assert (state.phase is Phase.FAILED) == (state.failure is not None)
