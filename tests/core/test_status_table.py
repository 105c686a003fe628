"""The status command's rendering: exact table, summary lines, id abbreviation, JSON document."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from vmss_maintenance._maintenance_status import (
    InstanceMaintenance,
    MaintenanceState,
    ScaleSetMaintenance,
    Window,
    scale_set_maintenance,
)
from vmss_maintenance._status_table import (
    format_instance_ids,
    render_table,
    render_text,
    summary_line,
    to_json_dict,
)

S = MaintenanceState
T0 = datetime(2024, 7, 1, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)
SELF_SERVICE = Window(T0 - 2 * DAY, T0 + 12 * DAY + 23 * timedelta(hours=1))
PLATFORM = Window(T0 + 13 * DAY, T0 + 14 * DAY)


def instance(
    instance_id: str,
    state: MaintenanceState,
    *,
    self_service: Window | None = None,
    platform: Window | None = None,
    code: str | None = None,
    domains: tuple[int | None, int | None] = (None, None),
    power: str | None = None,
) -> InstanceMaintenance:
    return InstanceMaintenance(
        instance_id=instance_id,
        vm_name=f"web_{instance_id}",
        resource_id=None,
        state=state,
        self_service_window=self_service,
        platform_window=platform,
        last_result_code=code,
        last_result_message=None,
        update_domain=domains[0],
        fault_domain=domains[1],
        zone=None,
        power_state=power,
        provisioning_state=None,
        health=None,
    )


def scale_set(*instances: InstanceMaintenance, name: str = "web") -> ScaleSetMaintenance:
    return scale_set_maintenance(
        instances,
        subscription_id="sub",
        resource_group_name="rg",
        vm_scale_set_name=name,
        orchestration_mode="Uniform",
        checked_at=T0,
    )


def mixed() -> ScaleSetMaintenance:
    return scale_set(
        instance("4", S.ELIGIBLE, self_service=SELF_SERVICE, platform=PLATFORM, code="None",
                 domains=(4, 0), power="running"),
        instance("0", S.ELIGIBLE, self_service=SELF_SERVICE, platform=PLATFORM,
                 code="RetryLater", domains=(0, 0), power="running"),
        instance("12", S.SCHEDULED, self_service=Window(T0 + 3 * DAY, T0 + 38 * DAY),
                 platform=Window(T0 + 39 * DAY, None), domains=(2, 1), power="stopped"),
        instance("7", S.PLATFORM_WINDOW, self_service=Window(T0 - 40 * DAY, T0 - 5 * DAY),
                 platform=Window(T0 - DAY, T0 + timedelta(minutes=90)), power="running"),
        instance("9", S.COMPLETED, self_service=Window(None, T0 + timedelta(seconds=30)),
                 platform=Window(T0 - timedelta(minutes=5), None), code="MaintenanceCompleted"),
        instance("3", S.UNKNOWN),
    )


def test_table_exact() -> None:
    lines = render_table(mixed()).splitlines()
    assert lines == [
        "INSTANCE  STATE           SELF-SERVICE WINDOW                             "
        "PLATFORM WINDOW                         LAST RESULT           UD/FD  POWER",
        "0         Eligible        until 2024-07-14 09:00, ends in 12 days         "
        "opens 2024-07-14 10:00, in 13 days      RetryLater            0/0    running",
        "3         Unknown         -                                               "
        "-                                       -                     -/-    -",
        "4         Eligible        until 2024-07-14 09:00, ends in 12 days         "
        "opens 2024-07-14 10:00, in 13 days      None                  4/0    running",
        "7         PlatformWindow  ended 2024-06-26 10:00                          "
        "until 2024-07-01 11:30, ends in 1 hour  -                     -/-    running",
        "9         Completed       until 2024-07-01 10:00, ends in under a minute  "
        "open since 2024-07-01 09:55             MaintenanceCompleted  -/-    -",
        "12        Scheduled       opens 2024-07-04 10:00, in 3 days               "
        "opens 2024-08-09 10:00, in 39 days      -                     2/1    stopped",
    ]
    assert all(line == line.rstrip() for line in lines)


def test_render_text_exact() -> None:
    status = scale_set(instance("1", S.ELIGIBLE, power="running"))
    assert render_text(status) == (
        "rg/web (Uniform), checked 2024-07-01 10:00 UTC\n"
        "INSTANCE  STATE     SELF-SERVICE WINDOW  PLATFORM WINDOW  LAST RESULT  UD/FD  POWER\n"
        "1         Eligible  -                    -                -            -/-    running\n"
        "\n"
        "1 of 1 instance may start maintenance now: 1"
    )


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(days=1), "ends in 1 day"),
        (timedelta(days=2) - timedelta(microseconds=1), "ends in 1 day"),
        (timedelta(hours=2), "ends in 2 hours"),
        (timedelta(minutes=1), "ends in 1 minute"),
        (timedelta(seconds=59), "ends in under a minute"),
    ],
)
def test_durations_round_down(delta: timedelta, text: str) -> None:
    status = scale_set(instance("0", S.ELIGIBLE, self_service=Window(T0, T0 + delta)))
    cell = f"until {T0 + delta:%Y-%m-%d %H:%M}, {text}  "
    assert cell in render_table(status).splitlines()[1]


def test_window_boundaries_in_the_table() -> None:
    at_start = scale_set(instance("0", S.ELIGIBLE, self_service=Window(T0, T0 + DAY)))
    at_end = scale_set(instance("0", S.PLATFORM_WINDOW, self_service=Window(T0 - DAY, T0)))
    assert "until 2024-07-02 10:00, ends in 1 day" in render_table(at_start)
    assert "ended 2024-07-01 10:00" in render_table(at_end)


def test_control_characters_are_escaped() -> None:
    status = scale_set(
        instance("evil\x1b[2J\n", S.UNKNOWN, code="Bad\u202ecode", power="run\tning"),
        name="web\r",
    )
    text = render_text(status)
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "\t" not in text
    assert "\r" not in text
    assert text.splitlines()[0] == "rg/web\\r (Uniform), checked 2024-07-01 10:00 UTC"
    assert text.splitlines()[2].split() == ["evil\\x1b[2J\\n", "Unknown", "-", "-",
                                            "Bad\\u202ecode", "-/-", "run\\tning"]


# -- summary line ----------------------------------------------------------------------------


def test_summary_names_the_eligible() -> None:
    assert summary_line(mixed()) == (
        "2 of 6 instances may start maintenance now: 0, 4; 1 of 6 unknown (no instance view)"
    )


def test_summary_when_none_may_start_but_some_are_pending() -> None:
    status = scale_set(
        instance("0", S.SCHEDULED), instance("1", S.PLATFORM_WINDOW), instance("2", S.SCHEDULED),
        instance("3", S.NONE), instance("4", S.NOT_ALLOWED),
    )
    assert summary_line(status) == (
        "No instance may start maintenance now; 4 of 5 pending "
        "(2 Scheduled, 1 PlatformWindow, 1 NotAllowed)"
    )


def test_summary_when_nothing_is_pending() -> None:
    status = scale_set(instance("0", S.NONE), instance("1", S.COMPLETED))
    assert summary_line(status) == "No instance may start maintenance now: nothing pending"


def test_summary_for_an_empty_scale_set() -> None:
    assert summary_line(scale_set()) == "The scale set has no instances"


def test_summary_abbreviates_a_thousand_instances() -> None:
    status = scale_set(*(instance(str(i), S.ELIGIBLE if i % 2 == 0 or i > 900 else S.NONE)
                         for i in range(1000)))
    evens = ", ".join(str(i) for i in range(0, 40, 2))
    assert summary_line(status) == (
        f"550 of 1000 instances may start maintenance now: {evens} and 530 more"
    )


@pytest.mark.parametrize(
    ("ids", "text"),
    [
        ([], ""),
        (["0"], "0"),
        (["0", "1"], "0, 1"),
        (["0", "1", "2"], "0-2"),
        (["0", "1", "2", "3", "7", "9", "10", "11", "web_a1"], "0-3, 7, 9-11, web_a1"),
        ([str(i) for i in range(1000)], "0-999"),
        (["web-1", "web-2", "web-3"], "web-1, web-2, web-3"),
        (["a\x00"], "a\\x00"),
    ],
)
def test_format_instance_ids(ids: list[str], text: str) -> None:
    assert format_instance_ids(ids) == text


def test_format_instance_ids_counts_ids_not_items_past_the_limit() -> None:
    ids = ["0", "2", "4", "5", "6", "7", "9"]
    assert format_instance_ids(ids, limit=2) == "0, 2 and 5 more"
    assert format_instance_ids(ids, limit=3) == "0, 2, 4-7 and 1 more"


# -- JSON ------------------------------------------------------------------------------------


def test_json_document() -> None:
    status = scale_set(
        instance("3", S.UNKNOWN),
        instance("0", S.ELIGIBLE, self_service=SELF_SERVICE, platform=Window(T0, None),
                 code="None", domains=(1, 2), power="running"),
    )
    document = to_json_dict(status)
    assert json.loads(json.dumps(document)) == document
    assert document == {
        "subscription_id": "sub",
        "resource_group_name": "rg",
        "vm_scale_set_name": "web",
        "orchestration_mode": "Uniform",
        "checked_at": "2024-07-01T10:00:00Z",
        "counts": {"Eligible": 1, "Scheduled": 0, "PlatformWindow": 0, "NotAllowed": 0,
                   "Completed": 0, "None": 0, "Unknown": 1},
        "eligible_instance_ids": ["0"],
        "instances": [
            {
                "instance_id": "0",
                "vm_name": "web_0",
                "resource_id": None,
                "state": "Eligible",
                "self_service_window": {"start": "2024-06-29T10:00:00Z",
                                        "end": "2024-07-14T09:00:00Z"},
                "platform_window": {"start": "2024-07-01T10:00:00Z", "end": None},
                "last_result_code": "None",
                "last_result_message": None,
                "update_domain": 1,
                "fault_domain": 2,
                "zone": None,
                "power_state": "running",
                "provisioning_state": None,
                "health": None,
            },
            {
                "instance_id": "3",
                "vm_name": "web_3",
                "resource_id": None,
                "state": "Unknown",
                "self_service_window": None,
                "platform_window": None,
                "last_result_code": None,
                "last_result_message": None,
                "update_domain": None,
                "fault_domain": None,
                "zone": None,
                "power_state": None,
                "provisioning_state": None,
                "health": None,
            },
        ],
    }


# -- properties ------------------------------------------------------------------------------


def expand(text: str) -> list[str]:
    ids: list[str] = []
    for item in text.split(", ") if text else []:
        first, dash, last = item.partition("-")
        if dash:
            ids.extend(str(i) for i in range(int(first), int(last) + 1))
        else:
            ids.append(item)
    return ids


@given(st.sets(st.integers(0, 300), max_size=60))
def test_numeric_ids_abbreviate_without_loss(numbers: set[int]) -> None:
    ids = [str(n) for n in sorted(numbers)]
    assert expand(format_instance_ids(ids, limit=len(ids) + 1)) == ids


# Line breaks, terminal escapes, bidi overrides, zero-width and other format characters.
NASTY = "a0_- é\x00\x1b\n\r\t\x0b\x0c\x1c\x7f\x85\u200b\u202e\u2028\u2029\ufeff"


@given(st.lists(st.text(alphabet=NASTY, max_size=8), max_size=6))
def test_rendered_text_has_no_control_or_format_characters(names: list[str]) -> None:
    rows = (instance(n, S.UNKNOWN, code=n, power=n) for n in names)
    status = scale_set(*rows, name="".join(names))
    text = render_text(status)
    assert all(ch == "\n" or unicodedata.category(ch) not in {"Cc", "Cf", "Zl", "Zp"}
               for ch in text)
    assert len(text.splitlines()) == len(names) + 4
