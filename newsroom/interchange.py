"""Lossless JSON Lines export and import of every domain record, one record a line."""

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, connection, models, transaction

from newsroom.history import keeping_history
from newsroom.models import Correction, EditorialModel, Review, ReviewEvidence
from newsroom.validators import holds_lone_surrogate
from newsroom.workflow import WorkflowError
from sources.models import (
    Affiliation,
    Alias,
    Appearance,
    Citation,
    Claim,
    ClaimAppearance,
    Evidence,
    Organization,
    Outlet,
    Person,
    ProposalReview,
    Quote,
    Source,
    Topic,
    sha256_hex,
)
from sources.names import fold
from timeline.models import Event, Participant

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# Every domain model with its `type` name, in dependency order: a record's foreign keys point at
# types listed before its own, or at its own type (Organization.parent), which is exported
# parents first. Sources come before the appearances anchored in their text. The desk's records
# of review come last: they name the record they are about by its type and id.
RECORD_TYPES: dict[str, type[models.Model]] = {
    "topic": Topic,
    "organization": Organization,
    "person": Person,
    "outlet": Outlet,
    "source": Source,
    "citation": Citation,
    "alias": Alias,
    "affiliation": Affiliation,
    "quote": Quote,
    "appearance": Appearance,
    "claim": Claim,
    "claim_appearance": ClaimAppearance,
    "evidence": Evidence,
    "event": Event,
    "participant": Participant,
    "review": Review,
    "review_evidence": ReviewEvidence,
    "correction": Correction,
    # An editor's decisions on an imported source's proposals (sources/ingest).
    "proposal_review": ProposalReview,
}
TYPE_NAMES: dict[type[models.Model], str] = {model: name for name, model in RECORD_TYPES.items()}

# The records a review or a correction can be about, by the "app_label.model" name that stands
# for their content type in the file (content type ids differ from one database to the next).
REVIEWED_TYPES: dict[str, type[models.Model]] = {
    f"{model._meta.app_label}.{model._meta.model_name}": model
    for model in RECORD_TYPES.values()
    if issubclass(model, EditorialModel)
}

# Fields a model computes from others when it saves. They are exported for readers of the file,
# but an import never stores the file's value: it recomputes it. A checksum that disagrees with
# its text means the text was damaged, which is an error; a folded name is simply recomputed,
# since the folding rules may have changed since the export.
DERIVED_FIELDS: dict[str, Callable[[Any], str]] = {
    "name_folded": lambda record: fold(record.name),
    "text_sha256": lambda record: sha256_hex(record.text) if record.text else "",
}
CHECKSUM_FIELDS = frozenset({"text_sha256"})

# An editorial record's bookkeeping that belongs to one database: who created, last edited and
# was asked to review it (the history and the reviews keep who did what) and the
# optimistic-locking version. An import leaves them as the database has them.
LOCAL_FIELDS = frozenset({"created_by", "last_edited_by", "assigned_to", "version"})

# Fields only the workflow changes, so not editable in a form, which an import restores as the
# file gives them: a restored record is where it was in review, not back in draft.
RESTORED_FIELDS = frozenset({"state"})

# Users are not exported. A review names its reviewer, and a correction its editor, by username
# (the user model's natural key, as in Django's fixtures): a review without its reviewer says
# nothing, and the database requires one. An import finds the user of that name.
User = get_user_model()


def exported_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields of a model written to the file, in order (the id first)."""
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if not (issubclass(model, EditorialModel) and model_field.name in LOCAL_FIELDS)
    ]


def generic_references(model: type[models.Model]) -> list[GenericForeignKey]:
    """A model's references to a record of any type (a review's record), as content type and id."""
    return [
        reference
        for reference in model._meta.private_fields
        if isinstance(reference, GenericForeignKey)
    ]


def _content_type_fields(model: type[models.Model]) -> set[str]:
    return {reference.ct_field for reference in generic_references(model)}


class ImportFailed(Exception):
    """A line of an import file that cannot be imported; nothing of the file was."""

    def __init__(self, line_number: int, message: str):
        super().__init__(f"line {line_number}: {message}")
        self.line_number = line_number
        self.message = message


class ExportFailed(Exception):
    """Records that cannot be written in an order the import can read in one pass."""


@dataclass
class ImportSummary:
    """How many records of each type an import created and updated."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    @property
    def total_updated(self) -> int:
        return sum(self.updated.values())

    def rows(self) -> list[tuple[str, int, int]]:
        """(type, created, updated) for every type imported, in dependency order."""
        return [
            (name, self.created[name], self.updated[name])
            for name in RECORD_TYPES
            if self.created[name] or self.updated[name]
        ]


