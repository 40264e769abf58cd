"""The demo newsroom: what a careful editor records from the two seed articles.

The records are the desk's own metadata, quoted words, attributions, claims and events; the
articles' text is not part of the project. When given the folder that holds the articles,
`load_demo` attaches them as source snapshots and anchors every appearance in them.

Every record has a fixed UUID (derived from a key below), so loading twice creates nothing new:
a second run puts the demo records back as they are written here.
"""

import datetime
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from newsroom.dates import PartialDate
from newsroom.workflow import ReviewState
from sources.models import (
    Affiliation,
    Alias,
    Appearance,
    Citation,
    Claim,
    ClaimAppearance,
    Evidence,
    Organization,
    Outlet,
    Person,
    Quote,
    Source,
    Topic,
)
from timeline.models import Event, Participant

DEMO_NAMESPACE = uuid.UUID("5b0b1e4e-6a3c-4d8e-9d7e-2f1c0a9b8e71")

PUBLISHED = ReviewState.PUBLISHED


def demo_id(key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, key)


def _date(value: str | None) -> dict:
    """Model fields for a reduced-precision date such as "2019" or "2020-05"."""
    if not value:
        return {"date": None, "precision": ""}
    parsed = PartialDate.parse(value)
    return {"date": parsed.date, "precision": parsed.precision}


# The two articles, by file name, with the SHA-256 of their text as the desk received it.
# A file that does not match is refused rather than anchored wrongly.
SNAPSHOTS = {
    "source:commentary": (
        "000_f293c51d26b2963d.txt",
        "48d7254b75054d21b372533cc42cfd85c9c6f10e294480e6351f3f6fa2f2dfa8",
    ),
    "source:visiontimes": (
        "001_30bb0cc4bc4d8733.txt",
        "567de109ff5b5fc8203a0e66ae601f0bf8953db54e902649fef112981f05a24d",
    ),
}

TOPICS = {
    "topic:treaty": "Sino-Turkish extradition treaty",
    "topic:diaspora": "Uyghurs in Turkey",
    "topic:xinjiang": "Xinjiang",
    "topic:china-turkey": "China–Turkey relations",
    "topic:icc": "International Criminal Court",
}

ORGANIZATIONS = [
    # key, name, kind, country, parent, description, aliases (name, kind, printed in)
    (
        "org:wuc",
        "World Uyghur Congress",
        "ngo",
        "DE",
        None,
        "An international organization of exiled Uyghur groups, based in Munich.",
        [("Uyghur World Congress", "misnomer", "source:visiontimes")],
    ),
    (
        "org:afp",
        "Agence France-Presse",
        "media",
        "FR",
        None,
        "The French international news agency.",
        [("AFP", "abbreviation", "source:visiontimes")],
    ),
    (
        "org:guardian",
        "The Guardian",
        "media",
        "GB",
        None,
        "A British daily newspaper.",
        [("Guardian News", "variant", "source:commentary"), ("Guardian", "variant", None)],
    ),
    (
        "org:visiontimes",
        "Vision Times",
        "media",
        "US",
        None,
        "An online news outlet with a focus on China.",
        [],
    ),
    (
        "org:icc",
        "International Criminal Court",
        "court",
        "NL",
        None,
        "The permanent international court in The Hague, set up in 2002.",
        [("ICC", "abbreviation", "source:visiontimes"), ("the court", "reference", None)],
    ),
    (
        "org:icc-otp",
        "Office of the Prosecutor of the International Criminal Court",
        "court",
        "NL",
        "org:icc",
        "The organ of the ICC that examines situations and decides what cases to bring.",
        [("the office of ICC Chief Prosecutor Fatou Bensouda", "reference", "source:visiontimes")],
    ),
    (
        "org:npc",
        "National People's Congress",
        "legislature",
        "CN",
        None,
        "The legislature of the People's Republic of China.",
        [
            ("National People’s Congress", "variant", "source:commentary"),
            ("China’s National People’s Congress", "full", "source:visiontimes"),
        ],
    ),
    (
        "org:tbmm",
        "Grand National Assembly of Turkey",
        "legislature",
        "TR",
        None,
        "The parliament of Turkey.",
        [
            ("the Turkish parliament", "variant", "source:visiontimes"),
            ("its parliament", "reference", "source:commentary"),
        ],
    ),
    (
        "org:pboc",
        "People's Bank of China",
        "government",
        "CN",
        None,
        "China's central bank.",
        [("China’s central bank", "variant", "source:commentary")],
    ),
    (
        "org:ccp",
        "Chinese Communist Party",
        "party",
        "CN",
        None,
        "The ruling party of the People's Republic of China.",
        [("CCP", "abbreviation", "source:visiontimes")],
    ),
    (
        "org:wikimedia",
        "Wikimedia Commons",
        "other",
        "",
        None,
        "A repository of freely licensed images and media.",
        [("Wikipedia Commons", "misnomer", "source:visiontimes")],
    ),
]

