"""The bad-input corpus against the API: every list's parameters, every write, every body.

Lists: every filter of each endpoint's FilterSet, its ordering, its page or cursor and page
size, and DRF's `format`, read from the router and the views, not listed by hand. Writes: each
endpoint's create (POST) and edit (PATCH of a draft) with the corpus in its free-text fields, in
its other fields, and values of the wrong JSON type; the workflow's moves, assignments and
merges; the token. Bodies: malformed JSON, wrong content types, truncated multipart.

Every answer is below 500, a refusal is JSON with a code and a message and leaves every table
as it was, and an accepted value is stored whole and reads back equal.
"""

import json

import django_filters
import pytest
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters as drf_filters
from rest_framework import pagination as drf_pagination
from rest_framework import serializers
from rest_framework.settings import api_settings

from newsroom.api import urls as api_urls
from newsroom.api.filters import MomentFilter
from newsroom.api.urls import router
from newsroom.models import Review
from newsroom.workflow import CHECKLISTS
from sources.filters import PartialDateFilter
from tests.api.helpers import client_for
from tests.hardening.checks import answer_problems, changed_tables, query_string, table_counts
from tests.hardening.corpus import (
    CONTENT_TYPES,
    CURSORS,
    DATES,
    JSON_VALUES,
    MALFORMED_JSON,
    MEGABYTE,
    NUMBERS,
    ORDERINGS,
    SCRIPT,
    STRUCTURED_URL_TEXT,
    TEXT,
    URL_TEXT,
    Bad,
    wire,
)

pytestmark = pytest.mark.django_db

VIEWSETS = {basename: viewset for _, viewset, basename in router.registry}

# Validators that leave a text free: any characters, up to a length.
FREE_TEXT_VALIDATORS = ("MaxLengthValidator", "ProhibitNullCharactersValidator")
FREE_TEXT_VALIDATORS += ("ProhibitSurrogateCharactersValidator", "MinLengthValidator")


def valid_payloads(room) -> dict[str, dict]:
    """A body each endpoint accepts, to which a test adds its bad values."""
    published, bare = room.published, room.bare_source
    return {
        "quote": {"text": "Words said.", "speaker_person": str(published["person"].pk)},
        "appearance": {
            "quote_id": str(published["quote"].pk),
            "source_id": str(bare.pk),
            "text_as_printed": "Words as printed.",
        },
        "source": {"title": "A report", "kind": "news"},
        "outlet": {"name": "A new outlet", "kind": "newspaper"},
        "person": {"name": "A new person"},
        "organization": {"name": "A new organization", "kind": "ngo"},
        "claim": {"text": "A claim."},
        "event": {"title": "Something happened", "starts": "2020-12"},
    }


# Lists


def list_parameters(view) -> dict[str, str]:
    """The query parameters a list view reads, each with the kind of value it takes."""
    params = {api_settings.URL_FORMAT_OVERRIDE: "choice"}
    backends = getattr(view, "filter_backends", api_settings.DEFAULT_FILTER_BACKENDS)
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None and DjangoFilterBackend in backends:
        for name, query_filter in filterset_class.base_filters.items():
            if isinstance(query_filter, PartialDateFilter | MomentFilter):
                params[name] = "date"
            elif name == "ordering":
                params[name] = "ordering"
            elif isinstance(query_filter, django_filters.CharFilter):
                params[name] = "words"
            else:
                params[name] = "choice"
    for backend in backends:
        if issubclass(backend, drf_filters.OrderingFilter):
            params[backend.ordering_param] = "ordering"
    pager = getattr(view, "pagination_class", None)
    if pager is not None:
        if issubclass(pager, drf_pagination.CursorPagination):
            params[pager.cursor_query_param] = "cursor"
        if issubclass(pager, drf_pagination.PageNumberPagination):
            params[pager.page_query_param] = "number"
        if getattr(pager, "page_size_query_param", None):
            params[pager.page_size_query_param] = "number"
        if getattr(pager, "ordering_param", None):
            params[pager.ordering_param] = "ordering"
    return params


