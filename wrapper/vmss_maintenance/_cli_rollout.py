"""``vmss-maintenance rollout``: maintenance through scale sets in batches, with a journal.

Every argument is checked before any request. Then the plan is made (the scale sets' status is
read), shown, and confirmed: on a terminal by a question, otherwise only by ``--yes``
(``--dry-run`` only shows it). Progress goes to stderr, one line per scale set as it changes;
the final table (or, with ``--output json``, the report) to stdout. The exit code is the
report's (see ``rollout --help``); whenever the rollout stopped early with a journal, the command
that continues it is printed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from . import _cli_session, _cli_targets
from ._cli_args import PROG
from ._cli_session import Session
from ._cli_targets import Targets as _Targets
from ._cli_targets import subscription as _subscription
from ._cli_targets import targets as _targets
from ._exit_codes import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_SUCCEEDED,
)
from ._rollout_plan import DEFAULT_MAX_UNAVAILABLE
from .errors import InvalidArgumentError

if TYPE_CHECKING:
    from ._journal import Journal
    from ._rollout_events import RolloutEvent
    from ._rollout_plan import RolloutPlan
    from ._rollout_report import RolloutReport



class RolloutApi(Protocol):
    """What the command uses of :class:`~vmss_maintenance.MaintenanceClient`."""

    def list_scale_sets(self, resource_group_name: str) -> Any:
        """The scale sets of a resource group."""
        ...

    def plan_rollout(
        self,
        targets: Any,
        *,
        max_unavailable: int | float = ...,
        batch_by: str = ...,
        concurrency: int = ...,
    ) -> RolloutPlan:
        """Read the targets' status and plan the batches."""
        ...

    def run_rollout(
        self,
        plan: RolloutPlan,
        *,
        journal: str | None = ...,
        health_timeout: float = ...,
        continue_on_failure: bool = ...,
        pause_between_batches: float = ...,
        on_event: Callable[[RolloutEvent], None] | None = ...,
        concurrency: int = ...,
    ) -> RolloutReport:
        """Run a plan."""
        ...

    def resume_rollout(
        self,
        journal: str,
        *,
        on_event: Callable[[RolloutEvent], None] | None = ...,
        concurrency: int = ...,
    ) -> RolloutReport:
        """Continue a journal's rollout."""
        ...


#: Makes the client (a context manager); tests give a fake.
open_client: Callable[[Session, str], contextlib.AbstractContextManager[RolloutApi]] = (
    _cli_session.open_client
)


