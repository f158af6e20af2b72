"""Money and finances: listings of a seller's financial event groups, events and transactions, in ``Decimal``.

The iterators (``api.financial_event_groups``, ``api.financial_events``, ``api.transactions``, the same on
:class:`~seller_central.AsyncSellerCentral` with ``async for``) follow every page of Finances v0
(listFinancialEventGroups, listFinancialEvents, ...ByGroupId, ...ByOrderId) and Finances 2024-06-19
(listTransactions) through the client's one call path, and yield the typed models.

**Money is never a float.** Amazon's models declare ``CurrencyAmount`` a JSON number, and some answers carry
it as a string. These calls decode the body with every non-integer number read as ``decimal.Decimal`` from
its text (``Call.exact_numbers``: ``json.loads(..., parse_float=Decimal)``), so an amount field of the models
yielded here holds a ``Decimal`` (from a number), an ``int`` or the text Amazon sent (from a string).
:func:`amount` turns any of those into a ``Decimal`` and refuses a ``float``; :func:`totals_by_type` and
:meth:`settlement_totals` add them exactly (``0.1 + 0.2 == Decimal("0.3")``).

**The two-minute rule.** ``PostedBefore`` / ``postedBefore`` / ``FinancialEventGroupStartedBefore`` (and the
matching "after") must be more than two minutes before the request. An end the caller gives later than
:func:`~seller_central.windows.latest_window_end` (now less two minutes and a 30-second clock-skew margin) is
**refused** with ``InvalidInputError`` naming the input, before anything is sent, rather than silently
clamped: a clamped end would quietly return less than was asked for. When a start is given without an end,
the end sent is that bound, so every page of one listing carries the same explicit window.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import attrs
from selling_partner_api.finances_2024_06_19.api import list_transactions as list_transactions_op
from selling_partner_api.finances_v0.api import list_financial_event_groups as list_financial_event_groups_op
from selling_partner_api.finances_v0.api import list_financial_events as list_financial_events_op
from selling_partner_api.finances_v0.api import (
    list_financial_events_by_group_id as list_financial_events_by_group_id_op,
)
from selling_partner_api.finances_v0.api import (
    list_financial_events_by_order_id as list_financial_events_by_order_id_op,
)

from seller_central import validation
from seller_central.calls import Call, Context, Flow, Pages
from seller_central.errors import InvalidInputError
from seller_central.pagination import Cursor, PageWalk
from seller_central.windows import iso, latest_window_end, utc_now

if TYPE_CHECKING:
    from selling_partner_api.finances_2024_06_19.models import Transaction

__all__ = [
    "FINANCIAL_EVENT_GROUP_ID",
    "Money",
    "SettlementTotals",
    "amount",
    "event_group_pages",
    "event_pages",
    "money",
    "settlement_totals",
    "totals_by_type",
    "transaction_pages",
]

#: listTransactions' related identifier of a settlement (a financial event group).
FINANCIAL_EVENT_GROUP_ID = "FINANCIAL_EVENT_GROUP_ID"
_PAGE_SIZE_MAX = 100
_GROUPS = Cursor(
    token=("payload", "next_token"), argument="next_token", items=("payload", "financial_event_group_list")
)
_EVENTS = Cursor(token=("payload", "next_token"), argument="next_token", items=())
_TRANSACTIONS = Cursor(
    token=("payload", "next_token"), argument="next_token", items=("payload", "transactions")
)

Now = Callable[[], datetime.datetime]

# -- money ---------------------------------------------------------------------------------------------------


def amount(value: Any) -> Decimal:
    """Return an amount as a ``Decimal``: from a ``Decimal``, an ``int`` or the text of a number.

    Raises:
        TypeError: a ``float`` (its binary value is not the amount Amazon sent; read the JSON with
            ``exact_numbers``, as these helpers do) or anything that is not an amount.
        ValueError: text that is not a number.
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool | float):
        kind = type(value).__name__
        msg = f"an amount must be exact (Decimal, int or the number's text), not {kind} {value!r}"
        raise TypeError(msg)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            parsed = Decimal(value.strip())
        except InvalidOperation:
            msg = f"{value!r} is not an amount"
            raise ValueError(msg) from None
        if not parsed.is_finite():
            msg = f"{value!r} is not an amount"
            raise ValueError(msg)
        return parsed
    msg = f"not an amount: {type(value).__name__}"
    raise TypeError(msg)


@attrs.frozen
class Money:
    """An exact amount in a currency."""

    amount: Decimal
    currency: str


def money(currency: Any) -> Money | None:
    """Return a ``Currency`` model (v0 or 2024-06-19: code and amount) as :class:`Money`.

    ``None`` when the model, or its amount, is missing.
    """
    if not currency:
        return None
    value = getattr(currency, "currency_amount", None)
    if value is None or not (value or value == 0):  # UNSET is falsy; an amount of 0 is not
        return None
    return Money(amount=amount(value), currency=str(getattr(currency, "currency_code", "") or ""))


def totals_by_type(transactions: Iterable[Transaction]) -> dict[str, dict[str, Decimal]]:
    """Sum transactions' ``totalAmount`` by ``transactionType`` and currency, exactly.

    A transaction without a type is summed under ``""``; one without an amount adds nothing.
    """
    totals: dict[str, dict[str, Decimal]] = {}
    for transaction in transactions:
        total = money(transaction.total_amount)
        if total is None:
            continue
        by_currency = totals.setdefault(str(transaction.transaction_type or ""), {})
        by_currency[total.currency] = by_currency.get(total.currency, Decimal(0)) + total.amount
    return totals


@attrs.frozen(kw_only=True)
class SettlementTotals:
    """A settlement's (financial event group's) transactions, summed by type and currency.

    Attributes:
        event_group_id: The financial event group.
        by_type: ``{transaction type: {currency: Decimal}}``.
        transactions: How many transactions were read.
    """

    event_group_id: str
    by_type: Mapping[str, Mapping[str, Decimal]]
    transactions: int

    def total(self) -> dict[str, Decimal]:
        """Return the sum over every type, per currency."""
        out: dict[str, Decimal] = {}
        for by_currency in self.by_type.values():
            for currency, value in by_currency.items():
                out[currency] = out.get(currency, Decimal(0)) + value
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON form, amounts as text (exact)."""
        return {
            "event_group_id": self.event_group_id,
            "transactions": self.transactions,
            "by_type": {
                kind: {c: str(v) for c, v in values.items()} for kind, values in self.by_type.items()
            },
            "total": {currency: str(value) for currency, value in self.total().items()},
        }


# -- the two-minute rule -------------------------------------------------------------------------------------


def _window(
    *,
    after: Any,
    before: Any,
    after_label: str,
    before_label: str,
    now: Now | None,
) -> tuple[str | None, str | None]:
    """Check a start/end pair against the two-minute rule; return them as sent (the end filled in)."""
    bound = latest_window_end((now or utc_now)())
    start = validation.instant(after, label=after_label) if after is not None else None
    end = validation.instant(before, label=before_label) if before is not None else None
    if end is not None and end > bound:
        msg = (
            f"{before_label}: {iso(end)} is later than {iso(bound)}, the latest Amazon accepts (two minutes "
            "before the request, less a 30 s clock margin); omit it to list up to that time"
        )
        raise InvalidInputError(msg, label=before_label)
    if start is not None and start >= (end or bound):
        msg = f"{after_label}: {iso(start)} must be earlier than {iso(end or bound)} (the end of the window)"
        raise InvalidInputError(msg, label=after_label)
    if start is not None and end is None:
        end = bound
    return (iso(start) if start else None, iso(end) if end else None)


def _first(op: Any, arguments: Mapping[str, Any]) -> Call[Any]:
    return Call(op=op, arguments={k: v for k, v in arguments.items() if v is not None}, exact_numbers=True)


def _size(page_size: Any) -> int:
    return validation.integer(page_size, label="page_size", minimum=1, maximum=_PAGE_SIZE_MAX)


def event_group_pages(
    context: Context,  # noqa: ARG001 (every workflow body takes the context; times need none)
    *,
    started_after: Any = None,
    started_before: Any = None,
    page_size: int = _PAGE_SIZE_MAX,
    now: Now | None = None,
) -> Pages[Any, Any]:
    """Return the pages of listFinancialEventGroups; items: ``FinancialEventGroup``."""
    after, before = _window(
        after=started_after,
        before=started_before,
        after_label="started_after",
        before_label="started_before",
        now=now,
    )
    first = _first(
        list_financial_event_groups_op,
        {
            "financial_event_group_started_after": after,
            "financial_event_group_started_before": before,
            "max_results_per_page": _size(page_size),
        },
    )
    return _GROUPS.pages(first)


def event_pages(
    context: Context,
    *,
    posted_after: Any = None,
    posted_before: Any = None,
    event_group_id: str | None = None,
    order_id: str | None = None,
    page_size: int = _PAGE_SIZE_MAX,
    now: Now | None = None,
) -> Pages[Any, Any]:
    """Return the pages of listFinancialEvents (or ...ByGroupId, ...ByOrderId).

    Items: one ``FinancialEvents`` a page.
    """
    if event_group_id is not None and order_id is not None:
        msg = "event_group_id: give an event group or an order, not both"
        raise InvalidInputError(msg, label="event_group_id")
    size = _size(page_size)
    if order_id is not None:
        if posted_after is not None or posted_before is not None:
            msg = "posted_after: the events of one order take no dates"
            raise InvalidInputError(msg, label="posted_after")
        oid = validation.order_id(order_id, context, label="order_id")
        first = _first(list_financial_events_by_order_id_op, {"order_id": oid, "max_results_per_page": size})
        return _event_pages(first)
    after, before = _window(
        after=posted_after,
        before=posted_before,
        after_label="posted_after",
        before_label="posted_before",
        now=now,
    )
    arguments = {"posted_after": after, "posted_before": before, "max_results_per_page": size}
    if event_group_id is not None:
        group = validation.string(event_group_id, label="event_group_id")
        return _event_pages(
            _first(list_financial_events_by_group_id_op, {"event_group_id": group, **arguments})
        )
    return _event_pages(_first(list_financial_events_op, arguments))


def _page_events(page: Any) -> list[Any]:
    """Return a page's one ``FinancialEvents`` object (its lists by event type) as a list, or nothing."""
    payload = page.payload
    events = payload.financial_events if payload else None
    return [events] if events else []


