"""How do time, memory and quality of `attribute` grow with the number of submissions?

Generates a synthetic consultation of a given size, with its truth, then runs on it, each
in a fresh subprocess so that peak memory is that run's own:

- ``project``: ``provenance.attribute(draft, final, [submissions.jsonl], jobs=..., semantic=...)``,
  timed from reading the files to the result;
- ``peer``: shared 10-word windows that are not in the draft (lowercased word tokens; the
  final's 10-grams minus the draft's; a submission sharing one is credited, and its links
  are the final passages of the shared windows, overlapping windows merged). It is
  written to be as fast as one Python process makes it: a submission is compared with
  the windows only if its line holds one of their three-word keys, which most do not.

Both are scored by ``provenance.evaluate.score_case`` (submission and passage F1). Peak
RSS is that of the child's whole process tree (worker processes included), polled every
0.1 s until the run ends (the truth is loaded and scored after that), and never below
the child's own ``ru_maxrss`` at the run's end. It sums each process's resident pages,
so pages a forked worker shares with its parent count twice. MB are 10^6 bytes.

The case: a draft of ``--clauses`` numbered articles; a final where most are unchanged,
some rewritten by the government (credited to no one), a few deleted, and new articles
inserted (``Article 17a.``), each the lightly edited proposal of a coalition of 1-3
submissions or the demand of the one adopted form-letter campaign (its letters are
identical copies, or end with the sender's name with ``--signed-forms``). The other
submissions quote draft articles back (which must earn no credit) and propose text that
was not adopted. Submissions are 0.5-6 KB letters, about 2 KB on average, so 100,000 of
them are about 200 MB. New articles are capped at a tenth of the draft, so at the largest
sizes fewer than ``--adopted-share`` of the submissions propose an adopted article; the
counts are printed. Cases are cached in ``--cache-dir``, keyed by their parameters.

With ``--docket`` the case is a docket generated like a bulk download: one JSONL file
whose rows, in the order they were posted, carry ``id`` and ``text`` and what dockets
carry besides (``posted_date``, ``title``, ``organization``, often empty). Its letters
are the coalitions' and the three campaigns' as above; the rest come half from
organisations, half from individuals. Each campaign copy is personalised as real ones
are: its own greeting (sometimes with the sender's name), 0-2 sentences of the sender's
own (a paragraph at the start or before the closing, or added to a paragraph), and the
sender's name and town under the closing. About one copy in ten has one typo, a letter
swapped, dropped or doubled in any word but the signature, the quoted demand included;
about one in fifty leaves the demand out, and is then not adopted. The truth's pattern
says which: ``campaign-adopted`` plus ``-typo``, ``-typo-in-demand`` or ``-dropped``.

The text is generated and fictional: English function words and a few legal words
around some 30,000 made-up words built from syllables, so that unrelated sentences
rarely share three words in a row beyond stock phrases ("no later than", "at least once
a year"). Neither the generator nor its parameters were tuned on the project's results.

    python benchmarks/scale.py                      # 1,000 / 10,000 / 100,000 submissions
    python benchmarks/scale.py --quick              # 300 and 1,000: a smoke run
    python benchmarks/scale.py --sizes 10000 --signed-forms --no-semantic --keep
    python benchmarks/scale.py --sizes 100000 --systems peer     # the peer alone
    python benchmarks/scale.py --sizes 10000,50000 --docket
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from itertools import compress, islice
from pathlib import Path
from typing import Any, TextIO, TypeVar

import psutil

from provenance import read_document
from provenance.evaluate import Case, CaseScore, score_case
from provenance.model import Document, Link, Span
from provenance.pipeline import attribute
from provenance.result import AttributionResult

GENERATOR_VERSION = 2  # bump when the generated text changes, so old caches are not reused
DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (300, 1_000)
SYSTEMS = ("project", "peer")  # what can be run and compared
GRAM = 10  # words in a window of the peer
POLL_SECONDS = 0.1  # how often the process tree's memory is read
MB = 1_000_000
# Word choice is skewed like real text but mildly: rank = n * u**SKEW, so the commonest
# made-up noun is drawn about once in 600 picks, not once in ten as under Zipf's law.
SKEW = 1.5
_WORD = re.compile(r"\w+")
_T = TypeVar("_T")
_W = TypeVar("_W", str, bytes)  # a word, from a text or from the bytes of a line


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True, slots=True)
class Shares:
    """What the case is made of; shares are 0-1."""

    adopted: float = 0.02  # submissions proposing, in a coalition of 1-3, an adopted article
    campaign: float = 0.30  # submissions that are form letters
    campaigns: int = 3  # form-letter campaigns; the first one's demand is adopted
    rewritten: float = 0.05  # draft articles the government rewrote itself
    deleted: float = 0.01  # draft articles dropped from the final
    # Form letters end with their sender's name, as real ones mostly do; by default they
    # are byte-identical copies.
    signed_forms: bool = False


@dataclass(frozen=True, slots=True)
class Spec:
    """One synthetic case: its size, seed and make-up."""

    clauses: int
    submissions: int
    seed: int
    shares: Shares = field(default_factory=Shares)
    # A docket generated like a bulk download (write_docket) rather than a consultation.
    docket: bool = False

    @property
    def key(self) -> str:
        """Folder name in the cache: every parameter that changes the files."""
        s = self.shares
        return (
            f"{'docket-' * self.docket}n{self.clauses}-m{self.submissions}-seed{self.seed}"
            f"-a{s.adopted:g}"
            f"-c{s.campaign:g}x{s.campaigns}{'s' * s.signed_forms}-r{s.rewritten:g}"
            f"-d{s.deleted:g}-v{GENERATOR_VERSION}"
        )


DEFAULT_SHARES = Shares()


# --------------------------------------------------------------------------- vocabulary

FUNCTION_WORDS = """
the a an of to in for on with by from under within between after before without through
against among upon and or but nor that which who whose where when unless until while if
than as at into about over all each every any no its their this these those such other
shall may must will should not be is are been has have had it they we our us
""".split()
INSTITUTIONS = """
ministry agency council commission authority board registrar inspectorate secretariat
tribunal office regulator operator municipality committee
""".split()
MODALS = ("shall", "shall", "shall", "may", "must", "will")
DETERMINERS = ("the", "the", "the", "the", "all", "each", "every", "any", "a", "its", "their")
PREPOSITIONS = """
of of of for in to with under from on by between after before without through against
""".split()
OPINIONS = ("believe", "consider", "submit", "fear", "note", "are convinced")
_ONSETS = "b d f g k l m n p r s t v z br dr gr kr pl st tr sh ch th fl gl sk".split()
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "i", "ai", "ou", "ea")
_CODAS = ("", "", "", "", "", "", "n", "r", "l", "s", "m", "nd", "st", "rk")
_NOUN_ENDS = ("", "", "", "", "ment", "ance", "ity", "ion", "age", "ure", "ism", "er")
_ADJECTIVE_ENDS = ("ic", "al", "ous", "ive", "ary", "ent", "ish", "able")
_VERB_ENDS = ("ate", "ise", "en", "ify", "ect", "ute", "ate", "ise")
_NAME_ENDS = ("ia", "an", "ov", "ez", "sen", "ard", "ine", "o")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Made-up content words by part of speech, most common first."""

    nouns: tuple[str, ...]
    adjectives: tuple[str, ...]
    verbs: tuple[str, ...]
    names: tuple[str, ...]  # capitalised: places, organisations, people

    @property
    def size(self) -> int:
        return len(self.nouns) + len(self.adjectives) + len(self.verbs) + len(self.names)


def _syllable(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)


