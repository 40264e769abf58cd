"""/api/appearances/: each printing of a quotation in a source, its anchor and what it cites;
published only for anonymous clients; constant query counts."""

import pytest
from django.urls import reverse

from newsroom.demo import demo_id
from newsroom.workflow import ReviewState
from sources.models import Appearance
from tests.api.helpers import client_for, every_row, ids, load_demo, pks
from tests.factories import AppearanceFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

S = ReviewState
APPEARANCES = reverse("api:appearance-list")


def detail(pk) -> str:
    return reverse("api:appearance-detail", kwargs={"pk": pk})


@pytest.fixture
def demo():
    return load_demo()


def test_the_vision_times_printing_names_afp_as_its_origin(demo):
    response = client_for().get(detail(demo_id("appearance:vt-raxit")))

    assert response.status_code == 200
    printing = response.json()
    assert printing["quote"]["id"] == str(demo_id("quote:raxit-instrument"))
    assert printing["quote"]["speaker"]["name"] == "Dilxat Raxit"
    assert printing["quote"]["said"] == "2020-12"
    assert printing["source"]["outlet_name"] == "Vision Times"
    assert printing["via"]["title"] == "AFP report quoting Dilxat Raxit on the extradition treaty"
    assert printing["via"]["url"].endswith(f"/api/sources/{demo_id('source:afp')}/")
    assert printing["via_as_printed"] == "he said to AFP"
    assert printing["attribution_as_printed"].endswith("a spokesman for the Uyghur World Congress")
    assert (printing["form"], printing["attribution_verdict"]) == ("elided", "confirmed")
    assert printing["page"] is None
    assert printing["note"] is None
    if demo:
        assert printing["anchor"]["start"] == 772
        assert printing["anchor"]["exact"].replace("\n", " ").startswith("This extradition")
        assert printing["anchor_status"] == "anchored"


def test_anonymous_clients_list_exactly_the_published_printings(demo):
    rows = every_row(client_for(), APPEARANCES)

    assert ids(rows) == pks(Appearance.objects.published())
    assert len(rows) == 6
    assert str(demo_id("appearance:vt-icc")) not in ids(rows)


def test_staff_list_every_printing(demo, factchecker):
    rows = every_row(client_for(factchecker), APPEARANCES)

    assert ids(rows) == pks(Appearance.objects.all())
    note = next(row for row in rows if row["id"] == str(demo_id("appearance:vt-re-education")))
    assert note["note"].startswith("Scare quotes")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"quote": demo_id("quote:erdogan-happily")}, {"vt-happily", "commentary-happily"}),
        ({"via": demo_id("source:guardian")}, {"commentary-critics"}),
        ({"form": "translated"}, {"commentary-quran"}),
        ({"attribution_verdict": "unverifiable"}, {"commentary-critics"}),
        ({"q": "critics"}, {"commentary-critics"}),
        (
            {"source": demo_id("source:visiontimes")},
            {"vt-raxit", "vt-genocide", "vt-happily"},
        ),
    ],
)
def test_filters(demo, params, expected):
    rows = every_row(client_for(), APPEARANCES, **params)

    assert ids(rows) == {str(demo_id(f"appearance:{key}")) for key in expected}


def test_a_filter_naming_an_unpublished_quotation_answers_like_an_unknown_id(demo, editor):
    hidden = demo_id("quote:icc-precondition")
    unknown = "00000000-0000-4000-8000-000000000000"
    api = client_for()

    by_hidden = api.get(APPEARANCES, {"quote": hidden})
    by_unknown = api.get(APPEARANCES, {"quote": unknown})

    assert by_hidden.status_code == by_unknown.status_code == 400
    assert by_hidden.json()["message"].replace(str(hidden), "?") == by_unknown.json()[
        "message"
    ].replace(unknown, "?")
    assert ids(every_row(client_for(editor), APPEARANCES, quote=hidden)) == {
        str(demo_id("appearance:vt-icc"))
    }


def test_unpublished_printings_answer_404(db):
    hidden = [
        AppearanceFactory(state=S.IN_REVIEW),
        AppearanceFactory(quote=QuoteFactory(state=S.DRAFT)),
        AppearanceFactory(source=SourceFactory(state=S.REJECTED)),
    ]

    for appearance in hidden:
        response = client_for().get(detail(appearance.pk))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize(("role", "queries"), [("anonymous", 1), ("editor", 3)])
def test_the_list_costs_the_same_queries_for_1_and_50_rows(
    request, django_assert_num_queries, rows, role, queries
):
    wire = SourceFactory(kind="wire")
    for _ in range(rows):
        AppearanceFactory(via=wire)
        AppearanceFactory(state=S.DRAFT)
    user = None if role == "anonymous" else request.getfixturevalue(role)

    with django_assert_num_queries(queries):
        response = client_for(user).get(APPEARANCES, {"page_size": 100})

    assert len(response.json()["results"]) == (rows if user is None else 2 * rows)
