"""RTF to text: the document's visible characters, paragraphs kept apart.

RTF is text: groups in braces, control words (``\\par``, ``\\u8212?``), and the
characters in between. What is not part of the document's text is skipped whole: the
font, colour and style tables, document information, pictures and embedded objects,
headers and footers, a field's instruction (its result is kept), and every group marked
``\\*`` (an optional destination a reader may ignore). Characters come as themselves, as
``\\'hh`` bytes in the document's code page (``\\ansicpg949`` for Korean, several bytes a
character), or as ``\\uN`` Unicode followed by ``\\ucN`` fallback characters, which are
dropped. The layout is that of Microsoft's RTF 1.9.1 specification.
"""

from __future__ import annotations

import codecs
import re

from .errors import CorruptDocumentError
from .normalize import normalize

# A control word with its parameter and delimiting space, a control symbol, a group
# brace, or a run of plain characters.
_TOKEN_RE = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]",
    re.DOTALL,
)
# Destinations whose text is not the document's.
_SKIPPED = {
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "fldinst", "header",
    "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf", "listtable",
    "listoverridetable", "revtbl", "rsidtbl", "themedata", "colorschememapping",
    "latentstyles", "datastore", "xmlnstbl", "filetbl", "generator", "pgdsctbl", "bkmkstart",
    "bkmkend", "field_inst",
}  # fmt: skip
_WORDS = {
    "par": "\n\n", "sect": "\n\n", "page": "\n\n", "line": "\n", "row": "\n", "cell": " | ",
    "tab": "\t", "emdash": "\u2014", "endash": "\u2013", "bullet": "\u2022",
    "lquote": "\u2018", "rquote": "\u2019", "ldblquote": "\u201c", "rdblquote": "\u201d",
    "emspace": "\u2003", "enspace": "\u2002", "qmspace": "\u2005",
}  # fmt: skip
_SYMBOLS = {"~": "\u00a0", "_": "\u2011", "-": "", "\\": "\\", "{": "{", "}": "}", "\n": "\n\n",
            "\r": "\n\n", "\t": "\t"}  # fmt: skip


def read_rtf(data: bytes, name: str) -> tuple[str, str | None]:
    """An RTF file's text, and the code page its ``\\'hh`` bytes were read in.

    Raises:
        CorruptDocumentError: not RTF.
    """
    if not data.lstrip()[:5] == b"{\\rtf":
        raise CorruptDocumentError(name, "not an RTF file (it does not start with {\\rtf)")
    # RTF is 7-bit: anything else is taken as Latin-1, byte for byte, and decoded below.
    text, codepage = _text(data.decode("latin-1"))
    return normalize(text), codepage


def _text(rtf: str) -> tuple[str, str]:
    out: list[str] = []
    pending = bytearray()  # \'hh bytes of the current run, decoded together
    codepage = "cp1252"
    skip_depth: int | None = None  # depth of the group being skipped
    depth = 0
    fallback = 1  # \ucN: characters after \uN to drop
    to_drop = 0
    fallbacks: list[int] = []  # \uc of the enclosing groups
    star = False  # the last token was \*: the group that holds it is optional

    def flush() -> None:
        if pending:
            out.append(codecs.decode(bytes(pending), codepage, "replace"))
            pending.clear()

    for match in _TOKEN_RE.finditer(rtf):
        word, parameter, hexbyte, symbol, brace, chars = match.groups()
        if brace == "{":
            depth += 1
            fallbacks.append(fallback)
            continue
        if brace == "}":
            if skip_depth is not None and depth == skip_depth:
                skip_depth = None
            depth -= 1
            fallback = fallbacks.pop() if fallbacks else 1
            continue
        if skip_depth is not None:
            continue
        if symbol == "*":
            star = True
            continue
        if word is not None and (star or word in _SKIPPED):
            flush()
            skip_depth, star = depth, False
            continue
        star = False
        if to_drop and (chars or hexbyte or symbol):
            if chars:  # drop the first fallback characters of this run
                dropped = min(to_drop, len(chars))
                to_drop -= dropped
                chars = chars[dropped:]
                if not chars:
                    continue
            else:
                to_drop -= 1
                continue
        if hexbyte is not None:
            pending.append(int(hexbyte, 16))
            continue
        flush()
        if word is not None:
            if word == "ansicpg" and parameter:
                codepage = _codepage(parameter)
            elif word == "uc" and parameter:
                fallback = max(0, int(parameter))
            elif word == "u" and parameter:
                out.append(chr(int(parameter) % 65536))
                to_drop = fallback
            elif word in _WORDS:
                out.append(_WORDS[word])
        elif symbol is not None:
            out.append(_SYMBOLS.get(symbol, ""))
        elif chars:
            out.append(chars)
    flush()
    # A character beyond U+FFFF comes as two \\u surrogates: join each pair.
    text = "".join(out).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text, codepage


def _codepage(number: str) -> str:
    name = f"cp{int(number)}"
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name
