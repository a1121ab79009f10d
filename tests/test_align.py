from __future__ import annotations

import pytest
from hypothesis import given, settings
from strategies import hostile_text, revisions

from provenance.align import align, word_ops
from provenance.model import Document


def raw(text: str, lang: str = "en") -> Document:
    """A document from text exactly as given (no normalisation), to test the aligner alone."""
    return Document.from_text(text, lang=lang)


def kinds(draft: str, final: str) -> list[tuple[str, str]]:
    return [(c.kind, c.label) for c in align(raw(draft), raw(final)).changes]


def test_identical_texts_have_no_changes():
    text = "## Commitment 1: Budgets\n\nMilestone 1.1: Publish.\n"
    a = align(raw(text), raw(text))
    assert a.changes == ()
    assert [o.kind for o in a.ops] == ["equal"]
    assert a.apply() == text


def test_empty_draft_makes_everything_inserted():
    a = align(raw(""), raw("1. New.\n2. Also new."))
    assert [c.kind for c in a.changes] == ["inserted", "inserted"]
    assert a.apply() == a.final.text


def test_modified_clause_reports_only_new_words():
    a = align(
        raw("1. Publish budgets quarterly.\n2. Hold hearings."),
        raw("1. Publish budgets every month in open formats.\n2. Hold hearings."),
    )
    (change,) = a.changes
    assert change.kind == "modified" and change.label == "1."
    assert [s.text for s in change.new_text] == ["every month in open formats"]
    assert change.draft.text == "1. Publish budgets quarterly."


def test_inserted_and_deleted_clauses():
    draft = "1. Keep this.\n2. Drop this entirely now.\n3. Keep that."
    final = "1. Keep this.\n3. Keep that.\n4. A brand new milestone here."
    assert kinds(draft, final) == [("deleted", "2."), ("inserted", "4.")]


def test_moved_clause_is_reported_once_where_it_now_stands():
    draft = (
        "## Commitment 1: A\n\nThe ministry will publish all contracts online.\n\n"
        "## Commitment 2: B\n\nTrain staff.\n"
    )
    final = (
        "## Commitment 1: A\n\n## Commitment 2: B\n\nTrain staff.\n\n"
        "The ministry will publish all contracts online, with beneficial owners.\n"
    )
    a = align(raw(draft), raw(final))
    (change,) = a.changes
    assert change.kind == "moved"
    assert change.draft_label == "Commitment 1 > ¶1"
    assert change.label == "Commitment 2 > ¶2"
    assert [s.text for s in change.new_text] == [", with beneficial owners"]
    assert a.apply() == final


def test_identical_moved_clause_has_no_new_text():
    draft = "1. Alpha clause stays here.\n2. Beta clause goes later.\n3. Gamma clause."
    final = "1. Alpha clause stays here.\n3. Gamma clause.\n2. Beta clause goes later."
    changes = align(raw(draft), raw(final)).changes
    assert [c.kind for c in changes] == ["moved"]
    assert changes[0].new_text == ()


def test_split_clause_is_one_modification():
    draft = "Intro.\n\nThe council publishes minutes within ten days and it streams every meeting live.\n\nEnd."
    final = "Intro.\n\nThe council publishes minutes within ten days.\n\nIt streams every meeting live.\n\nEnd."
    a = align(raw(draft), raw(final))
    (change,) = a.changes
    assert change.kind == "modified"
    assert change.final.text.startswith("The council") and change.final.text.endswith("live.")


def test_merged_clauses_are_one_modification():
    draft = "Intro.\n\nThe council publishes minutes.\n\nIt streams every meeting.\n\nEnd."
    final = "Intro.\n\nThe council publishes minutes and it streams every meeting.\n\nEnd."
    (change,) = align(raw(draft), raw(final)).changes
    assert change.kind == "modified"
    assert change.draft.text.startswith("The council") and change.draft.text.endswith("meeting.")


def test_whitespace_only_differences_are_not_changes():
    a = align(raw("1. One  two.\n\n2. Three."), raw("1. One two.\n2. Three.\n"))
    assert a.changes == ()
    assert a.apply() == a.final.text


def test_korean_article_edit():
    draft = "제5조(위원회) ① 위원회는 연 1회 개최한다.\n② 위원은 연임할 수 있다."
    final = "제5조(위원회) ① 위원회는 반기마다 1회 개최한다.\n② 위원은 한 차례만 연임할 수 있다."
    a = align(raw(draft, "ko"), raw(final, "ko"))
    assert [(c.label, [s.text for s in c.new_text]) for c in a.changes] == [
        ("제5조(위원회) > ①", ["반기마다"]),
        ("제5조(위원회) > ②", ["한 차례만"]),
    ]


@pytest.mark.parametrize(
    "draft, final",
    [("", ""), ("a", ""), ("", "a"), ("a b c", "a b c"), ("a b c", "c b a"), ("x\ny", "x\r\ny")],
)
def test_word_ops_rebuild_the_final(draft, final):
    ops = list(word_ops(draft, final))
    rebuilt = "".join(
        draft[o.draft_start : o.draft_end]
        if o.kind == "equal"
        else final[o.final_start : o.final_end]
        for o in ops
        if o.kind != "delete"
    )
    assert rebuilt == final


def _check(draft: str, final: str) -> None:
    a = align(raw(draft), raw(final))
    assert a.apply() == final
    # The ops walk both texts from start to end without gaps or overlaps.
    d = f = 0
    for op in a.ops:
        assert (op.draft_start, op.final_start) == (d, f)
        d, f = op.draft_end, op.final_end
        if op.kind == "equal":
            assert draft[op.draft_start : op.draft_end] == final[op.final_start : op.final_end]
    assert (d, f) == (len(draft), len(final))
    for change in a.changes:
        for side, text in ((change.draft, draft), (change.final, final)):
            if side is not None:
                assert 0 <= side.start < side.end <= len(text)
                assert text[side.start : side.end] == side.text
        for span in change.new_text:
            assert final[span.start : span.end] == span.text
            assert change.final.start <= span.start < span.end <= change.final.end
        assert (change.draft is None) == (change.kind == "inserted")
        assert (change.final is None) == (change.kind == "deleted")
    assert [c.id for c in a.changes] == [f"c{n}" for n in range(1, len(a.changes) + 1)]


@given(revisions())
@settings(max_examples=200, deadline=None)
def test_edits_rebuild_the_final_exactly(pair):
    _check(*pair)


@given(hostile_text, hostile_text)
@settings(max_examples=150, deadline=None)
def test_any_two_texts_align(draft, final):
    _check(draft, final)


@given(revisions())
@settings(max_examples=100, deadline=None)
def test_a_text_diffed_with_itself_has_no_change(pair):
    for text in pair:
        a = align(raw(text), raw(text))
        assert a.changes == ()
        assert a.apply() == text
