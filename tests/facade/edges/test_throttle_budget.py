"""Issue 14, item 13: a 429 is retried, not handed back, while the limiter can still pace the request.

The retry layer bounds retries by ``max_total_seconds``. Time a request spent queued for the limiter's
tokens (several workers sharing a slow plan) is pacing, not failing: it must not use up that budget, or a
429 that arrives after a long queue is surfaced as ``ThrottledError`` although one more paced attempt works.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
from seller_central.backends.memory import MemoryBackend
from seller_central.limits import Limit, RateLimiter
from seller_central.retry import RetryPolicy
from seller_central.transport import LimitTransport, RetryTransport

GET_ORDERS = "orders_v0.getOrders"
URL = "https://sellingpartnerapi-na.amazon.com/orders/v0/orders"


class Clock:
    """A simulated clock whose sleeps only move time forward."""

    def __init__(self) -> None:
        self.now = 10_000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_429_after_a_long_queue_is_retried_not_surfaced(mode):
    """getOrders at one a minute, five requests ahead in the queue: after 5 min of waiting, a 429 is retried."""
    clock = Clock()
    limiter = RateLimiter(
        MemoryBackend(), clock=clock, cushion=0, overrides={GET_ORDERS: Limit(rate=1 / 60, burst=1)}
    )
    answers = [httpx.Response(429, json={"errors": [{"code": "QuotaExceeded", "message": "slow down"}]})]
    answers.append(httpx.Response(200, json={"payload": {"Orders": []}}))
    sent: list[float] = []

    def server(request: httpx.Request) -> httpx.Response:
        sent.append(clock.now)
        return answers.pop(0)

    stack = RetryTransport(
        LimitTransport(
            httpx.MockTransport(server),
            limiter=limiter,
            credential="seller-1",
            sleep=clock.sleep,
            async_sleep=clock.async_sleep,
        ),
        policy=RetryPolicy(jitter=0.0),  # max_total_seconds: 300
        limiter=limiter,
        credential="seller-1",
        sleep=clock.sleep,
        async_sleep=clock.async_sleep,
        clock=clock,
    )
    for _ in range(5):  # other workers' requests hold the next five minutes of the plan
        limiter.acquire("seller-1", GET_ORDERS)
    request = httpx.Request("GET", URL, extensions={"sp_api.operation": GET_ORDERS})

    if mode == "sync":
        response = stack.handle_request(request)
    else:
        response = asyncio.run(stack.handle_async_request(request))

    assert response.status_code == 200
    assert len(sent) == 2
    assert sent[0] - 10_000.0 == pytest.approx(300.0)  # queued five minutes for its first token
