"""Unexpected errors: the full report goes to a file in the state folder, the user gets one line.

No Textual here. The report is created new (never through a link, never over another file),
readable by its owner only.
"""

from __future__ import annotations

import os
import time
import traceback

from .paths import private_dir, state_dir


def write_report(error: BaseException) -> str | None:
    """Write the traceback of `error` to a new file in the state folder; its path, or None."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    try:
        folder = private_dir(state_dir(), "crash reports")  # the user's own, checked (tui/paths.py)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = folder / f"crash-{stamp}-{os.getpid()}.txt"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"syria-timeline crash report, {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n\n{text}")
        return str(path)
    except OSError:
        return None


def summary(error: BaseException) -> str:
    """One line: the kind of error and its message, shortened."""
    message = str(error).splitlines()[0] if str(error) else ""
    line = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return line if len(line) <= 120 else line[:119] + "…"
