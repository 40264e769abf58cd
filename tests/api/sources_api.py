"""Helpers for the tests of the quotations, appearances, sources and outlets endpoints."""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from rest_framework.test import APIClient


def seeds_folder() -> Path | None:
    """The two seed articles, when this machine has them (anchors and snapshots need them)."""
    for folder in (Path(settings.BASE_DIR).parent / "shared" / "seeds", Path("/work/shared/seeds")):
        if (folder / "gold.json").is_file():
            return folder
    return None


def load_demo() -> bool:
    """Load the demo newsroom, with the articles' text when available; True if it has it."""
    seeds = seeds_folder()
    args = ["--with-text", str(seeds)] if seeds else []
    call_command("load_demo", *args, stdout=io.StringIO())
    return seeds is not None


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
