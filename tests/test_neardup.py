from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import attribute
from provenance.neardup import THRESHOLD, clusters, signature, similarity
from provenance.shingle import token_keys

WORDS = [f"w{i}" for i in range(3000)]


def letter(seed: int, words: int = 120) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(WORDS) for _ in range(words)]


def test_signed_copies_fall_in_one_cluster_and_strangers_do_not():
    body = letter(1)
    signed = {f"copy-{i}": signature([*body, "signed", f"name{i}"]) for i in range(30)}
    strangers = {f"other-{i}": signature(letter(100 + i)) for i in range(30)}
    found = clusters({**signed, **strangers})
    assert {found.get(k, k) for k in signed} == {"copy-0"}
    assert not any(k in found for k in strangers)
    assert len(found) == 29  # every copy but the first folds into it


@given(st.lists(st.integers(0, 40), min_size=2, max_size=12), st.randoms())
@settings(max_examples=40, deadline=None)
def test_clusters_do_not_depend_on_order(seeds, rng):
    texts = {f"t{i}": signature(letter(s % 5, 60) + [f"x{i}"]) for i, s in enumerate(seeds)}
    items = list(texts.items())
    rng.shuffle(items)
    assert clusters(dict(items)) == clusters(texts)


def test_signature_estimates_jaccard():
    a, b = letter(7, 400), letter(8, 400)
    assert similarity(signature(a), signature(a)) == 1.0
    assert similarity(signature(a), signature(b)) < 0.2
    half = a[:200] + b[:200]
    assert 0.1 < similarity(signature(a), signature(half)) < THRESHOLD
    assert signature(token_keys("")) == signature([])  # no words is still a signature


DRAFT = "1. The ministry publishes budgets.\n"
FINAL = "1. The ministry publishes budgets.\n\n2. The ministry publishes every contract within ten days.\n"
DEMAND = (
    "Dear Minister, as residents we ask that the ministry publishes every contract within ten"
    " days, so that anyone can follow public spending and see who was paid for what work."
)


def test_signed_form_letters_keep_full_credit():
    # A campaign's copies differ only by the signature: one voice for rarity, so the
    # demand is not taken for boilerplate however many send it.
    letters = {f"signer-{i}": f"{DEMAND}\n\nYours, resident number {i}" for i in range(60)}
    letters.update({f"other-{i}": " ".join(letter(i, 40)) for i in range(20)})
    result = attribute(DRAFT, FINAL, letters, semantic=False)
    credited = {link.submission_id for link in result.links}
    assert credited == {f"signer-{i}" for i in range(60)}
    alone = attribute(DRAFT, FINAL, {"signer-0": letters["signer-0"]}, semantic=False)
    assert {link.score for link in result.links} == {alone.links[0].score}


def test_independent_texts_sharing_a_phrase_still_count_apart():
    # Different letters that all use the new phrase are independent voices: the phrase
    # is common, and its weight falls as before.
    texts = {
        f"writer-{i}": " ".join(letter(i, 80)) + " the ministry publishes every contract"
        for i in range(40)
    }
    # min_score 0: every writer's link is kept, so the scores can be compared at all.
    result = attribute(DRAFT, FINAL, texts, semantic=False, min_score=0.0)
    alone = attribute(DRAFT, FINAL, {"writer-0": texts["writer-0"]}, semantic=False)
    assert {link.submission_id for link in result.links} == set(texts)
    assert alone.links[0].score >= 0.6
    assert all(link.score < 0.6 for link in result.links)
