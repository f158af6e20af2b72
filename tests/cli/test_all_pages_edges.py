"""Issue 14, item 11 in the CLI: ``--all-pages`` prints what it received before an error, and ends loops.

A scripted getFeeds server answers page after page; ``result.output`` interleaves stdout and stderr in the
order they were written, so "printed before the error" is checked on it.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from seller_central.cli.app import EXIT_API_ERROR, EXIT_BAD_INPUT, cli

pytestmark = pytest.mark.xdist_group("cli")

LIMIT = 6  # the server refuses after this many pages (below getFeeds' burst of 10: no limiter waits)


def feed(number: int) -> dict[str, Any]:
    return {"feedId": f"F{number}", "feedType": "POST_PRODUCT_DATA", "marketplaceIds": ["ATVPDKIKX0DER"],
            "createdTime": "2026-11-27T10:00:00Z", "processingStatus": "DONE"}  # fmt: skip


class _Server(http.server.ThreadingHTTPServer):
    """getFeeds: page n holds feeds 2n-1 and 2n; ``script`` gives each page's nextToken, or "fail"."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.script: Iterator[str | None] = iter(())
        self.sent: list[str | None] = []


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def _answer(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer(200, {"access_token": "Atza|cli", "token_type": "bearer", "expires_in": 3600})

    def do_GET(self) -> None:
        self.server.sent.append(parse_qs(urlsplit(self.path).query).get("nextToken", [None])[0])
        number = len(self.server.sent)
        step = next(self.server.script) if number <= LIMIT else "fail"
        if step == "fail":
            self._answer(400, {"errors": [{"code": "InvalidInput", "message": f"page {number} refused"}]})
            return
        body: dict[str, Any] = {"feeds": [feed(2 * number - 1), feed(2 * number)]}
        if step is not None:
            body["nextToken"] = step
        self._answer(200, body)

    def log_message(self, *args: object) -> None:
        del args


@pytest.fixture
def server():
    server = _Server()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def run(server: _Server, *args: str):
    env = {
        "SP_API_CLIENT_ID": "amzn1.application-oa2-client.cli-test",
        "SP_API_CLIENT_SECRET": "cli-test-secret",
        "SP_API_REFRESH_TOKEN": "Atzr|cli-test-refresh",
        "SP_API_ENDPOINT": server.url,
        "SP_API_TOKEN_URL": f"{server.url}/auth/o2/token",
        "SP_API_SANDBOX": "",
        "SP_API_SCOPES": "",
        "PYTHONWARNINGS": "ignore",
    }
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def ids(text: str) -> list[str]:
    return [entry["feedId"] for entry in json.loads(text)]


def test_page_one_is_printed_before_page_two_fails(server):
    """`feeds list --all-pages` whose page 2 fails: page 1's feeds on stdout (valid JSON), then the error."""
    server.script = iter(["t2", "fail"])

    result = run(server, "feeds", "list", "--feed-types", "POST_PRODUCT_DATA", "--all-pages")

    assert result.exit_code == EXIT_API_ERROR
    assert ids(result.stdout) == ["F1", "F2"]
    assert "page 2 refused" in result.stderr
    assert "2 item(s) from 1 page(s) received before the error" in result.stderr
    assert result.output.index('"F2"') < result.output.index("page 2 refused")
    # Nothing received, nothing on stdout (not an empty list): a first page that fails prints only the error.
    server.sent.clear()
    server.script = iter(["fail"])
    first = run(server, "feeds", "list", "--feed-types", "POST_PRODUCT_DATA", "--all-pages")
    assert (first.exit_code, first.stdout) == (EXIT_API_ERROR, "")


def test_table_output_also_prints_page_one_before_the_error(server):
    """With -o table the rows received are printed, then the error."""
    server.script = iter(["t2", "fail"])

    result = run(server, "-o", "table", "feeds", "list", "--feed-types", "POST_PRODUCT_DATA", "--all-pages")

    assert result.exit_code == EXIT_API_ERROR
    assert [line.split()[0] for line in result.stdout.splitlines()[2:]] == ["F1", "F2"]
    assert result.output.index("F2") < result.output.index("page 2 refused")


def test_a_repeated_token_ends_with_an_error_after_printing_every_page(server):
    """A server answering every page with the same token: two pages printed, then the loop is reported."""
    server.script = iter(["t2"] * LIMIT)

    result = run(server, "feeds", "list", "--feed-types", "POST_PRODUCT_DATA", "--all-pages")

    assert result.exit_code == EXIT_API_ERROR
    assert server.sent == [None, "t2"]
    assert ids(result.stdout) == ["F1", "F2", "F3", "F4"]
    assert "same pages forever" in result.stderr
    assert "t2" not in result.stderr.replace("F2", "")


def test_max_pages_stops_quietly_and_implies_all_pages(server):
    """--max-pages 2 on an endless listing: two requests, four feeds, exit 0."""
    server.script = (f"t{n}" for n in range(2, 1000))

    result = run(server, "feeds", "list", "--feed-types", "POST_PRODUCT_DATA", "--max-pages", "2")

    assert result.exit_code == 0, result.output
    assert len(server.sent) == 2
    assert ids(result.stdout) == ["F1", "F2", "F3", "F4"]
    assert "stopped at --max-pages 2" in result.stderr
    # Streamed page by page, the array is still exactly what json.dumps(items, indent=2) prints.
    assert result.stdout == json.dumps(json.loads(result.stdout), indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("bad", ["0", "-3", "two"])
def test_a_bad_max_pages_is_bad_input(server, bad):
    """--max-pages 0 (or not a number) is refused before any request, with exit code 2."""
    result = run(server, "feeds", "list", "--feed-types", "POST_PRODUCT_DATA", "--max-pages", bad)

    assert result.exit_code == EXIT_BAD_INPUT
    assert "Invalid value for '--max-pages'" in result.output
    assert server.sent == []


def test_call_all_pages_prints_page_one_before_page_two_fails(server):
    """`call feeds_2021_06_30.getFeeds --all-pages` streams too: page 1 is out before page 2's error."""
    server.script = iter(["t2", "fail"])

    result = run(
        server, "call", "feeds_2021_06_30.getFeeds", "-p", "feedTypes=POST_PRODUCT_DATA", "--all-pages"
    )

    assert result.exit_code == EXIT_API_ERROR
    assert [feed["feedId"] for page in json.loads(result.stdout) for feed in page["feeds"]] == ["F1", "F2"]
    assert "page 2 refused" in result.stderr
    assert result.output.index('"F2"') < result.output.index("page 2 refused")


def test_call_max_pages_stops_quietly_and_a_repeated_token_is_an_error(server):
    """`call ... --max-pages 2` on an endless listing sends two requests; a repeated token ends with an error."""
    server.script = (f"t{n}" for n in range(2, 1000))

    limited = run(
        server, "call", "feeds_2021_06_30.getFeeds", "-p", "feedTypes=POST_PRODUCT_DATA", "--max-pages", "2"
    )

    assert limited.exit_code == 0, limited.output
    assert (len(server.sent), len(json.loads(limited.stdout))) == (2, 2)
    server.sent.clear()
    server.script = iter(["t2"] * LIMIT)
    looping = run(
        server, "call", "feeds_2021_06_30.getFeeds", "-p", "feedTypes=POST_PRODUCT_DATA", "--all-pages"
    )
    assert looping.exit_code == EXIT_API_ERROR
    assert server.sent == [None, "t2"]
    assert "same pages forever" in looping.stderr
