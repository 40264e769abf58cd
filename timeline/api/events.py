"""The events API (/api/events/): what happened, when, where, who took part, what reports it.

Readers get published events with their published participants, sources, quotations and claims
only; the desk gets every event and every link, and the staff-only fields (editors' notes, who
created, last edited and is assigned the event). Dates keep their precision both ways: "2017" is
a year, never "2017-01-01".
"""

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as InvalidRequest

from newsroom.api.filters import EditorialFilterSet
from newsroom.api.pagination import CursorPagination
from newsroom.api.serializers import EditorialSerializer
from newsroom.api.viewsets import EditorialViewSet
from newsroom.dates import PartialDate, partial_date
from sources.api import (
    PartialDateChoiceFilter,
    SlugChoiceFilter,
    StaffNotesField,
    StaffUsernameField,
    UnicodeSlugField,
)
from sources.filters import SEARCH_MAX_LENGTH
from sources.models import Claim, Organization, Person, Quote, Source, Topic
from timeline.filters import EventFilter, public_organizations, public_people, public_topics
from timeline.models import Event

PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def may_see_every_event(user) -> bool:
    """Whether `user` reads every event (the desk), not only the published ones."""
    return user is not None and user.has_perm("timeline.view_event")


def _user(request):
    return getattr(request, "user", None)


def public_page(request, record) -> str | None:
    """The record's public page, absolute; None when readers cannot see the record."""
    if request is None or not record.is_public:
        return None
    speaker = getattr(record, "speaker", None)
    if isinstance(record, Quote) and speaker is not None and not speaker.is_public:
        return None
    return request.build_absolute_uri(record.get_absolute_url())


def api_url(request, basename: str, record) -> str | None:
    """The record's address in the API, absolute."""
    try:
        path = reverse(f"api:{basename}-detail", kwargs={"pk": record.pk})
    except NoReverseMatch:
        # The kind of record has no endpoint of its own (yet).
        return None
    return request.build_absolute_uri(path) if request is not None else path


# Fields


