"""Who speaks: the cue around a quotation, its speaker as written, and the intermediary.

The cue forms read are "X said", "said X", "X, a spokesman for Y, said", "he said" (resolved to
the last person named before the quotation), "according to X", "X wrote in the report" and a
reporting verb earlier in the sentence ("X termed the crackdown “genocide”"). The
intermediary is what the cue names as the channel: "to AFP", "told Reuters", "in a statement",
"in the court's annual report", "on Twitter", or a citation such as "(Guardian News 29/12/2020)"
closing the paragraph. Unnamed speakers ("critics", "officials") are recorded as written and
never resolved to a name.
"""

import re
from dataclasses import dataclass


def _words(text: str) -> list[str]:
    return text.split()


REPORTING_VERBS = _words(
    "said says say told tells tell added adds wrote writes write stated states declared declares "
    "noted notes argued argues claimed claims insisted insists warned warns explained explains "
    "recalled recalls asked asks replied replies answered answers continued continues concluded "
    "concludes urged urges termed terms called calls described describes labelled labeled labels "
    "branded brands tweeted tweets posted posts announced announces admitted admits acknowledged "
    "acknowledges conceded concedes denied denies stressed stresses emphasised emphasized "
    "emphasises emphasizes suggested suggests complained complains cautioned cautions predicted "
    "predicts promised promises vowed vows pledged pledges demanded demands alleged alleges "
    "maintained maintains observed observes remarked remarks commented comments quipped shouted "
    "cried reported reports testified testifies confirmed confirms announced affirmed affirms "
    "reiterated reiterates lamented laments saying calling describing warning adding noting "
    "arguing insisting claiming"
)
PARTICIPLES = frozenset(
    _words("saying calling describing warning adding noting arguing insisting claiming")
)
PARAPHRASE_VERBS = frozenset(
    _words(
        "said says say told tells noted notes argued argues claimed claims insisted insists "
        "warned warns explained explains stated states maintained maintains denied denies "
        "suggested suggests acknowledged acknowledges admitted admits conceded concedes confirmed "
        "confirms added adds reported reports alleged alleges stressed stresses announced "
        "announces"
    )
)
_VERB = r"(?:" + "|".join(sorted(set(REPORTING_VERBS), key=len, reverse=True)) + r")"
_AUX = (
    r"(?:(?:has|have|had|was|were|is|also|later|then|once|previously|reportedly|publicly|"
    r"repeatedly|recently|again|earlier|simply|bluntly|not|never|already|even|once|both|"
    r"has\s+been|had\s+been)\s+)*"
)
VERB_RE = re.compile(rf"\b{_VERB}\b")
_PUT_IT = re.compile(r"\b(?:as\s+\S+\s+put\s+it|in\s+the\s+words\s+of)\b", re.I)
ACCORDING_TO = re.compile(r"\baccording\s+to\s+", re.I)

