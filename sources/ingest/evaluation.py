"""Measuring proposals against a gold annotation (the format of shared/seeds/gold.json).

Direct quotations are scored by their spans: a proposal is right when its [start, end) is the
gold span exactly. Speakers are right when the proposed name (or the name as written) folds
like the gold speaker, the speaker as written or one of the gold's variants of that name.
Scare quotes and indirect speech are reported by overlap with the gold spans. Quotations of one
evaluation set are linked to each other as if the other articles had been imported first.
"""

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from rapidfuzz import fuzz

from sources.ingest.extract import propose
from sources.ingest.matching import Index
from sources.ingest.proposals import Proposals
from sources.ingest.reading import IngestError, read_article
from sources.names import fold

KINDS = {
    "direct": "full",
    "full": "full",
    "direct-with-elisions": "elided",
    "elided": "elided",
    "fragment": "fragment",
    "one-word": "fragment",
    "scripture-translation": "full",
}
INTERMEDIARY_SCORE = 80


@dataclass
class Report:
    gold_quotations: int = 0
    proposed: int = 0
    right_spans: int = 0
    overlapping: int = 0
    speakers_named: int = 0
    speakers_named_right: int = 0
    speakers_right: int = 0
    kinds_right: int = 0
    intermediaries: int = 0
    intermediaries_found: int = 0
    links_expected: int = 0
    links_found: int = 0
    links_wrong: int = 0
    scare_quotes: int = 0
    scare_proposed: int = 0
    scare_recognized: int = 0
    indirect: int = 0
    indirect_found: int = 0
    indirect_speaker_right: int = 0
    indirect_proposed: int = 0
    events: int = 0
    events_found: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right_spans / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.right_spans / self.gold_quotations if self.gold_quotations else 1.0

    @property
    def speaker_accuracy(self) -> float:
        """Right speakers among the quotations found whose speaker the article names."""
        return self.speakers_named_right / self.speakers_named if self.speakers_named else 1.0

    def as_dict(self) -> dict:
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values.update(
            precision=round(self.precision, 3),
            recall=round(self.recall, 3),
            speaker_accuracy=round(self.speaker_accuracy, 3),
        )
        return values

    def lines(self) -> list[str]:
        return [
            f"Direct quotations: {self.gold_quotations} in the gold file, {self.proposed} "
            f"proposed, {self.right_spans} with the right span "
            f"({self.overlapping} more overlapping a gold span).",
            f"Precision {self.precision:.2f}, recall {self.recall:.2f}.",
            f"Speaker accuracy: {self.speakers_named_right} of {self.speakers_named} quotations "
            f"whose speaker is named in their own article ({self.speaker_accuracy:.2f}); "
            f"{self.speakers_right} of {self.right_spans} of all quotations found.",
            f"Kinds (full, fragment, elided): {self.kinds_right} of {self.right_spans} right.",
            f"Intermediaries: {self.intermediaries_found} of {self.intermediaries} found.",
            f"Links to the same words in another source: {self.links_found} of "
            f"{self.links_expected} found, {self.links_wrong} wrong.",
            f"Scare quotes: {self.scare_quotes} in the gold file, {self.scare_proposed} proposed "
            f"as quotations, {self.scare_recognized} recognized as scare quotes or titles.",
            f"Indirect speech: {self.indirect} in the gold file, {self.indirect_found} found "
            f"({self.indirect_speaker_right} with the right speaker); {self.indirect_proposed} "
            "proposed in all.",
            f"Dated events: {self.events_found} of {self.events} found with their date.",
        ]


