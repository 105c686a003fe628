"""One set of client flow tests for both clients: the ``kind`` fixture and its helpers.

A flow test takes ``make`` (or ``kind``), is an ``anyio`` test, and wraps every call that the
async client awaits in ``await call(...)`` and every ``with client`` in
``async with using(client)``: it then runs, with the same assertions, once for
:class:`MaintenanceClient` and once for :class:`AsyncMaintenanceClient`. Registered as a
plugin by ``tests/conftest.py``.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import AsyncIterator, Callable
from typing import Any

import attrs
import pytest
from conftest import FakeClocks
from fake_arm import SUB, AsyncFakeCredential, FakeArm, FakeCredential
from vmss_maintenance import (
    AsyncMaintenanceClient,
    AsyncMaintenancePoller,
    MaintenanceClient,
    MaintenancePoller,
    RetryPolicy,
)


async def call(value: Any) -> Any:
    """The value of a sync call, or of an awaited async one."""
    return await value if inspect.isawaitable(value) else value


@contextlib.asynccontextmanager
async def using(client: Any) -> AsyncIterator[Any]:
    """``with client`` for the sync client, ``async with client`` for the async one."""
    if isinstance(client, AsyncMaintenanceClient):
        async with client:
            yield client
    else:
        with client:
            yield client


@attrs.frozen
class ClientKind:
    """What differs between the two clients, for tests written once for both."""

    name: str
    client_class: type[Any]
    poller_class: type[Any]
    credential_class: type[FakeCredential]
    # The extra that installs azure-identity for this client.
    identity_extra: str
    clocks: FakeClocks

    def make(self, arm: FakeArm, credential: Any = None, **options: Any) -> Any:
        """A client of this kind over ``arm`` with the fake clocks; polling every 10 s and
        retrying twice without jitter unless ``options`` say otherwise."""
        options.setdefault("polling_interval", 10.0)
        options.setdefault("retry", RetryPolicy(total=2, jitter=False))
        return self.construct(
            credential if credential is not None else self.credential_class(),
            SUB,
            transport=arm,
            **options,
        )

    def construct(self, credential: Any, subscription_id: Any, **options: Any) -> Any:
        """The client class called with the fake clock and sleeper, and ``options`` as given."""
        sleep = self.clocks.sleep if self.name == "sync" else self.clocks.async_sleep
        return self.client_class(
            credential, subscription_id, clock=self.clocks, sleep=sleep, **options
        )


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest, clocks: FakeClocks) -> ClientKind:
    """Each client in turn, on the test's fake clocks."""
    if request.param == "sync":
        return ClientKind("sync", MaintenanceClient, MaintenancePoller, FakeCredential,
                          "vmss-maintenance[identity]", clocks)  # fmt: skip
    return ClientKind("async", AsyncMaintenanceClient, AsyncMaintenancePoller,
                      AsyncFakeCredential, "vmss-maintenance[identity-async]", clocks)  # fmt: skip


@pytest.fixture
def make(kind: ClientKind) -> Callable[..., Any]:
    """Makes a client of the parametrized kind over a FakeArm (see :meth:`ClientKind.make`)."""
    return kind.make
