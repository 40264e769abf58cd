"""The API of people and organizations: their names, roles, quotation counts, and merging."""

import django_filters
from django import forms
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from newsroom.api.filters import EditorialFilterSet
from newsroom.api.pagination import PagePagination
from newsroom.api.serializers import EditorialSerializer
from newsroom.api.viewsets import EditorialViewSet
from sources import services
from sources.api import (
    PartialDateField,
    SlugChoiceFilter,
    StaffUsernameField,
    UnicodeSlugField,
    api_url,
    public_page,
    shown,
    visible_choices,
)
from sources.filters import SEARCH_MAX_LENGTH, ChoiceFilter
from sources.models import Affiliation, Alias, Organization, OrganizationKind, Person

# A link that is null when there is nothing to link to (no public page, no endpoint).
NULLABLE_URI = {"type": "string", "format": "uri", "nullable": True}

# Who created, last edited and is asked to review a record: usernames, for staff only.
DESK_FIELDS = ("created_by", "last_edited_by", "assigned_to")


class RecordSerializer(EditorialSerializer):
    """An editorial record with its API address, its public page, and (for staff) the desk's
    usernames."""

    url = serializers.SerializerMethodField(help_text="This record in the API.")
    page = serializers.SerializerMethodField(
        help_text="The record's public page; null while it is not published."
    )
    created_by = StaffUsernameField(help_text="Who created the record. Staff only.")
    last_edited_by = StaffUsernameField(help_text="Who last changed its content. Staff only.")
    assigned_to = StaffUsernameField(
        help_text="The fact-checker asked to review it (set with `assign`). Staff only."
    )

    # Subclasses name their router basename.
    basename = ""

    class Meta(EditorialSerializer.Meta):
        # The base's fields after its `id`: state, version, reason, correction, dates.
        fields = ["id", "url", "page", *EditorialSerializer.Meta.fields[1:], *DESK_FIELDS]

    def get_url(self, record) -> str | None:
        return api_url(self.context.get("request"), f"api:{self.basename}-detail", record.pk)

    @extend_schema_field(NULLABLE_URI)
    def get_page(self, record) -> str | None:
        return public_page(self.context.get("request"), record)


# Nested representations


class EntityLinkSerializer(serializers.Serializer):
    """A person or an organization named inside another record."""

    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    slug = UnicodeSlugField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The record in the API.")
    page = serializers.SerializerMethodField(help_text="Its public page; null if unpublished.")

    def get_url(self, entity) -> str | None:
        basename = "person" if isinstance(entity, Person) else "organization"
        return api_url(self.context.get("request"), f"api:{basename}-detail", entity.pk)

    @extend_schema_field(NULLABLE_URI)
    def get_page(self, entity) -> str | None:
        return public_page(self.context.get("request"), entity)


class PrintedInSerializer(serializers.Serializer):
    """The published source that printed a name."""

    id = serializers.UUIDField(read_only=True)
    title = serializers.CharField(read_only=True)
    page = serializers.SerializerMethodField(help_text="The source's public page.")

    @extend_schema_field(NULLABLE_URI)
    def get_page(self, source) -> str | None:
        return public_page(self.context.get("request"), source)


class AliasSerializer(serializers.ModelSerializer):
    """Another name of the record, and the published source that printed it."""

    printed_in = serializers.SerializerMethodField(
        help_text="A published source that printed this form (spellings are evidence), or null."
    )

    class Meta:
        model = Alias
        fields = ["name", "kind", "language", "printed_in"]
        read_only_fields = fields

    @extend_schema_field(PrintedInSerializer(allow_null=True))
    def get_printed_in(self, alias) -> dict | None:
        # with_names() fetches the printing source only when it is published (else None).
        source = alias.source if alias.source_id else None
        return PrintedInSerializer(source, context=self.context).data if source else None


class DatedRoleSerializer(serializers.ModelSerializer):
    """A role over a period; each end is as precise as it is known ("2012-06")."""

    started = PartialDateField(
        "started_on",
        help_text="When the role began: 2012, 2012-06 or 2012-06-19; null if not known.",
    )
    ended = PartialDateField(
        "ended_on",
        help_text="When it ended, at its precision; null while it lasts or if not known.",
    )

    started_on_precision = serializers.CharField(
        read_only=True, help_text="year, month or day; empty when the start is not known."
    )
    ended_on_precision = serializers.CharField(
        read_only=True, help_text="year, month or day; empty when there is no end date."
    )

    class Meta:
        model = Affiliation
        fields = ["role", "started", "started_on_precision", "ended", "ended_on_precision"]
        read_only_fields = fields


