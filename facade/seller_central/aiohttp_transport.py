"""An ``httpx`` async transport that sends through aiohttp, for fan-out across many sellers.

``httpx.AsyncClient``'s own transport (httpcore on anyio) spends most of a small request in Python; aiohttp's
connection handling and C HTTP parser do the same work several times faster, which is what a process serving
hundreds of sellers concurrently is bound by. This module adapts aiohttp to ``httpx.AsyncBaseTransport`` so
every layer above it (auth, rate limits, retries, errors) stays exactly as it is.

``AsyncSellerCentral`` uses it by default when aiohttp is installed (the ``speedups`` extra:
``pip install 'seller-central[speedups]'``) and falls back to httpx's transport otherwise; pass ``transport=``
to choose. aiohttp's failures are mapped to the httpx exceptions the retry layer classifies (connect errors
before sending, timeouts, resets after).
"""

from __future__ import annotations

import re
import ssl
from typing import TYPE_CHECKING, Any

import httpx

from seller_central.calls import EXT_WHOLE

if TYPE_CHECKING:
    import aiohttp

__all__ = ["AiohttpTransport", "available"]


def available() -> bool:
    """Say whether aiohttp can be imported."""
    try:
        import aiohttp  # noqa: F401, PLC0415 (probing for the optional dependency)
    except ImportError:
        return False
    return True


_MAX_TIMEOUTS = 64  # distinct (connect, read) settings remembered
_ILLEGAL_IN_HEADER = re.compile(r"[\r\n\x00]")


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Send httpx requests with aiohttp (one ``ClientSession``, made on first use in the running loop).

    Args:
        limits: The connection pool limits (total connections and keep-alive expiry are honoured).
        verify: The TLS context for https URLs.
        proxy: An HTTP proxy URL for every request.
    """

    def __init__(
        self,
        *,
        limits: httpx.Limits | None = None,
        verify: ssl.SSLContext | None = None,
        proxy: str | None = None,
    ) -> None:
        self._limits = limits or httpx.Limits()
        self._verify = verify
        self._proxy = proxy
        self._session: aiohttp.ClientSession | None = None
        self._timeouts: dict[tuple[float | None, float | None], aiohttp.ClientTimeout] = {}

    def _client_session(self) -> aiohttp.ClientSession:
        import aiohttp  # noqa: PLC0415 (the optional dependency is only needed once requests are sent)

        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._limits.max_connections or 0,
                keepalive_timeout=self._limits.keepalive_expiry or 5.0,
                ssl=self._verify if self._verify is not None else True,
                ttl_dns_cache=300,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                auto_decompress=False,  # httpx decodes Content-Encoding, as it does for its own transport
                skip_auto_headers=("User-Agent", "Accept-Encoding", "Accept"),
                cookie_jar=aiohttp.DummyCookieJar(),
            )
            # aiohttp quietly resends an idempotent request once when a kept-alive connection drops. Our retry
            # layer decides about every attempt (and takes a rate-limit token for each), so that second,
            # unseen attempt is turned off. aiohttp has no public switch for it (checked on 3.14).
            self._session._retry_connection = False  # noqa: SLF001
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` and return the whole response (SP-API bodies are small JSON documents)."""
        import aiohttp  # noqa: PLC0415 (see _client_session)

        session = self._client_session()
        timeouts: dict[str, Any] = request.extensions.get("timeout", {})
        seconds = (timeouts.get("connect"), timeouts.get("read"))
        timeout = self._timeouts.get(seconds)
        if timeout is None:  # one per distinct setting, built once (a client has one or two)
            if len(self._timeouts) >= _MAX_TIMEOUTS:  # many per-call timeouts: start over, do not grow
                self._timeouts.clear()
            timeout = self._timeouts[seconds] = aiohttp.ClientTimeout(
                total=None, sock_connect=seconds[0], sock_read=seconds[1]
            )
        body = await request.aread()
        headers = [(key.decode("latin-1"), value.decode("latin-1")) for key, value in request.headers.raw]
        for key, value in headers:
            if _ILLEGAL_IN_HEADER.search(value):
                # aiohttp would raise a bare ValueError; h11 raises this (httpx's own transport). The value
                # stays out of the message: it may be a token.
                msg = f"Illegal header value in {key!r} (a line break or NUL)"
                raise httpx.LocalProtocolError(msg, request=request)
        try:
            async with session.request(
                request.method,
                str(request.url),
                headers=headers,
                data=body or None,
                allow_redirects=False,
                timeout=timeout,
                proxy=self._proxy,
            ) as answer:
                raw = await answer.read()
                response_headers = [
                    (key.decode("latin-1"), value.decode("latin-1")) for key, value in answer.raw_headers
                ]
                status = answer.status
        except aiohttp.ConnectionTimeoutError as exc:
            raise httpx.ConnectTimeout(str(exc) or "connect timeout", request=request) from exc
        except (TimeoutError, aiohttp.SocketTimeoutError) as exc:
            raise httpx.ReadTimeout(str(exc) or "read timeout", request=request) from exc
        except aiohttp.ClientProxyConnectionError as exc:
            raise httpx.ProxyError(str(exc), request=request) from exc
        except aiohttp.ClientConnectorError as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc
        except aiohttp.ClientPayloadError as exc:
            raise httpx.RemoteProtocolError(str(exc), request=request) from exc
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
            raise httpx.ReadError(str(exc) or "connection closed", request=request) from exc
        except aiohttp.ClientError as exc:
            raise httpx.TransportError(str(exc), request=request) from exc
        return httpx.Response(
            status,
            headers=response_headers,
            stream=httpx.ByteStream(raw),
            request=request,
            extensions={"http_version": b"HTTP/1.1", EXT_WHOLE: True},
        )

    async def aclose(self) -> None:
        """Close the aiohttp session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
