"""Notification actions: the request each sends on the wire, what it returns, and the inputs it refuses."""

from __future__ import annotations

import asyncio
from typing import Any

import attrs
import httpx
import pytest
from seller_central.errors import InvalidInputError, WrongConnectionError

DESTINATIONS = "/notifications/v1/destinations"
SUBSCRIPTIONS = "/notifications/v1/subscriptions"
QUEUE = "arn:aws:sqs:us-east-2:444455556666:queue1"
DESTINATION = {"destinationId": "dest-1", "name": "orders", "resource": {"sqs": {"arn": QUEUE}}}
SUBSCRIPTION = {"subscriptionId": "sub-1", "payloadVersion": "1.0", "destinationId": "dest-1"}


def call(api, action: str, /, **inputs: Any) -> Any:
    """Run ``action`` as ``api.call`` does (whose own ``name`` parameter clashes with the Name input)."""
    if api.mode == "sync":
        with api._sync() as client:
            return getattr(client, action)(**inputs)

    async def run() -> Any:
        async with api._async() as client:
            return await getattr(client, action)(**inputs)

    return asyncio.run(run())


def subscriptions_page(*ids: str, next_token: str | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {"subscriptions": [{**SUBSCRIPTION, "subscriptionId": i} for i in ids]}
    if next_token:
        payload["nextToken"] = next_token
    return {"payload": payload}


class TestCreateDestination:
    def test_sqs_destination_sends_only_the_queue(self, api, wire):
        """An ARN makes an SQS destination: no eventBridge block and no region are sent."""
        wire.json("POST", DESTINATIONS, {"payload": DESTINATION})

        created = call(api, "create_destination", name="orders", arn=QUEUE)

        assert wire.last.method == "POST"
        assert wire.last.url.path == DESTINATIONS
        assert wire.body() == {"name": "orders", "resourceSpecification": {"sqs": {"arn": QUEUE}}}
        assert created.payload.destination_id == "dest-1"
        assert created.payload.resource.sqs.arn == QUEUE

    def test_eventbridge_destination_defaults_to_the_connection_region(self, api, wire):
        """An Account Id makes an EventBridge destination in the AWS region of the NA endpoint."""
        resource = {
            "eventBridge": {"name": "partner/bus", "region": "us-east-1", "accountId": "123456789012"}
        }
        wire.json("POST", DESTINATIONS, {"payload": {**DESTINATION, "resource": resource}})

        created = call(api, "create_destination", name="orders", account_id="123456789012")

        assert wire.body() == {
            "name": "orders",
            "resourceSpecification": {"eventBridge": {"region": "us-east-1", "accountId": "123456789012"}},
        }
        assert created.payload.resource.event_bridge.account_id == "123456789012"

    @pytest.mark.parametrize(
        ("region", "aws_region"), [("NA", "us-east-1"), ("EU", "eu-west-1"), ("FE", "us-west-2")]
    )
    def test_eventbridge_region_follows_the_sp_api_region(self, api, wire, region, aws_region):
        """The default EventBridge region follows the connection's SP-API region, not a fixed us-east-1."""
        # The region's own endpoint: region and endpoint must agree (an NA endpoint with EU is refused).
        host = {"NA": "na", "EU": "eu", "FE": "fe"}[region]
        api.connection = attrs.evolve(
            api.connection, region=region, endpoint=f"https://sellingpartnerapi-{host}.amazon.com"
        )
        wire.json("POST", DESTINATIONS, {"payload": DESTINATION})

        call(api, "create_destination", name="orders", account_id="123456789012")

        assert wire.body()["resourceSpecification"] == {
            "eventBridge": {"region": aws_region, "accountId": "123456789012"}
        }

    def test_an_explicit_region_wins(self, api, wire):
        """AWS Region, when given, is sent instead of the connection's."""
        wire.json("POST", DESTINATIONS, {"payload": DESTINATION})

        call(api, "create_destination", name="orders", account_id="123456789012", aws_region="ap-southeast-2")

        assert wire.body()["resourceSpecification"]["eventBridge"]["region"] == "ap-southeast-2"


class TestDestinations:
    def test_get_destination(self, api, wire):
        """Get Destination puts the id in the path and returns the destination."""
        wire.json("GET", f"{DESTINATIONS}/dest-1", {"payload": DESTINATION})

        found = api.call("get_destination", destination_id="dest-1")

        assert (wire.last.method, wire.last.url.path) == ("GET", f"{DESTINATIONS}/dest-1")
        assert found.payload.name == "orders"

    def test_delete_destination(self, api, wire):
        """Delete Destination sends DELETE to the destination's path."""
        wire.json("DELETE", f"{DESTINATIONS}/dest-1", {})

        deleted = api.call("delete_destination", destination_id="dest-1")

        assert (wire.last.method, wire.last.url.path) == ("DELETE", f"{DESTINATIONS}/dest-1")
        assert not deleted.errors

    def test_list_destinations(self, api, wire):
        """List Destinations takes no inputs and returns every destination."""
        wire.json("GET", DESTINATIONS, {"payload": [DESTINATION, {**DESTINATION, "destinationId": "dest-2"}]})

        listed = api.call("list_destinations")

        assert (wire.last.method, wire.last.url.path, wire.query()) == ("GET", DESTINATIONS, {})
        assert [d.destination_id for d in listed.payload] == ["dest-1", "dest-2"]


class TestCreateSubscription:
    def test_without_filters_sends_no_processing_directive(self, api, wire):
        """With no filter input set, the body is just the payload version and the destination."""
        wire.json("POST", f"{SUBSCRIPTIONS}/FEED_PROCESSING_FINISHED", {"payload": SUBSCRIPTION})

        created = api.call(
            "create_subscription",
            notification_type="FEED_PROCESSING_FINISHED",
            payload_version="1.0",
            destination_id="dest-1",
        )

        assert wire.last.method == "POST"
        assert wire.last.url.path == f"{SUBSCRIPTIONS}/FEED_PROCESSING_FINISHED"
        assert wire.body() == {"payloadVersion": "1.0", "destinationId": "dest-1"}
        assert created.payload.subscription_id == "sub-1"

    def test_offer_filter(self, api, wire):
        """Aggregation and marketplaces build an ANY_OFFER_CHANGED event filter."""
        wire.json("POST", f"{SUBSCRIPTIONS}/ANY_OFFER_CHANGED", {"payload": SUBSCRIPTION})

        api.call(
            "create_subscription",
            notification_type="ANY_OFFER_CHANGED",
            payload_version="1.0",
            destination_id="dest-1",
            aggregation_time_period="FiveMinutes",
            marketplace_ids=["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"],
            event_filter_type="ANY_OFFER_CHANGED",
        )

        assert wire.body()["processingDirective"] == {
            "eventFilter": {
                "eventFilterType": "ANY_OFFER_CHANGED",
                "aggregationSettings": {"aggregationTimePeriod": "FiveMinutes"},
                "marketplaceIds": ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"],
            }
        }

    def test_order_change_filter(self, api, wire):
        """Order Change Types build an ORDER_CHANGE event filter."""
        wire.json("POST", f"{SUBSCRIPTIONS}/ORDER_CHANGE", {"payload": SUBSCRIPTION})

        api.call(
            "create_subscription",
            notification_type="ORDER_CHANGE",
            payload_version="1.0",
            destination_id="dest-1",
            order_change_types="OrderStatusChange,BuyerRequestedChange",
            event_filter_type="ORDER_CHANGE",
        )

        assert wire.body()["processingDirective"] == {
            "eventFilter": {
                "eventFilterType": "ORDER_CHANGE",
                "orderChangeTypes": ["OrderStatusChange", "BuyerRequestedChange"],
            }
        }

    def test_tracking_filter(self, api, wire):
        """A Tracking Identifier builds a SHIPMENT_TRACKING_MILESTONE_CHANGED event filter."""
        path = f"{SUBSCRIPTIONS}/SHIPMENT_TRACKING_MILESTONE_CHANGED"
        wire.json("POST", path, {"payload": SUBSCRIPTION})
        tracking = {"carrierTracking": {"trackingNumber": "1Z999", "carrierCode": "UPS"}}

        api.call(
            "create_subscription",
            notification_type="SHIPMENT_TRACKING_MILESTONE_CHANGED",
            payload_version="2023-12-13",
            destination_id="dest-1",
            tracking_identifier=tracking,
            event_filter_type="SHIPMENT_TRACKING_MILESTONE_CHANGED",
        )

        assert wire.body()["processingDirective"] == {
            "eventFilter": {
                "eventFilterType": "SHIPMENT_TRACKING_MILESTONE_CHANGED",
                "trackingIdentifier": tracking,
            }
        }

    def test_filter_expression(self, api, wire):
        """A Filter Expression is sent alone in the processing directive."""
        path = f"{SUBSCRIPTIONS}/FULFILLMENT_ORDER_STATUS"
        wire.json("POST", path, {"payload": SUBSCRIPTION})
        expression = "FulfillmentOrderStatusNotification.FulfillmentOrderStatus == `SHIPPED`"

        api.call(
            "create_subscription",
            notification_type="FULFILLMENT_ORDER_STATUS",
            payload_version="1.0",
            destination_id="dest-1",
            filter_expression=expression,
        )

        assert wire.body() == {
            "payloadVersion": "1.0",
            "destinationId": "dest-1",
            "processingDirective": {"filterExpression": expression},
        }


class TestSubscriptions:
    def test_get_subscription_by_id(self, api, wire):
        """Get Subscription By ID puts the type and the id in the path."""
        wire.json("GET", f"{SUBSCRIPTIONS}/ORDER_CHANGE/sub-1", {"payload": SUBSCRIPTION})

        found = api.call("get_subscription_by_id", subscription_id="sub-1", notification_type="ORDER_CHANGE")

        assert (wire.last.method, wire.last.url.path) == ("GET", f"{SUBSCRIPTIONS}/ORDER_CHANGE/sub-1")
        assert found.payload.destination_id == "dest-1"

    def test_delete_subscription_by_id(self, api, wire):
        """Delete Subscription By ID sends DELETE to the subscription's path."""
        wire.json("DELETE", f"{SUBSCRIPTIONS}/ORDER_CHANGE/sub-1", {})

        deleted = api.call(
            "delete_subscription_by_id", subscription_id="sub-1", notification_type="ORDER_CHANGE"
        )

        assert (wire.last.method, wire.last.url.path) == ("DELETE", f"{SUBSCRIPTIONS}/ORDER_CHANGE/sub-1")
        assert not deleted.errors

    def test_list_subscription_with_a_payload_version(self, api, wire):
        """List Subscription sends the optional Payload Version the spec left out."""
        wire.json("GET", f"{SUBSCRIPTIONS}/ANY_OFFER_CHANGED", {"payload": SUBSCRIPTION})

        found = api.call("list_subscription", notification_type="ANY_OFFER_CHANGED", payload_version="1.0")

        assert wire.last.url.path == f"{SUBSCRIPTIONS}/ANY_OFFER_CHANGED"
        assert wire.query() == {"payloadVersion": ["1.0"]}
        assert found.payload.subscription_id == "sub-1"

    def test_list_subscription_defaults_to_the_latest_version(self, api, wire):
        """Without Payload Version nothing is sent in the query (Amazon returns the latest)."""
        wire.json("GET", f"{SUBSCRIPTIONS}/ANY_OFFER_CHANGED", {"payload": SUBSCRIPTION})

        api.call("list_subscription", notification_type="ANY_OFFER_CHANGED")

        assert wire.query() == {}

    def test_list_subscriptions_sends_its_filters(self, api, wire):
        """List Subscriptions sends one notification type, the payload version and the page size."""
        wire.json("GET", SUBSCRIPTIONS, subscriptions_page("sub-1", next_token="t2"))

        page = api.call(
            "list_subscriptions",
            notification_types=["ANY_OFFER_CHANGED"],
            payload_version="1.0",
            page_size=50,
        )

        assert wire.query() == {
            "notificationTypes": ["ANY_OFFER_CHANGED"],
            "payloadVersion": ["1.0"],
            "pageSize": ["50"],
        }
        assert page.payload.subscriptions[0].subscription_id == "sub-1"
        assert page.payload.next_token == "t2"

    def test_iter_subscriptions_follows_the_next_token(self, api, wire):
        """iter_subscriptions sends payload.nextToken back as nextToken and yields every subscription once."""
        wire.route(
            "GET",
            SUBSCRIPTIONS,
            httpx.Response(200, json=subscriptions_page("sub-1", "sub-2", next_token="t2")),
            httpx.Response(200, json=subscriptions_page("sub-3", next_token="t3")),
            httpx.Response(200, json=subscriptions_page("sub-4")),
        )

        found = api.collect("iter_subscriptions", notification_types="ANY_OFFER_CHANGED")

        assert [s.subscription_id for s in found] == ["sub-1", "sub-2", "sub-3", "sub-4"]
        assert [wire.query(r).get("nextToken") for r in wire.requests] == [None, ["t2"], ["t3"]]
        assert all(wire.query(r)["notificationTypes"] == ["ANY_OFFER_CHANGED"] for r in wire.requests)


class TestGrantless:
    @pytest.mark.parametrize(
        "case",
        [
            (
                "create_destination",
                {"name": "orders", "arn": QUEUE},
                "POST",
                DESTINATIONS,
                {"payload": DESTINATION},
            ),
            (
                "get_destination",
                {"destination_id": "dest-1"},
                "GET",
                f"{DESTINATIONS}/dest-1",
                {"payload": DESTINATION},
            ),
            ("delete_destination", {"destination_id": "dest-1"}, "DELETE", f"{DESTINATIONS}/dest-1", {}),
            ("list_destinations", {}, "GET", DESTINATIONS, {"payload": []}),
            (
                "get_subscription_by_id",
                {"subscription_id": "sub-1", "notification_type": "ORDER_CHANGE"},
                "GET",
                f"{SUBSCRIPTIONS}/ORDER_CHANGE/sub-1",
                {"payload": SUBSCRIPTION},
            ),
            (
                "delete_subscription_by_id",
                {"subscription_id": "sub-1", "notification_type": "ORDER_CHANGE"},
                "DELETE",
                f"{SUBSCRIPTIONS}/ORDER_CHANGE/sub-1",
                {},
            ),
        ],
    )
    def test_grantless_actions_work_on_client_credentials(self, grantless_api, wire, case):
        """Destination actions and Get/Delete Subscription By ID run on a client-credentials connection."""
        action, inputs, method, path, body = case
        wire.json(method, path, body)

        call(grantless_api, action, **inputs)

        assert (wire.last.method, wire.last.url.path) == (method, path)
        assert wire.token_requests[0]["grant_type"] == ["client_credentials"]
        assert wire.token_requests[0]["scope"] == ["sellingpartnerapi::notifications"]

    @pytest.mark.parametrize(
        ("action", "inputs"),
        [
            (
                "create_subscription",
                {"notification_type": "ORDER_CHANGE", "payload_version": "1.0", "destination_id": "dest-1"},
            ),
            ("list_subscription", {"notification_type": "ORDER_CHANGE"}),
            ("list_subscriptions", {"notification_types": "ORDER_CHANGE"}),
        ],
    )
    def test_seller_actions_are_refused_on_client_credentials(self, grantless_api, wire, action, inputs):
        """Creating or listing subscriptions needs a seller's authorization; nothing is sent without one."""
        with pytest.raises(WrongConnectionError):
            grantless_api.call(action, **inputs)

        assert wire.requests == []
        assert wire.token_requests == []


SUBSCRIBE: dict[str, Any] = {
    "notification_type": "ANY_OFFER_CHANGED",
    "payload_version": "1.0",
    "destination_id": "d",
}
OFFER_FILTER: dict[str, Any] = {**SUBSCRIBE, "event_filter_type": "ANY_OFFER_CHANGED"}


@pytest.mark.parametrize(
    ("action", "inputs", "label"),
    [
        ("create_destination", {"arn": QUEUE}, "Name"),
        ("create_destination", {"name": "x" * 257, "arn": QUEUE}, "Name"),
        ("create_destination", {"name": "orders"}, "ARN"),
        ("create_destination", {"name": "orders", "arn": "arn:aws:sns:us-east-1:1:topic"}, "ARN"),
        ("create_destination", {"name": "orders", "arn": "https://sqs.us-east-1.amazonaws.com/1/q"}, "ARN"),
        ("create_destination", {"name": "orders", "arn": QUEUE, "account_id": "123456789012"}, "Account Id"),
        ("create_destination", {"name": "orders", "arn": QUEUE, "aws_region": "us-east-1"}, "AWS Region"),
        ("create_destination", {"name": "orders", "account_id": "1234"}, "Account Id"),
        (
            "create_destination",
            {"name": "orders", "account_id": "123456789012", "aws_region": "Ireland"},
            "AWS Region",
        ),
        ("get_destination", {"destination_id": ""}, "Destination Id"),
        ("delete_destination", {}, "Destination Id"),
        ("create_subscription", {**SUBSCRIBE, "notification_type": "any offer changed"}, "Notification Type"),
        ("create_subscription", {**SUBSCRIBE, "payload_version": ""}, "Payload Version"),
        (
            "create_subscription",
            {k: v for k, v in SUBSCRIBE.items() if k != "destination_id"},
            "Destination Id",
        ),
        ("create_subscription", {**SUBSCRIBE, "marketplace_ids": "ATVPDKIKX0DER"}, "Event Filter Type"),
        ("create_subscription", {**SUBSCRIBE, "event_filter_type": "OFFERS"}, "Event Filter Type"),
        (
            "create_subscription",
            {**OFFER_FILTER, "aggregation_time_period": "OneMinute"},
            "Aggregation Time Period",
        ),
        ("create_subscription", {**OFFER_FILTER, "marketplace_ids": ["XX"]}, "Marketplace Ids"),
        (
            "create_subscription",
            {**OFFER_FILTER, "order_change_types": "OrderStatusChange"},
            "Order Change Types",
        ),
        (
            "create_subscription",
            {**SUBSCRIBE, "event_filter_type": "ORDER_CHANGE", "order_change_types": "StatusChange"},
            "Order Change Types",
        ),
        (
            "create_subscription",
            {**OFFER_FILTER, "aggregation_time_period": "FiveMinutes", "filter_expression": "a"},
            "Filter Expression",
        ),
        ("create_subscription", {**SUBSCRIBE, "filter_expression": "x" * 257}, "Filter Expression"),
        ("create_subscription", {**OFFER_FILTER, "tracking_identifier": {"id": "1"}}, "Tracking Identifier"),
        (
            "create_subscription",
            {
                **SUBSCRIBE,
                "event_filter_type": "SHIPMENT_TRACKING_MILESTONE_CHANGED",
                "tracking_identifier": {"id": "1", "aftn": "2"},
            },
            "Tracking Identifier",
        ),
        (
            "create_subscription",
            {
                **SUBSCRIBE,
                "event_filter_type": "SHIPMENT_TRACKING_MILESTONE_CHANGED",
                "tracking_identifier": {"carrierTracking": {}},
            },
            "Tracking Identifier",
        ),
        (
            "create_subscription",
            {
                **SUBSCRIBE,
                "event_filter_type": "SHIPMENT_TRACKING_MILESTONE_CHANGED",
                "tracking_identifier": {"trackingId": "1"},
            },
            "Tracking Identifier",
        ),
        (
            "get_subscription_by_id",
            {"subscription_id": "", "notification_type": "ORDER_CHANGE"},
            "Subscription Id",
        ),
        (
            "delete_subscription_by_id",
            {"subscription_id": "s", "notification_type": "order/change"},
            "Notification Type",
        ),
        (
            "list_subscription",
            {"notification_type": "ORDER_CHANGE", "payload_version": ""},
            "Payload Version",
        ),
        (
            "list_subscriptions",
            {"notification_types": ["ORDER_CHANGE", "ANY_OFFER_CHANGED"]},
            "Notification Types",
        ),
        ("list_subscriptions", {"notification_types": []}, "Notification Types"),
        ("list_subscriptions", {"notification_types": "ORDER_CHANGE", "page_size": 29}, "Page Size"),
        ("list_subscriptions", {"notification_types": "ORDER_CHANGE", "page_size": 101}, "Page Size"),
        ("list_subscriptions", {"notification_types": "ORDER_CHANGE", "next_token": ""}, "Next Token"),
    ],
)
def test_refuses_bad_input_before_sending(api, wire, action, inputs, label):
    """A bad input raises InvalidInputError naming its label, and nothing is sent."""
    with pytest.raises(InvalidInputError) as caught:
        call(api, action, **inputs)

    assert caught.value.label == label
    assert label in str(caught.value)
    assert wire.requests == []
