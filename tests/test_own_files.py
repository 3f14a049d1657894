"""Issue 15, items 1-3: the files the app owns are opened safely on a shared machine, two or ten
instances never lose each other's bookmarks, and special files never hang or crash it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tui import cache, opening, paths
from tui.state import State
from tui.timeline_file import TimelineError, load, read_text

from conftest import MINI, ROOT

ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to make files of another user")
OTHER_UID = 54321  # no such user is needed: a file of this uid is "another user's"


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_bytes(MINI.read_bytes())
    return path


def cache_folder() -> Path:
    return paths.cache_dir()


# --------------------------------------------------------------------------- folders


def test_folders_are_created_private(mini_copy):
    opening.open_timeline(str(mini_copy))
    State().set_bookmarks(str(mini_copy), ["protests-2011"])
    for folder in (paths.cache_dir(), paths.state_dir()):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert list(paths.cache_dir().glob(f"*{cache.SUFFIX}"))


@pytest.mark.parametrize("how", ["world-writable", "group-writable", "symlink", "file"])
def test_an_unsafe_cache_folder_is_refused_and_the_app_runs_on(mini_copy, tmp_path, how):
    folder = paths.cache_dir()
    if how == "symlink":
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir(mode=0o700)
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.symlink_to(elsewhere)
    elif how == "file":
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.write_text("not a folder")
    else:
        folder.mkdir(parents=True)
        folder.chmod(0o777 if how == "world-writable" else 0o770)
    cache.notices.clear()
    timeline = opening.open_timeline(str(mini_copy))
    assert timeline == load(mini_copy)  # loads all the same
    assert len(cache.notices) == 1 and "\n" not in cache.notices[0], cache.notices
    assert str(folder) in cache.notices[0]
    assert cache.get(str(mini_copy), mini_copy.stat()) is None
    assert cache.put(str(mini_copy), mini_copy.stat(), timeline) is False
    if how == "symlink":
        assert list(tmp_path.joinpath("elsewhere").iterdir()) == []  # nothing written through it


def test_a_folder_inside_a_shared_writable_folder_is_refused(mini_copy, tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # writable by all, not sticky: anyone could swap our folder
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(shared / "state"))
    cache.notices.clear()
    assert opening.open_timeline(str(mini_copy)) == load(mini_copy)
    assert cache.notices and "can be written by other users" in cache.notices[0]
    state = State()
    state.set_bookmarks(str(mini_copy), ["x"])
    assert any("can be written by other users" in n for n in state.notices)
    assert not (shared / "state").exists() and not list((shared / "cache").rglob("*.timeline-cache"))
    shared.chmod(0o1777)  # sticky, like /tmp: others cannot rename our folder
    cache.notices.clear()
    opening.open_timeline(str(mini_copy))
    assert cache.notices == [] and list((shared / "cache").rglob("*.timeline-cache"))


@ROOT_ONLY
def test_folders_of_another_user_are_refused(mini_copy, tmp_path, monkeypatch):
    theirs = tmp_path / "theirs"
    (theirs / "syria-timeline").mkdir(parents=True, mode=0o700)
    os.chown(theirs / "syria-timeline", OTHER_UID, OTHER_UID)
    monkeypatch.setenv("XDG_CACHE_HOME", str(theirs))
    monkeypatch.setenv("XDG_STATE_HOME", str(theirs))
    cache.notices.clear()
    assert opening.open_timeline(str(mini_copy)) == load(mini_copy)
    assert cache.notices and "belongs to another user" in cache.notices[0]
    state = State()
    assert any("belongs to another user" in n for n in state.notices)
    state.set_bookmarks(str(mini_copy), ["x"])
    assert os.listdir(theirs / "syria-timeline") == []
    # a sticky shared folder owned by another user: its owner could rename our folder
    sticky = tmp_path / "sticky"
    sticky.mkdir()
    sticky.chmod(0o1777)
    os.chown(sticky, OTHER_UID, OTHER_UID)
    monkeypatch.setenv("XDG_CACHE_HOME", str(sticky / "mine"))
    cache.notices.clear()
    opening.open_timeline(str(mini_copy))
    assert cache.notices and "belongs to another user" in cache.notices[0]


@ROOT_ONLY
def test_a_cache_entry_of_another_user_is_never_read(mini_copy):
    opening.open_timeline(str(mini_copy))
    [entry] = paths.cache_dir().glob(f"*{cache.SUFFIX}")
    os.chown(entry, OTHER_UID, OTHER_UID)
    assert cache.get(str(mini_copy), mini_copy.stat()) is None


# --------------------------------------------------------------------------- writes


def test_a_symlink_planted_at_an_entry_is_replaced_not_followed(mini_copy, tmp_path, monkeypatch):
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    victim.chmod(0o600)
    opening.open_timeline(str(mini_copy))  # makes the folder
    entry = cache.entry_path(str(mini_copy))
    entry.unlink()
    entry.symlink_to(victim)
    assert cache.get(str(mini_copy), mini_copy.stat()) is None  # not read through the link
    monkeypatch.setattr(opening, "BIG_BYTES", 1)  # and the parse child's write
    for env in ("1", "0"):
        monkeypatch.setenv(opening.NO_CHILD_ENV, env)
        entry.unlink(missing_ok=True)
        entry.symlink_to(victim)
        assert opening.open_timeline(str(mini_copy)) == load(mini_copy)
        assert victim.read_bytes() == b"precious"
        assert not entry.is_symlink() and cache.get(str(mini_copy), mini_copy.stat()) is not None


def test_write_atomic_never_follows_and_leaves_no_temporary_file(tmp_path):
    folder = paths.private_dir(tmp_path / "own")
    victim = tmp_path / "victim"
    victim.write_text("keep")
    (folder / "state.json").symlink_to(victim)
    paths.write_atomic(folder / "state.json", b"{}")
    assert victim.read_text() == "keep" and (folder / "state.json").read_bytes() == b"{}"
    assert stat.S_IMODE((folder / "state.json").stat().st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == ["state.json"]


# --------------------------------------------------------------------------- reads


@pytest.mark.parametrize("kind", ["fifo", "huge", "deep", "folder"])
def test_odd_state_files_neither_hang_nor_crash(tmp_path, kind):
    path = paths.private_dir(tmp_path / "state") / "state.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "huge":
        path.write_bytes(b'{"timelines": {}, "pad": "' + b"x" * (9 << 20) + b'"}')
    elif kind == "deep":
        path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    else:
        path.mkdir()
    started = time.monotonic()
    state = State(path)
    assert time.monotonic() - started < 5
    assert state.bookmarks("/t.yaml") == []
    assert len(state.notices) == 1 and "\n" not in state.notices[0], state.notices
    state.set_bookmarks("/t.yaml", ["a"])  # never written over what could not be read
    if kind in ("fifo", "folder"):
        assert stat.S_ISFIFO(os.lstat(path).st_mode) or path.is_dir()
    else:  # set aside as corrupt, then saved afresh
        assert any(p.name.startswith("state.json.corrupt-") for p in path.parent.iterdir())
        assert State(path).bookmarks("/t.yaml") == ["a"]


def test_a_fifo_cache_entry_is_a_miss_not_a_hang(mini_copy):
    opening.open_timeline(str(mini_copy))
    entry = cache.entry_path(str(mini_copy))
    entry.unlink()
    os.mkfifo(entry, 0o600)
    started = time.monotonic()
    assert cache.get(str(mini_copy), mini_copy.stat()) is None
    assert not cache.has(str(mini_copy), mini_copy.stat())
    assert time.monotonic() - started < 2


def test_a_fifo_as_the_timeline_is_a_one_line_error(tmp_path, monkeypatch):
    fifo = tmp_path / "t.yaml"
    os.mkfifo(fifo)
    monkeypatch.setattr("tui.timeline_file.reading.PIPE_WAIT", 0.5)
    started = time.monotonic()
    with pytest.raises(TimelineError) as nobody:  # nobody writes: read as empty, at once
        opening.open_timeline(str(fifo))
    assert time.monotonic() - started < 3 and nobody.value.problems[0].line in (0, 1)
    writer_done = threading.Event()

    def writer() -> None:  # a writer that opens the FIFO and never writes: bounded by PIPE_WAIT
        fd = os.open(fifo, os.O_WRONLY)
        writer_done.wait(10)
        os.close(fd)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(TimelineError, match="gave nothing to read"):
            read_text(str(fifo))
    finally:
        writer_done.set()
        thread.join()
    assert time.monotonic() - started < 5


def test_a_pipe_with_a_timeline_is_read(tmp_path):
    """`syria-timeline <(cat file)`: a pipe that gives a timeline loads."""
    result = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m tui validate <(cat {MINI})"], cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0 and "ok: 10 events" in result.stdout, result.stderr


def test_validate_of_a_fifo_ends(tmp_path):
    fifo = tmp_path / "t.yaml"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-m", "tui", "validate", str(fifo)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


# --------------------------------------------------------------------------- state that merges


def test_two_instances_keep_each_others_bookmarks(tmp_path):
    path = tmp_path / "state" / "state.json"
    one, two = State(path), State(path)
    one.bookmarks("/a.yaml"), two.bookmarks("/b.yaml"), two.bookmarks("/a.yaml")
    one.set_bookmarks("/a.yaml", ["a1", "a2", "a3"])
    two.set_bookmarks("/b.yaml", ["b1"])
    two.set_filters("/b.yaml", {"tags": ["x"]})
    one.set_filters("/a.yaml", {"tags": ["y"]})  # one's filter change must not wipe two's work
    two.set_bookmarks("/a.yaml", ["a0"])  # two knew no bookmarks of a: it adds one, removes none
    saved = State(path)
    assert saved.bookmarks("/a.yaml") == ["a1", "a2", "a3", "a0"]
    assert saved.bookmarks("/b.yaml") == ["b1"]
    assert saved.filters("/a.yaml") == {"tags": ["y"]} and saved.filters("/b.yaml") == {"tags": ["x"]}
    one.set_bookmarks("/a.yaml", ["a1", "a3"])  # one removes a2: only a2 goes
    assert State(path).bookmarks("/a.yaml") == ["a1", "a3", "a0"]


def test_bookmarks_of_events_not_in_the_loaded_file_are_kept(tmp_path):
    path = tmp_path / "state.json"
    State(path).set_bookmarks("/t.yaml", ["gone-from-this-version", "here"])
    state = State(path)
    marks = state.bookmarks("/t.yaml")
    assert marks == ["gone-from-this-version", "here"]
    state.set_bookmarks("/t.yaml", [*marks, "new"])
    state.set_bookmarks("/t.yaml", ["gone-from-this-version", "new"])  # "here" removed
    assert State(path).bookmarks("/t.yaml") == ["gone-from-this-version", "new"]


async def test_the_app_keeps_bookmarks_of_events_it_does_not_have(tmp_path):
    from tui.app import TimelineApp

    state_path = tmp_path / "state.json"
    State(state_path).set_bookmarks(str(MINI), ["an-event-of-another-version"])
    app = TimelineApp(load(MINI), state=State(state_path), detail_delay=0.01)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.2)
        await pilot.press("m")  # bookmark the first event
        await pilot.pause(0.1)
    marks = State(state_path).bookmarks(str(MINI))
    assert "an-event-of-another-version" in marks and len(marks) == 2


CHILD = """
import sys
from pathlib import Path
from tui.state import State
path, n = Path(sys.argv[1]), int(sys.argv[2])
state = State(path)
marks = state.bookmarks("/t.yaml")
for k in range(5):
    marks = marks + [f"i{n}-{k}"]
    state.set_bookmarks("/t.yaml", marks)
state.set_filters(f"/t{n}.yaml", {"tags": [str(n)]})
"""


def test_ten_instances_at_once_lose_nothing(tmp_path):
    path = tmp_path / "state" / "state.json"
    children = [subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(n)], cwd=ROOT) for n in range(10)]
    assert [child.wait(120) for child in children] == [0] * 10
    state = State(path)
    assert sorted(state.bookmarks("/t.yaml")) == sorted(f"i{n}-{k}" for n in range(10) for k in range(5))
    assert all(state.filters(f"/t{n}.yaml") == {"tags": [str(n)]} for n in range(10))
    assert json.loads(path.read_text())["timelines"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["state.json", "state.json.lock"]


async def test_a_notice_naming_a_folder_with_escapes_reaches_the_screen_clean(tmp_path, monkeypatch):
    """$XDG_STATE_HOME and $XDG_CACHE_HOME name folders the notices quote; a folder named
    `evil ESC]0;title BEL ESC[31m` that is refused (world-writable) showed in a toast with its
    escapes sent raw (Rich keeps ESC), setting the window title. Toasts are cleaned like data."""
    sys.path.insert(0, str(Path(__file__).parent / "hostile"))
    from screen_check import assert_no_controls, dump, squash

    from conftest import make_app

    evil = tmp_path / "evil\x1b]0;pwned\x07\x1b[31mred\u202e"
    evil.mkdir()
    evil.chmod(0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(evil))
    monkeypatch.setenv("XDG_STATE_HOME", str(evil))
    cache.notices.clear()
    app = make_app(tmp_path, str(MINI))
    app.state = State(evil / "syria-timeline" / "state.json")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        for _ in range(50):
            await pilot.pause(0.02)
            if len(app._notifications) >= 2:
                break
        await pilot.pause(0.3)  # the toasts are up
        messages = [n.message for n in app._notifications]
        assert any("Not using" in m and "pwned" in m for m in messages), messages
        assert not any(ch in m for m in messages for ch in "\x1b\x07\u202e"), messages
        text, raw = dump(app)
        assert "Notusing" in squash(text), text  # the toast is on screen
        assert_no_controls(raw, "toast")
    cache.notices.clear()


@ROOT_ONLY
def test_a_symlink_of_another_user_above_the_folders_is_refused(mini_copy, tmp_path, monkeypatch):
    """XDG_STATE_HOME=/tmp/x where /tmp/x is another user's symbolic link: its owner can point it
    anywhere at any time, so the folders are not used (where the kernel does not refuse to follow
    it: fs.protected_symlinks is off on some machines); one line says so. A link of one's own is fine."""
    sticky = tmp_path / "tmp"
    sticky.mkdir()
    sticky.chmod(0o1777)
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o700)
    link = sticky / "x"
    link.symlink_to(mine)
    os.lchown(link, OTHER_UID, OTHER_UID)
    monkeypatch.setenv("XDG_CACHE_HOME", str(link / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(link / "state"))
    cache.notices.clear()
    assert opening.open_timeline(str(mini_copy)) == load(mini_copy)
    assert len(cache.notices) == 1 and "symbolic link of another user" in cache.notices[0], cache.notices
    state = State()
    state.set_bookmarks(str(mini_copy), ["x"])
    assert any("symbolic link of another user" in n for n in state.notices), state.notices
    assert list(mine.iterdir()) == []  # nothing made or written through it
    os.lchown(link, os.getuid(), os.getgid())  # the same link, of one's own
    cache.notices.clear()
    opening.open_timeline(str(mini_copy))
    State().set_bookmarks(str(mini_copy), ["x"])
    assert cache.notices == [] and sorted(p.name for p in mine.iterdir()) == ["cache", "state"]
    cache.notices.clear()
