"""A big file's events parsed a piece at a time (tui/timeline_file/yamlrs_reader.py `pieces`),
possibly in a forked process (tui/opening.py `_Worker`): the same timeline as PyYAML's, line
numbers included, or declined; every problem reported as PyYAML reports it, wherever it is."""

from __future__ import annotations

import pytest

pytest.importorskip("yaml_rs")

from tui import opening  # noqa: E402
from tui import timeline_file as loader  # noqa: E402
from tui.timeline_file import reading, yamlrs_reader  # noqa: E402

from conftest import MINI, load_bench_gen  # noqa: E402
from test_fastload import DECLINED, EVENT, doc, in_pieces  # noqa: E402


@pytest.fixture(scope="module")
def generated() -> str:
    return load_bench_gen().generate(400, 5)


@pytest.mark.parametrize("piece_bytes", [1, 700, 5_000, 1 << 22])
def test_pieces_give_the_reference_timeline(generated, piece_bytes):
    ref = loader.loads(generated, "t.yaml")
    got = in_pieces(generated, piece_bytes)
    assert got is not None and got == ref
    assert [e.line for e in got.events] == [e.line for e in ref.events]
    cut = yamlrs_reader.plan(generated.encode(), piece_bytes)
    assert cut is not None and cut.items == 400
    assert (len(cut.cuts) > 20) == (piece_bytes <= 5_000)  # really cut (or not) as asked


def test_builtin_and_mini_in_pieces():
    for text in (loader.read_text(loader.builtin_path()), MINI.read_text(encoding="utf-8")):
        got = in_pieces(text)
        assert got is not None and got == loader.loads(text, "t.yaml")
        assert [e.line for e in got.events] == [e.line for e in loader.loads(text, "t.yaml").events]


def two(a: str = "a", b: str = "b") -> str:
    return doc(EVENT.format(id=a), EVENT.format(id=b))


@pytest.mark.parametrize(
    "text",
    [
        two() + "eras:\n- {id: e, title: E, start: 2016}\n",  # a key after the block
        two() + "eras: [{id: e, title: E, start: 2016}]\n# the end\n",
        two().replace("version: 1\n", "") + "version: 1\n",
        "events:\n" + EVENT.format(id="a").replace("[hts]", "[]"),  # nothing but events (refused by both)
        two().replace("title: An event", 'title: "An\n  event"', 1),  # a quoted value over two lines
    ],
)
def test_layouts_read_in_pieces(text):
    ref = loader.loads(text, "t.yaml") if "[]" not in text else None
    got = in_pieces(text)
    assert got == ref or (got is None and '"An' in text)  # (the whole file's reading declines that one too)
    if got is not None:
        assert [e.line for e in got.events] == [e.line for e in ref.events]


@pytest.mark.parametrize(
    "text",
    [
        two() + "events:\n" + EVENT.format(id="c"),  # two events keys
        two() + "...\n",  # a document end after the block
        two() + "  # indented comment\n---\nversion: 1\n",  # a second document
        two() + "-x: 1\n",  # an item-like line that is no item
        two().replace("events:\n", 'title2: "open\nevents:\n') + '"\n',  # events: inside a quoted value
    ],
    ids=["two keys", "document end", "second document", "dash key", "in a quoted value"],
)
def test_what_cannot_be_cut_is_not_read_in_pieces(text):
    messages = list(yamlrs_reader.pieces(text.encode(), 1))
    assert ("end",) not in messages and messages[-1][0] == "decline"
    try:
        ref = loader.loads(text, "t.yaml")
    except loader.TimelineError:
        ref = None
    assert in_pieces(text) in (None, ref)  # read whole instead (or declined)


def test_a_value_cut_in_two_is_not_read_in_pieces():
    """A double-quoted value may run over lines that look like items (PyYAML allows it): cut
    there, the piece before would not parse, and the file is read whole (the same timeline)."""
    text = two().replace("title: An event", 'title: "An\n- id: x\n  date: y"', 1)
    data = text.encode()
    messages = list(yamlrs_reader.pieces(data, 1))
    assert messages[-1] == ("decline", "split")
    whole = loader.loads_fast(text, "t.yaml")
    assert loader.loads_fast_bytes(data, "t.yaml", messages=iter(messages)) == whole


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_declined_in_pieces(name):
    old, new = DECLINED[name]
    text = doc(EVENT.format(id="a"), EVENT.format(id="b"), EVENT.format(id="c")).replace(old, new, 1)
    if "\ufeff" in text or "\u2028" in text or "\x85" in text or "\r" in text or "\t" in text:
        pass
    assert in_pieces(text) is None


