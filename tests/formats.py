"""What the tests of the document readers share."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from provenance import attribute
from provenance.errors import CorruptDocumentError, UnreadableDocumentError
from provenance.read import document_from_text, read_document


def read_or_refuse(read: Callable[[bytes, str], object], data: bytes) -> None:
    """Run a reader on ``data``: a refusal is an UnreadableDocumentError with a one-line
    reason naming the input; anything else, escaping here, is a crash."""
    try:
        read(data, "submission")
    except UnreadableDocumentError as e:
        assert_one_line(str(e), "submission")


def assert_one_line(message: str, name: str) -> None:
    """A refusal as the README promises it: one line, naming the input, with a reason."""
    assert "\n" not in message and "\r" not in message, message
    assert message.startswith(f"{name}: ") and len(message) > len(name) + 4, message


def assert_credits_like_text(case: Path, draft: Path, final: Path) -> None:
    """A corpus case's draft and final, rebuilt in another format, credit the same
    submissions for the same passages as the case's own text files."""
    from_text = attribute(case / "draft.txt", case / "final.txt", [case / "submissions"])
    rebuilt = attribute(draft, final, [case / "submissions"])
    assert from_text.links  # the comparison is not between two empty results
    assert [(k.submission_id, k.final.text) for k in rebuilt.links] == [
        (k.submission_id, k.final.text) for k in from_text.links
    ]


# A draft and final to credit one letter with, in English and in Korean.
EN_DRAFT = "1. Publish budgets."
EN_FINAL = "1. Publish budgets.\n2. Open every council meeting to the press."
KO_DRAFT = "제1조(목적) 이 조례는 데이터 개방을 규정한다."
KO_FINAL = KO_DRAFT + "\n제2조(공개) 시장은 회의록을 14일 이내에 공개하여야 한다."


def credited(tmp_path: Path, data: bytes, name: str, draft: str, final: str) -> list[str]:
    """The ids that a run credits, with the file ``name`` of ``data`` as the one submission."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / name).write_bytes(data)
    return [
        link.submission_id
        for link in attribute(document_from_text(draft), document_from_text(final), [folder]).links
    ]


def assert_refused_in_one_line(path: Path, message: str) -> None:
    """Reading ``path`` fails with a one-line CorruptDocumentError naming it."""
    with pytest.raises(CorruptDocumentError, match=message) as info:
        read_document(path)
    assert "\n" not in str(info.value) and path.name in str(info.value)


def damaged(data: bytes, position: int, xor: int) -> bytes:
    """``data`` with the byte at ``position`` flipped by ``xor``."""
    changed = bytearray(data)
    changed[position] ^= xor
    return bytes(changed)


def refusal_and_peak(path: Path) -> tuple[UnreadableDocumentError, int]:
    """The error that reading ``path`` fails with, and the most memory Python held
    meanwhile (tracemalloc: Python's own allocations, the bytes a ZIP member unpacks to
    among them; not those of C libraries such as libxml2). ``max_bytes`` is the file's
    size: reading allocates that much at once, and the default would count 50 MB."""
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableDocumentError) as info:
            read_document(path, max_bytes=path.stat().st_size)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "\n" not in str(info.value) and path.name in str(info.value)
    return info.value, peak


def with_part(
    package: bytes,
    part: str,
    *,
    head: bytes = b"",
    unit: bytes = b"",
    size: int = 0,
    tail: bytes = b"",
    method: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """``package`` (a ZIP) with ``part`` made ``head``, ``unit`` repeated to about ``size``
    bytes, then ``tail``: written a megabyte at a time, so a bomb is built without its
    unpacked bytes ever being held. Other parts are copied as they are."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info))
                continue
            with target.open(part, "w", force_zip64=size > 2**30) as stream:
                stream.write(head)
                block = unit * max(1, 2**20 // max(1, len(unit))) if unit else b""
                written = 0
                while block and written < size:
                    stream.write(block)
                    written += len(block)
                stream.write(tail)
    return out.getvalue()


def lying_about_size(package: bytes, part: str, declared: int) -> bytes:
    """``package`` with the unpacked size of ``part`` in its local and central headers
    set to ``declared``: a ZIP entry that unpacks to more than it says."""
    info = zipfile.ZipFile(io.BytesIO(package)).getinfo(part)
    assert info.file_size < 2**32 and not info.extra, "a ZIP64 entry keeps its sizes elsewhere"
    changed = bytearray(package)
    changed[info.header_offset + 22 : info.header_offset + 26] = declared.to_bytes(4, "little")
    name = part.encode()
    central = package.find(b"PK\x01\x02")
    while package[central + 46 : central + 46 + len(name)] != name:
        central = package.find(b"PK\x01\x02", central + 1)
    changed[central + 24 : central + 28] = declared.to_bytes(4, "little")
    return bytes(changed)


def billion_laughs(root: str, namespaces: str = "") -> str:
    """XML whose ``root`` element holds one entity that expands to 10^9 characters."""
    entities = "".join(
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "aaaaaaaaaa"}">' for i in range(9)
    )
    start = f"{root} {namespaces}".strip()
    return f'<?xml version="1.0"?><!DOCTYPE {root} [{entities}]><{start}>&e8;</{root}>'
