"""The contributors' ledger as one self-contained HTML page (issue 15).

The page follows the proof report's rules: nothing loads from anywhere and no script runs
(its Content-Security-Policy allows only its own style block, by hash, and no script at
all), every value from an input goes through Jinja2's autoescaping with its control and
bidi characters shown as escapes, and ids are slugs. It reads on a phone (each row a
card) and prints (A4 landscape, one contributor a page).

Each contributor's table has the anchor ``contributor-<slug of id>`` (``report.slug``),
the same as their scorecard in the proof report, so a link to one can be shared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .export import run_digest
from .ledger import (
    LABELS,
    LedgerRow,
    asks_adopted,
    labels,
    ledger_groups,
    ledger_inputs,
    ledger_rows,
    readable,
    without_asks,
)
from .report import csp_hash, environment, unique_slugs
from .terminal import visible

LEDGER_GROUPINGS = ("submission", "clause")
# The outcomes a row's class may name (anything else reads as "other").
_OUTCOMES = ("adopted", "adopted-in-part", "already-in-draft", "not-found")


@dataclass(frozen=True, slots=True)
class _Table:
    """One heading of the page and its rows."""

    anchor: str
    title: str
    scorecard: str  # "N of M asks adopted", in the page's language
    rows: tuple[LedgerRow, ...]


def ledger_html(data: Mapping[str, Any], *, lang: str = "en", by: str = "submission") -> str:
    """A run's ledger (its ``provenance-attribution/2`` form) as one HTML page.

    ``lang`` is the language of the headings and labels ("en" or "ko"; anything else
    reads in English). ``by`` is "submission" (a table per contributor) or "clause" (one
    table, the asks grouped by the clause of the final they reached).

    >>> page = ledger_html({"asks": [], "inputs": {}}, lang="ko")
    >>> '<html lang="ko">' in page and "<script" not in page
    True
    """
    if by not in LEDGER_GROUPINGS:
        raise ValueError(f"by must be one of {LEDGER_GROUPINGS}, not {by!r}")
    lang = lang if lang in LABELS else "en"
    words = labels(lang)
    rows = ledger_rows(data, lang=lang, whole_words=True)
    groups = ledger_groups(data, rows, by=by, lang=lang)
    prefix = "contributor" if by == "submission" else "clause"
    anchors = unique_slugs((g.key for g in groups), prefix)
    tables = [
        _Table(
            anchor=anchors[g.key],
            title=visible(g.title, keep=""),
            scorecard=asks_adopted(lang, adopted=g.adopted, asks=len(g.rows)),
            rows=tuple(readable(r) for r in g.rows),
        )
        for g in groups
    ]
    inputs = data.get("inputs") or {}
    env = environment()
    css = env.get_template("ledger.css").render().strip()
    csp = "; ".join(
        [
            "default-src 'none'",
            f"style-src {csp_hash(css)}",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return env.get_template("ledger.html").render(
        lang=lang,
        w=words,
        by=by,
        tables=tables,
        outcomes=_OUTCOMES,
        no_asks=[visible(i) for i in without_asks(data, rows)],
        inputs=ledger_inputs(data, lang=lang),
        final_name=visible(str((inputs.get("final") or {}).get("path") or "")),
        run_id=str(data.get("run_id") or ""),
        digest=str(data.get("digest") or run_digest(data)),
        tool=data.get("tool") or {},
        css=Markup(css),
        csp=Markup(csp),
    )