# What each list of a gold annotation holds: the keys every item needs, with the kind of their
# values, and the keys an item may leave out or give as null.
_SPAN, _STRINGS = "span", "strings"
_GOLD_LISTS = {
    "sources": ({"file": str}, {}),
    "quotes": (
        {"id": str, "source": str, "speaker": str, "span": _SPAN},
        {"speaker_as_written": str, "kind": str, "intermediary": str, "also_in": _STRINGS},
    ),
    "not_quotes": ({"source": str, "span": _SPAN}, {}),
    "indirect_speech": ({"source": str, "span": _SPAN, "speaker": str}, {}),
    "events": ({"when": str}, {"sources": _STRINGS}),
    "people": ({}, {"name": str, "variants": _STRINGS}),
    "organizations": ({}, {"name": str, "variants": _STRINGS}),
}
_KIND_NAMES = {
    str: "a string",
    _SPAN: "[start, end]: two whole numbers, the first not after the second",
    _STRINGS: "a list of strings",
}


def _is(value, kind) -> bool:
    if kind == _SPAN:
        return (
            isinstance(value, list)
            and len(value) == 2
            and all(type(offset) is int and offset >= 0 for offset in value)
            and value[0] <= value[1]
        )
    if kind == _STRINGS:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return isinstance(value, kind)


def check_gold(gold) -> None:
    """Refuse a gold annotation that is not in the format of shared/seeds/gold.json, saying
    where; the articles it names must be files inside the folder given with it."""
    if not isinstance(gold, dict) or not isinstance(gold.get("sources"), list):
        raise IngestError("it has no “sources” list.")
    for name, (required, optional) in _GOLD_LISTS.items():
        items = gold.get(name, [])
        if not isinstance(items, list):
            raise IngestError(f"“{name}” must be a list.")
        for number, item in enumerate(items, start=1):
            where = f"“{name}” item {number}"
            if not isinstance(item, dict):
                raise IngestError(f"{where} must be an object.")
            expected = [(key, kind, True) for key, kind in required.items()]
            expected += [(key, kind, False) for key, kind in optional.items()]
            for key, kind, needed in expected:
                value = item.get(key)
                if (needed or value is not None) and not _is(value, kind):
                    raise IngestError(f"{where}: “{key}” must be {_KIND_NAMES[kind]}.")
    for number, source in enumerate(gold["sources"], start=1):
        path = PurePath(source["file"])
        if not path.name or path.is_absolute() or ".." in path.parts or "\x00" in str(path):
            raise IngestError(
                f"“sources” item {number}: “file” must name a file inside the folder given."
            )


