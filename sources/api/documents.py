"""The API of sources and outlets: what was published where, with what it cites and its snapshot.

Lists of sources are cursor pages (they grow without bound); outlets come in numbered pages. A
source's text snapshot is served in its detail only (the public source page shows it too);
lists carry its SHA-256 and when it was taken.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers

from newsroom.api.filters import EditorialFilterSet
from newsroom.api.pagination import CursorPagination, PagePagination
from newsroom.api.serializers import EditorialSerializer
from newsroom.api.viewsets import EditorialViewSet
from sources.api import (
    IdChoiceFilter,
    OrderingFilter,
    PartialDateChoiceFilter,
    PartialDateField,
    StaffNotesField,
    StaffUsernameField,
    api_url,
    public_page,
    shown,
    visible_choices,
    words_matching,
)
from sources.filters import (
    LANGUAGES,
    SEARCH_MAX_LENGTH,
    ChoiceFilter,
)
from sources.models import (
    CitationPurpose,
    Organization,
    Outlet,
    OutletKind,
    Person,
    Source,
    SourceKind,
)

STAFF_FIELDS = ["notes", "created_by", "last_edited_by", "assigned_to"]


class ShownOnlySerializer(serializers.Serializer):
    """A record referred to by another: null when the client may not see it."""

    def get_attribute(self, instance):
        return shown(self.context.get("request"), super().get_attribute(instance))


class EntitySummarySerializer(ShownOnlySerializer):
    """Who said something or stands behind an outlet: a person, an organization or a work."""

    KINDS = {Person: "person", Organization: "organization", Source: "work"}
    VIEW_NAMES = {
        Person: "api:person-detail",
        Organization: "api:organization-detail",
        Source: "api:source-detail",
    }

    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True, help_text="The name (a work's title).")
    slug = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="As in the public page's address; null for a work.",
    )
    kind = serializers.ChoiceField(
        choices=["person", "organization", "work"],
        read_only=True,
        help_text="A person, an organization, or a work with no other voice (a scripture).",
    )
    url = serializers.URLField(
        read_only=True, allow_null=True, help_text="Its address in this API."
    )
    page = serializers.URLField(
        read_only=True, allow_null=True, help_text="Its public page; null when not published."
    )

    def to_representation(self, entity):
        request = self.context.get("request")
        model = type(entity)
        return {
            "id": str(entity.pk),
            "name": entity.title if model is Source else entity.name,
            "slug": getattr(entity, "slug", None),
            "kind": self.KINDS[model],
            "url": api_url(request, self.VIEW_NAMES[model], entity.pk),
            "page": public_page(request, entity),
        }


class OutletSummarySerializer(ShownOnlySerializer):
    id = serializers.UUIDField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:outlet-detail")
    name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=OutletKind.choices, read_only=True)


class SourceSummarySerializer(ShownOnlySerializer):
    """A source as named where something refers to it: a printing, a citation, a `via`."""

    id = serializers.UUIDField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail")
    page = serializers.SerializerMethodField(help_text="Its public page; null when not published.")
    title = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=SourceKind.choices, read_only=True)
    outlet_name = serializers.SerializerMethodField(help_text="Its publisher; null if not known.")
    published = PartialDateField(
        "published_on", help_text="When it was published, at its precision."
    )
    published_on = serializers.DateField(read_only=True, allow_null=True)
    published_on_precision = serializers.CharField(read_only=True)
    has_snapshot = serializers.SerializerMethodField(help_text="Whether the desk holds its text.")
    state = serializers.CharField(read_only=True)

    def get_page(self, source) -> str | None:
        return public_page(self.context.get("request"), source)

    def get_outlet_name(self, source) -> str | None:
        outlet = shown(self.context.get("request"), source.outlet)
        return outlet.name if outlet is not None else None

    def get_has_snapshot(self, source) -> bool:
        # The hash is stored exactly when the text is (a database constraint): lists need not
        # read the text itself.
        return bool(source.text_sha256)


class CitesSerializer(serializers.Serializer):
    """A source this one cites; `cited` is null when that source is not visible to you."""

    cited = SourceSummarySerializer(read_only=True, allow_null=True)
    as_printed = serializers.CharField(read_only=True, help_text="The citation as printed.")
    purpose = serializers.ChoiceField(choices=CitationPurpose.choices, read_only=True)


class CitedInSerializer(serializers.Serializer):
    """A source that cites this one."""

    citing = SourceSummarySerializer(read_only=True)
    as_printed = serializers.CharField(read_only=True, help_text="The citation as printed.")
    purpose = serializers.ChoiceField(choices=CitationPurpose.choices, read_only=True)


class SourceSerializer(EditorialSerializer):
    """A source as listed: no snapshot text, its hash and when it was taken."""

    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail")
    page = serializers.SerializerMethodField(help_text="Its public page; null when not published.")
    outlet = OutletSummarySerializer(read_only=True, allow_null=True)
    outlet_id = serializers.PrimaryKeyRelatedField(
        source="outlet",
        queryset=Outlet.objects.all(),
        write_only=True,
        required=False,
        allow_null=True,
        help_text="The outlet's id (null: publisher not known).",
    )
    web_url = serializers.URLField(
        source="url",
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Where it was published.",
    )
    published = PartialDateField("published_on")
    has_snapshot = serializers.SerializerMethodField(help_text="Whether the desk holds its text.")
    cites = CitesSerializer(many=True, read_only=True, help_text="What it cites.")
    cited_by = CitedInSerializer(
        source="cited_in", many=True, read_only=True, help_text="The sources that cite it."
    )
    appearances_url = serializers.SerializerMethodField(
        help_text="The quotations it printed, as a list in this API."
    )
    notes = StaffNotesField(help_text="Editors' notes; staff only (null for anyone else).")
    created_by = StaffUsernameField()
    last_edited_by = StaffUsernameField()
    assigned_to = StaffUsernameField()

    class Meta(EditorialSerializer.Meta):
        model = Source
        fields = [
            *EditorialSerializer.Meta.fields,
            "url",
            "page",
            "title",
            "outlet",
            "outlet_id",
            "authors",
            "kind",
            "web_url",
            "archive_url",
            "language",
            "published",
            "published_on",
            "published_on_precision",
            "date_note",
            "retrieved_at",
            "has_snapshot",
            "text_sha256",
            "cites",
            "cited_by",
            "appearances_url",
            *STAFF_FIELDS,
        ]
        read_only_fields = [*EditorialSerializer.Meta.read_only_fields, "text_sha256"]

    def get_page(self, source) -> str | None:
        return public_page(self.context.get("request"), source)

    def get_has_snapshot(self, source) -> bool:
        return bool(source.text_sha256)

    def get_appearances_url(self, source) -> str:
        request = self.context.get("request")
        path = f"{reverse('api:appearance-list')}?source={source.pk}"
        return request.build_absolute_uri(path) if request is not None else path


class SourceDetailSerializer(SourceSerializer):
    """A source with its text snapshot, as the public source page shows it."""

    text = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="The text as retrieved, unchanged; quotations are anchored in it. Changing it "
        "seeks every anchored passage again (orphaning those whose words are gone).",
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text"]


class OutletSerializer(EditorialSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:outlet-detail")
    page = serializers.SerializerMethodField(help_text="Outlets have no public page: null.")
    organization = EntitySummarySerializer(read_only=True, allow_null=True)
    organization_id = serializers.PrimaryKeyRelatedField(
        source="organization",
        queryset=Organization.objects.all(),
        write_only=True,
        required=False,
        allow_null=True,
        help_text="The id of the organization behind the outlet.",
    )
    sources_url = serializers.SerializerMethodField(
        help_text="The sources it published, as a list in this API."
    )
    created_by = StaffUsernameField()
    last_edited_by = StaffUsernameField()
    assigned_to = StaffUsernameField()

    class Meta(EditorialSerializer.Meta):
        model = Outlet
        fields = [
            *EditorialSerializer.Meta.fields,
            "url",
            "page",
            "name",
            "kind",
            "country",
            "website",
            "organization",
            "organization_id",
            "sources_url",
            "created_by",
            "last_edited_by",
            "assigned_to",
        ]

    def get_page(self, outlet) -> str | None:
        return None

    def get_sources_url(self, outlet) -> str:
        request = self.context.get("request")
        path = f"{reverse('api:source-list')}?outlet={outlet.pk}"
        return request.build_absolute_uri(path) if request is not None else path


class PublishedRangeForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("published_from"), cleaned.get("published_to")
        if start and end and start.date > end.last_day:
            self.add_error(
                "published_to",
                ValidationError(
                    "The range ends (%(end)s) before it starts (%(start)s): swap the dates.",
                    code="reversed_range",
                    params={"end": end, "start": start},
                ),
            )
        return cleaned


class SourceFilterSet(EditorialFilterSet):
    q = django_filters.CharFilter(
        method="filter_words",
        max_length=SEARCH_MAX_LENGTH,
        help_text="Words of the title or the byline.",
    )
    kind = ChoiceFilter(
        choices=SourceKind.choices,
        help_text="The kind of document: news, opinion, wire, press_release…",
        error_messages={"invalid_choice": "“%(value)s” is not a kind of source."},
    )
    outlet = IdChoiceFilter(
        queryset=visible_choices(Outlet),
        help_text="The id of the outlet that published them.",
        error_messages={"invalid_choice": "No outlet has the id “%(value)s”."},
    )
    language = ChoiceFilter(
        method="filter_language",
        choices=LANGUAGES,
        help_text="The language of the text, such as en or ar (ar also finds ar-EG).",
        error_messages={"invalid_choice": "“%(value)s” is not a language the list knows."},
    )
    published_from = PartialDateChoiceFilter(
        method="filter_published_from",
        help_text="Published in or after this period: 2019, 2020-05 or 2020-12-26.",
    )
    published_to = PartialDateChoiceFilter(
        method="filter_published_to",
        help_text="Published in or before this period: 2019, 2020-05 or 2020-12-26.",
    )

    class Meta:
        model = Source
        form = PublishedRangeForm
        fields = []

    def filter_words(self, queryset, name, value):
        return words_matching(queryset, ("title", "authors"), value)

    def filter_language(self, queryset, name, language):
        return queryset.filter(Q(language=language) | Q(language__startswith=f"{language}-"))

    def filter_published_from(self, queryset, name, published):
        return queryset.filter(published_on__gte=published.date)

    def filter_published_to(self, queryset, name, published):
        return queryset.filter(published_on__lte=published.last_day)


class OutletFilterSet(EditorialFilterSet):
    q = django_filters.CharFilter(
        method="filter_words",
        max_length=SEARCH_MAX_LENGTH,
        help_text="Words of the outlet's name.",
    )
    kind = ChoiceFilter(
        choices=OutletKind.choices,
        help_text="What sort of publisher: wire, newspaper, broadcaster, ngo, court…",
        error_messages={"invalid_choice": "“%(value)s” is not a kind of outlet."},
    )
    country = django_filters.CharFilter(
        method="filter_country",
        max_length=2,
        help_text="Two-letter ISO 3166 code of the country it publishes from, such as GB.",
    )

    class Meta:
        model = Outlet
        fields = []

    def filter_words(self, queryset, name, value):
        return words_matching(queryset, ("name",), value)

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=value.upper())


class SourceViewSet(EditorialViewSet):
    """Sources: documents with their outlet, what they cite and what cites them.

    Anonymous clients see published sources of published (or unknown) outlets, as on the
    public site. The detail carries the text snapshot; lists carry only its SHA-256.
    """

    queryset = Source.objects.with_outlet()
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    pagination_class = CursorPagination
    ordering_fields = ["updated_at", "created_at"]
    ordering = "-updated_at"

    def get_queryset(self):
        queryset = super().get_queryset().with_citations(self.request.user)
        if self.action == "list":
            # A snapshot can run to megabytes; a list shows its hash, never its text.
            queryset = queryset.defer("text")
        return queryset

    def get_serializer_class(self):
        return SourceSerializer if self.action == "list" else SourceDetailSerializer


class OutletViewSet(EditorialViewSet):
    """Outlets: the publishers of sources, in numbered pages."""

    queryset = Outlet.objects.select_related("organization")
    serializer_class = OutletSerializer
    filterset_class = OutletFilterSet
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    pagination_class = PagePagination
    ordering_fields = ["name", "updated_at", "created_at"]
    ordering = ["name", "pk"]
