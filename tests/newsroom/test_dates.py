"""Dates of stated precision: parsing, display, ISO form and the last day of the period."""

import datetime

import pytest

from newsroom.dates import DatePrecision, PartialDate, clean_partial_date
from sources.models import Quote


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019", PartialDate(datetime.date(2019, 1, 1), DatePrecision.YEAR)),
        ("2020-05", PartialDate(datetime.date(2020, 5, 1), DatePrecision.MONTH)),
        ("2020-12-26", PartialDate(datetime.date(2020, 12, 26), DatePrecision.DAY)),
        (" 2009 ", PartialDate(datetime.date(2009, 1, 1), DatePrecision.YEAR)),
    ],
)
def test_parse_reads_a_year_a_month_or_a_day(value, expected):
    assert PartialDate.parse(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2020-13", "is not a real date"),
        ("2021-02-30", "is not a real date"),
        ("2020-00", "is not a real date"),
        ("20", "is not a date like 2019, 2020-05 or 2020-12-26"),
        ("", "is not a date like 2019, 2020-05 or 2020-12-26"),
        ("May 2020", "is not a date like 2019, 2020-05 or 2020-12-26"),
        ("2020-12-26T10:00", "is not a date like 2019, 2020-05 or 2020-12-26"),
    ],
)
def test_parse_refuses_what_is_not_a_real_partial_date(value, reason):
    with pytest.raises(ValueError, match=reason):
        PartialDate.parse(value)


def test_parse_refuses_nothing_at_all():
    with pytest.raises(ValueError, match="is not a date like"):
        PartialDate.parse(None)


@pytest.mark.parametrize(
    ("value", "shown"),
    [("2019", "2019"), ("2020-05", "May 2020"), ("2020-12-26", "26 December 2020")],
)
def test_str_says_only_as_much_as_is_known(value, shown):
    assert str(PartialDate.parse(value)) == shown


@pytest.mark.parametrize("value", ["2019", "2020-05", "2020-12-26", "0999-01"])
def test_isoformat_gives_back_the_reduced_precision_form(value):
    assert PartialDate.parse(value).isoformat() == value


@pytest.mark.parametrize(
    ("value", "last_day"),
    [
        ("2019", datetime.date(2019, 12, 31)),
        ("2020-02", datetime.date(2020, 2, 29)),
        ("2021-02", datetime.date(2021, 2, 28)),
        ("2020-12", datetime.date(2020, 12, 31)),
        ("2020-12-26", datetime.date(2020, 12, 26)),
    ],
)
def test_last_day_closes_the_period(value, last_day):
    assert PartialDate.parse(value).last_day == last_day


def test_a_year_precise_date_must_fall_on_the_first_of_january():
    with pytest.raises(ValueError, match="1 January"):
        PartialDate(datetime.date(2019, 5, 3), DatePrecision.YEAR)


def test_a_month_precise_date_must_fall_on_the_first():
    with pytest.raises(ValueError, match="on the 1st"):
        PartialDate(datetime.date(2020, 5, 15), DatePrecision.MONTH)


def test_an_unknown_precision_is_refused():
    with pytest.raises(ValueError, match="unknown date precision 'week'"):
        PartialDate(datetime.date(2020, 5, 4), "week")


def dated(said_on, said_on_precision):
    """An unsaved quotation with a partial date in `said_on`."""
    return Quote(said_on=said_on, said_on_precision=said_on_precision)


def test_clean_partial_date_explains_a_year_that_is_not_the_first_of_january():
    errors = clean_partial_date(dated(datetime.date(2019, 5, 3), "year"), "said_on")
    assert list(errors) == ["said_on"]
    assert "is not a year" in errors["said_on"]
    assert "enter 1 January 2019" in errors["said_on"]


def test_clean_partial_date_explains_a_month_that_is_not_the_first():
    errors = clean_partial_date(dated(datetime.date(2020, 5, 15), "month"), "said_on")
    assert errors == {
        "said_on": "15 May 2020 is not a month: for a date known only to the month, "
        "enter the 1st (May 2020)."
    }


def test_clean_partial_date_accepts_nothing_or_a_consistent_pair():
    assert clean_partial_date(dated(None, ""), "said_on") == {}
    assert clean_partial_date(dated(datetime.date(2020, 5, 1), "month"), "said_on") == {}
    assert clean_partial_date(dated(datetime.date(2020, 5, 15), "day"), "said_on") == {}