PRONOUNS = {"he": "person", "she": "person", "it": "organization", "they": "unnamed"}
UNNAMED_HEADS = frozenset(
    _words(
        "critics critic officials official analysts analyst experts expert observers observer "
        "diplomats diplomat sources source residents resident witnesses witness activists "
        "activist lawyers lawyer spokesman spokeswoman spokesperson police authorities groups "
        "group campaigners campaigner protesters protester opponents supporters people workers "
        "villagers media government ministry insiders insider aides aide members member "
        "researchers researcher scholars scholar commentators commentator advocates advocate "
        "organizers organisers leaders leader doctors doctor teachers student students survivors "
        "survivor relatives relative families family refugees refugee locals neighbours neighbors "
        "friends friend colleagues colleague investigators investigator prosecutors prosecutor "
        "officers officer soldiers soldier economists economist bankers banker executives "
        "executive participants participant detainees detainee victims victim correspondent "
        "correspondents reporters reporter journalists journalist someone somebody others one man "
        "woman statement report farmers farmer fishermen fisherman residents mothers fathers "
        "parents nurses patients owners traders shopkeepers drivers engineers scientists minister "
        "ministers president spokesmen chief judge judges mayor governor ambassador director "
        "directors commander commanders general envoy"
    )
)
ORG_WORDS = frozenset(
    _words(
        "congress court ministry office party council agency group association committee union "
        "organization organisation foundation institute university bank company corporation inc "
        "ltd llc news times post press agency commission parliament government police army watch "
        "amnesty network centre center federation coalition alliance authority department embassy "
        "service services assembly tribunal board bureau front movement society trust fund "
        "secretariat presidency administration club league church mosque brigade forces force "
        "media radio television tv broadcasting herald gazette journal review tribune chronicle "
        "guardian telegraph observer monitor reuters afp ap bbc cnn nations navy republic state "
        "states kingdom international"
    )
)
TITLES = frozenset(
    _words(
        "president prime minister foreign interior finance defence defense deputy vice chief "
        "senator sen rep representative dr mr mrs ms miss mx professor prof judge justice general "
        "gen colonel col lieutenant lt captain capt sergeant sgt ambassador secretary-general "
        "secretary chancellor mayor governor king queen prince princess sheikh imam rev reverend "
        "father sister brother bishop archbishop cardinal rabbi pastor chairman chairwoman chair "
        "director spokesman spokeswoman spokesperson prosecutor premier commissioner envoy lord "
        "lady sir dame former acting late leader head minister-president officer"
    )
)
# Capitalized words that open sentences or name times and places, not people.
NOT_NAMES = frozenset(
    _words(
        "the a an in on at but and or if when while as for with from by after before since this "
        "that these those it he she they we i his her their our its many some such there here "
        "then today yesterday also however meanwhile according comment news home image follow "
        "most more almost due last next every each both all no not so yet what who why how where "
        "which one two three monday tuesday wednesday thursday friday saturday sunday january "
        "february march april may june july august september october november december q a read "
        "about us photo credit update updated editor note file via source sources"
    )
)
DEMONYMS = frozenset(
    _words(
        "chinese turkish uyghur uighur australian american british french german russian arab "
        "arabic muslim islamic western eastern european asian african israeli palestinian iranian "
        "syrian kazakh tajik indian japanese korean pakistani afghan kurdish jewish christian han "
        "tibetan mongolian canadian spanish italian dutch polish swedish norwegian danish greek "
        "egyptian saudi iraqi lebanese jordanian ukrainian belgian swiss austrian mexican "
        "brazilian nigerian kenyan south north east west central sino-turkish pro-uyghur "
        "communist catholic sunni shia hindu buddhist latin english irish scottish welsh "
        "portuguese czech hungarian romanian serbian croatian armenian georgian azerbaijani uzbek "
        "kyrgyz turkmen"
    )
)
CONNECTORS = frozenset(
    _words("of for the de del della da di du van von der den bin ibn al el la le y and &")
)
ORG_HEADS = re.compile(
    r"^(?:the\s+)?(?:office|ministry|department|embassy|government|administration|secretariat|"
    r"bureau|presidency|cabinet|press\s+office|foreign\s+ministry|spokesperson['’]s\s+office)"
    r"\s+of\s+",
    flags=re.I,
)
_UPPER = "A-Z" + "".join(
    chr(code) for code in [*range(0xC0, 0x250), *range(0x370, 0x530)] if chr(code).isupper()
)
# A capitalized word, an initial ("J."), or an abbreviated title ("Dr.").
_NAME_TOKEN = (
    r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Sen|Rep|Gen|Gov|Lt|Col|Capt|St|Jr|Sr)\."
    rf"|[{_UPPER}]\.(?=\s)|[{_UPPER}][\w’'\-]*)"
)
NAME_RUN = re.compile(
    rf"{_NAME_TOKEN}(?: (?:(?:de|van|von|der|bin|ibn|al|el|da|di|du|la|le) )?{_NAME_TOKEN})*"
)
_TOKEN = re.compile(r"[\w’'\-\.&]+")

