"""The ``vmss-maintenance`` command: start, follow and resume performMaintenance operations.

Only the console script (and ``python -m vmss_maintenance``) imports this module; ``import
vmss_maintenance`` does not. ``rich`` is imported only when needed.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import TYPE_CHECKING, Any

from . import _cli_output, _cli_session
from ._cli_args import MIN_POLLING_INTERVAL, PROG, build_parser, wants_json
from ._cli_args import UsageError as _UsageError
from ._cli_session import (
    PLACEHOLDER_TOKEN,
    Session,
    checked_subscription,
    open_client,
    subscription_from_environment,
    warn,
)
from ._exit_codes import (
    EXIT_AUTHENTICATION,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_SERVICE_ERROR,
    EXIT_SUCCEEDED,
    EXIT_TERMINATED,
    EXIT_TIMED_OUT,
    EXIT_UNEXPECTED,
    EXIT_USAGE,
)
from ._logging import echo_to_stderr
from .errors import (
    AuthenticationError,
    InvalidArgumentError,
    MaintenanceError,
    OperationFailedError,
    PollingTimeoutError,
    UntrustedHostError,
)

if TYPE_CHECKING:
    from ._client import MaintenancePoller
    from ._result import MaintenanceResult, VmMaintenanceResult

__all__ = [
    "EXIT_AUTHENTICATION",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_SERVICE_ERROR",
    "EXIT_SUCCEEDED",
    "EXIT_TERMINATED",
    "EXIT_TIMED_OUT",
    "EXIT_UNEXPECTED",
    "EXIT_USAGE",
    "MIN_POLLING_INTERVAL",
    "PLACEHOLDER_TOKEN",
    "build_parser",
    "exit_code_for",
    "main",
]


#: A credential error is cut to this many characters without -v.
_BRIEF_LIMIT = 300


class _Terminated(KeyboardInterrupt):
    """SIGTERM (a cancelled CI job): handled like Ctrl-C."""


# -- outcomes --------------------------------------------------------------------------------


def exit_code_for(exc: BaseException) -> int:
    """The exit code for an error (see the ``--help`` epilog)."""
    if isinstance(exc, OperationFailedError):
        return EXIT_FAILED
    if isinstance(exc, InvalidArgumentError | _UsageError):
        return EXIT_USAGE
    if isinstance(exc, AuthenticationError):
        return EXIT_AUTHENTICATION
    if isinstance(exc, PollingTimeoutError):
        return EXIT_TIMED_OUT
    if isinstance(exc, MaintenanceError):
        return EXIT_SERVICE_ERROR
    return EXIT_UNEXPECTED


def _report(exc: MaintenanceError, session: Session) -> int:
    """Print one line on stderr (and the JSON document with --output json); the exit code."""
    code = exit_code_for(exc)
    token = getattr(exc, "continuation_token", None)
    if not isinstance(token, str) and not isinstance(exc, OperationFailedError):
        token = session.running_token()
    resume = session.resume_command(token) if isinstance(token, str) else None
    facts = _cli_output.ErrorFacts(
        resume_command=resume,
        continuation_token=token if isinstance(token, str) else None,
        request_id=session.operation_request_id(),
        note=session.before_the_poller(exc),
    )
    if session.json_output:
        _cli_output.dump_json(_cli_output.error_document(exc, code, facts), sys.stdout)
    brief = _BRIEF_LIMIT if not session.args.verbose else None
    print(_cli_output.error_line(PROG, exc, facts, brief=brief), file=sys.stderr, flush=True)
    return code


def _report_usage(exc: _UsageError, json_output: bool) -> int:
    if json_output:
        document = _cli_output.error_document(exc, EXIT_USAGE)
        document["error"]["type"] = "UsageError"
        _cli_output.dump_json(document, sys.stdout)
    print(str(exc), file=sys.stderr, flush=True)
    return EXIT_USAGE


def _interrupted(session: Session, exc: KeyboardInterrupt) -> int:
    """Ctrl-C or SIGTERM: say what became of the operation, and how to resume it."""
    terminated = isinstance(exc, _Terminated)
    code = EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
    what = "terminated (SIGTERM)" if terminated else "interrupted"
    token = session.running_token()
    watch = session.watch
    resume = None
    client_request_id = None
    if token is not None:
        resume = session.resume_command(token)
        text = f"{what}; the operation goes on in Azure; resume with: {resume}"
    elif session.poller is not None:
        text = f"{what} after the operation ended ({session.poller.status()})"
    elif watch is not None and watch.post_accepted:
        text = f"{what}; {session.before_the_poller(exc)}"
    elif watch is not None and watch.post_started:
        client_request_id = watch.post_client_request_id
        text = (
            f"{what} before the service answered; the operation may or may not have started; "
            f"client request id {client_request_id}"
        )
    else:
        text = f"{what}; nothing was started"
    if session.json_output:
        document: dict[str, Any] = {
            "status": "Interrupted",
            "exit_code": code,
            "message": text,
            "continuation_token": token,
            "request_id": session.operation_request_id(),
        }
        if resume is not None:
            document["resume_command"] = resume
        if client_request_id is not None:
            document["client_request_id"] = client_request_id
        _cli_output.dump_json(document, sys.stdout)
    warn(text)
    return code


def _unexpected(exc: Exception, session: Session) -> int:
    """Any other error (a closed pipe, a full disk, a bug): one line, exit 6."""
    output_lost = isinstance(exc, OSError) and exc.errno in (errno.EPIPE, errno.ENOSPC)
    if output_lost:
        _drop_stdout()
    token = None
    with contextlib.suppress(Exception):
        token = session.running_token()
    resume = None if token is None else session.resume_command(token)
    what = "could not write the output" if output_lost else "unexpected error"
    text = _cli_output.one_line(f"{what}: {type(exc).__name__}: {exc}")
    if resume is not None:
        text += f"; the operation goes on in Azure; resume with: {resume}"
    with contextlib.suppress(OSError, ValueError):
        if session.json_output and not output_lost:
            facts = _cli_output.ErrorFacts(resume_command=resume, continuation_token=token)
            document = _cli_output.error_document(exc, EXIT_UNEXPECTED, facts)
            _cli_output.dump_json(document, sys.stdout)
        warn(text)
    return EXIT_UNEXPECTED


def _drop_stdout() -> None:
    """Point standard output at the null device, so exiting does not fail flushing it again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, sys.stdout.fileno())
        finally:
            os.close(null)


