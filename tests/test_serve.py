"""`syria-timeline serve`: the explorer in a browser (textual-serve), safe by default.

The browser test starts `serve` on a free loopback port and drives the page in the system's
headless Chromium (Playwright pointed at /usr/bin/chromium; no browser is downloaded): keys go
in, and the screen is read back from the page's terminal (xterm.js's buffer). It skips where
Chromium or Playwright cannot be had.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tui import bidi

from conftest import MINI

ROOT = Path(__file__).parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _run(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", *argv], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)


class Served:
    def __init__(self, process: subprocess.Popen, port: int):
        self.process = process
        self.port = port
        self.url = f"http://127.0.0.1:{port}/"


@pytest.fixture
def served(request):
    """`serve` on the mini timeline, on a free loopback port; options from the test's `serve_args` mark."""
    pytest.importorskip("textual_serve", reason="the web extra (textual-serve) is not installed")
    marker = request.node.get_closest_marker("serve_args")
    path = request.getfixturevalue("serve_file") if "serve_file" in request.fixturenames else str(MINI)
    port = _free_port()
    argv = [sys.executable, "-m", "tui", "serve", path, "--port", str(port), *(marker.args if marker else ())]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited: {process.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("serve did not listen within 30 s")
    yield Served(process, port)
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --------------------------------------------------------------------------- without a browser


def test_without_the_web_extra_it_says_how_to_install(tmp_path):
    code = "import sys; sys.modules['textual_serve'] = None; from tui.cli import main; sys.exit(main(['serve']))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == "syria-timeline: serving to a browser needs the web extra: pip install 'syria-timeline[web]'"


def test_options_are_checked_once_before_serving(tmp_path):
    pytest.importorskip("textual_serve")
    bad = _run("serve", str(MINI), "--actor", "nobody-at-all", "--port", str(_free_port()))
    assert bad.returncode == 2 and "no actor matches 'nobody-at-all'" in bad.stderr
    assert "Traceback" not in bad.stderr
    port = _run("serve", str(MINI), "--port", "70000")
    assert port.returncode == 2 and "--port 70000 is not a port" in port.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\nevents: [\n", encoding="utf-8")
    result = _run("serve", str(broken), "--port", str(_free_port()))
    assert result.returncode == 2 and str(broken) in result.stderr and "Traceback" not in result.stderr


def test_the_served_flag_is_not_for_hands():
    """The no-terminal check stays: only a session of serve (its flag and the web driver) skips it."""
    result = _run("--served", str(MINI))
    assert result.returncode == 2
    assert "--served is for the sessions of `syria-timeline serve`" in result.stderr
    plain = _run(str(MINI))
    assert plain.returncode == 2 and "needs an interactive terminal" in plain.stderr


def test_every_session_gets_the_same_file_and_start_options():
    from tui.cli.serve import CHILD_CODE, child_argv, parser

    args = parser().parse_args(["x.yaml", "--actor", "hts", "--actor", "gov", "--tag", "aleppo", "--from", "2012",
                                "--goto", "2016-12", "--search", "east aleppo", "--ansi", "--bidi", "off"])
    argv = child_argv(args, "/data/x.yaml")
    assert argv[:5] == [sys.executable, "-c", CHILD_CODE, str(ROOT), "--served"]
    assert "--served-state" not in argv  # no state unless asked
    assert argv[-2:] == ["--", "/data/x.yaml"]
    from tui.cli import _app_parser

    child = _app_parser().parse_args(argv[4:])
    assert (child.actor, child.tag, child.date_from, child.goto, child.search) == (["hts", "gov"], ["aleppo"], "2012", "2016-12", "east aleppo")
    assert child.ansi and child.bidi == "off" and child.served and not child.served_state
    assert "--served-state" in child_argv(parser().parse_args(["--state"]), "/x.yaml")
    # the sessions' terminal is the browser's, which orders no right-to-left text, whatever serve's own terminal does
    assert child_argv(parser().parse_args(["--bidi", "auto"]), "/x.yaml")[5:7] == ["--bidi", "on"]


@pytest.mark.serve_args("--max-sessions", "1")
def test_only_this_machine_and_the_page_itself_may_connect(served):
    status, page = _get(served.url)
    assert status == 200 and "Mini test timeline" in page
    assert "fonts.googleapis" not in page  # the page asks no one else for anything
    # DNS rebinding: a page from another site that resolves to 127.0.0.1 is refused
    status, page = _get(served.url, host=f"attacker.example:{served.port}")
    assert status == 403 and "Wrong address" in page

    import asyncio

    import aiohttp

    async def websocket_status(origin: str) -> int:
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(f"{served.url}ws", headers={"Origin": origin}) as ws:
                    await ws.close()
                    return 101
            except aiohttp.WSServerHandshakeError as exc:
                return exc.status

    assert asyncio.run(websocket_status("http://attacker.example")) == 403


async def _session(url: str, keys: str = "", until: str = "Quit") -> list[str]:
    """Open a session as the page does, type `keys` once `until` is on screen, return the screen."""
    import asyncio
    import json

    import aiohttp
    import pyte

    screen = pyte.Screen(100, 30)
    stream = pyte.ByteStream(screen)
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{url}ws?width=100&height=30", headers={"Origin": url.rstrip("/")}) as ws:
            deadline = time.monotonic() + 20
            sent = False
            while time.monotonic() < deadline:
                text = "\n".join(screen.display)
                if until in text and not sent:
                    for key in keys:
                        await ws.send_str(json.dumps(["stdin", key]))
                        await asyncio.sleep(0.05)
                    sent, until = True, ""
                    deadline = time.monotonic() + 2  # let the keys act
                try:
                    message = await asyncio.wait_for(ws.receive(), max(0.01, deadline - time.monotonic()))
                except asyncio.TimeoutError:
                    break
                if message.type != aiohttp.WSMsgType.BINARY:
                    break
                stream.feed(message.data)
    return screen.display


@pytest.mark.serve_args("--state")
def test_with_state_the_sessions_keep_bookmarks(served):
    import asyncio
    import json

    lines = asyncio.run(_session(served.url, keys="m"))
    assert any("★" in line for line in lines), "\n".join(lines)
    state = Path(os.environ["XDG_STATE_HOME"]) / "syria-timeline" / "state.json"
    deadline = time.monotonic() + 5
    while not state.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert "year-only-2011" in json.dumps(saved)


def test_the_footer_is_painted_before_the_page_has_focus(served):
    """Textual's web driver starts the app blurred; the footer used to stay blank until the
    first click. Here the page never reports focus: the footer must be painted all the same."""
    import asyncio

    lines = asyncio.run(_session(served.url))
    assert "Quit" in lines[-1], "\n".join(lines)
    assert "Rebels enter Aleppo" in "\n".join(lines)


def test_a_browser_cannot_ask_for_a_huge_terminal():
    pytest.importorskip("textual_serve")
    from tui.web.server import MAX_HEIGHT, MAX_WIDTH, _clamp

    assert _clamp(10**9, MAX_WIDTH) == MAX_WIDTH == 400 and _clamp(10**9, MAX_HEIGHT) == MAX_HEIGHT == 200
    assert _clamp(0, MAX_WIDTH) == 1 and _clamp(-3, MAX_HEIGHT) == 1 and _clamp(120, MAX_WIDTH) == 120


def test_the_announce_line_prints_a_file_name_clean(tmp_path):
    """`serve` says which file it serves; a name with escapes (`ev ESC]0;title BEL il.yaml`) went
    to the terminal raw (Rich keeps ESC), as no other command prints a file name."""
    pytest.importorskip("textual_serve", reason="the web extra (textual-serve) is not installed")
    import shutil

    evil = tmp_path / "ev\x1b]0;pwned\x07\x1b[31mil\u202e.yaml"
    shutil.copy(MINI, evil)
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "tui", "serve", str(evil), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        out = process.communicate(timeout=15)[0].decode("utf-8", "replace")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "serving" in out and "pwned" in out, out
    assert not any(ch in out for ch in "\x1b\x07\u202e"), repr(out)


@pytest.fixture
def serve_file(write_yaml):
    return write_yaml(open(MINI, encoding="utf-8").read().replace(
        "title: Mini test timeline", "title: \"Mini <script>alert(1)</script> & co\"", 1))


def test_the_page_shows_the_title_as_text(serve_file, served):
    status, page = _get(served.url)
    assert status == 200
    assert "<title>Mini &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>" in page
    assert "<script>alert" not in page


@pytest.mark.serve_args("--public-url", "https://timeline.example.org/")
def test_behind_a_reverse_proxy(served):
    """The README's nginx set-up: the proxy passes Host; the page opens its session through the proxy."""
    status, page = _get(served.url, host="timeline.example.org")
    assert status == 200
    assert 'data-session-websocket-url="wss://timeline.example.org/ws"' in page
    status, _ = _get(served.url, host="elsewhere.example.org")
    assert status == 403


# --------------------------------------------------------------------------- in a real browser

HOOK = """
// Catch the page's xterm.js terminal as textual.js creates it (this.terminal = new Terminal(...)),
// so the test can read the screen the reader sees.
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer) window.__terminal = value;
  },
});
window.__screen = () => {
  const t = window.__terminal;
  if (!t) return '';
  const b = t.buffer.active, out = [];
  for (let y = 0; y < t.rows; y++) { const l = b.getLine(b.viewportY + y); out.push(l ? l.translateToString(true) : ''); }
  return out.join('\\n');
};
"""
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def _chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.skip("no Chromium (.ci/run installs Debian's chromium; set CHROMIUM=/path to use another)")


@pytest.fixture
def browser(tmp_path):
    executable = _chromium()
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright (the test extra) is not installed")
    with playwright.sync_playwright() as p:
        try:
            # headless, with a fresh profile of its own in tmp_path
            context = p.chromium.launch_persistent_context(
                str(tmp_path / "profile"), executable_path=executable, headless=True, args=CHROMIUM_FLAGS,
                viewport={"width": 1100, "height": 700},
            )
        except Exception as exc:  # a Chromium that cannot start here (no libraries, no /dev/shm ...)
            pytest.skip(f"Chromium would not start: {str(exc).splitlines()[0]}")
        context.add_init_script(HOOK)
        yield context
        context.close()


def _screen(page) -> str:
    return page.evaluate("window.__screen()")


def _escape(page) -> None:
    """Esc, and a moment before the next key: a key hard on an Esc's heels reads as Alt+key, in
    a browser as in a terminal."""
    page.keyboard.press("Escape")
    time.sleep(0.3)


def _wait_for(page, text: str, timeout: float = 15) -> str:
    deadline = time.monotonic() + timeout
    while True:
        screen = _screen(page)
        if text in screen:
            return screen
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} not on the page's screen:\n{screen}")
        time.sleep(0.05)


@pytest.mark.browser
@pytest.mark.serve_args("--max-sessions", "1", "--goto", "2012-07")
def test_the_explorer_in_a_browser(served, browser):
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.url.rstrip("/"))
    page = browser.new_page()
    page.goto(served.url)
    # the footer is painted at start, before any click; the start option applies
    screen = _wait_for(page, "Quit")
    assert "Open event" in screen
    _wait_for(page, "▶  19 Jul 2012 Rebels enter Aleppo")
    # keys work at once (no click first): open the event, where the place shows its Arabic name,
    # shaped and in visual order for a browser terminal that does neither
    page.keyboard.press("Enter")
    screen = _wait_for(page, "Places: Aleppo (")
    assert f"Aleppo ({bidi.display('حلب')})" in screen and "حلب" not in screen
    _escape(page)
    page.keyboard.press("End")
    _wait_for(page, "▶   8 Dec 2024 Damascus falls")
    page.keyboard.press("m")  # a bookmark: the session keeps it, and writes no state file
    _wait_for(page, "★")
    # help, the palette, the mouse and `y` work as in a terminal
    page.keyboard.press("?")
    _wait_for(page, "syria-timeline — keys")
    _escape(page)
    page.keyboard.press("Control+p")
    page.keyboard.type("russia interv")
    _wait_for(page, "Event: Russia intervenes")
    _escape(page)
    row = next(y for y, line in enumerate(_screen(page).splitlines()) if "Nusra grows" in line)
    x, top, cell_width, cell_height = page.evaluate(
        "(() => { const t = window.__terminal, r = document.querySelector('.xterm-screen').getBoundingClientRect();"
        " return [r.x, r.y, r.width / t.cols, r.height / t.rows]; })()"
    )
    page.mouse.click(x + 20 * cell_width, top + (row + 0.5) * cell_height)
    _wait_for(page, "▶    ~Aug 2013 Nusra grows")
    page.keyboard.press("y")  # OSC 52 from the app, to the browser's clipboard by xterm.js
    deadline = time.monotonic() + 5
    while not (copied := page.evaluate("navigator.clipboard.readText()")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert copied.startswith("Nusra grows (~Aug 2013)")
    page.keyboard.press("v")  # the map pane, drawn in the browser's terminal too
    _wait_for(page, "Latakia")

    # one session allowed: another tab gets the "full" page
    status, text = _get(served.url)
    assert status == 503 and "The explorer is full" in text and "(1 at most) is in use" in text
    page.close()  # the tab goes, its session ends, and there is room again
    deadline = time.monotonic() + 10
    while _get(served.url)[0] != 200:
        assert time.monotonic() < deadline, "the session did not end when its tab closed"
        time.sleep(0.1)
    state = Path(os.environ["XDG_STATE_HOME"])
    assert not any(state.rglob("*")), f"a web session wrote state: {list(state.rglob('*'))}"
