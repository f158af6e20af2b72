"""Notifications actions against recorded sandbox exchanges: each returns the sandbox example, typed.

Destinations and subscriptions by id are grantless, so their cassettes hold a client-credentials grant
for the notifications scope instead of the seller's refresh-token grant.
"""

from __future__ import annotations

import pytest
from selling_partner_api.notifications_v1.models import (
    CreateDestinationResponse,
    CreateSubscriptionResponse,
    DeleteDestinationResponse,
    DeleteSubscriptionByIdResponse,
    GetDestinationResponse,
    GetDestinationsResponse,
    GetSubscriptionByIdResponse,
    GetSubscriptionResponse,
)

# Replays may not open a socket; recording (any other record mode) may.
pytestmark = [pytest.mark.vcr, pytest.mark.block_network]

QUEUE = "arn:aws:sqs:us-east-2:444455556666:queue1"
SUBSCRIPTION_ID = "TEST_CASE_200_SUBSCRIPTION_ID"
GRANTLESS = {"grant_type": "client_credentials", "scope": "sellingpartnerapi::notifications"}


def grants(api) -> list[dict[str, str]]:
    """The grant type and scope of each token request in the cassette."""
    return [{key: form[key] for key in ("grant_type", "scope") if key in form} for form in api.token_forms()]


def test_create_destination(api):
    """Create Destination (grantless) registers the SQS queue and returns the destination."""
    result = api.call("create_destination", name="SQSDestination", arn=QUEUE)

    assert isinstance(result, CreateDestinationResponse)
    assert result.payload.destination_id == "TEST_CASE_200_DESTINATION_ID"
    assert result.payload.resource.sqs.arn == QUEUE
    assert grants(api) == [GRANTLESS]


def test_get_destination(api):
    """Get Destination (grantless) returns the destination with its SQS queue."""
    result = api.call("get_destination", destination_id="TEST_CASE_200_DESTINATION")

    assert isinstance(result, GetDestinationResponse)
    assert result.payload.name == "SQSDestination"
    assert result.payload.resource.sqs.arn == QUEUE
    assert grants(api) == [GRANTLESS]


def test_list_destinations(api):
    """List Destinations (grantless) returns every destination, typed."""
    result = api.call("list_destinations")

    assert isinstance(result, GetDestinationsResponse)
    assert [destination.destination_id for destination in result.payload] == ["TEST_CASE_200"]
    assert grants(api) == [GRANTLESS]


def test_delete_destination(api):
    """Delete Destination (grantless) returns an empty, error-free response."""
    result = api.call("delete_destination", destination_id="TEST_CASE_200_DESTINATION")

    assert isinstance(result, DeleteDestinationResponse)
    assert not result.errors
    assert api.exchanges()[-1] == "DELETE /notifications/v1/destinations/TEST_CASE_200_DESTINATION"


def test_create_subscription(api):
    """Create Subscription uses the seller's token and returns the new subscription."""
    result = api.call(
        "create_subscription",
        notification_type="ANY_OFFER_CHANGED",
        payload_version="1.0",
        destination_id="TEST_CASE_200_DESTINATION_ID",
    )

    assert isinstance(result, CreateSubscriptionResponse)
    assert result.payload.subscription_id == SUBSCRIPTION_ID
    assert result.payload.payload_version == "1.0"
    assert grants(api) == [{"grant_type": "refresh_token"}]


def test_get_subscription_by_id(api):
    """Get Subscription By ID (grantless) returns the subscription and its destination."""
    result = api.call(
        "get_subscription_by_id", subscription_id=SUBSCRIPTION_ID, notification_type="ANY_OFFER_CHANGED"
    )

    assert isinstance(result, GetSubscriptionByIdResponse)
    assert result.payload.subscription_id == SUBSCRIPTION_ID
    assert result.payload.destination_id == "TEST_CASE_200_DESTINATION_ID"
    assert grants(api) == [GRANTLESS]


def test_delete_subscription_by_id(api):
    """Delete Subscription By ID (grantless) returns an empty, error-free response."""
    result = api.call(
        "delete_subscription_by_id", subscription_id=SUBSCRIPTION_ID, notification_type="ANY_OFFER_CHANGED"
    )

    assert isinstance(result, DeleteSubscriptionByIdResponse)
    assert not result.errors
    assert api.exchanges()[-1] == (
        f"DELETE /notifications/v1/subscriptions/ANY_OFFER_CHANGED/{SUBSCRIPTION_ID}"
    )


def test_list_subscription(api):
    """List Subscription uses the seller's token and returns the subscription to one notification type."""
    result = api.call("list_subscription", notification_type="ANY_OFFER_CHANGED")

    assert isinstance(result, GetSubscriptionResponse)
    assert result.payload.subscription_id == SUBSCRIPTION_ID
    assert grants(api) == [{"grant_type": "refresh_token"}]
