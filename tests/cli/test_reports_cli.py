"""``seller-central reports``: run (rows, JSON, -o FILE, -o -), list, get, cancel and download on the sandbox."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from seller_central.cli.app import cli
from seller_central.sandbox import SandboxServer

pytestmark = pytest.mark.xdist_group("cli")

DE, JP, US = "A1PA6795UKMFR9", "A1VC38T7YXB528", "ATVPDKIKX0DER"
FAST = ("--poll-interval", "0.5")


@pytest.fixture(scope="module")
def sandbox():
    with SandboxServer() as server:
        yield server


@pytest.fixture
def env(sandbox):
    return {
        "SP_API_CLIENT_ID": "amzn1.application-oa2-client.cli-reports",
        "SP_API_CLIENT_SECRET": "cli-reports-secret",
        "SP_API_REFRESH_TOKEN": "Atzr|cli-reports-refresh",
        "SP_API_ENDPOINT": sandbox.url,
        "SP_API_TOKEN_URL": sandbox.token_url,
        "SP_API_SANDBOX": "true",
        "PYTHONWARNINGS": "ignore",
    }


def run(env, *args):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_run_prints_the_rows_as_json_with_progress_on_stderr(env):
    result = run(env, "reports", "run", "GET_MERCHANT_LISTINGS_ALL_DATA", "--marketplace", JP, *FAST)

    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0]["item-name"] == "①番 ㈱髙島屋 湯呑み"
    assert ": DONE" in result.stderr


def test_run_passes_the_window_and_options_and_writes_the_document_to_a_file(env, sandbox, tmp_path: Path):
    sandbox.clear_requests()
    target = tmp_path / "listings.txt"

    result = run(
        env,
        "reports",
        "run",
        "GET_MERCHANT_LISTINGS_ALL_DATA",
        "--marketplace",
        DE,
        "--start",
        "2026-11-01T00:00:00Z",
        "--end",
        "2026-11-02T00:00:00Z",
        "--option",
        "sandboxRows=5",
        "-o",
        str(target),
        *FAST,
    )

    assert result.exit_code == 0, result.stderr
    create = next(r for r in sandbox.requests if r.operation == "reports_2021_06_30.createReport")
    assert json.loads(create.body) == {
        "reportType": "GET_MERCHANT_LISTINGS_ALL_DATA",
        "marketplaceIds": [DE],
        "dataStartTime": "2026-11-01T00:00:00Z",
        "dataEndTime": "2026-11-02T00:00:00Z",
        "reportOptions": {"sandboxRows": "5"},
    }
    document = next(r for r in sandbox.requests if r.path.startswith("/_documents/"))
    served = httpx.get(sandbox.url + document.path, timeout=10).content
    assert target.read_bytes() == gzip.decompress(served)
    assert len(target.read_bytes().decode("cp1252").splitlines()) == 6


def test_run_with_dash_streams_the_decompressed_document_to_stdout(env):
    result = run(env, "reports", "run", "X", "--marketplace", US, "-o", "-", *FAST)

    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"seller-sku\titem-name\t")
    assert "Café mug ☕".encode() in result.stdout_bytes


def test_run_prints_a_json_report_as_json(env):
    result = run(env, "reports", "run", "GET_SALES_AND_TRAFFIC_REPORT", "--marketplace", US, *FAST)

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["reportSpecification"]["reportType"] == "GET_SALES_AND_TRAFFIC_REPORT"


def test_a_fatal_report_exits_1_with_amazons_reason(env):
    result = run(env, "reports", "run", "X", "--marketplace", US, "--option", "sandboxOutcome=FATAL", *FAST)

    assert result.exit_code == 1
    assert "ended FATAL: The report X could not be generated" in result.stderr


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--option", "novalue"), "--option"),
        (("--poll-interval", "0.1"), "poll_interval"),
        (("--marketplace", "lowercase"), "lowercase"),
    ],
)
def test_bad_input_exits_2_naming_it(env, args, named):
    result = run(env, "reports", "run", "X", "--marketplace", US, *args)

    assert result.exit_code == 2
    assert named in result.stderr


def test_get_cancel_and_download_a_report(env, tmp_path: Path):
    created = run(
        env,
        "call",
        "reports_2021_06_30.createReport",
        "--body",
        '{"reportType": "X", "marketplaceIds": ["ATVPDKIKX0DER"]}',
    )
    report_id = json.loads(created.stdout)["reportId"]
    other = json.loads(
        run(
            env,
            "call",
            "reports_2021_06_30.createReport",
            "--body",
            '{"reportType": "Y", "marketplaceIds": ["ATVPDKIKX0DER"]}',
        ).stdout
    )["reportId"]

    cancelled = run(env, "reports", "cancel", other)
    got = run(env, "reports", "get", other)
    downloaded = run(env, "reports", "download", report_id, "-o", str(tmp_path / "r.txt"), *FAST)

    assert cancelled.exit_code == 0, cancelled.stderr
    assert json.loads(got.stdout)["processingStatus"] == "CANCELLED"
    assert downloaded.exit_code == 0, downloaded.stderr
    assert (tmp_path / "r.txt").read_text(encoding="utf-8").startswith("seller-sku\t")


def test_list_follows_pages_of_get_reports(env):
    result = run(
        env, "reports", "list", "--type", "FEE_DISCOUNTS_REPORT,GET_AFN_INVENTORY_DATA",
        "--status", "IN_QUEUE", "--status", "IN_PROGRESS", "--max-pages", "1",
    )  # fmt: skip

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["reportId"] == "ReportId1"


def test_list_without_a_type_is_refused(env):
    result = run(env, "reports", "list")

    assert result.exit_code == 2
    assert "--type" in result.stderr


def test_the_status_is_a_line_per_change_even_with_no_progress(env):
    """A report's status is a status line (like a feed's while --wait-ing): written once per change, also
    under --no-progress, and never as a redrawn bar."""
    result = run(
        env, "--no-progress", "reports", "run", "GET_MERCHANT_LISTINGS_ALL_DATA", "--marketplace", JP,
        "--option", "sandboxPolls=4", *FAST,
    )  # fmt: skip

    assert result.exit_code == 0, result.stderr
    statuses = [line.split(": ", 1)[1].split(" after ")[0] for line in result.stderr.splitlines()
                if line.startswith("report LOCAL")]  # fmt: skip
    assert statuses[-1] == "DONE"
    assert len(statuses) == len(set(statuses))  # four IN_PROGRESS answers, one line
    assert "\r" not in result.stderr
