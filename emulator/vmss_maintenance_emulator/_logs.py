"""The emulator's logger, and echoing it on standard error for ``--verbose``."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator

__all__ = ["LOGGER_NAME", "echo_to_stderr", "logger"]

LOGGER_NAME = "vmss_maintenance_emulator"
logger = logging.getLogger(LOGGER_NAME)


@contextlib.contextmanager
def echo_to_stderr(enabled: bool) -> Iterator[None]:
    """While active (and ``enabled``), print the emulator's INFO lines on standard error."""
    if not enabled:
        yield
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
