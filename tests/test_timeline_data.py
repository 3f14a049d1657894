"""Invariants of the shipped timeline (issue 3): counts, sourcing, dates, neutral voice, the seed report.

These tests read the timeline the app ships (`builtin_path()`), so a curator who edits
`timeline.yaml` learns here, by name, which promise an edit breaks.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tui.dates import parse_date
from tui.timeline_file import builtin_path, load

FIRST_YEAR, LAST_YEAR = 2011, 2024
SPAN_START, SPAN_END = dt.date(2011, 3, 15), dt.date(2024, 12, 8)

# Words that carry a verdict. They may appear only inside a claim's `says`, attributed with `by`.
LOADED = re.compile(
    r"\b(terrorist\w*|liberat\w*|regime\w*|martyr\w*|massacre\w*|heroic\w*|thugs?|crusader\w*|infidel\w*|rats?)\b",
    re.IGNORECASE,
)
# Proper names that happen to contain a listed word; they are names, not our verdict.
PROPER_NAMES = ("National Front for Liberation",)

# A casualty figure in our own words: "82 people were killed", "killing at least 33 soldiers", "108 ... died".
TOLL = re.compile(
    r"\b\d[\d,.]*\s+(?:[A-Za-z-]+\s+){0,3}?(?:killed|dead|deaths|died)\b"
    r"|\bkill(?:s|ed|ing)\s+(?:at least |about |more than |over |some |nearly )?\d",
    re.IGNORECASE,
)

ABC_TITLE = "Syrian government troops battle insurgents inside Aleppo for the first time since 2016"


@pytest.fixture(scope="module")
def tl():
    return load(builtin_path())


@pytest.fixture(scope="module")
def raw():
    with open(builtin_path(), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def events(tl):
    return {event.id: event for event in tl.events}


def own_voice(event) -> dict[str, str]:
    return {"title": event.title, "summary": event.summary, "text": event.text}


def day(text: str):
    return parse_date(text)


def in_window(event, lo: str, hi: str) -> bool:
    return day(lo).first_day() <= event.date.first_day() <= day(hi).last_day()


# --------------------------------------------------------------------------- validity


def test_file_validates_with_the_cli():
    path = builtin_path()
    result = subprocess.run(
        [sys.executable, "-m", "tui", "validate", path],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok" in result.stdout


def test_ids_are_unique_in_the_file(raw):
    ids = [event["id"] for event in raw["events"]]
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates


def test_every_reference_resolves(tl, events):
    for event in tl.events:
        for actor in event.actors:
            assert actor in tl.actors, f"{event.id}: actor {actor}"
        for place in event.places:
            assert place in tl.places, f"{event.id}: place {place}"
        for claim in event.claims:
            assert claim.by in tl.actors, f"{event.id}: claim by {claim.by}"
            assert claim.says.strip(), f"{event.id}: empty claim"
        for other in event.related:
            assert other in events, f"{event.id}: related {other}"
            assert other != event.id, f"{event.id} relates to itself"


# --------------------------------------------------------------------------- counts


def test_at_least_150_events(tl):
    assert len(tl.events) >= 150


def test_every_year_has_at_least_three_events(tl):
    per_year = Counter(event.date.year for event in tl.events)
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        assert per_year[year] >= 3, f"{year} has {per_year[year]} events"
    assert min(per_year) == FIRST_YEAR and max(per_year) == LAST_YEAR


def test_battle_of_aleppo_depth(tl):
    found = [e for e in tl.events if "battle-of-aleppo" in e.tags and in_window(e, "2012-07", "2016-12")]
    assert len(found) >= 15
    dates = {e.date.iso() for e in found}
    assert "2012-07-19" in dates and "2016-12-22" in dates  # from the first clashes to full control


def test_idlib_agreements_depth(tl):
    found = [e for e in tl.events if "idlib-agreements" in e.tags and in_window(e, "2017", "2020")]
    assert len(found) >= 12


def test_offensive_2024_day_by_day(tl):
    found = [e for e in tl.events if "offensive-2024" in e.tags and in_window(e, "2024-11-27", "2024-12-08")]
    assert len(found) >= 15
    days = {e.date.first_day() for e in found}
    assert min(days) == dt.date(2024, 11, 27) and max(days) == dt.date(2024, 12, 8)


def test_actor_registry(tl, raw):
    assert len(tl.actors) >= 30
    for key, actor in raw["actors"].items():
        for field in ("name", "short", "kind", "alignment", "description"):
            assert actor.get(field), f"actor {key} lacks {field}"
        assert isinstance(actor.get("aliases"), list), f"actor {key} lacks aliases"


ARABIC = re.compile(r"[\u0600-\u06FF]")
SYRIA_BOX = (32.3, 37.4, 35.6, 42.4)  # lat min, lat max, lon min, lon max


def test_place_registry(raw):
    places = raw["places"]
    assert len(places) >= 25
    for key, place in places.items():
        assert place.get("name"), key
        assert ARABIC.search(place.get("arabic") or ""), f"place {key} lacks an Arabic name"
        assert "governorate" in place, f"place {key} lacks governorate"
        lat, lon = place.get("lat"), place.get("lon")
        assert isinstance(lat, (int, float)) and isinstance(lon, (int, float)), key
        if place.get("country", "Syria") == "Syria":
            assert place["governorate"], f"Syrian place {key} needs a governorate"
            lo_lat, hi_lat, lo_lon, hi_lon = SYRIA_BOX
            assert lo_lat <= lat <= hi_lat and lo_lon <= lon <= hi_lon, f"{key} ({lat}, {lon}) is outside Syria"


def test_eras_cover_the_whole_span(tl):
    assert len(tl.eras) >= 6
    spans = sorted((era.start.first_day(), (era.end or era.start).last_day()) for era in tl.eras)
    assert spans[0][0] <= SPAN_START
    reach = spans[0][1]
    for start, end in spans[1:]:
        assert start <= reach + dt.timedelta(days=1), f"gap in the eras before {start}"
        reach = max(reach, end)
    assert reach >= SPAN_END


# --------------------------------------------------------------------------- sourcing and dates


def test_every_event_is_sourced(tl):
    for event in tl.events:
        assert event.sources, f"{event.id} has no source"
        for source in event.sources:
            assert source.publisher.strip(), f"{event.id}: source without publisher"
            assert source.title.strip(), f"{event.id}: source without title"
            assert source.date is not None, f"{event.id}: source without date"


# A later edition's events are added as one block at the end of `events:`, after a comment line starting
# with this marker (so that parallel curators do not collide); the loader sorts by date, and each block is
# kept in date order on its own.
EDITION_MARKER = "# --- second edition: new events"


def event_blocks(raw) -> list[list[dict]]:
    with open(builtin_path(), encoding="utf-8") as handle:
        text = handle.read()
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("events:"))
    cuts = [i for i, line in enumerate(lines) if i > start and line.lstrip().startswith(EDITION_MARKER)]
    node = yaml.compose(text)
    events_node = next(value for key, value in node.value if key.value == "events")
    blocks: list[list[dict]] = [[] for _ in range(len(cuts) + 1)]
    for item, event in zip(events_node.value, raw["events"]):
        blocks[sum(1 for cut in cuts if item.start_mark.line > cut)].append(event)
    return blocks


def test_events_are_in_date_order_in_the_file(raw):
    for block in event_blocks(raw):
        keys = [parse_date(event["date"]).key for event in block]
        late = [block[i]["id"] for i in range(1, len(keys)) if keys[i] < keys[i - 1]]
        assert not late, f"out of order: {late}"


def test_spans_end_after_they_start(tl):
    for event in tl.events:
        if event.end is not None:
            assert event.end.last_day() >= event.date.first_day(), event.id


def test_titles_and_summaries_are_short(tl):
    for event in tl.events:
        assert len(event.title) <= 90, event.id
        assert len(event.summary) <= 140, event.id


def test_no_duplicate_events_on_the_same_day(tl):
    by_day: dict[str, list] = {}
    for event in tl.events:
        by_day.setdefault(event.date.iso(), []).append(event)
    words = lambda e: {w for w in re.findall(r"[a-z]+", e.title.lower()) if len(w) > 3}  # noqa: E731
    for same_day in by_day.values():
        for i, a in enumerate(same_day):
            for b in same_day[i + 1 :]:
                overlap = len(words(a) & words(b)) / max(1, len(words(a) | words(b)))
                assert overlap < 0.5, f"{a.id} and {b.id} look like the same event"


# --------------------------------------------------------------------------- neutral voice


def test_no_loaded_word_in_our_own_voice(tl):
    for event in tl.events:
        for field, text in own_voice(event).items():
            for name in PROPER_NAMES:
                text = text.replace(name, "")
            match = LOADED.search(text)
            assert match is None, f"{event.id} {field}: {match.group(0)!r} outside a claim"


def test_casualty_figures_are_attributed(tl):
    for event in tl.events:
        for field, text in own_voice(event).items():
            if TOLL.search(text):
                assert event.casualties is not None or event.claims, (
                    f"{event.id} {field} gives a toll with no claim or casualties note saying who counted"
                )
        if event.casualties is not None:
            assert event.casualties.note.strip(), f"{event.id}: casualties without a note naming who counted"


def test_seed_figures_appear_only_inside_claims(tl):
    seed = [re.compile(r"\b200\b[^.]*\bmilitants\b", re.I), re.compile(r"\b20 fighters\b", re.I)]
    for event in tl.events:
        for field, text in own_voice(event).items():
            for pattern in seed:
                assert not pattern.search(text), f"{event.id} {field} states a seed figure in our voice"
    claimed = [c.says for e in tl.events for c in e.claims]
    assert any(seed[0].search(s) for s in claimed)
    assert any(seed[1].search(s) for s in claimed)


# --------------------------------------------------------------------------- the seed report


SEED_DATES = {
    "israel-hezbollah-ceasefire-2024": "2024-11-27",
    "offensive-launched-2024": "2024-11-27",
    "rebels-enter-aleppo-2024": "2024-11-29",
    "russian-strikes-aleppo-2024": "2024-11-29",
    "rebels-take-idlib-province-2024": "2024-11-30",
    "aleppo-residents-flee-2024": "2024-11-30",
    "rebels-at-aleppo-citadel-2024": "2024-11-30",
    "fall-of-damascus-2024": "2024-12-08",
    "east-aleppo-falls-2016": "2016-12-22",
    "rebels-enter-aleppo-2012": "2012-07-19",
    "protests-begin-daraa-2011": "2011-03-18",
    "ghouta-chemical-attack-2013": "2013-08-21",
    "russian-intervention-2015": "2015-09-30",
    "astana-de-escalation-zones-2017": "2017-05-04",
    "sochi-memorandum-2018": "2018-09-17",
    "moscow-protocol-2020": "2020-03-05",
}


@pytest.mark.parametrize("event_id, when", sorted(SEED_DATES.items()))
def test_anchor_events_on_their_dates(events, event_id, when):
    assert event_id in events, f"missing {event_id}"
    assert events[event_id].date.iso() == when


def claims_by(event, actor: str) -> list[str]:
    return [c.says for c in event.claims if c.by == actor]


def test_tass_ignasyuk_claim_is_russian_mod(events):
    says = claims_by(events["russian-strikes-aleppo-2024"], "russian-mod")
    assert any("Ignasyuk" in s and "200" in s for s in says)
    assert any("Tass" in c.via for c in events["russian-strikes-aleppo-2024"].claims if c.by == "russian-mod")


def test_sohr_claim_about_20_fighters(events):
    assert any("20 fighters" in s for s in claims_by(events["russian-strikes-aleppo-2024"], "sohr"))


def test_sham_fm_and_residents_claims(events):
    flee = events["aleppo-residents-flee-2024"]
    assert any("closed" in s and "bakeries" in s.lower() for s in claims_by(flee, "sham-fm"))
    assert "Khanasir" in flee.text and any("Khanasir" in s for s in claims_by(flee, "protesters"))
    assert {"latakia", "salamiyah"} <= set(flee.places)


def test_citadel_photos_and_state_media_account(events):
    citadel = events["rebels-at-aleppo-citadel-2024"]
    assert "aleppo-citadel" in citadel.places
    assert any("citadel" in s for s in claims_by(citadel, "hts"))
    assert any("arrested" in s for s in claims_by(citadel, "sana"))


def test_idlib_province_claim_and_maarat_al_numan(events):
    idlib = events["rebels-take-idlib-province-2024"]
    assert "maarat-al-numan" in idlib.places
    assert any("Idlib" in s for s in claims_by(idlib, "hts"))


def test_state_media_first_time_since_2016(events):
    aleppo = events["rebels-enter-aleppo-2024"]
    assert any("2016" in s for s in claims_by(aleppo, "sana"))


def test_seed_report_cited_where_the_freeze_is_discussed(events):
    for event_id in ("moscow-protocol-2020", "offensive-launched-2024", "rebels-enter-aleppo-2024"):
        sources = events[event_id].sources
        assert any(
            s.publisher == "ABC News (with wires)" and s.title == ABC_TITLE and s.date.iso() == "2024-11-30"
            for s in sources
        ), event_id
    text = events["moscow-protocol-2020"].text
    assert "2019" in text and "Iran" in text  # says how 2024 reporting described the freeze ...
    assert "March 2020" in text  # ... and what the record shows


# --------------------------------------------------------------------------- the Idlib agreements


def test_astana_has_three_guarantors(events):
    assert {"russia", "turkey", "iran"} <= set(events["astana-de-escalation-zones-2017"].actors)


@pytest.mark.parametrize("event_id", ["sochi-memorandum-2018", "moscow-protocol-2020"])
def test_sochi_and_moscow_are_russia_and_turkey_only(events, event_id):
    actors = set(events[event_id].actors)
    assert {"russia", "turkey"} <= actors
    assert "iran" not in actors and "irgc" not in actors


# --------------------------------------------------------------------------- sources, parties, reporters (issue 13)

EDITORIAL = Path(__file__).parent.parent / "docs" / "editorial.md"
TIERS = ("Wire agencies", "Major independent outlets", "UN and official documents", "Human-rights organisations",
         "Academic works")
# Wikipedia, its sister sites, and the mirrors and offline copies (Kiwix and others) the first edition cited.
WIKI = re.compile(
    r"wikipedia|wikimedia|wikiwand|wikizero|wikiplanet|wikimili|wikiclassic|wikivisually|owiki\.org|kiwix|"
    r"yoda\.wiki|datana\.cloud|av1\.space|osmarks\.net|infogalactic|dbpedia|alchetron",
    re.IGNORECASE,
)
WIRES = ("Reuters", "AFP", "AP", "Associated Press", "dpa", "DPA", "UPI", "Bloomberg")
# "Host (AFP)", "Host (Reuters report)": a wire copy credited to the host instead of the agency.
WIRE_IN_BRACKETS = re.compile(r"\((?:" + "|".join(map(re.escape, WIRES)) + r")(?:[ ,/].*)?\)$")
REPORTER_KINDS = {"monitor", "media"}


def strong_tiers() -> dict[str, set[str]]:
    text = EDITORIAL.read_text(encoding="utf-8")
    block = text.split("<!-- strong-tiers:start")[1].split("<!-- strong-tiers:end -->")[0]
    tiers = {}
    for line in block.splitlines():
        match = re.match(r"- \*\*(.+?):\*\* (.+)$", line.strip())
        if match:
            tiers[match.group(1)] = {name.strip() for name in match.group(2).split(";") if name.strip()}
    return tiers


def credited(publisher: str) -> list[str]:
    """The names a source is credited to: the text before ', via', without a trailing bracketed note."""
    head = publisher.split(", via ")[0]
    head = re.split(r" \(", head)[0].strip()
    return [head] + [part.strip() for part in head.split(" and ") if part.strip() != head]


@pytest.fixture(scope="module")
def strong_names():
    return set().union(*strong_tiers().values())


def test_the_policy_names_the_five_strong_tiers():
    tiers = strong_tiers()
    assert set(tiers) == set(TIERS)
    for tier, names in tiers.items():
        assert names, f"{tier} lists no publisher"
    assert "Reuters" in tiers["Wire agencies"] and "SANA" not in set().union(*tiers.values())


@pytest.mark.parametrize(
    "publisher, names",
    [
        ("Reuters, via Devdiscourse", ["Reuters"]),
        ("United Nations (press release SC/12171)", ["United Nations"]),
        ("Reuters and AFP, via RNZ", ["Reuters and AFP", "Reuters", "AFP"]),
        ("The Daily Star (Lebanon)", ["The Daily Star"]),
        ("Syrians for Truth and Justice", ["Syrians for Truth and Justice", "Syrians for Truth", "Justice"]),
    ],
)
def test_credited_publisher(publisher, names):
    assert credited(publisher) == names


def test_no_wikipedia_or_mirror_anywhere(tl):
    for event in tl.events:
        for source in event.sources:
            for field in (source.publisher, source.title, source.url or ""):
                assert not WIKI.search(field), f"{event.id}: source {field!r} is Wikipedia or a mirror"
        for claim in event.claims:
            assert not WIKI.search(claim.via or ""), f"{event.id}: claim by {claim.by} via {claim.via!r}"


def test_every_event_has_a_source_from_the_strong_tiers(tl, strong_names):
    weak = [
        event.id
        for event in tl.events
        if not any(name in strong_names for source in event.sources for name in credited(source.publisher))
    ]
    assert not weak, f"{len(weak)} events rest only on sources outside the strong tiers: {weak}"


def test_reposted_wire_stories_are_credited_to_the_agency(tl):
    for event in tl.events:
        for source in event.sources:
            assert not WIRE_IN_BRACKETS.search(source.publisher), (
                f"{event.id}: {source.publisher!r} should read 'Agency, via Host'"
            )


def test_monitors_and_media_are_not_parties(tl):
    for event in tl.events:
        for key in event.actors:
            actor = tl.actors[key]
            if actor.kind in REPORTER_KINDS:
                about_it = actor.short in event.title or actor.name in event.title
                assert about_it, f"{event.id}: {key} ({actor.kind}) only reports; quote it in a claim instead"


@pytest.mark.parametrize("event_id", ["astana-de-escalation-zones-2017", "moscow-protocol-2020"])
def test_syrian_government_is_not_listed_on_agreements_it_did_not_sign(events, event_id):
    assert "syrian-government" not in events[event_id].actors


# --------------------------------------------------------------------------- names, roles and eras (issue 13)

HTS_FORMED, TURKIYE = dt.date(2017, 1, 28), dt.date(2022, 6, 1)


def name_then(tl, actor_id: str, event, *, short: bool) -> str:
    """The name in use on the event's date, without the "(later ...)" note."""
    return tl.actor_name_on(actor_id, event.date, short=short).split(" (later ")[0]