@contextlib.contextmanager
def _quiet_azure_logging(verbose: bool) -> Iterator[None]:
    """Without -v, keep azure-identity's WARNING blocks (printed by logging's last-resort
    handler) off the terminal: the one-line error says what failed."""
    if verbose:
        yield
        return
    azure = logging.getLogger("azure")
    handler = logging.NullHandler()
    azure.addHandler(handler)
    try:
        yield
    finally:
        azure.removeHandler(handler)


# -- following -------------------------------------------------------------------------------


def _describe(poller: MaintenancePoller[Any]) -> str:
    """``group/scale-set (instances ...)``, or ``group/vm (VM)``."""
    if poller.vm_name is not None:
        return _cli_output.vm_text(poller.resource_group_name, poller.vm_name)
    return _cli_output.target_text(
        poller.resource_group_name, poller.vm_scale_set_name, poller.instance_ids
    )


def _follow(
    poller: MaintenancePoller[Any],
    progress: _cli_output.Progress,
    headline: str,
    timeout: float | None,
) -> MaintenanceResult | VmMaintenanceResult:
    """The poller's result, showing its updates; its errors (a failure, a
    :class:`PollingTimeoutError` with the token) as they are."""
    progress.start(headline)
    try:
        progress.update(poller.progress())
        result: MaintenanceResult | VmMaintenanceResult = poller.result(
            timeout, on_update=progress.update
        )
        return result
    finally:
        progress.stop()


def _finish(session: Session, poller: MaintenancePoller[Any], verb: str) -> int:
    args = session.args
    session.poller = poller
    where = _describe(poller)
    headline = f"{verb} performMaintenance on {where}; request id {poller.request_id}"
    # With --output json, stdout holds only the JSON document: progress (if asked) goes to stderr.
    stream = sys.stderr if session.json_output else sys.stdout
    progress = _cli_output.make_progress(
        args.output, args.progress, stream, warn=warn, clock=_cli_session.clock.monotonic
    )
    result = _follow(poller, progress, headline, args.timeout)
    if session.json_output:
        _cli_output.dump_json(_cli_output.result_document(result), sys.stdout)
    else:
        print(_cli_output.result_line(result), file=sys.stdout, flush=True)
    return EXIT_SUCCEEDED


def _perform_subscription(args: argparse.Namespace) -> str:
    """The subscription of ``perform``; checks that -g/-n or --id (not both) were given."""
    from . import _validation

    given = None
    if args.subscription is not None:
        given = checked_subscription(args.subscription, "-s/--subscription")
    if args.resource_id is not None:
        if args.resource_group is not None or args.name is not None:
            raise InvalidArgumentError(
                "--id names the scale set already: leave out -g/--resource-group and -n/--name"
            )
        parts = _validation.parse_scale_set_id(args.resource_id)
        if given is not None and given != parts.subscription_id:
            raise InvalidArgumentError(
                f"-s/--subscription {given} differs from the subscription in --id "
                f"({parts.subscription_id}); give one of them"
            )
        return parts.subscription_id
    missing = [
        option
        for option, value in (
            ("-g/--resource-group", args.resource_group),
            ("-n/--name", args.name),
        )
        if value is None
    ]
    if missing:
        raise InvalidArgumentError(
            f"name the scale set: {' and '.join(missing)} missing (or give --id RESOURCE_ID)"
        )
    _validation.resource_group_name(args.resource_group)
    _validation.scale_set_name(args.name)
    if given is not None:
        return given
    return subscription_from_environment()


