"""The event outline: one order, one labelling rule, one paragraph rule, decorated by every renderer."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tui.formats import ics, json_format, markdown, timelinejs
from tui.timeline_file import loads
from tui.event_outline import CLAIMS_NOTE, actor_label, era_of, outline, paragraphs
from tui.widgets.event_text import event_text

from conftest import MINI, ROOT

DOC = """\
version: 1
title: Paragraphs
actors:
  hts: {name: Hayat Tahrir al-Sham, short: HTS}
  russia: {name: Russia, short: Russia}
  sohr: {name: Syrian Observatory for Human Rights, short: SOHR}
places:
  aleppo: {name: Aleppo, arabic: حلب}
eras:
  - {id: long, title: Long era, start: 2011, end: 2020}
  - {id: short, title: Short era, start: 2016-01, end: 2016-12}
events:
  - id: e
    date: 2016-12-22
    title: Wrapped text
    actors: [hts, russia]
    places: [aleppo]
    text: |
      The first paragraph is hard-wrapped
      over three lines
      in the file.

      The second paragraph.
    claims:
      - by: sohr
        says: |
          A claim wrapped
          over two lines.
    sources: [{publisher: Wire}]
"""


@pytest.fixture
def wrapped():
    timeline = loads(DOC, "wrapped.yaml")
    return timeline, timeline.events[0]


def test_paragraph_rule():
    assert paragraphs("a\nb\n\nc") == ["a b", "c"]
    assert paragraphs("  a  \r\n  b \n \t \nc\n\n\n\nd\n") == ["a b", "c", "d"]  # a blank line may hold spaces
    assert paragraphs("") == [] and paragraphs("\n\n") == []


def test_actor_labelling_rule(mini):
    assert actor_label(mini, "hts") == "Hayat Tahrir al-Sham (HTS)"
    assert actor_label(mini, "russia") == "Russia"  # the short name is the name
    assert actor_label(mini, "russia", role="guarantor") == "Russia (guarantor)"
    assert actor_label(mini, "hts", role="target") == "Hayat Tahrir al-Sham (HTS; target)"
    assert actor_label(mini, "hts", role="party") == "Hayat Tahrir al-Sham (HTS)"
    assert actor_label(mini, "nobody") == "nobody"


def test_outline_sections(wrapped):
    timeline, event = wrapped
    o = outline(timeline, event)
    assert o.paragraphs == ("The first paragraph is hard-wrapped over three lines in the file.", "The second paragraph.")
    assert o.actor_line == "Hayat Tahrir al-Sham (HTS), Russia"
    assert o.place_line == "Aleppo (حلب)"
    assert o.claims[0].line == "Syrian Observatory for Human Rights (SOHR) says: A claim wrapped over two lines."
    assert o.era.id == "short" and [e.id for e in o.other_eras] == ["long"]  # the latest-starting era is primary
    assert era_of(timeline, event).id == "short"
    assert o.precision == "day precision"


def _renderings(timeline, event) -> dict[str, str]:
    slide = timelinejs.slide(timeline, event)["text"]["text"]
    return {
        "app": str(event_text(timeline, event, full=True)),
        "show": subprocess.run(
            [sys.executable, "-m", "tui", "show", event.id, "--file", timeline.path], capture_output=True, text=True, cwd=ROOT,
        ).stdout,
        "markdown": markdown.event_md(timeline, event).replace("\\", ""),
        "ics": ics.description(timeline, event),
        "timelinejs": re.sub(r"<[^>]+>", " ", slide),
    }


def test_every_renderer_decorates_the_same_outline(wrapped, tmp_path):
    timeline, _ = wrapped
    path = tmp_path / "wrapped.yaml"
    path.write_text(DOC, encoding="utf-8")
    timeline = loads(DOC, str(path))
    event = timeline.events[0]
    for name, text in _renderings(timeline, event).items():
        flat = " ".join(text.split())
        # the same labels, the same claims heading, paragraphs joined inside and kept apart
        assert "Hayat Tahrir al-Sham (HTS), Russia" in flat, name
        assert CLAIMS_NOTE in flat, name
        assert "hard-wrapped over three lines in the file." in flat, name
        assert "Syrian Observatory for Human Rights (SOHR)" in flat, name
        if name != "timelinejs":  # (its <p> elements are checked below)
            assert re.search(r"in the file\.\n\s*\n\s*The second paragraph\.", text), name


def test_timelinejs_paragraphs_are_p_elements_without_line_breaks(wrapped):
    timeline, event = wrapped
    html = timelinejs.slide(timeline, event)["text"]["text"]
    assert "<p>The first paragraph is hard-wrapped over three lines in the file.</p><p>The second paragraph.</p>" in html
    assert "hard-wrapped<br>" not in html


def test_markdown_keeps_paragraphs(wrapped):
    timeline, event = wrapped
    text = markdown.event_md(timeline, event)
    assert "hard-wrapped over three lines in the file.\n\nThe second paragraph." in text


def test_json_era_is_the_primary_era(wrapped):
    timeline, event = wrapped
    assert json_format.event_dict(timeline, event)["era"] == "short"
    assert json.loads(json_format.render(timeline, [event]))["events"][0]["text"] == event.text  # the text itself is kept


def test_the_era_line_names_the_primary_era(mini):
    text = str(event_text(mini, mini.events[mini.index_of("protests-2011")], full=True))
    assert "Early years" in text
    out = subprocess.run([sys.executable, "-m", "tui", "show", "protests-2011", "--file", str(MINI)], capture_output=True, text=True, cwd=ROOT).stdout
    assert "Era: Early years\n" in out


DATED = """\
version: 1
title: Dated names
actors:
  hts:
    name: Hayat Tahrir al-Sham
    short: HTS
    names:
      - {name: Jabhat al-Nusra, short: Nusra Front, until: 2016-07-28}
      - {name: Jabhat Fateh al-Sham, short: JFS, from: 2016-07-28, until: 2017-01-28}
  russia: {name: Russia}
  turkey: {name: Turkey}
