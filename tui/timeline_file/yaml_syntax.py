"""A YAML syntax error said as a curator can act on it: where to look and what to type. No Textual here.

libyaml's words ("did not find expected key", "found character that cannot start any token")
name the parser's state, not the mistake. The usual mistakes of someone writing a timeline by
hand are few: a tab, a value with ': ' in it or starting with a character YAML reserves
(@ ` % * & | > - ? [ { ' "), a quote never closed, a line indented unlike its neighbours. Each is
recognised from the error and the line it points at; anything else keeps the parser's words.
"""

from __future__ import annotations

import re
from typing import Any

QUOTE_IT = "put the whole value in double quotes"
_VALUE_START = re.compile(r"""^\s*(?:-\s+)?[^\s:#'"][^:#]*:\s+(['"\[{])""")  # `key: ` then a quote or bracket
_CLOSE = {"'": "'", '"': '"', "[": "]", "{": "}"}


def syntax_problem(exc: Any, text: str) -> tuple[int, int, str]:
    """Line, column (1-based) and message of a PyYAML MarkedYAMLError in `text`."""
    rows = _Rows(text)
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    marked = [m.line + 1 for m in (problem_mark, context_mark) if m is not None]
    rows(min(marked, default=1) - 1)  # the earliest line looked at first: the others are found on from it
    mark = problem_mark or context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    what = exc.problem or exc.context or "invalid YAML"
    context = exc.context or ""
    at = _char(rows, line, col)
    hint = ""
    lookalike = _lookalike(rows, [line, line - 1, context_mark.line + 1 if context_mark is not None else 0])
    if lookalike:
        line, col, hint = lookalike
    elif at == "\t" or "tab character" in what:
        hint = "a tab; YAML indents with spaces only: replace the tab with spaces"
    elif "quoted scalar" in context and context_mark is not None:
        line, col = context_mark.line + 1, context_mark.column + 1  # where the quote opens
        quote = _char(rows, line, col) or '"'
        inside = "a ' inside it is written ''" if quote == "'" else 'a " inside it is written \\"'
        hint = f"this quoted value is never closed; end it with {quote} ({inside})"
    elif ("flow sequence" in context or "flow mapping" in context) and context_mark is not None:
        stopped = line
        line, col = context_mark.line + 1, context_mark.column + 1  # where the list or mapping opens
        bracket = _char(rows, line, col) or "["
        hint = (f"the {bracket} here is not closed where expected (the parser stopped on line {stopped}); end it with "
                f"{_CLOSE.get(bracket, ']')}, and quote any value in it that has , [ ] {{ }} or ': '")
    elif "mapping values are not allowed" in what:
        before = rows(line)[: col - 1]
        if ": " not in before and before.strip() and not before.lstrip().startswith("-"):
            hint = "this line is indented deeper than the key above it; line them up"
        else:
            hint = f"a value with ': ' in it; {QUOTE_IT}"
    elif ("alias" in context or "anchor" in context or "block scalar" in context) and context_mark is not None:
        line, col = context_mark.line + 1, context_mark.column + 1  # where the value starts
        start = _char(rows, line, col)
        if start in ("|", ">"):
            hint = f"a value starting with {start!r} must go on the next lines; for a one-line value, {QUOTE_IT}"
        elif start:
            hint = f"a value cannot start with {start!r}; {QUOTE_IT}"
    elif at and at not in " \r\n" and ("cannot start any token" in what or "entries are not allowed" in what or "keys are not allowed" in what):
        hint = f"a value cannot start with {at!r}; {QUOTE_IT}"
    elif "expected key" in what or "expected <block end>, but found '<scalar>'" in what:
        opened = _VALUE_START.match(rows(line))
        if opened:
            start = opened.group(1)
            hint = f"the value starting with {start} goes on after its closing {_CLOSE[start]}; {QUOTE_IT}"
            if start == '"':
                hint += ' (a " inside them is written \\")'
    elif "expected ':'" in what and context_mark is not None and re.search(r"\w:[^\s:]", rows(context_mark.line + 1)):
        line, col = context_mark.line + 1, context_mark.column + 1  # the key that has no ': '
        hint = "a key needs a space after its colon (key: value)"
    elif ("expected '-' indicator" in what or "expected <block end>" in what) and context_mark is not None:
        hint = (f"this line is not indented like the list it is in (from line {context_mark.line + 1}); "
                "indent it as the other keys of its item")
    if hint:
        return line, col, f"YAML syntax: {hint}"
    return line, col, f"YAML syntax: {what}; fix the YAML at this spot"


class _Rows:
    """The lines of a text, each found once (a file may have millions of them)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: dict[int, int] = {1: 0}  # line -> offset of its first character

    def __call__(self, number: int) -> str:
        if number < 1:
            return ""
        text = self.text
        if number not in self.starts:  # on from the nearest line before it that was found
            known = max(k for k in self.starts if k < number)
            start = self.starts[known]
            for _ in range(number - known):
                start = text.find("\n", start) + 1
                if start == 0:
                    return ""
            self.starts[number] = start
        start = self.starts[number]
        end = text.find("\n", start)
        return text[start : end if end >= 0 else len(text)].rstrip("\r")


def _char(rows: _Rows, line: int, col: int) -> str:
    """The character at 1-based `line` and `col`, or ""."""
    row = rows(line)
    return row[col - 1] if 0 < col <= len(row) else ""


# characters pasted from word processors and web pages that look like YAML's but are not
_LOOKALIKES = {
    "\u00a0": "a no-break space (U+00A0) where YAML needs a plain space; type it again as a space",
    "\u3000": "an ideographic space (U+3000) where YAML needs a plain space; type it again as a space",
    "\uff1a": "a full-width colon (：) where YAML needs ':'; type it again as : followed by a space",
}


def _lookalike(rows: _Rows, lines: list[int]) -> tuple[int, int, str] | None:
    """A look-alike of a space or colon where YAML needs the real one (in a line's indentation,
    or right after or as a key's colon), on the first of `lines` that has one."""
    for number in lines:
        row = rows(number)
        if not any(char in row for char in _LOOKALIKES):  # the usual case, at C speed (a line may be megabytes)
            continue
        indent = len(row) - len(row.lstrip(" \u00a0\u3000"))
        for n, char in enumerate(row):
            if char in _LOOKALIKES and (n < indent or row[n - 1 : n] == ":" or (char == "\uff1a" and ":" not in row[:n])):
                return number, n + 1, _LOOKALIKES[char]
    return None
