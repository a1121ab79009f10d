"""Check a stored run against its inputs and against itself, so anyone can test a claim.

:func:`verify_run` re-hashes every input file still at its recorded path and compares
the digest with the SHA-256 of the original bytes stored with the run. It also checks
that the stored documents still hash to their keys, that every change and link span lies
within its text, and that each link's copied ``final_text`` and ``submission_text`` equal
the slices of the stored documents they claim to quote. Nothing is repaired.

Findings are rows of ``(kind, subject, detail)``. Kinds that fail the run:

| kind | meaning |
| --- | --- |
| altered | the file at the recorded path has other bytes than the run read |
| missing | no file at the recorded path any more |
| unreadable | something is at the path, but it cannot be read as a file |
| document | a stored document is gone or its text no longer hashes to its key |
| span | stored offsets lie outside the text they point into |
| text | a link's copied text differs from the document slice it names |
| reference | a link names a change or submission the run does not store |
| count | the run's stored totals disagree with its stored rows |
| rerun | the run made again from the files differs: a link, score, evidence or outcome |

The re-run is what makes a forged store fail: a store whose texts, links and hashes were
all rewritten to agree with each other still disagrees with what the files on disk give.
When every input file is present and unchanged, the run is made again from them with the
stored parameters (the run is deterministic), and every difference is a finding. It is
left out (listed as ``unchecked``) when an input is missing or altered (those are already
findings), was given as text, or with ``rerun=False``.

Inputs that cannot be checked, which do not fail the run, are listed as ``unchecked``:
a document given as text rather than a file (no path), or a path that could not be
stored exactly (an undecodable file name, kept with U+FFFD).

Relative paths are resolved against ``base`` (default: the current directory), which
should be the directory ``provenance attribute`` ran in.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from .errors import ProvenanceError
from .model import Skipped, Submission
from .pipeline import attribute
from .read import read_document
from .read_errors import one_line
from .store import Store, load_result_dict, load_run_rows, open_store
from .submission_tables import parse_row_path, read_table

__all__ = ["Finding", "VerifyReport", "verify_run"]

_CHUNK = 1 << 20  # hash files a MiB at a time: memory stays bounded on any input


class Finding(NamedTuple):
    """One thing found: ``kind`` (see the module docstring), what it is about, and why."""

    kind: str
    subject: str  # a file path, "draft", "submission <id>", "link 3", "document ab12..."
    detail: str


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """What :func:`verify_run` checked in one run and what it found.

    The counts say how many of each were checked: input files re-hashed, stored
    documents re-hashed, changes and links whose spans and texts were compared.
    ``digest`` is the stored run's digest (see ``export.run_digest``); ``rerun_digest``
    that of the run made again from the files, or None when it was not made.
    """

    run_id: str
    files: int
    documents: int
    changes: int
    links: int
    problems: tuple[Finding, ...]  # each fails the run
    unchecked: tuple[Finding, ...]  # inputs that could not be checked; not a failure
    digest: str = ""
    rerun_digest: str | None = None

    @property
    def ok(self) -> bool:
        """True when nothing was altered or missing."""
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values."""
        return {
            "run_id": self.run_id,
            "ok": self.ok,
            "checked": {
                "files": self.files,
                "documents": self.documents,
                "changes": self.changes,
                "links": self.links,
            },
            "digest": self.digest,
            "rerun_digest": self.rerun_digest,
            "problems": [f._asdict() for f in self.problems],
            "unchecked": [f._asdict() for f in self.unchecked],
        }


