"""A local Azure Resource Manager emulator for Virtual Machine Scale Sets - Perform Maintenance.

Not imported by ``import vmss_maintenance``; import it explicitly::

    from vmss_maintenance.emulator import ArmEmulator

    with ArmEmulator() as arm:
        arm.load_sample()
        url = arm.perform_maintenance_url(SAMPLE_SUBSCRIPTION_ID, "demo-rg", "web-vmss")

It listens on loopback only, answers like ARM (status codes, ``CloudError`` bodies, polling
headers, request-id headers), can inject faults (:class:`Faults`) and records every request
(:attr:`ArmEmulator.requests`). HTTPS needs ``pip install 'vmss-maintenance[emulator]'``.
Command line: ``python -m vmss_maintenance.emulator --help``.
"""

from vmss_maintenance.emulator._cli import main
from vmss_maintenance.emulator._emulator import (
    KNOWN_API_VERSIONS,
    ArmEmulator,
    default_api_versions,
)
from vmss_maintenance.emulator._faults import Faults
from vmss_maintenance.emulator._operations import Operation, OperationStatus
from vmss_maintenance.emulator._records import REDACTED, RecordedRequest
from vmss_maintenance.emulator._seed import (
    SAMPLE_RESOURCE_GROUP,
    SAMPLE_SCALE_SET,
    SAMPLE_SEED,
    SAMPLE_SUBSCRIPTION_ID,
    SeedError,
    sample_seed,
)
from vmss_maintenance.emulator._service import LRO_HEADER_MODES, LroHeaders
from vmss_maintenance.emulator._state import Instance, ScaleSet

__all__ = [
    "KNOWN_API_VERSIONS",
    "LRO_HEADER_MODES",
    "REDACTED",
    "SAMPLE_RESOURCE_GROUP",
    "SAMPLE_SCALE_SET",
    "SAMPLE_SEED",
    "SAMPLE_SUBSCRIPTION_ID",
    "ArmEmulator",
    "Faults",
    "Instance",
    "LroHeaders",
    "Operation",
    "OperationStatus",
    "RecordedRequest",
    "ScaleSet",
    "SeedError",
    "default_api_versions",
    "main",
    "sample_seed",
]
