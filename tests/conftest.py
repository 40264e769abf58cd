"""Fixtures shared by the whole suite."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission

from newsroom.roles import ROLE_GROUPS, ensure_roles
from tests.factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def role_group(role: str) -> Group:
    """The role's group, as the data migration made it (newsroom/migrations/0002_roles.py)."""
    try:
        return Group.objects.get(name=ROLE_GROUPS[role])
    except Group.DoesNotExist:
        # A transactional test (the browser tests) empties every table when it ends, the groups
        # of the data migration included.
        return ensure_roles(Group, Permission)[role]


def role_user(role: str, username: str):
    """A staff user whose only permissions are those of one role group."""
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(role_group(role))
    return user


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def contributor(db):
    return role_user("contributor", "contributor")


@pytest.fixture
def factchecker(db):
    return role_user("factchecker", "factchecker")


@pytest.fixture
def editor(db):
    return role_user("editor", "editor")


@pytest.fixture
def administrator(db):
    return role_user("admin", "administrator")


@pytest.fixture
def author(db):
    """A second contributor: the one who wrote the records the other roles act on."""
    return role_user("contributor", "author")
