"""Static credential, default credentials and the sync/async token caches."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import types
from typing import Any

import anyio
import attrs
import pytest
from vmss_maintenance._credentials import (
    AccessToken,
    AsyncTokenCache,
    StaticTokenCredential,
    TokenCache,
    default_async_credential,
    default_credential,
)
from vmss_maintenance.errors import AuthenticationError, InvalidArgumentError, MaintenanceError

SCOPE = "https://management.azure.com/.default"
T0 = 1_700_000_000
# A static token must not have expired when it is made (real time): one in 2096.
LATER = 4_000_000_000
SECRET = "eyJ0eXAi.SECRET-TOKEN-TEXT.sig"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Clock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@attrs.frozen
class Info:
    token: str
    expires_on: int
    refresh_on: int | None = None


class TokenOnly:
    """A credential with get_token only (older azure-core shape)."""

    def __init__(self, clock: Clock, lifetime: int = 3600) -> None:
        self.clock, self.lifetime = clock, lifetime
        self.calls: list[tuple[tuple[str, ...], dict[str, Any]]] = []

    def get_token(self, *scopes: str, **kwargs: Any) -> Info:
        self.calls.append((scopes, kwargs))
        return Info(f"{SECRET}-{len(self.calls)}", int(self.clock()) + self.lifetime)


class WithInfo:
    """A credential with get_token_info returning refresh_on."""

    def __init__(self, clock: Clock, refresh_after: int | None = 600) -> None:
        self.clock, self.refresh_after = clock, refresh_after
        self.calls: list[tuple[tuple[str, ...], dict[str, Any]]] = []

    def get_token(self, *scopes: str, **kwargs: Any) -> Info:
        raise AssertionError("get_token_info must be preferred")

    def get_token_info(self, *scopes: str, **kwargs: Any) -> Info:
        self.calls.append((scopes, kwargs))
        now = int(self.clock())
        refresh = now + self.refresh_after if self.refresh_after is not None else None
        return Info(f"{SECRET}-{len(self.calls)}", now + 3600, refresh)


class Failing:
    def get_token(self, *scopes: str, **kwargs: Any) -> Info:
        raise RuntimeError("tenant 'contoso' not found")


class AsyncCred:
    """An async credential that yields to the loop while 'fetching'."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.calls = 0

    async def get_token_info(self, *scopes: str, options: Any = None) -> Info:
        self.calls += 1
        for _ in range(5):
            await anyio.sleep(0)
        return Info(f"{SECRET}-{self.calls}", int(self.clock()) + 3600)

    async def get_token(self, *scopes: str, **kwargs: Any) -> Info:
        raise AssertionError("get_token_info must be preferred")


# --- StaticTokenCredential and AccessToken ---------------------------------------------


def test_static_credential_returns_token() -> None:
    cred = StaticTokenCredential(SECRET, expires_on=LATER)
    token = cred.get_token(SCOPE, claims="{}", tenant_id="t", enable_cae=True)
    assert (token.token, token.expires_on) == (SECRET, LATER)
    info = cred.get_token_info(SCOPE, options={"claims": "{}"})
    assert (info.token, info.expires_on, info.refresh_on) == (SECRET, LATER, None)


def test_static_credential_default_expiry_far_future() -> None:
    assert StaticTokenCredential(SECRET).expires_on > T0 + 100 * 365 * 86400


def test_static_credential_repr_hides_token() -> None:
    cred = StaticTokenCredential(SECRET, expires_on=LATER)
    for text in (repr(cred), str(cred), f"{cred}", repr([cred])):
        assert SECRET not in text
        assert "<redacted>" in text
    assert repr(cred) == f"StaticTokenCredential(token=<redacted>, expires_on={LATER})"
    token = cred.get_token(SCOPE)
    assert SECRET not in repr(token)
    assert SECRET not in str(token)


@pytest.mark.parametrize("bad", ["", "   ", "abc def", "abc\r\nX-Evil: 1", None, 42])
def test_static_credential_rejects_bad_token(bad: Any) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        StaticTokenCredential(bad)
    if isinstance(bad, str) and bad.strip():
        assert bad not in str(info.value)


@pytest.mark.parametrize("bad", [0, -5, 1.5, "soon", True])
def test_static_credential_rejects_bad_expiry(bad: Any) -> None:
    with pytest.raises(InvalidArgumentError, match="expires_on"):
        StaticTokenCredential(SECRET, expires_on=bad)


