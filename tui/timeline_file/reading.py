"""Reading a timeline file into text, with the caps that come before any parsing. No Textual here."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .problems import Problem, TimelineError, whole_file

MAX_FILE_BYTES = 512 * 1024 * 1024
# Every YAML value costs a few hundred bytes of memory once parsed: a 50 MB file of "- a" lines
# would need gigabytes. A cheap over-estimate of the number of values is checked before parsing.
# Real timelines hold one value per ~20 bytes (a 100,000-event file: ~5 million values in ~110 MB);
# refused: more than MAX_VALUES, or more than a million packed denser than one per DENSE_BYTES bytes.
MAX_VALUES = 12_000_000
DENSE_VALUES = 1_000_000
DENSE_BYTES = 8


HEAD_BYTES = 65536

# what is said about a file refused before parsing (each said the same way by every check)
FOLDER = "is a folder, not a timeline file; give the path of a .yaml file"
BINARY = "is a binary file, not a YAML timeline; give the path of a .yaml file"
UTF16 = "is saved as UTF-16 or UTF-32; save it as UTF-8"
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)


@contextmanager
def _open_checked(path: str, display: str, *, open_special: bool) -> Iterator[tuple[int, os.stat_result] | None]:
    """The checks made before a byte is read, once for both readers: a folder, or a regular file
    over MAX_FILE_BYTES, is refused, and an OSError (here or in the `with` body) becomes a one-line
    TimelineError. Yields the open descriptor (non-blocking, close-on-exec, never the controlling
    terminal) and its fstat; or None for a pipe or device when not `open_special` (opening a FIFO
    wakes its writer)."""
    try:
        kind = os.stat(path).st_mode
        if stat.S_ISDIR(kind):
            raise whole_file(display, FOLDER)
        if not open_special and not stat.S_ISREG(kind):
            yield None
            return
        fd = os.open(path, _OPEN_FLAGS)
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise whole_file(display, FOLDER)
            if stat.S_ISREG(info.st_mode) and info.st_size > MAX_FILE_BYTES:
                raise whole_file(display, f"is {info.st_size / 1e6:.0f} MB; timelines larger than {MAX_FILE_BYTES // 2**20} MiB are not read")
            yield fd, info
        finally:
            os.close(fd)
    except TimelineError:
        raise
    except OSError as exc:
        raise _os_problem(display, exc) from None


def check_start(path: str) -> None:
    """Raise TimelineError for what read_text would refuse at once (missing, a folder, too big,
    binary, UTF-16, bytes that are not UTF-8 at the start), reading at most the first HEAD_BYTES
    of a regular file, and nothing of a pipe or device (reading would consume what it gives)."""
    display = str(path)
    with _open_checked(path, display, open_special=False) as opened:
        if opened is None or not stat.S_ISREG(opened[1].st_mode):
            return
        head = os.pread(opened[0], HEAD_BYTES, 0)
    if len(head) < HEAD_BYTES:
        decode(head, display)
        return
    decode_start(head, display)


def _refuse_encoding(data: bytes, display: str, tail: bytes = b"") -> None:
    """UTF-16 or UTF-32 text, or a NUL byte in the first (or `tail`) bytes: not a timeline."""
    kind = not_text(data, tail)
    if kind:
        raise whole_file(display, UTF16 if kind == "utf-16" else BINARY)


def not_text(data: bytes, tail: bytes = b"") -> str:
    """"utf-16" for text saved as UTF-16 or UTF-32 (with a BOM, or without one), "binary" for a
    NUL byte in the first HEAD_BYTES (or in `tail`), "" for what may be UTF-8 text."""
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    if b"\x00" in data[:HEAD_BYTES] or b"\x00" in tail:
        return "utf-16" if _utf16_without_bom(data[:4096]) else "binary"
    return ""


def _utf16_without_bom(head: bytes) -> bool:
    """Text saved as UTF-16 with no BOM: a NUL in every other byte (mostly ASCII), never in the
    bytes between (a file of NULs, or a binary one, is not)."""
    odd, even = head[1::2], head[0::2]
    if len(head) < 8:
        return False
    for zeros, other in ((odd, even), (even, odd)):
        if zeros.count(0) >= 0.9 * len(zeros) and other.count(0) <= 0.02 * len(other):
            return True
    return False


def _not_utf8(data: bytes, display: str, exc: UnicodeDecodeError) -> TimelineError:
    line, col, byte = not_utf8_at(data, exc)
    return TimelineError([Problem(display, line, col, f"byte 0x{byte:02x} is not UTF-8; save the file as UTF-8")])


def not_utf8_at(data: bytes, exc: UnicodeDecodeError) -> tuple[int, int, int]:
    """Line, column (1-based, located_bytes) and value of the first byte of `data` that is not
    UTF-8, from the error decoding it raised (`utf-8-sig` reports its index after the BOM)."""
    index = len(data) - len(exc.object) + exc.start
    line, col = located_bytes(data, index)
    return line, col, data[index]


def located_bytes(data: bytes, index: int) -> tuple[int, int]:
    """1-based line and column of byte `index` in UTF-8 `data`, the column in characters as an
    editor counts them (a BOM at the start is not one); the bytes before `index` on its line
    that are not UTF-8 count one each."""
    start = data.rfind(b"\n", 0, index) + 1
    if start == 0 and data.startswith(b"\xef\xbb\xbf") and index >= 3:
        start = 3
    before = data[start:index].decode("utf-8", errors="replace")
    return data.count(b"\n", 0, index) + 1, len(before) + 1


def decode_start(head: bytes, display: str) -> None:
    """Check the first bytes of a longer file as `decode` checks a whole one."""
    import codecs

    _refuse_encoding(head, display)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # a character cut at the end is fine
    except UnicodeDecodeError as exc:
        raise _not_utf8(head, display, exc) from None


def _os_problem(display: str, exc: OSError) -> TimelineError:
    if isinstance(exc, FileNotFoundError):
        return whole_file(display, "no such file; check the path (run `syria-timeline` with no argument for the built-in timeline)")
    if isinstance(exc, PermissionError):
        return whole_file(display, "cannot be read (permission denied); check the file's permissions")
    if isinstance(exc, IsADirectoryError):
        return whole_file(display, FOLDER)
    return whole_file(display, f"cannot be read ({exc.strerror or exc}); check the path")


def read_text(path: str) -> str:
    """Read a timeline file as UTF-8 text or raise TimelineError saying what to do (see read_bytes)."""
    return decode(read_bytes(path), str(path))


def read_bytes(path: str) -> bytes:
    """Read a timeline file's bytes (once) or raise TimelineError saying what to do.

    A regular file larger than MAX_FILE_BYTES is refused before a byte is read. A pipe or a
    device (`<(...)`, /dev/stdin, a FIFO) is read with a bound on size and on time: it must give
    its first bytes within PIPE_WAIT seconds and all of them within PIPE_DEADLINE, so a FIFO
    nobody writes to never hangs the program. The bytes are not checked yet: `decode` does it."""
    display = str(path)
    try:
        with _open_checked(path, display, open_special=True) as opened:
            assert opened is not None
            fd, info = opened
            if stat.S_ISREG(info.st_mode):
                os.set_blocking(fd, True)
                with os.fdopen(os.dup(fd), "rb") as handle:
                    data = handle.read(MAX_FILE_BYTES + 1)
                if len(data) > MAX_FILE_BYTES:
                    raise whole_file(display, f"grew past {MAX_FILE_BYTES // 2**20} MiB while it was read; timelines that large are not read")
            else:  # a pipe or a device (/dev/zero, <(...)): a bounded amount, in bounded time
                data = _read_stream(fd, display)
    except MemoryError:
        raise whole_file(display, "is too large to read into memory") from None
    return data


PIPE_WAIT = 10.0  # seconds a pipe or device may take to give its first bytes
PIPE_DEADLINE = 120.0  # seconds to read all of it


def _read_stream(fd: int, display: str) -> bytes:
    import select

    chunks: list[bytes] = []
    total = 0
    start = time.monotonic()
    while True:
        waited = time.monotonic() - start
        limit = (PIPE_WAIT if not total else PIPE_DEADLINE) - waited
        if limit <= 0:
            if not total:
                raise whole_file(display, f"gave nothing to read in {PIPE_WAIT:.0f} s (a pipe nobody writes to?); give the path of a .yaml file")
            raise whole_file(display, f"was still giving data after {PIPE_DEADLINE:.0f} s; save it to a file and give that path")
        ready, _, _ = select.select([fd], [], [], min(limit, 0.5))
        if not ready:
            continue
        try:
            chunk = os.read(fd, 1 << 20)
        except BlockingIOError:
            continue
        if not chunk:
            if not total:
                raise whole_file(display, "gave nothing to read (an empty pipe or device, or nobody writing to it); give the path of a .yaml file")
            return b"".join(chunks)
        if not total and b"\x00" in chunk[:HEAD_BYTES]:
            raise whole_file(display, BINARY)
        chunks.append(chunk)
        total += len(chunk)
        if total > MAX_FILE_BYTES:
            raise whole_file(display, f"gives more than {MAX_FILE_BYTES // 2**20} MiB; timelines that large are not read")


def decode(data: bytes, display: str) -> str:
    """The UTF-8 text of a timeline file's bytes, or TimelineError."""
    _refuse_encoding(data, display, tail=data[-HEAD_BYTES:])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _not_utf8(data, display, exc) from None