PEOPLE = [
    # key, name, Wikidata QID, description, aliases (name, kind, printed in)
    (
        "person:erdogan",
        "Recep Tayyip Erdoğan",
        "Q39259",
        "President of Turkey.",
        [
            ("Erdogan", "variant", "source:visiontimes"),
            ("Recep Tayyip Erdogan", "variant", "source:visiontimes"),
            ("President Recep Tayyip Erdogan", "full", "source:visiontimes"),
        ],
    ),
    (
        "person:raxit",
        "Dilxat Raxit",
        "",
        "Spokesman for the World Uyghur Congress.",
        [],
    ),
    (
        "person:hidayet",
        "Arslan Hidayet",
        "",
        "An Australian Uyghur activist who lives in Istanbul.",
        [],
    ),
    (
        "person:bensouda",
        "Fatou Bensouda",
        "",
        "Prosecutor of the International Criminal Court from 2012 to 2021.",
        [("ICC Chief Prosecutor Fatou Bensouda", "full", "source:visiontimes")],
    ),
]

AFFILIATIONS = [
    # key, person, organization, role, started, ended, stated in
    (
        "affiliation:raxit-wuc",
        "person:raxit",
        "org:wuc",
        "spokesman",
        None,
        None,
        "source:visiontimes",
    ),
    (
        "affiliation:bensouda-otp",
        "person:bensouda",
        "org:icc-otp",
        "Prosecutor",
        "2012-06",
        "2021-06",
        None,
    ),
]

OUTLETS = [
    # key, name, kind, country, website, organization
    (
        "outlet:visiontimes",
        "Vision Times",
        "online",
        "US",
        "https://www.visiontimes.com/",
        "org:visiontimes",
    ),
    ("outlet:afp", "AFP", "wire", "FR", "https://www.afp.com/", "org:afp"),
    (
        "outlet:guardian",
        "The Guardian",
        "newspaper",
        "GB",
        "https://www.theguardian.com/",
        "org:guardian",
    ),
    (
        "outlet:icc",
        "International Criminal Court",
        "court",
        "NL",
        "https://www.icc-cpi.int/",
        "org:icc",
    ),
    (
        "outlet:wikimedia",
        "Wikimedia Commons",
        "media_library",
        "",
        "https://commons.wikimedia.org/",
        "org:wikimedia",
    ),
    ("outlet:pixabay", "Pixabay", "media_library", "DE", "https://pixabay.com/", None),
]


@dataclass
class SourceRecord:
    key: str
    title: str
    kind: str
    outlet: str | None = None
    language: str = "en"
    published: str | None = None
    date_note: str = ""
    notes: str = ""
    state: str = PUBLISHED


SOURCES = [
    SourceRecord(
        "source:commentary",
        "No Sanctuary or Safety",
        "opinion",
        published="2020-12",
        date_note="Not printed. It cites a Guardian report of 29 December 2020, so it appeared "
        "on or after that day; the desk dates it December 2020.",
        notes="Advocacy commentary: a news paragraph credited to the Guardian, then comment. "
        "Publisher not stated. One Arabic verse, damaged by text extraction.",
    ),
    SourceRecord(
        "source:visiontimes",
        "Uyghurs Desperate as China Endorses the Sino-Turkish Extradition Treaty",
        "news",
        outlet="outlet:visiontimes",
        published="2021-01",
        date_note="Not printed. It calls China's ratification of 26 December 2020 recent; the "
        "desk dates it January 2021.",
        notes="News report. Quotes Dilxat Raxit via AFP and the ICC prosecutor's annual report.",
    ),
    SourceRecord(
        "source:guardian",
        "Guardian report on China's ratification of the extradition treaty",
        "news",
        outlet="outlet:guardian",
        published="2020-12-29",
        notes="Known only from the citation “(Guardian News 29/12/2020)”; title and text not held.",
    ),
    SourceRecord(
        "source:afp",
        "AFP report quoting Dilxat Raxit on the extradition treaty",
        "wire",
        outlet="outlet:afp",
        published="2020-12",
        date_note="Not known; after China's ratification of 26 December 2020.",
        notes="Known only from Vision Times' “he said to AFP”; the AFP text is not held.",
    ),
    SourceRecord(
        "source:icc-report",
        "Report on Preliminary Examination Activities 2020",
        "official_report",
        outlet="outlet:icc",
        published="2020-12",
        notes="The Office of the Prosecutor's annual report, cited by Vision Times as “the "
        "court’s annual report”; not held.",
    ),
    SourceRecord(
        "source:quran-11-113",
        "Qur'an, Surah Hud (11), verse 113",
        "scripture",
        language="ar",
        notes="Cited in the commentary as “[TMQ Surah Al Hud Verse 113]”.",
    ),
    SourceRecord(
        "source:image-uyghur-man",
        "Photograph: Uyghur man",
        "image",
        outlet="outlet:wikimedia",
        notes="Image credit in Vision Times, printed as “(Wikipedia Commons)”.",
    ),
    SourceRecord(
        "source:image-pixabay",
        "Illustration: China has ratified an extradition treaty with Turkey",
        "image",
        outlet="outlet:pixabay",
        notes="Image credit in Vision Times, licensed CC0 1.0.",
    ),
]

