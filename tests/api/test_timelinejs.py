"""/api/timeline/: the published events as TimelineJS JSON, dates only as precise as known."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from newsroom.dates import PartialDate
from newsroom.demo import demo_id
from newsroom.workflow import ReviewState
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    ParticipantFactory,
    PersonFactory,
    SourceFactory,
    TopicFactory,
)
from timeline.api.timelinejs import timelinejs_date

S = ReviewState
TIMELINE = reverse("api:timeline")


def document(params=None, status=200, user=None) -> dict:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    response = client.get(TIMELINE, params or {})
    assert response.status_code == status, response.content
    return response.json()


def slides(params=None) -> dict[str, dict]:
    """The document's slides by headline."""
    return {slide["text"]["headline"]: slide for slide in document(params)["events"]}


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


# Dates, without a database


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2017", {"year": 2017}),
        ("2020-05", {"year": 2020, "month": 5}),
        ("2020-12-26", {"year": 2020, "month": 12, "day": 26}),
        ("0900", {"year": 900}),
    ],
)
def test_a_timelinejs_date_holds_only_what_is_known(written, expected):
    assert timelinejs_date(PartialDate.parse(written)) == expected


# On the demo newsroom


def test_the_document_holds_the_published_demo_events_in_time_order(demo):
    events = document()["events"]

    assert [slide["unique_id"] for slide in events] == [
        f"event-{demo_id(key)}"
        for key in (
            "event:icc-set-up",
            "event:erdogan-genocide",
            "event:eight-pacts",
            "event:treaty-signed",
            "event:erdogan-happily",
            "event:request-leaks",
            "event:npc-ratifies",
        )
    ]
    headlines = [slide["text"]["headline"] for slide in events]
    assert "Turkey ratifies the extradition treaty" not in headlines  # retracted
    assert not any("central bank" in headline for headline in headlines)  # verified only


def test_each_slide_is_dated_as_precisely_as_the_sources_allow(demo):
    by_headline = slides()

    treaty = by_headline["China and Turkey sign the extradition treaty"]
    assert treaty["start_date"] == {"year": 2017}
    assert treaty["display_date"] == "2017"
    assert "end_date" not in treaty
    leak = by_headline["A Chinese request to extradite a Uyghur man from Turkey leaks online"]
    assert (leak["start_date"], leak["display_date"]) == ({"year": 2020, "month": 5}, "May 2020")
    npc = by_headline["China&#x27;s National People&#x27;s Congress ratifies the treaty"]
    assert npc["start_date"] == {"year": 2020, "month": 12, "day": 26}
    assert npc["display_date"] == "26 December 2020"


def test_a_slide_says_how_the_date_is_known_who_took_part_and_what_reports_it(demo):
    npc = slides()["China&#x27;s National People&#x27;s Congress ratifies the treaty"]
    text = npc["text"]["text"]

    assert "<p>About the date: Written “at the weekend”" in text
    assert (
        '<p>Taking part: <a href="http://testserver/organizations/national-peoples-congress/">'
        "National People&#x27;s Congress (ratifying body)</a></p>"
    ) in text
    assert f"http://testserver/sources/{demo_id('source:commentary')}/" in text
    assert npc["group"] == "Sino-Turkish extradition treaty"


def test_filters_as_the_public_timeline_does(demo):
    assert list(slides({"topic": "xinjiang"})) == [
        "Erdoğan calls China&#x27;s treatment of Uyghurs “genocide”",
        "Erdoğan says Uyghurs in Xinjiang are living happily",
    ]
    assert list(slides({"person": "recep-tayyip-erdogan"})) == list(slides({"topic": "xinjiang"}))
    assert list(slides({"organization": "international-criminal-court"})) == [
        "The International Criminal Court is set up"
    ]


@pytest.mark.parametrize(
    "params", [{"topic": "no-such-topic"}, {"person": "x y"}, {"organization": "nobody"}]
)
def test_an_unusable_filter_is_refused_with_a_json_error(demo, params):
    body = document(params, status=400)

    assert body["code"] == "invalid"
    assert next(iter(params)) in body["errors"]


# Escaping, ranges, the leak rule, pages


