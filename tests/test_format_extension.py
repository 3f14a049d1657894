"""The format's optional fields of issue 13: actors' dated names, events' roles and primary era.
Each is read by both parsers, carried by the cache, and refused with a located message."""

from __future__ import annotations

import pytest

from tui import cache, model
from tui import query as q
from tui.dates import parse_date
from tui.timeline_file import TimelineError, loads, loads_fast

TEXT = """\
version: 1
actors:
  hts:
    name: Hayat Tahrir al-Sham
    short: HTS
    names:
      - {name: Jabhat al-Nusra, short: Nusra Front, until: 2016-07-28}
      - {name: Jabhat Fateh al-Sham, short: JFS, from: 2016-07-28, until: 2017-01-28}
  russia: {name: Russia}
  turkey: {name: Turkey}
  iran: {name: Iran}
eras:
  - {id: war, title: The war, start: 2011-03-15, end: 2024-12-08}
  - {id: aleppo, title: Battle for Aleppo, start: 2012-07-19, end: 2016-12-22}
  - {id: aleppo-twin, title: Same start, start: 2012-07-19, end: 2013-01-01}
events:
  - id: nusra-2012
    date: 2012-12-10
    title: Nusra event
    actors: [hts]
    text: T.
    sources: [{publisher: W}]
  - id: astana
    date: 2017-05-04
    title: De-escalation zones agreed
    actors: [russia, turkey, iran, hts]
    roles: {russia: guarantor, turkey: guarantor, iran: guarantor}
    text: T.
    sources: [{publisher: W}]
  - id: named-era
    date: 2014-01-01
    title: Named era
    actors: [hts]
    era: war
    text: T.
    sources: [{publisher: W}]
"""


@pytest.fixture(scope="module")
def timeline():
    return loads(TEXT, "t.yaml")


def problems(text: str) -> list[str]:
    with pytest.raises(TimelineError) as info:
        loads(text, "t.yaml")
    return [str(p) for p in info.value.problems]


def test_dated_names(timeline):
    hts = timeline.actors["hts"]
    assert [(n.name, n.short, n.start, n.until) for n in hts.names] == [
        ("Jabhat al-Nusra", "Nusra Front", None, parse_date("2016-07-28")),
        ("Jabhat Fateh al-Sham", "JFS", parse_date("2016-07-28"), parse_date("2017-01-28")),
    ]
    on = lambda date: model.actor_name_on(hts, parse_date(date))  # noqa: E731
    assert on("2012-12-10") == "Jabhat al-Nusra (later HTS)"
    assert on("2016-07-27") == "Jabhat al-Nusra (later HTS)"
    assert on("2016-07-28") == "Jabhat Fateh al-Sham (later HTS)"  # `until` is exclusive
    assert on("2017-01-28") == on("2024") == "Hayat Tahrir al-Sham"
    assert model.actor_name_on(hts, parse_date("2013"), short=True) == "Nusra Front (later HTS)"
    assert timeline.actor_name_on("russia", parse_date("2013")) == "Russia"
    assert timeline.actor_name_on("nobody", parse_date("2013")) == "nobody"
    assert hts.all_names == ("Hayat Tahrir al-Sham", "HTS", "Jabhat al-Nusra", "Nusra Front", "Jabhat Fateh al-Sham", "JFS")


def test_every_name_is_searchable(timeline):
    for name in ("Nusra Front", "Fateh al-Sham", "JFS", "Tahrir"):
        assert q.fuzzy_actors(timeline, name)[:1] == ["hts"], name
    assert q.fold("jabhat al-nusra") in q.actor_names(timeline.actors["hts"])


def test_roles(timeline):
    astana = timeline.events[timeline.index_of("astana")]
    assert astana.roles == (("russia", "guarantor"), ("turkey", "guarantor"), ("iran", "guarantor"))
    assert astana.role_of("russia") == "guarantor" and astana.role_of("hts") == "party"
    assert model.ROLES[0] == model.DEFAULT_ROLE == "party"


