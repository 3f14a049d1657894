"""`query.search` against a plain reference: every folded word of the query must occur in the
event's folded searchable text, one string per event, no index. Same answers, same order."""

from __future__ import annotations

import random
from array import array
from dataclasses import replace

import pytest
from hypothesis import given, strategies as st

from conftest import ROOT, load_bench_gen
from tui import query as q
from tui.timeline_file import load
from tui.search_fold import fold


def searchable(timeline, event) -> str:
    """The event's searchable text, written out from the fields (not from query.py)."""
    parts = [event.title, event.summary, event.text, *event.tags]
    for claim in event.claims:
        parts += [claim.says, claim.via]
        if claim.by in timeline.actors:
            parts.append(timeline.actors[claim.by].name)
    for actor_id in event.actors:
        actor = timeline.actors.get(actor_id)
        if actor:
            parts += list(actor.all_names)  # names, short names (also earlier ones) and aliases
    for place_id in event.places:
        place = timeline.places.get(place_id)
        if place:
            parts += [place.name, place.arabic]
    return fold("\n".join(p for p in parts if p))


class Reference:
    def __init__(self, timeline):
        self.texts = [searchable(timeline, e) for e in timeline.events]

    def search(self, query: str, within=None) -> list[int]:
        words = fold(query).split()
        if not words:
            return []
        hits = [i for i, text in enumerate(self.texts) if all(w in text for w in words)]
        if within is None:
            return hits
        keep = set(hits)
        return [i for i in within if i in keep]


def own_only(timeline, event) -> str:
    """Folded text without the actors' and places' names (to find name-only matches)."""
    parts = [event.title, event.summary, event.text, *event.tags]
    for claim in event.claims:
        parts += [claim.says, claim.via, timeline.actors[claim.by].name if claim.by in timeline.actors else ""]
    return fold("\n".join(p for p in parts if p))


def queries_for(timeline, rng: random.Random, count: int) -> list[str]:
    """Words and pieces of words taken from the data, raw (unfolded) so folding is exercised too."""
    out = ["convoy", "zzzz", "al", "a", "e", ".", ",", "(", "'", "-", "al-", "Ma'arrat", "MAARAT", "türkiye",
           "TURKIYE", "حلب", "حَلَب", "مكان", "الفصيل", "x" * 40, "convoy zzzz", "  ", "\t", "ss", "1", "0", "2016"]
    actors, places = list(timeline.actors.values()), list(timeline.places.values())
    for actor in rng.sample(actors, min(40, len(actors))):
        out += [actor.name, actor.short, *actor.aliases, actor.name[:3]]
    for place in rng.sample(places, min(40, len(places))):
        out += [place.name, place.arabic, place.arabic[:2]]
    events = timeline.events
    for _ in range(count):
        event = rng.choice(events)
        tokens = searchable(timeline, event).split() + (event.title + " " + event.text).split()
        word = rng.choice(tokens)
        cut = rng.randrange(len(word))
        out += [word, word[cut:], word[:cut + 1], word.upper(), f"{word} {rng.choice(tokens)}",
                " ".join(rng.sample(tokens, min(3, len(tokens))))]
    return list(dict.fromkeys(out))


