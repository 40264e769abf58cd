"""Writes through /api/quotes/, /api/appearances/, /api/sources/ and /api/outlets/: the same
roles, drafts, four eyes, evidence, corrections and version checks as the admin."""

import pytest
from django.urls import reverse

from newsroom.models import Correction, Review
from newsroom.workflow import ReviewState
from sources.models import Appearance, Outlet, Quote, Source
from tests.api.helpers import client_for
from tests.factories import (
    AppearanceFactory,
    OrganizationFactory,
    OutletFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

S = ReviewState
QUOTES = reverse("api:quote-list")
CHECKLIST = {
    "primary_source": True,
    "speaker": True,
    "date": True,
    "words": True,
    "not_mixed": True,
}


def quote_url(quote, action: str | None = None) -> str:
    if action:
        return reverse(f"api:quote-{action}", kwargs={"pk": quote.pk})
    return reverse("api:quote-detail", kwargs={"pk": quote.pk})


def assert_refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert body["message"].strip()
    return body


# Creating.


def test_a_contributor_creates_a_draft_quotation(contributor):
    speaker = PersonFactory(name="Dilxat Raxit")
    topic = TopicFactory(name="Xinjiang")

    response = client_for(contributor).post(
        QUOTES,
        {
            "text": "This treaty will cause worry.",
            "speaker_person": str(speaker.pk),
            "said_on": "2020-12-01",
            "said_on_precision": "month",
            "occasion": "to AFP",
            "topics": [topic.slug],
            "notes": "From the AFP wire.",
            "reason": "entered from the wire",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    quote = Quote.objects.get(pk=body["id"])
    assert (quote.state, quote.created_by, quote.last_edited_by) == (
        S.DRAFT,
        contributor,
        contributor,
    )
    assert (quote.speaker, quote.said_on_precision, quote.notes) == (
        speaker,
        "month",
        "From the AFP wire.",
    )
    assert list(quote.topics.all()) == [topic]
    assert (body["state"], body["version"], body["said"]) == ("draft", 1, "2020-12")
    assert body["speaker"]["name"] == "Dilxat Raxit"
    assert (body["created_by"], body["provenance"], body["page"]) == ("contributor", [], None)
    (row,) = quote.history.all()
    assert (row.history_type, row.history_user, row.history_change_reason) == (
        "+",
        contributor,
        "entered from the wire",
    )


def test_an_anonymous_client_cannot_write(db):
    response = client_for().post(QUOTES, {"text": "Words.", "speaker_person": None})

    assert_refused(response, 401, "not_authenticated")
    assert not Quote.objects.exists()


def test_a_new_record_starts_as_a_draft_whatever_the_client_sends(contributor):
    response = client_for(contributor).post(
        QUOTES,
        {"text": "Words.", "speaker_person": str(PersonFactory().pk), "state": "published"},
    )

    assert response.status_code == 201
    assert Quote.objects.get().state == S.DRAFT


@pytest.mark.parametrize(
    ("speakers", "message"),
    [
        ({}, "Name the speaker"),
        ({"speaker_person": "person", "speaker_organization": "organization"}, "one speaker only"),
    ],
)
def test_a_quotation_needs_exactly_one_speaker(contributor, speakers, message):
    records = {"person": PersonFactory(), "organization": OrganizationFactory()}
    payload = {
        "text": "Words.",
        **{field: str(records[kind].pk) for field, kind in speakers.items()},
    }

    response = client_for(contributor).post(QUOTES, payload)

    body = assert_refused(response, 400, "invalid")
    assert message in body["errors"]["speaker_person"][0]
    assert not Quote.objects.exists()


def test_model_validation_answers_400_with_the_fields_errors(contributor):
    # A date said "in 2020" falls on 1 January: full_clean() refuses any other day.
    response = client_for(contributor).post(
        QUOTES,
        {
            "text": "Words.",
            "speaker_person": str(PersonFactory().pk),
            "said_on": "2020-12-05",
            "said_on_precision": "year",
        },
    )

    body = assert_refused(response, 400, "invalid")
    assert body["errors"]["said_on"] == [
        "5 December 2020 is not a year: for a date known only to the year, enter 1 January 2020."
    ]
    assert not Quote.objects.exists()


def test_naming_another_speaker_replaces_the_first(contributor):
    quote = QuoteFactory(state=S.DRAFT, created_by=contributor)
    organization = OrganizationFactory()

    response = client_for(contributor).patch(
        quote_url(quote), {"speaker_organization": str(organization.pk), "version": 1}
    )

    assert response.status_code == 200, response.content
    quote.refresh_from_db()
    assert (quote.speaker_person, quote.speaker_organization) == (None, organization)
    assert response.json()["speaker"]["kind"] == "organization"


# Editing: versions, If-Match, roles.


def test_an_edit_needs_the_version_it_was_made_from(contributor):
    quote = QuoteFactory(state=S.DRAFT)

    response = client_for(contributor).patch(quote_url(quote), {"occasion": "to AFP"})

    body = assert_refused(response, 400, "invalid")
    assert "version" in body["errors"]


def test_an_edit_from_a_stale_version_is_refused_with_409(contributor, author):
    quote = QuoteFactory(state=S.DRAFT, occasion="")
    client_for(author).patch(quote_url(quote), {"occasion": "first", "version": 1})

    response = client_for(contributor).patch(quote_url(quote), {"occasion": "second", "version": 1})

    body = assert_refused(response, 409, "stale")
    assert body["current_version"] == 2
    assert "author" in body["message"]
    quote.refresh_from_db()
    assert (quote.occasion, quote.version) == ("first", 2)


def test_an_if_match_that_is_not_the_current_version_is_refused_with_412(contributor):
    quote = QuoteFactory(state=S.DRAFT)
    api = client_for(contributor)

    response = api.patch(quote_url(quote), {"occasion": "x", "version": 1}, HTTP_IF_MATCH='"7"')

    assert_refused(response, 412, "precondition_failed")
    quote.refresh_from_db()
    assert quote.version == 1
    saved = api.patch(quote_url(quote), {"occasion": "x", "version": 1}, HTTP_IF_MATCH='"1"')
    assert saved.status_code == 200
    assert saved["ETag"] == '"2"'


def test_a_contributor_cannot_edit_a_record_in_review(contributor, author):
    quote = QuoteFactory(state=S.IN_REVIEW, created_by=author)

    response = client_for(contributor).patch(quote_url(quote), {"occasion": "x", "version": 1})

    assert_refused(response, 403, "not_permitted")


def test_a_material_change_to_a_published_quotation_needs_a_correction(editor):
    quote = QuoteFactory(text="The words as first published.")
    api = client_for(editor)

    refused = api.patch(quote_url(quote), {"text": "The corrected words.", "version": 1})
    assert_refused(refused, 400, "correction_required")

    corrected = api.patch(
        quote_url(quote),
        {
            "text": "The corrected words.",
            "version": 1,
            "correction": {"what_was_wrong": "A word was wrong.", "what_changed": "Fixed it."},
        },
    )
    assert corrected.status_code == 200, corrected.content
    assert Correction.objects.for_record(quote).get().what_was_wrong == "A word was wrong."


# Moving through review.


def test_a_contributor_submits_a_draft(contributor):
    quote = QuoteFactory(state=S.DRAFT, created_by=contributor)

    response = client_for(contributor).post(
        quote_url(quote, "transition"), {"action": "submit", "version": 1}
    )

    assert response.status_code == 200, response.content
    assert (response.json()["state"], response.json()["version"]) == ("in_review", 2)
    assert Review.objects.for_record(quote).get().user == contributor


def test_a_contributor_cannot_publish(contributor, author):
    quote = QuoteFactory(state=S.VERIFIED, created_by=author)

    response = client_for(contributor).post(
        quote_url(quote, "transition"), {"action": "publish", "version": 1}
    )

    assert_refused(response, 403, "not_permitted")


def test_verifying_needs_the_checklist_and_a_checked_source(factchecker, author):
    quote = QuoteFactory(state=S.IN_REVIEW, created_by=author, last_edited_by=author)
    source = SourceFactory()
    api = client_for(factchecker)

    refused = api.post(quote_url(quote, "transition"), {"action": "verify", "version": 1})
    assert_refused(refused, 400, "evidence_required")

    verified = api.post(
        quote_url(quote, "transition"),
        {
            "action": "verify",
            "version": 1,
            "checklist": CHECKLIST,
            "evidence": [{"source": str(source.pk), "checked": "Matched the wire."}],
        },
    )
    assert verified.status_code == 200, verified.content
    assert verified.json()["state"] == "verified"
    assert Review.objects.for_record(quote).get().evidence.get().source == source


def test_four_eyes_whoever_last_edited_cannot_verify(factchecker, author):
    quote = QuoteFactory(state=S.IN_REVIEW, created_by=author, last_edited_by=author)
    api = client_for(factchecker)
    api.patch(quote_url(quote), {"occasion": "fixed by the checker", "version": 1})

    response = api.post(
        quote_url(quote, "transition"),
        {
            "action": "verify",
            "version": 2,
            "checklist": CHECKLIST,
            "evidence": [{"url": "https://example.org/wire", "checked": "Matched."}],
        },
    )

    assert_refused(response, 403, "four_eyes")
    quote.refresh_from_db()
    assert quote.state == S.IN_REVIEW


def test_a_transition_from_a_stale_version_is_refused(editor, author):
    quote = QuoteFactory(state=S.VERIFIED, created_by=author, last_edited_by=author, version=3)

    response = client_for(editor).post(
        quote_url(quote, "transition"), {"action": "publish", "version": 2}
    )

    body = assert_refused(response, 409, "stale")
    assert body["current_version"] == 3


def test_an_editor_publishes_and_the_quotation_appears_to_readers(editor, author):
    quote = QuoteFactory(state=S.VERIFIED, created_by=author, last_edited_by=author)
    assert client_for().get(quote_url(quote)).status_code == 404

    response = client_for(editor).post(
        quote_url(quote, "transition"), {"action": "publish", "version": 1}
    )

    assert response.status_code == 200
    assert response.json()["page"] == f"http://testserver/quotes/{quote.pk}/"
    assert client_for().get(quote_url(quote)).status_code == 200


def test_an_editor_assigns_a_factchecker(editor, factchecker, author):
    quote = QuoteFactory(state=S.IN_REVIEW, created_by=author)

    response = client_for(editor).post(quote_url(quote, "assign"), {"assignee": "factchecker"})

    assert response.status_code == 200, response.content
    assert response.json()["assigned_to"] == "factchecker"
    assert_refused(
        client_for(factchecker).post(quote_url(quote, "assign"), {"assignee": "factchecker"}),
        403,
        "not_permitted",
    )


# Deleting: administrators only.


def test_only_an_administrator_deletes(editor, administrator):
    quote = QuoteFactory(state=S.REJECTED)

    assert_refused(client_for(editor).delete(quote_url(quote)), 403, "permission_denied")
    assert client_for(administrator).delete(quote_url(quote)).status_code == 204
    assert not Quote.objects.exists()
    assert quote.history.filter(history_type="-").get().history_user == administrator


# Appearances: tools attach a printing of a quotation to a source.

SNAPSHOT = "Dilxat Raxit said the treaty will cause worry among Uighurs, he told AFP."


def test_a_contributor_attaches_a_printing_anchored_in_the_snapshot(contributor):
    quote = QuoteFactory(text="the treaty will cause worry among Uyghurs")
    source = SourceFactory(text=SNAPSHOT)
    wire = SourceFactory(kind="wire")

    response = client_for(contributor).post(
        reverse("api:appearance-list"),
        {
            "quote_id": str(quote.pk),
            "source_id": str(source.pk),
            "via_id": str(wire.pk),
            "text_as_printed": "the treaty will cause worry among Uighurs",
            "attribution_as_printed": "Dilxat Raxit",
            "via_as_printed": "he told AFP",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    appearance = Appearance.objects.get(pk=body["id"])
    assert (appearance.state, appearance.created_by) == (S.DRAFT, contributor)
    assert (appearance.via, appearance.anchor_start, appearance.anchor_end) == (wire, 18, 59)
    assert body["anchor"]["exact"] == "the treaty will cause worry among Uighurs"
    assert body["anchor"]["prefix"].endswith("said ")
    assert body["via"]["id"] == str(wire.pk)
    assert appearance.history.get().history_user == contributor


def test_printed_words_not_in_the_snapshot_are_refused(contributor):
    response = client_for(contributor).post(
        reverse("api:appearance-list"),
        {
            "quote_id": str(QuoteFactory().pk),
            "source_id": str(SourceFactory(text=SNAPSHOT).pk),
            "text_as_printed": "words the source never printed",
        },
    )

    body = assert_refused(response, 400, "invalid")
    assert "not found" in body["errors"]["text_as_printed"][0]
    assert not Appearance.objects.exists()


def test_a_source_cannot_be_its_own_via(contributor):
    source = SourceFactory()

    response = client_for(contributor).post(
        reverse("api:appearance-list"),
        {
            "quote_id": str(QuoteFactory().pk),
            "source_id": str(source.pk),
            "via_id": str(source.pk),
            "text_as_printed": "Words.",
        },
    )

    body = assert_refused(response, 400, "invalid")
    assert "via" in body["errors"]


def test_verifying_an_unanchored_printing_needs_a_reason(factchecker, author):
    appearance = AppearanceFactory(
        state=S.IN_REVIEW, created_by=author, source=SourceFactory(text=SNAPSHOT)
    )
    Appearance.objects.filter(pk=appearance.pk).update(anchor_status="orphaned")  # version 2

    response = client_for(factchecker).post(
        reverse("api:appearance-transition", kwargs={"pk": appearance.pk}),
        {
            "action": "verify",
            "version": 2,
            "checklist": {
                "primary_source": True,
                "speaker": True,
                "words": True,
                "not_mixed": True,
            },
            "evidence": [{"url": "https://example.org/", "checked": "Matched."}],
        },
    )

    body = assert_refused(response, 400, "evidence_required")
    assert "anchored" in body["message"]


# Sources and outlets.


def test_a_contributor_adds_a_source_with_its_snapshot(contributor):
    outlet = OutletFactory(name="AFP", kind="wire")

    response = client_for(contributor).post(
        reverse("api:source-list"),
        {
            "title": "AFP report",
            "outlet_id": str(outlet.pk),
            "kind": "wire",
            "web_url": "https://www.afp.com/report",
            "published_on": "2020-12-29",
            "published_on_precision": "day",
            "text": SNAPSHOT,
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    source = Source.objects.get(pk=body["id"])
    assert (source.state, source.created_by, source.url) == (
        S.DRAFT,
        contributor,
        "https://www.afp.com/report",
    )
    assert body["text_sha256"] == source.text_sha256 != ""
    assert (body["has_snapshot"], body["text"], body["published"]) == (True, SNAPSHOT, "2020-12-29")
    assert body["outlet"]["name"] == "AFP"


def test_changing_a_snapshot_reanchors_its_printings(contributor):
    source = SourceFactory(text=SNAPSHOT, state=S.DRAFT)
    appearance = AppearanceFactory(
        source=source, text_as_printed="the treaty will cause worry", state=S.DRAFT
    )
    appearance.full_clean()
    appearance.save()
    assert appearance.anchor_start == 18

    response = client_for(contributor).patch(
        reverse("api:source-detail", kwargs={"pk": source.pk}),
        {"text": "New text. " + SNAPSHOT, "version": 1},
    )

    assert response.status_code == 200, response.content
    appearance.refresh_from_db()
    assert (appearance.anchor_status, appearance.anchor_start) == ("anchored", 28)


def test_an_outlets_name_is_unique(contributor):
    OutletFactory(name="Vision Times")

    response = client_for(contributor).post(
        reverse("api:outlet-list"), {"name": "Vision Times", "kind": "online"}
    )

    body = assert_refused(response, 400, "invalid")
    assert "name" in body["errors"]
    assert Outlet.objects.count() == 1


def test_an_editor_edits_an_outlet_and_the_history_says_why(editor):
    outlet = OutletFactory(name="Vision Times", country="")

    response = client_for(editor).patch(
        reverse("api:outlet-detail", kwargs={"pk": outlet.pk}),
        {"country": "US", "version": 1, "reason": "country from the imprint"},
    )

    assert response.status_code == 200, response.content
    assert (response.json()["country"], response.json()["version"]) == ("US", 2)
    latest = outlet.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        editor,
        "country from the imprint",
    )


def test_a_source_still_cited_cannot_be_deleted(administrator):
    wire = SourceFactory(kind="wire")
    AppearanceFactory(via=wire)

    response = client_for(administrator).delete(
        reverse("api:source-detail", kwargs={"pk": wire.pk})
    )

    body = assert_refused(response, 409, "still_referenced")
    assert "appearances" in body["message"]
    assert Source.objects.filter(pk=wire.pk).exists()
