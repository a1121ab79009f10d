from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.vectors import char_features, similarity, tfidf, word_features

texts = st.lists(
    st.text(alphabet="ab cdé 가나다 .,1", min_size=0, max_size=40), min_size=1, max_size=8
)


def test_no_features_gives_zero_rows():
    rows = tfidf([word_features(""), word_features("open data")])
    assert rows.shape[0] == 2 and rows[0].nnz == 0
    assert np.isclose(rows[1].multiply(rows[1]).sum(), 1.0)


@given(texts)
@settings(max_examples=80, deadline=None)
def test_same_weights_as_scikit_learn(docs):
    text = pytest.importorskip("sklearn.feature_extraction.text")
    for analyzer, features in (("word", word_features), ("char_wb", char_features)):
        size = (1, 2) if analyzer == "word" else (3, 5)
        reference = text.TfidfVectorizer(analyzer=analyzer, ngram_range=size, sublinear_tf=True)
        try:
            expected = reference.fit_transform(docs).toarray()
        except ValueError:  # scikit-learn refuses a vocabulary with no features at all
            assert tfidf([features(d) for d in docs]).shape[1] == 0
            continue
        ours = tfidf([features(d) for d in docs])
        vocabulary = {f: i for i, f in enumerate(sorted({f for d in docs for f in features(d)}))}
        assert set(vocabulary) == set(reference.vocabulary_)
        # Same weights, up to the order of the columns.
        ours_by_feature = np.zeros_like(expected)
        order = {}
        for d in docs:
            for f in features(d):
                order.setdefault(f, len(order))
        dense = ours.toarray()
        for f, j in order.items():
            ours_by_feature[:, reference.vocabulary_[f]] = dense[:, j]
        assert np.allclose(ours_by_feature, expected)


def test_similarity_of_identical_texts_is_one():
    scores = similarity(
        ["budget", "open hearings on the budget", "open hearings on the budget", "trees"], 1, skip=1
    )
    assert scores.shape == (1, 2)
    assert np.isclose(scores[0, 0], 1.0) and scores[0, 1] < 0.2


def test_an_empty_query_shapes_no_weight():
    from provenance.vectors import Similarity

    reference = ["open data on budgets", "contracts and budgets", "hearings"]
    with_empty = Similarity.fit(reference, ["open contracts", ""])
    without = Similarity.fit(reference, ["open contracts"])
    for a, b in zip(with_empty.models, without.models, strict=True):
        assert a.vocabulary == b.vocabulary and np.allclose(a.idf, b.idf)
    assert with_empty.scores(["open contracts now"]).shape == (2, 1)
