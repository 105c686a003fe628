"""``RESULTS.md`` from the collected results: the table, the machine line, and notes."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MiB = 2**20


def _ms(value: float) -> str:
    return f"{value * 1e3:.1f} ms"


def _ms2(value: float) -> str:
    return f"{value * 1e3:.2f} ms"


def _mib(value: float) -> str:
    return f"{value / MiB:.1f} MiB"


def _sec(value: float) -> str:
    return f"{value:.2f} s"


@dataclass(frozen=True)
class Row:
    metric: str
    ours: float | None
    theirs: float | None
    unit: str
    target: float | None  # ratio ours/theirs must be <= target
    show: Callable[[float], str]

    @property
    def ratio(self) -> float | None:
        if self.ours is None or self.theirs is None or not self.theirs:
            return None
        if math.isnan(self.ours) or math.isnan(self.theirs):
            return None
        return self.ours / self.theirs

    @property
    def met(self) -> bool | None:
        ratio = self.ratio
        if self.target is None or ratio is None:
            return None
        return ratio <= self.target


def _get(results: dict[str, Any], *keys: str) -> Any:
    value: Any = results
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def rows(results: dict[str, Any]) -> list[Row]:
    """The table rows; a value not measured is ``None``."""
    n_ops = _get(results, "ops", "ours", "n") or _get(results, "ops", "azure", "n") or "N"
    n_conc = _get(results, "concurrency", "ours", "n") or _get(results, "concurrency", "azure", "n")
    conc = f"{n_conc} operations in flight" if n_conc else "operations in flight"
    return [
        Row(
            "Import time, fresh interpreter",
            _get(results, "import", "ours", "seconds"),
            _get(results, "import", "azure", "seconds"),
            "s",
            0.35,
            _ms,
        ),
        Row(
            "Installed footprint, bare",
            _get(results, "footprint", "bare", "ours", "bytes"),
            _get(results, "footprint", "bare", "azure", "bytes"),
            "bytes",
            0.3,
            _mib,
        ),
        Row(
            "Installed footprint, with identity",
            _get(results, "footprint", "identity", "ours", "bytes"),
            _get(results, "footprint", "identity", "azure", "bytes"),
            "bytes",
            0.7,
            _mib,
        ),
        Row(
            f"Client CPU per operation (sync, {n_ops} ops)",
            _get(results, "ops", "ours", "cpu_per_op"),
            _get(results, "ops", "azure", "cpu_per_op"),
            "s",
            0.5,
            _ms2,
        ),
        Row(
            "Wall time per operation (sync)",
            _get(results, "ops", "ours", "wall_per_op"),
            _get(results, "ops", "azure", "wall_per_op"),
            "s",
            None,
            _ms2,
        ),
        Row(
            f"Wall time, {conc} (async)",
            _get(results, "concurrency", "ours", "wall"),
            _get(results, "concurrency", "azure", "wall"),
            "s",
            1.0,
            _sec,
        ),
        Row(
            f"Peak RSS of the client process, {conc}",
            _get(results, "concurrency", "ours", "peak_rss"),
            _get(results, "concurrency", "azure", "peak_rss"),
            "bytes",
            0.5,
            _mib,
        ),
        Row(
            "`make regenerate` wall time",
            _get(results, "regenerate", "seconds"),
            None,
            "s",
            None,
            _sec,
        ),
    ]


def _cell(value: float | None, show: Callable[[float], str]) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return show(value)


def table(all_rows: list[Row]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| Metric | Ours | Theirs | Ratio (ours / theirs) | Target | Met? |",
        "| --- | ---: | ---: | ---: | ---: | :---: |",
    ]
    for row in all_rows:
        ratio = row.ratio
        met = row.met
        lines.append(
            "| {metric} | {ours} | {theirs} | {ratio} | {target} | {met} |".format(
                metric=row.metric,
                ours=_cell(row.ours, row.show),
                theirs=_cell(row.theirs, row.show),
                ratio="-" if ratio is None else f"{ratio:.2f}",
                target="-" if row.target is None else f"<= {row.target:g}",
                met="-" if met is None else ("yes" if met else "**no**"),
            )
        )
    return "\n".join(lines)


def machine_line(results: dict[str, Any]) -> str:
    m = results["machine"]
    return (
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['implementation']} {m['python']}, "
        f"{m['os']}; run {m['date']}."
    )


def _versions(results: dict[str, Any]) -> str:
    parts = []
    for side, label in (("ours", "Ours"), ("azure", "Theirs")):
        found = _get(results, "versions", side)
        if found:
            listed = ", ".join(f"{name} {version}" for name, version in found.items())
            parts.append(f"{label}: {listed}.")
    return " ".join(parts)


def _profile_lines(profile: dict[str, Any] | None, label: str) -> list[str]:
    if not profile:
        return []
    packages = ", ".join(
        f"{name} {us / 1e3:.0f} ms" for name, us in list(profile["packages_cumulative_us"].items())
    )
    top = ", ".join(
        f"{item['module']} {item['self_us'] / 1e3:.1f} ms" for item in profile["top_self_us"][:8]
    )
    return [
        f"  - {label} `-X importtime` ({profile['modules']} modules, "
        f"{profile['total_self_us'] / 1e3:.0f} ms of self time with the profiler's overhead): "
        f"heaviest packages (cumulative, where first imported) {packages}.",
        f"  - {label} heaviest modules by self time: {top}.",
    ]


def _by_size(found: dict[str, Any]) -> dict[str, Any]:
    """Heaviest first (the raw JSON may have been written with its keys sorted)."""
    return dict(sorted(found.items(), key=lambda kv: -kv[1]))


def _sizes(found: dict[str, int]) -> str:
    return ", ".join(f"{name} {size / MiB:.2f}" for name, size in found.items()) or "none"


def _footprint_lines(results: dict[str, Any], case: str) -> list[str]:
    ours = _by_size(_get(results, "footprint", case, "ours", "distributions") or {})
    theirs = _by_size(_get(results, "footprint", case, "azure", "distributions") or {})
    if not ours or not theirs:
        out = []
        for side, label in (("ours", "Ours"), ("azure", "Theirs")):
            heavy = _by_size(_get(results, "footprint", case, side, "heaviest") or {})
            listed = ", ".join(f"{name} {size / MiB:.1f} MiB" for name, size in heavy.items())
            out.append(f"  - {label}, largest site-packages entries: {listed}.")
        return out
    shared = {name: ours[name] for name in ours if name in theirs}
    only_ours = {name: size for name, size in ours.items() if name not in theirs}
    only_theirs = {name: size for name, size in theirs.items() if name not in ours}
    return [
        f"  - Distributions both install: {sum(shared.values()) / MiB:.1f} MiB "
        f"({_sizes(dict(list(shared.items())[:6]))} MiB, ...).",
        f"  - Only ours: {sum(only_ours.values()) / MiB:.2f} MiB ({_sizes(only_ours)} MiB).",
        f"  - Only theirs: {sum(only_theirs.values()) / MiB:.2f} MiB ({_sizes(only_theirs)} MiB).",
    ]


def _cpu_lines(profile: dict[str, Any] | None, label: str) -> list[str]:
    if not profile:
        return []
    groups = ", ".join(
        f"{name} {seconds * 1e3:.2f} ms"
        for name, seconds in list(_by_size(profile["by_group_per_op"]).items())[:10]
    )
    own = profile.get("vmss_maintenance_per_op") or 0.0
    return [
        f"  - {label}, cProfile'd run (blocking waits left out; the profiler inflates "
        f"call-heavy code): {profile['total_per_op'] * 1e3:.2f} ms per operation, by module: "
        f"{groups}" + (f"; vmss_maintenance's own modules: {own * 1e3:.2f} ms." if own else ".")
    ]


def _churn(found: dict[str, Any]) -> str:
    """Why a client opened many more connections than it ever held open at once."""
    if (found.get("accepted_connections") or 0) <= 2 * (found.get("peak_connections") or 0):
        return ""
    return (
        " Connections were closed and reopened: httpx's default pool keeps at most 20 idle "
        "connections (`max_keepalive_connections=20`), and httpcore 1.0 counts every "
        "connection in the pool, idle or not, against that number, so a connection handed "
        "back to a pool of more than 20 is closed and the next request makes a new TLS one."
    )


def _concurrency_lines(results: dict[str, Any]) -> list[str]:
    out = []
    for side, label in (("ours", "Ours"), ("azure", "Theirs")):
        found = _get(results, "concurrency", side) or {}
        if found:
            out.append(
                f"  - {label}: client CPU {found['cpu']:.2f} s during the {found['wall']:.2f} s "
                f"(the client is CPU-bound when these are close); "
                f"{found['accepted_connections']:.0f} TLS connections opened for "
                f"{found['requests_per_op'] * (found['n'] + 1):.0f} requests, up to "
                f"{found['peak_connections']} open at once." + _churn(found)
            )
    diagnosis = _get(results, "concurrency", "diagnosis")
    if diagnosis and "pool_assign_calls" in diagnosis:
        line = (
            f"  - Ours, one more run with httpcore timed: of {diagnosis['cpu']:.2f} s client "
            f"CPU, {diagnosis['pool_assign_seconds']:.2f} s in "
            "`httpcore.AsyncConnectionPool._assign_requests_to_connections` "
            f"({diagnosis['pool_assign_calls']:.0f} calls; each checks every pooled connection, "
            "and every idle one costs a socket-readability probe)"
        )
        if diagnosis.get("reassign_calls"):
            line += (
                f"; {diagnosis['reassign_calls']:.0f} times a request found the connection it "
                "was given already taken and went round the pool again (httpcore 1.0 hands the "
                "same idle connection to every request queued in one pass)"
            )
        if diagnosis.get("sniffio_import_misses"):
            line += (
                f"; {diagnosis['sniffio_import_misses']:.0f} failed `import sniffio`, each a "
                "full sys.path search"
            )
        out.append(line + ".")
    return out


def notes(results: dict[str, Any], all_rows: list[Row]) -> list[str]:
    """What misses its target and why, and how the numbers were made."""
    out: list[str] = []
    for row in all_rows:
        if row.met is not False:
            continue
        out.append(f"- **{row.metric}** misses its target ({row.ratio:.2f} > {row.target:g}).")
        if row.metric.startswith("Import"):
            out += _profile_lines(_get(results, "import", "profile", "ours"), "Ours")
            out += _profile_lines(_get(results, "import", "profile", "azure"), "Theirs")
        elif row.metric.startswith("Installed"):
            out += _footprint_lines(results, "bare" if "bare" in row.metric else "identity")
        elif row.metric.startswith("Client CPU"):
            out += _cpu_lines(_get(results, "ops", "profile", "ours"), "Ours")
            out += _cpu_lines(_get(results, "ops", "profile", "azure"), "Theirs")
        elif row.metric.startswith("Wall time") and "in flight" in row.metric:
            out += _concurrency_lines(results)
        elif "in flight" in row.metric:
            for side, label in (("ours", "Ours"), ("azure", "Theirs")):
                found = _get(results, "concurrency", side) or {}
                if found:
                    out.append(
                        f"  - {label}: peak RSS {found['peak_rss'] / MiB:.1f} MiB, of which "
                        f"{found['peak_rss_before'] / MiB:.1f} MiB before the operations "
                        "started (interpreter, imports, client); "
                        f"{found['accepted_connections']:.0f} TLS connections opened for "
                        f"{found['requests_per_op'] * (found['n'] + 1):.0f} requests."
                        + _churn(found)
                    )
    for key, message in (results.get("errors") or {}).items():
        out.append(f"- **{key}** was not measured: {message}")
    return out


def _when(seconds: float | None) -> str:
    return "never all at once" if seconds is None else f"{seconds:.2f} s"


def method_notes(results: dict[str, Any]) -> list[str]:
    out = []
    emulator = results.get("emulator") or {}
    if emulator.get("nagle_disabled_by_benchmark"):
        out.append(
            "- The emulator's handler did not set `disable_nagle_algorithm`; the benchmark's "
            "emulator process switched it on (TCP_NODELAY). Without it every answer with a "
            "body waits ~40 ms for the client's delayed ACK and wall times measure that wait."
        )
    for side, label in (("ours", "Ours"), ("azure", "Theirs")):
        requests = _get(results, "ops", side, "requests_per_op")
        if requests is not None:
            out.append(
                f"- {label}, sync: {requests:.1f} HTTP requests per operation, at most "
                f"{_get(results, 'ops', side, 'peak_connections')} connection(s) open at once."
            )
        found = _get(results, "concurrency", side)
        if found:
            out.append(
                f"- {label}, async: {found['requests_per_op']:.1f} HTTP requests per operation, "
                f"{found['accepted_connections']:.0f} TLS connections opened, at most "
                f"{found['peak_connections']} open at once; client CPU {found['cpu']:.2f} s; "
                f"peak RSS before the operations started {found['peak_rss_before'] / MiB:.1f} "
                "MiB."
            )
    variant = _get(results, "concurrency", "azure_ca_path")
    if variant:
        out.append(
            "- Theirs, async, given `connection_verify=<CA path>` instead of trusting the CA "
            f"like a system one: {variant['n']} operations in {variant['wall']:.2f} s, peak RSS "
            f"{variant['peak_rss'] / MiB:.1f} MiB, {variant['peak_connections']} connections "
            "(azure-core's aiohttp transport builds a new SSLContext per request, so aiohttp "
            "reuses no connection). Not used in the table: against real ARM users trust the "
            "system store."
        )
    check = _get(results, "concurrency", "emulator_check")
    if check:
        out.append(
            f"- Emulator check: {check['opened']} TLS connections opened at once "
            f"({_when(check['all_open_after'])} until all were open), "
            f"{check['answered']} answered, {check['failed']} failed; the emulator counted up "
            f"to {check['peak_connections']} open connections."
            + (f" Errors: {'; '.join(check['first_errors'])}." if check["first_errors"] else "")
        )
    for side, label in (("ours", "Ours"), ("azure", "Theirs")):
        found = _get(results, "concurrency", side)
        if found and found["failed"]:
            out.append(
                f"- {label}: {found['failed']} of {found['n']} concurrent operations failed: "
                f"{'; '.join(found['first_errors'])}."
            )
    regenerate = results.get("regenerate")
    if regenerate:
        out.append(f"- Regeneration timed as `{regenerate['command']}`.")
    return out


def render(results: dict[str, Any]) -> str:
    """The whole ``RESULTS.md``."""
    all_rows = rows(results)
    parts = [
        "# Benchmark results: vmss-maintenance vs azure-mgmt-compute",
        "",
        "Written by `make bench` (`benchmarks/run.py`); see `benchmarks/README.md` for what is "
        "measured and how. Each figure is the median of several runs"
        + (" (**quick mode: one run, tiny N - not for publishing**)." if results["quick"] else ".")
        + " Ratios below 1 favour ours.",
        "",
        table(all_rows),
        "",
        machine_line(results),
        _versions(results),
        "",
    ]
    missed = notes(results, all_rows)
    unknown = [row.metric for row in all_rows if row.target is not None and row.met is None]
    if not missed:
        missed = ["- None of the compared metrics misses its target."]
    if unknown:
        missed.append(f"- Not compared in this run: {', '.join(unknown)}.")
    parts += ["## Misses", "", *missed, ""]
    method = method_notes(results)
    if method:
        parts += ["## Method notes", "", *method, ""]
    return "\n".join(part for part in parts if part is not None)
