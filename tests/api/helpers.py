"""Helpers shared by the API tests: clients, reading lists, the demo with its seed texts."""

import io

from django.core.management import call_command
from rest_framework.test import APIClient

from tests.seeds import find_seeds


def load_demo() -> bool:
    """Load the demo newsroom, with the articles' text when available; True if it has it."""
    seeds = find_seeds()
    args = ["--with-text", str(seeds)] if seeds else []
    call_command("load_demo", *args, stdout=io.StringIO())
    return seeds is not None


def api(user=None) -> APIClient:
    """An API client signed in as `user` (anonymous for None)."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def read(client: APIClient, url: str, params=None, status=200) -> dict:
    """The JSON body of a GET, after checking its status."""
    response = client.get(url, params or {})
    assert response.status_code == status, response.content
    return response.json()


def client_for(user=None) -> APIClient:
    """An API client signed in as `user` (anonymous for None); errors answer as in production."""
    api = APIClient()
    api.raise_request_exception = False
    if user is not None:
        api.force_authenticate(user)
    return api


def every_row(api: APIClient, url: str, **params) -> list[dict]:
    """All the rows of a list, following its `next` links."""
    rows, response = [], api.get(url, {"page_size": 100, **params})
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        if not body["next"]:
            return rows
        response = api.get(body["next"])


def ids(rows: list[dict]) -> set[str]:
    return {row["id"] for row in rows}


def pks(records) -> set[str]:
    return {str(record.pk) for record in records}
