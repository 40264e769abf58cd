"""Nothing lost: history cannot be bypassed, deleting is soft, and the audit log says who did what.

- Bulk writes through the ORM on tracked models are recorded in their history; raw SQL on their
  tables is refused by the database (newsroom/history.py).
- Deleting to the bin is restorable, for the roles that may do it (newsroom/workflow.py).
- Every change, sign-in failure and refused action is logged with user and time, escaped
  (newsroom/audit.py).
"""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient
from simple_history.models import HistoricalRecords

from newsroom.audit import AuditFormatter, escape_control
from newsroom.history import guarded_tables, tracked_models, untracked_writes
from newsroom.models import Review
from newsroom.workflow import (
    IllegalTransition,
    NotPermitted,
    ReviewState,
    record_edit,
    transition,
)
from sources.models import Alias, Quote, Source
from tests import factories

pytestmark = pytest.mark.django_db

S = ReviewState

# A record of every tracked model: its history must not be bypassed.
TRACKED = {
    "topic": factories.TopicFactory,
    "person": factories.PersonFactory,
    "organization": factories.OrganizationFactory,
    "alias": factories.AliasFactory,
    "affiliation": factories.AffiliationFactory,
    "outlet": factories.OutletFactory,
    "source": factories.SourceFactory,
    "citation": factories.CitationFactory,
    "quote": factories.QuoteFactory,
    "appearance": factories.AppearanceFactory,
    "claim": factories.ClaimFactory,
    "claimappearance": factories.ClaimAppearanceFactory,
    "evidence": factories.EvidenceFactory,
    "event": factories.EventFactory,
    "participant": factories.ParticipantFactory,
    "review": factories.ReviewFactory,
    "reviewevidence": factories.ReviewEvidenceFactory,
    "correction": factories.CorrectionFactory,
    "proposalreview": factories.ProposalReviewFactory,
}


def trail(record) -> list[tuple[str, str]]:
    rows = type(record).history.filter(id=record.pk).order_by("history_date", "history_id")
    return [(row.history_type, row.history_change_reason or "") for row in rows]


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def refused(sql: str, params=()) -> str:
    """Run raw SQL that must be refused; the database's message."""
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        raw(sql, params)
    return str(error.value)


@pytest.fixture
def audit_lines():
    """The audit log's lines, formatted as they are written."""
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Keep()
    handler.setFormatter(AuditFormatter())
    logger = logging.getLogger("newsroom.audit")
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


# The guard.


def test_every_tracked_table_carries_the_guard():
    tables = {model._meta.db_table for model in tracked_models()}

    assert {model._meta.model_name for model in tracked_models()} == set(TRACKED)
    assert guarded_tables() == tables


@pytest.mark.parametrize("model_name", TRACKED)
def test_a_raw_update_or_delete_of_any_tracked_table_is_refused(model_name):
    record = TRACKED[model_name]()
    table = connection.ops.quote_name(record._meta.db_table)
    rows = type(record).history.count()

    message = refused(f"UPDATE {table} SET id = id WHERE id = %s", [record.pk.hex])
    assert "without keeping their history" in message
    refused(f"DELETE FROM {table} WHERE id = %s", [record.pk.hex])

    assert type(record).objects.filter(pk=record.pk).exists()
    assert type(record).history.count() == rows


def test_a_raw_insert_is_refused_and_nothing_is_written():
    topic = factories.TopicFactory.build()
    table = connection.ops.quote_name(topic._meta.db_table)

    refused(
        f"INSERT INTO {table} (id, name, slug) VALUES (%s, %s, %s)",
        [topic.pk.hex, "Smuggled", "smuggled"],
    )

    assert not type(topic).objects.filter(name="Smuggled").exists()


def test_an_update_through_the_base_manager_skipping_the_tracked_queryset_is_refused():
    quote = factories.QuoteFactory(text="The words as said.")

    with pytest.raises(DatabaseError), transaction.atomic():
        Quote._base_manager.filter(pk=quote.pk).update(text="Other words.")

    assert Quote.objects.get(pk=quote.pk).text == "The words as said."


