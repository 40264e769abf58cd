"""The review workflow's domain layer: transitions, four eyes, evidence, notes, corrections,
edits and the version check that refuses a save made from an outdated copy."""

import pytest
from django.db import IntegrityError

from newsroom.models import Correction, Review, ReviewEvidence
from newsroom.workflow import (
    CHECKLISTS,
    MATERIAL_FIELDS,
    TRANSITIONS,
    Action,
    CorrectionNote,
    CorrectionRequired,
    EvidenceItem,
    EvidenceRequired,
    FourEyesViolation,
    IllegalTransition,
    NoteRequired,
    NotPermitted,
    ReviewState,
    StaleRecord,
    WorkflowError,
    available_actions,
    checklist_for,
    record_edit,
    refusal,
    transition,
)
from sources.models import AnchorStatus, Appearance, Quote, UnanchoredReason
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    EventFactory,
    OrganizationFactory,
    OutletFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = ReviewState

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

# Deleted to the bin from any state readers have not seen.
DELETABLE = (S.DRAFT, S.IN_REVIEW, S.VERIFIED, S.DISPUTED, S.REJECTED)

# Every move the workflow allows, written out: (action, from, to).
LEGAL_MOVES = [
    ("submit", S.DRAFT, S.IN_REVIEW),
    ("verify", S.IN_REVIEW, S.VERIFIED),
    ("dispute", S.IN_REVIEW, S.DISPUTED),
    ("reject", S.IN_REVIEW, S.REJECTED),
    ("reject", S.DISPUTED, S.REJECTED),
    ("send_back", S.IN_REVIEW, S.DRAFT),
    ("send_back", S.DISPUTED, S.DRAFT),
    ("publish", S.VERIFIED, S.PUBLISHED),
    ("unpublish", S.PUBLISHED, S.IN_REVIEW),
    ("retract", S.PUBLISHED, S.RETRACTED),
    *[("delete", state, S.DELETED) for state in DELETABLE],
    # Back to the state it was deleted from (a draft, when no deletion is recorded).
    ("restore", S.DELETED, S.DRAFT),
]
LEGAL = {(action, source) for action, source, _ in LEGAL_MOVES}
ILLEGAL_MOVES = [
    pytest.param(action, state, id=f"{action}-{state}")
    for action in Action.values
    for state in ReviewState.values
    if (action, state) not in LEGAL
]

# The role whose job each action is.
ACTOR = {
    "submit": "contributor",
    "verify": "factchecker",
    "dispute": "factchecker",
    "reject": "factchecker",
    "send_back": "factchecker",
    "publish": "editor",
    "unpublish": "editor",
    "retract": "editor",
    "delete": "editor",
    "restore": "editor",
}

NOTE = "Checked against the AFP wire."
CORRECTION = CorrectionNote(
    what_was_wrong="The quotation was attributed to the wrong spokesman.",
    what_changed="We retracted it; the words were the reporter's.",
)

# The ICC quotation from the seeds: the report mixed its own words into the prosecutor's.
ICC_WORDS = (
    "[T]his precondition for the exercise of the court’s territorial jurisdiction did not "
    "appear to be met with respect to the majority of the crimes alleged… The ICC has no "
    "obligation to consider complaints filed to the prosecutor"
)

SNAPSHOT = (
    "Ankara, 3 March. The minister said: “We will open the border crossing next week.” "
    "Officials declined to comment further."
)
PRINTED = "We will open the border crossing next week."


def by(author, factory=QuoteFactory, *, state=S.DRAFT, **fields):
    """A record in `state`, created and last edited by `author`."""
    return factory(state=state, created_by=author, last_edited_by=author, **fields)


def ticked(record) -> dict[str, bool]:
    return {key: True for key, _ in checklist_for(record)}


def proof(source=None) -> list[EvidenceItem]:
    return [EvidenceItem(checked="matched the AFP wire text", source=source or SourceFactory())]


def verify(record, user, **kwargs) -> Review:
    kwargs.setdefault("evidence", proof())
    kwargs.setdefault("checklist", ticked(record))
    return transition(record, "verify", user=user, **kwargs)


