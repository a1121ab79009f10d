"""The ``provenance`` command: parses options, calls the library, prints the result."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
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
@click.argument("draft", type=click.Path(dir_okay=True, path_type=Path))
@click.argument("final", type=click.Path(dir_okay=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text: a redline to read; json: provenance-diff/1; html: a self-contained page.",
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
