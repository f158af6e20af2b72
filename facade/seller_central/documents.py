"""Feed uploads and report/feed document downloads: streamed, so memory stays flat for any size.

Documents live on presigned URLs (Amazon S3), outside SP-API: no access token is sent, the URL's query
string *is* the credential, so only the scheme, host and path of a URL ever reach a log or an error message.
For the same reason requests go straight to the transport rather than through ``httpx.Client``, whose
request log line prints full URLs.

- Upload: ``PUT`` with exactly the Content-Type given to ``createFeedDocument`` and an explicit
  Content-Length (S3 refuses chunked uploads), streaming from bytes, text, a path or a binary file.
- Download: ``GET``, streamed; GZIP (declared by ``compressionAlgorithm``, or recognised by its magic bytes)
  is decompressed while streaming; written in chunks to a path or file, or returned as bytes.

Failures raise (a failed upload is never silent, a short or garbled download is never returned). The
client's :class:`~seller_central.retry.RetryPolicy` decides the retries, in the one retry loop of
:func:`~seller_central.transport.retry_flow`: a 5xx, a 429, a timeout, a reset, or a download that ends
short of its Content-Length starts over from the beginning, since a presigned ``PUT`` or ``GET`` may be
repeated safely; a download into a file object that cannot be rewound is not retried once bytes were
written to it. A document that is bad as stored (declared GZIP but empty or not GZIP, corrupt or truncated
GZIP) raises :class:`~seller_central.errors.DocumentError` at once: fetching it again gives the same bytes.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import random
import re
import tempfile
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar, cast
from urllib.parse import urlsplit

import httpx

from seller_central import errors
from seller_central._aio import sleep as async_pause
from seller_central._aio import to_thread
from seller_central.retry import Outcome, RetryPolicy, is_idempotent, parse_retry_after
from seller_central.transport import (
    Final,
    arun_retries,
    classify,
    default_async_transport,
    default_transport,
    retry_flow,
    run_retries,
)

if TYPE_CHECKING:
    from types import TracebackType

    from seller_central.calls import Download, Upload

__all__ = [
    "CHUNK_SIZE",
    "AsyncDocumentClient",
    "DocumentClient",
    "GzipStream",
    "public_url",
    "report_progress",
]

logger = logging.getLogger(__name__)

#: Bytes read from a source, or produced by the decompressor, at a time.
CHUNK_SIZE = 256 * 1024
_SPOOL_IN_MEMORY = 8 * 1024 * 1024  # non-seekable sources up to this size are measured in memory, not on disk
_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_ERROR_EXCERPT = 64 * 1024


#: Told of a transfer's progress: ``(direction, bytes so far, the total or None)``; direction is ``"upload"``
#: or ``"download"``.
TransferProgress = Callable[[str, int, int | None], None]
_PROGRESS: contextvars.ContextVar[TransferProgress | None] = contextvars.ContextVar(
    "seller_central_transfer_progress", default=None
)


@contextlib.contextmanager
def report_progress(callback: TransferProgress) -> Iterator[None]:
    """Within the block, document transfers of the current thread or task report to ``callback``.

    ``callback(direction, done, total)``: ``"download"`` with the bytes received so far on the wire
    (compressed, for a GZIP document) and the Content-Length (``None`` when the server sent none);
    ``"upload"`` with the bytes sent and the body's length. Each attempt starts with ``done`` 0 (a retried
    transfer starts again). The CLI's progress display uses it; the callback must not raise.
    """
    token = _PROGRESS.set(callback)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


def _report_upload(body: _Body, sent: int) -> None:
    progress = _PROGRESS.get()
    if progress is not None:
        progress("upload", sent, body.length)


def _announced_length(response: httpx.Response) -> int | None:
    try:
        return int(response.headers.get("content-length", ""))
    except ValueError:
        return None


def public_url(url: str) -> str:
    """Return scheme, host and path of a URL: what may be logged of a presigned URL."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return f"{parts.scheme}://{host}{parts.path}"


def _check_url(url: str, what: str) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        msg = f"{what}: the document URL must be an absolute http(s) URL, got {public_url(url)!r}"
        raise errors.InvalidInputError(msg, label="Url")


# -- what to upload ---------------------------------------------------------------------------------------


_DECLARED_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\"';\s]+)", re.IGNORECASE)


