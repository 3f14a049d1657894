"""Reading a timeline file into text, with the caps that come before any parsing. No Textual here."""

from __future__ import annotations

import os
import stat

from .problems import Problem, TimelineError, whole_file

MAX_FILE_BYTES = 512 * 1024 * 1024
# Every YAML value costs a few hundred bytes of memory once parsed: a 50 MB file of "- a" lines
# would need gigabytes. A cheap over-estimate of the number of values is checked before parsing.
# Real timelines hold one value per ~20 bytes (a 100,000-event file: ~5 million values in ~110 MB);
# refused: more than MAX_VALUES, or more than a million packed denser than one per DENSE_BYTES bytes.
MAX_VALUES = 12_000_000
DENSE_VALUES = 1_000_000
DENSE_BYTES = 8


def read_text(path: str) -> str:
    """Read a timeline file as UTF-8 text or raise TimelineError saying what to do."""
    display = str(path)
    where = lambda msg: whole_file(display, msg)  # noqa: E731
    binary = "is a binary file, not a YAML timeline; give the path of a .yaml file"
    try:
        if os.path.isdir(path):
            raise where("is a folder, not a timeline file; give the path of a .yaml file")
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise where(f"is {size / 1e6:.0f} MB; timelines larger than {MAX_FILE_BYTES // 2**20} MiB are not read")
        with open(path, "rb") as handle:
            if stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                data = handle.read()
            else:  # a pipe or a device (/dev/zero, <(...)): read a bounded amount
                first = handle.read(65536)
                if b"\x00" in first:
                    raise where(binary)
                data = first + handle.read(MAX_FILE_BYTES + 1 - len(first))
                if len(data) > MAX_FILE_BYTES:
                    raise where(f"gives more than {MAX_FILE_BYTES // 2**20} MiB; timelines that large are not read")
    except FileNotFoundError:
        raise where("no such file; check the path (run `syria-timeline` with no argument for the built-in timeline)") from None
    except PermissionError:
        raise where("cannot be read (permission denied); check the file's permissions") from None
    except IsADirectoryError:
        raise where("is a folder, not a timeline file; give the path of a .yaml file") from None
    except OSError as exc:
        raise where(f"cannot be read ({exc.strerror or exc}); check the path") from None
    except MemoryError:
        raise where("is too large to read into memory") from None
    return decode(data, display)


def decode(data: bytes, display: str) -> str:
    """The UTF-8 text of a timeline file's bytes, or TimelineError."""
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise whole_file(display, "is saved as UTF-16 or UTF-32; save it as UTF-8")
    if b"\x00" in data[:65536] or b"\x00" in data[-65536:]:
        raise whole_file(display, "is a binary file, not a YAML timeline; give the path of a .yaml file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise TimelineError(
            [Problem(display, line, col, f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8")]
        ) from None


def located(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character `index` in `text`."""
    index = max(0, min(index, len(text)))
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def estimate_values(text: str) -> int:
    """A quick over-estimate of how many YAML values (nodes) `text` holds, without parsing it."""
    return sum(text.count(mark) for mark in ("\n", ",", ": ", "- ", "[", "{"))


def too_many_values(text: str) -> str:
    """Why `text` is refused before parsing for holding too many values ("" if it is not)."""
    if len(text) <= DENSE_VALUES:  # smaller texts cannot hold too many values
        return ""
    values = estimate_values(text)
    if values > MAX_VALUES or (values > DENSE_VALUES and values * DENSE_BYTES > len(text)):
        return (
            f"holds about {values:,} YAML values in {len(text) / 1e6:.0f} MB, far more than a timeline needs "
            f"(about 30 an event, one per 20 bytes; at most {MAX_VALUES:,}); "
            "remove the long repeated lists or split the file"
        )
    return ""
