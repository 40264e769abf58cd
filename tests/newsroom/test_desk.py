"""The admin as a review desk: buttons by role, transition pages, no lost edits, corrections,
bulk actions that say what they skipped, review queues, deletion, history, assignment, merges."""

import sys
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom import workflow
from newsroom.models import Correction, Review, ReviewEvidence
from newsroom.roles import ROLE_GROUPS
from newsroom.workflow import CHECKLISTS, ReviewState
from sources.models import Quote
from tests import factories

pytestmark = pytest.mark.django_db

S = ReviewState


def staff(role, username):
    """A staff user whose permissions are those of one role group (made by the migration)."""
    user = factories.UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return user


@pytest.fixture
def author():
    return staff("contributor", "author")


@pytest.fixture
def contributor():
    return staff("contributor", "contributor")


@pytest.fixture
def factchecker():
    return staff("factchecker", "factchecker")


@pytest.fixture
def editor():
    return staff("editor", "editor")


@pytest.fixture
def administrator():
    return staff("admin", "administrator")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def url(record, view, *args):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[record.pk, *args])


def changelist(model=Quote):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def quote_by(user, state, **fields):
    return factories.QuoteFactory(
        **{"state": state, "created_by": user, "last_edited_by": user, **fields}
    )


def quote_data(quote, **changes):
    """The quote's change form as a browser posts it, with `changes`."""
    return {
        "text": quote.text,
        "language": quote.language,
        "translation": quote.translation,
        "translation_language": quote.translation_language,
        "speaker_person": quote.speaker_person_id,
        "said_on": quote.said_on.isoformat() if quote.said_on else "",
        "said_on_precision": quote.said_on_precision,
        "occasion": quote.occasion,
        "attribution_verdict": quote.attribution_verdict,
        "attribution_note": quote.attribution_note,
        "notes": quote.notes,
        "assigned_to": quote.assigned_to_id or "",
        "version": quote.version,
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
        **changes,
    }


def offered(response):
    return [action["action"] for action in response.context["review_panel"]["actions"]]


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_errors(response):
    return str(response.context["adminform"].form.errors)


# The review panel shows only the moves the user may make.


def test_a_contributor_is_offered_submit_for_review_on_their_draft_and_no_publish(contributor):
    quote = quote_by(contributor, S.DRAFT)

    response = signed_in(contributor).get(url(quote, "change"))

    assert response.status_code == 200
    assert offered(response) == ["submit", "delete"]
    content = response.content.decode()
    assert f'href="{url(quote, "transition", "submit")}">submit for review</a>' in content
    assert "/transition/publish/" not in content
    assert "/transition/verify/" not in content


def test_a_factchecker_is_offered_the_review_moves_on_a_record_someone_else_wrote(
    author, factchecker
):
    quote = quote_by(author, S.IN_REVIEW)

    response = signed_in(factchecker).get(url(quote, "change"))

    assert offered(response) == ["verify", "dispute", "reject", "send_back"]
    content = response.content.decode()
    for action, label in [("verify", "verify"), ("send_back", "send back")]:
        assert f'href="{url(quote, "transition", action)}">{label}</a>' in content
    assert "/transition/publish/" not in content


def test_the_author_of_a_record_in_review_is_not_offered_verify(factchecker):
    quote = quote_by(factchecker, S.IN_REVIEW)

    response = signed_in(factchecker).get(url(quote, "change"))

    assert offered(response) == ["dispute", "reject", "send_back"]
    assert "/transition/verify/" not in response.content.decode()


def test_a_contributor_is_offered_nothing_on_their_record_in_review(author):
    quote = quote_by(author, S.IN_REVIEW)

    response = signed_in(author).get(url(quote, "change"))

    assert offered(response) == []
    assert "/transition/" not in response.content.decode()


def test_the_review_panel_lists_the_reviews_newest_first_with_their_evidence_and_notes(
    author, factchecker
):
    quote = quote_by(author, S.DRAFT)
    workflow.transition(quote, "submit", user=author, note="Ready for a check.")
    wire = factories.SourceFactory(title="AFP wire")
    workflow.transition(
        quote,
        "verify",
        user=factchecker,
        checklist=dict.fromkeys(CHECKLISTS["quote"], True),
        evidence=[workflow.EvidenceItem(checked="Matched the AFP wire text", source=wire)],
    )

    response = signed_in(author).get(url(quote, "change"))

    assert [review.action for review in response.context["review_panel"]["reviews"]] == [
        "verify",
        "submit",
    ]
    content = response.content.decode()
    assert "Ready for a check." in content
    assert "Matched the AFP wire text" in content
    assert "Speaker identity confirmed" in content  # the checklist of a quotation


