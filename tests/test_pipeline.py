"""attribute refuses what it cannot mean (issue 13, points 4 and 7)."""

from __future__ import annotations

import pytest

from provenance import InvalidArgumentError, UnreadableDocumentError, attribute
from provenance.errors import UnknownLanguageError
from provenance.read import document_from_text

DRAFT = "1. Publish budgets.\n"
FINAL = "1. Publish budgets.\n2. Open every council meeting to the press.\n"
LETTER = "We ask you to open every council meeting to the press."


@pytest.mark.issue(13)
def test_one_path_given_where_a_list_is_meant_is_that_path(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "press.txt").write_text(LETTER, encoding="utf-8")
    as_string = attribute(DRAFT, FINAL, str(folder))  # once read character by character
    as_list = attribute(DRAFT, FINAL, [folder])
    assert [s.id for s in as_string.submissions] == ["press"]
    assert as_string.links == as_list.links and as_string.links


@pytest.mark.issue(13)
def test_a_mistyped_path_is_an_error_not_the_text(tmp_path):
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    with pytest.raises(UnreadableDocumentError, match="draft.tx: cannot open it"):
        attribute(str(tmp_path / "draft.tx"), FINAL, {"press": LETTER})


@pytest.mark.issue(13)
def test_a_one_line_text_is_given_as_a_document():
    with pytest.raises(UnreadableDocumentError):
        attribute("1. Publish budgets.", FINAL, {"press": LETTER})
    result = attribute(document_from_text("1. Publish budgets."), FINAL, {"press": LETTER})
    assert [link.submission_id for link in result.links] == ["press"]


def test_a_draft_of_another_type_is_refused():
    with pytest.raises(InvalidArgumentError, match="draft: expected a path, a text or a Document"):
        attribute(42, FINAL, {"press": LETTER})  # type: ignore[arg-type]
    assert issubclass(InvalidArgumentError, ValueError)


@pytest.mark.issue(13)
@pytest.mark.parametrize("lang", ["zz", "english", "en-US", ""])
def test_an_unknown_lang_is_refused_before_any_reading(tmp_path, lang):
    with pytest.raises(UnknownLanguageError) as e:
        attribute(DRAFT, FINAL, {"press": LETTER}, lang=lang)
    assert "not a language spaCy knows; give an ISO 639-1 code such as en" in str(e.value)
    with pytest.raises(UnknownLanguageError):  # not "draft.txt: cannot open it"
        attribute(str(tmp_path / "draft.txt"), FINAL, [tmp_path / "subs"], lang=lang)


@pytest.mark.issue(13)
def test_xx_and_auto_are_languages():
    assert attribute(DRAFT, FINAL, {"press": LETTER}, lang="xx").params["lang"] == "xx"
    assert attribute(DRAFT, FINAL, {"press": LETTER}, lang="auto").params["lang"] == "en"
