"""The ``seller-central`` command: one command per action of the catalog, plus auth, sandbox and tools.

Commands are built from :mod:`seller_central.actions` at start-up, so the CLI cannot drift from the library:
``seller-central <group> <command> --input value ...`` (``seller-central orders list --marketplace-ids
ATVPDKIKX0DER --created-after 2026-11-01``). Output is JSON by default (``--output table`` for people).

Exit codes: 0 success; 1 an API or network error (SP-API's error envelope is printed to stderr as JSON, then
one ``error:`` line with the summary and the request id); 2 a user mistake: a usage error, bad input or
configuration (the message names the input), a file that cannot be read or written, a port that is invalid or
taken. Every failure ends with one ``error:`` line (click's usage errors with its own ``Error:``), never a
traceback.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, NoReturn

import attrs
import click

from seller_central import actions as catalog
from seller_central.calls import Call, Sleep, Upload
from seller_central.cli.call import call_command
from seller_central.cli.options import max_pages_param
from seller_central.cli.output import no_content, render, to_jsonable
from seller_central.cli.params import input_values, options_for
from seller_central.cli.reports import reports_group
from seller_central.cli.verbosity import HELP as VERBOSE_HELP
from seller_central.cli.verbosity import configure_logging, show_warnings_plainly
from seller_central.cli.workflows import finances_group, orders_sync_command
from seller_central.errors import (
    APIError,
    ConfigurationError,
    InvalidInputError,
    SellerCentralError,
)

__all__ = ["cli", "main"]

EXIT_API_ERROR = 1
EXIT_BAD_INPUT = 2

#: Help text of the command groups (the catalog gives each action its group).
GROUPS = {
    "orders": "Orders (v0, as in the connector spec) and Orders 2026-01-01.",
    "feeds": "Feeds: create, upload, submit, watch and cancel feeds.",
    "listings": "Listings Items: create, read, update and delete listings.",
    "catalog": "Catalog Items: look up and search Amazon's catalog.",
    "notifications": "Notifications: destinations, subscriptions, SQS setup and a consumer.",
    "shipping": "Merchant Fulfillment shipments (labels you buy through Amazon).",
    "raw": "Any SP-API request, sent through the same auth, limits and retries.",
}


#: The ports a listening command accepts (0: any free port).
PORT = click.IntRange(0, 65535)


def _fail(message: str, code: int) -> NoReturn:
    line = " ".join(message.split())  # one line, whatever the message held (an Amazon message with newlines)
    click.echo(f"error: {line}", err=True)
    sys.exit(code)


def _overrides(obj: dict[str, Any]) -> dict[str, Any]:
    """Return the global options given as connection settings (they win over the profile or environment)."""
    return {
        key: value
        for key, value in (
            ("endpoint", obj.get("endpoint")),
            ("sandbox", obj.get("sandbox")),
            ("region", obj.get("region")),
            ("token_url", obj.get("token_url")),
            ("allow_custom_host", True if obj.get("allow_custom_host") else None),
        )
        if value is not None
    }


def _connection(obj: dict[str, Any]) -> Any:
    """Build the connection from --profile (or the environment) and the endpoint overrides."""
    from seller_central.connection import connection_from_env, connection_from_profile  # noqa: PLC0415

    profile = obj.get("profile")
    if profile:
        return connection_from_profile(profile, path=obj.get("config"), **_overrides(obj))
    return connection_from_env(None, **_overrides(obj))


def _handle_errors(function: Callable[[], Any]) -> Any:
    try:
        return function()
    except (InvalidInputError, ConfigurationError) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    except APIError as exc:
        click.echo(json.dumps(exc.to_dict(), indent=2), err=True)
        _fail(str(exc), EXIT_API_ERROR)
    except SellerCentralError as exc:
        _fail(str(exc), EXIT_API_ERROR)
    except OSError as exc:  # a local file (network failures arrive as NetworkError, above)
        where = f"{exc.filename}: " if exc.filename else ""
        _fail(f"{where}{exc.strerror or exc}", EXIT_BAD_INPUT)


def with_client(obj: dict[str, Any], body: Callable[[Any], Any]) -> Any:
    """Run ``body(client)`` with a ``SellerCentral`` on the command's connection, closed afterwards.

    The commands beside the catalog's (reports, order sync, finances, notifications) use it: bad input and
    API errors become the CLI's exit codes as for every action (:func:`_handle_errors`).
    """

    def run() -> Any:
        from seller_central.client import SellerCentral  # noqa: PLC0415 (keeps `--help` fast)

        with SellerCentral(_connection(obj)) as client:
            return body(client)

    return _handle_errors(run)


def _listening(function: Callable[[], Any]) -> Any:
    """Run a command that listens on a port; a port it cannot bind is a user mistake (exit 2)."""
    try:
        return function()
    except SystemExit as exc:
        if isinstance(exc.code, str):  # the sandbox's one-line "cannot listen on HOST:PORT: ..."
            _fail(exc.code, EXIT_BAD_INPUT)
        raise


def _print(obj: dict[str, Any], value: Any, *, label: str) -> None:
    """Print one result on stdout; a success without content follows one rule (see ``output.no_content``).

    JSON output prints ``{}`` (stdout stays one JSON document, and ``jq -e .`` accepts it), table output
    prints nothing; either way ``<label>: done (no content)`` goes to stderr.
    """
    if isinstance(value, bytes) and obj.get("output") != "table":
        sys.stdout.buffer.write(value)
        sys.stdout.buffer.flush()
        return
    if no_content(value):
        if obj.get("output", "json") == "json":
            click.echo("{}")
        click.echo(f"{label}: done (no content)", err=True)
        return
    click.echo(render(value, obj.get("output", "json")))


def _progress(step: Any, result: Any) -> None:
    """Show a multi-step action's progress on stderr (feed status while waiting, uploads)."""
    if isinstance(step, Upload):
        click.echo("uploaded the document", err=True)
    elif isinstance(step, Call):
        status = getattr(result, "processing_status", None)
        if status is not None:
            click.echo(f"{step.operation.split('.')[-1]}: {status}", err=True)
    elif isinstance(step, Sleep):
        click.echo(f"waiting {step.seconds:g} s ...", err=True)


