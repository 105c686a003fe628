"""Under mypy, ``HttpResponseError.error`` is the generated ``CloudError`` model (or None), though
``errors`` imports nothing of the package at run time."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def test_mypy_sees_the_generated_model_on_http_response_error(tmp_path: Path) -> None:
    caller = tmp_path / "caller.py"
    caller.write_text(textwrap.dedent("""
        from typing import assert_type

        from vmss_maintenance.errors import AuthenticationError, HttpResponseError
        from vmss_maintenance_api.models import CloudError


        def body(exc: HttpResponseError) -> CloudError | None:
            assert_type(exc.error, CloudError | None)
            return exc.error


        def refused(exc: AuthenticationError) -> object:
            return exc.error.error  # wrong: None has no attribute "error"
    """))
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--no-error-summary",
         "--hide-error-context", "--no-pretty", caller.name],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert done.stdout.splitlines() == [
        'caller.py:14: error: Item "None" of "CloudError | None" has no attribute "error"  '
        "[union-attr]"
    ], done.stdout
