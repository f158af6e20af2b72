"""Reports and Data Kiosk queries as one call each: create, wait, download, decode.

Both APIs run a job on Amazon's side: ``createReport`` / ``createQuery`` start it, ``getReport`` /
``getQuery`` tell its ``processingStatus`` (``IN_QUEUE``, ``IN_PROGRESS``, then ``DONE``, ``FATAL`` or
``CANCELLED``), and a finished job points at a document on a presigned URL. One implementation serves both:
:func:`seller_central.polling.poll` waits (as it does for feeds), :func:`_fetch` downloads a
document (GZIP inflated) into a file, and :func:`_failure_reason` reads a FATAL job's error document. The
flows yield :class:`~seller_central.calls.Call`, :class:`~seller_central.calls.Sleep` and
:class:`~seller_central.calls.Download` steps, so :class:`~seller_central.SellerCentral` and
:class:`~seller_central.AsyncSellerCentral` drive the same body (``api.run_report(...)``,
``await api.run_report(...)``).

The document is kept in a file (a temporary one unless ``path=`` names one), so memory stays flat whatever
its size: :class:`ReportResult` reads it as rows, text or JSON, streams it (``open()``), or copies it
(``save()``).

Character sets. Amazon declares a report's charset only in the ``Content-Type`` of its download, in Java's
names. They map to Python codecs (:data:`JAVA_CHARSETS`): ``Cp1252`` is cp1252, and ``Windows-31J`` and
``Shift_JIS`` are both read as cp932, Microsoft's Shift_JIS, which also has the NEC and IBM extension
characters (①, ≒, 髙) that Japanese reports contain and strict Shift_JIS lacks. When nothing is declared
(Amazon documents no default), the charset comes from :data:`MARKETPLACE_CHARSETS` by the report's first
marketplace (cp1252 for the European marketplaces, cp932 for Japan, UTF-8 elsewhere); ``charset=`` replaces
that guess. No character is ever replaced silently: an undecodable byte raises
:class:`~seller_central.errors.DocumentDecodeError` naming the report and the byte's offset, unless the
caller asks for ``errors="replace"``.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import itertools
import json
import os
import shutil
import tempfile
import weakref
from collections.abc import Iterator, Mapping, Sequence
from itertools import repeat
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import IO, TYPE_CHECKING, Any, Literal, NotRequired, Self, TypedDict

import attrs
from selling_partner_api.data_kiosk_2023_11_15.api import create_query as create_query_op
from selling_partner_api.data_kiosk_2023_11_15.api import get_document as get_kiosk_document_op
from selling_partner_api.data_kiosk_2023_11_15.api import get_query as get_query_op
from selling_partner_api.reports_2021_06_30.api import create_report as create_report_op
from selling_partner_api.reports_2021_06_30.api import get_report as get_report_op
from selling_partner_api.reports_2021_06_30.api import get_report_document as get_report_document_op

from seller_central import polling, validation
from seller_central.calls import Call, Context, Download, Flow
from seller_central.documents import declared_charset
from seller_central.errors import (
    DataKioskQueryFailedError,
    DataKioskQueryTimeoutError,
    DocumentDecodeError,
    InvalidInputError,
    ReportFailedError,
    ReportTimeoutError,
)
from seller_central.polling import TERMINAL_STATUSES, Progress, ProgressCallback

if TYPE_CHECKING:
    import datetime

    from selling_partner_api.data_kiosk_2023_11_15.models import Query
    from selling_partner_api.reports_2021_06_30.models import Report, ReportDocument
    from selling_partner_api.types import Model

__all__ = [
    "DEFAULT_CHARSET",
    "JAVA_CHARSETS",
    "JSON_REPORT_SCHEMAS",
    "MARKETPLACE_CHARSETS",
    "TERMINAL_STATUSES",
    "DataKioskResult",
    "Progress",
    "ReportResult",
    "RunDataKioskQueryOptions",
    "RunReportOptions",
    "codec_for",
    "declared_charset",
    "run_data_kiosk_query",
    "run_report",
]


#: Java charset names (as Amazon declares them, compared without case) and the Python codec that reads them.
#: Windows-31J and Shift_JIS both map to cp932: Amazon's Japanese reports use the NEC and IBM extension
#: characters of Microsoft's Shift_JIS, which Python's strict ``shift_jis`` codec refuses.
JAVA_CHARSETS: Mapping[str, str] = MappingProxyType(
    {
        "cp1252": "cp1252",
        "windows-1252": "cp1252",
        "windows-31j": "cp932",
        "ms932": "cp932",
        "cp932": "cp932",
        "shift_jis": "cp932",
        "shift-jis": "cp932",
        "sjis": "cp932",
        "x-sjis": "cp932",
        "utf-8": "utf-8-sig",
        "utf8": "utf-8-sig",
        "iso-8859-1": "latin-1",
        "iso8859_1": "latin-1",
        "us-ascii": "ascii",
        "utf-16": "utf-16",
    }
)

#: The codec for documents whose download declares no charset, by marketplace id (Amazon documents no
#: default): cp1252 for the European marketplaces whose languages it covers, cp932 for Japan; any other
#: marketplace reads as UTF-8 (:data:`DEFAULT_CHARSET`). ``run_report(charset=...)`` overrides the table.
MARKETPLACE_CHARSETS: Mapping[str, str] = MappingProxyType(
    {
        "A1F83G8C2ARO7P": "cp1252",  # United Kingdom
        "A1PA6795UKMFR9": "cp1252",  # Germany
        "A13V1IB3VIYZZH": "cp1252",  # France
        "APJ6JRA9NG5V4": "cp1252",  # Italy
        "A1RKKUPIHCS9HS": "cp1252",  # Spain
        "A1805IZSGTT6HS": "cp1252",  # Netherlands
        "A2NODRKZP88ZB9": "cp1252",  # Sweden
        "AMEN7PMS3EDWL": "cp1252",  # Belgium
        "A28R8C7NBKEWEA": "cp1252",  # Ireland
        "A1VC38T7YXB528": "cp932",  # Japan
    }
)
#: The codec when neither the download nor the table says (North America and the other marketplaces).
DEFAULT_CHARSET = "utf-8-sig"

#: Report types whose document is JSON with a schema in Amazon's models repository (``schemas/reports``,
#: pinned in ``specs/schemas/reports``): each type is the one its schema file names (the ``reportType`` of
#: its example report specification, or its description), with one exception: the schema of
#: GET_V2_SELLER_PERFORMANCE_REPORT (accountHealthReport-2020-11-18) names no report type, and the tie comes
#: from Amazon's report type documentation (performance reports: "JSON", that schema). A report type that both
#: sellers and vendors request has one schema for each. Two pinned schemas name no report type and Amazon's
#: documentation ties them to none we can confirm (b2bProductOpportunitiesNotYetOnAmazonReport-2020-11-19,
#: b2bProductOpportunitiesRecommendedForYouReport-2020-11-19): they are not mapped, and their models are in
#: ``REPORT_MODELS`` under their file names.
JSON_REPORT_SCHEMAS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "GET_V2_SELLER_PERFORMANCE_REPORT": ("accountHealthReport-2020-11-18.json",),  # from Amazon's docs
        "END_USER_DATA_REPORT": ("endUserDataReport.json",),
        "MARKETPLACE_ASIN_PAGE_VIEW_METRICS": ("marketplaceAsinPageViewMetrics.json",),
        "GET_PROMOTION_PERFORMANCE_REPORT": ("promotionReport.json",),
        "GET_COUPON_PERFORMANCE_REPORT": ("sellerCouponReport.json", "vendorCouponReport.json"),
        "GET_SALES_AND_TRAFFIC_REPORT": ("sellerSalesAndTrafficReport.json",),
        "GET_BRAND_ANALYTICS_MARKET_BASKET_REPORT": ("sellingPartnerMarketBasketAnalysisReport.json",),
        "GET_BRAND_ANALYTICS_REPEAT_PURCHASE_REPORT": ("sellingPartnerRepeatPurchaseReport.json",),
        "GET_BRAND_ANALYTICS_SEARCH_CATALOG_PERFORMANCE_REPORT": (
            "sellingPartnerSearchCatalogPerformanceReport.json",
        ),
        "GET_BRAND_ANALYTICS_SEARCH_QUERY_PERFORMANCE_REPORT": (
            "sellingPartnerSearchQueryPerformanceReport.json",
        ),
        "GET_BRAND_ANALYTICS_SEARCH_TERMS_REPORT": ("sellingPartnerSearchTermsReport.json",),
        "GET_VENDOR_FORECASTING_REPORT": ("vendorForecastingReport.json",),
        "GET_VENDOR_INVENTORY_REPORT": ("vendorInventoryReport.json",),
        "GET_VENDOR_NET_PURE_PRODUCT_MARGIN_REPORT": ("vendorNetPureProductMarginReport.json",),
        "GET_VENDOR_REAL_TIME_INVENTORY_REPORT": ("vendorRealTimeInventoryReport.json",),
        "GET_VENDOR_REAL_TIME_SALES_REPORT": ("vendorRealTimeSalesReport.json",),
        "GET_VENDOR_REAL_TIME_TRAFFIC_REPORT": ("vendorRealTimeTrafficReport.json",),
        "GET_VENDOR_SALES_REPORT": ("vendorSalesReport.json",),
        "GET_VENDOR_TRAFFIC_REPORT": ("vendorTrafficReport.json",),
    }
)

Errors = Literal["strict", "replace"]
_ERRORS = ("strict", "replace")
_DEFAULT_INTERVAL = 5.0
_DEFAULT_TIMEOUT = 3600.0
#: The most of an error document kept as a failure's reason.
_MAX_REASON = 4000
_LOCATE_CHUNK = 1024 * 1024
#: Bytes :meth:`ReportResult.rows` decodes and splits at a time (small enough to stay in the CPU cache).
_BLOCK = 64 * 1024


# -- charsets ------------------------------------------------------------------------------------------------


def _python_codec(name: str) -> str | None:
    """Return the Python codec for a Java (or Python) charset name, or ``None`` when neither knows it."""
    key = name.strip().lower()
    if key in JAVA_CHARSETS:
        return JAVA_CHARSETS[key]
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def codec_for(declared: str | None, marketplace_ids: Sequence[str] = (), default: str | None = None) -> str:
    """Return the Python codec to read a document with.

    The declared charset wins (mapped by :data:`JAVA_CHARSETS`); without one, ``default`` (the caller's
    ``charset=``), else :data:`MARKETPLACE_CHARSETS` by the first marketplace, else UTF-8.

    Raises:
        DocumentDecodeError: the declared charset is one neither Java's names nor Python know.
    """
    if declared:
        codec = _python_codec(declared)
        if codec is None:
            msg = (
                f"the document declares the charset {declared!r}, which seller-central cannot map to a codec"
            )
            raise DocumentDecodeError(msg, document="document", encoding=declared)
        return codec
    if default:
        return _python_codec(default) or default
    for marketplace_id in marketplace_ids:
        return MARKETPLACE_CHARSETS.get(marketplace_id, DEFAULT_CHARSET)
    return DEFAULT_CHARSET


def _locate(path: Path, codec: str) -> tuple[int, str]:
    """Return the offset of the first byte ``codec`` cannot decode in the file, and the codec's reason."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    fed = 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(_LOCATE_CHUNK)
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                # The decoder decodes what it kept from the last chunk followed by this one.
                return fed - pending + exc.start, exc.reason
            if not chunk:
                return fed, "incomplete character at the end"
            fed += len(chunk)


