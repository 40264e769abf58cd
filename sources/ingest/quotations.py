"""Finding quotations in a reading text: paired quotation marks, their kinds, and what is not one.

Double quotation marks of every house style are paired (straight "…", curly “…”, German „…“,
French « … » and German » … «); single marks (‘…’) are paired outside double ones. A pair left
open at the end of a paragraph is unbalanced and proposes nothing. Each pair is then classified:
a quotation (full, fragment or elided), a scare quote (a short term held at a distance:
‘re-education’), or a title (of a book, report, film or campaign).
"""

import re
from dataclasses import dataclass

from sources.ingest import cues

DOUBLE_OPENERS = '“„«"»'
QUOTE_MARKS = re.compile("[\"“”„‟«»‘’‚‹›']")
ELLIPSIS = re.compile(
    r"\s*(?:\[\s*(?:…|\.\s?\.\s?\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\)|…|\.\s?\.\s?\.)\s*"
)
BRACKETED = re.compile(r"\[[^\[\]\n]{1,40}\]")
# Longer runs cannot be one quotation: an unbalanced mark would swallow the article.
MAX_QUOTATION = 3000
# Single-quoted terms of up to this many words are scare quotes unless a cue attributes them.
SCARE_WORDS = 4
# Double-quoted terms of up to this many words are proposed only with a cue in their sentence.
SHORT_WORDS = 3

_TITLE_BEFORE = re.compile(
    r"(?:\b(?:titled|entitled|headlined|headline|slogan|hashtag|motto|banner|caption)\s*,?\s*:?"
    r"|\b(?:book|novel|memoir|film|movie|documentary|song|album|poem|play|series|programme|"
    r"program|show|report|study|paper|article|essay|column|editorial|podcast|exhibition|"
    r"campaign|operation|doctrine|policy|plan|initiative|strategy|law|act|bill|treaty|"
    r"newspaper|magazine|journal|painting|opera)\s*(?:,\s*|\s+(?:called|named|dubbed)\s+)?)$",
    flags=re.IGNORECASE,
)
_SO_CALLED = re.compile(r"\b(?:so-called|so called|quote-unquote|supposed|alleged)\s*$", re.I)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class Quoted:
    """A pair of quotation marks in the reading text: the words inside, and the marks' span."""

    start: int
    end: int
    open: int
    close: int
    mark: str

    @property
    def single(self) -> bool:
        return self.mark in "‘‚‹'"


@dataclass(frozen=True)
class Unbalanced:
    """An opening mark never closed in its paragraph."""

    open: int
    mark: str


def _is_word(char: str) -> bool:
    return char.isalnum()


def find_quoted(text: str) -> tuple[list[Quoted], list[Unbalanced]]:
    """Every pair of quotation marks in `text` (a reading text: one paragraph per line)."""
    found: list[Quoted] = []
    unbalanced: list[Unbalanced] = []
    double: tuple[int, str] | None = None
    single: tuple[int, str] | None = None
    paragraph_end = text.find("\n")
    for match in QUOTE_MARKS.finditer(text):
        i, mark = match.start(), match.group()
        while paragraph_end != -1 and i > paragraph_end:
            for pending in (double, single):
                if pending:
                    unbalanced.append(Unbalanced(*pending))
            double = single = None
            paragraph_end = text.find("\n", paragraph_end + 1)
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if double and i - double[0] > MAX_QUOTATION:
            unbalanced.append(Unbalanced(*double))
            double = None
        if double:
            opener = double[1]
            closes = (
                (mark == "”" and opener in '“„"”')
                or (mark == "“" and opener == "„")
                or (mark == "»" and opener == "«")
                or (mark == "«" and opener == "»")
                or (mark == '"' and not before.isspace())
                or (mark == "“" and opener == "“" and not _is_word(after) and not before.isspace())
            )
            if closes:
                found.append(_quoted(text, double[0], i, double[1]))
                double = None
                continue
            if mark in "“„«" or (mark == '"' and not after.isspace()):
                # A second opening mark before the first closed: the first is unbalanced.
                unbalanced.append(Unbalanced(*double))
                double = (i, mark)
            continue
        if mark in "“„«" or (mark in '"»”' and not _is_word(before) and not after.isspace()):
            if mark == "»" and "«" not in text[i + 1 : i + MAX_QUOTATION]:
                continue
            if single:
                unbalanced.append(Unbalanced(*single))
                single = None
            double = (i, mark)
            continue
        if single:
            closes = (mark in "’›" and single[1] in "‘‚‹" and not _is_word(after)) or (
                mark == "'" and single[1] == "'" and not _is_word(after)
            )
            if closes and not before.isspace():
                found.append(_quoted(text, single[0], i, single[1]))
                single = None
            continue
        if mark in "‘‚‹'" and not _is_word(before) and not after.isspace():
            single = (i, mark)
    for pending in (double, single):
        if pending:
            unbalanced.append(Unbalanced(*pending))
    return [quote for quote in found if quote.end > quote.start], unbalanced


