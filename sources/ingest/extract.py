"""The one entry point of extraction: an article in, the proposals an editor reviews out.

Plain functions over plain data: the database is reached only through the Index it is given
(sources.ingest.catalog builds one from the database once per run), so the same text and index
always give the same proposals, and the admin can recompute them from a stored snapshot.
"""

import bisect
import re
from dataclasses import replace

from sources.ingest import cleaning, cues, dates, indirect, quotations
from sources.ingest.matching import Index
from sources.ingest.proposals import (
    EventProposal,
    Excluded,
    IndirectProposal,
    Intermediary,
    Proposals,
    QuotationProposal,
    SourceSummary,
    Speaker,
)
from sources.ingest.reading import Article
from sources.models.documents import sha256_hex

# A cue-less sentence right after a quotation ("Smith said.") still attributes it.
SHORT_CUE_WORDS = 8


def propose(article: Article, *, index: Index | None = None) -> Proposals:
    """What an editor would record from `article`, anchored in its text (see proposals.py)."""
    index = index or Index()
    snapshot = article.text
    read = cleaning.reading(snapshot)
    text = read.text
    found, unbalanced = quotations.find_quoted(text)
    marks = [(quote.open, quote.close) for quote in found]
    sentences = cleaning.sentences(text, marks)
    starts = [start for start, _ in sentences]
    resolver = cues.Resolver(text)
    paragraph_citations = _citations(text, read)
    # Where quotations open and close, sorted, and the quotations of each sentence: looked up,
    # not scanned for each quotation, so that thousands of quotations cost in proportion.
    opens = sorted(quote.open for quote in found)
    closes = sorted(quote.close for quote in found)
    in_sentence = _quotations_by_sentence(sentences, found)
    outsides: dict[int, str] = {}  # a sentence's words outside quotation marks, by its number

    proposals: list[QuotationProposal] = []
    excluded: list[Excluded] = []
    previous: tuple[int, cues.Attribution] | None = None
    for quote in found:
        sentence_index = max(0, bisect.bisect_right(starts, quote.open) - 1)
        sentence = sentences[sentence_index]
        # The text between the nearest quotations before and after this one, in its sentence.
        before = bisect.bisect_right(closes, quote.open)
        lead_from = max(sentence[0], closes[before - 1]) if before else sentence[0]
        after = bisect.bisect_left(opens, quote.close)
        trail_to = min(sentence[1], opens[after]) if after < len(opens) else sentence[1]
        lead, trail = text[lead_from : quote.open], text[quote.close : trail_to]
        if sentence_index not in outsides:
            outsides[sentence_index] = _outside(text, sentence, in_sentence[sentence_index])
        outside = outsides[sentence_index]
        what = quotations.classification(quote, text, lead, outside)
        start, end = read.snapshot_span(quote.start, quote.end)
        words = text[quote.start : quote.end]
        if what != "quotation":
            excluded.append(Excluded(words, start, end, what))
            continue
        found_cue = _attribution(text, quote, lead, trail, sentence, sentences, resolver)
        paragraph = text.rfind("\n", 0, quote.open) + 1
        if found_cue is None and previous is not None:
            same_paragraph = previous[0] >= paragraph
            opens_paragraph = not text[paragraph : quote.open].strip()
            previous_paragraph = text.rfind("\n", 0, paragraph - 1) + 1 <= previous[0]
            if same_paragraph or (opens_paragraph and previous_paragraph):
                found_cue = replace(previous[1], cue="(continues the previous quotation)")
        if found_cue is not None and found_cue.kind is not None:
            previous = (quote.open, found_cue)
            if found_cue.kind in ("person", "organization") and found_cue.name:
                resolver.heard(quote.open, found_cue.name, found_cue.kind)
        speaker = _speaker(found_cue, index)
        link = index.quotations.link(words, speaker.id if speaker else None)
        via = _intermediary(found_cue, paragraph_citations.get(paragraph), index, link)
        proposals.append(
            QuotationProposal(
                text=words,
                start=start,
                end=end,
                kind=quotations.kind_of(words, lead),
                speaker_as_written=found_cue.speaker_as_written if found_cue else None,
                speaker=speaker,
                cue=found_cue.cue if found_cue else "",
                intermediary=via,
                matches=link[0] if link else None,
                attribution=found_cue.attribution if found_cue else "",
                affiliation=found_cue.affiliation if found_cue else None,
                elisions=quotations.elisions(words),
                brackets=quotations.brackets(words),
                mark=quote.mark,
                match_how=link[1] if link else "",
            )
        )
    proposals.extend(_transcript(text, read, resolver, index))
    proposals.sort(key=lambda item: (item.start, item.end))
    for pending in unbalanced:
        start, end = read.snapshot_span(pending.open, min(len(text), pending.open + 1))
        excluded.append(Excluded(text[pending.open : pending.open + 60], start, end, "unbalanced"))

    quoting = {
        number
        for quote in found
        if (number := bisect.bisect_right(starts, quote.open) - 1) >= 0
        and quote.open < sentences[number][1]
    }
    reported = []
    for number, sentence in enumerate(sentences):
        if number in quoting:
            continue
        for item in indirect.find_reported(text, sentence, resolver=resolver):
            start, end = read.snapshot_span(item.start, item.end)
            reported.append(
                IndirectProposal(
                    text=text[item.start : item.end],
                    start=start,
                    end=end,
                    content=item.content,
                    speaker_as_written=item.attribution.speaker_as_written,
                    speaker=_speaker(item.attribution, index),
                    cue=item.attribution.cue,
                )
            )

    skip = [span for span, _ in paragraph_citations.values()]
    events = []
    for mention in dates.find_dates(text, published=article.published_on, skip=skip):
        start, end = read.snapshot_span(mention.start, mention.end)
        sentence = sentences[max(0, bisect.bisect_right(starts, mention.start) - 1)]
        events.append(
            EventProposal(
                text=mention.text,
                start=start,
                end=end,
                date=mention.date,
                precision=mention.precision,
                ends=mention.ends,
                sentence=text[sentence[0] : sentence[1]],
            )
        )

    outlet = index.outlets.match(article.outlet) if article.outlet else None
    summary = SourceSummary(
        title=article.title,
        url=article.url,
        outlet=outlet.name if outlet else article.outlet,
        outlet_id=outlet.id if outlet else None,
        published_on=article.published_on,
        language=article.language or "en",
        format=article.format,
        sha256=sha256_hex(snapshot),
        length=len(snapshot),
    )
    return Proposals(
        source=summary,
        quotations=tuple(proposals),
        indirect=tuple(reported),
        events=tuple(events),
        excluded=tuple(sorted(excluded, key=lambda item: item.start)),
    )


