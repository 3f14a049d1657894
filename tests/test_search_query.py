"""The search language (tui/search_query.py) against a plain reference: every event's folded
searchable text, one string each, every term checked with `in` or a regular expression; no
index. Same answers, same order. Plus the syntax it refuses, each with its message."""

from __future__ import annotations

import random
import re

import pytest

from conftest import ROOT, load_bench_gen
from test_query_search import queries_for, searchable
from tui import query as q
from tui import search_query as sq
from tui.timeline_file import load


class Reference:
    def __init__(self, timeline):
        self.timeline = timeline
        self.texts = [searchable(timeline, e) for e in timeline.events]
        self.index = q.Index.build(timeline)
        self._ids: dict = {}

    def matches(self, i: int, term: sq.Term) -> bool:
        event, text = self.timeline.events[i], self.texts[i]
        if term.kind == "word":
            return term.words[0] in text
        if term.kind == "phrase":
            flat = " ".join(text.split())  # whitespace runs as one space: words next to each other
            return " ".join(term.words) in flat
        if term.kind == "prefix":  # at a word's start: the text's start or after a letter that is not a word's
            w = term.words[0]
            k = text.find(w)
            while k != -1:
                if k == 0 or not (text[k - 1].isalnum() or text[k - 1] == "_"):
                    return True
                k = text.find(w, k + 1)
            return False
        if term.kind == "year":
            lo, hi = sq._years(term.words[0])
            return lo <= event.date.year <= hi
        ids = self.ids(term)
        own = {"actor": event.actors, "place": event.places, "tag": event.tags}[term.kind]
        return bool(ids & set(own))

    def ids(self, term):
        key = (term.kind, term.words[0])
        if key not in self._ids:
            self._ids[key] = set(sq.field_ids(self.timeline, self.index, term.kind, term.words[0]))
        return self._ids[key]

    def search(self, text: str, within=None) -> list[int]:
        query = sq.parse(text)
        if not query.terms:
            return []
        hits = [i for i in range(len(self.texts)) if all(self.matches(i, t) != t.negated for t in query.terms)]
        if within is None:
            return hits
        keep = set(hits)
        return [i for i in within if i in keep]


