"""Shared helpers of the ingest tests: proposing from a string, finding a proposal by words."""

from sources.ingest.extract import propose
from sources.ingest.matching import Index
from sources.ingest.reading import Article


def proposals_for(text: str, index: Index | None = None, **metadata):
    return propose(Article(text=text, **metadata), index=index)


def quotation(proposals, words: str):
    """The one proposed quotation whose words are `words`."""
    found = [item for item in proposals.quotations if item.text == words]
    assert len(found) == 1, [item.text for item in proposals.quotations]
    return found[0]


def speaker_of(text: str, words: str):
    item = quotation(proposals_for(text), words)
    return item.speaker_as_written, item.speaker.name if item.speaker else None