def test_no_event_before_2017_shows_hts(tl):
    early = [e for e in tl.events if "hts" in e.actors and e.date.first_day() < HTS_FORMED]
    assert len(early) >= 10
    for event in early:
        for short in (False, True):
            shown = name_then(tl, "hts", event, short=short)
            assert "HTS" not in shown and "Tahrir" not in shown, f"{event.id} shows {shown!r}"
            assert "(later HTS)" in tl.actor_name_on("hts", event.date, short=short)


@pytest.mark.parametrize(
    "when, name",
    [("2012-01-23", "Jabhat al-Nusra"), ("2016-07-28", "Jabhat Fateh al-Sham"), ("2017-01-28", "Hayat Tahrir al-Sham")],
)
def test_hts_names_change_on_their_days(tl, when, name):
    assert tl.actor_name_on("hts", parse_date(when)).startswith(name)


def test_turkey_is_not_turkiye_before_june_2022(tl):
    for event in tl.events:
        if "turkey" in event.actors:
            shown = name_then(tl, "turkey", event, short=False)
            before = event.date.first_day() < TURKIYE
            assert ("Türkiye" in shown) != before, f"{event.id} ({event.date}) shows {shown!r}"


# Names a group or state took later, in our own words on an event from before it had them (the
# actor lists are covered above). A sentence that says so ("later", "became") may look ahead.
LATER_NAMES = [
    (r"\bHTS\b|Tahrir al-Sham", "2017-01-28"),
    (r"Fateh al-Sham|\bJFS\b", "2016-07-28"),
    (r"\bSDF\b|Syrian Democratic Forces", "2015-10-01"),
    (r"National Coalition|\bEtilaf\b", "2012-11-11"),
    (r"Salvation Government", "2017-11-01"),
    (r"Syrian National Army|\bSNA\b", "2017-12-30"),
    (r"Türkiye", "2022-06-01"),
]
LOOKS_AHEAD = re.compile(r"\b(later|became|renamed)\b")


