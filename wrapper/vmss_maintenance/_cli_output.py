"""What the command line prints: progress (rich, plain lines or nothing), results and errors.

``rich`` is optional and imported only when live progress is shown on a terminal.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any, Literal, Protocol

import attrs

from ._result import VmMaintenanceResult
from .errors import (
    AuthenticationError,
    HttpResponseError,
    OperationFailedError,
    PollingTimeoutError,
)

if TYPE_CHECKING:
    from ._client_base import PollerBase
    from ._result import MaintenanceResult

__all__ = [
    "ErrorFacts",
    "OutputMode",
    "PlainProgress",
    "Progress",
    "ProgressMode",
    "error_document",
    "error_line",
    "make_progress",
    "one_line",
    "result_document",
    "result_line",
    "target_text",
]

OutputMode = Literal["text", "json"]
ProgressMode = Literal["auto", "rich", "plain", "none"]


#: Statuses after which the service sends nothing new.
_TERMINAL = frozenset({"Succeeded", "Failed", "Canceled"})


def one_line(text: str) -> str:
    """Collapse newlines and runs of spaces: every error is printed on one line."""
    return " ".join(str(text).split())


def target_text(resource_group: str, scale_set: str, instance_ids: tuple[str, ...] | None) -> str:
    """``demo-rg/web-vmss (instances 0, 3)`` or ``... (all instances)``."""
    which = "all instances" if instance_ids is None else "instances " + ", ".join(instance_ids)
    return f"{resource_group}/{scale_set} ({which})"


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f} s" if value >= 10 else f"{value:.1f} s"


# -- progress --------------------------------------------------------------------------------


class Progress(Protocol):
    """Receives the poller's state after the request and after each wait slice."""

    #: How long one wait slice may be at most (seconds); None: until the next poll is due.
    tick: float | None

    def start(self, headline: str) -> None:
        """The operation was started (or resumed); ``headline`` says which."""

    def update(self, poller: PollerBase) -> None:
        """The poller may have polled; show what changed."""

    def stop(self) -> None:
        """Following is over (for any reason); release the terminal."""


class NoProgress:
    """Shows nothing (``--output json``, ``--progress none``)."""

    tick: float | None = None

    def start(self, headline: str) -> None:
        """Nothing to show."""

    def update(self, poller: PollerBase) -> None:
        """Nothing to show."""

    def stop(self) -> None:
        """Nothing to release."""


