"""The pages of people and organizations: names, ties, quotations in time order, and lists."""

import datetime
import io
import json
import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom.dates import PartialDate
from newsroom.demo import demo_id
from newsroom.workflow import ReviewState
from sources.models import AliasKind, Organization, Person
from sources.statements import over_time_by_topic
from tests.factories import (
    AffiliationFactory,
    AliasFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
    TopicFactory,
)

S = ReviewState


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False  # readers meet the production site


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by the heading with this id."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    depth = 1
    for tag in re.finditer(r"<section\b|</section>", html[start:]):
        depth += 1 if tag.group() == "<section" else -1
        if depth == 0:
            return html[start : start + tag.start()]
    raise AssertionError(f"section {heading_id} is not closed")


def structured_data(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def erdogan() -> Person:
    return Person.objects.get(pk=demo_id("person:erdogan"))


def organization(key: str) -> Organization:
    return Organization.objects.get(pk=demo_id(key))


# The demo newsroom


def test_erdogan_page_shows_his_names_and_wikidata_item(client, demo):
    html = page(client, erdogan().get_absolute_url())

    names = section(html, "names")
    assert "<h1>Recep Tayyip Erdoğan</h1>" in html
    for alias in ("Erdogan", "Recep Tayyip Erdogan", "President Recep Tayyip Erdogan"):
        assert f'<span class="alias-name">{alias}</span>' in names
    assert "Vision Times" in names
    assert 'href="https://www.wikidata.org/wiki/Q39259"' in names
    assert "President of Turkey." in html


def test_erdogan_page_sets_2009_genocide_beside_2019_happily_on_each_shared_topic(client, demo):
    html = page(client, erdogan().get_absolute_url())

    compared = section(html, "over-time")
    for topic in ("Xinjiang", "China–Turkey relations"):
        start = compared.index(f">{topic}</h3>")
        pair = compared[start : compared.index("</div>", start)]
        assert 'class="side-by-side"' in pair
        genocide = pair.index("<p>genocide</p>")
        happily = pair.index("<p>happily</p>")
        assert genocide < happily
        assert pair.index('<time datetime="2009">2009</time>') < happily
        assert '<time datetime="2019">2019</time>' in pair[happily:]


def test_erdogan_quotations_are_listed_in_the_order_they_were_said(client, demo):
    quotations = section(page(client, erdogan().get_absolute_url()), "quotations")

    assert quotations.index('Said <time datetime="2009">2009</time>') < quotations.index(
        'Said <time datetime="2019">2019</time>'
    )
    assert quotations.index("<p>genocide</p>") < quotations.index("<p>happily</p>")


def test_erdogan_page_carries_person_json_ld(client, demo):
    data = structured_data(page(client, erdogan().get_absolute_url()))

    assert data["@type"] == "Person"
    assert data["name"] == "Recep Tayyip Erdoğan"
    assert data["sameAs"] == "https://www.wikidata.org/wiki/Q39259"
    assert "Erdogan" in data["alternateName"]


def test_world_uyghur_congress_page_shows_the_misnomer_vision_times_printed(client, demo):
    html = page(client, organization("org:wuc").get_absolute_url())

    names = section(html, "names")
    assert '<span class="alias-name">Uyghur World Congress</span>' in names
    assert "wrong name printed by a source" in names
    vision_times = reverse("source-detail", kwargs={"pk": demo_id("source:visiontimes")})
    assert f'printed in <a href="{vision_times}">' in names
    assert "(Vision Times)" in names


def test_world_uyghur_congress_page_shows_dilxat_raxit_as_spokesman(client, demo):
    people = section(page(client, organization("org:wuc").get_absolute_url()), "people")

    raxit = Person.objects.get(pk=demo_id("person:raxit"))
    assert f'<a href="{raxit.get_absolute_url()}">Dilxat Raxit</a>, spokesman' in people


def test_organization_page_leaves_contextual_references_out_of_its_names(client, demo):
    html = page(client, organization("org:icc").get_absolute_url())

    assert '<span class="alias-name">ICC</span>' in section(html, "names")
    assert "the court" not in section(html, "names")
    assert structured_data(html)["alternateName"] == ["ICC"]


def test_organization_page_links_parent_and_child_organizations(client, demo):
    court, office = organization("org:icc"), organization("org:icc-otp")

    assert f'href="{office.get_absolute_url()}"' in section(
        page(client, court.get_absolute_url()), "structure"
    )
    assert f'Part of <a href="{court.get_absolute_url()}">' in section(
        page(client, office.get_absolute_url()), "structure"
    )


def test_person_page_dates_an_affiliation_with_its_precision(client, demo):
    bensouda = Person.objects.get(pk=demo_id("person:bensouda"))

    affiliations = section(page(client, bensouda.get_absolute_url()), "affiliations")

    assert "Prosecutor, <a href=" in affiliations
    assert 'from <time datetime="2012-06">June 2012</time>' in affiliations
    assert 'to <time datetime="2021-06">June 2021</time>' in affiliations


def test_lists_show_demo_people_with_published_quote_counts_only(client, demo):
    html = page(client, reverse("person-list"))

    names = re.findall(r'class="entity-name"><a href="[^"]+">([^<]+)</a>', html)
    assert names == sorted(names)
    assert "Dilxat Raxit" in names
    # Raxit has one published quotation; his other is verified, not yet published.
    raxit = html[html.index("Dilxat Raxit") :]
    assert raxit.index("1 published quotation<") < raxit.index("</li>")
    # Bensouda's office speaks only in review: nothing counted.
    office = page(client, reverse("organization-list"))
    office = office[office.index("Office of the Prosecutor") :]
    assert office.index("0 published quotations") < office.index("</li>")


# Published only


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.DRAFT, S.IN_REVIEW, S.VERIFIED, S.REJECTED, S.RETRACTED])
def test_unpublished_person_and_organization_pages_answer_404(client, state):
    person = PersonFactory(state=state)
    body = OrganizationFactory(state=state)

    assert client.get(person.get_absolute_url()).status_code == 404
    assert client.get(body.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_lists_leave_out_unpublished_people_and_organizations(client):
    PersonFactory(name="Shown Person")
    PersonFactory(name="Hidden Person", state=S.IN_REVIEW)
    OrganizationFactory(name="Shown Body")
    OrganizationFactory(name="Hidden Body", state=S.DRAFT)

    people = page(client, reverse("person-list"))
    bodies = page(client, reverse("organization-list"))

    assert "Shown Person" in people and "Hidden Person" not in people
    assert "Shown Body" in bodies and "Hidden Body" not in bodies


@pytest.mark.django_db
def test_person_list_counts_only_published_quotations(client):
    person = PersonFactory(name="Counted Speaker")
    QuoteFactory.create_batch(2, speaker_person=person)
    for state in (S.DRAFT, S.IN_REVIEW, S.REJECTED, S.RETRACTED):
        QuoteFactory(speaker_person=person, state=state)

    assert "2 published quotations" in page(client, reverse("person-list"))


@pytest.mark.django_db
def test_person_page_shows_no_unpublished_quotation_organization_or_printing_source(client):
    person = PersonFactory(name="Careful Speaker")
    QuoteFactory(speaker_person=person, text="Words readers may see.")
    hidden_quote = QuoteFactory(speaker_person=person, text="Qzx draft words", state=S.DRAFT)
    hidden_body = OrganizationFactory(name="Qzx Hidden Body", state=S.IN_REVIEW)
    AffiliationFactory(person=person, organization=hidden_body)
    hidden_source = SourceFactory(title="Qzx rejected source", state=S.REJECTED)
    AliasFactory(person=person, name="C. Speaker", kind=AliasKind.VARIANT, source=hidden_source)

    html = page(client, person.get_absolute_url())

    assert "Words readers may see." in html
    assert "C. Speaker" in html  # the name is the person's; the unpublished printer is not shown
    assert "Qzx" not in html
    for record in (hidden_quote, hidden_body, hidden_source):
        assert str(record.pk) not in html


@pytest.mark.django_db
def test_organization_page_hides_unpublished_parent_children_and_people(client):
    parent = OrganizationFactory(name="Qzx Parent", state=S.DRAFT)
    body = OrganizationFactory(name="Open Body", parent=parent)
    OrganizationFactory(name="Qzx Child", parent=body, state=S.IN_REVIEW)
    OrganizationFactory(name="Public Child", parent=body)
    AffiliationFactory(organization=body, person=PersonFactory(name="Qzx Member", state=S.DRAFT))

    html = page(client, body.get_absolute_url())

    assert "Public Child" in html
    assert "Qzx" not in html
    assert "No affiliated person is recorded." in html


@pytest.mark.django_db
def test_organization_page_lists_its_own_published_quotations(client):
    body = OrganizationFactory(name="Speaking Ministry")
    QuoteFactory(speaker_person=None, speaker_organization=body, text="The ministry's words.")

    assert "The ministry&#x27;s words." in section(
        page(client, body.get_absolute_url()), "quotations"
    )


@pytest.mark.django_db
def test_right_to_left_quotation_carries_its_language_and_direction(client):
    person = PersonFactory()
    QuoteFactory(speaker_person=person, text="مرحبا بالعالم", language="ar")

    html = page(client, person.get_absolute_url())

    assert '<blockquote class="quote" lang="ar" dir="rtl"' in html


@pytest.mark.django_db
def test_no_side_by_side_when_a_topics_quotations_share_one_date(client):
    person = PersonFactory()
    topic = TopicFactory(name="One day only")
    QuoteFactory.create_batch(2, speaker_person=person, topics=[topic])

    assert 'id="over-time"' not in page(client, person.get_absolute_url())


# Bad input


@pytest.mark.django_db
@pytest.mark.parametrize(
    "number", ["abc", "-1", "0", "99999999999999999999", "1e9", "2.5", "\x00", "<b>", "last"]
)
@pytest.mark.parametrize("name", ["person-list", "organization-list"])
def test_a_page_number_that_is_not_a_page_shows_the_first_page_with_a_message(client, name, number):
    PersonFactory(name="Listed Person")
    OrganizationFactory(name="Listed Body")

    response = client.get(reverse(name), {"page": number})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="notice" role="status">There is no page' in html
    assert "showing the first page" in html
    assert "<b>" not in html[html.index("There is no page") :][:80]


# Query counts


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "factory"),
    [("person-list", PersonFactory), ("organization-list", OrganizationFactory)],
)
def test_lists_cost_the_same_queries_for_1_and_50_rows(
    client, django_assert_num_queries, name, factory
):
    first = factory()
    QuoteFactory(
        **(
            {"speaker_person": first}
            if isinstance(first, Person)
            else {"speaker_person": None, "speaker_organization": first}
        )
    )
    url = reverse(name)
    one = queries_for(client, url)

    factory.create_batch(49)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(response.context["object_list"]) == 50


