"""/api/claims/: the demo's claims, their printings and evidence, filters, leaks and writes."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from newsroom.demo import demo_id
from newsroom.workflow import ReviewState
from sources.models import Claim
from tests.api.helpers import api, read
from tests.factories import (
    ClaimAppearanceFactory,
    ClaimFactory,
    EvidenceFactory,
    QuoteFactory,
    SourceFactory,
    TopicFactory,
)

S = ReviewState
LIST = reverse("api:claim-list")
PUBLISHED_DEMO_CLAIMS = {
    "About 50,000 Uyghurs live in Turkey",
    "Turkey has the largest Uyghur diaspora community in the world",
    "In 2010 China and Turkey signed eight strategic cooperative pacts",
    "Turkey's parliament had not yet ratified the treaty",
}


def detail(pk) -> str:
    return reverse("api:claim-detail", kwargs={"pk": pk})


def texts(body: dict) -> set[str]:
    return {claim["text"] for claim in body["results"]}


def every_text(client: APIClient, params=None) -> list[str]:
    """The claims of every page of the list, following the cursors."""
    found, url, params = [], LIST, {"page_size": 2, **(params or {})}
    while url:
        body = read(client, url, params)
        found += [claim["text"] for claim in body["results"]]
        url, params = body["next"], None
    return found


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


# The demo newsroom


def test_readers_walk_the_published_demo_claims_in_cursor_pages(demo):
    walked = every_text(api())

    assert sorted(walked) == sorted(PUBLISHED_DEMO_CLAIMS)
    assert "count" not in read(api(), LIST)


def test_a_claim_carries_its_verdict_printings_and_evidence(demo):
    pk = demo_id("claim:50000")
    claim = read(api(), detail(pk))

    assert claim["url"] == f"http://testserver{detail(pk)}"
    assert claim["page"] == f"http://testserver/claims/{pk}/"
    assert (claim["verdict"], claim["verdict_label"], claim["rating_value"]) == (
        "mostly_true",
        "mostly true",
        4,
    )
    assert claim["reviewed_on"] == "2021-01-20"
    assert claim["topics"] == ["uyghurs-in-turkey"]
    printed = {p["source"]["title"]: p for p in claim["appearances"]}
    assert printed["No Sanctuary or Safety"]["text_as_printed"] == (
        "An estimated 50,000 Uighurs have fled to Turkey"
    )
    vision_times = printed[
        "Uyghurs Desperate as China Endorses the Sino-Turkish Extradition Treaty"
    ]
    assert vision_times["source"]["outlet"] == "Vision Times"
    assert vision_times["source"]["published"] == "2021-01"
    assert vision_times["hedged"] is False
    assert set(vision_times["anchor"]) == {"status", "start", "end", "exact", "prefix", "suffix"}
    [evidence] = claim["evidence"]
    assert evidence["source"]["id"] == str(demo_id("source:visiontimes"))
    assert evidence["note"].startswith("Gives the figure as an estimate")
    assert claim["claim_review"] == (
        f"http://testserver{reverse('api:claim-claimreview', kwargs={'pk': pk})}"
    )
    assert claim["notes"] is None
    assert claim["created_by"] is None


def test_an_unrated_claim_has_no_claim_review_link(demo):
    claim = read(api(), detail(demo_id("claim:eight-pacts")))

    assert (claim["verdict"], claim["rating_value"], claim["claim_review"]) == (
        "unrated",
        None,
        None,
    )


def test_a_hedged_printing_says_so(db):
    printing = ClaimAppearanceFactory(hedged=True, text_as_printed="It was reported that …")

    [shown] = read(api(), detail(printing.claim_id))["appearances"]

    assert shown["hedged"] is True
    assert shown["text_as_printed"] == "It was reported that …"


# Filters


def test_claims_are_filtered_by_verdict_topic_and_words(demo):
    reader = api()

    assert texts(read(reader, LIST, {"verdict": "true"})) == {
        "Turkey's parliament had not yet ratified the treaty"
    }
    assert texts(read(reader, LIST, {"topic": "uyghurs-in-turkey"})) == {
        "About 50,000 Uyghurs live in Turkey",
        "Turkey has the largest Uyghur diaspora community in the world",
    }
    assert texts(read(reader, LIST, {"q": "census"})) == {"About 50,000 Uyghurs live in Turkey"}
    assert texts(read(reader, LIST, {"q": "diaspora", "verdict": "unrated"})) == {
        "Turkey has the largest Uyghur diaspora community in the world"
    }


def test_claims_are_ordered_from_an_allow_list(demo):
    oldest_first = every_text(api(), {"ordering": "created_at"})
    newest_first = every_text(api(), {"ordering": "-created_at"})

    assert oldest_first == list(reversed(newest_first))
    refused = read(api(), LIST, {"ordering": "text"}, status=400)
    assert refused["code"] == "invalid"
    assert "ordering" in refused["errors"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"verdict": "pants-on-fire"}, "verdict"),
        ({"topic": "no-such-topic"}, "topic"),
        ({"updated_since": "last week"}, "updated_since"),
        ({"state": "lost"}, "state"),
        ({"q": "word\x00"}, "q"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_field(demo, params, field):
    body = read(api(), LIST, params, status=400)

    assert body["code"] == "invalid"
    assert field in body["errors"]


def test_a_bad_cursor_is_a_json_404(demo):
    body = read(api(), LIST, {"cursor": "not-a-cursor"}, status=404)

    assert body["code"] == "not_found"


# The leak rule


@pytest.fixture
def hidden(db):
    """A published claim printed in a published and a draft source, citing a draft source,
    with a draft quotation, evidence from a draft source, editors' notes; and a draft claim
    about a topic of its own."""
    claim = ClaimFactory(
        text="Shown claim",
        notes="Qzxnotesmarker",
        verdict="false",
        reviewed_on=datetime.date(2021, 1, 2),
    )
    draft_source = SourceFactory(title="Qzxdraftsourcemarker", state=S.DRAFT)
    ClaimAppearanceFactory(claim=claim, source=SourceFactory(), via=draft_source)
    ClaimAppearanceFactory(claim=claim, source=draft_source)
    claim.quotes.set(
        [QuoteFactory(text="Shown words"), QuoteFactory(text="Qzxdraftquote", state=S.DRAFT)]
    )
    EvidenceFactory(claim=claim, source=draft_source, note="Checked the draft.")
    secret_topic = TopicFactory(name="Qzxsecrettopic")
    draft = ClaimFactory(text="Qzxdraftclaim", state=S.IN_REVIEW)
    draft.topics.set([secret_topic])
    return {"claim": claim, "draft": draft, "draft_source": draft_source, "topic": secret_topic}


def test_readers_see_no_unpublished_claim_printing_quote_or_source(hidden):
    reader = api()
    listed = read(reader, LIST)
    claim = read(reader, detail(hidden["claim"].pk))

    assert texts(listed) == {"Shown claim"}
    assert len(claim["appearances"]) == 1
    assert claim["appearances"][0]["via"] is None
    assert [quote["text"] for quote in claim["quotes"]] == ["Shown words"]
    assert claim["evidence"][0]["source"] is None
    assert claim["evidence"][0]["note"] == "Checked the draft."
    assert claim["notes"] is None
    assert "Qzx" not in str(listed) + str(claim)
    assert str(hidden["draft_source"].pk) not in str(listed) + str(claim)
    read(reader, detail(hidden["draft"].pk), status=404)


def test_no_filter_or_search_tells_a_reader_an_unpublished_claim_exists(hidden):
    reader = api()
    unknown = read(reader, LIST, {"topic": "no-such-topic"}, status=400)
    secret = read(reader, LIST, {"topic": hidden["topic"].slug}, status=400)

    assert secret["errors"]["topic"] == [
        message.replace("no-such-topic", hidden["topic"].slug)
        for message in unknown["errors"]["topic"]
    ]
    assert read(reader, LIST, {"q": "Qzxdraftclaim"})["results"] == []
    assert read(reader, LIST, {"state": "in_review"})["results"] == []


def test_staff_see_every_claim_its_notes_and_the_draft_sources(hidden, factchecker):
    desk = api(factchecker)

    assert texts(read(desk, LIST, {"state": "in_review"})) == {"Qzxdraftclaim"}
    assert texts(read(desk, LIST, {"topic": hidden["topic"].slug})) == {"Qzxdraftclaim"}
    claim = read(desk, detail(hidden["claim"].pk))
    assert claim["notes"] == "Qzxnotesmarker"
    assert claim["evidence"][0]["source"]["title"] == "Qzxdraftsourcemarker"
    assert claim["appearances"][0]["via"]["title"] == "Qzxdraftsourcemarker"
    assert read(desk, detail(hidden["draft"].pk))["page"] is None


# Query counts


def supported_claim() -> Claim:
    claim = ClaimFactory(verdict="true", reviewed_on=datetime.date(2021, 1, 1))
    claim.topics.set([TopicFactory()])
    claim.quotes.set([QuoteFactory()])
    ClaimAppearanceFactory(claim=claim, via=SourceFactory())
    EvidenceFactory(claim=claim)
    return claim


@pytest.mark.parametrize("role", [None, "editor"])
@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_costs_the_same_queries_for_1_and_50_claims(
    db, request, django_assert_num_queries, role, rows
):
    for _ in range(rows):
        supported_claim()
    client = api(request.getfixturevalue(role) if role else None)
    # Claims; topics; printings with their sources; their outlets; the cited sources' outlets;
    # quotations; evidence with sources; its outlets; events. The desk's permissions on top.
    expected = 9 if role is None else 11

    with django_assert_num_queries(expected):
        body = read(client, LIST, {"page_size": 50})

    assert len(body["results"]) == rows
    assert all(len(claim["appearances"]) == 1 for claim in body["results"])
    assert all(len(claim["quotes"]) == 1 for claim in body["results"])


# Writes


def test_a_contributor_creates_a_draft_claim_with_topics_and_quotations(demo, contributor):
    quote = QuoteFactory()

    response = api(contributor).post(
        LIST,
        {
            "text": "Turkey has extradited no Uyghur to China",
            "topics": ["uyghurs-in-turkey"],
            "quote_ids": [str(quote.pk)],
            "notes": "Check the ministry's figures.",
            "reason": "from the commentary",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    claim = Claim.objects.get(pk=body["id"])
    assert (claim.state, claim.created_by, claim.verdict) == (S.DRAFT, contributor, "unrated")
    assert list(claim.quotes.all()) == [quote]
    assert body["topics"] == ["uyghurs-in-turkey"]
    assert body["notes"] == "Check the ministry's figures."
    assert body["created_by"] == "contributor"
    assert claim.history.first().history_change_reason == "from the commentary"


def test_a_verdict_without_its_date_is_refused(contributor):
    response = api(contributor).post(LIST, {"text": "Something checkable", "verdict": "false"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "reviewed_on" in response.json()["errors"]


def test_a_stale_edit_is_refused_with_409_and_the_current_version(factchecker):
    claim = ClaimFactory(state=S.IN_REVIEW)
    client = api(factchecker)
    first = client.patch(detail(claim.pk), {"verdict_summary": "First.", "version": 1})

    stale = client.patch(detail(claim.pk), {"verdict_summary": "Second.", "version": 1})

    assert first.status_code == 200, first.content
    assert first.headers["ETag"] == '"2"'
    assert stale.status_code == 409
    assert (stale.json()["code"], stale.json()["current_version"]) == ("stale", 2)
    claim.refresh_from_db()
    assert claim.verdict_summary == "First."


def test_an_if_match_naming_another_version_is_refused_with_412(factchecker):
    claim = ClaimFactory(state=S.IN_REVIEW)

    response = api(factchecker).patch(
        detail(claim.pk), {"verdict_summary": "x", "version": 1}, HTTP_IF_MATCH='"3"'
    )

    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"


def test_a_claim_is_verified_only_with_evidence_and_by_someone_else(contributor, factchecker):
    claim = ClaimFactory(state=S.IN_REVIEW, created_by=contributor, last_edited_by=factchecker)
    url = reverse("api:claim-transition", kwargs={"pk": claim.pk})
    checklist = {"claim_source": True, "verdict_supported": True}
    evidence = [{"source": str(SourceFactory().pk), "checked": "The figure is there."}]

    own_edit = api(factchecker).post(
        url, {"action": "verify", "version": 1, "checklist": checklist, "evidence": evidence}
    )
    claim.last_edited_by = contributor
    claim.save()
    no_evidence = api(factchecker).post(
        url, {"action": "verify", "version": 2, "checklist": checklist}
    )
    verified = api(factchecker).post(
        url, {"action": "verify", "version": 2, "checklist": checklist, "evidence": evidence}
    )

    assert (own_edit.status_code, own_edit.json()["code"]) == (403, "four_eyes")
    assert (no_evidence.status_code, no_evidence.json()["code"]) == (400, "evidence_required")
    assert verified.status_code == 200, verified.content
    assert verified.json()["state"] == "verified"


def test_the_editor_publishes_the_demo_claim_waiting_for_them(demo, editor):
    pk = demo_id("claim:pboc-billion")

    response = api(editor).post(
        reverse("api:claim-transition", kwargs={"pk": pk}), {"action": "publish", "version": 1}
    )

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "published"
    assert read(api(), detail(pk))["text"].startswith("In 2019 China's central bank")


def test_a_contributor_cannot_publish(contributor):
    claim = ClaimFactory(state=S.VERIFIED)

    response = api(contributor).post(
        reverse("api:claim-transition", kwargs={"pk": claim.pk}),
        {"action": "publish", "version": 1},
    )

    assert response.status_code == 403
    assert response.json()["code"] == "not_permitted"
