"""The clients under test, each behind the same small interface, pointed at the loopback fake.

Every adapter imports its library when it is built, so a worker process pays only for the client it
measures. Sync adapters have ``get_feed()``, ``get_orders()``, ``download(size_mib, sink)`` and ``close()``;
async adapters have ``get_feed()`` and ``aclose()``.

Credentials are fake; seller ``n`` has its own refresh token, so each seller needs its own LWA token.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Callable
from typing import IO, Any

CLIENT_ID = "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef"
CLIENT_SECRET = (
    "amzn1.oa2-cs.v1." + "0123456789abcdef" * 4
)  # built, so no secret scanner mistakes it for a real one
MARKETPLACE = "ATVPDKIKX0DER"
FEED_ID = "50001018765"
CREATED_AFTER = "2026-11-01T00:00:00Z"
CHUNK = 256 * 1024


def refresh_token(seller: int) -> str:
    return f"Atzr|IwEBIbenchmark-seller-{seller:04d}"


def base_url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def token_url(port: int) -> str:
    return f"{base_url(port)}/auth/o2/token"


def document_id(size_mib: int) -> str:
    return f"amzn1.spdoc.1.4.na.bench-{size_mib}"


class NullSink(io.RawIOBase):
    """A binary file that keeps nothing (like /dev/null), but seekable, so every client accepts it.

    seller-central's downloader seeks back and truncates its target before the first attempt (to undo a
    failed one), which /dev/null and pipes refuse; python-amazon-sp-api reads ``mode`` to write bytes.
    """

    mode = "wb"
    name = "null"

    def __init__(self) -> None:
        super().__init__()
        self.written = 0

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        size = len(data)
        self.written += size
        return size

    def seek(self, offset: int, whence: int = 0) -> int:
        del whence
        return offset

    def tell(self) -> int:
        return 0

    def truncate(self, size: int | None = None) -> int:
        return size or 0


def _inflate_to(chunks: Any, sink: IO[bytes]) -> int:
    """Gunzip ``chunks`` into ``sink`` a bounded piece at a time (the floors' and amzn-sp-api's glue)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    written = 0
    for chunk in chunks:
        data = chunk
        while data:
            out = inflater.decompress(data, CHUNK)
            written += len(out)
            sink.write(out)
            data = inflater.unconsumed_tail
    rest = inflater.flush()
    sink.write(rest)
    return written + len(rest)


# -- seller-central (ours) -------------------------------------------------------------------------------


def _connection(port: int, seller: int) -> Any:
    from seller_central import OAuthConnection  # noqa: PLC0415

    return OAuthConnection(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        refresh_token=refresh_token(seller),
        endpoint=base_url(port),
        token_url=token_url(port),
    )


class Ours:
    """``SellerCentral``: typed results (``Feed``, ``GetOrdersResponse``)."""

    def __init__(self, port: int, seller: int = 0, *, rate_limit: bool = True) -> None:
        import warnings  # noqa: PLC0415

        from seller_central import SellerCentral  # noqa: PLC0415

        # getOrders is Orders v0 (deprecated by Amazon): the facade warns once per call site; silence it
        # so the benchmark's stderr stays readable (the warning machinery still runs on every call).
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=__name__)
        self.api = SellerCentral(_connection(port, seller), rate_limit=rate_limit)

    def get_feed(self) -> Any:
        return self.api.get_feed(feed_id=FEED_ID)

    def get_orders(self) -> Any:
        return self.api.list_orders(marketplace_ids=[MARKETPLACE], created_after=CREATED_AFTER)

    @staticmethod
    def count_orders(result: Any) -> int:
        return len(result.payload.orders)

    def download(self, size_mib: int, sink: IO[bytes]) -> None:
        self.api.download_feed_document(feed_document_id=document_id(size_mib), target=sink)

    def close(self) -> None:
        self.api.close()


