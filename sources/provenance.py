"""Provenance: which source each printing of a quotation or claim came from, and its origins.

Plain functions over plain data (source ids and the `via` each printing names), so that they can
be tested without a database. A printing with no `via` is its own origin; one with a `via` comes
from that source, and from wherever that source's own printing came from, when the desk holds
it. Two outlets repeating one wire story are one origin, not two.
"""

import difflib
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any


def origin_of(source: Hashable, via_of: dict[Hashable, Hashable | None]) -> Hashable:
    """The source a printing in `source` comes from in the end, following `via` links."""
    seen = {source}
    current = source
    while (via := via_of.get(current)) is not None:
        if via in seen:  # a loop of citations: the chain ends where it closes
            return current
        seen.add(via)
        current = via
    return current


def origins(printings: Iterable[tuple[Hashable, Hashable | None]]) -> set[Hashable]:
    """The independent origins of (source, via) printings of one quotation or claim."""
    printings = list(printings)
    via_of: dict[Hashable, Hashable | None] = {}
    for source, via in printings:
        # A source printing the words twice: a stated origin wins over none.
        if via_of.get(source) is None:
            via_of[source] = via
    return {origin_of(source, via_of) for source, _ in printings}


# The chain of printings of one quotation, in order of publication, for the quotation's page.

ELLIPSES = frozenset({"…", "...", "[…]", "[...]", "(…)", "(...)"})
_TOKEN = re.compile(r"\[(?:…|\.\.\.)\]\s*|\((?:…|\.\.\.)\)\s*|\.\.\.\s*|\w+\s*|[^\w\s]\s*")


@dataclass(frozen=True)
class Segment:
    """A run of words: `same` (printed as in the full quotation), `cut` (in the full quotation,
    not printed), `added` (printed, not in the full quotation) or `elision` (an ellipsis the
    printing uses to mark cut words)."""

    kind: str
    text: str


@dataclass(frozen=True)
class Differences:
    segments: list[Segment]
    words_in_full: int
    words_printed: int
    words_cut: int
    words_added: int
    elisions: int

    @property
    def is_fragment(self) -> bool:
        """The printing leaves out words of the full quotation."""
        return self.words_cut > 0

    @property
    def is_verbatim(self) -> bool:
        return not (self.words_cut or self.words_added or self.elisions)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(" ".join(text.split()))


def _word_count(tokens: Iterable[str]) -> int:
    return sum(1 for token in tokens if re.match(r"\w", token))


def printed_differences(full_text: str, printed_text: str) -> Differences:
    """How a printed text differs from the full quotation, word by word (plain data out).

    Words are compared without the white space around them, so hard-wrapped lines match; an
    ellipsis in the printed text is an elision whether or not the full text has one too.
    """
    full, printed = _tokens(full_text), _tokens(printed_text)
    matcher = difflib.SequenceMatcher(
        a=[token.strip() for token in full], b=[token.strip() for token in printed], autojunk=False
    )
    segments: list[Segment] = []

    def add(kind: str, tokens: list[str]) -> None:
        for token in tokens:
            token_kind = "elision" if kind != "cut" and token.strip() in ELLIPSES else kind
            if segments and segments[-1].kind == token_kind:
                segments[-1] = Segment(token_kind, segments[-1].text + token)
            else:
                segments.append(Segment(token_kind, token))

    cut = added = 0
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation == "equal":
            add("same", printed[b_start:b_end])
            continue
        if a_end > a_start:
            add("cut", full[a_start:a_end])
            cut += _word_count(full[a_start:a_end])
        if b_end > b_start:
            add("added", printed[b_start:b_end])
            added += _word_count(printed[b_start:b_end])
    # A cut run followed by its replacement reads best with a space between them.
    segments = [
        Segment(segment.kind, segment.text if segment.text.endswith(" ") else segment.text + " ")
        if segment.kind == "cut" and index + 1 < len(segments)
        else segment
        for index, segment in enumerate(segments)
    ]
    return Differences(
        segments=segments,
        words_in_full=_word_count(full),
        words_printed=_word_count(printed),
        words_cut=cut,
        words_added=added,
        elisions=sum(1 for token in printed if token.strip() in ELLIPSES),
    )


@dataclass
class Link:
    """One printing in the chain: where it stands, what it cites and whether that is held.

    `printing` is the appearance (anything with `source`, `via` and `text_as_printed`);
    `cited_link` is the link of the cited source's own printing of the words, when the desk
    holds one; `cited_text_held` says whether the cited source's text snapshot is held.
    """

    printing: Any
    number: int
    cited_link: "Link | None" = None
    cited_text_held: bool = False
    differences: Differences | None = None

    @property
    def source(self):
        return self.printing.source

    @property
    def cited(self):
        return self.printing.via

    @property
    def cited_short_name(self) -> str:
        """The cited outlet's name for "the AFP text": "The Guardian" reads "Guardian"."""
        outlet = self.cited.outlet if self.cited is not None else None
        name = outlet.name if outlet is not None else ""
        return name[4:] if name.startswith("The ") else name

    @property
    def original_held(self) -> bool:
        """Whether the desk holds what this printing took the words from (or it cites nothing)."""
        return self.cited is None or self.cited_link is not None


def _publication_key(printing) -> tuple:
    published = printing.source.published
    # Undated sources go last: their place in the chain is not known.
    return (published is None, published.date if published else None, str(printing.source.pk))


def chain(printings: Iterable, compare_with: Callable[[Any], str | None] | None = None) -> list:
    """The printings of one quotation in order of publication, each with what it cites.

    A printing whose cited source also printed the words comes after that printing, even when
    the dates cannot tell them apart ("December 2020" and "29 December 2020"). `compare_with`
    gives the text each printing is compared with (None for no comparison).
    """
    printings = sorted(printings, key=_publication_key)
    by_source = {}
    for printing in printings:
        by_source.setdefault(printing.source.pk, printing)

    ordered: list = []
    placed: set[int] = set()

    def place(printing, visiting: frozenset = frozenset()) -> None:
        if id(printing) in placed or id(printing) in visiting:
            return
        cited = by_source.get(printing.via.pk) if printing.via is not None else None
        if cited is not None:
            place(cited, visiting | {id(printing)})
        placed.add(id(printing))
        ordered.append(printing)

    for printing in printings:
        place(printing)

    links: list[Link] = []
    link_of_source: dict[Hashable, Link] = {}
    for number, printing in enumerate(ordered, start=1):
        full = compare_with(printing) if compare_with else None
        link = Link(
            printing=printing,
            number=number,
            differences=printed_differences(full, printing.text_as_printed) if full else None,
        )
        link_of_source.setdefault(printing.source.pk, link)
        links.append(link)
    for link in links:
        if link.cited is not None:
            cited_link = link_of_source.get(link.cited.pk)
            link.cited_link = cited_link if cited_link is not link else None
            link.cited_text_held = bool(link.cited.text)
    return links


@dataclass(frozen=True)
class Node:
    """A box in the chain diagram: a source, and its link when it printed the words here."""

    source: Any
    link: Link | None


def paths(links: list[Link]) -> list[list[Node]]:
    """Each last printing's road back to the original: [origin, ..., printing].

    One path per printing that no other printing cites, so a chain A → B → C is drawn once.
    """
    cited = {id(link.cited_link) for link in links if link.cited_link is not None}
    roads = []
    for link in links:
        if id(link) in cited:
            continue
        road, current, seen = [], link, set()
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            road.append(Node(current.source, current))
            if current.cited is not None and current.cited_link is None:
                road.append(Node(current.cited, None))
            current = current.cited_link
        roads.append(list(reversed(road)))
    return roads
