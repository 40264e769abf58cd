"""The desk's own middleware: a database that is down, and an upload that is not whole.

**A database that is down, locked or full answers 503 with Retry-After, not a traceback**
(DatabaseUnavailableMiddleware).

Only errors that mean "the database cannot serve right now" are turned into a 503; an error that
means the code or the schema is wrong (no such table, no such column, a syntax error) stays a
500, so that it is fixed rather than waited out. The rule, in `is_database_unavailable`:

- SQLite says which error it is with a result code: busy or locked (another connection holds the
  write lock past the busy timeout), I/O error, full (disk or `max_page_count`), cannot open the
  file, locking protocol error, out of memory. SQLITE_ERROR, which covers "no such table", is not
  one of them.
- PostgreSQL says it with an SQLSTATE: class 08 (connection exception), class 53 (insufficient
  resources: disk full, out of memory, too many connections), 57P01-57P03 (the server is shutting
  down, crashed, or starting up), 57014 (a query cancelled by `statement_timeout`), 55P03 (a lock
  not obtained in time) and 58030 (an I/O error). A psycopg OperationalError with no SQLSTATE was
  raised by the client library itself, which happens when there is no usable connection: it
  could not connect, or the server closed the connection.
- Anything else (another driver, an error raised by hand) is judged by its message, against
  the phrases those same failures print.

The page is rendered without the request, so nothing touches the session, the signed-in user or
the database; if even that fails, a plain page is sent. Each fault is logged as one line on the
`newsroom.faults` logger, without a traceback: the cause is the database, not the code.

**A multipart body that ends before its closing boundary is refused** (WholeUploadMiddleware):
Django's parser takes a part cut off by a dropped connection as if it were whole, and a form
would save half a pasted article. Reading such a body raises IncompleteUpload, a parse error:
a 400 page on the site and the admin, a 400 `parse_error` from the API.
"""

import logging
import sqlite3

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

logger = logging.getLogger("newsroom.faults")

# Seconds a client is asked to wait before trying again (settings.DATABASE_UNAVAILABLE_RETRY_AFTER).
DEFAULT_RETRY_AFTER = 30

SQLITE_UNAVAILABLE = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_NOMEM,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_PROTOCOL,
}
POSTGRESQL_UNAVAILABLE_CLASSES = ("08", "53")
POSTGRESQL_UNAVAILABLE_STATES = {"57P01", "57P02", "57P03", "57014", "55P03", "58030"}
UNAVAILABLE_PHRASES = (
    "database is locked",
    "database table is locked",
    "disk i/o error",
    "database or disk is full",
    "no space left on device",
    "unable to open database file",
    "could not connect",
    "connection refused",
    "connection to server",
    "server closed the connection",
    "terminating connection",
    "connection already closed",
    "the connection is closed",
    "the connection is lost",
    "the database system is",
    "too many connections",
    "remaining connection slots",
    "could not extend file",
    "canceling statement due to statement timeout",
)


def retry_after() -> int:
    return int(getattr(settings, "DATABASE_UNAVAILABLE_RETRY_AFTER", DEFAULT_RETRY_AFTER))


def is_database_unavailable(exc: BaseException) -> bool:
    """True when `exc` says the database cannot answer now, false for a programming error."""
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    cause = exc.__cause__
    sqlite_code = getattr(cause, "sqlite_errorcode", None)
    if sqlite_code is not None:
        # Extended codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT...) carry the primary code in
        # their low byte.
        return sqlite_code & 0xFF in SQLITE_UNAVAILABLE
    if cause is not None and hasattr(cause, "sqlstate"):
        state = cause.sqlstate
        if state is None:
            return True
        return state[:2] in POSTGRESQL_UNAVAILABLE_CLASSES or state in POSTGRESQL_UNAVAILABLE_STATES
    message = str(exc).lower()
    return any(phrase in message for phrase in UNAVAILABLE_PHRASES)


def unavailable_message() -> str:
    return (
        "The database is unavailable for a moment, so this request was not carried out. "
        f"Nothing was saved; please try again in {retry_after()} seconds."
    )


def log_fault(request, exc: BaseException) -> None:
    first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    logger.error(
        "Database unavailable, answered 503: %s %s: %s: %s",
        request.method,
        request.path,
        type(exc).__name__,
        first_line,
    )


def unavailable_page() -> HttpResponse:
    """The HTML 503 page, rendered with no request, so with no session, user or query."""
    try:
        content = render_to_string("503.html", {"retry_after": retry_after()})
    except Exception:
        # The page must go out whatever is broken; its template is only a nicer version.
        content = "<!DOCTYPE html><title>Unavailable</title><h1>Temporarily unavailable</h1>"
    return HttpResponse(content, status=503)


def unavailable_json() -> JsonResponse:
    return JsonResponse({"code": "unavailable", "message": unavailable_message()}, status=503)


def unavailable_response(request, exc: BaseException) -> HttpResponse:
    """The logged 503 for a request that `exc` stopped: JSON under /api/, HTML elsewhere."""
    log_fault(request, exc)
    response = unavailable_json() if request.path.startswith("/api/") else unavailable_page()
    response["Retry-After"] = str(retry_after())
    response["Cache-Control"] = "no-store"
    # The line above on newsroom.faults says it all; django.request would log it again.
    response._has_been_logged = True
    return response


class DatabaseUnavailableMiddleware:
    """Answers 503 with Retry-After (JSON under /api/) when a view fails for want of a database.

    Django calls `process_exception` for errors in views and in rendering their templates. The
    API's views handle their own errors first (newsroom.api.errors), with the same rule. An
    error raised by another middleware (a session saved after the view) never reaches it: the
    500 handler can answer those with `unavailable_response` too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        return unavailable_response(request, exception)


class IncompleteUpload(MultiPartParserError):
    """A multipart body that ended before its closing boundary."""

    message = (
        "The upload stopped before its end (the connection may have dropped), so none of it "
        "was read and nothing was saved. Please send it again."
    )

    def __init__(self):
        super().__init__(self.message)


class WholeBodyStream:
    """A multipart body's stream, which fails at its end if the closing boundary never came.

    The boundary is sought in what passes through, with the tail of the previous read, so the
    body is neither copied nor read twice.
    """

    def __init__(self, stream, boundary: bytes):
        self.stream = stream
        self.closing = b"\n--" + boundary + b"--"
        # As if a line break came first, for a body that is nothing but its closing boundary.
        self.tail = b"\n"
        self.whole = False

    def read(self, size=-1):
        chunk = self.stream.read(size)
        self.watch(chunk, at_end=not chunk or size is None or size < 0)
        return chunk

    def readline(self, size=-1):
        line = self.stream.readline(size)
        self.watch(line, at_end=not line)
        return line

    def watch(self, data: bytes, at_end: bool) -> None:
        if not self.whole:
            seen = self.tail + data
            self.whole = self.closing in seen
            self.tail = seen[-len(self.closing) :]
        if at_end and not self.whole:
            raise IncompleteUpload


class WholeUploadMiddleware:
    """Refuses a multipart body that ends before its closing boundary (IncompleteUpload).

    It goes before any middleware that reads the body (CSRF reads the form's token from it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        boundary = request.content_params.get("boundary", "")
        if request.content_type == "multipart/form-data" and boundary:
            # HttpRequest reads its body from _stream, which Django offers no other way to wrap.
            request._stream = WholeBodyStream(
                request._stream, boundary.encode("latin-1", "replace")
            )
        return self.get_response(request)
