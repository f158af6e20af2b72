"""``setup_sqs_notifications`` on both clients, one flow body: idempotent reruns, and a setup racing another.

Against a stateful fake of the Notifications API that answers as Amazon does when something already exists
(createDestination and createSubscription: 409 Conflict), and against the local sandbox.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from seller_central import AsyncSellerCentral, OAuthConnection, SellerCentral
from seller_central.errors import ConflictError, InvalidInputError
from seller_central.notifications import NotificationSetup
from seller_central.sandbox import SandboxServer

ARN = "arn:aws:sqs:us-east-1:123456789012:sp-notifications"
SUBSCRIPTION = re.compile(r"^/notifications/v1/subscriptions/([A-Z_0-9]+)$")
TYPES = ["ORDER_CHANGE", "REPORT_PROCESSING_FINISHED"]


class Notifications:
    """Destinations and subscriptions in memory; 409 for one that exists, as Amazon answers.

    ``blind`` lookups answer as if nothing existed yet (what a setup sees when another one creates the same
    things between its look and its create).
    """

    def __init__(self) -> None:
        self.destinations: list[dict[str, Any]] = []
        self.subscriptions: dict[str, dict[str, Any]] = {}
        self.calls: list[tuple[str, str]] = []
        self.blind_destination_lookups = 0
        self.blind_subscription_lookups = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/auth/o2/token":
            form = parse_qs(request.content.decode())
            token = "Atza|grantless" if form["grant_type"] == ["client_credentials"] else "Atza|seller"
            return httpx.Response(
                200, json={"access_token": token, "token_type": "bearer", "expires_in": 3600}
            )
        self.calls.append((request.method, path))
        conflict = httpx.Response(409, json={"errors": [{"code": "Conflict", "message": "already exists"}]})
        if path == "/notifications/v1/destinations" and request.method == "GET":
            if self.blind_destination_lookups:
                self.blind_destination_lookups -= 1
                return httpx.Response(200, json={"payload": []})
            return httpx.Response(200, json={"payload": self.destinations})
        if path == "/notifications/v1/destinations" and request.method == "POST":
            arn = json.loads(request.content)["resourceSpecification"]["sqs"]["arn"]
            if any(d["resource"]["sqs"]["arn"] == arn for d in self.destinations):
                return conflict
            destination = {
                "destinationId": f"dest-{len(self.destinations) + 1}",
                "name": json.loads(request.content)["name"],
                "resource": {"sqs": {"arn": arn}},
            }
            self.destinations.append(destination)
            return httpx.Response(200, json={"payload": destination})
        match = SUBSCRIPTION.match(path)
        if match and request.method == "GET":
            found = self.subscriptions.get(match.group(1))
            if found is None or self.blind_subscription_lookups:
                self.blind_subscription_lookups = max(0, self.blind_subscription_lookups - 1)
                return httpx.Response(404, json={"errors": [{"code": "NotFound", "message": "none"}]})
            return httpx.Response(200, json={"payload": found})
        if match and request.method == "POST":
            if match.group(1) in self.subscriptions:
                return conflict
            body = json.loads(request.content)
            subscription = {
                "subscriptionId": f"sub-{match.group(1)}",
                "payloadVersion": body["payloadVersion"],
                "destinationId": body["destinationId"],
            }
            self.subscriptions[match.group(1)] = subscription
            return httpx.Response(200, json={"payload": subscription})
        return httpx.Response(500)


def connection(endpoint: str = "http://127.0.0.1:9", token_url: str | None = None) -> OAuthConnection:
    return OAuthConnection(
        client_id="amzn1.application-oa2-client.test",
        client_secret="test-client-secret",
        refresh_token="Atzr|test-refresh",
        endpoint=endpoint,
        token_url=token_url or f"{endpoint}/auth/o2/token",
    )


Setup = Callable[..., NotificationSetup]


def with_sync(fake: Notifications) -> Setup:
    def setup(**arguments: Any) -> NotificationSetup:
        with SellerCentral(connection(), transport=httpx.MockTransport(fake)) as api:
            return api.setup_sqs_notifications(**arguments)

    return setup


def with_async(fake: Notifications) -> Setup:
    def setup(**arguments: Any) -> NotificationSetup:
        async def run() -> NotificationSetup:
            async with AsyncSellerCentral(connection(), transport=httpx.MockTransport(fake)) as api:
                return await api.setup_sqs_notifications(**arguments)

        return asyncio.run(run())

    return setup


CLIENTS = pytest.mark.parametrize("client", [with_sync, with_async], ids=["sync", "async"])


@CLIENTS
def test_the_first_run_creates_and_a_rerun_reuses_everything(client):
    fake = Notifications()
    setup = client(fake)

    first = setup(queue_arn=ARN, notification_types=TYPES)
    fake.calls.clear()
    second = setup(queue_arn=ARN, notification_types=TYPES)

    assert (first.destination_id, first.destination_created) == ("dest-1", True)
    assert [(s.notification_type, s.payload_version, s.status) for s in first.subscriptions] == [
        ("ORDER_CHANGE", "1.0", "created"),
        ("REPORT_PROCESSING_FINISHED", "2020-09-04", "created"),
    ]
    assert (second.destination_id, second.destination_created) == ("dest-1", False)
    assert [s.status for s in second.subscriptions] == ["existing", "existing"]
    assert [s.subscription_id for s in second.subscriptions] == [
        s.subscription_id for s in first.subscriptions
    ]
    assert [method for method, _ in fake.calls] == ["GET", "GET", "GET"]  # looked, created nothing
    assert len(fake.destinations) == 1


@CLIENTS
def test_a_setup_racing_another_reuses_what_the_other_created(client):
    """The other setup creates the destination and a subscription between this one's look and its create."""
    fake = Notifications()
    client(fake)(queue_arn=ARN, notification_types=["ORDER_CHANGE"])  # "the other setup"
    fake.calls.clear()
    fake.blind_destination_lookups = 1
    fake.blind_subscription_lookups = 1

    setup = client(fake)(queue_arn=ARN, notification_types=["ORDER_CHANGE"])

    assert (setup.destination_id, setup.destination_created) == ("dest-1", False)
    assert [(s.status, s.subscription_id, s.destination_id) for s in setup.subscriptions] == [
        ("existing", "sub-ORDER_CHANGE", "dest-1")
    ]
    assert fake.calls == [
        ("GET", "/notifications/v1/destinations"),
        ("POST", "/notifications/v1/destinations"),  # 409
        ("GET", "/notifications/v1/destinations"),
        ("GET", "/notifications/v1/subscriptions/ORDER_CHANGE"),  # 404
        ("POST", "/notifications/v1/subscriptions/ORDER_CHANGE"),  # 409
        ("GET", "/notifications/v1/subscriptions/ORDER_CHANGE"),
    ]
    assert len(fake.destinations) == 1


