"""What every editorial record shares, and the records of review: reviews, evidence, corrections.

Every record has a stable UUID and a history of every change (django-simple-history). Editorial
records also carry a review state, who created and last edited them, who is asked to review
them, and a version number that refuses a save made from an outdated copy.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from newsroom.history import TrackedQuerySet, database_for, delete_recorded, keeping_history
from newsroom.workflow import PUBLIC_STATES, Action, ReviewState, StaleRecord


def not_blank(field: str) -> Q:
    """The condition that a text holds something other than white space."""
    return ~Q(**{f"{field}__regex": r"^\s*$"})


def exactly_one(*fields: str) -> Q:
    """The condition that exactly one of the nullable `fields` is set (a speaker, an entity)."""
    condition = Q(**{f"{name}__isnull": name != fields[0] for name in fields})
    for chosen in fields[1:]:
        condition |= Q(**{f"{name}__isnull": name != chosen for name in fields})
    return condition


class EditorialQuerySet(TrackedQuerySet):
    def published(self) -> "EditorialQuerySet":
        """Records an anonymous reader may see; the single definition used by every public door."""
        return self.filter(state__in=PUBLIC_STATES)

    def visible_to(self, user) -> "EditorialQuerySet":
        """What `user` may read: every record for staff whose role may view this kind of record,
        the published ones for everyone else (the API's single door)."""
        opts = self.model._meta
        if user is not None and user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            return self
        return self.published()

    def in_state(self, *states: str) -> "EditorialQuerySet":
        return self.filter(state__in=states)

    def with_published_at(self) -> "EditorialQuerySet":
        """Annotate `published_at`: when the record last moved to published (its latest review
        to that state), else its last change (records loaded without review, like the demo)."""
        moved = (
            Review.objects.filter(
                content_type=ContentType.objects.get_for_model(self.model),
                object_id=OuterRef("pk"),
                to_state=ReviewState.PUBLISHED,
            )
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        return self.annotate(published_at=Coalesce(Subquery(moved), F("updated_at")))

    # The review desk's queues.

    def awaiting_review_by(self, user) -> "EditorialQuerySet":
        """Records in review that `user` may check: written by someone else, and assigned to
        them or to nobody."""
        return (
            self.filter(state=ReviewState.IN_REVIEW)
            .filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
            .exclude(created_by=user)
            .exclude(last_edited_by=user)
        )

    def assigned_for_review_to(self, user) -> "EditorialQuerySet":
        """Records assigned to `user` that still wait for a verdict."""
        return self.filter(
            assigned_to=user, state__in=[ReviewState.IN_REVIEW, ReviewState.DISPUTED]
        )

    def sent_back_to(self, user) -> "EditorialQuerySet":
        """Drafts `user` created whose latest review sent them back."""
        latest_action = (
            Review.objects.filter(
                content_type=ContentType.objects.get_for_model(self.model),
                object_id=OuterRef("pk"),
            )
            .order_by("-created_at")
            .values("action")[:1]
        )
        return (
            self.filter(state=ReviewState.DRAFT, created_by=user)
            .alias(latest_review_action=Subquery(latest_action))
            .filter(latest_review_action=Action.SEND_BACK)
        )


class UUIDModel(models.Model):
    """An abstract base giving a record an identifier that survives export and import, and a
    history of every change to it."""

    id = models.UUIDField(
        primary_key=True,
        default=uuid.uuid4,
        editable=False,
        help_text="Stable identifier, kept across exports and imports.",
    )

    history = HistoricalRecords(inherit=True)

    # Bulk writes keep their history too; raw SQL is refused (newsroom/history.py).
    objects = TrackedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with keeping_history(database_for(self, kwargs.get("using"))):
            super().save(*args, **kwargs)

    def delete(self, using=None, keep_parents=False):
        if self.pk is None:
            raise ValueError(
                f"{self._meta.object_name} object can't be deleted because its "
                f"{self._meta.pk.attname} attribute is set to None."
            )
        using = database_for(self, using)
        with keeping_history(using), transaction.atomic(using=using):
            return delete_recorded([self], using=using, origin=self, keep_parents=keep_parents)

    delete.alters_data = True


class EditorialModel(UUIDModel):
    """An abstract base for records that go through review before the public sees them.

    The users who created, last edited or are asked to review a record cannot be deleted
    (PROTECT): their names stay on what they did; deactivate a user who leaves.

    The state changes only through newsroom.workflow.transition(); edits go through
    newsroom.workflow.record_edit() (or the admin, which calls it), which keeps last_edited_by.
    """

    state = models.CharField(
        "review state",
        max_length=16,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        db_index=True,
        editable=False,
        help_text="Where this record stands in review. Only published records reach readers.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Who created the record; they cannot verify or publish it.",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Who last changed the record's content; they cannot verify or publish it.",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The fact-checker asked to review this record.",
    )
    version = models.PositiveIntegerField(
        default=1,
        help_text="Goes up with every save; a save made from an older version is refused.",
    )
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    objects = EditorialQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        # Optimistic locking: the row is claimed for this version, or someone saved first.
        with keeping_history(database_for(self, kwargs.get("using"))), transaction.atomic():
            claimed = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=self.version)
                .update(version=F("version") + 1)
            )
            if not claimed:
                current = type(self)._base_manager.filter(pk=self.pk).first()
                raise StaleRecord(self, current)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version", "updated_at"}
            self.version += 1
            try:
                super().save(*args, **kwargs)
            except BaseException:
                # The transaction rolls back the claim; the copy keeps the version it had.
                self.version -= 1
                raise

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES


def _record_reference(verbose: str) -> tuple[models.ForeignKey, models.UUIDField]:
    return (
        models.ForeignKey(
            ContentType,
            on_delete=models.PROTECT,
            related_name="+",
            help_text=f"The kind of record {verbose}.",
        ),
        models.UUIDField(db_index=True, help_text=f"The record {verbose}."),
    )


class AboutRecordQuerySet(TrackedQuerySet):
    """Rows that refer to one editorial record by content type and id: reviews, corrections."""

    def for_record(self, record: models.Model) -> "AboutRecordQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )


class Review(UUIDModel):
    """One move of a record through review: who, when, from which state to which, and why."""

    content_type, object_id = _record_reference("reviewed")
    record = GenericForeignKey("content_type", "object_id")
    action = models.CharField(max_length=16, choices=Action.choices, help_text="What was done.")
    from_state = models.CharField(
        max_length=16, choices=ReviewState.choices, help_text="The state before."
    )
    to_state = models.CharField(
        max_length=16, choices=ReviewState.choices, help_text="The state after."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews",
        help_text="Who did it.",
    )
    note = models.TextField(blank=True, help_text="Why, in a sentence or two.")
    checklist = models.JSONField(
        default=dict, blank=True, help_text="The review checklist as it was answered."
    )
    created_at = models.DateTimeField(
        default=timezone.now, db_index=True, help_text="When it was done."
    )

    objects = AboutRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]
        permissions = [
            ("submit_record", "Can submit records for review"),
            ("review_record", "Can verify, dispute, reject or send back records"),
            ("publish_record", "Can publish, unpublish and retract records"),
            ("assign_review", "Can assign records to a fact-checker"),
            ("merge_records", "Can merge duplicate people and organizations"),
            ("discard_record", "Can delete records to the bin and restore them"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} by {self.user} ({self.from_state} → {self.to_state})"


class ReviewEvidence(UUIDModel):
    """A source a fact-checker checked for a review, and what was checked."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="evidence", help_text="The review."
    )
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_evidence",
        help_text="A source in the database that was checked.",
    )
    url = models.URLField(
        "URL", max_length=2000, blank=True, help_text="Or the address of what was checked."
    )
    checked = models.TextField(
        help_text="What was checked: “matched the AFP wire text”, “speaker identity confirmed”."
    )

    class Meta:
        verbose_name_plural = "review evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(source__isnull=False) | ~Q(url=""),
                name="%(app_label)s_%(class)s_source_or_url",
                violation_error_message="Evidence points at a source or a URL.",
            ),
            models.CheckConstraint(
                condition=not_blank("checked"),
                name="%(app_label)s_%(class)s_says_what",
                violation_error_message="Say what was checked.",
            ),
        ]

    def __str__(self):
        return f"{self.checked} ({self.source or self.url})"


class Correction(UUIDModel):
    """A public note that a published record was wrong: what was wrong, what changed, when."""

    content_type, object_id = _record_reference("corrected")
    record = GenericForeignKey("content_type", "object_id")
    what_was_wrong = models.TextField(help_text="What the published record got wrong.")
    what_changed = models.TextField(help_text="What the desk changed, or why it retracted.")
    published_at = models.DateTimeField(
        default=timezone.now, db_index=True, help_text="When the correction was made public."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="corrections",
        help_text="The editor who made the correction.",
    )
    review = models.OneToOneField(
        Review,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        help_text="The retraction this correction explains, if any.",
    )

    objects = AboutRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        constraints = [
            models.CheckConstraint(
                condition=not_blank("what_was_wrong") & not_blank("what_changed"),
                name="%(app_label)s_%(class)s_explained",
                violation_error_message="Say what was wrong and what changed.",
            ),
        ]

    def __str__(self):
        return f"Correction of {self.published_at:%d %B %Y}: {self.what_was_wrong[:80]}"
