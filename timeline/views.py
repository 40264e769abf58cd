"""The public timeline: published events in time order, grouped by year, filterable."""

from django.templatetags.static import static
from django.urls import reverse
from django_filters.views import FilterView

from newsroom.pagination import CappedListMixin
from timeline.filters import EventFilter
from timeline.models import Event

# TimelineJS loads its locale files relative to this folder (`script_path`) at run time.
TIMELINEJS_SCRIPT = "timeline/timelinejs/js/timeline.js"


class TimelineView(CappedListMixin, FilterView):
    """Published events with their published people, organizations, sources, quotes, claims.

    Browsers with JavaScript also get the same events drawn by TimelineJS from /api/timeline/;
    the list stays for readers without it.
    """

    filterset_class = EventFilter
    context_object_name = "events"
    template_name = "timeline/timeline.html"
    # A filter value that cannot be used is left out and named on the page, not an empty list.
    strict = False

    def get_queryset(self):
        return Event.objects.published().with_public_links().in_order()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        script = static(TIMELINEJS_SCRIPT)
        return {
            **context,
            "timelinejs_url": self.get_timelinejs_url(context.get("page_obj")),
            # The folder of the script as served (hashed file names keep their folder).
            "timelinejs_script_path": self.request.build_absolute_uri(
                script.rsplit("/", 1)[0] + "/"
            ),
        }

    def get_timelinejs_url(self, page) -> str:
        """/api/timeline/ with the filters this page could use, and its page of events."""
        form = self.filterset.form
        query = self.request.GET.copy()
        for name in list(query):
            if name not in form.fields or form.errors.get(name):
                del query[name]
        if page is not None and page.number > 1:
            query["page"] = str(page.number)
        url = reverse("api:timeline")
        return self.request.build_absolute_uri(f"{url}?{query.urlencode()}" if query else url)
