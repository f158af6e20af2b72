"""Many sellers on one connection pool: ``for_seller`` children over real loopback sockets.

A small keep-alive HTTP/1.1 server stands in for SP-API and LWA on one port. It hands each refresh token its
own access token, and records every request (path, token sent) and every TCP connection it accepts, so the
tests check on the wire that sellers sharing one pool never mix tokens, that each seller's token request used
its own refresh token, and that the pool opens no more connections than the requests in flight need.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from seller_central.client import AsyncSellerCentral, SellerCentral
from seller_central.connection import OAuthConnection
from seller_central.errors import ClientClosedError

FEED_PATH = "/feeds/2021-06-30/feeds/"


def access_token_for(refresh_token: str) -> str:
    return f"Atza|issued-to-{refresh_token.removeprefix('Atzr|')}"


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.connections = 0
        self.token_requests: list[str] = []  # the refresh token of each token request
        self.calls: list[tuple[str, str]] = []  # (feed id, access token sent) of each getFeed

    def process_request(self, request: object, client_address: object) -> None:  # type: ignore[override]
        with self.lock:
            self.connections += 1
        super().process_request(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a pooled connection serves many requests
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        del format, args

    def _answer(self, body: dict[str, object]) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        form = parse_qs(self.rfile.read(int(self.headers["content-length"])).decode())
        refresh = form["refresh_token"][0]
        with self.server.lock:
            self.server.token_requests.append(refresh)
        self._answer({"access_token": access_token_for(refresh), "token_type": "bearer", "expires_in": 3600})

    def do_GET(self) -> None:
        feed_id = self.path.removeprefix(FEED_PATH)
        with self.server.lock:
            self.server.calls.append((feed_id, self.headers.get("x-amz-access-token", "")))
        self._answer(
            {
                "feedId": feed_id,
                "feedType": "POST_PRODUCT_DATA",
                "createdTime": "2026-11-01T00:00:00Z",
                "processingStatus": "DONE",
            }
        )


@pytest.fixture
def server() -> Iterator[_Server]:
    with _Server() as running:
        thread = threading.Thread(target=running.serve_forever, daemon=True)
        thread.start()
        yield running
        running.shutdown()


def seller(server: _Server, number: int) -> OAuthConnection:
    url = f"http://127.0.0.1:{server.server_address[1]}"
    return OAuthConnection(
        client_id="amzn1.application-oa2-client.many-sellers",
        client_secret="many-sellers-secret",
        refresh_token=f"Atzr|seller-{number}",
        endpoint=url,
        token_url=f"{url}/auth/o2/token",
    )


def feed_id(number: int, call: int) -> str:
    return f"seller-{number}-call-{call}"


def check_each_request_carried_its_sellers_token(server: _Server, sellers: int, calls: int) -> None:
    assert sorted(server.token_requests) == sorted(f"Atzr|seller-{n}" for n in range(sellers))
    assert len(server.calls) == sellers * calls
    for sent_for, token in server.calls:
        number = int(sent_for.split("-")[1])
        assert token == access_token_for(f"Atzr|seller-{number}"), sent_for


# -- sharing one pool, each seller its own token --------------------------------------------------------


def test_two_sellers_on_one_pool_send_their_own_tokens_interleaved_from_threads(server):
    """Two sync children of one client, called from threads at once: every request carries its seller's token."""
    with SellerCentral(seller(server, 0), rate_limit=False) as parent:
        children = [parent.for_seller(seller(server, n)) for n in (1, 2)]

        def call(job: tuple[int, int]) -> str:
            number, index = job
            return children[number - 1].get_feed(feed_id=feed_id(number, index)).feed_id

        jobs = [(number, index) for index in range(20) for number in (1, 2)]
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(call, jobs))

    assert answers == [feed_id(number, index) for number, index in jobs]
    assert sorted(server.token_requests) == ["Atzr|seller-1", "Atzr|seller-2"]
    for sent_for, token in server.calls:
        assert token == access_token_for(f"Atzr|{sent_for.split('-call-')[0]}"), sent_for
    assert server.connections <= 4  # one pool for both sellers and their token requests, 4 threads


@pytest.mark.parametrize("http", ["httpx", "aiohttp"])
def test_two_sellers_on_one_pool_send_their_own_tokens_interleaved_from_tasks(server, http):
    """Two async children, their calls interleaved on one event loop: each request carries its own token."""

    async def run() -> list[str]:
        async with AsyncSellerCentral(seller(server, 0), rate_limit=False, http=http) as parent:
            children = {n: parent.for_seller(seller(server, n)) for n in (1, 2)}
            gate = asyncio.Semaphore(3)

            async def call(number: int, index: int) -> str:
                async with gate:
                    feed = await children[number].get_feed(feed_id=feed_id(number, index))
                    return feed.feed_id

            return await asyncio.gather(*(call(n, i) for i in range(20) for n in (1, 2)))

    answers = asyncio.run(run())

    assert answers == [feed_id(n, i) for i in range(20) for n in (1, 2)]
    assert sorted(server.token_requests) == ["Atzr|seller-1", "Atzr|seller-2"]
    for sent_for, token in server.calls:
        assert token == access_token_for(f"Atzr|{sent_for.split('-call-')[0]}"), sent_for
    assert server.connections <= 3  # at most 3 requests in flight, token requests included


