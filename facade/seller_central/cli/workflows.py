"""The workflow commands: ``orders sync`` and the ``finances`` group, printing JSON lines.

Each record is one line of JSON on stdout, written (and flushed) as it arrives, so another program can read
the sync as it runs; progress and the summary go to stderr. Amounts are written as the JSON numbers they
are, digit for digit (never through a float): read them with ``json.loads(line, parse_float=Decimal)``.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from seller_central import exact_json
from seller_central.cli.options import INSTANT, max_pages_option

__all__ = ["finances_group", "json_line", "orders_sync_command"]


def _default(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    return str(value)


def json_line(value: Any) -> str:
    """Return ``value`` (a model, a dict, ...) as one line of JSON, ``Decimal`` amounts as exact numbers."""
    data = value.to_dict() if callable(getattr(value, "to_dict", None)) else value
    return exact_json.dumps(data, default=_default, ensure_ascii=False, separators=(",", ":"))


def _lines(records: Iterable[Any], *, what: str) -> None:
    count = 0
    try:
        for record in records:
            click.echo(json_line(record))
            count += 1
            if count % 100 == 0:
                click.echo(f"{count} {what} so far", err=True)
    finally:
        click.echo(f"{count} {what}", err=True)


def _run(obj: dict[str, Any], body: Callable[[Any], None]) -> None:
    from seller_central.cli.app import with_client  # noqa: PLC0415 (app imports this module)

    with_client(obj, body)


@click.command("sync")
@click.option(
    "--state",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SQLite file that keeps the sync's progress (created on the first run).",
)
@click.option(
    "--marketplace", "marketplaces", multiple=True, required=True, help="A marketplace id (repeat)."
)
@click.option(
    "--since", type=INSTANT, help="Where the first run starts (ISO 8601); later runs continue from the state."
)
@click.option(
    "--enrich",
    multiple=True,
    type=click.Choice(["items", "address"]),
    help="Add each order's items, or its address (one Restricted Data Token per page).",
)
@click.option("--page-size", type=click.IntRange(1, 100), default=100, show_default=True)
@click.pass_obj
def orders_sync_command(
    obj: dict[str, Any],
    /,
    *,
    state: Path,
    marketplaces: tuple[str, ...],
    since: datetime.datetime | None,
    enrich: tuple[str, ...],
    page_size: int,
) -> None:
    """Print every order created or changed since the last run, one JSON line each.

    Progress is recorded after each page is printed, so a run that is interrupted prints the last page
    again next time, and never skips one.
    """

    def body(client: Any) -> None:
        synced = client.sync_orders(
            marketplace_ids=list(marketplaces), state=state, since=since, enrich=enrich, page_size=page_size
        )
        _lines(synced, what="order change(s)")

    _run(obj, body)


@click.group("finances")
def finances_group() -> None:
    """Finances: event groups, events and transactions as JSON lines (exact amounts), settlement totals."""


_AFTER = click.option("--posted-after", type=INSTANT, help="From this time (ISO 8601), inclusive.")
_BEFORE = click.option(
    "--posted-before",
    type=INSTANT,
    help="Up to this time, exclusive; at most 2 minutes before now (default: that bound).",
)


@finances_group.command("transactions")
@_AFTER
@_BEFORE
@click.option("--marketplace", "marketplace_id", help="Only this marketplace's transactions.")
@click.option("--status", "transaction_status", help="DEFERRED, RELEASED or DEFERRED_RELEASED.")
@click.option("--group", "group_id", help="Only the transactions of this financial event group (settlement).")
@max_pages_option
@click.pass_obj
def transactions_command(obj: dict[str, Any], /, **options: Any) -> None:
    """Print every transaction (Finances 2024-06-19), one JSON line each."""
    group_id = options.pop("group_id")
    if group_id:
        options.update(related_identifier_name="FINANCIAL_EVENT_GROUP_ID", related_identifier_value=group_id)
    _run(obj, lambda client: _lines(client.transactions(**options), what="transaction(s)"))


@finances_group.command("groups")
@click.option("--started-after", type=INSTANT, help="Groups opened at or after this time (ISO 8601).")
@click.option(
    "--started-before", type=INSTANT, help="Groups opened before this time; at most 2 minutes before now."
)
@max_pages_option
@click.pass_obj
def groups_command(obj: dict[str, Any], /, **options: Any) -> None:
    """Print every financial event group (Finances v0), one JSON line each."""
    _run(obj, lambda client: _lines(client.financial_event_groups(**options), what="event group(s)"))


@finances_group.command("events")
@_AFTER
@_BEFORE
@click.option("--group", "event_group_id", help="Only this financial event group's events.")
@click.option("--order", "order_id", help="Only this order's events (no dates).")
@max_pages_option
@click.pass_obj
def events_command(obj: dict[str, Any], /, **options: Any) -> None:
    """Print the financial events (Finances v0), one JSON line per page (its lists by event type)."""
    _run(obj, lambda client: _lines(client.financial_events(**options), what="page(s) of events"))


@finances_group.command("settlement")
@click.argument("event_group_id")
@click.pass_obj
def settlement_command(obj: dict[str, Any], /, *, event_group_id: str) -> None:
    """Print a settlement's transactions summed by type and currency (exact amounts, as text)."""
    _run(obj, lambda client: click.echo(json_line(client.settlement_totals(event_group_id=event_group_id))))
