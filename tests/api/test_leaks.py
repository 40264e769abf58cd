"""The leak rule through the API: no unpublished record, nor its existence, reaches an anonymous
client through any endpoint, filter, search, ordering, page or export.

The newsroom of tests/public/test_leaks.py (the demo plus one unpublished record of every
editorial kind, each carrying a marker word) is read through every API list with the filters
that name unpublished records, every published record's detail, the exports; then every
unpublished record's detail must answer exactly as an id that never existed.
"""

import uuid

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from newsroom.workflow import ReviewState
from tests.public.test_leaks import leaks_in, newsroom  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "quote": "api:quote",
    "appearance": "api:appearance",
    "person": "api:person",
    "organization": "api:organization",
    "outlet": "api:outlet",
    "source": "api:source",
    "claim": "api:claim",
    "event": "api:event",
}


@pytest.fixture
def reader():
    api = APIClient()
    api.raise_request_exception = False
    return api


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def api_urls(room) -> list[str]:
    published = room.published
    person, organization = published["draft_person"], published["draft_organization"]
    outlet, source, topic = published["draft_outlet"], published["draft_source"], published["topic"]
    states = [f"?state={state}" for state in ReviewState.values]
    urls = []
    for name in ENDPOINTS.values():
        lists = reverse(f"{name}-list")
        urls += [lists, lists + "?page_size=100", *(lists + query for query in states)]
        urls += [lists + f"?q={marker}" for marker in room.markers]
        urls.append(lists + "?updated_since=2000-01-01T00:00:00Z")
    quotes = reverse("api:quote-list")
    urls += [
        quotes + f"?speaker={person.slug}",
        quotes + f"?organization={organization.slug}",
        quotes + f"?outlet={outlet.pk}",
        quotes + f"?topic={topic.slug}",
        quotes + "?verdict=false",
        quotes + "?said_from=1900&said_to=2100",
        reverse("api:person-list") + f"?organization={organization.slug}",
        reverse("api:claim-list") + "?verdict=false",
        reverse("api:claim-list") + f"?topic={topic.slug}",
        reverse("api:event-list") + f"?person={person.slug}",
        reverse("api:event-list") + f"?organization={organization.slug}",
        reverse("api:event-list") + f"?topic={topic.slug}",
        reverse("api:source-list") + f"?outlet={outlet.pk}",
        reverse("api:timeline"),
        reverse("api:timeline") + f"?person={person.slug}",
        reverse("api:export"),
        reverse("api:claim-claimreview-list"),
    ]
    for kind, name in (
        ("quotes", "api:quote"),
        ("people", "api:person"),
        ("organizations", "api:organization"),
        ("sources", "api:source"),
        ("claims", "api:claim"),
    ):
        urls += [reverse(f"{name}-detail", args=[record.pk]) for record in published[kind]]
    urls += [reverse("api:claim-claimreview", args=[c.pk]) for c in published["claims"]]
    del source
    return urls


def test_no_endpoint_reveals_an_unpublished_record(reader, newsroom):  # noqa: F811
    leaks = {}
    for url in api_urls(newsroom):
        response = reader.get(url)
        assert response.status_code < 500, url
        if found := leaks_in(body_of(response), newsroom, url):
            leaks[url] = found

    assert leaks == {}


def test_numbered_lists_count_published_records_only(reader, newsroom):  # noqa: F811
    for name, model_key in (("api:person", "people"), ("api:organization", "organizations")):
        body = reader.get(reverse(f"{name}-list"), {"page_size": 100}).json()
        assert body["count"] == len(newsroom.published[model_key])
        assert {row["id"] for row in body["results"]} == {
            str(record.pk) for record in newsroom.published[model_key]
        }


def test_an_unpublished_record_answers_exactly_like_one_that_never_existed(reader, newsroom):  # noqa: F811
    checked = 0
    for record in newsroom.hidden:
        name = ENDPOINTS.get(record._meta.model_name)
        if name is None:
            continue
        hidden = reader.get(reverse(f"{name}-detail", args=[record.pk]))
        never = reader.get(reverse(f"{name}-detail", args=[uuid.uuid4()]))
        assert hidden.status_code == never.status_code == 404
        assert hidden.json() == never.json()
        checked += 1
    assert checked >= 8


def test_a_filter_naming_an_unpublished_record_answers_like_an_unknown_name(reader, newsroom):  # noqa: F811
    person = newsroom.published["draft_person"]
    quotes = reverse("api:quote-list")
    hidden = reader.get(quotes, {"speaker": person.slug})
    unknown = reader.get(quotes, {"speaker": "nobody-by-this-name"})
    assert hidden.status_code == unknown.status_code
    assert hidden.content.decode().replace(person.slug, "X") == unknown.content.decode().replace(
        "nobody-by-this-name", "X"
    )


def test_staff_see_what_anonymous_clients_do_not(newsroom, editor):  # noqa: F811
    api = APIClient()
    api.force_authenticate(editor)
    person = newsroom.published["draft_person"]
    response = api.get(reverse("api:person-detail", args=[person.pk]))
    assert response.status_code == 200
    assert response.json()["state"] == ReviewState.DRAFT
    drafts = api.get(reverse("api:quote-list"), {"state": "draft", "page_size": 100}).json()
    assert any("Qzxquotemarker" in row["text"] for row in drafts["results"])
