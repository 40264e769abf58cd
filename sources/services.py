"""Services for writes that touch many records at once: merging duplicate people and organizations.

A merge moves everything that points at the duplicates to the record kept: quotes, aliases,
affiliations, participations, outlets, child organizations, reviews and corrections, and any
relation added later, since the relations are found through the models' metadata rather than
listed here. Each duplicate's name stays findable as an alias of the record kept, and every
record touched gets a history row saying who merged what into what.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from simple_history.models import HistoricalChanges

from newsroom.workflow import NotPermitted, WorkflowError, record_edit
from sources.models import Alias, AliasKind, Organization, Person
from sources.names import fold

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser, AnonymousUser

Entity = TypeVar("Entity", Person, Organization)


class MergeRefused(WorkflowError):
    """A merge that cannot be done as asked; nothing was changed."""

    code = "merge_refused"


@transaction.atomic
def person_merge(
    *, keep: Person, duplicates: Sequence[Person], user: "AbstractUser | AnonymousUser"
) -> Person:
    """Merge duplicate records of one person into `keep`, and delete the duplicates."""
    return _entity_merge(keep=keep, duplicates=duplicates, user=user)


@transaction.atomic
def organization_merge(
    *,
    keep: Organization,
    duplicates: Sequence[Organization],
    user: "AbstractUser | AnonymousUser",
) -> Organization:
    """Merge duplicate records of one organization into `keep`, and delete the duplicates.

    Refuses to merge an organization into one of its own parts: the part would become its own
    parent.
    """
    _check_permission(user, Organization)
    _refuse_parent_loop(keep, duplicates)
    return _entity_merge(keep=keep, duplicates=duplicates, user=user)


def _entity_merge(
    *, keep: Entity, duplicates: Sequence[Entity], user: "AbstractUser | AnonymousUser"
) -> Entity:
    model = type(keep)
    _check_permission(user, model)
    duplicate_ids = _duplicate_ids(keep, duplicates)
    qids = {keep.wikidata_qid} | {duplicate.wikidata_qid for duplicate in duplicates}
    if len(qids - {""}) > 1:
        raise MergeRefused(
            f"These records have different Wikidata QIDs ({', '.join(sorted(qids - {''}))}), "
            "so Wikidata holds them to be different. Clear the wrong QID before merging."
        )
    names, changed = [], []
    taken = {keep.name_folded, *keep.aliases.values_list("name_folded", flat=True)}
    for pk in duplicate_ids:
        # Read afresh and locked: moving an earlier duplicate's children may have changed it.
        duplicate = model._base_manager.select_for_update().filter(pk=pk).first()
        if duplicate is None:
            raise MergeRefused(f"A {model._meta.verbose_name} to merge no longer exists: {pk}.")
        moved = f"{duplicate} merged into {keep} ({keep.pk})"
        _move_aliases(duplicate, keep, taken, user=user, reason=moved)
        _repoint(duplicate, keep, user=user, reason=moved)
        if duplicate.wikidata_qid and not keep.wikidata_qid:
            # The QID is unique: the duplicate lets go of it before the kept record takes it.
            keep.wikidata_qid, duplicate.wikidata_qid = duplicate.wikidata_qid, ""
            _save(duplicate, user=user, reason=moved, update_fields=["wikidata_qid"])
            changed.append("wikidata_qid")
        duplicate._history_user = user
        duplicate._change_reason = f"merged into {keep} ({keep.pk})"
        duplicate.delete()
        names.append(duplicate.name)
    for name in names:
        if fold(name) not in taken:
            _keep_name_as_alias(keep, name)
            taken.add(fold(name))
    return record_edit(keep, user=user, changed=changed, reason=f"merged {', '.join(names)}")


def _check_permission(user, model: type[models.Model]) -> None:
    change = f"{model._meta.app_label}.change_{model._meta.model_name}"
    if not (user is not None and user.has_perm("newsroom.merge_records") and user.has_perm(change)):
        who = user.get_username() if user is not None and user.is_authenticated else ""
        raise NotPermitted(
            f"{who or 'An anonymous user'}'s role does not allow merging "
            f"{model._meta.verbose_name_plural}."
        )


def _duplicate_ids(keep: models.Model, duplicates: Sequence[models.Model]) -> list:
    """The duplicates' ids, each once, after checking they can be merged into `keep`."""
    model = type(keep)
    if keep._state.adding or keep.pk is None:
        raise MergeRefused(f"Save the {model._meta.verbose_name} to keep before merging into it.")
    if not duplicates:
        raise MergeRefused(f"Choose at least one duplicate to merge into {keep}.")
    ids = []
    for duplicate in duplicates:
        if type(duplicate) is not model:
            raise MergeRefused(
                f"Only {model._meta.verbose_name_plural} can be merged into {keep}, "
                f"not “{duplicate}”."
            )
        if duplicate.pk == keep.pk:
            raise MergeRefused(f"{keep} cannot be merged into itself.")
        if duplicate.pk not in ids:
            ids.append(duplicate.pk)
    return ids


