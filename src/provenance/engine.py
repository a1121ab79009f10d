"""Run the matching passes over partitions of the submissions, wherever there are cores.

The same two passes run in this process, in local worker processes (``jobs``), on any
``concurrent.futures`` executor, or on a Dask cluster (``client``), and give the same
matches however the submissions are cut:

1. *frequency*: each partition reports, for each text holding indexed shingles, those
   shingles and a near-duplicate signature (``neardup``). Here the texts are clustered
   and each shingle's holders counted, clusters once, so the rarity weights are those
   of the whole run; the texts worth comparing for paraphrase are noted too.
2. *match*: only the texts that need it are matched: best windows with those weights
   (lexical), paraphrases (semantic), which depend on nothing outside the text.

Identical texts (form letters) are matched once and the matches copied to every copy.
Partitions are submitted while the submissions are still being read, so reading and
matching overlap. A run can also start from an earlier run's ``EngineState`` and
process only the texts that are new.
"""

from __future__ import annotations

import array
import collections
import functools
import hashlib
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from typing import Any

from . import params
from .asks import extract_asks, has_edit_cue, requests
from .campaigns import CopyMap, Templates
from .differential import DifferentialIndex
from .embedding import Embedder
from .lexical import (
    LexicalIndex,
    Match,
    draft_shingles,
    links_from_matches,
    match_texts,
    rarity,
    stock_words,
    targets,
)
from .model import Alignment, Link, Span, Submission
from .neardup import Signature, clusters, from_ints, signature, to_ints
from .progress import Pieces, ProgressCallback
from .semantic import SemanticIndex
from .shingle import CHARACTER_LANGUAGES, content_keys, token_keys
from .workers import Workers, result, workers_for

PARTITION_CHARS = 1_000_000  # text per partition: big enough to pay for shipping it
# Pass 2 is much smaller than pass 1 and its pieces vary in cost: cut it finer, so that
# no worker is left idle while another finishes a big piece.
PASS2_JOBS = 8
PASS2_MIN_CHARS = 100_000

Partition = tuple[tuple[int, str], ...]  # (number of the distinct text, text)


@dataclass(frozen=True)
class Plan:
    """Everything a worker needs besides its partition: the same for every partition."""

    lexical: LexicalIndex
    semantic: SemanticIndex | None
    differential: DifferentialIndex | None = None
    # The words of the edit script (inserted or deleted), to find the texts worth
    # looking in for explicit edits: an edit the final made names some of them.
    edit_words: frozenset[str] | None = None

    def edit_candidate(self, text: str, keys: Sequence[str]) -> bool:
        """Whether ``text`` may ask for an edit the final made (None: edits not matched)."""
        if self.edit_words is None or not has_edit_cue(text):
            return False
        return not self.edit_words.isdisjoint(keys)


def plan_matching(
    alignment: Alignment,
    *,
    lang: str,
    semantic: bool,
    semantic_min: float,
    embedder: Embedder | None,
    min_evidence: float,
    differential: bool = True,
    gate: bool = True,
    explicit_edits: bool = True,
) -> Plan:
    """What every submission is matched against: the final's sentences that hold new
    text (targets), indexed for the lexical pass and, if ``semantic``, the paraphrase
    passes (``differential``: asks in other words, see :mod:`provenance.differential`).
    """
    draft = alignment.draft.text
    draft_grams = draft_shingles(draft, lang)
    draft_counts = Counter(token_keys(draft))
    target_list = targets(alignment, draft_grams, lang=lang, draft_counts=draft_counts)
    paraphrase = None
    if semantic and target_list:
        paraphrase = SemanticIndex.build(
            target_list,
            draft,
            draft_grams,
            lang=lang,
            min_similarity=semantic_min,
            embedder=embedder,
            min_evidence=min_evidence,
        )
    reworded = None
    if semantic and differential and target_list:
        reworded = DifferentialIndex.build(
            target_list,
            draft,
            alignment.final.text,
            lang=lang,
            requests=functools.partial(requests, lang=lang),
            min_similarity=params.DIFFERENTIAL_MIN,  # read now: the tuning script sets it
            gate=gate,
        )
    lexical = LexicalIndex.build(target_list, lang=lang, draft_counts=draft_counts)
    edit_words = _edit_words(alignment, lang) if explicit_edits else None
    return Plan(lexical, paraphrase, reworded, edit_words)