CITATIONS = [
    # key, citing, cited, as printed, purpose
    (
        "citation:commentary-guardian",
        "source:commentary",
        "source:guardian",
        "(Guardian News 29/12/2020)",
        "information",
    ),
    (
        "citation:commentary-quran",
        "source:commentary",
        "source:quran-11-113",
        "[TMQ Surah Al Hud Verse 113]",
        "quotation",
    ),
    ("citation:vt-afp", "source:visiontimes", "source:afp", "he said to AFP", "quotation"),
    (
        "citation:vt-icc",
        "source:visiontimes",
        "source:icc-report",
        "the court’s annual report",
        "quotation",
    ),
    (
        "citation:vt-wikimedia",
        "source:visiontimes",
        "source:image-uyghur-man",
        "Image: (Wikipedia Commons)",
        "image",
    ),
    # The stray HTML is the source's own: citations are recorded as printed.
    (
        "citation:vt-pixabay",
        "source:visiontimes",
        "source:image-pixabay",
        "(Image: pixabay CC0 1.0</a>)",
        "image",
    ),
]


@dataclass
class QuoteRecord:
    key: str
    text: str
    speaker: str
    said: str | None = None
    occasion: str = ""
    language: str = "en"
    translation: str = ""
    translation_language: str = ""
    attribution_verdict: str = "unchecked"
    attribution_note: str = ""
    topics: list[str] = field(default_factory=list)
    notes: str = ""
    state: str = PUBLISHED


QUOTES = [
    QuoteRecord(
        "quote:raxit-instrument",
        "This extradition treaty will cause worry among Uighurs who have fled China and do not "
        "yet have Turkish citizenship… We call on the Turkish government … to prevent this "
        "treaty from becoming an instrument of persecution",
        "person:raxit",
        said="2020-12",
        occasion="to AFP",
        attribution_verdict="confirmed",
        attribution_note="Vision Times credits the words to AFP. The AFP text is not in the "
        "database; the ellipses are Vision Times' cuts.",
        topics=["topic:treaty", "topic:diaspora"],
    ),
    QuoteRecord(
        "quote:raxit-pressure",
        "Beijing is piling economic pressure on Turkey to ratify the agreement",
        "person:raxit",
        said="2020-12",
        occasion="to AFP",
        attribution_verdict="paraphrase",
        attribution_note="Indirect speech: Vision Times reports what he “noted”, without "
        "quotation marks.",
        topics=["topic:treaty", "topic:china-turkey"],
        state=ReviewState.VERIFIED,
    ),
    QuoteRecord(
        "quote:hidayet-sold-out",
        "We have been sold out by our own, despite the ethnic and religious ties we have, which "
        "is very hurtful.",
        "person:hidayet",
        notes="The commentary gives no date or occasion; look for the original interview "
        "before review.",
        topics=["topic:diaspora"],
        state=ReviewState.DRAFT,
    ),
    QuoteRecord(
        "quote:quran-11-113",
        "وَلَا تَرْكَنُوا إِلَى الَّذِينَ ظَلَمُوا فَتَمَسَّكُمُ النَّارُ وَمَا لَكُمْ مِنْ دُونِ اللَّهِ مِنْ أَوْلِيَاءَ ثُمَّ لَا تُنْصَرُونَ",
        "source:quran-11-113",
        language="ar",
        translation="And do not be inclined to the oppressors or you will be touched by the "
        "Fire. For then you would have no protectors other than Allah, nor would you be helped.",
        translation_language="en",
        attribution_verdict="confirmed",
        attribution_note="Qur'an 11:113. The commentary prints the Arabic (damaged by text "
        "extraction) and this English translation.",
    ),
    QuoteRecord(
        "quote:erdogan-genocide",
        "genocide",
        "person:erdogan",
        said="2009",
        attribution_verdict="confirmed",
        attribution_note="Erdoğan used the word of China's treatment of Uyghurs in 2009; "
        "Vision Times quotes the single word.",
        topics=["topic:xinjiang", "topic:china-turkey"],
    ),
    QuoteRecord(
        "quote:erdogan-happily",
        "happily",
        "person:erdogan",
        said="2019",
        attribution_verdict="paraphrase",
        attribution_note="One word inside the reporter's sentence; the commentary reports the "
        "same remark as indirect speech. Compare with his 2009 “genocide”.",
        topics=["topic:xinjiang", "topic:china-turkey"],
    ),
    QuoteRecord(
        "quote:icc-precondition",
        "[T]his precondition for the exercise of the court’s territorial jurisdiction did not "
        "appear to be met with respect to the majority of the crimes alleged… The ICC has no "
        "obligation to consider complaints filed to the prosecutor, who can decide "
        "independently what cases to submit to judges at the court, set up in 2002 to achieve "
        "justice for the world’s worst crimes",
        "org:icc-otp",
        said="2020-12",
        occasion="in the court’s annual report",
        attribution_note="Check against the report: the second sentence reads like the "
        "reporter's own description merged into the quotation.",
        topics=["topic:icc", "topic:xinjiang"],
        state=ReviewState.IN_REVIEW,
    ),
    QuoteRecord(
        "quote:re-education",
        "re-education",
        "org:ccp",
        attribution_verdict="misattributed",
        attribution_note="Scare quotes, not a quotation: the article marks the term to keep "
        "its distance from it, and attributes it to no one.",
        notes="Proposed from Vision Times; rejected in review.",
        topics=["topic:xinjiang"],
        state=ReviewState.REJECTED,
    ),
]


