"""The non-interactive commands, run as a user would: `python -m tui ...`, piped."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest

from tui import query as q
from tui.dates import parse_date
from tui.timeline_file import load

from conftest import MINI, ROOT


def run(*args: str, env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=full_env,
        cwd=cwd or ROOT, encoding="utf-8",
    )


def lines(result) -> list[str]:
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def expected(timeline, **filters) -> list[str]:
    index = q.Index.build(timeline)
    return [timeline.events[i].id for i in q.apply(index, q.Filters(**filters))]


def run_in_pty(argv: list[str], cols: int = 100, env: dict | None = None) -> str:
    """Run a command with its stdout on a pseudo-terminal of `cols` columns; return what it wrote."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update({"TERM": "xterm-256color", "COLUMNS": str(cols)}, **(env or {}))
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=full_env, cwd=ROOT)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=30) == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def one_line_error(result, *words: str) -> None:
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    err = result.stderr.strip().splitlines()
    assert len(err) == 1, result.stderr
    for word in words:
        assert word in err[0], err[0]


# --------------------------------------------------------------------------- list


def test_list_prints_one_plain_line_per_event(mini):
    out = lines(run("list", "--file", str(MINI)))
    assert len(out) == len(mini.events)
    assert "\x1b" not in "".join(out)  # piped: no colour
    fields = [line.split("\t") for line in out]
    assert all(len(f) == 4 for f in fields)
    assert [f[3] for f in fields] == [e.id for e in mini.events]
    assert fields[3] == ["~2013-08", "Nusra grows", "HTS", "nusra-2013"]
    assert fields[0][0] == "2011"  # year precision as written, never an invented day


@pytest.mark.parametrize(
    "args, filters",
    [
        (["--actor", "hts"], {"actors": ("hts",)}),
        (["--actor", "Jabhat al-Nusra"], {"actors": ("hts",)}),  # aliases resolve
        (["--actor", "hts", "--actor", "russia"], {"actors": ("hts", "russia")}),
        (["--actor", "hts,gov", "--all-actors"], {"actors": ("hts", "gov"), "actor_mode": q.ALL}),
        (["--tag", "aleppo"], {"tags": ("aleppo",)}),
        (["--place", "Aleppo"], {"places": ("aleppo",)}),
        (["--from", "2016", "--to", "2020"], {"date_from": parse_date("2016"), "date_to": parse_date("2020")}),
        (["--to", "Dec 2016", "--tag", "aleppo"], {"date_to": parse_date("2016-12"), "tags": ("aleppo",)}),
        (["--search", "aleppo"], {"search": "aleppo"}),
    ],
)
def test_list_filters_match_the_query_layer(mini, args, filters):
    out = lines(run("list", "--file", str(MINI), *args))
    want = expected(mini, **filters)
    assert want, "the case should select something"
    assert [line.split("\t")[3] for line in out] == want


def test_list_pipes_into_grep_and_wc(mini):
    cmd = f'"{sys.executable}" -m tui list --file "{MINI}"'
    total = subprocess.run(f"{cmd} | wc -l", shell=True, capture_output=True, text=True, cwd=ROOT)
    assert int(total.stdout.strip()) == len(mini.events)
    grep = subprocess.run(f"{cmd} | grep -c '^2024-'", shell=True, capture_output=True, text=True, cwd=ROOT)
    assert int(grep.stdout.strip()) == len(expected(mini, date_from=parse_date("2024"), date_to=parse_date("2024")))
    aleppo = subprocess.run(f"{cmd} --tag aleppo | grep -c Aleppo", shell=True, capture_output=True, text=True, cwd=ROOT)
    assert int(aleppo.stdout.strip()) == 3


def test_list_on_the_builtin_timeline_counts_every_event():
    timeline = load(os.path.join(ROOT, "timeline.yaml"))
    assert len(lines(run("list"))) == len(timeline.events)


def test_list_stops_quietly_when_the_reader_goes_away():
    result = subprocess.run(
        f'"{sys.executable}" -m tui list | head -1', shell=True, capture_output=True, text=True, cwd=ROOT
    )
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == ""


def test_list_formats(mini):
    data = json.loads(run("list", "--file", str(MINI), "--tag", "aleppo", "--format", "json").stdout)
    assert data["version"] == 1 and [e["id"] for e in data["events"]] == expected(mini, tags=("aleppo",))
    rows = list(csv.DictReader(io.StringIO(run("list", "--file", str(MINI), "--format", "csv").stdout, newline="")))
    assert len(rows) == len(mini.events)
    md = lines(run("list", "--file", str(MINI), "--actor", "hts", "--format", "md"))
    assert len(md) == 4 and all(line.startswith("- **") for line in md)
    assert "`nusra-2013`" in md[1] and "\\~Aug 2013" in md[1]


