"""A source's page: its facts, its citations both ways, what was recorded from it, its text."""

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
from tests.factories import (
    AppearanceFactory,
    CitationFactory,
    ClaimAppearanceFactory,
    ClaimFactory,
    OutletFactory,
    QuoteFactory,
    SourceFactory,
)
from tests.seeds import find_seeds

SEEDS = find_seeds()
needs_seeds = pytest.mark.skipif(SEEDS is None, reason="the seed articles are not on this machine")
S = ReviewState


def load_demo(settings, *args):
    settings.DEBUG = True
    call_command("load_demo", *args, stdout=io.StringIO())
    settings.DEBUG = False  # readers meet the production site


@pytest.fixture
def demo_with_text(db, settings):
    load_demo(settings, "--with-text", str(SEEDS))


@pytest.fixture
def demo(db, settings):
    load_demo(settings)


def source_url(key: str) -> str:
    return reverse("source-detail", kwargs={"pk": demo_id(key)})


def quote_url(key: str) -> str:
    return reverse("quote-detail", kwargs={"pk": demo_id(key)})


def anchored(passage):
    """A passage anchored in its source's snapshot, as the admin's validation does it."""
    passage.anchor_in(passage.source.text, "the test source")
    passage.save()
    return passage


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def snapshot_of(html: str) -> str:
    start = html.index('<div class="snapshot"')
    return html[start : html.index("</div>", start)]


def marks(html: str) -> list[tuple[str, str]]:
    """(link, words) of every highlighted passage in the snapshot."""
    return re.findall(
        r'<mark[^>]*><a href="([^"]+)"[^>]*>(.*?)</a></mark>', snapshot_of(html), re.S
    )


# The demo newsroom, with the seed articles' text


@needs_seeds
def test_vision_times_text_highlights_the_published_quotations_at_their_anchors(
    client, demo_with_text
):
    highlighted = marks(page(client, source_url("source:visiontimes")))

    words_by_link = {}
    for link, words in highlighted:
        words_by_link.setdefault(link, []).append(words)
    assert any(
        "instrument of persecution" in words
        for words in words_by_link[quote_url("quote:raxit-instrument")]
    )
    assert words_by_link[quote_url("quote:erdogan-genocide")] == ["genocide"]
    assert words_by_link[quote_url("quote:erdogan-happily")] == ["happily"]


@needs_seeds
def test_vision_times_text_does_not_highlight_the_rejected_or_in_review_quotations(
    client, demo_with_text
):
    html = page(client, source_url("source:visiontimes"))
    snapshot = snapshot_of(html)

    # The words are in the text, unmarked; nothing points at their records.
    assert "‘re-education’" in snapshot
    assert "territorial jurisdiction" in snapshot
    highlighted = " ".join(words for _, words in marks(html))
    assert "re-education" not in highlighted
    assert "territorial jurisdiction" not in highlighted
    for key in ("quote:re-education", "quote:icc-precondition", "quote:raxit-pressure"):
        assert str(demo_id(key)) not in html
    assert str(demo_id("claim:million-camps")) not in html


@needs_seeds
def test_vision_times_text_highlights_published_claims_and_links_them(client, demo_with_text):
    highlighted = marks(page(client, source_url("source:visiontimes")))

    claim = reverse("claim-detail", kwargs={"pk": demo_id("claim:50000")})
    assert (claim, "Almost 50,000 Uyghurs are estimated to live in Turkey") in highlighted


@needs_seeds
def test_snapshot_keeps_its_line_breaks_and_escapes_its_markup(client, demo_with_text):
    snapshot = snapshot_of(page(client, source_url("source:commentary")))

    assert "fleeing persecution by Chinese authorities" in snapshot
    assert snapshot.count("\n") > 20
    assert "<br" not in snapshot


