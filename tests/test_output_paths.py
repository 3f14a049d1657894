"""Every string from outside is cleaned before it reaches the terminal (issue 15 item 4).

A file name carrying terminal escapes (a title change, an OSC 52 clipboard write, a colour, a
bidi override, a line break) goes through every command and every message that names a path:
ok lines, "wrote ... to" lines, located problems and warnings, one-line errors, and the
terminal (pty) output of every command. Nothing may reach stdout or stderr raw.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys

import pytest

from tui.cli import COMMANDS
from tui.cli.output import term

from conftest import MINI, ROOT
from test_commands import run_in_pty

EVIL = "evil\x1b]0;owned\x07\x1b]52;c;ZWNobyBvd25lZA==\x07\x1b[31m\x9b2J\u202etxt.\n"
# C0 (but tab and newline), DEL, C1, bidi overrides and isolates
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ACLED = "event_id_cnty,event_date,actor1,location,latitude,longitude,notes\nE1,2024-12-01,A,Here,1,1,x\nE1,2024-12-02,A,Here,2,2,y\n"


def run(*args: str, cwd) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, cwd=cwd, env=env | {"PYTHONPATH": str(ROOT)},
    )


@pytest.fixture
def evil(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    good = folder / f"{EVIL}.yaml"
    shutil.copy(MINI, good)
    bad = folder / f"{EVIL}bad.yaml"
    bad.write_text("version: 1\nevents:\n  - {id: x}\n", encoding="utf-8")
    source = folder / f"{EVIL}.csv"
    source.write_text(ACLED, encoding="utf-8")
    return folder, good.name, bad.name, source.name


CASES = {
    # command: (argv with {good} {bad} {csv} {out} {missing} placeholders, expected status)
    "validate ok": (["validate", "{good}"], 0),
    "validate problems": (["validate", "{bad}"], 2),
    "validate missing": (["validate", "{missing}"], 2),
    "list": (["list", "--file", "{good}"], 0),
    "list bad file": (["list", "--file", "{bad}"], 2),
    "show": (["show", "nusra-2013", "--file", "{good}"], 0),
    "show unknown id": (["show", "{missing}", "--file", "{good}"], 2),
    "actors": (["actors", "--file", "{good}"], 0),
    "places": (["places", "--file", "{good}", "--format", "csv"], 0),
    "tags": (["tags", "--file", "{missing}"], 2),
    "export wrote": (["export", "--format", "md", "--file", "{good}", "-o", "{out}.md"], 0),
    "export no folder": (["export", "--format", "md", "--file", "{good}", "-o", "{missing}/x.md"], 2),
    "export over input": (["export", "--format", "json", "--file", "{good}", "-o", "{good}"], 2),
    "export unknown tag": (["export", "--format", "md", "--file", "{good}", "--tag", "{missing}"], 2),
    "import wrote and warned": (["import", "acled", "{csv}", "-o", "{out}.yaml"], 0),
    "import exists": (["import", "acled", "{csv}", "-o", "{good}"], 2),
    "import missing": (["import", "acled", "{missing}"], 2),
    "import to stdout": (["import", "acled", "{csv}"], 0),
    "schema wrote": (["schema", "-o", "{out}.json"], 0),
    "serve bad file": (["serve", "{bad}", "--port", "1"], 2),  # checked before anything listens
    "serve missing": (["serve", "{missing}"], 2),
    "serve bad option value": (["serve", "{good}", "--actor", "{missing}"], 2),
    "app without a terminal": (["{good}"], 2),
    "bad option value": (["list", "--file", "{good}", "--actor", "{missing}"], 2),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_file_name_never_reaches_the_terminal_raw(evil, name):
    folder, good, bad, source = evil
    argv, status = CASES[name]
    values = {"good": good, "bad": bad, "csv": source, "out": f"out-{EVIL}", "missing": f"missing-{EVIL}"}
    result = run(*[arg.format(**values) for arg in argv], cwd=folder)
    stdout, stderr = result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")
    assert result.returncode == status, stderr
    assert "Traceback" not in stderr
    assert not FORBIDDEN.search(stdout.replace("\r\n", "\n")), (name, stdout[:500])  # CSV lines end in CRLF
    assert not FORBIDDEN.search(stderr), (name, stderr)
    assert "\x1b" not in stdout + stderr
    if name == "validate ok":
        assert len(stdout.splitlines()) == 1 and "evil␛]0;owned␇" in stdout, stdout
    if (status == 2 or "wrote" in name) and name != "app without a terminal":
        # the path shows, cleaned (the escape as ␛, the line break as a space: one line per
        # message) or quoted as Python does ('\x1b...')
        assert "evil␛]0;owned␇" in stderr or "evil\\x1b]0;owned\\x07" in stderr, stderr
        for line in stderr.splitlines():
            assert line.startswith(("syria-timeline: ", "(stopped", "evil", "missing-")), line


def test_every_command_is_swept():
    swept = {CASES[name][0][0] for name in CASES}
    assert set(COMMANDS) <= swept | {"{good}"}, set(COMMANDS) - swept


def test_one_function_cleans(evil):
    assert term(EVIL) == "evil␛]0;owned␇␛]52;c;ZWNobyBvd25lZA==␇␛[31m�2Jtxt. "


@pytest.mark.parametrize("argv", [
    ["list"], ["show", "nusra-2013"], ["actors"], ["places"], ["tags"], ["validate"],
])
def test_terminal_output_of_every_command_is_clean(evil, argv):
    """On a terminal (colour, alignment): only our own SGR colour codes, nothing from the data."""
    folder, good, _, _ = evil
    path = str(folder / good)
    full = [sys.executable, "-m", "tui", *argv, *(["--file", path] if argv[0] != "validate" else [path])]
    text = run_in_pty(full, cols=120, env={"PYTHONPATH": str(ROOT)})
    without_colour = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert not FORBIDDEN.search(without_colour.replace("\n", "")), without_colour[:500]
    if argv[0] == "validate":
        assert "evil␛]0;owned␇" in without_colour


def test_registry_csvs_are_formula_safe(tmp_path):
    """Cells starting with = + - @ get a leading ' (as in the events CSV); plain numbers stay numbers."""
    path = tmp_path / "formula.yaml"
    path.write_text(
        "version: 1\n"
        "actors: {a: {name: '=HYPERLINK(\"http://x\",\"y\")', short: '+SUM(1)', aliases: ['@cmd', '-2+3']}}\n"
        "places: {p: {name: '-1+1', governorate: '=1', lat: -33.5, lon: -70.25}}\n"
        "events:\n  - {id: e, date: 2016, title: T, actors: [a], places: [p], tags: ['=tag', '@x'], text: x, sources: [{publisher: W}]}\n",
        encoding="utf-8",
    )
    for what in ("actors", "places", "tags"):
        result = run(what, "--file", str(path), "--format", "csv", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        rows = list(csv.reader(io.StringIO(result.stdout.decode("utf-8"))))
        for row in rows[1:]:
            for cell in row:
                if cell[:1] in ("=", "+", "-", "@"):
                    assert re.fullmatch(r"-?[0-9.]+", cell), (what, cell)
        if what == "places":
            assert rows[1][rows[0].index("lat")] == "-33.5" and rows[1][rows[0].index("name")] == "'-1+1"
        if what == "actors":
            assert rows[1][rows[0].index("name")].startswith("'=HYPERLINK")
            assert rows[1][rows[0].index("aliases")] == "'@cmd; -2+3"


@pytest.mark.parametrize("argv", [
    ["export", "--format", "csv"], ["list", "--format", "csv"], ["actors", "--format", "csv"],
    ["places", "--format", "csv"], ["tags", "--format", "csv"],
])
def test_every_csv_of_the_hostile_formula_case_is_safe(argv, tmp_path):
    result = run(*argv, "--file", str(ROOT / "tests/hostile/formula-cells.yaml"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.decode("utf-8"))))
    assert len(rows) >= 2
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "@")) and (not cell.startswith("-") or re.fullmatch(r"-[0-9.]+", cell)), (argv, cell)


