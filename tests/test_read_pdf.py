import hashlib
import logging
from pathlib import Path

import pytest
from test_read import make_pdf, write

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