@needs_seeds
def test_source_page_says_when_its_text_was_retrieved_with_its_hash(client, demo_with_text):
    html = page(client, source_url("source:visiontimes"))

    assert "567de109ff5b5fc8203a0e66ae601f0bf8953db54e902649fef112981f05a24d" in html
    assert "retrieved <time datetime=" in html


# The demo newsroom, without text


def test_vision_times_page_shows_outlet_kind_and_date_with_its_precision(client, demo):
    html = page(client, source_url("source:visiontimes"))

    assert "News report · Vision Times (online news site)" in html
    assert '<time datetime="2021-01">January 2021</time>' in html
    assert "The desk does not hold the text of this source." in html


def test_vision_times_page_lists_the_published_appearances_with_printed_attributions(client, demo):
    html = page(client, source_url("source:visiontimes"))

    assert "printed as “Dilxat Raxit, a spokesman for the Uyghur World Congress”" in html
    assert f'<a href="{source_url("source:afp")}">he said to AFP</a>' in html
    for key in ("quote:raxit-instrument", "quote:erdogan-genocide", "quote:erdogan-happily"):
        assert f'<a href="{quote_url(key)}">Provenance of this quotation</a>' in html
    for key in ("quote:re-education", "quote:icc-precondition", "quote:raxit-pressure"):
        assert str(demo_id(key)) not in html


def test_vision_times_page_lists_its_citations_as_printed_and_escaped(client, demo):
    html = page(client, source_url("source:visiontimes"))
    cites = html[html.index('id="cites"') : html.index('id="cited-by"')]

    assert f'<a href="{source_url("source:icc-report")}">the court’s annual report</a>' in cites
    assert "(Image: pixabay CC0 1.0&lt;/a&gt;)" in cites


def test_guardian_page_shows_the_commentary_that_cites_it(client, demo):
    html = page(client, source_url("source:guardian"))
    cited_by = html[html.index('id="cited-by"') : html.index('id="quotations"')]

    assert f'<a href="{source_url("source:commentary")}">No Sanctuary or Safety</a>' in cited_by
    assert "cited as “(Guardian News 29/12/2020)”" in cited_by


def test_source_page_carries_news_article_json_ld(client, demo):
    html = page(client, source_url("source:visiontimes"))

    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle"
    assert data["datePublished"] == "2021-01"
    assert data["publisher"] == {"@type": "Organization", "name": "Vision Times"}


