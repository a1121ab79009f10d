"""Store attribution runs in SQLite, so that every claim can be checked later.

The only module that imports ``sqlite_utils``. A store holds any number of runs; a run
is one call of :func:`provenance.attribute`, identified by its ``run_id`` (a
hash of the inputs, parameters and tool version). Saving the same run again replaces
that run's rows with identical ones: no row is added, and the database stays as it was
or becomes complete, never half-written (one transaction per run).

Documents are stored once, keyed by the SHA-256 of their *normalised* text, which is
what every offset points into. The hash of the original bytes (``sha256`` in the JSON
form) is kept on the run and submission rows: one file read by two tool versions whose
normalisation differs yields two documents, and each run keeps pointing at its own.
Text that SQLite cannot hold (lone surrogates, e.g. from undecodable file names) is
stored with U+FFFD in their place; one code point replaces one, so offsets stay valid.

Offsets are end-exclusive Unicode code point indices into ``documents.text``.
``idx`` columns keep the order of the lists in the JSON form (0-based).

Tables (schema version 5, recorded as ``PRAGMA user_version``):

| table.column | type | meaning |
| --- | --- | --- |
| documents.sha256 | TEXT pk | SHA-256 (hex) of the normalised text in UTF-8 |
| documents.chars | INTEGER | length of the text in code points |
| documents.text | TEXT | the text as the library normalised it |
| runs.id | TEXT pk | run id: hash of inputs, parameters and tool version |
| runs.tool_version | TEXT | policy-provenance version that made the run |
| runs.params | TEXT | parameters as a JSON object (min_score, lang, ...) |
| runs.draft_sha256 | TEXT | SHA-256 of the draft's original bytes |
| runs.draft_text_sha256 | TEXT fk documents | the draft's normalised text |
| runs.draft_path | TEXT | where the draft was read, NULL if given as text |
| runs.final_sha256 | TEXT | SHA-256 of the final's original bytes |
| runs.final_text_sha256 | TEXT fk documents | the final's normalised text |
| runs.final_path | TEXT | where the final was read, NULL if given as text |
| runs.changes | INTEGER | number of changes |
| runs.links | INTEGER | number of links |
| runs.created | TEXT | UTC time the run was first saved (ISO 8601); kept on re-save |
| runs.draft_lang, final_lang | TEXT | language each was read as (``en``, ``xx``); NULL if old |
| runs.draft_format, final_format | TEXT | format each was read as (txt, docx ...); NULL if old |
| runs.draft_encoding, final_encoding | TEXT | of its bytes; NULL for PDF, DOCX ... or if old |
| run_submissions.run_id | TEXT pk, fk runs | |
| run_submissions.submission_id | TEXT pk | e.g. ``kctu/letter`` |
| run_submissions.idx | INTEGER | position among the run's submissions |
| run_submissions.sha256 | TEXT | SHA-256 of the submission's original bytes |
| run_submissions.text_sha256 | TEXT fk documents | the submission's normalised text |
| run_submissions.path | TEXT | where it was read, NULL if given as text |
| run_submissions.adopted | INTEGER | 1 if at least one link credits it, else 0 |
| run_submissions.links | INTEGER | number of links crediting it |
| changes.run_id | TEXT pk, fk runs | |
| changes.id | TEXT pk | change id within the run (``c3``) |
| changes.idx | INTEGER | position among the run's changes |
| changes.kind | TEXT | inserted, modified, deleted or moved |
| changes.label | TEXT | clause label on the final side (draft side if deleted) |
| changes.draft_label | TEXT | clause label on the draft side, NULL if none |
| changes.draft_start, draft_end | INTEGER | span in the draft, NULL if inserted |
| changes.final_start, final_end | INTEGER | span in the final, NULL if deleted |
| change_new_text.run_id | TEXT pk, fk runs | |
| change_new_text.change_id | TEXT pk | the change this passage belongs to |
| change_new_text.idx | INTEGER pk | position among the change's new passages |
| change_new_text.start, end | INTEGER | span of new text in the final |
| links.run_id | TEXT pk, fk runs | |
| links.change_id | TEXT pk | the change whose new text is credited |
| links.submission_id | TEXT pk | the submission credited |
| links.final_start, final_end | INTEGER pk | credited passage, span in the final |
| links.idx | INTEGER | position among the run's links |
| links.final_text | TEXT | the credited passage (copy, for queries) |
| links.submission_start, submission_end | INTEGER | evidence, span in the submission |
| links.submission_text | TEXT | the evidence passage (copy, for queries) |
| links.score | REAL | 0-1, higher = stronger evidence (unrounded) |
| links.confidence | TEXT | high, medium or low |
| links.method | TEXT | edit, verbatim, fuzzy or semantic |
| links.id | TEXT | the link's id in the JSON form (``l12``) |
| links.ask_id | TEXT | the ask it credits (``asks.id``) |
| links.draft_start, draft_end | INTEGER | what the edit replaced or removed in the draft |
| links.label | TEXT | the clause label of its change (``changes.label``, copied) |
| asks.run_id | TEXT pk, fk runs | |
| asks.id | TEXT pk | the ask's id within the run (``a12.3``: submission 12, ask 3) |
| asks.idx | INTEGER | position among the run's asks |
| asks.submission_id | TEXT | the submission that asked |
| asks.kind | TEXT | add, replace, delete, move or request |
| asks.submission_start, submission_end | INTEGER | the ask in the submission's words |
| asks.old, asks.new | TEXT | what an explicit edit replaces or deletes, and adds |
| asks.outcome | TEXT | adopted, adopted-in-part, already-in-draft or not-found |
| skipped.run_id | TEXT pk, fk runs | |
| skipped.path | TEXT pk | the input that could not be used |
| skipped.idx | INTEGER | position among the run's skipped inputs |
| skipped.reason | TEXT | why, in one line |
| run_states.run_id | TEXT pk, fk runs | |
| run_states.state | TEXT | JSON: what matching left, for adding submissions later |

Old runs, saved before schema version 3, did not record how the draft and final were
read: NULL there.

``links.change_id`` refers to ``changes (run_id, id)`` and ``links.submission_id`` to
``run_submissions (run_id, submission_id)``; sqlite-utils declares single-column
foreign keys only, so these two are not declared to SQLite (the tests check them).

Schema versions. A file with ``user_version`` 0 and none of these tables is a new
store and gets the current schema. One with these tables but ``user_version`` 0 was
made before versions were recorded and is refused, with what to do. A store of an
older version is upgraded by the steps in ``_MIGRATIONS`` (version ``v`` to ``v + 1``),
all in one transaction, so it is either fully upgraded or left as it was; a store of
a newer version is refused. A file with a schema version but none of these tables is
not a store and is refused. Reading (``open_store(path, readonly=True)``, as every
reading command does) never writes: an older store is read as it is, not upgraded,
with what its version lacks read as empty (no matching state) or NULL (the inputs'
lang, format and encoding; ``null`` in the JSON). Version 2 added ``run_states``,
version 3 the draft's and final's lang, format and encoding on ``runs``, and version 4
the ``asks`` table with each link's id, ask and draft span; an upgrade leaves those
NULL (or empty) on the runs already stored, which never recorded them. Version 5 added
``links.label`` (filled from ``changes`` by the upgrade), an index on ``links (run_id,
submission_id)`` and three views; a store of version 4 or older read as it is has no
views, and nothing in the library reads them. Views hold no data, so a later change to
one keeps the schema version: opening a store for writing replaces a view whose SQL is
not this version's (reading leaves it as it is).

Views (version 5), for reading a store with any SQLite tool or ``datasette``:

- ``credited_passages``: one row a link, in order: run_id, label, submission_id,
  score (rounded to 2 decimals; ``links.score`` is exact), confidence, method,
  final_text, evidence (the submission's passage), ask_id, change_id.
- ``contributors``: one row a submission: run_id, submission_id, path, asks_made,
  asks_adopted (adopted or adopted in part), links, adopted (0 or 1).
- ``run_inputs``: one row an input: run_id, role (draft, final or submission), id (the
  submission's, NULL for the others), path, sha256 (of the original bytes), chars (of
  the normalised text; NULL if the text is lost).

>>> from provenance.pipeline import attribute
>>> db = open_store(":memory:")
>>> r = attribute("1. Publish budgets.\\n",
...               "1. Publish budgets.\\n2. Open every meeting to the press.",
...               {"press-club": "Please open every meeting to the press."})
>>> save_result(db, r) == r.run_id
True
>>> load_result_dict(db) == r.to_dict()
True
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal, Protocol

import sqlite_utils

from .errors import StoreError
from .export import ATTRIBUTION_SCHEMA, run_digest, tool_info
from .model import Alignment, Ask, Document, Link, Skipped, Span, Submission
from .progress import Progress, ProgressCallback

Database = sqlite_utils.Database  # what open_store returns, for other modules' annotations


class SavableRun(Protocol):
    """What :func:`save_result` reads of a run: an ``AttributionResult`` has all of it.

    Declared here, so that the store depends on the model's types, not on the module
    that defines the result (which itself saves through this one).
    """

    @property
    def run_id(self) -> str: ...
    @property
    def alignment(self) -> Alignment: ...
    @property
    def submissions(self) -> tuple[Submission, ...]: ...
    @property
    def links(self) -> tuple[Link, ...]: ...
    @property
    def skipped(self) -> tuple[Skipped, ...]: ...
    @property
    def params(self) -> Mapping[str, Any]: ...
    def iter_asks(self) -> Iterator[Ask]: ...
    @property
    def state(self) -> _JsonState | None: ...


class _JsonState(Protocol):
    def to_json(self) -> dict[str, Any]: ...


__all__ = [
    "SCHEMA_VERSION",
    "SavableRun",
    "Store",
    "StoreError",
    "StoredRun",
    "check_store",
    "list_runs",
    "load_result_dict",
    "load_run_parts",
    "load_run_rows",
    "load_run_texts",
    "open_store",
    "save_result",
]

SCHEMA_VERSION = 5
BUSY_TIMEOUT_MS = 5000  # wait this long for another writer before failing

Store = sqlite_utils.Database  # an open store, as :func:`open_store` returns it

_SURROGATE = re.compile("[\ud800-\udfff]")

# table -> column -> Python type, in column order
_TABLES: dict[str, dict[str, type]] = {
    "documents": {"sha256": str, "chars": int, "text": str},
    "runs": {
        "id": str,
        "tool_version": str,
        "params": str,
        "draft_sha256": str,
        "draft_text_sha256": str,
        "draft_path": str,
        "final_sha256": str,
        "final_text_sha256": str,
        "final_path": str,
        "changes": int,
        "links": int,
        "created": str,
        # Version 3, so after "created": where ALTER TABLE puts them in an upgraded store.
        "draft_lang": str,
        "draft_format": str,
        "draft_encoding": str,
        "final_lang": str,
        "final_format": str,
        "final_encoding": str,
    },
    "run_submissions": {
        "run_id": str,
        "submission_id": str,
        "idx": int,
        "sha256": str,
        "text_sha256": str,
        "path": str,
        "adopted": int,
        "links": int,
    },
    "changes": {
        "run_id": str,
        "id": str,
        "idx": int,
        "kind": str,
        "label": str,
        "draft_label": str,
        "draft_start": int,
        "draft_end": int,
        "final_start": int,
        "final_end": int,
    },
    "change_new_text": {
        "run_id": str,
        "change_id": str,
        "idx": int,
        "start": int,
        "end": int,
    },
    "links": {
        "run_id": str,
        "change_id": str,
        "submission_id": str,
        "final_start": int,
        "final_end": int,
        "idx": int,
        "final_text": str,
        "submission_start": int,
        "submission_end": int,
        "submission_text": str,
        "score": float,
        "confidence": str,
        "method": str,
        "id": str,
        "ask_id": str,
        "draft_start": int,
        "draft_end": int,
        "label": str,  # version 5
    },
    "asks": {
        "run_id": str,
        "id": str,
        "idx": int,
        "submission_id": str,
        "kind": str,
        "submission_start": int,
        "submission_end": int,
        "old": str,
        "new": str,
        "outcome": str,
    },
    "skipped": {"run_id": str, "path": str, "idx": int, "reason": str},
    "run_states": {"run_id": str, "state": str},
}
_PKS: dict[str, str | tuple[str, ...]] = {
    "documents": "sha256",
    "runs": "id",
    "run_submissions": ("run_id", "submission_id"),
    "changes": ("run_id", "id"),
    "change_new_text": ("run_id", "change_id", "idx"),
    "links": ("run_id", "change_id", "submission_id", "final_start", "final_end"),
    "skipped": ("run_id", "path"),
    "run_states": "run_id",
    "asks": ("run_id", "id"),
}
_NOT_NULL: dict[str, set[str]] = {  # besides the primary key columns
    "documents": {"chars", "text"},
    "runs": {
        "tool_version",
        "params",
        "draft_sha256",
        "draft_text_sha256",
        "final_sha256",
        "final_text_sha256",
        "changes",
        "links",
        "created",
    },
    "run_submissions": {"idx", "sha256", "text_sha256", "adopted", "links"},
    "changes": {"idx", "kind", "label"},
    "change_new_text": {"start", "end"},
    "links": {
        "idx",
        "final_text",
        "submission_start",
        "submission_end",
        "submission_text",
        "score",
        "confidence",
        "method",
    },
    "skipped": {"idx", "reason"},
    "run_states": {"state"},
    "asks": {"idx", "submission_id", "kind", "submission_start", "submission_end", "outcome"},
}
_FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "runs": [
        ("draft_text_sha256", "documents", "sha256"),
        ("final_text_sha256", "documents", "sha256"),
    ],
    "run_submissions": [("run_id", "runs", "id"), ("text_sha256", "documents", "sha256")],
    "changes": [("run_id", "runs", "id")],
    "change_new_text": [("run_id", "runs", "id")],
    "links": [("run_id", "runs", "id")],
    "skipped": [("run_id", "runs", "id")],
    "run_states": [("run_id", "runs", "id")],
    "asks": [("run_id", "runs", "id")],
}
# Added to runs in version 3: how the draft and the final were read.
_RUN_INPUT_COLUMNS = tuple(
    f"{role}_{field}" for role in ("draft", "final") for field in ("lang", "format", "encoding")
)
# Added to links in version 4, with the asks table: each link's id, its ask, and the
# draft text a deletion, a move or a replacement took away.
_LINK_ASK_COLUMNS = ("id", "ask_id", "draft_start", "draft_end")
# Added to links in version 5: the clause label of the link's change, copied so that a
# query or a view of the credited passages need not join changes.
_LINK_LABEL_COLUMNS = ("label",)
_RUN_CHILDREN = (
    "asks",
    "run_states",
    "change_new_text",
    "links",
    "changes",
    "run_submissions",
    "skipped",
)

# Schema upgrades: _MIGRATIONS[v] turns a version-v store into a version v + 1 one. The
# next schema change bumps SCHEMA_VERSION, updates _TABLES (which new stores are made
# from) and adds its step here. Steps run in one transaction with foreign keys not yet
# enforced (SQLite's recipe for rebuilding a table needs that); a foreign key check
# follows the last step.
_MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {
    1: lambda db: _create_table(db, "run_states"),  # 2: runs can be added to
    2: lambda db: _add_columns(db, "runs", _RUN_INPUT_COLUMNS),  # 3: how draft, final were read
    3: lambda db: _add_asks(db),  # 4: asks, and links to them
    4: lambda db: _add_views(db),  # 5: links' labels, indexes and the views
}
# Reading commands open a store read-only and so never upgrade it: they read a store of
# an older version as it is, from _READS_FROM on. A table added by a step is listed in
# _TABLE_SINCE, and readers treat it as empty in older stores; a column added by a step
# is listed in _COLUMN_SINCE, and readers take it as NULL there (row.get). A step that
# changes a table's columns otherwise must raise _READS_FROM to the version it makes.
_READS_FROM = 1
_TABLE_SINCE = {"run_states": 2, "asks": 4}  # table -> the schema version that added it
_COLUMN_SINCE = {  # (table, column) -> the schema version that added it
    **{("runs", column): 3 for column in _RUN_INPUT_COLUMNS},
    **{("links", column): 4 for column in _LINK_ASK_COLUMNS},
    **{("links", column): 5 for column in _LINK_LABEL_COLUMNS},
}
# Views answer the common questions in one SELECT (``datasette provenance.db`` lists
# them beside the tables). Version 5 added them; readers never need them, so a store of
# an older version read as it is has none. Nothing in the library reads them: they are
# for people and their tools, and the tests keep them true to the tables. They hold no
# data, so changing one needs no new schema version: opening a store for writing
# replaces a view whose SQL differs from this one (_renew_views).
_VIEWS: dict[str, str] = {
    # Every credited passage with its evidence: what the final took from whom.
    # Score, confidence and method come before the long texts, where a table shows them;
    # the score as a person reads it, to 2 decimals (links.score keeps it exact).
    "credited_passages": """
