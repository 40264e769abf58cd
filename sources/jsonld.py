"""schema.org JSON-LD for the public pages: Quotation, Person, Organization, sources, ClaimReview.

Each function takes a published record (with what it needs already fetched) and the absolute
URL builder of the request, and returns plain data for the `jsonld` template tag.
"""

import datetime
from collections.abc import Callable

from sources.models import RATING_VALUES, Claim, Organization, Person, Quote, Source, SourceKind

DESK = {"@type": "Organization", "name": "Provenance desk"}

Absolute = Callable[[str], str]


def _entity(entity, absolute: Absolute) -> dict | None:
    if entity is None:
        return None
    if isinstance(entity, Person | Organization):
        return {
            "@type": "Person" if isinstance(entity, Person) else "Organization",
            "name": entity.name,
            "url": absolute(entity.get_absolute_url()),
        }
    return {"@type": "CreativeWork", "name": entity.title}


def quotation(quote: Quote, absolute: Absolute, sources: list[Source] = ()) -> dict:
    speaker = _entity(quote.speaker, absolute)
    data = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "text": quote.text,
        "inLanguage": quote.language,
        "url": absolute(quote.get_absolute_url()),
        "creator": speaker,
    }
    if isinstance(quote.speaker, Person):
        data["spokenByCharacter"] = speaker
    if quote.said:
        data["dateCreated"] = quote.said.isoformat()
    if sources:
        data["isBasedOn"] = [creative_work(source, absolute, context=False) for source in sources]
    return data


def person(entity: Person | Organization, absolute: Absolute) -> dict:
    data = {
        "@context": "https://schema.org",
        **_entity(entity, absolute),
        "alternateName": [alias.name for alias in entity.aliases.all()],
    }
    if entity.description:
        data["description"] = entity.description
    if entity.wikidata_qid:
        data["sameAs"] = f"https://www.wikidata.org/wiki/{entity.wikidata_qid}"
    return data


def creative_work(source: Source, absolute: Absolute, context: bool = True) -> dict:
    data = {
        "@type": "NewsArticle" if source.kind in NEWS_KINDS else "CreativeWork",
        "headline" if source.kind in NEWS_KINDS else "name": source.title,
        "url": absolute(source.get_absolute_url()),
        "inLanguage": source.language,
    }
    if context:
        data = {"@context": "https://schema.org", **data}
    if source.url:
        data["sameAs"] = source.url
    if source.published:
        data["datePublished"] = source.published.isoformat()
    # An outlet fetched as published only is None when it is not: it is left out, not leaked.
    if source.outlet_id and source.outlet is not None:
        data["publisher"] = {"@type": "Organization", "name": source.outlet.name}
    if source.authors:
        data["author"] = {"@type": "Person", "name": source.authors}
    return data


NEWS_KINDS = frozenset({SourceKind.NEWS, SourceKind.WIRE, SourceKind.OPINION})


def desk(absolute: Absolute) -> dict:
    """The desk as the author of its fact checks: Google asks for its name and its URL."""
    return {**DESK, "url": absolute("/")}


def _publisher(source: Source) -> dict | None:
    """Who published a source, as far as a reader may know: its outlet, else its byline."""
    # An outlet fetched as published only is None when it is not: it is left out, not leaked.
    if source.outlet_id and source.outlet is not None:
        return {"@type": "Organization", "name": source.outlet.name}
    if source.authors:
        return {"@type": "Person", "name": source.authors}
    return None


def claim_review(claim: Claim, absolute: Absolute, appearances=()) -> dict | None:
    """Google's fact-check markup: None for a claim without a verdict on the rating scale.

    `appearances` are the claim's published printings with their sources. The claim reviewed
    is dated by its earliest dated printing (when it entered public discourse) and credited to
    the earliest printing whose publisher is known; a claim printed by no published source
    carries neither.
    """
    if claim.reviewed_on is None or claim.verdict == "unrated":
        return None
    rating = {"@type": "Rating", "alternateName": claim.get_verdict_display()}
    if claim.verdict in RATING_VALUES:
        # A scale without a value on it (unproven) would tell a reader nothing.
        rating.update(ratingValue=RATING_VALUES[claim.verdict], bestRating=5, worstRating=1)
    item = {"@type": "Claim", "name": claim.text}
    appearances = list(appearances)
    if appearances:
        item["appearance"] = [
            creative_work(passage.source, absolute, context=False) for passage in appearances
        ]
        # Sorted here: databases disagree on where undated sources fall in an ordering.
        by_date = sorted(
            appearances,
            key=lambda passage: (
                passage.source.published is None,
                passage.source.published_on or datetime.date.min,
            ),
        )
        first = by_date[0]
        item["firstAppearance"] = creative_work(first.source, absolute, context=False)
        if first.source.published:
            item["datePublished"] = first.source.published.isoformat()
        author = next(filter(None, (_publisher(passage.source) for passage in by_date)), None)
        if author is not None:
            item["author"] = author
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute(claim.get_absolute_url()),
        "claimReviewed": claim.text,
        "datePublished": claim.reviewed_on.isoformat(),
        "author": desk(absolute),
        "reviewRating": rating,
        "itemReviewed": item,
    }
