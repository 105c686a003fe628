"""Property tests of the command line's argument checks: any text gives a result or one line
with exit 2, never a traceback, and nothing is sent."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vmss_maintenance import cli
from vmss_maintenance._cli_args import UsageError, build_parser
from vmss_maintenance.emulator import SAMPLE_SUBSCRIPTION_ID

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
_URLISH = st.one_of(
    _TEXT,
    st.builds(
        lambda scheme, host, port, pad: f"{pad}{scheme}{host}:{port}{pad}",
        st.sampled_from(["", "http://", "https://", "ftp://"]),
        st.sampled_from(["127.0.0.1", "localhost", "management.azure.com", "[::1]", ""]),
        st.integers(min_value=-5, max_value=200_000),
        st.sampled_from(["", " ", "\t", "\n"]),
    ),
)
_PARSER = build_parser()


@settings(max_examples=200, deadline=None)
@given(_URLISH)
def test_endpoint_argument(text: str) -> None:
    argv = ["perform", "-s", SAMPLE_SUBSCRIPTION_ID, "-g", "rg", "-n", "vmss", "--endpoint", text]
    try:
        args = _PARSER.parse_args(argv)
    except UsageError as exc:
        message = str(exc)
        assert "\n" not in message
        assert message.startswith("vmss-maintenance perform: error: argument --endpoint: ")
        return
    endpoint = args.endpoint
    assert endpoint == endpoint.strip()
    url = httpx.URL(endpoint)
    assert url.scheme
    assert url.port is None or 1 <= url.port <= 65535


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_TEXT.filter(lambda text: text.strip() != "-"))  # '-' means: read stdin
def test_wait_with_any_token_text(capsys: pytest.CaptureFixture[str], token: str) -> None:
    code = cli.main(["wait", token, "--endpoint", "http://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1
    assert err.startswith("vmss-maintenance")
