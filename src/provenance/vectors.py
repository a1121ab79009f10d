"""TF-IDF vectors of short texts over word 1-2 grams and character 3-5 grams.

This is what scikit-learn's ``TfidfVectorizer`` computes with ``sublinear_tf=True`` and
its default smooth idf (word n-grams of ``\\w\\w+`` tokens; ``char_wb`` character
n-grams, each word padded with a space on both sides). Importing scikit-learn takes
about 1.7 s on these machines, more than a whole run on a national action plan, so the
few lines needed are written here on top of scipy's sparse matrices.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from scipy import sparse

_WORD_RE = re.compile(r"\b\w\w+\b")
CHAR_SIZES = (3, 4, 5)


def word_features(text: str) -> Counter[str]:
    """Lower-cased words of two or more characters, and their pairs.

    >>> sorted(word_features("Open data, open budgets"))
    ['budgets', 'data', 'data open', 'open', 'open budgets', 'open data']
    """
    words = _WORD_RE.findall(text.lower())
    return Counter([*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))])


def char_features(text: str) -> Counter[str]:
    """Character n-grams inside each space-padded word; a short word gives itself once.

    >>> sorted(char_features("ab"))
    [' ab', ' ab ', 'ab ']
    """
    # The padded words joined: a gram crossing from one word into the next is exactly
    # one holding two spaces. Twice as fast as slicing word by word.
    joined = f" {'  '.join(text.lower().split())} "
    grams: list[str] = []
    for n in CHAR_SIZES:
        grams += [g for i in range(len(joined) - n + 1) if "  " not in (g := joined[i : i + n])]
    return Counter(grams)


def tfidf(documents: Sequence[Counter[str]]) -> sparse.csr_matrix:
    """Rows of L2-normalised TF-IDF weights: (1 + ln tf) x (ln((1 + n) / (1 + df)) + 1)."""
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for features in documents:
        for feature, count in features.items():
            indices.append(vocabulary.setdefault(feature, len(vocabulary)))
            counts.append(count)
        indptr.append(len(indices))
    columns = np.asarray(indices, dtype=np.int64)
    frequency = np.bincount(columns, minlength=len(vocabulary))
    idf = np.log((1 + len(documents)) / (1 + frequency)) + 1
    data = (1 + np.log(np.asarray(counts, dtype=np.float64))) * idf[columns]
    matrix = sparse.csr_matrix(
        (data, columns, np.asarray(indptr)), shape=(len(documents), len(vocabulary))
    )
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1 / norms) @ matrix)


Features = Callable[[str], Counter[str]]


@dataclass(frozen=True)
class FittedTfidf:
    """IDF weights learnt from reference texts, applied to texts never seen in the fit.

    A feature the reference never used weighs like one in no document: it counts fully
    in a text's length, so vocabulary alien to the reference lowers the cosine. Each
    text's vector depends only on the text and the reference, never on the other texts
    transformed, so any partition of the texts gives the same vectors.
    """

    features: Features
    vocabulary: dict[str, int]
    idf: np.ndarray
    unseen_idf: float

    @classmethod
    def fit(cls, reference: Sequence[str], features: Features) -> FittedTfidf:
        # Each text's features are distinct, so counting them all gives document frequency.
        documents = Counter(chain.from_iterable(features(text) for text in reference))
        vocabulary = {feature: column for column, feature in enumerate(documents)}
        frequency = np.fromiter(documents.values(), dtype=np.int64, count=len(documents))
        n = len(reference)
        idf = np.log((1 + n) / (1 + frequency)) + 1
        return cls(features, vocabulary, idf, float(np.log(1 + n) + 1))

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        """L2-normalised rows over the reference's vocabulary."""
        indices: list[int] = []
        data: list[float] = []
        indptr = [0]
        for text in texts:
            squares = 0.0
            for feature, count in self.features(text).items():
                column = self.vocabulary.get(feature)
                weight = 1 + math.log(count)
                if column is None:
                    squares += (weight * self.unseen_idf) ** 2
                    continue
                weight *= float(self.idf[column])
                squares += weight * weight
                indices.append(column)
                data.append(weight)
            norm = squares**0.5 or 1.0
            start = indptr[-1]
            for i in range(start, len(data)):
                data[i] /= norm
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (np.asarray(data), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
            shape=(len(indptr) - 1, len(self.vocabulary)),
        )


@dataclass(frozen=True)
class Similarity:
    """Cosine of texts with fixed queries, words and characters weighing alike.

    The weights are fitted on ``reference`` (texts that only shape the weights) and the
    queries, so that comparing one batch of texts never depends on another batch.
    """

    models: tuple[FittedTfidf, ...]
    queries: tuple[sparse.csr_matrix, ...]

    @classmethod
    def fit(cls, reference: Sequence[str], queries: Sequence[str]) -> Similarity:
        # An empty query (a target with no new word) is no text: it shapes no weight.
        texts = [*reference, *(query for query in queries if query)]
        models = tuple(FittedTfidf.fit(texts, f) for f in (word_features, char_features))
        return cls(models, tuple(m.transform(queries) for m in models))

    def scores(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """A queries x texts sparse matrix of cosines."""
        result = None
        for model, queries in zip(self.models, self.queries, strict=True):
            part = queries @ model.transform(texts).T
            result = part if result is None else result + part
        assert result is not None
        return sparse.csr_matrix(result / 2)


def similarity(texts: Iterable[str], queries: int, *, skip: int = 0) -> sparse.csr_matrix:
    """Cosine of each query with each other text, words and characters weighing alike.

    ``texts`` is ``skip`` texts that only shape the weights, then ``queries`` queries,
    then the texts they are compared with. Returns a queries x others sparse matrix.
    """
    texts = list(texts)
    result = None
    for features in (word_features, char_features):
        rows = tfidf([features(t) for t in texts])
        part = rows[skip : skip + queries] @ rows[skip + queries :].T
        result = part if result is None else result + part
    assert result is not None
    return sparse.csr_matrix(result / 2)