def _words(
    rng: random.Random, count: int, ends: Sequence[str], taken: set[str], syllables: tuple[int, int]
) -> tuple[str, ...]:
    """``count`` new words of ``syllables`` syllables plus one of ``ends``, none in ``taken``."""
    found: list[str] = []
    while len(found) < count:
        stem = "".join(_syllable(rng) for _ in range(rng.randint(*syllables)))
        word = stem + rng.choice(ends)
        if len(word) >= 4 and word not in taken:
            taken.add(word)
            found.append(word)
    return tuple(found)


def make_lexicon(seed: int) -> Lexicon:
    """About 30,000 made-up words; the same for every case of one seed."""
    rng = random.Random(f"{seed}-lexicon")
    taken = {*FUNCTION_WORDS, *INSTITUTIONS}
    return Lexicon(
        nouns=_words(rng, 16_000, _NOUN_ENDS, taken, (1, 2)),
        adjectives=_words(rng, 6_000, _ADJECTIVE_ENDS, taken, (1, 2)),
        verbs=_words(rng, 6_000, _VERB_ENDS, taken, (1, 2)),
        names=tuple(w.capitalize() for w in _words(rng, 2_500, _NAME_ENDS, taken, (1, 2))),
    )


def _skewed(words: Sequence[str]) -> tuple[str, ...]:
    """A pool to draw from uniformly that gives the first words more often than the last."""
    size = 4 * len(words)
    return tuple(words[int(len(words) * (k / size) ** SKEW)] for k in range(size))


def plural(noun: str) -> str:
    """English plural spelling of a made-up noun."""
    if noun.endswith("y"):
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")


def third_person(verb: str) -> str:
    """ "it ___": the third person singular of a made-up verb."""
    return verb[:-1] + "ies" if verb.endswith("y") else verb + "s"


def past_participle(verb: str) -> str:
    """ "has been ___": the past participle of a made-up verb."""
    if verb.endswith("y"):
        return verb[:-1] + "ied"
    return verb + ("d" if verb.endswith("e") else "ed")


# --------------------------------------------------------------------------- sentences


class Writer:
    """Sentences of the legal and the letter register from a lexicon and a seeded RNG."""

    def __init__(self, lexicon: Lexicon, rng: random.Random) -> None:
        self.lex = lexicon
        self.rng = rng
        self._random = rng.random
        self._nouns = _skewed(lexicon.nouns)
        self._adjectives = _skewed(lexicon.adjectives)
        self._verbs = _skewed(lexicon.verbs)
        self._names = _skewed(lexicon.names)
        # Part of speech of each form that an edit may replace by another of its kind.
        self._kinds = {
            **{n: "noun" for n in lexicon.nouns},
            **{plural(n): "nouns" for n in lexicon.nouns},
            **{a: "adjective" for a in lexicon.adjectives},
            **{v: "verb" for v in lexicon.verbs},
        }

    def _pick(self, pool: Sequence[str]) -> str:
        return pool[int(len(pool) * self._random())]

    def _singular(self) -> str:
        return self._pick(self._nouns)

    def _one(self, options: Sequence[_T]) -> _T:
        return options[int(len(options) * self._random())]

    def noun(self) -> str:
        noun = self._singular()
        return plural(noun) if self._random() < 0.3 else noun

    def nouns(self) -> str:
        return plural(self._singular())

    def adjective(self) -> str:
        return self._pick(self._adjectives)

    def verb(self) -> str:
        return self._pick(self._verbs)

    def name(self) -> str:
        return self._pick(self._names)

    def noun_phrase(self, determiner: str = "") -> str:
        """A determiner, maybe an adjective, and a noun that agrees with the determiner."""
        det = determiner or self._one(DETERMINERS)
        head = f"{self.adjective()} " if self._random() < 0.5 else ""
        if det in ("a", "each", "every"):
            head += self._singular()
        else:
            head += self.nouns() if det == "all" else self.noun()
        if det == "a" and head[0] in "aeiou":
            det = "an"
        return f"{det} {head}"

    def subject(self) -> str:
        """Who an article binds: an institution or a class of persons or things."""
        r = self._random()
        if r < 0.35:
            return f"The {self.adjective()} {self._one(INSTITUTIONS)}"
        if r < 0.6:
            return f"The {self.name()} {self._one(INSTITUTIONS)}"
        if r < 0.8:
            return f"Each {self.adjective()} {self._singular()}"
        return f"Every {self._singular()} {self._singular()}"

    def modifiers(self) -> str:
        """Zero to two prepositional phrases, then maybe a time limit."""
        parts = [
            f" {self._one(PREPOSITIONS)} {self.noun_phrase('the')}"
            for _ in range(int(self._random() * 3))
        ]
        r = self._random()
        days = 5 * (1 + int(self._random() * 18))
        if r < 0.15:
            parts.append(f" within {days} days")
        elif r < 0.25:
            parts.append(f" within {days // 5} months of the {self.noun()}")
        elif r < 0.32:
            parts.append(f" no later than {days} days after each {self.noun()}")
        elif r < 0.38:
            parts.append(" at least once a year")
        elif r < 0.45:
            parts.append(f" before the end of each {self.adjective()} {self.noun()}")
        return "".join(parts)

    def legal_sentence(self) -> str:
        """A sentence of an article: who shall do what, to what, by when."""
        r = self._random()
        modal = self._one(MODALS)
        if r < 0.55:
            return f"{self.subject()} {modal} {self.verb()} {self.noun_phrase()}{self.modifiers()}."
        if r < 0.7:
            return (
                f"Where {self.noun_phrase()} {third_person(self.verb())} {self.noun_phrase()}, "
                f"{self.subject().lower()} {modal} {self.verb()} {self.noun_phrase()}"
                f"{self.modifiers()}."
            )
        if r < 0.85:
            return (
                f"{self.subject()} {modal} not {self.verb()} {self.noun_phrase()} unless "
                f"{self.noun_phrase(self._one(('each', 'a', 'every')))} has been "
                f"{past_participle(self.verb())}{self.modifiers()}."
            )
        return (
            f"{self.subject()} {modal} {self.verb()} {self.noun_phrase()} and "
            f"{self.verb()} {self.noun_phrase()}{self.modifiers()}."
        )

    def article(self) -> list[str]:
        """The sentences of one article: one to three."""
        r = self._random()
        return [self.legal_sentence() for _ in range(1 if r < 0.45 else 2 if r < 0.8 else 3)]

    def proposal(self) -> list[str]:
        """The sentences of a proposed article: one or two."""
        return [self.legal_sentence() for _ in range(1 if self._random() < 0.6 else 2)]

    def prose_sentence(self) -> str:
        """A sentence of a letter: an opinion, an experience, a reason."""
        r = self._random()
        if r < 0.3:
            inner = self.legal_sentence()
            return f"We {self._one(OPINIONS)} that {inner[0].lower()}{inner[1:]}"
        if r < 0.45:
            return (
                f"In our experience, the {self.noun()} of {self.adjective()} "
                f"{self.nouns()} has {past_participle(self.verb())} "
                f"{self.noun_phrase()}{self.modifiers()}."
            )
        if r < 0.6:
            return (
                f"{self.name()} {self.nouns()} already "
                f"{self.verb()} {self.noun_phrase()}{self.modifiers()}."
            )
        if r < 0.75:
            return (
                f"This is why the {self._one(INSTITUTIONS)} should {self.verb()} "
                f"{self.noun_phrase()}{self.modifiers()}."
            )
        if r < 0.9:
            return (
                f"Many of our members {self.verb()} {self.noun_phrase()} every "
                f"{self._singular()}, and they {self.verb()} {self.noun_phrase()}"
                f"{self.modifiers()}."
            )
        return (
            f"Without {self.adjective()} {self.nouns()}, "
            f"{self.noun_phrase('the')} would {self.verb()} {self.noun_phrase()}."
        )

    def filler(self, chars: int) -> list[str]:
        """Paragraphs of letter prose, about ``chars`` long in all."""
        paragraphs: list[str] = []
        size = 0
        while size < chars:
            paragraph = " ".join(self.prose_sentence() for _ in range(self.rng.randint(2, 5)))
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        return paragraphs

    def person(self) -> str:
        return f"{self.name()} {self.name()}"

    def light_edit(self, sentences: Sequence[str], edits: int) -> list[str]:
        """The sentences with ``edits`` words changed or added in all."""
        out = list(sentences)
        for _ in range(edits):
            i = int(self._random() * len(out))
            out[i] = self._edit(out[i])
        return out

    def _edit(self, sentence: str) -> str:
        """One word of a sentence replaced by another of its kind, or one word added."""
        words = sentence[:-1].split(" ")  # every sentence ends in a full stop
        content = [j for j, w in enumerate(words) if j and w in self._kinds]
        nouns = [j for j in content if self._kinds[words[j]].startswith("noun")]
        modals = [j for j, w in enumerate(words[:-1]) if w in MODALS and words[j + 1] != "not"]
        r = self._random()
        if content and (r < 0.45 or not (nouns or modals)):
            j = self._one(content)
            words[j] = self._like(words[j])
        elif nouns and (r < 0.8 or not modals):
            words.insert(self._one(nouns), self.adjective())
        elif modals:
            words.insert(self._one(modals) + 1, self._one(("also", "promptly", "publicly")))
        else:
            words.append("in writing")
        for j in range(len(words) - 1):  # "a" or "an" as the next word now needs
            if words[j] in ("a", "an"):
                words[j] = "an" if words[j + 1][0] in "aeiou" else "a"
        return " ".join(words) + "."

    def _like(self, word: str) -> str:
        """Another word of the same kind as ``word``."""
        kind = self._kinds[word]
        if kind == "noun":
            return self._singular()
        if kind == "nouns":
            return self.nouns()
        return self.adjective() if kind == "adjective" else self.verb()


