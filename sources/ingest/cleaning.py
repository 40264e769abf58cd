"""A text for reading: hard wraps joined and white space folded, with a map back to the snapshot.

Rules run on the reading text, where a sentence is on one line whatever the source's line breaks;
every character of it knows its offset in the snapshot, so a proposal found in the reading text
is stored with offsets into the snapshot, which is never changed.
"""

import bisect
import re
import statistics
from dataclasses import dataclass


def _words(text: str) -> list[str]:
    return text.split()


# White space to fold or decide on: a single space between words is kept as it is.
_WHITE_SPACE = re.compile(r"^\s+|\s+$|\s{2,}|[^\S ]")
_SENTENCE_END = frozenset('.!?:;”"»’)')
# A hard-wrapped text has lines of a set width; text with one paragraph per line has longer ones.
HARD_WRAP_WIDTH = 110


@dataclass(frozen=True)
class Reading:
    """The reading text, and for each of its characters the offset of that character in the
    snapshot (plus one sentinel: the snapshot's length). Paragraphs are separated by "\\n"."""

    text: str
    positions: tuple[int, ...]

    def snapshot_span(self, start: int, end: int) -> tuple[int, int]:
        """The snapshot's offsets of the reading text's [start, end); end is exclusive."""
        if start >= end:
            return self.positions[start], self.positions[start]
        return self.positions[start], self.positions[end - 1] + 1

    def reading_offset(self, snapshot_offset: int) -> int:
        """The first reading character at or after a snapshot offset."""
        import bisect

        return bisect.bisect_left(self.positions, snapshot_offset, 0, len(self.text))

    def paragraphs(self) -> list[tuple[int, int]]:
        spans, start = [], 0
        for match in re.finditer("\n", self.text):
            spans.append((start, match.start()))
            start = match.end()
        spans.append((start, len(self.text)))
        return [(a, b) for a, b in spans if b > a]


def is_hard_wrapped(snapshot: str) -> bool:
    """Whether the text's lines break inside paragraphs: most lines short and of similar width."""
    lengths = [len(line.strip()) for line in snapshot.splitlines() if line.strip()]
    if len(lengths) < 4:
        return False
    return statistics.median(lengths) <= HARD_WRAP_WIDTH


def reading(snapshot: str) -> Reading:
    """The reading text of a snapshot (see the module's docstring)."""
    hard_wrapped = is_hard_wrapped(snapshot)
    width = _wrap_width(snapshot) if hard_wrapped else 0
    pieces: list[str] = []
    positions: list[int] = []
    previous_end = 0
    for match in _WHITE_SPACE.finditer(snapshot):
        start, end = match.span()
        if start > previous_end:
            pieces.append(snapshot[previous_end:start])
            positions.extend(range(previous_end, start))
        previous_end = end
        if start == 0 or end == len(snapshot):
            continue  # white space at either end of the text is not kept
        separator = _separator(snapshot, start, end, hard_wrapped, width)
        pieces.append(separator)
        positions.append(start)
    if previous_end < len(snapshot):
        pieces.append(snapshot[previous_end:])
        positions.extend(range(previous_end, len(snapshot)))
    positions.append(len(snapshot))
    return Reading("".join(pieces), tuple(positions))


def _wrap_width(snapshot: str) -> int:
    lengths = sorted(len(line.rstrip()) for line in snapshot.splitlines() if line.strip())
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _separator(snapshot: str, start: int, end: int, hard_wrapped: bool, width: int) -> str:
    """A space where the white space joins words of one paragraph, else a paragraph break."""
    breaks = snapshot.count("\n", start, end) + snapshot.count("\r", start, end) * (
        "\n" not in snapshot[start:end]
    )
    if breaks == 0:
        return " "
    before, after = snapshot[start - 1], snapshot[end]
    ends_sentence = before in _SENTENCE_END
    if breaks >= 2 or snapshot.count("\r\n", start, end) >= 2:
        # A blank line inside a sentence, before a word in lower case, is damage from extraction
        # or wrapping, not a new paragraph.
        return " " if not ends_sentence and after.islower() else "\n"
    if not hard_wrapped:
        return "\n"
    line_start = snapshot.rfind("\n", 0, start) + 1
    line_length = len(snapshot[line_start:start].strip())
    # The last line of a paragraph ends short, after a full stop.
    if ends_sentence and line_length < 0.6 * width:
        return "\n"
    return " "


_TERMINATOR = re.compile(r"[.!?…]+[”\"’»)\]]*(?=\s+[\"“‘«„(\[]?[^\W\d_a-z])|[.!?…]+[”\"’»)\]]*$")
ABBREVIATIONS = frozenset(
    _words(
        "mr mrs ms dr prof st gen sen rep gov lt col capt sgt no vs etc jan feb mar apr aug sept "
        "sep oct nov dec u.s u.k u.n e.g i.e inc ltd co corp jr sr mt ft rev fig art para"
    )
)


def sentences(text: str, quoted: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of a reading text, one paragraph per line.

    A full stop inside quotation marks ends a sentence only where the marks close right after
    it; an abbreviation ("Dr.", "U.S.") or an initial ("J.") ends none.
    """
    inside = _merged(quoted)
    inside_starts = [start for start, _ in inside]
    spans = []
    for start, end in _paragraph_spans(text):
        sentence_start = start
        for match in _TERMINATOR.finditer(text, start, end):
            stop = match.end()
            within = _within(inside, inside_starts, match.start())
            if within and not text[match.start() : stop].rstrip(".!?…"):
                continue
            word = re.search(r"([\w.]+)$", text[sentence_start : match.start()])
            token = word.group(1).lower() if word else ""
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            spans.append((sentence_start, stop))
            sentence_start = stop
            while sentence_start < end and text[sentence_start] == " ":
                sentence_start += 1
        if sentence_start < end:
            spans.append((sentence_start, end))
    return spans


def _merged(spans) -> list[tuple[int, int]]:
    """The union of [start, end) spans, as sorted spans that do not overlap."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _within(merged: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    """Whether an offset is inside one of the merged spans (whose starts are `starts`): a
    search, not a scan, so that an article with thousands of quotations is read in
    proportion to its length."""
    index = bisect.bisect_right(starts, offset) - 1
    return index >= 0 and offset < merged[index][1]


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer("\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]
