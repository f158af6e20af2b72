"""setup_sqs_notifications and `seller-central notifications setup-sqs`: grantless tokens for destinations,
the seller's for subscriptions, and idempotence (an existing destination or subscription is reused).

Against a small stateful fake of the Notifications API (the static sandbox always answers the same, so it
cannot show a second run reusing what the first created) and against the local sandbox."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

import httpx
import pytest
from click.testing import CliRunner
from seller_central import OAuthConnection, SellerCentral
from seller_central.cli import cli
from seller_central.errors import InvalidInputError
from seller_central.notifications import default_payload_version, setup_sqs_notifications
from seller_central.sandbox import SandboxServer

ARN = "arn:aws:sqs:us-east-1:123456789012:sp-notifications"
SUBSCRIPTION = re.compile(r"^/notifications/v1/subscriptions/([A-Z_0-9]+)$")


class FakeNotifications:
    """Destinations and subscriptions kept in memory; every request's token is recorded with its path."""

    def __init__(self) -> None:
        self.destinations: list[dict] = []
        self.subscriptions: dict[str, dict] = {}
        self.calls: list[tuple[str, str, str | None]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/auth/o2/token":
            form = parse_qs(request.content.decode())
            token = "Atza|grantless" if form["grant_type"] == ["client_credentials"] else "Atza|seller"
            return httpx.Response(
                200, json={"access_token": token, "token_type": "bearer", "expires_in": 3600}
            )
        self.calls.append((request.method, path, request.headers.get("x-amz-access-token")))
        if path == "/notifications/v1/destinations" and request.method == "GET":
            return httpx.Response(200, json={"payload": self.destinations})
        if path == "/notifications/v1/destinations" and request.method == "POST":
            body = json.loads(request.content)
            destination = {
                "destinationId": f"dest-{len(self.destinations) + 1}",
                "name": body["name"],
                "resource": {"sqs": {"arn": body["resourceSpecification"]["sqs"]["arn"]}},
            }
            self.destinations.append(destination)
            return httpx.Response(200, json={"payload": destination})
        match = SUBSCRIPTION.match(path)
        if match and request.method == "GET":
            found = self.subscriptions.get(match.group(1))
            if found is None:
                return httpx.Response(404, json={"errors": [{"code": "NotFound", "message": "none"}]})
            return httpx.Response(200, json={"payload": found})
        if match and request.method == "POST":
            body = json.loads(request.content)
            subscription = {
                "subscriptionId": f"sub-{match.group(1)}",
                "payloadVersion": body["payloadVersion"],
                "destinationId": body["destinationId"],
            }
            self.subscriptions[match.group(1)] = subscription
            return httpx.Response(200, json={"payload": subscription})
        return httpx.Response(500)


def client(fake: FakeNotifications) -> SellerCentral:
    connection = OAuthConnection(
        client_id="amzn1.application-oa2-client.test",
        client_secret="test-client-secret",
        refresh_token="Atzr|test-refresh",
        endpoint="http://127.0.0.1:9",
        token_url="http://127.0.0.1:9/auth/o2/token",
    )
    return SellerCentral(connection, transport=httpx.MockTransport(fake))


def test_the_first_run_creates_and_the_second_reuses_everything():
    fake = FakeNotifications()
    with client(fake) as api:
        first = setup_sqs_notifications(
            api, queue_arn=ARN, notification_types=["ORDER_CHANGE", "REPORT_PROCESSING_FINISHED"]
        )
        created = [call for call in fake.calls if call[0] == "POST"]
        fake.calls.clear()
        second = setup_sqs_notifications(
            api, queue_arn=ARN, notification_types=["ORDER_CHANGE", "REPORT_PROCESSING_FINISHED"]
        )
    assert first.destination_created
    assert [s.status for s in first.subscriptions] == ["created", "created"]
    assert [(s.notification_type, s.payload_version) for s in first.subscriptions] == [
        ("ORDER_CHANGE", "1.0"),
        ("REPORT_PROCESSING_FINISHED", "2020-09-04"),
    ]
    assert len(created) == 3
    assert not second.destination_created
    assert second.destination_id == first.destination_id == "dest-1"
    assert [s.status for s in second.subscriptions] == ["existing", "existing"]
    assert [call for call in fake.calls if call[0] == "POST"] == []
    assert len(fake.destinations) == 1


def test_destinations_go_with_a_grantless_token_and_subscriptions_with_the_sellers():
    fake = FakeNotifications()
    with client(fake) as api:
        setup_sqs_notifications(api, queue_arn=ARN, notification_types=["ORDER_CHANGE"])
    tokens = {(method, path): token for method, path, token in fake.calls}
    assert tokens[("GET", "/notifications/v1/destinations")] == "Atza|grantless"
    assert tokens[("POST", "/notifications/v1/destinations")] == "Atza|grantless"
    assert tokens[("GET", "/notifications/v1/subscriptions/ORDER_CHANGE")] == "Atza|seller"
    assert tokens[("POST", "/notifications/v1/subscriptions/ORDER_CHANGE")] == "Atza|seller"


def test_a_subscription_to_another_destination_is_reported_not_replaced():
    fake = FakeNotifications()
    fake.subscriptions["ORDER_CHANGE"] = {
        "subscriptionId": "old",
        "payloadVersion": "1.0",
        "destinationId": "other",
    }
    with client(fake) as api:
        setup = setup_sqs_notifications(api, queue_arn=ARN, notification_types=["ORDER_CHANGE"])
    assert setup.subscriptions[0].status == "elsewhere"
    assert setup.subscriptions[0].destination_id == "other"
    assert fake.subscriptions["ORDER_CHANGE"]["destinationId"] == "other"


def test_payload_versions_default_to_the_newest_schema_and_can_be_given():
    assert default_payload_version("LISTINGS_ITEM_ISSUES_CHANGE") == "2023-12-13"
    assert default_payload_version("NOT_A_KNOWN_TYPE") == "1.0"
    fake = FakeNotifications()
    with client(fake) as api:
        setup = setup_sqs_notifications(
            api,
            queue_arn=ARN,
            notification_types=["LISTINGS_ITEM_ISSUES_CHANGE"],
            payload_versions={"LISTINGS_ITEM_ISSUES_CHANGE": "1.0"},
        )
    assert setup.subscriptions[0].payload_version == "1.0"
    assert fake.subscriptions["LISTINGS_ITEM_ISSUES_CHANGE"]["payloadVersion"] == "1.0"


@pytest.mark.parametrize(
    ("types", "versions", "label"),
    [
        ([], None, "Notification Types"),
        (["A", "A"], None, "Notification Types"),
        (["A"], {"B": "1.0"}, "Payload Versions"),
    ],
)
def test_bad_inputs_are_refused_before_anything_is_sent(types, versions, label):
    fake = FakeNotifications()
    with client(fake) as api, pytest.raises(InvalidInputError) as caught:
        setup_sqs_notifications(api, queue_arn=ARN, notification_types=types, payload_versions=versions)
    assert caught.value.label == label
    assert fake.calls == []


@pytest.fixture(scope="module")
def sandbox():
    with SandboxServer() as server:
        yield server


def sandbox_connection(server: SandboxServer) -> OAuthConnection:
    return OAuthConnection(
        client_id="amzn1.application-oa2-client.test",
        client_secret="test-client-secret",
        refresh_token="Atzr|test-refresh",
        endpoint=server.url,
        token_url=server.token_url,
    )


def test_against_the_local_sandbox_a_new_queue_gets_a_destination_with_a_grantless_token(sandbox):
    sandbox.clear_requests()
    with SellerCentral(sandbox_connection(sandbox)) as api:
        setup = setup_sqs_notifications(api, queue_arn=ARN, notification_types=["ANY_OFFER_CHANGED"])
    assert setup.destination_created
    assert setup.destination_id == "TEST_CASE_200_DESTINATION_ID"
    assert setup.subscriptions[0].status == "existing"  # the static sandbox says every subscription exists
    requests = sandbox.requests
    operations = [r.operation for r in requests if r.operation]
    assert operations == [
        "notifications_v1.getDestinations",
        "notifications_v1.createDestination",
        "notifications_v1.getSubscription",
    ]
    grants = [r.body.decode() for r in requests if r.operation is None]
    assert any("grant_type=client_credentials" in g and "notifications" in g for g in grants)
    assert any("grant_type=refresh_token" in g for g in grants)


def test_against_the_local_sandbox_an_existing_destination_is_reused(sandbox):
    sandbox.clear_requests()
    with SellerCentral(sandbox_connection(sandbox)) as api:
        setup = setup_sqs_notifications(
            api,
            queue_arn="arn:aws:sqs:us-east-2:444455556666:queue1",
            notification_types=["ANY_OFFER_CHANGED"],
        )
    assert (setup.destination_id, setup.destination_created) == ("TEST_CASE_200", False)
    assert "notifications_v1.createDestination" not in [r.operation for r in sandbox.requests]


def test_the_cli_setup_prints_the_result(sandbox):
    env = {
        "SP_API_CLIENT_ID": "amzn1.application-oa2-client.test",
        "SP_API_CLIENT_SECRET": "test-client-secret",
        "SP_API_REFRESH_TOKEN": "Atzr|test-refresh",
    }
    args = ["--endpoint", sandbox.url, "--token-url", sandbox.token_url, "notifications", "setup-sqs"]
    result = CliRunner(env=env).invoke(cli, [*args, "--queue-arn", ARN, "--type", "ORDER_CHANGE"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["destinationId"] == "TEST_CASE_200_DESTINATION_ID"
    assert out["subscriptions"][0]["notificationType"] == "ORDER_CHANGE"
    bad = CliRunner(env=env).invoke(cli, [*args, "--queue-arn", ARN, "--type", "X", "--payload-version", "X"])
    assert bad.exit_code == 2
    assert "TYPE=VERSION" in bad.stderr
