"""Outlets, the sources they publish with their text snapshots, and what sources cite."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse

from newsroom.dates import (
    DatePrecision,
    clean_partial_date,
    partial_date,
    partial_date_constraints,
)
from newsroom.models import EditorialModel, EditorialQuerySet, UUIDModel, not_blank
from newsroom.validators import validate_country, validate_language
from newsroom.workflow import PUBLIC_STATES


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class OutletKind(models.TextChoices):
    WIRE = "wire", "wire service"
    NEWSPAPER = "newspaper", "newspaper"
    MAGAZINE = "magazine", "magazine"
    BROADCASTER = "broadcaster", "broadcaster"
    ONLINE = "online", "online news site"
    NGO = "ngo", "NGO or advocacy group"
    GOVERNMENT = "government", "government"
    COURT = "court", "court or tribunal"
    BLOG = "blog", "blog"
    MEDIA_LIBRARY = "media_library", "image or media library"
    OTHER = "other", "other"


class OutletQuerySet(EditorialQuerySet):
    def with_source_count(self) -> "OutletQuerySet":
        return self.annotate(source_count=Count("sources"))


class Outlet(EditorialModel):
    """A publisher: Vision Times, AFP, The Guardian."""

    name = models.CharField(max_length=200, unique=True, help_text="The publisher's usual name.")
    kind = models.CharField(
        max_length=20, choices=OutletKind.choices, help_text="What sort of publisher this is."
    )
    country = models.CharField(
        max_length=2,
        blank=True,
        validators=[validate_country],
        help_text="Two-letter ISO 3166 code of the country it publishes from, such as GB.",
    )
    website = models.URLField(blank=True, help_text="The publisher's home page.")
    organization = models.ForeignKey(
        "sources.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outlets",
        help_text="The organization behind the outlet, when it is recorded as one.",
    )

    objects = OutletQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=not_blank("name"),
                name="%(app_label)s_%(class)s_name_not_empty",
                violation_error_message="An outlet needs a name.",
            )
        ]

    def __str__(self):
        return self.name


class SourceKind(models.TextChoices):
    NEWS = "news", "news report"
    OPINION = "opinion", "opinion or commentary"
    WIRE = "wire", "wire copy"
    PRESS_RELEASE = "press_release", "press release"
    OFFICIAL_REPORT = "official_report", "official report"
    COURT_DOCUMENT = "court_document", "court document"
    SOCIAL_POST = "social_post", "social media post"
    SCRIPTURE = "scripture", "scripture"
    INTERVIEW = "interview", "interview"
    IMAGE = "image", "image or media file"
    OTHER = "other", "other"


class SourceQuerySet(EditorialQuerySet):
    def published(self) -> "SourceQuerySet":
        """Published sources of published (or unknown) outlets: what readers may see."""
        return (
            super().published().filter(Q(outlet__isnull=True) | Q(outlet__state__in=PUBLIC_STATES))
        )

    def with_outlet(self) -> "SourceQuerySet":
        """The outlet is part of a source's name wherever it is listed."""
        return self.select_related("outlet")

    def with_appearance_count(self) -> "SourceQuerySet":
        return self.annotate(appearance_count=Count("appearances"))

    def with_citations(self, user=None) -> "SourceQuerySet":
        """What each source cites (in `cites`) and the sources citing it (in `cited_in`), as
        `user` may read them, as on the public source page: a citing source must be visible;
        a cited one that is not is kept only for the words its citation printed."""
        visible = Source.objects.visible_to(user).values("pk")
        cites = (
            Citation.objects.filter(Q(cited__in=visible) | ~Q(as_printed=""))
            .select_related("cited__outlet")
            .order_by("purpose", "as_printed", "pk")
        )
        cited_in = (
            Citation.objects.filter(citing__in=visible)
            .select_related("citing__outlet")
            .order_by(F("citing__published_on").asc(nulls_last=True), "citing__title", "pk")
        )
        return self.prefetch_related(
            Prefetch("citations", cites, to_attr="cites"),
            Prefetch("cited_by", cited_in, to_attr="cited_in"),
        )


