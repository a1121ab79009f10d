"""HTML pages: self-contained (inline CSS, no script, no network), escaped by Jinja2."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from .export import diff_to_dict
from .model import Alignment
from .redline import change_pieces, document_pieces, summarize


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("provenance", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def diff_html(alignment: Alignment) -> str:
    """The redline of ``alignment`` as one HTML page that needs nothing else to show."""
    template = _environment().get_template("diff.html")
    data = diff_to_dict(alignment)
    return template.render(
        data=data,
        summary=summarize(alignment),
        changes=[(c, change_pieces(alignment, c)) for c in alignment.changes],
        document=document_pieces(alignment),
    )