# The transition page: one move, with what it needs.


def test_submitting_on_the_transition_page_records_a_review_and_returns_to_the_record(
    contributor,
):
    quote = quote_by(contributor, S.DRAFT)
    client = signed_in(contributor)
    page = client.get(url(quote, "transition", "submit"))
    assert page.status_code == 200
    assert '<button type="submit" class="button default">submit for review</button>' in (
        page.content.decode()
    )

    response = client.post(
        url(quote, "transition", "submit"), {"note": "Ready for a check.", "version": quote.version}
    )

    assert response.status_code == 302
    assert response.url == url(quote, "change")
    quote.refresh_from_db()
    assert quote.state == S.IN_REVIEW
    review = Review.objects.for_record(quote).get()
    assert (review.action, review.user, review.note) == (
        "submit",
        contributor,
        "Ready for a check.",
    )
    assert any("is now in review" in text for text in message_texts(response))


def test_the_verify_page_has_the_fields_a_verification_needs(author, factchecker):
    quote = quote_by(author, S.IN_REVIEW)

    response = signed_in(factchecker).get(url(quote, "transition", "verify"))

    content = response.content.decode()
    assert '<textarea name="note"' in content
    for key in CHECKLISTS["quote"]:
        assert f'type="checkbox" name="checklist" value="{key}"' in content
    assert '<select name="evidence_source"' in content
    assert 'name="evidence_url"' in content
    assert 'type="text" name="evidence_checked"' in content
    assert f'type="hidden" name="version" value="{quote.version}"' in content
    assert 'name="what_was_wrong"' not in content
    assert ">verify</button>" in content


def test_the_retract_page_asks_for_the_public_correction(author, editor):
    quote = quote_by(author, S.PUBLISHED)

    response = signed_in(editor).get(url(quote, "transition", "retract"))

    content = response.content.decode()
    assert '<textarea name="what_was_wrong"' in content
    assert '<textarea name="what_changed"' in content
    assert ">retract</button>" in content


def test_verifying_without_evidence_shows_why_and_changes_nothing(author, factchecker):
    quote = quote_by(author, S.IN_REVIEW)
    version = quote.version

    response = signed_in(factchecker).post(
        url(quote, "transition", "verify"),
        {"checklist": list(CHECKLISTS["quote"]), "version": quote.version},
    )

    assert response.status_code == 200
    assert "Verifying needs at least one checked source" in response.content.decode()
    quote.refresh_from_db()
    assert (quote.state, quote.version) == (S.IN_REVIEW, version)
    assert not Review.objects.exists()


def test_verifying_with_the_checklist_and_evidence_records_them(author, factchecker):
    quote = quote_by(author, S.IN_REVIEW)
    wire = factories.SourceFactory(title="AFP wire")

    response = signed_in(factchecker).post(
        url(quote, "transition", "verify"),
        {
            "checklist": list(CHECKLISTS["quote"]),
            "evidence_source": wire.pk,
            "evidence_checked": "Matched the AFP wire text",
            "note": "Word for word.",
            "version": quote.version,
        },
    )

    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.state == S.VERIFIED
    review = Review.objects.for_record(quote).get()
    assert review.checklist == dict.fromkeys(CHECKLISTS["quote"], True)
    evidence = ReviewEvidence.objects.get(review=review)
    assert (evidence.source, evidence.checked) == (wire, "Matched the AFP wire text")


def test_evidence_without_what_was_checked_is_refused_on_the_form(author, factchecker):
    quote = quote_by(author, S.IN_REVIEW)

    response = signed_in(factchecker).post(
        url(quote, "transition", "dispute"),
        {"note": "Not in the wire.", "evidence_url": "https://afp.example/w", "version": 1},
    )

    assert response.status_code == 200
    assert "Say what you checked" in response.content.decode()
    quote.refresh_from_db()
    assert quote.state == S.IN_REVIEW


