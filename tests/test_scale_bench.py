"""The peer of benchmarks/scale.py: its fast paths credit what a plain scan credits.

The plain scan is written out here (it is the peer as it was before it was made fast):
every submission's 10-word windows, lowercased, against the final's windows that the
draft lacks; runs of shared windows become links.
"""

from __future__ import annotations

import doctest
import hashlib
import importlib.util
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import read_document
from provenance.evaluate import Case
from provenance.submission_tables import read_table

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"\w+")
GRAM = 10

Row = tuple[str, int, int, int, int, float, str]  # submission, final and submission spans, ...


@pytest.fixture(scope="module")
def scale() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "benchmarks" / "scale.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _grams(words: Sequence[str]) -> Iterator[tuple[str, ...]]:
    return zip(*(words[k:] for k in range(GRAM)), strict=False)


def plain_peer(case: Case) -> list[Row]:
    """The links of the plain scan, as sorted rows."""
    draft = read_document(case.draft)
    final = read_document(case.final)
    draft_grams = set(_grams([w.lower() for w in WORD.findall(draft.text)]))
    final_words = [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(final.text)]
    new: dict[tuple[str, ...], list[int]] = {}
    for i, gram in enumerate(_grams([w for w, _, _ in final_words])):
        if gram not in draft_grams:
            new.setdefault(gram, []).append(i)
    rows: list[Row] = []
    with open(case.submissions, encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            sub_id, text = item["id"], item["text"]
            words = [w.lower() for w in WORD.findall(text)]
            first: dict[tuple[str, ...], int] = {}
            for j, gram in enumerate(_grams(words)):
                if gram in new:
                    first.setdefault(gram, j)
            hits = sorted((i, j) for gram, j in first.items() for i in new[gram])
            groups: list[list[tuple[int, int]]] = []
            for i, j in hits:
                if groups and i <= groups[-1][-1][0] + GRAM:
                    groups[-1].append((i, j))
                else:
                    groups.append([(i, j)])
            spans = [(m.start(), m.end()) for m in WORD.finditer(text)]
            for group in groups:
                rows.append(
                    (
                        sub_id,
                        final_words[group[0][0]][1],
                        final_words[group[-1][0] + GRAM - 1][2],
                        min(spans[j][0] for _, j in group),
                        max(spans[j + GRAM - 1][1] for _, j in group),
                        len(group) / (group[-1][0] + 1 - group[0][0]),
                        "high" if len(group) >= 3 else "medium",
                    )
                )
    return sorted(rows)


def fast_peer(scale: ModuleType, case: Case) -> list[Row]:
    result, _ = scale.run_peer(case)
    rows = [
        (
            k.submission_id,
            k.final.start,
            k.final.end,
            k.submission.start,
            k.submission.end,
            k.score,
            k.confidence,
        )
        for k in result.links
    ]
    return sorted(rows)


def test_doctests(scale: ModuleType) -> None:
    failed, tried = doctest.testmod(scale)
    assert tried > 0 and failed == 0


# --- the fast paths one by one --------------------------------------------------------

AWKWARD = st.text(
    alphabet=st.sampled_from(
        [*"aZ9_ .,;'\"\\/\n\t\r\b\f\x00\x7f", "é", "İ", "ß", "Ö", "\u00a0", "\u2028", "٣", "ǅ"]
    )
)


@given(AWKWARD)
def test_words_of_are_the_regex_words_lowercased(scale: ModuleType, text: str) -> None:
    assert scale.words_of(text) == [w.lower() for w in WORD.findall(text)]


@settings(max_examples=300)
@given(AWKWARD, st.booleans())
def test_a_line_holds_its_text_words_side_by_side(
    scale: ModuleType, text: str, ensure_ascii: bool
) -> None:
    line = json.dumps({"id": "x", "text": text}, ensure_ascii=ensure_ascii).encode() + b"\n"
    found = scale.line_words(line)
    if found is None:
        return  # read the slow way
    words = [w.encode() for w in scale.words_of(text)]
    assert any(found[k : k + len(words)] == words for k in range(len(found) - len(words) + 1))


# --- the whole peer -------------------------------------------------------------------


def _case(folder: Path, submissions: list[dict[str, Any]], ensure_ascii: bool = False) -> Case:
    with open(folder / "submissions.jsonl", "w", encoding="utf-8") as out:
        for row in submissions:
            out.write(json.dumps(row, ensure_ascii=ensure_ascii) + "\n")
    return Case("t", folder / "draft.txt", folder / "final.txt", folder / "submissions.jsonl", {})


def test_null_case_no_submission_shares_a_window(scale: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "draft.txt").write_text("Article 1. The board shall meet.\n", encoding="utf-8")
    (tmp_path / "final.txt").write_text("Article 1. The board shall meet.\n", encoding="utf-8")
    case = _case(tmp_path, [{"id": "a", "text": "The board shall meet."}])
    assert fast_peer(scale, case) == plain_peer(case) == []


@pytest.mark.parametrize("docket", [False, True])
def test_a_generated_case_gets_the_plain_scan_links(
    scale: ModuleType, tmp_path: Path, docket: bool
) -> None:
    spec = scale.Spec(60, 400, 3, scale.Shares(adopted=0.1, signed_forms=not docket), docket)
    scale.generate(spec, tmp_path)
    case = scale.load_synthetic_case(tmp_path)
    rows = fast_peer(scale, case)
    assert len({r[0] for r in rows}) > 40  # the comparison is not between two empty lists
    assert rows == plain_peer(case)


DRAFT = (
    "Article 1. The Ölbehörde shall publish its yearly report within 30 days.\n\n"
    "Article 2. Each operator shall keep records of every inspection for five years.\n"
)
FINAL = (
    "Article 1. The Ölbehörde shall publish its yearly report within 30 days.\n\n"
    "Article 1a. The café owners' council may ask the Ölbehörde for a hearing "
    "before any new fee is set, and the hearing shall be held in public.\n\n"
    "Article 2. Each operator shall keep records of every inspection for ten years.\n"
)
SEPARATORS = [" ", "  ", "\n\n", "\t", ", ", '"', "\\", "\\n", "/", "é", "\u00a0", "\u2028"]


@st.composite
def letters(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Letters that quote runs of the final's words, with awkward characters between."""
    words = WORD.findall(FINAL)
    found = []
    for n in range(draw(st.integers(1, 4))):
        pieces = []
        for _ in range(draw(st.integers(1, 3))):
            start = draw(st.integers(0, len(words) - 1))
            run = words[start : start + draw(st.integers(1, 16))]
            if draw(st.booleans()):
                run = [w.upper() for w in run]
            cut = draw(st.integers(0, len(run)))
            pieces.append(" ".join(run[:cut]) + draw(st.sampled_from(SEPARATORS)))
            pieces.append(" ".join(run[cut:]))
        found.append({"id": f"s{n}", "text": draw(st.sampled_from(SEPARATORS)).join(pieces)})
    return found


@settings(max_examples=150, deadline=None)
@given(letters(), st.booleans())
def test_awkward_letters_get_the_plain_scan_links(
    scale: ModuleType, tmp_path_factory: pytest.TempPathFactory, rows: Any, ensure_ascii: bool
) -> None:
    folder = tmp_path_factory.mktemp("awkward")
    (folder / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (folder / "final.txt").write_text(FINAL, encoding="utf-8")
    case = _case(folder, rows, ensure_ascii)
    assert fast_peer(scale, case) == plain_peer(case)


# --- the docket -----------------------------------------------------------------------


def _digest(folder: Path) -> str:
    files = ("draft.txt", "final.txt", "submissions.jsonl", "truth.json")
    return hashlib.sha256(b"".join((folder / f).read_bytes() for f in files)).hexdigest()[:16]


# The files of two small cases, by GENERATOR_VERSION: a change to the generated text
# must bump the version (so that cached cases are not reused) and add its digests here.
GOLDEN = {2: {"consultation": "569f43d8db3b79c0", "docket": "0b3fa48bd3b04ca9"}}


@pytest.mark.parametrize("kind", ["consultation", "docket"])
def test_generated_text_changes_only_with_the_version(
    scale: ModuleType, tmp_path: Path, kind: str
) -> None:
    spec = scale.Spec(40, 300, 1, scale.Shares(signed_forms=kind != "docket"), kind == "docket")
    scale.generate(spec, tmp_path)
    assert _digest(tmp_path) == GOLDEN[scale.GENERATOR_VERSION][kind]


def _rows(folder: Path) -> list[dict[str, Any]]:
    with open(folder / "submissions.jsonl", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def docket(scale: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docket")
    scale.generate(scale.Spec(60, 3000, 5, scale.Shares(adopted=0.05), docket=True), folder)
    return folder


def test_docket_rows_are_read_as_the_project_reads_a_bulk_download(docket: Path) -> None:
    rows = _rows(docket)
    assert {tuple(row) for row in rows} == {("id", "posted_date", "title", "organization", "text")}
    found = list(read_table(docket / "submissions.jsonl"))
    assert [s.id for s in found] == [row["id"] for row in rows]  # no row skipped
    assert [s.document.text for s in found] == [row["text"] for row in rows]
    assert [row["posted_date"] for row in rows] == sorted(row["posted_date"] for row in rows)


def test_docket_truth_follows_each_copy(scale: ModuleType, docket: Path) -> None:
    truth = json.loads((docket / "truth.json").read_text(encoding="utf-8"))["submissions"]
    texts = {row["id"]: row["text"] for row in _rows(docket)}
    patterns = Counter(t["pattern"] for t in truth.values())
    copies = sum(n for p, n in patterns.items() if p.startswith("campaign"))
    assert 0.05 * copies < sum(n for p, n in patterns.items() if "typo" in p) < 0.15 * copies
    assert 0 < sum(n for p, n in patterns.items() if p.endswith("dropped")) < 0.05 * copies
    assert patterns["campaign-adopted-typo-in-demand"] > 0 and patterns["individual"] > 0
    demand = {
        t["final_spans"][0]
        for t in truth.values()
        if t["pattern"] == "campaign-adopted" and t["final_spans"]
    }
    assert len(demand) == 1  # every adopted copy is credited with the same new article
    for sub_id, t in truth.items():
        assert t["adopted"] == bool(t["final_spans"])
        if t["pattern"].startswith("campaign"):
            dropped = t["pattern"].endswith("dropped")
            # The letter quotes a draft article and, unless it dropped it, the demand.
            assert texts[sub_id].count('"') == (2 if dropped else 4)
            assert t["adopted"] == (t["pattern"].startswith("campaign-adopted") and not dropped)


def test_a_typo_in_the_demand_changes_one_word_of_it(scale: ModuleType, docket: Path) -> None:
    truth = json.loads((docket / "truth.json").read_text(encoding="utf-8"))["submissions"]
    asked = re.compile(re.escape(scale._ASK) + r'\w+: "([^"]*)"')
    quotes: dict[str, set[str]] = {}
    for row in _rows(docket):
        pattern = truth[row["id"]]["pattern"]
        if pattern in ("campaign-adopted", "campaign-adopted-typo-in-demand"):
            found = asked.search(row["text"])
            assert found is not None
            quotes.setdefault(pattern, set()).add(found[1])
    [template] = quotes["campaign-adopted"]
    for quote in quotes["campaign-adopted-typo-in-demand"]:
        pairs = list(zip(template.split(" "), quote.split(" "), strict=True))
        assert sum(a != b for a, b in pairs) == 1
