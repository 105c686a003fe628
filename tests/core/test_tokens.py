"""Continuation tokens: the serialised record, one versioned schema, checked field by field."""

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
from vmss_maintenance._failures import Failure, Kind
from vmss_maintenance._hosts import HostPolicy
from vmss_maintenance._machine import LroState, Phase
from vmss_maintenance._operations import PERFORM_MAINTENANCE, PERFORM_VM_MAINTENANCE
from vmss_maintenance._targets import ScaleSetTarget, VmTarget
from vmss_maintenance._tokens import MAX_NESTING, MAX_TOKEN_CHARS, Record, decode, encode, origin_of
from vmss_maintenance.errors import InvalidArgumentError, UntrustedHostError

ARM = "https://management.azure.com"
SUB = "9f8e7d6c-5b4a-4321-8765-0123456789ab"
POST_URL = (
    f"{ARM}/subscriptions/{SUB}/resourceGroups/g/providers/Microsoft.Compute/"
    "virtualMachineScaleSets/s/performMaintenance?api-version=2024-07-01"
)
STATUS_URL = f"{ARM}/operations/op-1?api-version=2024-07-01"
RESULT_URL = f"{ARM}/operationResults/op-1?api-version=2024-07-01"
HOSTS = HostPolicy.for_endpoint(ARM)
CLIENT_ID = "0b6a4f0e-7c1d-4e2a-9f3b-5d8c2a1e0f47"


def record(**lro: Any) -> Record:
    state = LroState(
        final_state_via="location", original_url=POST_URL, phase=Phase.STATUS,
        status="InProgress", status_url=STATUS_URL, location_url=RESULT_URL, polls=2,
        started_at=datetime(2024, 5, 1, 10, tzinfo=UTC),
    )  # fmt: skip
    return Record(
        operation=PERFORM_MAINTENANCE,
        target=ScaleSetTarget(SUB, "g", "s", ["0", 3]),
        api_version="2024-07-01",
        client_request_id=CLIENT_ID,
        service_request_id="service-1",
        started=1_700_000_000.0,
        lro=attrs.evolve(state, **lro),
    )


def data_of(token: str) -> dict[str, Any]:
    body = token.removeprefix("vmss1.")
    loaded: dict[str, Any] = json.loads(
        zlib.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    )
    return loaded


def token_of(data: Any) -> str:
    raw = json.dumps(data).encode()
    return "vmss1." + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "lro",
    [
        {},
        {"phase": Phase.LOCATION, "status_url": None},
        {"phase": Phase.FINAL, "status": "Succeeded"},
        {"phase": Phase.FINAL, "status": "Succeeded", "location_url": RESULT_URL + "&step=2",
         "final_location": RESULT_URL + "&step=2"},
        {"phase": Phase.SUCCEEDED, "status": "Succeeded",
         "ended_at": datetime(2024, 5, 2, tzinfo=UTC)},
        {"phase": Phase.FAILED, "status": "Canceled", "failure": Failure(
            Kind.OPERATION, "stopped", status="Canceled", status_code=200, request_id="r",
            error={"error": {"code": "Stop", "message": "stopped"}})},
    ],
)  # fmt: skip
def test_a_record_round_trips(lro: dict[str, Any]) -> None:
    original = record(**lro)
    assert decode(encode(original), HOSTS) == original


def test_the_token_names_its_operation_and_version_and_stores_each_url_once() -> None:
    data = data_of(encode(record()))
    assert (data["v"], data["op"]) == (2, "VirtualMachineScaleSets_PerformMaintenance")
    assert "next_url" not in data
    assert [value for value in data.values() if value == STATUS_URL] == [STATUS_URL]


