"""The event text: complete, attributed, literal, and bounded for huge lists."""

from tui.timeline_file import loads
from tui.widgets.event_text import citation, event_text

DOC = """\
version: 1
actors: {a: {name: "[bold]Actor[/]", short: A}, b: {name: Monitor}}
events:
  - id: e
    date: 2016-12
    title: "Title [link=file:///etc/passwd]x[/link]"
    actors: [a]
    text: Body.
    claims: [%s]
    casualties: {low: 20, high: 30, note: "Monitor count"}
    sources: [%s]
"""


def build(claims: int, sources: int):
    text = DOC % (
        ",".join("{by: b, says: c%d, via: Wire}" % i for i in range(claims)),
        ",".join("{publisher: P%d, title: T, date: 2016-12-01}" % i for i in range(sources)),
    )
    timeline = loads(text)
    return timeline, timeline.events[0]


def test_everything_shown_literally_with_attribution():
    timeline, event = build(2, 1)
    text = str(event_text(timeline, event))
    assert "Title [link=file:///etc/passwd]x[/link]" in text
    assert "[bold]Actor[/]" in text
    assert "Monitor says: c0 (via Wire)" in text
    assert "Casualties: 20–30 (Monitor count)" in text
    assert "1. P0, “T”, 1 Dec 2016" in text
    assert "Dec 2016" in text


def test_huge_lists_are_bounded_and_counted():
    timeline, event = build(230, 205)
    text = str(event_text(timeline, event))
    assert "c199" in text and "c200" not in text
    assert "… and 30 more claims" in text
    assert "… and 5 more sources" in text


def test_citation():
    timeline, event = build(0, 2)
    assert citation(timeline, event).splitlines() == [
        "Title [link=file:///etc/passwd]x[/link] (Dec 2016)",
        "Source: P0, “T”, 1 Dec 2016",
        "Source: P1, “T”, 1 Dec 2016",
    ]
