"""Login with Amazon (LWA) tokens: fetched once, cached, refreshed before they expire, single-flight.

:class:`TokenManager` gets the access tokens a connection needs from the LWA token endpoint (form-encoded
``POST``): the seller's token (``refresh_token`` grant) and grantless tokens (``client_credentials`` grant
with a space-delimited ``scope``). :class:`TokenCache` keeps them, and the Restricted Data Tokens the auth
layer fetches, in a memo in front of the shared :class:`~seller_central.backends.base.Backend`, until a
margin before they expire.

Refreshes are single-flight: a thread takes a ``threading.Lock`` per token, a task an ``asyncio.Lock`` per
token and event loop, and both then take the backend's ``token_lock`` (cross-process for Redis), and look
in the cache again before asking LWA. However many callers start cold, one token request goes out.

:func:`exchange_authorization_code` turns the code of the consent redirect into a refresh token.
LWA errors become :class:`~seller_central.errors.TokenRequestError`, whose message never holds a secret.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import logging
import threading
import time
import weakref
from typing import TYPE_CHECKING, Any, NamedTuple

import httpx

from seller_central._aio import aio, to_thread
from seller_central._aio import sleep as async_pause
from seller_central.backends.base import StoredToken
from seller_central.backends.memory import MemoryBackend
from seller_central.calls import EXT_IDEMPOTENT
from seller_central.connection import DEFAULT_TOKEN_URL, ClientCredentialsConnection, check_token_url
from seller_central.errors import NetworkError, TokenRequestError
from seller_central.redact import redact_text, register_secret
from seller_central.retry import RetryPolicy
from seller_central.transport import RetryTransport, default_async_transport, default_transport, ssl_context

if TYPE_CHECKING:
    import asyncio
    from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator

    from seller_central._grant import AuthorizationGrant
    from seller_central.backends.base import Backend
    from seller_central.connection import Connection

__all__ = [
    "DEFAULT_MARGIN_SECONDS",
    "AuthorizationGrant",
    "TokenCache",
    "TokenManager",
    "exchange_authorization_code",
]

logger = logging.getLogger(__name__)

#: Stop using a token this long before it expires, so a request never leaves with a dying token.
DEFAULT_MARGIN_SECONDS = 60.0
#: LWA's tokens live an hour; when an answer forgets ``expires_in``, assume that.
_DEFAULT_LIFETIME_SECONDS = 3600.0
_LWA_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
_FORM = {"content-type": "application/x-www-form-urlencoded;charset=UTF-8", "accept": "application/json"}
# Asking for a token twice gets two tokens, both valid: the request is idempotent for the retry policy.
_IDEMPOTENT = {EXT_IDEMPOTENT: True}
_REJECTED_SIZE = 1024


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


# -- the cache --------------------------------------------------------------------------------------------


class TokenCache:
    """Tokens by key: a memo in this process in front of the backend, plus the single-flight locks.

    A token is stored with the time to stop using it (its expiry minus the margin; half its lifetime when
    that is shorter than twice the margin), so every process sharing the backend retires it at once.

    Args:
        backend: Where tokens are shared (memory, or Redis between processes).
        clock: Wall-clock seconds since the epoch (``time.time``; tests inject their own).
        margin_seconds: How long before expiry a token stops being used.
    """

    def __init__(self, backend: Backend, *, clock: Callable[[], float], margin_seconds: float) -> None:
        """Create an empty cache over ``backend``."""
        self._backend = backend
        self._clock = clock
        self._margin = margin_seconds
        self._memo: dict[str, StoredToken] = {}
        # Tokens SP-API refused (hashes only): a copy still in the backend must not be served again.
        self._rejected: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._guard = threading.Lock()
        # Fan-out (wall time): a memory backend is read, written and locked on the event loop's thread. Sent
        # to worker threads, 100 sellers' first tokens cost 400 thread hops, and those threads contend with
        # the loop for the backend's lock (each clash a GIL switch interval).
        self._local = backend if type(backend) is MemoryBackend else None  # not a subclass: its own locks
        self._thread_locks: dict[str, threading.Lock] = {}
        self._async_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = (
            weakref.WeakKeyDictionary()
        )

    def __repr__(self) -> str:
        """Show the size of the cache, never a token."""
        return f"TokenCache(tokens={len(self._memo)}, margin_seconds={self._margin})"

    def _usable(self, token: StoredToken | None) -> str | None:
        if token is None or self._clock() >= token.expires_at:
            return None
        if self._rejected and _digest(token.value) in self._rejected:
            return None
        return token.value

    def peek(self, key: str) -> str | None:
        """Return the token under ``key`` from this process's memo if it is still usable (no I/O)."""
        return self._usable(self._memo.get(key))

    def load(self, key: str) -> str | None:
        """Return a usable token under ``key`` from the memo or, failing that, from the backend."""
        token = self.peek(key)
        if token is not None:
            return token
        stored = self._backend.get_token(key)
        token = self._usable(stored)
        if token is not None and stored is not None:
            with self._guard:
                self._memo[key] = stored
        return token

    async def aload(self, key: str) -> str | None:
        """Like :meth:`load`; the backend is read in a worker thread (it may be Redis)."""
        token = self.peek(key)
        if token is not None:
            return token
        if self._local is not None:  # Fan-out (wall time): memory needs no worker thread (see _local)
            return self.load(key)
        return await to_thread(self.load, key)

    def _stored(self, value: str, lifetime_seconds: float) -> StoredToken:
        lifetime = max(0.0, lifetime_seconds)
        margin = min(self._margin, lifetime / 2)
        return StoredToken(value=value, expires_at=self._clock() + lifetime - margin)

    def store(self, key: str, value: str, lifetime_seconds: float) -> None:
        """Cache ``value`` under ``key`` for its lifetime (seconds from now) less the margin."""
        register_secret(value)
        token = self._stored(value, lifetime_seconds)
        with self._guard:
            self._memo[key] = token
        self._backend.put_token(key, token)

    async def astore(self, key: str, value: str, lifetime_seconds: float) -> None:
        """Like :meth:`store`; the backend is written in a worker thread."""
        register_secret(value)
        token = self._stored(value, lifetime_seconds)
        with self._guard:
            self._memo[key] = token
        if self._local is not None:
            self._local.put_token(key, token)
        else:
            await to_thread(self._backend.put_token, key, token)

    def reject(self, key: str, value: str | None = None) -> None:
        """Stop serving the token under ``key`` (only if it is still ``value``, when given).

        Concurrent requests that failed with the same token each call this; only the first drops it, so
        the token fetched in between survives.
        """
        with self._guard:
            current = self._memo.get(key)
            if current is not None and (value is None or current.value == value):
                del self._memo[key]
            rejected = value if value is not None else (current.value if current is not None else None)
            if rejected is not None:
                self._rejected[_digest(rejected)] = None
                while len(self._rejected) > _REJECTED_SIZE:
                    self._rejected.popitem(last=False)

    def _thread_lock(self, key: str) -> threading.Lock:
        with self._guard:
            return self._thread_locks.setdefault(key, threading.Lock())

    def _async_lock(self, key: str) -> asyncio.Lock:
        loop = aio().get_running_loop()
        with self._guard:
            return self._async_locks.setdefault(loop, {}).setdefault(key, aio().Lock())

    @contextlib.contextmanager
    def lock(self, key: str) -> Iterator[None]:
        """Hold the refresh lock of ``key``: this process's thread lock, then the backend's lock."""
        with self._thread_lock(key), self._backend.token_lock(key):
            yield

    @contextlib.asynccontextmanager
    async def alock(self, key: str) -> AsyncIterator[None]:
        """Hold the refresh lock of ``key`` from a task: an ``asyncio.Lock``, then the backend's lock.

        The backend's lock may block (Redis), so it is entered and left in worker threads; a memory backend's
        lock is taken at once when it is free (held by a thread, it is waited for in a worker thread too).
        """
        async with self._async_lock(key):
            if self._local is not None:
                lock = self._local.token_thread_lock(key)
                if lock.acquire(blocking=False):
                    try:
                        yield
                    finally:
                        lock.release()
                    return
            async with _entered_in_thread(self._backend.token_lock(key)):
                yield


