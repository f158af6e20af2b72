"""Stateful scenarios: parts of SP-API the static examples cannot play, answered from data that changes.

The static sandbox answers each operation with fixed examples, so nothing in it changes between two calls.
A workflow such as an incremental order sync or a walk through a seller's money needs more: orders that are
created and updated between two runs, pages followed by ``NextToken``, and Amazon's rule that a window may
not end later than two minutes before the request. A :class:`Scenario` answers the operations it plays (after
the sandbox checked the access token, so Restricted Data Tokens are enforced as usual) and leaves the others
to the static examples::

    orders = OrdersScenario(clock=lambda: now)
    orders.put("902-0000001-0000001", updated=now - timedelta(minutes=10))
    with SandboxServer(scenarios=[orders]) as server:
        ...

Each scenario reads the time from its own ``clock`` (tests move it), so "two minutes before the request" is
the scenario's now minus two minutes. Where a scenario is stricter than Amazon documents, it says so.
"""

from __future__ import annotations

import base64
import datetime
import json
import threading
from collections.abc import Callable, Iterable, Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from seller_central.sandbox.exchange import Received, Reply, json_reply, sp_api_error
from seller_central.windows import AMAZON_DELAY, iso, parse_instant, utc_now

if TYPE_CHECKING:
    from seller_central.operations import Operation

__all__ = ["FinancesScenario", "OrdersScenario", "Scenario"]

Clock = Callable[[], datetime.datetime]


class Scenario(Protocol):
    """What the sandbox asks a scenario: its reply to a request, or ``None`` to leave it to the examples."""

    def answer(self, operation: Operation, received: Received) -> Reply | None:
        """Return the reply to ``received`` (a request for ``operation``), or ``None`` if not played here."""


_V0_TOKEN = "NextToken"  # noqa: S105  # a parameter's name, not a password
_V2024_TOKEN = "nextToken"  # noqa: S105  # a parameter's name, not a password


def _invalid(message: str) -> Reply:
    return sp_api_error(HTTPStatus.BAD_REQUEST, "InvalidInput", message)


def _query(received: Received) -> dict[str, str]:
    return dict(received.query)


