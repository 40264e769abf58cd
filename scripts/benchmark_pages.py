#!/usr/bin/env python
"""Time the main public pages and count their SQL queries, in-process, as a Markdown table.

Run it against a database that holds generated data (see "Benchmarks" in the README):

    DJANGO_DEBUG=1 DJANGO_SQLITE_PATH=/tmp/bench.sqlite3 .venv/bin/python scripts/benchmark_pages.py

Settings come from the environment, as for manage.py. Each page is requested once to warm up,
then --runs times; the table gives the median and the worst time, and the queries of one
request. The exit status is 1 when any page answers other than 200.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from sources.models import (  # noqa: E402
    Appearance,
    Claim,
    Organization,
    Outlet,
    Person,
    Quote,
    Source,
    SourceKind,
    Topic,
    TruthVerdict,
)


def pages() -> list[tuple[str, str]]:
    """(name, path) of the pages to time, with records picked from the published data."""
    quote = Appearance.objects.published().exclude(via=None).values_list("quote", flat=True).first()
    person = (
        Person.objects.published()
        .annotate(quotes_said=Count("quotes"))
        .order_by("-quotes_said")
        .first()
    )
    organization = (
        Organization.objects.published()
        .annotate(quotes_said=Count("quotes"))
        .order_by("-quotes_said")
        .first()
    )
    claim = (
        Claim.objects.published()
        .exclude(verdict=TruthVerdict.UNRATED)
        .annotate(printings=Count("appearances"))
        .order_by("-printings")
        .first()
    )
    source = (
        Source.objects.published()
        .filter(pk__in=Appearance.objects.published().values("source"))
        .values_list("pk", flat=True)
        .first()
    )
    outlet = Outlet.objects.published().annotate(size=Count("sources")).order_by("-size").first()
    topic = Topic.objects.order_by("name").first()
    if None in (quote, person, organization, claim, source, outlet, topic):
        sys.exit("The database holds no published data: run generate_data first.")
    quotes = reverse("quote-list")
    return [
        ("home", reverse("home")),
        ("quotes", quotes),
        ("quotes, page 2", f"{quotes}?page=2"),
        ("quotes, page 200", f"{quotes}?page=200"),
        ("quotes by a speaker, by date said", f"{quotes}?speaker={person.slug}&sort=said"),
        ("quotes of an organization", f"{quotes}?organization={organization.slug}"),
        ("quotes printed by an outlet", f"{quotes}?outlet={outlet.pk}"),
        ("quotes in wire copy", f"{quotes}?kind={SourceKind.WIRE}"),
        ("quotes on a topic", f"{quotes}?topic={topic.slug}"),
        ("quotes in French, 2015–2019", f"{quotes}?language=fr&said_from=2015&said_to=2019"),
        ("quotes with a false claim", f"{quotes}?verdict={TruthVerdict.FALSE}"),
        ("quotes by date published", f"{quotes}?sort=-published"),
        ("quotes, words", f"{quotes}?q=treaty"),
        ("a quote", reverse("quote-detail", kwargs={"pk": quote})),
        ("people", reverse("person-list")),
        ("a person", reverse("person-detail", kwargs={"slug": person.slug})),
        ("organizations", reverse("organization-list")),
        ("an organization", reverse("organization-detail", kwargs={"slug": organization.slug})),
        ("a source", reverse("source-detail", kwargs={"pk": source})),
        ("claims", reverse("claim-list")),
        ("a claim", reverse("claim-detail", kwargs={"pk": claim.pk})),
        ("timeline", reverse("timeline")),
        ("search", f"{reverse('search')}?q=treaty"),
        ("corrections", reverse("corrections")),
        ("feed", reverse("feed-quotes")),
        ("sitemap", reverse("sitemap")),
        ("API: quotes", reverse("api:quote-list")),
        ("API: quotes by a speaker", f"{reverse('api:quote-list')}?speaker={person.slug}"),
        ("API: quotes, words", f"{reverse('api:quote-list')}?q=treaty"),
        ("API: a quote", reverse("api:quote-detail", kwargs={"pk": quote})),
        ("API: people", reverse("api:person-list")),
        ("API: sources", reverse("api:source-list")),
        ("API: claims", reverse("api:claim-list")),
        ("API: events", reverse("api:event-list")),
        ("API: timeline", reverse("api:timeline")),
    ]


def measure(client: Client, path: str, runs: int) -> tuple[int, list[float], int]:
    """The status, the times in ms of `runs` requests after a warm-up, and one's queries."""
    client.get(path)
    times, status, queries = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        status, queries = response.status_code, len(captured.captured_queries)
    return status, times, queries


def host() -> str:
    """A host name the settings accept (the test client's "testserver" is not one of them)."""
    for name in settings.ALLOWED_HOSTS:
        if name not in {"*", ""} and not name.startswith("."):
            return name
    return "localhost"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="Timed requests per page.")
    parser.add_argument("--only", help="Time only the pages whose name contains this.")
    arguments = parser.parse_args()

    client = Client(HTTP_HOST=host())
    failed = []
    print(
        f"{Quote.objects.count():,} quotes ({Quote.objects.published().count():,} public) on "
        f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else connection.pg_version}; "  # noqa: E501
        f"Python {platform.python_version()}, {os.cpu_count()} cores, DEBUG={settings.DEBUG}; "
        f"{arguments.runs} runs per page after one warm-up.\n"
    )
    print("| page | path | status | median (ms) | worst (ms) | queries |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name, path in pages():
        if arguments.only and arguments.only not in name:
            continue
        status, times, queries = measure(client, path, arguments.runs)
        if status != 200:
            failed.append(path)
        shown = path if len(path) <= 60 else path[:57] + "…"
        print(
            f"| {name} | `{shown}` | {status} | {statistics.median(times):.0f} | "
            f"{max(times):.0f} | {queries} |",
            flush=True,
        )
    if failed:
        print(f"\nNot 200: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