# The API's views outside the router, by URL name: the lists among them, and the rest.
OTHER_LISTS = {"timeline": {"page": "number"}, "export": {"kind": "choice"}}
NOT_LISTS = {
    "token": "a write, tested below",
    "docs": "a static page that reads no parameter",
    # drf-spectacular reads `format` and `lang`; a schema takes a second or two to generate,
    # and holds no record: one request with every bad value checks it.
    "schema": "tested below with one request",
}


def api_lists() -> dict[str, tuple[str, dict[str, str]]]:
    """Every list of the API: name -> (URL name, its parameters)."""
    lists = {}
    for _, viewset, basename in router.registry:
        lists[basename] = (f"api:{basename}-list", list_parameters(viewset))
        for action in viewset.get_extra_actions():
            if action.detail or "get" not in action.mapping:
                continue
            view = type(action.url_name, (viewset,), action.kwargs)
            name = f"{basename}-{action.url_name}"
            lists[name] = (f"api:{name}", list_parameters(view))
    for pattern in api_urls.urlpatterns:
        if pattern.name in OTHER_LISTS:
            view = pattern.callback.view_class
            params = list_parameters(view) | OTHER_LISTS[pattern.name]
            lists[pattern.name] = (f"api:{pattern.name}", params)
    return lists


# Words to search get all the text; any other parameter the text that tells refusals apart.
VALUES = {
    "words": URL_TEXT,
    "choice": STRUCTURED_URL_TEXT,
    "date": STRUCTURED_URL_TEXT + DATES,
    "ordering": STRUCTURED_URL_TEXT + ORDERINGS,
    "cursor": STRUCTURED_URL_TEXT + CURSORS,
    "number": STRUCTURED_URL_TEXT + NUMBERS,
}
LISTS = api_lists()
LIST_CASES = [
    pytest.param(name, param, id=f"{name}-{param}")
    for name, (_, params) in sorted(LISTS.items())
    for param in params
]


def json_problems(response) -> list[str]:
    """What is wrong with an API answer: a server error, or an error without the API's shape."""
    problems = answer_problems(response)
    if problems or response.status_code < 400:
        return problems
    if response.status_code == 404 and "json" not in response.get("Content-Type", ""):
        return problems  # DRF's format override answers an unknown format with a plain 404
    try:
        body = json.loads(response.content)
    except ValueError:
        return [f"status {response.status_code} is not JSON: {response.content[:80]!r}"]
    if not (isinstance(body, dict) and body.get("code") and str(body.get("message", "")).strip()):
        return [f"status {response.status_code} without code and message: {body!r:.120}"]
    return problems


@pytest.mark.parametrize(("name", "param"), LIST_CASES)
def test_an_api_list_answers_any_value_of_its_parameters(newsroom, name, param):
    url_name, params = LISTS[name]
    url = reverse(url_name)
    client = client_for(None)
    problems = {}

    for bad in VALUES[params[param]]:
        response = client.get(f"{url}?{query_string({param: bad.value})}")
        if found := json_problems(response):
            problems[bad.name] = found

    assert problems == {}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_the_browsable_api_escapes_what_a_list_was_sent(newsroom, name):
    # Staff browse the API in HTML: every parameter at once carries a payload, which the page
    # repeats in its filter form and its links.
    url_name, params = LISTS[name]
    client = client_for(newsroom.users["editor"])
    problems = {}

    for bad in TEXT:
        if bad.name not in ("script", "attribute", "single-quote", "template"):
            continue
        query = query_string({param: bad.value for param in params if param != "format"})
        response = client.get(f"{reverse(url_name)}?{query}", HTTP_ACCEPT="text/html")
        if found := answer_problems(response):
            problems[bad.name] = found

    assert problems == {}


