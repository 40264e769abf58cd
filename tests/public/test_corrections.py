"""The corrections page: every public correction, newest first, naming what it corrected."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from newsroom.workflow import ReviewState
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    CorrectionFactory,
    EventFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def corrections_page(client, **params):
    response = client.get(reverse("corrections"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_without_corrections_the_page_says_so(client):
    content = corrections_page(client)

    assert "The desk has not had to correct any published record." in content


def test_a_retracted_quotation_is_named_in_its_correction_without_a_link(client):
    quote = QuoteFactory(text="Words given to the wrong man.", state=ReviewState.RETRACTED)
    CorrectionFactory(
        record=quote,
        what_was_wrong="The words were another speaker's.",
        what_changed="Retracted.",
    )

    content = corrections_page(client)

    assert "Words given to the wrong man." in content
    assert quote.get_absolute_url() not in content
    assert "quotation retracted" in content
    assert "The words were another speaker&#x27;s." in content
    assert "<dd>Retracted.</dd>" in content


def test_a_corrected_published_claim_links_to_its_page(client):
    claim = ClaimFactory(text="About 50,000 Uyghurs live in Turkey.")
    CorrectionFactory(
        record=claim, what_was_wrong="The figure was 5,000.", what_changed="Now 50,000."
    )

    content = corrections_page(client)

    assert f'<a href="{claim.get_absolute_url()}">About 50,000 Uyghurs live in Turkey.</a>' in (
        content
    )
    assert "claim corrected" in content


def test_corrections_come_newest_first_with_their_date(client):
    now = timezone.now()
    CorrectionFactory(
        record=ClaimFactory(),
        what_was_wrong="Old mistake.",
        published_at=now - datetime.timedelta(days=30),
    )
    CorrectionFactory(record=ClaimFactory(), what_was_wrong="New mistake.", published_at=now)

    content = corrections_page(client)

    assert content.index("New mistake.") < content.index("Old mistake.")
    assert f'datetime="{now.isoformat()}"' in content or now.strftime("%-d %B %Y") in content


def test_a_correction_of_a_record_back_in_review_stays_off_the_page(client):
    CorrectionFactory(
        record=QuoteFactory(text="Unpublished again.", state=ReviewState.IN_REVIEW),
        what_was_wrong="Hidden mistake.",
    )
    CorrectionFactory(record=EventFactory(state=ReviewState.DRAFT), what_was_wrong="Draft event.")

    content = corrections_page(client)

    assert "Unpublished again." not in content
    assert "Hidden mistake." not in content
    assert "Draft event." not in content


def test_a_retracted_quotation_of_an_unpublished_speaker_does_not_name_the_speaker(client):
    speaker = PersonFactory(name="Hidden Speaker", state=ReviewState.DRAFT)
    CorrectionFactory(
        record=QuoteFactory(text="Retracted words.", speaker_person=speaker, state="retracted")
    )

    content = corrections_page(client)

    assert "Retracted words." in content
    assert "Hidden Speaker" not in content
    assert speaker.get_absolute_url() not in content


def test_a_corrected_printing_links_to_its_quotation(client):
    appearance = AppearanceFactory(source=SourceFactory(title="The printing source"))
    CorrectionFactory(record=appearance, what_was_wrong="The attribution was misprinted.")

    content = corrections_page(client)

    assert appearance.quote.get_absolute_url() in content
    assert "as printed in The printing source" in content


def test_a_corrected_event_shows_its_date_as_precisely_as_known(client):
    event = EventFactory(
        title="The treaty is ratified",
        starts_on=datetime.date(2020, 12, 1),
        starts_on_precision="month",
    )
    CorrectionFactory(record=event, what_was_wrong="The month was wrong.")

    content = corrections_page(client)

    assert "The treaty is ratified" in content
    assert "(December 2020)" in content


@pytest.mark.parametrize("page", ["0", "-1", "99999999999999999999", "abc", "1e9", "2"])
def test_a_page_that_is_not_there_shows_the_first_with_a_message(client, page):
    CorrectionFactory(record=ClaimFactory(), what_was_wrong="Only mistake.")

    content = corrections_page(client, page=page)

    assert "Only mistake." in content
    assert "showing the first page of 1" in content


def test_corrections_are_paginated(client):
    for number in range(21):
        CorrectionFactory(record=ClaimFactory(), what_was_wrong=f"Mistake {number:02d}.")

    first, second = corrections_page(client), corrections_page(client, page=2)

    assert first.count("What was wrong") == 20 and second.count("What was wrong") == 1
    assert 'href="?page=2" rel="next"' in first


@pytest.mark.parametrize("rows", [1, 50])
def test_corrections_cost_the_same_queries_at_1_and_50_rows(
    client, django_assert_num_queries, rows
):
    for _ in range(rows):
        CorrectionFactory(record=QuoteFactory(state=ReviewState.RETRACTED))
        CorrectionFactory(record=ClaimFactory())
    client.get(reverse("corrections"))  # content types are cached after the first request

    # The capped count, the page of corrections, then their quotations and their claims.
    with django_assert_num_queries(4):
        corrections_page(client)