def assert_unmoved(record, state: str, version: int = 1) -> None:
    saved = type(record).objects.get(pk=record.pk)
    assert (saved.state, saved.version) == (state, version)
    assert not Review.objects.for_record(record).exists()


# The table.


def test_the_transition_table_allows_exactly_the_moves_of_the_review_process():
    table = {
        (action, source, move.target)
        for action, move in TRANSITIONS.items()
        for source in move.sources
    }
    assert table == set(LEGAL_MOVES)


def test_the_quote_checklist_asks_what_the_desk_confirms_before_verifying():
    assert checklist_for(QuoteFactory.build()) == [
        ("primary_source", "Primary source found"),
        ("speaker", "Speaker identity confirmed"),
        ("date", "Date confirmed"),
        ("words", "Words match the primary source"),
        ("not_mixed", "Quoted words not mixed with the reporter's text"),
    ]


@pytest.mark.parametrize("model_name", FACTORIES)
def test_every_editorial_model_has_a_checklist_and_material_fields_it_really_has(model_name):
    model = FACTORIES[model_name]._meta.model
    assert CHECKLISTS[model_name]
    for name in MATERIAL_FIELDS[model_name]:
        assert model._meta.get_field(name).concrete


# Legal moves.


@pytest.mark.parametrize(("action", "from_state", "to_state"), LEGAL_MOVES)
def test_a_legal_move_changes_the_state_and_records_the_review(
    request, author, action, from_state, to_state
):
    user = request.getfixturevalue(ACTOR[action])
    quote = by(author, state=from_state)
    checked = SourceFactory()

    review = transition(
        quote,
        action,
        user=user,
        note=NOTE,
        evidence=proof(checked),
        checklist=ticked(quote),
        correction=CORRECTION if action == "retract" else None,
    )

    assert (quote.state, quote.version) == (to_state, 2)
    saved = Quote.objects.get(pk=quote.pk)
    assert (saved.state, saved.version) == (to_state, 2)
    assert Review.objects.for_record(quote).get() == review
    review.refresh_from_db()
    assert (review.action, review.from_state, review.to_state, review.user, review.note) == (
        action,
        from_state,
        to_state,
        user,
        NOTE,
    )
    assert review.checklist == ticked(quote)
    assert [(proof.source, proof.checked) for proof in review.evidence.all()] == [
        (checked, "matched the AFP wire text")
    ]
    latest = quote.history.first()
    assert (latest.state, latest.history_user) == (to_state, user)
    assert latest.history_change_reason == f"{Action(action).label}: {NOTE}"


@pytest.mark.parametrize("model_name", FACTORIES)
def test_every_editorial_model_goes_from_draft_to_published(
    model_name, author, factchecker, editor
):
    record = by(author, FACTORIES[model_name])

    transition(record, "submit", user=author)
    verify(record, factchecker)
    transition(record, "publish", user=editor)

    assert type(record).objects.published().filter(pk=record.pk).exists()
    moves = Review.objects.for_record(record).order_by("created_at")
    assert [(review.action, review.user) for review in moves] == [
        ("submit", author),
        ("verify", factchecker),
        ("publish", editor),
    ]


def test_evidence_may_be_a_url_and_is_stored_with_what_was_checked(author, factchecker):
    quote = by(author, state=S.IN_REVIEW)

    review = verify(
        quote,
        factchecker,
        evidence=[
            EvidenceItem(checked="speaker identity confirmed", url="https://www.icc-cpi.int/x"),
            EvidenceItem(checked="   ", url="https://example.org/ignored"),
        ],
    )

    assert [(proof.url, proof.checked) for proof in review.evidence.all()] == [
        ("https://www.icc-cpi.int/x", "speaker identity confirmed")
    ]


# Illegal moves.


@pytest.mark.parametrize(("action", "state"), ILLEGAL_MOVES)
def test_an_illegal_move_is_refused_and_changes_nothing(author, administrator, action, state):
    quote = by(author, state=state)
    rows = quote.history.count()

    with pytest.raises(IllegalTransition):
        transition(
            quote,
            action,
            user=administrator,
            note=NOTE,
            evidence=proof(),
            checklist=ticked(quote),
            correction=CORRECTION,
        )

    assert quote.state == state
    assert_unmoved(quote, state)
    assert quote.history.count() == rows


