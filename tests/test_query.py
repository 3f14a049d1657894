from tui import query as q
from tui.dates import parse_date, parse_range


def ids(timeline, indices):
    return [timeline.events[i].id for i in indices]


def test_actor_any_and_all(mini):
    index = q.Index.build(mini)
    any_of = q.apply(index, q.Filters(actors=("hts", "russia")))
    all_of = q.apply(index, q.Filters(actors=("gov", "russia"), actor_mode=q.ALL))
    assert ids(mini, all_of) == ["russia-2015", "aleppo-falls-2016", "maarat-2020"]
    assert set(ids(mini, any_of)) == {
        "rebels-aleppo-2012", "nusra-2013", "russia-2015", "aleppo-falls-2016", "turkey-2018",
        "maarat-2020", "rebels-return-2024", "damascus-2024",
    }
    assert any_of == sorted(any_of)


def test_resolve_actor_by_alias_name_short_id(mini):
    for text in ("Jabhat al-Nusra", "jabhat al nusra", "HTS", "hts", "Hayat Tahrir al-Sham", "هيئة تحرير الشام"):
        assert q.resolve_actor(mini, text) == ["hts"], text
    assert q.resolve_actor(mini, "nobody") == []
    assert q.fuzzy_actors(mini, "nusra")[0] == "hts"
    assert q.fuzzy_actors(mini, "turkiye") == ["turkey"]


def test_date_filters(mini):
    index = q.Index.build(mini)
    lo, hi = parse_range("2016")
    assert ids(mini, q.apply(index, q.Filters(date_from=lo, date_to=hi))) == ["aleppo-falls-2016"]
    lo, hi = parse_range("2020..")
    assert ids(mini, q.apply(index, q.Filters(date_from=lo, date_to=hi))) == ["maarat-2020", "rebels-return-2024", "damascus-2024"]
    lo, hi = parse_range("..2011")
    assert ids(mini, q.apply(index, q.Filters(date_from=lo, date_to=hi))) == ["year-only-2011", "protests-2011"]


def test_kinds_combine_with_and(mini):
    index = q.Index.build(mini)
    filters = q.Filters(actors=("hts",), tags=("aleppo",), places=("aleppo",), date_from=parse_date("2020"))
    assert ids(mini, q.apply(index, filters)) == ["rebels-return-2024"]


def test_search_folds_case_and_diacritics(mini):
    index = q.Index.build(mini)
    assert ids(mini, q.search(index, "Maarat")) == ["maarat-2020"]  # place name is Ma'arrat
    assert ids(mini, q.search(index, "MA'ARRAT al-nu'man")) == ["maarat-2020"]
    assert ids(mini, q.search(index, "türkiye")) == ["turkey-2018", "damascus-2024"]
    assert ids(mini, q.search(index, "حلب")) == ["rebels-aleppo-2012", "aleppo-falls-2016", "rebels-return-2024"]
    assert ids(mini, q.search(index, "militants")) == ["russia-2015"]  # claims are searched
    assert q.search(index, "zzzz") == []
    assert q.search(index, "") == []


def test_search_every_word(mini):
    index = q.Index.build(mini)
    assert ids(mini, q.search(index, "rebels aleppo")) == ["rebels-aleppo-2012", "rebels-return-2024"]
    assert ids(mini, q.search(index, "rebels western")) == ["rebels-return-2024"]


def test_counts(mini):
    index = q.Index.build(mini)
    assert q.actor_counts(index)["gov"] == 8
    assert q.year_counts(index)[2024] == 2
    subset = q.apply(index, q.Filters(actors=("hts",)))
    assert q.year_counts(index, subset) == {2012: 1, 2013: 1, 2024: 2}
    assert q.month_counts(index, 2011) == {0: 1, 3: 1}


def test_first_on_or_after(mini):
    index = q.Index.build(mini)
    visible = list(range(len(mini)))
    assert mini.events[q.first_on_or_after(index, visible, parse_date("2016-12"))].id == "aleppo-falls-2016"
    assert q.first_on_or_after(index, visible, parse_date("2030")) is None
    subset = q.apply(index, q.Filters(actors=("hts",)))
    pos = q.first_on_or_after(index, subset, parse_date("2014"))
    assert mini.events[subset[pos]].id == "rebels-return-2024"


def test_filters_round_trip(mini):
    filters = q.Filters(actors=("hts", "gov"), actor_mode=q.ALL, tags=("aleppo",), date_from=parse_date("2016"))
    assert q.filters_from_dict(q.filters_to_dict(filters), mini) == filters
    assert q.filters_from_dict({"actors": ["gone", 3], "from": "garbage"}, mini) == q.Filters()


def test_describe(mini):
    filters = q.Filters(actors=("hts", "gov"), date_from=parse_date("2016"), date_to=parse_date("2019"))
    assert filters.describe(mini) == ["actors (any of): HTS, Govt", "dates: 2016 – 2019"]
