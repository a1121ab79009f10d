"""HTML pages: self-contained (inline CSS, no network), escaped by Jinja2, deterministic.

- ``diff_html``: the redline of an alignment.
- ``attribution_html``: the proof report of an attribution run, from its
  ``provenance-attribution`` JSON form (/1 or /2) and the texts it was made from: a summary per
  contributor, the final text with every credited passage highlighted, the evidence
  beside each passage, the redline, and what anyone needs to re-run it and compare.
- ``summary_html``: the summary and the highlighted final text as an HTML fragment
  (for a notebook's ``_repr_html_``), from the same templates with the same escaping.

Nothing that comes from an input is ever put into markup except through Jinja2's
autoescaping; ids of contributors and changes reach HTML ids and classes only as
slugs (``[a-z0-9-]`` and a hash). The page loads nothing: its Content-Security-Policy
allows only its own style block and its own script, by hash. Output is a pure
function of its input (no clock, sorted rows), so a golden file can hold it.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shlex
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .align import word_ops
from .errors import ReportError
from .excerpt import credited_quote, evidence_quote, quoted, shown_passage, word_end
from .export import ATTRIBUTION_SCHEMA, ATTRIBUTION_SCHEMAS, diff_to_dict, run_digest
from .ledger import (
    LedgerRow,
    asks_adopted,
    ledger_groups,
    ledger_rows,
    readable,
    without_asks,
)
from .messages import MESSAGES, message, message_lang, term
from .model import Alignment
from .params import EMBEDDING_MIN, MIN_EVIDENCE, SEMANTIC_MIN
from .redline import document_pieces, summarize
from .submission_tables import parse_row_path

# One colour pair per contributor: (strong, for lines, badges and bars; tint, behind text).
# Dark enough for text on white and tints light enough for black text on them (WCAG AA).
_PALETTE = (
    ("#0b5cad", "#cfe3f7"),
    ("#a04a00", "#fde2c4"),
    ("#1a7f37", "#d2f0d9"),
    ("#6f42c1", "#e4dafa"),
    ("#b3245f", "#f9d5e5"),
    ("#0a6e6e", "#c8eeee"),
    ("#7a5230", "#eadccd"),
    ("#5a6500", "#e8edc0"),
    ("#44546a", "#dde3ea"),
    ("#8e24a0", "#f1d4f6"),
    ("#7d6300", "#fbefc0"),
    ("#303f9f", "#d5d9f5"),
)
# ...and an underline pattern, so that colour is never the only cue (with the key number).
_PATTERNS = ("solid", "dashed", "dotted", "double", "wavy")
_SLUG_CHARS = 40
_KINDS = ("modified", "inserted", "deleted", "moved")  # also CSS classes: only these


def slug(value: str, prefix: str) -> str:
    """``value`` made safe for an HTML id or class: ``prefix-words-hash``, ``[a-z0-9-]`` only.

    The hash of the whole value keeps two ids apart that fold to the same words.

    >>> slug("KCTU/Letter (2)", "c")
    'c-kctu-letter-2-0c8f48'
    >>> slug("한빛", "c")
    'c-ed965c'
    """
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:_SLUG_CHARS].strip("-")
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"{prefix}-{words}-{digest}" if words else f"{prefix}-{digest}"


# --- environment ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of every page: the package's templates, autoescaping on."""
    env = Environment(
        loader=PackageLoader("provenance", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["chars"] = _chars
    env.filters["percent"] = _percent
    env.filters["score"] = _score
    env.filters["tag"] = _tag
    env.filters["plural"] = _plural
    return env


def _tag(value: object, name: str) -> Markup:
    """``value`` (escaped) inside the element ``name`` (a template's own, never input)."""
    return Markup(f"<{name}>%s</{name}>") % value


def _plural(n: int) -> str:
    """English's plural "s" for a message's ``{s}`` field; other languages leave it out."""
    return "" if n == 1 else "s"


def _chars(n: int) -> str:
    return f"{n:,}"


def _percent(share: float) -> str:
    if share <= 0:
        return "0%"
    if share < 0.01:
        return "<1%"
    return f"{share:.0%}"


def _score(value: float) -> str:
    return f"{value:.2f}"


@lru_cache(maxsize=1)
def _script() -> str:
    return (files("provenance") / "templates" / "report.js").read_text(encoding="utf-8").strip()


def csp_hash(text: str) -> str:
    """A Content-Security-Policy source that allows exactly ``text`` (a style or script)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


# --- the redline page ----------------------------------------------------------------


@dataclass(frozen=True)
class _RedlineView:
    """What the redline and the shared stylesheet need, for a diff with no attribution."""

    lang: str
    changes: list[_Change]
    contributors: tuple[()] = ()
    mixes: tuple[()] = ()

    @property
    def korean(self) -> bool:
        return self.lang == "ko"

    @property
    def words_attr(self) -> Markup:
        """`` lang="en"`` for the page's words, where they are English on a page that is not
        (a language with no messages of its own); nothing where they are in its language."""
        return _lang_attr(message_lang(self.lang), self.lang)


def _lang_attr(words: str, lang: str) -> Markup:
    """`` lang="xx"`` for the page's own words where their language is not the page's."""
    return Markup("") if words == lang else Markup(' lang="%s"') % words


def say(lang: str, key: str, **fields: object) -> Markup:
    """Message ``key`` in ``lang`` for a page: our own words as they are, the fields filled
    in escaped. Only keys ending in ``_html`` hold elements (a test holds the others to
    plain text).

    >>> say("ko", "report.eyebrow", run="<x>")
    Markup('의견 반영 근거 보고서 · 실행 ID &lt;x&gt;')
    """
    return Markup(MESSAGES[message_lang(lang)][key]).format(**fields)


def _redline_note(lang: str) -> Markup:
    """The redline's note, its two marked words marked (the rest is our own text)."""
    return Markup(
        message(
            lang,
            "diff.note",
            deleted=Markup("<del>%s</del>") % message(lang, "diff.deleted_words"),
            inserted=Markup("<ins>%s</ins>") % message(lang, "diff.inserted_words"),
        )
    )


def diff_html(alignment: Alignment) -> str:
    """The redline of ``alignment`` as one HTML page, with the proof report's redline."""
    data = diff_to_dict(alignment)
    changes = _changes(data["changes"], alignment.draft.text, [])
    lang = alignment.final.lang or "en"
    view = _RedlineView(lang, changes)
    env = environment()
    css = env.get_template("report.css").render(view=view).strip()
    csp = f"default-src 'none'; style-src {csp_hash(css)}; img-src data:; base-uri 'none'"

    def t(key: str, **fields: object) -> str:
        return message(lang, key, **fields)

    note = _redline_note(lang)
    return env.get_template("diff.html").render(
        data=data,
        view=view,
        t=t,
        note=note,
        summary=summarize(alignment, lang=lang),
        document=[_Piece(kind, text) for kind, text in document_pieces(alignment)],
        css=Markup(css),
        csp=Markup(csp),
    )


# --- the proof report ----------------------------------------------------------------


def attribution_html(
    data: Mapping[str, Any], *, final_text: str, draft_text: str, lang: str | None = None
) -> str:
    """The proof report of a run, as one self-contained HTML page.

    Args:
        data: the run in its ``provenance-attribution`` form (/1 or /2), as
            ``AttributionResult.to_dict()`` or ``store.load_result_dict`` give it.
        final_text: the final text as the library normalised it (``Document.text``),
            the text every offset in ``data`` points into.
        draft_text: the draft text, likewise.
        lang: the language of the page's own words: ``"en"``, ``"ko"``, or None or
            ``"auto"`` for the documents' (the run's ``params.lang``); a language with no
            messages reads in English.

    The submissions' passages come from ``data["links"]``, so their texts are not needed.
    Raises ``ReportError`` when a passage in ``data`` is not what the texts hold there.
    """
    view = _View.build(data, final_text, draft_text, lang)
    env = environment()
    css = env.get_template("report.css").render(view=view).strip()
    script = _script()
    csp = "; ".join(
        [
            "default-src 'none'",
            f"style-src {csp_hash(css)}",
            f"script-src {csp_hash(script)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return env.get_template("report.html").render(
        view=view, css=Markup(css), script=Markup(script), csp=Markup(csp)
    )


def summary_html(data: Mapping[str, Any], final_text: str, *, lang: str | None = None) -> str:
    """The summary and the highlighted final text as an HTML fragment, for notebooks.

    Same templates, escaping and ``lang`` as ``attribution_html``, without the evidence,
    redline and script; its styles are scoped to the fragment's own class.
    """
    view = _View.build(data, final_text, None, lang)
    env = environment()
    css = env.get_template("report.css").render(view=view).strip()
    return env.get_template("summary.html").render(view=view, css=Markup(css))


def reproduce_command(data: Mapping[str, Any]) -> str | None:
    """The ``provenance attribute`` command line that re-runs ``data``; None without paths.

    Submissions found in a folder under an id with a ``/`` are given as that folder, so
    that they get the same ids again; the others are named one by one.

    >>> reproduce_command({"params": {"min_score": 0.5, "lang": "en", "semantic": True},
    ...     "inputs": {"draft": {"path": "d.txt"}, "final": {"path": "my final.txt"},
    ...                "submissions": [{"id": "kctu/letter", "path": "subs/kctu/letter.txt"}]}})
    "provenance attribute d.txt 'my final.txt' subs --min-score 0.5 --lang en"
    """
    inputs = data.get("inputs", {})
    draft = (inputs.get("draft") or {}).get("path")
    final = (inputs.get("final") or {}).get("path")
    subs = inputs.get("submissions") or []
    if not draft or not final or not subs or any(not s.get("path") for s in subs):
        return None
    params = data.get("params", {})
    words = ["provenance", "attribute", draft, final, *_submission_args(subs)]
    if params.get("min_score") is not None:
        words += ["--min-score", str(params["min_score"])]
    if params.get("lang"):
        words += ["--lang", str(params["lang"])]
    if params.get("semantic") is False:
        words.append("--no-semantic")
    elif params.get("embedder"):
        words += ["--embedder", str(params["embedder"])]
    return " ".join(shlex.quote(str(w)) for w in words)


def _submission_args(subs: Sequence[Mapping[str, Any]]) -> list[str]:
    """Each folder the submissions were found in once, each table once, the other files.

    A folder is named when an id shows it was walked (``kctu/letter`` found as
    ``subs/kctu/letter.txt``), or when it holds two or more of the submissions under
    ids that a walk of it gives (``letters/a.txt`` as ``a``): a run over a folder of
    2,000 letters is re-run by naming the folder, not 2,000 files. A lone file in its
    folder is named as a file, which gives the same id.
    """
    counts: dict[str, int] = {}  # an ordered set: a run can hold 100,000 submissions
    nested: set[str] = set()
    for s in subs:
        path, sid = str(s["path"]).replace("\\", "/"), str(s["id"])
        if parse_row_path(str(s["path"])) is not None:
            continue
        folder = _folder_of(path, sid)
        if folder is not None:
            counts[folder] = counts.get(folder, 0) + 1
            if "/" in sid:
                nested.add(folder)
    folders = {
        f: None
        for f, n in counts.items()
        if f in nested or (n > 1 and not any(f.startswith(g + "/") for g in nested))
    }
    args = dict(folders)
    for s in subs:
        path, sid = str(s["path"]).replace("\\", "/"), str(s["id"])
        row = parse_row_path(str(s["path"]))
        if row is not None:  # a row of a table: the table gives the same ids again
            args.setdefault(row[0])
        elif _folder_of(path, sid) not in folders:
            args.setdefault(str(s["path"]))
    return list(args)


def _folder_of(path: str, sid: str) -> str | None:
    """The folder ``path`` was found in under id ``sid`` (with or without its extension)."""
    tails = [sid]
    dot = path.rfind(".")
    if dot > path.rfind("/"):
        tails.append(sid + path[dot:])
    for tail in tails:
        if path.endswith("/" + tail):
            return path[: -len(tail) - 1] or "/"
    return None


# --- view model ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Piece:
    """A run of text in a rendered passage: kept, inserted or deleted."""

    kind: str  # "equal" | "insert" | "delete"
    text: str


@dataclass(slots=True)
class _Contributor:
    id: str
    css: str  # slug: class name and id suffix
    key: int | None  # number in the legend and on badges; None when not credited
    strong: str
    tint: str
    pattern: str
    path: str | None
    adopted: bool
    links: int
    credited_chars: int  # characters of new final text credited to them
    new_share: float  # of all new final text
    submission_chars: int
    matched_chars: int  # characters of their submission that are evidence of a link
    matched_share: float  # of their submission
    bar: float  # 0-100, credited_chars scaled to the largest

    @property
    def anchor(self) -> str:
        return f"who-{self.css}"


@dataclass(slots=True)
class _Link:
    n: int  # 1-based, in final order
    contributor: _Contributor
    change_id: str
    score: float
    confidence: str
    method: str
    final_start: int
    final_end: int
    final_text: str
    submission_start: int
    submission_end: int
    submission_text: str
    submission_pieces: list[_Piece]
    final_pieces: list[_Piece]
    passage: int = 0
    # What the credited edit replaced or deleted in the draft (links of schema /2 that
    # carry a draft span): shown beside the final's words, since for a deletion the
    # final's passage is empty.
    draft_start: int | None = None
    draft_end: int | None = None
    draft_text: str = ""

    @property
    def anchor(self) -> str:
        return f"ev-{self.n}"


@dataclass(slots=True)
class _Passage:
    n: int
    start: int
    end: int
    text: str
    labels: list[str]
    change_anchors: list[tuple[str, str]]  # (anchor, change id)
    links: list[_Link]
    contributors: list[_Contributor]
    css: str  # contributor class, or the class of the mix of contributors

    @property
    def anchor(self) -> str:
        return f"p-{self.n}"

    @property
    def shared(self) -> bool:
        return len(self.contributors) > 1


@dataclass(frozen=True, slots=True)
class _Mix:
    """A set of contributors credited together for some text: striped in their colours."""

    css: str
    tints: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Badge:
    """The mark after a credited passage that names one link's contributor by key."""

    link: _Link
    href: str
    title: str


@dataclass(slots=True)
class _Run:
    """A piece of the final text: plain, credited (with the links over it), or badges."""

    kind: str  # "text" | "mark" | "refs"
    text: str = ""
    css: str = ""
    href: str = ""
    title: str = ""
    links: str = ""  # the numbers of the links covering a mark, space-separated
    shared: bool = False
    badges: tuple[_Badge, ...] = ()


@dataclass(slots=True)
class _Change:
    id: str
    anchor: str
    kind: str
    label: str
    draft_label: str | None
    pieces: list[_Piece]
    links: list[_Link]


@dataclass(frozen=True, slots=True)
class _Scorecard:
    """One contributor's asks and what became of each (from the ledger)."""

    anchor: str  # contributor-<slug>: the same as their table in the ledger page
    id: str
    contributor: _Contributor | None
    rows: tuple[LedgerRow, ...]
    adopted: int
    line: str  # "N of M asks adopted", in the page's words


def _scorecards(
    data: Mapping[str, Any], people: Mapping[str, _Contributor], words: str
) -> list[_Scorecard]:
    """Each contributor's scorecard, as the ledger page has it, in ``words``."""
    rows = ledger_rows(data, lang=words, whole_words=True)
    groups = ledger_groups(data, rows)
    anchors = unique_slugs((g.key for g in groups), "contributor")
    return [
        _Scorecard(
            anchor=anchors[g.key],
            id=g.key,
            contributor=people.get(g.key),
            rows=tuple(readable(r) for r in g.rows),
            adopted=g.adopted,
            line=asks_adopted(words, adopted=g.adopted, asks=len(g.rows)),
        )
        for g in groups
    ]


@dataclass(slots=True)
class _View:
    lang: str  # the documents' language: the page's
    words: str  # the language of the page's own words (headings, labels, notes)
    tool: Mapping[str, Any]
    run_id: str
    digest: str  # of the inputs' hashes, parameters, tool version and links
    params: list[tuple[str, str]]
    inputs: list[dict[str, Any]]
    skipped: list[Mapping[str, Any]]
    command: str | None
    command_notes: list[str]
    draft_name: str
    final_name: str
    change_counts: list[tuple[str, int]]
    changes_total: int
    new_chars: int
    credited_chars: int
    credited_share: float
    contributors: list[_Contributor]  # table order: most credited first
    legend: list[_Contributor]  # credited ones, by key
    mixes: list[_Mix]
    links: list[_Link]
    passages: list[_Passage]
    runs: list[_Run]
    changes: list[_Change]
    has_evidence: bool
    scorecards: list[_Scorecard]
    without_asks: list[str]  # contributors in whose submission no ask was found
    has_asks: bool  # the run records asks (schema /2)

    @property
    def adopted(self) -> int:
        return sum(c.adopted for c in self.contributors)

    @property
    def rows(self) -> list[_Contributor]:
        """The contributors given a table row: all, or past ``CONTRIBUTOR_ROWS`` those
        credited or adopted (a hundred thousand rows would make the page unreadable)."""
        if len(self.contributors) <= CONTRIBUTOR_ROWS:
            return self.contributors
        return [c for c in self.contributors if c.links or c.adopted]

    @property
    def unlisted(self) -> list[str]:
        """Ids of the contributors without a row, named in one line so a search finds them."""
        if len(self.contributors) <= CONTRIBUTOR_ROWS:
            return []
        return [c.id for c in self.contributors if not (c.links or c.adopted)]

    @property
    def korean(self) -> bool:
        """Whether the page holds Korean: its documents' text or its own words."""
        return "ko" in (self.lang, self.words)

    @property
    def words_attr(self) -> Markup:
        """`` lang="xx"`` for the page's own words where their language is not the
        documents' (English words on a French run's page)."""
        return _lang_attr(self.words, self.lang)

    def t(self, key: str, **fields: object) -> Markup:
        """The page's own words: message ``key`` in its language (see :func:`say`)."""
        return say(self.words, key, **fields)

    def term(self, kind: str, value: str) -> str:
        """A confidence or a method as the page names it."""
        return term(self.words, kind, value)

    @property
    def change_counts_text(self) -> str:
        """`` (3 modified, 1 inserted)``, or nothing when there are no changes."""
        counts = [
            message(self.words, "diff.count", n=n, kind=message(self.words, kind))
            for kind, n in self.change_counts
        ]
        return f" ({', '.join(counts)})" if counts else ""

    @property
    def redline_note(self) -> Markup:
        return _redline_note(self.words)

    @staticmethod
    def change_link(anchor: str, change_id: str) -> Markup:
        """A link to a change in the redline (``anchor`` is a slug, ``change_id`` escaped)."""
        return Markup('<a href="#%s">%s</a>') % (anchor, change_id)

    @classmethod
    def build(
        cls,
        data: Mapping[str, Any],
        final_text: str,
        draft_text: str | None,
        lang: str | None = None,
    ) -> _View:
        if data.get("schema") not in ATTRIBUTION_SCHEMAS:
            raise ReportError(
                f"expected a {ATTRIBUTION_SCHEMA} document, got schema {data.get('schema')!r}; "
                "pass AttributionResult.to_dict() or store.load_result_dict(db)"
            )
        _check_texts(data, final_text, draft_text)
        doc_lang = _lang(data)
        words = message_lang(doc_lang if lang in (None, "auto") else lang)
        changes_data = list(data.get("changes", []))
        new_spans = _union(
            (s["start"], s["end"]) for c in changes_data for s in c.get("new_text", [])
        )
        new_chars = _length(new_spans)
        contributors = _contributors(data, new_spans)
        by_id = {c.id: c for c in contributors}
        labels = {c["id"]: c.get("label") or "" for c in changes_data}
        links = _links(data, by_id, final_text, draft_text)
        mixes: dict[str, _Mix] = {}
        passages = _passages(links, labels, mixes, words)
        runs = _runs(final_text, links, passages, mixes, words, with_href=draft_text is not None)
        credited = _union((k.final_start, k.final_end) for k in links)
        credited_chars = _intersection(credited, new_spans)
        counts = dict.fromkeys(_KINDS, 0)
        for c in changes_data:
            counts[c["kind"]] = counts.get(c["kind"], 0) + 1
        inputs = data.get("inputs", {})
        command = reproduce_command(data)
        return cls(
            lang=doc_lang,
            words=words,
            tool=data.get("tool", {}),
            run_id=str(data.get("run_id", "")),
            digest=str(data.get("digest") or run_digest(data)),
            params=[(k, _param(v, words)) for k, v in sorted(data.get("params", {}).items())],
            inputs=_input_rows(inputs, words),
            skipped=sorted(data.get("skipped", []), key=lambda s: (s["path"], s["reason"])),
            command=command,
            command_notes=_command_notes(data, words) if command else [],
            draft_name=(inputs.get("draft") or {}).get("path") or message(words, "draft"),
            final_name=(inputs.get("final") or {}).get("path") or message(words, "final"),
            change_counts=[(k, n) for k, n in counts.items() if n],
            changes_total=len(changes_data),
            new_chars=new_chars,
            credited_chars=credited_chars,
            credited_share=credited_chars / new_chars if new_chars else 0.0,
            contributors=sorted(
                contributors, key=lambda c: (-c.credited_chars, -c.links, not c.adopted, c.id)
            ),
            legend=sorted((c for c in contributors if c.key), key=lambda c: c.key or 0),
            mixes=sorted(mixes.values(), key=lambda m: m.css),
            links=links,
            passages=passages,
            runs=runs,
            changes=_changes(changes_data, draft_text, links) if draft_text is not None else [],
            has_evidence=draft_text is not None,
            scorecards=_scorecards(data, by_id, words),
            without_asks=without_asks(data, ledger_rows(data)),
            has_asks="asks" in data,
        )


CONTRIBUTOR_ROWS = 100  # past this many submissions, the uncredited get no row


def _check_texts(data: Mapping[str, Any], final_text: str, draft_text: str | None) -> None:
    """Every passage ``data`` quotes must be what the texts hold at its offsets."""
    checks: list[tuple[str, str, Mapping[str, Any]]] = []
    for link in data.get("links", []):
        checks.append(("final", final_text, link["final"]))
    for change in data.get("changes", []):
        if change.get("final"):
            checks.append(("final", final_text, change["final"]))
        if change.get("draft") and draft_text is not None:
            checks.append(("draft", draft_text, change["draft"]))
    for role, text, span in checks:
        if text[span["start"] : span["end"]] != span["text"]:
            raise ReportError(
                f"the {role} text given does not match the run at "
                f"{span['start']}-{span['end']}: pass the normalised {role} text the run "
                f"was made from (Document.text), not the file's raw text"
            )


def _lang(data: Mapping[str, Any]) -> str:
    """The documents' language: the run's ``params.lang``, else the final's as read."""
    final = (data.get("inputs") or {}).get("final") or {}
    for lang in (data.get("params", {}).get("lang"), final.get("lang")):
        tag = re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", str(lang or ""))
        if tag and lang != "auto":
            return str(lang)
    return "en"


def _param(value: Any, words: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return message(words, "table.yes" if value else "table.no")
    return str(value)


def _input_rows(inputs: Mapping[str, Any], words: str) -> list[dict[str, Any]]:
    rows = []
    for role in ("draft", "final"):
        doc = inputs.get(role) or {}
        rows.append({"role": message(words, role), "id": "", **doc})
    for s in sorted(inputs.get("submissions") or [], key=lambda s: str(s["id"])):
        rows.append({**s, "role": message(words, "table.submission")})
    return rows


def _command_notes(data: Mapping[str, Any], words: str) -> list[str]:
    """What the command line cannot say, so that a reader knows why results may differ."""
    params = data.get("params", {})
    notes = []
    if params.get("min_evidence") not in (None, MIN_EVIDENCE):
        notes.append(
            message(
                words,
                "report.note_min_evidence",
                value=params["min_evidence"],
                default=MIN_EVIDENCE,
            )
        )
    default_semantic = SEMANTIC_MIN if not params.get("embedder") else EMBEDDING_MIN
    if params.get("semantic") and params.get("semantic_min") not in (None, default_semantic):
        notes.append(
            message(
                words,
                "report.note_semantic_min",
                value=params["semantic_min"],
                default=default_semantic,
            )
        )
    return notes


def _contributors(data: Mapping[str, Any], new_spans: list[tuple[int, int]]) -> list[_Contributor]:
    inputs = {str(s["id"]): s for s in data.get("inputs", {}).get("submissions") or []}
    summary = {str(s["id"]): s for s in data.get("submissions", [])}
    finals: dict[str, list[tuple[int, int]]] = {}
    evidence: dict[str, list[tuple[int, int]]] = {}
    for link in data.get("links", []):
        sid = str(link["submission_id"])
        finals.setdefault(sid, []).append((link["final"]["start"], link["final"]["end"]))
        evidence.setdefault(sid, []).append(
            (link["submission"]["start"], link["submission"]["end"])
        )
    ids = sorted({*inputs, *summary, *finals})
    new_chars = _length(new_spans)
    keyed = [i for i in ids if i in finals]  # keys and colours in id order: stable, findable
    keys = {sid: n for n, sid in enumerate(keyed, 1)}
    slugs = unique_slugs(ids, "c")
    people = []
    for sid in ids:
        key = keys.get(sid)
        strong, tint = _PALETTE[(key - 1) % len(_PALETTE)] if key else ("#6e7781", "#eaeef2")
        credited = _intersection(_union(finals.get(sid, [])), new_spans)
        sub_chars = int(inputs.get(sid, {}).get("chars") or 0)
        matched = _length(_union(evidence.get(sid, [])))
        n_links = len(finals.get(sid, []))
        adopted = summary.get(sid, {}).get("adopted")
        people.append(
            _Contributor(
                id=sid,
                css=slugs[sid],
                key=key,
                strong=strong,
                tint=tint,
                pattern=_PATTERNS[(key - 1) % len(_PATTERNS)] if key else "solid",
                path=inputs.get(sid, {}).get("path"),
                adopted=bool(n_links) if adopted is None else bool(adopted),
                links=n_links,
                credited_chars=credited,
                new_share=credited / new_chars if new_chars else 0.0,
                submission_chars=sub_chars,
                matched_chars=matched,
                matched_share=min(1.0, matched / sub_chars) if sub_chars else 0.0,
                bar=0.0,
            )
        )
    top = max((p.credited_chars for p in people), default=0)
    for p in people:
        p.bar = round(100 * p.credited_chars / top, 2) if top else 0.0
    return people


def unique_slugs(ids: Iterable[str], prefix: str) -> dict[str, str]:
    """A slug per id (``slug(id, prefix)``), lengthened where two would be the same."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for sid in ids:
        s = slug(sid, prefix)
        while s in taken:  # a 24-bit hash collision: lengthen until unique
            s = slug(sid + "\0" + s, prefix)
        taken.add(s)
        out[sid] = s
    return out


def _links(
    data: Mapping[str, Any],
    people: Mapping[str, _Contributor],
    final_text: str,
    draft_text: str | None,
) -> list[_Link]:
    rows = sorted(
        data.get("links", []),
        key=lambda k: (
            k["final"]["start"],
            k["final"]["end"],
            -float(k["score"]),
            str(k["submission_id"]),
            k["submission"]["start"],
        ),
    )
    links = []
    for n, k in enumerate(rows, 1):
        sub_text, fin_text = k["submission"]["text"], k["final"]["text"]
        fin_start, fin_end = k["final"]["start"], k["final"]["end"]
        sub_pieces, fin_pieces = _evidence_pieces(
            evidence_quote(sub_text, final_text, fin_start, fin_end),
            credited_quote(final_text, fin_start, fin_end),
        )
        draft = k.get("draft") or {}
        links.append(
            _Link(
                n=n,
                contributor=people[str(k["submission_id"])],
                change_id=str(k["change_id"]),
                score=float(k["score"]),
                confidence=str(k["confidence"]),
                method=str(k["method"]),
                final_start=k["final"]["start"],
                final_end=k["final"]["end"],
                final_text=fin_text,
                submission_start=k["submission"]["start"],
                submission_end=k["submission"]["end"],
                submission_text=sub_text,
                submission_pieces=sub_pieces,
                final_pieces=fin_pieces,
                draft_start=draft.get("start"),
                draft_end=draft.get("end"),
                draft_text=_draft_quote(draft, draft_text),
            )
        )
    return links


def _draft_quote(draft: Mapping[str, Any], draft_text: str | None) -> str:
    """What a link's edit took from the draft, from whole word to whole word."""
    if not draft:
        return ""
    if draft_text is None:
        return str(draft.get("text") or "")
    return quoted(draft_text, draft["start"], draft["end"])


def _evidence_pieces(sub_text: str, fin_text: str) -> tuple[list[_Piece], list[_Piece]]:
    """The submission's and the final's passages, each with its word differences marked.

    Punctuation and spaces at either end of the passages are never marked: a passage
    cut before a sentence's period, beside one that takes it, is the same words.
    """
    sub_lead, sub_core, sub_trail = _edges(sub_text)
    fin_lead, fin_core, fin_trail = _edges(fin_text)
    ops = list(word_ops(sub_core, fin_core))
    sub_pieces = _side_pieces(
        sub_lead,
        ((o.kind, sub_core[o.draft_start : o.draft_end]) for o in ops if o.kind != "insert"),
        sub_trail,
    )
    fin_pieces = _side_pieces(
        fin_lead,
        ((o.kind, fin_core[o.final_start : o.final_end]) for o in ops if o.kind != "delete"),
        fin_trail,
    )
    return sub_pieces, fin_pieces


def _side_pieces(lead: str, core: Iterable[tuple[str, str]], trail: str) -> list[_Piece]:
    """One side of an evidence pair: its unmarked edges around its marked words."""
    return _merge([_Piece("equal", lead), *(_Piece(k, t) for k, t in core), _Piece("equal", trail)])


def _edges(text: str) -> tuple[str, str, str]:
    """``text`` as (leading punctuation and spaces, the rest, trailing punctuation and spaces)."""
    start, end = 0, len(text)
    while start < end and _is_edge(text[start]):
        start += 1
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    return text[:start], text[start:end], text[end:]


def _is_edge(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def _merge(pieces: Iterable[_Piece]) -> list[_Piece]:
    out: list[_Piece] = []
    for p in pieces:
        if not p.text:
            continue
        if out and out[-1].kind == p.kind:
            out[-1] = _Piece(p.kind, out[-1].text + p.text)
        else:
            out.append(p)
    return out


def _passages(
    links: list[_Link], labels: Mapping[str, str], mixes: dict[str, _Mix], words: str
) -> list[_Passage]:
    """Links grouped by the passage of the final they credit (adds to ``mixes``)."""
    groups: dict[tuple[int, int], list[_Link]] = {}
    for link in links:
        groups.setdefault((link.final_start, link.final_end), []).append(link)
    passages: list[_Passage] = []
    for n, ((start, end), group) in enumerate(sorted(groups.items()), 1):
        people = sorted(
            {k.contributor.id: k.contributor for k in group}.values(), key=lambda c: c.key or 0
        )
        css = people[0].css if len(people) == 1 else _mix(people, mixes).css
        change_ids = sorted({k.change_id for k in group}, key=_natural)
        for link in group:
            link.passage = n
        passages.append(
            _Passage(
                n=n,
                start=start,
                end=end,
                text=shown_passage(group[0].final_text),
                labels=[labels.get(c, "") or message(words, "top") for c in change_ids],
                change_anchors=[(slug(c, "change"), c) for c in change_ids],
                links=group,
                contributors=people,
                css=css,
            )
        )
    return passages


def _mix(people: Sequence[_Contributor], mixes: dict[str, _Mix]) -> _Mix:
    key = "\0".join(p.css for p in people)
    css = "m-" + hashlib.sha256(key.encode()).hexdigest()[:8]
    if css not in mixes:
        mixes[css] = _Mix(css, tuple(p.tint for p in people))
    return mixes[css]


def _natural(change_id: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", change_id)
    return (int(digits) if digits else 0, change_id)


def _runs(
    text: str,
    links: list[_Link],
    passages: list[_Passage],
    mixes: dict[str, _Mix],
    words: str,
    *,
    with_href: bool,
) -> list[_Run]:
    """The final text cut at every link boundary, each cut knowing the links over it.

    After the last character of each link, or of the word it ends inside, comes its
    badge (one per link, so the page has exactly as many as there are links, even where
    passages coincide or overlap).
    """
    starting: dict[int, list[_Link]] = {}
    ending: dict[int, list[_Link]] = {}
    # A badge after a passage that ends inside a word goes after that word: "활성화하며[2]",
    # never "활성화하[2]며".
    badged: dict[int, list[_Link]] = {}
    for link in links:
        starting.setdefault(link.final_start, []).append(link)
        ending.setdefault(link.final_end, []).append(link)
        badged.setdefault(word_end(text, link.final_end), []).append(link)
    bounds = sorted({0, len(text), *starting, *ending, *badged})
    by_n = {p.n: p for p in passages}
    runs: list[_Run] = _badges(badged.get(0, []), words, with_href)
    active: dict[int, _Link] = {}  # the links over the text from here, by number
    for a, b in zip(bounds, bounds[1:], strict=False):
        for link in ending.get(a, []):
            active.pop(link.n, None)
        for link in starting.get(a, []):
            if link.final_end > a:
                active[link.n] = link
        over = [active[n] for n in sorted(active)]
        if not over:
            runs.append(_Run("text", text[a:b]))
        else:
            # The innermost passage (shortest, then first) is where a click should lead.
            inner = min(over, key=lambda k: (k.final_end - k.final_start, k.final_start))
            people = sorted(
                {k.contributor.id: k.contributor for k in over}.values(), key=lambda c: c.key or 0
            )
            css = people[0].css if len(people) == 1 else _mix(people, mixes).css
            runs.append(
                _Run(
                    "mark",
                    text[a:b],
                    css=css,
                    href=f"#{by_n[inner.passage].anchor}" if with_href else "",
                    title=message(words, "report.credited_to", ids=", ".join(p.id for p in people)),
                    links=" ".join(str(k.n) for k in over),
                    shared=len(people) > 1,
                )
            )
        runs.extend(_badges(badged.get(b, []), words, with_href))
    return runs


def _badges(links: list[_Link], words: str, with_href: bool) -> list[_Run]:
    if not links:
        return []
    badges = tuple(
        _Badge(
            link=k,
            href=f"#{k.anchor}" if with_href else "",
            title=message(
                words,
                "report.badge_title",
                id=k.contributor.id,
                score=_score(k.score),
                confidence=term(words, "confidence", k.confidence),
            ),
        )
        for k in links
    )
    return [_Run("refs", shared=len({b.link.contributor.id for b in badges}) > 1, badges=badges)]


def _changes(
    changes: list[Mapping[str, Any]], draft_text: str, links: list[_Link]
) -> list[_Change]:
    by_change: dict[str, list[_Link]] = {}
    for link in links:
        by_change.setdefault(link.change_id, []).append(link)
    out = []
    for c in changes:
        draft, final = c.get("draft"), c.get("final")
        if draft and final:
            d, f = draft["text"], final["text"]
            pieces = _merge(
                _Piece(
                    o.kind,
                    d[o.draft_start : o.draft_end]
                    if o.kind == "delete"
                    else f[o.final_start : o.final_end],
                )
                for o in word_ops(d, f)
            )
        elif final:
            pieces = [_Piece("insert", final["text"])]
        elif draft:
            pieces = [_Piece("delete", draft["text"])]
        else:
            pieces = []
        kind = str(c["kind"])
        out.append(
            _Change(
                id=str(c["id"]),
                anchor=slug(str(c["id"]), "change"),
                kind=kind if kind in _KINDS else "changed",
                label=c.get("label") or "",
                draft_label=c.get("draft_label"),
                pieces=pieces,
                links=by_change.get(str(c["id"]), []),
            )
        )
    return out


# --- intervals -----------------------------------------------------------------------


def _union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _length(spans: Iterable[tuple[int, int]]) -> int:
    return sum(end - start for start, end in spans)


def _intersection(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Characters in both of two merged span lists."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        total += max(0, hi - lo)
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total
