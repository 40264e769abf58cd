"""The OpenAPI schema and its docs: valid, complete with errors, served without any CDN."""

import io
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from newsroom.api.schema import DELETE_ERRORS, READ_ERRORS, WRITE_ERRORS

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema() -> dict:
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return yaml.safe_load(out.getvalue())


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "patch", "delete", "put"}:
                yield path, method, operation


def test_the_schema_validates_without_warnings(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Provenance desk API"


@pytest.mark.parametrize(
    "path",
    [
        "/api/quotes/",
        "/api/quotes/{id}/",
        "/api/appearances/",
        "/api/people/",
        "/api/organizations/",
        "/api/outlets/",
        "/api/sources/",
        "/api/claims/",
        "/api/events/",
        "/api/timeline/",
        "/api/export/",
        "/api/token/",
    ],
)
def test_every_endpoint_is_in_the_schema(schema, path):
    assert path in schema["paths"]


def test_every_operation_describes_its_errors_in_the_one_error_shape(schema):
    for path, method, operation in operations(schema):
        expected = READ_ERRORS if method == "get" else WRITE_ERRORS
        if method == "delete":
            expected = DELETE_ERRORS
        missing = [code for code in expected if code not in operation["responses"]]
        assert not missing, f"{method.upper()} {path} does not describe {missing}"
        for code in expected:
            content = operation["responses"][code]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (path, code)


def test_every_filter_is_described(schema):
    undescribed = [
        f"{method.upper()} {path}?{parameter['name']}"
        for path, method, operation in operations(schema)
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and not parameter.get("description", "").strip()
    ]
    assert undescribed == []


def test_the_schema_is_served(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    assert b"openapi: 3" in response.content


def test_the_docs_load_every_script_and_style_from_our_own_static_files(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    for asset in assets:
        assert not re.match(r"^(https?:)?//", asset), f"{asset} is fetched from another site"
        if asset.startswith("/static/"):
            assert client.get(asset).status_code == 200, asset


def test_swagger_ui_has_no_inline_script(client):
    # A strict Content Security Policy (next issue) blocks inline scripts.
    html = client.get(reverse("api:docs")).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html)


def test_no_pattern_calls_a_slug_in_another_script_invalid(schema):
    # OpenAPI's regular expressions are ECMAScript's, where \w is ASCII only: a pattern with it
    # would call "عبد-الله" (a slug the server makes and accepts) invalid.
    def patterns(node):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                yield node["pattern"]
            for value in node.values():
                yield from patterns(value)
        elif isinstance(node, list):
            for value in node:
                yield from patterns(value)

    assert [p for p in patterns(schema) if "\\w" in p] == []


def test_the_committed_schema_is_the_one_the_code_generates():
    # A change of permissions, fields or errors shows in review as a change of this file.
    committed = (Path(settings.BASE_DIR) / "docs" / "openapi.yaml").read_text(encoding="utf-8")
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert out.getvalue() == committed, (
        "docs/openapi.yaml is out of date: run `make schema` and review the difference."
    )
