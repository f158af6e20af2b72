"""The seller-central command line, run against the local sandbox: output formats, exit codes, pages, profiles."""

from __future__ import annotations

import http.server
import json
import threading
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from click.testing import CliRunner
from seller_central import consent
from seller_central.cli.app import EXIT_API_ERROR, EXIT_BAD_INPUT, cli
from seller_central.sandbox import SandboxServer

pytestmark = pytest.mark.xdist_group("cli")

SANDBOX_FEED_DOCUMENT = "0356cf79-b8b0-4226-b4b9-0ee058ea5760"  # getFeedDocument's example id


@pytest.fixture(scope="module")
def sandbox():
    with SandboxServer() as server:
        yield server


@pytest.fixture
def env(sandbox):
    return {
        "SP_API_CLIENT_ID": "amzn1.application-oa2-client.cli-test",
        "SP_API_CLIENT_SECRET": "cli-test-secret",
        "SP_API_REFRESH_TOKEN": "Atzr|cli-test-refresh",
        "SP_API_ENDPOINT": sandbox.url,
        "SP_API_TOKEN_URL": sandbox.token_url,
        "SP_API_SANDBOX": "true",
        "SP_API_SCOPES": "",
        "PYTHONWARNINGS": "ignore",
    }


class _FeedsServer(http.server.ThreadingHTTPServer):
    """A scripted SP-API for a feed's whole life: document, upload, feed, two polls, the report."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _FeedsHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.statuses = ["IN_PROGRESS", "DONE"]
        self.uploaded = b""


class _FeedsHandler(http.server.BaseHTTPRequestHandler):
    server: _FeedsServer

    def _answer(self, status: int, body: object = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/auth/o2/token":
            self._answer(200, {"access_token": "Atza|feeds-test", "token_type": "bearer", "expires_in": 3600})
        elif self.path == "/feeds/2021-06-30/documents":
            self._answer(201, {"feedDocumentId": "doc-in", "url": f"{self.server.url}/upload/doc-in"})
        else:  # createFeed
            self._answer(202, {"feedId": "F1"})

    def do_PUT(self) -> None:
        self.server.uploaded = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer(200)

    def do_GET(self) -> None:
        if self.path == "/feeds/2021-06-30/feeds/F1":
            status = self.server.statuses.pop(0) if len(self.server.statuses) > 1 else self.server.statuses[0]
            feed = {"feedId": "F1", "feedType": "POST_PRODUCT_DATA", "marketplaceIds": ["ATVPDKIKX0DER"],
                    "createdTime": "2026-11-27T10:00:00Z", "processingStatus": status}  # fmt: skip
            if status == "DONE":
                feed["resultFeedDocumentId"] = "doc-report"
            self._answer(200, feed)
        elif self.path == "/feeds/2021-06-30/documents/doc-report":
            self._answer(
                200, {"feedDocumentId": "doc-report", "url": f"{self.server.url}/download/doc-report"}
            )
        else:  # the report itself
            self._answer(200, {"header": {"feedId": "F1"}, "summary": {"errors": 0, "messagesProcessed": 1}})

    def log_message(self, *args: object) -> None:
        del args


@pytest.fixture
def feeds_server():
    server = _FeedsServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def run(env, *args):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


class TestOutput:
    def test_json_is_the_default_output(self, env):
        """A command prints the typed result as JSON with the model's own key names."""
        result = run(env, "orders", "get", "--order-id", "TEST_CASE_200")

        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["payload"]["AmazonOrderId"] == "902-1845936-5435065"

    def test_table_output_lists_rows(self, env):
        """--output table prints one row per item with a header line."""
        result = run(
            env,
            "-o",
            "table",
            "orders",
            "list",
            "--marketplace-ids",
            "ATVPDKIKX0DER",
            "--created-after",
            "TEST_CASE_200",
        )

        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0].split()[0] == "AmazonOrderId"
        assert any(line.startswith("902-1845936-5435065") for line in lines[2:])

    def test_actions_json_lists_every_spec_action(self, env):
        """`seller-central actions --json` prints the catalog, every spec action with its inputs."""
        result = run(env, "actions", "--json")

        catalog = json.loads(result.stdout)
        labels = {entry["label"] for entry in catalog if entry["inSpec"]}
        assert {"List Orders", "Create Shipment", "Raw Request", "Get Subscription By ID"} <= labels
        assert len(labels) == 31
        list_orders = next(entry for entry in catalog if entry["name"] == "list_orders")
        assert {"key": "max_results_per_page", "default": 100}.items() <= next(
            i for i in list_orders["inputs"] if i["key"] == "max_results_per_page"
        ).items()


