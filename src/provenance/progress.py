"""Where a long run stands: events for callers, and one line of it for people.

``attribute(..., progress=f)`` and ``AttributionResult.save(..., progress=f)`` call
``f`` with a :class:`Progress` now and then, never per text in a hot loop:

- ``read``: submissions read, at most every 0.1 s and once at the end (then ``total``
  is the count read). ``total`` is known when it can be: the number of submissions
  given or files found in folders (some may turn out unreadable), and for uncompressed
  JSON Lines tables an estimate (``estimated``) from the bytes read so far; for other
  tables (``.gz``, CSV, Parquet) it is None until the end.
- ``matched``: distinct new texts through pass 1 (``step`` 1, after each partition
  is answered; ``total`` None until reading ends), then texts through pass 2 (``step``
  2, after each job; ``total`` known from the start). Campaign copies and repeated
  texts are not counted: they are matched once, through their template or first copy.
- ``saved``: rows written to the store, after each batch; ``total`` known.

:class:`Tracker` turns the events into the status line and summary the command line
shows; it never prints.
"""

from __future__ import annotations

import collections
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Pieces", "Progress", "ProgressCallback", "Tracker", "duration_text", "rate_text"]

_UNITS = {"read": "submissions", "matched": "texts", "saved": "rows"}
# Stages in the order a run goes through them: (stage, step) -> label.
_LABELS = {
    ("read", 0): "reading",
    ("matched", 1): "matching (pass 1/2)",
    ("matched", 2): "matching (pass 2/2)",
    ("saved", 0): "saving",
}
# A rate is shown once a stage has run this long (seconds): before, it is noise.
_SETTLE = 0.5


@dataclass(frozen=True, slots=True)
class Progress:
    """``done`` of ``total`` (None while not known) in ``stage`` of a run.

    ``stage`` is "read" (submissions), "matched" (distinct texts; ``step`` 1 or 2 for
    the pass) or "saved" (store rows). ``estimated``: ``total`` is an estimate, which
    may be off either way until the stage's last event.
    """

    stage: str
    done: int
    total: int | None = None
    step: int = 0
    estimated: bool = False

    @property
    def unit(self) -> str:
        """What ``done`` counts: "submissions", "texts" or "rows"."""
        return _UNITS.get(self.stage, "items")

    @property
    def finished(self) -> bool:
        """Whether this is the stage's last event: all of a known total done."""
        return self.total is not None and not self.estimated and self.done >= self.total


ProgressCallback = Callable[[Progress], None]


class Pieces:
    """Tells ``progress`` how many items are through a stage that sends them out in
    pieces and has the answers back in the order sent: once a piece, never an item.

    ``total`` is the number of items, when known from the start; else it is the sum of
    the pieces sent, known at :meth:`all_sent`.
    """

    def __init__(
        self,
        progress: ProgressCallback | None,
        stage: str,
        step: int = 0,
        *,
        total: int | None = None,
    ) -> None:
        self.progress, self.stage, self.step = progress, stage, step
        self.sizes: collections.deque[int] = collections.deque()  # sent, not answered
        self.done = 0
        self.total = total
        self.given = total is not None
        self.sent_items = 0

    def sent(self, size: int) -> None:
        """A piece of ``size`` items is sent."""
        self.sizes.append(size)
        self.sent_items += size

    def all_sent(self) -> None:
        """No more pieces will be sent: the total is known; tell it."""
        if not self.given:
            self.total = self.sent_items
        self.tell()

    def answered(self) -> None:
        """The oldest piece sent is answered; tell it."""
        self.done += self.sizes.popleft()
        self.tell()

    def tell(self) -> None:
        """Tell ``progress`` the count so far."""
        if self.progress is not None:
            self.progress(Progress(self.stage, self.done, self.total, self.step))


def duration_text(seconds: float) -> str:
    """``m:ss``, or ``h:mm:ss`` from an hour on.

    >>> duration_text(4.6), duration_text(62), duration_text(3725)
    ('0:04', '1:02', '1:02:05')
    """
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def rate_text(per_second: float) -> str:
    """A rate per second, to a sensible precision.

    >>> rate_text(12345.6), rate_text(42.42), rate_text(0.25)
    ('12,346/s', '42/s', '0.2/s')
    """
    if per_second >= 10:
        return f"{per_second:,.0f}/s"
    return f"{per_second:.1f}/s"


@dataclass(slots=True)
class _Stage:
    first: Progress  # its first event, and when it came: the rate is counted from it
    first_at: float
    last: Progress
    last_at: float
    told: int  # the number of the tracker's latest update or note that was of this stage


