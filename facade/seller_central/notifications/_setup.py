"""Set up SQS delivery: one destination for a queue and a subscription per notification type, idempotently.

What users get wrong, done once here:

- destinations are grantless (createDestination, getDestinations) and subscriptions are not
  (createSubscription, getSubscription act for the seller): on an ``OAuthConnection`` the client takes a
  client-credentials token with the notifications scope for the former and the seller's token for the
  latter, as the operation table says; so one seller client does the whole setup;
- a queue gets one destination per application: an existing destination for the same ARN is reused, never
  duplicated (createDestination would refuse it with a 409);
- a notification type gets one subscription per seller and application: an existing one is reused, and one
  that delivers to another destination is reported (``status="elsewhere"``), not replaced;
- every subscription names a payload version: the newest one we have a schema for, unless given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
from selling_partner_api.schemas.notifications import NOTIFICATION_SCHEMAS

from seller_central.errors import InvalidInputError, NotFoundError

if TYPE_CHECKING:
    from seller_central.client import SellerCentral

__all__ = ["NotificationSetup", "SubscriptionSetup", "default_payload_version", "setup_sqs_notifications"]

_DEFAULT_NAME = "seller-central"


@attrs.frozen(kw_only=True)
class SubscriptionSetup:
    """One notification type's subscription after setup.

    Attributes:
        status: ``created`` (by this call), ``existing`` (already delivering to the destination) or
            ``elsewhere`` (an existing subscription delivers to another destination; left as it is).
    """

    notification_type: str
    payload_version: str
    subscription_id: str | None
    destination_id: str | None
    status: Literal["created", "existing", "elsewhere"]


@attrs.frozen(kw_only=True)
class NotificationSetup:
    """The destination (created or reused) and each subscription."""

    destination_id: str
    destination_created: bool
    subscriptions: tuple[SubscriptionSetup, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the setup as JSON (what the CLI prints)."""
        return {
            "destinationId": self.destination_id,
            "destinationCreated": self.destination_created,
            "subscriptions": [
                {
                    "notificationType": s.notification_type,
                    "payloadVersion": s.payload_version,
                    "subscriptionId": s.subscription_id,
                    "destinationId": s.destination_id,
                    "status": s.status,
                }
                for s in self.subscriptions
            ],
        }


def default_payload_version(notification_type: str) -> str:
    """Return the newest payload version we have a schema for (``1.0`` for a type we have none for)."""
    versions = sorted(version for kind, version in NOTIFICATION_SCHEMAS if kind == notification_type)
    # Versions are "1.0" or dates ("2020-09-04", "2023-12-13"); a date sorts after "1.0" and by time.
    return versions[-1] if versions else "1.0"


def _find_destination(api: SellerCentral, queue_arn: str) -> str | None:
    payload = api.list_destinations().payload
    for destination in payload or []:
        resource = getattr(destination, "resource", None)
        sqs = getattr(resource, "sqs", None)
        if getattr(sqs, "arn", None) == queue_arn:
            return str(destination.destination_id)
    return None


def setup_sqs_notifications(
    api: SellerCentral,
    *,
    queue_arn: str,
    notification_types: Sequence[str],
    destination_name: str = _DEFAULT_NAME,
    payload_versions: Mapping[str, str] | None = None,
) -> NotificationSetup:
    """Create or reuse the SQS destination for ``queue_arn`` and subscribe it to each notification type.

    Safe to run again: what exists is reused. The queue's access policy must let Amazon's notification
    principal send to it (Amazon's setup guide); this function does not change AWS resources.

    Args:
        api: A client on the seller's ``OAuthConnection`` (subscriptions act for a seller).
        queue_arn: The SQS queue's ARN (``arn:aws:sqs:<region>:<account>:<name>``).
        notification_types: The types to subscribe to (``ORDER_CHANGE``, ...).
        destination_name: The name of a destination this call creates.
        payload_versions: A payload version per type where the default (:func:`default_payload_version`)
            is not wanted.

    Raises:
        InvalidInputError: no notification type, or a type given twice (before anything is sent).
        APIError: SP-API refused a call (e.g. 403 when the application lacks the role for a type).
    """
    types = list(notification_types)
    if not types:
        raise InvalidInputError("give at least one notification type", label="Notification Types")
    if len(set(types)) != len(types):
        raise InvalidInputError("a notification type is given twice", label="Notification Types")
    versions = dict(payload_versions or {})
    unknown = sorted(set(versions) - set(types))
    if unknown:
        msg = f"payload versions for types not being set up: {', '.join(unknown)}"
        raise InvalidInputError(msg, label="Payload Versions")
    destination_id = _find_destination(api, queue_arn)
    created = destination_id is None
    if destination_id is None:
        response = api.create_destination(name=destination_name, arn=queue_arn)
        destination_id = str(response.payload.destination_id)  # type: ignore[union-attr]
    subscriptions = []
    for notification_type in types:
        version = versions.get(notification_type) or default_payload_version(notification_type)
        subscriptions.append(_subscribe(api, notification_type, version, destination_id))
    return NotificationSetup(
        destination_id=destination_id, destination_created=created, subscriptions=tuple(subscriptions)
    )


def _subscribe(
    api: SellerCentral, notification_type: str, version: str, destination_id: str
) -> SubscriptionSetup:
    try:
        existing = api.list_subscription(notification_type=notification_type, payload_version=version).payload
    except NotFoundError:
        existing = None
    if existing is not None:
        found = getattr(existing, "destination_id", None)
        return SubscriptionSetup(
            notification_type=notification_type,
            payload_version=str(getattr(existing, "payload_version", None) or version),
            subscription_id=getattr(existing, "subscription_id", None),
            destination_id=found,
            status="existing" if found == destination_id else "elsewhere",
        )
    response = api.create_subscription(
        notification_type=notification_type, payload_version=version, destination_id=destination_id
    )
    payload = response.payload
    return SubscriptionSetup(
        notification_type=notification_type,
        payload_version=version,
        subscription_id=getattr(payload, "subscription_id", None),
        destination_id=getattr(payload, "destination_id", None) or destination_id,
        status="created",
    )