def declared_charset(content_type: str | None) -> str | None:
    """Return the charset a Content-Type declares (``text/plain;charset=Cp1252`` -> ``Cp1252``), if any.

    The one reader of a declared charset: uploads (feeds), downloads and reports use it.
    """
    found = _DECLARED_CHARSET.search(content_type or "")
    return found.group(1) if found else None


def _charset(content_type: str) -> str:
    return declared_charset(content_type) or "utf-8"


class _Body:
    """An upload body of known length that can be replayed from the start for a retry."""

    def __init__(self, source: bytes | str | Path | IO[bytes], content_type: str) -> None:
        self._path: Path | None = None
        self._file: IO[bytes] | None = None
        self._spool: IO[bytes] | None = None
        self._bytes: bytes | None = None
        self._start = 0
        if isinstance(source, str):
            # Text is encoded as the Content-Type says (feeds may be ISO-8859-1), UTF-8 when it says nothing.
            self._bytes = source.encode(_charset(content_type))
            self.length = len(self._bytes)
        elif isinstance(source, bytes | bytearray | memoryview):
            self._bytes = bytes(source)
            self.length = len(self._bytes)
        elif isinstance(source, os.PathLike):
            self._path = Path(source)
            self.length = self._path.stat().st_size
        else:
            self._file = self._seekable(source)
            self._start = self._file.tell()
            self.length = self._file.seek(0, os.SEEK_END) - self._start
            self._file.seek(self._start)

    def _seekable(self, source: IO[bytes]) -> IO[bytes]:
        if source.seekable():
            return source
        # A pipe or socket: spool it to learn its length (S3 needs Content-Length) and to replay it.
        spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)  # noqa: SIM115 (closed in close())
        while chunk := source.read(CHUNK_SIZE):
            if not isinstance(chunk, bytes):
                msg = "the document to upload must be opened in binary mode ('rb')"
                raise errors.InvalidInputError(msg, label="Source")
            spool.write(chunk)
        spool.seek(0)
        self._spool = spool
        return spool

    @property
    def content(self) -> bytes | None:
        """The whole body, when it is already in memory."""
        return self._bytes

    @contextlib.contextmanager
    def _opened(self) -> Iterator[IO[bytes]]:
        if self._path is not None:
            with self._path.open("rb") as handle:
                yield handle
            return
        assert self._file is not None  # noqa: S101 (in-memory bodies never get here)
        self._file.seek(self._start)
        yield self._file

    def chunks(self) -> Iterator[bytes]:
        """Yield the body from its start, one chunk at a time (telling :func:`report_progress`'s callback)."""
        progress, sent = _PROGRESS.get(), 0
        with self._opened() as handle:
            while chunk := handle.read(CHUNK_SIZE):
                if not isinstance(chunk, bytes):
                    msg = "the document to upload must be opened in binary mode ('rb')"
                    raise errors.InvalidInputError(msg, label="Source")
                yield chunk
                sent += len(chunk)
                if progress is not None:
                    progress("upload", sent, self.length)

    async def achunks(self) -> AsyncIterator[bytes]:
        """Yield the body from its start, reading the file off the event loop."""
        chunks = self.chunks()
        # chunks() never yields an empty chunk, so b"" can mark the end.
        while chunk := await to_thread(next, chunks, b""):
            yield chunk

    def close(self) -> None:
        """Drop the spool of a non-seekable source (the caller's own file stays open)."""
        if self._spool is not None:
            self._spool.close()


# -- what to do with a download ------------------------------------------------------------------------------


