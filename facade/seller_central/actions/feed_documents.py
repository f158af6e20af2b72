"""Feed documents: upload, download, and the whole submit-a-feed workflow (beyond the connector spec).

The spec's feed actions stop at the SP-API calls, but a feed also needs its content uploaded to the
presigned URL of createFeedDocument, and its processing report downloaded from the URL of
getFeedDocument. Both URLs point at Amazon's document store (S3), not at the SP-API host, so these steps
carry no SP-API token; ``documents.DocumentClient`` sends them.

Each action here is a flow: a generator that yields steps (``Call``, ``Upload``, ``Download``, ``Sleep``)
and receives their results, so the sync and the async client run the same body. The inputs are checked
when the action is called, before the first step is yielded.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, NotRequired, TypedDict, cast

import attrs
import httpx
from selling_partner_api.feeds_2021_06_30.api import create_feed as create_feed_op
from selling_partner_api.feeds_2021_06_30.api import create_feed_document as create_feed_document_op
from selling_partner_api.feeds_2021_06_30.api import get_feed as get_feed_op
from selling_partner_api.feeds_2021_06_30.api import get_feed_document as get_feed_document_op

from seller_central import polling, validation
from seller_central.actions._spec import Input, action
from seller_central.actions.feeds import (
    CONTENT_TYPE,
    CREATE_MARKETPLACES,
    FEED_DOCUMENT_ID,
    FEED_OPTIONS,
    FEED_TYPE,
    feed_body,
)
from seller_central.calls import Call, Context, Download, Flow, Upload
from seller_central.connection import _is_loopback
from seller_central.documents import declared_charset
from seller_central.errors import InvalidInputError, OperationFailedError

if TYPE_CHECKING:
    from selling_partner_api.feeds_2021_06_30.models import Feed, FeedDocument

__all__ = [
    "TERMINAL_STATUSES",
    "DownloadFeedDocumentInputs",
    "SubmitFeedInputs",
    "SubmitFeedResult",
    "UploadFeedDocumentInputs",
    "download_feed_document",
    "submit_feed",
    "upload_feed_document",
]

#: getFeed's processingStatus values after which nothing changes any more (the poller's).
TERMINAL_STATUSES = polling.TERMINAL_STATUSES

Content = bytes | str | os.PathLike[str]
Target = str | os.PathLike[str] | IO[bytes]

# -- inputs --------------------------------------------------------------------------------------------------

UPLOAD_URL = Input(
    "URL",
    "The presigned upload URL from Create Feed Document; no SP-API token is sent to it.",
    max_length=validation.MAX_URL,
)
UPLOAD_CONTENT_TYPE = Input("Content Type", "The Content Type given to Create Feed Document (S3 checks it).")
DATA = Input("Data", "The feed content: bytes, or text (encoded in the Content Type's charset, else UTF-8).")
PATH = Input("Path", "A file holding the feed content, streamed instead of Data.")
TARGET = Input("Target", "A file (path or binary file object) to stream the document into; unset: return it.")
CONTENT = Input(
    "Content", "The feed content: bytes, text, or a pathlib.Path to a file (streamed).", positional=True
)
WAIT = Input(
    "Wait", "Wait until Amazon has processed the feed, then fetch its processing report.", default=False
)
POLL_INTERVAL = Input(
    "Poll Interval Seconds",
    "Seconds before the second Get Feed call while waiting (at least 0.5); later pauses grow by half, "
    "up to a minute.",
    default=30.0,
)
TIMEOUT = Input(
    "Timeout Seconds",
    "Give up waiting after this many seconds of polling (the feed itself keeps processing).",
    default=3600.0,
)


@attrs.frozen(kw_only=True)
class SubmitFeedResult:
    """What Submit Feed did: the ids it created and, when it waited, the final feed and its report.

    Attributes:
        feed_id: The feed's id (createFeed).
        feed_document_id: The id of the uploaded input document (createFeedDocument).
        feed: The last Get Feed answer; ``None`` when Submit Feed did not wait.
        status: The last processing status seen (DONE, FATAL, CANCELLED, or the status at the timeout).
        report: The processing report (decompressed), when Amazon wrote one.
        report_json: The report parsed as JSON, when it is JSON (JSON_LISTINGS_FEED reports are).
    """

    feed_id: str
    feed_document_id: str
    feed: Feed | None = None
    status: str | None = None
    report: bytes | None = attrs.field(default=None, repr=False)
    report_json: Any = attrs.field(default=None, repr=False)

    @property
    def is_done(self) -> bool:
        """True when Amazon processed the feed (DONE); the report may still list per-record errors."""
        return self.status == "DONE"

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON values; a JSON report parsed, any other report as text."""
        report: Any = self.report_json
        if report is None and self.report is not None:
            report = self.report.decode("utf-8", errors="replace")
        return {
            "feed_id": self.feed_id,
            "feed_document_id": self.feed_document_id,
            "status": self.status,
            "feed": None if self.feed is None else self.feed.to_dict(),
            "report": report,
        }


