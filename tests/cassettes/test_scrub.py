"""The cassette scrubber: what it replaces in requests and responses, and that it is idempotent."""

from __future__ import annotations

import json

import httpx
import vcr
from vcr.request import Request

from tests.cassettes import harness, scan, scrub

LWA_ANSWER = {
    "access_token": "Atza|IwEBIFreshAccessToken-abc_123",
    "refresh_token": "Atzr|IwEBIEchoedRefreshToken-xyz",
    "token_type": "bearer",
    "expires_in": 3600,
}


def response(body: bytes, **headers: str) -> dict:
    return {
        "status": {"code": 200, "message": "OK"},
        "headers": {"Content-Length": [str(len(body))], **{name: [value] for name, value in headers.items()}},
        "body": {"string": body},
    }


def test_scrub_text_replaces_each_secret_shape_with_its_placeholder():
    """Tokens, client secrets (also percent-encoded) and presigned credentials become fixed placeholders."""
    text = (
        "a=Atza|IwEBIx-1&b=Atzr%7CIwEBIy_2&c=Atz.sprdt|AgEAz.3 amzn1.oa2-cs.v1.abc123 "
        "https://bucket.s3.amazonaws.com/doc?X-Amz-Credential=AKIA%2F2026&X-Amz-Signature=ab12&x=1"
    )

    scrubbed = scrub.scrub_text(text)

    assert scrubbed == (
        f"a={scrub.ACCESS_TOKEN}&b={scrub.REFRESH_TOKEN}&c={scrub.RESTRICTED_DATA_TOKEN} "
        f"{scrub.CLIENT_SECRET} "
        "https://bucket.s3.amazonaws.com/doc?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&x=1"
    )
    assert list(scan.scan_text(scrubbed)) == []


def test_scrub_text_replaces_literal_secrets_of_any_shape():
    """A literal secret is replaced as written and percent-encoded, as a form would carry it."""
    text = "client_secret=plain%2Fsecret%2B1 and plain/secret+1"

    assert scrub.scrub_text(text, ["plain/secret+1"]) == "client_secret=REDACTED and REDACTED"


def test_response_hook_replaces_lwa_tokens_and_fixes_the_length():
    """An LWA answer keeps its shape, loses both tokens, and its Content-Length matches the new body."""
    recorded = response(json.dumps(LWA_ANSWER).encode(), **{"Set-Cookie": "session=abc"})

    scrubbed = scrub.response_hook()(recorded)

    body = scrubbed["body"]["string"]
    assert json.loads(body) == {
        **LWA_ANSWER,
        "access_token": scrub.ACCESS_TOKEN,
        "refresh_token": scrub.REFRESH_TOKEN,
    }
    assert scrubbed["headers"] == {"Content-Length": [str(len(body))]}


def test_response_hook_replaces_an_rdt_field_whatever_its_value():
    """The restrictedDataToken field is replaced even when its value has no token prefix."""
    recorded = response(b'{"restrictedDataToken": "opaque-value", "expiresIn": 3600}')

    body = scrub.response_hook()(recorded)["body"]["string"]

    assert json.loads(body) == {"restrictedDataToken": scrub.RESTRICTED_DATA_TOKEN, "expiresIn": 3600}


def test_request_hook_is_idempotent_and_scrubs_url_body_and_headers():
    """Scrubbing twice gives what scrubbing once gives, so a filtered request matches its recording."""
    hook = scrub.request_hook([harness.CLIENT_SECRET])
    request = Request(
        "POST",
        "https://sandbox.test/path?token=Atza%7CIwEBIq",
        f'{{"note": "{harness.CLIENT_SECRET}", "token": "Atzr|IwEBIr"}}'.encode(),
        {"x-debug": "Atz.sprdt|AgEAs"},
    )

    once = hook(request)
    uri, body, headers = once.uri, once.body, dict(once.headers)
    twice = hook(once)

    assert uri == f"https://sandbox.test/path?token={scrub.ACCESS_TOKEN}"
    assert json.loads(body) == {"note": scrub.CLIENT_SECRET, "token": scrub.REFRESH_TOKEN}
    assert headers == {"x-debug": scrub.RESTRICTED_DATA_TOKEN}
    assert (twice.uri, twice.body, dict(twice.headers)) == (uri, body, headers)


def test_a_recording_on_one_port_replays_on_another_host(tmp_path):
    """An LWA exchange recorded on a random loopback port replays for the fixed host, storing no secret."""
    path = tmp_path / "token.yaml"
    form = {
        "grant_type": "refresh_token",
        "refresh_token": harness.REFRESH_TOKEN,
        "client_secret": harness.CLIENT_SECRET,
    }
    config = scrub.vcr_config([harness.CLIENT_SECRET, harness.REFRESH_TOKEN])

    def lwa(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=LWA_ANSWER)

    def unreachable(request: httpx.Request) -> httpx.Response:
        raise AssertionError(request.url)

    recorder, player = vcr.VCR(record_mode="new_episodes"), vcr.VCR(record_mode="none")
    with (
        recorder.use_cassette(str(path), **config),
        httpx.Client(transport=httpx.MockTransport(lwa)) as client,
    ):
        client.post("http://127.0.0.1:54321/auth/o2/token", data=form)
    with (
        player.use_cassette(str(path), **config),
        httpx.Client(transport=httpx.MockTransport(unreachable)) as client,
    ):
        replayed = client.post(harness.TOKEN_URL, data=form)

    assert replayed.json()["access_token"] == scrub.ACCESS_TOKEN
    assert scan.scan_file(path, literals=[harness.CLIENT_SECRET, harness.REFRESH_TOKEN]) == []