class Tracker:
    """The state of a run from its :class:`Progress` events, as one line for people.

    The line names the first stage not yet finished (reading, then matching pass 1 and
    2, then saving: reading and pass 1 overlap, and pass 1 only follows the reading),
    with its counts, its rate from its first event to its latest, the time left at
    that rate where the total is known (ETA), and the time since the tracker was made;
    or, when the latest event ended a stage, that the stage is done.
    ``clock`` gives seconds (``time.monotonic``); tests give a fake one.

    >>> now = [0.0]
    >>> t = Tracker(clock=lambda: now[0])
    >>> _ = t.update(Progress("read", 0, 1000)); now[0] = 4.0
    >>> _ = t.update(Progress("read", 400, 1000))
    >>> t.line()
    '[0:04] reading: 400 of 1,000 submissions (40%), 100/s, ETA 0:06'
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.started = clock()
        self.stages: dict[tuple[str, int], _Stage] = {}
        self.label = "preparing"  # what the run is doing when no counted stage is under way
        self.told = 0  # updates and notes so far, to know which came last
        self.label_told = 0

    def update(self, event: Progress) -> bool:
        """Take an event; True when it finishes its stage."""
        now = self.clock()
        self.told += 1
        key = (event.stage, event.step)
        stage = self.stages.get(key)
        if stage is None:
            self.stages[key] = _Stage(event, now, event, now, self.told)
        else:
            stage.last, stage.last_at, stage.told = event, now, self.told
            if event.done == stage.first.done:  # nothing done yet: the rate starts here
                stage.first, stage.first_at = event, now
        return event.finished

    def note(self, label: str) -> None:
        """Name what the run does next, counted by no event ("writing the result")."""
        self.told += 1
        self.label, self.label_told = label, self.told

    def line(self) -> str:
        """The status now: the label, if named since the latest event; else the stage the
        latest event finished; else the first stage not finished."""
        elapsed = f"[{duration_text(self.clock() - self.started)}]"
        ordered = [self.stages[k] for k in _LABELS if k in self.stages]
        latest = max(ordered, key=lambda s: s.told, default=None)
        if latest is None or self.label_told > latest.told:
            return f"{elapsed} {self.label}"
        current = next((s for s in ordered if not s.last.finished), None)
        if current is None or latest.last.finished:
            event = latest.last
            text = f"{elapsed} {_label(event)} done: {_items(event.done, event.unit)}"
            # What attribute does next, which no event counts: the links and asks.
            return text + "; crediting" if (event.stage, event.step) == ("matched", 2) else text
        return f"{elapsed} {self._counts(current)}"

    def summary(self) -> str:
        """One line for the end of the run: what each stage counted, and the time."""
        parts = []
        read = self.stages.get(("read", 0))
        if read is not None:
            rate = self._rate(read, read.last_at)
            shown = "" if rate is None else f" ({rate_text(rate)})"
            parts.append(f"{_items(read.last.done, 'submissions')} read{shown}")
        passes = [self.stages.get(("matched", step)) for step in (1, 2)]
        if passes[0] is not None:
            text = f"{passes[0].last.done:,} distinct texts through pass 1"
            if passes[1] is not None:
                text += f" and {passes[1].last.done:,} through pass 2"
            parts.append(text)
        saved = self.stages.get(("saved", 0))
        if saved is not None:
            parts.append(f"{_items(saved.last.done, 'rows')} saved")
        took = f"done in {duration_text(self.clock() - self.started)}"
        return f"{took}: {', '.join(parts)}" if parts else took

    def _counts(self, stage: _Stage) -> str:
        event = stage.last
        total = event.total
        if total is None and event.stage == "saved":
            return f"{_label(event)}: making the rows"  # finding asks not found yet, too
        if total is None:
            text = f"{_label(event)}: {_items(event.done, event.unit)}"
        else:
            if event.estimated:  # an estimate below the count so far is plainly short
                total = max(total, event.done)
            share = min(99, 100 * event.done // total) if total else 100
            mark = "~" if event.estimated else ""
            text = f"{_label(event)}: {event.done:,} of {mark}{total:,} {event.unit} ({share}%)"
        rate = self._rate(stage, stage.last_at)
        if rate is not None:
            text += f", {rate_text(rate)}"
            if total is not None and rate > 0:
                text += f", ETA {duration_text(math.ceil((total - event.done) / rate))}"
        return text

    @staticmethod
    def _rate(stage: _Stage, now: float) -> float | None:
        """Items a second from the stage's first event (the last before any was done) to
        ``now``; None while too soon to say."""
        seconds = now - stage.first_at
        if seconds < _SETTLE:
            return None
        return (stage.last.done - stage.first.done) / seconds


def _items(count: int, unit: str) -> str:
    """``count`` ``unit``, in the singular for one: "1 submission", "2 texts"."""
    return f"{count:,} {unit.removesuffix('s') if count == 1 else unit}"


def _label(event: Progress) -> str:
    return _LABELS.get((event.stage, event.step), event.stage)
