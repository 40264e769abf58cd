"""The desk's roles as Django groups, and the permissions each role holds.

Contributors create and edit drafts and submit them; fact-checkers review (verify, dispute,
reject, send back); editors publish, unpublish, retract, assign reviews and merge duplicates;
administrators do everything, users included. Deleting is soft for everyone: a record moves to
the bin and can be restored (contributors their own drafts, editors any unpublished record);
only an administrator removes a record for good. The workflow (newsroom/workflow.py) checks
these permissions whichever door a request comes through.
"""

ROLE_GROUPS = {
    "contributor": "Contributors",
    "factchecker": "Fact-checkers",
    "editor": "Editors",
    "admin": "Administrators",
}

EDITORIAL_MODELS = {
    "sources": [
        "topic",
        "outlet",
        "source",
        "citation",
        "person",
        "organization",
        "alias",
        "affiliation",
        "quote",
        "appearance",
        "claim",
        "claimappearance",
        "evidence",
    ],
    "timeline": ["event", "participant"],
}

ROLE_MODEL_ACTIONS = {
    "contributor": ("view", "add", "change"),
    "factchecker": ("view", "add", "change"),
    "editor": ("view", "add", "change"),
    "admin": ("view", "add", "change", "delete"),
}

ROLE_WORKFLOW_PERMISSIONS = {
    # Contributors delete (to the bin) and restore only drafts they created (workflow.refusal).
    "contributor": ("submit_record", "discard_record"),
    "factchecker": ("review_record",),
    "editor": (
        "submit_record",
        "publish_record",
        "assign_review",
        "merge_records",
        "discard_record",
    ),
    "admin": (
        "submit_record",
        "review_record",
        "publish_record",
        "assign_review",
        "merge_records",
        "discard_record",
    ),
}

# Reading the desk's own records of review is open to every role.
ROLE_RECORD_PERMISSIONS = ("view_review", "view_reviewevidence", "view_correction")


def reviewers():
    """The active users who may review records: those an editor can assign a review to."""
    from django.contrib.auth import get_user_model

    # Permissions come from the model backend; django-axes' backend, listed first, holds none
    # (and with two backends Django needs to be told which one to ask).
    return (
        get_user_model()
        ._default_manager.with_perm(
            "newsroom.review_record", backend="django.contrib.auth.backends.ModelBackend"
        )
        .order_by("username")
    )


def ensure_roles(group_model, permission_model, *, not_yet=()) -> dict:
    """Create or refresh the role groups and their permissions.

    Takes the models as arguments so that a data migration can pass its historical ones, and
    the codenames of permissions that a later migration creates (and gives) as `not_yet`.
    """
    groups = {}
    for role, group_name in ROLE_GROUPS.items():
        group, _ = group_model.objects.get_or_create(name=group_name)
        wanted = [
            ("newsroom", codename)
            for codename in (*ROLE_WORKFLOW_PERMISSIONS[role], *ROLE_RECORD_PERMISSIONS)
            if codename not in not_yet
        ]
        wanted += [
            (app_label, f"{action}_{model}")
            for app_label, models in EDITORIAL_MODELS.items()
            for model in models
            for action in ROLE_MODEL_ACTIONS[role]
        ]
        permissions = [
            permission_model.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in wanted
        ]
        if role == "admin":
            permissions += list(
                permission_model.objects.filter(content_type__app_label__in=["auth", "newsroom"])
            )
        group.permissions.set(permissions)
        groups[role] = group
    return groups


def refresh_roles_in_migration(apps, *, not_yet=()) -> None:
    """A data migration's step: create the permissions known so far, then refresh the roles.

    Permissions are normally created after all migrations have run; the groups need them now.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    ensure_roles(
        apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), not_yet=not_yet
    )
