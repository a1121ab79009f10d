import hashlib
import logging
import zlib
from collections.abc import Iterable
from pathlib import Path

import pytest
from formats import refusal_and_peak
from pdf_file import pdf_file
from test_read import make_pdf, write

import provenance.read_pdf
from provenance.errors import CorruptDocumentError, EmptyDocumentError
from provenance.read import read_document


def encrypt_pdf(data: bytes, tmp_path: Path, *, user: str, owner: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(write(tmp_path, "plain.pdf", data)).pages:
        writer.add_page(page)
    writer.encrypt(user, owner_password=owner)
    target = tmp_path / "encrypted.pdf"
    with open(target, "wb") as f:
        writer.write(f)
    return target.read_bytes()


WIDE = "The national action plan shall be published on the government portal and"


def test_read_pdf(tmp_path, caplog):
    data = make_pdf(
        [
            [
                "1. Introduction",
                WIDE,
                "kept up to date by the ministry, which shall give access to infor-",
                "mation on request.",
                "Page 1 of 2",
            ],
            [
                "(a) The first commitment of the plan is to publish every contract",
                "in full.",
                "- 2 -",
            ],
        ]
    )
    path = write(tmp_path, "final.pdf", data)
    with caplog.at_level(logging.DEBUG):
        doc = read_document(path)
    assert doc.text == (
        "1. Introduction\n\n"
        f"{WIDE} kept up to date by the ministry, which shall give access to information on "
        "request.\n"
        "(a) The first commitment of the plan is to publish every contract in full."
    )
    assert (doc.format, doc.encoding, doc.lang) == ("pdf", None, "en")
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert logging.getLogger("pypdf").level == logging.NOTSET  # restored


def test_pdf_running_headers_are_dropped(tmp_path):
    pages = [[f"Draft Action Plan {2024}", f"Body text of page {n}.", str(n)] for n in range(1, 5)]
    doc = read_document(write(tmp_path, "draft.pdf", make_pdf(pages)))
    assert "Draft Action Plan" not in doc.text
    assert doc.text.split() == " ".join(f"Body text of page {n}." for n in range(1, 5)).split()


def test_pdf_non_ascii_text(tmp_path):
    doc = read_document(write(tmp_path, "fr.pdf", make_pdf([["Le café coûte 5 €."]])))
    assert doc.text == "Le café coûte 5 €."


def test_pdf_without_text_layer(tmp_path):
    path = write(tmp_path, "scan.pdf", make_pdf([[], ["2"]]))  # only a page number
    with pytest.raises(EmptyDocumentError) as info:
        read_document(path)
    assert "scanned" in str(info.value) and "OCR" in str(info.value) and "2 page" in str(info.value)


def test_pdf_with_user_password(tmp_path):
    data = encrypt_pdf(make_pdf([["secret text"]]), tmp_path, user="pw", owner="owner")
    with pytest.raises(CorruptDocumentError, match="encrypted PDF.*decrypt it first"):
        read_document(write(tmp_path, "locked.pdf", data))


def test_pdf_with_owner_password_only_is_read(tmp_path):
    data = encrypt_pdf(make_pdf([["restricted but readable"]]), tmp_path, user="", owner="owner")
    assert read_document(write(tmp_path, "restricted.pdf", data)).text == "restricted but readable"


# --- a text layer that repeats itself is text (issue 13, item 7) ---------------------------

SENTENCE = "I support opening every council meeting to the press."


@pytest.mark.issue(13)
def test_pdf_whose_pages_repeat_one_sentence_is_read(tmp_path):
    # A petition signed page by page: the same line on every page is its text, not a
    # running header, even though it sits at the top (and bottom) of each page.
    doc = read_document(write(tmp_path, "petition.pdf", make_pdf([[SENTENCE]] * 4)))
    assert doc.text.count(SENTENCE) == 4
    numbered = make_pdf([[SENTENCE, str(n)] for n in range(1, 5)])
    doc = read_document(write(tmp_path, "numbered.pdf", numbered))
    assert doc.text.count(SENTENCE) == 4 and not any(c.isdigit() for c in doc.text)


@pytest.mark.issue(13)
def test_pdf_whose_pages_repeat_two_lines_is_read(tmp_path):
    pages = [["To the council:", SENTENCE]] * 5
    doc = read_document(write(tmp_path, "form.pdf", make_pdf(pages)))
    assert doc.text.count(SENTENCE) == 5 and doc.text.count("To the council:") == 5


@pytest.mark.issue(13)
def test_pdf_scan_whose_text_layer_is_only_a_stamp_numbered_per_page_is_still_refused(tmp_path):
    scan = make_pdf([[f"KCTU-000{n}"] for n in range(101, 105)])  # a Bates number a page
    with pytest.raises(EmptyDocumentError, match="looks scanned"):
        read_document(write(tmp_path, "scan.pdf", scan))


def test_pdf_running_header_is_dropped_also_from_a_page_that_has_only_it(tmp_path):
    pages = [["Draft Action Plan 2024", f"Body text of page {n}.", str(n)] for n in range(1, 5)]
    pages.append(["Draft Action Plan 2024", "5"])  # a last page left blank but for furniture
    doc = read_document(write(tmp_path, "plan.pdf", make_pdf(pages)))
    assert "Draft Action Plan" not in doc.text
    assert doc.text.count("Body text of page") == 4


# --- hostile PDFs (issue 13, item 1): refused in one line, within bounded memory ----------


def flate_pdf(chunks: Iterable[bytes], *, pages: int = 1, page: bytes | None = None) -> bytes:
    """``pages`` pages that all draw one FlateDecode content stream, compressed a chunk at
    a time from ``chunks`` (Helvetica as /F1), so that a bomb is never held unpacked.
    With ``page``, that stream is the form XObject /Fm1 and ``page`` the pages' content."""
    deflater = zlib.compressobj(9)
    stream = b"".join(deflater.compress(chunk) for chunk in chunks) + deflater.flush()
    font, content, form = 3 + pages, 4 + pages, 5 + pages
    resources = b"<< /Font << /F1 %d 0 R >> /XObject << /Fm1 %d 0 R >> >>" % (font, form)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (3 + i) for i in range(pages)), pages),
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources %s >>" % (content, resources)
    ] * pages
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    flate = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream)
    if page is None:
        objects.append(flate)
    else:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(page), page))
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources %s /Length %d "
            b"/Filter /FlateDecode >>\nstream\n%s\nendstream" % (resources, len(stream), stream)
        )
    return pdf_file(objects)