_INTERMEDIARY_PATTERNS = [
    # "said to AFP", "told Reuters", "told the BBC"
    re.compile(rf"^\s*(?P<phrase>to\s+(?:the\s+)?(?P<name>{_NAME_TOKEN}(?: {_NAME_TOKEN})*))"),
    # "in a statement", "in an interview with the BBC", "in a post on X"
    re.compile(
        r"^\s*,?\s*(?P<phrase>in\s+(?:an?|the|its|his|her|their)\s+(?:written\s+|joint\s+|"
        r"televised\s+|recorded\s+|video\s+|brief\s+|short\s+|lengthy\s+)?(?P<what>statement|"
        r"interview|post|letter|speech|press\s+release|tweet|blog\s+post|message|email|"
        r"e-mail|video|address|briefing|press\s+conference|news\s+conference|op-ed|column|"
        r"editorial|broadcast|podcast|communiqué|filing|ruling|judgment|testimony)"
        rf"(?:\s+(?:to|with|on|for|in|published\s+by|broadcast\s+by)\s+(?:the\s+)?"
        rf"(?P<name>{_NAME_TOKEN}(?: {_NAME_TOKEN})*))?)",
        flags=re.I,
    ),
    # "in the court's annual report", "in the report", "in The Lancet"
    re.compile(
        r"^\s*,?\s*(?P<phrase>in\s+(?P<name>(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"
        r"(?:[\w\-]+['’]s?\s+)?(?:[\w\-]+\s+){0,3}?(?:report|study|paper|book|memoir|article|"
        r"review|assessment|document|submission|resolution|decision|findings|newsletter)))\b",
        flags=re.I,
    ),
    # "on Twitter", "on state television"
    re.compile(
        r"^\s*,?\s*(?P<phrase>on\s+(?P<name>Twitter|X|Facebook|Instagram|Telegram|Weibo|WeChat|"
        r"YouTube|TikTok|LinkedIn|Bluesky|Mastodon|social\s+media|state\s+television|"
        r"state\s+TV|national\s+television|(?:the\s+)?radio|television))\b",
    ),
]
_GENERIC_AUDIENCE = frozenset(
    ["reporters", "journalists", "the", "press", "parliament", "lawmakers"]
)
CITATION = re.compile(
    r"\((?:via\s+|source:\s*)?(?P<name>[A-Z][\w&’'.\- ]{1,60}?)(?:,\s*|\s+)"
    r"(?P<date>\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4})\)"
)


@dataclass(frozen=True)
class Attribution:
    """A quotation's speaker as the text gives it, with the cue and the intermediary."""

    speaker_as_written: str | None
    name: str | None
    kind: str | None
    attribution: str
    cue: str
    intermediary: str | None = None
    intermediary_phrase: str = ""
    affiliation: str | None = None


@dataclass(frozen=True)
class Mention:
    start: int
    name: str
    kind: str


def attributes(sentence: str) -> bool:
    """Whether a sentence holds a reporting verb or an "according to": words in it are given
    to someone."""
    return bool(
        VERB_RE.search(sentence) or ACCORDING_TO.search(sentence) or _PUT_IT.search(sentence)
    )


