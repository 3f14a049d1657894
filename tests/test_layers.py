"""The data and query layers (and the commands that do not start the TUI) never import Textual."""

import subprocess
import sys

import pytest

HEADLESS = ["tui.dates", "tui.model", "tui.loader", "tui.query", "tui.safetext", "tui.state", "tui.keys", "tui.cli"]


@pytest.mark.parametrize("module", HEADLESS)
def test_module_does_not_import_textual(module):
    code = f"import sys, {module}; bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]; print(bad); sys.exit(1 if bad else 0)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_validate_command_does_not_import_textual(mini_path):
    code = (
        "import sys; from tui.cli import main; rc = main(['validate', %r]); "
        "sys.exit(rc or (3 if any(m.startswith('textual') for m in sys.modules) else 0))" % mini_path
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: 10 events" in result.stdout