def lines(line: bytes, size: int) -> Iterable[bytes]:
    """A text object showing ``line`` (a string operand) one line after another, to
    about ``size`` bytes of content, a megabyte at a time."""
    yield b"BT /F1 11 Tf 14 TL 72 760 Td\n"
    block = b"(%s) Tj T*\n" % line
    block *= max(1, min(size, 2**20) // len(block))
    for _ in range(max(1, size // len(block))):
        yield block
    yield b"ET\n"


@pytest.mark.issue(13)
def test_pdf_stream_inflating_to_gigabytes_is_refused_in_one_line(tmp_path):
    path = write(tmp_path, "bomb.pdf", flate_pdf(lines(b"a" * 60, 100 * 2**20)))
    assert path.stat().st_size < 2**20
    error, peak = refusal_and_peak(path)
    assert isinstance(error, CorruptDocumentError)
    assert error.cause.startswith("too large to read safely: a stream in it unpacks past ")
    assert error.cause.endswith("; if it is a genuine document, save it again as PDF")
    assert peak < 200 * 2**20


@pytest.mark.issue(13)
def test_pdf_pages_drawing_one_huge_stream_are_refused(tmp_path, monkeypatch):
    # Pages may share a content stream: one 40 KB stream of text, drawn by 20 pages,
    # reads as 800 KB. The limit is lowered to keep the test small.
    monkeypatch.setattr(provenance.read_pdf, "MAX_TEXT_CHARS", 400_000, raising=False)
    path = write(tmp_path, "shared.pdf", flate_pdf(lines(SENTENCE.encode(), 40_000), pages=20))
    error, _ = refusal_and_peak(path)
    assert error.cause == (
        "too large to read safely: its text layer holds over 400,000 characters by page 12; "
        "if it is a genuine document, split it into smaller files"
    )


@pytest.mark.issue(13)
def test_pdf_page_too_costly_to_extract_is_refused(tmp_path, monkeypatch):
    # pypdf's text extraction takes time that grows with the square of a page's text
    # (each text operator copies the page's text so far): a 2 MB page took 5 s, a 10 MB
    # one more than 5 minutes, and real pages hold a few kilobytes. The limit is lowered
    # (from 2 * 10^10) to keep the test small.
    monkeypatch.setattr(provenance.read_pdf, "MAX_PAGE_WORK", 10**9, raising=False)
    path = write(tmp_path, "dense.pdf", flate_pdf(lines(b"a" * 60, 2**19)))
    with pytest.raises(CorruptDocumentError) as info:
        read_document(path)
    assert info.value.cause == (
        "too large to read safely: page 1 holds too much text to extract in reasonable time; "
        "if it is a genuine document, split it into smaller files"
    )


@pytest.mark.issue(13)
def test_pdf_whose_pages_together_are_too_costly_to_extract_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(provenance.read_pdf, "MAX_DOCUMENT_WORK", 10**9, raising=False)
    path = write(tmp_path, "many.pdf", flate_pdf(lines(b"a" * 60, 2**17), pages=20))
    with pytest.raises(CorruptDocumentError) as info:
        read_document(path)
    assert info.value.cause == (
        "too large to read safely: its text takes too long to extract (by page 5); "
        "if it is a genuine document, split it into smaller files"
    )


@pytest.mark.issue(13)
@pytest.mark.parametrize("after", [b"", b" Q"])  # the form ends the page, or not
def test_pdf_form_too_costly_to_extract_is_refused(tmp_path, monkeypatch, after):
    # pypdf swallows any error raised while it extracts a form XObject's text.
    monkeypatch.setattr(provenance.read_pdf, "MAX_PAGE_WORK", 10**9, raising=False)
    data = flate_pdf(lines(b"a" * 60, 2**19), page=b"q /Fm1 Do" + after)
    with pytest.raises(CorruptDocumentError, match="page 1 holds too much text"):
        read_document(write(tmp_path, "form.pdf", data))


@pytest.mark.issue(13)
def test_pdf_page_of_too_many_text_pieces_is_refused(tmp_path):
    # Parsed, each string of a content stream costs pypdf some 270 bytes: a 3 MB page of
    # 500,000 one-letter strings took 135 MB and 7 s to read, from a 10 KB file.
    content = [b"BT /F1 11 Tf\n", b"(a)Tj " * 500_000, b"ET\n"]
    path = write(tmp_path, "pieces.pdf", flate_pdf(content))
    error, peak = refusal_and_peak(path)
    assert error.cause == (
        "too large to read safely: page 1 draws its text in over 250,000 pieces; "
        "if it is a genuine document, split it into smaller files"
    )
    assert peak < 64 * 2**20
