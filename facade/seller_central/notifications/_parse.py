"""Parse one notification message into a typed :class:`Notification`."""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any

import attrs
from selling_partner_api.schemas.notifications import NOTIFICATION_PAYLOADS, NOTIFICATION_SCHEMAS
from selling_partner_api.types import Model

from seller_central.errors import InvalidNotificationError

__all__ = ["Notification", "parse"]


@attrs.frozen(kw_only=True)
class Notification:
    """One notification, its envelope read, its payload typed when Amazon publishes a schema for it.

    Attributes:
        notification_type: ``ORDER_CHANGE``, ``ANY_OFFER_CHANGED``, ...
        payload_version: The payload's version (``1.0``, ``2023-12-13``, ...), ``None`` if absent.
        notification_version: The envelope's version, ``None`` if absent.
        event_time: When the event happened (timezone-aware), ``None`` if absent.
        subscription_id: The subscription that delivered it (from the metadata), ``None`` if absent.
        notification_id: Amazon's id of the notification (from the metadata), ``None`` if absent.
        publish_time: When Amazon published it (the metadata's text, as sent), ``None`` if absent.
        application_id: The application it was sent to (from the metadata), ``None`` if absent.
        payload: The generated model of the payload, or the raw ``dict`` when no schema matches the type and
            payload version (see ``typed``).
        schema: The stem of the JSON schema the payload was read with, ``None`` when untyped.
        raw: The whole notification as received (the envelope with its payload).
        message_id: The SQS message id when the notification came from a queue.
    """

    notification_type: str
    payload_version: str | None
    notification_version: str | None
    event_time: datetime.datetime | None
    subscription_id: str | None
    notification_id: str | None
    publish_time: str | None
    application_id: str | None
    payload: Model | dict[str, Any]
    schema: str | None
    raw: dict[str, Any] = attrs.field(repr=False)
    message_id: str | None = None

    @property
    def typed(self) -> bool:
        """Whether ``payload`` is a generated model (a schema matched the type and payload version)."""
        return isinstance(self.payload, Model)

    def payload_dict(self) -> dict[str, Any]:
        """Return the payload as JSON (``to_dict()`` of the model, or the raw payload)."""
        return self.payload.to_dict() if isinstance(self.payload, Model) else dict(self.payload)  # type: ignore[attr-defined]

    def to_dict(self) -> dict[str, Any]:
        """Return the notification as one JSON object (``seller-central notifications consume`` prints it)."""
        return {
            "notificationType": self.notification_type,
            "payloadVersion": self.payload_version,
            "notificationVersion": self.notification_version,
            "eventTime": self.event_time.isoformat() if self.event_time else None,
            "subscriptionId": self.subscription_id,
            "notificationId": self.notification_id,
            "publishTime": self.publish_time,
            "applicationId": self.application_id,
            "messageId": self.message_id,
            "schema": self.schema,
            "payload": self.payload_dict(),
        }


def _get(envelope: Mapping[str, Any], name: str) -> Any:
    """Return ``name`` (camelCase) or its PascalCase twin from an envelope, whichever is present."""
    value = envelope.get(name)
    return envelope.get(name[:1].upper() + name[1:]) if value is None else value


def _text(envelope: Mapping[str, Any], name: str, message_id: str | None) -> str | None:
    value = _get(envelope, name)
    if value is None:
        return None
    if not isinstance(value, str):
        msg = f"the notification's {name} is {type(value).__name__}, not text"
        raise InvalidNotificationError(msg, message_id=message_id)
    return value


def _time(text: str | None, message_id: str | None) -> datetime.datetime | None:
    if text is None:
        return None
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        msg = f"the notification's eventTime {text!r} is not an ISO 8601 date-time"
        raise InvalidNotificationError(msg, message_id=message_id) from None
    return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)


def _decode(message: str | bytes | Mapping[str, Any], message_id: str | None) -> Any:
    if isinstance(message, bytes | bytearray):
        try:
            message = bytes(message).decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidNotificationError("the message is not UTF-8 text", message_id=message_id) from None
    if isinstance(message, str):
        try:
            return json.loads(message)
        except ValueError as exc:
            msg = (
                f"the message is not JSON ({exc.__class__.__name__} at character {getattr(exc, 'pos', '?')})"
            )
            raise InvalidNotificationError(msg, message_id=message_id) from None
    return message