def test_every_api_list_is_reached_by_the_corpus():
    reached = {url_name.removeprefix("api:") for url_name, _ in LISTS.values()}
    named = {pattern.name for pattern in api_urls.urlpatterns if pattern.name}
    routes = {pattern.name for pattern in router.urls}
    assert named - routes - reached - set(NOT_LISTS) == set()
    assert {name for name in routes if name.endswith("-list")} <= reached


def test_the_schema_answers_bad_parameters():
    query = query_string({"lang": SCRIPT, "version": "\x00", "format": "json"})
    response = client_for(None).get(f"{reverse('api:schema')}?{query}")
    assert json_problems(response) == []


# Writes


def serializer_for(basename: str, action: str):
    viewset = VIEWSETS[basename]()
    viewset.action = action
    viewset.request = None
    viewset.format_kwarg = None
    return viewset.get_serializer_class()()


def is_free_text(field) -> bool:
    """A writable text a person types, any characters allowed (the corpus may be accepted)."""
    if field.read_only or not isinstance(field, serializers.CharField):
        return False
    if isinstance(
        field,
        serializers.ChoiceField
        | serializers.SlugField
        | serializers.URLField
        | serializers.EmailField
        | serializers.RegexField,
    ):
        return False
    return all(type(validator).__name__ in FREE_TEXT_VALIDATORS for validator in field.validators)


def write_fields(basename: str, action: str) -> tuple[list[str], list[str]]:
    """(free-text fields, other writable fields) of an endpoint's serializer."""
    serializer = serializer_for(basename, action)
    free, other = [], []
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        (free if is_free_text(field) else other).append(name)
    return free, other


# Fields a model folds on save: a person's or an organization's name keeps its words, its
# runs of white space become one space (sources.models.entities.NamedEntity.save). Nothing else
# is normalized: no Unicode normalization, so a spelling is stored as it was sent.
WHITE_SPACE_FOLDED = {("person", "name"), ("organization", "name")}


def expected(record, serializer, name: str, value, default_reason: str) -> str:
    """What a free-text field stores of a value it accepts: DRF's CharField takes numbers as
    their text and trims white space unless told not to; the model may fold it further."""
    field = serializer.fields[name]
    text = str(value) if isinstance(value, int | float) else value
    if getattr(field, "trim_whitespace", True):
        text = text.strip()
    if name == "reason":
        return text or default_reason  # the history says why, or that it was created or edited
    if (record._meta.model_name, name) in WHITE_SPACE_FOLDED:
        text = " ".join(text.split())
    return text


def stored(record, serializer, name: str):
    if name == "reason":
        return record.history.latest().history_change_reason
    return getattr(record, serializer.fields[name].source)


def differences(record, serializer, values: dict, free: list[str], default_reason: str):
    """The free-text fields of a saved record that do not hold what was sent."""
    record.refresh_from_db()
    return [
        f"{name}: stored {stored(record, serializer, name)!r:.60}"
        for name, value in values.items()
        if name in free
        and stored(record, serializer, name)
        != expected(record, serializer, name, value, default_reason)
    ]


def spread(bad: Bad, fields: list[str]) -> list[dict]:
    """The value in every field at once, or one field at a time for a value that big in every
    field would be refused for its size alone."""
    if isinstance(bad.value, str) and len(bad.value) >= MEGABYTE // 2:
        return [{name: bad.value} for name in fields]
    return [dict.fromkeys(fields, bad.value)]


def check_write(client, method: str, url: str, body, read_back) -> list[str]:
    """Send a write; a refusal must leave every table as it was, an acceptance must store the
    values whole (`read_back(response)` lists what differs)."""
    before = table_counts()
    content = body if isinstance(body, bytes) else wire(json.dumps(body))
    response = getattr(client, method)(url, content, content_type="application/json")
    problems = json_problems(response)
    if problems:
        return problems
    if response.status_code >= 400:
        changed = changed_tables(before)
        return [f"refused ({response.status_code}) but changed {changed}"] if changed else []
    return read_back(response)