eras:
  - {id: war, title: The war, start: 2011, end: 2024}
  - {id: aleppo, title: Battle for Aleppo, start: 2012-07, end: 2016-12}
events:
  - id: nusra
    date: 2013-04
    title: Nusra
    actors: [hts]
    era: war
    text: x
    sources: [{publisher: W}]
  - id: astana
    date: 2017-05-04
    title: Astana memorandum
    actors: [russia, turkey, hts]
    roles: {russia: guarantor, turkey: guarantor, hts: target}
    text: y
    sources: [{publisher: W}]
"""


def test_dated_names_roles_and_the_primary_era_in_every_renderer(tmp_path):
    path = tmp_path / "dated.yaml"
    path.write_text(DATED, encoding="utf-8")
    timeline = loads(DATED, str(path))
    nusra, astana = (timeline.events[timeline.index_of(i)] for i in ("nusra", "astana"))
    assert outline(timeline, nusra).actor_line == "Jabhat al-Nusra (later HTS)"
    assert outline(timeline, nusra).era.id == "war"  # named by the event, though Aleppo starts later
    assert outline(timeline, astana).actor_line == "Russia (guarantor), Turkey (guarantor), Hayat Tahrir al-Sham (HTS; target)"
    for event, line in ((nusra, "Jabhat al-Nusra (later HTS)"), (astana, "Russia (guarantor), Turkey (guarantor)")):
        for name, text in _renderings(timeline, event).items():
            assert line in " ".join(text.split()), name
    assert json_format.event_dict(timeline, nusra)["era"] == "war"
    assert json_format.event_dict(timeline, astana)["roles"] == {"russia": "guarantor", "turkey": "guarantor", "hts": "target"}
