"""Maintenance status of a 1,000-instance Uniform scale set, read over HTTPS in 10 pages.

The server is :mod:`status_server` (every VM the spec's maximum-set example VM). As a script,
run by the Python of the side measured, it makes one client, reads the whole listing once
uncounted (connection set-up, lazy imports), then ``--repeat`` more times, and prints one
JSON line: client CPU seconds (``time.process_time``) and wall seconds of the first (cold)
and the median later (warm) listing, peak RSS of the process (``ru_maxrss``) and what it read.

Sides:

* ``ours``: ``MaintenanceClient.get_maintenance_status(rg, name)``, the public API (it reads
  the scale set for its orchestration mode, then the pages), counting the instances whose
  maintenance is pending;
* ``azure``: ``ComputeManagementClient.virtual_machine_scale_set_vms.list(rg, name,
  expand="instanceView")``, reading ``instance_view.maintenance_redeploy_status`` of each VM;
* ``raw``: the floor: ``httpx.Client.get`` and ``json.loads`` of each page, following
  ``nextLink``, reading each VM's ``maintenanceRedeployStatus`` dict.

:func:`measure` is the parent's side: several such runs per side, sides alternating.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from common import child_env, log, median, run_json

# One listing: returns (instances read, instances with maintenance pending).
Listing = Callable[[], tuple[int, int]]


def peak_rss_bytes() -> int:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _httpx_pages(info: dict[str, Any]) -> tuple[Callable[[], Any], Callable[[], None]]:
    """A function yielding the listing's pages as parsed JSON, and the client's close."""
    import ssl

    import httpx

    client = httpx.Client(
        verify=ssl.create_default_context(cafile=info["ca_file"]),
        headers={"Authorization": "Bearer benchmark-token"},
    )

    def pages() -> Any:
        url: str | None = info["list_url"]
        while url:
            response = client.get(url)
            response.raise_for_status()
            page = json.loads(response.content)
            yield page
            url = page.get("nextLink")

    return pages, client.close


def _raw(info: dict[str, Any]) -> tuple[Listing, Callable[[], None]]:
    pages, close = _httpx_pages(info)

    def listing() -> tuple[int, int]:
        read = pending = 0
        for page in pages():
            for vm in page["value"]:
                status = vm["properties"]["instanceView"].get("maintenanceRedeployStatus")
                read += 1
                pending += status is not None
        return read, pending

    return listing, close


def _ours(info: dict[str, Any]) -> tuple[Listing, Callable[[], None]]:
    from vmss_maintenance import MaintenanceClient, StaticTokenCredential

    client = MaintenanceClient(
        StaticTokenCredential("benchmark-token"),
        info["subscription_id"],
        endpoint=info["endpoint"],
        verify=info["ca_file"],
    )

    def listing() -> tuple[int, int]:
        status = client.get_maintenance_status(info["resource_group"], info["scale_set"])
        return len(status.instances), sum(item.state.pending for item in status.instances)

    return listing, client.close


def _azure(info: dict[str, Any]) -> tuple[Listing, Callable[[], None]]:
    from azure.core.credentials import AccessToken
    from azure.mgmt.compute import ComputeManagementClient

    class FakeCredential:
        """A TokenCredential that hands out one static token."""

        def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
            return AccessToken("benchmark-token", int(time.time()) + 3600)

    client = ComputeManagementClient(
        FakeCredential(),
        info["subscription_id"],
        base_url=info["endpoint"],
        connection_verify=info["ca_file"],
    )
    operations = client.virtual_machine_scale_set_vms

    def listing() -> tuple[int, int]:
        read = pending = 0
        for vm in operations.list(
            info["resource_group"],
            info["scale_set"],
            expand="instanceView",
            api_version=info["api_version"],
        ):
            view = vm.instance_view
            status = view.maintenance_redeploy_status if view is not None else None
            read += 1
            pending += status is not None
        return read, pending

    return listing, client.close


CLIENTS = {"ours": _ours, "azure": _azure, "raw": _raw}


def child(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="read a scale set's maintenance status")
    parser.add_argument("--client", choices=sorted(CLIENTS), required=True)
    parser.add_argument("--info", required=True, help="the status server's JSON line")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    info = json.loads(args.info)
    listing, close = CLIENTS[args.client](info)
    cpu: list[float] = []
    wall: list[float] = []
    try:
        for _ in range(1 + args.repeat):
            started_cpu, started = time.process_time(), time.perf_counter()
            read, pending = listing()
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
            if read != info["instances"]:
                raise RuntimeError(f"read {read} instances of {info['instances']}")
    finally:
        close()
    warm_cpu, warm_wall = cpu[1:] or cpu, wall[1:] or wall
    result = {
        "client": args.client,
        "cold_cpu": cpu[0],
        "cold_wall": wall[0],
        "cpu": statistics.median(warm_cpu),
        "wall": statistics.median(warm_wall),
        "peak_rss": peak_rss_bytes(),
        "instances": read,
        "pending": pending,
    }
    print(json.dumps(result))
    return 0


def measure(
    pythons: dict[str, str], server: Any, *, runs: int, repeat: int
) -> dict[str, dict[str, Any]]:
    """For each side (``ours``/``azure``/``raw`` -> its Python), ``runs`` child runs of
    ``1 + repeat`` listings, sides alternating; medians over the runs."""
    samples: dict[str, list[dict[str, Any]]] = {side: [] for side in pythons}
    sides = list(pythons)
    info = json.dumps(server.info)
    server.stats()
    for run in range(runs):
        order = sides if run % 2 == 0 else sides[::-1]
        for side in order:
            result = run_json(
                [pythons[side], __file__, "--client", side, "--info", info,
                 "--repeat", str(repeat)],
                timeout=600,
                env=child_env(),
            )  # fmt: skip
            seen = server.stats()
            result["requests"] = seen["requests"] / (1 + repeat)
            result["connections"] = seen["connections"]
            samples[side].append(result)
            log(
                f"status {side} run {run + 1}/{runs}: cpu {result['cpu']:.3f} s warm, "
                f"{result['cold_cpu']:.3f} s cold; wall {result['wall']:.3f} s; "
                f"peak RSS {result['peak_rss'] / 2**20:.1f} MiB; "
                f"{result['requests']:.0f} requests per listing"
            )
    summary: dict[str, dict[str, Any]] = {}
    for side, results in samples.items():
        summary[side] = {
            key: median([item[key] for item in results])
            for key in ("cpu", "cold_cpu", "wall", "cold_wall", "peak_rss", "requests")
        }
        summary[side].update(
            runs=runs,
            repeat=repeat,
            instances=results[0]["instances"],
            pending=results[0]["pending"],
            cpu_samples=[item["cpu"] for item in results],
        )
    summary["server"] = {
        key: server.info[key] for key in ("instances", "pages", "page_bytes", "api_version")
    }
    return summary


if __name__ == "__main__":
    sys.exit(child())