def _edit_words(alignment: Alignment, lang: str) -> frozenset[str]:
    """The token keys of what the edit script inserts and deletes, stop words left out
    (every text has those); all of them in scripts written without spaces."""
    pieces = []
    for op in alignment.ops:
        if op.kind == "insert":
            pieces.append(alignment.final.text[op.final_start : op.final_end])
        elif op.kind == "delete":
            pieces.append(alignment.draft.text[op.draft_start : op.draft_end])
    keys = {k for piece in pieces for k in token_keys(piece)}
    return frozenset(keys if lang in CHARACTER_LANGUAGES else content_keys(keys, lang))


def credit(
    plan: Plan,
    found: Matches,
    submissions: Sequence[Submission],
    *,
    min_score: float,
    min_evidence: float,
) -> list[Link]:
    """The links of a run: lexical matches that clear the cutoffs, then paraphrases of
    the sentences that no lexical link credits, and asks in other words of sentences
    that no link of the same submission credits; in final order, strongest first."""
    target_list = plan.lexical.targets
    lexical = list(
        links_from_matches(
            found.lexical, target_list, submissions, min_score=min_score, min_evidence=min_evidence
        )
    )
    sentence_of = {(t.sentence.start, t.sentence.end): n for n, t in enumerate(target_list)}
    by_whom = {
        (n, link.submission_id)
        for link in lexical
        for (start, end), n in sentence_of.items()
        if start <= link.final.start < end
    }
    wanted = set(range(len(target_list))) - {n for n, _ in by_whom}
    # A plain paraphrase credits only what no wording credits; an ask in other words may
    # credit a sentence another submission's wording credits too (two voices, one
    # adoption), but not one its own words already do.
    paraphrased = links_from_matches(
        (
            m
            for m in found.semantic
            if m.target in wanted
            or (m.differential and (m.target, submissions[m.submission].id) not in by_whom)
        ),
        target_list,
        submissions,
        min_score=min_score,
        min_evidence=min_evidence,
    )
    ordered = sorted(
        [*lexical, *paraphrased],
        key=lambda link: (link.final.start, link.final.end, -link.score, link.submission_id),
    )
    # One link a passage and submission: the strongest, where two passes found it.
    seen: set[tuple[str, str, int, int]] = set()
    kept = []
    for link in ordered:
        key = (link.change_id, link.submission_id, link.final.start, link.final.end)
        if key not in seen:
            seen.add(key)
            kept.append(link)
    return kept


@dataclass(frozen=True)
class EngineState:
    """What a run's passes leave behind, so that a later run adding submissions to it
    processes only the new ones and still gives the result of a run over all of them.

    Texts are known by ``text_key``. Lexical matches depend on the rarity weights, which
    new texts change, so the texts that hold any indexed shingle (few: those sharing
    new wording with the final) are matched again; paraphrase matches depend on nothing
    but their own text and are kept.
    """

    texts: tuple[str, ...]  # keys of the distinct texts, in the order first given
    # For each text holding an indexed shingle: those shingles, and its MinHash
    # signature (near-duplicates count once in rarity).
    hits: dict[str, tuple[tuple[str, ...], Signature]]
    semantic: tuple[tuple[str, Match], ...]  # paraphrase matches, by text key
    # How many texts hold each word of the final's sentences with new text (stock words).
    words: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "texts": list(self.texts),
            "hits": {k: [list(g), to_ints(sig)] for k, (g, sig) in sorted(self.hits.items())},
            "semantic": [[key, _match_json(m)] for key, m in self.semantic],
            "words": dict(sorted(self.words.items())),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EngineState:
        return cls(
            tuple(data["texts"]),
            {k: (tuple(g), from_ints(sig)) for k, (g, sig) in data["hits"].items()},
            tuple((key, _match_from_json(m)) for key, m in data["semantic"]),
            dict(data.get("words", {})),  # states saved before stock words lack them
        )


@dataclass(frozen=True)
class Matches:
    """What the passes found, numbered by submission in the order they were given."""

    lexical: tuple[Match, ...]
    semantic: tuple[Match, ...]
    processed: int  # distinct texts that went through both passes (the new ones)
    state: EngineState
    edits: frozenset[int] = frozenset()  # submissions that may ask for an edit made
    # Their explicit edits, where pass 1 found them (the others' are found from their asks).
    explicit: dict[int, tuple[Explicit, ...]] = field(default_factory=dict)
    # Campaign copies: a submission whose text is a template's with lines of its own,
    # mapped to the number of a submission holding the template and the copy's map.
    copies: dict[int, tuple[int, CopyMap]] = field(default_factory=dict)


