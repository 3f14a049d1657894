"""The fast adapter (tui/timeline_file/yamlrs_reader.py, yaml-rs) against the reference (PyYAML).

The rule: the fast path gives exactly PyYAML's timeline (line numbers included) or declines
(None), and it always declines a text PyYAML refuses.
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("yaml_rs")

from tui import timeline_file as loader  # noqa: E402
from tui.timeline_file import yamlrs_reader  # noqa: E402
from tui.safetext import clean  # noqa: E402

from conftest import MINI, load_bench_gen  # noqa: E402



def reference(text: str):
    try:
        return loader.loads(text, "t.yaml")
    except loader.TimelineError as exc:
        return exc


def in_pieces(text: str, piece_bytes: int = 1):
    """The fast path over the file's bytes, its events parsed a piece at a time (here: every
    item a piece of its own), as big files are read."""
    data = text.encode("utf-8")
    return loader.loads_fast_bytes(data, "t.yaml", messages=yamlrs_reader.pieces(data, piece_bytes))


def same_or_declined(text: str):
    """Check the rule for one text, read whole and in pieces; returns (fast, reference)."""
    ref = reference(text)
    fast = loader.loads_fast(text, "t.yaml")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no file holds one
        pieces = None
    else:
        pieces = in_pieces(text) if not text.startswith("\ufeff") else None
    for got in (fast, pieces):
        if isinstance(ref, loader.TimelineError):
            assert got is None, f"fast path accepted a text the loader refuses: {ref.problems[:2]}"
        else:
            assert got is None or (got == ref and [e.line for e in got.events] == [e.line for e in ref.events])
    return fast, ref


def test_builtin_timeline_is_identical():
    text = loader.read_text(loader.builtin_path())
    fast = loader.loads_fast(text, "t.yaml")
    assert fast is not None, yamlrs_reader.odd_text(text)
    assert fast == loader.loads(text, "t.yaml")
    assert [e.line for e in fast.events] == [e.line for e in loader.loads(text, "t.yaml").events]


def test_mini_and_generated_timelines_are_identical():
    gen = load_bench_gen()
    texts = [MINI.read_text(encoding="utf-8")] + [gen.generate(n, seed) for n, seed in ((200, 1), (600, 7), (50, 11))]
    for text in texts:
        fast = loader.loads_fast(text, "t.yaml")
        assert fast is not None, yamlrs_reader.odd_text(text)
        assert fast == loader.loads(text, "t.yaml")


def test_crlf_line_ends():
    text = MINI.read_text(encoding="utf-8").replace("\n", "\r\n")
    fast, ref = same_or_declined(text)
    assert fast is not None


EVENT = """- id: {id}
  date: 2016-12-22
  title: An event
  actors: [hts]
  text: |
    Some text.
  sources:
  - {{publisher: Someone}}
