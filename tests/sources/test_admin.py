"""The sources admin: every page renders, search and autocomplete find aliases, lists stay cheap."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom.models import Correction
from newsroom.workflow import ReviewState
from sources.models import AliasKind, AnchorStatus, Appearance, Person, Quote
from tests import factories

pytestmark = pytest.mark.django_db

MODEL_FACTORIES = {
    "topic": factories.TopicFactory,
    "person": factories.PersonFactory,
    "organization": factories.OrganizationFactory,
    "alias": factories.AliasFactory,
    "affiliation": factories.AffiliationFactory,
    "outlet": factories.OutletFactory,
    "source": factories.SourceFactory,
    "citation": factories.CitationFactory,
    "quote": factories.QuoteFactory,
    "appearance": factories.AppearanceFactory,
    "claim": factories.ClaimFactory,
    "claimappearance": factories.ClaimAppearanceFactory,
    "evidence": factories.EvidenceFactory,
}

SNAPSHOT = (
    "Ankara denied it. Erdogan had called it a <em>genocide</em> in 2009,\n"
    "a word he has not used since. Critics say the treaty is becoming an\n"
    "instrument of persecution & fear."
)


def admin_url(model_name, view, *args):
    return reverse(f"admin:sources_{model_name}_{view}", args=args)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def inline_management(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def anchored_appearance(words):
    """An appearance of `words` anchored in SNAPSHOT, as the admin or an import leaves it."""
    source = factories.SourceFactory(text=SNAPSHOT)
    quote = factories.QuoteFactory(text=words)
    appearance = factories.AppearanceFactory.build(quote=quote, source=source)
    appearance.full_clean()
    appearance.save()
    return appearance


@pytest.mark.parametrize("model_name", MODEL_FACTORIES)
def test_changelist_renders_for_a_superuser(admin_client, model_name):
    MODEL_FACTORIES[model_name]()

    response = admin_client.get(admin_url(model_name, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize("model_name", MODEL_FACTORIES)
def test_add_page_renders_for_a_superuser(admin_client, model_name):
    response = admin_client.get(admin_url(model_name, "add"))

    assert response.status_code == 200


@pytest.mark.parametrize("model_name", MODEL_FACTORIES)
def test_change_page_of_a_factory_record_renders_for_a_superuser(admin_client, model_name):
    record = MODEL_FACTORIES[model_name]()

    response = admin_client.get(admin_url(model_name, "change", record.pk))

    assert response.status_code == 200
    assert response.context["original"] == record


def test_person_search_finds_a_person_by_an_alias(admin_client):
    erdogan = factories.PersonFactory(name="Recep Tayyip Erdoğan")
    factories.AliasFactory(person=erdogan, name="Erdogan")
    factories.PersonFactory(name="Dilxat Raxit")

    response = admin_client.get(admin_url("person", "changelist"), {"q": "Erdogan"})

    assert list(response.context["cl"].result_list) == [erdogan]


def test_person_search_finds_a_person_by_an_alias_unlike_the_name(admin_client):
    erdogan = factories.PersonFactory(name="Recep Tayyip Erdoğan")
    factories.AliasFactory(person=erdogan, name="RTE", kind=AliasKind.ABBREVIATION)
    factories.PersonFactory(name="Dilxat Raxit")

    response = admin_client.get(admin_url("person", "changelist"), {"q": "rte"})

    assert list(response.context["cl"].result_list) == [erdogan]


def test_person_search_without_diacritics_finds_the_name_by_its_folded_form(admin_client):
    erdogan = factories.PersonFactory(name="Recep Tayyip Erdoğan")

    response = admin_client.get(admin_url("person", "changelist"), {"q": "tayyip erdogan"})

    assert list(response.context["cl"].result_list) == [erdogan]


def test_person_search_lists_a_person_once_when_several_aliases_match(admin_client):
    erdogan = factories.PersonFactory(name="Recep Tayyip Erdoğan")
    factories.AliasFactory(person=erdogan, name="Erdogan")
    factories.AliasFactory(person=erdogan, name="President Erdogan", kind=AliasKind.FULL)

    response = admin_client.get(admin_url("person", "changelist"), {"q": "erdogan"})

    assert list(response.context["cl"].result_list) == [erdogan]


@pytest.mark.parametrize("term", ["ERDOĞAN", "Erdoğan", "erdogan"])
def test_person_search_folds_case_and_accents_of_the_term(admin_client, term):
    erdogan = factories.PersonFactory(name="Recep Tayyip Erdoğan")
    factories.PersonFactory(name="Dilxat Raxit")

    response = admin_client.get(admin_url("person", "changelist"), {"q": term})

    assert list(response.context["cl"].result_list) == [erdogan]


def test_organization_search_folds_variant_spellings_of_the_term(admin_client):
    congress = factories.OrganizationFactory(name="World Uyghur Congress")
    factories.OrganizationFactory(name="Amnesty International")

    response = admin_client.get(admin_url("organization", "changelist"), {"q": "world uighur"})

    assert list(response.context["cl"].result_list) == [congress]


def test_organization_search_finds_an_organization_by_a_misnomer(admin_client):
    congress = factories.OrganizationFactory(name="World Uyghur Congress")
    factories.AliasFactory(
        person=None, organization=congress, name="WUC", kind=AliasKind.ABBREVIATION
    )
    factories.OrganizationFactory(name="Amnesty International")

    response = admin_client.get(admin_url("organization", "changelist"), {"q": "WUC"})

    assert list(response.context["cl"].result_list) == [congress]


def test_quote_search_finds_quotes_by_the_alias_of_their_speaker(admin_client):
    erdogan = factories.PersonFactory(name="Recep Tayyip Erdoğan")
    factories.AliasFactory(person=erdogan, name="Erdogan")
    quote = factories.QuoteFactory(speaker_person=erdogan, text="genocide")
    factories.QuoteFactory(text="happily")

    response = admin_client.get(admin_url("quote", "changelist"), {"q": "Erdogan"})

    assert list(response.context["cl"].result_list) == [quote]


def test_speaker_autocomplete_on_a_quote_returns_the_person_by_an_alias(admin_client):
    erdogan = factories.PersonFactory(name="Recep Tayyip Erdoğan")
    factories.AliasFactory(person=erdogan, name="Erdogan")
    factories.PersonFactory(name="Dilxat Raxit")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "sources",
            "model_name": "quote",
            "field_name": "speaker_person",
            "term": "Erdogan",
        },
    )

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(erdogan.pk), "text": erdogan.name}]


def test_adding_a_quote_with_a_person_and_an_organization_as_speaker_is_refused(admin_client):
    person = factories.PersonFactory()
    organization = factories.OrganizationFactory()

    response = admin_client.post(
        admin_url("quote", "add"),
        {
            "text": "Turkey will not return Uyghurs to China.",
            "language": "en",
            "speaker_person": person.pk,
            "speaker_organization": organization.pk,
            "said_on": "2020-12-26",
            "said_on_precision": "day",
            "attribution_verdict": "unchecked",
            **inline_management("appearances", 0),
        },
    )

    assert response.status_code == 200
    assert "Give one speaker only" in str(response.context["adminform"].form.errors)
    assert not Quote.objects.exists()


def test_adding_a_quote_with_its_appearance_anchors_the_printed_words(admin_client, superuser):
    person = factories.PersonFactory(name="Dilxat Raxit")
    source = factories.SourceFactory(text=SNAPSHOT)

    response = admin_client.post(
        admin_url("quote", "add"),
        {
            "text": "becoming an instrument of persecution",
            "language": "en",
            "speaker_person": person.pk,
            "attribution_verdict": "unchecked",
            **inline_management("appearances", 1),
            "appearances-0-source": source.pk,
            "appearances-0-text_as_printed": "becoming an instrument of persecution",
            "appearances-0-form": "full",
            "appearances-0-attribution_as_printed": "Critics",
            "appearances-0-attribution_verdict": "misattributed",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    quote = Quote.objects.get()
    appearance = quote.appearances.get()
    assert appearance.source == source
    assert appearance.anchor_status == AnchorStatus.ANCHORED
    # Both start as drafts written by whoever added them.
    assert (quote.state, quote.created_by) == (ReviewState.DRAFT, superuser)
    assert (appearance.state, appearance.created_by) == (ReviewState.DRAFT, superuser)


def test_quote_changelist_shows_the_date_said_to_its_precision_and_links_the_speaker(
    admin_client,
):
    quote = factories.QuoteFactory(said_on=datetime.date(2020, 5, 1), said_on_precision="month")

    response = admin_client.get(admin_url("quote", "changelist"))

    content = response.content.decode()
    assert "May 2020" in content
    assert "1 May 2020" not in content
    assert admin_url("person", "change", quote.speaker_person.pk) in content


def test_appearance_change_page_shows_the_anchored_words_in_context_escaped(admin_client):
    appearance = anchored_appearance("genocide")

    response = admin_client.get(admin_url("appearance", "change", appearance.pk))

    content = response.content.decode()
    assert "&lt;em&gt;<mark>genocide</mark>&lt;/em&gt;" in content
    assert "<em>genocide" not in content


def test_appearance_change_page_links_its_quote_its_source_and_its_via(admin_client):
    wire = factories.SourceFactory(title="AFP wire")
    appearance = factories.AppearanceFactory(via=wire)

    response = admin_client.get(admin_url("appearance", "change", appearance.pk))

    content = response.content.decode()
    assert admin_url("quote", "change", appearance.quote.pk) in content
    assert admin_url("source", "change", appearance.source.pk) in content
    assert admin_url("source", "change", wire.pk) in content


def test_adding_an_appearance_in_the_admin_anchors_its_words_in_the_snapshot(admin_client):
    source = factories.SourceFactory(text=SNAPSHOT)
    quote = factories.QuoteFactory(text="becoming an instrument of persecution")

    response = admin_client.post(
        admin_url("appearance", "add"),
        {
            "quote": quote.pk,
            "source": source.pk,
            # The snapshot wraps the line inside the quotation; the printed form folds it.
            "text_as_printed": "becoming an instrument of persecution",
            "form": "full",
            "attribution_verdict": "unchecked",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    appearance = Appearance.objects.get()
    assert appearance.anchor_status == AnchorStatus.ANCHORED
    assert appearance.anchor_exact == "becoming an\ninstrument of persecution"
    assert SNAPSHOT[appearance.anchor_start : appearance.anchor_end] == appearance.anchor_exact


def test_saving_an_anchored_appearance_from_a_browser_keeps_its_anchor(admin_client):
    appearance = anchored_appearance("becoming an instrument of persecution")
    before = appearance.anchor

    # A browser sends line breaks as CRLF and drops them from one-line inputs.
    response = admin_client.post(
        admin_url("appearance", "change", appearance.pk),
        {
            "quote": appearance.quote.pk,
            "source": appearance.source.pk,
            "text_as_printed": appearance.text_as_printed,
            "form": "full",
            "attribution_verdict": "confirmed",
            "anchor_start": appearance.anchor_start,
            "anchor_end": appearance.anchor_end,
            "anchor_exact": appearance.anchor_exact.replace("\n", "\r\n"),
            "anchor_prefix": appearance.anchor_prefix.replace("\n", "\r\n"),
            "anchor_suffix": appearance.anchor_suffix.replace("\n", "\r\n"),
            "version": appearance.version,
            # The appearance is published: a new verdict on its attribution is a correction.
            "what_was_wrong": "The attribution was given as unchecked.",
            "what_changed": "The desk confirmed the attribution.",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    appearance.refresh_from_db()
    assert appearance.attribution_verdict == "confirmed"
    assert appearance.anchor == before


def test_saving_a_source_from_a_browser_keeps_its_snapshot_and_hash(admin_client):
    appearance = anchored_appearance("genocide")
    source = appearance.source
    digest = source.text_sha256

    response = admin_client.post(
        admin_url("source", "change", source.pk),
        {
            "title": "A corrected headline",
            "outlet": source.outlet.pk,
            "kind": source.kind,
            "language": "en",
            "published_on": "2021-01-01",
            "published_on_precision": "day",
            "text": SNAPSHOT.replace("\n", "\r\n"),
            # The hash is read-only: whatever a client sends for it is ignored.
            "text_sha256": "0" * 64,
            "version": source.version,
            # The source is published: a new headline is a correction, the snapshot is not.
            "what_was_wrong": "The headline was misspelt.",
            "what_changed": "The headline is corrected.",
            **inline_management("citations", 0),
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    source.refresh_from_db()
    appearance.refresh_from_db()
    assert source.title == "A corrected headline"
    assert source.text == SNAPSHOT
    assert source.text_sha256 == digest
    assert appearance.anchor_status == AnchorStatus.ANCHORED
    assert Correction.objects.for_record(source).get().what_changed == "The headline is corrected."


def test_saving_a_published_source_from_a_browser_unchanged_needs_no_correction(admin_client):
    source = factories.SourceFactory(text=SNAPSHOT)

    response = admin_client.post(
        admin_url("source", "change", source.pk),
        {
            "title": source.title,
            "outlet": source.outlet.pk,
            "kind": source.kind,
            "url": source.url,
            "language": "en",
            "published_on": "2021-01-01",
            "published_on_precision": "day",
            "text": SNAPSHOT.replace("\n", "\r\n"),
            "notes": "Checked the archive copy.",
            "version": source.version,
            **inline_management("citations", 0),
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    source.refresh_from_db()
    assert source.notes == "Checked the archive copy."
    assert source.text == SNAPSHOT
    assert not Correction.objects.exists()


def test_source_change_page_shows_the_snapshot_hash_read_only(admin_client):
    source = factories.SourceFactory(text=SNAPSHOT)

    response = admin_client.get(admin_url("source", "change", source.pk))

    form = response.context["adminform"].form
    assert "text" in form.fields
    assert "text_sha256" not in form.fields
    assert source.text_sha256 in response.content.decode()


def varied_quote(index):
    """A quotation whose speaker is, in turn, a person, an organization and a work."""
    speaker = {}
    if index % 3 == 1:
        speaker = {"speaker_person": None, "speaker_organization": factories.OrganizationFactory()}
    elif index % 3 == 2:
        speaker = {"speaker_person": None, "speaker_work": factories.SourceFactory()}
    return factories.QuoteFactory(topics=[factories.TopicFactory()], **speaker)


def make_quote(index):
    factories.AppearanceFactory(quote=varied_quote(index))


def make_appearance(index):
    factories.AppearanceFactory(quote=varied_quote(index), via=factories.SourceFactory())


def make_source(index):
    source = factories.SourceFactory(text=f"Snapshot number {index}.")
    factories.CitationFactory(citing=source)
    factories.AppearanceFactory(source=source)


def make_person(index):
    person = factories.PersonFactory()
    factories.AliasFactory(person=person)
    factories.AliasFactory(person=person)
    factories.AffiliationFactory(person=person)
    factories.QuoteFactory(speaker_person=person)


@pytest.mark.parametrize(
    ("model_name", "make_row"),
    [
        ("quote", make_quote),
        ("appearance", make_appearance),
        ("source", make_source),
        ("person", make_person),
    ],
)
def test_changelist_costs_as_many_queries_for_20_rows_as_for_1(
    admin_client, django_assert_num_queries, model_name, make_row
):
    url = admin_url(model_name, "changelist")
    make_row(0)
    admin_client.get(url)  # warm the caches a first request fills
    one_row = count_queries(admin_client, url)
    for index in range(1, 20):
        make_row(index)

    with django_assert_num_queries(one_row):
        response = admin_client.get(url)

    changelist = response.context["cl"]
    assert len(changelist.result_list) == changelist.model._default_manager.count() >= 20


@pytest.mark.parametrize("model_name", MODEL_FACTORIES)
def test_every_changelist_costs_as_many_queries_for_20_factory_rows_as_for_1(
    admin_client, django_assert_num_queries, model_name
):
    url = admin_url(model_name, "changelist")
    MODEL_FACTORIES[model_name]()
    admin_client.get(url)  # warm the caches a first request fills
    one_row = count_queries(admin_client, url)
    MODEL_FACTORIES[model_name].create_batch(19)

    with django_assert_num_queries(one_row):
        admin_client.get(url)


def test_count_columns_link_to_the_filtered_lists_they_count(admin_client):
    quote = factories.QuoteFactory(topics=[factories.TopicFactory()])
    appearance = factories.AppearanceFactory(quote=quote)
    factories.AppearanceFactory()
    links = {
        "person": admin_url("quote", "changelist")
        + f"?speaker_person__id__exact={quote.speaker_person.pk}",
        "topic": admin_url("quote", "changelist") + f"?topics__id__exact={quote.topics.get().pk}",
        "quote": admin_url("appearance", "changelist") + f"?quote__id__exact={quote.pk}",
        "source": admin_url("appearance", "changelist")
        + f"?source__id__exact={appearance.source.pk}",
    }

    for model_name, link in links.items():
        listing = admin_client.get(admin_url(model_name, "changelist"))
        assert link in listing.content.decode(), model_name
        response = admin_client.get(link)
        assert response.status_code == 200, model_name
        assert response.context["cl"].result_count == 1, model_name


def test_adding_aliases_and_an_affiliation_to_a_person_saves_them(admin_client):
    person = factories.PersonFactory(name="Dilxat Raxit")
    organization = factories.OrganizationFactory(name="World Uyghur Congress")

    response = admin_client.post(
        admin_url("person", "change", person.pk),
        {
            "name": person.name,
            "slug": person.slug,
            "version": person.version,
            **inline_management("aliases", 1),
            "aliases-0-name": "Dilshat Rishit",
            "aliases-0-kind": "transliteration",
            **inline_management("affiliations", 1),
            "affiliations-0-organization": organization.pk,
            "affiliations-0-role": "spokesman",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [alias.name for alias in person.aliases.all()] == ["Dilshat Rishit"]
    assert str(person.affiliations.get()) == "Dilxat Raxit, spokesman, World Uyghur Congress"


def test_adding_a_person_together_with_an_alias_saves_both(admin_client):
    response = admin_client.post(
        admin_url("person", "add"),
        {
            "name": "Dilxat Raxit",
            **inline_management("aliases", 1),
            "aliases-0-name": "Dilshat Rishit",
            "aliases-0-kind": "transliteration",
            **inline_management("affiliations", 0),
        },
    )

    assert response.status_code == 302
    person = Person.objects.get(name="Dilxat Raxit")
    assert [alias.name for alias in person.aliases.all()] == ["Dilshat Rishit"]


def test_two_aliases_entered_together_that_fold_alike_are_refused(admin_client):
    person = factories.PersonFactory(name="Recep Tayyip Erdoğan")

    response = admin_client.post(
        admin_url("person", "change", person.pk),
        {
            "name": person.name,
            "slug": person.slug,
            "version": person.version,
            **inline_management("aliases", 2),
            "aliases-0-name": "Erdogan",
            "aliases-0-kind": "variant",
            "aliases-1-name": "ERDOĞAN",
            "aliases-1-kind": "variant",
            **inline_management("affiliations", 0),
        },
    )

    assert response.status_code == 200
    aliases = response.context["inline_admin_formsets"][0].formset
    assert "the same alias" in str(aliases.errors)
    assert not person.aliases.exists()


def test_a_source_citing_itself_in_the_citation_inline_is_refused(admin_client):
    source = factories.SourceFactory()

    response = admin_client.post(
        admin_url("source", "change", source.pk),
        {
            "title": source.title,
            "outlet": source.outlet.pk,
            "kind": source.kind,
            "language": "en",
            "published_on": "2021-01-01",
            "published_on_precision": "day",
            "version": source.version,
            **inline_management("citations", 1),
            "citations-0-cited": source.pk,
            "citations-0-purpose": "information",
        },
    )

    assert response.status_code == 200
    citations = response.context["inline_admin_formsets"][0].formset
    assert "cannot cite itself" in str(citations.errors)
    assert not source.citations.exists()
