"""The Redis backend: one bucket per seller and operation, and one token per credential, for many workers.

Workers on one machine or many that point at the same Redis (and prefix) share every rate-limit bucket, so
together they stay within the usage plan, and share cached access tokens, so one token request serves
them all. A bucket is updated by one Lua script, atomically; the token refresh is single-flight through a
lock in Redis (``SET NX PX`` with a random token, released only by its owner: redis-py's ``Lock``).

Needs the ``redis`` package: ``pip install 'seller-central[redis]'``.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import time
from typing import TYPE_CHECKING, Any

from seller_central.backends.base import StoredToken
from seller_central.errors import ConfigurationError, NetworkError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import ModuleType

    import redis as redis_module

__all__ = ["RedisBackend"]

logger = logging.getLogger(__name__)

# KEYS[1]: the bucket's hash. ARGV: rate, burst, now ("" to read Redis's clock), mode ("take" or "drain").
# Returns the caller's wait in seconds, as a string (Lua numbers would be truncated to integer replies).
# The arithmetic is backends.memory.take/drain's, so both backends behave the same.
_RESERVE = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1])
local updated = tonumber(state[2])
if not tokens or not updated then
  tokens = burst
elseif now > updated then
  tokens = math.min(burst, tokens + (now - updated) * rate)
else
  tokens = math.min(burst, tokens)
end
local wait = 0
if ARGV[4] == 'drain' then
  tokens = math.min(tokens, 0)
else
  tokens = tokens - 1
  if tokens < 0 then wait = -tokens / rate end
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'updated', string.format('%.17g', now))
-- Once the bucket would be full again it is the same as no bucket at all: let Redis forget it.
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return string.format('%.17g', wait)
"""


def _import_redis() -> ModuleType:
    try:
        return importlib.import_module("redis")
    except ImportError:
        msg = "RedisBackend needs the redis package: pip install 'seller-central[redis]'"
        raise ConfigurationError(msg) from None


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class RedisBackend:
    """Buckets and tokens in Redis, shared by every worker that uses the same server and prefix.

    Args:
        url_or_client: A ``redis://`` URL, or a ``redis.Redis`` client to use as it is.
        prefix: Prepended to every key, to keep several applications apart on one server.
        server_time: Read the time from Redis inside the bucket script (the ``now`` callers pass is then
            ignored), so workers whose clocks disagree still share one timeline. Turn it off to drive
            buckets with the caller's clock (tests with a simulated clock).
        lock_timeout_seconds: How long a token lock lives if its holder dies without releasing it.
        lock_wait_seconds: How long to wait for another worker's token refresh before refreshing anyway.

    Raises:
        ConfigurationError: the ``redis`` package is not installed.
    """

    def __init__(
        self,
        url_or_client: str | redis_module.Redis,
        *,
        prefix: str = "seller-central",
        server_time: bool = True,
        lock_timeout_seconds: float = 30.0,
        lock_wait_seconds: float = 60.0,
    ) -> None:
        """Connect (lazily, as redis-py does) and register the bucket script."""
        redis = _import_redis()
        self._errors: type[Exception] = redis.exceptions.RedisError
        self._lock_errors: type[Exception] = redis.exceptions.LockError
        if isinstance(url_or_client, str):
            self._client: redis_module.Redis = redis.Redis.from_url(url_or_client)
        else:
            self._client = url_or_client
        self._prefix = prefix
        self._server_time = server_time
        self._lock_timeout = lock_timeout_seconds
        self._lock_wait = lock_wait_seconds
        self._reserve = self._client.register_script(_RESERVE)

    @property
    def client(self) -> redis_module.Redis:
        """The Redis client in use."""
        return self._client

    def _where(self) -> str:
        # Host and port only: a redis:// URL may carry a password.
        kwargs = self._client.connection_pool.connection_kwargs
        if "path" in kwargs:
            return f"unix:{kwargs['path']}"
        return f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}"

    def __repr__(self) -> str:
        """Show the server and prefix, never the URL (it may hold a password)."""
        return f"RedisBackend({self._where()!r}, prefix={self._prefix!r})"

    @contextlib.contextmanager
    def _mapped(self, what: str) -> Iterator[None]:
        try:
            yield
        except self._errors as exc:
            msg = f"Redis backend at {self._where()}: {what} failed ({type(exc).__name__}: {exc})"
            raise NetworkError(msg) from exc

    def _key(self, kind: str, name: str) -> str:
        return f"{self._prefix}:{kind}:{name}"

    def _run(self, bucket: str, *, rate: float, burst: int, now: float, mode: str) -> float:
        when = "" if self._server_time else repr(float(now))
        with self._mapped("updating a rate-limit bucket"):
            reply = self._reserve(
                keys=[self._key("bucket", bucket)], args=[repr(float(rate)), burst, when, mode]
            )
        return float(_text(reply))

    def reserve(self, bucket: str, *, rate: float, burst: int, now: float) -> float:
        """Atomically take one token from ``bucket``; return the seconds the caller must wait for it."""
        return self._run(bucket, rate=rate, burst=burst, now=now, mode="take")

    def drain(self, bucket: str, *, rate: float, burst: int, now: float) -> None:
        """Atomically empty ``bucket`` after SP-API throttled a request."""
        self._run(bucket, rate=rate, burst=burst, now=now, mode="drain")

    def get_token(self, key: str) -> StoredToken | None:
        """Return the token cached under ``key``, if Redis still has it."""
        with self._mapped("reading a cached token"):
            raw = self._client.get(self._key("token", key))
        if raw is None:
            return None
        try:
            data = json.loads(_text(raw))
            return StoredToken(value=str(data["value"]), expires_at=float(data["expires_at"]))
        except (ValueError, KeyError, TypeError):
            logger.warning("Ignoring an unreadable cached token under %r", key)
            return None

    def put_token(self, key: str, token: StoredToken) -> None:
        """Cache ``token`` under ``key``; Redis drops it when it expires."""
        name = self._key("token", key)
        milliseconds = int((token.expires_at - time.time()) * 1000)
        with self._mapped("caching a token"):
            if milliseconds <= 0:
                self._client.delete(name)
                return
            payload = json.dumps({"value": token.value, "expires_at": token.expires_at})
            self._client.set(name, payload, px=milliseconds)

    @contextlib.contextmanager
    def token_lock(self, key: str) -> Iterator[None]:
        """Hold the cross-process lock of token ``key`` while refreshing it.

        If another worker holds it for longer than ``lock_wait_seconds`` the caller proceeds without it: a
        second token request is harmless, a worker stuck forever is not.
        """
        lock = self._client.lock(
            self._key("lock", key),
            timeout=self._lock_timeout,
            sleep=0.02,
            blocking=True,
            blocking_timeout=self._lock_wait,
            # The lock may be entered and left on different threads (async callers use to_thread).
            thread_local=False,
        )
        with self._mapped("taking a token lock"):
            acquired = bool(lock.acquire())
        if not acquired:
            logger.warning(
                "Token lock %r still held after %.0f s; refreshing without it", key, self._lock_wait
            )
        try:
            yield
        finally:
            if acquired:
                try:
                    lock.release()
                except self._lock_errors:
                    # It expired while held (a refresh slower than lock_timeout_seconds): nothing to free.
                    logger.debug("Token lock %r had expired before release", key)
                except self._errors:
                    logger.warning("Could not release token lock %r; it expires on its own", key)
