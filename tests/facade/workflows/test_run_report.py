"""``run_report`` end to end against the local sandbox, through the sync and the async client.

The sandbox's stateful reports (``seller_central.sandbox.jobs``) go IN_QUEUE -> IN_PROGRESS -> final status,
serve GZIP or plain documents in UTF-8, Cp1252 and Shift_JIS/Windows-31J, and write error documents for
FATAL. Every path of the workflow is run on both clients from the one flow they share.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from seller_central import SellerCentral
from seller_central.errors import (
    DocumentDecodeError,
    InvalidInputError,
    ProcessingFailedError,
    ReportFailedError,
    ReportTimeoutError,
)
from selling_partner_api.schemas.reports import REPORT_MODELS

if TYPE_CHECKING:
    from seller_central.reports import Progress, ReportResult

pytestmark = pytest.mark.xdist_group("reports")

LISTINGS = "GET_MERCHANT_LISTINGS_ALL_DATA"
US, DE, JP = "ATVPDKIKX0DER", "A1PA6795UKMFR9", "A1VC38T7YXB528"
JAPANESE = ["①番 ㈱髙島屋 湯呑み", "急須 ≒ 500ml \uff5e 黒", "箸置き ⅰⅱⅲ 5個"]
GERMAN = ["Müsli-Schüssel \u2013 groß, 20 €", "Crème brûlée set «Deluxe»", 'Übertopf 12" \u2013 grün']


def report(run: Any, marketplace: str = US, **options: str) -> ReportResult:
    return run(
        "run_report",
        report_type=LISTINGS,
        marketplace_ids=[marketplace],
        report_options=options,
        poll_interval=0.5,
    )


def test_a_report_is_created_polled_with_backoff_and_read_as_rows(run: Any):
    """IN_QUEUE -> IN_PROGRESS -> DONE, the pauses growing by half; rows keyed by the header row."""
    seen: list[Progress] = []

    result = run(
        "run_report",
        report_type=LISTINGS,
        marketplace_ids=[US],
        data_start_time="2026-11-01T00:00:00Z",
        poll_interval=0.5,
        progress=seen.append,
    )

    assert [p.processing_status for p in seen] == ["IN_QUEUE", "IN_PROGRESS", "DONE"]
    assert run.sleeps == [0.5, 0.75]
    assert str(result.report.processing_status) == "DONE"
    assert result.report_id == seen[0].job_id
    rows = list(result.rows())
    assert [row["item-name"] for row in rows] == [
        "Café mug ☕ 350 ml",
        "Tea set 茶器 (5 pieces)",
        'Poster 24" \u00d7 36"',
    ]
    assert rows[0] == {
        "seller-sku": "SKU-00001",
        "item-name": "Café mug ☕ 350 ml",
        "asin1": "B000000001",
        "price": "1.99",
        "quantity": "1",
        "open-date": "2026-11-01",
    }


def test_every_poll_stays_inside_get_reports_rate(run: Any):
    """A pause shorter than getReport's rate (2/s) is refused before anything is sent."""
    before = len(run.server.requests)

    with pytest.raises(InvalidInputError) as caught:
        run("run_report", report_type=LISTINGS, marketplace_ids=[US], poll_interval=0.1)

    assert caught.value.label == "poll_interval"
    assert len(run.server.requests) == before


@pytest.mark.parametrize(
    ("marketplace", "options", "titles", "encoding"),
    [
        (DE, {}, GERMAN, "cp1252"),  # Cp1252 declared, GZIP
        (DE, {"sandboxDeclare": "false", "sandboxCompression": "NONE"}, GERMAN, "cp1252"),  # from the table
        (JP, {}, JAPANESE, "cp932"),  # Windows-31J declared
        (JP, {"sandboxCharset": "Shift_JIS"}, JAPANESE, "cp932"),  # Shift_JIS read as cp932 (NEC/IBM chars)
        (JP, {"sandboxDeclare": "false"}, JAPANESE, "cp932"),  # from the table
        (US, {"sandboxCompression": "NONE"}, None, "utf-8-sig"),
    ],
)
def test_documents_decode_in_the_declared_charset_or_the_marketplace_default(
    run: Any, marketplace: str, options: dict[str, str], titles: list[str] | None, encoding: str
):
    result = report(run, marketplace, **options)

    assert result.encoding == encoding
    names = [row["item-name"] for row in result.rows()]
    if titles is not None:
        assert names == titles
    assert "\ufffd" not in result.text()


