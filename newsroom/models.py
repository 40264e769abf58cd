"""What every editorial record shares: a stable UUID, a review state and timestamps."""

import uuid

from django.db import models
from django.db.models import Q

from newsroom.workflow import PUBLIC_STATES, ReviewState


def not_blank(field: str) -> Q:
    """The condition that a text holds something other than white space."""
    return ~Q(**{f"{field}__regex": r"^\s*$"})


def exactly_one(*fields: str) -> Q:
    """The condition that exactly one of the nullable `fields` is set (a speaker, an entity)."""
    condition = Q(**{f"{name}__isnull": name != fields[0] for name in fields})
    for chosen in fields[1:]:
        condition |= Q(**{f"{name}__isnull": name != chosen for name in fields})
    return condition


class EditorialQuerySet(models.QuerySet):
    def published(self) -> "EditorialQuerySet":
        """Records an anonymous reader may see; the single definition used by every public door."""
        return self.filter(state__in=PUBLIC_STATES)

    def in_state(self, *states: str) -> "EditorialQuerySet":
        return self.filter(state__in=states)


class UUIDModel(models.Model):
    """An abstract base giving a record an identifier that survives export and import."""

    id = models.UUIDField(
        primary_key=True,
        default=uuid.uuid4,
        editable=False,
        help_text="Stable identifier, kept across exports and imports.",
    )

    class Meta:
        abstract = True


class EditorialModel(UUIDModel):
    """An abstract base for records that go through review before the public sees them."""

    state = models.CharField(
        "review state",
        max_length=16,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        db_index=True,
        help_text="Where this record stands in review. Only published records reach readers.",
    )
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    objects = EditorialQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES
