"""The ``provenance`` command: parses options, calls the library, prints the result.

Every command is a few lines: the library does the work (``provenance.pipeline``,
``provenance.output`` for the text of each ``--format``). A ``ProvenanceError`` becomes
a one-line click error in one place, ``_Cli.invoke``.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from provenance import ProvenanceError, __version__
from provenance.align import align
from provenance.cluster import dask_client
from provenance.errors import UnknownLanguageError
from provenance.evaluate import evaluate as evaluate_cases
from provenance.language import check_language
from provenance.output import (
    BINARY_FORMATS,
    DIFF_FORMATS,
    LEDGER_FORMATS,
    RESULT_FORMATS,
    SCORES_FORMATS,
    VERIFY_FORMATS,
    attribute_notes,
    format_diff,
    format_ledger,
    format_result,
    format_scores,
    format_verify,
    ledger_document,
)
from provenance.params import MIN_SCORE
from provenance.pipeline import attribute as attribute_run
from provenance.progress import Progress, Tracker
from provenance.read import read_document
from provenance.report import attribution_html
from provenance.result import load_run
from provenance.store import check_store, load_result_dict, load_run_texts, open_store
from provenance.terminal import visible
from provenance.verify import verify_run
from provenance.workers import default_jobs

F = TypeVar("F", bound=Callable[..., Any])


class _Cli(click.Group):
    """The command group; turns the library's errors into one-line click errors (with
    the control characters of file names in them escaped)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ProvenanceError as e:
            raise click.ClickException(visible(str(e))) from e


def _output_option(f: F) -> F:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="Write the result to this file instead of standard output.",
    )(f)


def _check_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """An unknown ``--lang`` is a usage error (exit 2), given before any file is read."""
    try:
        return check_language(value, name="--lang")
    except UnknownLanguageError as e:
        raise click.UsageError(visible(str(e)), ctx=ctx) from e


def _lang_option(f: F) -> F:
    return click.option(
        "--lang",
        default="auto",
        show_default=True,
        callback=_check_lang,
        help="Language of the texts (ISO 639-1 code such as en or ko; xx for spaCy's "
        "multi-language pipeline), or auto to detect.",
    )(f)


def _draft_and_final(f: F) -> F:
    # Not exists=True: an unreadable DRAFT or FINAL exits 1 with the reader's reason, not 2.
    for name in ("final", "draft"):
        f = click.argument(name, type=click.Path(dir_okay=True, path_type=Path))(f)
    return f


def _db_option(help: str, *, exists: bool = False) -> Callable[[F], F]:
    """``--db PATH`` (default ``provenance.db``), as every command that uses a store names it."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(exists=exists, dir_okay=False, path_type=Path),
        default="provenance.db",
        show_default=True,
        help=help,
    )


def _format_option(choices: dict[str, str]) -> Callable[[F], F]:
    """``--format`` with the first choice as default; ``choices`` maps each to its help."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=next(iter(choices)),
        show_default=True,
        help="; ".join(f"{name}: {text}" for name, text in choices.items()) + ".",
    )


def _min_score_option(help: str) -> Callable[[F], F]:
    return click.option(
        "--min-score", type=click.FloatRange(0, 1), default=MIN_SCORE, show_default=True, help=help
    )


_REDRAW = 0.2  # seconds between two redraws of the status line on a terminal
_LOG_EVERY = 10.0  # seconds between two progress lines when standard error is no terminal
_clock = time.monotonic  # tests put a fake clock here


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