def _exit_quietly(manager: contextlib.AbstractContextManager[None]) -> None:
    try:
        manager.__exit__(None, None, None)
    except Exception:
        logger.exception("Releasing a token lock failed")


@contextlib.asynccontextmanager
async def _entered_in_thread(manager: contextlib.AbstractContextManager[None]) -> AsyncIterator[None]:
    entering = aio().ensure_future(to_thread(manager.__enter__))
    try:
        await aio().shield(entering)
    except aio().CancelledError:
        # The thread may still get the lock after we gave up: release it then, or it is held forever.
        def release_later(done: asyncio.Future[None]) -> None:
            if not done.cancelled() and done.exception() is None:
                threading.Thread(target=_exit_quietly, args=(manager,), daemon=True).start()

        entering.add_done_callback(release_later)
        raise
    try:
        yield
    finally:
        await to_thread(_exit_quietly, manager)


# -- talking to LWA ---------------------------------------------------------------------------------------

_HINTS = {
    "invalid_client": "check the Client ID and Client Secret (LWA client secrets expire and must be rotated)",
    "unauthorized_client": "this client may not use this grant; check the application and its scopes",
    "invalid_scope": "LWA does not grant this scope to the application",
    "invalid_request": "LWA found the request malformed",
    "server_error": "Login with Amazon failed; try again later",
    "temporarily_unavailable": "Login with Amazon is unavailable; try again later",
}
_GRANT_HINTS = {
    "refresh_token": "the refresh token is invalid, expired or revoked: authorize the application again",
    "authorization_code": "the code is invalid or expired (it lasts a few minutes): start the consent again",
    "client_credentials": "the client credentials grant was refused",
}
_MAX_DESCRIPTION = 300


