"""Picker matching (tui/name_match.py): whole words and word starts before letters found
scattered, positions in the name as written, no scattered matches for Arabic."""

from __future__ import annotations

from hypothesis import given, strategies as st

from tui import name_match as nm
from tui.search_fold import fold


def test_tiers_in_order():
    assert nm.best("aleppo", ["Aleppo"]).score == nm.EXACT
    assert nm.best("aleppo", ["battle-of-aleppo"]).score == nm.WORD
    assert nm.best("alep", ["Aleppo city"]).score == nm.START
    assert nm.best("alep", ["east Aleppo"]).score == nm.WORD_START
    assert nm.best("lepp", ["Aleppo"]).score == nm.INSIDE
    assert nm.best("hzb", ["Hezbollah"]).score == nm.SCATTERED
    assert nm.EXACT > nm.WORD > nm.START > nm.WORD_START > nm.INSIDE > nm.SCATTERED > 0
    assert nm.best("aleppo", ["chemical-weapons"]).score == 0
    assert nm.best("", ["anything"]).score == 1


def test_arabic_letters_are_never_matched_scattered():
    # "حلب" folds to letters that appear in order in "حماة لبنان": not a match
    assert nm.best("حلب", ["حماة لبنان"]).score == 0
    assert nm.best("هيئة", ["المملكة الأردنية الهاشمية", "Jordan"]).score == 0
    assert nm.best("هيئة", ["هيئة تحرير الشام"]).score == nm.WORD
    assert nm.best("هيئ", ["هيئة تحرير الشام"]).score == nm.START
    assert nm.best("الهيئة", ["الهيئة العليا للمفاوضات"]).score == nm.WORD


def test_spans_point_into_the_name_as_written():
    found = nm.best("assad", ["Government of the Syrian Arab Republic", "Assad government"])
    assert found.which == 1 and found.spans == ((0, 5),)
    found = nm.best("turkiye", ["Türkiye"])
    assert found.spans == ((0, 7),)
    found = nm.best("maarrat", ["the town of Ma'arrat al-Nu'man"])
    name = "the town of Ma'arrat al-Nu'man"
    assert [name[a:b] for a, b in found.spans] == ["Ma'arrat"]
    found = nm.best("hzb", ["Hezbollah"])
    assert ["Hezbollah"[a:b] for a, b in found.spans] == ["H", "z", "b"]


@given(st.text(min_size=1, max_size=30), st.text(min_size=1, max_size=5))
def test_a_match_spans_letters_that_fold_to_the_query(name, query):
    found = nm.best(query, [name])
    want = " ".join(fold(query).split())
    if found.score >= nm.INSIDE and found.score != nm.EXACT:
        (lo, hi), = found.spans
        assert want in fold(name[lo:hi]) or want.replace(" ", "") in fold(name[lo:hi]).replace(" ", "")
