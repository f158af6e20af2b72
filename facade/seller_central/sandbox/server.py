"""The local sandbox server: in a background thread for tests, or in the foreground for the CLI."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Self

from seller_central import operations
from seller_central.local_sandbox import DEFAULT_PORT
from seller_central.sandbox.app import SandboxApp
from seller_central.sandbox.handler import HTTPServer
from seller_central.sandbox.lwa import TOKEN_PATH
from seller_central.sandbox.tokens import DEFAULT_LIFETIME_SECONDS

if TYPE_CHECKING:
    from seller_central.sandbox.log import RecordedRequest
    from seller_central.sandbox.scenarios import Scenario

__all__ = ["DEFAULT_PORT", "SandboxServer", "main_serve", "serve", "use_line"]


# How often the serving loop checks for stop(); also the longest stop() waits for it.
_POLL_SECONDS = 0.05


class SandboxServer:
    """A loopback HTTP server that behaves like Amazon's static sandbox, plus an LWA token endpoint.

    Point a connection at it with ``endpoint=server.url`` and ``token_url=server.token_url``. Any client id,
    secret, refresh token and scope works unless ``credentials`` / ``refresh_tokens`` are given.

    Args:
        host: Address to bind; loopback by default.
        port: Port to bind; 0 picks a free one (read it back from :attr:`url`).
        credentials: Client id to secret; other pairs get LWA's ``invalid_client``.
        refresh_tokens: Refresh tokens to accept; others get LWA's ``invalid_grant``.
        strict_tokens: Apply Amazon's token rules (grantless scopes, RDT-only operations); see
            :mod:`seller_central.sandbox.tokens`.
        token_lifetime_seconds: ``expires_in`` of issued tokens, and how long they stay valid.
        scenarios: Stateful scenarios that answer some operations before the static examples (orders that
            change between two syncs, finance pages): see :mod:`seller_central.sandbox.scenarios`.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        credentials: Mapping[str, str] | None = None,
        refresh_tokens: Collection[str] | None = None,
        strict_tokens: bool = True,
        token_lifetime_seconds: int = DEFAULT_LIFETIME_SECONDS,
        scenarios: Sequence[Scenario] = (),
    ) -> None:
        """Prepare the server; nothing is bound until :meth:`start`."""
        self._address = (host, port)
        self._app = SandboxApp.create(
            credentials=credentials,
            refresh_tokens=refresh_tokens,
            strict_tokens=strict_tokens,
            token_lifetime_seconds=token_lifetime_seconds,
            scenarios=scenarios,
        )
        self._http: HTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        """Bind and serve in a daemon thread; return ``self``."""
        if self._http is not None:
            msg = "the sandbox server is already started"
            raise RuntimeError(msg)
        # Read the operation table now rather than on the first request.
        operations.all_operations()
        self._http = HTTPServer(self._address, self._app)
        self._thread = threading.Thread(
            target=self._http.serve_forever,
            kwargs={"poll_interval": _POLL_SECONDS},
            name=f"sandbox-{self.url}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port; safe to call twice."""
        http, thread = self._http, self._thread
        self._http = self._thread = None
        if http is not None:
            http.shutdown()
            http.server_close()
        if thread is not None:
            thread.join()

    def wait(self) -> None:
        """Block until the server stops (Ctrl-C raises ``KeyboardInterrupt`` here)."""
        thread = self._thread
        while thread is not None and thread.is_alive():
            # A timed join lets the main thread see KeyboardInterrupt on every platform.
            thread.join(0.5)

    def __enter__(self) -> Self:
        """Start the server."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.stop()

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:54321`` (use it as the connection's SP-API endpoint)."""
        if self._http is None:
            msg = "the sandbox server is not started"
            raise RuntimeError(msg)
        host, port = self._http.server_address[:2]
        host = str(host)
        # A wildcard bind is reached through loopback.
        if host in {"0.0.0.0", "::", ""}:  # noqa: S104  # comparing, not binding
            host = "127.0.0.1" if host != "::" else "::1"
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    @property
    def token_url(self) -> str:
        """The LWA token endpoint (use it as the connection's token URL)."""
        return f"{self.url}{TOKEN_PATH}"

    @property
    def requests(self) -> list[RecordedRequest]:
        """The requests received so far, oldest first, with tokens and secrets redacted."""
        return self._app.log.snapshot()

    def clear_requests(self) -> None:
        """Forget the requests received so far."""
        self._app.log.clear()

    def expire_tokens(self) -> None:
        """Make every token issued so far expired, so the next request with one gets Amazon's 403."""
        self._app.tokens.expire_all()


def serve(
    port: int = DEFAULT_PORT,
    host: str = "127.0.0.1",
    *,
    on_ready: Callable[[SandboxServer], None] | None = None,
) -> None:
    """Serve the sandbox in the foreground until interrupted; ``on_ready`` runs once it listens."""
    with SandboxServer(host=host, port=port) as server:
        if on_ready is not None:
            on_ready(server)
        server.wait()


def use_line(url: str) -> str:
    """Return the one shell line that points the library and the CLI at the sandbox at ``url``."""
    return f"export SP_API_SANDBOX=local SP_API_ENDPOINT={url}"


def main_serve(port: int, host: str) -> None:
    """Run ``seller-central sandbox serve``: print where the sandbox listens, then serve until Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)

    def announce(server: SandboxServer) -> None:
        sys.stdout.write(
            f"seller-central local sandbox listening on {server.url}\n"
            f"  SP-API endpoint: {server.url}\n"
            f"  LWA token URL:   {server.token_url}\n"
            "  Any client id, client secret, refresh token and scope is accepted. Press Ctrl-C to stop.\n"
            "To use it from another shell (library and CLI; no credentials needed), run:\n"
            f"  {use_line(server.url)}\n"
            "or pass --sandbox=local to seller-central, or use SellerCentral.local_sandbox() in Python.\n"
        )
        sys.stdout.flush()

    try:
        serve(port, host, on_ready=announce)
    except KeyboardInterrupt:
        sys.stdout.write("sandbox stopped\n")
    except (OSError, OverflowError) as error:
        # Most often the port is taken (another sandbox); say so in one line rather than a traceback.
        msg = f"cannot listen on {host}:{port}: {getattr(error, 'strerror', None) or error}"
        raise SystemExit(msg) from error
