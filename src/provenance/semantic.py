"""Credit paraphrased adoptions: a pass over what the lexical pass left uncovered.

The default needs no model and no download: TF-IDF over word 1-2 grams and character
3-5 grams, compared by cosine similarity (``vectors``). It works for any script and
is deterministic. The weights are fitted on the draft's sentences as well, so that
vocabulary the draft already used counts for little and new vocabulary for much.

Only a target's new text is compared, with each submission's own sentences; sentences
that quote other text (see ``quotes``) or mostly repeat the draft are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .embedding import Embedder
from .lexical import Match, Target
from .model import Span, Submission
from .quotes import quoted_ranges
from .segment import split_many, split_sentences
from .shingle import ngram_size, shingles, tokenize, tokens_per_word

SEMANTIC_MIN = 0.45  # least cosine (0-1, 1 = same wording) for a paraphrase; set on corpus/
_DRAFT_SHARE = 0.5  # a sentence with more of its shingles in the draft than this is a quote
_MIN_PASSAGE_CHARS = 20  # shorter sentences carry too little meaning to compare


@dataclass(frozen=True, slots=True)
class _Passage:
    submission: int
    span: Span


def match_semantic(
    target_list: Sequence[Target],
    wanted: Sequence[int],
    submissions: Sequence[Submission],
    draft: str,
    draft_grams: frozenset[str],
    *,
    lang: str,
    min_similarity: float = SEMANTIC_MIN,
    embedder: Embedder | None = None,
) -> list[Match]:
    """Best passage of each submission for each wanted target, where similar enough.

    ``draft_grams`` is ``lexical.draft_shingles(draft, lang)``. With an ``embedder``,
    similarity is the cosine of its embeddings instead of TF-IDF.
    """
    if not wanted or not submissions:
        return []
    n = ngram_size(lang)
    per_word = tokens_per_word(lang)
    draft_sentences = [s.text for s in split_sentences(draft, lang=lang)]
    passages = list(_passages(submissions, draft_grams, lang, n))
    if not passages:
        return []
    # Every target's new text shapes the weights, wanted or not, so that the weights do
    # not depend on what the lexical pass found.
    queries = [_new_text(target) for target in target_list]
    # Imported here: numpy and scipy take 0.3 s to load, which `diff` never needs.
    from scipy import sparse

    from .vectors import Similarity

    texts = [p.span.text for p in passages]
    if embedder is not None:
        wanted_queries = [queries[t] for t in wanted]
        dense = embedder.encode(wanted_queries) @ embedder.encode(texts).T
        scores = sparse.csr_matrix(np.where(dense >= min_similarity, dense, 0.0))
    else:
        # The draft's sentences only shape the weights: what it already said counts little.
        scores = Similarity.fit(draft_sentences, queries).scores(texts)[list(wanted)]
    matches: list[Match] = []
    for row, t in enumerate(wanted):
        target = target_list[t]
        best: dict[int, tuple[float, int]] = {}
        start, end = scores.indptr[row], scores.indptr[row + 1]
        for col, value in zip(scores.indices[start:end], scores.data[start:end], strict=True):
            s = passages[col].submission
            if value >= min_similarity and value > best.get(s, (0.0, -1))[0]:
                best[s] = (float(value), int(col))
        for s, (value, col) in sorted(best.items()):
            new_spans = [i for i, is_new in enumerate(target.new) if is_new]
            first, last = new_spans[0], new_spans[-1]
            start_char, end_char = target.tokens.starts[first], target.tokens.ends[last]
            offset = target.sentence.start
            final = Span(
                start_char, end_char, target.sentence.text[start_char - offset : end_char - offset]
            )
            evidence = sum(target.tokens.weights[i] for i in new_spans) / per_word
            score = calibrated(value, min_similarity)
            matches.append(
                Match(t, s, score, evidence, final, passages[col].span, False, lexical=False)
            )
    return matches


def calibrated(similarity: float, threshold: float = SEMANTIC_MIN) -> float:
    """Put a cosine on the links' score scale: the threshold maps to 0.5, identity to 1.

    So a paraphrase just similar enough scores 0.5, above the default ``min_score``,
    and stays below the scores of word-for-word adoptions.
    """
    # min(): a cosine of identical texts can round to just above 1.
    return min(1.0, 0.5 + 0.5 * (similarity - threshold) / (1 - threshold))


def _new_text(target: Target) -> str:
    """The target's new text, from its first new token to its last."""
    new = [i for i, is_new in enumerate(target.new) if is_new]
    start, end = target.tokens.starts[new[0]], target.tokens.ends[new[-1]]
    offset = target.sentence.start
    return target.sentence.text[start - offset : end - offset]


def _passages(
    submissions: Sequence[Submission], draft_grams: frozenset[str], lang: str, n: int
) -> list[_Passage]:
    """Sentences of the submissions' own words: quotes cut out, paragraphs kept apart."""
    owners = []
    pieces = []
    for s, submission in enumerate(submissions):
        for start, end in _own_paragraphs(submission.text):
            owners.append(s)
            pieces.append((submission.text[start:end], start))
    found = []
    for s, sentences in zip(owners, split_many(pieces, lang=lang), strict=True):
        for sentence in sentences:
            if len(sentence.text) < _MIN_PASSAGE_CHARS:
                continue
            grams = shingles(tokenize(sentence.text, lang), n)
            if grams and sum(g in draft_grams for g in grams) / len(grams) > _DRAFT_SHARE:
                continue
            found.append(_Passage(s, sentence))
    return found


def _own_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs of ``text`` (split at blank lines) outside quoted ranges."""
    cuts = [(0, 0), *quoted_ranges(text), (len(text), len(text))]
    pieces = []
    for (_, start), (end, _) in zip(cuts, cuts[1:], strict=False):
        for match in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text[start:end]):
            pieces.append((start + match.start(), start + match.end()))
    return pieces
