"""Wall time of ``make regenerate`` (ours only, for the record).

By default this runs what ``make regenerate`` runs - ``scripts/regenerate.py`` with the
offline spec mirror when there is one - but with ``--out`` pointing into ``benchmarks/.work``,
so that the work tree's ``spec/`` and ``generated/`` are not rewritten while others work in
it; the work done (read the swagger, derive the OpenAPI document, run the generator) is the
same. ``in_place=True`` times ``make regenerate`` itself.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import ROOT, WORK, BenchError, log, median, spec_mirror

OUT = WORK / "regenerate"


def command(*, in_place: bool) -> list[str]:
    """What one timed run executes."""
    if in_place:
        return ["make", "--no-print-directory", "-C", str(ROOT), "regenerate"]
    found = spec_mirror()
    return [
        sys.executable,
        str(ROOT / "scripts" / "regenerate.py"),
        *(["--mirror", str(found)] if found is not None else []),
        "--out",
        str(OUT),
    ]


def measure(*, runs: int, in_place: bool = False) -> dict[str, Any]:
    """Median wall seconds of ``runs`` regenerations."""
    argv = command(in_place=in_place)
    samples: list[float] = []
    for _ in range(runs):
        if OUT.exists():
            shutil.rmtree(OUT)
        started = time.perf_counter()
        done = subprocess.run(
            argv, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
        )
        samples.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise BenchError(
                f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr.strip()[-3000:]}"
            )
    log(f"regenerate: median {median(samples):.2f} s over {runs} runs")
    return {
        "seconds": median(samples),
        "samples": samples,
        "command": " ".join(
            str(Path(part).relative_to(ROOT)) if part.startswith(str(ROOT) + "/") else part
            for part in argv
        ),
        "in_place": in_place,
        "mirror": str(spec_mirror()) if spec_mirror() is not None else None,
    }