def test_emptying_a_tracked_table_in_one_statement_is_refused():
    factories.TopicFactory()
    # PostgreSQL's TRUNCATE fires no row trigger, only the statement trigger; SQLite has no
    # TRUNCATE but empties a table without visiting its rows when a DELETE has no WHERE and no
    # trigger stands in the way.
    if connection.vendor == "postgresql":
        refused('TRUNCATE "sources_topic" CASCADE')
    else:
        refused('DELETE FROM "sources_topic"')

    assert factories.TopicFactory._meta.model.objects.exists()


def test_a_deliberate_untracked_write_is_allowed_and_logged(audit_lines):
    topic = factories.TopicFactory(name="Treaty")

    with untracked_writes("renaming by hand, ticket 42"):
        raw('UPDATE "sources_topic" SET name = %s WHERE id = %s', ["Treaties", topic.pk.hex])

    topic.refresh_from_db()
    assert topic.name == "Treaties"
    assert any(
        'history_bypassed user="" reason="renaming by hand, ticket 42"' in line
        for line in audit_lines
    )
    # The guard is closed again afterwards.
    refused('UPDATE "sources_topic" SET name = name WHERE id = %s', [topic.pk.hex])


# Bulk writes are recorded.


def test_a_bulk_update_writes_a_history_row_for_every_row_and_makes_old_copies_stale(editor):
    quotes = factories.QuoteFactory.create_batch(3, state=S.DRAFT)
    HistoricalRecords.context.request = RequestFactory().get("/")
    HistoricalRecords.context.request.user = editor
    try:
        count = Quote.objects.filter(pk__in=[q.pk for q in quotes]).update(notes="Checked.")
    finally:
        del HistoricalRecords.context.request

    assert count == 3
    for quote in quotes:
        latest = quote.history.latest("history_date")
        assert (latest.history_type, latest.notes, latest.history_user) == ("~", "Checked.", editor)
        assert latest.history_change_reason == "bulk update: notes"
        assert Quote.objects.get(pk=quote.pk).version == quote.version + 1


def test_bulk_create_and_bulk_update_write_history_rows():
    topics = factories.TopicFactory.build_batch(2)
    Topic = type(topics[0])
    for number, topic in enumerate(topics):
        topic.slug = f"bulk-topic-{number}"  # save() would set it; bulk_create does not

    Topic.objects.bulk_create(topics)
    for topic in topics:
        topic.name = f"{topic.name} (renamed)"
    Topic.objects.bulk_update(topics, ["name"])

    for topic in topics:
        assert trail(topic) == [("+", "bulk create"), ("~", "bulk update: name")]
        assert topic.history.latest("history_date").name.endswith("(renamed)")


def test_bulk_create_refuses_to_ignore_conflicts():
    topic = factories.TopicFactory.build()

    with pytest.raises(TypeError, match="history"):
        type(topic).objects.bulk_create([topic], ignore_conflicts=True)


def test_a_queryset_delete_records_each_row_and_what_it_cleared(administrator):
    source = factories.SourceFactory(state=S.REJECTED)
    alias = factories.AliasFactory(source=source)
    quote = factories.QuoteFactory(state=S.REJECTED)

    Source.objects.filter(pk=source.pk).delete()
    Quote.objects.filter(pk=quote.pk).delete()

    assert Source.history.filter(id=source.pk).latest("history_date").history_type == "-"
    assert Quote.history.filter(id=quote.pk).latest("history_date").history_type == "-"
    cleared = Alias.history.filter(id=alias.pk).latest("history_date")
    assert (cleared.history_type, cleared.source_id) == ("~", None)
    assert "cleared" in cleared.history_change_reason
    assert Alias.objects.get(pk=alias.pk).source is None


