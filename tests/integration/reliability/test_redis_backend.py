"""The Redis backend against a real redis-server: bucket script, tokens, lock, and four sharing processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
from seller_central import errors
from seller_central.backends.base import Backend, StoredToken
from seller_central.backends.redis import RedisBackend
from seller_central.limits import RateLimiter

from tests.integration.reliability.conftest import free_port
from tests.integration.reliability.fake_spapi import FakeSpApi

pytestmark = [pytest.mark.redis, pytest.mark.xdist_group("redis")]

WORKER = Path(__file__).with_name("redis_worker.py")
GET_FEED = "feeds_2021_06_30.getFeed"


@pytest.fixture
def backend(redis_url):
    """A Redis backend driven by the caller's clock, so the arithmetic can be checked exactly."""
    return RedisBackend(redis_url, server_time=False)


class TestBuckets:
    def test_it_implements_the_backend_protocol(self, backend):
        """RedisBackend can stand wherever a Backend is expected."""
        assert isinstance(backend, Backend)

    def test_a_burst_then_a_steady_rate_exactly_as_the_plan_allows(self, backend):
        """Through the limiter, getFeed's burst goes at once, then one token every half second."""
        now = [1_000.0]
        limiter = RateLimiter(backend, clock=lambda: now[0], cushion=0)
        times = []
        for _ in range(18):
            now[0] += limiter.acquire("seller-1", GET_FEED)
            times.append(round(now[0] - 1_000.0, 6))

        assert times == [0.0] * 15 + [0.5, 1.0, 1.5]

    def test_concurrent_reservations_queue_one_interval_apart(self, backend):
        """100 reservations from 10 threads at one instant get 5 free tokens, then one slot each."""
        waits: list[float] = []
        lock = threading.Lock()

        def worker() -> None:
            mine = [backend.reserve("b", rate=10.0, burst=5, now=50.0) for _ in range(10)]
            with lock:
                waits.extend(mine)

        threads = [threading.Thread(target=worker) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert sorted(round(w, 6) for w in waits) == [0.0] * 5 + [round(k / 10, 6) for k in range(1, 96)]

    def test_drain_makes_the_next_caller_wait_a_full_interval(self, backend):
        """After a 429 the bucket is empty, whatever it held."""
        backend.reserve("b", rate=2.0, burst=10, now=0.0)
        backend.drain("b", rate=2.0, burst=10, now=0.0)

        assert backend.reserve("b", rate=2.0, burst=10, now=0.0) == 0.5

    def test_an_idle_bucket_expires_once_it_would_be_full(self, backend):
        """A bucket 2 tokens short at 1/s is forgotten about 3 s later (2 s to refill, plus a second)."""
        backend.reserve("b", rate=1.0, burst=5, now=0.0)
        backend.reserve("b", rate=1.0, burst=5, now=0.0)

        ttl = backend.client.pttl("seller-central:bucket:b")

        assert 2_000 < ttl <= 3_000

    def test_server_time_ignores_the_callers_clock(self, redis_url):
        """With Redis's clock, a caller whose clock is a day off still refills nothing."""
        backend = RedisBackend(redis_url)
        backend.reserve("b", rate=1.0, burst=1, now=0.0)

        assert backend.reserve("b", rate=1.0, burst=1, now=86_400.0) > 0.9

    def test_an_unreachable_server_is_our_network_error(self):
        """A Redis that does not answer raises NetworkError naming host and port, not redis-py's error."""
        backend = RedisBackend(f"redis://:hunter2@127.0.0.1:{free_port()}/0")

        with pytest.raises(errors.NetworkError, match=r"127\.0\.0\.1") as caught:
            backend.reserve("b", rate=1.0, burst=1, now=0.0)

        assert "hunter2" not in str(caught.value)
        assert "hunter2" not in repr(backend)


class TestTokens:
    def test_a_token_round_trips(self, backend):
        """put_token then get_token returns the same value and expiry."""
        token = StoredToken(value="Atza|secret", expires_at=time.time() + 3600)

        backend.put_token("cred", token)

        assert backend.get_token("cred") == token

    def test_a_token_expires_with_its_expiry(self, backend):
        """Redis drops a token when it expires; an already expired one is not stored."""
        backend.put_token("soon", StoredToken(value="a", expires_at=time.time() + 100))
        backend.put_token("gone", StoredToken(value="b", expires_at=time.time() - 1))

        assert 0 < backend.client.pttl("seller-central:token:soon") <= 100_000
        assert backend.get_token("gone") is None

    def test_an_unreadable_cached_token_is_ignored(self, backend):
        """A corrupt entry (another program's) counts as no token."""
        backend.client.set("seller-central:token:cred", b"not json")

        assert backend.get_token("cred") is None

    def test_a_client_with_decoded_responses_works_too(self, redis_url):
        """A redis.Redis created with decode_responses=True can be passed in."""
        backend = RedisBackend(redis.Redis.from_url(redis_url, decode_responses=True))
        backend.put_token("cred", StoredToken(value="v", expires_at=time.time() + 60))

        assert backend.get_token("cred").value == "v"
        assert backend.reserve("b", rate=1.0, burst=2, now=0.0) == 0.0

    def test_the_lock_lets_one_holder_in_at_a_time(self, backend):
        """Eight threads refreshing one token take turns."""
        inside = 0
        most = 0
        guard = threading.Lock()

        def refresh() -> None:
            nonlocal inside, most
            with backend.token_lock("cred"):
                with guard:
                    inside += 1
                    most = max(most, inside)
                time.sleep(0.01)  # hold it long enough for the others to queue
                with guard:
                    inside -= 1

        threads = [threading.Thread(target=refresh) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert most == 1
        assert backend.client.exists("seller-central:lock:cred") == 0

    def test_a_lock_held_too_long_is_given_up_on(self, redis_url):
        """A worker stuck holding the lock does not stop the others for ever."""
        backend = RedisBackend(redis_url, lock_wait_seconds=0.1)
        backend.client.set("seller-central:lock:cred", "someone-else", px=60_000)

        started = time.monotonic()
        with backend.token_lock("cred"):
            waited = time.monotonic() - started

        assert waited < 5
        assert backend.client.get("seller-central:lock:cred") == b"someone-else"


def test_four_processes_share_one_bucket_and_one_token(redis_url):
    """Four workers sharing Redis stay within getFeed's plan together, and one token request serves all."""
    rate, burst, per_worker = 10.0, 15, 10
    with FakeSpApi(rate_header=str(rate), plan=(rate, burst)) as fake:
        start_at = time.time() + 2.0
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        workers = [
            subprocess.Popen(  # noqa: S603 (our own script)
                [sys.executable, str(WORKER), redis_url, fake.base_url, str(per_worker), str(start_at)],
                stdout=subprocess.PIPE,
                env=env,
            )
            for _ in range(4)
        ]
        results = [json.loads(worker.communicate(timeout=60)[0]) for worker in workers]
        arrivals = sorted(r.at for r in fake.received if r.path.startswith("/feeds"))

    assert fake.token_requests == 1
    assert len({result["token"] for result in results}) == 1
    assert [status for result in results for status in result["statuses"]] == [200] * 4 * per_worker
    # Within the plan: no window of time holds more requests than the burst plus what the rate refills
    # (one request of tolerance for scheduling jitter between processes).
    for first in range(len(arrivals)):
        for last in range(first, len(arrivals)):
            allowed = burst + rate * (arrivals[last] - arrivals[first]) + 1
            assert last - first + 1 <= allowed, (first, last)
    assert arrivals[-1] - arrivals[0] >= (4 * per_worker - burst) / rate * 0.9