class OursAsync:
    """``AsyncSellerCentral``; a ``transport`` shared by many clients makes them share one pool.

    ``http="aiohttp"`` asks for aiohttp (the ``[speedups]`` extra); without it the client uses httpx's own
    transport, whether aiohttp is installed or not.
    """

    def __init__(
        self,
        port: int,
        seller: int,
        *,
        rate_limit: bool = True,
        transport: Any = None,
        http: str | None = None,
    ) -> None:
        from seller_central import AsyncSellerCentral  # noqa: PLC0415

        extra = {"http": http} if http else {}
        self.api = AsyncSellerCentral(
            _connection(port, seller), rate_limit=rate_limit, transport=transport, **extra
        )

    async def get_feed(self) -> Any:
        return await self.api.get_feed(feed_id=FEED_ID)

    async def aclose(self) -> None:
        await self.api.aclose()  # a transport passed in is borrowed: its owner closes it


class OursChild(OursAsync):
    """A seller's client made by ``parent.for_seller(connection)``: it sends through the parent's pool."""

    def __init__(self, parent: Any, port: int, seller: int) -> None:
        self.api = parent.for_seller(_connection(port, seller))


class OursSyncChild(Ours):
    """``SellerCentral.for_seller``: a seller's sync client over the parent's pool (one pool, threads)."""

    def __init__(self, port: int, seller: int = 0, *, parent: Any) -> None:
        self.api = parent.for_seller(_connection(port, seller))


def ours_parent(port: int, *, asynchronous: bool, http: str = "httpx") -> Any:
    """The client whose pool every seller's child borrows (itself seller 0's client)."""
    from seller_central import AsyncSellerCentral, SellerCentral  # noqa: PLC0415

    if asynchronous:
        return AsyncSellerCentral(_connection(port, 0), **({"http": http} if http != "httpx" else {}))
    return SellerCentral(_connection(port, 0))


# -- python-amazon-sp-api ------------------------------------------------------------------------------


class _Marketplace:
    """What python-amazon-sp-api reads from its ``marketplace=`` argument."""

    def __init__(self, port: int) -> None:
        self.endpoint = base_url(port)
        self.marketplace_id = MARKETPLACE
        self.region = "us-east-1"


def _pasp_kwargs(port: int, seller: int, token_base: type) -> dict[str, Any]:
    token_class = type(
        "LoopbackTokenClient", (token_base,), {"scheme": "http://", "host": f"127.0.0.1:{port}"}
    )
    return {
        "marketplace": _Marketplace(port),
        "refresh_token": refresh_token(seller),
        "credentials": {"lwa_app_id": CLIENT_ID, "lwa_client_secret": CLIENT_SECRET},
        "auth_token_client_class": token_class,
    }


class Pasp:
    """python-amazon-sp-api (sync): ``ApiResponse`` with dict payloads."""

    def __init__(self, port: int, seller: int = 0) -> None:
        from sp_api.api import Feeds, Orders, Reports  # noqa: PLC0415
        from sp_api.auth import AccessTokenClient  # noqa: PLC0415

        kwargs = _pasp_kwargs(port, seller, AccessTokenClient)
        self._feeds = Feeds(**kwargs)
        self._orders_kwargs = kwargs
        self._orders: Any = None
        self._reports: Any = None
        self._reports_class = Reports
        self._orders_class = Orders

    def get_feed(self) -> Any:
        return self._feeds.get_feed(FEED_ID)

    def get_orders(self) -> Any:
        if self._orders is None:
            self._orders = self._orders_class(**self._orders_kwargs)
        return self._orders.get_orders(CreatedAfter=CREATED_AFTER, MarketplaceIds=[MARKETPLACE])

    @staticmethod
    def count_orders(result: Any) -> int:
        return len(result.payload["Orders"])

    def download(self, size_mib: int, sink: IO[bytes]) -> None:
        reports = self._reports_class(**self._orders_kwargs)
        reports.get_report_document(document_id(size_mib), download=True, stream=True, file=sink)
        reports.close()

    def close(self) -> None:
        self._feeds.close()
        if self._orders is not None:
            self._orders.close()