def test_access_token_repr() -> None:
    token = AccessToken(SECRET, T0, T0 - 10)
    assert repr(token) == f"AccessToken(token=<redacted>, expires_on={T0}, refresh_on={T0 - 10})"


# --- default credentials ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("factory", "extra"),
    [(default_credential, "identity"), (default_async_credential, "identity-async")],
)
def test_default_credential_without_identity(
    monkeypatch: pytest.MonkeyPatch, factory: Any, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, "azure.identity", None)
    monkeypatch.setitem(sys.modules, "azure.identity.aio", None)
    with pytest.raises(MaintenanceError) as info:
        factory()
    message = str(info.value)
    assert "azure-identity is not installed" in message
    assert f"pip install 'vmss-maintenance[{extra}]'" in message
    assert "StaticTokenCredential" in message


def test_default_credentials_with_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    class SyncDefault:
        pass

    class AsyncDefault:
        pass

    sync_module = types.ModuleType("azure.identity")
    sync_module.DefaultAzureCredential = SyncDefault  # type: ignore[attr-defined]
    async_module = types.ModuleType("azure.identity.aio")
    async_module.DefaultAzureCredential = AsyncDefault  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "azure.identity", sync_module)
    monkeypatch.setitem(sys.modules, "azure.identity.aio", async_module)
    monkeypatch.setitem(sys.modules, "aiohttp", types.ModuleType("aiohttp"))
    assert isinstance(default_credential(), SyncDefault)
    assert isinstance(default_async_credential(), AsyncDefault)


# --- TokenCache ---------------------------------------------------------------------------


def test_cache_reuses_token() -> None:
    clock = Clock()
    cred = TokenOnly(clock)
    cache = TokenCache(cred, SCOPE, clock=clock)
    assert cache.get() == f"{SECRET}-1"
    clock.now += 1000
    assert cache.get() == f"{SECRET}-1"
    assert cred.calls == [((SCOPE,), {})]


def test_cache_refreshes_when_300_seconds_remain() -> None:
    clock = Clock()
    cred = TokenOnly(clock, lifetime=3600)
    cache = TokenCache(cred, SCOPE, clock=clock)
    cache.get()
    clock.now = T0 + 3300  # exactly 300 s left: still fine
    assert cache.get() == f"{SECRET}-1"
    clock.now = T0 + 3300.5  # fewer than 300 s left
    assert cache.get() == f"{SECRET}-2"
    assert len(cred.calls) == 2


def test_cache_refreshes_at_refresh_on() -> None:
    clock = Clock()
    cred = WithInfo(clock, refresh_after=600)
    cache = TokenCache(cred, SCOPE, clock=clock)
    assert cache.get() == f"{SECRET}-1"
    clock.now = T0 + 599
    assert cache.get() == f"{SECRET}-1"
    clock.now = T0 + 600
    assert cache.get() == f"{SECRET}-2"
    assert cred.calls[0] == ((SCOPE,), {})


def test_short_lived_token_is_fetched_each_time() -> None:
    clock = Clock()
    cred = TokenOnly(clock, lifetime=100)
    cache = TokenCache(cred, SCOPE, clock=clock)
    cache.get()
    cache.get()
    assert len(cred.calls) == 2


def test_claims_force_new_token_via_get_token_info() -> None:
    clock = Clock()
    cred = WithInfo(clock, refresh_after=None)
    cache = TokenCache(cred, SCOPE, clock=clock)
    cache.get()
    claims = '{"access_token":{"nbf":{"essential":true}}}'
    assert cache.get(claims) == f"{SECRET}-2"
    assert cred.calls[1] == ((SCOPE,), {"options": {"claims": claims}})
    assert cache.get() == f"{SECRET}-2"  # the new token is the cached one now
    assert len(cred.calls) == 2


def test_claims_via_get_token() -> None:
    clock = Clock()
    cred = TokenOnly(clock)
    cache = TokenCache(cred, SCOPE, clock=clock)
    cache.get('{"a":1}')
    assert cred.calls == [((SCOPE,), {"claims": '{"a":1}'})]


def test_static_credential_through_cache() -> None:
    cache = TokenCache(StaticTokenCredential(SECRET), SCOPE)
    assert cache.get() == SECRET
    assert SECRET not in repr(cache)


