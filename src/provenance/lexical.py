"""Credit each passage of new final text to the submissions it came from (lexical pass).

Only new text is credited. The unit of credit is a *target*: one sentence of the final
that holds new text, with each of its tokens flagged new or old. A target's shingles
(word 3-grams, or character 4-grams in Korean and other scripts without reliable spaces)
that already stood in the draft, or that hold no new token, are never matched, so a
submission that quotes the draft back gains nothing from the quote.

Cost grows with the text, not with changes x submissions: the new text is small, so it
is indexed (``LexicalIndex``), and each submission is looked up in it (``engine`` runs
this over partitions of the submissions, on as many cores as there are). For every
(target, submission) pair that shares shingles, the shared shingles are cut into
passages of the submission that follow the final, as a local alignment would: matched
pieces stay together where they stand in the final's order, or no more than a few words
apart. The link's score is the weighted share of the target's new tokens that the best
passage alone covers, rare shingles counting more than boilerplate that many
submissions share, and its evidence is the tightest stretch of that passage that
covers as much: never a greeting or background between two mentions of the words.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from .model import Alignment, Change, Confidence, Link, Method, Span, Submission
from .quotes import quoted_ranges
from .segment import marker_end, split_many
from .shingle import (
    STOP_WORD_WEIGHT,
    Tokens,
    ngram_size,
    shingles,
    stop_words,
    token_keys,
    tokenize,
    tokens_per_word,
)

HIGH, MEDIUM = 0.8, 0.6  # confidence bands of the score
_WINDOW_SLACK = 10  # tokens a submission's passage may run beyond twice the target's length
# Words a submission may put between two matched pieces beyond what the final has there
# (a reworded phrase, a parenthesis) and still be one passage of evidence; more, and
# the pieces are separate passages, scored alone.
_MAX_EXTRA_WORDS = 5
_EXTRA_CONTEXT = 2  # how many tokens beyond n a shingle may grow to become new
# A shingle repeated more often than this in one sentence or one submission adds no
# evidence, and pairing every repeat with every other would cost repeats squared.
_MAX_REPEATS = 8
_EXACT_MIN_TOKENS = 3  # least tokens of a sentence credited for being proposed whole


@dataclass(frozen=True, slots=True)
class Target:
    """One final sentence holding new text, tokenised, with what may be credited in it."""

    change: Change
    sentence: Span
    tokens: Tokens
    new: tuple[bool, ...]  # token i lies in new text
    # The shingles that may earn credit, as (first token, tokens, text): not in the draft,
    # covering a new token. Mostly n-grams; shorter for very short sentences; longer
    # where every n-gram around a new token already stood somewhere in the draft.
    shingles: tuple[tuple[int, int, str], ...]
    # Where the whole sentence, punctuation and all, is new: a submission proposing it
    # word for word is credited even where no word is new (a deletion, a comma, "your"
    # to "the"), which shingles of new words cannot see. Then the position of its word
    # rarest in the draft, to find it by; else None.
    anchor: int | None = None
    whole_from: int = 0  # its first token as proposed: after a leading "2." or "(a)"

    @property
    def new_weight(self) -> float:
        return sum(w for w, is_new in zip(self.tokens.weights, self.new, strict=True) if is_new)


@dataclass(frozen=True, slots=True)
class Match:
    """The best window of one submission for one target, before it becomes a Link."""

    target: int
    submission: int
    score: float
    evidence: float  # weight of the target's tokens in matched shingles, in words
    final: Span
    passage: Span
    verbatim: bool
    lexical: bool = True  # False for the semantic pass
    whole_sentence: bool = False  # the submission holds the target sentence exactly
    differential: bool = False  # an ask in other words (the differential pass)


def draft_shingles(draft: str, lang: str) -> frozenset[str]:
    """Every shingle of the draft, of every length up to n.

    Shorter grams too: a sentence of fewer than n tokens is matched by its own length;
    and longer ones, for the context a new word gets when its n-grams are not new.
    """
    tokens = tokenize(draft, lang)
    sizes = range(1, ngram_size(lang) + _EXTRA_CONTEXT + 1)
    return frozenset(g for size in sizes for g in shingles(tokens, size))


def targets(
    alignment: Alignment,
    draft_grams: frozenset[str],
    *,
    lang: str,
    draft_counts: Mapping[str, int] | None = None,
) -> list[Target]:
    """The sentences of the final that hold new text, or are new as a whole, ready for
    matching.

    ``draft_grams`` is ``draft_shingles(alignment.draft.text, lang)``; ``draft_counts``,
    if the caller has it, ``Counter(token_keys(alignment.draft.text))``.
    """
    n = ngram_size(lang)
    final = alignment.final.text
    masked_draft = _numbers_masked(plain(alignment.draft.text))
    if draft_counts is None:
        draft_counts = Counter(token_keys(alignment.draft.text))
    found: list[Target] = []
    changed = [(change, change.final) for change in alignment.changes if change.final is not None]
    sentences = split_many(((span.text, span.start) for _, span in changed), lang=lang)
    for (change, _), spans in zip(changed, sentences, strict=True):
        junctions = _junctions(change)
        for sentence in spans:
            tokens = tokenize(sentence.text, lang, offset=sentence.start)
            new = _new_flags(tokens, change, junctions)
            span = Span.of(final, sentence.start, sentence.end)
            first = _first_proposed(span, tokens)
            anchor = None
            if _is_new_sentence(span, tokens, first, masked_draft, lang):
                anchor = min(
                    range(first, len(tokens)), key=lambda k: draft_counts.get(tokens.keys[k], 0)
                )
            elif not any(new):
                continue
            novel = _novel_shingles(tokens, new, draft_grams, n) if any(new) else ()
            found.append(Target(change, span, tokens, new, novel, anchor, first))
    return found


_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def plain(text: str) -> str:
    """Text for comparing whole sentences: quote marks straightened, white space collapsed.

    >>> plain("It\u2019s  our\\njob.")
    "It's our job."
    """
    return " ".join(text.translate(_QUOTE_MARKS).split())


def _first_proposed(sentence: Span, tokens: Tokens) -> int:
    """The sentence's first token after its clause number or bullet, if it opens with one:
    a submission proposing the sentence seldom writes the number."""
    cut = sentence.start + marker_end(sentence.text)
    return next((k for k, start in enumerate(tokens.starts) if start >= cut), len(tokens))


def _as_proposed(target: Target) -> str:
    """The target sentence from its first proposed token on: what a submission must hold."""
    start = target.tokens.starts[target.whole_from] - target.sentence.start
    return target.sentence.text[start:]


_DIGITS = re.compile(r"\d+")


def _numbers_masked(text: str) -> str:
    return _DIGITS.sub("0", text)


def _is_new_sentence(
    sentence: Span, tokens: Tokens, first: int, masked_draft: str, lang: str
) -> bool:
    """Whether a final sentence, as written from token ``first`` on, stood nowhere in the
    draft, and is long enough (three words, one of them a content word) not to be met
    by chance.

    ``masked_draft`` is the draft's ``plain`` text with its numbers masked: a sentence
    new only in its numbers was renumbered, which no submission caused.
    """
    if len(tokens) - first < _EXACT_MIN_TOKENS * tokens_per_word(lang):
        return False
    text = sentence.text[tokens.starts[first] - sentence.start :]
    return max(tokens.weights[first:]) >= 1 and _numbers_masked(plain(text)) not in masked_draft


def _novel_shingles(
    tokens: Tokens, new: tuple[bool, ...], draft_grams: frozenset[str], n: int
) -> tuple[tuple[int, int, str], ...]:
    """Shingles of a target that did not stand in the draft and cover a new token."""
    size = min(n, len(tokens))
    found = {
        (i, size, gram)
        for i, gram in enumerate(shingles(tokens, size))
        if gram not in draft_grams and any(new[i : i + size])
    }
    covered = {k for i, s, _ in found for k in range(i, i + s)}
    uncovered = [
        k for k, is_new in enumerate(new) if is_new and k not in covered and tokens.weights[k] >= 1
    ]
    for k in uncovered:
        # Deleting from a list joins words that may meet elsewhere in the draft too;
        # the shortest longer context that is new is then the evidence. Only for
        # content words: a renumbered "17" or "③" in longer old context is no proposal.
        for longer in range(n + 1, n + 1 + _EXTRA_CONTEXT):
            windows = {
                (i, longer, " ".join(tokens.keys[i : i + longer]))
                for i in range(max(0, k - longer + 1), min(k, len(tokens) - longer) + 1)
            }
            novel = {w for w in windows if w[2] not in draft_grams}
            if novel:
                found |= novel
                break
    return tuple(sorted(found))


def _junctions(change: Change) -> list[int]:
    """Final offsets where words were only deleted: the words there now stand together anew.

    A submission asking to strike words is adopted when the final joins what stood
    around them, so the two words meeting at the cut count as new.
    """
    points = []
    ops = change.ops
    for k, op in enumerate(ops):
        if op.kind != "delete":
            continue
        beside = [ops[j].kind for j in (k - 1, k + 1) if 0 <= j < len(ops)]
        if "insert" not in beside:
            points.append(op.final_start)
    return points


def _new_flags(tokens: Tokens, change: Change, junctions: list[int]) -> tuple[bool, ...]:
    """Which tokens are new: inside inserted text, or meeting at a deletion point."""
    flags = [
        any(s.start < end and start < s.end for s in change.new_text)
        for start, end in zip(tokens.starts, tokens.ends, strict=True)
    ]
    for point in junctions:
        before = [i for i, end in enumerate(tokens.ends) if end <= point]
        after = [i for i, start in enumerate(tokens.starts) if start >= point]
        if before and after:
            flags[before[-1]] = flags[after[0]] = True
    return tuple(flags)


@dataclass(frozen=True)
class LexicalIndex:
    """The targets' novel shingles, indexed for lookup: built once, shared by every partition."""

    targets: tuple[Target, ...]
    lang: str
    postings: dict[str, tuple[tuple[int, int], ...]]  # shingle -> (target, shingle number)
    # Each indexed shingle is looked for through one of its words, the one rarest in the
    # draft: word -> (shingle length, the word's place in it). A submission's n-gram is
    # only built where such a word stands at such a place, which skips most positions;
    # through the first word instead, "the" would open half of them.
    lookups: dict[str, tuple[tuple[int, int], ...]]
    # Sentences new as a whole, by their word rarest in the draft: (target, its position).
    anchors: dict[str, tuple[tuple[int, int], ...]]
    hot: frozenset[str]  # the words of both: where a submission needs a closer look

    @functools.cached_property
    def sentence_words(self) -> frozenset[str]:
        """The content words of the targets' sentences: those whose use among the
        submissions is counted (see ``stock_words``)."""
        stops = stop_words(self.lang)
        return frozenset(
            key
            for target in self.targets
            for key, weight in zip(target.tokens.keys, target.tokens.weights, strict=True)
            if weight >= 1 and key not in stops
        )

    @classmethod
    def build(
        cls,
        target_list: Sequence[Target],
        *,
        lang: str,
        draft_counts: Mapping[str, int] | None = None,
    ) -> LexicalIndex:
        """``draft_counts``: how often each token key occurs in the draft (the same index
        without it, only slower to look up in)."""
        counts = draft_counts or {}
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        lookups: dict[str, set[tuple[int, int]]] = defaultdict(set)
        anchors: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for t, target in enumerate(target_list):
            repeats: dict[str, int] = defaultdict(int)
            keys, weights = target.tokens.keys, target.tokens.weights
            for j, (first, size, gram) in enumerate(target.shingles):
                repeats[gram] += 1
                if repeats[gram] <= _MAX_REPEATS:
                    postings[gram].append((t, j))
                    # The same gram always gets the same word: it depends on the gram only.
                    k = min(
                        range(size),
                        key=lambda i: (
                            counts.get(keys[first + i], 0),
                            -weights[first + i],
                            -len(keys[first + i]),
                            i,
                        ),
                    )
                    lookups[keys[first + k]].add((size, k))
            if target.anchor is not None:
                anchors[keys[target.anchor]].append((t, target.anchor))
        return cls(
            tuple(target_list),
            lang,
            {g: tuple(p) for g, p in postings.items()},
            {word: tuple(sorted(at)) for word, at in lookups.items()},
            {word: tuple(at) for word, at in anchors.items()},
            frozenset(lookups.keys() | anchors.keys()),
        )

    def hits(self, text: str, keys: Sequence[str] | None = None) -> dict[str, list[int]]:
        """Token positions of each indexed shingle the text holds as its own words.

        A shingle all of quoted words proposes nothing; one that joins an added word to
        kept ones is the evidence for that word. At most ``_MAX_REPEATS`` per shingle.
        Most texts share little with the new text, so only the tokens' keys are made
        here; offsets are worked out only where there is a quote to mask.
        """
        if keys is None:
            keys = token_keys(text)
        found: dict[str, list[int]] = {}
        if self.hot.isdisjoint(keys):
            return found
        hot = [p for p, key in enumerate(keys) if key in self.hot]
        lookups = self.lookups
        starts = sorted(
            {
                (size, p - k)
                for p in hot
                for size, k in lookups.get(keys[p], ())
                if 0 <= p - k <= len(keys) - size
            }
        )
        indexed = [
            (size, p, gram)
            for size, p in starts
            if (gram := " ".join(keys[p : p + size])) in self.postings
        ]
        # Offsets, and which tokens are quoted, only for texts that share a shingle.
        ranges = quoted_ranges(text) if indexed else []
        quoted = _quoted_tokens(ranges, tokenize(text, self.lang)) if ranges else []
        for size, p, gram in indexed:
            if quoted and all(quoted[p : p + size]):
                continue
            seen = found.setdefault(gram, [])
            if len(seen) < _MAX_REPEATS:
                seen.append(p)
        if self.anchors:
            for p in hot:
                for t, k in self.anchors.get(keys[p], ()):
                    target = self.targets[t]
                    sentence = target.tokens.keys[target.whole_from :]
                    start = p - (k - target.whole_from)
                    if start >= 0 and tuple(keys[start : start + len(sentence)]) == sentence:
                        seen = found.setdefault(_sentence_key(t), [])
                        if len(seen) < _MAX_REPEATS:
                            seen.append(start)
        return found


