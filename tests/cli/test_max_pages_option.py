"""``--max-pages`` is declared once (``cli/options.py``): every command that follows pages has the same option."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner
from seller_central.cli.app import cli

pytestmark = pytest.mark.xdist_group("cli")

HELP = "Follow at most N pages, then stop quietly."


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, click.Command]]:
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        elif command is not None:
            yield " ".join((*path, name)), command


def _max_pages() -> dict[str, click.Parameter]:
    return {
        name: param
        for name, command in _commands(cli)
        for param in command.params
        if "--max-pages" in getattr(param, "opts", ())
    }


def test_every_max_pages_option_is_the_same_one():
    """One type (a whole number from 1), one default (none) and one help text, wherever it appears."""
    found = _max_pages()

    assert {"call", "reports list", "finances transactions", "finances groups", "finances events"} <= set(
        found
    )
    assert "feeds list" in found  # and the catalog's paginated actions
    for name, param in found.items():
        assert isinstance(param, click.Option), name
        assert isinstance(param.type, click.IntRange), name
        assert (param.type.min, param.type.max, param.default) == (1, None, None), name
        assert param.help == HELP, name


@pytest.mark.parametrize(
    "command",
    [
        ["call"],
        ["reports", "list"],
        ["finances", "transactions"],
        ["finances", "groups"],
        ["finances", "events"],
        ["feeds", "list"],
    ],
)
def test_help_shows_max_pages(command: list[str]):
    result = CliRunner().invoke(cli, [*command, "--help"], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert "--max-pages" in result.output
    assert " ".join(HELP.split()[:4]) in " ".join(result.output.split())
