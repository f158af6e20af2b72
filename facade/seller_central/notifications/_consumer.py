"""Consume notifications from SQS: long-poll, parse, hand over, delete only after the handler returned.

What happens to each message:

- it parses and ``handler(notification)`` returns: the message is deleted;
- ``handler`` raises: the message is left on the queue (not deleted), so SQS delivers it again once its
  visibility timeout expires; the error is logged and counted, and consuming goes on;
- it does not parse (not JSON, not a notification, a payload that does not fit its schema): it is logged
  (message id and reason, never the body) and left on the queue by default, so the queue's redrive policy
  moves it to the dead-letter queue after ``maxReceiveCount`` receipts, where it can be inspected; with
  ``delete_invalid=True`` it is deleted instead.

Stopping: after ``max_messages`` messages, after ``idle_polls`` empty long polls in a row, when ``stop()``
returns true (checked between messages), or on Ctrl-C (``KeyboardInterrupt`` propagates; a message whose
handler had not returned is not deleted).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

import attrs

from seller_central.errors import ConfigurationError, InvalidInputError, InvalidNotificationError
from seller_central.notifications._parse import Notification, parse

__all__ = ["ConsumeResult", "consume", "sqs_client"]

logger = logging.getLogger("seller_central.notifications")

_MAX_BATCH = 10  # SQS receives at most 10 messages per call
_MAX_WAIT = 20  # and long-polls at most 20 seconds
_AWS_QUEUE_URL = re.compile(r"^https://sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?/")


@attrs.define(kw_only=True)
class ConsumeResult:
    """What a :func:`consume` run did.

    Attributes:
        handled: Messages whose handler returned (each was deleted).
        failed: Messages whose handler raised (each was left for redelivery).
        invalid: Messages that did not parse (left for the dead-letter queue, or deleted if asked).
        polls: Receive calls made.
    """

    handled: int = 0
    failed: int = 0
    invalid: int = 0
    polls: int = 0

    @property
    def received(self) -> int:
        """Every message received."""
        return self.handled + self.failed + self.invalid


def sqs_client(queue_url: str, *, region: str | None = None, endpoint_url: str | None = None) -> Any:
    """Return a boto3 SQS client for ``queue_url`` (the region read from an AWS queue URL unless given).

    Raises:
        ConfigurationError: boto3 is not installed (``pip install 'seller-central[sqs]'``), or no region is
            known for a queue URL that is not an AWS one.
    """
    try:
        import boto3  # type: ignore[import-untyped]  # noqa: PLC0415 (optional: loaded when a consumer starts)
    except ImportError:
        msg = "consuming SQS needs boto3: pip install 'seller-central[sqs]'"
        raise ConfigurationError(msg) from None
    match = _AWS_QUEUE_URL.match(queue_url)
    region = region or (match.group(1) if match else None)
    if region is None:
        msg = f"no AWS region is known for the queue {queue_url}: give one (--region, region=)"
        raise ConfigurationError(msg)
    return boto3.client("sqs", region_name=region, endpoint_url=endpoint_url)


def consume(
    queue_url: str,
    handler: Callable[[Notification], object],
    *,
    client: Any = None,
    max_messages: int | None = None,
    idle_polls: int | None = None,
    wait_time_seconds: int = _MAX_WAIT,
    batch_size: int = _MAX_BATCH,
    delete_invalid: bool = False,
    stop: Callable[[], bool] | None = None,
) -> ConsumeResult:
    """Long-poll ``queue_url``, parse each message and hand it to ``handler``; delete it once handled.

    Args:
        queue_url: The SQS queue URL.
        handler: Called with each parsed :class:`Notification`; the message is deleted when it returns and
            left for redelivery when it raises.
        client: A boto3 SQS client (default: :func:`sqs_client` for the queue URL).
        max_messages: Stop after this many messages (handled, failed or invalid); ``None``: no limit.
        idle_polls: Stop after this many empty polls in a row; ``None``: poll until stopped.
        wait_time_seconds: Long-poll wait per receive call (0 to 20).
        batch_size: Messages per receive call (1 to 10).
        delete_invalid: Delete messages that do not parse instead of leaving them for the dead-letter queue.
        stop: Called between messages; consuming stops when it returns true.

    Raises:
        InvalidInputError: a limit is out of range (checked before anything is received).
        ConfigurationError: no client was given and boto3 is missing or no region is known.
    """
    if not 1 <= batch_size <= _MAX_BATCH:
        raise InvalidInputError(f"batch_size must be 1 to {_MAX_BATCH}", label="Batch Size")
    if not 0 <= wait_time_seconds <= _MAX_WAIT:
        raise InvalidInputError(f"wait_time_seconds must be 0 to {_MAX_WAIT}", label="Wait Time Seconds")
    if max_messages is not None and max_messages < 1:
        raise InvalidInputError("max_messages must be at least 1", label="Max Messages")
    if idle_polls is not None and idle_polls < 1:
        raise InvalidInputError("idle_polls must be at least 1", label="Idle Polls")
    sqs = client if client is not None else sqs_client(queue_url)
    result = ConsumeResult()
    idle = 0

    def done() -> bool:
        limit = max_messages is not None and result.received >= max_messages
        return limit or (stop is not None and stop())

    while not done():
        want = batch_size if max_messages is None else min(batch_size, max_messages - result.received)
        answer = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=want, WaitTimeSeconds=wait_time_seconds
        )
        result.polls += 1
        messages = answer.get("Messages", [])
        if not messages:
            idle += 1
            if idle_polls is not None and idle >= idle_polls:
                break
            continue
        idle = 0
        for index, message in enumerate(messages):
            if index and done():
                break  # the rest come back after their visibility timeout
            _one(sqs, queue_url, message, handler, result, delete_invalid=delete_invalid)
    return result


def _one(
    sqs: Any,
    queue_url: str,
    message: dict[str, Any],
    handler: Callable[[Notification], object],
    result: ConsumeResult,
    *,
    delete_invalid: bool,
) -> None:
    message_id = message.get("MessageId")
    try:
        notification = parse(message.get("Body", ""), message_id=message_id)
    except InvalidNotificationError as exc:
        result.invalid += 1
        if delete_invalid:
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
            logger.warning("deleted SQS message %s, which is not a notification: %s", message_id, exc)
        else:
            logger.warning(
                "left SQS message %s for the dead-letter queue, it is not a notification: %s", message_id, exc
            )
        return
    try:
        handler(notification)
    except Exception:
        result.failed += 1
        logger.exception(
            "the handler failed on %s notification %s (SQS message %s); left for redelivery",
            notification.notification_type,
            notification.notification_id,
            message_id,
        )
        return
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    result.handled += 1
