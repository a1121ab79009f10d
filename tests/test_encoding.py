import codecs
import random

import pytest
from test_read import KOREAN, write

from provenance.encoding import decode_bytes
from provenance.errors import BinaryDocumentError
from provenance.read import read_document


@pytest.mark.parametrize(
    "text, codec, encoding",
    [
        ("plain ascii", "utf-8", "utf-8"),
        ("UTF-8 café 시민", "utf-8", "utf-8"),
        ("with BOM 시민", "utf-8-sig", "utf-8-sig"),
        ("UTF-16 with BOM 시민", "utf-16", "utf-16"),
        ("UTF-32 with BOM 시민", "utf-32", "utf-32"),
        ("no BOM, little end", "utf-16-le", "utf-16-le"),
        ("no BOM, big end", "utf-16-be", "utf-16-be"),
        ("시민 참여를 확대한다.", "utf-16-le", "utf-16-le"),
        ("시민 참여를 확대한다.", "utf-16-be", "utf-16-be"),
        (KOREAN, "cp949", "cp949"),
        (KOREAN, "euc-kr", "cp949"),
        ("똠방각하 펲시 믜", "cp949", "cp949"),  # syllables only CP949 (UHC) has
        ("시민 참여", "cp949", "cp949"),
        ("The “plan” costs €5 — déjà vu.", "cp1252", "cp1252"),
        ("“quoted”", "cp1252", "cp1252"),
        ("¿Qué pasa, señora Muñoz?", "cp1252", "cp1252"),
        ("Le café est très bon. Ça coûte 5 £.", "latin-1", "cp1252"),
        ("Die Straße ist schön und groß.", "latin-1", "cp1252"),
        ("Правительство опубликует план.", "cp1251", "cp1251"),
        ("Rząd opublikuje plan i budżet.", "cp1250", "cp1250"),
        ("日本語の文章です。政府は計画を公表する。", "shift_jis", "cp932"),
        ("政府应当公开预算和计划，接受公众监督。", "gbk", "gb18030"),
    ],
)
def test_decode_bytes(text, codec, encoding):
    assert decode_bytes(text.encode(codec), name="x.txt") == (text, encoding)


def test_decode_utf16_big_endian_with_bom():
    data = codecs.BOM_UTF16_BE + "UTF-16 BE 시민".encode("utf-16-be")
    assert decode_bytes(data, name="x.txt") == ("UTF-16 BE 시민", "utf-16")


def test_decode_bytes_of_nothing():
    assert decode_bytes(b"", name="x.txt") == ("", "utf-8")


@pytest.mark.parametrize(
    "data, cause",
    [
        (b"text\x00\x01\x02\x03binary" * 3, "NUL bytes at offset 4"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\x01\x02\x03\x04\x05 not much text \x06\x07\x08\x0e\x0f", "control characters"),
        (codecs.BOM_UTF16_LE + b"odd", "not valid UTF-16 despite its byte-order mark"),
        (bytes(b or 1 for b in random.Random(3).randbytes(2000)), "binary data"),
    ],
)
def test_binary_data_is_refused(tmp_path, data, cause):
    path = write(tmp_path, "scan.txt", data)
    with pytest.raises(BinaryDocumentError) as info:
        read_document(path)
    assert cause in str(info.value)
    assert str(info.value).startswith(f"{path}: ")