@extend_schema_field(
    {
        "type": "string",
        "pattern": PARTIAL_DATE_PATTERN,
        "example": "2020-05",
        "description": "A date as precisely as it is known: a year (2017), a month (2020-05) "
        "or a day (2020-12-26).",
    }
)
class PartialDateField(serializers.Field):
    """A date of stated precision, read and written as reduced ISO 8601 ("2017", "2020-05",
    "2020-12-26"), stored in `<prefix>` and `<prefix>_precision`."""

    default_error_messages = {
        "invalid": "“{value}” is not a date: write a year (2019), a month (2020-05) or a day "
        "(2020-12-26).",
    }

    def __init__(self, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(source="*", **kwargs)

    def validate_empty_values(self, data):
        if data is None and self.allow_null:
            # The source is the whole record, so "no date" is both columns emptied.
            return True, {self.prefix: None, f"{self.prefix}_precision": ""}
        return super().validate_empty_values(data)

    def to_representation(self, instance):
        date = partial_date(instance, self.prefix)
        return date.isoformat() if date else None

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", value=str(data)[:40])
        try:
            date = PartialDate.parse(data)
        except ValueError:
            self.fail("invalid", value=data[:40])
        return {self.prefix: date.date, f"{self.prefix}_precision": date.precision}


class TopicSerializer(serializers.ModelSerializer):
    """A topic, by its slug and name."""

    slug = UnicodeSlugField(read_only=True)

    class Meta:
        model = Topic
        fields = ["slug", "name"]
        read_only_fields = fields


class ParticipantSerializer(serializers.Serializer):
    """A person or an organization taking part, in a role."""

    kind = serializers.SerializerMethodField(help_text="`person` or `organization`.")
    id = serializers.SerializerMethodField(help_text="The person's or organization's id.")
    name = serializers.SerializerMethodField()
    slug = serializers.SerializerMethodField(help_text="As in their public page's address.")
    role = serializers.CharField(help_text="Their part in the event: signatory, ratifying body.")
    url = serializers.SerializerMethodField(help_text="Their record in the API.")
    page = serializers.SerializerMethodField(help_text="Their public page; null if unpublished.")

    def _entity(self, participant):
        return participant.person if participant.person_id else participant.organization

    def get_kind(self, participant) -> str:
        return "person" if participant.person_id else "organization"

    def get_id(self, participant) -> str:
        return str(self._entity(participant).pk)

    def get_name(self, participant) -> str:
        return self._entity(participant).name

    def get_slug(self, participant) -> str:
        return self._entity(participant).slug

    def get_url(self, participant) -> str | None:
        return api_url(
            self.context.get("request"), self.get_kind(participant), self._entity(participant)
        )

    def get_page(self, participant) -> str | None:
        return public_page(self.context.get("request"), self._entity(participant))


class LinkedRecordSerializer(serializers.Serializer):
    """What every record linked to an event carries: its id and its two addresses."""

    basename = ""

    id = serializers.UUIDField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The record in the API.")
    page = serializers.SerializerMethodField(help_text="Its public page; null if unpublished.")

    def get_url(self, record) -> str | None:
        return api_url(self.context.get("request"), self.basename, record)

    def get_page(self, record) -> str | None:
        return public_page(self.context.get("request"), record)


class LinkedSourceSerializer(LinkedRecordSerializer):
    basename = "source"

    title = serializers.CharField()
    outlet = serializers.SerializerMethodField(help_text="The publisher's name, if known.")
    kind = serializers.CharField()
    published = PartialDateField("published_on", allow_null=True)

    def get_outlet(self, source) -> str | None:
        return source.outlet.name if source.outlet_id else None


class LinkedQuoteSerializer(LinkedRecordSerializer):
    basename = "quote"

    text = serializers.CharField()
    language = serializers.CharField()
    speaker = serializers.SerializerMethodField(help_text="Who (or which work) said it.")
    said = PartialDateField("said_on", allow_null=True)

    def get_speaker(self, quote) -> str:
        # A work is named by its title alone: its outlet's name is not the speaker's.
        return quote.speaker_work.title if quote.speaker_work_id else quote.speaker.name


class LinkedClaimSerializer(LinkedRecordSerializer):
    basename = "claim"

    text = serializers.CharField()
    verdict = serializers.CharField(help_text="Whether the claim is true, as the desk rated it.")


# The event

STAFF_FIELDS = ("notes", "created_by", "last_edited_by", "assigned_to")


class EventSerializer(EditorialSerializer):
    """An event with its date of stated precision and the records linked to it.

    Links are read as nested records and written as lists of ids (`source_ids`, `quote_ids`,
    `claim_ids`) and topic slugs (`topic_slugs`). Participants are read here and edited in the
    admin.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail")
    page = serializers.SerializerMethodField(
        help_text="The event on the public timeline; null when it is not published."
    )
    starts = PartialDateField(
        "starts_on", help_text="When it happened or began: 2017, 2020-05 or 2020-12-26."
    )
    ends = PartialDateField(
        "ends_on",
        required=False,
        allow_null=True,
        help_text="When it ended, for events that span a period (null otherwise).",
    )
    when = serializers.CharField(
        read_only=True, help_text="The date for readers: “2017”, “May 2020”, “2017 – 2019”."
    )
    topics = TopicSerializer(many=True, read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True, source="visible_participants")
    sources = LinkedSourceSerializer(many=True, read_only=True, source="visible_sources")
    quotes = LinkedQuoteSerializer(many=True, read_only=True, source="visible_quotes")
    claims = LinkedClaimSerializer(many=True, read_only=True, source="visible_claims")
    topic_slugs = serializers.SlugRelatedField(
        many=True,
        write_only=True,
        required=False,
        slug_field="slug",
        source="topics",
        queryset=Topic.objects.all(),
        help_text="The topics, by slug (replaces the list).",
    )
    source_ids = serializers.PrimaryKeyRelatedField(
        many=True,
        write_only=True,
        required=False,
        source="sources",
        queryset=Source.objects.all(),
        help_text="The sources that report it, by id (replaces the list).",
    )
    quote_ids = serializers.PrimaryKeyRelatedField(
        many=True,
        write_only=True,
        required=False,
        source="quotes",
        queryset=Quote.objects.all(),
        help_text="Quotations about it, by id (replaces the list).",
    )
    claim_ids = serializers.PrimaryKeyRelatedField(
        many=True,
        write_only=True,
        required=False,
        source="claims",
        queryset=Claim.objects.all(),
        help_text="Claims about it, by id (replaces the list).",
    )
    # Staff read who created, edited and reviews an event, and its notes; others read null.
    created_by = StaffUsernameField(help_text="Who created the event (staff only).")
    last_edited_by = StaffUsernameField(help_text="Who last edited it (staff only).")
    assigned_to = StaffUsernameField(help_text="Who is asked to review it: set it with `assign`.")
    notes = StaffNotesField(help_text="Editors' notes (staff only).")

    class Meta(EditorialSerializer.Meta):
        model = Event
        fields = [
            "id",
            "url",
            "page",
            "title",
            "description",
            "starts",
            "ends",
            "when",
            "date_note",
            "place",
            "participants",
            "sources",
            "quotes",
            "claims",
            "topics",
            "topic_slugs",
            "source_ids",
            "quote_ids",
            "claim_ids",
            *EditorialSerializer.Meta.fields[1:],
            *STAFF_FIELDS,
        ]

    def get_page(self, event) -> str | None:
        return public_page(self.context.get("request"), event)


# Filters


def topics_for(request):
    """Topics a client may filter by: those of published events, or any for the desk."""
    if may_see_every_event(_user(request)):
        return Topic.objects.all()
    return public_topics(request)


def people_for(request):
    """People taking part in events the client may see."""
    if may_see_every_event(_user(request)):
        return Person.objects.filter(participations__isnull=False).distinct()
    return public_people(request)


def organizations_for(request):
    if may_see_every_event(_user(request)):
        return Organization.objects.filter(participations__isnull=False).distinct()
    return public_organizations(request)


def _unknown(what: str) -> dict:
    return {"invalid_choice": f"No {what} “%(value)s” is on the timeline."}


class EventFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_from"), cleaned.get("starts_to")
        if start and end and start.date > end.last_day:
            self.add_error(
                "starts_to",
                ValidationError(
                    "The range ends (%(to)s) before it starts (%(start)s): swap the dates.",
                    code="reversed_range",
                    params={"to": end, "start": start},
                ),
            )
        return cleaned


class TimelineFilter(EventFilter):
    """The public timeline's filters (topic, person, organization); a value that names nothing
    the client may see is refused (400), as an unknown one is."""

    topic = SlugChoiceFilter(
        field_name="topics",
        to_field_name="slug",
        queryset=topics_for,
        help_text="Events about this topic, by slug: sino-turkish-extradition-treaty.",
        error_messages=_unknown("topic"),
    )
    person = SlugChoiceFilter(
        to_field_name="slug",
        queryset=people_for,
        method="filter_participant",
        help_text="Events this person took part in, by the slug of their page: "
        "recep-tayyip-erdogan.",
        error_messages=_unknown("person"),
    )
    organization = SlugChoiceFilter(
        to_field_name="slug",
        queryset=organizations_for,
        method="filter_participant",
        help_text="Events this organization took part in, by slug: national-peoples-congress.",
        error_messages=_unknown("organization"),
    )

    class Meta(EventFilter.Meta):
        fields = []


class EventFilterSet(TimelineFilter, EditorialFilterSet):
    """The timeline's filters, a date range, words, and the review state for the desk."""

    q = django_filters.CharFilter(
        method="filter_words",
        max_length=SEARCH_MAX_LENGTH,
        help_text="Words of the title, description or place (full-text on PostgreSQL).",
    )
    starts_from = PartialDateChoiceFilter(
        method="filter_starts_from",
        help_text="Events that start on or after this date: 2019, 2020-05 or 2020-12-26 "
        "(an event known only to the year 2019 starts on or after 2019, not 2019-06).",
    )
    starts_to = PartialDateChoiceFilter(
        method="filter_starts_to",
        help_text="Events that start on or before the end of this date: 2019, 2020-05 or "
        "2020-12-26.",
    )

    class Meta:
        model = Event
        form = EventFilterForm
        fields = []

    def filter_words(self, queryset, name, value):
        words = " ".join(value.split())
        if not words:
            return queryset
        if connection.vendor == "postgresql":
            # "simple" keeps every word (no stemming), as the quotations' search does.
            vector = SearchVector("title", "description", "place", config="simple")
            query = SearchQuery(words, search_type="websearch", config="simple")
            return queryset.alias(words_vector=vector).filter(words_vector=query)
        return queryset.filter(
            Q(title__icontains=words) | Q(description__icontains=words) | Q(place__icontains=words)
        )

    def filter_starts_from(self, queryset, name, start: PartialDate):
        return queryset.filter(starts_on__gte=start.date)

    def filter_starts_to(self, queryset, name, end: PartialDate):
        return queryset.filter(starts_on__lte=end.last_day)


# The list and its order

ORDERINGS = {
    "starts": ("starts_on", "title", "id"),
    "-starts": ("-starts_on", "title", "id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "id"),
}
DEFAULT_ORDERING = "starts"


class EventPagination(CursorPagination):
    """Cursor pages in time order by default; `ordering` picks another of ORDERINGS."""

    ordering = ORDERINGS[DEFAULT_ORDERING]
    ordering_param = "ordering"

    def get_ordering(self, request, queryset, view):
        value = request.query_params.get(self.ordering_param) or DEFAULT_ORDERING
        if value not in ORDERINGS:
            raise InvalidRequest(
                {self.ordering_param: [f"Order by one of {', '.join(ORDERINGS)}."]}
            )
        return ORDERINGS[value]

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "starts: in time order (the default); -starts: latest first; "
                "updated / -updated: by last change.",
                "schema": {"type": "string", "enum": list(ORDERINGS)},
            },
        ]


class EventViewSet(EditorialViewSet):
    """Events: published ones for readers, every one for the desk; writes through review."""

    queryset = Event.objects.all()
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    pagination_class = EventPagination

    def get_queryset(self):
        return super().get_queryset().with_links_visible_to(self.request.user)
