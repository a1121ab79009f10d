"""Read submissions from one table file (JSON Lines, CSV or Parquet), a row at a time.

Large consultations publish their comments as one dump of many thousand rows, each
with an ``id`` and a ``text``, rather than as a file per letter, and such a dump can
run to hundreds of MB. :func:`read_table` streams it: JSON Lines and CSV a line at a
time, Parquet a batch of rows at a time, so memory holds one row (or one batch), never
the file. Each good row becomes a :class:`~provenance.model.Submission` whose id is the
row's id (unique within the file, not across files) and whose document path is the
*row path* ``"<file>#row=<n>"``; :func:`parse_row_path` splits it again and
:func:`read_table_row` gives that row's raw text back, so ``provenance verify`` can
re-hash one row (``Document.sha256`` is the hash of that text's UTF-8).

Rows are numbered from 1 in file order, counting data rows only: the CSV header,
blank lines and CSV rows whose fields are all blank are not counted. A bad row (not
JSON, no text, no id, an id used before, a text over ``max_bytes``) becomes a
:class:`~provenance.model.Skipped` for its row path, and the rows around it are still
read; the first row with an id keeps it. A file that cannot be read at all (missing,
no such column, corrupt, pyarrow not installed) becomes one ``Skipped`` for the file.
If reading fails part way (a truncated ``.gz``), the rows before are kept and one
``Skipped`` for the next row path says that the rest was not read.

Encodings: JSON Lines is UTF-8 (a BOM is allowed; bad bytes become U+FFFD). A CSV
file is UTF-8 with or without a BOM, or, when its first MB is not UTF-8, whatever
:func:`~provenance.encoding.decode_bytes` finds there (CP949 and CP1252 from Excel are
common); later bytes that do not fit become U+FFFD. CSV cells may be separated by
commas, semicolons or tabs: the one under which the header names both columns wins.

Memory: a line longer than ``6 * max_bytes + 1 MB`` (room for any text within the
limit written with JSON ``\\uXXXX`` escapes, plus other fields) is refused before it is
parsed. To read long CSV cells this module raises the process-wide
``csv.field_size_limit`` to that size; it never lowers it.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import itertools
import json
import math
import os
import re
import zlib
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

from .encoding import decode_bytes, printable_name
from .errors import (
    BinaryDocumentError,
    CorruptDocumentError,
    EmptyDocumentError,
    UnreadableDocumentError,
)
from .model import Document, Skipped, Submission
from .read import AUTO, MAX_BYTES, document_from_text, regular_file
from .read_errors import format_size, one_line

if TYPE_CHECKING:
    from pyarrow.parquet import ParquetFile

__all__ = ["TABLE_SUFFIXES", "is_table", "parse_row_path", "read_table", "read_table_row"]

TABLE_SUFFIXES: frozenset[str] = frozenset(
    {".jsonl", ".ndjson", ".csv", ".parquet", ".jsonl.gz", ".ndjson.gz", ".csv.gz"}
)
_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}

# The parquet extra's one package, by its own name: works from a clone too.
_NO_PYARROW = "reading Parquet needs pyarrow: pip install pyarrow"
_ROW_PATH_RE = re.compile(r"(.+)#row=([1-9][0-9]{0,17})", re.DOTALL)
_SNIFF_BYTES = 2**20  # how much of a CSV file decides its encoding
_ROW_SLACK = 2**20  # room on a line for the fields besides the text
_DRAIN_BYTES = 2**20  # a refused line is skipped this much at a time
# Rows per Parquet batch: comments run to a few KB, so a batch stays a few MB.
_BATCH_ROWS = 512
# csv.field_size_limit takes a C long, which is 32 bits on Windows.
_C_LONG_MAX = 2**31 - 1
_DELIMITERS = (",", ";", "\t")
_SHOWN_NAMES = 12  # column names listed in a message before "..."
# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOM_CODECS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class _Missing:
    """The value of a key that a JSON object lacks (unlike ``null``), and why it matters."""

    reason: str


@dataclass(frozen=True, slots=True)
class _Row:
    """One data row as the file holds it, before it is checked.

    ``problem`` is why the row could not be parsed at all, "" if it could.
    """

    number: int  # 1-based, data rows only
    id: object = None
    text: object = None
    problem: str = ""
    offset: int = -1  # where the line starts in an uncompressed JSON Lines file, or -1


def is_table(path: str | os.PathLike[str]) -> bool:
    """Whether a file name ends with one of :data:`TABLE_SUFFIXES`, in any case.

    >>> [is_table(p) for p in ("comments.jsonl", "Export.CSV.gz", "letter.txt", "x.parquet.gz")]
    [True, True, False, False]
    """
    name = os.path.basename(os.fspath(path)).lower()
    return any(name.endswith(s) and len(name) > len(s) for s in TABLE_SUFFIXES)


def parse_row_path(path: str) -> tuple[str, int] | None:
    """Split a row path into the table file and the row number; None for any other path.

    Only a path whose file part is a table (:func:`is_table`) counts as a row path.

    >>> parse_row_path("dump/comments.jsonl#row=12")
    ('dump/comments.jsonl', 12)
    >>> parse_row_path("letter.txt#row=1") is None, parse_row_path("a.csv#row=0") is None
    (True, True)
    """
    match = _ROW_PATH_RE.fullmatch(path)
    if match is None or not is_table(match[1]):
        return None
    return match[1], int(match[2])


def read_table(
    path: str | os.PathLike[str],
    *,
    lang: str = AUTO,
    id_column: str = "id",
    text_column: str = "text",
    max_bytes: int = MAX_BYTES,
) -> Iterator[Submission | Skipped]:
    """Yield a Submission per good row of a table file, in file order, and a Skipped per bad one.

    Never raises for what the file holds: a file that cannot be read at all gives one
    ``Skipped`` for the file. Numeric ids become strings (``7`` and ``7.0`` -> ``"7"``);
    surrounding spaces are dropped from ids. ``lang`` is passed to
    :func:`~provenance.read.document_from_text` for every row; ``max_bytes`` is the
    largest text, in UTF-8 bytes, that one row may hold.
    """
    name = os.fspath(path)
    shown = printable_name(name)
    seen: dict[str, int] = {}
    last = 0
    source = _Source(os.path.abspath(name), text_column, _line_limit(max_bytes))
    with closing(_rows(name, shown, id_column, text_column, _line_limit(max_bytes))) as rows:
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as e:  # anything a reader did not foresee stops only this file
                yield _stopped(shown, last, e)
                return
            last = row.number
            yield _check_row(row, f"{shown}#row={row.number}", seen, lang, max_bytes, source)


@dataclass(frozen=True, slots=True)
class _Source:
    """A JSON Lines file its rows can be read again from."""

    name: str
    text_column: str
    limit: int


class RowSubmission(Submission):
    """A row of an uncompressed JSON Lines file that can let go of its text.

    A docket of a million letters is gigabytes of text, and the run needs most of them
    once, to look through. After :meth:`release` the row keeps its id, and its
    document is read again from the file (one seek and one line) whenever it is asked
    for: the same ``Document``, checked by its SHA-256 against the one read first.
    """

    __slots__ = ("_cached", "_source", "_offset", "_sha256", "_path", "_lang")
    _cached: Document | None
    _source: _Source
    _offset: int
    _sha256: str
    _path: str | None
    _lang: str

    def __init__(self, id: str, document: Document, source: _Source, offset: int) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "_cached", document)
        object.__setattr__(self, "_source", source)
        object.__setattr__(self, "_offset", offset)
        object.__setattr__(self, "_sha256", document.sha256)
        object.__setattr__(self, "_path", document.path)
        object.__setattr__(self, "_lang", document.lang)

    @property  # read-only: the document is the row's
    def document(self) -> Document:
        return self._cached if self._cached is not None else self._read_again()

    @property
    def sha256(self) -> str:  # without reading the row again
        return self._sha256

    def release(self) -> None:
        """Let go of the text; it is read again from the file when next wanted."""
        object.__setattr__(self, "_cached", None)

    @property
    def position(self) -> tuple[str, int]:
        """The table file (absolute path) and the byte offset where the row's line starts."""
        return self._source.name, self._offset

    def _read_again(self) -> Document:
        source = self._source
        where = self._path or source.name
        with open(source.name, "rb") as f:
            f.seek(self._offset)
            line = f.readline(source.limit + 1)
        try:
            value = json.loads(
                line.decode("utf-8-sig" if self._offset == 0 else "utf-8", "replace")
            )
            text = value[source.text_column]
        except (ValueError, KeyError, TypeError) as e:
            raise UnreadableDocumentError(where, "changed since it was read") from e
        document = document_from_text(text, path=self._path, lang=self._lang)
        if document.sha256 != self._sha256:
            raise UnreadableDocumentError(where, "changed since it was read")
        return document

    def __reduce__(self) -> tuple[Any, ...]:
        # Elsewhere (another process, a pickle) it is an ordinary submission.
        return Submission, (self.id, self.document)


