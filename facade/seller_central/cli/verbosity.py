"""What ``-v``, ``-vv`` and ``-vvv`` show on stderr, and how the CLI shows a Python warning.

| flag | request lines | ``seller_central.*`` | ``httpx`` | everything else (``httpcore``, ...) |
|---|---|---|---|---|
| none | - | warnings | warnings | warnings |
| ``-v`` | yes | INFO | INFO | warnings |
| ``-vv`` | yes | DEBUG | DEBUG | warnings |
| ``-vvv`` | yes | DEBUG | DEBUG | DEBUG (httpcore's connection and TLS internals) |

The request lines are ``seller_central.http``'s one line per SP-API exchange (method, redacted URL, status,
time, request id) and httpx's ``HTTP Request:`` line for the token and document requests.

Every line goes through :class:`~seller_central.redact.SecretFilter`, so no level shows a token, a client
secret or a presigned URL's signature.
"""

from __future__ import annotations

import logging
import sys
import warnings
from typing import TextIO

__all__ = ["HELP", "configure_logging", "show_warnings_plainly"]

#: The ``--verbose`` option's help text (the table above in one sentence).
HELP = (
    "Log to stderr: -v one line per HTTP request and our main steps, -vv also our and httpx's debug "
    "detail (tokens, limits, retries), -vvv also httpcore's connection internals. Secrets are redacted."
)

_OURS = ("seller_central", "httpx")
_handler: logging.Handler | None = None


def configure_logging(verbosity: int, stream: TextIO | None = None) -> None:
    """Send log records to ``stream`` (stderr) at the levels ``verbosity`` (the count of ``-v``) asks for."""
    global _handler  # noqa: PLW0603 (one handler per process: a second run replaces the first's)
    from seller_central.redact import SecretFilter  # noqa: PLC0415 (only verbose runs need it)

    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretFilter())
    root.addHandler(handler)
    _handler = handler
    ours = logging.INFO if verbosity == 1 else logging.DEBUG
    for name in _OURS:
        logging.getLogger(name).setLevel(ours)
    logging.getLogger("seller_central.http").setLevel(logging.DEBUG)  # its request lines are DEBUG records
    root.setLevel(logging.DEBUG if verbosity >= 3 else logging.WARNING)  # noqa: PLR2004 (-vvv)


def show_warnings_plainly() -> None:
    """Show a Python warning (a marketplace of another region, ...) as one ``warning:`` line on stderr."""

    def show(  # noqa: PLR0917 (warnings.showwarning's signature)
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        del category, filename, lineno, line
        print(f"warning: {message}", file=file or sys.stderr)

    warnings.showwarning = show
