"""A source's text snapshot cut into segments, with the anchored passages marked for readers.

Plain functions over plain data, testable without a database. The caller passes only the passages
a reader may see (published ones): a passage left out leaves no trace in the segments.

Anchors are Python string offsets (code points), so right-to-left text needs no special
arithmetic; but a boundary must not split a letter from its combining marks (Arabic vowel signs,
shadda) or a joiner, or the highlighted letters would render unshaped. Overlapping anchors cannot
become nested links, so each stretch of text goes to the narrowest passage covering it; the wider
passage keeps the rest of its words.
"""

import itertools
import unicodedata
from collections.abc import Iterable
from typing import Any, NamedTuple

# Characters that belong to the letter before them: combining marks, and the zero-width joiners
# and variation selectors that change how that letter is drawn.
_ATTACHED_CATEGORIES = frozenset({"Mn", "Me", "Mc"})
_ATTACHED_CHARACTERS = frozenset({"\u200c", "\u200d"} | {chr(c) for c in range(0xFE00, 0xFE10)})

# Bidirectional classes of letters that set a run's direction.
_RTL_CLASSES = frozenset({"R", "AL"})
_LTR_CLASSES = frozenset({"L"})


class Segment(NamedTuple):
    """A stretch of the snapshot, and the passage it belongs to (None for unmarked text)."""

    text: str
    passage: Any = None

    @property
    def direction(self) -> str:
        """ "rtl" or "ltr" from the first strong letter, "" when there is none (digits, marks)."""
        return text_direction(self.text)


def text_direction(text: str) -> str:
    """The direction of the first strongly directional letter of `text`, or ""."""
    for character in text:
        bidi = unicodedata.bidirectional(character)
        if bidi in _RTL_CLASSES:
            return "rtl"
        if bidi in _LTR_CLASSES:
            return "ltr"
    return ""


def _attached(character: str) -> bool:
    return (
        unicodedata.category(character) in _ATTACHED_CATEGORIES or character in _ATTACHED_CHARACTERS
    )


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """The span grown to whole letters: marks at either edge go with the letter they belong to."""
    while 0 < start < len(text) and _attached(text[start]):
        start -= 1
    while end < len(text) and _attached(text[end]):
        end += 1
    return start, end


class _Span(NamedTuple):
    width: int
    order: int
    start: int
    end: int
    passage: Any


def segments(text: str, spans: Iterable[tuple[int, int, Any]]) -> list[Segment]:
    """`text` cut at the (start, end, passage) spans; joined back, the segments give `text`.

    Spans outside the text or empty are ignored. Where spans overlap, the narrowest covering
    span wins each character (the earliest given, between equals); adjacent spans stay apart.
    """
    text = text or ""
    marked = []
    for order, (start, end, passage) in enumerate(spans):
        if start is None or end is None or not 0 <= start < end <= len(text):
            continue
        start, end = _widen(text, start, end)
        marked.append(_Span(end - start, order, start, end, passage))
    cuts = sorted({0, len(text), *(span.start for span in marked), *(span.end for span in marked)})
    pieces: list[tuple[str, _Span | None]] = []
    for left, right in itertools.pairwise(cuts):
        covering = [span for span in marked if span.start <= left and right <= span.end]
        owner = min(covering) if covering else None
        if pieces and pieces[-1][1] == owner:
            pieces[-1] = (pieces[-1][0] + text[left:right], owner)
        else:
            pieces.append((text[left:right], owner))
    return [Segment(words, owner.passage if owner else None) for words, owner in pieces]


def highlight(text: str, passages: Iterable[Any]) -> list[Segment]:
    """Segments for passages carrying an `anchor` (sources.anchors.Anchor, or None).

    A passage whose anchor does not hold its exact words in this text is not marked: a wrong
    highlight is worse than none.
    """
    spans = []
    for passage in passages:
        anchor = passage.anchor
        if anchor is None or text[anchor.start : anchor.end] != anchor.exact:
            continue
        spans.append((anchor.start, anchor.end, passage))
    return segments(text, spans)