def text_key(text: str) -> str:
    """SHA-256 (hex) of a text in UTF-8: how ``EngineState`` knows texts."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


Hit = tuple[int, tuple[str, ...], Signature]  # text number, its indexed shingles, signature


# An explicit edit a text asks for, as pass 1 finds it: the ask's index among the text's
# asks, its kind, and what it would replace or delete and put instead.
Explicit = tuple[int, str, str | None, str | None]


def explicit_asks(text: str, lang: str) -> tuple[Explicit, ...]:
    """The explicit edits (not requests in free words) among a text's asks."""
    return tuple(
        (a.index, a.kind, a.old, a.new)
        for a in extract_asks(text, lang=lang)
        if a.kind != "request"
    )


PassOne = tuple[list[Hit], list[int], list[tuple[int, tuple[Explicit, ...]]], Counter[str]]


def frequency_pass(plan: Plan, partition: Partition) -> PassOne:
    """Pass 1 on one partition, reading each text's words once.

    Returns, for the rarity weights, each text that holds indexed shingles with those
    shingles and its near-duplicate signature; and the numbers of the texts sharing
    enough words with some new text to look for paraphrases in. Pass 2 sees only
    texts of these two kinds, which at scale are few. Also the texts that may ask for an
    explicit edit the final made, with the explicit edits they ask for: finding asks is
    the dearest step, and here it runs beside the reading, on every worker. And how
    many texts hold each of the words of the final's sentences with new text.
    """
    hits: list[Hit] = []
    compare = []
    edits = []
    holders: Counter[str] = Counter()
    context = plan.lexical.sentence_words
    for number, text in partition:
        keys = token_keys(text)
        holders.update(context.intersection(keys))
        found = plan.lexical.hits(text, keys)
        if found:
            hits.append((number, tuple(sorted(found)), signature(keys)))
        if (plan.semantic is not None and plan.semantic.candidates(text, keys)) or (
            plan.differential is not None and plan.differential.candidate(keys)
        ):
            compare.append(number)
        if plan.edit_candidate(text, keys):
            edits.append((number, explicit_asks(text, plan.lexical.lang)))
    return hits, compare, edits, holders


Job = tuple[Partition, Partition]  # pass 2: texts to match lexically, and for paraphrase


Shared = tuple[dict[str, float], frozenset[str]]  # rarity of each shingle, stock words


def match_pass(plan: Plan, job: Job, shared: Shared) -> tuple[list[Match], list[Match]]:
    """Pass 2 on one job: lexical matches of its first texts, paraphrases of its second."""
    lexical_items, semantic_items = job
    weights, stock = shared
    lexical = match_texts(plan.lexical, lexical_items, weights, stock)
    semantic = plan.semantic.matches(semantic_items) if plan.semantic is not None else []
    if plan.differential is not None:
        semantic += plan.differential.matches(semantic_items)
    return lexical, semantic


