"""Install hints work before the package is published, from a clone too (issue 13)."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

pytestmark = pytest.mark.issue(13)

# "pip install 'policy-provenance[extra]'" or "pip install -U policy-provenance": both
# need the package index to know the name.
_BY_NAME = re.compile(r"pip install[^\"\n]*policy-provenance")


def test_no_install_hint_needs_the_published_package():
    for path in sorted((ROOT / "src" / "provenance").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for found in _BY_NAME.finditer(text):
            rest = text[found.start() : found.end() + 120]  # the message may go on a line
            line = text.count("\n", 0, found.start()) + 1
            assert "in a clone" in rest, f"{path.name}:{line}: {found.group()}"
