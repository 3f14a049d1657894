"""`syria-timeline [PATH] [options]`: start the explorer. Textual is imported only here, and
only once the arguments and the file have been checked."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from ..timeline_file import TimelineError
from ..opening import open_timeline as load
from ..model import Timeline
from ..safetext import clean
from .output import CommandError
from .output import err as _err
from .output import print_problem_line, timeline_path

if TYPE_CHECKING:
    import argparse

KEYS_HELP = """\
keys (in the app; ? shows them all):
  ↑/↓ j/k  PgUp/PgDn  Home/End g/G   move       [ ] previous/next year, { } era
  Space/b  ctrl+d/ctrl+u   page, half a page    i  the detail pane off/on
  Enter  open event (Esc/q back, Tab related)   a actors  t tags  p places  d dates
  c  clear filters   x  remove one filter       ctrl+f filters off/on, backspace undo
  /  search, n/N next/previous hit              & keep only the hits (again: all)
  :  go to a date    z/Z zoom the strip         v  the map (Tab moves into it)
  m bookmark, ' list, u/U next/prev             y  copy citation (OSC 52), Y a URL
  ctrl+p palette   ? help   q quit   ctrl+z suspend (fg resumes)
"""

COMMANDS_HELP = """
commands (each has --help; all but import take --file PATH, default the built-in timeline):
  syria-timeline validate [PATH]             check a timeline file
  syria-timeline list [FILTERS] [--search TEXT] [--format text|md|json|csv]
                                             one event per line (plain when piped)
  syria-timeline show ID [--format text|md|json]
                                             one event in full: text, claims, sources
  syria-timeline actors|places|tags [FILTERS]
                                             the registry with event counts
  syria-timeline export --format md|json|csv|ics|timelinejs -o FILE [FILTERS]
                                             write the (filtered) timeline; -o - for stdout
  syria-timeline import acled FILE.csv -o timeline.yaml
                                             convert an ACLED export into a timeline
  syria-timeline schema [-o FILE]            the JSON Schema of the timeline format
  syria-timeline serve [PATH] [--host H] [--port N]
                                             the explorer in web browsers (the web extra)
  FILTERS: --actor A (repeatable) [--all-actors] --tag T --place P --from DATE --to DATE
examples:
  syria-timeline list --actor hts --from 2024 | grep -i aleppo
  syria-timeline export --format ics --tag aleppo -o aleppo.ics
