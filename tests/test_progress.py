"""Progress events and the line people read from them (issue 16, item 6)."""

from __future__ import annotations

import gzip
import json

import pytest

from provenance.model import Submission
from provenance.progress import Pieces, Progress, Tracker, duration_text, rate_text
from provenance.read import document_from_text
from provenance.read_progress import ReadCounter
from provenance.submission_tables import read_table


class Clock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


@pytest.mark.parametrize(
    "seconds, expected",
    [(0, "0:00"), (0.99, "0:00"), (59.9, "0:59"), (61, "1:01"), (3599, "59:59"),
     (3600, "1:00:00"), (90061, "25:01:01"), (-3, "0:00")],
)  # fmt: skip
def test_duration_text(seconds, expected):
    assert duration_text(seconds) == expected


@pytest.mark.parametrize(
    "rate, expected",
    [(0, "0.0/s"), (0.04, "0.0/s"), (2.55, "2.5/s"), (9.96, "10.0/s"), (10, "10/s"),
     (1234.5, "1,234/s"), (1_000_000, "1,000,000/s")],
)  # fmt: skip
def test_rate_text(rate, expected):
    assert rate_text(rate) == expected


def test_progress_knows_its_unit_and_when_it_is_finished():
    assert Progress("read", 3).unit == "submissions"
    assert Progress("matched", 3, 5, step=2).unit == "texts"
    assert Progress("saved", 3, 5).unit == "rows"
    assert not Progress("read", 3).finished  # no total: not known to be over
    assert not Progress("read", 3, 5).finished
    assert Progress("read", 5, 5).finished
    assert not Progress("read", 5, 5, estimated=True).finished  # an estimate ends nothing


def test_a_new_tracker_is_preparing(clock):
    tracker = Tracker(clock=clock)
    clock.advance(1.5)
    assert tracker.line() == "[0:01] preparing"
    assert tracker.summary() == "done in 0:01"


def test_rate_and_eta_count_from_the_stage_s_first_event(clock):
    tracker = Tracker(clock=clock)
    clock.advance(2)  # preparing: not part of the reading rate
    tracker.update(Progress("read", 1, 1001))
    clock.advance(0.4)
    tracker.update(Progress("read", 100, 1001))
    # Too soon to tell a rate: no rate, no ETA.
    assert tracker.line() == "[0:02] reading: 100 of 1,001 submissions (9%)"
    clock.advance(3.6)
    tracker.update(Progress("read", 401, 1001))
    # 400 in 4 s is 100/s; 600 left at that rate is 6 s.
    assert tracker.line() == "[0:06] reading: 401 of 1,001 submissions (40%), 100/s, ETA 0:06"
    clock.advance(10)  # no event since: the rate and ETA are those of the last event
    assert tracker.line() == "[0:16] reading: 401 of 1,001 submissions (40%), 100/s, ETA 0:06"


def test_eta_rounds_up(clock):
    tracker = Tracker(clock=clock)
    tracker.update(Progress("saved", 0, 1000))
    clock.advance(1)
    tracker.update(Progress("saved", 999, 1000))
    assert tracker.line().endswith("(99%), 999/s, ETA 0:01")


def test_an_unknown_total_has_a_rate_but_no_eta(clock):
    tracker = Tracker(clock=clock)
    tracker.update(Progress("read", 0))
    clock.advance(2)
    tracker.update(Progress("read", 5000))
    assert tracker.line() == "[0:02] reading: 5,000 submissions, 2,500/s"
    tracker.update(Progress("read", 1))
    assert tracker.line() == "[0:02] reading: 1 submission, 0.5/s"


def test_an_estimated_total_is_marked_and_never_below_the_count(clock):
    tracker = Tracker(clock=clock)
    tracker.update(Progress("read", 0, 2000, estimated=True))
    clock.advance(1)
    tracker.update(Progress("read", 1000, 2000, estimated=True))
    assert tracker.line() == "[0:01] reading: 1,000 of ~2,000 submissions (50%), 1,000/s, ETA 0:01"
    tracker.update(Progress("read", 2100, 2000, estimated=True))  # the estimate fell short
    assert "2,100 of ~2,100 submissions (99%)" in tracker.line()


def test_the_line_follows_the_first_unfinished_stage(clock):
    tracker = Tracker(clock=clock)
    tracker.update(Progress("read", 1))
    tracker.update(Progress("matched", 0, None, step=1))
    clock.advance(1)
    tracker.update(Progress("read", 3000))
    tracker.update(Progress("matched", 2500, None, step=1))  # pass 1 follows the reading
    assert tracker.line().startswith("[0:01] reading: 3,000 submissions")
    assert tracker.update(Progress("read", 3000, 3000)) is True  # reading is over
    assert tracker.line() == "[0:01] reading done: 3,000 submissions"
    tracker.update(Progress("matched", 2600, 2900, step=1))
    assert (
        tracker.line()
        == "[0:01] matching (pass 1/2): 2,600 of 2,900 texts (89%), 2,600/s, ETA 0:01"
    )
    tracker.update(Progress("matched", 2900, 2900, step=1))
    assert tracker.line() == "[0:01] matching (pass 1/2) done: 2,900 texts"
    tracker.update(Progress("matched", 0, 40, step=2))
    clock.advance(1)
    tracker.update(Progress("matched", 10, 40, step=2))
    assert tracker.line() == "[0:02] matching (pass 2/2): 10 of 40 texts (25%), 10/s, ETA 0:03"
    tracker.update(Progress("matched", 40, 40, step=2))
    assert tracker.line() == "[0:02] matching (pass 2/2) done: 40 texts; crediting"
    tracker.update(Progress("saved", 0, None))
    assert tracker.line() == "[0:02] saving: making the rows"
    clock.advance(60)  # finding the asks of the rest, say
    tracker.update(Progress("saved", 0, 5000))
    clock.advance(1)
    tracker.update(Progress("saved", 2000, 5000))  # the rate counts from the rows' start
    assert tracker.line() == "[1:03] saving: 2,000 of 5,000 rows (40%), 2,000/s, ETA 0:02"
    tracker.update(Progress("saved", 5000, 5000))
    tracker.note("writing the result")
    assert tracker.line() == "[1:03] writing the result"