def run_passes(
    plan: Plan,
    texts: Iterable[str],
    *,
    jobs: int = 1,
    executor: Executor | None = None,
    client: Any = None,
    partition_chars: int | None = None,
    previous: EngineState | None = None,
    reread: Callable[[int], str] | None = None,
    progress: ProgressCallback | None = None,
) -> Matches:
    """Both passes over ``texts`` (consumed once, lazily), on the given workers.

    ``client`` is a ``dask.distributed.Client``; ``executor`` any executor whose workers
    can unpickle the plan; ``jobs`` > 1 starts that many local processes. With none of
    them everything runs here; so does a single partition, unless texts of an earlier
    run, matched again, give pass 2 more than a partition of work. ``previous`` is the
    state of an earlier run on the same plan whose texts are all among ``texts``: only
    the others go through both passes.

    ``reread(k)`` gives the ``k``-th text again (0-based). With it no text is kept here
    once looked through: those that pass 2 or a campaign copy needs are read again, so
    memory holds the texts in flight, not the docket. Without it, each distinct text is
    kept until the run ends. ``progress`` is told the texts through each pass, a
    partition or job at a time (stage "matched", ``step`` 1 and 2).
    """
    split = _Split(previous, partition_chars or PARTITION_CHARS, reread)
    parts = split.partitions(texts)
    first = next(parts, None)
    second = next(parts, None)
    if second is None:  # one partition: workers would only add the cost of sending it
        here = Workers(plan)
        hits, work, weights, edits, words = _pass_one(
            here, [first] if first else [], iter(()), split, progress
        )
        if sum(split.lengths[n] for n, _ in work) < split.size:
            results = _pass_two(here, split, work, weights, progress)
        else:  # an earlier run's texts, matched again, can make pass 2 worth sharing
            with workers_for(plan, jobs=jobs, executor=executor, client=client) as workers:
                results = _pass_two(workers, split, work, weights, progress)
    else:
        assert first is not None
        with workers_for(plan, jobs=jobs, executor=executor, client=client) as workers:
            hits, work, weights, edits, words = _pass_one(
                workers, [first, second], parts, split, progress
            )
            results = _pass_two(workers, split, work, weights, progress)
    lexical = [m for lex, _ in results for m in lex]
    semantic = [m for _, sem in results for m in sem]
    if previous is not None:
        numbers = {key: n for n, key in enumerate(split.keys)}
        semantic += [replace(m, submission=numbers[key]) for key, m in previous.semantic]
    state = EngineState(
        tuple(split.keys),
        hits,
        tuple(sorted(((split.keys[m.submission], m) for m in semantic), key=_by_key)),
        dict(words),
    )
    copies = _copies(split.owners)
    # An earlier run's texts skipped pass 1 here: they are looked at in this process.
    for number in split.earlier:
        text = split.text(number)
        if plan.edit_candidate(text, token_keys(text)):
            asked = explicit_asks(text, plan.lexical.lang)
            if asked:
                edits[number] = asked
    # A copy asks what its template asks in unchanged lines and its own lines ask: its
    # asks are carried over where the submissions are credited (numbered anew).
    carried = [n for n, (t, _, own) in split.family.items() if t in edits or own in edits]
    for own in split.own:
        edits.pop(own, None)
    return Matches(
        tuple(_fan_out(split.carry(lexical, best_window=True), copies)),
        tuple(_fan_out(split.carry(semantic), copies)),
        split.processed,
        state,
        frozenset(s for number in [*edits, *carried] for s in copies[number]),
        explicit={s: asked for number, asked in edits.items() for s in copies[number]},
        copies={
            s: (copies[t][0], cmap) for n, (t, cmap, _) in split.family.items() for s in copies[n]
        },
    )


