"""Ask-level scoring in ``provenance.evaluate``: hand-made truth against a real run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provenance import attribute
from provenance.evaluate import (
    AskScore,
    CaseScore,
    Score,
    ask_proxy,
    ask_score,
    load_case,
    score_case,
    scores_dict,
    scores_table,
)
from provenance.result import AttributionResult

DRAFT = """Section 1. Opening hours
(1) The library opens at 09:00 and closes at 17:00 on weekdays.
(2) The library is closed on Sundays.

Section 2. Loans
(1) A reader may borrow up to six books at a time.
"""

FINAL = """Section 1. Opening hours
(1) The library opens at 09:00 and closes at 17:00 on weekdays.
(2) The library is closed on Sundays.

Section 2. Loans
(1) A reader may borrow up to ten books at a time.
(2) Books may be returned at any branch of the library.
"""

SUBMISSIONS = {
    # Two asks: the first adopted, the second not.
    "hours": (
        'In section 2(1), replace "up to six books" with "up to ten books".\n\n'
        "We also ask that the library open on Sundays from 10:00 to 16:00.\n"
    ),
    # One ask, adopted.
    "returns": ("Please add to section 2: Books may be returned at any branch of the library.\n"),
    # One ask, not adopted.
    "fines": "We ask that the library abolish fines for late returns of children's books.\n",
    # Proposes nothing.
    "thanks": "Thank you for a clear draft. I have no changes to suggest.\n",
}

TRUTH_ASKS = {
    "hours": [
        {"text": 'replace "up to six books" with "up to ten books"', "adopted": True},
        {"text": "open on Sundays from 10:00 to 16:00", "adopted": False},
    ],
    "returns": [{"text": "Books may be returned at any branch of the library.", "adopted": True}],
    "fines": [{"text": "abolish fines for late returns", "adopted": False}],
    "thanks": [],
}


def make_case(root: Path, asks: bool = True, types: dict[str, str] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (root / "final.txt").write_text(FINAL, encoding="utf-8")
    (root / "submissions").mkdir(exist_ok=True)
    for name, text in SUBMISSIONS.items():
        (root / "submissions" / f"{name}.txt").write_text(text, encoding="utf-8")
    submissions: dict[str, dict[str, object]] = {}
    for name, wanted in TRUTH_ASKS.items():
        entry: dict[str, object] = {
            "adopted": any(a["adopted"] for a in wanted),
            "final_spans": [],
            "type": (types or {}).get(name, "plain"),
        }
        if asks:
            entry["asks"] = wanted
        submissions[name] = entry
    truth = {"case": root.name, "submissions": submissions}
    (root / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return root


def run(root: Path) -> AttributionResult:
    case = load_case(root)
    return attribute(case.draft, case.final, [case.submissions], semantic=False, lang="en")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, AttributionResult]:
    root = make_case(tmp_path_factory.mktemp("cases") / "library")
    return root, run(root)


def outcomes(result: AttributionResult) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for ask in result.asks:
        found.setdefault(ask.submission_id, []).append(ask.outcome)
    return found


def test_ask_score_on_a_real_run(small: tuple[Path, AttributionResult]) -> None:
    root, result = small
    found = outcomes(result)
    # What the scoring below relies on: the engine adopts the two asks the final carries.
    assert "adopted" in found["hours"] and "not-found" in found["hours"]
    assert "adopted" in found["returns"]
    assert not {"adopted", "adopted-in-part"} & set(found.get("fines", []))
    score = score_case(load_case(root), result)
    assert score.ask == AskScore(tp=2, fp=0, fn=0, unfound=0)
    assert score.proxy is None
    assert score.as_dict()["ask"]["f1"] == 1.0


def test_a_truth_ask_no_engine_ask_covers_is_unfound(
    small: tuple[Path, AttributionResult], tmp_path: Path
) -> None:
    _, result = small
    root = make_case(tmp_path / "library")
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    # "Thank you for a clear draft" holds no ask the engine finds; say it was adopted.
    truth["submissions"]["thanks"]["asks"] = [{"text": "Thank you", "adopted": True}]
    # And a phrase that is not in the submission at all.
    truth["submissions"]["fines"]["asks"].append({"text": "not in the letter", "adopted": True})
    (root / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    score = ask_score(load_case(root), result)
    assert (score.tp, score.fp, score.fn, score.unfound) == (2, 0, 2, 2)
    assert score.recall == 0.5


def test_an_adopted_engine_ask_the_truth_calls_rejected_is_a_false_positive(
    small: tuple[Path, AttributionResult], tmp_path: Path
) -> None:
    _, result = small
    root = make_case(tmp_path / "library")
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    truth["submissions"]["returns"]["asks"][0]["adopted"] = False
    truth["submissions"]["hours"]["asks"] = [truth["submissions"]["hours"]["asks"][1]]
    (root / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    score = ask_score(load_case(root), result)
    # returns: adopted by the engine, not by the truth; hours: its adopted edit overlaps
    # no truth ask now.
    assert (score.tp, score.fp, score.fn) == (0, 2, 0)


def test_no_asks_in_truth_gives_the_proxy(tmp_path: Path) -> None:
    root = make_case(tmp_path / "library", asks=False, types={"hours": "partial"})
    case = load_case(root)
    result = run(root)
    score = score_case(case, result)
    assert score.ask is None
    proxy = ask_proxy(case, result)
    assert proxy == score.proxy
    # hours (partial): one ask adopted, one not found; returns adopted; fines and
    # thanks rejected with no ask adopted.
    assert proxy["partial"] == (1, 1)
    assert proxy["adopted"] == (1, 1)
    assert proxy["rejected"] == (2, 2)
    assert proxy["all"] == (4, 4)
    assert score.as_dict()["ask"] is None
    assert score.as_dict()["ask_proxy"]["all"] == {"share": 1.0, "holds": 4, "submissions": 4}


def test_table_and_json_show_the_ask_level() -> None:
    one = Score(tp=1, fp=0, fn=0)
    with_asks = CaseScore("a", one, one, links=1, ask=AskScore(tp=1, fp=1, fn=0))
    without = CaseScore("b", one, one, links=1, proxy={"all": (3, 4)})
    table = scores_table([with_asks, without])
    assert "ask F1" in table and "proxy" in table
    row_a, row_b = (line for line in table.splitlines() if line[:2] in ("a ", "b "))
    assert "0.667" in row_a and row_a.split()[-3] == "-"
    assert "0.750" in row_b and row_b.split()[7:10] == ["-", "-", "-"]
    means = scores_dict([with_asks, without])["mean"]
    assert means["ask_f1"] == 0.6667
    assert scores_dict([without])["mean"]["ask_f1"] is None
