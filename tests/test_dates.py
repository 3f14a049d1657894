import datetime as dt

import pytest

from tui.dates import DAY, MONTH, YEAR, DateError, PartialDate, parse_date, parse_range


@pytest.mark.parametrize(
    "text, iso, shown",
    [
        ("2016", "2016", "2016"),
        ("2016-12", "2016-12", "Dec 2016"),
        ("2016-12-22", "2016-12-22", "22 Dec 2016"),
        ("~2013-08", "~2013-08", "~Aug 2013"),
        ("Dec 2016", "2016-12", "Dec 2016"),
        ("December 2016", "2016-12", "Dec 2016"),
        ("22 December 2016", "2016-12-22", "22 Dec 2016"),
        ("December 22, 2016", "2016-12-22", "22 Dec 2016"),
        ("~ 2011", "~2011", "~2011"),
    ],
)
def test_parse_keeps_precision(text, iso, shown):
    date = parse_date(text)
    assert date.iso() == iso
    assert str(date) == shown


def test_month_forms_are_equal():
    assert parse_date("December 2016") == parse_date("2016-12")
    assert parse_date("December 2016").precision == MONTH


def test_yaml_values():
    assert parse_date(2016).precision == YEAR
    assert parse_date(dt.date(2024, 11, 29)) == PartialDate(2024, 11, 29)
    assert parse_date(dt.date(2024, 11, 29)).precision == DAY


def test_ordering_coarse_before_fine():
    dates = [parse_date(t) for t in ["2016-01-01", "2016", "2015-12-31", "2016-01", "2017"]]
    assert [d.iso() for d in sorted(dates)] == ["2015-12-31", "2016", "2016-01", "2016-01-01", "2017"]


@pytest.mark.parametrize("bad", ["2016-02-30", "2016-13", "0", "Dec", "nonsense", "", "2016-00-10", True, 3.5])
def test_bad_dates_raise(bad):
    with pytest.raises(DateError):
        parse_date(bad)


def test_leap_day():
    assert str(parse_date("2016-02-29")) == "29 Feb 2016"
    with pytest.raises(DateError, match="no day 29"):
        parse_date("2015-02-29")


def test_spans():
    date = parse_date("2016-02")
    assert date.first_day() == dt.date(2016, 2, 1)
    assert date.last_day() == dt.date(2016, 2, 29)
    assert parse_date("2016").last_day() == dt.date(2016, 12, 31)


def test_ranges():
    assert parse_range("2016") == (parse_date("2016"), parse_date("2016"))
    lo, hi = parse_range("2016-07..2016-12")
    assert (lo.iso(), hi.iso()) == ("2016-07", "2016-12")
    assert parse_range("2019..") == (parse_date("2019"), None)
    assert parse_range("..2012") == (None, parse_date("2012"))
    with pytest.raises(DateError):
        parse_range("..")
    with pytest.raises(DateError, match="before"):
        parse_range("2019..2016")
