"""What every bad-input test checks: the request's answer, the escaping, the tables untouched."""

import functools
from urllib.parse import quote_from_bytes

from bs4 import BeautifulSoup
from django.db import connection

from tests.hardening.corpus import (
    ATTRIBUTE_BREAKER,
    PAYLOAD_SIGNATURE,
    SCRIPT,
    SINGLE_QUOTE_BREAKER,
    wire,
)

# Tables whose rows a refused request might leave behind: the records, their history, the
# desk's reviews and corrections, many-to-many links, the admin's log and API tokens. Sessions,
# the cache table and django-axes' log of login attempts change on any request and are not
# records.
RECORD_TABLE_PREFIXES = ("sources_", "timeline_", "newsroom_", "django_admin_log", "authtoken_")

# Script types a browser runs; data blocks (JSON-LD, json_script) are not run.
_RUNNABLE = {"", "text/javascript", "application/javascript", "module"}


def quoted(value: str) -> str:
    """A value percent-encoded for a URL, exactly (see query_string)."""
    return quote_from_bytes(wire(value), safe="")


def query_string(params: dict[str, str] | list[tuple[str, str]]) -> str:
    """A query string carrying the values exactly: percent-encoded UTF-8, where a lone surrogate
    stands for bytes that are not UTF-8 (Django's test client would refuse to encode it)."""
    items = params.items() if isinstance(params, dict) else params
    return "&".join(f"{quoted(key)}={quoted(value)}" for key, value in items)


def form_body(data: dict[str, str | list[str]]) -> bytes:
    """An application/x-www-form-urlencoded body carrying the values exactly (see query_string)."""
    pairs = [
        (key, item)
        for key, value in data.items()
        for item in (value if isinstance(value, list) else [value])
    ]
    return query_string(pairs).encode("ascii")


def post_form(client, url: str, data: dict, **extra):
    return client.post(
        url, form_body(data), content_type="application/x-www-form-urlencoded", **extra
    )


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def text_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode(response.charset or "utf-8", "replace")


def unescaped(content: str) -> list[str]:
    """Where a page printed a payload raw: the raw strings, then the elements a browser would
    build from them (a script without a source, an element with an event handler)."""
    found = [
        f"raw {payload!r}"
        for payload in (SCRIPT, ATTRIBUTE_BREAKER, SINGLE_QUOTE_BREAKER)
        if payload in content
    ]
    if PAYLOAD_SIGNATURE not in content:
        # Nothing the payloads carry is on the page: no element can come from them.
        return found
    soup = BeautifulSoup(content, "html.parser")
    for script in soup.find_all("script"):
        runnable = (script.get("type") or "").strip().lower() in _RUNNABLE
        if runnable and not script.get("src") and PAYLOAD_SIGNATURE in script.get_text():
            found.append(f"script element {str(script)[:80]!r}")
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name.lower().startswith("on") and PAYLOAD_SIGNATURE in str(value):
                found.append(f"event handler {name} on <{element.name}>")
        if element.name == "img" and element.get("src") == "x":
            found.append("an <img src=x> element")
    return found


def answer_problems(response) -> list[str]:
    """What is wrong with a response to bad input: a server error, a refusal without a
    message, a payload printed raw."""
    problems = []
    status = response.status_code
    if status >= 500:
        problems.append(f"status {status}")
        return problems
    content = text_of(response)
    if 400 <= status < 500 and not content.strip():
        problems.append(f"status {status} without a message")
    if is_html(response):
        problems += unescaped(content)
    return problems


@functools.cache
def record_tables() -> tuple[str, ...]:
    """The record tables, read once: the schema does not change while the tests run, and
    reading it costs as much as counting the rows (table_counts runs thousands of times)."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    return tuple(sorted(table for table in tables if table.startswith(RECORD_TABLE_PREFIXES)))


@functools.cache
def _count_query() -> str:
    quote = connection.ops.quote_name
    return "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in record_tables())


def table_counts() -> dict[str, int]:
    """The number of rows of every record table (history and link tables too), in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_count_query())
        row = cursor.fetchone()
    return dict(zip(record_tables(), row, strict=True))


def changed_tables(before: dict[str, int]) -> dict[str, tuple[int, int]]:
    after = table_counts()
    return {
        table: (before[table], after[table]) for table in before if before[table] != after[table]
    }


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None):
    """(content type, body) of a multipart/form-data request carrying the values exactly."""
    boundary = "hardeningboundary7MA4YWxkTrZu0gW"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + wire(value)
            + b"\r\n"
        )
    for name, (filename, data) in (files or {}).items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body
