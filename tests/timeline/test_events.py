"""Events: dates of stated precision, ranges that run forwards, and who took part."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import EventFactory, OrganizationFactory, ParticipantFactory, PersonFactory
from timeline.models import Event, Participant

pytestmark = pytest.mark.django_db


def validation_errors(record) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def refused_by_database(action) -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        action()


@pytest.mark.parametrize(("field", "label"), [("starts_on", "starts on"), ("ends_on", "ends on")])
def test_a_year_precise_event_date_that_is_not_the_first_of_january_is_refused(field, label):
    event = EventFactory(starts_on=datetime.date(2017, 1, 1), starts_on_precision="year")
    setattr(event, field, datetime.date(2019, 5, 3))
    setattr(event, f"{field}_precision", "year")
    errors = validation_errors(event)
    assert list(errors) == [field]
    [message] = errors[field]
    assert message.endswith(
        "May 2019 is not a year: for a date known only to the year, enter 1 January 2019."
    )


@pytest.mark.parametrize("field", ["starts_on", "ends_on"])
def test_a_month_precise_event_date_on_the_fifteenth_is_refused(field):
    event = EventFactory(starts_on=datetime.date(2017, 1, 1), starts_on_precision="year")
    setattr(event, field, datetime.date(2020, 5, 15))
    setattr(event, f"{field}_precision", "month")
    assert validation_errors(event) == {
        field: [
            "15 May 2020 is not a month: for a date known only to the month, "
            "enter the 1st (May 2020)."
        ]
    }


def test_an_end_precision_without_an_end_date_is_refused():
    event = EventFactory.build(ends_on=None, ends_on_precision="month")
    assert validation_errors(event) == {"ends_on": ["Give the end date, or clear its precision."]}


def test_an_end_date_without_a_precision_is_refused():
    event = EventFactory.build(ends_on=datetime.date(2020, 12, 26), ends_on_precision="")
    assert validation_errors(event) == {
        "ends_on_precision": [
            "Say whether the end date is known to the year, the month or the day."
        ]
    }


def test_an_event_without_a_start_date_is_refused():
    event = EventFactory.build(starts_on=None, starts_on_precision="year")
    errors = validation_errors(event)
    assert list(errors) == ["starts_on"]
    assert "Give the start date, or clear its precision." in errors["starts_on"]


def test_an_event_start_without_a_precision_is_refused():
    event = EventFactory.build(starts_on=datetime.date(2020, 12, 26), starts_on_precision="")
    errors = validation_errors(event)
    assert list(errors) == ["starts_on_precision"]
    assert (
        "Say whether the start date is known to the year, the month or the day."
        in errors["starts_on_precision"]
    )


@pytest.mark.parametrize(
    ("ends_on", "ends_on_precision"),
    [
        (datetime.date(2020, 12, 25), "day"),
        (datetime.date(2020, 11, 1), "month"),
        (datetime.date(2019, 1, 1), "year"),
    ],
)
def test_an_event_ending_before_it_starts_is_refused(ends_on, ends_on_precision):
    event = EventFactory.build(
        starts_on=datetime.date(2020, 12, 26),
        starts_on_precision="day",
        ends_on=ends_on,
        ends_on_precision=ends_on_precision,
    )
    assert validation_errors(event) == {"ends_on": ["An event cannot end before it starts."]}


@pytest.mark.parametrize(
    ("ends_on", "ends_on_precision", "when"),
    [
        (datetime.date(2020, 12, 1), "month", "26 December 2020 – December 2020"),
        (datetime.date(2020, 1, 1), "year", "26 December 2020 – 2020"),
    ],
)
def test_an_event_ending_in_a_coarser_period_that_holds_its_start_is_accepted(
    ends_on, ends_on_precision, when
):
    # Dates are stored as the first day of their period: "December 2020" is 1 December, yet
    # an event that began on 26 December may well have ended in December.
    event = EventFactory.build(
        starts_on=datetime.date(2020, 12, 26),
        starts_on_precision="day",
        ends_on=ends_on,
        ends_on_precision=ends_on_precision,
    )
    event.full_clean()
    event.save()
    assert Event.objects.get(pk=event.pk).when == when


def test_an_event_ending_the_day_it_starts_is_accepted():
    EventFactory.build(
        starts_on=datetime.date(2020, 12, 26),
        starts_on_precision="day",
        ends_on=datetime.date(2020, 12, 26),
        ends_on_precision="day",
    ).full_clean()


@pytest.mark.parametrize("title", ["", "  \n\t"])
def test_an_event_without_a_title_is_refused(title):
    event = EventFactory.build(title=title)
    errors = validation_errors(event)
    assert list(errors) == ["title"]
    assert "An event needs a title." in errors["title"]


@pytest.mark.parametrize(
    ("changes"),
    [
        {"starts_on": datetime.date(2019, 5, 3), "starts_on_precision": "year"},
        {"starts_on": datetime.date(2020, 5, 15), "starts_on_precision": "month"},
        {"starts_on_precision": ""},
        {"starts_on_precision": "week"},
        {"ends_on": datetime.date(2020, 5, 3), "ends_on_precision": "year"},
        {"ends_on": datetime.date(2020, 5, 15), "ends_on_precision": "month"},
        {"ends_on": datetime.date(2020, 5, 15), "ends_on_precision": ""},
        {"ends_on": None, "ends_on_precision": "day"},
    ],
    ids=[
        "start-year-not-first-of-january",
        "start-month-not-first",
        "start-without-precision",
        "start-unknown-precision",
        "end-year-not-first-of-january",
        "end-month-not-first",
        "end-without-precision",
        "end-precision-without-date",
    ],
)
def test_the_database_refuses_an_event_date_that_contradicts_its_precision(changes):
    event = EventFactory(starts_on=datetime.date(2019, 1, 1), starts_on_precision="year")
    refused_by_database(lambda: Event.objects.filter(pk=event.pk).update(**changes))


def test_the_database_refuses_an_event_ending_before_it_starts():
    event = EventFactory(starts_on=datetime.date(2020, 12, 26), starts_on_precision="day")
    refused_by_database(
        lambda: Event.objects.filter(pk=event.pk).update(
            ends_on=datetime.date(2020, 12, 25), ends_on_precision="day"
        )
    )


@pytest.mark.parametrize(
    ("ends_on", "ends_on_precision"),
    [(datetime.date(2020, 11, 1), "month"), (datetime.date(2019, 1, 1), "year")],
)
def test_the_database_refuses_an_event_ending_in_a_period_before_it_starts(
    ends_on, ends_on_precision
):
    event = EventFactory(starts_on=datetime.date(2020, 12, 26), starts_on_precision="day")
    refused_by_database(
        lambda: Event.objects.filter(pk=event.pk).update(
            ends_on=ends_on, ends_on_precision=ends_on_precision
        )
    )


def test_the_database_refuses_creating_an_event_ending_before_it_starts():
    refused_by_database(
        lambda: Event.objects.create(
            title="Treaty ratified",
            starts_on=datetime.date(2020, 12, 26),
            starts_on_precision="day",
            ends_on=datetime.date(2019, 1, 1),
            ends_on_precision="year",
        )
    )


@pytest.mark.parametrize(
    ("dates", "when"),
    [
        ({"starts_on": datetime.date(2009, 1, 1), "starts_on_precision": "year"}, "2009"),
        ({"starts_on": datetime.date(2020, 5, 1), "starts_on_precision": "month"}, "May 2020"),
        (
            {"starts_on": datetime.date(2020, 12, 26), "starts_on_precision": "day"},
            "26 December 2020",
        ),
        (
            {
                "starts_on": datetime.date(2017, 1, 1),
                "starts_on_precision": "year",
                "ends_on": datetime.date(2019, 1, 1),
                "ends_on_precision": "year",
            },
            "2017 – 2019",
        ),
    ],
)
def test_when_says_only_as_much_as_is_known(dates, when):
    event = EventFactory(title="Treaty ratified", **dates)
    assert event.when == when
    assert str(event) == f"{when}: Treaty ratified"


def test_events_in_order_run_by_start_then_end():
    later = EventFactory(starts_on=datetime.date(2020, 12, 26), starts_on_precision="day")
    open_ended = EventFactory(starts_on=datetime.date(2017, 1, 1), starts_on_precision="year")
    closed = EventFactory(
        starts_on=datetime.date(2017, 1, 1),
        starts_on_precision="year",
        ends_on=datetime.date(2019, 1, 1),
        ends_on_precision="year",
    )
    ordered = list(Event.objects.in_order())
    assert ordered.index(later) == 2
    assert {ordered[0], ordered[1]} == {open_ended, closed}


def test_a_participant_who_is_both_a_person_and_an_organization_is_refused():
    participant = ParticipantFactory.build(
        event=EventFactory(), person=PersonFactory(), organization=OrganizationFactory()
    )
    errors = validation_errors(participant)
    assert "A participant is a person or an organization: give one." in errors["__all__"]


def test_a_participant_who_is_neither_is_refused():
    participant = ParticipantFactory.build(event=EventFactory(), person=None)
    errors = validation_errors(participant)
    assert "A participant is a person or an organization: give one." in errors["__all__"]


@pytest.mark.parametrize("entities", ["both", "neither"])
def test_the_database_refuses_a_participant_who_is_both_or_neither(entities):
    event = EventFactory()
    fields = {}
    if entities == "both":
        fields = {"person": PersonFactory(), "organization": OrganizationFactory()}
    refused_by_database(lambda: Participant.objects.create(event=event, **fields))
