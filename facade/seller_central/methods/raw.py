"""Raw Request as a client method (see :mod:`seller_central.actions.raw`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Unpack

from seller_central._engine import AsyncEngine, SyncEngine
from seller_central._lazy import lazy_module

if TYPE_CHECKING:
    from seller_central.actions import raw
    from seller_central.actions.raw import RawRequestInputs
else:
    raw = lazy_module("seller_central.actions.raw")

__all__ = ["AsyncRawMethods", "RawMethods"]


class RawMethods(SyncEngine):
    """Raw Request: any path on the connection's SP-API endpoint."""

    def raw_request(self, **inputs: Unpack[RawRequestInputs]) -> Any:
        """Raw Request: the body as parsed JSON, text or bytes, per Response Type."""
        return self._send_raw(raw.raw_request(self._context, inputs))


class AsyncRawMethods(AsyncEngine):
    """Raw Request: any path on the connection's SP-API endpoint, awaited."""

    async def raw_request(self, **inputs: Unpack[RawRequestInputs]) -> Any:
        """Raw Request: the body as parsed JSON, text or bytes, per Response Type."""
        return await self._send_raw(raw.raw_request(self._context, inputs))
