"""Public pages of claims: the list by verdict and topic, and each claim with its support."""

from django.views.generic import DetailView
from django_filters.views import FilterView

from newsroom.pagination import CappedListMixin
from sources import jsonld
from sources.claim_filters import ClaimFilter
from sources.models import Claim
from sources.support import support


class ClaimListView(CappedListMixin, FilterView):
    """Published claims, newest verdicts first, filtered by verdict and topic."""

    filterset_class = ClaimFilter
    context_object_name = "claims"
    template_name = "sources/claim_list.html"
    # A filter value that cannot be used is left out and named on the page, not an empty list.
    strict = False

    def get_queryset(self):
        return Claim.objects.published().with_topics().latest_verdicts_first()


class ClaimDetailView(DetailView):
    """A published claim: its verdict, who asserts it, from how many origins, the evidence."""

    template_name = "sources/claim_detail.html"

    def get_queryset(self):
        return Claim.objects.published().with_support()

    def get_context_data(self, **kwargs):
        claim = self.object
        return super().get_context_data(
            support=support(claim.published_appearances),
            claim_review=jsonld.claim_review(
                claim, self.request.build_absolute_uri, claim.published_appearances
            ),
            **kwargs,
        )