class PlainProgress:
    """One line per status change, with the time since the command started."""

    tick: float | None = None

    def __init__(self, stream: IO[str], clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream
        self._clock = clock
        self._began = clock()
        self._last: str | None = None

    def start(self, headline: str) -> None:
        """Print the headline."""
        self._began = self._clock()
        self._print(headline)

    def update(self, poller: PollerBase) -> None:
        """Print a line when the status changed."""
        status = poller.status()
        if status == self._last:
            return
        if status in _TERMINAL and not poller.done():
            return  # the final request is still to come: report once, with every poll counted
        self._last = status
        elapsed = self._clock() - self._began
        line = f"[{elapsed:6.1f} s] {status}"
        if poller.polls:
            line += f" after {poller.polls} status poll{'s' if poller.polls != 1 else ''}"
        wait = poller.next_poll_in()
        if wait is not None and status not in _TERMINAL:
            line += f"; next poll in {_seconds(wait)}"
        self._print(line)

    def stop(self) -> None:
        """Nothing to release."""

    def _print(self, line: str) -> None:
        print(line, file=self._stream, flush=True)


class RichProgress:
    """A live status line on a terminal: spinner, status, elapsed time, next poll, polls."""

    tick: float | None = 0.1

    def __init__(self, stream: IO[str], clock: Callable[[], float] = time.monotonic) -> None:
        from rich.console import Console

        self._console = Console(file=stream, highlight=False)
        self._clock = clock
        self._began = clock()
        self._status: Any = None

    def start(self, headline: str) -> None:
        """Print the headline and start the live line."""
        self._began = self._clock()
        self._console.print(headline, markup=False, soft_wrap=True)
        self._status = self._console.status("starting...", spinner="dots")
        self._status.start()

    def update(self, poller: PollerBase) -> None:
        """Refresh the live line."""
        if self._status is None:
            return
        from rich.markup import escape

        elapsed = self._clock() - self._began
        parts = [f"[bold]{escape(poller.status())}[/bold]", f"elapsed {_seconds(elapsed)}"]
        wait = poller.next_poll_in()
        if wait is not None and poller.status() not in _TERMINAL:
            parts.append(f"next poll in {max(0, math.ceil(wait))} s")
        parts.append(f"{poller.polls} poll{'s' if poller.polls != 1 else ''}")
        self._status.update(" - ".join(parts))

    def stop(self) -> None:
        """Remove the live line."""
        if self._status is not None:
            self._status.stop()
            self._status = None


def make_progress(
    output: OutputMode,
    mode: ProgressMode,
    stream: IO[str],
    warn: Callable[[str], None] | None = None,
) -> Progress:
    """The progress display for ``--output`` and ``--progress`` writing to ``stream``.

    ``auto``: live with rich when ``stream`` is a terminal and rich is installed, plain lines
    otherwise; with ``--output json`` nothing (only the JSON document is printed). ``rich``
    without rich installed shows plain lines and tells ``warn`` so.
    """
    if mode == "none" or (mode == "auto" and output == "json"):
        return NoProgress()
    if mode == "plain":
        return PlainProgress(stream)
    if mode == "auto" and not _is_terminal(stream):
        return PlainProgress(stream)
    try:
        return RichProgress(stream)
    except ImportError:  # rich is an optional extra: fall back to plain lines
        if mode == "rich" and warn is not None:
            warn(
                "note: --progress rich needs rich, which is not installed "
                "(pip install 'vmss-maintenance[cli]'); showing plain lines"
            )
        return PlainProgress(stream)


def _is_terminal(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (ValueError, OSError):  # a closed stream
        return False


# -- results ---------------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _where(result: MaintenanceResult | VmMaintenanceResult) -> dict[str, Any]:
    if isinstance(result, VmMaintenanceResult):
        return {"vm_name": result.vm_name}
    ids = None if result.instance_ids is None else list(result.instance_ids)
    return {"vm_scale_set_name": result.vm_scale_set_name, "instance_ids": ids}


def result_document(result: MaintenanceResult | VmMaintenanceResult) -> dict[str, Any]:
    """The JSON document for a succeeded operation (a scale set's or a VM's)."""
    return {
        "status": result.status,
        "subscription_id": result.subscription_id,
        "resource_group_name": result.resource_group_name,
        **_where(result),
        "started_at": _iso(result.started_at),
        "ended_at": _iso(result.ended_at),
        "request_id": result.request_id,
        "polls": result.polls,
        "elapsed": round(result.elapsed, 3),
    }


def vm_text(resource_group: str, vm_name: str) -> str:
    """``demo-rg/web_1 (VM)``."""
    return f"{resource_group}/{vm_name} (VM)"


def result_line(result: MaintenanceResult | VmMaintenanceResult) -> str:
    """One line for a succeeded operation."""
    if isinstance(result, VmMaintenanceResult):
        where = vm_text(result.resource_group_name, result.vm_name)
    else:
        where = target_text(
            result.resource_group_name, result.vm_scale_set_name, result.instance_ids
        )
    polls = f"{result.polls} status poll{'s' if result.polls != 1 else ''}"
    return (
        f"{result.status}: maintenance on {where} finished in {_seconds(result.elapsed)} "
        f"after {polls} (request id {result.request_id or '-'})"
    )


@attrs.frozen
class ErrorFacts:
    """What the command knows beyond the error itself."""

    #: ``vmss-maintenance wait ...`` when the operation goes on in Azure.
    resume_command: str | None = None
    continuation_token: str | None = None
    #: The started operation's request id: the one id shown for every later error.
    request_id: str | None = None
    #: What became of the request (e.g. it may have reached Azure).
    note: str | None = None


def _brief(text: str, limit: int) -> str:
    """The first line of ``text``, at most ``limit`` characters."""
    first = text.strip().split("\n", 1)[0].strip()
    if first == text.strip() and len(first) <= limit:
        return first
    if len(first) > limit:
        first = first[: limit - 3].rstrip() + "..."
    return f"{first} (run with -v for the details)"


def error_line(
    prog: str,
    exc: BaseException,
    facts: ErrorFacts | None = None,
    *,
    brief: int | None = None,
) -> str:
    """The one line printed on standard error for an expected failure.

    ``brief``: cut an authentication error to its first line and at most that many characters.
    """
    facts = facts if facts is not None else ErrorFacts()
    if isinstance(exc, OperationFailedError):
        code = f"{exc.code}: " if exc.code else ""
        text = f"operation {exc.status}: {code}{exc.message}"
    elif isinstance(exc, HttpResponseError):
        kind = "authentication failed" if isinstance(exc, AuthenticationError) else "error"
        message = exc.message
        if brief is not None and isinstance(exc, AuthenticationError):
            message = _brief(message, brief)
        details = [fact for fact in (exc.code, _http(exc.status_code)) if fact]
        text = f"{kind} ({', '.join(details)}): {message}" if details else f"{kind}: {message}"
    elif isinstance(exc, PollingTimeoutError):
        text = f"timed out: {exc}"
    else:
        text = f"error: {exc}"
        shown = getattr(exc, "url", None)
        if isinstance(shown, str) and shown not in text:
            text += f" (URL {shown})"
    text = one_line(text)
    request_id = facts.request_id or getattr(exc, "request_id", None)
    if request_id:
        text += f" (request id {request_id})"
    if facts.note:
        text += f"; {facts.note}"
    if facts.resume_command:
        text += f"; the operation goes on in Azure; resume with: {facts.resume_command}"
    return f"{prog}: {text}"


def _http(status_code: int | None) -> str | None:
    return None if status_code is None else f"HTTP {status_code}"


def error_document(
    exc: BaseException, exit_code: int, facts: ErrorFacts | None = None
) -> dict[str, Any]:
    """The JSON document for a failure (``status`` is Failed/Canceled, TimedOut or Error)."""
    facts = facts if facts is not None else ErrorFacts()
    error: dict[str, Any] = {"type": type(exc).__name__, "message": one_line(str(exc))}
    status = "Error"
    if isinstance(exc, HttpResponseError):
        error.update(
            message=one_line(exc.message),
            code=exc.code,
            http_status=exc.status_code,
            target=exc.target,
            request_id=exc.request_id,
            correlation_id=exc.correlation_id,
        )
        if isinstance(exc, OperationFailedError):
            status = exc.status
            error["http_status"] = None  # the operation failed; no HTTP request did
    shown = getattr(exc, "url", None)
    if isinstance(shown, str):
        error["url"] = shown
    if facts.request_id:
        error["request_id"] = facts.request_id
    document: dict[str, Any] = {"status": status, "exit_code": exit_code, "error": error}
    if isinstance(exc, PollingTimeoutError):
        document["status"] = "TimedOut"
    if facts.note:
        document["note"] = facts.note
    if facts.continuation_token:
        document["continuation_token"] = facts.continuation_token
    if facts.resume_command:
        document["resume_command"] = facts.resume_command
    return document


def dump_json(document: dict[str, Any], stream: IO[str]) -> None:
    """Print one JSON document (and a newline)."""
    print(json.dumps(document, indent=2, sort_keys=False), file=stream, flush=True)
