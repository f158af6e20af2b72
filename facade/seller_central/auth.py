"""SP-API's ``httpx.Auth``: which token each request carries, and one retry when it expired.

For every request to the connection's host, :class:`SpApiAuth` picks the token from the request's
extensions (see docs/ARCHITECTURE.md) and the operation table:

1. the caller's own Restricted Data Token (``sp_api.rdt = {"token": ...}``), as it is;
2. on a client-credentials connection, its client-credentials token;
3. a Restricted Data Token, fetched through the Tokens API and cached: for ``sp_api.rdt = {"method",
   "path"}``, for operations that always need one (on their generic path, so one RDT serves every
   resource), and for operations that need one when PII data elements are asked for;
4. a grantless token of the operation's scope, for grantless operations on an OAuth connection;
5. the seller's access token.

It goes in ``x-amz-access-token``, and only to the connection's own scheme, host and port; requests to
any other host (presigned document URLs) leave without it. When SP-API answers 401/403 saying the token
expired or is invalid, the token is dropped and the request is sent once more with a fresh one.

One generator (:meth:`SpApiAuth._flow`) holds that logic. It yields the requests to send and small
"needs" (a token, a lock, a body to read), which one :class:`_Driver` fulfils for :meth:`sync_auth_flow`
(``httpx.Client``) or with ``await`` for :meth:`async_auth_flow` (``httpx.AsyncClient``). The RDT
request is yielded too, so it passes through the client's own transport (rate limiter, retries) like any
other call.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import AsyncGenerator, Generator, Mapping
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Self

import httpx

from seller_central import __version__, operations
from seller_central._send import unexpected_response
from seller_central.calls import (
    EXT_CREDENTIAL,
    EXT_DATA_ELEMENTS,
    EXT_OPERATION,
    EXT_RDT,
    REQUEST_ID_HEADER,
)
from seller_central.errors import UnexpectedResponseError, api_error_from_response
from seller_central.redact import register_secret

if TYPE_CHECKING:
    from types import ModuleType

    from seller_central.connection import Connection
    from seller_central.tokens import TokenManager

__all__ = [
    "EXT_CREDENTIAL",
    "TOKEN_HEADER",
    "USER_AGENT",
    "RdtResource",
    "SpApiAuth",
    "token_was_refused",
]

logger = logging.getLogger(__name__)

#: The header SP-API reads the LWA access token or the Restricted Data Token from.
TOKEN_HEADER = "x-amz-access-token"  # noqa: S105 (a header name, not a secret)


#: Amazon asks integrators to name their application and language in the user agent. (The version is the
#: package constant: reading distribution metadata would cost every process start several milliseconds.)
USER_AGENT = f"seller-central/{__version__} (Language=Python/{'.'.join(map(str, sys.version_info[:3]))})"

_AUTH_FAILURES = frozenset({401, 403})
_REFUSAL_WORDS = ("expired", "invalid", "revoked", "malformed")
_DEFAULT_RDT_LIFETIME_SECONDS = 3600.0


# Cold start: a NamedTuple (about 0.7 M instructions to define, an attrs class about 3 M); it is only built on
# the RDT path.
class RdtResource(NamedTuple):
    """One restricted resource of a Restricted Data Token: method, path (generic or concrete), elements."""

    method: str
    path: str
    data_elements: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the resource as the Tokens API's ``restrictedResources[]`` entry."""
        resource: dict[str, Any] = {"method": self.method, "path": self.path}
        if self.data_elements:
            resource["dataElements"] = list(self.data_elements)
        return resource


class _Plan(NamedTuple):
    """Which token one request carries, and the identity the limiter charges it to."""

    kind: Literal["access", "rdt", "own-rdt"]
    credential: str
    scope: str | None = None
    resource: RdtResource | None = None
    token: str | None = None

    def __repr__(self) -> str:  # the token stays out
        return f"_Plan(kind={self.kind!r}, credential={self.credential!r}, scope={self.scope!r})"


# The needs the flow yields besides requests; each driver fulfils them its own way (sync or async).


class _AccessToken(NamedTuple):
    """Send back an LWA access token for ``scope`` (``None``: the connection's own)."""

    scope: str | None


class _LockRdt(NamedTuple):
    """Take the refresh lock of RDT ``key``; send back the cached RDT (lock released) or ``None`` (held)."""

    key: str


class _StoreRdt(NamedTuple):
    """Cache the fetched RDT under ``key`` and release its lock."""

    key: str
    token: str
    lifetime_seconds: float

    def __repr__(self) -> str:  # the token stays out
        return f"_StoreRdt(key={self.key!r}, lifetime_seconds={self.lifetime_seconds!r})"