@dataclass
class AppearanceRecord:
    key: str
    quote: str
    source: str
    printed: str
    span: tuple[int, int]
    form: str = "full"
    attribution: str = ""
    attribution_verdict: str = "unchecked"
    via: str | None = None
    via_as_printed: str = ""
    language: str = ""
    note: str = ""
    state: str = PUBLISHED


APPEARANCES = [
    AppearanceRecord(
        "appearance:vt-raxit",
        "quote:raxit-instrument",
        "source:visiontimes",
        "This extradition treaty will cause worry among Uighurs who have fled China and do not "
        "yet have Turkish citizenship… We call on the Turkish government … to prevent this "
        "treaty from becoming an instrument of persecution,",
        (772, 990),
        form="elided",
        attribution="Dilxat Raxit, a spokesman for the Uyghur World Congress",
        attribution_verdict="confirmed",
        via="source:afp",
        via_as_printed="he said to AFP",
    ),
    AppearanceRecord(
        "appearance:commentary-critics",
        "quote:raxit-instrument",
        "source:commentary",
        "becoming an instrument of persecution",
        (586, 623),
        form="fragment",
        attribution="critics",
        attribution_verdict="unverifiable",
        via="source:guardian",
        via_as_printed="(Guardian News 29/12/2020)",
        note="The commentary gives Dilxat Raxit's words to unnamed “critics”.",
    ),
    AppearanceRecord(
        "appearance:vt-raxit-pressure",
        "quote:raxit-pressure",
        "source:visiontimes",
        "noted that Beijing is piling economic pressure on Turkey to ratify the agreement",
        (689, 769),
        form="paraphrase",
        attribution="Dilxat Raxit",
        attribution_verdict="paraphrase",
        state=ReviewState.VERIFIED,
    ),
    AppearanceRecord(
        "appearance:commentary-hidayet",
        "quote:hidayet-sold-out",
        "source:commentary",
        "We have been sold out by our own, despite the ethnic and religious ties we have, which "
        "is very hurtful.",
        (2597, 2701),
        attribution="Arslan Hidayet, an Australian Uighur activist who lives in Istanbul",
        state=ReviewState.DRAFT,
    ),
    AppearanceRecord(
        "appearance:commentary-quran",
        "quote:quran-11-113",
        "source:commentary",
        "And do not be inclined to the oppressors or you will be touched by the Fire. For then "
        "you would have no protectors other than Allah, nor would you be helped.",
        (3837, 3996),
        form="translated",
        language="en",
        attribution="Allah (swt)",
        attribution_verdict="confirmed",
        via="source:quran-11-113",
        via_as_printed="[TMQ Surah Al Hud Verse 113]",
    ),
    AppearanceRecord(
        "appearance:vt-genocide",
        "quote:erdogan-genocide",
        "source:visiontimes",
        "genocide",
        (2159, 2167),
        form="fragment",
        attribution="President Recep Tayyip Erdogan",
        attribution_verdict="confirmed",
    ),
    AppearanceRecord(
        "appearance:vt-happily",
        "quote:erdogan-happily",
        "source:visiontimes",
        "happily",
        (2233, 2240),
        form="fragment",
        attribution="Erdogan",
        attribution_verdict="paraphrase",
    ),
    AppearanceRecord(
        "appearance:commentary-happily",
        "quote:erdogan-happily",
        "source:commentary",
        "In 2019, Erdogan had said people in Xinjiang are living happily.",
        (1406, 1470),
        form="paraphrase",
        attribution="Erdogan",
        attribution_verdict="paraphrase",
    ),
    AppearanceRecord(
        "appearance:vt-icc",
        "quote:icc-precondition",
        "source:visiontimes",
        "[T]his precondition for the exercise of the court’s territorial jurisdiction did not "
        "appear to be met with respect to the majority of the crimes alleged… The ICC has no "
        "obligation to consider complaints filed to the prosecutor, who can decide "
        "independently what cases to submit to judges at the court, set up in 2002 to achieve "
        "justice for the world’s worst crimes,",
        (3689, 4054),
        form="elided",
        attribution="the office of ICC Chief Prosecutor Fatou Bensouda",
        via="source:icc-report",
        via_as_printed="wrote in the court’s annual report",
        state=ReviewState.IN_REVIEW,
    ),
    AppearanceRecord(
        "appearance:vt-re-education",
        "quote:re-education",
        "source:visiontimes",
        "re-education",
        (1194, 1206),
        form="fragment",
        attribution_verdict="misattributed",
        note="Scare quotes (‘re-education’), not a quotation.",
        state=ReviewState.REJECTED,
    ),
]