# --------------------------------------------------------------------------- through opening.parse


def big_file(tmp_path, text: str) -> str:
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture(params=["here", "worker", "two workers"])
def parallel(request, monkeypatch):
    monkeypatch.setattr(yamlrs_reader, "PIECE_BYTES", 2_000)
    monkeypatch.setattr(opening._Worker, "WORKERS", 2 if request.param == "two workers" else 1)
    return request.param != "here"


def parse_big(path: str, parallel: bool):
    try:
        return opening.parse(path, big=True, parallel=parallel)
    except loader.TimelineError as exc:
        return exc


def test_parse_in_pieces_equals_the_reference(tmp_path, generated, parallel, monkeypatch):
    path = big_file(tmp_path, generated)
    called = []
    monkeypatch.setattr(loader, "loads", lambda *a, **k: called.append(a) or (_ for _ in ()).throw(AssertionError("PyYAML")))
    got = parse_big(path, parallel)
    monkeypatch.undo()
    assert called == []  # yaml-rs did it, in pieces
    ref = loader.load(path)
    assert got == ref and [e.line for e in got.events] == [e.line for e in ref.events]


@pytest.mark.parametrize(
    "change",
    [
        ("  actors: [actor-", "  actors: [nobody, actor-"),  # a rule
        ("  title: ", "  title: [unclosed "),  # YAML syntax
        ("  date: ", "  date:\t"),  # a tab
        ("  date: ", "  colour: red\n  date: "),  # an unknown key
    ],
    ids=["rule", "syntax", "tab", "unknown key"],
)
def test_a_problem_in_the_second_half_is_reported_where_it_is(tmp_path, generated, parallel, change):
    """The fast path declines, and PyYAML reports the problem with its line and column: the
    same report as reading the file with PyYAML alone."""
    at = generated.rfind("\n" + change[0]) + 1  # in the last event
    assert at > len(generated) // 2
    text = generated[:at] + change[1] + generated[at + len(change[0]) :]
    lines = generated.split("\n")
    path = big_file(tmp_path, text)
    got = parse_big(path, parallel)
    try:
        ref = loader.load(path)
    except loader.TimelineError as exc:
        ref = exc
    if change[1].startswith("  date:\t"):  # a tab there is valid YAML: declined, then read by PyYAML
        assert not isinstance(ref, loader.TimelineError) and got == ref
        assert [e.line for e in got.events] == [e.line for e in ref.events]
        return
    assert isinstance(got, loader.TimelineError) and got.problems == ref.problems
    assert got.problems[0].line > len(lines) // 2


def test_too_many_values_is_refused_before_reading_any_value(tmp_path, monkeypatch):
    path = tmp_path / "values.yaml"
    path.write_text("version: 1\nevents:\n" + "- [a,a,a,a,a,a]\n" * 200_000, encoding="utf-8")
    reads = []
    real = loader.read_bytes
    monkeypatch.setattr(loader, "read_bytes", lambda p: reads.append(p) or real(p))
    monkeypatch.setattr(yamlrs_reader, "parse", lambda text: (_ for _ in ()).throw(AssertionError("parsed")))
    monkeypatch.setattr(reading, "decode", lambda *a: (_ for _ in ()).throw(AssertionError("decoded")))
    with pytest.raises(loader.TimelineError) as refused:
        opening.parse(str(path), big=True)
    assert "far more than a timeline needs" in str(refused.value) and refused.value.problems[0].line == 0
    assert reads == [str(path)]  # read once


@pytest.mark.parametrize("text", [
    "a: [1,2,3]\n" * 200_000,
    "é- x\n" * 300_000,
    "\ufeff" + "- x\n" * 300_000,
    "x: " + "اب" * 600_000 + "\n" + "- a\n" * 200_000,
    "- aaaaaaaaa: bbbbbbbbbb\n" * 60_000,
    "- [a,a,a,a,a,a]\n" * 200_000,
    "\ufeff" + "اااااا," * 1_100_000,  # refused for its characters, not for its bytes (twice as many)
])
def test_the_cap_on_bytes_is_the_cap_on_text(text):
    data = text.encode("utf-8")
    expected = reading.too_many_values(reading.decode(data, "t"))
    assert reading.too_many_values_in(data) == expected
    assert bool(expected) == ("[a,a" in text or "ااا," in text)
