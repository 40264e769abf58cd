"""/api/sources/ and /api/outlets/: the demo's documents, what they cite, their snapshots,
filters, the leak rule for citations and outlets, and constant query counts."""

import pytest
from django.urls import reverse

from newsroom.demo import demo_id
from newsroom.workflow import ReviewState
from sources.models import Outlet, Source
from tests.api.helpers import client_for, every_row, ids, load_demo, pks
from tests.factories import CitationFactory, OutletFactory, SourceFactory

pytestmark = pytest.mark.django_db

S = ReviewState
SOURCES = reverse("api:source-list")
OUTLETS = reverse("api:outlet-list")


def source_url(key: str) -> str:
    return reverse("api:source-detail", kwargs={"pk": demo_id(key)})


@pytest.fixture
def demo():
    return load_demo()


def test_the_commentary_with_its_snapshot_and_what_it_cites(demo):
    response = client_for().get(source_url("source:commentary"))

    assert response.status_code == 200
    source = response.json()
    assert source["title"] == "No Sanctuary or Safety"
    assert (source["kind"], source["outlet"], source["language"]) == ("opinion", None, "en")
    assert (source["published"], source["published_on_precision"]) == ("2020-12", "month")
    assert source["date_note"].startswith("Not printed.")
    assert source["page"] == f"http://testserver/sources/{demo_id('source:commentary')}/"
    assert source["notes"] is None
    cites = {citation["as_printed"]: citation for citation in source["cites"]}
    assert set(cites) == {"(Guardian News 29/12/2020)", "[TMQ Surah Al Hud Verse 113]"}
    guardian = cites["(Guardian News 29/12/2020)"]
    assert guardian["cited"]["id"] == str(demo_id("source:guardian"))
    assert (guardian["cited"]["outlet_name"], guardian["purpose"]) == (
        "The Guardian",
        "information",
    )
    assert source["appearances_url"].endswith(f"?source={demo_id('source:commentary')}")
    if demo:
        stored = Source.objects.get(pk=demo_id("source:commentary"))
        assert source["has_snapshot"] is True
        assert source["text"] == stored.text
        assert source["text_sha256"] == stored.text_sha256
        assert (
            source["text_sha256"]
            == "48d7254b75054d21b372533cc42cfd85c9c6f10e294480e6351f3f6fa2f2dfa8"
        )
        assert source["retrieved_at"] is not None
    else:
        assert (source["has_snapshot"], source["text"], source["text_sha256"]) == (False, "", "")


def test_the_afp_wire_is_cited_by_vision_times(demo):
    source = client_for().get(source_url("source:afp")).json()

    assert source["outlet"]["name"] == "AFP"
    assert source["outlet"]["kind"] == "wire"
    assert source["kind"] == "wire"
    assert source["has_snapshot"] is False
    (cited_by,) = source["cited_by"]
    assert cited_by["citing"]["outlet_name"] == "Vision Times"
    assert (cited_by["as_printed"], cited_by["purpose"]) == ("he said to AFP", "quotation")


def test_lists_carry_the_snapshots_hash_never_its_text(demo):
    rows = every_row(client_for(), SOURCES)

    assert ids(rows) == pks(Source.objects.published())
    assert len(rows) == 8
    assert all("text" not in row for row in rows)
    commentary = next(row for row in rows if row["id"] == str(demo_id("source:commentary")))
    assert commentary["has_snapshot"] is demo
    assert bool(commentary["text_sha256"]) is demo


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "wire"}, {"afp"}),
        ({"outlet": demo_id("outlet:guardian")}, {"guardian"}),
        ({"language": "ar"}, {"quran-11-113"}),
        ({"published_from": "2021"}, {"visiontimes"}),
        ({"published_from": "2020-12-29", "published_to": "2020-12-29"}, {"guardian"}),
        ({"q": "sanctuary"}, {"commentary"}),
    ],
)
def test_source_filters(demo, params, expected):
    rows = every_row(client_for(), SOURCES, **params)

    assert ids(rows) == {str(demo_id(f"source:{key}")) for key in expected}


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "pamphlet"},
        {"outlet": "nope"},
        {"published_from": "2020-02-30"},
        {"published_from": "2021", "published_to": "2020"},
        {"ordering": "title"},
    ],
)
def test_a_bad_source_filter_is_a_400(demo, params):
    response = client_for().get(SOURCES, params)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_outlets_come_in_numbered_pages(demo):
    body = client_for().get(OUTLETS, {"page_size": 4}).json()

    assert body["count"] == 6
    assert [row["name"] for row in body["results"]] == [
        "AFP",
        "International Criminal Court",
        "Pixabay",
        "The Guardian",
    ]
    assert body["next"].endswith("page=2&page_size=4")
    afp = body["results"][0]
    assert (afp["kind"], afp["country"], afp["website"]) == ("wire", "FR", "https://www.afp.com/")
    assert afp["organization"]["name"] == "Agence France-Presse"
    assert afp["organization"]["kind"] == "organization"
    assert afp["page"] is None
    assert afp["sources_url"].endswith(f"?outlet={demo_id('outlet:afp')}")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "media_library"}, ["Pixabay", "Wikimedia Commons"]),
        ({"country": "gb"}, ["The Guardian"]),
        ({"q": "guardian"}, ["The Guardian"]),
        ({"ordering": "-name", "kind": "media_library"}, ["Wikimedia Commons", "Pixabay"]),
    ],
)
def test_outlet_filters(demo, params, expected):
    rows = every_row(client_for(), OUTLETS, **params)

    assert [row["name"] for row in rows] == expected


