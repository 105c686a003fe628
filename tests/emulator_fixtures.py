"""The one place the tests import the ARM emulator from, and the ``emulator`` fixture.

The emulator is a distribution of its own (``vmss-maintenance-emulator``, folder ``emulator/``,
package ``vmss_maintenance_emulator``) that ``make`` installs. Registered as a plugin by
``tests/conftest.py``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import FakeClocks
from vmss_maintenance_emulator import (
    REDACTED,
    SAMPLE_RESOURCE_GROUP,
    SAMPLE_SCALE_SET,
    SAMPLE_SUBSCRIPTION_ID,
    ArmEmulator,
    Faults,
)

__all__ = [
    "REDACTED",
    "SAMPLE_RESOURCE_GROUP",
    "SAMPLE_SCALE_SET",
    "SAMPLE_SUBSCRIPTION_ID",
    "ArmEmulator",
    "Faults",
    "emulator",
]


@pytest.fixture
def emulator(clocks: FakeClocks) -> Iterator[Callable[..., ArmEmulator]]:
    """Starts emulators on a free loopback port, with the sample scale sets loaded and the
    test's fake clocks (``settings``: :class:`ArmEmulator` options); stops them afterwards."""
    with contextlib.ExitStack() as running:

        def start(**settings: Any) -> ArmEmulator:
            settings.setdefault("clock", clocks.monotonic)
            settings.setdefault("now", lambda: datetime.fromtimestamp(clocks.wall(), UTC))
            started = running.enter_context(ArmEmulator(host="127.0.0.1", port=0, **settings))
            started.load_sample()
            return started

        yield start
