"""Keep secrets out of cassettes: the VCR.py configuration and the hooks that replace them with placeholders.

Requests lose their ``x-amz-access-token`` and ``authorization`` headers, the LWA form's client id, client
secret, refresh token and authorization code, and presigned-URL credentials in query strings. Responses lose
``access_token``, ``refresh_token`` and ``restrictedDataToken`` values. Anything left that has the shape of an
LWA token or client secret, or is one of the given literal secrets, is replaced wherever it appears (URLs,
bodies, headers). Every replacement is a fixed placeholder, so the hooks are idempotent: VCR.py runs the
request hook again on each request it matches, and a filtered request still matches its filtered recording.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

ACCESS_TOKEN = "Atza|REDACTED-ACCESS-TOKEN"
REFRESH_TOKEN = "Atzr|REDACTED-REFRESH-TOKEN"
RESTRICTED_DATA_TOKEN = "Atz.sprdt|REDACTED-RDT"
CLIENT_SECRET = "amzn1.oa2-cs.v1.REDACTED-CLIENT-SECRET"
CLIENT_ID = "amzn1.application-oa2-client.REDACTED"
REDACTED = "REDACTED"

#: Every placeholder that has a secret's shape; the secret scan accepts exactly these.
PLACEHOLDERS = frozenset({ACCESS_TOKEN, REFRESH_TOKEN, RESTRICTED_DATA_TOKEN, CLIENT_SECRET})

# A token runs until a character that ends a value in JSON, a form, a header, a URL or YAML.
_REST = r"[^\s\"'&<>,;\\]+"
_BAR = r"(?:\||%7[Cc])"  # "|" as sent, or percent-encoded in forms and query strings
_SHAPES = (
    (re.compile(rf"Atza{_BAR}{_REST}"), ACCESS_TOKEN),
    (re.compile(rf"Atzr{_BAR}{_REST}"), REFRESH_TOKEN),
    (re.compile(rf"Atz\.sprdt{_BAR}{_REST}"), RESTRICTED_DATA_TOKEN),
    (re.compile(rf"amzn1\.oa2-cs\.v1\.{_REST}"), CLIENT_SECRET),
)
_JSON_SECRETS = {
    "access_token": ACCESS_TOKEN,
    "refresh_token": REFRESH_TOKEN,
    "restrictedDataToken": RESTRICTED_DATA_TOKEN,
    "client_secret": CLIENT_SECRET,
    "id_token": REDACTED,
}
_JSON_FIELD = re.compile(r'"(' + "|".join(_JSON_SECRETS) + r')"(\s*:\s*)"(?:[^"\\]|\\.)*"')
#: Presigned S3 URLs (feed and report documents) carry temporary AWS credentials in their query.
PRESIGNED_PARAMETERS = ("X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token")
_PRESIGNED = re.compile(r"(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\s\"'<>\\]*", re.IGNORECASE)
#: The LWA token request's secret form fields (refresh_token and authorization_code grants alike).
FORM_SECRETS = (
    ("client_id", CLIENT_ID),
    ("client_secret", CLIENT_SECRET),
    ("refresh_token", REFRESH_TOKEN),
    ("code", REDACTED),
)
_DROPPED_RESPONSE_HEADERS = frozenset({"set-cookie"})


def _access_token_placeholder(*, key: str, value: str, request: Any) -> str:
    """Keep which kind of token authorised the request (an RDT or an access token), not the token."""
    del key, request
    return RESTRICTED_DATA_TOKEN if value.startswith("Atz.sprdt") else ACCESS_TOKEN


def scrub_text(text: str, secrets: Iterable[str] = ()) -> str:
    """Return ``text`` with token shapes, secret JSON fields, presigned credentials and secrets replaced."""
    text = _JSON_FIELD.sub(lambda m: f'"{m.group(1)}"{m.group(2)}"{_JSON_SECRETS[m.group(1)]}"', text)
    for pattern, placeholder in _SHAPES:
        text = pattern.sub(placeholder, text)
    text = _PRESIGNED.sub(rf"\g<1>{REDACTED}", text)
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        for form in {secret, quote(secret, safe=""), quote(secret)}:
            text = text.replace(form, REDACTED)
    return text


def _scrub_bytes(body: Any, secrets: Iterable[str]) -> Any:
    if isinstance(body, str):
        return scrub_text(body, secrets)
    if not isinstance(body, bytes | bytearray) or not body:
        return body
    try:
        text = bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        # Binary content (a gzip document, a label image) holds no text token.
        return body
    return scrub_text(text, secrets).encode("utf-8")


def request_hook(secrets: Iterable[str] = ()) -> Callable[[Any], Any]:
    """Return a ``before_record_request`` hook that scrubs the URL and body after VCR.py's own filters."""
    secrets = tuple(secrets)

    def scrub_request(request: Any) -> Any:
        request.uri = scrub_text(request.uri, secrets)
        request.body = _scrub_bytes(request.body, secrets)
        for name in list(request.headers):
            request.headers[name] = scrub_text(request.headers[name], secrets)
        return request

    return scrub_request


def response_hook(secrets: Iterable[str] = ()) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Return a ``before_record_response`` hook that scrubs the body and headers of a recorded response."""
    secrets = tuple(secrets)

    def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
        headers = {
            name: [scrub_text(value, secrets) for value in values]
            for name, values in response["headers"].items()
            if name.lower() not in _DROPPED_RESPONSE_HEADERS
        }
        body = response["body"]["string"]
        scrubbed = _scrub_bytes(body, secrets)
        if scrubbed != body:
            for name in headers:
                if name.lower() == "content-length":
                    headers[name] = [str(len(scrubbed))]
        response["headers"] = headers
        response["body"]["string"] = scrubbed
        return response

    return scrub_response


def vcr_config(secrets: Iterable[str] = ()) -> dict[str, Any]:
    """Return the ``vcr_config`` of the cassette tests (see the module docstring)."""
    secrets = tuple(secrets)
    return {
        # Not host or port: a cassette recorded on any sandbox port, or live, replays anywhere.
        "match_on": ("method", "path", "query", "body"),
        "filter_headers": (
            ("x-amz-access-token", _access_token_placeholder),
            ("authorization", REDACTED),
            ("cookie", None),
        ),
        "filter_query_parameters": tuple((name, REDACTED) for name in PRESIGNED_PARAMETERS),
        "filter_post_data_parameters": FORM_SECRETS,
        "before_record_request": request_hook(secrets),
        "before_record_response": response_hook(secrets),
        # Store bodies as text, so the secret scan (and a reviewer) reads what was answered.
        "decode_compressed_response": True,
    }
