"""A local Login with Amazon + SP-API fake on 127.0.0.1 that records every request it receives.

It issues real-looking tokens, checks them on the SP-API side the way Amazon does (403 ``Unauthorized``
with "The access token you provided has expired." for a token it no longer accepts), and serves just the
operations the auth tests need: getOrder, getOrderAddress, getShipment, getDestinations and
createRestrictedDataToken.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import attrs
import httpx
import pytest
from seller_central.auth import SpApiAuth
from seller_central.backends.memory import MemoryBackend
from seller_central.connection import ClientCredentialsConnection, OAuthConnection
from seller_central.tokens import TokenManager

CLIENT_ID = "amzn1.application-oa2-client.fake0001"
CLIENT_SECRET = "amzn1.oa2-cs.v1.fakesecret0123456789abcdef"
REFRESH_TOKEN = "Atzr|fake-refresh-token-0123456789"
NOTIFICATIONS = "sellingpartnerapi::notifications"

EXPIRED = {
    "errors": [
        {
            "code": "Unauthorized",
            "message": "Access to requested resource is denied.",
            "details": "The access token you provided has expired.",
        }
    ]
}
DENIED = {
    "errors": [{"code": "Unauthorized", "message": "Access to requested resource is denied.", "details": ""}]
}


@attrs.define
class Recorded:
    """One request the fake received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    @property
    def form(self) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(self.body.decode()).items()}

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@attrs.define
class Issued:
    """A token the fake handed out, and what it allows."""

    kind: str  # "seller", "grantless" or "rdt"
    scope: str | None = None
    resources: list[dict[str, Any]] = attrs.Factory(list)


@attrs.frozen
class Incoming:
    """An SP-API request with a token the fake accepts."""

    issued: Issued
    method: str
    path: str
    body: bytes


