"""Results as plain data: the JSON forms of INTERFACE.md."""

from __future__ import annotations

from typing import Any

from .model import Alignment, Change, Document
from .version import TOOL_NAME, __version__

DIFF_SCHEMA = "provenance-diff/1"
ATTRIBUTION_SCHEMA = "provenance-attribution/1"


def tool_info() -> dict[str, str]:
    """Name and version of this tool, as recorded in every output."""
    return {"name": TOOL_NAME, "version": __version__}


def document_info(doc: Document) -> dict[str, Any]:
    """What identifies an input: where it was read, the hash of its bytes, its size."""
    return {
        "path": doc.path,
        "sha256": doc.sha256,
        "chars": doc.chars,
        "lang": doc.lang,
        "format": doc.format,
        "encoding": doc.encoding,
    }


def change_dict(change: Change) -> dict[str, Any]:
    """A change in the ``changes`` form of INTERFACE.md, plus its clause labels."""
    return change.as_dict()


def diff_to_dict(alignment: Alignment) -> dict[str, Any]:
    """The ``provenance-diff/1`` document for an alignment."""
    kinds = ("modified", "inserted", "deleted", "moved")
    return {
        "schema": DIFF_SCHEMA,
        "tool": tool_info(),
        "inputs": {
            "draft": document_info(alignment.draft),
            "final": document_info(alignment.final),
        },
        "summary": {
            "changes": len(alignment.changes),
            **{k: sum(c.kind == k for c in alignment.changes) for k in kinds},
            "new_chars": sum(len(s.text) for s in alignment.new_text),
        },
        "changes": [change_dict(c) for c in alignment.changes],
    }
