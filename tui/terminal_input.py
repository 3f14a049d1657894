"""Bytes from the terminal to key events: Textual's own parser and input loop, with an Esc
typed before another key kept as the Esc key however the bytes arrive (tui/keyflow.py,
`EscapeSplitter`, says which ESC stands alone and why)."""

from __future__ import annotations

import types
from collections.abc import Iterable
from functools import cache

from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.message import Message

from .keyflow import EscapeSplitter


class TypeAheadParser(XTermParser):
    """XTermParser, told where an ESC stands alone: there it does what it does when no more
    bytes follow within the escape delay (it reads the Esc key), then reads on."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._splitter = EscapeSplitter()

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # the end of input
            yield from super().feed(data)
            return
        for number, piece in enumerate(self._splitter.split(data)):
            if number:
                yield from self._escape_alone()
            if piece:
                yield from super().feed(piece)

    def _escape_alone(self) -> Iterable[Message]:
        # the parser waits (with a deadline) for what follows the ESC; passing the deadline now is
        # its own way to read the Esc key. No deadline: the wait ran out already, the Esc was read.
        if self._timeout_time is not None:
            self._timeout_time = 0.0
            yield from self.tick()


def _reading_with(parser: type[XTermParser], run_input_thread: types.FunctionType) -> types.FunctionType:
    """A driver's own input loop, as Textual wrote it, building `parser` where it builds an XTermParser."""
    names = dict(run_input_thread.__globals__, XTermParser=parser)
    loop = types.FunctionType(
        run_input_thread.__code__, names, run_input_thread.__name__,
        run_input_thread.__defaults__, run_input_thread.__closure__,
    )
    loop.__qualname__ = run_input_thread.__qualname__
    loop.__doc__ = run_input_thread.__doc__
    return loop


def reads_keys_itself(driver: type[Driver]) -> bool:
    """Does this driver's input loop build its own XTermParser (the Linux and web drivers do)?"""
    loop = getattr(driver, "run_input_thread", None)
    return isinstance(loop, types.FunctionType) and "XTermParser" in loop.__code__.co_names


@cache
def type_ahead_driver(driver: type[Driver]) -> type[Driver]:
    """`driver`, reading its input with TypeAheadParser; a driver that parses keys otherwise
    (Windows, headless) is returned as it is."""
    if not reads_keys_itself(driver):
        return driver
    loop = _reading_with(TypeAheadParser, driver.run_input_thread)  # type: ignore[attr-defined]
    return type(driver.__name__, (driver,), {"run_input_thread": loop, "__module__": __name__})
