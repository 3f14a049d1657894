"""Where the app keeps its own files, and how it writes and reads them. No Textual here.

The folders come from `platformdirs` (on Linux: $XDG_STATE_HOME/syria-timeline, by default
~/.local/state/syria-timeline, and $XDG_CACHE_HOME/syria-timeline, by default
~/.cache/syria-timeline). On a shared machine those variables may point into a place other
users can write, so every folder is checked before a file in it is written or read:

- `private_dir` creates the folder 0700 and refuses it (`UnsafeFolder`, a one-line message)
  unless it is a real folder (not a symlink) of this user that nobody else can write, inside
  folders that only this user or root can change (a sticky folder like /tmp is fine);
- `write_atomic` creates a temporary file with O_EXCL|O_NOFOLLOW in the checked folder (opened
  once, every name looked up relative to it), writes it, fsyncs it and renames it into place,
  so a crash leaves the old file or the new one and a symlink planted by someone else is never
  followed;
- `open_private` / `read_private` open a file with O_NOFOLLOW|O_NONBLOCK and read it only if it
  is a regular file of this user that nobody else can write, and not larger than a cap (a FIFO
  or a device never blocks, a huge file is never read).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

APP_DIR = "syria-timeline"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class UnsafeFolder(OSError):
    """A folder the app will not use; str() is a one-line message saying why and what to do."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unsafe folder"


def state_dir() -> Path:
    return _folder("state")


def cache_dir() -> Path:
    return _folder("cache")


_found: dict[tuple, Path] = {}


def _folder(kind: str) -> Path:
    """The platform's folder of this kind for the app, looked up once per environment."""
    key = (kind, os.environ.get("XDG_STATE_HOME"), os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))
    found = _found.get(key)
    if found is None:
        import platformdirs  # imported when first needed

        found = _found[key] = (platformdirs.user_state_path if kind == "state" else platformdirs.user_cache_path)(APP_DIR, appauthor=False)
    return found


def _uid() -> int | None:
    return os.getuid() if hasattr(os, "getuid") else None


def _check_mine(info: os.stat_result, path: Path, what: str) -> None:
    uid = _uid()
    if uid is not None and info.st_uid != uid:
        raise UnsafeFolder(f"{path} belongs to another user (uid {info.st_uid}); not using it for {what}; set a folder of your own")
    if info.st_mode & 0o022:
        raise UnsafeFolder(f"{path} can be written by other users; not using it for {what}; run `chmod go-w {path}` or set a folder of your own")


def _check_ancestors(folder: Path, what: str) -> None:
    """The folders above `folder` can only be changed by this user or root (or are sticky, like /tmp),
    and so can any symbolic link on the way: its owner can point it elsewhere at any time (the
    kernel's protected_symlinks, which would refuse to follow another user's link in /tmp, is not
    on everywhere)."""
    uid = _uid()
    if uid is None:
        return
    for parent in Path(os.path.abspath(folder)).parents:
        try:
            link = os.lstat(parent)
            info = os.stat(parent)
        except OSError:
            continue
        if stat.S_ISLNK(link.st_mode) and link.st_uid not in (0, uid):
            raise UnsafeFolder(f"{parent} is a symbolic link of another user (uid {link.st_uid}); not using {folder} for {what}; set a folder of your own")
        if info.st_uid not in (0, uid):
            raise UnsafeFolder(f"{parent} belongs to another user (uid {info.st_uid}); not using {folder} for {what}; set a folder of your own")
        if info.st_mode & 0o022 and not info.st_mode & stat.S_ISVTX:
            raise UnsafeFolder(f"{parent} can be written by other users; not using {folder} for {what}; set a folder of your own")


