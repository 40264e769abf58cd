"""The permission matrix: every role (and anonymous) against every action on every editorial model.

EXPECTED is written out by hand, role by role, so that a change to the role groups
(newsroom/roles.py) or to the workflow (newsroom/workflow.py) that grants or withdraws an action
makes a cell fail. `cells()` turns it into one test case per role, action and model, with ids
such as `editor-publish-quote`, so each cell is its own assertion.

Each door is a column: a section below parametrized over `cells()` of the same EXPECTED table.
Three columns are here: the service layer (newsroom.workflow and the permissions it reads), the
admin views (the transition page, the change form, the delete page) and the REST API (the
transition and assign actions, PATCH and DELETE), each asked the same question for every cell.
"""

import pytest
from django.apps import apps
from django.urls import reverse
from rest_framework.test import APIClient

from newsroom import workflow
from newsroom.models import EditorialModel
from newsroom.workflow import NotPermitted, ReviewState
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    EventFactory,
    OrganizationFactory,
    OutletFactory,
    PersonFactory,
    QuoteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "contributor", "factchecker", "editor", "administrator")

WORKFLOW_ACTIONS = (
    "submit",
    "verify",
    "dispute",
    "reject",
    "send_back",
    "publish",
    "unpublish",
    "retract",
    "delete",
    "restore",
)
EDIT_ACTIONS = ("edit_draft", "edit_published")
# "delete" is the workflow's (to the bin, restorable); "delete_for_good" the admin's own.
RECORD_ACTIONS = (*WORKFLOW_ACTIONS, *EDIT_ACTIONS, "delete_for_good")
# Actions on the desk as a whole rather than on one kind of record.
DESK_ACTIONS = ("merge", "assign")

MODELS = {
    "quote": QuoteFactory,
    "appearance": AppearanceFactory,
    "claim": ClaimFactory,
    "event": EventFactory,
    "person": PersonFactory,
    "organization": OrganizationFactory,
    "source": SourceFactory,
    "outlet": OutletFactory,
}

EXPECTED: dict[str, set[str]] = {
    "anonymous": set(),
    "contributor": {"submit", "edit_draft"},
    "factchecker": {
        "verify",
        "dispute",
        "reject",
        "send_back",
        "edit_draft",
        "edit_published",
    },
    "editor": {
        "submit",
        "publish",
        "unpublish",
        "retract",
        "delete",
        "restore",
        "edit_draft",
        "edit_published",
        "merge",
        "assign",
    },
    "administrator": {
        "submit",
        "verify",
        "dispute",
        "reject",
        "send_back",
        "publish",
        "unpublish",
        "retract",
        "edit_draft",
        "edit_published",
        "delete",
        "restore",
        "delete_for_good",
        "merge",
        "assign",
    },
}

# The state a record must be in for each workflow action to be possible at all, so that a
# refusal in the matrix can only come from the role.
SOURCE_STATE = {
    "submit": ReviewState.DRAFT,
    "verify": ReviewState.IN_REVIEW,
    "dispute": ReviewState.IN_REVIEW,
    "reject": ReviewState.IN_REVIEW,
    "send_back": ReviewState.IN_REVIEW,
    "publish": ReviewState.VERIFIED,
    "unpublish": ReviewState.PUBLISHED,
    "retract": ReviewState.PUBLISHED,
    "delete": ReviewState.DRAFT,
    "restore": ReviewState.DELETED,
}

DESK_PERMISSIONS = {"merge": "newsroom.merge_records", "assign": "newsroom.assign_review"}


def cells(actions, models=tuple(MODELS)) -> list:
    """One test case per role, action and model: (role, action, model_name, allowed)."""
    return [
        pytest.param(
            role, action, model_name, action in EXPECTED[role], id=f"{role}-{action}-{model_name}"
        )
        for role in ROLES
        for action in actions
        for model_name in models
    ]


def desk_cells() -> list:
    return [
        pytest.param(role, action, action in EXPECTED[role], id=f"{role}-{action}")
        for role in ROLES
        for action in DESK_ACTIONS
    ]


def record_by_author(model_name: str, state: str, author):
    """A record in `state`, created and last edited by a third user (never the one acting)."""
    return MODELS[model_name](state=state, created_by=author, last_edited_by=author)


# The table itself: it must name every role, action and editorial model there is.


def test_the_matrix_names_every_workflow_action():
    assert set(WORKFLOW_ACTIONS) == set(workflow.TRANSITIONS)
    assert set(SOURCE_STATE) == set(WORKFLOW_ACTIONS)


