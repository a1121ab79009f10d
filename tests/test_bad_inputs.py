"""The bad-input matrix (issue 5, point 1): every awkward input, through the CLI and the library.

A bad submission is skipped with its reason in ``skipped`` while every other input is
still read (the good submission beside it is still credited); a bad DRAFT or FINAL
exits 1 with one line on stderr and no traceback.
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import docx
import pytest
from conftest import run_cli
from test_read import make_pdf
from test_read_docx import with_body

import provenance
from provenance.errors import (
    BinaryDocumentError,
    CorruptDocumentError,
    EmptyDocumentError,
    ProvenanceError,
    UnreadableDocumentError,
)
from provenance.read import MAX_BYTES, DocumentTooLargeError, read_document

NEW = "Every municipality will hold open hearings on its draft budget."
DRAFT = "## Commitment 1\n\nMilestone 1.1: Publish the annual budget.\n"
FINAL = f"{DRAFT}\nMilestone 1.2: {NEW}\n"
GOOD = "Dear Ministry, every municipality should hold open hearings on its draft budget."
SCANNED = "no text layer on its 2 page(s); it looks scanned, run OCR on it first (e.g. ocrmypdf)"
TOO_LARGE = (
    "too large: 200 MB, over the limit of 50 MB for one document (MAX_BYTES); "
    "split it into smaller files"
)
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


class Case(NamedTuple):
    draft: Path
    final: Path
    subs: Path


@pytest.fixture
def case(tmp_path: Path) -> Case:
    draft, final, subs = tmp_path / "draft.txt", tmp_path / "final.txt", tmp_path / "subs"
    draft.write_text(DRAFT, encoding="utf-8")
    final.write_text(FINAL, encoding="utf-8")
    subs.mkdir()
    (subs / "good.txt").write_text(GOOD, encoding="utf-8")
    return Case(draft, final, subs)


run = run_cli


def attribute_json(case: Case, *submissions: str | Path, options: tuple[str, ...] = ()) -> dict:
    """Run ``attribute ... --no-db --format json``; it must complete (exit 0)."""
    subs = submissions or (case.subs,)
    result = run(
        "attribute", case.draft, case.final, *subs, "--no-db", "--format", "json", *options
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def reasons(skipped: list[dict]) -> dict[str, str]:
    """The reason of each skipped input, by the last part of its path."""
    return {s["path"].rsplit("/", 1)[-1]: s["reason"] for s in skipped}


def credited(data: dict) -> set[str]:
    return {link["submission_id"] for link in data["links"]}


def assert_good_still_credited(data: dict) -> None:
    assert "good" in [s["id"] for s in data["inputs"]["submissions"]]
    assert "good" in credited(data)


def lib(case: Case, *submissions: Path, **options) -> provenance.AttributionResult:
    return provenance.attribute(
        case.draft, case.final, list(submissions or (case.subs,)), **options
    )


def lib_reasons(result: provenance.AttributionResult) -> dict[str, str]:
    return reasons([s.as_dict() for s in result.skipped])


def assert_lib_good_still_credited(result: provenance.AttributionResult) -> None:
    assert "good" in [s.id for s in result.submissions]
    assert "good" in {link.submission_id for link in result.links}


def assert_one_line_error(result, name: str) -> None:
    """Exit 1, nothing on stdout, one line on stderr naming the file, no traceback."""
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and name in lines[0], lines[0]
    assert "Traceback" not in result.stderr


# --- makers: each creates one bad input at a path -----------------------------------------


def _pdf() -> bytes:
    return make_pdf([[NEW, "A second line of the submission, about the budget."]] * 2)


def _docx() -> bytes:
    document = docx.Document()
    for _ in range(20):
        document.add_paragraph(GOOD)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _damaged_deflate(data: bytes) -> bytes:
    """``data`` (a ZIP) with the compressed bytes of word/document.xml scrambled."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    out = bytearray(data)
    for i in range(start + 5, start + 60):
        out[i] ^= 0x5A
    return bytes(out)


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(_pdf())).pages:
        writer.add_page(page)
    writer.encrypt("secret", owner_password="secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@functools.cache
def _docx_bomb() -> bytes:
    """A 2 MB .docx whose document.xml unpacks to 256 MB (issue 13)."""
    return with_body(256 * 2**20)


def _sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with open(path, "wb") as f:  # no blocks written: instant, and no disk used
            f.truncate(size)

    return make


def _bytes(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data() if callable(data) else data)


# name -> (file name, maker, error class, the reason exactly, or a pattern for messages
# that come from a parser and may change with its version)
BAD_FILES: dict[str, tuple[str, Callable[[Path], None], type[Exception], str | re.Pattern]] = {
    "empty": ("empty.txt", _bytes(b""), EmptyDocumentError, "empty file (0 bytes)"),
    "whitespace": ("blank.txt", _bytes(b"  \n\t\r\n \xc2\xa0 \n"), EmptyDocumentError,
                   "no text, only whitespace"),
    "binary.txt": ("photo.txt", _bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 4),
                   BinaryDocumentError,
                   "binary data, not text (NUL bytes at offset 8); it is a PNG image; "
                   "run OCR on it and read the text"),
    "truncated.pdf": ("cut.pdf", _bytes(lambda: _pdf()[: len(_pdf()) // 2]), CorruptDocumentError,
                      re.compile(r"not a valid PDF \(.+\); is the file complete\?")),
    "corrupt.pdf": ("garbage.pdf", _bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4),
                    CorruptDocumentError,
                    re.compile(r"not a valid PDF \(.+\); is the file complete\?")),
    "truncated.docx": ("cut.docx", _bytes(lambda: _docx()[: len(_docx()) // 2]),
                       CorruptDocumentError,
                       "not a valid DOCX (a ZIP package cut short); is the file complete?"),
    "corrupt.docx": ("damaged.docx", _bytes(lambda: _damaged_deflate(_docx())),
                     CorruptDocumentError,
                     re.compile(r"not a valid DOCX \(damaged data: .+\); is the file complete\?")),
    "encrypted.pdf": ("locked.pdf", _bytes(_encrypted_pdf), CorruptDocumentError,
                      "encrypted PDF with a password; decrypt it first (e.g. qpdf --decrypt)"),
    "encrypted.docx": ("locked.docx",
                       _bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64
                              + "EncryptedPackage".encode("utf-16-le")),
                       CorruptDocumentError,
                       "a password-protected Word document; save a copy without the password"),
    "scanned.pdf": ("scan.pdf", _bytes(make_pdf([["1"], ["2"]])), EmptyDocumentError, SCANNED),
    "zip bomb.docx": ("bomb.docx", _bytes(_docx_bomb), CorruptDocumentError,
                      re.compile(r"its contents would unpack to 25\d\.\d MB, over the limit of 200 MB")),
    "200MB.txt": ("huge.txt", _sparse(200 * 2**20), DocumentTooLargeError, TOO_LARGE),
    "fifo": ("pipe.txt", os.mkfifo, UnreadableDocumentError,
             "not a regular file (a pipe, socket or device)"),
}  # fmt: skip


def assert_reason(reason: str, expected: str | re.Pattern) -> None:
    if isinstance(expected, re.Pattern):
        assert expected.fullmatch(reason), reason
    else:
        assert reason == expected


# --- a bad submission is skipped; everything else is read ---------------------------------


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_submission_is_skipped_cli(case, kind):
    name, make, _, expected = BAD_FILES[kind]
    make(case.subs / name)
    data = attribute_json(case)
    assert list(reasons(data["skipped"])) == [name]
    assert_reason(reasons(data["skipped"])[name], expected)
    assert [s["id"] for s in data["inputs"]["submissions"]] == ["good"]
    assert_good_still_credited(data)


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_submission_is_skipped_library(case, kind):
    name, make, error, expected = BAD_FILES[kind]
    path = case.subs / name
    make(path)
    with pytest.raises(error) as info:
        read_document(path)
    assert str(info.value) == f"{path}: {info.value.cause}" and "\n" not in str(info.value)
    assert_reason(info.value.cause, expected)
    result = lib(case)
    assert list(lib_reasons(result)) == [name]
    assert_reason(lib_reasons(result)[name], expected)
    assert_lib_good_still_credited(result)


def test_200mb_submission_is_refused_before_reading(case):
    huge = case.subs / "huge.txt"
    _sparse(200 * 2**20)(huge)
    tracemalloc.start()
    try:
        with pytest.raises(DocumentTooLargeError, match=re.escape(TOO_LARGE)):
            read_document(huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2**20  # refused from its size on disk: not one block of it was read
    assert MAX_BYTES == 50 * 2**20
    assert isinstance(DocumentTooLargeError(str(huge), "x"), ProvenanceError)


def test_size_limit_is_a_parameter(tmp_path):
    path = tmp_path / "ten.txt"
    path.write_bytes(b"0123456789")
    assert read_document(path, max_bytes=10).text == "0123456789"
    with pytest.raises(DocumentTooLargeError) as info:
        read_document(path, max_bytes=9)
    assert info.value.cause == (
        "too large: 10 bytes, over the limit of 9 bytes for one document (MAX_BYTES); "
        "split it into smaller files"
    )


# --- invalid UTF-8 inside good text: read, bad bytes replaced -----------------------------

DAMAGED = (
    "Résumé of our letter: “every municipality will hold open hearings on its draft budget” "
    "— café owners agree; 시민 참여 matters."
).encode()
DAMAGED = DAMAGED[:40] + b"\xff\xfe" + DAMAGED[40:] + "참".encode()[:2]  # stray bytes, cut end


def test_invalid_utf8_bytes_are_replaced_not_skipped_cli(case):
    (case.subs / "good.txt").unlink()
    (case.subs / "good.txt").write_bytes(DAMAGED)
    data = attribute_json(case)
    assert data["skipped"] == []
    assert_good_still_credited(data)
    link = next(link for link in data["links"] if link["submission_id"] == "good")
    assert "open hearings on its draft budget" in link["submission"]["text"]


def test_invalid_utf8_bytes_are_replaced_not_skipped_library(case):
    path = case.subs / "good.txt"
    path.write_bytes(DAMAGED)
    doc = read_document(path)
    assert doc.encoding == "utf-8"
    # Each bad sequence is one U+FFFD; the good characters around them are kept as they are.
    assert doc.text.count("\ufffd") == 3
    assert doc.text.startswith("Résumé of our letter: “every municip")
    assert "— café owners agree; 시민 참여 matters.\ufffd" in doc.text
    assert_lib_good_still_credited(lib(case))


# --- permissions -----------------------------------------------------------------------


@pytest.mark.skipif(IS_ROOT, reason="running as root: permission bits do not stop root reading")
def test_file_without_read_permission_is_skipped(case):
    secret = case.subs / "secret.txt"
    secret.write_text(GOOD)
    secret.chmod(0)
    try:
        data = attribute_json(case)
        assert reasons(data["skipped"]) == {"secret.txt": "cannot open it: Permission denied"}
        assert_good_still_credited(data)
        result = lib(case)
        assert lib_reasons(result) == {"secret.txt": "cannot open it: Permission denied"}
        assert_lib_good_still_credited(result)
    finally:
        secret.chmod(0o644)


@pytest.fixture
def refused(case, monkeypatch) -> Path:
    """A file that open() refuses, as chmod 000 does for anyone but root."""
    secret = case.subs / "secret.txt"
    secret.write_text(GOOD)

    def fake_open(file, *args, **kwargs):
        if os.fspath(file) == str(secret):
            raise PermissionError(13, "Permission denied", str(secret))
        return open(file, *args, **kwargs)

    monkeypatch.setattr("provenance.read.open", fake_open, raising=False)
    return secret


def test_refused_file_is_skipped_cli(case, refused):
    data = attribute_json(case)
    assert reasons(data["skipped"]) == {"secret.txt": "cannot open it: Permission denied"}
    assert_good_still_credited(data)


def test_refused_file_is_skipped_library(case, refused):
    result = lib(case)
    assert lib_reasons(result) == {"secret.txt": "cannot open it: Permission denied"}
    assert_lib_good_still_credited(result)


# --- symbolic links ----------------------------------------------------------------------

LINK_REASONS = {
    "again": "symbolic link loop; not followed",
    "self.txt": "symbolic link loop; not followed",
    "escape.txt": "symbolic link leads outside the submissions folder; not followed",
    "escape_dir": "symbolic link leads outside the submissions folder; not followed",
    "broken.txt": "broken symbolic link: its target does not exist",
    "shortcut": "symbolic link to the folder 'inner' inside the submissions folder, "
    "which is read in its own place; not followed",
}


@pytest.fixture
def linked(case) -> Case:
    outside = case.subs.parent / "outside"
    outside.mkdir()
    (outside / "leak.txt").write_text(GOOD)  # would be credited if it were followed
    (case.subs.parent / "outside.txt").write_text(GOOD)
    inner = case.subs / "inner"
    inner.mkdir()
    (inner / "note.txt").write_text("A note about parks and libraries in the north ward.")
    os.symlink("..", inner / "again")  # a loop: inner/again/inner/again/...
    os.symlink("self.txt", case.subs / "self.txt")
    os.symlink("../outside.txt", case.subs / "escape.txt")
    os.symlink(outside, case.subs / "escape_dir")
    os.symlink("nowhere.txt", case.subs / "broken.txt")
    os.symlink("inner", case.subs / "shortcut")
    os.symlink("inner/note.txt", case.subs / "alias.txt")  # inside: followed, read once
    return case


def test_symlinks_cli(linked):
    data = attribute_json(linked)
    found = reasons(data["skipped"])
    assert found.pop("alias.txt") == f"the same file as {linked.subs}/inner/note.txt; read once"
    assert found == LINK_REASONS
    assert [s["id"] for s in data["inputs"]["submissions"]] == ["good", "inner/note"]
    assert credited(data) == {"good"}


def test_symlinks_library(linked):
    result = lib(linked)
    found = lib_reasons(result)
    assert found.pop("alias.txt").startswith("the same file as ")
    assert found == LINK_REASONS
    assert [s.id for s in result.submissions] == ["good", "inner/note"]


def test_symlink_loop_named_directly(case):
    loop = case.subs.parent / "loop.txt"
    os.symlink("loop.txt", loop)
    data = attribute_json(case, case.subs, loop)
    assert reasons(data["skipped"]) == {
        "loop.txt": "cannot open it: Too many levels of symbolic links"
    }
    assert_good_still_credited(data)


# --- names ---------------------------------------------------------------------------------


def _write_bytes_name(folder: Path, name: bytes, data: bytes) -> None:
    with open(os.fsencode(folder) + b"/" + name, "wb") as f:
        f.write(data)


def test_names_that_are_not_utf8_cli(case, tmp_path):
    _write_bytes_name(case.subs, b"caf\xe9.txt", b"Latin-1 name: parks and libraries.")
    _write_bytes_name(case.subs, b"caf\xe8.txt", b"Another name: roads and bridges.")
    _write_bytes_name(case.subs, b"empty\xff.txt", b"")
    draft = os.fsdecode(os.fsencode(tmp_path) + b"/draft\xff.txt")
    Path(draft).write_text(DRAFT)
    result = run("attribute", draft, case.final, case.subs, "--no-db", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # Each byte that is not UTF-8 is written \xNN: valid JSON, readable, and unique.
    assert [s["id"] for s in data["inputs"]["submissions"]] == ["caf\\xe8", "caf\\xe9", "good"]
    assert data["inputs"]["draft"]["path"].endswith("/draft\\xff.txt")
    assert reasons(data["skipped"]) == {"empty\\xff.txt": "empty file (0 bytes)"}
    assert "empty\\xff.txt" in result.stderr
    assert_good_still_credited(data)
    # The table and the database take the names too.
    table = run("attribute", draft, case.final, case.subs, "--db", tmp_path / "p.db")
    assert table.exit_code == 0 and "caf\\xe9" in table.stdout


def test_names_that_are_not_utf8_library(case):
    _write_bytes_name(case.subs, b"caf\xe9.txt", b"Latin-1 name: parks and libraries.")
    _write_bytes_name(case.subs, b"empty\xff.txt", b"")
    result = lib(case)
    assert [s.id for s in result.submissions] == ["caf\\xe9", "good"]
    assert [s.document.path for s in result.submissions][0] == f"{case.subs}/caf\\xe9.txt"
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")  # no lone surrogates
    assert lib_reasons(result) == {"empty\\xff.txt": "empty file (0 bytes)"}
    assert_lib_good_still_credited(result)


def test_two_files_with_one_id_keep_their_extensions(case, tmp_path):
    (case.subs / "a.txt").write_text("Plain text: parks and libraries.")
    (case.subs / "a.md").write_text("Markdown: roads and *bridges*.")
    more = tmp_path / "more"
    more.mkdir()
    (more / "good.txt").write_text("Another good: trees and lighting.")
    data = attribute_json(case, case.subs, more, case.subs / "good.txt")
    ids = [s["id"] for s in data["inputs"]["submissions"]]
    # good.txt in two folders: the extension does not tell them apart, so the whole path does.
    assert ids == [f"{more}/good.txt", f"{case.subs}/good.txt", "a.md", "a.txt"]
    assert len(set(ids)) == len(ids)
    # The same file named twice is read once.
    assert reasons(data["skipped"]) == {"good.txt": "named more than once; read once"}
    assert credited(data) == {f"{case.subs}/good.txt"}
    result = lib(case, case.subs)
    assert [s.id for s in result.submissions] == ["a.md", "a.txt", "good"]


# --- many files, leftovers -------------------------------------------------------------------


@pytest.fixture(scope="module")
def crowd(tmp_path_factory) -> Case:
    """10,000 small submissions and one good one in a single folder."""
    root = tmp_path_factory.mktemp("crowd")
    case = Case(root / "draft.txt", root / "final.txt", root / "subs")
    case.draft.write_text(DRAFT)
    case.final.write_text(FINAL)
    case.subs.mkdir()
    words = "parks libraries roads water schools clinics buses bridges lighting trees".split()
    for i in range(10_000):
        (case.subs / f"s{i:05d}.txt").write_text(
            f"Submission {i}: please fund {words[i % 10]} and {words[i // 10 % 10]} in ward {i % 97}."
        )
    (case.subs / "good.txt").write_text(GOOD)
    return case


def test_ten_thousand_files_cli(crowd):
    start = time.perf_counter()
    data = attribute_json(crowd)
    assert time.perf_counter() - start < 30
    assert len(data["inputs"]["submissions"]) == 10_001 and data["skipped"] == []
    assert credited(data) == {"good"}


def test_ten_thousand_files_library(crowd):
    start = time.perf_counter()
    result = lib(crowd)
    assert time.perf_counter() - start < 30
    assert len(result.submissions) == 10_001
    assert {link.submission_id for link in result.links} == {"good"}


LEFTOVERS = [".DS_Store", "~$draft.docx", "good.txt~", ".#good.txt", "#good.txt#", "Thumbs.db",
             "~WRL0001.tmp", "desktop.ini", ".hidden.txt"]  # fmt: skip


@pytest.fixture
def littered(case) -> Case:
    for name in LEFTOVERS:
        (case.subs / name).write_bytes(b"\0\1\2 leftover")
    for folder in (".git", "__MACOSX"):
        (case.subs / folder).mkdir()
        (case.subs / folder / "._good.txt").write_bytes(b"\0\1\2")
        (case.subs / folder / "config.txt").write_text(GOOD)
    return case


def test_hidden_files_and_leftovers_are_ignored_cli(littered):
    data = attribute_json(littered)
    assert data["skipped"] == []  # ignored: they are no input, so not listed either
    assert [s["id"] for s in data["inputs"]["submissions"]] == ["good"]
    assert_good_still_credited(data)


def test_hidden_files_and_leftovers_are_ignored_library(littered):
    result = lib(littered)
    assert result.skipped == () and [s.id for s in result.submissions] == ["good"]


# --- draft and final -----------------------------------------------------------------------


def test_draft_identical_to_final(case):
    result = run("attribute", case.final, case.final, case.subs, "--no-db", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["changes"] == [] and data["links"] == [] and data["skipped"] == []
    assert data["submissions"] == [{"id": "good", "adopted": False, "links": 0}]
    same = provenance.attribute(case.final, case.final, [case.subs])
    assert same.changes == () and same.links == () and len(same.submissions) == 1


def test_final_sharing_nothing_with_draft(case):
    case.draft.write_text("Article 1. The council meets monthly in the town hall.\n")
    case.final.write_text(f"Section A. {NEW}\n")
    data = attribute_json(case)
    assert data["changes"]
    assert_good_still_credited(data)
    assert_lib_good_still_credited(lib(case))


def _missing(path: Path) -> None:
    pass


def _loop(path: Path) -> None:
    os.symlink(path.name, path)


BAD_DOCUMENTS = {
    **{kind: (name, make) for kind, (name, make, _, _) in BAD_FILES.items()},
    "missing": ("missing.txt", _missing),
    "folder": ("folder.txt", Path.mkdir),
    "symlink loop": ("loop.txt", _loop),
}


@pytest.mark.parametrize("role", ["draft", "final"])
@pytest.mark.parametrize("kind", BAD_DOCUMENTS)
def test_bad_draft_or_final_exits_1_with_one_line(case, tmp_path, kind, role):
    name, make = BAD_DOCUMENTS[kind]
    bad = tmp_path / name
    make(bad)
    docs = {"draft": case.draft, "final": case.final, role: bad}
    result = run(
        "attribute", docs["draft"], docs["final"], case.subs, "--no-db", "--format", "json"
    )
    assert_one_line_error(result, name)
    with pytest.raises(ProvenanceError) as info:
        provenance.attribute(docs["draft"], docs["final"], [case.subs])
    assert "\n" not in str(info.value) and str(info.value).startswith(f"{bad}: ")


def test_refused_draft_exits_1_with_one_line(case, refused):
    result = run("attribute", refused, case.final, case.subs, "--no-db", "--format", "json")
    assert_one_line_error(result, "secret.txt")
    assert result.stderr == f"Error: {refused}: cannot open it: Permission denied\n"
