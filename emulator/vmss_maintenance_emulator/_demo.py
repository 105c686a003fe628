"""``vmss-maintenance-emulator demo`` (``make demo``): the whole flow against an in-process
emulator, driving the client's public command line (:func:`vmss_maintenance.cli.main`).

It starts :class:`~vmss_maintenance_emulator.ArmEmulator` on ``127.0.0.1`` with the sample scale
set, shows its maintenance status (``status``) before anything is started, runs the real
``perform`` command against it three times (eligible instances, an ineligible one, one whose
maintenance fails), explains the refusal and the failure, prints the HTTP exchanges of those
three commands, and ends with a ``rollout`` of what is still eligible, one instance per batch
behind a health gate, that stops at the failing instance; then explains that outcome. Ctrl-C or
SIGTERM stops it with one line and exit code 130.
"""

from __future__ import annotations

import contextlib
import json
import re
import shlex
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import IO, Any

from vmss_maintenance import cli

from vmss_maintenance_emulator._emulator import ArmEmulator
from vmss_maintenance_emulator._records import RecordedRequest
from vmss_maintenance_emulator._seed import (
    SAMPLE_FLEXIBLE_SCALE_SET,
    SAMPLE_RESOURCE_GROUP,
    SAMPLE_SCALE_SET,
    SAMPLE_SUBSCRIPTION_ID,
)

__all__ = ["exchange_rows", "format_table", "run_demo"]

#: Seconds in the emulator's Retry-After, and status polls until an operation ends.
DEMO_RETRY_AFTER = 1
DEMO_POLLS = 2

_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F-]{27,}$")
_HEADERS = ("#", "METHOD", "PATH", "STATUS", "RETRY-AFTER", "AUTHORIZATION", "REQUEST ID")


def _short_segment(segment: str) -> str:
    return segment[:8] + "..." if _GUID.match(segment) else segment


def short_path(path: str, query: dict[str, str]) -> str:
    """The last two segments of ``path`` (ids shortened), and ``?monitor=true`` when asked."""
    segments = [part for part in path.split("/") if part]
    tail = "/".join(_short_segment(part) for part in segments[-2:])
    monitor = any(key.lower() == "monitor" for key in query)
    return f".../{tail}" + ("?monitor=true" if monitor else "")


def exchange_rows(requests: Sequence[RecordedRequest]) -> list[tuple[str, ...]]:
    """One row per recorded request: number, method, short path, status, Retry-After,
    whether a bearer token was sent (its value is never recorded), request id."""
    rows: list[tuple[str, ...]] = []
    for number, record in enumerate(requests, start=1):
        auth = record.headers.get("authorization")
        rows.append(
            (
                str(number),
                record.method,
                short_path(record.path, record.query),
                "-" if record.status is None else str(record.status),
                record.response_headers.get("retry-after", "-"),
                "Bearer (redacted)" if auth else "none",
                record.response_headers.get("x-ms-request-id", "-"),
            )
        )
    return rows


def format_table(rows: Sequence[Sequence[str]], headers: Sequence[str] = _HEADERS) -> str:
    """Left-aligned columns separated by two spaces."""
    widths = [len(title) for title in headers]
    for row in rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]
    lines = [headers, *rows]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def _error_of(body: bytes) -> tuple[str, str]:
    """``(code, message)`` of an ARM error body or of a Failed status document, leniently."""
    try:
        document: Any = json.loads(body or b"{}")
        error: Any = document.get("error", {})
        return str(error.get("code", "")), str(error.get("message", ""))
    except (ValueError, AttributeError):
        return "", ""


