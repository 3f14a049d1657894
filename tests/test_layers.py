"""The data and query layers (and the commands that do not start the TUI) never import Textual."""

import pkgutil
import subprocess
import sys

import pytest

import tui

# Every module below the widgets layer (pyproject.toml's import contracts), and the command line
# (it imports the app only when the explorer starts): derived from the package, not typed by hand.
DRAWS = ("tui.app", "tui.screens", "tui.widgets", "tui.commands_palette", "tui.terminal_input", "tui.__main__")
HEADLESS = sorted(
    m.name for m in pkgutil.walk_packages(tui.__path__, "tui.")
    if not any(m.name == d or m.name.startswith(d + ".") for d in DRAWS)
)


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


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--file", "{mini}"],
        ["show", "nusra-2013", "--file", "{mini}"],
        ["actors", "--file", "{mini}", "--format", "json"],
        ["export", "--format", "ics", "--file", "{mini}", "-o", "-"],
        ["export", "--format", "timelinejs", "--file", "{mini}", "-o", "-"],
    ],
)
def test_commands_run_without_importing_textual(mini_path, argv):
    argv = [a.replace("{mini}", mini_path) for a in argv]
    code = (
        "import sys; from tui.cli import main; rc = main(%r); "
        "sys.exit(rc or (3 if any(m.startswith('textual') for m in sys.modules) else 0))" % argv
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout


def test_formats_do_not_import_the_query_layer():
    """Formats sit below query in the layer table: they import only the data layer."""
    code = (
        "import sys, tui.formats.markdown, tui.formats.json_format, tui.formats.csv_format, tui.formats.ics, "
        "tui.formats.timelinejs, tui.formats.geojson, tui.geo.picture, tui.geo.places; sys.exit(3 if 'tui.query' in sys.modules else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
