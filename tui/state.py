"""What the app remembers between runs (bookmarks, last filters), per timeline file.

Kept in the state folder (tui/paths.py: $XDG_STATE_HOME/syria-timeline/state.json, by default
~/.local/state/...), a folder checked to be the user's own and nobody else's to write.

Several instances may run at once (two terminals, a tmux pane per timeline). Each save
therefore merges instead of overwriting: under an advisory lock (`fcntl.flock` on
state.json.lock) it reads the file again, applies this instance's change and writes the
result atomically (tui/paths.write_atomic):

- bookmarks: the ids this instance added since it last read or saved them are added, the ids it
  removed are removed; every other id stays, whoever added it, and so do bookmarks of events
  that are not in the version of the file this instance loaded (they come back when the event
  does);
- filters: this timeline's saved filters are replaced by this instance's.

A corrupt file is set aside (renamed, never overwritten); a file that is not a regular file of
the user's, too large (MAX_STATE_BYTES) or nested too deeply counts as corrupt or unreadable;
an unusable folder only costs a notice: the app works on. No Textual here.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import paths
from .paths import state_dir, write_atomic

MAX_STATE_BYTES = 8 * 1024 * 1024
WHAT = "bookmarks"

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: saves still write atomically, without the lock
    fcntl = None  # type: ignore[assignment]  # the module, or None


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new one."""
    write_atomic(path, data, WHAT)


class _Corrupt(ValueError):
    pass


class State:
    """Bookmarks and filters per timeline path. `notices` collects one-line problems to show."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else state_dir() / "state.json"
        self.notices: list[str] = []
        self.data: dict = {"version": 1, "timelines": {}}
        self._writable = True
        self._views: dict[str, list[str]] = {}  # per timeline: the bookmarks as this instance last knew them
        self._load()

    # -- reading -----------------------------------------------------------------------------------
    def _folder_ok(self) -> bool:
        try:
            paths.private_dir(self.path.parent, WHAT, create=False)
        except FileNotFoundError:
            return True  # made when first saved
        except OSError as exc:
            self._refuse(f"Not using {self.path.parent} for bookmarks: {exc}; they last until you quit")
            return False
        return True

    def _refuse(self, notice: str) -> None:
        self._writable = False
        if notice not in self.notices:
            self.notices.append(notice)

    def _read(self) -> dict | None:
        """The file's data; None when there is no file; _Corrupt or OSError otherwise."""
        try:
            info = os.lstat(self.path)
        except FileNotFoundError:
            return None
        if not os.path.isfile(self.path) or os.path.islink(self.path):
            raise OSError(f"{self.path.name} is not a regular file")
        if info.st_size > MAX_STATE_BYTES:
            raise _Corrupt("too large")
        try:
            raw = paths.read_private(self.path, MAX_STATE_BYTES)
        except paths.TooLarge:
            raise _Corrupt("too large") from None
        if raw is None:
            raise OSError(f"{self.path.name} is not a regular file of yours that only you can write")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise _Corrupt("not JSON") from None
        if not isinstance(data, dict) or not isinstance(data.get("timelines"), dict):
            raise _Corrupt("unexpected layout")
        return data

    def _load(self) -> None:
        if not self._folder_ok():
            return
        try:
            data = self._read()
        except _Corrupt:
            self._set_aside()
            return
        except OSError as exc:
            self._refuse(f"Could not read {self.path} ({getattr(exc, 'strerror', None) or exc}); bookmarks start empty this run")
            return
        if data is not None:
            self.data = data

    def _set_aside(self) -> None:
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
        try:
            os.replace(self.path, aside)
            self.notices.append(f"State file was corrupt; set aside as {aside.name} and started afresh")
        except OSError:
            self._refuse(f"State file {self.path} is corrupt and could not be set aside; not saving this run")

    # -- per timeline --------------------------------------------------------------------------------
    @staticmethod
    def _key(timeline_path: str) -> str:
        return os.path.abspath(timeline_path) if timeline_path else "<memory>"

    def _entry(self, timeline_path: str, data: dict | None = None) -> dict:
        timelines = (self.data if data is None else data)["timelines"]
        key = self._key(timeline_path)
        entry = timelines.get(key)
        if not isinstance(entry, dict):
            entry = timelines[key] = {}
        return entry

    @staticmethod
    def _marks(entry: dict) -> list[str]:
        marks = entry.get("bookmarks", [])
        return [m for m in marks if isinstance(m, str)] if isinstance(marks, list) else []

    def bookmarks(self, timeline_path: str) -> list[str]:
        """Every bookmarked id of this timeline, including ids of events not in the loaded version."""
        marks = self._marks(self._entry(timeline_path))
        self._views[self._key(timeline_path)] = list(marks)
        return marks

    def set_bookmarks(self, timeline_path: str, ids: list[str]) -> None:
        """Save this instance's change: `ids` against the bookmarks it last read or saved (see the
        module docstring: what another instance did meanwhile is kept)."""
        key = self._key(timeline_path)
        view = self._views.get(key)
        if view is None:
            view = self._marks(self._entry(timeline_path))
        wanted = list(dict.fromkeys(i for i in ids if isinstance(i, str)))
        added = [i for i in wanted if i not in view]
        removed = {i for i in view if i not in wanted}

        def change(entry: dict) -> None:
            marks = [m for m in self._marks(entry) if m not in removed]
            marks += [i for i in added if i not in marks]
            entry["bookmarks"] = marks

        self._views[key] = wanted
        self._save(timeline_path, change)

    def filters(self, timeline_path: str) -> dict:
        value = self._entry(timeline_path).get("filters", {})
        return value if isinstance(value, dict) else {}

    def set_filters(self, timeline_path: str, filters: dict) -> None:
        if self._entry(timeline_path).get("filters") == filters:
            return

        def change(entry: dict) -> None:
            entry["filters"] = filters

        self._save(timeline_path, change)

    # -- writing -------------------------------------------------------------------------------------
    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the advisory lock on state.json.lock (in the checked folder) while reading and writing."""
        folder = paths.private_dir(self.path.parent, WHAT)
        if fcntl is None:
            yield
            return
        lock = folder / f"{self.path.name}.lock"
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock

    def _save(self, timeline_path: str, change) -> None:
        """Under the lock: read the file again, apply `change` to this timeline's entry, write."""
        change(self._entry(timeline_path))  # this instance's copy, whatever happens on disk
        if not self._writable:
            return
        try:
            with self._locked():
                try:
                    current = self._read()
                except _Corrupt:
                    self._set_aside()
                    current = None
                data = current if current is not None else {"version": 1, "timelines": {}}
                change(self._entry(timeline_path, data))
                atomic_write(self.path, json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))
                self.data = data
        except OSError as exc:
            self._refuse(f"Could not save bookmarks to {self.path} ({getattr(exc, 'strerror', None) or exc}); they last until you quit")
