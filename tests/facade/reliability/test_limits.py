"""The rate limiter: plans, a burst then a steady rate on a simulated clock, and learning from SP-API."""

from __future__ import annotations

import logging

import pytest
from seller_central.backends.memory import MemoryBackend
from seller_central.limits import (
    DEFAULT_LIMIT,
    SANDBOX_LIMIT,
    Limit,
    RateLimiter,
    plan_for,
    rate_from_headers,
)

GET_FEED = "feeds_2021_06_30.getFeed"  # documented plan: 2 requests/s, burst 15
GET_ORDERS = "orders_v0.getOrders"  # documented plan: 0.0167 requests/s, burst 20


def send_times(limiter: RateLimiter, clock, count: int, operation: str = GET_FEED) -> list[float]:
    """Act like a caller that sends each request as soon as the limiter allows; return the send times."""
    times = []
    for _ in range(count):
        clock.sleep(limiter.acquire("seller-1", operation))
        times.append(round(clock.now - 1_000.0, 6))
    return times


class TestLimit:
    def test_interval_is_the_time_between_two_tokens(self):
        """A plan of 2 requests per second hands out a token every half second."""
        assert Limit(rate=2, burst=15).interval_seconds == 0.5

    @pytest.mark.parametrize(("rate", "burst"), [(0, 1), (-1, 1), (float("inf"), 1), (1, 0)])
    def test_impossible_plans_are_refused(self, rate, burst):
        """A plan needs a positive finite rate and a burst of at least one."""
        with pytest.raises(ValueError, match=r"rate|burst"):
            Limit(rate=rate, burst=burst)


class TestPlans:
    def test_the_operation_table_gives_the_documented_plan(self):
        """getFeed starts with the documented 2 requests per second and burst 15."""
        assert plan_for(GET_FEED, sandbox=False) == Limit(rate=2.0, burst=15)

    def test_an_operation_without_a_documented_plan_gets_the_conservative_default(self):
        """An operation whose model gives no plan starts at 1 request per second, burst 5."""
        assert plan_for("awd_2024_05_09.listReplenishmentOrders", sandbox=False) == DEFAULT_LIMIT

    def test_an_unknown_operation_gets_the_default(self):
        """A key that is not in the table does not break the limiter."""
        assert plan_for("nothing_v9.noSuchOperation", sandbox=False) == DEFAULT_LIMIT

    def test_sandbox_hosts_use_the_sandbox_plan_whatever_the_table_says(self):
        """Amazon's sandbox allows 5 requests per second with burst 15 for every operation."""
        assert plan_for(GET_ORDERS, sandbox=True) == SANDBOX_LIMIT == Limit(rate=5, burst=15)

    @pytest.mark.parametrize(
        ("headers", "expected"),
        [({"x-amzn-RateLimit-Limit": "0.5"}, 0.5), ({}, None), ({"x-amzn-RateLimit-Limit": "soon"}, None)],
    )
    def test_the_rate_header_is_read_when_usable(self, headers, expected):
        """x-amzn-RateLimit-Limit is a number of requests per second; anything else is ignored."""
        assert rate_from_headers(headers) == expected