def read_table_row(
    path: str | os.PathLike[str], row: int, *, id_column: str = "id", text_column: str = "text"
) -> str:
    """The text of data row ``row`` (numbered as :func:`read_table` numbers them), as stored.

    This is the string whose UTF-8 hashes to the row's ``Document.sha256``.

    Raises:
        UnreadableDocumentError: (or a subclass) the file cannot be read, has no such
            row, or that row holds no text.
    """
    name = os.fspath(path)
    shown = printable_name(name)
    where = f"{shown}#row={row}"
    if row < 1:
        raise UnreadableDocumentError(where, "no such row: rows are numbered from 1")
    try:
        found = _find_row(name, shown, row, id_column, text_column)
    except UnreadableDocumentError:
        raise
    except Exception as e:  # as in read_table, a failure becomes one error for the file
        raise UnreadableDocumentError(shown, _reason(e)) from e
    if isinstance(found, int):
        raise UnreadableDocumentError(where, f"no such row: the file has {found:,} data rows")
    problem = found.problem or _text_problem(found.text, allow_blank=True)
    if problem or not isinstance(found.text, str):
        raise UnreadableDocumentError(where, problem or "empty text")
    return found.text


# --- checking one row ---------------------------------------------------------------


def _check_row(
    row: _Row,
    where: str,
    seen: dict[str, int],
    lang: str,
    max_bytes: int,
    source: _Source | None = None,
) -> Submission | Skipped:
    """The row as a Submission, or a Skipped saying what is wrong with it."""
    problem = row.problem or _text_problem(row.text) or _id_problem(row.id)
    text = row.text
    if problem or not isinstance(text, str):
        return Skipped(where, problem or "empty text")
    # Encoding is needed only near the limit: a character is 1 to 4 bytes of UTF-8.
    if (
        4 * len(text) > max_bytes
        and (size := len(text.encode("utf-8", "surrogatepass"))) > max_bytes
    ):
        return Skipped(
            where,
            f"text too large: {format_size(size)}, over the limit of "
            f"{format_size(max_bytes)} for one submission (max_bytes)",
        )
    id_ = _id_text(row.id)
    if id_ in seen:
        return Skipped(where, f"id {id_!r} already used at row {seen[id_]}; ids must be unique")
    document = document_from_text(text, path=where, lang=lang)
    if not document.text.strip():  # only invisible characters, which normalising removes
        return Skipped(where, "empty text")
    seen[id_] = row.number
    if row.offset >= 0 and source is not None:
        return RowSubmission(id_, document, source, row.offset)
    return Submission(id_, document)