def test_list_aligns_and_colours_only_on_a_terminal(mini):
    out = run_in_pty([sys.executable, "-m", "tui", "list", "--file", str(MINI)], cols=120)
    assert "\x1b[36m" in out  # the date column is coloured
    assert "10 of 10 events" in out
    assert "\t" not in out  # aligned with spaces
    plain = run_in_pty([sys.executable, "-m", "tui", "list", "--file", str(MINI)], cols=120, env={"NO_COLOR": "1"})
    assert "\x1b[" not in plain and "29 Nov 2024" in plain


def test_list_colour_can_be_forced_and_refused(mini):
    assert "\x1b[" not in run("list", "--file", str(MINI), "--color", "always").stdout  # piped: plain lines regardless
    assert "\x1b[" not in run("show", "nusra-2013", "--file", str(MINI), "--color", "never").stdout
    assert "\x1b[36m" in run("show", "nusra-2013", "--file", str(MINI), "--color", "always").stdout


def test_terminal_text_never_carries_control_codes(write_yaml):
    path = write_yaml(
        'version: 1\nactors: {a: {name: "Evil\\e[2J"}}\nevents:\n'
        '  - {id: e, date: 2020, title: "Title \\e]52;c;AAAA\\a x", actors: [a], text: "t\\e[31m", sources: [{publisher: P}]}\n'
    )
    for args in (["list"], ["show", "e"], ["actors"]):
        result = run(*args, "--file", path, "--color", "always")
        assert result.returncode == 0, result.stderr
        assert "\x1b]" not in result.stdout and "\x1b[2J" not in result.stdout and "\x07" not in result.stdout
        assert "␛" in result.stdout


# --------------------------------------------------------------------------- show


def test_show_prints_the_event_in_full():
    out = run("show", "rebels-return-2024", "--file", str(MINI)).stdout
    assert out.splitlines()[0] == "Rebels break through and enter western Aleppo"
    assert "29 Nov 2024 (day precision) · id rebels-return-2024" in out
    assert "Actors: Hayat Tahrir al-Sham (HTS), Syrian government (Govt)" in out
    assert "Claims (attributed to whoever made them; not asserted by this timeline):" in out
    assert "- Syrian Observatory for Human Rights (SOHR) says: About 20 fighters were killed in air strikes." in out
    assert "Casualties: at least 20 (SOHR estimate)" in out
    assert "1. ABC News (with wires), “Report”, 30 Nov 2024" in out
    assert "22 Dec 2016  Government retakes Aleppo  [aleppo-falls-2016]" in out


def test_show_states_precision():
    out = run("show", "nusra-2013", "--file", str(MINI)).stdout
    assert "~Aug 2013 (month precision, approximate)" in out


def test_show_json_and_md():
    data = json.loads(run("show", "russia-2015", "--file", str(MINI), "--format", "json").stdout)
    assert data["version"] == 1 and data["event"]["id"] == "russia-2015"
    assert data["event"]["claims"] == [{"by": "russia", "says": "Strikes hit only militants.", "via": "Tass"}]
    md = run("show", "russia-2015", "--file", str(MINI), "--format", "md").stdout
    assert "# 30 Sep 2015: Russia intervenes" in md
    assert "- **Russia** says: Strikes hit only militants. (via Tass)" in md


def test_show_unknown_id_suggests_close_ones():
    result = run("show", "nusra-2014", "--file", str(MINI))
    one_line_error(result, "syria-timeline: no event with id 'nusra-2014'", "nusra-2013")


# --------------------------------------------------------------------------- registries


def test_actors_with_counts(mini):
    out = lines(run("actors", "--file", str(MINI)))
    counts = q.actor_counts(q.Index.build(mini))
    got = {line.split("\t")[1]: int(line.split("\t")[0]) for line in out}
    assert got == {actor: counts.get(actor, 0) for actor in mini.actors}
    assert out[0].split("\t")[:3] == ["8", "gov", "Syrian government"]  # most events first


def test_actors_within_filters_and_as_json(mini):
    data = json.loads(run("actors", "--file", str(MINI), "--from", "2024", "--format", "json").stdout)
    assert {a["id"]: a["events"] for a in data["actors"]} == {"hts": 2, "gov": 2, "turkey": 1}
    rows = list(csv.DictReader(io.StringIO(run("actors", "--file", str(MINI), "--format", "csv").stdout, newline="")))
    assert rows[0]["id"] == "gov" and rows[0]["events"] == "8"
    hts = next(r for r in rows if r["id"] == "hts")
    assert hts["aliases"] == "Jabhat al-Nusra; al-Nusra Front; هيئة تحرير الشام"


