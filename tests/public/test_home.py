"""The home page: what the desk covers, the latest quotations, verdicts and events."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from newsroom.demo import demo_id
from newsroom.workflow import ReviewState
from tests.factories import ClaimFactory, EventFactory, QuoteFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def test_home_says_what_the_desk_covers(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "who said the words" in response.content.decode()
    assert response.templates[0].name == "newsroom/home.html"


def test_home_shows_published_demo_quotations_with_speaker_and_date_said(client, demo):
    content = client.get(reverse("home")).content.decode()

    assert '<blockquote class="quote" lang="en" dir="ltr">happily</blockquote>' in content
    assert "Recep Tayyip Erdoğan</a>, 2019" in content
    assert reverse("quote-detail", kwargs={"pk": demo_id("quote:erdogan-happily")}) in content


def test_home_leaves_out_quotations_not_yet_published(client, demo):
    content = client.get(reverse("home")).content.decode()

    assert str(demo_id("quote:icc-precondition")) not in content


def test_home_sets_direction_on_right_to_left_words(client):
    QuoteFactory(text="لا تركنوا", language="ar")

    content = client.get(reverse("home")).content.decode()

    assert '<blockquote class="quote" lang="ar" dir="rtl">لا تركنوا</blockquote>' in content


def test_the_most_recently_published_quotation_comes_first(client):
    older = QuoteFactory(text="Said long ago, published today.", said_on=datetime.date(2001, 1, 1))
    QuoteFactory(text="Said recently, published earlier.")
    ReviewFactory(
        record=older,
        action="publish",
        from_state=ReviewState.VERIFIED,
        to_state=ReviewState.PUBLISHED,
        created_at=timezone.now() + datetime.timedelta(hours=1),
    )

    content = client.get(reverse("home")).content.decode()

    assert content.index("Said long ago") < content.index("Said recently")


def test_latest_verdicts_come_newest_first_without_unrated_claims(client):
    ClaimFactory(text="An old verdict.", verdict="true", reviewed_on=datetime.date(2020, 1, 1))
    ClaimFactory(text="A new verdict.", verdict="false", reviewed_on=datetime.date(2021, 3, 1))
    ClaimFactory(text="Nobody has rated this.")
    ClaimFactory(
        text="A verdict still in review.",
        verdict="true",
        reviewed_on=datetime.date(2021, 4, 1),
        state=ReviewState.VERIFIED,
    )

    content = client.get(reverse("home")).content.decode()

    assert content.index("A new verdict.") < content.index("An old verdict.")
    assert "Nobody has rated this." not in content
    assert "A verdict still in review." not in content
    assert '<span class="badge verdict-false">false</span>' in content


def test_home_shows_recent_and_upcoming_published_events(client):
    next_year = timezone.localdate().year + 1
    EventFactory(title="A summit next year", starts_on=datetime.date(next_year, 1, 1))
    EventFactory(title="A treaty is signed", starts_on=datetime.date(2017, 1, 1))
    EventFactory(title="A draft event", state=ReviewState.DRAFT)

    content = client.get(reverse("home")).content.decode()

    assert "Coming up" in content and "A summit next year" in content
    assert 'A treaty is signed</a> <span class="meta">2017' in content
    assert "A draft event" not in content


def test_home_with_nothing_published_says_so(client):
    QuoteFactory(state=ReviewState.DRAFT)

    content = client.get(reverse("home")).content.decode()

    assert "No quotation has been published yet." in content
    assert "No claim has a published verdict yet." in content


@pytest.mark.parametrize("rows", [1, 50])
def test_home_costs_the_same_queries_at_1_and_50_rows(client, django_assert_num_queries, rows):
    for number in range(rows):
        QuoteFactory()
        ClaimFactory(verdict="mixed", reviewed_on=datetime.date(2021, 1, 1))
        EventFactory(starts_on=datetime.date(2000 + number % 20, 1, 1))
    client.get(reverse("home"))  # content types are cached after the first request

    # Latest quotations, latest verdicts, upcoming events, recent events.
    with django_assert_num_queries(4):
        response = client.get(reverse("home"))
    assert response.status_code == 200
