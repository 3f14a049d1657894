"""Nothing lost, no surprises: the state file is written atomically and never clobbered;
the timeline file is never written; the code has no unsafe YAML, network, shell or browser."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui import state as state_mod
from tui.app import TimelineApp
from tui.state import State, atomic_write

from conftest import MINI, ROOT

TUI = ROOT / "tui"


def sources() -> list[Path]:
    return sorted(TUI.rglob("*.py"))


def saved(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --------------------------------------------------------------------------- atomic writes


def test_save_and_reload(tmp_path):
    path = tmp_path / "state" / "state.json"
    State(path).set_bookmarks("/t.yaml", ["a", "b"])
    assert State(path).bookmarks("/t.yaml") == ["a", "b"]
    assert leftovers(path.parent) == []


@pytest.mark.parametrize("where", ["replace", "fsync", "write"])
def test_failure_mid_write_keeps_the_old_file(tmp_path, monkeypatch, where):
    path = tmp_path / "state.json"
    state = State(path)
    state.set_bookmarks("/t.yaml", ["kept"])
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if where == "replace":
        monkeypatch.setattr(state_mod.os, "replace", boom)
    elif where == "fsync":
        monkeypatch.setattr(state_mod.os, "fsync", boom)
    else:
        monkeypatch.setattr(state_mod.os, "write", boom)
    state.set_bookmarks("/t.yaml", ["kept", "new"])
    assert path.read_bytes() == before  # the old file, whole
    assert leftovers(tmp_path) == []  # the temporary file is cleaned up
    assert any("Could not save" in notice for notice in state.notices)
    monkeypatch.undo()
    assert State(path).bookmarks("/t.yaml") == ["kept"]


def test_interrupt_mid_write_keeps_the_old_file(tmp_path, monkeypatch):
    """A KeyboardInterrupt (or any BaseException) between writing and replacing."""
    path = tmp_path / "state.json"
    atomic_write(path, b'{"version": 1, "timelines": {}}')
    before = path.read_bytes()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(state_mod.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, b"half a new file")
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_crash_mid_write_keeps_the_old_file(tmp_path):
    """The process dies (os._exit) just before os.replace: the old file is intact, and the
    temporary file it leaves behind does not bother the next run."""
    path = tmp_path / "state.json"
    State(path).set_bookmarks("/t.yaml", ["kept"])
    before = path.read_bytes()
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from tui import state\n"
        "state.os.replace = lambda *a, **k: os._exit(9)\n"
        f"s = state.State(Path({str(path)!r}))\n"
        "s.set_bookmarks('/t.yaml', ['kept', 'lost'])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True)
    assert result.returncode == 9
    assert path.read_bytes() == before
    assert len(leftovers(tmp_path)) == 1  # the half-done temporary file, beside the real one
    again = State(path)
    assert again.bookmarks("/t.yaml") == ["kept"] and again.notices == []


# --------------------------------------------------------------------------- unreadable or corrupt


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b'{"timelines": []}', b"null"],
    ids=["broken", "empty", "binary", "list", "bad-layout", "null"],
)
def test_corrupt_file_is_set_aside_not_overwritten(tmp_path, content):
    path = tmp_path / "state.json"
    path.write_bytes(content)
    state = State(path)
    assert state.bookmarks("/t.yaml") == []
    assert any("set aside" in notice for notice in state.notices), state.notices
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("state.json.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == content  # kept, byte for byte
    state.set_bookmarks("/t.yaml", ["fresh"])
    assert saved(path)["timelines"]  # a new file beside the set-aside one
    assert aside[0].read_bytes() == content


def test_unreadable_state_is_never_overwritten(tmp_path):
    """A state path that cannot be read (here: a folder) gives a notice, and nothing is saved over it."""
    path = tmp_path / "state.json"
    path.mkdir()
    (path / "keep").write_text("x")
    state = State(path)
    assert any("Could not read" in notice for notice in state.notices)
    state.set_bookmarks("/t.yaml", ["a"])
    assert path.is_dir() and (path / "keep").read_text() == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_permission_denied_state_is_never_overwritten(tmp_path):
    path = tmp_path / "state.json"
    path.write_text('{"version": 1, "timelines": {"/t.yaml": {"bookmarks": ["x"]}}}')
    path.chmod(0)
    try:
        state = State(path)
        state.set_bookmarks("/t.yaml", [])
        path.chmod(0o600)
        assert saved(path)["timelines"]["/t.yaml"]["bookmarks"] == ["x"]
    finally:
        path.chmod(0o600)


async def test_app_shows_the_notice_for_a_corrupt_state(tmp_path):
    path = tmp_path / "state.json"
    path.write_text("{oops")
    from tui.timeline_file import load

    app = TimelineApp(load(MINI), state=State(path), detail_delay=0.01)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        messages = [n.message for n in app._notifications]
        assert any("set aside" in m for m in messages), messages


# --------------------------------------------------------------------------- the timeline file


async def test_app_never_writes_the_timeline_file(tmp_path):
    folder = tmp_path / "timelines"
    folder.mkdir()
    path = folder / "mini.yaml"
    shutil.copyfile(MINI, path)
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(folder)))
    state_path = tmp_path / "state" / "state.json"
    app = TimelineApp(str(path), state=State(state_path), detail_delay=0.01)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause()
            if app.index is not None:
                break
        await pilot.press("j", "m", "j", "m", "a", "tab", "enter")  # bookmarks, an actor filter
        await pilot.press("slash", "A", "l", "e", "p", "enter", "enter", "escape", "y", "c", "q")
        await pilot.pause()
    assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(folder))) == before
    assert saved(state_path)["timelines"][os.path.abspath(path)]["bookmarks"]  # the session did save state


# --------------------------------------------------------------------------- no surprises

UNSAFE_YAML = re.compile(r"yaml\.(unsafe_load|full_load|load_all|unsafe_load_all|full_load_all)\b|\b(Unsafe|Full)Loader\b|Loader\s*=\s*yaml\.Loader\b|yaml\.Loader\b")


def test_only_safe_yaml_loaders():
    """`grep -rn "yaml.load(" tui` finds only safe loaders (and no full/unsafe ones at all)."""
    result = subprocess.run(["grep", "-rn", "--include=*.py", "yaml.load(", str(TUI)], capture_output=True, text=True)
    for line in result.stdout.splitlines():
        assert re.search(r"Loader\s*=\s*(yaml\.)?C?SafeLoader|Loader\s*=\s*_Loader|Loader\s*=\s*_PureLoader", line), line
    for path in sources():
        text = path.read_text(encoding="utf-8")
        assert not UNSAFE_YAML.search(text), f"{path}: {UNSAFE_YAML.search(text).group()}"
    from tui.timeline_file import pyyaml_reader as loader

    loader.load_yaml()
    assert issubclass(loader._Loader, (__import__("yaml").SafeLoader, getattr(__import__("yaml"), "CSafeLoader", ())))
    assert issubclass(loader._PureLoader, __import__("yaml").SafeLoader)


NETWORK = re.compile(r"^\s*(import|from)\s+(socket|urllib|http\.client|http\b|requests|httpx|aiohttp|ftplib|smtplib|telnetlib|webbrowser)\b", re.M)
SHELL = re.compile(r"\bos\.(system|popen|exec\w*|spawn\w*)\s*\(|shell\s*=\s*True|\bpty\.spawn\b")
OPENS = re.compile(r"\bopen_url\s*\(|\bwebbrowser\b|xdg-open|\bstartfile\b")


WEB = TUI / "web"  # `syria-timeline serve`'s web server: the one place that listens (README, "In a browser")


def test_no_network_shell_or_browser():
    """The app reads files and writes its state: no network, no shell, URLs never opened.
    Only the web server of `serve` (tui/web/) touches the network, and it opens no URLs either."""
    for path in sources():
        text = path.read_text(encoding="utf-8")
        for pattern in (NETWORK, SHELL, OPENS):
            if pattern is NETWORK and WEB in path.parents:
                continue
            found = pattern.search(text)
            assert found is None, f"{path.relative_to(ROOT)}: {found.group().strip()}"
