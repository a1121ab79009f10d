"""The whole job in one call: read -> align -> plan -> match -> result."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from typing import Any

from .align import align
from .asks import Proposal, extract_asks
from .campaigns import CopyMap
from .edits import EditIndex, EditOutcome
from .embedding import Embedder, load_embedder
from .engine import Explicit, credit, plan_matching, run_passes
from .errors import EarlierRunMismatchError, InvalidArgumentError
from .language import check_language
from .model import Alignment, Document, Skipped, Span, Submission
from .outcomes import assign
from .params import EMBEDDING_MIN, MIN_EVIDENCE, MIN_SCORE, SEMANTIC_MIN
from .progress import ProgressCallback
from .read import document_from_text, read_document
from .read_progress import ReadCounter
from .result import AttributionResult, Recent
from .submission_tables import RowSubmission, is_table, read_table
from .submissions import find_submissions, read_submissions

DocumentLike = Document | str | os.PathLike[str]
SubmissionsLike = Mapping[str, str | Document] | Iterable[Submission | str | os.PathLike[str]]


@contextlib.contextmanager
def _collecting_rarely() -> Iterator[None]:
    """Run with the cyclic garbage collector called rarely, then as before.

    A run holds an object or two for every submission read, and none of them is in a
    cycle; at the default thresholds the collector walks them all again and again,
    which at 100,000 submissions took two thirds of the time spent reading them.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 10_000), max(before[1], 50), max(before[2], 1_000))
    try:
        yield
    finally:
        gc.set_threshold(*before)


@_collecting_rarely()
def attribute(
    draft: DocumentLike,
    final: DocumentLike,
    submissions: SubmissionsLike,
    *,
    min_score: float = MIN_SCORE,
    min_evidence: float = MIN_EVIDENCE,
    lang: str = "auto",
    semantic: bool = True,
    semantic_min: float | None = None,
    embedder: str | os.PathLike[str] | Embedder | None = None,
    skipped: Iterable[Skipped] = (),
    jobs: int = 1,
    executor: Executor | None = None,
    client: Any = None,
    previous: AttributionResult | None = None,
    progress: ProgressCallback | None = None,
    explicit_edits: bool = True,
    differential: bool = True,
    gate: bool = True,
) -> AttributionResult:
    """Align ``draft`` with ``final`` and credit each new passage to ``submissions``.

    ``draft`` and ``final`` may be given as a ``Document``, a path, or a text of several
    lines: a one-line string is always a path (a missing file is an error, never taken
    for the text); give a one-line text as ``Document.from_text``. ``submissions`` is a
    path of a file or folder, a list of such paths and ``Submission`` values, or a
    mapping of id to text.
    ``skipped`` lists inputs the caller could not read, to be reported with the result.
    ``embedder`` is the folder of a model2vec model (or a loaded ``Embedder``) for the
    paraphrase pass instead of TF-IDF; ``semantic_min`` defaults to the threshold of
    whichever is used. ``lang`` is "auto" (detect it) or the code of a language spaCy
    knows ("xx" for its multi-language pipeline); another is an ``UnknownLanguageError``.

    A path ending in ``.jsonl``, ``.csv`` or ``.parquet`` (``.gz`` too) is a table of
    submissions with ``id`` and ``text`` columns, read as a stream. ``jobs`` > 1 matches
    in that many local processes; ``executor`` (any ``concurrent.futures`` executor) or
    ``client`` (a ``dask.distributed.Client``) sends the work there instead. The result
    is the same whichever runs it.

    ``previous`` is an earlier result on the same draft, final and parameters (from this
    function or ``provenance.load_run``): its submissions are kept, the new ones are
    added, and only the new ones are read and matched in full. The result equals a run
    over all of them. ``progress`` is called now and then with a
    :class:`~provenance.progress.Progress`: submissions read, then texts matched.

    Each submission is split into its asks (:mod:`provenance.asks`). ``explicit_edits``
    matches the explicit ones (a diff, a table row, "replace X with Y", "delete X") to
    the edits the final made, whatever their size; ``differential`` credits requests in
    other words with the change they read most like (:mod:`provenance.differential`),
    when they read more like the final's wording than the draft's (``gate``). All are on
    by default; turning one off is for measuring what it adds.

    >>> final = "1. Publish budgets.\\n2. Open every council meeting to the press."
    >>> r = attribute("1. Publish budgets.\\n", final,
    ...               {"press-club": "We ask you to open every council meeting to the press."})
    >>> [(l.submission_id, l.final.text, l.method) for l in r.links]
    [('press-club', 'Open every council meeting to the press', 'fuzzy')]
    """
    check_language(lang)  # "auto" or a language spaCy knows; before any reading
    if isinstance(embedder, (str, os.PathLike)):
        embedder = load_embedder(embedder)  # fail fast, before any reading
    if semantic_min is None:
        semantic_min = SEMANTIC_MIN if embedder is None else EMBEDDING_MIN
    draft_doc = _document(draft, "draft", lang)
    final_doc = _document(final, "final", lang)
    alignment = align(draft_doc, final_doc)
    work_lang = final_doc.lang if lang == "auto" else lang
    plan = plan_matching(
        alignment,
        lang=work_lang,
        semantic=semantic,
        semantic_min=semantic_min,
        embedder=embedder,
        min_evidence=min_evidence,
        differential=differential,
        gate=gate,
        explicit_edits=explicit_edits,
    )
    params = {
        "min_score": min_score,
        "min_evidence": min_evidence,
        "lang": work_lang,
        "semantic": semantic,
        "semantic_min": semantic_min,
        "embedder": None if embedder is None else embedder.path,
        "explicit_edits": explicit_edits,
        "differential": differential,
        "gate": gate,
    }
    subs: list[Submission] = []
    skipped_all = list(skipped)
    earlier: tuple[Submission, ...] = ()
    if previous is not None:
        _check_previous(previous, draft_doc, final_doc, params)
        earlier = previous.submissions
        skipped_all = [*previous.skipped, *skipped_all]
    reading = ReadCounter(progress)
    reading.expect(len(earlier))

    def texts() -> Iterator[str]:
        for submission in _with_earlier(
            earlier, _submissions(submissions, work_lang, skipped_all, reading), skipped_all
        ):
            subs.append(submission)
            reading.read(submission)
            yield submission.text
            if isinstance(submission, RowSubmission):
                submission.release()  # read again from its file when wanted
        reading.finish()

    found = run_passes(
        plan,
        texts(),
        jobs=jobs,
        executor=executor,
        client=client,
        previous=None if previous is None else previous.state,
        reread=lambda k: subs[k].text,
        progress=progress,
    )
    links = credit(plan, found, subs, min_score=min_score, min_evidence=min_evidence)
    proposals = _Proposals(
        work_lang, {subs[n].id: (subs[t], cmap) for n, (t, cmap) in found.copies.items()}
    )
    edits = (
        _explicit_edits(alignment, subs, proposals, found.edits, found.explicit)
        if explicit_edits
        else {}
    )
    credited = assign(subs, links, proposals, edits, alignment.changes)
    return AttributionResult(
        alignment,
        tuple(subs),
        credited.links,
        tuple(dict.fromkeys(skipped_all)),  # an earlier run's skipped may come again
        params,
        state=found.state,
        processed=found.processed,
        known_asks=credited.asks,
        find_asks=proposals,
    )