def verify_run(
    db: Store | str | os.PathLike[str],
    run_id: str | None = None,
    *,
    base: str | os.PathLike[str] | None = None,
    rerun: bool = True,
) -> VerifyReport:
    """Check the stored run ``run_id`` (the latest when None) and report what does not hold.

    ``db`` is an open store or the path of one, which is then opened read-only and never
    changed. Relative input paths are resolved against ``base`` (default: the current
    directory). With ``rerun`` (the default) the run is also made again from the input
    files and compared with the stored one (see the module docstring).

    Raises:
        StoreError: the store cannot be opened or has no such run.

    >>> from provenance.pipeline import attribute
    >>> from provenance.store import open_store, save_result
    >>> db = open_store(":memory:")
    >>> _ = save_result(db, attribute("1. Publish budgets.\\n",
    ...     "1. Publish budgets.\\n2. Open every meeting to the press.",
    ...     {"press": "Please open every meeting to the press."}))
    >>> report = verify_run(db)
    >>> report.ok, report.links, [f.subject for f in report.unchecked][:3]
    (True, 1, ['draft', 'final', 'submission press'])
    """
    if isinstance(db, (str, os.PathLike)):
        with open_store(os.fspath(db), readonly=True) as opened:
            return verify_run(opened, run_id, base=base, rerun=rerun)
    rows = load_run_rows(db, run_id)
    run = rows["run"]
    root = Path.cwd() if base is None else Path(base)
    problems: list[Finding] = []
    unchecked: list[Finding] = []

    inputs = [
        ("draft", run["draft_path"], run["draft_sha256"]),
        ("final", run["final_path"], run["final_sha256"]),
        *(
            (f"submission {s['submission_id']}", s["path"], s["sha256"])
            for s in rows["submissions"]
        ),
    ]
    files = 0
    rows_read = _table_rows(inputs, root)
    for role, path, digest in inputs:
        if path is not None and parse_row_path(path) is not None:
            finding = _check_row(role, path, digest, rows_read)
        else:
            finding = _check_file(role, path, digest, root)
        if finding is None:
            files += 1
        elif finding.kind == "unchecked":
            unchecked.append(finding)
        else:
            if finding.kind == "altered":
                files += 1  # it was re-hashed, and differs
            problems.append(finding)

    texts: dict[str, str] = {}
    for key, doc in rows["documents"].items():
        problems += _check_document(key, doc)
        if doc is not None:
            texts[key] = doc["text"]
    draft = texts.get(run["draft_text_sha256"])
    final = texts.get(run["final_text_sha256"])
    sub_texts = {s["submission_id"]: texts.get(s["text_sha256"]) for s in rows["submissions"]}

    problems += _check_changes(rows, draft, final)
    problems += _check_links(rows, final, sub_texts)
    problems += _check_counts(rows)
    # The digest and the re-run need the stored run whole: not when its rows are damaged.
    stored = None if problems else load_result_dict(db, run["id"])
    rerun_digest = None
    if stored is None:
        unchecked.append(Finding("unchecked", f"run {run['id']}", "not run again: see above"))
    elif not rerun:
        unchecked.append(Finding("unchecked", f"run {run['id']}", "not run again (rerun=False)"))
    elif unchecked or any(f.kind in _FILE_KINDS for f in problems):
        unchecked.append(
            Finding(
                "unchecked",
                f"run {run['id']}",
                "not run again: an input is missing, altered or was given as text",
            )
        )
    else:
        again = _run_again(rows, stored, root)
        if isinstance(again, Finding):
            unchecked.append(again)
        else:
            rerun_digest = again["digest"]
            problems += _compare(stored, again, texts, rows)
    return VerifyReport(
        run_id=run["id"],
        files=files,
        documents=len(texts),
        changes=len(rows["changes"]),
        links=len(rows["links"]),
        problems=tuple(problems),
        unchecked=tuple(unchecked),
        digest="" if stored is None else stored["digest"],
        rerun_digest=rerun_digest,
    )


_FILE_KINDS = frozenset({"altered", "missing", "unreadable"})


