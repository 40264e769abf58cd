"""/api/quotes/: the demo's quotations with their speakers and provenance chains, the filters of
the public list, what anonymous clients may not see, and constant query counts."""

import pytest
from django.urls import reverse

from newsroom.demo import demo_id
from newsroom.workflow import ReviewState
from sources.models import Quote
from tests.api.helpers import client_for, every_row, ids, load_demo, pks
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    OrganizationFactory,
    OutletFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

S = ReviewState
QUOTES = reverse("api:quote-list")


def detail(key: str) -> str:
    return reverse("api:quote-detail", kwargs={"pk": demo_id(key)})


@pytest.fixture
def demo():
    """The demo newsroom; True when it holds the articles' text (snapshots and anchors)."""
    return load_demo()


def test_dilxat_raxits_quotation_carries_its_provenance_chain(demo):
    response = client_for().get(detail("quote:raxit-instrument"))

    assert response.status_code == 200
    quote = response.json()
    assert response["ETag"] == f'"{quote["version"]}"'
    assert quote["text"].startswith("This extradition treaty will cause worry among Uighurs")
    assert quote["speaker"] == {
        "id": str(demo_id("person:raxit")),
        "name": "Dilxat Raxit",
        "slug": "dilxat-raxit",
        "kind": "person",
        "url": "http://testserver"
        + reverse("api:person-detail", kwargs={"pk": demo_id("person:raxit")}),
        "page": "http://testserver/people/dilxat-raxit/",
    }
    assert (quote["said"], quote["said_on"], quote["said_on_precision"]) == (
        "2020-12",
        "2020-12-01",
        "month",
    )
    assert quote["occasion"] == "to AFP"
    assert quote["attribution_verdict"] == "confirmed"
    assert quote["page"] == f"http://testserver/quotes/{demo_id('quote:raxit-instrument')}/"
    assert quote["appearance_count"] == 2
    first, second = quote["provenance"]
    # The commentary (December 2020) gives the words to "critics", citing the Guardian.
    assert first["number"] == 1
    assert first["id"] == str(demo_id("appearance:commentary-critics"))
    assert first["source"]["title"] == "No Sanctuary or Safety"
    assert first["source"]["outlet_name"] is None
    assert first["source"]["published"] == "2020-12"
    assert first["text_as_printed"] == "becoming an instrument of persecution"
    assert (first["form"], first["attribution_as_printed"]) == ("fragment", "critics")
    assert first["attribution_verdict"] == "unverifiable"
    assert first["via"]["id"] == str(demo_id("source:guardian"))
    assert first["via"]["outlet_name"] == "The Guardian"
    assert first["via"]["published"] == "2020-12-29"
    assert first["via_as_printed"] == "(Guardian News 29/12/2020)"
    assert first["via_printing"] is None
    assert first["comparison"]["words_cut"] == 30
    # Vision Times (January 2021) prints it elided, "he said to AFP".
    assert second["number"] == 2
    assert second["source"]["outlet_name"] == "Vision Times"
    assert second["source"]["published"] == "2021-01"
    assert second["form"] == "elided"
    assert second["attribution_as_printed"] == (
        "Dilxat Raxit, a spokesman for the Uyghur World Congress"
    )
    assert (second["via"]["title"], second["via"]["kind"]) == (
        "AFP report quoting Dilxat Raxit on the extradition treaty",
        "wire",
    )
    assert second["via"]["has_snapshot"] is False
    assert second["via_as_printed"] == "he said to AFP"
    assert second["comparison"]["elisions"] == 2
    if demo:
        assert second["anchor"]["start"] == 772 and second["anchor"]["end"] == 990
        assert second["anchor"]["status"] == "anchored"
        assert second["anchor"]["exact"].startswith("This extradition treaty")
    else:
        assert (second["anchor"], second["anchor_status"]) == (None, "no_snapshot")


def test_the_quran_verse_is_spoken_by_a_work_and_carries_its_translation(demo):
    quote = client_for().get(detail("quote:quran-11-113")).json()

    assert quote["speaker"]["kind"] == "work"
    assert quote["speaker"]["name"] == "Qur'an, Surah Hud (11), verse 113"
    assert quote["speaker"]["slug"] is None
    assert quote["speaker"]["url"].endswith(f"/api/sources/{demo_id('source:quran-11-113')}/")
    assert quote["language"] == "ar"
    assert quote["translation"].startswith("And do not be inclined to the oppressors")
    assert quote["translation_language"] == "en"
    assert quote["said"] is None
    (printing,) = quote["provenance"]
    assert printing["form"] == "translated"
    assert printing["comparison"]["is_verbatim"] is True


def test_erdogans_two_words_keep_their_years(demo):
    rows = every_row(client_for(), QUOTES, speaker="recep-tayyip-erdogan")

    said = {row["text"]: (row["said"], row["said_on_precision"]) for row in rows}
    assert said == {"genocide": ("2009", "year"), "happily": ("2019", "year")}
    happily = next(row for row in rows if row["text"] == "happily")
    assert [printing["form"] for printing in happily["provenance"]] == ["paraphrase", "fragment"]
    # A paraphrase is not compared word by word.
    assert happily["provenance"][0]["comparison"] is None