class TestRateLimiter:
    def test_a_burst_then_a_steady_rate_exactly_as_the_plan_allows(self, clock):
        """getFeed's 15 burst requests go at once, then one request every half second."""
        limiter = RateLimiter(MemoryBackend(), clock=clock, cushion=0)

        times = send_times(limiter, clock, 20)

        assert times == [0.0] * 15 + [0.5, 1.0, 1.5, 2.0, 2.5]

    def test_the_bucket_refills_while_idle(self, clock):
        """After the burst, three seconds of quiet give back six tokens of getFeed's plan."""
        limiter = RateLimiter(MemoryBackend(), clock=clock, cushion=0)
        send_times(limiter, clock, 15)
        clock.sleep(3.0)

        times = send_times(limiter, clock, 8)

        assert times == [3.0] * 6 + [3.5, 4.0]

    def test_concurrent_callers_queue_one_interval_apart(self, clock):
        """Callers arriving together past the burst are told to wait 0.5 s, 1 s, 1.5 s, in order."""
        limiter = RateLimiter(MemoryBackend(), clock=clock, cushion=0)

        waits = [limiter.acquire("seller-1", GET_FEED) for _ in range(18)]

        assert waits == [0.0] * 15 + [0.5, 1.0, 1.5]

    def test_the_cushion_keeps_one_token_of_the_burst_in_reserve(self, clock):
        """By default one token of the burst is left unused, to absorb network jitter."""
        limiter = RateLimiter(MemoryBackend(), clock=clock)

        times = send_times(limiter, clock, 16)

        assert times == [0.0] * 14 + [0.5, 1.0]

    def test_credentials_and_operations_have_separate_buckets(self, clock):
        """One seller spending its getFeed burst leaves another seller's, and another operation's, alone."""
        limiter = RateLimiter(MemoryBackend(), clock=clock, cushion=0)
        send_times(limiter, clock, 15)

        assert limiter.acquire("seller-2", GET_FEED) == 0.0
        assert limiter.acquire("seller-1", "feeds_2021_06_30.getFeeds") == 0.0
        assert limiter.acquire("seller-1", GET_FEED) == 0.5

    def test_a_lower_rate_in_the_header_is_used_from_then_on(self, clock):
        """When SP-API reports 0.5 requests/s for getFeed, the steady rate becomes one every 2 s."""
        limiter = RateLimiter(MemoryBackend(), clock=clock, cushion=0)
        send_times(limiter, clock, 15)

        limiter.observe("seller-1", GET_FEED, status_code=200, headers={"x-amzn-RateLimit-Limit": "0.5"})
        times = send_times(limiter, clock, 3)

        assert limiter.limit_for("seller-1", GET_FEED) == Limit(rate=0.5, burst=15)
        assert times == [2.0, 4.0, 6.0]

    def test_the_header_also_wins_over_the_sandbox_plan(self, clock):
        """A rate the sandbox reports replaces the assumed 5 requests per second."""
        limiter = RateLimiter(MemoryBackend(), sandbox=True, clock=clock)

        limiter.observe("seller-1", GET_ORDERS, status_code=200, headers={"x-amzn-RateLimit-Limit": "2"})

        assert limiter.limit_for("seller-1", GET_ORDERS) == Limit(rate=2, burst=15)

    def test_a_plan_change_is_logged_once(self, clock, caplog):
        """Adopting a reported rate is worth one INFO line; the same rate again says nothing."""
        limiter = RateLimiter(MemoryBackend(), clock=clock)
        headers = {"x-amzn-RateLimit-Limit": "0.5"}

        with caplog.at_level(logging.INFO, logger="seller_central.limits"):
            limiter.observe("seller-1", GET_FEED, status_code=200, headers=headers)
            limiter.observe("seller-1", GET_FEED, status_code=200, headers=headers)

        expected = "feeds_2021_06_30.getFeed: x-amzn-RateLimit-Limit reports 0.5 requests/s (was 2); using it"
        assert [r.getMessage() for r in caplog.records] == [f"{expected} from now on"]

    def test_a_429_empties_the_bucket_so_the_next_attempt_waits_a_full_interval(self, clock):
        """Even with tokens left in our bucket, after a 429 the next token is half a second away."""
        limiter = RateLimiter(MemoryBackend(), clock=clock, cushion=0)
        send_times(limiter, clock, 3)

        limiter.observe("seller-1", GET_FEED, status_code=429, headers={})

        assert limiter.acquire("seller-1", GET_FEED) == 0.5

    def test_a_429_also_works_with_a_backend_that_cannot_drain(self, clock):
        """A backend with only the protocol's reserve is pushed back by one token instead."""

        class ReserveOnly:
            def __init__(self) -> None:
                self.inner = MemoryBackend()

            def reserve(self, bucket, *, rate, burst, now):
                return self.inner.reserve(bucket, rate=rate, burst=burst, now=now)

        backend = ReserveOnly()
        limiter = RateLimiter(backend, clock=clock, cushion=0)  # type: ignore[arg-type]
        send_times(limiter, clock, 14)

        limiter.observe("seller-1", GET_FEED, status_code=429, headers={})

        assert limiter.acquire("seller-1", GET_FEED) == 0.5

    def test_a_long_wait_is_logged_once_with_the_operation_and_the_delay(self, clock, caplog):
        """getOrders past its burst waits about a minute: said once at INFO, then only at DEBUG."""
        limiter = RateLimiter(MemoryBackend(), clock=clock, cushion=0)
        for _ in range(20):
            limiter.acquire("seller-1", GET_ORDERS)

        with caplog.at_level(logging.DEBUG, logger="seller_central.limits"):
            limiter.acquire("seller-1", GET_ORDERS)
            limiter.acquire("seller-1", GET_ORDERS)

        info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
        assert info == [
            "orders_v0.getOrders: waiting 59.9 s for the usage plan (0.0167 requests/s, burst 20)"
        ]
        assert len(caplog.records) == 2

    def test_overrides_replace_the_documented_plan(self, clock):
        """A private plan agreed with Amazon can be given per operation."""
        limiter = RateLimiter(
            MemoryBackend(), clock=clock, cushion=0, overrides={GET_ORDERS: Limit(rate=20, burst=2)}
        )

        assert [limiter.acquire("seller-1", GET_ORDERS) for _ in range(4)] == [0.0, 0.0, 0.05, 0.1]

    def test_only_the_memory_backend_counts_as_local(self):
        """Async callers move calls to any other backend off the event loop."""
        assert RateLimiter(MemoryBackend()).is_local
        assert not RateLimiter(object()).is_local  # type: ignore[arg-type]