def name_kind(phrase: str) -> tuple[str, str] | None:
    """A name phrase as (name, kind): titles dropped from people, "the" from organizations;
    None when the words are not a name (a place, a sentence opener)."""
    phrase = " ".join(phrase.strip(" ,;:").split())
    if not phrase:
        return None
    if ORG_HEADS.match(phrase):
        return re.sub(r"^the\s+", "", phrase, flags=re.I), "organization"
    tokens = phrase.split()
    while tokens and tokens[0].lower().strip(".") in NOT_NAMES | {"the"}:
        tokens = tokens[1:]
    if not tokens:
        return None
    lowered = [token.lower().strip(".,’'") for token in tokens]
    if any(word in ORG_WORDS for word in lowered) or any(_acronym(t) for t in tokens):
        if all(_acronym(t) or t.lower() in TITLES for t in tokens) and len(tokens) > 1:
            pass
        else:
            first_person = _after_titles(tokens)
            if (
                first_person
                and _acronym(tokens[0])
                and len(first_person) >= 2
                and not any(word.lower() in ORG_WORDS for word in first_person)
            ):
                return " ".join(first_person), "person"
            return " ".join(tokens), "organization"
    rest = _after_titles(tokens)
    if not rest or not all(token[:1].isupper() or token.lower() in CONNECTORS for token in rest):
        return None
    if all(token.lower().strip(".") in DEMONYMS | NOT_NAMES for token in rest):
        return None
    if len(rest) > 5:
        return None
    return " ".join(rest), "person"


def _acronym(token: str) -> bool:
    bare = token.strip(".,’'")
    return len(bare) >= 2 and bare.replace(".", "").isupper() and bare.isalpha()


def _after_titles(tokens: list[str]) -> list[str]:
    """The tokens after the last title word ("ICC Chief Prosecutor Fatou Bensouda")."""
    last_title = -1
    for index, token in enumerate(tokens[:-1]):
        bare = token.lower().strip(".,")
        if bare in TITLES or _acronym(token):
            last_title = index
    return tokens[last_title + 1 :]


def mentions(text: str) -> list[Mention]:
    """Names of people and organizations in the order the text gives them (for "he said")."""
    found = []
    surnames: dict[str, str] = {}
    for match in NAME_RUN.finditer(text):
        parsed = name_kind(match.group())
        if parsed is None:
            continue
        name, kind = parsed
        if kind == "person" and len(name.split()) < 2:
            # A surname alone refers to the first person introduced with it ("Camilleri").
            if name not in surnames:
                continue
            name = surnames[name]
        elif kind == "person":
            surnames.setdefault(name.split()[-1], name)
        found.append(Mention(match.start(), name, kind))
    return found


class Resolver:
    """Resolves pronouns and surnames against the names met earlier in one text."""

    def __init__(self, text: str):
        self.mentions = mentions(text)
        self.speakers: list[Mention] = []

    def last(self, before: int, kind: str) -> Mention | None:
        candidates = [m for m in (*self.mentions, *self.speakers) if m.start < before]
        candidates = [m for m in candidates if m.kind == kind]
        return max(candidates, key=lambda m: m.start) if candidates else None

    def full_name(self, name: str, before: int) -> str:
        """ "Erdogan" -> "Recep Tayyip Erdogan" when the text named him in full earlier."""
        if " " in name:
            return name
        for mention in reversed(self.mentions):
            if (
                mention.start < before
                and mention.kind == "person"
                and mention.name.split()[-1] == name
            ):
                return mention.name
        return name

    def heard(self, start: int, name: str, kind: str) -> None:
        self.speakers.append(Mention(start, name, kind))


def subject(phrase: str, *, at: int, resolver: Resolver) -> Attribution | None:
    """The speaker named by a phrase that precedes (or follows) a reporting verb."""
    phrase = phrase.strip(" ,;:—–-")
    if not phrase or len(phrase) > 200:
        return None
    lowered = phrase.lower()
    if lowered in PRONOUNS:
        kind = PRONOUNS[lowered]
        if kind == "unnamed":
            return Attribution(phrase, phrase, "unnamed", phrase, "")
        mention = resolver.last(at, kind)
        if mention is None:
            return Attribution(phrase, None, None, phrase, "")
        return Attribution(phrase, mention.name, mention.kind, phrase, "")
    appositive = None
    head = phrase
    if "," in phrase:
        head, _, appositive = phrase.partition(",")
        appositive = appositive.strip(" ,")
        if not _is_appositive(appositive):
            return None
    parsed = name_kind(head) if head[:1].isupper() or ORG_HEADS.match(head) else None
    if parsed is not None and head[:1].isupper() and _unnamed(head):
        parsed = None  # "Critics said": a capital that only opens the sentence
    if parsed is None and head[:1].islower() and not ORG_HEADS.match(head):
        described = _described(head)
        if described is not None:
            parsed = described
    if parsed is None:
        unnamed = _unnamed(head)
        if unnamed is None:
            return None
        return Attribution(unnamed, unnamed, "unnamed", phrase, "")
    name, kind = parsed
    if kind == "person":
        name = resolver.full_name(name, at)
    affiliation = _affiliation(appositive) if appositive else None
    return Attribution(head.strip(), name, kind, phrase, "", affiliation=affiliation)


