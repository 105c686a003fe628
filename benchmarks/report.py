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
    n_status = f"{_get(results, 'status', 'server', 'instances') or 1000:,}"
    pages = _get(results, "status", "server", "pages") or 10
    fleet = _get(results, "fleet") or {}
    fleet_size = (
        f"{fleet['scale_sets']} scale sets x {fleet['instances']} instances" if fleet else "a fleet"
    )
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
            f"Status of {n_status} instances ({pages} pages over HTTPS): client CPU",
            _get(results, "status", "ours", "cpu"),
            _get(results, "status", "azure", "cpu"),
            "s",
            0.1,
            _ms,
        ),
        Row(
            "Same, ours vs the raw floor (theirs = httpx + `json.loads`)",
            _get(results, "status", "ours", "cpu"),
            _get(results, "status", "raw", "cpu"),
            "s",
            3.0,
            _ms,
        ),
        Row(
            "Same: peak RSS of the client process",
            _get(results, "status", "ours", "peak_rss"),
            _get(results, "status", "azure", "peak_rss"),
            "bytes",
            None,
            _mib,
        ),
        Row(
            f"Fleet rollout ({fleet_size}): client CPU per 1,000 instances maintained",
            fleet.get("cpu_per_1000"),
            None,
            "s",
            None,
            _sec,
        ),
        Row(
            "Same: peak RSS of the client process per 1,000 instances maintained",
            fleet.get("peak_rss_per_1000"),
            None,
            "bytes",
            None,
            _mib,
        ),
        Row(
            "Same: HTTP requests per instance maintained",
            fleet.get("requests_per_instance"),
            None,
            "count",
            None,
            lambda value: f"{value:.2f}",
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
    load = ""
    if m.get("load_at_start") is not None and m.get("load_at_end") is not None:
        load = (
            f"; 1-minute load average {m['load_at_start']:.1f} at the start and "
            f"{m['load_at_end']:.1f} at the end (the machine is shared)"
        )
    return (
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['implementation']} {m['python']}, "
        f"{m['os']}; run {m['date']}{load}."
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
    own = _by_size(_get(results, "footprint", case, "ours", "own_parts") or {})
    return [
        f"  - Distributions both install: {sum(shared.values()) / MiB:.1f} MiB "
        f"({_sizes(dict(list(shared.items())[:6]))} MiB, ...).",
        f"  - Only ours: {sum(only_ours.values()) / MiB:.2f} MiB ({_sizes(only_ours)} MiB).",
        f"  - Only theirs: {sum(only_theirs.values()) / MiB:.2f} MiB ({_sizes(only_theirs)} MiB).",
        *([f"  - Our own packages, with their `.pyc`: {_sizes(own)} MiB."] if own else []),
        *_footprint_gap(results, case),
    ]


def _footprint_gap(results: dict[str, Any], case: str) -> list[str]:
    """How far over the target ours is, and the ratio without the ``.pyc`` files."""
    ours = _get(results, "footprint", case, "ours") or {}
    theirs = _get(results, "footprint", case, "azure") or {}
    target = 0.3 if case == "bare" else 0.7
    if not ours.get("bytes") or not theirs.get("bytes"):
        return []
    allowed = target * theirs["bytes"]
    line = (
        f"  - The target allows {allowed / MiB:.2f} MiB; ours is "
        f"{(ours['bytes'] - allowed) / MiB:.2f} MiB over."
    )
    if ours.get("bytes_without_pycache") and theirs.get("bytes_without_pycache"):
        ratio = ours["bytes_without_pycache"] / theirs["bytes_without_pycache"]
        line += (
            f" Without `__pycache__`: {ours['bytes_without_pycache'] / MiB:.2f} vs "
            f"{theirs['bytes_without_pycache'] / MiB:.2f} MiB, ratio {ratio:.2f}."
        )
    return [line]


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


def _load_note(found: dict[str, Any]) -> str:
    """Each run's wall time, client CPU and the 1-minute load average when it started."""
    loads = found.get("load_samples") or []
    if not loads or any(load is None for load in loads):
        return ""
    runs = zip(found["wall_samples"], found.get("cpu_samples") or [], loads, strict=False)
    listed = "; ".join(
        f"{wall:.2f} s wall, {cpu:.2f} s CPU at load {load:.1f}" for wall, cpu, load in runs
    )
    quiet = min(range(len(loads)), key=lambda index: loads[index])
    return (
        f" Run by run: {listed}; at the quietest start (load {loads[quiet]:.1f}) the wall time "
        f"was {found['wall_samples'][quiet]:.2f} s."
    )


def _concurrency_lines(results: dict[str, Any]) -> list[str]:
    out = []
    for side, label in (("ours", "Ours"), ("azure", "Theirs")):
        found = _get(results, "concurrency", side) or {}
        if found:
            out.append(
                f"  - {label}: client CPU {found['cpu']:.2f} s during the {found['wall']:.2f} s "
                f"(the client is CPU-bound when these are close); peak RSS "
                f"{found['peak_rss'] / MiB:.1f} MiB, of which {found['peak_rss_before'] / MiB:.1f}"
                " MiB before the operations started (interpreter, imports, client); up to "
                f"{found['peak_connections']} connections open at once; wall time of each run: "
                + ", ".join(f"{value:.2f}" for value in found["wall_samples"])
                + " s."
                + _load_note(found)
            )
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
        elif "in flight" in row.metric:
            out += _concurrency_lines(results)
    for key, message in (results.get("errors") or {}).items():
        out.append(f"- **{key}** was not measured: {message}")
    return out


def method_notes(results: dict[str, Any]) -> list[str]:
    out = []
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
                f"at most {found['peak_connections']} connections open at once; client CPU "
                f"{found['cpu']:.2f} s; "
                f"peak RSS before the operations started {found['peak_rss_before'] / MiB:.1f} "
                "MiB." + _load_note(found)
            )
    out += _status_lines(results)
    out += _fleet_lines(results)
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