class TestPagination:
    def test_all_pages_follows_the_next_token(self, env, sandbox):
        """--all-pages sends the page token back and prints every page's orders as one list."""
        sandbox.clear_requests()

        result = run(
            env,
            "orders",
            "list",
            "--marketplace-ids",
            "ATVPDKIKX0DER",
            "--created-after",
            "TEST_CASE_200_NEXT_TOKEN",
            "--all-pages",
        )

        assert result.exit_code == 0, result.stderr
        orders = json.loads(result.stdout)
        order_requests = [r for r in sandbox.requests if r.path == "/orders/v0/orders"]
        assert len(order_requests) == 2
        assert "NextToken" in order_requests[1].query
        assert len(orders) >= 2
        assert "item(s)" in result.stderr


class TestConnectionOptions:
    def test_endpoint_option_wins_over_the_environment(self, env, sandbox):
        """--endpoint replaces SP_API_ENDPOINT (here a port nothing listens on)."""
        env = {**env, "SP_API_ENDPOINT": "http://127.0.0.1:9"}

        result = run(env, "--endpoint", sandbox.url, "orders", "get", "--order-id", "TEST_CASE_200")

        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["payload"]["AmazonOrderId"] == "902-1845936-5435065"

    def test_sandbox_flag_accepts_the_sandbox_test_values(self, env):
        """Without --sandbox a sandbox order id is bad input (exit 2); with it, the call goes through."""
        env = {**env, "SP_API_SANDBOX": ""}

        refused = run(env, "orders", "get", "--order-id", "TEST_CASE_200")
        accepted = run(env, "--sandbox", "orders", "get", "--order-id", "TEST_CASE_200")

        assert (refused.exit_code, accepted.exit_code) == (EXIT_BAD_INPUT, 0)
        assert "Order Id" in refused.stderr


class TestAuthLogin:
    def test_login_stores_a_profile_that_then_works(self, env, sandbox, tmp_path, monkeypatch):
        """`auth login` shows the consent URL, takes the redirect, and stores a profile the next command uses.

        The browser is played by a thread that follows the consent URL's redirect_uri with the URL's state.
        """
        config = tmp_path / "config.toml"
        browsers: list[threading.Thread] = []
        real_login = consent.login

        def login_with_a_browser(**options):
            shown = options["show"]

            def show(url: str) -> None:
                shown(url)
                query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
                redirect = f"{query['redirect_uri']}?state={query['state']}&spapi_oauth_code=code-1&selling_partner_id=A9"
                browser = threading.Thread(target=lambda: httpx.get(redirect, timeout=10))
                browser.start()
                browsers.append(browser)

            return real_login(**{**options, "show": show})

        monkeypatch.setattr(consent, "login", login_with_a_browser)
        no_env = dict.fromkeys(env, "")
        login = run(
            no_env, "--config", str(config), "--endpoint", sandbox.url, "--sandbox", "--token-url",
            sandbox.token_url, "auth", "login", "--profile", "shop", "--client-id", "amzn1.application-oa2-client.c",
            "--client-secret", "login-secret", "--application-id", "amzn1.sp.solution.app", "--port", "0",
            "--timeout", "10",
        )  # fmt: skip
        for browser in browsers:
            browser.join(timeout=10)

        assert login.exit_code == 0, login.stderr
        assert "Open this URL to authorize the application" in login.stderr
        assert "stored the refresh token in profile 'shop'" in login.stderr
        assert "login-secret" not in login.stderr
        order = run(
            no_env,
            "--config",
            str(config),
            "--profile",
            "shop",
            "orders",
            "get",
            "--order-id",
            "TEST_CASE_200",
        )
        assert order.exit_code == 0, order.stderr
        assert json.loads(order.stdout)["payload"]["AmazonOrderId"] == "902-1845936-5435065"