def test_an_export_never_takes_the_permissions_of_a_file_someone_else_planted(tmp_path):
    """`export -o /tmp/report.md --force` over a world-writable file (or a link to one) that
    another user put in a shared folder: the new file is the user's with the usual permissions,
    so that user cannot edit the export afterwards; the link's target is untouched. A file of
    the user's own keeps its permissions (a private 0600 report stays private)."""
    folder = tmp_path / "shared"
    folder.mkdir()
    planted = folder / "planted.md"
    planted.write_text("theirs\n", encoding="utf-8")
    os.chmod(planted, 0o666)
    link = folder / "link.md"
    link.symlink_to(planted)
    own = folder / "own.md"
    own.write_text("mine\n", encoding="utf-8")
    os.chmod(own, 0o600)
    targets = [link, own]
    other = folder / "other.md"
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # as root: a file of another uid too
        other.write_text("theirs\n", encoding="utf-8")
        os.chown(other, 65534, 65534)
        os.chmod(other, 0o666)
        targets.append(other)
    for target in targets:
        result = run("export", "--format", "md", "--file", str(MINI), "-o", str(target), "--force", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        info = os.lstat(target)
        assert not os.path.islink(target) and info.st_uid == os.getuid()
        if target == own:
            assert info.st_mode & 0o777 == 0o600
        else:
            assert not info.st_mode & 0o022, oct(info.st_mode)
    assert planted.read_text(encoding="utf-8") == "theirs\n"


def test_o_dev_stdout_writes_into_the_stream_and_nothing_in_dev_is_replaced(tmp_path):
    """`-o /dev/stdout`, `/dev/null`, a shell's `>(...)` (/dev/fd/N) are streams: written into, as
    any program does. They said 'exists; add --force to replace it', and with --force (as root)
    replaced /dev/stdout or /dev/null with a regular file until the next boot. Anything else in
    /dev or /proc is refused in one line."""
    import stat as stat_module

    for argv in (["export", "--format", "csv", "--file", str(MINI)], ["schema"]):
        result = run(*argv, "-o", "/dev/stdout", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(b"id,date" if argv[0] == "export" else b"{"), result.stdout[:80]
        assert b"exists" not in result.stderr
    assert run("export", "--format", "md", "--file", str(MINI), "-o", "/dev/null", cwd=tmp_path).returncode == 0
    assert stat_module.S_ISCHR(os.stat("/dev/null").st_mode)
    if os.path.exists("/dev/full"):
        refused = run("export", "--format", "md", "--file", str(MINI), "-o", "/dev/full", "--force", cwd=tmp_path)
        assert refused.returncode == 2 and b"is not a file" in refused.stderr and refused.stderr.count(b"\n") == 1, refused.stderr
        assert stat_module.S_ISCHR(os.stat("/dev/full").st_mode)
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):  # a memory folder: files are fine there
        target = f"/dev/shm/syria-timeline-test-{os.getpid()}.md"
        try:
            assert run("export", "--format", "md", "--file", str(MINI), "-o", target, cwd=tmp_path).returncode == 0
            assert os.path.isfile(target)
        finally:
            if os.path.exists(target):
                os.unlink(target)
    read, write = os.pipe()  # what `-o >(gzip > out.gz)` hands over: /dev/fd/N, a pipe
    try:
        done = subprocess.run([sys.executable, "-m", "tui", "export", "--format", "csv", "--file", str(MINI), "-o", f"/dev/fd/{write}"],
                              capture_output=True, cwd=tmp_path, pass_fds=(write,), env=os.environ | {"PYTHONPATH": str(ROOT)})
        os.close(write)
        write = -1
        with os.fdopen(read, "rb") as pipe:
            assert pipe.read().startswith(b"id,date"), done.stderr
        read = -1
        assert done.returncode == 0, done.stderr
    finally:
        for fd in (read, write):
            if fd >= 0:
                os.close(fd)