# ``LexicalIndex.hits`` lists where target t stands whole under this mark and t. It
# cannot begin a shingle: shingles hold no control characters.
_WHOLE = "\x00"


def _sentence_key(t: int) -> str:
    return f"{_WHOLE}{t}"


def rarity(frequency: Mapping[str, int], total: int) -> dict[str, float]:
    """Weight 0-1 of each shingle by how few distinct texts hold it (1 = only one does).

    A phrase in a handful of submissions may be a coalition's shared text and keeps most
    of its weight; one in a large share of them is boilerplate and keeps little. Texts
    are counted once however many identical copies were sent: a campaign's form letter
    is one text, so its demand is not mistaken for boilerplate.
    """
    if total <= 1:
        return {}
    scale = math.log(1 + total)
    return {g: min(1.0, math.log(1 + total / df) / scale * 1.5) for g, df in frequency.items()}


# A word is stock when at least one letter in STOCK_SHARE holds it, counted over at
# least STOCK_MIN_LETTERS letters: with fewer, a count says little of what a random
# letter holds, and no word is stock.
STOCK_SHARE = 0.05
STOCK_MIN_LETTERS = 1_000


def stock_words(holders: Mapping[str, int], letters: int) -> frozenset[str]:
    """The words (of ``LexicalIndex.sentence_words``) that a random letter is likely to
    hold: ``holders`` counts the independent letters holding each, of ``letters``.

    >>> sorted(stock_words({"shall": 600, "tribunal": 90, "drebraiect": 3}, 5_000))
    ['shall']
    >>> stock_words({"shall": 60}, 100)  # too few letters to tell
    frozenset()
    """
    if letters < STOCK_MIN_LETTERS:
        return frozenset()
    return frozenset(w for w, n in holders.items() if n >= STOCK_SHARE * letters)


