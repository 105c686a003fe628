"""Scale sets, VM lists, instance views, maintenance on the emulator's clock, Flexible scale sets,
gone instances and read throttling: against the pure core (``ArmEmulator.handle``, no I/O) and
over HTTP on 127.0.0.1. Clocks are injected; nothing sleeps."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from vmss_maintenance_emulator import (
    SAMPLE_FLEXIBLE_SCALE_SET,
    SAMPLE_RESOURCE_GROUP,
    SAMPLE_SCALE_SET,
    SAMPLE_SUBSCRIPTION_ID,
    ArmEmulator,
    Incoming,
    Instance,
    SeedError,
)
from vmss_maintenance_emulator._paging import decode_skiptoken, encode_skiptoken

SUB, RG = SAMPLE_SUBSCRIPTION_ID, SAMPLE_RESOURCE_GROUP
API = "2024-07-01"
AUTH = {"authorization": "Bearer test-token", "host": "127.0.0.1:1"}
GROUP = f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Compute"
VMSS = f"{GROUP}/virtualMachineScaleSets/{SAMPLE_SCALE_SET}"
FLEX = f"{GROUP}/virtualMachineScaleSets/{SAMPLE_FLEXIBLE_SCALE_SET}"
VM0 = f"{GROUP}/virtualMachines/batch-flex-vm0"
T0 = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
GONE = "The entity was not found in this Azure location."


class Clocks:
    """The emulator's two injected clocks, moved together by hand."""

    def __init__(self) -> None:
        self.seconds = 1000.0
        self.moment = T0

    def monotonic(self) -> float:
        return self.seconds

    def now(self) -> dt.datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.seconds += seconds
        self.moment += dt.timedelta(seconds=seconds)


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


def emulator(clocks: Clocks, **options: Any) -> ArmEmulator:
    arm = ArmEmulator(clock=clocks.monotonic, now=clocks.now, **options)
    arm.load_sample()
    return arm


def call(
    arm: ArmEmulator, method: str, path: str, body: Any = None, **query: str
) -> tuple[int, dict[str, str], Any]:
    """One request through the pure core: status, headers (lower-case names), JSON body."""
    headers = dict(AUTH)
    raw = None
    if body is not None:
        raw = json.dumps(body).encode()
        headers["content-type"] = "application/json"
    reply = arm.handle(Incoming(method, path, {"api-version": API, **query}, headers, raw))
    found = {name.lower(): value for name, value in reply.headers}
    return reply.status, found, json.loads(reply.body) if reply.body else None


def view(arm: ArmEmulator, instance_id: str) -> dict[str, Any]:
    status, _, body = call(arm, "GET", f"{VMSS}/virtualMachines/{instance_id}/instanceView")
    assert status == 200, body
    return dict(body)


def codes(instance_view: dict[str, Any]) -> list[str]:
    return [status["code"] for status in instance_view["statuses"]]


def poll_to_end(arm: ArmEmulator, headers: dict[str, str]) -> dict[str, Any]:
    """Poll an operation's Azure-AsyncOperation URL (through the core) until it ends."""
    url = urlsplit(headers["azure-asyncoperation"])
    query = dict(parse_qsl(url.query))
    for _ in range(5):
        status, _, body = call(arm, "GET", url.path, **query)
        assert status == 200
        if body["status"] != "InProgress":
            return dict(body)
    raise AssertionError("the operation did not end")


# -- scale sets -----------------------------------------------------------------------------


def test_get_scale_set_tells_orchestration_mode_sku_and_upgrade_policy(clocks: Clocks) -> None:
    arm = emulator(clocks)
    status, _, uniform = call(arm, "GET", VMSS)
    assert status == 200
    assert uniform["id"] == VMSS
    assert uniform["type"] == "Microsoft.Compute/virtualMachineScaleSets"
    assert uniform["sku"] == {"name": "Standard_D2s_v3", "tier": "Standard", "capacity": 10}
    assert uniform["zones"] == ["1", "2", "3"]
    assert uniform["properties"]["orchestrationMode"] == "Uniform"
    assert uniform["properties"]["upgradePolicy"] == {"mode": "Manual"}
    _, _, flexible = call(arm, "GET", FLEX)
    assert flexible["properties"]["orchestrationMode"] == "Flexible"
    assert flexible["sku"]["capacity"] == 4


