"""Hypothesis strategies shared by the tests."""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = [
    "the",
    "ministry",
    "shall",
    "publish",
    "budget",
    "data",
    "citizens",
    "open",
    "contracts",
    "within",
    "days",
    "시장은",
    "공개하여야",
    "한다",
    "시민",
    "예산",
    "transparency",
    "review",
    "annual",
    "report",
    "Art.",
    "No.",
    "e.g.",
    "U.S.",
    "3.2",
    "(a)",
    "①",
    "—",
    "é",
    "ß",
]
MARKERS = [
    "",
    "",
    "",
    "1. ",
    "2. ",
    "(a) ",
    "(b) ",
    "- ",
    "## Commitment 1: ",
    "Article 5 ",
    "제3조(목적) ",
    "② ",
    "가. ",
    "Milestone 2.1: ",
    "§ 4(b) ",
    "# ",
]

words = st.sampled_from(WORDS)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    body = " ".join(draw(st.lists(words, min_size=1, max_size=12)))
    return body + draw(st.sampled_from([".", ".", "?", "", ";"]))


@st.composite
def clauses(draw: st.DrawFn) -> str:
    marker = draw(st.sampled_from(MARKERS))
    return marker + " ".join(draw(st.lists(sentences(), min_size=1, max_size=3)))


@st.composite
def documents(draw: st.DrawFn) -> list[str]:
    """A structured text as its list of clauses."""
    return draw(st.lists(clauses(), min_size=1, max_size=12))


def join(parts: list[str], separators: list[str] | None = None) -> str:
    return (
        "\n\n".join(parts)
        if separators is None
        else "".join(p + s for p, s in zip(parts, separators, strict=False))
    )


@st.composite
def revisions(draw: st.DrawFn) -> tuple[str, str]:
    """A draft and a final made from it by deleting, inserting, editing and moving clauses."""
    draft = draw(documents())
    final = list(draft)
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.sampled_from(["delete", "insert", "edit", "move", "split"]))
        if action == "insert" or not final:
            final.insert(draw(st.integers(0, len(final))), draw(clauses()))
            continue
        at = draw(st.integers(0, len(final) - 1))
        if action == "delete":
            final.pop(at)
        elif action == "edit":
            tokens = final[at].split(" ")
            where = draw(st.integers(0, len(tokens)))
            tokens[where : where + draw(st.integers(0, 2))] = draw(st.lists(words, max_size=3))
            final[at] = " ".join(tokens) or "x"
        elif action == "move":
            clause = final.pop(at)
            final.insert(draw(st.integers(0, len(final))), clause)
        else:
            head, _, tail = final[at].partition(". ")
            final[at : at + 1] = [head + ".", tail] if tail else [head]
    separator = draw(st.sampled_from(["\n\n", "\n", "\n\n\n", " \n\n"]))
    return "\n\n".join(draft), separator.join(final)


hostile_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300
) | st.text(alphabet="Ab 1.;:\n\r\t(①가)-#*\u200b\u0301\u202e", max_size=200)
