"""The rollout planner: batch limits, update-domain order, skipped instances, call shapes."""

from __future__ import annotations

import enum
import math
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vmss_maintenance._rollout_plan import (
    SCALE_SET_OPERATION,
    VM_OPERATION,
    describe_plan,
    parse_max_unavailable,
    plan_rollout,
    resolve_max_unavailable,
)
from vmss_maintenance.errors import InvalidArgumentError

SUB = "00000000-0000-0000-0000-000000000000"
STATES = ("Eligible", "Scheduled", "PlatformWindow", "NotAllowed", "Completed", "None", "Unknown")


@attrs.frozen
class Inst:
    instance_id: str
    state: str = "Eligible"
    update_domain: int | None = None
    vm_name: str | None = None
    resource_id: str | None = None


@attrs.frozen
class ScaleSet:
    instances: tuple[Inst, ...]
    vm_scale_set_name: str = "web"
    orchestration_mode: str = "Uniform"
    subscription_id: str = SUB
    resource_group_name: str = "rg"


def uniform(*specs: tuple[str, str, int | None], name: str = "web") -> ScaleSet:
    return ScaleSet(tuple(Inst(i, s, ud) for i, s, ud in specs), vm_scale_set_name=name)


def test_update_domains_go_in_order_and_batches_never_span_two() -> None:
    status = uniform(
        ("0", "Eligible", 1), ("1", "Eligible", 0), ("2", "Eligible", 0), ("3", "Eligible", 0),
        ("4", "Eligible", 1), ("5", "Scheduled", 0), ("6", "Eligible", None),
        ("7", "Eligible", 2), ("8", "NotAllowed", 2), ("10", "Eligible", 0),
    )
    plan = plan_rollout([status])  # 20% of 10 -> 2
    target = plan.targets[0]
    assert target.max_unavailable == 2
    assert [(b.index, b.update_domain, b.instance_ids) for b in target.batches] == [
        (0, 0, ("1", "2")),
        (1, 0, ("3", "10")),
        (2, 1, ("0", "4")),
        (3, 2, ("7",)),
        (4, None, ("6",)),
    ]
    assert [(s.instance_id, s.state) for s in target.skipped] == [
        ("5", "Scheduled"), ("8", "NotAllowed")
    ]


def test_batch_by_count_ignores_domains_and_orders_ids_numerically() -> None:
    status = uniform(*[(str(i), "Eligible", i % 3) for i in (10, 2, 1, 0, 11)])
    plan = plan_rollout([status], max_unavailable=2, batch_by="count")
    assert [b.instance_ids for b in plan.targets[0].batches] == [("0", "1"), ("2", "10"), ("11",)]
    assert all(b.update_domain is None for b in plan.targets[0].batches)


def test_uniform_batch_is_one_scale_set_call_with_its_instance_ids() -> None:
    plan = plan_rollout([uniform(("0", "Eligible", 0), ("1", "Eligible", 0))], max_unavailable=5)
    (call,) = plan.targets[0].batches[0].calls
    assert call.operation_id == SCALE_SET_OPERATION
    assert (call.resource_group_name, call.resource_name) == ("rg", "web")
    assert call.instance_ids == ("0", "1")


def test_flexible_batch_is_one_vm_call_per_vm_in_the_vms_resource_group() -> None:
    vm_id = f"/subscriptions/{SUB}/resourceGroups/vms-rg/providers/Microsoft.Compute/vm/b"
    status = ScaleSet(
        (Inst("a", vm_name="a"), Inst("b", vm_name="b", resource_id=vm_id)),
        orchestration_mode="flexible",
    )
    plan = plan_rollout([status], max_unavailable=1.0)
    target = plan.targets[0]
    assert target.orchestration_mode == "Flexible"
    calls = target.batches[0].calls
    shapes = [
        (c.operation_id, c.resource_group_name, c.resource_name, c.instance_ids) for c in calls
    ]
    assert shapes == [
        (VM_OPERATION, "rg", "a", None),
        (VM_OPERATION, "vms-rg", "b", None),
    ]


@pytest.mark.parametrize(
    ("value", "count", "expected"),
    [(0.2, 10, 2), (0.2, 4, 1), (0.29, 100, 29), (1.0, 7, 7), (0.01, 3, 1), (3, 2, 3), (0.5, 0, 1)],
)
def test_max_unavailable_resolves_against_all_instances(
    value: float, count: int, expected: int
) -> None:
    assert resolve_max_unavailable(value, count) == expected


@pytest.mark.parametrize("value", [0, -1, 1.5, 0.0, -0.1, float("nan"), True, "20%", None])
def test_bad_max_unavailable_is_refused_naming_the_value(value: object) -> None:
    with pytest.raises(InvalidArgumentError, match="max_unavailable") as caught:
        plan_rollout([], max_unavailable=value)  # type: ignore[arg-type]
    assert repr(value) in str(caught.value)
    assert "allowed" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"), [("20%", 0.2), (" 100% ", 1.0), ("2.5%", 0.025), ("3", 3), ("1", 1)]
)
def test_parse_max_unavailable(text: str, expected: float) -> None:
    value = parse_max_unavailable(text)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("text", ["0", "0%", "101%", "-1", "1.5", "abc", "%", "", "nan%", "٣"])