def private_dir(folder: Path, what: str = "its files", *, create: bool = True) -> Path:
    """`folder`, created 0700 if missing, checked (see the module docstring); else UnsafeFolder
    (or another OSError when it cannot be made; FileNotFoundError when missing and not `create`)."""
    folder = Path(folder)
    _check_ancestors(folder, what)
    if create:
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        except FileExistsError:  # a file (or a broken symlink) where the folder should be: said below
            pass
    info = os.lstat(folder)
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeFolder(f"{folder} is a symbolic link; not using it for {what}; make it a folder of your own")
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeFolder(f"{folder} is not a folder; not using it for {what}")
    _check_mine(info, folder, what)
    return folder


@contextmanager
def _open_dir(folder: Path, what: str) -> Iterator[int]:
    """A descriptor of the checked folder: names inside it are looked up relative to it."""
    private_dir(folder, what)
    fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISDIR(info.st_mode):
            raise UnsafeFolder(f"{folder} is not a folder; not using it for {what}")
        _check_mine(info, folder, what)  # the very folder we opened, whatever was swapped since
        yield fd
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, what: str = "its files") -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new one (0600)."""
    path = Path(path)
    with _open_dir(path.parent, what) as dir_fd:
        tmp = f".{path.name}.{os.urandom(6).hex()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=dir_fd)
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, path.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            try:
                os.unlink(tmp, dir_fd=dir_fd)
            except OSError:
                pass
            raise


def create_temp(folder: Path, prefix: str, what: str = "its files") -> tuple[int, Path]:
    """A new, empty 0600 file in the checked `folder` (O_EXCL|O_NOFOLLOW): its descriptor
    (read and write) and path. The caller closes it and renames (`move_into`) or removes it."""
    with _open_dir(folder, what) as dir_fd:
        name = f".{prefix}.{os.urandom(6).hex()}.tmp"
        fd = os.open(name, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=dir_fd)
    return fd, Path(folder) / name


def remove(path: Path) -> None:
    """Remove a file, if it is there (never an error)."""
    try:
        os.unlink(path)
    except OSError:
        pass


def move_into(source: Path, path: Path, what: str = "its files") -> None:
    """Rename `source` (a file this process made in the same checked folder) to `path`."""
    path = Path(path)
    with _open_dir(path.parent, what) as dir_fd:
        if Path(source).parent != path.parent:
            raise OSError(f"{source} is not in {path.parent}")
        os.replace(Path(source).name, path.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)


def open_private(path: Path) -> int | None:
    """A descriptor of `path` if it is a regular file of this user that nobody else can write,
    opened without following a symlink and without blocking on a FIFO; else None."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | _NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        uid = _uid()
        if stat.S_ISREG(info.st_mode) and not info.st_mode & 0o022 and (uid is None or info.st_uid == uid):
            if _NONBLOCK:
                os.set_blocking(fd, True)
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


class TooLarge(OSError):
    """A file larger than the cap it is read with."""


def read_private(path: Path, limit: int) -> bytes | None:
    """The bytes of `path` (see open_private), or None; TooLarge when it holds more than `limit` bytes."""
    fd = open_private(path)
    if fd is None:
        return None
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise TooLarge(f"{path} is {size:,} bytes, more than {limit:,}")
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while read
                raise TooLarge(f"{path} holds more than {limit:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)


def code_stamps(modules: Iterable[str]) -> list[str]:
    """`name:size:mtime_ns` of each of the package's `modules` (paths inside tui/; `name:?` where
    one cannot be read): a cached file made by other code than this is not used."""
    package = Path(__file__).resolve().parent
    stamps = []
    for name in modules:
        try:
            info = (package / name).stat()
            stamps.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            stamps.append(f"{name}:?")
    return stamps


def sha256(data: bytes = b""):
    """hashlib.sha256, from CPython's own module where it has one: `import hashlib` loads OpenSSL
    (2 ms of every start-up, for two digests of a few bytes). Same digests."""
    try:
        from _sha2 import sha256 as made  # Python 3.12+
    except ImportError:
        try:
            from _sha256 import sha256 as made  # type: ignore[no-redef]  # Python 3.10, 3.11
        except ImportError:
            from hashlib import sha256 as made  # type: ignore[no-redef,assignment]
    return made(data)
