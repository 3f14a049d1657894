"""The hostile corpus: every case ends in a located error or a safe, bounded rendering.

The cases are tests/hostile/*.yaml plus the big, binary and byte-exact files that
tests/hostile/make_corpus.py writes at test time; tests/hostile/EXPECTED says what each
must get. Errors are checked through the real command (`python -m tui validate`), renders
through the app (headless, 80x24: main screen, event screen, actor picker), and one case
through the installed command in a pseudo-terminal, byte by byte.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HOSTILE = Path(__file__).parent / "hostile"
sys.path.insert(0, str(HOSTILE))

import make_corpus  # noqa: E402
from screen_check import assert_no_controls, render_file, shows  # noqa: E402

from tui.timeline_file import TimelineError, load  # noqa: E402
from tui.timeline_file.problems import location  # noqa: E402

SCREENS = ("main", "event", "picker")
# what may never appear in anything the program prints about a hostile file
FORBIDDEN_OUTPUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Case:
    name: str
    outcome: str  # "error" | "render"
    checks: list[tuple[str, str]] = field(default_factory=list)  # (LINE:COL or screen, fragment)


def read_expected() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for number, line in enumerate((HOSTILE / "EXPECTED").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(maxsplit=3)
        assert len(parts) == 4, f"EXPECTED:{number}: want CASE OUTCOME WHERE FRAGMENT"
        name, outcome, where, fragment = parts
        assert outcome in ("error", "render"), f"EXPECTED:{number}: outcome is error or render"
        if outcome == "error":
            assert re.fullmatch(r"\d+:\d+", where), f"EXPECTED:{number}: errors give LINE:COL"
        else:
            assert where in SCREENS, f"EXPECTED:{number}: screen is one of {SCREENS}"
        case = cases.setdefault(name, Case(name, outcome))
        assert case.outcome == outcome, f"EXPECTED:{number}: {name} is both error and render"
        if fragment.strip() != "-":
            case.checks.append((where, fragment.strip()))
    return cases


EXPECTED = read_expected()
ERRORS = sorted(name for name, case in EXPECTED.items() if case.outcome == "error")
RENDERS = sorted(name for name, case in EXPECTED.items() if case.outcome == "render")


WORKERS = max(2, min(4, os.cpu_count() or 2))


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    folder = make_corpus.build(tmp_path_factory.mktemp("hostile"))
    yield folder
    make_corpus.cleanup(folder)


def validate(path: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui", "validate", path], capture_output=True, text=True, timeout=120,
        encoding="utf-8", errors="replace",
    )


@pytest.fixture(scope="session")
def outcomes(corpus):
    """Start every check at once, in parallel (the tests then read their own result):
    `validate` subprocesses for the error cases, app renders in worker processes for the others."""
    threads = ThreadPoolExecutor(WORKERS)
    processes = ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn"))
    # the slowest renders first, so that the workers finish together
    order = sorted(RENDERS, key=lambda name: name not in ("actors-5000.yaml", "sources-5000.yaml", "big-50mb-comments.yaml"))
    futures = {name: processes.submit(render_file, str(corpus / name)) for name in order}
    futures.update({name: threads.submit(validate, str(corpus / name)) for name in ERRORS})
    yield futures
    threads.shutdown(cancel_futures=True)
    processes.shutdown(cancel_futures=True)


def command() -> list[str]:
    installed = shutil.which("syria-timeline")
    return [installed] if installed else [sys.executable, "-m", "tui"]


def test_every_case_has_an_expected_outcome():
    names = {p.name for p in make_corpus.committed()} | set(make_corpus.GENERATED)
    assert names == set(EXPECTED), (names - set(EXPECTED), set(EXPECTED) - names)
    assert len(names) >= 30
    assert len(ERRORS) >= 15 and len(RENDERS) >= 15


def test_committed_files_are_small_and_plain():
    """Only small text files are committed; anything big or byte-exact is generated."""
    for path in make_corpus.committed():
        data = path.read_bytes()
        assert len(data) < 4096, path.name
        assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", data), f"{path.name} holds a raw control byte"
        data.decode("utf-8")


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("name", ERRORS)
def test_error_case(name, corpus, outcomes):
    case = EXPECTED[name]
    if name == "unreadable.yaml" and os.geteuid() == 0:
        pytest.skip("root can read any file")
    path = str(corpus / name)
    result = outcomes[name].result()
    assert result.returncode == 2, (result.stdout, result.stderr[:2000])
    assert "Traceback" not in result.stderr
    assert "PWNED" not in result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines, "no problem printed"
    assert re.match(r"^.+: \S", lines[0]), lines[0]
    bad = FORBIDDEN_OUTPUT.search(result.stderr)
    assert bad is None, f"control {bad.group()!r} printed: {result.stderr[:500]!r}"
    for n, (where, fragment) in enumerate(case.checks):
        line, col = map(int, where.split(":"))
        prefix = f"{location(path, line, col)}: "  # 0:0 is the file as a whole: `path: ...`
        if n == 0:
            assert lines[0].startswith(prefix) and fragment in lines[0], (prefix, fragment, lines[0])
        else:
            assert any(line.startswith(prefix) and fragment in line for line in lines), (prefix, fragment, lines)


def test_problem_report_is_capped(outcomes):
    lines = outcomes["problems-1000.yaml"].result().stderr.splitlines()
    assert len(lines) == 51
    assert lines[-1].startswith("(stopped after 50 problems")


def test_python_tags_never_run(corpus, tmp_path):
    """Even through the library, tagged Python objects are refused, not constructed."""
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f'!!python/object/apply:os.system ["touch {marker}"]\n')
    with pytest.raises(TimelineError):
        load(path)
    assert not marker.exists()


def test_deep_nesting_without_libyaml(monkeypatch, corpus):
    """The pure-Python loader (no libyaml) stops deep nesting at a located error, not a RecursionError."""
    from tui.timeline_file import pyyaml_reader

    pyyaml_reader.load_yaml()
    monkeypatch.setattr(pyyaml_reader, "_Loader", pyyaml_reader._PureLoader)
    for name in ("deep-nesting-flow.yaml", "deep-nesting-mapping.yaml", "deep-nesting-block.yaml"):
        with pytest.raises(TimelineError) as info:
            load(corpus / name)
        problem = info.value.problems[0]
        assert problem.line > 0 and problem.col > 0 and "nested too deeply" in problem.message, problem
    with pytest.raises(TimelineError, match="not allowed"):
        load(corpus / "python-object.yaml")
    assert len(load(corpus / "ctrl-c0.yaml").events) == 1


def test_special_files(tmp_path):
    """Devices and pipes are read with a bound: /dev/zero is binary, not an endless read."""
    with pytest.raises(TimelineError, match="binary"):
        load("/dev/zero")
    with pytest.raises(TimelineError, match="empty"):
        load("/dev/null")


# --------------------------------------------------------------------------- renders


@pytest.mark.parametrize("name", RENDERS)
def test_render_case(name, outcomes):
    """Loads, then the app (80x24) shows main screen, event screen and actor picker safely."""
    case = EXPECTED[name]
    screens = outcomes[name].result()  # an exception in the worker is raised here, with its traceback
    assert set(screens) >= {"main", "picker"}
    for screen, (_, raw) in screens.items():
        assert_no_controls(raw, f"{name} {screen}")
    for screen, fragment in case.checks:
        text = screens[screen][0]
        assert shows(text, fragment), f"{name}: {fragment!r} not on the {screen} screen:\n{text}"


# --------------------------------------------------------------------------- a real terminal

HOSTILE_TERMINAL = '''\
version: 1
actors:
  a: {name: "Bell\\a\\a actor \\e]52;c;ZWNobyBwd25lZAo=\\a", short: "[bold]A[/bold]"}
events:
  - id: one
    date: 2016-12-22
    title: "Visible start \\e]52;c;ZWNobyBwd25lZAo=\\a\\e]8;;file:///etc/passwd\\e\\\\link\\e]8;;\\e\\\\ \\a\\b\\x9b31m end"
    actors: [a]
    text: "Text \\e]52;c;ZWNobyBwd25lZAo=\\e\\\\ and \\e[2J\\e[H and \\a\\a\\a [link=file:///etc/passwd]x[/link]"
    claims: [{by: a, says: "\\e]8;;https://evil.example\\e\\\\click\\e]8;;\\e\\\\"}]
    sources: [{publisher: "Wire\\a", url: "https://example.org/\\e]52;c;ZWNobyBwd25lZAo=\\a"}]
'''


@pytest.mark.terminal
def test_real_terminal_gets_no_control_sequence_from_data(tmp_path):
    from ptyterm import Term

    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE_TERMINAL, encoding="utf-8")
    assert load(path).events[0].title.startswith("Visible start ␛]52;")
    term = Term(command() + [str(path)], 80, 24)
    try:
        assert term.wait_for("Visible start"), term.text()
        term.settle()
        term.send("enter")
        assert term.wait_for("says:"), term.text()
        term.settle(0.3)
        term.send("esc")
        term.settle(0.3)
        term.send("a")
        assert term.wait_for("Filter by actor"), term.text()
        term.settle(0.3)
        screen = term.text()
        term.send("esc")
        term.settle(0.3)
        term.send("q")
        assert term.wait_exit() == 0
    finally:
        term.close()
    raw = bytes(term.raw)
    assert b"\x1b]52" not in raw, "OSC 52 clipboard write reached the terminal"
    assert b"\x1b]8;" not in raw, "OSC 8 hyperlink reached the terminal"
    text = raw.decode("utf-8", "replace")
    assert not re.search("[\x80-\x9f]", text), "a C1 control reached the terminal"
    # Textual itself ends its pointer-shape requests (OSC 22) with BEL; no other BEL may appear
    assert b"\x07" not in re.sub(rb"\x1b\]22;[^\x07\x1b]*\x07", b"", raw), "BEL from the data reached the terminal"
    assert b"\x08" not in raw, "backspace reached the terminal"
    assert "Bell␇␇ actor" in screen and "[bold]A[/" in screen, screen  # the row is cut with … to fit, the markup literal
    assert "Visible start ␛]52;c;" in term.text() or "Visible start" in term.text()


async def test_the_output_check_is_not_vacuous():
    """Textual passes raw ESC and C1 from a Text straight to the terminal: without the loader's
    cleaning, hostile strings would get through, and `assert_no_controls` would see them."""
    from rich.text import Text
    from screen_check import dump
    from textual.app import App
    from textual.widgets import Static

    from tui.safetext import clean

    hostile = "a\x1b]52;c;eA==\x07b \x9b31m"

    class Show(App):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

        def compose(self):
            yield Static(Text(self.text))

    async def output(text: str) -> tuple[str, str]:
        app = Show(text)
        async with app.run_test(size=(40, 3)) as pilot:
            await pilot.pause()
            return dump(app)

    _, raw = await output(hostile)
    assert "\x1b]52" in raw
    with pytest.raises(AssertionError, match="reaches the terminal"):
        assert_no_controls(raw)
    text, raw = await output(clean(hostile))
    assert_no_controls(raw)
    assert "a␛]52;c;eA==␇b �31m" in text


async def test_command_palette_shows_markup_literally(corpus):
    """The palette (ctrl+p) lists actors, places, eras and events: a name "[/]" must not crash it
    (MarkupError) and "[@click=app.quit]" must not become an action."""
    from screen_check import dump, settle

    from tui.app import TimelineApp

    app = TimelineApp(load(corpus / "markup-actors.yaml"), detail_delay=0.01)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p", *"filter by actor")  # the palette opens on the keymap's actions
        await pilot.pause(0.3)
        assert shows(dump(app)[0], "Filter by actor: [/]")
        await pilot.press("escape", "ctrl+p", *"Actor")
        await pilot.pause(0.3)
        text, raw = dump(app)
        assert_no_controls(raw)
        assert shows(text, "Filter by actor: [bold]Actor[/bold] [@click=app.quit]Q[/]"), text
        assert app.is_running and app.return_code is None