def _names(gold: dict, speaker: str) -> set[str]:
    """A gold speaker's name and the variants the gold file lists for it, folded."""
    names = {speaker}
    for entity in [*gold.get("people", []), *gold.get("organizations", [])]:
        if entity.get("name") == speaker:
            names.update(entity.get("variants", []))
    return {fold(name) for name in names if name}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _similar(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    return bool(a and b) and (a == b or fuzz.token_set_ratio(a, b) >= INTERMEDIARY_SCORE)


def _intermediary_names(value: str) -> list[str]:
    names = [re.sub(r"\s*\(.*\)\s*$", "", value)]
    names += re.findall(r"['‘“]([^'’”]+)['’”]", value)
    return [name for name in names if name.strip()]


def propose_all(texts: dict[str, bytes], index: Index | None = None) -> dict[str, Proposals]:
    """Proposals for each file, each linked against the others' quotations as if they had been
    imported before it."""
    index = index or Index()
    articles = {name: read_article(data, name=name) for name, data in texts.items()}
    first = {name: propose(article, index=index) for name, article in articles.items()}
    results = {}
    for name, article in articles.items():
        quotations = index.quotations.copy()
        for other, proposals in first.items():
            if other == name:
                continue
            for item in proposals.quotations:
                quotations.add(f"{other}:{item.start}-{item.end}", item.text, None)
        linked = Index(
            names=index.names,
            outlets=index.outlets,
            quotations=quotations,
            sources_by_outlet=index.sources_by_outlet,
            quote_sources=index.quote_sources,
        )
        results[name] = propose(article, index=linked)
    return results


def evaluate(gold: dict, texts: dict[str, bytes], index: Index | None = None) -> Report:
    """Score the proposals for `texts` (file name -> bytes) against `gold`."""
    report = Report()
    proposals = propose_all(texts, index)
    by_span = {
        (quote["source"], tuple(quote["span"])): quote["id"] for quote in gold.get("quotes", [])
    }
    for name, found in proposals.items():
        text = read_article(texts[name], name=name).text
        folded_text = fold(text)
        golden = [quote for quote in gold.get("quotes", []) if quote["source"] == name]
        report.gold_quotations += len(golden)
        report.proposed += len(found.quotations)
        spans = {(item.start, item.end): item for item in found.quotations}
        for quote in golden:
            span = tuple(quote["span"])
            item = spans.get(span)
            if item is None:
                near = [q for q in found.quotations if _overlaps((q.start, q.end), span)]
                report.overlapping += bool(near)
                report.problems.append(f"{name}: {quote['id']} not proposed with its span {span}")
                continue
            report.right_spans += 1
            names = _names(gold, quote["speaker"]) | {fold(quote.get("speaker_as_written") or "")}
            proposed = {fold(item.speaker_as_written or "")}
            if item.speaker:
                proposed.add(fold(item.speaker.name))
            right = bool((names - {""}) & (proposed - {""}))
            report.speakers_right += right
            named = any(
                variant and variant in folded_text for variant in _names(gold, quote["speaker"])
            )
            if named:
                report.speakers_named += 1
                report.speakers_named_right += right
                if not right:
                    report.problems.append(
                        f"{name}: {quote['id']} speaker {item.speaker_as_written!r} "
                        f"({item.speaker.name if item.speaker else None}), not {quote['speaker']!r}"
                    )
            if KINDS.get(quote.get("kind"), quote.get("kind")) == item.kind:
                report.kinds_right += 1
            if quote.get("intermediary"):
                report.intermediaries += 1
                wanted = _intermediary_names(quote["intermediary"])
                if item.intermediary and any(_similar(item.intermediary.name, w) for w in wanted):
                    report.intermediaries_found += 1
                else:
                    report.problems.append(f"{name}: {quote['id']} intermediary not found")
            expected = set(quote.get("also_in") or [])
            if expected:
                report.links_expected += 1
            if item.matches and ":" in item.matches:
                other, _, offsets = item.matches.partition(":")
                start, _, end = offsets.partition("-")
                target = by_span.get((other, (int(start), int(end))))
                if target in expected:
                    report.links_found += 1
                else:
                    report.links_wrong += 1
            elif expected:
                report.problems.append(f"{name}: {quote['id']} not linked to {sorted(expected)}")
        for item in gold.get("not_quotes", []):
            if item["source"] != name:
                continue
            span = tuple(item["span"])
            report.scare_quotes += 1
            report.scare_proposed += any(
                _overlaps((q.start, q.end), span) for q in found.quotations
            )
            report.scare_recognized += any(
                _overlaps((e.start, e.end), span) and e.reason in ("scare", "title")
                for e in found.excluded
            )
        report.indirect_proposed += len(found.indirect)
        for item in gold.get("indirect_speech", []):
            if item["source"] != name:
                continue
            report.indirect += 1
            span = tuple(item["span"])
            hits = [i for i in found.indirect if _overlaps((i.start, i.end), span)]
            if hits:
                report.indirect_found += 1
                names = _names(gold, item["speaker"])
                given = {fold(hits[0].speaker_as_written or "")}
                if hits[0].speaker:
                    given.add(fold(hits[0].speaker.name))
                if any(_similar(a, b) for a in names for b in given if a and b):
                    report.indirect_speaker_right += 1
        dates = {event.date for event in found.events if event.date}
        for event in gold.get("events", []):
            if name in event.get("sources", []):
                report.events += 1
                report.events_found += event["when"] in dates
    return report
