"""attribute refuses what it cannot mean (issue 13, points 4 and 7), and tells how far
it has gone (issue 16, item 6)."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import STORE_TABLES

from provenance import InvalidArgumentError, Progress, UnreadableDocumentError, attribute, engine
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


def _by_stage(events):
    stages: dict[tuple[str, int], list] = {}
    for event in events:
        stages.setdefault((event.stage, event.step), []).append(event)
    return stages


@pytest.mark.issue(16)
def test_progress_tells_reading_matching_and_saving_in_order(corpus, tmp_path):
    case = corpus / "nap-en"
    events: list[Progress] = []
    result = attribute(
        case / "draft.txt", case / "final.txt", [case / "submissions"], progress=events.append
    )
    db = tmp_path / "p.db"
    result.save(db, progress=events.append)
    stages = _by_stage(events)
    assert list(stages) == [("read", 0), ("matched", 1), ("matched", 2), ("saved", 0)]
    last = {key: max(i for i, e in enumerate(events) if (e.stage, e.step) == key) for key in stages}
    first = {
        key: min(i for i, e in enumerate(events) if (e.stage, e.step) == key) for key in stages
    }
    assert last[("read", 0)] < first[("matched", 2)] < last[("matched", 2)] < first[("saved", 0)]
    for told in stages.values():
        assert [e.done for e in told] == sorted(e.done for e in told)
        assert told[-1].finished and not any(e.finished for e in told[:-1])
        assert all(e.total is None or e.done <= e.total for e in told)
    read = stages[("read", 0)]
    assert read[-1].done == len(result.submissions) == 23
    assert {e.total for e in read} == {23}  # the files in the folder: known before reading
    assert stages[("matched", 1)][-1].done == result.processed == 23
    assert stages[("matched", 2)][0] == Progress("matched", 0, stages[("matched", 2)][-1].total, 2)
    saved = stages[("saved", 0)]
    assert saved[0] == Progress("saved", 0, None)
    with sqlite3.connect(db) as conn:
        rows = sum(conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in STORE_TABLES)
    assert saved[-1].done == saved[-1].total == rows


@pytest.mark.issue(16)
def test_progress_changes_no_match_and_follows_each_partition(corpus, monkeypatch):
    case = corpus / "nap-en"
    args = (case / "draft.txt", case / "final.txt", [case / "submissions"])
    quiet = attribute(*args)
    monkeypatch.setattr(engine, "PARTITION_CHARS", 3000)  # several partitions, each told
    events: list[Progress] = []
    told = attribute(*args, progress=events.append)
    assert told.links == quiet.links and told.asks == quiet.asks
    assert told.to_dict() == quiet.to_dict()
    pass_one = _by_stage(events)[("matched", 1)]
    assert len(pass_one) > 3 and pass_one[-1] == Progress("matched", 23, 23, 1)
