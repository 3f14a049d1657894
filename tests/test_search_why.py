"""Why an event matched (tui/search_why.py): positions of the searched words in the text as
written, and the actor or place names that brought a hit in when its own text lacks the word."""

from __future__ import annotations

from conftest import ROOT
from tui import query as q
from tui import search_query as sq
from tui import search_why as why
from tui.search_fold import fold
from tui.timeline_file import load


def marked(text: str, query: str) -> list[str]:
    return [text[a:b] for a, b in why.spans(text, why.marks_for(query))]


def test_spans_in_the_text_as_written():
    assert marked("Rebels enter east Aleppo", "aleppo") == ["Aleppo"]
    assert marked("Rebels enter east   Aleppo; EAST ALEPPO", '"east aleppo"') == ["east   Aleppo", "EAST ALEPPO"]
    assert marked("Türkiye and Ma'arrat al-Nu'man", "turkiye maarrat") == ["Türkiye", "Ma'arrat"]
    assert marked("chemical attack, a chemist", "chem*") == ["chem", "chem"]
    assert marked("machine", "chem*") == []  # a prefix starts a word
    assert marked("aleppo", "-aleppo siege") == []  # left-out words are not marked
    assert marked("aleppo", "actor:hts") == []  # fields are not words of the text
    assert marked("aleppo", '"broken') == []  # a search that cannot be read marks nothing
    assert marked("حَلَب وحلب", "حلب") == ["حَلَب", "حلب"]
    assert marked("aaa", "a aa") == ["aaa"]  # overlapping matches merge


def test_via_names_the_actor_alias_or_place():
    timeline = load(ROOT / "timeline.yaml")
    index = q.Index.build(timeline)
    hits = sq.search(index, "assad")
    through_names = [i for i in hits if why.via(timeline, timeline.events[i], "assad")]
    assert through_names and len(through_names) < len(hits)
    for i in hits:
        event = timeline.events[i]
        lines = why.via(timeline, event, "assad")
        assert bool(lines) == ("assad" not in why.own_text(timeline, event))
    event = timeline.events[through_names[0]]
    lines = why.via(timeline, event, "assad")
    assert any(line.startswith("via actor: ") and "'" in line for line in lines), lines
    # a place's Arabic name
    aleppo = next(p for p in timeline.places.values() if p.arabic == "حلب")
    hit = next(i for i in sq.search(index, "حلب") if "حلب" not in why.own_text(timeline, timeline.events[i]))
    assert why.via(timeline, timeline.events[hit], "حلب") == [f"via place: {aleppo.name} ('حلب')"]
    # words in the event's own text give no via line
    own = timeline.events[sq.search(index, "siege")[0]]
    assert why.via(timeline, own, "siege") == []
    assert fold("siege") in why.own_text(timeline, own)
