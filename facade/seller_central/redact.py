"""Keep secrets out of everything a person might read: debug dumps, log records, error messages.

The secrets are the client secret, refresh tokens, LWA access tokens, Restricted Data Tokens, consent
codes and the signatures of presigned document URLs. Three tools handle them:

- structural redaction of what we know the shape of (:func:`redact_headers`, :func:`redact_url`,
  :func:`redact_mapping`, and :func:`describe_request` built on them);
- text redaction for what we do not (:func:`redact_text`): known secret values, Amazon's token prefixes,
  ``key=value`` pairs with secret-looking keys and presigned query strings;
- :class:`SecretFilter`, a ``logging.Filter`` that runs :func:`redact_text` over every record it sees, with
  the values registered through :func:`register_secret` (the token manager registers each secret it holds).
"""

from __future__ import annotations

import collections
import functools
import json
import logging
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

__all__ = [
    "REDACTED",
    "SecretFilter",
    "describe_request",
    "is_secret_name",
    "redact_headers",
    "redact_mapping",
    "redact_text",
    "redact_url",
    "register_secret",
]

REDACTED = "<redacted>"

# Header names whose values are credentials, compared in lower case.
_SECRET_HEADERS = frozenset(
    {
        "x-amz-access-token",
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-amz-security-token",
    }
)

# Names (lower case, without "-" and "_") that hold a secret wherever they appear: body keys, form fields,
# query parameters. Page tokens (nextToken, pageToken) are not secrets and stay readable.
_SECRET_NAMES = frozenset(
    {
        "accesstoken",
        "refreshtoken",
        "clientsecret",
        "restricteddatatoken",
        "code",
        "spapioauthcode",
        "password",
        "secret",
        "signature",
        "xamzsignature",
        "xamzcredential",
        "xamzsecuritytoken",
        "xamzaccesstoken",
        "authorization",
        "sessiontoken",
        "securitytoken",
        "idtoken",
        "mwsauthtoken",
    }
)
_SECRET_SUFFIXES = ("secret", "password", "accesstoken", "refreshtoken", "datatoken", "securitytoken")

# A query string carrying one of these is a presigned URL: the whole query is a credential.
_PRESIGNED_MARKERS = ("x-amz-signature", "x-amz-credential", "x-amz-security-token", "signature")


# The patterns are compiled on the first redaction, not at import (cold start: most runs never redact text).
@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], tuple[re.Pattern[str], ...]]:
    """Return the presigned-URL pattern, the secret ``key=value`` pattern and the token shapes."""
    presigned_in_text = re.compile(
        r"(?i)(https?://[^\s?#\"'<>]+)\?[^\s\"'<>]*(?:x-amz-signature|x-amz-credential|signature=)[^\s\"'<>]*"
    )
    # key=value, key: value and "key": "value" pairs with a secret-looking key (bare "code" is left alone in
    # free text: SP-API error codes are worth reading).
    pair = re.compile(
        r"(?i)(\b(?:client_secret|refresh_token|access_token|restricteddatatoken|x-amz-access-token"
        r"|spapi_oauth_code|x-amz-signature|x-amz-credential|x-amz-security-token)[\"']?\s*[:=]\s*[\"']?)"
        r"([^\"'&\s,;}]+)"
    )
    shapes = (
        # LWA access tokens (Atza|), refresh tokens (Atzr|) and Restricted Data Tokens (Atz.sprdt|).
        re.compile(r"\bAtz[a-z.]*\|[^\s\"',;&<>]+"),
        # LWA client secrets.
        re.compile(r"\bamzn1\.oa2-cs\.v1\.[0-9A-Za-z]+"),
        # Bearer credentials in an Authorization header rendered as text.
        re.compile(r"(?i)(?<=bearer )[^\s\"',;]+"),
    )
    return presigned_in_text, pair, shapes


def _normal(name: str) -> str:
    return name.lower().replace("-", "").replace("_", "")


def is_secret_name(name: str) -> bool:
    """Return True when a key, field or query parameter of this name holds a secret."""
    normal = _normal(name)
    return normal in _SECRET_NAMES or normal.endswith(_SECRET_SUFFIXES)


def redact_headers(headers: Mapping[str, str] | httpx.Headers | Iterable[tuple[str, str]]) -> dict[str, str]:
    """Return the headers as a dict with credential headers (access token, cookies...) redacted."""
    items = headers.items() if isinstance(headers, Mapping | httpx.Headers) else headers
    return {
        name: REDACTED if name.lower() in _SECRET_HEADERS or is_secret_name(name) else value
        for name, value in items
    }


def redact_url(url: str | httpx.URL) -> str:
    """Return the URL without its secrets.

    A presigned URL (its query carries a signature or credential) keeps only scheme, host and path,
    since every query parameter is part of the credential. Other URLs keep their query with the values
    of secret-looking parameters redacted.
    """
    parts = urlsplit(str(url))
    if not parts.query:
        return urlunsplit(parts._replace(fragment=""))
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if any(name.lower() in _PRESIGNED_MARKERS for name, _ in pairs):
        return urlunsplit(parts._replace(query=REDACTED, fragment=""))
    query = urlencode(
        [(name, REDACTED if is_secret_name(name) else value) for name, value in pairs], safe="<>,"
    )
    return urlunsplit(parts._replace(query=query, fragment=""))


