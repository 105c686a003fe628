"""Rollout planning: which eligible instances are maintained together, in which order.

A pure function of scale-set maintenance statuses (no I/O). The rules:

- At most ``max_unavailable`` of a scale set's instances are in one batch: a count (an ``int``
  >= 1) or a fraction ``0 < f <= 1`` of *all* the scale set's instances (eligible or not),
  rounded down but at least 1.
- ``batch_by="update_domain"`` (default): a batch never spans two update domains and domains go
  in ascending order. Instances that report no update domain (typical of Flexible scale sets)
  form their own group, planned *last*: nothing is known about how they are spread, so the
  instances whose placement is known go first.
- ``batch_by="count"``: domains are ignored; instances go in instance-id order.
- Inside a batch, instances are ordered by instance id (numeric ids numerically).
- Instances whose state is not ``Eligible`` are not batched; they are listed as skipped with
  their state.
- A Uniform batch is one ``VirtualMachineScaleSets_PerformMaintenance`` with its
  ``instanceIds``; a Flexible batch is one ``VirtualMachines_PerformMaintenance`` per VM.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Protocol

import attrs

from .errors import InvalidArgumentError

ELIGIBLE = "Eligible"
UNIFORM = "Uniform"
FLEXIBLE = "Flexible"
SCALE_SET_OPERATION = "VirtualMachineScaleSets_PerformMaintenance"
VM_OPERATION = "VirtualMachines_PerformMaintenance"
BATCH_BY_CHOICES = ("update_domain", "count")
DEFAULT_MAX_UNAVAILABLE = 0.2
#: Scale sets a rollout runs at once.
DEFAULT_CONCURRENCY = 4

_RESOURCE_GROUP = re.compile(r"/resourceGroups/([^/]+)/", re.IGNORECASE)


class InstanceStatus(Protocol):
    """What the planner reads of one instance's maintenance status."""

    @property
    def instance_id(self) -> str: ...
    @property
    def vm_name(self) -> str | None: ...
    @property
    def resource_id(self) -> str | None: ...
    @property
    def state(self) -> str: ...
    @property
    def update_domain(self) -> int | None: ...


class ScaleSetStatus(Protocol):
    """What the planner reads of one scale set's maintenance status."""

    @property
    def subscription_id(self) -> str: ...
    @property
    def resource_group_name(self) -> str: ...
    @property
    def vm_scale_set_name(self) -> str: ...
    @property
    def orchestration_mode(self) -> str: ...
    @property
    def instances(self) -> Sequence[InstanceStatus]: ...


@attrs.frozen
class MaintenanceCall:
    """One performMaintenance request a batch makes.

    ``resource_name`` is the scale set (``VirtualMachineScaleSets_PerformMaintenance``, with
    ``instance_ids``) or the VM (``VirtualMachines_PerformMaintenance``, ``instance_ids`` None).
    """

    operation_id: str
    subscription_id: str
    resource_group_name: str
    resource_name: str
    instance_ids: tuple[str, ...] | None


@attrs.frozen
class Batch:
    """Instances maintained together; ``index`` counts from 0 within its scale set."""

    index: int
    instance_ids: tuple[str, ...]
    update_domain: int | None
    calls: tuple[MaintenanceCall, ...]


@attrs.frozen
class SkippedInstance:
    """An instance the rollout leaves alone, with the state that made it so."""

    instance_id: str
    state: str
    update_domain: int | None


@attrs.frozen
class ScaleSetPlan:
    """The batches of one scale set; ``max_unavailable`` is the resolved instance count."""

    subscription_id: str
    resource_group_name: str
    vm_scale_set_name: str
    orchestration_mode: str
    instance_count: int
    max_unavailable: int
    batches: tuple[Batch, ...]
    skipped: tuple[SkippedInstance, ...]

    @property
    def resource_id(self) -> str:
        """The scale set's ARM resource id."""
        return (
            f"/subscriptions/{self.subscription_id}/resourceGroups/{self.resource_group_name}"
            f"/providers/Microsoft.Compute/virtualMachineScaleSets/{self.vm_scale_set_name}"
        )

    @property
    def planned_instance_ids(self) -> tuple[str, ...]:
        """Every batched instance, in rollout order."""
        return tuple(i for batch in self.batches for i in batch.instance_ids)


@attrs.frozen
class RolloutPlan:
    """The plan for every target scale set, with the settings it was made with."""

    targets: tuple[ScaleSetPlan, ...]
    max_unavailable: int | float
    batch_by: str

    @property
    def batch_count(self) -> int:
        """Number of batches over all scale sets."""
        return sum(len(target.batches) for target in self.targets)


