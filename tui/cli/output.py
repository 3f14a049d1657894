"""What the commands write: to the terminal, to stderr, and to files. No Textual here.

- `term(text)` is the one function that makes a string from outside (a path, a name, a
  message quoting a file) safe for the terminal; every line below goes through it.
- `out` / `out_fields` write lines of data to stdout; `Style` adds our own colour codes.
- `err` writes the one-line `syria-timeline: ...` error; `print_problems` the located
  problems of a timeline (or an import), capped, saying when it stopped.
- `emit` writes a document to stdout as UTF-8 bytes; `write_output` writes it to a file,
  atomically (the one writer of the command line).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import sys
import tempfile
import unicodedata
from typing import Sequence

from ..safetext import clean

PROG = "syria-timeline"


class CommandError(Exception):
    """A problem the user can fix; printed as one line."""


class Exit(Exception):
    """Leave a command with this status (after argparse printed --help, say)."""

    def __init__(self, code: int):
        self.code = code


def timeline_path(given: str | None, *, no_stdin: str = "") -> str:
    """The timeline file a command reads: the one given, or the built-in one when none is. An
    empty one (`--file "$UNSET"`) is refused rather than read as "none given". `-` is standard
    input (`curl … | syria-timeline validate -`), read as a pipe is, unless `no_stdin` says why
    it cannot be (the explorer reads its keys there)."""
    if given is None:
        from ..timeline_file import builtin_path

        return builtin_path()
    if not given:
        raise CommandError("the timeline path given is empty; give a file's path, or none for the built-in timeline")
    if given == "-":
        if no_stdin:
            raise CommandError(f"'-' (standard input) cannot be the timeline here: {no_stdin}; save it to a file and give its path")
        if not os.path.exists("/dev/stdin"):
            raise CommandError("'-' (standard input) cannot be read as a timeline on this system; save it to a file and give its path")
        return "/dev/stdin"
    return given


def term(text: object, multiline: bool = False) -> str:
    """`text` made safe for the terminal: controls, escapes and bidi overrides neutralised.

    The one cleaning step for everything from outside (file names, timeline text, messages
    quoting either) before it is printed."""
    return clean(str(text), multiline=multiline)


# --------------------------------------------------------------------------- stderr


def err(message: str) -> None:
    """The one-line error: `syria-timeline: message` on stderr."""
    sys.stderr.write(f"{PROG}: {term(message)}\n")
    sys.stderr.flush()


def note(message: str) -> None:
    """A one-line report on stderr (`syria-timeline: wrote ...`), never on stdout."""
    err(message)


def note_line(line: str) -> None:
    """A line of its own on stderr (a located warning, `path:line:col: warning: ...`)."""
    sys.stderr.write(term(line) + "\n")
    sys.stderr.flush()


def print_problems(error, limit: int | None = None) -> None:
    """Every located problem of a TimelineError, one a line, at most `limit` (the loader's cap)."""
    from ..timeline_file import MAX_PROBLEMS

    limit = limit or MAX_PROBLEMS
    for problem in error.problems[:limit]:
        sys.stderr.write(term(problem) + "\n")
    if len(error.problems) >= limit:
        sys.stderr.write(f"(stopped after {limit} problems; fix these and run again)\n")
    sys.stderr.flush()


def print_problem_line(error, path: str) -> None:
    """The explorer's one line for a file that does not load: its first problem (the earliest in
    the file), and how many more there are, which `validate` lists."""
    import shlex

    first = term(error.problems[0] if error.problems else error)
    more = len(error.problems) - 1
    if more > 0:
        from ..timeline_file import MAX_PROBLEMS

        capped = len(error.problems) >= MAX_PROBLEMS
        count = f"{more}{'+' if capped else ''} more problem{'s' if more != 1 else ''}"
        lists = f"lists the first {MAX_PROBLEMS}" if capped else "lists them all"
        first += f" ({count}: `{PROG} validate {term(shlex.quote(str(path)))}` {lists})"
    sys.stderr.write(first + "\n")
    sys.stderr.flush()


# --------------------------------------------------------------------------- stdout


class Styled(str):
    """A piece of output that already carries our own ANSI codes (its text was cleaned)."""


class Style:
    """ANSI codes for our own labels and dates, or nothing at all."""

    def __init__(self, color: bool):
        self.color = color

    def _wrap(self, code: str, text: str) -> str:
        text = term(text)
        return Styled(f"\x1b[{code}m{text}\x1b[0m") if self.color else text

    def date(self, text: str) -> str:
        return self._wrap("36", text)

    def label(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)


def is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def style_for(mode: str) -> Style:
    """`--color auto|always|never`: auto colours only a terminal, never with NO_COLOR or TERM=dumb."""
    if mode == "always":
        return Style(True)
    if mode == "never":
        return Style(False)
    return Style(is_tty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb")


def columns() -> int:
    return max(40, shutil.get_terminal_size((100, 24)).columns)


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def cell_width(text: str) -> int:
    """Terminal cells `text` takes (wide East Asian characters take two, marks none)."""
    return sum(_char_width(ch) for ch in text)


def fit(text: str, width: int) -> str:
    """`text` cut to `width` cells with an ellipsis, then padded to exactly `width`."""
    if width <= 0:
        return ""
    if cell_width(text) > width:
        out, used = [], 0
        for ch in text:
            w = _char_width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (width - cell_width(text))


def out_fields(fields: Sequence[str]) -> None:
    """One tab-separated record; each field on one line with no tabs of its own (so `cut -f` works)."""
    sys.stdout.write("\t".join(term(field) for field in fields) + "\n")


def out(*parts: str) -> None:
    """Write one line: data is neutralised here; only our own Styled codes pass."""
    sys.stdout.write("".join(p if isinstance(p, Styled) else term(p, multiline=True) for p in parts) + "\n")


def emit(text: str) -> None:
    """Write an export document to stdout as UTF-8 bytes (keeps CRLF as written)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


# --------------------------------------------------------------------------- files


def _mode_for(path: str) -> int:
    """The permissions of a file written at `path`: those of the file it replaces when that is a
    regular file of the user's own, else the usual ones (0666 less the umask). Never those of a
    file or link someone else put there: in a shared folder like /tmp another user could plant
    a world-writable file (or a link to one) and then edit the export the user publishes."""
    try:
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode) and (not hasattr(os, "getuid") or info.st_uid == os.getuid()):
            return info.st_mode & 0o777
    except OSError:
        pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


STREAMS = ("/dev/stdout", "/dev/stderr", "/dev/null", "/dev/tty")
_FD = re.compile(r"/(?:dev|proc/self)/fd/[0-9]+")


def is_stream(path: str) -> bool:
    """Whether `-o path` names a stream to write into, not a file to replace: /dev/stdout,
    /dev/null, a shell's `>(gzip > out.gz)` (/dev/fd/63). Replacing one would put a regular file
    in /dev (as root, until the next boot: every program's /dev/stdout or /dev/null a file)."""
    return path in STREAMS or _FD.fullmatch(path) is not None


def _write_stream(path: str, text: str) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            view = memoryview(text.encode("utf-8"))
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_output(path: str, text: str, protect: Sequence[str] = (), what: str = "timeline") -> None:
    """Write `text` to `path` (or stdout for '-') atomically; never over a file in `protect`
    (the input, called `what` in the message). A stream (`is_stream`) is written into; nothing
    else in /dev (but /dev/shm, a memory folder) or /proc is replaced or written."""
    if path == "-":
        emit(text)
        return
    if is_stream(path):
        _write_stream(path, text)
        return
    where = os.path.abspath(path)
    if where.startswith("/proc/") or (where.startswith("/dev/") and not where.startswith("/dev/shm/") and os.path.lexists(path)):
        raise CommandError(f"{path} is not a file; give a file name (or -o - for the standard output)")
    for other in protect:
        try:
            if other and os.path.exists(path) and os.path.samefile(path, other):
                raise CommandError(f"{path} is the {what} being read; write to another file")
        except OSError:
            pass
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise CommandError(f"{path} is a folder; give a file name")
    if not os.path.isdir(folder):
        raise CommandError(f"cannot write {path}: the folder {folder} does not exist")
    try:
        handle, temp = tempfile.mkstemp(prefix=".syria-timeline-", dir=folder)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(text.encode("utf-8"))
            os.chmod(temp, _mode_for(path))
            os.replace(temp, path)
        except BaseException:
            if os.path.exists(temp):
                os.unlink(temp)
            raise
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
