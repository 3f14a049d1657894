"""Export formats, each read back with an independent parser (json, csv, icalendar) and
checked against its documented structure."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import icalendar
import pytest

from tui.dates import parse_date
from tui.formats import EXPORT_FORMATS, renderer
from tui.formats import csv_format, ics, json_format, markdown, timelinejs
from tui.timeline_file import load

TRICKY = """\
version: 1
title: "Tricky; title, with \\\\ and <b>html</b>"
actors:
  a: {name: "Actor <A> & Co", short: "A&Co", kind: state}
  m: {name: Monitor, kind: monitor}
places:
  p: {name: "حلب", lat: 36.2, lon: 37.1}
eras:
  - {id: e1, title: "Era <one>", start: 2020-01, end: 2020-12}
  - {id: e2, title: Open era, start: 2021}
events:
  - id: ev-1
    date: 2020-03-04
    title: "=cmd|' /C calc'!A0 *bold* [link](x) <script>alert(1)</script>"
    actors: [a]
    places: [p]
    tags: ["tag,with;punct", plain]
    text: |
      First line; with, punctuation \\ backslash.

      Second paragraph with Arabic: هيئة تحرير الشام هيئة تحرير الشام هيئة تحرير الشام هيئة تحرير الشام
    claims:
      - {by: m, says: "Says \\"quoted\\", with; stuff", via: "Wire; AFP"}
    casualties: {low: 3, high: 5, note: "estimate"}
    sources:
      - {publisher: "Pub <x>", title: "T", date: 2020-03-05, url: "https://example.org/a?b=1&c=2"}
  - id: ev-2
    date: ~2021-06
    end: 2021-08
    title: Month span
    actors: [a]
    text: Approximate month.
    sources: [{publisher: Wire}]
    related: [ev-1]
  - id: ev-3
    date: 2022
    title: Year only
    actors: [a]
    text: Year.
    sources: [{publisher: Wire}]
"""


TWINS = """\
version: 1
actors: {a: {name: A}}
events:
  - {id: one, date: 2020-01-01, title: Same title, actors: [a], text: x, sources: [{publisher: W}]}
  - {id: two, date: 2020-01-01, title: Same title, actors: [a], text: y, sources: [{publisher: W}], related: [one, two]}
