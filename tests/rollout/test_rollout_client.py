"""The clients' rollout methods: arguments checked before any request, then plan, run and
resume end to end over a small simulated ARM; sync and async."""

from __future__ import annotations

import inspect
import itertools
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    SCALE_SET_ID,
    SUB,
    VMSS,
    AsyncFakeCredential,
    FakeArm,
    FakeCredential,
)
from hypothesis import given
from hypothesis import strategies as st
from rollout_arm import MiniArm
from rollout_fake import FakeFleet
from vmss_maintenance import (
    AsyncMaintenanceClient,
    GatePassed,
    InstanceState,
    MaintenanceClient,
    RetryPolicy,
    RolloutPlan,
    _validation,
)
from vmss_maintenance._journal import BatchState, Journal
from vmss_maintenance._journal_records import JournalError
from vmss_maintenance._rollout_plan import plan_rollout
from vmss_maintenance._rollout_targets import rollout_targets
from vmss_maintenance.errors import InvalidArgumentError

pytestmark = pytest.mark.anyio
OTHER = "11111111-1111-1111-1111-111111111111"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(params=["sync", "async"])
def client(request: pytest.FixtureRequest, clocks: FakeClocks) -> Any:
    """A client whose transport fails the test on any request."""
    arm = FakeArm()
    if request.param == "sync":
        return MaintenanceClient(FakeCredential(), SUB, transport=arm, clock=clocks,
                                 sleep=clocks.sleep)  # fmt: skip
    return AsyncMaintenanceClient(AsyncFakeCredential(), SUB, transport=arm, clock=clocks,
                                  sleep=clocks.async_sleep)  # fmt: skip


async def call(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


def scale_set_id(subscription: str, name: str) -> str:
    return (
        f"/subscriptions/{subscription}/resourceGroups/rg/providers/Microsoft.Compute/"
        f"virtualMachineScaleSets/{name}"
    )


@pytest.mark.parametrize(
    ("targets", "options", "message"),
    [
        ([], {}, "targets is empty"),
        ("rg/web", {}, "targets 'rg/web' is not valid"),
        ([("rg", "web"), ("RG", "WEB")], {}, "scale set RG/WEB is given twice"),
        ([scale_set_id(OTHER, "web")], {}, f"is in subscription {OTHER}, not in the client's"),
        ([("rg", "bad name!")], {}, "bad name!"),
        ([("rg",)], {}, "target ('rg',) is not valid"),
        ([("rg", "web")], {"max_unavailable": 0}, "max_unavailable 0 is below 1"),
        ([("rg", "web")], {"max_unavailable": 1.5}, "max_unavailable 1.5 is not a fraction"),
        ([("rg", "web")], {"batch_by": "zone"}, "batch_by 'zone' is not valid"),
        ([("rg", "web")], {"concurrency": 0}, "concurrency 0 is not valid; allowed: a whole"),
        ([("rg", "web")], {"concurrency": True}, "concurrency True is not valid"),
    ],
)
async def test_plan_rollout_checks_everything_before_any_request(
    client: Any, targets: Any, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        await call(client.plan_rollout(targets, **options))
    assert message in str(caught.value)
    await call(client.close())


def fleet_plan(subscription: str = SUB) -> RolloutPlan:
    fleet = FakeFleet()
    fleet.add("web", 2)
    statuses = [attr_evolve(s, subscription) for s in fleet.statuses()]
    return plan_rollout(statuses, max_unavailable=1)


def attr_evolve(status: Any, subscription: str) -> Any:
    import attrs

    return attrs.evolve(status, subscription_id=subscription)


async def test_run_rollout_refuses_a_plan_of_another_subscription(client: Any) -> None:
    with pytest.raises(InvalidArgumentError, match=f"of subscription {OTHER}, not the client's"):
        await call(client.run_rollout(fleet_plan(OTHER)))
    with pytest.raises(InvalidArgumentError, match="allowed: a RolloutPlan"):
        await call(client.run_rollout("plan"))
    await call(client.close())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"health_timeout": 0}, "health_timeout 0 is not valid"),
        ({"concurrency": 0}, "concurrency 0 is not valid"),
        ({"continue_on_failure": "yes"}, "continue_on_failure 'yes' is not valid"),
        ({"journal": 3}, "journal 3 is not valid"),
    ],
)
async def test_run_rollout_checks_its_options(
    client: Any, options: dict[str, Any], message: str, tmp_path: Path
) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        await call(client.run_rollout(fleet_plan(), **options))
    await call(client.close())


async def test_run_rollout_refuses_an_existing_journal(client: Any, tmp_path: Path) -> None:
    journal = tmp_path / "j.json"
    journal.write_text("{}")
    with pytest.raises(InvalidArgumentError, match="already exists; resume it"):
        await call(client.run_rollout(fleet_plan(), journal=journal))
    assert journal.read_text() == "{}"
    await call(client.close())