def check(timeline, queries, rng: random.Random) -> None:
    index = q.Index.build(timeline)
    ref = Reference(timeline)
    n = len(timeline.events)
    subset = sorted(rng.sample(range(n), n // 3))
    shuffled = rng.sample(range(n), n // 2) + rng.sample(range(n), 5)  # any order, with repeats
    for query in queries:
        assert q.search(index, query) == ref.search(query), query
        assert q.search(index, query, within=subset) == ref.search(query, subset), query
        assert q.search(index, query, within=shuffled) == ref.search(query, shuffled), query
    # with every event shown, as the app holds them: the answers are made of that list's ints
    held = q.apply(index, q.Filters())
    assert held is index.everything() and held == list(range(n))
    for query in queries:
        assert q.search(index, query, within=held) == ref.search(query), query
        assert q.search(index, query) == ref.search(query), query
    assert held == list(range(n))  # nothing changed it
    assert q.search(index, "convoy", within=[]) == []
    odd = [n + 5, -1, 0, n - 1, 0]  # out-of-range positions never match (as before)
    assert q.search(index, "a", within=odd) == ref.search("a", odd)


def coverage(timeline, queries) -> dict[str, int]:
    """How many queries hit events only through actor names, only through place names, and
    through several words: so the comparison is known to exercise those paths."""
    own = [own_only(timeline, e) for e in timeline.events]
    counts = {"actor-only": 0, "place-only": 0, "multi-word": 0, "arabic": 0}
    actor_text = {a.id: fold("\n".join(a.all_names)) for a in timeline.actors.values()}
    place_text = {p.id: fold("\n".join(filter(None, (p.name, p.arabic)))) for p in timeline.places.values()}
    ref = Reference(timeline)
    for query in queries:
        words = fold(query).split()
        hits = ref.search(query)
        if len(words) == 1 and hits:
            word = words[0]
            for i in hits:
                event = timeline.events[i]
                if word not in own[i]:
                    if any(word in actor_text.get(a, "") for a in event.actors) and not any(word in place_text.get(p, "") for p in event.places):
                        counts["actor-only"] += 1
                    elif any(word in place_text.get(p, "") for p in event.places):
                        counts["place-only"] += 1
                    break
        if len(words) > 1 and hits:
            counts["multi-word"] += 1
        if hits and not query.isascii():
            counts["arabic"] += 1
    return counts


def test_search_matches_reference_on_builtin_timeline():
    timeline = load(ROOT / "timeline.yaml")
    rng = random.Random(7)
    queries = queries_for(timeline, rng, 80)
    counts = coverage(timeline, queries)
    assert all(counts.values()), counts
    check(timeline, queries, rng)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("gen") / "gen.yaml"
    path.write_text(load_bench_gen().generate(600, seed=3), encoding="utf-8")
    return load(path)


def test_search_matches_reference_on_generated_timeline(generated):
    rng = random.Random(11)
    queries = queries_for(generated, rng, 80)
    counts = coverage(generated, queries)
    assert all(counts.values()), counts
    check(generated, queries, rng)
    # both ways of keeping a word's events are in use (bitmask for common words, list for rare)
    kinds = {type(found) is int for found in q.Index.build(generated).words().events}
    assert kinds == {True, False}


EDGE = """\
version: 1
title: Edge cases for search
actors:
  nusra: {name: Jabhat al-Nusra, short: JN, aliases: [Nusrah Front, جبهة النصرة], kind: armed-group}
  solo: {name: Qqqalias Only, aliases: [Zwörg], kind: person}
places:
  maarat: {name: Ma'arrat al-Nu'man, arabic: مَعَرَّة النُّعْمَان}
  lonely: {name: Placeonly, arabic: مكانوحيد}
events:
  - id: one
    date: 2012-01-01
    title: "Coffee—and—tea in Ma'arrat (al-Nu'man)"
    actors: [nusra]
    places: [maarat]
    tags: [market]
    text: "Résumé of the CAFÉ; naïve SHELLING... 'quoted' text\\ttab, Straße, 2011"
    claims: [{by: solo, says: "Said the thing", via: "Wire"}]
    sources: [{publisher: W}]
  - id: two
    date: 2012-01-02
    title: Nothing shared
    actors: [solo]
    places: [lonely]
    text: "aaaa bbb tatweel: مـــكان, İDLİB 2012"
    sources: [{publisher: W}]
  - id: three
    date: 2012-01-03
    title: Ghost only
    actors: [solo]
    text: "coffee أحمد مدرسة مستشفى"
    sources: [{publisher: W}]
"""


def test_search_edge_cases(write_yaml):
    timeline = load(write_yaml(EDGE))
    # ids the loader would refuse, as a timeline built in code may have: they add nothing
    events = list(timeline.events)
    events[2] = replace(events[2], actors=("ghost",), places=("nowhere",))
    timeline = replace(timeline, events=tuple(events))
    index = q.Index.build(timeline)
    ref = Reference(timeline)
    names = lambda hits: [timeline.events[i].id for i in hits]  # noqa: E731
    expected = {
        "coffee": ["one", "three"],
        "coffee tea": ["one"],
        "maarrat": ["one"],  # the place's name and the title's spelling fold alike
        "maarat": [],  # doubled letters are not folded
        "معرة": ["one"],  # harakat dropped
        "nusrah": ["one"],  # alias only
        "النصرة": ["one"],
        "qqqalias": ["one", "two"],  # `solo` is an actor of `two` and makes the claim in `one`
        "qqalias": ["one", "two"],  # inside "qqqalias"
        "qqqqalias": [],
        "zworg": ["two"],  # an alias of `solo`: a claim carries the claimant's name, not aliases
        "placeonly": ["two"],
        "مكانوحيد": ["two"],
        "مكان": ["two"],  # tatweel dropped
        "resume": ["one"],
        "shel": ["one"],
        "sheling": [],  # doubled letters are kept
        "shelling": ["one"],
        "quoted": ["one"],
        "ghost": ["three"],  # in the title; the unknown actor id adds nothing
        "nowhere": [],
        "aa": ["one", "two"],  # "maarrat" and "aaaa"
        "aaa": ["two"],
        "aaaaa": [],
        "2011": ["one"],  # digits are never folded: not 2012
        "201": ["one", "two"],
        "11": ["one"],
        "1": ["one", "two"],
        "ß": ["one"],  # folds to "ss"
        "STRASSE": ["one"],
        "straße": ["one"],
        "ss": ["one"],
        "İdlib": ["two"],  # İ folds to i
        "idlib": ["two"],
        "احمد": ["three"],  # hamza on alef folded
        "أحمد": ["three"],
        "مدرسه": ["three"],  # ta marbuta read as ha
        "مستشفي": ["three"],  # alef maqsura read as ya
        "ta": ["one", "two"],
        "": [],
    }
    for query, want in expected.items():
        assert names(q.search(index, query)) == want, query
        assert q.search(index, query) == ref.search(query), query
    assert names(q.search(index, "coffee", within=[2, 1, 0, 2])) == ["three", "one", "three"]


def test_fold_rules():
    """Case, diacritics and Arabic letter variants only: never doubled letters or digits."""
    assert fold("Ma'arrat al-Nu'man") == fold("MAARRAT AL NUMAN") == "maarrat al numan"
    assert fold("Türkiye") == fold("TURKIYE") == fold("türkıye") == "turkiye"
    assert fold("Straße") == fold("STRASSE") == fold("STRAẞE") == "strasse"
    assert fold("İDLİB") == "idlib" and fold("ß") == "ss" and fold("İ") == "i"
    assert fold("2011") == "2011" and fold("1100") == "1100" and fold("Shelling") == "shelling"
    assert fold("Łódź Ørsted") == "lodz orsted"
    assert fold("مَعَرَّة النُّعْمَان") == "معره النعمان"  # harakat dropped, ta marbuta read as ha
    assert fold("إأآٱا") == "ااااا" and fold("مـــكان") == "مكان" and fold("ى ؤ ئ") == "ي و ي"
    assert fold("a -- b") == "a b" and fold("") == ""


@given(st.text(alphabet=st.characters(categories=("Lu", "Ll", "Nd")), max_size=30))
def test_fold_keeps_ascii_letters_and_digits(text):
    folded = fold(text)
    ascii_part = "".join(ch for ch in text if ch.isascii())
    # every ASCII letter and digit is kept (lower-cased), in order: nothing doubled is collapsed
    assert _subsequence(ascii_part.lower(), folded)
    if text.isascii():
        assert folded == text.lower()


def _subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


@given(st.text(max_size=40), st.text(max_size=40))
def test_fold_does_not_reach_across_whitespace(left, right):
    """What lets the index fold each whitespace-separated word once."""
    for gap in (" ", "\n", "\t"):
        whole = fold(left + gap + right).split()
        assert whole == (fold(left) + " " + fold(right)).split()


def test_words_are_built_once_when_two_threads_ask(monkeypatch):
    """The app builds the search index in the background; a search meanwhile waits for it."""
    import threading
    import time

    from tui.timeline_file import builtin_path, load as load_file

    index = q.Index.build(load_file(builtin_path()))
    real, calls = q.Words.build, []

    def slow_build(of):
        calls.append(of)
        time.sleep(0.2)
        return real(of)

    monkeypatch.setattr(q.Words, "build", staticmethod(slow_build))
    results = []
    threads = [threading.Thread(target=lambda: results.append(index.words())) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len(results) == 3 and all(r is results[0] for r in results)


# ------------------------------------------------------------------- the index from the parse cache


@pytest.fixture
def lazy_pair(tmp_path, monkeypatch):
    """(the loader's timeline, the same read back from the parse cache, lazily) in blocks of 16."""
    from tui import cache

    monkeypatch.setattr(cache.codec, "CHUNK", 16)
    path = tmp_path / "gen.yaml"
    path.write_text(load_bench_gen().generate(300, seed=8), encoding="utf-8")
    eager = load(path)
    lazy = cache.decode(cache.encode(eager), eager.path)
    assert lazy.events.built == 0
    return eager, lazy


def test_index_from_the_parse_cache_builds_no_event(lazy_pair):
    """The search warm-up reads the stored text (CachedEvents.search_fields): no event is built or
    kept, and the answers are those of the loader's timeline."""
    eager, lazy = lazy_pair
    words = q.Index.build(lazy).words()
    assert lazy.events.built == 0
    rng = random.Random(5)
    queries = queries_for(eager, rng, 40)
    lazy_index, eager_index = q.Index.build(lazy), q.Index.build(eager)
    lazy_index._words = words
    for query in queries:
        assert q.search(lazy_index, query) == q.search(eager_index, query), query
    assert lazy.events.built == 0
    assert words.words == eager_index.words().words and list(words.events) == list(eager_index.words().events)


def test_search_fields_read_built_blocks_too(lazy_pair):
    eager, lazy = lazy_pair
    lazy.events[20]  # builds the second block only
    assert 0 < lazy.events.built < len(eager.events)
    fields = list(lazy.events.search_fields())
    assert len(fields) == len(eager.events)
    for event, (title, summary, text, tags, claims) in zip(eager.events, fields):
        assert (title, summary, text, tuple(tags)) == (event.title, event.summary, event.text, event.tags)
        assert list(claims) == [(c.by, c.says, c.via) for c in event.claims]
    assert [q.own_text(eager, e) for e in eager.events] == list(q._own_texts(lazy))


def test_a_damaged_block_stops_the_index_with_the_cache_message(lazy_pair, tmp_path):
    import marshal

    from tui import cache

    eager, _ = lazy_pair
    payload = bytearray(cache.encode(eager))
    size = int.from_bytes(payload[:8], "big")
    sizes = marshal.loads(bytes(payload[8 : 8 + size]))["blocks"]
    bad = marshal.dumps({"title": [], "sources": ([], {})})
    start = 8 + size + sizes[0]
    damaged = cache.decode(bytes(payload[:start]) + bad.ljust(sizes[1], b"\0") + bytes(payload[start + sizes[1]:]), eager.path)
    with pytest.raises(cache.CacheDamaged, match="damaged cache entry"):
        q.Index.build(damaged).words()


# ------------------------------------------------------------------- the pieces index against a scan


def as_set(found, size: int) -> set[int]:
    if type(found) is int:
        return {i for i, f in enumerate(q.flags_of(found, size)) if f}
    return set(found)


def plain_found(words: q.Words, word: str) -> set[int]:
    """The events of every vocabulary word that contains `word`: a scan, no pieces index."""
    out: set[int] = set()
    for text, found in zip(words.words, words.events):
        if word in text:
            out |= as_set(found, words.size)
    return out


@pytest.fixture(scope="module")
def generated_words(generated):
    return q.Index.build(generated).words()


def test_pieces_index_equals_a_vocabulary_scan(generated_words):
    table = generated_words
    rng = random.Random(3)
    pieces = {"", "a", "zz", "ـ", "ss", "201", "2011"}
    for word in rng.sample(table.words, 300):
        for piece in word.split():
            cut = rng.randrange(len(piece))
            pieces.update({piece, piece[cut:], piece[: cut + 1], piece[cut : cut + 2], piece[cut : cut + 3], piece + "x"})
    pieces.discard("")
    assert any(len(p) <= 2 for p in pieces) and any(len(p) >= 4 and p not in table.unions for p in pieces)
    for piece in pieces:
        assert as_set(table.found(piece), table.size) == plain_found(table, piece), piece
    assert {type(v) is int for v in table.unions.values()} == {True, False}  # both kinds of set in use


@given(st.text(alphabet="aeiouhkrstnlm -2016", min_size=1, max_size=5))
def test_pieces_index_equals_a_scan_for_any_query(generated_words, text):
    for word in fold(text).split():
        assert as_set(generated_words.found(word), generated_words.size) == plain_found(generated_words, word)


def test_busy_three_letter_pieces_are_ready(generated, monkeypatch):
    """With a low threshold, three-letter pieces get their events ready as well, and agree."""
    monkeypatch.setattr(q, "BUSY_TRIGRAM", 0.08)  # 48 of the 600 events
    table = q.Index.build(generated).words()
    ready = [gram for gram in table.unions if len(gram) == 3]
    assert ready
    for gram in ready[:100]:
        assert as_set(table.unions[gram], table.size) == plain_found(table, gram)


def test_big_index_is_built_in_a_child_and_sent_back_whole(generated, monkeypatch):
    """From CHILD_EVENTS events on, a forked child builds the index: this process never runs
    build_here, and gets the very index it would have built."""
    here = q.Words.build_here(q.Index.build(generated))
    monkeypatch.setattr(q, "CHILD_EVENTS", 0)
    calls = []
    real = q.Words.build_here
    monkeypatch.setattr(q.Words, "build_here", classmethod(lambda cls, index: calls.append(index) or real(index)))
    index = q.Index.build(generated)
    sent = index.words()
    assert calls == []  # built in the child
    assert sent.words == here.words and list(sent.events) == list(here.events) and sent.names == here.names
    assert sent.trigrams == here.trigrams and sent.unions == here.unions
    assert [list(x) if type(x) is not int else x for x in sent.named] == [list(x) if type(x) is not int else x for x in here.named]
    for query in ("convoy", "a", "al", "zzz", "actor", "2016 the"):
        assert q.search(index, query) == Reference(generated).search(query)


def test_without_a_child_the_index_is_built_here(generated, monkeypatch):
    monkeypatch.setattr(q, "CHILD_EVENTS", 0)

    def no_fork():
        raise OSError("no more processes")

    monkeypatch.setattr(q.os, "fork", no_fork)
    index = q.Index.build(generated)
    assert q.search(index, "convoy") == Reference(generated).search("convoy")


def test_a_damaged_block_met_by_the_child_is_reported_here(lazy_pair, monkeypatch):
    """The child fails; this process builds the index itself and meets the damaged block."""
    import marshal

    from tui import cache

    monkeypatch.setattr(q, "CHILD_EVENTS", 0)
    eager, _ = lazy_pair
    payload = bytearray(cache.encode(eager))
    size = int.from_bytes(payload[:8], "big")
    sizes = marshal.loads(bytes(payload[8 : 8 + size]))["blocks"]
    start = 8 + size + sizes[0]
    bad = marshal.dumps({"title": [], "sources": ([], {})}).ljust(sizes[1], b"\0")
    damaged = cache.decode(bytes(payload[:start]) + bad + bytes(payload[start + sizes[1]:]), eager.path)
    with pytest.raises(cache.CacheDamaged):
        q.Index.build(damaged).words()


# ------------------------------------------------------------------- the index kept for the next start


def test_index_is_kept_beside_the_cache_entry_for_the_next_start(tmp_path, monkeypatch):
    """A cached start whose index an earlier start built (in the child) reads it back: nothing is
    built, the answers are the reference's; a change to the text is a miss."""
    import os

    from tui import cache, opening, search_store

    monkeypatch.setattr(cache.codec, "CHUNK", 16)
    monkeypatch.setattr(q, "CHILD_EVENTS", 0)
    path = tmp_path / "gen.yaml"
    path.write_text(load_bench_gen().generate(200, seed=4), encoding="utf-8")
    opening.open_timeline(str(path))  # parses, writes the cache entry
    first = opening.open_timeline(str(path))  # from the cache
    assert first.events.content_key() and search_store.load(first) is None
    built = q.Index.build(first).words()  # in a child, which also keeps it
    for _ in range(100):
        if search_store.load(first) is not None:
            break
        import time

        time.sleep(0.05)
    assert search_store.path_for(first).exists() and os.stat(search_store.path_for(first)).st_mode & 0o077 == 0

    def no_build(*_):
        raise AssertionError("built again")

    monkeypatch.setattr(q.Words, "build_here", classmethod(no_build))
    monkeypatch.setattr(q, "_build_in_child", no_build)
    second = opening.open_timeline(str(path))
    index = q.Index.build(second)
    table = index.words()
    assert table.words == built.words and second.events.built == 0
    ref = Reference(load(path))
    for query in ("convoy", "a", "al", "actor", "2016 the", "zzz"):
        assert q.search(index, query) == ref.search(query)

    # the text changes (same length, so only the blocks' CRCs tell): the kept index is not used
    text = path.read_text(encoding="utf-8")
    at = text.index("\nevents:")
    path.write_text(text[:at] + text[at:].replace(" the ", " tha ", 1), encoding="utf-8")
    opening.open_timeline(str(path))
    changed = opening.open_timeline(str(path))
    assert search_store.load(changed) is None
    with pytest.raises(AssertionError, match="built again"):
        q.Index.build(changed).words()


def test_a_damaged_kept_index_is_a_miss(tmp_path, monkeypatch):
    from tui import cache, opening, search_store

    monkeypatch.setattr(cache.codec, "CHUNK", 16)
    monkeypatch.setattr(q, "CHILD_EVENTS", 0)
    path = tmp_path / "gen.yaml"
    path.write_text(load_bench_gen().generate(100, seed=6), encoding="utf-8")
    opening.open_timeline(str(path))
    timeline = opening.open_timeline(str(path))
    good = q.Words.build_here(q.Index.build(timeline))
    import marshal

    assert search_store.save(timeline, marshal.dumps(good.to_plain()))
    kept = search_store.path_for(timeline)
    data = kept.read_bytes()
    kept.write_bytes(data[:-100])  # cut short
    kept.chmod(0o600)
    index = q.Index.build(timeline)
    assert q.search(index, "convoy") == Reference(load(path)).search("convoy")  # built again, in the child
    import time

    for _ in range(100):  # the child keeps a good one again
        again = q._stored(q.Index.build(timeline))
        if again is not None:
            break
        time.sleep(0.05)
    assert again is not None and again.words == good.words
    kept.write_bytes(b"not an index at all")
    kept.chmod(0o600)
    assert search_store.load(timeline) is None and q._stored(q.Index.build(timeline)) is None


# ------------------------------------------------------------------- sets of events: bitmasks, indices, flags


def _as_found(events: set[int], size: int, dense: bool):
    ordered = sorted(events)
    if not dense:
        return array("i", ordered)
    flags = bytearray(size)
    for i in ordered:
        flags[i] = 1
    return q._mask(flags)


sets_of_events = st.lists(st.tuples(st.sets(st.integers(0, 199), max_size=120), st.booleans()), max_size=6)


@given(sets_of_events)
def test_union_and_gather_equal_a_set_union(sets):
    size = 200
    found = [_as_found(events, size, dense) for events, dense in sets]
    want = set().union(*(events for events, _ in sets))
    assert as_set(q.union(size, found), size) == want
    gathered = q._gather(size, found)
    if isinstance(gathered, bytearray):
        assert len(gathered) == size and set(gathered) <= {0, 1}
        assert {i for i, f in enumerate(gathered) if f} == want
    else:
        assert list(gathered) == sorted(want)  # ascending indices, each once


@given(st.lists(st.sets(st.integers(0, 299)), min_size=1, max_size=5))
def test_flags_are_anded_as_big_integers(sets):
    size = 300
    flags = []
    for events in sets:
        one = bytearray(size)
        for i in events:
            one[i] = 1
        flags.append(one)
    both = q._and_flags(flags)
    assert len(both) == size
    assert {i for i, f in enumerate(both) if f} == set.intersection(*sets)


def test_everything_is_shared_while_held_and_freed_after(generated):
    import gc
    import weakref

    index = q.Index.build(generated)
    n = len(generated.events)
    assert index._numbers() == range(n)  # nobody holds the list: a range stands in
    shown = q.apply(index, q.Filters())
    assert shown is index.everything() is index._numbers() and shown == list(range(n))
    hits = q.search(index, "a")
    assert hits and all(h is shown[h] for h in hits)  # the same int objects, none made anew
    assert q.year_counts(index, shown) == q.year_counts(index)
    assert q.actor_counts(index, shown) == q.actor_counts(index)
    dated = q.apply(index, q.Filters(date_from=generated.events[n // 2].date))
    assert dated and dated is not shown
    held = weakref.ref(shown)
    del shown, hits, dated
    gc.collect()
    assert held() is None and index._numbers() == range(n)  # freed once nobody holds it
    assert q.apply(index, q.Filters()) == list(range(n))  # and made again when asked
