"""Find submission files, give each its id, and read them; one bad file never stops the rest.

Ids follow INTERFACE.md: the path relative to the folder it was found in, POSIX
slashes, without its last extension (``submissions/kctu/letter.docx`` -> ``kctu/letter``);
a file named directly keeps its stem; files that would share an id keep their extensions.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import ProvenanceError
from .model import Skipped, Submission
from .read import read_document

# Files that are never submissions: editor and system leftovers.
_IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


@dataclass(frozen=True, slots=True)
class Found:
    """A submission file and the id it will get."""

    id: str
    path: Path


def find_submissions(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Found], list[Skipped]]:
    """Walk files and folders (recursively) and assign ids; list what cannot be walked."""
    candidates: list[tuple[str, str, Path]] = []  # (id without extension, with it, path)
    skipped: list[Skipped] = []
    for given in paths:
        root = Path(given)
        if root.is_dir():
            for path, problem in _walk(root):
                if problem:
                    skipped.append(Skipped(str(path), problem))
                    continue
                relative = PurePosixPath(path.relative_to(root).as_posix())
                candidates.append((str(relative.with_suffix("")), str(relative), path))
        elif root.exists() or root.is_symlink():
            candidates.append((root.stem, root.name, root))
        else:
            skipped.append(Skipped(str(root), "no such file or folder"))
    counts = Counter(stem for stem, _, _ in candidates)
    found = [Found(stem if counts[stem] == 1 else full, path) for stem, full, path in candidates]
    found.sort(key=lambda f: f.id)
    return found, skipped


def _walk(root: Path) -> Iterator[tuple[Path, str]]:
    """Files under ``root`` in sorted order, skipping hidden files and leftovers.

    Symbolic links are followed only while they stay inside ``root``; a link leaving
    it, or a loop, is reported instead.
    """
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=None):
        here = Path(folder)
        real = here.resolve()
        if real != real_root and real_root not in real.parents:
            yield here, "symbolic link leads outside the submissions folder; not followed"
            dirs[:] = []
            continue
        if here != root and real in (here.parent.resolve(), *here.parent.resolve().parents):
            yield here, "symbolic link loop; not followed"
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith((".", "~$")) or name in _IGNORED_NAMES or name.endswith("~"):
                continue
            path = here / name
            resolved = path.resolve()
            if resolved != real_root and real_root not in resolved.parents:
                yield path, "symbolic link leads outside the submissions folder; not followed"
                continue
            yield path, ""


def read_submissions(
    found: Iterable[Found], *, lang: str = "auto"
) -> Iterator[Submission | Skipped]:
    """Read each found file; an unreadable one becomes a Skipped with its reason."""
    for item in found:
        try:
            document = read_document(item.path, lang=lang)
        except ProvenanceError as e:
            yield Skipped(str(item.path), getattr(e, "cause", str(e)))
            continue
        except (OSError, ValueError) as e:  # anything a reader did not foresee still skips
            yield Skipped(str(item.path), f"{type(e).__name__}: {e}")
            continue
        yield Submission(item.id, document)