SELECT l.run_id, l.label, l.submission_id, round(l.score, 2) AS score, l.confidence,
       l.method, l.final_text, l.submission_text AS evidence, l.ask_id, l.change_id
FROM links l
ORDER BY l.run_id, l.idx""",
    # Each submission of a run: its asks, how many were adopted (or adopted in part),
    # and the links crediting it.
    "contributors": """
SELECT s.run_id, s.submission_id, s.path,
       (SELECT count(*) FROM asks a
        WHERE a.run_id = s.run_id AND a.submission_id = s.submission_id) AS asks_made,
       (SELECT count(*) FROM asks a
        WHERE a.run_id = s.run_id AND a.submission_id = s.submission_id
          AND a.outcome IN ('adopted', 'adopted-in-part')) AS asks_adopted,
       s.links, s.adopted
FROM run_submissions s
ORDER BY s.run_id, s.idx""",
    # Every input of a run: the hash of its bytes and the length of its text. id is the
    # submission's id, NULL for the draft and the final; chars NULL if the text is lost.
    "run_inputs": """
SELECT run_id, role, id, path, sha256, chars FROM (
  SELECT r.id AS run_id, 'draft' AS role, NULL AS id, r.draft_path AS path,
         r.draft_sha256 AS sha256, d.chars, -2 AS k
  FROM runs r LEFT JOIN documents d ON d.sha256 = r.draft_text_sha256
  UNION ALL
  SELECT r.id, 'final', NULL, r.final_path, r.final_sha256, d.chars, -1
  FROM runs r LEFT JOIN documents d ON d.sha256 = r.final_text_sha256
  UNION ALL
  SELECT s.run_id, 'submission', s.submission_id, s.path, s.sha256, d.chars, s.idx
  FROM run_submissions s LEFT JOIN documents d ON d.sha256 = s.text_sha256
)
ORDER BY run_id, k""",
}
# Indexes besides the primary keys, as (table, columns, the schema version that added
# it). With the keys they cover every relation a query or a view follows (the tests
# check the list in _RELATIONS): run_submissions, changes and change_new_text are
# found by their keys, which start with run_id.
_INDEXES: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("links", ("submission_id",), 4),  # across runs: everything one submitter got
    ("links", ("run_id", "ask_id"), 4),
    ("asks", ("run_id", "submission_id"), 4),
    ("links", ("run_id", "submission_id"), 5),
)
_RELATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (  # (table, columns) queries follow
    ("links", ("run_id", "change_id")),
    ("links", ("run_id", "submission_id")),
    ("links", ("run_id", "ask_id")),
    ("asks", ("run_id", "submission_id")),
    ("run_submissions", ("run_id",)),
    ("changes", ("run_id",)),
    ("change_new_text", ("run_id", "change_id")),
    ("skipped", ("run_id",)),
)


def open_store(path: str | Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open (creating if needed) the SQLite store at ``path``; ``":memory:"`` for none.

    Files use WAL journal mode, so readers do not block the writer, and wait up to
    ``BUSY_TIMEOUT_MS`` for a lock. Foreign keys are enforced on this connection.
    A store of an older schema version is upgraded (see the module docstring).

    With ``readonly=True`` the file must exist and is never changed: nothing is
    created, upgraded or switched to WAL, and every write fails. A store of an older
    version is read as it is. On read-only media, where SQLite cannot make the -wal
    and -shm files a WAL reader shares with writers, the file is read as immutable
    (nobody can write it there either). Elsewhere a WAL store's reader may leave those
    two files, empty, as every SQLite reader does; the store itself keeps every byte.

    Raises:
        StoreError: the file is not SQLite, cannot be opened, is not a store of this
            tool, was written by a newer version of it (or by a pre-release one), or
            holds tables of the same names in another shape.
    """
    name = str(path)
    try:
        if name == ":memory:":
            db = sqlite_utils.Database(memory=True)
        elif readonly:
            if not Path(name).is_file():
                raise StoreError(f"{name}: no such store; give the --db path a run was saved to")
            db = sqlite_utils.Database(_connect_readonly(name))
        else:
            db = sqlite_utils.Database(name)
    except sqlite3.Error as e:
        raise StoreError(f"{name}: cannot open as SQLite database ({e})") from e
    try:
        _prepare(db, name, "read" if readonly else "write")
    except BaseException:
        db.close()
        raise
    return db


