"""The published timeline as a TimelineJS document (/api/timeline/), dates as precise as known.

TimelineJS (https://timeline.knightlab.com/docs/json-format.html) reads a date as year, month
and day numbers; an event known only to the year gets a `year` and nothing else, so TimelineJS
never shows "1 January 2017" for "2017". It renders headlines, texts, groups and display dates
as HTML, so every piece of the desk's text is escaped here.
"""

from collections.abc import Callable, Iterable

from django.core.paginator import InvalidPage
from django.urls import reverse
from django.utils.html import escape, linebreaks
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from newsroom.dates import DatePrecision, PartialDate
from newsroom.pagination import CappedPaginator
from timeline.api.events import TimelineFilter
from timeline.models import Event

Absolute = Callable[[str], str]


def timelinejs_date(date: PartialDate) -> dict[str, int]:
    """A TimelineJS date object holding exactly what is known: the year, the month, the day."""
    value = {"year": date.date.year}
    if date.precision in (DatePrecision.MONTH, DatePrecision.DAY):
        value["month"] = date.date.month
    if date.precision == DatePrecision.DAY:
        value["day"] = date.date.day
    return value


def _links(label: str, items: Iterable[tuple[str, str]]) -> str:
    """A paragraph of links, each (address, text), escaped."""
    links = [f'<a href="{escape(href)}">{escape(text)}</a>' for href, text in items]
    return f"<p>{escape(label)}: {', '.join(links)}</p>" if links else ""


def event_text(event: Event, absolute: Absolute) -> str:
    """The slide's text as escaped HTML: the description, where, how the date is known, who
    took part and what reports it (published records only, as `with_public_links` loads)."""
    parts = [linebreaks(event.description, autoescape=True)] if event.description else []
    if event.place:
        parts.append(f"<p>Where: {escape(event.place)}</p>")
    if event.date_note:
        parts.append(f"<p>About the date: {escape(event.date_note)}</p>")
    parts.append(
        _links(
            "Taking part",
            (
                (
                    absolute(entity.get_absolute_url()),
                    f"{entity.name} ({p.role})" if p.role else entity.name,
                )
                for p in event.published_participants
                for entity in [p.person or p.organization]
            ),
        )
    )
    parts.append(
        _links(
            "Reported in",
            (
                (absolute(source.get_absolute_url()), source.title)
                for source in event.published_sources
            ),
        )
    )
    return "".join(parts)


def timelinejs_event(event: Event, absolute: Absolute) -> dict:
    """One TimelineJS slide for an event."""
    slide = {
        "unique_id": f"event-{event.pk}",
        "start_date": timelinejs_date(event.starts),
        "display_date": escape(event.when),
        "text": {"headline": escape(event.title), "text": event_text(event, absolute)},
    }
    if event.ends is not None:
        slide["end_date"] = timelinejs_date(event.ends)
    topics = list(event.topics.all())
    if topics:
        # One row per topic; an event about several is shown under the first by name.
        slide["group"] = escape(topics[0].name)
    return slide


def timelinejs_document(events: Iterable[Event], absolute: Absolute) -> dict:
    """The TimelineJS document of `events` (published, loaded `with_public_links`)."""
    return {"events": [timelinejs_event(event, absolute) for event in events]}


# The view

PAGE_SIZE = 50  # as the public timeline page, whose pages the embedded timeline follows


class TimelineDocumentView(generics.GenericAPIView):
    """The published events as a TimelineJS document, filtered as the public timeline is.

    Pages of 50 events in time order, the same pages as the public timeline page; a `Link`
    header names the next and previous pages.
    """

    queryset = Event.objects.none()  # the model, for permissions and the schema
    filterset_class = TimelineFilter
    pagination_class = None
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        # Published events for everyone: the document is the public timeline, staff or not.
        return Event.objects.published().with_public_links().in_order()

    @extend_schema(
        parameters=[
            *(
                OpenApiParameter(name, OpenApiTypes.STR, description=field.extra["help_text"])
                for name, field in TimelineFilter.base_filters.items()
            ),
            OpenApiParameter(
                "page",
                OpenApiTypes.INT,
                description="Which page of 50 events, in time order (1 by default).",
            ),
        ],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="A TimelineJS document: `events`, each with `start_date` (and "
                "`end_date` for a period) holding only the parts of the date that are known, "
                "`display_date`, `text` (escaped HTML), `group` (a topic) and `unique_id`.",
            )
        },
        description="The published events as TimelineJS JSON "
        "(https://timeline.knightlab.com/docs/json-format.html).",
    )
    def get(self, request, *args, **kwargs):
        paginator = CappedPaginator(self.filter_queryset(self.get_queryset()), PAGE_SIZE)
        try:
            page = paginator.page(request.query_params.get("page") or 1)
        except InvalidPage:
            raise NotFound("There is no such page of the timeline.") from None
        response = Response(timelinejs_document(page, request.build_absolute_uri))
        links = [
            f'<{self._page_url(request, number)}>; rel="{rel}"'
            for rel, number in (
                ("prev", page.has_previous() and page.previous_page_number()),
                ("next", page.has_next() and page.next_page_number()),
            )
            if number
        ]
        if links:
            response["Link"] = ", ".join(links)
        return response

    def _page_url(self, request, number: int) -> str:
        query = request.query_params.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{reverse('api:timeline')}?{query.urlencode()}")
