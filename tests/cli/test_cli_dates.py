"""The date options of the hand-written commands: a bad date is a usage error naming the option (exit 2).

``orders sync --since``, ``finances ... --posted-after/--posted-before/--started-after/--started-before``,
``reports run --start/--end`` and ``reports list --since/--until`` read their value with the workflows' one
reader (``validation.instant``) when the command line is read: no traceback, nothing sent. On a sandbox host
too, where a static-sandbox test value (``TEST_CASE_200``) is no time either.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from seller_central.cli.app import EXIT_BAD_INPUT, cli
from seller_central.sandbox import SandboxServer
from seller_central.sandbox.scenarios import FinancesScenario, OrdersScenario

pytestmark = pytest.mark.xdist_group("cli")

US = "ATVPDKIKX0DER"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(scenarios=[OrdersScenario(), FinancesScenario()]) as server:
        yield server


@pytest.fixture
def env(sandbox: SandboxServer) -> dict[str, str]:
    sandbox.clear_requests()
    return {
        "SP_API_CLIENT_ID": "amzn1.application-oa2-client.cli-dates",
        "SP_API_CLIENT_SECRET": "cli-dates-secret",
        "SP_API_REFRESH_TOKEN": "Atzr|cli-dates-refresh",
        "SP_API_ENDPOINT": sandbox.url,
        "SP_API_TOKEN_URL": sandbox.token_url,
        "SP_API_SANDBOX": "true",
        "PYTHONWARNINGS": "ignore",
    }


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


COMMANDS = [
    (["orders", "sync", "--state", "{state}", "--marketplace", US], "--since"),
    (["finances", "transactions"], "--posted-after"),
    (["finances", "transactions", "--posted-after", "2026-11-01T00:00:00Z"], "--posted-before"),
    (["finances", "events"], "--posted-after"),
    (["finances", "events", "--posted-after", "2026-11-01T00:00:00Z"], "--posted-before"),
    (["finances", "groups"], "--started-after"),
    (["finances", "groups"], "--started-before"),
    (["reports", "run", "GET_MERCHANT_LISTINGS_ALL_DATA", "--marketplace", US], "--start"),
    (["reports", "run", "GET_MERCHANT_LISTINGS_ALL_DATA", "--marketplace", US], "--end"),
    (["reports", "list", "--type", "GET_MERCHANT_LISTINGS_ALL_DATA"], "--since"),
    (["reports", "list", "--type", "GET_MERCHANT_LISTINGS_ALL_DATA"], "--until"),
]


@pytest.mark.parametrize("bad", ["TEST_CASE_200", "2026-13-01", "0001-01-01T00:00:00+01:00"])
@pytest.mark.parametrize("case", COMMANDS, ids=lambda case: " ".join([*case[0][:2], case[1]]))
def test_a_bad_date_is_a_usage_error_naming_the_option_and_nothing_is_sent(
    env: dict[str, str], sandbox: SandboxServer, tmp_path: Path, case: tuple[list[str], str], bad: str
):
    command, option = case
    args = [part.replace("{state}", str(tmp_path / "sync.sqlite")) for part in command]

    result = run(env, *args, option, bad)

    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert f"Invalid value for '{option}': {bad!r}" in result.output
    assert "Traceback" not in result.output
    assert sandbox.requests == []
    assert not (tmp_path / "sync.sqlite").exists()


def test_reports_run_sends_the_window_in_utc_and_compares_it_as_times(
    env: dict[str, str], sandbox: SandboxServer
):
    """``--start`` with an offset and ``--end`` with a fraction: sent in UTC; as text the end sorts first."""
    result = run(
        env,
        "reports",
        "run",
        "GET_MERCHANT_LISTINGS_ALL_DATA",
        "--marketplace",
        US,
        "--start",
        "2026-11-01T01:00:00+01:00",
        "--end",
        "2026-11-01T00:00:00.5Z",
        "--poll-interval",
        "0.5",
    )

    assert result.exit_code == 0, result.output
    create = next(r for r in sandbox.requests if r.operation == "reports_2021_06_30.createReport")
    body = json.loads(create.body)
    assert (body["dataStartTime"], body["dataEndTime"]) == (
        "2026-11-01T00:00:00Z",
        "2026-11-01T00:00:00.500000Z",
    )


def test_reports_run_refuses_an_end_before_the_start_as_times(env: dict[str, str], sandbox: SandboxServer):
    """As text ``...00.5Z`` sorts before ``...00Z``; as times it is later, so this end is before its start."""
    result = run(
        env,
        "reports",
        "run",
        "GET_MERCHANT_LISTINGS_ALL_DATA",
        "--marketplace",
        US,
        "--start",
        "2026-11-01T00:00:00.5Z",
        "--end",
        "2026-11-01T00:00:00Z",
    )

    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert "error: data_end_time (2026-11-01T00:00:00Z) is before data_start_time" in result.output
    assert [r for r in sandbox.requests if r.operation] == []