@pytest.mark.parametrize("basename", sorted(VIEWSETS))
@pytest.mark.parametrize("bad", TEXT + JSON_VALUES, ids=str)
def test_an_api_create_refuses_or_stores_whole_any_value(newsroom, basename, bad):
    client = client_for(newsroom.users["contributor"])
    url = reverse(f"api:{basename}-list")
    serializer = serializer_for(basename, "create")
    free, other = write_fields(basename, "create")
    model = serializer.Meta.model
    problems = []

    for fields in (free, other):
        for values in spread(bad, fields):
            body = {**valid_payloads(newsroom)[basename], **values}

            def read_back(response, values=values):
                record = model.objects.get(pk=response.json()["id"])
                return differences(record, serializer, values, free, "created")

            problems += check_write(client, "post", url, body, read_back)

    assert problems == []


@pytest.mark.parametrize("basename", sorted(VIEWSETS))
@pytest.mark.parametrize("bad", TEXT + JSON_VALUES, ids=str)
def test_an_api_edit_refuses_or_stores_whole_any_value(newsroom, basename, bad):
    client = client_for(newsroom.users["contributor"])
    record = newsroom.drafts[basename]
    url = reverse(f"api:{basename}-detail", args=[record.pk])
    serializer = serializer_for(basename, "partial_update")
    free, other = write_fields(basename, "partial_update")
    model = type(record)
    problems = []

    for fields in (free, [name for name in other if name != "version"]):
        for values in spread(bad, fields):
            body = {**values, "version": model.objects.get(pk=record.pk).version}

            def read_back(response, values=values):
                edited = model.objects.get(pk=record.pk)
                return differences(edited, serializer, values, free, "edited")

            problems += check_write(client, "patch", url, body, read_back)

    assert problems == []


def test_the_valid_payloads_are_accepted(newsroom):
    # The control: without bad values each create succeeds, so a refusal above is the value's.
    client = client_for(newsroom.users["contributor"])
    statuses = {
        basename: client.post(reverse(f"api:{basename}-list"), body, format="json").status_code
        for basename, body in valid_payloads(newsroom).items()
    }
    assert statuses == dict.fromkeys(VIEWSETS, 201)


# The workflow's doors: moves, assignments, merges


def latest_review(record):
    return Review.objects.for_record(record).order_by("-created_at").first()


@pytest.mark.parametrize("bad", TEXT + JSON_VALUES, ids=str)
def test_a_submission_refuses_or_keeps_whole_any_note(newsroom, bad):
    record = newsroom.drafts["quote"]
    url = reverse("api:quote-transition", args=[record.pk])
    client = client_for(newsroom.users["contributor"])
    body = {"action": "submit", "version": record.version, "note": bad.value}

    def read_back(response):
        note = latest_review(record).note
        kept = str(bad.value).strip() if not isinstance(bad.value, bool) else bad.value
        return [] if note == kept else [f"note stored as {note!r:.60}"]

    assert check_write(client, "post", url, body, read_back) == []


@pytest.mark.parametrize("bad", TEXT + JSON_VALUES, ids=str)
def test_a_verification_refuses_or_keeps_whole_any_evidence(newsroom, bad):
    record = newsroom.in_review
    url = reverse("api:quote-transition", args=[record.pk])
    client = client_for(newsroom.users["factchecker"])
    checklist = dict.fromkeys(CHECKLISTS["quote"], True)
    source = str(newsroom.published["source"].pk)
    accepted_shape = {
        "action": "verify",
        "version": record.version,
        "note": bad.value,
        "checklist": checklist,
        "evidence": [{"source": source, "checked": bad.value}],
    }
    # The value everywhere a move reads something other than free text.
    structure = {
        "action": bad.value,
        "version": bad.value,
        "checklist": {str(bad.value): bad.value},
        "evidence": [{"source": bad.value, "url": bad.value, "checked": "matched"}],
        "correction": {"what_was_wrong": bad.value, "what_changed": bad.value},
    }

    def read_back(response):
        review = latest_review(record)
        kept = str(bad.value).strip()
        found = [review.note, review.evidence.get().checked]
        return [] if found == [kept, kept] else [f"stored {found!r:.80}"]

    problems = check_write(client, "post", url, accepted_shape, read_back)
    problems += check_write(client, "post", url, structure, lambda response: ["accepted"])

    assert problems == []