def _text_problem(text: object, *, allow_blank: bool = False) -> str:
    """Why a row's text cannot be used, or ""."""
    if isinstance(text, _Missing):
        return text.reason
    if text is None:
        return "empty text"
    if not isinstance(text, str):
        return f"text is not a string but {_kind(text)}"
    return "" if allow_blank or text.strip() else "empty text"


def _id_problem(value: object) -> str:
    """Why a row's id cannot be used, or ""."""
    if isinstance(value, _Missing):
        return value.reason
    if value is None:
        return "empty id"
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        return f"id is not a string or number but {_kind(value)}"
    if isinstance(value, Decimal) and not value.is_finite():
        return f"id is not a finite number ({value})"
    if isinstance(value, float) and not math.isfinite(value):
        return f"id is not a finite number ({value})"
    return "" if _id_text(value) else "empty id"


def _id_text(value: object) -> str:
    """An id value as text: numbers without a needless ``.0``, strings stripped."""
    if isinstance(value, (float, Decimal)) and value == int(value):
        return str(int(value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value).strip()


def _kind(value: object) -> str:
    """What a value is, in the words of JSON where it came from JSON."""
    kinds: list[tuple[type | tuple[type, ...], str]] = [
        (bool, "a boolean"),  # before int: a bool is an int
        ((int, float, Decimal), "a number"),
        (dict, "an object"),
        (list, "an array"),
        (bytes, "bytes"),
    ]
    for types, kind in kinds:
        if isinstance(value, types):
            return kind
    return type(value).__name__


def _stopped(shown: str, last: int, error: Exception) -> Skipped:
    """The Skipped for a file that could not be read (further) after ``last`` rows."""
    if last == 0:
        return Skipped(shown, _reason(error))
    return Skipped(f"{shown}#row={last + 1}", f"{_reason(error)}; rows from here on are not read")


def _reason(error: Exception) -> str:
    if isinstance(error, UnreadableDocumentError):
        return error.cause
    if isinstance(error, OSError | EOFError):
        return f"cannot read it: {getattr(error, 'strerror', None) or one_line(error)}"
    if isinstance(error, csv.Error):
        return f"not valid CSV here ({one_line(error)})"
    if isinstance(error, zlib.error):
        return f"corrupt compressed data ({one_line(error)})"
    return f"could not be read ({type(error).__name__}: {one_line(error)})"


# --- the rows of each format --------------------------------------------------------


def _format_of(name: str) -> str | None:
    lower = name.lower().removesuffix(".gz") if is_table(name) else ""
    return next((f for s, f in _FORMATS.items() if lower.endswith(s)), None)


def _rows(
    name: str, shown: str, id_column: str, text_column: str, limit: int
) -> Generator[_Row, None, None]:
    """The data rows of a table file; raise UnreadableDocumentError when it cannot be read."""
    # A generator, so that even these checks wait for the first row to be asked for.
    fmt = _format_of(name)
    if fmt is None:
        raise UnreadableDocumentError(
            shown, "not a table; expected .jsonl, .ndjson or .csv (maybe .gz), or .parquet"
        )
    _check_file(name, shown)
    if fmt == "jsonl":
        yield from _jsonl_rows(name, id_column, text_column, limit)
    elif fmt == "csv":
        yield from _csv_rows(name, shown, id_column, text_column, limit)
    else:
        yield from _parquet_rows(name, shown, id_column, text_column)


def _find_row(name: str, shown: str, row: int, id_column: str, text_column: str) -> _Row | int:
    """Data row ``row``, or the number of data rows when the file has fewer."""
    if _format_of(name) == "parquet":
        _check_file(name, shown)
        return _parquet_row(name, shown, row, id_column, text_column)
    count = 0
    with closing(_rows(name, shown, id_column, text_column, _line_limit(MAX_BYTES))) as rows:
        for found in rows:
            if found.number == row:
                return found
            count = found.number
    return count


def _check_file(name: str, shown: str) -> None:
    """Refuse what is not a regular file: a FIFO would block, a device never end."""
    regular_file(name, shown)


def _open_binary(name: str) -> io.BufferedReader | gzip.GzipFile:
    """The file's bytes, decompressed as they are read when it ends in ``.gz``."""
    if name.lower().endswith(".gz"):
        return gzip.open(name, "rb")
    return open(name, "rb")


def _line_limit(max_bytes: int) -> int:
    # \u0001 is 6 bytes of JSON for 1 byte of text; no text within max_bytes needs more.
    return 6 * max_bytes + _ROW_SLACK


def _jsonl_rows(name: str, id_column: str, text_column: str, limit: int) -> Iterator[_Row]:
    number = 0
    seekable = not name.lower().endswith(".gz")
    with _open_binary(name) as f:
        offset = 0
        for i, line in enumerate(_binary_lines(f, limit)):
            start = offset
            offset = f.tell() if line is None else offset + len(line)
            if line is None:
                number += 1
                yield _Row(number, problem=f"line too long: more than {format_size(limit)}")
                continue
            text = line.decode("utf-8-sig" if i == 0 else "utf-8", "replace").rstrip("\r\n")
            if text.strip():
                number += 1
                yield _json_row(number, text, id_column, text_column, start if seekable else -1)


def _binary_lines(f: io.BufferedIOBase, limit: int) -> Iterator[bytes | None]:
    """The lines of ``f``; None for a line over ``limit`` bytes, which is never held whole."""
    while line := f.readline(limit + 1):
        if len(line) <= limit:
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = f.readline(_DRAIN_BYTES)
        yield None


def _json_row(number: int, line: str, id_column: str, text_column: str, offset: int = -1) -> _Row:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as e:
        return _Row(
            number, problem=f"not valid JSON: {e.msg.removesuffix(' at')} at column {e.colno}"
        )
    except ValueError as e:  # an integer of more than 4,300 digits
        return _Row(number, problem=f"not valid JSON: {one_line(e)}")
    except RecursionError:
        return _Row(number, problem="not valid JSON: nested too deeply")
    if not isinstance(value, dict):
        return _Row(
            number,
            problem=f"not a JSON object but {_kind(value)}; each line must be an object "
            f"such as {{{json.dumps(id_column)}: ..., {json.dumps(text_column)}: ...}}",
        )
    return _Row(
        number,
        _json_field(value, id_column, "id"),
        _json_field(value, text_column, "text"),
        offset=offset,
    )


def _json_field(row: dict[str, object], column: str, which: str) -> object:
    if column in row:
        return row[column]
    return _Missing(f"no {column!r} field (fields: {_names(row)}); name it with {which}_column")


def _csv_rows(
    name: str, shown: str, id_column: str, text_column: str, limit: int
) -> Iterator[_Row]:
    # Only ever raised: other readers in this process may need a high limit too.
    csv.field_size_limit(max(csv.field_size_limit(), min(limit, _C_LONG_MAX)))
    with _open_binary(name) as raw:
        codec = _csv_encoding(raw, shown)
        with io.TextIOWrapper(raw, encoding=codec, errors="replace", newline="") as text:
            lines = _text_lines(text, limit, shown)
            first = next((line for line in lines if line.strip()), None)
            if first is None:
                raise EmptyDocumentError(shown, "no header row: the file is empty")
            delimiter = _delimiter(first, id_column, text_column)
            records = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
            names = [_clean_name(n) for n in next(records)]
            id_at, text_at = _column_indexes(names, id_column, text_column, shown)
            number = 0
            for record in records:
                if any(field.strip() for field in record):
                    number += 1
                    yield _Row(number, _field(record, id_at), _field(record, text_at))


def _csv_encoding(raw: io.BufferedIOBase, shown: str) -> str:
    """The codec of a CSV file, from its first MB; leaves ``raw`` at its start."""
    head = raw.read(_SNIFF_BYTES)
    raw.seek(0)
    whole = len(head) < _SNIFF_BYTES
    for bom, codec in _BOM_CODECS:
        if head.startswith(bom):
            return codec
    utf8 = _is_utf8(head, final=whole)
    if utf8 and b"\x00" not in head:  # UTF-16 text without a BOM is valid UTF-8 too
        return "utf-8"
    try:
        return decode_bytes(head if whole else _whole_lines(head), name=shown)[1]
    except BinaryDocumentError:
        if utf8:  # a stray NUL in UTF-8 text, which the csv module reads as a character
            return "utf-8"
        raise


def _is_utf8(data: bytes, *, final: bool) -> bool:
    """Whether ``data`` is valid UTF-8; if not ``final`` it may end mid-character."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _whole_lines(head: bytes) -> bytes:
    """``head`` without the partial line (and character) it may end in."""
    if b"\x00" in head:
        return head[: len(head) - len(head) % 4]
    end = head.rfind(b"\n")
    return head[: end + 1] if end >= 0 else head


def _text_lines(text: TextIO, limit: int, shown: str) -> Iterator[str]:
    """The lines of ``text``; a line over ``limit`` characters stops the file."""
    while line := text.readline(limit + 1):
        if len(line) > limit:
            # A CSV cell may span lines, so there is no telling where the next row starts.
            raise UnreadableDocumentError(shown, f"line too long: more than {limit:,} characters")
        yield line


def _delimiter(header: str, id_column: str, text_column: str) -> str:
    """The delimiter under which the header names most of the two columns; "," on a tie."""

    def found(delimiter: str) -> int:
        names = {_clean_name(n) for n in next(csv.reader([header], delimiter=delimiter), [])}
        return (id_column in names) + (text_column in names)

    return max(_DELIMITERS, key=found)  # max keeps the first of equals


def _clean_name(name: str) -> str:
    return name.replace("\ufeff", "").strip()


def _field(record: Sequence[str], index: int) -> str | None:
    return record[index] if index < len(record) else None


def _column_indexes(
    names: Sequence[str], id_column: str, text_column: str, shown: str
) -> tuple[int, int]:
    """Where the id and text columns are (the first of a repeated name), or why not."""
    index: dict[str, int] = {}
    for i, n in enumerate(names):
        index.setdefault(n, i)
    missing = [(c, w) for c, w in ((id_column, "id"), (text_column, "text")) if c not in index]
    if len(missing) == 1:
        [(column, which)] = missing
        raise UnreadableDocumentError(
            shown, f"no {column!r} column (columns: {_names(names)}); name it with {which}_column"
        )
    if missing:
        raise UnreadableDocumentError(
            shown,
            f"no {id_column!r} or {text_column!r} column (columns: {_names(names)}); "
            "name them with id_column and text_column",
        )
    return index[id_column], index[text_column]


def _names(names: Iterable[str]) -> str:
    names = list(names)
    shown = ", ".join(names[:_SHOWN_NAMES]) or "none"
    return shown + (", ..." if len(names) > _SHOWN_NAMES else "")


def _parquet_rows(name: str, shown: str, id_column: str, text_column: str) -> Iterator[_Row]:
    with _parquet_file(name, shown) as parquet:
        _column_indexes(parquet.schema_arrow.names, id_column, text_column, shown)
        columns = list(dict.fromkeys((id_column, text_column)))
        number = 0
        for batch in parquet.iter_batches(batch_size=_BATCH_ROWS, columns=columns):
            ids = batch.column(id_column).to_pylist()
            texts = batch.column(text_column).to_pylist()
            for id_, text in zip(ids, texts, strict=True):
                number += 1
                yield _Row(number, id_, text)


def _parquet_row(name: str, shown: str, row: int, id_column: str, text_column: str) -> _Row | int:
    """Data row ``row`` of a Parquet file, reading only the row group that holds it."""
    with _parquet_file(name, shown) as parquet:
        _column_indexes(parquet.schema_arrow.names, id_column, text_column, shown)
        start = 0
        for group in range(parquet.metadata.num_row_groups):
            size: int = parquet.metadata.row_group(group).num_rows
            if row <= start + size:
                texts = parquet.read_row_group(group, columns=[text_column]).column(text_column)
                text: Any = texts[row - start - 1].as_py()
                return _Row(row, None, text)
            start += size
        return start


def _parquet_file(name: str, shown: str) -> ParquetFile:
    """The opened Parquet file; pyarrow is imported here, as it is an optional extra."""
    try:
        import pyarrow.parquet as pq
    except ImportError as e:
        raise UnreadableDocumentError(shown, _NO_PYARROW) from e
    try:
        return pq.ParquetFile(name)
    except Exception as e:  # pyarrow's errors subclass ValueError, OSError and others
        raise CorruptDocumentError(shown, f"not a readable Parquet file ({one_line(e)})") from e
