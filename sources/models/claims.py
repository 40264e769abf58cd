"""Claims: checkable statements, where they were asserted, their verdict and its evidence."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse

from newsroom.history import TrackedQuerySet
from newsroom.models import EditorialModel, EditorialQuerySet, UUIDModel, not_blank
from newsroom.workflow import PUBLIC_STATES
from sources.models.passages import AnchoredPassage


class TruthVerdict(models.TextChoices):
    """Whether a claim is true: a different question from whether someone said it."""

    UNRATED = "unrated", "not yet rated"
    TRUE = "true", "true"
    MOSTLY_TRUE = "mostly_true", "mostly true"
    MIXED = "mixed", "mixed"
    MOSTLY_FALSE = "mostly_false", "mostly false"
    FALSE = "false", "false"
    UNPROVEN = "unproven", "unproven"


# schema.org ClaimReview ratings: 1 (false) to 5 (true). Unproven has a name but no place on
# the scale, and an unrated claim has no review at all.
RATING_VALUES = {
    TruthVerdict.FALSE: 1,
    TruthVerdict.MOSTLY_FALSE: 2,
    TruthVerdict.MIXED: 3,
    TruthVerdict.MOSTLY_TRUE: 4,
    TruthVerdict.TRUE: 5,
}


def _published_outlet(lookup: str) -> Prefetch:
    """An outlet still in review is not named: the source's `outlet` is None instead."""
    from sources.models import Outlet

    return Prefetch(lookup, Outlet.objects.published())


class ClaimQuerySet(EditorialQuerySet):
    def with_counts(self) -> "ClaimQuerySet":
        return self.annotate(
            appearance_count=Count("appearances", distinct=True),
            evidence_count=Count("evidence", distinct=True),
        )

    def rated(self) -> "ClaimQuerySet":
        """Claims with a verdict: the only ones a ClaimReview exists for."""
        return self.exclude(verdict=TruthVerdict.UNRATED)

    def latest_verdicts_first(self) -> "ClaimQuerySet":
        """Newest verdicts first; claims not yet rated after them."""
        return self.order_by(F("reviewed_on").desc(nulls_last=True), "text", "pk")

    def with_topics(self) -> "ClaimQuerySet":
        return self.prefetch_related("topics")

    def with_support(self) -> "ClaimQuerySet":
        """The claim page: where it was asserted, by whom, the evidence, the events, all public."""
        from sources.models import Quote
        from timeline.models import Event

        return self.prefetch_related(
            "topics",
            Prefetch(
                "appearances",
                ClaimAppearance.objects.published().with_sources(),
                to_attr="published_appearances",
            ),
            Prefetch("quotes", Quote.objects.published().with_speaker(), "published_quotes"),
            Prefetch(
                "evidence",
                Evidence.objects.select_related("source").prefetch_related(
                    _published_outlet("source__outlet")
                ),
            ),
            Prefetch("events", Event.objects.published().in_order(), "published_events"),
        )


class Claim(EditorialModel):
    """A checkable statement, the sources and quotations that assert it, and its verdict."""

    text = models.TextField(
        help_text="The claim as one checkable statement, in the desk's words: “About 50,000 "
        "Uyghurs live in Turkey”."
    )
    verdict = models.CharField(
        max_length=16,
        choices=TruthVerdict.choices,
        default=TruthVerdict.UNRATED,
        help_text="Is the claim true? Whether someone said it is the quotation's attribution.",
    )
    verdict_summary = models.TextField(
        blank=True, help_text="The verdict explained for readers, in a few sentences."
    )
    reviewed_on = models.DateField(null=True, blank=True, help_text="When the verdict was given.")
    quotes = models.ManyToManyField(
        "sources.Quote",
        blank=True,
        related_name="claims",
        help_text="Quotations in which someone asserts the claim.",
    )
    topics = models.ManyToManyField(
        "sources.Topic", blank=True, related_name="claims", help_text="What the claim is about."
    )
    notes = models.TextField(blank=True, help_text="Editors' notes; not shown to readers.")

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["text"]
        indexes = [models.Index(fields=["state", "verdict"], name="claim_state_verdict")]
        constraints = [
            models.CheckConstraint(
                condition=not_blank("text"),
                name="%(app_label)s_%(class)s_text_not_empty",
                violation_error_message="A claim needs its statement.",
            ),
            models.CheckConstraint(
                condition=Q(verdict=TruthVerdict.UNRATED) | Q(reviewed_on__isnull=False),
                name="%(app_label)s_%(class)s_verdict_dated",
                violation_error_message="A verdict needs the date it was given.",
            ),
        ]

    def __str__(self):
        words = " ".join(self.text.split())
        return words if len(words) <= 100 else words[:99] + "…"

    def get_absolute_url(self):
        return reverse("claim-detail", kwargs={"pk": self.pk})

    @property
    def rating_value(self) -> int | None:
        return RATING_VALUES.get(self.verdict)

    def clean(self):
        super().clean()
        if not self.text.strip():
            raise ValidationError({"text": "A claim needs its statement."})
        if self.verdict != TruthVerdict.UNRATED and self.reviewed_on is None:
            raise ValidationError({"reviewed_on": "Give the date the verdict was given."})


class ClaimAppearanceQuerySet(TrackedQuerySet):
    def published(self) -> "ClaimAppearanceQuerySet":
        """Passages of published claims in published sources: what readers may see."""
        from sources.models import Source

        return self.filter(
            claim__state__in=PUBLIC_STATES, source__in=Source.objects.published().values("pk")
        )

    def with_sources(self) -> "ClaimAppearanceQuerySet":
        """The sources and what they cite, each named by its outlet only when it is published."""
        return self.select_related("source", "via").prefetch_related(
            _published_outlet("source__outlet"), _published_outlet("via__outlet")
        )


class ClaimAppearance(UUIDModel, AnchoredPassage):
    """A source asserting a claim, in its own words."""

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="appearances", help_text="The claim."
    )
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        related_name="claim_appearances",
        help_text="The source that asserts it.",
    )
    hedged = models.BooleanField(
        default=False,
        help_text="The source reports the claim as hearsay (“It was reported that …”) rather "
        "than asserting it.",
    )
    via = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relayed_claim_appearances",
        help_text="The source this one took the claim from, when it says so.",
    )
    via_as_printed = models.CharField(
        max_length=300, blank=True, help_text="How the source names where it got the claim."
    )

    objects = ClaimAppearanceQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "source__published_on"]
        constraints = [
            *AnchoredPassage.Meta.constraints,
        ]

    def __str__(self):
        return f"{self.claim} — in {self.source.title}"


class Evidence(UUIDModel):
    """What a fact-checker consulted for a claim's verdict, and what it showed."""

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="evidence", help_text="The claim checked."
    )
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence_for",
        help_text="A source in the database that was consulted.",
    )
    url = models.URLField(
        "URL", max_length=2000, blank=True, help_text="Or a link to what was consulted."
    )
    note = models.TextField(help_text="What was checked and what it showed.")
    checked_on = models.DateField(null=True, blank=True, help_text="When it was consulted.")

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["claim", "checked_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__isnull=False) | ~Q(url=""),
                name="%(app_label)s_%(class)s_source_or_url",
                violation_error_message="Evidence points at a source or a URL.",
            ),
        ]

    def __str__(self):
        return f"Evidence for {self.claim}: {self.source.title if self.source_id else self.url}"

    def clean(self):
        super().clean()
        if self.source_id is None and not self.url:
            raise ValidationError("Give the source or the URL that was consulted.")
        if not self.note.strip():
            raise ValidationError({"note": "Say what was checked and what it showed."})