def test_places_and_tags(mini):
    places = lines(run("places", "--file", str(MINI)))
    assert places[0].split("\t")[:3] == ["3", "aleppo", "Aleppo"]
    assert len(places) == len(mini.places)
    tags = lines(run("tags", "--file", str(MINI), "--sort", "name"))
    assert [t.split("\t")[1] for t in tags] == sorted(q.tag_counts(q.Index.build(mini)))
    assert "3\taleppo" in tags


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("fmt", ["md", "json", "csv", "ics", "timelinejs"])
def test_export_to_a_file_and_to_stdout(tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    result = run("export", "--format", fmt, "--file", str(MINI), "--tag", "aleppo", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "wrote 3 events" in result.stderr
    stdout = subprocess.run(
        [sys.executable, "-m", "tui", "export", "--format", fmt, "--file", str(MINI), "--tag", "aleppo", "-o", "-"],
        capture_output=True, cwd=ROOT,
    ).stdout
    assert target.read_bytes() == stdout  # the same bytes either way (CRLF kept for ics and csv)


def test_export_filters_and_format_from_extension(mini, tmp_path):
    target = tmp_path / "hts.json"
    assert run("export", "--file", str(MINI), "--actor", "hts", "-o", str(target)).returncode == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [e["id"] for e in data["events"]] == expected(mini, actors=("hts",))


def test_export_timelinejs_of_the_builtin_timeline(tmp_path):
    target = tmp_path / "timeline.json"
    assert run("export", "--format", "timelinejs", "-o", str(target)).returncode == 0
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert len(doc["events"]) == len(load(os.path.join(ROOT, "timeline.yaml")).events)
    assert doc["eras"] and all({"start_date", "end_date", "text"} == set(era) for era in doc["eras"])


def test_export_refuses_to_overwrite_the_timeline(write_yaml):
    path = write_yaml(MINI.read_text(encoding="utf-8"), "mine.yaml")  # (a .json name is read as JSON)
    one_line_error(run("export", "--format", "json", "--file", path, "-o", path), "is the timeline being read")


def test_export_needs_a_format():
    one_line_error(run("export", "--file", str(MINI)), "give --format")
    one_line_error(run("export", "--format", "pdf", "--file", str(MINI)), "syria-timeline: export:", "invalid choice")


# --------------------------------------------------------------------------- errors


def test_a_bad_timeline_prints_located_problems(write_yaml):
    path = write_yaml("version: 1\nevents:\n  - {id: x, date: 2020-13, title: T, actors: [nobody], text: t, sources: [{publisher: P}]}\n")
    result = run("list", "--file", path)
    assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr
    problems = result.stderr.strip().splitlines()
    assert problems and all(line.startswith(f"{path}:3:") for line in problems)


@pytest.mark.parametrize(
    "args, words",
    [
        (["list", "--file", "/nonexistent/t.yaml"], ["/nonexistent/t.yaml: no such file"]),
        (["list", "--file", str(MINI), "--from", "soon"], ["syria-timeline:", "soon"]),
        (["list", "--file", str(MINI), "--actor", "zzzzqqq"], ["syria-timeline: no actor matches 'zzzzqqq'"]),
        (["list", "--file", str(MINI), "--tag", "nope"], ["syria-timeline: no tag 'nope'", "syria-timeline tags"]),
        (["list", "--file", str(MINI), "--place", "Atlantis"], ["syria-timeline: no place matches 'Atlantis'"]),
        (["list", "--bogus"], ["syria-timeline: list: unrecognized arguments: --bogus"]),
        (["show"], ["syria-timeline: show:", "id"]),
        (["export", "--format", "md", "-o", "/nonexistent/dir/x.md", "--file", str(MINI)], ["does not exist"]),
        # the explorer's own options: one line too, not argparse's usage block
        (["--bidi", "maybe"], ["syria-timeline: argument --bidi: invalid choice: 'maybe'", "(see `syria-timeline --help`)"]),
        (["--bogus"], ["syria-timeline: unrecognized arguments: --bogus", "--help"]),
        (["--goto"], ["syria-timeline: argument --goto: expected one argument"]),
        # a mistyped command is not read as a timeline file's name
        (["lst"], ["syria-timeline: no command or file 'lst'; did you mean `syria-timeline list`?"]),
        (["Export", "--format", "md"], ["did you mean `syria-timeline export`?"]),
    ],
)
def test_errors_are_one_line_and_exit_2(args, words):
    one_line_error(run(*args), *words)


def test_help_names_every_key_of_the_main_screen():
    """README: `syria-timeline --help` lists every option and key (the keymap, tui/keys.py)."""
    from tui.keys import LIST_KEYS, MAIN_KEYS, label

    out = run("--help").stdout
    section = out[out.index("keys (in the app"):out.index("commands (each has")]
    words = set(section.split()) | set(re.split(r"[\s/,()]+", section))  # `/` alone, and j of j/k
    missing = [k.keys for k in LIST_KEYS + MAIN_KEYS if not set(label(k).split()) & words]
    assert not missing, missing


def test_help_lists_every_command():
    out = run("--help").stdout
    for name in ("list", "show", "actors", "places", "tags", "export", "import"):
        assert re.search(rf"syria-timeline [a-z|]*\b{name}\b", out), name
    assert run("list", "--help").returncode == 0
    assert "--format" in run("export", "--help").stdout


def test_from_after_to_is_an_error_that_says_so():
    one_line_error(run("list", "--file", str(MINI), "--from", "2020", "--to", "2016"), "--from 2020 is after --to 2016; swap them")
    one_line_error(run("export", "--format", "md", "--file", str(MINI), "--from", "Dec 2016", "--to", "Nov 2016"), "is after --to")
    assert lines(run("list", "--file", str(MINI), "--from", "2016-12", "--to", "2016")) == lines(
        run("list", "--file", str(MINI), "--from", "2016-12-01", "--to", "2016-12-31"))  # one year, same span: fine
    assert lines(run("list", "--file", str(MINI), "--from", "2016", "--to", "2016"))


def test_the_app_refuses_from_after_to_before_it_starts(mini):
    from tui.cli import _app_parser, build_filters

    with pytest.raises(ValueError, match=r"--from 2020 is after --to 2016-03"):
        build_filters(mini, _app_parser().parse_args(["--from", "2020", "--to", "2016-03"]))


def test_list_names_each_group_as_it_was_named_on_the_events_date():
    """`list` and the app's rows name an actor by its short name of the event's date: a 2013
    event of the group that became HTS reads "Nusra Front", a 2016 one of Türkiye "Turkey"."""
    early = run("list", "--from", "2013", "--to", "2015", "--actor", "hts").stdout
    assert early.count("\n") > 3 and "Nusra Front" in early and "HTS" not in early
    assert "HTS" in run("list", "--from", "2018", "--to", "2018", "--actor", "hts").stdout
    turkey = run("list", "--from", "2016", "--to", "2016", "--actor", "turkey").stdout
    assert "Turkey" in turkey and "Türkiye" not in turkey


async def test_the_apps_wide_rows_name_actors_as_on_the_events_date(tmp_path):
    from conftest import builtin, make_app, ready

    timeline = builtin()
    raqqa = timeline.index_of("raqqa-taken-by-rebels-2013")
    app = make_app(tmp_path, timeline)
    async with app.run_test(size=(200, 30)) as pilot:  # the list is 110 wide: it has its actors column
        await ready(pilot)
        app.main_screen.event_list.move_to_event(raqqa)
        await pilot.pause(0.1)
        text = "\n".join(line.text for line in app.main_screen.event_list.render_lines(app.main_screen.event_list.region.reset_offset))
        row = next(line for line in text.splitlines() if "Raqqa" in line)
        assert "Nusra Front" in row and "HTS" not in row


def test_a_dash_is_standard_input_for_the_commands_and_refused_by_the_explorer():
    """qa2: `validate -` said "no such file"; a curator pipes a timeline in (curl … | validate -)."""
    text = (ROOT / "timeline.yaml").read_text(encoding="utf-8")
    ok = subprocess.run([sys.executable, "-m", "tui", "validate", "-"], input=text, capture_output=True, text=True, cwd=ROOT, encoding="utf-8")
    assert ok.returncode == 0 and ": ok: 293 events" in ok.stdout
    listed = subprocess.run([sys.executable, "-m", "tui", "list", "--file", "-"], input=text, capture_output=True, text=True, cwd=ROOT, encoding="utf-8")
    assert listed.stdout == run("list").stdout
    broken = subprocess.run([sys.executable, "-m", "tui", "validate", "-"], input="version: 1\nevents: [\n", capture_output=True, text=True, cwd=ROOT, encoding="utf-8")
    assert broken.returncode == 2 and ":3:1:" in broken.stdout + broken.stderr
    served = run("serve", "-")
    assert served.returncode == 2 and "standard input" in served.stderr and served.stderr.count("\n") == 1
