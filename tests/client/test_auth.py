"""ArmBearerAuth, HostPolicy and claims challenges, over httpx.MockTransport."""

from __future__ import annotations

import base64
import logging
import warnings
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from vmss_maintenance._auth import ArmBearerAuth, BearerChallenge, _claims_to_retry
from vmss_maintenance._credentials import AsyncTokenCache, TokenCache
from vmss_maintenance._hosts import HostPolicy
from vmss_maintenance.errors import InvalidArgumentError, UntrustedHostError

ARM = "https://management.azure.com"
SCOPE = "https://management.azure.com/.default"
URL = ARM + "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachineScaleSets"
SECRET = "SECRET-TOKEN"
CLAIMS = '{"access_token":{"nbf":{"essential":true,"value":"1726077595"}}}'
CLAIMS_B64URL = base64.urlsafe_b64encode(CLAIMS.encode()).decode().rstrip("=")
CHALLENGE = (
    'Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", '
    f'error="insufficient_claims", claims="{CLAIMS_B64URL}"'
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Cred:
    """Returns SECRET-1, SECRET-2, ... and records the claims each call asked for."""

    def __init__(self) -> None:
        self.claims: list[str | None] = []

    def get_token(self, *scopes: str, claims: str | None = None, **kwargs: Any) -> Any:
        self.claims.append(claims)
        return StaticToken(f"{SECRET}-{len(self.claims)}")


class AsyncCred(Cred):
    async def get_token_info(self, *scopes: str, options: Any = None) -> Any:
        return self.get_token(*scopes, claims=(options or {}).get("claims"))


class StaticToken:
    def __init__(self, token: str) -> None:
        self.token = token
        self.expires_on = 4_000_000_000


class Server:
    """A MockTransport handler answering with a list of responses; records requests."""

    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses) or [httpx.Response(200)]
        self.requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []
        self.tokens: list[str] = []  # the Authorization header as each request was sent

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.bodies.append(request.read())
        self.tokens.append(request.headers.get("authorization", ""))
        return self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]


def challenge_401(header: str = CHALLENGE) -> httpx.Response:
    return httpx.Response(401, headers={"WWW-Authenticate": header})


def sync_client(
    server: Server, endpoint: str = ARM, allowed: tuple[str, ...] = ()
) -> tuple[httpx.Client, Cred]:
    cred = Cred()
    auth = ArmBearerAuth(
        TokenCache(cred, SCOPE), trusted_hosts=HostPolicy.for_endpoint(endpoint, allowed)
    )
    return httpx.Client(transport=httpx.MockTransport(server), auth=auth), cred


# --- HostPolicy ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        URL,
        "https://MANAGEMENT.Azure.COM/x",
        "https://management.azure.com:443/x",
        "https://management.azure.com/x?api-version=1",
    ],
)
def test_trusted(url: str) -> None:
    assert HostPolicy.for_endpoint(ARM).is_trusted(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://management.azure.com/x",
        "https://management.azure.com:8443/x",
        "https://management.azure.com.evil.example/x",
        "https://evil.example/management.azure.com",
        "https://management.azure.com@evil.example/x",
        "https://xmanagement.azure.com/x",
        "https://azure.com/x",
        "ftp://management.azure.com/x",
        "wss://management.azure.com/x",
        "/relative/path",
        "https://[::1/x",
    ],
)
def test_untrusted(url: str) -> None:
    policy = HostPolicy.for_endpoint(ARM)
    assert not policy.is_trusted(url)
    with pytest.raises(UntrustedHostError):
        policy.check(url)


def test_allowed_hosts() -> None:
    policy = HostPolicy.for_endpoint(ARM, ["Other.Example", "ports.example:8443", "[::1]:9000"])
    assert policy.is_trusted("https://other.example/x")
    assert not policy.is_trusted("https://other.example:8443/x")
    assert policy.is_trusted("https://ports.example:8443/x")
    assert not policy.is_trusted("https://ports.example/x")
    assert policy.is_trusted("https://[::1]:9000/x")
    assert not policy.is_trusted("http://other.example/x")
    assert not policy.is_trusted("http://[::1]:9000/x")  # endpoint is not loopback


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://127.0.0.1:8080",
        "http://localhost:8080",
        "http://[::1]:8080",
        "http://127.9.9.9:8080/",
    ],
)
def test_loopback_endpoint_allows_http(endpoint: str) -> None:
    policy = HostPolicy.for_endpoint(endpoint)
    host = httpx.URL(endpoint).netloc.decode()
    assert policy.is_trusted(f"http://{host}/x")
    assert policy.is_trusted(f"https://{host}/x")
    assert not policy.is_trusted("http://127.0.0.2:8080/x")
    assert not policy.is_trusted("http://example.com:8080/x")


def test_loopback_endpoint_does_not_open_http_to_allowed_remote_hosts() -> None:
    policy = HostPolicy.for_endpoint("http://localhost:8080", ["remote.example"])
    assert policy.is_trusted("https://remote.example/x")
    assert not policy.is_trusted("http://remote.example:443/x")


