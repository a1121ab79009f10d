"""Every error the library raises on purpose, in one place.

Every message names the input, states the cause and, where there is one, the fix.
Each class also inherits the built-in exception it is a kind of, so that code written
against the standard library (``except OSError``, ``except ValueError``) catches it.

    ProvenanceError                             base of everything below
     ├── UnreadableDocumentError(OSError)        a file exists but its text cannot be had
     │    ├── EmptyDocumentError(ValueError)      no text at all (empty, whitespace only)
     │    ├── BinaryDocumentError(ValueError)     bytes that are not text in any known encoding
     │    ├── CorruptDocumentError(ValueError)    a file its format's parser rejects
     │    ├── DocumentTooLargeError               over the size limit, refused before reading
     │    └── UnsupportedFormatError              a file extension we do not read
     ├── InvalidArgumentError(ValueError)        a caller passed what the library cannot mean
     │    ├── EarlierRunMismatchError             ``previous=`` a run this one cannot build on
     │    ├── NotACaseError                       a benchmark case folder that is not one
     │    └── UnknownLanguageError                a language code spaCy has no language for
     ├── StoreError                              a SQLite store cannot be opened, read or written
     ├── ReportError(ValueError)                 run data and the texts given with it disagree
     └── ModelUnavailableError(RuntimeError)     an optional model or extra is missing
"""

from __future__ import annotations


class ProvenanceError(Exception):
    """Base class of every error this library raises on purpose."""


class UnreadableDocumentError(ProvenanceError, OSError):
    """A document whose text cannot be obtained."""

    def __init__(self, path: str, cause: str) -> None:
        self.path = path
        self.cause = cause
        super().__init__(f"{path}: {cause}")

    def __str__(self) -> str:
        return f"{self.path}: {self.cause}"


class EmptyDocumentError(UnreadableDocumentError, ValueError):
    """The document holds no text (empty or whitespace only)."""


class BinaryDocumentError(UnreadableDocumentError, ValueError):
    """The bytes are not text in any encoding we recognise."""


class CorruptDocumentError(UnreadableDocumentError, ValueError):
    """A file that its format's parser cannot open (damaged, encrypted, a bomb)."""


class DocumentTooLargeError(UnreadableDocumentError):
    """A file over the size limit of one document, refused before it is read."""


class UnsupportedFormatError(UnreadableDocumentError):
    """A file extension this library does not read."""


class InvalidArgumentError(ProvenanceError, ValueError):
    """An argument the library cannot give a meaning to; the message says which."""


class EarlierRunMismatchError(InvalidArgumentError):
    """``attribute(previous=...)`` names a run that this one cannot add submissions to."""


class NotACaseError(InvalidArgumentError):
    """A folder given as a benchmark case lacks a draft, a final or a valid truth.json."""


class UnknownLanguageError(InvalidArgumentError):
    """A ``lang`` that is neither ``"auto"`` nor the code of a language spaCy knows."""


class StoreError(ProvenanceError):
    """A store that cannot be opened, read or written: the message says which and why."""


class ReportError(ProvenanceError, ValueError):
    """The run data and the texts given with it do not fit together."""


class ModelUnavailableError(ProvenanceError, RuntimeError):
    """An optional model or extra that a caller asked for is not installed."""