def export_records() -> Iterator[dict[str, Any]]:
    """Every domain record as a dict, in an order that can be imported in one pass.

    The records are read in one transaction; on PostgreSQL it is a repeatable-read snapshot,
    so that edits made while the export runs cannot leave a quote without its speaker.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql" and not in_outer_transaction():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        # Users by id, to name them by username (users themselves are not exported).
        usernames = dict(User._default_manager.values_list("pk", User.USERNAME_FIELD))
        for type_name, model in RECORD_TYPES.items():
            related = {m2m.name: related_ids(m2m) for m2m in model._meta.many_to_many}
            for record in _in_export_order(model):
                data: dict[str, Any] = {"type": type_name}
                for model_field in exported_fields(model):
                    data[model_field.name] = dump_field(model_field, record, usernames)
                for name, ids in related.items():
                    data[name] = ids.get(record.pk, [])
                yield data


def _content_type_label(content_type_id: int) -> str:
    """A content type as "app_label.model", the same in every database."""
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def in_outer_transaction() -> bool:
    """Whether the atomic block just entered sits inside another (as in a test)."""
    return len(connection.savepoint_ids) > 0


def serialize_line(record: dict[str, Any]) -> str:
    """One record as a line of JSON, keys sorted so that the same record gives the same bytes."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, allow_nan=False) + "\n"


def import_lines(
    lines: Iterable[str | bytes], *, user: "AbstractBaseUser | None" = None
) -> ImportSummary:
    """Create or update (by id) the record on every line, all in one transaction, or none.

    A key left out of a line leaves the field as it is (or at its default, for a new record).
    Every record written gets a history row with the reason "imported" (and `user`, who ran the
    import, if given). Raises ImportFailed naming the first line that cannot be imported.
    """
    summary = ImportSummary()
    importer = _Importer(user)
    with transaction.atomic():
        for number, line, is_last in _numbered(lines):
            try:
                data = _parse(line, is_last)
                if data is None:
                    continue
                type_name, created = importer.apply(data)
            except _Rejected as exc:
                raise ImportFailed(number, str(exc)) from None
            except WorkflowError as exc:
                # A record changed by someone else while the import ran (StaleRecord).
                raise ImportFailed(number, exc.message) from exc
            except DatabaseError as exc:
                # Validation covers the model's rules; this is the database's last word
                # (a trigger, say), and the transaction cannot go on after it.
                message = " ".join(str(exc).split())
                raise ImportFailed(number, f"the database refused the record: {message}") from exc
            (summary.created if created else summary.updated)[type_name] += 1
    return summary


class _Rejected(Exception):
    """Why one line cannot be imported; import_lines adds the line number."""


def related_ids(m2m: models.ManyToManyField) -> dict[Any, list[str]]:
    """Every record's many-to-many targets as sorted id strings, read in one query."""
    through = m2m.remote_field.through._meta
    own = through.get_field(m2m.m2m_field_name()).attname
    other = through.get_field(m2m.m2m_reverse_field_name()).attname
    ids: dict[Any, list[str]] = {}
    for pk, target in through.model._default_manager.values_list(own, other):
        ids.setdefault(pk, []).append(str(target))
    return {pk: sorted(targets) for pk, targets in ids.items()}