def check_store(path: str | Path) -> None:
    """Raise now what :func:`open_store` would raise for ``path``, writing nothing.

    For a command to check its ``--db`` before a long run: a path whose folder exists
    is fine, and so is an empty file or an SQLite file without our tables (a save
    makes them), a store of this version, or one of an older version that can be
    upgraded.

    Raises:
        StoreError: as :func:`open_store` would, or the folder does not exist.
    """
    name = str(path)
    if name == ":memory:":
        return
    where = Path(name)
    if where.is_dir():
        raise StoreError(f"{name}: is a folder; give the path of a file for the store")
    if not where.exists():
        if not where.parent.is_dir():
            raise StoreError(
                f"{name}: no such folder {where.parent}; create it or give another --db path"
            )
        return
    if where.stat().st_size == 0:
        return  # SQLite makes a new database of an empty file
    try:
        # Without a -wal file nobody has the store open, and everything committed is in
        # the file: read it as immutable, which leaves no -wal and -shm files behind. A
        # writer that starts meanwhile could make this look wrong; the save checks again.
        db = sqlite_utils.Database(_connect_readonly(name, quick=not _has_log(name)))
    except sqlite3.Error as e:
        raise StoreError(f"{name}: cannot open as SQLite database ({e})") from e
    with db:
        _prepare(db, name, "check")


