"""What became of each ask: every link given to the ask it stands in, each ask its outcome.

The matching passes find links (a passage of the final credited to a submission, with
the submission's words as evidence); an explicit edit is matched on its own
(:mod:`provenance.edits`). Here each link is given the ask of its submission whose
words hold its evidence, and each ask an outcome:

- ``adopted``: a link credits it (an explicit edit: every piece of it was made);
- ``adopted-in-part``: an explicit edit of which some pieces were made, not all;
- ``already-in-draft``: what it proposes to add stood in the draft already;
- ``not-found``: nothing in the final carries it. Wording for people says "not found
  in the final text", never "rejected": the tool cannot know why.

A link whose evidence lies in no ask (a sentence with no request marker, say) makes
an ask of its own of those words: every link credits an ask, and every ask with a link
says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from .asks import Proposal
from .edits import EditMatch, EditOutcome
from .model import Ask, Change, Link, Outcome, Submission


@dataclass(frozen=True, slots=True)
class Credited:
    """A run's links in their final order, with ids, and the asks of the submissions
    that have a link or an explicit edit, by submission id. The others' asks all have
    the outcome not-found: :func:`unlinked_asks` makes them when they are wanted."""

    links: tuple[Link, ...]
    asks: dict[str, tuple[Ask, ...]]


def ask_id(number: int, index: int) -> str:
    """An ask's id: the submission's place in the run and the ask's place in it (1-based),
    so that every ask has its id without numbering the asks of all the others first.

    >>> ask_id(0, 0), ask_id(11, 2)
    ('a1.1', 'a12.3')
    """
    return f"a{number + 1}.{index + 1}"


def unlinked_asks(
    number: int, submission: Submission, found: Sequence[Proposal]
) -> tuple[Ask, ...]:
    """The asks of a submission that no link credits: every one not found in the final."""
    return tuple(
        Ask(ask_id(number, k), submission.id, p.span, p.kind, p.old, p.new, "not-found")
        for k, p in enumerate(found)
    )


def assign(
    submissions: Sequence[Submission],
    links: Sequence[Link],
    proposals: Callable[[Submission], Sequence[Proposal]],
    edits: Mapping[tuple[int, int], EditOutcome],
    changes: Sequence[Change],
) -> Credited:
    """Give every link an id and the ask it credits, and every ask its outcome.

    ``proposals`` gives a submission's asks as :func:`provenance.asks.extract_asks` finds
    them; ``edits`` what became of each explicit one, by (submission number, ask index).
    ``links`` must be in the run's order; links of explicit edits are added to them.
    """
    by_submission: dict[str, list[Link]] = {}
    for link in links:
        by_submission.setdefault(link.submission_id, []).append(link)
    all_links: list[Link] = []
    drafts: list[tuple[Submission, list[tuple[Proposal, list[Link], EditOutcome | None]]]] = []
    drafts_of: list[int] = []
    edited = {number for number, _ in edits}
    for number, submission in enumerate(submissions):
        own = by_submission.get(submission.id, [])
        if not own and number not in edited:
            continue  # its asks, all not found, are made when wanted (unlinked_asks)
        drafts_of.append(number)
        found = list(proposals(submission))
        edit_links = [
            _edit_link(submission, proposal, match, changes)
            for proposal in found
            if (outcome := edits.get((number, proposal.index))) is not None
            for match in outcome.made
        ]
        # An edit link adds nothing where a link of the same submission already credits
        # its passage; the ask keeps its outcome from the edit either way.
        edit_links = [k for k in edit_links if not any(_covers(o, k) for o in own)]
        # Two asks may name one edit (a description and its diff): one link for it.
        edit_links = list({_key(k): k for k in reversed(edit_links)}.values())[::-1]
        asks: list[tuple[Proposal, list[Link], EditOutcome | None]] = [
            (p, [], edits.get((number, p.index))) for p in found
        ]
        for link in [*own, *edit_links]:
            at = _home(asks, link)
            if at is None:
                asks.append((_own_words(link, len(found) + len(asks)), [], None))
                at = len(asks) - 1
            asks[at][1].append(link)
        asks.sort(key=lambda a: (a[0].span.start, a[0].span.end))
        drafts.append((submission, asks))
        all_links += [*own, *edit_links]
    order = sorted(
        all_links,
        key=lambda k: (k.final.start, k.final.end, -k.score, k.submission_id, k.method),
    )
    link_ids = {id(k): f"l{n}" for n, k in enumerate(order, 1)}
    final_asks: dict[str, tuple[Ask, ...]] = {}
    ask_of: dict[int, str] = {}
    for number, (submission, asks) in zip(drafts_of, drafts, strict=True):
        made = []
        for k, (proposal, own_links, outcome) in enumerate(asks):
            name = ask_id(number, k)
            for link in own_links:
                ask_of[id(link)] = name
            made.append(
                Ask(
                    name,
                    submission.id,
                    proposal.span,
                    proposal.kind,
                    proposal.old,
                    proposal.new,
                    _outcome(own_links, outcome),
                    tuple(sorted((link_ids[id(k)] for k in own_links), key=_number)),
                )
            )
        final_asks[submission.id] = tuple(made)
    numbered = tuple(replace(k, id=link_ids[id(k)], ask_id=ask_of[id(k)]) for k in order)
    return Credited(numbered, final_asks)


def _outcome(links: Sequence[Link], edit: EditOutcome | None) -> Outcome:
    if edit is not None and edit.pieces:
        if edit.made:
            return "adopted" if len(edit.made) >= edit.pieces else "adopted-in-part"
        if edit.already_in_draft:
            return "already-in-draft"
    return "adopted" if links else "not-found"


def _home(
    asks: Sequence[tuple[Proposal, list[Link], EditOutcome | None]], link: Link
) -> int | None:
    """The ask whose words overlap the link's evidence most (the first of equals)."""
    best, at = 0, None
    for n, (proposal, _, _) in enumerate(asks):
        span = proposal.span
        overlap = min(span.end, link.submission.end) - max(span.start, link.submission.start)
        if overlap > best:
            best, at = overlap, n
    return at


def _own_words(link: Link, index: int) -> Proposal:
    """An ask made of a link's evidence, where it stands in no ask found."""
    return Proposal(index, link.submission, "request")


def _edit_link(
    submission: Submission, proposal: Proposal, match: EditMatch, changes: Sequence[Change]
) -> Link:
    """A link for an explicit edit the final made: full credit, the ask's words as evidence."""
    return Link(
        change_id=changes[match.change].id,
        submission_id=submission.id,
        final=match.final,
        submission=proposal.span,
        score=1.0,
        confidence="high",
        method="edit",
        draft=match.draft,
    )


def _covers(outer: Link, inner: Link) -> bool:
    """``outer`` credits the passage of ``inner`` already."""
    a, b = outer.final, inner.final
    return a.start <= b.start and b.end <= a.end and (a.start < a.end)


def _key(link: Link) -> tuple[str, str, int, int]:
    """What the store keys a link by: the passage and the submission credited."""
    return link.change_id, link.submission_id, link.final.start, link.final.end


def _number(link_id: str) -> int:
    return int(link_id[1:])


__all__ = ["Credited", "assign", "ask_id", "unlinked_asks"]
