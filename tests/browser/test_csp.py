"""The Content Security Policy breaks nothing: each kind of page works in Chromium, unreported.

Every page is loaded with the production policy and the browser's own report of violations
(`securitypolicyviolation` events, and the console) is collected; a page passes when it did
its work (signed in, listed, drew, rendered a form) and nothing was blocked.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import Page, expect

from newsroom.roles import ensure_roles
from tests.factories import (
    ClaimFactory,
    EventFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
TIMEOUT_MS = 15_000

# Runs before any of the page's own scripts, outside the page's policy (Playwright's injection).
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}` +
      ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def desk(live_server):
    ensure_roles(Group, Permission)
    speaker = PersonFactory(name="Dilxat Raxit")
    source = SourceFactory(title="China ratifies the extradition treaty")
    return {
        "user": UserFactory(username="ed", is_staff=True, is_superuser=True),
        "quote": QuoteFactory(speaker_person=speaker, text="An instrument of persecution."),
        "source": source,
        "claim": ClaimFactory(),
        "events": [
            EventFactory(
                title="The treaty is signed",
                starts_on=datetime.date(2017, 5, 12),
                starts_on_precision="day",
            ),
            EventFactory(
                title="Parliament ratifies",
                starts_on=datetime.date(2020, 12, 26),
                starts_on_precision="day",
            ),
        ],
    }


class Violations:
    """What the browser reported blocked, by the page's events and on the console."""

    def __init__(self, page: Page):
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def assert_none(self) -> None:
        reported = self.page.evaluate("window.__cspViolations || []")
        assert reported == [], reported
        assert self.console == [], self.console
        assert self.errors == [], self.errors


@pytest.fixture
def watched(page: Page, desk) -> tuple[Page, Violations]:
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    return page, Violations(page)


def log_in(page: Page) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=re.compile("log in", re.IGNORECASE)).click()
    expect(page.locator("#user-tools")).to_contain_text("ed")


def test_the_policy_is_sent_with_the_pages(watched, live_server):
    page, violations = watched
    response = page.goto("/")
    assert response is not None and response.status == 200
    assert "default-src 'none'" in response.headers["content-security-policy"]
    violations.assert_none()


def test_the_admin_works_under_the_policy(watched, desk):
    page, violations = watched
    log_in(page)
    page.goto("/admin/sources/quote/")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list")).to_contain_text("An instrument of persecution.")
    # The review desk around a quote's change form, with its inline and autocomplete widgets.
    page.goto(f"/admin/sources/quote/{desk['quote'].pk}/change/")
    expect(page.locator("#content h1")).to_have_text(re.compile(r"^(Change|View) quote$"))
    page.goto("/admin/sources/quote/add/")
    page.locator("#id_speaker_person + .select2 .select2-selection").click()
    page.locator(".select2-search__field").last.fill("Dilxat")
    expect(page.locator(".select2-results__option").first).to_have_text("Dilxat Raxit")
    violations.assert_none()


def test_the_browsable_api_works_under_the_policy(watched):
    page, violations = watched
    log_in(page)
    response = page.goto("/api/quotes/?format=api")
    assert response is not None and response.status == 200
    expect(page.locator(".response-info")).to_contain_text("An instrument of persecution.")
    # A signed-in editor is offered the form to write a quote.
    form = page.locator("#post-generic-content-form form")
    expect(form).to_have_attribute("method", re.compile("post", re.IGNORECASE))
    expect(form.locator("button", has_text="POST")).to_be_attached()
    violations.assert_none()


def test_the_api_docs_work_under_the_policy(watched):
    page, violations = watched
    page.goto("/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    violations.assert_none()


def test_the_timeline_is_drawn_under_the_policy(watched):
    page, violations = watched
    page.goto("/timeline/")
    page.locator(".tl-timemarker").first.wait_for(state="attached")
    expect(page.locator("#timeline-embed .tl-timemarker")).to_have_count(2)
    expect(page.locator(".tl-slide .tl-headline").first).to_be_visible()
    violations.assert_none()


def test_public_pages_with_structured_data_work_under_the_policy(watched, desk):
    page, violations = watched
    for url in (desk["quote"].get_absolute_url(), desk["claim"].get_absolute_url(), "/quotes/"):
        response = page.goto(url)
        assert response is not None and response.status == 200, url
    violations.assert_none()