def _connect_readonly(name: str, *, quick: bool = False) -> sqlite3.Connection:
    """A connection that cannot write to the file ``name``.

    ``mode=ro`` first: it sees what concurrent writers commit. A WAL store's reader
    needs its -shm file, which SQLite cannot create on read-only media; there the file
    is opened ``immutable`` instead, which is safe because nobody can write it there
    either, and correct only when no committed pages wait in a -wal file beside it.
    ``quick`` opens it immutable at once, for a glance that must leave nothing behind.
    """
    # A URI, so that "?" or "#" in a file name cannot be read as its parts.
    uri = Path(name).resolve().as_uri()
    if quick:
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # reads the file and its WAL index
        return conn
    except sqlite3.OperationalError as e:
        conn.close()
        if getattr(e, "sqlite_errorcode", None) != _SQLITE_CANTOPEN:
            raise
    except sqlite3.DatabaseError:
        return conn  # not SQLite at all: _prepare says so, in its words
    if _has_log(name):
        raise StoreError(
            f"{name}: cannot read its write-ahead log {name}-wal here (no {name}-shm beside it,"
            " and none can be made on read-only media); copy the store and its -wal file"
            " to a writable folder"
        )
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)


def _has_log(name: str) -> bool:
    """Whether committed pages may wait in the -wal file beside the store ``name``."""
    log = Path(f"{Path(name).resolve()}-wal")
    return log.is_file() and log.stat().st_size > 0


_SQLITE_CANTOPEN = 14  # SQLite's result code for "unable to open database file"
_Mode = Literal["write", "read", "check"]


def _prepare(db: sqlite_utils.Database, name: str, mode: _Mode) -> None:
    """Check (and, when ``mode`` is "write", create or upgrade) the store in ``db``.

    ``mode`` "read" refuses what cannot be read as it is; "check" refuses what a
    writing open would refuse, without writing.
    """
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        ours = [t for t in _TABLES if db.table(t).exists()]
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{name}: not an SQLite database ({e}); give another --db path") from e
    fix = "give the --db path a run was saved to" if mode == "read" else "give another --db path"
    if not ours and (version != 0 or mode == "read"):
        what = "no schema version" if version == 0 else f"user_version {version}"
        raise StoreError(
            f"{name}: not a policy-provenance store ({what}, none of its tables); {fix}"
        )
    _refuse_newer(name, version)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if version == 0 and mode != "write":
            _refuse_unversioned(db, name, ours)
            return  # "check": a save makes the schema
        if version < SCHEMA_VERSION and mode == "read":
            _check_readable(db, name, version)
            return
        if version < SCHEMA_VERSION and mode == "check":
            _check_steps(name, version)
            return
        if version < SCHEMA_VERSION:
            _upgrade(db, name)
        db.execute("PRAGMA foreign_keys = ON")
        _check_schema(db, name)
        if mode == "write":
            _renew_views(db)
        if not db.memory and mode == "write":
            _enable_wal(db)
    except sqlite3.Error as e:
        raise StoreError(f"{name}: cannot set up the store ({_reason(e)})") from e


def _check_readable(db: sqlite_utils.Database, name: str, version: int) -> None:
    """Refuse a store of an older ``version`` unless it can be read without upgrading."""
    if version < _READS_FROM:
        raise StoreError(
            f"{name}: store schema version {version} is older than this tool reads"
            f" ({_READS_FROM} to {SCHEMA_VERSION}) without upgrading it; upgrade it by"
            " saving a run to it (provenance attribute ... --db), or give another --db path"
        )
    db.execute("PRAGMA foreign_keys = ON")
    tables = [t for t in _TABLES if _TABLE_SINCE.get(t, 1) <= version]
    _check_schema(db, name, *tables, version=version)


def _check_steps(name: str, version: int) -> None:
    missing = [v for v in range(version, SCHEMA_VERSION) if v not in _MIGRATIONS]
    if missing:
        raise StoreError(
            f"{name}: store schema version {version} cannot be upgraded to {SCHEMA_VERSION}"
            f" (no step from version {missing[0]}); read it with the policy-provenance"
            " version that wrote it, or give a new --db path"
        )


def _refuse_newer(name: str, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{name}: store schema version {version} is newer than this tool's "
            f"({SCHEMA_VERSION}); upgrade policy-provenance (pip install -U policy-provenance,"
            " or git pull and pip install . in a clone)"
        )


