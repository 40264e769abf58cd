"""The quotations list and each quotation's page: content on the demo data, filters, bad input,
what never reaches a reader, and a constant number of queries."""

import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom.demo import demo_id
from newsroom.workflow import ReviewState
from sources.models import Quote, Topic
from tests.factories import (
    AffiliationFactory,
    AppearanceFactory,
    ClaimFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    ReviewEvidenceFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("quote-list")


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def page(client, key: str):
    return client.get(reverse("quote-detail", kwargs={"pk": demo_id(key)}))


def text_of(response) -> str:
    """The page's main content as a reader hears it: tags dropped, white space folded."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def listed(response) -> set:
    return {quote.pk for quote in response.context["quote_list"]}


# The quotation page on the demo data.


def test_raxit_quote_shows_both_printings_in_order_of_publication(client, demo):
    response = page(client, "quote:raxit-instrument")

    assert response.status_code == 200
    links = response.context["links"]
    assert [link.source.pk for link in links] == [
        demo_id("source:commentary"),
        demo_id("source:visiontimes"),
    ]
    text = text_of(response)
    assert text.index("1. No Sanctuary or Safety, December 2020") < text.index(
        "2. Vision Times, January 2021"
    )


def test_raxit_quote_shows_each_attribution_as_printed(client, demo):
    text = text_of(page(client, "quote:raxit-instrument"))

    assert "Attributed to: “critics”" in text
    assert "a spokesman for the Uyghur World Congress" in text


def test_raxit_quote_says_plainly_that_the_afp_original_is_not_held(client, demo):
    response = page(client, "quote:raxit-instrument")
    text = text_of(response)

    assert "Cited to AFP (“he said to AFP”); the AFP text is not in the database." in text
    assert "Cited to The Guardian (“(Guardian News 29/12/2020)”)" in text
    assert "the Guardian text is not in the database" in text
    afp = reverse("source-detail", kwargs={"pk": demo_id("source:afp")})
    assert f'href="{afp}"' in response.content.decode()


def test_raxit_quote_draws_the_chain_from_each_cited_source_to_its_printing(client, demo):
    response = page(client, "quote:raxit-instrument")
    roads = [[node.source.title for node in road] for road in response.context["paths"]]

    assert roads == [
        [
            "Guardian report on China's ratification of the extradition treaty",
            "No Sanctuary or Safety",
        ],
        [
            "AFP report quoting Dilxat Raxit on the extradition treaty",
            "Uyghurs Desperate as China Endorses the Sino-Turkish Extradition Treaty",
        ],
    ]
    html = response.content.decode()
    assert html.count('class="chain chain-path"') == 2
    assert html.count("chain-missing") == 2


def test_raxit_quote_marks_the_fragment_and_the_elisions(client, demo):
    response = page(client, "quote:raxit-instrument")
    html = response.content.decode()
    text = text_of(response)

    assert "Printed as a fragment:" in text
    assert "It prints 5 of the 35 words of the full quotation, leaving out 30." in text
    assert '<del class="printed-cut"' in html
    assert "2 ellipses mark cut words" in text
    assert html.count('<mark class="printed-elision"') == 2


def test_raxit_quote_shows_speaker_role_when_said_and_occasion(client, demo):
    response = page(client, "quote:raxit-instrument")
    text = text_of(response)

    assert "Role at the time spokesman, World Uyghur Congress" in text
    assert "When December 2020" in text
    assert "Occasion to AFP" in text
    assert reverse("person-detail", kwargs={"slug": "dilxat-raxit"}) in response.content.decode()


def test_attribution_verdict_is_kept_apart_from_claim_verdicts(client, demo):
    text = text_of(page(client, "quote:raxit-instrument"))

    assert "The desk's verdict on the attribution: confirmed" in text
    assert "not on whether they are true" in text


def test_arabic_quote_is_marked_right_to_left_with_its_translation(client, demo):
    response = page(client, "quote:quran-11-113")
    html = response.content.decode()

    assert re.search(r'<blockquote class="quote" lang="ar" dir="rtl">', html)
    assert '<span lang="en" dir="ltr">And do not be inclined to the oppressors' in html
    assert "Printed as a translation:" in text_of(response)


def test_quote_page_carries_quotation_json_ld_based_on_its_sources(client, demo):
    html = page(client, "quote:raxit-instrument").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))

    assert data["@type"] == "Quotation"
    assert data["spokenByCharacter"]["name"] == "Dilxat Raxit"
    assert [work["headline"] for work in data["isBasedOn"]] == [
        "No Sanctuary or Safety",
        "Uyghurs Desperate as China Endorses the Sino-Turkish Extradition Treaty",
    ]


@pytest.mark.parametrize(
    "key",
    [
        "quote:icc-precondition",  # in review
        "quote:re-education",  # rejected scare quote
        "quote:raxit-pressure",  # verified, not published
        "quote:hidayet-sold-out",  # draft
    ],
)
def test_unpublished_quotes_answer_404_and_are_never_listed(client, demo, key):
    assert page(client, key).status_code == 404
    response = client.get(LIST)
    assert demo_id(key) not in listed(response)
    assert str(demo_id(key)) not in response.content.decode()


def test_the_list_shows_only_the_published_demo_quotes(client, demo):
    response = client.get(LIST)

    assert listed(response) == set(Quote.objects.published().values_list("pk", flat=True))
    assert len(listed(response)) == 4
    assert "re-education" not in text_of(response)
    assert "4 quotations." in text_of(response)


# The quotation page with factories: leaks and the review record.


def test_an_unpublished_printing_and_its_source_never_appear(client):
    quote = QuoteFactory()
    AppearanceFactory(quote=quote, source=SourceFactory(title="Public report"))
    AppearanceFactory(
        quote=quote, source=SourceFactory(title="Held back"), state=ReviewState.IN_REVIEW
    )
    AppearanceFactory(
        quote=quote,
        source=SourceFactory(title="Unpublished source", state=ReviewState.DRAFT),
    )
    html = client.get(quote.get_absolute_url()).content.decode()
    assert "Public report" in html
    assert "Held back" not in html
    assert "Unpublished source" not in html


def test_a_citation_of_an_unpublished_source_shows_its_words_without_a_link(client):
    hidden = SourceFactory(title="Hidden wire", state=ReviewState.IN_REVIEW)
    appearance = AppearanceFactory(via=hidden, via_as_printed="said to a wire")

    response = client.get(appearance.quote.get_absolute_url())
    html = response.content.decode()

    assert "It cites “said to a wire”; that source is not available here." in text_of(response)
    assert "Hidden wire" not in html
    assert hidden.get_absolute_url() not in html


def test_a_quote_of_an_unpublished_speaker_answers_404(client):
    quote = QuoteFactory(speaker_person=PersonFactory(state=ReviewState.DRAFT))

    assert client.get(quote.get_absolute_url()).status_code == 404
    assert quote.pk not in listed(client.get(LIST))


def test_the_latest_verification_is_summarized_in_plain_words(client, django_user_model):
    quote = QuoteFactory()
    checker = django_user_model.objects.create(username="fc", first_name="Ada", last_name="Lane")
    evidence = ReviewEvidenceFactory(
        review__record=quote,
        review__user=checker,
        review__checklist={"primary_source": True, "speaker": True, "date": False},
        review__created_at=datetime.datetime(2021, 1, 5, tzinfo=datetime.UTC),
        source=SourceFactory(title="The wire copy"),
        checked="Matched the words in the wire copy.",
    )
    ReviewEvidenceFactory(
        review=evidence.review,
        source=SourceFactory(title="A source still in review", state=ReviewState.IN_REVIEW),
        checked="Compared the date.",
    )

    response = client.get(quote.get_absolute_url())
    text = text_of(response)

    assert "Checked by Ada Lane on 5 January 2021" in text
    assert "Primary source found" in text and "Speaker identity confirmed" in text
    assert "Date confirmed" not in text
    assert "Matched the words in the wire copy. ( The wire copy )" in text
    assert "Compared the date." in text
    assert "A source still in review" not in text


def test_affiliation_shown_is_the_one_held_when_the_words_were_said(client):
    person = PersonFactory()
    AffiliationFactory(
        person=person,
        organization=OrganizationFactory(name="Old Ministry"),
        role="minister",
        started_on=datetime.date(2010, 1, 1),
        started_on_precision="year",
        ended_on=datetime.date(2015, 1, 1),
        ended_on_precision="year",
    )
    AffiliationFactory(
        person=person,
        organization=OrganizationFactory(name="New Party"),
        started_on=datetime.date(2018, 5, 1),
        started_on_precision="month",
    )
    AffiliationFactory(
        person=person,
        organization=OrganizationFactory(name="Secret Club", state=ReviewState.DRAFT),
    )
    quote = QuoteFactory(
        speaker_person=person, said_on=datetime.date(2012, 1, 1), said_on_precision="year"
    )

    text = text_of(client.get(quote.get_absolute_url()))

    assert "minister, Old Ministry" in text
    assert "New Party" not in text
    assert "Secret Club" not in text


def test_claims_made_in_the_words_show_only_published_ones(client):
    quote = QuoteFactory()
    ClaimFactory(text="A published claim.", quotes=[quote])
    ClaimFactory(text="A claim in review.", quotes=[quote], state=ReviewState.IN_REVIEW)

    text = text_of(client.get(quote.get_absolute_url()))

    assert "A published claim." in text
    assert "A claim in review." not in text


def test_quote_page_costs_the_same_queries_for_one_printing_and_many(
    client, django_assert_num_queries
):
    def quote_with(printings: int) -> Quote:
        quote = QuoteFactory(topics=[TopicFactory()])
        wire = SourceFactory()
        for _ in range(printings):
            AppearanceFactory(quote=quote, via=wire)
        return quote

    one, many = quote_with(1), quote_with(12)
    client.get(one.get_absolute_url())  # content types and the like, cached once
    # The quotation, its topics, the speaker's roles, the printings, the claims, the review.
    with django_assert_num_queries(6) as one_page:
        assert client.get(one.get_absolute_url()).status_code == 200
    with django_assert_num_queries(len(one_page.captured_queries)):
        assert client.get(many.get_absolute_url()).status_code == 200


# The list: filters, sorting, bad input, queries.


def test_speaker_filter_narrows_to_that_person(client, demo):
    response = client.get(LIST, {"speaker": "recep-tayyip-erdogan"})

    assert listed(response) == {demo_id("quote:erdogan-genocide"), demo_id("quote:erdogan-happily")}


def test_organization_filter_finds_quotes_of_its_members(client, demo):
    response = client.get(LIST, {"organization": "world-uyghur-congress"})

    assert listed(response) == {demo_id("quote:raxit-instrument")}


def test_organization_filter_finds_the_organizations_own_words(client):
    organization = OrganizationFactory()
    own = QuoteFactory(speaker_person=None, speaker_organization=organization)
    QuoteFactory()

    response = client.get(LIST, {"organization": organization.slug})

    assert listed(response) == {own.pk}


def test_outlet_filter_narrows_to_quotes_it_printed(client, demo):
    response = client.get(LIST, {"outlet": demo_id("outlet:visiontimes")})

    assert listed(response) == {
        demo_id("quote:raxit-instrument"),
        demo_id("quote:erdogan-genocide"),
        demo_id("quote:erdogan-happily"),
    }


def test_source_kind_filter_narrows_to_quotes_printed_in_that_kind(client, demo):
    response = client.get(LIST, {"kind": "opinion"})

    assert listed(response) == {
        demo_id("quote:raxit-instrument"),
        demo_id("quote:quran-11-113"),
        demo_id("quote:erdogan-happily"),
    }


def test_topic_filter_narrows_to_that_topic(client, demo):
    topic = Topic.objects.get(pk=demo_id("topic:xinjiang"))

    response = client.get(LIST, {"topic": topic.slug})

    assert listed(response) == {demo_id("quote:erdogan-genocide"), demo_id("quote:erdogan-happily")}


def test_language_filter_narrows_to_that_language(client, demo):
    response = client.get(LIST, {"language": "ar"})

    assert listed(response) == {demo_id("quote:quran-11-113")}


def test_date_range_takes_partial_dates(client, demo):
    assert listed(client.get(LIST, {"said_from": "2019", "said_to": "2019"})) == {
        demo_id("quote:erdogan-happily")
    }
    assert listed(client.get(LIST, {"said_from": "2020-12"})) == {demo_id("quote:raxit-instrument")}
    assert listed(client.get(LIST, {"said_to": "2009-12-31"})) == {
        demo_id("quote:erdogan-genocide")
    }


def test_verdict_filter_narrows_by_the_verdict_of_linked_claims(client):
    true_quote, false_quote = QuoteFactory(), QuoteFactory()
    ClaimFactory(quotes=[true_quote], verdict="true", reviewed_on=datetime.date(2021, 1, 1))
    ClaimFactory(quotes=[false_quote], verdict="false", reviewed_on=datetime.date(2021, 1, 1))
    ClaimFactory(
        quotes=[false_quote],
        verdict="true",
        reviewed_on=datetime.date(2021, 1, 1),
        state=ReviewState.IN_REVIEW,
    )

    assert listed(client.get(LIST, {"verdict": "true"})) == {true_quote.pk}
    assert listed(client.get(LIST, {"verdict": "false"})) == {false_quote.pk}


def test_words_search_finds_the_text_and_the_translation(client, demo):
    assert listed(client.get(LIST, {"q": "instrument of persecution"})) == {
        demo_id("quote:raxit-instrument")
    }
    assert listed(client.get(LIST, {"q": "oppressors"})) == {demo_id("quote:quran-11-113")}


def test_sorting_by_date_said_and_date_published(client, demo):
    def order(sort: str) -> list:
        return [quote.pk for quote in client.get(LIST, {"sort": sort}).context["quote_list"]]

    genocide, happily = demo_id("quote:erdogan-genocide"), demo_id("quote:erdogan-happily")
    raxit, quran = demo_id("quote:raxit-instrument"), demo_id("quote:quran-11-113")
    assert order("-said") == [raxit, happily, genocide, quran]
    assert order("said") == [genocide, happily, raxit, quran]
    # First printed: the commentary (December 2020) for all but Erdoğan's 2009 word, which
    # only Vision Times (January 2021) prints.
    assert order("-published")[0] == genocide
    assert order("published")[-1] == genocide


def test_a_reversed_date_range_gives_a_message_on_the_page(client, demo):
    response = client.get(LIST, {"said_from": "2021", "said_to": "2019"})

    assert response.status_code == 200
    assert "The range ends (2019) before it starts (2021): swap the dates." in text_of(response)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"speaker": "nobody-at-all"}, "No published person is known as “nobody-at-all”."),
        ({"speaker": "raxit\x00"}, "No published person is known as “raxit”."),
        ({"organization": "<script>"}, "No published organization is known as “<script>”."),
        ({"outlet": "not-a-uuid"}, "That outlet is not one of those listed."),
        ({"outlet": "00000000-0000-0000-0000-000000000000"}, "That outlet is not one of"),
        ({"kind": "gossip"}, "“gossip” is not a kind of source."),
        ({"topic": "x\x00y"}, "“xy” is not one of the topics."),
        ({"language": "klingon"}, "“klingon” is not a language the list knows."),
        ({"said_from": "2020-13"}, "“2020-13” is not a date"),
        ({"said_to": "yesterday"}, "“yesterday” is not a date"),
        ({"verdict": "pants-on-fire"}, "“pants-on-fire” is not a verdict."),
        ({"sort": "random()"}, "“random()” is not a way to sort."),
        ({"q": "x" * 500}, "Ensure this value has at most 200 characters"),
        ({"q": "persecution\x00"}, "Null characters are not allowed."),
    ],
)
def test_bad_filter_input_gives_a_message_not_a_500(client, demo, params, message):
    response = client.get(LIST, params)

    assert response.status_code == 200
    text = text_of(response).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    assert "Some filters could not be used" in text
    assert message in text
    assert "<script>" not in response.content.decode().split("</form>", 1)[1]


@pytest.mark.parametrize("number", ["0", "-3", "999999999999", "abc", "1e9", "2%00"])
def test_a_page_number_that_is_not_a_page_shows_the_first_page_and_says_so(client, demo, number):
    response = client.get(LIST + f"?page={number}")

    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert "showing the first page of 1" in text_of(response)


def test_odd_characters_in_the_search_are_harmless(client, demo):
    for words in ["'; DROP TABLE", '"unclosed', "& | ! :*", "(((", "٪٪"]:
        response = client.get(LIST, {"q": words})
        assert response.status_code == 200


def test_pages_keep_the_filters_in_their_links(client):
    topic = TopicFactory()
    for _ in range(51):
        QuoteFactory(topics=[topic])

    response = client.get(LIST, {"topic": topic.slug, "sort": "said"})

    assert response.context["page_obj"].has_next()
    assert f"?topic={topic.slug}&amp;sort=said&amp;page=2" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "-published", "topic": "the-topic", "said_from": "2019", "q": "words"},
        {"kind": "news", "language": "en", "said_to": "2021-01", "sort": "said"},
    ],
)
def test_list_costs_the_same_queries_at_one_row_and_at_fifty(
    client, django_assert_num_queries, params
):
    topic = TopicFactory(name="The topic")

    def add(numbers: range) -> None:
        for number in numbers:
            AppearanceFactory(quote=QuoteFactory(topics=[topic], text=f"Some words {number}"))

    add(range(1))
    client.get(LIST, params)  # content types and the like, cached once
    with CaptureQueriesContext(connection) as at_one:
        assert len(client.get(LIST, params).context["quote_list"]) == 1
    add(range(1, 50))
    with django_assert_num_queries(len(at_one.captured_queries)):
        assert len(client.get(LIST, params).context["quote_list"]) == 50
