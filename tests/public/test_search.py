"""Site search: published records of every kind, odd input answered with a clear page."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from newsroom.demo import demo_id
from newsroom.search import MAX_QUERY_LENGTH, clean_query
from newsroom.workflow import ReviewState
from tests.factories import (
    ClaimFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def search(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_an_empty_search_asks_for_words(client):
    content = search(client, "")

    assert "Type a word or a name to search for" in content
    assert '<label for="search-q">' in content


def test_a_search_without_hits_says_so(client):
    content = search(client, "nothing like this anywhere")

    assert "Nothing published matches “nothing like this anywhere”" in content


def test_a_name_without_its_accents_finds_the_person(client, demo):
    content = search(client, "ERDOGAN")

    assert '<a href="/people/recep-tayyip-erdogan/">Recep Tayyip Erdoğan</a>' in content


def test_a_misspelled_name_printed_by_a_source_finds_the_organization(client, demo):
    content = search(client, "uyghur world congress")

    assert "World Uyghur Congress</a>" in content


def test_words_of_a_quotation_find_it_with_its_speaker(client, demo):
    content = search(client, "instrument of persecution")

    assert reverse("quote-detail", kwargs={"pk": demo_id("quote:raxit-instrument")}) in content
    assert "Dilxat Raxit</a>" in content


def test_search_covers_sources_claims_and_events(client):
    SourceFactory(title="Ratification report on the treaty")
    ClaimFactory(text="The treaty was ratified by one parliament.")
    EventFactory(title="The treaty is signed in Beijing")
    OrganizationFactory(name="Treaty Watch")

    content = search(client, "treaty")

    for heading in ("Sources", "Claims", "Events", "Organizations"):
        assert f">{heading}</h2>" in content
    assert "Ratification report on the treaty" in content
    assert "The treaty was ratified by one parliament." in content
    assert "The treaty is signed in Beijing" in content


def test_search_finds_only_published_records(client):
    QuoteFactory(text="Published sesquipedalian words.")
    QuoteFactory(text="Draft sesquipedalian words.", state=ReviewState.DRAFT)
    QuoteFactory(
        text="Rejected speaker's sesquipedalian words.",
        speaker_person=PersonFactory(state=ReviewState.REJECTED),
    )
    PersonFactory(name="Sesquipedalian Draft", state=ReviewState.DRAFT)
    EventFactory(title="A sesquipedalian event in review", state=ReviewState.IN_REVIEW)

    content = search(client, "sesquipedalian")

    assert "Published sesquipedalian words." in content
    assert "Draft sesquipedalian" not in content
    assert "Rejected speaker" not in content
    assert "in review" not in content


def test_hits_are_capped_per_kind_and_the_page_says_there_are_more(client):
    for number in range(12):
        QuoteFactory(text=f"Repeated refrain number {number}.")

    content = search(client, "refrain")

    assert content.count("Repeated refrain number") == 10
    assert "There are more quotations" in content


@pytest.mark.parametrize(
    "query",
    [
        "\x00",
        "a\x00b",
        "' OR 1=1 --",
        '"unbalanced',
        "& | ! :* ( ) <-> \\",
        "<script>alert(1)</script>",
        "%_%",
        "🙂 Uyghur",
        "ئۇيغۇر",
        "   ",
    ],
)
def test_odd_characters_give_a_page_never_an_error(client, query):
    QuoteFactory(text="Words with 100% of the <script> and a quote ' mark.")

    content = search(client, query)

    assert "<script>alert(1)</script>" not in content


def test_a_megabyte_query_is_cut_with_a_message(client):
    content = search(client, "word " * 200_000)

    assert f"only its first {MAX_QUERY_LENGTH} characters were used" in content


def test_clean_query_folds_white_space_and_drops_control_characters():
    assert clean_query("  two\t\nwords\x00here ") == ("two words here", False)
    assert clean_query("x" * 1000) == ("x" * MAX_QUERY_LENGTH, True)


@pytest.mark.parametrize("rows", [1, 50])
def test_search_costs_the_same_queries_at_1_and_50_hits(client, django_assert_num_queries, rows):
    for number in range(rows):
        QuoteFactory(text=f"Common word {number}")
        PersonFactory(name=f"Common Person {number}")
        OrganizationFactory(name=f"Common Organization {number}")
        SourceFactory(title=f"Common report {number}")
        ClaimFactory(text=f"Common claim {number}")
        EventFactory(title=f"Common event {number}")

    # One query for each kind: quotations, people, organizations, sources, claims, events.
    with django_assert_num_queries(6):
        content = search(client, "common")
    assert "Common word 0" in content


@pytest.mark.django_db
def test_a_search_of_several_words_that_match_nothing_finds_nothing(client):
    QuoteFactory(text="These words are published.")

    response = client.get("/search/", {"q": "territorial jurisdiction"})

    assert response.status_code == 200
    assert "These words are published." not in response.content.decode()
