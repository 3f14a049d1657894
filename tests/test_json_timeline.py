"""A JSON timeline read back: the export's shape to the YAML file's, problems located in the JSON text."""

from __future__ import annotations

import json

import pytest

from tui.formats import json_format, json_timeline
from tui.loader import builtin_path, load



def test_the_export_reads_back_in_the_yaml_files_shape(mini):
    parsed = json_timeline.read(json_format.render(mini, mini.events), "mini.json")
    assert parsed.problems == []
    data = parsed.data
    assert "format" not in data and data["version"] == 1 and data["title"] == mini.title
    assert set(data["actors"]) == set(mini.actors) and data["actors"]["hts"]["name"] == "Hayat Tahrir al-Sham"
    assert "id" not in data["actors"]["hts"]
    assert set(data["places"]) == set(mini.places) and "lat" in data["places"]["aleppo"]
    assert [e["id"] for e in data["events"]] == [e.id for e in mini.events]
    for event in data["events"]:
        assert not set(json_timeline.DERIVED_EVENT_KEYS) & set(event)
        assert None not in event.values()


@pytest.mark.parametrize(("where", "at_key", "expected"), [
    (("events", 1, "date"), False, (6, 14)),
    (("events", 1, "date"), True, (6, 6)),
    (("actors", "hts", "name"), False, (3, 25)),
    (("actors", "hts"), True, (3, 3)),  # a registry entry's own place: the entry in the list
    (("events", 9, "date"), False, (4, 13)),  # not there: the innermost value found
])
def test_problems_are_located_in_the_json_text(where, at_key, expected):
    text = '{\n  "actors": [\n  {"id": "hts", "name": "HTS"}],\n  "events": [\n    {"id": "a"},\n    {"date": "2016"}\n  ]\n}\n'
    parsed = json_timeline.read(text, "t.json")
    assert parsed.locate(where, at_key) == expected


def test_bad_json_is_a_located_problem():
    assert json_timeline.read('{"events": [1, 2,]}', "b.json").problems[0][:3] == ("b.json", 1, 18)
    assert "not valid JSON" in json_timeline.read("", "e.json").problems[0].message
    assert "NaN" in json_timeline.read('{"events": [NaN]}', "n.json").problems[0].message
    assert json_timeline.read("[1]", "l.json").problems[0].message.startswith("a timeline is a JSON object")
    deep = json_timeline.read("[" * 100_000 + "]" * 100_000, "d.json")
    assert deep.data is None and deep.problems


def test_duplicate_keys_and_a_foreign_format_are_located():
    parsed = json_timeline.read('{"format": "other",\n "events": [{"id": "a",\n  "id": "b"}]}', "d.json")
    assert [(p.line, p.col, p.message.split(";")[0]) for p in parsed.problems] == [
        (3, 3, "duplicate key 'id'"),
        (1, 12, "format 'other' is not 'syria-timeline': not a syria-timeline file"),
    ]


def test_keys_from_the_file_are_cleaned():
    parsed = json_timeline.read(json.dumps({"events": [], "ti\u001btle": "x"}), "k.json")
    assert "ti␛tle" in parsed.data


def test_the_builtin_export_reads_back_quickly_and_whole():
    timeline = load(builtin_path())
    parsed = json_timeline.read(json_format.render(timeline, timeline.events), "builtin.json")
    assert parsed.problems == [] and len(parsed.data["events"]) == len(timeline.events)


def test_event_lines_are_found_in_one_walk(mini):
    text = json_format.render(mini, mini.events)
    parsed = json_timeline.read(text, "mini.json")
    lines = text.splitlines()
    assert len(parsed.event_lines) == len(mini.events)
    for number, event in zip(parsed.event_lines, mini.events):
        assert lines[number - 1].strip() == "{" and f'"id": "{event.id}"' in lines[number]
