"""Site search: published quotations, people, organizations, sources, claims and events.

One query per kind of record, whatever the number of hits: at most `limit` of each, published
only. On PostgreSQL words are matched by full-text search (stemmed, ranked); elsewhere by a
case-insensitive substring. People and organizations are matched on their folded names and
aliases on every database, so "ERDOGAN" and "Uighur" find the records spelled otherwise.
"""

import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, QuerySet

from sources.models import Claim, Organization, Person, Quote, Source
from timeline.models import Event

MAX_QUERY_LENGTH = 200
DEFAULT_LIMIT = 10
SEARCH_CONFIG = "english"

# The text columns searched for each kind, in order of weight.
FIELDS = {
    "quotes": ("text", "translation", "occasion"),
    "sources": ("title", "authors"),
    "claims": ("text", "verdict_summary"),
    "events": ("title", "description", "place"),
}


@dataclass
class Results:
    """What a search found, by kind; `more` names the kinds that had more than `limit` hits."""

    query: str
    quotes: list = field(default_factory=list)
    people: list = field(default_factory=list)
    organizations: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    claims: list = field(default_factory=list)
    events: list = field(default_factory=list)
    more: frozenset = frozenset()

    @property
    def total(self) -> int:
        return sum(
            len(hits)
            for hits in (
                self.quotes,
                self.people,
                self.organizations,
                self.sources,
                self.claims,
                self.events,
            )
        )


def clean_query(raw: str) -> tuple[str, bool]:
    """The words to search for, and whether the query had to be shortened.

    Control characters (a NUL byte would make PostgreSQL refuse the query) become spaces;
    runs of white space become one.
    """
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in raw or "")
    words = " ".join(text.split())
    if len(words) > MAX_QUERY_LENGTH:
        return words[:MAX_QUERY_LENGTH].rstrip(), True
    return words, False


def _matching(queryset: QuerySet, fields: tuple[str, ...], words: str) -> QuerySet:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*fields, config=SEARCH_CONFIG)
        query = SearchQuery(words, search_type="websearch", config=SEARCH_CONFIG)
        # Match with @@; the rank only orders the hits (ts_rank is never exactly 0).
        return (
            queryset.annotate(document=vector, rank=SearchRank(vector, query))
            .filter(document=query)
            .order_by("-rank", *queryset.query.order_by or queryset.model._meta.ordering)
        )
    found = Q()
    for name in fields:
        found |= Q(**{f"{name}__icontains": words})
    return queryset.filter(found)


def _first(queryset: QuerySet, limit: int) -> tuple[list, bool]:
    """At most `limit` rows, and whether there were more (one query, reading limit + 1)."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def search(words: str, limit: int = DEFAULT_LIMIT) -> Results:
    """Published records of every kind matching `words` (already cleaned by clean_query)."""
    results = Results(query=words)
    if not words:
        return results
    kinds = {
        "quotes": _matching(Quote.objects.published().with_speaker(), FIELDS["quotes"], words),
        "people": Person.objects.published().search(words).order_by("name"),
        "organizations": Organization.objects.published().search(words).order_by("name"),
        "sources": _matching(Source.objects.published().with_outlet(), FIELDS["sources"], words),
        "claims": _matching(Claim.objects.published(), FIELDS["claims"], words),
        "events": _matching(Event.objects.published(), FIELDS["events"], words),
    }
    more = set()
    for kind, queryset in kinds.items():
        hits, truncated = _first(queryset, limit)
        setattr(results, kind, hits)
        if truncated:
            more.add(kind)
    results.more = frozenset(more)
    return results
