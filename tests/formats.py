"""What the tests of the document readers share."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from provenance import attribute
from provenance.errors import UnreadableDocumentError


def read_or_refuse(read: Callable[[bytes, str], object], data: bytes) -> None:
    """Run a reader on ``data``: a refusal is an UnreadableDocumentError with a one-line
    reason; anything else, escaping here, is a crash."""
    with contextlib.suppress(UnreadableDocumentError):
        read(data, "submission")


def assert_credits_like_text(case: Path, draft: Path, final: Path) -> None:
    """A corpus case's draft and final, rebuilt in another format, credit the same
    submissions for the same passages as the case's own text files."""
    from_text = attribute(case / "draft.txt", case / "final.txt", [case / "submissions"])
    rebuilt = attribute(draft, final, [case / "submissions"])
    assert from_text.links  # the comparison is not between two empty results
    assert [(k.submission_id, k.final.text) for k in rebuilt.links] == [
        (k.submission_id, k.final.text) for k in from_text.links
    ]
