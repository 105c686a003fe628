"""Logging: one INFO line per HTTP attempt, the retried and re-authenticated ones included."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

import pytest
from client_kinds import call, using
from conftest import FakeClocks
from fake_arm import (
    GROUP,
    POST_URL,
    RESULT_URL,
    SECRET,
    STATUS_URL,
    VMSS,
    FakeArm,
    accepted,
    challenge,
    make_client,
    op_status,
    reply,
)


def script() -> FakeArm:
    """A throttled POST, a claims challenge, a 503 while polling: six attempts in all."""
    return FakeArm(
        reply(429, headers={"Retry-After": "2", "x-ms-request-id": "throttled"}),
        reply(
            401,
            headers={
                "WWW-Authenticate": challenge('{"access_token":{}}'),
                "x-ms-request-id": "challenged",
            },
        ),
        accepted(retry_after="3", request_id="accepted"),
        reply(503, headers={"x-ms-request-id": "unavailable"}),
        op_status("Succeeded", headers={"x-ms-request-id": "polled"}),
        reply(200, headers={"x-ms-request-id": "final"}),
    )


def expected_lines() -> list[str]:
    post = POST_URL
    return [
        rf"POST {re.escape(post)} -> 429 \(request id throttled, \d+\.\d{{3}} s\); "
        r"retry 1 of 2 in 2\.000 s",
        rf"POST {re.escape(post)} -> 401 \(request id challenged, \d+\.\d{{3}} s\)",
        rf"POST {re.escape(post)} -> 202 \(request id accepted, \d+\.\d{{3}} s\)",
        rf"GET {re.escape(redacted(STATUS_URL))} -> 503 \(request id unavailable, "
        r"\d+\.\d{3} s\); retry 1 of 2 in 0\.800 s",
        rf"GET {re.escape(redacted(STATUS_URL))} -> 200 \(request id polled, \d+\.\d{{3}} s\)",
        rf"GET {re.escape(redacted(RESULT_URL))} -> 200 \(request id final, \d+\.\d{{3}} s\)",
    ]


def redacted(url: str) -> str:
    return url.replace("p=2", "p=REDACTED").replace("monitor=true", "monitor=REDACTED")


def info_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    records = [r for r in caplog.records if r.name == "vmss_maintenance"]
    assert all(r.levelno == logging.INFO for r in records), [r.levelname for r in records]
    return [r.getMessage() for r in records]


def check(lines: list[str]) -> None:
    patterns = expected_lines()
    assert len(lines) == len(patterns), lines
    for line, pattern in zip(lines, patterns, strict=True):
        assert re.fullmatch(pattern, line), (line, pattern)
    assert SECRET not in "\n".join(lines)


@pytest.mark.anyio
async def test_every_attempt_is_logged_at_info(
    make: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    arm = script()
    with caplog.at_level(logging.INFO, logger="vmss_maintenance"):
        async with using(make(arm)) as client:
            await call(client.perform_maintenance(GROUP, VMSS))
    assert len(arm.requests) == 6
    check(info_lines(caplog))


def test_nothing_is_logged_below_info(clocks: FakeClocks, caplog: pytest.LogCaptureFixture) -> None:
    with (
        caplog.at_level(logging.WARNING, logger="vmss_maintenance"),
        make_client(script(), clocks) as client,
    ):
        client.perform_maintenance(GROUP, VMSS)
    assert [r for r in caplog.records if r.name == "vmss_maintenance"] == []
