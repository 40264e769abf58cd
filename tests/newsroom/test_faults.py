"""A database that is locked, full or stopped: a quick 503 with Retry-After, then recovery."""

import contextlib
import json
import logging
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import dj_database_url
import psycopg
import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import InterfaceError, OperationalError, connection, connections, transaction
from django.db.utils import load_backend
from django.test import Client, override_settings
from django.urls import reverse

from newsroom.middleware import is_database_unavailable
from sources.models import Person
from tests.api.helpers import client_for
from tests.conftest import role_user
from tests.factories import UserFactory

PEOPLE = reverse("api:person-list")
QUOTES = reverse("api:quote-list")
# A refusal must come back at once, not after a proxy's or gunicorn's timeout: this bound is the
# behaviour "quickly", far above the few milliseconds it takes, far below any timeout.
QUICK = 2.0
# The SQLite busy timeout in these tests: a locked write waits this long, then gives up.
LOCK_TIMEOUT = 0.5
PASSWORD = "correct horse battery staple"
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))


def assert_unavailable(response, elapsed: float, *, api: bool) -> str:
    """A 503 with Retry-After, quickly, in the right format, and nothing of the error in it."""
    body = response.content.decode() if hasattr(response, "content") else response.body
    assert response.status_code == 503, body
    assert response["Retry-After"] == "30"
    assert elapsed < QUICK, f"the 503 took {elapsed:.2f} s"
    for leak in ("Traceback", "OperationalError", "InterfaceError", "locked", "disk is full"):
        assert leak not in body
    if api:
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["code"] == "unavailable"
        assert "try again in 30 seconds" in response.json()["message"]
    else:
        assert response["Content-Type"].startswith("text/html")
        assert "<h1>Temporarily unavailable</h1>" in body
        assert "try again in 30 seconds" in body
    return body


def timed(call, *args, **kwargs):
    started = time.monotonic()
    response = call(*args, **kwargs)
    return response, time.monotonic() - started


def page_client() -> Client:
    return Client(raise_request_exception=False)


# The rule: what counts as "unavailable"


def driver_error(sql: str) -> Exception:
    """The error the database itself raises for `sql`, as Django hands it to a view."""
    with pytest.raises(Exception) as raised, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    return raised.value


@pytest.mark.django_db
def test_a_missing_table_is_a_programming_error_not_an_outage():
    error = driver_error("SELECT * FROM no_such_table_anywhere")

    assert not is_database_unavailable(error)


def wrapped(django_error: type, cause: Exception) -> Exception:
    """A driver's error as Django raises it: Django's class, the driver's error as the cause."""
    try:
        raise django_error(*cause.args) from cause
    except django_error as error:
        return error


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (wrapped(OperationalError, psycopg.OperationalError("connection refused")), True),
        (wrapped(OperationalError, psycopg.errors.AdminShutdown("terminating")), True),
        (wrapped(OperationalError, psycopg.errors.DiskFull("could not extend file")), True),
        (wrapped(OperationalError, psycopg.errors.QueryCanceled("statement timeout")), True),
        (wrapped(OperationalError, psycopg.errors.TooManyConnections("too many")), True),
        (wrapped(InterfaceError, psycopg.InterfaceError("the connection is closed")), True),
        # Errors of the code, not of the database's health: a query too complex to plan.
        (wrapped(OperationalError, psycopg.errors.StatementTooComplex("too complex")), False),
        (wrapped(OperationalError, psycopg.errors.InsufficientPrivilege("denied")), False),
        (OperationalError("database or disk is full"), True),
        (OperationalError("could not write to file: No space left on device"), True),
        (OperationalError("no such column: sources_person.nickname"), False),
        (InterfaceError("Error binding parameter 0"), False),
        (ValueError("database is locked"), False),
    ],
)
def test_which_errors_mean_the_database_is_unavailable(error, unavailable):
    assert is_database_unavailable(error) is unavailable


def sqlite_error(code: int, message: str) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize(
    ("code", "unavailable"),
    [
        (sqlite3.SQLITE_BUSY, True),
        (sqlite3.SQLITE_FULL, True),
        (sqlite3.SQLITE_IOERR_WRITE, True),
        (sqlite3.SQLITE_CANTOPEN, True),
        # "no such table", "no such column", a syntax error.
        (sqlite3.SQLITE_ERROR, False),
        (sqlite3.SQLITE_READONLY, False),
    ],
)
def test_sqlite_result_codes_decide_and_not_the_wording(code, unavailable):
    # The wording says "locked" for every case; only the code may decide.
    error = wrapped(OperationalError, sqlite_error(code, "database is locked"))

    assert is_database_unavailable(error) is unavailable