def test_list_scale_sets_of_a_resource_group(clocks: Clocks) -> None:
    arm = emulator(clocks)
    arm.add_scale_set(SUB, "other-rg", "elsewhere", ["0"])
    status, _, body = call(arm, "GET", f"{GROUP}/virtualMachineScaleSets")
    assert status == 200
    assert [item["name"] for item in body["value"]] == ["web-vmss", "batch-flex"]
    status, _, missing = call(
        arm, "GET", GROUP.replace(RG, "nowhere-rg") + "/virtualMachineScaleSets"
    )
    assert (status, missing["error"]["code"]) == (404, "ResourceGroupNotFound")


# -- VM lists and paging ----------------------------------------------------------------------


def test_vm_list_pages_by_next_link_with_an_opaque_skiptoken(clocks: Clocks) -> None:
    arm = emulator(clocks, page_size=4)
    query = {"$expand": "instanceView", "$select": "instanceView"}
    status, _, page = call(arm, "GET", f"{VMSS}/virtualMachines", **query)
    seen, sizes = [], []
    while True:
        assert status == 200
        sizes.append(len(page["value"]))
        seen += [vm["instanceId"] for vm in page["value"]]
        if "nextLink" not in page:
            break
        link = urlsplit(page["nextLink"])
        assert link.path == f"{VMSS}/virtualMachines"
        params = dict(parse_qsl(link.query))
        assert params["$expand"] == params["$select"] == "instanceView"
        assert params["api-version"] == API
        assert decode_skiptoken(params["$skiptoken"], f"vmss-vms:{VMSS}") == len(seen)
        status, _, page = call(arm, "GET", link.path, **params)
    assert sizes == [4, 4, 2]
    assert seen == [str(n) for n in range(10)]


def test_select_instance_view_returns_only_the_instance_view(clocks: Clocks) -> None:
    arm = emulator(clocks)
    _, _, selected = call(arm, "GET", f"{VMSS}/virtualMachines", **{"$select": "instanceView"})
    first = selected["value"][0]
    assert list(first["properties"]) == ["instanceView"]
    assert first["name"] == "web-vmss_0"
    assert first["type"] == "Microsoft.Compute/virtualMachineScaleSets/virtualMachines"
    _, _, plain = call(arm, "GET", f"{VMSS}/virtualMachines")
    assert "instanceView" not in plain["value"][0]["properties"]
    assert plain["value"][0]["properties"]["provisioningState"] == "Succeeded"
    _, _, expanded = call(arm, "GET", f"{VMSS}/virtualMachines", **{"$expand": "instanceView"})
    assert {"vmId", "instanceView"} <= set(expanded["value"][0]["properties"])


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"$skiptoken": "not-a-token"}, "$skiptoken"),
        ({"$skiptoken": encode_skiptoken(4, "vms:elsewhere")}, "$skiptoken"),
        ({"$expand": "resources"}, "$expand"),
    ],
)
def test_a_bad_skiptoken_or_expand_is_a_400_naming_it(
    clocks: Clocks, query: dict[str, str], named: str
) -> None:
    status, _, body = call(emulator(clocks), "GET", f"{VMSS}/virtualMachines", **query)
    assert status == 400
    assert body["error"]["code"] == "InvalidParameter"
    assert f"parameter '{named}'" in body["error"]["message"]


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0), st.characters())
def test_a_tampered_token_never_decodes_to_a_bad_offset(offset: int, at: int, char: str) -> None:
    token = encode_skiptoken(offset, "vmss-vms:/x")
    where = at % len(token)
    tampered = token[:where] + char + token[where + 1 :]
    found = decode_skiptoken(tampered, "vmss-vms:/x")  # never raises
    assert found is None or (type(found) is int and found >= 0)
    assert decode_skiptoken(tampered, "vms:/x") is None