def test_primary_era(timeline):
    event = lambda i: timeline.events[timeline.index_of(i)]  # noqa: E731
    assert [e.id for e in timeline.eras_of(event("nusra-2012"))] == ["war", "aleppo", "aleppo-twin"]
    assert timeline.era_of(event("nusra-2012")).id == "aleppo"  # the latest start; on a tie, listed first
    assert timeline.era_of(event("named-era")).id == "war"  # named: not the default (aleppo)
    assert timeline.era_of(event("astana")).id == "war"
    lone = model.Event("x", parse_date("2030"), "T", (), "T", ())
    assert timeline.era_of(lone) is None


def test_both_parsers_and_the_cache_carry_the_new_fields(timeline):
    again = cache.decode(cache.encode(timeline), timeline.path)
    assert again == timeline and again.actors["hts"].names == timeline.actors["hts"].names
    assert [e.roles for e in again.events] == [e.roles for e in timeline.events]
    assert [e.era for e in again.events] == [e.era for e in timeline.events] and "war" in [e.era for e in again.events]
    fast = loads_fast(TEXT, "t.yaml")
    if fast is not None:  # yaml-rs installed (the test extra installs it)
        assert fast == timeline and fast.actors == timeline.actors


BAD = [
    ("      - {name: Jabhat al-Nusra, short: Nusra Front, until: 2016-07-28}",
     "      - {name: Jabhat al-Nusra, short: Nusra Front}",
     "t.yaml:7:9: a name of actor 'hts' is missing 'until'; add it"),
    ("from: 2016-07-28, until: 2017-01-28", "from: 2016-07-01, until: 2017-01-28",
     "t.yaml:8:56: actor 'hts': 'Jabhat Fateh al-Sham' starts (1 Jul 2016) before the name before it ends (28 Jul 2016)"),
    ("from: 2016-07-28, until: 2017-01-28", "from: 2016-07-28, until: 2016-07-28",
     "t.yaml:8:75: actor 'hts': 'Jabhat Fateh al-Sham' ends (28 Jul 2016) on or before it starts (28 Jul 2016)"),
    ("short: JFS, from", "short: JFS, since: 2016, from", "t.yaml:8:50: unknown key 'since' in a name of actor 'hts'; allowed: name, short, from, until"),
    ("until: 2016-07-28}", "until: 2016-07-32}", "t.yaml:7:60: 'Jabhat al-Nusra' until: 2016-07 has no day 32"),
    ("roles: {russia: guarantor, turkey", "roles: {russia: sponsor, turkey",
     "t.yaml:27:21: role 'sponsor' is not one of: party, signatory, guarantor, mediator, observer, target"),
    ("roles: {russia: guarantor,", "roles: {usa: guarantor, russia: guarantor,",
     "t.yaml:27:13: roles names 'usa', which is not among the event's actors; add it to actors or remove its role"),
    ("era: war", "era: peace", "t.yaml:34:10: unknown era 'peace'; define it under 'eras:' or fix the id"),
    ("era: war", "era: aleppo-twin",
     "t.yaml:34:10: the event's date (1 Jan 2014) is outside era 'aleppo-twin' (19 Jul 2012 – 1 Jan 2013); fix the era or the date"),
]


@pytest.mark.parametrize("old,new,first", BAD, ids=[b[2].split(": ", 1)[1][:30] for b in BAD])
def test_bad_values_are_located(old, new, first):
    assert old in TEXT
    found = problems(TEXT.replace(old, new, 1))
    assert found[0].startswith(first), found
    assert loads_fast(TEXT.replace(old, new, 1), "t.yaml") is None  # the fast path declines


def test_validate_reports_them_with_line_and_column(tmp_path, capsys):
    from tui import cli

    path = tmp_path / "t.yaml"
    path.write_text(TEXT.replace("era: war", "era: peace"), encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 2
    assert f"{path}:34:10: unknown era 'peace'" in capsys.readouterr().err
