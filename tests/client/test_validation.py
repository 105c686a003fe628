"""Names, ids and resource ids: what is refused before anything is sent, and the one shape a
performMaintenance request may have (issue 8, rows 1, 4, 12, 13, 14, 15)."""

from __future__ import annotations

import asyncio
import time
from typing import Any
from urllib.parse import quote

import pytest
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    SUB,
    VMSS,
    FakeArm,
    FakeCredential,
    make_async_client,
    make_client,
    reply,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vmss_maintenance import MaintenanceClient, _validation
from vmss_maintenance._adapter import API_VERSION
from vmss_maintenance.errors import InvalidArgumentError

PROVIDER = "providers/Microsoft.Compute/virtualMachineScaleSets"


def expected_path(group: str, name: str, sub: str = SUB) -> bytes:
    """The operation's path with each segment percent-encoded, and its query."""
    return (
        f"/subscriptions/{quote(sub, safe='')}/resourceGroups/{quote(group, safe='')}"
        f"/{PROVIDER}/{quote(name, safe='')}/performMaintenance?api-version={API_VERSION}"
    ).encode()


def scale_set_id(group: str, name: str) -> str:
    return f"/subscriptions/{SUB}/resourceGroups/{group}/{PROVIDER}/{name}"


def perform_sync(group: str, name: str, *, by_id: bool = False) -> FakeArm:
    arm = FakeArm(reply(200))
    with make_client(arm, FakeClocks()) as client:
        if by_id:
            client.perform_maintenance_by_id(scale_set_id(group, name))
        else:
            client.perform_maintenance(group, name)
    return arm


def perform_async(group: str, name: str, *, by_id: bool = False) -> FakeArm:
    arm = FakeArm(reply(200))

    async def run() -> None:
        async with make_async_client(arm, FakeClocks()) as client:
            if by_id:
                await client.perform_maintenance_by_id(scale_set_id(group, name))
            else:
                await client.perform_maintenance(group, name)

    asyncio.run(run())
    return arm


PERFORMERS = [perform_sync, perform_async]
FORMS = [pytest.param(False, id="names"), pytest.param(True, id="id")]


# -- row 1: dot segments never move the request ---------------------------------------------


def begin(arm: FakeArm, asynchronous: bool, by_id: bool, group: str, name: str) -> None:
    """Start an operation (sync or async, by names or by resource id) over ``arm``."""
    if not asynchronous:
        with make_client(arm, FakeClocks()) as client:
            if by_id:
                client.begin_perform_maintenance_by_id(scale_set_id(group, name))
            else:
                client.begin_perform_maintenance(group, name)
        return

    async def run() -> None:
        async with make_async_client(arm, FakeClocks()) as client:
            if by_id:
                await client.begin_perform_maintenance_by_id(scale_set_id(group, name))
            else:
                await client.begin_perform_maintenance(group, name)

    asyncio.run(run())


SYNC_ASYNC = [pytest.param(False, id="sync"), pytest.param(True, id="async")]


@pytest.mark.parametrize("asynchronous", SYNC_ASYNC)
@pytest.mark.parametrize("by_id", FORMS)
@pytest.mark.parametrize(
    ("group", "name"),
    [("..", VMSS), (".", VMSS), (GROUP, ".."), (GROUP, "."), ("rg.", VMSS), (GROUP, "vmss.")],
)
def test_dot_segments_and_trailing_periods_are_refused(
    asynchronous: bool, by_id: bool, group: str, name: str
) -> None:
    arm = FakeArm()  # with no reply, any request fails the test: nothing may be sent
    with pytest.raises(InvalidArgumentError, match="period"):
        begin(arm, asynchronous, by_id, group, name)
    assert arm.requests == []


