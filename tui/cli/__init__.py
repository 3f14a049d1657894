"""The `syria-timeline` command line: entry, dispatch, and one module per command.

    syria-timeline [PATH] [--actor ID ...] [--from DATE] [--to DATE] [--search TEXT] [--goto DATE]
    syria-timeline validate|list|show|actors|places|tags|export|import|schema ...

Modules: `output` (the terminal, stderr and the one file writer), `options` (filters and
shared options), `app_command` (starts the explorer: the only place Textual is imported),
and one module per command. Nothing else in the package imports the command line.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module

__all__ = ["main", "entry", "run_app", "build_filters", "_app_parser", "COMMANDS"]

_LAZY = {"run_app": "app_command", "_app_parser": "app_command", "build_filters": "options"}


def __getattr__(name: str):
    """run_app, _app_parser and build_filters, imported when first asked for: `entry` turns the
    garbage collector off before the program's modules are imported (see there)."""
    if name in _LAZY:
        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# command name -> module under tui.cli with `run(argv) -> int`
COMMANDS = {
    "validate": "validate",
    "list": "listing",
    "show": "show",
    "actors": "registries",
    "places": "registries",
    "tags": "registries",
    "export": "export",
    "import": "importing",
    "schema": "schema",
    "serve": "serve",  # the explorer in web browsers (the web extra)
}


def run(name: str, argv: list[str]) -> int:
    """Run one command; returns the exit status (0 ok, 2 for any problem the user can fix)."""
    from ..cache import CacheDamaged
    from ..timeline_file import TimelineError
    from .output import CommandError, Exit, err, print_problems

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]  # not every TextIO has it: AttributeError
        except (AttributeError, ValueError):
            pass
    module = import_module(f"{__name__}.{COMMANDS[name]}")
    command = getattr(module, f"run_{name}", None) or module.run
    _collect_again()
    try:
        return command(list(argv))
    except Exit as exc:
        return exc.code
    except CommandError as exc:
        err(str(exc))
        return 2
    except TimelineError as exc:
        print_problems(exc)
        return 2
    except CacheDamaged as exc:  # a cached timeline's block that went bad while in use
        err(f"{exc.path or 'timeline'}: its parse-cache entry was damaged and has been removed; run the command again")
        return 2


def _mistyped_command(word: str) -> str | None:
    """`lst` is a command mistyped, not a timeline file: the command it is close to (no file by
    that name, no folder or extension in it)."""
    import difflib

    if word.startswith("-") or os.sep in word or "." in word or os.path.exists(word):
        return None
    close = difflib.get_close_matches(word.lower(), COMMANDS, n=1, cutoff=0.6)
    return close[0] if close else None


def _collect_again() -> None:
    """The collector back on (see `entry`), with what start-up made set aside for good."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _keys_as_typed() -> list | None:
    """Before the explorer's modules are imported: the terminal stops editing lines (no ICANON)
    and stops echoing, so keys typed while the program starts reach the app as typed (a
    backspace, ctrl+u or ctrl+w is a key for the app, not an edit the kernel makes to the line)
    and are not echoed over the screen. Textual's raw mode comes ~0.2 s later. Returns the
    terminal's settings to restore at the end, or None when stdin or stdout is no terminal."""
    try:
        import termios

        fd = sys.stdin.fileno()
        if not (os.isatty(fd) and os.isatty(sys.stdout.fileno())):
            return None
        before = termios.tcgetattr(fd)
        mode = termios.tcgetattr(fd)
        mode[3] &= ~(termios.ICANON | termios.ECHO)  # local modes; signals (ctrl+c) stay on until Textual's raw mode
        mode[6][termios.VMIN], mode[6][termios.VTIME] = 1, 0
        termios.tcsetattr(fd, termios.TCSANOW, mode)
        return before
    except (ImportError, OSError, ValueError, AttributeError):
        return None
    except Exception:  # termios.error
        return None


def _restore_terminal(before: list | None) -> None:
    """The terminal's settings as they were before `_keys_as_typed` (Textual restores what it found,
    which is ours)."""
    if before is None:
        return
    try:
        import termios

        termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, before)
    except Exception:  # OSError, ValueError, termios.error: the terminal is gone
        pass


def main(argv: list[str] | None = None) -> int:
    from ..cache import CacheDamaged
    from .output import err

    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            return run(argv[0], argv[1:])
        mistyped = _mistyped_command(argv[0]) if argv else None
        if mistyped:
            err(f"no command or file '{argv[0]}'; did you mean `syria-timeline {mistyped}`? (`syria-timeline --help` lists the commands)")
            return 2
        before = _keys_as_typed()
        try:
            from .app_command import run_app

            return run_app(argv)
        finally:
            _restore_terminal(before)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader (head, less) went away: stop quietly, and keep Python from
        # complaining when it flushes stdout on the way out
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 0
    except CacheDamaged as exc:  # a cached timeline's block that went bad while in use
        err(f"{exc.path or 'timeline'}: its parse-cache entry was damaged and has been removed; run the command again")
        return 2


def entry() -> None:
    # Start-up makes tens of thousands of objects that live as long as the program (modules,
    # classes, styles, widgets): the collector walking them again and again costs the explorer
    # about a tenth of its time to the first paint. It is off until then (the app turns it back
    # on, tui/app.py), and for a command until it starts its work.
    import gc

    gc.disable()
    sys.exit(main())