"""


@pytest.fixture
def tricky(write_yaml):
    return load(write_yaml(TRICKY))


# --------------------------------------------------------------------------- JSON

EVENT_KEYS = [
    "id", "date", "end", "precision", "approximate", "first_day", "last_day", "title", "summary", "text",
    "actors", "roles", "places", "tags", "era", "claims", "casualties", "sources", "related",
]


def test_json_is_the_full_model_with_a_version(mini):
    data = json.loads(json_format.render(mini, mini.events))
    assert data["format"] == "syria-timeline" and data["version"] == 1
    assert data["title"] == mini.title
    assert [e["id"] for e in data["events"]] == [e.id for e in mini.events]
    assert {a["id"] for a in data["actors"]} == set(mini.actors)
    assert {p["id"] for p in data["places"]} == set(mini.places)
    assert [e["id"] for e in data["eras"]] == [e.id for e in mini.eras]
    for event in data["events"]:
        assert list(event) == EVENT_KEYS  # every key, always, in a fixed order
    hts = next(a for a in data["actors"] if a["id"] == "hts")
    assert list(hts) == ["id", "name", "short", "aliases", "kind", "alignment", "description", "names"]
    assert "هيئة تحرير الشام" in hts["aliases"]


def test_json_dates_keep_their_precision(mini):
    events = {e["id"]: e for e in json.loads(json_format.render(mini, mini.events))["events"]}
    nusra = events["nusra-2013"]
    assert (nusra["date"], nusra["precision"], nusra["approximate"]) == ("~2013-08", "month", True)
    assert (nusra["first_day"], nusra["last_day"]) == ("2013-08-01", "2013-08-31")
    assert events["year-only-2011"]["precision"] == "year"
    assert parse_date(nusra["date"]) == mini.events[mini.index_of("nusra-2013")].date
    rebels = events["rebels-return-2024"]
    assert rebels["claims"] == [{"by": "sohr", "says": "About 20 fighters were killed in air strikes.", "via": ""}]
    assert rebels["casualties"] == {"low": 20, "high": None, "note": "SOHR estimate"}
    assert rebels["era"] == "late"
    assert rebels["sources"][0]["date"] == "2024-11-30"


def test_json_is_stable(mini):
    assert json_format.render(mini, mini.events) == json_format.render(load(mini.path), load(mini.path).events)


# --------------------------------------------------------------------------- CSV


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_one_row_per_event_with_documented_columns(mini):
    text = csv_format.render(mini, mini.events)
    reader = csv.reader(io.StringIO(text, newline=""))
    assert next(reader) == list(csv_format.COLUMNS)
    rows = read_csv(text)
    assert [r["id"] for r in rows] == [e.id for e in mini.events]
    damascus = next(r for r in rows if r["id"] == "damascus-2024")
    assert damascus["actors"] == "hts; gov; turkey"
    assert damascus["actor_names"] == "Hayat Tahrir al-Sham; Syrian government; Turkey"
    from conftest import builtin

    timeline = builtin()  # its actors carry their earlier names: a 2013 row names them as they were then
    raqqa = timeline.events[timeline.index_of("raqqa-taken-by-rebels-2013")]
    [row] = read_csv(csv_format.render(timeline, [raqqa]))
    assert "Jabhat al-Nusra (later HTS)" in row["actor_names"] and "Hay'at Tahrir al-Sham" not in row["actor_names"]
    assert damascus["tags"] == "offensive-2024"
    assert damascus["era"] == "late"
    rebels = next(r for r in rows if r["id"] == "rebels-return-2024")
    assert rebels["claims"] == "Syrian Observatory for Human Rights (SOHR): About 20 fighters were killed in air strikes."
    assert (rebels["casualties_low"], rebels["casualties_high"]) == ("20", "")
    assert text.count("\r\n") >= len(rows) + 1


def test_csv_keeps_text_and_defuses_formulas(tricky):
    rows = read_csv(csv_format.render(tricky, tricky.events))
    first = rows[0]
    assert first["title"].startswith("'=cmd")  # a spreadsheet shows it as text
    assert "\n\nSecond paragraph" in first["text"]
    assert first["tags"] == "tag,with;punct; plain"
    assert first["source_urls"] == "https://example.org/a?b=1&c=2"
    assert first["place_names"] == "حلب"


# --------------------------------------------------------------------------- iCalendar


def parse_ics(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text.encode("utf-8"))


def vevents(cal) -> dict[str, icalendar.cal.Component]:
    return {str(c["UID"]): c for c in cal.walk("VEVENT")}


def test_ics_parses_with_one_all_day_event_per_timeline_event(mini):
    text = ics.render(mini, mini.events)
    cal = parse_ics(text)
    assert str(cal["VERSION"]) == "2.0" and "syria-timeline" in str(cal["PRODID"])
    events = vevents(cal)
    assert set(events) == {f"{e.id}@syria-timeline" for e in mini.events}
    protests = events["protests-2011@syria-timeline"]
    assert protests["DTSTART"].dt == dt.date(2011, 3, 15)
    assert protests["DTEND"].dt == dt.date(2011, 3, 16)  # exclusive
    assert protests.get("DTSTART").params.get("VALUE") == "DATE"
    assert str(protests["SUMMARY"]) == "Protests begin"
    assert str(protests["LOCATION"]) == "Damascus"


def test_ics_partial_dates_span_their_month_or_year_and_say_so(mini):
    events = vevents(parse_ics(ics.render(mini, mini.events)))
    month = events["nusra-2013@syria-timeline"]
    assert (month["DTSTART"].dt, month["DTEND"].dt) == (dt.date(2013, 8, 1), dt.date(2013, 9, 1))
    assert "month precision" in str(month["DESCRIPTION"])
    assert "approximate" in str(month["DESCRIPTION"])
    year = events["year-only-2011@syria-timeline"]
    assert (year["DTSTART"].dt, year["DTEND"].dt) == (dt.date(2011, 1, 1), dt.date(2012, 1, 1))
    assert "year precision" in str(year["DESCRIPTION"])


def test_ics_span_ends_after_its_last_day(tricky):
    span = vevents(parse_ics(ics.render(tricky, tricky.events)))["ev-2@syria-timeline"]
    assert (span["DTSTART"].dt, span["DTEND"].dt) == (dt.date(2021, 6, 1), dt.date(2021, 9, 1))


def test_ics_is_reproducible_with_a_stamp_from_the_timeline(mini):
    one = ics.render(mini, mini.events)
    assert one == ics.render(load(mini.path), load(mini.path).events)
    stamps = {str(c["DTSTAMP"].dt) for c in parse_ics(one).walk("VEVENT")}
    assert stamps == {"2024-12-08 00:00:00+00:00"}  # the newest day in the file


def test_ics_lines_are_crlf_folded_and_escaped(tricky):
    text = ics.render(tricky, tricky.events)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    raw = text.encode("utf-8")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # folding never splits a UTF-8 sequence
    unfolded = text.replace("\r\n ", "")
    assert "First line\\; with\\, punctuation \\\\ backslash.\\n\\nSecond" in unfolded
    assert "CATEGORIES:tag\\,with\\;punct,plain" in unfolded
    event = vevents(parse_ics(text))["ev-1@syria-timeline"]
    description = str(event["DESCRIPTION"])
    assert "First line; with, punctuation \\ backslash.\n\nSecond paragraph with Arabic: هيئة" in description
    assert 'Monitor says: Says "quoted", with; stuff (via Wire; AFP)' in description
    assert str(event["URL"]) == "https://example.org/a?b=1&c=2"
    assert event["GEO"].latitude == pytest.approx(36.2)


def test_ics_fold_counts_octets():
    line = "DESCRIPTION:" + "ح" * 100
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


# --------------------------------------------------------------------------- TimelineJS

# the keys TimelineJS3 documents (https://timeline.knightlab.com/docs/json-format.html)
TOP = {"events", "title", "eras", "scale"}
SLIDE = {"start_date", "end_date", "text", "media", "group", "display_date", "background", "autolink", "unique_id"}
ERA = {"start_date", "end_date", "text"}
DATE = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date"}
TEXT = {"headline", "text"}


def check_date(obj):
    assert set(obj) <= DATE and "year" in obj
    assert all(isinstance(v, str) and v.isdigit() for k, v in obj.items() if k != "display_date")


def test_timelinejs_has_the_documented_structure(mini):
    doc = json.loads(timelinejs.render(mini, mini.events))
    assert set(doc) <= TOP and "events" in doc
    assert set(doc["title"]) <= SLIDE - {"start_date"} and doc["title"]["text"]["headline"] == mini.title
    ids = [slide["unique_id"] for slide in doc["events"]]
    assert ids == [e.id for e in mini.events] and len(set(ids)) == len(ids)
    for slide in doc["events"]:
        assert set(slide) <= SLIDE
        check_date(slide["start_date"])
        if "end_date" in slide:
            check_date(slide["end_date"])
        assert set(slide["text"]) == TEXT
    for era in doc["eras"]:
        assert set(era) == ERA
        check_date(era["start_date"])
        check_date(era["end_date"])
        assert set(era["text"]) == {"headline"}
    assert [e["text"]["headline"] for e in doc["eras"]] == [e.title for e in mini.eras]


def test_timelinejs_dates_hold_only_what_we_know(mini):
    slides = {s["unique_id"]: s for s in json.loads(timelinejs.render(mini, mini.events))["events"]}
    assert slides["aleppo-falls-2016"]["start_date"] == {"year": "2016", "month": "12", "day": "22"}
    assert slides["nusra-2013"]["start_date"] == {"year": "2013", "month": "8"}
    assert slides["nusra-2013"]["display_date"] == "~Aug 2013"
    assert slides["year-only-2011"]["start_date"] == {"year": "2011"}
    assert slides["aleppo-falls-2016"]["group"] == "Battle for Aleppo"
    assert slides["rebels-return-2024"]["group"] == "Late years"
    assert "About 20 fighters" in slides["rebels-return-2024"]["text"]["text"]


def test_timelinejs_escapes_html_and_spans(tricky):
    doc = json.loads(timelinejs.render(tricky, tricky.events))
    slides = {s["unique_id"]: s for s in doc["events"]}
    first = slides["ev-1"]
    assert "<script>" not in first["text"]["headline"] and "&lt;script&gt;" in first["text"]["headline"]
    assert "<script>" not in first["text"]["text"]
    assert "A&amp;Co" in first["text"]["text"]
    assert 'href="https://example.org/a?b=1&amp;c=2"' in first["text"]["text"]
    assert first["group"] == "Era &amp;lt;one&amp;gt;"  # TimelineJS strips one level, then inserts it as HTML
    assert slides["ev-2"]["end_date"] == {"year": "2021", "month": "8"}
    assert doc["title"]["text"]["headline"] == "Tricky; title, with \\ and &lt;b&gt;html&lt;/b&gt;"
    open_era = next(e for e in doc["eras"] if e["text"]["headline"] == "Open era")
    assert open_era["end_date"] == {"year": "2022", "month": "12", "day": "31"}  # the last event shown


# --------------------------------------------------------------------------- Markdown


def test_markdown_has_eras_as_sections_and_events_in_full(mini):
    text = markdown.render(mini, mini.events)
    assert text.startswith("# Mini test timeline\n")
    assert "## Battle for Aleppo (19 Jul 2012 – 22 Dec 2016)" in text
    assert "### 29 Nov 2024: Rebels break through and enter western Aleppo" in text
    assert "- **Syrian Observatory for Human Rights (SOHR)** says: About 20 fighters were killed in air strikes." in text
    assert "1. ABC News (with wires), “Report”, 30 Nov 2024" in text
    # related events link to their heading's slug: no raw HTML anchors
    assert "**Related:** [Government retakes Aleppo](#22-dec-2016-government-retakes-aleppo)" in text
    assert "<a id=" not in text
    assert text.index("## Early years") < text.index("## Battle for Aleppo") < text.index("## Late years")
    assert "\\~Aug 2013" in text  # approximate dates shown, the tilde escaped


def test_markdown_escapes_data(tricky):
    text = markdown.render(tricky, tricky.events)
    assert "\\*bold\\*" in text and "\\[link\\](x)" in text and "\\<script\\>" in text
    assert "<script>" not in text
    assert "[https://example.org/a?b=1\\&c=2](https://example.org/a?b=1&c=2)" in text  # a real link
    assert "**Actors:** Actor \\<A\\> \\& Co (A\\&Co)" in text


def test_every_export_format_renders_an_empty_selection(mini):
    for name in EXPORT_FORMATS:
        text = renderer(name)(mini, [])
        assert isinstance(text, str) and text


def test_markdown_renders_the_same_with_raw_html_off(mini, tricky):
    """Rendered by markdown-it with raw HTML off and GitHub-style heading ids: no tag shows
    as text, and every related-event link lands on a heading."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.anchors import anchors_plugin

    for timeline in (mini, tricky):
        source = markdown.render(timeline, timeline.events)
        page = MarkdownIt("commonmark", {"html": False}).use(anchors_plugin, max_level=6).render(source)
        assert "&lt;a id" not in page  # no raw HTML anchors shown as text
        ids = set(re.findall(r'<h\d id="([^"]+)"', page))
        links = re.findall(r'<a href="#([^"]+)"', page)
        assert all(link in ids for link in links), set(links) - ids
        if timeline is mini:
            assert "22-dec-2016-government-retakes-aleppo" in links


