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
- every subscription names a payload version: the newest one we have a schema for, unless given;
- a second setup racing this one is not an error: a 409 from createDestination or createSubscription (what
  Amazon answers when it already exists) sends this setup back to read and reuse what the other created.

The setup is one :data:`~seller_central.calls.Flow` (:func:`setup_sqs_flow`), so both clients run the same
body: ``api.setup_sqs_notifications(...)`` on :class:`~seller_central.SellerCentral`, ``await
api.setup_sqs_notifications(...)`` on :class:`~seller_central.AsyncSellerCentral`. The errors it expects
(404 for "no subscription yet", 409 for "already there") are thrown into it by the client's driver.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
from selling_partner_api.schemas.notifications import NOTIFICATION_SCHEMAS

from seller_central.errors import ConflictError, InvalidInputError, NotFoundError

if TYPE_CHECKING:
    from seller_central.calls import Call, Context, Flow
    from seller_central.client import SellerCentral

__all__ = [
    "NotificationSetup",
    "SubscriptionSetup",
    "default_payload_version",
    "setup_sqs_flow",
    "setup_sqs_notifications",
]

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


@attrs.frozen(kw_only=True)
class _Plan:
    """A setup's checked inputs, and the calls that do not depend on an answer."""

    queue_arn: str
    list_destinations: Call[Any]
    create_destination: Call[Any]
    subscriptions: tuple[tuple[str, str, Call[Any]], ...]  # type, payload version, its getSubscription


def setup_sqs_flow(
    ctx: Context,
    *,
    queue_arn: str,
    notification_types: Sequence[str],
    destination_name: str = _DEFAULT_NAME,
    payload_versions: Mapping[str, str] | None = None,
) -> Flow[NotificationSetup]:
    """Return the setup as a flow: both clients' ``setup_sqs_notifications`` (bad inputs raise here, now).

    See :meth:`seller_central.SellerCentral.setup_sqs_notifications` for the arguments.
    """
    from seller_central.actions import notifications as actions  # noqa: PLC0415 (parse() needs none of it)

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
    subscriptions = []
    for notification_type in types:
        version = versions.get(notification_type) or default_payload_version(notification_type)
        inputs = {"notification_type": notification_type, "payload_version": version}
        subscriptions.append((notification_type, version, actions.list_subscription(ctx, inputs)))
    plan = _Plan(
        queue_arn=queue_arn,
        list_destinations=actions.list_destinations(ctx, {}),
        # built now, so a bad ARN or name is refused before anything is sent
        create_destination=actions.create_destination(ctx, {"name": destination_name, "arn": queue_arn}),
        subscriptions=tuple(subscriptions),
    )
    return _setup(ctx, plan)


def _setup(ctx: Context, plan: _Plan) -> Flow[NotificationSetup]:
    destination_id = yield from _find_destination(plan)
    created = destination_id is None
    if destination_id is None:
        try:
            response = yield plan.create_destination
            destination_id = str(response.payload.destination_id)
        except ConflictError:
            # Created since we looked (another setup): reuse it, as a rerun would.
            destination_id = yield from _find_destination(plan)
            if destination_id is None:
                raise
            created = False
    subscriptions = []
    for notification_type, version, lookup in plan.subscriptions:
        setup = yield from _subscribe(ctx, notification_type, version, lookup, destination_id)
        subscriptions.append(setup)
    return NotificationSetup(
        destination_id=destination_id, destination_created=created, subscriptions=tuple(subscriptions)
    )


def _find_destination(plan: _Plan) -> Flow[str | None]:
    response = yield plan.list_destinations
    for destination in response.payload or []:
        resource = getattr(destination, "resource", None)
        sqs = getattr(resource, "sqs", None)
        if getattr(sqs, "arn", None) == plan.queue_arn:
            return str(destination.destination_id)
    return None


def _existing(lookup: Call[Any]) -> Flow[Any]:
    """Return the seller's subscription to the lookup's type, or ``None`` (a 404: there is none)."""
    try:
        response = yield lookup
    except NotFoundError:
        return None
    return response.payload


def _found(notification_type: str, version: str, existing: Any, destination_id: str) -> SubscriptionSetup:
    found = getattr(existing, "destination_id", None)
    return SubscriptionSetup(
        notification_type=notification_type,
        payload_version=str(getattr(existing, "payload_version", None) or version),
        subscription_id=getattr(existing, "subscription_id", None),
        destination_id=found,
        status="existing" if found == destination_id else "elsewhere",
    )


def _subscribe(
    ctx: Context, notification_type: str, version: str, lookup: Call[Any], destination_id: str
) -> Flow[SubscriptionSetup]:
    from seller_central.actions import notifications as actions  # noqa: PLC0415 (see setup_sqs_flow)

    existing = yield from _existing(lookup)
    if existing is not None:
        return _found(notification_type, version, existing, destination_id)
    inputs = {"notification_type": notification_type, "payload_version": version}
    create = actions.create_subscription(ctx, {**inputs, "destination_id": destination_id})
    try:
        response = yield create
    except ConflictError:
        # Subscribed since we looked (another setup): report what is there, as a rerun would.
        existing = yield from _existing(lookup)
        if existing is None:
            raise
        return _found(notification_type, version, existing, destination_id)
    payload = response.payload
    return SubscriptionSetup(
        notification_type=notification_type,
        payload_version=version,
        subscription_id=getattr(payload, "subscription_id", None),
        destination_id=getattr(payload, "destination_id", None) or destination_id,
        status="created",
    )


def setup_sqs_notifications(
    api: SellerCentral,
    *,
    queue_arn: str,
    notification_types: Sequence[str],
    destination_name: str = _DEFAULT_NAME,
    payload_versions: Mapping[str, str] | None = None,
) -> NotificationSetup:
    """Set up SQS delivery with a synchronous client: ``api.setup_sqs_notifications(...)``, which see.

    Kept for code written before the clients had the method; on :class:`~seller_central.AsyncSellerCentral`
    write ``await api.setup_sqs_notifications(...)``.
    """
    return api.setup_sqs_notifications(
        queue_arn=queue_arn,
        notification_types=notification_types,
        destination_name=destination_name,
        payload_versions=payload_versions,
    )
