"""Indexes for the public lists, measured with generated data (README, "Benchmarks").

`source_state_kind` serves the quotations list filtered by the kind of source that printed them.
`quote_state_said_desc` is for PostgreSQL only: the list's default order, latest said first with
undated quotations last, is `said_on DESC NULLS LAST`, which a backward scan of
`quote_state_said` gives on SQLite but not on PostgreSQL (there it yields NULLS FIRST, so every
page sorted the whole table). SQLite refuses NULLS LAST in an index and needs none.
"""

from django.conf import settings
from django.db import migrations, models

POSTGRES_SAID_DESC = (
    "CREATE INDEX IF NOT EXISTS quote_state_said_desc "
    "ON sources_quote (state, said_on DESC NULLS LAST)"
)


def create_said_desc(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_SAID_DESC)


def drop_said_desc(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS quote_state_said_desc")


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0002_anchor_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="source",
            index=models.Index(fields=["state", "kind"], name="source_state_kind"),
        ),
        migrations.RunPython(create_said_desc, drop_said_desc, elidable=False),
    ]