def _run_again(
    rows: dict[str, Any], stored: dict[str, Any], root: Path
) -> dict[str, Any] | Finding:
    """The stored run made again from its input files, in its JSON form; or why it cannot be."""
    run = rows["run"]
    params = dict(stored["params"])
    lang = params.get("lang", "auto")
    try:
        result = attribute(
            read_document(root / run["draft_path"], lang=lang),
            read_document(root / run["final_path"], lang=lang),
            _submissions_again(rows["submissions"], root, lang),
            min_score=params["min_score"],
            min_evidence=params["min_evidence"],
            lang=lang,
            semantic=params["semantic"],
            semantic_min=params["semantic_min"],
            embedder=params.get("embedder"),
            # Parameters a run stored before they existed were, in effect, off or on as
            # that version worked: passes it did not have were not run.
            explicit_edits=params.get("explicit_edits", False),
            differential=params.get("differential", False),
            gate=params.get("gate", True),
            skipped=[Skipped(s["path"], s["reason"]) for s in rows["skipped"]],
        )
    except (ProvenanceError, KeyError) as e:
        return Finding("unchecked", f"run {run['id']}", f"cannot run it again ({one_line(e)})")
    return result.to_dict()


def _submissions_again(subs: list[dict[str, Any]], root: Path, lang: str) -> list[Submission]:
    """Each stored submission read again from its file or table row, under its stored id
    and in its stored order, so that the re-run numbers and names them as the run did."""
    tables: dict[str, dict[str, Submission]] = {}
    found = []
    for s in subs:
        where = parse_row_path(s["path"])
        if where is None:
            document = read_document(root / s["path"], lang=lang)
        else:
            table = where[0]
            if table not in tables:
                rows = read_table(root / table, lang=lang)
                tables[table] = {
                    item.document.path or "": item for item in rows if isinstance(item, Submission)
                }
            document = tables[table][s["path"]].document
        found.append(Submission(s["submission_id"], document))
    return found


def _compare(
    stored: dict[str, Any], again: dict[str, Any], texts: dict[str, str], rows: dict[str, Any]
) -> Iterator[Finding]:
    """Every difference between the stored run and the run made again from the files."""
    if again["run_id"] != stored["run_id"]:
        yield Finding(
            "rerun",
            f"run {stored['run_id']}",
            f"the re-run's id is {again['run_id']} (other inputs, parameters or tool version)",
        )
    run = rows["run"]
    for role in ("draft", "final"):
        text = texts.get(run[f"{role}_text_sha256"])
        if text is not None and len(text) != again["inputs"][role]["chars"]:
            yield Finding("rerun", role, "the stored text is not what the file reads as")
    yield from _compare_links(stored["links"], again["links"])
    outcomes = {s["id"]: (s["adopted"], s["links"]) for s in again["submissions"]}
    for s in stored["submissions"]:
        now = outcomes.get(s["id"])
        if now != (s["adopted"], s["links"]):
            shown = "no such submission" if now is None else f"adopted={now[0]} links={now[1]}"
            yield Finding(
                "rerun",
                f"submission {s['id']}",
                f"stored adopted={s['adopted']} links={s['links']}; the re-run gives {shown}",
            )
    if stored["asks"]:  # a run stored before asks were kept has none to compare
        yield from _compare_asks(stored["asks"], again["asks"])


def _compare_asks(stored: list[dict[str, Any]], again: list[dict[str, Any]]) -> Iterator[Finding]:
    """Each stored ask against the re-run's: the same words, kind and outcome."""
    now = {a["id"]: a for a in again}
    for ask in stored:
        other = now.get(ask["id"])
        claim = (ask["submission"]["start"], ask["submission"]["end"], ask["kind"], ask["outcome"])
        if other is None:
            yield Finding("rerun", f"ask {ask['id']}", "the re-run finds no such ask")
        elif claim != (
            other["submission"]["start"],
            other["submission"]["end"],
            other["kind"],
            other["outcome"],
        ):
            yield Finding(
                "rerun",
                f"ask {ask['id']}",
                f"stored {ask['kind']} {ask['outcome']}; the re-run gives"
                f" {other['kind']} {other['outcome']}",
            )


def _link_key(link: dict[str, Any]) -> tuple[str, str, int, int]:
    return link["change_id"], link["submission_id"], link["final"]["start"], link["final"]["end"]