@given(st.integers(min_value=0, max_value=10**9), st.text(min_size=1, max_size=30))
def test_skiptoken_round_trip_and_scope(offset: int, listing: str) -> None:
    token = encode_skiptoken(offset, listing)
    assert decode_skiptoken(token, listing) == offset
    assert decode_skiptoken(token, listing + "x") is None


# -- instance views and the maintenance clock -------------------------------------------------


def test_instance_view_shape_domains_and_statuses(clocks: Clocks) -> None:
    arm = emulator(clocks)
    first = view(arm, "7")
    assert (first["platformUpdateDomain"], first["platformFaultDomain"]) == (2, 1)
    assert codes(first) == ["ProvisioningState/succeeded", "PowerState/running"]
    assert "vmHealth" not in first
    assert "maintenanceRedeployStatus" not in view(arm, "6")  # nothing planned
    assert view(arm, "9")["maintenanceRedeployStatus"] == {
        "isCustomerInitiatedMaintenanceAllowed": True,
        "lastOperationResultCode": "RetryLater",
    }
    _, _, listed = call(arm, "GET", f"{VMSS}/virtualMachines", **{"$expand": "instanceView"})
    zones = [vm["zones"] for vm in listed["value"]]
    assert zones[:4] == [["1"], ["2"], ["3"], ["1"]]
    domains = [vm["properties"]["instanceView"]["platformUpdateDomain"] for vm in listed["value"]]
    assert domains == [0, 1, 2, 3, 4, 0, 1, 2, 3, 4]


def test_windows_open_and_close_on_the_emulator_clock(clocks: Clocks) -> None:
    arm = ArmEmulator(clock=clocks.monotonic, now=clocks.now)
    day = dt.timedelta(days=1)
    arm.add_scale_set(
        SUB, RG, SAMPLE_SCALE_SET,
        [Instance("0", window_start=T0 + day, window_end=T0 + 2 * day,
                  platform_window_start=T0 + 2 * day, platform_window_end=T0 + 3 * day)],
    )  # fmt: skip
    allowed = []
    for hours in (0, 24, 36, 48, 60, 80):
        clocks.moment = T0 + dt.timedelta(hours=hours)
        status = view(arm, "0")["maintenanceRedeployStatus"]
        allowed.append(status["isCustomerInitiatedMaintenanceAllowed"])
        assert status["preMaintenanceWindowStartTime"] == "2025-06-02T12:00:00.0000000+00:00"
        assert status["maintenanceWindowEndTime"] == "2025-06-04T12:00:00.0000000+00:00"
        assert status["lastOperationResultCode"] == "None"
    assert allowed == [False, True, True, True, False, False]
    clocks.moment = T0
    status, _, body = call(arm, "POST", f"{VMSS}/performMaintenance", {"instanceIds": ["0"]})
    assert (status, body["error"]["code"]) == (409, "OperationNotAllowed")


def test_sample_has_a_mix_of_states(clocks: Clocks) -> None:
    arm = emulator(clocks)
    allowed = {
        str(n): view(arm, str(n))
        .get("maintenanceRedeployStatus", {})
        .get("isCustomerInitiatedMaintenanceAllowed")
        for n in range(10)
    }
    assert allowed == {
        "0": True, "1": True, "2": True, "3": False, "4": True,
        "5": True, "6": None, "7": False, "8": False, "9": True,
    }  # fmt: skip


