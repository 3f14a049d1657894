"""Folding for search: the loose form in which a query and the text it is matched against meet.

It folds what a reader would not type the same way, and nothing else:

- **case**: full case folding, so a German "ß" (and "ẞ") folds to "ss" and a Turkish dotted "İ"
  to "i" (its dot is a mark), a dotless "ı" to "i";
- **diacritics**: accents and other combining marks are dropped ("Türkiye" = "turkiye",
  "Résumé" = "resume"), as are Arabic vowel marks, shadda and sukun; a few letters whose
  accent is not a separate mark (ø, ł, đ, ħ, ŧ) lose it too;
- **Arabic letter variants**: hamza and madda forms of alef (أ إ آ ٱ) read as ا, alef maqsura ى
  as ي, ta marbuta ة as ه, hamza on waw and ya (ؤ ئ) as و and ي, the Persian kaf and ya (ک ی)
  as ك and ي; tatweel (ـ) is dropped;
- **spelling of names**: apostrophes and ayn/hamza signs of transliteration are dropped and
  hyphens and dashes read as spaces, so "Ma'arrat al-Nu'man" and "Maarrat al Numan" meet.

Never folded: doubled letters ("Maarrat" and "Maarat" stay apart: folding them made "ss" match
every "s") and digits ("2011" finds 2011, not 2012 or 2013). Runs of spaces collapse to one.

No step reaches across whitespace, and a query word never holds whitespace, so a word occurs in
the folded text exactly when it occurs in the folding of one of the text's whitespace-separated
words: the search index (`query.Words`) folds each distinct raw word once. Every step is a
C-level string operation. No Textual here.
"""

from __future__ import annotations

import re
import unicodedata

_TABLE: dict[int, str | None] = {ord(ch): None for ch in "'’‘ʼʿʾ`\u0640"}  # apostrophes, ayn/hamza signs, tatweel
_TABLE.update({ord(ch): " " for ch in "-_\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})  # hyphens and dashes
_TABLE.update({ord(a): b for a, b in zip("øłđħŧı", "oldhti")})  # letters whose accent is not a mark (after casefold)
_TABLE.update({ord("æ"): "ae", ord("œ"): "oe"})
# Arabic letter variants (after NFKD, which already splits أ إ آ ؤ ئ into a letter and a mark)
_TABLE.update({ord(a): b for a, b in zip("ٱىةکیە", "ايهكيه")})
# combining marks: Latin accents, Arabic harakat, shadda, sukun, superscript alef, hamza and madda
# above and below, Quranic marks
_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4"
    "\u06e7\u06e8\u06ea-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_SPACES = re.compile(r" {2,}")


def fold(text: str) -> str:
    """The search form of `text`: case, diacritics and Arabic letter variants folded (see above)."""
    if text.isascii():
        text = text.lower()
    else:
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    text = text.translate(_TABLE)
    return _SPACES.sub(" ", text) if "  " in text else text
