"""Name folding, and finding people and organizations by any of their names."""

import pytest

from sources.models import AliasKind, Organization, Person
from sources.names import fold
from tests.factories import AliasFactory, OrganizationFactory, PersonFactory


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("The Uighur World-Congress", "uyghur world congress"),
        ("ERDOĞAN", "erdogan"),
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
        ("İstanbul", "istanbul"),
        ("National People’s Congress", "national peoples congress"),
        ("  World   Uyghur\nCongress ", "world uyghur congress"),
        ("Peking", "beijing"),
    ],
)
def test_fold_gives_the_matching_form_of_a_name(name, folded):
    assert fold(name) == folded


def test_curly_and_straight_apostrophes_fold_alike():
    assert fold("National People’s Congress") == fold("National People's Congress")


def test_variant_spellings_fold_alike_only_as_whole_words():
    assert fold("Uighur") == fold("Uyghur") == fold("Uygur") == "uyghur"
    assert fold("Uighurstan") == "uighurstan"


@pytest.mark.parametrize("name", ["", "   ", "…", "--", None])
def test_a_name_of_no_letters_folds_to_nothing(name):
    assert fold(name) == ""


@pytest.fixture
def world_uyghur_congress(db):
    congress = OrganizationFactory(name="World Uyghur Congress")
    AliasFactory(
        person=None,
        organization=congress,
        name="Uyghur World Congress",
        kind=AliasKind.MISNOMER,
    )
    return congress


@pytest.fixture
def erdogan(db):
    person = PersonFactory(name="Recep Tayyip Erdoğan")
    AliasFactory(person=person, name="Erdogan", kind=AliasKind.VARIANT)
    return person


def test_a_wrong_name_recorded_as_an_alias_finds_the_organization(world_uyghur_congress):
    assert list(Organization.objects.matching("Uyghur World Congress")) == [world_uyghur_congress]


def test_a_variant_spelling_of_an_alias_finds_the_organization(world_uyghur_congress):
    assert list(Organization.objects.matching("Uighur World Congress")) == [world_uyghur_congress]


@pytest.mark.parametrize("name", ["World Uyghur Congress", "the World Uighur Congress"])
def test_the_canonical_name_finds_the_organization(world_uyghur_congress, name):
    assert list(Organization.objects.matching(name)) == [world_uyghur_congress]


@pytest.mark.parametrize("name", ["Erdogan", "ERDOĞAN", "erdoğan", "Recep Tayyip Erdogan"])
def test_spellings_of_a_name_find_the_person(erdogan, name):
    assert list(Person.objects.matching(name)) == [erdogan]


def test_a_person_found_by_name_and_alias_is_listed_once(db):
    person = PersonFactory(name="Erdoğan")
    AliasFactory(person=person, name="Erdogan")
    assert list(Person.objects.matching("ERDOGAN")) == [person]


def test_curly_apostrophe_finds_a_name_written_with_a_straight_one(db):
    congress = OrganizationFactory(name="National People's Congress")
    assert list(Organization.objects.matching("National People’s Congress")) == [congress]


def test_a_contextual_reference_is_not_used_for_matching(db):
    court = OrganizationFactory(name="International Criminal Court")
    AliasFactory(person=None, organization=court, name="the court", kind=AliasKind.REFERENCE)
    assert list(Organization.objects.matching("the court")) == []
    assert list(Organization.objects.matching("court")) == []


def test_a_contextual_reference_does_not_hide_the_other_aliases(world_uyghur_congress):
    AliasFactory(
        person=None,
        organization=world_uyghur_congress,
        name="the congress",
        kind=AliasKind.REFERENCE,
    )
    assert list(Organization.objects.matching("Uyghur World Congress")) == [world_uyghur_congress]


def test_people_and_organizations_are_matched_apart(erdogan, world_uyghur_congress):
    assert list(Organization.objects.matching("Erdogan")) == []
    assert list(Person.objects.matching("Uyghur World Congress")) == []


def test_an_unknown_name_finds_nothing(erdogan, world_uyghur_congress):
    assert list(Person.objects.matching("Xi Jinping")) == []
    assert list(Organization.objects.matching("Uyghur Congress")) == []


@pytest.mark.parametrize("name", ["", "   ", "…"])
def test_an_empty_name_finds_nothing(erdogan, world_uyghur_congress, name):
    assert list(Person.objects.matching(name)) == []
    assert list(Organization.objects.matching(name)) == []


def test_matching_chains_with_the_published_filter(erdogan):
    erdogan.state = "draft"
    erdogan.save()
    assert list(Person.objects.matching("Erdogan")) == [erdogan]
    assert list(Person.objects.published().matching("Erdogan")) == []
