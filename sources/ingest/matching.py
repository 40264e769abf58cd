"""Matching names and words against what the database already holds, without touching it.

Names (of people, organizations and outlets, with their aliases) are compared folded
(sources.names.fold: case, accents, Uighur/Uyghur), exactly first and then with rapidfuzz's token
sort ratio, so "Uyghur World Congress" finds the World Uyghur Congress; each match carries a score
from 0 to 100, and below THRESHOLD nothing is matched and a new record is proposed instead.
Quoted words are compared as words (case, quotation marks, apostrophes and editorial brackets
aside): a fragment, an elided variant or a fuller version of a recorded quotation is another
appearance of it.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from sources.names import fold


def _words(text: str) -> list[str]:
    return text.split()


THRESHOLD = 85.0
# Below this many words, quoted words link to a recorded quotation only when they are the same
# words from the same speaker: "genocide" is not every quotation that holds the word.
MIN_LINK_WORDS = 3
_STOP = frozenset(
    _words(
        "the and that this with from have has had were was are for not but they their them will "
        "would could should been being which what when where there here than then into onto over "
        "under about after before also just very more most some such only other these those our "
        "your his her its who whom whose"
    )
)
_ELLIPSIS = re.compile(r"\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\)|…|\.\s?\.\s?\.")
_WORDS = re.compile(r"\w+(?:'\w+)*")


@dataclass(frozen=True)
class Match:
    id: str
    kind: str
    name: str
    score: float


class NameIndex:
    """Names and their variants by owner, for exact and fuzzy matching."""

    def __init__(self, rows: Iterable[tuple[str, str, str, str]] = ()):
        """rows: (id, kind, canonical name, a name or variant of it)."""
        self.exact: dict[str, dict[str, Match]] = defaultdict(dict)
        self.choices: dict[str, list[str]] = defaultdict(list)
        self.owners: dict[str, list[Match]] = defaultdict(list)
        self.surnames: dict[str, set[str]] = defaultdict(set)
        # word -> positions in choices[kind], to compare a name only with names sharing a word
        self.words: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.canonical: dict[str, Match] = {}
        self._cache: dict[tuple[str, str | None], Match | None] = {}
        seen = set()
        for owner, kind, name, variant in rows:
            folded = fold(variant)
            if not folded or (owner, folded) in seen:
                continue
            seen.add((owner, folded))
            entry = Match(str(owner), kind, name, 100.0)
            self.canonical[str(owner)] = entry
            self.exact[folded][str(owner)] = entry
            # The token sort ratio of two names is the plain ratio of their sorted words: sorted
            # once here, the comparison runs on plain strings, many times faster.
            for word in set(folded.split()):
                self.words[kind][word].append(len(self.choices[kind]))
            self.choices[kind].append(_sorted_words(folded))
            self.owners[kind].append(entry)
            if kind == "person" and variant == name and " " in folded:
                self.surnames[folded.split()[-1]].add(str(owner))

    def __len__(self) -> int:
        return len(self.canonical)

    def match(self, name: str, kind: str | None = None) -> Match | None:
        """The best record for `name` (of `kind` if given), or None below the threshold."""
        key = (name, kind)
        if key not in self._cache:
            self._cache[key] = self._match(name, kind)
        return self._cache[key]

    def _match(self, name: str, kind: str | None) -> Match | None:
        folded = fold(name)
        if not folded:
            return None
        owners = list(self.exact.get(folded, {}).values())
        preferred = [entry for entry in owners if kind is None or entry.kind == kind]
        for candidates in (preferred, owners):
            if len({entry.id for entry in candidates}) == 1:
                return candidates[0]
        if len(preferred) > 1:
            return None  # two records answer to this name: an editor must choose
        kinds = [kind] if kind else list(self.choices)
        best = None
        query = _sorted_words(folded)
        for each in kinds:
            positions = self._sharing(folded, each)
            found = process.extractOne(
                query,
                [self.choices[each][position] for position in positions],
                scorer=fuzz.ratio,
                score_cutoff=THRESHOLD,
            )
            if found and (best is None or found[1] > best.score):
                entry = self.owners[each][positions[found[2]]]
                best = Match(entry.id, entry.kind, entry.name, round(float(found[1]), 1))
        if best is None and kind == "person" and " " not in folded:
            owners_of = self.surnames.get(folded, set())
            if len(owners_of) == 1:
                # A surname alone names someone only when one person in the database bears it.
                entry = self.canonical[next(iter(owners_of))]
                best = Match(entry.id, entry.kind, entry.name, THRESHOLD)
        return best

    def _sharing(self, folded: str, kind: str) -> list[int]:
        """Names of `kind` sharing a word with `folded` (or, for a one-word name, every name):
        a name above the threshold shares at least one word with the query, slips aside, or
        is compared whole."""
        words = [word for word in set(folded.split()) if len(word) > 2]
        if len(words) < 2:
            return list(range(len(self.choices[kind])))
        found: set[int] = set()
        for word in words:
            found.update(self.words[kind].get(word, ()))
        return sorted(found)


def _sorted_words(folded: str) -> str:
    return " ".join(sorted(folded.split()))


def link_words(text: str) -> list[list[str]]:
    """Quoted words as segments of comparable words, cut at each elision."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    segments = []
    for piece in _ELLIPSIS.split(text):
        piece = piece.replace("[", "").replace("]", "")
        found = _WORDS.findall(piece)
        if found:
            segments.append(found)
    return segments


