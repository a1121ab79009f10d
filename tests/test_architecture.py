"""The house's layers hold: the contracts in pyproject.toml, checked by import-linter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def test_layers_contracts_are_kept(root):
    # lint-imports sits beside the interpreter in a virtual environment.
    lint = Path(sys.executable).with_name("lint-imports")
    command = str(lint) if lint.exists() else shutil.which("lint-imports")
    if command is None:
        pytest.fail("lint-imports (import-linter) is a test dependency; install the test group")
    found = subprocess.run(
        [command, "--no-cache"], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert found.returncode == 0, found.stdout[-3000:] + found.stderr[-2000:]
    assert "BROKEN" not in found.stdout