def test_a_retraction_on_the_transition_page_publishes_its_correction(author, editor):
    quote = quote_by(author, S.PUBLISHED)

    response = signed_in(editor).post(
        url(quote, "transition", "retract"),
        {
            "what_was_wrong": "The words were the reporter's.",
            "what_changed": "Retracted.",
            "version": quote.version,
        },
    )

    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.state == S.RETRACTED
    correction = Correction.objects.for_record(quote).get()
    assert (correction.what_was_wrong, correction.created_by) == (
        "The words were the reporter's.",
        editor,
    )


def test_the_transition_page_of_an_unknown_action_is_not_found(author, factchecker):
    quote = quote_by(author, S.IN_REVIEW)

    response = signed_in(factchecker).get(url(quote, "transition", "approve"))

    assert response.status_code == 404


def test_the_transition_page_refuses_a_move_the_role_does_not_grant(author, contributor):
    quote = quote_by(author, S.VERIFIED)
    client = signed_in(contributor)

    page = client.get(url(quote, "transition", "publish"))
    response = client.post(url(quote, "transition", "publish"), {"version": quote.version})

    assert page.status_code == 403
    assert "does not allow “publish”" in page.content.decode()
    assert response.status_code == 403
    quote.refresh_from_db()
    assert quote.state == S.VERIFIED


def test_the_transition_page_refuses_the_author_four_eyes(factchecker):
    quote = quote_by(factchecker, S.IN_REVIEW)

    response = signed_in(factchecker).get(url(quote, "transition", "verify"))

    assert response.status_code == 403
    assert "someone else must verify it" in response.content.decode()