class _Split:
    """Cuts the texts into partitions of new distinct texts, noting who holds which."""

    def __init__(
        self, previous: EngineState | None, size: int, reread: Callable[[int], str] | None
    ) -> None:
        self.previous = previous
        self.known = frozenset(previous.texts) if previous else frozenset()
        self.size = size
        self.reread = reread
        self.number: dict[str, int] = {}  # key of a text -> number of the distinct text
        self.kept: dict[int, str] = {}  # each distinct text, when it cannot be read again
        self.holder = array.array("q")  # the first text given of each distinct text
        self.lengths = array.array("q")  # the length of each distinct text
        self.keys: list[str] = []  # key of each distinct text
        self.owners: list[int] = []  # distinct text of each submission
        self.again: list[int] = []  # earlier texts to match lexically again
        self.earlier: list[int] = []  # the earlier run's texts, which skip pass 1
        self.processed = 0
        self.templates = Templates(self.text)
        # Campaign copies: text number -> (its template's number, the map, the number
        # of the text of its own lines or -1). A copy goes through no pass itself.
        self.family: dict[int, tuple[int, CopyMap, int]] = {}
        self.own: dict[int, int] = {}  # the text of a copy's own lines -> the copy

    def text(self, number: int) -> str:
        """Distinct text ``number``, read again if it was not kept."""
        copy = self.own.get(number)
        if copy is not None:
            return self.family[copy][1].own_text(self.text(copy))
        kept = self.kept.get(number)
        if kept is not None:
            return kept
        assert self.reread is not None
        return self.reread(self.holder[number])

    def _new(self, key: str, given: int, text: str, *, keep: bool = True) -> int:
        number = len(self.keys)
        self.keys.append(key)
        self.holder.append(given)
        self.lengths.append(len(text))
        if keep and self.reread is None:
            self.kept[number] = text
        return number

    def partitions(self, texts: Iterable[str]) -> Iterator[Partition]:
        """Distinct new texts in runs of about ``size`` characters."""
        current: list[tuple[int, str]] = []
        chars = 0
        for given, text in enumerate(texts):
            key = text_key(text)
            number = self.number.get(key)
            if number is not None:  # a copy of a text already seen
                self.owners.append(number)
                continue
            number = self.number[key] = self._new(key, given, text)
            self.owners.append(number)
            copy = self.templates.copy_or_add(number, text)
            if copy is not None:
                if key not in self.known:
                    self.processed += 1
                template, cmap = copy
                own_text = cmap.own_text(text)
                if not own_text.strip():
                    self.family[number] = (template, cmap, -1)
                    continue
                # The copy's own lines are a text of their own, known by the copy's key.
                # Never kept: made again from the copy when wanted.
                own = self._new(f"own:{key}", given, own_text, keep=False)
                self.family[number] = (template, cmap, own)
                self.own[own] = number
                number, text, key = own, own_text, f"own:{key}"
            if key in self.known:
                self.earlier.append(number)
                if self.previous is not None and key in self.previous.hits:
                    self.again.append(number)
                continue
            if number not in self.own:
                self.processed += 1
            current.append((number, text))
            chars += len(text)
            if chars >= self.size:
                yield tuple(current)
                current, chars = [], 0
        if current:
            yield tuple(current)

    def carry(self, matches: Iterable[Match], *, best_window: bool = False) -> list[Match]:
        """The matches with those of each template also given, where its passage stands
        unchanged, to the template's copies, and those of a copy's own lines given to
        the copy, at their places in its text. ``best_window``: a text has one match a
        target (its best window), so a copy keeps the better of the template's and its
        own lines' (the template's where they are equal)."""
        members: dict[int, list[int]] = {}
        for number, (template, _, _) in self.family.items():
            members.setdefault(template, []).append(number)
        found = []
        for match in matches:
            copy = self.own.get(match.submission)
            if copy is not None:
                start, end = self.family[copy][1].from_own(match.passage.start, match.passage.end)
                passage = Span.of(self.text(copy), start, end)
                found.append(replace(match, submission=copy, passage=passage))
                continue
            found.append(match)
            for number in members.get(match.submission, ()):
                at = self.family[number][1].to_copy(match.passage.start, match.passage.end)
                if at is not None:
                    passage = Span(at[0], at[1], match.passage.text)
                    found.append(replace(match, submission=number, passage=passage))
        if not best_window:
            return found
        best: dict[tuple[int, int], Match] = {}
        for match in found:  # the template's come first: a tie keeps them
            key = (match.submission, match.target)
            if key not in best or (match.score, match.evidence) > (
                best[key].score,
                best[key].evidence,
            ):
                best[key] = match
        return list(best.values())


# Pass-1 partitions sent and not yet answered, a worker: reading waits beyond that, so
# that the texts of a docket never pile up here ahead of the workers.
_AHEAD = 3


def _pass_one(
    workers: Workers[Plan],
    partitions: list[Partition],
    more: Iterator[Partition],
    split: _Split,
    progress: ProgressCallback | None = None,
) -> tuple[
    dict[str, tuple[tuple[str, ...], Signature]],
    list[tuple[int, bool]],
    Shared,
    dict[int, tuple[Explicit, ...]],
    Counter[str],
]:
    """Pass 1 on each partition as it comes; then the texts for pass 2 (number, lexical
    or not) and their weights, and the explicit edits each text asks for (those that
    ask for any)."""
    hits = dict(split.previous.hits) if split.previous else {}
    hit: list[int] = []
    compare: list[int] = []
    edits: dict[int, tuple[Explicit, ...]] = {}
    holders: Counter[str] = Counter(split.previous.words if split.previous else {})
    told = Pieces(progress, "matched", 1)

    def take(count: Any) -> None:
        part: PassOne = result(count)
        told.answered()
        holders.update(part[3])
        for number, grams, values in part[0]:
            hits[split.keys[number]] = (grams, values)
            hit.append(number)
        compare.extend(part[1])
        edits.update((number, asked) for number, asked in part[2] if asked)

    pending: collections.deque[Any] = collections.deque()
    for partition in itertools.chain(partitions, more):
        pending.append(workers.submit(frequency_pass, partition))
        told.sent(len(partition))
        if len(pending) > _AHEAD * workers.in_flight():
            take(pending.popleft())
    told.all_sent()  # reading has finished: the total is known
    while pending:
        take(pending.popleft())
    # Only now is the number of distinct texts known: reading has finished.
    fold = {split.keys[own]: split.keys[t] for t, _, own in split.family.values() if own >= 0}
    independent = len(split.keys) - len(split.family) - len(split.own)
    weights = (_weights(hits, independent, fold), stock_words(holders, independent))
    # Earlier texts with hits are matched again: the weights have changed.
    lexical = sorted([*hit, *split.again])
    work = [*((n, True) for n in lexical), *((n, False) for n in compare)]
    return hits, work, weights, edits, holders