def test_a_charset_argument_replaces_the_marketplace_default(run: Any):
    """A German report Amazon wrote in UTF-8 without saying so reads right with charset="UTF-8"."""
    result = run(
        "run_report",
        report_type=LISTINGS,
        marketplace_ids=[DE],
        report_options={"sandboxCharset": "UTF-8", "sandboxDeclare": "false"},
        charset="UTF-8",
        poll_interval=0.5,
    )

    assert result.encoding == "utf-8-sig"
    assert next(row["item-name"] for row in result.rows()) == "Café mug ☕ 350 ml"


def test_save_writes_the_original_bytes_decompressed_and_open_streams_them(run: Any, tmp_path: Path):
    result = report(run, JP)
    served = run.stored(result)

    saved = result.save(tmp_path / "report.txt")

    assert served.startswith(b"\x1f\x8b")  # the sandbox served GZIP
    assert saved.read_bytes() == gzip.decompress(served)
    with result.open() as handle:
        assert handle.read() == gzip.decompress(served)
    assert "①".encode("cp932") in saved.read_bytes()  # the bytes stay cp932: nothing re-encoded


def test_an_undecodable_byte_names_the_report_and_its_offset(run: Any):
    result = report(run, DE, sandboxBadByte="true")
    content = result.path.read_bytes()
    offset = content.index(b"\x81")

    with pytest.raises(DocumentDecodeError) as caught:
        list(result.rows())

    assert (caught.value.offset, caught.value.encoding) == (offset, "cp1252")
    assert f"report {result.report_id}" in str(caught.value)
    assert f"offset {offset}" in str(caught.value)


@pytest.mark.parametrize(("marketplace", "bad"), [(US, b"\xff"), (JP, b"\x81\x7f")])
def test_errors_replace_reads_on_past_an_undecodable_byte(run: Any, marketplace: str, bad: bytes):
    result = report(run, marketplace, sandboxBadByte="true")
    with pytest.raises(DocumentDecodeError) as caught:
        result.text()
    assert caught.value.offset == result.path.read_bytes().index(bad)

    rows = list(result.rows(errors="replace"))

    assert len(rows) == 3
    assert rows[1]["item-name"].startswith("\ufffd")


def test_errors_replace_can_be_chosen_for_the_whole_run(run: Any):
    result = run(
        "run_report",
        report_type=LISTINGS,
        marketplace_ids=[US],
        report_options={"sandboxBadByte": "true"},
        errors="replace",
        poll_interval=0.5,
    )

    assert "\ufffd" in result.text()


def test_fatal_raises_with_the_decoded_error_document(run: Any):
    with pytest.raises(ReportFailedError) as caught:
        report(run, sandboxOutcome="FATAL")

    error = caught.value
    assert (error.processing_status, error.no_data) == ("FATAL", False)
    assert error.reason is not None
    assert error.reason.startswith(f"The report {LISTINGS} could not be generated")
    assert error.report_id.startswith("LOCAL")
    assert isinstance(error, ProcessingFailedError)


def test_cancelled_for_lack_of_data_is_told_apart_from_a_cancellation(run: Any):
    with pytest.raises(ReportFailedError) as no_data:
        report(run, sandboxOutcome="CANCELLED")
    with SellerCentral(run.connection) as api:
        created = api.reports_2021_06_30.create_report(
            body={"reportType": LISTINGS, "marketplaceIds": [US], "reportOptions": {"sandboxPolls": "5"}}
        )
    run.cancel(created.report_id)
    with pytest.raises(ReportFailedError) as cancelled:
        run("run_report", report_id=created.report_id, poll_interval=0.5)

    assert (no_data.value.processing_status, no_data.value.no_data) == ("CANCELLED", True)
    assert "no data" in str(no_data.value)
    assert (cancelled.value.processing_status, cancelled.value.no_data) == ("CANCELLED", False)


def test_a_timeout_carries_the_report_id_and_the_report_resumes(run: Any):
    with pytest.raises(ReportTimeoutError) as caught:
        run(
            "run_report",
            report_type=LISTINGS,
            marketplace_ids=[US],
            report_options={"sandboxPolls": "4"},
            poll_interval=0.5,
            timeout=1,
        )
    error = caught.value
    assert error.processing_status == "IN_PROGRESS"
    assert sum(run.sleeps) == pytest.approx(1.0)

    result = run("run_report", report_id=error.report_id, poll_interval=0.5)

    assert result.report_id == error.report_id
    assert len(list(result.rows())) == 3


