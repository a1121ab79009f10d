"""Credit paraphrased adoptions: a pass over what the lexical pass left uncovered.

The default needs no model and no download: TF-IDF over word 1-2 grams and character
3-5 grams, compared by cosine similarity (``vectors``). It works for any script and
is deterministic. The weights are fitted on the draft's lines as well, so that
vocabulary the draft already used counts for little and new vocabulary for much.

Only a target's new text is compared, with each submission's own sentences; sentences
that quote other text (see ``quotes``) or mostly repeat the draft are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .embedding import Embedder
from .lexical import Match, Target
from .model import Span
from .params import SEMANTIC_MIN
from .quotes import quoted_ranges
from .segment import split_many
from .shingle import (
    CHARACTER_LANGUAGES,
    content_keys,
    ngram_size,
    shingles,
    token_keys,
    tokenize,
    tokens_per_word,
)

if TYPE_CHECKING:
    from .vectors import Similarity

_DRAFT_SHARE = 0.5  # a sentence with more of its shingles in the draft than this is a quote
_MIN_PASSAGE_CHARS = 20  # shorter sentences carry too little meaning to compare


# Content words a passage must share with a target's new text to be compared: at least
# _MIN_SHARED, holding half the IDF weight of the new text's own. F1 on corpus/ and the
# real cases is the same for any share from 0 to 0.5; 0.5 makes the pass several times
# faster on 10k submissions.
_MIN_SHARED = 2
_MIN_SHARED_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class _Passage:
    submission: int
    span: Span


@dataclass(frozen=True)
class SemanticIndex:
    """What the paraphrase pass compares passages with: built once, shared by partitions.

    With TF-IDF, a passage is compared with a target only when the two share at least
    two distinct content words (syllable pairs in Korean and other scripts written
    without spaces): below that, TF-IDF says little, and at a hundred thousand
    submissions vectorising every sentence would cost more than all the rest. An
    embedder, whose point is paraphrase without shared words, compares every passage.
    """

    targets: tuple[Target, ...]
    lang: str
    draft_grams: frozenset[str]
    min_similarity: float
    similarity: Similarity | None  # TF-IDF fitted on the draft and the new text
    embedder: Embedder | None
    queries: tuple[str, ...]
    # For each target, its new text's content words with their IDF weights (empty for
    # a target never compared), and the shared words and weight a passage needs.
    query_words: tuple[dict[str, float], ...]
    needed: tuple[tuple[int, float], ...]
    # content word -> targets it may open: a passage without one of a target's heaviest
    # words, those holding at least the weight it needs, cannot have enough weight.
    triggers: dict[str, tuple[int, ...]]
    # Targets whose new text weighs at least min_evidence words: no paraphrase of a
    # lighter one could become a link, so it is never compared.
    eligible: frozenset[int]

    @classmethod
    def build(
        cls,
        target_list: Sequence[Target],
        draft: str,
        draft_grams: frozenset[str],
        *,
        lang: str,
        min_similarity: float = SEMANTIC_MIN,
        embedder: Embedder | None = None,
        min_evidence: float = 0.0,
    ) -> SemanticIndex:
        queries = tuple(_new_text(target) for target in target_list)
        per_word = tokens_per_word(lang)
        eligible = frozenset(
            t
            for t, target in enumerate(target_list)
            if _evidence(target, per_word) + 1e-9 >= min_evidence
        )
        similarity = None
        if embedder is None and queries:
            from .vectors import Similarity

            # The draft's lines only shape the weights: what it said counts little. Lines,
            # not sentences: the same F1 on corpus/ and the real cases, without running
            # the sentence splitter over a whole regulation. Every target's new text
            # shapes them too, wanted or not, so that the weights do not depend on what
            # the lexical pass found.
            draft_lines = [line for line in draft.split("\n") if line.strip()]
            similarity = Similarity.fit(draft_lines, queries)
        query_words: list[dict[str, float]] = []
        needed = []
        triggers: dict[str, list[int]] = {}
        for t, query in enumerate(queries):
            own = _content_keys(query, lang)
            weights = {k: _word_weight(similarity, k) for k in own} if t in eligible else {}
            need = (min(len(own), _MIN_SHARED), _MIN_SHARED_SHARE * sum(weights.values()))
            query_words.append(weights)
            needed.append(need)
            for word in _heaviest(weights, need[1]):
                triggers.setdefault(word, []).append(t)
        return cls(
            tuple(target_list),
            lang,
            draft_grams,
            min_similarity,
            similarity,
            embedder,
            queries,
            tuple(query_words),
            tuple(needed),
            {word: tuple(ts) for word, ts in triggers.items()},
            eligible,
        )

    def candidates(self, text: str, keys: Sequence[str] | None = None) -> set[int]:
        """The targets that share enough content words with ``text`` to be compared.

        ``keys`` is ``token_keys(text)`` if the caller has it. A text with no candidate
        has no paragraph or sentence with one either.
        """
        if self.embedder is not None:
            return set(self.eligible)
        # The query words are content words already: no need to drop stop words here.
        words = _words(text, self.lang, keys)
        opened = self.triggers.keys() & words
        found = set()
        for t in {t for word in opened for t in self.triggers[word]}:
            own = self.query_words[t]
            shared = own.keys() & words
            count, mass = self.needed[t]
            if len(shared) >= count and sum(own[w] for w in shared) + 1e-9 >= mass:
                found.add(t)
        return found

    def matches(self, items: Iterable[tuple[int, str]]) -> list[Match]:
        """Best passage of each (numbered) text for each target, where similar enough."""
        passages, wanted = self._passages(items)
        if not passages:
            return []
        texts = [p.span.text for p in passages]
        if self.similarity is not None:
            scores = self.similarity.scores(texts).toarray()
        else:
            assert self.embedder is not None
            scores = self.embedder.encode(list(self.queries)) @ self.embedder.encode(texts).T
        per_word = tokens_per_word(self.lang)
        best: dict[tuple[int, int], tuple[float, int]] = {}
        for col, targets in enumerate(wanted):
            s = passages[col].submission
            for t in targets:
                value = float(scores[t, col])
                if value >= self.min_similarity and value > best.get((t, s), (0.0, -1))[0]:
                    best[(t, s)] = (value, col)
        found = []
        for (t, s), (value, col) in sorted(best.items()):
            target = self.targets[t]
            new_spans = [i for i, is_new in enumerate(target.new) if is_new]
            start_char = target.tokens.starts[new_spans[0]]
            end_char = target.tokens.ends[new_spans[-1]]
            offset = target.sentence.start
            final = Span(
                start_char, end_char, target.sentence.text[start_char - offset : end_char - offset]
            )
            evidence = _evidence(target, per_word)
            score = calibrated(value, self.min_similarity)
            found.append(
                Match(t, s, score, evidence, final, passages[col].span, False, lexical=False)
            )
        return found

    def _passages(self, items: Iterable[tuple[int, str]]) -> tuple[list[_Passage], list[set[int]]]:
        """Sentences of the texts' own words worth comparing, with the targets for each.

        Quotes are cut out and paragraphs kept apart; a sentence that mostly repeats the
        draft is left out. Paragraphs sharing too little with every target are never
        split into sentences, which is most of them.
        """
        owners = []
        pieces = []
        for s, text in items:
            for start, end in _own_paragraphs(text):
                if self.candidates(text[start:end]):
                    owners.append(s)
                    pieces.append((text[start:end], start))
        n = ngram_size(self.lang)
        found = []
        wanted = []
        for s, sentences in zip(owners, split_many(pieces, lang=self.lang), strict=True):
            for sentence in sentences:
                if len(sentence.text) < _MIN_PASSAGE_CHARS:
                    continue
                targets = self.candidates(sentence.text)
                if not targets:
                    continue
                grams = shingles(tokenize(sentence.text, self.lang), n)
                if grams and sum(g in self.draft_grams for g in grams) / len(grams) > _DRAFT_SHARE:
                    continue
                found.append(_Passage(s, sentence))
                wanted.append(targets)
        return found, wanted


def _heaviest(weights: dict[str, float], needed: float) -> list[str]:
    """The fewest heaviest words without which the others weigh less than ``needed``."""
    ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
    rest = sum(weights.values())
    chosen = []
    for word, weight in ranked:
        if rest + 1e-9 < needed:
            break
        chosen.append(word)
        rest -= weight
    return chosen


def _word_weight(similarity: Similarity | None, word: str) -> float:
    """A word's IDF in the fitted TF-IDF (1 without one): words the draft uses often
    count little towards the words a passage must share."""
    if similarity is None:
        return 1.0
    words = similarity.models[0]
    column = words.vocabulary.get(word)
    return words.unseen_idf if column is None else float(words.idf[column])


def _evidence(target: Target, per_word: float) -> float:
    """What a paraphrase link to ``target`` counts as evidence: its new words."""
    return (
        sum(w for w, is_new in zip(target.tokens.weights, target.new, strict=True) if is_new)
        / per_word
    )


def _words(text: str, lang: str, keys: Sequence[str] | None = None) -> set[str]:
    """Distinct words of ``text``; pairs of characters where each is a token."""
    if keys is None:
        keys = token_keys(text)
    if lang in CHARACTER_LANGUAGES:
        return {a + b for a, b in zip(keys, keys[1:], strict=False) if len(a) == len(b) == 1}
    return set(keys)


def _content_keys(text: str, lang: str) -> set[str]:
    """``_words`` of ``text`` without stop words and numbers (pairs of characters kept)."""
    words = _words(text, lang)
    return words if lang in CHARACTER_LANGUAGES else content_keys(words, lang)


def calibrated(similarity: float, threshold: float = SEMANTIC_MIN) -> float:
    """Put a cosine on the links' score scale: the threshold maps to 0.5, identity to 1.

    So a paraphrase just similar enough scores 0.5, above the default ``min_score``,
    and stays below the scores of word-for-word adoptions.
    """
    # min(): a cosine of identical texts can round to just above 1.
    return min(1.0, 0.5 + 0.5 * (similarity - threshold) / (1 - threshold))


def _new_text(target: Target) -> str:
    """The target's new text, from its first new token to its last ("" if no word is new)."""
    new = [i for i, is_new in enumerate(target.new) if is_new]
    if not new:
        return ""
    start, end = target.tokens.starts[new[0]], target.tokens.ends[new[-1]]
    offset = target.sentence.start
    return target.sentence.text[start - offset : end - offset]


def _own_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs of ``text`` (split at blank lines) outside quoted ranges."""
    cuts = [(0, 0), *quoted_ranges(text), (len(text), len(text))]
    pieces = []
    for (_, start), (end, _) in zip(cuts, cuts[1:], strict=False):
        for match in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text[start:end]):
            pieces.append((start + match.start(), start + match.end()))
    return pieces