@pytest.mark.parametrize(
    ("endpoint", "needle"),
    [
        ("http://management.azure.com", "plain http"),
        ("http://10.0.0.1:8080", "plain http"),
        ("ftp://management.azure.com", "https"),
        ("management.azure.com", "https"),
        ("https://user:pw@management.azure.com", "user info"),
        ("https://management.azure.com/?x=1", "query"),
        ("https://[::1", "not a valid URL"),
    ],
)
def test_bad_endpoints(endpoint: str, needle: str) -> None:
    with pytest.raises(InvalidArgumentError, match=needle):
        HostPolicy.for_endpoint(endpoint)


@pytest.mark.parametrize("entry", ["", "https://x.example", "x.example/path", "u@x.example"])
def test_bad_allowed_hosts(entry: str) -> None:
    with pytest.raises(InvalidArgumentError, match="allowed_hosts"):
        HostPolicy.for_endpoint(ARM, [entry])


def test_allowed_hosts_string_rejected() -> None:
    with pytest.raises(InvalidArgumentError, match="not a string"):
        HostPolicy.for_endpoint(ARM, "other.example")


# --- sending the token ---------------------------------------------------------------------


def test_token_attached_to_trusted_request() -> None:
    server = Server()
    http, cred = sync_client(server)
    assert http.get(URL).status_code == 200
    assert server.tokens == [f"Bearer {SECRET}-1"]
    http.get(URL)
    assert cred.claims == [None]  # cached


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/x",
        "http://management.azure.com/x",
        "https://management.azure.com:444/x",
        "https://management.azure.com.evil.example/x",
    ],
)
def test_untrusted_request_refused_and_nothing_sent(url: str) -> None:
    server = Server()
    http, cred = sync_client(server)
    with pytest.raises(UntrustedHostError) as info:
        http.get(url, params={"sig": "abc"})
    assert server.requests == []
    assert cred.claims == []  # no token was even fetched
    host = httpx.URL(url).host
    assert host in str(info.value)
    assert SECRET not in str(info.value)
    assert "sig" not in info.value.url
    assert info.value.url.startswith(httpx.URL(url).scheme + "://")


def test_loopback_http_endpoint_gets_token() -> None:
    server = Server()
    http, _ = sync_client(server, endpoint="http://127.0.0.1:5000")
    http.get("http://127.0.0.1:5000/subscriptions")
    assert server.tokens == [f"Bearer {SECRET}-1"]


def test_allowed_host_gets_token() -> None:
    server = Server()
    http, _ = sync_client(server, allowed=("management.other.example",))
    http.get("https://management.other.example/x")
    assert len(server.requests) == 1


# --- claims challenge ---------------------------------------------------------------------


def test_claims_challenge_resends_once_with_new_token() -> None:
    server = Server(challenge_401(), httpx.Response(200))
    http, cred = sync_client(server)
    response = http.get(URL)
    assert response.status_code == 200
    assert server.tokens == [f"Bearer {SECRET}-1", f"Bearer {SECRET}-2"]
    assert cred.claims == [None, CLAIMS]
    assert [r.status_code for r in response.history] == [401]


def test_second_401_returned_as_is() -> None:
    server = Server(challenge_401(), challenge_401())
    http, cred = sync_client(server)
    response = http.get(URL)
    assert response.status_code == 401
    assert len(server.requests) == 2
    assert cred.claims == [None, CLAIMS]


@pytest.mark.parametrize(
    "header",
    [
        None,
        'Bearer error="invalid_token", error_description="expired"',
        'Bearer authorization_uri="https://login.example", error="insufficient_claims"',
        'Bearer error="insufficient_claims", claims="!!!not base64!!!"',
        'Bearer error="insufficient_claims", claims="bm90IGpzb24"',  # "not json"
        f'Basic realm="x", error="insufficient_claims", claims="{CLAIMS_B64URL}"',
    ],
)
def test_other_401_returned_as_is(header: str | None) -> None:
    response = challenge_401(header) if header else httpx.Response(401)
    server = Server(response, httpx.Response(200))
    http, cred = sync_client(server)
    assert http.get(URL).status_code == 401
    assert len(server.requests) == 1
    assert cred.claims == [None]


def test_claims_on_non_401_ignored() -> None:
    server = Server(httpx.Response(403, headers={"WWW-Authenticate": CHALLENGE}))
    http, _ = sync_client(server)
    assert http.get(URL).status_code == 403
    assert len(server.requests) == 1


def test_claims_resend_carries_the_body() -> None:
    def body() -> Iterator[bytes]:
        yield b'{"a":'
        yield b"1}"

    server = Server(challenge_401(), httpx.Response(202))
    http, _ = sync_client(server)
    assert http.post(URL, content=body()).status_code == 202
    assert server.bodies == [b'{"a":1}', b'{"a":1}']


def test_nothing_logged_with_token(caplog: pytest.LogCaptureFixture) -> None:
    server = Server(challenge_401(), httpx.Response(200))
    http, _ = sync_client(server)
    with caplog.at_level(logging.DEBUG):
        http.get(URL)
        with pytest.raises(UntrustedHostError):
            http.get("https://evil.example/")
    for record in caplog.records:
        assert SECRET not in record.getMessage()