async def test_resume_rollout_needs_a_journal_of_this_subscription(
    client: Any, tmp_path: Path, clocks: FakeClocks
) -> None:
    with pytest.raises(JournalError, match="cannot be read"):
        await call(client.resume_rollout(tmp_path / "missing.json"))
    with pytest.raises(InvalidArgumentError, match="journal None is not valid"):
        await call(client.resume_rollout(None))
    other = tmp_path / "other.json"
    Journal.create(fleet_plan(OTHER), now=FakeFleet().clock()).write(other)
    with pytest.raises(InvalidArgumentError, match=f"journal {other} holds scale set"):
        await call(client.resume_rollout(other))
    await call(client.close())


def test_rollout_names_are_exported() -> None:
    import vmss_maintenance

    for name in ("RolloutPlan", "RolloutReport", "RolloutEvent", "BatchStarted", "GatePassed",
                 "GateFailed", "InstanceStateChanged", "Throttled", "ScaleSetDone",
                 "ScaleSetOutcome", "InstanceState"):  # fmt: skip
        assert name in vmss_maintenance.__all__
        assert getattr(vmss_maintenance, name) is not None




# -- end to end over a small simulated ARM ---------------------------------------------------

def arm_client(kind: str, arm: MiniArm, clocks: FakeClocks) -> Any:
    transport = httpx.MockTransport(arm)
    options: dict[str, Any] = {"transport": transport, "clock": clocks, "polling_interval": 10.0,
                               "retry": RetryPolicy(total=0)}  # fmt: skip
    if kind == "sync":
        return MaintenanceClient(FakeCredential(), SUB, sleep=clocks.sleep, **options)
    return AsyncMaintenanceClient(AsyncFakeCredential(), SUB, sleep=clocks.async_sleep, **options)


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_plan_and_run_through_the_client(
    kind: str, clocks: FakeClocks, tmp_path: Path
) -> None:
    arm = MiniArm({"0": 0, "1": 1, "2": 0, "3": 1, "4": 0})
    arm.state["4"] = "MaintenanceCompleted"  # nothing pending: skipped
    client = arm_client(kind, arm, clocks)
    plan = await call(client.plan_rollout([(GROUP, VMSS)], max_unavailable=2))
    assert [b.instance_ids for b in plan.targets[0].batches] == [("0", "2"), ("1", "3")]
    events: list[Any] = []
    journal = tmp_path / "rollout.json"
    report = await call(client.run_rollout(plan, journal=journal, on_event=events.append))
    assert report.exit_code == 0
    assert arm.posts == [["0", "2"], ["1", "3"]]
    assert report.counts[InstanceState.MAINTAINED] == 4
    assert report.counts[InstanceState.SKIPPED] == 1
    assert [type(e) for e in events if isinstance(e, GatePassed)] == [GatePassed] * 2
    saved = Journal.load(journal)
    assert [b.state for b in saved.scale_sets[0].batches] == [BatchState.GATE_PASSED] * 2
    assert "Bearer" not in journal.read_text()
    await call(client.close())


class InFlight:
    """Counts the scale-set GETs (the first read of each status) in flight at once."""

    def __init__(self, arm: MiniArm) -> None:
        self.arm = arm
        self.now = self.peak = 0
        self.lock = threading.Lock()

    def enter(self, request: httpx.Request) -> bool:
        if request.method != "GET" or request.url.path.rsplit("/", 2)[-2] != (
            "virtualMachineScaleSets"
        ):
            return False
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        return True

    def leave(self) -> None:
        with self.lock:
            self.now -= 1


def test_plan_rollout_reads_the_scale_sets_side_by_side(clocks: FakeClocks) -> None:
    """Sync: ``concurrency`` scale sets are read at once (threads), never more: the first two
    reads meet at a barrier, which only two reads in flight together can pass."""
    counter, meet = InFlight(MiniArm({"0": 0, "1": 1})), threading.Barrier(2, timeout=10)
    arrivals = itertools.count()

    def handler(request: httpx.Request) -> httpx.Response:
        if counter.enter(request):
            try:
                if next(arrivals) < 2:
                    meet.wait()  # passes at once when the second read is in flight too
            finally:
                counter.leave()
        return counter.arm(request)

    client = MaintenanceClient(FakeCredential(), SUB, transport=httpx.MockTransport(handler),
                               clock=clocks, sleep=clocks.sleep)  # fmt: skip
    names = [(GROUP, f"ss-{i}") for i in range(6)]
    plan = client.plan_rollout(names, max_unavailable=1, concurrency=2)
    assert [t.vm_scale_set_name for t in plan.targets] == [n for _, n in names]
    assert counter.peak == 2
    client.close()


async def test_async_plan_rollout_reads_at_most_concurrency_scale_sets_at_once(
    clocks: FakeClocks,
) -> None:
    import anyio

    counter = InFlight(MiniArm({"0": 0, "1": 1}))

    async def handler(request: httpx.Request) -> httpx.Response:
        if counter.enter(request):
            for _ in range(5):  # let the other tasks in
                await anyio.sleep(0)
            counter.leave()
        return counter.arm(request)

    client = AsyncMaintenanceClient(AsyncFakeCredential(), SUB, clock=clocks,
                                    transport=httpx.MockTransport(handler),
                                    sleep=clocks.async_sleep)  # fmt: skip
    names = [(GROUP, f"ss-{i}") for i in range(6)]
    plan = await client.plan_rollout(names, max_unavailable=1, concurrency=3)
    assert [t.vm_scale_set_name for t in plan.targets] == [n for _, n in names]
    assert counter.peak == 3
    await client.close()