"""


def _app_parser() -> argparse.ArgumentParser:
    import argparse

    from .options import Parser, add_filter_options

    parser = Parser(
        prog="syria-timeline",
        description="Explore a sourced timeline of the Syrian war (2011–2024) in the terminal.",
        epilog=KEYS_HELP + COMMANDS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", nargs="?", help="timeline file: YAML, or its JSON export (.json) (default: the built-in timeline)")
    parser.add_argument("--ansi", action="store_true", help="use the terminal's own colours (ansi-dark theme)")
    parser.add_argument("--no-mouse", action="store_true", help="do not capture the mouse")
    parser.add_argument("--watch", action="store_true", help="reload when the file changes (for curators); errors show in a banner")
    parser.add_argument("--bidi", choices=("auto", "on", "off"), default="on",
                        help="Arabic and other right-to-left text: on (default) shapes and orders it for display, for "
                             "terminals that do not; off leaves it to the terminal; auto is off in mlterm, Konsole and "
                             "VTE terminals. Display only: exports and copies keep the text as written")
    add_filter_options(parser, "start in a state (filters combine with AND)")
    parser.add_argument("--goto", metavar="DATE", help="put the cursor on the first event on or after DATE")
    # set by `syria-timeline serve` on its sessions' command line (tui/cli/serve.py), never by hand
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--served-state", action="store_true", help=argparse.SUPPRESS)
    return parser


@contextmanager
def _drawing_on_the_terminal(served: bool):
    """Textual draws on stderr. With stderr redirected (`syria-timeline 2>log`) and stdout still the
    terminal, draw on stdout instead; the one-line errors after the app still go to the redirected
    stderr (sys.stderr)."""
    if served or sys.__stderr__ is None or sys.__stdout__ is None or sys.__stderr__.isatty() or not sys.__stdout__.isatty():
        yield
        return
    saved = sys.__stderr__
    setattr(sys, "__stderr__", sys.__stdout__)
    try:
        yield
    finally:
        setattr(sys, "__stderr__", saved)


def no_arguments() -> argparse.Namespace:
    """What `_app_parser().parse_args([])` gives (tests/test_cli_habits.py holds them equal): the
    usual start, with no arguments, builds no parser (argparse and the parser are 2 ms of it)."""
    return cast("argparse.Namespace", SimpleNamespace(path=None, ansi=False, no_mouse=False, watch=False, bidi="on", actor=[], all_actors=False, tag=[],
                           place=[], date_from=None, date_to=None, search="", goto=None, served=False, served_state=False))


def run_app(argv: list[str]) -> int:
    served = False
    if not argv:
        args = no_arguments()
    else:
        try:
            args = _app_parser().parse_args(argv)
        except CommandError as exc:  # one line, as the commands' own (not argparse's usage block)
            _err(str(exc))
            return 2
        from .serve import served_child

        try:
            served = served_child(args)  # a browser session of `serve`: its terminal is the web driver's pipes
        except ValueError as exc:
            _err(str(exc))
            return 2
    try:
        path = timeline_path(args.path, no_stdin="the explorer reads its keys there")  # not "" (an unset variable): that is no path
    except CommandError as exc:
        _err(str(exc))
        return 2
    term = os.environ.get("TERM", "")
    if not served and (not sys.stdout.isatty() or not sys.stdin.isatty()):
        _err("the explorer needs an interactive terminal; for plain text use `syria-timeline list` (or the other pipe-friendly commands)")
        return 2
    if not served and term in ("dumb", "unknown"):
        _err(f"TERM={term} cannot show the explorer; set TERM=xterm-256color (or run it in tmux/screen)")
        return 2
    needs_start = any((args.actor, args.tag, args.place, args.date_from, args.date_to, args.search, args.goto))
    from ..opening import open_early

    # Before Textual is imported and the screen taken: a file in the parse cache (0.1-0.2 s for
    # 100,000 events) or a small file (parsed) is loaded now, so the app paints once, with the
    # list, and a broken file prints its problem plainly, never flashing the full-screen app; a
    # big file is checked cheaply and loads in the app, behind its progress screen.
    try:
        cached = open_early(path, said=_err)
    except TimelineError as exc:
        if not args.watch or needs_start or not os.path.isfile(path):  # a pipe cannot be fixed, nor read again
            print_problem_line(exc, path)
            return 2
        cached = None  # --watch: the curator is editing it; the app says what to fix and waits

    from ..app import StartOptions, TimelineApp
    from ..state import State

    start = None
    source: str | Timeline = cached if cached is not None else path
    if needs_start:
        try:
            timeline = cached if cached is not None else load(path)
            from .options import build_filters

            filters = build_filters(timeline, args)
        except TimelineError as exc:
            print_problem_line(exc, path)
            return 2
        except ValueError as exc:
            _err(str(exc))
            return 2
        start = StartOptions(filters=filters, goto=args.goto or "", search=args.search or "", explicit=True)
        source = timeline
    from ..bidi import resolve as bidi_mode

    state = None if served and not args.served_state else State()  # sessions write nothing unless `serve --state`
    from ..symbols import for_locale

    app = TimelineApp(source, ansi=args.ansi, start=start, state=state, watch=args.watch, bidi=bidi_mode(args.bidi), symbols=for_locale())
    app.crash_reports = not served  # a session's unexpected error goes to serve's log, not to a file
    with _drawing_on_the_terminal(served):
        app.run(mouse=not args.no_mouse)
    if app.load_error is not None:
        print_problem_line(app.load_error, path)
        return 2
    if app.crash_error is not None:
        from ..crash import summary

        where = f"the full report is in {clean(app.crash_report)}" if app.crash_report else "no report could be written"
        _err(f"unexpected error ({clean(summary(app.crash_error))}); bookmarks and filters are kept; {where}. Please report it.")
        return 1
    return app.return_code or 0
