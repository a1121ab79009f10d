"""Explicit edits match the edits the final made, whatever their size (issue 14)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.align import align
from provenance.edits import EditIndex, Folded, fold

DRAFT = """§6 Inspections
(a) Inspections happen on request.
(b) The Department may conduct an inspection within 14 days of a tenant's request.

§8 Repairs
(a) The owner receives the report.
(b) The owner shall correct each violation within 90 days after the date of the report.
(c) The owner shall keep records for two years.
(d) Inspectors carry identification.
(e) Use GItHub for all code.
"""
FINAL = """§6 Inspections
(a) Inspections happen on request.
(b) The Department shall conduct an inspection within 14 days of a tenant's request.

§8 Repairs
(a) The owner receives the report.
(b) The owner shall correct each violation within 30 days after the date of the report.
(d) Inspectors carry identification.
(e) Use GitHub for all code.
(f) Tenants may attend.
"""
LINE_90 = "(b) The owner shall correct each violation within {} days after the date of the report."


@pytest.fixture(scope="module")
def index() -> EditIndex:
    return EditIndex.build(align(DRAFT, FINAL))


@pytest.mark.issue(14)
@pytest.mark.parametrize(
    "kind, old, new, final_text, draft_text",
    [
        ("replace", "may", "shall", "shall", "may"),  # one word, no context
        ("replace", "90 days", "30 days", "30", "90"),  # a number in its phrase
        ("replace", LINE_90.format(90), LINE_90.format(30), "30", "90"),  # a diff's lines
        (
            "replace",
            "(e) Use GItHub for all code.",
            "(e) Use GitHub for all code.",
            "GitHub",
            "GItHub",
        ),
        (
            "delete",
            "The owner shall keep records for two years.",
            None,
            "",
            "The owner shall keep records for two years.",
        ),
        ("add", None, "Tenants may attend.", "Tenants may attend.", None),
    ],
)
def test_an_edit_the_final_made_is_found(index, kind, old, new, final_text, draft_text):
    outcome = index.match(kind, old, new)
    [made] = outcome.made
    assert made.final.text == final_text
    assert (made.draft.text if made.draft else None) == draft_text
    change = index.alignment.changes[made.change]
    assert change.final is None or change.final.start <= made.final.start <= change.final.end


@pytest.mark.issue(14)
@pytest.mark.parametrize(
    "kind, old, new",
    [
        ("replace", "90 days", "7 days"),  # a near miss: another number
        ("replace", "14 days", "7 days"),  # the draft's number was kept
        ("delete", "Inspections happen on request.", None),  # still in the final
        ("replace", "shall", "must"),  # nobody wrote "must"
        ("add", None, "Tenants may not attend."),
    ],
)
def test_an_edit_the_final_did_not_make_is_not_found(index, kind, old, new):
    assert index.match(kind, old, new).made == ()


def test_an_addition_already_in_the_draft_says_so(index):
    outcome = index.match("add", None, "Inspections happen on request.")
    assert outcome.already_in_draft and outcome.made == ()


def test_a_replacement_made_in_part_counts_its_pieces(index):
    old = "(b) The Department may conduct an inspection within 14 days of a tenant's request."
    new = "(b) The Department shall conduct an inspection within 7 days of a tenant's request."
    outcome = index.match("replace", old, new)
    assert outcome.pieces == 2
    assert [m.final.text for m in outcome.made] == ["shall"]


def test_a_deletion_inside_a_rewritten_passage_is_not_credited():
    draft = "1. Alpha beta gamma delta.\n\n2. Old footnote one.\n\n3. Epsilon zeta eta.\n"
    final = "1. Something wholly new here.\n\n3. Another rewritten sentence.\n"
    index = EditIndex.build(align(draft, final))
    assert index.match("delete", "2. Old footnote one.", None).made == ()


def test_a_moved_clause_is_found_even_when_reworded():
    draft = "Key questions\n\n- What needs?\n\n- Why this service?\n\n- Who are your key users?\n"
    final = (
        "Key questions\n\n- Who are your primary users?\n\n- What needs?\n\n- Why this service?\n"
    )
    index = EditIndex.build(align(draft, final))
    [made] = index.match("move", "- Who are your key users?", "- Who are your key users?").made
    assert "primary users" in made.final.text and "key users" in made.draft.text


@given(st.text(alphabet="aAbB \n\t“”‘’.", max_size=40))
@settings(max_examples=200)
def test_folding_keeps_the_way_back_to_the_text(text):
    folded = Folded.of(text)
    assert len(folded.origin) == len(folded.text) + 1
    assert list(folded.origin) == sorted(folded.origin)
    needle = folded.text[:3]
    for start, end in folded.find_all(needle):
        assert fold(text[start:end]) == needle.strip()


def test_case_is_kept_so_a_capital_fixed_is_an_edit():
    assert fold("GItHub “x”") == 'GItHub "x"'


@pytest.mark.issue(14)
def test_punctuation_next_to_the_edited_words_stays_in_place():
    draft = "1. The library closes at 17:00 on weekdays.\n\n2. Loans last three weeks.\n"
    final = "1. The library closes at 20:00 on weekdays.\n\n2. Loans last three weeks.\n"
    index = EditIndex.build(align(draft, final))
    [made] = index.match("replace", "closes at 17:00", "closes at 20:00").made
    assert (made.final.text, made.draft.text) == ("20", "17")
