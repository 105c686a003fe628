"""A small simulated ARM for rollout tests: one Uniform scale set behind httpx.MockTransport."""

from __future__ import annotations

import json
from typing import Any

import httpx
from fake_arm import ARM, SCALE_SET_ID, SUB, accepted, op_status, reply, scale_set
from vmss_maintenance._adapter import API_VERSION

OPS = f"{ARM}/subscriptions/{SUB}/providers/Microsoft.Compute/locations/westeurope"
RUNNING = [{"code": "ProvisioningState/succeeded"}, {"code": "PowerState/running"}]


class MiniArm:
    """One Uniform scale set ``GROUP/VMSS`` whose instances complete maintenance at once (or
    fail it with ``RetryLater``); ``interrupt_at``: the POST number that raises Ctrl-C."""

    def __init__(self, domains: dict[str, int], faults: tuple[str, ...] = ()) -> None:
        self.domains = domains
        self.state = dict.fromkeys(domains, "Eligible")
        self.faults = faults
        self.posts: list[list[str]] = []
        self.operations: dict[str, bool] = {}
        self.interrupt_at: int | None = None

    def view(self, instance_id: str) -> dict[str, Any]:
        state = self.state[instance_id]
        status: dict[str, Any] = {"isCustomerInitiatedMaintenanceAllowed": state == "Eligible"}
        if state != "Eligible":
            status["lastOperationResultCode"] = state
        return {"platformUpdateDomain": self.domains[instance_id], "statuses": RUNNING,
                "maintenanceRedeployStatus": status}  # fmt: skip

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "POST":
            if self.interrupt_at == len(self.posts) + 1:
                raise KeyboardInterrupt
            ids = json.loads(request.content)["instanceIds"]
            self.posts.append(ids)
            failed = any(i in self.faults for i in ids)
            for i in ids:
                self.state[i] = "RetryLater" if i in self.faults else "MaintenanceCompleted"
            op = f"op-{len(self.posts)}"
            self.operations[op] = not failed
            return accepted(
                status_url=f"{OPS}/operations/{op}?api-version={API_VERSION}",
                location=f"{OPS}/operationResults/{op}?api-version={API_VERSION}",
            ).response()
        if path == SCALE_SET_ID:
            return scale_set("Uniform").response()
        if path == f"{SCALE_SET_ID}/virtualMachines":
            value = [{"instanceId": i, "properties": {"instanceView": self.view(i)}}
                     for i in self.domains]  # fmt: skip
            return reply(200, json_body={"value": value}).response()
        op = path.rsplit("/", 1)[1]
        if "/operations/" in path:
            if self.operations[op]:
                return op_status("Succeeded").response()
            error = {"code": "RetryLater", "message": "try later"}
            return op_status("Failed", error=error).response()
        return reply(200).response()