def test_publishing_a_draft_is_refused_with_a_message_naming_both_states(author, editor):
    quote = by(author, state=S.DRAFT)

    with pytest.raises(IllegalTransition) as refused:
        transition(quote, "publish", user=editor)

    assert refused.value.message == (
        "Cannot publish a record that is draft; only a record that is verified can be."
    )
    assert_unmoved(quote, S.DRAFT)


def test_verifying_a_published_record_is_refused_with_a_message_naming_both_states(
    author, administrator
):
    quote = by(author, state=S.PUBLISHED)

    with pytest.raises(IllegalTransition) as refused:
        verify(quote, administrator)

    assert "Cannot verify a record that is published" in refused.value.message
    assert "in review" in refused.value.message
    assert_unmoved(quote, S.PUBLISHED)


def test_an_unknown_action_is_refused(author, administrator):
    quote = by(author, state=S.DRAFT)

    with pytest.raises(IllegalTransition, match="“approve” is not a review action"):
        transition(quote, "approve", user=administrator)

    assert_unmoved(quote, S.DRAFT)


def test_a_refusal_of_an_anonymous_visitor_says_who_was_refused(author, anonymous):
    refused = refusal(by(author), anonymous, "submit")

    assert isinstance(refused, NotPermitted)
    assert not refused.message.startswith("'s")


def test_a_role_without_the_permission_is_refused_by_transition(author, contributor):
    quote = by(author, state=S.IN_REVIEW)

    with pytest.raises(NotPermitted, match="does not allow “verify” on quotes"):
        verify(quote, contributor)

    assert_unmoved(quote, S.IN_REVIEW)


# Four eyes.

FOUR_EYES = [
    pytest.param("verify", S.IN_REVIEW, "factchecker", id="verify"),
    pytest.param("publish", S.VERIFIED, "editor", id="publish"),
]


def move(record, action, user):
    if action == "verify":
        return verify(record, user)
    return transition(record, action, user=user)


def test_author_cannot_verify_own_quote(factchecker):
    quote = by(factchecker, state=S.IN_REVIEW)

    with pytest.raises(FourEyesViolation) as refused:
        verify(quote, factchecker)

    assert refused.value.message == (
        "factchecker created or last edited this record, so someone else must verify it."
    )
    assert_unmoved(quote, S.IN_REVIEW)


@pytest.mark.parametrize(("action", "state", "role"), FOUR_EYES)
def test_the_creator_cannot_verify_or_publish(request, action, state, role):
    user = request.getfixturevalue(role)
    record = by(user, state=state)

    with pytest.raises(FourEyesViolation):
        move(record, action, user)

    assert_unmoved(record, state)


@pytest.mark.parametrize(("action", "state", "role"), FOUR_EYES)
def test_the_last_editor_cannot_verify_or_publish(request, author, action, state, role):
    user = request.getfixturevalue(role)
    record = QuoteFactory(state=state, created_by=author, last_edited_by=user)

    with pytest.raises(FourEyesViolation):
        move(record, action, user)

    assert_unmoved(record, state)


@pytest.mark.parametrize(("action", "state", "role"), FOUR_EYES)
def test_someone_who_neither_created_nor_edited_it_can_verify_or_publish(
    request, author, action, state, role
):
    user = request.getfixturevalue(role)
    record = by(author, state=state)

    review = move(record, action, user)

    assert review.user == user
    assert record.state == TRANSITIONS[action].target


@pytest.mark.parametrize(("action", "state"), [("verify", S.IN_REVIEW), ("publish", S.VERIFIED)])
def test_four_eyes_binds_an_administrator_too(administrator, action, state):
    record = by(administrator, state=state)

    with pytest.raises(FourEyesViolation):
        move(record, action, administrator)


