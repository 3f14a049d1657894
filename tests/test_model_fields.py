"""A field added to the model in one place reaches every path (PyYAML, yaml-rs, the parse cache
written and read, lazily or not), or fails loudly: no path can drop it silently."""

from __future__ import annotations

import dataclasses

import pytest

from tui import cache, opening, model
from tui.timeline_file import rules

from conftest import MINI


@dataclasses.dataclass(frozen=True, slots=True)
class MoodEvent(model.Event):
    mood: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class DictEvent(model.Event):
    extra: dict = dataclasses.field(default_factory=dict)


@pytest.fixture
def with_mood(monkeypatch):
    """The model's Event gets `mood`, and the rules read it (what adding a field takes)."""
    monkeypatch.setattr(model, "Event", MoodEvent)
    monkeypatch.setattr(rules, "EVENT_KEYS", (*rules.EVENT_KEYS, "mood"))
    original = rules._event

    def event(c, value, at, *rest):
        built = original(c, value, at, *rest)
        if built is None:
            return None
        assert type(built) is MoodEvent  # the rules build the model's Event, whatever it is
        return dataclasses.replace(built, mood=c.text(value["mood"], at, "mood", "mood") if "mood" in value else "")

    monkeypatch.setattr(rules, "_event", event)


def moody_text() -> str:
    text = MINI.read_text(encoding="utf-8")
    assert "    title: Protests begin\n" in text
    return text.replace("    title: Protests begin\n", "    title: Protests begin\n    mood: hopeful\n", 1)


def moods(timeline) -> dict[str, str]:
    return {e.id: e.mood for e in timeline.events if e.mood}


def test_every_path_carries_a_new_field(with_mood, tmp_path, monkeypatch, small_chunks):
    from tui import timeline_file

    text = moody_text()
    parsed = timeline_file.loads(text, "t.yaml")
    assert moods(parsed) == {"protests-2011": "hopeful"}
    fast = timeline_file.loads_fast(text, "t.yaml")
    if timeline_file.fast_available():
        assert fast is not None and moods(fast) == moods(parsed) and fast == parsed
    again = cache.decode(cache.encode(parsed), "t.yaml")  # the codec, lazily rebuilt
    assert isinstance(again.events[0], MoodEvent) and moods(again) == moods(parsed) and again == parsed
    path = tmp_path / "moody.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(opening.NO_CHILD_ENV, "1")
    first = opening.open_timeline(str(path))  # parsed, then written to the cache
    stored = cache.get(str(path), path.stat())  # read back from the entry file
    assert stored is not None and isinstance(stored.events, cache.CachedEvents)
    assert moods(stored) == moods(first) == {"protests-2011": "hopeful"}


def test_the_rules_refuse_the_field_until_the_model_has_it():
    from tui.timeline_file import TimelineError, loads

    with pytest.raises(TimelineError, match="unknown key 'mood' in an event"):
        loads(moody_text(), "t.yaml")


def test_a_field_the_cache_cannot_store_fails_loudly(monkeypatch, mini, tmp_path):
    monkeypatch.setattr(model, "Event", DictEvent)
    events = tuple(DictEvent(**{f.name: getattr(e, f.name) for f in dataclasses.fields(e)}, extra={"a": 1}) for e in mini.events)
    timeline = dataclasses.replace(mini, events=events)
    with pytest.raises(TypeError, match="cannot store DictEvent.extra"):
        cache.encode(timeline)
    path = tmp_path / "t.yaml"
    path.write_text("x")
    with pytest.raises(TypeError):
        cache.put(str(path), path.stat(), timeline)  # never a silent "not cached"


def test_an_entry_made_for_another_model_is_a_miss(mini, monkeypatch):
    payload = cache.encode(mini)
    monkeypatch.setattr(model, "Event", MoodEvent)
    with pytest.raises(ValueError, match="another model"):
        cache.decode(payload, mini.path)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(cache.codec, "CHUNK", 4)  # several blocks from the mini timeline's 10 events