def match_texts(
    index: LexicalIndex,
    items: Iterable[tuple[int, str]],
    weights: Mapping[str, float],
    stock: frozenset[str] = frozenset(),
) -> list[Match]:
    """The best window of each (numbered) text for each target it shares shingles with.

    ``weights`` is ``rarity`` over all the texts of the run, so that any partition of
    the texts gives the same matches; ``stock`` the words a random letter of the run
    is likely to hold (``stock_words``), which place a new word no better than "the".
    """
    per_word = tokens_per_word(index.lang)
    matches = []
    for s, text in items:
        hits = index.hits(text)
        if not hits:
            continue
        tokens = tokenize(text, index.lang)
        pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
        whole: dict[int, list[int]] = {}
        for gram, positions in hits.items():
            if gram.startswith(_WHOLE):
                whole[int(gram[len(_WHOLE) :])] = positions
                continue
            for t, j in index.postings[gram]:
                pairs[t].extend((j, p) for p in positions)
        quoting = quoted_ranges(text, kept_words=False) if whole else []
        for t in sorted(pairs.keys() | whole.keys()):
            target = index.targets[t]
            match = None
            if t in whole:
                match = _whole_sentence(target, t, s, whole[t], tokens, text, quoting, per_word)
            if match is None and t in pairs:
                match = _best_window(target, t, s, pairs[t], tokens, text, weights, per_word, stock)
            if match is not None:
                matches.append(match)
    return matches