def redact_mapping(value: Any) -> Any:
    """Return a copy of a JSON-like value with the values of secret-looking keys redacted, at any depth."""
    if isinstance(value, Mapping):
        return {
            key: REDACTED if isinstance(key, str) and is_secret_name(key) else redact_mapping(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact_mapping(item) for item in value]
    if isinstance(value, str):
        return redact_text(value)
    return value


# -- known secret values ----------------------------------------------------------------------------------

_REGISTRY_SIZE = 4096  # recent secrets to remember; old access tokens are long expired by then


class _Registry:
    """The secret values seen in this process (bounded), longest first so no prefix is left behind."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._sorted: tuple[str, ...] = ()

    def add(self, value: str) -> None:
        # Very short values would redact ordinary words; real secrets are long.
        if not isinstance(value, str) or len(value) < 8:  # noqa: PLR2004 (the shortest value worth hiding)
            return
        with self._lock:
            for form in _forms(value):
                self._values[form] = None
                self._values.move_to_end(form)
            while len(self._values) > _REGISTRY_SIZE:
                self._values.popitem(last=False)
            self._sorted = tuple(sorted(self._values, key=len, reverse=True))

    def values(self) -> tuple[str, ...]:
        return self._sorted


def _forms(value: str) -> tuple[str, ...]:
    """Return ``value`` and the escaped forms a message may quote it in (``repr`` of the text or its bytes).

    A token with a control character shows up escaped in an error (h11's "Illegal header value" quotes
    the bytes, a newline as backslash and n), and would slip past a search for the value itself.
    """
    forms = [value, repr(value)[1:-1], repr(value.encode("utf-8", "backslashreplace"))[2:-1]]
    return tuple(dict.fromkeys(forms))


_registry = _Registry()


def register_secret(value: str) -> None:
    """Remember a secret value so that :func:`redact_text` and :class:`SecretFilter` hide it everywhere."""
    _registry.add(value)


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    """Return ``text`` with secrets replaced by ``<redacted>``.

    Hidden are: the given ``secrets`` and every registered secret, Amazon token and client-secret shapes,
    ``key=value`` pairs whose key names a secret, and the query strings of presigned URLs.
    """
    given = sorted({form for s in secrets if s for form in _forms(s)}, key=len, reverse=True)
    for secret in (*given, *_registry.values()):
        if secret in text:
            text = text.replace(secret, REDACTED)
    presigned_in_text, pair, shapes = _patterns()
    text = presigned_in_text.sub(lambda match: f"{match.group(1)}?{REDACTED}", text)
    text = pair.sub(lambda match: f"{match.group(1)}{REDACTED}", text)
    for pattern in shapes:
        text = pattern.sub(REDACTED, text)
    return text


# -- request dumps ----------------------------------------------------------------------------------------


def _content(content: Any) -> str:
    if isinstance(content, str):
        content = content.encode()
    if not isinstance(content, bytes | bytearray):
        return "<streamed body>"
    try:
        return json.dumps(redact_mapping(json.loads(content)), default=str, ensure_ascii=False)
    except ValueError:
        return f"<{len(content)} bytes>"


def _body(kwargs: Mapping[str, Any]) -> str | None:
    if kwargs.get("json") is not None:
        return json.dumps(redact_mapping(kwargs["json"]), default=str, ensure_ascii=False)
    if kwargs.get("data") is not None:
        data = kwargs["data"]
        shown = redact_mapping(data) if isinstance(data, Mapping) else "<form>"
        return json.dumps(shown, default=str, ensure_ascii=False)
    if kwargs.get("files") is not None:
        files = kwargs["files"]
        names = list(files) if isinstance(files, Mapping) else [name for name, _ in files]
        return f"<multipart files: {', '.join(map(str, names))}>"
    content = kwargs.get("content")
    return None if content is None else _content(content)


def describe_request(kwargs: Mapping[str, Any], *, base_url: str) -> str:
    """Describe a request (``httpx.Client.build_request`` keyword arguments) with every secret redacted.

    The result has the method and URL on the first line, then the headers and the body, if any. It is
    what the spec's "Debug Request" input logs.
    """
    url = str(kwargs.get("url", ""))
    if "://" not in url:
        url = f"{base_url.rstrip('/')}/{url.lstrip('/')}"
    params = kwargs.get("params")
    full = httpx.URL(url, params=params) if params else httpx.URL(url)
    lines = [f"{str(kwargs.get('method', 'GET')).upper()} {redact_url(full)}"]
    headers = kwargs.get("headers")
    if headers:
        lines.append(f"headers: {json.dumps(redact_headers(headers), ensure_ascii=False)}")
    body = _body(kwargs)
    if body is not None:
        lines.append(f"body: {body}")
    return "\n".join(lines)


# -- logging ----------------------------------------------------------------------------------------------


class SecretFilter(logging.Filter):
    """A logging filter that scrubs secrets from every record it passes (it never drops a record).

    Attach it to a handler (``handler.addFilter(SecretFilter())``) to cover every logger that handler
    serves, including httpx's. It hides the registered secrets (see :func:`register_secret`), the values
    given to :meth:`add`, and everything :func:`redact_text` recognises by shape.
    """

    def __init__(self, name: str = "", secrets: Iterable[str] = ()) -> None:
        """Create the filter, optionally with extra secret values to hide."""
        super().__init__(name)
        self._own: set[str] = {secret for secret in secrets if secret}

    def add(self, value: str) -> None:
        """Hide this value in every record from now on."""
        if value:
            self._own.add(value)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message (and any formatted traceback) without secrets; keep the record."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # A broken format string: show the template and arguments, still scrubbed.
            message = f"{record.msg} {record.args}"
        record.msg = redact_text(message, self._own)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text, self._own)
        return True
