"""Campaign copies found by the project's line hashes, or by MinHash LSH from a library?

Groups the distinct texts of a docket into near-duplicate groups, streaming, one text at
a time in the order they were posted, and measures each way on the same texts in the
same kind of process:

- ``project``: ``provenance.campaigns.Templates.copy_or_add`` (bottom-k CRC-32 of long
  lines, a ``difflib`` line comparison with the registering text). A copy joins its
  template's group.
- ``datasketch``: ``MinHash`` (``MinHash.bulk`` over chunks of texts) of lowercased word
  5-shingles and ``MinHashLSH``, queried then inserted: a text with a candidate joins the
  group of its earliest candidate and is not inserted (keep-first deduplication, as the
  project keeps only its templates); a text without one starts a group and is inserted.
  ``sha1`` is datasketch's default hash of a shingle; ``crc32`` passes ``zlib.crc32``.
- ``rensa``: the same with rensa's Rust ``RMinHash.from_token_sets`` and ``RMinHashLSH``
  (full-set R-MinHash; its sampling "rho" sketches only give duplicate flags, not which
  text was matched, so they cannot form groups). rensa wants the bands to divide
  ``num_perm``: the banding with the least false positive plus negative area at the
  threshold (datasketch's criterion) among those is used; datasketch uses its own optimum.
- ``...+verify``: a candidate is taken only if the sketches' estimated Jaccard
  similarity reaches the threshold (datasketch's documentation advises it, rensa's own
  deduplicator does it); the index keeps each group's first sketch for it.
- ``...+compare``: a candidate is taken only if the project's own line comparison
  (``campaigns._Template.compare``, which the project needs anyway for each copy's map
  of shared and own lines) accepts it: the library as a drop-in for the line-hash finder.

Each method and configuration runs ``--runs`` times (default 2), each in a fresh
subprocess of the same interpreter with one Rayon thread, so a library cannot use the
second core; the better wall time counts. Memory is the peak resident set of that
process during the run (``VmHWM`` reset after the texts are loaded) less the resident
set before it: the index and whatever working memory the method needs. Texts are
normalised as the project normalises them (``provenance.normalize``) and exact duplicates
dropped (the project groups those by their SHA-256) before any method runs.

Quality is scored against each case's truth.json. Which campaign a copy belongs to is
not in the truth (the non-adopted campaigns share the pattern ``campaign``), so it is
derived once from the texts: each campaign's form has paragraphs of 100 characters or
more that thousands of its copies hold verbatim; those are joined into one component
per campaign by the copies that hold several of them. Per campaign, recall is the share
of its copies in the campaign's main group (the group holding most of them).
"cross-campaign" counts campaign copies in a group whose main campaign is another one;
"other grouped" counts letters of no campaign put in a group of two or more.

    python benchmarks/near_duplicates.py                 # both cached cases, all methods
    python benchmarks/near_duplicates.py --limit 5000 --runs 1 --methods project,rensa
    python benchmarks/near_duplicates.py --perms 64 --thresholds 0.5 --methods project,rensa+compare

Libraries that are not installed are skipped with a note; install them in a venv of
their own (``pip install datasketch rensa``) with the project importable there.
"""

from __future__ import annotations

import argparse
import array
import collections
import gc
import importlib.util
import json
import os
import pickle
import re
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

CACHE = Path("/tmp/provenance-scale-cache")
CASES = (
    CACHE / "docket-n1000-m50000-seed7-a0.02-c0.3x3-r0.05-d0.01-v2",
    CACHE / "n1000-m100000-seed7-a0.02-c0.3x3s-r0.05-d0.01-v2",
)
SHINGLE = 5  # words in a shingle
CHUNK = 128  # texts sketched per library call (streaming in chunks)
SEED = 1
FORM_PARAGRAPH = 100  # characters: shorter paragraphs (greetings, closings) are shared
FORM_COPIES = 50  # copies holding a paragraph verbatim for it to count as the form's
_PUNCT = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_SPLIT = bytes.maketrans(_PUNCT, b" " * len(_PUNCT))  # ASCII punctuation: a word break


# --------------------------------------------------------------------------- methods