def _whole_sentence(
    target: Target,
    t: int,
    s: int,
    starts: list[int],
    tokens: Tokens,
    text: str,
    quoting: list[tuple[int, int]],
    per_word: float,
) -> Match | None:
    """The first place where the submission proposes the target sentence exactly.

    Its words are already known to stand there in order; the sentence must stand there
    with its punctuation and case too, outside the lines that quote other text
    (``quoting``: a patch's context and removed lines, an e-mail's quotes), and not in
    those lines as well: a patch that keeps a sentence already in its base text did not
    propose it.
    """
    sentence = target.sentence
    wanted = plain(_as_proposed(target))
    trail = sentence.end - target.tokens.ends[-1]
    if wanted in plain(" ".join(text[a:b] for a, b in quoting)):
        return None
    size = len(target.tokens) - target.whole_from
    for p in starts:
        first, last = tokens.starts[p], tokens.ends[p + size - 1]
        if any(a < last and first < b for a, b in quoting):
            continue
        # One character of slack: white space may differ before the closing mark.
        around = text[first : last + trail + 1]
        if wanted not in plain(around):
            continue
        evidence = sum(target.tokens.weights[target.whole_from :]) / per_word
        start = target.tokens.starts[target.whole_from]
        final = Span(start, sentence.end, _as_proposed(target))
        passage = Span.of(text, first, last)
        return Match(t, s, 1.0, evidence, final, passage, True, whole_sentence=True)
    return None