def _contains(haystack: list[str], segments: list[list[str]]) -> bool:
    """Whether each segment occurs in `haystack`, in order, as a run of whole words."""
    position = 0
    for segment in segments:
        size = len(segment)
        for index in range(position, len(haystack) - size + 1):
            if haystack[index : index + size] == segment:
                position = index + size
                break
        else:
            return False
    return True


@dataclass
class _Row:
    quote_id: str
    speaker_id: str | None
    segments: list[list[str]]
    flat: list[str]
    indexed: frozenset[str] = field(default_factory=frozenset)


class QuotationIndex:
    """Recorded quotations and their printed forms, for proposing appearances of them."""

    def __init__(self, rows: Iterable[tuple[str, str, str | None]] = ()):
        """rows: (quote id, words as recorded or printed, speaker id)."""
        self.rows: list[_Row] = []
        self.postings: dict[str, set[int]] = defaultdict(set)
        # Each row filed under one of its words (its longest): a recorded fragment of words
        # printed in full is found through a word it must share with them.
        self.keyed: dict[str, list[int]] = defaultdict(list)
        self.same: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for quote_id, text, speaker_id in rows:
            self.add(str(quote_id), text, speaker_id)

    def add(self, quote_id: str, text: str, speaker_id: str | None = None) -> None:
        segments = link_words(text)
        flat = [word for segment in segments for word in segment]
        if not flat:
            return
        indexed = frozenset(word for word in flat if len(word) > 3 and word not in _STOP)
        number = len(self.rows)
        self.rows.append(_Row(quote_id, speaker_id and str(speaker_id), segments, flat, indexed))
        for word in indexed:
            self.postings[word].add(number)
        if indexed:
            self.keyed[max(sorted(indexed), key=len)].append(number)
        self.same[tuple(flat)].append(number)

    def __len__(self) -> int:
        return len(self.rows)

    def copy(self) -> "QuotationIndex":
        """A copy that more rows can be added to without changing this index."""
        other = QuotationIndex()
        other.rows = list(self.rows)
        other.postings = defaultdict(set, {word: set(rows) for word, rows in self.postings.items()})
        other.keyed = defaultdict(list, {word: list(rows) for word, rows in self.keyed.items()})
        other.same = defaultdict(list, {words: list(rows) for words, rows in self.same.items()})
        return other

    def link(self, text: str, speaker_id: str | None = None) -> tuple[str, str] | None:
        """(quote id, how) of the recorded quotation these words are a printing of, or None."""
        segments = link_words(text)
        flat = [word for segment in segments for word in segment]
        if not flat:
            return None
        words = frozenset(word for word in flat if len(word) > 3 and word not in _STOP)
        same = self.same.get(tuple(flat), [])
        if len(flat) < MIN_LINK_WORDS:
            for number in same:
                row = self.rows[number]
                if speaker_id and row.speaker_id == speaker_id:
                    return row.quote_id, "the same words"
            return None
        if same:
            return self.rows[same[0]].quote_id, "the same words"
        # Printed here as a fragment or an elided variant of a recorded quotation (the earliest
        # recorded, when several hold the words).
        for number in self._rows_with(words):
            row = self.rows[number]
            longer = len(row.flat) > len(flat) or len(segments) > 1
            if longer and _contains(row.flat, segments):
                how = "an elided variant" if len(segments) > 1 else "a fragment"
                return row.quote_id, how
        # A recorded fragment of the words printed here in full.
        candidates = sorted({number for word in words for number in self.keyed.get(word, ())})
        for number in candidates:
            row = self.rows[number]
            if not row.indexed <= words or not MIN_LINK_WORDS <= len(row.flat) < len(flat):
                continue
            if _contains(flat, row.segments):
                return row.quote_id, "a fuller version"
        return None

    def _rows_with(self, words: frozenset[str]) -> list[int]:
        """Rows holding every one of `words`."""
        if not words:
            return []
        sets = sorted((self.postings.get(word, set()) for word in words), key=len)
        return sorted(set.intersection(*sets)) if sets[0] else []


@dataclass
class Index:
    """What proposals are matched against: names, outlets, quotations, cited sources."""

    names: NameIndex = field(default_factory=NameIndex)
    outlets: NameIndex = field(default_factory=NameIndex)
    quotations: QuotationIndex = field(default_factory=QuotationIndex)
    # outlet id -> [(source id, published ISO date or "")]
    sources_by_outlet: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # quote id -> ids of the sources that print it
    quote_sources: dict[str, set[str]] = field(default_factory=dict)

    def cited_source(
        self, outlet_id: str, *, printed_date: str = "", quote_id: str | None = None
    ) -> str | None:
        """The one source of an outlet that a citation names, when it can be told: the one
        printing the same quotation, or the one published on the date printed."""
        candidates = self.sources_by_outlet.get(outlet_id, [])
        if quote_id:
            printing = self.quote_sources.get(quote_id, set())
            found = [source for source, _ in candidates if source in printing]
            if len(found) == 1:
                return found[0]
        if printed_date:
            found = [source for source, date in candidates if date == printed_date]
            if len(found) == 1:
                return found[0]
        return None
