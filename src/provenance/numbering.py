"""Render list numbers as Word and HTML show them: "c", "III", "다", "②", "十二"."""

from __future__ import annotations

_GANADA = "가나다라마바사아자차카타파하"
_CHOSUNG = "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ"
_CJK_DIGITS = "〇一二三四五六七八九"
_KOREAN_DIGITS = ["", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"]
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def format_number(n: int, number_format: str) -> str:
    """Render list number ``n`` in a Word ``w:numFmt`` style.

    Unknown styles, and numbers a style cannot show (0, or past ⑳ for circled digits
    beyond the Unicode ones), fall back to decimal.

    >>> [format_number(3, f) for f in ("decimal", "lowerLetter", "upperRoman", "ganada")]
    ['3', 'c', 'III', '다']
    """
    if n <= 0:
        return str(n)
    if number_format == "decimalZero":
        return f"{n:02d}"
    if number_format in ("lowerLetter", "upperLetter"):
        # Word goes a..z, then aa..zz, aaa..: the letter repeats.
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if number_format == "lowerLetter" else letter.upper()
    if number_format in ("lowerRoman", "upperRoman") and n < 4000:
        roman = _to_roman(n)
        return roman if number_format == "lowerRoman" else roman.upper()
    if number_format in ("ganada", "chosung"):
        letters = _GANADA if number_format == "ganada" else _CHOSUNG
        return letters[(n - 1) % len(letters)]
    if number_format in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _circled(n)
    if number_format == "decimalEnclosedParen" and n <= 20:
        return chr(0x2474 + n - 1)  # ⑴
    if number_format == "decimalEnclosedFullstop" and n <= 20:
        return chr(0x2488 + n - 1)  # ⒈
    if number_format == "decimalFullWidth":
        return "".join(chr(ord(d) - ord("0") + 0xFF10) for d in str(n))
    if number_format in (
        "ideographDigital", "chineseCounting", "japaneseCounting", "chineseCountingThousand",
        "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseDigitalTenThousand",
    ) and n < 100:  # fmt: skip
        return _cjk_number(n, digital=number_format == "ideographDigital")
    if number_format in ("koreanDigital", "koreanCounting", "koreanLegal") and n < 100:
        tens, ones = divmod(n, 10)
        head = "" if tens == 0 else ("십" if tens == 1 else _KOREAN_DIGITS[tens] + "십")
        return head + _KOREAN_DIGITS[ones]
    return str(n)


def _to_roman(n: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def _circled(n: int) -> str:
    if n <= 20:
        return chr(0x2460 + n - 1)  # ①..⑳
    if n <= 35:
        return chr(0x3251 + n - 21)  # ㉑..㉟
    if n <= 50:
        return chr(0x32B1 + n - 36)  # ㊱..㊿
    return str(n)


def _cjk_number(n: int, *, digital: bool) -> str:
    if digital:
        return "".join(_CJK_DIGITS[int(d)] for d in str(n))
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CJK_DIGITS[tens] + "十")
    return head + (_CJK_DIGITS[ones] if ones else "")