class RoleSerializer(DatedRoleSerializer):
    """A person's role in an organization."""

    organization = EntityLinkSerializer(read_only=True)

    class Meta(DatedRoleSerializer.Meta):
        fields = ["organization", *DatedRoleSerializer.Meta.fields]
        read_only_fields = fields


class MemberSerializer(DatedRoleSerializer):
    """A person's role in this organization."""

    person = EntityLinkSerializer(read_only=True)

    class Meta(DatedRoleSerializer.Meta):
        fields = ["person", *DatedRoleSerializer.Meta.fields]
        read_only_fields = fields


# People and organizations


class EntitySerializer(RecordSerializer):
    """What people and organizations share: names, description, QID, quotation count."""

    slug = UnicodeSlugField(
        max_length=90,
        required=False,
        allow_blank=True,
        help_text="Used in public URLs; made from the name when left empty.",
    )
    aliases = AliasSerializer(
        many=True,
        read_only=True,
        help_text="Other names, as sources printed them (contextual references left out).",
    )
    quote_count = serializers.IntegerField(
        source="published_quote_count",
        read_only=True,
        help_text="Published quotations of this speaker: the ones readers can see.",
    )
    quotes = serializers.SerializerMethodField(help_text="The list of these quotations.")

    class Meta(RecordSerializer.Meta):
        fields = [
            "id",
            "url",
            "page",
            "name",
            "slug",
            "description",
            "wikidata_qid",
            "aliases",
            "quote_count",
            "quotes",
            *RecordSerializer.Meta.fields[3:],
        ]

    # The filter of the quotations list that finds this entity's quotations.
    quotes_filter = ""

    @extend_schema_field(NULLABLE_URI)
    def get_quotes(self, entity) -> str | None:
        try:
            path = f"{reverse('api:quote-list')}?{self.quotes_filter}={entity.slug}"
        except NoReverseMatch:  # while no endpoint serves quotations
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def validate_slug(self, value):
        # Left empty, the model makes one from the name.
        return value or ""


class PersonSerializer(EntitySerializer):
    """A person, with their roles in organizations."""

    affiliations = serializers.SerializerMethodField(
        help_text="Roles in organizations, earliest first: in published organizations only, "
        "unless you are staff."
    )

    basename = "person"
    quotes_filter = "speaker"

    class Meta(EntitySerializer.Meta):
        model = Person
        fields = [
            *EntitySerializer.Meta.fields[:8],
            "affiliations",
            *EntitySerializer.Meta.fields[8:],
        ]

    @extend_schema_field(RoleSerializer(many=True))
    def get_affiliations(self, person) -> list:
        return RoleSerializer(person.roles, many=True, context=self.context).data


class OrganizationSerializer(EntitySerializer):
    """An organization, its kind, its parent body and its members."""

    parent = serializers.SerializerMethodField(
        help_text="The body this one is part of; null when none (or it is not published)."
    )
    parent_id = serializers.PrimaryKeyRelatedField(
        source="parent",
        queryset=Organization.objects.all(),
        allow_null=True,
        required=False,
        write_only=True,
        help_text="Set the parent body by its id (null for none).",
    )
    members = serializers.SerializerMethodField(
        help_text="People with a role here, earliest first: published people only, unless "
        "you are staff."
    )

    basename = "organization"
    # The quotations of the organization and of the people who speak for it.
    quotes_filter = "organization"

    class Meta(EntitySerializer.Meta):
        model = Organization
        fields = [
            *EntitySerializer.Meta.fields[:8],
            "kind",
            "country",
            "parent",
            "parent_id",
            "members",
            *EntitySerializer.Meta.fields[8:],
        ]

    @extend_schema_field(EntityLinkSerializer(allow_null=True))
    def get_parent(self, organization) -> dict | None:
        parent = shown(self.context.get("request"), organization.parent)
        return EntityLinkSerializer(parent, context=self.context).data if parent else None

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, organization) -> list:
        return MemberSerializer(organization.members, many=True, context=self.context).data


# Filters


# The organizations a client may name in a filter: those it may read.
visible_organizations = visible_choices(Organization)


class EntitySlugFilter(SlugChoiceFilter):
    """A person or an organization the client may read, named by its slug."""