def test_credential_error_is_wrapped() -> None:
    cache = TokenCache(Failing(), SCOPE)
    with pytest.raises(AuthenticationError) as info:
        cache.get()
    message = str(info.value)
    assert "Failing" in message
    assert "tenant 'contoso' not found" in message
    assert SCOPE in message
    assert isinstance(info.value.__cause__, RuntimeError)


def test_credential_returning_nonsense() -> None:
    class Nonsense:
        def get_token(self, *scopes: str, **kwargs: Any) -> object:
            return None

    with pytest.raises(AuthenticationError, match="Nonsense returned no usable token"):
        TokenCache(Nonsense(), SCOPE).get()


def test_bad_scope() -> None:
    with pytest.raises(InvalidArgumentError, match="scope"):
        TokenCache(TokenOnly(Clock()), "")


def test_tokens_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    with caplog.at_level(logging.DEBUG):
        cache = TokenCache(WithInfo(clock), SCOPE, clock=clock)
        cache.get()
        cache.get("{}")
        with pytest.raises(AuthenticationError):
            TokenCache(Failing(), SCOPE).get()
    assert caplog.records  # something was logged...
    for record in caplog.records:  # ...but never a token
        assert SECRET not in record.getMessage()
        assert SECRET not in str(record.args)


def test_threads_share_one_refresh() -> None:
    clock = Clock()
    release = threading.Event()

    class Slow(TokenOnly):
        def get_token(self, *scopes: str, **kwargs: Any) -> Info:
            release.wait(5)
            return super().get_token(*scopes, **kwargs)

    cred = Slow(clock)
    cache = TokenCache(cred, SCOPE, clock=clock)
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get())) for _ in range(8)]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join(5)
    assert results == [f"{SECRET}-1"] * 8
    assert len(cred.calls) == 1


# --- AsyncTokenCache ----------------------------------------------------------------------


@pytest.mark.anyio
async def test_async_cache_with_async_credential() -> None:
    clock = Clock()
    cred = AsyncCred(clock)
    cache = AsyncTokenCache(cred, SCOPE, clock=clock)
    assert await cache.get() == f"{SECRET}-1"
    assert await cache.get() == f"{SECRET}-1"
    clock.now += 3301
    assert await cache.get() == f"{SECRET}-2"
    assert await cache.get('{"x":1}') == f"{SECRET}-3"
    assert cred.calls == 3


@pytest.mark.anyio
async def test_async_cache_with_sync_credential() -> None:
    clock = Clock()
    cred = WithInfo(clock, refresh_after=10)
    cache = AsyncTokenCache(cred, SCOPE, clock=clock)
    assert await cache.get() == f"{SECRET}-1"
    clock.now += 10
    assert await cache.get() == f"{SECRET}-2"
    assert await AsyncTokenCache(StaticTokenCredential(SECRET), SCOPE).get() == SECRET


@pytest.mark.anyio
async def test_async_concurrent_get_shares_one_refresh() -> None:
    clock = Clock()
    cred = AsyncCred(clock)
    cache = AsyncTokenCache(cred, SCOPE, clock=clock)
    results: list[str] = []

    async def one() -> None:
        results.append(await cache.get())

    async with anyio.create_task_group() as group:
        for _ in range(10):
            group.start_soon(one)
    assert results == [f"{SECRET}-1"] * 10
    assert cred.calls == 1

    clock.now += 4000  # expired: again exactly one refresh for many callers
    results.clear()
    async with anyio.create_task_group() as group:
        for _ in range(10):
            group.start_soon(one)
    assert results == [f"{SECRET}-2"] * 10
    assert cred.calls == 2


def test_async_cache_survives_a_new_event_loop() -> None:
    clock = Clock()
    cred = AsyncCred(clock)
    cache = AsyncTokenCache(cred, SCOPE, clock=clock)

    async def burst() -> set[str]:
        return set(await asyncio.gather(*(cache.get() for _ in range(5))))

    assert asyncio.run(burst()) == {f"{SECRET}-1"}
    clock.now += 4000
    assert asyncio.run(burst()) == {f"{SECRET}-2"}
    assert cred.calls == 2


@pytest.mark.anyio
async def test_async_credential_error_is_wrapped() -> None:
    class AsyncFailing:
        async def get_token(self, *scopes: str, **kwargs: Any) -> Info:
            raise OSError("IMDS unreachable")

    with pytest.raises(AuthenticationError) as info:
        await AsyncTokenCache(AsyncFailing(), SCOPE).get()
    assert "AsyncFailing" in str(info.value)
    assert "IMDS unreachable" in str(info.value)
