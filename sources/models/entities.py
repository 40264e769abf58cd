"""People and organizations, their names and aliases, their affiliations, and topics."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import slugify

from newsroom.dates import (
    DatePrecision,
    clean_partial_date,
    ends_not_before_start,
    partial_date,
    partial_date_constraints,
)
from newsroom.history import TrackedQuerySet
from newsroom.models import EditorialModel, EditorialQuerySet, UUIDModel, exactly_one, not_blank
from newsroom.validators import validate_country, validate_language, validate_wikidata_qid
from sources.names import fold


def unique_slug(instance: models.Model, value: str, field: str = "slug") -> str:
    """A slug for `value` not yet used by another row of the instance's model."""
    base = slugify(value)[:80] or slugify(value, allow_unicode=True)[:80] or "untitled"
    model = type(instance)
    candidate, number = base, 2
    while model._default_manager.filter(**{field: candidate}).exclude(pk=instance.pk).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate


class TopicQuerySet(TrackedQuerySet):
    def with_counts(self) -> "TopicQuerySet":
        return self.annotate(
            quote_count=Count("quotes", distinct=True),
            claim_count=Count("claims", distinct=True),
        )


class Topic(UUIDModel):
    name = models.CharField(max_length=120, unique=True, help_text="The topic as readers see it.")
    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        allow_unicode=True,
        help_text="Used in public URLs.",
    )
    description = models.TextField(blank=True, help_text="What the topic covers, in a sentence.")

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)


