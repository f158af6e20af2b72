"""``seller-central call KEY``: any operation by key, against the local sandbox; its help, list and mistakes."""

from __future__ import annotations

import inspect
import json

import pytest
from click.testing import CliRunner
from seller_central import operations
from seller_central.cli.app import EXIT_BAD_INPUT, cli
from seller_central.cli.call import operation_arguments
from seller_central.errors import InvalidInputError
from seller_central.sandbox import SandboxServer

pytestmark = pytest.mark.xdist_group("cli")

CREATE_REPORT = {
    "reportType": "GET_MERCHANT_LISTINGS_ALL_DATA",
    "dataStartTime": "2024-03-10T20:11:24.000Z",
    "marketplaceIds": ["A1PA6795UKMFR9", "ATVPDKIKX0DER"],
}


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


def sp_api_requests(sandbox, path_prefix: str = "/"):
    return [r for r in sandbox.requests if r.path.startswith(path_prefix) and r.path != "/auth/o2/token"]


class TestCallOnTheSandbox:
    def test_a_path_parameter_by_its_model_name(self, env, sandbox):
        """orders_v0.getOrder with orderId: the typed result printed as JSON with the model's key names."""
        sandbox.clear_requests()

        result = run(env, "call", "orders_v0.getOrder", "--param", "orderId=TEST_CASE_200")

        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["payload"]["AmazonOrderId"] == "902-1845936-5435065"
        assert [r.path for r in sp_api_requests(sandbox)] == ["/orders/v0/orders/TEST_CASE_200"]

    def test_lists_split_on_commas_and_python_names_work_too(self, env, sandbox):
        """getReports: reportTypes (model name) and processing_statuses (argument name), comma-separated."""
        sandbox.clear_requests()

        result = run(
            env,
            "call",
            "reports_2021_06_30.getReports",
            "--param",
            "reportTypes=FEE_DISCOUNTS_REPORT,GET_AFN_INVENTORY_DATA",
            "-p",
            "processing_statuses=IN_QUEUE",
            "-p",
            "processing_statuses=IN_PROGRESS",
        )

        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["reports"][0]["reportId"] == "ReportId1"
        (request,) = sp_api_requests(sandbox)
        assert request.query["processingStatuses"] == ("IN_QUEUE,IN_PROGRESS",)

    def test_a_body_from_a_file(self, env, sandbox, tmp_path):
        """createReport --body @file.json posts the file's JSON."""
        body = tmp_path / "report.json"
        body.write_text(json.dumps(CREATE_REPORT), encoding="utf-8")

        sandbox.clear_requests()

        result = run(env, "call", "reports_2021_06_30.createReport", "--body", f"@{body}")

        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == {"reportId": "ID323"}
        (request,) = sp_api_requests(sandbox)
        assert (request.method, request.path) == ("POST", "/reports/2021-06-30/reports")
        assert json.loads(request.body) == CREATE_REPORT

    def test_a_body_as_json_text(self, env):
        result = run(env, "call", "reports_2021_06_30.createReport", "--body", json.dumps(CREATE_REPORT))

        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == {"reportId": "ID323"}

    def test_all_pages_follows_the_next_token(self, env, sandbox):
        """--all-pages sends page 1's NextToken back with the same filters and prints both pages."""
        sandbox.clear_requests()

        result = run(
            env,
            "call",
            "orders_v0.getOrders",
            "--param",
            "MarketplaceIds=ATVPDKIKX0DER",
            "--param",
            "CreatedAfter=TEST_CASE_200_NEXT_TOKEN",
            "--all-pages",
        )

        assert result.exit_code == 0, result.stderr
        pages = json.loads(result.stdout)
        assert len(pages) == 2
        assert pages[0]["payload"]["NextToken"]
        first, second = sp_api_requests(sandbox, "/orders/v0/orders")
        assert second.query == {**first.query, "NextToken": (pages[0]["payload"]["NextToken"],)}

    def test_an_api_error_exits_1(self, env):
        body = {**CREATE_REPORT, "reportType": "BAD_FEE_DISCOUNTS_REPORT"}

        result = run(env, "call", "reports_2021_06_30.createReport", "--body", json.dumps(body))

        assert result.exit_code == 1
        assert result.stderr.strip().splitlines()[-1].startswith("error: ")


