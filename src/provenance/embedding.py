"""A stronger paraphrase pass, optional: a static embedding model (model2vec) the user names.

The model is read from a local folder the user gives (``config.json``,
``tokenizer.json``, ``model.safetensors``, as model2vec saves them). This tool never
downloads a model: fetch one yourself once (e.g. ``StaticModel.from_pretrained(name)``
then ``save_pretrained(folder)``) and pass the folder. Needs the ``semantic`` extra.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ModelUnavailableError

_MODEL_FILES = ("config.json", "tokenizer.json")
_INSTALL = "pip install model2vec"  # what the semantic extra adds; works from a clone too


@dataclass(frozen=True, slots=True)
class Embedder:
    """A loaded embedding model and the folder it came from."""

    path: str
    model: Any

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length row per text (zero rows stay zero)."""
        vectors = np.asarray(self.model.encode(list(texts)), dtype=np.float64)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        unit: np.ndarray = vectors / norms
        return unit


def load_embedder(folder: str | os.PathLike[str]) -> Embedder:
    """Load a model2vec model from ``folder``; a clear one-line error if that cannot be done."""
    path = Path(folder)
    missing = [name for name in _MODEL_FILES if not (path / name).is_file()]
    if not path.is_dir() or missing:
        raise ModelUnavailableError(
            f"{folder}: no embedding model folder here (missing {', '.join(missing) or 'folder'});"
            " models are never downloaded by this tool: save one to a folder and give its path"
        )
    try:
        from model2vec import StaticModel
    except ImportError as e:
        raise ModelUnavailableError(f"--embedder needs model2vec: {_INSTALL}") from e
    try:
        model = StaticModel.from_pretrained(path)
    except (OSError, ValueError, KeyError, RuntimeError) as e:
        raise ModelUnavailableError(f"{folder}: not a model2vec model ({e})") from e
    return Embedder(str(folder), model)
