"""Shared fixtures. Every test runs with its own XDG folders and a scrubbed colour environment."""

from __future__ import annotations

from pathlib import Path

import pytest

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