def test_a_reviewer_who_edits_a_record_can_no_longer_verify_it(author, factchecker, administrator):
    quote = by(author, state=S.IN_REVIEW)
    quote.notes = "Tidied the attribution note."
    record_edit(quote, user=factchecker, changed=["notes"], reason="tidy")

    with pytest.raises(FourEyesViolation):
        verify(quote, factchecker)

    assert verify(quote, administrator).user == administrator


# Evidence and the checklist.


def test_verifying_without_any_evidence_is_refused(author, factchecker):
    quote = by(author, state=S.IN_REVIEW)

    with pytest.raises(EvidenceRequired, match="at least one checked source"):
        verify(quote, factchecker, evidence=[])

    assert_unmoved(quote, S.IN_REVIEW)


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        pytest.param(
            EvidenceItem(checked="matched the AFP wire text"),
            "say which source \\(or URL\\) this was checked against",
            id="no-source-nor-url",
        ),
        pytest.param(
            EvidenceItem(checked="  ", url="https://afp.com/x"),
            "at least one checked source",
            id="nothing-checked",
        ),
    ],
)
def test_verifying_with_evidence_that_checked_nothing_is_refused(
    author, factchecker, evidence, message
):
    quote = by(author, state=S.IN_REVIEW)

    with pytest.raises(EvidenceRequired, match=message):
        verify(quote, factchecker, evidence=[evidence])

    assert_unmoved(quote, S.IN_REVIEW)
    assert not ReviewEvidence.objects.exists()


def test_verifying_the_icc_quote_with_mixed_words_unticked_is_refused(author, factchecker):
    quote = by(author, state=S.IN_REVIEW, text=ICC_WORDS)
    checklist = {**ticked(quote), "not_mixed": False}

    with pytest.raises(EvidenceRequired) as refused:
        verify(quote, factchecker, checklist=checklist)

    assert refused.value.message == (
        "Verifying needs every checklist item confirmed; not yet: "
        "Quoted words not mixed with the reporter's text."
    )
    assert_unmoved(quote, S.IN_REVIEW)


def test_verifying_without_a_checklist_names_every_item_not_confirmed(author, factchecker):
    claim = by(author, ClaimFactory, state=S.IN_REVIEW)

    with pytest.raises(EvidenceRequired) as refused:
        verify(claim, factchecker, checklist={})

    assert refused.value.message.endswith(
        "not yet: The claim is found in the source as recorded; "
        "The verdict is supported by the evidence."
    )
    assert_unmoved(claim, S.IN_REVIEW)


def anchored_appearance(author, **fields) -> Appearance:
    """An appearance in review, anchored in its source's snapshot as an editor would save it."""
    source = fields.pop("source", None) or SourceFactory(text=SNAPSHOT, state=S.DRAFT)
    appearance = AppearanceFactory.build(
        quote=QuoteFactory(text=PRINTED),
        source=source,
        text_as_printed=PRINTED,
        state=S.IN_REVIEW,
        created_by=author,
        last_edited_by=author,
        **fields,
    )
    appearance.full_clean()
    appearance.save()
    return appearance


def orphan(appearance: Appearance, author) -> Appearance:
    """Replace the source's snapshot with one that no longer holds the printed words."""
    source = appearance.source
    source.text = "Ankara, 3 March. The minister declined to comment."
    record_edit(source, user=author, changed=["text"], reason="a fresh snapshot")
    return Appearance.objects.get(pk=appearance.pk)


def test_an_appearance_anchored_in_the_snapshot_can_be_verified(author, factchecker):
    appearance = anchored_appearance(author)
    assert appearance.anchor_status == AnchorStatus.ANCHORED

    verify(appearance, factchecker)

    assert appearance.state == S.VERIFIED


def test_an_orphaned_appearance_without_a_reason_cannot_be_verified(author, factchecker):
    appearance = orphan(anchored_appearance(author), author)
    assert (appearance.anchor_status, appearance.unanchored_reason) == (AnchorStatus.ORPHANED, "")

    with pytest.raises(EvidenceRequired, match="not anchored in the source's snapshot"):
        verify(appearance, factchecker)

    assert_unmoved(appearance, S.IN_REVIEW, version=appearance.version)


