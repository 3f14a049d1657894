"""Fuzzing: whatever the file holds, the loader raises only TimelineError, and what loads renders.

Structured documents (timelines with random strings, dates, ids and types, then corrupted),
mutated copies of a real timeline, and unstructured YAML-ish text. CI runs a few hundred
examples; `pytest -m slow tests/test_fuzz.py` runs thousands.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent / "hostile"))

from screen_check import assert_no_controls, render_file  # noqa: E402

from tui.timeline_file import TimelineError, loads  # noqa: E402
from tui.model import Timeline  # noqa: E402

MINI = (Path(__file__).parent / "data" / "mini.yaml").read_text(encoding="utf-8")

FAST = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=5000, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# strings that have broken terminals, markup parsers and YAML loaders
NASTY = [
    "[bold]", "[/]", "[/bold]", "[link=file:///etc/passwd]x[/link]", "[@click=app.quit]q[/]", "[$accent]", "\\[",
    "\x1b[31m", "\x1b[2J\x1b[H", "\x1b]52;c;ZWNobyBwd25lZAo=\x07", "\x1b]8;;file:///etc/passwd\x1b\\x\x1b]8;;\x1b\\",
    "\x07", "\x08\x08", "\x00", "\x7f", "\x85", "\x9b31m", "\x9d0;t\x9c", "\u202e", "\u2066", "\u200b", "\ufeff", "\u2028",
    "\U000e0041", "z̷̢̛̛̩̫̖", "🙂", "حلب", "\t", "\r\n", "~", "null", "yes", "1e999", ".nan", "0x1F", "-1", "2016-02-30",
    "0000", "99999", "&a", "*a", "!!python/object:os.system", "%TAG", "---", "...", "? ", ": ", "- ", "#", "|", ">",
    "{", "}", "[", "]", ",", "'", '"', "@", "`",
]
ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",))
TEXT = st.one_of(st.text(ALPHABET, max_size=40), st.sampled_from(NASTY), st.lists(st.sampled_from(NASTY), max_size=4).map("".join))
WORD = st.text(ALPHABET, min_size=1, max_size=30).filter(lambda s: s.strip())
ID = st.text("abcdefxyz0123456789-_.:+", min_size=1, max_size=10).filter(lambda s: s[0].isalnum())
DATE = st.one_of(
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.dates(dt.date(2011, 1, 1), dt.date(2024, 12, 31)).map(lambda d: d.isoformat()[: 4 + 3 * (d.day % 3)]),
    st.integers(-5, 10_001),
    st.from_regex(r"~?\d{1,5}(-\d{1,2}(-\d{1,2})?)?", fullmatch=True),
    st.sampled_from(["December 2016", "~Aug 2013", "22 Dec 2016", "2016-12-22T10:00:00Z", "Dec", "32 Dec 2016"]),
    TEXT,
)
ANY_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT, DATE),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.one_of(ID, TEXT), inner, max_size=3)),
    max_leaves=8,
)


@st.composite
def documents(draw, valid: bool = False) -> dict:
    """A timeline as Python data: valid (strings random), or valid-ish then corrupted."""
    text = WORD if valid else TEXT
    actor_ids = draw(st.lists(ID, min_size=1, max_size=4, unique=True))
    actors = {}
    for actor_id in actor_ids:
        actor = {"name": draw(WORD)}
        if draw(st.booleans()):
            actor["short"] = draw(text)
        if draw(st.booleans()):
            actor["aliases"] = draw(st.lists(text, max_size=3))
        actors[actor_id] = actor
    place_ids = draw(st.lists(ID, max_size=2, unique=True))
    places = {p: {"name": draw(WORD), "lat": draw(st.floats(-90, 90)), "arabic": draw(text)} for p in place_ids}
    event_ids = draw(st.lists(ID, max_size=4, unique=valid))
    events = []
    for event_id in event_ids:
        event = {
            "id": event_id,
            "date": draw(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)) if valid else DATE),
            "title": draw(WORD),
            "actors": draw(st.lists(st.sampled_from(actor_ids), min_size=1, max_size=3)),
            "text": draw(WORD),
            "sources": draw(st.lists(st.fixed_dictionaries({"publisher": WORD}, optional={"title": text, "url": text}), min_size=1, max_size=2)),
        }
        if draw(st.booleans()):
            event["summary"] = draw(text)
        if draw(st.booleans()):
            event["tags"] = draw(st.lists(text, max_size=3))
        if place_ids and draw(st.booleans()):
            event["places"] = draw(st.lists(st.sampled_from(place_ids), max_size=2))
        if draw(st.booleans()):
            event["claims"] = [{"by": draw(st.sampled_from(actor_ids)), "says": draw(WORD), "via": draw(text)}]
        if draw(st.booleans()):
            event["casualties"] = {"low": draw(st.integers(0, 10**6)), "note": draw(text)}
        if event_ids and draw(st.booleans()):
            event["related"] = [draw(st.sampled_from(event_ids))]
        if not valid:
            for _ in range(draw(st.integers(0, 3))):  # corrupt: drop, add or replace a key
                key = draw(st.sampled_from(sorted(event) + ["end", "colour", "era"]))
                action = draw(st.sampled_from(["drop", "replace"]))
                if action == "drop":
                    event.pop(key, None)
                else:
                    event[key] = draw(ANY_VALUE)
        events.append(event)
    doc: dict = {"version": 1, "title": draw(text), "actors": actors, "places": places, "events": events}
    if draw(st.booleans()):
        doc["eras"] = [{"id": draw(ID), "title": draw(WORD), "start": draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)))}]
    if not valid and draw(st.booleans()):
        doc[draw(st.sampled_from(["version", "actors", "events", "places", "eras", "extra"]))] = draw(ANY_VALUE)
    return doc


def dump(doc: dict, flow: bool) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow, sort_keys=False)


@st.composite
def mutated_mini(draw) -> str:
    """The mini timeline with a few random edits: cut, insert, duplicate or swap lines."""
    text = MINI
    for _ in range(draw(st.integers(1, 4))):
        lines = text.splitlines(keepends=True)
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        op = draw(st.sampled_from(["cut", "insert", "dup", "swap", "chars"]))
        if op == "cut":
            del lines[at : at + draw(st.integers(1, 5))]
        elif op == "insert":
            lines.insert(at, draw(TEXT) + "\n")
        elif op == "dup":
            lines.insert(at, lines[at] if lines else "")
        elif op == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        else:
            line = lines[at] if lines else ""
            cut = draw(st.integers(0, len(line)))
            lines[at : at + 1] = [line[:cut] + draw(TEXT) + line[cut:]]
        text = "".join(lines)
    return text


YAMLISH = st.lists(
    st.one_of(
        st.sampled_from(list("-:[]{},&*!|>'\"#%@?~ \n\t\\") + ["  ", "\n  ", "- ", ": ", "version: 1\n", "events:\n"]),
        st.text(ALPHABET, max_size=5),
        st.sampled_from(NASTY),
    ),
    max_size=80,
).map("".join)

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def strings_of(value):
    """Every string held by a loaded timeline (dataclasses, dicts, tuples)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            yield from strings_of(getattr(value, item.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_of(key)
            yield from strings_of(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings_of(item)


def check_loads(text: str) -> Timeline | None:
    """loads() returns a clean Timeline or raises TimelineError with located, clean problems."""
    try:
        timeline = loads(text, "fuzz.yaml")
    except TimelineError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.line >= 0 and problem.col >= 0
            assert not CONTROL.search(str(problem)), repr(str(problem))
        return None
    for value in strings_of(timeline):
        if value is not timeline.path:
            assert not CONTROL.search(value), repr(value)
    return timeline


# --------------------------------------------------------------------------- the loader


@FAST
@given(documents(), st.booleans())
def test_structured_documents(doc, flow):
    check_loads(dump(doc, flow))


@FAST
@given(documents(valid=True))
def test_valid_documents_load(doc):
    timeline = check_loads(dump(doc, False))
    assert timeline is not None
    assert len(timeline.events) == len(doc["events"])


@FAST
@given(mutated_mini())
def test_mutated_timeline(text):
    check_loads(text)


@FAST
@given(YAMLISH)
def test_unstructured_text(text):
    check_loads(text)


@settings(max_examples=100, deadline=None, database=None)
@given(st.binary(max_size=400))
def test_random_bytes_through_the_file_reader(data):
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".yaml") as handle:
        handle.write(data)
        handle.flush()
        from tui.timeline_file import load

        try:
            load(handle.name)
        except TimelineError:
            pass


# --------------------------------------------------------------------------- the app


def render_generated(folder: Path, examples: int) -> None:
    """Generate valid timelines, then render each in the app (in parallel worker processes)."""
    texts: list[str] = []

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(documents(valid=True))
    def collect(doc):
        text = dump(doc, False)
        if check_loads(text) is not None:
            texts.append(text)

    collect()
    assert texts
    paths = []
    for n, text in enumerate(texts):
        path = folder / f"fuzz-{n}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        for path, future in zip(paths, [pool.submit(render_file, p) for p in paths]):
            try:
                screens = future.result()
            except Exception as exc:  # noqa: BLE001 - report the document that broke the app
                raise AssertionError(f"the app failed on {path}:\n{Path(path).read_text(encoding='utf-8')}") from exc
            for name, (_, raw) in screens.items():
                assert_no_controls(raw, f"{path} {name}")


def test_what_loads_renders(tmp_path):
    render_generated(tmp_path, 8)


# --------------------------------------------------------------------------- longer runs


@pytest.mark.slow
@SLOW
@given(documents(), st.booleans())
def test_structured_documents_long(doc, flow):
    check_loads(dump(doc, flow))


@pytest.mark.slow
@SLOW
@given(st.one_of(mutated_mini(), YAMLISH))
def test_text_long(text):
    check_loads(text)


@pytest.mark.slow
def test_what_loads_renders_long(tmp_path):
    render_generated(tmp_path, 100)
