"""Data migration: the table of the database cache that DRF's throttles share across workers.

Django's `createcachetable` is not a migration of its own; running it here means `migrate` is
all a fresh clone (or a new server) needs. It creates the table of every DatabaseCache in
CACHES and does nothing when the table exists or when the cache is Redis (REDIS_URL).
"""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    for cache in settings.CACHES.values():
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
            schema_editor.execute(
                f"DROP TABLE IF EXISTS {schema_editor.quote_name(cache['LOCATION'])}"
            )


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0002_roles")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table, elidable=False)]