def test_an_orphaned_appearance_can_be_verified_once_a_reason_is_recorded(
    author, editor, factchecker
):
    appearance = orphan(anchored_appearance(author), author)
    appearance.unanchored_reason = UnanchoredReason.PARAPHRASE
    appearance.full_clean()
    record_edit(appearance, user=editor, changed=["unanchored_reason"], reason="paraphrase")

    verify(appearance, factchecker)

    assert appearance.state == S.VERIFIED


def test_a_translated_appearance_with_its_reason_recorded_can_be_verified(author, factchecker):
    source = SourceFactory(text=SNAPSHOT, state=S.DRAFT)
    appearance = AppearanceFactory.build(
        quote=QuoteFactory(text=PRINTED),
        source=source,
        text_as_printed="Nous ouvrirons le poste-frontière la semaine prochaine.",
        unanchored_reason=UnanchoredReason.TRANSLATION,
        state=S.IN_REVIEW,
        created_by=author,
    )
    appearance.full_clean()
    appearance.save()

    verify(appearance, factchecker)

    assert (appearance.state, appearance.anchor_status) == (S.VERIFIED, AnchorStatus.WAIVED)


def test_an_appearance_in_a_source_without_a_snapshot_needs_no_anchor(author, factchecker):
    appearance = by(author, AppearanceFactory, state=S.IN_REVIEW, source=SourceFactory(text=""))

    verify(appearance, factchecker)

    assert appearance.state == S.VERIFIED


def test_a_recorded_reason_still_counts_after_the_snapshot_changes(author, factchecker):
    source = SourceFactory(text=SNAPSHOT, state=S.DRAFT)
    appearance = AppearanceFactory.build(
        quote=QuoteFactory(text=PRINTED),
        source=source,
        text_as_printed="Nous ouvrirons le poste-frontière la semaine prochaine.",
        unanchored_reason=UnanchoredReason.TRANSLATION,
        state=S.IN_REVIEW,
        created_by=author,
    )
    appearance.full_clean()
    appearance.save()
    appearance = orphan(appearance, author)

    verify(appearance, factchecker)

    assert appearance.state == S.VERIFIED


# Notes.

NEEDS_NOTE = [
    pytest.param("dispute", S.IN_REVIEW, "factchecker", id="dispute"),
    pytest.param("reject", S.DISPUTED, "factchecker", id="reject"),
    pytest.param("send_back", S.IN_REVIEW, "factchecker", id="send_back"),
    pytest.param("unpublish", S.PUBLISHED, "editor", id="unpublish"),
]


@pytest.mark.parametrize("note", ["", "  \n "], ids=["empty", "blank"])
@pytest.mark.parametrize(("action", "state", "role"), NEEDS_NOTE)
def test_a_move_that_needs_a_note_is_refused_without_one(
    request, author, action, state, role, note
):
    user = request.getfixturevalue(role)
    quote = by(author, state=state)

    with pytest.raises(NoteRequired, match="Say why, in a note"):
        transition(quote, action, user=user, note=note)

    assert_unmoved(quote, state)


def test_sending_back_keeps_the_note_for_the_author(author, factchecker):
    quote = by(author, state=S.IN_REVIEW)

    review = transition(quote, "send_back", user=factchecker, note="  The date is wrong.  ")

    assert (quote.state, review.note) == (S.DRAFT, "The date is wrong.")
    assert Review.objects.get(pk=review.pk).note == "The date is wrong."
    assert "The date is wrong." in quote.history.first().history_change_reason


def test_the_history_reason_carries_the_note_as_the_review_stores_it(author, factchecker):
    quote = by(author, state=S.IN_REVIEW)

    transition(quote, "send_back", user=factchecker, note="  The date is wrong.  ")

    assert quote.history.first().history_change_reason == "send back: The date is wrong."


# Retractions.


@pytest.mark.parametrize(
    "correction",
    [
        pytest.param(None, id="none"),
        pytest.param(CorrectionNote(what_was_wrong=" ", what_changed="Retracted."), id="blank"),
        pytest.param(CorrectionNote(what_was_wrong="Wrong speaker.", what_changed=""), id="half"),
    ],
)
def test_retracting_without_a_correction_is_refused(author, editor, correction):
    quote = by(author, state=S.PUBLISHED)

    with pytest.raises(CorrectionRequired, match="needs a public correction"):
        transition(quote, "retract", user=editor, correction=correction)

    assert_unmoved(quote, S.PUBLISHED)
    assert not Correction.objects.exists()


