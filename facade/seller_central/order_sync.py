"""Incremental order sync: every order created or changed since the last completed run, once per change.

``api.sync_orders(marketplace_ids=[...], state="orders.sqlite", since=...)`` (and ``async for`` on
:class:`~seller_central.AsyncSellerCentral`) yields a :class:`SyncedOrder` for each order whose
``LastUpdateDate`` falls in the run's window, following getOrders (Orders v0) page by page. One body
(:func:`sync_orders`, a :data:`~seller_central.calls.Stream`) serves both clients.

How it never misses an order and never hands one change out twice (``docs`` of each choice):

- **Windows.** A run asks getOrders for ``LastUpdatedAfter = watermark`` (the end of the last completed
  window; ``since`` on the very first run only) and ``LastUpdatedBefore = end``, with ``end`` the time the
  run started less Amazon's two minutes (:data:`AMAZON_DELAY`) less a clock-skew margin
  (:data:`CLOCK_SKEW`), rounded down to the second. The end is sent rather than left to Amazon (which
  would then echo its own bound) because the window must be known before the first page: it is recorded
  with each page token so that a restart sends the same query again, and a later page token belongs to
  the first page's exact arguments. A local clock that runs fast only makes the window end earlier (the
  next run takes the rest); one slow by more than the margin makes Amazon refuse the request (400), which
  raises: nothing is skipped either way.
- **Inclusive ends, de-duplicated.** Both ends are inclusive (Amazon's filter is ``after <= LastUpdateDate
  <= before``), so the next window starts exactly at the last end and an order updated at that second can
  come twice. Each change is identified by ``(AmazonOrderId, LastUpdateDate)``; the changes delivered at
  the edge (``LastUpdateDate`` within :data:`EDGE` of the end) are kept in the state and skipped when the
  next window returns them. An order changed again has a new ``LastUpdateDate``: it is a new change.
- **Progress after consumption.** The orders of a page are handed out one by one; the page is recorded
  (the next page token, or the completed window) only when the caller asks for the value after the
  page's last order. A caller that stops (an exception, ``break``, a killed process) records nothing for
  that page: the next run fetches it again (those orders come twice), never skips it.
- **Crash between pages.** The state holds the open window and the token of the next page. A restart
  resumes there with the same arguments, then (when the resumed window ended before this run's end) runs
  one more window up to the new end. Should Amazon refuse the recorded token (400, e.g. expired), the
  window starts over from its first page: its orders come again, none is skipped.

State lives in a :class:`SyncStore`: a small SQLite file by default (:class:`SqliteSyncStore`, stdlib
``sqlite3``; one row per sync, written in one transaction), or anything with the same two methods. One
store key per set of marketplaces; use one state file per selling partner. Runs of one sync must not
overlap (each would deliver the same orders).

Enrichment (``enrich=("items", "address")``, off by default) adds each order's items (getOrderItems, every
page) and shipping address (getOrderAddress, a restricted operation): the addresses of a page of orders
are read with **one** Restricted Data Token fetched for all of that page's orders at once.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Generator, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable
from urllib.parse import quote

import attrs
from selling_partner_api.orders_v0.api import get_order_address as get_order_address_op
from selling_partner_api.orders_v0.api import get_order_items as get_order_items_op
from selling_partner_api.orders_v0.api import get_orders as get_orders_op
from selling_partner_api.tokens_2021_03_01.api import (
    create_restricted_data_token as create_restricted_data_token_op,
)

from seller_central import validation
from seller_central.actions.orders import CURSORS
from seller_central.calls import Call, Context, Emit, Pages, Stream
from seller_central.errors import BadRequestError, InvalidInputError
from seller_central.pagination import PageWalk
from seller_central.windows import AMAZON_DELAY, CLOCK_SKEW, latest_window_end, utc_now
from seller_central.windows import iso as _iso
from seller_central.windows import parse_instant as _parse
from seller_central.windows import utc as _utc

if TYPE_CHECKING:
    from selling_partner_api.orders_v0.models import Order, OrderAddress, OrderItem

__all__ = [
    "AMAZON_DELAY",
    "CLOCK_SKEW",
    "EDGE",
    "ENRICHMENTS",
    "SqliteSyncStore",
    "SyncStore",
    "SyncedOrder",
    "latest_window_end",
    "sync_orders",
]

#: Changes this close to a window's end are remembered, to be skipped when the next window returns them
#: (Amazon writes ``LastUpdateDate`` to the second; a second of slack covers a rounding either way).
EDGE = datetime.timedelta(seconds=1)
#: What ``enrich`` may ask for.
ENRICHMENTS = ("items", "address")

_STATE_VERSION = 1
_MAX_MARKETPLACES = 50
_PAGE_SIZE_MAX = 100
#: One Restricted Data Token names the addresses of at most this many orders (a full getOrders page).
_RDT_BATCH = 100

logger = logging.getLogger(__name__)

# The orders actions' cursors, which the tests check against the operation table.
_ORDERS = CURSORS["list_orders"]
_ITEMS = CURSORS["get_order_items"]

# -- the state store ----------------------------------------------------------------------------------------


@runtime_checkable
class SyncStore(Protocol):
    """Where a sync keeps its progress: one text value per key, replaced whole.

    ``save`` must be atomic and durable when it returns (the sync calls it after the caller consumed a page,
    and relies on it afterwards); ``load`` returns the last value saved, or ``None`` for a key never saved.
    The value is a small JSON document (a watermark, the open window, the changes at its edge).
    """

    def load(self, key: str) -> str | None:
        """Return the value saved under ``key``, or ``None``."""

    def save(self, key: str, value: str) -> None:
        """Replace the value under ``key``, atomically and durably."""


class SqliteSyncStore:
    """A :class:`SyncStore` in a SQLite file (created on first use): a row per key, a transaction per save.

    Blocking, but each call is one small local statement; the asyncio client uses it as is.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        """Open (or create) the file; its directory must exist."""
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("CREATE TABLE IF NOT EXISTS sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")

    def load(self, key: str) -> str | None:
        """Return the value saved under ``key``, or ``None``."""
        with self._lock:
            row = self._db.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def save(self, key: str, value: str) -> None:
        """Replace the value under ``key`` in one committed transaction."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT INTO sync_state (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()

    def __repr__(self) -> str:
        return f"SqliteSyncStore({str(self.path)!r})"


# -- what a sync yields -------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SyncedOrder:
    """One change of one order: the order as getOrders returned it, and what ``enrich`` added.

    Attributes:
        order: The typed order (Orders v0 ``Order``).
        items: Its items (every page of getOrderItems) when ``enrich`` has ``"items"``, else ``None``.
        address: Its address (getOrderAddress) when ``enrich`` has ``"address"``, else ``None``.
    """

    order: Order
    items: tuple[OrderItem, ...] | None = None
    address: OrderAddress | None = None

    @property
    def amazon_order_id(self) -> str:
        """The order's id."""
        return str(self.order.amazon_order_id)

    @property
    def last_update_date(self) -> str:
        """The change's ``LastUpdateDate`` as Amazon wrote it."""
        return _text(self.order.last_update_date)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: ``{"order": ...}``, plus ``"items"`` and ``"address"`` when enriched."""
        out: dict[str, Any] = {"order": self.order.to_dict()}
        if self.items is not None:
            out["items"] = [item.to_dict() for item in self.items]
        if self.address is not None:
            out["address"] = self.address.to_dict()
        return out


# -- times ------------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        text = getattr(value, "_text", None)  # codec.ReadDateTime keeps the text it was read from
        return str(text) if text else value.isoformat()
    return str(value)


def _moment(value: Any) -> datetime.datetime | None:
    """Return a ``LastUpdateDate`` as an aware UTC time, or ``None`` when it is not a date-time."""
    try:
        return _utc(value) if isinstance(value, datetime.datetime) else _parse(str(value))
    except ValueError:
        return None


# -- the state ---------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Window:
    start: datetime.datetime
    end: datetime.datetime
    next_token: str | None = None


@attrs.frozen(kw_only=True)
class _State:
    watermark: datetime.datetime | None = None
    window: _Window | None = None
    #: Changes delivered at the edge of the last window (and during the open one): (order id, moment ISO).
    seen: frozenset[tuple[str, str]] = frozenset()

    def dumps(self) -> str:
        window = self.window
        return json.dumps(
            {
                "version": _STATE_VERSION,
                "watermark": _iso(self.watermark) if self.watermark else None,
                "window": None
                if window is None
                else {"start": _iso(window.start), "end": _iso(window.end), "next_token": window.next_token},
                "seen": sorted(self.seen),
            }
        )

    @classmethod
    def loads(cls, text: str | None, *, key: str) -> _State:
        if text is None:
            return cls()
        try:
            data = json.loads(text)
            if data.get("version") != _STATE_VERSION:
                msg = f"version {data.get('version')!r}"
                raise ValueError(msg)  # noqa: TRY301 (one message for every unreadable state)
            window = data.get("window")
            return cls(
                watermark=_parse(data["watermark"]) if data.get("watermark") else None,
                window=None
                if window is None
                else _Window(
                    start=_parse(window["start"]),
                    end=_parse(window["end"]),
                    next_token=window.get("next_token"),
                ),
                seen=frozenset((str(order), str(moment)) for order, moment in data.get("seen", ())),
            )
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            msg = f"the sync state under {key!r} cannot be read ({exc}); remove it to start again from since"
            raise InvalidInputError(msg, label="state") from None


def _change(order: Order) -> tuple[str, str, datetime.datetime | None]:
    moment = _moment(order.last_update_date)
    return str(order.amazon_order_id), moment.isoformat() if moment else _text(order.last_update_date), moment


# -- the sync ----------------------------------------------------------------------------------------------


def _store(state: Any) -> SyncStore | Path:
    """Return the store, or the path of the SQLite file to open when the sync starts."""
    if isinstance(state, str | os.PathLike):
        if not str(state).strip():
            msg = "state: give a file path or a SyncStore"
            raise InvalidInputError(msg, label="state")
        return Path(state)
    if isinstance(state, SyncStore):
        return state
    kind = type(state).__name__
    msg = f"state: expected a file path or an object with load(key) and save(key, value), got {kind}"
    raise InvalidInputError(msg, label="state")


def sync_orders(
    context: Context,
    *,
    marketplace_ids: Sequence[str],
    state: str | os.PathLike[str] | SyncStore,
    since: datetime.datetime | str | None = None,
    enrich: Iterable[str] = (),
    page_size: int = _PAGE_SIZE_MAX,
    now: Callable[[], datetime.datetime] | None = None,
) -> Stream[SyncedOrder]:
    """Check the inputs (nothing is sent yet) and return the sync's body; see the module docstring.

    Raises:
        InvalidInputError: naming the input (``marketplace_ids``, ``state``, ``since``, ``enrich``,
            ``page_size``), before anything is sent or any file is opened.
    """
    ids = validation.marketplace_ids(
        marketplace_ids, context, label="marketplace_ids", max_items=_MAX_MARKETPLACES
    )
    seed = validation.instant(since, label="since") if since is not None else None
    wanted = (
        tuple(dict.fromkeys(validation.choices(list(enrich), label="enrich", allowed=ENRICHMENTS)))
        if enrich
        else ()
    )
    size = validation.integer(page_size, label="page_size", minimum=1, maximum=_PAGE_SIZE_MAX)
    key = "orders_v0.getOrders " + ",".join(sorted(set(ids)))
    return _run(
        state=_store(state),
        key=key,
        marketplace_ids=ids,
        seed=seed,
        enrich=wanted,
        page_size=size,
        now=now or utc_now,
    )


def _run(
    *,
    state: SyncStore | Path,
    key: str,
    marketplace_ids: list[str],
    seed: datetime.datetime | None,
    enrich: tuple[str, ...],
    page_size: int,
    now: Callable[[], datetime.datetime],
) -> Stream[SyncedOrder]:
    if isinstance(state, Path):
        try:
            store: SyncStore = SqliteSyncStore(state)  # opened on the first step, closed on the last
        except sqlite3.Error as exc:
            msg = f"state: cannot open {str(state)!r} as a SQLite file ({exc})"
            raise InvalidInputError(msg, label="state") from None
    else:
        store = state
    try:
        current = _State.loads(store.load(key), key=key)
        run_end = latest_window_end(now())
        while True:
            if current.window is None:
                start = current.watermark or seed
                if start is None:
                    msg = "since: the first run of a sync needs since (the time to start from)"
                    raise InvalidInputError(msg, label="since")
                if start >= run_end:
                    if current.watermark is None:  # a first run with nothing to fetch yet: remember since
                        store.save(key, attrs.evolve(current, watermark=start).dumps())
                    return
                # Recorded before the first request: a restart asks for this very window again.
                current = attrs.evolve(current, window=_Window(start=start, end=run_end))
                store.save(key, current.dumps())
            current = yield from _window(
                current,
                store=store,
                key=key,
                marketplace_ids=marketplace_ids,
                enrich=enrich,
                page_size=page_size,
            )
    finally:
        if isinstance(store, SqliteSyncStore) and store is not state:
            store.close()


def _window(
    current: _State,
    *,
    store: SyncStore,
    key: str,
    marketplace_ids: list[str],
    enrich: tuple[str, ...],
    page_size: int,
) -> Generator[Any, Any, _State]:
    """Fetch, hand out and record every page of the open window; return the state with it completed."""
    window = current.window
    assert window is not None  # noqa: S101 (the caller opened it)
    arguments: dict[str, Any] = {
        "marketplace_ids": marketplace_ids,
        "last_updated_after": _iso(window.start),
        "last_updated_before": _iso(window.end),
        "max_results_per_page": page_size,
    }
    if window.next_token:
        arguments["next_token"] = window.next_token
    pages: Pages[Any, Order] = _ORDERS.pages(Call(op=get_orders_op, arguments=arguments))
    walk: PageWalk[Any] = PageWalk(pages)
    call: Call[Any] | None = pages.first
    edge = window.end - EDGE
    seen = set(current.seen)
    # The changes within EDGE of the window's end, each parsed once (not every page again): a page's state
    # keeps them, and the next window skips them when Amazon lists them again.
    at_edge = {change for change in seen if _at_edge(change, edge)}
    while call is not None:
        try:
            page = yield call
        except BadRequestError:
            if call is not pages.first or not window.next_token:
                raise
            # Amazon no longer takes the page token this window recorded (it expired): start the window over
            # from its first page. Pages already handed out come again; none is skipped.
            logger.warning("getOrders refused the recorded page token; restarting the window from its start")
            window = attrs.evolve(window, next_token=None)
            pages = _ORDERS.pages(Call(op=get_orders_op, arguments=_without_token(arguments)))
            walk = PageWalk(pages)
            call = pages.first
            continue
        fresh: list[Order] = []
        for order in pages.items(page):
            change = _change(order)
            if change[:2] in seen:
                continue
            seen.add(change[:2])  # also a change listed twice in one window
            if change[2] is not None and change[2] >= edge:
                at_edge.add(change[:2])
            fresh.append(order)
        following = walk.after(call, page)
        synced = yield from _enriched(fresh, enrich)
        for one in synced:
            yield Emit(one)
        # The caller asked for the value after this page's last order: the page is consumed.
        if following is None:
            current = _State(watermark=window.end, window=None, seen=frozenset(at_edge))
        else:
            token = following.arguments["next_token"]
            current = attrs.evolve(
                current,
                window=attrs.evolve(window, next_token=token),
                seen=current.seen | at_edge,
            )
        store.save(key, current.dumps())
        call = following
    return current


def _without_token(arguments: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in arguments.items() if name != "next_token"}


def _at_edge(change: tuple[str, str], edge: datetime.datetime) -> bool:
    moment = _moment(change[1])
    return moment is not None and moment >= edge


def _enriched(orders: list[Order], enrich: tuple[str, ...]) -> Generator[Any, Any, list[SyncedOrder]]:
    """Return the orders with their items and addresses (as asked); addresses through one RDT per batch."""
    if not enrich or not orders:
        return [SyncedOrder(order=order) for order in orders]
    items: dict[str, tuple[OrderItem, ...]] = {}
    if "items" in enrich:
        for order in orders:
            order_id = str(order.amazon_order_id)
            pages: Pages[Any, OrderItem] = _ITEMS.pages(
                Call(op=get_order_items_op, arguments={"order_id": order_id})
            )
            walk: PageWalk[Any] = PageWalk(pages)
            collected: list[OrderItem] = []
            call: Call[Any] | None = pages.first
            while call is not None:
                page = yield call
                collected.extend(pages.items(page))
                call = walk.after(call, page)
            items[order_id] = tuple(collected)
    addresses: dict[str, OrderAddress] = {}
    if "address" in enrich:
        for batch_start in range(0, len(orders), _RDT_BATCH):
            batch = [str(order.amazon_order_id) for order in orders[batch_start : batch_start + _RDT_BATCH]]
            resources = [
                {"method": "GET", "path": f"/orders/v0/orders/{quote(order_id, safe='')}/address"}
                for order_id in batch
            ]
            answer = yield Call(
                op=create_restricted_data_token_op, arguments={"body": {"restrictedResources": resources}}
            )
            token = str(answer.restricted_data_token)
            for order_id in batch:
                response = yield Call(op=get_order_address_op, arguments={"order_id": order_id}, rdt=token)
                if response.payload:
                    addresses[order_id] = response.payload
    return [
        SyncedOrder(
            order=order,
            items=items.get(str(order.amazon_order_id)) if "items" in enrich else None,
            address=addresses.get(str(order.amazon_order_id)),
        )
        for order in orders
    ]
