"""The sources app's invariants: clear messages from validation, and the same rules in the database.

Every rule is checked twice: `full_clean()` must explain it to an editor, field by field, and the
database must refuse it when Python validation is bypassed (`create()` or `update()`).
"""

import datetime
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sources.models import (
    Affiliation,
    Alias,
    AliasKind,
    Appearance,
    Citation,
    ClaimAppearance,
    Organization,
    Person,
    Quote,
    Source,
)
from tests.factories import (
    AffiliationFactory,
    AliasFactory,
    ClaimFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def validation_errors(record) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def refused_by_database(action) -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        action()


# Dates and their precision, on every model of this app that holds one.

DATED = [
    pytest.param(QuoteFactory, "said_on", "date said", id="quote-said-on"),
    pytest.param(SourceFactory, "published_on", "date published", id="source-published-on"),
    pytest.param(AffiliationFactory, "started_on", "start date", id="affiliation-started-on"),
    pytest.param(AffiliationFactory, "ended_on", "end date", id="affiliation-ended-on"),
]


@pytest.mark.parametrize(("factory", "field", "label"), DATED)
def test_a_year_precise_date_that_is_not_the_first_of_january_is_refused(factory, field, label):
    record = factory(**{field: None, f"{field}_precision": ""})
    setattr(record, field, datetime.date(2019, 5, 3))
    setattr(record, f"{field}_precision", "year")
    errors = validation_errors(record)
    assert list(errors) == [field]
    [message] = errors[field]
    assert message.endswith(
        "May 2019 is not a year: for a date known only to the year, enter 1 January 2019."
    )


@pytest.mark.parametrize(("factory", "field", "label"), DATED)
def test_a_month_precise_date_on_the_fifteenth_is_refused(factory, field, label):
    record = factory(**{field: None, f"{field}_precision": ""})
    setattr(record, field, datetime.date(2020, 5, 15))
    setattr(record, f"{field}_precision", "month")
    assert validation_errors(record) == {
        field: [
            "15 May 2020 is not a month: for a date known only to the month, "
            "enter the 1st (May 2020)."
        ]
    }


@pytest.mark.parametrize(("factory", "field", "label"), DATED)
def test_a_precision_without_a_date_is_refused(factory, field, label):
    record = factory(**{field: None, f"{field}_precision": ""})
    setattr(record, f"{field}_precision", "day")
    assert validation_errors(record) == {field: [f"Give the {label}, or clear its precision."]}


@pytest.mark.parametrize(("factory", "field", "label"), DATED)
def test_a_date_without_a_precision_is_refused(factory, field, label):
    record = factory(**{field: None, f"{field}_precision": ""})
    setattr(record, field, datetime.date(2020, 12, 26))
    assert validation_errors(record) == {
        f"{field}_precision": [
            f"Say whether the {label} is known to the year, the month or the day."
        ]
    }


@pytest.mark.parametrize(("factory", "field", "label"), DATED)
@pytest.mark.parametrize(
    ("value", "precision"),
    [
        (datetime.date(2019, 1, 1), "year"),
        (datetime.date(2020, 5, 1), "month"),
        (datetime.date(2020, 12, 26), "day"),
        (None, ""),
    ],
)
def test_a_date_consistent_with_its_precision_is_accepted(factory, field, label, value, precision):
    record = factory(**{field: value, f"{field}_precision": precision})
    record.full_clean()


@pytest.mark.parametrize(("factory", "field", "label"), DATED)
@pytest.mark.parametrize(
    ("value", "precision"),
    [
        (datetime.date(2019, 5, 3), "year"),
        (datetime.date(2019, 1, 3), "year"),
        (datetime.date(2020, 5, 15), "month"),
        (None, "day"),
        (datetime.date(2020, 12, 26), ""),
        (datetime.date(2020, 12, 26), "week"),
    ],
)
def test_the_database_refuses_a_date_that_contradicts_its_precision(
    factory, field, label, value, precision
):
    record = factory(**{field: None, f"{field}_precision": ""})
    model = type(record)
    refused_by_database(
        lambda: model.objects.filter(pk=record.pk).update(
            **{field: value, f"{field}_precision": precision}
        )
    )


def test_the_database_refuses_creating_a_quote_with_a_year_that_is_not_the_first():
    speaker = PersonFactory()
    refused_by_database(
        lambda: Quote.objects.create(
            text="genocide",
            speaker_person=speaker,
            said_on=datetime.date(2009, 7, 10),
            said_on_precision="year",
        )
    )


# A quotation: one speaker, and words that are not white space.


def test_a_quote_with_two_speakers_is_refused():
    quote = QuoteFactory.build(
        speaker_person=PersonFactory(), speaker_organization=OrganizationFactory()
    )
    assert validation_errors(quote) == {
        "speaker_person": [
            "Give one speaker only: a person, an organization or a work, not several."
        ]
    }


def test_a_quote_spoken_by_a_person_and_a_work_is_refused():
    quote = QuoteFactory.build(speaker_person=PersonFactory(), speaker_work=SourceFactory())
    errors = validation_errors(quote)
    assert errors["speaker_person"] == [
        "Give one speaker only: a person, an organization or a work, not several."
    ]


def test_a_quote_without_a_speaker_is_refused():
    quote = QuoteFactory.build(speaker_person=None)
    assert validation_errors(quote) == {
        "speaker_person": ["Name the speaker: a person, an organization or a work."]
    }


@pytest.mark.parametrize(
    "speakers",
    [
        {"speaker_organization": "organization"},
        {"speaker_work": "work"},
    ],
    ids=["organization", "work"],
)
def test_a_quote_with_one_speaker_of_any_kind_is_accepted(speakers):
    made = {"organization": OrganizationFactory, "work": SourceFactory}
    fields = {field: made[kind]() for field, kind in speakers.items()}
    quote = QuoteFactory(speaker_person=None, **fields)
    quote.full_clean()
    assert quote.speaker == next(iter(fields.values()))


def test_the_database_refuses_a_quote_with_two_speakers():
    person, organization = PersonFactory(), OrganizationFactory()
    refused_by_database(
        lambda: Quote.objects.create(
            text="We will not be silenced.",
            speaker_person=person,
            speaker_organization=organization,
        )
    )


def test_the_database_refuses_a_quote_without_a_speaker():
    refused_by_database(lambda: Quote.objects.create(text="We will not be silenced."))


def test_the_database_refuses_giving_a_quote_a_second_speaker():
    quote = QuoteFactory()
    work = SourceFactory()
    refused_by_database(lambda: Quote.objects.filter(pk=quote.pk).update(speaker_work=work))


def test_the_database_refuses_removing_a_quotes_speaker():
    quote = QuoteFactory()
    refused_by_database(lambda: Quote.objects.filter(pk=quote.pk).update(speaker_person=None))


@pytest.mark.parametrize("words", ["   ", "\n\t ", "\u00a0\u2003"])
def test_a_quotation_of_white_space_is_refused(words):
    quote = QuoteFactory(text="placeholder")
    quote.text = words
    assert validation_errors(quote) == {
        "text": ["A quotation needs its words; white space alone is not a quotation."]
    }


def test_an_empty_quotation_is_refused():
    quote = QuoteFactory(text="placeholder")
    quote.text = ""
    errors = validation_errors(quote)
    assert list(errors) == ["text"]
    assert "A quotation needs its words; white space alone is not a quotation." in errors["text"]


@pytest.mark.parametrize("words", ["", "   ", "\n\t "])
def test_the_database_refuses_an_empty_quotation(words):
    speaker = PersonFactory()
    refused_by_database(lambda: Quote.objects.create(text=words, speaker_person=speaker))


def test_a_translation_without_its_language_is_refused():
    quote = QuoteFactory(text="Mutlu yaşıyorlar.", language="tr")
    quote.translation = "They live happily."
    assert validation_errors(quote) == {
        "translation_language": ["Say what language the translation is in."]
    }


# Identifiers an editor types: URLs, language tags, Wikidata QIDs.


@pytest.mark.parametrize(
    "url", ["not a url", "www.example.org/story", "javascript:alert(1)", "http://"]
)
def test_an_invalid_source_url_is_refused(url):
    source = SourceFactory()
    source.url = url
    assert validation_errors(source) == {"url": ["Enter a valid URL."]}


def test_an_invalid_archive_url_is_refused():
    source = SourceFactory()
    source.archive_url = "archive.org/web/2021"
    assert validation_errors(source) == {"archive_url": ["Enter a valid URL."]}


@pytest.mark.parametrize("qid", ["Q0", "q42", "42", "Q42x", "Q 42", "Q042"])
def test_an_invalid_wikidata_qid_is_refused(qid):
    person = PersonFactory()
    person.wikidata_qid = qid
    assert validation_errors(person) == {
        "wikidata_qid": ["Enter a Wikidata item identifier: Q followed by digits, such as Q39259."]
    }


@pytest.mark.parametrize(
    ("record", "field", "value"),
    [("person", "wikidata_qid", "Q42\n"), ("source", "language", "en\n")],
)
def test_an_identifier_with_a_trailing_newline_is_refused(record, field, value):
    instance = {"person": PersonFactory, "source": SourceFactory}[record]()
    setattr(instance, field, value)
    assert field in validation_errors(instance)


@pytest.mark.parametrize("qid", ["Q42", "Q39259", ""])
def test_a_valid_wikidata_qid_or_none_is_accepted(qid):
    organization = OrganizationFactory(wikidata_qid=qid)
    organization.full_clean()


@pytest.mark.parametrize("language", ["English", "EN", "en_GB", "e", "en-", "ar-x-a_b"])
def test_an_invalid_language_tag_is_refused(language):
    quote = QuoteFactory()
    quote.language = language
    assert validation_errors(quote) == {
        "language": ["Enter a language tag such as en, ar, tr or zh-Hant (BCP 47)."]
    }


@pytest.mark.parametrize("language", ["en", "ar", "tr", "zh-Hant", "ug-Arab", "en-GB"])
def test_a_valid_language_tag_is_accepted(language):
    source = SourceFactory(language=language)
    source.full_clean()


def test_a_snapshot_with_nul_characters_is_refused():
    source = SourceFactory()
    source.text = "before\x00after"
    assert validation_errors(source) == {
        "text": ["The snapshot contains NUL characters; remove them before saving."]
    }


def test_the_database_refuses_a_snapshot_without_its_hash():
    source = SourceFactory(text="Some text.")
    refused_by_database(lambda: Source.objects.filter(pk=source.pk).update(text_sha256=""))


# Wikidata QIDs are unique.


def test_a_second_person_with_the_same_qid_is_refused():
    PersonFactory(wikidata_qid="Q39259")
    duplicate = PersonFactory.build(wikidata_qid="Q39259")
    assert validation_errors(duplicate) == {
        "__all__": ["Another record already has this Wikidata QID."]
    }


def test_the_database_refuses_a_second_record_with_the_same_qid():
    PersonFactory(wikidata_qid="Q39259")
    refused_by_database(lambda: Person.objects.create(name="Someone Else", wikidata_qid="Q39259"))
    OrganizationFactory(wikidata_qid="Q1339")
    refused_by_database(
        lambda: Organization.objects.create(name="Another Body", wikidata_qid="Q1339")
    )


def test_records_without_a_qid_do_not_clash():
    PersonFactory(wikidata_qid="")
    PersonFactory(wikidata_qid="")
    assert Person.objects.filter(wikidata_qid="").count() == 2


# Aliases: one entity each, and never a name that already points at another record.


def test_an_alias_that_is_another_persons_name_is_refused():
    PersonFactory(name="Erdogan")
    second = PersonFactory(name="Recep Tayyip Erdoğan")
    alias = Alias(person=second, name="Erdogan")
    assert validation_errors(alias) == {
        "name": [
            "“Erdogan” already names Erdogan; an alias must not point at two records. "
            "Merge them, or record it as a contextual reference."
        ]
    }


def test_an_alias_that_folds_to_another_entitys_name_is_refused():
    OrganizationFactory(name="World Uyghur Congress")
    person = PersonFactory(name="Dilxat Raxit")
    alias = Alias(person=person, name="world UIGHUR congress")
    errors = validation_errors(alias)
    assert errors["name"][0].startswith("“world UIGHUR congress” already names World Uyghur")


def test_an_alias_that_folds_to_another_entitys_alias_is_refused():
    congress = OrganizationFactory(name="World Uyghur Congress")
    AliasFactory(person=None, organization=congress, name="Uyghur Congress")
    other = OrganizationFactory(name="Uyghur Congress of Europe")
    alias = Alias(organization=other, name="Uighur Congress")
    assert validation_errors(alias) == {
        "name": [
            "“Uighur Congress” already names World Uyghur Congress; an alias must not point at "
            "two records. Merge them, or record it as a contextual reference."
        ]
    }


def test_a_name_that_is_another_entitys_alias_is_refused():
    erdogan = PersonFactory(name="Recep Tayyip Erdoğan")
    AliasFactory(person=erdogan, name="Erdogan")
    newcomer = PersonFactory.build(name="ERDOĞAN")
    assert validation_errors(newcomer) == {
        "name": [
            "“ERDOĞAN” is already an alias of Recep Tayyip Erdoğan; merge the records or pick "
            "a distinguishing name."
        ]
    }


def test_an_alias_of_the_entitys_own_name_is_accepted():
    erdogan = PersonFactory(name="Recep Tayyip Erdoğan")
    Alias(person=erdogan, name="Recep Tayyip Erdogan").full_clean()


def test_the_same_alias_twice_on_one_entity_is_refused():
    erdogan = PersonFactory(name="Recep Tayyip Erdoğan")
    AliasFactory(person=erdogan, name="Erdogan")
    duplicate = Alias(person=erdogan, name="ERDOĞAN")
    assert validation_errors(duplicate) == {
        "name": ["Recep Tayyip Erdoğan already has this alias, written “Erdogan”."]
    }


def test_the_same_contextual_reference_twice_on_one_entity_is_refused():
    court = OrganizationFactory(name="International Criminal Court")
    AliasFactory(person=None, organization=court, name="the Court", kind=AliasKind.REFERENCE)
    duplicate = Alias(organization=court, name="the court", kind=AliasKind.REFERENCE)
    assert validation_errors(duplicate) == {
        "name": ["International Criminal Court already has this alias, written “the Court”."]
    }


def test_an_alias_edited_in_place_does_not_clash_with_itself():
    erdogan = PersonFactory(name="Recep Tayyip Erdoğan")
    alias = AliasFactory(person=erdogan, name="Erdogan")
    alias.note = "Spelling used by AFP."
    alias.full_clean()


def test_contextual_references_may_repeat_across_entities():
    for name in ("International Criminal Court", "European Court of Human Rights"):
        court = OrganizationFactory(name=name)
        reference = Alias(organization=court, name="the court", kind=AliasKind.REFERENCE)
        reference.full_clean()
        reference.save()
    assert Alias.objects.filter(name="the court").count() == 2


@pytest.mark.parametrize("entities", ["both", "neither"])
def test_an_alias_naming_both_or_neither_entity_is_refused(entities):
    alias = Alias(name="Erdogan")
    if entities == "both":
        alias.person, alias.organization = PersonFactory(), OrganizationFactory()
    errors = validation_errors(alias)
    assert "An alias names either a person or an organization." in errors["__all__"]


@pytest.mark.parametrize("entities", ["both", "neither"])
def test_the_database_refuses_an_alias_of_both_or_neither_entity(entities):
    fields = {}
    if entities == "both":
        fields = {"person": PersonFactory(), "organization": OrganizationFactory()}
    refused_by_database(lambda: Alias.objects.create(name="Erdogan", **fields))


def test_a_blank_alias_is_refused():
    alias = Alias(person=PersonFactory(), name="  ")
    assert validation_errors(alias) == {"name": ["An alias needs a name."]}


# Affiliations and organizations.


def test_an_affiliation_ending_before_it_starts_is_refused():
    affiliation = AffiliationFactory.build(
        person=PersonFactory(),
        organization=OrganizationFactory(),
        started_on=datetime.date(2019, 1, 1),
        started_on_precision="year",
        ended_on=datetime.date(2017, 1, 1),
        ended_on_precision="year",
    )
    assert validation_errors(affiliation) == {
        "__all__": ["An affiliation cannot end before it starts."]
    }


def test_the_database_refuses_an_affiliation_ending_before_it_starts():
    affiliation = AffiliationFactory(
        started_on=datetime.date(2019, 1, 1), started_on_precision="year"
    )
    refused_by_database(
        lambda: Affiliation.objects.filter(pk=affiliation.pk).update(
            ended_on=datetime.date(2017, 1, 1), ended_on_precision="year"
        )
    )


def test_an_affiliation_ending_in_a_coarser_period_that_holds_its_start_is_accepted():
    affiliation = AffiliationFactory.build(
        person=PersonFactory(),
        organization=OrganizationFactory(),
        started_on=datetime.date(2019, 5, 1),
        started_on_precision="month",
        ended_on=datetime.date(2019, 1, 1),
        ended_on_precision="year",
    )
    affiliation.full_clean()
    affiliation.save()
    assert str(affiliation.ended) == "2019"


def test_an_organization_that_would_be_its_own_ancestor_is_refused():
    court = OrganizationFactory(name="International Criminal Court")
    office = OrganizationFactory(name="Office of the Prosecutor", parent=court)
    court.parent = office
    assert validation_errors(court) == {
        "parent": ["This parent would make a loop of organizations."]
    }


def test_the_database_refuses_an_organization_that_is_its_own_parent():
    court = OrganizationFactory()
    refused_by_database(lambda: Organization.objects.filter(pk=court.pk).update(parent=court))


# What sources cite and relay.


def test_a_source_citing_itself_is_refused():
    source = SourceFactory()
    citation = Citation(citing=source, cited=source, as_printed="(this article)")
    assert validation_errors(citation) == {"cited": ["A source cannot cite itself."]}


def test_the_database_refuses_a_source_citing_itself():
    source = SourceFactory()
    refused_by_database(lambda: Citation.objects.create(citing=source, cited=source))


def test_an_appearance_relayed_via_its_own_source_is_refused():
    source = SourceFactory(text="")
    appearance = Appearance(
        quote=QuoteFactory(), source=source, via=source, text_as_printed="genocide"
    )
    assert validation_errors(appearance) == {"via": ["A source cannot be its own intermediary."]}


def test_the_database_refuses_an_appearance_relayed_via_its_own_source():
    source, quote = SourceFactory(text=""), QuoteFactory()
    refused_by_database(
        lambda: Appearance.objects.create(
            quote=quote, source=source, via=source, text_as_printed="genocide"
        )
    )


def test_the_database_refuses_a_claim_appearance_relayed_via_its_own_source():
    source, claim = SourceFactory(text=""), ClaimFactory()
    refused_by_database(
        lambda: ClaimAppearance.objects.create(
            claim=claim, source=source, via=source, text_as_printed="about 50,000 Uyghurs"
        )
    )


def test_an_appearance_without_printed_words_is_refused():
    appearance = Appearance(quote=QuoteFactory(), source=SourceFactory(), text_as_printed=" \n")
    assert validation_errors(appearance) == {
        "text_as_printed": ["Give the words as the source printed them."]
    }


@pytest.mark.django_db
def test_validating_records_without_dates_checks_every_constraint_without_database_errors(caplog):
    # Django validates a constraint by putting the record's values into its condition; on
    # PostgreSQL an untyped NULL date made EXTRACT ambiguous and the check was silently skipped.
    records = [
        QuoteFactory(said_on=None, said_on_precision=""),
        SourceFactory(published_on=None, published_on_precision=""),
        AffiliationFactory(),
        EventFactory(),
    ]

    with caplog.at_level("WARNING", logger="django.db.models"):
        for record in records:
            record.full_clean()

    warnings = [entry for entry in caplog.records if entry.levelno >= logging.WARNING]
    assert [entry.getMessage() for entry in warnings] == []