# A database that fails on every query: a page and the API answer 503, a bug still answers 500


def failing(message: str, *, writes_only: bool = False):
    def execute(execute, sql, params, many, context):
        if not writes_only or sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise OperationalError(message)
        return execute(sql, params, many, context)

    return connection.execute_wrapper(execute)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "message",
    [
        "database or disk is full",
        'could not extend file "base/16384/16999": No space left on device',
        "disk I/O error",
    ],
)
def test_a_full_disk_answers_pages_with_a_quick_html_503(message, caplog):
    with failing(message):
        response, elapsed = timed(page_client().get, "/")

    assert_unavailable(response, elapsed, api=False)
    assert message not in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    faults = [r for r in caplog.records if r.name == "newsroom.faults"]
    assert len(faults) == 1
    assert faults[0].levelno == logging.ERROR
    assert faults[0].exc_info is None
    assert "GET /" in faults[0].getMessage() and message in faults[0].getMessage()
    # One line only: Django's request logger does not repeat it, with or without a traceback.
    assert not [r for r in caplog.records if r.name == "django.request"]


@pytest.mark.django_db
def test_a_full_disk_refuses_an_api_write_with_a_json_503_and_saves_nothing(contributor, caplog):
    with failing("database or disk is full", writes_only=True):
        response, elapsed = timed(client_for(contributor).post, PEOPLE, {"name": "Nur Bekri"})

    assert_unavailable(response, elapsed, api=True)
    assert not Person.objects.filter(name="Nur Bekri").exists()
    faults = [r for r in caplog.records if r.name == "newsroom.faults"]
    assert len(faults) == 1
    assert f"POST {PEOPLE}" in faults[0].getMessage()
    assert not [r for r in caplog.records if r.name == "django.request"]


@pytest.mark.django_db
def test_an_api_read_on_a_full_disk_is_a_json_503():
    with failing("database or disk is full"):
        response, elapsed = timed(client_for().get, QUOTES, HTTP_ACCEPT="application/json")

    assert_unavailable(response, elapsed, api=True)


@pytest.mark.django_db
def test_an_admin_sign_in_on_a_full_disk_is_an_html_503():
    UserFactory(username="desk", is_staff=True, password=PASSWORD)

    with failing("database or disk is full", writes_only=True):
        response, elapsed = timed(
            page_client().post,
            reverse("admin:login"),
            {"username": "desk", "password": PASSWORD, "next": "/admin/"},
        )

    assert_unavailable(response, elapsed, api=False)
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
@override_settings(DATABASE_UNAVAILABLE_RETRY_AFTER=120)
def test_the_retry_after_delay_is_a_setting():
    with failing("database is locked"):
        page = page_client().get("/")
        api = client_for().get(QUOTES, HTTP_ACCEPT="application/json")

    assert (page.status_code, page["Retry-After"]) == (503, "120")
    assert (api.status_code, api["Retry-After"]) == (503, "120")
    assert "try again in 120 seconds" in page.content.decode()


@pytest.mark.django_db
def test_a_programming_error_in_the_database_stays_a_500():
    """A missing table is a bug to fix, not an outage to wait out: it is not disguised as 503."""

    def missing_table(execute, sql, params, many, context):
        return execute("SELECT * FROM no_such_table_anywhere", None, False, context)

    with connection.execute_wrapper(missing_table):
        page = page_client().get("/")
        api = client_for().get(QUOTES, HTTP_ACCEPT="application/json")

    assert page.status_code == 500
    assert api.status_code == 500
    assert "Retry-After" not in page and "Retry-After" not in api


# A real SQLite file, write-locked by another connection


@contextlib.contextmanager
def default_database(settings_dict: dict):
    """Point the `default` alias at another database for a while, as a fresh connection."""
    configured = connections.configure_settings({"default": dict(settings_dict)})["default"]
    wrapper = load_backend(configured["ENGINE"]).DatabaseWrapper(configured, "default")
    previous = getattr(connections._connections, "default", None)
    connections._connections.default = wrapper
    # Content types are cached by alias; the other database numbers them its own way.
    ContentType.objects.clear_cache()
    try:
        yield wrapper
    finally:
        wrapper.close()
        if previous is None:
            del connections._connections.default
        else:
            connections._connections.default = previous
        ContentType.objects.clear_cache()


