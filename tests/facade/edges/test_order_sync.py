"""Incremental order sync against the local sandbox's stateful orders: every change once, none missed.

The sandbox's OrdersScenario plays getOrders with LastUpdateDate windows (both ends inclusive), NextToken
cursors and Amazon's two-minute rule, on a clock the test moves; the client's ``now`` is the same clock.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seller_central import AsyncSellerCentral, SellerCentral
from seller_central.calls import Call
from seller_central.connection import OAuthConnection
from seller_central.errors import APIError, InvalidInputError
from seller_central.order_sync import SyncStore
from seller_central.retry import RetryPolicy
from seller_central.sandbox import SandboxServer
from seller_central.sandbox.scenarios import OrdersScenario
from seller_central.windows import latest_window_end, parse_instant
from selling_partner_api.orders_v0.api import get_order_address

pytestmark = pytest.mark.xdist_group("order_sync")

US = "ATVPDKIKX0DER"
START = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)
SINCE = START - datetime.timedelta(days=1)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += datetime.timedelta(**delta)

    def ago(self, **delta: float) -> datetime.datetime:
        return self.now - datetime.timedelta(**delta)


class KillError(Exception):
    """The consumer dies."""


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    scenario = OrdersScenario()
    with SandboxServer(scenarios=[scenario]) as running:
        running.scenario = scenario  # type: ignore[attr-defined]
        yield running


@pytest.fixture
def clock(server: SandboxServer) -> Clock:
    clock = Clock()
    scenario: OrdersScenario = server.scenario  # type: ignore[attr-defined]
    scenario.orders.clear()
    scenario.items.clear()
    scenario.clock = clock
    server.clear_requests()
    return clock


@pytest.fixture
def orders(server: SandboxServer, clock: Clock) -> OrdersScenario:
    return server.scenario  # type: ignore[attr-defined]


def connection(server: SandboxServer) -> OAuthConnection:
    return OAuthConnection(
        client_id="app",
        client_secret="sync-test-secret",
        refresh_token="Atzr|sync-test",
        endpoint=server.url,
        token_url=server.token_url,
        is_sandbox=True,
    )


def api(server: SandboxServer) -> SellerCentral:
    return SellerCentral(connection(server), rate_limit=False, retry=RetryPolicy(max_attempts=1))


def run(
    server: SandboxServer,
    clock: Clock,
    state: Any,
    *,
    kill_after: int | None = None,
    asked: bool = False,
    **options: Any,
) -> list[tuple[str, str]]:
    """One run of the sync, whose consumer dies once it handled ``kill_after`` orders.

    It dies before asking for the next order, or (``asked``) while receiving it, i.e. after asking.
    """
    got: list[tuple[str, str]] = []
    options.setdefault("since", SINCE)
    options.setdefault("page_size", 2)
    with api(server) as client:
        synced_orders = client.sync_orders(marketplace_ids=[US], state=state, now=clock, **options)
        try:
            consume(synced_orders, got, kill_after, asked=asked)
        except KillError:
            pass
        finally:
            synced_orders.close()  # what the end of a killed process amounts to: nothing more of the sync runs
    return got


def consume(
    synced_orders: Iterator[Any], got: list[tuple[str, str]], kill_after: int | None, *, asked: bool
) -> None:
    if kill_after == 0 and not asked:
        raise KillError
    for synced in synced_orders:
        if asked and len(got) == kill_after:
            raise KillError
        got.append((synced.amazon_order_id, synced.last_update_date))
        if not asked and len(got) == kill_after:
            raise KillError


def order_id(number: int) -> str:
    return f"902-{number:07d}-{number:07d}"


def changes(scenario: OrdersScenario, ids: list[str]) -> set[tuple[str, str]]:
    return {(i, scenario.orders[i]["LastUpdateDate"]) for i in ids}


def get_orders_queries(server: SandboxServer) -> list[dict[str, tuple[str, ...]]]:
    return [dict(r.query) for r in server.requests if r.operation == "orders_v0.getOrders"]


# -- the basics -------------------------------------------------------------------------------------------


def test_the_first_run_needs_since_and_sends_nothing_without_it(server, clock, orders, tmp_path):
    with api(server) as client, pytest.raises(InvalidInputError) as caught:
        list(client.sync_orders(marketplace_ids=[US], state=tmp_path / "s.db", now=clock))
    assert caught.value.label == "since"
    assert get_orders_queries(server) == []


@pytest.mark.parametrize(
    ("options", "label"),
    [
        ({"marketplace_ids": []}, "marketplace_ids"),
        ({"since": "yesterday"}, "since"),
        ({"enrich": ["items", "buyer"]}, "enrich"),
        ({"page_size": 0}, "page_size"),
        ({"state": 42}, "state"),
    ],
)
def test_bad_inputs_are_refused_by_name_before_anything_is_sent(server, clock, tmp_path, options, label):
    arguments: dict[str, Any] = {
        "marketplace_ids": [US],
        "state": tmp_path / "s.db",
        "since": START,
        **options,
    }
    with api(server) as client, pytest.raises(InvalidInputError) as caught:
        client.sync_orders(now=clock, **arguments)
    assert caught.value.label == label
    assert server.requests == []


def test_since_seeds_only_the_first_run_and_changes_between_runs_come_once(server, clock, orders, tmp_path):
    state = tmp_path / "orders.sqlite"
    orders.put(order_id(1), updated=clock.ago(minutes=60))
    orders.put(order_id(2), updated=clock.ago(minutes=30))
    orders.put(order_id(3), updated=clock.ago(minutes=20))
    first = run(server, clock, state, since=clock.ago(minutes=45))
    assert set(first) == changes(orders, [order_id(2), order_id(3)])  # order 1 is older than since

    clock.advance(minutes=10)
    orders.put(order_id(2), updated=clock.ago(minutes=5), status="Shipped")  # changed after run 1
    orders.put(order_id(4), updated=clock.ago(minutes=4))  # created after run 1
    second = run(server, clock, state, since=clock.ago(days=30))  # since is ignored now
    assert second == sorted(changes(orders, [order_id(2), order_id(4)]), key=lambda c: (c[1], c[0]))

    clock.advance(minutes=10)
    assert run(server, clock, state) == []  # nothing changed


def test_the_window_ends_two_minutes_and_a_margin_before_now_and_the_next_starts_there(
    server, clock, orders, tmp_path
):
    state = tmp_path / "orders.sqlite"
    orders.put(order_id(1), updated=clock.ago(minutes=10))
    run(server, clock, state)
    clock.advance(minutes=7, seconds=13, microseconds=400)
    run(server, clock, state)
    first, second = get_orders_queries(server)
    end_1 = parse_instant(first["LastUpdatedBefore"][0])
    end_2 = parse_instant(second["LastUpdatedBefore"][0])
    assert end_1 == latest_window_end(START)
    assert end_1 <= START - datetime.timedelta(minutes=2, seconds=30)
    assert end_2 == latest_window_end(clock.now)
    assert end_2 <= clock.now - datetime.timedelta(minutes=2)
    assert end_2.microsecond == 0
    assert second["LastUpdatedAfter"] == first["LastUpdatedBefore"]  # inclusive ends meet, no gap
    assert all(r.status == 200 for r in server.requests if r.operation == "orders_v0.getOrders")


def test_an_order_at_the_window_edge_is_returned_twice_by_amazon_but_delivered_once(
    server, clock, orders, tmp_path
):
    state = tmp_path / "orders.sqlite"
    edge = latest_window_end(clock.now)
    orders.put(order_id(1), updated=edge)  # exactly at the end of run 1's window
    assert run(server, clock, state) == [(order_id(1), orders.orders[order_id(1)]["LastUpdateDate"])]
    clock.advance(minutes=5)
    server.clear_requests()
    assert run(server, clock, state) == []
    (query,) = get_orders_queries(server)
    assert parse_instant(query["LastUpdatedAfter"][0]) == edge  # the server did return it again (inclusive)
    clock.advance(minutes=5)
    orders.put(order_id(1), updated=clock.ago(minutes=3), status="Shipped")  # a new change of the same order
    assert run(server, clock, state) == [(order_id(1), orders.orders[order_id(1)]["LastUpdateDate"])]


def test_the_state_is_a_sqlite_file_a_new_process_reads(server, clock, orders, tmp_path):
    state = tmp_path / "orders.sqlite"
    orders.put(order_id(1), updated=clock.ago(minutes=10))
    run(server, clock, state)
    with sqlite3.connect(state) as db:
        ((key, value),) = db.execute("SELECT key, value FROM sync_state").fetchall()
    saved = json.loads(value)
    assert key == f"orders_v0.getOrders {US}"
    assert saved["window"] is None
    assert parse_instant(saved["watermark"]) == latest_window_end(START)


class DictStore:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.saves = 0

    def load(self, key: str) -> str | None:
        return self.values.get(key)

    def save(self, key: str, value: str) -> None:
        self.saves += 1
        self.values[key] = value


def test_any_store_with_load_and_save_will_do(server, clock, orders):
    store = DictStore()
    assert isinstance(store, SyncStore)
    for number in range(1, 6):
        orders.put(order_id(number), updated=clock.ago(minutes=10 - number))
    assert len(run(server, clock, store)) == 5
    assert store.saves == 1 + 3  # the window when opened, then each of the three pages once consumed


# -- crashes ----------------------------------------------------------------------------------------------


def seed_orders(orders: OrdersScenario, clock: Clock, count: int) -> list[str]:
    ids = [order_id(n) for n in range(1, count + 1)]
    for n, oid in enumerate(ids):
        orders.put(oid, updated=clock.ago(minutes=60 - n))
    return ids


@pytest.mark.parametrize("asked", [False, True], ids=["before-asking-for-more", "after-asking-for-more"])
@pytest.mark.parametrize("kill_after", range(8))
def test_a_consumer_killed_anywhere_gets_every_change_after_a_restart(  # noqa: PLR0917 (fixtures)
    server, clock, orders, tmp_path, kill_after, asked
):
    """7 orders, pages of 2 (4 pages): the consumer dies after handling k orders, at every k.

    Dying after the last order of a page without asking for more is the crash between consuming a page and
    recording it: that page comes again. Asking for more records it first.
    """
    state = tmp_path / "orders.sqlite"
    ids = seed_orders(orders, clock, 7)
    expected = changes(orders, ids)
    first = run(server, clock, state, kill_after=kill_after, asked=asked)
    assert len(first) == kill_after
    second = run(server, clock, state)  # the restart, at the same time: resumes the recorded window
    delivered = first + second
    assert set(delivered) == expected  # none missing
    duplicates = Counter(delivered) - Counter(set(delivered))
    # Only the orders of the page being read when the consumer died come again: it was never recorded.
    consumed = kill_after if asked else max(kill_after - 1, 0)  # orders after which it asked for more
    recorded = max((end for end in (2, 4, 6, 7) if end <= consumed), default=0)  # the pages' last orders
    interrupted = first[recorded:]
    assert sorted(duplicates.elements()) == sorted(interrupted)


@pytest.mark.parametrize("failing_request", [1, 2, 3, 4])
def test_a_failure_between_two_pages_resumes_at_the_recorded_page(
    server, clock, orders, tmp_path, failing_request
):
    state = tmp_path / "orders.sqlite"
    ids = seed_orders(orders, clock, 7)
    expected = changes(orders, ids)
    orders.fail(failing_request)
    first: list[tuple[str, str]] = []
    with api(server) as client:
        synced_orders = client.sync_orders(
            marketplace_ids=[US], state=state, since=SINCE, now=clock, page_size=2
        )
        with pytest.raises(APIError):
            consume(synced_orders, first, None, asked=False)
    assert len(first) == 2 * (failing_request - 1)
    server.clear_requests()
    second = run(server, clock, state)
    assert sorted(first + second) == sorted(expected)  # no duplicate, nothing missing
    resumed = get_orders_queries(server)[0]
    assert ("NextToken" in resumed) == (failing_request > 1)  # the restart asks for the page that failed


def test_a_crash_in_an_old_window_resumes_it_then_runs_up_to_now(server, clock, orders, tmp_path):
    state = tmp_path / "orders.sqlite"
    ids = seed_orders(orders, clock, 5)
    first = run(server, clock, state, kill_after=3)
    clock.advance(hours=1)
    orders.put(order_id(9), updated=clock.ago(minutes=30))
    orders.put(ids[0], updated=clock.ago(minutes=20), status="Shipped")
    server.clear_requests()
    second = run(server, clock, state)
    queries = get_orders_queries(server)
    assert "NextToken" in queries[0]
    assert parse_instant(queries[-1]["LastUpdatedBefore"][0]) == latest_window_end(clock.now)
    assert set(first + second) == changes(orders, [*ids, order_id(9)]) | {(ids[0], first[0][1])}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sessions=st.lists(
        st.tuples(
            st.lists(st.tuples(st.integers(1, 12), st.integers(3, 9)), max_size=6),  # (order, minutes ago)
            st.lists(st.integers(0, 6), max_size=3),  # kill points of this session's runs
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_schedule_of_changes_and_kills_delivers_every_change(server, orders, sessions):
    clock = Clock()
    orders.orders.clear()
    orders.clock = clock
    store = DictStore()
    expected: set[tuple[str, str]] = set()
    delivered: list[tuple[str, str]] = []
    kills = 0
    for changed, kill_points in sessions:
        clock.advance(minutes=10)
        touched = []
        for number, minutes in changed:
            orders.put(order_id(number), updated=clock.ago(minutes=minutes))
            touched.append(order_id(number))
        expected |= changes(orders, touched)
        for kill_after in kill_points:
            got = run(server, clock, store, kill_after=kill_after)
            delivered += got
            kills += len(got) == kill_after
        delivered += run(server, clock, store)
    assert set(delivered) == expected
    assert len(delivered) - len(set(delivered)) <= 2 * kills  # at most one page again per kill


# -- async, enrichment ------------------------------------------------------------------------------------


def test_the_async_client_runs_the_same_sync(server, clock, orders, tmp_path):
    state = tmp_path / "orders.sqlite"
    ids = seed_orders(orders, clock, 5)

    async def consume(kill_after: int | None) -> list[tuple[str, str]]:
        got: list[tuple[str, str]] = []
        options = {"marketplace_ids": [US], "state": state, "since": SINCE, "now": clock, "page_size": 2}
        async with AsyncSellerCentral(connection(server), rate_limit=False) as client:
            async for synced in client.sync_orders(**options):
                if len(got) == kill_after:
                    break
                got.append((synced.amazon_order_id, synced.last_update_date))
        return got

    first = asyncio.run(consume(3))
    second = asyncio.run(consume(None))
    assert set(first + second) == changes(orders, ids)
    assert len(first + second) == 5 + 1  # order 3 (on the unrecorded second page) came twice


def test_enrichment_adds_items_and_addresses_with_one_rdt_per_page(server, clock, orders, tmp_path):
    ids = seed_orders(orders, clock, 3)
    with api(server) as client:
        synced = list(
            client.sync_orders(
                marketplace_ids=[US],
                state=tmp_path / "s.db",
                since=SINCE,
                now=clock,
                page_size=2,
                enrich=["items", "address"],
            )
        )
    assert [s.amazon_order_id for s in synced] == ids
    assert all(s.items and s.items[0].asin == "B00TESTASIN" for s in synced)
    assert [s.address.shipping_address.name for s in synced] == [f"Buyer of {i}" for i in ids]
    rdt_requests = [
        r for r in server.requests if r.operation == "tokens_2021_03_01.createRestrictedDataToken"
    ]
    assert len(rdt_requests) == 2  # two pages of orders, one RDT each
    first_batch = json.loads(rdt_requests[0].body)["restrictedResources"]
    assert [r["path"] for r in first_batch] == [f"/orders/v0/orders/{i}/address" for i in ids[:2]]
    assert synced[0].to_dict()["address"]["ShippingAddress"]["City"] == "Seattle"


def test_enrichment_is_off_by_default(server, clock, orders, tmp_path):
    seed_orders(orders, clock, 2)
    with api(server) as client:
        synced = list(
            client.sync_orders(marketplace_ids=[US], state=tmp_path / "s.db", since=SINCE, now=clock)
        )
    assert [s.items for s in synced] == [None, None]
    assert {r.operation for r in server.requests if r.operation} == {"orders_v0.getOrders"}


def test_a_state_file_that_is_not_sqlite_is_refused_by_name(server, clock, orders, tmp_path):
    state = tmp_path / "orders.sqlite"
    state.write_bytes(b"not a database, but somebody's notes" * 100)
    with api(server) as client:
        synced_orders = client.sync_orders(marketplace_ids=[US], state=state, since=SINCE, now=clock)
        with pytest.raises(InvalidInputError) as caught:
            next(synced_orders)
    assert caught.value.label == "state"
    assert get_orders_queries(server) == []


def test_the_batched_rdt_a_call_carries_is_never_in_its_repr():
    call = Call(op=get_order_address, arguments={"order_id": order_id(1)}, rdt="Atz.sprdt|secret-rdt-value")
    assert "secret-rdt-value" not in repr(call)


def test_an_expired_page_token_starts_the_window_over_and_skips_nothing(server, clock, orders, tmp_path):
    state = tmp_path / "orders.sqlite"
    ids = seed_orders(orders, clock, 7)
    first = run(server, clock, state, kill_after=3)  # page 1 recorded, page 2 read in part
    orders.expire_page_tokens()
    server.clear_requests()
    second = run(server, clock, state)
    assert set(first + second) == changes(orders, ids)
    assert sorted((Counter(first + second) - Counter(set(first + second))).elements()) == sorted(first)
    queries = get_orders_queries(server)
    assert "NextToken" in queries[0]  # the recorded token, refused
    assert "NextToken" not in queries[1]  # the window again from its first page, same bounds
    assert queries[1]["LastUpdatedBefore"] == queries[0]["LastUpdatedBefore"]
