"""Open a timeline file for the app and the commands: the one place that decides how.

Today this is the plain loader; the parse cache (issue: fast everywhere) plugs in here.
No Textual here.
"""

from __future__ import annotations

from typing import Callable

from .loader import load
from .model import Timeline


def open_timeline(path: str, progress: Callable[[str], None] | None = None) -> Timeline:
    """Load `path` (raises TimelineError for any problem with it)."""
    return load(path, progress=progress)
