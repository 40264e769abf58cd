"""The public claims list and claim pages: verdicts, support by independent origins, evidence."""

import datetime
import io
import json
import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from newsroom.demo import demo_id
from newsroom.workflow import ReviewState
from sources.models import AttributionVerdict, Claim, TruthVerdict
from sources.support import support
from tests.factories import (
    ClaimAppearanceFactory,
    ClaimFactory,
    EvidenceFactory,
    OutletFactory,
    QuoteFactory,
    SourceFactory,
    TopicFactory,
)

CLAIM_LIST = reverse("claim-list")
PUBLISHED_CLAIMS = ["claim:50000", "claim:largest-diaspora", "claim:eight-pacts"]
UNPUBLISHED_CLAIMS = [
    "claim:million-camps",  # in review
    "claim:pboc-billion",  # verified, not yet published
    "claim:energy-package",  # draft
    "claim:third-country",  # disputed
]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def claim_url(key: str) -> str:
    return reverse("claim-detail", kwargs={"pk": demo_id(key)})


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def rated_claim(**fields) -> Claim:
    fields = {"verdict": TruthVerdict.FALSE, "reviewed_on": datetime.date(2021, 2, 1), **fields}
    return ClaimFactory(**fields)


# The list


def test_claim_list_shows_published_claims_with_their_truth_verdict(client, demo):
    html = page(client, CLAIM_LIST)

    for key in PUBLISHED_CLAIMS:
        assert claim_url(key) in html
    assert "About 50,000 Uyghurs live in Turkey" in html
    assert '<span class="badge verdict-mostly_true">mostly true</span>' in html
    assert "4 claims." in html


def test_claim_list_leaves_out_claims_in_every_unpublished_state(client, demo):
    html = page(client, CLAIM_LIST)

    for key in UNPUBLISHED_CLAIMS:
        claim = Claim.objects.get(pk=demo_id(key))
        assert claim_url(key) not in html
        assert claim.text[:40] not in html


@pytest.mark.parametrize("key", UNPUBLISHED_CLAIMS)
def test_unpublished_claim_page_answers_404(client, demo, key):
    assert client.get(claim_url(key)).status_code == 404


def test_claim_list_filters_by_verdict(client, demo):
    html = page(client, CLAIM_LIST, verdict="true")

    assert claim_url("claim:turkey-not-ratified") in html
    assert claim_url("claim:50000") not in html
    assert "1 claim." in html


def test_claim_list_filters_by_topic(client, demo):
    html = page(client, CLAIM_LIST, topic="sino-turkish-extradition-treaty")

    assert claim_url("claim:turkey-not-ratified") in html
    assert claim_url("claim:50000") not in html


def test_claim_list_offers_no_topic_that_only_unpublished_claims_are_about(client, db):
    ClaimFactory(state=ReviewState.DRAFT).topics.add(TopicFactory(name="Secret plans"))
    ClaimFactory().topics.add(TopicFactory(name="Open matters"))

    html = page(client, CLAIM_LIST)

    assert "Open matters" in html
    assert "Secret plans" not in html
    html = page(client, CLAIM_LIST, topic="secret-plans")
    assert "There is no topic “secret-plans” among the claims" in html


@pytest.mark.parametrize(
    "params, message",
    [
        ({"verdict": "maybe"}, "“maybe” is not a verdict the desk gives"),
        ({"verdict": "attribution"}, "is not a verdict the desk gives"),
        ({"topic": "<script>alert(1)</script>"}, "There is no topic “&lt;script&gt;"),
        ({"topic": "nul\x00byte"}, "Null characters are not allowed"),
        ({"page": "-3"}, "There is no page -3"),
        ({"page": "99999999999999999999"}, "There is no page 99999999999999999999"),
        ({"page": "two"}, "There is no page two"),
    ],
)
def test_bad_input_on_the_claim_list_gives_a_message(client, demo, params, message):
    html = page(client, CLAIM_LIST, **params)

    assert message in html
    assert claim_url("claim:50000") in html


def test_claim_list_costs_the_same_queries_for_one_claim_and_fifty(
    client, db, django_assert_num_queries
):
    topic = TopicFactory()
    ClaimFactory().topics.add(topic)
    with django_assert_num_queries(4) as one:  # count, page, topics of the page, topic choices
        assert client.get(CLAIM_LIST).status_code == 200

    for _ in range(49):
        rated_claim().topics.add(topic)
    with django_assert_num_queries(len(one.captured_queries)):
        html = page(client, CLAIM_LIST)
    assert "50 claims." in html


# The claim page