class _Proposals:
    """The asks of each submission's text, found once per distinct text; a campaign
    copy's are its template's that stand in its unchanged lines, and those of its own
    lines, found in them alone."""

    def __init__(self, lang: str, copies: Mapping[str, tuple[Submission, CopyMap]]) -> None:
        self.lang = lang
        self.copies = copies  # a copy's id -> a submission holding its template, its map
        self.found: Recent[tuple[Proposal, ...]] = Recent()  # by the text's SHA-256

    def __call__(self, submission: Submission) -> tuple[Proposal, ...]:
        found = self.found.get(submission.sha256)
        if found is None:
            copy = self.copies.get(submission.id)
            text = submission.text
            if copy is None:
                found = extract_asks(text, lang=self.lang)
            else:
                found = _carried(text, self(copy[0]), copy[1], self.lang)
            self.found.put(submission.sha256, found)
        return found


def _carried(
    text: str, template: Sequence[Proposal], cmap: CopyMap, lang: str
) -> tuple[Proposal, ...]:
    """A copy's asks: the template's that stand in unchanged lines, at their places in
    the copy, and the asks of its own lines; numbered again in text order."""
    found: list[tuple[Span, Proposal, tuple[Span, ...]]] = []
    for ask in template:
        at = cmap.to_copy(ask.span.start, ask.span.end)
        places = [cmap.to_copy(c.start, c.end) for c in ask.context]
        if at is None or None in places:
            continue  # changed in the copy: its own lines say what it asks there
        context = tuple(
            Span(a[0], a[1], c.text) for c, a in zip(ask.context, places, strict=True) if a
        )
        found.append((Span(at[0], at[1], ask.span.text), ask, context))
    own = cmap.own_text(text)
    for ask in extract_asks(own, lang=lang) if own.strip() else ():
        span = Span.of(text, *cmap.from_own(ask.span.start, ask.span.end))
        context = tuple(Span.of(text, *cmap.from_own(c.start, c.end)) for c in ask.context)
        found.append((span, ask, context))
    found.sort(key=lambda item: (item[0].start, item[0].end))
    return tuple(
        Proposal(i, span, ask.kind, ask.old, ask.new, context)
        for i, (span, ask, context) in enumerate(found)
    )