@dataclass
class ClaimRecord:
    key: str
    text: str
    appearances: list[tuple[str, str, bool]]  # (source, words as printed, hedged)
    verdict: str = "unrated"
    verdict_summary: str = ""
    reviewed_on: datetime.date | None = None
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (source, note)
    topics: list[str] = field(default_factory=list)
    state: str = PUBLISHED


CLAIMS = [
    ClaimRecord(
        "claim:50000",
        "About 50,000 Uyghurs live in Turkey",
        [
            ("source:commentary", "An estimated 50,000 Uighurs have fled to Turkey", False),
            ("source:visiontimes", "Almost 50,000 Uyghurs are estimated to live in Turkey", False),
        ],
        verdict="mostly_true",
        verdict_summary="Both reports give about 50,000 as an estimate without saying whose. "
        "No census counts Uyghurs in Turkey; community estimates are of this order.",
        reviewed_on=datetime.date(2021, 1, 20),
        evidence=[
            (
                "source:visiontimes",
                "Gives the figure as an estimate (“are estimated to "
                "live”), naming no estimate's author.",
            )
        ],
        topics=["topic:diaspora"],
    ),
    ClaimRecord(
        "claim:largest-diaspora",
        "Turkey has the largest Uyghur diaspora community in the world",
        [
            (
                "source:commentary",
                "making it the largest community of Uighur diaspora in the world",
                False,
            )
        ],
        topics=["topic:diaspora"],
    ),
    ClaimRecord(
        "claim:million-camps",
        "More than a million Uyghurs have been sent to re-education camps",
        [
            (
                "source:visiontimes",
                "More than a million Uyghurs are believed to have been sent to "
                "‘re-education’ camps",
                False,
            )
        ],
        topics=["topic:xinjiang"],
        state=ReviewState.IN_REVIEW,
    ),
    ClaimRecord(
        "claim:pboc-billion",
        "In 2019 China's central bank made a $1 billion cash infusion into the Turkish economy",
        [
            (
                "source:commentary",
                "In 2019, China’s central bank made a $1 billion cash infusion "
                "into the Turkish economy",
                False,
            )
        ],
        topics=["topic:china-turkey"],
        state=ReviewState.VERIFIED,
    ),
    ClaimRecord(
        "claim:energy-package",
        "Beijing sanctioned a $3.6 billion package for Turkey's energy sector",
        [
            (
                "source:commentary",
                "Beijing has also sanctioned a $3.6 billion package for Turkey’s energy sector",
                False,
            )
        ],
        topics=["topic:china-turkey"],
        state=ReviewState.DRAFT,
    ),
    ClaimRecord(
        "claim:eight-pacts",
        "In 2010 China and Turkey signed eight strategic cooperative pacts",
        [
            (
                "source:commentary",
                "In 2010, China and Turkey had signed eight strategic cooperative pacts",
                False,
            )
        ],
        topics=["topic:china-turkey"],
    ),
    ClaimRecord(
        "claim:third-country",
        "Turkey sends some Uyghurs to a third country, such as Tajikistan, from which China "
        "secures their extradition",
        [
            (
                "source:commentary",
                "It was reported that Beijing sends requests to the Turkish government to "
                "extradite Uighurs after identifying them, then Turkey sends them to a third "
                "country and from there China can secure their extradition",
                True,
            ),
            (
                "source:visiontimes",
                "In some cases, Turkey does not send the Uyghurs back to China "
                "but to Tajikistan, from where China can easily extradite them",
                False,
            ),
        ],
        topics=["topic:diaspora", "topic:treaty"],
        state=ReviewState.DISPUTED,
    ),
    ClaimRecord(
        "claim:turkey-not-ratified",
        "Turkey's parliament had not yet ratified the treaty",
        [
            ("source:commentary", "Turkey’s government has not yet ratified the deal", False),
            (
                "source:visiontimes",
                "the treaty can be implemented if it receives ratification from "
                "the Turkish parliament",
                False,
            ),
        ],
        verdict="true",
        verdict_summary="When both pieces were written, the Grand National Assembly of Turkey "
        "had not ratified the treaty; both say so.",
        reviewed_on=datetime.date(2021, 1, 20),
        evidence=[
            (
                "source:visiontimes",
                "Says the treaty needs ratification by the Turkish "
                "parliament before it can be implemented.",
            ),
            ("source:commentary", "Says Turkey's government has not yet ratified it."),
        ],
        topics=["topic:treaty"],
    ),
]


@dataclass
class EventRecord:
    key: str
    title: str
    starts: str
    sources: list[str]
    date_note: str = ""
    participants: list[tuple[str, str]] = field(default_factory=list)  # (entity, role)
    quotes: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    notes: str = ""
    state: str = PUBLISHED


