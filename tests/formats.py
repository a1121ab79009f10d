"""What the tests of the document readers share."""

from __future__ import annotations

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