def test_a_reverse_relation_cleared_in_bulk_is_recorded():
    source = factories.SourceFactory()
    alias = factories.AliasFactory(source=source)

    source.aliases_printed.clear()

    assert trail(alias)[-1][0] == "~"
    assert Alias.history.filter(id=alias.pk).latest("history_date").source_id is None


def test_a_user_who_worked_on_records_cannot_be_deleted_only_deactivated(contributor):
    factories.QuoteFactory(created_by=contributor, last_edited_by=contributor)

    with pytest.raises(ProtectedError), transaction.atomic():
        contributor.delete()

    contributor.is_active = False
    contributor.save()
    assert get_user_model().objects.filter(pk=contributor.pk, is_active=False).exists()


# Deleting is soft.


def quote_by(user, state=S.DRAFT):
    return factories.QuoteFactory(state=state, created_by=user, last_edited_by=user)


def test_a_contributor_deletes_their_own_draft_to_the_bin_and_restores_it(contributor):
    quote = quote_by(contributor)

    review = transition(quote, "delete", user=contributor, note="A duplicate.")

    assert (review.from_state, review.to_state) == (S.DRAFT, S.DELETED)
    assert Quote.objects.get(pk=quote.pk).state == S.DELETED
    assert trail(quote)[-1] == ("~", "delete: A duplicate.")

    transition(quote, "restore", user=contributor)

    assert Quote.objects.get(pk=quote.pk).state == S.DRAFT


def test_restoring_returns_a_record_to_the_state_it_was_deleted_from(author, editor):
    quote = quote_by(author, S.DISPUTED)
    transition(quote, "delete", user=editor)

    review = transition(quote, "restore", user=editor)

    assert (review.from_state, review.to_state) == (S.DELETED, S.DISPUTED)
    assert Quote.objects.get(pk=quote.pk).state == S.DISPUTED


def test_a_contributor_may_not_delete_someone_elses_draft_nor_their_own_in_review(
    author, contributor
):
    theirs, submitted = quote_by(author), quote_by(contributor, S.IN_REVIEW)

    for quote in (theirs, submitted):
        with pytest.raises(NotPermitted, match="only drafts they created"):
            transition(quote, "delete", user=contributor)
        assert Quote.objects.get(pk=quote.pk).state == quote.state


@pytest.mark.parametrize("state", [S.PUBLISHED, S.RETRACTED])
def test_what_readers_have_seen_is_never_deleted(author, administrator, state):
    quote = quote_by(author, state)

    with pytest.raises(IllegalTransition):
        transition(quote, "delete", user=administrator)


def test_a_deleted_record_cannot_be_edited_until_restored(contributor, editor):
    quote = quote_by(contributor)
    transition(quote, "delete", user=contributor)
    quote.refresh_from_db()
    quote.notes = "Changed in the bin."

    with pytest.raises(NotPermitted, match="deleted"):
        record_edit(quote, user=editor, changed=["notes"])


def test_a_deleted_record_reaches_no_reader_and_staff_find_it_in_the_bin(author, editor, client):
    quote = quote_by(author, S.VERIFIED)
    transition(quote, "delete", user=editor)
    staff = APIClient()
    staff.force_authenticate(editor)
    signed_in = Client()
    signed_in.force_login(editor)
    changelist = reverse("admin:sources_quote_changelist")

    assert client.get(quote.get_absolute_url()).status_code == 404
    assert APIClient().get(reverse("api:quote-detail", args=[quote.pk])).status_code == 404
    assert staff.get(reverse("api:quote-detail", args=[quote.pk])).json()["state"] == "deleted"
    listed = staff.get(reverse("api:quote-list")).json()["results"]
    assert str(quote.pk) not in [row["id"] for row in listed]
    in_bin = staff.get(reverse("api:quote-list"), {"state": "deleted"}).json()["results"]
    assert [row["id"] for row in in_bin] == [str(quote.pk)]
    assert quote not in signed_in.get(changelist).context["cl"].result_list
    assert list(signed_in.get(changelist, {"state": "deleted"}).context["cl"].result_list) == [
        quote
    ]


