"""Limits: anonymous and signed-in clients are throttled, page sizes are capped."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from newsroom.api.pagination import MAX_PAGE_SIZE

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(monkeypatch):
    # DRF binds the rates when the throttle classes are defined; the cache holds the history.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "5/min"})
    cache.clear()
    yield
    cache.clear()


def test_anonymous_clients_are_throttled_with_retry_after(low_rates):
    api = APIClient()
    url = reverse("api:api-root")
    assert [api.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "throttled"
    assert "seconds" in refused.json()["message"]


def test_signed_in_clients_have_their_own_higher_limit(low_rates, editor):
    api = APIClient()
    api.force_authenticate(editor)
    url = reverse("api:api-root")
    assert [api.get(url).status_code for _ in range(5)] == [200] * 5
    assert api.get(url).status_code == 429
    # Another client is not held back by the one that was throttled.
    assert APIClient().get(url).status_code == 200


def test_password_guessing_for_a_token_is_throttled(low_rates):
    api = APIClient()
    url = reverse("api:token")
    statuses = [
        api.post(url, {"username": "ed", "password": f"guess{n}"}).status_code for n in range(4)
    ]
    assert statuses == [400, 400, 400, 429]


@pytest.mark.parametrize("name", ["api:quote-list", "api:claim-list", "api:person-list"])
def test_a_page_size_over_the_cap_is_cut_to_the_cap(db, name):
    from tests.factories import ClaimFactory, PersonFactory, QuoteFactory

    factory = {"api:quote-list": QuoteFactory, "api:claim-list": ClaimFactory}.get(
        name, PersonFactory
    )
    factory.create_batch(MAX_PAGE_SIZE + 5)
    response = APIClient().get(reverse(name), {"page_size": 100000})
    assert response.status_code == 200
    assert len(response.json()["results"]) == MAX_PAGE_SIZE
