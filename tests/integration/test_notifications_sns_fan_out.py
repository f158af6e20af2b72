"""Notifications fanned out through SNS (an SQS queue subscribed to a topic without raw message delivery),
consumed from the queue: against SNS and SQS served locally (moto in server mode, on a free port), so the
envelope is the one SNS itself writes."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import boto3
import pytest
from moto.server import ThreadedMotoServer
from seller_central.notifications import Notification, consume

from tests.schema_instances import load_schema

pytestmark = pytest.mark.xdist_group("moto")

REGION = "us-east-1"


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    patch = pytest.MonkeyPatch()
    for name, value in (
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", REGION),
    ):
        patch.setenv(name, value)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
        patch.undo()


def test_a_notification_published_to_sns_is_consumed_from_the_subscribed_queue_typed(moto_url):
    sqs = boto3.client("sqs", region_name=REGION, endpoint_url=moto_url)
    sns = boto3.client("sns", region_name=REGION, endpoint_url=moto_url)
    queue = sqs.create_queue(QueueName="fan-out", Attributes={"VisibilityTimeout": "0"})["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    topic = sns.create_topic(Name="sp-api-notifications")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)  # raw message delivery off
    example = load_schema("notifications", "OrderChangeNotification")["examples"][0]
    example["Payload"]["OrderChangeNotification"]["AmazonOrderId"] = "333-1"
    sns.publish(TopicArn=topic, Message=json.dumps(example))
    seen: list[Notification] = []

    result = consume(queue, seen.append, client=sqs, max_messages=1, idle_polls=2, wait_time_seconds=1)

    assert (result.handled, result.invalid) == (1, 0)
    assert seen[0].typed
    assert seen[0].payload.order_change_notification.amazon_order_id == "333-1"
    assert seen[0].raw == example
    assert seen[0].message_id  # the SQS message's
    left = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=0).get("Messages", [])
    assert left == []  # deleted once handled
