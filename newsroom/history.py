"""No write to a tracked table escapes its history.

Every model built on newsroom.models.UUIDModel keeps a history of every change
(django-simple-history). simple-history writes a history row when a record is saved or deleted;
bulk writes and raw SQL would change rows without one. This module closes those doors:

- Bulk writes through the ORM are recorded. `TrackedQuerySet` (the base of every tracked
  model's default queryset) writes a history row for each row that `update()`, `bulk_create()`,
  `bulk_update()` or `delete()` touches, with the user of the request when there is one, and so
  do deletions for the rows Django clears (`on_delete=SET_NULL`) on the way.
- Raw SQL is refused. A database trigger on every tracked table (installed after `migrate`)
  refuses INSERT, UPDATE and DELETE (and TRUNCATE on PostgreSQL) unless the application has
  opened the guard: `keeping_history()`, which the ORM paths above open around their own writes.
  On PostgreSQL the guard is a session setting (`provenance.history_kept`); on SQLite a function
  the application registers on its connections, so the `sqlite3` shell cannot write either.
- A deliberate bulk change that writes its own history, or none on purpose (synthetic test data,
  emptying the database, a migration), says so with `untracked_writes(reason)`, which is logged.

`migrate` runs with the guard open: schema changes may rewrite rows. A data migration that
changes records should write their history with `record_history()`.
"""

import contextvars
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, router, transaction
from django.db.models import F
from django.db.models.deletion import Collector
from django.utils import timezone

audit = logging.getLogger("newsroom.audit")

GUARD_SETTING = "provenance.history_kept"
GUARD_FUNCTION = "provenance_history_kept"
TRIGGER_PREFIX = "provenance_guard"
REFUSAL = (
    "Refused: this write to {table} would change records without keeping their history. "
    "Change records through the application (save(), QuerySet.update(), bulk_create()), or wrap "
    "a deliberate bulk change in newsroom.history.untracked_writes()."
)


def tracked_models() -> list[type[models.Model]]:
    """The concrete models whose every change is kept in a history table."""
    from newsroom.models import UUIDModel

    return [
        model
        for model in apps.get_models()
        if issubclass(model, UUIDModel) and not model._meta.proxy and model._meta.managed
    ]


# The guard: a depth count on the connection, mirrored in the database session.


def _connection(using: str | None):
    return connections[using or DEFAULT_DB_ALIAS]


def _guard_open(connection) -> bool:
    return bool(getattr(connection, "history_guard_depth", 0))


def _set_session_guard(connection, value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, false)", [GUARD_SETTING, value])


@contextmanager
def keeping_history(using: str | None = None) -> Iterator[None]:
    """Let the writes inside reach tracked tables: the caller keeps their history itself."""
    connection = _connection(using)
    depth = getattr(connection, "history_guard_depth", 0)
    connection.history_guard_depth = depth + 1
    try:
        if depth == 0:
            _set_session_guard(connection, "on")
        yield
    finally:
        connection.history_guard_depth = depth
        # In a transaction that failed, the setting made inside it is rolled back with it.
        if depth == 0 and not connection.needs_rollback and connection.connection is not None:
            # A connection that broke takes its session setting with it.
            with suppress(DatabaseError):
                _set_session_guard(connection, "")


@contextmanager
def untracked_writes(reason: str, using: str | None = None) -> Iterator[None]:
    """Write to tracked tables without history, on purpose; the reason goes to the audit log."""
    from newsroom.audit import log_event

    log_event("history_bypassed", reason=reason)
    with keeping_history(using):
        yield


def _on_connection_created(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        # A function of this connection's: triggers ask it whether the guard is open.
        connection.connection.create_function(
            GUARD_FUNCTION, 0, lambda: int(_guard_open(connection)), deterministic=False
        )
    elif connection.vendor == "postgresql" and _guard_open(connection):
        _set_session_guard(connection, "on")  # reconnected inside the guard


def _on_pre_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    connection = _connection(using)
    if not getattr(connection, "history_guard_migrating", False):
        connection.history_guard_migrating = True
        connection.history_guard_depth = getattr(connection, "history_guard_depth", 0) + 1
        _set_session_guard(connection, "on")


def _on_post_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    connection = _connection(using)
    install_guards(connection)
    if getattr(connection, "history_guard_migrating", False):
        connection.history_guard_migrating = False
        connection.history_guard_depth -= 1
        if not connection.history_guard_depth:
            _set_session_guard(connection, "")


# The triggers.


def _sqlite_guard_sql(table: str) -> list[str]:
    message = REFUSAL.format(table=table).replace("'", "''")
    return [
        f'CREATE TRIGGER IF NOT EXISTS "{TRIGGER_PREFIX}_{table}_{operation.lower()}" '
        f'BEFORE {operation} ON "{table}" WHEN NOT {GUARD_FUNCTION}() '
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        for operation in ("INSERT", "UPDATE", "DELETE")
    ]


_POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {TRIGGER_PREFIX}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('{GUARD_SETTING}', true), '') <> 'on' THEN
        RAISE EXCEPTION USING
            MESSAGE = replace(%s, '{{table}}', TG_TABLE_NAME),
            ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$
