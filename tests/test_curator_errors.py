"""Timeline files broken by hand, the way curators break them: `syria-timeline validate FILE` lists
the problems, `syria-timeline FILE` says the first in one line (and how many more), each at the
right place with what to do, exit 2, and nothing from the file reaches the terminal as a control
sequence or as markup."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from ptyterm import Term

HEAD = """version: 1
title: Curator test
actors:
  gov: {name: Syrian government, kind: state, alignment: government}
events:
"""


def event(n: int = 1, date: str = "2024-11-29", title: str = "Event", text: str = "Text.", extra: str = "") -> str:
    return (f"  - id: ev-{n}\n    date: {date}\n    title: {title}\n    actors: [gov]\n    text: {text}\n"
            f"    sources: [{{publisher: Wire}}]\n{extra}")


def utf16(text: str, codec: str) -> bytes:
    return text.encode(codec)


# name -> (bytes, first line of validate's report after "PATH", every problem's count)
CASES: dict[str, tuple[bytes, str, int]] = {
    "tab-indent": ((HEAD + event().replace("    date:", "\tdate:")).encode(), ":7:1: YAML syntax: a tab; YAML indents with spaces only", 1),
    "duplicate-id": ((HEAD + event() + event()).encode(), ":12:5: duplicate event id 'ev-1' (first on line 6); ids must be unique", 1),
    "related-missing": ((HEAD + event(extra="    related: [no-such-event]\n")).encode(), ":12:15: unknown related event 'no-such-event'", 1),
    "feb-30": ((HEAD + event(date="2024-02-30")).encode(), ":7:11: date: 2024-02 has no day 30 (it has 29 days)", 1),
    "month-13": ((HEAD + event(date="2024-13")).encode(), ":7:11: date: month 13 is out of range (1-12)", 1),
    "empty": (b"", ":1:1: the file is empty; a timeline needs 'version: 1' and 'events:'", 1),
    "only-a-list": (b"- one\n- two\n", ":1:1: the timeline must be a mapping (key: value lines)", 1),
    "crlf": ((HEAD + event(date="2024-02-30")).replace("\n", "\r\n").encode(), ":7:11: date: 2024-02 has no day 30", 1),
    "bom": (b"\xef\xbb\xbf" + (HEAD + event(date="2024-02-30")).encode(), ":7:11: date: 2024-02 has no day 30", 1),
    "utf-16": (utf16(HEAD + event(), "utf-16"), ": is saved as UTF-16 or UTF-32; save it as UTF-8", 1),
    "utf-16-no-bom": (utf16(HEAD + event(), "utf-16-le"), ": is saved as UTF-16 or UTF-32; save it as UTF-8", 1),
    "latin-1": ((HEAD + event(title="Événement")).encode("latin-1"), ":8:12: byte 0xc9 is not UTF-8; save the file as UTF-8", 1),
    "colon-in-title": ((HEAD + event(title="Rebels: they enter Aleppo")).encode(),
                       ":8:18: YAML syntax: a value with ': ' in it; put the whole value in double quotes", 1),
    "quote-never-closed": ((HEAD + event(text='"never closed')).encode(), ':10:11: YAML syntax: this quoted value is never closed; end it with "', 1),
    "quote-then-more": ((HEAD + event(title="'It's over'")).encode(),
                        ":8:16: YAML syntax: the value starting with ' goes on after its closing '; put the whole value in double quotes", 1),
    "at-sign": ((HEAD + event(title="@handle says")).encode(), ":8:12: YAML syntax: a value cannot start with '@'; put the whole value in double quotes", 1),
    "key-too-deep": ((HEAD + event().replace("    actors:", "     actors:")).encode(),
                     ":9:12: YAML syntax: this line is indented deeper than the key above it; line them up", 1),
    "item-key-too-shallow": ((HEAD + event().replace("    text:", "   text:")).encode(),
                             ":10:4: YAML syntax: this line is not indented like the list it is in (from line 6)", 1),
    "no-space-after-colon": ((HEAD + event().replace("title: Event", "title:Event")).encode(),
                             ":8:5: YAML syntax: a key needs a space after its colon (key: value)", 1),
    "list-never-closed": ((HEAD + event().replace("actors: [gov]", "actors: [gov")).encode(),
                          ":9:13: YAML syntax: the [ here is not closed where expected (the parser stopped on line 10)", 1),
    "span-in-date": ((HEAD + event(date="2024-11-29..2024-12-01")).encode(),
                     ":7:11: date: '2024-11-29..2024-12-01' is a span; give its start as date: and its end as end:", 1),
    "span-in-words": ((HEAD + event(date="29 Nov 2024 – 1 Dec 2024")).encode(), ":7:11: date: '29 Nov 2024 – 1 Dec 2024' is a span", 1),
    "day-or-month": ((HEAD + event(date="01/02/2024")).encode(),
                     ":7:11: date: '01/02/2024' could be day/month or month/day; write it year-month-day", 1),
    "actor-mistyped": ((HEAD + event().replace("actors: [gov]", "actors: [Gov, govt]")).encode(),
                       ":9:14: unknown actor 'Gov'; did you mean 'gov'? define it under 'actors:' or fix the id", 2),
    "no-break-space-indent": ((HEAD + event().replace("    title:", "\u00a0\u00a0\u00a0\u00a0title:")).encode(),
                              ":8:1: YAML syntax: a no-break space (U+00A0) where YAML needs a plain space", 1),
    "no-break-space-after-colon": ((HEAD + event().replace("title: Event", "title:\u00a0Event")).encode(),
                                   ":8:11: YAML syntax: a no-break space (U+00A0) where YAML needs a plain space", 1),
    "full-width-colon": ((HEAD + event().replace("title: Event", "title\uff1a Event")).encode(),
                         ":8:10: YAML syntax: a full-width colon (：) where YAML needs ':'", 1),
    "key-mistyped": ((HEAD + event(extra="    summery: A typo.\n")).encode(),
                     ":12:5: unknown key 'summery' in an event; did you mean 'summary'? allowed: id,", 1),
    "fields-missing": ((HEAD + "  - id: x\n").encode(), ":6:5: event 'x' is missing 'date'; add it", 5),
    "escape-in-key": ((HEAD + event(extra='    "\\e]0;PWNED\\a\\e[2J": x\n')).encode(), ":12:5: unknown key '␛]0;PWNED␇␛[2J' in an event", 1),
    "markup-in-key": ((HEAD + event(extra='    "[bold red]x[/] [@click=app.quit]q[/]": x\n')).encode(),
                      ":12:5: unknown key '[bold red]x[/] [@click=app.quit]q[/]' in an event", 1),
}

CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def command() -> list[str]:
    installed = shutil.which("syria-timeline")
    return [installed] if installed else [sys.executable, "-m", "tui"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("curator")
    for name, (data, _, _) in CASES.items():
        (folder / f"{name}.yaml").write_bytes(data)
    return folder


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate_lists_every_problem_at_its_place(corpus, name):
    _, first, count = CASES[name]
    path = corpus / f"{name}.yaml"
    result = subprocess.run(command() + ["validate", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{path}{first}"), lines
    assert len(lines) == count and all(line.startswith(f"{path}:") for line in lines), lines
    assert not CONTROLS.search(result.stderr), repr(result.stderr)
    assert "PWNED\x07" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.terminal
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_explorer_says_the_first_problem_in_one_line(corpus, name):
    _, first, count = CASES[name]
    path = corpus / f"{name}.yaml"
    t = Term(command() + [str(path)], 100, 24)
    try:
        code = t.wait_exit(30)
        raw = bytes(t.raw)
    finally:
        t.close()
    assert code == 2
    text = raw.decode()
    assert text.count("\n") == 1 and text.endswith("\r\n"), text  # one line, nothing else written
    assert text.startswith(f"{path}{first}"), text
    assert not CONTROLS.search(text[:-2]), repr(text)
    if count > 1:
        more = f"{count - 1} more problem{'s' if count > 2 else ''}"
        assert text.rstrip().endswith(f"({more}: `syria-timeline validate {path}` lists them all)"), text


@pytest.mark.parametrize("date, shown", [("29/11/2024", "2024-11-29"), ("Nov 29, 2024", "2024-11-29"), ("01/01/2024", "2024-01-01"),
                                         ("December 2016", "2016-12"), ("~2013-08", "~2013-08")])
def test_dates_that_say_one_thing_still_load(tmp_path, date, shown):
    path = tmp_path / "ok.yaml"
    path.write_text(HEAD + event(date=date))
    result = subprocess.run(command() + ["list", "--file", str(path), "--format", "csv"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith(f"ev-1,{shown},"), result.stdout


def test_a_huge_single_line_is_named_and_cut_in_one_line(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text(HEAD + event(text="x" * 3_000_000 + " [unclosed"))
    result = subprocess.run(command() + ["validate", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr == f"{path}:10:11: text is 3,000,010 characters long; the limit is 50,000; shorten it\n"


JSON_CASES = {
    "empty.json": (b"", ":1:1: not valid JSON: the file is empty; a JSON timeline is an object with 'version' and 'events'"),
    "yaml-named-json.json": (b"# notes\nversion: 1\nevents: []\n", ":1:1: not valid JSON: this is YAML (key: value lines); name the file .yaml"),
    "trailing-comma.json": (b'{"version": 1,\n "events": [],\n}', ":3:1: not valid JSON: a comma before this }; remove it (JSON allows none there)"),
    "trailing-comma-list.json": (b'{"version": 1, "events": [\n  {"id": "a"},\n]}', ":3:1: not valid JSON: a comma before this ]"),
    "missing-comma.json": (b'{"version": 1\n "events": []}', ":2:2: not valid JSON: Expecting ',' delimiter"),
}


@pytest.mark.parametrize("name", sorted(JSON_CASES))
def test_a_broken_json_timeline_says_what_to_do(tmp_path, name):
    data, first = JSON_CASES[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = subprocess.run(command() + ["validate", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{path}{first}") and result.stderr.count("\n") == 1, result.stderr
