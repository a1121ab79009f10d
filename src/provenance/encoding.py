"""Decode a text file's bytes: byte-order marks, UTF-16/32, UTF-8 and legacy code pages.

Also tells binary data from text, so that a scan or an archive named ``.txt`` fails
with a message saying what it probably is, and turns file names that are not valid
UTF-8 into printable strings.

UTF-8 with a few bad bytes (a file cut mid-character, a stray byte from a copy and
paste) is read as UTF-8 with each bad byte sequence replaced by U+FFFD (one per
maximal invalid subsequence, as Python's "replace" handler does), so the rest keeps its
characters; it is not skipped, and not decoded as a legacy code page, which would turn
every "é" of the good text into "Ã©". "A few" means at most ``_MAX_BAD_UTF8_SHARE`` of
the non-ASCII bytes: in text written in a legacy code page 40-100% of them are not
UTF-8 (CP949 Korean and GBK Chinese form a valid pair now and then, CP1252 almost
never), so such text still goes to the code-page guess. So does ASCII text with a lone
stray byte, which carries no evidence of UTF-8: the byte becomes a CP1252 character.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata

from .errors import BinaryDocumentError

OCR_ADVICE = "; run OCR on it and read the text"
# What a binary file that should have been text probably is.
_MAGIC = (
    (b"%PDF-", "it looks like a PDF; give it a .pdf extension"),
    (b"PK\x03\x04", "it looks like a ZIP package (DOCX?); give it the right extension"),
    (b"\xd0\xcf\x11\xe0", "it looks like an old Office file (.doc); save it as .docx"),
    (b"\x89PNG", "it is a PNG image" + OCR_ADVICE),
    (b"\xff\xd8\xff", "it is a JPEG image" + OCR_ADVICE),
    (b"GIF8", "it is a GIF image" + OCR_ADVICE),
)

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset-normalizer's name -> the codec to decode with. Each target is a superset
# that Windows actually writes: Korean files labelled EUC-KR are CP949 (UHC), and
# Latin-1 files are CP1252 (which has printable “ ” € where Latin-1 has controls).
_ENCODING_ALIASES = {
    "euc_kr": "cp949",
    "ks_c_5601": "cp949",
    "ks_c_5601_1987": "cp949",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "iso_8859_1": "cp1252",
    "ascii": "cp1252",
    "shift_jis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    # Mac code pages are all but extinct, and charset-normalizer picks them for short
    # Windows-encoded texts ("Правительство" -> "ѕравительство").
    "mac_roman": "cp1252",
    "mac_iceland": "cp1252",
    "mac_latin2": "cp1250",
    "mac_cyrillic": "cp1251",
    "mac_greek": "cp1253",
    "mac_turkish": "cp1254",
}
# Encodings tried besides charset-normalizer's guess (None stands for the guess), in
# order of preference when they read equally well: on short Western texts
# charset-normalizer often answers cp1250 or cp1125 ("déjà" -> "déjŕ"), while CP1252
# is what was meant.
_CANDIDATE_ENCODINGS = ("cp1252", None, "cp949", "cp1251", "cp1250")
# Share of NUL bytes that must fall on one side of the byte pairs for UTF-16. Korean
# text puts a few on the other side: 대 is U+B300.
_UTF16_NUL_SIDE = 0.6
_MAX_CONTROL_SHARE = 0.01  # text files have the odd form feed; 1% controls is binary
# Controls other than tab, line ends, form feed and the DOS end-of-file mark.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
_SAMPLE_CHARS = 100_000  # how much of a decoded text is scored to choose an encoding
_MAX_GARBAGE_SHARE = 0.3  # share of words that read as mojibake in the best decoding
# Largest share of the non-ASCII bytes that may be invalid for text to be read as
# damaged UTF-8. Legacy code pages measure 0.4 (short Russian text in GBK) to 1.0.
_MAX_BAD_UTF8_SHARE = 0.2
_BAD_BYTE_RE = re.compile("[\udc80-\udcff]")  # bytes kept by the surrogateescape handler
_NON_ASCII_BYTE_RE = re.compile(b"[\x80-\xff]")


def decode_bytes(data: bytes, *, name: str) -> tuple[str, str]:
    """Decode a text file's bytes; return the text and the codec name used.

    Tries, in order: a byte-order mark (UTF-8/16/32); UTF-16/32 without one (told by
    where its NUL bytes fall); strict UTF-8; CP949 when the bytes read as Korean; UTF-8
    with its few bad byte sequences replaced by U+FFFD; then charset-normalizer's guess
    against CP1252, CP1251 and CP1250, keeping the decoding with the fewest mojibake
    words. ``name`` is only used in error messages.

    >>> decode_bytes("시민 참여".encode("cp949"), name="a.txt")
    ('시민 참여', 'cp949')

    Raises:
        BinaryDocumentError: the bytes are not text in any encoding tried.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise BinaryDocumentError(
                    name, f"not valid {encoding.upper()} despite its byte-order mark ({e.reason})"
                ) from e
    if not data:
        return "", "utf-8"
    if b"\x00" in data:
        wide = _decode_wide(data)
        if wide is None:
            offset = data.index(b"\x00")
            raise BinaryDocumentError(
                name, f"binary data, not text (NUL bytes at offset {offset}){_hint(data)}"
            )
        return wide
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_legacy(data, name)
    controls = len(_CONTROL_RE.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise BinaryDocumentError(
            name, f"binary data, not text ({controls} control characters){_hint(data)}"
        )
    return text, encoding


def printable_name(name: str) -> str:
    """A file name or path as valid Unicode, each byte that is not UTF-8 written ``\\xNN``.

    Python keeps such bytes in ``str`` as lone surrogates, which no UTF-8 output (JSON,
    SQLite, a terminal) can hold. Escaping them keeps the name readable, unique and
    reversible; valid names come back unchanged.

    >>> printable_name(os.fsdecode(b"caf\\xe9.txt"))
    'caf\\\\xe9.txt'
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


def has_bom(data: bytes) -> bool:
    """Whether ``data`` starts with a UTF-8, UTF-16 or UTF-32 byte-order mark."""
    return data.startswith(tuple(bom for bom, _ in _BOMS))


def _decode_wide(data: bytes) -> tuple[str, str] | None:
    """UTF-32 or UTF-16 without a BOM, or None.

    In UTF-16 text every ASCII character (spaces, newlines, digits) has its NUL byte on
    the same side of each pair: odd offsets for little-endian, even for big-endian.
    """
    candidates: list[str] = []
    if len(data) % 4 == 0:
        candidates += ["utf-32-le", "utf-32-be"]
    if len(data) % 2 == 0:
        # Only the side the NULs point to: the other reads binary as CJK ideographs.
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if odd >= _UTF16_NUL_SIDE * (even + odd):
            candidates.append("utf-16-le")
        elif even >= _UTF16_NUL_SIDE * (even + odd):
            candidates.append("utf-16-be")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _unprintable_share(text) <= _MAX_CONTROL_SHARE:
            return text, encoding
    return None


def _decode_damaged_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes, each bad sequence as U+FFFD; None if it is not UTF-8."""
    bad = len(_BAD_BYTE_RE.findall(data.decode("utf-8", "surrogateescape")))
    if bad > _MAX_BAD_UTF8_SHARE * len(_NON_ASCII_BYTE_RE.findall(data)):
        return None
    return data.decode("utf-8", "replace")


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes that are neither valid UTF-8 nor UTF-16/32."""
    korean = _decode_cp949(data)
    if korean is not None:
        return korean, "cp949"
    damaged = _decode_damaged_utf8(data)
    if damaged is not None:
        return damaged, "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = _ENCODING_ALIASES.get(best.encoding, best.encoding) if best is not None else None
    tried: list[tuple[int, int, str, str]] = []
    order = [guess if encoding is None else encoding for encoding in _CANDIDATE_ENCODINGS]
    for rank, encoding in enumerate(dict.fromkeys(order)):
        if encoding is None:
            continue
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        # The start tells encodings apart as well as the whole, at a fraction of the cost.
        tried.append((_garbage_words(text[:_SAMPLE_CHARS]), rank, encoding, text))
    if not tried:
        raise BinaryDocumentError(name, f"binary data, not text (no encoding fits){_hint(data)}")
    garbage, _, encoding, text = min(tried)
    if garbage > _MAX_GARBAGE_SHARE * max(1, len(text[:_SAMPLE_CHARS].split())):
        raise BinaryDocumentError(
            name, f"binary data, not text (no encoding reads it as words){_hint(data)}"
        )
    return text, encoding


def _decode_cp949(data: bytes) -> str | None:
    """The text if the bytes are plainly CP949 (EUC-KR) Korean, else None.

    Plainly: most characters beyond ASCII are Hangul, and most of those are among the
    2,350 common syllables of KS X 1001. Other 8-bit text that happens to decode as
    CP949 lands in the rare syllables of its extension ("Rząd" -> "Rz퉐").
    """
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    beyond_ascii = [ch for ch in text[:_SAMPLE_CHARS] if not ch.isascii()]
    hangul = [ch for ch in beyond_ascii if "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e"]
    common = sum(1 for ch in hangul if _in_ks_x_1001(ch))
    plain = bool(beyond_ascii) and len(hangul) >= 0.6 * len(beyond_ascii)
    return text if plain and common >= 0.9 * len(hangul) else None


def _in_ks_x_1001(ch: str) -> bool:
    # Python's euc_kr spells the other syllables as 8-byte jamo sequences (KS X 1001 annex 3).
    try:
        return len(ch.encode("euc_kr")) == 2
    except UnicodeEncodeError:
        return False


def _garbage_words(text: str) -> int:
    """How many words of ``text`` look like mojibake.

    A word is suspect when it mixes scripts ("cafй"), has a symbol between two letters
    ("by³o"), or is three or more accented Latin letters with no plain one
    ("Ïðàâèòåëü": Cyrillic read as CP1252). Controls count as garbage too.
    """
    garbage = _unprintable(text)
    for token in text.split():
        if token.isascii():
            continue
        core = _strip_edges(token)
        letters = [ch for ch in core if ch.isalpha()]
        scripts = {_script_of(ch) for ch in letters}
        symbol_inside = any(
            a.isalpha() and c.isalpha() and _foreign_in_word(b)
            for a, b, c in zip(core, core[1:], core[2:], strict=False)
        )
        accented_only = (
            len(letters) >= 3 and scripts == {"latin"} and not any(ch.isascii() for ch in letters)
        )
        if len(scripts) > 1 or symbol_inside or accented_only:
            garbage += 1
    return garbage


# Non-ASCII characters that do stand between two letters of a word.
_IN_WORD = frozenset("’‘ʼ‐‑–—·…")


def _foreign_in_word(ch: str) -> bool:
    """A character that no word holds between two letters: "¹" in "Rz¹d"."""
    if ch.isascii() or ch.isalpha() or ch in _IN_WORD or _script_of(ch) == "cjk":
        return False  # CJK punctuation ("。", "，") sits inside runs of text without spaces
    return unicodedata.category(ch)[0] != "M"


def _strip_edges(token: str) -> str:
    start, end = 0, len(token)
    while start < end and unicodedata.category(token[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(token[end - 1])[0] in "PS":
        end -= 1
    return token[start:end]


# Japanese mixes kanji and kana in one word and Korean may mix Hangul and Hanja: for
# telling mojibake apart, they are one script.
_CJK_RANGES = ((0x1100, 0x11FF), (0x2E80, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7FF),
               (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF))  # fmt: skip


def _script_of(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x250 or 0x1E00 <= cp < 0x1F00:
        return "latin"
    if any(first <= cp <= last for first, last in _CJK_RANGES):
        return "cjk"
    return unicodedata.name(ch, "other ").split(" ", 1)[0].lower()


def _unprintable(text: str) -> int:
    """How many control, private-use and unassigned characters ``text`` holds."""
    controls = len(_CONTROL_RE.findall(text))
    if text.isascii():
        return controls
    return controls + sum(1 for ch in text if unicodedata.category(ch) in ("Co", "Cn"))


def _unprintable_share(text: str) -> float:
    return _unprintable(text) / len(text) if text else 0.0


def _hint(data: bytes) -> str:
    for magic, hint in _MAGIC:
        if data.startswith(magic):
            return f"; {hint}"
    return ""