class _Read(NamedTuple):
    """Read the body of ``response`` (an RDT answer, or a 401/403 whose words say why), then send it back."""

    response: httpx.Response


_Need = _AccessToken | _LockRdt | _StoreRdt | _Read
_Step = httpx.Request | _Need


def token_was_refused(response: httpx.Response) -> bool:
    """Return True when a (read) 401/403 says the access token expired or is invalid, not a missing role.

    SP-API answers ``Unauthorized`` / "Access to requested resource is denied." in both cases; only the
    message or details ("The access token you provided has expired.") tell them apart.
    """
    if response.status_code not in _AUTH_FAILURES:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, dict):
        errors = [errors]
    if not isinstance(errors, list):
        return False
    for error in errors:
        if not isinstance(error, dict):
            continue
        text = f"{error.get('message') or ''} {error.get('details') or ''}".lower()
        if "access token" in text and any(word in text for word in _REFUSAL_WORDS):
            return True
    return False


def _set_user_agent(request: httpx.Request) -> None:
    current = request.headers.get("user-agent")
    if not current or current.startswith("python-httpx/"):
        request.headers["user-agent"] = USER_AGENT


def _operation(key: object) -> operations.Operation | None:
    if not isinstance(key, str):
        return None
    try:
        return operations.get(key)
    except KeyError:
        return None


def _rdt_operation() -> ModuleType:
    """Return the generated createRestrictedDataToken module (imported when the first RDT is needed)."""
    from selling_partner_api.tokens_2021_03_01.api import create_restricted_data_token  # noqa: PLC0415

    return create_restricted_data_token


def _rdt_from(response: httpx.Response) -> tuple[str, float]:
    create_restricted_data_token = _rdt_operation()
    if response.status_code >= 400:  # noqa: PLR2004
        raise api_error_from_response(response, operation=create_restricted_data_token.OPERATION)
    if response.status_code not in create_restricted_data_token.SUCCESS_STATUSES:
        # A redirect (never followed: the seller's token would go with it) or a success status the model
        # does not document.
        raise unexpected_response(
            response,
            operation=create_restricted_data_token.OPERATION,
            method=create_restricted_data_token.METHOD,
            what="an answer the model does not document for createRestrictedDataToken",
        )
    try:
        parsed = create_restricted_data_token.parse_response(response)
    except ValueError:
        parsed = None
    token = getattr(parsed, "restricted_data_token", None)
    if not isinstance(token, str) or not token:
        raise UnexpectedResponseError(
            status_code=response.status_code,
            request_id=response.headers.get(REQUEST_ID_HEADER),
            operation=create_restricted_data_token.OPERATION,
            message=f"{create_restricted_data_token.OPERATION}: HTTP 200 without a restrictedDataToken",
        )
    expires_in = getattr(parsed, "expires_in", None)
    lifetime = float(expires_in) if isinstance(expires_in, int | float) else _DEFAULT_RDT_LIFETIME_SECONDS
    return token, lifetime


