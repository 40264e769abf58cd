"""The public timeline: published events in time order, grouped by year, filterable."""

from django_filters.views import FilterView

from newsroom.pagination import CappedListMixin
from timeline.filters import EventFilter
from timeline.models import Event


class TimelineView(CappedListMixin, FilterView):
    """Published events with their published people, organizations, sources, quotes, claims."""

    filterset_class = EventFilter
    context_object_name = "events"
    template_name = "timeline/timeline.html"
    # A filter value that cannot be used is left out and named on the page, not an empty list.
    strict = False

    def get_queryset(self):
        return Event.objects.published().with_public_links().in_order()