def test_many_sellers_open_no_more_connections_than_requests_in_flight(server):
    """Ten sellers, four threads: four connections at most for 50 calls and 10 token requests."""
    sellers, calls = 10, 5
    with SellerCentral(seller(server, 0), rate_limit=False) as parent:
        children = [parent.for_seller(seller(server, n)) for n in range(sellers)]
        jobs = [(n, i) for i in range(calls) for n in range(sellers)]
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda job: children[job[0]].get_feed(feed_id=feed_id(*job)), jobs))

    check_each_request_carried_its_sellers_token(server, sellers, calls)
    assert server.connections <= 4


def test_one_client_sends_its_token_request_and_its_calls_over_one_connection(server):
    """A client alone: the LWA token request and the SP-API calls (one host here) share its one pool."""
    with SellerCentral(seller(server, 0), rate_limit=False) as api:
        for index in range(3):
            api.get_feed(feed_id=feed_id(0, index))

    assert server.token_requests == ["Atzr|seller-0"]
    assert server.connections == 1


# -- closing ------------------------------------------------------------------------------------------


def test_closing_a_child_leaves_the_pool_open_for_the_parent_and_the_others(server):
    with SellerCentral(seller(server, 0), rate_limit=False) as parent:
        first, second = parent.for_seller(seller(server, 1)), parent.for_seller(seller(server, 2))
        first.get_feed(feed_id=feed_id(1, 0))
        first.close()

        second.get_feed(feed_id=feed_id(2, 0))
        parent.get_feed(feed_id=feed_id(0, 0))
        with pytest.raises(ClientClosedError):
            first.get_feed(feed_id=feed_id(1, 1))

    assert [sent for sent, _ in server.calls] == [feed_id(1, 0), feed_id(2, 0), feed_id(0, 0)]
    assert server.connections == 1


def test_a_child_of_a_closed_parent_raises_before_sending(server):
    parent = SellerCentral(seller(server, 0), rate_limit=False)
    child = parent.for_seller(seller(server, 1))
    child.get_feed(feed_id=feed_id(1, 0))
    parent.close()

    with pytest.raises(ClientClosedError):
        child.get_feed(feed_id=feed_id(1, 1))
    with pytest.raises(ClientClosedError):
        parent.for_seller(seller(server, 2))
    with pytest.raises(ClientClosedError):
        child.for_seller(seller(server, 3))
    assert [sent for sent, _ in server.calls] == [feed_id(1, 0)]


def test_a_child_of_a_closed_parent_fetches_no_token_either(server):
    """A child that never called gets ClientClosedError, not a token request through a closed pool."""
    parent = SellerCentral(seller(server, 0), rate_limit=False)
    child = parent.for_seller(seller(server, 1))
    parent.close()

    with pytest.raises(ClientClosedError):
        child.get_feed(feed_id=feed_id(1, 0))
    assert server.token_requests == []
    assert server.connections == 0


@pytest.mark.parametrize("http", ["httpx", "aiohttp"])
def test_async_closing_a_child_leaves_the_pool_and_closing_the_parent_ends_it(server, http):
    async def run() -> None:
        parent = AsyncSellerCentral(seller(server, 0), rate_limit=False, http=http)
        first, second = parent.for_seller(seller(server, 1)), parent.for_seller(seller(server, 2))
        await first.get_feed(feed_id=feed_id(1, 0))
        await first.aclose()
        await second.get_feed(feed_id=feed_id(2, 0))
        await parent.aclose()
        with pytest.raises(ClientClosedError):
            await second.get_feed(feed_id=feed_id(2, 1))

    asyncio.run(run())

    assert [sent for sent, _ in server.calls] == [feed_id(1, 0), feed_id(2, 0)]
    assert server.connections == 1


# -- what a child inherits, and what it keeps for itself ---------------------------------------------------


def test_each_seller_has_its_own_rate_limit_buckets(server):
    """One seller using up getFeed's burst makes only that seller wait; the other's bucket is still full."""
    waits: list[float] = []
    with SellerCentral(seller(server, 0), sleep=waits.append, clock=lambda: 1000.0) as parent:
        first, second = parent.for_seller(seller(server, 1)), parent.for_seller(seller(server, 2))
        free = 0
        while not waits:  # the frozen clock refills nothing: count the calls the burst lets through
            first.get_feed(feed_id=feed_id(1, free))
            free += 1
        assert free > 1
        for index in range(free - 1):
            second.get_feed(feed_id=feed_id(2, index))

    assert len(waits) == 1  # only the first seller's call past its burst waited


def test_a_child_shares_the_parents_options_but_not_its_credentials(server):
    with SellerCentral(seller(server, 0), timeout=7.5, rate_limit=False) as parent:
        child = parent.for_seller(seller(server, 1))

        assert child.connection == seller(server, 1)
        assert child.tokens is not parent.tokens
        assert child._http.timeout == parent._http.timeout
        assert child._http.timeout.read == 7.5
        assert child.tokens.key() != parent.tokens.key()
