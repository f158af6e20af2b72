"""The settings table (README.md and docs/settings.md) lists exactly the settings the code reads.

Environment variables against ``connection.ENVIRONMENT_VARIABLES`` and ``config.ENV_VAR``; profile keys and
connection arguments against the fields of both connection classes; CLI options against the root command's
options; client arguments against ``SellerCentral.__init__``. A setting added to the code without a row (or a
row for a setting that is gone) fails here.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import attrs
import pytest
from seller_central import ClientCredentialsConnection, OAuthConnection, SellerCentral, config
from seller_central.cli.app import cli
from seller_central.connection import ENVIRONMENT_VARIABLES

ROOT = Path(__file__).resolve().parents[2]
START = "<!-- settings table"
END = "<!-- end of settings table -->"
CODE = re.compile(r"`([^`]+)`")


def _table(page: str) -> str:
    text = (ROOT / page).read_text(encoding="utf-8")
    start = text.index(START)
    return text[start : text.index(END, start)]


def _rows(table: str) -> list[list[str]]:
    rows = []
    for line in table.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
            rows.append([cell.strip() for cell in cells])
    return rows


def _codes(cell: str) -> set[str]:
    return set(CODE.findall(cell))


TABLE = _table("README.md")
SETTINGS = [row for row in _rows(TABLE) if len(row) == 6][1:]  # without the header row
CLIENT = [row for row in _rows(TABLE) if len(row) == 2][1:]


def test_the_guide_has_the_same_table() -> None:
    assert _table("docs/settings.md") == TABLE


def test_every_environment_variable() -> None:
    written = {
        name
        for row in SETTINGS
        for code in _codes(row[2])
        for name in re.findall(r"\b(?:SP_API|SELLER_CENTRAL)_\w+", code)
    }
    assert written == {*ENVIRONMENT_VARIABLES.values(), config.ENV_VAR}


def test_every_profile_key_and_connection_argument() -> None:
    fields = {f.name for cls in (OAuthConnection, ClientCredentialsConnection) for f in attrs.fields(cls)}
    profile_keys = {code for row in SETTINGS for code in _codes(row[3])}
    assert profile_keys == fields | {"kind"}  # kind picks the class in connection_from_profile
    arguments = {re.split(r"[=(]", code)[0] for row in SETTINGS for code in _codes(row[1])}
    assert fields <= arguments


def test_every_cli_option() -> None:
    visible = [param for param in cli.params if not getattr(param, "hidden", False)]
    options = {opt for param in visible for opt in (*param.opts, *getattr(param, "secondary_opts", ()))}
    options.add("--sandbox=local")  # the value --sandbox may take
    written = {code.split()[0] for row in SETTINGS for code in _codes(row[4]) if code.startswith("-")}
    assert written == options


@pytest.mark.parametrize("client", [SellerCentral])
def test_every_client_argument(client: type[SellerCentral]) -> None:
    parameters = set(inspect.signature(client.__init__).parameters) - {"self", "connection"}
    written = {name.strip() for row in CLIENT for code in _codes(row[0]) for name in code.split(",")}
    assert written == parameters