def migrate() -> None:
    call_command("migrate", verbosity=0, interactive=False)


def sqlite_settings(path: Path) -> dict:
    """settings.py's SQLite database (write-ahead log, IMMEDIATE), with a short busy timeout."""
    default = settings.DATABASES["default"]
    options = (
        default["OPTIONS"]
        if default["ENGINE"] == "django.db.backends.sqlite3"
        else {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {**options, "timeout": LOCK_TIMEOUT},
    }


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory, django_db_blocker) -> Path:
    """A migrated SQLite file, made once and copied for each test."""
    path = tmp_path_factory.mktemp("faults") / "template.sqlite3"
    with django_db_blocker.unblock(), default_database(sqlite_settings(path)):
        migrate()
    return path


@pytest.fixture
def sqlite_file(sqlite_template, tmp_path, django_db_blocker) -> Path:
    """The `default` database is a real SQLite file for this test, whatever the suite runs on."""
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(sqlite_template, path)
    with django_db_blocker.unblock(), default_database(sqlite_settings(path)):
        yield path


@contextlib.contextmanager
def write_lock(path: Path):
    """Another process's transaction holding the write lock, as a long import or a backup does."""
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        holder.close()


def test_an_api_write_to_a_locked_sqlite_database_is_a_503_then_succeeds(sqlite_file):
    api = client_for(role_user("contributor", "contributor"))

    with write_lock(sqlite_file):
        response, elapsed = timed(api.post, PEOPLE, {"name": "Nur Bekri"})

    assert_unavailable(response, elapsed, api=True)
    # It waited out the busy timeout, no longer: SQLite's `timeout` is the response time.
    assert elapsed >= LOCK_TIMEOUT
    assert not Person.objects.filter(name="Nur Bekri").exists()
    # The lock is gone: the same connection, with no restart, writes again.
    assert api.post(PEOPLE, {"name": "Nur Bekri"}).status_code == 201
    assert Person.objects.filter(name="Nur Bekri").exists()


def test_an_admin_sign_in_to_a_locked_sqlite_database_is_a_503_then_succeeds(sqlite_file):
    UserFactory(username="desk", is_staff=True, password=PASSWORD)
    client = page_client()
    form = {"username": "desk", "password": PASSWORD, "next": "/admin/"}

    with write_lock(sqlite_file):
        response, elapsed = timed(client.post, reverse("admin:login"), form)

    assert_unavailable(response, elapsed, api=False)
    assert elapsed >= LOCK_TIMEOUT
    signed_in = client.post(reverse("admin:login"), form)
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


def test_readers_are_not_blocked_by_a_locked_sqlite_database(sqlite_file):
    """The write-ahead log lets pages be read while another connection holds the write lock."""
    with write_lock(sqlite_file):
        page, page_elapsed = timed(page_client().get, "/")
        api, api_elapsed = timed(client_for().get, QUOTES, HTTP_ACCEPT="application/json")

    assert (page.status_code, api.status_code) == (200, 200)
    assert page_elapsed < LOCK_TIMEOUT and api_elapsed < LOCK_TIMEOUT


