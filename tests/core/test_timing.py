"""Reading Retry-After and its Azure millisecond variants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from vmss_maintenance._timing import retry_after_seconds

NOW = datetime(2024, 7, 1, 12, 0, 0, tzinfo=UTC)


def test_no_header_is_none() -> None:
    assert retry_after_seconds({}) is None
    assert retry_after_seconds(httpx.Headers({"content-type": "text/plain"})) is None


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": "2.5"}, 2.5),
        ({"Retry-After": " 3 "}, 3.0),
        ({"Retry-After": "0"}, 0.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"x-ms-retry-after-ms": "250"}, 0.25),
        ({"RETRY-AFTER-MS": "0"}, 0.0),
        ({"Retry-After": "100000"}, 100000.0),  # no cap here: callers cap
    ],
)
def test_values(headers: dict[str, str], expected: float) -> None:
    assert retry_after_seconds(headers, now=NOW) == expected


def test_zero_means_zero_not_default() -> None:
    result = retry_after_seconds({"Retry-After": "0"})
    assert result == 0.0
    assert result is not None


def test_precedence_ms_first() -> None:
    headers = {"retry-after-ms": "100", "x-ms-retry-after-ms": "200", "Retry-After": "3"}
    assert retry_after_seconds(headers) == 0.1
    del headers["retry-after-ms"]
    assert retry_after_seconds(headers) == 0.2
    del headers["x-ms-retry-after-ms"]
    assert retry_after_seconds(headers) == 3.0


@pytest.mark.parametrize("bad", ["-1", "-0.5", "abc", "1e3", "inf", "nan", "", "1, 2", "0x10"])
def test_garbage_is_ignored(bad: str) -> None:
    assert retry_after_seconds({"Retry-After": bad}, now=NOW) is None
    assert retry_after_seconds({"retry-after-ms": bad}, now=NOW) is None


def test_garbage_ms_falls_through_to_next_header() -> None:
    headers = {"retry-after-ms": "soon", "x-ms-retry-after-ms": "-5", "Retry-After": "4"}
    assert retry_after_seconds(headers) == 4.0


def test_http_date_relative_to_now() -> None:
    when = NOW + timedelta(seconds=30)
    header = when.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert retry_after_seconds({"Retry-After": header}, now=NOW) == 30.0


def test_http_date_minus_zero_zone_and_naive_now() -> None:
    header = "Mon, 01 Jul 2024 12:00:10 -0000"
    assert retry_after_seconds({"Retry-After": header}, now=NOW.replace(tzinfo=None)) == 10.0


def test_http_date_in_the_past_is_zero() -> None:
    assert retry_after_seconds({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, now=NOW) == 0.0


def test_bad_http_date_is_none() -> None:
    assert retry_after_seconds({"Retry-After": "Wed, 99 Oct 2015 07:28:00 GMT"}, now=NOW) is None


def test_http_date_defaults_to_current_time() -> None:
    later = datetime.now(UTC) + timedelta(hours=1)
    header = later.strftime("%a, %d %b %Y %H:%M:%S GMT")
    result = retry_after_seconds({"Retry-After": header})
    assert result is not None
    assert 3500 < result <= 3600
