"""The loader: every rule of the format, each failure at the right line and column."""

import os

import pytest

from tui.timeline_file import TimelineError, builtin_path, load, loads

HEAD = """\
version: 1
actors:
  a: {name: Actor A, short: A, aliases: [Alias A]}
places:
  p: {name: Place P}
events:
"""

GOOD_EVENT = """\
  - id: e1
    date: 2016-12-22
    title: Title
    actors: [a]
    text: Text.
    sources: [{publisher: Wire}]
"""


def problems(text: str) -> list[str]:
    with pytest.raises(TimelineError) as info:
        loads(text, "t.yaml")
    return [str(p) for p in info.value.problems]


def test_good_file_loads():
    timeline = loads(HEAD + GOOD_EVENT, "t.yaml")
    assert [e.id for e in timeline.events] == ["e1"]
    assert timeline.events[0].line == 7


def test_syntax_error_has_line_and_column():
    found = problems(HEAD + GOOD_EVENT + "  - id: [unclosed\n")
    assert found[0].startswith("t.yaml:")
    line = int(found[0].split(":")[1])
    assert line in (13, 14)


def test_unknown_key_located():
    assert problems(HEAD + GOOD_EVENT + "    colour: red\n") == [
        "t.yaml:13:5: unknown key 'colour' in an event; allowed: id, date, end, title, actors, places, tags, summary, text, claims, casualties, sources, related, roles, era"
    ]


def test_missing_required_fields():
    text = HEAD + "  - id: e1\n    date: 2016\n    title: T\n"
    found = problems(text)
    assert any("missing 'actors'" in p for p in found)
    assert any("missing 'text'" in p for p in found)
    assert any("missing 'sources'" in p for p in found)
    assert all(p.startswith("t.yaml:7:5:") for p in found)


def test_duplicate_ids():
    found = problems(HEAD + GOOD_EVENT + GOOD_EVENT)
    assert found == ["t.yaml:13:5: duplicate event id 'e1' (first on line 7); ids must be unique"]


def test_unknown_references():
    event = GOOD_EVENT.replace("actors: [a]", "actors: [a, zz]") + "    places: [nowhere]\n    related: [ghost]\n"
    found = problems(HEAD + event)
    assert "t.yaml:10:17: unknown actor 'zz'; define it under 'actors:' or fix the id" in found
    assert any(p.startswith("t.yaml:13:14: unknown place 'nowhere'") for p in found)
    assert any(p.startswith("t.yaml:14:15: unknown related event 'ghost'") for p in found)


def test_bad_date_and_end_before_date():
    found = problems(HEAD + GOOD_EVENT.replace("2016-12-22", "2016-02-30"))
    assert found[0].startswith("t.yaml:8:11: date: 2016-02 has no day 30")
    found = problems(HEAD + GOOD_EVENT + "    end: 2015\n")
    assert found[0].startswith("t.yaml:13:10: end (2015) is before date (22 Dec 2016)")


def test_source_without_publisher():
    found = problems(HEAD + GOOD_EVENT.replace("{publisher: Wire}", "{title: No publisher}"))
    assert found[0].startswith("t.yaml:12:15: a source of 'e1' has no publisher")


def test_no_sources():
    found = problems(HEAD + GOOD_EVENT.replace("[{publisher: Wire}]", "[]"))
    assert found[0].startswith("t.yaml:12:14: event 'e1' has no source")


def test_duplicate_mapping_key_detected():
    found = problems(HEAD + GOOD_EVENT + "    title: Again\n")
    assert found == ["t.yaml:13:5: duplicate key 'title' in an event (first on line 9); keep one"]


def test_python_tags_refused():
    found = problems("!!python/object/apply:os.system [echo hi]\n")
    assert "is not allowed" in found[0]


def test_aliases_refused():
    text = HEAD + GOOD_EVENT.replace("actors: [a]", "actors: &x [a]") + GOOD_EVENT.replace("e1", "e2").replace("actors: [a]", "actors: *x")
    found = problems(text)
    assert any("aliases" in p for p in found)


def test_empty_and_not_a_mapping():
    assert problems("") == ["t.yaml:1:1: the file is empty; a timeline needs 'version: 1' and 'events:'"]
    assert problems("- a\n- b\n")[0].startswith("t.yaml:1:1: the timeline must be a mapping")


def test_wrong_type():
    found = problems(HEAD + GOOD_EVENT.replace("title: Title", "title: [a, list]"))
    assert found[0].startswith("t.yaml:9:12: title must be a single value, not a list")


def test_sorting_is_stable_by_date():
    text = HEAD + "".join(
        GOOD_EVENT.replace("e1", eid).replace("2016-12-22", date)
        for eid, date in [("late", "2017"), ("day", "2016-01-01"), ("year", "2016"), ("same-day", "2016-01-01")]
    )
    assert [e.id for e in loads(text).events] == ["year", "day", "same-day", "late"]


def test_file_errors(tmp_path):
    with pytest.raises(TimelineError, match="no such file"):
        load(tmp_path / "missing.yaml")
    with pytest.raises(TimelineError, match="is a folder"):
        load(tmp_path)
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(TimelineError, match="binary"):
        load(binary)
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"version: 1\ntitle: caf\xe9\n")
    with pytest.raises(TimelineError) as info:
        load(bad)
    assert str(info.value).endswith("2:11: byte 0xe9 is not UTF-8; save the file as UTF-8")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("version: 1\n")
    path.chmod(0)
    with pytest.raises(TimelineError, match="permission"):
        load(path)


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + GOOD_EVENT).encode())
    assert len(load(path).events) == 1


def test_control_characters_neutralised():
    event = GOOD_EVENT.replace("title: Title", 'title: "a\\e[31mred\\u202e\\x07"')
    title = loads(HEAD + event).events[0].title
    assert "\x1b" not in title and "\u202e" not in title and "\x07" not in title
    assert title == "a␛[31mred␇"


def test_builtin_path_exists():
    assert os.path.exists(builtin_path())


def test_problem_cap():
    events = "".join(GOOD_EVENT.replace("e1", f"e{i}").replace("actors: [a]", "actors: [nobody]") for i in range(80))
    with pytest.raises(TimelineError) as info:
        loads(HEAD + events)
    assert len(info.value.problems) == 50
