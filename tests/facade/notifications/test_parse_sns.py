"""parse() unwraps SNS's envelope: a queue subscribed to an SNS topic without raw message delivery (SQS to
SNS to SQS fan-out) receives the notification as the JSON text of the envelope's ``Message``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from seller_central.errors import InvalidNotificationError
from seller_central.notifications import parse

from tests.schema_instances import load_schema

TOPIC = "arn:aws:sns:us-east-1:123456789012:sp-api-fan-out"


def order_change() -> dict[str, Any]:
    return load_schema("notifications", "OrderChangeNotification")["examples"][0]


def sns(message: Any, kind: str = "Notification") -> dict[str, Any]:
    """An SNS envelope as SNS delivers it to an SQS queue without raw message delivery."""
    return {
        "Type": kind,
        "MessageId": "0f6a5bb4-sns-message-id",
        "TopicArn": TOPIC,
        "Message": message,
        "Timestamp": "2026-01-02T03:04:07.000Z",
        "SignatureVersion": "1",
        "Signature": "c2lnbmF0dXJl",
        "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
        "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
    }


def sqs_message(body: str) -> dict[str, Any]:
    return {"MessageId": "sqs-message-id", "ReceiptHandle": "handle", "Body": body}


WRAPPINGS = {
    "body text": lambda n: json.dumps(sns(json.dumps(n))),
    "body bytes": lambda n: json.dumps(sns(json.dumps(n))).encode(),
    "decoded body": lambda n: sns(json.dumps(n)),
    "whole SQS message": lambda n: sqs_message(json.dumps(sns(json.dumps(n)))),
}


@pytest.mark.parametrize("wrapping", WRAPPINGS.values(), ids=WRAPPINGS.keys())
def test_an_sns_wrapped_notification_reads_as_the_notification_itself(wrapping):
    notification = order_change()
    direct = parse(notification)

    wrapped = parse(wrapping(notification))

    assert wrapped.typed
    assert wrapped.notification_type == "ORDER_CHANGE"
    assert wrapped.payload == direct.payload
    assert wrapped.raw == direct.raw == notification  # the SP-API notification, not SNS's envelope
    assert wrapped.subscription_id == direct.subscription_id
    assert wrapped.event_time == direct.event_time


def test_the_message_id_stays_the_sqs_messages():
    notification = order_change()

    assert parse(sqs_message(json.dumps(sns(json.dumps(notification))))).message_id == "sqs-message-id"
    assert parse(sns(json.dumps(notification)), message_id="given").message_id == "given"
    assert parse(sns(json.dumps(notification))).message_id is None  # not SNS's MessageId


def test_an_sns_wrapped_eventbridge_event_is_unwrapped_twice():
    notification = order_change()
    event = {"version": "0", "source": "aws.partner/sellingpartnerapi.amazon.com", "detail-type": "x"}

    wrapped = parse(sns(json.dumps({**event, "detail": notification})))

    assert wrapped.raw == notification


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        (sns("{not json"), "Message is not JSON"),
        (sns(json.dumps(["a", "list"])), "not an object"),
        (sns(json.dumps({"NotificationType": "ORDER_CHANGE"})), "ORDER_CHANGE notification has no payload"),
        (sns(None), "no Message"),
        (sns({"NotificationType": "ORDER_CHANGE"}), "Message that is dict, not text"),
        (sns("{}", kind="SubscriptionConfirmation"), "SNS SubscriptionConfirmation message"),
    ],
    ids=["not JSON", "not an object", "no payload", "no message", "message not text", "confirmation"],
)
def test_a_malformed_sns_message_raises_invalid_notification_naming_the_sqs_message(message, reason):
    with pytest.raises(InvalidNotificationError) as caught:
        parse(sqs_message(json.dumps(message)))

    assert reason in str(caught.value)
    assert caught.value.message_id == "sqs-message-id"
