"""A local stand-in for SP-API, LWA and S3 with scripted faults, for the reliability tests and benchmarks.

It listens on a free loopback port and answers a few operations (getFeed, createFeed, createShipment,
getOrders with pages), the LWA token endpoint and a GZIP document generated on the fly. Faults are
scripted per path prefix and consumed in order, one per request:

- ``429``: throttled (``QuotaExceeded``), with ``x-amzn-RateLimit-Limit``;
- ``500``: a JSON ``InternalFailure``; ``503``: an HTML page, as a load balancer sends it;
- ``reset``: read the whole request, then reset the connection (the request *was* received);
- ``stall``: read the whole request, then answer nothing for ``stall_seconds`` (a read timeout);
- ``truncate``: promise a body and send half of it; ``garbage``: a 200 whose body is not JSON;
- ``expired``: the 403 SP-API sends for an expired access token (the auth layer's to cure, not the retry's).

Every request that reaches the server is recorded (method, path, time), so tests can count exactly how
often an operation was received. With ``plan=(rate, burst)`` the server also meters each path like SP-API
does and answers 429 when a client goes over, which counts the 429s "on the wire".
"""

from __future__ import annotations

import hashlib
import json
import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import parse_qs, urlsplit

import attrs

BLOCK = 1024 * 1024


def document_blocks(size: int) -> Iterator[bytes]:
    """Yield a tab-separated report of exactly ``size`` bytes, one MiB at a time (deterministic)."""
    line = b"".join(
        b"111-%07d-%07d\tSKU-%05d\t%d\tShipped\n" % (i, i * 7, i % 977, i % 5) for i in range(20_000)
    )
    sent = 0
    number = 0
    while sent < size:
        header = b"# block %08d\n" % number
        block = (header + line)[:BLOCK]
        block = block[: size - sent]
        sent += len(block)
        number += 1
        yield block


def document_digest(size: int) -> str:
    """Return the SHA-256 of the document of ``size`` bytes."""
    digest = hashlib.sha256()
    for block in document_blocks(size):
        digest.update(block)
    return digest.hexdigest()


@attrs.define(kw_only=True)
class Received:
    """One request the server received, recorded on arrival (``status`` -1: not answered, or reset)."""

    method: str
    path: str
    query: str
    at: float
    status: int


def _order(number: int) -> dict[str, object]:
    return {
        "AmazonOrderId": f"902-{number:07d}-{number * 3 % 10_000_000:07d}",
        "PurchaseDate": "2024-01-01T00:00:00Z",
        "LastUpdateDate": "2024-01-02T00:00:00Z",
        "OrderStatus": "Shipped",
        "NumberOfItemsShipped": 1,
    }


