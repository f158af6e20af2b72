"""Presigned-document stand-ins, so feed uploads and document downloads work against the local sandbox.

On Amazon, createFeedDocument and getFeedDocument (and Reports getReportDocument) return an S3 ``url`` that
takes or serves the document's bytes without an access token. The static examples point at a CloudFront
host that the sandbox does not own, so a client following them fails. **Deviation from Amazon's static
sandbox:** the local sandbox rewrites that ``url`` to ``<server>/_documents/<documentId>`` on its own
host, where ``PUT`` stores the bytes in memory and ``GET`` returns them exactly as stored (gzip stays gzip),
with the stored ``Content-Type`` and ``Content-Encoding``. A document the examples only ever download (a
feed's processing report, a report) starts out as a small placeholder, so the download has something to read.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any
from urllib.parse import quote, unquote

import attrs

from seller_central.sandbox.exchange import Received, Reply, sp_api_error

__all__ = ["DOCUMENTS_PREFIX", "DocumentStore", "StoredDocument", "rewrite_url"]

DOCUMENTS_PREFIX = "/_documents/"


@attrs.frozen(kw_only=True)
class StoredDocument:
    """Bytes stored under a document id, with the headers they were uploaded with."""

    content: bytes
    content_type: str = "application/octet-stream"
    content_encoding: str | None = None


_PROCESSING_REPORT = StoredDocument(
    content=json.dumps(
        {
            "header": {"sellerId": "SANDBOX_SELLER", "version": "2.0"},
            "issues": [],
            "summary": {
                "errors": 0,
                "warnings": 0,
                "messagesProcessed": 1,
                "messagesAccepted": 1,
                "messagesInvalid": 0,
            },
        }
    ).encode(),
    content_type="application/json",
)
_REPORT = StoredDocument(
    content=b"seller-sku\tasin1\tprice\tquantity\nSANDBOX-SKU-1\tB000SANDBOX\t19.99\t5\n",
    content_type="text/tab-separated-values; charset=UTF-8",
)

# Operation key -> (the response field holding the document id, placeholder served before any upload).
_DOCUMENT_OPERATIONS: Mapping[str, tuple[str, StoredDocument | None]] = {
    "feeds_2021_06_30.createFeedDocument": ("feedDocumentId", None),
    "feeds_2021_06_30.getFeedDocument": ("feedDocumentId", _PROCESSING_REPORT),
    "reports_2021_06_30.getReportDocument": ("reportDocumentId", _REPORT),
}


@attrs.define
class DocumentStore:
    """Documents by id, in memory; safe to share between the server's threads."""

    _documents: dict[str, StoredDocument] = attrs.field(factory=dict, init=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    def put(self, document_id: str, document: StoredDocument) -> None:
        """Store (or replace) a document."""
        with self._lock:
            self._documents[document_id] = document

    def put_if_absent(self, document_id: str, document: StoredDocument) -> None:
        """Store a document unless one is already stored under this id."""
        with self._lock:
            self._documents.setdefault(document_id, document)

    def get(self, document_id: str) -> StoredDocument | None:
        """Return the stored document, if any."""
        with self._lock:
            return self._documents.get(document_id)

    def answer(self, received: Received) -> Reply:
        """Return the reply to ``PUT`` or ``GET /_documents/<id>`` (no access token, like a presigned URL)."""
        document_id = unquote(received.path.removeprefix(DOCUMENTS_PREFIX))
        if not document_id or "/" in document_id:
            return sp_api_error(HTTPStatus.NOT_FOUND, "NotFound", "Document URLs look like /_documents/<id>.")
        if received.method == "PUT":
            self.put(
                document_id,
                StoredDocument(
                    content=received.body,
                    content_type=received.headers.get("content-type", "application/octet-stream"),
                    content_encoding=received.headers.get("content-encoding"),
                ),
            )
            return Reply(status=HTTPStatus.OK)
        if received.method not in {"GET", "HEAD"}:
            return sp_api_error(
                HTTPStatus.METHOD_NOT_ALLOWED, "MethodNotAllowed", "Documents take PUT and GET."
            )
        document = self.get(document_id)
        if document is None:
            return sp_api_error(
                HTTPStatus.NOT_FOUND, "NotFound", f"No document is stored under {document_id}."
            )
        headers = {"content-type": document.content_type}
        if document.content_encoding:
            headers["content-encoding"] = document.content_encoding
        return Reply(status=HTTPStatus.OK, body=document.content, headers=headers)


def rewrite_url(operation_key: str, response: Any, *, base_url: str, store: DocumentStore) -> Any:
    """Point a document operation's example ``url`` at this server (see the module docstring)."""
    known = _DOCUMENT_OPERATIONS.get(operation_key)
    if known is None or not isinstance(response, dict) or "url" not in response:
        return response
    id_field, placeholder = known
    document_id = str(response.get(id_field, ""))
    if not document_id:
        return response
    if placeholder is not None:
        store.put_if_absent(document_id, placeholder)
    return {**response, "url": f"{base_url}{DOCUMENTS_PREFIX}{quote(document_id, safe='')}"}
