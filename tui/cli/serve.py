"""`syria-timeline serve [FILE]`: the explorer in a browser, for readers without a terminal.

    syria-timeline serve [FILE] [--host 127.0.0.1] [--port 8000] [--public-url URL]
                         [--max-sessions 20] [--state] [start options: --actor, --goto, --bidi, ...]

Each browser tab gets its own app process on the same file (textual-serve, the `web` extra),
started as `python -c ... --served ...` (this package, whatever the working folder holds) with
the same start options. The file and the options are checked once, here, so a mistake prints
one line instead of breaking every session.
Safe by default: it listens on 127.0.0.1 only, caps concurrent sessions, and the sessions
write no state (bookmarks, last filters) unless `--state` is given. No Textual here.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from .. import bidi
from ..opening import open_timeline

INSTALL_HINT = "serving to a browser needs the web extra: pip install 'syria-timeline[web]'"
SERVED_FLAG = "--served"  # set by serve on the child's command line: see tui/cli/app_command.py
SERVED_STATE_FLAG = "--served-state"
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"  # what textual-serve sets in TEXTUAL_DRIVER


def parser() -> argparse.ArgumentParser:
    from .options import add_filter_options
    from .options import parser as command_parser

    p = command_parser(
        "serve",
        "Serve the explorer to web browsers (one app process per tab, on the same file). "
        "Listens on 127.0.0.1 unless --host says otherwise; to serve a group, put it behind a reverse "
        "proxy with TLS (README, 'In a browser').",
    )
    p.add_argument("path", nargs="?", help="timeline YAML file (default: the built-in timeline)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--public-url", metavar="URL", help="the address readers use, when behind a reverse proxy (e.g. https://timeline.example.org)")
    p.add_argument("--max-sessions", type=int, default=20, metavar="N", help="browser tabs served at once (default 20); more get a 'full' page")
    p.add_argument("--state", action="store_true", help="let sessions keep bookmarks and filters in this user's state folder (shared by all sessions; default: nothing is written)")
    group = p.add_argument_group("every session starts with")
    group.add_argument("--ansi", action="store_true", help="the terminal's own colours (ansi-dark theme)")
    group.add_argument("--no-mouse", action="store_true", help="do not capture the mouse")
    group.add_argument("--bidi", choices=bidi.MODES, default="on", help="right-to-left text shaped and ordered for display (default on: the browser terminal does not)")
    group.add_argument("--goto", metavar="DATE", help="the cursor on the first event on or after DATE")
    add_filter_options(p, "and with these filters (they combine with AND)")
    return p


# Not `-m tui`: that puts the working folder first on sys.path, so serve started from inside
# another checkout (or any folder holding a `tui`) would run that code in its sessions.
CHILD_CODE = "import sys; sys.path[0] = sys.argv.pop(1); from tui.cli import entry; entry()"
PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding the `tui` package


def child_argv(args: argparse.Namespace, path: str) -> list[str]:
    """The app's command line in each session: this package, the same file and start options."""
    argv = [sys.executable, "-c", CHILD_CODE, PACKAGE_ROOT, SERVED_FLAG]
    if args.state:
        argv.append(SERVED_STATE_FLAG)
    argv += ["--bidi", "on" if args.bidi == "auto" else args.bidi]  # auto: the browser's terminal does no bidi
    for flag in ("ansi", "no_mouse", "all_actors"):
        if getattr(args, flag):
            argv.append("--" + flag.replace("_", "-"))
    for name in ("actor", "tag", "place"):
        for value in getattr(args, name):
            argv += [f"--{name}", value]
    for flag, value in (("--from", args.date_from), ("--to", args.date_to), ("--search", args.search), ("--goto", args.goto)):
        if value:
            argv += [flag, value]
    return argv + ["--", path]


def run(argv: list[str]) -> int:
    """Errors are raised for the dispatcher (tui/cli/__init__.py) to print as one line."""
    from .options import build_filters, parse
    from .output import CommandError, timeline_path

    args = parse(parser(), argv)
    try:
        from ..web.server import serve
    except ImportError:
        raise CommandError(INSTALL_HINT) from None
    if not 0 < args.port < 65536:
        raise CommandError(f"serve: --port {args.port} is not a port; use 1-65535, e.g. --port 8000")
    if args.max_sessions < 1:
        raise CommandError("serve: --max-sessions must be at least 1")
    if args.public_url and not args.public_url.startswith(("http://", "https://")):
        raise CommandError(f"serve: --public-url {args.public_url!r} must start with https:// (or http://)")
    given = timeline_path(args.path, no_stdin="each browser session reads the file again")
    timeline = open_timeline(given)  # checked once here (and cached for the sessions); errors name the file as given
    path = os.path.abspath(given)  # the sessions' (the cache knows a file by its absolute path)
    try:
        build_filters(timeline, args)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    from ..web.server import is_loopback

    url = args.public_url or f"http://{'127.0.0.1' if args.host in ('127.0.0.1', '0.0.0.0') else args.host}:{args.port}/"
    where = "this machine only" if is_loopback(args.host) else f"anyone who can reach {args.host}: put it behind TLS for a group (README)"
    announce = (
        f"syria-timeline: serving {path} ({len(timeline.events)} events) at {url}\n"
        f"  listening on {args.host}:{args.port} ({where}); at most {args.max_sessions} sessions; "
        f"{'sessions keep state' if args.state else 'sessions write no state'}. Ctrl+C stops."
    )
    try:
        serve(shlex.join(child_argv(args, path)), host=args.host, port=args.port, title=timeline.title or "syria-timeline",
              public_url=args.public_url.rstrip("/") if args.public_url else None, max_sessions=args.max_sessions,
              announce=announce)
    except OSError as exc:
        raise CommandError(f"serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}; choose another --port or --host") from None
    return 0


def served_child(args: argparse.Namespace) -> bool:
    """Whether this app process is a session of `serve` (and not a terminal run): the hidden
    flag serve puts on the command line, and textual-serve's web driver in the environment.
    Raises ValueError when the flag is given by hand."""
    if not getattr(args, "served", False):
        return False
    if os.environ.get("TEXTUAL_DRIVER") != WEB_DRIVER:
        raise ValueError(f"{SERVED_FLAG} is for the sessions of `syria-timeline serve`; run `syria-timeline serve` instead")
    return True