class SpApiAuth(httpx.Auth):
    """Authenticate SP-API requests with the right token, for ``httpx.Client`` and ``httpx.AsyncClient``.

    Args:
        connection: The connection whose host gets the token.
        tokens: The token manager of that connection (LWA tokens, and the cache RDTs live in).
        restricted_data_tokens: Fetch RDTs automatically for restricted operations. When off, those
            operations get the seller's access token (SP-API then leaves the PII out or refuses). A
            caller's explicit ``sp_api.rdt`` extension is honoured either way.
    """

    def __init__(
        self, connection: Connection, *, tokens: TokenManager, restricted_data_tokens: bool = True
    ) -> None:
        """Bind the auth to a connection and its token manager."""
        self._connection = connection
        self._tokens = tokens
        self._restricted_data_tokens = restricted_data_tokens
        origin = httpx.URL(connection.base_url)
        self._origin = (origin.scheme, origin.host, origin.port)

    def __repr__(self) -> str:
        """Show the host tokens go to, never a token."""
        rdt = self._restricted_data_tokens
        return f"SpApiAuth(host={self._connection.host!r}, restricted_data_tokens={rdt})"

    # -- decisions (pure) ----------------------------------------------------------------------------

    def is_sp_api_url(self, url: httpx.URL) -> bool:
        """Return True when ``url`` is on the connection's scheme, host and port: the only place tokens go."""
        return (url.scheme, url.host, url.port) == self._origin

    @staticmethod
    def _path(request: httpx.Request) -> str:
        return request.url.path  # an endpoint has no path of its own (connection.check_endpoint)

    def _resource(self, request: httpx.Request, operation: operations.Operation | None) -> RdtResource | None:
        extensions = request.extensions
        elements = tuple(str(e) for e in extensions.get(EXT_DATA_ELEMENTS) or ())
        wanted = extensions.get(EXT_RDT)
        if isinstance(wanted, Mapping) and wanted.get("path"):
            method = str(wanted.get("method") or request.method).upper()
            return RdtResource(method=method, path=str(wanted["path"]), data_elements=elements)
        if operation is None or not self._restricted_data_tokens:
            return None
        if operation.restricted == "always":
            # The generic path ({shipmentId} left in) makes one RDT serve every resource of the operation.
            return RdtResource(method=operation.method, path=operation.path)
        if operation.restricted == "data-elements" and elements:
            # Amazon documents concrete paths for these (one order's PII), so templated ones use the
            # request's own path; getOrders has no placeholder and shares one RDT.
            path = operation.path if "{" not in operation.path else self._path(request)
            return RdtResource(method=operation.method, path=path, data_elements=elements)
        return None

    def _plan(self, request: httpx.Request) -> _Plan | None:
        if not self.is_sp_api_url(request.url):
            return None
        connection = self._connection
        own = request.extensions.get(EXT_RDT)
        if isinstance(own, Mapping) and own.get("token"):
            register_secret(str(own["token"]))  # so no error or log shows it
            return _Plan(kind="own-rdt", token=str(own["token"]), credential=connection.credential_id)
        if connection.kind == "client_credentials":
            return _Plan(kind="access", credential=connection.application_identity())
        operation = _operation(request.extensions.get(EXT_OPERATION))
        resource = self._resource(request, operation)
        if resource is not None:
            return _Plan(kind="rdt", resource=resource, credential=connection.credential_id)
        if operation is not None and operation.grantless and operation.scope:
            return _Plan(kind="access", scope=operation.scope, credential=connection.application_identity())
        return _Plan(kind="access", credential=connection.credential_id)

    def _rdt_request(self, resource: RdtResource, request: httpx.Request, seller_token: str) -> httpx.Request:
        kwargs = _rdt_operation().request_kwargs(body={"restrictedResources": [resource.to_json()]})
        extensions = {**kwargs["extensions"], EXT_CREDENTIAL: self._connection.credential_id}
        if "timeout" in request.extensions:
            extensions["timeout"] = request.extensions["timeout"]
        return httpx.Request(
            kwargs["method"],
            self._connection.base_url + kwargs["url"],
            json=kwargs["json"],
            headers={TOKEN_HEADER: seller_token, "user-agent": USER_AGENT},
            extensions=extensions,
        )

    # -- the flow (one body for sync and async) ------------------------------------------------------

    def _fetch_rdt(
        self, resource: RdtResource, request: httpx.Request
    ) -> Generator[_Step, Any, tuple[str, float]]:
        logger.debug("Requesting a Restricted Data Token for %s %s", resource.method, resource.path)
        seller_token = yield _AccessToken(None)
        response = yield self._rdt_request(resource, request, seller_token)
        yield _Read(response)
        if token_was_refused(response):
            self._tokens.invalidate(token=seller_token)
            seller_token = yield _AccessToken(None)
            response = yield self._rdt_request(resource, request, seller_token)
            yield _Read(response)
        return _rdt_from(response)

    def _token(self, plan: _Plan, request: httpx.Request) -> Generator[_Step, Any, str]:
        if plan.kind == "own-rdt" and plan.token is not None:
            return plan.token
        if plan.kind == "access" or plan.resource is None:
            token: str = yield _AccessToken(plan.scope)
            return token
        resource = plan.resource
        key = self._tokens.rdt_key(resource.method, resource.path, resource.data_elements)
        cached = self._tokens.cache.peek(key)
        if cached is None:
            cached = yield _LockRdt(key)
        if cached is not None:
            return cached
        value, lifetime = yield from self._fetch_rdt(resource, request)
        yield _StoreRdt(key, value, lifetime)
        return value

    def _forget(self, plan: _Plan, token: str) -> None:
        if plan.kind == "rdt" and plan.resource is not None:
            resource = plan.resource
            self._tokens.cache.reject(
                self._tokens.rdt_key(resource.method, resource.path, resource.data_elements), token
            )
        else:
            self._tokens.invalidate(scope=plan.scope, token=token)

    def _flow(self, request: httpx.Request) -> Generator[_Step, Any, None]:
        _set_user_agent(request)
        plan = self._plan(request)
        if plan is None:
            yield request
            return
        request.extensions = {**request.extensions, EXT_CREDENTIAL: plan.credential}
        token = yield from self._token(plan, request)
        request.headers[TOKEN_HEADER] = token
        response = yield request
        if response.status_code in _AUTH_FAILURES:
            yield _Read(response)
        if plan.kind == "own-rdt" or not token_was_refused(response):
            return
        logger.debug(
            "SP-API refused the token of %s (expired or invalid); retrying once with a new one",
            request.extensions.get(EXT_OPERATION) or request.url.path,
        )
        self._forget(plan, token)
        request.headers[TOKEN_HEADER] = yield from self._token(plan, request)
        yield request

    # -- the drivers ---------------------------------------------------------------------------------

    def driver(self, request: httpx.Request) -> _Driver:
        """Return a driver of the flow for ``request`` (the clients' dispatch runs it over their stack)."""
        return _Driver(self._flow(request), self._tokens)

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Run the flow for ``httpx.Client``: tokens and locks from the calling thread."""
        request.read()  # a retry sends the body again
        with self.driver(request) as driver:
            step = driver.first()
            while step is not None:
                answer = (yield step) if isinstance(step, httpx.Request) else driver.fulfil(step)
                step = driver.send(answer)

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Run the flow for ``httpx.AsyncClient``: tokens and locks without blocking the event loop."""
        await request.aread()  # a retry sends the body again
        async with self.driver(request) as driver:
            step = driver.first()
            while step is not None:
                answer = (yield step) if isinstance(step, httpx.Request) else await driver.afulfil(step)
                step = driver.send(answer)


