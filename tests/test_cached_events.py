"""Events read from the parse cache are rebuilt lazily (tui/cache.CachedEvents): they must be
the very events the loader gives, and listing, counting and filtering must not build them."""

from __future__ import annotations

import threading

import pytest

from tui import cache, opening
from tui import query as q
from tui.timeline_file import builtin_path, load
from tui.model import event_positions, event_values

from conftest import MINI, load_bench_gen, make_app

FIELDS = ("id", "date", "end", "title", "actors", "text", "sources", "places", "tags", "summary",
          "claims", "casualties", "related", "line")


@pytest.fixture
def small_blocks(monkeypatch):
    monkeypatch.setattr(cache.codec, "CHUNK", 16)  # several blocks from a few hundred events


@pytest.fixture(scope="module")
def generated():
    return load_bench_gen().generate(300, seed=5)


@pytest.fixture
def pair(tmp_path, generated, small_blocks):
    """(the loader's timeline, the same read back from the cache) for a 300-event timeline."""
    path = tmp_path / "gen.yaml"
    path.write_text(generated, encoding="utf-8")
    eager = load(str(path))
    lazy = cache.decode(cache.encode(eager), eager.path)
    assert isinstance(lazy.events, cache.CachedEvents) and lazy.events.built == 0
    return eager, lazy


def test_lazy_events_equal_the_loaded_ones(pair):
    eager, lazy = pair
    n = len(eager.events)
    assert len(lazy.events) == n and n > 10 * cache.codec.CHUNK
    for i in (0, 15, 16, n - 1, -1, -n, 137):  # single events, across block edges, from the end
        assert lazy.events[i] == eager.events[i]
        for name in FIELDS:
            assert getattr(lazy.events[i], name) == getattr(eager.events[i], name)
    assert 0 < lazy.events.built < n
    assert lazy.events[40:90] == eager.events[40:90] and type(lazy.events[40:90]) is tuple
    assert lazy.events[::-7] == eager.events[::-7]
    assert lazy.events[n:] == () == eager.events[n:]
    with pytest.raises(IndexError):
        lazy.events[n]
    with pytest.raises(IndexError):
        lazy.events[-n - 1]
    assert lazy.events == eager.events and eager.events == lazy.events and lazy == eager
    assert not (lazy.events != eager.events)
    assert lazy.events.built == n
    assert list(reversed(lazy.events)) == list(reversed(eager.events))
    assert lazy.events.index(eager.events[50]) == eager.events.index(eager.events[50])
    assert eager.events[3] in lazy.events and lazy.events.count(eager.events[3]) == 1
    assert hash(lazy.events) == hash(eager.events)
    assert lazy.events + () == eager.events == () + lazy.events
    assert lazy.events != eager.events[:-1] and lazy.events != list(eager.events)


def test_lazy_events_differ_when_the_events_do(pair, tmp_path, generated, small_blocks):
    eager, lazy = pair
    path = tmp_path / "other.yaml"
    head, _, events = generated.partition("\nevents:")
    at = events.rindex("title: ")  # the last event's title (a block of its own with small blocks)
    path.write_text(head + "\nevents:" + events[:at] + "title: x" + events[at + 7 :], encoding="utf-8")
    other = load(str(path))
    assert other.events != eager.events  # the test below can fail
    assert cache.decode(cache.encode(other), other.path).events != lazy.events


def test_columns_and_positions_build_no_event(pair):
    eager, lazy = pair
    for name in cache.HEAD_FIELDS:
        assert list(event_values(lazy.events, name)) == [getattr(e, name) for e in eager.events], name
    for name in ("actors", "tags", "places"):
        assert event_positions(lazy.events, name) == event_positions(eager.events, name)
        assert list(event_positions(lazy.events, name)) == list(event_positions(eager.events, name))  # same order
    assert lazy.events.built == 0
    assert set(cache.HEAD_FIELDS) == {"id", "date", "end", "actors", "tags", "places"}
    assert event_values(lazy.events, "title") == [e.title for e in eager.events]  # others: built


def test_event_positions_match_a_plain_scan(mini):
    by_actor: dict[str, list[int]] = {}
    for i, event in enumerate(mini.events):
        for actor in event.actors:
            by_actor.setdefault(actor, []).append(i)
    assert event_positions(mini.events, "actors") == by_actor and by_actor