@pytest.mark.parametrize("bad", TEXT + JSON_VALUES, ids=str)
def test_an_assignment_refuses_any_assignee_who_is_not_a_user(newsroom, bad):
    record = newsroom.drafts["quote"]
    url = reverse("api:quote-assign", args=[record.pk])
    client = client_for(newsroom.users["editor"])

    def read_back(response):
        # Only null (nobody) is a valid assignee among the corpus values.
        return [] if bad.value is None else [f"assigned to {record.assigned_to!r}"]

    assert check_write(client, "post", url, {"assignee": bad.value}, read_back) == []


@pytest.mark.parametrize("bad", TEXT + JSON_VALUES, ids=str)
def test_a_merge_refuses_any_duplicate_that_is_not_a_record(newsroom, bad):
    record = newsroom.drafts["person"]
    url = reverse("api:person-merge", args=[record.pk])
    client = client_for(newsroom.users["editor"])
    problems = []

    for body in (
        {"duplicates": [bad.value], "version": record.version},
        {"duplicates": bad.value, "version": bad.value},
    ):
        problems += check_write(client, "post", url, body, lambda response: ["merged"])

    assert problems == []


@pytest.mark.parametrize("bad", TEXT + JSON_VALUES, ids=str)
def test_the_token_endpoint_refuses_any_bad_username_or_password(newsroom, bad):
    url = reverse("api:token")
    client = client_for(None)
    problems = []

    for body in (
        {"username": bad.value, "password": bad.value},
        {"username": "editor", "password": bad.value},
    ):
        problems += check_write(client, "post", url, body, lambda response: ["a token"])

    assert problems == []


# Bodies

WRITE_TARGETS = {
    **{f"create-{basename}": ("post", f"api:{basename}-list", None) for basename in VIEWSETS},
    "edit-quote": ("patch", "api:quote-detail", "quote"),
    "transition": ("post", "api:quote-transition", "quote"),
    "assign": ("post", "api:quote-assign", "quote"),
    "merge": ("post", "api:person-merge", "person"),
    "token": ("post", "api:token", None),
}


def write_url(room, target: str) -> tuple[str, str]:
    method, url_name, draft = WRITE_TARGETS[target]
    args = [room.drafts[draft].pk] if draft else []
    return method, reverse(url_name, args=args)


@pytest.mark.parametrize("target", sorted(WRITE_TARGETS))
def test_a_write_refuses_a_malformed_json_body(newsroom, target):
    method, url = write_url(newsroom, target)
    client = client_for(newsroom.users["editor"])
    problems = {}

    for bad in MALFORMED_JSON:
        before = table_counts()
        response = getattr(client, method)(url, wire(bad.value), content_type="application/json")
        found = json_problems(response)
        if response.status_code < 400:
            found.append(f"accepted with {response.status_code}")
        elif changed := changed_tables(before):
            found.append(f"refused but changed {changed}")
        if found:
            problems[bad.name] = found

    assert problems == {}


@pytest.mark.parametrize("target", sorted(WRITE_TARGETS))
def test_a_write_refuses_a_body_that_is_not_what_it_says(newsroom, target):
    method, url = write_url(newsroom, target)
    client = client_for(newsroom.users["editor"])
    problems = {}

    for bad in CONTENT_TYPES:
        content_type, body, readable = bad.value
        before = table_counts()
        response = getattr(client, method)(url, wire(body), content_type=content_type)
        found = json_problems(response)
        if response.status_code >= 400 and (changed := changed_tables(before)):
            found.append(f"refused but changed {changed}")
        elif response.status_code < 400 and not readable:
            found.append(f"accepted with {response.status_code}")
        if found:
            problems[bad.name] = found

    assert problems == {}
