"""A fuzzy multi-picker (actors, tags, places): type to narrow, Tab to pick, Enter to apply."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from rich.cells import cell_len

from .. import bidi
from ..widgets.marked_options import MarkedOptionList
from ..widgets.strips import cut
from ..keys import PICKER_KEYS, bindings
from ..name_match import Match, best
from ..query import ALL, ANY
from ..symbols import chrome


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    names: tuple[str, ...]  # everything typing may match: name, short, aliases, id
    count: int
    detail: str = ""


@dataclass(frozen=True)
class Picked:
    ids: tuple[str, ...]
    mode: str = ANY
    quoted: bool = False  # actors: also the events where they are only quoted


class Picker(ModalScreen[Picked | None]):
    BINDINGS = bindings(PICKER_KEYS) + bindings(())
    AUTO_FOCUS = "#picker-input"

    def __init__(self, title: str, items: list[Item], picked: tuple[str, ...] = (), mode: str = ANY, with_mode: bool = False, single: bool = False, quoted: bool = False, placeholder: str = "type to narrow", unit: str = "event") -> None:
        super().__init__()
        self.placeholder = placeholder  # each picker says what typing matches (actors: aliases; places: Arabic names; …)
        self.unit = unit
        self.single = single  # Enter picks the highlighted item and closes (bookmark list)
        self.title_text = title
        self.items = items
        self.picked: list[str] = list(picked)
        self.match_mode = mode
        self.with_mode = with_mode
        self.quoted = quoted
        self.shown: list[Item] = []
        self.matches: dict[str, Match] = {}  # item id -> where the typed text matched it
        self._drawn = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that mean nothing in this picker are left out of its footer: any/all and
        quoted only for actors, clearing picks only where several can be picked."""
        if action in ("toggle_mode", "toggle_quoted"):
            return self.with_mode
        if action == "clear_picks":
            return not self.single
        return True

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(Text(self.title_text, style="bold"), id="picker-title")
            field = Input(placeholder=self.placeholder, id="picker-input")
            field.cursor_blink = False  # steady, as the prompt's (tui/widgets/prompt.py): an open picker writes nothing
            yield field
            yield MarkedOptionList(id="picker-list", gutter=False, focus_only=False)  # reverse video under NO_COLOR
            yield Static(id="picker-status")
        yield Footer()

    keys_ready = False  # until the input has the focus, typed-ahead keys wait (TimelineApp)

    def on_mount(self) -> None:
        self._refilter("")
        self.set_focus(self.query_one("#picker-input"))
        self.keys_ready = True

    def on_input_changed(self, event: Input.Changed) -> None:
        self._refilter(event.value)

    def _refilter(self, query: str) -> None:
        """Best matches first: whole words and starts of words before letters found scattered."""
        scored = []
        matches: dict[str, Match] = {}
        for n, item in enumerate(self.items):
            found = best(query, [item.label, *item.names])
            if found.score:
                scored.append((-found.score, -item.count, n, item))
                matches[item.id] = found
        shown = [item for *_, item in sorted(scored)] if query.strip() else list(self.items)
        if not query.strip():
            matches = {}
        if self._drawn and shown == self.shown and matches == self.matches:
            return  # bytes over SSH: a letter that narrows nothing repaints nothing but the input
        self.shown, self.matches = shown, matches
        self._render_options(keep_highlight=False)

    def _render_options(self, keep_highlight: bool = True) -> None:
        options = self.query_one("#picker-list", OptionList)
        highlighted = options.highlighted if keep_highlight else 0
        options.clear_options()
        options.add_options([Option(self._prompt(item), id=item.id) for item in self.shown])
        self._drawn = True
        if self.shown:
            options.highlighted = min(highlighted or 0, len(self.shown) - 1)
        self._render_status()

    def _row_width(self) -> int:
        options = self.query_one("#picker-list", OptionList)
        width = options.scrollable_content_region.width
        if width and not options.show_vertical_scrollbar and len(self.shown) > options.size.height:
            width -= options.styles.scrollbar_size_vertical  # the scrollbar these rows will bring
        return max(10, width if width else self.app.size.width - 12)

    def on_resize(self) -> None:
        if self._drawn:  # cut the rows to the list's new width, which it has once laid out again
            self.call_after_refresh(self._render_options)

    def _prompt(self, item: Item) -> Text:
        """One row, never wrapped: the count and the box stay; the detail, then the name, are
        cut with … to fit. The typed letters are marked where they matched."""
        width = self._row_width()
        box = "" if self.single else ("[x] " if item.id in self.picked else "[ ] ")
        count = "" if self.single else chrome(f"  · {item.count:,} {self.unit}{'s' if item.count != 1 else ''}")
        room = width - cell_len(box) - cell_len(count)
        if count and cell_len(item.label) > room:  # narrow: the count alone, without its word
            count = chrome(f"  · {item.count:,}")
            room = width - cell_len(box) - cell_len(count)
        found = self.matches.get(item.id)
        alias = ""
        if found and found.which > 0 and found.spans:  # matched another name: say which
            name = ([item.label, *item.names])[found.which]
            if name != item.detail:
                alias = name
        label, detail = item.label, f"  {item.detail}" if item.detail else ""
        extra = cell_len(alias) + 3 if alias else 0
        if alias and cell_len(label) + extra + cell_len(detail) > room:
            detail = ""  # the name that matched says more than the short name
        if alias and cell_len(label) + extra > room:
            alias = ""
        if cell_len(label) + cell_len(detail) > room:
            detail = cut(detail, max(0, room - cell_len(label))) if room - cell_len(label) >= 6 else ""
            label = cut(label, max(1, room - cell_len(detail)))
        text = Text(no_wrap=True, overflow="ellipsis")
        if box:
            text.append(box, style="bold" if item.id in self.picked else "")
        if label == item.label:
            text.append_text(self._marked(label, found.spans if found and found.which == 0 else ()))
        else:
            text.append(self._shown(label))
        if alias:
            text.append("  = ", style="dim")
            text.append_text(self._marked(alias, found.spans if found else ()))
        if detail:
            text.append(self._shown(detail), style="dim")
        if count:
            text.append(count, style="dim")
        return text

    def _marked(self, text: str, spans) -> Text:
        """A name with the matched letters underlined and bold (not by colour alone); with bidi
        on, marked in logical order and then laid out, so the marks stay on their letters."""
        if not spans:
            return Text(self._shown(text))
        runs: list[tuple[str, str]] = []
        at = 0
        for lo, hi in spans:
            if lo > at:
                runs.append((text[at:lo], ""))
            runs.append((text[lo:hi], "bold underline"))
            at = hi
        if at < len(text) or not runs:
            runs.append((text[at:], ""))
        if getattr(self.app, "bidi", False):
            runs = bidi.display_runs(runs)
        out = Text()
        for run, style in runs:
            out.append(run, style=style or None)
        return out

    def _shown(self, text: str) -> str:
        """A name as drawn: right-to-left runs in visual order when the app has bidi on."""
        return bidi.display(text) if getattr(self.app, "bidi", False) else text

    def _render_status(self) -> None:
        text = Text()
        labels = {item.id: item.label for item in self.items}
        text.append(f"{len(self.shown):,} shown", style="dim")
        if self.picked:
            text.append(chrome("  ·  picked: "), style="bold")
            text.append(", ".join(self._shown(labels.get(p, p)) for p in self.picked))
        if self.with_mode:
            text.append(chrome("  ·  match "), style="dim")
            text.append("ANY of the picked" if self.match_mode == ANY else "ALL of the picked", style="bold")
            text.append(" (ctrl+t)", style="dim")
            text.append(chrome("  ·  "), style="dim")
            text.append("also where quoted" if self.quoted else "parties only", style="bold")
            text.append(" (ctrl+o)", style="dim")
        self.query_one("#picker-status", Static).update(text)

    # -- keys --------------------------------------------------------------------
    def on_key(self, event) -> None:
        options = self.query_one("#picker-list", OptionList)
        if event.key in ("down", "up", "pagedown", "pageup") and self.focused is self.query_one("#picker-input"):
            getattr(options, f"action_{'cursor_' if event.key in ('down', 'up') else 'page_'}{event.key.replace('page', '')}")()
            event.stop()
            event.prevent_default()

    def _highlighted(self) -> str | None:
        options = self.query_one("#picker-list", OptionList)
        if options.highlighted is None or not self.shown:
            return None
        return self.shown[options.highlighted].id

    def action_toggle_pick(self) -> None:
        item_id = self._highlighted()
        if item_id is None:
            return
        if item_id in self.picked:
            self.picked.remove(item_id)
        else:
            self.picked.append(item_id)
        self._render_options()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.single:
            self.action_apply()
        else:
            self.action_toggle_pick()

    def action_apply(self) -> None:
        if self.single:
            item_id = self._highlighted()
            self.dismiss(Picked((item_id,)) if item_id else None)
            return
        if not self.picked:
            item_id = self._highlighted()
            if item_id is not None and self.query_one("#picker-input", Input).value.strip():
                self.picked.append(item_id)
        self.dismiss(Picked(tuple(self.picked), self.match_mode, self.quoted))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    def action_toggle_mode(self) -> None:
        if self.with_mode:
            self.match_mode = ALL if self.match_mode == ANY else ANY
            self._render_status()

    def action_toggle_quoted(self) -> None:
        """Actors: the events they are a party to, or also those where they are only quoted."""
        if self.with_mode:
            self.quoted = not self.quoted
            self._render_status()

    def action_clear_picks(self) -> None:
        self.picked.clear()
        self._render_options()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def dismiss(self, result: Picked | None = None):  # type: ignore[override]
        """Closing: keys typed behind Enter or Esc wait for the screen below (TimelineApp's
        key flow), never reach this picker's input on its way out."""
        self.keys_ready = False
        return super().dismiss(result)
