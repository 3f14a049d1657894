"""The search language, read on top of the search index (`query.search`). No Textual here.

    aleppo siege          every word must occur (folded, anywhere in a word: as `query.search`)
    "east aleppo"         the words next to each other, in this order
    -kurdish  -"no fly"   leave out events that have the word or the phrase
    chem*                 a word that starts with "chem"
    actor:hts  place:حلب  the event has that actor / place (id, name, short name or alias;
    tag:aleppo            "actor:assad government" needs quotes: actor:"assad government")
    year:2016  year:2012..2014

Anything else that looks like syntax is refused with a one-line message (`QueryError`): an
unbalanced quote, an unknown field, a lone `-`, a `*` inside a word, a field with no value, a
name no actor has. A query of plain words finds exactly what `query.search` finds.

Words and prefixes are looked up in the index (a prefix in its vocabulary of folded words);
phrases are then checked on the folded text (`searchable`) of the events the index returned.
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import replace
from itertools import compress
from typing import NamedTuple, Sequence

from . import query as q
from .model import Event, Timeline
from .search_fold import fold

FIELDS = ("actor", "place", "tag", "year")
HINT = 'words, "a phrase", -word, pre*, actor: place: tag: year:'


class QueryError(ValueError):
    """A query that cannot be read; the message says what and how to fix it."""


class Term(NamedTuple):
    kind: str  # "word", "phrase", "prefix", or a field: "actor", "place", "tag", "year"
    words: tuple[str, ...]  # folded words (a field: the raw value, stripped)
    negated: bool = False

    @property
    def is_field(self) -> bool:
        return self.kind in FIELDS


class Query(NamedTuple):
    terms: tuple[Term, ...]

    @property
    def plain(self) -> bool:
        """Only words, none left out: what `query.search` alone answers."""
        return all(t.kind == "word" and not t.negated for t in self.terms)

    @property
    def quick(self) -> bool:
        """Answered from the search index alone, in milliseconds: no phrase (its words' order is
        checked on the text of every event that has them) and no prefix under three letters
        (looked up in the whole vocabulary)."""
        return all(t.kind != "phrase" and (t.kind != "prefix" or len(t.words[0]) >= 3) for t in self.terms)

    @property
    def positive(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.negated)

    def text_terms(self) -> tuple[Term, ...]:
        """The terms matched in the events' text (what a reader sees highlighted)."""
        return tuple(t for t in self.positive if not t.is_field)


_TOKEN = re.compile(r'\s*(-?)(?:([A-Za-z]+):)?("[^"]*"?|[^\s"]+)?')


def parse(text: str) -> Query:
    """The terms of `text`; QueryError if it cannot be read."""
    terms: list[Term] = []
    at, end = 0, len(text)
    while at < end:
        if text[at].isspace():
            at += 1
            continue
        match = _TOKEN.match(text, at)
        assert match is not None
        minus, name, value = match.group(1), match.group(2), match.group(3)
        at = match.end()
        if value is None and name is None:
            if minus:
                raise QueryError("a lone '-': write -word to leave out events with that word")
            raise QueryError(f"cannot read {text[at:at + 10]!r}; {HINT}")  # pragma: no cover (the pattern eats any non-space)
        if name is not None and name.lower() not in FIELDS:
            raise QueryError(f"unknown field '{name}:'; use actor:, place:, tag: or year: (or quote it: \"{name}:…\")")
        quoted = value is not None and value.startswith('"')
        if quoted and (len(value) < 2 or not value.endswith('"')):  # type: ignore[union-attr]
            raise QueryError('unbalanced quote: close the phrase with " (or remove the ")')
        raw = (value or "")[1:-1] if quoted else (value or "")
        if name is not None:
            field = name.lower()
            if not raw.strip():
                raise QueryError(f"'{field}:' needs a value, e.g. {field}:{_EXAMPLE[field]}")
            terms.append(Term(field, (raw.strip(),), bool(minus)))
            continue
        if quoted:
            words = tuple(fold(raw).split())
            if not words:
                raise QueryError('an empty phrase ""; put words between the quotes')
            terms.append(Term("phrase" if len(words) > 1 else "word", words, bool(minus)))
            continue
        star = raw.endswith("*")
        stem = raw[:-1] if star else raw
        if "*" in stem:
            raise QueryError(f"'*' only at the end of a word (pre*): {raw!r}")
        words = tuple(fold(stem).split())
        if not words:
            if star:
                raise QueryError("a lone '*': write the start of a word before it, e.g. chem*")
            continue  # punctuation that folds to nothing (as in `query.search`)
        if star:
            *before, last = words
            terms.extend(Term("word", (w,), bool(minus)) for w in before)
            terms.append(Term("prefix", (last,), bool(minus)))
        elif minus and len(words) > 1:  # -al-nusra: leave out the phrase it folds to
            terms.append(Term("phrase", words, True))
        else:
            terms.extend(Term("word", (w,), bool(minus)) for w in words)
    return Query(tuple(terms))


_EXAMPLE = {"actor": "hts", "place": "aleppo", "tag": "siege", "year": "2016"}


# --------------------------------------------------------------------------- matching text


def searchable(timeline: Timeline, event: Event) -> str:
    """The event's folded searchable text: its own words (`query.own_text`) and the names of
    its actors and places, one part a line."""
    parts = [q.own_text(timeline, event)]
    for actor_id in event.actors:
        actor = timeline.actors.get(actor_id)
        if actor:
            parts += list(actor.all_names)
    for place_id in event.places:
        place = timeline.places.get(place_id)
        if place:
            parts += [place.name, place.arabic]
    return fold("\n".join(p for p in parts if p))