# Published only


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.DRAFT, S.IN_REVIEW, S.VERIFIED, S.REJECTED, S.RETRACTED])
def test_unpublished_source_page_answers_404(client, state):
    assert client.get(SourceFactory(state=state).get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_citation_of_an_unpublished_source_shows_its_printed_words_without_a_link(client):
    source = SourceFactory()
    hidden = SourceFactory(title="Qzx hidden wire", state=S.DRAFT)
    CitationFactory(citing=source, cited=hidden, as_printed="(a wire)")
    CitationFactory(citing=source, cited=SourceFactory(state=S.DRAFT), as_printed="")

    html = page(client, source.get_absolute_url())

    assert '<span class="as-printed">(a wire)</span>' in html
    assert "Qzx" not in html
    assert str(hidden.pk) not in html
    assert html.count('class="as-printed"') == 1


@pytest.mark.django_db
def test_unpublished_citing_sources_are_not_listed(client):
    source = SourceFactory()
    CitationFactory(cited=source, citing=SourceFactory(title="Qzx draft citer", state=S.DRAFT))
    CitationFactory(cited=source, citing=SourceFactory(title="Open citer"))

    html = page(client, source.get_absolute_url())

    assert "Open citer" in html
    assert "Qzx" not in html


@pytest.mark.django_db
def test_source_of_an_unpublished_outlet_is_not_public(client):
    source = SourceFactory(outlet=OutletFactory(name="Qzx Draft Daily", state=S.DRAFT))

    response = client.get(source.get_absolute_url())

    assert response.status_code == 404
    assert "Qzx" not in response.content.decode()


@pytest.mark.django_db
def test_unpublished_passages_are_neither_listed_nor_highlighted(client):
    text = "Intro. Shown words here. Hidden words there. Claim words too. Draft claim words."
    source = SourceFactory(text=text)
    shown = anchored(AppearanceFactory(source=source, text_as_printed="Shown words here."))
    hidden_printing = anchored(
        AppearanceFactory(source=source, text_as_printed="Hidden words there.", state=S.IN_REVIEW)
    )
    draft_quote = QuoteFactory(text="Qzx draft quotation", state=S.DRAFT)
    anchored(ClaimAppearanceFactory(source=source, text_as_printed="Claim words too."))
    hidden_claim = ClaimFactory(text="Qzx draft claim", state=S.DRAFT)
    anchored(
        ClaimAppearanceFactory(
            claim=hidden_claim, source=source, text_as_printed="Draft claim words."
        )
    )

    html = page(client, source.get_absolute_url())

    assert [words for _, words in marks(html)] == ["Shown words here.", "Claim words too."]
    assert marks(html)[0][0] == shown.quote.get_absolute_url()
    for record in (hidden_printing, hidden_printing.quote, draft_quote, hidden_claim):
        assert str(record.pk) not in html
    assert "Qzx" not in html


@pytest.mark.django_db
def test_snapshot_markup_is_escaped_and_a_printing_via_an_unpublished_source_is_not_linked(
    client,
):
    text = 'Before <script>alert("x")</script>\n<b>quoted & kept</b> after.'
    source = SourceFactory(text=text)
    hidden_wire = SourceFactory(state=S.DRAFT)
    anchored(
        AppearanceFactory(
            source=source,
            text_as_printed="<b>quoted & kept</b>",
            via=hidden_wire,
            via_as_printed="(a wire report)",
        )
    )

    html = page(client, source.get_absolute_url())
    snapshot = snapshot_of(html)

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\n" in snapshot
    assert [words for _, words in marks(html)] == ["&lt;b&gt;quoted &amp; kept&lt;/b&gt;"]
    assert "(a wire report)" in html
    assert str(hidden_wire.pk) not in html


@pytest.mark.django_db
def test_right_to_left_snapshot_and_passage_carry_their_direction(client):
    verse = "وَلَا تَرْكَنُوا إِلَى الَّذِينَ ظَلَمُوا"
    source = SourceFactory(language="ar", text=f"{verse}\n(11:113)")
    anchored(
        AppearanceFactory(
            source=source, quote=QuoteFactory(text=verse, language="ar"), text_as_printed=verse
        )
    )

    html = page(client, source.get_absolute_url())

    assert '<div class="snapshot" lang="ar" dir="rtl">' in html
    assert '<mark dir="rtl">' in snapshot_of(html)
    assert '<blockquote class="quote" lang="ar" dir="rtl"' in html


# Query counts


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def source_with_passages(count: int):
    words = [f"Passage number {number} here." for number in range(count)]
    source = SourceFactory(text=" ".join(words))
    for number, printed in enumerate(words):
        anchored(AppearanceFactory(source=source, text_as_printed=printed, via=SourceFactory()))
        anchored(ClaimAppearanceFactory(source=source, text_as_printed=printed))
        CitationFactory(citing=source, as_printed=f"(report {number})")
        CitationFactory(cited=source)
    return source


@pytest.mark.django_db
def test_source_page_costs_the_same_queries_for_1_and_50_passages(
    client, django_assert_num_queries
):
    one = queries_for(client, source_with_passages(1).get_absolute_url())
    many = source_with_passages(50)

    with django_assert_num_queries(one):
        response = client.get(many.get_absolute_url())
    assert len(response.context["appearances"]) == 50
    assert len(response.context["claim_appearances"]) == 50
    assert sum(1 for segment in response.context["snapshot"] if segment.passage) == 50