class _Bucket:
    """SP-API's meter, as the fake applies it: a token bucket that refuses instead of queueing."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.updated = float(burst), time.monotonic()
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            if self.tokens >= 1:
                self.tokens -= 1
                return True
            return False


class FakeSpApi:
    """The fake server. Use it as a context manager, or call :meth:`start` and :meth:`stop`.

    Args:
        rate_header: The ``x-amzn-RateLimit-Limit`` value sent with every SP-API answer (``None``: none).
        plan: ``(rate, burst)`` to meter each path with (``None``: never throttle on its own).
        orders_per_listing: How many orders one getOrders listing holds (100 per page).
        stall_seconds: How long a ``stall`` fault answers nothing.
        port: Listen on this port instead of a free one.
    """

    def __init__(
        self,
        *,
        rate_header: str | None = None,
        plan: tuple[float, int] | None = None,
        orders_per_listing: int = 1_000,
        stall_seconds: float = 2.0,
        port: int = 0,
    ) -> None:
        self.rate_header = rate_header
        self.plan = plan
        self.orders_per_listing = orders_per_listing
        self.stall_seconds = stall_seconds
        self.received: list[Received] = []
        self.token_requests = 0
        self._faults: dict[str, list[str]] = {}
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- control -------------------------------------------------------------------------------------

    def start(self) -> Self:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fault(self, path_prefix: str, *kinds: str) -> None:
        """Answer the next requests under ``path_prefix`` with these faults, in order."""
        with self._lock:
            self._faults.setdefault(path_prefix, []).extend(kinds)

    def count(self, method: str, path_prefix: str) -> int:
        """How many requests with this method and path prefix reached the server."""
        with self._lock:
            return sum(1 for r in self.received if r.method == method and r.path.startswith(path_prefix))

    def statuses(self, path_prefix: str = "/") -> list[int]:
        with self._lock:
            return [r.status for r in self.received if r.path.startswith(path_prefix)]

    # -- used by the handler --------------------------------------------------------------------------

    def _next_fault(self, path: str) -> str | None:
        with self._lock:
            for prefix, kinds in self._faults.items():
                if path.startswith(prefix) and kinds:
                    return kinds.pop(0)
        return None

    def _metered(self, path: str) -> bool:
        if self.plan is None:
            return True
        with self._lock:
            bucket = self._buckets.setdefault(path, _Bucket(*self.plan))
        return bucket.take()

    def _record(self, method: str, path: str, query: str) -> Received:
        received = Received(method=method, path=path, query=query, at=time.monotonic(), status=-1)
        with self._lock:
            self.received.append(received)
        return received


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake: FakeSpApi

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        """Stay quiet: the tests look at ``received``, not at a log."""

    # -- plumbing -------------------------------------------------------------------------------------

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status: int, body: bytes, content_type: str = "application/json", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", f"req-{time.monotonic_ns()}")
        if self.fake.rate_header is not None:
            self.send_header("x-amzn-RateLimit-Limit", self.fake.rate_header)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: object, **headers: str) -> None:
        self._send(status, json.dumps(data).encode(), **headers)

    def _reset(self) -> None:
        # SO_LINGER 0: close() sends a TCP RST instead of a FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    # -- faults: each answers (or not) and returns the status recorded (-1: no answer) --------------------

    def _throttled(self) -> int:
        self._json(429, {"errors": [{"code": "QuotaExceeded", "message": "You exceeded your quota."}]})
        return 429

    def _internal_failure(self) -> int:
        self._json(
            500, {"errors": [{"code": "InternalFailure", "message": "We encountered an internal error."}]}
        )
        return 500

    def _unavailable(self) -> int:
        self._send(503, b"<html><body>Service Unavailable</body></html>", "text/html")
        return 503

    def _garbage(self) -> int:
        self._send(200, b"<html><body>Maintenance</body></html>", "text/html")
        return 200

    def _expired(self) -> int:
        details = "The access token you provided has expired."
        error = {
            "code": "Unauthorized",
            "message": "Access to requested resource is denied.",
            "details": details,
        }
        self._json(403, {"errors": [error]})
        return 403

    def _truncated(self) -> int:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "200")
        self.end_headers()
        self.wfile.write(b'{"feedId": "1", "feedType": "POST_')
        self.wfile.flush()
        self._reset()
        return -1

    def _reset_after_reading(self) -> int:
        self._reset()
        return -1

    def _stall(self) -> int:
        self.fake._stopping.wait(self.fake.stall_seconds)
        self._reset()
        return -1

    def _apply_fault(self, kind: str) -> int:
        faults = {
            "429": self._throttled,
            "500": self._internal_failure,
            "503": self._unavailable,
            "garbage": self._garbage,
            "truncate": self._truncated,
            "reset": self._reset_after_reading,
            "stall": self._stall,
            "expired": self._expired,
        }
        return faults[kind]()

    # -- routes ---------------------------------------------------------------------------------------

    def _handle(self, method: str) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parts.query
        body = self._body()  # read everything first: a fault after this point happens "after sending"
        received = self.fake._record(method, path, query)
        fault = None if path.startswith(("/auth", "/documents")) else self.fake._next_fault(path)
        if fault is not None:
            status = self._apply_fault(fault)
        elif not path.startswith(("/auth", "/documents")) and not self.fake._metered(path):
            self._json(429, {"errors": [{"code": "QuotaExceeded", "message": "You exceeded your quota."}]})
            status = 429
        else:
            status = self._route(method, path, parse_qs(query), body)
        received.status = status

    def _route(self, method: str, path: str, query: dict[str, list[str]], body: bytes) -> int:
        if method == "GET" and path.startswith("/feeds/2021-06-30/feeds/"):
            self._json(200, _feed(path.rsplit("/", 1)[-1]))
            return 200
        answers = {
            ("POST", "/feeds/2021-06-30/feeds"): lambda: self._created_feed(body),
            ("POST", "/mfn/v0/shipments"): lambda: self._json(200, {"payload": {"ShipmentId": "S1"}}),
            ("GET", "/orders/v0/orders"): lambda: self._json(200, self._orders_page(query)),
            ("POST", "/auth/o2/token"): self._token,
            ("GET", "/documents/report.gz"): lambda: self._stream_document(int(query["size"][0])),
        }
        answer = answers.get((method, path))
        if answer is None:
            self._json(404, {"errors": [{"code": "NotFound", "message": f"no route for {method} {path}"}]})
            return 404
        answer()
        return 202 if path == "/feeds/2021-06-30/feeds" else 200

    def _created_feed(self, body: bytes) -> None:
        json.loads(body)  # a garbled request would be a bug in the client
        self._json(202, {"feedId": f"F{len(self.fake.received) + 1}"})

    def _token(self) -> None:
        with self.fake._lock:
            self.fake.token_requests += 1
            number = self.fake.token_requests
        self._json(200, {"access_token": f"Atza|fake-{number}", "token_type": "bearer", "expires_in": 3600})

    def _orders_page(self, query: dict[str, list[str]]) -> dict[str, object]:
        offset = int(query.get("NextToken", ["0"])[0])
        end = min(offset + 100, self.fake.orders_per_listing)
        page: dict[str, object] = {"Orders": [_order(n) for n in range(offset, end)]}
        if end < self.fake.orders_per_listing:
            page["NextToken"] = str(end)
        return {"payload": page}

    def _stream_document(self, size: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        compressor = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        for block in document_blocks(size):
            self._chunk(compressor.compress(block))
        self._chunk(compressor.flush())
        self.wfile.write(b"0\r\n\r\n")

    def _chunk(self, data: bytes) -> None:
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")


def _feed(feed_id: str) -> dict[str, str]:
    return {
        "feedId": feed_id,
        "feedType": "POST_PRODUCT_DATA",
        "createdTime": "2024-01-01T00:00:00Z",
        "processingStatus": "DONE",
    }
