"""Issue 14, item 13: the limiter's safety margin on burst-1 plans, with a simulated clock.

Amazon meters a request when it arrives; the time from our grant to that arrival varies, so two requests
granted exactly one interval apart can arrive less than one interval apart (a 429 on a burst-1 plan). The
limiter spaces burst-1 requests by the interval plus a margin (5 % of it, at least 0.1 s); plans with a
larger burst keep one spare token instead, and their rate is untouched.
"""

from __future__ import annotations

import pytest
from seller_central.backends.memory import MemoryBackend
from seller_central.limits import (
    BURST_ONE_MARGIN_FRACTION,
    BURST_ONE_MARGIN_SECONDS,
    Limit,
    RateLimiter,
)

GET_SHIPMENT = "merchant_fulfillment_v0.getShipment"  # documented plan: 1 request/s, burst 1
GET_FEED = "feeds_2021_06_30.getFeed"  # documented plan: 2 requests/s, burst 15


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def send_times(limiter: RateLimiter, clock: Clock, operation: str, count: int) -> list[float]:
    """When each of ``count`` back-to-back requests may go, relative to the first call."""
    start, times = clock.now, []
    for _ in range(count):
        clock.now += limiter.acquire("seller-1", operation)
        times.append(round(clock.now - start, 6))
    return times


def test_a_burst_one_plan_spaces_requests_by_the_interval_plus_the_margin():
    """getShipment (1/s, burst 1): 0, 1.1, 2.2, 3.3 s, never exactly one second apart.

    Plans with a larger burst keep their rate (getFeed, 2/s burst 15: 14 at once, then every half second;
    the spare token absorbs the jitter), and ``cushion=0`` runs even a burst-1 plan exactly at the plan.
    """
    clock = Clock()
    limiter = RateLimiter(MemoryBackend(), clock=clock)
    exact = RateLimiter(MemoryBackend(), clock=clock, cushion=0)

    assert send_times(limiter, clock, GET_SHIPMENT, 4) == [0.0, 1.1, 2.2, 3.3]
    assert (BURST_ONE_MARGIN_FRACTION, BURST_ONE_MARGIN_SECONDS) == (0.05, 0.1)
    assert send_times(limiter, clock, GET_FEED, 16) == [0.0] * 14 + [0.5, 1.0]
    assert send_times(exact, clock, GET_SHIPMENT, 3) == [0.0, 1.0, 2.0]


@pytest.mark.parametrize(("rate", "spacing"), [(0.0167, 1 / 0.0167 * 1.05), (0.5, 2.1), (4.0, 0.35)])
def test_the_margin_is_five_percent_of_slow_intervals_and_a_tenth_of_a_second_of_fast_ones(rate, spacing):
    """A one-a-minute plan waits 63 s; 0.5/s waits 2.1 s; 4/s waits 0.35 s."""
    clock = Clock()
    limiter = RateLimiter(MemoryBackend(), clock=clock, overrides={GET_SHIPMENT: Limit(rate=rate, burst=1)})

    times = send_times(limiter, clock, GET_SHIPMENT, 3)

    assert times == [0.0, round(spacing, 6), round(2 * spacing, 6)]


def test_concurrent_callers_on_a_burst_one_plan_queue_with_the_margin():
    """Four workers asking at once are told 0, 1.1, 2.2 and 3.3 s."""
    clock = Clock()
    limiter = RateLimiter(MemoryBackend(), clock=clock)

    waits = [round(limiter.acquire("seller-1", GET_SHIPMENT), 6) for _ in range(4)]

    assert waits == [0.0, 1.1, 2.2, 3.3]


def test_after_a_429_the_next_request_waits_the_interval_plus_the_margin():
    """A 429 empties the bucket; the retry's token is due 1.1 s later, not 1 s."""
    clock = Clock()
    limiter = RateLimiter(MemoryBackend(), clock=clock)
    limiter.acquire("seller-1", GET_SHIPMENT)
    clock.now += 5.0

    limiter.observe("seller-1", GET_SHIPMENT, status_code=429, headers={})

    assert round(limiter.acquire("seller-1", GET_SHIPMENT), 6) == 1.1
