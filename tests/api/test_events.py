"""/api/events/: content on the demo, dates of stated precision, filters, the leak rule, writes."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from newsroom.demo import demo_id
from newsroom.models import Review
from newsroom.workflow import ReviewState
from tests.api.helpers import api, read
from tests.factories import (
    ClaimFactory,
    EventFactory,
    OrganizationFactory,
    ParticipantFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
    TopicFactory,
)
from timeline.models import Event

S = ReviewState
LIST = reverse("api:event-list")
PUBLISHED_DEMO_TITLES = [
    "The International Criminal Court is set up",
    "Erdoğan calls China's treatment of Uyghurs “genocide”",
    "China and Turkey sign eight strategic cooperative pacts",
    "China and Turkey sign the extradition treaty",
    "Erdoğan says Uyghurs in Xinjiang are living happily",
    "A Chinese request to extradite a Uyghur man from Turkey leaks online",
    "China's National People's Congress ratifies the treaty",
]
STAFF_FIELDS = {"notes", "created_by", "last_edited_by", "assigned_to"}


def detail(pk) -> str:
    return reverse("api:event-detail", kwargs={"pk": pk})


def titles(body: dict) -> list[str]:
    return [event["title"] for event in body["results"]]


def every_title(client: APIClient, params=None) -> list[str]:
    """The titles of every page of the list, following the cursors."""
    found, url, params = [], LIST, {"page_size": 2, **(params or {})}
    while url:
        body = read(client, url, params)
        found += titles(body)
        url, params = body["next"], None
    return found


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


# On the demo newsroom


def test_readers_list_the_published_demo_events_in_time_order(demo):
    body = read(api(), LIST)

    assert titles(body) == PUBLISHED_DEMO_TITLES
    assert body["previous"] is None and body["next"] is None
    assert "count" not in body  # a cursor page counts nothing


def test_dates_keep_their_precision(demo):
    by_title = {event["title"]: event for event in read(api(), LIST)["results"]}

    treaty = by_title["China and Turkey sign the extradition treaty"]
    assert (treaty["starts"], treaty["ends"], treaty["when"]) == ("2017", None, "2017")
    leak = by_title["A Chinese request to extradite a Uyghur man from Turkey leaks online"]
    assert (leak["starts"], leak["when"]) == ("2020-05", "May 2020")
    npc = by_title["China's National People's Congress ratifies the treaty"]
    assert (npc["starts"], npc["when"]) == ("2020-12-26", "26 December 2020")


def test_an_event_carries_its_links_and_addresses(demo):
    pk = demo_id("event:npc-ratifies")

    event = read(api(), detail(pk))

    assert event["id"] == str(pk)
    assert event["url"] == f"http://testserver{detail(pk)}"
    assert event["page"] == f"http://testserver/timeline/#event-{pk}"
    assert event["date_note"].startswith("Written “at the weekend”")
    assert event["state"] == "published"
    assert [
        (p["kind"], p["slug"], p["name"], p["role"], p["page"]) for p in event["participants"]
    ] == [
        (
            "organization",
            "national-peoples-congress",
            "National People's Congress",
            "ratifying body",
            "http://testserver/organizations/national-peoples-congress/",
        )
    ]
    assert {source["id"] for source in event["sources"]} == {
        str(demo_id("source:commentary")),
        str(demo_id("source:visiontimes")),
    }
    assert [quote["id"] for quote in event["quotes"]] == [str(demo_id("quote:raxit-instrument"))]
    assert event["quotes"][0]["speaker"] == "Dilxat Raxit"
    assert event["quotes"][0]["page"] == (
        f"http://testserver/quotes/{demo_id('quote:raxit-instrument')}/"
    )
    assert [claim["id"] for claim in event["claims"]] == [str(demo_id("claim:turkey-not-ratified"))]
    assert [topic["slug"] for topic in event["topics"]] == ["sino-turkish-extradition-treaty"]


def test_readers_never_see_who_worked_on_an_event(db, author, factchecker, editor):
    event = EventFactory(
        created_by=author,
        last_edited_by=author,
        assigned_to=factchecker,
        notes="Check the date against the court's record.",
    )

    seen_by_reader = read(api(), detail(event.pk))
    assert {name: seen_by_reader[name] for name in STAFF_FIELDS} == dict.fromkeys(STAFF_FIELDS)
    seen_by_editor = read(api(editor), detail(event.pk))
    assert {name: seen_by_editor[name] for name in STAFF_FIELDS} == {
        "created_by": author.username,
        "last_edited_by": author.username,
        "assigned_to": factchecker.username,
        "notes": "Check the date against the court's record.",
    }


def test_the_desk_sees_every_demo_event_in_every_state(demo, editor):
    found = every_title(api(editor))

    # Every event but the one in the bin, which is listed when asked for.
    assert len(found) == Event.objects.count() - 1 == 9
    assert "Turkey ratifies the extradition treaty" in found  # retracted
    assert every_title(api(editor), {"state": "deleted"}) == [
        "NPC ratifies extradition treaty with Turkey"
    ]
    assert every_title(api(editor), {"state": "verified"}) == [
        "China's central bank makes a $1 billion cash infusion into the Turkish economy"
    ]


# Filters


def test_filters_by_topic_person_and_organization(demo):
    client = api()

    assert titles(read(client, LIST, {"topic": "xinjiang"})) == [
        "Erdoğan calls China's treatment of Uyghurs “genocide”",
        "Erdoğan says Uyghurs in Xinjiang are living happily",
    ]
    assert titles(read(client, LIST, {"person": "recep-tayyip-erdogan"})) == [
        "Erdoğan calls China's treatment of Uyghurs “genocide”",
        "Erdoğan says Uyghurs in Xinjiang are living happily",
    ]
    assert titles(read(client, LIST, {"organization": "national-peoples-congress"})) == [
        "China's National People's Congress ratifies the treaty"
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"starts_from": "2019"}, PUBLISHED_DEMO_TITLES[4:]),
        ({"starts_from": "2020-06"}, PUBLISHED_DEMO_TITLES[6:]),
        ({"starts_to": "2010"}, PUBLISHED_DEMO_TITLES[:3]),
        ({"starts_from": "2017", "starts_to": "2020-05"}, PUBLISHED_DEMO_TITLES[3:6]),
        ({"starts_from": "2020-12-26", "starts_to": "2020-12-26"}, PUBLISHED_DEMO_TITLES[6:]),
    ],
)
def test_filters_by_partial_date_range(demo, params, expected):
    assert titles(read(api(), LIST, params)) == expected


def test_searches_words_of_title_description_and_place(demo):
    assert titles(read(api(), LIST, {"q": "pacts"})) == [
        "China and Turkey sign eight strategic cooperative pacts"
    ]


def test_orders_by_an_allowed_order_only(demo):
    assert titles(read(api(), LIST, {"ordering": "-starts"}))[0] == PUBLISHED_DEMO_TITLES[-1]

    body = read(api(), LIST, {"ordering": "title"}, status=400)
    assert body["code"] == "invalid" and "ordering" in body["errors"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"starts_from": "2020-13"}, "starts_from"),
        ({"starts_to": "last year"}, "starts_to"),
        ({"starts_from": "2021", "starts_to": "2019"}, "starts_to"),
        ({"topic": "no-such-topic"}, "topic"),
        ({"person": "not a slug!"}, "person"),
        ({"state": "lost"}, "state"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_a_bad_filter_is_refused_with_a_json_error(demo, params, field):
    body = read(api(), LIST, params, status=400)

    assert body["code"] == "invalid"
    assert field in body["errors"]
    assert body["message"].startswith("The request was not accepted")


def test_cursor_pages_walk_the_list_once_and_cap_their_size(demo):
    assert every_title(api()) == PUBLISHED_DEMO_TITLES

    assert len(read(api(), LIST, {"page_size": 1000})["results"]) == 7  # capped at 100, not 400
    EventFactory.create_batch(101, title="Later", starts_on=datetime.date(2030, 1, 1))
    assert len(read(api(), LIST, {"page_size": 1000})["results"]) == 100


# The leak rule


@pytest.fixture
def hidden_links(db):
    """A published event with a published and an unpublished record of every linked kind."""
    event = EventFactory(title="The summit", starts_on=datetime.date(2018, 1, 1))
    ParticipantFactory(event=event, person=PersonFactory(slug="shown-person"), role="host")
    ParticipantFactory(
        event=event, person=PersonFactory(slug="hidden-person", state=S.DRAFT), role="guest"
    )
    ParticipantFactory(
        event=event,
        person=None,
        organization=OrganizationFactory(slug="hidden-org", state=S.IN_REVIEW),
    )
    shown = [SourceFactory(), QuoteFactory(), ClaimFactory()]
    hidden = [
        SourceFactory(state=S.VERIFIED),
        QuoteFactory(state=S.DRAFT),
        ClaimFactory(state=S.REJECTED),
        # Published, but through an unpublished outlet / speaker: not public either.
        SourceFactory(outlet__state=S.DRAFT),
        QuoteFactory(speaker_person__state=S.DRAFT),
    ]
    event.sources.set([shown[0], hidden[0], hidden[3]])
    event.quotes.set([shown[1], hidden[1], hidden[4]])
    event.claims.set([shown[2], hidden[2]])
    return event, shown, hidden


def test_readers_see_only_the_published_links_of_an_event(hidden_links):
    event, shown, hidden = hidden_links

    body = read(api(), detail(event.pk))

    assert [p["slug"] for p in body["participants"]] == ["shown-person"]
    assert [s["id"] for s in body["sources"]] == [str(shown[0].pk)]
    assert [q["id"] for q in body["quotes"]] == [str(shown[1].pk)]
    assert [c["id"] for c in body["claims"]] == [str(shown[2].pk)]
    text = str(body)
    for record in hidden:
        assert str(record.pk) not in text


def test_the_desk_sees_every_link_with_no_public_page_for_unpublished_ones(hidden_links, editor):
    event, shown, hidden = hidden_links

    body = read(api(editor), detail(event.pk))

    assert len(body["participants"]) == 3
    sources, quotes = (shown[0], hidden[0], hidden[3]), (shown[1], hidden[1], hidden[4])
    assert {s["id"] for s in body["sources"]} == {str(r.pk) for r in sources}
    assert {q["id"] for q in body["quotes"]} == {str(r.pk) for r in quotes}
    pages = {q["id"]: q["page"] for q in body["quotes"]}
    assert pages[str(shown[1].pk)] is not None
    assert pages[str(hidden[1].pk)] is None and pages[str(hidden[4].pk)] is None
    assert {p["slug"]: p["page"] is None for p in body["participants"]} == {
        "shown-person": False,
        "hidden-person": True,
        "hidden-org": True,
    }


@pytest.mark.parametrize("state", [s for s in S.values if s != S.PUBLISHED])
def test_an_unpublished_event_is_neither_listed_read_found_nor_counted(db, state):
    hidden = EventFactory(title="Qzxsecret meeting", place="Qzxplace", state=state)
    EventFactory(title="Open meeting")
    client = api()

    assert titles(read(client, LIST)) == ["Open meeting"]
    assert read(client, detail(hidden.pk), status=404)["code"] == "not_found"
    assert titles(read(client, LIST, {"q": "Qzxsecret"})) == []
    assert titles(read(client, LIST, {"state": state})) == []
    assert titles(read(client, LIST, {"state": [state, "published"]})) == ["Open meeting"]


@pytest.mark.usefixtures("hidden_links")
def test_filters_naming_unpublished_records_answer_as_for_unknown_ones():
    draft_event = EventFactory(state=S.DRAFT)
    ParticipantFactory(event=draft_event, person=PersonFactory(slug="only-in-drafts"))
    draft_event.topics.set([TopicFactory(slug="draft-topic")])
    client = api()

    unknown = read(client, LIST, {"person": "nobody-at-all"}, status=400)
    for params in (
        {"person": "hidden-person"},
        {"person": "only-in-drafts"},
        {"organization": "hidden-org"},
        {"topic": "draft-topic"},
    ):
        body = read(client, LIST, params, status=400)
        value = next(iter(params.values()))
        assert body["message"] == unknown["message"].replace("nobody-at-all", value).replace(
            "person", next(iter(params))
        )
    assert titles(read(client, LIST, {"person": "shown-person"})) == ["The summit"]


# Constant queries


def linked_event(**kwargs) -> Event:
    event = EventFactory(**kwargs)
    ParticipantFactory(event=event)
    ParticipantFactory(event=event, person=None, organization=OrganizationFactory())
    event.sources.set([SourceFactory()])
    event.quotes.set([QuoteFactory()])
    event.claims.set([ClaimFactory()])
    event.topics.set([TopicFactory()])
    return event


@pytest.mark.parametrize("role", [None, "editor"])
@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_costs_the_same_queries_for_1_and_50_events(
    db, request, django_assert_num_queries, role, rows
):
    for _ in range(rows):
        linked_event()
    client = api(request.getfixturevalue(role) if role else None)
    # Events, topics, participants, sources, quotes, claims; the desk's permissions on top.
    expected = 6 if role is None else 8

    with django_assert_num_queries(expected):
        body = read(client, LIST, {"page_size": 50})

    assert len(body["results"]) == rows
    assert all(len(event["participants"]) == 2 for event in body["results"])


# Writes


def new_event(**fields) -> dict:
    return {"title": "The treaty enters into force", "starts": "2021", **fields}


def test_a_contributor_creates_a_draft_with_a_year_only_date(contributor):
    topic = TopicFactory(slug="treaty")
    source = SourceFactory()

    response = api(contributor).post(
        LIST,
        new_event(ends="2022-03", topic_slugs=["treaty"], source_ids=[str(source.pk)]),
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    event = Event.objects.get(pk=body["id"])
    assert (event.state, event.created_by, event.last_edited_by) == (
        S.DRAFT,
        contributor,
        contributor,
    )
    assert (event.starts_on, event.starts_on_precision) == (datetime.date(2021, 1, 1), "year")
    assert (event.ends_on, event.ends_on_precision) == (datetime.date(2022, 3, 1), "month")
    assert (body["starts"], body["ends"], body["when"]) == ("2021", "2022-03", "2021 – March 2022")
    assert body["page"] is None  # a draft has no public page
    assert [t["slug"] for t in body["topics"]] == [topic.slug]
    assert [s["id"] for s in body["sources"]] == [str(source.pk)]
    assert body["created_by"] == "contributor"
    assert event.history.count() == 1
    assert event.history.first().history_user == contributor


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"starts": "2021-02-30"}, "starts"),
        ({"starts": 2021}, "starts"),
        ({"starts": None}, "starts"),
        ({"ends": "2020"}, "ends_on"),  # ends before it starts
        ({"title": "   "}, "title"),
        ({"topic_slugs": ["no-such-topic"]}, "topic_slugs"),
    ],
)
def test_an_invalid_event_is_refused_and_nothing_is_saved(contributor, fields, field):
    response = api(contributor).post(LIST, new_event(**fields), format="json")

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert field in response.json()["errors"]
    assert not Event.objects.exists()


def test_readers_cannot_write(db):
    event = EventFactory()

    assert api().post(LIST, new_event(), format="json").status_code in (401, 403)
    response = api().patch(detail(event.pk), {"title": "x", "version": 1}, format="json")
    assert response.status_code in (401, 403)
    assert response.json()["code"] in ("not_authenticated", "permission_denied")


def test_an_edit_from_a_stale_version_is_refused_with_409(contributor):
    event = EventFactory(state=S.DRAFT, created_by=contributor)
    client = api(contributor)
    assert client.patch(detail(event.pk), {"title": "First", "version": 1}).status_code == 200

    response = client.patch(detail(event.pk), {"title": "Second", "version": 1})

    assert response.status_code == 409
    assert response.json()["code"] == "stale"
    assert response.json()["current_version"] == 2
    event.refresh_from_db()
    assert (event.title, event.version) == ("First", 2)


def test_an_edit_under_a_stale_if_match_is_refused_with_412(contributor):
    event = EventFactory(state=S.DRAFT, created_by=contributor)
    client = api(contributor)
    etag = client.get(detail(event.pk))["ETag"]
    assert etag == '"1"'

    response = client.patch(
        detail(event.pk), {"title": "Changed", "version": 1}, HTTP_IF_MATCH='"7"'
    )

    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    event.refresh_from_db()
    assert event.title != "Changed"
    ok = client.patch(detail(event.pk), {"title": "Changed", "version": 1}, HTTP_IF_MATCH=etag)
    assert ok.status_code == 200 and ok["ETag"] == '"2"'


def test_an_event_moves_through_review_with_evidence(contributor, factchecker, editor):
    created = api(contributor).post(LIST, new_event(), format="json").json()
    url = reverse("api:event-transition", kwargs={"pk": created["id"]})
    source = SourceFactory()

    submitted = api(contributor).post(url, {"action": "submit", "version": 1}, format="json")
    assert submitted.status_code == 200 and submitted.json()["state"] == S.IN_REVIEW

    # The contributor cannot verify (their role), nor the fact-checker without evidence.
    refused = api(contributor).post(url, {"action": "verify", "version": 2}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "not_permitted")
    bare = api(factchecker).post(url, {"action": "verify", "version": 2}, format="json")
    assert (bare.status_code, bare.json()["code"]) == (400, "evidence_required")

    verify = {
        "action": "verify",
        "version": 2,
        "checklist": {"event_reported": True, "date": True},
        "evidence": [{"source": str(source.pk), "checked": "The report dates the signing."}],
    }
    verified = api(factchecker).post(url, verify, format="json")
    assert verified.status_code == 200, verified.content
    assert verified.json()["state"] == S.VERIFIED

    published = api(editor).post(url, {"action": "publish", "version": 3}, format="json")
    assert published.status_code == 200 and published.json()["state"] == S.PUBLISHED
    assert read(api(), detail(created["id"]))["title"] == "The treaty enters into force"
    assert Review.objects.filter(object_id=created["id"]).count() == 3


def test_whoever_last_edited_an_event_cannot_verify_it(factchecker):
    event = EventFactory(state=S.DRAFT, created_by=factchecker)
    client = api(factchecker)
    assert client.patch(detail(event.pk), {"place": "Ankara", "version": 1}).status_code == 200
    url = reverse("api:event-transition", kwargs={"pk": event.pk})
    Event.objects.filter(pk=event.pk).update(state=S.IN_REVIEW)  # version 3

    response = client.post(
        url,
        {
            "action": "verify",
            "version": 3,
            "checklist": {"event_reported": True, "date": True},
            "evidence": [{"url": "https://example.org/a", "checked": "Dated."}],
        },
        format="json",
    )

    assert (response.status_code, response.json()["code"]) == (403, "four_eyes")
