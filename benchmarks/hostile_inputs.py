"""Hostile inputs: does every reader refuse them in one line, quickly and in bounded memory?

Builds a matrix of files, reader by reader (txt, md, html, docx, doc, rtf, odt, hwpx, hwp,
pdf), and reads each with ``provenance.read_document`` in a subprocess of its own. The
cases, where the format allows them:

- ``sample``: a small good file, for the baseline (the interpreter and the library);
- ``bomb``: compressed data that unpacks to ``--bomb-mb`` (a ZIP part, an HWP section, a
  PDF stream), or for DOC a piece table showing 1 MB of text over and over;
- ``bomb, size lied``: the same ZIP part, its entry declaring 1,000 bytes;
- ``entities``: an XML part with a billion-laughs DTD;
- ``many entries``: a 50 MB ZIP whose directory lists a million entries;
- ``pages x 1 stream``: 1,000 PDF pages drawing one 1 MB stream of text;
- ``dense page``: a PDF page of 10 MB of text operators (pypdf's extraction is quadratic);
- ``500k strings``: a PDF page of 500,000 one-letter strings;
- ``truncated``: the sample cut in half;
- ``wrong extension``: another format's sample under this extension;
- ``garbage``: 8 MB of random bytes, or the format's magic bytes followed by them.

Each child's outcome is its one-line reason (or ``read`` and the characters read), its
wall time, and its peak RSS (the child's own VmHWM, which it reports; see :func:`run`).
A child whose RSS passes ``--cap-mb`` is killed, as is one running past ``--timeout``, so
that a reader without the guards (``PYTHONPATH=old/src``) cannot take the machine down.
The verdict: every case under 500 MB. MB are 2^20 bytes.

``--near-limit`` adds, outside the verdict, inputs just under the unpacked-size limits
(200 MB of XML or HWP records), which are read: what an accepted document can cost.

    PYTHONPATH=src python benchmarks/hostile_inputs.py
    PYTHONPATH=src python benchmarks/hostile_inputs.py --bomb-mb 3072 --only docx,pdf
"""

from __future__ import annotations

import argparse
import io
import json
import random
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from compound_file import compound_file  # noqa: E402  (a test fixture writer)
from pdf_file import pdf_file  # noqa: E402  (another)

LIMIT_MB = 500
SENTENCE = "Every municipality will hold open hearings on its draft budget."
CHILD = """
import json, resource, sys
from provenance.errors import ProvenanceError
from provenance.read import read_document
try:
    document = read_document(sys.argv[1])
    outcome = f"read ({len(document.text):,} characters)"
except ProvenanceError as e:
    outcome = getattr(e, "cause", str(e))
except BaseException as e:  # a crash is an outcome to report, not to hide
    outcome = f"CRASH {type(e).__name__}: {e}"
try:  # this process image's own high-water mark
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open(sys.argv[2], "w") as f:
    json.dump({"outcome": outcome, "peak_kib": peak}, f)
"""


@dataclass(frozen=True, slots=True)
class Result:
    reader: str
    case: str
    outcome: str
    seconds: float
    peak_mb: float  # peak RSS of the child, 2^20 bytes


# --- builders: each returns the bytes of one file ----------------------------------------