def _quoted_tokens(ranges: list[tuple[int, int]], tokens: Tokens) -> list[bool]:
    """Which tokens lie in ``ranges`` (``quoted_ranges`` of their text)."""
    flags = []
    r = 0
    for start in tokens.starts:
        while r < len(ranges) and ranges[r][1] <= start:
            r += 1
        flags.append(r < len(ranges) and ranges[r][0] <= start)
    return flags


def _best_window(
    target: Target,
    t: int,
    s: int,
    pairs: list[tuple[int, int]],
    tokens: Tokens,
    text: str,
    weights: Mapping[str, float],
    per_word: float,
    stock: frozenset[str] = frozenset(),
) -> Match | None:
    """The passage of the submission that covers the most new weight of the target.

    The hits are first cut into passages that follow the final (``_aligned_runs``), and
    each is scored alone: halves of the new text met far apart in a letter are not
    added up. The evidence is the tightest stretch of the best passage that earns its
    coverage (``_tightest``), with the matched words that touch it (``_grown``).
    """
    total = target.new_weight
    if total <= 0:
        return None
    pairs.sort(key=lambda pair: (pair[1], pair[0]))
    width = 2 * len(target.tokens) + _WINDOW_SLACK
    best: tuple[float, int, list[tuple[int, int]], int, int] | None = None
    for run in _aligned_runs(target, pairs, per_word):
        gained, first, last = _tightest(target, run, width, weights)
        span = _reach(target, run[first : last + 1]) - run[first][1]
        # More coverage first; then the tighter passage; then the earlier one.
        if (
            best is None
            or gained > best[0] + 1e-12
            or (gained > best[0] - 1e-12 and span < best[1])
        ):
            best = (gained, span, run, first, last)
    assert best is not None
    _, _, run, first, last = best
    window = _grown(target, run, first, last)
    covered = _covered(target, window, weights)
    gained = _gain(target, window, weights)
    if _one_word_of_several(target, covered):
        # One new word of a sentence that gained several is chance more often than a
        # proposal: a letter using the word elsewhere shares it with the stock words
        # around it. A sentence whose only new word it is keeps its link.
        return None
    if all(target.tokens.keys[k].isdigit() for k in covered):
        # Only numbers are new here: renumbered articles and cross-references, which a
        # submission citing the same numbers did not cause. Trust over recall.
        return None
    first_p = min(p for _, p in window)
    last_p = _reach(target, window) - 1
    passage = Span.of(text, tokens.starts[first_p], tokens.ends[last_p])
    ks = sorted(covered)
    start, end = target.tokens.starts[ks[0]], target.tokens.ends[ks[-1]]
    offset = target.sentence.start
    final_span = Span(start, end, target.sentence.text[start - offset : end - offset])
    matched_keys = " ".join(target.tokens.keys[ks[0] : ks[-1] + 1])
    window_keys = " ".join(tokens.keys[first_p : last_p + 1])
    verbatim = len(ks) == sum(target.new) and matched_keys in window_keys
    # Evidence counts the words of the matched shingles around the new ones too: "spikes
    # in traffic" is good evidence for an inserted "in", a lone renumbered "17" is not.
    # A word that letters commonly use ("shall", "the regulator") is evidence no better
    # than a stop word, new or kept: a random letter would share it.
    context = {k for j, _ in window for k in _token_range(target, j)}
    keys, token_weights = target.tokens.keys, target.tokens.weights
    evidence = (
        sum(
            min(token_weights[k], STOP_WORD_WEIGHT) if keys[k] in stock else token_weights[k]
            for k in context
        )
        / per_word
    )
    # min(): the two sums add the same weights in different orders, so may differ in the
    # last bit.
    return Match(t, s, min(1.0, gained / total), evidence, final_span, passage, verbatim)