class Source(EditorialModel):
    """One document, with the snapshot of its text that quotations are anchored in."""

    title = models.CharField(max_length=500, help_text="The headline or title, as published.")
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        help_text="Who published it; empty when the publisher is not known.",
    )
    authors = models.CharField(
        max_length=500, blank=True, help_text="The byline as printed; empty when unsigned."
    )
    kind = models.CharField(
        max_length=20,
        choices=SourceKind.choices,
        help_text="What sort of document: an opinion piece and a news report are weighed apart.",
    )
    url = models.URLField("URL", max_length=2000, blank=True, help_text="Where it was published.")
    archive_url = models.URLField(
        "archive URL",
        max_length=2000,
        blank=True,
        help_text="A copy in a web archive, in case the original changes or disappears.",
    )
    language = models.CharField(
        max_length=35,
        default="en",
        validators=[validate_language],
        help_text="The main language of the text, such as en or tr.",
    )
    published_on = models.DateField(
        "date published",
        null=True,
        blank=True,
        help_text="When it was published (the first day of the period if not known to the day).",
    )
    published_on_precision = models.CharField(
        "precision",
        max_length=5,
        choices=DatePrecision.choices,
        blank=True,
        help_text="Whether the publication date is known to the year, the month or the day.",
    )
    date_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="How the date was established when the source does not state it.",
    )
    retrieved_at = models.DateTimeField(
        null=True, blank=True, help_text="When the text snapshot was taken."
    )
    text = models.TextField(
        "text snapshot",
        blank=True,
        help_text="The text as retrieved, unchanged. Quotations are anchored in it.",
    )
    text_sha256 = models.CharField(
        "snapshot SHA-256",
        max_length=64,
        blank=True,
        editable=False,
        help_text="SHA-256 of the snapshot (UTF-8), to re-check it later.",
    )
    notes = models.TextField(blank=True, help_text="Editors' notes; not shown to readers.")

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        indexes = [
            models.Index(fields=["state", "published_on"], name="source_state_published"),
            # The quotations list filters by the kind of source that printed them.
            models.Index(fields=["state", "kind"], name="source_state_kind"),
        ]
        constraints = [
            *partial_date_constraints("published_on"),
            models.CheckConstraint(
                condition=not_blank("title"),
                name="%(app_label)s_%(class)s_title_not_empty",
                violation_error_message="A source needs a title.",
            ),
            models.CheckConstraint(
                condition=Q(text="", text_sha256="")
                | (~Q(text="") & Q(Exact(Length("text_sha256"), 64))),
                name="%(app_label)s_%(class)s_snapshot_hashed",
                violation_error_message="A snapshot is stored with its SHA-256.",
            ),
        ]

    def __str__(self):
        published = self.published
        parts = [
            self.outlet.name if self.outlet_id else None,
            str(published) if published else None,
        ]
        details = ", ".join(part for part in parts if part)
        return f"{self.title} ({details})" if details else self.title

    def save(self, *args, **kwargs):
        self.text_sha256 = sha256_hex(self.text) if self.text else ""
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        with transaction.atomic():
            previous = (
                Source.objects.filter(pk=self.pk).values_list("text_sha256", flat=True).first()
            )
            if previous is not None and previous != self.text_sha256:
                # Anchored passages are checked against the stored text, so they are released
                # before the new snapshot is written and anchored again after it.
                passages = self.release_anchors()
                super().save(*args, **kwargs)
                for passage in passages:
                    passage.reanchor(self.text)
                    self._pass_history_on(passage, "snapshot changed: words sought again")
                    passage.save(update_fields=passage.ANCHOR_FIELDS)
            else:
                super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("source-detail", kwargs={"pk": self.pk})

    @property
    def published(self):
        return partial_date(self, "published_on")

    @property
    def is_public(self) -> bool:
        """As SourceQuerySet.published(): published, and so is its outlet when it has one."""
        if self.state not in PUBLIC_STATES:
            return False
        if self.outlet_id is None:
            return True
        # Pages that load only published outlets leave an unpublished one as None.
        return self.outlet is not None and self.outlet.is_public

    @property
    def has_snapshot(self) -> bool:
        return bool(self.text)

    def clean(self):
        super().clean()
        # The hash is derived, never typed: set here so constraint validation sees it.
        self.text_sha256 = sha256_hex(self.text) if self.text else ""
        errors = clean_partial_date(self, "published_on")
        if "\x00" in self.text:
            errors["text"] = "The snapshot contains NUL characters; remove them before saving."
        if errors:
            raise ValidationError(errors)

    def release_anchors(self) -> list:
        """Unanchor every passage in this source, returning them for anchoring again."""
        passages = [*self.appearances.all(), *self.claim_appearances.all()]
        for passage in passages:
            passage.release_anchor()
            self._pass_history_on(passage, "snapshot changed: anchor released")
            passage.save(update_fields=passage.ANCHOR_FIELDS)
        return passages

    def _pass_history_on(self, passage, reason: str) -> None:
        """Credit a passage's re-anchoring to whoever changed this source's snapshot."""
        passage._history_user = getattr(self, "_history_user", None)
        passage._change_reason = reason


class CitationPurpose(models.TextChoices):
    QUOTATION = "quotation", "source of a quotation"
    INFORMATION = "information", "source of information"
    IMAGE = "image", "image credit"
    OTHER = "other", "other"


class Citation(UUIDModel):
    """One source naming another as its origin: "(Guardian News 29/12/2020)"."""

    citing = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        related_name="citations",
        help_text="The source that cites.",
    )
    cited = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="cited_by", help_text="The source it cites."
    )
    as_printed = models.CharField(
        max_length=300,
        blank=True,
        help_text="The citation exactly as printed, such as “Guardian News 29/12/2020”.",
    )
    purpose = models.CharField(
        max_length=20,
        choices=CitationPurpose.choices,
        default=CitationPurpose.INFORMATION,
        help_text="What the citing source took from the cited one.",
    )

    class Meta:
        ordering = ["citing", "cited"]
        constraints = [
            models.UniqueConstraint(
                fields=["citing", "cited", "purpose"],
                name="%(app_label)s_%(class)s_unique",
                violation_error_message="This citation is already recorded.",
            ),
            models.CheckConstraint(
                condition=~Q(citing=F("cited")),
                name="%(app_label)s_%(class)s_not_self",
                violation_error_message="A source cannot cite itself.",
            ),
        ]

    def __str__(self):
        return f"{self.citing.title} cites {self.as_printed or self.cited.title}"

    def clean(self):
        super().clean()
        if self.citing_id is not None and self.citing_id == self.cited_id:
            raise ValidationError({"cited": "A source cannot cite itself."})