def _link_claim(link: dict[str, Any]) -> tuple[Any, ...]:
    """What a link claims beyond its key: evidence span and text, score, confidence, method."""
    evidence = link["submission"]
    return (
        evidence["start"],
        evidence["end"],
        round(float(link["score"]), 4),
        link["confidence"],
        link["method"],
        evidence["text"],
        link["final"]["text"],
    )


def _compare_links(stored: list[dict[str, Any]], again: list[dict[str, Any]]) -> Iterator[Finding]:
    now = {_link_key(k): k for k in again}
    before = {_link_key(k): k for k in stored}
    for key in sorted(before.keys() | now.keys()):
        subject = f"link {key[0]} <- {key[1]} [{key[2]}:{key[3]}]"
        if key not in now:
            link = before[key]
            yield Finding(
                "rerun",
                subject,
                f"stored ({link['score']} {link['confidence']} {link['method']}); the re-run"
                " credits no such passage",
            )
        elif key not in before:
            link = now[key]
            yield Finding(
                "rerun",
                subject,
                f"the re-run credits it ({link['score']} {link['confidence']} {link['method']});"
                " the store does not",
            )
        elif _link_claim(before[key]) != _link_claim(now[key]):
            a, b = _link_claim(before[key]), _link_claim(now[key])
            texts = "" if a[5:] == b[5:] else "; the quoted texts differ"
            yield Finding(
                "rerun",
                subject,
                f"stored {a[2]} {a[3]} {a[4]} evidence [{a[0]}:{a[1]}]; the re-run gives"
                f" {b[2]} {b[3]} {b[4]} evidence [{b[0]}:{b[1]}]{texts}",
            )


def _table_rows(inputs: list[tuple[str, str | None, str]], root: Path) -> dict[str, str | Finding]:
    """SHA-256 of each row of the tables the run read (or why a table cannot be read),
    by row path: each table is streamed once, however many of its rows the run holds."""
    tables = {
        found[0]
        for _, path, _ in inputs
        if path is not None and (found := parse_row_path(path)) is not None
    }
    digests: dict[str, str | Finding] = {}
    for table in sorted(tables):
        for item in read_table(root / table, lang="en"):
            row = parse_row_path(item.document.path or "") if isinstance(item, Submission) else None
            if isinstance(item, Submission) and row is not None:
                digests[f"{table}#row={row[1]}"] = item.document.sha256
            elif isinstance(item, Skipped) and parse_row_path(item.path) is None:
                digests[table] = Finding("missing", table, f"cannot read the table: {item.reason}")
    return digests


def _check_row(
    role: str, path: str, digest: str, rows_read: dict[str, str | Finding]
) -> Finding | None:
    """None when the table row still has the recorded text, else what was found."""
    table, _ = parse_row_path(path) or (path, 0)
    found = rows_read.get(path, rows_read.get(table))
    if isinstance(found, Finding):
        return Finding(found.kind, path, f"{role}: {found.detail}")
    if found is None:
        return Finding("missing", path, f"{role}: no such row in the table any more")
    if found != digest:
        return Finding(
            "altered",
            path,
            f"{role}: SHA-256 of the row's text is {found[:12]}..., the run read {digest[:12]}...",
        )
    return None


def _check_file(role: str, path: str | None, digest: str, root: Path) -> Finding | None:
    """None when the file still has the recorded bytes, else what was found."""
    if path is None:
        return Finding("unchecked", role, "given as text, not read from a file: nothing to re-hash")
    if "\ufffd" in path:
        return Finding(
            "unchecked",
            path,
            f"{role}: the file name was not stored exactly, so it cannot be found",
        )
    where = root / path
    try:
        actual = _sha256_file(where)
    except FileNotFoundError:
        return Finding("missing", path, f"{role}: no file at this path any more")
    except OSError as e:
        return Finding("unreadable", path, f"{role}: cannot read it ({e.strerror or e})")
    if actual != digest:
        return Finding(
            "altered",
            path,
            f"{role}: SHA-256 of the file is {actual[:12]}..., the run read {digest[:12]}...",
        )
    return None


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check_document(key: str, doc: dict[str, Any] | None) -> Iterator[Finding]:
    subject = f"document {key[:12]}"
    if doc is None:
        yield Finding("document", subject, "the run refers to it, but it is not stored")
        return
    text = doc["text"]
    actual = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if actual != key:
        yield Finding(
            "document", subject, f"its stored text hashes to {actual[:12]}..., not to its key"
        )
    if doc["chars"] != len(text):
        yield Finding("document", subject, f"chars says {doc['chars']}, the text has {len(text)}")


