"""Reading report documents without a server: the charset table, flat-file rows, and the JSON schema table."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from seller_central import reports
from seller_central.errors import DocumentDecodeError, InvalidInputError
from seller_central.reports import ReportResult, codec_for, declared_charset
from selling_partner_api.reports_2021_06_30.models import Report, ReportDocument
from selling_partner_api.schemas.reports import REPORT_MODELS

SCHEMAS = Path(__file__).resolve().parents[3] / "specs" / "schemas" / "reports"


def result(
    tmp_path: Path, content: bytes, encoding: str = "utf-8-sig", report_type: str = "X"
) -> ReportResult:
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    report = Report.from_dict(
        {
            "reportId": "R1",
            "reportType": report_type,
            "createdTime": "2026-11-01T00:00:00Z",
            "processingStatus": "DONE",
            "reportDocumentId": "D1",
        }
    )
    document = ReportDocument.from_dict({"reportDocumentId": "D1", "url": "https://example.com/d"})
    return ReportResult(
        report=report, document=document, path=path, owned=False, content_type=None, encoding=encoding
    )


@pytest.mark.parametrize(
    ("content_type", "declared", "codec"),
    [
        ("text/plain;charset=Cp1252", "Cp1252", "cp1252"),
        ("text/plain; charset=Windows-31J", "Windows-31J", "cp932"),
        ('text/plain; charset="Shift_JIS"', "Shift_JIS", "cp932"),
        ("text/plain;charset=UTF-8", "UTF-8", "utf-8-sig"),
        ("text/plain;charset=windows-1252", "windows-1252", "cp1252"),
    ],
)
def test_java_charset_names_map_to_python_codecs(content_type: str, declared: str, codec: str):
    assert declared_charset(content_type) == declared
    assert codec_for(declared_charset(content_type), ["ATVPDKIKX0DER"]) == codec


@pytest.mark.parametrize(
    ("marketplace", "codec"),
    [
        ("A1PA6795UKMFR9", "cp1252"),  # Germany
        ("A1F83G8C2ARO7P", "cp1252"),  # United Kingdom
        ("A1VC38T7YXB528", "cp932"),  # Japan
        ("ATVPDKIKX0DER", "utf-8-sig"),  # United States
        ("A2EUQ1WTGCTBG2", "utf-8-sig"),  # Canada
    ],
)
def test_an_undeclared_charset_comes_from_the_marketplace_table(marketplace: str, codec: str):
    assert codec_for(None, [marketplace]) == codec
    assert codec_for(None, [marketplace], "Cp1252") == "cp1252"  # the caller's override wins


def test_a_declared_charset_no_codec_knows_is_an_error_not_a_guess():
    with pytest.raises(DocumentDecodeError) as caught:
        codec_for("x-klingon", ["ATVPDKIKX0DER"])

    assert "x-klingon" in str(caught.value)


def test_cp932_reads_the_nec_and_ibm_extensions_that_shift_jis_refuses():
    text = "①㈱≒髙"
    data = text.encode("cp932")

    assert data.decode(codec_for("Shift_JIS")) == text
    with pytest.raises(UnicodeDecodeError):
        data.decode("shift_jis")


def test_rows_split_on_tabs_only_and_never_unquote(tmp_path: Path):
    content = b'sku\ttitle\tprice\r\nA\t"Quoted" 12" title\t1.00\r\n\r\nB\tshort\n'
    rows = list(result(tmp_path, content).rows())

    assert rows == [
        {"sku": "A", "title": '"Quoted" 12" title', "price": "1.00"},
        {"sku": "B", "title": "short", "price": ""},  # a missing last field is empty; the blank line skipped
    ]


def test_a_row_with_more_fields_than_the_header_names_its_line(tmp_path: Path):
    content = b"sku\tprice\nA\t1\nB\t2\textra\n"

    with pytest.raises(DocumentDecodeError) as caught:
        list(result(tmp_path, content).rows())

    assert caught.value.line == 3
    assert "report R1" in str(caught.value)


def test_the_offset_of_a_bad_byte_is_exact_beyond_the_first_megabyte(tmp_path: Path):
    body = ("Größe\t€\n" * 200_000).encode("cp1252")
    content = b"h1\th2\n" + body + b"x\t\x81\n"

    with pytest.raises(DocumentDecodeError) as caught:
        list(result(tmp_path, content, "cp1252").rows())

    assert caught.value.offset == len(content) - 2


def test_an_empty_document_has_no_rows_and_errors_must_be_strict_or_replace(tmp_path: Path):
    empty = result(tmp_path, b"")

    assert list(empty.rows()) == []
    with pytest.raises(InvalidInputError):
        list(empty.rows(errors="ignore"))  # type: ignore[arg-type]


def test_an_encoding_argument_reads_a_mislabelled_document(tmp_path: Path):
    wrong = result(tmp_path, "k\nMüsli\n".encode("cp1252"), "utf-8-sig")

    assert [row["k"] for row in wrong.rows(encoding="Cp1252")] == ["Müsli"]


def test_every_mapped_schema_file_exists():
    """(A schema file that names no report type stays unmapped: tests/facade/edges/test_json_report_schemas.py.)"""
    on_disk = {path.name for path in SCHEMAS.glob("*.json")}
    mapped = {name for names in reports.JSON_REPORT_SCHEMAS.values() for name in names}

    assert on_disk, SCHEMAS
    assert mapped - on_disk == set()


def test_a_schema_that_names_its_report_type_is_mapped_from_that_type():
    """Where a schema's text names its reportType, the table agrees (the others follow Amazon's docs)."""
    for report_type, names in reports.JSON_REPORT_SCHEMAS.items():
        for name in names:
            text = (SCHEMAS / name).read_text(encoding="utf-8")
            named = set(re.findall(r"\b(?:GET|END|MARKETPLACE)_[A-Z0-9_]+\b", text))
            if named:
                assert report_type in named, (report_type, name, named)


def test_json_returns_the_decoded_document(tmp_path: Path):
    document = {"reportSpecification": {"reportType": "GET_SALES_AND_TRAFFIC_REPORT"}, "x": "Größe"}
    json_report = result(tmp_path, json.dumps(document).encode(), report_type="GET_SALES_AND_TRAFFIC_REPORT")

    assert json_report.json() == document
    assert json_report.schema_files == ("sellerSalesAndTrafficReport.json",)


def test_the_offset_counts_a_character_split_across_two_reads(tmp_path: Path):
    """A UTF-8 character whose bytes straddle the locator's 1 MiB reads does not shift the offset."""
    content = b"h\n" + b"a" * (2**20 - 3) + "é".encode() + b"x\xff\n"
    assert content[2**20 - 1 : 2**20 + 1] == "é".encode()

    with pytest.raises(DocumentDecodeError) as caught:
        result(tmp_path, content).text()

    assert caught.value.offset == content.index(b"\xff")


@pytest.mark.parametrize(
    ("items", "stem"), [("coupons", "sellerCouponReport"), ("campaigns", "vendorCouponReport")]
)
def test_a_report_type_with_two_schemas_reads_with_the_one_the_document_fits(
    tmp_path: Path, items: str, stem: str
):
    """GET_COUPON_PERFORMANCE_REPORT has a seller and a vendor schema: the document's keys pick one."""
    document = {"reportSpecification": {"reportType": "GET_COUPON_PERFORMANCE_REPORT"}, items: []}
    coupons = result(tmp_path, json.dumps(document).encode(), report_type="GET_COUPON_PERFORMANCE_REPORT")

    typed = coupons.model()

    assert isinstance(typed, REPORT_MODELS[stem])
    assert typed.additional_properties == {}
    assert typed.to_dict() == document
