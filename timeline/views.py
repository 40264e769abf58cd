"""The public timeline: published events in time order, grouped by year, filterable."""

from django_filters.views import FilterView

from newsroom.pagination import CappedPaginator, page_or_first
from timeline.filters import EventFilter
from timeline.models import Event


class TimelineView(FilterView):
    """Published events with their published people, organizations, sources, quotes, claims."""

    filterset_class = EventFilter
    paginator_class = CappedPaginator
    paginate_by = 50
    context_object_name = "events"
    template_name = "timeline/timeline.html"
    # A filter value that cannot be used is left out and named on the page, not an empty list.
    strict = False

    def get_queryset(self):
        return Event.objects.published().with_public_links().in_order()

    def paginate_queryset(self, queryset, page_size):
        """A page number that is not a page shows the first page and says so."""
        paginator = self.get_paginator(queryset, page_size)
        page, self.page_message = page_or_first(paginator, self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        context.update(page_message=self.page_message, filter_query=query.urlencode())
        return context
