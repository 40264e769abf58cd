"""The bad-input corpus against the review desk: the admin's forms, lists and workflow pages.

Forms: the add form of every model of the desk and the change form of every editorial record,
as a contributor (the role that writes drafts), with the corpus in their free-text fields and,
separately, in every other field. The workflow's pages: a move through review as the role that
makes it (submit, verify, retract), the assign and merge actions, the import page and the review
of its proposals, the login form and the autocomplete. Lists: every changelist's search,
ordering, page, date hierarchy and list filters, read from the ModelAdmin, as an editor.

A refused form is shown again with its errors and leaves every table as it was; an accepted
one stores the values whole; nothing is ever a 500, and no page prints a payload raw.
"""

import datetime
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.views.main import ALL_VAR, ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.contrib.admin.widgets import AutocompleteMixin
from django.db import models
from django.test import Client
from django.urls import reverse

from newsroom.models import Correction, Review
from newsroom.search import MAX_QUERY_LENGTH
from newsroom.workflow import CHECKLISTS
from sources.ingest.reading import read_article
from sources.models import Person, Source, sha256_hex
from tests.hardening.checks import (
    answer_problems,
    changed_tables,
    multipart,
    post_form,
    query_string,
    quoted,
    table_counts,
    text_of,
)
from tests.hardening.conftest import signed_in
from tests.hardening.corpus import (
    ARTICLES,
    DATES,
    FORM_TEXT,
    LONG_URL,
    NUMBERS,
    ORDERINGS,
    STRUCTURED_TEXT,
    STRUCTURED_URL_TEXT,
    URL_TEXT,
    Bad,
    wire,
)

pytestmark = pytest.mark.django_db

DESK_APPS = ("sources", "timeline", "newsroom")
MODEL_ADMINS = {
    model._meta.model_name: model_admin
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label in DESK_APPS
}
# The records of review are written by the workflow only: they have lists, and no forms.
FORM_MODELS = sorted(
    name
    for name, model_admin in MODEL_ADMINS.items()
    if model_admin.model._meta.app_label != "newsroom"
)
EDITORIAL_MODELS = sorted(
    name for name in FORM_MODELS if hasattr(MODEL_ADMINS[name].model, "version")
)

# Validators that leave a text free: any characters, up to a length.
FREE_TEXT_VALIDATORS = ("MaxLengthValidator", "ProhibitNullCharactersValidator")
# Fields a model folds on save: names keep their words, runs of white space become one space
# (NamedEntity.save, Alias.save). Nothing is Unicode-normalized: spellings are evidence.
WHITE_SPACE_FOLDED = {("person", "name"), ("organization", "name"), ("alias", "name")}


def admin_url(name: str, view: str, *args) -> str:
    model = MODEL_ADMINS[name].model
    return reverse(f"admin:{model._meta.app_label}_{name}_{view}", args=args)


def add_data(room) -> dict[str, dict[str, str]]:
    """What each add form needs besides its defaults to save a new record."""
    published = room.published
    person, source = str(published["person"].pk), str(room.bare_source.pk)
    quote, claim = str(published["quote"].pk), str(published["claim"].pk)
    return {
        "topic": {"name": "A new topic"},
        "person": {"name": "A new person"},
        "organization": {"name": "A new organization", "kind": "ngo"},
        "alias": {"name": "A new alias", "person": person},
        "affiliation": {
            "person": person,
            "organization": str(published["organization"].pk),
            "role": "spokesman",
        },
        "outlet": {"name": "A new outlet", "kind": "newspaper"},
        "source": {"title": "A new source", "kind": "news", "language": "en"},
        "citation": {
            "citing": source,
            "cited": str(published["source"].pk),
            "purpose": "quotation",
        },
        "quote": {"text": "New words.", "speaker_person": person},
        "appearance": {"quote": quote, "source": source, "text_as_printed": "New words."},
        "claim": {"text": "A new claim."},
        "claimappearance": {"claim": claim, "source": source, "text_as_printed": "A new claim."},
        "evidence": {"claim": claim, "source": source, "note": "Checked."},
        "event": {
            "title": "Something new",
            "starts_on": "2020-12-01",
            "starts_on_precision": "month",
        },
        "participant": {"event": str(published["event"].pk), "person": person, "role": "signatory"},
    }


# Reading and filling a form


def scraped(content: str, form_id: str | None = None) -> dict[str, list[str]]:
    """What a browser would send of a form as the page shows it."""
    soup = BeautifulSoup(content, "html.parser")
    form = soup.find("form", id=form_id) if form_id else soup.find("form", method="post")
    data: dict[str, list[str]] = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.name == "select":
            values = [
                option.get("value", "") for option in element.find_all("option", selected=True)
            ]
        elif element.name == "textarea":
            values = [element.get_text().removeprefix("\n")]
        elif element.get("type") in ("checkbox", "radio"):
            values = [element.get("value", "on")] if element.get("checked") is not None else []
        elif element.get("type") in ("submit", "button", "file"):
            continue
        else:
            values = [element.get("value", "")]
        data.setdefault(name, []).extend(values)
    return data


