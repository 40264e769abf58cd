"""One quotation walked from draft to published through the real admin pages, in Chromium.

A contributor writes it and submits it, a fact-checker verifies it with a checklist and
evidence, an editor publishes it: three demo accounts, each signed in through the login page,
each clicking the buttons the review panel of the quote's change page offers them.
"""

import io
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from playwright.sync_api import Page, expect

from newsroom.models import Review, ReviewEvidence
from newsroom.roles import ensure_roles
from newsroom.workflow import CHECKLIST_ITEMS, CHECKLISTS, ReviewState
from sources.models import Person, Quote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-browser-demo-password-1"
WORDS = "The treaty will hand over to China people who sought safety in Turkey."
SPEAKER = "Dilxat Raxit"
EVIDENCE_URL = "https://www.afp.com/en/news/extradition-treaty-raxit"
EVIDENCE_CHECKED = "Matched the AFP wire text word for word; speaker confirmed as WUC spokesman."
TIMEOUT_MS = 15_000


@pytest.fixture
def desk(live_server, settings):
    """The demo newsroom with its four accounts, committed where the live server sees it.

    Pages open relative to the live server (the `base_url` fixture in conftest.py).
    """
    # A transactional test empties every table when it ends, the role groups of the data
    # migration included; put them back first in case another such test ran before this one.
    ensure_roles(Group, Permission)
    settings.DEBUG = True  # load_demo creates the demo accounts only with DEBUG on
    call_command("load_demo", "--password", PASSWORD, stdout=io.StringIO())
    settings.DEBUG = False


@pytest.fixture
def browser_page(page: Page, desk) -> Page:
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    return page


def exactly(label: str) -> re.Pattern:
    """An accessible name that is `label` and nothing more, whatever its case."""
    return re.compile(rf"^\s*{re.escape(label)}\s*$", re.IGNORECASE)


def log_in(page: Page, username: str) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=exactly("Log in")).click()
    expect(page.locator("#user-tools")).to_contain_text(username)


def log_out(page: Page) -> None:
    page.locator("#logout-form").get_by_role("button").click()
    expect(page.locator("h1")).to_have_text(exactly("Logged out"))


def action_controls(page: Page, action: str):
    """The review panel's link or button leading to the transition page of `action`."""
    path = f"/transition/{action}/"
    return page.locator(f'a[href*="{path}"], form[action*="{path}"] [type="submit"]')


def open_quote(page: Page, quote: Quote) -> None:
    page.goto(f"/admin/sources/quote/{quote.pk}/change/")
    expect(page.locator("#content h1")).to_have_text(re.compile(r"^(Change|View) quote$"))


def expect_state_shown(page: Page, state: ReviewState) -> None:
    """The review state the change page's review panel shows the signed-in user."""
    panel = page.locator("#review-panel")
    expect(panel.get_by_role("heading", name=exactly("Review"))).to_be_visible()
    row = panel.locator("tr", has=page.locator("th", has_text=exactly("review state")))
    expect(row.locator("td")).to_have_text(exactly(state.label))


def expect_success(page: Page, *words: str) -> None:
    message = page.locator("ul.messagelist li.success")
    expect(message).to_have_count(1)
    for word in words:
        expect(message).to_contain_text(word)


def take_action(page: Page, quote: Quote, action: str, label: str) -> None:
    """Follow the review panel's control for `action` to its transition page."""
    control = action_controls(page, action)
    expect(control).to_have_count(1)
    control.click()
    expect(page).to_have_url(re.compile(rf"/admin/sources/quote/{quote.pk}/transition/{action}/"))
    expect(page.get_by_role("button", name=exactly(label))).to_be_visible()