def _in_export_order(model: type[models.Model]) -> Iterable[models.Model]:
    """A model's records by id, except that a record referring to its own type comes later."""
    self_references = [
        model_field
        for model_field in model._meta.concrete_fields
        if model_field.is_relation and model_field.related_model is model
    ]
    records = model._default_manager.order_by("pk")
    if not self_references:
        return records.iterator(chunk_size=2000)
    by_pk = {record.pk: record for record in records}
    depths: dict[Any, int] = {}

    def depth(record: models.Model, path: tuple = ()) -> int:
        if record.pk not in depths:
            if record.pk in path:
                raise ExportFailed(
                    f"{TYPE_NAMES[model]} records {', '.join(str(pk) for pk in path)} refer "
                    "to each other in a loop; break the loop before exporting."
                )
            parents = [by_pk.get(getattr(record, ref.attname)) for ref in self_references]
            depths[record.pk] = 1 + max(
                (depth(parent, (*path, record.pk)) for parent in parents if parent is not None),
                default=-1,
            )
        return depths[record.pk]

    return sorted(by_pk.values(), key=lambda record: (depth(record), str(record.pk)))


def dump_field(model_field: models.Field, record: models.Model, usernames: dict[Any, str]) -> Any:
    value = getattr(record, model_field.attname)
    if value is None:
        return None
    if model_field.name in _content_type_fields(model_field.model):
        return _content_type_label(value)
    if model_field.is_relation and model_field.related_model is User:
        return usernames[value]
    if isinstance(value, str | bool | int) or isinstance(model_field, models.JSONField):
        return value
    # Dates, datetimes (with their offset) and UUIDs, as Django writes them in fixtures.
    return model_field.value_to_string(record)


def _numbered(lines: Iterable[str | bytes]) -> Iterator[tuple[int, str | bytes, bool]]:
    """(line number, line, whether it is the last line) for every line."""
    iterator = iter(lines)
    line = next(iterator, None)
    number = 0
    while line is not None:
        following = next(iterator, None)
        number += 1
        yield number, line, following is None
        line = following


