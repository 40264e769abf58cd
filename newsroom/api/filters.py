"""Filters every editorial record's API list shares: review state and recent change."""

import django_filters

from newsroom.workflow import ReviewState


class EditorialFilterSet(django_filters.FilterSet):
    """`state` for staff (anonymous clients only ever see published records, so for them any
    other state simply lists nothing) and `updated_since` for clients that keep a copy."""

    state = django_filters.MultipleChoiceFilter(
        choices=ReviewState.choices,
        help_text="Records in these review states (repeat for several). Staff only: others "
        "see published records whatever they ask for.",
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Records changed at or after this moment (ISO 8601, e.g. 2021-01-05T00:00Z).",
    )