class GzipStream:
    """Decompress GZIP as it streams; pass anything else through untouched.

    The first two bytes decide: GZIP's magic number means decompress (several concatenated members are
    fine); other bytes pass through, unless the document was declared GZIP: then bytes that are not GZIP,
    or no bytes at all, raise :class:`~seller_central.errors.DocumentError` rather than pass for the
    document. (A ``Content-Encoding: gzip`` that httpx undid already delivered the document: the caller
    does not declare GZIP then.) Output comes in pieces of at most :data:`CHUNK_SIZE`, whatever the
    compression ratio.
    """

    def __init__(self, *, declared_gzip: bool) -> None:
        """Start before the first byte; ``declared_gzip`` is what ``compressionAlgorithm`` said."""
        self._declared = declared_gzip
        self._head = b""
        self._is_gzip: bool | None = None
        self._inflater = zlib.decompressobj(_GZIP_WBITS)
        self._in_member = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Yield the document bytes that ``data`` completes."""
        if self._is_gzip is None:
            self._head += data
            if len(self._head) < len(_GZIP_MAGIC):
                return
            data, self._head = self._head, b""
            self._is_gzip = data.startswith(_GZIP_MAGIC)
            if self._declared and not self._is_gzip:
                msg = "the document is declared GZIP but its bytes are not GZIP; nothing was kept"
                raise errors.DocumentError(status_code=200, message=msg)
        if not self._is_gzip:
            yield data
            return
        yield from self._inflate(data)

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        try:
            while data:
                self._in_member = True
                out = self._inflater.decompress(data, CHUNK_SIZE)
                if out:
                    yield out
                if self._inflater.eof:
                    data = self._inflater.unused_data
                    self._inflater = zlib.decompressobj(_GZIP_WBITS)
                    self._in_member = False
                    if not data.strip(b"\x00"):  # some writers pad the last member with zeros
                        return
                else:
                    data = self._inflater.unconsumed_tail
        except zlib.error as exc:
            msg = f"the GZIP document is corrupt ({exc})"
            raise errors.DocumentError(status_code=200, message=msg) from exc

    def finish(self) -> Iterator[bytes]:
        """Yield what is left, and raise if the GZIP data stopped before its end.

        Raises:
            DocumentError: the GZIP stream is truncated, or a document declared GZIP is empty or too short
                to be GZIP.
        """
        if self._is_gzip is None:
            if self._declared:
                size = len(self._head)
                what = "empty" if not size else f"{size} byte long, too short to be GZIP"
                msg = f"the document is declared GZIP but is {what}; nothing was kept"
                raise errors.DocumentError(status_code=200, message=msg)
            if self._head:
                yield self._head
            return
        if not self._is_gzip:
            return
        try:
            rest = self._inflater.flush()
        except zlib.error as exc:  # pragma: no cover (flush only reports what decompress already did)
            msg = f"the GZIP document is corrupt ({exc})"
            raise errors.DocumentError(status_code=200, message=msg) from exc
        if rest:
            yield rest
        if self._in_member and not self._inflater.eof:
            msg = "the GZIP document ended early (truncated download); nothing was kept"
            raise errors.DocumentError(status_code=200, message=msg)


class _Sink:
    """Where downloaded bytes go: memory, a path (written beside it, renamed when complete), or a file."""

    def __init__(self, target: Path | IO[bytes] | None) -> None:
        self._pieces: list[bytes] = []
        self._path: Path | None = None
        self._partial: Path | None = None
        self._file: IO[bytes] | None = None
        self._start = 0
        self._dirty = False  # bytes were written since the last (re)start
        self.content_type: str | None = None  # the Content-Type of the attempt that succeeded
        if isinstance(target, os.PathLike):
            self._path = Path(target)
            self._partial = self._path.with_name(f".{self._path.name}.part")
            self._file = self._partial.open("wb")
        elif target is not None:
            self._file = target
            self._start = target.tell() if target.seekable() else -1

    @property
    def is_blocking(self) -> bool:
        """Writes go to a file (async callers move them off the event loop)."""
        return self._file is not None

    @property
    def can_restart(self) -> bool:
        """A failed attempt's bytes can be discarded, so the download may start over.

        A pipe or a terminal can take a retry only if the failed attempt wrote nothing to it.
        """
        return not self._dirty or self._file is None or self._path is not None or self._start >= 0

    def write(self, data: bytes) -> None:
        """Keep ``data``."""
        if not data:
            return
        self._dirty = True
        if self._file is None:
            self._pieces.append(data)
        else:
            self._file.write(data)

    def restart(self) -> None:
        """Discard what a failed attempt wrote (nothing to do before the first byte)."""
        if not self._dirty:
            return
        self._dirty = False
        if self._file is None:
            self._pieces.clear()
            return
        self._file.seek(0 if self._path is not None else self._start)
        self._file.truncate()

    def commit(self) -> bytes | None:
        """Finish: return the bytes, or move the complete file into place."""
        if self._file is None:
            return b"".join(self._pieces)
        self._file.flush()
        if self._path is not None and self._partial is not None:
            self._file.close()
            self._partial.replace(self._path)
        return None

    def abort(self) -> None:
        """Give up: remove a partial file we created (a caller's file object is left as it is)."""
        if self._path is not None and self._partial is not None and self._file is not None:
            self._file.close()
            self._partial.unlink(missing_ok=True)


# -- errors -------------------------------------------------------------------------------------------------

_BY_STATUS: dict[int, type[errors.APIError]] = {
    400: errors.BadRequestError,
    403: errors.ForbiddenError,  # S3's answer to an expired presigned URL
    404: errors.NotFoundError,
    409: errors.ConflictError,
}


def _xml_field(text: str, name: str) -> str | None:
    found = re.search(rf"<{name}>([^<]{{0,500}})</{name}>", text)
    return found.group(1) if found else None


def _status_error(what: str, response: httpx.Response, excerpt: bytes) -> errors.APIError:
    # S3 answers XML. Only Code and Message are kept: other fields (StringToSign, CanonicalRequest) can
    # echo the presigned URL's credentials.
    text = excerpt.decode("utf-8", "replace")
    code = _xml_field(text, "Code") or "HTTP"
    message = _xml_field(text, "Message") or response.reason_phrase
    status = response.status_code
    cls = _BY_STATUS.get(status, errors.ServerError if status >= 500 else errors.APIError)  # noqa: PLR2004
    request_id = response.headers.get("x-amz-request-id")
    where = f" [request id {request_id}]" if request_id else ""
    return cls(
        status_code=status,
        errors=(errors.ErrorDetail(code=code, message=message),),
        request_id=request_id,
        message=f"{what}: HTTP {status} {code}: {message}{where}",
    )


def _transport_error(what: str, exc: httpx.TransportError) -> errors.NetworkError:
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
        return errors.ConnectError(f"{what}: could not connect ({detail})")
    if isinstance(exc, httpx.TimeoutException):
        return errors.RequestTimeoutError(f"{what}: timed out ({detail})")
    return errors.NetworkError(f"{what}: the transfer failed ({detail})")


# -- one attempt, as the retry policy sees it ------------------------------------------------------------

#: What one transfer attempt produced: ``None`` when it succeeded, else the error it amounts to and what the
#: failure means to the retry policy (``None``: sending again cannot cure it).
_Tried = tuple[errors.SellerCentralError, Outcome | None] | None

#: S3 publishes no request rate: a 429 without ``Retry-After`` waits a second (S3 mostly sends 503 SlowDown).
_DOCUMENT_RATE = 1.0
_SUCCEEDED = Outcome.status(200)


def _transport_failure(what: str, exc: httpx.TransportError) -> _Tried:
    error = _transport_error(what, exc)
    error.__cause__ = exc
    meaning = classify(exc)
    return error, None if meaning is None else Outcome.failed(meaning[0], is_sent=meaning[1])


def _status_failure(what: str, response: httpx.Response, excerpt: bytes) -> _Tried:
    retry_after = parse_retry_after(response.headers.get("retry-after"), now=time.time())
    outcome = Outcome.status(response.status_code, retry_after_seconds=retry_after)
    return _status_error(what, response, excerpt), outcome


def _length_failure(what: str, response: httpx.Response) -> _Tried:
    """Say whether the body fell short of (or overran) its Content-Length: a transfer cut on the wire.

    httpx's own HTTP/1.1 transport notices a short body, but other transports (and proxies) may not.
    ``num_bytes_downloaded`` counts the bytes as they came, before any Content-Encoding was undone, which
    is what Content-Length counts too.
    """
    try:
        expected = int(response.headers.get("content-length", ""))
    except ValueError:
        return None  # absent (chunked) or unreadable: the transport's framing is all there is
    if isinstance(response.stream, httpx.ByteStream):
        # Built whole in memory (a mock transport's answer): httpx counts nothing while serving it.
        received = len(b"".join(response.stream))
    else:
        received = response.num_bytes_downloaded
    if received == expected:
        return None
    msg = (
        f"{what}: the transfer ended after {received} of the {expected} bytes its Content-Length announced; "
        "nothing was kept"
    )
    error = errors.DocumentError(status_code=response.status_code, message=msg)
    return error, Outcome.failed("body", is_sent=True)  # the wire failed, not the document: retried


def _gzip_stream(step: Download, response: httpx.Response) -> GzipStream:
    declared = (step.compression or "").upper() == "GZIP"
    # A Content-Encoding: gzip that httpx already undid was the document's compression: what remains is
    # the document itself, and need not be GZIP again.
    encodings = response.headers.get("content-encoding", "").lower()
    return GzipStream(declared_gzip=declared and "gzip" not in encodings)


def _transfer_flow(
    policy: RetryPolicy,
    what: str,
    *,
    method: str,
    can_restart: Callable[[], bool],
    clock: Callable[[], float],
    random_fraction: Callable[[], float],
) -> Generator[Any, Any, Final[_Tried]]:
    """Return the client's retry flow for one transfer (a presigned ``GET`` or ``PUT`` is idempotent)."""

    def judge(tried: _Tried) -> Outcome | None:
        if tried is None:
            return _SUCCEEDED
        outcome = tried[1]
        # Bytes already in a pipe cannot be taken back: such a download is not started over.
        return outcome if outcome is not None and can_restart() else None

    return retry_flow(
        policy,
        label=what,
        idempotent=is_idempotent(None, method),
        judge=judge,
        rate=lambda _tried: _DOCUMENT_RATE,
        clock=clock,
        random_fraction=random_fraction,
    )


def _raise_failure(final: Final[_Tried]) -> None:
    """Raise the last attempt's error, unless it succeeded."""
    if final.received is not None:
        error = final.received[0]
        raise error from error.__cause__


# -- the clients -------------------------------------------------------------------------------------------


def _timeout_extension(timeout: float | httpx.Timeout | None) -> dict[str, Any]:
    return {"timeout": httpx.Timeout(timeout).as_dict()}


def _upload_request(step: Upload, body: _Body, content: Any, timeout: dict[str, Any]) -> httpx.Request:
    # An explicit Content-Length makes httpx send the streamed body as it is, not chunked.
    headers = {"Content-Type": step.content_type, "Content-Length": str(body.length)}
    return httpx.Request("PUT", step.url, headers=headers, content=content, extensions=timeout)


TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)
SleepT = TypeVar("SleepT", Callable[[float], None], Callable[[float], Awaitable[None]])