def stdin_is_terminal() -> bool:
    """Whether a person can answer the question (tests pretend)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


# -- checking --------------------------------------------------------------------------------


def _check(args: argparse.Namespace) -> tuple[str | None, _Targets | None, str | None]:
    """(subscription, targets, journal path) for a new rollout; for --resume (None, None, the
    journal). Raises :class:`InvalidArgumentError` naming the bad argument."""
    if not (args.dry_run or args.yes or stdin_is_terminal()):
        raise InvalidArgumentError(
            "refusing to start maintenance without confirmation: standard input is not a "
            "terminal; pass --yes to start, or --dry-run to only see the plan"
        )
    if args.resume is not None:
        given: list[str] = [
            option
            for option, value in (
                ("-s", args.subscription), ("-g", args.resource_group), ("-n", args.name),
                ("--id", args.ids), ("--targets-file", args.targets_file),
                ("--resource-group-all", args.resource_group_all),
                ("--max-unavailable", args.max_unavailable), ("--batch-by", args.batch_by),
                ("--health-timeout", args.health_timeout),
                ("--continue-on-failure", args.continue_on_failure),
                ("--pause-between-batches", args.pause_between_batches is not None),
                ("--journal", args.journal), ("--dry-run", args.dry_run),
            )
            if value
        ]  # fmt: skip
        if given:
            raise InvalidArgumentError(
                f"--resume continues the journal's rollout with its own scale sets and "
                f"settings: leave out {', '.join(given)}"
            )
        if not os.path.isfile(args.resume):
            raise InvalidArgumentError(f"--resume {args.resume!r}: no such journal file")
        return None, None, args.resume
    targets, subscriptions = _targets(args)
    subscription = _subscription(args, subscriptions)
    journal = args.journal
    if journal is None and not args.dry_run:
        journal = datetime.now(UTC).strftime("rollout-%Y%m%dT%H%M%SZ.json")
    if journal is not None:
        if os.path.exists(journal):
            raise InvalidArgumentError(
                f"--journal {journal!r} already exists; continue it with --resume {journal}, "
                "or choose another file"
            )
        folder = os.path.dirname(os.path.abspath(journal))
        if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
            raise InvalidArgumentError(
                f"--journal {journal!r}: folder {folder!r} does not exist or is not writable"
            )
    return subscription, targets, journal


# -- running ---------------------------------------------------------------------------------


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _confirm(plan: RolloutPlan, question: str = "Start maintenance") -> bool:
    instances = sum(len(t.planned_instance_ids) for t in plan.targets)
    sys.stderr.write(
        f"{question} on {instances} instance(s) in {plan.batch_count} batch(es)? [y/N] "
    )
    sys.stderr.flush()
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def resume_command(session: Session, journal: str) -> str:
    """The command that continues the rollout of ``journal`` with the same connection."""
    return shlex.join(
        [PROG, "rollout", "--resume", journal, *session.connection_words(), "--yes"]
    )


def _show_report(session: Session, report: RolloutReport) -> int:
    ours = None if report.journal_path is None else resume_command(session, report.journal_path)
    if session.json_output:
        from ._cli_output import dump_json

        document = report.to_json_dict()
        if document["resume_command"] is not None:
            document["resume_command"] = ours
        dump_json(document, sys.stdout)
    else:
        for line in report.lines():
            if report.resume_command is not None and ours is not None:
                line = line.replace(report.resume_command, ours)
            print(line, file=sys.stdout)
        sys.stdout.flush()
    if report.resume_command is not None and session.json_output:
        _say(f"The journal is saved; to continue: {ours}")
    return report.exit_code


def _plan(client: RolloutApi, args: argparse.Namespace, targets: _Targets) -> RolloutPlan:
    return client.plan_rollout(
        _cli_targets.listed(client, targets),
        max_unavailable=DEFAULT_MAX_UNAVAILABLE
        if args.max_unavailable is None
        else args.max_unavailable,
        batch_by=(args.batch_by or "update-domain").replace("-", "_"),
        concurrency=args.concurrency,
    )


@contextlib.contextmanager
def _nothing_started() -> Iterator[None]:
    try:
        yield
    except KeyboardInterrupt:
        _say(f"{PROG}: interrupted before the rollout started; nothing was started")
        raise _Stopped(EXIT_INTERRUPTED) from None


@contextlib.contextmanager
def _stopping(session: Session, journal: str) -> Iterator[None]:
    """A second interrupt while the rollout stops: the journal is already saved."""
    try:
        yield
    except KeyboardInterrupt:
        _say(
            f"{PROG}: interrupted again while stopping; the journal is saved after every step; "
            "operations in flight go on in Azure; continue with: "
            + resume_command(session, journal)
        )
        raise _Stopped(EXIT_INTERRUPTED) from None


class _Stopped(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def rollout(session: Session) -> int:
    """Run the ``rollout`` command of ``session`` (its errors are reported by the caller)."""
    from ._cli_output import dump_json
    from ._cli_rollout_view import ProgressLines, plan_document
    from ._journal import Journal
    from ._rollout_plan import describe_plan
    from ._rollout_report import RolloutSettings

    args = session.args
    subscription, targets, journal = _check(args)
    concurrency = args.concurrency
    try:
        if targets is None:
            assert journal is not None
            loaded: Journal = Journal.load(journal)
            if not loaded.scale_sets:
                raise InvalidArgumentError(f"--resume {journal!r}: the journal has no scale set")
            with open_client(session, loaded.scale_sets[0].plan.subscription_id) as client:
                progress = ProgressLines(
                    loaded.plan, sys.stderr, continue_on_failure=loaded.continue_on_failure
                )
                _say(f"Resuming the rollout of journal {journal}")
                _say(RolloutSettings.of(loaded).describe())
                with _nothing_started():
                    if not args.yes and not _confirm(loaded.plan, "Continue the rollout"):
                        _say("Declined: nothing was started.")
                        return EXIT_FAILED
                with _stopping(session, journal):
                    report = client.resume_rollout(
                        journal, on_event=progress, concurrency=concurrency
                    )
                return _show_report(session, report)
        assert subscription is not None
        settings = RolloutSettings(
            health_timeout=900.0 if args.health_timeout is None else args.health_timeout,
            continue_on_failure=args.continue_on_failure,
            pause_between_batches=args.pause_between_batches or 0.0,
        )
        with open_client(session, subscription) as client:
            with _nothing_started():
                plan = _plan(client, args, targets)
                if args.dry_run:
                    if session.json_output:
                        dump_json(plan_document(plan, settings), sys.stdout)
                    else:
                        lines = [*describe_plan(plan), settings.describe()]
                        print("\n".join(lines), file=sys.stdout, flush=True)
                    return EXIT_SUCCEEDED
                _say("\n".join([*describe_plan(plan), settings.describe()]))
                if not args.yes and not _confirm(plan):
                    _say("Declined: nothing was started.")
                    return EXIT_FAILED
            _say(f"Journal: {journal} (continue a stopped rollout with: "
                 f"{resume_command(session, journal or '')})")  # fmt: skip
            on_event: Callable[[RolloutEvent], None] = ProgressLines(
                plan, sys.stderr, continue_on_failure=args.continue_on_failure
            )
            with _stopping(session, journal or ""):
                report = client.run_rollout(
                    plan,
                    journal=journal,
                    health_timeout=settings.health_timeout,
                    continue_on_failure=settings.continue_on_failure,
                    pause_between_batches=settings.pause_between_batches,
                    on_event=on_event,
                    concurrency=concurrency,
                )
            return _show_report(session, report)
    except _Stopped as stopped:
        return stopped.code
