"""The in-memory backend: buckets and tokens shared by the clients of one process (the default)."""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterator

    from seller_central.backends.base import StoredToken

__all__ = ["BucketLevel", "MemoryBackend", "drain", "take"]


class BucketLevel(NamedTuple):
    """A bucket's tokens (negative when callers have borrowed from the future) as of ``updated``."""

    tokens: float
    updated: float


def _refill(level: BucketLevel | None, *, rate: float, burst: int, now: float) -> float:
    if level is None:
        return float(burst)
    # A clock that went backwards (another worker's, or an NTP step) rebases the bucket instead of
    # stalling it until the clock catches up.
    elapsed = max(0.0, now - level.updated)
    return min(float(burst), level.tokens + elapsed * rate)


def take(level: BucketLevel | None, *, rate: float, burst: int, now: float) -> tuple[BucketLevel, float]:
    """Take one token; return the new level and how long the caller waits for its token to exist.

    An empty bucket lends the token from the future: the level goes negative and each later caller waits
    one more interval, so callers queue in order and never exceed ``rate`` (the Redis script does the same).
    """
    tokens = _refill(level, rate=rate, burst=burst, now=now) - 1.0
    wait = -tokens / rate if tokens < 0 else 0.0
    return BucketLevel(tokens=tokens, updated=now), wait


def drain(level: BucketLevel | None, *, rate: float, burst: int, now: float) -> BucketLevel:
    """Empty the bucket (keeping any debt), so the next caller waits a full interval."""
    tokens = _refill(level, rate=rate, burst=burst, now=now)
    return BucketLevel(tokens=min(tokens, 0.0), updated=now)


class MemoryBackend:
    """Rate-limit buckets and cached tokens in this process's memory; thread-safe.

    Share one instance between clients (sync, async, several threads) to make them share buckets and
    tokens. Workers in other processes need :class:`~seller_central.backends.redis.RedisBackend`.
    """

    def __init__(self) -> None:
        """Start with no buckets (every bucket starts full) and no tokens."""
        self._lock = threading.Lock()
        self._buckets: dict[str, BucketLevel] = {}
        self._tokens: dict[str, StoredToken] = {}
        self._token_locks: dict[str, threading.Lock] = {}

    def __repr__(self) -> str:
        """Show how much is stored, never the tokens."""
        return f"MemoryBackend(buckets={len(self._buckets)}, tokens={len(self._tokens)})"

    def reserve(self, bucket: str, *, rate: float, burst: int, now: float) -> float:
        """Take one token from ``bucket``; return the seconds the caller must wait for it."""
        with self._lock:
            level, wait = take(self._buckets.get(bucket), rate=rate, burst=burst, now=now)
            self._buckets[bucket] = level
        return wait

    def drain(self, bucket: str, *, rate: float, burst: int, now: float) -> None:
        """Empty ``bucket`` after SP-API throttled a request (see :func:`drain`)."""
        with self._lock:
            self._buckets[bucket] = drain(self._buckets.get(bucket), rate=rate, burst=burst, now=now)

    def get_token(self, key: str) -> StoredToken | None:
        """Return the token cached under ``key``, expired or not."""
        with self._lock:
            return self._tokens.get(key)

    def put_token(self, key: str, token: StoredToken) -> None:
        """Cache ``token`` under ``key`` (replacing any older one)."""
        with self._lock:
            self._tokens[key] = token

    def token_thread_lock(self, key: str) -> threading.Lock:
        """Return the lock :meth:`token_lock` holds for ``key`` (a task may try it without blocking)."""
        with self._lock:
            return self._token_locks.setdefault(key, threading.Lock())

    @contextlib.contextmanager
    def token_lock(self, key: str) -> Iterator[None]:
        """Hold the lock of token ``key`` (not reentrant; may be released from another thread)."""
        lock = self.token_thread_lock(key)
        # A plain Lock, not an RLock: async callers enter and leave through asyncio.to_thread, which may
        # use two different threads, and an RLock can only be released by the thread that took it.
        with lock:
            yield