def _explain_refusal(record: RecordedRequest | None) -> str:
    """Plain words for the 409 the emulator answered."""
    code, message = _error_of(record.response_body) if record is not None else ("", "")
    said = f'\n  The service said: "{message}"' if message else ""
    return (
        f"What happened: ARM refused the request at once with HTTP 409 "
        f"{code or 'OperationNotAllowed'}.{said}\n"
        "  In plain words: instance 3 is not eligible for customer-initiated maintenance right\n"
        "  now - the platform has no pending maintenance it lets you start for this VM\n"
        "  (isCustomerInitiatedMaintenanceAllowed is false in its instance view), or its\n"
        "  maintenance window has not opened yet or is already closed. No operation was\n"
        "  started and nothing changed. Check the instance view's maintenanceRedeployStatus,\n"
        "  then retry with eligible instances or inside the window. The command exits 5\n"
        "  (a service error that is not an authentication failure or a failed operation)."
    )


def _failed_status(records: Sequence[RecordedRequest]) -> RecordedRequest | None:
    """The status poll that reported the operation Failed."""
    for record in records:
        try:
            document: Any = json.loads(record.response_body or b"{}")
        except ValueError:
            continue
        if isinstance(document, dict) and document.get("status") == "Failed":
            return record
    return None


def _explain_failure(record: RecordedRequest | None) -> str:
    """Plain words for an operation that was accepted and then ended Failed."""
    code, message = _error_of(record.response_body) if record is not None else ("", "")
    said = f'\n  The status said: {code}: "{message}"' if message else ""
    return (
        "What happened: ARM accepted the request (HTTP 202) and maintenance started; a later\n"
        f"  status poll reported the operation Failed.{said}\n"
        "  In plain words: the platform tried to redeploy instance 4 and could not finish.\n"
        "  The request was valid, so this is not a usage error: look at the VM's instance\n"
        "  view and activity log, then retry or contact support. The command exits 1\n"
        "  (the operation ran and ended Failed or Canceled)."
    )


def _explain_rollout(code: int, journal: str) -> str:
    """Plain words for the rollout's outcome (exit code 1: it stopped at a failed batch)."""
    if code != 1:
        return f"What happened: the rollout ended with exit code {code}, not the expected 1."
    return (
        "What happened: the rollout read the status again and planned one batch per eligible\n"
        "  instance (--max-unavailable 1), update domain by update domain. Instance 5 was\n"
        "  maintained and passed the health gate (provisioning succeeded, running, maintenance\n"
        "  completed) before the next batch started. Instance 4 failed its maintenance again,\n"
        "  so the rollout stopped there: instance 9's batch was left untouched (not-started),\n"
        "  and the instances that were not eligible were skipped with their state. The command\n"
        "  exits 1 (an instance's maintenance or health gate failed). Its journal recorded\n"
        "  every step (here a temporary file, gone with the demo); after fixing the cause,\n"
        f"  'vmss-maintenance rollout --resume {Path(journal).name} --yes' would continue\n"
        "  with the batches left, never repeating instance 5."
    )


def _say(stream: IO[str], text: str = "") -> None:
    print(text, file=stream, flush=True)


class _Interrupted(BaseException):
    """Ctrl-C or SIGTERM during the demo (not a KeyboardInterrupt: the steps run the real
    ``perform`` command, which would answer one with a resume command for an emulator that
    is about to stop)."""


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`_Interrupted` (once; a second signal during the
    clean-up is ignored). A signal the process inherited as ignored stays ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.getsignal(number) for number in wanted}
    replaced = [number for number in wanted if previous[number] is not signal.SIG_IGN]

    def interrupt(number: int, _frame: FrameType | None) -> None:
        for each in replaced:
            signal.signal(each, signal.SIG_IGN)
        raise _Interrupted(number)

    for number in replaced:
        signal.signal(number, interrupt)
    try:
        yield
    finally:
        for number in replaced:
            handler = previous[number]  # None: a handler not set from Python
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


def run_demo() -> int:
    """Run the demo; 0 when every step went as expected, 130 when interrupted (Ctrl-C or
    SIGTERM: one line on standard error, the in-process emulator stopped)."""
    try:
        with _interruptible():
            return _run_steps()
    except (_Interrupted, KeyboardInterrupt):
        sys.stdout.flush()
        print(
            "vmss-maintenance-emulator demo: interrupted; the local emulator was stopped "
            "(the demo never talks to Azure)",
            file=sys.stderr,
            flush=True,
        )
        return cli.EXIT_INTERRUPTED


