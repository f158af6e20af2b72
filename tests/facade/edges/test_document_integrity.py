"""Issue 14, item 2: a download is the whole document or an error, never short or empty data as success.

A document declared GZIP whose body is empty or not GZIP, and a body shorter than its Content-Length
through a transport that does not check it (as httpx's MockTransport, or a proxy, does not), raise
DocumentError. A short transfer is a wire failure and is retried under the policy; a bad stored document
is not (fetching it again gives the same bytes).
"""

from __future__ import annotations

import asyncio
import gzip
import io
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from seller_central import DocumentError, UnexpectedResponseError
from seller_central.calls import Download
from seller_central.documents import AsyncDocumentClient, DocumentClient
from seller_central.retry import RetryPolicy

URL = "https://tortuga-prod-na.s3-external-1.amazonaws.com/NA/doc-1?X-Amz-Signature=SECRET"
DOCUMENT = b"".join(b"111-%07d-0000000\tSKU-%d\t1\n" % (i, i) for i in range(60))[:1408]
POLICY = RetryPolicy(max_attempts=3, jitter=0.0)


class ShortBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that stops after ``head`` without an error, as a transport that does not check lengths."""

    def __init__(self, head: bytes) -> None:
        self.head = head

    def __iter__(self) -> Iterator[bytes]:
        yield self.head

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.head


def short(content: bytes, length: int) -> httpx.Response:
    """A 200 announcing ``length`` bytes that delivers only ``content``."""
    return httpx.Response(200, headers={"Content-Length": str(length)}, stream=ShortBody(content))


class S3(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers each GET with the next response (the last one repeats) and counts the requests."""

    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.requests = 0

    def _next(self) -> httpx.Response:
        self.requests += 1
        template = self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]
        # A fresh response each time: a stream can be read once.
        stream = template.stream
        if isinstance(stream, ShortBody):
            stream = ShortBody(stream.head)
        return httpx.Response(template.status_code, headers=template.headers, stream=stream)

    def handle_request(self, _request: httpx.Request) -> httpx.Response:
        return self._next()

    async def handle_async_request(self, _request: httpx.Request) -> httpx.Response:
        return self._next()


@pytest.fixture(params=["sync", "async"])
def download(request: pytest.FixtureRequest):
    """Download through DocumentClient or AsyncDocumentClient with POLICY and no real waits."""
    sleeps: list[float] = []

    async def async_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    def go(s3: S3, step: Download) -> bytes | None:
        if request.param == "sync":
            with DocumentClient(transport=s3, retry=POLICY, sleep=sleeps.append) as client:
                return client.download(step)

        async def run() -> bytes | None:
            async with AsyncDocumentClient(transport=s3, retry=POLICY, sleep=async_sleep) as client:
                return await client.download(step)

        return asyncio.run(run())

    go.sleeps = sleeps  # type: ignore[attr-defined]
    return go


