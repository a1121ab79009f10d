from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import sys
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.errors import ProvenanceError, UnreadableDocumentError
from provenance.model import Skipped, Submission
from provenance.normalize import normalize
from provenance.read import document_from_text
from provenance.submission_tables import (
    TABLE_SUFFIXES,
    is_table,
    parse_row_path,
    read_table,
    read_table_row,
)

ROWS = [("a1", "The ministry shall publish the budget."), ("b2", "Open all contracts.")]


# --- writing test files -----------------------------------------------------------


def jsonl_bytes(rows: list[object]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in rows)


def csv_text(rows: list[list[object]], header: tuple[str, ...] = ("id", "text")) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def write_table(path: Path, rows: list[tuple[str, str]]) -> Path:
    """``rows`` as the file type its name says."""
    name = path.name.removesuffix(".gz")
    if name.endswith(".parquet"):
        ids, texts = [r[0] for r in rows], [r[1] for r in rows]
        pq.write_table(pa.table({"id": ids, "text": texts}), path)
        return path
    if name.endswith(".csv"):
        return write(path, csv_text([list(r) for r in rows]).encode())
    return write(path, jsonl_bytes([{"id": i, "text": t} for i, t in rows]))


def read(path: Path, **options: object) -> list[Submission | Skipped]:
    return list(read_table(path, lang="en", **options))  # type: ignore[arg-type]


def outcome(items: list[Submission | Skipped]) -> list[tuple[str, str]]:
    """``(id, text)`` for submissions and ``(path, reason)`` for skipped rows, in order."""
    return [(i.id, i.text) if isinstance(i, Submission) else (i.path, i.reason) for i in items]


# --- names and row paths ----------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("letter.txt", False),
        ("comments.jsonl", True),
        ("comments.ndjson", True),
        ("Export.CSV", True),
        ("dump.csv.gz", True),
        ("dump.JSONL.GZ", True),
        ("data.parquet", True),
        ("data.parquet.gz", False),
        ("archive.gz", False),
        (".jsonl", False),
        ("dir.csv/letter.txt", False),
    ],
)
def test_is_table(name: str, expected: bool) -> None:
    assert is_table(name) is expected
    assert is_table(Path(name)) is expected


def test_suffixes_are_all_tables() -> None:
    assert all(is_table("x" + s) for s in TABLE_SUFFIXES)


@pytest.mark.parametrize(
    "path, expected",
    [
        ("letter.txt", None),
        ("x.jsonl#row=12", ("x.jsonl", 12)),
        ("dir/with#hash/x.csv.gz#row=1", ("dir/with#hash/x.csv.gz", 1)),
        ("x.parquet#row=100000", ("x.parquet", 100000)),
        ("x.jsonl#row=0", None),
        ("x.jsonl#row=01", None),
        ("x.jsonl#row=", None),
        ("x.jsonl#row=3 ", None),
        ("letter.txt#row=3", None),
        ("#row=3", None),
    ],
)
def test_parse_row_path(path: str, expected: tuple[str, int] | None) -> None:
    assert parse_row_path(path) == expected


# --- happy paths ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["c.jsonl", "c.ndjson", "c.csv", "c.parquet", "c.jsonl.gz", "c.ndjson.gz", "c.csv.gz"]
)
def test_each_format_reads_its_rows_in_order(tmp_path: Path, name: str) -> None:
    path = write_table(tmp_path / name, ROWS)
    items = read(path)
    assert outcome(items) == ROWS
    for n, (item, (_, text)) in enumerate(zip(items, ROWS), start=1):
        assert isinstance(item, Submission)
        assert item.document.path == f"{path}#row={n}"
        assert item.document.sha256 == hashlib.sha256(text.encode()).hexdigest()
        assert read_table_row(path, n) == text


def test_empty_files_give_nothing_or_say_why(tmp_path: Path) -> None:
    assert read(write(tmp_path / "e.jsonl", b"\n\n")) == []
    assert read(write(tmp_path / "h.csv", b"id,text\r\n")) == []
    empty_csv = write(tmp_path / "e.csv", b"")
    assert outcome(read(empty_csv)) == [(str(empty_csv), "no header row: the file is empty")]


def test_texts_are_normalised_and_language_detected(tmp_path: Path) -> None:
    raw = "  시민 참여를\r\n보장하여야   한다  "
    path = write(tmp_path / "k.jsonl", jsonl_bytes([{"id": "k", "text": raw}]))
    [item] = list(read_table(path))
    assert isinstance(item, Submission)
    assert item.document == document_from_text(raw, path=f"{path}#row=1")
    assert item.document.lang == "ko"


