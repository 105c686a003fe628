"""inspect_token: what a continuation token says, checked as resume checks it, sending nothing."""

from __future__ import annotations

import base64
import json
import zlib
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vmss_maintenance import MaintenanceClient, TokenInfo, inspect_token
from vmss_maintenance._failures import Failure, Kind
from vmss_maintenance._machine import LroState, Phase
from vmss_maintenance._operations import PERFORM_MAINTENANCE
from vmss_maintenance._targets import ScaleSetTarget
from vmss_maintenance._tokens import Record, encode
from vmss_maintenance.errors import InvalidArgumentError

SUB = "9f8e7d6c-5b4a-4321-8765-0123456789ab"
CLIENT_ID = "0b6a4f0e-7c1d-4e2a-9f3b-5d8c2a1e0f47"
PATH = (
    f"/subscriptions/{SUB}/resourceGroups/g/providers/Microsoft.Compute/"
    "virtualMachineScaleSets/s/performMaintenance?api-version=2000-01-01"
)


def token_at(origin: str, **lro: Any) -> str:
    state = LroState(
        final_state_via="location", original_url=origin + PATH, phase=Phase.STATUS,
        status="InProgress", status_url=f"{origin}/operations/1", location_url=None, polls=4,
        started_at=datetime(2024, 5, 1, 10, tzinfo=UTC),
    )  # fmt: skip
    return encode(Record(
        operation=PERFORM_MAINTENANCE, target=ScaleSetTarget(SUB, "g", "s", ["0", "3"]),
        api_version="2000-01-01", client_request_id=CLIENT_ID, service_request_id="svc-1",
        started=1_700_000_000.0, lro=attrs.evolve(state, **lro),
    ))  # fmt: skip


def test_a_token_tells_its_operation_endpoint_and_target() -> None:
    info = inspect_token(token_at("https://management.azure.com"))
    assert info == TokenInfo(
        operation_id="VirtualMachineScaleSets_PerformMaintenance",
        endpoint="https://management.azure.com",
        subscription_id=SUB,
        target=ScaleSetTarget(SUB, "g", "s", ["0", "3"]),
        request_id="svc-1",
        api_version="2000-01-01",
        polls=4,
        done=False,
    )


def test_the_endpoint_keeps_a_port_and_a_loopback_host() -> None:
    assert inspect_token(token_at("http://127.0.0.1:8443")).endpoint == "http://127.0.0.1:8443"
    assert inspect_token(token_at("https://[::1]:9443")).endpoint == "https://[::1]:9443"


def test_an_ended_operation_is_done() -> None:
    error = {"error": {"code": "Stop", "message": "stopped"}}
    failure = Failure(Kind.OPERATION, "stopped", status="Canceled", status_code=200,
                      request_id="r", error=error)  # fmt: skip
    failed = token_at("https://management.azure.com", phase=Phase.FAILED, status="Canceled",
                      failure=failure)  # fmt: skip
    assert inspect_token(failed).done


def test_the_endpoint_inspected_is_one_a_client_resumes_from() -> None:
    token = token_at("https://arm.contoso.example")
    info = inspect_token(token)
    client = MaintenanceClient(object(), info.subscription_id, endpoint=info.endpoint)
    with client:
        poller = client.resume(token)  # no UntrustedHostError: the endpoint is the token's
        assert poller.target == info.target
        assert poller.request_id == info.request_id


def _edited(token: str, **fields: Any) -> str:
    body = token.removeprefix("vmss1.")
    data = json.loads(zlib.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))
    data.update(fields)
    return "vmss1." + base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"polls": -1}, "'polls'"),
        ({"phase": "succeeded"}, "phase 'succeeded'"),
        ({"vm_scale_set_name": "a/b"}, "bad target"),
        ({"status_url": "not a url"}, "'status_url'"),
        ({"original_url": "https://management.azure.com/elsewhere"}, "original URL"),
        ({"client_request_id": "x"}, "'client_request_id'"),
    ],
)
def test_a_damaged_token_is_refused_as_resume_refuses_it(
    fields: dict[str, Any], named: str
) -> None:
    with pytest.raises(InvalidArgumentError, match="continuation token is damaged") as info:
        inspect_token(_edited(token_at("https://management.azure.com"), **fields))
    assert named in str(info.value)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=80), st.binary(max_size=80).map(
    lambda raw: "vmss1." + base64.urlsafe_b64encode(raw).decode())))  # fmt: skip
def test_any_text_gives_a_token_info_or_an_invalid_argument(text: str) -> None:
    try:
        info = inspect_token(text)
    except InvalidArgumentError:
        return
    assert info.endpoint.startswith(("https://", "http://"))
