"""A tiny real-terminal driver for tests: run a command in a pty, render it with pyte."""

from __future__ import annotations

import os
import pty
import select
import signal
import struct
import time

import fcntl
import termios

import pyte

KEYS = {
    "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D", "enter": "\r",
    "esc": "\x1b", "tab": "\t", "pgdn": "\x1b[6~", "pgup": "\x1b[5~", "home": "\x1b[H", "end": "\x1b[F",
}
# With application cursor keys on (DECCKM, `ESC [ ? 1 h`, as lnav and less switch on), a terminal
# sends the cursor keys as SS3 sequences: ESC O B for ↓ instead of ESC [ B.
APPLICATION_KEYS = {"up": "\x1bOA", "down": "\x1bOB", "right": "\x1bOC", "left": "\x1bOD", "home": "\x1bOH", "end": "\x1bOF"}
DECCKM = 1 << 5  # pyte keeps private mode n as n << 5 in `Screen.mode`


class Term:
    """`env` is added to this process's environment; `environ`, if given, is the whole of it
    (bench/run.py uses it to leave out NO_COLOR, COLORTERM and the like)."""

    def __init__(self, argv: list[str], cols: int = 80, rows: int = 24, env: dict | None = None, environ: dict | None = None):
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        if environ is not None:
            environment = dict(environ)
        else:
            environment = dict(os.environ)
            environment.setdefault("TERM", "xterm-256color")
            environment.update(env or {})
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child
            try:
                os.execvpe(argv[0], argv, environment)
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.status: int | None = None

    def pump(self, timeout: float = 0.05) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.raw.extend(data)
        if b"\x1b[6n" in data:
            os.write(self.fd, b"\x1b[1;1R")
        self.stream.feed(data)
        return True

    @property
    def application_keys(self) -> bool:
        """Has the program switched on application cursor keys (DECCKM)?"""
        return DECCKM in self.screen.mode

    def encode(self, key: str) -> bytes:
        """The bytes a terminal sends for `key` (a name from KEYS, or the text itself), as the
        program's cursor-key mode asks."""
        if self.application_keys and key in APPLICATION_KEYS:
            return APPLICATION_KEYS[key].encode()
        return KEYS.get(key, key).encode()

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 15.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if needle in self.text():
                return True
            if not self.pump(0.05):
                return needle in self.text()
        return needle in self.text()

    def settle(self, quiet: float = 0.6, timeout: float = 10.0) -> None:
        """Wait until nothing has been written for `quiet` seconds (Textual drops keys just after start)."""
        end = time.monotonic() + timeout
        last = time.monotonic()
        size = len(self.raw)
        while time.monotonic() < end:
            if not self.pump(0.05):
                return
            if len(self.raw) != size:
                size, last = len(self.raw), time.monotonic()
            elif time.monotonic() - last >= quiet:
                return

    def send(self, *keys: str) -> None:
        for key in keys:
            os.write(self.fd, self.encode(key))
            time.sleep(0.05)

    def bytes_per_press(self, key: str, times: int = 6, quiet: float = 0.5) -> list[int]:
        """What the program writes for each of `times` presses of `key`, each waited out."""
        counts = []
        for _ in range(times):
            before = len(self.raw)
            self.send(key)
            self.settle(quiet)
            counts.append(len(self.raw) - before)
        return counts

    def wait_exit(self, timeout: float = 10.0) -> int | None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.05)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
        return None

    def close(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        try:
            os.close(self.fd)
        except OSError:
            pass