# -- checks --------------------------------------------------------------------------------------------------


def _presigned_url(value: Any, *, label: str) -> str:
    """Return an absolute https URL (http only to a loopback host, for local fakes)."""
    text = validation.string(value, label=label).strip()
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL:
        url = None
    secure = url is not None and (url.scheme == "https" or (url.scheme == "http" and _is_loopback(url.host)))
    if url is None or not url.host or not secure:
        msg = f"{label}: expected the absolute https URL that Create Feed Document returned"
        raise InvalidInputError(msg, label=label)
    return text


def _encode(text: str, content_type: str, *, label: str) -> bytes:
    """Encode text in the charset the Content Type names (UTF-8 when it names none)."""
    charset = declared_charset(content_type) or "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        msg = f"{UPLOAD_CONTENT_TYPE.label}: unknown charset {charset!r}"
        raise InvalidInputError(msg, label=UPLOAD_CONTENT_TYPE.label) from None
    try:
        return text.encode(charset)
    except UnicodeEncodeError as exc:
        msg = f"{label}: the text cannot be encoded in {charset} ({exc.reason} at position {exc.start})"
        raise InvalidInputError(msg, label=label) from None


def _file(value: Any, *, label: str) -> Path:
    """Return the path of an existing file (checked now, so nothing is sent for a missing file)."""
    if not isinstance(value, str | os.PathLike) or not str(value).strip():
        msg = f"{label}: expected a file path, got {type(value).__name__}"
        raise InvalidInputError(msg, label=label)
    path = Path(value)
    if not path.is_file():
        msg = f"{label}: {str(path)!r} is not a readable file"
        raise InvalidInputError(msg, label=label)
    return path


def _source(value: Any, content_type: str, *, label: str) -> bytes | Path:
    """Return upload content as bytes (text is encoded) or as a file path to stream."""
    if isinstance(value, os.PathLike):
        return _file(value, label=label)
    if isinstance(value, str):
        value = _encode(value, content_type, label=label)
    if not isinstance(value, bytes | bytearray | memoryview):
        msg = f"{label}: expected bytes, text or a pathlib.Path, got {type(value).__name__}"
        raise InvalidInputError(msg, label=label)
    if not value:
        msg = f"{label}: the feed content is empty"
        raise InvalidInputError(msg, label=label)
    return bytes(value)


def _target(value: Any) -> Path | IO[bytes] | None:
    """Return where to stream a download: a file path whose folder exists, or a writable binary file."""
    if value is None:
        return None
    if isinstance(value, str | os.PathLike):
        path = Path(value)
        if not path.parent.is_dir():
            msg = f"{TARGET.label}: the folder {str(path.parent)!r} does not exist"
            raise InvalidInputError(msg, label=TARGET.label)
        return path
    if callable(getattr(value, "write", None)):
        return cast("IO[bytes]", value)  # a binary file object, checked by duck typing
    msg = f"{TARGET.label}: expected a file path or a binary file object, got {type(value).__name__}"
    raise InvalidInputError(msg, label=TARGET.label)


def _compression(document: FeedDocument) -> str | None:
    algorithm = document.compression_algorithm
    return str(algorithm) if algorithm else None


def _json(report: bytes | None) -> Any:
    if not report:
        return None
    try:
        return json.loads(report)
    except ValueError:
        return None


# -- Upload Feed Document ------------------------------------------------------------------------------------


class UploadFeedDocumentInputs(TypedDict):
    """Inputs of Upload Feed Document (a PUT to the presigned URL)."""

    url: Annotated[str, UPLOAD_URL]
    content_type: Annotated[str, UPLOAD_CONTENT_TYPE]
    data: NotRequired[Annotated[bytes | str, DATA]]
    path: NotRequired[Annotated[str | os.PathLike[str], PATH]]


def _upload(step: Upload) -> Flow[None]:
    yield step


@action(
    "Upload Feed Document",
    group="feeds",
    command="upload",
    operation=None,
    inputs=UploadFeedDocumentInputs,
    in_spec=False,
    doc="Upload feed content to a Create Feed Document URL (no SP-API token is sent).",
)
def upload_feed_document(_ctx: Context, inputs: Mapping[str, Any]) -> Flow[None]:
    """Upload feed content to a Create Feed Document URL, with the same Content-Type (not an SP-API call)."""
    validation.exclusive(inputs, ("data", DATA.label), ("path", PATH.label))
    if "data" not in inputs and "path" not in inputs:
        msg = f"{DATA.label} or {PATH.label} is required for Upload Feed Document"
        raise InvalidInputError(msg, label=DATA.label)
    content_type = validation.content_type(inputs["content_type"], label=UPLOAD_CONTENT_TYPE.label)
    source = (
        _source(inputs["data"], content_type, label=DATA.label)
        if "data" in inputs
        else _file(inputs["path"], label=PATH.label)
    )
    url = _presigned_url(inputs["url"], label=UPLOAD_URL.label)
    return _upload(Upload(url=url, content_type=content_type, source=source))


# -- Download Feed Document ----------------------------------------------------------------------------------


class DownloadFeedDocumentInputs(TypedDict):
    """Inputs of Download Feed Document (getFeedDocument, then a GET of its URL)."""

    feed_document_id: Annotated[str, FEED_DOCUMENT_ID]
    target: NotRequired[Annotated[Target, TARGET]]


def _download(document_id: str, target: Path | IO[bytes] | None) -> Flow[bytes | None]:
    document = yield Call(op=get_feed_document_op, arguments={"feed_document_id": document_id})
    # Download's result: the bytes, or None once streamed to a target.
    content: bytes | None = yield Download(
        url=document.url, compression=_compression(document), target=target
    )
    return content


@action(
    "Download Feed Document",
    group="feeds",
    command="download",
    operation=get_feed_document_op,
    inputs=DownloadFeedDocumentInputs,
    in_spec=False,
    doc="Download a feed document (GZIP inflated): its bytes, or ``None`` once streamed to ``target``.",
)
def download_feed_document(_ctx: Context, inputs: Mapping[str, Any]) -> Flow[bytes | None]:
    """Download a feed document, GZIP inflated (getFeedDocument, then its URL); streamed to Target if set."""
    document_id = validation.string(inputs["feed_document_id"], label=FEED_DOCUMENT_ID.label).strip()
    return _download(document_id, _target(inputs.get("target")))


# -- Submit Feed ---------------------------------------------------------------------------------------------


