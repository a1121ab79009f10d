"""The README and the public API say what the code does."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

import provenance
from provenance_cli import cli


def test_all_is_sorted_and_complete():
    assert provenance.__all__ == sorted(provenance.__all__)
    public = {n for n in dir(provenance) if not n.startswith("_") and n[0].isalpha()}
    modules = {n for n in public if type(getattr(provenance, n)).__name__ == "module"}
    assert set(provenance.__all__) - {"__version__"} == public - modules


def test_library_never_imports_click(root):
    for path in (root / "src" / "provenance").rglob("*.py"):
        assert not re.search(r"^\s*(import|from) click", path.read_text(), re.M), path


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_and_is_in_the_readme(root, command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"provenance {command}" in (root / "README.md").read_text()


def test_ci_runs_the_readme_test_command(root):
    readme = (root / "README.md").read_text()
    blocks = re.findall(r"```bash\n(.*?)```", readme, re.S)
    commands = [
        line for b in blocks for line in b.splitlines() if line and not line.startswith("#")
    ]
    assert len(commands) >= 2
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (root / ".ci" / "run").read_text()
