"""``vmss-maintenance demo`` (``make demo``): the whole flow against an in-process emulator.

It starts :class:`~vmss_maintenance.emulator.ArmEmulator` on ``127.0.0.1`` with the sample scale
set, runs the real ``perform`` command against it twice (eligible instances, then an ineligible
one), explains the refusal, and prints the HTTP exchanges the emulator recorded.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
import time
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .emulator import RecordedRequest

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


def _explain_refusal(record: RecordedRequest | None) -> str:
    """Plain words for the 409 the emulator answered."""
    code, message = "OperationNotAllowed", ""
    if record is not None:
        try:
            error: Any = json.loads(record.response_body or b"{}").get("error", {})
            code = str(error.get("code", code))
            message = str(error.get("message", ""))
        except (ValueError, AttributeError):
            pass
    said = f'\n  The service said: "{message}"' if message else ""
    return (
        f"What happened: ARM refused the request at once with HTTP 409 {code}.{said}\n"
        "  In plain words: instance 3 is not eligible for customer-initiated maintenance right\n"
        "  now - the platform has no pending maintenance it lets you start for this VM\n"
        "  (isCustomerInitiatedMaintenanceAllowed is false in its instance view), or its\n"
        "  maintenance window has not opened yet or is already closed. No operation was\n"
        "  started and nothing changed. Check the instance view's maintenanceRedeployStatus,\n"
        "  then retry with eligible instances or inside the window. The command exits 5\n"
        "  (a service error that is not an authentication failure or a failed operation)."
    )


def _say(stream: IO[str], text: str = "") -> None:
    print(text, file=stream, flush=True)


def run_demo() -> int:
    """Run the demo; 0 when every step went as expected."""
    from . import cli
    from .emulator import (
        SAMPLE_RESOURCE_GROUP,
        SAMPLE_SCALE_SET,
        SAMPLE_SUBSCRIPTION_ID,
        ArmEmulator,
    )

    began = time.monotonic()
    with ArmEmulator(retry_after=DEMO_RETRY_AFTER, polls_to_complete=DEMO_POLLS) as arm:
        arm.load_sample()
        endpoint = arm.endpoint
        out = sys.stdout
        _say(out, f"Local ARM emulator listening on {endpoint}")
        _say(
            out,
            f"Sample scale set {SAMPLE_RESOURCE_GROUP}/{SAMPLE_SCALE_SET} in subscription "
            f"{SAMPLE_SUBSCRIPTION_ID}:",
        )
        _say(out, "  instances 0, 1, 2 eligible; 3 not eligible; 4 fails during maintenance")
        _say(
            out,
            f"  (Retry-After: {DEMO_RETRY_AFTER} s; operations end on status poll {DEMO_POLLS})",
        )
        base = ["-s", SAMPLE_SUBSCRIPTION_ID, "-g", SAMPLE_RESOURCE_GROUP, "-n", SAMPLE_SCALE_SET]

        _say(out)
        _say(out, "1. Maintenance on the eligible instances 0, 1 and 2")
        first_args = ["perform", *base, "--instance-ids", "0", "1", "2", "--endpoint", endpoint]
        _say(out, f"$ vmss-maintenance {shlex.join(first_args)}")
        first = cli.main(first_args)
        _say(out, f"(exit code {first})")

        _say(out)
        _say(out, "2. Maintenance on instance 3, which is not eligible")
        mark = len(arm.requests)
        second_args = ["perform", *base, "--instance-ids", "3", "--endpoint", endpoint]
        _say(out, f"$ vmss-maintenance {shlex.join(second_args)}")
        sys.stderr.flush()
        second = cli.main(second_args)
        sys.stderr.flush()
        _say(out, f"(exit code {second})")
        refusal = next((record for record in arm.requests[mark:] if record.status == 409), None)
        _say(out, _explain_refusal(refusal))

        _say(out)
        _say(out, "3. The HTTP exchanges the emulator saw")
        _say(out, format_table(exchange_rows(arm.requests)))
    elapsed = time.monotonic() - began
    ok = first == cli.EXIT_SUCCEEDED and second == cli.EXIT_SERVICE_ERROR and refusal is not None
    _say(out)
    verdict = "Demo finished" if ok else "Demo did NOT go as expected"
    _say(out, f"{verdict} in {elapsed:.1f} s.")
    return 0 if ok else 1