def _described(head: str) -> tuple[str, str] | None:
    """A name after a description: "the engineer Klaus Richter", "the news agency Anadolu"."""
    runs = list(NAME_RUN.finditer(head))
    if not runs or runs[-1].end() != len(head.rstrip()):
        return None
    description = head[: runs[-1].start()].lower().split()
    if not description or description[0] not in {"the", "a", "an", "its", "their", "his", "her"}:
        return None
    parsed = name_kind(runs[-1].group())
    if parsed is None:
        return None
    if any(word in ORG_WORDS for word in description):
        return parsed[0], "organization"
    return parsed


def _is_appositive(text: str) -> bool:
    first = text.split(" ", 1)[0] if text else ""
    return bool(first) and (
        first.lower() in {"a", "an", "the", "who", "whose", "one", "its", "his", "her", "their"}
        or first.lower() in TITLES
        or first.lower() in DEMONYMS
        or first[:1].islower()
        or first[:1].isdigit()
    )


def _affiliation(appositive: str) -> str | None:
    """The organization an appositive names: "a spokesman for the World Uyghur Congress"."""
    match = re.search(
        rf"\b(?:for|of|at|with|from)\s+(?:the\s+)?({_NAME_TOKEN}(?:\s+(?:of|for|the|and|&)?\s*{_NAME_TOKEN})*)",
        appositive,
    )
    if not match:
        return None
    parsed = name_kind(match.group(1))
    return parsed[0] if parsed and parsed[1] == "organization" else None


def _unnamed(phrase: str) -> str | None:
    """An unnamed speaker ("critics", "a government source", "Chinese state media"), or None."""
    tokens = phrase.split()
    if not tokens or len(tokens) > 8:
        return None
    # "one official in Diyarbakir", "farmers in the southeast": the head comes before the place.
    lowered = [token.lower().strip(".,’'") for token in tokens]
    cut = next(
        (i for i, word in enumerate(lowered) if word in {"in", "from", "at", "of", "with", "on"}),
        len(tokens),
    )
    if cut == 0 or lowered[cut - 1] not in UNNAMED_HEADS or cut > 5:
        return None
    # Everything before the head must be determiners and adjectives, not a clause.
    for token in tokens[: cut - 1]:
        if VERB_RE.fullmatch(token.lower()) or token.lower() in {"that", "which", "who", "and"}:
            return None
    # A capitalized opening word is a name ("Smith officials") unless it only opens the sentence.
    if (
        any(token[:1].isupper() for token in tokens[: cut - 1] if token.lower() not in DEMONYMS)
        and tokens[0][:1].isupper()
        and tokens[0].lower() not in NOT_NAMES | DEMONYMS | UNNAMED_HEADS
    ):
        return None
    return " ".join(tokens)


def intermediary(rest: str) -> tuple[str, str] | None:
    """(name, phrase) of the channel named right after a reporting verb, or None."""
    rest = rest.replace("\n", " ")
    for index, pattern in enumerate(_INTERMEDIARY_PATTERNS):
        match = pattern.match(rest)
        if not match:
            continue
        phrase = match.group("phrase").strip()
        name = match.groupdict().get("name")
        if index == 0:
            if name is None or name.lower() in _GENERIC_AUDIENCE:
                continue
            parsed = name_kind(name)
            if parsed is None:
                continue
            return parsed[0], phrase
        if index == 1 and not name:
            what = match.group("what")
            article = re.search(r"\b(an?|the|its|his|her|their)\s", phrase, re.I)
            return f"{article.group(1) if article else 'a'} {what}".strip(), phrase
        return (name or phrase).strip(), phrase
    return None


def _told(rest: str) -> tuple[str, str] | None:
    match = re.match(rf"^\s*(?:the\s+)?({_NAME_TOKEN}(?: {_NAME_TOKEN})*)", rest)
    if not match:
        return None
    parsed = name_kind(match.group(1))
    if parsed is None:
        return None
    return parsed[0], match.group().strip()


def channel(verb: str, rest: str) -> tuple[str, str] | None:
    """The intermediary of a cue, from its verb and the words after it."""
    if verb.lower() in {"told", "tells", "tell"}:
        told = _told(rest)
        if told:
            name, phrase = told
            return name, f"{verb} {phrase}"
    return intermediary(rest)


_TRAIL_INVERTED = re.compile(
    rf"^\s*[,;:]?\s*(?:[—–-]\s*)?(?P<verb>{_VERB})\s+(?P<who>(?!to\b|in\b|on\b|that\b|it\b)"
    rf"[^,;:!?“”\"]{{1,80}}?(?:,\s*[^,;:!?“”\"]{{1,160}}?)?)(?P<rest>)\s*[.;!?]?\s*$"
)
_TRAIL_INTERVIEW = re.compile(
    rf"^\s*[:—–-]\s*(?:an?\s+|the\s+)?(?:conversation|interview|talk|q&a|chat|portrait|"
    rf"encounter)\s+with\s+(?P<who>{_NAME_TOKEN}(?: {_NAME_TOKEN}){{0,3}})",
    flags=re.I,
)
_TRAIL_DIRECT = re.compile(
    rf"^\s*[,;:]?\s*(?:[—–-]\s*)?(?P<who>[^.;:!?“”\"]{{1,200}}?)\s+{_AUX}(?P<verb>{_VERB})\b(?P<rest>[^.;!?“”\"]*)"
)
_LEAD_COLON = re.compile(
    rf"(?P<who>[^.;!?“”\"]{{1,200}}?)\s+{_AUX}(?P<verb>{_VERB})\b(?P<rest>[^.;!?“”\"]{{0,80}}?)\s*[:,]\s*$"
)


def _cue(verb: str, rest: str) -> str:
    return " ".join(f"{verb}{rest}".split()).strip(" ,:;")


def from_trail(trail: str, *, at: int, resolver: Resolver) -> Attribution | None:
    """The cue after the closing mark: “…,” said X / “…,” X said / “…,” he said to AFP."""
    according = re.match(r"^\s*[,;]?\s*according\s+to\s+(?P<who>[^.;!?“”\"]{1,160})", trail, re.I)
    if according:
        return _according(according.group("who"), at=at, resolver=resolver)
    interview = _TRAIL_INTERVIEW.match(trail)
    if interview:
        found = subject(interview.group("who"), at=at, resolver=resolver)
        if found is not None and found.kind == "person":
            return _with_cue(found, trail[: interview.start("who")].strip(" :—–-"), "")
    match = _TRAIL_DIRECT.match(trail)
    if match:
        found = subject(match.group("who"), at=at, resolver=resolver)
        if found is not None:
            return _with_cue(found, match.group("verb"), match.group("rest"))
    match = _TRAIL_INVERTED.match(trail)
    if match:
        found = subject(match.group("who"), at=at, resolver=resolver)
        if found is not None and found.kind is not None:
            return _with_cue(found, match.group("verb"), match.group("rest"))
    return None


