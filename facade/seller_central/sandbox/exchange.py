"""The request and reply values passed between the HTTP handler and the sandbox's logic.

Keeping the logic on these plain values (and off ``BaseHTTPRequestHandler``) lets it be read and tested
without sockets; the handler only copies bytes in and out.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import attrs

from seller_central import exact_json

__all__ = ["Received", "Reply", "json_reply", "request_id", "sp_api_error"]

JSON_TYPE = "application/json"


@attrs.frozen(kw_only=True)
class Received:
    """One request as the server read it.

    Attributes:
        method: Upper-case HTTP method.
        path: The path, still percent-encoded, without the query.
        query: Query pairs in order, decoded; a repeated key appears once per occurrence.
        headers: Header values by lower-case name (repeated headers joined with ``", "``).
        body: The body bytes (chunked bodies already joined).
        base_url: ``http://<Host header>``, for URLs the sandbox hands back (document URLs).
    """

    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    headers: Mapping[str, str] = attrs.field(factory=dict)
    body: bytes = b""
    base_url: str = ""


@attrs.frozen(kw_only=True)
class Reply:
    """What the server sends back; the handler adds ``Content-Length``."""

    status: int = attrs.field(converter=int)  # a plain int, also when built from an HTTPStatus
    body: bytes = b""
    headers: Mapping[str, str] = attrs.field(factory=dict)

    def with_headers(self, extra: Mapping[str, str]) -> Reply:
        """Return this reply with more headers (its own win on a clash)."""
        return attrs.evolve(self, headers={**extra, **self.headers})


def json_reply(status: int, payload: Any) -> Reply:
    """Return a JSON reply; ``None`` or ``""`` (and any 204) give an empty body, as SP-API does.

    A ``Decimal`` in ``payload`` (a scenario's amounts) is written as the JSON number it is, digit for digit.
    """
    if status == HTTPStatus.NO_CONTENT or payload is None or payload == "":
        return Reply(status=status, headers={"content-type": JSON_TYPE})
    return Reply(status=status, body=exact_json.dumps(payload).encode(), headers={"content-type": JSON_TYPE})


def sp_api_error(status: int, code: str, message: str, details: str = "") -> Reply:
    """Return an SP-API error envelope: ``{"errors": [{"code", "message", "details"}]}``."""
    return json_reply(status, {"errors": [{"code": code, "message": message, "details": details}]})


def request_id() -> str:
    """Return a fresh value for ``x-amzn-RequestId``."""
    return str(uuid.uuid4())