# -- results -------------------------------------------------------------------------------------------------


class _Kept:
    """Files downloaded for a result: removed on :meth:`close` (or garbage collection) unless the caller's."""

    def __init__(self, paths: Sequence[Path], *, owned: bool) -> None:
        self.paths = tuple(paths)
        self._finalizer = weakref.finalize(self, _remove, self.paths) if owned else None

    def close(self) -> None:
        """Remove the temporary files (a ``path=`` the caller named stays)."""
        if self._finalizer is not None:
            self._finalizer()

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _remove(paths: Sequence[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


@attrs.frozen(kw_only=True)
class _Reading:
    """How a result decodes: the codec chosen, the caller's errors handling, and what to call the document."""

    codec: str
    errors: Errors
    name: str


def _decode_failure(path: Path, reading: _Reading, codec: str) -> DocumentDecodeError:
    offset, reason = _locate(path, codec)
    msg = (
        f"{reading.name}: the byte at offset {offset} is not valid {codec} ({reason}); nothing was replaced. "
        'Pass errors="replace" to read on, or another charset.'
    )
    return DocumentDecodeError(msg, document=reading.name, encoding=codec, offset=offset)


class ReportResult(_Kept):
    """A finished report: the typed report, its document, and the document's bytes in a file.

    Use it as a context manager (or call :meth:`close`) to remove the temporary file at once; otherwise it
    goes when the result is garbage collected. A file named by ``run_report(path=...)`` is kept.

    Attributes:
        report: The last ``getReport`` answer (``processing_status`` ``DONE``).
        document: The ``getReportDocument`` answer (URL, compression).
        path: The file holding the document, decompressed (the bytes Amazon wrote).
        content_type: The Content-Type the download declared.
        encoding: The Python codec :meth:`rows` and :meth:`text` decode with (see the module docstring).
        errors: ``"strict"`` (an undecodable byte raises) or ``"replace"``.
    """

    def __init__(
        self,
        *,
        report: Report,
        document: ReportDocument,
        path: Path,
        owned: bool,
        content_type: str | None,
        encoding: str,
        errors: Errors = "strict",
    ) -> None:
        super().__init__((path,), owned=owned)
        self.report = report
        self.document = document
        self.path = path
        self.content_type = content_type
        self.encoding = encoding
        self.errors: Errors = errors

    def __repr__(self) -> str:
        return (
            f"ReportResult(report_id={self.report.report_id!r}, report_type={self.report.report_type!r}, "
            f"path={str(self.path)!r}, encoding={self.encoding!r})"
        )

    def __enter__(self) -> Self:
        return self

    @property
    def report_id(self) -> str:
        """The report's id."""
        return str(self.report.report_id)

    @property
    def schema_files(self) -> tuple[str, ...]:
        """The JSON schema files (``specs/schemas/reports``) of this report type; empty for flat files."""
        return JSON_REPORT_SCHEMAS.get(str(self.report.report_type), ())

    def _reading(self, encoding: str | None, errors: Errors | None) -> _Reading:
        codec = _python_codec(encoding) or encoding if encoding else self.encoding
        chosen = errors or self.errors
        if chosen not in _ERRORS:
            msg = f"errors must be 'strict' or 'replace', got {chosen!r}"
            raise InvalidInputError(msg, label="errors")
        return _Reading(codec=codec or self.encoding, errors=chosen, name=f"report {self.report_id}")

    def open(self) -> IO[bytes]:
        """Open the document (decompressed) for reading in binary, streamed from its file."""
        return self.path.open("rb")

    @contextlib.contextmanager
    def _text(self, reading: _Reading) -> Iterator[IO[str]]:
        with io.TextIOWrapper(self.open(), encoding=reading.codec, errors=reading.errors, newline="") as text:
            try:
                yield text
            except UnicodeDecodeError:
                raise _decode_failure(self.path, reading, reading.codec) from None

    def lines(self, *, encoding: str | None = None, errors: Errors | None = None) -> Iterator[str]:
        """Yield the document's decoded lines (line ends removed), streamed."""
        reading = self._reading(encoding, errors)
        with self._text(reading) as text:
            for line in text:
                yield line.rstrip("\r\n")

    def rows(self, *, encoding: str | None = None, errors: Errors | None = None) -> Iterator[dict[str, str]]:
        """Yield each row of a tab-delimited flat file as a dict keyed by the header row, streamed.

        Lines end with LF or CRLF (the last line may lack one); a UTF-8 byte order mark is
        dropped. Fields are split on tabs and never unquoted: Amazon's flat files have no quoting convention,
        so a ``"`` is part of the field (``12" wide`` stays as it is) and a field cannot hold a tab or a line
        break. A row with fewer fields than the header gets ``""`` for the missing ones; blank lines are
        skipped (except in a one-column file, where a blank line is a row whose one field is empty). A
        document that is empty or starts with a blank line has no rows; a header repeated in the header
        row keeps the last of its fields.

        Raises:
            DocumentDecodeError: a byte the charset cannot decode (``offset``; unless ``errors="replace"``),
                or a row with more fields than the header (``line``).
        """
        # rows/s: the rows come out of C iterators (chain over each block's map), with no Python frame
        # resumed per row; the reading, and its checks, still start at the first next().
        return itertools.chain.from_iterable(self._row_blocks(encoding, errors))

    def _row_blocks(self, encoding: str | None, errors: Errors | None) -> Iterator[Iterator[dict[str, str]]]:
        """Yield the rows :meth:`rows` reads, as one iterator for each block of lines."""
        reading = self._reading(encoding, errors)
        chunks = _decoded(self.path, reading)
        header, rest = _header(chunks)
        if not header:
            return
        keys = header.split("\t")
        even = {len(keys)}
        done = 1  # lines read so far (the header)
        for lines in _blocks(chunks, rest):
            # rows/s: split and build the dicts with C-level iteration; a block whose rows do not all have
            # the header's width takes the careful path.
            rows = list(map(str.split, lines, repeat("\t")))
            if set(map(len, rows)) == even:
                yield map(dict, map(zip, repeat(keys), rows))
            else:
                yield _uneven(rows, keys, reading, done)
            done += len(lines)

    def text(self, *, encoding: str | None = None, errors: Errors | None = None) -> str:
        """Return the whole document decoded (for small reports; use :meth:`rows` or :meth:`lines` else)."""
        reading = self._reading(encoding, errors)
        with self._text(reading) as text:
            return text.read()

    def json(self, *, encoding: str | None = None, errors: Errors | None = None) -> Any:
        """Return the document parsed as JSON (JSON reports: see :attr:`schema_files`)."""
        return json.loads(self.text(encoding=encoding, errors=errors))

    def model(self, *, encoding: str | None = None, errors: Errors | None = None) -> Model:
        """Return a JSON report's document as the typed model generated from Amazon's schema for it.

        The classes are generated from ``schemas/reports`` (``selling_partner_api.schemas.reports``); a report
        type with a seller and a vendor schema (coupons) is read with the one whose fields the document
        fills without leftovers. Fields the schema does not name stay in ``additional_properties``.

        Raises:
            InvalidInputError: the report type has no JSON schema (a flat file: use :meth:`rows`).
        """
        from selling_partner_api.schemas.reports import REPORT_MODELS  # noqa: PLC0415 (loaded on first use)

        files = self.schema_files
        if not files:
            msg = (
                f"report type {self.report.report_type} has no JSON schema in Amazon's models; read it with "
                "rows(), lines() or text()"
            )
            raise InvalidInputError(msg, label="Report Type")
        document = self.json(encoding=encoding, errors=errors)
        candidates = [REPORT_MODELS[file.removesuffix(".json")].from_dict(document) for file in files]
        return next((model for model in candidates if not model.additional_properties), candidates[0])

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the document (the bytes Amazon wrote, decompressed) to ``path``; return the path."""
        target = Path(path)
        if target.resolve() != self.path.resolve():
            shutil.copyfile(self.path, target)
        return target


def _decoded(path: Path, reading: _Reading) -> Iterator[str]:
    """Yield a document's text, decoded a block of bytes at a time (an undecodable byte located exactly)."""
    # rows/s: one incremental decoder over large byte blocks costs less than half of TextIOWrapper.read
    # (which decodes 8 KiB at a time and keeps snapshots for tell()); the same codec and errors= either way.
    decoder = codecs.getincrementaldecoder(reading.codec)(reading.errors)
    with path.open("rb") as raw:
        try:
            while block := raw.read(_BLOCK):
                if text := decoder.decode(block):
                    yield text
            if text := decoder.decode(b"", final=True):
                yield text
        except UnicodeDecodeError:
            raise _decode_failure(path, reading, reading.codec) from None


def _header(chunks: Iterator[str]) -> tuple[str, str]:
    """Return the first line (its end removed: LF, CRLF or a lone CR, as readline sees it) and the rest."""
    text = ""
    for chunk in chunks:
        text += chunk
        end = min((text.find(mark) for mark in "\r\n" if mark in text), default=-1)
        if end != -1 and (text[end] == "\n" or end + 1 < len(text)):
            break
    else:
        return text.rstrip("\r\n"), ""
    after = end + 2 if text.startswith("\r\n", end) else end + 1
    return text[:end].rstrip("\r\n"), text[after:]


def _blocks(chunks: Iterator[str], rest: str) -> Iterator[list[str]]:
    """Yield the rest of a document's text as lists of lines (line ends removed), a block at a time."""
    for chunk in chunks:
        text = rest + chunk
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        lines = text.split("\n")
        rest = lines.pop()
        yield lines
    if rest:
        if "\r" in rest:
            rest = rest.replace("\r\n", "\n")
        lines = rest.split("\n")
        rest = lines.pop()
        if rest:
            lines.append(rest.removesuffix("\r"))
        yield lines


def _uneven(rows: list[list[str]], keys: list[str], reading: _Reading, done: int) -> Iterator[dict[str, str]]:
    """Yield rows one by one: blank lines skipped, short rows padded with "", a long row an error."""
    width = len(keys)
    for index, fields in enumerate(rows):
        if len(fields) > width:
            number = done + index + 1
            msg = f"{reading.name}: line {number} has {len(fields)} fields; the header has {width}"
            raise DocumentDecodeError(msg, document=reading.name, encoding=reading.codec, line=number)
        if len(fields) < width:
            if fields == [""]:
                continue
            yield dict(zip(keys, [*fields, *[""] * (width - len(fields))], strict=True))
        else:
            yield dict(zip(keys, fields, strict=True))


class DataKioskResult(_Kept):
    """A finished Data Kiosk query: its records, read from the JSONL documents of every page.

    Iterate it (``for record in result``) or call :meth:`records`; a query with no data has no documents
    and yields nothing. Close it (or use it as a context manager) to remove the temporary files.

    Attributes:
        queries: The last ``getQuery`` answer of each page (one per ``createQuery``).
        paths: The documents, one file per page, in order.
    """

    def __init__(self, *, queries: Sequence[Query], paths: Sequence[Path], owned: bool) -> None:
        super().__init__(paths, owned=owned)
        self.queries = tuple(queries)

    def __repr__(self) -> str:
        ids = [str(query.query_id) for query in self.queries]
        return f"DataKioskResult(query_ids={ids!r}, documents={len(self.paths)})"

    def __enter__(self) -> Self:
        return self

    @property
    def query(self) -> Query:
        """The first page's query (its id is the one ``createQuery`` returned)."""
        return self.queries[0]

    def __iter__(self) -> Iterator[Any]:
        return self.records()

    def records(self) -> Iterator[Any]:
        """Yield each record (one JSON value per line of the JSONL documents), streamed."""
        for path in self.paths:
            reading = _Reading(codec="utf-8-sig", errors="strict", name=f"Data Kiosk document {path.name}")
            with path.open("rb") as handle:
                for number, raw in enumerate(handle, start=1):
                    if not raw.strip():
                        continue
                    try:
                        yield json.loads(raw)
                    except UnicodeDecodeError:
                        raise _decode_failure(path, reading, reading.codec) from None
                    except ValueError as exc:
                        msg = f"{reading.name}: line {number} is not JSON ({exc})"
                        raise DocumentDecodeError(
                            msg, document=reading.name, encoding=reading.codec, line=number
                        ) from None

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write every page's document, one after the other, to ``path`` (JSONL); return the path."""
        target = Path(path)
        with target.open("wb") as out:
            for part in self.paths:
                with part.open("rb") as handle:
                    shutil.copyfileobj(handle, out)
        return target


# -- the shared machinery ------------------------------------------------------------------------------------


def _report_timeout(report_id: str, report: Any, waited: float) -> Exception:
    return ReportTimeoutError(
        report_id=report_id, processing_status=str(report.processing_status), waited_seconds=waited
    )


def _query_timeout(query_id: str, query: Any, waited: float) -> Exception:
    return DataKioskQueryTimeoutError(
        query_id=query_id, processing_status=str(query.processing_status), waited_seconds=waited
    )


_REPORT = polling.Job(kind="report", get=get_report_op, argument="report_id", timeout=_report_timeout)
_QUERY = polling.Job(kind="Data Kiosk query", get=get_query_op, argument="query_id", timeout=_query_timeout)


def _new_path(directory: Path | None, prefix: str) -> Path:
    handle, name = tempfile.mkstemp(prefix=prefix, dir=directory)
    os.close(handle)
    return Path(name)


def _fetch(url: str, compression: str | None, target: Path) -> Flow[str | None]:
    """Download a document (GZIP inflated) into ``target``; return the Content-Type it was served with."""
    _, content_type = yield Download(url=url, compression=compression, target=target, with_content_type=True)
    return content_type  # type: ignore[no-any-return]  # the Download pair's second item is str | None


def _failure_reason(url: str, compression: str | None, marketplace_ids: Sequence[str]) -> Flow[str]:
    """Download a FATAL job's error document and return its message (``errorDetails`` when JSON)."""
    content, content_type = yield Download(url=url, compression=compression, with_content_type=True)
    codec = codec_for(declared_charset(content_type), marketplace_ids)
    text = bytes(content or b"").decode(codec, errors="replace").strip()
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        for key in ("errorDetails", "errorMessage", "message", "error"):
            if isinstance(parsed.get(key), str) and parsed[key].strip():
                text = parsed[key].strip()
                break
    return text[:_MAX_REASON]


def _waiting(options: Mapping[str, Any], get: ModuleType) -> polling.Waiting:
    interval = options.get("poll_interval")
    timeout = options.get("timeout")
    return polling.waiting(
        get,
        poll_interval=_DEFAULT_INTERVAL if interval is None else interval,
        timeout=_DEFAULT_TIMEOUT if timeout is None else timeout,
        progress=options.get("progress"),
    )


def _errors(value: Any) -> Errors:
    if value is None:
        return "strict"
    if value not in _ERRORS:
        msg = f"errors: 'strict' (an undecodable byte raises) or 'replace', got {value!r}"
        raise InvalidInputError(msg, label="errors")
    return value  # type: ignore[no-any-return]  # checked against the two literals


def _directory_or_file(value: Any, label: str) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str | os.PathLike) or not str(value).strip():
        msg = f"{label}: expected a file path, got {type(value).__name__}"
        raise InvalidInputError(msg, label=label)
    path = Path(value)
    if not path.parent.is_dir():
        msg = f"{label}: the folder {str(path.parent)!r} does not exist"
        raise InvalidInputError(msg, label=label)
    return path


# -- run_report ----------------------------------------------------------------------------------------------


class _WaitOptions(TypedDict):
    """The waiting options of both jobs (reports and Data Kiosk queries), all read by :func:`_waiting`."""

    poll_interval: NotRequired[float]
    timeout: NotRequired[float]
    progress: NotRequired[ProgressCallback]


class RunReportOptions(_WaitOptions):
    """The keyword arguments of ``run_report`` (the same on both clients).

    Either ``report_type`` with ``marketplace_ids`` (and optionally the data window and options) to create a
    report, or ``report_id`` to resume waiting for one created earlier (a timeout's ``report_id``).
    """

    report_type: NotRequired[str]
    marketplace_ids: NotRequired[Sequence[str] | str]
    data_start_time: NotRequired[str | datetime.datetime]
    data_end_time: NotRequired[str | datetime.datetime]
    report_options: NotRequired[Mapping[str, str]]
    report_id: NotRequired[str]
    charset: NotRequired[str]
    errors: NotRequired[Errors]
    path: NotRequired[str | os.PathLike[str]]


_REPORT_KEYS = frozenset(RunReportOptions.__annotations__)


@attrs.frozen(kw_only=True)
class _ReportPlan:
    body: dict[str, Any] | None
    report_id: str | None
    waiting: polling.Waiting
    charset: str | None
    errors: Errors
    path: Path | None


def _unknown(options: Mapping[str, Any], known: frozenset[str], what: str) -> None:
    unknown = sorted(set(options) - known)
    if unknown:
        msg = f"{what}: unknown argument {unknown[0]!r} (known: {', '.join(sorted(known))})"
        raise InvalidInputError(msg, label=unknown[0])


def _report_body(ctx: Context, options: Mapping[str, Any]) -> dict[str, Any]:
    if "report_type" not in options or "marketplace_ids" not in options:
        missing = "report_type" if "report_type" not in options else "marketplace_ids"
        msg = f"{missing} is required to create a report (or pass report_id= to resume one)"
        raise InvalidInputError(msg, label=missing)
    body: dict[str, Any] = {
        "reportType": validation.string(options["report_type"], label="report_type").strip(),
        "marketplaceIds": validation.marketplace_ids(
            options["marketplace_ids"], ctx, label="marketplace_ids", max_items=25
        ),
    }
    # Compared as times, not as text: "...T00:00:00.5Z" sorts before "...T00:00:00Z" as text, yet is later.
    times = {
        key: validation.instant(options[key], label=key)
        for key in ("data_start_time", "data_end_time")
        if options.get(key) is not None
    }
    for key, field in (("data_start_time", "dataStartTime"), ("data_end_time", "dataEndTime")):
        if key in times:
            body[field] = validation.date_time(times[key], ctx, label=key)
    start, end = times.get("data_start_time"), times.get("data_end_time")
    if start is not None and end is not None and end < start:
        msg = f"data_end_time ({body['dataEndTime']}) is before data_start_time ({body['dataStartTime']})"
        raise InvalidInputError(msg, label="data_end_time")
    if options.get("report_options"):
        body["reportOptions"] = validation.string_map(options["report_options"], label="report_options")
    return body


def run_report(ctx: Context, options: Mapping[str, Any]) -> Flow[ReportResult]:
    """Return the flow of ``run_report``, its arguments checked now (nothing is sent for a bad one).

    Raises:
        InvalidInputError: an unknown or missing argument, both ``report_id`` and a report to create, a bad
            marketplace id, date, interval (faster than getReport's rate), timeout, charset or errors.
    """
    _unknown(options, _REPORT_KEYS, "run_report")
    report_id = options.get("report_id")
    creating = any(options.get(key) is not None for key in ("report_type", "marketplace_ids"))
    if report_id is not None and creating:
        msg = "report_id resumes an existing report: pass it without report_type and marketplace_ids"
        raise InvalidInputError(msg, label="report_id")
    charset = options.get("charset")
    if charset is not None and _python_codec(validation.string(charset, label="charset")) is None:
        msg = f"charset: {charset!r} is neither a Java charset name Amazon uses nor a Python codec"
        raise InvalidInputError(msg, label="charset")
    plan = _ReportPlan(
        body=None if report_id is not None else _report_body(ctx, options),
        report_id=None if report_id is None else validation.string(report_id, label="report_id").strip(),
        waiting=_waiting(options, get_report_op),
        charset=charset,
        errors=_errors(options.get("errors")),
        path=_directory_or_file(options.get("path"), "path"),
    )
    return _run_report(plan)


def _run_report(plan: _ReportPlan) -> Flow[ReportResult]:
    if plan.report_id is None:
        created = yield Call(op=create_report_op, arguments={"body": plan.body})
        report_id = str(created.report_id)
    else:
        report_id = plan.report_id
    report: Report = yield from polling.poll(_REPORT, report_id, plan.waiting)
    status = str(report.processing_status)
    marketplace_ids = list(report.marketplace_ids or ())
    document_id = report.report_document_id or None
    if status != "DONE" or document_id is None:
        reason = None
        if document_id is not None:
            error_document = yield Call(
                op=get_report_document_op, arguments={"report_document_id": document_id}
            )
            reason = yield from _failure_reason(
                error_document.url, _compression(error_document), marketplace_ids
            )
        # Amazon cancels a report with no data once it started processing; a cancellation on request can
        # only happen before that.
        no_data = status == "CANCELLED" and bool(report.processing_start_time)
        raise ReportFailedError(report_id=report_id, processing_status=status, reason=reason, no_data=no_data)
    document: ReportDocument = yield Call(
        op=get_report_document_op, arguments={"report_document_id": document_id}
    )
    target = plan.path or _new_path(None, f"seller-central-report-{report_id}-")
    try:
        content_type = yield from _fetch(document.url, _compression(document), target)
    except BaseException:
        if plan.path is None:
            target.unlink(missing_ok=True)
        raise
    default = plan.charset
    if default is None and str(report.report_type) in JSON_REPORT_SCHEMAS:
        default = "utf-8"  # JSON is UTF-8 (RFC 8259), whatever the marketplace
    encoding = codec_for(declared_charset(content_type), marketplace_ids, default)
    return ReportResult(
        report=report,
        document=document,
        path=target,
        owned=plan.path is None,
        content_type=content_type,
        encoding=encoding,
        errors=plan.errors,
    )


def _compression(document: Any) -> str | None:
    algorithm = getattr(document, "compression_algorithm", None)
    return str(algorithm) if algorithm else None


# -- run_data_kiosk_query ------------------------------------------------------------------------------------


class RunDataKioskQueryOptions(_WaitOptions):
    """The keyword arguments of ``run_data_kiosk_query`` (the same on both clients).

    ``query`` (a GraphQL query of the Data Kiosk schemas) to create one, or ``query_id`` to resume one.
    """

    query: NotRequired[str]
    query_id: NotRequired[str]
    directory: NotRequired[str | os.PathLike[str]]


_QUERY_KEYS = frozenset(RunDataKioskQueryOptions.__annotations__)


@attrs.frozen(kw_only=True)
class _QueryPlan:
    query: str | None
    query_id: str | None
    waiting: polling.Waiting
    directory: Path | None


def run_data_kiosk_query(ctx: Context, options: Mapping[str, Any]) -> Flow[DataKioskResult]:  # noqa: ARG001
    """Return the flow of ``run_data_kiosk_query``, its arguments checked now.

    Raises:
        InvalidInputError: an unknown argument, neither or both of ``query`` and ``query_id``, a bad
            interval or timeout, or a ``directory`` that is not one.
    """
    _unknown(options, _QUERY_KEYS, "run_data_kiosk_query")
    validation.exclusive(options, ("query", "query"), ("query_id", "query_id"))
    if options.get("query") is None and options.get("query_id") is None:
        msg = "query (a Data Kiosk GraphQL query) or query_id (to resume one) is required"
        raise InvalidInputError(msg, label="query")
    directory = options.get("directory")
    if directory is not None and not Path(directory).is_dir():
        msg = f"directory: {str(directory)!r} is not a folder"
        raise InvalidInputError(msg, label="directory")
    query = options.get("query")
    query_id = options.get("query_id")
    plan = _QueryPlan(
        query=None if query is None else validation.string(query, label="query"),
        query_id=None if query_id is None else validation.string(query_id, label="query_id").strip(),
        waiting=_waiting(options, get_query_op),
        directory=None if directory is None else Path(directory),
    )
    return _run_query(plan)


def _kiosk_document(document_id: str) -> Call[Any]:
    return Call(op=get_kiosk_document_op, arguments={"document_id": document_id})


def _query_failed(query: Query) -> Flow[DataKioskQueryFailedError]:
    """Return the error of a query that ended FATAL or CANCELLED, with its error document's message."""
    reason = None
    if query.error_document_id:
        found = yield _kiosk_document(query.error_document_id)
        reason = yield from _failure_reason(found.document_url, None, ())
    status = str(query.processing_status)
    return DataKioskQueryFailedError(query_id=str(query.query_id), processing_status=status, reason=reason)


def _run_query(plan: _QueryPlan) -> Flow[DataKioskResult]:
    paths: list[Path] = []
    try:
        queries = yield from _query_pages(plan, paths)
    except BaseException:
        _remove(paths)  # a later page failed: the documents of earlier pages go too
        raise
    return DataKioskResult(queries=queries, paths=paths, owned=plan.directory is None)


def _query_pages(plan: _QueryPlan, paths: list[Path]) -> Flow[list[Query]]:
    """Run the query page by page (createQuery again with each paginationToken), downloading to ``paths``."""
    queries: list[Query] = []
    token: str | None = None
    while True:
        if queries or plan.query_id is None:
            body: dict[str, Any] = {"query": plan.query if plan.query is not None else queries[0].query}
            if token:
                body["paginationToken"] = token
            created = yield Call(op=create_query_op, arguments={"body": body})
            query_id = str(created.query_id)
        else:
            query_id = plan.query_id
        query: Query = yield from polling.poll(_QUERY, query_id, plan.waiting)
        queries.append(query)
        if str(query.processing_status) != "DONE":
            raise (yield from _query_failed(query))
        if query.data_document_id:  # absent when the query found no data
            found = yield _kiosk_document(query.data_document_id)
            target = _new_path(plan.directory, f"seller-central-query-{query_id}-")
            paths.append(target)
            yield from _fetch(found.document_url, None, target)
        token = (query.pagination.next_token if query.pagination else None) or None
        if not token:
            return queries