def test_our_own_words_use_no_name_before_it_existed(tl):
    for event in tl.events:
        for field, text in own_voice(event).items():
            for sentence in re.split(r"(?<=[.;])\s+", text):
                if LOOKS_AHEAD.search(sentence):
                    continue
                for pattern, since in LATER_NAMES:
                    if event.date.first_day() < day(since).first_day():
                        found = re.search(pattern, sentence)
                        assert found is None, f"{event.id} {field}: {found.group(0)!r} before {since}"


@pytest.mark.parametrize(
    "event_id, era",
    [
        ("east-aleppo-falls-2016", "battle-for-aleppo"),
        ("aleppo-prison-siege-broken-2014", "battle-for-aleppo"),
        ("siege-of-kobani-2014", "isis-and-the-coalition"),
        ("raqqa-falls-to-sdf-2017", "isis-and-the-coalition"),
        ("baghuz-falls-isis-territory-ends-2019", "isis-and-the-coalition"),
        ("astana-de-escalation-zones-2017", "de-escalation"),
    ],
)
def test_primary_era(tl, events, event_id, era):
    assert tl.era_of(events[event_id]).id == era


def test_aleppo_battle_events_sit_under_the_battle_for_aleppo(tl):
    aleppo = [e for e in tl.events if "battle-of-aleppo" in e.tags and in_window(e, "2012-07-19", "2016-12-22")]
    assert len(aleppo) >= 20
    wrong = [e.id for e in aleppo if tl.era_of(e).id != "battle-for-aleppo"]
    assert not wrong, wrong