def test_a_token_written_by_0_1_0_still_resumes() -> None:
    legacy = {
        "api_version": "2024-07-01", "client_request_id": CLIENT_ID, "service_request_id": None,
        "started": 1_700_000_000, "subscription_id": SUB, "resource_group_name": "g",
        "vm_scale_set_name": "s", "instance_ids": None, "phase": "final", "status": "Succeeded",
        "status_url": STATUS_URL, "location_url": RESULT_URL, "original_url": POST_URL,
        "final_state_via": "location", "next_url": RESULT_URL, "polls": 4,
    }  # fmt: skip
    resumed = decode(token_of(legacy), HOSTS)
    assert resumed.operation is PERFORM_MAINTENANCE
    assert resumed.lro.phase is Phase.FINAL
    assert resumed.lro.next_url == RESULT_URL
    assert resumed.target == ScaleSetTarget(SUB, "g", "s", None)
    legacy["phase"] = "done"
    assert decode(token_of(legacy), HOSTS).lro.phase is Phase.SUCCEEDED


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"phase": "succeeded"}, "phase 'succeeded' with status 'InProgress'"),
        ({"phase": "status", "status": "Succeeded"}, "phase 'status' with the final status"),
        ({"phase": "location", "location_url": None}, "phase 'location' without the URL"),
        ({"phase": "status", "status_url": None}, "phase 'status' without the URL"),
        ({"phase": "failed", "status": "Failed"}, "phase 'failed' does not match 'failure'"),
        ({"polls": -1}, "'polls': -1 is negative"),
        ({"polls": True}, "bad 'polls'"),
        ({"resource_group_name": "a/b"}, "bad target: resource group name 'a/b' contains '/'"),
        ({"instance_ids": []}, "bad target: instance_ids is an empty list"),
        ({"op": "VirtualMachines_Explode"}, "bad 'op'"),
        ({"started_at": "yesterday"}, "bad 'started_at'"),
        ({"status_url": ""}, "bad 'status_url': an empty URL"),
        ({"extra": 1}, "unexpected ['extra']"),
    ],
)
def test_an_inconsistent_token_is_refused_naming_the_field(
    change: dict[str, Any], named: str
) -> None:
    data = {**data_of(encode(record())), **change}
    with pytest.raises(InvalidArgumentError, match="continuation token is damaged") as info:
        decode(token_of(data), HOSTS)
    assert named in str(info.value)


def test_a_newer_schema_is_refused_clearly() -> None:
    data = {**data_of(encode(record())), "v": 3}
    with pytest.raises(InvalidArgumentError, match="schema version 3"):
        decode(token_of(data), HOSTS)


def test_deep_nesting_is_refused_before_parsing() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    token = "vmss1." + base64.urlsafe_b64encode(deep.encode()).decode()
    with pytest.raises(InvalidArgumentError, match="characters long"):
        decode(token, HOSTS)
    nested = "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1)
    with pytest.raises(InvalidArgumentError, match="nests deeper"):
        decode(token_of(json.loads(nested)), HOSTS)


def test_an_edited_url_is_refused_as_untrusted_first() -> None:
    data = {**data_of(encode(record())), "status_url": "https://evil.example.com/x", "polls": "x"}
    with pytest.raises(UntrustedHostError):
        decode(token_of(data), HOSTS)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | st.binary(max_size=200).map(
    lambda raw: "vmss1." + base64.urlsafe_b64encode(raw).decode()))  # fmt: skip
def test_random_tokens_raise_only_invalid_argument(token: str) -> None:
    with pytest.raises(InvalidArgumentError):
        decode(token, HOSTS)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    base=st.sampled_from(
        [{}, {"phase": Phase.SUCCEEDED, "status": "Succeeded"}, {"phase": Phase.LOCATION}]
    ),
    field=st.sampled_from(sorted(data_of(encode(record())))),
    value=JSON,
)
def test_tampered_tokens_decode_consistently_or_not_at_all(
    base: dict[str, Any], field: str, value: Any
) -> None:
    """A tampered field either decodes into a state that re-encodes to the same token, or is
    refused: as damaged (InvalidArgumentError) or, for a URL, as untrusted."""
    data = {**data_of(encode(record(**base))), field: value}
    try:
        decoded = decode(token_of(data), HOSTS)
    except (InvalidArgumentError, UntrustedHostError):
        return
    assert decode(encode(decoded), HOSTS) == decoded
    lro = decoded.lro
    assert (lro.phase is Phase.FAILED) == (lro.failure is not None)
    assert lro.polls >= 0
    if not lro.done:
        assert lro.next_url


def test_a_token_naming_every_instance_of_a_large_scale_set_resumes() -> None:
    many = attrs.evolve(record(), target=ScaleSetTarget(SUB, "g", "s", range(1000)))
    token = encode(many)
    assert decode(token, HOSTS) == many


def test_a_token_taken_after_the_final_get_moved_resumes_at_the_new_location() -> None:
    moved = RESULT_URL + "&step=2"
    # location_url still names the old URL: only final_location says where the GET moved.
    moved_record = record(phase=Phase.FINAL, status="Succeeded", final_location=moved)
    assert decode(encode(moved_record), HOSTS).lro.next_url == moved


