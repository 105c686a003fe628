"""The exit codes of the ``vmss-maintenance`` command, and of a rollout's report: one table."""

from __future__ import annotations

import signal

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
]

#: It succeeded (or was started, with ``--no-wait``); a rollout: every batch passed.
EXIT_SUCCEEDED = 0
#: The operation ended Failed or Canceled; a rollout: a batch failed (or was declined).
EXIT_FAILED = 1
#: Bad arguments or set-up: nothing was sent.
EXIT_USAGE = 2
#: Authentication failed.
EXIT_AUTHENTICATION = 3
#: The wait timed out: the operation goes on, resumable.
EXIT_TIMED_OUT = 4
#: Another service error (404, 409, 429 after the retries, no answer, untrusted host).
EXIT_SERVICE_ERROR = 5
#: An unexpected error: the output could not be written, or a bug.
EXIT_UNEXPECTED = 6
#: Interrupted (Ctrl-C).
EXIT_INTERRUPTED = 128 + signal.SIGINT
#: Terminated (SIGTERM).
EXIT_TERMINATED = 128 + signal.SIGTERM
