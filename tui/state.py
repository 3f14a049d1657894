"""What the app remembers between runs (bookmarks, last filters), per timeline file.

Kept in the XDG state folder ($XDG_STATE_HOME/syria-timeline/state.json, by default
~/.local/state/...), written atomically (temporary file + os.replace). A corrupt file
is set aside (renamed, never overwritten) and an unwritable folder only costs a
notice: the app works on. No Textual here.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from .paths import state_dir, write_atomic

def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new one."""
    write_atomic(path, data, "bookmarks")


class State:
    """Bookmarks and filters per timeline path. `notices` collects one-line problems to show."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_dir() / "state.json"
        self.notices: list[str] = []
        self.data: dict = {"version": 1, "timelines": {}}
        self._writable = True
        self._load()

    def _load(self) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            self.notices.append(f"Could not read {self.path} ({exc.strerror}); bookmarks start empty this run")
            self._writable = False  # never overwrite what we could not read
            return
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("timelines"), dict):
                raise ValueError("unexpected layout")
        except (ValueError, UnicodeDecodeError):
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            try:
                os.replace(self.path, aside)
                self.notices.append(f"State file was corrupt; set aside as {aside.name} and started afresh")
            except OSError:
                self._writable = False
                self.notices.append(f"State file {self.path} is corrupt and could not be set aside; not saving this run")
            return
        self.data = data

    def _entry(self, timeline_path: str) -> dict:
        key = os.path.abspath(timeline_path) if timeline_path else "<memory>"
        entry = self.data["timelines"].setdefault(key, {})
        return entry if isinstance(entry, dict) else {}

    def bookmarks(self, timeline_path: str) -> list[str]:
        marks = self._entry(timeline_path).get("bookmarks", [])
        return [m for m in marks if isinstance(m, str)] if isinstance(marks, list) else []

    def set_bookmarks(self, timeline_path: str, ids: list[str]) -> None:
        self._entry(timeline_path)["bookmarks"] = list(ids)
        self.save()

    def filters(self, timeline_path: str) -> dict:
        value = self._entry(timeline_path).get("filters", {})
        return value if isinstance(value, dict) else {}

    def set_filters(self, timeline_path: str, filters: dict) -> None:
        entry = self._entry(timeline_path)
        if entry.get("filters") == filters:
            return
        entry["filters"] = filters
        self.save()

    def save(self) -> None:
        if not self._writable:
            return
        try:
            atomic_write(self.path, json.dumps(self.data, indent=1, ensure_ascii=False).encode("utf-8"))
        except OSError as exc:
            self._writable = False
            self.notices.append(f"Could not save bookmarks to {self.path} ({exc.strerror}); they last until you quit")
