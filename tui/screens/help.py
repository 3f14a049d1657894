"""Every key, grouped, generated from the keymap; scrollable so it fits 80x24."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keys import ALL_GROUPS, label
from ..symbols import chrome


def help_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    group = None
    row = None
    for keys in ALL_GROUPS:
        for key in keys:
            if (label(key), key.description) == row:
                continue  # keys that share a row (the map's arrows)
            row = (label(key), key.description)
            if key.group != group:
                group = key.group
                table.add_row(Text(""), Text(""))
                table.add_row(Text(chrome(group), style="bold underline"), Text(""))
            table.add_row(Text(chrome(label(key))), Text(chrome(key.description)))
    table.add_row(Text(""), Text(""))
    table.add_row(Text("ctrl+p"), Text("Command palette: jump to actors, places, eras, years, events"))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss_help", "Close"),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text(chrome("syria-timeline — keys  (Esc closes; ↑/↓ scroll)"), style="bold"))
            yield Static(help_table())

    keys_ready = False  # until the text has the focus, typed-ahead keys wait (TimelineApp)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#help"))
        self.keys_ready = True

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help", VerticalScroll)
        body.scroll_down() if direction == "down" else body.scroll_up()
