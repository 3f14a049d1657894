"""`syria-timeline serve [FILE]`: the explorer in a browser, for readers without a terminal.

    syria-timeline serve [FILE] [--host 127.0.0.1] [--port 8000] [--public-url URL]
                         [--max-sessions 20] [--state] [start options: --actor, --goto, --bidi, ...]

Each browser tab gets its own app process on the same file (textual-serve, the `web` extra),
started as `python -m tui --served ...` with the same start options. The file and the options
are checked once, here, so a mistake prints one line instead of breaking every session.
Safe by default: it listens on 127.0.0.1 only, caps concurrent sessions, and the sessions
write no state (bookmarks, last filters) unless `--state` is given. No Textual here.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys

from .. import bidi
from ..timeline_file import TimelineError, builtin_path
from ..loading import open_timeline

INSTALL_HINT = "serving to a browser needs the web extra: pip install 'syria-timeline[web]'"
SERVED_FLAG = "--served"  # set by serve on the child's command line: see tui/cli/app_command.py
SERVED_STATE_FLAG = "--served-state"
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"  # what textual-serve sets in TEXTUAL_DRIVER


def parser() -> argparse.ArgumentParser:
    from .options import add_filter_options

    p = argparse.ArgumentParser(
        prog="syria-timeline serve",
        description="Serve the explorer to web browsers (one app process per tab, on the same file). "
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


def child_argv(args: argparse.Namespace, path: str) -> list[str]:
    """The app's command line in each session: the same file and start options."""
    argv = [sys.executable, "-m", "tui", SERVED_FLAG]
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
    from .options import build_filters
    from .output import err as _err
    from .output import print_problems as _print_problems

    args = parser().parse_args(argv)
    try:
        from ..web.server import serve
    except ImportError:
        _err(INSTALL_HINT)
        return 2
    if not 0 < args.port < 65536:
        _err(f"serve: --port {args.port} is not a port; use 1-65535, e.g. --port 8000")
        return 2
    if args.max_sessions < 1:
        _err("serve: --max-sessions must be at least 1")
        return 2
    if args.public_url and not args.public_url.startswith(("http://", "https://")):
        _err(f"serve: --public-url {args.public_url!r} must start with https:// (or http://)")
        return 2
    path = os.path.abspath(args.path) if args.path else builtin_path()
    try:
        timeline = open_timeline(path)  # checked once here (and cached for the sessions)
        build_filters(timeline, args)
    except TimelineError as exc:
        _print_problems(exc)
        return 2
    except ValueError as exc:
        _err(str(exc))
        return 2
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
        _err(f"serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}; choose another --port or --host")
        return 2
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
