"""Shared fixtures. Every test runs with its own XDG folders and a scrubbed colour environment."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tui.app import TimelineApp
    from tui.model import Timeline

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"
ROOT = Path(__file__).parent.parent


def load_bench_gen():
    """The benchmark's timeline generator (bench/gen.py), imported as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_gen", ROOT / "bench" / "gen.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@functools.cache
def builtin() -> Timeline:
    """The built-in timeline, loaded once for the run (the tests only read it)."""
    from tui.timeline_file import builtin_path, load

    return load(builtin_path())


def make_app(tmp_path, source=None, **kwargs) -> TimelineApp:
    """The explorer as the pilot tests drive it: its own state file in `tmp_path`, the detail
    pane drawn at once. `source` is a Timeline or a path; tests/data/mini.yaml (read afresh) if None."""
    from tui.app import TimelineApp
    from tui.state import State
    from tui.timeline_file import load

    return TimelineApp(source if source is not None else load(MINI), state=State(tmp_path / "state.json"), detail_delay=0.01, **kwargs)


async def ready(pilot) -> None:
    """Wait until the timeline is loaded and the list has its rows."""
    for _ in range(100):
        await pilot.pause()
        if pilot.app.index is not None and pilot.app.main_screen.event_list.rows:
            break
    await pilot.pause(0.05)


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory, monkeypatch):
    """No test reads or writes the user's real state/cache, or inherits colour settings."""
    base = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_STATE_HOME", str(base / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    for name in ("NO_COLOR", "TEXTUAL_THEME", "FORCE_COLOR", "TEXTUAL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    yield


@pytest.fixture
def mini_path() -> str:
    return str(MINI)


@pytest.fixture
def mini():
    from tui.timeline_file import load

    return load(MINI)


@pytest.fixture
def write_yaml(tmp_path):
    """Write YAML text to a file and return its path."""

    def write(text: str, name: str = "t.yaml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write
