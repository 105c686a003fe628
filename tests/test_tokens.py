"""Continuation tokens: compact (issue 8, row 25) and checked field by field on decode, as the
original call was (row 17): tampered or random tokens only ever raise the library's error."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import zlib
from typing import Any

import pytest
from fake_arm import (
    ARM,
    GROUP,
    RESULT_URL,
    SECRET,
    STATUS_URL,
    VMSS,
    FakeArm,
    FakeClock,
    accepted,
    encode_token,
    make_async_client,
    make_client,
    op_status,
    reply,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vmss_maintenance import MaintenancePoller, _validation
from vmss_maintenance._continuation import decode, encode
from vmss_maintenance.errors import InvalidArgumentError, MaintenanceError


def running_token(instance_ids: list[str] | None = None) -> str:
    """The token of an operation that is polling its Azure-AsyncOperation URL."""
    arm = FakeArm(accepted())
    with make_client(arm, FakeClock()) as client:
        return client.begin_perform_maintenance(GROUP, VMSS, instance_ids).continuation_token()


def fields(token: str | None = None) -> dict[str, Any]:
    return decode(token or running_token(["0", "3"]))


def inflated(token: str) -> dict[str, Any]:
    """The JSON object inside a current-format token."""
    body = token.removeprefix("vmss1.")
    raw = zlib.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    data: dict[str, Any] = json.loads(raw)
    return data


def raw_token(payload: bytes) -> str:
    return "vmss1." + base64.urlsafe_b64encode(payload).rstrip(b"=").decode()


def resume(token: Any, arm: FakeArm | None = None) -> MaintenancePoller:
    with make_client(arm or FakeArm(), FakeClock()) as client:
        return client.resume(token)


# -- row 25: compact tokens, and the first format still read ---------------------------------


def test_a_token_is_compact_and_holds_each_url_once() -> None:
    token = running_token(["0", "3"])
    assert len(token) < 700  # the first format: about 1,650 characters for the same operation
    data = inflated(token)
    assert data["v"] == 2
    assert sorted(data["u"]) == sorted(
        [STATUS_URL, RESULT_URL, f"{ARM}/subscriptions/{data['s']}/resourceGroups/{GROUP}"
         f"/providers/Microsoft.Compute/virtualMachineScaleSets/{VMSS}/performMaintenance"
         f"?api-version={data['a']}"]
    )  # fmt: skip
    assert data["u"][data["nu"]] == data["u"][data["su"]] == STATUS_URL
    text = json.dumps(data)
    assert SECRET not in text
    assert "Bearer" not in text


def test_a_token_for_a_thousand_ids_stays_small() -> None:
    token = running_token([str(n) for n in range(1000)])
    assert len(token) < 4000
    assert decode(token)["instance_ids"] == [str(n) for n in range(1000)]


@pytest.mark.parametrize("asynchronous", [False, True])
def test_a_token_of_the_first_format_still_resumes(asynchronous: bool) -> None:
    old = encode_token(fields())  # the long-named JSON the first release wrote
    assert json.loads(base64.urlsafe_b64decode(old[6:] + "==="))["phase"] == "status"
    arm = FakeArm(op_status("Succeeded", end="2024-05-01T10:05:00Z"), reply(200))
    if asynchronous:

        async def run() -> Any:
            async with make_async_client(arm, FakeClock()) as client:
                return await (await client.resume(old)).result()

        result = asyncio.run(run())
    else:
        with make_client(arm, FakeClock()) as client:
            result = client.resume(old).result()
    assert (result.status, result.instance_ids) == ("Succeeded", ("0", "3"))
    assert arm.calls == [("GET", STATUS_URL), ("GET", RESULT_URL)]


def test_a_token_round_trips_every_field() -> None:
    data = fields()
    assert decode(encode(data)) == data


# -- row 17: every field checked -------------------------------------------------------------

TAMPERED = [
    ({"phase": "done", "status": "Failed", "next_url": None}, "phase 'done'"),
    ({"phase": "done", "status": "Succeeded"}, "phase 'done'"),
    ({"phase": "final", "status": "InProgress"}, "phase 'final'"),
    ({"status": "Succeeded"}, "still polling"),
    ({"next_url": None}, "needs a next URL"),
    ({"status_url": None}, "status_url"),
    ({"next_url": RESULT_URL}, "status_url"),
    ({"phase": "location", "location_url": None, "next_url": None}, "needs a next URL"),
    ({"polls": -5}, "polls"),
    ({"polls": 10**12}, "polls"),
    ({"started": -1}, "started"),
    ({"started": 1e300}, "started"),
    ({"resource_group_name": "\x1b]0;owned\x07"}, "resource group name"),
    ({"vm_scale_set_name": "web\nvmss"}, "scale set name"),
    ({"vm_scale_set_name": ".."}, "scale set name"),
    ({"resource_group_name": "rg\ud800"}, "resource group name"),
    ({"subscription_id": "not-a-guid"}, "GUID"),
    ({"instance_ids": ["-1"]}, "instance id"),
    ({"instance_ids": ["1", "1"]}, "more than once"),
    ({"instance_ids": [1]}, "instance ids"),
    ({"instance_ids": []}, "empty"),
    ({"status": "In\x1bProgress"}, "status"),
    ({"status": ""}, "status"),
    ({"service_request_id": "a\nb"}, "service_request_id"),
    ({"client_request_id": "abc"}, "client_request_id"),
    ({"api_version": "2024-07-01\n"}, "api_version"),
    ({"final_state_via": "somewhere"}, "final_state_via"),
    ({"status_url": "/relative", "next_url": "/relative"}, "status_url"),
    ({"status_url": "javascript:alert(1)", "next_url": "javascript:alert(1)"}, "status_url"),
    ({"original_url": "https://x\u00e9.example/"}, "original_url"),
    ({"phase": "initial"}, "phase"),
    ({"original_url": f"{ARM}/subscriptions/x/resourceGroups/{GROUP}/providers/Microsoft.Compute"
                      f"/virtualMachineScaleSets/other/performMaintenance"}, "original URL"),
    ({"vm_scale_set_name": "other"}, "original URL"),
]


@pytest.mark.parametrize("old_format", [False, True])
@pytest.mark.parametrize(("edit", "why"), TAMPERED)
def test_tampered_fields_are_refused_and_nothing_is_sent(
    edit: dict[str, Any], why: str, old_format: bool
) -> None:
    data = {**fields(), **edit}
    token = encode_token(data) if old_format else encode(data)
    arm = FakeArm()
    with pytest.raises(InvalidArgumentError, match="continuation token is damaged") as info:
        resume(token, arm)
    assert why in str(info.value)
    assert "\x1b" not in str(info.value)
    assert "\n" not in str(info.value)
    assert arm.requests == []


def deep(depth: int) -> bytes:
    return b'{"a":' + b"[" * depth + b"]" * depth + b"}"


@pytest.mark.parametrize(
    "token",
    [
        raw_token(deep(5000)),  # first format: JSON text
        raw_token(zlib.compress(deep(100_000))),  # current format
        raw_token(zlib.compress(b" " * 10_000_000)),  # inflates far past any token
        raw_token(zlib.compress(b'{"v":2}')[:-3]),  # cut short
        raw_token(zlib.compress(b'{"v":2}') + b"junk"),
        raw_token(zlib.compress(b'{"v":3}')),
        raw_token(zlib.compress(b"[1, 2]")),
        raw_token(zlib.compress(b'{"v":2, "started": NaN}')),
        raw_token(b"\xff\xfe"),
        "vmss1." + "A" * 40_000,
        "vmss1.e30=",
        "vmss1.e3 0",
        running_token()[:-5],
    ],
)
def test_malformed_tokens_are_refused_without_a_traceback(token: str) -> None:
    with pytest.raises(InvalidArgumentError, match="continuation token"):
        resume(token)


def test_a_url_list_must_match_its_references() -> None:
    token = running_token()
    data = inflated(token)
    for edit in ({"u": [*data["u"], "https://management.azure.com/x"]}, {"nu": 7}, {"su": True}):
        tampered = raw_token(zlib.compress(json.dumps({**data, **edit}).encode()))
        with pytest.raises(InvalidArgumentError, match="damaged"):
            resume(tampered)


def test_a_status_no_token_can_hold_is_written_as_in_progress() -> None:
    arm = FakeArm(accepted(), op_status("Run\x1bning"))
    with make_client(arm, FakeClock()) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        poller.wait(timeout=10)
        assert poller.status() == "Run\x1bning"
        assert client.resume(poller.continuation_token()).status() == "InProgress"


# -- properties ------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
VALID = fields()
FIELDS = sorted(VALID)
URLS = st.sampled_from(
    [STATUS_URL, RESULT_URL, None, "https://evil.example.com/x", f"{ARM}/", "http://127.0.0.1/"]
)
PLAUSIBLE = {
    "phase": st.sampled_from(["status", "location", "final", "done", "initial"]),
    "status": st.sampled_from(["InProgress", "Succeeded", "Failed", "Canceled", "Running"]),
    "status_url": URLS,
    "location_url": URLS,
    "next_url": URLS,
    "original_url": URLS,
    "final_state_via": st.sampled_from(["location", "original-uri", "azure-async-operation"]),
    "polls": st.integers(min_value=-3, max_value=3),
}


@st.composite
def tampered_fields(draw: st.DrawFn) -> dict[str, Any]:
    """A valid token's fields with some of the state fields set to plausible values (the
    likeliest way to an inconsistent state) and others to any JSON."""
    data = dict(VALID)
    for name in draw(st.lists(st.sampled_from(sorted(PLAUSIBLE)), max_size=4, unique=True)):
        data[name] = draw(PLAUSIBLE[name])
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=2, unique=True)):
        data[name] = draw(JSON_VALUES)
    return data


def assert_consistent(poller: MaintenancePoller) -> None:
    """What a resumed poller shows is what a real operation could have shown."""
    assert _validation.resource_group_name(poller.resource_group_name)
    assert _validation.scale_set_name(poller.vm_scale_set_name)
    assert poller.polls >= 0
    if poller.done():
        assert poller.status() == "Succeeded"
        assert poller.next_poll_in() is None
    else:
        assert poller.status() != "Succeeded" or poller.next_poll_in() is not None


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=tampered_fields(), old_format=st.booleans())
def test_property_tampered_tokens_are_refused_or_consistent(
    data: dict[str, Any], old_format: bool
) -> None:
    try:
        token = encode_token(data) if old_format else encode(data)
    except (TypeError, ValueError):  # not even JSON: no token can hold it
        return
    arm = FakeArm(*[op_status("Succeeded") for _ in range(3)])
    try:
        with make_client(arm, FakeClock()) as client:
            poller = client.resume(token)
            assert_consistent(poller)
            with contextlib.suppress(MaintenanceError):
                poller.wait(timeout=30)
            assert_consistent(poller)
    except MaintenanceError:
        pass
    assert {request.url.host for request in arm.requests} <= {"management.azure.com"}


@settings(max_examples=200, deadline=None)
@given(
    token=st.one_of(
        st.text(max_size=60),
        st.text(max_size=60).map(lambda text: "vmss1." + text),
        st.binary(max_size=200).map(raw_token),
        st.binary(max_size=200).map(lambda raw: raw_token(zlib.compress(raw))),
        JSON_VALUES.map(lambda value: raw_token(zlib.compress(json.dumps(value).encode()))),
    )
)
def test_property_random_tokens_raise_only_the_librarys_error(token: str) -> None:
    with pytest.raises(InvalidArgumentError):
        resume(token)


def test_a_service_request_id_no_token_can_hold_is_left_out() -> None:
    arm = FakeArm(accepted(request_id="x" * 300))
    with make_client(arm, FakeClock()) as client:
        poller = client.begin_perform_maintenance(GROUP, VMSS)
        resumed = client.resume(poller.continuation_token())
    assert resumed.request_id == arm.requests[0].headers["x-ms-client-request-id"]
