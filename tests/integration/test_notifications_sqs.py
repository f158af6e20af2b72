"""The SQS consumer against a real SQS API served locally (moto in server mode, on a free port).

Delete-after-handler, a failing handler leaves its message for redelivery, malformed messages are left for
the dead-letter queue (or deleted when asked), and the limits stop the loop; plus the CLI's JSON lines.
"""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator

import boto3
import pytest
from click.testing import CliRunner
from moto.server import ThreadedMotoServer
from seller_central.cli import cli
from seller_central.errors import InvalidInputError
from seller_central.notifications import Notification, consume

from tests.schema_instances import load_schema

pytestmark = pytest.mark.xdist_group("moto")

REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def moto_url(monkeypatch_module) -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    patch = pytest.MonkeyPatch()
    patch.setenv("AWS_ACCESS_KEY_ID", "testing")
    patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    patch.setenv("AWS_DEFAULT_REGION", REGION)
    yield patch
    patch.undo()


@pytest.fixture
def sqs(moto_url):
    return boto3.client("sqs", region_name=REGION, endpoint_url=moto_url)


@pytest.fixture
def queue(sqs, request) -> str:
    name = request.node.name.replace("[", "-").replace("]", "")[:70]
    # visibility 0: a message left on the queue is visible again at once, so the test sees it stay
    url = sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "0"})["QueueUrl"]
    return str(url)


def order_change(order_id: str) -> str:
    example = load_schema("notifications", "OrderChangeNotification")["examples"][0]
    example["Payload"]["OrderChangeNotification"]["AmazonOrderId"] = order_id
    return json.dumps(example)


def remaining(sqs, queue: str) -> list[str]:
    """Drain what is still on the queue (visibility 0: nothing hides), return the bodies."""
    bodies = []
    for _ in range(5):
        got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=0).get(
            "Messages", []
        )
        for message in got:
            bodies.append(message["Body"])
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
    return bodies


def test_each_message_is_handed_over_typed_and_deleted_after_the_handler_returned(sqs, queue):
    for order_id in ("111-1", "111-2", "111-3"):
        sqs.send_message(QueueUrl=queue, MessageBody=order_change(order_id))
    seen: list[Notification] = []

    def handler(notification: Notification) -> None:
        # the message is still on the queue while its handler runs
        assert sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
        seen.append(notification)

    result = consume(queue, handler, client=sqs, max_messages=3, wait_time_seconds=1)
    assert (result.handled, result.failed, result.invalid) == (3, 0, 0)
    ids = sorted(n.payload.order_change_notification.amazon_order_id for n in seen)
    assert ids == ["111-1", "111-2", "111-3"]
    assert all(n.message_id for n in seen)
    assert remaining(sqs, queue) == []


def test_a_failing_handler_leaves_its_message_for_redelivery(sqs, queue, caplog):
    sqs.send_message(QueueUrl=queue, MessageBody=order_change("222-1"))
    sqs.send_message(QueueUrl=queue, MessageBody=order_change("222-2"))

    def handler(notification: Notification) -> None:
        if notification.payload.order_change_notification.amazon_order_id == "222-2":
            raise RuntimeError("database down")

    with caplog.at_level(logging.ERROR, logger="seller_central.notifications"):
        result = consume(queue, handler, client=sqs, max_messages=2, wait_time_seconds=1)
    assert (result.handled, result.failed) == (1, 1)
    assert "left for redelivery" in caplog.text
    left = remaining(sqs, queue)
    assert [json.loads(b)["Payload"]["OrderChangeNotification"]["AmazonOrderId"] for b in left] == ["222-2"]


def test_a_malformed_message_is_logged_and_left_for_the_dead_letter_queue(sqs, queue, caplog):
    sqs.send_message(QueueUrl=queue, MessageBody="not a notification")
    handled = []
    with caplog.at_level(logging.WARNING, logger="seller_central.notifications"):
        result = consume(queue, handled.append, client=sqs, max_messages=1, wait_time_seconds=1)
    assert (result.handled, result.invalid) == (0, 1)
    assert handled == []
    assert "dead-letter queue" in caplog.text
    assert "not a notification" not in caplog.text.split("left SQS message")[0]
    assert remaining(sqs, queue) == ["not a notification"]


def test_malformed_messages_are_deleted_when_asked(sqs, queue):
    sqs.send_message(QueueUrl=queue, MessageBody="{}")
    result = consume(
        queue, lambda _n: None, client=sqs, max_messages=1, wait_time_seconds=1, delete_invalid=True
    )
    assert result.invalid == 1
    assert remaining(sqs, queue) == []


def test_an_empty_queue_stops_after_the_idle_polls(sqs, queue):
    result = consume(queue, lambda _n: None, client=sqs, idle_polls=2, wait_time_seconds=0)
    assert (result.received, result.polls) == (0, 2)


def test_stop_is_checked_between_messages(sqs, queue):
    for order_id in ("333-1", "333-2", "333-3"):
        sqs.send_message(QueueUrl=queue, MessageBody=order_change(order_id))
    seen: list[Notification] = []
    result = consume(queue, seen.append, client=sqs, stop=lambda: len(seen) >= 1, wait_time_seconds=1)
    assert result.handled == 1
    assert len(remaining(sqs, queue)) == 2


@pytest.mark.parametrize(
    ("option", "label"),
    [
        ({"batch_size": 11}, "Batch Size"),
        ({"wait_time_seconds": 21}, "Wait Time Seconds"),
        ({"max_messages": 0}, "Max Messages"),
    ],
)
def test_limits_out_of_range_are_refused_before_receiving(option, label):
    with pytest.raises(InvalidInputError) as caught:
        consume("http://unused/1/q", lambda _n: None, client=object(), **option)
    assert caught.value.label == label


def test_the_cli_prints_one_json_line_per_notification_and_deletes_it(sqs, queue, moto_url):
    sqs.send_message(QueueUrl=queue, MessageBody=order_change("444-1"))
    sqs.send_message(QueueUrl=queue, MessageBody="garbage")
    result = CliRunner().invoke(
        cli,
        [
            "notifications", "consume", "--queue-url", queue, "--endpoint-url", moto_url, "--aws-region", REGION,
            "--max-messages", "2", "--wait-time", "1",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 1
    assert lines[0]["notificationType"] == "ORDER_CHANGE"
    assert lines[0]["payload"]["OrderChangeNotification"]["AmazonOrderId"] == "444-1"
    assert "1 handled, 0 failed, 1 invalid" in result.stderr
    assert remaining(sqs, queue) == ["garbage"]
