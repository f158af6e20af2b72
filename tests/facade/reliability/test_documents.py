"""Document uploads and downloads on presigned URLs: streaming, GZIP, errors, and no leaked credentials."""

from __future__ import annotations

import asyncio
import gzip
import io
import logging
import zlib

import httpx
import pytest
from seller_central import errors
from seller_central.calls import Download, Upload
from seller_central.documents import CHUNK_SIZE, AsyncDocumentClient, DocumentClient, GzipStream, public_url
from seller_central.retry import RetryPolicy

#: The client's default policy without jitter, so the waits are exact.
POLICY = RetryPolicy(jitter=0.0)

SIGNED = (
    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA&X-Amz-Signature=cafe&X-Amz-Security-Token=SECRET"
)
URL = f"https://tortuga-prod-na.s3-external-1.amazonaws.com/NA/doc-1?{SIGNED}"
REPORT = b"order-id\tsku\tquantity\n" + b"".join(
    b"111-%07d-0000000\tSKU-%d\t1\n" % (i, i) for i in range(20_000)
)


class Recorder(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A fake S3 that records each request and the sizes of the body chunks it received."""

    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []
        self.chunk_sizes: list[int] = []

    def _answer(self, request: httpx.Request, chunks: list[bytes]) -> httpx.Response:
        self.requests.append(request)
        self.bodies.append(b"".join(chunks))
        self.chunk_sizes.extend(len(chunk) for chunk in chunks)
        return self.responses.pop(0) if self.responses else httpx.Response(200)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._answer(request, list(request.stream))  # type: ignore[arg-type]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self._answer(request, [chunk async for chunk in request.stream])  # type: ignore[union-attr]


@pytest.fixture
def documents(mode):
    """Upload or download through DocumentClient or AsyncDocumentClient (the test runs once for each)."""

    class Both:
        def __init__(self) -> None:
            self.sleeps: list[float] = []

        def _sleep(self, seconds: float) -> None:
            self.sleeps.append(seconds)

        async def _async_sleep(self, seconds: float) -> None:
            self.sleeps.append(seconds)

        def upload(self, transport, step):
            if mode == "sync":
                return DocumentClient(transport=transport, retry=POLICY, sleep=self._sleep).upload(step)
            return asyncio.run(
                AsyncDocumentClient(transport=transport, retry=POLICY, sleep=self._async_sleep).upload(step)
            )

        def download(self, transport, step):
            if mode == "sync":
                return DocumentClient(transport=transport, retry=POLICY, sleep=self._sleep).download(step)
            return asyncio.run(
                AsyncDocumentClient(transport=transport, retry=POLICY, sleep=self._async_sleep).download(step)
            )

    return Both()


class TestUpload:
    @pytest.mark.parametrize("kind", ["bytes", "path", "file", "pipe"])
    def test_every_source_is_sent_whole_with_its_length(self, documents, tmp_path, kind):
        """Bytes, a path, an open file and a non-seekable stream all arrive intact with Content-Length."""
        data = REPORT
        path = tmp_path / "feed.txt"
        path.write_bytes(data)

        class Pipe(io.RawIOBase):
            def __init__(self) -> None:
                self.inner = io.BytesIO(data)

            def readable(self) -> bool:
                return True

            def read(self, size: int = -1) -> bytes:
                return self.inner.read(size)

        s3 = Recorder()

        with path.open("rb") as handle:
            sources = {"bytes": data, "path": path, "file": handle, "pipe": Pipe()}
            documents.upload(
                s3, Upload(url=URL, content_type="text/tab-separated-values", source=sources[kind])
            )

        request = s3.requests[0]
        assert (request.method, str(request.url)) == ("PUT", URL)
        assert request.headers["Content-Length"] == str(len(data))
        assert "Transfer-Encoding" not in request.headers
        assert s3.bodies == [data]

    def test_a_file_is_streamed_in_chunks_not_read_whole(self, documents, tmp_path):
        """A 1 MiB file leaves in pieces no larger than CHUNK_SIZE."""
        path = tmp_path / "big.bin"
        path.write_bytes(b"x" * (1024 * 1024))
        s3 = Recorder()

        documents.upload(s3, Upload(url=URL, content_type="application/octet-stream", source=path))

        assert max(s3.chunk_sizes) <= CHUNK_SIZE
        assert sum(s3.chunk_sizes) == 1024 * 1024

    def test_the_content_type_is_sent_exactly_and_no_token_is_sent(self, documents):
        """S3 checks the Content-Type against createFeedDocument's; no SP-API token ever goes to S3."""
        s3 = Recorder()
        content_type = "text/xml; charset=UTF-8"

        documents.upload(s3, Upload(url=URL, content_type=content_type, source=b"<xml/>"))

        headers = s3.requests[0].headers
        assert headers["Content-Type"] == content_type
        assert "x-amz-access-token" not in headers
        assert "authorization" not in headers

    def test_text_is_encoded_as_the_content_type_says(self, documents):
        """A feed declared ISO-8859-1 is sent in ISO-8859-1, not UTF-8."""
        s3 = Recorder()

        documents.upload(s3, Upload(url=URL, content_type="text/plain; charset=iso-8859-1", source="Größe"))

        assert s3.bodies == ["Größe".encode("iso-8859-1")]

    def test_a_refused_upload_raises_with_s3s_code_and_no_credentials(self, documents):
        """An expired URL is a ForbiddenError naming S3's code; the signature never appears."""
        body = (
            b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message>"
            b"<StringToSign>X-Amz-Security-Token=SECRET</StringToSign></Error>"
        )
        s3 = Recorder(httpx.Response(403, content=body, headers={"x-amz-request-id": "S3REQ"}))

        with pytest.raises(errors.ForbiddenError) as caught:
            documents.upload(s3, Upload(url=URL, content_type="text/plain", source=b"data"))

        message = str(caught.value)
        assert "AccessDenied: Request has expired" in message
        assert "S3REQ" in message
        assert "SECRET" not in message
        assert "Signature" not in message

    def test_a_server_error_is_retried_from_the_start_of_the_file(self, documents, tmp_path):
        """After S3's 503 the whole file is sent again, and the upload succeeds."""
        path = tmp_path / "feed.txt"
        path.write_bytes(REPORT)
        s3 = Recorder(httpx.Response(503, content=b"<Error><Code>SlowDown</Code></Error>"))

        with path.open("rb") as handle:
            documents.upload(s3, Upload(url=URL, content_type="text/plain", source=handle))

        assert s3.bodies == [REPORT, REPORT]
        assert documents.sleeps == [0.5]

    def test_a_persistent_failure_raises(self, documents):
        """An upload that keeps failing is never reported as done, after the policy's attempts."""
        s3 = Recorder(*[httpx.Response(500)] * POLICY.max_attempts)

        with pytest.raises(errors.ServerError):
            documents.upload(s3, Upload(url=URL, content_type="text/plain", source=b"data"))

        assert len(s3.requests) == POLICY.max_attempts

    def test_a_connection_failure_raises_our_error(self, documents):
        """A failed connection becomes ConnectError, chained to httpx's exception."""

        def refuse(request):
            raise httpx.ConnectError("Connection refused")

        with pytest.raises(errors.ConnectError) as caught:
            documents.upload(
                httpx.MockTransport(refuse), Upload(url=URL, content_type="text/plain", source=b"x")
            )

        assert isinstance(caught.value.__cause__, httpx.ConnectError)
        assert "SECRET" not in str(caught.value)

    def test_a_text_mode_file_is_refused(self, tmp_path):
        """A file opened in text mode is a mistake named by its input, not a garbled upload."""
        path = tmp_path / "feed.txt"
        path.write_text("text")

        with path.open() as handle, pytest.raises(errors.InvalidInputError, match="binary mode"):
            DocumentClient(transport=Recorder()).upload(
                Upload(url=URL, content_type="text/plain", source=handle)
            )  # type: ignore[arg-type]


class Unseekable(io.BytesIO):
    """A write-only stream that cannot seek, like a pipe or standard output."""

    def seekable(self) -> bool:
        return False

    def seek(self, *_args: object) -> int:
        raise io.UnsupportedOperation("seek")

    def tell(self) -> int:
        raise io.UnsupportedOperation("tell")

    def truncate(self, *_args: object) -> int:
        raise io.UnsupportedOperation("truncate")


class BrokenAfter(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that delivers ``head`` and then loses the connection."""

    def __init__(self, head: bytes) -> None:
        self.head = head

    def __iter__(self):
        yield self.head
        raise httpx.ReadError("Connection reset by peer")

    async def __aiter__(self):
        yield self.head
        raise httpx.ReadError("Connection reset by peer")


def gzip_response(data: bytes, **headers: str) -> httpx.Response:
    return httpx.Response(200, content=gzip.compress(data), headers=headers)


class TestDownload:
    def test_a_declared_gzip_document_is_decompressed(self, documents):
        """compressionAlgorithm GZIP yields the original bytes."""
        s3 = Recorder(gzip_response(REPORT))

        assert documents.download(s3, Download(url=URL, compression="GZIP")) == REPORT

    def test_gzip_is_recognised_even_when_not_declared(self, documents):
        """A GZIP body is decompressed by its magic bytes alone."""
        s3 = Recorder(gzip_response(REPORT))

        assert documents.download(s3, Download(url=URL)) == REPORT

    def test_a_plain_document_declared_gzip_raises(self, documents):
        """Bytes that are not GZIP, served for a document declared GZIP, are not passed off as the document."""
        s3 = Recorder(httpx.Response(200, content=REPORT))

        with pytest.raises(errors.DocumentError, match="declared GZIP"):
            documents.download(s3, Download(url=URL, compression="GZIP"))

    def test_a_content_encoded_document_is_decoded(self, documents):
        """Content-Encoding: gzip is undone by httpx, and not a second time by us."""
        s3 = Recorder(gzip_response(REPORT, **{"Content-Encoding": "gzip"}))

        assert documents.download(s3, Download(url=URL, compression="GZIP")) == REPORT

    def test_the_document_is_streamed_to_a_path(self, documents, tmp_path):
        """With a target path the document is written there and nothing is returned."""
        target = tmp_path / "report.tsv"
        s3 = Recorder(gzip_response(REPORT))

        assert documents.download(s3, Download(url=URL, compression="GZIP", target=target)) is None
        assert target.read_bytes() == REPORT
        assert list(tmp_path.iterdir()) == [target]

    def test_the_document_is_streamed_to_a_file_object(self, documents):
        """A binary file object receives the document."""
        sink = io.BytesIO()

        documents.download(Recorder(gzip_response(REPORT)), Download(url=URL, target=sink))

        assert sink.getvalue() == REPORT

    def test_the_document_is_streamed_into_a_pipe(self, documents):
        """A non-seekable target (a pipe, standard output) receives the document."""
        sink = Unseekable()

        documents.download(Recorder(gzip_response(REPORT)), Download(url=URL, target=sink))

        assert sink.getvalue() == REPORT

    def test_a_pipe_target_is_retried_when_the_failure_came_before_any_byte(self, documents):
        """A 503 wrote nothing into the pipe, so the retry is safe and the pipe holds one copy."""
        sink = Unseekable()
        s3 = Recorder(httpx.Response(503), gzip_response(REPORT))

        documents.download(s3, Download(url=URL, target=sink))

        assert sink.getvalue() == REPORT
        assert len(s3.requests) == 2

    def test_a_pipe_target_is_not_retried_after_bytes_went_into_it(self, documents):
        """Bytes already in a pipe cannot be taken back: the failure is raised, not a duplicated document."""
        sink = Unseekable()
        s3 = Recorder(
            httpx.Response(200, stream=BrokenAfter(REPORT[:1000])), httpx.Response(200, content=REPORT)
        )

        with pytest.raises(errors.NetworkError):
            documents.download(s3, Download(url=URL, target=sink))

        assert sink.getvalue() == REPORT[:1000]
        assert len(s3.requests) == 1

    def test_a_truncated_gzip_document_raises_and_leaves_no_file(self, documents, tmp_path):
        """GZIP data that stops early raises, and the target path is not created."""
        target = tmp_path / "report.tsv"
        cut = gzip.compress(REPORT)[:-100]

        with pytest.raises(errors.UnexpectedResponseError, match="ended early"):
            documents.download(Recorder(httpx.Response(200, content=cut)), Download(url=URL, target=target))

        assert list(tmp_path.iterdir()) == []

    def test_a_corrupt_gzip_document_raises(self, documents):
        """GZIP data that does not decompress raises instead of returning garbage."""
        corrupt = b"\x1f\x8b" + b"\x00" * 64

        with pytest.raises(errors.UnexpectedResponseError, match="corrupt"):
            documents.download(Recorder(httpx.Response(200, content=corrupt)), Download(url=URL))

    def test_a_missing_document_raises_not_found(self, documents):
        """S3's 404 is a NotFoundError with S3's code."""
        body = b"<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>"

        with pytest.raises(errors.NotFoundError, match="NoSuchKey"):
            documents.download(Recorder(httpx.Response(404, content=body)), Download(url=URL))

    def test_a_server_error_is_retried(self, documents, tmp_path):
        """S3's 503 before any byte arrived is retried, and the file holds one copy of the document."""
        target = tmp_path / "report.tsv"
        s3 = Recorder(httpx.Response(503), gzip_response(REPORT))

        documents.download(s3, Download(url=URL, target=target))

        assert target.read_bytes() == REPORT
        assert len(s3.requests) == 2

    def test_a_broken_transfer_starts_over_and_keeps_one_copy(self, documents):
        """A transfer cut mid-way is retried from the start, and the result holds the document once."""

        class Broken(httpx.SyncByteStream, httpx.AsyncByteStream):
            def __iter__(self):
                yield REPORT[:1000]
                raise httpx.ReadError("Connection reset by peer")

            async def __aiter__(self):
                yield REPORT[:1000]
                raise httpx.ReadError("Connection reset by peer")

        s3 = Recorder(httpx.Response(200, stream=Broken()), httpx.Response(200, content=REPORT))

        assert documents.download(s3, Download(url=URL)) == REPORT

    def test_no_token_is_sent(self, documents):
        """A download carries no SP-API token or authorization."""
        s3 = Recorder(httpx.Response(200, content=b"x"))

        documents.download(s3, Download(url=URL))

        assert "x-amz-access-token" not in s3.requests[0].headers
        assert "authorization" not in s3.requests[0].headers


class TestNoCredentialsInLogs:
    def test_only_scheme_host_and_path_are_logged(self, documents, caplog):
        """Debug logs of an upload show where it went, never the presigned query string."""
        with caplog.at_level(logging.DEBUG):
            documents.upload(
                Recorder(httpx.Response(503), httpx.Response(200)),
                Upload(url=URL, content_type="text/plain", source=b"x"),
            )

        text = "\n".join(record.getMessage() for record in caplog.records)
        assert "tortuga-prod-na.s3-external-1.amazonaws.com/NA/doc-1" in text
        assert "SECRET" not in text
        assert "Signature" not in text

    def test_public_url_drops_query_and_user_info(self):
        """A URL is reduced to scheme, host and path."""
        assert public_url("https://user:pw@host:8443/a/b?sig=1#frag") == "https://host:8443/a/b"

    def test_a_relative_url_is_refused_without_echoing_the_query(self):
        """A URL that is not absolute http(s) is an input error naming the Url input."""
        with pytest.raises(errors.InvalidInputError, match="absolute") as caught:
            DocumentClient(transport=Recorder()).download(Download(url="/NA/doc?X-Amz-Signature=SECRET"))

        assert caught.value.label == "Url"
        assert "SECRET" not in str(caught.value)


class TestGzipStream:
    def test_output_is_bounded_whatever_the_compression_ratio(self):
        """64 MiB of zeros compress to a few kilobytes but come out in pieces of at most CHUNK_SIZE."""
        stream = GzipStream(declared_gzip=True)
        compressed = gzip.compress(bytes(64 * 1024 * 1024), compresslevel=1)

        sizes = [len(piece) for piece in stream.feed(compressed)] + [len(p) for p in stream.finish()]

        assert max(sizes) <= CHUNK_SIZE
        assert sum(sizes) == 64 * 1024 * 1024

    def test_concatenated_members_are_all_decompressed(self):
        """A GZIP file of two members yields both parts."""
        stream = GzipStream(declared_gzip=True)
        data = gzip.compress(b"first,") + gzip.compress(b"second")

        assert b"".join([*stream.feed(data), *stream.finish()]) == b"first,second"

    def test_bytes_split_anywhere_give_the_same_document(self):
        """Feeding one byte at a time, the magic number split included, gives the same result."""
        stream = GzipStream(declared_gzip=False)
        data = gzip.compress(b"hello world")

        out = b"".join(piece for byte in data for piece in stream.feed(bytes([byte])))

        assert out + b"".join(stream.finish()) == b"hello world"

    def test_a_one_byte_document_is_kept(self):
        """A document too short to hold a magic number passes through."""
        stream = GzipStream(declared_gzip=False)

        assert b"".join([*stream.feed(b"x"), *stream.finish()]) == b"x"

    def test_zlib_streams_are_not_mistaken_for_gzip(self):
        """Only GZIP's magic number triggers decompression."""
        data = zlib.compress(b"not gzip")
        stream = GzipStream(declared_gzip=False)

        assert b"".join([*stream.feed(data), *stream.finish()]) == data
