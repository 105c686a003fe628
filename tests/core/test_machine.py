"""The pure LRO transition: plain httpx responses in, (state, action) values out."""

from __future__ import annotations

import json
from datetime import UTC, datetime
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

ARM = "https://management.azure.com"
POST_URL = (
    ARM + "/subscriptions/9f8e7d6c-5b4a-4321-8765-0123456789ab/resourceGroups/g/providers"
    "/Microsoft.Compute/virtualMachineScaleSets/s/performMaintenance?api-version=2024-07-01"
)
OPS = ARM + "/subscriptions/9f8e7d6c-5b4a-4321-8765-0123456789ab/providers/Microsoft.Compute"
STATUS_URL = OPS + "/locations/westeurope/operations/op-1?api-version=2024-07-01"
RESULT_URL = OPS + "/locations/westeurope/operationResults/op-1?api-version=2024-07-01"
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


def test_retry_after_is_capped_and_a_floor_holds() -> None:
    timing = Timing(polling_interval=5.0, retry_after_max=60.0, floor=2.0)
    reply = initial(azure_asyncoperation=STATUS_URL, retry_after="600")
    assert start(POST_URL, "location", reply, NOW, timing, HOSTS)[1] == Poll(STATUS_URL, 60.0)
    reply = initial(azure_asyncoperation=STATUS_URL, retry_after="0")
    assert start(POST_URL, "location", reply, NOW, timing, HOSTS)[1] == Poll(STATUS_URL, 2.0)


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