def test_a_retraction_produces_a_correction_linked_to_its_review(author, editor):
    quote = by(author, state=S.PUBLISHED)

    review = transition(quote, "retract", user=editor, correction=CORRECTION)

    correction = Correction.objects.for_record(quote).get()
    assert correction.review == review
    assert correction.record == quote
    assert (correction.what_was_wrong, correction.what_changed, correction.created_by) == (
        CORRECTION.what_was_wrong,
        CORRECTION.what_changed,
        editor,
    )
    assert Quote.objects.get(pk=quote.pk).state == S.RETRACTED
    assert not Quote.objects.published().filter(pk=quote.pk).exists()


# Edits.


def test_creating_a_record_keeps_who_created_it_and_why(contributor):
    quote = QuoteFactory.build(state=S.DRAFT, speaker_person=PersonFactory())

    record_edit(quote, user=contributor, reason="from the AFP wire")

    saved = Quote.objects.get(pk=quote.pk)
    assert (saved.created_by, saved.last_edited_by, saved.version) == (contributor, contributor, 1)
    created = saved.history.get()
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+",
        contributor,
        "from the AFP wire",
    )


def test_editing_a_record_keeps_its_creator_and_records_the_editor(author, editor):
    quote = by(author, state=S.PUBLISHED)
    quote.notes = "The speaker's office confirmed by phone."

    record_edit(quote, user=editor, changed=["notes"], reason="office confirmed")

    saved = Quote.objects.get(pk=quote.pk)
    assert (saved.created_by, saved.last_edited_by, saved.version) == (author, editor, 2)
    assert saved.notes == "The speaker's office confirmed by phone."
    edited = saved.history.first()
    assert (edited.history_type, edited.history_user, edited.history_change_reason) == (
        "~",
        editor,
        "office confirmed",
    )


def test_an_edit_without_a_reason_is_recorded_as_edited(author, editor):
    quote = by(author)

    record_edit(quote, user=editor)

    assert quote.history.first().history_change_reason == "edited"


def test_a_contributor_can_edit_a_draft(author, contributor):
    quote = by(author)
    quote.text = "Corrected words."

    record_edit(quote, user=contributor, changed=["text"])

    assert Quote.objects.get(pk=quote.pk).text == "Corrected words."


@pytest.mark.parametrize(
    "state", [s for s in ReviewState.values if s != S.DRAFT], ids=lambda state: state
)
def test_a_contributor_cannot_edit_a_record_past_draft(author, contributor, state):
    quote = by(author, state=state)
    before = quote.text
    rows = quote.history.count()
    quote.text = "Words changed behind the reviewer's back."

    with pytest.raises(
        NotPermitted, match=f"may not change this quote while it is {S(state).label}"
    ):
        record_edit(quote, user=contributor, changed=["text"])

    saved = Quote.objects.get(pk=quote.pk)
    assert (saved.text, saved.version, saved.last_edited_by) == (before, 1, author)
    assert quote.history.count() == rows


def test_a_user_without_the_add_permission_cannot_create_a_record():
    nobody = UserFactory(username="nobody", is_staff=True)
    quote = QuoteFactory.build(state=S.DRAFT, speaker_person=PersonFactory())

    with pytest.raises(NotPermitted):
        record_edit(quote, user=nobody)

    assert not Quote.objects.exists()


@pytest.mark.parametrize("role", ["contributor", "editor"])
def test_a_new_record_cannot_skip_review(request, role):
    user = request.getfixturevalue(role)
    quote = QuoteFactory.build(state=S.PUBLISHED, speaker_person=PersonFactory())

    with pytest.raises(WorkflowError):
        record_edit(quote, user=user)

    assert not Quote.objects.exists()