_TURN = re.compile(
    r"^(?P<label>Q|A|Question|Answer|[A-Z][\w’'.\-]*(?: [A-Z][\w’'.\-]*){0,3})\s*:\s+", flags=re.M
)
_INTERVIEWEE = re.compile(
    r"\b(?:conversation|interview|interviewed|talk|talks|Q&A|chat|spoke|speaks)\s+with\s+"
    rf"(?P<who>{cues._NAME_TOKEN}(?: {cues._NAME_TOKEN}){{0,3}})"
)
INTERVIEWER_LABELS = frozenset({"q", "question"})
ANSWER_LABELS = frozenset({"a", "answer"})


def _transcript(text: str, read, resolver, index: Index) -> list[QuotationProposal]:
    """The answers of an interview printed as a transcript ("Q: …" / "A: …", or "NAME: …"):
    each answer is the interviewee's quotation, without quotation marks."""
    turns = []
    for start, end in read.paragraphs():
        match = _TURN.match(text, start, end)
        if match:
            turns.append((match.group("label"), match.end(), end))
    labels = [label.lower() for label, _, _ in turns]
    answers = sum(label in ANSWER_LABELS for label in labels)
    questions = sum(label in INTERVIEWER_LABELS for label in labels)
    named = (
        {label for label in labels if labels.count(label) >= 2} - ANSWER_LABELS - INTERVIEWER_LABELS
    )
    if not (answers >= 2 and questions >= 2) and len(named) < 2:
        return []
    interviewee = None
    opening = _INTERVIEWEE.search(text, 0, turns[0][1] if turns else len(text))
    if opening:
        interviewee = cues.subject(opening.group("who"), at=opening.start(), resolver=resolver)
    found = []
    for label, start, end in turns:
        lowered = label.lower()
        if lowered in INTERVIEWER_LABELS:
            continue
        if lowered in ANSWER_LABELS:
            who = interviewee
            written = label
        elif lowered in named:
            who = cues.subject(label, at=start, resolver=resolver)
            written = label
        else:
            continue
        words = text[start:end].rstrip()
        if not words or who is None:
            continue
        snapshot_start, snapshot_end = read.snapshot_span(start, start + len(words))
        found.append(
            QuotationProposal(
                text=words,
                start=snapshot_start,
                end=snapshot_end,
                kind=quotations.kind_of(words, ":"),
                speaker_as_written=written,
                speaker=_speaker(who, index),
                cue=f"{label}:",
                intermediary=None,
                matches=None,
                attribution=who.attribution,
                elisions=quotations.elisions(words),
                brackets=quotations.brackets(words),
                mark="",
            )
        )
    return found


