"""parse(): every notification schema Amazon publishes, from its example and from a synthesised instance, in
both envelope casings; the registry key (type + payload version); unknown types; malformed messages."""

from __future__ import annotations

import copy
import datetime
import json

import pytest
from seller_central.errors import InvalidNotificationError
from seller_central.notifications import Notification, parse
from selling_partner_api.schemas.notifications import NOTIFICATION_PAYLOADS, NOTIFICATION_SCHEMAS
from selling_partner_api.types import Model

from tests.schema_instances import instance, load_schema, stems

KEYS = {stem: key for key, stem in NOTIFICATION_SCHEMAS.items()}
METADATA = {
    "applicationId": "amzn1.sellerapps.app.test",
    "subscriptionId": "sub-123",
    "publishTime": "2026-01-02T03:04:06Z",
    "notificationId": "note-456",
}


def test_every_notification_schema_has_a_registry_entry():
    """The registry covers every pinned schema file (a new schema joins the parametrised tests below)."""
    assert sorted(KEYS) == stems("notifications")


def recase(data, upper: bool):
    """Return the envelope with its own keys (and the metadata's) in one casing; the payload untouched."""

    def case(key: str) -> str:
        return (key[:1].upper() if upper else key[:1].lower()) + key[1:]

    out = {case(key): value for key, value in data.items()}
    meta = out.get(case("notificationMetadata"))
    if isinstance(meta, dict):
        out[case("notificationMetadata")] = {case(k): v for k, v in meta.items()}
    return out


def message(stem: str, source: str) -> tuple[dict, dict]:
    """Return (envelope, payload) for a schema: its own first example, or an instance synthesised from it."""
    schema = load_schema("notifications", stem)
    kind, version = KEYS[stem]
    if source == "example":
        if not schema.get("examples"):
            source = "synthesised"  # the schema has no example: synthesise (B2bAnyOfferChanged, ...)
        else:
            example = copy.deepcopy(schema["examples"][0])
            payload = example.get("Payload", example.get("payload"))
            return {
                "notificationVersion": "1.0",
                "notificationType": kind,
                "payloadVersion": version,
                "eventTime": "2026-01-02T03:04:05.123Z",
                "notificationMetadata": METADATA,
                "payload": payload,
            }, payload
    whole = instance(schema)
    payload = whole.get("Payload", whole.get("payload"))
    return {
        "notificationVersion": "1.0",
        "notificationType": kind,
        "payloadVersion": version,
        "eventTime": "2026-01-02T03:04:05Z",
        "notificationMetadata": METADATA,
        "payload": payload,
    }, payload


@pytest.mark.parametrize("upper", [False, True], ids=["camelCase", "PascalCase"])
@pytest.mark.parametrize("source", ["example", "synthesised"])
@pytest.mark.parametrize("stem", stems("notifications"))
def test_every_schema_parses_to_its_typed_payload_and_round_trips(stem, source, upper):
    envelope, payload = message(stem, source)
    body = json.dumps(recase(envelope, upper))
    parsed = parse(body)
    key = KEYS[stem]
    assert isinstance(parsed, Notification)
    assert (parsed.notification_type, parsed.payload_version) == key
    assert parsed.schema == stem
    assert parsed.typed
    assert type(parsed.payload) is NOTIFICATION_PAYLOADS[key]
    assert parsed.payload.to_dict() == payload
    assert parsed.subscription_id == "sub-123"
    assert parsed.notification_id == "note-456"
    assert parsed.event_time is not None
    assert parsed.event_time.tzinfo is not None


