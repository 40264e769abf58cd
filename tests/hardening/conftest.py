"""A newsroom saved once per module, that every bad-input test reads and writes against.

Thousands of requests each need a published record of every kind to filter by and a draft of
every kind to edit. Building them for every test would cost more than the requests, so each
module builds them once inside a transaction of its own, which is rolled back when the module
ends; every test still runs in a savepoint of it (pytest-django's `db`), so what one test
writes, the next does not see.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.db import transaction

from newsroom.workflow import ReviewState
from tests import factories
from tests.conftest import role_user

S = ReviewState

SNAPSHOT = (
    "Dilxat Raxit said the treaty is “becoming an instrument of persecution” to AFP. "
    "The imam said: «وَلَا تُفْسِدُوا فِي الْأَرْضِ» and left."
)


@dataclass
class Newsroom:
    """The records and users of the bad-input tests."""

    users: dict = field(default_factory=dict)
    published: dict = field(default_factory=dict)  # one published record per kind
    drafts: dict = field(default_factory=dict)  # one draft per kind, created by the contributor
    bare_source: object = None  # a published source without a text snapshot
    in_review: object = None  # a quotation in review, written by the contributor


def build_newsroom() -> Newsroom:
    room = Newsroom()
    for role, username in (
        ("contributor", "contributor"),
        ("factchecker", "factchecker"),
        ("editor", "editor"),
        ("admin", "administrator"),
    ):
        room.users[role] = role_user(role, username)
    room.users["superuser"] = factories.UserFactory(
        username="root", is_staff=True, is_superuser=True
    )

    topic = factories.TopicFactory(name="Extradition treaty", slug="extradition-treaty")
    person = factories.PersonFactory(name="Dilxat Raxit", slug="dilxat-raxit")
    organization = factories.OrganizationFactory(
        name="World Uyghur Congress", slug="world-uyghur-congress"
    )
    factories.AffiliationFactory(person=person, organization=organization)
    outlet = factories.OutletFactory(name="Vision Times")
    source = factories.SourceFactory(title="Treaty ratified", outlet=outlet, text=SNAPSHOT)
    quote = factories.QuoteFactory(
        text="becoming an instrument of persecution", speaker_person=person, topics=[topic]
    )
    appearance = factories.AppearanceFactory(quote=quote, source=source)
    claim = factories.ClaimFactory(
        text="About 50,000 Uyghurs live in Turkey.",
        verdict="mostly_true",
        reviewed_on=datetime.date(2021, 1, 5),
        quotes=[quote],
    )
    claim.topics.add(topic)
    factories.ClaimAppearanceFactory(claim=claim, source=source)
    factories.EvidenceFactory(claim=claim, source=source)
    event = factories.EventFactory(title="The treaty is ratified", sources=[source])
    event.topics.add(topic)
    factories.ParticipantFactory(event=event, person=person)
    factories.CorrectionFactory(record=quote, created_by=room.users["editor"])
    room.bare_source = factories.SourceFactory(title="A source without its text", outlet=outlet)
    room.published = {
        "topic": topic,
        "person": person,
        "organization": organization,
        "outlet": outlet,
        "source": source,
        "quote": quote,
        "appearance": appearance,
        "claim": claim,
        "event": event,
    }

    author = room.users["contributor"]
    draft = {"state": S.DRAFT, "created_by": author, "last_edited_by": author}
    draft_person = factories.PersonFactory(name="Draft Person", **draft)
    draft_source = factories.SourceFactory(title="Draft source", text=SNAPSHOT, **draft)
    draft_quote = factories.QuoteFactory(text="Draft words", speaker_person=person, **draft)
    draft_claim = factories.ClaimFactory(text="A draft claim.", **draft)
    room.drafts = {
        "person": draft_person,
        "organization": factories.OrganizationFactory(name="Draft Organization", **draft),
        "outlet": factories.OutletFactory(name="Draft Outlet", **draft),
        "source": draft_source,
        "quote": draft_quote,
        "appearance": factories.AppearanceFactory(
            quote=draft_quote, source=draft_source, text_as_printed="Draft words", **draft
        ),
        "claim": draft_claim,
        "event": factories.EventFactory(title="A draft event", **draft),
        # Records without review: anyone with the change permission edits them.
        "topic": factories.TopicFactory(name="Draft topic"),
        "alias": factories.AliasFactory(person=draft_person, name="D. Person"),
        "affiliation": factories.AffiliationFactory(person=draft_person, organization=organization),
        "citation": factories.CitationFactory(citing=draft_source, cited=source),
        "claimappearance": factories.ClaimAppearanceFactory(claim=draft_claim, source=source),
        "evidence": factories.EvidenceFactory(claim=draft_claim, source=source),
        "participant": factories.ParticipantFactory(
            event=factories.EventFactory(title="Another draft event", **draft), person=person
        ),
    }
    room.in_review = factories.QuoteFactory(
        text="Words in review", speaker_person=person, state=S.IN_REVIEW, **draft_authors(author)
    )
    factories.ReviewFactory(record=room.in_review, user=author, note="Ready for a check.")
    return room


def draft_authors(user) -> dict:
    return {"created_by": user, "last_edited_by": user}


@pytest.fixture(scope="module")
def newsroom(django_db_setup, django_db_blocker):
    """The newsroom, saved once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_newsroom()
        transaction.set_rollback(True)


@pytest.fixture
def reader(client):
    """An anonymous reader whose failing request answers as in production (a 500 page)."""
    client.raise_request_exception = False
    return client


def signed_in(client, user):
    client.force_login(user)
    client.raise_request_exception = False
    return client


@pytest.fixture
def contributor_client(client, newsroom):
    """A contributor in the admin: the role that writes drafts."""
    return signed_in(client, newsroom.users["contributor"])


@pytest.fixture
def editor_client(client, newsroom):
    """An editor in the admin: the role that sees every list and publishes."""
    return signed_in(client, newsroom.users["editor"])