def test_the_admin_list_action_deletes_to_the_bin(author, editor):
    quotes = [quote_by(author), quote_by(author, S.PUBLISHED)]
    signed_in = Client()
    signed_in.force_login(editor)

    response = signed_in.post(
        reverse("admin:sources_quote_changelist"),
        {"action": "delete_to_bin", "_selected_action": [q.pk for q in quotes]},
        follow=True,
    )

    assert response.status_code == 200
    assert [Quote.objects.get(pk=q.pk).state for q in quotes] == [S.DELETED, S.PUBLISHED]
    assert Review.objects.for_record(quotes[0]).get().action == "delete"


def test_the_api_deletes_to_the_bin_and_restores(author, editor):
    quote = quote_by(author, S.IN_REVIEW)
    staff = APIClient()
    staff.force_authenticate(editor)
    url = reverse("api:quote-transition", args=[quote.pk])

    deleted = staff.post(url, {"action": "delete", "version": 1}, format="json")
    restored = staff.post(url, {"action": "restore", "version": 2}, format="json")

    assert (deleted.status_code, deleted.json()["state"]) == (200, "deleted")
    assert (restored.status_code, restored.json()["state"]) == (200, "in_review")


def test_an_editor_deleting_through_the_api_is_told_to_use_the_bin(author, editor):
    quote = quote_by(author)
    staff = APIClient()
    staff.force_authenticate(editor)

    response = staff.delete(reverse("api:quote-detail", args=[quote.pk]))

    assert response.status_code == 403
    assert '"action": "delete"' in response.json()["message"]
    assert Quote.objects.filter(pk=quote.pk).exists()


# The audit log.


def test_every_change_is_logged_with_its_user_and_reason(contributor, audit_lines):
    quote = factories.QuoteFactory.build(state=S.DRAFT, speaker_person=factories.PersonFactory())

    record_edit(quote, user=contributor, reason="from the AFP wire")

    line = next(line for line in audit_lines if f'id="{quote.pk}"' in line)
    assert line.endswith(
        f'audit change user="{contributor.username}" model="sources.quote" id="{quote.pk}" '
        'type="created" reason="from the AFP wire"'
    )
    assert line[:20].endswith("Z")  # the time, in UTC


def test_a_refused_move_is_logged_with_the_rule_that_refused_it(contributor, audit_lines):
    quote = quote_by(contributor, S.VERIFIED)

    with pytest.raises(NotPermitted):
        transition(quote, "publish", user=contributor)

    [line] = [line for line in audit_lines if " refused " in line]
    assert f'user="{contributor.username}" action="publish" code="not_permitted"' in line
    assert f'id="{quote.pk}"' in line


def test_a_failed_sign_in_is_logged_with_control_characters_escaped(audit_lines):
    forged = 'mallory\n2026-11-21T00:00:00Z audit login user="admin"\x1b[2J\u202e'

    Client().post(reverse("admin:login"), {"username": forged, "password": "wrong"})

    [line] = [line for line in audit_lines if "login_failed" in line]
    assert "\n" not in line and "\x1b" not in line and "\u202e" not in line
    assert (
        'username="mallory\\x0a2026-11-21T00:00:00Z audit login user=\\"admin\\"\\x1b[2J\\u202e"'
        in line
    )


def test_a_forbidden_request_is_logged(contributor, audit_lines):
    signed_in = Client()
    signed_in.force_login(contributor)

    response = signed_in.get(reverse("admin:auth_user_changelist"))

    assert response.status_code == 403
    [line] = [line for line in audit_lines if " refused " in line]
    assert f'user="{contributor.username}" action="GET /admin/auth/user/" code="forbidden"' in line


def test_escaping_leaves_ordinary_text_in_any_script_alone():
    text = "Dilxat Raxit · دىلشات رېشىت · Erdoğan said “happily”…"

    assert escape_control(text) == text
    assert escape_control("a\tb\r\nc\x7f\u2028") == "a\\x09b\\x0d\\x0ac\\x7f\\u2028"