def test_text_is_escaped_because_timelinejs_renders_html(db):
    event = EventFactory(
        title="<script>alert(1)</script> & co",
        description='<img src=x onerror="alert(2)">\n\nSecond paragraph',
        place="<b>Ankara</b>",
        date_note="“In May” <i>",
    )
    event.topics.set([TopicFactory(name="<em>Topic</em>")])
    ParticipantFactory(event=event, person=PersonFactory(name="A <b>bold</b> name"), role="<u>")
    event.sources.set([SourceFactory(title='Report "quoted" <a href="x">')])

    slide = document()["events"][0]
    text = slide["text"]["text"]

    assert slide["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
    assert slide["group"] == "&lt;em&gt;Topic&lt;/em&gt;"
    assert "<p>&lt;img src=x onerror=&quot;alert(2)&quot;&gt;</p>" in text
    assert "<p>Second paragraph</p>" in text
    assert "Where: &lt;b&gt;Ankara&lt;/b&gt;" in text
    assert "A &lt;b&gt;bold&lt;/b&gt; name (&lt;u&gt;)" in text
    assert "Report &quot;quoted&quot; &lt;a href=&quot;x&quot;&gt;" in text
    for tag in ("<script", "<img", "<b>", "<em>", "<u>", "<i>", '<a href="x"'):
        assert tag not in str(slide)


def test_a_period_has_an_end_date_as_precise_as_known(db):
    EventFactory(
        title="The talks",
        starts_on=datetime.date(2017, 3, 14),
        starts_on_precision="day",
        ends_on=datetime.date(2019, 1, 1),
        ends_on_precision="year",
    )

    slide = document()["events"][0]

    assert slide["start_date"] == {"year": 2017, "month": 3, "day": 14}
    assert slide["end_date"] == {"year": 2019}
    assert slide["display_date"] == "14 March 2017 – 2019"


def test_unpublished_events_and_links_never_reach_the_document(db, editor):
    shown = EventFactory(title="Open meeting")
    ParticipantFactory(event=shown, person=PersonFactory(name="Qzxhidden person", state=S.DRAFT))
    ParticipantFactory(
        event=shown,
        person=None,
        organization=OrganizationFactory(name="Qzxhidden org", state=S.IN_REVIEW),
    )
    hidden_source = SourceFactory(title="Qzxhidden report", state=S.VERIFIED)
    shown.sources.set([hidden_source])
    shown.topics.set([TopicFactory(name="Open topic")])
    for state in S.values:
        if state != S.PUBLISHED:
            EventFactory(title=f"Qzxhidden {state}", state=state)

    for user in (None, editor):
        body = document(user=user)
        assert [slide["text"]["headline"] for slide in body["events"]] == ["Open meeting"]
        assert "Qzx" not in str(body)
        assert str(hidden_source.pk) not in str(body)


def test_a_filter_naming_an_unpublished_person_answers_as_for_an_unknown_one(db):
    hidden = PersonFactory(slug="hidden-person", state=S.DRAFT)
    ParticipantFactory(event=EventFactory(), person=hidden)
    only_in_drafts = PersonFactory(slug="only-in-drafts")
    ParticipantFactory(event=EventFactory(state=S.DRAFT), person=only_in_drafts)

    unknown = document({"person": "nobody"}, status=400)["message"]
    assert document({"person": "hidden-person"}, status=400)["message"] == unknown.replace(
        "nobody", "hidden-person"
    )
    assert document({"person": "only-in-drafts"}, status=400)["message"] == unknown.replace(
        "nobody", "only-in-drafts"
    )


def test_pages_follow_the_public_timeline_pages_with_link_headers(db):
    for year in range(1901, 1956):
        EventFactory(title=f"In {year}", starts_on=datetime.date(year, 1, 1))
    client = APIClient()

    first = client.get(TIMELINE, {"topic": ""})
    second = client.get(TIMELINE, {"page": 2})

    assert len(first.json()["events"]) == 50
    assert first["Link"] == f'<http://testserver{TIMELINE}?topic=&page=2>; rel="next"'
    assert [s["text"]["headline"] for s in second.json()["events"]] == [
        f"In {year}" for year in range(1951, 1956)
    ]
    assert second["Link"] == f'<http://testserver{TIMELINE}?page=1>; rel="prev"'
    missing = client.get(TIMELINE, {"page": 3})
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize("rows", [1, 50])
def test_the_document_costs_the_same_queries_for_1_and_50_events(
    db, django_assert_num_queries, rows
):
    for _ in range(rows):
        event = EventFactory()
        ParticipantFactory(event=event)
        event.sources.set([SourceFactory()])
        event.topics.set([TopicFactory()])

    # The count, the events, and their topics, participants, sources, quotes and claims.
    with django_assert_num_queries(7):
        body = document()

    assert len(body["events"]) == rows


def test_only_reads_are_allowed(db, editor):
    client = APIClient()
    client.force_authenticate(editor)

    response = client.post(TIMELINE, {}, format="json")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


# The public timeline page embeds it


def test_the_public_timeline_page_embeds_the_document_with_its_usable_filters(demo):
    from django.test import Client

    html = Client().get("/timeline/", {"topic": "xinjiang", "person": "nobody"}).content.decode()

    assert (
        'data-timeline-url="http://testserver/api/timeline/?topic=xinjiang"' in html
    )  # the unusable person filter, left out of the page, is left out of the document too
    assert 'data-script-path="http://testserver/static/timeline/timelinejs/js/"' in html
    assert '<script src="/static/timeline/embed.js" defer></script>' in html
    assert "<script>" not in html  # no inline script: a Content Security Policy comes next
    assert slides({"topic": "xinjiang"})
