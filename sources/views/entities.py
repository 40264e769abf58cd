"""Public pages of people and organizations: lists, and each one's names, ties and statements."""

from django.db.models import F, Prefetch
from django.views.generic import DetailView, ListView

from newsroom.pagination import CappedListMixin
from sources import jsonld
from sources.models import (
    Affiliation,
    Alias,
    AliasKind,
    Organization,
    Outlet,
    Person,
    Quote,
    Source,
)
from sources.statements import over_time_by_topic


def public_names() -> Prefetch:
    """An entity's names for readers: contextual references ("the court") are not names, and
    the source that printed a form is given only when it is published."""
    printers = Source.objects.published().prefetch_related(
        Prefetch("outlet", Outlet.objects.published())
    )
    aliases = (
        Alias.objects.exclude(kind=AliasKind.REFERENCE)
        .order_by("kind", "name")
        .prefetch_related(Prefetch("source", printers, to_attr="printed_in"))
    )
    return Prefetch("aliases", aliases)


def timeline_of(quotes):
    """Quotations in the order they were said; undated ones last."""
    return quotes.order_by(F("said_on").asc(nulls_last=True), "text").prefetch_related("topics")


class EntityDetailView(DetailView):
    """What a person's and an organization's page share: names, quotations, JSON-LD."""

    def get_quotes(self):
        return list(timeline_of(Quote.objects.published().for_speaker(self.object)))

    def get_context_data(self, **kwargs):
        quotes = self.get_quotes()
        return super().get_context_data(
            quotes=quotes,
            statements_over_time=over_time_by_topic(quotes),
            structured_data=jsonld.person(self.object, self.request.build_absolute_uri),
            **kwargs,
        )


class PersonListView(CappedListMixin, ListView):
    def get_queryset(self):
        return Person.objects.published().with_published_quote_count().order_by("name", "pk")


class PersonDetailView(EntityDetailView):
    def get_queryset(self):
        return Person.objects.published().prefetch_related(public_names())

    def get_context_data(self, **kwargs):
        affiliations = (
            Affiliation.objects.filter(
                person=self.object, organization__in=Organization.objects.published()
            )
            .select_related("organization")
            .prefetch_related(Prefetch("source", Source.objects.published(), to_attr="stated_in"))
            .order_by(F("started_on").asc(nulls_last=True), "organization__name")
        )
        return super().get_context_data(affiliations=affiliations, **kwargs)


class OrganizationListView(CappedListMixin, ListView):
    def get_queryset(self):
        return Organization.objects.published().with_published_quote_count().order_by("name", "pk")


class OrganizationDetailView(EntityDetailView):
    def get_queryset(self):
        return Organization.objects.published().prefetch_related(
            public_names(),
            Prefetch("parent", Organization.objects.published(), to_attr="published_parent"),
            Prefetch("children", Organization.objects.published(), to_attr="published_children"),
        )

    def get_context_data(self, **kwargs):
        affiliations = (
            Affiliation.objects.filter(
                organization=self.object, person__in=Person.objects.published()
            )
            .select_related("person")
            .prefetch_related(Prefetch("source", Source.objects.published(), to_attr="stated_in"))
            .order_by(F("started_on").asc(nulls_last=True), "person__name")
        )
        return super().get_context_data(affiliations=affiliations, **kwargs)