class TestDeclaredGzip:
    def test_an_empty_body_declared_gzip_raises(self, download):
        """An empty 200 for a GZIP document is not an empty document."""
        s3 = S3(httpx.Response(200, content=b""))

        with pytest.raises(DocumentError, match="declared GZIP but is empty"):
            download(s3, Download(url=URL, compression="GZIP"))

    def test_a_one_byte_body_declared_gzip_raises(self, download):
        """A body too short to hold GZIP's magic number is not the document either."""
        with pytest.raises(DocumentError, match="too short to be GZIP"):
            download(S3(httpx.Response(200, content=b"\x1f")), Download(url=URL, compression="GZIP"))

    def test_a_body_that_is_not_gzip_raises_and_leaves_no_file(self, download, tmp_path):
        """Plain bytes served for a GZIP document raise, and the target path is not created."""
        target = tmp_path / "report.tsv"
        s3 = S3(httpx.Response(200, content=DOCUMENT))

        with pytest.raises(DocumentError, match="not GZIP"):
            download(s3, Download(url=URL, compression="GZIP", target=target))

        assert list(tmp_path.iterdir()) == []
        assert s3.requests == 1  # the stored document is bad: not fetched again

    def test_the_error_is_an_unexpected_response(self, download):
        """DocumentError is an UnexpectedResponseError, so existing handlers still catch it."""
        with pytest.raises(UnexpectedResponseError):
            download(S3(httpx.Response(200, content=b"")), Download(url=URL, compression="GZIP"))

    def test_a_gzip_content_encoding_undone_by_httpx_is_the_document(self, download):
        """Content-Encoding: gzip, decoded on the way, delivered the document: that is not an error."""
        s3 = S3(httpx.Response(200, content=gzip.compress(DOCUMENT), headers={"Content-Encoding": "gzip"}))

        assert download(s3, Download(url=URL, compression="GZIP")) == DOCUMENT

    def test_an_empty_document_not_declared_gzip_is_still_a_document(self, download):
        """Without a GZIP declaration an empty body is an empty document, as before."""
        assert download(S3(httpx.Response(200, content=b"")), Download(url=URL)) == b""


class TestContentLength:
    def test_a_body_shorter_than_its_content_length_raises(self, download):
        """100 of 1,408 bytes, every attempt: DocumentError after the policy's attempts, no data returned."""
        s3 = S3(short(DOCUMENT[:100], len(DOCUMENT)))

        with pytest.raises(DocumentError, match="100 of the 1408 bytes") as caught:
            download(s3, Download(url=URL))

        assert s3.requests == POLICY.max_attempts
        assert "SECRET" not in str(caught.value)

    def test_a_short_in_memory_answer_raises_too(self, download):
        """A mock's whole-in-memory answer with a larger Content-Length is short as well."""
        s3 = S3(httpx.Response(200, content=DOCUMENT[:100], headers={"Content-Length": str(len(DOCUMENT))}))

        with pytest.raises(DocumentError, match="100 of the 1408 bytes"):
            download(s3, Download(url=URL))

    def test_a_short_transfer_is_retried_and_the_whole_document_kept_once(self, download):
        """A short transfer is a wire failure: the download starts over and returns one whole copy."""
        s3 = S3(short(DOCUMENT[:100], len(DOCUMENT)), httpx.Response(200, content=DOCUMENT))

        assert download(s3, Download(url=URL)) == DOCUMENT
        assert s3.requests == 2
        assert download.sleeps == [POLICY.backoff_base_seconds]

    def test_a_short_transfer_to_a_path_leaves_no_file(self, download, tmp_path):
        """A short download never appears at its target path."""
        target = tmp_path / "report.tsv"

        with pytest.raises(DocumentError):
            download(S3(short(DOCUMENT[:100], len(DOCUMENT))), Download(url=URL, target=target))

        assert list(tmp_path.iterdir()) == []

    def test_a_short_gzip_transfer_is_a_short_transfer(self, download):
        """A GZIP body cut on the wire says so (and is retried), rather than calling the document corrupt."""
        packed = gzip.compress(DOCUMENT * 20)
        s3 = S3(short(packed[:100], len(packed)), httpx.Response(200, content=packed))

        assert download(s3, Download(url=URL, compression="GZIP")) == DOCUMENT * 20
        assert s3.requests == 2

    def test_a_pipe_that_got_bytes_is_not_retried(self, download):
        """Bytes already in a pipe cannot be taken back: the short transfer raises instead of a retry."""

        class Pipe(io.BytesIO):
            def seekable(self) -> bool:
                return False

            def tell(self) -> int:
                raise io.UnsupportedOperation("tell")

        sink = Pipe()
        s3 = S3(short(DOCUMENT[:100], len(DOCUMENT)), httpx.Response(200, content=DOCUMENT))

        with pytest.raises(DocumentError, match="100 of the 1408 bytes"):
            download(s3, Download(url=URL, target=sink))

        assert s3.requests == 1