def _upgrade(db: sqlite_utils.Database, name: str) -> None:
    """Bring a store of an older version (0: new or pre-release) to ``SCHEMA_VERSION``."""
    # BEGIN IMMEDIATE takes the write lock before any read, so two processes creating
    # or upgrading one store wait for each other (busy timeout) instead of failing on a
    # stale read; the version is read again under the lock, since the other may have
    # done the work meanwhile. One transaction: a file that turns out to hold someone
    # else's tables of the same names, or a failed step, leaves the file as it was.
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        _refuse_newer(name, version)
        if version == 0:
            _refuse_unversioned(db, name, [t for t in _TABLES if db.table(t).exists()])
            _create_schema(db, name)
        elif version < SCHEMA_VERSION:
            _migrate(db, name, version)
    except BaseException:
        db.rollback()
        raise
    db.commit()


def _refuse_unversioned(db: sqlite_utils.Database, name: str, ours: list[str]) -> None:
    """Refuse a file with no schema version that holds tables of ours."""
    if ours:
        _check_schema(db, name, *ours)  # someone else's tables: "not a store"
        raise StoreError(
            f"{name}: has policy-provenance tables ({', '.join(ours)}) but no schema"
            " version: a pre-release store, which cannot be upgraded; move it aside"
            " and give a new --db path (re-run attribute to store its runs again)"
        )


def _migrate(db: sqlite_utils.Database, name: str, version: int) -> None:
    start = version
    _check_steps(name, version)
    while version < SCHEMA_VERSION:
        _MIGRATIONS[version](db)
        version += 1
        db.execute(f"PRAGMA user_version = {version}")
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise StoreError(
            f"{name}: upgrading schema version {start} to {SCHEMA_VERSION} broke"
            f" {len(broken)} foreign keys (first in table {broken[0][0]}); store left as it was"
        )


def _enable_wal(db: sqlite_utils.Database) -> None:
    # Changing the journal mode fails at once while another connection reads, without
    # calling the busy handler; WAL is a property of the file, so this waits only on
    # the first opening of a new store.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _create_schema(db: sqlite_utils.Database, name: str) -> None:
    """Create the current schema; the caller holds the transaction."""
    for table in _TABLES:
        _create_table(db, table)
        _check_schema(db, name, table)
    _create_indexes(db)
    _create_views(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _create_indexes(db: sqlite_utils.Database, version: int = SCHEMA_VERSION) -> None:
    """Create the indexes a store of ``version`` has (and no later ones)."""
    for table, columns, since in _INDEXES:
        if since <= version:
            db.table(table).create_index(list(columns), if_not_exists=True)


def _create_views(db: sqlite_utils.Database) -> None:
    """Create the views of ``_VIEWS``; the tables they read must have their columns."""
    for view, sql in _VIEWS.items():
        db.execute(f"CREATE VIEW IF NOT EXISTS [{view}] AS{sql}")


def _stale_views(db: sqlite_utils.Database) -> list[str]:
    """The views of ``_VIEWS`` that are missing or whose SQL is not this version's."""
    stored = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())
    return [v for v, sql in _VIEWS.items() if stored.get(v) != f"CREATE VIEW [{v}] AS{sql}"]


def _renew_views(db: sqlite_utils.Database) -> None:
    """Replace the views a store has from an earlier definition (a writing open only).

    Reads first, so that a store whose views are current is not written to; the write
    lock is taken only to replace one, and the check is made again under it.
    """
    if not _stale_views(db):
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        for view in _stale_views(db):
            db.execute(f"DROP VIEW IF EXISTS [{view}]")
        _create_views(db)
    except BaseException:
        db.rollback()
        raise
    db.commit()


def _add_views(db: sqlite_utils.Database) -> None:
    """Version 5: each link's clause label, the indexes queries follow, and the views."""
    _add_columns(db, "links", _LINK_LABEL_COLUMNS)
    db.execute(
        "UPDATE links SET label = (SELECT c.label FROM changes c"
        " WHERE c.run_id = links.run_id AND c.id = links.change_id)"
    )
    _create_indexes(db, 5)
    _create_views(db)


def _add_asks(db: sqlite_utils.Database) -> None:
    """Version 4: the asks table and the links' ids, asks and draft spans."""
    _add_columns(db, "links", _LINK_ASK_COLUMNS)
    _create_table(db, "asks")
    _create_indexes(db, 4)


def _create_table(db: sqlite_utils.Database, table: str) -> None:
    db.table(table).create(
        _TABLES[table],
        pk=_PKS[table],
        not_null=_NOT_NULL[table] | set(_as_tuple(_PKS[table])),
        foreign_keys=_FOREIGN_KEYS.get(table, []),
        if_not_exists=True,
    )


def _add_columns(db: sqlite_utils.Database, table: str, columns: Iterable[str]) -> None:
    """Add nullable columns, typed as in ``_TABLES``; the rows already there hold NULL."""
    for column in columns:
        kind = {str: "TEXT", int: "INTEGER", float: "REAL"}[_TABLES[table][column]]
        db.execute(f"ALTER TABLE [{table}] ADD COLUMN [{column}] {kind}")


def _check_schema(
    db: sqlite_utils.Database, name: str, *only: str, version: int = SCHEMA_VERSION
) -> None:
    """Refuse tables that lack columns a store of ``version`` has."""
    for table in only or _TABLES:
        wanted = {c for c in _TABLES[table] if _COLUMN_SINCE.get((table, c), 1) <= version}
        missing = wanted - set(db.table(table).columns_dict)
        if missing:
            raise StoreError(
                f"{name}: table {table} lacks columns {', '.join(sorted(missing))};"
                " not a policy-provenance store, give another --db path"
            )


