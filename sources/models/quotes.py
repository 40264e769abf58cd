"""Quotations, who said them and when, and their appearances in sources."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse

from newsroom.dates import (
    DatePrecision,
    clean_partial_date,
    partial_date,
    partial_date_constraints,
)
from newsroom.models import EditorialModel, EditorialQuerySet, exactly_one, not_blank
from newsroom.validators import validate_language
from newsroom.workflow import PUBLIC_STATES
from sources.models.passages import AnchoredPassage, AnchorStatus

SPEAKER_FIELDS = ("speaker_person", "speaker_organization", "speaker_work")


class AttributionVerdict(models.TextChoices):
    """Whether the speaker really said these words: never whether the words are true."""

    UNCHECKED = "unchecked", "not yet checked"
    CONFIRMED = "confirmed", "confirmed"
    PARAPHRASE = "paraphrase", "paraphrase, not verbatim"
    MISATTRIBUTED = "misattributed", "misattributed"
    UNVERIFIABLE = "unverifiable", "unverifiable"


def _speaker_is_public(prefix: str = "") -> Q:
    """The speaker is published too: a quotation never reveals an unpublished person."""
    return Q(
        *(
            Q(**{f"{prefix}{field}__isnull": True})
            | Q(**{f"{prefix}{field}__state__in": PUBLIC_STATES})
            for field in SPEAKER_FIELDS
        )
    )


class QuoteQuerySet(EditorialQuerySet):
    def published(self) -> "QuoteQuerySet":
        """Published quotations of published speakers: what readers may see."""
        return super().published().filter(_speaker_is_public())

    def with_speaker(self) -> "QuoteQuerySet":
        """A quotation is named by its speaker wherever it is listed."""
        return self.select_related(*SPEAKER_FIELDS, "speaker_work__outlet")

    def with_appearance_count(self) -> "QuoteQuerySet":
        return self.annotate(appearance_count=Count("appearances"))

    def with_first_published(self) -> "QuoteQuerySet":
        """`first_published`: the date of the earliest published source that printed the words."""
        earliest = (
            Appearance.objects.published()
            .filter(quote=OuterRef("pk"), source__published_on__isnull=False)
            .order_by("source__published_on")
            .values("source__published_on")[:1]
        )
        return self.annotate(first_published=Subquery(earliest))

    def with_provenance(self) -> "QuoteQuerySet":
        """The quotation's page in a fixed number of queries: the speaker with their roles,
        topics, published claims, and every published printing with its source and citation.

        Printings land in `published_appearances`, claims in `published_claims`; only roles in
        published organizations are fetched.
        """
        from sources.models import Affiliation, Claim, Organization

        roles = Affiliation.objects.filter(
            organization__in=Organization.objects.published()
        ).select_related("organization")
        return self.with_speaker().prefetch_related(
            "topics",
            Prefetch("speaker_person__affiliations", roles),
            Prefetch(
                "appearances",
                Appearance.objects.published().with_provenance(),
                to_attr="published_appearances",
            ),
            Prefetch("claims", Claim.objects.published(), to_attr="published_claims"),
        )

    def with_printings(self, user=None) -> "QuoteQuerySet":
        """Each quotation's printings (in `printings`, with their sources, outlets and what they
        cite) and the claims made in it (in `linked_claims`), as `user` may read them: the
        published ones for readers, every one for staff whose role may view them. Topics too.

        The API's view of a quotation, in a fixed number of queries for any number of rows.
        """
        from sources.models import Claim

        return self.with_speaker().prefetch_related(
            "topics",
            Prefetch(
                "appearances",
                Appearance.objects.visible_to(user).with_provenance(),
                to_attr="printings",
            ),
            Prefetch("claims", Claim.objects.visible_to(user), to_attr="linked_claims"),
        )

    def for_speaker(self, speaker: models.Model) -> "QuoteQuerySet":
        from sources.models import Organization, Person, Source

        field = {
            Person: "speaker_person",
            Organization: "speaker_organization",
            Source: "speaker_work",
        }[type(speaker)]
        return self.filter(**{field: speaker})


class Quote(EditorialModel):
    """Words someone said or wrote, in their fullest known form."""

    text = models.TextField(
        help_text="The words, in their fullest known form and original language. Each source's "
        "printed version (a fragment, an elided or translated one) is recorded as an appearance."
    )
    language = models.CharField(
        max_length=35,
        default="en",
        validators=[validate_language],
        help_text="The language of the words, such as en or ar; sets text direction for readers.",
    )
    translation = models.TextField(
        blank=True, help_text="A translation for readers, when the words are not in English."
    )
    translation_language = models.CharField(
        max_length=35,
        blank=True,
        validators=[validate_language],
        help_text="The language of the translation, such as en.",
    )
    speaker_person = models.ForeignKey(
        "sources.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="The person who said it. Give exactly one speaker: a person, an organization "
        "or a work.",
    )
    speaker_organization = models.ForeignKey(
        "sources.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="The organization that said it, when no one person is named (an office, a "
        "ministry, a court).",
    )
    speaker_work = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes_spoken",
        help_text="The work the words come from, when it has no person or organization as its "
        "voice (a scripture verse, an anonymous text).",
    )
    said_on = models.DateField(
        "date said",
        null=True,
        blank=True,
        help_text="When the words were said (the first day of the period if not known to the "
        "day). Not when a source printed them.",
    )
    said_on_precision = models.CharField(
        "precision",
        max_length=5,
        choices=DatePrecision.choices,
        blank=True,
        help_text="Whether the date said is known to the year, the month or the day.",
    )
    occasion = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where or to whom it was said: “to AFP”, “in the court's annual report”.",
    )
    attribution_verdict = models.CharField(
        max_length=16,
        choices=AttributionVerdict.choices,
        default=AttributionVerdict.UNCHECKED,
        help_text="Did the speaker really say this? Whether it is true is a claim's verdict.",
    )
    attribution_note = models.TextField(
        blank=True, help_text="How the attribution was checked, or why it is in doubt."
    )
    topics = models.ManyToManyField(
        "sources.Topic", blank=True, related_name="quotes", help_text="What the words are about."
    )
    notes = models.TextField(blank=True, help_text="Editors' notes; not shown to readers.")

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["-said_on", "text"]
        # On PostgreSQL, migration 0003 adds quote_state_said_desc for the list's default order
        # (said_on DESC NULLS LAST), which this index cannot give there.
        indexes = [models.Index(fields=["state", "said_on"], name="quote_state_said")]
        constraints = [
            *partial_date_constraints("said_on"),
            models.CheckConstraint(
                condition=exactly_one(*SPEAKER_FIELDS),
                name="%(app_label)s_%(class)s_one_speaker",
                violation_error_message="A quotation has exactly one speaker: a person, an "
                "organization or a work.",
            ),
            models.CheckConstraint(
                condition=not_blank("text"),
                name="%(app_label)s_%(class)s_text_not_empty",
                violation_error_message="A quotation needs its words.",
            ),
        ]

    def __str__(self):
        words = " ".join(self.text.split())
        words = words if len(words) <= 80 else words[:79] + "…"
        return f"“{words}” ({self.speaker})"

    def get_absolute_url(self):
        return reverse("quote-detail", kwargs={"pk": self.pk})

    @property
    def speaker(self):
        return self.speaker_person or self.speaker_organization or self.speaker_work

    @property
    def said(self):
        return partial_date(self, "said_on")

    def speaker_affiliations(self) -> list:
        """The speaker's roles when the words were said, or their open-ended ones when no role's
        dates cover that day (or the day is not known). Reads prefetched affiliations."""
        if self.speaker_person is None:
            return []
        roles = list(self.speaker_person.affiliations.all())
        said = self.said
        if said is not None:
            covering = [
                role
                for role in roles
                if (role.started is None or role.started.date <= said.last_day)
                and (role.ended is None or role.ended.last_day >= said.date)
            ]
            if covering:
                return covering
        return [role for role in roles if role.ended is None]

    def clean(self):
        super().clean()
        errors = clean_partial_date(self, "said_on")
        if not self.text.strip():
            errors["text"] = "A quotation needs its words; white space alone is not a quotation."
        speakers = [name for name in SPEAKER_FIELDS if getattr(self, f"{name}_id") is not None]
        if len(speakers) != 1:
            message = (
                "Name the speaker: a person, an organization or a work."
                if not speakers
                else "Give one speaker only: a person, an organization or a work, not several."
            )
            errors.setdefault("speaker_person", message)
        if self.translation.strip() and not self.translation_language:
            errors["translation_language"] = "Say what language the translation is in."
        if errors:
            raise ValidationError(errors)


class PrintedForm(models.TextChoices):
    FULL = "full", "the full quotation"
    FRAGMENT = "fragment", "a fragment"
    ELIDED = "elided", "elided (… marks cut words)"
    TRANSLATED = "translated", "a translation"
    PARAPHRASE = "paraphrase", "paraphrase or indirect speech"


class UnanchoredReason(models.TextChoices):
    TRANSLATION = "translation", "translation: the source prints other words"
    PARAPHRASE = "paraphrase", "paraphrase or indirect speech"
    ELISION = "elision", "elided beyond a verbatim match"
    DAMAGED = "damaged", "the snapshot's text is damaged here"


class AppearanceQuerySet(EditorialQuerySet):
    def published(self) -> "AppearanceQuerySet":
        """Published appearances of published quotations in published sources."""
        from sources.models import Source

        return (
            super()
            .published()
            .filter(
                quote__state__in=PUBLIC_STATES,
                source__in=Source.objects.published().values("pk"),
            )
            .filter(_speaker_is_public("quote__"))
        )

    def with_provenance(self) -> "AppearanceQuerySet":
        return self.select_related(
            "source__outlet",
            "via__outlet",
            "quote__speaker_person",
            "quote__speaker_organization",
            "quote__speaker_work__outlet",
        )


class Appearance(EditorialModel, AnchoredPassage):
    """One source printing a quotation, with the attribution as printed and what it cites."""

    quote = models.ForeignKey(
        Quote,
        on_delete=models.CASCADE,
        related_name="appearances",
        help_text="The quotation this printed text is a version of.",
    )
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        related_name="appearances",
        help_text="The source that printed it.",
    )
    form = models.CharField(
        max_length=12,
        choices=PrintedForm.choices,
        default=PrintedForm.FULL,
        help_text="How the printed text relates to the full quotation.",
    )
    language = models.CharField(
        max_length=35,
        blank=True,
        validators=[validate_language],
        help_text="The language of the printed text, when it differs from the quotation's.",
    )
    attribution_as_printed = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who the source says spoke, in its words: “critics”, “a spokesman for the "
        "Uyghur World Congress”.",
    )
    attribution_verdict = models.CharField(
        max_length=16,
        choices=AttributionVerdict.choices,
        default=AttributionVerdict.UNCHECKED,
        help_text="Whether this source's attribution is right.",
    )
    via = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relayed_appearances",
        help_text="The source this one took the words from, when it says so (the AFP wire). "
        "Empty when this source is the original.",
    )
    via_as_printed = models.CharField(
        max_length=300,
        blank=True,
        help_text="How the source names where it got the words: “he said to AFP”, "
        "“(Guardian News 29/12/2020)”.",
    )
    unanchored_reason = models.CharField(
        max_length=12,
        choices=UnanchoredReason.choices,
        blank=True,
        help_text="Why the printed words cannot be anchored verbatim in the snapshot, when they "
        "cannot; a fact-checker needs an anchor or this reason to verify.",
    )
    note = models.TextField(blank=True, help_text="Editors' notes; not shown to readers.")

    objects = AppearanceQuerySet.as_manager()

    class Meta:
        ordering = ["source__published_on", "anchor_start"]
        indexes = [models.Index(fields=["source", "anchor_start"], name="appearance_in_source")]
        constraints = [
            *AnchoredPassage.Meta.constraints,
        ]

    def __str__(self):
        words = " ".join(self.text_as_printed.split())
        words = words if len(words) <= 60 else words[:59] + "…"
        return f"“{words}” in {self.source.title}"

    def anchor_problem(self) -> str:
        """Why this appearance cannot be verified as it stands, or an empty string."""
        if not self.source.text or self.anchor_status == AnchorStatus.ANCHORED:
            return ""
        if self.anchor_status == AnchorStatus.WAIVED and self.unanchored_reason:
            return ""
        return (
            "The printed words are not anchored in the source's snapshot: anchor them, or "
            "record why not (translation, paraphrase, elision)."
        )