# --------------------------------------------------------------------------- the case


@dataclass(frozen=True, slots=True)
class Article:
    """One numbered article of the draft or the final."""

    number: str  # "17", or "17a" for an article inserted after 17
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        return f"Article {self.number}. {' '.join(self.sentences)}"


@dataclass(frozen=True, slots=True)
class Proposal:
    """New text that submissions ask to add after an article, and its wording if adopted."""

    after: str  # the article it should follow
    sentences: tuple[str, ...]
    final: tuple[str, ...] = ()  # its sentences as adopted; empty when not adopted


@dataclass(frozen=True, slots=True)
class Plan:
    """Who says what: the adopted coalitions' proposals and the campaigns' demands."""

    coalitions: tuple[tuple[Proposal, int], ...]  # (proposal, members)
    campaigns: tuple[tuple[Proposal, int], ...]  # (demand, members); the first is adopted
    others: int  # submissions proposing text that was not adopted


def make_draft(writer: Writer, clauses: int) -> list[Article]:
    """Articles 1 to ``clauses``."""
    return [Article(str(k), tuple(writer.article())) for k in range(1, clauses + 1)]


def _coalition_sizes(rng: random.Random, wanted: int, most: int) -> list[int]:
    """Members of each coalition (1-3) until ``wanted`` in all or ``most`` coalitions."""
    sizes: list[int] = []
    while sum(sizes) < wanted and len(sizes) < most:
        sizes.append(min(rng.choice((1, 2, 2, 3)), wanted - sum(sizes)))
    return sizes


