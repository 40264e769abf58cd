"""What a reader does on the public site, in Chromium, on the demo newsroom with its texts.

Search from the box in the header, narrow the quotation list with its filters and share the
URL, follow one quotation's provenance chain from the Vision Times appearance back to the AFP
wire whose text the desk does not hold, read the timeline, and reach the content with the
keyboard. Selectors are roles, labels and visible text: what a reader sees, not CSS classes.
"""

import io
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from playwright.sync_api import Page, expect

from newsroom.demo import demo_id
from newsroom.roles import ensure_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 15_000
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

RAXIT = "Dilxat Raxit"
ERDOGAN = "Recep Tayyip Erdoğan"
RAXIT_WORDS = "This extradition treaty will cause worry among Uighurs"
RAXIT_QUOTE = demo_id("quote:raxit-instrument")
ERDOGAN_QUOTES = {demo_id("quote:erdogan-genocide"), demo_id("quote:erdogan-happily")}
AFP_SOURCE = demo_id("source:afp")
# Records no anonymous reader may find: a rejected quotation, an in-review one, a draft, and
# an in-review claim (the only records holding these words).
REJECTED_QUOTE = demo_id("quote:re-education")
IN_REVIEW_QUOTE = demo_id("quote:icc-precondition")
DRAFT_QUOTE = demo_id("quote:hidayet-sold-out")
IN_REVIEW_CLAIM = demo_id("claim:million-camps")
TOPIC = re.compile(r"^\s*Topic:?\s*$", re.IGNORECASE)  # the filter's label


@pytest.fixture
def public_desk(live_server, demo_seeds):
    """The demo newsroom with the seed articles as snapshots, committed for the live server."""
    # A transactional test empties every table when it ends, the role groups of the data
    # migration included; put them back as the other browser tests do.
    ensure_roles(Group, Permission)
    call_command("load_demo", "--with-text", str(demo_seeds), stdout=io.StringIO())


@pytest.fixture
def reader(page: Page, public_desk) -> Page:
    """An anonymous reader's browser tab (pages open relative to the live server)."""
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    return page


def exactly(text: str) -> re.Pattern:
    """An accessible name or text that is `text` and nothing more, whatever its case."""
    return re.compile(rf"^\s*{re.escape(text)}\s*$", re.IGNORECASE)


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response.status}"


def linked_ids(page: Page, prefix: str) -> set[str]:
    """The record ids the page's main content links to under `prefix` (e.g. "/quotes/")."""
    hrefs = (
        page.get_by_role("main")
        .get_by_role("link")
        .evaluate_all("links => links.map(link => new URL(link.href).pathname)")
    )
    pattern = re.compile(rf"^{re.escape(prefix)}({UUID})/$")
    return {match[1] for href in hrefs if (match := pattern.match(href))}


def site_search(page: Page, words: str) -> None:
    """Type into the search box of the page header and submit it, as a reader would."""
    box = page.get_by_role("banner").get_by_role("search")
    box.get_by_label("Search", exact=True).fill(words)
    box.get_by_role("button", name=exactly("Search")).click()
    expect(page).to_have_url(
        re.compile(rf"/search/\?(.*&)?{re.escape(urlencode({'q': words}))}(&|$)")
    )


def test_search_finds_published_quotations_and_nothing_unpublished(reader):
    page = reader
    visit(page, "/")

    site_search(page, "instrument of persecution")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["instrument of persecution"]
    main = page.get_by_role("main")
    quotations = main.get_by_role("region", name=exactly("Quotations"))
    expect(quotations.get_by_text(RAXIT_WORDS)).to_be_visible()
    expect(quotations.get_by_role("link", name=exactly(RAXIT))).to_be_visible()
    assert str(RAXIT_QUOTE) in linked_ids(page, "/quotes/")

    # The words of a rejected quotation (and of an in-review claim), of an in-review quotation
    # and of a draft: no hit, no link, not even a count betraying that they exist.
    unpublished_quotes = {str(REJECTED_QUOTE), str(IN_REVIEW_QUOTE), str(DRAFT_QUOTE)}
    for words in ("re-education", "territorial jurisdiction", "sold out by our own"):
        site_search(page, words)
        expect(main.get_by_role("status")).to_contain_text(
            re.compile(r"\b(no|nothing)\b.*\b(results?|match(es)?|hits|found)\b", re.I)
        )
        expect(main.get_by_role("region", name=exactly("Quotations"))).to_have_count(0)
        assert not unpublished_quotes & linked_ids(page, "/quotes/"), words
        assert str(IN_REVIEW_CLAIM) not in linked_ids(page, "/claims/"), words