async def test_a_failed_batch_stops_the_scale_set(kind: str, clocks: FakeClocks) -> None:
    arm = MiniArm({"0": 0, "1": 1, "2": 2}, faults=("1",))
    client = arm_client(kind, arm, clocks)
    plan = await call(client.plan_rollout([SCALE_SET_ID], max_unavailable=1))
    report = await call(client.run_rollout(plan))
    assert report.exit_code == 1
    assert arm.posts == [["0"], ["1"]]  # batch 3 left untouched
    states = {i.instance_id: i.state for i in report.scale_sets[0].instances}
    assert states == {"0": InstanceState.MAINTAINED, "1": InstanceState.FAILED,
                      "2": InstanceState.NOT_STARTED}  # fmt: skip
    await call(client.close())


async def test_an_interrupted_rollout_resumes_from_its_journal(
    kind: str, clocks: FakeClocks, tmp_path: Path
) -> None:
    arm = MiniArm({"0": 0, "1": 1, "2": 2})
    client = arm_client(kind, arm, clocks)
    plan = await call(client.plan_rollout([(GROUP, VMSS)], max_unavailable=1))
    journal = tmp_path / "rollout.json"
    arm.interrupt_at = 2
    if kind == "sync":
        report = client.run_rollout(plan, journal=journal)
    else:  # a KeyboardInterrupt inside a task ends the async run with its report too
        report = await client.run_rollout(plan, journal=journal)
    assert report.exit_code == 130
    assert report.resume_command == f"vmss-maintenance rollout --resume {journal}"
    assert arm.posts == [["0"]]
    arm.interrupt_at = None
    resumed = await call(client.resume_rollout(str(journal)))
    assert resumed.exit_code == 0
    assert arm.posts == [["0"], ["1"], ["2"]]  # each instance once
    await call(client.close())


def test_the_readme_rollout_example_runs_as_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clocks: FakeClocks,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """The README's library example, against the simulated ARM instead of Azure."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    section = readme.split("## Rolling maintenance", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert "<subscription id>" in code
    arm = MiniArm({"0": 0, "1": 1, "2": 0, "3": 1, "4": 2})
    import vmss_maintenance

    def client_over_the_arm(credential: Any, subscription_id: str) -> MaintenanceClient:
        assert credential is None
        return MaintenanceClient(
            FakeCredential(), subscription_id, transport=httpx.MockTransport(arm), clock=clocks,
            sleep=clocks.sleep, polling_interval=10.0,
        )  # fmt: skip

    monkeypatch.setattr(vmss_maintenance, "MaintenanceClient", client_over_the_arm)
    monkeypatch.chdir(tmp_path)
    exec(code.replace("<subscription id>", SUB), {})  # noqa: S102 (the README's own example)
    out = capsys.readouterr().out
    assert "my-group/web: batch 1 of 5 starting: 0" in out
    assert "my-group/api: rollout succeeded: all 5 batch(es) passed their health gate" in out
    assert "Total: 10 maintained; exit code 0." in out
    assert sorted(zip(arm.posted_to, map(tuple, arm.posts), strict=True)) == sorted(
        (name, ids) for name in ("web", "api") for ids in (("0",), ("2",), ("1",), ("3",), ("4",))
    )  # max_unavailable 0.2 of 5: one at a time
    assert Journal.load(tmp_path / "rollout.json").scale_sets[1].plan.vm_scale_set_name == "api"


@given(st.one_of(st.text(max_size=300), st.tuples(st.text(max_size=100), st.text(max_size=80))))
def test_any_target_is_a_checked_pair_or_a_clear_error(target: Any) -> None:
    message = ""
    pairs: list[tuple[str, str]] = []
    try:
        pairs = rollout_targets([target], SUB)
    except InvalidArgumentError as error:
        message = str(error)
    if not pairs:
        assert message
        return
    [(group, name)] = pairs
    assert _validation.resource_group_name(group) == group
    assert _validation.scale_set_name(name) == name


@given(st.text(max_size=200))
def test_any_targets_file_line_plans_or_exits_2_before_any_request(line: str) -> None:
    import contextlib
    import io
    import tempfile

    from vmss_maintenance import _cli_rollout, cli

    opened: list[str] = []

    @contextlib.contextmanager
    def open_client(session: Any, subscription_id: str) -> Any:
        opened.append(subscription_id)
        raise InvalidArgumentError("stop here")
        yield

    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        path = Path(folder) / "targets.txt"
        path.write_text(line, encoding="utf-8", errors="replace")
        patch.setattr(_cli_rollout, "open_client", open_client)
        err = io.StringIO()
        patch.setattr("sys.stderr", err)
        code = cli.main(["rollout", "-s", SUB, "--targets-file", str(path), "--dry-run"])
    assert code == 2
    assert err.getvalue().count("\n") == 1, err.getvalue()
