"""The leak rule: no unpublished record, nor its existence, reaches an anonymous reader.

The demo holds records in every review state; on top of it each test adds, with factories, one
unpublished record of every editorial kind whose text holds a marker word found nowhere else.
Every public URL is then read anonymously: no marker word, no unpublished id and no unpublished
URL may appear, and every unpublished record's own page answers 404.
"""

import datetime
import io
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from newsroom.models import EditorialModel
from newsroom.workflow import ReviewState
from sources.models import Claim, Organization, Person, Quote, Source
from tests.factories import (
    AliasFactory,
    AppearanceFactory,
    ClaimAppearanceFactory,
    ClaimFactory,
    CorrectionFactory,
    EventFactory,
    OrganizationFactory,
    OutletFactory,
    ParticipantFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
    TopicFactory,
)

S = ReviewState


@dataclass
class Newsroom:
    markers: list[str] = field(default_factory=list)
    hidden: list = field(default_factory=list)  # every record a reader must not learn of
    published: dict = field(default_factory=dict)

    def mark(self, kind: str) -> str:
        marker = f"Qzx{kind}marker"
        self.markers.append(marker)
        return marker


def unpublished_records() -> list:
    """Every editorial record outside its model's published(): the one definition."""
    records = []
    for model in apps.get_models():
        if issubclass(model, EditorialModel):
            published = model.objects.published().values("pk")
            records.extend(model.objects.exclude(pk__in=published))
    return records


def detail_url(record) -> str | None:
    """The record's own page, when it has one (an event's is an anchor on the timeline)."""
    if not hasattr(record, "get_absolute_url") or record._meta.model_name == "event":
        return None
    return record.get_absolute_url()


def traces(record) -> list[str]:
    """What would give a record away: its id in either spelling, its page's URL."""
    found = [str(record.pk), record.pk.hex]
    if url := detail_url(record):
        found.append(url)
    return found


