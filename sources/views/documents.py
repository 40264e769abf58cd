"""The public page of a source: what it is, what it cites and what cites it, what it printed."""

from django.db.models import F, Prefetch, Q
from django.views.generic import DetailView

from sources import jsonld
from sources.models import Appearance, Citation, ClaimAppearance, Outlet, Source
from sources.snapshots import highlight


def published_via() -> Prefetch:
    """The source a passage names as its origin, as `origin`: None when it is not published."""
    return Prefetch("via", Source.objects.published().with_outlet(), to_attr="origin")


class SourceDetailView(DetailView):
    def get_queryset(self):
        # An outlet still in review is not named: the source is shown without a publisher.
        return Source.objects.published().prefetch_related(
            Prefetch("outlet", Outlet.objects.published())
        )

    def get_context_data(self, **kwargs):
        source = self.object
        appearances = list(
            Appearance.objects.published()
            .filter(source=source)
            .select_related(
                "quote__speaker_person", "quote__speaker_organization", "quote__speaker_work"
            )
            .prefetch_related(published_via())
            .order_by(F("anchor_start").asc(nulls_last=True), "pk")
        )
        claim_appearances = list(
            ClaimAppearance.objects.published()
            .filter(source=source)
            .select_related("claim")
            .prefetch_related(published_via())
            .order_by(F("anchor_start").asc(nulls_last=True), "pk")
        )
        cites = (
            # A citation of an unpublished source is shown only by its printed words.
            Citation.objects.filter(citing=source)
            .filter(Q(cited__in=Source.objects.published()) | ~Q(as_printed=""))
            .prefetch_related(
                Prefetch("cited", Source.objects.published().with_outlet(), to_attr="target")
            )
            .order_by("purpose", "as_printed", "pk")
        )
        cited_by = (
            Citation.objects.filter(cited=source, citing__in=Source.objects.published())
            .select_related("citing")
            .order_by(F("citing__published_on").asc(nulls_last=True), "citing__title", "pk")
        )
        return super().get_context_data(
            appearances=appearances,
            claim_appearances=claim_appearances,
            cites=cites,
            cited_by=cited_by,
            snapshot=highlight(source.text, [*appearances, *claim_appearances]),
            structured_data=jsonld.creative_work(source, self.request.build_absolute_uri),
            **kwargs,
        )