def _action_command(action: catalog.Action) -> click.Command:
    params = options_for(action)
    positional = [info for info in action.inputs if info.positional]
    for info in positional:
        params = [p for p in params if p.name != info.key]
        params.insert(0, click.Argument([info.key], required=info.required))
    if action.paginated:
        params.append(
            click.Option(
                ["--all-pages"],
                is_flag=True,
                help="Follow the page token and print every item (implied by --max-pages).",
            )
        )
        params.append(max_pages_param())

    @click.pass_obj
    def callback(obj: dict[str, Any], /, **options: Any) -> None:
        max_pages: int | None = options.pop("max_pages", None)
        all_pages = bool(options.pop("all_pages", False)) or max_pages is not None
        for info in positional:
            value = options.get(info.key)
            if isinstance(value, str) and info.key in options:
                options[info.key] = value if value.startswith("@") else f"@{value}"

        def run() -> None:
            from seller_central.client import SellerCentral  # noqa: PLC0415 (keeps `--help` fast)

            inputs = input_values(action, options)
            with SellerCentral(_connection(obj)) as client:
                if all_pages:
                    _print_all_items(obj, client, action, inputs, max_pages=max_pages)
                    return
                from seller_central.cli.progress import Progress  # noqa: PLC0415
                from seller_central.documents import report_progress  # noqa: PLC0415

                progress = Progress(action.label, enabled=obj.get("progress"))

                def on_step(step: Any, result: Any) -> None:
                    progress.close()  # a status line starts on a line of its own
                    _progress(step, result)

                try:
                    with report_progress(progress.transfer):  # a download's bytes
                        result = client.run(action.name, inputs, on_step=on_step)
                finally:
                    progress.close()
                if inputs.get("target") is not None:  # the document went to its target, not to us
                    click.echo(f"{action.label}: streamed to {options['target']}", err=True)
                else:
                    _print(obj, result, label=action.label)

        _handle_errors(run)

    summary = action.description + ("" if action.in_spec else " (beyond the connector spec)")
    return click.Command(
        action.command,
        params=params,
        callback=callback,
        help=f"{action.label}: {summary}\n\nOperation: {action.operation or 'any'}.",
        short_help=action.label,
    )


