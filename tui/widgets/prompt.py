"""The one-line prompt under the list: search (/), go to a date (:), a date range (d).

It only takes text and says what happened, as messages: `Typed` while the reader types,
`Asked` on Enter and `Left` on Esc, each with the prompt's mode; the main screen decides what
they mean. Imported when first opened (not at start-up).
"""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input

from ..keys import PROMPT_KEYS, bindings

PLACEHOLDERS = {
    "search": "search titles, text, claims, actors, places (Enter keeps, Esc cancels)",
    "goto": "go to date: 2016-12, Dec 2016, 22 December 2016, 2016",
    "dates": "date range: 2016, 2016-07..2016-12, 2019.., ..2012 (empty clears)",
}


class Prompt(Input):
    # Enter and Esc, shown in the footer as what they do in this prompt (check_action); the
    # keys the main screen binds are text here, and the main screen leaves them out of the footer
    BINDINGS = bindings(PROMPT_KEYS)

    class Typed(Message):
        def __init__(self, mode: str, value: str) -> None:
            super().__init__()
            self.mode, self.value = mode, value

    class Asked(Message):
        def __init__(self, mode: str, value: str) -> None:
            super().__init__()
            self.mode, self.value = mode, value

    class Left(Message):
        def __init__(self, mode: str) -> None:
            super().__init__()
            self.mode = mode

    def __init__(self) -> None:
        super().__init__(id="prompt")
        self.cursor_blink = False  # a steady cursor: a blink is a write every 0.5 s (~45 bytes a second over SSH)
        self.mode = ""

    def ask(self, mode: str, value: str = "") -> None:
        self.mode = mode
        self.placeholder = PLACEHOLDERS[mode]
        self.value = value
        self.cursor_position = len(value)
        self.display = True
        self.refresh_bindings()  # the footer's Enter says what it does for this question

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "enter":  # one Enter for each question: the one asked now
            return parameters == (self.mode or "search",)
        return True

    async def action_enter(self, mode: str) -> None:
        await self.action_submit()  # Input's own Enter: Submitted, then Asked (below)

    def close(self) -> None:
        self.mode = ""
        self.display = False

    def try_again(self) -> None:
        """After a value that did not parse: keep it, selected, so the next letters replace it."""
        self.select_all()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.mode:
            self.post_message(self.Typed(self.mode, event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.mode:
            self.post_message(self.Asked(self.mode, event.value.strip()))

    def action_leave(self) -> None:
        if self.mode:
            self.post_message(self.Left(self.mode))
