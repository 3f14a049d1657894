"""Make text from a timeline file safe to show: it is data, never markup or control codes.

Every string the loader reads goes through `clean`. C0 controls become the visible
Unicode "control pictures" (ESC shows as ␛), C1 controls and DEL show as �,
bidirectional overrides, zero-width characters, invisible tag characters (U+E0000
block) and interlinear annotations are removed, and the Unicode line and paragraph
separators become plain line breaks (spaces in one-line fields). Rich markup needs no
escaping here because the UI never parses data as markup (it builds Text objects);
`clean` only deals with what would reach the terminal as a control sequence. (Folding for
search is `search_fold.fold`.) `is_utf8_locale` says whether the terminal can be sent
anything but ASCII.
No Textual here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

_INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\ufeff\u061c\u180e\ufff9\ufffa\ufffb"
)
_TAGS = "\U000e0000-\U000e007f"  # invisible "tag" characters, used to smuggle hidden text
_TABLE: dict[int, str | None] = {code: chr(0x2400 + code) for code in range(0x20)}
_TABLE[0x7F] = "\u2421"
_TABLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_TABLE.update({ord(ch): None for ch in _INVISIBLE})
_TABLE.update({0xD800 + i: "\ufffd" for i in range(0x800)})  # lone surrogates
_TABLE.update({0xE0000 + i: None for i in range(0x80)})
_MULTILINE = dict(_TABLE)
_MULTILINE.update({ord("\n"): "\n", 0x2028: "\n", 0x2029: "\n", ord("\t"): "    "})
_SINGLE = dict(_TABLE)
_SINGLE.update({ord("\n"): " ", 0x2028: " ", 0x2029: " ", ord("\t"): " "})
_NEEDS = re.compile("[\x00-\x1f\x7f-\x9f" + _INVISIBLE + "\u2028\u2029\ud800-\udfff" + _TAGS + "]")


def clean(text: str, multiline: bool = False) -> str:
    """Return `text` with every control, bidi override and zero-width character neutralised."""
    if not _NEEDS.search(text):
        return text
    if multiline:
        text = text.replace("\r\n", "\n")
    return text.translate(_MULTILINE if multiline else _SINGLE)


def is_utf8_locale(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the locale the terminal was started with is UTF-8 (LC_ALL, then LC_CTYPE, then
    LANG, as setlocale reads them; none set means the C locale, which is not).

    Python itself turns a C locale into C.UTF-8 at start-up (PEP 538) by setting LC_CTYPE, so an
    LC_CTYPE of C.UTF-8 beside a LANG that is unset, C or POSIX is read as the C locale the
    terminal really has."""
    environ = os.environ if environ is None else environ
    lang = environ.get("LANG", "")
    ctype = environ.get("LC_CTYPE", "")
    if not environ.get("LC_ALL") and ctype in _COERCED and lang in ("", "C", "POSIX"):
        return False
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = environ.get(name)
        if value:
            value = value.lower().replace("-", "")
            return "utf8" in value
    return False


_COERCED = ("C.UTF-8", "C.utf8", "UTF-8")  # what PEP 538 sets LC_CTYPE to
