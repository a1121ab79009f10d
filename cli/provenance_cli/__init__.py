"""The ``provenance`` command: parses options, calls the library, prints the result."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

import provenance

F = TypeVar("F", bound=Callable[..., Any])


def _output_option(f: F) -> F:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="Write the result to this file instead of standard output.",
    )(f)


def _lang_option(f: F) -> F:
    return click.option(
        "--lang",
        default="auto",
        show_default=True,
        help="Language of the texts (ISO 639-1 code such as en or ko), or auto to detect.",
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


class _Counter:
    """A count on one line of standard error, redrawn now and then (when shown)."""

    def __init__(self, label: str, *, hidden: bool) -> None:
        self.label, self.hidden, self.count = label, hidden, 0

    def update(self, count: int) -> None:
        self.count = count
        if not self.hidden and count % 500 == 0:
            click.echo(f"\r{self.label}: {count:,}", nl=False, err=True)

    def __enter__(self) -> _Counter:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.hidden and self.count:
            click.echo(f"\r{self.label}: {self.count:,}, matching done", err=True)


def _earlier_run(db_path: Path, run: str) -> provenance.AttributionResult:
    """The stored run to add submissions to ("latest" for the last one saved)."""
    if not db_path.is_file():
        raise provenance.ProvenanceError(f"{db_path}: no such store; --add-to needs one")
    with provenance.open_store(db_path) as db:
        return provenance.load_run(db, None if run == "latest" else run)


@contextlib.contextmanager
def _dask_client(address: str | None) -> Iterator[Any]:
    """A Dask client for ``--dask``, closed afterwards; None without the option."""
    if address is None:
        yield None
        return
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:
        raise provenance.ProvenanceError(
            "--dask needs Dask: pip install 'policy-provenance[dask]'"
        ) from e
    if address == "local":
        with (
            LocalCluster(processes=True, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(address, timeout="10s")
    except OSError as e:
        raise provenance.ProvenanceError(
            f"--dask {address}: cannot reach the scheduler ({e})"
        ) from e
    with client:
        yield client


def _emit(text: str, output: Path | None, *, color: bool | None = None) -> None:
    """Write a result to ``output`` or standard output."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"), color=color)
    else:
        output.write_text(text, encoding="utf-8")


def _load(path: Path, lang: str) -> provenance.Document:
    try:
        return provenance.read_document(path, lang=lang)
    except provenance.ProvenanceError as e:
        raise click.ClickException(str(e)) from e


@click.group()
@click.version_option(provenance.__version__, prog_name="policy-provenance")
def cli() -> None:
    """Trace which public submissions shaped the final text of a policy."""


@cli.command()
@_draft_and_final
@_format_option(
    {"text": "a redline to read", "json": "provenance-diff/1", "html": "a self-contained page"}
)
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
    alignment = provenance.align(_load(draft, lang), _load(final, lang))
    if fmt == "json":
        text = json.dumps(provenance.diff_to_dict(alignment), ensure_ascii=False, indent=2)
    elif fmt == "html":
        text = provenance.diff_html(alignment)
    else:
        if color is None:
            color = output is None and sys.stdout.isatty()
        text = provenance.redline_text(alignment, color=color)
    _emit(text, output, color=color)


@cli.command()
@_draft_and_final
@click.argument("submissions", nargs=-1, required=True, type=click.Path(path_type=Path))
@_db_option("SQLite file to store the run in.")
@click.option("--no-db", is_flag=True, help="Store nothing.")
@_format_option({"table": "to read", "json": "provenance-attribution/1", "csv": "one row a link"})
@_output_option
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the proof report: one self-contained HTML page to publish.",
)
@_lang_option
@click.option(
    "--min-score",
    type=click.FloatRange(0, 1),
    default=provenance.MIN_SCORE,
    show_default=True,
    help="Least score (0-1) of a link; lower finds more adoptions, with more mistakes.",
)
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
    try:
        model = None if embedder is None or no_semantic else provenance.load_embedder(embedder)
    except provenance.ProvenanceError as e:
        raise click.ClickException(str(e)) from e
    draft_doc, final_doc = _load(draft, lang), _load(final, lang)
    try:
        previous = None if add_to is None else _earlier_run(db_path, add_to)
        counter = _Counter("reading submissions", hidden=quiet or not sys.stderr.isatty())
        with _dask_client(dask_address) as client, counter:
            result = provenance.attribute(
                draft_doc,
                final_doc,
                submissions,
                min_score=min_score,
                lang=lang,
                semantic=not no_semantic,
                embedder=model,
                jobs=jobs or provenance.default_jobs(),
                client=client,
                previous=previous,
                progress=counter.update,
            )
        if not no_db:
            result.save(db_path)
    except provenance.ProvenanceError as e:
        raise click.ClickException(str(e)) from e
    if report is not None:
        report.write_text(provenance.result_html(result), encoding="utf-8")
    if not quiet:
        for item in result.skipped:
            click.echo(f"skipped {item.path}: {item.reason}", err=True)
        if previous is not None:
            added = len(result.submissions) - len(previous.submissions)
            click.echo(
                f"added {added} submissions to run {previous.run_id}: matched"
                f" {result.processed} new texts, not the {len(previous.submissions)} it had",
                err=True,
            )
        if not no_db:
            click.echo(f"stored run {result.run_id} in {db_path}", err=True)
    if fmt == "json":
        text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
    elif fmt == "csv":
        text = provenance.links_csv(result)
    else:
        text = provenance.attribution_table(result)
    _emit(text, output)