# The leak rule.


def test_unpublished_outlets_and_their_sources_are_not_counted_or_shown(db, editor):
    outlet = OutletFactory(name="Qzx Daily", state=S.DRAFT)
    source = SourceFactory(outlet=outlet, title="Published, by an unpublished outlet")
    OutletFactory(name="Shown Daily")

    public = client_for().get(OUTLETS)

    assert public.json()["count"] == 1
    assert "Qzx" not in public.content.decode()
    for url in (
        reverse("api:outlet-detail", kwargs={"pk": outlet.pk}),
        reverse("api:source-detail", kwargs={"pk": source.pk}),
    ):
        assert client_for().get(url).status_code == 404
    assert client_for(editor).get(OUTLETS).json()["count"] == 2
    staff = client_for(editor).get(reverse("api:source-detail", kwargs={"pk": source.pk})).json()
    assert (staff["outlet"]["name"], staff["page"]) == ("Qzx Daily", None)


def test_a_citation_of_an_unpublished_source_shows_only_its_printed_words(db, editor):
    citing = SourceFactory(title="The citing report")
    hidden = SourceFactory(title="A Qzxhidden report", state=S.DRAFT)
    CitationFactory(citing=citing, cited=hidden, as_printed="(a wire report)")
    CitationFactory(citing=citing, cited=SourceFactory(state=S.DRAFT), as_printed="")
    CitationFactory(citing=hidden, cited=citing, as_printed="Qzxcitedby")
    url = reverse("api:source-detail", kwargs={"pk": citing.pk})

    public = client_for().get(url)

    assert public.json()["cites"] == [
        {"cited": None, "as_printed": "(a wire report)", "purpose": "information"}
    ]
    assert public.json()["cited_by"] == []
    assert "Qzx" not in public.content.decode()
    assert str(hidden.pk) not in public.content.decode()
    staff = client_for(editor).get(url).json()
    assert len(staff["cites"]) == 2 and len(staff["cited_by"]) == 1


def test_a_filter_naming_an_unpublished_outlet_answers_like_an_unknown_id(db):
    hidden = str(OutletFactory(state=S.DRAFT).pk)
    unknown = "00000000-0000-4000-8000-000000000000"

    by_hidden = client_for().get(SOURCES, {"outlet": hidden})
    by_unknown = client_for().get(SOURCES, {"outlet": unknown})

    assert by_hidden.status_code == by_unknown.status_code == 400
    assert by_hidden.json()["message"].replace(hidden, "?") == by_unknown.json()["message"].replace(
        unknown, "?"
    )


def test_staff_see_every_outlet_and_source(db, contributor):
    OutletFactory(state=S.DRAFT)
    SourceFactory(state=S.IN_REVIEW, created_by=contributor)

    rows = every_row(client_for(contributor), SOURCES)

    assert ids(rows) == pks(Source.objects.all())
    assert {row["created_by"] for row in rows} >= {"contributor"}
    outlets = client_for(contributor).get(OUTLETS, {"page_size": 100}).json()
    assert {row["id"] for row in outlets["results"]} == pks(Outlet.objects.all())


# Queries: the same number for one row as for fifty.


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize(("role", "queries"), [("anonymous", 3), ("editor", 5)])
def test_the_source_list_costs_the_same_queries_for_1_and_50_rows(
    request, django_assert_num_queries, rows, role, queries
):
    wire = SourceFactory(kind="wire", text="The words of the wire.")
    for number in range(rows):
        CitationFactory(citing=SourceFactory(), cited=wire)
        if number % 2:
            SourceFactory(state=S.DRAFT)
    user = None if role == "anonymous" else request.getfixturevalue(role)

    with django_assert_num_queries(queries):
        response = client_for(user).get(SOURCES, {"page_size": 100})

    expected = rows + 1 if user is None else rows + 1 + rows // 2
    assert len(response.json()["results"]) == expected


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize(("role", "queries"), [("anonymous", 2), ("editor", 4)])
def test_the_outlet_list_costs_the_same_queries_for_1_and_50_rows(
    request, django_assert_num_queries, rows, role, queries
):
    for _ in range(rows):
        OutletFactory()
    user = None if role == "anonymous" else request.getfixturevalue(role)

    with django_assert_num_queries(queries):
        response = client_for(user).get(OUTLETS, {"page_size": 100})

    assert response.json()["count"] == rows