def chunks(unit: bytes, size: int, head: bytes = b"", tail: bytes = b"") -> Iterator[bytes]:
    """``head``, ``unit`` repeated to about ``size`` bytes a megabyte at a time, ``tail``."""
    yield head
    block = unit * max(1, 2**20 // len(unit))
    for _ in range(max(1, size // len(block))):
        yield block
    yield tail


def deflated(parts: Iterable[bytes], wbits: int = 15) -> bytes:
    deflater = zlib.compressobj(1, zlib.DEFLATED, wbits)
    return b"".join(deflater.compress(part) for part in parts) + deflater.flush()


def package(parts: dict[str, bytes | Callable[[], Iterable[bytes]]]) -> bytes:
    """A ZIP of ``parts``: bytes, or a function giving the chunks of a part too large to
    hold; ``mimetype`` stored, the rest deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in parts.items():
            if isinstance(data, bytes):
                method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
                archive.writestr(name, data, compress_type=method)
            else:
                with archive.open(name, "w", force_zip64=True) as stream:
                    for chunk in data():
                        stream.write(chunk)
    return out.getvalue()


def lying(data: bytes, part: str, declared: int = 1000) -> bytes:
    """``data`` with the unpacked size of ``part`` in its local and central headers set
    to ``declared``, its ZIP64 extra field too (where zipfile wrote the real sizes)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    out = bytearray(data)
    local = info.header_offset
    name_length, extra_length = struct.unpack_from("<HH", data, local + 26)
    _patch_zip64(out, local + 30 + name_length, extra_length, declared)
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(part)] != part.encode():
        central = data.find(b"PK\x01\x02", central + 1)
    name_length, extra_length = struct.unpack_from("<HH", data, central + 28)
    _patch_zip64(out, central + 46 + name_length, extra_length, declared)
    for header, at in ((local, 22), (central, 24)):
        if struct.unpack_from("<I", out, header + at)[0] != 0xFFFFFFFF:
            struct.pack_into("<I", out, header + at, declared)
    return bytes(out)


def _patch_zip64(out: bytearray, start: int, length: int, declared: int) -> None:
    """Set the uncompressed size (the first field) of a ZIP64 extra field, if there is one."""
    position = start
    while position + 4 <= start + length:
        tag, size = struct.unpack_from("<HH", out, position)
        if tag == 0x0001:
            struct.pack_into("<Q", out, position + 4, declared)
        position += 4 + size


def many_entries(count: int = 1_000_000) -> bytes:
    """A ZIP that is only a central directory of ``count`` empty entries (and ZIP64
    records giving the count): about 50 MB for a million."""
    directory = bytearray()
    for i in range(count):
        name = b"%06x" % i
        directory += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0,
                                 len(name), 0, 0, 0, 0, 0, 0) + name  # fmt: skip
    end64 = struct.pack("<4sQ2H2I4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count,
                        len(directory), 0)  # fmt: skip
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, len(directory), 1)
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return bytes(directory) + end64 + locator + end


def billion_laughs(root: str, namespaces: str) -> bytes:
    """XML whose ``root`` holds one entity that expands to 10^9 characters."""
    entities = "".join(
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "aaaaaaaaaa"}">' for i in range(9)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE {root} [{entities}]><{root} {namespaces}>&e8;</{root}>'
    ).encode()


# DOCX
def docx_parts() -> dict[str, bytes]:
    import docx

    document = docx.Document()
    for _ in range(3):
        document.add_paragraph(SENTENCE)
    out = io.BytesIO()
    document.save(out)
    archive = zipfile.ZipFile(out)
    return {info.filename: archive.read(info) for info in archive.infolist()}


W_PARAGRAPH = f"<w:p><w:r><w:t>{SENTENCE}</w:t></w:r></w:p>".encode()


def docx_bomb(size: int) -> bytes:
    parts: dict[str, bytes | Callable[[], Iterable[bytes]]] = dict(docx_parts())
    head, body, tail = parts["word/document.xml"].partition(b"<w:body>")  # type: ignore[union-attr]
    parts["word/document.xml"] = lambda: chunks(W_PARAGRAPH, size, head + body, tail)
    return package(parts)


# ODT
ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
ODT_HEAD = f"<office:document-content {ODF}><office:body><office:text>".encode()
ODT_TAIL = b"</office:text></office:body></office:document-content>"
ODT_PARAGRAPH = f"<text:p>{SENTENCE}</text:p>".encode()


def odt(content: bytes | Callable[[], Iterable[bytes]]) -> bytes:
    return package({
        "mimetype": b"application/vnd.oasis.opendocument.text",
        "content.xml": content,
        "styles.xml": f"<office:document-styles {ODF}/>".encode(),
    })  # fmt: skip


# HWPX
HWPX_NAMESPACES = (
    'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
    'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph"'
)
HWPX_HEAD = f"<hs:sec {HWPX_NAMESPACES}>".encode()
HWPX_PARAGRAPH = f"<hp:p><hp:run><hp:t>{SENTENCE}</hp:t></hp:run></hp:p>".encode()


