"""policy-provenance: which public submissions shaped the final text of a policy?

>>> import provenance
>>> a = provenance.align("1. Publish budgets.", "1. Publish budgets monthly.")
>>> [(c.kind, c.label) for c in a.changes]
[('modified', '1.')]
"""

from .align import align, word_ops
from .errors import (
    BinaryDocumentError,
    CorruptDocumentError,
    EmptyDocumentError,
    ModelUnavailableError,
    ProvenanceError,
    UnreadableDocumentError,
    UnsupportedFormatError,
)
from .export import diff_to_dict, document_info, tool_info
from .language import detect_language
from .model import Alignment, Change, Clause, Document, Op, Span
from .normalize import normalize
from .read import decode_bytes, document_from_text, read_document
from .redline import redline_text, summarize
from .report import diff_html
from .segment import segment, split_sentences
from .version import __version__

__all__ = [
    "Alignment",
    "BinaryDocumentError",
    "Change",
    "Clause",
    "CorruptDocumentError",
    "Document",
    "EmptyDocumentError",
    "ModelUnavailableError",
    "Op",
    "ProvenanceError",
    "Span",
    "UnreadableDocumentError",
    "UnsupportedFormatError",
    "__version__",
    "align",
    "decode_bytes",
    "detect_language",
    "diff_html",
    "diff_to_dict",
    "document_from_text",
    "document_info",
    "normalize",
    "read_document",
    "redline_text",
    "segment",
    "split_sentences",
    "summarize",
    "tool_info",
    "word_ops",
]
