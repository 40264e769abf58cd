"""The review workflow: states, the transitions between them, and the one way to move a record.

Every editorial record (quote, appearance, claim, event, person, organization, source, outlet)
moves through the same states. `transition()` is the single entry point the admin, the API and
management commands call: it checks the move is allowed from the record's state, that the user's
role grants it, the four-eyes rule, the evidence and checklist a verification needs, and the
correction a retraction needs; then it saves the record, records the review and its evidence,
and writes the history with the reason. Each refusal is a named WorkflowError with a message an
editor can act on.
"""

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction

if TYPE_CHECKING:
    from newsroom.models import Correction, Review


class ReviewState(models.TextChoices):
    DRAFT = "draft", "draft"
    IN_REVIEW = "in_review", "in review"
    VERIFIED = "verified", "verified"
    DISPUTED = "disputed", "disputed"
    REJECTED = "rejected", "rejected"
    PUBLISHED = "published", "published"
    RETRACTED = "retracted", "retracted"
    DELETED = "deleted", "deleted"


# The one definition of what an anonymous reader may see. Every public page, feed, sitemap,
# search and API endpoint filters through EditorialQuerySet.published(), which reads this.
PUBLIC_STATES = frozenset({ReviewState.PUBLISHED})


class Action(models.TextChoices):
    SUBMIT = "submit", "submit for review"
    VERIFY = "verify", "verify"
    DISPUTE = "dispute", "dispute"
    REJECT = "reject", "reject"
    SEND_BACK = "send_back", "send back"
    PUBLISH = "publish", "publish"
    UNPUBLISH = "unpublish", "back to review"
    RETRACT = "retract", "retract"
    DELETE = "delete", "delete"
    RESTORE = "restore", "restore"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    permission: str
    four_eyes: bool = False
    needs_note: bool = False
    needs_evidence: bool = False
    needs_correction: bool = False


S = ReviewState

# Deleting is soft: the record moves to the bin (state "deleted"), out of every list and page,
# and "restore" brings it back to the state it was deleted from. Published and retracted records
# are never deleted (readers saw them: unpublish or retract them). Only administrators remove a
# record for good, with the Django admin's delete, which leaves its last version in the history.
DELETABLE_STATES = frozenset({S.DRAFT, S.IN_REVIEW, S.VERIFIED, S.DISPUTED, S.REJECTED})
TRANSITIONS: dict[str, Transition] = {
    transition.action: transition
    for transition in [
        Transition(Action.SUBMIT, frozenset({S.DRAFT}), S.IN_REVIEW, "newsroom.submit_record"),
        Transition(
            Action.VERIFY,
            frozenset({S.IN_REVIEW}),
            S.VERIFIED,
            "newsroom.review_record",
            four_eyes=True,
            needs_evidence=True,
        ),
        Transition(
            Action.DISPUTE,
            frozenset({S.IN_REVIEW}),
            S.DISPUTED,
            "newsroom.review_record",
            needs_note=True,
        ),
        Transition(
            Action.REJECT,
            frozenset({S.IN_REVIEW, S.DISPUTED}),
            S.REJECTED,
            "newsroom.review_record",
            needs_note=True,
        ),
        Transition(
            Action.SEND_BACK,
            frozenset({S.IN_REVIEW, S.DISPUTED}),
            S.DRAFT,
            "newsroom.review_record",
            needs_note=True,
        ),
        Transition(
            Action.PUBLISH,
            frozenset({S.VERIFIED}),
            S.PUBLISHED,
            "newsroom.publish_record",
            four_eyes=True,
        ),
        Transition(
            Action.UNPUBLISH,
            frozenset({S.PUBLISHED}),
            S.IN_REVIEW,
            "newsroom.publish_record",
            needs_note=True,
        ),
        Transition(
            Action.RETRACT,
            frozenset({S.PUBLISHED}),
            S.RETRACTED,
            "newsroom.publish_record",
            needs_correction=True,
        ),
        Transition(Action.DELETE, DELETABLE_STATES, S.DELETED, "newsroom.discard_record"),
        # The target of a restore is the state the record was deleted from (restored_state()).
        Transition(Action.RESTORE, frozenset({S.DELETED}), S.DRAFT, "newsroom.discard_record"),
    ]
}