def test_maintenance_takes_its_time_then_completes_with_nothing_pending(clocks: Clocks) -> None:
    arm = emulator(clocks, polls_to_complete=None, duration=300)
    status, headers, _ = call(arm, "POST", f"{VMSS}/virtualMachines/0/performMaintenance")
    assert status == 202
    during = view(arm, "0")
    assert codes(during) == ["ProvisioningState/updating", "PowerState/starting"]
    assert during["maintenanceRedeployStatus"]["isCustomerInitiatedMaintenanceAllowed"] is False
    again, _, busy = call(arm, "POST", f"{VMSS}/performMaintenance", {"instanceIds": ["0"]})
    assert again == 409
    assert "is still in progress on this VM" in busy["error"]["message"]
    clocks.advance(299)
    assert codes(view(arm, "0"))[1] == "PowerState/starting"
    clocks.advance(1)
    after = view(arm, "0")
    assert codes(after) == ["ProvisioningState/succeeded", "PowerState/running"]
    assert after["maintenanceRedeployStatus"] == {
        "isCustomerInitiatedMaintenanceAllowed": False,
        "lastOperationResultCode": "MaintenanceCompleted",
        "lastOperationMessage": "Maintenance completed successfully.",
    }
    assert poll_to_end(arm, headers)["status"] == "Succeeded"
    third, _, done = call(arm, "POST", f"{VMSS}/virtualMachines/0/performMaintenance")
    assert third == 409
    assert done["error"]["message"].endswith("since there is no pending maintenance for this VM.")


@pytest.mark.parametrize(
    ("fault", "operation", "result", "power", "health", "pending"),
    [
        ("retry_later", "Failed", "RetryLater", "running", None, True),
        ("maintenance_aborted", "Failed", "MaintenanceAborted", "running", None, True),
        ("unhealthy", "Succeeded", "MaintenanceCompleted", "running", "unhealthy", False),
        ("stays_stopped", "Succeeded", "MaintenanceCompleted", "stopped", None, False),
    ],
)
def test_faults_per_instance(
    clocks: Clocks,
    fault: str,
    operation: str,
    result: str,
    power: str,
    health: str | None,
    pending: bool,
) -> None:
    arm = ArmEmulator(clock=clocks.monotonic, now=clocks.now, polls_to_complete=None, duration=60)
    arm.add_scale_set(SUB, RG, SAMPLE_SCALE_SET, [Instance("0", fault=fault), "1"])
    status, headers, _ = call(
        arm, "POST", f"{VMSS}/performMaintenance", {"instanceIds": ["0", "1"]}
    )
    assert status == 202
    clocks.advance(60)
    ended = poll_to_end(arm, headers)
    assert ended["status"] == operation
    if operation == "Failed":
        assert ended["error"]["code"] == result
        assert "'web-vmss_0'" in ended["error"]["message"]
    faulty, healthy = view(arm, "0"), view(arm, "1")
    assert faulty["maintenanceRedeployStatus"]["lastOperationResultCode"] == result
    assert faulty["maintenanceRedeployStatus"]["isCustomerInitiatedMaintenanceAllowed"] is pending
    assert codes(faulty)[1] == f"PowerState/{power}"
    assert faulty.get("vmHealth", {}).get("status", {}).get("code") == (
        f"HealthState/{health}" if health else None
    )
    assert healthy["maintenanceRedeployStatus"]["lastOperationResultCode"] == (
        "MaintenanceCompleted"
    )


def test_vm_health_when_configured(clocks: Clocks) -> None:
    arm = ArmEmulator(clock=clocks.monotonic, now=clocks.now)
    arm.add_scale_set(SUB, RG, SAMPLE_SCALE_SET, [Instance("0", health="healthy")])
    assert view(arm, "0")["vmHealth"] == {
        "status": {
            "code": "HealthState/healthy",
            "level": "Info",
            "displayStatus": "The VM is reporting healthy",
        }
    }


# -- gone instances ---------------------------------------------------------------------------


