"""Issue 17: progress shows pages and items (and an ETA where the total is known), bytes of a download.

Progress goes to stderr only, and only on a terminal or with ``--progress``: CliRunner's stderr is not a
terminal, so without the flag no progress line may appear, and stdout stays the bare JSON a script reads.
A scripted server answers getFeeds and searchCatalogItems page after page; the local sandbox serves a feed
document with its Content-Length.
"""

from __future__ import annotations

import http.server
import io
import json
import re
import threading
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from seller_central.cli.app import cli
from seller_central.cli.progress import Progress, eta_text, size_text
from seller_central.sandbox import SandboxServer

pytestmark = pytest.mark.xdist_group("cli")

PAGES = 3  # each scripted listing has three pages of two items


class _Server(http.server.ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def _answer(self, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer({"access_token": "Atza|progress", "token_type": "bearer", "expires_in": 3600})

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        token = query.get("nextToken", query.get("pageToken", ["p1"]))[0]
        number = int(token[1:])
        following = f"p{number + 1}" if number < PAGES else None
        if url.path.startswith("/catalog/"):
            body: dict[str, Any] = {
                "numberOfResults": 2 * PAGES,
                "items": [{"asin": f"B00000000{2 * number - 1}"}, {"asin": f"B00000000{2 * number}"}],
            }
            if following:
                body["pagination"] = {"nextToken": following}
        else:
            feeds = [
                {"feedId": f"F{2 * number - n}", "feedType": "POST_PRODUCT_DATA", "createdTime": "2026-11-27T10:00:00Z",
                 "processingStatus": "DONE"}
                for n in (1, 0)
            ]  # fmt: skip
            body = {"feeds": feeds, **({"nextToken": following} if following else {})}
        self._answer(body)

    def log_message(self, *args: object) -> None:
        del args


@pytest.fixture(scope="module")
def server():
    server = _Server()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def env_for(url: str, token_url: str) -> dict[str, str]:
    return {
        "SP_API_CLIENT_ID": "amzn1.application-oa2-client.progress",
        "SP_API_CLIENT_SECRET": "progress-secret",
        "SP_API_REFRESH_TOKEN": "Atzr|progress-refresh",
        "SP_API_ENDPOINT": url,
        "SP_API_TOKEN_URL": token_url,
        "PYTHONWARNINGS": "ignore",
    }


def run(server: _Server, *args: str):
    env = env_for(server.url, f"{server.url}/auth/o2/token")
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


FEEDS = ["feeds", "list", "--feed-types", "POST_PRODUCT_DATA", "--all-pages"]


def test_all_pages_progress_counts_pages_and_items(server):
    """`--progress --all-pages`: one line per page with pages and items; stdout is the JSON array alone."""
    result = run(server, "--progress", *FEEDS)

    assert result.exit_code == 0, result.stderr
    assert [feed["feedId"] for feed in json.loads(result.stdout)] == ["F1", "F2", "F3", "F4", "F5", "F6"]
    assert result.stderr.splitlines() == [
        "List Feeds: 1 page(s), 2 item(s)",
        "List Feeds: 2 page(s), 4 item(s)",
        "List Feeds: 3 page(s), 6 item(s)",
        "6 item(s) from 3 page(s)",
    ]


@pytest.mark.parametrize("flag", [[], ["--no-progress"]], ids=["not-a-terminal", "no-progress"])
def test_no_progress_unless_on_a_terminal_or_asked(server, flag):
    """stderr not a terminal (or --no-progress): no progress at all, only the closing count."""
    result = run(server, *flag, *FEEDS)

    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == ["6 item(s) from 3 page(s)"]
    assert len(json.loads(result.stdout)) == 2 * PAGES


def test_call_all_pages_counts_the_items_of_its_pages(server):
    """`call KEY --all-pages` prints pages (JSON) but counts the items in them, as the actions do."""
    result = run(server, "--progress", "call", "feeds_2021_06_30.getFeeds", "-p", "feedTypes=POST_PRODUCT_DATA",
                 "--all-pages")  # fmt: skip

    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == PAGES
    assert "feeds_2021_06_30.getFeeds: 3 page(s), 6 item(s)" in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1] == "6 item(s) from 3 page(s)"


def test_a_listing_that_announces_its_total_shows_the_share_and_an_eta(server):
    """Catalog search announces numberOfResults: the progress says "2 of 6 item(s) (33%)" and an ETA."""
    result = run(server, "--progress", "catalog", "search", "--marketplace-ids", "ATVPDKIKX0DER",
                 "--keywords", "kettle", "--all-pages")  # fmt: skip

    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert re.fullmatch(r"Search Catalog Item: 1 page\(s\), 2 of 6 item\(s\) \(33%\), ETA \d+:\d\d", lines[0])
    assert re.fullmatch(r"Search Catalog Item: 2 page\(s\), 4 of 6 item\(s\) \(66%\), ETA \d+:\d\d", lines[1])
    assert lines[2] == "Search Catalog Item: 3 page(s), 6 of 6 item(s) (100%)"
    assert lines[3] == "6 item(s) from 3 page(s)"


def test_a_download_shows_its_bytes_of_the_content_length():
    """`feeds download --progress`: the bytes received of the Content-Length, on stderr; stdout the document."""
    with SandboxServer() as sandbox:
        env = env_for(sandbox.url, sandbox.token_url) | {"SP_API_SANDBOX": "true", "SP_API_SCOPES": ""}
        result = CliRunner().invoke(
            cli,
            ["--progress", "feeds", "download", "--feed-document-id", "0356cf79-b8b0-4226-b4b9-0ee058ea5760"],
            env=env,
            catch_exceptions=False,
        )

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["header"]["sellerId"] == "SANDBOX_SELLER"
    assert re.fullmatch(r"Download Feed Document: downloaded (\d+) B of \1 B \(100%\)\n", result.stderr)


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_download_of_known_size_writes_a_line_per_tenth_with_an_eta():
    """Forced progress (not a terminal): a line per tenth of the bytes, the ETA from the rate so far."""
    clock, stream = _Clock(), io.StringIO()
    progress = Progress("Download Feed Document", enabled=True, stream=stream, clock=clock)
    total = 4 * 1024 * 1024
    clock.now = 500.0  # the transfer starts later than the command: its ETA counts from its own start
    progress.transfer("download", 0, total)
    for second, received in enumerate((256 * 1024, 512 * 1024, 1024 * 1024, 1024 * 1024 + 1, total), start=1):
        clock.now = 500.0 + second
        progress.transfer("download", received, total)
    progress.close()

    assert stream.getvalue().splitlines() == [
        "Download Feed Document: downloaded 256.0 KB of 4.0 MB (6%), ETA 0:15",
        "Download Feed Document: downloaded 512.0 KB of 4.0 MB (12%), ETA 0:14",
        "Download Feed Document: downloaded 1.0 MB of 4.0 MB (25%), ETA 0:09",
        "Download Feed Document: downloaded 4.0 MB of 4.0 MB (100%)",
    ]


def test_a_download_of_unknown_size_writes_a_line_per_mib():
    """No Content-Length: the bytes so far, one line per MiB, no share and no ETA."""
    stream = io.StringIO()
    progress = Progress("Get Report", enabled=True, stream=stream, clock=_Clock())
    for received in (100, 600 * 1024, 1024 * 1024 + 5, 2 * 1024 * 1024 + 7):
        progress.transfer("download", received, None)

    assert stream.getvalue().splitlines() == [
        "Get Report: downloaded 100 B",
        "Get Report: downloaded 1.0 MB",
        "Get Report: downloaded 2.0 MB",
    ]


def test_on_a_terminal_the_line_is_redrawn_in_place_and_ended_by_close():
    """A terminal gets one line redrawn with a carriage return; close ends it so the count starts clean."""
    stream = _Terminal()
    progress = Progress("List Orders", enabled=None, stream=stream, clock=_Clock())
    progress.pages(1, 100)
    progress.pages(2, 180)
    progress.close()

    assert (
        stream.getvalue()
        == "\rList Orders: 1 page(s), 100 item(s)\x1b[K\rList Orders: 2 page(s), 180 item(s)\x1b[K\n"
    )


def test_no_progress_hides_it_on_a_terminal_too():
    """--no-progress (enabled=False) writes nothing, even on a terminal."""
    stream = _Terminal()
    progress = Progress("List Orders", enabled=False, stream=stream, clock=_Clock())
    progress.pages(1, 100)
    progress.transfer("upload", 10, 100)
    progress.close()

    assert stream.getvalue() == ""


@pytest.mark.parametrize(
    ("size", "text"), [(0, "0 B"), (1023, "1023 B"), (1536, "1.5 KB"), (5 * 1024**3, "5.0 GB")]
)
def test_sizes(size, text):
    assert size_text(size) == text


@pytest.mark.parametrize(("seconds", "text"), [(0.4, "0:00"), (75, "1:15"), (3725, "1:02:05")])
def test_eta(seconds, text):
    assert eta_text(seconds) == text


def test_feeds_submit_shows_the_upload_of_a_file(tmp_path):
    """`feeds submit FILE --progress` streams the file: the bytes uploaded of its length, on stderr."""
    feed = tmp_path / "feed.tsv"
    feed.write_bytes(b"sku\tprice\n".ljust(1024 * 1024, b"\n"))  # four chunks of 256 KB
    with SandboxServer() as sandbox:
        env = env_for(sandbox.url, sandbox.token_url) | {"SP_API_SANDBOX": "true", "SP_API_SCOPES": ""}
        result = CliRunner().invoke(
            cli,
            ["--progress", "feeds", "submit", str(feed), "--feed-type", "POST_PRODUCT_DATA", "--marketplace-ids",
             "ATVPDKIKX0DER,A1F83G8C2ARO7P", "--content-type", "text/tab-separated-values; charset=UTF-8"],
            env=env,
            catch_exceptions=False,
        )  # fmt: skip

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["feed_id"]
    lines = result.stderr.splitlines()
    assert [re.sub(r", ETA \d+:\d\d$", "", line) for line in lines[:4]] == [
        "Submit Feed: uploaded 256.0 KB of 1.0 MB (25%)",
        "Submit Feed: uploaded 512.0 KB of 1.0 MB (50%)",
        "Submit Feed: uploaded 768.0 KB of 1.0 MB (75%)",
        "Submit Feed: uploaded 1.0 MB of 1.0 MB (100%)",
    ]
    assert all(", ETA " in line for line in lines[:3])
    assert lines[4] == "uploaded the document"


def test_the_documents_client_reports_both_directions_and_each_start():
    """report_progress: an upload (in memory: 0, then all of it) and a download (0, then its bytes)."""
    import httpx  # noqa: PLC0415
    from seller_central.calls import Download, Upload  # noqa: PLC0415
    from seller_central.documents import DocumentClient, report_progress  # noqa: PLC0415

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            return httpx.Response(200)
        return httpx.Response(200, content=b"x" * 1000, headers={"Content-Length": "1000"})

    seen: list[tuple[str, int, int | None]] = []
    with (
        DocumentClient(transport=httpx.MockTransport(answer)) as documents,
        report_progress(lambda *event: seen.append(event)),
    ):
        documents.upload(Upload(url="https://s3.example/up", content_type="text/plain", source=b"hello"))
        documents.download(Download(url="https://s3.example/down"))

    assert seen == [("upload", 0, 5), ("upload", 5, 5), ("download", 0, 1000), ("download", 1000, 1000)]