def _envelope(data: Any, message_id: str | None) -> tuple[Mapping[str, Any], str | None]:
    """Return the notification inside whatever wraps it (an SQS message, an EventBridge event)."""
    if not isinstance(data, Mapping):
        msg = f"the message is a JSON {type(data).__name__}, not an object"
        raise InvalidNotificationError(msg, message_id=message_id)
    if isinstance(data.get("Body"), str | bytes) and ("ReceiptHandle" in data or "MessageId" in data):
        # a whole SQS message, as boto3's receive_message returns it
        inner_id = data.get("MessageId") if isinstance(data.get("MessageId"), str) else message_id
        return _envelope(_decode(data["Body"], inner_id), inner_id)
    if "TopicArn" in data and isinstance(data.get("Type"), str):
        # an SNS message (a queue subscribed to a topic without raw message delivery): the notification is
        # the text of its Message
        return _sns_message(data, message_id)
    source = data.get("source")
    if "detail" in data and "detail-type" in data and isinstance(source, str):
        if not isinstance(data["detail"], Mapping):
            raise InvalidNotificationError(
                "the EventBridge event's detail is not an object", message_id=message_id
            )
        return data["detail"], message_id
    return data, message_id


def _sns_message(data: Mapping[str, Any], message_id: str | None) -> tuple[Mapping[str, Any], str | None]:
    """Return the notification an SNS envelope carries as the JSON text of its ``Message``."""
    kind = data["Type"]
    if kind != "Notification":  # a SubscriptionConfirmation or UnsubscribeConfirmation, on the queue too
        msg = f"the message is an SNS {kind} message, not a notification"
        raise InvalidNotificationError(msg, message_id=message_id)
    inner = data.get("Message")
    if not isinstance(inner, str):
        what = "no Message" if inner is None else f"a Message that is {type(inner).__name__}, not text"
        raise InvalidNotificationError(f"the SNS notification has {what}", message_id=message_id)
    try:
        decoded = json.loads(inner)
    except ValueError as exc:
        msg = (
            "the SNS notification's Message is not JSON "
            f"({exc.__class__.__name__} at character {getattr(exc, 'pos', '?')})"
        )
        raise InvalidNotificationError(msg, message_id=message_id) from None
    return _envelope(decoded, message_id)


def parse(message: str | bytes | Mapping[str, Any], *, message_id: str | None = None) -> Notification:
    """Read a notification: an SQS message body, its JSON, a whole SQS message, or an EventBridge event.

    A notification that came through SNS (a queue subscribed to a topic without raw message delivery, e.g.
    SQS to SNS to SQS fan-out) arrives wrapped in SNS's envelope (``"Type": "Notification"``, ``TopicArn``,
    and the notification as the JSON text of ``Message``): it is unwrapped, as a body, its JSON or inside a
    whole SQS message. ``message_id`` stays the SQS message's (SNS's own ``MessageId`` is not kept).

    Args:
        message: The message as received.
        message_id: The SQS message id, kept on the notification and named in errors.

    Raises:
        InvalidNotificationError: the message is not JSON, not an object, has no notification type or no
            payload object, or its payload does not fit the schema of its type and payload version; or it is
            an SNS message that is not a notification, or whose ``Message`` is not such a notification.
    """
    envelope, message_id = _envelope(_decode(message, message_id), message_id)
    notification_type = _text(envelope, "notificationType", message_id)
    if not notification_type:
        raise InvalidNotificationError("the message has no notificationType", message_id=message_id)
    payload = _get(envelope, "payload")
    if not isinstance(payload, Mapping):
        what = (
            "no payload" if payload is None else f"a payload that is {type(payload).__name__}, not an object"
        )
        raise InvalidNotificationError(
            f"the {notification_type} notification has {what}", message_id=message_id
        )
    metadata = _get(envelope, "notificationMetadata")
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, Mapping):
        msg = f"the {notification_type} notification's notificationMetadata is not an object"
        raise InvalidNotificationError(msg, message_id=message_id)
    payload_version = _text(envelope, "payloadVersion", message_id)
    key = (notification_type, payload_version or "")
    typed: Model | dict[str, Any] = dict(payload)
    schema = NOTIFICATION_SCHEMAS.get(key)
    if schema is not None:
        try:
            typed = NOTIFICATION_PAYLOADS[key].from_dict(payload)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            msg = (
                f"the {notification_type} {payload_version} payload does not fit the schema {schema} "
                f"({exc.__class__.__name__})"
            )
            raise InvalidNotificationError(msg, message_id=message_id) from exc
    return Notification(
        notification_type=notification_type,
        payload_version=payload_version,
        notification_version=_text(envelope, "notificationVersion", message_id),
        event_time=_time(_text(envelope, "eventTime", message_id), message_id),
        subscription_id=_text(metadata, "subscriptionId", message_id),
        notification_id=_text(metadata, "notificationId", message_id),
        publish_time=_text(metadata, "publishTime", message_id),
        application_id=_text(metadata, "applicationId", message_id),
        payload=typed,
        schema=schema,
        raw=dict(envelope),
        message_id=message_id,
    )
