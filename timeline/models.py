"""Events: what happened, when (to a stated precision), where, and who took part."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from newsroom.dates import (
    DatePrecision,
    PartialDate,
    clean_partial_date,
    ends_not_before_start,
    partial_date,
    partial_date_constraints,
)
from newsroom.models import EditorialModel, EditorialQuerySet, UUIDModel, exactly_one, not_blank


class EventQuerySet(EditorialQuerySet):
    def in_order(self) -> "EventQuerySet":
        return self.order_by("starts_on", "ends_on", "title")

    def with_participants(self) -> "EventQuerySet":
        participants = Participant.objects.select_related("person", "organization")
        return self.prefetch_related(Prefetch("participants", participants))

    def with_source_count(self) -> "EventQuerySet":
        return self.annotate(source_count=Count("sources"))

    def with_public_links(self) -> "EventQuerySet":
        """The timeline: each event's topics and its published participants, sources, quotes
        and claims; unpublished ones are left out, so they are neither linked nor counted."""
        from sources.models import Claim, Organization, Person, Quote, Source

        participants = Participant.objects.filter(
            Q(person__in=Person.objects.published())
            | Q(organization__in=Organization.objects.published())
        ).select_related("person", "organization")
        return self.prefetch_related(
            "topics",
            Prefetch("participants", participants, to_attr="published_participants"),
            Prefetch("sources", Source.objects.published().with_outlet(), "published_sources"),
            Prefetch("quotes", Quote.objects.published().with_speaker(), "published_quotes"),
            Prefetch("claims", Claim.objects.published(), "published_claims"),
        )

    def with_links_visible_to(self, user) -> "EventQuerySet":
        """The API's event: topics, and the participants, sources, quotes and claims `user` may
        read (`visible_to`: published ones only for readers, every one for the desk), in
        `visible_participants`, `visible_sources`, `visible_quotes` and `visible_claims`."""
        from sources.models import Claim, Organization, Person, Quote, Source

        participants = Participant.objects.filter(
            Q(person__in=Person.objects.visible_to(user).values("pk"))
            | Q(organization__in=Organization.objects.visible_to(user).values("pk"))
        ).select_related("person", "organization")
        return self.prefetch_related(
            "topics",
            Prefetch("participants", participants, to_attr="visible_participants"),
            Prefetch("sources", Source.objects.visible_to(user).with_outlet(), "visible_sources"),
            Prefetch("quotes", Quote.objects.visible_to(user).with_speaker(), "visible_quotes"),
            Prefetch("claims", Claim.objects.visible_to(user), "visible_claims"),
        )


class Event(EditorialModel):
    """Something that happened, as sources report it."""

    title = models.CharField(
        max_length=300,
        help_text="What happened, in one line: “China and Turkey sign the extradition treaty”.",
    )
    description = models.TextField(blank=True, help_text="More detail for readers.")
    starts_on = models.DateField(
        "start date",
        help_text="When it happened, or began (the first day of the period if not known to the "
        "day).",
    )
    starts_on_precision = models.CharField(
        "precision",
        max_length=5,
        choices=DatePrecision.choices,
        help_text="Whether the date is known to the year, the month or the day.",
    )
    ends_on = models.DateField(
        "end date", null=True, blank=True, help_text="When it ended, for events that span a period."
    )
    ends_on_precision = models.CharField(
        "precision",
        max_length=5,
        choices=DatePrecision.choices,
        blank=True,
        help_text="Whether the end is known to the year, the month or the day.",
    )
    date_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="How the date was established: “written ‘at the weekend’ in a report of 29 "
        "December 2020”.",
    )
    place = models.CharField(max_length=200, blank=True, help_text="Where it happened.")
    topics = models.ManyToManyField(
        "sources.Topic", blank=True, related_name="events", help_text="What the event is about."
    )
    sources = models.ManyToManyField(
        "sources.Source", blank=True, related_name="events", help_text="Sources that report it."
    )
    quotes = models.ManyToManyField(
        "sources.Quote", blank=True, related_name="events", help_text="Quotations about it."
    )
    claims = models.ManyToManyField(
        "sources.Claim", blank=True, related_name="events", help_text="Claims about it."
    )
    notes = models.TextField(blank=True, help_text="Editors' notes; not shown to readers.")

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "title"]
        indexes = [models.Index(fields=["state", "starts_on"], name="event_state_starts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on_precision__in=DatePrecision.values),
                name="%(app_label)s_%(class)s_starts_on_has_precision",
                violation_error_message="Say whether the date is known to the year, the month "
                "or the day.",
            ),
            *partial_date_constraints("starts_on")[1:],
            *partial_date_constraints("ends_on"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | ends_not_before_start("starts_on", "ends_on"),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message="An event cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=not_blank("title"),
                name="%(app_label)s_%(class)s_title_not_empty",
                violation_error_message="An event needs a title.",
            ),
        ]

    def __str__(self):
        return f"{self.when}: {self.title}" if self.starts_on else self.title

    def get_absolute_url(self):
        return f"{reverse('timeline')}#event-{self.pk}"

    @property
    def starts(self) -> PartialDate | None:
        return partial_date(self, "starts_on")

    @property
    def ends(self) -> PartialDate | None:
        return partial_date(self, "ends_on")

    @property
    def when(self) -> str:
        """The date as honestly as it is known: “2019”, “May 2020”, “2017 – 2019”."""
        starts, ends = self.starts, self.ends
        if starts is None:
            return ""
        return f"{starts} – {ends}" if ends else str(starts)

    def clean(self):
        super().clean()
        errors = {**clean_partial_date(self, "starts_on"), **clean_partial_date(self, "ends_on")}
        if not self.title.strip():
            errors["title"] = "An event needs a title."
        if not errors and self.starts_on and self.ends_on and self.ends.last_day < self.starts_on:
            errors["ends_on"] = "An event cannot end before it starts."
        if errors:
            raise ValidationError(errors)


class Participant(UUIDModel):
    """A person or an organization taking part in an event, in a role."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participants", help_text="The event."
    )
    person = models.ForeignKey(
        "sources.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text="A person who took part (or give an organization).",
    )
    organization = models.ForeignKey(
        "sources.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text="An organization that took part (or give a person).",
    )
    role = models.CharField(
        max_length=200, blank=True, help_text="Their part in it: signatory, ratifying body."
    )

    class Meta:
        ordering = ["event", "role"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one("person", "organization"),
                name="%(app_label)s_%(class)s_one_entity",
                violation_error_message="A participant is a person or an organization.",
            ),
        ]

    def __str__(self):
        who = self.person or self.organization
        return f"{who} ({self.role})" if self.role else str(who)

    def clean(self):
        super().clean()
        if (self.person_id is None) == (self.organization_id is None):
            raise ValidationError("A participant is a person or an organization: give one.")
