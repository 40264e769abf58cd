"""/api/people/ and /api/organizations/: the demo, filters, the leak rule, writes and merges."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from newsroom.demo import demo_id
from newsroom.workflow import ReviewState
from sources.models import Alias, Person, Quote
from tests.api.helpers import api, read
from tests.factories import (
    AffiliationFactory,
    AliasFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
)

S = ReviewState
PEOPLE = reverse("api:person-list")
ORGANIZATIONS = reverse("api:organization-list")
DESK_FIELDS = ("created_by", "last_edited_by", "assigned_to")


def person_url(pk) -> str:
    return reverse("api:person-detail", kwargs={"pk": pk})


def organization_url(pk) -> str:
    return reverse("api:organization-detail", kwargs={"pk": pk})


def slugs(body: dict) -> list[str]:
    return [record["slug"] for record in body["results"]]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


# The demo newsroom, as a reader sees it


def test_readers_list_the_demo_people_by_name_with_published_quote_counts(demo):
    body = read(api(), PEOPLE)

    assert body["count"] == 4
    counts = {person["slug"]: person["quote_count"] for person in body["results"]}
    # Hidayet's only quotation was sent back to draft: readers do not count it.
    assert counts == {
        "arslan-hidayet": 0,
        "dilxat-raxit": 1,
        "fatou-bensouda": 0,
        "recep-tayyip-erdogan": 2,
    }
    assert slugs(body) == sorted(counts)


def test_a_person_carries_names_as_printed_roles_and_addresses(demo):
    pk = demo_id("person:erdogan")
    erdogan = read(api(), person_url(pk))

    assert erdogan["name"] == "Recep Tayyip Erdoğan"
    assert erdogan["wikidata_qid"] == "Q39259"
    assert erdogan["url"] == f"http://testserver{person_url(pk)}"
    assert erdogan["page"] == "http://testserver/people/recep-tayyip-erdogan/"
    assert erdogan["state"] == "published"
    printed = {alias["name"]: alias for alias in erdogan["aliases"]}
    assert set(printed) == {
        "Erdogan",
        "Recep Tayyip Erdogan",
        "President Recep Tayyip Erdogan",
    }
    assert printed["Erdogan"]["kind"] == "variant"
    assert printed["Erdogan"]["printed_in"]["id"] == str(demo_id("source:visiontimes"))
    if erdogan["quotes"] is not None:  # once the quotations endpoint is registered
        assert erdogan["quotes"].endswith("/api/quotes/?speaker=recep-tayyip-erdogan")


def test_a_role_keeps_the_precision_of_its_dates(demo):
    bensouda = read(api(), person_url(demo_id("person:bensouda")))

    [role] = bensouda["affiliations"]
    assert role["organization"]["slug"] == (
        "office-of-the-prosecutor-of-the-international-criminal-court"
    )
    assert role["role"] == "Prosecutor"
    assert (role["started"], role["started_on_precision"]) == ("2012-06", "month")
    assert (role["ended"], role["ended_on_precision"]) == ("2021-06", "month")


def test_an_organization_carries_its_misprinted_name_parent_and_members(demo):
    wuc = read(api(), organization_url(demo_id("org:wuc")))
    otp = read(api(), organization_url(demo_id("org:icc-otp")))
    icc = read(api(), organization_url(demo_id("org:icc")))

    assert [(a["name"], a["kind"]) for a in wuc["aliases"]] == [
        ("Uyghur World Congress", "misnomer")
    ]
    assert [(m["person"]["slug"], m["role"]) for m in wuc["members"]] == [
        ("dilxat-raxit", "spokesman")
    ]
    assert otp["parent"]["slug"] == "international-criminal-court"
    assert otp["kind"] == "court"
    # "the court" names the ICC only inside one text: a contextual reference, not a name.
    assert [alias["name"] for alias in icc["aliases"]] == ["ICC"]


# Filters, search and ordering


@pytest.mark.parametrize(
    "words, expected",
    [
        ("erdogan", ["recep-tayyip-erdogan"]),
        ("ERDOĞAN", ["recep-tayyip-erdogan"]),
        ("chief prosecutor", ["fatou-bensouda"]),
        ("nobody of that name", []),
    ],
)
def test_people_are_found_by_folded_name_or_alias(demo, words, expected):
    assert slugs(read(api(), PEOPLE, {"q": words})) == expected


def test_an_organization_is_found_by_the_wrong_name_a_source_printed(demo):
    assert slugs(read(api(), ORGANIZATIONS, {"q": "uyghur world"})) == ["world-uyghur-congress"]


def test_people_are_filtered_by_organization_and_organizations_by_kind_and_parent(demo):
    assert slugs(read(api(), PEOPLE, {"organization": "world-uyghur-congress"})) == ["dilxat-raxit"]
    assert slugs(read(api(), ORGANIZATIONS, {"kind": "court"})) == [
        "international-criminal-court",
        "office-of-the-prosecutor-of-the-international-criminal-court",
    ]
    assert slugs(read(api(), ORGANIZATIONS, {"parent": "international-criminal-court"})) == [
        "office-of-the-prosecutor-of-the-international-criminal-court"
    ]
    assert slugs(read(api(), PEOPLE, {"slug": "dilxat-raxit"})) == ["dilxat-raxit"]


def test_people_are_ordered_by_quote_count_then_name(demo):
    body = read(api(), PEOPLE, {"ordering": "-quote_count"})

    assert slugs(body) == [
        "recep-tayyip-erdogan",
        "dilxat-raxit",
        "arslan-hidayet",
        "fatou-bensouda",
    ]
    assert slugs(read(api(), PEOPLE, {"ordering": "-name"}))[0] == "recep-tayyip-erdogan"


@pytest.mark.parametrize(
    "url, params, field",
    [
        (PEOPLE, {"ordering": "created_by"}, "ordering"),
        (PEOPLE, {"organization": "no-such-body"}, "organization"),
        (PEOPLE, {"updated_since": "yesterday"}, "updated_since"),
        (PEOPLE, {"q": "x" * 201}, "q"),
        (ORGANIZATIONS, {"kind": "cabal"}, "kind"),
        (ORGANIZATIONS, {"parent": "<script>"}, "parent"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_field(demo, url, params, field):
    body = read(api(), url, params, status=400)

    assert body["code"] == "invalid"
    assert field in body["errors"]
    assert body["message"].startswith("The request was not accepted")


# The leak rule


@pytest.fixture
def hidden(db):
    """A published person with a draft quotation, a role in a draft organization, and a draft
    person with a role in a published one."""
    shown = PersonFactory(name="Shown Person")
    QuoteFactory(speaker_person=shown)
    QuoteFactory(speaker_person=shown, state=S.DRAFT, text="Qzxdraftquotemarker words")
    secret_body = OrganizationFactory(name="Qzxsecretbody", state=S.IN_REVIEW)
    AffiliationFactory(person=shown, organization=secret_body, role="treasurer")
    public_body = OrganizationFactory(name="Open Body")
    draft = PersonFactory(name="Qzxdraftperson", state=S.DRAFT)
    AffiliationFactory(person=draft, organization=public_body, role="member")
    return {"shown": shown, "secret_body": secret_body, "public_body": public_body, "draft": draft}


def test_readers_see_no_unpublished_person_role_or_quotation(hidden):
    reader = api()
    people = read(reader, PEOPLE)
    shown = read(reader, person_url(hidden["shown"].pk))
    body = read(reader, organization_url(hidden["public_body"].pk))

    assert slugs(people) == ["shown-person"]
    assert people["count"] == 1
    assert shown["quote_count"] == 1
    assert shown["affiliations"] == []
    assert body["members"] == []
    assert "Qzx" not in str(people) + str(shown) + str(body)
    assert all(shown[field] is None for field in DESK_FIELDS)
    read(reader, person_url(hidden["draft"].pk), status=404)
    read(reader, organization_url(hidden["secret_body"].pk), status=404)


def test_no_filter_or_search_tells_a_reader_an_unpublished_record_exists(hidden):
    reader = api()
    unknown = read(reader, PEOPLE, {"organization": "no-such-body"}, status=400)
    secret = read(reader, PEOPLE, {"organization": hidden["secret_body"].slug}, status=400)

    assert secret["errors"]["organization"] == [
        message.replace("no-such-body", hidden["secret_body"].slug)
        for message in unknown["errors"]["organization"]
    ]
    assert read(reader, PEOPLE, {"q": "qzxdraftperson"})["count"] == 0
    assert read(reader, PEOPLE, {"slug": hidden["draft"].slug})["count"] == 0
    assert read(reader, PEOPLE, {"state": "draft"})["count"] == 0
    assert read(reader, ORGANIZATIONS, {"q": "qzxsecretbody"})["count"] == 0
    assert read(reader, ORGANIZATIONS, {"parent": hidden["secret_body"].slug}, status=400)


def test_staff_see_unpublished_people_their_roles_and_who_wrote_them(hidden, editor):
    hidden["draft"].created_by = editor
    hidden["draft"].save()
    desk = api(editor)

    assert slugs(read(desk, PEOPLE, {"state": "draft"})) == [hidden["draft"].slug]
    draft = read(desk, person_url(hidden["draft"].pk))
    shown = read(desk, person_url(hidden["shown"].pk))

    assert draft["created_by"] == "editor"
    assert draft["page"] is None
    assert [role["organization"]["name"] for role in shown["affiliations"]] == ["Qzxsecretbody"]
    # The count stays the readers' count, whoever asks.
    assert shown["quote_count"] == 1
    assert slugs(read(desk, PEOPLE, {"organization": hidden["secret_body"].slug})) == [
        "shown-person"
    ]


# Query counts


def quoted_person(number: int) -> Person:
    person = PersonFactory()
    AliasFactory(person=person, name=f"Alias of {number}", source=SourceFactory())
    AffiliationFactory(
        person=person, started_on=datetime.date(2019, 1, 1), started_on_precision="year"
    )
    QuoteFactory(speaker_person=person)
    return person


@pytest.mark.parametrize("role", [None, "editor"])
@pytest.mark.parametrize("rows", [1, 50])
def test_the_people_list_costs_the_same_queries_for_1_and_50_people(
    db, request, django_assert_num_queries, role, rows
):
    for number in range(rows):
        quoted_person(number)
    client = api(request.getfixturevalue(role) if role else None)
    # Count, page, aliases, their published sources, roles; the desk's two permission
    # queries on top.
    expected = 5 if role is None else 7

    with django_assert_num_queries(expected):
        body = read(client, PEOPLE, {"page_size": 50})

    assert len(body["results"]) == rows
    assert all(len(person["affiliations"]) == 1 for person in body["results"])
    assert all(person["quote_count"] == 1 for person in body["results"])


@pytest.mark.parametrize("role", [None, "editor"])
@pytest.mark.parametrize("rows", [1, 50])
def test_the_organizations_list_costs_the_same_queries_for_1_and_50(
    db, request, django_assert_num_queries, role, rows
):
    parent = OrganizationFactory(name="Umbrella")
    for number in range(rows):
        body = OrganizationFactory(parent=parent, name=f"Member body {number}")
        AliasFactory(person=None, organization=body, name=f"MB{number}", source=SourceFactory())
        AffiliationFactory(organization=body)
    client = api(request.getfixturevalue(role) if role else None)
    # The parent named in the filter, count, page, aliases, their published sources,
    # members; the desk's two permission queries on top.
    expected = 6 if role is None else 8

    with django_assert_num_queries(expected):
        body = read(client, ORGANIZATIONS, {"page_size": 50, "parent": "umbrella"})

    assert len(body["results"]) == rows
    assert all(len(organization["members"]) == 1 for organization in body["results"])


# Writes


def test_anonymous_clients_cannot_write(db):
    response = api().post(PEOPLE, {"name": "Someone New"})

    assert response.status_code in (401, 403)
    assert not Person.objects.filter(name="Someone New").exists()


def test_a_contributor_creates_a_draft_person_with_history(contributor):
    response = api(contributor).post(
        PEOPLE, {"name": "Gulbahar Haitiwaji", "reason": "named in the commentary"}
    )

    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["id"])
    assert person.state == S.DRAFT
    assert person.slug == "gulbahar-haitiwaji"
    assert person.created_by == contributor
    assert response.json()["created_by"] == "contributor"
    latest = person.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        contributor,
        "named in the commentary",
    )


def test_a_name_that_is_another_persons_alias_is_refused(demo, contributor):
    response = api(contributor).post(PEOPLE, {"name": "Erdogan"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "already an alias" in response.json()["errors"]["name"][0]


def test_an_edit_from_a_stale_version_is_refused_with_409(contributor):
    person = PersonFactory(state=S.DRAFT, created_by=contributor)
    client = api(contributor)
    assert (
        client.patch(person_url(person.pk), {"description": "First", "version": 1}).status_code
        == 200
    )

    response = client.patch(person_url(person.pk), {"description": "Second", "version": 1})

    assert response.status_code == 409
    assert response.json()["code"] == "stale"
    assert response.json()["current_version"] == 2
    person.refresh_from_db()
    assert person.description == "First"


def test_an_edit_under_an_if_match_of_another_version_is_refused_with_412(contributor):
    person = PersonFactory(state=S.DRAFT)

    response = api(contributor).patch(
        person_url(person.pk), {"description": "Changed", "version": 1}, HTTP_IF_MATCH='"7"'
    )

    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    person.refresh_from_db()
    assert person.version == 1


def test_a_contributor_may_not_edit_a_published_person(contributor):
    person = PersonFactory()

    response = api(contributor).patch(person_url(person.pk), {"description": "x", "version": 1})

    assert response.status_code == 403
    assert response.json()["code"] == "not_permitted"


def test_renaming_a_published_person_needs_a_correction(editor):
    person = PersonFactory(name="Dilshat Rashit")
    client = api(editor)

    refused = client.patch(person_url(person.pk), {"name": "Dilxat Raxit", "version": 1})
    corrected = client.patch(
        person_url(person.pk),
        {
            "name": "Dilxat Raxit",
            "version": 1,
            "correction": {"what_was_wrong": "Misspelt.", "what_changed": "The spelling."},
        },
    )

    assert refused.status_code == 400
    assert refused.json()["code"] == "correction_required"
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["name"] == "Dilxat Raxit"


def test_an_organization_is_created_under_a_parent_by_id(demo, contributor):
    response = api(contributor).post(
        ORGANIZATIONS,
        {"name": "Pre-Trial Chamber", "kind": "court", "parent_id": str(demo_id("org:icc"))},
    )

    assert response.status_code == 201, response.content
    assert response.json()["parent"]["slug"] == "international-criminal-court"
    assert response.json()["state"] == "draft"


def test_a_person_moves_through_review_by_the_rules(contributor, factchecker, editor):
    person = PersonFactory(state=S.DRAFT, created_by=contributor, last_edited_by=contributor)
    url = reverse("api:person-transition", kwargs={"pk": person.pk})

    submitted = api(contributor).post(url, {"action": "submit", "version": 1})
    no_evidence = api(factchecker).post(url, {"action": "verify", "version": 2})
    own_work = api(contributor).post(url, {"action": "verify", "version": 2})
    verified = api(factchecker).post(
        url,
        {
            "action": "verify",
            "version": 2,
            "checklist": {"identity": True},
            "evidence": [{"url": "https://www.wikidata.org/", "checked": "Identity matches."}],
        },
    )
    published = api(editor).post(url, {"action": "publish", "version": 3})

    assert submitted.status_code == 200, submitted.content
    assert (no_evidence.status_code, no_evidence.json()["code"]) == (400, "evidence_required")
    assert (own_work.status_code, own_work.json()["code"]) == (403, "not_permitted")
    assert verified.status_code == 200, verified.content
    assert published.status_code == 200, published.content
    assert published.json()["state"] == "published"
    assert published.json()["page"] == f"http://testserver/people/{person.slug}/"


def test_whoever_last_edited_a_person_cannot_publish_it(editor, factchecker):
    person = PersonFactory(state=S.VERIFIED, last_edited_by=editor)

    response = api(editor).post(
        reverse("api:person-transition", kwargs={"pk": person.pk}),
        {"action": "publish", "version": 1},
    )

    assert response.status_code == 403
    assert response.json()["code"] == "four_eyes"


# Merging duplicates


def merge_url(pk) -> str:
    return reverse("api:person-merge", kwargs={"pk": pk})


def test_an_editor_merges_a_duplicate_person(editor):
    keep = PersonFactory(name="Dilxat Raxit")
    duplicate = PersonFactory(name="Dilshat Rashit", state=S.DRAFT)
    quote = QuoteFactory(speaker_person=duplicate)

    response = api(editor).post(
        merge_url(keep.pk), {"duplicates": [str(duplicate.pk)], "version": 1}
    )

    assert response.status_code == 200, response.content
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert Quote.objects.get(pk=quote.pk).speaker_person == keep
    assert "Dilshat Rashit" in [alias["name"] for alias in response.json()["aliases"]]
    assert Alias.objects.filter(person=keep, name="Dilshat Rashit").exists()


def test_a_contributor_may_not_merge(contributor):
    keep, duplicate = PersonFactory(), PersonFactory()

    response = api(contributor).post(
        merge_url(keep.pk), {"duplicates": [str(duplicate.pk)], "version": 1}
    )

    assert response.status_code == 403
    assert response.json()["code"] == "not_permitted"
    assert Person.objects.filter(pk=duplicate.pk).exists()


def test_a_merge_decided_on_a_stale_version_changes_nothing(editor):
    keep, duplicate = PersonFactory(), PersonFactory(name="Twin Name")
    keep.description = "Edited meanwhile."
    keep.save()  # now version 2

    response = api(editor).post(
        merge_url(keep.pk), {"duplicates": [str(duplicate.pk)], "version": 1}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "stale"
    assert response.json()["current_version"] == 2
    assert Person.objects.filter(pk=duplicate.pk).exists()
    assert not Alias.objects.filter(person=keep, name="Twin Name").exists()


def test_a_merge_of_an_unknown_record_is_a_400(editor):
    keep = PersonFactory()

    response = api(editor).post(
        merge_url(keep.pk),
        {"duplicates": ["00000000-0000-0000-0000-000000000000"], "version": 1},
    )

    assert response.status_code == 400
    assert "duplicates" in response.json()["errors"]