"""


def _postgresql_guard_sql(table: str) -> list[str]:
    return [
        f"CREATE OR REPLACE TRIGGER {TRIGGER_PREFIX} BEFORE INSERT OR UPDATE OR DELETE OR "
        f'TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER_PREFIX}()'
    ]


def install_guards(connection=None) -> list[str]:
    """Install (or refresh) the trigger refusing untracked writes on every tracked table."""
    connection = connection or _connection(None)
    if connection.vendor not in ("sqlite", "postgresql"):
        return []
    existing = set(connection.introspection.table_names())
    tables = [m._meta.db_table for m in tracked_models() if m._meta.db_table in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRESQL_FUNCTION, [REFUSAL])
        for table in tables:
            statements = (
                _postgresql_guard_sql(table)
                if connection.vendor == "postgresql"
                else _sqlite_guard_sql(table)
            )
            for statement in statements:
                cursor.execute(statement)
    return tables


def guarded_tables(connection=None) -> set[str]:
    """The tables that carry the guard now, read from the database's catalogue."""
    connection = connection or _connection(None)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = %s AND NOT t.tgisinternal",
                [TRIGGER_PREFIX],
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s "
            "GROUP BY tbl_name HAVING count(*) = 3",
            [f"{TRIGGER_PREFIX}%"],
        )
        return {row[0] for row in cursor.fetchall()}


# Recording what bulk writes change.


def _history_user():
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def record_history(
    records: Iterable[models.Model], *, changed: bool, reason: str, user=None
) -> int:
    """Write a history row ("~" if `changed`, else "+") for each record, as it is stored now."""
    from newsroom.audit import log_change

    user = user or _history_user()
    count = 0
    batch: list[models.Model] = []

    def flush():
        nonlocal count
        if batch:
            type(batch[0]).history.bulk_history_create(
                batch, update=changed, default_user=user, default_change_reason=reason
            )
            for record in batch:
                log_change(record, "~" if changed else "+", user=user, reason=reason)
            count += len(batch)
            batch.clear()

    for record in records:
        batch.append(record)
        if len(batch) >= 500:
            flush()
    flush()
    return count


def _stored(model: type[models.Model], pks: Iterable, using: str) -> Iterator[models.Model]:
    pks = list(pks)
    for start in range(0, len(pks), 500):
        yield from model._base_manager.using(using).filter(pk__in=pks[start : start + 500])


def delete_recorded(objs, *, using: str, origin, keep_parents: bool = False):
    """Delete like Model.delete() and QuerySet.delete(), recording the rows Django clears.

    simple-history records each deleted row (the delete signals); a foreign key set to NULL
    because what it pointed to is deleted is an update Django makes without them.
    """
    from newsroom.models import UUIDModel

    collector = Collector(using=using, origin=origin)
    collector.collect(objs, keep_parents=keep_parents)
    cleared = []
    for (field, _value), batches in collector.field_updates.items():
        if not issubclass(field.model, UUIDModel):
            continue
        pks = set()
        for batch in batches:
            if isinstance(batch, models.QuerySet):
                pks.update(batch.values_list("pk", flat=True))
            else:
                pks.update(obj.pk for obj in batch)
        cleared.append((field, pks))
    result = collector.delete()
    for field, pks in cleared:
        record_history(
            _stored(field.model, pks, using),
            changed=True,
            reason=f"{field.verbose_name} cleared: the record it named was deleted",
        )
    return result


# Off while bulk_update() runs: it updates through update(), and records its rows itself.
_recording_updates = contextvars.ContextVar("recording_updates", default=True)


class TrackedQuerySet(models.QuerySet):
    """The default queryset of every tracked model: bulk writes keep their history."""

    def update(self, **kwargs):
        if not _recording_updates.get():
            return super().update(**kwargs)
        with keeping_history(self.db), transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            fields = {field.name for field in self.model._meta.concrete_fields}
            if "version" in fields and "version" not in kwargs:
                kwargs["version"] = F("version") + 1  # a copy read before is now stale
            if "updated_at" in fields and "updated_at" not in kwargs:
                kwargs["updated_at"] = timezone.now()
            count = super().update(**kwargs)
            changed = ", ".join(sorted(set(kwargs) - {"version", "updated_at"}))
            record_history(
                _stored(self.model, pks, self.db), changed=True, reason=f"bulk update: {changed}"
            )
        return count

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise TypeError(
                f"{self.model.__name__}.objects.bulk_create() cannot ignore or update "
                "conflicts: which rows it wrote would be unknown to their history."
            )
        with keeping_history(self.db), transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            record_history(created, changed=False, reason="bulk create")
        return created

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        objs = list(objs)
        fields = list(fields)
        if any(field.name == "version" for field in self.model._meta.concrete_fields):
            for obj in objs:
                obj.version += 1
            fields = [*fields, "version"] if "version" not in fields else fields
        with keeping_history(self.db), transaction.atomic(using=self.db):
            token = _recording_updates.set(False)
            try:
                count = super().bulk_update(objs, fields, batch_size=batch_size)
            finally:
                _recording_updates.reset(token)
            record_history(
                _stored(self.model, [obj.pk for obj in objs], self.db),
                changed=True,
                reason=f"bulk update: {', '.join(sorted(set(fields) - {'version'}))}",
            )
        return count

    bulk_update.alters_data = True

    def delete(self):
        if self.query.is_sliced:
            raise TypeError("Cannot use 'limit' or 'offset' with delete().")
        query = self._chain()
        query._for_write = True
        query.query.select_for_update = False
        query.query.select_related = False
        query.query.clear_ordering(force=True)
        with keeping_history(query.db), transaction.atomic(using=query.db):
            result = delete_recorded(query, using=query.db, origin=self)
        self._result_cache = None
        return result

    delete.alters_data = True


def database_for(record: models.Model, using: str | None = None) -> str:
    return using or router.db_for_write(type(record), instance=record)