def from_lead(lead: str, *, at: int, resolver: Resolver) -> Attribution | None:
    """The cue before the opening mark: X said: “…” / X termed it “…” / according to X, “…”."""
    according = list(ACCORDING_TO.finditer(lead))
    if according:
        who = lead[according[-1].end() :]
        who = re.split(r"[,:;]", who, maxsplit=1)[0]
        found = _according(who, at=at, resolver=resolver)
        if found is not None:
            return found
    match = _LEAD_COLON.search(lead)
    if match:
        found = _subject_before(lead[: match.start("verb")], at=at, resolver=resolver)
        if found is not None:
            return _with_cue(found, match.group("verb"), match.group("rest"))
    verbs = list(VERB_RE.finditer(lead))
    for verb in reversed(verbs):
        before = lead[: verb.start()]
        if verb.group() in PARTICIPLES and before.rstrip().endswith(","):
            # ", calling it …": the participle's subject is the sentence's.
            found = _sentence_subject(before, at=at, resolver=resolver)
        else:
            found = _subject_before(before, at=at, resolver=resolver)
        if found is not None:
            rest = lead[verb.end() :]
            return _with_cue(found, verb.group(), rest, fragment=True, lead=lead)
    if lead.rstrip().endswith(":"):
        # "X, a marine biologist, put it bluntly:" introduces X's words without a reporting verb.
        clause = re.split(r"[.;!?]\s", lead.rstrip()[:-1])[-1]
        for piece in clause.split(","):
            runs = [run for run in NAME_RUN.findall(piece) if name_kind(run)]
            people = [run for run in runs if name_kind(run)[1] == "person"]
            if people:
                found = subject(people[0], at=at, resolver=resolver)
                if found is not None:
                    tail = clause.split(people[0], 1)[-1].strip(" ,")
                    cue = tail.rsplit(",", 1)[-1].strip() if tail else ":"
                    return _with_cue(found, cue, "")
        for piece in clause.split(","):
            pronoun = re.match(r"\s*(he|she|they|it)\b", piece, flags=re.I)
            if pronoun:
                found = subject(pronoun.group(1), at=at, resolver=resolver)
                if found is not None and found.kind is not None:
                    return _with_cue(found, piece.strip(), "")
    return None


def _sentence_subject(text: str, *, at: int, resolver: Resolver) -> Attribution | None:
    """The subject that opens a sentence: "The Coastal Health Alliance today welcomed …"."""
    text = DATELINE.sub("", text)
    opening = re.match(rf"\s*(?:The\s+)?(?P<who>{_NAME_TOKEN}(?: {_NAME_TOKEN})*)", text)
    if opening:
        found = subject(opening.group("who"), at=at, resolver=resolver)
        if found is not None and found.kind is not None:
            return found
    words = text.split()
    if words and words[0].lower() in PRONOUNS:
        return subject(words[0], at=at, resolver=resolver)
    return None


def _subject_before(text: str, *, at: int, resolver: Resolver) -> Attribution | None:
    """The speaker named just before a reporting verb, skipping auxiliaries ("had said")."""
    text = text.rstrip(" ,")
    text = re.sub(rf"\s*{_AUX}$", "", text.rstrip() + " ").rstrip()
    text = re.sub(r"\s+(?:has|have|had|was|were|is|also|later|then|reportedly)$", "", text)
    if not text:
        return None
    # The subject starts after the clause that precedes it ("But in 2018, Erdogan").
    candidates = []
    clause = re.split(r"[;:()\[\]—–]|\b(?:and|but|while|as|because|after|before|when)\s", text)[-1]
    pieces = clause.split(",")
    # "X, a spokesman for Y, said" and "X, an activist who lives in Z said".
    for count in range(1, min(len(pieces), 3) + 1):
        candidates.append(",".join(pieces[-count:]).strip())
    for candidate in reversed(candidates):
        head = candidate.split(",")[0].strip()
        tail = head.split()
        # The name is the last run of capitalized words of the head ("In 2018 Erdogan").
        run = NAME_RUN.findall(head)
        if run and head.endswith(run[-1]) and candidate.count(",") == 0:
            found = subject(run[-1], at=at, resolver=resolver)
            if found is not None:
                return found
        if candidate.count(",") and run and head.endswith(run[-1]):
            found = subject(f"{run[-1]},{candidate.split(',', 1)[1]}", at=at, resolver=resolver)
            if found is not None and found.kind is not None:
                return found
        if tail and tail[-1].lower() in PRONOUNS:
            return subject(tail[-1], at=at, resolver=resolver)
        if candidate.count(",") == 0:
            unnamed = _unnamed(" ".join(_unnamed_tail(tail)))
            if unnamed:
                return Attribution(unnamed, unnamed, "unnamed", unnamed, "")
    return None