class _Transfers(Generic[TransportT, SleepT]):
    """What both document clients share: their options, the retry flow of a transfer, checking the URL.

    Only the awaited I/O differs between :class:`DocumentClient` and :class:`AsyncDocumentClient`.
    """

    _asynchronous: ClassVar[bool]

    def __init__(
        self,
        *,
        transport: TransportT | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        retry: RetryPolicy | None = None,
        sleep: SleepT | None = None,
        clock: Callable[[], float] = time.monotonic,
        random_fraction: Callable[[], float] = random.random,
    ) -> None:
        """Create the client; see :class:`DocumentClient` for the arguments."""
        self._owns_transport = transport is None
        if transport is None:
            transport = cast(
                "TransportT", default_async_transport() if self._asynchronous else default_transport()
            )
        self._transport: TransportT = transport
        self._timeout = _timeout_extension(timeout)
        self._retry = retry or RetryPolicy()
        self._sleep: Any = sleep or (async_pause if self._asynchronous else time.sleep)
        self._clock = clock
        self._random = random_fraction

    def _flow(
        self, what: str, method: str, can_restart: Callable[[], bool]
    ) -> Generator[Any, Any, Final[_Tried]]:
        return _transfer_flow(
            self._retry,
            what,
            method=method,
            can_restart=can_restart,
            clock=self._clock,
            random_fraction=self._random,
        )

    @staticmethod
    def _what(verb: str, url: str) -> str:
        """Name the transfer for messages and logs (no query string: it is the credential); check the URL."""
        what = f"{verb} {public_url(url)}"
        _check_url(url, what)
        return what


