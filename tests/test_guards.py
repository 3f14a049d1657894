"""Guards the suite runs on every change (issue 12): the layers of shared/design.md as import
contracts (import-linter, configured in pyproject.toml), a pyflakes-level lint (ruff), and the
package's types (mypy, configured in pyproject.toml's [tool.mypy])."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tui

ROOT = Path(__file__).resolve().parent.parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (it is in the test extra)")
    return found


def test_import_contracts_hold():
    result = subprocess.run([tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 kept, 0 broken" in result.stdout


def test_every_module_has_a_layer():
    """A new module must be placed in a layer, or the contract would not see it."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = config["tool"]["importlinter"]["contracts"][0]["layers"]
    names = {name.strip() for layer in layers for name in layer.split("|")}
    modules = [m.name for m in pkgutil.walk_packages(tui.__path__, "tui.") if m.name != "tui.__main__"]
    unplaced = [m for m in modules if not any(m == n or m.startswith(n + ".") for n in names)]
    assert not unplaced, f"add these to a layer in pyproject.toml: {unplaced}"


def test_lint_is_clean():
    result = subprocess.run([tool("ruff"), "check", "tui", "tests", "bench"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_types_are_clean():
    """mypy finds no error in the package (the files and options are in pyproject.toml)."""
    result = subprocess.run([tool("mypy"), "--no-incremental"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Success: no issues found" in result.stdout


def test_readme_names_every_module():
    """The README's "How it is built" table names every module, so a newcomer finds each room."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## How it is built"):]
    table = table[:table.index("\n## ", 1)]
    modules = [m.name for m in pkgutil.walk_packages(tui.__path__, "tui.")]
    unnamed = [m for m in modules if not any(f in table for f in (f"`{m.rsplit('.', 1)[1]}`", f"{m.rsplit('.', 1)[1]}.py", f"{m.rsplit('.', 1)[1]}/"))]
    assert not unnamed, f"name these in README.md's How it is built: {unnamed}"