@CLIENTS
def test_a_conflict_whose_cause_cannot_be_found_is_raised_not_reported_as_set_up(client):
    fake = Notifications()
    client(fake)(queue_arn=ARN, notification_types=["ORDER_CHANGE"])
    fake.blind_destination_lookups = 2  # the destination stays invisible after the 409 too

    with pytest.raises(ConflictError) as caught:
        client(fake)(queue_arn=ARN, notification_types=["ORDER_CHANGE"])

    assert caught.value.status_code == 409


@CLIENTS
def test_a_bad_queue_arn_is_refused_before_anything_is_sent(client):
    fake = Notifications()

    with pytest.raises(InvalidInputError) as caught:
        client(fake)(
            queue_arn="arn:aws:sns:us-east-1:123456789012:topic", notification_types=["ORDER_CHANGE"]
        )

    assert caught.value.label == "ARN"
    assert fake.calls == []


@pytest.fixture(scope="module")
def sandbox():
    with SandboxServer() as server:
        yield server


def test_the_async_client_sets_up_against_the_local_sandbox_like_the_sync_one(sandbox):
    async def run() -> NotificationSetup:
        async with AsyncSellerCentral(connection(sandbox.url, sandbox.token_url)) as api:
            return await api.setup_sqs_notifications(queue_arn=ARN, notification_types=["ANY_OFFER_CHANGED"])

    sandbox.clear_requests()
    setup = asyncio.run(run())
    async_operations = [r.operation for r in sandbox.requests if r.operation]
    sandbox.clear_requests()
    with SellerCentral(connection(sandbox.url, sandbox.token_url)) as api:
        same = api.setup_sqs_notifications(queue_arn=ARN, notification_types=["ANY_OFFER_CHANGED"])

    assert setup == same
    assert (setup.destination_id, setup.destination_created) == ("TEST_CASE_200_DESTINATION_ID", True)
    assert setup.subscriptions[0].status == "existing"  # the static sandbox says every subscription exists
    assert async_operations == [r.operation for r in sandbox.requests if r.operation]
    assert async_operations == [
        "notifications_v1.getDestinations",
        "notifications_v1.createDestination",
        "notifications_v1.getSubscription",
    ]