def hwpx(section: bytes | Callable[[], Iterable[bytes]]) -> bytes:
    return package({
        "mimetype": b"application/hwp+zip",
        "Contents/header.xml": b"<head/>",
        "Contents/section0.xml": section,
    })  # fmt: skip


# HWP
def hwp_paragraph(text: str) -> bytes:
    units = (text + "\r").encode("utf-16-le")
    header = struct.pack("<I", 66 | 22 << 20) + bytes(22)
    return header + struct.pack("<I", 67 | len(units) << 20) + units  # under 4,095 bytes


def hwp(section: bytes) -> bytes:
    """An HWP 5 file of one deflated section (``section``: its deflated records)."""
    header = b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", 0x05010100, 1)
    return compound_file({"FileHeader": header.ljust(256, b"\0"), "BodyText/Section0": section})


# DOC
def doc(text: str, times: int = 1) -> bytes:
    """A Word 97 file whose piece table shows ``text`` (stored once) ``times`` times."""
    fib = bytearray(0x800)
    cps = [len(text) * k for k in range(times + 1)]
    plc = struct.pack(f"<{len(cps)}I", *cps) + struct.pack("<HIH", 0, 0x40001000, 0) * times
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<HH", fib, 0, 0xA5EC, 0x00C1)
    struct.pack_into("<H", fib, 0x0A, 0x0200)
    struct.pack_into("<i", fib, 0x4C, min(cps[-1], 2**31 - 1))
    struct.pack_into("<II", fib, 0x01A2, 0, len(clx))
    return compound_file({"WordDocument": bytes(fib) + text.encode("cp1252"), "1Table": clx})


