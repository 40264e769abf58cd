"""The matching index built from the database: names, outlets, quotations, loaded once per run.

A handful of queries whatever the size of the database, read as plain tuples; proposing then
runs without the database (sources.ingest.extract), so a command importing many articles pays
for the index once.
"""

from django.db.models import Q

from newsroom.workflow import ReviewState
from sources.ingest.matching import Index, NameIndex, QuotationIndex
from sources.models import Alias, AliasKind, Appearance, Organization, Outlet, Person, Quote, Source

# Quotations an editor has rejected, retracted or deleted are not linked to: they are none.
UNLINKED_STATES = (ReviewState.REJECTED, ReviewState.RETRACTED, ReviewState.DELETED)


def _entity_rows():
    for pk, name in Person.objects.values_list("pk", "name").iterator(chunk_size=5000):
        yield str(pk), "person", name, name
    for pk, name in Organization.objects.values_list("pk", "name").iterator(chunk_size=5000):
        yield str(pk), "organization", name, name
    # Contextual references ("the court") name an entity only inside one text.
    aliases = (
        Alias.objects.exclude(kind=AliasKind.REFERENCE)
        .values_list("person_id", "person__name", "organization_id", "organization__name", "name")
        .iterator(chunk_size=5000)
    )
    for person, person_name, organization, organization_name, name in aliases:
        if person:
            yield str(person), "person", person_name, name
        else:
            yield str(organization), "organization", organization_name, name


def _outlet_rows():
    outlets = list(
        Outlet.objects.values_list("pk", "name", "organization_id", "organization__name")
    )
    organizations = {organization for _, _, organization, _ in outlets if organization}
    aliases = {}
    for organization, name in (
        Alias.objects.filter(organization__in=organizations)
        .exclude(kind=AliasKind.REFERENCE)
        .values_list("organization_id", "name")
    ):
        aliases.setdefault(organization, []).append(name)
    for pk, name, organization, organization_name in outlets:
        yield str(pk), "outlet", name, name
        if organization_name:
            yield str(pk), "outlet", name, organization_name
        for alias in aliases.get(organization, ()):
            yield str(pk), "outlet", name, alias


def _quotation_rows():
    quotes = Quote.objects.exclude(state__in=UNLINKED_STATES).values_list(
        "pk", "text", "speaker_person_id", "speaker_organization_id"
    )
    for pk, text, person, organization in quotes.iterator(chunk_size=5000):
        yield str(pk), text, str(person or organization or "") or None
    printed = (
        Appearance.objects.exclude(quote__state__in=UNLINKED_STATES)
        .exclude(form="paraphrase")
        .values_list(
            "quote_id",
            "text_as_printed",
            "quote__speaker_person_id",
            "quote__speaker_organization_id",
        )
    )
    for quote, text, person, organization in printed.iterator(chunk_size=5000):
        yield str(quote), text, str(person or organization or "") or None


def load_index() -> Index:
    """The index of everything proposals are matched against, read from the database."""
    sources_by_outlet: dict[str, list[tuple[str, str]]] = {}
    rows = Source.objects.filter(~Q(outlet=None)).values_list(
        "pk", "outlet_id", "published_on", "published_on_precision"
    )
    for pk, outlet, published_on, precision in rows.iterator(chunk_size=5000):
        date = published_on.isoformat() if published_on and precision == "day" else ""
        sources_by_outlet.setdefault(str(outlet), []).append((str(pk), date))
    quote_sources: dict[str, set[str]] = {}
    for quote, source in Appearance.objects.values_list("quote_id", "source_id").iterator(
        chunk_size=5000
    ):
        quote_sources.setdefault(str(quote), set()).add(str(source))
    return Index(
        names=NameIndex(_entity_rows()),
        outlets=NameIndex(_outlet_rows()),
        quotations=QuotationIndex(_quotation_rows()),
        sources_by_outlet=sources_by_outlet,
        quote_sources=quote_sources,
    )