class TestHelpAndList:
    def test_help_describes_the_operation_from_the_model(self, env):
        """call KEY --help: summary, method and path, rate limit, token, pagination and every parameter."""
        result = run(env, "call", "reports_2021_06_30.getReports", "--help")

        assert result.exit_code == 0, result.stderr
        text = result.stdout
        assert "Returns report details for the reports that match the filters" in text
        assert "GET /reports/2021-06-30/reports" in text
        assert "0.0222 requests per second, burst 10" in text
        assert "the seller's LWA token" in text
        assert "nextToken <- nextToken; later pages send the token alone; items: reports" in text
        assert any(line.split()[:4] == ["reportTypes", "query", "array", "of"] for line in text.splitlines())
        assert any(
            line.split()[:4] == ["pageSize", "query", "integer", "optional"] for line in text.splitlines()
        )

    def test_help_says_restricted_and_grantless(self, env):
        restricted = run(env, "call", "orders_v0.getOrderAddress", "-h").stdout
        grantless = run(env, "call", "notifications_v1.getDestinations", "--help").stdout
        path = run(env, "call", "orders_v0.getOrderAddress", "-h").stdout

        assert "Restricted Data Token is fetched for every call" in restricted
        assert "grantless (client credentials, scope sellingpartnerapi::notifications)" in grantless
        assert any(
            line.split()[:4] == ["orderId", "path", "string", "required"] for line in path.splitlines()
        )

    def test_help_of_an_exception_of_the_pagination_table(self, env):
        text = run(env, "call", "data_kiosk_2023_11_15.getQuery", "--help").stdout

        assert "Paginated:  not iterable: pagination.nextToken is not a token for getQuery" in text

    def test_help_names_the_body(self, env):
        text = run(env, "call", "reports_2021_06_30.createReport", "--help").stdout

        assert "Body: JSON (required)" in text

    def test_list_prints_every_key(self, env):
        result = run(env, "call", "--list")

        assert result.exit_code == 0
        assert result.stdout.splitlines() == [op.key for op in operations.all_operations()]
        assert len(result.stdout.splitlines()) == 370

    def test_call_without_a_key_shows_the_usage(self, env):
        result = run(env, "call")

        assert result.exit_code == EXIT_BAD_INPUT
        assert "Usage: " in result.stdout
        assert (
            result.stderr.strip() == "error: name an operation key (`seller-central call --list` lists them)"
        )


class TestMistakes:
    """Each mistake exits 2 with one error line naming it, and nothing reaches the sandbox."""

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["reports_2021_06_30.getReprots"], "unknown operation 'reports_2021_06_30.getReprots'"),
            (["getReports"], "keys look like reports_2021_06_30.getReports"),
            (["orders_v0.getOrder", "--param", "orderNumber=1"], "unknown parameter 'orderNumber'"),
            (["orders_v0.getOrder", "--param", "orderId"], "--param takes NAME=VALUE, not 'orderId'"),
            (["orders_v0.getOrder"], "missing required parameter(s) orderId"),
            (["reports_2021_06_30.getReports", "-p", "pageSize=ten"], "pageSize takes an integer, not 'ten'"),
            (["orders_v0.getOrders", "-p", "MarketplaceIds=A", "-p", "IsISPU=maybe"], "takes true or false"),
            (["reports_2021_06_30.createReport", "--body", "{not json"], "the body is not valid JSON"),
            (["reports_2021_06_30.createReport", "--body", "@/nonexistent/r.json"], "cannot read the body"),
            (["reports_2021_06_30.createReport"], "needs a body"),
            (["reports_2021_06_30.getReports", "--body", "{}"], "takes no body"),
            (["reports_2021_06_30.getReport", "-p", "reportId=1", "--all-pages"], "is not paginated"),
            (
                ["data_kiosk_2023_11_15.getQuery", "-p", "queryId=1", "--all-pages"],
                "no page iterator can follow",
            ),
        ],
    )
    def test_bad_input_exits_2_before_sending(self, env, sandbox, args, message):
        sandbox.clear_requests()

        result = run(env, "call", *args)

        assert result.exit_code == EXIT_BAD_INPUT, result.stdout
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith("error: ")
        assert message in lines[0]
        assert sp_api_requests(sandbox) == []


class TestArguments:
    """How --param texts become the generated request_kwargs arguments."""

    def test_types_follow_the_model(self):
        arguments = operation_arguments(
            "orders_v0.getOrders",
            ["MarketplaceIds=A,B", "MarketplaceIds=C", "IsISPU=true", "MaxResultsPerPage=50"],
            None,
        )

        assert arguments == {"marketplace_ids": ["A", "B", "C"], "is_ispu": True, "max_results_per_page": 50}

    def test_a_number(self):
        assert operation_arguments("shipping_v2.getShipmentDocuments", [
            "shipmentId=S", "packageClientReferenceId=P", "dpi=300"
        ], None)["dpi"] == 300.0  # fmt: skip

    def test_a_value_keeps_its_equals_signs(self):
        arguments = operation_arguments("orders_v0.getOrders", ["MarketplaceIds=A", "NextToken=abc=="], None)

        assert arguments["next_token"] == "abc=="

    def test_an_unknown_key_is_refused(self):
        with pytest.raises(InvalidInputError, match="unknown operation"):
            operation_arguments("orders_v0.nope", [], None)

    @pytest.mark.parametrize("op", operations.all_operations(), ids=lambda op: op.key)
    def test_every_described_parameter_is_an_argument_of_the_generated_operation(self, op):
        """The help's parameters (and their argument names) are exactly those request_kwargs takes."""
        signature = inspect.signature(operations.module(op.key).request_kwargs).parameters
        described = operations.describe(op.key)

        names = [p["python_name"] for p in described["parameters"]] + (["body"] if described["body"] else [])
        assert sorted(names) == sorted(signature)
        for parameter in described["parameters"]:
            required = signature[parameter["python_name"]].default is inspect.Parameter.empty
            assert parameter["required"] == required, parameter["name"]
