"""Hostile text through read -> segment -> align -> attribute: only our own errors, exact offsets."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance import ProvenanceError, attribute
from provenance.read import document_from_text
from provenance.segment import segment

# Pieces that have broken text tools before: mixed scripts (Korean, Arabic and Hebrew with
# direction marks), combining marks, zero-width and control characters, every line ending.
PIECES = [
    "시장은 공공데이터를 공개하여야 한다.",
    "제5조(정의) ① ",
    "가. ",
    "نشر الميزانية",
    "פרסום התקציב",
    "\u202e\u202d\u200f\u200e",
    "e\u0301\u0308",
    "\u200b\u200c\u200d\ufeff",
    "\x00\x07\x1b\x7f",
    "\r\n",
    "\r",
    "\n\n",
    "\u2028",
    "\t",
    "1. ",
    "(a) ",
    "- ",
    "## Commitment 3: ",
    "Art. 5",
    "budget",
    "publish every council meeting",
    "https://example.org/a?b=c",
    "\ud800",
    "𝔘𝔫𝔦",
]
pieces = st.sampled_from(PIECES) | st.text(max_size=20)
texts = st.lists(pieces, max_size=30).map("".join)
long_lines = st.integers(500, 3000).map(lambda n: "x" * n) | st.integers(50, 300).map(
    lambda n: "공개" * n
)


def _check(result) -> None:
    final = result.alignment.final.text
    draft = result.alignment.draft.text
    texts = {s.id: s.text for s in result.submissions}
    assert result.alignment.apply() == final
    for change in result.changes:
        for side, text in ((change.draft, draft), (change.final, final)):
            if side is not None:
                assert text[side.start : side.end] == side.text
    for link in result.links:
        assert final[link.final.start : link.final.end] == link.final.text
        sub = texts[link.submission_id]
        assert sub[link.submission.start : link.submission.end] == link.submission.text
        assert 0.0 <= link.score <= 1.0


@given(texts, texts, st.lists(texts | long_lines, max_size=4))
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_hostile_text_through_the_whole_pipeline(draft, final, subs):
    try:
        result = attribute(
            document_from_text(draft),
            document_from_text(final + "\n" + (subs[0] if subs else "")),
            {f"s{i}": s for i, s in enumerate(subs)},
        )
    except ProvenanceError:
        return  # a documented error, e.g. an unreadable input
    _check(result)


@given(texts | long_lines)
@settings(max_examples=150, deadline=None)
def test_hostile_text_reads_and_segments(text):
    doc = document_from_text(text)
    assert "\r" not in doc.text and "\ud800" not in doc.text
    for clause in segment(doc):
        assert doc.text[clause.start : clause.end] == clause.text
        for sentence in clause.sentences:
            assert doc.text[sentence.start : sentence.end] == sentence.text


def test_regression_identical_paraphrase_scores_at_most_one():
    result = attribute(
        document_from_text("제5조(정의) ① "), "\n" + "공개" * 50, {"s0": "공개" * 50}
    )
    assert all(0.0 <= link.score <= 1.0 for link in result.links)


def test_regression_repeated_shingles_complete():
    # 800 syllables of one repeated pair once ran for minutes (every repeat paired with
    # every other); bounded now, this finishes in a fraction of a second.
    result = attribute(
        document_from_text("budget"), "budget\n" + "공개" * 400, {"s0": "공개" * 400}
    )
    assert [link.submission_id for link in result.links] == ["s0"]


def test_regression_verbatim_adoption_scores_at_most_one():
    text = "시장은 공공데이터를 공개하여야 한다.https://example.org/a?b=c"
    result = attribute(document_from_text(""), document_from_text(text), {"s0": text})
    assert [link.score <= 1.0 for link in result.links] == [True]
