"""What -v, -vv and -vvv print on stderr: our logger and the request lines, httpcore only at -vvv."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner
from seller_central.cli import verbosity
from seller_central.cli.app import cli
from seller_central.redact import register_secret
from seller_central.sandbox import SandboxServer

pytestmark = pytest.mark.xdist_group("cli")

SECRET = "verbosity-test-secret"


@pytest.fixture(scope="module")
def sandbox():
    with SandboxServer() as server:
        yield server


@pytest.fixture(autouse=True)
def _restore_logging():
    """The CLI configures logging for its process; put this test process back as it was."""
    names = ("", "seller_central", "seller_central.http", "httpx", "httpcore")
    levels = {name: logging.getLogger(name).level for name in names}
    yield
    if verbosity._handler is not None:
        logging.getLogger().removeHandler(verbosity._handler)
        verbosity._handler = None
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def _run(sandbox, *flags: str):
    env = {
        "SP_API_CLIENT_ID": "amzn1.application-oa2-client.verbosity",
        "SP_API_CLIENT_SECRET": SECRET,
        "SP_API_REFRESH_TOKEN": "Atzr|verbosity-refresh",
        "SP_API_ENDPOINT": sandbox.url,
        "SP_API_TOKEN_URL": sandbox.token_url,
        "SP_API_SANDBOX": "true",
        "SP_API_SCOPES": "",
    }
    result = CliRunner().invoke(cli, [*flags, "orders", "get", "--order-id", "TEST_CASE_200"], env=env)
    assert result.exit_code == 0, result.stderr
    return result.stderr


def test_v_shows_one_line_per_request_and_no_debug_detail(sandbox):
    """No flag logs nothing; -v: the SP-API request line and the token request's httpx line, no debug."""
    quiet = _run(sandbox)
    stderr = _run(sandbox, "-v")

    assert "seller_central" not in quiet
    assert "httpx" not in quiet

    assert "seller_central.http: GET " in stderr
    assert "/orders/v0/orders/TEST_CASE_200 -> HTTP 200" in stderr
    assert "httpx: HTTP Request: POST " in stderr
    assert "seller_central.tokens" not in stderr
    assert "httpcore" not in stderr


def test_vv_adds_our_debug_lines_but_not_httpcore(sandbox):
    """-vv: our DEBUG lines (the token manager's) and httpx's, never httpcore's internals."""
    stderr = _run(sandbox, "-vv")

    assert "DEBUG seller_central.tokens: Requesting an LWA access token" in stderr
    assert "seller_central.http: GET " in stderr
    assert "httpx: HTTP Request: POST " in stderr
    assert "httpcore" not in stderr
    assert SECRET not in stderr


def test_vvv_adds_httpcore(sandbox):
    """-vvv: httpcore's connection lines too."""
    stderr = _run(sandbox, "-vvv")

    assert "httpcore.connection: connect_tcp" in stderr
    assert "seller_central.http: GET " in stderr
    assert SECRET not in stderr


def test_log_lines_are_redacted(sandbox):
    """The stderr handler scrubs secrets: a record carrying the client secret shows <redacted>."""
    register_secret(SECRET)
    _run(sandbox, "-v")
    handler = verbosity._handler
    assert handler is not None
    record = logging.LogRecord("seller_central", logging.INFO, __file__, 1, "sent %s", (SECRET,), None)

    assert handler.filter(record)
    assert SECRET not in record.getMessage()


def test_help_documents_the_three_levels():
    """`seller-central --help` says what -v, -vv and -vvv show."""
    result = CliRunner().invoke(cli, ["--help"])

    text = " ".join(result.stdout.split())
    assert "-vv also" in text
    assert "-vvv also httpcore" in text
