"""Schemathesis fuzzes every operation in /api/schema/: no server error, responses as described.

Each operation gets the same number of generated requests (Hypothesis, derandomized so a failure
repeats), first as an anonymous client and then as a signed-in editor, whose writes reach the
validation and the workflow. Every response must be a success or an error the schema names for
that operation, with a body of the described shape.
"""

import io

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

# Requests per operation for each kind of client; the schema has enough operations that the
# total passes 2,000 (asserted below, from what was actually sent).
EXAMPLES_PER_OPERATION = 35
MINIMUM_REQUESTS = 2000
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    # Each request starts and finishes with close_old_connections(), which on PostgreSQL closes
    # the connection holding the test's transaction. Django's test client disconnects it for
    # its requests; schemathesis calls the WSGI handler itself, so this does the same.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def fuzz(headers: dict) -> int:
    """Send generated requests to every operation; return how many were sent."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())
    sent = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            nonlocal sent
            response = case.call(headers=headers)
            sent += 1
            case.validate_response(response, checks=CHECKS)

        check()
    return sent


def test_anonymous_fuzzing_finds_no_server_error_and_no_undescribed_response(demo):
    sent = fuzz({})
    print(f"schemathesis: {sent} requests as an anonymous client")
    assert sent >= MINIMUM_REQUESTS


def test_editor_fuzzing_finds_no_server_error_and_no_undescribed_response(demo, editor):
    token = Token.objects.create(user=editor)
    sent = fuzz({"Authorization": f"Token {token.key}"})
    print(f"schemathesis: {sent} requests as an editor")
    assert sent >= MINIMUM_REQUESTS