class EntityOrderingFilter(django_filters.OrderingFilter):
    """An allow-listed order; the name and id settle ties, so pages never repeat a row."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.order_by(*(self.get_ordering_value(term) for term in value), "name", "pk")


class EntityFilter(EditorialFilterSet):
    q = django_filters.CharFilter(
        method="filter_names",
        max_length=SEARCH_MAX_LENGTH,
        help_text="Words of the name or of any alias, folded: “erdogan” finds Erdoğan, "
        "“uighur” finds Uyghur.",
    )
    slug = django_filters.CharFilter(
        max_length=90, help_text="The record whose public page has this slug: dilxat-raxit."
    )
    ordering = EntityOrderingFilter(
        fields=(("name", "name"), ("published_quote_count", "quote_count")),
        help_text="Order by name or by number of published quotations; prefix with - to "
        "reverse (-quote_count: most quoted first). Default: name.",
    )

    def filter_names(self, queryset, name, value):
        return queryset.search(value)


class PersonFilter(EntityFilter):
    organization = EntitySlugFilter(
        method="filter_member",
        queryset=visible_organizations,
        to_field_name="slug",
        widget=forms.TextInput,
        help_text="People with a role in this organization, by its slug: world-uyghur-congress.",
        error_messages={"invalid_choice": "No organization is known as “%(value)s”."},
    )

    class Meta:
        model = Person
        fields = ["q", "slug", "organization", "state", "updated_since", "ordering"]

    def filter_member(self, queryset, name, organization):
        members = Affiliation.objects.filter(organization=organization).values("person")
        return queryset.filter(pk__in=members)


class OrganizationFilter(EntityFilter):
    kind = ChoiceFilter(
        choices=OrganizationKind.choices,
        help_text="What sort of body: ngo, government, court, media…",
        error_messages={"invalid_choice": "“%(value)s” is not a kind of organization."},
    )
    parent = EntitySlugFilter(
        field_name="parent",
        queryset=visible_organizations,
        to_field_name="slug",
        widget=forms.TextInput,
        help_text="Parts of this body, by its slug: international-criminal-court.",
        error_messages={"invalid_choice": "No organization is known as “%(value)s”."},
    )

    class Meta:
        model = Organization
        fields = ["q", "slug", "kind", "parent", "state", "updated_since", "ordering"]


# Merging duplicates


class MergeSerializer(serializers.Serializer):
    """Which records are duplicates of this one, decided on which version of it."""

    duplicates = serializers.ListField(
        child=serializers.UUIDField(),
        min_length=1,
        max_length=50,
        help_text="The ids of the duplicate records; they are deleted, their names kept as "
        "aliases, and everything that pointed at them points at this record.",
    )
    version = serializers.IntegerField(
        min_value=1, help_text="The version of this record the merge was decided on."
    )


class EntityViewSet(EditorialViewSet):
    """People or organizations: numbered pages, by name unless asked otherwise."""

    pagination_class = PagePagination
    workflow_actions = (*EditorialViewSet.workflow_actions, "merge")
    # The service that merges duplicates of this kind (it checks the merge permission).
    merge_service = None

    def get_queryset(self):
        return super().get_queryset().order_by("name", "pk")

    @extend_schema(
        request=MergeSerializer,
        responses={200: OpenApiResponse(description="The record kept, after the merge.")},
        description=(
            "Merge duplicates into this record (editors and administrators: the "
            "`merge_records` permission). Refused with 403 `not_permitted`, 400 "
            "`merge_refused` (different Wikidata QIDs, a record merged into itself), or 409 "
            "`stale` when this record changed since `version`."
        ),
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        keep = self.get_object()
        merge = MergeSerializer(data=request.data)
        merge.is_valid(raise_exception=True)
        wanted = list(dict.fromkeys(merge.validated_data["duplicates"]))
        model = self.queryset.model
        duplicates = list(model.objects.visible_to(request.user).filter(pk__in=wanted))
        missing = {str(pk) for pk in wanted} - {str(record.pk) for record in duplicates}
        if missing:
            raise serializers.ValidationError(
                {
                    "duplicates": [
                        f"No {model._meta.verbose_name} has the id {pk}." for pk in sorted(missing)
                    ]
                }
            )
        keep.version = merge.validated_data["version"]
        self.merge_service(keep=keep, duplicates=duplicates, user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=keep.pk)).data)


class PersonViewSet(EntityViewSet):
    """People who are quoted: their names as printed, their roles, their quotation count.

    Anonymous clients see published people only, with their roles in published organizations.
    """

    queryset = Person.objects.with_published_quote_count().with_names()
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    merge_service = staticmethod(services.person_merge)

    def get_queryset(self):
        return super().get_queryset().with_roles(visible_organizations(self.request))


class OrganizationViewSet(EntityViewSet):
    """Organizations that speak or that people speak for: names, parent body, members.

    Anonymous clients see published organizations only, with their published members.
    """

    queryset = (
        Organization.objects.with_published_quote_count().select_related("parent").with_names()
    )
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    merge_service = staticmethod(services.organization_merge)

    def get_queryset(self):
        people = Person.objects.visible_to(getattr(self.request, "user", None))
        return super().get_queryset().with_members(people)
