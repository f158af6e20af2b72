"""Redaction: request dumps, URLs, mappings, free text and log records keep no secret."""

import json
import logging
import sys

from seller_central import _send, redact
from seller_central.calls import Call, Context
from seller_central.connection import OAuthConnection

TOKEN = "Atza|IwEBIJustAnAccessToken0123456789"
RDT = "Atz.sprdt|IQEBLjAsAhRmHjNgHpi0U-Dme37rR6CuUpSR"
SECRET = "amzn1.oa2-cs.v1." + "0123456789abcdef" * 2  # built here so no secret-shaped literal is committed
PRESIGNED = (
    "https://tortuga-prod-na.s3-external-1.amazonaws.com/doc.gz"
    "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20260101&X-Amz-Signature=deadbeef"
)


def test_describe_request_redacts_token_headers_and_secret_body_keys():
    """The dump shows method, URL, ordinary headers and body, with tokens and secret keys redacted."""
    kwargs = {
        "method": "post",
        "url": "/tokens/2021-03-01/restrictedDataToken",
        "headers": {"x-amz-access-token": TOKEN, "Authorization": "Bearer abc", "accept": "application/json"},
        "json": {
            "restrictedResources": [{"method": "GET"}],
            "nested": {"client_secret": SECRET, "code": "x1"},
        },
    }

    text = redact.describe_request(kwargs, base_url="https://sellingpartnerapi-na.amazon.com")

    first, headers, body = text.splitlines()
    assert first == "POST https://sellingpartnerapi-na.amazon.com/tokens/2021-03-01/restrictedDataToken"
    assert json.loads(headers.removeprefix("headers: ")) == {
        "x-amz-access-token": "<redacted>",
        "Authorization": "<redacted>",
        "accept": "application/json",
    }
    assert json.loads(body.removeprefix("body: ")) == {
        "restrictedResources": [{"method": "GET"}],
        "nested": {"client_secret": "<redacted>", "code": "<redacted>"},
    }


def test_describe_request_keeps_ordinary_query_values_and_page_tokens():
    """Query parameters such as MarketplaceIds and NextToken stay readable; secret-looking ones do not."""
    kwargs = {
        "method": "GET",
        "url": "/orders/v0/orders",
        "params": {"MarketplaceIds": "ATVPDKIKX0DER", "NextToken": "page-2", "access_token": TOKEN},
    }

    text = redact.describe_request(kwargs, base_url="https://sellingpartnerapi-na.amazon.com/")

    assert "MarketplaceIds=ATVPDKIKX0DER" in text
    assert "NextToken=page-2" in text
    assert "access_token=<redacted>" in text
    assert TOKEN not in text


def test_describe_request_handles_form_raw_and_binary_bodies():
    """Form fields are redacted by name, JSON content is parsed and redacted, binary shows its size."""
    base = "https://lwa.test"
    form = redact.describe_request(
        {"url": "/auth/o2/token", "data": {"refresh_token": "Atzr|x"}}, base_url=base
    )
    raw = redact.describe_request(
        {"url": "/x", "content": json.dumps({"access_token": TOKEN})}, base_url=base
    )
    binary = redact.describe_request({"url": "/x", "content": b"\x00\x01\x02"}, base_url=base)

    assert "Atzr|x" not in form
    assert "<redacted>" in form
    assert TOKEN not in raw
    assert binary.endswith("body: <3 bytes>")


def test_presigned_url_keeps_only_scheme_host_and_path():
    """A presigned document URL loses its whole query string."""
    assert (
        redact.redact_url(PRESIGNED)
        == "https://tortuga-prod-na.s3-external-1.amazonaws.com/doc.gz?<redacted>"
    )


def test_redact_text_hides_amazon_token_shapes_and_secret_pairs():
    """Access tokens, RDTs, client secrets, key=value secrets and presigned queries vanish from free text."""
    text = (
        f"token {TOKEN} rdt {RDT} secret {SECRET} refresh_token=Atzr|abc "
        f'"client_secret": "plain-secret" url {PRESIGNED} and "code": "InvalidInput"'
    )

    clean = redact.redact_text(text)

    for secret in (TOKEN, RDT, SECRET, "Atzr|abc", "plain-secret", "deadbeef", "AKIA"):
        assert secret not in clean
    assert '"code": "InvalidInput"' in clean  # SP-API error codes stay readable


def test_registered_secret_is_hidden_whatever_its_shape():
    """A value registered as secret is removed from text even though it has no known shape."""
    redact.register_secret("opaque-value-no-shape-42")

    assert redact.redact_text("before opaque-value-no-shape-42 after") == "before <redacted> after"


def test_redact_mapping_walks_nested_lists_and_dicts():
    """Secret keys are redacted at any depth; other values are kept."""
    value = {"a": [{"refreshToken": "r", "ok": 1}], "RestrictedDataToken": RDT, "nextToken": "n"}

    assert redact.redact_mapping(value) == {
        "a": [{"refreshToken": "<redacted>", "ok": 1}],
        "RestrictedDataToken": "<redacted>",
        "nextToken": "n",
    }


def test_secret_filter_scrubs_messages_arguments_and_tracebacks():
    """A record's formatted message and traceback leave the filter without the secrets."""
    secret_filter = redact.SecretFilter(secrets=["custom-secret-value"])
    try:
        raise ValueError(f"failed with {TOKEN}")  # noqa: TRY301 (a real traceback to scrub)
    except ValueError:
        record = logging.LogRecord(
            "test",
            logging.ERROR,
            __file__,
            1,
            "sent %s and %s",
            (TOKEN, "custom-secret-value"),
            sys.exc_info(),
        )

    assert secret_filter.filter(record) is True
    assert record.getMessage() == "sent <redacted> and <redacted>"
    assert TOKEN not in record.exc_text


def test_debug_request_of_a_call_is_logged_redacted(caplog):
    """A call with Debug Request on logs its request at INFO, readable and without secrets."""
    connection = OAuthConnection(client_id="c", client_secret=SECRET, refresh_token="Atzr|r-0123456789")
    call = Call(operation="orders_v0.getOrders", arguments={"marketplace_ids": ["ATVPDKIKX0DER"]}, debug=True)
    caplog.set_level(logging.INFO, logger="seller_central")

    _send.prepare_call(Context(connection=connection), call)

    (record,) = [r for r in caplog.records if r.getMessage().startswith("Debug Request")]
    message = record.getMessage()
    assert (
        "GET https://sellingpartnerapi-na.amazon.com/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER" in message
    )
    assert SECRET not in message