class PaspAsync:
    """python-amazon-sp-api's asyncio client."""

    def __init__(self, port: int, seller: int) -> None:
        from sp_api.asyncio.api import Feeds  # noqa: PLC0415
        from sp_api.asyncio.auth import AccessTokenClient  # noqa: PLC0415

        self._feeds = Feeds(**_pasp_kwargs(port, seller, AccessTokenClient))

    async def get_feed(self) -> Any:
        return await self._feeds.get_feed(FEED_ID)

    async def aclose(self) -> None:
        await self._feeds.aclose()
        await self._feeds._auth._transport.aclose()  # noqa: SLF001 (its token client has no close of its own)


# -- amzn-sp-api (Amazon's SDK) ------------------------------------------------------------------------


class Amzn:
    """amzn-sp-api: typed models (``Feed``, ``GetOrdersResponse``) over urllib3.

    The SDK has no document download: :meth:`download` streams the presigned URL through the SDK's own
    urllib3 pool and gunzips it with :func:`_inflate_to` (the glue a user would write).
    """

    def __init__(self, port: int, seller: int = 0) -> None:
        from spapi import SPAPIClient, SPAPIConfig  # noqa: PLC0415
        from spapi.api.feeds_v2021_06_30.feeds_api import FeedsApi  # noqa: PLC0415
        from spapi.api.orders_v0.orders_v0_api import OrdersV0Api  # noqa: PLC0415
        from spapi.api.reports_v2021_06_30.reports_api import ReportsApi  # noqa: PLC0415

        config = SPAPIConfig(
            client_id=CLIENT_ID, client_secret=CLIENT_SECRET, refresh_token=refresh_token(seller), region="NA"
        )
        self._client = SPAPIClient(config, oauth_endpoint=token_url(port), endpoint=base_url(port))
        self._feeds = FeedsApi(self._client.api_client)
        self._orders = OrdersV0Api(self._client.api_client)
        self._reports = ReportsApi(self._client.api_client)

    def get_feed(self) -> Any:
        return self._feeds.get_feed(FEED_ID)

    def get_orders(self) -> Any:
        return self._orders.get_orders(marketplace_ids=[MARKETPLACE], created_after=CREATED_AFTER)

    @staticmethod
    def count_orders(result: Any) -> int:
        return len(result.payload.orders)

    def download(self, size_mib: int, sink: IO[bytes]) -> None:
        document = self._reports.get_report_document(document_id(size_mib))
        pool = self._client.api_client.rest_client.pool_manager
        response = pool.request("GET", document.url, preload_content=False)
        try:
            _inflate_to(response.stream(CHUNK), sink)
        finally:
            response.release_conn()

    def close(self) -> None:
        self._client.api_client.rest_client.pool_manager.clear()


class AmznNoLeak(Amzn):
    """amzn-sp-api with a default ``Configuration`` set, so models stop adding log handlers (a user fix).

    As shipped, every model instance runs ``Configuration()``, which adds a ``StreamHandler`` to two loggers;
    with a default configuration set, ``Configuration()`` copies it instead. The typed parse is otherwise
    unchanged, so this is the SDK's steady-state cost.
    """

    def __init__(self, port: int, seller: int = 0) -> None:
        from spapi import Configuration  # noqa: PLC0415

        Configuration.set_default(Configuration())
        super().__init__(port, seller)


# -- floors: the same requests with no client library ----------------------------------------------------


class HttpxFloor:
    """Bare ``httpx.Client``: one token request, then the same GETs, ``json.loads`` on the body."""

    def __init__(self, port: int, seller: int = 0, client: Any = None) -> None:
        import httpx  # noqa: PLC0415

        self._base = base_url(port)
        self._client = client or httpx.Client()
        answer = self._client.post(token_url(port), data=_form(seller))
        self._headers = {"x-amz-access-token": json.loads(answer.content)["access_token"]}

    def get_feed(self) -> Any:
        response = self._client.get(f"{self._base}/feeds/2021-06-30/feeds/{FEED_ID}", headers=self._headers)
        return json.loads(response.content)

    def get_orders(self) -> Any:
        params = {"MarketplaceIds": MARKETPLACE, "CreatedAfter": CREATED_AFTER}
        response = self._client.get(f"{self._base}/orders/v0/orders", params=params, headers=self._headers)
        return json.loads(response.content)

    @staticmethod
    def count_orders(result: Any) -> int:
        return len(result["payload"]["Orders"])

    def download(self, size_mib: int, sink: IO[bytes]) -> None:
        url = f"{self._base}/reports/2021-06-30/documents/{document_id(size_mib)}"
        document = json.loads(self._client.get(url, headers=self._headers).content)
        with self._client.stream("GET", document["url"]) as response:
            _inflate_to(response.iter_raw(CHUNK), sink)

    def close(self) -> None:
        self._client.close()