def _print_all_items(
    obj: dict[str, Any], client: Any, action: catalog.Action, inputs: dict[str, Any], *, max_pages: int | None
) -> None:
    """Print every item of every page of an action as each page arrives (``--all-pages``)."""
    pages = client.action_pages(action.name, inputs, max_pages=max_pages)
    batches = (
        Batch(printed=page.items, rows=page.items, total=announced_total(page.response)) for page in pages
    )
    print_streamed(obj, batches, label=action.label, max_pages=max_pages)


@attrs.frozen
class Batch:
    """One page for :func:`print_streamed`.

    Attributes:
        printed: What JSON output adds to its array (an action's items; ``call``'s whole page).
        rows: The page's items: table output's rows, and the item count (``None``: the page's items are not
            one list the model names, so the page itself is the row and items are not counted).
        total: The number of items the listing announces (``numberOfResults``), when it does.
    """

    printed: list[Any]
    rows: list[Any] | None
    total: int | None = None


def announced_total(response: Any) -> int | None:
    """Return the item count a listing announces in its first level (``numberOfResults``), else ``None``."""
    count = getattr(response, "number_of_results", None)
    return count if isinstance(count, int) and not isinstance(count, bool) and count > 0 else None


def print_streamed(
    obj: dict[str, Any], batches: Iterable[Batch], *, label: str, max_pages: int | None = None
) -> None:
    """Print the items of each page as it arrives, with progress (pages, items) on stderr.

    JSON output is one array, written page by page; table output is printed once every page is in (nothing
    when no page held an item). Either way, when a later page fails the items received so far are printed
    (the array closed) before the error reaches the user, so a failure on page 2 does not lose page 1. The
    progress display follows :mod:`seller_central.cli.progress`; the closing count is always on stderr.
    """
    from seller_central.cli.progress import Progress  # noqa: PLC0415

    sink = _JsonArray() if obj.get("output", "json") == "json" else _Rows()
    progress = Progress(label, enabled=obj.get("progress"))
    pages = 0
    items: int | None = 0
    failed = True
    try:
        for batch in batches:
            sink.add(batch.printed, batch.rows)
            pages += 1
            items = None if items is None or batch.rows is None else items + len(batch.rows)
            progress.pages(pages, items, batch.total)
        failed = False
    finally:
        progress.close()
        if pages or not failed:  # bad input, or a first page that failed: nothing was received to print
            sink.close()
            received = f"{items} item(s) from {pages} page(s)" if items is not None else f"{pages} page(s)"
            if failed:
                click.echo(f"{received} received before the error", err=True)
            elif max_pages is not None and pages >= max_pages:
                click.echo(f"{received} (stopped at --max-pages {max_pages})", err=True)
            else:
                click.echo(received, err=True)


class _JsonArray:
    """A JSON array written item by item, exactly as ``json.dumps(items, indent=2)`` would print it."""

    def __init__(self) -> None:
        self.count = 0

    def add(self, printed: list[Any], rows: list[Any] | None) -> None:
        del rows
        for item in printed:
            text = textwrap.indent(json.dumps(to_jsonable(item), indent=2, ensure_ascii=False), "  ")
            click.echo(("[\n" if self.count == 0 else ",\n") + text, nl=False)  # echo flushes: out now
            self.count += 1

    def close(self) -> None:
        click.echo("[]" if self.count == 0 else "\n]")


class _Rows:
    """Table output: rows are collected (column widths need them all) and printed by :meth:`close`."""

    def __init__(self) -> None:
        self._rows: list[Any] = []

    def add(self, printed: list[Any], rows: list[Any] | None) -> None:
        self._rows.extend(printed if rows is None else rows)

    def close(self) -> None:
        if self._rows:  # no items: nothing on stdout (the count goes to stderr)
            click.echo(render(self._rows, "table"))


#: The values ``--sandbox`` takes (without one it means ``amazon``): the connection's ``sandbox`` setting.
SANDBOXES = ("local", "amazon")