"""
HEAD = "version: 1\ntitle: T\nactors:\n  hts: {name: HTS}\nplaces:\n  aleppo: {name: Aleppo, lat: 36.2, lon: 37.1}\n"


def doc(*events: str, head: str = HEAD, key: str = "events:\n") -> str:
    return head + key + "".join(events)


@pytest.mark.parametrize(
    "text",
    [
        doc(EVENT.format(id="a"), EVENT.format(id="b")),
        doc(*("  " + line + "\n" for e in (EVENT.format(id="a"), EVENT.format(id="b")) for line in e.splitlines())),
        doc(EVENT.format(id="a"), "# a comment\n\n", EVENT.format(id="b")),
        doc(EVENT.format(id="a"), EVENT.format(id="b")) + "eras:\n- {id: e, title: E, start: 2016}\n",
        doc("- {id: a, date: 2016, title: T, actors: [hts], text: x, sources: [{publisher: P}]}\n"),
        doc("-\n  id: a\n  date: 2016\n  title: T\n  actors: [hts]\n  text: x\n  sources: [{publisher: P}]\n"),
        doc("- date: 2016\n  id: a\n  title: T\n  actors: [hts]\n  text: x\n  sources: [{publisher: P}]\n"),
        doc("- id: 'a'\n  date: 2016\n  title: T\n  actors: [hts]\n  text: x\n  sources: [{publisher: P}]\n"),
        doc(EVENT.format(id="a")).replace("events:", "events:   # the list"),
    ],
    ids=["plain", "indented", "comments", "eras-after", "flow", "dash-alone", "id-not-first", "quoted-id", "key-comment"],
)
def test_layouts_of_the_event_list(text):
    fast, ref = same_or_declined(text)
    assert not isinstance(ref, loader.TimelineError), ref.problems


DECLINED = {
    "tag": ("title: An event", "title: !custom An event"),
    "binary tag": ("title: An event", "title: !!binary aGk="),
    "alias": ("  actors: [hts]", "  actors: &who [hts]\n  places: *who"),
    "scalar alias": ("title: An event", "title: &t An event\n  summary: *t"),
    "flow colon": ("actors: [hts]", "actors: [:hts]"),
    "flow question": ("actors: [hts]", "actors: [?hts]"),
    "hex date": ("date: 2016-12-22", "date: 0x7E0"),
    "plus date": ("date: 2016-12-22", "date: +2016"),
    "zero date": ("date: 2016-12-22", "date: 02016"),
    "underscore date": ("date: 2016-12-22", "date: 2_016"),
    "tab": ("title: An event", "title:\tAn event"),
    "nel": ("title: An event", "title: An\x85event"),
    "line separator": ("title: An event", "title: An\u2028event"),
    "bom inside": ("title: An event", "title: \ufeffAn event"),
    "lone cr": ("title: An event", "title: An\revent"),
    "directive": ("version: 1", "%YAML 1.1\n---\nversion: 1"),
    "true title": ("title: An event", "title: true"),
    "float title": ("title: An event", "title: 1.50"),
    "merge key": ("  title: An event", "  <<: {title: An event}"),
}


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_declines_what_the_parsers_read_differently(name):
    old, new = DECLINED[name]
    base = doc(EVENT.format(id="a"))
    assert old in base
    text = base.replace(old, new, 1)
    fast, ref = same_or_declined(text)
    assert fast is None


@pytest.mark.parametrize(
    "change",
    [
        ("date: 2016-12-22", "date: 2016-02-30"),
        ("actors: [hts]", "actors: [nobody]"),
        ("actors: [hts]", "actors: []"),
        ("- {publisher: Someone}", "- {title: no publisher}"),
        ("title: An event", "title: An event\n  colour: red"),
        ("title: An event", "title: ''"),
        ("title: An event", "title: A\n  title: B"),
        ("version: 1", "version: 2"),
        ("lat: 36.2", "lat: 136.2"),
        ("id: a", "id: a b"),
        ("title: An event", "title: " + "x" * 2_001),
    ],
)
def test_declines_every_error(change):
    text = doc(EVENT.format(id="a")).replace(*change, 1)
    fast, ref = same_or_declined(text)
    assert isinstance(ref, loader.TimelineError)


def test_duplicate_ids_and_unknown_related_are_declined():
    same_or_declined(doc(EVENT.format(id="a"), EVENT.format(id="a")))
    same_or_declined(doc(EVENT.format(id="a").replace("  text:", "  related: [zz]\n  text:")))


def test_an_integer_written_plainly_is_the_same_text():
    """yaml-rs gives 2016 as an int; its text as written is str(2016), so both read "2016"."""
    text = doc(EVENT.format(id="a")).replace("title: An event", "title: 2016", 1)
    fast, ref = same_or_declined(text)
    assert fast is not None and fast.events[0].title == "2016" == ref.events[0].title


def test_what_clean_changes_is_never_printable():
    # _text skips `clean` for printable strings: that is only right if clean leaves them alone
    printable = "".join(ch for ch in map(chr, range(sys.maxunicode + 1)) if ch.isprintable())
    assert clean(printable) == printable
    assert clean(printable, multiline=True) == printable


# --------------------------------------------------------------------------- fuzzing

SCALARS = st.one_of(
    st.text(alphabet=st.sampled_from(list("aZ09 -_.:,#'\"!&*?|>%@`[]{}~\\/\u00e9\u0644\u200b\x85\u2028\t")), max_size=12),
    st.sampled_from([
        "yes", "no", "on", "off", "true", "True", "null", "~", "", "0", "-0", "007", "0x10", "0o17", "0b11", "+5", "1_000",
        "1.50", "1e3", ".inf", ".nan", "2016", "2016-12", "2016-12-22", "~2013-08", "12:30", "190:20:30", "2016-13-01",
        "1,000", "-12", "36.25", "-0.5", "'quoted'", '"dq\\tx"', '"\\u00e9"', "a: b", "- a", "[a, b]", "{a: b}",
    ]),
)


def render(value: str, style: str, indent: str) -> str:
    if style == "plain":
        return value
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "|\n" + "".join(indent + "  " + line + "\n" for line in (value.splitlines() or [""])).rstrip("\n")


SLOTS = ["title", "summary", "date", "end", "actor", "tag", "low", "lat", "publisher", "event id", "actor id"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    slot=st.sampled_from(SLOTS),
    value=SCALARS,
    style=st.sampled_from(["plain", "single", "double", "block"]),
)
def test_fuzzed_values_agree_or_decline(slot, value, style):
    fields = {
        "title": "An event", "summary": "One line.", "date": "2016-12-22", "end": "2016-12-30",
        "actor": "hts", "tag": "aleppo", "low": "20", "lat": "36.2", "publisher": "Someone",
        "event id": "ev-1", "actor id": "hts",
    }
    fields[slot] = render(value, style, "  ")
    flow_ok = style != "block"
    actor = fields["actor"] if flow_ok else "hts"
    actor_id = fields["actor id"] if slot == "actor id" and style != "block" else "hts"
    text = (
        "version: 1\ntitle: T\nactors:\n"
        f"  {actor_id}: {{name: HTS}}\n"
        "places:\n  aleppo: {name: Aleppo, lat: " + (fields["lat"] if flow_ok else "36.2") + "}\n"
        "events:\n"
        f"- id: {fields['event id']}\n"
        f"  date: {fields['date']}\n"
        f"  end: {fields['end']}\n"
        f"  title: {fields['title']}\n"
        f"  summary: {fields['summary']}\n"
        f"  actors: [{actor}]\n"
        f"  tags: [{fields['tag'] if flow_ok else 'aleppo'}]\n"
        f"  casualties:\n    low: {fields['low']}\n"
        "  text: |\n    Some text.\n"
        f"  sources:\n  - publisher: {fields['publisher']}\n"
    )
    same_or_declined(text)


BASE = doc(
    EVENT.format(id="a").replace("  text:", "  tags: [x, 'y z']\n  claims:\n  - {by: hts, says: \"Said: so\", via: V}\n  text:"),
    EVENT.format(id="b").replace("  title: An event", "  title: >-\n    Folded\n    title\n  end: 2017"),
)
EDITS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=len(BASE)),
        st.integers(min_value=0, max_value=3),
        st.text(alphabet=st.sampled_from(list(" \n-:,[]{}#'\"!&*?|>%@`~\\xa0123é\u2028\t")), max_size=3),
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_fuzzed_documents_agree_or_decline(edits):
    text = BASE
    for at, cut, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + cut :]
    same_or_declined(text)


def _same_values(fast: object, ref: object) -> bool:
    """The documents hold the same values: yaml-rs's ints are their text as written, its floats
    numbers whose text only a number rule reads (tui/timeline_file/document.py)."""
    if type(fast) is int:
        return str(fast) == ref
    if type(fast) is float:
        return type(ref) is str and float(ref) == fast
    if type(fast) is dict:
        return type(ref) is dict and list(fast) == list(ref) and all(_same_values(fast[k], ref[k]) for k in fast)
    if type(fast) is list:
        return type(ref) is list and len(fast) == len(ref) and all(map(_same_values, fast, ref))
    return fast == ref and type(fast) is type(ref)


def test_both_adapters_give_the_same_document():
    from tui.timeline_file import pyyaml_reader

    gen = load_bench_gen()
    for text in (loader.read_text(loader.builtin_path()), MINI.read_text(encoding="utf-8"), gen.generate(300, 2)):
        fast, ref = yamlrs_reader.document(text), pyyaml_reader.document(text, "t.yaml")
        assert fast is not None and ref.problems == []
        assert _same_values(fast.data, ref.data)
        assert list(fast.event_lines) == list(ref.event_lines) and len(fast.event_lines) > 5
    assert not _same_values({"a": [1, "x"]}, {"a": ["1", "y"]})  # the comparison can fail
