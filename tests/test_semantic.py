"""The paraphrase pass: which passages are compared, and what it credits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import attribute
from provenance.align import align
from provenance.lexical import draft_shingles, targets
from provenance.read import document_from_text
from provenance.semantic import SemanticIndex, _words

DRAFT = (
    "1. The ministry will publish the annual budget on the national portal.\n\n"
    "2. Citizens may comment on draft laws for thirty days.\n"
)
FINAL = (
    "1. The ministry will publish the annual budget on the national portal.\n\n"
    "2. Citizens may comment on draft laws for thirty days.\n\n"
    "3. Procurement contracts above a threshold will be released in machine-readable form"
    " together with their amendments.\n"
)
VOCABULARY = [
    "procurement", "contracts", "threshold", "released", "machine", "readable", "form",
    "amendments", "ministry", "budget", "portal", "citizens", "comment", "laws", "trees",
    "river", "parks", "library",
]  # fmt: skip


def index_of(draft: str, final: str) -> SemanticIndex:
    alignment = align(document_from_text(draft), document_from_text(final))
    grams = draft_shingles(draft, "en")
    return SemanticIndex.build(targets(alignment, grams, lang="en"), draft, grams, lang="en")


def test_a_paraphrase_is_credited_as_semantic():
    letter = (
        "We ask that contracts from procurement above some threshold are released as"
        " machine readable form with all amendments."
    )
    result = attribute(DRAFT, FINAL, {"open-contracting": letter})
    assert [(link.submission_id, link.method) for link in result.links] == [
        ("open-contracting", "semantic")
    ]


def test_one_shared_word_is_not_enough_to_compare():
    index = index_of(DRAFT, FINAL)
    assert index.candidates("We love procurement.") == set()
    # The new text has eight content words of equal weight: four must be shared.
    assert index.candidates("Procurement contracts and their amendments, please.") == set()
    assert index.candidates("Procurement contracts above a threshold, with amendments.") == {0}


@given(st.lists(st.sampled_from(VOCABULARY), max_size=25))
@settings(max_examples=200, deadline=None)
def test_candidates_are_every_target_sharing_enough_weight(words):
    # The trigger words only skip targets that could not pass: the answer is that of
    # weighing every target against the text.
    index = index_of(DRAFT, FINAL)
    text = " ".join(words)
    present = _words(text, "en")
    expected = set()
    for t, own in enumerate(index.query_words):
        shared = own.keys() & present
        count, mass = index.needed[t]
        if own and len(shared) >= count and sum(own[w] for w in shared) + 1e-9 >= mass:
            expected.add(t)
    assert index.candidates(text) == expected
