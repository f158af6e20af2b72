"""Notifications: destinations (where notifications go) and subscriptions (which ones), Notifications v1.

The destination actions and Get/Delete Subscription By ID are grantless: they work on a
``ClientCredentialsConnection`` with the ``sellingpartnerapi::notifications`` scope. Creating and listing
subscriptions acts for one seller and needs an ``OAuthConnection``; the client refuses them on client
credentials before anything is sent.

A destination is an SQS queue or an EventBridge event bus, never both: the spec's form mixes the two and its
``us-east-1`` default would add a half-filled EventBridge block to every SQS destination. Here ARN makes an
SQS destination, Account Id an EventBridge one, and the EventBridge region defaults to the AWS region of the
connection's SP-API region (NA us-east-1, EU eu-west-1, FE us-west-2).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, NotRequired, TypedDict

from selling_partner_api.notifications_v1.api import create_destination as create_destination_op
from selling_partner_api.notifications_v1.api import create_subscription as create_subscription_op
from selling_partner_api.notifications_v1.api import delete_destination as delete_destination_op
from selling_partner_api.notifications_v1.api import delete_subscription_by_id as delete_subscription_by_id_op
from selling_partner_api.notifications_v1.api import get_destination as get_destination_op
from selling_partner_api.notifications_v1.api import get_destinations as get_destinations_op
from selling_partner_api.notifications_v1.api import get_subscription as get_subscription_op
from selling_partner_api.notifications_v1.api import get_subscription_by_id as get_subscription_by_id_op
from selling_partner_api.notifications_v1.api import get_subscriptions as get_subscriptions_op

from seller_central import validation
from seller_central.actions._inputs import NEXT_TOKEN, Values
from seller_central.actions._spec import Input, action
from seller_central.calls import Call, Context, Pages
from seller_central.errors import InvalidInputError
from seller_central.pagination import Cursor

if TYPE_CHECKING:
    from selling_partner_api.notifications_v1.models import (
        CreateDestinationResponse,
        CreateSubscriptionResponse,
        DeleteDestinationResponse,
        DeleteSubscriptionByIdResponse,
        GetDestinationResponse,
        GetDestinationsResponse,
        GetSubscriptionByIdResponse,
        GetSubscriptionResponse,
        GetSubscriptionsResponse,
        Subscription,
    )

__all__ = [
    "CURSORS",
    "CreateDestinationInputs",
    "CreateSubscriptionInputs",
    "DestinationIdInputs",
    "ListDestinationsInputs",
    "ListSubscriptionInputs",
    "ListSubscriptionsInputs",
    "SubscriptionIdInputs",
    "create_destination",
    "create_subscription",
    "delete_destination",
    "delete_subscription_by_id",
    "get_destination",
    "get_subscription_by_id",
    "list_destinations",
    "list_subscription",
    "list_subscriptions",
]


SQS_ARN_PATTERN = r"arn:aws:sqs:\S+:\S+:\S+"  # the model's pattern for SqsResource.arn
AWS_REGION_PATTERN = r"[a-z]{2}(-[a-z]+)+-\d+"  # us-east-1, eu-west-1, us-gov-west-1
AWS_ACCOUNT_PATTERN = r"\d{12}"
#: Notification types are upper-case words joined by underscores (ANY_OFFER_CHANGED, ORDER_CHANGE, ...).
NOTIFICATION_TYPE_PATTERN = r"[A-Z0-9]+(_[A-Z0-9]+)*"
AGGREGATION_PERIODS = ("FiveMinutes", "TenMinutes")
ORDER_CHANGE_TYPES = ("BuyerRequestedChange", "DeliveryTipChange", "OrderStatusChange")
EVENT_FILTER_TYPES = ("ANY_OFFER_CHANGED", "ORDER_CHANGE", "SHIPMENT_TRACKING_MILESTONE_CHANGED")
TRACKING_KEYS = ("id", "acsin", "aftn", "containerNumber", "houseBillOfLadingNumber", "carrierTracking")

#: How List Subscriptions finds its next page: ``nextToken`` <- ``payload.nextToken``.
CURSORS = {
    "list_subscriptions": Cursor(
        token=("payload", "next_token"), argument="next_token", items=("payload", "subscriptions")
    ),
}

# -- inputs --------------------------------------------------------------------------------------------------

NAME = Input("Name", "Your name for the destination, to tell destinations apart (up to 256 characters).")
ARN = Input(
    "ARN",
    "The ARN of the Amazon SQS queue to deliver to (arn:aws:sqs:<region>:<account>:<queue>); set it for an "
    "SQS destination, or Account Id for EventBridge.",
)
AWS_REGION = Input(
    "AWS Region",
    "The AWS region whose EventBridge receives the events (EventBridge destinations only), e.g. eu-west-1.",
    default_doc="follows the connection's region: us-east-1 (NA), eu-west-1 (EU), us-west-2 (FE)",
)
ACCOUNT_ID = Input(
    "Account Id",
    "The 12-digit AWS account that receives the EventBridge events and pays for them; set it for an "
    "EventBridge destination, or ARN for SQS.",
)
DESTINATION_ID = Input(
    "Destination Id", "The destination's id, as Create Destination or List Destinations return it."
)
NOTIFICATION_TYPE = Input(
    "Notification Type",
    "The notification type, e.g. ANY_OFFER_CHANGED, ORDER_CHANGE, FEED_PROCESSING_FINISHED.",
)
SUBSCRIPTION_ID = Input("Subscription Id", "The subscription's id, as Create Subscription returned it.")
PAYLOAD_VERSION = Input(
    "Payload Version",
    "The version of the notification's payload, e.g. 1.0 or 2023-12-13 (per notification type).",
)
LATEST_PAYLOAD = Input(
    "Payload Version", "Which payload version's subscription to return (default: the latest version)."
)
AGGREGATION = Input(
    "Aggregation Time Period",
    "Send at most one notification per ASIN and marketplace in each period, with the latest state: "
    "FiveMinutes or TenMinutes (ANY_OFFER_CHANGED filters).",
    choices=AGGREGATION_PERIODS,
)
FILTER_MARKETPLACES = Input(
    "Marketplace Ids", "Only notifications from these marketplaces (default: every marketplace)."
)
ORDER_CHANGE_TYPES_IN = Input(
    "Order Change Types", "Only these order changes (ORDER_CHANGE filters; default: every change).",
    choices=ORDER_CHANGE_TYPES,
)  # fmt: skip
EVENT_FILTER_TYPE = Input(
    "Event Filter Type",
    "The kind of event filter; required as soon as any filter input is set.",
    choices=EVENT_FILTER_TYPES,
)
TRACKING_IDENTIFIER = Input(
    "Tracking Identifier",
    "Only milestones of one shipment (SHIPMENT_TRACKING_MILESTONE_CHANGED filters): exactly one of "
    '{"id"}, {"acsin"}, {"aftn"}, {"containerNumber"}, {"houseBillOfLadingNumber"} or '
    '{"carrierTracking": {"trackingNumber", "carrierCode"?}}.',
)
FILTER_EXPRESSION = Input(
    "Filter Expression",
    "A CEL expression on the payload (1 to 256 characters) choosing which notifications to send; not with "
    "the event filter inputs.",
)
NOTIFICATION_TYPES = Input(
    "Notification Types", "The one notification type whose subscriptions to list (Amazon takes exactly one)."
)
SUBSCRIPTIONS_PAGE_SIZE = Input("Page Size", "Subscriptions per page, 30 to 100 (Amazon's default: 30).")

# -- destinations --------------------------------------------------------------------------------------------


class CreateDestinationInputs(TypedDict):
    """Inputs of Create Destination (Notifications v1 createDestination)."""

    name: Annotated[str, NAME]
    arn: NotRequired[Annotated[str, ARN]]
    aws_region: NotRequired[Annotated[str, AWS_REGION]]
    account_id: NotRequired[Annotated[str, ACCOUNT_ID]]


def _resource(ctx: Context, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Return the one resource (``sqs`` or ``eventBridge``) the destination delivers to."""
    validation.exclusive(inputs, ("arn", ARN.label), ("account_id", ACCOUNT_ID.label))
    if "arn" in inputs:
        if "aws_region" in inputs:
            msg = f"{AWS_REGION.label} is for EventBridge ({ACCOUNT_ID.label}), not for an SQS {ARN.label}"
            raise InvalidInputError(msg, label=AWS_REGION.label)
        arn = validation.string(inputs["arn"], label=ARN.label, max_length=1000, pattern=SQS_ARN_PATTERN)
        return {"sqs": {"arn": arn}}
    if "account_id" not in inputs:
        msg = f"{ARN.label} (an SQS queue) or {ACCOUNT_ID.label} (EventBridge) is required"
        raise InvalidInputError(msg, label=ARN.label)
    region = inputs.get("aws_region", ctx.connection.sp_api_region.aws_region)
    return {
        "eventBridge": {
            "region": validation.string(region, label=AWS_REGION.label, pattern=AWS_REGION_PATTERN),
            "accountId": validation.string(
                inputs["account_id"], label=ACCOUNT_ID.label, pattern=AWS_ACCOUNT_PATTERN
            ),
        }
    }