def located(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character `index` in `text`."""
    index = max(0, min(index, len(text)))
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


_MARKS = ("\n", ",", ": ", "- ", "[", "{")
_BYTE_MARKS = tuple(mark.encode() for mark in _MARKS)


def estimate_values(text: str | bytes) -> int:
    """A quick over-estimate of how many YAML values (nodes) `text` holds, without parsing it
    (the same count for the text and its UTF-8 bytes: the marks are ASCII)."""
    if isinstance(text, bytes):
        return sum(text.count(mark) for mark in _BYTE_MARKS)
    return sum(text.count(mark) for mark in _MARKS)


def too_many_values(text: str) -> str:
    """Why `text` is refused before parsing for holding too many values ("" if it is not)."""
    if len(text) <= DENSE_VALUES:  # smaller texts cannot hold too many values
        return ""
    return _too_many(estimate_values(text), len(text))


def too_many_values_in(data: bytes) -> str:
    """`too_many_values` of the text these UTF-8 bytes decode to, from the bytes (before decoding
    them: an oversized file is refused at once). The same answer and message as on the text."""
    if len(data) <= DENSE_VALUES:  # its text is no longer
        return ""
    chars = _characters(data)
    if chars <= DENSE_VALUES:
        return ""
    # first an over-estimate from one-byte counts (fast): ": " and "- " no more than ":" and "-"
    if not _too_many(sum(data.count(mark) for mark in (b"\n", b",", b":", b"-", b"[", b"{")), chars):
        return ""
    return _too_many(estimate_values(data), chars)


_CONTINUATION = bytes(range(0x80, 0xC0))
_NOT_CONTINUATION = bytes(b for b in range(256) if b not in _CONTINUATION)


def _characters(data: bytes) -> int:
    """The length of the text `decode` makes of `data` (valid UTF-8 or not: an estimate then)."""
    chars = len(data) - len(data.translate(None, _NOT_CONTINUATION))
    return chars - 1 if data.startswith(b"\xef\xbb\xbf") else chars


def _too_many(values: int, chars: int) -> str:
    if values > MAX_VALUES or (values > DENSE_VALUES and values * DENSE_BYTES > chars):
        return (
            f"holds about {values:,} YAML values in {chars / 1e6:.0f} MB, far more than a timeline needs "
            f"(about 30 an event, one per 20 bytes; at most {MAX_VALUES:,}); "
            "remove the long repeated lists or split the file"
        )
    return ""