def _aligned_runs(
    target: Target, pairs: Sequence[tuple[int, int]], per_word: float
) -> list[list[tuple[int, int]]]:
    """The hits (sorted by submission position) cut into passages, like a local alignment.

    Where the submission has text that no hit covers, the hits on either side stay in
    one passage if that text is at most ``_MAX_EXTRA_WORDS`` words (a reworded word, a
    clause moved within the sentence), or if they stand in the final's order with at
    most that many words more between them in the submission than in the final (old
    words the final kept between two new ones are matched text, though not hits).
    Otherwise they are separate passages: a greeting, a paragraph of background or
    another mention of the same words lies between them.
    """
    max_extra = _MAX_EXTRA_WORDS * per_word
    runs: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []
    reach = 0  # end (exclusive) of the submission tokens the run's hits cover
    edge: list[tuple[int, int]] = []  # the run's hits that end there
    k = 0
    while k < len(pairs):
        p = pairs[k][1]
        group = []
        while k < len(pairs) and pairs[k][1] == p:
            group.append(pairs[k])
            k += 1
        gap = p - reach  # submission tokens no hit covers, before this one
        if (
            run
            and gap > max_extra
            and not any(_follows(target, a, b, max_extra) for a in edge for b in group)
        ):
            runs.append(run)
            run = []
        run.extend(group)
        for hit in group:
            end = p + target.shingles[hit[0]][1]
            if end > reach or not edge:
                reach, edge = end, [hit]
            elif end == reach:
                edge.append(hit)
    if run:
        runs.append(run)
    return runs


def _follows(target: Target, a: tuple[int, int], b: tuple[int, int], max_extra: float) -> bool:
    """Whether hit ``b`` continues hit ``a`` as the final does: later in the final too, with
    at most ``max_extra`` more tokens between them in the submission than in the final."""
    (ja, pa), (jb, pb) = a, b
    fa, fb = target.shingles[ja][0], target.shingles[jb][0]
    return fb > fa and (pb - pa) - (fb - fa) <= max_extra


def _reach(target: Target, hits: Sequence[tuple[int, int]]) -> int:
    """End (exclusive) of the submission tokens the hits cover."""
    return max(p + target.shingles[j][1] for j, p in hits)