def _unnamed_tail(tokens: list[str]) -> list[str]:
    """The determiners, adjectives and noun that end a clause: "many critics", "state media"."""
    kept: list[str] = []
    for token in reversed(tokens):
        if VERB_RE.fullmatch(token.lower()) or token.lower() in {"that", "which", "who", "to"}:
            break
        kept.insert(0, token)
        if len(kept) >= 7:
            break
    while len(kept) > 1 and _unnamed(" ".join(kept)) is None:
        kept = kept[1:]
    while kept and kept[0].lower() in {"and", "but", "or", "of"}:
        kept = kept[1:]
    return kept


def _according(who: str, *, at: int, resolver: Resolver) -> Attribution | None:
    who = who.strip()
    found = subject(who, at=at, resolver=resolver)
    if found is None:
        return None
    rest = ""
    return _with_cue(found, "according to", rest)


def _with_cue(
    found: Attribution, verb: str, rest: str, *, fragment: bool = False, lead: str = ""
) -> Attribution:
    cue = _cue(verb, rest if not fragment else rest.rstrip())
    if found.speaker_as_written and found.speaker_as_written.lower() in PRONOUNS:
        cue = f"{found.speaker_as_written} {cue}"
    via = channel(verb, rest) if not fragment else _fragment_channel(rest)
    if via is None and lead:
        via = _opening_channel(lead)
    return Attribution(
        speaker_as_written=found.speaker_as_written,
        name=found.name,
        kind=found.kind,
        attribution=found.attribution,
        cue=cue,
        intermediary=via[0] if via else None,
        intermediary_phrase=via[1] if via else "",
        affiliation=found.affiliation,
    )


def _fragment_channel(rest: str) -> tuple[str, str] | None:
    """A channel between a verb and a quotation further on: "said in a statement that “…”"."""
    found = intermediary(rest)
    if found and found[1].lower().startswith(("in ", "on ", "to ")):
        return found
    return None


# "WASHINGTON, D.C. — June 12, 2024 — " or "ANKARA, March 3 (Reuters) - " opening a story.
DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.’' ]{2,}(?:,\s*[A-Z][\w.]*\.?)?(?:,?\s*[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([^)]{1,40}\))?\s*[—–-]+\s*(?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}\s*[—–-]+\s*)?"
)
_OPENING_CHANNEL = re.compile(
    r"^\s*(?P<phrase>(?:In|in)\s+(?:an?|the|its|his|her|their)\s+(?:written\s+|joint\s+|"
    r"brief\s+|short\s+|televised\s+)?(?P<what>statement|interview|reply|response|letter|"
    r"speech|post|message|email|address|briefing|press\s+release))\s*,"
)


def _opening_channel(lead: str) -> tuple[str, str] | None:
    """A channel opening the sentence: "In a written reply, its chief engineer … said"."""
    match = _OPENING_CHANNEL.match(lead)
    if not match:
        return None
    phrase = match.group("phrase")
    return re.sub(r"^[Ii]n\s+", "", phrase), phrase


def citation(paragraph: str) -> tuple[str, str] | None:
    """(name, as printed) of a citation closing a paragraph: "(Guardian News 29/12/2020)"."""
    matches = list(CITATION.finditer(paragraph))
    if not matches or paragraph[matches[-1].end() :].strip(" .") != "":
        return None
    match = matches[-1]
    return match.group("name").strip(), match.group()