def test_an_instance_that_is_gone_is_arms_404(clocks: Clocks) -> None:
    arm = emulator(clocks)
    assert view(arm, "2")["platformUpdateDomain"] == 2
    arm.remove_instance(SUB, RG, SAMPLE_SCALE_SET, "2")
    status, _, body = call(arm, "GET", f"{VMSS}/virtualMachines/2/instanceView")
    assert (status, body) == (
        404,
        {
            "error": {
                "code": "NotFound",
                "message": "The entity was not found in this Azure location.",
            }
        },
    )
    status, _, body = call(arm, "POST", f"{VMSS}/virtualMachines/2/performMaintenance")
    assert (status, body["error"]["code"]) == (404, "NotFound")
    status, _, body = call(arm, "GET", f"{GROUP}/virtualMachines/batch-flex-vm9/instanceView")
    assert (status, body["error"]["code"]) == (404, "ResourceNotFound")
    assert "Microsoft.Compute/virtualMachines/batch-flex-vm9" in body["error"]["message"]
    with pytest.raises(KeyError, match="no instance '2'"):
        arm.remove_instance(SUB, RG, SAMPLE_SCALE_SET, "2")


# -- Flexible scale sets ----------------------------------------------------------------------


def test_vm_list_filtered_by_scale_set_pages_and_expands(clocks: Clocks) -> None:
    arm = emulator(clocks, page_size=3)
    arm.add_scale_set(SUB, RG, "other-flex", ["other-vm0"], orchestration_mode="Flexible")
    query = {"$filter": f"virtualMachineScaleSet/id eq '{FLEX}'", "$expand": "instanceView"}
    status, _, page = call(arm, "GET", f"{GROUP}/virtualMachines", **query)
    assert status == 200
    names = [vm["name"] for vm in page["value"]]
    link = urlsplit(page["nextLink"])
    params = dict(parse_qsl(link.query))
    assert params["$filter"] == query["$filter"]
    _, _, rest = call(arm, "GET", link.path, **params)
    names += [vm["name"] for vm in rest["value"]]
    assert "nextLink" not in rest
    assert names == [f"batch-flex-vm{n}" for n in range(4)]
    vm = page["value"][0]
    assert vm["type"] == "Microsoft.Compute/virtualMachines"
    assert vm["id"] == f"{GROUP}/virtualMachines/batch-flex-vm0"
    assert vm["properties"]["virtualMachineScaleSet"] == {"id": FLEX}
    assert vm["properties"]["instanceView"]["maintenanceRedeployStatus"][
        "isCustomerInitiatedMaintenanceAllowed"
    ]
    _, _, everything = call(arm, "GET", f"{GROUP}/virtualMachines", **{"$top": "x"})
    assert len(everything["value"]) == 3  # first page of all Flexible VMs of the group


def test_an_unsupported_filter_is_a_400(clocks: Clocks) -> None:
    status, _, body = call(
        emulator(clocks), "GET", f"{GROUP}/virtualMachines", **{"$filter": "name eq 'x'"}
    )
    assert status == 400
    assert "virtualMachineScaleSet/id eq" in body["error"]["message"]


def test_vm_perform_maintenance_is_a_long_running_operation(clocks: Clocks) -> None:
    arm = emulator(clocks, polls_to_complete=2)
    status, headers, _ = call(
        arm, "POST", f"{GROUP}/virtualMachines/batch-flex-vm0/performMaintenance"
    )
    assert status == 202
    assert headers["retry-after"] == "1"
    _, _, during = call(arm, "GET", f"{GROUP}/virtualMachines/batch-flex-vm0/instanceView")
    assert codes(during) == ["ProvisioningState/updating", "PowerState/starting"]
    assert poll_to_end(arm, headers)["status"] == "Succeeded"
    _, _, after = call(arm, "GET", f"{GROUP}/virtualMachines/BATCH-FLEX-VM0/instanceView")
    assert after["maintenanceRedeployStatus"]["lastOperationResultCode"] == "MaintenanceCompleted"
    (operation,) = arm.operations
    assert (operation.scale_set, operation.instance_ids) == ("batch-flex", ("batch-flex-vm0",))
    refused, _, body = call(
        arm, "POST", f"{GROUP}/virtualMachines/batch-flex-vm3/performMaintenance"
    )
    assert refused == 409
    assert "no pending maintenance" in body["error"]["message"]


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("POST", "/performMaintenance"),
        ("GET", "/virtualMachines"),
        ("GET", "/virtualMachines/batch-flex-vm0/instanceView"),
    ],
)
def test_scale_set_level_operations_on_a_flexible_scale_set_are_refused(
    clocks: Clocks, method: str, suffix: str
) -> None:
    arm = emulator(clocks)
    status, _, body = call(arm, method, FLEX + suffix)
    assert status == 409
    assert body["error"]["code"] == "OperationNotAllowed"
    assert "orchestration mode is 'Flexible'" in body["error"]["message"]
    assert arm.operations == []