def test_the_origin_of_a_token_is_the_service_it_was_started_at() -> None:
    assert origin_of(encode(record())) == ARM
    local = {**data_of(encode(record())), "original_url": "http://127.0.0.1:8443/subscriptions/x"}
    assert origin_of(token_of(local)) == "http://127.0.0.1:8443"
    nothing = {**local, "original_url": "not a url", "status_url": None, "location_url": None}
    assert origin_of(token_of(nothing)) is None
    with pytest.raises(InvalidArgumentError, match="not one of this library's tokens"):
        origin_of("vmss9.abc")


def test_a_status_or_request_id_no_token_can_hold_is_not_written() -> None:
    written = attrs.evolve(record(status="Run\x1bning"), service_request_id="x" * 300)
    back = decode(encode(written), HOSTS)
    assert (back.lro.status, back.service_request_id) == ("InProgress", None)


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        ({"status": "In\x1bProgress"}, "'status'"),
        ({"status": "x" * 300}, "'status'"),
        ({"service_request_id": "a\nb"}, "'service_request_id'"),
        ({"polls": 10**12}, "'polls'"),
        ({"started": 1e300}, "'started'"),
        ({"client_request_id": "abc"}, "'client_request_id'"),
        ({"location_url": "https://management.azure.com/\u00e9"}, "'location_url'"),
        ({"location_url": f"{ARM}/" + "x" * 5000}, "'location_url'"),
        ({"api_version": "2024-07-01\n"}, "'api_version'"),
    ],
)
def test_unbounded_or_unprintable_fields_are_refused(edit: dict[str, Any], field: str) -> None:
    data = {**data_of(encode(record())), **edit}
    with pytest.raises(InvalidArgumentError, match="continuation token is damaged") as info:
        decode(token_of(data), HOSTS)
    assert field in str(info.value)


@pytest.mark.parametrize(
    "edit",
    [
        {"original_url": POST_URL.replace("/s/", "/other/")},
        {"vm_scale_set_name": "other"},
    ],
)
def test_the_original_url_must_be_the_tokens_own_target(edit: dict[str, Any]) -> None:
    data = {**data_of(encode(record())), **edit}
    with pytest.raises(InvalidArgumentError, match="original URL is not the"):
        decode(token_of(data), HOSTS)


def test_a_token_is_compact() -> None:
    # Three polling URLs that share most of their text: zlib keeps the token short (issue 8).
    token = encode(record())
    assert len(token) < 700, len(token)
    assert decode(token, HOSTS) == decode(token_of(data_of(token)), HOSTS)


def test_a_token_that_unpacks_past_the_limit_is_refused() -> None:
    bomb = zlib.compress(b"{" + b" " * (MAX_TOKEN_CHARS * 4) + b"}", 9)
    token = "vmss1." + base64.urlsafe_b64encode(bomb).rstrip(b"=").decode()
    assert len(token) < MAX_TOKEN_CHARS
    with pytest.raises(InvalidArgumentError, match="unpacks to more than"):
        decode(token, HOSTS)


# -- a VM's operation ---------------------------------------------------------------------------

VM_POST_URL = (
    f"{ARM}/subscriptions/{SUB}/resourceGroups/g/providers/Microsoft.Compute/"
    "virtualMachines/vm-1/performMaintenance?api-version=2024-07-01"
)


def vm_record() -> Record:
    return attrs.evolve(
        record(original_url=VM_POST_URL),
        operation=PERFORM_VM_MAINTENANCE,
        target=VmTarget(SUB, "g", "vm-1"),
    )


def test_a_vm_record_round_trips_naming_its_operation() -> None:
    token = encode(vm_record())
    data = data_of(token)
    assert (data["op"], data["vm_name"]) == ("VirtualMachines_PerformMaintenance", "vm-1")
    assert "vm_scale_set_name" not in data
    assert decode(token, HOSTS) == vm_record()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"vm_name": "../vm-1"}, "VM name"),
        ({"vm_name": "vm-2"}, "original URL is not the"),
        ({"op": "VirtualMachineScaleSets_PerformMaintenance"}, r"unexpected \[.vm_name.\]"),
        ({"vm_name": 7}, "vm_name"),
    ],
)
def test_a_tampered_vm_token_is_refused(edit: dict[str, Any], message: str) -> None:
    data = {**data_of(encode(vm_record())), **edit}
    with pytest.raises(InvalidArgumentError, match=message):
        decode(token_of(data), HOSTS)