def add_quote_as_contributor(page: Page) -> Quote:
    page.goto("/admin/sources/quote/add/")
    page.fill("#id_text", WORDS)
    page.fill("#id_occasion", "to AFP")

    # The speaker is an admin autocomplete (select2): open it, search, pick the person.
    speaker = page.locator("#id_speaker_person + .select2")
    speaker.locator(".select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill("Raxit")
    option = page.locator(".select2-results__option", has_text=SPEAKER)
    expect(option).to_have_count(1)
    option.click()
    expect(speaker.locator(".select2-selection__rendered")).to_contain_text(SPEAKER)
    expect(page.locator("#id_speaker_person")).to_have_value(
        str(Person.objects.get(name=SPEAKER).pk)
    )

    page.locator('.submit-row [name="_continue"]').last.click()
    expect(page).to_have_url(re.compile(r"/admin/sources/quote/[0-9a-f-]{36}/change/"))
    expect_success(page, "added successfully")
    quote = Quote.objects.get(text=WORDS)
    assert quote.state == ReviewState.DRAFT
    return quote


def test_a_quotation_goes_from_draft_to_published_through_the_admin(browser_page):
    page = browser_page

    # The contributor writes the quotation: a draft, which they may submit but not verify
    # or publish (four eyes, and their role does not grant it).
    log_in(page, "contributor")
    quote = add_quote_as_contributor(page)
    expect_state_shown(page, ReviewState.DRAFT)
    for forbidden in ("verify", "publish"):
        expect(action_controls(page, forbidden)).to_have_count(0)
        expect(page.get_by_role("button", name=exactly(forbidden))).to_have_count(0)
        expect(page.get_by_role("link", name=exactly(forbidden))).to_have_count(0)

    take_action(page, quote, "submit", "submit for review")
    page.fill('[name="note"]', "Ready for a check against the AFP wire.")
    page.get_by_role("button", name=exactly("submit for review")).click()
    expect(page).to_have_url(re.compile(rf"/admin/sources/quote/{quote.pk}/change/"))
    expect_success(page, "in review")
    expect_state_shown(page, ReviewState.IN_REVIEW)
    for forbidden in ("submit", "verify", "publish"):
        expect(action_controls(page, forbidden)).to_have_count(0)
    quote.refresh_from_db()
    assert quote.state == ReviewState.IN_REVIEW
    log_out(page)

    # The fact-checker verifies it: every checklist item, and evidence of what was checked.
    log_in(page, "factchecker")
    open_quote(page, quote)
    expect_state_shown(page, ReviewState.IN_REVIEW)
    expect(action_controls(page, "publish")).to_have_count(0)
    take_action(page, quote, "verify", "verify")
    boxes = page.locator('input[type="checkbox"][name="checklist"]')
    expect(boxes).to_have_count(len(CHECKLISTS["quote"]))
    assert sorted(box.get_attribute("value") for box in boxes.all()) == sorted(CHECKLISTS["quote"])

    # First without the last checklist item: refused, saying what is missing; still in review.
    *ticked, last = boxes.all()
    for box in ticked:
        box.check()
    page.fill('[name="evidence_url"]', EVIDENCE_URL)
    page.fill('[name="evidence_checked"]', EVIDENCE_CHECKED)
    page.get_by_role("button", name=exactly("verify")).click()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".errorlist")).to_contain_text(CHECKLIST_ITEMS[last.get_attribute("value")])
    expect(page).to_have_url(re.compile(rf"/admin/sources/quote/{quote.pk}/transition/verify/"))
    quote.refresh_from_db()
    assert quote.state == ReviewState.IN_REVIEW

    # Then with every item ticked, and the evidence (kept by the refused form, filled again).
    for box in page.locator('input[type="checkbox"][name="checklist"]').all():
        box.check()
    page.fill('[name="evidence_url"]', EVIDENCE_URL)
    page.fill('[name="evidence_checked"]', EVIDENCE_CHECKED)
    page.get_by_role("button", name=exactly("verify")).click()
    expect(page).to_have_url(re.compile(rf"/admin/sources/quote/{quote.pk}/change/"))
    expect_success(page, "verified")
    expect_state_shown(page, ReviewState.VERIFIED)
    expect(page.locator("#review-panel")).to_contain_text(EVIDENCE_CHECKED)
    expect(action_controls(page, "publish")).to_have_count(0)
    quote.refresh_from_db()
    assert quote.state == ReviewState.VERIFIED
    log_out(page)

    # The editor publishes it.
    log_in(page, "editor")
    open_quote(page, quote)
    expect_state_shown(page, ReviewState.VERIFIED)
    take_action(page, quote, "publish", "publish")
    page.get_by_role("button", name=exactly("publish")).click()
    expect(page).to_have_url(re.compile(rf"/admin/sources/quote/{quote.pk}/change/"))
    expect_success(page, "published")
    expect_state_shown(page, ReviewState.PUBLISHED)
    expect(action_controls(page, "publish")).to_have_count(0)
    log_out(page)

    quote.refresh_from_db()
    assert quote.state == ReviewState.PUBLISHED
    assert quote.created_by.username == "contributor"
    reviews = list(Review.objects.for_record(quote).order_by("created_at"))
    assert [(r.action, r.user.username, r.to_state) for r in reviews] == [
        ("submit", "contributor", ReviewState.IN_REVIEW),
        ("verify", "factchecker", ReviewState.VERIFIED),
        ("publish", "editor", ReviewState.PUBLISHED),
    ]
    assert reviews[1].checklist == dict.fromkeys(CHECKLISTS["quote"], True)
    evidence = ReviewEvidence.objects.get(review=reviews[1])
    assert (evidence.url, evidence.checked) == (EVIDENCE_URL, EVIDENCE_CHECKED)
