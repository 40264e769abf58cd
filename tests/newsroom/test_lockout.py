"""Brute force: admin and API logins lock out after repeated failures, with a clear message."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def editor_account():
    return UserFactory(username="ed", is_staff=True, is_superuser=True)


def admin_login(client, password: str, username: str = "ed", address: str = "203.0.113.7"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, secure=True
    )


def token_request(api, password: str, username: str = "ed", address: str = "203.0.113.7"):
    return api.post(
        reverse("api:token"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        secure=True,
    )


def test_the_failure_limit_is_five_by_default():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_the_admin_locks_out_after_five_failures_even_with_the_right_password(
    client, editor_account
):
    failures = [admin_login(client, f"guess-{n}").status_code for n in range(4)]
    # The admin answers a wrong password with the form again (200) until the limit...
    assert failures == [200, 200, 200, 200]
    fifth = admin_login(client, "guess-5")
    assert fifth.status_code == 429
    # ... and then even the right password is refused, with a page that says why.
    refused = admin_login(client, PASSWORD)
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/html")
    page = refused.content.decode()
    assert "Signing in is blocked" in page
    assert "Too many failed sign-in attempts" in page
    assert "15 minutes" in page
    assert int(refused["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session
    attempt = AccessAttempt.objects.get(username="ed", ip_address="203.0.113.7")
    assert attempt.failures_since_start >= 5


def test_the_lockout_holds_one_username_from_one_address(client, editor_account):
    for n in range(5):
        admin_login(client, f"guess-{n}")
    assert admin_login(client, PASSWORD).status_code == 429
    # The same account from another address, and another account from the same address,
    # still sign in: the key is the pair.
    other_address = admin_login(client, PASSWORD, address="198.51.100.9")
    assert other_address.status_code == 302
    assert other_address["Location"] == "/admin/"
    client.logout()
    UserFactory(username="fact", is_staff=True)
    assert admin_login(client, PASSWORD, username="fact").status_code == 302


def test_successful_logins_never_lock_out_and_reset_the_count(client, editor_account):
    for _ in range(8):
        response = admin_login(client, PASSWORD)
        assert response.status_code == 302
        client.logout()
    for n in range(4):
        admin_login(client, f"guess-{n}")
    assert admin_login(client, PASSWORD).status_code == 302
    client.logout()
    # The success wiped the four failures: four more still leave the account open.
    for n in range(4):
        assert admin_login(client, f"again-{n}").status_code == 200
    assert admin_login(client, PASSWORD).status_code == 302


def test_the_api_token_endpoint_locks_out_with_a_json_message(editor_account):
    api = APIClient()
    statuses = [token_request(api, f"guess-{n}").status_code for n in range(4)]
    assert statuses == [400, 400, 400, 400]
    assert token_request(api, "guess-5").status_code == 429
    refused = token_request(api, PASSWORD)
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/json")
    body = refused.json()
    assert body["code"] == "locked_out"
    assert "Too many failed sign-in attempts" in body["message"]
    assert "token" not in body
    assert int(refused["Retry-After"]) == 15 * 60
    # Another address is not held back.
    allowed = token_request(APIClient(), PASSWORD, address="198.51.100.9")
    assert allowed.status_code == 200
    assert allowed.json()["token"]


def test_admin_and_api_failures_count_together(client, editor_account):
    api = APIClient()
    for n in range(3):
        admin_login(client, f"guess-{n}")
    for n in range(2):
        token_request(api, f"guess-{n}")
    assert token_request(api, PASSWORD).status_code == 429
    assert admin_login(client, PASSWORD).status_code == 429
