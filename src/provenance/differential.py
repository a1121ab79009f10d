"""Credit adoptions in other words: an ask matched to the change it reads most like.

Drafters keep an idea and rewrite it in legal language, so an adopted ask often shares
few words with the final. This pass compares each *request* of a submission (a
sentence that asks for something: see :mod:`provenance.asks`) with every sentence of
the final that holds new text, by TF-IDF over words and character n-grams, and credits
the sentence it reads most like when the evidence is *differential*: the ask must be
closer to the final's wording than to the draft text that wording replaced, so that a
letter quoting or repeating the draft, or merely on the same topic, gains nothing:

    s = similarity of the ask to the final sentence (or to its new words, the larger)
    c = similarity of the ask to the draft clause the sentence came from (0 if new)
    g = min(s, 2s - c)

A link needs ``g`` at or above ``min_similarity``, the sentence to be the ask's best,
and no conflict of numbers: an ask for "7 days" is not credited with a final that says
"30 days" (a near miss, not an adoption). Its score maps ``min_similarity`` to 0.5 and
identity to 1, like the paraphrase pass's.

The weights are fitted on the draft's and the final's lines only, never on the
submissions, so a text's matches depend on nothing outside it and any partition of
the submissions gives the same links.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .lexical import Match, Target
from .model import Span
from .params import DIFFERENTIAL_MIN
from .semantic import calibrated
from .shingle import CHARACTER_LANGUAGES, content_keys, token_keys, tokens_per_word
from .vectors import FittedTfidf, char_features, word_features

_MIN_ASK_CHARS = 20  # shorter requests carry too little meaning to compare
_FRESH_NEEDED = 2  # words of one sentence's new wording an ask must hold to be compared

# A number with what it counts: "30 days", "72 hours", "5%", "30일", "14 일".
_QUANTITY_RE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(%|percent|per cent|days?|hours?|weeks?|months?|years?|"
    r"working days?|jours?|heures?|mois|ans?|일|시간|주|개월|년|퍼센트)",
    re.IGNORECASE,
)

# A text's requests in free text: each as a span (the evidence) and the words to compare
# it by (what it quotes blanked out: quoted draft text is context, never evidence).
Requests = Callable[[str], Iterable[tuple[Span, str]]]


@dataclass(frozen=True)
class DifferentialIndex:
    """The final's sentences with new text, and their draft counterparts, as vectors."""

    targets: tuple[Target, ...]
    min_similarity: float
    models: tuple[FittedTfidf, ...]
    sentences: tuple[sparse.csr_matrix, ...]  # per model: targets x features, the whole sentence
    news: tuple[sparse.csr_matrix, ...]  # per model: the new words of each sentence
    counterparts: tuple[sparse.csr_matrix, ...]  # per model: the draft clause each came from
    has_counterpart: np.ndarray  # 1.0 where a sentence replaced draft text, else 0.0
    fresh: np.ndarray  # 1.0 where a sentence's new words hold a word the draft never used
    quantities: tuple[frozenset[tuple[str, str]], ...]  # numbers of each sentence's new words
    requests: Requests
    per_word: float  # tokens a word makes (Korean and other character scripts: several)
    lang: str
    # word -> the sentences whose new text holds it, for the words the draft never used:
    # an ask is compared only if it holds one of them. At a hundred thousand letters,
    # most share with the new text only the draft's own vocabulary; and on the team's
    # cases an ask in other words still shares one word of the final's new wording.
    fresh_words: dict[str, tuple[int, ...]]
    gate: bool = True  # False: similarity alone, for measuring what the gate adds

    @functools.cached_property
    def fresh_vocabulary(self) -> frozenset[str]:
        """The words of ``fresh_words``, as one set to intersect a text's words with."""
        return frozenset(self.fresh_words)

    @classmethod
    def build(
        cls,
        targets: Sequence[Target],
        draft: str,
        final: str,
        *,
        lang: str,
        requests: Requests,
        min_similarity: float = DIFFERENTIAL_MIN,
        gate: bool = True,
    ) -> DifferentialIndex:
        reference = [line for line in (*draft.split("\n"), *final.split("\n")) if line.strip()]
        models = tuple(FittedTfidf.fit(reference, f) for f in (word_features, char_features))
        sentences = [t.sentence.text for t in targets]
        news = [_new_words(t) for t in targets]
        # A sentence whose new words are all words the draft used says nothing new that
        # an ask could have brought (the government restating its values in its own
        # vocabulary): asks in other words are not compared with it.
        drafted = _content(draft, lang)
        fresh_sets = [_content(n, lang) - drafted for n in news]
        fresh = np.array([1.0 if words else 0.0 for words in fresh_sets], dtype=np.float64)
        counterparts = [t.change.draft.text if t.change.draft is not None else "" for t in targets]
        return cls(
            tuple(targets),
            min_similarity,
            models,
            tuple(m.transform(sentences) for m in models),
            tuple(m.transform(news) for m in models),
            tuple(m.transform(counterparts) for m in models),
            np.array([1.0 if c else 0.0 for c in counterparts]),
            fresh,
            tuple(_quantities(n) for n in news),
            requests,
            tokens_per_word(lang),
            lang,
            _inverted(fresh_sets),
            gate,
        )

    def candidate(self, keys: Sequence[str]) -> bool:
        """Whether a text (its ``token_keys``) holds ``_FRESH_NEEDED`` words of some new
        sentence's new text that the draft never used: only then are its asks compared."""
        if self.lang in CHARACTER_LANGUAGES:
            return self._opens(_words(keys, self.lang))
        # Only the fresh words can open a sentence, and they are content words already.
        return self._opens(self.fresh_vocabulary.intersection(keys))

    def _opens(self, words: AbstractSet[str]) -> bool:
        opened: dict[int, int] = {}
        for word in words:
            for t in self.fresh_words.get(word, ()):
                opened[t] = opened.get(t, 0) + 1
                if opened[t] >= _FRESH_NEEDED:
                    return True
        return False

    def matches(self, items: Iterable[tuple[int, str]]) -> list[Match]:
        """The best sentence of the final for each request of each (numbered) text,
        where the differential similarity clears ``min_similarity``."""
        asks: list[tuple[int, Span, str]] = [
            (number, span, words)
            for number, text in items
            for span, words in self.requests(text)
            if len(words.split()) >= 4
            and len(words.strip()) >= _MIN_ASK_CHARS
            # the text as a whole shares enough (pass 1); each ask must share some too
            and self._opens(_content(words, self.lang))
        ]
        if not asks or not self.targets:
            return []
        vectors = [model.transform([words for _, _, words in asks]) for model in self.models]
        similar = self._cosine(self.sentences, vectors)
        similar = np.maximum(similar, self._cosine(self.news, vectors))
        draftlike = self._cosine(self.counterparts, vectors) * self.has_counterpart[:, None]
        gated = np.minimum(similar, 2 * similar - draftlike) if self.gate else similar
        gated = gated * self.fresh[:, None]
        best: dict[tuple[int, int], tuple[float, Span]] = {}
        for col, (number, span, words) in enumerate(asks):
            t = int(gated[:, col].argmax())
            value = float(gated[t, col])
            if value < self.min_similarity or _conflict(_quantities(words), self.quantities[t]):
                continue
            if value > best.get((t, number), (0.0, span))[0]:
                best[(t, number)] = (value, span)
        found = []
        for (t, number), (value, span) in sorted(best.items()):
            target = self.targets[t]
            score = calibrated(value, self.min_similarity)
            final = _new_span(target)
            found.append(
                Match(
                    t,
                    number,
                    score,
                    _evidence(target, self.per_word),
                    final,
                    span,
                    False,
                    lexical=False,
                    differential=True,
                )
            )
        return found

    def _cosine(
        self, rows: Sequence[sparse.csr_matrix], vectors: Sequence[sparse.csr_matrix]
    ) -> np.ndarray:
        """Cosines of the targets' ``rows`` with the asks' ``vectors``, models weighing alike."""
        total = None
        for matrix, asked in zip(rows, vectors, strict=True):
            part = (matrix @ asked.T).toarray()
            total = part if total is None else total + part
        assert total is not None
        return np.asarray(total / len(self.models))