# What a fact-checker confirms before verifying, by record kind (the model's name).
CHECKLIST_ITEMS = {
    "primary_source": "Primary source found",
    "speaker": "Speaker identity confirmed",
    "date": "Date confirmed",
    "words": "Words match the primary source",
    "not_mixed": "Quoted words not mixed with the reporter's text",
    "claim_source": "The claim is found in the source as recorded",
    "verdict_supported": "The verdict is supported by the evidence",
    "event_reported": "The event is reported by the sources",
    "identity": "Identity and names confirmed",
    "metadata": "Title, publisher and date confirmed",
}
CHECKLISTS: dict[str, tuple[str, ...]] = {
    "quote": ("primary_source", "speaker", "date", "words", "not_mixed"),
    "appearance": ("primary_source", "speaker", "words", "not_mixed"),
    "claim": ("claim_source", "verdict_supported"),
    "event": ("event_reported", "date"),
    "person": ("identity",),
    "organization": ("identity",),
    "source": ("metadata",),
    "outlet": ("identity",),
}


def checklist_for(record: models.Model) -> list[tuple[str, str]]:
    """The checklist items (key, question) for this kind of record."""
    return [(key, CHECKLIST_ITEMS[key]) for key in CHECKLISTS.get(record._meta.model_name, ())]


class WorkflowError(Exception):
    """A refused move; `message` says why, `code` names the rule."""

    code = "workflow"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class IllegalTransition(WorkflowError):
    code = "illegal_transition"


class NotPermitted(WorkflowError):
    code = "not_permitted"


class FourEyesViolation(WorkflowError):
    code = "four_eyes"


class EvidenceRequired(WorkflowError):
    code = "evidence_required"


class NoteRequired(WorkflowError):
    code = "note_required"


class CorrectionRequired(WorkflowError):
    code = "correction_required"


class StaleRecord(WorkflowError):
    """Someone saved the record after this copy of it was read: nothing was saved."""

    code = "stale"

    def __init__(self, record: models.Model, current: models.Model | None):
        self.record, self.current = record, current
        kind = record._meta.verbose_name.capitalize()
        if current is None:
            message = f"{kind} {record} no longer exists. Nothing was saved."
        else:
            latest = current.history.first()
            who = getattr(latest, "history_user", None) or "someone else"
            message = (
                f"{kind} {current} was changed by {who} while you were working on it (you had "
                f"version {record.version}, it is now version {current.version}). Nothing was "
                "saved: compare with its history, then make your change again on the current "
                "version."
            )
        super().__init__(message)


@dataclass
class EvidenceItem:
    """What a reviewer checked: a source in the database or a URL, and what it showed."""

    checked: str
    source: Any = None
    url: str = ""


@dataclass
class CorrectionNote:
    """The public note a retraction or a material change to a published record needs."""

    what_was_wrong: str
    what_changed: str


def _user_label(user) -> str:
    if user is None or not user.is_authenticated:
        return "An anonymous visitor"
    return user.get_username()


def _audited(action_of):
    """Log every refusal the decorated step raises (newsroom/audit.py), then let it through."""

    def decorate(step):
        @functools.wraps(step)
        def audited(record, *args, **kwargs):
            try:
                return step(record, *args, **kwargs)
            except WorkflowError as refusal:
                from newsroom.audit import log_refusal

                action = action_of(*args) if args else action_of(None)
                log_refusal(refusal, user=kwargs.get("user"), action=action, record=record)
                raise

        return audited

    return decorate


def available_actions(record: models.Model, user) -> list[Transition]:
    """The moves this user may try on this record now (buttons show only these)."""
    return [
        transition
        for transition in TRANSITIONS.values()
        if record.state in transition.sources and refusal(record, user, transition.action) is None
    ]


def refusal(record: models.Model, user, action: str) -> WorkflowError | None:
    """The first rule (other than evidence, notes and corrections) refusing the move, or None."""
    transition = TRANSITIONS[action]
    if record.state not in transition.sources:
        allowed = ", ".join(sorted(ReviewState(s).label for s in transition.sources))
        return IllegalTransition(
            f"Cannot {transition.action.replace('_', ' ')} a record that is "
            f"{ReviewState(record.state).label}; only a record that is {allowed} can be."
        )
    model_permission = f"{record._meta.app_label}.change_{record._meta.model_name}"
    if not (user.has_perm(transition.permission) and user.has_perm(model_permission)):
        return NotPermitted(
            f"{_user_label(user)}'s role does not allow “{Action(transition.action).label}” on "
            f"{record._meta.verbose_name_plural}."
        )
    if transition.action in (Action.DELETE, Action.RESTORE) and not user.has_perm(
        "newsroom.publish_record"
    ):
        own_draft = record.created_by_id == user.pk and (
            record.state == S.DRAFT
            or (record.state == S.DELETED and restored_state(record) == S.DRAFT)
        )
        if not own_draft:
            return NotPermitted(
                f"{_user_label(user)} may {Action(transition.action).label} only drafts they "
                "created; ask an editor."
            )
    authors = (record.created_by_id, record.last_edited_by_id)
    if transition.four_eyes and user.pk is not None and user.pk in authors:
        return FourEyesViolation(
            f"{_user_label(user)} created or last edited this record, so someone else must "
            f"{Action(transition.action).label} it."
        )
    return None