def test_the_matrix_names_every_editorial_model():
    editorial = {
        model._meta.model_name for model in apps.get_models() if issubclass(model, EditorialModel)
    }
    assert editorial == set(MODELS)


def test_the_expected_table_names_only_known_roles_and_actions():
    assert set(EXPECTED) == set(ROLES)
    for allowed in EXPECTED.values():
        assert allowed <= {*RECORD_ACTIONS, *DESK_ACTIONS}


# Column: the service layer.


@pytest.mark.parametrize(("role", "action", "model_name", "allowed"), cells(WORKFLOW_ACTIONS))
def test_workflow_action_through_the_service_layer(
    request, author, role, action, model_name, allowed
):
    user = request.getfixturevalue(role)
    record = record_by_author(model_name, SOURCE_STATE[action], author)

    refused = workflow.refusal(record, user, action)

    if allowed:
        assert refused is None
    else:
        assert isinstance(refused, NotPermitted), refused


@pytest.mark.parametrize(("role", "action", "model_name", "allowed"), cells(EDIT_ACTIONS))
def test_edit_through_the_service_layer(request, author, role, action, model_name, allowed):
    user = request.getfixturevalue(role)
    state = ReviewState.DRAFT if action == "edit_draft" else ReviewState.PUBLISHED
    record = record_by_author(model_name, state, author)
    model = type(record)

    if allowed:
        workflow.record_edit(record, user=user, reason="permission matrix")
        saved = model.objects.get(pk=record.pk)
        assert (saved.version, saved.last_edited_by) == (2, user)
    else:
        with pytest.raises(NotPermitted):
            workflow.record_edit(record, user=user, reason="permission matrix")
        saved = model.objects.get(pk=record.pk)
        assert (saved.version, saved.last_edited_by) == (1, author)
    assert workflow.may_edit(record, user) is allowed


@pytest.mark.parametrize(("role", "action", "model_name", "allowed"), cells(["delete_for_good"]))
def test_delete_permission(request, author, role, action, model_name, allowed):
    user = request.getfixturevalue(role)
    model = MODELS[model_name]._meta.model

    assert user.has_perm(f"{model._meta.app_label}.delete_{model_name}") is allowed


@pytest.mark.parametrize(("role", "action", "allowed"), desk_cells())
def test_desk_permission(request, role, action, allowed):
    user = request.getfixturevalue(role)

    assert user.has_perm(DESK_PERMISSIONS[action]) is allowed


# Column: the admin views. The same cells, asked of the pages an editor uses.


def admin_client_for(client, user):
    if user.is_authenticated:
        client.force_login(user)
    return client


def admin_url(record, view: str, *args) -> str:
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[record.pk, *args])


def refused_by_admin(response) -> bool:
    # Anonymous visitors are sent to the login page; signed-in users are told no.
    return response.status_code in (302, 403) and (
        response.status_code == 403 or "/admin/login/" in response["Location"]
    )


@pytest.mark.parametrize(("role", "action", "model_name", "allowed"), cells(WORKFLOW_ACTIONS))
def test_workflow_action_through_the_admin(
    request, client, author, role, action, model_name, allowed
):
    user = request.getfixturevalue(role)
    record = record_by_author(model_name, SOURCE_STATE[action], author)

    response = admin_client_for(client, user).get(admin_url(record, "transition", action))

    if allowed:
        assert response.status_code == 200
    else:
        assert refused_by_admin(response), response.status_code


@pytest.mark.parametrize(("role", "action", "model_name", "allowed"), cells(EDIT_ACTIONS))
def test_edit_through_the_admin(request, client, author, role, action, model_name, allowed):
    user = request.getfixturevalue(role)
    state = ReviewState.DRAFT if action == "edit_draft" else ReviewState.PUBLISHED
    record = record_by_author(model_name, state, author)

    response = admin_client_for(client, user).get(admin_url(record, "change"))

    if not user.is_authenticated:
        assert refused_by_admin(response)
    else:
        assert response.status_code == 200
        assert response.context["has_change_permission"] is allowed


@pytest.mark.parametrize(("role", "action", "model_name", "allowed"), cells(["delete_for_good"]))
def test_delete_through_the_admin(request, client, author, role, action, model_name, allowed):
    user = request.getfixturevalue(role)
    record = record_by_author(model_name, ReviewState.DRAFT, author)

    response = admin_client_for(client, user).get(admin_url(record, "delete"))

    if allowed:
        assert response.status_code == 200
    else:
        assert refused_by_admin(response), response.status_code


