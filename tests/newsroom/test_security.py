"""Production hardening: security headers and cookies, the deploy check, the shared throttle cache.

The headers are checked on the four kinds of response a visitor meets (a public page, an admin
page, an API response, a 404), asked for over HTTPS as production serves them.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "Zp3vQ8tLx2Nw7Kc4Rm9Yb6Hd1Gf5Js0Ae8Ut3Wq7Vn2Ko4Ci6Pl9Mx1By5Dh3Fr"
PRODUCTION = {
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "DJANGO_ALLOWED_HOSTS": "quotes.example.org,127.0.0.1",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}
PAGES = {
    "public page": "/",
    "admin page": "/admin/login/",
    "API response": "/api/quotes/",
    "404": "/no-such-page/",
}


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_every_kind_of_response_carries_the_security_headers(client, path):
    response = client.get(path, secure=True)
    assert response.status_code == (404 if path == "/no-such-page/" else 200)
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    directives = csp_directives(response)
    assert directives["default-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["script-src"][0] == "'self'"
    # Scripts never get 'unsafe-inline' or 'unsafe-eval', on any page.
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(directives["script-src"])


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/docs/", "/quotes/", "/timeline/"])
def test_pages_other_than_the_browsable_api_allow_no_inline_styles(client, path):
    response = client.get(path, secure=True)
    assert response.status_code == 200
    assert csp_directives(response)["style-src"] == ["'self'"]


def test_the_browsable_api_alone_allows_inline_styles(client):
    browsable = client.get("/api/quotes/", {"format": "api"}, secure=True)
    assert csp_directives(browsable)["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-inline'" not in csp_directives(browsable)["script-src"]
    as_json = client.get("/api/quotes/", secure=True)
    assert csp_directives(as_json)["style-src"] == ["'self'"]


def test_plain_http_gets_no_hsts(client):
    # Browsers ignore HSTS over HTTP; production redirects HTTP to HTTPS before it is seen.
    assert "Strict-Transport-Security" not in client.get("/", secure=False)


def cookie_flags(cookie) -> tuple:
    return bool(cookie["secure"]), bool(cookie["httponly"]), cookie["samesite"]


def test_session_and_csrf_cookies_are_secure_httponly_and_same_site(client):
    UserFactory(username="ed", is_staff=True)
    form = client.get("/admin/login/", secure=True)
    assert cookie_flags(form.cookies[settings.CSRF_COOKIE_NAME]) == (True, True, "Lax")
    signed_in = client.post(
        "/admin/login/?next=/admin/",
        {"username": "ed", "password": "correct horse battery staple"},
        secure=True,
    )
    assert signed_in.status_code == 302
    assert cookie_flags(signed_in.cookies[settings.SESSION_COOKIE_NAME]) == (True, True, "Lax")


def run_python(*arguments: str, **variables: str) -> subprocess.CompletedProcess:
    """manage.py in a fresh interpreter with the production settings, not the test settings."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    environment.update(variables)
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_passes_with_production_settings(tmp_path):
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_deploy_check_fails_when_hsts_is_turned_off(tmp_path):
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        DJANGO_HSTS_SECONDS="0",
        **PRODUCTION,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


def test_redis_url_switches_the_shared_cache_to_redis(tmp_path):
    shown = run_python(
        "-c",
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])",
        DJANGO_SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        REDIS_URL="redis://127.0.0.1:6379/1",
        **PRODUCTION,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/1",
    ]


@pytest.fixture
def database_cache():
    """The production CACHES (the database cache), with its table, for one test."""
    with override_settings(CACHES=settings.PRODUCTION_CACHES):
        call_command("createcachetable", verbosity=0)
        yield caches["default"]


def test_drf_throttles_count_in_the_database_cache(database_cache, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "5/min"})
    assert isinstance(database_cache, DatabaseCache)
    url = reverse("api:api-root")
    assert [APIClient().get(url).status_code for _ in range(3)] == [200, 200, 200]
    # The count is a row of the cache table, where every worker on this database reads it.
    table = connection.ops.quote_name(settings.PRODUCTION_CACHES["default"]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("throttle_anon_" in key for key in keys), keys
    # A new cache connection, as another worker process would open, sees the same history.
    del caches["default"]
    assert cache.get(next(key for key in keys if "throttle_anon_" in key).split(":", 2)[-1])
    assert APIClient().get(url).status_code == 429


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_workers(tmp_path):
    """gunicorn with two workers on the production settings, over a migrated SQLite file."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        pytest.fail(f"{gunicorn} is missing: `make setup` installs it")
    environment = {
        **PRODUCTION,
        "DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "DJANGO_API_ANON_RATE": "5/minute",
    }
    migrated = run_python("manage.py", "migrate", "--no-input", "-v0", **environment)
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    server = subprocess.Popen(
        [
            str(gunicorn),
            "newsroom.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            # The app loads once, before the workers fork: they are ready as soon as the port
            # answers, and a slow machine does not kill workers still loading (--timeout).
            "--preload",
            "--timeout",
            "120",
            "--pid",
            str(tmp_path / "gunicorn.pid"),
            "--control-socket",
            str(tmp_path / "gunicorn.ctl"),
        ],
        cwd=PROJECT_ROOT,
        env={
            # The SQLite file just migrated, whatever database the test run itself uses.
            **{
                name: value
                for name, value in os.environ.items()
                if not name.startswith("DJANGO_") and name not in {"DATABASE_URL", "REDIS_URL"}
            },
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            **environment,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not start in 60 seconds"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def fetch(url: str) -> int:
    """One request on its own connection, as HTTPS behind a proxy; its status."""
    request = urllib.request.Request(
        url, headers={"Host": "quotes.example.org", "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=90) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_two_gunicorn_workers_share_one_throttle_count(two_workers):
    statuses = [fetch(f"{two_workers}/api/") for _ in range(12)]
    # Five requests a minute for the one anonymous address, however the two workers shared
    # them out: with a cache per worker, up to ten would have been let through.
    assert statuses == [200] * 5 + [429] * 7