@dataclass(frozen=True)
class Method:
    name: str  # project, datasketch, rensa
    num_perm: int = 0
    threshold: float = 0.0
    hashfunc: str = ""  # datasketch: sha1 or crc32
    check: str = ""  # how an LSH candidate is accepted: "" (any), "verify", "compare"

    @property
    def kind(self) -> str:
        """What ``--methods`` names: project, datasketch, rensa+verify, ..."""
        return self.name + (f"+{self.check}" if self.check else "")

    @property
    def label(self) -> str:
        if self.name == "project":
            return "project (line hashes)"
        extra = f" {self.hashfunc}" if self.hashfunc else ""
        return f"{self.kind} p{self.num_perm} t{self.threshold:g}{extra}"

    @property
    def module(self) -> str:
        return {"project": "provenance"}.get(self.name, self.name)


def shingles(text: str) -> list[bytes]:
    """Word 5-shingles of ``text`` in UTF-8, ASCII letters lowercased (its words, if it
    has fewer).

    Bytes: datasketch hashes bytes, rensa takes them as they are, and one encode of
    the text with a byte translation table is the fastest tokenisation measured here
    (about 70 µs for a 2 KB letter, against 130 µs for str.translate and str joins).
    """
    words = text.encode("utf-8", "surrogatepass").lower().translate(_SPLIT).split()
    if len(words) < SHINGLE:
        return [b" ".join(words)]
    return list(map(b" ".join, zip(*(words[k:] for k in range(SHINGLE)), strict=False)))


def _area(threshold: float, b: int, r: int, *, above: bool) -> float:
    """Integral of the probability of a miss (above) or a false hit (below the
    threshold), as datasketch's ``_optimal_param`` counts it (midpoint rule)."""
    steps = 400
    lo, hi = (threshold, 1.0) if above else (0.0, threshold)
    width = (hi - lo) / steps
    total = 0.0
    for k in range(steps):
        s = lo + (k + 0.5) * width
        hit = 1 - (1 - s**r) ** b
        total += (1 - hit) if above else hit
    return total * width


def dividing_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) with bands * rows == num_perm, least false positive + negative area."""
    return min(
        ((b, num_perm // b) for b in range(1, num_perm + 1) if num_perm % b == 0),
        key=lambda p: _area(threshold, *p, above=False) + _area(threshold, *p, above=True),
    )


class Compare:
    """The project's line comparison of a text with a candidate group's first text."""

    def __init__(self, texts: Sequence[str]) -> None:
        from provenance import campaigns

        self._template = campaigns._Template
        self._most = campaigns.HELD_TEMPLATES
        self._texts = texts
        self._held: collections.OrderedDict[int, object] = collections.OrderedDict()

    def __call__(self, template: int, n: int, sketch: object) -> bool:
        held = self._held.pop(template, None)
        if held is None:
            held = self._template(self._texts[template])
        self._held[template] = held
        if len(self._held) > self._most:
            self._held.popitem(last=False)
        return held.compare(self._texts[n]) is not None


class Verify:
    """The estimated Jaccard similarity of the two sketches, at least the threshold (as
    datasketch's documentation advises and rensa's deduplicator does); keeps the
    sketch of each group's first text."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.kept: dict[int, object] = {}

    def __call__(self, template: int, n: int, sketch) -> bool:
        return sketch.jaccard(self.kept[template]) >= self.threshold


def _checker(method: Method, texts: Sequence[str]):
    if method.check == "compare":
        return Compare(texts)
    if method.check == "verify":
        return Verify(method.threshold)
    return None


def _chunks(texts: Sequence[str]) -> Iterator[tuple[int, list[list[bytes]]]]:
    for start in range(0, len(texts), CHUNK):
        yield start, [shingles(t) for t in texts[start : start + CHUNK]]


def run_project(texts: Sequence[str], group: array.array) -> None:
    from provenance.campaigns import Templates

    templates = Templates(texts.__getitem__)
    for n, text in enumerate(texts):
        found = templates.copy_or_add(n, text)
        group[n] = n if found is None else group[found[0]]


def _stream(sketches, start: int, query, insert, group, check) -> None:
    """Query then insert each sketch of a chunk: a text joins the group of its earliest
    candidate (that ``check`` accepts, if given); a text with none starts a group and
    is inserted. Only groups' first texts are in the index, as the project keeps only
    its templates: keep-first deduplication."""
    for k, m in enumerate(sketches):
        n = start + k
        found = -1
        candidates = query(m)
        if candidates:
            if check is None:
                found = min(candidates)
            else:
                found = next((c for c in sorted(candidates) if check(c, n, m)), -1)
        if found >= 0:
            group[n] = group[found]
        else:
            group[n] = n
            insert(n, m)
            if isinstance(check, Verify):
                check.kept[n] = m