def _perform(session: Session) -> int:
    from . import _validation

    args = session.args
    if args.no_wait and args.timeout is not None:
        raise InvalidArgumentError(
            "--timeout has no effect with --no-wait (which exits once the service accepted "
            "the request): leave one of them out"
        )
    if args.eligible and args.no_wait:
        raise InvalidArgumentError(
            "--eligible follows what it starts (one operation per VM on a Flexible scale set): "
            "leave out --no-wait"
        )
    subscription = _perform_subscription(args)
    if args.eligible:
        return _perform_eligible(session, subscription)
    _validation.instance_ids(args.instance_ids)
    with open_client(session, subscription) as client:
        if args.resource_id is not None:
            poller = client.begin_perform_maintenance_by_id(args.resource_id, args.instance_ids)
        else:
            poller = client.begin_perform_maintenance(
                args.resource_group, args.name, args.instance_ids
            )
        session.poller = poller
        if args.no_wait:
            return _started(session, poller)
        return _finish(session, poller, "Started")


def _perform_eligible(session: Session, subscription: str) -> int:
    """``perform --eligible``: read the status, then maintain exactly the eligible instances."""
    from . import _cli_status

    args = session.args
    with open_client(session, subscription) as client:
        status = _cli_status.read_status(client, args, sys.stderr)
        if not status.eligible:
            _cli_status.print_nothing_to_do(status, session.json_output, sys.stdout)
            return EXIT_SUCCEEDED
        group = status.resource_group_name
        if status.orchestration_mode == "Uniform":
            poller = client.begin_perform_maintenance(
                group, status.vm_scale_set_name, status.eligible_instance_ids
            )
            return _finish(session, poller, "Started")
        names = tuple(instance.instance_id for instance in status.eligible)

        def show(outcome: _cli_status.VmOutcome) -> None:
            if not session.json_output:
                line = _cli_status.outcome_line(outcome, session.resume_command)
                print(line, file=sys.stdout, flush=True)

        if not session.json_output:
            print(
                f"Starting performMaintenance on {len(names)} VMs of Flexible scale set "
                f"{group}/{status.vm_scale_set_name}, {args.concurrency} at a time",
                file=sys.stdout,
                flush=True,
            )
        outcomes = _cli_status.maintain_vms(
            client, group, names, concurrency=args.concurrency, timeout=args.timeout,
            clock=_cli_session.clock, sleep=_cli_session.sleep, on_outcome=show,
        )  # fmt: skip
    if session.json_output:
        document = _cli_status.outcomes_document(status, outcomes, session.resume_command)
        _cli_output.dump_json(document, sys.stdout)
    overall = _cli_status.overall(outcomes)
    if overall == "Succeeded":
        return EXIT_SUCCEEDED
    return EXIT_FAILED if overall == "Failed" else EXIT_TIMED_OUT


def _status(session: Session) -> int:
    """``status``: one scale set's table and summary, or several scale sets' rows, summary and
    next step (or the JSON document); nothing is started. With several, one that could not be
    read is a row with its error, and the exit code says so (see :func:`_fleet_exit_code`)."""
    from . import _cli_status, _cli_targets
    from ._status_table import Unread

    args = session.args
    targets, subscriptions = _cli_targets.targets(args)
    subscription = _cli_targets.subscription(args, subscriptions)
    named: list[str | tuple[str, str]] = [*targets.ids, *targets.pairs]
    if targets.single:
        with open_client(session, subscription) as client:
            status = _cli_status.read_one(client, named[0], args.progress, sys.stderr)
        _cli_status.print_status(status, session.json_output, sys.stdout)
        return EXIT_SUCCEEDED
    pairs = _cli_status.fleet_pairs(named)  # a scale set named twice: refused before sending

    def progress(done: int, total: int) -> None:
        if args.progress != "none":
            print(f"read {done} of {total} scale sets", file=sys.stderr, flush=True)

    with open_client(session, subscription) as client:
        if targets.group_all is not None:
            pairs = _cli_status.fleet_pairs(_cli_targets.listed(client, targets))
        entries = _cli_status.read_fleet(
            client, pairs, concurrency=args.concurrency, on_read=progress
        )
    code = _fleet_exit_code([e.error for e in entries if isinstance(e, Unread)])
    command = _cli_status.rollout_command(session)
    _cli_status.print_fleet(entries, command, code, session.json_output, sys.stdout)
    return code