def save_result(
    db: sqlite_utils.Database, result: SavableRun, *, progress: ProgressCallback | None = None
) -> str:
    """Save everything of one run in one transaction and return its run id.

    Saving the same run again adds no rows: documents are keyed by their text and a
    run's own rows are replaced, while the run keeps the ``created`` time of its first save.
    ``progress`` is told the rows written (stage "saved"), a batch at a time.
    """
    saved = _Saved(progress)  # the rows are made first: asks may have to be found
    run_id = result.run_id
    alignment = result.alignment
    docs: dict[str, dict[str, Any]] = {}

    def doc_key(text: str) -> str:
        row = _document_row(text)
        docs.setdefault(row["sha256"], row)
        return str(row["sha256"])

    run = {
        "id": run_id,
        "tool_version": tool_info()["version"],
        "params": json.dumps(dict(result.params), ensure_ascii=False),
        "draft_sha256": alignment.draft.sha256,
        "draft_text_sha256": doc_key(alignment.draft.text),
        "draft_path": _clean(alignment.draft.path),
        "final_sha256": alignment.final.sha256,
        "final_text_sha256": doc_key(alignment.final.text),
        "final_path": _clean(alignment.final.path),
        "changes": len(alignment.changes),
        "links": len(result.links),
        **{
            f"{role}_{field}": _clean(getattr(doc, field))
            for role, doc in (("draft", alignment.draft), ("final", alignment.final))
            for field in ("lang", "format", "encoding")
        },
    }
    credits = Counter(link.submission_id for link in result.links)

    def submission_rows(chunk: Sequence[tuple[int, Submission]]) -> list[dict[str, Any]]:
        return [
            {
                "run_id": run_id,
                "submission_id": _clean(s.id),
                "idx": i,
                "sha256": s.sha256,
                "text_sha256": doc_key(s.text),
                "path": _clean(s.document.path),
                "adopted": int(credits[s.id] > 0),
                "links": credits[s.id],
            }
            for i, s in chunk
        ]

    changes = [
        {
            "run_id": run_id,
            "id": c.id,
            "idx": i,
            "kind": c.kind,
            "label": _clean(c.label),
            "draft_label": _clean(c.draft_label),
            "draft_start": None if c.draft is None else c.draft.start,
            "draft_end": None if c.draft is None else c.draft.end,
            "final_start": None if c.final is None else c.final.start,
            "final_end": None if c.final is None else c.final.end,
        }
        for i, c in enumerate(alignment.changes)
    ]
    new_text = [
        {"run_id": run_id, "change_id": c.id, "idx": i, "start": s.start, "end": s.end}
        for c in alignment.changes
        for i, s in enumerate(c.new_text)
    ]
    labels = {c.id: _clean(c.label) for c in alignment.changes}
    links = [
        {
            "run_id": run_id,
            "change_id": link.change_id,
            "submission_id": _clean(link.submission_id),
            "final_start": link.final.start,
            "final_end": link.final.end,
            "idx": i,
            "final_text": _clean(link.final.text),
            "submission_start": link.submission.start,
            "submission_end": link.submission.end,
            "submission_text": _clean(link.submission.text),
            "score": float(link.score),
            "confidence": link.confidence,
            "method": link.method,
            "id": link.id,
            "ask_id": link.ask_id,
            "draft_start": None if link.draft is None else link.draft.start,
            "draft_end": None if link.draft is None else link.draft.end,
            "label": labels.get(link.change_id),
        }
        for i, link in enumerate(result.links)
    ]
    asks = (
        {
            "run_id": run_id,
            "id": ask.id,
            "idx": i,
            "submission_id": _clean(ask.submission_id),
            "kind": ask.kind,
            "submission_start": ask.submission.start,
            "submission_end": ask.submission.end,
            "old": _clean(ask.old),
            "new": _clean(ask.new),
            "outcome": ask.outcome,
        }
        for i, ask in enumerate(result.iter_asks())
    )
    skipped = [
        {"run_id": run_id, "path": _clean(s.path), "idx": i, "reason": _clean(s.reason)}
        for i, s in enumerate(result.skipped)
    ]
    states = []
    if result.state is not None:
        # ASCII: escapes keep lone surrogates, which SQLite's UTF-8 cannot hold, exact.
        state = json.dumps(result.state.to_json(), separators=(",", ":"))
        states.append({"run_id": run_id, "state": state})
    created = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    children: tuple[tuple[str, Iterable[dict[str, Any]]], ...] = (
        ("changes", changes),
        ("change_new_text", new_text),
        ("links", links),
        ("asks", asks),
        ("skipped", skipped),
        ("run_states", states),
    )
    try:
        with db.atomic():
            # Take the write lock before any read, as BEGIN IMMEDIATE would: then a
            # concurrent writer makes us wait (busy timeout) instead of failing at once.
            db.execute("UPDATE runs SET id = id WHERE 0")
            _insert_many(db, "documents", _unstored(db, docs), ignore=True, saved=saved)
            # Keep the first save's row (and so its "created"); the rest is refreshed.
            db.table("runs").insert({**run, "created": created}, ignore=True)
            db.table("runs").update(run_id, run)
            saved(1)
            for table in _RUN_CHILDREN:
                db.execute(f"DELETE FROM [{table}] WHERE run_id = ?", [run_id])
            # A docket's submissions, their texts and their asks are written a chunk at
            # a time, never all held: a million letters are gigabytes of rows.
            numbered = enumerate(result.submissions)
            while chunk := list(itertools.islice(numbered, _ROWS_PER_BATCH)):
                docs.clear()
                rows = submission_rows(chunk)
                _insert_many(db, "documents", _unstored(db, docs), ignore=True, saved=saved)
                _insert_many(db, "run_submissions", rows, saved=saved)
            # Plain inserts: two rows with one key are an error, never silently merged.
            for table, table_rows in children:
                _insert_many(db, table, table_rows, saved=saved)
            saved.expect(saved.done)
    except sqlite3.Error as e:
        raise StoreError(f"{_db_name(db)}: cannot save run {run_id} ({_reason(e)})") from e
    return run_id