def _check_changes(rows: dict[str, Any], draft: str | None, final: str | None) -> Iterator[Finding]:
    for c in rows["changes"]:
        subject = f"change {c['id']}"
        yield from _check_span(subject, "draft", draft, c["draft_start"], c["draft_end"])
        yield from _check_span(subject, "final", final, c["final_start"], c["final_end"])
    for s in rows["new_text"]:
        subject = f"change {s['change_id']} new text {s['idx']}"
        yield from _check_span(subject, "final", final, s["start"], s["end"])


def _check_links(
    rows: dict[str, Any], final: str | None, sub_texts: dict[str, str | None]
) -> Iterator[Finding]:
    change_ids = {c["id"] for c in rows["changes"]}
    for k in rows["links"]:
        subject = f"link {k['idx']} ({k['change_id']} <- {k['submission_id']})"
        if k["change_id"] not in change_ids:
            yield Finding(
                "reference", subject, f"credits change {k['change_id']}, which is not stored"
            )
        yield from _check_quote(
            subject, "final", final, k["final_start"], k["final_end"], k["final_text"]
        )
        if k["submission_id"] not in sub_texts:
            yield Finding(
                "reference", subject, f"credits submission {k['submission_id']}, not in the run"
            )
            continue
        yield from _check_quote(
            subject,
            f"submission {k['submission_id']}",
            sub_texts[k["submission_id"]],
            k["submission_start"],
            k["submission_end"],
            k["submission_text"],
        )


def _check_quote(
    subject: str, name: str, text: str | None, start: int, end: int, quoted: str
) -> Iterator[Finding]:
    bad_span = list(_check_span(subject, name, text, start, end))
    yield from bad_span
    if text is None or bad_span:
        return
    if text[start:end] != quoted:
        stored, sliced = _excerpts(quoted, text[start:end])
        yield Finding(
            "text",
            subject,
            f"stored {name} text {stored} differs from the document's [{start}:{end}] {sliced}",
        )


def _check_span(
    subject: str, name: str, text: str | None, start: int | None, end: int | None
) -> Iterator[Finding]:
    if text is None or (start is None and end is None):
        return  # a missing document is reported once, as a document problem
    if start is None or end is None or not 0 <= start <= end <= len(text):
        yield Finding(
            "span", subject, f"{name} span [{start}:{end}] lies outside its {len(text)} characters"
        )


def _check_counts(rows: dict[str, Any]) -> Iterator[Finding]:
    run = rows["run"]
    for column in ("changes", "links"):
        if run[column] != len(rows[column]):
            yield Finding(
                "count",
                f"run {run['id']}",
                f"runs.{column} says {run[column]}, but {len(rows[column])} are stored",
            )
    per_submission: dict[str, int] = {}
    for k in rows["links"]:
        per_submission[k["submission_id"]] = per_submission.get(k["submission_id"], 0) + 1
    for s in rows["submissions"]:
        n = per_submission.get(s["submission_id"], 0)
        if s["links"] != n or bool(s["adopted"]) != (n > 0):
            yield Finding(
                "count",
                f"submission {s['submission_id']}",
                f"stored links={s['links']} adopted={s['adopted']}, but {n} links credit it",
            )


def _excerpts(a: str, b: str, before: int = 12, after: int = 28) -> tuple[str, str]:
    """Both texts around where they first differ, so the edit shows in one line."""
    at = len(os.path.commonprefix([a, b]))
    lo = max(0, at - before)

    def cut(text: str) -> str:
        hi = at + after
        return repr(("..." if lo else "") + text[lo:hi] + ("..." if hi < len(text) else ""))

    return cut(a), cut(b)
