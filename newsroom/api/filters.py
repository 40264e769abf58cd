"""Filters every editorial record's API list shares: review state and recent change."""

import datetime

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField

from newsroom.workflow import ReviewState


class MomentField(IsoDateTimeField):
    """An ISO 8601 moment, read in UTC: PostgreSQL refuses offsets beyond ±15:59, which Python
    accepts (up to a day), so the offset is applied here rather than sent to the database."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError(
                "This moment is outside the dates the desk can hold.", code="invalid"
            ) from None


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


class EditorialFilterSet(django_filters.FilterSet):
    """`state` for staff (anonymous clients only ever see published records, so for them any
    other state simply lists nothing) and `updated_since` for clients that keep a copy."""

    state = django_filters.MultipleChoiceFilter(
        choices=ReviewState.choices,
        help_text="Records in these review states (repeat for several). Staff only: others "
        "see published records whatever they ask for. Deleted records (the bin) are listed "
        "only when asked for with `state=deleted`.",
    )
    updated_since = MomentFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Records changed at or after this moment (ISO 8601, e.g. 2021-01-05T00:00Z).",
    )
