"""What the clients' rollout methods check before any request: targets, options, subscription.

A rollout target is a scale set's ARM resource id or a ``(resource_group, name)`` pair, in the
client's subscription (one client, one subscription: a fleet across subscriptions is one
rollout per subscription).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from . import _validation
from ._rollout_plan import RolloutPlan, plan_rollout
from .errors import InvalidArgumentError

_ALLOWED = "allowed: a scale set resource id, or a (resource_group, name) pair"


def rollout_targets(targets: Iterable[Any], subscription_id: str) -> list[tuple[str, str]]:
    """``(resource group, scale set)`` of every target, checked; no target twice, at least one."""
    if isinstance(targets, str | bytes) or not isinstance(targets, Iterable):
        raise InvalidArgumentError(
            f"targets {targets!r} is not valid; allowed: a list of scale set resource ids or "
            "(resource_group, name) pairs"
        )
    found: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for target in targets:
        pair = _target(target, subscription_id)
        key = (pair[0].lower(), pair[1].lower())
        if key in seen:
            raise InvalidArgumentError(
                f"scale set {pair[0]}/{pair[1]} is given twice; each may appear once in a rollout"
            )
        seen.add(key)
        found.append(pair)
    if not found:
        raise InvalidArgumentError("targets is empty; give at least one scale set")
    return found


def _target(target: object, subscription_id: str) -> tuple[str, str]:
    if isinstance(target, str):
        parts = _validation.parse_scale_set_id(target)
        if parts.subscription_id.lower() != subscription_id.lower():
            raise InvalidArgumentError(
                f"scale set {target!r} is in subscription {parts.subscription_id}, not in the "
                f"client's ({subscription_id}); use a client of that subscription"
            )
        return parts.resource_group_name, parts.vm_scale_set_name
    if isinstance(target, tuple | list) and len(target) == 2:
        group, name = target
        return _validation.resource_group_name(group), _validation.scale_set_name(name)
    raise InvalidArgumentError(f"target {target!r} is not valid; {_ALLOWED}")


def check_concurrency(concurrency: object) -> int:
    """``concurrency`` (scale sets at once), or :class:`InvalidArgumentError`."""
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise InvalidArgumentError(
            f"concurrency {concurrency!r} is not valid; allowed: a whole number >= 1"
        )
    return concurrency


def check_plan_options(max_unavailable: int | float, batch_by: str) -> None:
    """Raise for a bad ``max_unavailable`` or ``batch_by`` (planning nothing checks both)."""
    plan_rollout((), max_unavailable=max_unavailable, batch_by=batch_by)


def check_subscription(plan: RolloutPlan, subscription_id: str, what: str = "plan") -> None:
    """Raise unless every scale set of ``plan`` is in ``subscription_id``."""
    if not isinstance(plan, RolloutPlan):
        raise InvalidArgumentError(
            f"plan {plan!r} is not valid; allowed: a RolloutPlan from plan_rollout"
        )
    for target in plan.targets:
        if target.subscription_id.lower() != subscription_id.lower():
            raise InvalidArgumentError(
                f"the {what} holds scale set {target.resource_id} of subscription "
                f"{target.subscription_id}, not the client's ({subscription_id}); use a client "
                "of that subscription"
            )


def journal_path(journal: object, *, required: bool) -> str | None:
    """The journal file argument as a path (None allowed unless ``required``)."""
    if journal is None and not required:
        return None
    path = os.fspath(journal) if isinstance(journal, str | os.PathLike) else None
    if not isinstance(path, str) or not path:
        raise InvalidArgumentError(
            f"journal {journal!r} is not valid; allowed: a file path"
            + ("" if required else " or None")
        )
    return path
