"""Database triggers: an anchored passage's offsets hold its exact words in the snapshot.

A CHECK constraint cannot look at another table, so the rule that an anchor lies inside its
source's snapshot, and reads exactly its words there, is kept by triggers on both databases:
on the passage tables when a passage is written, and on the source table when its text changes.
Offsets are Python string indices; SQLite's and PostgreSQL's substr() count characters too.
"""

from django.db import migrations

PASSAGE_TABLES = ("sources_appearance", "sources_claimappearance")

SQLITE_PASSAGE = """
CREATE TRIGGER {table}_anchor_{event} BEFORE {event} ON {table}
FOR EACH ROW WHEN NEW.anchor_status = 'anchored' AND NOT EXISTS (
    SELECT 1 FROM sources_source s WHERE s.id = NEW.source_id
    AND substr(s.text, NEW.anchor_start + 1, NEW.anchor_end - NEW.anchor_start) = NEW.anchor_exact
)
BEGIN SELECT RAISE(ABORT, 'anchor does not match the source snapshot'); END;
"""

SQLITE_SOURCE = """
CREATE TRIGGER sources_source_anchors_hold BEFORE UPDATE OF text ON sources_source
FOR EACH ROW WHEN EXISTS (
    SELECT 1 FROM sources_appearance p WHERE p.source_id = NEW.id AND p.anchor_status = 'anchored'
    AND substr(NEW.text, p.anchor_start + 1, p.anchor_end - p.anchor_start) != p.anchor_exact
) OR EXISTS (
    SELECT 1 FROM sources_claimappearance p WHERE p.source_id = NEW.id
    AND p.anchor_status = 'anchored'
    AND substr(NEW.text, p.anchor_start + 1, p.anchor_end - p.anchor_start) != p.anchor_exact
)
BEGIN SELECT RAISE(ABORT, 'changing the snapshot would break anchored passages'); END;
"""

POSTGRES_FUNCTIONS = """
CREATE FUNCTION sources_passage_anchor_holds() RETURNS trigger AS $$
BEGIN
    IF NEW.anchor_status = 'anchored' AND NOT EXISTS (
        SELECT 1 FROM sources_source s WHERE s.id = NEW.source_id
        AND substr(s.text, NEW.anchor_start + 1, NEW.anchor_end - NEW.anchor_start)
            = NEW.anchor_exact
    ) THEN
        RAISE EXCEPTION 'anchor does not match the source snapshot'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION sources_source_anchors_hold() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM sources_appearance p WHERE p.source_id = NEW.id
        AND p.anchor_status = 'anchored'
        AND substr(NEW.text, p.anchor_start + 1, p.anchor_end - p.anchor_start)
            != p.anchor_exact
    ) OR EXISTS (
        SELECT 1 FROM sources_claimappearance p WHERE p.source_id = NEW.id
        AND p.anchor_status = 'anchored'
        AND substr(NEW.text, p.anchor_start + 1, p.anchor_end - p.anchor_start)
            != p.anchor_exact
    ) THEN
        RAISE EXCEPTION 'changing the snapshot would break anchored passages'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER sources_source_anchors_hold BEFORE UPDATE OF text ON sources_source
FOR EACH ROW EXECUTE FUNCTION sources_source_anchors_hold();
"""

POSTGRES_PASSAGE = """
CREATE TRIGGER {table}_anchor_holds BEFORE INSERT OR UPDATE ON {table}
FOR EACH ROW EXECUTE FUNCTION sources_passage_anchor_holds();
"""


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in PASSAGE_TABLES:
            for event in ("INSERT", "UPDATE"):
                schema_editor.execute(SQLITE_PASSAGE.format(table=table, event=event))
        schema_editor.execute(SQLITE_SOURCE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTIONS)
        for table in PASSAGE_TABLES:
            schema_editor.execute(POSTGRES_PASSAGE.format(table=table))


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in PASSAGE_TABLES:
            for event in ("INSERT", "UPDATE"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_anchor_{event}")
        schema_editor.execute("DROP TRIGGER IF EXISTS sources_source_anchors_hold")
    elif vendor == "postgresql":
        for table in PASSAGE_TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_anchor_holds ON {table}")
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS sources_source_anchors_hold ON sources_source"
        )
        schema_editor.execute("DROP FUNCTION IF EXISTS sources_source_anchors_hold()")
        schema_editor.execute("DROP FUNCTION IF EXISTS sources_passage_anchor_holds()")


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