def restored_state(record: models.Model) -> str:
    """The state a deleted record returns to: the one its latest deletion moved it from."""
    from newsroom.models import Review

    deletion = (
        Review.objects.for_record(record)
        .filter(action=Action.DELETE)
        .order_by("-created_at")
        .values_list("from_state", flat=True)
        .first()
    )
    return deletion or S.DRAFT


def may_edit(record: models.Model, user) -> bool:
    """Whether the user may change the record's content: contributors only in draft."""
    permission = f"{record._meta.app_label}.change_{record._meta.model_name}"
    if not user.has_perm(permission):
        return False
    if record.state == ReviewState.DELETED:
        return False  # restore it first
    if record.state == ReviewState.DRAFT or user.is_superuser:
        return True
    return user.has_perm("newsroom.review_record") or user.has_perm("newsroom.publish_record")


def _check_evidence(record: models.Model, evidence: Sequence[EvidenceItem], checklist: dict):
    for item in evidence:
        if item.checked.strip() and not (item.source or item.url):
            raise EvidenceRequired(
                f"“{item.checked.strip()}”: say which source (or URL) this was checked against."
            )
    missing = [
        question for key, question in checklist_for(record) if checklist.get(key) is not True
    ]
    if missing:
        raise EvidenceRequired(
            "Verifying needs every checklist item confirmed; not yet: " + "; ".join(missing) + "."
        )
    if not any(item.checked.strip() and (item.source or item.url) for item in evidence):
        raise EvidenceRequired(
            "Verifying needs at least one checked source: give the source (or its URL) and "
            "what was checked, e.g. “matched the AFP wire text”."
        )
    reason = getattr(record, "anchor_problem", None)
    if callable(reason) and (problem := reason()):
        raise EvidenceRequired(problem)


@_audited(lambda action: action)
@transaction.atomic
def transition(
    record: models.Model,
    action: str,
    *,
    user,
    note: str = "",
    evidence: Sequence[EvidenceItem] = (),
    checklist: dict | None = None,
    correction: CorrectionNote | None = None,
) -> "Review":
    """Move `record` by `action` for `user`, or raise a WorkflowError saying why not."""
    from newsroom.models import Review, ReviewEvidence

    if action not in TRANSITIONS:
        raise IllegalTransition(f"“{action}” is not a review action.")
    move = TRANSITIONS[action]
    # Work on the current row, locked, so two reviewers cannot move it at once.
    current = type(record)._base_manager.select_for_update().filter(pk=record.pk).first()
    if current is None or current.version != record.version:
        raise StaleRecord(record, current)
    refused = refusal(current, user, action)
    if refused is not None:
        raise refused
    checklist = dict(checklist or {})
    note = note.strip()
    if move.needs_note and not note:
        raise NoteRequired(f"Say why, in a note, when you {Action(action).label}.")
    if move.needs_evidence:
        _check_evidence(current, evidence, checklist)
    if move.needs_correction and (
        correction is None
        or not correction.what_was_wrong.strip()
        or not correction.what_changed.strip()
    ):
        raise CorrectionRequired(
            "Retracting a published record needs a public correction: say what was wrong and "
            "what changed."
        )

    from_state = current.state
    target = restored_state(current) if action == Action.RESTORE else move.target
    current.state = target
    current._history_user = user
    current._change_reason = f"{Action(action).label}: {note}" if note else Action(action).label
    current.save(update_fields=["state"])
    record.state, record.version = current.state, current.version

    review = Review.objects.create(
        record=current,
        action=action,
        from_state=from_state,
        to_state=target,
        user=user,
        note=note,
        checklist=checklist,
    )
    for item in evidence:
        if item.checked.strip():
            proof = ReviewEvidence(
                review=review, source=item.source, url=item.url, checked=item.checked.strip()
            )
            proof.full_clean(exclude=["review"])
            proof.save()
    if move.needs_correction:
        _correct(current, correction, user, review=review)
    return review


