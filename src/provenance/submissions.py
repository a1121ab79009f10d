"""Find submission files, give each its id, and read them; one bad file never stops the rest.

Ids follow INTERFACE.md: the path relative to the folder it was found in, POSIX
slashes, without its last extension (``submissions/kctu/letter.docx`` -> ``kctu/letter``);
a file named directly keeps its stem; files that would share an id keep their extensions.

What a folder walk does with awkward entries:

- Hidden files and folders (``.DS_Store``, ``.git/``) and editor or system leftovers
  (``~$draft.docx``, ``~WRL0001.tmp``, ``notes.txt~``, ``#notes.txt#``, ``Thumbs.db``,
  ``__MACOSX/``) are ignored without a word: they are never submissions.
- A symbolic link is followed only while it stays inside the folder. A link leaving
  the folder, a loop, a broken link, a link to a folder that is read in its own place,
  and a folder that cannot be listed are each reported in ``skipped`` with the reason.
- The same file reached twice (named twice, a hard link, a link to a file inside the
  folder) is read once; the other paths are reported in ``skipped``.
- A name that is not valid UTF-8 shows each undecodable byte as ``\\xNN`` in its id and
  path (``bad\\xff.txt``), so the JSON stays valid and no two names look alike.
- Ids that the rules above would still give twice (``a/x.txt`` in two folders named on
  the command line) fall back to the whole path as given, then to a numbered suffix.
"""

from __future__ import annotations

import errno
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .encoding import printable_name
from .errors import ProvenanceError
from .model import Skipped, Submission
from .read import read_document
from .read_errors import one_line

# Files that are never submissions: system leftovers whose names are not hidden.
_IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", "Icon\r"})
# Folders that hold only such leftovers: the resource forks macOS adds to ZIP files.
_IGNORED_FOLDERS = frozenset({"__MACOSX"})

_OUTSIDE = "symbolic link leads outside the submissions folder; not followed"
_LOOP = "symbolic link loop; not followed"
_BROKEN = "broken symbolic link: its target does not exist"


@dataclass(frozen=True, slots=True)
class Found:
    """A submission file and the id it will get."""

    id: str
    path: Path


@dataclass(frozen=True, slots=True)
class _Candidate:
    stem: str  # the id without the last extension
    full: str  # the id with it
    given: str  # the whole path as given, the last resort for a unique id
    path: Path


def is_ignored(name: str) -> bool:
    """Whether a file or folder name is a hidden file or an editor or system leftover.

    >>> [is_ignored(n) for n in (".DS_Store", "~$draft.docx", "notes.txt~", "notes.txt")]
    [True, True, True, False]
    """
    return (
        name.startswith((".", "~$"))  # hidden; Office's owner file of an open document
        or name.endswith("~")  # Emacs, gedit and many others: the previous version
        or (name.startswith("#") and name.endswith("#") and len(name) > 1)  # Emacs autosave
        or (name.startswith("~WRL") and name.lower().endswith(".tmp"))  # Word's temporary copy
        or name in _IGNORED_NAMES
        or name in _IGNORED_FOLDERS
    )


def find_submissions(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Found], list[Skipped]]:
    """Walk files and folders (recursively) and assign ids; list what cannot be walked.

    Returns the files sorted by id, and the entries that were passed over, each with
    its reason (hidden files and editor leftovers are not listed: they are no input).
    """
    candidates: list[_Candidate] = []
    skipped: list[Skipped] = []
    for given in paths:
        root = Path(given)
        if root.is_dir():
            for path, relative, problem in _walk(root):
                if problem:
                    skipped.append(Skipped(printable_name(str(path)), problem))
                    continue
                shown = PurePosixPath(printable_name(relative))
                stem = str(shown.with_suffix("")) if shown.suffix else str(shown)
                candidates.append(
                    _Candidate(stem, str(shown), printable_name(path.as_posix()), path)
                )
        elif root.exists() or root.is_symlink():
            # Named directly: read even if hidden, and read_document says what is wrong.
            name = printable_name(root.name)
            stem = printable_name(root.stem) if root.suffix else name
            candidates.append(_Candidate(stem, name, printable_name(root.as_posix()), root))
        else:
            skipped.append(Skipped(printable_name(str(root)), "no such file or folder"))
    candidates, duplicates = _drop_duplicates(candidates)
    skipped += duplicates
    found = [Found(id_, c.path) for id_, c in zip(_unique_ids(candidates), candidates, strict=True)]
    found.sort(key=lambda f: f.id)
    return found, skipped