def _run_steps() -> int:
    out = sys.stdout

    def step(args: list[str]) -> int:
        _say(out, f"$ vmss-maintenance {shlex.join(args)}")
        sys.stderr.flush()
        code = cli.main(args)
        sys.stderr.flush()
        if code == cli.EXIT_INTERRUPTED:  # the command caught the signal itself
            raise _Interrupted
        _say(out, f"(exit code {code})")
        return code

    began = time.monotonic()
    with ArmEmulator(retry_after=DEMO_RETRY_AFTER, polls_to_complete=DEMO_POLLS) as arm:
        arm.load_sample()
        endpoint = arm.endpoint
        _say(out, f"Local ARM emulator listening on {endpoint}")
        _say(
            out,
            f"Sample scale set {SAMPLE_RESOURCE_GROUP}/{SAMPLE_SCALE_SET} in subscription "
            f"{SAMPLE_SUBSCRIPTION_ID}:",
        )
        _say(
            out,
            "  10 instances over 5 update domains: 0, 1, 2, 5, 9 eligible; 3 not eligible;\n"
            "  4 fails during maintenance; 6 nothing pending; 7 scheduled; 8 in the platform's\n"
            f"  window (and a Flexible scale set, {SAMPLE_FLEXIBLE_SCALE_SET}, of 4 VMs)",
        )
        _say(
            out,
            f"  (Retry-After: {DEMO_RETRY_AFTER} s; operations end on status poll {DEMO_POLLS})",
        )
        base = ["-s", SAMPLE_SUBSCRIPTION_ID, "-g", SAMPLE_RESOURCE_GROUP, "-n", SAMPLE_SCALE_SET]

        _say(out)
        _say(out, "1. What is pending, before anything is started")
        status = step(["status", *base, "--endpoint", endpoint])

        _say(out)
        _say(out, "2. Maintenance on the eligible instances 0, 1 and 2")
        performs = len(arm.requests)
        first = step(["perform", *base, "--instance-ids", "0", "1", "2", "--endpoint", endpoint])

        _say(out)
        _say(out, "3. Maintenance on instance 3, which is not eligible")
        mark = len(arm.requests)
        second = step(["perform", *base, "--instance-ids", "3", "--endpoint", endpoint])
        refusal = next((record for record in arm.requests[mark:] if record.status == 409), None)
        _say(out, _explain_refusal(refusal))

        _say(out)
        _say(out, "4. Maintenance on instance 4, which fails during maintenance")
        mark = len(arm.requests)
        third = step(["perform", *base, "--instance-ids", "4", "--endpoint", endpoint])
        failure = _failed_status(arm.requests[mark:])
        _say(out, _explain_failure(failure))

        _say(out)
        _say(out, "5. The HTTP exchanges of steps 2 to 4, as the emulator saw them")
        _say(out, format_table(exchange_rows(arm.requests[performs:])))

        _say(out)
        _say(out, "6. A rollout of what is still eligible: one instance at a time, each batch")
        _say(out, "   behind a health gate; instance 4 fails again")
        with tempfile.TemporaryDirectory(prefix="vmss-demo-") as folder:
            journal = str(Path(folder) / "rollout.json")
            rollout = step(
                ["rollout", *base, "--max-unavailable", "1", "--yes", "--journal", journal,
                 "--endpoint", endpoint]
            )  # fmt: skip
        _say(out, _explain_rollout(rollout, journal))
    elapsed = time.monotonic() - began
    ok = (
        status == cli.EXIT_SUCCEEDED
        and first == cli.EXIT_SUCCEEDED
        and second == cli.EXIT_SERVICE_ERROR
        and refusal is not None
        and third == cli.EXIT_FAILED
        and failure is not None
        and rollout == cli.EXIT_FAILED
    )
    _say(out)
    verdict = "Demo finished" if ok else "Demo did NOT go as expected"
    _say(out, f"{verdict} in {elapsed:.1f} s.")
    return 0 if ok else 1
