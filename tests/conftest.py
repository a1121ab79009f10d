from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/strategies.py


@pytest.fixture
def corpus() -> Path:
    return ROOT / "corpus"


@pytest.fixture
def root() -> Path:
    return ROOT