def test_jsonl_bom_blank_lines_and_other_fields(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + jsonl_bytes([{"text": "First.", "id": "a", "author": "x"}])
    data += b"\n   \r\n" + jsonl_bytes([{"id": "b", "text": "Second."}])
    path = write(tmp_path / "b.jsonl", data)
    assert outcome(read(path)) == [("a", "First."), ("b", "Second.")]
    assert [i.document.path for i in read(path)] == [f"{path}#row=1", f"{path}#row=2"]
    assert read_table_row(path, 2) == "Second."


def test_jsonl_bad_utf8_becomes_replacement_character(tmp_path: Path) -> None:
    path = write(tmp_path / "u.jsonl", b'{"id": "a", "text": "caf\xe9 ok"}\n')
    assert outcome(read(path)) == [("a", "caf\ufffd ok")]


def test_jsonl_line_separators_inside_text_do_not_split_rows(tmp_path: Path) -> None:
    text = "one\u2028two\x85three"
    path = write(
        tmp_path / "s.jsonl", jsonl_bytes([{"id": "a", "text": text}, {"id": "b", "text": "x"}])
    )
    assert [i.id for i in read(path) if isinstance(i, Submission)] == ["a", "b"]
    assert read_table_row(path, 1) == text


def test_csv_bom_header_spaces_and_multiline_cells(tmp_path: Path) -> None:
    body = csv_text(
        [["a", "Line one\r\nline two"], ["b", 'She said "no", twice.']], (" id ", "text ")
    )
    path = write(tmp_path / "b.csv", "\ufeff".encode() + body.encode())
    assert outcome(read(path)) == [("a", "Line one\nline two"), ("b", 'She said "no", twice.')]
    assert read_table_row(path, 1) == "Line one\r\nline two"


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr"])
def test_csv_korean_excel_export(tmp_path: Path, encoding: str) -> None:
    rows = [["1", "시민의 의견을 공개하여야 한다."], ["2", "예산 자료를 매년 공개한다."]]
    path = write(tmp_path / "k.csv", csv_text(rows, ("id", "text")).encode(encoding))
    assert outcome(read(path)) == [("1", rows[0][1]), ("2", rows[1][1])]
    assert read_table_row(path, 2) == rows[1][1]


def test_csv_cp1252_export(tmp_path: Path) -> None:
    text = "Le café – naïve “déjà vu” for €5."
    path = write(tmp_path / "w.csv", csv_text([["1", text]]).encode("cp1252"))
    assert outcome(read(path)) == [("1", text)]


def test_csv_encoding_is_found_past_the_first_line(tmp_path: Path) -> None:
    rows = [[str(i), f"Row {i}, with plain words. " * 20] for i in range(2_000)]
    rows.append(["last", "시민 참여를 보장한다."])
    path = write(tmp_path / "late.csv", csv_text(rows).encode("cp949"))
    assert path.stat().st_size > 2**20  # the Korean comes after the sniffed first MB
    *_, last = read_table(path, lang="en")
    # Only the first MB chooses the codec: later bytes that do not fit become U+FFFD.
    assert isinstance(last, Submission) and "\ufffd" in last.text


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_semicolon_and_tab_separated(tmp_path: Path, delimiter: str) -> None:
    data = f"id{delimiter}text\r\n1{delimiter}Publish, then review.\r\n"
    path = write(tmp_path / "s.csv", data.encode())
    assert outcome(read(path)) == [("1", "Publish, then review.")]


def test_other_column_names(tmp_path: Path) -> None:
    path = write(tmp_path / "o.csv", b"author,comment_id,body\r\nx,c-1,Hello there.\r\n")
    assert outcome(read(path, id_column="comment_id", text_column="body")) == [
        ("c-1", "Hello there.")
    ]
    assert read_table_row(path, 1, id_column="comment_id", text_column="body") == "Hello there."


def test_parquet_numbers_nulls_and_row_groups(tmp_path: Path) -> None:
    table = pa.table(
        {
            "text": ["One.", None, "Three.", "Four.", "Five."],
            "id": [7.0, 8.0, 9.5, None, 10.0],
            "extra": [1, 2, 3, 4, 5],
        }
    )
    path = tmp_path / "n.parquet"
    pq.write_table(table, path, row_group_size=2)
    assert outcome(read(path)) == [
        ("7", "One."),
        (f"{path}#row=2", "empty text"),
        ("9.5", "Three."),
        (f"{path}#row=4", "empty id"),
        ("10", "Five."),
    ]
    assert [read_table_row(path, n) for n in (1, 3, 5)] == ["One.", "Three.", "Five."]
    with pytest.raises(UnreadableDocumentError, match=r"#row=2: empty text"):
        read_table_row(path, 2)


def test_parquet_integer_and_decimal_ids(tmp_path: Path) -> None:
    table = pa.table({"id": pa.array([Decimal("3.00"), Decimal("4.50")]), "text": ["a", "b"]})
    pq.write_table(table, tmp_path / "d.parquet")
    pq.write_table(pa.table({"id": [1, 2], "text": ["a", "b"]}), tmp_path / "i.parquet")
    assert [i.id for i in read(tmp_path / "d.parquet")] == ["3", "4.5"]
    assert [i.id for i in read(tmp_path / "i.parquet")] == ["1", "2"]


# --- bad rows ---------------------------------------------------------------------


def test_jsonl_bad_rows_are_skipped_and_the_rest_read(tmp_path: Path) -> None:
    lines = [
        b'{"id": "a", "text": "Good one."}',
        b'{"id": "b", "text": "unterminated}',
        b'["not", "an", "object"]',
        b'{"id": "c", "body": "wrong field"}',
        b'{"id": "d", "text": null}',
        b'{"id": "e", "text": "   \\n "}',
        b'{"text": "no id"}',
        b'{"id": " ", "text": "blank id"}',
        b'{"id": "a", "text": "Same id again."}',
        b'{"id": "f", "text": 42}',
        b'{"id": true, "text": "bool id"}',
        b'{"id": 7, "text": "Int id."}',
        b'{"id": 7.0, "text": "Float seven."}',
        b'{"id": NaN, "text": "nan id"}',
        b'{"id": "z", "text": "\\u200b"}',
        b"",
        b'{"id": "g", "text": "Good two."}',
    ]
    path = write(tmp_path / "bad.jsonl", b"\n".join(lines) + b"\n")
    at = f"{path}#row="
    assert outcome(read(path)) == [
        ("a", "Good one."),
        (at + "2", "not valid JSON: Unterminated string starting at column 21"),
        (
            at + "3",
            'not a JSON object but an array; each line must be an object such as {"id": ..., "text": ...}',
        ),
        (at + "4", "no 'text' field (fields: id, body); name it with text_column"),
        (at + "5", "empty text"),
        (at + "6", "empty text"),
        (at + "7", "no 'id' field (fields: text); name it with id_column"),
        (at + "8", "empty id"),
        (at + "9", "id 'a' already used at row 1; ids must be unique"),
        (at + "10", "text is not a string but a number"),
        (at + "11", "id is not a string or number but a boolean"),
        ("7", "Int id."),
        (at + "13", "id '7' already used at row 12; ids must be unique"),
        (at + "14", "id is not a finite number (nan)"),
        (at + "15", "empty text"),
        ("g", "Good two."),
    ]
    assert read_table_row(path, 16) == "Good two."  # the blank line is not counted
    with pytest.raises(UnreadableDocumentError, match="#row=2: not valid JSON"):
        read_table_row(path, 2)
    with pytest.raises(UnreadableDocumentError, match="no 'text' field"):
        read_table_row(path, 4)
    assert read_table_row(path, 7) == "no id"  # the text is there; the id is not needed


def test_csv_bad_rows_are_skipped_and_the_rest_read(tmp_path: Path) -> None:
    rows = [
        ["1", "Good one."],
        ["2", ""],
        ["", "No id."],
        ["1", "Again."],
        ["", ""],  # all blank: not a row
        ["3"],  # too short
        ["4", "Good two.", "extra cell"],
    ]
    path = write(tmp_path / "bad.csv", csv_text(rows).encode())
    at = f"{path}#row="
    assert outcome(read(path)) == [
        ("1", "Good one."),
        (at + "2", "empty text"),
        (at + "3", "empty id"),
        (at + "4", "id '1' already used at row 1; ids must be unique"),
        (at + "5", "empty text"),
        ("4", "Good two."),
    ]
    assert read_table_row(path, 6) == "Good two."


def test_text_over_max_bytes_is_skipped(tmp_path: Path) -> None:
    rows = [("a", "x" * 100), ("b", "é" * 60), ("c", "é" * 50), ("d", "short")]
    path = write_table(tmp_path / "big.jsonl", rows)
    assert outcome(read(path, max_bytes=100)) == [
        ("a", "x" * 100),
        (
            f"{path}#row=2",
            "text too large: 120 bytes, over the limit of 100 bytes for one submission (max_bytes)",
        ),
        ("c", "é" * 50),
        ("d", "short"),
    ]


def test_jsonl_line_too_long_is_skipped_without_being_held(tmp_path: Path) -> None:
    huge = {"id": "h", "text": "word " * 300_000}  # 1.5 MB, over 6 * 10 bytes + 1 MB
    path = write(
        tmp_path / "long.jsonl",
        jsonl_bytes([{"id": "a", "text": "A."}, huge, {"id": "b", "text": "B."}]),
    )
    assert outcome(read(path, max_bytes=10)) == [
        ("a", "A."),
        (f"{path}#row=2", "line too long: more than 1.0 MB"),
        ("b", "B."),
    ]


def test_csv_line_too_long_stops_the_file(tmp_path: Path) -> None:
    rows = [["a", "A."], ["h", "word " * 300_000], ["b", "B."]]
    path = write(tmp_path / "long.csv", csv_text(rows).encode())
    items = read(path, max_bytes=10)
    assert outcome(items)[0] == ("a", "A.")
    assert items[1:] == [
        Skipped(
            f"{path}#row=2",
            "line too long: more than 1,048,636 characters; rows from here on are not read",
        )
    ]


# --- files that cannot be read ----------------------------------------------------


@pytest.mark.parametrize("name", ["gone.jsonl", "gone.csv.gz", "gone.parquet"])
def test_missing_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    assert outcome(read(path)) == [(str(path), "cannot open it: No such file or directory")]
    with pytest.raises(ProvenanceError, match="No such file"):
        read_table_row(path, 1)


def test_folder_and_unknown_suffix(tmp_path: Path) -> None:
    folder = tmp_path / "dir.csv"
    folder.mkdir()
    assert outcome(read(folder)) == [(str(folder), "is a folder, not a file")]
    text = write(tmp_path / "a.txt", b"id,text\n1,x\n")
    [skipped] = read(text)
    assert isinstance(skipped, Skipped) and skipped.reason.startswith(
        "not a table; expected .jsonl"
    )


@pytest.mark.parametrize(
    "header, reason",
    [
        ("id,body", "no 'text' column (columns: id, body); name it with text_column"),
        ("text,author", "no 'id' column (columns: text, author); name it with id_column"),
        (
            "a,b",
            "no 'id' or 'text' column (columns: a, b); name them with id_column and text_column",
        ),
    ],
)
def test_csv_missing_column(tmp_path: Path, header: str, reason: str) -> None:
    path = write(tmp_path / "m.csv", f"{header}\r\n1,2\r\n".encode())
    assert outcome(read(path)) == [(str(path), reason)]
    with pytest.raises(UnreadableDocumentError) as e:
        read_table_row(path, 1)
    assert str(e.value) == f"{path}: {reason}"


def test_parquet_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "m.parquet"
    pq.write_table(pa.table({"id": ["1"], "body": ["x"]}), path)
    assert outcome(read(path)) == [
        (str(path), "no 'text' column (columns: id, body); name it with text_column")
    ]


def test_corrupt_parquet(tmp_path: Path) -> None:
    path = write(tmp_path / "c.parquet", b"PAR1 this is not parquet at all " * 10)
    [skipped] = read(path)
    assert isinstance(skipped, Skipped) and skipped.path == str(path)
    assert skipped.reason.startswith("not a readable Parquet file (")
    assert "\n" not in skipped.reason
    with pytest.raises(ProvenanceError, match="not a readable Parquet file"):
        read_table_row(path, 1)


def test_parquet_without_pyarrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_table(tmp_path / "p.parquet", ROWS)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    assert outcome(read(path)) == [
        (str(path), "reading Parquet needs pyarrow: pip install pyarrow")
    ]


def test_not_gzip_despite_the_name(tmp_path: Path) -> None:
    path = tmp_path / "plain.jsonl.gz"
    path.write_bytes(jsonl_bytes([{"id": "a", "text": "x"}]))
    [skipped] = read(path)
    assert isinstance(skipped, Skipped) and skipped.path == str(path)
    assert skipped.reason.startswith("cannot read it: Not a gzipped file")


def test_truncated_gzip_keeps_the_rows_before(tmp_path: Path) -> None:
    rows = [{"id": str(i), "text": os.urandom(200).hex()} for i in range(500)]
    data = gzip.compress(jsonl_bytes(rows))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = read(path)
    *good, last = items
    assert good and all(isinstance(i, Submission) for i in good)
    assert last == Skipped(
        f"{path}#row={len(good) + 1}",
        "cannot read it: Compressed file ended before the end-of-stream marker was reached; "
        "rows from here on are not read",
    )
    with pytest.raises(ProvenanceError, match="Compressed file ended"):
        read_table_row(path, 500)


def test_binary_file_named_csv(tmp_path: Path) -> None:
    path = write(tmp_path / "img.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    [skipped] = read(path)
    assert isinstance(skipped, Skipped) and skipped.path == str(path)
    assert "binary data" in skipped.reason


# --- read_table_row ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["r.jsonl", "r.csv.gz", "r.parquet"])
def test_read_table_row_missing_rows(tmp_path: Path, name: str) -> None:
    path = write_table(tmp_path / name, ROWS)
    with pytest.raises(
        UnreadableDocumentError, match=r"#row=3: no such row: the file has 2 data rows"
    ):
        read_table_row(path, 3)
    with pytest.raises(
        UnreadableDocumentError, match=r"#row=0: no such row: rows are numbered from 1"
    ):
        read_table_row(path, 0)


# --- streaming --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["big.jsonl", "big.jsonl.gz", "big.csv"])
def test_first_row_comes_before_the_file_is_read(tmp_path: Path, name: str) -> None:
    line = "Publish every contract within thirty days of signing it. " * 4
    if name.startswith("big.csv"):
        data = ("id,text\r\n" + "".join(f"{i},{line}\r\n" for i in range(40_000))).encode()
    else:
        data = b"".join(b'{"id": "%d", "text": "%s"}\n' % (i, line.encode()) for i in range(40_000))
    path = write(tmp_path / name, data)
    assert len(data) > 8 * 2**20
    tracemalloc.start()
    try:
        items = read_table(path, lang="en")
        first = next(items)
        peak = tracemalloc.get_traced_memory()[1]
        items.close()
    finally:
        tracemalloc.stop()
    assert isinstance(first, Submission) and first.id == "0"
    assert peak < 4 * 2**20  # the 1 MB encoding sniff of a CSV, at most


def test_rows_added_after_the_first_read_are_seen(tmp_path: Path) -> None:
    path = write_table(tmp_path / "grow.jsonl", ROWS[:1])
    items = read_table(path, lang="en")
    assert isinstance(next(items), Submission)
    with path.open("ab") as f:
        f.write(jsonl_bytes([{"id": "later", "text": "Written after the first row was read."}]))
    assert [i.id for i in items if isinstance(i, Submission)] == ["later"]


# --- property: every format reads back what was written ----------------------------

ids = st.text(alphabet="abcXYZ019-_/. ", min_size=1, max_size=8).map(str.strip).filter(bool)
texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda t: t.strip() and normalize(t).strip()
)
tables = st.lists(st.tuples(ids, texts), max_size=6, unique_by=lambda r: r[0])


@settings(max_examples=25, deadline=None)
@given(rows=tables)
def test_every_format_reads_back_its_rows(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str]]
) -> None:
    folder = tmp_path_factory.mktemp("round")
    expected = [(i, document_from_text(t, lang="en").text) for i, t in rows]
    for name in ("t.jsonl", "t.csv", "t.parquet"):
        path = write_table(folder / name, rows)
        items = read(path)
        assert outcome(items) == expected, name
        for item, (_, text) in zip(items, rows):
            assert isinstance(item, Submission)
            found = parse_row_path(item.document.path or "")
            assert found is not None and found[0] == str(path)
            assert read_table_row(*found) == text