def test_a_material_change_to_a_published_record_needs_a_correction(author, editor):
    quote = by(author, state=S.PUBLISHED)
    before = quote.text
    quote.text = "Different words."

    with pytest.raises(CorrectionRequired) as refused:
        record_edit(quote, user=editor, changed=["text", "notes"])

    assert refused.value.message == (
        "This record is published: changing text needs a public correction "
        "(what was wrong, what changed)."
    )
    assert Quote.objects.get(pk=quote.pk).text == before
    assert not Correction.objects.exists()


def test_a_material_change_to_a_published_record_with_a_correction_creates_it(author, editor):
    quote = by(author, state=S.PUBLISHED)
    quote.said_on_precision = "year"
    quote.said_on = quote.said_on.replace(month=1, day=1)
    note = CorrectionNote(
        what_was_wrong="We gave the month he said it.", what_changed="Only the year is known."
    )

    record_edit(quote, user=editor, changed=["said_on", "said_on_precision"], correction=note)

    correction = Correction.objects.for_record(quote).get()
    assert (correction.what_was_wrong, correction.what_changed) == (
        note.what_was_wrong,
        note.what_changed,
    )
    assert (correction.created_by, correction.review) == (editor, None)
    assert Quote.objects.get(pk=quote.pk).said_on_precision == "year"


def test_a_non_material_change_to_a_published_record_needs_no_correction(author, editor):
    quote = by(author, state=S.PUBLISHED)
    quote.notes = "Asked the ministry for the recording."

    record_edit(quote, user=editor, changed=["notes"])

    assert Quote.objects.get(pk=quote.pk).notes == "Asked the ministry for the recording."
    assert not Correction.objects.exists()


def test_a_material_change_to_a_draft_needs_no_correction(author, editor):
    quote = by(author, state=S.DRAFT)
    quote.text = "Different words."

    record_edit(quote, user=editor, changed=["text"])

    assert not Correction.objects.exists()


# No lost edits.


def two_copies(record):
    model = type(record)
    return model.objects.get(pk=record.pk), model.objects.get(pk=record.pk)


def test_a_save_from_an_outdated_copy_is_refused_and_the_first_change_is_kept(author, editor):
    first, second = two_copies(by(author, state=S.PUBLISHED))
    first.notes = "The first editor's note."
    record_edit(first, user=editor, changed=["notes"])
    second.notes = "The second editor's note."

    with pytest.raises(StaleRecord) as refused:
        second.save()

    assert "you had version 1, it is now version 2" in refused.value.message
    assert "was changed by editor" in refused.value.message
    assert refused.value.current.notes == "The first editor's note."
    second.refresh_from_db()
    assert (second.notes, second.version) == ("The first editor's note.", 2)


def test_an_edit_from_an_outdated_copy_is_refused_without_a_trace(author, editor, factchecker):
    first, second = two_copies(by(author))
    first.text = "The first editor's words."
    record_edit(first, user=editor, changed=["text"], reason="first")
    second.text = "The second editor's words."

    with pytest.raises(StaleRecord, match="you had version 1, it is now version 2"):
        record_edit(second, user=factchecker, changed=["text"], reason="second")

    saved = Quote.objects.get(pk=first.pk)
    assert (saved.text, saved.last_edited_by, saved.version) == (
        "The first editor's words.",
        editor,
        2,
    )
    assert [row.history_change_reason for row in saved.history.all()] == ["first", None]


def test_a_transition_from_an_outdated_copy_is_refused(author, editor, factchecker):
    first, second = two_copies(by(author, state=S.IN_REVIEW))
    first.notes = "Added while the reviewer was reading."
    record_edit(first, user=editor, changed=["notes"])

    with pytest.raises(StaleRecord, match="you had version 1, it is now version 2"):
        verify(second, factchecker)

    assert_unmoved(first, S.IN_REVIEW, version=2)


def test_a_copy_read_before_a_transition_cannot_undo_it(author, factchecker, editor):
    quote = by(author, state=S.VERIFIED)
    outdated = Quote.objects.get(pk=quote.pk)
    transition(quote, "publish", user=editor)
    outdated.notes = "Edited from the page opened before publication."

    with pytest.raises(StaleRecord):
        record_edit(outdated, user=factchecker, changed=["notes"])

    assert Quote.objects.get(pk=quote.pk).state == S.PUBLISHED