def _refuse_parent_loop(keep: Organization, duplicates: Sequence[Organization]) -> None:
    """Refuse when a duplicate is among the kept organization's parents (the database's)."""
    by_id = {duplicate.pk: duplicate for duplicate in duplicates}
    parent_id = Organization._base_manager.filter(pk=keep.pk).values_list("parent", flat=True)
    parent_id, seen = parent_id.first(), set()
    while parent_id is not None and parent_id not in seen:
        if parent_id in by_id:
            ancestor = by_id[parent_id]
            raise MergeRefused(
                f"{keep} is part of {ancestor}: merged into it, {ancestor} would become its "
                f"own parent. Merge {keep} into {ancestor} instead, or first move {keep} out."
            )
        seen.add(parent_id)
        parent_id = (
            Organization._base_manager.filter(pk=parent_id).values_list("parent", flat=True)
        ).first()


def _move_aliases(duplicate: Entity, keep: Entity, taken: set[str], *, user, reason: str) -> None:
    """Give the duplicate's aliases to `keep`, dropping those it already has (folded alike)."""
    field = Alias._meta.get_field(type(keep)._meta.model_name).name
    for alias in Alias._base_manager.select_for_update().filter(**{field: duplicate}):
        folded = fold(alias.name)
        alias._history_user = user
        if folded in taken:
            alias._change_reason = f"dropped in a merge: already an alias of {keep} ({keep.pk})"
            alias.delete()
            continue
        setattr(alias, field, keep)
        _save(alias, user=user, reason=reason, update_fields=[field])
        taken.add(folded)


def _repoint(duplicate: Entity, keep: Entity, *, user, reason: str) -> None:
    """Point every other relation at `keep` instead of the duplicate, with a history row each."""
    model = type(keep)
    for relation in model._meta.related_objects:
        related = relation.related_model
        if related is Alias or _is_historical(related):
            continue
        if relation.many_to_many:
            _repoint_many_to_many(relation.field, duplicate, keep, target_side=True)
            continue
        name = relation.field.name
        if (
            relation.one_to_one
            and related._base_manager.filter(**{name: keep}).exists()
            and related._base_manager.filter(**{name: duplicate}).exists()
        ):
            raise MergeRefused(
                f"{keep} and {duplicate} both have a {related._meta.verbose_name}; only one "
                "can be kept. Remove one of them before merging."
            )
        for row in related._base_manager.select_for_update().filter(**{name: duplicate}):
            setattr(row, name, keep)
            _save(row, user=user, reason=reason, update_fields=[name])
    for m2m in model._meta.many_to_many:
        _repoint_many_to_many(m2m, duplicate, keep, target_side=False)
    content_type = ContentType.objects.get_for_model(model)
    for other, reference in _generic_references():
        rows = other._base_manager.select_for_update().filter(
            **{reference.ct_field: content_type, reference.fk_field: duplicate.pk}
        )
        for row in rows:
            setattr(row, reference.fk_field, keep.pk)
            _save(row, user=user, reason=reason, update_fields=[reference.fk_field])


def _repoint_many_to_many(
    m2m: models.ManyToManyField, duplicate: Entity, keep: Entity, *, target_side: bool
) -> None:
    """Move the duplicate's links in a many-to-many table to `keep`, skipping ones it has."""
    through = m2m.remote_field.through
    ours = m2m.m2m_reverse_field_name() if target_side else m2m.m2m_field_name()
    theirs = m2m.m2m_field_name() if target_side else m2m.m2m_reverse_field_name()
    other = through._meta.get_field(theirs).attname
    kept = set(through._base_manager.filter(**{ours: keep}).values_list(other, flat=True))
    links = through._base_manager.filter(**{ours: duplicate})
    links.filter(**{f"{other}__in": kept}).delete()
    links.update(**{ours: keep})


def _keep_name_as_alias(keep: Entity, name: str) -> Alias:
    """Record a merged duplicate's name as an alias, or as a contextual reference when the
    name also belongs to another record (an alias must not point at two records)."""
    field = type(keep)._meta.model_name
    errors = None
    for kind in (AliasKind.VARIANT, AliasKind.REFERENCE):
        alias = Alias(**{field: keep}, name=name, kind=kind, note=f"merged from {name}")
        try:
            alias.full_clean()
        except ValidationError as exc:
            errors = exc
            continue
        alias.save()
        return alias
    raise MergeRefused(
        f"“{name}” cannot be kept as an alias of {keep}: {' '.join(errors.messages)}"
    )


def _save(row: models.Model, *, user, reason: str, update_fields: list[str]) -> None:
    row._history_user = user
    row._change_reason = reason
    row.save(update_fields=update_fields)


def _generic_references() -> list[tuple[type[models.Model], GenericForeignKey]]:
    """Every generic reference (content type and id) that can point at a record: reviews, …"""
    return [
        (model, reference)
        for model in apps.get_models()
        if not _is_historical(model)
        for reference in model._meta.private_fields
        if isinstance(reference, GenericForeignKey)
    ]


def _is_historical(model: type[models.Model]) -> bool:
    """Whether a model is a history table generated by django-simple-history."""
    return issubclass(model, HistoricalChanges)