# PDF
def pdf(stream: bytes, *, pages: int = 1, deflated_stream: bool = True) -> bytes:
    """``pages`` pages drawing one content stream (Helvetica as /F1)."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]  # fmt: skip
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (3 + pages, 4 + pages)
    ] * pages
    flate = b" /Filter /FlateDecode" if deflated_stream else b""
    objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(stream), flate, stream))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return pdf_file(objects)


LINE = b"(%s) Tj T*\n" % SENTENCE.encode()
TEXT_START, TEXT_END = b"BT /F1 11 Tf 14 TL 72 760 Td\n", b"ET\n"


def text_stream(size: int) -> bytes:
    """A deflated text object of lines of SENTENCE, ``size`` bytes unpacked."""
    return deflated(chunks(LINE, size, TEXT_START, TEXT_END))


# --- the matrix --------------------------------------------------------------------------


def samples() -> dict[str, bytes]:
    letter = f"{SENTENCE}\n\nÀ la mairie, 시민 참여 — every council meeting is open."
    hangul = "제1조(목적) 이 조례는 데이터 개방을 규정한다."
    return {
        "txt": letter.encode(),
        "md": f"# Letter\n\n- {SENTENCE}\n- Open every meeting.\n".encode(),
        "html": f"<!doctype html><html><body><h1>Letter</h1><p>{SENTENCE}</p></body>".encode(),
        "docx": package(dict(docx_parts())),
        "doc": doc(f"{SENTENCE}\r" * 3),
        "rtf": b"{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times;}}\\f0 %s\\par Open every meeting.\\par}"
        % SENTENCE.encode(),
        "odt": odt(ODT_HEAD + ODT_PARAGRAPH * 3 + ODT_TAIL),
        "hwpx": hwpx(HWPX_HEAD + HWPX_PARAGRAPH * 3 + b"</hs:sec>"),
        "hwp": hwp(deflated([hwp_paragraph(hangul)] * 3, -15)),
        "pdf": pdf(TEXT_START + LINE * 3 + TEXT_END, deflated_stream=False),
    }


# Whose sample goes under each extension for "wrong extension".
WRONG = {"txt": "pdf", "md": "docx", "html": "pdf", "docx": "pdf", "doc": "docx", "rtf": "html",
         "odt": "docx", "hwpx": "hwp", "hwp": "hwpx", "pdf": "docx"}  # fmt: skip
MAGIC = {"docx": b"PK\x03\x04", "odt": b"PK\x03\x04", "hwpx": b"PK\x03\x04",
         "pdf": b"%PDF-1.7\n", "doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
         "hwp": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "rtf": b"{\\rtf1 ",
         "html": b"<!doctype html><html>"}  # fmt: skip
HWP_RECORDS = hwp_paragraph("제1조(목적) 이 조례는 데이터 개방을 규정한다.")


def odt_bomb(size: int) -> bytes:
    return odt(lambda: chunks(ODT_PARAGRAPH, size, ODT_HEAD, ODT_TAIL))


def hwpx_bomb(size: int) -> bytes:
    return hwpx(lambda: chunks(HWPX_PARAGRAPH, size, HWPX_HEAD, b"</hs:sec>"))


def hwp_bomb(size: int) -> bytes:
    return hwp(deflated(chunks(HWP_RECORDS, size), -15))


def docx_laughs() -> bytes:
    parts = docx_parts()
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts["word/document.xml"] = billion_laughs("w:document", namespace)
    return package(dict(parts))


def bombs(reader: str, size: int) -> dict[str, Callable[[], bytes]]:
    """The cases of a format that compresses, or can repeat its text."""
    small = min(size, 2**31 - 2**21)  # a lying entry keeps a 32-bit size
    if reader == "docx":
        return {
            "bomb": lambda: docx_bomb(size),
            "bomb, size lied": lambda: lying(docx_bomb(small), "word/document.xml"),
            "entities": docx_laughs,
            "many entries": many_entries,
        }
    if reader == "odt":
        return {
            "bomb": lambda: odt_bomb(size),
            "bomb, size lied": lambda: lying(odt_bomb(small), "content.xml"),
            "entities": lambda: odt(billion_laughs("office:document-content", ODF)),
            "many entries": many_entries,
        }
    if reader == "hwpx":
        return {
            "bomb": lambda: hwpx_bomb(size),
            "bomb, size lied": lambda: lying(hwpx_bomb(small), "Contents/section0.xml"),
            "entities": lambda: hwpx(billion_laughs("hs:sec", HWPX_NAMESPACES)),
            "many entries": many_entries,
        }
    if reader == "hwp":
        return {"bomb": lambda: hwp_bomb(size)}
    if reader == "doc":  # 1 MB of text, shown over and over by its piece table
        return {"bomb": lambda: doc("Open every meeting. " * 52_429, max(1, size // 2**20))}
    if reader == "pdf":
        return {
            "bomb": lambda: pdf(text_stream(size)),
            "pages x 1 stream": lambda: pdf(text_stream(2**20), pages=1000),
            "dense page": lambda: pdf(text_stream(10 * 2**20)),
            "500k strings": lambda: pdf(deflated([TEXT_START, b"(a)Tj " * 500_000, TEXT_END])),
        }
    return {}


def matrix(bomb: int, only: set[str] | None) -> Iterator[tuple[str, str, Callable[[], bytes]]]:
    """(reader, case, builder) for every case."""
    good = samples()
    garbage = random.Random(13).randbytes(8 * 2**20)
    for reader, sample in good.items():
        if only and reader not in only:
            continue
        yield reader, "sample", lambda sample=sample: sample
        for case, build in bombs(reader, bomb).items():
            yield reader, case, build
        yield reader, "truncated", lambda sample=sample: sample[: len(sample) // 2]
        yield reader, "wrong extension", lambda other=good[WRONG[reader]]: other
        yield reader, "garbage", lambda: garbage
        if reader in MAGIC:
            yield reader, "magic + garbage", lambda magic=MAGIC[reader]: magic + garbage


def near_limit(only: set[str] | None) -> Iterator[tuple[str, str, Callable[[], bytes]]]:
    """Inputs just under the 200 MB unpacked limits: read, not refused."""
    size = 190 * 2**20
    cases = {
        "docx": ("190 MB of XML", lambda: docx_bomb(size)),
        "odt": ("190 MB of XML", lambda: odt_bomb(size)),
        "hwpx": ("190 MB of XML", lambda: hwpx_bomb(size)),
        "hwp": ("190 MB of records", lambda: hwp_bomb(size)),
    }
    for reader, (case, build) in cases.items():
        if not only or reader in only:
            yield reader, case, build


# --- running -------------------------------------------------------------------------------


def run(path: Path, *, cap_mb: float, timeout: float) -> tuple[str, float, float]:
    """Read ``path`` in a child: (outcome, wall seconds, peak RSS in MB).

    The peak is the child's VmHWM, read by itself: ``ru_maxrss`` would count the parent's
    resident memory too, since Linux keeps the high-water mark of a process image that a
    (v)forked child leaves at ``exec``. For a child killed on the way, the most RSS seen
    by polling every 50 ms.
    """
    result = path.with_suffix(path.suffix + ".json")
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(result)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    stopped: list[str] = []
    seen = [0.0]
    done = threading.Event()

    def watch() -> None:  # kill a child that runs away with memory or time
        process = psutil.Process(child.pid)
        while not done.wait(0.05):
            try:
                seen[0] = max(seen[0], process.memory_info().rss / 2**20)
            except psutil.Error:
                return
            if seen[0] > cap_mb or time.perf_counter() - start > timeout:
                over = seen[0] > cap_mb
                stopped.append(
                    f"KILLED at {seen[0]:,.0f} MB" if over else f"KILLED after {timeout:.0f} s"
                )
                child.kill()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    child.wait()
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    if stopped:
        return stopped[0], seconds, seen[0]
    if not result.exists():
        return f"CRASH: exit status {child.returncode}", seconds, seen[0]
    report = json.loads(result.read_text())
    result.unlink()
    return report["outcome"], seconds, max(seen[0], report["peak_kib"] / 1024)


def table(results: list[Result]) -> str:
    rows = [("reader", "case", "outcome", "wall s", "peak MB")]
    rows += [
        (r.reader, r.case, r.outcome if len(r.outcome) <= 110 else r.outcome[:109] + "…",
         f"{r.seconds:.2f}", f"{r.peak_mb:,.0f}")
        for r in results
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            c.ljust(w) if i < 3 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append(" | ".join(cells))
        if n == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def measure(
    cases: Iterable[tuple[str, str, Callable[[], bytes]]], folder: Path, args: argparse.Namespace
) -> list[Result]:
    found = []
    for reader, case, build in cases:
        path = folder / f"{reader}-{case.replace(' ', '-').replace(',', '')}.{reader}"
        path.write_bytes(build())
        outcome, seconds, peak = run(path, cap_mb=args.cap_mb, timeout=args.timeout)
        found.append(Result(reader, case, outcome, seconds, peak))
        size = path.stat().st_size / 2**20
        print(f"  {reader:5} {case:17} {size:7.2f} MB file {seconds:7.2f} s {peak:7,.0f} MB  "
              f"{outcome[:60]}", file=sys.stderr, flush=True)  # fmt: skip
        if not args.keep:
            path.unlink()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bomb-mb", type=int, default=1024, help="unpacked size of each bomb")
    parser.add_argument("--cap-mb", type=float, default=3000, help="kill a child past this RSS")
    parser.add_argument("--timeout", type=float, default=300, help="kill a child past this")
    parser.add_argument("--only", help="readers to run, comma-separated (docx,pdf)")
    parser.add_argument("--near-limit", action="store_true", help="also inputs under the limits")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    folder = args.keep or Path(tempfile.mkdtemp(prefix="hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    import provenance

    print(f"provenance from {Path(provenance.__file__).parent}; Python {sys.version.split()[0]}; "
          f"bombs unpack to {args.bomb_mb:,} MB; children killed past {args.cap_mb:,.0f} MB "
          f"or {args.timeout:.0f} s\n")  # fmt: skip
    results = measure(matrix(args.bomb_mb * 2**20, only), folder, args)
    print(table(results))
    worst = max(results, key=lambda r: r.peak_mb)
    under = sum(r.peak_mb < LIMIT_MB for r in results)
    print(f"\nverdict: {'PASS' if under == len(results) else 'FAIL'}: {under} of "
          f"{len(results)} cases peaked under {LIMIT_MB} MB; the most, {worst.peak_mb:,.0f} MB, "
          f"was {worst.reader} / {worst.case}")  # fmt: skip
    if args.near_limit:
        print("\nUnder the limits (read, not refused; outside the verdict):\n")
        print(table(measure(near_limit(only), folder, args)))
    if not args.keep:
        folder.rmdir()


if __name__ == "__main__":
    main()