def _tightest(
    target: Target,
    run: Sequence[tuple[int, int]],
    width: int,
    weights: Mapping[str, float],
) -> tuple[float, int, int]:
    """The most new weight a window of the run's hits covers, no more than ``width``
    tokens from its first hit to its last, and the shortest window covering that much,
    as (weight, first hit, last hit); of equally short windows, the first.

    The shortest, not the first: a window that starts at an earlier, passing mention of
    the same words is no better evidence, only longer.
    """
    ends = []
    gains = []
    right = 0
    for left in range(len(run)):
        right = max(right, left)
        while right + 1 < len(run) and run[right + 1][1] - run[left][1] <= width:
            right += 1
        ends.append(right)
        gains.append(_gain(target, run[left : right + 1], weights))
    top = max(gains)
    best: tuple[int, int, int] | None = None
    for left, right in enumerate(ends):
        if gains[left] < top - 1e-9:
            continue
        # A window covers no less for holding more hits: bisect for the fewest.
        lo, hi = left, right
        while lo < hi:
            mid = (lo + hi) // 2
            if _gain(target, run[left : mid + 1], weights) >= top - 1e-9:
                hi = mid
            else:
                lo = mid + 1
        span = _reach(target, run[left : lo + 1]) - run[left][1]
        if best is None or span < best[0]:
            best = (span, left, lo)
    assert best is not None
    return top, best[1], best[2]


def _grown(
    target: Target, run: Sequence[tuple[int, int]], first: int, last: int
) -> list[tuple[int, int]]:
    """The hits ``run[first : last + 1]`` with the run's hits that touch them and match
    more of the target: "within 20 working days", not just the "20 working days" that
    covers the new "working". A hit matching no word not already matched, such as a
    second mention of the same words, is left out, and so is what only it would touch.
    """
    window = list(run[first : last + 1])
    matched = {k for j, _ in window for k in _token_range(target, j)}
    start, end = min(p for _, p in window), _reach(target, window)
    # Nearest first on each side, so that each added hit can bring the next in touch.
    for i in [*range(first - 1, -1, -1), *range(last + 1, len(run))]:
        j, p = run[i]
        size = target.shingles[j][1]
        if p > end or p + size < start:
            continue
        more = set(_token_range(target, j)) - matched
        if more:
            window.append((j, p))
            matched |= more
            start, end = min(start, p), max(end, p + size)
    return window


def _covered(
    target: Target, window: Sequence[tuple[int, int]], weights: Mapping[str, float]
) -> dict[int, float]:
    """New tokens of the target covered by the window's shingles, with their rarity."""
    covered: dict[int, float] = {}
    for j, _ in window:
        weight = weights.get(target.shingles[j][2], 1.0)
        for k in _token_range(target, j):
            if target.new[k] and covered.get(k, 0.0) < weight:
                covered[k] = weight
    return covered


def _one_word_of_several(target: Target, covered: Mapping[int, float]) -> bool:
    """Whether ``covered`` holds one content word of the target's new text, which has more."""
    weights = target.tokens.weights
    if sum(1 for k in covered if weights[k] >= 1) != 1:
        return False
    return sum(1 for k, is_new in enumerate(target.new) if is_new and weights[k] >= 1) > 1


def _token_range(target: Target, j: int) -> range:
    """The target's tokens that its j-th shingle spans."""
    first, size, _ = target.shingles[j]
    return range(first, first + size)


def _gain(target: Target, window: Sequence[tuple[int, int]], weights: Mapping[str, float]) -> float:
    covered = _covered(target, window, weights)
    return sum(target.tokens.weights[k] * w for k, w in covered.items())


def confidence(score: float) -> Confidence:
    """The band of a score: high, medium or low."""
    if score >= HIGH:
        return "high"
    return "medium" if score >= MEDIUM else "low"


def links_from_matches(
    matches: Iterable[Match],
    target_list: Sequence[Target],
    submissions: Sequence[Submission],
    *,
    min_score: float,
    min_evidence: float,
) -> Iterator[Link]:
    """Matches that clear the cutoffs, as links.

    ``min_evidence`` is the least weight of matched text, in words (content words weigh
    1, numbers 0.5, stop words 0.2), that a link needs around the new text it credits.
    """
    for m in matches:
        # A sentence proposed whole is its own evidence, however short.
        if m.score < min_score or (m.evidence + 1e-9 < min_evidence and not m.whole_sentence):
            continue
        target = target_list[m.target]
        method: Method = "verbatim" if m.verbatim else "fuzzy" if m.lexical else "semantic"
        yield Link(
            change_id=target.change.id,
            submission_id=submissions[m.submission].id,
            final=m.final,
            submission=m.passage,
            score=m.score,
            confidence=confidence(m.score),
            method=method,
        )
