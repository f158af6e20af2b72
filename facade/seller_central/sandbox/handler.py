"""The HTTP side: a threading HTTP/1.1 server that copies requests into the app and replies out of it."""

from __future__ import annotations

import logging
import socket
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from seller_central.local_sandbox import SERVER_NAME
from seller_central.sandbox.exchange import Received, Reply, sp_api_error

if TYPE_CHECKING:
    from seller_central.sandbox.app import SandboxApp

__all__ = ["HTTPServer"]

logger = logging.getLogger("seller_central.sandbox")

# Larger bodies get 413; the biggest SP-API documents go to S3, not through the API.
_MAX_BODY_BYTES = 64 * 1024 * 1024


class HTTPServer(ThreadingHTTPServer):
    """A ``ThreadingHTTPServer`` bound to one :class:`SandboxApp`."""

    daemon_threads = True
    # Keep-alive connections park a thread in a blocking read; stopping must not wait for them.
    block_on_close = False

    def __init__(self, address: tuple[str, int], app: SandboxApp) -> None:
        """Bind to ``address`` (port 0 picks a free port) and serve ``app``."""
        self.app = app
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        """Bind without ``HTTPServer``'s reverse DNS lookup of the host, which can take seconds."""
        TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def get_request(self) -> tuple[socket.socket, Any]:
        """Accept a connection with Nagle's algorithm off, so small replies are not delayed."""
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every reply carries Content-Length
    wbufsize = -1  # buffer the reply so headers and body leave in one write (flushed after each request)
    server: HTTPServer
    server_version = SERVER_NAME  # what local_sandbox looks for in a running sandbox's answers

    # BaseHTTPRequestHandler dispatches on do_<METHOD>; every method takes the same path through _serve.
    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _serve(self) -> None:
        started = time.perf_counter()
        try:
            body = self._body()
        except ValueError:
            self._send(
                sp_api_error(HTTPStatus.BAD_REQUEST, "InvalidInput", "Malformed request body framing.")
            )
            self.close_connection = True
            return
        if body is None:
            self._send(
                sp_api_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "RequestEntityTooLarge", "Body too large.")
            )
            self.close_connection = True
            return
        target = urlsplit(self.path)
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        received = Received(
            method=self.command,
            path=target.path,
            query=tuple(parse_qsl(target.query, keep_blank_values=True)),
            headers=headers,
            body=body,
            base_url=f"http://{headers.get('host') or self._authority()}",
        )
        try:
            reply = self.server.app.handle(received)
        except Exception:
            logger.exception("the sandbox failed on %s %s", self.command, target.path)
            reply = self.server.app.internal_error()
        self._send(reply)
        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.info("%s %s -> %s (%.1f ms)", self.command, target.path, reply.status, elapsed_ms)

    def _body(self) -> bytes | None:
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            return self._chunked()
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length <= _MAX_BODY_BYTES else None

    def _chunked(self) -> bytes | None:
        chunks: list[bytes] = []
        total = 0
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                # Skip trailers up to the blank line that ends the body.
                while self.rfile.readline().strip():
                    pass
                return b"".join(chunks)
            total += size
            if total > _MAX_BODY_BYTES:
                return None
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def _authority(self) -> str:
        host, port = self.server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.status != HTTPStatus.NO_CONTENT:  # RFC 9110: a 204 carries no Content-Length
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD" and reply.body:
            self.wfile.write(reply.body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Leave request lines to :meth:`_serve`, which knows the timing."""

    def log_message(self, fmt: str, *args: Any) -> None:
        """Send the base class's messages (bad request lines, timeouts) to the logger, not stderr."""
        logger.debug(fmt, *args)
