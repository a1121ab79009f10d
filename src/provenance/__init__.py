"""policy-provenance: which public submissions shaped the final text of a policy?

The names below are the whole public API; the README's "Python API" section shows
each with an example. Everything else stays importable from its own module
(``provenance.report``, ``provenance.store``, ...) but may change between versions.

>>> import provenance
>>> a = provenance.align("1. Publish budgets.", "1. Publish budgets monthly.")
>>> [(c.kind, c.label) for c in a.changes]
[('modified', '1.')]
"""

from .align import align
from .errors import InvalidArgumentError, ProvenanceError, StoreError, UnreadableDocumentError
from .evaluate import evaluate
from .export import diff_to_dict
from .model import Alignment, Ask, Change, Document, Link, Skipped, Span, Submission
from .params import MIN_SCORE
from .pipeline import attribute
from .progress import Progress
from .read import read_document
from .result import AttributionResult, load_run
from .verify import verify_run
from .version import __version__

__all__ = [
    "Alignment",
    "Ask",
    "AttributionResult",
    "Change",
    "Document",
    "InvalidArgumentError",
    "Link",
    "MIN_SCORE",
    "Progress",
    "ProvenanceError",
    "Skipped",
    "Span",
    "StoreError",
    "Submission",
    "UnreadableDocumentError",
    "__version__",
    "align",
    "attribute",
    "diff_to_dict",
    "evaluate",
    "load_run",
    "read_document",
    "verify_run",
]
