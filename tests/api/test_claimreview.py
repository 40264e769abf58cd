"""ClaimReview JSON-LD through the API: Google's fact-check properties, published verdicts only."""

import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from newsroom.demo import demo_id
from newsroom.workflow import ReviewState
from tests.api.helpers import api
from tests.factories import (
    ClaimAppearanceFactory,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
)

S = ReviewState
LIST = reverse("api:claim-claimreview-list")
RATED_DEMO_CLAIMS = {
    "claim:50000": ("About 50,000 Uyghurs live in Turkey", "mostly true", 4),
    "claim:turkey-not-ratified": ("Turkey's parliament had not yet ratified the treaty", "true", 5),
}


def review_url(pk) -> str:
    return reverse("api:claim-claimreview", kwargs={"pk": pk})


def read(client: APIClient, url: str, status=200, **headers) -> dict:
    response = client.get(url, **headers)
    assert response.status_code == status, response.content
    return json.loads(response.content)


def rated_claim(**fields):
    return ClaimFactory(**{"verdict": "false", "reviewed_on": datetime.date(2021, 2, 1), **fields})


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("key", sorted(RATED_DEMO_CLAIMS))
def test_each_published_verdict_carries_googles_fact_check_properties(demo, key):
    text, verdict, value = RATED_DEMO_CLAIMS[key]
    pk = demo_id(key)

    response = api().get(review_url(pk))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    review = json.loads(response.content)
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == text
    assert review["url"] == f"http://testserver/claims/{pk}/"
    assert review["datePublished"] == "2021-01-20"
    assert review["author"] == {
        "@type": "Organization",
        "name": "Provenance desk",
        "url": "http://testserver/",
    }
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": verdict,
        "ratingValue": value,
        "bestRating": 5,
        "worstRating": 1,
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["name"] == text
    # The commentary printed it first (December 2020) but names no publisher; Vision Times
    # is the earliest printing whose publisher is known.
    assert item["datePublished"] == "2020-12"
    assert item["author"] == {"@type": "Organization", "name": "Vision Times"}
    assert [work["url"] for work in item["appearance"]] == [
        f"http://testserver/sources/{demo_id(source)}/"
        for source in ("source:commentary", "source:visiontimes")
    ]
    assert (
        item["firstAppearance"]["url"]
        == f"http://testserver/sources/{demo_id('source:commentary')}/"
    )


def test_the_api_serves_the_claim_review_the_public_page_embeds(demo):
    pk = demo_id("claim:50000")
    html = APIClient().get(f"/claims/{pk}/").content.decode()
    embedded = [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.DOTALL
        )
    ]

    assert read(api(), review_url(pk)) in embedded


def test_claim_review_is_plain_json_when_asked_for(demo):
    response = api().get(review_url(demo_id("claim:50000")), HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["@type"] == "ClaimReview"


@pytest.mark.parametrize("role", [None, "editor"])
@pytest.mark.parametrize(
    "key",
    [
        "claim:eight-pacts",  # published, not yet rated
        "claim:pboc-billion",  # verified, waiting for the editor
        "claim:million-camps",  # in review
        "claim:energy-package",  # draft
    ],
)
def test_no_claim_review_exists_for_an_unrated_or_unpublished_claim(demo, request, role, key):
    client = api(request.getfixturevalue(role) if role else None)

    body = read(client, review_url(demo_id(key)), status=404)

    assert body["code"] == "not_found"


def test_an_unpublished_claim_with_a_verdict_has_no_claim_review(db, editor):
    claim = rated_claim(state=S.VERIFIED)

    assert read(api(editor), review_url(claim.pk), status=404)["code"] == "not_found"


def test_unproven_names_the_rating_without_a_place_on_the_scale(db):
    claim = rated_claim(verdict="unproven")

    review = read(api(), review_url(claim.pk))

    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "unproven"}


def test_the_claim_reviewed_is_credited_to_a_byline_when_no_outlet_is_known(db):
    claim = rated_claim()
    ClaimAppearanceFactory(claim=claim, source=SourceFactory(outlet=None, authors="A. Writer"))

    item = read(api(), review_url(claim.pk))["itemReviewed"]

    assert item["author"] == {"@type": "Person", "name": "A. Writer"}
    assert item["datePublished"] == "2021-01-01"


def test_a_claim_review_names_no_unpublished_source(db):
    claim = rated_claim()
    ClaimAppearanceFactory(claim=claim, source=SourceFactory(title="Published report"))
    ClaimAppearanceFactory(claim=claim, source=SourceFactory(title="Qzxdraftreport", state=S.DRAFT))

    review = read(api(), review_url(claim.pk))

    assert [work["headline"] for work in review["itemReviewed"]["appearance"]] == [
        "Published report"
    ]
    assert "Qzx" not in json.dumps(review)


# The list of every ClaimReview


@pytest.mark.parametrize("role", [None, "editor"])
def test_the_list_holds_the_published_verdicts_only_whoever_asks(demo, request, role):
    client = api(request.getfixturevalue(role) if role else None)

    body = read(client, LIST)

    assert {review["claimReviewed"] for review in body["results"]} == {
        text for text, _, _ in RATED_DEMO_CLAIMS.values()
    }
    assert all(review["@type"] == "ClaimReview" for review in body["results"])
    assert body["next"] is None


def test_the_list_comes_in_cursor_pages(db):
    for number in range(3):
        rated_claim(text=f"Rated claim {number}")

    first = read(api(), f"{LIST}?page_size=2")
    second = read(api(), first["next"])

    assert len(first["results"]) == 2
    assert len(second["results"]) == 1
    assert second["next"] is None
    seen = {review["claimReviewed"] for review in first["results"] + second["results"]}
    assert seen == {f"Rated claim {number}" for number in range(3)}


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_costs_the_same_queries_for_1_and_50_reviews(db, django_assert_num_queries, rows):
    for _ in range(rows):
        claim = rated_claim()
        ClaimAppearanceFactory(claim=claim, via=SourceFactory())
        EvidenceFactory(claim=claim)

    # The page, then what with_support() fetches: topics, printings with their sources, their
    # outlets, the cited sources' outlets, quotations, evidence, its outlets, events.
    with django_assert_num_queries(9):
        body = read(api(), f"{LIST}?page_size=50")

    assert len(body["results"]) == rows
