"""``seller-central call KEY``: any of the 370 operations by its key, with help text from Amazon's model.

``seller-central call reports_2021_06_30.getReports --param reportTypes=GET_MERCHANT_LISTINGS_ALL_DATA``
sends one request through the client's stack (token, RDT, rate limit, retries) and prints the typed result as
JSON; ``--all-pages`` follows the page token and prints every page; ``call KEY --help`` describes the
operation (summary, parameters, rate limit, token, pagination); ``call --list`` lists the keys.

``--param NAME=VALUE`` takes the model's parameter name (``reportTypes``) or the generated argument's
(``report_types``). Values are text, converted to the parameter's type: a list splits on commas (and a
repeated ``--param`` adds to it), integers, numbers and booleans are parsed. ``--body`` is JSON text or
``@file.json``. A mistake in any of them exits 2 before anything is sent.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import click

from seller_central._operation_call import operation_named
from seller_central.cli.options import max_pages_option
from seller_central.cli.params import read_json
from seller_central.connection import _flag
from seller_central.errors import ConfigurationError, InvalidInputError

if TYPE_CHECKING:
    from seller_central.client import SellerCentral
    from seller_central.operations import Operation

__all__ = ["call_command", "call_operation", "describe_text", "operation_arguments"]

_INTEGER = frozenset({"integer", "int32", "int64"})
_NUMBER = frozenset({"number", "double", "float"})
_MAX_ENUM = 12


def call_operation(client: SellerCentral, key: str, arguments: Mapping[str, Any]) -> Any:
    """Send one operation through ``client`` and return its typed result (the one place the CLI does)."""
    return client.call(key, **arguments)


def _convert(parameter: Mapping[str, Any], text: str, key: str) -> Any:
    kind = str(parameter["type"])
    name = str(parameter["name"])
    if kind.startswith("array of"):
        return [part for part in text.split(",") if part]
    try:
        if kind in _INTEGER:
            return int(text)
        if kind in _NUMBER:
            return float(text)
    except ValueError:
        msg = (
            f"{key}: parameter {name} takes {'an integer' if kind in _INTEGER else 'a number'}, not {text!r}"
        )
        raise InvalidInputError(msg, label=name) from None
    if kind == "boolean":
        try:
            return _flag(text, label=name)  # the one yes/no reader: true/false, 1/0, yes/no
        except ConfigurationError:
            msg = f"{key}: parameter {name} takes true or false, not {text!r}"
            raise InvalidInputError(msg, label=name) from None
    return text


def operation_arguments(key: str, params: Iterable[str], body: str | None) -> dict[str, Any]:
    """Turn ``--param NAME=VALUE`` texts and ``--body`` into the generated ``request_kwargs`` arguments.

    Raises:
        InvalidInputError: an unknown operation or parameter, a value of the wrong type, a body that is not
            JSON (or that the operation does not take), or a required parameter left out.
    """
    from seller_central import operations  # noqa: PLC0415

    operation_named(key)
    described = operations.describe(key)
    by_name: dict[str, Mapping[str, Any]] = {}
    for parameter in described["parameters"]:
        by_name[parameter["name"]] = parameter
        by_name[parameter["python_name"]] = parameter
    arguments: dict[str, Any] = {}
    for given in params:
        name, equals, text = given.partition("=")
        if not equals:
            msg = f"{key}: --param takes NAME=VALUE, not {given!r}"
            raise InvalidInputError(msg, label=name)
        parameter = by_name.get(name.strip())
        if parameter is None:
            known = ", ".join(p["name"] for p in described["parameters"]) or "none"
            msg = f"{key}: unknown parameter {name!r} (parameters: {known})"
            raise InvalidInputError(msg, label=name)
        value = _convert(parameter, text, key)
        argument = parameter["python_name"]
        if isinstance(value, list) and isinstance(arguments.get(argument), list):
            arguments[argument] = [*arguments[argument], *value]
        else:
            arguments[argument] = value
    if body is not None:
        if not described["body"]:
            msg = f"{key} takes no body"
            raise InvalidInputError(msg, label="body")
        arguments["body"] = read_json(body, label="body", what="the body", where=key)
    missing = [
        p["name"] for p in described["parameters"] if p["required"] and p["python_name"] not in arguments
    ]
    if missing:
        msg = f"{key}: missing required parameter(s) {', '.join(missing)} (--param NAME=VALUE)"
        raise InvalidInputError(msg, label=missing[0])
    if described["body"] and "body" not in arguments and _body_required(key):
        msg = f"{key} needs a body: --body '{{...}}' or --body @file.json"
        raise InvalidInputError(msg, label="body")
    return arguments


def _body_required(key: str) -> bool:
    import inspect  # noqa: PLC0415

    from seller_central import operations  # noqa: PLC0415

    body = inspect.signature(operations.module(key).request_kwargs).parameters.get("body")
    return body is not None and body.default is inspect.Parameter.empty


def _rate(operation: Operation) -> str:
    if operation.rate is None:
        return "not in the model (the limiter adapts to x-amzn-RateLimit-Limit)"
    return f"{operation.rate:g} requests per second, burst {operation.burst}"


def _token(operation: Operation) -> str:
    if operation.grantless:
        return f"grantless (client credentials, scope {operation.scope})" if operation.scope else "grantless"
    restricted = {
        "never": "",
        "always": "; restricted: a Restricted Data Token is fetched for every call",
        "data-elements": "; restricted when buyer or address data is asked for (a Restricted Data Token)",
    }[operation.restricted]
    return f"the seller's LWA token{restricted}"


def _paging(operation: Operation) -> str:
    pagination = operation.pagination
    if pagination is None:
        return "no"
    if not pagination.iterable:
        return f"not iterable: {pagination.note}"
    later = {
        "same": "the same parameters and the token",
        "token-only": "the token alone",
    }[pagination.rule]
    extra = [f"{name}={value}" for name, value in pagination.set] + list(pagination.keep)
    if extra and pagination.rule == "token-only":
        later += f" with {', '.join(extra)}"
    items = f"; items: {pagination.items}" if pagination.items else ""
    return f"yes: {pagination.request_token} <- {pagination.response_token}; later pages send {later}{items}"


def describe_text(key: str) -> str:
    """Return the help of ``seller-central call KEY``: what the model and the operation table say."""
    from seller_central import operations  # noqa: PLC0415

    operation = operation_named(key)
    described = operations.describe(key)
    lines = [
        f"Usage: seller-central call {key} [--param NAME=VALUE]... [--body JSON|@FILE] [--all-pages]",
        "",
        *textwrap.wrap(
            described["summary"] or operation.operation_id, 106, initial_indent="  ", subsequent_indent="  "
        ),
        "",
        f"  Operation:  {operation.method} {operation.path}",
        f"  Rate limit: {_rate(operation)}",
        f"  Token:      {_token(operation)}",
        f"  Paginated:  {_paging(operation)}",
    ]
    if operation.deprecated:
        lines.append("  Deprecated in Amazon's model.")
    if operation.sandbox_only:
        lines.append("  Sandbox only.")
    lines += ["", "Parameters (--param NAME=VALUE; lists comma-separated):"]
    if not described["parameters"]:
        lines.append("  none")
    for parameter in described["parameters"]:
        required = "required" if parameter["required"] else "optional"
        line = f"  {parameter['name']:<28} {parameter['in']:<7} {parameter['type']:<16} {required}"
        enum = parameter.get("enum") or []
        if enum:
            shown = ", ".join(enum[:_MAX_ENUM]) + (", ..." if len(enum) > _MAX_ENUM else "")
            each = "each " if str(parameter["type"]).startswith("array of") else ""
            line += f"  {each}one of: {shown}"
        lines.append(line)
    if described["body"]:
        needed = "required" if _body_required(key) else "optional"
        lines += ["", f"Body: JSON ({needed}): --body '{{...}}' or --body @file.json"]
    return "\n".join(lines)


def _list_keys() -> None:
    from seller_central import operations  # noqa: PLC0415

    for operation in operations.all_operations():
        click.echo(operation.key)


@click.command("call", add_help_option=False)
@click.argument("key", required=False)
@click.option(
    "--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A parameter (repeatable)."
)
@click.option("--body", metavar="JSON|@FILE", help="The request body: JSON text or @file.json.")
@click.option(
    "--all-pages", is_flag=True, help="Follow the page token and print every page (implied by --max-pages)."
)
@max_pages_option
@click.option("--list", "list_keys", is_flag=True, help="List every operation key.")
@click.option("--help", "-h", "show_help", is_flag=True, help="Describe KEY (or show this help).")
@click.pass_context
def call_command(
    ctx: click.Context,
    /,
    key: str | None,
    params: tuple[str, ...],
    body: str | None,
    *,
    all_pages: bool,
    max_pages: int | None,
    list_keys: bool,
    show_help: bool,
) -> None:
    """Send any SP-API operation by its key (`call --list`), e.g. reports_2021_06_30.getReports.

    `call KEY --help` describes the operation: summary, parameters, rate limit, token, pagination.
    """
    # The shared CLI plumbing (app imports this module, so not at the top).
    from seller_central.cli.app import (  # noqa: PLC0415
        EXIT_BAD_INPUT,
        Batch,
        _connection,
        _fail,
        _handle_errors,
        _print,
        announced_total,
        print_streamed,
    )

    if list_keys:
        _list_keys()
        return
    if key is None:
        click.echo(ctx.get_help())
        if not show_help:
            _fail("name an operation key (`seller-central call --list` lists them)", EXIT_BAD_INPUT)
        return
    if show_help:
        _handle_errors(lambda: click.echo(describe_text(key)))
        return

    all_pages = all_pages or max_pages is not None

    def run() -> None:
        from seller_central.client import SellerCentral  # noqa: PLC0415

        arguments = operation_arguments(key, params, body)
        if all_pages:
            from seller_central.pagination import operation_pages  # noqa: PLC0415

            paging = operation_pages(key, arguments)  # refuse a key that is not iterable before connecting
            counted = operation_named(key).pagination.items_attribute is not None  # type: ignore[union-attr]
        with SellerCentral(_connection(ctx.obj)) as client:
            if all_pages:
                pages = client.pages(key, max_pages=max_pages, **arguments)
                batches = (
                    Batch(
                        printed=[page],
                        rows=list(paging.items(page)) if counted else None,
                        total=announced_total(page),
                    )
                    for page in pages
                )
                print_streamed(ctx.obj, batches, label=key, max_pages=max_pages)
            else:
                _print(ctx.obj, call_operation(client, key, arguments), label=key)

    _handle_errors(run)