def pattern(term: Term) -> re.Pattern[str]:
    """A regular expression for a text term on folded text."""
    if term.kind == "prefix":
        return re.compile(r"(?<!\w)" + re.escape(term.words[0]))
    return re.compile(r"\s+".join(map(re.escape, term.words)))


# --------------------------------------------------------------------------- fields


def field_events(index: q.Index, term: Term) -> list[int]:
    """The events a field term names, ascending; QueryError if it names nothing."""
    timeline, value = index.timeline, term.words[0]
    if term.kind == "year":
        lo, hi = _years(value)
        starts = index.starts
        first = bisect.bisect_left(starts, datetime.date(lo, 1, 1).toordinal())
        last = bisect.bisect_left(starts, datetime.date(hi + 1, 1, 1).toordinal()) if hi < 9999 else len(starts)
        return list(range(first, last))
    ids = field_ids(timeline, index, term.kind, value)
    lists = {"actor": index.by_actor, "place": index.by_place, "tag": index.by_tag}[term.kind]
    return sorted(set().union(*(lists.get(i, ()) for i in ids)))


def field_ids(timeline: Timeline, index: q.Index, kind: str, value: str) -> list[str]:
    """Actor, place or tag ids for a field's value: an exact id or name first, else every one
    whose name has a word starting with the value. QueryError if none."""
    want = fold(value)
    names: dict[str, list[str]]
    if kind == "actor":
        names = {a.id: [a.id, *a.all_names] for a in timeline.actors.values()}
    elif kind == "place":
        names = {p.id: [p.id, p.name, p.arabic] for p in timeline.places.values()}
    else:
        names = {t: [t] for t in index.by_tag}
    folded = {key: [fold(n) for n in values if n] for key, values in names.items()}
    exact = [key for key, values in folded.items() if want in values]
    if exact:
        return exact
    starts = re.compile(r"(?<!\w)" + re.escape(want))
    near = [key for key, values in folded.items() if any(starts.search(n) for n in values)]
    if not near:
        listing = {"actor": "actors", "place": "places", "tag": "tags"}[kind]
        raise QueryError(f"no {kind} matches {value!r}; `syria-timeline {listing}` lists them")
    return near


def _years(value: str) -> tuple[int, int]:
    lo, sep, hi = value.replace("–", "..").partition("..")
    try:
        first = int(lo) if lo else 1
        last = int(hi) if hi else (9999 if sep else first)
    except ValueError:
        raise QueryError(f"year:{value} is not a year; try year:2016 or year:2012..2014") from None
    if not (1 <= first <= 9999 and 1 <= last <= 9999) or first > last:
        raise QueryError(f"year:{value} is not a range of years; try year:2012..2014")
    return first, last


# --------------------------------------------------------------------------- search


def search(index: q.Index, text: str | Query, within: Sequence[int] | None = None) -> list[int]:
    """The events that match the query, in timeline order (in `within`'s order with `within`).
    QueryError if it cannot be read. An empty query finds nothing."""
    query = parse(text) if isinstance(text, str) else text
    if not query.terms:
        return []
    if query.plain:
        return q.search(index, " ".join(w for t in query.terms for w in t.words), within=within)
    size = len(index)
    keep: set[int] | None = None
    positive = [t for t in query.terms if not t.negated]
    # the index first: words, and the words of phrases and prefixes, all together
    looked_up = [w for t in positive if not t.is_field for w in t.words]
    if looked_up:
        keep = set(q.search(index, " ".join(looked_up)))
    for term in positive:
        if term.is_field:
            named = set(field_events(index, term))
            keep = named if keep is None else keep & named
    for term in query.terms:  # unknown names are errors even when nothing is left to match
        if term.negated and term.is_field:
            field_events(index, term)
    if keep is None:
        keep = set(range(size))
    for term in positive:
        if term.kind == "prefix" and keep:
            keep &= prefix_events(index, term.words[0])
    checks = [t for t in positive if t.kind == "phrase"]
    if checks and keep:
        patterns = [pattern(t) for t in checks]
        timeline = index.timeline
        keep = {i for i in keep if all(p.search(searchable(timeline, timeline.events[i])) for p in patterns)}
    for term in query.terms:
        if not term.negated or not keep:
            continue
        if term.is_field:
            keep.difference_update(field_events(index, term))
            continue
        if term.kind == "prefix":
            keep -= prefix_events(index, term.words[0])
            continue
        found = q.search(index, " ".join(term.words))
        if term.kind != "word":
            timeline, rx = index.timeline, pattern(term)
            found = [i for i in found if i in keep and rx.search(searchable(timeline, timeline.events[i]))]
        keep.difference_update(found)
    if within is None:
        return sorted(keep)
    return [i for i in within if i in keep]


def prefix_events(index: q.Index, stem: str) -> set[int]:
    """The events with a word starting with `stem`, from the index's vocabulary: the folded words
    that hold the stem (`Words.matching`) where it starts a word, and the names where it does."""
    table = index.words()
    rx = pattern(Term("prefix", (stem,)))
    sets = [table.events[n] for n in table.matching(stem) if rx.search(table.words[n])]
    sets += [named for name, named in zip(table.names, table.named) if rx.search(name)]
    found = q.union(table.size, sets)
    if isinstance(found, int):
        return set(compress(range(table.size), q.flags_of(found, table.size)))
    return set(found)


def check(text: str) -> str:
    """'' if the query can be read, else the message (for a prompt that checks as one types)."""
    try:
        parse(text)
    except QueryError as exc:
        return str(exc)
    return ""


def apply(index: q.Index, filters: q.Filters) -> list[int]:
    """`query.apply` with the filters' search read in this language."""
    if not filters.search.strip():
        return q.apply(index, filters)
    return search(index, filters.search, within=q.apply(index, replace(filters, search="")))