def test_markdown_slugs_are_unique_like_the_renderers(write_yaml):
    timeline = load(write_yaml(TWINS))
    source = markdown.render(timeline, timeline.events)
    assert "(#1-jan-2020-same-title-1)" in source  # the second heading of the same text gets -1


EDGES = """\
version: 1
title: Edges
actors: {a: {name: A}}
places: {p: {name: P, lat: -90, lon: 180}, q: {name: Q, lat: 0.0, lon: -0.0}}
eras:
  - {id: all, title: All of time, start: 0001, end: 9999-12-31}
events:
  - {id: first, date: 0001-01-01, title: First day, actors: [a], places: [p], text: x, sources: [{publisher: W}]}
  - {id: year-one, date: 0001, title: Year one, actors: [a], text: x, sources: [{publisher: W, date: 0001-01}]}
  - {id: span, date: 0001-01, end: 9999-12, title: Everything, actors: [a], places: [q], text: x, sources: [{publisher: W}],
     casualties: {low: 0, high: 999999999999999999999}}
  - {id: last, date: 9999-12-31, title: Last day, actors: [a], text: x, sources: [{publisher: W}], casualties: {low: 0}}
  - {id: approx, date: ~9999, title: Some time, actors: [a], text: x, sources: [{publisher: W}]}
"""


