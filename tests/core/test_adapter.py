"""The adapter to the generated package: the surface the wrapper uses, guarded here."""

from __future__ import annotations

import importlib
import inspect
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vmss_maintenance import _adapter, _reads
from vmss_maintenance._operations import OPERATIONS, PERFORM_MAINTENANCE, PERFORM_VM_MAINTENANCE
from vmss_maintenance._targets import ScaleSetTarget, VmTarget
from vmss_maintenance.errors import InvalidArgumentError
from vmss_maintenance_api.api.virtual_machine_scale_sets import (
    virtual_machine_scale_sets_perform_maintenance as generated,
)
from vmss_maintenance_api.api.virtual_machines import (
    virtual_machines_perform_maintenance as generated_vm,
)

SUB = "9f8e7d6c-5b4a-4321-8765-0123456789ab"


def test_the_private_generated_function_takes_what_the_adapter_passes() -> None:
    # _adapter.build_request calls _get_kwargs(<path params in snake case>, body=, api_version=)
    parameters = inspect.signature(generated._get_kwargs).parameters
    assert list(parameters) == [
        "subscription_id", "resource_group_name", "vm_scale_set_name", "body", "api_version",
    ]  # fmt: skip
    assert parameters["body"].kind is inspect.Parameter.KEYWORD_ONLY
    # The VM operation takes no body: the adapter passes none.
    vm_parameters = inspect.signature(generated_vm._get_kwargs).parameters
    assert list(vm_parameters) == [
        "subscription_id", "resource_group_name", "vm_name", "api_version",
    ]  # fmt: skip


def test_every_descriptor_builds_its_request_through_the_generated_module() -> None:
    target = ScaleSetTarget(SUB, "my.gr(o)up", "ss", [3, "7"])
    parts = PERFORM_MAINTENANCE.request(target, "2024-07-01")
    assert parts == _adapter.RequestParts(
        "POST",
        f"/subscriptions/{SUB}/resourceGroups/my.gr%28o%29up/providers/Microsoft.Compute"
        "/virtualMachineScaleSets/ss/performMaintenance",
        (("api-version", "2024-07-01"),),
        {"instanceIds": ["3", "7"]},
    )
    vm_parts = PERFORM_VM_MAINTENANCE.request(VmTarget(SUB, "g", "vm.1"), "2024-07-01")
    assert vm_parts == _adapter.RequestParts(
        "POST",
        f"/subscriptions/{SUB}/resourceGroups/g/providers/Microsoft.Compute"
        "/virtualMachines/vm.1/performMaintenance",
        (("api-version", "2024-07-01"),),
        None,
    )
    assert set(OPERATIONS) == {
        PERFORM_MAINTENANCE.operation_id, PERFORM_VM_MAINTENANCE.operation_id,
    }  # fmt: skip
    assert PERFORM_MAINTENANCE.final_state_via == "location"  # ARM's default for a POST
    assert PERFORM_VM_MAINTENANCE.final_state_via == "location"


def test_all_instances_means_no_body() -> None:
    parts = PERFORM_MAINTENANCE.request(ScaleSetTarget(SUB, "g", "s"), "2024-07-01")
    assert parts.json is None


def test_a_generator_that_builds_another_path_is_caught_before_sending(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = generated._get_kwargs

    def drifted(*args: Any, **kwargs: Any) -> dict[str, Any]:
        built = real(*args, **kwargs)
        built["url"] = built["url"].replace("/performMaintenance", "/restart")
        return built

    monkeypatch.setattr(generated, "_get_kwargs", drifted)
    with pytest.raises(InvalidArgumentError, match="refusing to send"):
        PERFORM_MAINTENANCE.request(ScaleSetTarget(SUB, "g", "s"), "2024-07-01")


@settings(max_examples=300, deadline=None)
@given(
    group=st.text(max_size=100) | st.sampled_from([".", "..", "a.b"]),
    name=st.text(max_size=70) | st.sampled_from([".", "..", "%2e"]),
)
def test_any_name_raises_or_builds_exactly_the_encoded_path(group: str, name: str) -> None:
    try:
        parts = PERFORM_MAINTENANCE.request(ScaleSetTarget(SUB, group, name), "2024-07-01")
    except InvalidArgumentError:
        return
    assert parts.url == (
        f"/subscriptions/{SUB}/resourceGroups/{quote(group, safe='')}/providers/"
        f"Microsoft.Compute/virtualMachineScaleSets/{quote(name, safe='')}/performMaintenance"
    )
    assert parts.url.count("/") == 9  # no name adds a segment


def test_cloud_error_reads_the_generated_model_leniently() -> None:
    assert _adapter.cloud_error(None) is None
    assert _adapter.cloud_error({"error": "text"}) is None
    parsed = _adapter.cloud_error({"error": {"code": "C", "message": "m"}})
    assert _adapter.error_fields(parsed)["code"] == "C"


# -- the GETs (reads and listings) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "parameters"),
    [
        ("virtual_machine_scale_sets.virtual_machine_scale_sets_get",
         ["subscription_id", "resource_group_name", "vm_scale_set_name", "api_version", "expand"]),
        ("virtual_machine_scale_sets.virtual_machine_scale_sets_list",
         ["subscription_id", "resource_group_name", "api_version"]),
        ("virtual_machine_scale_set_v_ms.virtual_machine_scale_set_v_ms_list",
         ["subscription_id", "resource_group_name", "virtual_machine_scale_set_name", "filter_",
          "select", "expand", "api_version"]),
        ("virtual_machines.virtual_machines_list",
         ["subscription_id", "resource_group_name", "filter_", "expand", "api_version"]),
        ("virtual_machines.virtual_machines_instance_view",
         ["subscription_id", "resource_group_name", "vm_name", "api_version"]),
    ],
)  # fmt: skip
def test_the_generated_get_functions_take_what_the_adapter_passes(
    module: str, parameters: list[str]
) -> None:
    generated_module = importlib.import_module(f"vmss_maintenance_api.api.{module}")
    assert list(inspect.signature(generated_module._get_kwargs).parameters) == parameters


def test_the_reads_build_the_spec_paths_and_queries() -> None:
    target = ScaleSetTarget(SUB, "g", "ss")
    base = f"/subscriptions/{SUB}/resourceGroups/g/providers/Microsoft.Compute"
    version = (("api-version", "2024-07-01"),)
    assert _reads.scale_set(target, "2024-07-01") == _adapter.RequestParts(
        "GET", f"{base}/virtualMachineScaleSets/ss", version
    )
    assert _reads.scale_set_vms(target, "2024-07-01", instance_view=True).params == (
        ("$select", "instanceView"), ("$expand", "instanceView"), *version,
    )  # fmt: skip
    assert _reads.scale_set_vms(target, "2024-07-01", instance_view=False).params == version
    flexible = _reads.flexible_vms(target, "2024-07-01")
    assert (flexible.url, flexible.params) == (f"{base}/virtualMachines", (
        ("$filter", f"virtualMachineScaleSet/id eq '{base}/virtualMachineScaleSets/ss'"),
        *version,
    ))  # fmt: skip
    view = _reads.vm_instance_view(VmTarget(SUB, "g", "vm_1"), "2024-07-01")
    assert view.url == f"{base}/virtualMachines/vm_1/instanceView"
    assert _reads.scale_sets(SUB, "g", "2024-07-01").url == f"{base}/virtualMachineScaleSets"
    with pytest.raises(InvalidArgumentError):
        _reads.scale_sets(SUB, "bad/group", "2024-07-01")