def parse_max_unavailable(text: str) -> int | float:
    """Parse the CLI form: ``"20%"`` -> 0.2 (0 < p <= 100) or ``"3"`` -> 3 (an integer >= 1)."""
    value = text.strip()
    allowed = "allowed: a percentage 0 < p <= 100 such as '20%', or a whole count >= 1 such as '3'"
    if value.endswith("%"):
        try:
            percent = Decimal(value[:-1].strip())
        except ArithmeticError:
            message = f"max_unavailable {text!r} is not valid; {allowed}"
            raise InvalidArgumentError(message) from None
        if not percent.is_finite() or not 0 < percent <= 100:
            raise InvalidArgumentError(f"max_unavailable {text!r} is out of range; {allowed}")
        return float(percent / 100)
    if value.isascii() and value.isdigit() and int(value) >= 1:
        return int(value)
    raise InvalidArgumentError(f"max_unavailable {text!r} is not valid; {allowed}")


def resolve_max_unavailable(max_unavailable: int | float, instance_count: int) -> int:
    """The number of instances of a scale set of ``instance_count`` that may be in one batch."""
    _check_max_unavailable(max_unavailable)
    if isinstance(max_unavailable, int):
        return max_unavailable
    # Decimal of the shortest repr: 0.29 of 100 is 29, not 28.999999999999996 rounded down.
    count = math.floor(Decimal(repr(max_unavailable)) * instance_count)
    return max(1, count)


def _check_max_unavailable(value: object) -> None:
    allowed = "allowed: an int count >= 1, or a float fraction 0 < f <= 1 of all instances"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidArgumentError(f"max_unavailable {value!r} is not a number; {allowed}")
    if isinstance(value, int):
        if value < 1:
            raise InvalidArgumentError(f"max_unavailable {value!r} is below 1; {allowed}")
    elif not (math.isfinite(value) and 0 < value <= 1):
        raise InvalidArgumentError(f"max_unavailable {value!r} is not a fraction; {allowed}")


def _check_batch_by(batch_by: object) -> str:
    normal = batch_by.replace("-", "_") if isinstance(batch_by, str) else batch_by
    if normal not in BATCH_BY_CHOICES:
        choices = ", ".join(repr(c) for c in BATCH_BY_CHOICES)
        raise InvalidArgumentError(f"batch_by {batch_by!r} is not valid; allowed: {choices}")
    assert isinstance(normal, str)
    return normal


def _check_mode(status: ScaleSetStatus) -> str:
    mode = str(status.orchestration_mode)
    for known in (UNIFORM, FLEXIBLE):
        if mode.lower() == known.lower():
            return known
    raise InvalidArgumentError(
        f"scale set {status.vm_scale_set_name!r} has orchestration mode {mode!r}; "
        f"allowed: {UNIFORM!r}, {FLEXIBLE!r}"
    )


def state_text(state: object) -> str:
    """The text of a state: an enum's value, or the string itself."""
    return str(getattr(state, "value", state))


def instance_sort_key(instance_id: str) -> tuple[int, int, str]:
    """Order instance ids: numeric ids numerically first, then the others by text."""
    if instance_id.isascii() and instance_id.isdigit():
        return (0, int(instance_id), instance_id)
    return (1, 0, instance_id)


def plan_rollout(
    statuses: Iterable[ScaleSetStatus],
    *,
    max_unavailable: int | float = DEFAULT_MAX_UNAVAILABLE,
    batch_by: str = "update_domain",
) -> RolloutPlan:
    """Plan the batches of a rollout over the scale sets of ``statuses`` (see the module doc).

    Raises :class:`InvalidArgumentError` for a bad ``max_unavailable`` or ``batch_by``, a scale
    set given twice, an instance id reported twice in one scale set, or an unknown
    orchestration mode.
    """
    _check_max_unavailable(max_unavailable)
    by = _check_batch_by(batch_by)
    seen: set[tuple[str, str, str]] = set()
    targets = []
    for status in statuses:
        key = (
            status.subscription_id.lower(),
            status.resource_group_name.lower(),
            status.vm_scale_set_name.lower(),
        )
        if key in seen:
            raise InvalidArgumentError(
                f"scale set {status.resource_group_name}/{status.vm_scale_set_name} is given "
                "twice; each scale set may appear once in a rollout"
            )
        seen.add(key)
        targets.append(_plan_scale_set(status, max_unavailable, by))
    return RolloutPlan(targets=tuple(targets), max_unavailable=max_unavailable, batch_by=by)


