"""Data migration: the role groups (contributor, fact-checker, editor, administrator)."""

from django.db import migrations

from newsroom.roles import ROLE_GROUPS, refresh_roles_in_migration


def create_roles(apps, schema_editor):
    # The permission to delete to the bin comes with migration 0004, which gives it.
    refresh_roles_in_migration(apps, not_yet=("discard_record",))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS.values()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("sources", "0002_anchor_triggers"),
        ("timeline", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