class _Status:
    """The progress of a run on standard error, never on standard output.

    On a terminal: one line, redrawn at most every ``_REDRAW`` seconds and at the end
    of each stage, replaced by a summary at the end. Otherwise (a log): nothing for a
    run shorter than ``_LOG_EVERY`` seconds, so that short runs say only their notes;
    from then on a line at most every ``_LOG_EVERY`` seconds and at each stage's end,
    and the summary at the end. ``quiet``: nothing.
    """

    def __init__(self, *, quiet: bool) -> None:
        self.quiet, self.tty = quiet, not quiet and _stderr_is_terminal()
        self.tracker = Tracker(clock=_clock)
        self.shown_at: float | None = None  # when a line was last shown

    def __call__(self, event: Progress) -> None:
        self._show(force=self.tracker.update(event))

    def note(self, label: str) -> None:
        """Show what the run does next, counted by no event."""
        self.tracker.note(label)
        self._show(force=True)

    def _show(self, *, force: bool) -> None:
        if self.quiet:
            return
        now, last = _clock(), self.shown_at
        if self.tty:
            if force or last is None or now - last >= _REDRAW:
                self.shown_at = now
                click.echo(f"\r{self._fit(self.tracker.line())}\x1b[K", nl=False, err=True)
        elif now - self.tracker.started >= _LOG_EVERY and (
            force or last is None or now - last >= _LOG_EVERY
        ):
            self.shown_at = now
            click.echo(self.tracker.line(), err=True)

    @staticmethod
    def _fit(line: str) -> str:
        """The line cut to the terminal's width: a wrapped line cannot be redrawn."""
        try:
            width = os.get_terminal_size(sys.stderr.fileno()).columns
        except (OSError, ValueError, AttributeError):
            width = 0
        width = width or shutil.get_terminal_size().columns  # 0: a terminal of unknown size
        return line[: max(width - 1, 1)]

    def __enter__(self) -> _Status:
        self._show(force=True)
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if self.tty and kind is not None:
            click.echo("\r\x1b[K", nl=False, err=True)  # the error starts a clean line
        elif self.tty:
            click.echo(f"\r{self.tracker.summary()}\x1b[K", err=True)
        elif not self.quiet and kind is None and _clock() - self.tracker.started >= _LOG_EVERY:
            click.echo(self.tracker.summary(), err=True)


