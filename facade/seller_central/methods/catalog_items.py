"""Catalog actions as client methods (see :mod:`seller_central.actions.catalog_items`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Unpack

from seller_central._engine import AsyncEngine, SyncEngine
from seller_central._lazy import lazy_module

if TYPE_CHECKING:
    from selling_partner_api.catalog_items_2022_04_01.models import (
        Item,
        ItemSearchResults,
    )

    from seller_central.actions import catalog_items
    from seller_central.actions.catalog_items import (
        GetCatalogItemInputs,
        SearchCatalogItemInputs,
    )
else:
    catalog_items = lazy_module("seller_central.actions.catalog_items")

__all__ = ["AsyncCatalogItemsMethods", "CatalogItemsMethods"]


class CatalogItemsMethods(SyncEngine):
    """Catalog Items 2022-04-01: read one item, search the catalog."""

    def get_catalog_item(self, **inputs: Unpack[GetCatalogItemInputs]) -> Item:
        """Get Catalog Item (Catalog Items getCatalogItem)."""
        return self._send(catalog_items.get_catalog_item(self._context, inputs))

    def search_catalog_item(self, **inputs: Unpack[SearchCatalogItemInputs]) -> ItemSearchResults:
        """Search Catalog Item: one page (Catalog Items searchCatalogItems); see ``pagination``."""
        return self._send(catalog_items.search_catalog_item(self._context, inputs).first)

    def iter_catalog_items(
        self, *, max_pages: int | None = None, **inputs: Unpack[SearchCatalogItemInputs]
    ) -> Iterator[Item]:
        """Search Catalog Item across every page, yielding each item."""
        return self._items(catalog_items.search_catalog_item(self._context, inputs), max_pages)


class AsyncCatalogItemsMethods(AsyncEngine):
    """Catalog Items 2022-04-01: read one item, search the catalog, awaited."""

    async def get_catalog_item(self, **inputs: Unpack[GetCatalogItemInputs]) -> Item:
        """Get Catalog Item (Catalog Items getCatalogItem)."""
        return await self._send(catalog_items.get_catalog_item(self._context, inputs))

    async def search_catalog_item(self, **inputs: Unpack[SearchCatalogItemInputs]) -> ItemSearchResults:
        """Search Catalog Item: one page (Catalog Items searchCatalogItems); see ``pagination``."""
        return await self._send(catalog_items.search_catalog_item(self._context, inputs).first)

    def iter_catalog_items(
        self, *, max_pages: int | None = None, **inputs: Unpack[SearchCatalogItemInputs]
    ) -> AsyncIterator[Item]:
        """Search Catalog Item across every page, yielding each item."""
        return self._items(catalog_items.search_catalog_item(self._context, inputs), max_pages)