class Urllib3Floor:
    """Bare ``urllib3.PoolManager``: one token request, then the same GETs, ``json.loads`` on the body."""

    def __init__(self, port: int, seller: int = 0, pool: Any = None) -> None:
        import urllib3  # noqa: PLC0415

        self._base = base_url(port)
        self._pool = pool or urllib3.PoolManager(maxsize=10)
        answer = self._pool.request("POST", token_url(port), fields=_form(seller), encode_multipart=False)
        self._headers = {"x-amz-access-token": json.loads(answer.data)["access_token"]}

    def get_feed(self) -> Any:
        response = self._pool.request(
            "GET", f"{self._base}/feeds/2021-06-30/feeds/{FEED_ID}", headers=self._headers
        )
        return json.loads(response.data)

    def get_orders(self) -> Any:
        fields = {"MarketplaceIds": MARKETPLACE, "CreatedAfter": CREATED_AFTER}
        response = self._pool.request(
            "GET", f"{self._base}/orders/v0/orders", fields=fields, headers=self._headers
        )
        return json.loads(response.data)

    @staticmethod
    def count_orders(result: Any) -> int:
        return len(result["payload"]["Orders"])

    def download(self, size_mib: int, sink: IO[bytes]) -> None:
        url = f"{self._base}/reports/2021-06-30/documents/{document_id(size_mib)}"
        document = json.loads(self._pool.request("GET", url, headers=self._headers).data)
        response = self._pool.request("GET", document["url"], preload_content=False)
        try:
            _inflate_to(response.stream(CHUNK), sink)
        finally:
            response.release_conn()

    def close(self) -> None:
        self._pool.clear()


class HttpxAsyncFloor:
    """Bare ``httpx.AsyncClient`` (shared by every seller): a token per seller, then the same GETs."""

    def __init__(self, client: Any, port: int, seller: int) -> None:
        self._client = client
        self._port = port
        self._seller = seller
        self._token: Any = None

    async def _fetch_token(self) -> dict[str, str]:
        answer = await self._client.post(token_url(self._port), data=_form(self._seller))
        return {"x-amz-access-token": json.loads(answer.content)["access_token"]}

    async def get_feed(self) -> Any:
        import asyncio  # noqa: PLC0415

        if self._token is None:  # single-flight: the seller's first calls share one token request
            self._token = asyncio.ensure_future(self._fetch_token())
        headers = await self._token
        url = f"{base_url(self._port)}/feeds/2021-06-30/feeds/{FEED_ID}"
        response = await self._client.get(url, headers=headers)
        return json.loads(response.content)

    async def aclose(self) -> None:
        return None


class AsyncioFloor:
    """HTTP/1.1 written by hand over asyncio streams, one pool of keep-alive connections for every seller.

    The least an asyncio client can do per call (no HTTP library): what a leaner async transport could reach.
    """

    def __init__(self, pool: RawPool, port: int, seller: int) -> None:
        self._pool = pool
        self._port = port
        self._seller = seller
        self._token: Any = None

    async def _fetch_token(self) -> bytes:
        form = "&".join(f"{k}={v}" for k, v in _form(self._seller).items()).encode()
        head = (
            b"POST /auth/o2/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n" % len(form)
        )
        body = await self._pool.request(head + form)
        return json.loads(body)["access_token"].encode()

    async def get_feed(self) -> Any:
        import asyncio  # noqa: PLC0415

        if self._token is None:
            self._token = asyncio.ensure_future(self._fetch_token())
        token = await self._token
        head = b"GET /feeds/2021-06-30/feeds/%s HTTP/1.1\r\nHost: 127.0.0.1\r\nx-amz-access-token: %s\r\n\r\n"
        return json.loads(await self._pool.request(head % (FEED_ID.encode(), token)))

    async def aclose(self) -> None:
        return None


