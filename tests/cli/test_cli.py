"""The seller-central command line, run against the local sandbox: output formats, exit codes, pages, profiles."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
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