def _plan_scale_set(status: ScaleSetStatus, max_unavailable: int | float, by: str) -> ScaleSetPlan:
    mode = _check_mode(status)
    instances = list(status.instances)
    ids = [i.instance_id for i in instances]
    duplicates = sorted({i for i in ids if ids.count(i) > 1}, key=instance_sort_key)
    if duplicates:
        raise InvalidArgumentError(
            f"scale set {status.vm_scale_set_name!r} reports instance ids more than once: "
            f"{', '.join(duplicates)}; each instance must appear once"
        )
    limit = resolve_max_unavailable(max_unavailable, len(instances))
    ordered = sorted(instances, key=lambda i: instance_sort_key(i.instance_id))
    eligible = [i for i in ordered if state_text(i.state) == ELIGIBLE]
    skipped = tuple(
        SkippedInstance(i.instance_id, state_text(i.state), i.update_domain)
        for i in ordered
        if state_text(i.state) != ELIGIBLE
    )
    groups: list[tuple[int | None, list[InstanceStatus]]]
    if by == "count":
        groups = [(None, eligible)]
    else:
        domains = sorted({i.update_domain for i in eligible if i.update_domain is not None})
        groups = [(d, [i for i in eligible if i.update_domain == d]) for d in domains]
        unplaced = [i for i in eligible if i.update_domain is None]
        if unplaced:
            groups.append((None, unplaced))
    batches: list[Batch] = []
    for domain, members in groups:
        for start in range(0, len(members), limit):
            chunk = members[start : start + limit]
            batches.append(
                Batch(
                    index=len(batches),
                    instance_ids=tuple(i.instance_id for i in chunk),
                    update_domain=domain,
                    calls=_calls(status, mode, chunk),
                )
            )
    return ScaleSetPlan(
        subscription_id=status.subscription_id,
        resource_group_name=status.resource_group_name,
        vm_scale_set_name=status.vm_scale_set_name,
        orchestration_mode=mode,
        instance_count=len(instances),
        max_unavailable=limit,
        batches=tuple(batches),
        skipped=skipped,
    )


def _calls(
    status: ScaleSetStatus, mode: str, chunk: Sequence[InstanceStatus]
) -> tuple[MaintenanceCall, ...]:
    if mode == UNIFORM:
        return (
            MaintenanceCall(
                operation_id=SCALE_SET_OPERATION,
                subscription_id=status.subscription_id,
                resource_group_name=status.resource_group_name,
                resource_name=status.vm_scale_set_name,
                instance_ids=tuple(i.instance_id for i in chunk),
            ),
        )
    return tuple(
        MaintenanceCall(
            operation_id=VM_OPERATION,
            subscription_id=status.subscription_id,
            resource_group_name=_vm_resource_group(i, status.resource_group_name),
            resource_name=i.vm_name or i.instance_id,
            instance_ids=None,
        )
        for i in chunk
    )


def _vm_resource_group(instance: InstanceStatus, default: str) -> str:
    # A Flexible scale set's VMs may live in another resource group: trust the VM's own id.
    match = _RESOURCE_GROUP.search(instance.resource_id or "")
    return match.group(1) if match else default


def describe_plan(plan: RolloutPlan) -> list[str]:
    """Text lines for the CLI: per scale set its batches with their instances, then the skipped."""
    limit = plan.max_unavailable
    if isinstance(limit, int):
        limit_text = f"{limit} instance(s)"
    else:
        limit_text = f"{(Decimal(repr(limit)) * 100).normalize():f}%"
    by_text = "update domain" if plan.batch_by == "update_domain" else "instance count"
    lines = [
        f"Rollout plan: {len(plan.targets)} scale set(s), {plan.batch_count} batch(es), "
        f"at most {limit_text} of each scale set at once, batched by {by_text}."
    ]
    for target in plan.targets:
        lines.append(
            f"{target.resource_group_name}/{target.vm_scale_set_name} "
            f"({target.orchestration_mode}, {target.instance_count} instance(s), "
            f"at most {target.max_unavailable} at once): {len(target.batches)} batch(es), "
            f"{len(target.skipped)} skipped"
        )
        if not target.batches:
            lines.append("  nothing to do: no instance may start maintenance now")
        for batch in target.batches:
            domain = "no update domain" if batch.update_domain is None else (
                f"update domain {batch.update_domain}"
            )
            call_text = (
                f"one {SCALE_SET_OPERATION}"
                if target.orchestration_mode == UNIFORM
                else f"{len(batch.calls)} x {VM_OPERATION}"
            )
            lines.append(
                f"  batch {batch.index + 1} of {len(target.batches)} ({domain}): "
                f"{', '.join(batch.instance_ids)} [{call_text}]"
            )
        if target.skipped:
            skipped = ", ".join(f"{s.instance_id} ({s.state})" for s in target.skipped)
            lines.append(f"  skipped: {skipped}")
    return lines