class SubmitFeedInputs(TypedDict):
    """Inputs of Submit Feed (createFeedDocument, upload, createFeed, then optionally getFeed until done)."""

    feed_type: Annotated[str, FEED_TYPE]
    marketplace_ids: Annotated[Sequence[str] | str, CREATE_MARKETPLACES]
    content: Annotated[Content, CONTENT]
    content_type: Annotated[str, CONTENT_TYPE]
    feed_options: NotRequired[Annotated[Mapping[str, str] | str, FEED_OPTIONS]]
    wait: NotRequired[Annotated[bool, WAIT]]
    poll_interval_seconds: NotRequired[Annotated[float, POLL_INTERVAL]]
    timeout_seconds: NotRequired[Annotated[float, TIMEOUT]]


@attrs.frozen(kw_only=True)
class _Plan:
    content_type: str
    source: bytes | Path = attrs.field(repr=False)
    feed: dict[str, Any]
    wait: bool
    waiting: polling.Waiting


def _feed_job(result: SubmitFeedResult) -> polling.Job:
    """Describe the feed to the poller: getFeed by feed id; at the timeout, the result so far in the error."""

    def timeout(feed_id: str, feed: Feed, waited: float) -> Exception:
        status = str(feed.processing_status)
        msg = (
            f"feed {feed_id} is still {status} after {waited:g} s of waiting; Amazon keeps processing it: "
            "check it later with get_feed"
        )
        return OperationFailedError(msg, result=attrs.evolve(result, feed=feed, status=status))

    return polling.Job(kind="feed", get=get_feed_op, argument="feed_id", timeout=timeout)


def _report(feed: Feed) -> Flow[bytes | None]:
    """Download the feed's processing report, if Amazon wrote one."""
    if not feed.result_feed_document_id:
        return None
    return (yield from _download(feed.result_feed_document_id, None))


def _submit(plan: _Plan) -> Flow[SubmitFeedResult]:
    document = yield Call(
        op=create_feed_document_op,
        arguments={"body": {"contentType": plan.content_type}},
    )
    # A failed upload raises here, in the driver, so createFeed is never sent for a document without content.
    yield Upload(url=document.url, content_type=plan.content_type, source=plan.source)
    body = {**plan.feed, "inputFeedDocumentId": document.feed_document_id}
    created = yield Call(op=create_feed_op, arguments={"body": body})
    result = SubmitFeedResult(feed_id=created.feed_id, feed_document_id=document.feed_document_id)
    if not plan.wait:
        return result
    feed: Feed = yield from polling.poll(_feed_job(result), result.feed_id, plan.waiting)
    report = yield from _report(feed)
    status = str(feed.processing_status)
    result = attrs.evolve(result, feed=feed, status=status, report=report, report_json=_json(report))
    if status != "DONE":
        msg = f"feed {result.feed_id} ended {status}" + ("; see .result.report" if report else "")
        raise OperationFailedError(msg, result=result)
    return result


@action(
    "Submit Feed",
    group="feeds",
    command="submit",
    operation=create_feed_op,
    inputs=SubmitFeedInputs,
    in_spec=False,
    doc="Submit Feed: document, upload, createFeed, and with ``wait`` the outcome and processing report.",
)
def submit_feed(ctx: Context, inputs: Mapping[str, Any]) -> Flow[SubmitFeedResult]:
    """Send a feed in one go: createFeedDocument, upload, createFeed, then optionally getFeed until done.

    Raises:
        OperationFailedError: when waiting, the feed ended FATAL or CANCELLED, or was still processing at
            the timeout; ``result`` holds the feed and the processing report.
    """
    content_type = validation.content_type(inputs["content_type"], label=CONTENT_TYPE.label)
    plan = _Plan(
        content_type=content_type,
        source=_source(inputs["content"], content_type, label=CONTENT.label),
        feed=feed_body(ctx, inputs),
        wait=validation.boolean(inputs["wait"], label=WAIT.label),
        waiting=polling.waiting(
            get_feed_op,
            poll_interval=inputs["poll_interval_seconds"],
            timeout=inputs["timeout_seconds"],
            labels=(POLL_INTERVAL.label, TIMEOUT.label),
        ),
    )
    return _submit(plan)
