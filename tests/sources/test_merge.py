"""Merging duplicate people and organizations: every relation moves, nothing is lost."""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from simple_history.models import HistoricalChanges

from newsroom.models import Correction, Review
from newsroom.roles import ROLE_GROUPS
from newsroom.workflow import Action, NotPermitted, ReviewState, StaleRecord
from sources.models import Alias, AliasKind, Organization, Outlet, Person, Quote
from sources.services import MergeRefused, organization_merge, person_merge
from tests.factories import (
    AffiliationFactory,
    AliasFactory,
    AppearanceFactory,
    OrganizationFactory,
    OutletFactory,
    ParticipantFactory,
    PersonFactory,
    QuoteFactory,
    UserFactory,
)
from timeline.models import Participant


def _member(role: str):
    """A user whose permissions are those of one role group (the groups come from a migration)."""
    user = UserFactory(username=f"merge-{role}")
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return user


@pytest.fixture
def editor(db):
    return _member("editor")


def _review(record, user) -> Review:
    return Review.objects.create(
        record=record,
        action=Action.VERIFY,
        from_state=ReviewState.IN_REVIEW,
        to_state=ReviewState.VERIFIED,
        user=user,
    )


def _correction(record, user) -> Correction:
    return Correction.objects.create(
        record=record, what_was_wrong="The age.", what_changed="Corrected it.", created_by=user
    )


# One way to make a row that points at an entity, for every relation a merge must move. A
# relation added to Person or Organization fails test_every_relation_has_a_row_here until it is
# added, and then test_a_merge_moves_every_relation checks that the merge moves it.
RELATION_ROWS = {
    Person: {
        "sources.Quote.speaker_person": lambda entity, user: QuoteFactory(speaker_person=entity),
        "sources.Alias.person": lambda entity, user: AliasFactory(person=entity),
        "sources.Affiliation.person": lambda entity, user: AffiliationFactory(person=entity),
        "timeline.Participant.person": lambda entity, user: ParticipantFactory(person=entity),
        "newsroom.Review.record": _review,
        "newsroom.Correction.record": _correction,
    },
    Organization: {
        "sources.Quote.speaker_organization": lambda entity, user: QuoteFactory(
            speaker_person=None, speaker_organization=entity
        ),
        "sources.Alias.organization": lambda entity, user: AliasFactory(
            person=None, organization=entity
        ),
        "sources.Affiliation.organization": lambda entity, user: AffiliationFactory(
            organization=entity
        ),
        "timeline.Participant.organization": lambda entity, user: ParticipantFactory(
            person=None, organization=entity
        ),
        "sources.Outlet.organization": lambda entity, user: OutletFactory(organization=entity),
        "sources.Organization.parent": lambda entity, user: OrganizationFactory(parent=entity),
        "newsroom.Review.record": _review,
        "newsroom.Correction.record": _correction,
    },
}
MERGE = {Person: person_merge, Organization: organization_merge}
FACTORY = {Person: PersonFactory, Organization: OrganizationFactory}


def _relations(model) -> dict[str, tuple]:
    """Every way a record can point at a `model` record: label -> (kind, model, field)."""
    found = {
        f"{relation.related_model._meta.label}.{relation.field.name}": (
            "reverse",
            relation.related_model,
            relation.field.name,
        )
        for relation in model._meta.related_objects
        if not issubclass(relation.related_model, HistoricalChanges)
    }
    for m2m in model._meta.many_to_many:
        found[f"{model._meta.label}.{m2m.name}"] = ("many-to-many", model, m2m)
    for other in apps.get_models():
        if issubclass(other, HistoricalChanges):
            continue
        for field in other._meta.private_fields:
            if isinstance(field, GenericForeignKey):
                found[f"{other._meta.label}.{field.name}"] = ("generic", other, field)
    return found


def _pointing_at(relation: tuple, entity) -> list:
    """The ids of the rows linked to `entity` by the relation."""
    kind, model, field = relation
    if kind == "generic":
        content_type = ContentType.objects.get_for_model(entity)
        rows = model.objects.filter(**{field.ct_field: content_type, field.fk_field: entity.pk})
        ids = rows.values_list("pk", flat=True)
    elif kind == "many-to-many":
        links = field.remote_field.through.objects.filter(**{field.m2m_field_name(): entity.pk})
        ids = links.values_list(field.m2m_reverse_field_name(), flat=True)
    else:
        ids = model.objects.filter(**{field: entity.pk}).values_list("pk", flat=True)
    return sorted(ids, key=str)


@pytest.mark.parametrize("model", [Person, Organization], ids=lambda model: model.__name__)
def test_every_relation_has_a_row_here(model):
    assert set(_relations(model)) == set(RELATION_ROWS[model]), (
        "A relation to this model was added or removed: give RELATION_ROWS a row for it, and "
        "make sure sources/services.py merges it sensibly (unique constraints, duplicates)."
    )