def _event_pages(first: Call[Any]) -> Pages[Any, Any]:
    return Pages(first=first, items=_page_events, next_call=_EVENTS.next_call, argument=_EVENTS.argument)


def transaction_pages(
    context: Context,  # noqa: ARG001 (every workflow body takes the context; times need none)
    *,
    posted_after: Any = None,
    posted_before: Any = None,
    marketplace_id: str | None = None,
    transaction_status: str | None = None,
    related_identifier_name: str | None = None,
    related_identifier_value: str | None = None,
    now: Now | None = None,
) -> Pages[Any, Any]:
    """Return the pages of listTransactions (2024-06-19); items: ``Transaction``."""
    if (related_identifier_name is None) != (related_identifier_value is None):
        msg = "related_identifier_value: give the related identifier's name and value together"
        raise InvalidInputError(msg, label="related_identifier_value")
    if posted_after is None and related_identifier_name is None:
        msg = "posted_after: required unless a related identifier (e.g. FINANCIAL_EVENT_GROUP_ID) is given"
        raise InvalidInputError(msg, label="posted_after")
    after, before = _window(
        after=posted_after,
        before=posted_before,
        after_label="posted_after",
        before_label="posted_before",
        now=now,
    )
    arguments = {
        "posted_after": after,
        "posted_before": before,
        "marketplace_id": validation.string(marketplace_id, label="marketplace_id")
        if marketplace_id
        else None,
        "transaction_status": transaction_status,
        "related_identifier_name": related_identifier_name,
        "related_identifier_value": related_identifier_value,
    }
    return _TRANSACTIONS.pages(_first(list_transactions_op, arguments))


def settlement_totals(context: Context, *, event_group_id: str) -> Flow[SettlementTotals]:
    """Read every transaction of a financial event group and sum them by type and currency.

    The transactions are listTransactions' by ``FINANCIAL_EVENT_GROUP_ID``.
    """
    group = validation.string(event_group_id, label="event_group_id")
    pages = transaction_pages(
        context, related_identifier_name=FINANCIAL_EVENT_GROUP_ID, related_identifier_value=group
    )
    return _sum(pages, group)


def _sum(pages: Pages[Any, Any], group: str) -> Flow[SettlementTotals]:
    walk: PageWalk[Any] = PageWalk(pages)
    call: Call[Any] | None = pages.first
    by_type: dict[str, dict[str, Decimal]] = {}
    count = 0
    while call is not None:
        page = yield call
        transactions = list(pages.items(page))
        count += len(transactions)
        for kind, by_currency in totals_by_type(transactions).items():
            into = by_type.setdefault(kind, {})
            for currency, value in by_currency.items():
                into[currency] = into.get(currency, Decimal(0)) + value
        call = walk.after(call, page)
    return SettlementTotals(event_group_id=group, by_type=by_type, transactions=count)
