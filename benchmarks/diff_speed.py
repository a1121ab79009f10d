"""How fast does `align` diff two ~1 MB policy texts? Compared with difflib in the same run.

Builds a synthetic national-action-plan-like text (numbered commitments, milestones,
paragraphs; words drawn with a Zipf-like skew from a policy vocabulary), then a final
with realistic edits: reworded clauses, inserted and deleted clauses, moved clauses.
Times `provenance.align` (segmentation, clause alignment and word diffs) and difflib's
`SequenceMatcher(autojunk=False)` over the same two word lists, and prints the ratio.

    python benchmarks/diff_speed.py [--mb 1.0] [--seed 7] [--no-baseline]
"""

from __future__ import annotations

import argparse
import difflib
import random
import re
import time

from provenance import Document, align

VOCABULARY = """
the of and to in a for on with by that will be is are as from this at or an all
public government ministry agency council citizens civil society organisations data open
budget contracts procurement transparency accountability participation access information
publish published publication online portal format machine-readable annual quarterly
monthly report reports review reviewed consultation consultations hearing hearings
commitment milestone milestones deadline lead responsible implementation implement
monitor monitoring evaluation indicator indicators baseline target targets progress
local regional national municipal district city province rural urban community
women youth persons disabilities minorities inclusive inclusion language languages
beneficial ownership register registry companies tenders awards suppliers payments
audit auditor office court parliament committee legislation law laws regulation
rules decree framework policy policies strategy plan action national including
within days months years first second third each every new existing current
health education water land environment climate energy transport justice police
complaints feedback grievance mechanism whistleblowers protection privacy personal
training staff officials capacity guidelines standards methodology template
""".split()


def _word(rng: random.Random) -> str:
    # Zipf-like: early words of the list are far more common, as in real text.
    return VOCABULARY[min(int(rng.paretovariate(1.1)) - 1, len(VOCABULARY) - 1)]


def _sentence(rng: random.Random) -> str:
    words = [_word(rng) for _ in range(rng.randint(8, 28))]
    return (" ".join(words)).capitalize() + "."


def make_draft(target_chars: int, rng: random.Random) -> list[str]:
    """Clauses of a synthetic plan, about ``target_chars`` long in all."""
    clauses: list[str] = []
    size = 0
    commitment = 0
    while size < target_chars:
        commitment += 1
        block = [f"## Commitment {commitment}: {_sentence(rng)[:-1]}"]
        block += [
            " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
            for _ in range(rng.randint(1, 3))
        ]
        milestones = range(1, rng.randint(3, 7))
        block += [f"Milestone {commitment}.{m}: {_sentence(rng)}" for m in milestones]
        clauses += block
        size += sum(len(c) + 2 for c in block)
    return clauses


def make_final(draft: list[str], rng: random.Random) -> list[str]:
    """The draft with about 8% of its clauses reworded, inserted, deleted or moved."""
    final = list(draft)
    for _ in range(max(1, len(final) // 25)):  # reworded clauses
        i = rng.randrange(len(final))
        words = final[i].split(" ")
        for _ in range(rng.randint(1, 4)):
            j = rng.randrange(len(words))
            words[j : j + rng.randint(0, 3)] = [_word(rng) for _ in range(rng.randint(0, 6))]
        final[i] = " ".join(words) or "Reworded."
    for _ in range(max(1, len(final) // 100)):  # inserted
        final.insert(rng.randrange(len(final)), _sentence(rng) + " " + _sentence(rng))
    for _ in range(max(1, len(final) // 100)):  # deleted
        final.pop(rng.randrange(len(final)))
    for _ in range(max(1, len(final) // 200)):  # moved
        final.insert(rng.randrange(len(final)), final.pop(rng.randrange(len(final))))
    return final


def make_pair(mb: float, seed: int) -> tuple[str, str]:
    rng = random.Random(seed)
    draft_clauses = make_draft(int(mb * 1_000_000), rng)
    draft = "\n\n".join(draft_clauses) + "\n"
    return draft, "\n\n".join(make_final(draft_clauses, rng)) + "\n"


def time_align(draft: str, final: str) -> tuple[float, dict[str, int]]:
    t0 = time.perf_counter()
    alignment = align(Document.from_text(draft), Document.from_text(final))
    seconds = time.perf_counter() - t0
    assert alignment.apply() == final, "edit script does not rebuild the final"
    kinds = ("modified", "inserted", "deleted", "moved")
    return seconds, {k: sum(c.kind == k for c in alignment.changes) for k in kinds}


def time_difflib(draft: str, final: str, *, autojunk: bool) -> tuple[float, int]:
    words = re.compile(r"\w+|[^\w\s]")
    a, b = words.findall(draft), words.findall(final)
    t0 = time.perf_counter()
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=autojunk).get_opcodes()
    return time.perf_counter() - t0, len(opcodes)


def count_words(*texts: str) -> int:
    return sum(len(re.findall(r"\w+", t)) for t in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of each text in MB")
    parser.add_argument(
        "--strict-mb",
        type=float,
        default=0.05,
        help="size for the exact difflib run (autojunk=False is quadratic)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-baseline", action="store_true", help="skip difflib")
    args = parser.parse_args()

    draft, final = make_pair(args.mb, args.seed)
    words = count_words(draft, final)
    print(
        f"texts: draft {len(draft) / 1e6:.2f} MB, final {len(final) / 1e6:.2f} MB, "
        f"{words:,} words in all"
    )
    ours, kinds = time_align(draft, final)
    print(f"provenance.align        {ours:8.2f} s {words / ours:12,.0f} words/s  {kinds}")
    if args.no_baseline:
        return
    theirs, n = time_difflib(draft, final, autojunk=True)
    print(f"difflib (autojunk=True) {theirs:8.2f} s {words / theirs:12,.0f} words/s  {n:,} opcodes")
    print(
        f"ratio: align is {theirs / ours:.1f}x faster than difflib's default matcher "
        f"on the same {args.mb:g} MB texts"
    )

    # autojunk=True drops frequent words and so returns a cruder diff; the exact
    # matcher is quadratic, so it is compared on a smaller pair.
    small_draft, small_final = make_pair(args.strict_mb, args.seed)
    small_words = count_words(small_draft, small_final)
    ours_small, _ = time_align(small_draft, small_final)
    strict, _ = time_difflib(small_draft, small_final, autojunk=False)
    print(
        f"at {args.strict_mb:g} MB: align {ours_small:.3f} s, difflib (autojunk=False) "
        f"{strict:.2f} s ({small_words / strict:,.0f} words/s): {strict / ours_small:.0f}x"
    )


if __name__ == "__main__":
    main()
