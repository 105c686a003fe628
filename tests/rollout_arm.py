"""A small simulated ARM for rollout tests: one Uniform scale set behind httpx.MockTransport."""

from __future__ import annotations

import json
from typing import Any

import httpx
from fake_arm import ARM, SUB, VMSS, accepted, op_status, reply, scale_set
from vmss_maintenance._adapter import API_VERSION

OPS = f"{ARM}/subscriptions/{SUB}/providers/Microsoft.Compute/locations/westeurope"
RUNNING = [{"code": "ProvisioningState/succeeded"}, {"code": "PowerState/running"}]


class MiniArm:
    """Uniform scale sets of any name in the subscription ``SUB``, each with the instances of
    ``domains`` (id -> update domain), which complete maintenance at once (or fail it with
    ``RetryLater``: ``faults``); ``interrupt_at``: the POST number that raises Ctrl-C."""

    def __init__(self, domains: dict[str, int], faults: tuple[str, ...] = ()) -> None:
        self.domains = domains
        self.states: dict[str, dict[str, str]] = {}
        self.faults = faults
        self.posts: list[list[str]] = []
        self.posted_to: list[str] = []
        self.operations: dict[str, bool] = {}
        self.interrupt_at: int | None = None

    @property
    def state(self) -> dict[str, str]:
        """The instances' states of the scale set ``VMSS``."""
        return self.state_of(VMSS)

    def state_of(self, name: str) -> dict[str, str]:
        return self.states.setdefault(name.lower(), dict.fromkeys(self.domains, "Eligible"))

    def view(self, name: str, instance_id: str) -> dict[str, Any]:
        state = self.state_of(name)[instance_id]
        status: dict[str, Any] = {"isCustomerInitiatedMaintenanceAllowed": state == "Eligible"}
        if state != "Eligible":
            status["lastOperationResultCode"] = state
        return {"platformUpdateDomain": self.domains[instance_id], "statuses": RUNNING,
                "maintenanceRedeployStatus": status}  # fmt: skip

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        parts = path.split("/")
        name = parts[8] if len(parts) > 8 else ""  # .../virtualMachineScaleSets/{name}/...
        if request.method == "POST":
            if self.interrupt_at == len(self.posts) + 1:
                raise KeyboardInterrupt
            ids = json.loads(request.content)["instanceIds"]
            self.posts.append(ids)
            self.posted_to.append(name)
            failed = any(i in self.faults for i in ids)
            for i in ids:
                outcome = "RetryLater" if i in self.faults else "MaintenanceCompleted"
                self.state_of(name)[i] = outcome
            op = f"op-{len(self.posts)}"
            self.operations[op] = not failed
            return accepted(
                status_url=f"{OPS}/operations/{op}?api-version={API_VERSION}",
                location=f"{OPS}/operationResults/{op}?api-version={API_VERSION}",
            ).response()
        if "/virtualMachineScaleSets/" in path and len(parts) == 9:
            return scale_set("Uniform", name=name).response()
        if path.endswith("/virtualMachines") and len(parts) == 10:
            value = [{"instanceId": i, "properties": {"instanceView": self.view(name, i)}}
                     for i in self.domains]  # fmt: skip
            return reply(200, json_body={"value": value}).response()
        op = path.rsplit("/", 1)[1]
        if "/operations/" in path:
            if self.operations[op]:
                return op_status("Succeeded").response()
            error = {"code": "RetryLater", "message": "try later"}
            return op_status("Failed", error=error).response()
        return reply(200).response()
