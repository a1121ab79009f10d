"""The text each command prints, in each of its ``--format`` forms.

The command line only picks the form and writes the text; notebooks and scripts can
print the same forms. Forms for people show text from the inputs through
:func:`provenance.terminal.visible` (no control character reaches the terminal); JSON
and CSV keep it as it is.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .evaluate import CaseScore, scores_dict, scores_table
from .export import diff_to_dict
from .ledger import ledger_csv, ledger_dict, ledger_rows
from .ledger_docx import ledger_docx
from .ledger_html import ledger_html
from .model import Alignment
from .redline import redline_text
from .report import diff_html
from .result import AttributionResult
from .tables import attribution_table, links_csv
from .terminal import visible
from .verify import VerifyReport

RESULT_FORMATS = {"table": "to read", "json": "provenance-attribution/2", "csv": "one row a link"}
DIFF_FORMATS = {
    "text": "a redline to read",
    "json": "provenance-diff/1",
    "html": "a self-contained page",
}
SCORES_FORMATS = {"table": "to read", "json": "scores per case and their mean"}
VERIFY_FORMATS = {"table": "to read", "json": "every finding as data"}
LEDGER_FORMATS = {
    "csv": "one row per ask, for spreadsheets",
    "json": "provenance-ledger/1",
    "html": "a self-contained page",
    "docx": "a Word document to fill in (needs -o)",
}
BINARY_FORMATS = frozenset({"docx"})


def format_ledger(
    data: Mapping[str, Any], fmt: str, *, lang: str = "auto", by: str = "submission"
) -> str:
    """A run's ledger (its ``provenance-attribution/2`` form) as ``csv``, ``json`` or
    ``html`` (a table per contributor, or with ``by="clause"`` one for all asks by
    clause); ``lang`` "auto" follows the documents' language. For ``docx`` see
    :func:`ledger_document`."""
    lang = _ledger_lang(data, lang)
    if fmt == "html":
        return ledger_html(data, lang=lang, by=by)
    rows = ledger_rows(data, lang=lang)
    return as_json(ledger_dict(data, rows)) if fmt == "json" else ledger_csv(rows)


def ledger_document(
    data: Mapping[str, Any], *, lang: str = "auto", by: str = "submission"
) -> bytes:
    """A run's ledger as a Word document (``.docx`` bytes), its response column to fill in."""
    return ledger_docx(data, lang=_ledger_lang(data, lang), by=by)


def _ledger_lang(data: Mapping[str, Any], lang: str) -> str:
    return str(data.get("params", {}).get("lang", "en")) if lang == "auto" else lang


def as_json(data: Any) -> str:
    """JSON as every command writes it: UTF-8 text, indented, keys in their given order."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def format_result(result: AttributionResult, fmt: str) -> str:
    """An attribution result as ``table``, ``json`` or ``csv``."""
    if fmt == "json":
        return as_json(result.to_dict())
    if fmt == "csv":
        return links_csv(result)
    return attribution_table(result)


def format_diff(alignment: Alignment, fmt: str, *, color: bool = False) -> str:
    """A diff as ``text`` (a redline, coloured if ``color``), ``json`` or ``html``."""
    if fmt == "json":
        return as_json(diff_to_dict(alignment))
    if fmt == "html":
        return diff_html(alignment)
    return redline_text(alignment, color=color)


def format_scores(scores: Sequence[CaseScore], fmt: str) -> str:
    """Benchmark scores as ``table`` or ``json``."""
    if fmt == "json":
        return as_json(scores_dict(scores))
    return scores_table([dataclasses.replace(s, case=visible(s.case)) for s in scores])


def format_verify(
    report: VerifyReport, fmt: str, *, base: str | os.PathLike[str] | None = None
) -> str:
    """What ``verify_run`` found, as ``table`` or ``json``.

    ``base`` is the folder relative paths were resolved against (None: the current
    one). When most missing inputs have relative paths, the table ends with a hint to
    give the folder ``attribute`` ran in.
    """
    if fmt == "json":
        return as_json(report.as_dict())
    rows = [f"{f.kind:<10} {visible(f.subject)}: {visible(f.detail)}" for f in report.problems]
    rows += [
        f"{'unchecked':<10} {visible(f.subject)}: {visible(f.detail)}" for f in report.unchecked
    ]
    if report.digest:
        rows.append(f"digest {report.digest} (stored)")
    if report.rerun_digest is not None:
        rows.append(f"digest {report.rerun_digest} (made again from the files)")
    verdict = "ok" if report.ok else f"{len(report.problems)} problems"
    rows.append(f"run {report.run_id}: {verdict}")
    missing = [f.subject for f in report.problems if f.kind == "missing"]
    relative = [path for path in missing if not Path(path).is_absolute()]
    if len(relative) * 2 > len(missing):  # most (and at least one)
        where = "the current folder" if base is None else f"--base {visible(os.fspath(base))}"
        give = "--base FOLDER, the folder" if base is None else "the folder"
        rows.append(
            f"hint: the missing inputs' paths are relative, read from {where};"
            f" give {give} attribute ran in"
        )
    return "\n".join(rows) + "\n"


def attribute_notes(
    result: AttributionResult, *, previous: AttributionResult | None, stored_in: str | None
) -> list[str]:
    """What a run says beside its result: each skipped input, what adding to an earlier
    run matched, and where the run was stored."""
    notes = [f"skipped {visible(item.path)}: {visible(item.reason)}" for item in result.skipped]
    if previous is not None:
        added = len(result.submissions) - len(previous.submissions)
        notes.append(
            f"added {added} submissions to run {previous.run_id}: matched"
            f" {result.processed} new texts, not the {len(previous.submissions)} it had"
        )
    if stored_in is not None:
        notes.append(f"stored run {result.run_id} in {visible(stored_in)}")
    return notes