def person_with_quotes(count: int) -> Person:
    person = PersonFactory()
    AliasFactory(person=person, source=SourceFactory())
    AffiliationFactory(person=person, source=SourceFactory())
    topic = TopicFactory()
    for number in range(count):
        QuoteFactory(
            speaker_person=person,
            said_on=datetime.date(2000 + number, 1, 1),
            said_on_precision="year",
            topics=[topic],
        )
    return person


@pytest.mark.django_db
def test_person_page_costs_the_same_queries_for_1_and_50_quotations(
    client, django_assert_num_queries
):
    one = queries_for(client, person_with_quotes(1).get_absolute_url())
    many = person_with_quotes(50)

    with django_assert_num_queries(one):
        response = client.get(many.get_absolute_url())
    assert len(response.context["quotes"]) == 50
    assert len(response.context["statements_over_time"][0].quotes) == 50


@pytest.mark.django_db
def test_organization_page_costs_the_same_queries_for_1_and_50_quotations(
    client, django_assert_num_queries
):
    def body_with_quotes(count: int) -> Organization:
        body = OrganizationFactory(parent=OrganizationFactory())
        OrganizationFactory(parent=body)
        AliasFactory(person=None, organization=body, source=SourceFactory())
        AffiliationFactory(organization=body)
        QuoteFactory.create_batch(count, speaker_person=None, speaker_organization=body)
        return body

    one = queries_for(client, body_with_quotes(1).get_absolute_url())
    many = body_with_quotes(50)

    with django_assert_num_queries(one):
        response = client.get(many.get_absolute_url())
    assert len(response.context["quotes"]) == 50


