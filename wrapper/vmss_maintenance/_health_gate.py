"""The health gate a batch passes before the next batch starts (pure: statuses and times in).

One instance passes when its provisioning state is ``succeeded``, its power state ``running``,
its health ``healthy`` where health is reported, and its maintenance is no longer pending
(state ``Completed`` or ``None``). The rules:

- ``last_result_code`` ``RetryLater`` or ``MaintenanceAborted``, or provisioning state
  ``failed``: FAILED at once (waiting will not fix them).
- Anything else short of passing (``starting``, ``updating``, ``stopped``, ``deallocated``,
  ``unhealthy``, maintenance still pending, no status seen): WAITING. An instance may well be
  stopped for a while during a redeploy, so a stopped VM is not a failure by itself.
- :func:`batch_gate` turns WAITING into FAILED once ``health_timeout`` has passed since the gate
  started watching, with the reasons of every instance that was not ready.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable
from datetime import datetime, timedelta
from typing import Protocol

import attrs

from .errors import InvalidArgumentError

DEFAULT_HEALTH_TIMEOUT = 900.0
FAILED_RESULT_CODES = frozenset({"retrylater", "maintenanceaborted"})
_DONE_STATES = frozenset({"completed", "none"})


class GateOutcome(enum.StrEnum):
    """How an instance, or a batch, stands at the health gate."""

    PASSED = "passed"
    WAITING = "waiting"
    FAILED = "failed"


class InstanceAfter(Protocol):
    """What the gate reads of one instance's status after its batch."""

    @property
    def instance_id(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def last_result_code(self) -> str | None: ...
    @property
    def last_result_message(self) -> str | None: ...
    @property
    def power_state(self) -> str | None: ...
    @property
    def provisioning_state(self) -> str | None: ...
    @property
    def health(self) -> str | None: ...


@attrs.frozen
class GateVerdict:
    """One instance's verdict with a reason a person can act on."""

    instance_id: str
    outcome: GateOutcome
    reason: str


@attrs.frozen
class BatchGateVerdict:
    """A batch's verdict: FAILED if any instance failed, PASSED if all passed, else WAITING."""

    outcome: GateOutcome
    reason: str
    instances: tuple[GateVerdict, ...]

    @property
    def failed_instance_ids(self) -> tuple[str, ...]:
        """The instances whose verdict is FAILED."""
        return tuple(v.instance_id for v in self.instances if v.outcome is GateOutcome.FAILED)


def _text(value: object) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))


def gate(instance_after: InstanceAfter) -> GateVerdict:
    """The verdict for one instance's status seen after its batch's operation ended."""
    instance_id = instance_after.instance_id
    code = _text(instance_after.last_result_code)
    if code is not None and code.lower() in FAILED_RESULT_CODES:
        message = _text(instance_after.last_result_message)
        detail = f": {message}" if message else ""
        return GateVerdict(instance_id, GateOutcome.FAILED, f"maintenance result {code}{detail}")
    provisioning = _text(instance_after.provisioning_state)
    if provisioning is not None and provisioning.lower() == "failed":
        return GateVerdict(instance_id, GateOutcome.FAILED, f"provisioning state {provisioning}")
    waiting = []
    state = _text(instance_after.state) or "Unknown"
    if state.lower() == "unknown":
        waiting.append("no instance view yet")
    elif state.lower() not in _DONE_STATES:
        waiting.append(f"maintenance still pending (state {state})")
    if provisioning is None or provisioning.lower() != "succeeded":
        waiting.append(f"provisioning state {provisioning or 'not reported'}")
    power = _text(instance_after.power_state)
    if power is None or power.lower() != "running":
        waiting.append(f"power state {power or 'not reported'}")
    health = _text(instance_after.health)
    if health is not None and health.lower() != "healthy":
        waiting.append(f"health {health}")
    if waiting:
        return GateVerdict(instance_id, GateOutcome.WAITING, "; ".join(waiting))
    healthy = "healthy" if health is not None else "health not reported"
    return GateVerdict(
        instance_id, GateOutcome.PASSED, f"succeeded, running, {healthy}, maintenance {state}"
    )


def batch_gate(
    instances: Iterable[InstanceAfter],
    started_at: datetime,
    now: datetime,
    health_timeout: float | timedelta = DEFAULT_HEALTH_TIMEOUT,
    *,
    expected_instance_ids: Collection[str] | None = None,
) -> BatchGateVerdict:
    """Aggregate the verdicts of a batch's instances.

    ``started_at`` is when the gate started watching (the batch's operations ended) and ``now``
    the time of the statuses, both UTC-aware. ``health_timeout`` is seconds or a timedelta
    (> 0). An id of ``expected_instance_ids`` with no status among ``instances`` counts as
    WAITING ("no status seen"), so an instance that vanished fails at the timeout rather than
    being forgotten.
    """
    timeout = (
        health_timeout if isinstance(health_timeout, timedelta) else _seconds(health_timeout)
    )
    if timeout <= timedelta(0):
        raise InvalidArgumentError(
            f"health_timeout {health_timeout!r} is not valid; allowed: a time > 0"
        )
    for name, moment in (("started_at", started_at), ("now", now)):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise InvalidArgumentError(
                f"{name} {moment.isoformat()!r} has no time zone; allowed: an aware datetime"
            )
    verdicts = {v.instance_id: v for v in (gate(i) for i in instances)}
    for missing in expected_instance_ids or ():
        if missing not in verdicts:
            verdicts[missing] = GateVerdict(missing, GateOutcome.WAITING, "no status seen")
    if not verdicts:
        raise InvalidArgumentError("batch_gate got no instances; a batch has at least one")
    results = tuple(verdicts.values())
    waited = now - started_at
    if waited >= timeout and any(v.outcome is GateOutcome.WAITING for v in results):
        after = f"not ready after {timeout.total_seconds():g} s"
        results = tuple(
            attrs.evolve(v, outcome=GateOutcome.FAILED, reason=f"{after}: {v.reason}")
            if v.outcome is GateOutcome.WAITING
            else v
            for v in results
        )
    failed = [v for v in results if v.outcome is GateOutcome.FAILED]
    waiting = [v for v in results if v.outcome is GateOutcome.WAITING]
    if failed:
        listed = "; ".join(f"{v.instance_id}: {v.reason}" for v in failed)
        return BatchGateVerdict(GateOutcome.FAILED, f"{len(failed)} failed: {listed}", results)
    if waiting:
        left = max(0.0, (timeout - waited).total_seconds())
        listed = "; ".join(f"{v.instance_id}: {v.reason}" for v in waiting)
        return BatchGateVerdict(
            GateOutcome.WAITING, f"{len(waiting)} waiting ({left:g} s left): {listed}", results
        )
    return BatchGateVerdict(GateOutcome.PASSED, f"all {len(results)} passed", results)


def _seconds(value: float) -> timedelta:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise InvalidArgumentError(
            f"health_timeout {value!r} is not valid; allowed: seconds > 0 or a timedelta"
        )
    try:
        return timedelta(seconds=value)
    except OverflowError:
        raise InvalidArgumentError(
            f"health_timeout {value!r} is too large; allowed: seconds > 0 or a timedelta"
        ) from None
