"""The protocol every state backend implements (limiter buckets and token cache)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import NamedTuple, Protocol, runtime_checkable

__all__ = ["Backend", "StoredToken"]


class StoredToken(NamedTuple):
    """A cached token and the wall-clock time (epoch seconds) it expires at."""

    value: str
    expires_at: float

    def __repr__(self) -> str:  # the token stays out
        return f"StoredToken(expires_at={self.expires_at!r})"


@runtime_checkable
class Backend(Protocol):
    """Shared state for the rate limiter and the token caches.

    Every method is synchronous and fast for the in-memory backend; network backends (Redis) are called
    from async code through ``asyncio.to_thread`` by the callers that need it.
    """

    def reserve(self, bucket: str, *, rate: float, burst: int, now: float) -> float:
        """Atomically take one token from ``bucket``; return how many seconds the caller must wait.

        The bucket starts full (``burst`` tokens) and refills at ``rate`` tokens per second. A reservation
        is never refused: when the bucket is empty the token is borrowed from the future and the caller
        waits until it exists, so concurrent callers queue in order and together never exceed the plan.
        ``rate`` and ``burst`` may change between calls (the header reported another plan); the bucket
        keeps its level and uses the new values from then on.
        """
        ...

    def get_token(self, key: str) -> StoredToken | None:
        """Return the cached token under ``key`` if it exists (expired or not; callers decide)."""
        ...

    def put_token(self, key: str, token: StoredToken) -> None:
        """Cache ``token`` under ``key`` until it expires."""
        ...

    def token_lock(self, key: str) -> AbstractContextManager[None]:
        """Return a lock (cross-process for shared backends) held while one caller refreshes ``key``."""
        ...