def test_claim_page_shows_verdict_explanation_and_date(client, demo):
    html = page(client, claim_url("claim:50000"))

    assert "<h1>About 50,000 Uyghurs live in Turkey</h1>" in html
    assert '<span class="badge verdict-mostly_true">mostly true</span>' in html
    assert "No census counts Uyghurs in Turkey" in html
    assert '<time datetime="2021-01-20">20 January 2021</time>' in html


def test_50000_claim_shows_both_sources_and_two_independent_origins(client, demo):
    html = page(client, claim_url("claim:50000"))

    assert "2 sources, 2 independent origins: neither cites the other." in html
    assert reverse("source-detail", kwargs={"pk": demo_id("source:commentary")}) in html
    assert reverse("source-detail", kwargs={"pk": demo_id("source:visiontimes")}) in html
    assert "An estimated 50,000 Uighurs have fled to Turkey" in html
    assert "Almost 50,000 Uyghurs are estimated to live in Turkey" in html


def test_two_outlets_repeating_one_wire_count_as_one_origin(client, db):
    wire = SourceFactory(
        title="Wire story", kind="wire", outlet=OutletFactory(name="AFP", kind="wire")
    )
    claim = rated_claim(text="The river flooded the town")
    for outlet in ("Daily One", "Daily Two"):
        ClaimAppearanceFactory(
            claim=claim,
            source=SourceFactory(outlet=OutletFactory(name=outlet)),
            via=wire,
            via_as_printed="according to AFP",
        )

    html = page(client, claim.get_absolute_url())

    assert "2 sources, 1 independent origin: both repeat the AFP wire." in html
    assert wire.get_absolute_url() in html
    assert html.count("according to AFP") == 2


def test_origin_not_published_is_named_as_printed_without_a_link(client, db):
    wire = SourceFactory(state=ReviewState.DRAFT, kind="wire", title="Unpublished wire copy")
    claim = rated_claim()
    for _ in range(2):
        ClaimAppearanceFactory(claim=claim, via=wire, via_as_printed="he told Reuters")

    html = page(client, claim.get_absolute_url())

    assert "both repeat a source cited as “he told Reuters”" in html
    assert wire.get_absolute_url() not in html
    assert "Unpublished wire copy" not in html


def test_outlet_still_in_review_is_not_named_on_the_page_nor_in_json_ld(client, db):
    hidden = OutletFactory(name="Outlet In Review", kind="wire", state=ReviewState.IN_REVIEW)
    wire = SourceFactory(title="Wire story", kind="wire", outlet=hidden)
    claim = rated_claim()
    ClaimAppearanceFactory(claim=claim, source=wire)
    ClaimAppearanceFactory(claim=claim, via=wire)
    EvidenceFactory(claim=claim, source=wire)

    html = page(client, claim.get_absolute_url())

    # A source of an outlet in review is not public: its own printing is not counted, and the
    # printing that repeats it names it without a link.
    assert "Outlet In Review" not in html
    assert "1 source, 1 independent origin." in html
    assert wire.get_absolute_url() not in html


def test_hedged_appearance_is_shown_as_hearsay(client, db):
    claim = rated_claim()
    ClaimAppearanceFactory(
        claim=claim, text_as_printed="It was reported that the border closed", hedged=True
    )

    html = page(client, claim.get_absolute_url())

    assert "reported as hearsay: ‘<span" in html
    assert "It was reported that the border closed</span>’" in html


def test_claim_page_shows_only_published_sources_and_quotations(client, db):
    claim = rated_claim()
    shown = ClaimAppearanceFactory(claim=claim, text_as_printed="Printed in a published report")
    hidden = ClaimAppearanceFactory(
        claim=claim,
        source=SourceFactory(state=ReviewState.IN_REVIEW),
        text_as_printed="Printed in a report still in review",
    )
    said = QuoteFactory(text="Published words asserting it")
    unsaid = QuoteFactory(text="Draft words asserting it", state=ReviewState.DRAFT)
    claim.quotes.set([said, unsaid])

    html = page(client, claim.get_absolute_url())

    assert "1 source, 1 independent origin." in html
    assert shown.source.get_absolute_url() in html
    assert hidden.source.get_absolute_url() not in html
    assert "still in review" not in html
    assert said.get_absolute_url() in html
    assert "Draft words" not in html
    assert unsaid.get_absolute_url() not in html


def test_quotation_on_the_claim_page_carries_its_language_and_direction(client, db):
    claim = rated_claim()
    claim.quotes.set([QuoteFactory(text="لا تركنوا", language="ar")])

    html = page(client, claim.get_absolute_url())

    assert '<blockquote class="quote" lang="ar" dir="rtl">لا تركنوا</blockquote>' in html


