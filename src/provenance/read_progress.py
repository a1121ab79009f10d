"""Submissions counted as a run reads them, told as ``Progress`` events of stage "read".

How many will come is known for what is named before reading starts (a mapping, a
list of submissions, the files found in folders: some may turn out unreadable), and
is estimated for uncompressed JSON Lines tables, which are read as a stream: rows read
so far times the tables' bytes over the bytes read so far. A table of another kind
(``.gz``, CSV, Parquet) is not measured, so its total is told only at the end.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable

from .model import Submission
from .progress import Progress, ProgressCallback
from .submission_tables import RowSubmission

__all__ = ["ReadCounter"]

_JSONL = (".jsonl", ".ndjson")


class ReadCounter:
    """Counts the submissions read and tells ``progress`` at most every ``every``
    seconds (and once at the end), so that a caller is not called a million times."""

    def __init__(
        self,
        progress: ProgressCallback | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        every: float = 0.1,
    ) -> None:
        self.progress = progress
        self.clock = clock
        self.every = every
        self.due = clock()  # the first submission is told at once
        self.count = 0
        self.expected = 0  # submissions known to come, besides the tables' rows
        # Each table's size in bytes, in the order read; None when one is not measured.
        self.tables: dict[str, int] | None = {}
        self.rows = 0  # rows read from measured tables
        self.last_row: RowSubmission | None = None

    def expect(self, count: int) -> None:
        """``count`` more submissions will come (or be skipped, if unreadable)."""
        self.expected += count

    def expect_tables(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        """These table files will be read, in this order."""
        for path in paths:
            name = os.path.abspath(os.fspath(path))
            if self.tables is None or not name.lower().endswith(_JSONL):
                self.tables = None
                return
            try:
                self.tables[name] = os.path.getsize(name)
            except OSError:  # skipped when read, with the reason
                self.tables[name] = 0

    def read(self, submission: Submission) -> None:
        """One more submission read."""
        self.count += 1
        if isinstance(submission, RowSubmission):
            self.rows += 1
            self.last_row = submission
        if self.progress is not None:
            now = self.clock()
            if now >= self.due:
                self.due = now + self.every
                event = self.event()
                if not event.finished:  # the last is told once, by finish()
                    self.progress(event)

    def finish(self) -> None:
        """Reading is over: tell the count, which is now also the total."""
        if self.progress is not None:
            self.progress(Progress("read", self.count, self.count))

    def event(self) -> Progress:
        """The count so far, with the total as far as it is known."""
        if not self.tables:  # no tables (exact) or one not measured (unknown)
            total = None if self.tables is None else self.expected
            return Progress("read", self.count, total)
        rows = self._table_rows()
        if rows is None:
            return Progress("read", self.count, None)
        return Progress("read", self.count, max(self.count, self.expected + rows), estimated=True)

    def _table_rows(self) -> int | None:
        """How many rows the tables hold, judged from those before the last row read."""
        if self.last_row is None or self.tables is None:
            return None
        name, offset = self.last_row.position
        if name not in self.tables:
            return None
        before = 0
        for table, size in self.tables.items():
            if table == name:
                break
            before += size
        read = before + offset  # the bytes of the rows before the last one
        if read <= 0:
            return None
        return round((self.rows - 1) * sum(self.tables.values()) / read)