def _refused(
    response: httpx.Response, *, grant: str, client_id: str, secrets: Iterable[str]
) -> TokenRequestError:
    try:
        body = response.json()
    except ValueError:
        body = None
    code = body.get("error") if isinstance(body, dict) else None
    description = body.get("error_description") if isinstance(body, dict) else None
    what = f"{code}" if code else f"HTTP {response.status_code}"
    if description:
        what += f" ({redact_text(str(description), secrets)[:_MAX_DESCRIPTION]})"
    elif body is None:
        what += " with a body that is not JSON"
    hint = _GRANT_HINTS[grant] if code == "invalid_grant" else _HINTS.get(str(code), "")
    msg = f"Login with Amazon refused the {grant} grant for client {client_id}: {what}" + (
        f"; {hint}" if hint else ""
    )
    return TokenRequestError(msg, error=str(code) if code else None, status_code=response.status_code)


def _payload(
    response: httpx.Response, *, grant: str, client_id: str, secrets: Iterable[str]
) -> dict[str, Any]:
    """Return LWA's JSON answer, or raise the TokenRequestError it amounts to."""
    if response.status_code >= 400:  # noqa: PLR2004 (any error status)
        raise _refused(response, grant=grant, client_id=client_id, secrets=secrets)
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("error"):
        raise _refused(response, grant=grant, client_id=client_id, secrets=secrets)
    if not isinstance(body, dict) or not body.get("access_token"):
        msg = f"Login with Amazon answered the {grant} grant for client {client_id} without an access token"
        raise TokenRequestError(msg, status_code=response.status_code)
    return body


def _lifetime(body: dict[str, Any]) -> float:
    try:
        return float(body.get("expires_in", _DEFAULT_LIFETIME_SECONDS))
    except (TypeError, ValueError):
        return _DEFAULT_LIFETIME_SECONDS


