"""Results as plain data: the JSON forms of INTERFACE.md."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from .model import Alignment, Change, Document
from .version import TOOL_NAME, __version__

DIFF_SCHEMA = "provenance-diff/1"
ATTRIBUTION_SCHEMA = "provenance-attribution/2"
# /2 is /1 plus asks, link ids and deletion and move links: a reader of either reads /1.
ATTRIBUTION_SCHEMAS = frozenset({"provenance-attribution/1", ATTRIBUTION_SCHEMA})


def tool_info() -> dict[str, str]:
    """Name and version of this tool, as recorded in every output."""
    return {"name": TOOL_NAME, "version": __version__}


def run_digest(data: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of what a published run claims, from its ``provenance-attribution``
    JSON form: the inputs' hashes, the parameters, the tool version and every link.

    Anyone can re-run the command a report gives and compare this digest with the one the
    report prints, without the store: equal digests mean the same inputs and parameters,
    run by the same version, credit the same passages to the same submissions with the
    same evidence, scores, confidence and method. Paths and the run's texts are left out
    (a re-run from another folder gives the same digest); the inputs' hashes pin the texts.
    """
    inputs = data.get("inputs", {})
    claim = {
        "draft": (inputs.get("draft") or {}).get("sha256"),
        "final": (inputs.get("final") or {}).get("sha256"),
        "submissions": sorted([s["id"], s["sha256"]] for s in inputs.get("submissions", [])),
        "params": data.get("params", {}),
        "tool": [data.get("tool", {}).get("name"), data.get("tool", {}).get("version")],
        "links": [
            [
                k["change_id"],
                k["submission_id"],
                k["final"]["start"],
                k["final"]["end"],
                k["submission"]["start"],
                k["submission"]["end"],
                round(float(k["score"]), 4),
                k["confidence"],
                k["method"],
            ]
            for k in data.get("links", [])
        ],
    }
    encoded = json.dumps(claim, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("ascii")).hexdigest()


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
