"""The helpers of benchmarks/quality.py: per-type counts, the negative target, ablations."""

from __future__ import annotations

import doctest
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def quality() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_quality", ROOT / "benchmarks" / "quality.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_doctests(quality: ModuleType) -> None:
    failed, tried = doctest.testmod(quality)
    assert tried > 0 and failed == 0


def test_types_counted_and_summed(quality: ModuleType) -> None:
    truth = {
        "submissions": {
            "p1": {"adopted": True, "type": "paraphrase"},
            "p2": {"adopted": True, "type": "paraphrase"},
            "c/l1": {"adopted": True, "type": "form-letter"},
            "c/l2": {"adopted": False, "type": "form-letter"},
            "n": {"adopted": False, "type": "near-miss"},
            "o": {"adopted": False, "type": "off-topic"},
            "untyped": {"adopted": False},
        }
    }
    types = quality.type_counts(truth, {"p1", "c/l2", "n", "untyped"})
    assert list(types) == [
        "paraphrase",
        "form-letter",
        "near-miss",
        "off-topic",
        "form-letter (not adopted)",
    ]
    assert types["paraphrase"] == {"adopted": True, "credited": 1, "total": 2}
    assert types["form-letter"] == {"adopted": True, "credited": 0, "total": 1}
    assert types["form-letter (not adopted)"] == {"adopted": False, "credited": 1, "total": 1}
    assert quality.negative_fp(types) == 2  # the letter and the near-miss; untyped not counted
    assert quality.negative_fp(quality.type_counts({"submissions": {}}, set())) is None
    summed = quality.sum_types([types, types])
    assert summed["paraphrase"] == {"adopted": True, "credited": 2, "total": 4}
    assert list(summed) == list(types)


def test_unknown_ablation_is_an_error(quality: ModuleType) -> None:
    with pytest.raises(ValueError, match="no-such"):
        quality.parse_ablations(["no-semantic,no-such"])


def test_ablations_attribute_does_not_take_are_skipped(
    quality: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    def attribute(
        draft: Any,
        final: Any,
        submissions: Any,
        *,
        semantic: bool = True,
        differential: bool = True,
    ) -> Any:
        raise AssertionError("not run here")

    monkeypatch.setattr(quality, "attribute", attribute)
    notes: list[str] = []
    chosen = quality.systems(quality.parse_ablations(["all"]), notes)
    assert list(chosen) == [*quality.SYSTEMS, "project-no-semantic", "project-no-differential"]
    assert notes == [
        "ablation no-gate skipped: attribute takes no keyword gate",
        "ablation no-edits skipped: attribute takes no keyword explicit_edits",
    ]


def test_a_keyword_refused_while_running_skips_the_ablation(quality: ModuleType) -> None:
    def refuses(case: Any) -> Any:
        raise TypeError("run_passes() got an unexpected keyword argument 'explicit_edits'")

    chosen = {"project-no-edits": refuses}
    notes: list[str] = []
    assert quality.run_case(ROOT / "corpus" / "handbook-en", chosen, notes) == []
    assert chosen == {}
    assert notes and notes[0].startswith("ablation no-edits skipped")


def test_json_keeps_its_keys_and_adds_types(
    quality: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    case = ROOT / "corpus" / "handbook-en"
    assert quality.main(["--json", "--cases", str(case), "--ablate", "no-semantic"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["systems"] == [*quality.SYSTEMS, "project-no-semantic"]
    assert report["ablations"] == {"no-semantic": {"kwargs": {"semantic": False}, "run": True}}
    group = report["groups"]["corpus"]
    row = group["cases"][0]
    for key in ("case", "system", "sub_p", "sub_r", "sub_f1", "pas_p", "pas_r", "pas_f1"):
        assert key in row
    assert row["types"] == {} and row["negative_fp"] is None  # the corpus has no types
    assert group["types"] == {}
    assert group["negative_target"]["cases"] == {}