EVENTS = [
    EventRecord(
        "event:treaty-signed",
        "China and Turkey sign the extradition treaty",
        "2017",
        ["source:commentary", "source:visiontimes"],
        topics=["topic:treaty"],
    ),
    EventRecord(
        "event:npc-ratifies",
        "China's National People's Congress ratifies the treaty",
        "2020-12-26",
        ["source:commentary", "source:visiontimes"],
        date_note="Written “at the weekend” in the Guardian report of Tuesday 29 December 2020.",
        participants=[("org:npc", "ratifying body")],
        quotes=["quote:raxit-instrument"],
        claims=["claim:turkey-not-ratified"],
        topics=["topic:treaty"],
    ),
    EventRecord(
        "event:erdogan-genocide",
        "Erdoğan calls China's treatment of Uyghurs “genocide”",
        "2009",
        ["source:visiontimes"],
        participants=[("person:erdogan", "speaker")],
        quotes=["quote:erdogan-genocide"],
        topics=["topic:xinjiang", "topic:china-turkey"],
    ),
    EventRecord(
        "event:eight-pacts",
        "China and Turkey sign eight strategic cooperative pacts",
        "2010",
        ["source:commentary"],
        claims=["claim:eight-pacts"],
        topics=["topic:china-turkey"],
    ),
    EventRecord(
        "event:erdogan-happily",
        "Erdoğan says Uyghurs in Xinjiang are living happily",
        "2019",
        ["source:commentary", "source:visiontimes"],
        participants=[("person:erdogan", "speaker")],
        quotes=["quote:erdogan-happily"],
        topics=["topic:xinjiang", "topic:china-turkey"],
    ),
    EventRecord(
        "event:pboc-billion",
        "China's central bank makes a $1 billion cash infusion into the Turkish economy",
        "2019",
        ["source:commentary"],
        participants=[("org:pboc", "lender")],
        claims=["claim:pboc-billion"],
        topics=["topic:china-turkey"],
        state=ReviewState.VERIFIED,
    ),
    EventRecord(
        "event:request-leaks",
        "A Chinese request to extradite a Uyghur man from Turkey leaks online",
        "2020-05",
        ["source:visiontimes"],
        date_note="Written “In May”; the year is inferred from a report of about January 2021.",
        topics=["topic:treaty", "topic:diaspora"],
    ),
    EventRecord(
        "event:icc-set-up",
        "The International Criminal Court is set up",
        "2002",
        ["source:visiontimes"],
        participants=[("org:icc", "court")],
        topics=["topic:icc"],
    ),
    EventRecord(
        "event:turkey-ratifies",
        "Turkey ratifies the extradition treaty",
        "2020-12",
        ["source:commentary", "source:visiontimes"],
        notes="Entered in error and retracted: both sources say Turkey had not ratified it.",
        topics=["topic:treaty"],
        state=ReviewState.RETRACTED,
    ),
    EventRecord(
        "event:npc-ratifies-duplicate",
        "NPC ratifies extradition treaty with Turkey",
        "2020-12",
        ["source:visiontimes"],
        notes="A second entry for the NPC's ratification; deleted by its author (restorable).",
        topics=["topic:treaty"],
        state=ReviewState.DELETED,
    ),
]


class DemoTextError(ValueError):
    """The folder given for the seed articles does not hold them as the desk knows them."""


def read_snapshots(folder: Path) -> dict[str, str]:
    """The seed articles' text by source key, checked against their SHA-256."""
    from sources.models import sha256_hex

    texts = {}
    for key, (filename, expected) in SNAPSHOTS.items():
        path = Path(folder) / filename
        if not path.is_file():
            raise DemoTextError(f"{path} is missing: give the folder that holds the seed articles.")
        # newline="" keeps the text as stored, so offsets match the desk's annotations.
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise DemoTextError(f"{path} cannot be read as UTF-8 text: {error}.") from error
        if sha256_hex(text) != expected:
            raise DemoTextError(f"{path} is not the article the demo was annotated from.")
        texts[key] = text
    return texts


# Bookkeeping a reload neither compares nor resets.
_UNCOMPARED = {"created_at", "updated_at", "version", "created_by", "last_edited_by", "assigned_to"}


def _values(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.name not in _UNCOMPARED
    }


def _save(model, key: str, **fields):
    """Create or reset one demo record under its fixed id, validated like any other.

    An unchanged record is not saved again, so a reload writes no history.
    """
    instance = model.objects.filter(pk=demo_id(key)).first()
    before = _values(instance) if instance else None
    instance = instance or model(id=demo_id(key))
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    if before is None or _values(instance) != before:
        instance._change_reason = "loaded by load_demo"
        instance.save()
    return instance