class TestExitCodes:
    def test_api_error_exits_1_with_the_envelope_on_stderr(self, env):
        """An SP-API error exits 1 and prints Amazon's error envelope as JSON on stderr."""
        result = run(env, "orders", "get", "--order-id", "TEST_CASE_400")

        assert result.exit_code == EXIT_API_ERROR
        envelope = json.loads(result.stderr[: result.stderr.rindex("}") + 1])
        assert envelope["status"] == 400
        assert envelope["errors"][0]["code"] == "InvalidInput"
        assert result.stdout == ""

    def test_bad_input_exits_2_naming_the_input(self, env, sandbox):
        """A bad input exits 2 with a message naming the input, and nothing is sent."""
        sandbox.clear_requests()

        result = run(env, "orders", "list", "--marketplace-ids", "ATVPDKIKX0DER")

        assert result.exit_code == EXIT_BAD_INPUT
        assert "Created After" in result.stderr
        assert sandbox.requests == []

    def test_invalid_json_input_exits_2(self, env):
        """A JSON input that is not JSON is reported with its label."""
        result = run(
            env,
            "listings",
            "create",
            "--seller-id",
            "S",
            "--sku",
            "K",
            "--marketplace-ids",
            "ATVPDKIKX0DER",
            "--product-type",
            "P",
            "--attributes",
            "{not json",
        )

        assert result.exit_code == EXIT_BAD_INPUT
        assert "Attributes" in result.stderr

    def test_unknown_option_is_a_usage_error(self, env):
        """An option the action does not have is a usage error (exit 2)."""
        result = run(env, "orders", "get", "--order", "X")

        assert result.exit_code == EXIT_BAD_INPUT

    def test_missing_credentials_exit_2(self, env):
        """No credentials anywhere is a configuration error that names what is missing."""
        bare = dict.fromkeys(env, "")

        result = run(bare, "orders", "get", "--order-id", "TEST_CASE_200")

        assert result.exit_code == EXIT_BAD_INPUT
        assert "Client ID" in result.stderr


class TestProfiles:
    def test_profile_selects_the_connection(self, env, sandbox, tmp_path):
        """--profile reads the named profile of the config file instead of the environment."""
        config = tmp_path / "config.toml"
        config.write_text(
            "[work]\n"
            'client_id = "amzn1.application-oa2-client.profile"\n'
            'client_secret = "profile-secret"\n'
            'refresh_token = "Atzr|profile-refresh"\n'
            f'endpoint = "{sandbox.url}"\n'
            f'token_url = "{sandbox.token_url}"\n'
            "is_sandbox = true\n",
            encoding="utf-8",
        )
        no_env = dict.fromkeys(env, "")

        result = run(
            no_env,
            "--config",
            str(config),
            "--profile",
            "work",
            "orders",
            "get",
            "--order-id",
            "TEST_CASE_200",
        )

        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["payload"]["AmazonOrderId"] == "902-1845936-5435065"

    def test_unknown_profile_exits_2_naming_it(self, env, tmp_path):
        """A profile that is not in the file is named in the error."""
        config = tmp_path / "config.toml"
        config.write_text('[work]\nclient_id = "x"\n', encoding="utf-8")

        result = run(
            env, "--config", str(config), "--profile", "home", "orders", "get", "--order-id", "TEST_CASE_200"
        )

        assert result.exit_code == EXIT_BAD_INPUT
        assert "home" in result.stderr