def _quotations_by_sentence(sentences: list[tuple[int, int]], found) -> list[list]:
    """The quotations that overlap each sentence, in the order they were found."""
    starts = [start for start, _ in sentences]
    ends = [end for _, end in sentences]
    by_sentence: list[list] = [[] for _ in sentences]
    for quote in found:
        first = bisect.bisect_right(ends, quote.open)
        for index in range(first, bisect.bisect_left(starts, quote.close)):
            by_sentence[index].append(quote)
    return by_sentence


def _outside(text: str, sentence: tuple[int, int], found) -> str:
    """The sentence's words outside quotation marks: a verb inside a quotation cues nothing."""
    pieces, position = [], sentence[0]
    for quote in found:
        if quote.open >= sentence[1] or quote.close <= sentence[0]:
            continue
        pieces.append(text[position : max(position, quote.open)])
        position = max(position, quote.close)
    pieces.append(text[position : sentence[1]])
    return " ".join(pieces)


def _attribution(text, quote, lead, trail, sentence, sentences, resolver):
    """The cue of one quotation: after it, before it, then in a short sentence after it."""
    found = cues.from_trail(trail, at=quote.open, resolver=resolver)
    if found is None and lead.strip():
        found = cues.from_lead(lead, at=quote.open, resolver=resolver)
    if found is None and not trail.strip(" .!?"):
        following = [span for span in sentences if span[0] >= sentence[1]]
        if following and text.rfind("\n", sentence[1], following[0][0]) == -1:
            after = text[following[0][0] : following[0][1]]
            if len(after.split()) <= SHORT_CUE_WORDS and '"' not in after and "“" not in after:
                found = cues.from_trail(" " + after, at=quote.open, resolver=resolver)
    return found


def _speaker(found: cues.Attribution | None, index: Index) -> Speaker | None:
    if found is None or found.kind is None or not found.name:
        return None
    if found.kind == "unnamed":
        return Speaker(name=found.name, kind="unnamed")
    match = index.names.match(found.name, found.kind)
    if match is None and found.kind == "person":
        other = index.names.match(found.name, "organization")
        match = other if other and other.score >= 100 else None
    if match is None:
        return Speaker(name=found.name, kind=found.kind)
    return Speaker(name=match.name, kind=match.kind, id=match.id, score=match.score)


def _citations(text: str, read: cleaning.Reading) -> dict[int, tuple[tuple[int, int], tuple]]:
    """Citations closing a paragraph, by the paragraph's start: they name where its words came
    from. The value holds the citation's span in the reading text, and (name, as printed)."""
    found = {}
    for start, end in read.paragraphs():
        cited = cues.citation(text[start:end])
        if cited:
            at = text.rfind(cited[1], start, end)
            found[start] = ((at, at + len(cited[1])), cited)
    return found


def _intermediary(found, cited, index: Index, link) -> Intermediary | None:
    name, phrase, printed_date = None, "", ""
    if found is not None and found.intermediary:
        name, phrase = found.intermediary, found.intermediary_phrase
    elif cited is not None:
        name, phrase = cited[1]
        printed = dates.find_dates(phrase)
        printed_date = printed[0].date if printed and printed[0].date else ""
    if not name:
        return None
    outlet = index.outlets.match(name)
    source_id = None
    if outlet is not None:
        source_id = index.cited_source(
            outlet.id, printed_date=printed_date or "", quote_id=link[0] if link else None
        )
    return Intermediary(
        name=name,
        id=source_id,
        outlet_id=outlet.id if outlet else None,
        as_printed=phrase,
    )