@cli.command()
@click.argument(
    "cases", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@_format_option({"table": "to read", "json": "scores per case and their mean"})
@_output_option
@click.option(
    "--min-score",
    type=click.FloatRange(0, 1),
    default=provenance.MIN_SCORE,
    show_default=True,
    help="Least score (0-1) of a link.",
)
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
    try:
        scores = provenance.evaluate(list(cases), min_score=min_score, semantic=not no_semantic)
    except provenance.ProvenanceError as e:
        raise click.ClickException(str(e)) from e
    submission_f1, passage_f1 = provenance.mean_f1(scores)
    if fmt == "json":
        data = {
            "cases": [s.as_dict() for s in scores],
            "mean": {"submission_f1": round(submission_f1, 4), "passage_f1": round(passage_f1, 4)},
        }
        _emit(json.dumps(data, ensure_ascii=False, indent=2), output)
        return
    _emit(provenance.scores_table(scores), output)


@cli.command()
@_db_option("SQLite file holding the run.", exists=True)
@click.option("--run", "run_id", help="Run id (default: the latest run).")
@_output_option
def report(db_path: Path, run_id: str | None, output: Path | None) -> None:
    """Render a stored run again as the proof report: one self-contained HTML page.

    \b
    Example:
        provenance report --db provenance.db -o report.html
        provenance report --db provenance.db --run 4a2b8f4a431a299a -o report.html
    """
    try:
        db = provenance.open_store(db_path)
        data = provenance.load_result_dict(db, run_id)
        draft_text, final_text = provenance.load_run_texts(db, data["run_id"])
        html = provenance.attribution_html(data, final_text=final_text, draft_text=draft_text)
    except provenance.ProvenanceError as e:
        raise click.ClickException(str(e)) from e
    _emit(html, output)


@cli.command()
@_db_option("SQLite file holding the run.")
@click.option("--run", "run_id", help="Run id (default: the latest run).")
@click.option(
    "--base",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder that relative input paths are resolved against (where attribute ran).",
)
@_format_option({"table": "to read", "json": "every finding as data"})
@_output_option
@click.pass_context
def verify(
    ctx: click.Context,
    db_path: Path,
    run_id: str | None,
    base: Path | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Check a stored run: input files unchanged, every stored claim still true.

    Re-hashes each input file still at its recorded path against the SHA-256 the run
    stored, and checks that every link's evidence equals the stored document slices.
    Exit 0 when all holds, 1 when anything was altered or is missing (listed).

    \b
    Example:
        provenance verify --db provenance.db
        provenance verify --db provenance.db --run 4a2b8f4a431a299a --format json
    """
    try:
        found = provenance.verify_run(db_path, run_id, base=base)
    except provenance.ProvenanceError as e:
        raise click.ClickException(str(e)) from e
    if fmt == "json":
        _emit(json.dumps(found.as_dict(), ensure_ascii=False, indent=2), output)
    else:
        rows = [f"{f.kind:<10} {f.subject}: {f.detail}" for f in found.problems]
        rows += [f"{'unchecked':<10} {f.subject}: {f.detail}" for f in found.unchecked]
        verdict = "ok" if found.ok else f"{len(found.problems)} problems"
        rows.append(f"run {found.run_id}: {verdict}")
        _emit("\n".join(rows) + "\n", output)
    if not found.ok:
        ctx.exit(1)
