"""An in-memory simulation of scale sets under maintenance, behind the rollout backend protocols.

Instances go Eligible -> (maintenance: stopped, updating) -> recovering (starting) -> Completed
and running. Scripted faults per instance: ``RetryLater`` (the operation fails with that code),
``MaintenanceAborted`` (the operation succeeds, the instance view reports it), ``unhealthy``,
``stopped`` (stays stopped), ``refused`` (the start is refused with HTTP 409). Throttling: every
``throttle_every``-th request raises ``ThrottledError``. Kills (``kill``): the n-th request (of
one kind, or of any) raises :class:`Killed` before or after doing its work, as SIGKILL would.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import anyio.lowlevel
import attrs
from vmss_maintenance._maintenance_status import (
    InstanceMaintenance,
    MaintenanceState,
    ScaleSetMaintenance,
)
from vmss_maintenance._rollout_effects import FollowOutcome, ThrottledError
from vmss_maintenance._rollout_plan import VM_OPERATION, MaintenanceCall, ScaleSetPlan
from vmss_maintenance.errors import HttpResponseError

SUB = "00000000-0000-0000-0000-000000000000"
T0 = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)


class Killed(BaseException):
    """The process died here (nothing after it runs in a real SIGKILL)."""


class FakeClock:
    """A clock that moves only when something sleeps or waits; thread-safe."""

    def __init__(self) -> None:
        self.now = T0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += timedelta(seconds=seconds)

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += timedelta(seconds=seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await anyio.lowlevel.checkpoint()


@attrs.define
class FakeInstance:
    id: str
    update_domain: int | None
    state: str = "Eligible"
    fault: str | None = None
    ends: datetime | None = None
    started: int = 0


@attrs.define
class FakeScaleSet:
    name: str
    mode: str
    instances: dict[str, FakeInstance]


@attrs.define
class Operation:
    scale_set: str
    instance_ids: tuple[str, ...]
    ends: datetime
    polls: int = 0


class FakeFleet:
    """Scale sets, their instances and operations; the clock is shared with the rollout."""

    def __init__(
        self,
        *,
        maintenance_seconds: float = 120.0,
        recovery_seconds: float = 0.0,
        throttle_every: int = 0,
        retry_after: float = 7.0,
    ) -> None:
        self.clock = FakeClock()
        self.maintenance = timedelta(seconds=maintenance_seconds)
        self.recovery = timedelta(seconds=recovery_seconds)
        self.throttle_every = throttle_every
        self.retry_after = retry_after
        self.scale_sets: dict[str, FakeScaleSet] = {}
        self.operations: dict[str, Operation] = {}
        self.requests = 0
        self.throttled = 0
        self.counts: Counter[str] = Counter()
        # (request kind or None for any, its number counted from the start, kill after the work)
        self.kill: tuple[str | None, int, bool] | None = None
        self.fail_with: dict[str, BaseException] = {}
        self.first_wave: threading.Barrier | None = None
        self.seen: set[str] = set()
        self.arrivals = 0
        self.started_calls: list[MaintenanceCall] = []
        self.active: set[str] = set()
        self.max_active = 0
        self.max_in_maintenance: Counter[str] = Counter()
        self._lock = threading.RLock()

    # -- set-up -------------------------------------------------------------------------------

    def add(
        self,
        name: str,
        count: int,
        *,
        domains: int | None = 3,
        mode: str = "Uniform",
        states: dict[str, str] | None = None,
        faults: dict[str, str] | None = None,
    ) -> None:
        ids = [str(i) if mode == "Uniform" else f"{name}-vm{i}" for i in range(count)]
        self.scale_sets[name] = FakeScaleSet(
            name,
            mode,
            {
                instance_id: FakeInstance(
                    instance_id,
                    None if domains is None else n % domains,
                    (states or {}).get(instance_id, "Eligible"),
                    (faults or {}).get(instance_id),
                )
                for n, instance_id in enumerate(ids)
            },
        )

    def statuses(self) -> list[ScaleSetMaintenance]:
        return [self._status(s) for s in self.scale_sets.values()]

    def starts(self) -> Counter[str]:
        """Starts per instance, keyed ``scale set/instance``."""
        return Counter(
            {
                f"{s.name}/{i.id}": i.started
                for s in self.scale_sets.values()
                for i in s.instances.values()
            }
        )

    # -- the backend protocol -----------------------------------------------------------------

    def _request(self, name: str, kind: str) -> bool:
        """Count a request; throttle or kill it. True when it is to be killed after its work."""
        with self._lock:
            self.requests += 1
            self.counts[kind] += 1
            fresh = name not in self.active and name not in self.seen
            arrival = self.arrivals + 1 if fresh else 0
            if fresh:
                self.arrivals = arrival
                self.seen.add(name)
                self.active.add(name)
                self.max_active = max(self.max_active, len(self.active))
            hit = False
            if self.kill is not None:
                kill_kind, number, _ = self.kill
                counted = self.requests if kill_kind is None else self.counts[kind]
                hit = kill_kind in (None, kind) and counted == number
        wave = self.first_wave
        if fresh and wave is not None and arrival <= wave.parties:
            wave.wait()
        if hit and self.kill is not None and not self.kill[2]:
            raise Killed(f"killed at request {self.requests} ({kind})")
        if kind in self.fail_with:
            raise self.fail_with[kind]
        if self.throttle_every and self.requests % self.throttle_every == 0:
            with self._lock:
                self.throttled += 1
            raise ThrottledError("429 Too Many Requests", retry_after=self.retry_after)
        return hit

    def done(self, name: str) -> None:
        with self._lock:
            self.active.discard(name)
            self.seen.discard(name)

    def status(self, target: ScaleSetPlan) -> ScaleSetMaintenance:
        kill = self._request(target.vm_scale_set_name, "status")
        status = self._status(self.scale_sets[target.vm_scale_set_name])
        if kill:
            raise Killed("killed after status")
        return status

    def start(self, call: MaintenanceCall) -> str:
        scale_set = self._owner(call)
        kill = self._request(scale_set.name, "start")
        ids = call.instance_ids if call.instance_ids is not None else (call.resource_name,)
        now = self.clock()
        with self._lock:
            for instance_id in ids:
                instance = scale_set.instances[instance_id]
                if instance.fault == "refused" or self._state(instance, now) != "Eligible":
                    raise HttpResponseError(
                        f"instance {instance_id} may not start maintenance now",
                        status_code=409,
                        code="OperationNotAllowed",
                    )
            for instance_id in ids:
                instance = scale_set.instances[instance_id]
                instance.started += 1
                instance.ends = now + self.maintenance
            busy = sum(
                1 for i in scale_set.instances.values() if i.ends is not None and now < i.ends
            )
            self.max_in_maintenance[scale_set.name] = max(
                self.max_in_maintenance[scale_set.name], busy
            )
            token = f"op-{len(self.operations) + 1}.0"
            self.operations[token.split(".")[0]] = Operation(
                scale_set.name, tuple(ids), now + self.maintenance
            )
            self.started_calls.append(call)
        if kill:
            raise Killed("killed after the call was accepted")
        return token

    def follow(self, token: str, timeout: float) -> FollowOutcome:
        operation = self.operations[token.split(".")[0]]
        kill = self._request(operation.scale_set, "follow")
        now = self.clock()
        if now < operation.ends:
            self.clock.advance(min(timeout, (operation.ends - now).total_seconds()))
        operation.polls += 1
        new_token = f"{token.split('.')[0]}.{operation.polls}"
        if kill:
            raise Killed("killed while following")
        if self.clock() < operation.ends:
            return FollowOutcome.running(new_token)
        instances = self.scale_sets[operation.scale_set].instances
        for instance_id in operation.instance_ids:
            if instances[instance_id].fault == "RetryLater":
                return FollowOutcome.failed(
                    new_token, "maintenance could not be done now", "RetryLater"
                )
        return FollowOutcome.succeeded(new_token)

    # -- the simulation -----------------------------------------------------------------------

    def _owner(self, call: MaintenanceCall) -> FakeScaleSet:
        if call.operation_id != VM_OPERATION:
            return self.scale_sets[call.resource_name]
        return next(s for s in self.scale_sets.values() if call.resource_name in s.instances)

    def _state(self, instance: FakeInstance, now: datetime) -> str:
        if instance.ends is None:
            return instance.state
        return "NotAllowed" if now < instance.ends else "Completed"

    def _status(self, scale_set: FakeScaleSet) -> ScaleSetMaintenance:
        now = self.clock()
        return ScaleSetMaintenance(
            subscription_id=SUB,
            resource_group_name="rg",
            vm_scale_set_name=scale_set.name,
            orchestration_mode=scale_set.mode,
            checked_at=now,
            instances=tuple(
                self._instance(scale_set, i, now) for i in scale_set.instances.values()
            ),
        )

    def _instance(
        self, scale_set: FakeScaleSet, instance: FakeInstance, now: datetime
    ) -> InstanceMaintenance:
        power, provisioning, health, code = "running", "succeeded", "healthy", None
        if instance.ends is not None and now < instance.ends:
            power, provisioning = "stopped", "updating"
        elif instance.ends is not None:
            if now < instance.ends + self.recovery:
                power, provisioning = "starting", "updating"
            if instance.fault == "unhealthy":
                health = "unhealthy"
            elif instance.fault == "stopped":
                power = "stopped"
            elif instance.fault in ("RetryLater", "MaintenanceAborted"):
                code = instance.fault
        flexible = scale_set.mode == "Flexible"
        return InstanceMaintenance(
            instance_id=instance.id,
            vm_name=instance.id if flexible else f"{scale_set.name}_{instance.id}",
            resource_id=(
                f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Compute/"
                f"virtualMachines/{instance.id}"
                if flexible
                else None
            ),
            state=MaintenanceState(self._state(instance, now)),
            self_service_window=None,
            platform_window=None,
            last_result_code=code,
            last_result_message=None,
            update_domain=instance.update_domain,
            fault_domain=None,
            zone=None,
            power_state=power,
            provisioning_state=provisioning,
            health=health,
        )


class FakeBackend:
    """The synchronous backend over a fleet."""

    def __init__(self, fleet: FakeFleet) -> None:
        self.fleet = fleet

    def status(self, target: ScaleSetPlan) -> ScaleSetMaintenance:
        return self.fleet.status(target)

    def start(self, call: MaintenanceCall) -> str:
        return self.fleet.start(call)

    def follow(
        self, token: str, timeout: float, stopping: Callable[[], bool] | None = None
    ) -> FollowOutcome:
        # A fleet's follow takes no real time: there is nothing to stop between slices.
        return self.fleet.follow(token, timeout)


class AsyncFakeBackend:
    """The asynchronous backend over a fleet: each request is a checkpoint."""

    def __init__(self, fleet: FakeFleet) -> None:
        self.fleet = fleet

    async def status(self, target: ScaleSetPlan) -> ScaleSetMaintenance:
        await anyio.lowlevel.checkpoint()
        return self.fleet.status(target)

    async def start(self, call: MaintenanceCall) -> str:
        await anyio.lowlevel.checkpoint()
        return self.fleet.start(call)

    async def follow(self, token: str, timeout: float) -> FollowOutcome:
        await anyio.lowlevel.checkpoint()
        return self.fleet.follow(token, timeout)
