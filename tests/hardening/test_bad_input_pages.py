"""The bad-input corpus against every public page: each query parameter, each path argument.

The parameters are read from the URLconf and the FilterSets, not listed by hand: every filter of
a page's FilterSet, the page number of every capped list, and the few parameters a view reads
itself. A page must answer below 500 whatever it is sent, name a filter value it could not use,
and print nothing it was sent unescaped. A test fails when a public URL appears that this module
does not know how to reach, or a view reads the query string where the corpus does not look.
"""

import inspect
from dataclasses import dataclass

import django_filters
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape

from newsroom.pagination import CappedListMixin
from sources.filters import PartialDateFilter
from tests.hardening.checks import answer_problems, query_string, quoted, text_of
from tests.hardening.corpus import DATES, NUMBERS, ORDERINGS, STRUCTURED_URL_TEXT, URL_TEXT, Bad

pytestmark = pytest.mark.django_db

# The public pages that take a record in their path, and which record of the newsroom fixture.
DETAIL_PAGES = {
    "quote-detail": ("pk", "quote"),
    "person-detail": ("slug", "person"),
    "organization-detail": ("slug", "organization"),
    "source-detail": ("pk", "source"),
    "claim-detail": ("pk", "claim"),
}
# Parameters views read from the query string themselves, outside a FilterSet or a pager.
READ_BY_VIEW = {
    "search": ["q"],
    "sitemap": ["p"],  # django.contrib.sitemaps' page number
}
# Pages that read no parameter at all.
NO_PARAMETERS = {"home", "feed-quotes", *DETAIL_PAGES}
# Django's own views: their source is not the project's to inspect.
PROJECT_PACKAGES = ("newsroom", "sources", "timeline")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: URLPattern

    @property
    def view(self):
        callback = self.pattern.callback
        return getattr(callback, "view_class", None) or callback


def public_routes() -> dict[str, Route]:
    """Every named URL of the public site: the root URLconf without the admin and the API."""
    found = {}

    def walk(patterns, prefix=""):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(("admin/", "api/")):
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif entry.name:
                found[entry.name] = Route(entry.name, entry)

    walk(get_resolver().url_patterns)
    return found


def parameters_of(route: Route) -> dict[str, object]:
    """The query parameters a page reads: name -> its filter (None for a page number or a
    parameter the view reads itself)."""
    view = route.view
    params: dict[str, object] = {}
    filterset = getattr(view, "filterset_class", None)
    if filterset is not None:
        params.update(filterset.base_filters)
    if isinstance(view, type) and issubclass(view, CappedListMixin):
        params[view.page_kwarg] = None
    for name in READ_BY_VIEW.get(route.name, []):
        params[name] = None
    return params


def values_for(name: str, query_filter) -> list[Bad]:
    """The corpus values a parameter gets: all the text for words to search, the text that
    tells refusals apart for any other, and numbers, dates or orderings where it takes them."""
    words = name == "q" or isinstance(query_filter, django_filters.CharFilter)
    values = list(URL_TEXT if words else STRUCTURED_URL_TEXT)
    if query_filter is None and name in ("page", "p"):
        values += NUMBERS
    if isinstance(query_filter, PartialDateFilter):
        values += DATES
    if name == "sort":
        values += ORDERINGS
    return values


def page_url(route: Route, newsroom) -> str:
    if route.name in DETAIL_PAGES:
        kwarg, kind = DETAIL_PAGES[route.name]
        return reverse(route.name, kwargs={kwarg: getattr(newsroom.published[kind], kwarg)})
    return reverse(route.name)


ROUTES = public_routes()
PARAMETER_CASES = [
    pytest.param(name, param, bad, id=f"{name}-{param}-{bad}")
    for name, route in sorted(ROUTES.items())
    for param, query_filter in parameters_of(route).items()
    for bad in values_for(param, query_filter)
]
LIST_PAGES = sorted(name for name in ROUTES if name not in DETAIL_PAGES)


def form_errors(response, param: str) -> list[str]:
    """The messages the page's filter form gave for `param`, if it has one."""
    context = response.context or {}
    filterset = context.get("filter") if hasattr(context, "get") else None
    form = getattr(filterset, "form", None)
    if form is None or not form.is_bound:
        return []
    return list(form.errors.get(param, []))


@pytest.mark.parametrize(("name", "param", "bad"), PARAMETER_CASES)
def test_a_public_page_answers_any_value_of_its_parameters(reader, newsroom, name, param, bad):
    url = f"{page_url(ROUTES[name], newsroom)}?{query_string({param: bad.value})}"

    response = reader.get(url)

    assert answer_problems(response) == []
    assert response.status_code in (200, 404), response.status_code
    # A filter value the page could not use is named on the page, not silently dropped.
    content = text_of(response)
    missing = [error for error in form_errors(response, param) if escape(error) not in content]
    assert missing == []


@pytest.mark.parametrize("name", LIST_PAGES)
def test_a_public_page_answers_any_parameter_name(reader, newsroom, name):
    # Unknown parameters are ignored, but pages echo the query into their page links. Being
    # ignored, they cannot hide one another: one request carries every name of the corpus.
    names = [(bad.value, "x") for bad in URL_TEXT]
    url = f"{page_url(ROUTES[name], newsroom)}?{query_string([*names, ('page', '1')])}"

    response = reader.get(url)

    assert answer_problems(response) == []
    assert response.status_code == 200


@pytest.mark.parametrize("name", sorted(DETAIL_PAGES))
@pytest.mark.parametrize("bad", URL_TEXT, ids=str)
def test_a_detail_page_answers_any_value_in_its_path(reader, newsroom, name, bad):
    prefix = page_url(ROUTES[name], newsroom).split("/")[1]
    url = f"/{prefix}/{quoted(bad.value)}/"

    response = reader.get(url)

    assert answer_problems(response) == []
    assert response.status_code == 404


def test_every_public_url_is_reached_by_the_corpus():
    # A new public page needs its place here: a path argument in DETAIL_PAGES, or parameters
    # that parameters_of() finds (a FilterSet, a capped list, READ_BY_VIEW), or none at all.
    reached = {name for name, route in ROUTES.items() if parameters_of(route)}
    assert set(ROUTES) - reached - NO_PARAMETERS == set()
    assert set(ROUTES) >= NO_PARAMETERS


def test_no_public_view_reads_the_query_string_where_the_corpus_does_not_look():
    unseen = []
    for name, route in ROUTES.items():
        view = route.view
        classes = inspect.getmro(view) if isinstance(view, type) else [type(view)]
        for cls in classes:
            if not cls.__module__.startswith(PROJECT_PACKAGES) or cls is CappedListMixin:
                continue
            source = inspect.getsource(cls)
            reads = "request.GET" in source or "query_params" in source
            if reads and name not in READ_BY_VIEW and not getattr(view, "filterset_class", None):
                unseen.append(f"{name}: {cls.__qualname__}")
    assert unseen == []


def test_every_filter_of_a_public_page_is_a_filter_the_corpus_knows():
    # values_for() gives dates to date filters and orderings to `sort`: a filter of another
    # kind (numbers, say) would need values of its own.
    kinds = (
        django_filters.ChoiceFilter,
        django_filters.ModelChoiceFilter,
        django_filters.CharFilter,
        PartialDateFilter,
    )
    unknown = [
        f"{name}.{param}: {type(query_filter).__name__}"
        for name, route in ROUTES.items()
        for param, query_filter in parameters_of(route).items()
        if query_filter is not None and not isinstance(query_filter, kinds)
    ]
    assert unknown == []
