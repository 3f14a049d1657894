"""The benchmark's generator writes valid timelines (no timing here: speed lives in bench/)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from tui.timeline_file import load, loads

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


KEY_ECHO = r"""
import os, sys, termios, tty
tty.setraw(0)
out = sys.stdout
for mode in ("h", "l"):
    out.write(f"\x1b[?1{mode}ready-{mode}\r\n")
    out.flush()
    got = os.read(0, 16)
    out.write(f"got-{mode}:{got.hex()}\r\n")
    out.flush()
"""


def test_pty_driver_follows_application_cursor_keys():
    """DECCKM on (ESC [ ? 1 h, as lnav, less and visidata switch on): ↓ is ESC O B; off again: ESC [ B."""
    sys.path.insert(0, str(ROOT / "tests"))
    from ptyterm import Term

    term = Term([sys.executable, "-c", KEY_ECHO])
    try:
        assert term.wait_for("ready-h")
        assert term.application_keys
        term.send("down")
        assert term.wait_for("got-h:")
        assert term.wait_for("ready-l")
        assert not term.application_keys
        term.send("down")
        assert term.wait_for("got-l:")
        text = term.text()
        assert "got-h:1b4f42" in text  # ESC O B
        assert "got-l:1b5b42" in text  # ESC [ B
    finally:
        term.close()


def test_generator_vocabularies():
    """Zipf (the default): 50,000 distinct words, the commonest far more used than a rare one; the
    small vocabulary of earlier runs is still there and valid."""
    from collections import Counter

    gen = _module("gen")
    words, cumulative = gen.vocabulary("zipf")
    assert len(words) == len(set(words)) == 50_000 and len(cumulative) == len(words)
    assert any(not w.isascii() for w in words) and any(w.isdigit() for w in words)

    def counts(text: str) -> Counter:
        return Counter(w.strip(".,").lower() for e in loads(text).events for w in e.text.split())

    zipf = counts(gen.generate(400, 2))
    assert zipf["the"] > 50 * max(zipf[w] for w in words[20_000:20_100])
    assert len(zipf) > 5_000  # a real vocabulary, not a few hundred words
    assert len(counts(gen.generate(100, 2, "small"))) <= len(gen.WORDS)
