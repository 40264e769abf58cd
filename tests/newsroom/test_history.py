"""History: every change to every editorial record is kept, with who made it and why."""

import pytest

from newsroom.workflow import (
    EvidenceItem,
    NotPermitted,
    ReviewState,
    checklist_for,
    record_edit,
    transition,
)
from sources.models import Appearance, Quote
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    EventFactory,
    OrganizationFactory,
    OutletFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

S = ReviewState

# How to make a new, unsaved record of each editorial model, and a field an editor changes on it.
NEW = {
    "quote": lambda: QuoteFactory.build(state=S.DRAFT, speaker_person=PersonFactory()),
    "appearance": lambda: AppearanceFactory.build(
        state=S.DRAFT, quote=QuoteFactory(), source=SourceFactory()
    ),
    "claim": lambda: ClaimFactory.build(state=S.DRAFT),
    "event": lambda: EventFactory.build(state=S.DRAFT),
    "person": lambda: PersonFactory.build(state=S.DRAFT),
    "organization": lambda: OrganizationFactory.build(state=S.DRAFT),
    "source": lambda: SourceFactory.build(state=S.DRAFT, outlet=OutletFactory()),
    "outlet": lambda: OutletFactory.build(state=S.DRAFT),
}
EDIT = {
    "quote": ("notes", "Asked the ministry for the recording."),
    "appearance": ("note", "The wire copy is in the archive."),
    "claim": ("notes", "The figure comes from the 2019 census."),
    "event": ("notes", "Two dates are reported; we give the earlier."),
    "person": ("description", "Spokesman of the ministry since 2018."),
    "organization": ("description", "A human-rights group based in Geneva."),
    "source": ("notes", "Paywalled; read in the archive copy."),
    "outlet": ("website", "https://outlet.example.org/"),
}
FACTORIES = {
    "quote": QuoteFactory,
    "appearance": AppearanceFactory,
    "claim": ClaimFactory,
    "event": EventFactory,
    "person": PersonFactory,
    "organization": OrganizationFactory,
    "source": SourceFactory,
    "outlet": OutletFactory,
}


def trail(record) -> list[tuple[str, object, str | None]]:
    """The record's history, oldest first: (type, who, why)."""
    rows = record.history.order_by("history_date", "history_id")
    return [(row.history_type, row.history_user, row.history_change_reason) for row in rows]


@pytest.mark.parametrize("model_name", NEW)
def test_every_edit_and_move_is_in_the_history_with_its_author_and_reason(
    model_name, contributor, factchecker, editor
):
    record = NEW[model_name]()
    record_edit(record, user=contributor, reason="new from the AFP wire")
    field, value = EDIT[model_name]
    setattr(record, field, value)
    record_edit(record, user=contributor, changed=[field], reason="added a note")
    transition(record, "submit", user=contributor)
    transition(
        record,
        "verify",
        user=factchecker,
        evidence=[EvidenceItem(checked="matched the wire text", url="https://afp.com/1")],
        checklist={key: True for key, _ in checklist_for(record)},
    )
    transition(record, "publish", user=editor, note="ready")

    assert trail(record) == [
        ("+", contributor, "new from the AFP wire"),
        ("~", contributor, "added a note"),
        ("~", contributor, "submit for review"),
        ("~", factchecker, "verify"),
        ("~", editor, "publish: ready"),
    ]
    states = [row.state for row in record.history.order_by("history_date", "history_id")]
    assert states == [S.DRAFT, S.DRAFT, S.IN_REVIEW, S.VERIFIED, S.PUBLISHED]
    assert getattr(record.history.earliest("history_date"), field) != value
    assert getattr(record.history.latest("history_date"), field) == value


@pytest.mark.parametrize("model_name", FACTORIES)
def test_a_deleted_record_leaves_a_history_row(model_name, administrator):
    record = FACTORIES[model_name](state=S.REJECTED)
    model, pk = type(record), record.pk
    record._history_user = administrator

    record.delete()

    assert not model.objects.filter(pk=pk).exists()
    deleted = model.history.filter(id=pk).latest("history_date")
    assert (deleted.history_type, deleted.history_user, deleted.state) == (
        "-",
        administrator,
        S.REJECTED,
    )


def test_the_history_shows_what_changed_field_by_field(contributor, editor):
    quote = QuoteFactory(state=S.DRAFT, created_by=contributor, last_edited_by=contributor)
    quote.text = "The corrected words."

    record_edit(quote, user=editor, changed=["text"], reason="matched the recording")

    new, old = quote.history.all()[:2]
    changes = {change.field: (change.old, change.new) for change in new.diff_against(old).changes}
    assert changes == {"text": (old.text, "The corrected words."), "version": (1, 2)}
    assert (new.history_user, new.history_change_reason) == (editor, "matched the recording")


def test_a_refused_edit_leaves_no_history_row(contributor):
    quote = QuoteFactory(state=S.PUBLISHED)
    quote.notes = "A contributor may not touch a published quote."
    rows = quote.history.count()

    with pytest.raises(NotPermitted, match="may not change"):
        record_edit(quote, user=contributor, changed=["notes"])

    assert Quote.history.filter(id=quote.pk).count() == rows


def test_a_new_snapshot_records_who_moved_the_anchors_of_its_appearances(contributor, editor):
    source = SourceFactory(state=S.DRAFT, text="He said: “The border opens on Monday.”")
    appearance = AppearanceFactory.build(
        quote=QuoteFactory(), source=source, text_as_printed="The border opens on Monday."
    )
    appearance.full_clean()
    appearance.save()
    source.text = "He said: “The border opens on Tuesday.”"

    record_edit(source, user=editor, changed=["text"], reason="fresh snapshot")

    moved = Appearance.objects.get(pk=appearance.pk).history.latest("history_date")
    assert moved.anchor_status == "orphaned"
    assert moved.history_user == editor
    assert moved.history_change_reason