class NamedEntityQuerySet(EditorialQuerySet):
    def matching(self, name: str) -> "NamedEntityQuerySet":
        """Entities whose name or an alias folds like `name` ("Erdogan" finds Erdoğan).

        Contextual references ("the court") are aliases too, but they name an entity only
        inside one text, so they are left out of matching.
        """
        folded = fold(name)
        if not folded:
            return self.none()
        alias_match = Q(aliases__name_folded=folded) & ~Q(aliases__kind=AliasKind.REFERENCE)
        ids = self.filter(Q(name_folded=folded) | alias_match).values("pk")
        return self.filter(pk__in=ids)

    def search(self, text: str) -> "NamedEntityQuerySet":
        """Entities with `text` in a name or an alias, both folded: "ERDOĞAN" finds Erdoğan."""
        folded = fold(text)
        if not folded:
            return self.none()
        found = Q(name_folded__contains=folded) | Q(aliases__name_folded__contains=folded)
        return self.filter(pk__in=self.filter(found).values("pk"))

    def with_quote_count(self) -> "NamedEntityQuerySet":
        return self.annotate(quote_count=Count("quotes"))

    def with_published_quote_count(self) -> "NamedEntityQuerySet":
        """Annotate `published_quote_count`: the quotations readers may see, no others.

        A subquery per row rather than a join and GROUP BY, so a page of a list counts only
        the entities it shows.
        """
        from sources.models.quotes import Quote

        speaker = self.model.quotes.field.name
        counted = (
            Quote.objects.published()
            .filter(**{speaker: OuterRef("pk")})
            .order_by()
            .values(speaker)
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(published_quote_count=Coalesce(Subquery(counted), 0))

    def with_aliases(self) -> "NamedEntityQuerySet":
        return self.prefetch_related("aliases")

    def with_names(self) -> "NamedEntityQuerySet":
        """Aliases readers may use, in `aliases`: contextual references ("the court") left
        out, each with the source that printed it only when that source is published (its
        `source` is None otherwise, as `_published_outlet` does for outlets)."""
        from sources.models import Source

        printers = Source.objects.published().select_related("outlet")
        names = (
            Alias.objects.exclude(kind=AliasKind.REFERENCE)
            .order_by("kind", "name")
            .prefetch_related(Prefetch("source", printers))
        )
        return self.prefetch_related(Prefetch("aliases", names))


class PersonQuerySet(NamedEntityQuerySet):
    def with_affiliations(self) -> "PersonQuerySet":
        affiliations = Affiliation.objects.select_related("organization")
        return self.prefetch_related(Prefetch("affiliations", affiliations))

    def with_roles(self, organizations: models.QuerySet | None = None) -> "PersonQuerySet":
        """Affiliations in `roles`, earliest first, each with its organization: only those in
        `organizations` (by default the published ones), so no page names a hidden one."""
        if organizations is None:
            organizations = Organization.objects.published()
        roles = (
            Affiliation.objects.filter(organization__in=organizations)
            .select_related("organization")
            .order_by(F("started_on").asc(nulls_last=True), "organization__name", "pk")
        )
        return self.prefetch_related(Prefetch("affiliations", roles, to_attr="roles"))


class OrganizationQuerySet(NamedEntityQuerySet):
    def with_members(self, people: models.QuerySet | None = None) -> "OrganizationQuerySet":
        """Affiliations in `members`, earliest first, each with its person: only those of
        `people` (by default the published ones)."""
        if people is None:
            people = Person.objects.published()
        members = (
            Affiliation.objects.filter(person__in=people)
            .select_related("person")
            .order_by(F("started_on").asc(nulls_last=True), "person__name", "pk")
        )
        return self.prefetch_related(Prefetch("affiliations", members, to_attr="members"))


class NamedEntity(EditorialModel):
    """What people and organizations share: a canonical name, its folded form, a QID."""

    name = models.CharField(
        max_length=200, help_text="The canonical name, spelled as the desk writes it."
    )
    name_folded = models.CharField(
        max_length=200,
        editable=False,
        db_index=True,
        help_text="The name folded for matching (case, accents and variant spellings).",
    )
    # Unicode: a name in Arabic or Chinese script has no Latin letters to make a slug of.
    slug = models.SlugField(
        max_length=90,
        unique=True,
        blank=True,
        allow_unicode=True,
        help_text="Used in public URLs.",
    )
    description = models.TextField(
        blank=True, help_text="Who this is, in a sentence a reader can use to tell them apart."
    )
    wikidata_qid = models.CharField(
        "Wikidata QID",
        max_length=20,
        blank=True,
        validators=[validate_wikidata_qid],
        help_text="The Wikidata item, such as Q39259, when one exists.",
    )

    objects = NamedEntityQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_qid"],
                condition=~Q(wikidata_qid=""),
                name="%(app_label)s_%(class)s_unique_qid",
                violation_error_message="Another record already has this Wikidata QID.",
            ),
            models.CheckConstraint(
                condition=not_blank("name"),
                name="%(app_label)s_%(class)s_name_not_empty",
                violation_error_message="A name is required.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.name_folded = fold(self.name)
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.name.strip():
            raise ValidationError({"name": "A name is required."})
        clash = Alias.objects.clashing(fold(self.name), exclude=self)
        if clash is not None:
            raise ValidationError(
                {
                    "name": f"“{self.name}” is already an alias of {clash.entity}; "
                    "merge the records or pick a distinguishing name."
                }
            )


class Person(NamedEntity):
    objects = PersonQuerySet.as_manager()

    class Meta(NamedEntity.Meta):
        verbose_name_plural = "people"

    def get_absolute_url(self):
        return reverse("person-detail", kwargs={"slug": self.slug})


class OrganizationKind(models.TextChoices):
    NGO = "ngo", "NGO or advocacy group"
    GOVERNMENT = "government", "government or ministry"
    LEGISLATURE = "legislature", "legislature"
    COURT = "court", "court or tribunal"
    PARTY = "party", "political party"
    MEDIA = "media", "news organization"
    COMPANY = "company", "company"
    INTERGOVERNMENTAL = "intergovernmental", "intergovernmental body"
    RELIGIOUS = "religious", "religious body"
    OTHER = "other", "other"


class Organization(NamedEntity):
    kind = models.CharField(
        max_length=20,
        choices=OrganizationKind.choices,
        default=OrganizationKind.OTHER,
        help_text="What sort of body this is.",
    )
    country = models.CharField(
        max_length=2,
        blank=True,
        validators=[validate_country],
        help_text="Two-letter ISO 3166 code of the country it is based in, such as TR.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The body this one is part of (the ICC for its Office of the Prosecutor).",
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta(NamedEntity.Meta):
        constraints = [
            *NamedEntity.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message="An organization cannot be its own parent.",
            ),
        ]

    def get_absolute_url(self):
        return reverse("organization-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        ancestor, seen = self.parent, {self.pk}
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError({"parent": "This parent would make a loop of organizations."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class AliasKind(models.TextChoices):
    VARIANT = "variant", "variant spelling"
    TRANSLITERATION = "transliteration", "transliteration"
    ABBREVIATION = "abbreviation", "abbreviation or acronym"
    FULL = "full", "full or titled form"
    FORMER = "former", "former name"
    MISNOMER = "misnomer", "wrong name printed by a source"
    REFERENCE = "reference", "contextual reference (not used for matching)"


class AliasQuerySet(TrackedQuerySet):
    def clashing(self, folded: str, *, exclude: models.Model) -> "Alias | None":
        """An alias of another entity that folds to `folded`, if there is one."""
        if not folded:
            return None
        aliases = self.filter(name_folded=folded).exclude(kind=AliasKind.REFERENCE)
        if isinstance(exclude, Person):
            aliases = aliases.exclude(person_id=exclude.pk)
        elif isinstance(exclude, Organization):
            aliases = aliases.exclude(organization_id=exclude.pk)
        return aliases.select_related("person", "organization").first()


class Alias(UUIDModel):
    """Another name for a person or an organization, and where it was printed."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="aliases",
        help_text="The person this name refers to (or give an organization).",
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="aliases",
        help_text="The organization this name refers to (or give a person).",
    )
    name = models.CharField(max_length=200, help_text="The name exactly as it was written.")
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(
        max_length=20,
        choices=AliasKind.choices,
        default=AliasKind.VARIANT,
        help_text="How this name relates to the canonical one.",
    )
    language = models.CharField(
        max_length=35,
        blank=True,
        validators=[validate_language],
        help_text="The language or script of this form, such as tr or ug-Arab, if it matters.",
    )
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aliases_printed",
        help_text="A source that printed this form: spellings are evidence too.",
    )
    note = models.CharField(max_length=300, blank=True, help_text="Anything an editor should know.")

    objects = AliasQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "aliases"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one("person", "organization"),
                name="%(app_label)s_%(class)s_one_entity",
                violation_error_message="An alias names either a person or an organization.",
            ),
            models.UniqueConstraint(
                fields=["person", "name_folded"],
                condition=Q(person__isnull=False),
                name="%(app_label)s_%(class)s_unique_person_name",
                violation_error_message="This person already has this alias.",
            ),
            models.UniqueConstraint(
                fields=["organization", "name_folded"],
                condition=Q(organization__isnull=False),
                name="%(app_label)s_%(class)s_unique_organization_name",
                violation_error_message="This organization already has this alias.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.entity})" if self.entity else self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def entity(self) -> "Person | Organization | None":
        return self.person or self.organization

    def clean(self):
        super().clean()
        if not self.name.strip():
            raise ValidationError({"name": "An alias needs a name."})
        entity = self.entity
        if entity is None:
            # "Exactly one entity" is a constraint, validated with its own message. On an
            # admin add page the new person is attached only when saved.
            return
        folded = fold(self.name)
        # name_folded is set only on save, so the unique constraints cannot see this in time.
        # A person being added has no aliases yet (the admin checks the new ones together).
        same = (
            None
            if entity._state.adding
            else entity.aliases.filter(name_folded=folded).exclude(pk=self.pk).first()
        )
        if same is not None:
            raise ValidationError(
                {"name": f"{entity} already has this alias, written “{same.name}”."}
            )
        if self.kind == AliasKind.REFERENCE:
            return
        other = (
            Person.objects.filter(name_folded=folded).exclude(pk=entity.pk).first()
            or Organization.objects.filter(name_folded=folded).exclude(pk=entity.pk).first()
        )
        if other is None:
            clash = Alias.objects.clashing(folded, exclude=entity)
            other = clash.entity if clash else None
        if other is not None:
            raise ValidationError(
                {
                    "name": f"“{self.name}” already names {other}; an alias must not point at "
                    "two records. Merge them, or record it as a contextual reference."
                }
            )


class Affiliation(UUIDModel):
    """A person's role in an organization over a period: "spokesman, World Uyghur Congress"."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations", help_text="Who."
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="affiliations",
        help_text="The organization they belong to or speak for.",
    )
    role = models.CharField(max_length=200, help_text="The role, such as spokesman or President.")
    started_on = models.DateField(
        "start date",
        null=True,
        blank=True,
        help_text="When the role began (the first day of the period).",
    )
    started_on_precision = models.CharField(
        "precision",
        max_length=5,
        choices=DatePrecision.choices,
        blank=True,
        help_text="Whether the start is known to the year, the month or the day.",
    )
    ended_on = models.DateField(
        "end date", null=True, blank=True, help_text="When the role ended; empty while it lasts."
    )
    ended_on_precision = models.CharField(
        "precision",
        max_length=5,
        choices=DatePrecision.choices,
        blank=True,
        help_text="Whether the end is known to the year, the month or the day.",
    )
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="affiliations_stated",
        help_text="A source that states this affiliation.",
    )

    class Meta:
        ordering = ["person", "started_on"]
        constraints = [
            *partial_date_constraints("started_on"),
            *partial_date_constraints("ended_on"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | ends_not_before_start("started_on", "ended_on"),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message="An affiliation cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.role}, {self.organization}"

    @property
    def started(self):
        return partial_date(self, "started_on")

    @property
    def ended(self):
        return partial_date(self, "ended_on")

    def clean(self):
        super().clean()
        errors = {**clean_partial_date(self, "started_on"), **clean_partial_date(self, "ended_on")}
        if errors:
            raise ValidationError(errors)