@pytest.fixture
def no_name_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Switch name validation off, to show the request-shape guard on its own."""
    monkeypatch.setattr(_validation, "resource_group_name", lambda value: value)
    monkeypatch.setattr(_validation, "scale_set_name", lambda value: value)


@pytest.mark.usefixtures("no_name_checks")
@pytest.mark.parametrize("asynchronous", SYNC_ASYNC)
@pytest.mark.parametrize("by_id", FORMS)
@pytest.mark.parametrize(("group", "name"), [("..", VMSS), (GROUP, ".."), (".", ".")])
def test_the_request_guard_refuses_a_path_that_changed_shape(
    asynchronous: bool, by_id: bool, group: str, name: str
) -> None:
    arm = FakeArm()
    with pytest.raises(InvalidArgumentError, match="refusing to send POST"):
        begin(arm, asynchronous, by_id, group, name)
    assert arm.requests == []


def test_the_guard_allows_an_endpoint_with_a_base_path(clocks: FakeClocks) -> None:
    arm = FakeArm(reply(200))
    with make_client(arm, clocks, endpoint="https://management.azure.com/arm/") as client:
        client.perform_maintenance("grp(1)", "vmss-é")
    assert arm.requests[0].url.raw_path == b"/arm" + expected_path("grp(1)", "vmss-é")


# -- row 14: Azure's naming rules ------------------------------------------------------------


@pytest.mark.parametrize(
    "group", ["rg.", "\u200b", "a;b", "a<b>", "a&b", 'a"b', "a b", "a+b", "a@b", "a'b", "-" * 91]
)
def test_resource_group_names_outside_azures_rules_are_refused(
    clocks: FakeClocks, group: str
) -> None:
    arm = FakeArm()
    with (
        make_client(arm, clocks) as client,
        pytest.raises(InvalidArgumentError, match="resource group name") as info,
    ):
        client.begin_perform_maintenance(group, VMSS)
    assert "allowed" in str(info.value) or "period" in str(info.value)
    assert arm.requests == []


@pytest.mark.parametrize(
    "name",
    ["vmss.", "vmss-", "_vmss", "\u200b", "a;b", "a<b>", "a&b", 'a"b', "a(b)", "a'b", "v" * 65],
)
def test_scale_set_names_outside_azures_rules_are_refused(clocks: FakeClocks, name: str) -> None:
    arm = FakeArm()
    with (
        make_client(arm, clocks) as client,
        pytest.raises(InvalidArgumentError, match="scale set name"),
    ):
        client.begin_perform_maintenance(GROUP, name)
    assert arm.requests == []


@pytest.mark.parametrize(
    ("group", "name"),
    [
        ("g" * 90, "v" * 64),
        ("(rg)_x-1.2", "a_b-c.d"),
        ("Grupo_Ñ.1", "vmss-é"),
        (".rg", "vm.ss_1"),
        ("组", "名前"),
        ("x", "9"),
    ],
)
def test_names_within_azures_rules_are_sent_percent_encoded(group: str, name: str) -> None:
    for perform in PERFORMERS:
        arm = perform(group, name)
        assert [r.url.raw_path for r in arm.requests] == [expected_path(group, name)]


# -- row 4: text that is not Unicode ---------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("rg\udcff", VMSS), (GROUP, "a\ud800"), (GROUP, VMSS, ["1\udcff"])],
)
def test_lone_surrogates_are_invalid_arguments(clocks: FakeClocks, args: tuple[Any, ...]) -> None:
    arm = FakeArm()
    with make_client(arm, clocks) as client, pytest.raises(InvalidArgumentError):
        client.begin_perform_maintenance(*args)
    assert arm.requests == []


@pytest.mark.parametrize(
    "resource_id",
    [
        scale_set_id("rg\udcff", VMSS),
        scale_set_id(GROUP, "a\ud800"),
        f"/subscriptions/{SUB[:-1]}\udcff/resourceGroups/{GROUP}/{PROVIDER}/{VMSS}",
    ],
)
def test_lone_surrogates_in_resource_ids_are_invalid_arguments(
    clocks: FakeClocks, resource_id: str
) -> None:
    arm = FakeArm()
    with make_client(arm, clocks) as client, pytest.raises(InvalidArgumentError) as info:
        client.begin_perform_maintenance_by_id(resource_id)
    str(info.value).encode("utf-8")  # the message itself can be printed
    assert arm.requests == []


# -- rows 12 and 13: instance ids --------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    ["-1", "a", "*", "1.5", "0,1", " 1", "1 ", "+1", "\u0661", "\u00b2", "0x1", "9" * 11,
     "2147483648"],
)  # fmt: skip
def test_instance_ids_must_be_non_negative_decimal_numbers(clocks: FakeClocks, bad: str) -> None:
    arm = FakeArm()
    with (
        make_client(arm, clocks) as client,
        pytest.raises(InvalidArgumentError, match="instance id"),
    ):
        client.begin_perform_maintenance(GROUP, VMSS, [bad])
    assert arm.requests == []


def test_a_long_bad_id_is_trimmed_in_the_message(clocks: FakeClocks) -> None:
    long_id = "1" * 5000
    with make_client(FakeArm(), clocks) as client, pytest.raises(InvalidArgumentError) as info:
        client.begin_perform_maintenance(GROUP, VMSS, [long_id])
    message = str(info.value)
    assert long_id not in message
    assert len(message) < 300
    assert "5000 characters" in message


def test_long_bad_names_are_trimmed_in_the_message(clocks: FakeClocks) -> None:
    with make_client(FakeArm(), clocks) as client, pytest.raises(InvalidArgumentError) as info:
        client.begin_perform_maintenance("g" * 10_000, VMSS)
    assert len(str(info.value)) < 300


def test_ids_are_sent_in_canonical_decimal_form(clocks: FakeClocks) -> None:
    arm = FakeArm(reply(200))
    with make_client(arm, clocks) as client:
        result = client.perform_maintenance(GROUP, VMSS, ["007", 3, "2147483647"])
    assert result.instance_ids == ("7", "3", "2147483647")
    assert arm.requests[0].content == b'{"instanceIds":["7","3","2147483647"]}'


def test_the_same_id_in_two_spellings_is_a_duplicate(clocks: FakeClocks) -> None:
    with (
        make_client(FakeArm(), clocks) as client,
        pytest.raises(InvalidArgumentError, match="'7' is given more than once"),
    ):
        client.begin_perform_maintenance(GROUP, VMSS, ["7", 7])


def test_a_thousand_ids_are_accepted_and_more_are_refused(clocks: FakeClocks) -> None:
    arm = FakeArm(reply(200))
    with make_client(arm, clocks) as client:
        result = client.perform_maintenance(GROUP, VMSS, range(1000))
        assert result.instance_ids == tuple(str(n) for n in range(1000))
        with pytest.raises(InvalidArgumentError, match="more than 1000 instance ids"):
            client.begin_perform_maintenance(GROUP, VMSS, range(1001))
    assert len(arm.requests) == 1


def test_the_id_checks_are_linear() -> None:
    # 1,000 distinct ids and a generator of a million: both answered at once (a quadratic
    # duplicate check took seconds; an uncapped one read the whole generator).
    started = time.perf_counter()
    for _ in range(20):
        _validation.instance_ids(str(n) for n in range(1000))
    with pytest.raises(InvalidArgumentError):
        _validation.instance_ids(str(n) for n in range(1_000_000))
    assert time.perf_counter() - started < 1.0


# -- row 15 (library): the subscription id -----------------------------------------------------


@pytest.mark.parametrize("empty", ["", "   "])
def test_an_empty_subscription_id_is_refused_clearly(empty: str) -> None:
    with pytest.raises(InvalidArgumentError, match=r"subscription id .* is empty"):
        MaintenanceClient(FakeCredential(), empty, transport=FakeArm())


# -- property: every name either is refused or builds exactly the templated path ---------------

NAMES = st.one_of(
    st.text(min_size=0, max_size=12),
    st.text(alphabet=st.sampled_from("./\\%?#-_()aZ0é \u200b"), min_size=1, max_size=6),
    st.sampled_from([".", "..", "...", "%2e%2e", "%2E", ".%2e", "a/..", "./a"]),
)


def check_name_pair(perform: Any, group: str, name: str) -> None:
    try:
        arm = perform(group, name)
    except InvalidArgumentError:
        return
    assert [r.url.raw_path for r in arm.requests] == [expected_path(group, name)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(group=NAMES, name=NAMES)
def test_property_names_are_refused_or_build_the_templated_path_sync(group: str, name: str) -> None:
    check_name_pair(perform_sync, group, name)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(group=NAMES, name=NAMES)
def test_property_names_are_refused_or_build_the_templated_path_async(
    group: str, name: str
) -> None:
    check_name_pair(perform_async, group, name)


IDS = st.lists(
    st.one_of(st.integers(min_value=-5, max_value=3_000_000_000), st.text(max_size=12)),
    max_size=5,
)


@settings(max_examples=150, deadline=None)
@given(ids=IDS)
def test_property_instance_ids_are_refused_or_sent_as_decimals(ids: list[Any]) -> None:
    try:
        checked = _validation.instance_ids(ids)
    except InvalidArgumentError:
        return
    assert checked is not None
    assert len(set(checked)) == len(checked) == len(ids)
    for given_id, sent in zip(ids, checked, strict=True):
        assert sent == str(int(given_id))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(group=NAMES, name=NAMES, asynchronous=st.booleans())
def test_property_the_guard_alone_keeps_the_templated_path(
    group: str, name: str, asynchronous: bool
) -> None:
    # With the name checks switched off, only the request guard stands between a name and
    # the path: it must still refuse every request that would not be the templated path.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_validation, "resource_group_name", lambda value: value)
        patch.setattr(_validation, "scale_set_name", lambda value: value)
        check_name_pair(perform_async if asynchronous else perform_sync, group, name)
