"""Feed actions as client methods (see :mod:`seller_central.actions.feeds` and ``feed_documents``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Unpack

from seller_central._engine import AsyncEngine, SyncEngine
from seller_central._lazy import lazy_module

if TYPE_CHECKING:
    from selling_partner_api.feeds_2021_06_30.models import (
        CreateFeedDocumentResponse,
        CreateFeedResponse,
        Feed,
        FeedDocument,
        GetFeedsResponse,
    )

    from seller_central.actions import feed_documents, feeds
    from seller_central.actions.feed_documents import (
        DownloadFeedDocumentInputs,
        SubmitFeedInputs,
        SubmitFeedResult,
        UploadFeedDocumentInputs,
    )
    from seller_central.actions.feeds import (
        CreateFeedDocumentInputs,
        CreateFeedInputs,
        FeedIdInputs,
        GetFeedDocumentInputs,
        ListFeedsInputs,
    )
else:
    feed_documents = lazy_module("seller_central.actions.feed_documents")
    feeds = lazy_module("seller_central.actions.feeds")

__all__ = ["AsyncFeedsMethods", "FeedsMethods"]


class FeedsMethods(SyncEngine):
    """Feeds 2021-06-30, and the feed document workflow."""

    def cancel_feed(self, **inputs: Unpack[FeedIdInputs]) -> None:
        """Cancel Feed (Feeds 2021-06-30 cancelFeed)."""
        return self._send(feeds.cancel_feed(self._context, inputs))

    def get_feed(self, **inputs: Unpack[FeedIdInputs]) -> Feed:
        """Get Feed (Feeds 2021-06-30 getFeed)."""
        return self._send(feeds.get_feed(self._context, inputs))

    def create_feed(self, **inputs: Unpack[CreateFeedInputs]) -> CreateFeedResponse:
        """Create Feed (Feeds 2021-06-30 createFeed); upload the document first."""
        return self._send(feeds.create_feed(self._context, inputs))

    def create_feed_document(self, **inputs: Unpack[CreateFeedDocumentInputs]) -> CreateFeedDocumentResponse:
        """Create Feed Document (Feeds 2021-06-30 createFeedDocument): an id and an upload URL."""
        return self._send(feeds.create_feed_document(self._context, inputs))

    def get_feed_document(self, **inputs: Unpack[GetFeedDocumentInputs]) -> FeedDocument:
        """Get Feed Document (Feeds 2021-06-30 getFeedDocument): a download URL and its compression."""
        return self._send(feeds.get_feed_document(self._context, inputs))

    def list_feeds(self, **inputs: Unpack[ListFeedsInputs]) -> GetFeedsResponse:
        """List Feeds: one page (Feeds 2021-06-30 getFeeds); pass its ``next_token`` alone for the next."""
        return self._send(feeds.list_feeds(self._context, inputs).first)

    def iter_feeds(
        self, *, max_pages: int | None = None, **inputs: Unpack[ListFeedsInputs]
    ) -> Iterator[Feed]:
        """List Feeds across every page, yielding each feed once."""
        return self._items(feeds.list_feeds(self._context, inputs), max_pages)

    def upload_feed_document(self, **inputs: Unpack[UploadFeedDocumentInputs]) -> None:
        """Upload feed content to a Create Feed Document URL (no SP-API token is sent)."""
        return self._drive(feed_documents.upload_feed_document(self._context, inputs))

    def download_feed_document(self, **inputs: Unpack[DownloadFeedDocumentInputs]) -> bytes | None:
        """Download a feed document (GZIP inflated): its bytes, or ``None`` once streamed to ``target``."""
        return self._drive(feed_documents.download_feed_document(self._context, inputs))

    def submit_feed(self, **inputs: Unpack[SubmitFeedInputs]) -> SubmitFeedResult:
        """Submit Feed: document, upload, createFeed, and with ``wait`` the outcome and processing report."""
        return self._drive(feed_documents.submit_feed(self._context, inputs))


class AsyncFeedsMethods(AsyncEngine):
    """Feeds 2021-06-30, and the feed document workflow, awaited."""

    async def cancel_feed(self, **inputs: Unpack[FeedIdInputs]) -> None:
        """Cancel Feed (Feeds 2021-06-30 cancelFeed)."""
        return await self._send(feeds.cancel_feed(self._context, inputs))

    async def get_feed(self, **inputs: Unpack[FeedIdInputs]) -> Feed:
        """Get Feed (Feeds 2021-06-30 getFeed)."""
        return await self._send(feeds.get_feed(self._context, inputs))

    async def create_feed(self, **inputs: Unpack[CreateFeedInputs]) -> CreateFeedResponse:
        """Create Feed (Feeds 2021-06-30 createFeed); upload the document first."""
        return await self._send(feeds.create_feed(self._context, inputs))

    async def create_feed_document(
        self, **inputs: Unpack[CreateFeedDocumentInputs]
    ) -> CreateFeedDocumentResponse:
        """Create Feed Document (Feeds 2021-06-30 createFeedDocument): an id and an upload URL."""
        return await self._send(feeds.create_feed_document(self._context, inputs))

    async def get_feed_document(self, **inputs: Unpack[GetFeedDocumentInputs]) -> FeedDocument:
        """Get Feed Document (Feeds 2021-06-30 getFeedDocument): a download URL and its compression."""
        return await self._send(feeds.get_feed_document(self._context, inputs))

    async def list_feeds(self, **inputs: Unpack[ListFeedsInputs]) -> GetFeedsResponse:
        """List Feeds: one page (Feeds 2021-06-30 getFeeds); pass its ``next_token`` alone for the next."""
        return await self._send(feeds.list_feeds(self._context, inputs).first)

    def iter_feeds(
        self, *, max_pages: int | None = None, **inputs: Unpack[ListFeedsInputs]
    ) -> AsyncIterator[Feed]:
        """List Feeds across every page, yielding each feed once (``async for``)."""
        return self._items(feeds.list_feeds(self._context, inputs), max_pages)

    async def upload_feed_document(self, **inputs: Unpack[UploadFeedDocumentInputs]) -> None:
        """Upload feed content to a Create Feed Document URL (no SP-API token is sent)."""
        return await self._drive(feed_documents.upload_feed_document(self._context, inputs))

    async def download_feed_document(self, **inputs: Unpack[DownloadFeedDocumentInputs]) -> bytes | None:
        """Download a feed document (GZIP inflated): its bytes, or ``None`` once streamed to ``target``."""
        return await self._drive(feed_documents.download_feed_document(self._context, inputs))

    async def submit_feed(self, **inputs: Unpack[SubmitFeedInputs]) -> SubmitFeedResult:
        """Submit Feed: document, upload, createFeed, and with ``wait`` the outcome and processing report."""
        return await self._drive(feed_documents.submit_feed(self._context, inputs))