@pytest.mark.parametrize("model", [Person, Organization], ids=lambda model: model.__name__)
def test_a_merge_moves_every_relation(editor, model):
    keep, duplicate = FACTORY[model](), FACTORY[model]()
    rows = {label: make(duplicate, editor).pk for label, make in RELATION_ROWS[model].items()}

    MERGE[model](keep=keep, duplicates=[duplicate], user=editor)

    assert not model.objects.filter(pk=duplicate.pk).exists()
    for label, relation in _relations(model).items():
        assert _pointing_at(relation, duplicate) == [], label
        assert rows[label] in _pointing_at(relation, keep), label


def test_a_person_merge_moves_quotes_aliases_affiliations_and_participations(editor):
    keep = PersonFactory(name="Recep Tayyip Erdoğan")
    duplicate = PersonFactory(name="R. T. Erdogan")
    quote = QuoteFactory(speaker_person=duplicate)
    alias = AliasFactory(person=duplicate, name="Tayyip")
    affiliation = AffiliationFactory(person=duplicate)
    participation = ParticipantFactory(person=duplicate)

    merged = person_merge(keep=keep, duplicates=[duplicate], user=editor)

    assert merged == keep
    assert Quote.objects.get(pk=quote.pk).speaker_person == keep
    assert Alias.objects.get(pk=alias.pk).person == keep
    assert keep.affiliations.get() == affiliation
    assert Participant.objects.get(pk=participation.pk).person == keep


def test_an_organization_merge_moves_outlets_children_and_everything_else(editor):
    keep = OrganizationFactory(name="International Criminal Court")
    duplicate = OrganizationFactory(name="ICC")
    quote = QuoteFactory(speaker_person=None, speaker_organization=duplicate)
    alias = AliasFactory(person=None, organization=duplicate, name="Cour pénale internationale")
    affiliation = AffiliationFactory(organization=duplicate)
    participation = ParticipantFactory(person=None, organization=duplicate)
    outlet = OutletFactory(organization=duplicate)
    child = OrganizationFactory(name="Office of the Prosecutor", parent=duplicate)

    organization_merge(keep=keep, duplicates=[duplicate], user=editor)

    assert Quote.objects.get(pk=quote.pk).speaker_organization == keep
    assert Alias.objects.get(pk=alias.pk).organization == keep
    assert keep.affiliations.get() == affiliation
    assert Participant.objects.get(pk=participation.pk).organization == keep
    assert Outlet.objects.get(pk=outlet.pk).organization == keep
    assert Organization.objects.get(pk=child.pk).parent == keep


def test_a_merged_quote_keeps_its_appearances(editor):
    keep, duplicate = PersonFactory(), PersonFactory()
    appearance = AppearanceFactory(quote=QuoteFactory(speaker_person=duplicate))

    person_merge(keep=keep, duplicates=[duplicate], user=editor)

    assert keep.quotes.get().appearances.get() == appearance


def test_a_merge_keeps_the_duplicate_names_as_aliases(editor):
    keep = PersonFactory(name="Dilxat Raxit")
    first, second = PersonFactory(name="Dilshat Rashit"), PersonFactory(name="D. Raxit")

    person_merge(keep=keep, duplicates=[first, second], user=editor)

    aliases = {(alias.name, alias.kind, alias.note) for alias in keep.aliases.all()}
    assert aliases == {
        ("Dilshat Rashit", AliasKind.VARIANT, "merged from Dilshat Rashit"),
        ("D. Raxit", AliasKind.VARIANT, "merged from D. Raxit"),
    }
    assert Person.objects.matching("Dilshat Rashit").get() == keep


def test_a_merge_adds_no_alias_that_folds_like_one_the_record_already_has(editor):
    keep = PersonFactory(name="Recep Tayyip Erdoğan")
    AliasFactory(person=keep, name="Erdogan")
    same_name = PersonFactory(name="RECEP TAYYIP ERDOGAN")
    duplicate = PersonFactory(name="Tayyip")
    AliasFactory(person=duplicate, name="ERDOĞAN")  # keep has it, spelled otherwise
    AliasFactory(person=duplicate, name="Reis")

    person_merge(keep=keep, duplicates=[same_name, duplicate], user=editor)

    assert sorted(keep.aliases.values_list("name", flat=True)) == ["Erdogan", "Reis", "Tayyip"]


def test_a_merge_moves_the_wikidata_qid_to_a_record_without_one(editor):
    keep, duplicate = PersonFactory(), PersonFactory(wikidata_qid="Q39259")

    person_merge(keep=keep, duplicates=[duplicate], user=editor)

    keep.refresh_from_db()
    assert keep.wikidata_qid == "Q39259"


