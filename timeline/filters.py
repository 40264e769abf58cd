"""Filters of the public timeline: by topic, and by a person or an organization taking part."""

import django_filters

from sources.models import Organization, Person, Topic
from timeline.models import Event, Participant


def public_topics(request=None):
    """Topics that at least one published event is about."""
    return Topic.objects.filter(events__in=Event.objects.published()).distinct().order_by("name")


def public_people(request=None):
    """Published people taking part in at least one published event."""
    return (
        Person.objects.published()
        .filter(participations__event__in=Event.objects.published())
        .distinct()
        .order_by("name")
    )


def public_organizations(request=None):
    """Published organizations taking part in at least one published event."""
    return (
        Organization.objects.published()
        .filter(participations__event__in=Event.objects.published())
        .distinct()
        .order_by("name")
    )


def _unknown(what: str) -> dict:
    return {
        "invalid_choice": f"There is no {what} “%(value)s” on the timeline; "
        "this filter was left out."
    }


class EventFilter(django_filters.FilterSet):
    topic = django_filters.ModelChoiceFilter(
        label="Topic",
        field_name="topics",
        to_field_name="slug",
        queryset=public_topics,
        empty_label="Any topic",
        error_messages=_unknown("topic"),
    )
    person = django_filters.ModelChoiceFilter(
        label="Person taking part",
        to_field_name="slug",
        queryset=public_people,
        empty_label="Anyone",
        method="filter_participant",
        error_messages=_unknown("person"),
    )
    organization = django_filters.ModelChoiceFilter(
        label="Organization taking part",
        to_field_name="slug",
        queryset=public_organizations,
        empty_label="Any organization",
        method="filter_participant",
        error_messages=_unknown("organization"),
    )

    class Meta:
        model = Event
        fields = ["topic", "person", "organization"]

    def filter_participant(self, queryset, name, value):
        # A subquery rather than a join: an entity taking part twice lists the event once.
        taking_part = Participant.objects.filter(**{name: value}).values("event_id")
        return queryset.filter(pk__in=taking_part)
