"""``--sandbox`` is the root command's option alone: its spellings set the connection, nothing else is read.

``--sandbox`` (Amazon's sandbox host), ``--sandbox=amazon``, ``--sandbox=local`` and ``--sandbox local`` (the
local sandbox) are read by click as one option that may take a value. The arguments of the command that
follows reach it as typed, even a value that looks like ``--sandbox=local`` (the command line was rewritten
word by word once, the command's own arguments included).
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

import pytest
from click.testing import CliRunner, Result
from seller_central import client
from seller_central.cli.app import cli

LOOPBACK = "http://127.0.0.1:9"  # the endpoint, so --sandbox=local never looks for (or starts) a sandbox
ENV = {
    "SP_API_CLIENT_ID": "amzn1.application-oa2-client.option",
    "SP_API_CLIENT_SECRET": "option-secret",
    "SP_API_REFRESH_TOKEN": "Atzr|option",
    "SP_API_ENDPOINT": LOOPBACK,
    "SP_API_TOKEN_URL": "",
    "SP_API_SANDBOX": "",
    "SP_API_REGION": "",
    "SP_API_SCOPES": "",
    "SP_API_ALLOW_CUSTOM_HOST": "",
}


class Recorder:
    """Stands in for SellerCentral: records the connection and each action's inputs, sends nothing."""

    runs: ClassVar[list[tuple[Any, str, dict[str, Any]]]] = []

    def __init__(self, connection: Any, **_options: Any) -> None:
        self.connection = connection

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def run(self, name: str, inputs: dict[str, Any], **_options: Any) -> Any:
        Recorder.runs.append((self.connection, name, dict(inputs)))
        return {"ok": True}


@pytest.fixture(autouse=True)
def recorder(monkeypatch: pytest.MonkeyPatch) -> type[Recorder]:
    Recorder.runs = []
    monkeypatch.setattr(client, "SellerCentral", Recorder)
    return Recorder


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=ENV)


def sent() -> tuple[tuple[bool, bool], dict[str, Any]]:
    """Whether the one recorded run's connection is the local sandbox and flagged as a sandbox, and the
    inputs its action got."""
    ((connection, _name, inputs),) = Recorder.runs
    return (connection.sandbox == "local", connection.is_sandbox), inputs


@pytest.mark.parametrize(
    ("before", "sandbox"),
    [
        ([], (False, False)),
        (["--sandbox"], (False, True)),
        (["--sandbox=amazon"], (False, True)),
        (["--sandbox=local"], (True, True)),
        (["--sandbox", "local"], (True, True)),
        (["--sandbox", "--output", "table"], (False, True)),
        (["--sandbox=LOCAL"], (True, True)),
    ],
)
@pytest.mark.parametrize("value", ["--sandbox=local", "--sandbox=amazon", "--sandbox=other", "--sandbox"])
def test_the_commands_arguments_arrive_as_typed(before: list[str], sandbox: tuple[Any, ...], value: str):
    """A value of the command's own option that looks like the global option is the command's value."""
    result = run(*before, "orders", "get", "--order-id", value)

    assert result.exit_code == 0, result.output
    assert sent() == (sandbox, {"order_id": value})


def test_a_positional_argument_after_double_dash_arrives_as_typed():
    """``feeds submit -- --sandbox=local``: the file named --sandbox=local is the feed's content."""
    result = run(
        "--sandbox", "feeds", "submit", "--feed-type", "POST_PRODUCT_DATA", "--marketplace-ids",
        "ATVPDKIKX0DER", "--content-type", "text/tab-separated-values", "--", "--sandbox=local",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    sandbox, inputs = sent()
    assert (sandbox, str(inputs["content"])) == ((False, True), "--sandbox=local")