def run_datasketch(method: Method, texts: Sequence[str], group: array.array) -> dict:
    from datasketch import MinHash, MinHashLSH

    kwargs: dict = {"num_perm": method.num_perm, "seed": SEED}
    if method.hashfunc == "crc32":
        kwargs["hashfunc"] = zlib.crc32
    lsh = MinHashLSH(threshold=method.threshold, num_perm=method.num_perm)
    check = _checker(method, texts)

    def insert(n: int, m: object) -> None:
        lsh.insert(n, m, check_duplication=False)  # keys are text numbers: new by construction

    for start, chunk in _chunks(texts):
        _stream(MinHash.bulk(chunk, **kwargs), start, lsh.query, insert, group, check)
    return {"bands": f"{lsh.b}x{lsh.r}"}


def run_rensa(method: Method, texts: Sequence[str], group: array.array) -> dict:
    from rensa import RMinHash, RMinHashLSH

    bands, rows = dividing_bands(method.threshold, method.num_perm)
    lsh = RMinHashLSH(method.threshold, method.num_perm, bands)
    check = _checker(method, texts)
    for start, chunk in _chunks(texts):
        sketches = RMinHash.from_token_sets(chunk, method.num_perm, SEED)
        _stream(sketches, start, lsh.query, lsh.insert, group, check)
    return {"bands": f"{bands}x{rows}"}


def _status() -> dict[str, int]:
    with open("/proc/self/status") as f:
        found = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", f.read(), re.M))
    return {k: int(v) * 1024 for k, v in found.items()}


def child(method: Method, texts_path: str, out_path: str) -> None:
    """One timed run in this process; writes the groups and the measures."""
    with open(texts_path, "rb") as f:
        texts: list[str] = pickle.load(f)
    group = array.array("q", bytes(8 * len(texts)))
    # Import the method's modules before measuring: a one-off cost, not the index's.
    __import__(method.module)
    if method.check == "compare" or method.name == "project":
        import provenance.campaigns  # noqa: F401
    if method.name != "project":
        shingles(texts[0])
    gc.collect()
    measured = os.path.exists("/proc/self/clear_refs")
    if measured:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the peak resident set (VmHWM) to the current one
    before = _status() if measured else {}
    wall, cpu = time.perf_counter(), time.process_time()
    if method.name == "project":
        run_project(texts, group)
        info: dict = {}
    elif method.name == "datasketch":
        info = run_datasketch(method, texts, group)
    else:
        info = run_rensa(method, texts, group)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    after = _status() if measured else {}
    info.update(
        seconds=wall,
        cpu_seconds=cpu,
        peak_extra=(after["VmHWM"] - before["VmRSS"]) if measured else None,
    )
    with open(out_path, "wb") as f:
        pickle.dump((info, group.tobytes()), f)


def spawn(method: Method, texts_path: Path, work: Path) -> tuple[dict, array.array]:
    out = work / "out.pkl"
    env = dict(os.environ, RAYON_NUM_THREADS="1", OMP_NUM_THREADS="1")
    spec = json.dumps(method.__dict__)
    subprocess.run(
        [sys.executable, __file__, "--child", spec, str(texts_path), str(out)],
        check=True,
        env=env,
    )
    with open(out, "rb") as f:
        info, raw = pickle.load(f)
    group = array.array("q")
    group.frombytes(raw)
    return info, group


# --------------------------------------------------------------------------- the case


@dataclass
class Case:
    name: str
    texts: list[str]  # distinct normalised texts, in the order first posted
    owner: list[int]  # the distinct text of each submission
    patterns: list[str]  # truth pattern of each submission
    campaign: list[int]  # campaign of each submission (0 = the adopted one), or -1


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if len(p) >= FORM_PARAGRAPH]