def make_plan(writer: Writer, draft: Sequence[Article], spec: Spec) -> Plan:
    """Coalitions and campaigns, each after a distinct kept article; new text not yet edited."""
    rng, shares, m = writer.rng, spec.shares, spec.submissions
    if shares.adopted + shares.campaign > 1:
        raise SystemExit("--adopted-share plus --campaign-share must not exceed 1")
    most_new = max(1, len(draft) // 10) - 1  # the adopted campaign takes one new article
    sizes = _coalition_sizes(rng, round(shares.adopted * m), most_new)
    places = rng.sample(range(len(draft)), len(sizes) + 1)
    coalitions = [
        (Proposal(draft[p].number, tuple(writer.proposal())), n)
        for p, n in zip(places, sizes, strict=False)
    ]
    in_campaigns = round(shares.campaign * m)
    k = shares.campaigns
    members = [in_campaigns // k + (i < in_campaigns % k) for i in range(k)]
    campaigns = [(Proposal(rng.choice(draft).number, tuple(writer.proposal())), n) for n in members]
    campaigns[0] = (Proposal(draft[places[-1]].number, campaigns[0][0].sentences), members[0])
    others = m - sum(sizes) - in_campaigns
    return Plan(tuple(coalitions), tuple(campaigns), others)


def adopt(writer: Writer, plan: Plan) -> Plan:
    """The plan with each adopted proposal's final wording: a word or two edited."""

    def edited(p: Proposal) -> Proposal:
        return Proposal(
            p.after,
            p.sentences,
            tuple(writer.light_edit(p.sentences, 1 + (writer.rng.random() < 0.5))),
        )

    coalitions = tuple((edited(p), n) for p, n in plan.coalitions)
    first, n = plan.campaigns[0]
    return Plan(coalitions, ((edited(first), n), *plan.campaigns[1:]), plan.others)


def make_final(
    writer: Writer, draft: Sequence[Article], plan: Plan, shares: Shares
) -> list[Article]:
    """The draft with some articles rewritten or deleted and the adopted ones inserted."""
    rng = writer.rng
    adopted = [p for p, _ in plan.coalitions] + [plan.campaigns[0][0]]
    after = {p.after: p for p in adopted}
    keep = set(after)  # an article that a new one follows stays, so its number is kept
    droppable = [a.number for a in draft if a.number not in keep]
    changed = rng.sample(
        droppable, round(shares.rewritten * len(draft)) + round(shares.deleted * len(draft))
    )
    split = round(shares.rewritten * len(draft))
    rewritten, deleted = set(changed[:split]), set(changed[split:])
    final: list[Article] = []
    for article in draft:
        if article.number in rewritten:
            edits = rng.randint(1, 3)
            final.append(
                Article(article.number, tuple(writer.light_edit(article.sentences, edits)))
            )
        elif article.number not in deleted:
            final.append(article)
        if article.number in after:
            final.append(Article(f"{article.number}a", after[article.number].final))
    return final


def letter(writer: Writer, draft: Sequence[Article], proposal: Proposal, size: int) -> str:
    """A submission of about ``size`` characters: greeting, quotes, reasons, the proposal."""
    rng = writer.rng
    greeting = rng.choice(
        (
            f"Dear members of the {rng.choice(INSTITUTIONS)},",
            "Dear Sir or Madam,",
            f"To the {writer.adjective()} {rng.choice(INSTITUTIONS)},",
        )
    )
    intro = (
        f"We write on behalf of the {writer.name()} {writer.adjective()} association, "
        f"which represents {rng.randint(12, 4000)} {writer.nouns()}. "
        f"{writer.prose_sentence()}"
    )
    quotes = [
        f'Article {a.number} of the draft reads: "{" ".join(a.sentences)}" '
        + writer.prose_sentence()
        for a in rng.sample(draft, rng.randint(1, 2))
    ]
    ask = (
        f"We therefore propose that a new article be added after Article {proposal.after}: "
        f'"{" ".join(proposal.sentences)}" {writer.prose_sentence()}'
    )
    closing = f"Yours faithfully,\n{writer.person()}"
    fixed = [greeting, intro, *quotes, ask, closing]
    reasons = writer.filler(size - sum(len(p) + 2 for p in fixed))
    cut = rng.randint(0, len(reasons))
    return "\n\n".join([greeting, intro, *quotes, *reasons[:cut], ask, *reasons[cut:], closing])


_ASK = "I call for a new article after Article "  # how a campaign letter's demand starts


def campaign_parts(writer: Writer, draft: Sequence[Article], demand: Proposal) -> list[str]:
    """The paragraphs of one form-letter campaign's letter, about 2 KB in all."""
    rng = writer.rng
    quoted = rng.choice(draft)
    return [
        f"Dear members of the {rng.choice(INSTITUTIONS)},",
        f"I am writing in support of the {writer.name()} {writer.noun()} campaign.",
        f'Article {quoted.number} of the draft reads: "{" ".join(quoted.sentences)}"',
        *writer.filler(700),
        f'{_ASK}{demand.after}: "{" ".join(demand.sentences)}"',
        *writer.filler(500),
        "Yours sincerely,",
    ]


def campaign_letter(writer: Writer, draft: Sequence[Article], demand: Proposal) -> str:
    """The text of one form-letter campaign, about 2 KB."""
    return "\n\n".join(campaign_parts(writer, draft, demand))


def letter_size(rng: random.Random) -> int:
    """Characters of one letter: log-normal around 1.6 KB (mean ~2 KB), 0.5-6 KB."""
    return int(min(6000, max(500, rng.lognormvariate(math.log(1600), 0.6))))


@dataclass(frozen=True, slots=True)
class Role:
    """What one submission is; ``pattern`` is also written to its truth."""

    pattern: str  # "coalition", "campaign-adopted", "campaign" or "not-adopted"
    index: int  # of the coalition or campaign
    day: int = 0  # of a docket's comment period, from 0, when it is posted


def roles(plan: Plan, rng: random.Random) -> list[Role]:
    """One role a submission, shuffled."""
    found = [Role("coalition", i) for i, (_, n) in enumerate(plan.coalitions) for _ in range(n)]
    for i, (_, n) in enumerate(plan.campaigns):
        found += [Role("campaign-adopted" if i == 0 else "campaign", i)] * n
    found += [Role("not-adopted", 0)] * plan.others
    rng.shuffle(found)
    return found


def write_submissions(
    writer: Writer, draft: Sequence[Article], plan: Plan, out: TextIO, *, signed: bool
) -> tuple[dict[str, Any], int]:
    """Stream the submissions as JSON lines; their truth and their size in bytes."""
    forms = [campaign_letter(writer, draft, p) for p, _ in plan.campaigns]
    truth: dict[str, Any] = {}
    size = 0
    for n, role in enumerate(roles(plan, writer.rng)):
        adopted: tuple[str, ...] = ()
        if role.pattern == "coalition":
            proposal = plan.coalitions[role.index][0]
            text, adopted = letter(writer, draft, proposal, letter_size(writer.rng)), proposal.final
        elif role.pattern.startswith("campaign"):
            text = f"{forms[role.index]}\n{writer.person()}" if signed else forms[role.index]
            adopted = plan.campaigns[role.index][0].final
        else:
            unadopted = Proposal(writer.rng.choice(draft).number, tuple(writer.proposal()))
            text = letter(writer, draft, unadopted, letter_size(writer.rng))
        sub_id = f"s{n:06d}"
        out.write(json.dumps({"id": sub_id, "text": text}, ensure_ascii=False) + "\n")
        size += len(text.encode())
        truth[sub_id] = {
            "adopted": bool(adopted),
            "final_spans": list(adopted),
            "pattern": role.pattern,
        }
    return truth, size


# --------------------------------------------------------------------------- the docket

# A fictional docket's comment period, and the document ids of its rows.
DOCKET_ID = "FICT-2025-0042"
DOCKET_OPENS = datetime.date(2025, 3, 3)
DOCKET_DAYS = 60
DOCKET_INDIVIDUALS = 0.5  # share of the other letters (no coalition's or campaign's)
TYPO_SHARE = 0.1  # campaign copies with one typo, in any paragraph but the signature
DROPPED_SHARE = 0.02  # campaign copies that leave the demand paragraph out
# What an individual sender writes in the organisation field now and then.
NO_ORGANISATION = ("N/A", "None", "Individual", "Self")
_ASSOCIATION = re.compile(r"on behalf of the (\w+ \w+) association")
_TYPO_WORD = re.compile(r"[A-Za-z]{4,}")


@dataclass(frozen=True, slots=True)
class Sender:
    """A person who sends a letter: their name and their town, both made up."""

    name: str
    town: str


def greeting(writer: Writer, sender: Sender, usual: str) -> str:
    """How a sender opens a letter: often ``usual``, sometimes with their own name."""
    rng = writer.rng
    r = rng.random()
    if r < 0.35:
        return usual
    if r < 0.5:
        return "Dear Sir or Madam,"
    if r < 0.6:
        return "To whom it may concern,"
    if r < 0.7:
        return "Hello,"
    if r < 0.8:
        return f"Dear {rng.choice(INSTITUTIONS)} members,"
    if r < 0.92:
        return (
            f"Dear members of the {rng.choice(INSTITUTIONS)}, my name is {sender.name} "
            f"and I live in {sender.town}."
        )
    return f"From {sender.name}, {sender.town}, to the {rng.choice(INSTITUTIONS)}:"


def own_sentence(writer: Writer, sender: Sender) -> str:
    """A sentence a sender adds in their own words."""
    rng = writer.rng
    r = rng.random()
    if r < 0.2:
        return f"I have lived in {sender.town} for {rng.randint(2, 60)} years."
    if r < 0.4:
        return (
            f"My family {third_person(writer.verb())} {writer.noun_phrase()} "
            f"every {writer.noun()}, and we {writer.verb()} {writer.noun_phrase()}."
        )
    if r < 0.5:
        return "Please do not ignore this."
    return writer.prose_sentence()


def typo(rng: random.Random, word: str) -> str:
    """``word`` (4 letters or more) with one letter swapped, dropped or doubled.

    >>> sorted({typo(random.Random(k), "draft") for k in range(60)})
    ['daft', 'darft', 'draaft', 'drfat', 'drft', 'drraft']
    """
    i = rng.randrange(1, len(word) - 2)  # the first and last letters stay: fewer slips there
    kind = rng.randrange(3)
    if kind == 0 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 2:
        return word[:i] + word[i + 1 :]
    return word[: i + 1] + word[i:]


@dataclass(frozen=True, slots=True)
class Form:
    """A campaign's letter as its paragraphs; ``demand`` is the one that asks."""

    parts: tuple[str, ...]
    demand: int  # index in parts


def campaign_form(writer: Writer, draft: Sequence[Article], demand: Proposal) -> Form:
    """The letter of one form-letter campaign as paragraphs."""
    parts = campaign_parts(writer, draft, demand)
    return Form(tuple(parts), next(i for i, p in enumerate(parts) if p.startswith(_ASK)))


def copy_of(writer: Writer, form: Form, sender: Sender) -> tuple[str, str]:
    """One sender's copy of a campaign's letter, and what became of it.

    The copy has its own greeting, maybe a sentence or two of the sender's own (a
    paragraph at the start or before the closing, or added to a paragraph), the
    sender's name and town under the closing, and now and then one typo or no demand.
    What became of it: "dropped" (no demand), "typo-in-demand" (a typo inside the
    quoted demand), "typo" (a typo elsewhere) or "" (none of these).
    """
    rng = writer.rng
    parts = list(form.parts)
    demand: int | None = form.demand
    if rng.random() < DROPPED_SHARE:
        del parts[form.demand]
        demand = None
    parts[0] = greeting(writer, sender, parts[0])
    own = [own_sentence(writer, sender) for _ in range(rng.choice((0, 0, 1, 1, 2)))]
    if own:
        where = rng.random()
        if where < 1 / 3:
            parts.insert(1, " ".join(own))
            demand = None if demand is None else demand + 1
        elif where < 2 / 3:
            parts.insert(len(parts) - 1, " ".join(own))
        else:
            i = rng.randrange(1, len(parts) - 1)
            parts[i] += " " + " ".join(own)
    closing = parts[-1] if rng.random() < 0.7 else rng.choice(("Sincerely,", "Thank you,"))
    parts[-1] = f"{closing}\n{sender.name}\n{sender.town}"
    became = "" if demand is not None else "dropped"
    if rng.random() < TYPO_SHARE:
        # Any word of the letter but its signature is as likely to be mistyped.
        words = [(i, m) for i, p in enumerate(parts[:-1]) for m in _TYPO_WORD.finditer(p)]
        i, match = rng.choice(words)
        p = parts[i]
        parts[i] = p[: match.start()] + typo(rng, match.group()) + p[match.end() :]
        if i == demand:
            opens = p.index('"')
            inside = opens < match.start() < p.index('"', opens + 1)
            became = "typo-in-demand" if inside else "typo"
        elif became != "dropped":
            became = "typo"
    return "\n\n".join(parts), became


def individual_letter(writer: Writer, draft: Sequence[Article], sender: Sender, size: int) -> str:
    """A letter of about ``size`` characters from one person, asking for nothing adopted."""
    rng = writer.rng
    parts = [greeting(writer, sender, "Dear Sir or Madam,")]
    if rng.random() < 0.5:
        quoted = rng.choice(draft)
        parts.append(
            f'Article {quoted.number} of the draft says: "{" ".join(quoted.sentences)}" '
            + writer.prose_sentence()
        )
    closing = (
        f"{rng.choice(('Thank you,', 'Sincerely,', 'Regards,'))}\n{sender.name}\n{sender.town}"
    )
    parts += writer.filler(size - sum(len(p) + 2 for p in parts) - len(closing))
    return "\n\n".join([*parts, closing])


def individual_size(rng: random.Random) -> int:
    """Characters of an individual's letter: log-normal around 800, 200-4,000."""
    return int(min(4000, max(200, rng.lognormvariate(math.log(800), 0.6))))


def posted_days(roles: Sequence[Role], campaigns: int, rng: random.Random) -> list[int]:
    """The day of the comment period (0-based) each submission is posted on.

    Each campaign is launched on a day of the first half and its copies come in over
    the days after, fewer each day; organisations tend to write near the deadline;
    individuals on any day.
    """
    last = DOCKET_DAYS - 1
    launches = [rng.randrange(DOCKET_DAYS // 2) for _ in range(campaigns)]
    days = []
    for role in roles:
        if role.pattern.startswith("campaign"):
            days.append(min(last, launches[role.index] + int(rng.expovariate(1 / 5))))
        elif role.pattern == "individual":
            days.append(rng.randrange(DOCKET_DAYS))
        else:
            days.append(last - min(last, int(rng.expovariate(1 / 7))))
    return days


def docket_roles(plan: Plan, rng: random.Random) -> list[Role]:
    """One role a submission, in the order they are posted."""
    found = roles(plan, rng)
    found = [
        Role("individual", 0)
        if r.pattern == "not-adopted" and rng.random() < DOCKET_INDIVIDUALS
        else r
        for r in found
    ]
    days = posted_days(found, len(plan.campaigns), rng)
    order = sorted(range(len(found)), key=days.__getitem__)  # stable: shuffled within a day
    return [Role(found[k].pattern, found[k].index, days[k]) for k in order]


def write_docket(
    writer: Writer, draft: Sequence[Article], plan: Plan, out: TextIO
) -> tuple[dict[str, Any], int]:
    """Stream the submissions as a bulk download's JSON lines; their truth and text bytes."""
    rng = writer.rng
    forms = [campaign_form(writer, draft, p) for p, _ in plan.campaigns]
    truth: dict[str, Any] = {}
    size = 0
    for n, role in enumerate(docket_roles(plan, rng)):
        adopted: tuple[str, ...] = ()
        pattern = role.pattern
        organisation = ""
        if pattern in ("coalition", "not-adopted"):
            if pattern == "coalition":
                proposal = plan.coalitions[role.index][0]
                adopted = proposal.final
            else:
                proposal = Proposal(rng.choice(draft).number, tuple(writer.proposal()))
            text = letter(writer, draft, proposal, letter_size(rng))
            found = _ASSOCIATION.search(text)
            organisation = f"{found[1].title()} Association" if found else ""
            title = f"Comment from {organisation}"
        else:
            sender = Sender(writer.person(), writer.name())
            if pattern == "individual":
                text = individual_letter(writer, draft, sender, individual_size(rng))
            else:
                text, became = copy_of(writer, forms[role.index], sender)
                pattern += f"-{became}" if became else ""
                if role.index == 0 and became != "dropped":
                    adopted = plan.campaigns[0][0].final
            if rng.random() < 0.05:
                organisation = rng.choice(NO_ORGANISATION)
            title = f"Comment from {sender.name}"
        sub_id = f"{DOCKET_ID}-{n + 1:07d}"
        day = DOCKET_OPENS + datetime.timedelta(days=role.day)
        row = {
            "id": sub_id,
            "posted_date": day.isoformat(),
            "title": title,
            "organization": organisation,
            "text": text,
        }
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        size += len(text.encode())
        truth[sub_id] = {"adopted": bool(adopted), "final_spans": list(adopted), "pattern": pattern}
    return truth, size


def generate(spec: Spec, folder: Path) -> dict[str, Any]:
    """Write draft.txt, final.txt, submissions.jsonl, truth.json and meta.json."""
    started = time.perf_counter()
    lexicon = make_lexicon(spec.seed)
    draft = make_draft(
        Writer(lexicon, random.Random(f"{spec.seed}-draft-{spec.clauses}")), spec.clauses
    )
    writer = Writer(lexicon, random.Random(f"{spec.key}-case"))
    plan = adopt(writer, make_plan(writer, draft, spec))
    final = make_final(writer, draft, plan, spec.shares)
    (folder / "draft.txt").write_text("\n\n".join(a.text for a in draft) + "\n", encoding="utf-8")
    (folder / "final.txt").write_text("\n\n".join(a.text for a in final) + "\n", encoding="utf-8")
    with open(folder / "submissions.jsonl", "w", encoding="utf-8") as out:
        if spec.docket:
            truth, size = write_docket(writer, draft, plan, out)
        else:
            truth, size = write_submissions(
                writer, draft, plan, out, signed=spec.shares.signed_forms
            )
    case_truth = {"case": spec.key, "fictional": True, "submissions": truth}
    (folder / "truth.json").write_text(json.dumps(case_truth, ensure_ascii=False), encoding="utf-8")
    meta = {
        "spec": asdict(spec),
        "words": lexicon.size,
        "mb": size / MB,
        "coalitions": len(plan.coalitions),
        "coalition_members": sum(n for _, n in plan.coalitions),
        "campaign_members": [n for _, n in plan.campaigns],
        "not_adopted": plan.others,
        "new_articles": len(plan.coalitions) + 1,
        "final_articles": len(final),
        "generate_seconds": round(time.perf_counter() - started, 2),
    }
    if spec.docket:
        meta["file_mb"] = (folder / "submissions.jsonl").stat().st_size / MB
        meta["patterns"] = dict(sorted(Counter(t["pattern"] for t in truth.values()).items()))
    (folder / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return meta


def cached_case(spec: Spec, cache: Path) -> tuple[Path, dict[str, Any]]:
    """The case folder for ``spec``, generated on first use; its meta."""
    folder = cache / spec.key
    meta_path = folder / "meta.json"
    if meta_path.is_file():
        return folder, json.loads(meta_path.read_text(encoding="utf-8"))
    # Generate beside it and rename, so an interrupted run leaves no half-written case.
    partial = cache / f"{spec.key}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    meta = generate(spec, partial)
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder, meta


# --------------------------------------------------------------------------- systems


def read_jsonl(path: Path) -> Iterator[tuple[str, str, bytes]]:
    """(id, text, the line as bytes) of each line of a submissions.jsonl file."""
    with open(path, "rb") as lines:
        for line in lines:
            item = json.loads(line.decode("utf-8"))
            yield item["id"], item["text"], line


def load_synthetic_case(folder: Path) -> Case:
    """A generated case folder as ``score_case`` wants it."""
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return Case(
        folder.name,
        folder / "draft.txt",
        folder / "final.txt",
        folder / "submissions.jsonl",
        truth,
    )


def run_project(case: Case, jobs: int, semantic: bool) -> tuple[AttributionResult, dict[str, Any]]:
    """Time ``attribute`` on the case from a cold start: reading, models, matching."""
    started = time.perf_counter()
    result = attribute(case.draft, case.final, [case.submissions], semantic=semantic, jobs=jobs)
    return result, {"seconds": time.perf_counter() - started, "jobs": jobs}


def _merge(hits: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group (final window, submission window) hits whose final windows overlap or touch."""
    groups: list[list[tuple[int, int]]] = []
    for i, j in sorted(hits):
        if groups and i <= groups[-1][-1][0] + GRAM:
            groups[-1].append((i, j))
        else:
            groups.append([(i, j)])
    return groups


def _peer_links(
    sub_id: str,
    text: str,
    hits: list[tuple[int, int]],
    final: str,
    final_spans: Sequence[tuple[int, int]],
) -> list[Link]:
    """One link a run of shared windows: the final passage and the submission's passage."""
    groups = _merge(hits)
    firsts = [min(j for _, j in group) for group in groups]
    lasts = [max(j for _, j in group) + GRAM - 1 for group in groups]
    spans = _word_spans(text, {*firsts, *lasts})
    links = []
    for group, first, last in zip(groups, firsts, lasts, strict=True):
        start, end = final_spans[group[0][0]][0], final_spans[group[-1][0] + GRAM - 1][1]
        score = len(group) / (group[-1][0] + 1 - group[0][0])  # share of the windows found
        links.append(
            Link(
                "",
                sub_id,
                Span.of(final, start, end),
                Span.of(text, spans[first][0], spans[last][1]),
                score,
                "high" if len(group) >= 3 else "medium",
                "fuzzy",
            )
        )
    return links


def _word_spans(text: str, wanted: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(start, end) in ``text`` of each wanted word, numbered from 0 as ``_WORD`` finds them.

    >>> _word_spans("One, two; three four.", [2, 0])
    {0: (0, 3), 2: (10, 15)}
    """
    found: dict[int, tuple[int, int]] = {}
    matches = _WORD.finditer(text)
    done = 0
    for k in sorted(wanted):
        # islice passes over the words between in C, without a Python step for each.
        match = next(islice(matches, k - done, None))
        found[k] = match.span()
        done = k + 1
    return found


def _grams(words: Sequence[str]) -> Iterator[tuple[str, ...]]:
    """Every run of GRAM consecutive words."""
    return zip(*(words[k:] for k in range(GRAM)), strict=False)


# On ASCII, \w is [A-Za-z0-9_]: blanking every other character and splitting on blanks
# gives the regex's words several times faster than the regex does.
_NOT_WORD = str.maketrans({c: " " for c in map(chr, range(128)) if not _WORD.fullmatch(c)})
# The same for the bytes of an ASCII line, lowercasing as it goes.
_LINE_WORD = bytes(
    ord(c.lower()) if c.isascii() and _WORD.fullmatch(c) else ord(" ") for c in map(chr, range(256))
)
# The JSON escapes that end in a letter, which would join the word after them.
_LETTER_ESCAPE = re.compile(rb"\\[nrtbf]")


def words_of(text: str) -> list[str]:
    """The words of ``text``, ``_WORD``'s matches, lowercased.

    >>> words_of("Article 17a. The Board's duty_1"), words_of("Ärger über Öl")
    (['article', '17a', 'the', 'board', 's', 'duty_1'], ['ärger', 'über', 'öl'])
    """
    if text.isascii():
        return text.translate(_NOT_WORD).lower().split()
    return [w.lower() for w in _WORD.findall(text)]


def line_words(line: bytes) -> list[bytes] | None:
    r"""The lowercased words of a line of JSON, keys and all; None if that is not quick.

    Only for an ASCII line without ``\\`` or ``\u`` escapes. There each word of each
    string in the line is a word here too, beside the same words: so a word, or a run
    of words, that is not here is not in the line's text.

    >>> line_words(b'{"id": "s1", "text": "Dear Board,\\n\\nWe \\"note\\" it."}')
    [b'id', b's1', b'text', b'dear', b'board', b'we', b'note', b'it']
    >>> line_words(b'{"text": "caf\\u00e9"}') is None
    True
    """
    if not line.isascii() or b"\\\\" in line or b"\\u" in line:
        return None
    return _LETTER_ESCAPE.sub(b" ", line).translate(_LINE_WORD).split()


class NewWindows:
    """The final's 10-word windows that the draft lacks, indexed to be found fast.

    Each window has a key: of its runs of three words, the one rarest in the draft and
    final (so one in the final only, where the window has one), of the rarest words on
    a tie. A text can hold a window only where it holds that window's key, and most
    texts hold no key at all.
    """

    def __init__(self, draft: Sequence[str], final: Sequence[str]) -> None:
        draft_grams = set(_grams(draft))
        self.at: dict[tuple[str, ...], list[int]] = {}  # window -> its places in the final
        for i, gram in enumerate(_grams(final)):
            if gram not in draft_grams:
                self.at.setdefault(gram, []).append(i)
        words = Counter(draft) + Counter(final)
        runs = Counter(_runs(draft)) + Counter(_runs(final))
        self.keys: dict[tuple[str, ...], set[int]] = {}  # key -> its places in its windows
        for gram in self.at:
            k = min(
                range(GRAM - 2),
                key=lambda k: (runs[gram[k : k + 3]], sum(words[w] for w in gram[k : k + 3])),
            )
            self.keys.setdefault(gram[k : k + 3], set()).add(k)
        # The keys again, as UTF-8, for the words of a line of JSON.
        self.line_keys = {tuple(w.encode() for w in key) for key in self.keys}

    def may_hold(self, words: Sequence[bytes]) -> bool:
        """Whether ``words`` (from ``line_words``) hold a key."""
        return not self.line_keys.isdisjoint(_runs(words))

    def hits(self, words: Sequence[str]) -> list[tuple[int, int]]:
        """(place in the final, place in ``words``) of each new window that ``words`` hold.

        A window found several times in ``words`` counts at its first place only.
        """
        first: dict[tuple[str, ...], int] = {}
        last = len(words) - GRAM
        keys = self.keys
        runs = list(_runs(words))
        for p in compress(range(len(runs)), map(keys.__contains__, runs)):
            for k in keys[runs[p]]:
                # A window holds its key at one place only, and p grows, so the first j
                # found for a window is its first place.
                j = p - k
                if 0 <= j <= last and (gram := tuple(words[j : j + GRAM])) in self.at:
                    first.setdefault(gram, j)
        return [(i, j) for gram, j in first.items() for i in self.at[gram]]


def _runs(words: Sequence[_W]) -> Iterator[tuple[_W, ...]]:
    """Every run of three consecutive words."""
    return zip(words, words[1:], words[2:], strict=False)


@dataclass(frozen=True, slots=True)
class _FinalOnly:
    """The one part of an ``Alignment`` that ``score_case`` reads."""

    final: Document


@dataclass(frozen=True, slots=True)
class _Id:
    """The one part of a ``Submission`` that ``score_case`` reads."""

    id: str


def run_peer(case: Case) -> tuple[AttributionResult, dict[str, Any]]:
    """Credit every submission sharing a 10-word window of the final that the draft lacks.

    Written to be as fast as one Python process makes it without changing what is
    credited: a line of the JSONL whose words hold none of the windows' keys (see
    ``NewWindows``) is passed over after one look at its bytes, as most are; in the
    others only the windows at a key are compared.
    """
    started = time.perf_counter()
    # Read as the project reads them, so that link offsets and score_case agree.
    draft = read_document(case.draft)
    final = read_document(case.final)
    final_spans = [m.span() for m in _WORD.finditer(final.text)]
    new = NewWindows(words_of(draft.text), words_of(final.text))
    ids: list[_Id] = []
    links: list[Link] = []
    for sub_id, text, line in read_jsonl(case.submissions):
        ids.append(_Id(sub_id))
        quick = line_words(line)
        if quick is not None and not new.may_hold(quick):
            continue
        hits = new.hits(words_of(text))
        if hits:
            links += _peer_links(sub_id, text, hits, final.text, final_spans)
    seconds = time.perf_counter() - started
    links.sort(key=lambda k: (k.final.start, k.final.end, k.submission_id))
    # score_case reads only alignment.final.text, submissions' ids, links and summary().
    result = AttributionResult(_FinalOnly(final), tuple(ids), tuple(links))  # type: ignore[arg-type]
    return result, {"seconds": seconds}


# --------------------------------------------------------------------------- scoring


def _truth_spans(final: str, spans: Sequence[str]) -> list[tuple[int, int, str]]:
    found = []
    for span in spans:
        start = final.find(span)
        if start >= 0:
            found.append((start, start + len(span), span))
    return found


def diagnose(case: Case, result: AttributionResult, examples: int) -> dict[str, Any]:
    """Where the errors are: wrong and missed submissions by pattern, and some examples."""
    truth = case.truth["submissions"]
    final = result.alignment.final.text
    credited = {s["id"] for s in result.summary() if s["adopted"]}
    wrong = Counter(truth[i]["pattern"] for i in credited if not truth[i]["adopted"])
    missed = Counter(t["pattern"] for i, t in truth.items() if t["adopted"] and i not in credited)
    spans = {i: _truth_spans(final, t["final_spans"]) for i, t in truth.items() if t["adopted"]}
    by_sub: dict[str, list[Link]] = {}
    for link in result.links:
        by_sub.setdefault(link.submission_id, []).append(link)
    missed_spans = [
        {"id": i, "pattern": truth[i]["pattern"], "span": text}
        for i, found in spans.items()
        for s, e, text in found
        if not any(k.final.start < e and s < k.final.end for k in by_sub.get(i, []))
    ]
    wrong_links = [
        {
            "id": k.submission_id,
            "pattern": truth[k.submission_id]["pattern"],
            "final": k.final.text,
            "submission": k.submission.text,
            "score": round(k.score, 3),
        }
        for k in result.links
        if not any(
            k.final.start < e and s < k.final.end for s, e, _ in spans.get(k.submission_id, [])
        )
    ]
    return {
        "methods": dict(Counter(k.method for k in result.links)),
        "wrong_submissions": dict(wrong),
        "missed_submissions": dict(missed),
        "missed_spans": len(missed_spans),
        "wrong_links": len(wrong_links),
        "missed_span_examples": _spread(missed_spans, examples),
        "wrong_link_examples": _spread(wrong_links, examples),
    }


def _spread(items: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """Up to ``count`` items, taken across the list rather than from its start."""
    if len(items) <= count:
        return items
    return [items[k * len(items) // count] for k in range(count)]


def _metrics(score: CaseScore) -> dict[str, float]:
    return {
        "sub_p": score.submission.precision,
        "sub_r": score.submission.recall,
        "sub_f1": score.submission.f1,
        "pas_p": score.passage.precision,
        "pas_r": score.passage.recall,
        "pas_f1": score.passage.f1,
        "links": score.links,
    }


# --------------------------------------------------------------------------- processes


def child(system: str, folder: Path, report: Path, args: argparse.Namespace) -> None:
    """Run one system on one case and write its seconds, scores and errors to ``report``.

    The truth is loaded after the run, and the run's end is marked (``<report>.ran``),
    so that the peak memory measured is the run's, not the scoring's.
    """
    inputs = Case(
        folder.name, folder / "draft.txt", folder / "final.txt", folder / "submissions.jsonl", {}
    )
    if system == "project":
        result, notes = run_project(inputs, args.jobs, not args.no_semantic)
    else:
        result, notes = run_peer(inputs)
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    report.with_suffix(".ran").touch()
    case = load_synthetic_case(folder)
    score = score_case(case, result)
    details = diagnose(case, result, examples=3 if not args.keep else 10**9)
    if len(result.submissions) != len(case.truth["submissions"]):
        notes["warning"] = (
            f"{len(result.submissions)} submissions read, not {len(case.truth['submissions'])}"
        )
    if args.keep:
        runs = folder / "runs"
        runs.mkdir(exist_ok=True)
        (runs / f"{system}.json").write_text(json.dumps(details, indent=1, ensure_ascii=False))
        details = {**details, "kept": str(runs / f"{system}.json")}
        details["missed_span_examples"] = _spread(details["missed_span_examples"], 3)
        details["wrong_link_examples"] = _spread(details["wrong_link_examples"], 3)
    report.write_text(
        json.dumps(
            {**notes, **_metrics(score), **details, "maxrss": usage * 1024},
            ensure_ascii=False,
        )
    )


def _tree_rss(process: psutil.Process) -> int:
    """Resident bytes of a process and all its descendants now."""
    try:
        family = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in family:
        with contextlib.suppress(psutil.Error):  # it ended between listing and reading
            total += p.memory_info().rss
    return total


def measure(system: str, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run ``system`` on the case in a child process; its report and peak tree RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--child", system]
        command += ["--case", str(folder), "--report", str(report), "--jobs", str(args.jobs)]
        command += ["--no-semantic"] * args.no_semantic + ["--keep"] * args.keep
        process = psutil.Popen(command)
        peak = 0
        ran = report.with_suffix(".ran")
        while process.poll() is None:
            if not ran.exists():  # the run's peak, not the scoring's after it
                peak = max(peak, _tree_rss(process))
            time.sleep(POLL_SECONDS)
        if process.returncode != 0 or not report.is_file():
            raise SystemExit(f"{system} on {folder.name} failed (exit {process.returncode})")
        found: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    found["peak_mb"] = max(peak, found.pop("maxrss")) / MB
    return found


# --------------------------------------------------------------------------- report


Row = tuple[dict[str, Any], dict[str, dict[str, Any]]]  # case meta, results by system


def table(rows: Sequence[Row]) -> str:
    """The markdown table of all sizes: one row each, columns for the systems run."""
    ran = rows[0][1]
    head = "| M | MB |"
    if "project" in ran:
        head += " project s | MB/s | peak RSS MB | sub F1 | pas F1 |"
    if "peer" in ran:
        head += " peer s | peer sub F1 | peer pas F1 | peer RSS MB |"
    if len(ran) == 2:
        head += " peer s / project s |"
    lines = [head, "|" + "---:|" * head.count(" |")]
    for meta, results in rows:
        mb = meta["mb"]
        line = f"| {meta['spec']['submissions']:,} | {mb:.1f} |"
        if ours := results.get("project"):
            line += (
                f" {ours['seconds']:.2f} | {mb / ours['seconds']:.2f} | {ours['peak_mb']:.0f} "
                f"| {ours['sub_f1']:.3f} | {ours['pas_f1']:.3f} |"
            )
        if peer := results.get("peer"):
            line += (
                f" {peer['seconds']:.2f} | {peer['sub_f1']:.3f} | {peer['pas_f1']:.3f} "
                f"| {peer['peak_mb']:.0f} |"
            )
        if ours and peer:
            line += f" {peer['seconds'] / ours['seconds']:.2f} |"
        lines.append(line)
    return "\n".join(lines)


def details(rows: Sequence[Row]) -> str:
    """Precision and recall, and where the errors are, per size and system."""
    head = (
        "| M | system | sub P | sub R | pas P | pas R | links | by method | wrong subs "
        "| missed subs |"
    )
    lines = [head, "|---:|---|" + "---:|" * 5 + "---|---|---|"]
    for meta, results in rows:
        for name, r in results.items():
            lines.append(
                f"| {meta['spec']['submissions']:,} | {name} | {r['sub_p']:.3f} "
                f"| {r['sub_r']:.3f} | {r['pas_p']:.3f} | {r['pas_r']:.3f} | {r['links']:,} "
                f"| {_counts(r['methods'])} "
                f"| {_counts(r['wrong_submissions'])} | {_counts(r['missed_submissions'])} |"
            )
    return "\n".join(lines)


def _counts(by_pattern: dict[str, int]) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in sorted(by_pattern.items())) or "-"


def examples(rows: Sequence[Row]) -> str:
    """A few missed truth passages and wrong links per size, of the project if it ran."""
    lines = []
    for meta, results in rows:
        m = meta["spec"]["submissions"]
        name, ours = next(iter(results.items()))
        who = "" if name == "project" else f" {name}"
        for item in ours["missed_span_examples"]:
            lines.append(
                f"- M={m:,}{who} missed {item['id']} ({item['pattern']}): {item['span']!r}"
            )
        for item in ours["wrong_link_examples"]:
            lines.append(
                f"- M={m:,}{who} wrong link {item['id']} ({item['pattern']}, score "
                f"{item['score']}): final {item['final']!r} <- submission "
                f"{item['submission'][:200]!r}"
            )
    return "\n".join(lines)


def describe(args: argparse.Namespace, sizes: Sequence[int]) -> str:
    """The machine and the parameters of the run, two lines."""
    machine = (
        f"machine: {os.cpu_count()} CPUs, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM, "
        f"{platform.system()} {platform.machine()}, Python {platform.python_version()}"
    )
    params = (
        f"parameters: sizes {', '.join(f'{m:,}' for m in sizes)}; {args.clauses} draft articles; "
        f"seed {args.seed}; docket {args.docket}; systems {', '.join(args.systems)}; "
        f"jobs {args.jobs}; "
        f"semantic {not args.no_semantic}; "
        f"shares {asdict(shares_of(args))}; cache {args.cache_dir}"
    )
    return f"{machine}\n{params}"


def shares_of(args: argparse.Namespace) -> Shares:
    """The case make-up given on the command line."""
    return Shares(
        adopted=args.adopted_share,
        campaign=args.campaign_share,
        campaigns=args.campaigns,
        rewritten=args.rewritten_share,
        deleted=args.deleted_share,
        signed_forms=args.signed_forms,
    )


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="numbers of submissions, comma-separated (default: %(default)s)",
    )
    parser.add_argument("--quick", action="store_true", help="sizes 300,1000: a smoke run")
    parser.add_argument(
        "--clauses", type=int, default=1000, help="draft articles (default: %(default)s)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="attribute(jobs=...) (default: the CPU count, %(default)s)",
    )
    parser.add_argument(
        "--seed", type=int, default=7, help="seed of the generator (default: %(default)s)"
    )
    parser.add_argument("--no-semantic", action="store_true", help="attribute(semantic=False)")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "provenance-scale-cache",
        help="where generated cases are kept (default: %(default)s)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="write every missed passage and wrong link to <case>/runs/<system>.json",
    )
    parser.add_argument("--adopted-share", type=float, default=DEFAULT_SHARES.adopted)
    parser.add_argument("--campaign-share", type=float, default=DEFAULT_SHARES.campaign)
    parser.add_argument("--campaigns", type=int, default=DEFAULT_SHARES.campaigns)
    parser.add_argument("--rewritten-share", type=float, default=DEFAULT_SHARES.rewritten)
    parser.add_argument("--deleted-share", type=float, default=DEFAULT_SHARES.deleted)
    parser.add_argument(
        "--signed-forms",
        action="store_true",
        help="form letters end with their sender's name instead of being identical",
    )
    parser.add_argument(
        "--docket",
        action="store_true",
        help="a docket like a bulk download: one JSONL of rows with extra fields; campaign "
        "copies personalised, a few with a typo or without the demand",
    )
    parser.add_argument(
        "--systems",
        type=_systems,
        default=SYSTEMS,
        help=f"which systems to run, comma-separated (default: {','.join(SYSTEMS)})",
    )
    parser.add_argument("--child", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--case", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.docket and args.signed_forms:
        parser.error("--docket letters are always signed; leave out --signed-forms")
    return args


def _systems(value: str) -> tuple[str, ...]:
    """The systems named in ``--systems``, in the order of SYSTEMS."""
    named = {v.strip() for v in value.split(",") if v.strip()}
    if not named or named - set(SYSTEMS):
        raise argparse.ArgumentTypeError(
            f"expected one or more of {', '.join(SYSTEMS)}, comma-separated; got {value!r}"
        )
    return tuple(s for s in SYSTEMS if s in named)


def run_size(m: int, args: argparse.Namespace) -> Row:
    """Generate (or find) the case of ``m`` submissions and run the systems on it."""
    spec = Spec(args.clauses, m, args.seed, shares_of(args), docket=args.docket)
    started = time.perf_counter()
    folder, meta = cached_case(spec, args.cache_dir)
    say = f"M={m:,}: case {folder} ({meta['mb']:.1f} MB)"
    print(f"{say} ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    results = {}
    for system in args.systems:
        results[system] = measure(system, folder, args)
        print(f"M={m:,}: {system} {results[system]['seconds']:.1f} s", file=sys.stderr)
    return meta, results


def case_line(meta: dict[str, Any], results: dict[str, dict[str, Any]]) -> str:
    """What the case of one size holds, and how the project was called on it."""
    line = (
        f"M={meta['spec']['submissions']:,}: {meta['coalitions']} coalitions "
        f"({meta['coalition_members']} submissions), campaigns {meta['campaign_members']} "
        f"(first adopted), {meta['not_adopted']:,} not adopted; {meta['new_articles']} new "
        f"articles, {meta['final_articles']} in the final"
    )
    if "patterns" in meta:
        line += f"; a docket, {meta['file_mb']:.1f} MB of JSONL; {_counts(meta['patterns'])}"
    if ours := results.get("project"):
        line += (
            f"; project: jobs {ours['jobs']}, timed from a cold start "
            "(models loaded inside the time)"
        )
    for name, r in results.items():
        if "kept" in r:
            line += f"; {name} errors in {Path(r['kept']).parent}"
        if "warning" in r:
            line += f"; WARNING {name}: {r['warning']}"
    return line


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    if args.child:
        child(args.child, args.case, args.report, args)
        return 0
    sizes = QUICK_SIZES if args.quick else tuple(int(s) for s in args.sizes.split(","))
    rows = [run_size(m, args) for m in sizes]
    print(describe(args, sizes))
    for meta, results in rows:
        print(case_line(meta, results))
    print(f"\n{table(rows)}\n\n{details(rows)}\n\n{examples(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
