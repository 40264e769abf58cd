"""Settings read from the environment: safe by default, failing early when misconfigured.

Each test starts a fresh interpreter with a controlled environment, since settings are read
once per process and the test run's own settings must not leak in.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "Zp3vQ8tLx2Nw7Kc4Rm9Yb6Hd1Gf5Js0Ae8Ut3Wq7Vn2Ko4Ci6Pl9Mx1By5Dh3Fr"
PRODUCTION = {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ALLOWED_HOSTS": "quotes.example.org"}

# Prints the settings the tests look at, as JSON on the last line of standard output.
SHOW_SETTINGS = """
import json
import django
from django.conf import settings

django.setup()
database = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "ENGINE": database["ENGINE"],
    "NAME": str(database["NAME"]),
    "HOST": database.get("HOST", ""),
}))
"""

SHOW_JOURNAL_MODE = """
import django
from django.db import connection

django.setup()
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(cursor.fetchone()[0])
"""


@pytest.fixture
def run_python(tmp_path):
    """Run Python in the project folder with only the given DJANGO_* and DATABASE_URL variables.

    The positional arguments follow the interpreter: a script and its arguments, or "-c", code.
    """

    def run(*arguments: str, **variables: str) -> subprocess.CompletedProcess:
        environment = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith("DJANGO_") and name != "DATABASE_URL"
        }
        environment["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
        # Never the project's own database file, even for a setting that is only read.
        environment["DJANGO_SQLITE_PATH"] = str(tmp_path / "db.sqlite3")
        environment.update(variables)
        return subprocess.run(
            [sys.executable, *arguments],
            cwd=PROJECT_ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


def settings_shown(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_secret_key_the_app_refuses_to_start(run_python):
    result = run_python("-c", SHOW_SETTINGS, DJANGO_ALLOWED_HOSTS="quotes.example.org")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_without_any_environment_the_app_refuses_to_start(run_python):
    result = run_python("-c", SHOW_SETTINGS)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "weak_key",
    [
        "django-insecure-" + STRONG_KEY,
        "short-but-random-9Qx",
        "ab" * 40,
    ],
    ids=["django-insecure-prefix", "short", "few-distinct-characters"],
)
def test_a_weak_secret_key_is_refused_with_debug_off(run_python, weak_key):
    result = run_python(
        "-c", SHOW_SETTINGS, DJANGO_SECRET_KEY=weak_key, DJANGO_ALLOWED_HOSTS="quotes.example.org"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


@pytest.mark.parametrize("hosts", [None, "", " , "])
def test_missing_allowed_hosts_are_refused_with_debug_off(run_python, hosts):
    variables = {"DJANGO_SECRET_KEY": STRONG_KEY}
    if hosts is not None:
        variables["DJANGO_ALLOWED_HOSTS"] = hosts
    result = run_python("-c", SHOW_SETTINGS, **variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_debug_is_off_unless_asked_for(run_python):
    shown = settings_shown(run_python("-c", SHOW_SETTINGS, **PRODUCTION))
    assert shown["DEBUG"] is False
    assert shown["SECRET_KEY"] == STRONG_KEY
    assert shown["ALLOWED_HOSTS"] == ["quotes.example.org"]


def test_allowed_hosts_are_read_as_a_comma_separated_list(run_python):
    shown = settings_shown(
        run_python(
            "-c",
            SHOW_SETTINGS,
            DJANGO_SECRET_KEY=STRONG_KEY,
            DJANGO_ALLOWED_HOSTS=" quotes.example.org , www.example.org,",
        )
    )
    assert shown["ALLOWED_HOSTS"] == ["quotes.example.org", "www.example.org"]


def test_an_unreadable_debug_flag_is_refused(run_python):
    result = run_python("-c", SHOW_SETTINGS, DJANGO_DEBUG="maybe", **PRODUCTION)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def test_with_debug_on_the_app_starts_without_a_key_or_hosts(run_python):
    shown = settings_shown(run_python("-c", SHOW_SETTINGS, DJANGO_DEBUG="1"))
    assert shown["DEBUG"] is True
    # The development key is marked insecure, so Django's deploy checks flag it if it leaks.
    assert shown["SECRET_KEY"].startswith("django-insecure")
    assert "localhost" in shown["ALLOWED_HOSTS"]


def test_with_debug_on_manage_py_check_passes(run_python):
    result = run_python("manage.py", "check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_sqlite_is_the_default_database(run_python, tmp_path):
    shown = settings_shown(run_python("-c", SHOW_SETTINGS, **PRODUCTION))
    assert shown["ENGINE"] == "django.db.backends.sqlite3"
    assert shown["NAME"] == str(tmp_path / "db.sqlite3")


def test_sqlite_runs_with_the_write_ahead_log(run_python, tmp_path):
    result = run_python("-c", SHOW_JOURNAL_MODE, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"
    assert (tmp_path / "db.sqlite3").exists()


def test_database_url_switches_to_postgresql(run_python):
    shown = settings_shown(
        run_python(
            "-c",
            SHOW_SETTINGS,
            DATABASE_URL="postgres://desk:secret@db.example.org:5432/provenance",
            **PRODUCTION,
        )
    )
    assert shown["ENGINE"] == "django.db.backends.postgresql"
    assert shown["NAME"] == "provenance"
    assert shown["HOST"] == "db.example.org"