def models_in(value):
    """Yield every generated model inside a parsed value."""
    if isinstance(value, Model):
        yield value
        for name in value.FIELDS:
            yield from models_in(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            yield from models_in(item)


@pytest.mark.parametrize("stem", stems("notifications"))
def test_every_key_of_a_synthesised_payload_lands_in_a_declared_field(stem):
    """Each model reads each key its schema declares into its attribute, none into additional_properties."""
    _, payload = message(stem, "synthesised")
    parsed = parse({"notificationType": KEYS[stem][0], "payloadVersion": KEYS[stem][1], "payload": payload})
    models = list(models_in(parsed.payload))
    assert models
    assert [m for m in models if m.additional_properties] == []


def test_listings_item_issues_change_is_keyed_by_type_and_payload_version():
    first, _ = message("ListingsItemIssuesChangeNotification", "example")
    second, _ = message("ListingsItemIssuesChangeNotification_2023-12-13", "example")
    old, new = parse(first), parse(second)
    assert old.notification_type == new.notification_type == "LISTINGS_ITEM_ISSUES_CHANGE"
    assert (old.payload_version, new.payload_version) == ("1.0", "2023-12-13")
    assert type(old.payload).__name__ == "ListingsItemIssuesChangeNotificationPayload"
    assert type(new.payload).__name__ == "ListingsItemIssuesChangeNotification20231213Payload"
    assert old.schema == "ListingsItemIssuesChangeNotification"
    assert new.schema == "ListingsItemIssuesChangeNotification_2023-12-13"


def test_str_bytes_dict_sqs_message_and_eventbridge_event_give_the_same_notification():
    envelope, _ = message("OrderChangeNotification", "example")
    body = json.dumps(envelope)
    sqs = {"MessageId": "m-1", "ReceiptHandle": "r-1", "Body": body}
    event = {
        "version": "0",
        "id": "e-1",
        "detail-type": "ORDER_CHANGE",
        "source": "aws.partner/sellingpartnerapi.amazon.com/amzn1.sellerapps.app.test",
        "detail": envelope,
    }
    parsed = [parse(body), parse(body.encode()), parse(envelope), parse(sqs), parse(event)]
    assert {json.dumps(p.to_dict() | {"messageId": None}, sort_keys=True) for p in parsed} == {
        json.dumps(parsed[0].to_dict(), sort_keys=True)
    }
    assert parse(sqs).message_id == "m-1"


def test_an_unknown_type_or_version_keeps_the_raw_payload():
    unknown = parse({"notificationType": "SOMETHING_NEW", "payloadVersion": "1.0", "payload": {"a": [1]}})
    assert not unknown.typed
    assert unknown.payload == {"a": [1]}
    assert unknown.schema is None
    newer = parse({"NotificationType": "ORDER_CHANGE", "PayloadVersion": "9.9", "Payload": {"x": 1}})
    assert not newer.typed
    assert newer.payload == {"x": 1}


def test_the_event_time_is_a_timezone_aware_datetime():
    parsed = parse({"notificationType": "X", "eventTime": "2026-01-02T03:04:05Z", "payload": {}})
    assert parsed.event_time == datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("not json", "not JSON"),
        (b"\xff\xfe", "not UTF-8"),
        ("[1, 2]", "not an object"),
        ({"payload": {}}, "no notificationType"),
        ({"notificationType": 7, "payload": {}}, "not text"),
        ({"notificationType": "ORDER_CHANGE"}, "no payload"),
        ({"notificationType": "ORDER_CHANGE", "payload": "text"}, "not an object"),
        ({"notificationType": "X", "payload": {}, "notificationMetadata": []}, "notificationMetadata"),
        ({"notificationType": "X", "payload": {}, "eventTime": "yesterday"}, "eventTime"),
        (
            {
                "notificationType": "ORDER_CHANGE",
                "payloadVersion": "1.0",
                "payload": {"OrderChangeNotification": 5},
            },
            "does not fit the schema OrderChangeNotification",
        ),
        ({"MessageId": "m-9", "ReceiptHandle": "r", "Body": "{"}, "not JSON"),
        ({"detail-type": "X", "source": "aws.partner/x", "detail": "text"}, "detail"),
    ],
)
def test_a_malformed_message_is_an_invalid_notification_error(message, reason):
    with pytest.raises(InvalidNotificationError) as caught:
        parse(message)
    assert reason in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_the_error_names_the_sqs_message_not_its_body():
    with pytest.raises(InvalidNotificationError) as caught:
        parse({"MessageId": "m-9", "ReceiptHandle": "r", "Body": '{"secret-ish": "seller data"'})
    assert caught.value.message_id == "m-9"
    assert "seller data" not in str(caught.value)
