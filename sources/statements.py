"""One speaker's statements on a topic over time, set side by side when they were made apart.

Plain functions over the quotations a page already holds (with their topics fetched), testable
without a database. The desk records what was said and takes no side: statements are put next
to each other with their dates, and the reader judges whether they diverge.
"""

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple


class TopicStatements(NamedTuple):
    topic: Any
    quotes: list


def _topics(quote) -> Iterable:
    return quote.topics.all()


def over_time_by_topic(
    quotes: Iterable, topics_of: Callable[[Any], Iterable] = _topics
) -> list[TopicStatements]:
    """Topics on which the quotations were said at two or more different dates.

    Each topic comes with its dated quotations in time order (the earliest first); undated
    quotations cannot be placed in time and are left out. Topics are in the order of `str()`.
    """
    by_topic: dict[Any, list] = {}
    for quote in quotes:
        if quote.said is None:
            continue
        for topic in topics_of(quote):
            by_topic.setdefault(topic, []).append(quote)
    comparisons = [
        TopicStatements(topic, sorted(said, key=lambda quote: quote.said))
        for topic, said in by_topic.items()
        if len({quote.said for quote in said}) >= 2
    ]
    return sorted(comparisons, key=lambda item: str(item.topic))