def _encode_token(state: Mapping[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(state, sort_keys=True).encode()).decode()


def _decode_token(token: str) -> dict[str, Any] | None:
    try:
        state = json.loads(base64.urlsafe_b64decode(token.encode()))
    except ValueError:
        return None
    return state if isinstance(state, dict) else None


def _time(query: Mapping[str, str], name: str) -> datetime.datetime | None:
    text = query.get(name)
    return None if text is None else parse_instant(text)


def _page_size(query: Mapping[str, str], name: str, default: int, maximum: int) -> int | None:
    text = query.get(name)
    if text is None:
        return default
    try:
        size = int(text)
    except ValueError:
        return None
    return size if 1 <= size <= maximum else None


def _late(name: str, value: datetime.datetime, now: datetime.datetime) -> Reply | None:
    """Amazon's refusal of a window end later than two minutes before the request, or ``None``."""
    if value > now - AMAZON_DELAY:
        return _invalid(
            f"{name} {iso(value)} is later than two minutes before the time of the request ({iso(now)})."
        )
    return None


# -- orders ------------------------------------------------------------------------------------------------


@attrs.define
class OrdersScenario:
    """Orders v0 getOrders by ``LastUpdatedAfter``/``LastUpdatedBefore``, getOrderItems, getOrderAddress.

    - getOrders with ``LastUpdatedAfter`` (others go to the static examples) returns the orders of those
      marketplaces with ``LastUpdatedAfter <= LastUpdateDate <= LastUpdatedBefore`` (both ends inclusive,
      oldest change first), ``MaxResultsPerPage`` (default 100) at a time. ``LastUpdatedBefore`` later than
      two minutes before the scenario's now is refused (400), as Amazon does; omitted, it is that bound,
      echoed in the payload.
    - A ``NextToken`` is a cursor into the query it came from: a later page must repeat the first page's
      filters (else 400, stricter than Amazon documents), and an order that changes after the token was
      issued (and so leaves the window) does not shift the following pages.
    - :meth:`put` creates or changes an order (its ``LastUpdateDate`` is the scenario's now unless given);
      :meth:`fail` makes chosen getOrders requests answer 503 (a crash between two pages);
      :meth:`expire_page_tokens` makes the tokens issued so far answer 400.
    """

    clock: Clock = utc_now
    orders: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    items: dict[str, list[dict[str, Any]]] = attrs.field(factory=dict)
    get_orders_requests: int = 0
    token_generation: int = 0
    _failing: set[int] = attrs.field(factory=set)
    _lock: threading.Lock = attrs.field(factory=threading.Lock)

    def put(
        self,
        order_id: str,
        *,
        updated: datetime.datetime | None = None,
        status: str = "Unshipped",
        marketplace_id: str = "ATVPDKIKX0DER",
        total: str = "10.00",
    ) -> dict[str, Any]:
        """Create or change an order; return its JSON as getOrders will send it."""
        moment = updated or self.clock()
        with self._lock:
            order = self.orders.setdefault(
                order_id,
                {
                    "AmazonOrderId": order_id,
                    "PurchaseDate": iso(moment),
                    "MarketplaceId": marketplace_id,
                    "OrderType": "StandardOrder",
                },
            )
            order.update(
                LastUpdateDate=iso(moment),
                OrderStatus=status,
                OrderTotal={"CurrencyCode": "USD", "Amount": total},
            )
            self.items.setdefault(
                order_id,
                [{"ASIN": "B00TESTASIN", "OrderItemId": f"{order_id[-7:]}1", "QuantityOrdered": 1}],
            )
            return dict(order)

    def expire_page_tokens(self) -> None:
        """Make every getOrders ``NextToken`` issued so far invalid (400), as an expired one would be."""
        with self._lock:
            self.token_generation += 1

    def fail(self, *request_numbers: int) -> None:
        """Answer the getOrders requests with these numbers (1 is the next one) with 503."""
        with self._lock:
            self._failing.update(self.get_orders_requests + number for number in request_numbers)

    def answer(self, operation: Operation, received: Received) -> Reply | None:
        """Play getOrders, and getOrderItems / getOrderAddress for the scenario's own orders."""
        if operation.key == "orders_v0.getOrders":
            if "LastUpdatedAfter" not in dict(received.query):
                return None  # by creation date or a static test case: the static examples answer
            with self._lock:
                self.get_orders_requests += 1
                if self.get_orders_requests in self._failing:
                    return sp_api_error(HTTPStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", "Injected.")
                return self._get_orders(_query(received))
        order_id = received.path.split("/")[4] if received.path.count("/") >= 5 else ""  # noqa: PLR2004
        if order_id not in self.orders:
            return None
        if operation.key == "orders_v0.getOrderItems":
            payload = {"AmazonOrderId": order_id, "OrderItems": self.items[order_id]}
            return json_reply(HTTPStatus.OK, {"payload": payload})
        if operation.key == "orders_v0.getOrderAddress":
            address = {"Name": f"Buyer of {order_id}", "City": "Seattle", "CountryCode": "US"}
            return json_reply(
                HTTPStatus.OK, {"payload": {"AmazonOrderId": order_id, "ShippingAddress": address}}
            )
        return None

    def _get_orders(self, query: Mapping[str, str]) -> Reply:
        now = self.clock()
        marketplaces = sorted(filter(None, query.get("MarketplaceIds", "").split(",")))
        if not marketplaces:
            return _invalid("MarketplaceIds is required.")
        try:
            after = _time(query, "LastUpdatedAfter")
            before = _time(query, "LastUpdatedBefore")
        except ValueError:
            return _invalid("LastUpdatedAfter and LastUpdatedBefore must be ISO 8601 date-times.")
        if after is None:
            return _invalid("LastUpdatedAfter must not be empty.")
        if before is not None and (late := _late("LastUpdatedBefore", before, now)) is not None:
            return late
        size = _page_size(query, "MaxResultsPerPage", 100, 100)
        if size is None:
            return _invalid("MaxResultsPerPage must be a whole number from 1 to 100.")
        filters: dict[str, Any] = {"after": iso(after), "before": iso(before) if before else None}
        filters["ids"] = marketplaces
        cursor: list[str] | None = None
        # Without LastUpdatedBefore the window ends two minutes before the first page, for every page.
        end = before or (now - AMAZON_DELAY).replace(microsecond=0)
        if "NextToken" in query:
            state = _decode_token(query["NextToken"])
            if state is None or state.get("filters") != filters:
                return _invalid("NextToken does not belong to this query: repeat the first page's filters.")
            if state.get("generation") != self.token_generation:
                return _invalid("NextToken has expired.")
            cursor = state["cursor"]
            end = parse_instant(state["end"])
        matching = sorted(
            (
                (order["LastUpdateDate"], order["AmazonOrderId"])
                for order in self.orders.values()
                if order["MarketplaceId"] in marketplaces
                and after <= parse_instant(order["LastUpdateDate"]) <= end
            ),
        )
        if cursor is not None:
            matching = [key for key in matching if key > tuple(cursor)]
        page = matching[:size]
        payload: dict[str, Any] = {
            "Orders": [dict(self.orders[order_id]) for _, order_id in page],
            "LastUpdatedBefore": iso(end),
        }
        if len(matching) > size:
            state = {"filters": filters, "end": iso(end), "cursor": list(page[-1])}
            state["generation"] = self.token_generation
            payload["NextToken"] = _encode_token(state)
        return json_reply(HTTPStatus.OK, {"payload": payload})


# -- finances ----------------------------------------------------------------------------------------------


def _paged(
    rows: list[dict[str, Any]],
    query: Mapping[str, str],
    *,
    token_name: str,
    filters: Mapping[str, Any],
    size: int,
) -> tuple[list[dict[str, Any]], str | None] | Reply:
    """Cut ``rows`` into pages of ``size``; the token carries the offset and must repeat the filters."""
    offset = 0
    if token_name in query:
        state = _decode_token(query[token_name])
        if state is None or state.get("filters") != dict(filters):
            return _invalid(f"{token_name} does not belong to this query: repeat the first page's filters.")
        offset = int(state["offset"])
    page = rows[offset : offset + size]
    following = offset + size
    token = _encode_token({"filters": dict(filters), "offset": following}) if following < len(rows) else None
    return page, token


@attrs.define
class FinancesScenario:
    """Finances v0 (event groups, events by date / group / order) and 2024-06-19 listTransactions.

    The data is plain JSON as Amazon sends it; amounts given as ``Decimal`` are written as JSON numbers
    digit for digit (v0 and 2024-06-19 both declare ``CurrencyAmount`` a number), amounts given as text stay
    text. Each listing returns ``page_size`` rows a page. A ``PostedBefore`` / ``postedBefore`` /
    ``FinancialEventGroupStartedBefore`` later than two minutes before the scenario's now is refused (400);
    ``PostedBefore`` is exclusive, as the models say.

    Attributes:
        groups: FinancialEventGroup objects (``FinancialEventGroupStart`` is what the dates filter).
        events: ``(group id, order id, list name, event)``: a v0 financial event (with ``PostedDate``) in
            the list it belongs to (``ShipmentEventList``, ``RefundEventList``, ...).
        transactions: 2024-06-19 Transaction objects (``postedDate``, ``relatedIdentifiers``).
    """

    clock: Clock = utc_now
    groups: list[dict[str, Any]] = attrs.field(factory=list)
    events: list[tuple[str, str, str, dict[str, Any]]] = attrs.field(factory=list)
    transactions: list[dict[str, Any]] = attrs.field(factory=list)
    page_size: int = 2

    def answer(self, operation: Operation, received: Received) -> Reply | None:
        """Play the finance listings."""
        query = _query(received)
        key = operation.key
        try:
            if key == "finances_v0.listFinancialEventGroups":
                return self._groups(query)
            if key == "finances_v0.listFinancialEvents":
                return self._events(query, None, None)
            if key == "finances_v0.listFinancialEventsByGroupId":
                return self._events(query, received.path.split("/")[4], None)
            if key == "finances_v0.listFinancialEventsByOrderId":
                return self._events(query, None, received.path.split("/")[4])
            if key == "finances_2024_06_19.listTransactions":
                return self._transactions(query)
        except ValueError:
            return _invalid("A date is not an ISO 8601 date-time.")
        return None

    def _groups(self, query: Mapping[str, str]) -> Reply:
        after = _time(query, "FinancialEventGroupStartedAfter")
        before = _time(query, "FinancialEventGroupStartedBefore")
        if before is not None and (late := _late("FinancialEventGroupStartedBefore", before, self.clock())):
            return late
        rows = [
            group
            for group in self.groups
            if (after is None or parse_instant(group["FinancialEventGroupStart"]) >= after)
            and (before is None or parse_instant(group["FinancialEventGroupStart"]) < before)
        ]
        paged = _paged(
            rows, query, token_name=_V0_TOKEN, filters=_filters(query, "NextToken"), size=self.page_size
        )
        if isinstance(paged, Reply):
            return paged
        page, token = paged
        payload: dict[str, Any] = {"FinancialEventGroupList": page}
        if token:
            payload["NextToken"] = token
        return json_reply(HTTPStatus.OK, {"payload": payload})

    def _events(self, query: Mapping[str, str], group_id: str | None, order_id: str | None) -> Reply:
        after = _time(query, "PostedAfter")
        before = _time(query, "PostedBefore")
        if before is not None and (late := _late("PostedBefore", before, self.clock())):
            return late
        rows = [
            {"list": name, "event": event}
            for group, order, name, event in self.events
            if (group_id is None or group == group_id)
            and (order_id is None or order == order_id)
            and (after is None or parse_instant(event["PostedDate"]) >= after)
            and (before is None or parse_instant(event["PostedDate"]) < before)
        ]
        paged = _paged(
            rows, query, token_name=_V0_TOKEN, filters=_filters(query, "NextToken"), size=self.page_size
        )
        if isinstance(paged, Reply):
            return paged
        page, token = paged
        lists: dict[str, list[dict[str, Any]]] = {}
        for row in page:
            lists.setdefault(row["list"], []).append(row["event"])
        payload: dict[str, Any] = {"FinancialEvents": lists}
        if token:
            payload["NextToken"] = token
        return json_reply(HTTPStatus.OK, {"payload": payload})

    def _transactions(self, query: Mapping[str, str]) -> Reply:
        after = _time(query, "postedAfter")
        before = _time(query, "postedBefore")
        name, value = query.get("relatedIdentifierName"), query.get("relatedIdentifierValue")
        if after is None and not (name and value):
            return _invalid("postedAfter is required unless a related identifier is given.")
        if before is not None and (late := _late("postedBefore", before, self.clock())):
            return late
        rows = [
            transaction
            for transaction in self.transactions
            if (after is None or parse_instant(transaction["postedDate"]) >= after)
            and (before is None or parse_instant(transaction["postedDate"]) < before)
            and (not name or _related(transaction, name) == value)
            and ("marketplaceId" not in query or _marketplace(transaction) == query["marketplaceId"])
        ]
        paged = _paged(
            rows, query, token_name=_V2024_TOKEN, filters=_filters(query, "nextToken"), size=self.page_size
        )
        if isinstance(paged, Reply):
            return paged
        page, token = paged
        payload: dict[str, Any] = {"transactions": page}
        if token:
            payload["nextToken"] = token
        return json_reply(HTTPStatus.OK, {"payload": payload})


def _filters(query: Mapping[str, str], token_name: str) -> dict[str, str]:
    return {name: value for name, value in sorted(query.items()) if name != token_name}


def _related(transaction: Mapping[str, Any], name: str) -> str | None:
    identifiers: Iterable[Mapping[str, Any]] = transaction.get("relatedIdentifiers") or ()
    for identifier in identifiers:
        if identifier.get("relatedIdentifierName") == name:
            return str(identifier.get("relatedIdentifierValue"))
    return None


def _marketplace(transaction: Mapping[str, Any]) -> str | None:
    details = transaction.get("marketplaceDetails") or {}
    return details.get("marketplaceId") if isinstance(details, Mapping) else None