def test_a_copy_outdated_by_a_transition_is_told_who_moved_the_record(author, editor):
    quote = by(author, state=S.VERIFIED)
    outdated = Quote.objects.get(pk=quote.pk)
    transition(quote, "publish", user=editor)

    with pytest.raises(StaleRecord) as refused:
        record_edit(outdated, user=editor, changed=["notes"])

    assert "was changed by editor" in refused.value.message


def test_the_copy_a_transition_moved_can_be_edited_next(author, factchecker):
    quote = by(author, state=S.IN_REVIEW)
    transition(quote, "dispute", user=factchecker, note="The date is doubtful.")
    quote.notes = "Asked the AFP desk."

    record_edit(quote, user=factchecker, changed=["notes"])

    assert Quote.objects.get(pk=quote.pk).version == 3


def test_saving_a_deleted_record_says_it_no_longer_exists(author, editor):
    quote = by(author)
    Quote.objects.filter(pk=quote.pk).delete()

    with pytest.raises(StaleRecord, match="no longer exists"):
        record_edit(quote, user=editor)


def test_moving_a_deleted_record_says_it_no_longer_exists(author):
    quote = by(author)
    Quote.objects.filter(pk=quote.pk).delete()

    with pytest.raises(StaleRecord, match="no longer exists"):
        transition(quote, "submit", user=author)


def test_a_save_the_database_refuses_leaves_the_copy_current(author, editor):
    quote = by(author)
    quote.text = "   "
    with pytest.raises(IntegrityError):
        record_edit(quote, user=editor, changed=["text"])
    quote.text = "Words that are really there."

    record_edit(quote, user=editor, changed=["text"])

    assert Quote.objects.get(pk=quote.pk).text == "Words that are really there."


# What each role may do, state by state (the buttons the admin shows).

AVAILABLE = {
    S.DRAFT: {
        "anonymous": [],
        "contributor": ["submit"],
        "factchecker": [],
        "editor": ["submit", "delete"],
        "administrator": ["submit", "delete"],
    },
    S.IN_REVIEW: {
        "anonymous": [],
        "contributor": [],
        "factchecker": ["verify", "dispute", "reject", "send_back"],
        "editor": ["delete"],
        "administrator": ["verify", "dispute", "reject", "send_back", "delete"],
    },
    S.DISPUTED: {
        "anonymous": [],
        "contributor": [],
        "factchecker": ["reject", "send_back"],
        "editor": ["delete"],
        "administrator": ["reject", "send_back", "delete"],
    },
    S.VERIFIED: {
        "anonymous": [],
        "contributor": [],
        "factchecker": [],
        "editor": ["publish", "delete"],
        "administrator": ["publish", "delete"],
    },
    S.PUBLISHED: {
        "anonymous": [],
        "contributor": [],
        "factchecker": [],
        "editor": ["unpublish", "retract"],
        "administrator": ["unpublish", "retract"],
    },
    S.REJECTED: {
        "anonymous": [],
        "contributor": [],
        "factchecker": [],
        "editor": ["delete"],
        "administrator": ["delete"],
    },
    S.RETRACTED: {
        "anonymous": [],
        "contributor": [],
        "factchecker": [],
        "editor": [],
        "administrator": [],
    },
}


@pytest.mark.parametrize(
    ("state", "role", "expected"),
    [
        pytest.param(state, role, expected, id=f"{role}-{state}")
        for state, by_role in AVAILABLE.items()
        for role, expected in by_role.items()
    ],
)
def test_available_actions_are_exactly_those_the_role_may_take(
    request, author, state, role, expected
):
    user = request.getfixturevalue(role)
    quote = by(author, state=state)

    assert [move.action for move in available_actions(quote, user)] == expected


def test_available_actions_leave_out_what_four_eyes_forbids(factchecker):
    quote = by(factchecker, state=S.IN_REVIEW)

    assert [move.action for move in available_actions(quote, factchecker)] == [
        "dispute",
        "reject",
        "send_back",
    ]
