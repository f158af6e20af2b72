"""The in-memory backend: bucket arithmetic, thread safety, and the token cache with its lock."""

from __future__ import annotations

import threading

from seller_central.backends.base import Backend, StoredToken
from seller_central.backends.memory import BucketLevel, MemoryBackend, drain, take


class TestBucketArithmetic:
    def test_a_new_bucket_starts_full(self):
        """The first reservation of a bucket of burst 3 leaves 2 tokens and needs no wait."""
        level, wait = take(None, rate=1.0, burst=3, now=10.0)

        assert (level, wait) == (BucketLevel(tokens=2.0, updated=10.0), 0.0)

    def test_an_empty_bucket_lends_from_the_future(self):
        """Two callers past the burst wait one and two intervals: the level goes negative."""
        level = BucketLevel(tokens=0.0, updated=10.0)

        level, first = take(level, rate=2.0, burst=3, now=10.0)
        level, second = take(level, rate=2.0, burst=3, now=10.0)

        assert (first, second, level.tokens) == (0.5, 1.0, -2.0)

    def test_refill_never_exceeds_the_burst(self):
        """An hour of quiet refills the bucket to its burst, not beyond."""
        level, _ = take(BucketLevel(tokens=0.0, updated=0.0), rate=1.0, burst=3, now=3600.0)

        assert level.tokens == 2.0

    def test_a_clock_that_went_backwards_rebases_instead_of_stalling(self):
        """A caller whose clock is behind neither refills nor freezes the bucket."""
        level, wait = take(BucketLevel(tokens=1.0, updated=100.0), rate=1.0, burst=3, now=40.0)

        assert (level, wait) == (BucketLevel(tokens=0.0, updated=40.0), 0.0)

    def test_drain_empties_but_keeps_debt(self):
        """Draining a bucket with tokens leaves zero; draining one in debt leaves the debt."""
        assert drain(BucketLevel(tokens=2.5, updated=1.0), rate=1.0, burst=3, now=1.0).tokens == 0.0
        assert drain(BucketLevel(tokens=-2.0, updated=1.0), rate=1.0, burst=3, now=1.0).tokens == -2.0


class TestMemoryBackend:
    def test_it_implements_the_backend_protocol(self):
        """MemoryBackend can stand wherever a Backend is expected."""
        assert isinstance(MemoryBackend(), Backend)

    def test_rate_and_burst_may_change_and_the_level_is_kept(self):
        """A bucket keeps its level when the plan changes and refills at the new rate."""
        backend = MemoryBackend()
        for _ in range(3):
            backend.reserve("b", rate=1.0, burst=3, now=0.0)

        assert backend.reserve("b", rate=4.0, burst=3, now=0.0) == 0.25

    def test_concurrent_threads_never_get_the_same_slot(self):
        """400 reservations from 8 threads at one instant get 5 free tokens then one slot per interval."""
        backend = MemoryBackend()
        waits: list[float] = []
        lock = threading.Lock()

        def worker() -> None:
            mine = [backend.reserve("b", rate=10.0, burst=5, now=0.0) for _ in range(50)]
            with lock:
                waits.extend(mine)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert sorted(round(w, 6) for w in waits) == [0.0] * 5 + [round(k / 10, 6) for k in range(1, 396)]

    def test_tokens_are_cached_expired_or_not(self):
        """get_token returns what put_token stored, even past its expiry (callers decide)."""
        backend = MemoryBackend()
        token = StoredToken(value="Atza|secret", expires_at=1.0)

        backend.put_token("cred", token)

        assert backend.get_token("cred") == token
        assert backend.get_token("other") is None

    def test_the_repr_shows_no_token(self):
        """A backend's repr counts what it holds and never shows a token."""
        backend = MemoryBackend()
        backend.put_token("cred", StoredToken(value="Atza|secret", expires_at=1.0))

        assert "secret" not in repr(backend)

    def test_the_token_lock_lets_one_holder_in_at_a_time(self):
        """Threads refreshing the same token take turns; the lock of another token is independent."""
        backend = MemoryBackend()
        inside = 0
        most = 0
        guard = threading.Lock()

        def refresh() -> None:
            nonlocal inside, most
            with backend.token_lock("cred"):
                with guard:
                    inside += 1
                    most = max(most, inside)
                with backend.token_lock("another"):
                    pass
                with guard:
                    inside -= 1

        threads = [threading.Thread(target=refresh) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert most == 1

    def test_the_token_lock_may_be_released_by_another_thread(self):
        """Async callers enter and leave the lock through asyncio.to_thread, possibly on two threads."""
        backend = MemoryBackend()
        lock = backend.token_lock("cred")
        lock.__enter__()

        releaser = threading.Thread(target=lock.__exit__, args=(None, None, None))
        releaser.start()
        releaser.join()

        assert not backend._token_locks["cred"].locked()