def _explicit_edits(
    alignment: Alignment,
    submissions: Sequence[Submission],
    proposals: _Proposals,
    candidates: Iterable[int],
    found: Mapping[int, tuple[Explicit, ...]],
) -> dict[tuple[int, int], EditOutcome]:
    """What became of each explicit edit (diff, table row, "replace X with Y") asked, by
    (submission number, ask index), in the ``candidates`` (submission numbers) that pass
    1 found may hold one: their explicit edits as pass 1 ``found`` them, or else from
    their asks. Each edit is matched once, however many ask for it. An edit of which
    nothing was made and nothing stood in the draft is left out: its ask is not found,
    as the asks of a submission with no link are."""
    index: EditIndex | None = None
    answers: dict[tuple[str, str | None, str | None], EditOutcome] = {}
    outcomes: dict[tuple[int, int], EditOutcome] = {}
    for number in sorted(candidates):
        asked = found.get(number)
        if asked is None:
            asked = tuple(
                (p.index, p.kind, p.old, p.new)
                for p in proposals(submissions[number])
                if p.kind != "request"
            )
        for ask, kind, old, new in asked:
            if (kind, old, new) not in answers:
                index = index or EditIndex.build(alignment)  # only where some ask needs it
                answers[(kind, old, new)] = index.match(kind, old, new)
            outcome = answers[(kind, old, new)]
            if outcome.made or outcome.already_in_draft:
                outcomes[(number, ask)] = outcome
    return outcomes


# Parameters that shape the matches an earlier run leaves in its state; the cutoffs
# (min_score, min_evidence) only filter them, so may differ.
_STATE_PARAMS = ("lang", "semantic", "semantic_min", "embedder", "differential", "gate")


def _check_previous(
    previous: AttributionResult, draft: Document, final: Document, params: Mapping[str, Any]
) -> None:
    """Refuse an earlier run whose matches this run could not build on."""
    if previous.state is None:
        raise EarlierRunMismatchError(
            "the earlier run kept no matching state (saved by an older version?);"
            " run over all submissions instead"
        )
    old = previous.alignment
    if old.draft.text != draft.text or old.final.text != final.text:
        raise EarlierRunMismatchError(
            "the earlier run was on another draft or final; adding submissions needs the same"
        )
    differ = [k for k in _STATE_PARAMS if previous.params.get(k) != params.get(k)]
    if differ:
        raise EarlierRunMismatchError(
            f"the earlier run had other parameters ({', '.join(differ)}); adding submissions"
            " needs the same"
        )


def _with_earlier(
    earlier: Sequence[Submission], new: Iterable[Submission], skipped: list[Skipped]
) -> Iterator[Submission]:
    """The earlier run's submissions, then the new ones it did not have.

    A submission the earlier run already had (same id, same text) is not added twice;
    one whose text has changed since is skipped, with the reason.
    """
    known = {s.id: s.document.text for s in earlier}
    yield from earlier
    for submission in new:
        if submission.id not in known:
            yield submission
        elif known[submission.id] != submission.document.text:
            where = submission.document.path or submission.id
            skipped.append(
                Skipped(
                    where,
                    f"id {submission.id!r} is in the earlier run with another text; give the"
                    " new version another id, or run over all submissions again",
                )
            )


def _document(value: DocumentLike, role: str, lang: str) -> Document:
    """A draft or final given as a ``Document``, a path, or a text of several lines.

    A one-line string is always a path, so that a mistyped one ("draft.tx") is an
    error, never the text of the document; a string with a line break cannot be a
    path and is the text. A one-line text is given as a ``Document``.
    """
    if isinstance(value, Document):
        return value
    if isinstance(value, os.PathLike):
        return read_document(value, lang=lang)
    if not isinstance(value, str):
        raise InvalidArgumentError(
            f"{role}: expected a path, a text or a Document, not {type(value).__name__}"
        )
    if "\n" in value:
        return document_from_text(value, lang=lang)
    return read_document(value, lang=lang)


def _submissions(
    value: SubmissionsLike, lang: str, skipped: list[Skipped], reading: ReadCounter
) -> Iterator[Submission]:
    """The submissions, read one at a time; what cannot be read is added to ``skipped``.

    Order: mappings in their order; else ``Submission`` values as given, then files
    found in folders (sorted by id), then the rows of each table in file order.
    """
    if isinstance(value, (str, os.PathLike)):
        value = [value]  # one path where a list was meant: never its characters one by one
    if isinstance(value, Mapping):
        reading.expect(len(value))
        for k, v in value.items():
            yield Submission(k, v if isinstance(v, Document) else document_from_text(v, lang=lang))
        return
    seen: set[str] = set()
    given: list[Submission] = []
    paths: list[str | os.PathLike[str]] = []
    tables: list[str | os.PathLike[str]] = []
    for item in value:
        if isinstance(item, Submission):
            given.append(item)
        elif is_table(item) and not os.path.isdir(item):
            tables.append(item)
        else:
            paths.append(item)
    found, walk_problems = find_submissions(paths)
    skipped += walk_problems
    reading.expect(len(given) + len(found))
    reading.expect_tables(tables)
    sources: list[Iterable[Submission | Skipped]] = [given, read_submissions(found, lang=lang)]
    sources += [read_table(table, lang=lang) for table in tables]
    for source in sources:
        for read in source:
            if isinstance(read, Skipped):
                skipped.append(read)
            elif read.id in seen:
                where = read.document.path or read.id
                skipped.append(Skipped(where, f"id {read.id!r} already used by another submission"))
            else:
                seen.add(read.id)
                yield read
