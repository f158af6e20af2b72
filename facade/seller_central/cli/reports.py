"""``seller-central reports``: run a report in one command, and list, get, cancel and download reports.

``reports run TYPE --marketplace ID`` is ``SellerCentral.run_report``: it creates the report, shows a progress
bar on stderr while Amazon processes it, and prints the rows as JSON (a JSON report as itself; ``--output
table`` as a table), or writes the document (decompressed, as Amazon wrote it) to ``-o FILE`` or, with
``-o -``, to standard output. The other commands go through the client's namespaced operations
(``api.reports_2021_06_30.*``, ``api.items``), the same path as every other call.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from seller_central.cli.options import INSTANT, max_pages_option
from seller_central.errors import InvalidInputError

if TYPE_CHECKING:
    from seller_central.cli.app import Batch
    from seller_central.reports import Progress, ReportResult

__all__ = ["reports_group"]

_BATCH = 1000
_STATUSES = ("IN_QUEUE", "IN_PROGRESS", "DONE", "FATAL", "CANCELLED")


def _options(values: tuple[str, ...]) -> dict[str, str]:
    """Turn ``--option k=v`` values into reportOptions."""
    options: dict[str, str] = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            msg = f"--option: expected KEY=VALUE, got {value!r}"
            raise InvalidInputError(msg, label="--option")
        options[key.strip()] = text
    return options


def _marketplaces(values: tuple[str, ...]) -> list[str]:
    return [part for value in values for part in value.split(",") if part]


class _StatusLines:
    """A report's status on stderr each time it changes, like a feed's while ``--wait``-ing.

    These are status lines, not progress (see ``cli/progress.py``): they are written whatever
    ``--progress``/``--no-progress`` say, one line per change, so a log shows when the report moved on.
    """

    def __init__(self) -> None:
        self._last: str | None = None

    def __call__(self, progress: Progress) -> None:
        if progress.processing_status == self._last:
            return
        self._last = progress.processing_status
        waited = f" after {progress.waited_seconds:.0f} s" if progress.waited_seconds >= 1 else ""
        click.echo(f"report {progress.job_id}: {progress.processing_status}{waited}", err=True)


def _batches(result: ReportResult) -> Iterator[Batch]:
    from seller_central.cli.app import Batch  # noqa: PLC0415 (app imports this module)

    batch: list[Any] = []
    for row in result.rows():
        batch.append(row)
        if len(batch) >= _BATCH:
            yield Batch(printed=batch, rows=batch)
            batch = []
    if batch:
        yield Batch(printed=batch, rows=batch)


def _emit(obj: dict[str, Any], result: ReportResult, output: str | None) -> None:
    """Write the document to ``output`` (``-``: stdout), or print it: rows, JSON, or text."""
    from seller_central.cli.app import _print, print_streamed  # noqa: PLC0415 (app imports this module)

    if output == "-":
        with result.open() as handle:
            shutil.copyfileobj(handle, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    elif output is not None:  # already there: run_report downloaded it to this path
        click.echo(f"report {result.report_id}: saved to {output}", err=True)
    elif result.schema_files or (result.content_type or "").startswith("application/json"):
        _print(obj, result.json(), label=f"report {result.report_id}")
    else:
        print_streamed(obj, _batches(result), label=f"report {result.report_id}")


def _run(obj: dict[str, Any], arguments: dict[str, Any], output: str | None) -> None:
    from seller_central.cli.app import with_client  # noqa: PLC0415 (app imports this module)

    def run(api: Any) -> None:
        if output not in (None, "-") and not Path(output).parent.is_dir():
            msg = f"-o: the folder {str(Path(output).parent)!r} does not exist"
            raise InvalidInputError(msg, label="-o")
        # -o FILE: the download goes straight to the file (written beside it, renamed when complete), not
        # through a temporary copy of a document that may be gigabytes.
        target = {} if output in (None, "-") else {"path": output}
        result = api.run_report(progress=_StatusLines(), **arguments, **target)
        with result:
            _emit(obj, result, output)

    with_client(obj, run)


@click.group("reports")
def reports_group() -> None:
    """Run a report in one command, or list, get, cancel and download reports (Reports 2021-06-30)."""


_WAIT_OPTIONS = (
    click.Option(
        ["--poll-interval"], type=float, default=None, help="Seconds before the first re-poll (default 5)."
    ),
    click.Option(["--timeout"], type=float, default=None, help="Most seconds to wait (default 3600)."),
    click.Option(
        ["--charset"], default=None, help="The charset when Amazon declares none (default: by marketplace)."
    ),
    click.Option(
        ["--errors"],
        type=click.Choice(["strict", "replace"]),
        default=None,
        help="An undecodable byte: fail (strict, the default) or replace it.",
    ),
    click.Option(
        ["-o", "--out", "out"],
        metavar="FILE|-",
        default=None,
        help="Write the document (decompressed) to FILE, or to standard output with '-'.",
    ),
)


def _wait_arguments(options: dict[str, Any]) -> dict[str, Any]:
    names = ("poll_interval", "timeout", "charset", "errors")
    return {name: options[name] for name in names if options.get(name) is not None}


@click.command("run")
@click.argument("report_type")
@click.option(
    "--marketplace", "marketplaces", multiple=True, required=True, help="Marketplace id (repeat, or commas)."
)
@click.option("--start", type=INSTANT, default=None, help="dataStartTime (ISO 8601).")
@click.option("--end", type=INSTANT, default=None, help="dataEndTime (ISO 8601).")
@click.option("--option", "report_options", multiple=True, metavar="KEY=VALUE", help="A reportOptions entry.")
@click.pass_obj
def run_command(obj: dict[str, Any], /, **options: Any) -> None:
    """Create a report, wait for it (progress on stderr) and print its rows or write its document."""
    arguments: dict[str, Any] = {
        "report_type": options["report_type"],
        "marketplace_ids": _marketplaces(options["marketplaces"]),
        **_wait_arguments(options),
    }
    if options["start"]:
        arguments["data_start_time"] = options["start"]
    if options["end"]:
        arguments["data_end_time"] = options["end"]
    from seller_central.cli.app import _handle_errors  # noqa: PLC0415 (app imports this module)

    report_options = _handle_errors(lambda: _options(options["report_options"]))
    if report_options:
        arguments["report_options"] = report_options
    _run(obj, arguments, options["out"])


@click.command("download")
@click.argument("report_id")
@click.pass_obj
def download_command(obj: dict[str, Any], /, **options: Any) -> None:
    """Download a report by id (waiting first if Amazon is still processing it), like ``run``."""
    _run(obj, {"report_id": options["report_id"], **_wait_arguments(options)}, options["out"])


for _command in (run_command, download_command):
    _command.params.extend(_WAIT_OPTIONS)


def _client_call(obj: dict[str, Any], call: Any, *, label: str) -> None:
    from seller_central.cli.app import _print, with_client  # noqa: PLC0415

    _print(obj, with_client(obj, call), label=label)


@click.command("get")
@click.argument("report_id")
@click.pass_obj
def get_command(obj: dict[str, Any], /, report_id: str) -> None:
    """Show a report: type, status, dates and its document id once done (getReport)."""
    _client_call(obj, lambda api: api.reports_2021_06_30.get_report(report_id=report_id), label="Get Report")


@click.command("cancel")
@click.argument("report_id")
@click.pass_obj
def cancel_command(obj: dict[str, Any], /, report_id: str) -> None:
    """Cancel a report Amazon has not started processing (cancelReport)."""

    def cancel(api: Any) -> dict[str, str]:
        api.reports_2021_06_30.cancel_report(report_id=report_id)
        return {"reportId": report_id, "cancelled": "requested"}

    _client_call(obj, cancel, label="Cancel Report")


@click.command("list")
@click.option("--type", "report_types", multiple=True, help="Report type (repeat, or commas; 1 to 10).")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(_STATUSES),
    help="Only reports in these processing statuses.",
)
@click.option("--marketplace", "marketplaces", multiple=True, help="Only reports for these marketplaces.")
@click.option(
    "--since",
    type=INSTANT,
    default=None,
    help="Created at or after (ISO 8601; Amazon's default: 90 days ago).",
)
@click.option("--until", type=INSTANT, default=None, help="Created at or before (ISO 8601; default: now).")
@max_pages_option
@click.pass_obj
def list_command(obj: dict[str, Any], /, **options: Any) -> None:
    """List reports, following every page (getReports); prints the reports as a JSON array."""
    from seller_central.cli.app import Batch, _handle_errors, print_streamed, with_client  # noqa: PLC0415
    from seller_central.cli.output import to_jsonable  # noqa: PLC0415

    arguments: dict[str, Any] = {}
    if options["report_types"]:
        arguments["report_types"] = _marketplaces(options["report_types"])
    if options["statuses"]:
        arguments["processing_statuses"] = list(options["statuses"])
    if options["marketplaces"]:
        arguments["marketplace_ids"] = _marketplaces(options["marketplaces"])
    if options["since"]:
        arguments["created_since"] = options["since"]
    if options["until"]:
        arguments["created_until"] = options["until"]
    if not arguments.get("report_types"):
        _handle_errors(_missing_types)

    def run(api: Any) -> None:
        pages = api.pages("reports_2021_06_30.getReports", max_pages=options["max_pages"], **arguments)
        rows = (to_jsonable(page.reports or []) for page in pages)
        batches = (Batch(printed=reports, rows=reports) for reports in rows)
        print_streamed(obj, batches, label="reports", max_pages=options["max_pages"])

    with_client(obj, run)


def _missing_types() -> None:
    msg = "--type is required: getReports lists reports of 1 to 10 types"
    raise InvalidInputError(msg, label="--type")


for _command in (run_command, download_command, get_command, cancel_command, list_command):
    reports_group.add_command(_command)
