"""One entry of SP-API's ``errors[]`` (exported as :class:`seller_central.errors.ErrorDetail`).

A module of its own so that importing the error hierarchy, which every process does, does not define it
(cold start): it is made when the first error body is read.
"""

from __future__ import annotations

import attrs

__all__ = ["ErrorDetail"]


@attrs.frozen(kw_only=True)
class ErrorDetail:
    """One entry of SP-API's ``errors[]``."""

    code: str
    message: str
    details: str | None = None
