"""The desk's roles as Django groups, and the model permissions each role holds.

Contributors draft, fact-checkers review, editors publish and merge, administrators do
everything including managing users. The review workflow adds its own guards on top of these
model permissions; this module only says who may open which records in the admin.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

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

ROLE_ACTIONS = {
    "contributor": ("view", "add", "change"),
    "factchecker": ("view", "add", "change"),
    "editor": ("view", "add", "change", "delete"),
    "admin": ("view", "add", "change", "delete"),
}


def ensure_roles() -> dict[str, Group]:
    """Create or refresh the role groups and their model permissions."""
    groups = {}
    for role, group_name in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = [
            f"{action}_{model}"
            for models in EDITORIAL_MODELS.values()
            for model in models
            for action in ROLE_ACTIONS[role]
        ]
        content_types = [
            ContentType.objects.get_by_natural_key(app_label, model)
            for app_label, models in EDITORIAL_MODELS.items()
            for model in models
        ]
        permissions = Permission.objects.filter(
            content_type__in=content_types, codename__in=codenames
        )
        if role == "admin":
            permissions = permissions | Permission.objects.filter(content_type__app_label="auth")
        group.permissions.set(permissions)
        groups[role] = group
    return groups