def campaign_of(texts: Sequence[str], patterns: Sequence[str]) -> list[int]:
    """Which campaign each text is a copy of, from the form paragraphs it holds."""
    copies = [k for k, p in enumerate(patterns) if p.startswith("campaign")]
    counts = collections.Counter(p for k in copies for p in set(_paragraphs(texts[k])))
    form = {p for p, c in counts.items() if c >= FORM_COPIES}
    parent = {p: p for p in form}

    def root(p: str) -> str:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    held: dict[int, list[str]] = {}
    for k in copies:
        held[k] = [p for p in _paragraphs(texts[k]) if p in form]
        for p in held[k][1:]:
            parent[root(p)] = root(held[k][0])
    number: dict[str, int] = {}
    adopted = next((k for k in copies if patterns[k].startswith("campaign-adopted")), None)
    if adopted is not None:
        number[root(held[adopted][0])] = 0
    else:
        number[""] = 0  # campaign 0 is the adopted one, absent here (--limit)
    found = [-1] * len(texts)
    for k in copies:
        roots = {root(p) for p in held[k]}
        if len(roots) != 1:
            raise SystemExit(f"copy {k} holds form paragraphs of {len(roots)} campaigns")
        r = roots.pop()
        found[k] = number.setdefault(r, len(number))
    return found


