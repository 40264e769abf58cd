"""The Atom feed of newly published quotations, and the sitemap of published pages."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from newsroom.feeds import LatestQuotesFeed
from newsroom.workflow import ReviewState
from tests.factories import (
    ClaimFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    ReviewFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def feed_entries(client) -> list[ET.Element]:
    response = client.get(reverse("feed-quotes"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def published_at(quote, when):
    return ReviewFactory(
        record=quote,
        action="publish",
        from_state=ReviewState.VERIFIED,
        to_state=ReviewState.PUBLISHED,
        created_at=when,
    )


def test_feed_entries_link_to_the_quotation_pages(client):
    quote = QuoteFactory(text="Words for the feed.", speaker_person=PersonFactory(name="Ann Lee"))

    (entry,) = feed_entries(client)

    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver{quote.get_absolute_url()}"
    assert entry.find(f"{ATOM}title").text == "“Words for the feed.” (Ann Lee)"
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Ann Lee"
    assert "December 2020" in entry.find(f"{ATOM}summary").text


def test_feed_orders_quotations_by_when_they_were_published_not_said(client):
    now = timezone.now()
    said_long_ago = QuoteFactory(text="Said in 2001.", said_on=datetime.date(2001, 1, 1))
    said_lately = QuoteFactory(text="Said in 2020.")
    published_at(said_long_ago, now + datetime.timedelta(days=2))
    published_at(said_lately, now + datetime.timedelta(days=1))

    entries = feed_entries(client)

    assert [entry.find(f"{ATOM}title").text[:14] for entry in entries] == [
        "“Said in 2001.",
        "“Said in 2020.",
    ]
    published = entries[0].find(f"{ATOM}published").text
    assert published.startswith((now + datetime.timedelta(days=2)).date().isoformat())


def test_the_latest_publication_counts_after_a_quotation_is_published_again(client):
    quote = QuoteFactory(text="Published twice.")
    QuoteFactory(text="Published once.")
    later = timezone.now() + datetime.timedelta(days=3)
    published_at(quote, later - datetime.timedelta(days=300))
    published_at(quote, later)

    first = feed_entries(client)[0]

    assert first.find(f"{ATOM}title").text.startswith("“Published twice.")


def test_feed_holds_only_published_quotations_of_published_speakers(client):
    QuoteFactory(text="Published words.")
    QuoteFactory(text="Draft words.", state=ReviewState.DRAFT)
    QuoteFactory(
        text="Words of a draft speaker.", speaker_person=PersonFactory(state=ReviewState.DRAFT)
    )

    titles = [entry.find(f"{ATOM}title").text for entry in feed_entries(client)]

    assert len(titles) == 1 and "Published words." in titles[0]


@pytest.mark.parametrize("rows", [1, 50])
def test_feed_costs_the_same_queries_at_1_and_50_quotations(
    client, django_assert_num_queries, rows
):
    for _ in range(rows):
        published_at(QuoteFactory(), timezone.now())
    client.get(reverse("feed-quotes"))  # content types are cached after the first request

    with django_assert_num_queries(1):
        assert len(feed_entries(client)) == min(rows, LatestQuotesFeed.item_count)


def sitemap_locations(client) -> set[str]:
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {element.text for element in root.iter(f"{SITEMAP}loc")}


def test_sitemap_lists_the_fixed_pages_and_every_published_record(client):
    records = [
        QuoteFactory(),
        PersonFactory(),
        OrganizationFactory(),
        SourceFactory(),
        ClaimFactory(),
    ]

    locations = sitemap_locations(client)

    for name in ("home", "quote-list", "claim-list", "timeline", "corrections"):
        assert f"http://testserver{reverse(name)}" in locations
    for record in records:
        assert f"http://testserver{record.get_absolute_url()}" in locations


def test_sitemap_leaves_out_every_unpublished_record(client):
    hidden = [
        QuoteFactory(state=ReviewState.IN_REVIEW),
        QuoteFactory(speaker_person=PersonFactory(state=ReviewState.REJECTED)),
        PersonFactory(state=ReviewState.DRAFT),
        OrganizationFactory(state=ReviewState.DISPUTED),
        SourceFactory(state=ReviewState.VERIFIED),
        ClaimFactory(state=ReviewState.RETRACTED),
    ]

    content = client.get(reverse("sitemap")).content.decode()

    for record in hidden:
        assert record.get_absolute_url() not in content


@pytest.mark.parametrize("rows", [1, 50])
def test_sitemap_costs_the_same_queries_at_1_and_50_records(
    client, django_assert_num_queries, rows
):
    for _ in range(rows):
        QuoteFactory()  # and its speaker
        OrganizationFactory()
        SourceFactory()
        ClaimFactory()

    # For each of the five kinds of record: the count, then the page of records.
    with django_assert_num_queries(10):
        sitemap_locations(client)