# Column: the REST API. The same cells, asked of the endpoints editors' tools call; an allowed
# move is carried out in full (with the note, evidence and correction it needs), a refused one
# must leave the record as it was.


def api_client_for(user) -> APIClient:
    api = APIClient()
    if user.is_authenticated:
        api.force_authenticate(user)
    return api


def api_url(record, view: str) -> str:
    return reverse(f"api:{record._meta.model_name}-{view}", args=[record.pk])


def everything_a_move_needs(record, action: str) -> dict:
    return {
        "action": action,
        "version": record.version,
        "note": "Permission matrix.",
        "checklist": {key: True for key, _ in workflow.checklist_for(record)},
        "evidence": [{"url": "https://example.org/wire", "checked": "matched the wire text"}],
        "correction": {"what_was_wrong": "A test error.", "what_changed": "Withdrawn."},
    }


def refused_by_api(response, user) -> bool:
    # Anonymous clients are asked to sign in; signed-in users are told their role may not.
    expected = 403 if user.is_authenticated else 401
    return response.status_code == expected and response.json()["code"] in {
        "not_authenticated",
        "permission_denied",
        "not_permitted",
    }


@pytest.mark.parametrize(("role", "action", "model_name", "allowed"), cells(WORKFLOW_ACTIONS))
def test_workflow_action_through_the_api(request, author, role, action, model_name, allowed):
    user = request.getfixturevalue(role)
    record = record_by_author(model_name, SOURCE_STATE[action], author)
    if model_name == "appearance":
        # Verifying a printing needs its words anchored in a snapshot, or a reason they are not.
        record.unanchored_reason = "paraphrase"
        record.save()

    response = api_client_for(user).post(
        api_url(record, "transition"), everything_a_move_needs(record, action), format="json"
    )

    saved = type(record).objects.get(pk=record.pk)
    if allowed:
        assert response.status_code == 200, response.json()
        assert saved.state == workflow.TRANSITIONS[action].target
        assert response.json()["state"] == saved.state
    else:
        assert refused_by_api(response, user), (response.status_code, response.json())
        assert (saved.state, saved.version) == (record.state, record.version)


@pytest.mark.parametrize(("role", "action", "model_name", "allowed"), cells(EDIT_ACTIONS))
def test_edit_through_the_api(request, author, role, action, model_name, allowed):
    user = request.getfixturevalue(role)
    state = ReviewState.DRAFT if action == "edit_draft" else ReviewState.PUBLISHED
    record = record_by_author(model_name, state, author)

    response = api_client_for(user).patch(
        api_url(record, "detail"),
        {"version": record.version, "reason": "permission matrix"},
        format="json",
    )

    saved = type(record).objects.get(pk=record.pk)
    if allowed:
        assert response.status_code == 200, response.json()
        assert (saved.version, saved.last_edited_by) == (2, user)
    else:
        assert refused_by_api(response, user), (response.status_code, response.json())
        assert (saved.version, saved.last_edited_by) == (1, author)


@pytest.mark.parametrize(("role", "action", "model_name", "allowed"), cells(["delete_for_good"]))
def test_delete_through_the_api(request, author, role, action, model_name, allowed):
    user = request.getfixturevalue(role)
    record = record_by_author(model_name, ReviewState.DRAFT, author)

    response = api_client_for(user).delete(api_url(record, "detail"))

    exists = type(record).objects.filter(pk=record.pk).exists()
    if allowed:
        assert response.status_code == 204
        assert not exists
    else:
        assert refused_by_api(response, user), (response.status_code, response.json())
        assert exists


@pytest.mark.parametrize(
    ("role", "allowed"),
    [pytest.param(role, "assign" in EXPECTED[role], id=f"{role}-assign") for role in ROLES],
)
def test_assign_through_the_api(request, author, factchecker, role, allowed):
    user = request.getfixturevalue(role)
    record = record_by_author("quote", ReviewState.IN_REVIEW, author)

    response = api_client_for(user).post(
        api_url(record, "assign"), {"assignee": factchecker.username}, format="json"
    )

    saved = type(record).objects.get(pk=record.pk)
    if allowed:
        assert response.status_code == 200, response.json()
        assert saved.assigned_to == factchecker
    else:
        assert refused_by_api(response, user), (response.status_code, response.json())
        assert saved.assigned_to is None
