"""A fast loopback fake of SP-API, Login with Amazon and S3, for the benchmarks only.

One asyncio process, a minimal HTTP/1.1 parser, canned answers built once at start-up: the server should
cost a small, constant part of each request, so the clients' own costs are what the benchmarks compare.
Every accepted socket gets ``TCP_NODELAY`` (without it, Nagle's algorithm and delayed ACKs add ~40 ms to
each keep-alive request), and connections stay open (HTTP/1.1 keep-alive, pipelining tolerated).

Routes:

- ``POST /auth/o2/token``: an LWA access token (counted: ``token_requests``).
- ``GET /orders/v0/orders``: a page of 100 orders, the same every time.
- ``GET /feeds/2021-06-30/feeds/{id}``: a small feed (a few hundred bytes).
- ``GET /catalog/2022-04-01/items``, ``GET /finances/v0/financialEvents``: large pages (``typed_pages.py``).
- ``GET /feeds/2021-06-30/documents/{id}``, ``GET /reports/2021-06-30/documents/{id}``: a document whose
  URL points at ``/docs/{size}.gz``; the id names the size in MiB (``doc-256`` is 256 MiB uncompressed).
- ``GET /docs/{size}.gz?X-Amz-...``: that GZIP document, streamed (a single GZIP member, like S3's).
- ``GET /__stats``, ``POST /__reset``: the counters, for the harness.

Run ``python fake_server.py`` (stdlib only); it prints ``PORT <n>`` once it listens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import sys
import zlib
from functools import cache

import typed_pages

ORDERS_PAGE_SIZE = 100
MARKETPLACE = "ATVPDKIKX0DER"
REQUEST_ID = b"3f2c9a4e-6d1b-4f0a-9e57-2b8c1d7a6e90"
# Rates Amazon reports in x-amzn-RateLimit-Limit (the documented plans).
RATE_ORDERS = b"0.0167"
RATE_FEED = b"2.0"
RATE_DOCUMENT = b"0.0167"

_STATUS = {200: b"OK", 400: b"Bad Request", 404: b"Not Found"}


def _response(
    status: int, body: bytes, *, content_type: bytes = b"application/json", rate: bytes = b""
) -> bytes:
    lines = [
        b"HTTP/1.1 %d %s" % (status, _STATUS[status]),
        b"Content-Type: " + content_type,
        b"Content-Length: %d" % len(body),
        b"x-amzn-RequestId: " + REQUEST_ID,
    ]
    if rate:
        lines.append(b"x-amzn-RateLimit-Limit: " + rate)
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


# -- canned bodies --------------------------------------------------------------------------------------


def _address(rng: random.Random) -> dict[str, object]:
    return {
        "Name": "Fulfilment Centre",
        "AddressLine1": f"{rng.randint(1, 9999)} Commerce Way",
        "City": rng.choice(["Seattle", "Austin", "Columbus", "Phoenix", "Denver"]),
        "StateOrRegion": rng.choice(["WA", "TX", "OH", "AZ", "CO"]),
        "PostalCode": f"{rng.randint(10000, 99999)}",
        "CountryCode": "US",
        "AddressType": "Commercial",
    }


def _order_id(rng: random.Random) -> str:
    return f"{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}-{rng.randint(1000000, 9999999)}"


def order(number: int, rng: random.Random) -> dict[str, object]:
    """One realistic Orders v0 order (what getOrders returns without PII)."""
    day = 1 + number % 28
    amount = f"{rng.randint(5, 400)}.{rng.randint(0, 99):02d}"
    return {
        "AmazonOrderId": _order_id(rng),
        "SellerOrderId": f"SO-{number:06d}",
        "PurchaseDate": f"2026-11-{day:02d}T10:{number % 60:02d}:00Z",
        "LastUpdateDate": f"2026-11-{day:02d}T18:{number % 60:02d}:00Z",
        "OrderStatus": rng.choice(["Unshipped", "Shipped", "Pending", "PartiallyShipped"]),
        "FulfillmentChannel": rng.choice(["MFN", "AFN"]),
        "SalesChannel": "Amazon.com",
        "ShipServiceLevel": "Std US D2D Dom",
        "OrderTotal": {"CurrencyCode": "USD", "Amount": amount},
        "NumberOfItemsShipped": rng.randint(0, 3),
        "NumberOfItemsUnshipped": rng.randint(0, 3),
        "PaymentMethod": "Other",
        "PaymentMethodDetails": ["Standard"],
        "MarketplaceId": MARKETPLACE,
        "ShipmentServiceLevelCategory": "Standard",
        "OrderType": "StandardOrder",
        "EarliestShipDate": f"2026-11-{day:02d}T07:00:00Z",
        "LatestShipDate": f"2026-11-{day:02d}T23:59:59Z",
        "EarliestDeliveryDate": f"2026-11-{min(day + 2, 28):02d}T07:00:00Z",
        "LatestDeliveryDate": f"2026-11-{min(day + 5, 28):02d}T06:59:59Z",
        "IsBusinessOrder": rng.random() < 0.1,
        "IsPrime": rng.random() < 0.5,
        "IsPremiumOrder": False,
        "IsGlobalExpressEnabled": False,
        "IsReplacementOrder": False,
        "IsSoldByAB": False,
        "IsISPU": False,
        "IsAccessPointOrder": False,
        "HasRegulatedItems": False,
        "DefaultShipFromLocationAddress": _address(rng),
        "ShippingAddress": {
            "StateOrRegion": rng.choice(["CA", "NY", "FL", "IL", "GA"]),
            "PostalCode": f"{rng.randint(10000, 99999)}-{rng.randint(1000, 9999)}",
            "City": rng.choice(["LOS ANGELES", "NEW YORK", "MIAMI", "CHICAGO", "ATLANTA"]),
            "CountryCode": "US",
        },
        "BuyerInfo": {},
        "AutomatedShippingSettings": {"HasAutomatedShippingSettings": False},
        "FulfillmentInstruction": {"FulfillmentSupplySourceId": f"SS-{rng.randint(100, 999)}"},
    }


@cache
def orders_body() -> bytes:
    """The getOrders page: 100 orders and a NextToken."""
    rng = random.Random(8)  # noqa: S311 (fixed fake data, not secrets)
    orders = [order(number, rng) for number in range(ORDERS_PAGE_SIZE)]
    payload = {
        "payload": {
            "Orders": orders,
            "NextToken": "2YgYW55IGNhcm5hbCBwbGVhcw==",
            "CreatedBefore": "2026-11-28T00:00:00Z",
        }
    }
    return json.dumps(payload, separators=(",", ":")).encode()


def feed_body(feed_id: str) -> bytes:
    """A getFeed answer (small)."""
    feed = {
        "feedId": feed_id,
        "feedType": "POST_PRODUCT_DATA",
        "marketplaceIds": [MARKETPLACE],
        "createdTime": "2026-11-01T12:00:00Z",
        "processingStatus": "DONE",
        "processingStartTime": "2026-11-01T12:00:05Z",
        "processingEndTime": "2026-11-01T12:04:40Z",
        "resultFeedDocumentId": "amzn1.tortuga.3.ed4cd0d8-447b-4fb9-a2d6-7f8e2b9c4a11.T3YUVYPGKE9BMY",
    }
    return json.dumps(feed, separators=(",", ":")).encode()


# -- the GZIP document ---------------------------------------------------------------------------------

_BLOCK_LINES = 8000
_HEADER_ROW = (
    "amazon-order-id\tpurchase-date\tsku\tasin\tquantity\tcurrency\titem-price\tship-city\tship-state\n"
)


@cache
def _document_block() -> bytes:
    """About 0.6 MiB of a tab-separated order report, varied enough to compress like a real one."""
    rng = random.Random(42)  # noqa: S311 (fixed fake data, not secrets)
    cities = ["SEATTLE", "AUSTIN", "COLUMBUS", "PHOENIX", "DENVER", "MIAMI", "BOSTON", "PORTLAND"]
    states = ["WA", "TX", "OH"]
    rows = [
        f"{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}-{rng.randint(1000000, 9999999)}\t"
        f"2026-11-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+00:00\t"
        f"SKU-{rng.randint(0, 4999):05d}\tB0{rng.randint(10000000, 99999999)}\t{rng.randint(1, 4)}\tUSD\t"
        f"{rng.randint(3, 300)}.{rng.randint(0, 99):02d}\t{rng.choice(cities)}\t{rng.choice(states)}\n"
        for _ in range(_BLOCK_LINES)
    ]
    return "".join(rows).encode()


class GzipDocument:
    """A single-member GZIP document of ``size_mib`` MiB, built from one compressed block repeated.

    After ``Z_FULL_FLUSH`` deflate forgets its history, so compressing the same block again yields the same
    bytes: the document is the block's deflate output repeated, framed by one GZIP header and trailer.
    """

    def __init__(self, size_mib: int) -> None:
        block = _document_block()
        header = _HEADER_ROW.encode()
        repeats = max(1, (size_mib * 1024 * 1024 - len(header)) // len(block))
        deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        first = deflate.compress(header) + deflate.flush(zlib.Z_FULL_FLUSH)
        self.block = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
        again = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
        if again != self.block:  # pragma: no cover (zlib guarantees it; a wrong document would mislead)
            msg = "deflate output is not repeatable after Z_FULL_FLUSH"
            raise RuntimeError(msg)
        crc = zlib.crc32(header)
        for _ in range(repeats):
            crc = zlib.crc32(block, crc)
        size = len(header) + repeats * len(block)
        self.head = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + first
        self.tail = deflate.flush(zlib.Z_FINISH) + (crc & 0xFFFFFFFF).to_bytes(4, "little")
        self.tail += (size & 0xFFFFFFFF).to_bytes(4, "little")
        self.repeats = repeats
        self.uncompressed = size
        self.compressed = len(self.head) + repeats * len(self.block) + len(self.tail)


@cache
def document(size_mib: int) -> GzipDocument:
    return GzipDocument(size_mib)


def document_json(kind: str, document_id: str, port: int) -> bytes:
    size = document_id.rsplit("-", 1)[-1]
    url = (
        f"http://127.0.0.1:{port}/docs/{size}.gz?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        "&X-Amz-Credential=AKIAEXAMPLE%2F20261101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=0f1e2d3c"
    )
    key = "reportDocumentId" if kind == "reports" else "feedDocumentId"
    return json.dumps({key: document_id, "url": url, "compressionAlgorithm": "GZIP"}).encode()


# -- the server ------------------------------------------------------------------------------------------


class Stats:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.token_requests = 0
        self.connections = 0

    def as_json(self) -> bytes:
        return json.dumps({"token_requests": self.token_requests, "connections": self.connections}).encode()


class App:
    """The routes, with every fixed answer prepared once."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.stats = Stats()
        self.orders = _response(200, orders_body(), rate=RATE_ORDERS)
        self.not_found = _response(404, b'{"errors":[{"code":"NotFound","message":"no such resource"}]}')
        self.feeds: dict[bytes, bytes] = {}
        self.token_count = 0
        self.pages = typed_pages.answers(_response)  # searchCatalogItems, listFinancialEvents

    def token(self) -> bytes:
        self.stats.token_requests += 1
        self.token_count += 1
        answer = (
            b'{"access_token":"Atza|IwEBIFake%d","token_type":"bearer","expires_in":3600}' % self.token_count
        )
        return _response(200, answer)

    def feed(self, feed_id: bytes) -> bytes:
        cached = self.feeds.get(feed_id)
        if cached is None:
            cached = self.feeds[feed_id] = _response(200, feed_body(feed_id.decode()), rate=RATE_FEED)
        return cached

    def route(self, method: bytes, target: bytes) -> bytes | GzipDocument:
        path = target.split(b"?", 1)[0]
        if path.startswith(b"/orders/v0/orders") and method == b"GET":
            return self.orders
        if path in self.pages and method == b"GET":
            return self.pages[path]
        if path.startswith(b"/feeds/2021-06-30/feeds/") and method == b"GET":
            return self.feed(path.rsplit(b"/", 1)[-1])
        if path == b"/auth/o2/token" and method == b"POST":
            return self.token()
        for kind in ("feeds", "reports"):
            prefix = f"/{kind}/2021-06-30/documents/".encode()
            if path.startswith(prefix) and method == b"GET":
                answer = document_json(kind, path[len(prefix) :].decode(), self.port)
                return _response(200, answer, rate=RATE_DOCUMENT)
        if path.startswith(b"/docs/") and path.endswith(b".gz"):
            return document(int(path[len(b"/docs/") : -len(b".gz")]))
        if path == b"/__stats":
            return _response(200, self.stats.as_json())
        if path == b"/__reset":
            self.stats.reset()
            return _response(200, b"{}")
        return self.not_found