def language_queries(timeline, rng: random.Random, count: int) -> list[str]:
    """Words from the data made into phrases, prefixes, exclusions and fields."""
    base = queries_for(timeline, rng, count // 2)
    out = ['"east aleppo"', "chem*", "chemical -sarin", 'aleppo -"east aleppo"', "actor:hts year:2016 aleppo",
           "year:2012..2013", "-assad", "tag:aleppo -year:2016", "al-*", '"al nusra"', "-al-nusra aleppo"]
    actors, places = list(timeline.actors.values()), list(timeline.places.values())
    tags = sorted({t for e in timeline.events for t in e.tags})
    years = timeline.years()
    for _ in range(count):
        event = rng.choice(timeline.events)
        tokens = [t for t in (event.title + " " + event.text).split() if '"' not in t and ":" not in t and "*" not in t]
        if len(tokens) < 3:
            continue
        at = rng.randrange(len(tokens) - 1)
        word = rng.choice(tokens).strip("-")
        other = rng.choice(rng.choice(timeline.events).title.split()).strip("-")
        out += [
            f'"{tokens[at]} {tokens[at + 1]}"',
            f"{word[: max(1, len(word) // 2)]}*",
            f"{word} -{other}" if other else word,
            f'{word} -"{tokens[at]} {tokens[at + 1]}"',
            f"actor:{rng.choice(actors).id} {word}",
            f"place:{rng.choice(places).id} -{word}" if places else word,
            f"tag:{rng.choice(tags)} year:{rng.choice(years)}" if tags else word,
            f"year:{years[0]}..{rng.choice(years)} -actor:{rng.choice(actors).id}",
        ]
    return [s for s in dict.fromkeys(base + out) if not any(c in s for c in '"*:') or sq.check(s) == ""]


def check(timeline, queries, rng):
    index = q.Index.build(timeline)
    ref = Reference(timeline)
    n = len(timeline.events)
    subset = sorted(rng.sample(range(n), n // 3))
    kinds = set()
    for text in queries:
        try:
            expected = ref.search(text)
        except sq.QueryError:
            with pytest.raises(sq.QueryError):
                sq.search(index, text)
            continue
        assert sq.search(index, text) == expected, text
        assert sq.search(index, text, within=subset) == ref.search(text, subset), text
        if expected:
            kinds.update((t.kind, t.negated) for t in sq.parse(text).terms)
    # every kind of term found something somewhere (so the comparison means something)
    assert {("word", False), ("word", True), ("phrase", False), ("phrase", True), ("prefix", False),
            ("actor", False), ("place", False), ("tag", False), ("year", False), ("actor", True)} <= kinds


def test_language_matches_reference_on_builtin_timeline():
    timeline = load(ROOT / "timeline.yaml")
    rng = random.Random(5)
    check(timeline, language_queries(timeline, rng, 25), rng)


def test_language_matches_reference_on_generated_timeline(tmp_path):
    path = tmp_path / "gen.yaml"
    path.write_text(load_bench_gen().generate(400, seed=9), encoding="utf-8")
    timeline = load(path)
    rng = random.Random(13)
    check(timeline, language_queries(timeline, rng, 25), rng)


def test_plain_words_are_today_s_search():
    timeline = load(ROOT / "timeline.yaml")
    index = q.Index.build(timeline)
    for text in ("assad", "aleppo siege", "al-nusra", "حلب", "Türkiye", ".,", ""):
        assert sq.search(index, text) == q.search(index, text), text


def test_examples_on_builtin_timeline():
    timeline = load(ROOT / "timeline.yaml")
    index = q.Index.build(timeline)
    hits = sq.search(index, "actor:hts year:2016 aleppo")
    assert hits and all("hts" in timeline.events[i].actors and timeline.events[i].date.year == 2016 for i in hits)
    phrase = sq.search(index, '"east aleppo"')
    words = sq.search(index, "east aleppo")
    assert phrase and set(phrase) < set(words)  # the phrase is stricter than its words
    without = sq.search(index, 'aleppo -"east aleppo"')
    assert set(without) == set(sq.search(index, "aleppo")) - set(phrase)
    assert set(sq.search(index, "chem*")) >= set(sq.search(index, "chemical"))
    assert not set(sq.search(index, "-assad")) & set(sq.search(index, "assad"))


@pytest.mark.parametrize("text, message", [
    ('"east aleppo', "unbalanced quote"),
    ('aleppo "', "unbalanced quote"),
    ("-", "lone '-'"),
    ("aleppo - siege", "lone '-'"),
    ("foo:bar", "unknown field 'foo:'"),
    ("actor:", "'actor:' needs a value"),
    ("a*b", "'*' only at the end"),
    ("*", "lone '*'"),
    ('""', "empty phrase"),
])
def test_unsupported_syntax_says_so(text, message):
    with pytest.raises(sq.QueryError, match=re.escape(message)):
        sq.parse(text)
    assert message in sq.check(text)


@pytest.mark.parametrize("text, message", [
    ("actor:nosuchactor", "no actor matches 'nosuchactor'"),
    ("-place:nowhere aleppo", "no place matches 'nowhere'"),
    ("tag:nosuchtag", "no tag matches"),
    ("year:20x6", "is not a year"),
    ("year:2016..2012", "is not a range"),
])
def test_names_that_name_nothing_say_so(text, message):
    index = q.Index.build(load(ROOT / "timeline.yaml"))
    with pytest.raises(sq.QueryError, match=re.escape(message)):
        sq.search(index, text)


def test_field_values_accept_names_and_quotes():
    timeline = load(ROOT / "timeline.yaml")
    index = q.Index.build(timeline)
    government = [a.id for a in timeline.actors.values() if "Assad government" in a.aliases]
    assert government and sq.field_ids(timeline, index, "actor", "Assad government") == government
    assert sq.parse('actor:"assad government"').terms[0].words == ("assad government",)
    assert sq.search(index, 'actor:"assad government"') == sorted(set().union(*(index.by_actor[a] for a in government)))
    assert sq.search(index, "place:حلب") == sq.search(index, "place:aleppo")


@pytest.mark.parametrize("text, quick", [
    ("aleppo siege", True), ("-kurdish aleppo", True), ("chem*", True), ("actor:hts year:2016", True),
    ('"east aleppo"', False), ('-"no fly" aleppo', False), ("-al-nusra", False), ("ch*", False),
])
def test_quick_queries_are_those_the_index_alone_answers(text, quick):
    """What the app answers at once instead of in a worker: no phrase (its order is checked on
    each event's text), no prefix under three letters (looked up in the whole vocabulary)."""
    assert sq.parse(text).quick is quick
