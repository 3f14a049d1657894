#!/usr/bin/env python3
"""Build the hostile corpus in a folder: the small committed files plus the generated ones.

Big, binary and byte-exact cases (a 50 MB file, a 5 MB string, invalid UTF-8, a BOM, tabs,
raw control bytes, a folder, a missing and an unreadable file) are written here at test time
and never committed. The outcome each case must get is in EXPECTED, beside this file.

    python tests/hostile/make_corpus.py DIR      # writes the whole corpus into DIR
"""

from __future__ import annotations

import os
import random
import shutil
import sys
from pathlib import Path
from typing import Callable

HERE = Path(__file__).parent

HEAD = "version: 1\nactors:\n  a: {name: Actor A}\nevents:\n"


def event(event_id: str = "e1", **fields: str) -> str:
    """One event in block style; `fields` replace or add lines (values written as given)."""
    values = {"id": event_id, "date": "2016-12-22", "title": "Title", "actors": "[a]", "text": "Text.", "sources": "[{publisher: Wire}]"}
    values.update(fields)
    lines = [f"  - id: {values.pop('id')}"] + [f"    {key}: {value}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def _text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="")


def big_values(path: Path) -> None:
    """50 MB of one-letter list items: 25 million YAML values, gigabytes if composed."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD + event(tags=""))
        chunk = "      - a\n" * 100_000
        for _ in range(50):  # 50 x 1 MB
            out.write(chunk)


def big_comments(path: Path) -> None:
    """A small valid timeline followed by 50 MB of comment lines: loads, shows one event."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD.replace("events:", "title: Fifty megabytes\nevents:") + event("big-file", title="The 50 MB file"))
        line = "# " + "padding " * 12 + "\n"
        chunk = line * (1_000_000 // len(line))
        for _ in range(50):
            out.write(chunk)


def big_string(path: Path) -> None:
    """One event whose text is a single 5 MB string."""
    _text(path, HEAD + event(text='"' + "lorem ipsum " * (5_000_000 // 12) + '"'))


def big_title(path: Path) -> None:
    """A 5 MB one-line title, no spaces."""
    _text(path, HEAD + event(title="x" * 5_000_000))


def big_key(path: Path) -> None:
    """A 5 MB unknown key: the message quotes it, shortened."""
    _text(path, HEAD + event() + "    " + "k" * 5_000_000 + ": v\n")


def big_int(path: Path) -> None:
    """A casualty figure with 5,000 digits."""
    _text(path, HEAD + event(casualties="{low: " + "9" * 5000 + "}"))


def deep_flow(path: Path) -> None:
    """100,000 nested [ in an event's text: libyaml stops at 1,000 levels."""
    _text(path, HEAD + event(text="[" * 100_000))


def deep_block(path: Path) -> None:
    """1,500 levels of indented '- ' items (about 2 MB of spaces)."""
    lines = [HEAD + event(tags="")] + ["  " * (i + 3) + "-\n" for i in range(1500)]
    _text(path, "".join(lines))


def deep_mapping(path: Path) -> None:
    """100,000 nested {a: in the title."""
    _text(path, HEAD + event(title="{a: " * 100_000))


def tabs_indent(path: Path) -> None:
    """Tabs used for indentation (YAML forbids them)."""
    _text(path, HEAD + event().replace("    date:", "\tdate:"))


def tabs_in_values(path: Path) -> None:
    """Tabs inside values are allowed; they show as spaces."""
    _text(path, HEAD + event("tabs", title='"Tab\tseparated\ttitle"', text='"col1\tcol2\tcol3"'))


def bom(path: Path) -> None:
    """A UTF-8 byte-order mark at the start, as some Windows editors write."""
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + event("bom", title="BOM file")).encode())


def bom_inside(path: Path) -> None:
    """A second BOM inside a value (a zero-width no-break space): removed."""
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + event("bom2", title="Inner\ufeffBOM")).encode())


def utf16(path: Path) -> None:
    """The same timeline saved as UTF-16."""
    path.write_bytes((HEAD + event()).encode("utf-16"))


def invalid_utf8(path: Path) -> None:
    """Latin-1 bytes in the title on line 7."""
    path.write_bytes((HEAD + event()).encode().replace(b"title: Title", b"title: Caf\xe9 \xff"))


def overlong_utf8(path: Path) -> None:
    """An overlong encoding of '/' (0xC0 0xAF) in the text on line 9."""
    path.write_bytes((HEAD + event()).encode().replace(b"text: Text.", b"text: ..\xc0\xaf.."))


def raw_escape(path: Path) -> None:
    """A raw ESC byte (not a YAML escape) in the title: YAML itself forbids it."""
    path.write_bytes((HEAD + event()).encode().replace(b"title: Title", b"title: Red \x1b[31mtitle"))


def raw_bell(path: Path) -> None:
    """A raw BEL byte in the actor's name."""
    path.write_bytes((HEAD + event()).encode().replace(b"name: Actor A", b"name: Actor\x07A"))


def raw_c1(path: Path) -> None:
    """A raw C1 CSI (U+009B, UTF-8 C2 9B) in the text."""
    path.write_bytes((HEAD + event()).encode().replace(b"text: Text.", b"text: C1 \xc2\x9b2J"))


def raw_bidi(path: Path) -> None:
    """A raw U+202E (RIGHT-TO-LEFT OVERRIDE) in the title: YAML allows it; the loader removes it."""
    _text(path, HEAD + event("raw-bidi", title="Invoice\u202egpj.exe"))


def raw_nul(path: Path) -> None:
    """A NUL byte in the middle of a text file."""
    path.write_bytes((HEAD + event()).encode().replace(b"text: Text.", b"text: Te\x00xt."))


def binary(path: Path) -> None:
    """A PNG header and random bytes."""
    rng = random.Random(7)
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4096)))


