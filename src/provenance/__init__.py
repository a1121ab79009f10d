"""policy-provenance: which public submissions shaped the final text of a policy?

>>> import provenance
>>> a = provenance.align("1. Publish budgets.", "1. Publish budgets monthly.")
>>> [(c.kind, c.label) for c in a.changes]
[('modified', '1.')]
"""

from .align import align, word_ops
from .embedding import Embedder, load_embedder
from .engine import EngineState
from .errors import (
    BinaryDocumentError,
    CorruptDocumentError,
    EmptyDocumentError,
    ModelUnavailableError,
    ProvenanceError,
    UnreadableDocumentError,
    UnsupportedFormatError,
)
from .evaluate import CaseScore, Score, evaluate, load_case, mean_f1, score_case, scores_table
from .export import diff_to_dict, document_info, tool_info
from .language import detect_language
from .lexical import MIN_SCORE
from .model import Alignment, Change, Clause, Document, Link, Op, Skipped, Span, Submission
from .normalize import normalize
from .pipeline import AttributionResult, attribute
from .read import DocumentTooLargeError, decode_bytes, document_from_text, read_document
from .redline import redline_text, summarize
from .report import ReportError, attribution_html, diff_html, result_html, summary_html
from .segment import segment, split_sentences
from .submission_tables import is_table, read_table
from .submissions import find_submissions, read_submissions
from .tables import attribution_table, links_csv
from .version import __version__
from .workers import default_jobs

# The store and verify load sqlite-utils (0.2 s); imported on first use, not with the package.
_STORE_NAMES = frozenset(
    {
        "StoreError",
        "list_runs",
        "load_result_dict",
        "load_run",
        "load_run_texts",
        "open_store",
        "save_result",
    }
)
_VERIFY_NAMES = frozenset({"Finding", "VerifyReport", "verify_run"})


def __getattr__(name: str) -> object:
    if name in _STORE_NAMES:
        from . import store

        return getattr(store, name)
    if name in _VERIFY_NAMES:
        from . import verify

        return getattr(verify, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_STORE_NAMES, *_VERIFY_NAMES})


__all__ = [
    "Alignment",
    "AttributionResult",
    "BinaryDocumentError",
    "CaseScore",
    "Change",
    "Clause",
    "CorruptDocumentError",
    "Document",
    "DocumentTooLargeError",
    "Embedder",
    "EmptyDocumentError",
    "EngineState",
    "Finding",
    "Link",
    "MIN_SCORE",
    "ModelUnavailableError",
    "Op",
    "ProvenanceError",
    "ReportError",
    "Score",
    "Skipped",
    "Span",
    "StoreError",
    "Submission",
    "UnreadableDocumentError",
    "UnsupportedFormatError",
    "VerifyReport",
    "__version__",
    "align",
    "attribute",
    "attribution_html",
    "attribution_table",
    "decode_bytes",
    "default_jobs",
    "detect_language",
    "diff_html",
    "diff_to_dict",
    "document_from_text",
    "document_info",
    "evaluate",
    "find_submissions",
    "is_table",
    "links_csv",
    "list_runs",
    "load_case",
    "load_embedder",
    "load_result_dict",
    "load_run",
    "load_run_texts",
    "mean_f1",
    "normalize",
    "open_store",
    "read_document",
    "read_submissions",
    "read_table",
    "redline_text",
    "result_html",
    "save_result",
    "score_case",
    "scores_table",
    "segment",
    "split_sentences",
    "summarize",
    "summary_html",
    "tool_info",
    "verify_run",
    "word_ops",
]
