"""What a run found, as one value: ready to save, print, render or build on.

:class:`AttributionResult` sits above the store and the report: it saves itself
through :mod:`provenance.store` and shows itself in a notebook through
:mod:`provenance.report`, while those two know only the model's types and plain data.
:func:`load_run` makes the same value again from a store.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .align import align
from .asks import Proposal, extract_asks
from .engine import EngineState
from .errors import InvalidArgumentError, ModelUnavailableError
from .export import ATTRIBUTION_SCHEMA, document_info, run_digest, tool_info
from .ledger import LedgerRow, ledger_rows, scorecard
from .model import Alignment, Ask, Change, Document, Link, Skipped, Submission
from .outcomes import unlinked_asks
from .progress import ProgressCallback
from .report import attribution_html, summary_html
from .store import Database, load_run_parts, open_store, save_result

# The columns of each kind of record: a run with no links (or asks) still gives a data
# frame that has them, so code that filters on a column runs on every run.
_COLUMNS: dict[str, list[str]] = {
    "links": [
        "change_id", "change_kind", "label", "submission_id", "score", "confidence", "method",
        "final_start", "final_end", "final_text",
        "submission_start", "submission_end", "submission_text",
    ],
    "asks": [
        "submission_id", "ask_id", "kind", "ask", "proposed_old", "proposed_new", "outcome",
        "where", "link_ids",
    ],
    "submissions": ["id", "path", "sha256", "adopted", "links", "asks", "asks_adopted"],
}  # fmt: skip
_WHAT = ", ".join(repr(k) for k in _COLUMNS)


_V = TypeVar("_V")


class Recent(Generic[_V]):
    """The last ``size`` values put, by key: what a run of a million letters may keep of
    each letter's asks (a campaign's template is asked for again and again, and stays)."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self.values: OrderedDict[str, _V] = OrderedDict()

    def get(self, key: str) -> _V | None:
        value = self.values.get(key)
        if value is not None:
            self.values.move_to_end(key)
        return value

    def put(self, key: str, value: _V) -> _V:
        self.values[key] = value
        if len(self.values) > self.size:
            self.values.popitem(last=False)
        return value