# -- read throttling --------------------------------------------------------------------------


def test_reads_count_down_per_minute_then_429_with_retry_after(clocks: Clocks) -> None:
    arm = emulator(clocks, reads_per_minute=3)
    path = f"{VMSS}/virtualMachines"
    left = []
    for _ in range(3):
        status, headers, _ = call(arm, "GET", path)
        assert status == 200
        left.append(headers["x-ms-ratelimit-remaining-resource"])
    assert left == [f"Microsoft.Compute/GetVMScaleSetVM1Min;{n}" for n in (2, 1, 0)]
    clocks.advance(20)
    status, headers, body = call(arm, "GET", f"{VMSS}/virtualMachines/0/instanceView")
    assert status == 429
    assert headers["retry-after"] == "40"
    assert body["error"]["details"][0]["target"] == "GetVMScaleSetVM1Min"
    # Another policy, another resource: their own budgets.
    assert call(arm, "GET", VMSS)[1]["x-ms-ratelimit-remaining-resource"].endswith(
        "GetVMScaleSet1Min;2"
    )
    assert call(arm, "GET", f"{GROUP}/virtualMachines/batch-flex-vm0/instanceView")[0] == 200
    clocks.advance(40)
    status, headers, _ = call(arm, "GET", path)
    assert (status, headers["x-ms-ratelimit-remaining-resource"]) == (
        200,
        "Microsoft.Compute/GetVMScaleSetVM1Min;2",
    )
    # Writes and status polls are not counted as reads of a resource.
    status, headers, _ = call(arm, "POST", f"{VMSS}/virtualMachines/5/performMaintenance")
    assert status == 202
    assert "x-ms-ratelimit-remaining-resource" not in headers


def test_read_throttling_can_be_switched_off(clocks: Clocks) -> None:
    arm = emulator(clocks, reads_per_minute=None)
    for _ in range(5):
        status, headers, _ = call(arm, "GET", VMSS)
        assert status == 200
        assert "x-ms-ratelimit-remaining-resource" not in headers


# -- seeds ------------------------------------------------------------------------------------

SEED_TOML = f"""
[[scale_sets]]
subscription_id = "{SUB}"
resource_group = "fleet-rg"
name = "u1"
sku = "Standard_D4s_v5"
upgrade_mode = "Rolling"
instances = [
  {{ id = "0", update_domain = 3, fault_domain = 1, zone = "2", power_state = "stopped" }},
  {{ id = "1", health = "unhealthy", last_result_code = "MaintenanceAborted",
     last_result_message = "aborted" }},
]

[[scale_sets]]
subscription_id = "{SUB}"
resource_group = "fleet-rg"
name = "f1"
orchestration_mode = "Flexible"
instances = [{{ id = "f1-vm0", fault = "stays_stopped" }}]
"""


def test_seed_with_several_scale_sets_uniform_and_flexible(tmp_path: Path, clocks: Clocks) -> None:
    seed = tmp_path / "fleet.toml"
    seed.write_text(SEED_TOML.replace("\n     last", " last"))
    arm = ArmEmulator(clock=clocks.monotonic, now=clocks.now)
    arm.load_seed(seed)
    uniform, flexible = arm.scale_sets
    assert (uniform.sku_name, uniform.upgrade_mode, flexible.orchestration_mode) == (
        "Standard_D4s_v5",
        "Rolling",
        "Flexible",
    )
    group = f"/subscriptions/{SUB}/resourceGroups/fleet-rg/providers/Microsoft.Compute"
    u1 = f"{group}/virtualMachineScaleSets/u1"
    _, _, first = call(arm, "GET", f"{u1}/virtualMachines/0/instanceView")
    assert (first["platformUpdateDomain"], first["platformFaultDomain"]) == (3, 1)
    assert codes(first)[1] == "PowerState/stopped"
    _, _, second = call(arm, "GET", f"{u1}/virtualMachines/1/instanceView")
    assert second["vmHealth"]["status"]["code"] == "HealthState/unhealthy"
    assert second["maintenanceRedeployStatus"]["lastOperationMessage"] == "aborted"
    _, _, listed = call(arm, "GET", f"{u1}/virtualMachines")
    assert listed["value"][0]["zones"] == ["2"]
    status, _, _ = call(arm, "GET", f"{group}/virtualMachines/f1-vm0/instanceView")
    assert status == 200