def model_field(form, name: str):
    try:
        return form._meta.model._meta.get_field(name)
    except Exception:  # a field of the form only (the change's reason, the version)
        return None


def is_free_text(form, name: str) -> bool:
    """A text a person types, in which any characters are allowed."""
    field = form.fields[name]
    if type(field) is not forms.CharField or field.disabled:
        return False
    column = model_field(form, name)
    validators = [*field.validators, *(column.validators if column is not None else [])]
    if column is not None and column.choices:
        return False
    return all(type(validator).__name__ in FREE_TEXT_VALIDATORS for validator in validators)


# What a urlencoded form body may carry (DATA_UPLOAD_MAX_MEMORY_SIZE is 2.5 MB), with room to
# spare for the rest of the form.
BODY_ROOM = 2_000_000


def spread(bad: Bad, fields: list[str]) -> list[dict]:
    """The value in every field at once, or in as many fields as the request's size limit
    leaves room for, request after request."""
    size = len(quoted(bad.value))
    per_request = max(1, BODY_ROOM // max(size, 1))
    return [
        dict.fromkeys(fields[start : start + per_request], bad.value)
        for start in range(0, len(fields), per_request)
    ] or [{}]


def expected(form, name: str, value: str, model_name: str) -> str:
    """What a form field stores of a value it accepts."""
    field = form.fields[name]
    # A form body is decoded as UTF-8 with replacement characters where it is not UTF-8.
    text = wire(value).decode("utf-8", "replace")
    text = text.strip() if field.strip else text
    if name in getattr(form, "verbatim_fields", ()):
        text = text.replace("\r\n", "\n")
    if (model_name, name) in WHITE_SPACE_FOLDED:
        text = " ".join(text.split())
    return text


# A passage's anchor is completed from its source's snapshot (AnchoredPassage.anchor_in): the
# prefix and suffix an editor gives are hints to find the words by, and are stored as the
# snapshot has them. Every other free text is stored as it was accepted.
COMPLETED_FROM_SNAPSHOT = {"anchor_prefix", "anchor_suffix"}


def differences(record, form, values: dict, free: list[str], name: str, defaults: dict):
    """The free-text fields of a saved record that do not hold what was sent."""
    record.refresh_from_db()
    wrong = []
    for field, value in values.items():
        if field not in free or field in COMPLETED_FROM_SNAPSHOT:
            continue
        want = expected(form, field, value, name) or defaults.get(field, "")
        if stored(record, field) != want:
            wrong.append(f"{field}: stored {stored(record, field)!r:.60}")
    return wrong


def stored(record, name: str):
    if name == "change_reason":
        return record.history.latest().history_change_reason
    return getattr(record, name)


def form_errors(response) -> list:
    """The errors a refused admin form was shown again with."""
    context = response.context
    found = []
    if context is None:
        return found
    for key in ("adminform", "form"):
        form = context.get(key)
        form = getattr(form, "form", form)
        if form is not None and hasattr(form, "errors"):
            found += list(form.errors.values())
    for formset in context.get("inline_admin_formsets") or []:
        found += [errors for errors in formset.formset.errors if errors]
        found += list(formset.formset.non_form_errors())
    found += [str(message) for message in context.get("messages") or []]
    return found


def check_form_post(client, url: str, data: dict, read_back) -> list[str]:
    """Post a form: a 500 or a raw payload is wrong; a refusal must show its errors and leave
    every table as it was; an acceptance (a redirect) must store the values whole."""
    before = table_counts()
    response = post_form(client, url, data)
    problems = answer_problems(response)
    if problems:
        return problems
    if response.status_code == 302:
        return read_back(response)
    if changed := changed_tables(before):
        return [f"refused ({response.status_code}) but changed {changed}"]
    if response.status_code == 200 and not form_errors(response):
        return ["shown again without an error"]
    return []


_PAGES: dict[str, tuple] = {}


def fields_of(client, url: str):
    """The form of an admin page, and what a browser would send of it unchanged (read once per
    module: the newsroom's records, and so the pages, are the same for every test)."""
    if url not in _PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        form = response.context["adminform"].form
        _PAGES[url] = (
            form,
            scraped(text_of(response), f"{form._meta.model._meta.model_name}_form"),
        )
    return _PAGES[url]


def is_autocomplete(form, name: str) -> bool:
    widget = form.fields[name].widget
    return isinstance(getattr(widget, "widget", widget), AutocompleteMixin)


def form_passes(form, data: dict) -> tuple[list[str], list[str]]:
    """(free-text fields, every other field the page sends) of an admin form; autocomplete
    fields are tested on their own (see test_an_autocomplete_field_refuses_any_value)."""
    free = [name for name in form.fields if is_free_text(form, name) and name in data]
    other = [
        name
        for name in data
        if name in form.fields and name not in free and not is_autocomplete(form, name)
    ]
    return free, other


def passes(bad: Bad, free: list[str], other: list[str]) -> list[tuple[list[str], dict]]:
    """The requests of one value: every free-text field gets all of the corpus, every other
    field the part of it that can tell refusals apart (STRUCTURED_TEXT)."""
    fields = [free, other] if bad in STRUCTURED_TEXT else [free]
    return [values for group in fields for values in spread(bad, group)]


@pytest.mark.parametrize("name", FORM_MODELS)
@pytest.mark.parametrize("bad", FORM_TEXT, ids=str)
def test_an_add_form_refuses_or_stores_whole_any_value(contributor_client, newsroom, name, bad):
    url = admin_url(name, "add")
    form, page = fields_of(contributor_client, url)
    base = {**page, **add_data(newsroom)[name]}
    free, other = form_passes(form, base)
    model = MODEL_ADMINS[name].model
    problems = []

    for values in passes(bad, free, other):
        existing = set(model.objects.values_list("pk", flat=True))

        def read_back(response, values=values, existing=existing):
            added = model.objects.exclude(pk__in=existing).get()
            return differences(added, form, values, free, name, {})

        problems += check_form_post(contributor_client, url, {**base, **values}, read_back)

    assert problems == []


@pytest.mark.parametrize("name", EDITORIAL_MODELS)
@pytest.mark.parametrize("bad", FORM_TEXT, ids=str)
def test_a_change_form_refuses_or_stores_whole_any_value(contributor_client, newsroom, name, bad):
    record = newsroom.drafts[name]
    url = admin_url(name, "change", record.pk)
    form, page = fields_of(contributor_client, url)
    free, other = form_passes(form, page)
    problems = []

    for values in passes(bad, free, other):
        data = {**page, "version": str(type(record).objects.get(pk=record.pk).version), **values}

        def read_back(response, values=values):
            return differences(record, form, values, free, name, {"change_reason": "edited"})

        problems += check_form_post(contributor_client, url, data, read_back)

    assert problems == []


def linked(record, fields: list[str]) -> dict:
    """What a saved record holds in the given relation fields."""
    held = {}
    for name in fields:
        value = getattr(record, name)
        value = list(value.all()) if record._meta.get_field(name).many_to_many else value
        if value:
            held[name] = value
    return held


# Django's autocomplete widget looks the submitted value up to show it again with its label,
# and a value that is not an id of the related model failed there (a 500) instead of being the
# form's "Select a valid choice" (newsroom.admin.ReadableAutocompleteMixin). An autocomplete
# field takes an id: it gets the values that tell refusals apart (STRUCTURED_TEXT).
AUTOCOMPLETE_MODELS = sorted(name for name in FORM_MODELS if MODEL_ADMINS[name].autocomplete_fields)


@pytest.mark.parametrize("name", AUTOCOMPLETE_MODELS)
def test_an_autocomplete_field_refuses_any_value(contributor_client, newsroom, name):
    url = admin_url(name, "add")
    form, page = fields_of(contributor_client, url)
    base = {**page, **add_data(newsroom)[name]}
    fields = [field for field in form.fields if is_autocomplete(form, field)]
    model = MODEL_ADMINS[name].model
    assert fields
    problems = {}

    for bad in STRUCTURED_TEXT:
        existing = set(model.objects.values_list("pk", flat=True))

        def read_back(response, existing=existing):
            # No value of the corpus is an id: a record may be saved only without a relation.
            held = linked(model.objects.exclude(pk__in=existing).get(), fields)
            return [f"accepted with {held!r:.80}"] if held else []

        data = {**base, **dict.fromkeys(fields, bad.value)}
        if found := check_form_post(contributor_client, url, data, read_back):
            problems[bad.name] = found

    assert problems == {}


_INLINES: dict[str, dict[str, list[str]]] = {}


def inline_autocomplete_fields(client, url: str) -> dict[str, list[str]]:
    """The autocomplete fields of the inlines of an add page, by their formset's prefix."""
    if url not in _INLINES:
        response = client.get(url)
        assert response.status_code == 200, url
        _INLINES[url] = {}
        for inline in response.context["inline_admin_formsets"]:
            form = inline.formset.empty_form
            names = [name for name in form.fields if is_autocomplete(form, name)]
            if names:
                _INLINES[url][inline.formset.prefix] = names
    return _INLINES[url]


INLINE_AUTOCOMPLETE_MODELS = sorted(
    name
    for name in FORM_MODELS
    if any(inline.autocomplete_fields for inline in MODEL_ADMINS[name].inlines)
)


@pytest.mark.parametrize("name", INLINE_AUTOCOMPLETE_MODELS)
def test_an_inline_autocomplete_field_refuses_any_value(contributor_client, newsroom, name):
    # A row of each inline, its relations given a value that is not an id: the same widget
    # shows the row again, so the same fix holds for inlines.
    url = admin_url(name, "add")
    _, page = fields_of(contributor_client, url)
    base = {**page, **add_data(newsroom)[name]}
    inlines = inline_autocomplete_fields(contributor_client, url)
    assert inlines
    problems = {}

    for bad in STRUCTURED_TEXT:
        rows = {}
        for prefix, names in inlines.items():
            rows[f"{prefix}-TOTAL_FORMS"] = "1"
            rows.update({f"{prefix}-0-{field}": bad.value for field in names})
        found = check_form_post(
            contributor_client, url, {**base, **rows}, lambda response: ["accepted"]
        )
        if found:
            problems[bad.name] = found

    assert problems == {}


# Lists


# Numbers no datetime holds as a year, month or day (see the date hierarchy's test below).
OVERFLOWING_NUMBERS = {"int32-overflow", "int64-overflow", "huge"}
# Moments that are outside the calendar once in UTC (see the moment filter's test below).
OVERFLOWING_MOMENTS = {"offset-beyond-postgres", "moment-at-the-end"}


@dataclass(frozen=True)
class ListParameter:
    name: str
    values: list
    # Parameters read by the same code on every list (the same ChangeList variable, the same
    # list-filter class over the same kind of field, with the same lookup) share a key: each
    # key is sent the corpus once, on the first list that has it.
    key: tuple


_LIST_PARAMETERS: dict[str, list[ListParameter]] = {}


def list_parameters(client, name: str) -> list[ListParameter]:
    """A changelist's query parameters, read from the page's ChangeList, with their values."""
    if name not in _LIST_PARAMETERS:
        model_admin = MODEL_ADMINS[name]
        response = client.get(admin_url(name, "changelist"))
        assert response.status_code == 200, name
        params = [
            # The columns `o` orders by are the list's own.
            ListParameter(ORDER_VAR, STRUCTURED_URL_TEXT + ORDERINGS, (name, ORDER_VAR)),
            ListParameter(PAGE_VAR, STRUCTURED_URL_TEXT + NUMBERS, (PAGE_VAR,)),
            ListParameter(ALL_VAR, STRUCTURED_URL_TEXT, (ALL_VAR,)),
            ListParameter(TO_FIELD_VAR, STRUCTURED_URL_TEXT, (TO_FIELD_VAR,)),
            ListParameter(IS_POPUP_VAR, STRUCTURED_URL_TEXT, (IS_POPUP_VAR,)),
        ]
        if model_admin.search_fields:
            # Each list searches its own fields; the longest search is tested on its own.
            words = [value for value in URL_TEXT if value is not LONG_URL]
            params.append(ListParameter(SEARCH_VAR, words, (name, SEARCH_VAR)))
        for spec in response.context["cl"].filter_specs:
            field = getattr(spec, "field", None)
            for param in spec.expected_parameters():
                lookup = param.rsplit("__", 1)[-1] if "__" in param else ""
                values = STRUCTURED_URL_TEXT
                if lookup in ("gte", "lt"):
                    values = values + DATES
                key = (type(spec).__name__, type(field).__name__, lookup)
                params.append(ListParameter(param, values, key))
        if model_admin.date_hierarchy:
            for part in ("year", "month", "day"):
                values = STRUCTURED_URL_TEXT + NUMBERS
                params.append(
                    ListParameter(f"{model_admin.date_hierarchy}__{part}", values, (part,))
                )
        _LIST_PARAMETERS[name] = params
    return _LIST_PARAMETERS[name]


LIST_MODELS = sorted(MODEL_ADMINS)
SEARCHED_MODELS = sorted(name for name in LIST_MODELS if MODEL_ADMINS[name].search_fields)
DATED_MODELS = sorted(name for name in LIST_MODELS if MODEL_ADMINS[name].date_hierarchy)


# A date typed into the filter of a moment column is read as midnight in the current time zone,
# and Django warns that it is naive: a log line in production, an error in this suite.
@pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime:RuntimeWarning")
@pytest.mark.parametrize("name", LIST_MODELS)
def test_a_changelist_answers_any_value_of_its_parameters(editor_client, name):
    url = admin_url(name, "changelist")
    seen = {
        param.key
        for earlier in LIST_MODELS[: LIST_MODELS.index(name)]
        for param in list_parameters(editor_client, earlier)
    }
    problems = {}

    for param in list_parameters(editor_client, name):
        if param.key in seen:
            continue
        for bad in param.values:
            response = editor_client.get(f"{url}?{query_string({param.name: bad.value})}")
            if found := answer_problems(response):
                problems[f"{param.name}={bad.name}"] = found

    assert problems == {}


def test_every_changelist_parameter_is_sent_the_corpus(editor_client):
    # The shared keys above leave no parameter untested: each key is tested on some list.
    keys = {param.key for name in LIST_MODELS for param in list_parameters(editor_client, name)}
    assert len(keys) > len(LIST_MODELS)
    assert all(
        param.values for name in LIST_MODELS for param in list_parameters(editor_client, name)
    )


def refused_with(client, response, message: str) -> list[str]:
    """A list that refuses its query redirects to itself without it (Django's answer to a
    filter it cannot use, `?e=1`) and says why there."""
    if response.status_code != 302:
        return [f"answered {response.status_code}, not a redirect to the list"]
    shown = client.get(response.url)
    found = answer_problems(shown)
    if message not in text_of(shown):
        found.append(f"no message “{message}”")
    return found


MOMENT_FILTERS = [
    (name, field)
    for name in LIST_MODELS
    for field in MODEL_ADMINS[name].list_filter
    if isinstance(field, str)
    and "__" not in field
    and isinstance(MODEL_ADMINS[name].model._meta.get_field(field), models.DateTimeField)
]


@pytest.mark.parametrize(("name", "field"), MOMENT_FILTERS)
def test_a_moment_filter_refuses_moments_outside_the_calendar(editor_client, name, field):
    # Django passed a moment to the query as typed: one outside years 1-9999 once in UTC
    # overflowed where Django converts it for SQLite, and PostgreSQL refused it (a 500).
    url = admin_url(name, "changelist")
    problems = {}

    for bad in DATES:
        if bad.name not in OVERFLOWING_MOMENTS:
            continue
        for lookup in ("gte", "lt"):
            response = editor_client.get(f"{url}?{query_string({f'{field}__{lookup}': bad.value})}")
            found = answer_problems(response)
            found += refused_with(editor_client, response, "is not a moment this list can show")
            if found:
                problems[f"{lookup}={bad.name}"] = found

    assert problems == {}


@pytest.mark.parametrize(("name", "field"), MOMENT_FILTERS)
def test_a_moment_filter_reads_any_offset_in_the_calendar(editor_client, newsroom, name, field):
    # An offset beyond ±15:59 is a moment Python reads and PostgreSQL refused as typed (a 500).
    url = admin_url(name, "changelist")
    model = MODEL_ADMINS[name].model
    moments = sorted(getattr(record, field) for record in model.objects.all())
    assert moments, f"the newsroom has no {name} to find"
    # The first moment, as the same moment at +20:00: the list from it holds every record.
    since = moments[0].astimezone(datetime.timezone(datetime.timedelta(hours=20)))

    response = editor_client.get(f"{url}?{query_string({f'{field}__gte': since.isoformat()})}")

    assert answer_problems(response) == []
    assert response.status_code == 200
    assert response.context["cl"].result_count == len(moments)


@pytest.mark.parametrize("name", DATED_MODELS)
def test_a_date_hierarchy_refuses_any_date_outside_the_calendar(editor_client, name):
    # Django read a year, month or day only as far as ValueError: one past a C long was an
    # OverflowError, and so was the range of the last year, month or day of 9999 (a 500).
    url = admin_url(name, "changelist")
    field = MODEL_ADMINS[name].date_hierarchy
    year, month, day = (f"{field}__{part}" for part in ("year", "month", "day"))
    overflowing = [bad.value for bad in NUMBERS if bad.name in OVERFLOWING_NUMBERS]
    queries = [{year: value} for value in overflowing]
    queries += [{year: "2020", month: value} for value in overflowing]
    queries += [{year: "2020", month: "12", day: value} for value in overflowing]
    queries += [{year: "9999"}, {year: "9999", month: "12"}, {year: "9999", month: "12", day: "31"}]
    problems = {}

    for query in queries:
        response = editor_client.get(f"{url}?{query_string(query)}")
        found = answer_problems(response)
        found += refused_with(editor_client, response, "is not a date of the calendar")
        if found:
            problems[str(query)[:80]] = found

    assert problems == {}


@pytest.mark.parametrize("name", DATED_MODELS)
def test_a_date_hierarchy_shows_the_last_dates_of_the_calendar(editor_client, name):
    # The control: the last year, month and day whose range is in the calendar are shown.
    url = admin_url(name, "changelist")
    field = MODEL_ADMINS[name].date_hierarchy
    year, month, day = (f"{field}__{part}" for part in ("year", "month", "day"))

    for query in (
        {year: "9998"},
        {year: "9999", month: "11"},
        {year: "9999", month: "12", day: "30"},
    ):
        response = editor_client.get(f"{url}?{query_string(query)}")
        assert response.status_code == 200, query


@pytest.mark.parametrize("name", SEARCHED_MODELS)
def test_a_long_search_in_a_changelist_uses_its_first_200_characters(editor_client, name):
    # SQLite refused a LIKE pattern over 50,000 bytes (a 500); the public search is cut so.
    url = admin_url(name, "changelist")

    response = editor_client.get(f"{url}?{query_string({SEARCH_VAR: LONG_URL.value})}")

    assert answer_problems(response) == []
    assert response.status_code == 200
    assert response.context["cl"].query == LONG_URL.value[:MAX_QUERY_LENGTH]
    assert f"only its first {MAX_QUERY_LENGTH} characters were used" in text_of(response)


def test_a_long_search_in_the_autocomplete_answers(contributor_client):
    query = query_string({**AUTOCOMPLETE_QUERY, "term": LONG_URL.value})

    response = contributor_client.get(f"{AUTOCOMPLETE_URL}?{query}")

    assert answer_problems(response) == []
    assert response.status_code == 200
    assert response.json()["results"] == []


# The workflow's pages


def transition_url(record, action: str) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_transition", args=[record.pk, action])


def latest_review(record):
    return Review.objects.for_record(record).order_by("-created_at").first()


def move_forms(room) -> dict[str, tuple]:
    """A move of each kind, by the role that makes it: (user, record, action, what a valid
    form adds to the page's defaults)."""
    published_source = str(room.published["source"].pk)
    return {
        "submit": (room.users["contributor"], room.drafts["quote"], "submit", {}),
        "verify": (
            room.users["factchecker"],
            room.in_review,
            "verify",
            {
                "checklist": list(CHECKLISTS["quote"]),
                "evidence_source": published_source,
                "evidence_checked": "Matched the words in the source.",
            },
        ),
        "retract": (
            room.users["editor"],
            room.published["quote"],
            "retract",
            {
                "note": "Retracted.",
                "what_was_wrong": "The speaker was wrong.",
                "what_changed": "Retracted.",
            },
        ),
    }


# What each move keeps of its free text, where.
def kept_text(record, action: str) -> dict[str, str]:
    review = latest_review(record)
    kept = {"note": review.note}
    if action == "verify":
        kept["evidence_checked"] = review.evidence.get().checked
    if action == "retract":
        correction = Correction.objects.for_record(record).order_by("-published_at").first()
        kept.update(what_was_wrong=correction.what_was_wrong, what_changed=correction.what_changed)
    return kept


@pytest.mark.parametrize("move", ["submit", "verify", "retract"])
@pytest.mark.parametrize("bad", FORM_TEXT, ids=str)
def test_a_move_through_review_refuses_or_keeps_whole_any_value(client, newsroom, move, bad):
    user, record, action, valid = move_forms(newsroom)[move]
    signed_in(client, user)
    url = transition_url(record, action)
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    base = {**scraped(text_of(page), "transition_form"), **valid}
    free = [name for name in form.fields if type(form.fields[name]) is forms.CharField]
    other = [name for name in form.fields if name not in free]
    problems = []

    for values in passes(bad, free, other):

        def read_back(response, values=values):
            kept = kept_text(record, action)
            return [
                f"{name}: kept {kept.get(name)!r:.60}"
                for name, value in values.items()
                if name in kept and kept[name] != expected(form, name, value, "")
            ]

        problems += check_form_post(client, url, {**base, **values}, read_back)

    assert problems == []


@pytest.mark.parametrize("bad", STRUCTURED_URL_TEXT, ids=str)
def test_a_move_that_is_not_an_action_is_not_found(editor_client, newsroom, bad):
    record = newsroom.drafts["quote"]
    url = admin_url("quote", "change", record.pk).replace(
        "/change/", f"/transition/{quoted(bad.value)}/"
    )

    response = editor_client.get(url)

    assert answer_problems(response) == []
    # A value with a slash is no action segment: the admin sends it to the record's change page.
    assert response.status_code == (302 if "/" in bad.value else 404)


def changelist_action(client, name: str, data: dict):
    return post_form(client, admin_url(name, "changelist"), {"index": "0", **data})


@pytest.mark.parametrize("bad", FORM_TEXT, ids=str)
def test_the_assign_action_refuses_any_assignee_that_is_not_a_fact_checker(
    editor_client, newsroom, bad
):
    record = newsroom.drafts["quote"]
    before = table_counts()

    response = changelist_action(
        editor_client,
        "quote",
        {"action": "assign_selected", "_selected_action": str(record.pk), "assignee": bad.value},
    )

    assert answer_problems(response) == []
    assert changed_tables(before) == {}
    # The fact-checker is a field of Django's action form: a value that is not one of them makes
    # the form invalid, and Django answers that no action was selected.
    followed = editor_client.get(response.url) if response.status_code == 302 else response
    assert "No action selected" in text_of(followed)


@pytest.mark.parametrize("bad", FORM_TEXT, ids=str)
def test_the_merge_action_refuses_any_record_to_keep_that_was_not_chosen(
    editor_client, newsroom, bad
):
    people = [newsroom.drafts["person"], newsroom.published["person"]]
    before = table_counts()

    response = changelist_action(
        editor_client,
        "person",
        {
            "action": "merge_selected",
            "_selected_action": [str(person.pk) for person in people],
            "post": "yes",
            "keep": bad.value,
        },
    )

    assert answer_problems(response) == []
    assert changed_tables(before) == {}
    assert "Choose the record to keep" in text_of(response)


def test_an_action_on_records_that_are_not_ids_is_refused(editor_client, newsroom):
    # Django filtered the records by the posted ids as they were: one that is not a UUID
    # failed in the database lookup (a 500).
    record = str(newsroom.drafts["quote"].pk)
    problems = {}

    for bad in STRUCTURED_TEXT:
        before = table_counts()
        response = changelist_action(
            editor_client,
            "quote",
            {"action": "submit_selected", "_selected_action": [record, bad.value]},
        )
        found = answer_problems(response)
        if response.status_code != 302:
            found.append(f"answered {response.status_code}")
        elif "No action was taken" not in text_of(editor_client.get(response.url)):
            found.append("no message")
        if changed := changed_tables(before):
            # Every selected record or none: the draft that is an id is not submitted either.
            found.append(f"changed {changed}")
        if found:
            problems[bad.name] = found

    assert problems == {}


# Importing an article

IMPORT_URL = reverse("admin:sources_source_import")
ARTICLE = "“We will stay,” said Ann Lee, a spokeswoman, to AFP.\n"


def article_bytes(bad: Bad) -> bytes:
    if bad.name == "utf16-bom":
        return bad.value.encode("utf-16")  # with its byte-order mark
    return wire(bad.value)


def check_import(client, fields: dict, files: dict | None, article: bytes | None) -> list[str]:
    """Post the import form: refused, it is shown again with its errors and nothing is saved;
    accepted, the source holds the article's whole text as read, and the title given (white
    space folded)."""
    existing = set(Source.objects.values_list("pk", flat=True))
    before = table_counts()
    content_type, body = multipart(fields, files)
    response = client.post(IMPORT_URL, body, content_type=content_type)
    problems = answer_problems(response)
    if problems:
        return problems
    if response.status_code == 302:
        read = read_article(article, format=fields.get("input_format", "auto")).text
        source = Source.objects.exclude(pk__in=existing).first()
        if source is None:
            # The same text was imported before: nothing changed, as the page says.
            found = Source.objects.filter(text_sha256=sha256_hex(read)).exists()
            return [] if found else ["accepted, but no source holds the text"]
        wrong = [] if source.text == read else [f"stored {source.text[:60]!r}, read {read[:60]!r}"]
        title = wire(fields.get("title", "")).decode("utf-8", "replace")
        if title.strip() and source.title != " ".join(title.split()):
            wrong.append(f"title stored as {source.title!r:.60}")
        return wrong
    if changed := changed_tables(before):
        return [f"refused ({response.status_code}) but changed {changed}"]
    if response.status_code == 200 and not form_errors(response):
        return ["shown again without an error"]
    return []


IMPORT_DEFAULTS = {"input_format": "auto", "kind": "news"}


@pytest.mark.parametrize("bad", ARTICLES, ids=str)
def test_the_import_page_refuses_or_imports_whole_any_uploaded_article(contributor_client, bad):
    data = article_bytes(bad)
    fields = {**IMPORT_DEFAULTS, "input_format": "json" if bad.name.startswith("json") else "auto"}

    problems = check_import(contributor_client, fields, {"file": ("article.txt", data)}, data)

    assert problems == []


@pytest.mark.parametrize("bad", FORM_TEXT + ARTICLES, ids=str)
def test_the_import_page_refuses_or_imports_whole_any_pasted_text(contributor_client, bad):
    # A browser sends a textarea's line breaks as CRLF; the page reads them as the LF pasted.
    # A form field is decoded as UTF-8, with replacement characters where it is not.
    pasted = bad.value
    article = wire(pasted).decode("utf-8", "replace").replace("\r\n", "\n").encode()

    problems = check_import(contributor_client, {**IMPORT_DEFAULTS, "text": pasted}, None, article)

    assert problems == []


@pytest.mark.parametrize("bad", FORM_TEXT, ids=str)
def test_the_import_page_refuses_or_keeps_whole_any_metadata(contributor_client, newsroom, bad):
    problems = []
    for name in ("title", "url", "published_on", "language", "kind", "input_format", "outlet"):
        fields = {**IMPORT_DEFAULTS, "text": f"{ARTICLE} {name}", name: bad.value}
        problems += check_import(contributor_client, fields, None, wire(fields["text"]))

    assert problems == []


def test_the_import_page_keeps_a_title_as_long_as_the_form_allows(contributor_client):
    # A title given was cut to the 200 characters of a title taken from the text's first line.
    title = "A headline " + "t" * (Source._meta.get_field("title").max_length - 11)
    fields = {**IMPORT_DEFAULTS, "text": ARTICLE, "title": title}

    assert check_import(contributor_client, fields, None, ARTICLE.encode()) == []


def cut_short(fields: dict, files: dict | None, before: bytes) -> tuple[str, bytes]:
    """A multipart body cut off just before `before`, as a dropped connection leaves it."""
    content_type, whole = multipart(fields, files)
    return content_type, whole[: whole.index(before)]


@pytest.mark.parametrize("part", ["file", "text"])
def test_the_import_page_refuses_an_upload_cut_short(contributor_client, part):
    # Django's parser took a text field cut off before its boundary as whole (the page imported
    # the part of the article that arrived) and dropped a file part cut off so (the form said
    # no article was given). Either way the upload is refused as incomplete.
    if part == "file":
        fields, files = IMPORT_DEFAULTS, {"file": ("article.txt", ARTICLE.encode())}
    else:
        fields, files = {**IMPORT_DEFAULTS, "text": ARTICLE}, None
    content_type, body = cut_short(fields, files, b"said Ann")
    before = table_counts()

    response = contributor_client.post(IMPORT_URL, body, content_type=content_type)

    assert answer_problems(response) == []
    assert response.status_code == 400
    assert "The upload stopped before its end" in text_of(response)
    assert changed_tables(before) == {}


def test_an_upload_cut_short_is_refused_before_the_csrf_check(newsroom):
    # In production the CSRF check reads the form's token from the body before the view does:
    # the upload is refused there, with the same 400 page, not a 403 or a 500.
    client = signed_in(Client(enforce_csrf_checks=True), newsroom.users["contributor"])
    assert client.get(IMPORT_URL).status_code == 200  # the CSRF cookie, as a browser has it
    content_type, body = cut_short({**IMPORT_DEFAULTS, "text": ARTICLE}, None, b"said Ann")
    before = table_counts()

    response = client.post(IMPORT_URL, body, content_type=content_type)

    assert response.status_code == 400
    assert "The upload stopped before its end" in text_of(response)
    assert changed_tables(before) == {}


# Deciding on the proposals of an imported source


def proposal_form(client, source) -> tuple[str, dict]:
    """The review page of an imported source, and the decision form of its last proposal: the
    imam's verse, whose speaker is not a recorded person (the first proposal matches a recorded
    quotation, whose speaker an acceptance keeps)."""
    url = reverse("admin:sources_source_review", args=[source.pk])
    page = client.get(url)
    assert page.status_code == 200
    soup = BeautifulSoup(text_of(page), "html.parser")
    keys = soup.find_all("input", attrs={"name": "key"})
    assert keys, "the source proposes nothing to decide on"
    return url, scraped(str(keys[-1].find_parent("form")))


@pytest.mark.parametrize("bad", FORM_TEXT, ids=str)
def test_a_decision_on_a_proposal_refuses_or_keeps_whole_any_value(
    contributor_client, newsroom, bad
):
    url, form = proposal_form(contributor_client, newsroom.drafts["source"])
    problems = []
    # The speaker's name is free text; every other field of the decision is not.
    requests = [{"decision": "accept", "speaker_name": bad.value, "speaker_kind": "person"}]
    if bad in STRUCTURED_TEXT:
        requests += [
            {name: bad.value}
            for name in ("key", "decision", "speaker_kind", "kind", "start", "end")
        ]

    for values in requests:
        people = set(Person.objects.values_list("pk", flat=True))
        before = table_counts()
        response = post_form(contributor_client, url, {**form, **values})
        found = answer_problems(response)
        shown = contributor_client.get(response.url) if response.status_code == 302 else response
        found += answer_problems(shown)
        if changed_tables(before):
            # Accepted: the speaker is a new draft person named as typed (white space folded),
            # or, for a name left blank, the speaker as proposed.
            named = wire(values.get("speaker_name", "")).decode("utf-8", "replace")
            added = list(Person.objects.exclude(pk__in=people).values_list("name", flat=True))
            if named.strip() and added != [" ".join(named.split())]:
                found.append(f"accepted {values!r:.80}, new speakers {added!r:.80}")
        elif not any(message.level >= messages.WARNING for message in shown.context["messages"]):
            found.append(f"refused {values!r:.60} without a message")
        problems += found

    assert problems == []


# Signing in, and the autocomplete


def test_the_valid_forms_are_accepted(client, newsroom):
    # The controls: without bad values every add form, move and import is accepted, so a
    # refusal above is the value's.
    statuses = {}
    signed_in(client, newsroom.users["contributor"])
    for name in FORM_MODELS:
        _, page = fields_of(client, admin_url(name, "add"))
        response = post_form(client, admin_url(name, "add"), {**page, **add_data(newsroom)[name]})
        statuses[name] = response.status_code
    for move, (user, record, action, valid) in move_forms(newsroom).items():
        signed_in(client, user)
        url = transition_url(record, action)
        page = scraped(text_of(client.get(url)), "transition_form")
        statuses[move] = post_form(client, url, {**page, **valid}).status_code
    signed_in(client, newsroom.users["contributor"])
    content_type, body = multipart({**IMPORT_DEFAULTS, "text": ARTICLE})
    statuses["import"] = client.post(IMPORT_URL, body, content_type=content_type).status_code

    assert statuses == dict.fromkeys(statuses, 302)


LOGIN_URL = reverse("admin:login")


# django-axes records a failed sign-in with its username in a 255-character column: on
# PostgreSQL a longer username failed the sign-in (a 500) until the form refused it first
# (newsroom.admin_site.LoginForm).
@pytest.mark.parametrize("bad", FORM_TEXT, ids=str)
def test_the_login_form_refuses_any_bad_username_or_password(client, newsroom, bad):
    client.raise_request_exception = False
    problems = []

    for data in (
        {"username": bad.value, "password": bad.value},
        {"username": "editor", "password": bad.value},
    ):
        response = post_form(client, LOGIN_URL, {**data, "next": "/admin/"})
        problems += answer_problems(response)
        if response.status_code != 200 or not form_errors(response):
            problems.append(f"{response.status_code} without the form's error")
        if "_auth_user_id" in client.session:
            problems.append("signed in")

    assert problems == []


AUTOCOMPLETE_URL = reverse("admin:autocomplete")
AUTOCOMPLETE_QUERY = {
    "app_label": "sources",
    "model_name": "quote",
    "field_name": "speaker_person",
    "term": "raxit",
}


@pytest.mark.parametrize("param", [*sorted(AUTOCOMPLETE_QUERY), "page"])
def test_the_autocomplete_answers_any_value_of_its_parameters(contributor_client, param):
    values = [value for value in URL_TEXT if value is not LONG_URL] if param == "term" else []
    values = values or STRUCTURED_URL_TEXT + (NUMBERS if param == "page" else [])
    problems = {}

    for bad in values:
        query = query_string({**AUTOCOMPLETE_QUERY, param: bad.value})
        response = contributor_client.get(f"{AUTOCOMPLETE_URL}?{query}")
        if found := answer_problems(response):
            problems[bad.name] = found

    assert problems == {}