def _unstored(db: sqlite_utils.Database, docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of ``docs`` (by key) not in the store yet, in key order.

    Texts an earlier run stored (all of them, when submissions are added to a run) are
    not sent again, and rows in key order fill the key's index from one end, not all
    over it: at 100,000 submissions, about 0.5-1 s of a 4-6 s save.
    """
    keys = sorted(docs)
    stored: set[str] = set()
    for i in range(0, len(keys), _KEYS_PER_QUERY):
        chunk = keys[i : i + _KEYS_PER_QUERY]
        marks = ", ".join("?" for _ in chunk)
        query = f"SELECT sha256 FROM documents WHERE sha256 IN ({marks})"
        stored.update(row[0] for row in db.execute(query, chunk))
    return [docs[key] for key in keys if key not in stored]


_KEYS_PER_QUERY = 500  # under SQLite's least limit on parameters (999)


class _Saved:
    """Counts the rows a save has written and tells ``progress`` (None: nobody)."""

    def __init__(self, progress: ProgressCallback | None) -> None:
        self.progress, self.done = progress, 0
        self.total: int | None = None
        self._tell()

    def expect(self, total: int) -> None:
        """The rows to write are known: ``total`` of them."""
        self.total = total
        self._tell()

    def __call__(self, rows: int) -> None:
        self.done += rows
        self._tell()

    def _tell(self) -> None:
        if self.progress is not None:
            self.progress(Progress("saved", self.done, self.total))


_ROWS_PER_BATCH = 20_000  # rows written between two progress events: well under a second


def _insert_many(
    db: sqlite_utils.Database,
    table: str,
    rows: Iterable[dict[str, Any]],
    *,
    ignore: bool = False,
    saved: Callable[[int], None] | None = None,
) -> None:
    """Insert rows of one of our tables with one prepared statement, in batches (taken
    from ``rows`` as they come), each told to ``saved`` when written.

    The schema is ours and every value is already a plain SQLite type, so sqlite-utils'
    per-value conversion, a third of the time of saving 100,000 submissions, is skipped.
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    columns = [c for c in _TABLES[table] if c in first]
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    verb = "INSERT OR IGNORE" if ignore else "INSERT"
    statement = f"{verb} INTO [{table}] ({names}) VALUES ({marks})"
    pending: Iterator[dict[str, Any]] = itertools.chain([first], rows)
    while batch := list(itertools.islice(pending, _ROWS_PER_BATCH)):
        db.conn.executemany(statement, ([row[c] for c in columns] for row in batch))
        if saved is not None:
            saved(len(batch))


def load_result_dict(db: sqlite_utils.Database, run_id: str | None = None) -> dict[str, Any]:
    """A stored run in the ``provenance-attribution/2`` JSON form; the latest if no id.

    Every ``text`` is sliced from the stored documents, so the result is what
    ``AttributionResult.to_dict()`` gave when the run was saved (``tool.version`` is the
    version that saved it). "Latest" is the run saved first most recently.
    """
    run = _run_row(db, run_id)
    rid = run["id"]
    texts: dict[str, str] = {}

    def text(key: str) -> str:
        if key not in texts:
            texts[key] = db.execute(
                "SELECT text FROM documents WHERE sha256 = ?", [key]
            ).fetchone()[0]
        return texts[key]

    draft, final = text(run["draft_text_sha256"]), text(run["final_text_sha256"])
    subs = _rows(db, "run_submissions", rid)
    sub_text = {s["submission_id"]: text(s["text_sha256"]) for s in subs}
    new_text: dict[str, list[dict[str, Any]]] = {}
    for s in _rows(db, "change_new_text", rid, order="change_id, idx"):
        new_text.setdefault(s["change_id"], []).append(_span(final, s["start"], s["end"]))
    link_rows = _rows(db, "links", rid)
    ask_rows = _rows(db, "asks", rid)
    asked: dict[str, list[str]] = {}
    for k in link_rows:
        if k.get("ask_id") is not None:
            asked.setdefault(k["ask_id"], []).append(_link_id(k))
    data: dict[str, Any] = {
        "schema": ATTRIBUTION_SCHEMA,
        "run_id": rid,
        "tool": {**tool_info(), "version": run["tool_version"]},
        "params": json.loads(run["params"]),
        "inputs": {
            "draft": {
                **_input(run["draft_path"], run["draft_sha256"], draft),
                **_read_as(run, "draft"),
            },
            "final": {
                **_input(run["final_path"], run["final_sha256"], final),
                **_read_as(run, "final"),
            },
            "submissions": [
                {
                    "id": s["submission_id"],
                    **_input(s["path"], s["sha256"], sub_text[s["submission_id"]]),
                }
                for s in subs
            ],
        },
        "changes": [
            {
                "id": c["id"],
                "kind": c["kind"],
                "label": c["label"],
                "draft_label": c["draft_label"],
                "draft": None
                if c["draft_start"] is None
                else _span(draft, c["draft_start"], c["draft_end"]),
                "final": None
                if c["final_start"] is None
                else _span(final, c["final_start"], c["final_end"]),
                "new_text": new_text.get(c["id"], []),
            }
            for c in _rows(db, "changes", rid)
        ],
        "asks": [
            {
                "id": a["id"],
                "submission_id": a["submission_id"],
                "submission": _span(
                    sub_text.get(a["submission_id"], ""),
                    a["submission_start"],
                    a["submission_end"],
                ),
                "kind": a["kind"],
                "proposed": {"old": a["old"], "new": a["new"]},
                "outcome": a["outcome"],
                "link_ids": asked.get(a["id"], []),
            }
            for a in ask_rows
        ],
        "links": [
            {
                "id": _link_id(k),
                "ask_id": k.get("ask_id"),
                "change_id": k["change_id"],
                "submission_id": k["submission_id"],
                "final": _span(final, k["final_start"], k["final_end"]),
                "draft": None
                if k.get("draft_start") is None
                else _span(draft, k["draft_start"], k["draft_end"]),
                "submission": _span(
                    sub_text.get(k["submission_id"], ""),
                    k["submission_start"],
                    k["submission_end"],
                ),
                "score": round(k["score"], 4),
                "confidence": k["confidence"],
                "method": k["method"],
            }
            for k in link_rows
        ],
        "submissions": [
            {"id": s["submission_id"], "adopted": bool(s["adopted"]), "links": s["links"]}
            for s in subs
        ],
        "skipped": [{"path": s["path"], "reason": s["reason"]} for s in _rows(db, "skipped", rid)],
    }
    data["digest"] = run_digest(data)
    return data


def _link_id(row: dict[str, Any]) -> str:
    """A link's id; runs stored before version 4 number their links in order, as now."""
    return str(row.get("id") or f"l{row['idx'] + 1}")


@dataclass(frozen=True)
class StoredRun:
    """A stored run's parts, as the values ``attribute`` made; ``state`` as stored JSON."""

    run_id: str
    draft: Document
    final: Document
    submissions: tuple[Submission, ...]
    links: tuple[Link, ...]
    skipped: tuple[Skipped, ...]
    params: dict[str, Any]
    state: Any  # the matching state's JSON form, or None when the run kept none
    asks: tuple[Ask, ...] = ()


def load_run_parts(db: sqlite_utils.Database, run_id: str | None = None) -> StoredRun:
    """A stored run's documents, submissions, links, skipped inputs and matching state
    (the latest run when ``run_id`` is None); :func:`provenance.result.load_run` makes
    the result ``attribute`` gave from them."""
    run = _run_row(db, run_id)
    rid = run["id"]
    params = json.loads(run["params"])
    lang = params.get("lang", "en")
    draft_text, final_text = load_run_texts(db, rid)
    draft = Document(
        draft_text, run["draft_sha256"], run["draft_path"], **_document_fields(run, "draft", lang)
    )
    final = Document(
        final_text, run["final_sha256"], run["final_path"], **_document_fields(run, "final", lang)
    )
    texts: dict[str, str] = {}
    for row in db.query(
        "SELECT d.sha256, d.text FROM documents d JOIN run_submissions s"
        " ON s.text_sha256 = d.sha256 WHERE s.run_id = ?",
        [rid],
    ):
        texts[row["sha256"]] = row["text"]
    subs = tuple(
        Submission(
            s["submission_id"], Document(texts[s["text_sha256"]], s["sha256"], s["path"], lang)
        )
        for s in _rows(db, "run_submissions", rid)
    )
    by_id = {s.id: s.document.text for s in subs}
    link_rows = _rows(db, "links", rid)
    links = tuple(
        Link(
            change_id=k["change_id"],
            submission_id=k["submission_id"],
            final=Span.of(final_text, k["final_start"], k["final_end"]),
            submission=Span.of(
                by_id[k["submission_id"]], k["submission_start"], k["submission_end"]
            ),
            score=k["score"],
            confidence=k["confidence"],
            method=k["method"],
            draft=None
            if k.get("draft_start") is None
            else Span.of(draft_text, k["draft_start"], k["draft_end"]),
            id=_link_id(k),
            ask_id=k.get("ask_id"),
        )
        for k in link_rows
    )
    asked: dict[str, list[str]] = {}
    for link in links:
        if link.ask_id is not None:
            asked.setdefault(link.ask_id, []).append(link.id)
    asks = tuple(
        Ask(
            a["id"],
            a["submission_id"],
            Span.of(by_id[a["submission_id"]], a["submission_start"], a["submission_end"]),
            a["kind"],
            a["old"],
            a["new"],
            a["outcome"],
            tuple(asked.get(a["id"], ())),
        )
        for a in _rows(db, "asks", rid)
    )
    skipped = tuple(Skipped(s["path"], s["reason"]) for s in _rows(db, "skipped", rid))
    state_row = None
    if db.table("run_states").exists():  # not in a version 1 store, read as it is
        state_row = db.execute("SELECT state FROM run_states WHERE run_id = ?", [rid]).fetchone()
    state = None
    if state_row is not None:
        try:
            state = json.loads(state_row[0])
        except ValueError:
            state = None  # damaged: attribute(previous=) says the run kept none
    return StoredRun(rid, draft, final, subs, links, skipped, params, state, asks)


def load_run_texts(db: sqlite_utils.Database, run_id: str | None = None) -> tuple[str, str]:
    """The normalised draft and final texts of a stored run (the latest when ``run_id`` is None)."""
    run = _run_row(db, run_id)
    found = []
    for key in (run["draft_text_sha256"], run["final_text_sha256"]):
        row = db.execute("SELECT text FROM documents WHERE sha256 = ?", [key]).fetchone()
        if row is None:
            raise StoreError(f"{_db_name(db)}: run {run['id']} lost its text {key[:12]}")
        found.append(row[0])
    return found[0], found[1]


def load_run_rows(db: sqlite_utils.Database, run_id: str | None = None) -> dict[str, Any]:
    """A stored run's rows as they are, for checking them (the latest run when no id).

    Keys: ``run`` (the ``runs`` row), ``submissions``, ``changes``, ``new_text``,
    ``links`` and ``skipped`` (lists of rows in ``idx`` order), and ``documents``: each
    text key the run refers to, mapped to its ``documents`` row or None if it is gone.
    Nothing is checked or repaired here; :func:`provenance.verify.verify_run` does that.
    """
    run = _run_row(db, run_id)
    rid = run["id"]
    subs = _rows(db, "run_submissions", rid)
    keys = [run["draft_text_sha256"], run["final_text_sha256"], *(s["text_sha256"] for s in subs)]
    documents: dict[str, dict[str, Any] | None] = {}
    for key in dict.fromkeys(keys):
        found = list(db.query("SELECT * FROM documents WHERE sha256 = ?", [key]))
        documents[key] = found[0] if found else None
    return {
        "run": run,
        "submissions": subs,
        "changes": _rows(db, "changes", rid),
        "new_text": _rows(db, "change_new_text", rid, order="change_id, idx"),
        "links": _rows(db, "links", rid),
        "skipped": _rows(db, "skipped", rid),
        "documents": documents,
    }


def list_runs(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The stored runs in the order they were first saved, oldest first.

    Each is a ``runs`` row with ``params`` decoded and ``submissions`` (their count) added.
    """
    rows = db.query(
        "SELECT runs.*, (SELECT count(*) FROM run_submissions s WHERE s.run_id = runs.id)"
        " AS submissions FROM runs ORDER BY runs.rowid"
    )
    return [{**row, "params": json.loads(row["params"])} for row in rows]


def _run_row(db: sqlite_utils.Database, run_id: str | None) -> dict[str, Any]:
    if run_id is None:
        sql, args = "SELECT * FROM runs ORDER BY rowid DESC LIMIT 1", []
    else:
        sql, args = "SELECT * FROM runs WHERE id = ?", [run_id]
    found = list(db.query(sql, args))
    if found:
        return found[0]
    ids = [r[0] for r in db.execute("SELECT id FROM runs ORDER BY rowid DESC").fetchall()]
    if run_id is None:
        raise StoreError(f"no runs in {_db_name(db)} yet; save one first")
    shown = ", ".join(ids[:10]) + (f" (and {len(ids) - 10} more)" if len(ids) > 10 else "")
    raise StoreError(f"no run {run_id} in {_db_name(db)}; runs: {shown or 'none'}")


def _rows(
    db: sqlite_utils.Database, table: str, run_id: str, *, order: str = "idx"
) -> list[dict[str, Any]]:
    """A run's rows of ``table``; none where an older store, read as it is, lacks it."""
    if table in _TABLE_SINCE and not db.table(table).exists():
        return []
    return list(db.query(f"SELECT * FROM [{table}] WHERE run_id = ? ORDER BY {order}", [run_id]))


def _as_tuple(pk: str | tuple[str, ...]) -> tuple[str, ...]:
    return (pk,) if isinstance(pk, str) else pk


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def _input(path: str | None, sha256: str, text: str) -> dict[str, Any]:
    return {"path": path, "sha256": sha256, "chars": len(text)}


def _read_as(run: Mapping[str, Any], role: str) -> dict[str, Any]:
    """How the run's draft or final was read; None where the run did not record it."""
    return {field: run.get(f"{role}_{field}") for field in ("lang", "format", "encoding")}


def _document_fields(run: Mapping[str, Any], role: str, lang: str) -> dict[str, Any]:
    """The ``lang``, ``format`` and ``encoding`` of the run's draft or final, as stored.

    A run saved before schema version 3 recorded none of them: it gets the run's
    ``lang`` and ``Document``'s defaults (format txt, no encoding), as before.
    """
    stored = {k: v for k, v in _read_as(run, role).items() if v is not None}
    return {"lang": lang, **stored}


def _document_row(text: str) -> dict[str, Any]:
    clean = _clean(text) or ""
    digest = hashlib.sha256(clean.encode("utf-8")).hexdigest()
    return {"sha256": digest, "chars": len(clean), "text": clean}


def _clean(value: str | None) -> str | None:
    """``value`` with lone surrogates, which SQLite's UTF-8 cannot hold, as U+FFFD."""
    if value is None or value.isascii():  # the check is far cheaper than the scan
        return value
    return _SURROGATE.sub("\ufffd", value)


def _reason(e: sqlite3.Error) -> str:
    """The SQLite error, with what to do when another process held the store too long."""
    if isinstance(e, sqlite3.OperationalError) and re.search("locked|busy", str(e)):
        return (
            f"another process kept it locked for over {BUSY_TIMEOUT_MS / 1000:g} s;"
            " try again when that process is done"
        )
    return str(e)


def _db_name(db: sqlite_utils.Database) -> str:
    rows: Iterable[Any] = db.execute("PRAGMA database_list").fetchall()
    for _, name, file in rows:
        if name == "main":
            return str(file) if file else ":memory:"
    return ":memory:"