@pytest.mark.parametrize(
    ("instance", "message"),
    [
        ({"id": "0", "fault": "explodes"}, "fault must be one of 'retry_later', "),
        ({"id": "0", "update_domain": 20}, "update_domain must be a whole number from 0 to 19"),
        ({"id": "0", "update_domain": "1"}, "update_domain: expected a whole number"),
        ({"id": "0", "power_state": "asleep"}, "power_state must be one of 'running'"),
        ({"id": "0", "last_result_code": "Done"}, "last_result_code must be one of 'None'"),
        ({"id": "0", "pending": "yes"}, "pending: expected true or false"),
    ],
)
def test_bad_new_seed_keys_are_named(instance: dict[str, Any], message: str) -> None:
    data = {
        "scale_sets": [
            {"subscription_id": SUB, "resource_group": "rg", "name": "s", "instances": [instance]}
        ]
    }
    with pytest.raises(SeedError, match="at scale_sets\\[0\\]") as caught:
        ArmEmulator().load_seed_data(data)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("orchestration_mode", "Mixed", "orchestration_mode: expected 'Uniform' or 'Flexible'"),
        ("upgrade_mode", "Sometimes", "upgrade_mode: expected one of Automatic, Manual, Rolling"),
        ("zones", [1], "zones: expected an array of zone names"),
    ],
)
def test_bad_scale_set_keys_are_named_and_nothing_is_added(
    key: str, value: Any, message: str
) -> None:
    good = {"subscription_id": SUB, "resource_group": "rg", "name": "good"}
    data = {"scale_sets": [good, {**good, "name": "bad", key: value}]}
    arm = ArmEmulator()
    with pytest.raises(SeedError, match=f"at scale_sets\\[1\\].{message}"):
        arm.load_seed_data(data)
    assert arm.scale_sets == []


# -- over HTTP --------------------------------------------------------------------------------


@pytest.fixture
def served(clocks: Clocks) -> Iterator[ArmEmulator]:
    with ArmEmulator(clock=clocks.monotonic, now=clocks.now, page_size=4, retry_after=0) as arm:
        arm.load_sample()
        yield arm


def test_over_http_paging_status_and_flexible_maintenance(served: ArmEmulator) -> None:
    headers = {"Authorization": "Bearer test-token"}
    with httpx.Client(headers=headers, timeout=10) as http:
        url: str | None = (
            f"{served.endpoint}{VMSS}/virtualMachines?api-version={API}"
            "&$expand=instanceView&$select=instanceView"
        )
        ids: list[str] = []
        while url:
            page = http.get(url)
            assert page.status_code == 200
            assert page.headers["x-ms-ratelimit-remaining-resource"].startswith(
                "Microsoft.Compute/GetVMScaleSetVM1Min;"
            )
            ids += [vm["instanceId"] for vm in page.json()["value"]]
            url = page.json().get("nextLink")
            assert url is None or url.startswith(served.endpoint)
        assert ids == [str(n) for n in range(10)]
        started = http.post(
            f"{served.endpoint}{GROUP}/virtualMachines/batch-flex-vm2/performMaintenance"
            f"?api-version={API}"
        )
        assert started.status_code == 202
        for _ in range(2):
            status = http.get(started.headers["azure-asyncoperation"]).json()
        assert status["status"] == "Succeeded"
        after = http.get(
            f"{served.endpoint}{GROUP}/virtualMachines/batch-flex-vm2/instanceView"
            f"?api-version={API}"
        ).json()
        assert after["vmHealth"]["status"]["code"] == "HealthState/unhealthy"
        refused = http.post(f"{served.endpoint}{FLEX}/performMaintenance?api-version={API}")
        assert refused.status_code == 409