# Statements over time (no database)


def statement(said: str, *topics: str) -> SimpleNamespace:
    return SimpleNamespace(said=PartialDate.parse(said) if said else None, topic_names=topics)


def test_statements_on_one_topic_at_different_dates_are_set_side_by_side_oldest_first():
    happily, genocide = statement("2019", "Xinjiang"), statement("2009", "Xinjiang", "Trade")
    other = statement("2015", "Trade")

    result = over_time_by_topic([happily, genocide, other], lambda quote: quote.topic_names)

    assert [(item.topic, item.quotes) for item in result] == [
        ("Trade", [genocide, other]),
        ("Xinjiang", [genocide, happily]),
    ]


def test_statements_of_one_date_or_undated_are_not_compared():
    same_day = [statement("2020-05-01", "Trade"), statement("2020-05-01", "Trade")]
    undated = [statement("", "Health"), statement("2020", "Health")]

    assert over_time_by_topic([*same_day, *undated], lambda quote: quote.topic_names) == []


@pytest.mark.django_db
def test_a_person_named_only_in_arabic_script_has_a_page_a_filter_and_an_api_record(client):
    person = PersonFactory(name="عبد الله", slug="")
    QuoteFactory(speaker_person=person, text="Words said in Arabic.")

    assert person.slug == "عبد-الله"
    page = client.get(person.get_absolute_url())
    assert page.status_code == 200
    assert "عبد الله" in page.content.decode()
    listed = client.get(reverse("quote-list"), {"speaker": person.slug})
    assert "Words said in Arabic." in listed.content.decode()
    record = client.get(reverse("api:person-detail", args=[person.pk])).json()
    assert record["slug"] == person.slug
    assert record["page"] == f"http://testserver{person.get_absolute_url()}"