def test_a_json_report_decodes_as_json_and_names_its_schema(run: Any):
    result = run(
        "run_report",
        report_type="GET_SALES_AND_TRAFFIC_REPORT",
        marketplace_ids=[DE],
        data_start_time="2026-11-01",
        data_end_time="2026-11-02",
        poll_interval=0.5,
    )

    document = result.json()
    assert document["reportSpecification"]["reportType"] == "GET_SALES_AND_TRAFFIC_REPORT"
    assert document["salesAndTrafficByDate"][0]["salesByDate"]["unitsOrdered"] == 5
    assert result.schema_files == ("sellerSalesAndTrafficReport.json",)
    assert result.encoding == "utf-8-sig"  # JSON is UTF-8 even for a German marketplace


def test_the_temporary_file_goes_on_close_and_a_named_path_stays(run: Any, tmp_path: Path):
    temporary = report(run)
    kept_path = tmp_path / "kept.tsv"
    kept = run("run_report", report_type=LISTINGS, marketplace_ids=[US], path=kept_path, poll_interval=0.5)

    assert temporary.path.exists()
    with temporary:
        pass
    kept.close()

    assert not temporary.path.exists()
    assert kept.path == kept_path
    assert kept_path.exists()


@pytest.mark.parametrize(
    ("options", "label"),
    [
        ({"report_id": "R1", "report_type": LISTINGS}, "report_id"),
        ({"report_type": LISTINGS}, "marketplace_ids"),
        ({"marketplace_ids": [US]}, "report_type"),
        ({"report_type": LISTINGS, "marketplace_ids": ["nope"]}, "marketplace_ids"),
        (
            {"report_type": LISTINGS, "marketplace_ids": [US], "data_start_time": "yesterday"},
            "data_start_time",
        ),
        (
            {
                "report_type": LISTINGS,
                "marketplace_ids": [US],
                "data_start_time": "2026-11-02",
                "data_end_time": "2026-11-01",
            },
            "data_end_time",
        ),
        ({"report_type": LISTINGS, "marketplace_ids": [US], "charset": "klingon"}, "charset"),
        ({"report_type": LISTINGS, "marketplace_ids": [US], "errors": "ignore"}, "errors"),
        ({"report_type": LISTINGS, "marketplace_ids": [US], "timeout": -1}, "timeout"),
        ({"report_type": LISTINGS, "marketplace_ids": [US], "progress": "bar"}, "progress"),
        ({"report_type": LISTINGS, "marketplace_ids": [US], "colour": "red"}, "colour"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_sent(run: Any, options: dict[str, Any], label: str):
    before = len(run.server.requests)

    with pytest.raises(InvalidInputError) as caught:
        run("run_report", **options)

    assert caught.value.label == label
    assert len(run.server.requests) == before


def test_a_json_report_reads_as_the_model_generated_from_its_schema(run: Any):
    """model() gives the typed document: the sales-and-traffic schema's classes, nothing left over."""
    result = run(
        "run_report",
        report_type="GET_SALES_AND_TRAFFIC_REPORT",
        marketplace_ids=[DE],
        data_start_time="2026-11-01",
        data_end_time="2026-11-02",
        poll_interval=0.5,
    )

    typed = result.model()
    assert isinstance(typed, REPORT_MODELS["sellerSalesAndTrafficReport"])
    assert typed.additional_properties == {}
    assert typed.sales_and_traffic_by_date[0].sales_by_date.units_ordered == 5
    assert typed.report_specification.report_type == "GET_SALES_AND_TRAFFIC_REPORT"
    assert typed.to_dict() == result.json()


def test_a_flat_file_report_has_no_model_and_says_to_read_rows(run: Any):
    """A flat file has no schema: model() names the report type and points at rows()."""
    result = run(
        "run_report",
        report_type="GET_MERCHANT_LISTINGS_ALL_DATA",
        marketplace_ids=[DE],
        poll_interval=0.5,
    )

    with pytest.raises(
        InvalidInputError, match=r"GET_MERCHANT_LISTINGS_ALL_DATA has no JSON schema.*rows\(\)"
    ):
        result.model()