def load_case(folder: Path, limit: int | None) -> Case:
    from provenance.normalize import normalize  # the text document_from_text keeps

    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))["submissions"]
    raw: list[str] = []
    patterns: list[str] = []
    with open(folder / "submissions.jsonl", encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            raw.append(normalize(item["text"]))
            patterns.append(truth[item["id"]]["pattern"])
            if limit and len(raw) >= limit:
                break
    campaign = campaign_of(raw, patterns)
    number: dict[str, int] = {}
    texts: list[str] = []
    owner = []
    for text in raw:
        k = number.setdefault(text, len(texts))
        if k == len(texts):
            texts.append(text)
        owner.append(k)
    return Case(folder.name, texts, owner, patterns, campaign)


@dataclass
class Quality:
    recall: list[float]  # per campaign: share of its copies in its main group
    grouped: float  # share of campaign copies in a group with another copy of theirs
    cross: int  # campaign copies in a group whose main campaign is another
    other_grouped: int  # letters of no campaign in a group of two or more
    groups: int  # groups of two or more
    # By truth pattern: campaign copies outside their main group; other letters grouped.
    misplaced: collections.Counter


def score(case: Case, group: array.array) -> Quality:
    of = [group[k] for k in case.owner]  # the group of each submission
    size = collections.Counter(of)
    members: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
    for g, c in zip(of, case.campaign, strict=True):
        if c >= 0:
            members[c][g] += 1
    main = {c: counts.most_common(1)[0][0] for c, counts in members.items()}
    by_group: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
    for g, c in zip(of, case.campaign, strict=True):
        if c >= 0:
            by_group[g][c] += 1
    cross = sum(sum(cs.values()) - max(cs.values()) for cs in by_group.values())
    misplaced: collections.Counter = collections.Counter()
    for g, c, p in zip(of, case.campaign, case.patterns, strict=True):
        if (g != main[c]) if c >= 0 else size[g] > 1:
            misplaced[p] += 1
    copies = sum(1 for c in case.campaign if c >= 0)
    return Quality(
        recall=[members[c][main[c]] / sum(members[c].values()) for c in sorted(members)],
        grouped=sum(
            1 for g, c in zip(of, case.campaign, strict=True) if c >= 0 and members[c][g] > 1
        )
        / max(1, copies),
        cross=cross,
        other_grouped=sum(
            1 for g, c in zip(of, case.campaign, strict=True) if c < 0 and size[g] > 1
        ),
        groups=sum(1 for n in size.values() if n > 1),
        misplaced=misplaced,
    )


# --------------------------------------------------------------------------- main


def methods(wanted: set[str], perms: Sequence[int], thresholds: Sequence[float]) -> list[Method]:
    found = [Method("project")]
    for p in perms:
        for t in thresholds:
            found += [Method("datasketch", p, t, h) for h in ("sha1", "crc32")]
            found.append(Method("rensa", p, t))
    for p in perms:  # candidates checked, at the lowest threshold (the best recall)
        for check in ("verify", "compare"):
            found.append(Method("datasketch", p, thresholds[0], "crc32", check))
            found.append(Method("rensa", p, thresholds[0], check=check))
    return [m for m in found if m.kind in wanted]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(Method(**json.loads(sys.argv[2])), sys.argv[3], sys.argv[4])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", nargs="*", type=Path, default=list(CASES))
    ap.add_argument(
        "--methods",
        default="project,datasketch,rensa,datasketch+verify,rensa+verify,datasketch+compare,rensa+compare",
    )
    ap.add_argument("--perms", default="64,128")
    ap.add_argument("--thresholds", default="0.5,0.8")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--limit", type=int, help="the first N submissions of each case only")
    args = ap.parse_args()
    wanted = set(args.methods.split(","))
    chosen = methods(
        wanted,
        [int(p) for p in args.perms.split(",")],
        [float(t) for t in args.thresholds.split(",")],
    )
    for name in sorted({m.module for m in chosen}):
        if importlib.util.find_spec(name) is None:
            print(f"skipped: {name} is not installed for {sys.executable}")
            chosen = [m for m in chosen if m.module != name]
    if not any(m.name == "project" for m in chosen):
        raise SystemExit("the project must be importable: it is what the others are compared with")
    print(
        f"python {sys.version.split()[0]} ({sys.executable}); "
        + ", ".join(f"{n} {_version(n)}" for n in sorted({m.module for m in chosen}))
    )
    rows = []
    for folder in args.cases:
        if not (folder / "submissions.jsonl").exists():
            print(f"skipped: {folder} has no submissions.jsonl", file=sys.stderr)
            continue
        started = time.perf_counter()
        case = load_case(folder, args.limit)
        sizes = sorted(collections.Counter(c for c in case.campaign if c >= 0).items())
        print(
            f"\n{case.name}: {len(case.owner):,} submissions, {len(case.texts):,} distinct "
            f"texts, campaign sizes {sizes} (read and normalised in "
            f"{time.perf_counter() - started:.1f} s)",
            file=sys.stderr,
        )
        with tempfile.TemporaryDirectory(prefix="near-dup-") as work:
            texts_path = Path(work) / "texts.pkl"
            with open(texts_path, "wb") as f:
                pickle.dump(case.texts, f, protocol=pickle.HIGHEST_PROTOCOL)
            best: dict[Method, tuple[dict, Quality]] = {}
            for run in range(args.runs):  # runs interleaved: the machine's load shifts
                for m in chosen:
                    info, group = spawn(m, texts_path, Path(work))
                    q = score(case, group) if m not in best else best[m][1]
                    print(f"  run {run + 1} {m.label}: {info['seconds']:.2f} s", file=sys.stderr)
                    if m not in best or info["seconds"] < best[m][0]["seconds"]:
                        best[m] = (info, q)
        base = best[Method("project")][0]["seconds"]
        for m in chosen:
            info, q = best[m]
            rows.append((case.name, len(case.texts), m, info, q, info["seconds"] / base))
    print_table(rows)


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version({"provenance": "policy-provenance"}.get(name, name))
    except PackageNotFoundError:
        return "?"


def print_table(rows) -> None:
    print(
        "\n| case | method | bands | total s | µs/text | CPU s | × project | peak MB "
        "| recall per campaign (main group) | copies in any group | cross-campaign "
        "| other grouped | groups ≥2 |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|")
    for case, n, m, info, q, ratio in rows:
        peak = "?" if info["peak_extra"] is None else f"{info['peak_extra'] / 2**20:.1f}"
        print(
            f"| {case[:22]} | {m.label} | {info.get('bands', '')} | {info['seconds']:.2f} | "
            f"{info['seconds'] / n * 1e6:.0f} | {info['cpu_seconds']:.2f} | {ratio:.2f} | {peak} | "
            f"{' / '.join(f'{r:.4f}' for r in q.recall)} | {q.grouped:.4f} | {q.cross} | "
            f"{q.other_grouped} | {q.groups} |"
        )
    patterns = sorted({p for *_, q, _ in rows for p in q.misplaced})
    if patterns:
        print(
            "\nBy truth pattern: campaign copies outside their campaign's main group; "
            "other letters put in a group:\n"
        )
        print("| case | method | " + " | ".join(patterns) + " |")
        print("|---|---|" + "---:|" * len(patterns))
        for case, _, m, _, q, _ in rows:
            print(
                f"| {case[:22]} | {m.label} | "
                + " | ".join(str(q.misplaced[p]) for p in patterns)
                + " |"
            )


if __name__ == "__main__":
    main()