@pytest.mark.parametrize(
    "event_id, roles",
    [
        ("astana-de-escalation-zones-2017", {"russia": "guarantor", "turkey": "guarantor", "iran": "guarantor"}),
        ("sochi-memorandum-2018", {"russia": "signatory", "turkey": "signatory"}),
        ("moscow-protocol-2020", {"russia": "signatory", "turkey": "signatory"}),
    ],
)
def test_roles_on_the_idlib_agreements(events, event_id, roles):
    event = events[event_id]
    assert {actor: event.role_of(actor) for actor in roles} == roles


# --------------------------------------------------------------------------- related events


def related(events, a: str, b: str) -> bool:
    return b in events[a].related


@pytest.mark.parametrize(
    "a, b",
    [
        ("east-aleppo-falls-2016", "rebels-enter-aleppo-2024"),
        ("rebels-enter-aleppo-2024", "east-aleppo-falls-2016"),
        ("rebels-enter-aleppo-2024", "rebels-enter-aleppo-2012"),
        ("rebels-enter-aleppo-2012", "rebels-enter-aleppo-2024"),
        ("east-aleppo-falls-2016", "rebels-enter-aleppo-2012"),
        ("rebels-enter-aleppo-2012", "east-aleppo-falls-2016"),
        ("astana-de-escalation-zones-2017", "sochi-memorandum-2018"),
        ("sochi-memorandum-2018", "moscow-protocol-2020"),
        ("moscow-protocol-2020", "offensive-launched-2024"),
    ],
)
def test_related_pairs(events, a, b):
    assert related(events, a, b), f"{a} should link to {b}"