def _quoted(text: str, open_at: int, close_at: int, mark: str) -> Quoted:
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quoted(start=start, end=end, open=open_at, close=close_at + 1, mark=mark)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def elisions(text: str) -> int:
    """How many cuts (… or ..., bracketed or not) the quoted words mark."""
    return len([m for m in ELLIPSIS.finditer(text) if m.group().strip()])


def brackets(text: str) -> tuple[str, ...]:
    """Editorial insertions in square brackets, such as [T] in “[T]his”; an elision is not one."""
    return tuple(
        match.group() for match in BRACKETED.finditer(text) if not ELLIPSIS.fullmatch(match.group())
    )


def kind_of(text: str, lead: str) -> str:
    """ "elided" when the words mark a cut, "fragment" when they start inside the reporter's
    sentence, else "full"."""
    if elisions(text):
        return "elided"
    first = text.lstrip("[(“‘\"'")[:1]
    starts_sentence = first.isupper() or not first.isalpha()
    if not starts_sentence or len(words(text)) <= SHORT_WORDS:
        return "fragment"
    if text.rstrip("”’\"' ")[-1:] in ".!?":
        return "full"  # a whole sentence, or several
    # Words that begin with a capital after a running clause ("called it “Terrible for all”")
    # are still a fragment unless the lead-in ends the way an introduction does.
    introduced = not lead.strip() or lead.rstrip()[-1:] in ":,—–-" or lead.rstrip().endswith("that")
    return "full" if introduced else "fragment"


def classification(quoted: Quoted, text: str, lead: str, sentence: str) -> str:
    """ "quotation", "scare" or "title" for the marks' words in their sentence."""
    inner = text[quoted.start : quoted.end]
    count = len(words(inner))
    if count == 0:
        return "scare"
    if _TITLE_BEFORE.search(lead.rstrip()) or _SO_CALLED.search(lead.rstrip()):
        return "title" if _TITLE_BEFORE.search(lead.rstrip()) else "scare"
    if _looks_like_title(inner, lead) and not cues.attributes(sentence):
        return "title"
    if quoted.single:
        if count <= SCARE_WORDS or not cues.attributes(sentence):
            return "scare"
        return "quotation"
    if count <= SHORT_WORDS and not cues.attributes(sentence):
        return "scare"
    return "quotation"


def _looks_like_title(inner: str, lead: str) -> bool:
    """Title Case words without a sentence's punctuation, not opening the sentence."""
    tokens = words(inner)
    if len(tokens) < 2 or len(tokens) > 12 or inner.rstrip()[-1:] in ".!?,":
        return False
    small = {"a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "at", "by", "with"}
    significant = [token for token in tokens if token.lower() not in small]
    capitalized = [token for token in significant if token[:1].isupper()]
    return bool(significant) and len(capitalized) == len(significant) and bool(lead.strip())