def _unreachable(token_url: str, grant: str, exc: httpx.HTTPError | NetworkError) -> TokenRequestError:
    # After the retries, RetryTransport raises our NetworkError, chained to httpx's exception: name that.
    cause = exc.__cause__ if isinstance(exc, NetworkError) and exc.__cause__ is not None else exc
    msg = f"Could not reach Login with Amazon at {token_url} for the {grant} grant ({type(cause).__name__})"
    return TokenRequestError(msg)


class _Grant(NamedTuple):
    """One LWA grant: its cache key, its form (secrets inside) and the identity it stands for."""

    key: str
    grant_type: str
    form: dict[str, str]

    def __repr__(self) -> str:  # the form holds the secrets
        return f"_Grant(key={self.key!r}, grant_type={self.grant_type!r})"


# -- the manager ------------------------------------------------------------------------------------------


class TokenManager:
    """The LWA access tokens of one connection, cached and refreshed single-flight.

    Args:
        connection: The connection whose credentials are used.
        backend: Where tokens are shared between clients and processes.
        transport: The httpx transport for the sync token requests (tests pass ``httpx.MockTransport``).
        async_transport: The same for the async token requests.
        clock: Wall-clock seconds since the epoch (``time.time`` by default).
        margin_seconds: Refresh this long before a token expires.
        retry: The retry policy of the token request, the client's (default: ``RetryPolicy()``). The
            request is idempotent, so a 5xx, a 429, a timeout or a reset is retried as the policy allows;
            a refusal (``invalid_grant``, ``invalid_client``: a 4xx) is not.
        sleep: How the sync token request waits between attempts; ``async_sleep``: the async one.
        retry_clock: Monotonic seconds, to bound the retries' total time (``time.monotonic``).
    """

    def __init__(
        self,
        connection: Connection,
        *,
        backend: Backend,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] | None = None,
        margin_seconds: float = DEFAULT_MARGIN_SECONDS,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
        retry_clock: Callable[[], float] | None = None,
    ) -> None:
        """Create the manager; nothing is requested until a token is needed."""
        self.connection = connection
        self.cache = TokenCache(backend, clock=clock or time.time, margin_seconds=margin_seconds)
        self._transport = transport
        self._async_transport = async_transport
        self._retry = retry or RetryPolicy()
        self._retry_options: dict[str, Any] = {
            "sleep": sleep or time.sleep,
            "async_sleep": async_sleep or async_pause,
            "clock": retry_clock or time.monotonic,
        }
        self._client: httpx.Client | None = None
        self._async_client: httpx.AsyncClient | None = None
        self._guard = threading.Lock()
        self._grants: dict[str | None, _Grant] = {}  # by scope; a connection is frozen, so are its grants
        register_secret(connection.client_secret)
        refresh_token = getattr(connection, "refresh_token", None)
        if refresh_token:
            register_secret(refresh_token)

    def __repr__(self) -> str:
        """Show which client this is, never a secret."""
        return f"TokenManager(client_id={self.connection.client_id!r}, kind={self.connection.kind!r})"

    # -- which grant ---------------------------------------------------------------------------------

    def _grant(self, scope: str | None) -> _Grant:
        grant = self._grants.get(scope)
        if grant is None:
            grant = self._grants[scope] = self._new_grant(scope)
        return grant

    def _new_grant(self, scope: str | None) -> _Grant:
        connection = self.connection
        base = {"client_id": connection.client_id, "client_secret": connection.client_secret}
        if isinstance(connection, ClientCredentialsConnection):
            scope = scope or " ".join(connection.scopes)
        elif scope is None:
            return _Grant(
                key=f"lwa:{connection.credential_id}:refresh_token",
                grant_type="refresh_token",
                form={"grant_type": "refresh_token", "refresh_token": connection.refresh_token, **base},
            )
        return _Grant(
            key=f"lwa:{connection.application_identity()}:client_credentials:{scope}",
            grant_type="client_credentials",
            form={"grant_type": "client_credentials", "scope": scope, **base},
        )

    def key(self, *, scope: str | None = None) -> str:
        """Return the cache key of the token for ``scope`` (``None``: the connection's own token)."""
        return self._grant(scope).key

    def rdt_key(self, method: str, path: str, data_elements: Iterable[str] = ()) -> str:
        """Return the cache key of the seller's Restricted Data Token for one resource."""
        elements = ",".join(sorted(set(data_elements)))
        return f"rdt:{self.connection.credential_id}:{method.upper()} {path}" + (
            f" [{elements}]" if elements else ""
        )

    def _secrets(self) -> tuple[str, ...]:
        return (self.connection.client_secret, getattr(self.connection, "refresh_token", "") or "")

    # -- HTTP ----------------------------------------------------------------------------------------

    def _options(self, inner: httpx.BaseTransport | httpx.AsyncBaseTransport) -> dict[str, Any]:
        """Return the options of the token requests' httpx client (sync or async) over ``inner``."""
        return {
            "transport": RetryTransport(inner, policy=self._retry, **self._retry_options),
            "timeout": _LWA_TIMEOUT,
            "follow_redirects": False,
            "verify": ssl_context(),
            "trust_env": False,  # as the SP-API client: a proxy comes only from proxy=
        }

    def _http(self) -> httpx.Client:
        with self._guard:
            if self._client is None:
                inner = self._transport if self._transport is not None else default_transport()
                self._client = httpx.Client(**self._options(inner))
            return self._client

    def _async_http(self) -> httpx.AsyncClient:
        with self._guard:
            if self._async_client is None:
                ainner = self._async_transport
                self._async_client = httpx.AsyncClient(
                    **self._options(ainner if ainner is not None else default_async_transport())
                )
            return self._async_client

    def _fetch(self, grant: _Grant) -> tuple[str, float]:
        logger.debug("Requesting an LWA access token (%s grant)", grant.grant_type)
        try:
            response = self._http().post(
                self.connection.token_url, data=grant.form, headers=_FORM, extensions=_IDEMPOTENT
            )
        except (httpx.HTTPError, NetworkError) as exc:
            raise _unreachable(self.connection.token_url, grant.grant_type, exc) from exc
        return self._accept(grant, response)

    async def _afetch(self, grant: _Grant) -> tuple[str, float]:
        logger.debug("Requesting an LWA access token (%s grant)", grant.grant_type)
        try:
            response = await self._async_http().post(
                self.connection.token_url, data=grant.form, headers=_FORM, extensions=_IDEMPOTENT
            )
        except (httpx.HTTPError, NetworkError) as exc:
            raise _unreachable(self.connection.token_url, grant.grant_type, exc) from exc
        return self._accept(grant, response)

    def _accept(self, grant: _Grant, response: httpx.Response) -> tuple[str, float]:
        body = _payload(
            response, grant=grant.grant_type, client_id=self.connection.client_id, secrets=self._secrets()
        )
        lifetime = _lifetime(body)
        logger.debug("Got an LWA access token (%s grant) valid for %.0f s", grant.grant_type, lifetime)
        return str(body["access_token"]), lifetime

    # -- the public surface --------------------------------------------------------------------------

    def access_token(self, *, scope: str | None = None) -> str:
        """Return a valid access token, requesting one from LWA only when none is cached.

        Args:
            scope: ``None`` for the connection's own token (the seller's, or the client-credentials
                token of all its Scopes); an LWA scope for a grantless token of that scope.

        Raises:
            TokenRequestError: LWA refused the grant or could not be reached.
        """
        grant = self._grant(scope)
        token = self.cache.peek(grant.key)
        if token is not None:
            return token
        with self.cache.lock(grant.key):
            token = self.cache.load(grant.key)
            if token is not None:
                return token
            value, lifetime = self._fetch(grant)
            self.cache.store(grant.key, value, lifetime)
            return value

    async def aaccess_token(self, *, scope: str | None = None) -> str:
        """Return a valid access token from a task (see :meth:`access_token`)."""
        grant = self._grant(scope)
        token = self.cache.peek(grant.key)
        if token is not None:
            return token
        async with self.cache.alock(grant.key):
            token = await self.cache.aload(grant.key)
            if token is not None:
                return token
            value, lifetime = await self._afetch(grant)
            await self.cache.astore(grant.key, value, lifetime)
            return value

    def invalidate(self, *, scope: str | None = None, token: str | None = None) -> None:
        """Forget the cached token for ``scope`` (only if it is still ``token``, when given).

        Called after SP-API answered that the token expired or is invalid; the next call fetches a new one.
        """
        logger.debug("Dropping a cached LWA access token that SP-API refused")
        self.cache.reject(self._grant(scope).key, token)

    def close(self) -> None:
        """Close the connection pool of the sync token requests."""
        with self._guard:
            client, self._client = self._client, None
        if client is not None:
            client.close()

    async def aclose(self) -> None:
        """Close the connection pools of the token requests (async and sync)."""
        with self._guard:
            client, self._async_client = self._async_client, None
        if client is not None:
            await client.aclose()
        self.close()