def test_the_quote_list_filters_by_topic_and_the_url_keeps_the_filter(reader):
    page = reader
    visit(page, "/quotes/")
    everything = linked_ids(page, "/quotes/")
    assert str(RAXIT_QUOTE) in everything
    assert {str(pk) for pk in ERDOGAN_QUOTES} < everything

    filters = page.get_by_role("main").get_by_role("form", name=re.compile("filter", re.I))
    filters.get_by_label(TOPIC).select_option(label="Xinjiang")
    filters.get_by_role("button", name=re.compile(r"^show", re.I)).click()

    # Only the published quotations on Xinjiang: Erdoğan's two (the topic's in-review and
    # rejected quotations stay out), and the URL holds the filter.
    expect(page).to_have_url(re.compile(r"/quotes/\?(.*&)?topic=xinjiang(&|$)"))
    narrowed = linked_ids(page, "/quotes/")
    assert narrowed == {str(pk) for pk in ERDOGAN_QUOTES}
    main = page.get_by_role("main")
    expect(main.get_by_role("status").first).to_contain_text("2 quotations")
    expect(main.get_by_text(RAXIT_WORDS)).to_have_count(0)

    # The URL is the whole state: opened afresh it gives the same list, the filter still set.
    shared = page.url
    page.goto("about:blank")
    visit(page, shared)
    assert linked_ids(page, "/quotes/") == narrowed
    topic = page.get_by_role("form", name=re.compile("filter", re.I)).get_by_label(TOPIC)
    assert topic.evaluate("select => select.selectedOptions[0].text").strip() == "Xinjiang"


def test_the_provenance_chain_leads_from_vision_times_back_to_afp(reader):
    page = reader
    visit(page, "/quotes/")
    listed = page.get_by_role("main").get_by_role("listitem").filter(has_text=RAXIT_WORDS)
    listed.get_by_role("link", name=re.compile(r"where it was printed", re.I)).click()
    expect(page).to_have_url(re.compile(rf"/quotes/{RAXIT_QUOTE}/$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_contain_text(RAXIT)

    # The provenance chain: a section of its own, a small diagram and every printing listed.
    chain = main.get_by_role("region", name=re.compile(r"where it was printed|provenance", re.I))
    diagram = chain.get_by_role("figure")
    expect(diagram).to_contain_text("AFP")
    expect(diagram).to_contain_text("Vision Times")
    expect(diagram).to_contain_text("text not held")
    printing = chain.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=re.compile(r"Vision Times"))
    )
    expect(printing).to_have_count(1)
    # Who it says spoke, as printed; the via as printed, and plainly that AFP is not held.
    expect(printing).to_contain_text("a spokesman for the Uyghur World Congress")
    expect(printing).to_contain_text("he said to AFP")
    expect(printing).to_contain_text(re.compile(r"the AFP text is not in the database", re.I))
    # The commentary's "critics" fragment of the same words, cited to the Guardian.
    critics = chain.get_by_role("listitem").filter(has_text="“critics”")
    expect(critics.last).to_contain_text("Guardian")

    # Follow the via link back to the AFP wire: its page says what cites it, and that the
    # desk does not hold its text.
    printing.get_by_role("link", name=exactly("AFP")).click()
    expect(page).to_have_url(re.compile(rf"/sources/{AFP_SOURCE}/$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_contain_text("AFP")
    cited_by = main.get_by_role("region", name=exactly("What cites it"))
    expect(cited_by.get_by_role("link", name=re.compile("^Uyghurs Desperate"))).to_be_visible()
    expect(cited_by).to_contain_text("he said to AFP")
    expect(main).to_contain_text(re.compile(r"does not hold (this source's|its) text", re.I))


def test_the_timeline_runs_in_year_order_with_honest_dates(reader):
    page = reader
    visit(page, "/timeline/")
    main = page.get_by_role("main")
    # The list's year headings (the TimelineJS drawing above it has headings of its own).
    headings = main.locator("section.timeline-year").get_by_role("heading", level=2)
    years = [int(text.strip()) for text in headings.all_inner_texts()]
    assert years == sorted(years) and len(set(years)) == len(years), years
    assert {2002, 2009, 2010, 2017, 2019, 2020} <= set(years), years
    expect(main.get_by_text("26 December 2020").first).to_be_visible()
    expect(main.get_by_text("May 2020").first).to_be_visible()
    # A retracted event is not on the public timeline.
    expect(main.get_by_text("Turkey ratifies the extradition treaty")).to_have_count(0)


@pytest.mark.parametrize("path", ["/", "/quotes/", "/timeline/"])
def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(reader, path):
    page = reader
    visit(page, path)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=re.compile(r"^skip to", re.I))
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # shown when focused, hidden off-screen otherwise
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