# --------------------------------------------------------------------------- coverage (issue 13)

# The strands a reader can filter by, one tag each (issue 13, "Coverage").
STRANDS = (
    "detention",
    "attacks-on-civilians",
    "sieges",
    "refugees",
    "chemical-weapons",
    "israel-iran",
    "political-track",
    "war-economy",
    "kurdish-administration",
    "isis",
)


def test_at_least_280_events(tl):
    assert len(tl.events) >= 280


@pytest.mark.parametrize("strand", STRANDS)
def test_every_strand_has_eight_events_across_the_years(tl, strand):
    found = [e for e in tl.events if strand in e.tags]
    assert len(found) >= 8, f"{strand}: {len(found)} events"
    assert len({e.date.year for e in found}) >= 4, f"{strand} is bunched in a few years"


def test_tags_carry_no_loaded_word(tl):
    for event in tl.events:
        for tag in event.tags:
            assert LOADED.search(tag.replace("-", " ")) is None, f"{event.id}: tag {tag!r}"


def test_war_wide_toll_and_displacement_figures_are_attributed_and_dated(events):
    toll = events["un-documented-death-toll-2021"]
    assert toll.date.iso() == "2021-09-24"
    assert any("350,209" in s for s in claims_by(toll, "united-nations"))
    assert toll.casualties is not None and toll.casualties.low == 350209
    refugees = events["unhcr-five-million-refugees-2017"]
    assert refugees.date.iso() == "2017-03-30" and "refugees" in refugees.tags
    assert any("resettlement" in s for s in claims_by(refugees, "united-nations"))


@pytest.mark.parametrize(
    "event_id, when",
    [
        ("hts-formed-2017", "2017-01-28"),
        ("afrin-town-taken-2018", "2018-03-18"),
        ("daraya-killings-2012", "2012-08-25"),
        ("caesar-report-2014", "2014-01-20"),
        ("amnesty-saydnaya-report-2017", "2017-02-07"),
        ("israel-iran-drone-f16-clash-2018", "2018-02-10"),
        ("constitutional-committee-opens-2019", "2019-10-30"),
        ("opcw-iit-first-report-2020", "2020-04-08"),
        ("captagon-sanctions-2023", "2023-03-28"),
        ("bayda-baniyas-killings-2013", "2013-05-02"),
        ("james-foley-killed-2014", "2014-08-19"),
        ("alan-kurdi-drowns-2015", "2015-09-02"),
        ("deir-ez-zor-siege-broken-2017", "2017-09-05"),
        ("isis-sweida-attacks-2018", "2018-07-25"),
        ("us-recognises-golan-sovereignty-2019", "2019-03-25"),
    ],
)
def test_issue_13_examples_on_their_dates(events, event_id, when):
    assert event_id in events, f"missing {event_id}"
    assert events[event_id].date.iso() == when
