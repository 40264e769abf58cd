"""The sources app's API, and what its modules share: who sees what, links, ordering, dates.

The querysets decide which records a client may list (`visible_to`); the helpers here decide what
a record shows of the records it refers to, by the same rule: a published record to anyone, an
unpublished one only to staff whose role may view that kind of record.
"""

from django.core.validators import RegexValidator, validate_unicode_slug
from django.db import connection
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import filters, serializers

from sources.filters import ListedFilter, PartialDateFilter, SlugFilter


def may_view_unpublished(request, model) -> bool:
    """Whether the client's role may view unpublished records of `model` (as `visible_to`)."""
    user = getattr(request, "user", None)
    opts = model._meta
    return user is not None and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def is_public(record) -> bool:
    """Whether a reader may see the record: published (a quotation's speaker too)."""
    if record is None or not record.is_public:
        return False
    speaker = getattr(record, "speaker", None) if hasattr(record, "speaker_person_id") else None
    return speaker is None or is_public(speaker)


def shown(request, record):
    """The record if the client may see it, else None: nothing of a hidden record is shown."""
    if record is None:
        return None
    if is_public(record) or may_view_unpublished(request, type(record)):
        return record
    return None


def public_page(request, record) -> str | None:
    """The absolute address of the record's public page; None without one or unpublished."""
    if request is None or not hasattr(record, "get_absolute_url") or not is_public(record):
        return None
    return request.build_absolute_uri(record.get_absolute_url())


def api_url(request, view_name: str, pk) -> str | None:
    """The absolute API address of a record (None while no endpoint serves that kind)."""
    try:
        path = reverse(view_name, kwargs={"pk": pk})
    except NoReverseMatch:
        return None
    return request.build_absolute_uri(path) if request is not None else path


def words_matching(queryset, fields: tuple[str, ...], value: str):
    """Rows whose `fields` hold the words, as the public quotations list searches: full text
    with the "simple" configuration on PostgreSQL (no stemming; the desk holds many
    languages), a case-insensitive substring elsewhere."""
    words = " ".join(value.split())
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(*fields, config="simple")
        query = SearchQuery(words, search_type="websearch", config="simple")
        return queryset.alias(words_vector=vector).filter(words_vector=query)
    found = Q()
    for name in fields:
        found |= Q(**{f"{name}__icontains": words})
    return queryset.filter(found)


def visible_choices(model):
    """A filter's choices: the records of `model` the requesting client may see.

    A value naming a record the client may not see is refused exactly like one naming no
    record at all, so a filter never tells a reader that an unpublished record exists.
    """

    def choices(request):
        return model.objects.visible_to(getattr(request, "user", None))

    return choices


class DescribedFilterMixin:
    """A filter whose schema type is stated here, described by its help text (drf-spectacular
    cannot tell the type of a filter that runs a method, and drops the help text of a filter
    whose type is stated on its class)."""

    schema = build_basic_type(OpenApiTypes.STR)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        extend_schema_field({**self.schema, "description": self.extra.get("help_text", "")})(self)


class SlugChoiceFilter(DescribedFilterMixin, SlugFilter):
    """A record the client may see, named by its slug."""


class IdChoiceFilter(DescribedFilterMixin, ListedFilter):
    """A record the client may see, named by its id."""

    schema = build_basic_type(OpenApiTypes.UUID)


class PartialDateChoiceFilter(DescribedFilterMixin, PartialDateFilter):
    """A date as precise as the client knows it: 2019, 2020-05 or 2020-12-26."""

    schema = {"type": "string", "pattern": r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$", "example": "2020-12"}


class OrderingFilter(filters.OrderingFilter):
    """`ordering` from the view's allow-list only; any other value is refused (400)."""

    ordering_description = (
        "The order of the list: one of the listed values; a leading minus reverses it."
    )

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        if len(valid) != len(fields):
            allowed = sorted(
                f"{sign}{name}"
                for name, _ in self.get_valid_fields(queryset, view, {})
                for sign in ("", "-")
            )
            raise serializers.ValidationError(
                {self.ordering_param: [f"Order by one of: {', '.join(allowed)}."]}
            )
        return valid


@extend_schema_field(OpenApiTypes.STR)
class UnicodeSlugField(serializers.SlugField):
    """A slug in any script (a name in Arabic script makes an Arabic slug).

    The schema states no pattern: regular expressions in OpenAPI follow ECMAScript, where `\\w`
    matches ASCII only, so the server's own pattern would call every such slug invalid.
    """

    def __init__(self, **kwargs):
        super().__init__(allow_unicode=True, **kwargs)
        # The same check, as a plain callable: drf-spectacular turns regex validators into
        # patterns.
        self.validators = [
            validator for validator in self.validators if not isinstance(validator, RegexValidator)
        ]
        self.validators.append(_unicode_slug)


def _unicode_slug(value: str) -> None:
    validate_unicode_slug(value)


@extend_schema_field({"type": "string", "nullable": True, "readOnly": True})
class StaffUsernameField(serializers.Field):
    """A staff member's username (who created, last edited, or is asked to review the record),
    shown to staff only: anyone else reads null."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def get_attribute(self, instance):
        if not may_view_unpublished(self.context.get("request"), type(instance)):
            return None
        return getattr(instance, self.source)

    def to_representation(self, user):
        return user.get_username()


class StaffOnlyMixin:
    """A field of editors' notes: staff read and write it; anyone else reads null."""

    def get_attribute(self, instance):
        if not may_view_unpublished(self.context.get("request"), type(instance)):
            return None
        return super().get_attribute(instance)


class StaffNotesField(StaffOnlyMixin, serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        # Null is what anyone but staff reads; written, it clears the notes.
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        value = super().run_validation(data)
        return "" if value is None else value


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "readOnly": True,
        "description": "The date at its precision: 2019, 2020-05 or 2020-12-26.",
    }
)
class PartialDateField(serializers.Field):
    """A date as precise as it is known, in reduced-precision ISO 8601: 2019, 2020-05."""

    def __init__(self, field: str, **kwargs):
        self.date_field = field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        value = getattr(instance, self.date_field)
        precision = getattr(instance, f"{self.date_field}_precision")
        if value is None or not precision:
            return None
        if precision == "year":
            return f"{value.year:04d}"
        if precision == "month":
            return f"{value.year:04d}-{value.month:02d}"
        return value.isoformat()


__all__ = [
    "OrderingFilter",
    "PartialDateField",
    "StaffNotesField",
    "StaffUsernameField",
    "api_url",
    "is_public",
    "may_view_unpublished",
    "public_page",
    "shown",
    "visible_choices",
    "words_matching",
]