def test_anonymous_clients_list_exactly_the_published_quotations(demo):
    rows = every_row(client_for(), QUOTES)

    assert ids(rows) == pks(Quote.objects.published())
    assert len(rows) == 4
    assert {row["state"] for row in rows} == {"published"}
    assert all(
        row[name] is None
        for row in rows
        for name in ("notes", "created_by", "last_edited_by", "assigned_to")
    )


def test_staff_list_every_quotation_with_who_works_on_it(demo, editor):
    Quote.objects.filter(pk=demo_id("quote:icc-precondition")).update(assigned_to=editor)
    rows = every_row(client_for(editor), QUOTES)

    assert ids(rows) == pks(Quote.objects.all())
    icc = next(row for row in rows if row["id"] == str(demo_id("quote:icc-precondition")))
    assert (icc["state"], icc["assigned_to"], icc["page"]) == ("in_review", "editor", None)
    # Staff see the printing still in review; anonymous clients see no such quotation.
    assert [printing["state"] for printing in icc["provenance"]] == ["in_review"]
    assert client_for().get(detail("quote:icc-precondition")).status_code == 404


def test_state_filter_is_for_staff(demo, editor):
    in_review = every_row(client_for(editor), QUOTES, state="in_review")

    assert ids(in_review) == {str(demo_id("quote:icc-precondition"))}
    assert every_row(client_for(), QUOTES, state="in_review") == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"speaker": "dilxat-raxit"}, {"quote:raxit-instrument"}),
        ({"organization": "world-uyghur-congress"}, {"quote:raxit-instrument"}),
        (
            {"said_from": "2019", "said_to": "2020"},
            {"quote:raxit-instrument", "quote:erdogan-happily"},
        ),
        ({"said_to": "2009"}, {"quote:erdogan-genocide"}),
        ({"language": "ar"}, {"quote:quran-11-113"}),
        (
            {"kind": "opinion"},
            {"quote:raxit-instrument", "quote:erdogan-happily", "quote:quran-11-113"},
        ),
        ({"topic": "xinjiang"}, {"quote:erdogan-genocide", "quote:erdogan-happily"}),
        ({"q": "persecution"}, {"quote:raxit-instrument"}),
        ({"q": "oppressors"}, {"quote:quran-11-113"}),
    ],
)
def test_filters_of_the_public_list(demo, params, expected):
    rows = every_row(client_for(), QUOTES, **params)

    assert ids(rows) == {str(demo_id(key)) for key in expected}


