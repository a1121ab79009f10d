"""The README and the public API say what the code does."""

from __future__ import annotations

import doctest
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


def test_readme_python_api_runs_and_shows_every_public_name(root, monkeypatch):
    readme = (root / "README.md").read_text()
    section = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    sessions = re.findall(r"```pycon\n(.*?)```", section, re.S)
    assert sessions
    monkeypatch.chdir(root)  # the examples name corpus/ from the repository's root
    for text in sessions:
        test = doctest.DocTestParser().get_doctest(text, {}, "README", "README.md", 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test)
        assert runner.summarize(verbose=False).failed == 0
    code = "\n".join(sessions)
    missing = [n for n in provenance.__all__ if f"provenance.{n}" not in code]
    assert not missing, f"not shown in the README's Python API: {missing}"
    assert len(provenance.__all__) <= 25