class _SandboxOption(click.Option):
    """``--sandbox``: a flag (Amazon's sandbox host) that may take a value, ``--sandbox=local`` or ``local``.

    An option whose value is optional takes the next word when one follows. When that word is none of
    :data:`SANDBOXES` it is the command (``seller-central --sandbox orders get ...``): the option keeps its
    flag value and the word goes back in front of the arguments it came from. Nothing after the command is
    ever looked at: click hands the command its own arguments untouched.
    """

    def handle_parse_result(
        self, ctx: click.Context, opts: Mapping[str, Any], args: list[str]
    ) -> tuple[Any, list[str]]:
        word = opts.get(self.name or "")
        if isinstance(word, str) and word.strip().lower() not in SANDBOXES:
            commands = ctx.command.list_commands(ctx) if isinstance(ctx.command, click.Group) else []
            if word not in commands:
                msg = f"--sandbox takes no value or 'local' (the local sandbox) or 'amazon', got {word!r}"
                raise click.UsageError(msg, ctx=ctx)
            opts = {**opts, self.name or "": self.flag_value}
            args = [word, *args]
        return super().handle_parse_result(ctx, opts, args)


class _Root(click.Group):
    """The root group, whose action groups are built from the catalog on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *{a.group for a in catalog.catalog()}})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        members = [a for a in catalog.catalog() if a.group == cmd_name]
        if not members:
            return None
        group = click.Group(cmd_name, help=GROUPS.get(cmd_name, cmd_name))
        for action in sorted(members, key=lambda a: a.command):
            group.add_command(_action_command(action))
        if cmd_name == "orders":
            group.add_command(orders_sync_command)  # a workflow beside the catalog's actions
        from seller_central.cli.notifications import COMMANDS  # noqa: PLC0415 (commands beside the catalog)

        for extra in COMMANDS.get(cmd_name, []):
            group.add_command(extra)
        return group


@click.group(cls=_Root, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.option(
    "--profile", help="Use this profile of the config file (default: SP_API_* environment variables)."
)
@click.option(
    "--config",
    type=click.Path(path_type=Path),
    help="The config file (default: ~/.config/seller-central/config.toml).",
)
@click.option("--endpoint", help="SP-API endpoint: a host, or a full URL such as http://127.0.0.1:8765.")
@click.option(
    "--sandbox",
    cls=_SandboxOption,
    type=click.Choice(SANDBOXES, case_sensitive=False),
    is_flag=False,
    flag_value="amazon",
    default=None,
    help="Send requests to Amazon's sandbox host. --sandbox=local: the local sandbox (found, or started "
    "for this command), with placeholder credentials when none are set.",
)
@click.option(
    "--region",
    type=click.Choice(["NA", "EU", "FE"], case_sensitive=False),
    help="Pick the endpoint by region.",
)
@click.option("--token-url", help="The LWA token endpoint (default https://api.amazon.com/auth/o2/token).")
@click.option(
    "--allow-custom-host",
    is_flag=True,
    default=False,
    help="Let --endpoint and --token-url name hosts other than Amazon's and loopback (https only).",
)
@click.option("--output", "-o", type=click.Choice(["json", "table"]), default="json", show_default=True)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show progress (pages, items, bytes) on stderr even when it is not a terminal, or never "
    "(default: only on a terminal).",
)
@click.option("--verbose", "-v", count=True, help=VERBOSE_HELP)
@click.version_option(package_name="seller-central")
@click.pass_context
def cli(ctx: click.Context, /, **options: Any) -> None:
    """Amazon Selling Partner API from the shell: every connector action, plus auth and a local sandbox."""
    ctx.obj = options
    show_warnings_plainly()
    if options["verbose"]:
        configure_logging(options["verbose"])


cli.add_command(finances_group)


@cli.command("actions")
@click.option("--json", "as_json", is_flag=True, help="Print the catalog as JSON.")
def actions_command(*, as_json: bool) -> None:
    """List every action: label, command, operation and inputs."""
    entries = catalog.catalog()
    if as_json:
        click.echo(json.dumps([a.to_dict() for a in entries], indent=2))
        return
    for action in entries:
        flag = "" if action.in_spec else "  (beyond the spec)"
        command = f"seller-central {action.group} {action.command}"
        click.echo(f"{action.label:<34} {command:<46} {action.operation or '-'}{flag}")


cli.add_command(call_command)
cli.add_command(reports_group)


@cli.group("auth")
def auth_group() -> None:
    """Authorize a seller (consent flow) and manage stored credentials."""


@auth_group.command("login")
@click.option(
    "--profile", "profile_name", default="default", show_default=True, help="Profile to store the result in."
)
@click.option(
    "--client-id", envvar="SP_API_CLIENT_ID", required=True, help="LWA client id (or SP_API_CLIENT_ID)."
)
@click.option(
    "--client-secret",
    envvar="SP_API_CLIENT_SECRET",
    required=True,
    help="LWA client secret (or SP_API_CLIENT_SECRET).",
)
@click.option(
    "--application-id",
    envvar="SP_API_APPLICATION_ID",
    required=True,
    help="The app's id (amzn1.sp.solution...).",
)
@click.option(
    "--marketplace",
    default=None,
    help="Marketplace id whose Seller Central site to use (default: the --region's main site, else US).",
)
@click.option("--beta", is_flag=True, help="Add version=beta (apps still in draft).")
@click.option(
    "--redirect-uri",
    default=None,
    help="One of the app's registered redirect URIs. An https URI selects paste mode; "
    "http://127.0.0.1:PORT/ the loopback listener on that port.",
)
@click.option(
    "--paste",
    is_flag=True,
    help="Paste mode: after consent, paste the URL the browser was redirected to (or the bare "
    "spapi_oauth_code); no listener. For production apps, whose redirect URIs are https.",
)
@click.option("--open", "open_browser", is_flag=True, help="Also open the consent URL in a browser.")
@click.option(
    "--print-refresh-token",
    is_flag=True,
    help="Also print the new refresh token on stdout (it is a secret: for piping into a secret store).",
)
@click.option(
    "--port", type=PORT, default=8910, show_default=True, help="Loopback mode: the port for the redirect."
)
@click.option(
    "--timeout",
    type=float,
    default=300.0,
    show_default=True,
    help="Loopback mode: seconds to wait for the redirect.",
)
@click.pass_obj
def auth_login(obj: dict[str, Any], /, **options: Any) -> None:
    """Authorize a seller (the consent flow) and store the refresh token in a profile.

    Loopback mode (the default; the sandbox and draft apps): listens on http://127.0.0.1:PORT/ for the
    redirect. Paste mode (--paste, or an https --redirect-uri; production apps): after consent, paste the URL
    the browser was redirected to (its state is checked) or the bare code.

    The code goes to the token URL the settings name, resolved as for every command: --token-url, else the
    token_url of the global --profile (or of the profile logged into, when it exists), else SP_API_TOKEN_URL
    when no profile is read, else Amazon's.
    """
    from seller_central import consent  # noqa: PLC0415

    def run() -> None:
        redirect_uri: str | None = options["redirect_uri"]
        paste = options["paste"] or (redirect_uri is not None and redirect_uri.lower().startswith("https:"))
        token_url, allow_custom_host = _login_token_url(obj, options["profile_name"])

        def show(url: str) -> None:
            click.echo(f"Open this URL to authorize the application:\n\n  {url}\n", err=True)
            if options["open_browser"]:
                click.launch(url)

        def read_paste() -> str:
            prompt = "Paste the URL your browser was redirected to (or the spapi_oauth_code)"
            text: str = click.prompt(prompt, hide_input=True, err=True, default="", show_default=False)
            return text

        result = consent.login(
            client_id=options["client_id"],
            client_secret=options["client_secret"],
            application_id=options["application_id"],
            marketplace_id=options["marketplace"],
            beta=options["beta"],
            port=options["port"],
            timeout=options["timeout"],
            profile=options["profile_name"],
            config_path=obj.get("config"),
            token_url=token_url,
            allow_custom_host=allow_custom_host,
            # the global connection options are stored in the profile with the new refresh token
            endpoint=obj.get("endpoint"),
            is_sandbox=True if obj.get("sandbox") == "amazon" else None,
            region=obj.get("region"),
            show=show,
            redirect_uri=redirect_uri,
            paste=read_paste if paste else None,
        )
        click.echo(f"stored the refresh token in profile {result.profile!r} ({result.path})", err=True)
        _show_destination(result)
        if options["print_refresh_token"]:
            from seller_central import config  # noqa: PLC0415

            click.echo(config.load_profile(result.profile, path=result.path)["refresh_token"])

    _handle_errors(run)


def _login_token_url(obj: dict[str, Any], profile: str) -> tuple[str, bool]:
    """Return the token URL auth login sends the code to, and whether a custom host is allowed.

    Resolved as for every command (:func:`seller_central.connection.resolve_settings`): the global options
    over the global --profile, else over the profile being logged into when it exists, else over the
    ``SP_API_*`` variables; Amazon's token URL when none names one.
    """
    from seller_central import config  # noqa: PLC0415
    from seller_central.connection import DEFAULT_TOKEN_URL, resolve_settings  # noqa: PLC0415

    path = obj.get("config")
    source = obj.get("profile") or (profile if profile in config.list_profiles(path) else None)
    values = resolve_settings(source, path=path, **_overrides(obj)).values
    token_url = values.get("token_url")
    if values.get("sandbox") == "local" and not token_url:
        # The consent page is Amazon's; only the code exchange can go to a local sandbox, and only if named.
        msg = (
            "auth login cannot use the local sandbox (--sandbox=local, SP_API_SANDBOX=local or a profile's "
            "sandbox = 'local') on its own: the consent page is Amazon's. To exchange a code with a local "
            "sandbox, give its token URL: --token-url http://127.0.0.1:PORT/auth/o2/token"
        )
        raise ConfigurationError(msg)
    return str(token_url or DEFAULT_TOKEN_URL), bool(values.get("allow_custom_host", False))


def _show_destination(result: Any) -> None:
    """Say where the stored profile's requests go: its endpoint URL and region (the two always agree)."""
    from seller_central.connection import connection_from_profile  # noqa: PLC0415

    try:
        connection = connection_from_profile(result.profile, path=result.path)
    except ConfigurationError:  # pragma: no cover (login stored a profile that loads)
        return
    region = connection.endpoint_region
    where = f" (region {region.name})" if region is not None else ""
    click.echo(f"its requests go to {connection.base_url}{where}", err=True)


