"""The sandbox's Login with Amazon token endpoint: ``POST /auth/o2/token``.

It speaks LWA's dialect of OAuth 2.0 (ACTION_MAP section 0.2): a form-encoded body (JSON is accepted too)
with ``grant_type`` ``refresh_token``, ``client_credentials`` (with ``scope``) or ``authorization_code``
(with ``code``); the client id and secret in the body or in HTTP Basic auth. Errors are LWA's
``{"error", "error_description"}``. By default any client id, secret, refresh token and code is accepted, so a
newcomer needs no credentials; configured credentials or refresh tokens make the others fail as on Amazon.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import threading
from collections.abc import Collection, Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

import attrs

from seller_central.local_sandbox import TOKEN_PATH
from seller_central.sandbox.exchange import Received, Reply, json_reply

if TYPE_CHECKING:
    from seller_central.sandbox.tokens import TokenRegistry

__all__ = ["TOKEN_PATH", "LwaEndpoint"]


def _accepted(values: Collection[str] | None) -> set[str] | None:
    # A private copy: the endpoint adds the refresh tokens it issues.
    return None if values is None else set(values)


@attrs.define(kw_only=True)
class LwaEndpoint:
    """Answers token requests with tokens from the shared registry.

    Args:
        tokens: Where issued access tokens are recorded, so SP-API requests can check them.
        credentials: Client id to client secret; ``None`` accepts any pair.
        refresh_tokens: Refresh tokens to accept; ``None`` accepts any. Tokens issued through the
            ``authorization_code`` grant are added.
    """

    tokens: TokenRegistry
    credentials: Mapping[str, str] | None = None
    refresh_tokens: set[str] | None = attrs.field(default=None, converter=_accepted)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    def answer(self, received: Received) -> Reply:
        """Return the reply to one request to the token endpoint."""
        if received.method != "POST":
            return _error(HTTPStatus.METHOD_NOT_ALLOWED, "invalid_request", "The token endpoint takes POST.")
        form = _form(received)
        client_id, client_secret = _client(form, received.headers.get("authorization", ""))
        if not client_id or not client_secret or not self._known_client(client_id, client_secret):
            return _error(HTTPStatus.UNAUTHORIZED, "invalid_client", "Client authentication failed")
        grant_type = form.get("grant_type", "")
        if not grant_type:
            return _missing("grant_type")
        grants = {
            "refresh_token": lambda: self._refresh(form.get("refresh_token", "")),
            "client_credentials": lambda: self._client_credentials(form.get("scope", "")),
            "authorization_code": lambda: self._authorization_code(form.get("code", "")),
        }
        grant = grants.get(grant_type)
        if grant is None:
            return _error(HTTPStatus.BAD_REQUEST, "unsupported_grant_type", "The grant type is not supported")
        return grant()

    def _known_client(self, client_id: str, client_secret: str) -> bool:
        if self.credentials is None:
            return True
        expected = self.credentials.get(client_id)
        return expected is not None and secrets.compare_digest(expected, client_secret)

    def _refresh(self, refresh_token: str) -> Reply:
        if not refresh_token:
            return _missing("refresh_token")
        with self._lock:
            known = self.refresh_tokens is None or refresh_token in self.refresh_tokens
        if not known:
            return _error(
                HTTPStatus.BAD_REQUEST,
                "invalid_grant",
                "The request has an invalid grant parameter : refresh_token",
            )
        return self._granted(refresh_token=refresh_token)

    def _client_credentials(self, scope: str) -> Reply:
        scopes = scope.split()
        if not scopes:
            return _error(
                HTTPStatus.BAD_REQUEST, "invalid_scope", "The request has an invalid parameter : scope"
            )
        access_token = self.tokens.issue_access(scopes=scopes)
        return json_reply(
            HTTPStatus.OK,
            {
                "access_token": access_token,
                "scope": " ".join(scopes),
                "token_type": "bearer",
                "expires_in": self.tokens.lifetime_seconds,
            },
        )

    def _authorization_code(self, code: str) -> Reply:
        if not code:
            return _missing("code")
        refresh_token = f"Atzr|{secrets.token_urlsafe(32)}"
        with self._lock:
            if self.refresh_tokens is not None:
                self.refresh_tokens.add(refresh_token)
        return self._granted(refresh_token=refresh_token)

    def _granted(self, *, refresh_token: str) -> Reply:
        return json_reply(
            HTTPStatus.OK,
            {
                "access_token": self.tokens.issue_access(),
                "refresh_token": refresh_token,
                "token_type": "bearer",
                "expires_in": self.tokens.lifetime_seconds,
            },
        )


def _form(received: Received) -> dict[str, str]:
    text = received.body.decode("utf-8", errors="replace")
    if received.headers.get("content-type", "").startswith("application/json"):
        try:
            data = json.loads(text)
        except ValueError:
            return {}
        return {str(key): str(value) for key, value in data.items()} if isinstance(data, dict) else {}
    return dict(parse_qsl(text, keep_blank_values=True))


def _client(form: Mapping[str, str], authorization: str) -> tuple[str, str]:
    if authorization[:6].lower() == "basic ":
        try:
            decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        client_id, _, client_secret = decoded.partition(":")
        return client_id, client_secret
    return form.get("client_id", ""), form.get("client_secret", "")


def _missing(name: str) -> Reply:
    return _error(
        HTTPStatus.BAD_REQUEST, "invalid_request", f"The request is missing a required parameter : {name}"
    )


def _error(status: int, error: str, description: str) -> Reply:
    return json_reply(status, {"error": error, "error_description": description})