def _emit(text: str, output: Path | None, *, color: bool | None = None) -> None:
    """Write a result to ``output`` or standard output."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"), color=color)
    else:
        output.write_text(text, encoding="utf-8")


@click.group(cls=_Cli)
@click.version_option(__version__, prog_name="policy-provenance")
def cli() -> None:
    """Trace which public submissions shaped the final text of a policy."""


@cli.command()
@_draft_and_final
@_format_option(DIFF_FORMATS)
@_output_option
@_lang_option
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text redline (default: when writing to a terminal).",
)
def diff(
    draft: Path, final: Path, fmt: str, output: Path | None, lang: str, color: bool | None
) -> None:
    """Show what changed between DRAFT and FINAL, clause by clause.

    Each change is listed under the label of its clause in the document's own
    numbering (Commitment 3 > Milestone 3.2, 제5조(정의) > ② > 1.), with deleted
    words marked [-like this-] and inserted words {+like this+}.

    \b
    Example:
        provenance diff corpus/nap-en/draft.txt corpus/nap-en/final.txt
        provenance diff draft.docx final.pdf --format html -o redline.html
    """
    alignment = align(read_document(draft, lang=lang), read_document(final, lang=lang))
    if color is None:
        color = fmt == "text" and output is None and sys.stdout.isatty()
    _emit(format_diff(alignment, fmt, color=color), output, color=color)


@cli.command()
@_draft_and_final
@click.argument("submissions", nargs=-1, required=True, type=click.Path(path_type=Path))
@_db_option("SQLite file to store the run in.")
@click.option("--no-db", is_flag=True, help="Store nothing.")
@_format_option(RESULT_FORMATS)
@_output_option
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the proof report: one self-contained HTML page to publish.",
)
@_lang_option
@_min_score_option("Least score (0-1) of a link; lower finds more adoptions, with more mistakes.")
@click.option(
    "--no-semantic", is_flag=True, help="Skip the paraphrase pass; credit shared wording only."
)
@click.option(
    "--embedder",
    type=click.Path(path_type=Path),
    help="Folder of a model2vec embedding model for the paraphrase pass (needs the semantic "
    "extra; never downloaded). Default: TF-IDF, no model.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(0),
    default=0,
    show_default=True,
    help="Local worker processes for matching; 0 = one per core. Results do not depend on it.",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    help="Match on a Dask cluster: its scheduler address (tcp://host:8786), or 'local' for "
    "a cluster of this machine's cores. Needs the dask extra on every worker.",
)
@click.option(
    "--add-to",
    "add_to",
    metavar="RUN",
    help="Add SUBMISSIONS to a run stored in --db (its id, or 'latest'): only submissions "
    "it does not hold are read and matched; the result is that of a run over all of them.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress or notes on standard error.")
def attribute(
    draft: Path,
    final: Path,
    submissions: tuple[Path, ...],
    db_path: Path,
    no_db: bool,
    fmt: str,
    output: Path | None,
    report: Path | None,
    lang: str,
    min_score: float,
    no_semantic: bool,
    embedder: Path | None,
    jobs: int,
    dask_address: str | None,
    add_to: str | None,
    quiet: bool,
) -> None:
    """Credit each new passage of FINAL to the SUBMISSIONS it came from.

    SUBMISSIONS are files or folders (read recursively), or tables of submissions with
    id and text columns (.jsonl, .csv, .parquet, and .gz of the first two), read as a
    stream. Documents may be .txt, .md, .html, .docx, .doc, .rtf, .odt, .hwpx, .hwp or
    .pdf. Text that already stood in DRAFT is never credited. Unreadable submissions are
    skipped and listed.

    \b
    Example:
        cd corpus/nap-en && provenance attribute draft.txt final.txt submissions
        provenance attribute draft.docx final.pdf comments/ --format json -o links.json --no-db
        provenance attribute draft.txt final.txt comments.jsonl --jobs 0 --dask local
        provenance attribute draft.txt final.txt late-comments/ --add-to latest
    """
    if add_to is not None and no_db:
        raise click.UsageError("--add-to needs a --db to read the earlier run from")
    previous = None if add_to is None else load_run(db_path, None if add_to == "latest" else add_to)
    if not no_db:
        check_store(db_path)  # a bad --db fails now, not after all the matching
    with _Status(quiet=quiet) as status:
        with dask_client(dask_address) as client:
            result = attribute_run(
                draft,
                final,
                list(submissions),
                min_score=min_score,
                lang=lang,
                semantic=not no_semantic,
                embedder=None if no_semantic else embedder,
                jobs=jobs or default_jobs(),
                client=client,
                previous=previous,
                progress=status,
            )
        if not no_db:
            result.save(db_path, progress=status)
        if report is not None:
            status.note("writing the report")
            report.write_text(result.to_html(), encoding="utf-8")
        status.note("writing the result")
        text = format_result(result, fmt)
    stored_in = None if no_db else str(db_path)
    for note in [] if quiet else attribute_notes(result, previous=previous, stored_in=stored_in):
        click.echo(note, err=True)
    _emit(text, output)


@cli.command()
@click.argument(
    "cases", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@_format_option(SCORES_FORMATS)
@_output_option
@_min_score_option("Least score (0-1) of a link.")
@click.option("--no-semantic", is_flag=True, help="Skip the paraphrase pass.")
def evaluate(
    cases: tuple[Path, ...], fmt: str, output: Path | None, min_score: float, no_semantic: bool
) -> None:
    """Score attribution on benchmark CASES (folders with draft, final, submissions/, truth.json).

    Prints precision, recall and F1 per case and their mean, at submission level (was
    it adopted?) and passage level (does a link to the right submission overlap each
    truth passage; is each link right?).

    \b
    Example:
        provenance evaluate corpus/nap-en corpus/ordinance-ko
        provenance evaluate corpus/* --format json
    """
    scores = evaluate_cases(list(cases), min_score=min_score, semantic=not no_semantic)
    _emit(format_scores(scores, fmt), output)


def _page_lang_option(what: str) -> Callable[[F], F]:
    """``--lang auto|en|ko``: the language of a page's own words (``what``)."""
    return click.option(
        "--lang",
        type=click.Choice(["auto", "en", "ko"]),
        default="auto",
        show_default=True,
        help=f"Language of the {what}; auto follows the documents'.",
    )


@cli.command()
@_db_option("SQLite file holding the run.", exists=True)
@click.option("--run", "run_id", help="Run id (default: the latest run).")
@_page_lang_option("page's headings, labels and notes")
@_output_option
def report(db_path: Path, run_id: str | None, lang: str, output: Path | None) -> None:
    """Render a stored run again as the proof report: one self-contained HTML page.

    \b
    Example:
        provenance report --db provenance.db -o report.html
        provenance report --db provenance.db --run 4a2b8f4a431a299a -o report.html
        provenance report --db provenance.db --lang ko -o report-ko.html
    """
    with open_store(db_path, readonly=True) as db:
        data = load_result_dict(db, run_id)
        draft_text, final_text = load_run_texts(db, data["run_id"])
    page = attribution_html(data, final_text=final_text, draft_text=draft_text, lang=lang)
    _emit(page, output)


@cli.command()
@_db_option("SQLite file holding the run.", exists=True)
@click.option("--run", "run_id", help="Run id (default: the latest run).")
@_format_option(LEDGER_FORMATS)
@_page_lang_option("headings and outcome labels")
@click.option(
    "--by",
    type=click.Choice(["submission", "clause"]),
    default="submission",
    show_default=True,
    help="html and docx: a table per contributor, or one for all asks by clause of the final.",
)
@_output_option
@click.pass_context
def ledger(
    ctx: click.Context,
    db_path: Path,
    run_id: str | None,
    fmt: str,
    lang: str,
    by: str,
    output: Path | None,
) -> None:
    """What became of each submission's asks: one row per ask, with its outcome.

    Outcomes are adopted, adopted in part, already in the draft, or not found in the
    final text. The response column is left empty for the government's reasons.

    \b
    Example:
        provenance ledger --db provenance.db -o ledger.csv
        provenance ledger --db provenance.db --format json --lang ko
        provenance ledger --db provenance.db --format html -o ledger.html
        provenance ledger --db provenance.db --format docx --by clause -o ledger.docx
    """
    if fmt in BINARY_FORMATS and output is None:
        raise click.UsageError(f"--format {fmt} is a binary file: give -o FILE.{fmt}", ctx=ctx)
    with open_store(db_path, readonly=True) as db:
        data = load_result_dict(db, run_id)
    if fmt in BINARY_FORMATS and output is not None:
        output.write_bytes(ledger_document(data, lang=lang, by=by))
    else:
        _emit(format_ledger(data, fmt, lang=lang, by=by), output)


@cli.command()
@_db_option("SQLite file holding the run.")
@click.option("--run", "run_id", help="Run id (default: the latest run).")
@click.option(
    "--base",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder that relative input paths are resolved against (where attribute ran).",
)
@click.option(
    "--no-rerun",
    is_flag=True,
    help="Only check hashes and the store itself; do not make the run again from the files.",
)
@_format_option(VERIFY_FORMATS)
@_output_option
@click.pass_context
def verify(
    ctx: click.Context,
    db_path: Path,
    run_id: str | None,
    base: Path | None,
    no_rerun: bool,
    fmt: str,
    output: Path | None,
) -> None:
    """Check a stored run: input files unchanged, every stored claim still true.

    Re-hashes each input file still at its recorded path against the SHA-256 the run
    stored, checks that every link's evidence equals the stored document slices, and
    makes the run again from the files to compare every link, score and outcome (a
    store rewritten to agree with itself still fails). Exit 0 when all holds, 1 when
    anything differs, was altered or is missing (listed).

    \b
    Example:
        provenance verify --db provenance.db
        provenance verify --db provenance.db --run 4a2b8f4a431a299a --format json
    """
    found = verify_run(db_path, run_id, base=base, rerun=not no_rerun)
    _emit(format_verify(found, fmt, base=base), output)
    if not found.ok:
        ctx.exit(1)
