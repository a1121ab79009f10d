"""Text clean-up: a chain of small ``str -> str`` steps composed in order.

``normalize`` is what every reader applies last, so two files that say the same thing
give the same text (and the same offsets) whatever editor, encoding or OS wrote them:

    >>> normalize("\\ufeffTitle\\r\\n\\r\\n\\r\\n\\u2022  First\\u00a0item  \\r\\n")
    'Title\\n\\n- First item'

``dehyphenate`` and ``join_wrapped_lines`` undo the line layout of PDF text. They are
not part of ``normalize``: plain text keeps its own lines, and the segmenter joins the
lines of a paragraph itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import reduce

Step = Callable[[str], str]


def make_pipeline(*steps: Step) -> Step:
    """Compose ``str -> str`` steps left to right into one function (textacy style)."""

    def pipeline(text: str) -> str:
        return reduce(lambda acc, step: step(acc), steps, text)

    return pipeline


# --- the steps of normalize, in the order they run ---------------------------------

# NEL, VT and FF also end lines; FF is how PDF extractors mark a page break.
_LINE_BREAK_RE = re.compile("\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
_LINE_BREAK_CHAR_RE = re.compile("[\r\u2028\u2029\x85\x0b\x0c]")


def unify_line_breaks(text: str) -> str:
    """CRLF, CR, NEL, VT, FF, U+2028 and U+2029 become ``\\n``."""
    # The steps check cheaply whether they have work first: most texts need none, and
    # at a hundred thousand submissions the regular expressions' scans add up.
    if not _LINE_BREAK_CHAR_RE.search(text):
        return text
    return _LINE_BREAK_RE.sub("\n", text)


# Zero-width and bidi format characters, the BOM, the soft hyphen, and every C0/C1
# control except \n and \t. They are invisible, so two copies of one text differ in
# them at random; removing them is what lets the copies match.
_INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff]"
)


def replace_surrogates(text: str) -> str:
    """Lone surrogates (from undecodable bytes) become U+FFFD: no encoder accepts them."""
    return _SURROGATE_RE.sub("\ufffd", text)


def remove_invisible(text: str) -> str:
    """Drop BOMs, zero-width characters, soft hyphens and control characters."""
    return _INVISIBLE_RE.sub("", text)


def nfc(text: str) -> str:
    """Unicode normal form C: one code point sequence for each visible character."""
    return unicodedata.normalize("NFC", text)


# Tab, NBSP, the U+2000 block, narrow NBSP, math space, ideographic space, Ogham space.
_SPACE_RE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def unify_spaces(text: str) -> str:
    """Tabs and every Unicode space other than ``\\n`` become a plain space."""
    return _SPACE_RE.sub(" ", text)


# Characters that are only ever bullets at the start of a line, followed by a space
# or not. The U+F0xx code points are Word's Symbol/Wingdings bullets as PDFs extract
# them; the middle dots are how Korean and Japanese documents bullet lists.
_BULLETS = "•◦▪▫●○■□‣⁃◆◇◾◽►▻▸▹➢➤➔→❖⦿⦾∙·ㆍ・\uf0a7\uf0b7\uf0d8\uf076\uf0fc\uf06c\uf06e"
# Dashes and the asterisk are bullets only when a space follows ("— item", "* item");
# otherwise they are text ("—quoted", "*emphasis*").
_SPACED_BULLETS = "*–—‒―‐‑−"
_BULLET_RE = re.compile(
    rf"^( *)(?:[{re.escape(_BULLETS)}] *|[{re.escape(_SPACED_BULLETS)}] +)(?=\S)",
    re.MULTILINE,
)


_ANY_BULLET_RE = re.compile(f"[{re.escape(_BULLETS + _SPACED_BULLETS)}]")


def normalize_bullets(text: str) -> str:
    """Bullets at the start of a line become ``"- "``; indentation is kept."""
    # In ASCII text the only bullet is "*": a substring test is far cheaper than a scan.
    has_bullet = "*" in text if text.isascii() else _ANY_BULLET_RE.search(text)
    return _BULLET_RE.sub(r"\1- ", text) if has_bullet else text


_INNER_SPACES_RE = re.compile(r"(?<=[^ \n]) {2,}")


def collapse_spaces(text: str) -> str:
    """Runs of spaces inside a line become one space; leading indentation is kept."""
    return _INNER_SPACES_RE.sub(" ", text) if "  " in text else text


_TRAILING_SPACES_RE = re.compile(r" +$", re.MULTILINE)


def strip_trailing_spaces(text: str) -> str:
    """Remove spaces at the end of every line (so blank lines are empty)."""
    if " \n" not in text and not text.endswith(" "):
        return text
    return _TRAILING_SPACES_RE.sub("", text)


_BLANK_LINES_RE = re.compile(r"\n{3,}")


def limit_blank_lines(text: str) -> str:
    """At most one blank line in a row: paragraph breaks survive as ``\\n\\n``."""
    return _BLANK_LINES_RE.sub("\n\n", text) if "\n\n\n" in text else text


def strip_blank_edges(text: str) -> str:
    """Remove blank lines at the start and end of the text."""
    return text.strip("\n")


_SURROGATE_RE = re.compile("[\ud800-\udfff]")

NORMALIZE_STEPS: Sequence[Step] = (
    replace_surrogates,
    unify_line_breaks,  # before remove_invisible, which would delete a bare \r
    remove_invisible,  # before nfc: a removed character can sit between base and mark
    nfc,
    unify_spaces,  # after nfc, which maps U+2000/U+2001 to U+2002/U+2003
    normalize_bullets,  # before collapse_spaces, so "•\u00a0 item" loses all its spaces
    collapse_spaces,
    strip_trailing_spaces,
    limit_blank_lines,
    strip_blank_edges,
)

_NORMALIZE = make_pipeline(*NORMALIZE_STEPS)
# Printable ASCII with \n line ends (most submissions) has nothing for the first five
# steps to do: no surrogates, other line breaks, invisible characters, decompositions
# or other spaces. Skipping them halves the time of reading 100,000 submissions.
_PLAIN_ASCII_STEPS = NORMALIZE_STEPS[NORMALIZE_STEPS.index(normalize_bullets) :]
_NORMALIZE_PLAIN_ASCII = make_pipeline(*_PLAIN_ASCII_STEPS)
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\n"


def _is_plain_ascii(text: str) -> bool:
    """Only printable ASCII and \\n (deleting those bytes leaves nothing; done in C)."""
    return text.isascii() and not text.encode("ascii").translate(None, _PRINTABLE_ASCII)


def normalize(text: str) -> str:
    """Clean up text: NFC, ``\\n`` line ends, no invisible characters, plain spaces,
    ``"- "`` bullets, no trailing spaces, at most one blank line in a row.

    Idempotent: ``normalize(normalize(t)) == normalize(t)``.

    >>> normalize("a\\u00a0\\u00a0b\\r\\n\\r\\n\\r\\n\\u25cf c")
    'a b\\n\\n- c'
    """
    if _is_plain_ascii(text):
        return _NORMALIZE_PLAIN_ASCII(text)
    return _NORMALIZE(text)


# --- PDF layout repair ---------------------------------------------------------------

# A word, a hyphen (ASCII, soft or U+2010) ending the line, and the word that goes on
# at the start of the next line, with the spaces after it.
_HYPHEN_BREAK_RE = re.compile(
    r"([^\W\d_]+)[-\u00ad\u2010][ \t]*\r?\n[ \t]*([^\W\d_]+)(\S*)[ \t]*(\r?\n|$)?"
)


def dehyphenate(text: str) -> str:
    """Join words split by a hyphen at a line end: ``"infor-\\nmation"`` -> ``"information"``.

    Only letter-hyphen-newline-lowercase letter is joined, so numbers ("2020-\\n2025"),
    names ("Jean-\\nPaul") and breaks before a blank line are left alone. Without a
    dictionary, "well-\\nknown" is ambiguous; the text itself decides: the hyphen is kept
    when the hyphenated form ("well-known") occurs elsewhere in the text and the joined
    form does not. The line break moves after the rejoined word, so each line keeps the
    rest of its words.

    >>> dehyphenate("access to infor-\\nmation for all")
    'access to information\\nfor all'
    """
    if "\n" not in text:
        return text

    def join(match: re.Match[str]) -> str:
        head, tail, punctuation, line_end = match.groups()
        if not tail[0].islower():
            return match.group(0)
        keep_hyphen = f"{head}-{tail}" in text and f"{head}{tail}" not in text
        word = f"{head}-{tail}" if keep_hyphen else f"{head}{tail}"
        # The rest of the next line stays on a line of its own.
        return word + punctuation + (line_end if line_end is not None else "\n")

    return _HYPHEN_BREAK_RE.sub(join, text)


# Lines that start a new unit whatever the line before looks like: bullets and
# numbering of every style the segmenter knows, markdown headings and table rows.
_LIST_NUM = r"[a-zA-Z]|(?-i:[ivxlc]{1,6}|[IVXLC]{1,6})|[가나다라마바사아자차카타파하]"
_UNIT_START_RE = re.compile(
    rf"""^\s*(?:
        [-*+{re.escape(_BULLETS)}](?=\s|$)
      | \#{{1,6}}\s
      | \|
      | \d{{1,3}}(?:\.\d{{1,3}})*[.)](?=\s)
      | \d{{1,3}}(?:\.\d{{1,3}})+(?=\s)
      | \(\s?(?:\d{{1,3}}|{_LIST_NUM})\s?\)
      | (?:{_LIST_NUM})[.)](?=\s)
      | [①-⑳㉑-㉟]
      | §
      | (?:article|art\.|section|sec\.|chapter|part|annex|appendix|schedule|commitment
          |milestone|rule|regulation)\s+(?:\d+|(?-i:[IVXLC]+))[\w.]*
          (?=\s*$|\s*[.:(\-–—]|(?-i:\s+[A-Z(]))
      | 제\s*\d+\s*(?:조(?:\s*의\s*\d+)?\s*(?:\(|$)|[편장절관](?:\s|$))
      | 부\s*칙
    )""",
    re.VERBOSE | re.IGNORECASE,
)
# A bullet alone on its line: PDF extractors often put the item text on the next one.
_LONE_BULLET_RE = re.compile(rf"^\s*[-*{re.escape(_BULLETS)}]\s*$")
# A line that ends like this does not end a paragraph, however short it is.
_CONTINUES_RE = re.compile(r"[,;\-–—(/&]$|\b(?:and|or|of|the|to|in|for|a|an)$", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"(?:[.!?:。．！？」』”\")]|다\.?)$")
# A hyphen that joins a compound rather than a hyphenation break: "COVID-", "Jean-".
_COMPOUND_HYPHEN_RE = re.compile(r"\w[-\u2010]$")
# Scripts written without spaces between words, and their punctuation: a wrapped line
# joins without a space.
_NO_SPACE_SCRIPTS_RE = re.compile(
    "[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)


def join_wrapped_lines(text: str) -> str:
    """Join the lines of each paragraph of PDF text into one line.

    A break is kept before a line that starts a list item, numbered unit, heading or
    table row; before and after blank lines; and after a line that ends a paragraph:
    one much shorter than the text's full lines (a heading or the last line of a
    paragraph), or one ending a sentence when the next line's first word would have fit
    on it. Inferred paragraph ends become a blank line (``\\n\\n``) so the segmenter sees
    them; breaks before list items stay single. Chinese and Japanese lines join without
    a space; every other script joins with one. Korean text wrapped in the middle of a
    word gets a space there: telling that apart needs a dictionary.

    >>> join_wrapped_lines("The plan shall be\\npublished online.\\n(a) first item")
    'The plan shall be published online.\\n(a) first item'
    """
    lines = text.split("\n")
    width = _full_line_width(lines)
    out: list[str] = []
    prev = ""  # the previous physical line; out[-1] may hold several joined ones
    for line in lines:
        if not out or not line.strip() or not prev.strip():
            out.append(line)
        elif _LONE_BULLET_RE.match(prev):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        elif _UNIT_START_RE.match(line):
            out.append(line)
        elif _ends_paragraph(prev, line, width):
            out.extend(("", line))
        else:
            out[-1] = out[-1].rstrip() + _glue(prev, line) + line.strip()
        prev = line
    return "\n".join(out)


def _full_line_width(lines: Sequence[str]) -> int:
    """The length of a full line: the 90th percentile of non-blank line lengths."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]


def _ends_paragraph(prev: str, line: str, width: int) -> bool:
    prev = prev.strip()
    if _CONTINUES_RE.search(prev):
        return False
    # With only short lines there is no reliable "full width" to compare with.
    if width < 30:
        return bool(_SENTENCE_END_RE.search(prev))
    if len(prev) < 0.6 * width:
        return True
    first_word = line.split(maxsplit=1)[0]
    fits = len(prev) + 1 + len(first_word) < 0.9 * width
    return fits and bool(_SENTENCE_END_RE.search(prev))


def _glue(prev: str, line: str) -> str:
    prev, line = prev.rstrip(), line.lstrip()
    if _COMPOUND_HYPHEN_RE.search(prev):
        return ""
    if _NO_SPACE_SCRIPTS_RE.match(prev[-1]) and _NO_SPACE_SCRIPTS_RE.match(line[0]):
        return ""
    return " "