@dataclass(frozen=True, repr=False)
class AttributionResult:
    """What a run found: the changes, the links that credit submissions, what was skipped."""

    alignment: Alignment
    submissions: tuple[Submission, ...]
    links: tuple[Link, ...]
    skipped: tuple[Skipped, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    # What the matching passes leave for a later run that adds submissions (``previous``).
    state: EngineState | None = field(default=None, compare=False, repr=False)
    processed: int | None = field(default=None, compare=False, repr=False)  # texts matched
    # The asks known when the run was made, by submission id: those of the submissions
    # with a link or an explicit edit (all of them, for a run loaded from a store). The
    # others' asks are found when first wanted (``asks``): at scale most submissions
    # have none credited, and splitting them all would cost more than the run.
    known_asks: Mapping[str, tuple[Ask, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # How the run found a submission's asks: campaign copies' carried over from their
    # template, equal texts' split once. None: split each submission's text.
    find_asks: Callable[[Submission], Sequence[Proposal]] | None = field(
        default=None, compare=False, repr=False
    )

    @functools.cached_property
    def asks(self) -> tuple[Ask, ...]:
        """Every submission's proposals and what became of each, in submission order."""
        return tuple(self.iter_asks())

    def iter_asks(self) -> Iterator[Ask]:
        """``asks`` one at a time, found as they are wanted and not kept (unless
        ``asks`` has them already): what saving a docket of a million letters needs."""
        if "asks" in self.__dict__:
            yield from self.asks
            return
        lang = str(self.params.get("lang", "en"))
        find = self.find_asks
        if find is None:
            split: Recent[Sequence[Proposal]] = Recent()  # form letters split once

            def find(submission: Submission) -> Sequence[Proposal]:
                found = split.get(submission.sha256)
                if found is None:
                    found = split.put(submission.sha256, extract_asks(submission.text, lang=lang))
                return found

        for number, submission in enumerate(self.submissions):
            known = self.known_asks.get(submission.id)
            yield from (
                known if known is not None else unlinked_asks(number, submission, find(submission))
            )

    def __repr__(self) -> str:
        # One line: a notebook stores a cell's text form, and the texts of a run are long.
        adopted = sum(1 for s in self.summary() if s["adopted"])
        return (
            f"<AttributionResult run {self.run_id}: {len(self.changes)} changes, "
            f"{len(self.links)} links crediting {adopted} of {len(self.submissions)} "
            f"submissions, {len(self.skipped)} skipped>"
        )

    @property
    def changes(self) -> tuple[Change, ...]:
        return self.alignment.changes

    @property
    def run_id(self) -> str:
        """Same inputs, parameters and tool version give the same id."""
        key = {
            "draft": self.alignment.draft.sha256,
            "final": self.alignment.final.sha256,
            "submissions": sorted((s.id, s.document.sha256) for s in self.submissions),
            "params": dict(self.params),
            "tool": tool_info(),
        }
        digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()
        return digest[:16]

    @property
    def digest(self) -> str:
        """The run's digest (``export.run_digest``): what a published report claims."""
        return run_digest({**self._claims(), "links": [k.as_dict() for k in self.links]})

    def _claims(self) -> dict[str, Any]:
        return {
            "tool": tool_info(),
            "params": dict(self.params),
            "inputs": {
                "draft": {"sha256": self.alignment.draft.sha256},
                "final": {"sha256": self.alignment.final.sha256},
                "submissions": [
                    {"id": s.id, "sha256": s.document.sha256} for s in self.submissions
                ],
            },
        }

    def summary(self) -> list[dict[str, Any]]:
        """Per submission: whether it was adopted and how many links credit it."""
        counts: dict[str, int] = {}
        for link in self.links:
            counts[link.submission_id] = counts.get(link.submission_id, 0) + 1
        return [
            {"id": s.id, "adopted": counts.get(s.id, 0) > 0, "links": counts.get(s.id, 0)}
            for s in self.submissions
        ]

    def to_dict(self) -> dict[str, Any]:
        """The ``provenance-attribution/2`` JSON document, with its ``digest``."""
        data: dict[str, Any] = {
            "schema": ATTRIBUTION_SCHEMA,
            "run_id": self.run_id,
            "tool": tool_info(),
            "params": dict(self.params),
            "inputs": {
                # As provenance-diff/1 gives them, with how each was read (lang, format,
                # encoding); submissions keep the short form, one per letter at scale.
                "draft": document_info(self.alignment.draft),
                "final": document_info(self.alignment.final),
                "submissions": [{"id": s.id, **_input(s.document)} for s in self.submissions],
            },
            "changes": [c.as_dict() for c in self.changes],
            "asks": [ask.as_dict() for ask in self.asks],
            "links": [link.as_dict() for link in self.links],
            "submissions": self.summary(),
            "skipped": [s.as_dict() for s in self.skipped],
        }
        data["digest"] = run_digest(data)
        return data

    def ledger(self, *, lang: str | None = None) -> list[LedgerRow]:
        """What became of each submission's asks: one row per ask (see ``provenance.ledger``),
        with labels in ``lang`` (default: the documents' language)."""
        return ledger_rows(self.to_dict(), lang=lang or str(self.params.get("lang", "en")))

    def to_records(self, what: str = "links") -> list[dict[str, Any]]:
        """Flat dicts for spreadsheets and data frames: one a link (``what="links"``), one
        an ask and what became of it (``"asks"``), or one a submission (``"submissions"``).
        Another ``what`` raises InvalidArgumentError.
        """
        if what == "links":
            return self._link_records()
        if what == "asks":
            return self._ask_records()
        if what == "submissions":
            return self._submission_records()
        raise InvalidArgumentError(f"what={what!r}: give one of {_WHAT}")

    def _link_records(self) -> list[dict[str, Any]]:
        labels = {c.id: c.label for c in self.changes}
        kinds = {c.id: c.kind for c in self.changes}
        return [
            {
                "change_id": link.change_id,
                "change_kind": kinds[link.change_id],
                "label": labels[link.change_id],
                "submission_id": link.submission_id,
                "score": round(link.score, 4),
                "confidence": link.confidence,
                "method": link.method,
                "final_start": link.final.start,
                "final_end": link.final.end,
                "final_text": link.final.text,
                "submission_start": link.submission.start,
                "submission_end": link.submission.end,
                "submission_text": link.submission.text,
            }
            for link in self.links
        ]

    def _ask_records(self) -> list[dict[str, Any]]:
        return [
            {
                "submission_id": row.submission_id,
                "ask_id": row.ask_id,
                "kind": row.kind,
                "ask": row.ask,
                "proposed_old": row.proposed_old,
                "proposed_new": row.proposed_new,
                "outcome": row.outcome,
                "where": row.where,  # the clause labels of the changes credited to it
                "link_ids": list(row.link_ids),
            }
            for row in self.ledger()
        ]

    def _submission_records(self) -> list[dict[str, Any]]:
        counts = scorecard(self.ledger())
        links = {s["id"]: s for s in self.summary()}
        records = []
        for s in self.submissions:
            info = _input(s.document)
            asks = counts.get(s.id, {"asks": 0, "adopted": 0})
            records.append(
                {
                    "id": s.id,
                    "path": info["path"],
                    "sha256": info["sha256"],
                    "adopted": links[s.id]["adopted"],
                    "links": links[s.id]["links"],
                    "asks": asks["asks"],
                    "asks_adopted": asks["adopted"],  # in full or in part
                }
            )
        return records

    def to_dataframe(self, what: str = "links") -> Any:
        """``to_records(what)`` as a pandas DataFrame (needs pandas): the links by default,
        or ``"asks"`` or ``"submissions"``."""
        records = self.to_records(what)  # an unknown ``what`` fails before pandas is asked
        try:
            import pandas as pd
        except ImportError as e:
            raise ModelUnavailableError("to_dataframe needs pandas: pip install pandas") from e
        return pd.DataFrame.from_records(records, columns=_COLUMNS[what])

    def to_html(self, *, lang: str | None = None) -> str:
        """The proof report: one self-contained HTML page (see ``report.attribution_html``),
        its words in ``lang`` ("en", "ko"; default: the documents' language)."""
        return attribution_html(
            self.to_dict(),
            final_text=self.alignment.final.text,
            draft_text=self.alignment.draft.text,
            lang=lang,
        )

    def save(
        self, db: str | os.PathLike[str] | Database, *, progress: ProgressCallback | None = None
    ) -> str:
        """Store the run in a SQLite store (a path, created if needed, or an open
        ``open_store`` database) in one transaction; returns the run id.

        Saving the same run again adds no rows. ``progress`` is called with a
        :class:`~provenance.progress.Progress` (stage "saved") as rows are written.
        """
        if isinstance(db, (str, os.PathLike)):
            with open_store(os.fspath(db)) as store:
                return save_result(store, self, progress=progress)
        return save_result(db, self, progress=progress)

    def _repr_html_(self) -> str:
        """The summary and the highlighted final text, for notebooks."""
        return summary_html(self.to_dict(), self.alignment.final.text)


def _input(doc: Document) -> dict[str, Any]:
    info = document_info(doc)
    return {k: info[k] for k in ("path", "sha256", "chars")}


def load_run(db: str | os.PathLike[str] | Database, run_id: str | None = None) -> AttributionResult:
    """A stored run as the result ``attribute`` gave (the latest when ``run_id`` is None).

    ``db`` is the path of a store or an open one. The draft and final are aligned again
    from their stored texts (alignment is deterministic); submissions, links, skipped
    inputs and the matching state come from the store. Pass it as
    ``attribute(..., previous=...)`` to add submissions to the run.
    """
    if isinstance(db, (str, os.PathLike)):
        with open_store(os.fspath(db), readonly=True) as store:
            return load_run(store, run_id)
    parts = load_run_parts(db, run_id)
    state = None
    if parts.state is not None:
        try:
            state = EngineState.from_json(parts.state)
        except (KeyError, TypeError, ValueError):
            state = None  # written in another form: attribute(previous=) says it has none
    return AttributionResult(
        align(parts.draft, parts.final),
        parts.submissions,
        parts.links,
        parts.skipped,
        parts.params,
        state=state,
        known_asks=_by_submission(parts.asks, parts.submissions),
    )


def _by_submission(
    asks: tuple[Ask, ...], submissions: tuple[Submission, ...]
) -> dict[str, tuple[Ask, ...]]:
    """A stored run's asks by submission; every submission has its entry (maybe empty):
    a store holds them all, so none is looked for again."""
    found: dict[str, list[Ask]] = {s.id: [] for s in submissions}
    for ask in asks:
        found.setdefault(ask.submission_id, []).append(ask)
    return {k: tuple(v) for k, v in found.items()}