def test_dates_and_numbers_at_their_edges_export_in_every_format(write_yaml):
    timeline = load(write_yaml(EDGES))
    for name in EXPORT_FORMATS:
        assert renderer(name)(timeline, timeline.events)  # no traceback
    cal = vevents(parse_ics(ics.render(timeline, timeline.events)))
    assert cal["first@syria-timeline"]["DTSTART"].to_ical() == b"00010101"
    assert cal["last@syria-timeline"]["DTEND"].to_ical() == b"99991231"  # no day after the last
    assert cal["span@syria-timeline"]["DTEND"].to_ical() == b"99991231"
    assert "DTSTAMP:99991231T000000Z" in ics.render(timeline, timeline.events)
    doc = json.loads(json_format.render(timeline, timeline.events))
    span = next(e for e in doc["events"] if e["id"] == "span")
    assert span["casualties"]["high"] == 999999999999999999999 and span["last_day"] == "9999-12-31"
    slides = {s["unique_id"]: s for s in json.loads(timelinejs.render(timeline, timeline.events))["events"]}
    assert slides["first"]["start_date"] == {"year": "1", "month": "1", "day": "1"}
    assert "999,999,999,999,999,999,999" in markdown.render(timeline, timeline.events)


DESCRIBED = """\
version: 1
title: "Syria, 2011–2024"
description: |
  A sourced timeline, hard-wrapped
  in the file.

  A second paragraph <b>with</b> markup, & more.
actors: {a: {name: A}}
events:
  - {id: e, date: 2016, title: T, actors: [a], text: x, sources: [{publisher: W}]}
"""