def crlf(path: Path) -> None:
    """Windows line endings."""
    path.write_bytes((HEAD + event("crlf", title="CRLF file", text="|\n      two\n      lines")).replace("\n", "\r\n").encode())


def many_actors(path: Path) -> None:
    """5,000 actors, all in one event."""
    ids = [f"actor-{i:04d}" for i in range(5000)]
    registry = "".join(f"  {i}: {{name: Actor number {n}, short: A{n}}}\n" for n, i in enumerate(ids))
    _text(path, "version: 1\nactors:\n" + registry + "events:\n" + event("crowd", title="Five thousand actors", actors="[" + ", ".join(ids) + "]"))


def many_sources(path: Path) -> None:
    """5,000 sources and 5,000 claims in one event."""
    sources = "[" + ", ".join(f"{{publisher: Wire {n}}}" for n in range(5000)) + "]"
    claims = "[" + ", ".join(f"{{by: a, says: Claim {n}}}" for n in range(5000)) + "]"
    _text(path, HEAD + event("sourced", title="Five thousand sources", sources=sources, claims=claims))


def many_problems(path: Path) -> None:
    """1,000 events naming an unknown actor: the report stops after 50 problems."""
    _text(path, HEAD + "".join(event(f"e{n}", actors="[nobody]") for n in range(1000)))


def many_events(path: Path) -> None:
    """2,000 events on one day, all with control codes and markup in the title."""
    _text(path, HEAD + "".join(event(f"e{n}", title=f'"[bold]{n}\\e[31m\\a"') for n in range(2000)))


def directory(path: Path) -> None:
    path.mkdir()


def missing(path: Path) -> None:
    """Nothing is written: the path does not exist."""


def unreadable(path: Path) -> None:
    _text(path, HEAD + event())
    path.chmod(0)


def fifo(path: Path) -> None:
    """A named pipe nobody writes to (it used to leave the app on "Loading…" for ever)."""
    os.mkfifo(path)


def device(path: Path) -> None:
    """A symbolic link to /dev/zero: endless NUL bytes."""
    path.symlink_to("/dev/zero")


def sparse_600mb(path: Path) -> None:
    """A 600 MB file that takes no disk (sparse): refused by its size before a byte is read."""
    with open(path, "wb") as out:
        out.truncate(600 * 1024 * 1024)


GENERATED: dict[str, Callable[[Path], None]] = {
    "fifo.yaml": fifo,
    "device-zero.yaml": device,
    "sparse-600mb.yaml": sparse_600mb,
    "big-50mb-values.yaml": big_values,
    "big-50mb-comments.yaml": big_comments,
    "big-5mb-string.yaml": big_string,
    "big-5mb-title.yaml": big_title,
    "big-5mb-key.yaml": big_key,
    "big-int.yaml": big_int,
    "deep-nesting-flow.yaml": deep_flow,
    "deep-nesting-block.yaml": deep_block,
    "deep-nesting-mapping.yaml": deep_mapping,
    "tabs-indent.yaml": tabs_indent,
    "tabs-in-values.yaml": tabs_in_values,
    "bom.yaml": bom,
    "bom-inside.yaml": bom_inside,
    "utf16.yaml": utf16,
    "invalid-utf8.yaml": invalid_utf8,
    "overlong-utf8.yaml": overlong_utf8,
    "raw-escape.yaml": raw_escape,
    "raw-bell.yaml": raw_bell,
    "raw-c1.yaml": raw_c1,
    "raw-bidi.yaml": raw_bidi,
    "raw-nul.yaml": raw_nul,
    "binary.png": binary,
    "crlf.yaml": crlf,
    "actors-5000.yaml": many_actors,
    "sources-5000.yaml": many_sources,
    "problems-1000.yaml": many_problems,
    "events-2000.yaml": many_events,
    "a-directory.yaml": directory,
    "missing.yaml": missing,
    "unreadable.yaml": unreadable,
}


def committed() -> list[Path]:
    """The small corpus files kept in the repository."""
    return sorted(p for p in HERE.iterdir() if p.suffix == ".yaml")


def build(dest: Path, only: list[str] | None = None) -> Path:
    """Write the corpus (or the `only` named cases) into `dest` and return it."""
    dest.mkdir(parents=True, exist_ok=True)
    for source in committed():
        if only is None or source.name in only:
            shutil.copyfile(source, dest / source.name)
    for name, make in GENERATED.items():
        if only is None or name in only:
            make(dest / name)
    return dest


def cleanup(dest: Path) -> None:
    """Make the unreadable file removable again (pytest deletes old temp folders) and drop the
    big files at once (pytest keeps the last three runs' folders)."""
    target = dest / "unreadable.yaml"
    if target.exists():
        os.chmod(target, 0o600)
    for path in dest.iterdir():
        if path.is_file() and path.stat().st_size > 1_000_000:
            path.unlink()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(build(Path(sys.argv[1])))
