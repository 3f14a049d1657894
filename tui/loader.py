"""Moved: the timeline file's reading, rules and parser adapters are in `tui.timeline_file`.

This module only re-exports its entry points for callers not yet moved; import from
`tui.timeline_file` in new code. No Textual here.
"""

from __future__ import annotations

from .timeline_file import MAX_PROBLEMS, Problem, TimelineError, builtin_path, load, loads, read_text

__all__ = ["MAX_PROBLEMS", "Problem", "TimelineError", "builtin_path", "load", "loads", "read_text"]
