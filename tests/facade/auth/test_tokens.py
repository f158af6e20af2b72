"""TokenManager and TokenCache: grants, caching with a margin, invalidation, LWA errors, async use."""

import asyncio
import threading

import httpx
import pytest
from seller_central.backends.memory import MemoryBackend
from seller_central.errors import TokenRequestError
from seller_central.tokens import TokenCache, exchange_authorization_code


def test_seller_token_is_requested_once_and_then_served_from_cache(wire, seller, manager):
    """The first call asks LWA with a refresh_token grant; later calls reuse the token."""
    tokens = manager(seller)

    first = tokens.access_token()
    second = tokens.access_token()

    assert first == second == "Atza|token-1"
    assert [form["grant_type"] for form in wire.lwa()] == ["refresh_token"]


def test_scope_on_an_oauth_connection_asks_for_a_grantless_token(wire, seller, manager):
    """Asking for a scope on an OAuth connection sends a client_credentials grant for that scope."""
    manager(seller).access_token(scope="sellingpartnerapi::client_credential:rotation")

    (form,) = wire.lwa()
    assert form["grant_type"] == "client_credentials"
    assert form["scope"] == "sellingpartnerapi::client_credential:rotation"
    assert "refresh_token" not in form


def test_short_lived_token_keeps_half_its_life_as_margin(wire, seller, manager, clock):
    """A token living 60 s (less than twice the margin) is replaced after 30 s, not used until it dies."""
    wire.lifetime = 60
    tokens = manager(seller)
    first = tokens.access_token()

    clock.advance(29)
    kept = tokens.access_token()
    clock.advance(1)
    replaced = tokens.access_token()

    assert kept == first
    assert replaced != first


def test_invalidate_drops_only_the_token_that_failed(wire, seller, manager):
    """Invalidating a token no longer cached keeps the newer one, so concurrent failures refresh once."""
    tokens = manager(seller)
    old = tokens.access_token()

    tokens.invalidate(token=old)
    new = tokens.access_token()
    tokens.invalidate(token=old)  # a second request that failed with the old token

    assert new != old
    assert tokens.access_token() == new
    assert len(wire.lwa()) == 2


def test_refused_token_in_a_shared_backend_is_not_served_again(wire, seller, manager):
    """A token another client stored is skipped once SP-API refused it here, though the backend has it."""
    backend = MemoryBackend()
    first = manager(seller, backend=backend)
    second = manager(seller, backend=backend)
    shared = first.access_token()
    assert second.access_token() == shared

    second.invalidate(token=shared)

    assert second.access_token() != shared
    assert len(wire.lwa()) == 2


def test_answer_without_access_token_is_an_error(wire, seller, manager):
    """An LWA 200 without an access token raises TokenRequestError instead of caching nothing."""
    wire.on("POST", "/auth/o2/token", httpx.Response(200, json={"token_type": "bearer"}))

    with pytest.raises(TokenRequestError, match="without an access token"):
        manager(seller).access_token()


def test_missing_expires_in_means_an_hour(wire, seller, manager, clock):
    """A token without expires_in is kept for LWA's usual hour (less the margin)."""
    wire.on("POST", "/auth/o2/token", httpx.Response(200, json={"access_token": "Atza|no-expiry-0123456789"}))
    tokens = manager(seller)
    tokens.access_token()

    clock.advance(3500)
    tokens.access_token()

    assert len(wire.lwa()) == 1


def test_secrets_echoed_by_lwa_are_removed_from_the_error(wire, seller, manager):
    """An error description that repeats the client secret or refresh token shows neither."""
    echo = f"bad client_secret {seller.client_secret} for {seller.refresh_token}"
    wire.on(
        "POST",
        "/auth/o2/token",
        httpx.Response(400, json={"error": "invalid_request", "error_description": echo}),
    )

    with pytest.raises(TokenRequestError) as caught:
        manager(seller).access_token()

    message = str(caught.value)
    assert caught.value.error == "invalid_request"
    assert seller.client_secret not in message
    assert seller.refresh_token not in message


def test_network_failure_is_a_token_request_error(seller, manager, wire):
    """A transport error while asking LWA raises TokenRequestError with no status."""

    def fail(request):
        raise httpx.ConnectError("connection refused", request=request)

    wire.on("POST", "/auth/o2/token", fail)

    with pytest.raises(TokenRequestError) as caught:
        manager(seller).access_token()

    assert caught.value.status_code is None
    assert "ConnectError" in str(caught.value)


