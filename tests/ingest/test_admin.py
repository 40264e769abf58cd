"""The admin's import pages: paste or upload, review with highlights, accept, drop, roles."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sources.models import Appearance, ProposalDecision, Quote, Source
from tests import factories

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Dilxat Raxit, a spokesman for the World Uyghur Congress, noted that Ankara is bowing to "
    "pressure from Beijing. “This pact will frighten families in exile,” he said to AFP.\n\n"
    "Critics called them ‘re-education’ camps. “The <script>alert(1)</script> & deal is bad,” "
    "said Ann Lee. The imam, Yusuf Haddad, said: «وَلَا تُفْسِدُوا فِي الْأَرْضِ» and left.\n"
)
IMPORT_URL = reverse("admin:sources_source_import")


def review_url(source):
    return reverse("admin:sources_source_review", args=[source.pk])


@pytest.fixture
def source(contributor):
    return factories.SourceFactory(
        text=ARTICLE, title="Treaty", state="draft", created_by=contributor
    )


def test_the_source_list_links_to_the_import_page(client, contributor):
    client.force_login(contributor)
    response = client.get(reverse("admin:sources_source_changelist"))
    assert IMPORT_URL in response.content.decode()


def test_pasting_an_article_imports_it_and_opens_its_review(client, contributor):
    client.force_login(contributor)

    response = client.post(
        IMPORT_URL, {"text": ARTICLE.replace("\n", "\r\n"), "input_format": "auto", "kind": "news"}
    )

    source = Source.objects.get()
    assert response.status_code == 302 and response.url == review_url(source)
    assert source.text == ARTICLE  # the browser's CRLF line breaks are the pasted LF ones
    assert (source.state, source.created_by) == ("draft", contributor)


def test_uploading_a_file_imports_it_and_the_same_text_again_changes_nothing(client, contributor):
    client.force_login(contributor)
    upload = SimpleUploadedFile("article.txt", ARTICLE.encode())
    client.post(IMPORT_URL, {"file": upload, "input_format": "auto", "kind": "news", "title": "A"})
    again = SimpleUploadedFile("article.txt", ARTICLE.encode())

    response = client.post(
        IMPORT_URL,
        {"file": again, "input_format": "auto", "kind": "news", "title": "B"},
        follow=True,
    )

    assert Source.objects.count() == 1 and Source.objects.get().title == "A"
    assert "already imported" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Paste the article or upload a file"),
        ({"file": SimpleUploadedFile("x.bin", b"\x00\x01\x02" * 40)}, "binary file"),
    ],
)
def test_a_bad_article_is_refused_on_the_form_with_nothing_created(
    client, contributor, data, message
):
    client.force_login(contributor)
    response = client.post(IMPORT_URL, {"input_format": "auto", "kind": "news", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Source.objects.count() == 0


def test_a_role_without_the_add_permission_cannot_import_or_decide(client, source):
    viewer = factories.UserFactory(is_staff=True)
    client.force_login(viewer)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(review_url(source), {"key": "x", "decision": "drop"}).status_code == 403


def test_the_review_shows_the_text_escaped_with_each_proposal_highlighted(
    client, contributor, source
):
    client.force_login(contributor)

    response = client.get(review_url(source))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; deal is bad" in html
    assert 'class="snapshot" dir="auto"' in html
    assert len(re.findall(r'<mark class="quotation" id="text-\d+"', html)) == 3
    assert '<mark class="excluded" title="scare"' in html
    assert "وَلَا تُفْسِدُوا فِي الْأَرْضِ" in html


def test_the_review_page_costs_the_same_queries_whatever_the_proposals(
    client, contributor, source, django_assert_num_queries
):
    factories.PersonFactory.create_batch(3)
    client.force_login(contributor)
    client.get(review_url(source))  # the session and permissions are cached after a first visit
    longer = factories.SourceFactory(text=ARTICLE * 4, title="Long", state="draft")

    with django_assert_num_queries(15):
        client.get(review_url(source))
    with django_assert_num_queries(15):
        client.get(review_url(longer))


def test_accepting_a_proposal_creates_drafts_and_marks_it_accepted(client, contributor, source):
    factories.OutletFactory(name="AFP", kind="wire")
    client.force_login(contributor)
    page = client.get(review_url(source))
    key = next(
        item["proposal"].key
        for item in page.context["items"]
        if item["proposal"].text.startswith("This pact")
    )

    response = client.post(review_url(source), {"key": key, "decision": "accept"}, follow=True)

    appearance = Appearance.objects.get()
    assert appearance.quote.speaker_person.name == "Dilxat Raxit"
    assert {appearance.state, appearance.quote.state} == {"draft"}
    assert appearance.via.outlet.name == "AFP"
    assert "Accepted" in response.content.decode()
    statuses = {item["proposal"].key: item["status"] for item in response.context["items"]}
    assert statuses[key] == ProposalDecision.ACCEPTED


def test_an_editor_may_change_the_speaker_before_accepting(client, contributor, source):
    client.force_login(contributor)
    page = client.get(review_url(source))
    item = next(i for i in page.context["items"] if i["proposal"].text.startswith("The <script>"))

    client.post(
        review_url(source),
        {
            "key": item["proposal"].key,
            "decision": "accept",
            "speaker_name": "Harbour Trust",
            "speaker_kind": "organization",
            "kind": "full",
        },
    )

    quote = Quote.objects.get()
    assert quote.speaker_organization.name == "Harbour Trust"
    assert quote.speaker_organization.state == "draft"


def test_dropping_a_proposal_hides_its_buttons(client, contributor, source):
    client.force_login(contributor)
    page = client.get(review_url(source))
    key = page.context["items"][0]["proposal"].key

    response = client.post(review_url(source), {"key": key, "decision": "drop"}, follow=True)

    assert source.proposal_reviews.get(key=key).decision == ProposalDecision.DROPPED
    statuses = {item["proposal"].key: item["status"] for item in response.context["items"]}
    assert statuses[key] == ProposalDecision.DROPPED
    assert Quote.objects.count() == 0


def test_an_unnamed_speaker_cannot_be_accepted_without_a_name(client, contributor):
    source = factories.SourceFactory(
        text="Critics urged it to stop “becoming an instrument of persecution”.", state="draft"
    )
    client.force_login(contributor)
    key = client.get(review_url(source)).context["items"][0]["proposal"].key

    response = client.post(review_url(source), {"key": key, "decision": "accept"}, follow=True)

    assert "not to a named speaker" in response.content.decode()
    assert Quote.objects.count() == 0