@pytest.fixture
def newsroom(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    # Readers meet the production site: a 404 must not be Django's debug page.
    settings.DEBUG = False
    room = Newsroom()
    topic = TopicFactory(name="Leak-test topic")

    person = PersonFactory(name=f"Ada {room.mark('person')}", state=S.DRAFT)
    AliasFactory(person=person, name=room.mark("alias"))
    organization = OrganizationFactory(name=f"{room.mark('organization')} Trust", state=S.IN_REVIEW)
    outlet = OutletFactory(name=f"{room.mark('outlet')} Daily", state=S.DRAFT)
    source = SourceFactory(title=f"The {room.mark('source')} file", outlet=outlet, state=S.REJECTED)

    published_person = PersonFactory(name="Published Speaker")
    published_source = SourceFactory(title="A published report")
    published_quote = QuoteFactory(text="Published words of the leak test.", topics=[topic])
    AppearanceFactory(quote=published_quote, source=published_source)

    QuoteFactory(text=f"Draft words {room.mark('quote')}", state=S.DRAFT, topics=[topic])
    QuoteFactory(text=f"Words {room.mark('disputed')}", state=S.DISPUTED)
    # Published itself, but its speaker is not: the quotation is not published either.
    QuoteFactory(text=f"Words {room.mark('speakerless')}", speaker_person=person)
    QuoteFactory(
        text=f"An organization's {room.mark('orgquote')}",
        speaker_person=None,
        speaker_organization=organization,
    )
    # A published quotation's printing, still in review; and one in a rejected source.
    AppearanceFactory(
        quote=published_quote,
        source=published_source,
        text_as_printed=f"Printed {room.mark('appearance')}",
        attribution_as_printed=room.mark("attribution"),
        state=S.IN_REVIEW,
    )
    AppearanceFactory(
        quote=published_quote,
        source=source,
        text_as_printed=f"Printed in a rejected source {room.mark('hiddensource')}",
    )
    # A published printing citing a source that is not published: its page is never linked.
    AppearanceFactory(
        quote=QuoteFactory(
            text="Words relayed through a draft wire.", speaker_person=published_person
        ),
        source=published_source,
        via=SourceFactory(title="An unpublished wire", state=S.DRAFT),
        via_as_printed="(a wire report)",
    )

    claim = ClaimFactory(text=f"The {room.mark('claim')} claim", state=S.DISPUTED)
    ClaimAppearanceFactory(claim=claim, source=published_source)
    ClaimFactory(
        text=f"The {room.mark('verdict')} claim",
        verdict="false",
        verdict_summary=f"Summary {room.mark('summary')}",
        reviewed_on=datetime.date(2021, 1, 5),
        state=S.VERIFIED,
        quotes=[published_quote],
    )
    # Retracted with no correction: nothing of it is public.
    ClaimFactory(text=f"The {room.mark('retracted')} claim", state=S.RETRACTED)
    # Corrected while published, then sent back to review: the correction would reveal it.
    CorrectionFactory(
        record=QuoteFactory(text=f"Words {room.mark('corrected')}", state=S.IN_REVIEW),
        what_was_wrong=f"Wrong {room.mark('wrong')}",
        what_changed=f"Changed {room.mark('changed')}",
    )

    event = EventFactory(
        title=f"The {room.mark('event')} happens",
        description=f"Details {room.mark('eventdetail')}",
        state=S.DRAFT,
        sources=[published_source],
    )
    ParticipantFactory(event=event, person=published_person)
    room.hidden = unpublished_records()
    room.published = {
        "quotes": list(Quote.objects.published()),
        "people": list(Person.objects.published()),
        "organizations": list(Organization.objects.published()),
        "sources": list(Source.objects.published()),
        "claims": list(Claim.objects.published()),
        "draft_person": person,
        "draft_organization": organization,
        "draft_outlet": outlet,
        "draft_source": source,
        "topic": topic,
    }
    return room


@pytest.fixture
def reader(client):
    """An anonymous reader; a page that fails shows its 500, as in production, and the test
    carries on reading the other pages."""
    client.raise_request_exception = False
    return client


def public_urls(room: Newsroom) -> list[str]:
    published = room.published
    person, organization = published["draft_person"], published["draft_organization"]
    outlet, source, topic = published["draft_outlet"], published["draft_source"], published["topic"]
    quotes = reverse("quote-list")
    # Filters naming unpublished records (by id or slug) must not reveal them.
    filters = [
        "",
        "?q=words",
        "?sort=published",
        "?language=en",
        f"?topic={topic.slug}",
        f"?speaker={person.pk}",
        f"?speaker={person.slug}",
        f"?person={person.slug}",
        f"?organization={organization.slug}",
        f"?organization={organization.pk}",
        f"?outlet={outlet.pk}",
        f"?source={source.pk}",
        "?verdict=false",
        "?said_after=2021-01-01&said_before=2019-01-01",
        "?page=2",
    ]
    urls = [reverse("home"), *(quotes + query for query in filters)]
    urls += [
        record.get_absolute_url()
        for kind in ("quotes", "people", "organizations", "sources", "claims")
        for record in published[kind]
    ]
    urls += [
        reverse("person-list"),
        reverse("organization-list"),
        reverse("claim-list"),
        reverse("claim-list") + "?verdict=false",
        reverse("timeline"),
        reverse("timeline") + f"?person={person.slug}",
        reverse("timeline") + f"?organization={organization.slug}",
        reverse("timeline") + f"?topic={topic.slug}",
        reverse("corrections"),
        reverse("feed-quotes"),
        reverse("sitemap"),
    ]
    return urls


def typed(url: str) -> list[str]:
    """What the reader typed in the URL's query, longest first."""
    values = [value for _, value in parse_qsl(urlsplit(url).query) if value]
    return sorted(values, key=len, reverse=True)


def echo_removed(content: str, url: str) -> str:
    """A page may repeat what the reader typed ("there is no person “x”"); that tells them
    nothing they did not know."""
    for value in typed(url):
        content = content.replace(escape(value), "").replace(value, "")
    return content


def search_echo_removed(content: str, marker: str) -> str:
    """The search page repeats the query in its box and its title; that is not a leak."""
    for echo in (f'value="{marker}"', f"Search: {marker}", f"“{marker}”"):
        content = content.replace(echo, "")
    return content


def leaks_in(content: str, room: Newsroom, url: str = "") -> list[str]:
    """Marker words and traces of unpublished records on a page, leaving out the echo of what
    the reader typed: a marker is sought in the page without the echo, an id or URL anywhere
    unless it is itself what was typed."""
    echoed = typed(url)
    found = [
        marker for marker in room.markers if marker.lower() in echo_removed(content, url).lower()
    ]
    for record in room.hidden:
        found += [
            f"{record._meta.model_name} {trace}"
            for trace in traces(record)
            if trace in content and trace not in echoed
        ]
    return found


@pytest.mark.django_db
def test_no_public_page_reveals_an_unpublished_record(reader, newsroom):
    leaks = {}
    for url in public_urls(newsroom):
        response = reader.get(url)
        if found := leaks_in(response.content.decode(), newsroom, url):
            leaks[url] = found

    assert leaks == {}


@pytest.mark.django_db
def test_every_public_page_answers_an_anonymous_reader(reader, newsroom):
    statuses = {url: reader.get(url).status_code for url in public_urls(newsroom)}

    assert {url: status for url, status in statuses.items() if status != 200} == {}


@pytest.mark.django_db
def test_search_for_an_unpublished_records_words_finds_nothing(reader, newsroom):
    leaks = {}
    for marker in newsroom.markers:
        response = reader.get(reverse("search"), {"q": marker})
        content = response.content.decode()
        assert response.status_code == 200
        assert "Nothing published matches" in content, marker
        if found := leaks_in(search_echo_removed(content, marker), newsroom):
            leaks[marker] = found

    assert leaks == {}


@pytest.mark.django_db
def test_every_unpublished_records_page_answers_404(reader, newsroom):
    pages = {url for record in newsroom.hidden if (url := detail_url(record))}
    statuses = {url: reader.get(url).status_code for url in pages}

    assert len(pages) >= 8
    assert {url: status for url, status in statuses.items() if status != 404} == {}


@pytest.mark.django_db
def test_the_leak_test_covers_every_editorial_kind_and_state(newsroom):
    kinds = {record._meta.model_name for record in newsroom.hidden}
    states = {record.state for record in newsroom.hidden}

    assert kinds >= {
        "quote",
        "appearance",
        "claim",
        "event",
        "person",
        "organization",
        "source",
        "outlet",
    }
    assert states >= {S.DRAFT, S.IN_REVIEW, S.VERIFIED, S.DISPUTED, S.REJECTED, S.RETRACTED}
    # The quotation of an unpublished speaker is published in itself, yet hidden.
    assert any(record.state == S.PUBLISHED for record in newsroom.hidden)
