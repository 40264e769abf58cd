"""A synthetic newsroom built in bulk, so that the public pages can be measured at scale.

`build(quotes=N, seed=S)` writes people, organizations, aliases, affiliations, outlets, sources,
quotations with their appearances and `via` chains, claims, events and topics in the proportions
of `plan(N)`, with bulk_create in batches inside one transaction. Every id is a UUID drawn from
the seeded generator, so relations are wired in Python without reading anything back, and one
seed always builds the same newsroom.

bulk_create skips save() and the signals: what save() would derive (folded names, slugs) is set
here, and no history rows are written, which is right for data nobody edited. Synthetic sources
hold no text snapshot, so every passage is "no_snapshot" and the anchor triggers have nothing to
check. Records come in every review state, mostly published, so that the leak rule is exercised
at scale too.
"""

import datetime
import random
import time
import uuid
from bisect import bisect_left
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from django.db import connection, models, transaction
from django.utils import timezone

from newsroom.dates import DatePrecision
from newsroom.history import untracked_writes
from newsroom.workflow import ReviewState
from sources.models import (
    Affiliation,
    Alias,
    AliasKind,
    Appearance,
    AttributionVerdict,
    Claim,
    ClaimAppearance,
    Evidence,
    Organization,
    OrganizationKind,
    Outlet,
    OutletKind,
    Person,
    PrintedForm,
    Quote,
    Source,
    SourceKind,
    Topic,
    TruthVerdict,
    UnanchoredReason,
)
from sources.names import fold
from timeline.models import Event, Participant

T = TypeVar("T")

DEFAULT_BATCH_SIZE = 5000

FIRST_DAY = datetime.date(2005, 1, 1)
LAST_DAY = datetime.date(2025, 6, 30)


