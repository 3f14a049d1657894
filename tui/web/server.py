"""The web server behind `syria-timeline serve`: textual-serve, made safe to leave running.

Each browser tab gets its own app process (textual-serve's model). On top of it:
- a cap on concurrent sessions; past it the page says the explorer is full, with status 503;
- the websocket that drives a session is accepted only from the page itself (its Origin must
  be this server), and on a loopback address only under a loopback host name, so a web page
  elsewhere cannot drive a session, not even through DNS rebinding;
- the terminal size a browser asks for is capped (a huge one would cost the server memory);
- the page is served with its font from here: it makes no request to anyone else.
Imported only when textual-serve is installed (the `web` extra). No Textual here: the app
runs in the child processes.
"""

from __future__ import annotations

import html
import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

from ..safetext import clean

TEMPLATES = Path(__file__).parent / "templates"
MAX_WIDTH, MAX_HEIGHT = 400, 200  # cells: beyond any real screen
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _clamp(value: int, high: int) -> int:
    return max(1, min(int(value), high))


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{background:#0c181f;color:#e8eef2;font:17px/1.5 system-ui,sans-serif;display:flex;
min-height:90vh;align-items:center;justify-content:center}}main{{max-width:36em;padding:2em}}
h1{{font-size:1.3em}}a{{color:#8cc8ff}}</style></head>
<body><main><h1>{heading}</h1><p>{message}</p></main></body></html>
"""


class TimelineServer(Server):
    """textual-serve's Server with a session cap and same-origin websockets."""

    def __init__(self, command: str, *, host: str, port: int, title: str, public_url: str | None,
                 max_sessions: int, announce: str = "") -> None:
        import textual_serve

        statics = Path(textual_serve.__file__).parent / "static"
        super().__init__(command, host=host, port=port, title=title, public_url=public_url,
                         statics_path=statics, templates_path=TEMPLATES)
        self.fixed_public_url = public_url
        self.max_sessions = max_sessions
        self.sessions = 0
        self.announce = announce

    # -- who may connect -------------------------------------------------------------------
    def _allowed_hosts(self) -> set[str] | None:
        """The Host headers accepted, or None for any (bound to a non-loopback address: the
        operator chose to serve a network, and a reverse proxy may use any name)."""
        allowed = set()
        if self.fixed_public_url:
            allowed.add(urlsplit(self.fixed_public_url).netloc.lower())
        if not is_loopback(self.host):
            return None
        allowed.update(f"{name}:{self.port}" for name in LOOPBACK_NAMES)
        if self.port == 80:
            allowed.update(LOOPBACK_NAMES)
        return allowed

    def _host_ok(self, request: web.Request) -> bool:
        allowed = self._allowed_hosts()
        return allowed is None or request.host.lower() in allowed

    def _origin_ok(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a browser page (browsers always send Origin on websockets)
        netloc = urlsplit(origin).netloc.lower()
        return netloc == request.host.lower() or (
            self.fixed_public_url is not None and netloc == urlsplit(self.fixed_public_url).netloc.lower()
        )

    def _page(self, status: int, heading: str, message: str, **headers: str) -> web.Response:
        body = PAGE.format(title=html.escape(self.title), heading=html.escape(heading), message=message)
        return web.Response(status=status, text=body, content_type="text/html", headers=headers)

    def _wrong_host(self) -> web.Response:
        url = html.escape(f"http://127.0.0.1:{self.port}/")
        return self._page(403, "Wrong address", f'This explorer answers at <a href="{url}">{url}</a>.')

    def _full(self) -> web.Response:
        return self._page(
            503, "The explorer is full",
            f"Every session ({self.max_sessions} at most) is in use. Please try again in a few minutes "
            "(a session ends when its tab is closed).",
            **{"Retry-After": "60"},
        )

    # -- handlers ----------------------------------------------------------------------------
    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if not self._host_ok(request):
            return self._wrong_host()
        if self.sessions >= self.max_sessions:
            return self._full()
        if self.fixed_public_url is None:
            # the page's own address (the bound one may be 0.0.0.0); set and used without an
            # await in between, so concurrent requests do not mix
            self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    # refusals answer with a plain HTTP response, which aiohttp takes from any handler;
    # textual-serve annotates its own handler as returning only a WebSocketResponse
    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        if not (self._host_ok(request) and self._origin_ok(request)):
            return web.Response(status=403, text="this session must be opened from the explorer's own page")
        if self.sessions >= self.max_sessions:
            return web.Response(status=503, text=f"all {self.max_sessions} sessions are in use", headers={"Retry-After": "60"})
        query = request.rel_url.query
        try:
            width = _clamp(int(query.get("width", "80")), MAX_WIDTH)
            height = _clamp(int(query.get("height", "24")), MAX_HEIGHT)
        except ValueError:
            width, height = 80, 24
        request = request.clone(rel_url=request.rel_url.update_query(width=width, height=height))
        self.sessions += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions -= 1

    async def _process_messages(self, websocket, app_service) -> None:
        resize = app_service.set_terminal_size

        async def capped(width: int, height: int) -> None:
            await resize(_clamp(width, MAX_WIDTH), _clamp(height, MAX_HEIGHT))

        app_service.set_terminal_size = capped
        await super()._process_messages(websocket, app_service)

    async def on_startup(self, app: web.Application) -> None:
        # the path is the one given, in any bytes: cleaned as every command's output is (Rich keeps ESC)
        self.console.print(clean(self.announce, multiline=True), highlight=False, markup=False, soft_wrap=True)


def serve(command: str, *, host: str, port: int, title: str, public_url: str | None, max_sessions: int,
          announce: str) -> None:
    """Run until Ctrl+C (or SIGTERM)."""
    os.environ.pop("TEXTUAL", None)  # no devtools in the children
    # The sessions' keys come from browsers, a whole key to a websocket message, not over this
    # machine's SSH login: the longer escape delay for SSH (tui/keyflow.py) is not for them.
    for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
        os.environ.pop(name, None)
    TimelineServer(command, host=host, port=port, title=title, public_url=public_url,
                   max_sessions=max_sessions, announce=announce).serve()
