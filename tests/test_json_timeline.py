"""A JSON timeline read back: the export's shape to the YAML file's, problems located in the JSON text."""

from __future__ import annotations

import json

import pytest

from tui.formats import json_format
from tui.timeline_file import json_reader as json_timeline
from tui.timeline_file import builtin_path, load



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


# --------------------------------------------------------------------------- the app and the commands open JSON

import subprocess  # noqa: E402
import sys  # noqa: E402

from tui.opening import open_timeline  # noqa: E402
from tui.timeline_file import TimelineError  # noqa: E402

from conftest import ROOT, make_app  # noqa: E402


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, cwd=ROOT, encoding="utf-8")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    path = tmp_path_factory.mktemp("json") / "builtin.json"
    assert cli("export", "--format", "json", "-o", str(path)).returncode == 0
    return path


def test_its_own_json_export_reads_back_as_the_same_timeline(exported):
    original, again = load(builtin_path()), load(str(exported))
    assert [e.id for e in again.events] == [e.id for e in original.events]
    for a, b in zip(original.events, again.events):
        assert (a.date, a.end, a.title, a.text, a.actors, a.places, a.tags, a.summary, a.claims, a.casualties, a.sources, a.related) == (
            b.date, b.end, b.title, b.text, b.actors, b.places, b.tags, b.summary, b.claims, b.casualties, b.sources, b.related)
    assert again.actors == original.actors and again.places == original.places and again.eras == original.eras
    assert again.title == original.title
    # and exports again to the very same bytes
    assert json_format.render(again, again.events) == exported.read_text(encoding="utf-8")


def test_validate_list_and_the_cache_open_json(exported):
    result = cli("validate", str(exported))
    assert result.returncode == 0 and f"{exported}: ok: " in result.stdout
    assert cli("list", "--file", str(exported)).stdout == cli("list").stdout
    first, second = open_timeline(str(exported)), open_timeline(str(exported))  # the second from the parse cache
    assert [e.id for e in first.events] == [e.id for e in second.events]


def test_the_rules_problems_are_located_in_the_json(tmp_path, mini):
    data = json.loads(json_format.render(mini, mini.events))
    data["events"][2]["actors"].append("nobody")
    data["events"][4]["date"] = "2016-02-30"
    path = tmp_path / "broken.json"
    text = json.dumps(data, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TimelineError) as caught:
        load(str(path))
    lines = text.splitlines()
    problems = caught.value.problems
    nobody = next(p for p in caught.value.problems if "nobody" in p.message)
    assert lines[nobody.line - 1][nobody.col - 1:].startswith('"nobody"')
    bad_date = next(p for p in caught.value.problems if "2016-02-30" in p.message or "no day 30" in p.message)
    assert lines[bad_date.line - 1][bad_date.col - 1:].startswith('"2016-02-30"'), problems
    result = cli("validate", str(path))
    assert result.returncode == 2 and f"{path}:{nobody.line}:{nobody.col}: unknown actor 'nobody'" in result.stderr


def test_a_json_file_in_the_yaml_files_shape_opens(tmp_path):
    path = tmp_path / "hand.json"
    path.write_text(json.dumps({
        "version": 1, "title": "Hand-written", "actors": {"a": {"name": "A"}},
        "events": [{"id": "e", "date": "~2013-08", "title": "T", "actors": ["a"], "text": "x", "sources": [{"publisher": "W"}]}],
    }), encoding="utf-8")
    timeline = load(str(path))
    assert timeline.title == "Hand-written" and timeline.events[0].when == "~Aug 2013"


def test_bad_json_is_one_located_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"version": 1,\n "events": [\n  {"id": "e",}\n]}\n', encoding="utf-8")
    result = cli("validate", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{path}:3:14: not valid JSON") and result.stderr.count("\n") == 1, result.stderr


async def test_the_app_opens_its_json_export(exported, tmp_path):

    app = make_app(tmp_path, str(exported))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            await pilot.pause()
            if app.index is not None:
                break
        assert app.load_error is None and app.index is not None
        assert len(app.timeline.events) == len(load(builtin_path()).events)


def test_dated_names_roles_and_eras_survive_the_json_round_trip(tmp_path):
    from test_event_outline import DATED

    from tui.timeline_file import loads

    timeline = loads(DATED, "dated.yaml")
    path = tmp_path / "dated.json"
    path.write_text(json_format.render(timeline, timeline.events), encoding="utf-8")
    again = load(str(path))
    assert again.actors == timeline.actors  # names by date included
    assert [(e.id, e.roles, timeline.era_of(e).id) for e in timeline.events] == [
        (e.id, e.roles, again.era_of(e).id) for e in again.events]
    assert json_format.render(again, again.events) == path.read_text(encoding="utf-8")


def test_a_json_file_packed_with_tiny_values_is_refused_before_parsing():
    parsed = json_timeline.read("[" + "1," * 2_000_000 + "1]", "dense.json")
    assert parsed.data is None and "far more than a timeline needs" in parsed.problems[0].message


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["events"][0].update(casualties={"low": 2.0}), "casualties low must be a whole number"),
    (lambda d: d["events"][0].update(casualties={"low": 1e308}), "casualties low must be a whole number"),
    (lambda d: d.update(version="1e999"), "version must be a whole number"),
    (lambda d: d["events"][0].update(date=True), "date must be text or a number, not true"),
])
def test_json_numbers_and_booleans_where_they_do_not_belong_are_one_line(tmp_path, mini, change, expected):
    """qa2: a fraction or an exponent where a whole number belongs, or true for a date, ended in a
    traceback (the rules asked for a reader that JSON does not have)."""
    data = json.loads(json_format.render(mini, mini.events))
    change(data)
    text = json.dumps(data, ensure_ascii=False, indent=2).replace('"version": "1e999"', '"version": 1e999')
    path = tmp_path / "numbers.json"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr + result.stdout
    assert expected in result.stdout + result.stderr


def test_a_json_place_keeps_its_fractional_coordinates(tmp_path, mini):
    path = tmp_path / "mini.json"
    path.write_text(json_format.render(mini, mini.events), encoding="utf-8")
    again = load(str(path))
    assert {k: (p.lat, p.lon) for k, p in again.places.items()} == {k: (p.lat, p.lon) for k, p in mini.places.items()}
    assert any(p.lat is not None and p.lat != int(p.lat) for p in again.places.values())


def test_a_whole_number_too_long_for_python_is_one_line(tmp_path, mini):
    text = json_format.render(mini, mini.events).replace('"version": 1', '"version": ' + "9" * 5000, 1)
    path = tmp_path / "digits.json"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.returncode == 2 and "more than 4,300 digits" in result.stdout + result.stderr
    assert "set_int_max_str_digits" not in result.stdout + result.stderr
