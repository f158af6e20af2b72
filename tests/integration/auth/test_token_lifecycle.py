"""Token reuse, single-flight refresh under threads and tasks, expiry, and the retry of a refused token."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from seller_central import _send
from seller_central.auth import TOKEN_HEADER, SpApiAuth
from seller_central.calls import Call
from seller_central.errors import ForbiddenError
from selling_partner_api.orders_v0.api import get_order

CALLERS = 50


def test_one_token_serves_a_thousand_calls(amazon, seller, sp_api):
    """A thousand SP-API calls in a row cost one token request."""
    client = sp_api(seller)

    statuses = {
        client.request(**get_order.request_kwargs(order_id=f"ORDER-{i}")).status_code for i in range(1000)
    }

    assert statuses == {200}
    assert len(amazon.sp_requests("/orders/")) == 1000
    assert len(amazon.lwa_requests()) == 1


class _CountingLock:
    """Wraps the token manager's per-token thread lock to count the callers that reach it."""

    def __init__(self, lock, arrivals):
        self._lock = lock
        self._arrivals = arrivals

    def __enter__(self):
        with self._arrivals:
            self._arrivals.count += 1
            self._arrivals.notify_all()
        self._lock.acquire()

    def __exit__(self, *exc_info):
        self._lock.release()


def test_fifty_threads_starting_cold_cause_one_token_request(amazon, seller, make_tokens, sp_api):
    """Fifty threads calling at once with an empty cache share a single token request."""
    tokens = make_tokens(seller)
    arrivals = threading.Condition()
    arrivals.count = 0
    real_lock = tokens.cache._thread_lock
    tokens.cache._thread_lock = lambda key: _CountingLock(real_lock(key), arrivals)

    def hold_until_everyone_waits():
        # LWA answers only once all fifty callers are contending, so a missing lock would show.
        with arrivals:
            arrivals.wait_for(lambda: arrivals.count >= CALLERS, timeout=10)

    amazon.before_token = hold_until_everyone_waits
    client = sp_api(seller, tokens=tokens)
    start = threading.Barrier(CALLERS)

    def call(i):
        start.wait()
        return client.request(**get_order.request_kwargs(order_id=f"T-{i}"))

    with ThreadPoolExecutor(CALLERS) as pool:
        responses = list(pool.map(call, range(CALLERS)))

    assert arrivals.count == CALLERS
    assert {r.status_code for r in responses} == {200}
    assert len({r.request.headers[TOKEN_HEADER] for r in responses}) == 1
    assert len(amazon.lwa_requests()) == 1


def test_fifty_tasks_starting_cold_cause_one_token_request(amazon, seller, make_tokens):
    """Fifty asyncio tasks calling at once with an empty cache share a single token request."""
    tokens = make_tokens(seller)

    async def run():
        auth = SpApiAuth(seller, tokens=tokens)
        async with httpx.AsyncClient(base_url=seller.base_url, auth=auth) as client:
            calls = (client.request(**get_order.request_kwargs(order_id=f"A-{i}")) for i in range(CALLERS))
            responses = await asyncio.gather(*calls)
        await tokens.aclose()
        return responses

    responses = asyncio.run(run())

    assert {r.status_code for r in responses} == {200}
    assert len({r.request.headers[TOKEN_HEADER] for r in responses}) == 1
    assert len(amazon.lwa_requests()) == 1


def test_token_is_refreshed_a_minute_before_it_expires(amazon, seller, sp_api, clock):
    """A token is used until 60 s before its expiry, then replaced before Amazon could refuse it."""
    client = sp_api(seller)
    first = client.request(**get_order.request_kwargs(order_id="1")).request.headers[TOKEN_HEADER]

    clock.advance(3600 - 61)
    still = client.request(**get_order.request_kwargs(order_id="2")).request.headers[TOKEN_HEADER]
    clock.advance(2)
    renewed = client.request(**get_order.request_kwargs(order_id="3"))

    assert still == first
    assert renewed.status_code == 200
    assert renewed.request.headers[TOKEN_HEADER] != first
    assert len(amazon.lwa_requests()) == 2
    assert len(amazon.sp_requests("/orders/")) == 3  # no refused attempt


def test_token_refused_as_expired_is_replaced_and_the_call_retried(amazon, seller, sp_api):
    """When SP-API says the cached token expired, the call is sent once more with a new token."""
    client = sp_api(seller)
    client.request(**get_order.request_kwargs(order_id="1"))
    amazon.expire_all()

    response = client.request(**get_order.request_kwargs(order_id="2"))

    assert response.status_code == 200
    attempts = amazon.sp_requests("/orders/v0/orders/2")
    assert len(attempts) == 2
    assert attempts[0].headers[TOKEN_HEADER] != attempts[1].headers[TOKEN_HEADER]
    assert len(amazon.lwa_requests()) == 2


def test_refused_token_is_retried_only_once_and_then_surfaced(amazon, seller, sp_api):
    """If the fresh token is refused too, the 403 comes back after two attempts and raises ForbiddenError."""
    amazon.always_expired = True

    response = sp_api(seller).request(**get_order.request_kwargs(order_id="1"))

    assert response.status_code == 403
    assert len(amazon.sp_requests("/orders/")) == 2
    assert len(amazon.lwa_requests()) == 2
    with pytest.raises(ForbiddenError) as caught:
        _send.finish_call(Call(operation="orders_v0.getOrder"), response)
    assert "The access token you provided has expired." in str(caught.value)


def test_missing_role_is_not_mistaken_for_an_expired_token(amazon, seller, sp_api):
    """A 403 without the expired-token details (a missing role) is returned at once, not retried."""
    amazon.deny_roles = True

    response = sp_api(seller).request(**get_order.request_kwargs(order_id="1"))

    assert response.status_code == 403
    assert len(amazon.sp_requests("/orders/")) == 1
    assert len(amazon.lwa_requests()) == 1


def test_two_clients_on_one_backend_share_the_token(amazon, seller, make_tokens, sp_api):
    """Two clients (two token managers) sharing a backend make one token request between them."""
    first = sp_api(seller, tokens=make_tokens(seller))
    second = sp_api(seller, tokens=make_tokens(seller))

    first.request(**get_order.request_kwargs(order_id="1"))
    second.request(**get_order.request_kwargs(order_id="2"))

    assert len(amazon.lwa_requests()) == 1
