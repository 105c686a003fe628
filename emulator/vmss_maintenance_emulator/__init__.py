"""A local Azure Resource Manager emulator for Virtual Machine Scale Sets - Perform Maintenance.

Its own distribution (``vmss-maintenance-emulator``); the client never imports it::

    from vmss_maintenance_emulator import ArmEmulator

    with ArmEmulator() as arm:
        arm.load_sample()
        url = arm.perform_maintenance_url(SAMPLE_SUBSCRIPTION_ID, "demo-rg", "web-vmss")

It listens on loopback only, answers like ARM (status codes, ``CloudError`` bodies, polling
headers, request-id headers), can inject faults (:class:`Faults`) and records every request
(:attr:`ArmEmulator.requests`). HTTPS uses ``cryptography`` (a dependency).
Command line: ``vmss-maintenance-emulator --help`` and ``vmss-maintenance-emulator demo``.
"""

__version__ = "0.1.0"

from vmss_maintenance_emulator._arm import Incoming, Reply
from vmss_maintenance_emulator._cli import main
from vmss_maintenance_emulator._emulator import ArmEmulator
from vmss_maintenance_emulator._faults import Faults
from vmss_maintenance_emulator._operations import Operation, OperationStatus
from vmss_maintenance_emulator._records import REDACTED, RecordedRequest
from vmss_maintenance_emulator._seed import (
    SAMPLE_FLEXIBLE_SCALE_SET,
    SAMPLE_RESOURCE_GROUP,
    SAMPLE_SCALE_SET,
    SAMPLE_SEED,
    SAMPLE_SUBSCRIPTION_ID,
    SeedError,
    sample_seed,
)
from vmss_maintenance_emulator._service import LRO_HEADER_MODES, LroHeaders
from vmss_maintenance_emulator._state import Instance, ScaleSet
from vmss_maintenance_emulator._versions import KNOWN_API_VERSIONS, default_api_versions

__all__ = [
    "KNOWN_API_VERSIONS",
    "LRO_HEADER_MODES",
    "REDACTED",
    "SAMPLE_FLEXIBLE_SCALE_SET",
    "SAMPLE_RESOURCE_GROUP",
    "SAMPLE_SCALE_SET",
    "SAMPLE_SEED",
    "SAMPLE_SUBSCRIPTION_ID",
    "ArmEmulator",
    "Faults",
    "Incoming",
    "Instance",
    "LroHeaders",
    "Operation",
    "OperationStatus",
    "RecordedRequest",
    "Reply",
    "ScaleSet",
    "SeedError",
    "__version__",
    "default_api_versions",
    "main",
    "sample_seed",
]