def _status_lines(results: dict[str, Any]) -> list[str]:
    server = _get(results, "status", "server")
    if not server:
        return []
    out = [
        f"- Status: {server['instances']:,} instances in {server['pages']} pages of about "
        f"{server['page_bytes'] / MiB:.1f} MiB of JSON, served over HTTPS on loopback by "
        "`status_server.py`, a process of its own. Client CPU and wall time are the medians of "
        "the listings after each process's first; the first (cold) one is listed here."
    ]
    for side, label in (
        ("ours", "Ours"),
        ("azure", "Theirs (azure-mgmt-compute)"),
        ("raw", "Raw floor (httpx + json.loads)"),
    ):
        found = _get(results, "status", side)
        if found:
            out.append(
                f"  - {label}: CPU {found['cpu']:.3f} s warm, {found['cold_cpu']:.3f} s cold; "
                f"wall {found['wall']:.3f} s; peak RSS {found['peak_rss'] / MiB:.1f} MiB; "
                f"{found['requests']:.0f} requests per listing; {found['pending']:,} instances "
                "with maintenance pending."
            )
    return out


def _fleet_lines(results: dict[str, Any]) -> list[str]:
    fleet = _get(results, "fleet")
    if not fleet:
        return []
    total = fleet["maintained"]
    journal_share = fleet["journal_cpu"] / fleet["run_cpu"] if fleet["run_cpu"] else 0.0
    walls = ", ".join(f"{sample['wall']:.1f}" for sample in fleet["samples"])
    return [
        f"- Fleet rollout: {fleet['scale_sets']} Uniform scale sets x {fleet['instances']} "
        f"instances, all eligible, over 5 update domains, against the emulator in its own process "
        "(HTTPS, `retry_after=0`, each operation ends on its first status poll, no read "
        "throttling), seeded anew for each run; our sync `MaintenanceClient`: `plan_rollout("
        f"max_unavailable={fleet['max_unavailable']:g})` ({fleet['batches']} batches of "
        f"{total // fleet['batches'] if fleet['batches'] else 0} instances) then `run_rollout` "
        "with a journal in a temporary directory (default concurrency: 4 scale sets at a time). "
        "The client runs on a virtual clock (`clock=`/`sleep=`), so the rollout's waits (the "
        "30 s gate poll interval, the 1 s polling floor) cost no real time; "
        f"{max(fleet['virtual_seconds'], 0.0):.0f} virtual seconds were waited, because every "
        f"gate passed on its first read. "
        + ("One run." if fleet["runs"] == 1 else f"{fleet['runs']} runs; medians."),
        f"  - Client CPU {fleet['cpu']:.2f} s for {total:,} instances (plan "
        f"{fleet['plan_cpu']:.2f} s, run {fleet['run_cpu']:.2f} s); wall {fleet['wall']:.1f} s "
        f"(each run: {walls} s); {fleet['requests']:.0f} requests "
        f"({fleet['requests_per_instance']:.2f} per instance), at most "
        f"{fleet['peak_connections']} connections open at once.",
        f"  - Peak RSS {fleet['peak_rss'] / MiB:.1f} MiB, of which "
        f"{fleet['rss_before'] / MiB:.1f} MiB before the plan (interpreter, imports, client): the "
        f"rollout itself adds {fleet['rss_growth_per_1000'] / MiB:.1f} MiB per 1,000 instances.",
        f"  - The journal: {fleet['journal_writes']:,} writes, each the whole fleet's journal "
        f"(JSON, up to {fleet['journal_bytes'] / MiB:.2f} MiB at the end), fsync'd; they took "
        f"{fleet['journal_cpu']:.2f} s of CPU, {journal_share:.0%} of the run's (measured with "
        "`time.thread_time` around `Journal.write`). Their cost grows with the number of steps "
        "times the size of the journal, so per instance it grows with the fleet.",
    ]


def render(results: dict[str, Any]) -> str:
    """The whole ``RESULTS.md``."""
    all_rows = rows(results)
    parts = [
        "# Benchmark results: vmss-maintenance vs azure-mgmt-compute",
        "",
        "Written by `make bench` (`benchmarks/run.py`); see `benchmarks/README.md` for what is "
        "measured and how. Each figure is the median of several runs"
        + (
            " (**quick mode: one run, tiny N - not for publishing**)."
            if results["quick"]
            else ", sides alternating run by run: the machine is shared with other test runs, "
            "so single runs vary."
        )
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
