"""An editor's decision on one proposal of an import, so the review remembers what was done."""

from django.conf import settings
from django.db import models

from newsroom.models import UUIDModel


class ProposalDecision(models.TextChoices):
    ACCEPTED = "accepted", "accepted"
    DROPPED = "dropped", "dropped"


class ProposalReview(UUIDModel):
    """What an editor did with one proposal from an imported source: accepted or dropped it.

    Proposals are recomputed from the snapshot (the same text gives the same proposals), so a
    decision is keyed by the proposal's kind and offsets in that snapshot.
    """

    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.CASCADE,
        related_name="proposal_reviews",
        help_text="The imported source the proposal was made from.",
    )
    key = models.CharField(
        max_length=60,
        help_text="The proposal: its kind and its offsets in the snapshot, such as "
        "quotation:772-990.",
    )
    decision = models.CharField(
        max_length=10, choices=ProposalDecision.choices, help_text="What the editor did with it."
    )
    record = models.CharField(
        max_length=300,
        blank=True,
        help_text="The record accepting it created or used, such as an appearance's id.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who decided.",
    )
    decided_at = models.DateTimeField(auto_now_add=True, help_text="When it was decided.")

    class Meta:
        ordering = ["source", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "key"],
                name="%(app_label)s_%(class)s_one_per_proposal",
                violation_error_message="This proposal has already been decided.",
            )
        ]

    def __str__(self):
        return f"{self.key} in {self.source_id}: {self.get_decision_display()}"