# -- shapes: what the generated client (from the spec) reads -----------------------------------

# The Compute spec mirror beside the repository (../shared), when there is one.
EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "azure-rest-api-specs" / (
    "specification/compute/resource-manager/Microsoft.Compute/ComputeRP/stable/2024-07-01/"
    "examples/virtualMachineScaleSetExamples/VirtualMachineScaleSetVM_List_MaximumSet_Gen.json"
)


def without_times(document: Any) -> Any:
    """The document without ``time`` values (the models re-serialise 7 fraction digits as 6)."""
    if isinstance(document, dict):
        return {key: without_times(value) for key, value in document.items() if key != "time"}
    if isinstance(document, list):
        return [without_times(item) for item in document]
    return document


def test_bodies_are_the_spec_models_the_client_reads(clocks: Clocks) -> None:
    from vmss_maintenance_api.models import (
        VirtualMachineListResult,
        VirtualMachineScaleSet,
        VirtualMachineScaleSetVMInstanceView,
        VirtualMachineScaleSetVMListResult,
    )

    arm = emulator(clocks, page_size=3)
    _, _, scale_set = call(arm, "GET", VMSS)
    parsed_set = VirtualMachineScaleSet.from_dict(scale_set)
    assert parsed_set.to_dict() == scale_set
    assert parsed_set.properties.orchestration_mode == "Uniform"  # type: ignore[union-attr]
    query = {"$expand": "instanceView"}
    _, _, page = call(arm, "GET", f"{VMSS}/virtualMachines", **query)
    parsed = VirtualMachineScaleSetVMListResult.from_dict(page)
    assert without_times(parsed.to_dict()) == without_times(page)
    assert parsed.next_link == page["nextLink"]
    view = VirtualMachineScaleSetVMInstanceView.from_dict(
        page["value"][1]["properties"]["instanceView"]
    )
    assert view.platform_update_domain == 1
    status = view.maintenance_redeploy_status
    assert status.is_customer_initiated_maintenance_allowed is True  # type: ignore[union-attr]
    assert str(status.last_operation_result_code) == "None"  # type: ignore[union-attr]
    filtered = {"$filter": f"virtualMachineScaleSet/id eq '{FLEX}'", "$expand": "instanceView"}
    _, _, vms = call(arm, "GET", f"{GROUP}/virtualMachines", **filtered)
    assert without_times(VirtualMachineListResult.from_dict(vms).to_dict()) == without_times(vms)


@pytest.mark.skipif(not EXAMPLES.is_file(), reason="no spec mirror beside the repo")
def test_instance_view_keys_are_those_of_the_spec_example(clocks: Clocks) -> None:
    example = json.loads(EXAMPLES.read_text("utf-8"))["responses"]["200"]["body"]["value"][0]
    wanted = example["properties"]["instanceView"]
    arm = ArmEmulator(clock=clocks.monotonic, now=clocks.now)
    day = dt.timedelta(days=1)
    arm.add_scale_set(
        SUB, RG, SAMPLE_SCALE_SET,
        [Instance("0", window_start=T0, window_end=T0 + day, platform_window_start=T0 + day,
                  platform_window_end=T0 + 2 * day, last_result_message="m", health="healthy")],
    )  # fmt: skip
    mine = view(arm, "0")
    assert set(mine) - {"computerName"} <= set(wanted)
    assert set(mine["maintenanceRedeployStatus"]) == set(wanted["maintenanceRedeployStatus"])
    assert set(mine["vmHealth"]["status"]) <= set(wanted["vmHealth"]["status"])
    assert set(mine["statuses"][0]) <= set(wanted["statuses"][0])