def test_index_counts_and_filters_build_no_event(pair):
    eager, lazy = pair
    a, b = q.Index.build(eager), q.Index.build(lazy)
    for name in ("by_actor", "by_tag", "by_place", "starts", "spans"):
        assert getattr(a, name) == getattr(b, name), name
    assert a.spans and a.by_tag
    actor = max(a.by_actor, key=lambda k: len(a.by_actor[k]))
    year = eager.events[len(eager.events) // 2].date.year
    some = list(range(0, len(eager.events), 3))
    filters = [q.Filters(), q.Filters(actors=(actor,)), q.Filters(date_from=eager.events[100].date), q.Filters(tags=(next(iter(a.by_tag)),))]
    for f in filters:
        assert q.apply(a, f) == q.apply(b, f)
    assert q.year_counts(a) == q.year_counts(b) and q.year_counts(a, some) == q.year_counts(b, some)
    assert q.month_counts(a, year) == q.month_counts(b, year) and q.month_counts(a, year, some) == q.month_counts(b, year, some)
    assert q.actor_counts(a, some) == q.actor_counts(b, some)
    assert lazy.years() == eager.years()
    for event in eager.events[::37]:
        assert lazy.index_of(event.id) == eager.index_of(event.id)
    saved = {"tags": [next(iter(a.by_tag)), "no-such-tag"], "actors": [actor]}
    assert q.filters_from_dict(saved, lazy) == q.filters_from_dict(saved, eager)
    assert lazy.events.built == 0


def test_round_trip_of_the_builtin_and_mini(small_blocks):
    for path in (builtin_path(), str(MINI)):
        timeline = load(path)
        again = cache.decode(cache.encode(timeline), timeline.path)
        assert again.events.built == 0
        assert again == timeline and again.eras == timeline.eras and again.actors == timeline.actors


def test_empty_timeline_round_trips(write_yaml):
    timeline = load(write_yaml("version: 1\nevents: []\n"))
    again = cache.decode(cache.encode(timeline), timeline.path)
    assert again == timeline and len(again.events) == 0 and list(again.events) == []
    assert q.apply(q.Index.build(again), q.Filters()) == []


def test_threads_get_the_same_events(pair):
    eager, lazy = pair
    results: list[list] = []

    def read(step: int) -> None:
        results.append([lazy.events[i] for i in range(0, len(lazy.events), step)] if step > 1 else list(lazy.events))

    threads = [threading.Thread(target=read, args=(step,)) for step in (1, 2, 1, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results and all(r for r in results) and len(results) == 4
    assert list(lazy.events) == list(eager.events)
    built = lazy.events
    for i in range(len(built)):
        assert built[i] is built[i]  # each event built once, then kept


@pytest.mark.parametrize("damage", ["date-index", "block-sizes", "positions", "head-length"])
def test_damage_in_the_head_is_caught_when_read(pair, damage):
    import marshal

    eager, _ = pair
    payload = cache.encode(eager)
    size = int.from_bytes(payload[:8], "big")
    head = marshal.loads(payload[8 : 8 + size])
    rest = payload[8 + size :]
    if damage == "date-index":
        head["head"]["date"][5] = len(head["dates"]) + 3
    elif damage == "block-sizes":
        head["blocks"][0] += 1
    elif damage == "positions":
        from array import array

        keys, counts, data = head["positions"]["actors"]
        flat = array("i", data)
        flat[-1] = len(eager.events)  # an event that does not exist
        head["positions"]["actors"] = (keys, counts, flat.tobytes())

    def assemble(parts, length=None) -> bytes:
        first = marshal.dumps(parts)
        return (len(first) if length is None else length).to_bytes(8, "big") + first + rest

    cache.decode(assemble(marshal.loads(payload[8 : 8 + size])), eager.path)  # undamaged, it reads
    damaged = assemble(head, len(payload) + 1 if damage == "head-length" else None)
    with pytest.raises(ValueError, match="damaged"):
        cache.decode(damaged, eager.path)


def test_damaged_block_is_an_error_when_built(pair):
    eager, _ = pair
    damaged_payload = _damaged_second_block(eager)
    entry = cache.entry_path(eager.path)
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_bytes(b"as if it held this payload")
    lazy = cache.decode(damaged_payload, eager.path)
    assert lazy.events[0] == eager.events[0]  # the first block is fine
    with pytest.raises(ValueError, match="damaged cache entry"):
        lazy.events[cache.codec.CHUNK]
    assert not entry.exists()  # dropped: the next start reads the file again


def test_cached_load_builds_no_event_until_one_is_used(tmp_path, generated, small_blocks):
    path = tmp_path / "gen.yaml"
    path.write_text(generated, encoding="utf-8")
    first = opening.open_timeline(str(path))
    second = opening.open_timeline(str(path))
    assert isinstance(second.events, cache.CachedEvents) and second.events.built == 0
    assert second == first


@pytest.fixture
def cached_file(tmp_path, generated, small_blocks):
    """A 300-event timeline file whose cache entry is written, and the entry's path."""
    path = tmp_path / "gen.yaml"
    path.write_text(generated, encoding="utf-8")
    eager = opening.open_timeline(str(path))
    return path, cache.entry_path(str(path)), eager


def _block_offset(entry, block: int) -> int:
    """Where block `block` starts in the entry file."""
    fd = __import__("tui.paths").paths.open_private(entry)
    try:
        header, start = cache.store._read_header(fd)
    finally:
        import os

        os.close(fd)
    return start + sum(header["parts"][: block + 1])


@pytest.mark.parametrize("block", [0, 5, -1])
def test_a_damaged_block_makes_the_entry_a_miss(cached_file, block):
    path, entry, eager = cached_file
    data = bytearray(entry.read_bytes())
    at = _block_offset(entry, block % (len(eager.events) // cache.codec.CHUNK + 1)) + 3
    data[at] ^= 0x40
    entry.write_bytes(bytes(data))
    assert cache.get(str(path), path.stat()) is None  # every block is checked before get() answers
    assert opening.open_timeline(str(path)) == eager  # parsed again and the entry rewritten
    assert cache.get(str(path), path.stat()) == eager


def test_a_block_changed_after_reading_is_an_error_when_used(cached_file):
    path, entry, eager = cached_file
    lazy = cache.get(str(path), path.stat())
    assert lazy is not None and lazy.events[0] == eager.events[0]
    at = _block_offset(entry, 3) + 3
    with open(entry, "r+b") as handle:  # in place, as nothing in the program ever writes it
        handle.seek(at)
        byte = handle.read(1)
        handle.seek(at)
        handle.write(bytes([byte[0] ^ 0x40]))
    with pytest.raises(ValueError, match="damaged cache entry"):
        lazy.events[3 * cache.codec.CHUNK]
    assert not entry.exists()


def test_the_entry_file_is_closed_when_every_event_is_built(cached_file):
    path, entry, eager = cached_file
    lazy = cache.get(str(path), path.stat())
    body = lazy.events._body
    assert isinstance(body, cache.lazy.FileBody) and body._closer.alive
    assert list(lazy.events) == list(eager.events)
    assert lazy.events._body is None and not body._closer.alive
    other = cache.get(str(path), path.stat())
    closer = other.events._body._closer
    del other
    import gc

    gc.collect()
    assert not closer.alive  # or when the timeline goes


@pytest.fixture
def started(monkeypatch):
    """Run cli.run_app up to the app's start: what it was given (the app does not run)."""
    import io
    import sys

    from tui import cli
    from tui.app import TimelineApp

    given: list = []
    monkeypatch.setattr(TimelineApp, "run", lambda self, **kwargs: given.append(self))
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("TERM", "xterm-256color")

    def start(*argv: str):
        monkeypatch.setattr(sys, "stdin", Terminal())  # here: pytest sets its capture again after the fixtures
        monkeypatch.setattr(sys, "stdout", Terminal())
        code = cli.run_app(list(argv))
        return code, (given.pop() if given else None)

    return start


def test_a_cached_file_is_read_before_the_app_starts(started, cached_file):
    path, entry, eager = cached_file
    code, app = started(str(path))
    assert code == 0 and app.timeline is not None and app.timeline == eager
    assert isinstance(app.timeline.events, cache.CachedEvents)
    actor = eager.events[0].actors[0]
    code, app = started(str(path), "--actor", actor)
    assert code == 0 and actor in app.start.filters.actors and app.start.explicit
    assert isinstance(app.source.events, cache.CachedEvents)


def test_an_uncached_small_file_is_read_before_the_app_and_a_big_one_by_it(started, tmp_path, generated, capsys, monkeypatch):
    path = tmp_path / "new.yaml"
    path.write_text(generated, encoding="utf-8")
    code, app = started(str(path))  # a small file: parsed before the app (a broken one never takes the screen)
    assert code == 0 and app.timeline is not None and len(app.timeline.events) == 300
    assert opening.open_cached(str(path)) is not None  # and cached, as the app's load would have
    big = tmp_path / "big.yaml"
    big.write_text(generated, encoding="utf-8")
    small = opening.BIG_BYTES
    monkeypatch.setattr(opening, "BIG_BYTES", 1)  # a big file: the app's worker loads it, behind its progress screen
    code, app = started(str(big))
    assert code == 0 and app.source == str(big) and app.timeline is None
    monkeypatch.setattr(opening, "BIG_BYTES", small)
    path.write_bytes(b"\x00\x01binary")  # changed since it was cached: checked, refused plainly
    code, app = started(str(path))
    assert code == 2 and app is None
    assert "binary" in capsys.readouterr().err


def test_year_counts_match_a_plain_count(pair, mini):
    from collections import Counter

    eager, lazy = pair
    for timeline in (eager, lazy, mini):
        index = q.Index.build(timeline)
        n = len(timeline.events)
        subsets = [None, [], list(range(n)), list(range(0, n, 7)), [n - 1], [5, 3, 200 % n, 3], list(range(n))[::-1]]
        for within in subsets:
            chosen = range(n) if within is None else within
            plain = Counter(timeline.events[i].date.year for i in chosen)
            assert q.year_counts(index, within) == plain, within
            assert list(q.year_counts(index, within)) == list(plain)  # the same order too
    assert len(q.year_counts(q.Index.build(eager))) > 3


def _damaged_second_block(eager):
    """The cache payload of `eager` with its second block replaced by well-formed nonsense."""
    import marshal

    payload = bytearray(cache.encode(eager))
    size = int.from_bytes(payload[:8], "big")
    sizes = marshal.loads(bytes(payload[8 : 8 + size]))["blocks"]
    bad = marshal.dumps({"title": [], "sources": ([], {})})
    start = 8 + size + sizes[0]
    return bytes(payload[:start]) + bad.ljust(sizes[1], b"\0") + bytes(payload[start + sizes[1] :])


@pytest.mark.parametrize("warm", [False, True])
async def test_app_ends_with_one_line_when_a_block_is_damaged_in_use(pair, tmp_path, warm):
    """Blocks are read when first used: one that went bad meanwhile ends the app with a located
    one-line message (printed by the cli like any load error), never a traceback."""

    eager, _ = pair
    lazy = cache.decode(_damaged_second_block(eager), eager.path)
    app = make_app(tmp_path, lazy, warm_search=warm)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app.main_screen is not None and app.main_screen.event_list.rows:
                break
        assert app.load_error is None  # the first block is fine: the list is up
        if not warm:
            await pilot.press("down", "down", "down", "down", "down", "down", "down", "down", "down",
                              "down", "down", "down", "down", "down", "down", "down", "down", "down")
        for _ in range(40):
            await pilot.pause(0.05)
            if app.load_error is not None:
                break
    assert app.return_code == 2
    assert app.load_error is not None and "damaged while in use" in str(app.load_error)
    assert str(app.load_error).startswith(eager.path)


def test_commands_end_with_one_line_when_a_block_is_damaged(pair, capsys):
    """`list` and `export` read every block: a damaged one is a one-line error and exit 2."""
    from tui import cli
    from tui.cli import options

    eager, _ = pair
    damaged = cache.decode(_damaged_second_block(eager), eager.path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(options, "open_timeline", lambda *a, **k: damaged)
        code = cli.main(["list", "--file", eager.path])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "parse-cache entry was damaged" in err and "Traceback" not in err