def test_parse_max_unavailable_refuses_bad_text(text: str) -> None:
    with pytest.raises(InvalidArgumentError, match=r"allowed: a percentage") as caught:
        parse_max_unavailable(text)
    assert repr(text) in str(caught.value)


def test_bad_batch_by_mode_duplicates_are_refused() -> None:
    with pytest.raises(InvalidArgumentError, match=r"batch_by 'zone'.*'update_domain', 'count'"):
        plan_rollout([], batch_by="zone")
    with pytest.raises(InvalidArgumentError, match=r"orchestration mode 'Other'"):
        plan_rollout([ScaleSet((), orchestration_mode="Other")])
    with pytest.raises(InvalidArgumentError, match=r"rg/WEB is given twice"):
        plan_rollout([uniform(), attrs.evolve(uniform(), vm_scale_set_name="WEB")])
    with pytest.raises(InvalidArgumentError, match=r"instance ids more than once: 1"):
        plan_rollout([uniform(("1", "Eligible", 0), ("1", "Eligible", 1))])


def test_batch_by_accepts_the_cli_spelling() -> None:
    assert plan_rollout([], batch_by="update-domain").batch_by == "update_domain"


def test_describe_plan_lists_batches_and_skipped() -> None:
    plan = plan_rollout(
        [
            uniform(("0", "Eligible", 0), ("1", "Eligible", 1), ("2", "Scheduled", 1)),
            uniform(("0", "Completed", 0), name="db"),
        ],
        max_unavailable=parse_max_unavailable("50%"),
    )
    assert describe_plan(plan) == [
        "Rollout plan: 2 scale set(s), 2 batch(es), at most 50% of each scale set at once, "
        "batched by update domain.",
        "rg/web (Uniform, 3 instance(s), at most 1 at once): 2 batch(es), 1 skipped",
        f"  batch 1 of 2 (update domain 0): 0 [one {SCALE_SET_OPERATION}]",
        f"  batch 2 of 2 (update domain 1): 1 [one {SCALE_SET_OPERATION}]",
        "  skipped: 2 (Scheduled)",
        "rg/db (Uniform, 1 instance(s), at most 1 at once): 0 batch(es), 1 skipped",
        "  nothing to do: no instance may start maintenance now",
        "  skipped: 0 (Completed)",
    ]


instances = st.lists(
    st.tuples(
        st.one_of(st.integers(0, 500).map(str), st.text("abcxyz-_", min_size=1, max_size=6)),
        st.sampled_from(STATES),
        st.one_of(st.none(), st.integers(0, 5)),
    ),
    max_size=40,
    unique_by=lambda t: t[0],
)
limits = st.one_of(st.integers(1, 50), st.floats(0.001, 1.0))


@settings(max_examples=200, deadline=None)
@given(specs=instances, limit=limits, by=st.sampled_from(["update_domain", "count"]))
def test_plan_properties(
    specs: list[tuple[str, str, int | None]], limit: float, by: str
) -> None:
    status = uniform(*specs)
    target = plan_rollout([status], max_unavailable=limit, batch_by=by).targets[0]
    batched = [i for b in target.batches for i in b.instance_ids]
    eligible = {i for i, s, _ in specs if s == "Eligible"}
    # Every eligible instance is in exactly one batch; skipped and batched make up all.
    assert sorted(batched) == sorted(eligible)
    assert {s.instance_id for s in target.skipped} == {i for i, _, _ in specs} - eligible
    assert all(s.state != "Eligible" for s in target.skipped)
    # No batch exceeds the limit; the limit never goes below 1.
    if isinstance(limit, int):
        expected_limit = limit
    else:  # the fraction as written (its shortest repr), of all instances, rounded down
        expected_limit = max(1, math.floor(Fraction(repr(limit)) * len(specs)))
    assert target.max_unavailable == expected_limit
    assert all(0 < len(b.instance_ids) <= target.max_unavailable for b in target.batches)
    assert [b.index for b in target.batches] == list(range(len(target.batches)))
    domain_of = {i: ud for i, _, ud in specs}
    if by == "update_domain":
        for batch in target.batches:
            assert {domain_of[i] for i in batch.instance_ids} == {batch.update_domain}
        order = [b.update_domain for b in target.batches]
        known = [d for d in order if d is not None]
        assert known == sorted(known)
        assert order == known + [None] * (len(order) - len(known))
    # Deterministic: the order of the input does not matter.
    shuffled = uniform(*reversed(specs))
    assert plan_rollout([shuffled], max_unavailable=limit, batch_by=by).targets[0] == target


class State(enum.StrEnum):
    ELIGIBLE = "Eligible"
    SCHEDULED = "Scheduled"


def test_enum_states_and_flexible_plans_are_described() -> None:
    status = ScaleSet(
        (Inst("vm-b", State.ELIGIBLE, vm_name="vm-b"), Inst("vm-a", State.SCHEDULED)),
        vm_scale_set_name="flex",
        orchestration_mode="Flexible",
    )
    lines = describe_plan(plan_rollout([status], max_unavailable=3))
    assert lines[1:] == [
        "rg/flex (Flexible, 2 instance(s), at most 3 at once): 1 batch(es), 1 skipped",
        f"  batch 1 of 1 (no update domain): vm-b [1 x {VM_OPERATION}]",
        "  skipped: vm-a (Scheduled)",
    ]
    assert lines[0].startswith("Rollout plan: 1 scale set(s), 1 batch(es), at most 3 instance(s)")