class DocumentClient(_Transfers[httpx.BaseTransport, Callable[[float], None]]):
    """Uploads and downloads documents on presigned URLs, streaming (the sync client).

    Retries follow ``retry``, the same :class:`~seller_central.retry.RetryPolicy` (and the same loop,
    :func:`~seller_central.transport.retry_flow`) as SP-API calls: a 5xx, a 429, a timeout, a reset or a
    download cut short of its Content-Length is retried from the start, within the policy's attempts and
    total time. Every upload body can be replayed (a non-seekable source is spooled first), so an upload is
    retried as the idempotent ``PUT`` it is; a download into a pipe is not retried once bytes went into it.

    Args:
        transport: The transport that sends (default: a new ``httpx.HTTPTransport``, closed by
            :meth:`close`; a transport passed in is left open for its owner).
        timeout: Seconds or an ``httpx.Timeout`` per network operation (connect, each read, each write).
        retry: The retry policy (default: ``RetryPolicy()``; the client passes its own).
        sleep: How to wait between attempts (tests inject a fake).
        clock: Monotonic seconds, to bound the total time of the retries.
        random_fraction: Draws a number in ``[0, 1)`` for the jitter of each wait.
    """

    _asynchronous = False

    def close(self) -> None:
        """Close the connection pool (if this client created it)."""
        if self._owns_transport:
            self._transport.close()

    def __enter__(self) -> Self:
        """Use the client in a ``with`` block; it closes on exit."""
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Close the client."""
        self.close()

    def upload(self, step: Upload) -> None:
        """Upload ``step.source`` to ``step.url`` with ``step.content_type``; return when S3 has it all.

        Raises:
            APIError: S3 refused the upload (an expired URL is a ``ForbiddenError``).
            NetworkError: the connection failed (after the retries).
        """
        what = self._what("upload to", step.url)
        body = _Body(step.source, step.content_type)
        try:
            logger.debug(
                "Uploading %d bytes (%s) to %s", body.length, step.content_type, public_url(step.url)
            )
            flow = self._flow(what, "PUT", lambda: True)
            _raise_failure(run_retries(flow, lambda: self._upload_once(what, step, body), self._sleep))
        finally:
            body.close()

    def _upload_once(self, what: str, step: Upload, body: _Body) -> _Tried:
        content = body.content if body.content is not None else body.chunks()
        _report_upload(body, 0)
        request = _upload_request(step, body, content, self._timeout)
        try:
            response = self._transport.handle_request(request)
            try:
                excerpt = _read_some(response)
            finally:
                response.close()
        except httpx.TransportError as exc:
            return _transport_failure(what, exc)
        if not response.is_success:
            return _status_failure(what, response, excerpt)
        if body.content is not None:  # sent in one piece: all of it is out
            _report_upload(body, body.length)
        return None

    def download(self, step: Download) -> Any:
        """Download ``step.url``, decompressing GZIP; return the bytes (``None`` when streamed to a target).

        With ``step.with_content_type``, return the pair (bytes or ``None``, the Content-Type served).

        Raises:
            APIError: S3 refused the download (an expired URL is a ``ForbiddenError``).
            DocumentError: the transfer fell short of its Content-Length (after the retries), or the
                document declared GZIP is empty, not GZIP, corrupt or truncated.
            NetworkError: the connection failed (after the retries); a path target is not created.
        """
        what = self._what("download from", step.url)
        sink = _Sink(step.target)
        try:
            flow = self._flow(what, "GET", lambda: sink.can_restart)
            _raise_failure(run_retries(flow, lambda: self._download_once(what, step, sink), self._sleep))
            return _downloaded(step, sink, sink.commit())
        except BaseException:
            sink.abort()
            raise

    def _download_once(self, what: str, step: Download, sink: _Sink) -> _Tried:
        sink.restart()
        request = httpx.Request("GET", step.url, extensions=self._timeout)
        try:
            response = self._transport.handle_request(request)
        except httpx.TransportError as exc:
            return _transport_failure(what, exc)
        response.request = request
        try:
            if not response.is_success:
                return _status_failure(what, response, _read_some(response))
            sink.content_type = response.headers.get("content-type")
            gzip = _gzip_stream(step, response)
            progress, total, counted = _PROGRESS.get(), _announced_length(response), 0
            if progress is not None:
                progress("download", 0, total)
            for chunk in response.iter_bytes():
                for piece in gzip.feed(chunk):
                    sink.write(piece)
                if progress is not None:  # httpx counts nothing for a body built in memory (a mock's)
                    counted += len(chunk)
                    progress("download", response.num_bytes_downloaded or counted, total)
            short = _length_failure(what, response)
            if short is not None:
                return short
            for piece in gzip.finish():
                sink.write(piece)
        except httpx.TransportError as exc:
            return _transport_failure(what, exc)
        except errors.DocumentError as exc:
            return exc, None  # the stored document is bad: fetching it again gives the same bytes
        finally:
            response.close()
        return None


def _downloaded(step: Download, sink: _Sink, content: bytes | None) -> Any:
    """Return a download's result: the content, or (content, Content-Type) when the step asks for it."""
    return (content, sink.content_type) if step.with_content_type else content


def _read_some(response: httpx.Response) -> bytes:
    """Read at most an excerpt of a (small, or error) response body."""
    kept = bytearray()
    for chunk in response.iter_bytes():
        kept += chunk[: _ERROR_EXCERPT - len(kept)]
        if len(kept) >= _ERROR_EXCERPT:
            break  # the caller closes the response; the rest is not worth reading
    return bytes(kept)


async def _aread_some(response: httpx.Response) -> bytes:
    kept = bytearray()
    async for chunk in response.aiter_bytes():
        kept += chunk[: _ERROR_EXCERPT - len(kept)]
        if len(kept) >= _ERROR_EXCERPT:
            break
    return bytes(kept)


class AsyncDocumentClient(_Transfers[httpx.AsyncBaseTransport, Callable[[float], Awaitable[None]]]):
    """The asyncio twin of :class:`DocumentClient`: the same methods, awaited; close with :meth:`aclose`."""

    _asynchronous = True

    async def aclose(self) -> None:
        """Close the connection pool (if this client created it)."""
        if self._owns_transport:
            await self._transport.aclose()

    async def __aenter__(self) -> Self:
        """Use the client in an ``async with`` block; it closes on exit."""
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Close the client."""
        await self.aclose()

    async def upload(self, step: Upload) -> None:
        """Upload ``step.source`` to ``step.url``; see :meth:`DocumentClient.upload`."""
        what = self._what("upload to", step.url)
        body = await to_thread(_Body, step.source, step.content_type)
        try:
            logger.debug(
                "Uploading %d bytes (%s) to %s", body.length, step.content_type, public_url(step.url)
            )
            flow = self._flow(what, "PUT", lambda: True)
            _raise_failure(await arun_retries(flow, lambda: self._upload_once(what, step, body), self._sleep))
        finally:
            body.close()

    async def _upload_once(self, what: str, step: Upload, body: _Body) -> _Tried:
        content = body.content if body.content is not None else body.achunks()
        _report_upload(body, 0)
        request = _upload_request(step, body, content, self._timeout)
        try:
            response = await self._transport.handle_async_request(request)
            try:
                excerpt = await _aread_some(response)
            finally:
                await response.aclose()
        except httpx.TransportError as exc:
            return _transport_failure(what, exc)
        if not response.is_success:
            return _status_failure(what, response, excerpt)
        if body.content is not None:  # sent in one piece: all of it is out
            _report_upload(body, body.length)
        return None

    async def download(self, step: Download) -> Any:
        """Download ``step.url``; see :meth:`DocumentClient.download`."""
        what = self._what("download from", step.url)
        sink = await to_thread(_Sink, step.target)
        try:
            flow = self._flow(what, "GET", lambda: sink.can_restart)
            attempt = lambda: self._download_once(what, step, sink)  # noqa: E731
            _raise_failure(await arun_retries(flow, attempt, self._sleep))
            content = await to_thread(sink.commit) if sink.is_blocking else sink.commit()
            return _downloaded(step, sink, content)
        except BaseException:
            sink.abort()
            raise

    async def _download_once(self, what: str, step: Download, sink: _Sink) -> _Tried:
        if sink.is_blocking:
            await to_thread(sink.restart)
        else:
            sink.restart()
        request = httpx.Request("GET", step.url, extensions=self._timeout)
        try:
            response = await self._transport.handle_async_request(request)
        except httpx.TransportError as exc:
            return _transport_failure(what, exc)
        response.request = request
        try:
            if not response.is_success:
                return _status_failure(what, response, await _aread_some(response))
            sink.content_type = response.headers.get("content-type")
            gzip = _gzip_stream(step, response)
            progress, total, counted = _PROGRESS.get(), _announced_length(response), 0
            if progress is not None:
                progress("download", 0, total)
            async for chunk in response.aiter_bytes():
                for piece in gzip.feed(chunk):
                    await _write(sink, piece)
                if progress is not None:  # httpx counts nothing for a body built in memory (a mock's)
                    counted += len(chunk)
                    progress("download", response.num_bytes_downloaded or counted, total)
            short = _length_failure(what, response)
            if short is not None:
                return short
            for piece in gzip.finish():
                await _write(sink, piece)
        except httpx.TransportError as exc:
            return _transport_failure(what, exc)
        except errors.DocumentError as exc:
            return exc, None  # the stored document is bad: fetching it again gives the same bytes
        finally:
            await response.aclose()
        return None


async def _write(sink: _Sink, data: bytes) -> None:
    if sink.is_blocking:
        await to_thread(sink.write, data)
    else:
        sink.write(data)
