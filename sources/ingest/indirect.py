"""Indirect speech: words given to a speaker without quotation marks, proposed as paraphrase.

"Erdogan had said people in Ankara are better off now", "Dilxat Raxit … noted that Ankara is
weighing the request", "with local media saying it would help the ports" and
"according to officials, the talks failed". A sentence whose reporting verb introduces a
quotation is left to the quotation rules.
"""

import re
from dataclasses import dataclass

from sources.ingest import cues

MIN_WORDS = 4
_VERBS = "|".join(sorted(cues.PARAPHRASE_VERBS, key=len, reverse=True))
_REPORTED = re.compile(
    rf"\b(?P<verb>{_VERBS})\b(?P<object>(?:\s+(?!that\b)[\w’'\-]+){{0,3}}?)?\s+(?P<that>that\s+)?"
    r"(?P<clause>[^.;!?]+)"
)
_SAYING = re.compile(
    r"\bwith\s+(?P<who>[\w’'\- ]{2,60}?)\s+(?P<verb>saying|claiming|arguing|insisting|warning)"
    r"\s+(?:that\s+)?(?P<clause>[^.;!?]+)"
)
# "The talks failed, officials said on Tuesday." The verb comes last.
_SAID_AFTER = re.compile(
    r"^(?P<clause>[^“”\"]{20,}?),\s+(?P<who>[^,]{2,60}?)\s+(?P<verb>said|say|says|added|noted|"
    r"warned|told\s+[\w ]{2,30}?)(?:\s+on\s+\w+|\s+(?:yesterday|today|last\s+week))?\s*[.!]?$"
)
_ACCORDING = re.compile(r"^\s*According\s+to\s+(?P<who>[^,]{2,80}),\s+(?P<clause>[^.;!?]+)")
_IMPERSONAL = re.compile(r"\b[Ii]t\s+(?:is|was|has\s+been|had\s+been)\s+$")
_CLAUSE_START = re.compile(
    r"^(?:the|a|an|it|he|she|they|we|i|there|this|these|those|his|her|their|its|our|people|"
    r"[A-Z\u00C0-\u024F][\w’'\-]*|\d)",
)


@dataclass(frozen=True)
class Reported:
    start: int
    end: int
    content: str
    attribution: cues.Attribution


def find_reported(
    text: str, sentence: tuple[int, int], *, resolver: cues.Resolver
) -> list[Reported]:
    """Attributed paraphrase in one sentence of a reading text."""
    start, end = sentence
    words = text[start:end]
    found = []
    according = _ACCORDING.match(words)
    if according:
        who = cues.subject(according.group("who"), at=start, resolver=resolver)
        if who is not None and who.kind is not None:
            clause = according.group("clause").strip()
            if len(clause.split()) >= MIN_WORDS:
                found.append(
                    Reported(
                        start + according.start(),
                        start + according.end("clause"),
                        clause,
                        _cue(who, "according to"),
                    )
                )
                return found
    after = _SAID_AFTER.match(words)
    if after:
        who = cues.subject(after.group("who"), at=start, resolver=resolver)
        clause = after.group("clause").strip()
        if who is not None and who.kind is not None and len(clause.split()) >= MIN_WORDS:
            found.append(
                Reported(start, start + after.end("verb"), clause, _cue(who, after.group("verb")))
            )
            return found
    for match in _SAYING.finditer(words):
        who = cues.subject(match.group("who"), at=start + match.start(), resolver=resolver)
        clause = match.group("clause").strip()
        if who is None or len(clause.split()) < MIN_WORDS:
            continue
        found.append(
            Reported(
                start + match.start("who"),
                start + match.end("clause"),
                clause,
                _cue(who, match.group("verb")),
            )
        )
    for match in _REPORTED.finditer(words):
        clause = match.group("clause").strip().rstrip(",")
        if len(clause.split()) < MIN_WORDS or not _CLAUSE_START.match(clause):
            continue
        if not match.group("that") and match.group("object"):
            continue  # "told reporters on Monday" with no "that" is not a reported clause
        if any(match.start() < b and a < match.end() for a, b in _spans(found, start)):
            continue
        before = words[: match.start()]
        if _IMPERSONAL.search(before):
            continue  # "it was reported that": hearsay given to no one
        who = cues._subject_before(before, at=start + match.start(), resolver=resolver)
        if who is None or (who.kind is None and who.speaker_as_written is None):
            continue
        speaker_at = words.rfind(who.speaker_as_written or "", 0, match.start())
        begin = speaker_at if speaker_at >= 0 else match.start()
        found.append(
            Reported(
                start + begin,
                start + match.end("clause"),
                clause.rstrip(" ,"),
                _cue(who, (match.group("verb") + (" that" if match.group("that") else ""))),
            )
        )
    return found


def _spans(found: list[Reported], offset: int) -> list[tuple[int, int]]:
    return [(item.start - offset, item.end - offset) for item in found]


def _cue(who: cues.Attribution, verb: str) -> cues.Attribution:
    return cues.Attribution(
        speaker_as_written=who.speaker_as_written,
        name=who.name,
        kind=who.kind,
        attribution=who.attribution,
        cue=verb,
        affiliation=who.affiliation,
    )