def test_a_released_json_lines_row_reads_its_document_again(tmp_path: Path) -> None:
    from provenance.submission_tables import RowSubmission

    path = tmp_path / "comments.jsonl"
    rows = [{"id": "a", "text": "First  letter.\r\nLine two."}, {"id": "b", "text": "Zweite é"}]
    path.write_text("\ufeff" + "\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    read = [s for s in read_table(path) if isinstance(s, Submission)]
    assert all(isinstance(s, RowSubmission) for s in read)
    before = [s.document for s in read]
    for submission in read:
        submission.release()
    assert [s.document for s in read] == before  # the same normalised text, hash and path
    assert [s.sha256 for s in read] == [d.sha256 for d in before]


def test_a_row_changed_after_reading_is_an_error_not_another_text(tmp_path: Path) -> None:
    path = tmp_path / "comments.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "We ask for open data."}) + "\n")
    [submission] = list(read_table(path))
    assert isinstance(submission, Submission)
    submission.release()  # type: ignore[attr-defined]
    path.write_text(json.dumps({"id": "a", "text": "We ask for closed data"}) + "\n")
    with pytest.raises(UnreadableDocumentError, match="changed since it was read"):
        _ = submission.text


def test_compressed_rows_are_held_as_read(tmp_path: Path) -> None:
    from provenance.submission_tables import RowSubmission

    path = tmp_path / "comments.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "a", "text": "Hello."}) + "\n")
    [submission] = list(read_table(path))
    assert not isinstance(submission, RowSubmission)
