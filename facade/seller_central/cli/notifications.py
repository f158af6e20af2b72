"""``seller-central notifications consume`` and ``setup-sqs``: the commands beside the catalog's actions."""

from __future__ import annotations

import sys
from typing import Any

import click

__all__ = ["COMMANDS"]


def _app() -> Any:
    from seller_central.cli import app  # noqa: PLC0415 (app imports this module's COMMANDS)

    return app


@click.command("consume")
@click.option("--queue-url", required=True, help="The SQS queue URL to consume.")
@click.option("--aws-region", help="The queue's AWS region (default: read from an AWS queue URL).")
@click.option("--endpoint-url", help="Another SQS endpoint (a local SQS such as moto or ElasticMQ).")
@click.option("--max-messages", type=click.IntRange(min=1), help="Stop after N messages (default: never).")
@click.option("--idle-polls", type=click.IntRange(min=1), help="Stop after N empty polls in a row.")
@click.option(
    "--wait-time", type=click.IntRange(0, 20), default=20, show_default=True, help="Long-poll seconds."
)
@click.option(
    "--delete-invalid",
    is_flag=True,
    default=False,
    help="Delete messages that are not notifications (default: leave them for the dead-letter queue).",
)
def consume_command(
    *,
    queue_url: str,
    aws_region: str | None,
    endpoint_url: str | None,
    max_messages: int | None,
    idle_polls: int | None,
    wait_time: int,
    delete_invalid: bool,
) -> None:
    """Long-poll an SQS queue and print each notification as one JSON line (needs seller-central[sqs]).

    A message is deleted once its line is written; one that is not a notification is logged and left on
    the queue for its dead-letter queue (unless --delete-invalid). Ctrl-C stops between messages.
    """
    from seller_central.cli.workflows import json_line  # noqa: PLC0415
    from seller_central.notifications import ConsumeResult, consume, sqs_client  # noqa: PLC0415

    result = ConsumeResult()

    def handler(notification: Any) -> None:
        click.echo(json_line(notification))  # the workflows' JSON lines (exact amounts)

    def run() -> None:
        nonlocal result
        client = sqs_client(queue_url, region=aws_region, endpoint_url=endpoint_url)
        result = consume(
            queue_url,
            handler,
            client=client,
            max_messages=max_messages,
            idle_polls=idle_polls,
            wait_time_seconds=wait_time,
            delete_invalid=delete_invalid,
        )

    try:
        _app()._handle_errors(run)  # noqa: SLF001 (the CLI's one error-to-exit-code mapping)
    except KeyboardInterrupt:
        click.echo("notifications: stopped (Ctrl-C)", err=True)
        sys.exit(130)
    click.echo(
        f"notifications: {result.handled} handled, {result.failed} failed, {result.invalid} invalid", err=True
    )


@click.command("setup-sqs")
@click.option(
    "--queue-arn", required=True, help="The SQS queue's ARN (arn:aws:sqs:<region>:<account>:<name>)."
)
@click.option(
    "--type", "types", multiple=True, required=True, help="A notification type to subscribe to (repeatable)."
)
@click.option(
    "--payload-version",
    "versions",
    multiple=True,
    metavar="TYPE=VERSION",
    help="The payload version of one type (default: the newest we have a schema for).",
)
@click.option("--destination-name", default="seller-central", show_default=True)
@click.pass_obj
def setup_sqs_command(
    obj: dict[str, Any],
    /,
    queue_arn: str,
    types: tuple[str, ...],
    versions: tuple[str, ...],
    destination_name: str,
) -> None:
    """Create or reuse the SQS destination and a subscription per --type; safe to run again.

    Destinations are grantless (a client-credentials token is used for them) and subscriptions act for the
    seller of the connection. Prints what exists afterwards, each subscription created, existing, or
    delivering elsewhere (left as it is).
    """
    from seller_central.errors import InvalidInputError  # noqa: PLC0415

    app = _app()

    def versions_given() -> dict[str, str]:
        pairs = {}
        for item in versions:
            kind, sep, version = item.partition("=")
            if not sep or not kind or not version:
                raise InvalidInputError(
                    f"--payload-version takes TYPE=VERSION, not {item!r}", label="Payload Version"
                )
            pairs[kind] = version
        return pairs

    pairs = app._handle_errors(versions_given)  # noqa: SLF001 (the CLI's one error-to-exit-code mapping)
    setup = app.with_client(
        obj,
        lambda api: api.setup_sqs_notifications(
            queue_arn=queue_arn,
            notification_types=list(types),
            destination_name=destination_name,
            payload_versions=pairs,
        ),
    )
    app._print(obj, setup.to_dict(), label="Set Up SQS Notifications")  # noqa: SLF001


COMMANDS: dict[str, list[click.Command]] = {"notifications": [consume_command, setup_sqs_command]}