@_audited(lambda assignee: "assign")
@transaction.atomic
def assign(record: models.Model, assignee, *, user) -> models.Model:
    """Ask `assignee` (or nobody) to review `record`, without counting as an edit of it.

    Assigning is an editor's act and changes neither the content nor who last edited it, so the
    editor who assigns a review can still publish the record.
    """
    if not user.has_perm("newsroom.assign_review"):
        raise NotPermitted(f"{_user_label(user)}'s role does not allow assigning reviews.")
    if assignee is not None and not assignee.has_perm("newsroom.review_record"):
        raise NotPermitted(
            f"{assignee.get_username()} is not a fact-checker: their role does not allow "
            "reviewing records."
        )
    record.assigned_to = assignee
    record._history_user = user
    record._change_reason = (
        f"assigned to {assignee.get_username()}" if assignee is not None else "unassigned"
    )
    record.save(update_fields=["assigned_to"])
    return record


def _correct(record, correction: CorrectionNote, user, review=None) -> "Correction":
    from newsroom.models import Correction

    note = Correction(
        record=record,
        what_was_wrong=correction.what_was_wrong.strip(),
        what_changed=correction.what_changed.strip(),
        created_by=user,
        review=review,
    )
    note.full_clean(exclude=["content_type", "object_id", "review", "created_by"])
    note.save()
    return note


def _changed_fields(record: models.Model) -> list[str]:
    """The concrete fields whose value differs from the stored row."""
    if record._state.adding:
        return []
    stored = type(record)._base_manager.filter(pk=record.pk).first()
    if stored is None:
        return []
    return [
        field.name
        for field in record._meta.concrete_fields
        if getattr(record, field.attname) != getattr(stored, field.attname)
    ]


# Fields whose change to a published record a reader must be told about.
MATERIAL_FIELDS: dict[str, tuple[str, ...]] = {
    "quote": (
        "text",
        "speaker_person",
        "speaker_organization",
        "speaker_work",
        "said_on",
        "said_on_precision",
        "attribution_verdict",
        "translation",
    ),
    "appearance": (
        "text_as_printed",
        "attribution_as_printed",
        "attribution_verdict",
        "via",
        "source",
        "quote",
    ),
    "claim": ("text", "verdict", "verdict_summary"),
    "event": ("title", "starts_on", "starts_on_precision", "ends_on", "ends_on_precision"),
    "person": ("name",),
    "organization": ("name", "parent"),
    "source": ("title", "outlet", "published_on", "published_on_precision", "text"),
    "outlet": ("name",),
}


def material_changes(record: models.Model, changed: Iterable[str]) -> list[str]:
    """The changed fields a published record's readers must be told about."""
    material = MATERIAL_FIELDS.get(record._meta.model_name, ())
    return [name for name in changed if name in material]


@_audited(lambda _: "edit")
@transaction.atomic
def record_edit(
    record: models.Model,
    *,
    user,
    changed: Iterable[str] = (),
    reason: str = "",
    correction: CorrectionNote | None = None,
) -> models.Model:
    """Save an edit to a record's content: checks the role, keeps who edited it and why.

    A material change to a published record needs a public correction. The version check in
    EditorialModel.save() refuses an edit made from an outdated copy. What changed is read from
    the stored row as well as taken from `changed`, so no caller can skip the correction rule.
    """
    changed = list(dict.fromkeys([*changed, *_changed_fields(record)]))
    if record._state.adding and record.state != ReviewState.DRAFT and not user.is_superuser:
        raise NotPermitted("A new record starts as a draft; it is published only through review.")
    add_permission = f"{record._meta.app_label}.add_{record._meta.model_name}"
    if record._state.adding and not user.has_perm(add_permission):
        raise NotPermitted(
            f"{_user_label(user)}'s role does not allow adding {record._meta.verbose_name_plural}."
        )
    if not record._state.adding and not may_edit(record, user):
        raise NotPermitted(
            f"{_user_label(user)} may not change this {record._meta.verbose_name} while it is "
            f"{ReviewState(record.state).label}."
        )
    material = material_changes(record, changed) if record.state == ReviewState.PUBLISHED else []
    if material and (
        correction is None
        or not correction.what_was_wrong.strip()
        or not correction.what_changed.strip()
    ):
        raise CorrectionRequired(
            "This record is published: changing "
            + ", ".join(record._meta.get_field(name).verbose_name for name in material)
            + " needs a public correction (what was wrong, what changed)."
        )
    if record._state.adding:
        record.created_by = user
    record.last_edited_by = user
    record._history_user = user
    record._change_reason = reason or ("created" if record._state.adding else "edited")
    record.save()
    if material:
        _correct(record, correction, user)
    return record