def test_repr_has_no_token() -> None:
    from vmss_maintenance._credentials import StaticTokenCredential

    auth = ArmBearerAuth(
        TokenCache(StaticTokenCredential(SECRET), SCOPE),
        trusted_hosts=HostPolicy.for_endpoint(ARM),
    )
    assert SECRET not in repr(auth)


def test_trusted_hosts_must_be_policy() -> None:
    with pytest.raises(InvalidArgumentError, match="HostPolicy"):
        ArmBearerAuth(TokenCache(Cred(), SCOPE), trusted_hosts=ARM)  # type: ignore[arg-type]


def test_async_cache_with_sync_client_refused() -> None:
    server = Server()
    auth = ArmBearerAuth(AsyncTokenCache(Cred(), SCOPE), trusted_hosts=HostPolicy.for_endpoint(ARM))
    http = httpx.Client(transport=httpx.MockTransport(server), auth=auth)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "coroutine was never awaited"
        with pytest.raises(InvalidArgumentError, match=r"httpx\.AsyncClient"):
            http.get(URL)
    assert server.requests == []


# --- async ----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_async_claims_challenge() -> None:
    server = Server(challenge_401(), httpx.Response(200))
    cred = AsyncCred()
    auth = ArmBearerAuth(AsyncTokenCache(cred, SCOPE), trusted_hosts=HostPolicy.for_endpoint(ARM))
    async with httpx.AsyncClient(transport=httpx.MockTransport(server), auth=auth) as http:
        response = await http.post(URL, content=b"{}")
    assert response.status_code == 200
    assert server.tokens == [f"Bearer {SECRET}-1", f"Bearer {SECRET}-2"]
    assert server.bodies == [b"{}", b"{}"]
    assert cred.claims == [None, CLAIMS]


@pytest.mark.anyio
async def test_async_untrusted_refused() -> None:
    server = Server()
    cred = AsyncCred()
    auth = ArmBearerAuth(AsyncTokenCache(cred, SCOPE), trusted_hosts=HostPolicy.for_endpoint(ARM))
    async with httpx.AsyncClient(transport=httpx.MockTransport(server), auth=auth) as http:
        with pytest.raises(UntrustedHostError, match=r"evil\.example"):
            await http.get("https://evil.example/x")
    assert server.requests == []
    assert cred.claims == []


@pytest.mark.anyio
async def test_sync_cache_works_with_async_client() -> None:
    server = Server(challenge_401(), challenge_401())
    cred = Cred()
    auth = ArmBearerAuth(TokenCache(cred, SCOPE), trusted_hosts=HostPolicy.for_endpoint(ARM))
    async with httpx.AsyncClient(transport=httpx.MockTransport(server), auth=auth) as http:
        assert (await http.get(URL)).status_code == 401
    assert len(server.requests) == 2


# --- challenge parsing -------------------------------------------------------------------


def test_parse_full_challenge() -> None:
    challenge = BearerChallenge.from_header(CHALLENGE)
    assert challenge is not None
    assert challenge.error == "insufficient_claims"
    assert challenge.get("AUTHORIZATION_URI") == (
        "https://login.microsoftonline.com/common/oauth2/authorize"
    )
    assert challenge.claims == CLAIMS


def test_parse_quoted_commas_escapes_and_case() -> None:
    header = (
        'Basic realm="a, b", Negotiate abc123==, '
        'bEaReR realm="x, \\"y\\"", ERROR = insufficient_claims ,claims="'
        + base64.b64encode(CLAIMS.encode()).decode()
        + '", error="ignored duplicate"'
    )
    challenge = BearerChallenge.from_header(header)
    assert challenge is not None
    assert challenge.get("realm") == 'x, "y"'
    assert challenge.error == "insufficient_claims"
    assert challenge.claims == CLAIMS  # standard base64 with padding works too


def test_parse_picks_bearer_among_schemes() -> None:
    challenge = BearerChallenge.from_header('Basic realm="r", Bearer error="e"')
    assert challenge is not None
    assert challenge.params == (("error", "e"),)
    assert BearerChallenge.from_header('Basic realm="Bearer"') is None
    assert BearerChallenge.from_header("") is None
    assert BearerChallenge.from_header(None) is None


def test_bearer_without_params() -> None:
    challenge = BearerChallenge.from_header("Bearer")
    assert challenge == BearerChallenge(())
    assert challenge.claims is None


@pytest.mark.parametrize(
    "garbage",
    [
        '"',
        "=",
        ",,,",
        'Bearer ="x"',
        'Bearer a="unterminated',
        "==Bearer",
        "Bearer a=b=c, ,=",
        'realm="x", Bearer',
        "Bearer \\",
        'Bearer a="\\',
    ],
)
def test_parser_never_raises(garbage: str) -> None:
    BearerChallenge.from_header(garbage)


def test_claims_to_retry_reads_all_header_lines() -> None:
    response = httpx.Response(
        401, headers=[("WWW-Authenticate", 'Basic realm="x"'), ("WWW-Authenticate", CHALLENGE)]
    )
    assert _claims_to_retry(response) == CLAIMS