@action(
    "Create Destination",
    group="notifications",
    command="create-destination",
    operation=create_destination_op,
    inputs=CreateDestinationInputs,
    doc="Create Destination, SQS or EventBridge (Notifications createDestination; grantless).",
)
def create_destination(ctx: Context, inputs: Mapping[str, Any]) -> Call[CreateDestinationResponse]:
    """Create an SQS or EventBridge destination for notifications (Notifications createDestination)."""
    body = {
        "name": validation.string(inputs["name"], label=NAME.label, max_length=256),
        "resourceSpecification": _resource(ctx, inputs),
    }
    return Call(arguments={"body": body})


class DestinationIdInputs(TypedDict):
    """Inputs of Get Destination and Delete Destination."""

    destination_id: Annotated[str, DESTINATION_ID]


def _destination(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return {"destination_id": validation.string(inputs["destination_id"], label=DESTINATION_ID.label)}


@action(
    "Get Destination",
    group="notifications",
    command="get-destination",
    operation=get_destination_op,
    inputs=DestinationIdInputs,
    doc="Get Destination (Notifications getDestination; grantless).",
)
def get_destination(_ctx: Context, inputs: Mapping[str, Any]) -> Call[GetDestinationResponse]:
    """Return one destination (Notifications getDestination)."""
    return Call(arguments=_destination(inputs))


@action(
    "Delete Destination",
    group="notifications",
    command="delete-destination",
    operation=delete_destination_op,
    inputs=DestinationIdInputs,
    doc="Delete Destination (Notifications deleteDestination; grantless).",
)
def delete_destination(_ctx: Context, inputs: Mapping[str, Any]) -> Call[DeleteDestinationResponse]:
    """Delete a destination (Notifications deleteDestination)."""
    return Call(arguments=_destination(inputs))


class ListDestinationsInputs(TypedDict):
    """List Destinations takes no inputs."""


@action(
    "List Destinations",
    group="notifications",
    command="list-destinations",
    operation=get_destinations_op,
    inputs=ListDestinationsInputs,
    doc="List Destinations (Notifications getDestinations; grantless).",
)
def list_destinations(_ctx: Context, _inputs: Mapping[str, Any]) -> Call[GetDestinationsResponse]:
    """Return every destination of the application (Notifications getDestinations; not paginated)."""
    return Call()


# -- subscriptions -------------------------------------------------------------------------------------------


def _notification_type(inputs: Mapping[str, Any]) -> str:
    return validation.string(
        inputs["notification_type"], label=NOTIFICATION_TYPE.label, pattern=NOTIFICATION_TYPE_PATTERN
    )


class CreateSubscriptionInputs(TypedDict):
    """Inputs of Create Subscription (Notifications v1 createSubscription)."""

    notification_type: Annotated[str, NOTIFICATION_TYPE]
    payload_version: Annotated[str, PAYLOAD_VERSION]
    destination_id: Annotated[str, DESTINATION_ID]
    aggregation_time_period: NotRequired[Annotated[str, AGGREGATION]]
    marketplace_ids: NotRequired[Annotated[Values, FILTER_MARKETPLACES]]
    order_change_types: NotRequired[Annotated[Values, ORDER_CHANGE_TYPES_IN]]
    event_filter_type: NotRequired[Annotated[str, EVENT_FILTER_TYPE]]
    tracking_identifier: NotRequired[Annotated[dict[str, Any] | str, TRACKING_IDENTIFIER]]
    filter_expression: NotRequired[Annotated[str, FILTER_EXPRESSION]]


#: Each filter input, the eventFilterType it belongs to (None: any), per the model's filter descriptions.
_FILTERS: tuple[tuple[str, Input, str | None], ...] = (
    ("aggregation_time_period", AGGREGATION, "ANY_OFFER_CHANGED"),
    ("marketplace_ids", FILTER_MARKETPLACES, None),
    ("order_change_types", ORDER_CHANGE_TYPES_IN, "ORDER_CHANGE"),
    ("tracking_identifier", TRACKING_IDENTIFIER, "SHIPMENT_TRACKING_MILESTONE_CHANGED"),
)


def _text(value: Any, name: str) -> str:
    return validation.string(value, label=name)


def _tracking_identifier(value: Any) -> dict[str, Any]:
    label = TRACKING_IDENTIFIER.label
    carrier: dict[str, validation.FieldCheck] = {"trackingNumber": _text, "carrierCode": _text}
    fields: dict[str, validation.FieldCheck] = dict.fromkeys(TRACKING_KEYS[:-1], _text)
    fields["carrierTracking"] = lambda v, name: validation.record(
        v, label=name, fields=carrier, required=("trackingNumber",)
    )
    identifier = validation.record(value, label=label, fields=fields)
    if len(identifier) != 1:
        msg = f"{label}: give exactly one of {', '.join(TRACKING_KEYS)} (got {len(identifier)})"
        raise InvalidInputError(msg, label=label)
    return identifier


def _event_filter(ctx: Context, inputs: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return ``eventFilter`` when any filter input is set (then Event Filter Type is required), else None."""
    given = [(key, spec, kind) for key, spec, kind in _FILTERS if key in inputs]
    if not given and "event_filter_type" not in inputs:
        return None
    if "event_filter_type" not in inputs:
        msg = f"{EVENT_FILTER_TYPE.label} is required with {given[0][1].label}"
        raise InvalidInputError(msg, label=EVENT_FILTER_TYPE.label)
    kind = validation.choice(
        inputs["event_filter_type"], label=EVENT_FILTER_TYPE.label, allowed=EVENT_FILTER_TYPE.choices
    )
    for _key, spec, needs in given:
        if needs is not None and needs != kind:
            msg = f"{spec.label} filters {needs} events, not {EVENT_FILTER_TYPE.label} {kind}"
            raise InvalidInputError(msg, label=spec.label)
    event_filter: dict[str, Any] = {"eventFilterType": kind}
    if "aggregation_time_period" in inputs:
        period = validation.choice(
            inputs["aggregation_time_period"], label=AGGREGATION.label, allowed=AGGREGATION.choices
        )
        event_filter["aggregationSettings"] = {"aggregationTimePeriod": period}
    if "marketplace_ids" in inputs:
        event_filter["marketplaceIds"] = validation.marketplace_ids(
            inputs["marketplace_ids"], ctx, label=FILTER_MARKETPLACES.label
        )
    if "order_change_types" in inputs:
        event_filter["orderChangeTypes"] = validation.choices(
            inputs["order_change_types"],
            label=ORDER_CHANGE_TYPES_IN.label,
            allowed=ORDER_CHANGE_TYPES_IN.choices,
        )
    if "tracking_identifier" in inputs:
        event_filter["trackingIdentifier"] = _tracking_identifier(inputs["tracking_identifier"])
    return event_filter


def _processing_directive(ctx: Context, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``processingDirective``: an event filter or a filter expression (the model allows one)."""
    event_filter = _event_filter(ctx, inputs)
    if "filter_expression" not in inputs:
        return {} if event_filter is None else {"processingDirective": {"eventFilter": event_filter}}
    if event_filter is not None:
        msg = f"{FILTER_EXPRESSION.label} cannot be combined with the event filter inputs"
        raise InvalidInputError(msg, label=FILTER_EXPRESSION.label)
    expression = validation.string(inputs["filter_expression"], label=FILTER_EXPRESSION.label, max_length=256)
    return {"processingDirective": {"filterExpression": expression}}


@action(
    "Create Subscription",
    group="notifications",
    command="create-subscription",
    operation=create_subscription_op,
    inputs=CreateSubscriptionInputs,
    doc="Create Subscription (Notifications createSubscription; needs a seller's authorization).",
)
def create_subscription(ctx: Context, inputs: Mapping[str, Any]) -> Call[CreateSubscriptionResponse]:
    """Subscribe the seller to a notification type at a destination (Notifications createSubscription)."""
    body = {
        "payloadVersion": validation.string(inputs["payload_version"], label=PAYLOAD_VERSION.label),
        "destinationId": validation.string(inputs["destination_id"], label=DESTINATION_ID.label),
        **_processing_directive(ctx, inputs),
    }
    return Call(
        arguments={"notification_type": _notification_type(inputs), "body": body},
    )


class SubscriptionIdInputs(TypedDict):
    """Inputs of Get Subscription By ID and Delete Subscription By ID."""

    subscription_id: Annotated[str, SUBSCRIPTION_ID]
    notification_type: Annotated[str, NOTIFICATION_TYPE]


def _subscription(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "notification_type": _notification_type(inputs),
        "subscription_id": validation.string(inputs["subscription_id"], label=SUBSCRIPTION_ID.label),
    }


@action(
    "Get Subscription By ID",
    group="notifications",
    command="get-subscription",
    operation=get_subscription_by_id_op,
    inputs=SubscriptionIdInputs,
    doc="Get Subscription By ID (Notifications getSubscriptionById; grantless).",
)
def get_subscription_by_id(_ctx: Context, inputs: Mapping[str, Any]) -> Call[GetSubscriptionByIdResponse]:
    """Return one subscription by its id (Notifications getSubscriptionById; grantless)."""
    return Call(arguments=_subscription(inputs))


@action(
    "Delete Subscription By ID",
    group="notifications",
    command="delete-subscription",
    operation=delete_subscription_by_id_op,
    inputs=SubscriptionIdInputs,
    doc="Delete Subscription By ID (Notifications deleteSubscriptionById; grantless).",
)
def delete_subscription_by_id(
    _ctx: Context, inputs: Mapping[str, Any]
) -> Call[DeleteSubscriptionByIdResponse]:
    """Delete one subscription by its id (Notifications deleteSubscriptionById; grantless)."""
    return Call(arguments=_subscription(inputs))


class ListSubscriptionInputs(TypedDict):
    """Inputs of List Subscription (Notifications v1 getSubscription)."""

    notification_type: Annotated[str, NOTIFICATION_TYPE]
    payload_version: NotRequired[Annotated[str, LATEST_PAYLOAD]]


@action(
    "List Subscription",
    group="notifications",
    command="list-subscription",
    operation=get_subscription_op,
    inputs=ListSubscriptionInputs,
    doc="List Subscription: the subscription to one notification type (Notifications getSubscription).",
)
def list_subscription(_ctx: Context, inputs: Mapping[str, Any]) -> Call[GetSubscriptionResponse]:
    """Return the seller's subscription to a notification type (Notifications getSubscription)."""
    args: dict[str, Any] = {"notification_type": _notification_type(inputs)}
    if "payload_version" in inputs:
        args["payload_version"] = validation.string(inputs["payload_version"], label=LATEST_PAYLOAD.label)
    return Call(arguments=args)


class ListSubscriptionsInputs(TypedDict):
    """Inputs of List Subscriptions (Notifications v1 getSubscriptions)."""

    notification_types: Annotated[Values, NOTIFICATION_TYPES]
    payload_version: NotRequired[Annotated[str, LATEST_PAYLOAD]]
    page_size: NotRequired[Annotated[int, SUBSCRIPTIONS_PAGE_SIZE]]
    next_token: NotRequired[Annotated[str, NEXT_TOKEN]]


@action(
    "List Subscriptions",
    group="notifications",
    command="list-subscriptions",
    operation=get_subscriptions_op,
    inputs=ListSubscriptionsInputs,
    in_spec=False,
    doc="List Subscriptions: one page (Notifications getSubscriptions); follow ``payload.next_token``.",
    iterator="iter_subscriptions",
    iterator_doc="List Subscriptions across every page, yielding each subscription.",
)
def list_subscriptions(
    _ctx: Context, inputs: Mapping[str, Any]
) -> Pages[GetSubscriptionsResponse, Subscription]:
    """Return one page of every subscription to a notification type (Notifications getSubscriptions)."""
    types = validation.string_list(inputs["notification_types"], label=NOTIFICATION_TYPES.label, max_items=1)
    args: dict[str, Any] = {
        "notification_types": [
            validation.string(kind, label=NOTIFICATION_TYPES.label, pattern=NOTIFICATION_TYPE_PATTERN)
            for kind in types
        ]
    }
    if "payload_version" in inputs:
        args["payload_version"] = validation.string(inputs["payload_version"], label=LATEST_PAYLOAD.label)
    if "page_size" in inputs:
        args["page_size"] = validation.integer(
            inputs["page_size"], label=SUBSCRIPTIONS_PAGE_SIZE.label, minimum=30, maximum=100
        )
    if "next_token" in inputs:
        args["next_token"] = validation.string(inputs["next_token"], label=NEXT_TOKEN.label)
    cursor = CURSORS["list_subscriptions"]
    call: Call[GetSubscriptionsResponse] = Call(arguments=args)
    return cursor.pages(call)
