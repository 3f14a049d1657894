"""Bad input at the door: where a problem is, said the one way (tui/timeline_file/problems.location),
and the real line and column of a byte that is not UTF-8 (timeline files and ACLED imports)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui.timeline_file import Problem, TimelineError, load
from tui.timeline_file.problems import location, whole_file
from tui.timeline_file.reading import decode, located_bytes

from conftest import ROOT


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.mark.parametrize(
    "line, col, expected",
    [(0, 0, "t.yaml"), (0, 7, "t.yaml"), (12, 0, "t.yaml:12"), (12, 3, "t.yaml:12:3")],
)
def test_a_location_says_only_what_is_known(line, col, expected):
    assert location("t.yaml", line, col) == expected
    assert str(Problem("t.yaml", line, col, "what to do")) == f"{expected}: what to do"


def test_a_whole_file_problem_has_no_zero_line(tmp_path):
    missing = tmp_path / "missing.yaml"
    with pytest.raises(TimelineError) as info:
        load(str(missing))
    assert str(info.value) == f"{missing}: no such file; check the path (run `syria-timeline` with no argument for the built-in timeline)"
    assert str(whole_file("x.yaml", "is empty")) == "x.yaml: is empty"


def test_the_commands_print_a_whole_file_problem_without_zero_line(tmp_path):
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    result = cli("validate", str(folder))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"{folder}: is a folder, not a timeline file; give the path of a .yaml file\n"


@pytest.mark.parametrize(
    "data, line, col, byte",
    [
        (b"title: ab\xff\n", 1, 10, 0xFF),
        (b"a: 1\nb: caf\xc3\xa9 \xfe\n", 2, 9, 0xFE),  # the column counts characters, not bytes
        (b"\xef\xbb\xbfab\xff", 1, 3, 0xFF),  # after a BOM: the byte itself, where an editor shows it
        (b"\xef\xbb\xbfx: 1\n\xe2\x80\x94\xfe", 2, 2, 0xFE),
    ],
)
def test_a_byte_that_is_not_utf8_is_named_where_it_is(data, line, col, byte):
    with pytest.raises(TimelineError) as info:
        decode(data, "f.yaml")
    assert str(info.value) == f"f.yaml:{line}:{col}: byte 0x{byte:02x} is not UTF-8; save the file as UTF-8"


def test_located_bytes_counts_characters():
    data = "ä\nxé€y".encode()
    assert located_bytes(data, data.index(b"y")) == (2, 4)
    assert located_bytes(data, 0) == (1, 1)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_import_acled_names_the_line_and_column_of_a_bad_byte(tmp_path, bom):
    source = tmp_path / "bad.csv"
    source.write_bytes(bom + b"event_id_cnty,event_date,actor1\nSYR1,2024-01-01,Caf\xc3\xa9 \xff\n")
    result = cli("import", "acled", str(source), "-o", str(tmp_path / "out.yaml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == f"{source}:2:22: byte 0xff is not UTF-8; export the CSV as UTF-8\n"
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("args", [["validate", ""], ["list", "--file", ""], ["export", "--format", "md", "-o", "-", "--file", ""], [""]])
def test_an_empty_path_is_refused_not_read_as_the_built_in_timeline(args):
    result = cli(*args)  # `syria-timeline "$FILE"` with FILE unset
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "syria-timeline: the timeline path given is empty; give a file's path, or none for the built-in timeline\n"


CSV = "event_id_cnty,event_date,actor1\nSYR1,2024-01-01,A\n"


@pytest.mark.parametrize(
    "data, expected",
    [
        (CSV.encode("utf-16"), ": is saved as UTF-16 (Excel's 'Unicode Text'); export the CSV as UTF-8"),
        (CSV.encode("utf-16-le"), ": is saved as UTF-16 (Excel's 'Unicode Text'); export the CSV as UTF-8"),
        (b"PK\x03\x04" + bytes(range(256)), ": is a binary file (an Excel workbook?), not a CSV; export the events from ACLED as CSV"),
        (CSV.replace(",", "\t").encode(), ":1:1: the columns are separated by tabs, not commas; export the file from ACLED as CSV (comma-separated)"),
        (CSV.replace(",", ";").encode(), ":1:1: the columns are separated by semicolons, not commas"),
    ],
    ids=["utf-16", "utf-16-no-bom", "xlsx", "tabs", "semicolons"],
)
def test_import_acled_says_what_a_file_that_is_no_csv_is(tmp_path, data, expected):
    source = tmp_path / "export.csv"
    source.write_bytes(data)
    result = cli("import", "acled", str(source), "-o", str(tmp_path / "out.yaml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{source}{expected}") and result.stderr.count("\n") == 1, result.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_the_explorer_line_counts_the_other_problems(capsys):
    from tui.cli.output import print_problem_line

    print_problem_line(TimelineError([Problem("t.yaml", 3, 1, "first"), Problem("t.yaml", 9, 2, "second")]), "my file.yaml")
    assert capsys.readouterr().err == "t.yaml:3:1: first (1 more problem: `syria-timeline validate 'my file.yaml'` lists them all)\n"
    many = TimelineError([Problem("t.yaml", n, 1, f"problem {n}") for n in range(1, 80)])  # capped at MAX_PROBLEMS
    print_problem_line(many, "t.yaml")
    assert capsys.readouterr().err == "t.yaml:1:1: problem 1 (49+ more problems: `syria-timeline validate t.yaml` lists the first 50)\n"
    print_problem_line(TimelineError([Problem("t.yaml", 0, 0, "is a folder")]), "t.yaml")
    assert capsys.readouterr().err == "t.yaml: is a folder\n"