# A PostgreSQL server that stops and comes back


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayPostgres:
    """A PostgreSQL cluster of our own, to stop and start (TOOLING.md's recipe)."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="provenance-faults-pg."))
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        self.user = "postgres" if self.as_root else os.environ.get("USER", "postgres")
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")

    def run(self, *args: str) -> None:
        command = [str(PGBIN / args[0]), *args[1:]]
        if self.as_root:
            # initdb refuses to run as root.
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def initdb(self) -> None:
        self.run(
            "initdb", "-D", f"{self.folder}/data", "-U", self.user, "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self.run("pg_ctl", "-D", f"{self.folder}/data", "-l", f"{self.folder}/log", "-w",
                 "-o", options, "start")  # fmt: skip

    def stop(self) -> None:
        self.run("pg_ctl", "-D", f"{self.folder}/data", "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def settings(self, *, health_checks: bool = True) -> dict:
        """The database as settings.py makes it from DATABASE_URL."""
        return dj_database_url.parse(
            f"postgres://{self.user}@127.0.0.1:{self.port}/postgres",
            conn_max_age=60,
            conn_health_checks=health_checks,
        )


@pytest.fixture(scope="module")
def postgres(django_db_blocker):
    """A migrated throwaway cluster; missing binaries fail the test in CI, skip it elsewhere."""
    if not (PGBIN / "initdb").exists():
        message = f"PostgreSQL is not installed ({PGBIN}/initdb): scripts/with-postgres installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    cluster = ThrowawayPostgres()
    try:
        cluster.initdb()
        cluster.start()
        with django_db_blocker.unblock(), default_database(cluster.settings()):
            migrate()
        yield cluster
    finally:
        cluster.remove()


class WSGIResponse:
    """What a WSGI server got back: status, headers and body."""

    def __init__(self, status: int, headers: dict, body: str):
        self.status_code, self.headers, self.body = status, headers, body

    def __getitem__(self, header: str) -> str:
        return self.headers[header]

    def json(self):
        return json.loads(self.body)


def wsgi_get(handler: WSGIHandler, path: str, accept: str = "text/html") -> tuple:
    """One request through Django's WSGI handler, as gunicorn makes it.

    Unlike the test client, the handler closes broken and old connections when a request starts
    and ends (`close_old_connections`), which is what recovery depends on.
    """
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_ACCEPT": accept}
    setup_testing_defaults(environ)
    started_response = {}

    def start_response(status, headers, exc_info=None):
        started_response.update(status=int(status.split()[0]), headers=dict(headers))

    started = time.monotonic()
    result = handler(environ, start_response)
    try:
        body = b"".join(result).decode()
    finally:
        result.close()
    elapsed = time.monotonic() - started
    return WSGIResponse(started_response["status"], started_response["headers"], body), elapsed


def test_a_stopped_postgresql_answers_503_at_once_and_the_next_request_after_it_returns_works(
    postgres, django_db_blocker
):
    with django_db_blocker.unblock(), default_database(postgres.settings()):
        handler = WSGIHandler()
        assert wsgi_get(handler, "/")[0].status_code == 200
        assert wsgi_get(handler, QUOTES, "application/json")[0].status_code == 200

        postgres.stop()
        try:
            page, page_elapsed = wsgi_get(handler, "/")
            api, api_elapsed = wsgi_get(handler, QUOTES, "application/json")
            again, _ = wsgi_get(handler, "/")
        finally:
            postgres.start()

        assert_unavailable(page, page_elapsed, api=False)
        assert_unavailable(api, api_elapsed, api=True)
        assert again.status_code == 503
        # The same handler, never restarted: the first requests after the server is back work.
        assert wsgi_get(handler, "/")[0].status_code == 200
        assert wsgi_get(handler, QUOTES, "application/json")[0].status_code == 200


@pytest.mark.parametrize(
    ("health_checks", "statuses"),
    [
        # CONN_HEALTH_CHECKS, as settings.py sets it: the broken connection is noticed before
        # the first query and replaced, so no reader sees the restart.
        (True, [200, 200]),
        # Without it the first request after a restart fails on the dead connection (a 503,
        # not a crash); the connection is then closed and the next request reconnects.
        (False, [503, 200]),
    ],
)
def test_a_postgresql_restart_between_requests_is_healed_by_the_health_check(
    postgres, django_db_blocker, health_checks, statuses
):
    with (
        django_db_blocker.unblock(),
        default_database(postgres.settings(health_checks=health_checks)),
    ):
        handler = WSGIHandler()
        assert wsgi_get(handler, "/")[0].status_code == 200

        postgres.stop()
        postgres.start()

        assert [wsgi_get(handler, "/")[0].status_code for _ in statuses] == statuses


def test_settings_check_postgresql_connections_before_use():
    """The recovery above relies on this: a DATABASE_URL connection is health-checked."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name != "DATABASE_URL"
    }
    environment.update(DJANGO_DEBUG="1", DATABASE_URL="postgres://desk@db.example.org/desk")
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from newsroom import settings; d = settings.DATABASES['default']; "
            "print(d['CONN_HEALTH_CHECKS'], d['CONN_MAX_AGE'] > 0)",
        ],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert shown.stdout.split() == ["True", "True"]


def test_a_database_fault_outside_any_view_still_answers_503(rf):
    # Raised in another middleware's response phase, it reaches the 500 handler, not the
    # middleware's process_exception.
    from newsroom.views import server_error

    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = server_error(rf.get("/quotes/"))
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0


def test_a_programming_error_outside_any_view_stays_a_500(rf):
    from newsroom.views import server_error

    try:
        raise OperationalError("no such table: sources_quote")
    except OperationalError:
        response = server_error(rf.get("/quotes/"))
    assert response.status_code == 500