def _fleet_exit_code(errors: list[Exception]) -> int:
    """``status`` of several scale sets: 0 when every one was read; 3 when one could not be
    read because authentication failed; else 5 when some could not be read."""
    if not errors:
        return EXIT_SUCCEEDED
    if any(isinstance(error, AuthenticationError) for error in errors):
        return EXIT_AUTHENTICATION
    return EXIT_SERVICE_ERROR


def _started(session: Session, poller: MaintenancePoller[Any]) -> int:
    """``--no-wait``: print the token (stdout) and how to follow the operation."""
    token = poller.continuation_token()
    where = _describe(poller)
    resume = session.resume_command(token)
    request_id = poller.request_id
    if session.json_output:
        _cli_output.dump_json(
            {
                "status": poller.status(),
                "subscription_id": poller.subscription_id,
                "resource_group_name": poller.resource_group_name,
                "vm_scale_set_name": poller.vm_scale_set_name,
                "instance_ids": None if poller.instance_ids is None else list(poller.instance_ids),
                "request_id": request_id,
                "continuation_token": token,
                "resume_command": resume,
            },
            sys.stdout,
        )
    else:
        print(token, file=sys.stdout, flush=True)
        print(
            f"Started performMaintenance on {where}; status {poller.status()}, request id "
            f"{request_id}. Follow it with: {resume}",
            file=sys.stderr,
            flush=True,
        )
    return EXIT_SUCCEEDED


def _read_token(text: str) -> str:
    """The token argument, or standard input's text for ``-``."""
    if text.strip() != "-":
        return text.strip()
    token = sys.stdin.read().strip()
    if not token:
        raise InvalidArgumentError("wait -: no continuation token on standard input")
    return token


def _wait_endpoint(session: Session, origin: str) -> None:
    """Without --cloud/--endpoint: the token's cloud, or its loopback endpoint; any other
    host is refused with the exact --endpoint to pass (an edited token must not pick where
    the bearer token goes)."""
    from ._cloud import AzureCloud
    from ._hosts import HostPolicy

    if session.cloud_name is not None or session.endpoint is not None:
        return
    for name, cloud in (
        ("public", AzureCloud.PUBLIC),
        ("usgov", AzureCloud.US_GOVERNMENT),
        ("china", AzureCloud.CHINA),
    ):
        if origin.lower() == cloud.endpoint.lower():
            session.cloud_name = name if name != "public" else None
            return
    try:
        loopback = HostPolicy.for_endpoint(origin).endpoint_is_loopback
    except InvalidArgumentError:
        loopback = False
    if loopback:
        session.endpoint = origin
        return
    raise InvalidArgumentError(
        f"the operation in this token was started at {origin}, not at a known Azure cloud: "
        f"pass --endpoint {origin} if you trust that host"
    )


def _wait(session: Session) -> int:
    from ._token_info import inspect_token

    token = _read_token(session.args.token)
    info = inspect_token(token)
    origin = info.endpoint
    _wait_endpoint(session, origin)
    with open_client(session, info.subscription_id) as client:
        try:
            poller = client.resume(token)
        except UntrustedHostError as exc:
            raise UntrustedHostError(
                f"{exc}; the operation in this token was started at {origin}: pass "
                f"--endpoint {origin} if you trust that host",
                url=exc.url,
            ) from None
        return _finish(session, poller, "Resumed")


def _run(args: argparse.Namespace) -> int:
    session = Session(args)
    try:
        with _quiet_azure_logging(args.verbose), echo_to_stderr("vmss_maintenance", args.verbose):
            if args.command == "rollout":
                from ._cli_rollout import rollout

                return rollout(session)
            command = {"perform": _perform, "status": _status, "wait": _wait}[args.command]
            return command(session)
    except MaintenanceError as exc:
        return _report(exc, session)
    except KeyboardInterrupt as exc:
        return _interrupted(session, exc)
    except Exception as exc:
        return _unexpected(exc, session)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While active (in the main thread), SIGTERM raises :class:`_Terminated`.

    A SIGTERM handler set by the caller (the demo, an embedding program, an inherited ignore)
    is left in place: only the default action, which would end the process silently, is
    replaced."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``vmss-maintenance`` with ``argv`` (default ``sys.argv[1:]``); the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(words)
    except _UsageError as exc:
        return _report_usage(exc, wants_json(words))
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_SUCCEEDED
    try:
        with _sigterm_as_interrupt():
            return _run(args)
    except KeyboardInterrupt as again:  # a second signal while the first was being reported
        return EXIT_TERMINATED if isinstance(again, _Terminated) else EXIT_INTERRUPTED
