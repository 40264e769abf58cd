"""Public pages of quotations: the filtered list, and each quotation with its provenance chain."""

from django.views.generic import DetailView, ListView

from newsroom.models import Review
from newsroom.pagination import CappedListMixin
from newsroom.workflow import CHECKLIST_ITEMS, Action
from sources import jsonld, provenance
from sources.filters import QuoteFilter
from sources.models import PrintedForm, Quote


class QuoteListView(CappedListMixin, ListView):
    filterset_class = QuoteFilter

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET,
            queryset=Quote.objects.published().with_speaker().prefetch_related("topics"),
            request=self.request,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


def _compare_with(quote: Quote):
    """The text each printing is compared with: the words, or their translation."""

    def text_for(appearance) -> str | None:
        if appearance.form == PrintedForm.PARAPHRASE:
            return None
        if appearance.form == PrintedForm.TRANSLATED:
            return quote.translation or None
        return quote.text

    return text_for


class QuoteDetailView(DetailView):
    def get_queryset(self):
        return Quote.objects.published().with_provenance()

    def get_context_data(self, **kwargs):
        quote = self.object
        links = provenance.chain(quote.published_appearances, _compare_with(quote))
        verification = (
            Review.objects.for_record(quote)
            .filter(action=Action.VERIFY)
            .select_related("user")
            .prefetch_related("evidence__source")
            .first()
        )
        checked = [
            CHECKLIST_ITEMS[key]
            for key, answer in (verification.checklist if verification else {}).items()
            if answer and key in CHECKLIST_ITEMS
        ]
        sources = [link.source for link in links]
        return super().get_context_data(
            links=links,
            paths=provenance.paths(links),
            affiliations=quote.speaker_affiliations(),
            verification=verification,
            checked=checked,
            quotation_jsonld=jsonld.quotation(quote, self.request.build_absolute_uri, sources),
            **kwargs,
        )