def assign_work(users: dict) -> None:
    """Give the demo accounts work in every queue of the review desk.

    `users` maps role names (contributor, factchecker, editor) to accounts. The contributor is
    the author of the records under review; the fact-checker is asked to review two of them and
    has sent one back; a verified claim waits for the editor.
    """
    from newsroom.models import Correction, Review, ReviewEvidence

    contributor, factchecker = users["contributor"], users["factchecker"]
    authored = {
        Quote: ["quote:icc-precondition", "quote:hidayet-sold-out", "quote:raxit-pressure"],
        Claim: ["claim:million-camps", "claim:pboc-billion", "claim:energy-package"],
        Appearance: ["appearance:vt-icc", "appearance:commentary-hidayet"],
    }
    for model, keys in authored.items():
        model.objects.filter(pk__in=[demo_id(key) for key in keys]).exclude(
            created_by=contributor, last_edited_by=contributor
        ).update(created_by=contributor, last_edited_by=contributor)
    for model, key in [(Quote, "quote:icc-precondition"), (Claim, "claim:million-camps")]:
        model.objects.filter(pk=demo_id(key)).exclude(assigned_to=factchecker).update(
            assigned_to=factchecker
        )

    reviews = [
        (
            "review:hidayet-sent-back",
            Quote.objects.get(pk=demo_id("quote:hidayet-sold-out")),
            "send_back",
            ReviewState.IN_REVIEW,
            ReviewState.DRAFT,
            "The commentary names no occasion or date: find the original interview.",
            {},
        ),
        (
            "review:pboc-verified",
            Claim.objects.get(pk=demo_id("claim:pboc-billion")),
            "verify",
            ReviewState.IN_REVIEW,
            ReviewState.VERIFIED,
            "",
            {"claim_source": True, "verdict_supported": True},
        ),
    ]
    for key, record, action, from_state, to_state, note, checklist in reviews:
        review, _ = Review.objects.update_or_create(
            id=demo_id(key),
            defaults={
                "record": record,
                "action": action,
                "from_state": from_state,
                "to_state": to_state,
                "user": factchecker,
                "note": note,
                "checklist": checklist,
            },
        )
        if action == "verify":
            ReviewEvidence.objects.update_or_create(
                id=demo_id(f"{key}:evidence"),
                defaults={
                    "review": review,
                    "source": Source.objects.get(pk=demo_id("source:commentary")),
                    "checked": "The commentary states the figure and the year as recorded.",
                },
            )

    # The duplicate event was deleted by the contributor who entered it: it waits in the bin.
    Review.objects.update_or_create(
        id=demo_id("review:npc-duplicate-deleted"),
        defaults={
            "record": Event.objects.get(pk=demo_id("event:npc-ratifies-duplicate")),
            "action": "delete",
            "from_state": ReviewState.DRAFT,
            "to_state": ReviewState.DELETED,
            "user": contributor,
            "note": "Duplicate of “China's National People's Congress ratifies the treaty”.",
        },
    )
    Event.objects.filter(pk=demo_id("event:npc-ratifies-duplicate")).exclude(
        created_by=contributor
    ).update(created_by=contributor, last_edited_by=contributor)

    # The retracted event was published in error: its retraction carries a public correction.
    event = Event.objects.get(pk=demo_id("event:turkey-ratifies"))
    retraction, _ = Review.objects.update_or_create(
        id=demo_id("review:turkey-ratifies-retracted"),
        defaults={
            "record": event,
            "action": "retract",
            "from_state": ReviewState.PUBLISHED,
            "to_state": ReviewState.RETRACTED,
            "user": users["editor"],
            "note": "Entered in error.",
        },
    )
    Correction.objects.update_or_create(
        id=demo_id("correction:turkey-ratifies"),
        defaults={
            "record": event,
            "what_was_wrong": "The timeline said Turkey ratified the extradition treaty in "
            "December 2020.",
            "what_changed": "Both sources say Turkey's parliament had not ratified it; the "
            "event is retracted.",
            "created_by": users["editor"],
            "review": retraction,
        },
    )


