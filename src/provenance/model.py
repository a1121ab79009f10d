"""The values that flow between pipeline stages.

All offsets are end-exclusive indices into a ``str`` (Unicode code points) of the
document text *as normalised by the library* (``Document.text``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

ChangeKind = Literal["inserted", "modified", "deleted", "moved"]
OpKind = Literal["equal", "insert", "delete"]


@dataclass(frozen=True, slots=True)
class Span:
    """A slice of one text. Invariant: ``text == source[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, source: str, start: int, end: int) -> Span:
        """The span of ``source`` between ``start`` and ``end``."""
        return cls(start, end, source[start:end])

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Document:
    """One input, read and normalised.

    ``sha256`` is the hash of the original bytes (or of the UTF-8 text when the
    document was given as a string), so a reader can check which file was used.
    """

    text: str
    sha256: str
    path: str | None = None
    lang: str = "en"
    encoding: str | None = None  # of the original bytes; None for binary formats (PDF, DOCX)
    format: str = "txt"

    @property
    def chars(self) -> int:
        return len(self.text)

    @classmethod
    def from_text(cls, text: str, *, path: str | None = None, lang: str = "en") -> Document:
        """A document made from a string that is already normalised."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return cls(text=text, sha256=digest, path=path, lang=lang, encoding="utf-8")


@dataclass(frozen=True, slots=True)
class Clause:
    """A numbered unit of a document: a heading, paragraph or list item.

    Invariant: ``document.text[start:end] == text``. ``label`` is the path of the
    document's own numbering down to this clause, e.g. ``"Article 5 > (2) > (b)"``.
    ``marker`` is the numbering that starts this clause (``"(b)"``), empty if none.
    """

    index: int  # 0-based position in the document
    start: int
    end: int
    text: str
    label: str
    marker: str = ""
    heading: bool = False
    sentences: tuple[Span, ...] = field(default=(), compare=False)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


@dataclass(frozen=True, slots=True)
class Op:
    """One step of an edit script from draft to final.

    ``equal``: draft[draft_start:draft_end] == final[final_start:final_end];
    ``insert``: final[final_start:final_end] is added (draft range is empty);
    ``delete``: draft[draft_start:draft_end] is removed (final range is empty).
    """

    kind: OpKind
    draft_start: int
    draft_end: int
    final_start: int
    final_end: int


@dataclass(frozen=True, slots=True)
class Change:
    """A clause of the draft or final that is not the same on both sides.

    ``new_text`` lists the passages of the final that did not stand in the draft
    clause it came from: the whole clause when inserted, the inserted words when
    modified or moved, nothing when deleted.
    """

    id: str
    kind: ChangeKind
    draft: Span | None
    final: Span | None
    new_text: tuple[Span, ...]
    label: str  # clause label on the final side, or on the draft side for deletions
    draft_label: str | None = None
    ops: tuple[Op, ...] = field(default=(), compare=False)  # word-level edits, document offsets

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "draft_label": self.draft_label,
            "draft": None if self.draft is None else self.draft.as_dict(),
            "final": None if self.final is None else self.final.as_dict(),
            "new_text": [s.as_dict() for s in self.new_text],
        }


@dataclass(frozen=True, slots=True)
class Alignment:
    """How a final text came from its draft: the clause-level changes and an edit script.

    ``ops`` covers both texts from start to end, in order; applying them to the draft
    gives the final exactly (see ``apply``). Moved clauses appear in ``ops`` as a
    deletion at the old place and an insertion at the new one.
    """

    draft: Document
    final: Document
    draft_clauses: tuple[Clause, ...]
    final_clauses: tuple[Clause, ...]
    changes: tuple[Change, ...]
    ops: tuple[Op, ...]

    def apply(self) -> str:
        """Rebuild the final text from the draft text and ``ops``."""
        parts = []
        for op in self.ops:
            if op.kind == "equal":
                parts.append(self.draft.text[op.draft_start : op.draft_end])
            elif op.kind == "insert":
                parts.append(self.final.text[op.final_start : op.final_end])
        return "".join(parts)

    @property
    def new_text(self) -> tuple[Span, ...]:
        """Every passage of the final that did not stand in the draft, in final order."""
        spans = {s.start: s for change in self.changes for s in change.new_text}
        return tuple(spans[k] for k in sorted(spans))


Confidence = Literal["high", "medium", "low"]
# edit: the final made an explicit edit the submission asked for (a diff, a table row,
# "replace X with Y"); verbatim and fuzzy: shared wording; semantic: a paraphrase.
Method = Literal["edit", "verbatim", "fuzzy", "semantic"]
AskKind = Literal["add", "replace", "delete", "move", "request"]
Outcome = Literal["adopted", "adopted-in-part", "already-in-draft", "not-found"]


@dataclass(frozen=True, slots=True)
class Submission:
    """A public submission: its id (path-derived, e.g. ``"kctu/letter"``) and its text."""

    id: str
    document: Document

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def sha256(self) -> str:
        """SHA-256 (hex) of the text as read: equal texts have equal ones."""
        return self.document.sha256


@dataclass(frozen=True, slots=True)
class Link:
    """Credit to one submission for one passage of new final text, with the evidence.

    ``final`` is the credited passage (offsets into the final text), ``submission`` the
    matching passage of the submission (offsets into its text). ``score`` is 0-1, higher
    is stronger evidence: for lexical methods, the share of the passage's new words
    that the submission's passage contains (rare words counting more); for the semantic
    method, a calibrated similarity of meaning.
    """

    change_id: str
    submission_id: str
    final: Span
    submission: Span
    score: float
    confidence: Confidence
    method: Method
    # What the credited edit replaced or removed in the draft (None where the passage is
    # wholly new). For a deletion ``final`` is the empty slice where the text was.
    draft: Span | None = None
    id: str = ""  # "l12": set when a run's links are put in their final order
    ask_id: str | None = None  # the ask of the submission that this link credits

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "ask_id": self.ask_id,
            "change_id": self.change_id,
            "submission_id": self.submission_id,
            "final": self.final.as_dict(),
            "draft": None if self.draft is None else self.draft.as_dict(),
            "submission": self.submission.as_dict(),
            "score": round(self.score, 4),
            "confidence": self.confidence,
            "method": self.method,
        }


@dataclass(frozen=True, slots=True)
class Ask:
    """One proposal of a submission and what became of it.

    ``submission`` is the ask in the submission's own words (offsets into its text);
    ``old`` and ``new`` what an explicit edit proposes to replace or delete and to add
    (None for a request in free text); ``outcome`` whether the final carries it, with
    the ids of the links that are the evidence.
    """

    id: str  # "a12.3": the 12th submission of the run, its 3rd ask
    submission_id: str
    submission: Span
    kind: AskKind
    old: str | None
    new: str | None
    outcome: Outcome
    link_ids: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "submission_id": self.submission_id,
            "submission": self.submission.as_dict(),
            "kind": self.kind,
            "proposed": {"old": self.old, "new": self.new},
            "outcome": self.outcome,
            "link_ids": list(self.link_ids),
        }


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be used, and why (one line)."""

    path: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}