def _pass_two(
    workers: Workers[Plan],
    split: _Split,
    work: Sequence[tuple[int, bool]],
    weights: Shared,
    progress: ProgressCallback | None,
) -> list[tuple[list[Match], list[Match]]]:
    """Pass 2 on ``work``, in jobs made as they are sent, telling ``progress``."""
    told = Pieces(progress, "matched", 2, total=len(work))
    told.tell()

    def jobs() -> Iterator[Job]:
        for job in _jobs(split, work):
            told.sent(len(job[0]) + len(job[1]))
            yield job

    results = []
    for found in workers.imap_partitions(match_pass, jobs(), weights):
        results.append(found)
        told.answered()
    return results


def _weights(
    hits: dict[str, tuple[tuple[str, ...], Signature]], texts: int, fold: dict[str, str]
) -> dict[str, float]:
    """Rarity of each indexed shingle among ``texts`` independent texts: near-duplicates
    count once, and a copy's own lines (``fold``: their key -> the template's) count as
    the template's, since a campaign's typo repeated in its copies is still one voice."""
    cluster = clusters({key: values for key, (_, values) in hits.items() if key not in fold})
    holders: dict[str, set[str]] = {}
    for key, (grams, _) in hits.items():
        home = fold.get(key, key)
        for gram in grams:
            holders.setdefault(gram, set()).add(cluster.get(home, home))
    # ``cluster`` names every member but the first of each cluster: those fold away.
    return rarity({g: len(h) for g, h in holders.items()}, texts - len(cluster))


def _jobs(split: _Split, work: Sequence[tuple[int, bool]]) -> Iterator[Job]:
    """Pass-2 jobs, made as they are sent: lexical texts first, then the rest, cut into
    at least ``PASS2_JOBS`` pieces (each at most ``split.size`` characters) so that
    every worker gets a share."""
    total = sum(split.lengths[n] for n, _ in work)
    size = min(split.size, max(PASS2_MIN_CHARS, -(-total // PASS2_JOBS)))
    current: list[tuple[int, str]] = []
    chars = 0
    kind = True
    for number, lexical in work:
        if current and (chars >= size or lexical != kind):
            yield _job(current, kind)
            current, chars = [], 0
        kind = lexical
        current.append((number, split.text(number)))
        chars += split.lengths[number]
    if current:
        yield _job(current, kind)


def _job(items: list[tuple[int, str]], lexical: bool) -> Job:
    return (tuple(items), ()) if lexical else ((), tuple(items))


def _copies(owners: Sequence[int]) -> dict[int, list[int]]:
    """The submissions holding each distinct text."""
    copies: dict[int, list[int]] = {}
    for s, number in enumerate(owners):
        copies.setdefault(number, []).append(s)
    return copies


def _fan_out(matches: Iterable[Match], copies: dict[int, list[int]]) -> Iterator[Match]:
    for match in matches:
        for s in copies[match.submission]:
            yield replace(match, submission=s)


def _by_key(item: tuple[str, Match]) -> tuple[str, int, int]:
    return item[0], item[1].target, item[1].passage.start


def _match_json(m: Match) -> list[Any]:
    final, passage = m.final, m.passage
    return [
        m.target,
        m.score,
        m.evidence,
        [final.start, final.end, final.text],
        [passage.start, passage.end, passage.text],
        m.verbatim,
        m.lexical,
        m.differential,
    ]


def _match_from_json(data: list[Any]) -> Match:
    target, score, evidence, final, passage, verbatim, lexical, *rest = data
    differential = bool(rest and rest[0])  # states saved before the differential pass lack it
    return Match(
        target,
        -1,
        score,
        evidence,
        Span(*final),
        Span(*passage),
        verbatim,
        lexical,
        differential=differential,
    )