def test_summary_counts_every_stage(clock):
    tracker = Tracker(clock=clock)
    clock.advance(1)
    tracker.update(Progress("read", 1, None))
    clock.advance(2)
    tracker.update(Progress("read", 5001, 5001))
    tracker.update(Progress("matched", 4000, 4000, step=1))
    tracker.update(Progress("matched", 120, 120, step=2))
    clock.advance(1)
    tracker.update(Progress("saved", 20000, 20000))
    clock.advance(61)
    assert tracker.summary() == (
        "done in 1:05: 5,001 submissions read (2,500/s), 4,000 distinct texts through pass 1"
        " and 120 through pass 2, 20,000 rows saved"
    )


def test_pieces_tell_each_answer_in_the_order_sent():
    events: list[Progress] = []
    pieces = Pieces(events.append, "matched", 1)
    pieces.sent(3)
    pieces.sent(4)
    pieces.answered()
    pieces.sent(2)
    pieces.all_sent()
    pieces.answered()
    pieces.answered()
    assert [(e.done, e.total) for e in events] == [(3, None), (3, 9), (7, 9), (9, 9)]
    assert all(e.stage == "matched" and e.step == 1 for e in events)
    given = Pieces(events.append, "matched", 2, total=5)
    given.tell()
    assert events[-1] == Progress("matched", 0, 5, 2)
    Pieces(None, "saved").tell()  # nobody to tell: nothing happens


def _submission(n: int) -> Submission:
    return Submission(f"s{n}", document_from_text(f"text {n}"))


def test_read_counter_tells_at_most_every_interval_and_at_the_end(clock):
    events: list[Progress] = []
    counter = ReadCounter(events.append, clock=clock, every=0.1)
    counter.expect(10)
    for n in range(10):
        counter.read(_submission(n))
        clock.advance(0.04)
    counter.finish()
    # The first at once, then every 0.1 s of a 0.04 s step: after 3 steps, 3 more, ...;
    # the tenth would be due too, but the end is told once, by finish().
    assert [e.done for e in events] == [1, 4, 7, 10]
    assert all(e.total == 10 and not e.estimated for e in events)
    assert events[-1].finished


def test_read_counter_tells_the_end_once(clock):
    events: list[Progress] = []
    counter = ReadCounter(events.append, clock=clock, every=0)
    counter.expect(2)
    counter.read(_submission(1))
    counter.read(_submission(2))  # all there are, but only finish() may say so
    counter.finish()
    assert events == [Progress("read", 1, 2), Progress("read", 2, 2)]


def test_read_counter_without_a_callback_counts_quietly(clock):
    counter = ReadCounter(None, clock=clock)
    counter.read(_submission(1))
    counter.finish()
    assert counter.count == 1


def _jsonl(path, rows: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for n in range(rows):
            # Lines of one length: the estimate is then exact.
            f.write(json.dumps({"id": f"c{n:04d}", "text": f"comment {n:04d} " * 3}) + "\n")


def test_read_counter_estimates_a_json_lines_table_from_its_bytes(tmp_path, clock):
    table = tmp_path / "comments.jsonl"
    _jsonl(table, 200)
    events: list[Progress] = []
    counter = ReadCounter(events.append, clock=clock, every=0)
    counter.expect(5)  # five files besides
    counter.expect_tables([table])
    for n in range(5):
        counter.read(_submission(n))
    assert events[-1] == Progress("read", 5, None)  # its rows are not guessed before it is read
    for submission in read_table(table):
        assert isinstance(submission, Submission)
        counter.read(submission)
    counter.finish()
    from_table = [e for e in events if e.estimated]
    assert len(from_table) == 199 and all(e.total == 205 for e in from_table)
    assert events[-1] == Progress("read", 205, 205)


@pytest.mark.parametrize("name", ["comments.jsonl.gz", "comments.csv"])
def test_read_counter_does_not_guess_other_tables(tmp_path, clock, name):
    table = tmp_path / name
    if name.endswith(".gz"):
        with gzip.open(table, "wt", encoding="utf-8") as f:
            f.write(json.dumps({"id": 1, "text": "a comment"}) + "\n")
    else:
        table.write_text("id,text\n1,a comment\n", encoding="utf-8")
    events: list[Progress] = []
    counter = ReadCounter(events.append, clock=clock, every=0)
    counter.expect(2)
    counter.expect_tables([tmp_path / "other.jsonl", table])
    counter.read(_submission(1))
    assert events[-1] == Progress("read", 1, None)