class RawPool:
    """Idle keep-alive connections to the fake, reused last-in first-out."""

    def __init__(self, port: int) -> None:
        self._port = port
        self._idle: list[Any] = []
        self._all: list[Any] = []

    async def request(self, raw: bytes) -> bytes:
        return (await self.exchange(raw))[2]

    async def exchange(self, raw: bytes) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        import asyncio  # noqa: PLC0415

        if self._idle:
            reader, writer = self._idle.pop()
        else:
            reader, writer = await asyncio.open_connection("127.0.0.1", self._port)
            self._all.append(writer)
        writer.write(raw)
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *lines = head[:-4].split(b"\r\n")
        headers = [tuple(part.strip() for part in line.split(b":", 1)) for line in lines]
        length = next((int(value) for name, value in headers if name.lower() == b"content-length"), 0)
        body = await reader.readexactly(length)
        self._idle.append((reader, writer))
        return int(status_line.split()[1]), headers, body  # type: ignore[return-value]

    async def aclose(self) -> None:
        for writer in self._all:
            writer.close()


def lean_transport(port: int) -> Any:
    """A bare-bones ``httpx.AsyncBaseTransport`` over :class:`RawPool` (plain HTTP, Content-Length only).

    Not a product: a measuring stick for what seller-central's async stack costs above its transport.
    """
    import httpx  # noqa: PLC0415

    class LeanTransport(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self._pool = RawPool(port)

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            body = await request.aread()
            lines = [b"%s %s HTTP/1.1" % (request.method.encode(), request.url.raw_path)]
            lines += [
                b"%s: %s" % (name, value) for name, value in request.headers.raw if name.lower() != b"host"
            ]
            lines.append(b"Host: 127.0.0.1")
            if body:
                lines.append(b"Content-Length: %d" % len(body))
            status, headers, content = await self._pool.exchange(b"\r\n".join(lines) + b"\r\n\r\n" + body)
            return httpx.Response(status, headers=headers, content=content, request=request)

        async def aclose(self) -> None:
            await self._pool.aclose()

    return LeanTransport()


def _form(seller: int) -> dict[str, str]:
    return {
        "grant_type": "refresh_token",
        "refresh_token": refresh_token(seller),
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }


#: Sync clients by name (warm calls, document streaming).
SYNC: dict[str, Callable[..., Any]] = {
    "ours": Ours,
    "pasp": Pasp,
    "amzn": Amzn,
    "amzn-noleak": AmznNoLeak,
    "httpx": HttpxFloor,
    "urllib3": Urllib3Floor,
}


#: What each client imports when it is built: the fan-out imports it before its clock starts, so the time
#: covers building the clients and sending, not loading libraries (which the cold-start table measures).
LIBRARIES: dict[str, tuple[str, ...]] = {
    "ours": ("seller_central.client",),
    "pasp": ("sp_api.api", "sp_api.auth", "sp_api.asyncio.api", "sp_api.asyncio.auth"),
    "amzn": ("spapi", "spapi.api.feeds_v2021_06_30.feeds_api"),
    "httpx": ("httpx",),
    "urllib3": ("urllib3",),
    "asyncio": ("asyncio",),
}


def preload(client: str) -> None:
    """Import the libraries a fan-out client name (``ours-own+speedups``, ``amzn-threads``...) builds with."""
    import importlib  # noqa: PLC0415

    family = next(name for name in LIBRARIES if client.startswith(name))
    for module in LIBRARIES[family]:
        importlib.import_module(module)
    if family == "ours" and "+httpx-aiohttp" in client:
        importlib.import_module("httpx_aiohttp")
    if family == "ours" and "+speedups" in client:
        importlib.import_module("seller_central.aiohttp_transport")
        importlib.import_module("aiohttp")