def _new_span(target: Target) -> Span:
    """The sentence's new text, from its first new token to its last (all of it if none)."""
    new = [i for i, is_new in enumerate(target.new) if is_new]
    if not new:
        return target.sentence
    offset = target.sentence.start
    start, end = target.tokens.starts[new[0]], target.tokens.ends[new[-1]]
    return Span(start, end, target.sentence.text[start - offset : end - offset])


def _new_words(target: Target) -> str:
    return _new_span(target).text


def _evidence(target: Target, per_word: float) -> float:
    """What a link to ``target`` counts as evidence, in words: its new tokens' weight."""
    new = sum(w for w, is_new in zip(target.tokens.weights, target.new, strict=True) if is_new)
    return new / per_word


def _content(text: str, lang: str) -> set[str]:
    """The content words of ``text``; pairs of characters in scripts without spaces."""
    return _words(token_keys(text), lang)


def _words(keys: Sequence[str], lang: str) -> set[str]:
    if lang in CHARACTER_LANGUAGES:
        return {a + b for a, b in zip(keys, keys[1:], strict=False) if len(a) == len(b) == 1}
    return content_keys(keys, lang)


def _inverted(sets: Sequence[set[str]]) -> dict[str, tuple[int, ...]]:
    found: dict[str, list[int]] = {}
    for t, words in enumerate(sets):
        for word in words:
            found.setdefault(word, []).append(t)
    return {word: tuple(ts) for word, ts in found.items()}


def _quantities(text: str) -> frozenset[tuple[str, str]]:
    """The (number, unit) pairs of ``text``: "30 days" -> ("30", "day")."""
    return frozenset(
        (number.replace(",", "."), _unit(unit)) for number, unit in _QUANTITY_RE.findall(text)
    )


def _unit(unit: str) -> str:
    unit = unit.lower()
    if unit in ("%", "percent", "per cent", "퍼센트"):
        return "%"
    return unit.rstrip("s") if unit.isascii() else unit


def _conflict(asked: frozenset[tuple[str, str]], given: frozenset[tuple[str, str]]) -> bool:
    """The ask names a quantity the final gives as another number of the same unit."""
    units = {u for _, u in asked} & {u for _, u in given}
    return any(
        {n for n, u in asked if u == unit}.isdisjoint({n for n, u in given if u == unit})
        for unit in units
    )