class Connection(asyncio.Protocol):
    """One client connection: parse requests as they arrive, answer in order."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None
        self.streaming: asyncio.Task[None] | None = None
        self.can_write = asyncio.Event()
        self.can_write.set()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)  # noqa: S101
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        transport.set_write_buffer_limits(high=4 * 1024 * 1024)
        self.app.stats.connections += 1

    def pause_writing(self) -> None:
        self.can_write.clear()

    def resume_writing(self) -> None:
        self.can_write.set()

    def connection_lost(self, exc: Exception | None) -> None:  # noqa: ARG002 (asyncio's signature)
        self.can_write.set()
        if self.streaming is not None:
            self.streaming.cancel()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.streaming is None:
            self.process()

    def process(self) -> None:
        buffer = self.buffer
        transport = self.transport
        assert transport is not None  # noqa: S101
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(buffer[:end])
            lower = head.lower()
            length = 0
            at = lower.find(b"\r\ncontent-length:")
            if at >= 0:
                stop = lower.find(b"\r\n", at + 2)
                length = int(lower[at + 17 : stop if stop >= 0 else len(lower)])
            total = end + 4 + length
            if len(buffer) < total:
                return
            del buffer[:total]  # the body is read past: no answer depends on it
            line_end = head.find(b"\r\n")
            method, target, _ = (head if line_end < 0 else head[:line_end]).split(b" ", 2)
            answer = self.app.route(method, target)
            if isinstance(answer, GzipDocument):
                self.streaming = asyncio.get_running_loop().create_task(self.stream(answer))
                return
            transport.write(answer)

    async def stream(self, doc: GzipDocument) -> None:
        transport = self.transport
        assert transport is not None  # noqa: S101
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n"
        transport.write(head % doc.compressed + doc.head)
        block = doc.block
        for _ in range(doc.repeats):
            if not self.can_write.is_set():
                await self.can_write.wait()
                if transport.is_closing():
                    return
            transport.write(block)
        transport.write(doc.tail)
        self.streaming = None
        if self.buffer:
            self.process()


async def serve(port: int, documents: list[int]) -> None:
    loop = asyncio.get_running_loop()
    holder: dict[str, App] = {}
    server = await loop.create_server(
        lambda: Connection(holder["app"]), "127.0.0.1", port, backlog=2048, reuse_address=True
    )
    bound = server.sockets[0].getsockname()[1]
    holder["app"] = App(bound)
    for size in documents:
        document(size)
    print(f"PORT {bound}", flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: any free port)")
    parser.add_argument("--documents", default="", help="document sizes (MiB) to build before listening")
    args = parser.parse_args()
    sizes = [int(size) for size in args.documents.split(",") if size]
    try:
        asyncio.run(serve(args.port, sizes))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