def test_evidence_links_published_sources_and_urls_and_gives_the_note(client, db):
    claim = rated_claim()
    published = EvidenceFactory(claim=claim, note="The census table gives the figure.")
    unpublished = EvidenceFactory(
        claim=claim, source=SourceFactory(state=ReviewState.DRAFT, title="Draft registry")
    )
    EvidenceFactory(claim=claim, source=None, url="https://stats.example.org/table-4")

    html = page(client, claim.get_absolute_url())

    assert published.source.get_absolute_url() in html
    assert "The census table gives the figure." in html
    assert unpublished.source.get_absolute_url() not in html
    assert '<a href="https://stats.example.org/table-4" rel="nofollow">' in html


def test_truth_verdict_is_shown_not_the_attribution_verdict(client, db):
    claim = rated_claim(verdict=TruthVerdict.FALSE)
    claim.quotes.set([QuoteFactory(attribution_verdict=AttributionVerdict.CONFIRMED)])

    html = page(client, claim.get_absolute_url())

    assert '<span class="badge verdict-false">false</span>' in html
    assert "confirmed" not in html


# ClaimReview


def test_claim_page_carries_claim_review_json_ld_with_the_required_properties(client, demo):
    html = page(client, claim_url("claim:50000"))

    [review] = [block for block in json_ld(html) if block.get("@type") == "ClaimReview"]
    assert review["@context"] == "https://schema.org"
    assert review["claimReviewed"] == "About 50,000 Uyghurs live in Turkey"
    assert review["url"] == "http://testserver" + claim_url("claim:50000")
    assert review["datePublished"] == "2021-01-20"
    assert review["author"]["name"] == "Provenance desk"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "mostly true",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["name"] == "About 50,000 Uyghurs live in Turkey"
    assert [work["url"] for work in item["appearance"]] == [
        "http://testserver" + reverse("source-detail", kwargs={"pk": demo_id(key)})
        for key in ("source:commentary", "source:visiontimes")
    ]
    assert item["datePublished"] == "2020-12"


def test_unproven_claim_review_names_the_rating_without_a_place_on_the_scale(client, db):
    claim = rated_claim(verdict=TruthVerdict.UNPROVEN)

    [review] = json_ld(page(client, claim.get_absolute_url()))

    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "unproven"}


def test_unrated_claim_has_no_claim_review(client, demo):
    html = page(client, claim_url("claim:eight-pacts"))

    assert "ClaimReview" not in html
    assert "not yet rated" in html


def test_claim_review_leaves_out_unpublished_sources(client, db):
    claim = rated_claim()
    ClaimAppearanceFactory(claim=claim, source=SourceFactory(title="Published report"))
    ClaimAppearanceFactory(
        claim=claim, source=SourceFactory(title="Draft report", state=ReviewState.DRAFT)
    )

    [review] = json_ld(page(client, claim.get_absolute_url()))

    assert [work["headline"] for work in review["itemReviewed"]["appearance"]] == [
        "Published report"
    ]


# The wording of support, on plain data


def printing(source, via=None, via_as_printed=""):
    return SimpleNamespace(
        source=source,
        source_id=source.pk,
        via=via,
        via_id=via.pk if via else None,
        via_as_printed=via_as_printed,
    )


def held(pk, name, kind="news"):
    return SimpleNamespace(
        pk=pk,
        is_public=True,
        outlet=SimpleNamespace(name=name, is_public=True),
        outlet_id=pk,
        kind=kind,
    )


def test_support_says_when_one_source_repeats_another_it_holds():
    guardian, commentary = held(1, "The Guardian"), held(2, "Commentary")

    found = support([printing(guardian), printing(commentary, via=guardian)])

    assert found.summary == "2 sources, 1 independent origin: the other repeats The Guardian."


def test_support_follows_a_chain_of_citations_to_its_origin():
    wire, paper, blog = held(1, "AFP", "wire"), held(2, "Paper"), held(3, "Blog")

    found = support([printing(paper, via=wire), printing(blog, via=paper)])

    assert found.summary == "2 sources, 1 independent origin: both repeat the AFP wire."
    assert [origin.source for origin in found.origins] == [wire]


def test_support_counts_origins_of_mixed_printings():
    wire, one, two, three = held(1, "AFP", "wire"), held(2, "A"), held(3, "B"), held(4, "C")

    found = support([printing(one, via=wire), printing(two, via=wire), printing(three)])

    assert found.summary == "3 sources, 2 independent origins."
    assert [len(origin.printings) for origin in found.origins] == [2, 1]