class TestFeedsAndRaw:
    def test_feeds_submit_takes_the_file_as_an_argument(self, env, tmp_path):
        """`feeds submit FILE` creates the document, uploads the file, and creates the feed."""
        feed = tmp_path / "feed.tsv"
        feed.write_text("sku\tprice\n", encoding="utf-8")

        result = run(
            env, "feeds", "submit", str(feed), "--feed-type", "POST_PRODUCT_DATA", "--marketplace-ids",
            "ATVPDKIKX0DER,A1F83G8C2ARO7P", "--content-type", "text/tab-separated-values; charset=UTF-8",
        )  # fmt: skip

        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["feed_id"] == "3485934"
        assert "uploaded the document" in result.stderr

    def test_feeds_download_streams_to_standard_output_with_target_dash(self, env):
        """`--target -` streams the document to standard output and prints nothing else there."""
        result = run(env, "feeds", "download", "--feed-document-id", SANDBOX_FEED_DOCUMENT, "--target", "-")

        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["header"]["sellerId"] == "SANDBOX_SELLER"

    def test_feeds_download_writes_a_target_file(self, env, tmp_path):
        """`--target FILE` writes the document to that file, not to standard output."""
        target = tmp_path / "report.json"

        result = run(
            env, "feeds", "download", "--feed-document-id", SANDBOX_FEED_DOCUMENT, "--target", str(target)
        )

        assert result.exit_code == 0, result.stderr
        assert json.loads(target.read_bytes())["header"]["sellerId"] == "SANDBOX_SELLER"
        assert "SANDBOX_SELLER" not in result.stdout

    def test_feeds_submit_wait_shows_progress_until_the_feed_is_done(self, env, feeds_server, tmp_path):
        """`--wait` polls Get Feed at once, shows each status and wait on stderr, and prints the result."""
        feed = tmp_path / "feed.tsv"
        feed.write_text("sku\tprice\nSKU-1\t9.99\n", encoding="utf-8")
        env = {
            **env,
            "SP_API_ENDPOINT": feeds_server.url,
            "SP_API_TOKEN_URL": f"{feeds_server.url}/auth/o2/token",
        }

        result = run(
            env, "feeds", "submit", str(feed), "--feed-type", "POST_PRODUCT_DATA", "--marketplace-ids",
            "ATVPDKIKX0DER", "--content-type", "text/tab-separated-values; charset=UTF-8", "--wait",
            "--poll-interval-seconds", "0.5",
        )  # fmt: skip

        assert result.exit_code == 0, result.stderr
        assert result.stderr.splitlines()[:4] == [
            "uploaded the document",
            "getFeed: IN_PROGRESS",
            "waiting 0.5 s ...",
            "getFeed: DONE",
        ]
        printed = json.loads(result.stdout)
        assert (printed["feed_id"], printed["status"]) == ("F1", "DONE")
        assert printed["feed"]["processingStatus"] == "DONE"
        assert printed["report"]["summary"]["messagesProcessed"] == 1
        assert feeds_server.uploaded == b"sku\tprice\nSKU-1\t9.99\n"

    def test_raw_request_refuses_another_host(self, env, sandbox):
        """Raw Request refuses an absolute URL (exit 2) before anything is sent."""
        sandbox.clear_requests()

        result = run(
            env, "raw", "request", "--url", "https://evil.example/orders/v0/orders", "--method", "GET"
        )

        assert result.exit_code == EXIT_BAD_INPUT
        assert "URL" in result.stderr
        assert sandbox.requests == []


def test_completion_script_names_the_program():
    """`seller-central completion bash` prints a script bound to the seller-central command."""
    result = CliRunner().invoke(cli, ["completion", "bash"])

    assert result.exit_code == 0
    assert "_SELLER_CENTRAL_COMPLETE" in result.stdout