def _parse(line: str | bytes, is_last: bool) -> dict[str, Any] | None:
    """The JSON object on a line, None for a blank line."""
    # A file cut short ends without the newline that ends every exported line.
    truncated = is_last and not line.endswith(b"\n" if isinstance(line, bytes) else "\n")
    cut_short = "the line is cut short: the file looks truncated"
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _Rejected(cut_short if truncated else f"not UTF-8 text: {exc}") from None
    line = line.removeprefix("\ufeff")
    if not line.strip():
        return None
    try:
        data = json.loads(line, object_pairs_hook=_no_repeated_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise _Rejected(
            cut_short if truncated else f"not valid JSON: {exc.msg} (column {exc.colno})"
        ) from None
    except RecursionError:
        raise _Rejected("not valid JSON: lists or objects are nested too deeply to read") from None
    except ValueError as exc:
        # A number of more digits than Python converts (4,300), say.
        raise _Rejected(f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise _Rejected(f"a line must hold one JSON object, not {type(data).__name__}")
    found = _find_unstorable(data)
    if found is not None:
        raise _Rejected(found)
    return data


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise _Rejected(f"key {', '.join(repeated)} is given more than once")
    return dict(pairs)


def _no_constant(name: str) -> None:
    raise _Rejected(f"{name} is not a JSON number")


def _find_unstorable(value: Any, where: str = "the record") -> str | None:
    """Why a parsed line holds text no database can store (and where), or None: a NUL
    character, which PostgreSQL refuses, or a lone surrogate."""
    if isinstance(value, str):
        if "\x00" in value:
            return f"{where} contains a NUL character (\\u0000), which PostgreSQL cannot store"
        if holds_lone_surrogate(value):
            return f"{where} contains a lone surrogate (such as \\ud800), which is not a character"
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _find_unstorable(key, f"key {key!r}") or _find_unstorable(
                item, f"field {key!r}"
            )
            if found:
                return found
    if isinstance(value, list):
        for item in value:
            found = _find_unstorable(item, where)
            if found:
                return found
    return None


class _Importer:
    """Applies lines one at a time, remembering which referenced records and users exist."""

    def __init__(self, user: "AbstractBaseUser | None" = None) -> None:
        self.user = user
        self.known: set[tuple[type[models.Model], Any]] = set()
        self.users: dict[str, Any] = {}

    def apply(self, data: dict[str, Any]) -> tuple[str, bool]:
        """Create or update the record a line describes: (type name, whether created)."""
        type_name = data.get("type")
        if "type" not in data:
            raise _Rejected("the record has no type")
        if not isinstance(type_name, str) or type_name not in RECORD_TYPES:
            raise _Rejected(
                f"unknown type {type_name!r}; expected one of {', '.join(RECORD_TYPES)}"
            )
        model = RECORD_TYPES[type_name]
        if data.get("id") is None:
            raise _Rejected(f"the {type_name} has no id")
        pk = self._id(model._meta.pk, data["id"], "id")
        label = f"{type_name} {pk}"
        fields = {f.name: f for f in exported_fields(model) if not f.primary_key}
        many = {f.name: f for f in model._meta.many_to_many}
        unknown = sorted(set(data) - {"type", "id"} - set(fields) - set(many))
        if unknown:
            raise _Rejected(f"{label}: unknown field {', '.join(unknown)}")

        # An existing record is read from the database, with its version: the save that follows
        # is refused (StaleRecord) only if someone else changes the row in between.
        record = model._default_manager.filter(pk=pk).first()
        created = record is None
        if created:
            record = model(pk=pk)
        given: dict[str, Any] = {}
        timestamps: dict[str, Any] = {}
        for name, value in data.items():
            if name not in fields or name in DERIVED_FIELDS:
                continue
            model_field = fields[name]
            try:
                converted = self._value(model_field, value)
            except _Rejected as exc:
                raise _Rejected(f"{label}: {exc}") from None
            setattr(record, model_field.attname, converted)
            if getattr(model_field, "auto_now", False) or getattr(
                model_field, "auto_now_add", False
            ):
                timestamps[model_field.attname] = converted
            else:
                given[model_field.attname] = converted
        self._derive(record, data, fields, label)
        targets = {}
        for name, m2m in many.items():
            if name in data:
                try:
                    targets[name] = self._targets(m2m, data[name])
                except _Rejected as exc:
                    raise _Rejected(f"{label}: {exc}") from None

        try:
            record.full_clean()
        except ValidationError as exc:
            raise _Rejected(f"invalid {label}: {_describe(exc)}") from None
        for reference in generic_references(model):
            try:
                self._generic_target(record, reference)
            except _Rejected as exc:
                raise _Rejected(f"{label}: {exc}") from None
        # Validation may complete a record (anchoring a passage in its source's snapshot). A
        # lossless file needs no completing: a difference means the file and the database
        # disagree, and the import says so rather than storing something else.
        for attname, value in given.items():
            if getattr(record, attname) != value:
                raise _Rejected(
                    f"invalid {label}: {attname} is {value!r} in the file, but checking the "
                    f"record against the database gives {getattr(record, attname)!r}"
                )
        record._change_reason = "imported"
        record._history_user = self.user
        record.save()
        if timestamps:
            # auto_now and auto_now_add set the clock on save; the file's times are the record's.
            # Not an edit: the history row just written is the import.
            with keeping_history():
                model._base_manager.filter(pk=pk).update(**timestamps)
        for name, ids in targets.items():
            getattr(record, name).set(ids)
        self.known.add((model, pk))
        return type_name, created

    def _value(self, model_field: models.Field, value: Any) -> Any:
        """A field's value from its JSON form, checked and converted with the field's to_python."""
        name = model_field.name
        if value is None:
            if not model_field.null:
                raise _Rejected(f"{name} cannot be null")
            return None
        if name in _content_type_fields(model_field.model):
            return self._content_type(value, name)
        if model_field.is_relation and model_field.related_model is User:
            return self._user(value, name)
        if model_field.is_relation:
            return self._reference(model_field, value, name)
        if isinstance(model_field, models.JSONField):
            return value
        expected = _json_type(model_field)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise _Rejected(f"{name} must be a JSON {_JSON_NAMES[expected]}, not {value!r}")
        try:
            converted = model_field.to_python(value)
        except ValidationError as exc:
            raise _Rejected(f"{name}: {' '.join(exc.messages)}") from None
        if isinstance(model_field, models.DateTimeField) and converted.utcoffset() is None:
            raise _Rejected(f"{name} {value!r} needs its UTC offset, such as +00:00")
        return converted

    def _targets(self, m2m: models.ManyToManyField, value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise _Rejected(f"{m2m.name} must be a list of ids, not {value!r}")
        return sorted({self._reference(m2m, item, m2m.name) for item in value}, key=str)

    def _reference(self, relation: models.Field, value: Any, name: str) -> Any:
        """The primary key a relation points at, which must already be in the database."""
        target = relation.related_model
        pk = self._id(target._meta.pk, value, name)
        if not self._exists(target, pk):
            raise _Rejected(
                f"{name} refers to {TYPE_NAMES.get(target, target.__name__)} {value}, "
                "which is neither in the database nor earlier in the file"
            )
        return pk

    def _exists(self, model: type[models.Model], pk: Any) -> bool:
        """Whether a record is in the database or earlier in the file."""
        if (model, pk) not in self.known:
            if not model._default_manager.filter(pk=pk).exists():
                return False
            self.known.add((model, pk))
        return True

    @staticmethod
    def _content_type(value: Any, name: str) -> int:
        """The id of the content type a file names as "app_label.model"."""
        if not isinstance(value, str) or value not in REVIEWED_TYPES:
            raise _Rejected(
                f"{name} {value!r} is not a kind of record that is reviewed; expected one of "
                f"{', '.join(REVIEWED_TYPES)}"
            )
        return ContentType.objects.get_for_model(REVIEWED_TYPES[value]).pk

    def _generic_target(self, record: models.Model, reference: GenericForeignKey) -> None:
        """Refuse a review or correction of a record that is not there."""
        content_type_id = getattr(record, f"{reference.ct_field}_id")
        target = ContentType.objects.get_for_id(content_type_id).model_class()
        pk = getattr(record, reference.fk_field)
        if not self._exists(target, pk):
            raise _Rejected(
                f"{reference.fk_field} refers to {TYPE_NAMES[target]} {pk}, which is neither "
                "in the database nor earlier in the file"
            )

    def _user(self, value: Any, name: str) -> Any:
        """The id of the user a file names by username; the user must have an account here."""
        if not isinstance(value, str):
            raise _Rejected(f"{name} must be a username string, not {value!r}")
        if value not in self.users:
            found = User._default_manager.filter(**{User.USERNAME_FIELD: value}).first()
            if found is None:
                raise _Rejected(
                    f"{name} {value!r} has no account in this database; users are not "
                    "exported, so create the account before importing"
                )
            self.users[value] = found.pk
        return self.users[value]

    @staticmethod
    def _id(pk_field: models.Field, value: Any, name: str) -> Any:
        if not isinstance(value, str):
            raise _Rejected(f"{name} must be an id string, not {value!r}")
        try:
            return pk_field.to_python(value)
        except ValidationError:
            raise _Rejected(f"{name} {value!r} is not a valid id") from None

    @staticmethod
    def _derive(
        record: models.Model, data: dict[str, Any], fields: dict[str, models.Field], label: str
    ) -> None:
        """Recompute derived fields, refusing a checksum that does not match its text."""
        for name in DERIVED_FIELDS.keys() & fields.keys():
            value = DERIVED_FIELDS[name](record)
            if name in CHECKSUM_FIELDS and name in data and data[name] != value:
                raise _Rejected(
                    f"{label}: {name} {data[name]!r} does not match the text, whose "
                    f"SHA-256 is {value!r}; the text or the checksum is damaged"
                )
            setattr(record, fields[name].attname, value)


_JSON_NAMES = {bool: "boolean (true or false)", int: "whole number", str: "string"}


def _json_type(model_field: models.Field) -> type:
    if isinstance(model_field, models.BooleanField):
        return bool
    if isinstance(model_field, models.IntegerField):
        return int
    return str


def _describe(error: ValidationError) -> str:
    """A ValidationError as one line: "field: message; other field: message"."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "; ".join(
        " ".join(messages) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(messages)}"
        for name, messages in error.message_dict.items()
    )
