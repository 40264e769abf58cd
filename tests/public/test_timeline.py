"""The public timeline: published events by year, honest dates, public links only, filters."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from newsroom.demo import demo_id
from newsroom.workflow import ReviewState
from tests.factories import (
    ClaimFactory,
    EventFactory,
    OrganizationFactory,
    OutletFactory,
    ParticipantFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
    TopicFactory,
)
from timeline.models import Event

TIMELINE = reverse("timeline")


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def page(client, **params) -> str:
    response = client.get(TIMELINE, params)
    assert response.status_code == 200
    return response.content.decode()


def years(html: str) -> dict[str, str]:
    """Each year heading of the page, with the HTML of its section."""
    sections = re.findall(
        r'<section class="timeline-year" aria-labelledby="year-(\d+)">(.*?)</section>', html, re.S
    )
    return dict(sections)


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 id="event-[0-9a-f-]+-title">(.*?)</h3>', html)


def event_anchor(key: str) -> str:
    return f'id="event-{demo_id(key)}"'


# On the demo newsroom


def test_timeline_groups_published_events_by_year_in_time_order(client, demo):
    by_year = years(page(client))

    assert list(by_year) == ["2002", "2009", "2010", "2017", "2019", "2020"]
    assert titles(by_year["2019"]) == ["Erdoğan says Uyghurs in Xinjiang are living happily"]
    assert titles(by_year["2020"]) == [
        "A Chinese request to extradite a Uyghur man from Turkey leaks online",
        "China&#x27;s National People&#x27;s Congress ratifies the treaty",
    ]


def test_timeline_dates_are_as_precise_as_the_sources_allow(client, demo):
    by_year = years(page(client))

    assert '<time datetime="2019">2019</time>' in by_year["2019"]
    assert '<time datetime="2020-05">May 2020</time>' in by_year["2020"]
    assert '<time datetime="2020-12-26">26 December 2020</time>' in by_year["2020"]
    assert "(known to the month)" in by_year["2020"]
    assert "About the date: Written “at the weekend”" in by_year["2020"]


def test_timeline_leaves_out_retracted_and_unpublished_events(client, demo):
    html = page(client)

    assert "Turkey ratifies the extradition treaty" not in html
    assert event_anchor("event:turkey-ratifies") not in html
    assert "central bank" not in html
    assert event_anchor("event:pboc-billion") not in html
    assert "7 events." in html


def test_each_event_has_the_anchor_its_url_points_at(client, demo):
    html = page(client)

    for event in Event.objects.published():
        url, anchor = event.get_absolute_url().split("#")
        assert url == TIMELINE
        assert f'id="{anchor}"' in html


def test_event_links_its_participants_sources_quotes_and_claims(client, demo):
    html = page(client)
    npc = html[html.index(event_anchor("event:npc-ratifies")) :].split("</article>")[0]

    assert '<a href="/organizations/national-peoples-congress/">' in npc
    assert "(ratifying body)" in npc
    assert reverse("source-detail", kwargs={"pk": demo_id("source:commentary")}) in npc
    assert reverse("quote-detail", kwargs={"pk": demo_id("quote:raxit-instrument")}) in npc
    assert reverse("claim-detail", kwargs={"pk": demo_id("claim:turkey-not-ratified")}) in npc


# Published links only


def test_unpublished_participants_sources_quotes_and_claims_are_neither_linked_nor_counted(
    client, db
):
    event = EventFactory(title="The summit")
    hidden_person = PersonFactory(name="Hidden Person", state=ReviewState.DRAFT)
    ParticipantFactory(event=event, person=hidden_person)
    hidden_source = SourceFactory(title="Hidden report", state=ReviewState.IN_REVIEW)
    hidden_quote = QuoteFactory(text="Hidden words", state=ReviewState.DRAFT)
    unheard_speaker = QuoteFactory(
        text="Words of an unpublished speaker",
        speaker_person=PersonFactory(state=ReviewState.DRAFT),
    )
    hidden_claim = ClaimFactory(text="Hidden claim", state=ReviewState.DISPUTED)
    event.sources.set([hidden_source])
    event.quotes.set([hidden_quote, unheard_speaker])
    event.claims.set([hidden_claim])

    html = page(client)

    assert "The summit" in html
    for text in ["Hidden Person", "Hidden report", "Hidden words", "unpublished speaker"]:
        assert text not in html
    for record in [hidden_person, hidden_source, hidden_quote, unheard_speaker, hidden_claim]:
        assert record.get_absolute_url() not in html
    for heading in ["Taking part", "Reported in", "Quotations", "Claims"]:
        assert f"<dt>{heading}</dt>" not in html


def test_a_source_of_an_outlet_still_in_review_is_not_shown_beside_an_event(client, db):
    outlet = OutletFactory(name="Outlet In Review", state=ReviewState.DRAFT)
    EventFactory(sources=[SourceFactory(title="Unready report", outlet=outlet)])

    html = page(client)

    assert "Unready report" not in html
    assert "Outlet In Review" not in html


def test_event_spanning_a_period_shows_both_ends(client, db):
    EventFactory(
        title="The negotiations",
        starts_on=datetime.date(2017, 1, 1),
        starts_on_precision="year",
        ends_on=datetime.date(2019, 3, 1),
        ends_on_precision="month",
        place="Ankara",
    )

    html = page(client)

    assert '<time datetime="2017">2017</time> – <time datetime="2019-03">March 2019</time>' in html
    assert "known to the year, the end to the month" in html
    assert "Ankara" in html


# Filters


def test_timeline_filters_by_topic(client, demo):
    html = page(client, topic="international-criminal-court")

    assert titles(html) == ["The International Criminal Court is set up"]


def test_timeline_filters_by_person_taking_part(client, demo):
    html = page(client, person="recep-tayyip-erdogan")

    assert list(years(html)) == ["2009", "2019"]
    assert "2 events." in html


def test_timeline_filters_by_organization_taking_part(client, demo):
    html = page(client, organization="national-peoples-congress")

    assert titles(html) == ["China&#x27;s National People&#x27;s Congress ratifies the treaty"]


def test_person_taking_part_twice_lists_the_event_once(client, db):
    person = PersonFactory(name="Ada Example")
    event = EventFactory(title="The signing")
    ParticipantFactory(event=event, person=person, role="signatory")
    ParticipantFactory(event=event, person=person, role="host")

    html = page(client, person=person.slug)

    assert titles(html) == ["The signing"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"topic": "no-such-topic"}, "There is no topic “no-such-topic” on the timeline"),
        ({"person": "<b>bold</b>"}, "There is no person “&lt;b&gt;bold&lt;/b&gt;”"),
        ({"organization": "x" * 500}, "There is no organization “xxx"),
        ({"person": "nul\x00byte"}, "Null characters are not allowed"),
        ({"page": "0"}, "There is no page 0"),
        ({"page": "-1"}, "There is no page -1"),
        ({"page": "12345678901234567890"}, "There is no page 12345678901234567890"),
    ],
)
def test_bad_input_on_the_timeline_gives_a_message(client, demo, params, message):
    html = page(client, **params)

    assert message in html
    assert "7 events." in html


def test_unpublished_person_is_not_offered_and_filters_like_an_unknown_one(client, db):
    hidden = PersonFactory(name="Hidden Person", state=ReviewState.DRAFT)
    ParticipantFactory(person=hidden)
    # A published person taking part only in an unpublished event is not offered either.
    ParticipantFactory(
        person=PersonFactory(name="Quiet Person"), event=EventFactory(state=ReviewState.DRAFT)
    )

    html = page(client, person=hidden.slug)

    assert "Hidden Person" not in html
    assert "Quiet Person" not in html
    assert f"There is no person “{hidden.slug}” on the timeline" in html


def test_timeline_costs_the_same_queries_for_one_event_and_fifty(
    client, db, django_assert_num_queries
):
    topic = TopicFactory()
    source, quote, claim = SourceFactory(), QuoteFactory(), ClaimFactory()

    def linked_event():
        event = EventFactory(sources=[source])
        event.topics.add(topic)
        event.quotes.add(quote)
        event.claims.add(claim)
        ParticipantFactory(event=event)
        ParticipantFactory(event=event, person=None, organization=OrganizationFactory())

    linked_event()
    # count, page, topics, participants, sources, quotes, claims; the three filter choices
    with django_assert_num_queries(10) as one:
        assert client.get(TIMELINE).status_code == 200

    for _ in range(49):
        linked_event()
    with django_assert_num_queries(len(one.captured_queries)):
        html = page(client)
    assert "50 events." in html