def test_a_merge_of_records_with_different_qids_is_refused(editor):
    keep = PersonFactory(wikidata_qid="Q39259")
    duplicate = PersonFactory(wikidata_qid="Q1")

    with pytest.raises(MergeRefused, match="different Wikidata QIDs"):
        person_merge(keep=keep, duplicates=[duplicate], user=editor)

    assert Person.objects.filter(pk=duplicate.pk).exists()


def test_a_merge_is_recorded_in_the_history_of_every_record_it_touches(editor):
    keep = PersonFactory(name="Recep Tayyip Erdoğan")
    duplicate = PersonFactory(name="R. T. Erdogan")
    quote = QuoteFactory(speaker_person=duplicate)

    person_merge(keep=keep, duplicates=[duplicate], user=editor)

    kept = keep.history.first()
    assert (kept.history_change_reason, kept.history_user) == ("merged R. T. Erdogan", editor)
    deleted = Person.history.filter(id=duplicate.pk).first()
    assert deleted.history_type == "-"
    assert deleted.history_change_reason == f"merged into Recep Tayyip Erdoğan ({keep.pk})"
    assert deleted.history_user == editor
    repointed = quote.history.first()
    assert repointed.history_user == editor
    assert repointed.history_change_reason.startswith("R. T. Erdogan merged into")
    assert repointed.speaker_person_id == keep.pk


def test_a_merge_of_long_names_keeps_the_whole_reason_in_the_history(editor):
    keep = OrganizationFactory(name="Office of the " + "Very " * 33 + "High Commissioner")
    duplicate = OrganizationFactory(name="Bureau of the " + "Very " * 33 + "High Commissioner")
    QuoteFactory(speaker_person=None, speaker_organization=duplicate)

    organization_merge(keep=keep, duplicates=[duplicate], user=editor)

    deleted = Organization.history.filter(id=duplicate.pk).first()
    assert deleted.history_change_reason == f"merged into {keep} ({keep.pk})"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("contributor", False),
        ("factchecker", False),
        ("editor", True),
        ("admin", True),
    ],
)
def test_only_roles_granted_merge_records_may_merge(db, role, allowed):
    user = AnonymousUser() if role == "anonymous" else _member(role)
    keep, duplicate = PersonFactory(), PersonFactory()

    if allowed:
        person_merge(keep=keep, duplicates=[duplicate], user=user)
    else:
        with pytest.raises(NotPermitted, match="does not allow merging people"):
            person_merge(keep=keep, duplicates=[duplicate], user=user)

    assert Person.objects.filter(pk=duplicate.pk).exists() is not allowed


def test_a_contributor_cannot_merge_organizations(db):
    keep, duplicate = OrganizationFactory(), OrganizationFactory()

    with pytest.raises(NotPermitted):
        organization_merge(keep=keep, duplicates=[duplicate], user=_member("contributor"))

    assert Organization.objects.filter(pk=duplicate.pk).exists()


def test_a_record_cannot_be_merged_into_itself(editor):
    person = PersonFactory()

    with pytest.raises(MergeRefused, match="cannot be merged into itself"):
        person_merge(keep=person, duplicates=[person], user=editor)


def test_a_merge_needs_a_duplicate(editor):
    with pytest.raises(MergeRefused, match="at least one duplicate"):
        person_merge(keep=PersonFactory(), duplicates=[], user=editor)


def test_an_organization_cannot_be_merged_into_one_of_its_parts(editor):
    court = OrganizationFactory(name="International Criminal Court")
    office = OrganizationFactory(name="Office of the Prosecutor", parent=court)
    unit = OrganizationFactory(name="Investigations Division", parent=office)

    with pytest.raises(MergeRefused, match="would become its own parent"):
        organization_merge(keep=unit, duplicates=[court], user=editor)

    assert Organization.objects.get(pk=office.pk).parent == court


def test_a_part_merged_into_its_parent_leaves_no_loop(editor):
    court = OrganizationFactory(name="International Criminal Court")
    office = OrganizationFactory(name="ICC Office", parent=court)
    unit = OrganizationFactory(name="Investigations Division", parent=office)

    organization_merge(keep=court, duplicates=[office], user=editor)

    assert Organization.objects.get(pk=unit.pk).parent == court
    assert Organization.objects.get(pk=court.pk).parent is None


def test_a_merge_from_an_outdated_copy_changes_nothing(editor):
    keep, duplicate = PersonFactory(), PersonFactory()
    quote = QuoteFactory(speaker_person=duplicate)
    Person.objects.filter(pk=keep.pk).update(version=keep.version + 1)  # someone saved it since

    with pytest.raises(StaleRecord):
        person_merge(keep=keep, duplicates=[duplicate], user=editor)

    assert Quote.objects.get(pk=quote.pk).speaker_person_id == duplicate.pk
    assert Person.objects.filter(pk=duplicate.pk).exists()