class _Driver:
    """Runs :meth:`SpApiAuth._flow` for one request: steps it, fulfils its needs, and cleans up.

    The auth's two drivers hand the flow's requests to httpx and differ only in how a need is fulfilled:
    :meth:`fulfil` from the calling thread, :meth:`afulfil` without blocking the event loop. An RDT lock
    the flow holds is released however the flow ends.
    """

    def __init__(self, flow: Generator[_Step, Any, None], tokens: TokenManager) -> None:
        self._flow = flow
        self._tokens = tokens
        # The RDT lock a thread (or a task) holds, if any: made on the first lock, since most requests take
        # none (warm getFeed: two exit stacks per call, about 1 µs).
        self._held: contextlib.ExitStack | None = None
        self._aheld: contextlib.AsyncExitStack | None = None

    def first(self) -> _Step | None:
        """Return the flow's first step (a request, or a need on the way to one)."""
        return next(self._flow)

    def send(self, answer: Any) -> _Step | None:
        """Answer the current step; return the next one, or ``None`` once the flow is done."""
        try:
            return self._flow.send(answer)
        except StopIteration:
            return None

    def fulfil(self, need: _Need) -> Any:
        """Fulfil ``need`` from the calling thread (``httpx.Client``)."""
        cache = self._tokens.cache
        match need:
            case _AccessToken(scope=scope):
                return self._tokens.access_token(scope=scope)
            case _Read(response=response):
                return response.read()
            case _LockRdt(key=key):
                self._held = self._held or contextlib.ExitStack()
                self._held.enter_context(cache.lock(key))
                cached = cache.load(key)
                if cached is not None:  # another thread fetched it meanwhile
                    self._held.close()
                return cached
            case _StoreRdt(key=key, token=token, lifetime_seconds=lifetime):
                cache.store(key, token, lifetime)
                self._release()
        return None

    async def afulfil(self, need: _Need) -> Any:
        """Fulfil ``need`` without blocking the event loop (``httpx.AsyncClient``)."""
        cache = self._tokens.cache
        match need:
            case _AccessToken(scope=scope):
                return await self._tokens.aaccess_token(scope=scope)
            case _Read(response=response):
                return await response.aread()
            case _LockRdt(key=key):
                self._aheld = self._aheld or contextlib.AsyncExitStack()
                await self._aheld.enter_async_context(cache.alock(key))
                cached = await cache.aload(key)
                if cached is not None:  # another task fetched it meanwhile
                    await self._aheld.aclose()
                return cached
            case _StoreRdt(key=key, token=token, lifetime_seconds=lifetime):
                await cache.astore(key, token, lifetime)
                await self._arelease()
        return None

    def __enter__(self) -> Self:
        return self

    def _release(self) -> None:
        if self._held is not None:
            self._held.close()

    async def _arelease(self) -> None:
        if self._aheld is not None:
            await self._aheld.aclose()

    def __exit__(self, *exc: object) -> None:
        self._release()
        self._flow.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._arelease()
        self._flow.close()
