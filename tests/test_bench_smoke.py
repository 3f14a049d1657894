"""The benchmark's generator writes valid timelines (no timing here: speed lives in bench/)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from tui.loader import load, loads

ROOT = Path(__file__).parent.parent


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_generated_timeline_is_valid_and_realistic(tmp_path):
    gen = _module("gen")
    path = gen.write(200, tmp_path, seed=5)
    timeline = load(str(path))
    assert len(timeline.events) == 200
    assert len(timeline.actors) == 200
    assert any(e.claims for e in timeline.events) and any(e.casualties for e in timeline.events)
    assert any(e.end for e in timeline.events) and any(e.date.approx for e in timeline.events)
    assert all(e.sources for e in timeline.events)
    assert 600 < path.stat().st_size / 200 < 2000  # about a kilobyte an event, like real exports
    assert gen.generate(50, 9) == gen.generate(50, 9)  # deterministic for a seed
    assert loads(gen.generate(50, 9)).events  # and valid for other sizes and seeds


def test_runner_starts():
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "--quick" in result.stdout
