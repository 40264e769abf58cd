"""What an import proposes: plain, frozen records, and the JSON form other tools read.

`Proposals.as_dict()` is the dry run's format (documented in docs/ingest.md): one object with
"source", "quotations", "indirect" and "events". Offsets are Python string offsets into the
source's snapshot. Keep the format stable: add keys, never rename or remove them.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Speaker:
    """Who a proposal gives the words to: an existing record (id, score) or a new one."""

    name: str
    kind: str  # person, organization or unnamed
    id: str | None = None
    score: float | None = None

    def as_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "id": self.id, "score": self.score}


@dataclass(frozen=True)
class Intermediary:
    """The channel a cue names: "to AFP", "in a statement", "(Guardian News 29/12/2020)".

    `id` is the source in the database that the words were taken from, when it is known;
    `outlet_id` the outlet the name matches, when there is one.
    """

    name: str
    id: str | None = None
    outlet_id: str | None = None
    as_printed: str = ""

    def as_dict(self) -> dict:
        return {"name": self.name, "id": self.id}


@dataclass(frozen=True)
class QuotationProposal:
    text: str
    start: int
    end: int
    kind: str  # full, fragment or elided
    speaker_as_written: str | None
    speaker: Speaker | None
    cue: str
    intermediary: Intermediary | None
    matches: str | None
    attribution: str = ""
    affiliation: str | None = None
    elisions: int = 0
    brackets: tuple[str, ...] = ()
    mark: str = "“"
    match_how: str = ""

    @property
    def key(self) -> str:
        return f"quotation:{self.start}-{self.end}"

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "speaker_as_written": self.speaker_as_written,
            "speaker": self.speaker.as_dict() if self.speaker else None,
            "cue": self.cue,
            "intermediary": self.intermediary.as_dict() if self.intermediary else None,
            "matches": self.matches,
        }


@dataclass(frozen=True)
class IndirectProposal:
    """Attributed paraphrase: "Erdogan had said people in Ankara are better off now"."""

    text: str
    start: int
    end: int
    content: str
    speaker_as_written: str | None
    speaker: Speaker | None
    cue: str

    @property
    def key(self) -> str:
        return f"indirect:{self.start}-{self.end}"

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "content": self.content,
            "speaker_as_written": self.speaker_as_written,
            "speaker": self.speaker.as_dict() if self.speaker else None,
            "cue": self.cue,
        }


@dataclass(frozen=True)
class EventProposal:
    """A dated mention, a candidate event: "In 2019", "in May", "at the weekend".

    `date` is the first day as a reduced-precision ISO date ("2019", "2020-05", "2020-12-26"),
    or None when the text does not give the year and the article's date is not known.
    """

    text: str
    start: int
    end: int
    date: str | None
    precision: str
    ends: str | None
    sentence: str

    @property
    def key(self) -> str:
        return f"event:{self.start}-{self.end}"

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "date": self.date,
            "precision": self.precision,
            "ends": self.ends,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class Excluded:
    """Quoted words not proposed, and why: a scare quote, a title, an unbalanced mark."""

    text: str
    start: int
    end: int
    reason: str  # scare, title or unbalanced

    @property
    def key(self) -> str:
        return f"excluded:{self.start}-{self.end}"


@dataclass(frozen=True)
class SourceSummary:
    title: str
    url: str
    outlet: str
    outlet_id: str | None
    published_on: str
    language: str
    format: str
    sha256: str
    length: int

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "url": self.url,
            "outlet": {"name": self.outlet, "id": self.outlet_id} if self.outlet else None,
            "published_on": self.published_on or None,
            "language": self.language,
            "format": self.format,
            "sha256": self.sha256,
            "length": self.length,
        }


@dataclass(frozen=True)
class Proposals:
    source: SourceSummary
    quotations: tuple[QuotationProposal, ...] = ()
    indirect: tuple[IndirectProposal, ...] = ()
    events: tuple[EventProposal, ...] = ()
    excluded: tuple[Excluded, ...] = field(default=())

    def as_dict(self) -> dict:
        return {
            "source": self.source.as_dict(),
            "quotations": [item.as_dict() for item in self.quotations],
            "indirect": [item.as_dict() for item in self.indirect],
            "events": [item.as_dict() for item in self.events],
        }

    def find(self, key: str):
        """The proposal with this key, or None."""
        for item in (*self.quotations, *self.indirect, *self.events):
            if item.key == key:
                return item
        return None