def test_outlet_filter_finds_what_it_printed(demo):
    rows = every_row(client_for(), QUOTES, outlet=str(demo_id("outlet:visiontimes")))

    assert ids(rows) == {
        str(demo_id(key))
        for key in ("quote:raxit-instrument", "quote:erdogan-genocide", "quote:erdogan-happily")
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"speaker": "no-such-person"}, "speaker"),
        ({"organization": "no-such-body"}, "organization"),
        ({"outlet": "not-an-id"}, "outlet"),
        ({"kind": "pamphlet"}, "kind"),
        ({"said_from": "2020-13"}, "said_from"),
        ({"said_from": "2021", "said_to": "2020"}, "said_to"),
        ({"state": "lost"}, "state"),
        ({"ordering": "text"}, "ordering"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_filter(demo, params, field):
    response = client_for().get(QUOTES, params)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"]
    assert body["message"].startswith("The request was not accepted")


def test_lists_are_ordered_by_the_allowed_fields_only(demo):
    api = client_for()
    oldest_first = every_row(api, QUOTES, ordering="created_at")
    newest_first = every_row(api, QUOTES, ordering="-created_at")

    assert [row["id"] for row in oldest_first] == [row["id"] for row in reversed(newest_first)]
    assert [row["created_at"] for row in oldest_first] == sorted(
        row["created_at"] for row in oldest_first
    )


def test_cursor_pages_walk_the_whole_list_without_repeats(demo, editor):
    api = client_for(editor)
    walked, response = [], api.get(QUOTES, {"page_size": 2})
    while True:
        body = response.json()
        assert len(body["results"]) <= 2
        walked += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
        response = api.get(body["next"])

    assert len(walked) == len(set(walked)) == Quote.objects.count()
    assert "count" not in body


def test_page_size_is_capped_at_100(db):
    for _ in range(101):
        QuoteFactory()

    body = client_for().get(QUOTES, {"page_size": 1000}).json()

    assert len(body["results"]) == 100
    assert body["next"]


# The leak rule, for what a quotation nests.


def test_a_published_quotation_counts_and_shows_published_printings_only(db, editor):
    quote = QuoteFactory(text="Words printed three times.")
    shown = AppearanceFactory(quote=quote)
    AppearanceFactory(quote=quote, state=S.IN_REVIEW, text_as_printed="Qzxdraftprinting")
    AppearanceFactory(quote=quote, source=SourceFactory(state=S.DRAFT, title="Qzxdraftsource"))
    AppearanceFactory(
        quote=quote, source=SourceFactory(outlet=OutletFactory(state=S.DRAFT, name="Qzxoutlet"))
    )
    url = reverse("api:quote-detail", kwargs={"pk": quote.pk})

    public = client_for().get(url)
    staff = client_for(editor).get(url).json()

    assert public.json()["appearance_count"] == 1
    assert [printing["id"] for printing in public.json()["provenance"]] == [str(shown.pk)]
    assert "Qzx" not in public.content.decode()
    assert staff["appearance_count"] == 4


def test_a_printing_citing_an_unpublished_source_shows_only_what_it_printed(db, editor):
    wire = SourceFactory(title="A Qzxwire report", state=S.DRAFT)
    printing = AppearanceFactory(via=wire, via_as_printed="(a wire report)")
    url = reverse("api:quote-detail", kwargs={"pk": printing.quote.pk})

    public = client_for().get(url)
    (link,) = public.json()["provenance"]
    (staff_link,) = client_for(editor).get(url).json()["provenance"]

    assert (link["via"], link["via_as_printed"]) == (None, "(a wire report)")
    assert str(wire.pk) not in public.content.decode()
    assert "Qzxwire" not in public.content.decode()
    assert staff_link["via"]["id"] == str(wire.pk)
    assert staff_link["via"]["page"] is None


def test_a_quotation_shows_published_claims_only(db, editor):
    quote = QuoteFactory()
    published = ClaimFactory(quotes=[quote])
    ClaimFactory(quotes=[quote], state=S.DRAFT, text="A Qzxdraft claim")
    url = reverse("api:quote-detail", kwargs={"pk": quote.pk})

    public = client_for().get(url)

    claim = public.json()["claims"][0]
    assert [claim["id"] for claim in public.json()["claims"]] == [str(published.pk)]
    assert claim["page"] == f"http://testserver/claims/{published.pk}/"
    assert claim["verdict"] == "unrated"
    assert "Qzxdraft" not in public.content.decode()
    assert len(client_for(editor).get(url).json()["claims"]) == 2


def test_a_filter_naming_an_unpublished_speaker_answers_like_an_unknown_one(db, editor):
    hidden = PersonFactory(name="Hidden Speaker", state=S.DRAFT)
    QuoteFactory(speaker_person=hidden)
    api = client_for()

    by_hidden = api.get(QUOTES, {"speaker": hidden.slug})
    by_unknown = api.get(QUOTES, {"speaker": "nobody-at-all"})

    assert by_hidden.status_code == by_unknown.status_code == 400
    assert by_hidden.json()["message"].replace(hidden.slug, "?") == by_unknown.json()[
        "message"
    ].replace("nobody-at-all", "?")
    # Staff filter by a speaker still in review.
    staff = every_row(client_for(editor), QUOTES, speaker=hidden.slug)
    assert len(staff) == 1 and staff[0]["page"] is None


def test_a_filter_naming_an_unpublished_organization_or_outlet_answers_like_unknown(db):
    organization = OrganizationFactory(state=S.IN_REVIEW)
    outlet = OutletFactory(state=S.DRAFT)
    api = client_for()

    for name, hidden, unknown in [
        ("organization", organization.slug, "no-such-organization"),
        ("outlet", str(outlet.pk), "00000000-0000-4000-8000-000000000000"),
    ]:
        by_hidden, by_unknown = api.get(QUOTES, {name: hidden}), api.get(QUOTES, {name: unknown})
        assert by_hidden.status_code == by_unknown.status_code == 400
        assert by_hidden.json()["message"].replace(hidden, "?") == by_unknown.json()[
            "message"
        ].replace(unknown, "?")


def test_a_published_quotation_of_an_unpublished_speaker_is_hidden(db):
    quote = QuoteFactory(speaker_person=PersonFactory(state=S.DRAFT))

    response = client_for().get(reverse("api:quote-detail", kwargs={"pk": quote.pk}))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert every_row(client_for(), QUOTES) == []


# Queries: the same number for one row as for fifty.


def quotations(count: int) -> None:
    topic = TopicFactory()
    wire = SourceFactory(kind="wire")
    for number in range(count):
        quote = QuoteFactory(topics=[topic])
        AppearanceFactory(quote=quote, source=wire)
        AppearanceFactory(quote=quote, via=wire, state=S.IN_REVIEW)
        ClaimFactory(quotes=[quote])
        if number % 2:
            QuoteFactory(
                state=S.DRAFT, speaker_organization=OrganizationFactory(), speaker_person=None
            )


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize(("role", "queries"), [("anonymous", 4), ("editor", 6)])
def test_the_list_costs_the_same_queries_for_1_and_50_rows(
    request, django_assert_num_queries, rows, role, queries
):
    quotations(rows)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    api = client_for(user)

    with django_assert_num_queries(queries):
        response = api.get(QUOTES, {"page_size": 100})

    assert len(response.json()["results"]) == (rows if user is None else rows + rows // 2)