def test_async_access_token_uses_the_async_transport_and_the_same_cache(wire, seller, manager):
    """aaccess_token fetches through the async transport once and then serves the cached token."""
    tokens = manager(seller)

    async def run():
        first = await tokens.aaccess_token()
        second = await tokens.aaccess_token()
        await tokens.aclose()
        return first, second

    first, second = asyncio.run(run())

    assert first == second
    assert tokens.access_token() == first
    assert len(wire.lwa()) == 1


def test_cache_keys_separate_grants_and_hold_no_secret(seller, application, manager):
    """Seller, grantless and RDT keys differ, and none contains a secret."""
    tokens = manager(seller)
    keys = {
        tokens.key(),
        tokens.key(scope="sellingpartnerapi::notifications"),
        tokens.rdt_key("GET", "/orders/v0/orders/{orderId}/address"),
        tokens.rdt_key("get", "/orders/v0/orders/1", ("shippingAddress", "buyerInfo")),
    }

    assert len(keys) == 4
    assert tokens.rdt_key("GET", "/o", ("b", "a")) == tokens.rdt_key("get", "/o", ("a", "b"))
    for key in keys:
        assert seller.client_secret not in key
        assert seller.refresh_token not in key


def test_grantless_token_of_one_application_and_scope_is_shared_by_both_connection_kinds(
    seller, application, manager
):
    """One application asking for one scope shares a cached grantless token, whatever the connection."""
    assert manager(application).key() == manager(seller).key(scope="sellingpartnerapi::notifications")


def test_exchange_authorization_code_needs_a_refresh_token_in_the_answer(wire):
    """An authorization_code answer without a refresh token is an error, not a half-stored login."""
    wire.on("POST", "/auth/o2/token", httpx.Response(200, json={"access_token": "Atza|only-0123456789"}))

    with pytest.raises(TokenRequestError, match="no refresh token"):
        exchange_authorization_code(
            client_id="client",
            client_secret="amzn1.oa2-cs.v1.secret0123",
            code="code-0123456789",
            token_url="https://api.amazon.com/auth/o2/token",
            transport=wire.transport,
        )


class _WatchedLock:
    """A token lock counting how often it is taken and given back (a plain object: no finalizer frees it)."""

    def __init__(self, backend):
        self._backend = backend

    def __enter__(self):
        self._backend.lock.acquire()
        with self._backend.changed:
            self._backend.taken += 1

    def __exit__(self, *exc_info):
        self._backend.lock.release()
        with self._backend.changed:
            self._backend.given_back += 1
            self._backend.changed.notify_all()


class _WatchedLocks(MemoryBackend):
    """A memory backend with one watched token lock."""

    def __init__(self):
        super().__init__()
        self.lock = threading.Lock()
        self.taken = 0
        self.given_back = 0
        self.changed = threading.Condition()

    def token_lock(self, _key):
        return _WatchedLock(self)

    def wait_given_back(self, count, timeout):
        with self.changed:
            return self.changed.wait_for(lambda: self.given_back >= count, timeout=timeout)


def test_cancelled_task_does_not_leave_the_backend_lock_held(clock):
    """A task cancelled while waiting for the backend's token lock gives it back as soon as it gets it."""
    backend = _WatchedLocks()
    cache = TokenCache(backend, clock=clock, margin_seconds=60)
    holding, release = threading.Event(), threading.Event()

    def hold():
        with backend.token_lock("key"):
            holding.set()
            release.wait(timeout=10)

    holder = threading.Thread(target=hold, name="holder")
    holder.start()
    holding.wait(timeout=10)

    async def run():
        async def take():
            async with cache.alock("key"):
                pytest.fail("the lock was held by another thread")

        task = asyncio.create_task(take())
        await asyncio.sleep(0)  # let the task start waiting for the lock
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        release.set()
        # The abandoned attempt takes the lock after the holder; it must give it back by itself.
        return await asyncio.to_thread(backend.wait_given_back, 2, 5)

    assert asyncio.run(run()) is True
    holder.join(timeout=10)
    assert (backend.taken, backend.given_back) == (2, 2)
