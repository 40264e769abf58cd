"""Public pages of the desk itself: the home page, site search, the corrections list, errors."""

import sys

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.views import defaults
from django.views.generic import ListView, TemplateView

from newsroom import corrections, middleware, search
from newsroom.api import errors as api_errors
from newsroom.pagination import CappedListMixin
from sources.models import Claim, Quote, TruthVerdict
from timeline.models import Event


class HomeView(TemplateView):
    template_name = "newsroom/home.html"
    quote_count = 6
    verdict_count = 5
    event_count = 5

    def get_latest_quotes(self):
        return (
            Quote.objects.published()
            .with_speaker()
            .with_published_at()
            .order_by("-published_at", "pk")[: self.quote_count]
        )

    def get_latest_verdicts(self):
        return (
            Claim.objects.published()
            .exclude(verdict=TruthVerdict.UNRATED)
            .order_by("-reviewed_on", "text")[: self.verdict_count]
        )

    def get_upcoming_events(self):
        today = timezone.localdate()
        return Event.objects.published().filter(starts_on__gt=today).in_order()[: self.event_count]

    def get_recent_events(self):
        today = timezone.localdate()
        return (
            Event.objects.published()
            .filter(starts_on__lte=today)
            .order_by("-starts_on", "title")[: self.event_count]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest_quotes=self.get_latest_quotes(),
            latest_verdicts=self.get_latest_verdicts(),
            upcoming_events=self.get_upcoming_events(),
            recent_events=self.get_recent_events(),
            **kwargs,
        )


class SearchView(TemplateView):
    template_name = "newsroom/search.html"
    limit = search.DEFAULT_LIMIT

    def get_context_data(self, **kwargs):
        words, shortened = search.clean_query(self.request.GET.get("q", ""))
        return super().get_context_data(
            search_query=words,
            shortened=shortened,
            max_length=search.MAX_QUERY_LENGTH,
            results=search.search(words, limit=self.limit),
            limit=self.limit,
            **kwargs,
        )


class CorrectionListView(CappedListMixin, ListView):
    template_name = "newsroom/correction_list.html"
    context_object_name = "corrections"
    paginate_by = 20

    def get_queryset(self):
        return corrections.public_corrections()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = corrections.for_readers(context["page_obj"].object_list)
        return context


# What the 400 page says of a request it cannot say more about.
UNREADABLE_REQUEST = "The desk could not read this request, so nothing was done and nothing saved."


def bad_request(request, exception):
    """The 400 page: JSON under /api/, a page elsewhere; it says what was wrong when that is
    an upload cut short (newsroom/middleware.py), and nothing more of other refusals."""
    if isinstance(exception, middleware.IncompleteUpload):
        message = exception.message
    else:
        message = UNREADABLE_REQUEST
    if request.path.startswith("/api/"):
        return api_errors.bad_request(message)
    return HttpResponseBadRequest(render_to_string("400.html", {"message": message}))


def server_error(request):
    """The 500 page: JSON under /api/, Django's plain page elsewhere; a database that failed
    outside a view (in another middleware's response phase) still answers 503."""
    exc = sys.exception()
    if exc is not None and middleware.is_database_unavailable(exc):
        return middleware.unavailable_response(request, exc)
    if request.path.startswith("/api/"):
        return api_errors.server_error(request)
    return defaults.server_error(request)