@dataclass(frozen=True)
class Plan:
    """How many of each record a synthetic newsroom of `quotes` quotations holds."""

    quotes: int

    @property
    def people(self) -> int:
        return max(10, self.quotes // 20)

    @property
    def organizations(self) -> int:
        return max(4, self.quotes // 100)

    @property
    def outlets(self) -> int:
        return max(6, self.quotes // 500)

    @property
    def sources(self) -> int:
        return max(10, self.quotes // 2)

    @property
    def claims(self) -> int:
        return max(2, self.quotes // 10)

    @property
    def events(self) -> int:
        return max(2, self.quotes // 50)

    @property
    def topics(self) -> int:
        return max(8, min(120, self.quotes // 2000))


class AlreadyGenerated(Exception):
    """The database already holds the newsroom this seed builds."""


# Weighted choices, as (value, weight) pairs.

EDITORIAL_STATES = [
    (ReviewState.PUBLISHED, 80),
    (ReviewState.DRAFT, 5),
    (ReviewState.IN_REVIEW, 5),
    (ReviewState.VERIFIED, 3),
    (ReviewState.DISPUTED, 2),
    (ReviewState.REJECTED, 3),
    (ReviewState.RETRACTED, 2),
]
# Names and outlets are checked once and rarely change: more of them are published.
ENTITY_STATES = [
    (ReviewState.PUBLISHED, 93),
    (ReviewState.DRAFT, 3),
    (ReviewState.IN_REVIEW, 2),
    (ReviewState.VERIFIED, 1),
    (ReviewState.REJECTED, 1),
]
DATE_PRECISIONS = [(DatePrecision.DAY, 85), (DatePrecision.MONTH, 10), (DatePrecision.YEAR, 5)]
OUTLET_KINDS = [
    (OutletKind.NEWSPAPER, 35),
    (OutletKind.ONLINE, 25),
    (OutletKind.BROADCASTER, 10),
    (OutletKind.MAGAZINE, 8),
    (OutletKind.NGO, 7),
    (OutletKind.GOVERNMENT, 6),
    (OutletKind.WIRE, 4),
    (OutletKind.BLOG, 3),
    (OutletKind.COURT, 2),
]
SOURCE_KINDS = {
    OutletKind.WIRE: [(SourceKind.WIRE, 1)],
    OutletKind.NEWSPAPER: [
        (SourceKind.NEWS, 70),
        (SourceKind.OPINION, 20),
        (SourceKind.INTERVIEW, 10),
    ],
    OutletKind.ONLINE: [
        (SourceKind.NEWS, 60),
        (SourceKind.OPINION, 30),
        (SourceKind.SOCIAL_POST, 10),
    ],
    OutletKind.BROADCASTER: [(SourceKind.NEWS, 70), (SourceKind.INTERVIEW, 30)],
    OutletKind.MAGAZINE: [
        (SourceKind.NEWS, 40),
        (SourceKind.OPINION, 40),
        (SourceKind.INTERVIEW, 20),
    ],
    OutletKind.NGO: [(SourceKind.PRESS_RELEASE, 60), (SourceKind.OFFICIAL_REPORT, 40)],
    OutletKind.GOVERNMENT: [(SourceKind.PRESS_RELEASE, 70), (SourceKind.OFFICIAL_REPORT, 30)],
    OutletKind.COURT: [(SourceKind.COURT_DOCUMENT, 1)],
    OutletKind.BLOG: [(SourceKind.OPINION, 1)],
}
# How many sources an outlet of each kind publishes, relative to a newspaper.
OUTLET_OUTPUT = {OutletKind.WIRE: 4, OutletKind.COURT: 0.3, OutletKind.BLOG: 0.5}
ORGANIZATION_KINDS = [
    (OrganizationKind.NGO, 25),
    (OrganizationKind.GOVERNMENT, 25),
    (OrganizationKind.PARTY, 10),
    (OrganizationKind.COMPANY, 10),
    (OrganizationKind.MEDIA, 8),
    (OrganizationKind.LEGISLATURE, 6),
    (OrganizationKind.INTERGOVERNMENTAL, 6),
    (OrganizationKind.COURT, 5),
    (OrganizationKind.RELIGIOUS, 3),
    (OrganizationKind.OTHER, 2),
]
LANGUAGES = [("en", 78), ("fr", 5), ("de", 4), ("es", 4), ("tr", 4), ("ar", 4), ("zh", 1)]
QUOTE_VERDICTS = [
    (AttributionVerdict.CONFIRMED, 45),
    (AttributionVerdict.UNCHECKED, 40),
    (AttributionVerdict.PARAPHRASE, 5),
    (AttributionVerdict.MISATTRIBUTED, 5),
    (AttributionVerdict.UNVERIFIABLE, 5),
]
CLAIM_VERDICTS = [
    (TruthVerdict.UNRATED, 55),
    (TruthVerdict.TRUE, 8),
    (TruthVerdict.MOSTLY_TRUE, 8),
    (TruthVerdict.MIXED, 8),
    (TruthVerdict.MOSTLY_FALSE, 8),
    (TruthVerdict.FALSE, 10),
    (TruthVerdict.UNPROVEN, 3),
]
PRINTED_FORMS = [
    (PrintedForm.FULL, 60),
    (PrintedForm.FRAGMENT, 22),
    (PrintedForm.ELIDED, 12),
    (PrintedForm.PARAPHRASE, 6),
]
APPEARANCES_PER_QUOTE = [(1, 45), (2, 35), (3, 20)]

# Words the generated texts are made of.


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    "Ayşe Mehmet Dilnur Erkin Fatima Ahmed Anna Jonas Zoë José María Lucía Wei Li Mei Chen "
    "Olga Ivan Sofia Mateo Amara Kwame Nia Omar Leila Yusuf Hana Kenji Yuki Priya Arjun Ravi "
    "Sara Tomás Inès Élodie Björn Ingrid Aleksander Zofia Nadia Karim Samira Diego Camila "
    "Gulnara Abdurehim Rahima Tursun Adil Marta Paulo Chiara Luca Aisha Ibrahim Noor Daniel "
    "Hannah Thomas Emily James Grace Samuel Ruth"
)
LAST_NAMES = _words(
    "Yılmaz Kaya Demir Şahin Öztürk Raxit Tohti Abdulla Mamut Qasim Haddad Khalil Mansour "
    "Nasser Rahman Hussain Müller Schmidt Wagner Becker Hoffmann García Martínez López Pérez "
    "Sánchez Dubois Lefèvre Moreau Fournier Rossi Bianchi Ricci Kowalski Nowak Wiśniewska "
    "Ivanova Petrov Smirnov Novak Horvat Nielsen Hansen Johansson Lindqvist Okafor Mensah "
    "Adeyemi Banda Mwangi Otieno Tanaka Suzuki Watanabe Wang Zhang Liu Huang Zhao Kim Park "
    "Nguyen Tran Singh Sharma Patel Gupta Silva Santos Oliveira Costa Murphy Kelly O’Brien "
    "Walsh Campbell Stewart Thompson Evans Roberts Carter Brooks"
)
TITLES = ["President", "Minister", "Senator", "Dr", "Professor", "Ambassador", "Judge"]
ROLES = [
    "spokesman",
    "spokeswoman",
    "chair",
    "director",
    "minister",
    "deputy minister",
    "member",
    "founder",
    "secretary-general",
    "chief economist",
    "lawyer",
    "researcher",
    "press officer",
    "president",
    "ambassador",
    "prosecutor",
]
DESCRIPTIONS = [
    "A politician.",
    "A human-rights lawyer.",
    "A diplomat.",
    "An activist and writer.",
    "A government official.",
    "An economist.",
    "A journalist and commentator.",
    "A judge.",
    "A researcher at a university.",
    "A community organizer.",
]
ORG_WORDS = _words(
    "Northern Southern Eastern Western Central United Federal National Independent Free "
    "Democratic Popular Global International Regional Coastal Highland Continental"
)
ORG_SUBJECTS = _words(
    "Water Energy Labour Press Refugee Trade Health Justice Education Climate Housing Transport "
    "Farmers Women Youth Minority Heritage Digital Mining Fisheries Maritime Defence Finance"
)
ORG_FORMS = {
    OrganizationKind.NGO: ["{a} {s} Watch", "{s} Rights Network", "{a} {s} Alliance"],
    OrganizationKind.GOVERNMENT: ["Ministry of {s}", "{a} {s} Agency", "{a} Office of {s}"],
    OrganizationKind.PARTY: ["{a} {s} Party", "{a} Party"],
    OrganizationKind.COMPANY: ["{a} {s} Holdings", "{s} Group {a}"],
    OrganizationKind.MEDIA: ["{a} {s} Media", "{a} Broadcasting"],
    OrganizationKind.LEGISLATURE: ["{a} Assembly", "{a} {s} Council"],
    OrganizationKind.INTERGOVERNMENTAL: ["{a} {s} Organization", "{a} {s} Commission"],
    OrganizationKind.COURT: ["{a} Court of {s}", "{a} {s} Tribunal"],
    OrganizationKind.RELIGIOUS: ["{a} Council of Faiths", "{a} {s} Foundation"],
    OrganizationKind.OTHER: ["{a} {s} Institute", "{a} {s} Forum"],
}
UNITS = ["Press Office", "Secretariat", "Research Department", "Legal Office", "Youth Wing"]
COUNTRIES = _words("TR CN FR DE GB US NL BE ES IT PL SE NO KE NG ZA IN JP KR BR MX EG JO KZ AU CA")
CITIES = _words(
    "Istanbul Ankara Beijing Urumqi Paris Berlin London Brussels Geneva Madrid Rome Warsaw "
    "Stockholm Nairobi Lagos Cairo Amman Almaty Delhi Tokyo Seoul Toronto Sydney Munich Hague"
)
PAPER_WORDS = _words(
    "Courier Herald Gazette Chronicle Observer Tribune Post Times Ledger Dispatch Review "
    "Record Bulletin Monitor Sentinel Journal Express Mirror"
)
WIRE_WORDS = ["Press Agency", "News Service", "Wire", "Newswire", "Presse"]
OTHER_OUTLET_FORMS = {
    OutletKind.ONLINE: "{a} {w} Online",
    OutletKind.BROADCASTER: "{c} Radio {a}",
    OutletKind.MAGAZINE: "The {a} {w} Magazine",
    OutletKind.NGO: "{a} {s} Watch Reports",
    OutletKind.GOVERNMENT: "{a} Government of {c}",
    OutletKind.BLOG: "{c} {w} Blog",
    OutletKind.COURT: "{a} Court of {c}",
}
# Topics of several words are written with underscores for spaces.
TOPIC_WORDS = [
    words.replace("_", " ")
    for words in _words(
        "water_rights press_freedom extradition refugees elections trade climate energy housing "
        "public_health surveillance minority_rights labour education courts corruption migration "
        "religious_freedom fisheries mining transport defence food_prices taxation pensions "
        "internet_shutdowns policing detention border_disputes sanctions"
    )
]
TOPIC_QUALIFIERS = ["", "in Europe", "in Asia", "in Africa", "in the Americas", "worldwide"]

WORDS = {
    "en": _words(
        "we will not accept any agreement that puts people at risk the government must answer "
        "for this decision our community has waited too long and the law is clear nobody should "
        "be sent back to a country where they face danger the figures show a rise in every "
        "region this is a matter of principle not of politics they have broken their promise "
        "again the treaty gives no protection to those who fled the court has the power to act "
        "we call on parliament to reject it the evidence speaks for itself our doors remain open "
        "to dialogue prices have doubled since last year the water belongs to everyone families "
        "deserve to know the truth about what happened we are ready to cooperate with any "
        "inquiry the report is deeply flawed this is only the beginning of a long process"
    ),
    "fr": _words(
        "nous ne pouvons pas accepter cet accord le gouvernement doit répondre de sa décision "
        "la loi est claire personne ne doit être renvoyé vers un pays où il est en danger les "
        "chiffres montrent une hausse dans chaque région c'est une question de principe"
    ),
    "de": _words(
        "wir werden dieses Abkommen nicht akzeptieren die Regierung muss sich erklären das "
        "Gesetz ist eindeutig niemand darf in ein Land zurückgeschickt werden in dem ihm Gefahr "
        "droht die Zahlen zeigen einen Anstieg in jeder Region"
    ),
    "es": _words(
        "no aceptaremos ningún acuerdo que ponga en riesgo a las personas el gobierno debe "
        "responder por esta decisión la ley es clara nadie debe ser devuelto a un país donde "
        "corra peligro las cifras muestran un aumento en cada región"
    ),
    "tr": _words(
        "insanları riske atan hiçbir anlaşmayı kabul etmeyeceğiz hükümet bu karardan sorumludur "
        "yasa açıktır kimse tehlikede olacağı bir ülkeye geri gönderilmemeli rakamlar her "
        "bölgede bir artış gösteriyor bu bir ilke meselesidir"
    ),
    "ar": _words(
        "لن نقبل أي اتفاق يعرض الناس للخطر يجب على الحكومة أن تجيب عن هذا القرار القانون واضح "
        "لا ينبغي إعادة أحد إلى بلد يواجه فيه الخطر الأرقام تظهر ارتفاعا في كل منطقة"
    ),
    "zh": list(
        "我们不会接受任何让人民面临风险的协议政府必须对这个决定负责法律是明确的数字显示每个地区都在上升"
    ),
}
HEADLINE_SUBJECTS = [
    "Parliament",
    "Ministers",
    "Court",
    "Activists",
    "Officials",
    "Campaigners",
    "Diplomats",
    "Lawmakers",
    "Regulators",
    "Unions",
]
HEADLINE_VERBS = [
    "reject",
    "approve",
    "debate",
    "question",
    "defend",
    "delay",
    "challenge",
    "sign",
    "condemn",
    "review",
]
CLAIM_FORMS = [
    "{n} {thing} were recorded in {c} in {y}",
    "The {org} spent more on {topic} than on {other} in {y}",
    "{thing} in {c} doubled between {y0} and {y}",
    "No {thing} were reported in {c} before {y}",
    "{c} signed {n} agreements on {topic} in {y}",
]
CLAIM_THINGS = ["deportations", "arrests", "strikes", "protests", "court cases", "new laws"]
EVENT_FORMS = [
    "{org} announces a review of {topic}",
    "Talks on {topic} open in {city}",
    "{c} and {c2} sign an agreement on {topic}",
    "Court in {city} rules on {topic}",
    "Protests over {topic} in {city}",
    "{org} publishes its annual report on {topic}",
]
EVENT_ROLES = ["signatory", "speaker", "organizer", "host", "defendant", "ratifying body", ""]
REFERENCES = ["critics", "officials", "a government source", "observers", "diplomats"]


class _Chooser:
    """Weighted choices from the seeded generator, with cumulative weights computed once."""

    def __init__(self, rng: random.Random, options: Sequence[tuple[T, float]]):
        self.rng = rng
        self.values = [value for value, _ in options]
        self.cumulative = []
        total = 0.0
        for _, weight in options:
            total += weight
            self.cumulative.append(total)

    def __call__(self):
        return self.rng.choices(self.values, cum_weights=self.cumulative)[0]


class _Names:
    """The names, slugs and identifiers already taken, in the database and in this run.

    Folded names are owned by one entity: an alias may fold like its own entity's name but
    never like another's, which is what NamedEntity.clean() and Alias.clean() check.
    """

    def __init__(self):
        self.folded: dict[str, uuid.UUID | None] = dict.fromkeys(
            [
                *Person.objects.values_list("name_folded", flat=True),
                *Organization.objects.values_list("name_folded", flat=True),
                *Alias.objects.exclude(kind=AliasKind.REFERENCE).values_list(
                    "name_folded", flat=True
                ),
            ]
        )
        self.slugs = {
            "person": set(Person.objects.values_list("slug", flat=True)),
            "organization": set(Organization.objects.values_list("slug", flat=True)),
            "topic": set(Topic.objects.values_list("slug", flat=True)),
        }
        self.qids = {
            *Person.objects.exclude(wikidata_qid="").values_list("wikidata_qid", flat=True),
            *Organization.objects.exclude(wikidata_qid="").values_list("wikidata_qid", flat=True),
        }
        self.outlets = set(Outlet.objects.values_list("name", flat=True))
        self.topics = set(Topic.objects.values_list("name", flat=True))

    def claim_entity_name(self, name: str, owner: uuid.UUID) -> str | None:
        """The folded form of `name` if no other entity holds it; it is then `owner`'s."""
        folded = fold(name)
        if not folded or folded in self.folded:
            return None
        self.folded[folded] = owner
        return folded

    def claim_alias(self, name: str, owner: uuid.UUID, own: set[str]) -> str | None:
        folded = fold(name)
        if not folded or folded in own or self.folded.get(folded, owner) != owner:
            return None
        self.folded[folded] = owner
        own.add(folded)
        return folded

    def slug(self, kind: str, name: str) -> str:
        base = _slug(name)[:80] or kind
        taken = self.slugs[kind]
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        taken.add(candidate)
        return candidate


def _slug(text: str) -> str:
    """A URL slug for the ASCII-folded words of a name."""
    return "-".join(fold(text).encode("ascii", "ignore").decode().split())


def _first_day(day: datetime.date, precision: str) -> datetime.date:
    """The date as stored for its precision: 1 January for a year, the 1st for a month."""
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    return day


class _Table:
    """Rows of one table, written in batches straight through the database cursor.

    Django's bulk_create compiles every value of every row through the SQL compiler, which
    costs more than the database's own work at this scale; here each column's default and
    conversion are worked out once, and rows go to executemany() (SQLite) or COPY (PostgreSQL).
    Values are given by attname (`quote_id`); the model's defaults fill the rest.
    """

    def __init__(self, model: type[models.Model], *, label: str, batch_size: int, now):
        self.model, self.label, self.batch_size = model, label, batch_size
        ops = connection.ops
        fields = [
            field
            for field in model._meta.concrete_fields
            if not (field.primary_key and isinstance(field, models.AutoField | models.BigAutoField))
        ]
        self.names = [field.attname for field in fields]
        self.defaults = [
            now
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            else field.get_default()
            for field in fields
        ]
        # Only UUIDs need converting: SQLite stores them as hex, PostgreSQL natively.
        self.uuid_columns = [
            index
            for index, field in enumerate(fields)
            if isinstance(getattr(field, "target_field", field), models.UUIDField)
            and not connection.features.has_native_uuid_field
        ]
        table = ops.quote_name(model._meta.db_table)
        columns = ", ".join(ops.quote_name(field.column) for field in fields)
        self.insert = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        self.copy = f"COPY {table} ({columns}) FROM STDIN"
        self.rows: list[list] = []
        self.count = 0

    def add(self, **values) -> None:
        row = [
            values.pop(name, default)
            for name, default in zip(self.names, self.defaults, strict=True)
        ]
        if values:
            raise TypeError(f"{self.model.__name__} has no columns {', '.join(values)}")
        self.rows.append(row)
        if len(self.rows) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        for row in self.rows:
            for index in self.uuid_columns:
                if row[index] is not None:
                    row[index] = row[index].hex
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(self.copy) as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self.insert, self.rows)
        self.count += len(self.rows)
        self.rows = []


@dataclass
class _SourceInfo:
    id: uuid.UUID
    day: int  # date ordinal; sources without a date sort as the first day
    outlet_name: str
    is_wire: bool


class _Builder:
    def __init__(self, *, quotes: int, seed: int, batch_size: int):
        self.plan = Plan(quotes)
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        rng = self.rng
        # Ids grow with a counter under a per-seed prefix: indexes are appended to, not split
        # at random places, which is what makes a hundred thousand inserts a minute's work.
        self.id_prefix = rng.getrandbits(32) << 96
        self.id_counter = 0
        self.editorial_state = _Chooser(rng, EDITORIAL_STATES)
        self.entity_state = _Chooser(rng, ENTITY_STATES)
        self.precision = _Chooser(rng, DATE_PRECISIONS)
        self.language = _Chooser(rng, LANGUAGES)
        self.quote_verdict = _Chooser(rng, QUOTE_VERDICTS)
        self.claim_verdict = _Chooser(rng, CLAIM_VERDICTS)
        self.printed_form = _Chooser(rng, PRINTED_FORMS)
        self.appearance_count = _Chooser(rng, APPEARANCES_PER_QUOTE)
        self.organization_kind = _Chooser(rng, ORGANIZATION_KINDS)
        self.outlet_kind = _Chooser(rng, OUTLET_KINDS)
        self.source_kind = {kind: _Chooser(rng, options) for kind, options in SOURCE_KINDS.items()}
        self.tables: dict[str, _Table] = {}

        self.topic_ids: list[uuid.UUID] = []
        self.topic_names: list[str] = []
        self.people: list[tuple[uuid.UUID, str]] = []
        self.organizations: list[tuple[uuid.UUID, str]] = []
        self.outlets: list[tuple[uuid.UUID, str, str]] = []  # id, name, kind
        self.sources: list[_SourceInfo] = []
        self.wires: list[_SourceInfo] = []  # by date
        self.others: list[_SourceInfo] = []  # by date
        self.other_days: list[int] = []
        self.quote_ids: list[uuid.UUID] = []
        # (source, via) of each quotation's appearances, for the claims that repeat them.
        self.quote_printings: list[tuple[tuple[uuid.UUID, uuid.UUID | None], ...]] = []
        self.claim_ids: list[uuid.UUID] = []

    # Helpers.

    def new_id(self) -> uuid.UUID:
        self.id_counter += 1
        value = self.id_prefix | (self.id_counter << 64) | self.rng.getrandbits(64)
        return uuid.UUID(int=value, version=4)

    def table(self, model: type[models.Model], label: str = "") -> _Table:
        label = label or str(model._meta.verbose_name_plural)
        if label not in self.tables:
            self.tables[label] = _Table(
                model, label=label, batch_size=self.batch_size, now=self.now
            )
        return self.tables[label]

    def skewed(self, items: Sequence[T], power: float = 2.0) -> T:
        """An item, the early ones much more often: a few speakers say most quotations."""
        return items[int(len(items) * self.rng.random() ** power)]

    def some(self, items: Sequence[T], low: int, high: int) -> list[T]:
        return self.rng.sample(items, min(len(items), self.rng.randint(low, high)))

    def random_day(self, start: datetime.date = FIRST_DAY) -> datetime.date:
        return datetime.date.fromordinal(self.rng.randint(start.toordinal(), LAST_DAY.toordinal()))

    def partial(
        self, day: datetime.date | None, *, missing: float = 0.0
    ) -> tuple[datetime.date | None, str]:
        if day is None or self.rng.random() < missing:
            return None, ""
        precision = self.precision()
        return _first_day(day, precision), precision

    def sentence(self, language: str, low: int = 8, high: int = 30) -> str:
        words = WORDS[language]
        count = self.rng.randint(low, high)
        start = self.rng.randrange(len(words))
        picked = [words[(start + n) % len(words)] for n in range(count)]
        # Shuffle a little so that texts differ while keeping runs of real phrases.
        for _ in range(count // 4):
            a, b = self.rng.randrange(count), self.rng.randrange(count)
            picked[a], picked[b] = picked[b], picked[a]
        if language == "zh":
            return "".join(picked) + "。"
        text = " ".join(picked)
        return text[0].upper() + text[1:] + "."

    # The newsroom, in the order its relations need.

    def build(self, progress: Callable[[str], None]) -> dict[str, int]:
        self.names = _Names()
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        first = self.new_id()
        if Topic.objects.filter(pk=first).exists():
            raise AlreadyGenerated(
                "This database already holds the newsroom this seed builds; pick another seed."
            )
        self.build_topics(first)
        phases = [
            ("organizations", self.build_organizations),
            ("people", self.build_people),
            ("outlets", self.build_outlets),
            ("sources", self.build_sources),
            ("aliases and affiliations", self.build_aliases_and_affiliations),
            ("quotations and appearances", self.build_quotes),
            ("claims", self.build_claims),
            ("events", self.build_events),
        ]
        for name, phase in phases:
            started = time.perf_counter()
            phase()
            for table in self.tables.values():
                table.flush()
            progress(f"{name}: {time.perf_counter() - started:.1f} s")
        return {label: table.count for label, table in self.tables.items()}

    def build_topics(self, first_id: uuid.UUID) -> None:
        topics = self.table(Topic)
        pairs = [(word, where) for where in TOPIC_QUALIFIERS for word in TOPIC_WORDS]
        for word, where in pairs:
            if len(self.topic_ids) == self.plan.topics:
                break
            name = f"{word.capitalize()} {where}".strip()
            if name in self.names.topics:
                continue
            self.names.topics.add(name)
            topic_id = self.new_id() if self.topic_ids else first_id
            topics.add(
                id=topic_id,
                name=name,
                slug=self.names.slug("topic", name),
                description=f"Quotations, claims and events about {name.lower()}.",
            )
            self.topic_ids.append(topic_id)
            self.topic_names.append(name)

    def build_organizations(self) -> None:
        organizations = self.table(Organization)
        for number in range(self.plan.organizations):
            org_id = self.new_id()
            parent = None
            # The third always has a parent, so that even a small newsroom has a hierarchy.
            if self.organizations and (number == 2 or self.rng.random() < 0.2):
                parent = self.rng.choice(self.organizations)
            for attempt in range(20):
                if parent is not None:
                    kind = OrganizationKind.OTHER
                    name = f"{parent[1]} {self.rng.choice(UNITS)}"
                else:
                    kind = self.organization_kind()
                    name = self.rng.choice(ORG_FORMS[kind]).format(
                        a=self.rng.choice(ORG_WORDS), s=self.rng.choice(ORG_SUBJECTS)
                    )
                if attempt > 10:
                    name = f"{name} {number}"
                folded = self.names.claim_entity_name(name, org_id)
                if folded:
                    break
            else:
                continue
            organizations.add(
                id=org_id,
                name=name,
                name_folded=folded,
                slug=self.names.slug("organization", name),
                kind=kind,
                country=self.rng.choice(COUNTRIES),
                parent_id=parent[0] if parent else None,
                description=f"A synthetic {OrganizationKind(kind).label}.",
                state=self.entity_state(),
            )
            self.organizations.append((org_id, name))

    def build_people(self) -> None:
        people = self.table(Person)
        for number in range(self.plan.people):
            person_id = self.new_id()
            for attempt in range(30):
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                name = f"{first} {last}"
                if attempt > 3:
                    name = f"{first} {chr(65 + self.rng.randrange(26))}. {last}"
                if attempt > 20:
                    name = f"{name} {number}"
                folded = self.names.claim_entity_name(name, person_id)
                if folded:
                    break
            else:
                continue
            qid = ""
            if self.rng.random() < 0.1 and f"Q{700_000_000 + number}" not in self.names.qids:
                qid = f"Q{700_000_000 + number}"
                self.names.qids.add(qid)
            people.add(
                id=person_id,
                name=name,
                name_folded=folded,
                slug=self.names.slug("person", name),
                wikidata_qid=qid,
                description=self.rng.choice(DESCRIPTIONS),
                state=self.entity_state(),
            )
            self.people.append((person_id, name))

    def build_outlets(self) -> None:
        outlets = self.table(Outlet)
        for number in range(self.plan.outlets):
            # The first two are wires, so that every newsroom has wire copy to repeat.
            kind = OutletKind.WIRE if number < 2 else self.outlet_kind()
            for attempt in range(20):
                word, city = self.rng.choice(PAPER_WORDS), self.rng.choice(CITIES)
                if kind == OutletKind.WIRE:
                    name = f"{self.rng.choice(ORG_WORDS)} {self.rng.choice(WIRE_WORDS)}"
                elif kind == OutletKind.NEWSPAPER:
                    name = f"The {city} {word}"
                else:
                    name = OTHER_OUTLET_FORMS[kind].format(
                        a=self.rng.choice(ORG_WORDS),
                        w=word,
                        c=city,
                        s=self.rng.choice(ORG_SUBJECTS),
                    )
                if attempt > 10:
                    name = f"{name} {number}"
                if name not in self.names.outlets:
                    break
            self.names.outlets.add(name)
            outlet_id = self.new_id()
            organization = self.rng.choice(self.organizations) if self.rng.random() < 0.2 else None
            outlets.add(
                id=outlet_id,
                name=name,
                kind=kind,
                country=self.rng.choice(COUNTRIES),
                website=f"https://www.{_slug(name).replace('-', '')}.example/",
                organization_id=organization[0] if organization else None,
                state=self.entity_state(),
            )
            self.outlets.append((outlet_id, name, kind))

    def build_sources(self) -> None:
        sources = self.table(Source)
        weights = [OUTLET_OUTPUT.get(kind, 1.0) for _, _, kind in self.outlets]
        for outlet in self.rng.choices(self.outlets, weights=weights, k=self.plan.sources):
            outlet_id, outlet_name, outlet_kind = outlet
            source_id = self.new_id()
            if self.rng.random() < 0.03:  # publisher unknown
                outlet_id, outlet_name = None, ""
                kind = SourceKind.SOCIAL_POST if self.rng.random() < 0.5 else SourceKind.OTHER
            else:
                kind = self.source_kind[outlet_kind]()
            day = self.random_day()
            published_on, precision = self.partial(day, missing=0.01)
            subject = self.rng.choice(self.topic_names).lower()
            title = (
                f"{self.rng.choice(HEADLINE_SUBJECTS)} {self.rng.choice(HEADLINE_VERBS)} "
                f"plans on {subject}"
            )
            host = _slug(outlet_name).replace("-", "") or "social"
            url = f"https://www.{host}.example/{day:%Y/%m}/{_slug(title)}-{source_id.hex[-6:]}"
            archive = ""
            if self.rng.random() < 0.3:
                archive = f"https://web.archive.org/web/{day:%Y%m%d}000000/{url}"
            authors = ""
            if kind != SourceKind.WIRE and self.rng.random() < 0.7:
                authors = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            sources.add(
                id=source_id,
                title=title,
                outlet_id=outlet_id,
                authors=authors,
                kind=kind,
                url=url,
                archive_url=archive,
                language="en",
                published_on=published_on,
                published_on_precision=precision,
                date_note="Dated from the archive copy." if precision == DatePrecision.YEAR else "",
                state=self.editorial_state(),
            )
            self.sources.append(
                _SourceInfo(
                    source_id,
                    (published_on or FIRST_DAY).toordinal(),
                    outlet_name,
                    kind == SourceKind.WIRE,
                )
            )
        self.wires = sorted((s for s in self.sources if s.is_wire), key=lambda s: s.day)
        self.others = sorted((s for s in self.sources if not s.is_wire), key=lambda s: s.day)
        if not self.others:  # a tiny newsroom of wire copy only
            self.others = sorted(self.sources, key=lambda s: s.day)
        self.other_days = [s.day for s in self.others]

    def build_aliases_and_affiliations(self) -> None:
        aliases, affiliations = self.table(Alias), self.table(Affiliation)

        def alias(owner: str, entity_id: uuid.UUID, name: str, kind: str, own: set[str]) -> None:
            if kind == AliasKind.REFERENCE:
                folded = fold(name)
                if folded in own:
                    return
                own.add(folded)
            else:
                folded = self.names.claim_alias(name, entity_id, own)
                if folded is None:
                    return
            source = self.rng.choice(self.sources).id if self.rng.random() < 0.3 else None
            aliases.add(
                id=self.new_id(),
                name=name,
                name_folded=folded,
                kind=kind,
                source_id=source,
                **{f"{owner}_id": entity_id},
            )

        for person_id, name in self.people:
            own: set[str] = set()  # an alias may fold like its own entity's name
            roll = self.rng.random()
            if roll < 0.15:
                alias("person", person_id, f"{self.rng.choice(TITLES)} {name}", AliasKind.FULL, own)
            elif roll < 0.3:
                first, *rest = name.split()
                alias("person", person_id, f"{first[0]}. {' '.join(rest)}", AliasKind.VARIANT, own)
            elif roll < 0.4:
                ascii_name = fold(name).title()
                alias("person", person_id, ascii_name, AliasKind.TRANSLITERATION, own)
            for _ in range(self.rng.choice([0, 0, 1, 1, 1, 2])):
                self.add_affiliation(affiliations, person_id)
        for org_id, name in self.organizations:
            own = set()
            roll = self.rng.random()
            initials = "".join(word[0] for word in name.split() if word[0].isupper())
            if roll < 0.4 and len(initials) > 1:
                alias("organization", org_id, initials, AliasKind.ABBREVIATION, own)
            elif roll < 0.5:
                reference = f"the {name.split()[-1].lower()}"
                alias("organization", org_id, reference, AliasKind.REFERENCE, own)
            elif roll < 0.6:
                alias("organization", org_id, f"Former {name}", AliasKind.FORMER, own)

    def add_affiliation(self, affiliations: _Table, person_id: uuid.UUID) -> None:
        started_on, started_precision = self.partial(self.random_day(), missing=0.2)
        ended_on, ended_precision = None, ""
        if started_on and self.rng.random() < 0.3:
            # A year later at least: an end to any precision then falls after the start.
            end = started_on + datetime.timedelta(days=self.rng.randint(366, 3000))
            ended_on, ended_precision = self.partial(min(end, LAST_DAY))
            if ended_on and ended_on < started_on:
                ended_on, ended_precision = None, ""
        affiliations.add(
            id=self.new_id(),
            person_id=person_id,
            organization_id=self.skewed(self.organizations, 1.5)[0],
            role=self.rng.choice(ROLES),
            started_on=started_on,
            started_on_precision=started_precision,
            ended_on=ended_on,
            ended_on_precision=ended_precision,
            source_id=self.rng.choice(self.sources).id if self.rng.random() < 0.3 else None,
        )

    def printings(self) -> list[tuple[_SourceInfo, _SourceInfo | None, str]]:
        """Where one quotation appears: (source, via, via as printed), in publication order.

        A third of the quotations spread by wire: the first printing is wire copy and the
        others name it as their `via`, sometimes at one remove (a paper repeating a paper that
        repeated the wire). Some printings name an origin the desk does not hold.
        """
        count = self.appearance_count()
        chosen: list[tuple[_SourceInfo, _SourceInfo | None, str]] = []
        if count > 1 and self.wires and self.rng.random() < 0.35:
            wire = self.rng.choice(self.wires)
            at = bisect_left(self.other_days, wire.day)
            chosen.append((wire, None, ""))
            for _ in range(count - 1):
                other = self.others[min(at + self.rng.randint(0, 40), len(self.others) - 1)]
                if any(other is source for source, _, _ in chosen):
                    continue
                if len(chosen) > 1 and self.rng.random() < 0.3:
                    via = chosen[-1][0]
                    chosen.append((other, via, f"as reported by {via.outlet_name or 'a blog'}"))
                elif self.rng.random() < 0.85:
                    chosen.append((other, wire, f"told {wire.outlet_name}"))
                else:
                    chosen.append((other, None, ""))
            return chosen
        at = self.rng.randrange(len(self.others))
        for number in range(count):
            other = self.others[min(at + number * self.rng.randint(1, 30), len(self.others) - 1)]
            if any(other is source for source, _, _ in chosen):
                continue
            cited = ""
            if number and self.rng.random() < 0.15:
                cited = f"told {self.rng.choice(self.outlets)[1]}"  # an origin not held
            chosen.append((other, None, cited))
        return chosen

    def build_quotes(self) -> None:
        quotes, topics = self.table(Quote), self.table(Quote.topics.through, "quote topics")
        for _ in range(self.plan.quotes):
            quote_id = self.new_id()
            language = self.language()
            text = self.sentence(language)
            translation = self.sentence("en") if language != "en" else ""
            if self.rng.random() < 0.9:
                speaker = {"speaker_person_id": self.skewed(self.people)[0]}
                speaker_name = None
            else:
                org_id, speaker_name = self.skewed(self.organizations)
                speaker = {"speaker_organization_id": org_id}
            printings = self.printings()
            first_day = datetime.date.fromordinal(min(source.day for source, _, _ in printings))
            said = first_day - datetime.timedelta(days=self.rng.choice([0, 0, 1, 1, 2, 7, 30]))
            said_on, said_precision = self.partial(max(said, FIRST_DAY), missing=0.03)
            state = self.editorial_state()
            quotes.add(
                id=quote_id,
                text=text,
                language=language,
                translation=translation,
                translation_language="en" if translation else "",
                said_on=said_on,
                said_on_precision=said_precision,
                occasion=self.rng.choice(
                    ["", "", "at a press conference", f"in {self.rng.choice(CITIES)}"]
                ),
                attribution_verdict=self.quote_verdict(),
                state=state,
                **speaker,
            )
            for printing in printings:
                self.add_appearance(
                    quote_id, text, language, translation, speaker_name, state, printing
                )
            for topic_id in self.some(self.topic_ids, 1, 3):
                topics.add(quote_id=quote_id, topic_id=topic_id)
            self.quote_ids.append(quote_id)
            self.quote_printings.append(
                tuple((source.id, via.id if via else None) for source, via, _ in printings)
            )

    def add_appearance(
        self,
        quote_id: uuid.UUID,
        text: str,
        language: str,
        translation: str,
        speaker_name: str | None,
        quote_state: str,
        printing: tuple[_SourceInfo, _SourceInfo | None, str],
    ) -> None:
        source, via, via_as_printed = printing
        form = self.printed_form()
        printed, printed_language, reason = text, "", ""
        if translation and self.rng.random() < 0.6:
            form, printed, printed_language = PrintedForm.TRANSLATED, translation, "en"
            reason = UnanchoredReason.TRANSLATION
        elif form == PrintedForm.FRAGMENT:
            words = text.split() if language != "zh" else list(text)
            size = max(1, len(words) // 2)
            start = self.rng.randrange(len(words) - size + 1)
            printed = (" " if language != "zh" else "").join(words[start : start + size])
        elif form == PrintedForm.ELIDED and language != "zh":
            words = text.split()
            printed = f"{' '.join(words[:4])} … {' '.join(words[-4:])}"
            reason = UnanchoredReason.ELISION
        elif form == PrintedForm.PARAPHRASE:
            reason = UnanchoredReason.PARAPHRASE
        else:
            form = PrintedForm.FULL
        if speaker_name:
            attribution = self.rng.choice([speaker_name, f"a spokesman for {speaker_name}"])
        else:
            attribution = self.rng.choice(["", "", "", *REFERENCES])
        # An appearance of an unpublished quotation stands where its quotation stands.
        state = quote_state if quote_state != ReviewState.PUBLISHED else self.editorial_state()
        self.table(Appearance).add(
            id=self.new_id(),
            quote_id=quote_id,
            source_id=source.id,
            via_id=via.id if via else None,
            via_as_printed=via_as_printed,
            form=form,
            language=printed_language,
            text_as_printed=printed,
            attribution_as_printed=attribution,
            attribution_verdict=self.quote_verdict(),
            unanchored_reason=reason,
            state=state,
        )

    def build_claims(self) -> None:
        claims, passages = self.table(Claim), self.table(ClaimAppearance)
        evidence = self.table(Evidence)
        claim_quotes = self.table(Claim.quotes.through, "claim quotes")
        claim_topics = self.table(Claim.topics.through, "claim topics")
        for _ in range(self.plan.claims):
            claim_id = self.new_id()
            verdict = self.claim_verdict()
            reviewed_on = None
            if verdict != TruthVerdict.UNRATED:
                reviewed_on = self.random_day(datetime.date(2010, 1, 1))
            year = self.rng.randint(2008, 2024)
            text = self.rng.choice(CLAIM_FORMS).format(
                n=self.rng.choice([3, 12, 40, 500, 1200, 50000]),
                thing=self.rng.choice(CLAIM_THINGS),
                c=self.rng.choice(CITIES),
                org=self.rng.choice(self.organizations)[1],
                topic=self.rng.choice(self.topic_names).lower(),
                other=self.rng.choice(self.topic_names).lower(),
                y=year,
                y0=year - self.rng.randint(2, 8),
            )
            text = text[0].upper() + text[1:]
            summary = ""
            if reviewed_on:
                summary = f"Rated {TruthVerdict(verdict).label} against the official figures."
            claims.add(
                id=claim_id,
                text=text,
                verdict=verdict,
                verdict_summary=summary,
                reviewed_on=reviewed_on,
                state=self.editorial_state(),
            )
            # Most claims are asserted in quotations: their printings follow the quotations'.
            printings: list[tuple[uuid.UUID, uuid.UUID | None]] = []
            if self.rng.random() < 0.8:
                for index in self.some(range(len(self.quote_ids)), 1, 2):
                    claim_quotes.add(claim_id=claim_id, quote_id=self.quote_ids[index])
                    printings.extend(self.quote_printings[index])
            else:
                printings = [(source.id, None) for source in self.some(self.sources, 1, 2)]
            seen: set[uuid.UUID] = set()
            for source_id, via_id in printings[:3]:
                if source_id in seen:
                    continue
                seen.add(source_id)
                passages.add(
                    id=self.new_id(),
                    claim_id=claim_id,
                    source_id=source_id,
                    via_id=via_id,
                    via_as_printed="according to the wire" if via_id else "",
                    text_as_printed=f"It was said that {text[0].lower()}{text[1:]}",
                    hedged=self.rng.random() < 0.2,
                )
            if reviewed_on:
                for source in self.some(self.sources, 1, 2):
                    use_url = self.rng.random() < 0.3
                    evidence.add(
                        id=self.new_id(),
                        claim_id=claim_id,
                        source_id=None if use_url else source.id,
                        url=f"https://data.example/{claim_id.hex[-8:]}" if use_url else "",
                        note="The official statistics for the year, checked line by line.",
                        checked_on=reviewed_on,
                    )
            for topic_id in self.some(self.topic_ids, 1, 2):
                claim_topics.add(claim_id=claim_id, topic_id=topic_id)
            self.claim_ids.append(claim_id)

    def build_events(self) -> None:
        events, participants = self.table(Event), self.table(Participant)
        links = {
            name: (self.table(getattr(Event, name).through, f"event {name}"), f"{name[:-1]}_id")
            for name in ("sources", "quotes", "claims", "topics")
        }
        for _ in range(self.plan.events):
            event_id = self.new_id()
            precision = self.rng.choice(
                [DatePrecision.DAY] * 6 + [DatePrecision.MONTH] * 3 + [DatePrecision.YEAR]
            )
            starts_on = _first_day(self.random_day(), precision)
            ends_on, ends_precision = None, ""
            if self.rng.random() < 0.15:
                ends_on = starts_on + datetime.timedelta(days=self.rng.randint(400, 900))
                ends_on, ends_precision = _first_day(ends_on, precision), precision
            country, other = self.rng.sample(COUNTRIES, 2)
            title = self.rng.choice(EVENT_FORMS).format(
                org=self.rng.choice(self.organizations)[1],
                topic=self.rng.choice(self.topic_names).lower(),
                city=self.rng.choice(CITIES),
                c=country,
                c2=other,
            )
            events.add(
                id=event_id,
                title=title,
                description="A synthetic event." if self.rng.random() < 0.5 else "",
                starts_on=starts_on,
                starts_on_precision=precision,
                ends_on=ends_on,
                ends_on_precision=ends_precision,
                place=self.rng.choice(CITIES),
                state=self.editorial_state(),
            )
            for _ in range(self.rng.randint(1, 3)):
                if self.rng.random() < 0.7:
                    entity = {"person_id": self.skewed(self.people)[0]}
                else:
                    entity = {"organization_id": self.skewed(self.organizations)[0]}
                participants.add(
                    id=self.new_id(), event_id=event_id, role=self.rng.choice(EVENT_ROLES), **entity
                )
            chosen = {
                "sources": [source.id for source in self.some(self.sources, 1, 3)],
                "quotes": self.some(self.quote_ids, 0, 4),
                "claims": self.some(self.claim_ids, 0, 2),
                "topics": self.some(self.topic_ids, 1, 2),
            }
            for name, ids in chosen.items():
                table, column = links[name]
                for related_id in ids:
                    table.add(event_id=event_id, **{column: related_id})


@contextmanager
def _bulk_session():
    """A larger page cache on SQLite while building: the indexes fit in memory."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def build(
    *,
    quotes: int,
    seed: int,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write a synthetic newsroom of `quotes` quotations; the counts of what was made, by name.

    All or nothing, in one transaction. Raises AlreadyGenerated when this seed's newsroom is
    already in the database (its ids would clash).
    """
    if quotes < 1:
        raise ValueError("a synthetic newsroom needs at least one quotation")
    builder = _Builder(quotes=quotes, seed=seed, batch_size=batch_size)
    # Test data, written straight to the tables: on purpose, without history rows.
    reason = f"generate_data: {quotes} synthetic quotations, seed {seed}"
    with _bulk_session(), untracked_writes(reason), transaction.atomic():
        counts = builder.build(progress or (lambda message: None))
    # The query planners choose indexes from table statistics. SQLite never gathers them by
    # itself and PostgreSQL's autovacuum only some time after a bulk load: without them SQLite
    # walks every published quotation where an index on a join table would do.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts
