"""The public timeline drawn by the real TimelineJS from /api/timeline/, with nothing from a CDN."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import Page, expect

from newsroom.roles import ensure_roles
from newsroom.workflow import ReviewState
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 15_000
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture
def events(live_server):
    ensure_roles(Group, Permission)
    return {
        "year": EventFactory(
            title="The treaty is signed",
            starts_on=datetime.date(2017, 1, 1),
            starts_on_precision="year",
        ),
        "day": EventFactory(
            title="Parliament ratifies the treaty",
            starts_on=datetime.date(2020, 12, 26),
            starts_on_precision="day",
        ),
        "range": EventFactory(
            title="The talks drag on",
            starts_on=datetime.date(2018, 3, 1),
            starts_on_precision="month",
            ends_on=datetime.date(2019, 1, 1),
            ends_on_precision="year",
        ),
        "draft": EventFactory(
            title="A draft nobody may see",
            starts_on=datetime.date(2019, 6, 1),
            starts_on_precision="month",
            state=ReviewState.DRAFT,
        ),
    }


def test_the_public_timeline_is_drawn_by_timelinejs_from_the_api(page: Page, events):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    failures: list[str] = []
    page.on("requestfailed", lambda request: failures.append(request.url))
    page.on("pageerror", lambda error: failures.append(str(error)))
    page.set_default_timeout(TIMEOUT_MS)

    response = page.goto("/timeline/")
    assert response is not None and response.status == 200
    page.locator(".tl-timemarker").first.wait_for(state="attached")
    embed = page.locator("#timeline-embed")

    # TimelineJS drew one marker per published event, with its headline.
    markers = embed.locator(".tl-timemarker")
    expect(markers).to_have_count(3)
    marker_headlines = markers.locator(".tl-headline").all_inner_texts()
    assert sorted(text.strip() for text in marker_headlines) == sorted(
        ["The treaty is signed", "Parliament ratifies the treaty", "The talks drag on"]
    )
    expect(embed.get_by_text("A draft nobody may see")).to_have_count(0)

    # The first slide is the year-only event, dated with its year and nothing more.
    first = embed.locator(".tl-slide").filter(has_text="The treaty is signed").first
    expect(first.locator(".tl-headline-date")).to_have_text("2017")
    # ... and readers can see it: the slides have room above the time axis.
    expect(first.locator(".tl-headline").first).to_be_visible()
    slider = embed.locator(".tl-storyslider").bounding_box()
    assert slider is not None and slider["height"] > 300, slider
    ranged = embed.locator(".tl-slide").filter(has_text="The talks drag on").first
    expect(ranged.locator(".tl-headline-date")).to_have_text("March 2018 – 2019")

    # The list stays for readers without JavaScript.
    expect(page.locator("article.event")).to_have_count(3)

    # Every request went to the live server: no CDN, no web fonts from elsewhere.
    assert any(urlsplit(url).path == "/api/timeline/" for url in requests), requests
    outside = [url for url in requests if urlsplit(url).hostname not in LOCAL_HOSTS]
    assert outside == []
    assert failures == []
