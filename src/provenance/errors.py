"""Errors the library raises on purpose.

Every message names the input, states the cause and, where there is one, the fix.

    ProvenanceError                      base of everything below
     ├── UnreadableDocumentError(OSError) a file exists but its text cannot be had
     │    ├── EmptyDocumentError(ValueError-like) no text at all (empty, whitespace only)
     │    ├── BinaryDocumentError          bytes that are not text in any known encoding
     │    ├── CorruptDocumentError         a PDF or DOCX that its parser rejects
     │    └── UnsupportedFormatError       a file extension we do not read
     └── ModelUnavailableError(RuntimeError) an optional model or extra is missing
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


class EmptyDocumentError(UnreadableDocumentError):
    """The document holds no text (empty or whitespace only)."""


class BinaryDocumentError(UnreadableDocumentError):
    """The bytes are not text in any encoding we recognise."""


class CorruptDocumentError(UnreadableDocumentError):
    """A PDF or DOCX file that its parser cannot open."""


class UnsupportedFormatError(UnreadableDocumentError):
    """A file extension this library does not read."""


class ModelUnavailableError(ProvenanceError, RuntimeError):
    """An optional model or extra that a caller asked for is not installed."""
