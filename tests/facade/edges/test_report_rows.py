"""Flat-file rows at the edges: line ends, block boundaries, BOM, ragged rows, empty documents.

These pin what ``ReportResult.rows()`` did before it decoded byte blocks itself (issue "performance round
2"); the property test compares it with a plain line-by-line reading of the same document, with blocks small
enough that rows, line ends and characters straddle them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seller_central import reports
from seller_central.errors import DocumentDecodeError
from seller_central.reports import ReportResult
from selling_partner_api.reports_2021_06_30.models import Report, ReportDocument

BLOCK = 64 * 1024


def result(path: Path, content: bytes, encoding: str = "utf-8-sig") -> ReportResult:
    path.write_bytes(content)
    report = Report.from_dict(
        {
            "reportId": "R1",
            "reportType": "GET_MERCHANT_LISTINGS_ALL_DATA",
            "createdTime": "2026-11-01T00:00:00Z",
            "processingStatus": "DONE",
        }
    )
    document = ReportDocument.from_dict({"reportDocumentId": "D1", "url": "https://example.com/d"})
    return ReportResult(
        report=report, document=document, path=path, owned=False, content_type=None, encoding=encoding
    )


def rows(tmp_path: Path, content: bytes, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    return list(result(tmp_path / "report.txt", content, encoding).rows())


@pytest.mark.parametrize("cr_at", [BLOCK - 1, BLOCK + len("sku\tqty\r\n") - 1])
def test_a_crlf_split_across_blocks_ends_its_line(tmp_path: Path, cr_at: int):
    header = b"sku\tqty\r\n"
    first = b"A\t" + b"1" * (cr_at - len(header) - 2) + b"\r\n"
    content = header + first + b"B\t2\r\n"
    assert content[cr_at : cr_at + 2] == b"\r\n"

    assert rows(tmp_path, content) == [{"sku": "A", "qty": "1" * (len(first) - 4)}, {"sku": "B", "qty": "2"}]


@pytest.mark.parametrize("last", [b"B\t2", b"B\t2\r"])
def test_the_last_line_needs_no_line_end(tmp_path: Path, last: bytes):
    assert rows(tmp_path, b"sku\tqty\r\nA\t1\r\n" + last) == [
        {"sku": "A", "qty": "1"},
        {"sku": "B", "qty": "2"},
    ]


def test_a_utf8_byte_order_mark_is_not_part_of_the_first_column(tmp_path: Path):
    assert rows(tmp_path, b"\xef\xbb\xbfsku\tqty\nA\t1\n") == [{"sku": "A", "qty": "1"}]


@pytest.mark.parametrize("content", [b"", b"sku\tqty", b"sku\tqty\n", b"sku\tqty\r\n", b"\nsku\tqty\nA\t1\n"])
def test_no_rows_without_a_line_after_the_header(tmp_path: Path, content: bytes):
    """An empty document, a header alone, and one that starts with a blank line have no rows."""
    assert rows(tmp_path, content) == []


def test_a_lone_cr_ends_the_header_as_readline_sees_it(tmp_path: Path):
    assert rows(tmp_path, b"sku\tqty\rA\t1\n") == [{"sku": "A", "qty": "1"}]


def test_short_rows_are_padded_blank_lines_skipped_and_a_long_row_far_down_is_named(tmp_path: Path):
    body = b"A\t1\n" * 40_000 + b"\nB\n"  # the blank line and the short row come after the first block
    content = b"sku\tqty\n" + body + b"C\t3\textra\n"

    with pytest.raises(DocumentDecodeError) as caught:
        list(result(tmp_path / "report.txt", content).rows())
    short = rows(tmp_path, b"sku\tqty\n" + body)

    assert caught.value.line == 40_004
    assert len(short) == 40_001
    assert short[-1] == {"sku": "B", "qty": ""}


def test_in_a_one_column_file_a_blank_line_is_an_empty_row(tmp_path: Path):
    assert rows(tmp_path, b"sku\nA\n\nB\n") == [{"sku": "A"}, {"sku": ""}, {"sku": "B"}]


def test_a_repeated_header_keeps_the_last_field(tmp_path: Path):
    assert rows(tmp_path, b"sku\tsku\tqty\nA\tB\t1\n") == [{"sku": "B", "qty": "1"}]


def test_quotes_and_spaces_are_kept_as_they_are(tmp_path: Path):
    content = b'title\tnote\n"Mug, 12"" wide"\t  two spaces \n'

    assert rows(tmp_path, content) == [{"title": '"Mug, 12"" wide"', "note": "  two spaces "}]


def test_a_character_split_across_blocks_decodes_and_a_bad_byte_far_down_is_located(tmp_path: Path):
    header = b"h\tn\n"
    first = b"a\t" + b"x" * (BLOCK - len(header) - 3) + "é".encode() + b"\n"  # é straddles the first block
    good = header + first + "b\t日本\n".encode()
    assert good[BLOCK - 1 : BLOCK + 1] == "é".encode()

    assert [row["n"] for row in rows(tmp_path, good)] == ["x" * (BLOCK - len(header) - 3) + "é", "日本"]
    bad = good + b"c\t\xff\n"
    with pytest.raises(DocumentDecodeError) as caught:
        rows(tmp_path, bad)
    assert caught.value.offset == bad.index(b"\xff")


def test_an_incomplete_character_at_the_end_is_an_error_unless_replaced(tmp_path: Path):
    content = "h\tn\nb\t日".encode() + "本".encode()[:2]

    with pytest.raises(DocumentDecodeError) as caught:
        rows(tmp_path, content)
    replaced = list(result(tmp_path / "report.txt", content).rows(errors="replace"))

    assert caught.value.offset == len(content) - 2
    assert replaced == [{"h": "b", "n": "日\ufffd"}]


def test_cp932_and_cp1252_rows(tmp_path: Path):
    japanese = "商品名\t数量\n髙橋①\t1\n".encode("cp932")
    european = "Größe\tPreis\nS\t9,99 €\n".encode("cp1252")

    assert rows(tmp_path, japanese, "cp932") == [{"商品名": "髙橋①", "数量": "1"}]
    assert rows(tmp_path, european, "cp1252") == [{"Größe": "S", "Preis": "9,99 €"}]


# -- against a line-by-line reading ---------------------------------------------------------------------------

FIELD = st.text(st.characters(blacklist_characters="\t\r\n", blacklist_categories=("Cs",)), max_size=6)


def by_lines(content: bytes) -> list[dict[str, str]]:
    """The rows as the docstring describes them, read one line at a time."""
    lines = content.decode("utf-8-sig").replace("\r\n", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()
    if not lines or not lines[0]:
        return []
    keys = lines[0].split("\t")
    out = []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) > len(keys):
            raise AssertionError(number)
        if fields == [""] and len(keys) > 1:
            continue
        out.append(dict(zip(keys, fields + [""] * (len(keys) - len(fields)), strict=True)))
    return out


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    keys = draw(st.lists(FIELD.filter(bool), min_size=1, max_size=4, unique=True))
    lines = ["\t".join(keys)]
    for _ in range(draw(st.integers(0, 12))):
        width = draw(st.integers(0, len(keys) + 1))
        lines.append("\t".join(draw(st.lists(FIELD, min_size=width, max_size=width))))
    ends = draw(st.lists(st.sampled_from(["\n", "\r\n"]), min_size=len(lines), max_size=len(lines)))
    text = "".join(line + end for line, end in zip(lines, ends, strict=True))
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return ("\ufeff" if draw(st.booleans()) else "").encode() + text.encode()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=documents(), block=st.integers(1, 9))
def test_rows_match_a_line_by_line_reading_whatever_the_block_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, block: int
):
    monkeypatch.setattr(reports, "_BLOCK", block)
    try:
        expected: list[dict[str, str]] | int = by_lines(content)
    except AssertionError as long_row:
        expected = long_row.args[0]

    if isinstance(expected, int):
        with pytest.raises(DocumentDecodeError) as caught:
            rows(tmp_path, content)
        assert caught.value.line == expected
    else:
        assert rows(tmp_path, content) == expected
