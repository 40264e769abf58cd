#!/usr/bin/env python
"""Time proposal on ~5 KB articles against a database of 10,000 people and organizations.

    .venv/bin/python scripts/benchmark_ingest.py [--entities 10000] [--quotes 5000]
        [--articles 300] [--seed 1]

It migrates a temporary SQLite database (removed at the end), fills it in bulk with people,
organizations (with aliases), outlets and quotations named and worded like the synthetic
newsroom's (newsroom/synthetic.py), loads the matching index once, then proposes from generated
articles of about 5 KB (wire-style quotations, "he said" chains, unnamed speakers, scare quotes,
intermediaries, dated mentions) on one core, and prints articles per second. Speakers are partly
in the database (found exactly or with a spelling slip, so fuzzy matching runs) and partly not.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SENTENCES = [
    "We cannot accept an agreement that was written behind closed doors",
    "The numbers in this report do not add up, and everyone in the region knows it",
    "This is the most important decision for our harbour towns in a generation",
    "Nobody asked the farmers, and nobody is asking them now",
    "We will take this case to every court that will hear us",
    "The ministry has never shown us the maps … or the contracts",
    "[The government] promised water and delivered cement",
    "Our members have lost a third of their income since the dam was built",
]
REPORTING = [
    "“{s},” said {name}, a {role} of the {org}.",
    "{name}, a {role} for the {org}, said: “{s}.”",
    "“{s},” {name} told {outlet}. “We are not going anywhere.”",
    "“{s},” {pronoun} said in a statement.",
    "“{s},” one official in {city} said, speaking on condition of anonymity.",
    "Critics called the plan a ‘{scare}’ and said it would fail.",
    "In {year}, {name} had said the talks were going well.",
    "The report, titled “{title}”, was published in {month} {year}.",
    "According to {outlet}, the deal was signed at the weekend.",
    "{name} claimed that the region was doing “{word}” under the new rules.",
]
FILLER = (
    "The agreement has been debated for months in the capital, where opposition deputies say "
    "the text was negotiated without consultation. Officials in the provinces have asked for "
    "the full annexes to be published before any vote is held."
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=10_000, help="people and organizations")
    parser.add_argument("--quotes", type=int, default=5_000, help="quotations already recorded")
    parser.add_argument("--articles", type=int, default=300, help="articles to propose from")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def setup_django(database: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="1",
        DJANGO_SQLITE_PATH=str(database),
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)


def fill(rng: random.Random, entities: int, quotes: int) -> list[str]:
    """Bulk-create the records; the names of people in the database, for the articles."""
    from django.db import transaction

    from newsroom.synthetic import FIRST_NAMES, LAST_NAMES, ORG_FORMS, ORG_SUBJECTS, ORG_WORDS
    from sources.models import Alias, Organization, Outlet, Person, Quote
    from sources.names import fold

    people, organizations, seen = [], [], set()
    initials = "ABCDEFGHJKLMNPRSTVW"
    while len(people) < entities * 4 // 5:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(initials)}. {rng.choice(LAST_NAMES)}"
        if fold(name) in seen:
            continue
        seen.add(fold(name))
        people.append(
            Person(id=uuid.uuid4(), name=name, name_folded=fold(name), slug=f"p{len(people)}")
        )
    while len(organizations) < entities - len(people):
        kind = rng.choice(list(ORG_FORMS))
        name = rng.choice(ORG_FORMS[kind]).format(
            a=rng.choice(ORG_WORDS), s=rng.choice(ORG_SUBJECTS)
        )
        name = f"{name} of {rng.choice(LAST_NAMES)}"
        if fold(name) in seen:
            continue
        seen.add(fold(name))
        organizations.append(
            Organization(
                id=uuid.uuid4(),
                name=name,
                name_folded=fold(name),
                kind=kind,
                slug=f"o{len(organizations)}",
            )
        )
    with transaction.atomic():
        Person.objects.bulk_create(people, batch_size=2000)
        Organization.objects.bulk_create(organizations, batch_size=2000)
        # A variant without the middle initial, for a fifth of the people.
        short = {}
        for person in people[: len(people) // 5]:
            first, _, last = person.name.split(" ", 2)
            short.setdefault(fold(f"{first} {last}"), (person, f"{first} {last}"))
        Alias.objects.bulk_create(
            [
                Alias(id=uuid.uuid4(), person=person, name=name, name_folded=folded)
                for folded, (person, name) in short.items()
                if folded not in seen
            ],
            batch_size=2000,
        )
        Outlet.objects.bulk_create(
            [
                Outlet(id=uuid.uuid4(), name=name, kind="wire")
                for name in ("AFP", "Reuters", "Anadolu")
            ]
        )
        Quote.objects.bulk_create(
            [
                Quote(
                    id=uuid.uuid4(),
                    text=f"{rng.choice(SENTENCES)} and {rng.choice(SENTENCES).lower()} ({number})",
                    speaker_person=rng.choice(people),
                )
                for number in range(quotes)
            ],
            batch_size=2000,
        )
    return [person.name for person in people]


def article(rng: random.Random, known: list[str], size: int = 5000) -> str:
    from newsroom.synthetic import CITIES, LAST_NAMES, ORG_SUBJECTS, ROLES

    paragraphs = []
    while sum(len(p) + 2 for p in paragraphs) < size:
        choice = rng.random()
        if choice < 0.4:
            name = rng.choice(known)
        elif choice < 0.55:
            name = rng.choice(known)
            name = name[:-2] + name[-1]  # a spelling slip: fuzzy matching
        else:
            name = f"Ana {rng.choice(LAST_NAMES)}-{rng.choice(LAST_NAMES)}"
        line = rng.choice(REPORTING).format(
            s=rng.choice(SENTENCES),
            name=name,
            role=rng.choice(ROLES),
            org=f"{rng.choice(ORG_SUBJECTS)} Council",
            outlet=rng.choice(["AFP", "Reuters", "Anadolu"]),
            pronoun="he",
            city=rng.choice(CITIES),
            scare=rng.choice(["reform", "re-education", "security measure"]),
            year=rng.randint(1995, 2024),
            title=f"{rng.choice(ORG_SUBJECTS)} Without Borders",
            month=rng.choice(["May", "June", "December"]),
            word=rng.choice(["happily", "safely"]),
        )
        paragraphs.append(f"{line} {FILLER}")
    return "\n\n".join(paragraphs)


def main() -> None:
    args = parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "benchmark.sqlite3")
        started = time.perf_counter()
        known = fill(rng, args.entities, args.quotes)
        filled = time.perf_counter() - started

        from sources.ingest.catalog import load_index
        from sources.ingest.extract import propose
        from sources.ingest.reading import Article

        started = time.perf_counter()
        index = load_index()
        loaded = time.perf_counter() - started
        texts = [article(rng, known) for _ in range(args.articles)]
        propose(Article(text=texts[0]), index=index)  # warm up the regular expressions

        times, proposed = [], 0
        for text in texts:
            started = time.perf_counter()
            result = propose(Article(text=text), index=index)
            times.append(time.perf_counter() - started)
            proposed += len(result.quotations)
        total = sum(times)
        size = statistics.mean(len(text.encode()) for text in texts)
        print(
            f"Database: {len(index.names)} people and organizations "
            f"({args.entities} asked), {len(index.quotations)} recorded quotations and "
            f"printings; filled in {filled:.1f} s, index loaded in {loaded:.2f} s."
        )
        print(
            f"Articles: {len(texts)} of {size / 1024:.1f} KB on average; "
            f"{proposed / len(texts):.1f} quotations proposed per article."
        )
        print(
            f"Proposal: {len(texts) / total:.0f} articles per second on one core "
            f"(median {statistics.median(times) * 1000:.1f} ms, "
            f"worst {max(times) * 1000:.1f} ms per article)."
        )


if __name__ == "__main__":
    main()
