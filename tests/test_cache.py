"""The parse cache (tui/cache.py) as used by tui/opening.open_timeline: hits, misses, damage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui import cache, opening
from tui.timeline_file import TimelineError, builtin_path, load
from tui.paths import cache_dir

from conftest import MINI, load_bench_gen



def entries() -> list[Path]:
    folder = cache_dir()
    return sorted(folder.glob(f"*{cache.SUFFIX}")) if folder.exists() else []


@pytest.fixture
def no_parse(monkeypatch):
    """After this, any parse fails the test: what loads must come from the cache."""

    def refuse(*args, **kwargs):
        raise AssertionError("parsed again instead of using the cache")

    def arm():
        monkeypatch.setattr(opening, "load", refuse)
        monkeypatch.setattr(opening, "parse", refuse)

    return arm


@pytest.fixture
def copy_of_mini(tmp_path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_bytes(MINI.read_bytes())
    return path


def test_round_trip_is_exact(tmp_path):
    generated = tmp_path / "gen.yaml"
    generated.write_text(load_bench_gen().generate(300, seed=3), encoding="utf-8")
    for path in (builtin_path(), str(MINI), str(generated)):
        timeline = load(path)
        again = cache.decode(cache.encode(timeline), timeline.path)
        assert again == timeline
        assert [e.line for e in again.events] == [e.line for e in timeline.events]
        assert again.events[0].date.precision == timeline.events[0].date.precision


def test_hit_gives_the_same_timeline_without_parsing(copy_of_mini, no_parse):
    first = opening.open_timeline(str(copy_of_mini))
    assert len(entries()) == 1
    no_parse()
    second = opening.open_timeline(str(copy_of_mini))
    assert second == first


def test_hit_keeps_the_path_as_given(copy_of_mini, monkeypatch, no_parse):
    opening.open_timeline(str(copy_of_mini))
    no_parse()
    monkeypatch.chdir(copy_of_mini.parent)
    assert opening.open_timeline("mini.yaml").path == "mini.yaml"


def test_changed_file_is_read_again(copy_of_mini):
    first = opening.open_timeline(str(copy_of_mini))
    text = copy_of_mini.read_text(encoding="utf-8")
    copy_of_mini.write_text(text.replace(f"title: {first.title}", "title: Another title", 1), encoding="utf-8")
    second = opening.open_timeline(str(copy_of_mini))
    assert second.title == "Another title" != first.title
    assert second == load(str(copy_of_mini))
    assert len(entries()) == 1  # the entry was replaced, not added


def test_same_size_and_mtime_but_new_content_is_read_again(copy_of_mini):
    first = opening.open_timeline(str(copy_of_mini))
    before = copy_of_mini.stat()
    text = copy_of_mini.read_text(encoding="utf-8")
    swapped = text.replace(first.title, first.title[::-1], 1)
    assert len(swapped) == len(text) and swapped != text
    copy_of_mini.write_text(swapped, encoding="utf-8")
    os.utime(copy_of_mini, ns=(before.st_atime_ns, before.st_mtime_ns))  # as if nothing changed
    assert copy_of_mini.stat().st_size == before.st_size
    assert opening.open_timeline(str(copy_of_mini)).title == first.title[::-1]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty", "other-format", "world-writable"])
def test_damaged_entry_is_ignored_and_replaced(copy_of_mini, damage):
    good = opening.open_timeline(str(copy_of_mini))
    [entry] = entries()
    data = entry.read_bytes()
    if damage == "garbage":
        entry.write_bytes(b"\x00\xff" * 500)
    elif damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":
        middle = len(data) - 40
        entry.write_bytes(data[:middle] + bytes([data[middle] ^ 0x55]) + data[middle + 1 :])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "other-format":
        current = f'"format": {cache.FORMAT}'.encode()
        assert current in data
        entry.write_bytes(data.replace(current, b'"format": 999', 1))
    elif damage == "world-writable":
        entry.chmod(0o666)
    assert opening.open_timeline(str(copy_of_mini)) == good
    [entry] = entries()
    assert cache.get(str(copy_of_mini), copy_of_mini.stat()) == good  # rewritten, readable again
    assert entry.stat().st_mode & 0o077 == 0


def test_entry_from_other_code_is_not_used(copy_of_mini, monkeypatch):
    opening.open_timeline(str(copy_of_mini))
    monkeypatch.setattr(cache.store, "_fingerprint", "another version")
    assert cache.get(str(copy_of_mini), copy_of_mini.stat()) is None


def test_unwritable_cache_folder_is_no_error(copy_of_mini, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    first = opening.open_timeline(str(copy_of_mini))
    second = opening.open_timeline(str(copy_of_mini))
    assert first == second == load(str(copy_of_mini))
    assert cache.put(str(copy_of_mini), copy_of_mini.stat(), first) is False


def test_unreadable_entry_is_a_miss(copy_of_mini, tmp_path, monkeypatch):
    opening.open_timeline(str(copy_of_mini))
    [entry] = entries()
    entry.unlink()
    entry.mkdir()  # something that cannot be read as a file
    assert cache.get(str(copy_of_mini), copy_of_mini.stat()) is None
    assert opening.open_timeline(str(copy_of_mini)) == load(str(copy_of_mini))


def test_a_file_that_fails_is_never_cached(write_yaml):
    bad = write_yaml("version: 1\nevents:\n  - id: x\n    date: 2016-02-30\n    title: T\n    actors: []\n"
                     "    text: T\n    sources: [{publisher: P}]\n")
    for _ in range(2):
        with pytest.raises(TimelineError) as caught:
            opening.open_timeline(bad)
        assert any(p.line == 4 and "no day 30" in p.message for p in caught.value.problems)
    assert entries() == []


def test_cache_is_bounded(tmp_path):
    text = MINI.read_text(encoding="utf-8")
    for n in range(cache.MAX_ENTRIES + 3):
        path = tmp_path / f"t{n}.yaml"
        path.write_text(text, encoding="utf-8")
        opening.open_timeline(str(path))
    assert len(entries()) == cache.MAX_ENTRIES


def test_cache_can_be_switched_off(copy_of_mini, monkeypatch):
    monkeypatch.setenv(opening.NO_CACHE_ENV, "1")
    opening.open_timeline(str(copy_of_mini))
    assert entries() == []


def test_big_file_is_parsed_in_a_child_process(copy_of_mini, monkeypatch, no_parse):
    monkeypatch.setattr(opening, "BIG_BYTES", 1)  # everything counts as big
    assert opening._child_possible()
    messages: list[str] = []
    timeline = opening.open_timeline(str(copy_of_mini), progress=messages.append)
    assert timeline == load(str(copy_of_mini))
    assert "saving to the cache" in messages  # relayed from the child
    assert len(entries()) == 1
    no_parse()
    assert opening.open_timeline(str(copy_of_mini)) == timeline


def test_child_imports_our_package_whatever_the_working_folder(copy_of_mini, monkeypatch, tmp_path):
    """Started from inside another checkout, the child must not import that checkout's `tui`."""
    monkeypatch.setattr(opening, "BIG_BYTES", 1)
    elsewhere = tmp_path / "other-checkout"
    (elsewhere / "tui").mkdir(parents=True)
    marker = tmp_path / "wrong-tui-imported"
    (elsewhere / "tui" / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    monkeypatch.chdir(elsewhere)
    messages: list[str] = []
    assert opening.open_timeline(str(copy_of_mini), progress=messages.append) == load(str(copy_of_mini))
    assert not marker.exists()
    assert "saving to the cache" in messages  # the child did the work


def test_child_reports_problems_like_the_loader(write_yaml, monkeypatch):
    monkeypatch.setattr(opening, "BIG_BYTES", 1)
    bad = write_yaml("version: 1\nevents:\n  - id: x\n    date: 2016-02-30\n    title: T\n    actors: [who]\n"
                     "    text: T\n    sources: [{publisher: P}]\n")
    with pytest.raises(TimelineError) as in_child:
        opening.open_timeline(bad)
    with pytest.raises(TimelineError) as here:
        load(bad)
    assert in_child.value.problems == here.value.problems
    assert entries() == []


def test_without_a_child_the_work_is_done_here(copy_of_mini, monkeypatch):
    monkeypatch.setattr(opening, "BIG_BYTES", 1)
    monkeypatch.setenv(opening.NO_CHILD_ENV, "1")
    assert not opening._child_possible()
    assert opening.open_timeline(str(copy_of_mini)) == load(str(copy_of_mini))
    assert len(entries()) == 1


def test_precheck_is_cheap_for_cached_files_and_strict_for_others(copy_of_mini, write_yaml, monkeypatch, tmp_path):
    opening.open_timeline(str(copy_of_mini))
    monkeypatch.setattr(opening, "check_start", lambda path: (_ for _ in ()).throw(AssertionError("read")))
    opening.precheck(str(copy_of_mini))  # cached: no read
    monkeypatch.undo()
    with pytest.raises(TimelineError, match="no such file"):
        opening.precheck(str(tmp_path / "missing.yaml"))
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(TimelineError, match="folder"):
        opening.precheck(str(folder))
    copy_of_mini.write_bytes(b"\x00\x01binary")
    with pytest.raises(TimelineError, match="binary"):
        opening.precheck(str(copy_of_mini))  # changed since cached: checked again


def test_quitting_stops_the_child_at_once(copy_of_mini, monkeypatch):
    monkeypatch.setattr(opening, "BIG_BYTES", 1)
    with pytest.raises(TimelineError, match="loading stopped"):
        opening.open_timeline(str(copy_of_mini), cancelled=lambda: True)
    assert entries() == []
    assert not [p for p in cache_dir().iterdir() if p.name.endswith(".tmp")]


def test_precheck_reads_only_the_start_and_nothing_of_a_pipe(tmp_path, write_yaml):
    import threading

    late = write_yaml(MINI.read_text(encoding="utf-8") + "# " + "x" * 70_000 + "\n# caf\xe9\n")
    bad = tmp_path / "late.yaml"
    bad.write_bytes(open(late, "rb").read().replace("caf\xe9".encode(), b"caf\xe9"))
    opening.precheck(str(bad))  # a bad byte after the first 64 KiB: the load reports it
    with pytest.raises(TimelineError, match="is not UTF-8"):
        load(str(bad))
    early = tmp_path / "early.yaml"
    early.write_bytes(b"version: 1\ntitle: caf\xe9\n" + b"#" * 70_000)
    with pytest.raises(TimelineError, match="2:11: byte 0xe9 is not UTF-8"):
        opening.precheck(str(early))
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    text = MINI.read_bytes()

    def write() -> None:
        with open(fifo, "wb") as out:
            out.write(text)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    opening.precheck(str(fifo))  # reads nothing: what the pipe gives is the load's
    assert len(opening.open_timeline(str(fifo)).events) == 10
    writer.join(5)


def test_the_parse_child_builds_and_keeps_the_search_index(tmp_path, monkeypatch):
    """After a first load in the parse child, the child goes on to build the search index from
    the entry it wrote and keeps it beside it: the app's first search waits for it instead of
    building it, and every later start reads it back."""
    from tui import parse_child, search_store
    from tui import query as q

    monkeypatch.setattr(opening, "BIG_BYTES", 1)
    monkeypatch.setenv(parse_child.INDEX_EVENTS_ENV, "0")
    monkeypatch.setattr(q, "CHILD_EVENTS", 0)
    path = tmp_path / "gen.yaml"
    path.write_text(load_bench_gen().generate(300, seed=8), encoding="utf-8")
    first = opening.open_timeline(str(path))  # parsed in the child
    assert isinstance(first.events, cache.CachedEvents) and first.events.built == 0  # read lazily from the entry

    def no_build(*_):
        raise AssertionError("built here")

    monkeypatch.setattr(q.Words, "build_here", classmethod(no_build))
    monkeypatch.setattr(q, "_build_in_child", no_build)
    index = q.Index.build(first)
    table = index.words()  # waits for the parse child, then reads what it kept
    assert search_store.path_for(first).exists() and first.events.built == 0
    second = opening.open_timeline(str(path))  # a later start, from the cache: reads it back too
    again = q.Index.build(second).words()
    monkeypatch.undo()
    ref = q.Index.build(load(str(path)))
    expected = q.Words.build_here(ref)
    for got in (table, again):
        assert got.words == expected.words and list(got.postings) == list(expected.postings)
    for query in ("convoy", "al", "2016 the", "zzz"):
        assert q.search(index, query) == q.search(ref, query)


def _live_in_group(group: int) -> list[int]:
    """The processes of a process group that are still running (not zombies), from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(entry))
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_quitting_stops_the_parse_child_and_its_worker(tmp_path, monkeypatch):
    """Quitting while a big file loads stops the child and the worker it forked (its group)."""
    import subprocess
    import time

    monkeypatch.setattr(opening, "BIG_BYTES", 1)
    path = tmp_path / "gen.yaml"
    path.write_text(load_bench_gen().generate(12_000, seed=2), encoding="utf-8")  # 13 MB: 4 pieces
    started: list = []
    real = subprocess.Popen

    def popen(*args, **kwargs):
        started.append(real(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(opening.subprocess, "Popen", popen)
    seen: list[str] = []
    parsing: list[float] = []

    def progress(message: str) -> None:
        seen.append(message)
        if "yaml-rs" in message:
            parsing.append(time.monotonic())

    def cancelled() -> bool:  # a moment after the parse began: the worker is at work by then
        return bool(parsing) and time.monotonic() - parsing[0] > 0.2

    with pytest.raises(TimelineError, match="loading stopped"):
        opening.open_timeline(str(path), progress=progress, cancelled=cancelled)
    assert started and any("yaml-rs" in m for m in seen)
    deadline = time.monotonic() + 3
    while _live_in_group(started[0].pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _live_in_group(started[0].pid) == []