def test_a_move_from_an_outdated_page_is_refused_as_stale(author, factchecker, editor):
    quote = quote_by(author, S.IN_REVIEW)
    read_version = quote.version
    quote.occasion = "to AFP"
    workflow.record_edit(quote, user=editor, changed=["occasion"])

    response = signed_in(factchecker).post(
        url(quote, "transition", "dispute"), {"note": "Not in the wire.", "version": read_version}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "was changed by editor" in content
    assert url(quote, "history") in content
    quote.refresh_from_db()
    assert quote.state == S.IN_REVIEW
    assert not Review.objects.exists()


# No lost edits.


def test_a_save_from_an_outdated_page_is_refused_naming_who_changed_it_and_keeps_the_values(
    author, editor
):
    quote = quote_by(author, S.DRAFT, occasion="to AFP")
    read = quote_data(quote, occasion="in a statement to AFP")
    quote.notes = "Checked with the wire desk."
    workflow.record_edit(quote, user=editor, changed=["notes"])

    response = signed_in(author).post(url(quote, "change"), read)

    assert response.status_code == 200
    errors = form_errors(response)
    assert "was changed by editor" in errors
    assert f'<a href="{url(quote, "history")}">' in errors
    content = response.content.decode()
    assert 'value="in a statement to AFP"' in content
    # Saving again, after comparing, replaces the other change deliberately.
    assert f'name="version" value="{quote.version}"' in content
    quote.refresh_from_db()
    assert (quote.occasion, quote.notes) == ("to AFP", "Checked with the wire desk.")


def test_a_save_that_loses_a_race_after_validation_is_refused_with_the_same_message(
    author, editor, monkeypatch
):
    quote = quote_by(author, S.DRAFT, occasion="to AFP")
    record_edit = workflow.record_edit

    def edited_meanwhile(record, **kwargs):
        # The editor's save lands between the form's version check and the author's save.
        # (Inside the test's one transaction it is rolled back with the author's attempt.)
        other_copy = Quote.objects.get(pk=record.pk)
        other_copy.notes = "Checked with the wire desk."
        record_edit(other_copy, user=editor, changed=["notes"])
        return record_edit(record, **kwargs)

    monkeypatch.setattr(workflow, "record_edit", edited_meanwhile)

    response = signed_in(author).post(
        url(quote, "change"), quote_data(quote, occasion="in a statement to AFP")
    )

    assert response.status_code == 200
    assert "was changed by editor" in form_errors(response)
    assert 'value="in a statement to AFP"' in response.content.decode()
    quote.refresh_from_db()
    assert quote.occasion == "to AFP"


def test_an_appearance_edited_inline_from_an_outdated_page_is_refused(author, editor):
    quote = quote_by(author, S.DRAFT)
    appearance = factories.AppearanceFactory(
        quote=quote, state=S.DRAFT, created_by=author, attribution_as_printed="critics"
    )
    read_version = appearance.version
    appearance.note = "Compare with the wire."
    workflow.record_edit(appearance, user=editor, changed=["note"])
    data = quote_data(
        quote,
        **{
            "appearances-TOTAL_FORMS": "1",
            "appearances-INITIAL_FORMS": "1",
            "appearances-0-id": appearance.pk,
            "appearances-0-quote": quote.pk,
            "appearances-0-source": appearance.source_id,
            "appearances-0-text_as_printed": appearance.text_as_printed,
            "appearances-0-form": appearance.form,
            "appearances-0-attribution_as_printed": "a spokesman",
            "appearances-0-attribution_verdict": appearance.attribution_verdict,
            "appearances-0-version": read_version,
        },
    )

    response = signed_in(author).post(url(quote, "change"), data)

    assert response.status_code == 200
    appearances = response.context["inline_admin_formsets"][0].formset
    assert "was changed by editor" in str(appearances.errors)
    appearance.refresh_from_db()
    assert (appearance.attribution_as_printed, appearance.note) == (
        "critics",
        "Compare with the wire.",
    )


# Corrections.


def test_a_material_change_to_a_published_quote_without_a_correction_is_refused(author, editor):
    quote = quote_by(author, S.PUBLISHED, text="Turkey will not return Uyghurs.")

    response = signed_in(editor).post(
        url(quote, "change"), quote_data(quote, text="Turkey will never return Uyghurs.")
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "needs a public correction" in str(form.errors["what_was_wrong"])
    quote.refresh_from_db()
    assert quote.text == "Turkey will not return Uyghurs."
    assert not Correction.objects.exists()


def test_a_material_change_with_a_correction_is_saved_and_the_correction_listed(author, editor):
    quote = quote_by(author, S.PUBLISHED, text="Turkey will not return Uyghurs.")
    client = signed_in(editor)

    response = client.post(
        url(quote, "change"),
        quote_data(
            quote,
            text="Turkey will never return Uyghurs.",
            what_was_wrong="The quotation read “not” where the speaker said “never”.",
            what_changed="The words are corrected from the recording.",
            change_reason="Checked against the recording",
        ),
    )

    assert response.status_code == 302, form_errors(response)
    quote.refresh_from_db()
    assert (quote.text, quote.state, quote.last_edited_by) == (
        "Turkey will never return Uyghurs.",
        S.PUBLISHED,
        editor,
    )
    correction = Correction.objects.for_record(quote).get()
    assert correction.created_by == editor
    page = client.get(url(quote, "change")).content.decode()
    assert "The words are corrected from the recording." in page
    corrections = client.get(reverse("admin:newsroom_correction_changelist"))
    assert list(corrections.context["cl"].result_list) == [correction]


def test_the_change_form_of_a_published_record_asks_for_the_correction(author, editor):
    published = quote_by(author, S.PUBLISHED)
    draft = quote_by(author, S.DRAFT)
    client = signed_in(editor)

    published_form = client.get(url(published, "change")).context["adminform"].form
    draft_form = client.get(url(draft, "change")).context["adminform"].form

    assert {"change_reason", "what_was_wrong", "what_changed"} <= set(published_form.fields)
    assert "state" not in published_form.fields
    assert "change_reason" in draft_form.fields


# Rights to change and to delete.


def test_a_contributor_cannot_change_a_record_in_review(author):
    quote = quote_by(author, S.IN_REVIEW, occasion="to AFP")
    client = signed_in(author)

    page = client.get(url(quote, "change"))
    response = client.post(url(quote, "change"), quote_data(quote, occasion="to Reuters"))

    assert page.context["has_change_permission"] is False
    assert response.status_code == 403
    quote.refresh_from_db()
    assert quote.occasion == "to AFP"


def test_only_administrators_may_delete(author, editor, administrator):
    quote = quote_by(author, S.DRAFT)
    editor_client = signed_in(editor)

    page = editor_client.get(url(quote, "change"))
    listing = editor_client.get(changelist())
    response = editor_client.post(url(quote, "delete"), {"post": "yes"})

    assert page.context["has_delete_permission"] is False
    assert url(quote, "delete") not in page.content.decode()
    assert "delete_selected" not in dict(listing.context["action_form"].fields["action"].choices)
    assert response.status_code == 403
    assert Quote.objects.filter(pk=quote.pk).exists()
    assert signed_in(administrator).get(url(quote, "change")).context["has_delete_permission"]


# Bulk actions.


def test_bulk_actions_offered_follow_the_role(contributor, editor):
    quote_by(contributor, S.DRAFT)

    def action_form(user):
        return signed_in(user).get(changelist()).context["action_form"]

    def actions(user):
        return set(dict(action_form(user).fields["action"].choices))

    assert {"submit_selected"} <= actions(contributor)
    assert not {"publish_selected", "assign_selected", "delete_selected"} & actions(contributor)
    assert "assignee" not in action_form(contributor).fields
    assert {"submit_selected", "publish_selected", "assign_selected"} <= actions(editor)
    assert "assignee" in action_form(editor).fields


def test_bulk_publish_publishes_what_it_may_and_says_why_it_skipped_the_rest(author, editor):
    ready = quote_by(author, S.VERIFIED, text="Ready to publish.")
    draft = quote_by(author, S.DRAFT, text="Still a draft.")
    edited = quote_by(author, S.VERIFIED, text="Edited by the editor.", last_edited_by=editor)

    response = signed_in(editor).post(
        changelist(),
        {"action": "publish_selected", "_selected_action": [ready.pk, draft.pk, edited.pk]},
        follow=True,
    )

    texts = message_texts(response)
    assert "Publish: 1 quote done, 2 skipped." in texts
    assert any(
        text.startswith(f"Skipped “{draft}”: Cannot publish a record that is draft")
        for text in texts
    )
    assert any(
        text.startswith(f"Skipped “{edited}”: editor created or last edited this record")
        for text in texts
    )
    states = dict(Quote.objects.values_list("pk", "state"))
    assert (states[ready.pk], states[draft.pk], states[edited.pk]) == (
        S.PUBLISHED,
        S.DRAFT,
        S.VERIFIED,
    )


def test_bulk_submit_moves_the_drafts_and_records_a_review_for_each(contributor):
    drafts = [quote_by(contributor, S.DRAFT) for _ in range(2)]

    response = signed_in(contributor).post(
        changelist(),
        {"action": "submit_selected", "_selected_action": [quote.pk for quote in drafts]},
        follow=True,
    )

    assert "Submit for review: 2 quotes done, 0 skipped." in message_texts(response)
    assert set(Quote.objects.values_list("state", flat=True)) == {S.IN_REVIEW}
    assert Review.objects.filter(action="submit").count() == 2


# Review queues.


def queue(client, name):
    response = client.get(changelist(), {"queue": name})
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def test_awaiting_my_review_lists_records_in_review_by_others_for_me_or_nobody(author, factchecker):
    other_checker = staff("factchecker", "other-checker")
    unassigned = quote_by(author, S.IN_REVIEW)
    mine = quote_by(author, S.IN_REVIEW, assigned_to=factchecker)
    quote_by(author, S.IN_REVIEW, assigned_to=other_checker)
    quote_by(factchecker, S.IN_REVIEW)
    quote_by(author, S.IN_REVIEW, last_edited_by=factchecker)
    quote_by(author, S.DRAFT)
    quote_by(author, S.VERIFIED, assigned_to=factchecker)
    client = signed_in(factchecker)

    assert queue(client, "awaiting") == {unassigned, mine}
    assert queue(client, "assigned") == {mine}


def test_sent_back_to_me_lists_my_drafts_whose_latest_review_sent_them_back(
    author, contributor, factchecker
):
    sent_back = quote_by(author, S.IN_REVIEW)
    workflow.transition(sent_back, "send_back", user=factchecker, note="Give the date.")
    resubmitted = quote_by(author, S.IN_REVIEW)
    workflow.transition(resubmitted, "send_back", user=factchecker, note="Give the date.")
    workflow.transition(resubmitted, "submit", user=author)
    quote_by(author, S.DRAFT)
    someone_elses = quote_by(contributor, S.IN_REVIEW)
    workflow.transition(someone_elses, "send_back", user=factchecker, note="Give the date.")

    assert queue(signed_in(author), "sent_back") == {sent_back}


# History.


def test_the_history_page_shows_each_change_with_its_author_reason_and_diff(author, editor):
    quote = quote_by(author, S.DRAFT, occasion="to AFP")

    response = signed_in(author).post(
        url(quote, "change"),
        quote_data(quote, occasion="to Reuters", change_reason="The wire was Reuters"),
    )
    history = signed_in(editor).get(url(quote, "history"))

    assert response.status_code == 302, form_errors(response)
    assert history.status_code == 200
    latest = history.context["page_obj"][0]
    assert (latest.history_user, latest.history_change_reason) == (author, "The wire was Reuters")
    assert [(c["field"], c["old"], c["new"]) for c in latest.history_delta_changes] == [
        ("Occasion", "to AFP", "to Reuters")
    ]
    content = history.content.decode()
    assert "The wire was Reuters" in content
    assert "to Reuters" in content


def test_the_history_page_shows_a_move_through_review_as_a_change_of_state(author, factchecker):
    quote = quote_by(author, S.IN_REVIEW)
    workflow.transition(quote, "send_back", user=factchecker, note="Give the date.")

    history = signed_in(factchecker).get(url(quote, "history"))

    latest = history.context["page_obj"][0]
    assert (latest.history_user, latest.history_change_reason) == (
        factchecker,
        "send back: Give the date.",
    )
    assert [(c["field"], c["old"], c["new"]) for c in latest.history_delta_changes] == [
        ("Review state", "in review", "draft")
    ]


def test_reverting_from_the_history_is_refused(author, editor):
    quote = quote_by(author, S.DRAFT, occasion="to AFP")
    first = quote.history.earliest()
    quote.occasion = "to Reuters"
    workflow.record_edit(quote, user=editor, changed=["occasion"])

    response = signed_in(editor).post(
        reverse("admin:sources_quote_simple_history", args=[quote.pk, first.history_id]),
        quote_data(quote, occasion="to AFP"),
    )

    assert response.status_code == 403
    quote.refresh_from_db()
    assert quote.occasion == "to Reuters"


# Assignment.


def test_only_an_editor_may_assign_and_only_to_a_factchecker(author, factchecker, editor):
    quote = quote_by(author, S.IN_REVIEW)

    checker_form = signed_in(factchecker).get(url(quote, "change")).context["adminform"].form
    editor_form = signed_in(editor).get(url(quote, "change")).context["adminform"].form

    assert "assigned_to" not in checker_form.fields
    choices = set(editor_form.fields["assigned_to"].queryset)
    assert factchecker in choices
    assert not {author, editor} & choices


def test_an_editor_assigning_a_review_does_not_become_its_last_editor(author, factchecker, editor):
    quote = quote_by(author, S.IN_REVIEW)

    response = signed_in(editor).post(
        url(quote, "change"), quote_data(quote, assigned_to=factchecker.pk)
    )

    assert response.status_code == 302, form_errors(response)
    quote.refresh_from_db()
    assert (quote.assigned_to, quote.last_edited_by) == (factchecker, author)
    assert quote.history.latest().history_change_reason == "assigned to factchecker"


def test_bulk_assignment_assigns_the_selected_records_to_the_chosen_factchecker(
    author, factchecker, editor
):
    quotes = [quote_by(author, S.IN_REVIEW) for _ in range(2)]

    response = signed_in(editor).post(
        changelist(),
        {
            "action": "assign_selected",
            "assignee": factchecker.pk,
            "_selected_action": [quote.pk for quote in quotes],
        },
        follow=True,
    )

    assert "Assign to factchecker: 2 quotes done, 0 skipped." in message_texts(response)
    assert set(Quote.objects.values_list("assigned_to", flat=True)) == {factchecker.pk}


# Merging duplicate people and organizations (the service is sources.services).


@pytest.fixture
def merge_calls(monkeypatch):
    """A stand-in for sources.services that records how the admin calls it."""
    calls = []

    def merge(*, keep, duplicates, user):
        if keep.name == "Refused":
            raise workflow.NotPermitted("These records cannot be merged.")
        calls.append((keep, list(duplicates), user))
        return keep

    monkeypatch.setitem(
        sys.modules,
        "sources.services",
        SimpleNamespace(person_merge=merge, organization_merge=merge),
    )
    return calls


def test_merging_people_into_the_first_calls_the_merge_service(editor, merge_calls):
    erdogan = factories.PersonFactory(name="Recep Tayyip Erdoğan")
    duplicate = factories.PersonFactory(name="Tayyip Erdogan")

    response = signed_in(editor).post(
        changelist(erdogan),
        {"action": "merge_into_first", "_selected_action": [erdogan.pk, duplicate.pk]},
        follow=True,
    )

    assert merge_calls == [(erdogan, [duplicate], editor)]
    assert any(text.startswith("Merged “Tayyip Erdogan” into") for text in message_texts(response))


def test_merging_into_a_chosen_organization_asks_which_to_keep(editor, merge_calls):
    congress = factories.OrganizationFactory(name="World Uyghur Congress")
    misnomer = factories.OrganizationFactory(name="Uyghur World Congress")
    client = signed_in(editor)
    selected = {"action": "merge_selected", "_selected_action": [congress.pk, misnomer.pk]}

    page = client.post(changelist(congress), selected)
    client.post(changelist(congress), {**selected, "post": "yes", "keep": congress.pk})

    assert page.status_code == 200
    assert f'name="keep" value="{misnomer.pk}"' in page.content.decode()
    assert merge_calls == [(congress, [misnomer], editor)]


def test_a_refused_merge_says_why(editor, merge_calls):
    refused = factories.PersonFactory(name="Refused")
    other = factories.PersonFactory(name="Someone Else")

    response = signed_in(editor).post(
        changelist(refused),
        {"action": "merge_into_first", "_selected_action": [refused.pk, other.pk]},
        follow=True,
    )

    assert "Nothing was merged: These records cannot be merged." in message_texts(response)
    assert merge_calls == []


def test_merging_is_not_offered_to_a_contributor(contributor):
    factories.PersonFactory()

    response = signed_in(contributor).get(changelist(factories.PersonFactory()))

    assert "merge_into_first" not in dict(response.context["action_form"].fields["action"].choices)


def test_merging_through_the_admin_repoints_the_quotes_and_keeps_the_name_as_an_alias(editor):
    erdogan = factories.PersonFactory(name="Recep Tayyip Erdoğan")
    duplicate = factories.PersonFactory(name="Tayyip Erdogan")
    quote = factories.QuoteFactory(speaker_person=duplicate)

    response = signed_in(editor).post(
        changelist(erdogan),
        {"action": "merge_into_first", "_selected_action": [erdogan.pk, duplicate.pk]},
        follow=True,
    )

    assert any(text.startswith("Merged “Tayyip Erdogan” into") for text in message_texts(response))
    quote.refresh_from_db()
    assert quote.speaker_person == erdogan
    assert "Tayyip Erdogan" in [alias.name for alias in erdogan.aliases.all()]


# The records of review themselves.


def test_reviews_are_listed_read_only(author, factchecker):
    quote = quote_by(author, S.IN_REVIEW)
    workflow.transition(quote, "send_back", user=factchecker, note="Give the date.")
    review = Review.objects.get()
    client = signed_in(factchecker)

    listing = client.get(reverse("admin:newsroom_review_changelist"))
    page = client.get(reverse("admin:newsroom_review_change", args=[review.pk]))
    add = client.get(reverse("admin:newsroom_review_add"))

    assert list(listing.context["cl"].result_list) == [review]
    assert url(quote, "change") in listing.content.decode()
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert add.status_code == 403


@pytest.mark.parametrize("model_name", ["review", "correction"])
def test_review_record_lists_cost_as_many_queries_for_20_rows_as_for_1(
    author, editor, django_assert_num_queries, model_name
):
    def retracted_quote():
        quote = quote_by(author, S.PUBLISHED)
        workflow.transition(
            quote,
            "retract",
            user=editor,
            correction=workflow.CorrectionNote("The words were wrong.", "Retracted."),
        )

    client = signed_in(editor)
    listing = reverse(f"admin:newsroom_{model_name}_changelist")
    retracted_quote()
    client.get(listing)  # warm the caches a first request fills
    with CaptureQueriesContext(connection) as one_row:
        client.get(listing)
    for _ in range(19):
        retracted_quote()

    with django_assert_num_queries(len(one_row.captured_queries)):
        response = client.get(listing)

    assert response.context["cl"].result_count == 20


@pytest.mark.parametrize("queue_name", ["awaiting", "assigned", "sent_back"])
def test_every_editorial_changelist_filters_by_every_queue(factchecker, queue_name):
    client = signed_in(factchecker)
    for model_name in ["outlet", "source", "person", "organization", "quote", "appearance"]:
        response = client.get(
            reverse(f"admin:sources_{model_name}_changelist"), {"queue": queue_name, "q": "x"}
        )
        assert response.status_code == 200, model_name
    for path in ["admin:sources_claim_changelist", "admin:timeline_event_changelist"]:
        assert client.get(reverse(path), {"queue": queue_name}).status_code == 200, path
