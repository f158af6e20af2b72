"""The log of requests the sandbox received, for tests to assert on; secrets are redacted on the way in."""

from __future__ import annotations

import collections
import json
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode

import attrs

from seller_central.redact import REDACTED, is_secret_name, redact_headers, redact_mapping

if TYPE_CHECKING:
    from seller_central.sandbox.exchange import Received

__all__ = ["REDACTED", "RecordedRequest", "RequestLog"]

# A long-running `sandbox serve` keeps only the latest requests.
_MAX_ENTRIES = 10_000


@attrs.frozen(kw_only=True)
class RecordedRequest:
    """One received request.

    Attributes:
        method: Upper-case HTTP method.
        path: The path exactly as sent (still percent-encoded), without the query.
        query: Values by name, in order of appearance.
        headers: Values by lower-case name, credential headers (token, authorization, cookies) redacted.
        body: The body; on the token endpoint its secret fields are redacted.
        operation: The operation key (``orders_v0.getOrder``), or ``None`` for the token endpoint,
            documents and unknown paths.
        status: The status the sandbox answered with.
    """

    method: str
    path: str
    query: Mapping[str, tuple[str, ...]]
    headers: Mapping[str, str]
    body: bytes
    operation: str | None
    status: int


@attrs.define
class RequestLog:
    """A thread-safe, bounded list of :class:`RecordedRequest`."""

    _entries: collections.deque[RecordedRequest] = attrs.field(
        factory=lambda: collections.deque(maxlen=_MAX_ENTRIES), init=False
    )
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    def record(
        self, received: Received, *, operation: str | None, status: int, is_token_request: bool
    ) -> None:
        """Append a request, redacted."""
        query: dict[str, tuple[str, ...]] = {}
        for name, value in received.query:
            query[name] = (*query.get(name, ()), value)
        entry = RecordedRequest(
            method=received.method,
            path=received.path,
            query=query,
            headers=redact_headers(received.headers),
            body=_redact_body(received) if is_token_request else received.body,
            operation=operation,
            status=status,
        )
        with self._lock:
            self._entries.append(entry)

    def snapshot(self) -> list[RecordedRequest]:
        """Return the requests so far, oldest first."""
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        """Forget every request."""
        with self._lock:
            self._entries.clear()


def _redact_body(received: Received) -> bytes:
    """Redact a token request's secret fields (client secret, refresh token, code); others stay readable."""
    text = received.body.decode("utf-8", errors="replace")
    if received.headers.get("content-type", "").startswith("application/json"):
        try:
            data = json.loads(text)
        except ValueError:
            return REDACTED.encode()
        return json.dumps(redact_mapping(data)).encode()
    pairs = parse_qsl(text, keep_blank_values=True)
    return urlencode([(k, REDACTED if is_secret_name(k) else v) for k, v in pairs]).encode()