class FakeAmazon:
    """The fake's state; tests read ``requests`` and flip the switches below."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.issued: dict[str, Issued] = {}
        self.codes: dict[str, str] = {}  # consent code -> refresh token it grants
        self.lwa_lifetime = 3600
        self.rdt_lifetime = 3600
        self.lwa_answer: tuple[int, Any] | None = None  # a canned LWA answer (errors)
        self.before_token: Callable[[], None] | None = None  # runs before LWA answers (to hold it)
        self.always_expired = False  # every SP-API call answers 403 expired
        self.deny_roles = False  # every SP-API call answers 403 without the expired details
        self.history: list[str] = []  # every token issued, even after expire_all()
        self._lock = threading.Lock()
        self._counter = itertools.count(1)
        self.url = ""

    client_id = CLIENT_ID
    client_secret = CLIENT_SECRET
    refresh_token = REFRESH_TOKEN
    notifications = NOTIFICATIONS

    # -- what tests look at -----------------------------------------------------------------------

    def lwa_requests(self, grant: str | None = None) -> list[Recorded]:
        return [
            r
            for r in self.requests
            if r.path == "/auth/o2/token" and (grant is None or r.form.get("grant_type") == grant)
        ]

    def sp_requests(self, prefix: str = "/") -> list[Recorded]:
        return [r for r in self.requests if r.path != "/auth/o2/token" and r.path.startswith(prefix)]

    def rdt_requests(self) -> list[Recorded]:
        return self.sp_requests("/tokens/2021-03-01/restrictedDataToken")

    def expire_all(self) -> None:
        """Stop accepting every token issued so far (as if they all expired at Amazon)."""
        with self._lock:
            self.issued.clear()

    def secrets(self) -> list[str]:
        """Every secret this fake knows, issued or received (for the leak checks)."""
        sent = [r.headers["x-amz-access-token"] for r in self.requests if "x-amz-access-token" in r.headers]
        return [CLIENT_SECRET, REFRESH_TOKEN, *self.codes, *self.codes.values(), *self.history, *sent]

    def leaked(self, text: str) -> list[str]:
        """Return the secrets that appear in ``text`` (the fake's, plus a bare "Atz" token prefix)."""
        return [secret for secret in self.secrets() if secret in text]

    # -- issuing ----------------------------------------------------------------------------------

    def _issue(self, prefix: str, issued: Issued) -> str:
        with self._lock:
            token = f"{prefix}|fake-{issued.kind}-{next(self._counter)}-0123456789"
            self.issued[token] = issued
            self.history.append(token)
        return token

    def _lwa(self, form: dict[str, str]) -> tuple[int, Any]:
        if self.before_token is not None:
            self.before_token()
        if self.lwa_answer is not None:
            return self.lwa_answer
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return 401, {"error": "invalid_client", "error_description": "Client authentication failed"}
        grants = {
            "refresh_token": self._refresh_grant,
            "client_credentials": self._client_credentials_grant,
            "authorization_code": self._code_grant,
        }
        grant = grants.get(form.get("grant_type", ""))
        return grant(form) if grant else (400, {"error": "unsupported_grant_type"})

    def _bearer(self, token: str, **extra: Any) -> tuple[int, Any]:
        return 200, {"access_token": token, "token_type": "bearer", "expires_in": self.lwa_lifetime, **extra}

    def _refresh_grant(self, form: dict[str, str]) -> tuple[int, Any]:
        if form.get("refresh_token") not in {REFRESH_TOKEN, *self.codes.values()}:
            bad = "The request has an invalid grant parameter : refresh_token"
            return 400, {"error": "invalid_grant", "error_description": bad}
        return self._bearer(self._issue("Atza", Issued(kind="seller")))

    def _client_credentials_grant(self, form: dict[str, str]) -> tuple[int, Any]:
        if not form.get("scope"):
            return 400, {"error": "invalid_scope", "error_description": "scope is required"}
        return self._bearer(self._issue("Atza", Issued(kind="grantless", scope=form["scope"])))

    def _code_grant(self, form: dict[str, str]) -> tuple[int, Any]:
        refresh = self.codes.pop(form.get("code", ""), None)
        if refresh is None:
            return 400, {"error": "invalid_grant", "error_description": "The authorization code is invalid"}
        self.codes[f"used-{refresh}"] = refresh  # the refresh token stays valid for later grants
        return self._bearer(self._issue("Atza", Issued(kind="seller")), refresh_token=refresh)

    # -- SP-API -----------------------------------------------------------------------------------

    def _sp_api(self, method: str, path: str, token: str | None, body: bytes) -> tuple[int, Any]:
        if self.deny_roles:
            return 403, DENIED
        issued = self.issued.get(token or "")
        if self.always_expired or issued is None:
            return 403, EXPIRED
        for route_method, pattern, kinds, answer in self._routes():
            if method == route_method and re.fullmatch(pattern, path):
                if issued.kind not in kinds:
                    return 403, DENIED
                return answer(Incoming(issued=issued, method=method, path=path, body=body))
        return 404, {"errors": [{"code": "NotFound", "message": f"no fake for {method} {path}"}]}

    def _routes(
        self,
    ) -> list[tuple[str, str, set[str], Callable[[Issued, str, str, bytes], tuple[int, Any]]]]:
        return [
            ("POST", r"/tokens/2021-03-01/restrictedDataToken", {"seller"}, self._create_rdt),
            ("GET", r"/notifications/v1/destinations", {"grantless"}, self._destinations),
            ("GET", r"/orders/v0/orders/[^/]+/address", {"rdt"}, self._restricted),
            ("GET", r"/mfn/v0/shipments/[^/]+", {"rdt"}, self._restricted),
            ("GET", r"/orders/v0/orders/[^/]+", {"seller", "rdt"}, self._order),
        ]

    def _create_rdt(self, call: Incoming) -> tuple[int, Any]:
        resources = json.loads(call.body)["restrictedResources"]
        rdt = self._issue("Atz.sprdt", Issued(kind="rdt", resources=resources))
        return 200, {"restrictedDataToken": rdt, "expiresIn": self.rdt_lifetime}

    def _destinations(self, call: Incoming) -> tuple[int, Any]:
        if NOTIFICATIONS not in (call.issued.scope or "").split():
            return 403, DENIED
        return 200, {"payload": []}

    def _restricted(self, call: Incoming) -> tuple[int, Any]:
        if not self._covers(call.issued, call.method, call.path):
            return 403, DENIED
        return 200, {"payload": {"path": call.path}}

    def _order(self, call: Incoming) -> tuple[int, Any]:
        if call.issued.kind == "rdt" and not self._covers(call.issued, call.method, call.path):
            return 403, DENIED
        return 200, {"payload": {"AmazonOrderId": call.path.rsplit("/", 1)[1]}}

    @staticmethod
    def _covers(issued: Issued, method: str, path: str) -> bool:
        for resource in issued.resources:
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(resource["path"]))
            if resource["method"] == method and re.fullmatch(pattern, path):
                return True
        return False

    # -- HTTP -------------------------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes) -> tuple[int, Any]:
        parts = urlsplit(target)
        with self._lock:
            self.requests.append(
                Recorded(
                    method=method, path=parts.path, query=parse_qs(parts.query), headers=headers, body=body
                )
            )
        if parts.path == "/auth/o2/token":
            form = {key: values[0] for key, values in parse_qs(body.decode()).items()}
            return self._lwa(form)
        return self._sp_api(method, parts.path, headers.get("x-amz-access-token"), body)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a thousand calls stay fast
    # Headers and body leave in one segment, without waiting for the client's delayed ACK.
    wbufsize = -1
    disable_nagle_algorithm = True
    fake: FakeAmazon

    def _serve(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {key.lower(): value for key, value in self.headers.items()}
        status, payload = self.server.fake.handle(self.command, self.path, headers, body)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.send_header("x-amzn-RequestId", "fake-request-id")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        """Stay quiet: tests read ``FakeAmazon.requests`` instead."""


def _serve(fake: FakeAmazon) -> Iterator[FakeAmazon]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.fake = fake
    # A short poll interval lets shutdown() return at once instead of after half a second.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def amazon() -> Iterator[FakeAmazon]:
    """A fresh fake LWA + SP-API on a free loopback port."""
    yield from _serve(FakeAmazon())


@pytest.fixture
def elsewhere() -> Iterator[FakeAmazon]:
    """A second server: another host as far as the token is concerned (a presigned document URL)."""
    yield from _serve(FakeAmazon())


class FakeClock:
    """Wall-clock seconds that only move when a test says so."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def seller(amazon: FakeAmazon) -> OAuthConnection:
    """An OAuth connection whose endpoint and token URL are the fake."""
    return OAuthConnection(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        refresh_token=REFRESH_TOKEN,
        endpoint=amazon.url,
        token_url=f"{amazon.url}/auth/o2/token",
    )


@pytest.fixture
def application(amazon: FakeAmazon) -> ClientCredentialsConnection:
    """A client-credentials connection with the notifications scope, against the fake."""
    return ClientCredentialsConnection(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        scopes=NOTIFICATIONS,
        endpoint=amazon.url,
        token_url=f"{amazon.url}/auth/o2/token",
    )


@pytest.fixture
def make_tokens(clock: FakeClock) -> Iterator[Callable[..., TokenManager]]:
    """Build token managers on one shared backend and the test's clock; closes them afterwards."""
    backend = MemoryBackend()
    made: list[TokenManager] = []

    async def no_wait(_seconds: float) -> None:
        return None

    def make(connection: Any, **options: Any) -> TokenManager:
        # Token-request retries (the client's RetryPolicy) wait on no real clock.
        options.setdefault("sleep", lambda _seconds: None)
        options.setdefault("async_sleep", no_wait)
        manager = TokenManager(connection, backend=options.pop("backend", backend), clock=clock, **options)
        made.append(manager)
        return manager

    yield make
    for manager in made:
        manager.close()


@pytest.fixture
def sp_api(make_tokens: Callable[..., TokenManager]) -> Iterator[Callable[..., httpx.Client]]:
    """Build ``httpx.Client``s that authenticate with ``SpApiAuth`` (closed after the test)."""
    made: list[httpx.Client] = []

    def make(connection: Any, *, tokens: TokenManager | None = None, **auth_options: Any) -> httpx.Client:
        auth = SpApiAuth(connection, tokens=tokens or make_tokens(connection), **auth_options)
        client = httpx.Client(base_url=connection.base_url, auth=auth)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
