"""Maintenance status from instance views: classification, lenient parsing, the spec's examples
and real ARM recordings (read from ../shared at test time, skipped when absent)."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vmss_maintenance._maintenance_status import (
    InstanceMaintenance,
    MaintenanceState,
    ScaleSetMaintenance,
    Window,
    classify,
    format_time,
    instance_from_scale_set_vm,
    instance_from_vm,
    parse_time,
    scale_set_maintenance,
)

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
MIRROR = Path(os.environ.get("VMSS_SPEC_MIRROR") or SHARED / "azure-rest-api-specs")
STABLE = MIRROR / "specification/compute/resource-manager/Microsoft.Compute/ComputeRP/stable"
RECORDINGS = SHARED / "arm-recordings"
# Every api-version the mirror holds examples for (none when it is absent: the tests skip).
API_VERSIONS = sorted(p.parent.name for p in STABLE.glob("*/examples")) if STABLE.is_dir() else [
    "no-mirror"
]

needs_mirror = pytest.mark.skipif(
    not STABLE.is_dir(),
    reason=f"the Azure spec mirror {MIRROR} is absent (set VMSS_SPEC_MIRROR to use one)",
)
needs_recordings = pytest.mark.skipif(
    not RECORDINGS.is_dir(), reason=f"the ARM recordings {RECORDINGS} are absent"
)

S = MaintenanceState
T0 = datetime(2024, 7, 1, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def status(
    *,
    allowed: object = False,
    pre: tuple[datetime | None, datetime | None] = (T0, T0 + 35 * DAY),
    window: tuple[datetime | None, datetime | None] = (T0 + 36 * DAY, T0 + 37 * DAY),
    code: str | None = "None",
) -> dict[str, Any]:
    """A maintenanceRedeployStatus: self-service window T0..T0+35d, platform window +36d..+37d."""

    def iso(t: datetime | None) -> str | None:
        return None if t is None else t.isoformat()

    return {
        "isCustomerInitiatedMaintenanceAllowed": allowed,
        "preMaintenanceWindowStartTime": iso(pre[0]),
        "preMaintenanceWindowEndTime": iso(pre[1]),
        "maintenanceWindowStartTime": iso(window[0]),
        "maintenanceWindowEndTime": iso(window[1]),
        "lastOperationResultCode": code,
        "lastOperationMessage": None,
    }


# -- classify: every rule --------------------------------------------------------------------


@pytest.mark.parametrize("absent", [None, {}, "text", 3, [], {"unknownField": 1}])
def test_no_maintenance_planned_is_none(absent: object) -> None:
    assert classify(absent, T0) is S.NONE


def test_an_object_with_every_field_null_is_none() -> None:
    nothing = status(allowed=None, pre=(None, None), window=(None, None), code=None)
    assert classify(nothing, T0) is S.NONE


def test_allowed_inside_the_self_service_window_is_eligible() -> None:
    assert classify(status(allowed=True), T0 + DAY) is S.ELIGIBLE


@pytest.mark.parametrize("now", [T0 - DAY, T0 + 35 * DAY, T0 + 40 * DAY])
def test_the_flag_wins_over_the_local_clock(now: datetime) -> None:
    # Azure's flag, computed when it answered, decides; the windows are advisory.
    assert classify(status(allowed=True), now) is S.ELIGIBLE


@pytest.mark.parametrize(("flag", "expected"), [("true", S.ELIGIBLE), ("True", S.ELIGIBLE),
                                                ("false", S.NOT_ALLOWED), (1, S.NOT_ALLOWED),
                                                (None, S.NOT_ALLOWED)])
def test_only_true_means_allowed(flag: object, expected: MaintenanceState) -> None:
    assert classify(status(allowed=flag), T0 + DAY) is expected


def test_before_the_self_service_window_is_scheduled() -> None:
    assert classify(status(), T0 - timedelta(microseconds=1)) is S.SCHEDULED


def test_the_self_service_window_includes_its_start() -> None:
    assert classify(status(), T0) is S.NOT_ALLOWED


def test_the_self_service_window_excludes_its_end() -> None:
    end = T0 + 35 * DAY
    assert classify(status(), end - timedelta(microseconds=1)) is S.NOT_ALLOWED
    assert classify(status(), end) is S.PLATFORM_WINDOW


def test_inside_and_after_the_platform_window() -> None:
    assert classify(status(), T0 + 36 * DAY) is S.PLATFORM_WINDOW
    assert classify(status(), T0 + 37 * DAY) is S.PLATFORM_WINDOW
    assert classify(status(), T0 + 400 * DAY) is S.PLATFORM_WINDOW


def test_platform_window_opened_without_a_self_service_end() -> None:
    only_start = status(pre=(T0, None))
    assert classify(only_start, T0 + 36 * DAY - timedelta(microseconds=1)) is S.NOT_ALLOWED
    assert classify(only_start, T0 + 36 * DAY) is S.PLATFORM_WINDOW


def test_not_allowed_without_any_time() -> None:
    assert classify(status(pre=(None, None), window=(None, None)), T0) is S.NOT_ALLOWED


@pytest.mark.parametrize("now", [T0 - DAY, T0 + DAY, T0 + 36 * DAY])
def test_completed_and_not_allowed_is_completed(now: datetime) -> None:
    # The finished maintenance's windows stay in the view; they mean nothing is pending.
    assert classify(status(code="MaintenanceCompleted"), now) is S.COMPLETED


def test_completed_but_allowed_again_is_eligible() -> None:
    assert classify(status(allowed=True, code="MaintenanceCompleted"), T0) is S.ELIGIBLE


@pytest.mark.parametrize("code", ["RetryLater", "MaintenanceAborted", "None", None])
def test_other_result_codes_do_not_change_the_state(code: str | None) -> None:
    assert classify(status(code=code), T0 + DAY) is S.NOT_ALLOWED
    assert classify(status(allowed=True, code=code), T0 + DAY) is S.ELIGIBLE


def test_naive_now_is_utc() -> None:
    end = (T0 + 35 * DAY).replace(tzinfo=None)
    assert classify(status(), end - timedelta(seconds=1)) is S.NOT_ALLOWED
    assert classify(status(), end) is S.PLATFORM_WINDOW


def test_window_times_with_offsets_and_seven_digits() -> None:
    raw = {
        "isCustomerInitiatedMaintenanceAllowed": False,
        "preMaintenanceWindowStartTime": "2024-07-01T12:00:00.1234567+02:00",  # 10:00:00.123456Z
        "preMaintenanceWindowEndTime": "2024-08-05T10:00:00Z",
    }
    assert classify(raw, datetime(2024, 7, 1, 10, 0, 0, 123455, UTC)) is S.SCHEDULED
    assert classify(raw, datetime(2024, 7, 1, 10, 0, 0, 123456, UTC)) is S.NOT_ALLOWED
    assert classify(raw, datetime(2024, 7, 1, 12, 0, 0, 123456, timezone(timedelta(hours=2)))) \
        is S.NOT_ALLOWED


def test_unparseable_times_count_as_absent() -> None:
    raw = status()
    raw["preMaintenanceWindowStartTime"] = "next tuesday"
    raw["preMaintenanceWindowEndTime"] = 17
    assert classify(raw, T0 - DAY) is S.NOT_ALLOWED  # no start known: not "scheduled"


# -- times -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-07-01T10:00:00.1234567+00:00", datetime(2024, 7, 1, 10, 0, 0, 123456, UTC)),
        ("2024-07-01T10:00:00.9999999Z", datetime(2024, 7, 1, 10, 0, 0, 999999, UTC)),
        ("2024-07-01T10:00:00Z", T0),
        ("2024-07-01T10:00:00z", T0),
        ("2024-07-01T10:00:00", T0),  # naive: UTC
        ("2024-07-01T10:00", T0),
        ("2024-07-01 10:00:00.5", datetime(2024, 7, 1, 10, 0, 0, 500000, UTC)),
        ("2024-07-01T12:30:00+02:30", T0),
        ("2024-07-01T05:00:00-0500", T0),
        ("2024-07-01T12:00:00+02", T0),
        (" 2024-07-01T10:00:00Z ", T0),
    ],
)
def test_parse_time(text: str, expected: datetime) -> None:
    parsed = parse_time(text)
    assert parsed == expected
    assert parsed is not None
    assert parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "text", ["", "2024-13-01T10:00:00Z", "2024-07-02", "yesterday", "2024-07-01T10:00:00+25:00"]
)
def test_parse_time_rejects(text: str) -> None:
    assert parse_time(text) is None


def test_parse_time_refuses_times_past_the_calendar_in_utc() -> None:
    assert parse_time("9999-12-31T23:30:00-01:00") is None
    assert parse_time("0001-01-01T00:30:00+01:00") is None
    assert parse_time("٢٠٢٤-07-01T10:00:00Z") is None  # only ASCII digits


def test_classify_at_the_ends_of_the_calendar() -> None:
    minus_one = timezone(timedelta(hours=-1))
    assert classify(status(), datetime.max.replace(tzinfo=minus_one)) is S.PLATFORM_WINDOW
    assert classify(status(), datetime.min.replace(tzinfo=timezone(timedelta(hours=1)))) is (
        S.SCHEDULED
    )


def test_parse_time_takes_datetimes_and_refuses_other_types() -> None:
    assert parse_time(T0.replace(tzinfo=None)) == T0
    assert parse_time(None) is None
    assert parse_time(1719828000) is None


def test_format_time() -> None:
    assert format_time(T0) == "2024-07-01T10:00:00Z"
    assert format_time(datetime(2024, 7, 1, 12, 0, 0, 5, timezone(timedelta(hours=2)))) == (
        "2024-07-01T10:00:00.000005Z"
    )


# ARM offsets are whole minutes (zoneinfo's historic ones can have seconds, which ISO 8601 lacks).
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
any_time = st.datetimes(timezones=st.none() | offsets)


@given(st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31),
                   timezones=st.none() | offsets))
def test_times_round_trip(value: datetime) -> None:
    expected = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    assert parse_time(format_time(value)) == expected
    assert parse_time(value.isoformat()) == expected


# A small alphabet of what ARM times, codes and names are made of (and a few nasty ones) keeps
# hypothesis from building its full Unicode tables on a fresh checkout (seconds).
text = st.text(alphabet="0123456789-:.+TZz /PowerStateé\x00\u202e", max_size=30)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | text,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(text, children, max_size=4),
    max_leaves=12,
)
status_keys = st.sampled_from(
    [
        "isCustomerInitiatedMaintenanceAllowed",
        "preMaintenanceWindowStartTime",
        "preMaintenanceWindowEndTime",
        "maintenanceWindowStartTime",
        "maintenanceWindowEndTime",
        "lastOperationResultCode",
        "lastOperationMessage",
        "other",
    ]
)
time_like = any_time.map(lambda d: d.isoformat())
status_like = st.dictionaries(
    status_keys, json_values | time_like | st.just("MaintenanceCompleted")
)


@settings(max_examples=60)
@given(status_like | json_values, any_time)
def test_classify_is_total(value: object, now: datetime) -> None:
    assert classify(value, now) in set(S) - {S.UNKNOWN}


vm_like = st.dictionaries(
    st.sampled_from(["id", "name", "instanceId", "zones", "properties", "x"]),
    json_values
    | st.fixed_dictionaries(
        {"instanceView": st.dictionaries(
            st.sampled_from(["maintenanceRedeployStatus", "statuses", "vmHealth",
                             "platformUpdateDomain", "platformFaultDomain"]),
            status_like | json_values,
        )}
    ),
)


@settings(max_examples=40)
@given(vm_like | json_values, vm_like | json_values | st.none())
def test_instances_from_arbitrary_json_never_raise(vm: object, view: object) -> None:
    assert isinstance(instance_from_scale_set_vm(vm, T0), InstanceMaintenance)
    assert isinstance(instance_from_vm(vm, view, T0), InstanceMaintenance)


# -- instances -------------------------------------------------------------------------------

SS_ID = (
    "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web"
)


def scale_set_vm(instance_id: str, view: dict[str, Any] | None) -> dict[str, Any]:
    properties: dict[str, Any] = {"provisioningState": "Succeeded", "unknownField": [1]}
    if view is not None:
        properties["instanceView"] = view
    return {
        "id": f"{SS_ID}/virtualMachines/{instance_id}",
        "name": f"web_{instance_id}",
        "instanceId": instance_id,
        "zones": ["2"],
        "properties": properties,
    }


VIEW: dict[str, Any] = {
    "platformUpdateDomain": 3,
    "platformFaultDomain": 1,
    "maintenanceRedeployStatus": {
        **status(allowed=True, code="RetryLater"),
        "lastOperationMessage": "try again",
    },
    "vmHealth": {"status": {"code": "HealthState/healthy"}},
    "statuses": [
        {"code": "ProvisioningState/updating"},
        {"code": "PowerState/running"},
    ],
}


def test_instance_from_scale_set_vm_reads_every_field() -> None:
    instance = instance_from_scale_set_vm(scale_set_vm("4", VIEW), T0 + DAY)
    assert instance == InstanceMaintenance(
        instance_id="4",
        vm_name="web_4",
        resource_id=f"{SS_ID}/virtualMachines/4",
        state=S.ELIGIBLE,
        self_service_window=Window(T0, T0 + 35 * DAY),
        platform_window=Window(T0 + 36 * DAY, T0 + 37 * DAY),
        last_result_code="RetryLater",
        last_result_message="try again",
        update_domain=3,
        fault_domain=1,
        zone="2",
        power_state="running",
        provisioning_state="updating",
        health="healthy",
    )


def test_instance_without_instance_view_is_unknown() -> None:
    instance = instance_from_scale_set_vm(scale_set_vm("7", None), T0)
    assert instance.state is S.UNKNOWN
    assert instance.instance_id == "7"
    assert instance.provisioning_state == "succeeded"  # from the model's properties
    assert (instance.power_state, instance.update_domain, instance.health) == (None, None, None)
    assert instance.self_service_window is None


def test_instance_id_falls_back_to_the_resource_id_then_name() -> None:
    vm = scale_set_vm("12", {})
    del vm["instanceId"]
    assert instance_from_scale_set_vm(vm, T0).instance_id == "12"
    del vm["id"]
    assert instance_from_scale_set_vm(vm, T0).instance_id == "web_12"
    assert instance_from_scale_set_vm({}, T0).instance_id == ""


def test_empty_instance_view_is_none_not_unknown() -> None:
    instance = instance_from_scale_set_vm(scale_set_vm("0", {}), T0)
    assert instance.state is S.NONE
    assert instance.provisioning_state == "succeeded"


def test_odd_field_types_are_absent() -> None:
    view = {
        "platformUpdateDomain": True,
        "platformFaultDomain": "1",
        "statuses": [None, {"code": 5}, {"code": "PowerState/deallocated"}],
        "vmHealth": {"status": {"code": "Degraded"}},
        "maintenanceRedeployStatus": None,
    }
    vm = {"instanceId": "1", "zones": [], "properties": {"instanceView": view}}
    instance = instance_from_scale_set_vm(vm, T0)
    assert instance.state is S.NONE
    assert (instance.update_domain, instance.fault_domain, instance.zone) == (None, None, None)
    assert instance.power_state == "deallocated"
    assert instance.health == "Degraded"
    assert instance.provisioning_state is None


def test_flexible_vm_uses_its_name_and_the_separate_instance_view() -> None:
    vm = {
        "id": "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute"
        "/virtualMachines/web_a1",
        "name": "web_a1",
        "properties": {"provisioningState": "Succeeded"},
    }
    instance = instance_from_vm(vm, VIEW, T0 + DAY)
    assert (instance.instance_id, instance.vm_name, instance.state) == ("web_a1", "web_a1",
                                                                        S.ELIGIBLE)
    assert instance.provisioning_state == "updating"
    gone = instance_from_vm(vm, None, T0)
    assert (gone.state, gone.provisioning_state, gone.power_state) == (S.UNKNOWN, "succeeded",
                                                                       None)


def test_flexible_vm_falls_back_to_an_embedded_instance_view() -> None:
    vm = {"id": "/x/virtualMachines/web_b2", "properties": {"instanceView": VIEW}}
    instance = instance_from_vm(vm, None, T0 + DAY)
    assert (instance.instance_id, instance.state) == ("web_b2", S.ELIGIBLE)


# -- the scale set ---------------------------------------------------------------------------


def make_instance(instance_id: str, state: MaintenanceState) -> InstanceMaintenance:
    return InstanceMaintenance(
        instance_id=instance_id, vm_name=None, resource_id=None, state=state,
        self_service_window=None, platform_window=None, last_result_code=None,
        last_result_message=None, update_domain=None, fault_domain=None, zone=None,
        power_state=None, provisioning_state=None, health=None,
    )


def assemble(instances: list[InstanceMaintenance], mode: str | None = "Uniform",
             checked_at: datetime = T0) -> ScaleSetMaintenance:
    return scale_set_maintenance(
        instances, subscription_id="sub", resource_group_name="rg", vm_scale_set_name="web",
        orchestration_mode=mode, checked_at=checked_at,
    )


def test_scale_set_orders_instances_and_counts_every_state() -> None:
    result = assemble([make_instance("10", S.ELIGIBLE), make_instance("2", S.SCHEDULED),
                       make_instance("x", S.ELIGIBLE), make_instance("0", S.ELIGIBLE)])
    assert [i.instance_id for i in result.instances] == ["0", "2", "10", "x"]
    assert result.eligible_instance_ids == ("0", "10", "x")
    assert [i.instance_id for i in result.eligible] == ["0", "10", "x"]
    assert [i.instance_id for i in result.pending] == ["0", "2", "10", "x"]
    assert result.counts == {S.ELIGIBLE: 3, S.SCHEDULED: 1, S.PLATFORM_WINDOW: 0,
                             S.NOT_ALLOWED: 0, S.COMPLETED: 0, S.NONE: 0, S.UNKNOWN: 0}
    assert list(result.counts) == list(S)


@pytest.mark.parametrize(("given_mode", "expected"), [(None, "Uniform"), ("uniform", "Uniform"),
                                                      ("FLEXIBLE", "Flexible")])
def test_orchestration_mode(given_mode: str | None, expected: str) -> None:
    assert assemble([], given_mode).orchestration_mode == expected


def test_unknown_orchestration_mode_is_refused_by_name() -> None:
    expected = "'Hybrid' is not known; expected one of Uniform, Flexible"
    with pytest.raises(ValueError, match=expected):
        assemble([], "Hybrid")


def test_checked_at_is_utc() -> None:
    assert assemble([], checked_at=T0.replace(tzinfo=None)).checked_at == T0
    two = timezone(timedelta(hours=2))
    checked = assemble([], checked_at=datetime(2024, 7, 1, 12, 0, tzinfo=two)).checked_at
    assert checked == T0
    assert checked.tzinfo is UTC


def test_pending_states() -> None:
    assert {s for s in S if s.pending} == {S.ELIGIBLE, S.SCHEDULED, S.PLATFORM_WINDOW,
                                           S.NOT_ALLOWED}


# -- the spec's examples ---------------------------------------------------------------------


def example(version: str, name: str) -> dict[str, Any]:
    folder = "virtualMachineScaleSetExamples" if "ScaleSet" in name else "virtualMachineExamples"
    path = STABLE / version / "examples" / folder / name
    if not path.is_file():
        pytest.skip(f"{path} is not in the mirror")
    body: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["responses"]["200"]["body"]
    return body


@needs_mirror
@pytest.mark.parametrize("version", API_VERSIONS)
def test_spec_list_maximum_set(version: str) -> None:
    body = example(version, "VirtualMachineScaleSetVM_List_MaximumSet_Gen.json")
    (item,) = body["value"]
    # Its status says allowed, every time 2021-11-30T12:58:26.531Z, result "None".
    when = datetime(2021, 11, 30, 12, 58, 26, 531000, UTC)
    for now in (when - DAY, when, when + DAY):
        instance = instance_from_scale_set_vm(item, now)
        assert instance.state is S.ELIGIBLE
    assert instance.instance_id == "aaaaaaaaaaaa"
    assert instance.vm_name == "{vmss-vm-name}"
    assert instance.self_service_window == Window(when, when)
    assert instance.platform_window == Window(when, when)
    assert (instance.last_result_code, instance.last_result_message) == ("None", "aaaaaa")
    assert (instance.update_domain, instance.fault_domain, instance.zone) == (23, 14, "a")
    assert instance.provisioning_state == "succeeded"
    assert instance.power_state is None
    assert instance.health == "aaaaaaaaaaaaaaaaaaaaaaa"


@needs_mirror
@pytest.mark.parametrize("version", API_VERSIONS)
def test_spec_list_maximum_set_not_allowed(version: str) -> None:
    item = example(version, "VirtualMachineScaleSetVM_List_MaximumSet_Gen.json")["value"][0]
    item["properties"]["instanceView"]["maintenanceRedeployStatus"][
        "isCustomerInitiatedMaintenanceAllowed"] = False
    when = datetime(2021, 11, 30, 12, 58, 26, 531000, UTC)
    # A zero-length self-service window: before it scheduled, from its start/end on the platform's.
    assert instance_from_scale_set_vm(item, when - timedelta(milliseconds=1)).state is S.SCHEDULED
    assert instance_from_scale_set_vm(item, when).state is S.PLATFORM_WINDOW


@needs_mirror
@pytest.mark.parametrize("version", API_VERSIONS)
def test_spec_scale_set_vm_instance_view(version: str) -> None:
    name = "VirtualMachineScaleSetVM_Get_InstanceViewAutoPlacedOnDedicatedHostGroup.json"
    view = example(version, name)
    vm = {"instanceId": "0", "properties": {"instanceView": view}}
    instance = instance_from_scale_set_vm(vm, T0)
    assert instance.state is S.NONE
    assert (instance.power_state, instance.provisioning_state) == ("running", "succeeded")
    assert (instance.update_domain, instance.fault_domain) == (0, 0)


@needs_mirror
@pytest.mark.parametrize("version", API_VERSIONS)
@pytest.mark.parametrize(
    ("name", "domains"),
    [("VirtualMachine_Get_InstanceView.json", (1, 1)),
     ("VirtualMachine_Get_InstanceViewAutoPlacedOnDedicatedHostGroup.json", (None, None))],
)
def test_spec_vm_instance_view(version: str, name: str, domains: tuple[int | None, ...]) -> None:
    view = example(version, name)
    instance = instance_from_vm({"name": "myVM"}, view, T0)
    assert (instance.instance_id, instance.state) == ("myVM", S.NONE)
    assert (instance.power_state, instance.provisioning_state) == ("running", "succeeded")
    assert (instance.update_domain, instance.fault_domain) == domains


# -- real ARM recordings ---------------------------------------------------------------------


def recording(name: str) -> list[dict[str, Any]]:
    path = RECORDINGS / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    entries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return entries


def body_of(entry: dict[str, Any]) -> Any:
    body = entry["response"]["body"]
    return json.loads(body) if isinstance(body, str) else body


@needs_recordings
def test_recorded_vmss_vm_instance_views() -> None:
    entries = recording("pysdk_vmss_perform_maintenance_409_and_vm_instanceview.json")
    gone, present = entries[0], entries[1]
    assert gone["response"]["status"] == 404
    vm = {"instanceId": "0"}
    assert instance_from_scale_set_vm(vm, T0).state is S.UNKNOWN
    view = body_of(present)
    instance = instance_from_scale_set_vm({"instanceId": "1", "properties": {"instanceView": view}},
                                          T0)
    assert instance.state is S.NONE
    assert (instance.power_state, instance.provisioning_state) == ("running", "succeeded")
    assert (instance.update_domain, instance.fault_domain) == (1, 1)


@needs_recordings
def test_recorded_stopped_vm_and_listing_without_instance_views() -> None:
    entries = recording("xplatcli_vmss_vm_poweroff_start_restart_deallocate_instanceview.json")
    by_uri = {e["request"]["uri"].split("?")[0].rsplit("/", 1)[1]: e for e in entries
              if e["request"]["method"] == "GET"}
    view = body_of(by_uri["instanceView"])  # CRLF-formatted text, as Compute writes it
    stopped = instance_from_scale_set_vm({"instanceId": "0", "properties": {"instanceView": view}},
                                         T0)
    assert (stopped.state, stopped.power_state, stopped.update_domain) == (S.NONE, "stopped", 0)
    listing = body_of(by_uri["virtualMachines"])["value"]
    instances = [instance_from_scale_set_vm(vm, T0) for vm in listing]
    assert instances
    assert all(i.state is S.UNKNOWN for i in instances)  # listed without $expand=instanceView
    assert all(i.provisioning_state == "succeeded" for i in instances)
    assert [i.instance_id for i in instances] == [vm["instanceId"] for vm in listing]


def test_window_times_are_utc() -> None:
    two = timezone(timedelta(hours=2))
    window = Window(T0.replace(tzinfo=None), datetime(2024, 7, 1, 14, 0, tzinfo=two))
    assert window == Window(T0, T0 + timedelta(hours=2))
    assert window.start is not None
    assert window.end is not None
    assert (window.start.tzinfo, window.end.tzinfo) == (UTC, UTC)


def test_window_predicates_at_the_boundaries() -> None:
    window = Window(T0, T0 + DAY)
    just_before = T0 - timedelta(microseconds=1)
    assert (window.opens_later(just_before), window.has_opened(just_before)) == (True, False)
    assert (window.opens_later(T0), window.has_opened(T0)) == (False, True)
    assert window.is_over(T0 + DAY - timedelta(microseconds=1)) is False
    assert window.is_over(T0 + DAY) is True
    unbounded = Window(None, None)
    assert (unbounded.opens_later(T0), unbounded.has_opened(T0), unbounded.is_over(T0)) == (
        False, False, False)


@pytest.mark.parametrize(("from_view", "from_model", "expected"),
                         [(0, 2, 0), (None, 2, 2), (None, 0, 0), ("1", None, None)])
def test_fault_domain_from_the_instance_view_else_the_model(
    from_view: object, from_model: object, expected: int | None
) -> None:
    vm = {"name": "web_a1", "properties": {"platformFaultDomain": from_model}}
    view = {"platformFaultDomain": from_view, "statuses": []}
    assert instance_from_vm(vm, view, T0).fault_domain == expected
