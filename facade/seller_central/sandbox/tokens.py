"""The tokens the local sandbox has issued, and whether one may call an operation.

Three kinds, as on Amazon: a seller's LWA access token (from a refresh token or an authorization code), a
grantless token (client credentials with scopes), and a Restricted Data Token (Tokens API). When ``strict``
is on (the default), the sandbox applies Amazon's rules to them:

- a grantless token calls only grantless operations whose scope it holds (ACTION_MAP section 0.3);
- an operation whose table row says ``restricted: always`` needs an RDT (Amazon's sandbox too, section 0.1);
- an RDT calls only the method and path it was issued for (a ``{placeholder}`` in its path is one segment).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Literal

import attrs

from seller_central import operations

if TYPE_CHECKING:
    from seller_central.operations import Operation

__all__ = ["Denial", "Resource", "TokenRegistry"]

Kind = Literal["seller", "grantless", "rdt"]

DEFAULT_LIFETIME_SECONDS = 3600  # LWA access tokens and RDTs both last an hour


@attrs.frozen(kw_only=True)
class Resource:
    """A method and path an RDT was issued for; the path may be concrete or a ``{placeholder}`` template."""

    method: str
    path: str

    def covers(self, method: str, path: str) -> bool:
        """Return whether a request with this method and concrete path falls under the resource."""
        if self.method.upper() != method.upper():
            return False
        return operations.path_pattern(self.path).match(path) is not None


@attrs.frozen(kw_only=True)
class Denial:
    """Why a token may not make a request: Amazon's message plus the sandbox's explanation in ``details``."""

    message: str
    details: str


@attrs.frozen(kw_only=True)
class _Grant:
    kind: Kind
    expires_at: float
    scopes: frozenset[str] = frozenset()
    resources: tuple[Resource, ...] = ()


_DENIED = "Access to requested resource is denied."
_EXPIRED = "The access token you provided has expired."


@attrs.define(kw_only=True)
class TokenRegistry:
    """Issues tokens and checks them; safe to share between the server's threads.

    Args:
        lifetime_seconds: How long an issued token stays valid (``expires_in`` of the token endpoint).
        strict: Apply Amazon's rules on which kind of token may call which operation.
        clock: Monotonic seconds; injected by tests.
    """

    lifetime_seconds: int = DEFAULT_LIFETIME_SECONDS
    strict: bool = True
    clock: Callable[[], float] = time.monotonic
    _grants: dict[str, _Grant] = attrs.field(factory=dict, init=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    def issue_access(self, *, scopes: Iterable[str] = ()) -> str:
        """Issue an LWA access token: a seller's when ``scopes`` is empty, a grantless one otherwise."""
        scope_set = frozenset(scopes)
        return self._add(
            f"Atza|{secrets.token_urlsafe(32)}",
            _Grant(kind="grantless" if scope_set else "seller", expires_at=self._expiry(), scopes=scope_set),
        )

    def issue_rdt(self, resources: Iterable[Resource], *, token: str | None = None) -> str:
        """Issue (or, given ``token``, accept from then on) a Restricted Data Token for these resources."""
        grant = _Grant(kind="rdt", expires_at=self._expiry(), resources=tuple(resources))
        return self._add(token or f"Atz.sprdt|{secrets.token_urlsafe(32)}", grant)

    def expire_all(self) -> None:
        """Make every token issued so far expired, as if an hour had passed (for refresh tests)."""
        with self._lock:
            now = self.clock()
            self._grants = {
                token: attrs.evolve(grant, expires_at=now) for token, grant in self._grants.items()
            }

    def check(self, token: str | None, *, method: str, path: str, operation: Operation) -> Denial | None:
        """Return why this token may not make the request, or ``None`` when it may."""
        if not token:
            return Denial(message=_DENIED, details="")
        with self._lock:
            grant = self._grants.get(token)
        if grant is None:
            return Denial(
                message=_DENIED, details="The access token you provided is revoked, malformed or invalid."
            )
        if grant.expires_at <= self.clock():
            return Denial(message=_EXPIRED, details="")
        return self._rule(grant, method=method, path=path, operation=operation) if self.strict else None

    def _rule(self, grant: _Grant, *, method: str, path: str, operation: Operation) -> Denial | None:
        if grant.kind == "grantless" and not (operation.grantless and operation.scope in grant.scopes):
            needs = f"scope {operation.scope}" if operation.grantless else "a seller's LWA access token"
            return Denial(
                message=_DENIED, details=f"{operation.key} needs {needs}; this is a grantless token."
            )
        if grant.kind == "rdt" and not any(resource.covers(method, path) for resource in grant.resources):
            details = f"This Restricted Data Token was not issued for {method} {path}."
            return Denial(message=_DENIED, details=details)
        if grant.kind != "rdt" and operation.restricted == "always":
            details = f"{operation.key} is restricted: call it with a Restricted Data Token (Tokens API)."
            return Denial(message=_DENIED, details=details)
        return None

    def _expiry(self) -> float:
        return self.clock() + self.lifetime_seconds

    def _add(self, token: str, grant: _Grant) -> str:
        with self._lock:
            # Forget tokens an hour past expiry, so a long-running sandbox does not grow without bound while a
            # recently expired token still gets the "expired" answer that makes a client refresh.
            horizon = self.clock() - self.lifetime_seconds
            self._grants = {key: old for key, old in self._grants.items() if old.expires_at > horizon}
            self._grants[token] = grant
        return token
