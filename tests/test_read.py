import hashlib
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pdf_file import pdf_file

from provenance.errors import (
    BinaryDocumentError,
    CorruptDocumentError,
    EmptyDocumentError,
    UnknownLanguageError,
    UnreadableDocumentError,
    UnsupportedFormatError,
)
from provenance.read import (
    READABLE_SUFFIXES,
    document_from_text,
    read_document,
)

# --- helpers, also imported by test_encoding.py and test_read_{html,docx,pdf}.py -------

KOREAN = "제5조(정의) 이 조례에서 사용하는 용어의 뜻은 다음과 같다. 시민 참여를 확대한다."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF: each string one Helvetica text line, each list one page."""
    font = 3 + 2 * len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
    ]
    for i, lines in enumerate(pages):
        ops = ["BT /F1 11 Tf 14 TL 72 760 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        stream = "\n".join([*ops, "ET"]).encode("cp1252") if lines else b""
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    return pdf_file(objects)


def save(document, tmp_path: Path, name: str = "doc.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


# --- plain text, sniffing -----------------------------------------------------------------


def test_read_text_file(tmp_path):
    data = "\ufeffTitle\r\n\r\n\r\n• first  item\r\nsecond line of it\r\n".encode()
    path = write(tmp_path, "draft.txt", data)
    doc = read_document(path)
    # plain text keeps its lines: the segmenter joins wrapped paragraphs itself
    assert doc.text == "Title\n\n- first item\nsecond line of it"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert (doc.path, doc.format, doc.encoding, doc.lang) == (str(path), "txt", "utf-8-sig", "en")


def test_read_korean_cp949_file(tmp_path):
    path = write(tmp_path, "조례안.txt", KOREAN.encode("cp949"))
    doc = read_document(path)
    assert (doc.text, doc.encoding, doc.lang) == (KOREAN, "cp949", "ko")


def test_read_markdown_keeps_its_markup(tmp_path):
    path = write(tmp_path, "plan.md", b"# Plan\n\n## Goals\n\n1. Open data\n   more text\n")
    doc = read_document(path)
    assert doc.text == "# Plan\n\n## Goals\n\n1. Open data\n   more text"
    assert doc.format == "md"


def test_lang_is_given_or_detected(tmp_path):
    path = write(tmp_path, "a.txt", b"Le gouvernement doit publier le plan pour les citoyens.")
    assert read_document(path).lang == "fr"
    assert read_document(path, lang="de").lang == "de"


@pytest.mark.issue(13)
@pytest.mark.parametrize("lang", ["zz", "english", "EN"])
def test_an_unknown_lang_is_refused_before_reading(tmp_path, lang):
    path = write(tmp_path, "a.txt", b"Le gouvernement doit publier le plan pour les citoyens.")
    with pytest.raises(UnknownLanguageError, match=f"^lang {lang}: "):
        read_document(path, lang=lang)
    with pytest.raises(UnknownLanguageError):  # the argument first: no "cannot open it"
        read_document(tmp_path / "missing.txt", lang=lang)
    with pytest.raises(UnknownLanguageError):
        document_from_text("Le plan.", lang=lang)


@pytest.mark.issue(13)
def test_xx_is_spacys_multi_language_code_and_is_kept(tmp_path):
    path = write(tmp_path, "a.txt", "ქართული ტექსტი".encode())
    assert read_document(path, lang="xx").lang == "xx"
    assert document_from_text("ქართული ტექსტი", lang="xx").lang == "xx"


def test_path_is_kept_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "final.txt", b"text")
    assert read_document("final.txt").path == "final.txt"
    assert read_document(Path("final.txt")).path == "final.txt"


@pytest.mark.parametrize(
    "name, data, fmt",
    [
        ("notes.rst", b"Plain *text* in an unknown extension", "txt"),
        ("README", b"No extension at all", "txt"),
        ("download", make_pdf([["A PDF saved without its extension"]]), "pdf"),
        ("page.php", b"<!DOCTYPE html><html><body><p>Served page</p></body></html>", "html"),
    ],
)
def test_unknown_extensions_are_sniffed(tmp_path, name, data, fmt):
    doc = read_document(write(tmp_path, name, data))
    assert doc.format == fmt
    assert "<" not in doc.text and doc.text


def test_docx_without_extension_is_sniffed(tmp_path):
    document = docx.Document()
    document.add_paragraph("A Word file saved as 'download'")
    source = save(document, tmp_path)
    path = write(tmp_path, "download", source.read_bytes())
    doc = read_document(path)
    assert (doc.format, doc.text) == ("docx", "A Word file saved as 'download'")


def test_readable_suffixes():
    assert {".txt", ".md", ".html", ".htm", ".docx", ".pdf"} <= set(READABLE_SUFFIXES)


def test_names_moved_out_are_still_importable_from_read():
    from provenance import encoding, numbering, read, read_html

    assert read.decode_bytes is encoding.decode_bytes
    assert read.format_number is numbering.format_number
    assert read.html_to_text is read_html.html_to_text


# --- documents from strings ---------------------------------------------------------------


def test_document_from_text():
    text = "Article 1\r\nThe  plan.\u00a0"
    doc = document_from_text(text, path="inline")
    assert doc.text == "Article 1\nThe plan."
    assert doc.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert (doc.path, doc.lang, doc.format, doc.encoding) == ("inline", "en", "txt", "utf-8")


def test_document_from_text_detects_or_takes_lang():
    assert document_from_text(KOREAN).lang == "ko"
    assert document_from_text(KOREAN, lang="en").lang == "en"


def test_document_from_empty_text_is_allowed():
    doc = document_from_text("")
    assert (doc.text, doc.path, doc.sha256) == ("", None, hashlib.sha256(b"").hexdigest())


@given(st.text(max_size=100))
def test_document_from_text_hashes_the_given_text(text):
    doc = document_from_text(text)
    assert doc.sha256 == hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    assert "\r" not in doc.text


# --- errors: one line, naming the file ----------------------------------------------------


def _truncated_pdf() -> bytes:
    return make_pdf([["hello there"]])[:150]


def _error_cases(tmp_path: Path) -> list[tuple[Path, type[Exception], str]]:
    document = docx.Document()
    document.add_paragraph("text")
    real_docx = save(document, tmp_path, "real.docx").read_bytes()
    no_document_xml = tmp_path / "nodoc.zip"
    with zipfile.ZipFile(no_document_xml, "w") as z:
        z.writestr("hello.txt", "hi")
    return [
        (tmp_path / "missing.txt", UnreadableDocumentError, "No such file"),
        (tmp_path, UnreadableDocumentError, "is a folder"),
        (write(tmp_path, "empty.txt", b""), EmptyDocumentError, "empty file (0 bytes)"),
        (write(tmp_path, "blank.md", b" \r\n\t\xef\xbb\xbf\xe2\x80\x8b\n"), EmptyDocumentError,
         "only whitespace"),
        (write(tmp_path, "nul.txt", b"ab\x00\x00\x00\x07cd\x00"), BinaryDocumentError,
         "NUL bytes at offset 2"),
        (write(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0"), CorruptDocumentError,
         "not a Word .doc file"),
        (write(tmp_path, "law.hwp", b"HWP Document File V3.00"), CorruptDocumentError, "HWP 3"),
        (write(tmp_path, "photo.jpg", b"\xff\xd8\xff"), UnsupportedFormatError, "OCR"),
        (write(tmp_path, "random.docx", bytes(range(256)) * 4), CorruptDocumentError,
         "not a valid DOCX (not a ZIP package); is the file complete?"),
        (write(tmp_path, "half.docx", real_docx[: len(real_docx) // 2]), CorruptDocumentError,
         "not a valid DOCX"),
        (write(tmp_path, "nodoc.docx", no_document_xml.read_bytes()), CorruptDocumentError,
         "not a valid DOCX"),
        (write(tmp_path, "ole.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64),
         CorruptDocumentError, "not a valid Word .doc file"),
        (write(tmp_path, "cut.pdf", _truncated_pdf()), CorruptDocumentError,
         "is the file complete?"),
        (write(tmp_path, "fake.pdf", b"<html>not a pdf</html>"), CorruptDocumentError,
         "no %PDF header"),
        (write(tmp_path, "scan.pdf", make_pdf([[]])), EmptyDocumentError, "OCR"),
    ]  # fmt: skip


def test_error_messages(tmp_path):
    for path, error, cause in _error_cases(tmp_path):
        with pytest.raises(error) as info:
            read_document(path)
        message = str(info.value)
        assert cause in message, message
        assert "\n" not in message, message
        assert message.startswith(f"{path}: "), message
        assert info.value.path == str(path)


def test_errors_are_oserrors_and_provenance_errors(tmp_path):
    from provenance.errors import ProvenanceError

    with pytest.raises(OSError):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(ProvenanceError):
        read_document(write(tmp_path, "cut.pdf", _truncated_pdf()))


def test_unreadable_file(tmp_path, monkeypatch):
    # chmod cannot lock root out, so the refusal is simulated.
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    path = write(tmp_path, "secret.txt", b"text")
    monkeypatch.setattr("provenance.read.open", refuse, raising=False)
    with pytest.raises(UnreadableDocumentError) as info:
        read_document(path)
    assert str(info.value) == f"{path}: cannot open it: Permission denied"