@transaction.atomic
def load(texts: dict[str, str] | None = None) -> dict[str, int]:
    """Load the demo newsroom; `texts` are snapshots by source key (see read_snapshots)."""
    texts = texts or {}
    records: dict[str, object] = {}

    for key, name in TOPICS.items():
        records[key] = _save(Topic, key, name=name)

    for key, name, kind, country, parent, description, _ in ORGANIZATIONS:
        records[key] = _save(
            Organization,
            key,
            name=name,
            kind=kind,
            country=country,
            parent=records[parent] if parent else None,
            description=description,
            state=PUBLISHED,
        )
    for key, name, qid, description, _ in PEOPLE:
        records[key] = _save(
            Person, key, name=name, wikidata_qid=qid, description=description, state=PUBLISHED
        )

    for key, name, kind, country, website, organization in OUTLETS:
        records[key] = _save(
            Outlet,
            key,
            name=name,
            kind=kind,
            country=country,
            website=website,
            organization=records[organization] if organization else None,
            state=PUBLISHED,
        )

    for item in SOURCES:
        published = _date(item.published)
        fields = dict(
            title=item.title,
            kind=item.kind,
            language=item.language,
            outlet=records[item.outlet] if item.outlet else None,
            published_on=published["date"],
            published_on_precision=published["precision"],
            date_note=item.date_note,
            notes=item.notes,
            state=item.state,
        )
        existing = Source.objects.filter(pk=demo_id(item.key)).first()
        if item.key in texts:
            fields["text"] = texts[item.key]
            if existing is None or existing.text != texts[item.key] or not existing.retrieved_at:
                fields["retrieved_at"] = timezone.now()
        records[item.key] = _save(Source, item.key, **fields)

    for key, citing, cited, as_printed, purpose in CITATIONS:
        _save(
            Citation,
            key,
            citing=records[citing],
            cited=records[cited],
            as_printed=as_printed,
            purpose=purpose,
        )

    for entities in (ORGANIZATIONS, PEOPLE):
        for entry in entities:
            entity_key, aliases = entry[0], entry[-1]
            entity = records[entity_key]
            owner = {"person": entity} if isinstance(entity, Person) else {"organization": entity}
            for name, kind, printed_in in aliases:
                _save(
                    Alias,
                    f"alias:{entity_key}:{name}",
                    name=name,
                    kind=kind,
                    source=records[printed_in] if printed_in else None,
                    **owner,
                )

    for key, person, organization, role, started, ended, stated_in in AFFILIATIONS:
        start, end = _date(started), _date(ended)
        _save(
            Affiliation,
            key,
            person=records[person],
            organization=records[organization],
            role=role,
            started_on=start["date"],
            started_on_precision=start["precision"],
            ended_on=end["date"],
            ended_on_precision=end["precision"],
            source=records[stated_in] if stated_in else None,
        )

    for item in QUOTES:
        said = _date(item.said)
        speaker = records[item.speaker]
        quote = _save(
            Quote,
            item.key,
            text=item.text,
            language=item.language,
            translation=item.translation,
            translation_language=item.translation_language,
            speaker_person=speaker if isinstance(speaker, Person) else None,
            speaker_organization=speaker if isinstance(speaker, Organization) else None,
            speaker_work=speaker if isinstance(speaker, Source) else None,
            said_on=said["date"],
            said_on_precision=said["precision"],
            occasion=item.occasion,
            attribution_verdict=item.attribution_verdict,
            attribution_note=item.attribution_note,
            notes=item.notes,
            state=item.state,
        )
        quote.topics.set([records[topic] for topic in item.topics])
        records[item.key] = quote

    for item in APPEARANCES:
        anchored = bool(records[item.source].text)
        _save(
            Appearance,
            item.key,
            quote=records[item.quote],
            source=records[item.source],
            text_as_printed=item.printed,
            form=item.form,
            language=item.language,
            attribution_as_printed=item.attribution,
            attribution_verdict=item.attribution_verdict,
            via=records[item.via] if item.via else None,
            via_as_printed=item.via_as_printed,
            note=item.note,
            state=item.state,
            # The desk's offsets are checked against the snapshot by Appearance.clean().
            anchor_start=item.span[0] if anchored else None,
            anchor_end=item.span[1] if anchored else None,
            anchor_exact="",
            anchor_prefix="",
            anchor_suffix="",
        )

    for item in CLAIMS:
        claim = _save(
            Claim,
            item.key,
            text=item.text,
            verdict=item.verdict,
            verdict_summary=item.verdict_summary,
            reviewed_on=item.reviewed_on,
            state=item.state,
        )
        claim.topics.set([records[topic] for topic in item.topics])
        records[item.key] = claim
        for number, (source, printed, hedged) in enumerate(item.appearances):
            _save(
                ClaimAppearance,
                f"{item.key}:appearance:{number}",
                claim=claim,
                source=records[source],
                text_as_printed=printed,
                hedged=hedged,
                anchor_start=None,
                anchor_end=None,
                anchor_exact="",
                anchor_prefix="",
                anchor_suffix="",
            )
        for number, (source, note) in enumerate(item.evidence):
            _save(
                Evidence,
                f"{item.key}:evidence:{number}",
                claim=claim,
                source=records[source],
                note=note,
                checked_on=item.reviewed_on,
            )

    for item in EVENTS:
        starts = _date(item.starts)
        event = _save(
            Event,
            item.key,
            title=item.title,
            starts_on=starts["date"],
            starts_on_precision=starts["precision"],
            date_note=item.date_note,
            notes=item.notes,
            state=item.state,
        )
        event.sources.set([records[key] for key in item.sources])
        event.quotes.set([records[key] for key in item.quotes])
        event.claims.set([records[key] for key in item.claims])
        event.topics.set([records[key] for key in item.topics])
        for entity_key, role in item.participants:
            entity = records[entity_key]
            _save(
                Participant,
                f"{item.key}:{entity_key}",
                event=event,
                role=role,
                person=entity if isinstance(entity, Person) else None,
                organization=entity if isinstance(entity, Organization) else None,
            )

    return {
        "sources": len(SOURCES),
        "quotes": len(QUOTES),
        "appearances": len(APPEARANCES),
        "claims": len(CLAIMS),
        "events": len(EVENTS),
        "people": len(PEOPLE),
        "organizations": len(ORGANIZATIONS),
        "snapshots": Source.objects.filter(pk__in=[demo_id(item.key) for item in SOURCES])
        .exclude(text="")
        .count(),
    }
