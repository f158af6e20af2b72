"""Listings actions as client methods (see :mod:`seller_central.actions.listings`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from seller_central._engine import AsyncEngine, SyncEngine
from seller_central._lazy import lazy_module

if TYPE_CHECKING:
    from selling_partner_api.listings_items_2021_08_01.models import (
        Item,
        ListingsItemSubmissionResponse,
    )

    from seller_central.actions import listings
    from seller_central.actions.listings import (
        CreateListingsItemInputs,
        DeleteListingsItemInputs,
        GetListingsItemInputs,
        UpdateListingsItemInputs,
    )
else:
    listings = lazy_module("seller_central.actions.listings")

__all__ = ["AsyncListingsMethods", "ListingsMethods"]


class ListingsMethods(SyncEngine):
    """Listings Items 2021-08-01: create, read, patch and delete one listings item."""

    def create_listings_item(
        self, **inputs: Unpack[CreateListingsItemInputs]
    ) -> ListingsItemSubmissionResponse:
        """Create Listings Item (Listings Items putListingsItem)."""
        return self._send(listings.create_listings_item(self._context, inputs))

    def get_listings_item(self, **inputs: Unpack[GetListingsItemInputs]) -> Item:
        """Get Listings Item (Listings Items getListingsItem)."""
        return self._send(listings.get_listings_item(self._context, inputs))

    def update_listings_item(
        self, **inputs: Unpack[UpdateListingsItemInputs]
    ) -> ListingsItemSubmissionResponse:
        """Update Listings Item (Listings Items patchListingsItem)."""
        return self._send(listings.update_listings_item(self._context, inputs))

    def delete_listings_item(
        self, **inputs: Unpack[DeleteListingsItemInputs]
    ) -> ListingsItemSubmissionResponse:
        """Delete Listings Item (Listings Items deleteListingsItem)."""
        return self._send(listings.delete_listings_item(self._context, inputs))


class AsyncListingsMethods(AsyncEngine):
    """Listings Items 2021-08-01: create, read, patch and delete one listings item, awaited."""

    async def create_listings_item(
        self, **inputs: Unpack[CreateListingsItemInputs]
    ) -> ListingsItemSubmissionResponse:
        """Create Listings Item (Listings Items putListingsItem)."""
        return await self._send(listings.create_listings_item(self._context, inputs))

    async def get_listings_item(self, **inputs: Unpack[GetListingsItemInputs]) -> Item:
        """Get Listings Item (Listings Items getListingsItem)."""
        return await self._send(listings.get_listings_item(self._context, inputs))

    async def update_listings_item(
        self, **inputs: Unpack[UpdateListingsItemInputs]
    ) -> ListingsItemSubmissionResponse:
        """Update Listings Item (Listings Items patchListingsItem)."""
        return await self._send(listings.update_listings_item(self._context, inputs))

    async def delete_listings_item(
        self, **inputs: Unpack[DeleteListingsItemInputs]
    ) -> ListingsItemSubmissionResponse:
        """Delete Listings Item (Listings Items deleteListingsItem)."""
        return await self._send(listings.delete_listings_item(self._context, inputs))
