"""Anchoring quoted words in a text snapshot, after the W3C Web Annotation TextQuoteSelector.

An anchor is a pair of offsets (Python string indices into the snapshot) plus the exact words and
a little context either side. Anchors fail loudly: the exact words must be found verbatim; when
they are not, or when the context cannot tell several places apart, there is no anchor, and the
caller flags the record for an editor instead of settling on similar text.
"""

import re
from dataclasses import dataclass

CONTEXT_LENGTH = 32


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def anchor_at(text: str, start: int, end: int, context: int = CONTEXT_LENGTH) -> Anchor:
    """The anchor for text[start:end], with its prefix and suffix."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"offsets {start}-{end} lie outside a text of {len(text)} characters")
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def matches(text: str, start: int | None, end: int | None, exact: str) -> bool:
    """Whether text[start:end] is exactly `exact`."""
    if start is None or end is None or not exact:
        return False
    return 0 <= start < end <= len(text) and text[start:end] == exact


def _spans(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _pick(
    text: str, spans: list[tuple[int, int]], prefix: str, suffix: str
) -> tuple[int, int] | None:
    if len(spans) == 1:
        return spans[0]
    in_context = [
        (start, end)
        for start, end in spans
        if text[:start].endswith(prefix) and text[end:].startswith(suffix)
    ]
    # Context that fits several places, or none, leaves the choice to an editor.
    return in_context[0] if len(in_context) == 1 else None


def locate(text: str, exact: str, prefix: str = "", suffix: str = "") -> Anchor | None:
    """Find `exact` verbatim in `text`, using prefix and suffix to choose between repeats."""
    if not text or not exact:
        return None
    found = _pick(text, _spans(text, re.compile(re.escape(exact))), prefix, suffix)
    return anchor_at(text, *found) if found else None


def locate_printed(text: str, printed: str, prefix: str = "", suffix: str = "") -> Anchor | None:
    """Find words as printed, letting any run of white space match any other.

    Snapshots keep hard-wrapped lines ("sold out\\nby our own"); the printed form of a quotation
    is recorded with its white space folded. Nothing else is loosened: letters, punctuation and
    quotation marks must match exactly.
    """
    words = (printed or "").split()
    if not text or not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    found = _pick(text, _spans(text, pattern), prefix, suffix)
    return anchor_at(text, *found) if found else None


def fold_whitespace(text: str) -> str:
    """Text with every run of white space made one space, and no space at either end."""
    return " ".join((text or "").split())