# -- the consent flow's code exchange ---------------------------------------------------------------------


def __getattr__(name: str) -> Any:
    # Cold start (issue 16): AuthorizationGrant, an attrs class only the consent flow needs, is defined on
    # first use rather than with the token manager every process imports.
    if name == "AuthorizationGrant":
        from seller_central._grant import AuthorizationGrant  # noqa: PLC0415

        return AuthorizationGrant
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def exchange_authorization_code(
    *,
    client_id: str,
    client_secret: str,
    code: str,
    redirect_uri: str | None = None,
    token_url: str = DEFAULT_TOKEN_URL,
    transport: httpx.BaseTransport | None = None,
    allow_custom_host: bool = False,
) -> AuthorizationGrant:
    """Exchange the ``spapi_oauth_code`` of a consent redirect for the seller's refresh token.

    Args:
        client_id: The application's LWA client id.
        client_secret: Its client secret.
        code: The ``spapi_oauth_code`` the redirect carried (valid for a few minutes).
        redirect_uri: The ``redirect_uri`` the consent URL named, if any (LWA checks they match).
        token_url: The LWA token endpoint, checked as a connection's is (:func:`.connection.check_token_url`).
        transport: An httpx transport (tests pass ``httpx.MockTransport``).
        allow_custom_host: Allow a token URL on a host other than Login with Amazon's and loopback.

    Raises:
        TokenRequestError: LWA refused the code (``invalid_grant``: expired or used) or was unreachable.
        ConfigurationError: the client secret may not be sent to ``token_url``; nothing was sent.
    """
    check_token_url(token_url, allow_custom_host=allow_custom_host)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": client_id,
        "client_secret": client_secret,
    }
    if redirect_uri:
        form["redirect_uri"] = redirect_uri
    logger.debug("Exchanging a consent code for a refresh token")
    try:
        with httpx.Client(
            transport=transport,
            timeout=_LWA_TIMEOUT,
            follow_redirects=False,
            verify=ssl_context(),
            trust_env=False,
        ) as client:
            response = client.post(token_url, data=form, headers=_FORM)
    except httpx.HTTPError as exc:
        raise _unreachable(token_url, "authorization_code", exc) from exc
    body = _payload(response, grant="authorization_code", client_id=client_id, secrets=(client_secret, code))
    refresh_token = body.get("refresh_token")
    if not refresh_token:
        msg = f"Login with Amazon exchanged the code for client {client_id} but sent no refresh token"
        raise TokenRequestError(msg, status_code=response.status_code)
    register_secret(str(refresh_token))
    register_secret(str(body["access_token"]))
    from seller_central._grant import AuthorizationGrant  # noqa: PLC0415 (see __getattr__)

    return AuthorizationGrant(
        refresh_token=str(refresh_token), access_token=str(body["access_token"]), expires_in=_lifetime(body)
    )
