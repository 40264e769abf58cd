"""Filters of the public claims list: by truth verdict and by topic."""

import django_filters

from sources.models import Claim, Topic, TruthVerdict


def public_topics(request=None):
    """Topics that at least one published claim is about: no other topic is offered."""
    return Topic.objects.filter(claims__in=Claim.objects.published()).distinct().order_by("name")


class ClaimFilter(django_filters.FilterSet):
    verdict = django_filters.ChoiceFilter(
        label="Verdict",
        choices=TruthVerdict.choices,
        empty_label="Any verdict",
        help_text="Whether the claim is true; whether someone said it is another question.",
        error_messages={
            "invalid_choice": "“%(value)s” is not a verdict the desk gives; "
            "this filter was left out."
        },
    )
    topic = django_filters.ModelChoiceFilter(
        label="Topic",
        field_name="topics",
        to_field_name="slug",
        queryset=public_topics,
        empty_label="Any topic",
        error_messages={
            "invalid_choice": "There is no topic “%(value)s” among the claims; "
            "this filter was left out."
        },
    )

    class Meta:
        model = Claim
        fields = ["verdict", "topic"]