def _walk(root: Path) -> Iterator[tuple[Path, str, str]]:
    """``(path, relative POSIX path, problem)`` for the files under ``root``, in order.

    ``problem`` is empty for a file to read. Symbolic links are followed only to files
    inside ``root``; links to folders are not followed (a folder inside ``root`` is read
    in its own place), so no loop can arise.
    """
    real_root = os.path.realpath(root)
    # Depth first, names sorted, so that the walk and its skipped list are repeatable.
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        folder, relative = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            yield folder, relative, f"cannot list the folder: {e.strerror or one_line(e)}"
            continue
        subfolders: list[tuple[Path, str]] = []
        for entry in entries:
            if is_ignored(entry.name):
                continue
            path = folder / entry.name
            rel = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_symlink():
                problem = _link_problem(path, real_root)
                if problem:
                    yield path, rel, problem
                    continue
            try:
                is_dir = entry.is_dir()  # follows a link: _link_problem let only files pass
            except OSError as e:
                yield path, rel, f"cannot open it: {e.strerror or one_line(e)}"
                continue
            if is_dir:
                subfolders.append((path, rel))
            else:
                yield path, rel, ""
        stack.extend(reversed(subfolders))


def _link_problem(path: Path, real_root: str) -> str:
    """Why the symbolic link ``path`` is not followed, or "" to read its target."""
    try:
        os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return _LOOP
        if e.errno == errno.ENOENT:
            return _BROKEN
        return f"cannot follow the symbolic link: {e.strerror or one_line(e)}"
    target = os.path.realpath(path)
    if not _inside(target, real_root):
        return _OUTSIDE
    if os.path.isdir(target):
        here = os.path.realpath(path.parent)
        if _inside(here, target):  # the link points at a folder it is itself in
            return _LOOP
        where = os.path.relpath(target, real_root).replace(os.sep, "/")
        return (
            f"symbolic link to the folder {printable_name(where)!r} inside the submissions "
            "folder, which is read in its own place; not followed"
        )
    return ""


def _inside(path: str, folder: str) -> bool:
    return path == folder or os.path.commonpath([path, folder]) == folder


def _drop_duplicates(candidates: list[_Candidate]) -> tuple[list[_Candidate], list[Skipped]]:
    """Keep one path per file: a file reached twice would be credited twice."""
    seen: dict[tuple[int, int], _Candidate] = {}
    kept: list[_Candidate] = []
    skipped: list[Skipped] = []
    # Real files before links to them, then in path order, so the kept one is stable.
    for c in sorted(candidates, key=lambda c: (c.path.is_symlink(), c.given)):
        try:
            st = os.stat(c.path)
        except OSError:
            kept.append(c)  # read_document will say what is wrong with it
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:
            first = seen[key].given
            why = "named more than once" if first == c.given else f"the same file as {first}"
            skipped.append(Skipped(c.given, f"{why}; read once"))
            continue
        seen[key] = c
        kept.append(c)
    return kept, skipped


def _unique_ids(candidates: list[_Candidate]) -> list[str]:
    """Each candidate's id: the stem, else the name with extension, else the whole path."""
    stems = Counter(c.stem for c in candidates)
    ids = [c.stem if stems[c.stem] == 1 else c.full for c in candidates]
    counts = Counter(ids)
    ids = [c.given if counts[i] > 1 else i for i, c in zip(ids, candidates, strict=True)]
    # Only contrived names get here: "a\\xff.txt" spelled out beside one holding the byte.
    counts, seen = Counter(ids), Counter[str]()
    unique = []
    for i in ids:
        seen[i] += 1
        unique.append(i if counts[i] == 1 else f"{i} ({seen[i]})")
    return unique


def read_submissions(
    found: Iterable[Found], *, lang: str = "auto"
) -> Iterator[Submission | Skipped]:
    """Read each found file; an unreadable one becomes a Skipped with its reason."""
    for item in found:
        shown = printable_name(str(item.path))
        try:
            document = read_document(item.path, lang=lang)
        except ProvenanceError as e:
            yield Skipped(shown, getattr(e, "cause", str(e)))
            continue
        except Exception as e:  # a failure no reader foresaw still stops only this file
            yield Skipped(shown, f"could not be read ({type(e).__name__}: {one_line(e)})")
            continue
        yield Submission(item.id, document)