def test_the_top_level_description_appears_where_the_title_does(write_yaml):
    from tui.opening import open_timeline

    path = write_yaml(DESCRIBED)
    timeline = load(path)
    assert timeline.description.startswith("A sourced timeline, hard-wrapped\nin the file.")
    assert open_timeline(path).description == timeline.description  # and through the parse cache
    assert open_timeline(path).description == timeline.description
    md = markdown.render(timeline, timeline.events)
    assert md.startswith("# Syria, 2011–2024\n\nA sourced timeline, hard-wrapped in the file.\n\nA second paragraph \\<b\\>with\\</b\\> markup, \\& more.\n")
    title = json.loads(timelinejs.render(timeline, timeline.events))["title"]["text"]["text"]
    assert title.startswith("<p>A sourced timeline, hard-wrapped in the file.</p><p>A second paragraph &lt;b&gt;with&lt;/b&gt; markup, &amp; more.</p>")
    cal = parse_ics(ics.render(timeline, timeline.events))
    assert str(cal.get("X-WR-CALNAME")) == "Syria, 2011–2024"  # no backslash before the comma
    assert str(cal.get("X-WR-CALDESC")).startswith("A sourced timeline, hard-wrapped in the file. A second paragraph")
    assert json.loads(json_format.render(timeline, timeline.events))["description"] == timeline.description