@cli.group("sandbox")
def sandbox_group() -> None:
    """Run the embedded local sandbox (Amazon's static sandbox examples for all 66 models)."""


@sandbox_group.command("serve")
@click.option(
    "--port", type=PORT, default=8765, show_default=True
)  # sandbox.server.DEFAULT_PORT (not imported here: start-up)
@click.option("--host", default="127.0.0.1", show_default=True)
def sandbox_serve(port: int, host: str) -> None:
    """Serve the local sandbox until Ctrl-C."""
    from seller_central.sandbox import main_serve  # noqa: PLC0415

    _listening(lambda: main_serve(port=port, host=host))


@sandbox_group.command("tour")
@click.option("--port", type=PORT, default=None, help="Port for the sandbox (default: a free one).")
def sandbox_tour(port: int | None) -> None:
    """Start the local sandbox and run every connector action through the CLI against it (the demo)."""
    from seller_central.sandbox.tour import run_tour  # noqa: PLC0415

    sys.exit(_listening(lambda: run_tour(port=port, out=click.echo)))


@cli.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script (e.g. `eval "$(seller-central completion bash)"`)."""
    from click.shell_completion import get_completion_class  # noqa: PLC0415

    completion_class = get_completion_class(shell)
    if completion_class is None:  # pragma: no cover (click knows the three shells offered)
        _fail(f"no completion for {shell}", EXIT_BAD_INPUT)
    script = completion_class(cli, {}, "seller-central", "_SELLER_CENTRAL_COMPLETE").source()
    click.echo(script)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return its exit code."""
    try:
        cli.main(args=argv, prog_name="seller-central", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return EXIT_BAD_INPUT if exc.exit_code == 2 else exc.exit_code  # noqa: PLR2004
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        click.echo(f"error: {exc.code}", err=True)  # sys.exit("message"): Python's convention is status 1
        return EXIT_API_ERROR
    return 0
