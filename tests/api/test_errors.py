"""Every API error is JSON with a message and a code: unknown addresses, refusals, bad bodies."""

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from newsroom.api.errors import exception_handler
from newsroom.workflow import StaleRecord
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert body["message"].strip()
    return body


def test_an_unknown_api_address_is_a_json_404(api):
    body = assert_error(api.get("/api/no-such-thing/"), 404, "not_found")
    assert "/api/no-such-thing/" in body["message"]


def test_a_write_to_the_api_root_is_refused_as_json(api):
    assert_error(api.post(reverse("api:api-root"), {}), 401, "not_authenticated")


def test_a_bad_token_is_refused_as_json(api):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(api.get(reverse("api:api-root")), 401, "authentication_failed")


def test_malformed_json_is_a_400_with_a_message(api):
    UserFactory(username="ed", password="a long enough password")
    response = api.post(
        reverse("api:token"), data='{"username": "ed", ', content_type="application/json"
    )
    body = assert_error(response, 400, "parse_error")
    assert "JSON" in body["message"]


def test_a_token_is_given_for_a_username_and_password(api):
    UserFactory(username="ed", password="a long enough password")
    response = api.post(
        reverse("api:token"), {"username": "ed", "password": "a long enough password"}
    )
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get(reverse("api:api-root")).status_code == 200


def test_a_wrong_password_gets_no_token_and_field_errors(api):
    UserFactory(username="ed", password="a long enough password")
    response = api.post(reverse("api:token"), {"username": "ed", "password": "guess"})
    body = assert_error(response, 400, "invalid")
    assert body["errors"]["non_field_errors"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_size_cap_is_refused_with_413(api):
    response = api.post(
        reverse("api:token"),
        data='{"username": "' + "x" * 2000 + '"}',
        content_type="application/json",
    )
    body = assert_error(response, 413, "too_large")
    assert "1000" in body["message"]


def test_a_stale_record_names_the_current_version():
    person = PersonFactory()
    copy = type(person).objects.get(pk=person.pk)
    person.save()
    response = exception_handler(StaleRecord(copy, type(person).objects.get(pk=person.pk)), {})
    assert response.status_code == 409
    assert response.data["code"] == "stale"
    assert response.data["current_version"] == 2
    assert "version 1" in response.data["message"]


def test_a_failure_inside_the_api_is_a_json_500_without_a_traceback(client, monkeypatch):
    from newsroom.api import views

    def fail(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(views.TokenView, "post", fail)
    client.raise_request_exception = False
    response = client.post(reverse("api:token"), {"username": "x", "password": "y"})
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "database on fire" not in response.content.decode()


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        # Python accepts offsets up to a day, PostgreSQL only up to ±15:59.
        ("2020-10-20T00:02:16-21:57", 200),
        ("0001-01-01T00:00:00+23:00", 400),
        ("not a moment", 400),
    ],
)
def test_updated_since_takes_any_offset_python_reads_or_says_why_not(api, moment, status):
    response = api.get("/api/claims/", {"updated_since": moment})
    assert response.status_code == status, response.content
    if status == 400:
        assert "updated_since" in response.json()["errors"]
