"""Notifications: read them (:func:`parse`), consume an SQS queue (:func:`consume`), and set up delivery.

``parse(message)`` takes what a notification arrives as (an SQS message body as ``str`` or ``bytes``, the
decoded JSON ``dict``, a whole SQS message as boto3 returns it, or an EventBridge event) and returns a
:class:`Notification` whose ``payload`` is the model generated from Amazon's JSON schema for that
notification type and payload version (``selling_partner_api.schemas.notifications``). Both envelope
casings are read (``NotificationType``/``Payload``/``NotificationMetadata`` and
``notificationType``/``payload``/``notificationMetadata``). A type or payload version without a schema gives
a notification with the payload as the raw ``dict`` (``typed`` is false), not an error; a message that is
not a notification raises :class:`~seller_central.errors.InvalidNotificationError`.

``consume(queue_url, handler)`` long-polls an SQS queue and deletes a message only after ``handler`` returned
(needs the ``[sqs]`` extra, boto3). ``api.setup_sqs_notifications(queue_arn=..., notification_types=[...])``
(``await`` it on the asyncio client) creates (or reuses) the SQS destination and the subscriptions.
"""

from __future__ import annotations

from seller_central.notifications._consumer import ConsumeResult, consume, sqs_client
from seller_central.notifications._parse import Notification, parse
from seller_central.notifications._setup import (
    NotificationSetup,
    SubscriptionSetup,
    default_payload_version,
    setup_sqs_flow,
    setup_sqs_notifications,
)

__all__ = [
    "ConsumeResult",
    "Notification",
    "NotificationSetup",
    "SubscriptionSetup",
    "consume",
    "default_payload_version",
    "parse",
    "setup_sqs_flow",
    "setup_sqs_notifications",
    "sqs_client",
]
