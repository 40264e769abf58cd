"""The bad-input corpus: named values that every input of the desk must survive, each with why.

The tests in this folder send these values to every public page's query parameters, every admin
form and list, every API field, filter and body, and every management command. A value is
either refused with a message (nothing saved) or accepted whole; it never causes a server error,
and whatever is echoed back to a page is escaped.

Values are plain `str`; a lone surrogate stands for bytes that are not UTF-8 (see `wire`).
"""

import base64
import json
from dataclasses import dataclass

# The two payloads the escaping checks look for, as sent and as they would be parsed if a page
# printed them raw: a script element, and a value that closes an attribute and opens an element
# with an event handler.
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAKER = '"><img src=x onerror=alert(1)>'
SINGLE_QUOTE_BREAKER = "'><svg onload=alert(1)>"
PAYLOAD_SIGNATURE = "alert(1)"


@dataclass(frozen=True)
class Bad:
    """One value of the corpus: a name for test ids, the value, and why it is here."""

    name: str
    value: str
    why: str

    def __str__(self) -> str:
        return self.name


def wire(value: str) -> bytes:
    """The bytes a value stands for on the wire: UTF-8, where a lone surrogate (which UTF-8
    cannot encode) stands for the invalid bytes a broken client sends."""
    return value.encode("utf-8", "surrogatepass")


def by_name(values: list[Bad]) -> dict[str, Bad]:
    return {value.name: value for value in values}


MEGABYTE = 1_000_000

# Text: what arrives in any field, filter, slug, id or choice, since on the wire all are text.
TEXT = [
    Bad(
        "nul",
        "before\x00after",
        "PostgreSQL refuses NUL in text and in query parameters; "
        "SQLite stores it, so a bug shows on one database only",
    ),
    Bad(
        "nul-only",
        "\x00",
        "a value that is nothing but a NUL: blank to a reader, not to a check for white space",
    ),
    Bad(
        "megabyte",
        "x" * MEGABYTE,
        "1 MB: past every max_length and the search-length cap; a "
        "quadratic path or an unbounded echo shows up here",
    ),
    Bad(
        "megabyte-multibyte",
        "ğ" * (MEGABYTE // 2),
        "1 MB of two-byte characters: length in characters and in bytes disagree",
    ),
    Bad(
        "kilobyte",
        "k" * 1000,
        "1,000 characters: under some limits and past others (a title's 500, a history "
        "reason's 100); where a form and the column behind it disagree, this finds it",
    ),
    Bad(
        "rtl",
        "قال إن «المعاهدة أداة للاضطهاد»",
        "right-to-left Arabic with guillemets: valid text that must be stored and shown exactly",
    ),
    Bad(
        "rtl-marks",
        "\u202egpj.exe\u202c \u200fعربي\u200e",
        "bidirectional overrides and marks that reverse how the following text is drawn",
    ),
    Bad(
        "combining",
        "Erdog\u0306an Z\u0335\u0321a\u0337\u0322l\u0336g\u0338o\u0334",
        "a letter "
        "and its combining mark (NFD), and stacked marks: the desk keeps spellings as printed, "
        "so nothing may normalize them silently",
    ),
    Bad(
        "arabic-vowels",
        "وَلَا تُفْسِدُوا فِي الْأَرْضِ",
        "Arabic with vowel signs (combining marks), as in the demo's Qur'an verse",
    ),
    Bad("script", SCRIPT, "a script element: must come back escaped, never run"),
    Bad(
        "attribute",
        ATTRIBUTE_BREAKER,
        "closes a double-quoted attribute and opens an element with an event handler",
    ),
    Bad("single-quote", SINGLE_QUOTE_BREAKER, "the same for single-quoted attributes"),
    Bad("sql", "' OR '1'='1' --", "SQL quoting: must be a parameter, never part of a statement"),
    Bad("sql-stacked", "1; DROP TABLE sources_quote; --", "a stacked statement"),
    Bad(
        "orm-lookup",
        "speaker_person__name__startswith",
        "ORM lookup syntax where a value belongs: must never become a lookup",
    ),
    Bad(
        "like-wildcards", "%_\\%", "LIKE wildcards and its escape character, for substring searches"
    ),
    Bad("regex", ".*[(?<", "an unbalanced regular expression, for any regex lookup"),
    Bad(
        "tsquery",
        '"unclosed -word OR & | ! :* <-> ()',
        "full-text query syntax, which "
        "PostgreSQL's to_tsquery refuses and websearch_to_tsquery must swallow",
    ),
    Bad(
        "format-string",
        "%(value)s %s {0} {value!r}",
        "placeholders: a message built from the input and then formatted would fail or leak",
    ),
    Bad(
        "template",
        "{{ request.user }}{% debug %}",
        "template syntax: must never be rendered as a template",
    ),
    Bad(
        "blank",
        " \t\r\n\u00a0\u3000 ",
        "white space only, ASCII and not: blank, whatever the check",
    ),
    Bad(
        "zero-width",
        "\u200b\u200c\u200d\ufeff",
        "invisible characters: blank to a reader, not to a regular expression",
    ),
    Bad(
        "control",
        "bell\x07 escape\x1b[31m vtab\x0b formfeed\x0c delete\x7f",
        "C0 controls, which XML 1.0 cannot carry (feeds) and terminals interpret",
    ),
    Bad(
        "crlf-header",
        "line\r\nSet-Cookie: hacked=1",
        "a header injection if echoed into a response header (the timeline's Link header)",
    ),
    Bad(
        "surrogate", "\ud800", "a lone surrogate: invalid UTF-8 on the wire, unencodable in Python"
    ),
    Bad("invalid-utf8", "\udcff\udcfe", "bytes that are not UTF-8 at all"),
    Bad(
        "astral",
        "👩🏽‍⚖️ 𝕏 \U0010fffd",
        "characters outside the Basic Multilingual Plane, "
        "joined: four-byte UTF-8, two UTF-16 units",
    ),
    Bad("noncharacter", "\uffff\ufffe\ufdd0", "Unicode noncharacters"),
    Bad("path", "../../../../etc/passwd", "path traversal, where a value names a file or a page"),
    Bad("javascript-url", "javascript:alert(1)", "a URL that runs script when linked"),
    Bad("percent", "%00%zz%%", "already percent-encoded text: must not be decoded twice"),
    Bad(
        "unicode-digits",
        "٢٠٢٠",
        "Arabic-Indic digits: Python's int() and \\d accept them, databases do not",
    ),
    Bad("json", '{"$gt": "", "__proto__": {}}', "JSON where text belongs"),
]

# Text for inputs that can only refuse text: choices, dates, numbers, ids, URLs and slugs. Their
# refusals differ only in how the value is read (NUL, undecodable bytes, size, emptiness), what
# it is looked up with (an ORM lookup, digits int() reads), which validator a script trips
# (combining marks in a slug, a script URL), and how the refusal repeats it (the payloads,
# placeholders, a header): the rest of TEXT is refused just like these. Every free-text field
# and every search gets the whole of TEXT.
STRUCTURED_TEXT = [
    value
    for value in TEXT
    if value.name
    in {
        "nul",
        "nul-only",
        "megabyte",
        "blank",
        "surrogate",
        "invalid-utf8",
        "script",
        "attribute",
        "single-quote",
        "format-string",
        "orm-lookup",
        "sql",
        "percent",
        "unicode-digits",
        "javascript-url",
        "combining",
        "crlf-header",
    }
]

# Form bodies: 1 MB of two-byte characters is 3 MB once urlencoded, past the 2.5 MB a request may
# carry (DATA_UPLOAD_MAX_MEMORY_SIZE): it never reaches a form. The size limit is tested on its
# own; the forms get the rest.
FORM_TEXT = [value for value in TEXT if value.name != "megabyte-multibyte"]

# URLs: no server passes a 1 MB request line (gunicorn stops at 4,094 bytes, nginx at 8 KB by
# default), so a URL's longest value is the most Django's own development server lets through.
LONG_URL = Bad(
    "long-url",
    "u" * 60_000,
    "60,000 characters: about the longest query Django's development server passes (its request "
    "line holds 64 KB), and past SQLite's 50,000-byte limit on a LIKE pattern",
)


def in_urls(values: list[Bad]) -> list[Bad]:
    """The values as a URL can carry them: the megabytes become LONG_URL."""
    found = [value for value in values if value.name not in ("megabyte", "megabyte-multibyte")]
    return [LONG_URL, *found] if len(found) < len(values) else found


URL_TEXT = in_urls(TEXT)
STRUCTURED_URL_TEXT = in_urls(STRUCTURED_TEXT)

# Numbers: page numbers, page sizes, versions, offsets.
NUMBERS = [
    Bad("negative", "-1", "a negative page or count"),
    Bad("zero", "0", "zero, where counting starts at 1"),
    Bad("int32-overflow", "2147483648", "one past PostgreSQL's integer"),
    Bad(
        "int64-overflow",
        "9223372036854775808",
        "one past a 64-bit integer (SQLite's, PostgreSQL's bigint)",
    ),
    Bad(
        "huge", "9" * 400, "a number no machine integer holds; int() of it is slow past 4300 digits"
    ),
    Bad("fraction", "1.5", "not a whole number"),
    Bad("exponent", "1e309", "a float that overflows to infinity"),
    Bad("nan", "NaN", "not a number, which float() accepts"),
    Bad("infinity", "-Infinity", "infinity, which float() accepts"),
    Bad("hex", "0x10", "a number in another base"),
    Bad("spaced", " 7 ", "a number with white space around it"),
    Bad("arabic-digit", "٣", "a digit int() accepts and a database does not"),
    Bad("last", "last", "the word Django's paginator accepts for the last page"),
]

# Dates: partial dates (2019, 2020-05, 2020-12-26), full dates and moments.
DATES = [
    Bad("month-13", "2020-13", "no such month"),
    Bad("february-30", "2020-02-30", "no such day"),
    Bad("year-zero", "0000", "the year 0, which the calendar lacks"),
    Bad("year-zero-day", "0000-01-01", "a day of the year 0"),
    Bad("year-9999", "9999-12-31", "the last day Python holds: the day after it overflows"),
    Bad("year-10000", "10000", "a five-digit year"),
    Bad("negative-year", "-0001", "a year before the era"),
    Bad("week", "2020-W01", "an ISO week, not a date the desk reads"),
    Bad("compact", "20201226", "a date without separators"),
    Bad("arabic-year", "٢٠٢٠", "a year in Arabic-Indic digits"),
    Bad("moment", "2020-12-26T10:00:00+05:30", "a moment where a date is asked"),
    Bad(
        "offset-beyond-postgres",
        "0001-01-01T00:00:00+23:00",
        "an offset Python accepts and PostgreSQL refuses, at the first day Python holds",
    ),
    Bad("moment-at-the-end", "9999-12-31T23:59:59-23:00", "a moment that is past year 9999 in UTC"),
    Bad(
        "offset-beyond-postgres-in-calendar",
        "2020-12-26T10:00:00+20:00",
        "an offset Python accepts and PostgreSQL refuses (beyond ±15:59), inside the calendar",
    ),
    Bad("bad-time", "2020-12-26T25:61:61Z", "no such time"),
    Bad("nanoseconds", "2020-12-26T10:00:00.123456789+00:00", "more precision than microseconds"),
]

# Orderings: what a client may put in `ordering`, `sort` or the admin's `o`.
ORDERINGS = [
    Bad("related-field", "speaker_person__name", "ordering across a relation, not allowed"),
    Bad("lookup", "-updated_at__year", "a transform in an ordering"),
    Bad(
        "password", "created_by__password", "ordering by a secret leaks it one comparison at a time"
    ),
    Bad("staff-notes", "notes", "ordering by a field anonymous clients may not read"),
    Bad("random", "?", "Django's random ordering: a full scan per request"),
    Bad("double-minus", "--updated_at", "a sign too many"),
    Bad("empty-terms", ",,-,", "empty terms"),
    Bad("sql", "updated_at; DROP TABLE sources_quote; --", "SQL in an ordering"),
    Bad("expression", "updated_at DESC NULLS LAST", "SQL ordering syntax"),
    Bad("admin-index", "1.-2.99.0", "the admin's column indexes, some out of range"),
    Bad("admin-junk", "1.x.-", "the admin's ordering with a non-number"),
]


# Cursors of the API's cursor pages: base64 of `o=<offset>&r=<reverse>&p=<position>`.
def _cursor(query: str) -> str:
    return base64.b64encode(query.encode("utf-8")).decode("ascii")


CURSORS = [
    Bad("not-base64", "not a cursor!", "not base64 at all"),
    Bad("garbage-base64", _cursor("garbage"), "base64 of text that is not a cursor"),
    Bad("negative-offset", _cursor("o=-1&p=2020"), "a negative offset"),
    Bad("huge-offset", _cursor("o=" + "9" * 30), "an offset past any integer"),
    Bad(
        "huge-digits",
        _cursor("o=" + "9" * 5000),
        "an offset of 5,000 digits: Python refuses to convert more than 4,300",
    ),
    Bad("position-nul", _cursor("p=%00"), "a NUL byte as the position"),
    Bad("position-text", _cursor("p=not-a-moment"), "a position that is not a moment"),
    Bad(
        "position-overflow",
        _cursor("p=9999-12-31T23:59:59-23:00"),
        "a position past year 9999 in UTC",
    ),
    Bad("reverse-junk", _cursor("r=x&p=1"), "a reverse flag that is not 0 or 1"),
    Bad(
        "invalid-utf8",
        base64.b64encode(b"p=\xff\xfe").decode("ascii"),
        "a position that is not UTF-8",
    ),
]


def _nested(depth: int) -> list:
    value: list = [1]
    for _ in range(depth):
        value = [value]
    return value


# JSON field values of the wrong kind, sent where the API expects something else.
JSON_VALUES = [
    Bad("null", None, "null where a value is required"),
    Bad("true", True, "a boolean"),
    Bad("float", 1.5, "a fraction"),
    Bad("big-int", 2**70, "an integer past 64 bits"),
    Bad("negative", -1, "a negative number"),
    Bad("list", ["a", ["b"]], "a list, nested"),
    Bad("object", {"$gt": ""}, "an object"),
    Bad("empty-string", "", "an empty string"),
    Bad("deep", _nested(64), "a list nested 64 deep"),
]

# Request bodies that are not what they say they are (sent as application/json).
MALFORMED_JSON = [
    Bad("truncated", '{"text": "half a quot', "a body cut off in a string"),
    Bad("trailing-comma", '{"text": "x",}', "JavaScript, not JSON"),
    Bad("single-quotes", "{'text': 'x'}", "Python, not JSON"),
    Bad("nan", '{"version": NaN}', "a constant JSON does not have"),
    Bad("top-level-list", '[{"text": "x"}]', "a list where an object belongs"),
    Bad("top-level-string", '"just a string"', "a string where an object belongs"),
    Bad("empty", "", "no body at all"),
    Bad("nul-escape", '{"text": "a\\u0000b"}', "an escaped NUL inside a string"),
    Bad("surrogate-escape", '{"text": "\\ud800"}', "an escaped lone surrogate"),
    Bad("duplicate-keys", '{"text": "a", "text": "b"}', "the same key twice"),
    Bad(
        "deep",
        "[" * 100_000 + "]" * 100_000,
        "nesting deep enough to exhaust the recursion limit of a recursive parser",
    ),
    Bad(
        "huge-number",
        '{"version": 1' + "0" * 5000 + "}",
        "an integer of 5,000 digits: Python refuses to convert more than 4,300",
    ),
    Bad("binary", "\udcff\udcfe\x00\x01", "bytes that are not UTF-8, with NULs"),
]

# Bodies that are not what their Content-Type says, or not whole: (content type, body, whether a
# server may read it as given). A charset that does not exist falls back to UTF-8, and escapes
# that decode to nothing stay as typed: lenient readings that lose nothing. A body cut short may
# never be read as if it were whole.
_BOUNDARY = "corpusboundary"
_PART = f'--{_BOUNDARY}\r\nContent-Disposition: form-data; name="text"\r\n\r\n'
CONTENT_TYPES = [
    Bad("text-plain", ("text/plain", '{"text": "x"}', False), "JSON sent as plain text"),
    Bad("xml", ("application/xml", "<text>x</text>", False), "a format the API does not read"),
    Bad("no-type", ("", '{"text": "x"}', False), "no Content-Type at all"),
    Bad(
        "json-utf16",
        ("application/json; charset=utf-16", '{"text": "x"}', False),
        "a charset the body is not in",
    ),
    Bad(
        "json-bogus-charset",
        ("application/json; charset=no-such-codec", '{"text": "x"}', True),
        "a charset that does not exist",
    ),
    Bad(
        "json-bz2-charset",
        ("application/json; charset=bz2_codec", '{"text": "x"}', False),
        "a codec that decompresses: a small body could expand without bound",
    ),
    Bad(
        "form-bad-escapes",
        ("application/x-www-form-urlencoded", "text=%zz%&%%=%E2%82", True),
        "percent-escapes that decode to nothing, or to half a character",
    ),
    Bad(
        "multipart-no-boundary",
        ("multipart/form-data", "text=x", False),
        "multipart without its boundary",
    ),
    Bad(
        "multipart-truncated",
        (f"multipart/form-data; boundary={_BOUNDARY}", _PART + "Words cut sh", False),
        "a multipart body cut off inside a part: the part is not whole",
    ),
    Bad(
        "multipart-truncated-headers",
        (f"multipart/form-data; boundary={_BOUNDARY}", _PART[:40], False),
        "a multipart body cut off inside the headers of a part",
    ),
    Bad(
        "multipart-no-closing-boundary",
        (
            f"multipart/form-data; boundary={_BOUNDARY}",
            _PART + f"Words\r\n--{_BOUNDARY}\r\n",
            False,
        ),
        "a multipart body whose last part is whole but whose closing boundary is missing",
    ),
]

# JSON Lines files for import_data: what a damaged or hostile export looks like. Each is a whole
# file, whose first line is a valid record (GOOD_LINE): a refused file leaves no trace of it.
GOOD_LINE = json.dumps(
    {"type": "topic", "id": "00000000-0000-0000-0000-0000000000aa", "name": "Good topic"}
)


def _line(type_name: str, number: int, **fields) -> str:
    """A JSON Lines record with an id made from `number`."""
    return json.dumps({"type": type_name, "id": f"00000000-0000-0000-0000-{number:012d}", **fields})


def _file(*lines: str, end: str = "\n") -> str:
    return "\n".join([GOOD_LINE, *lines]) + end


JSON_LINES = [
    Bad("truncated", _file('{"type": "topic", "id": "', end=""), "a file cut short"),
    Bad("not-json", _file("this is not JSON"), "a line that is not JSON"),
    Bad("list-line", _file("[1, 2, 3]"), "a line holding a list"),
    Bad("no-type", _file('{"id": "00000000-0000-0000-0000-000000000001"}'), "no type"),
    Bad("unknown-type", _file(_line("user", 1)), "a type that is not exported"),
    Bad("type-not-string", _file('{"type": ["topic"], "id": "x"}'), "a type of the wrong kind"),
    Bad(
        "id-not-uuid",
        _file('{"type": "topic", "id": "../../x", "name": "n"}'),
        "an id that is not an id",
    ),
    Bad("id-number", _file('{"type": "topic", "id": 7, "name": "n"}'), "an id of the wrong kind"),
    Bad("nul", _file(_line("topic", 2, name="a\x00b")), "a NUL in a value"),
    Bad("nul-key", _file(_line("topic", 2, **{"name\x00": "n"})), "a NUL in a key"),
    Bad("surrogate", _file(_line("topic", 3, name="\ud800")), "a lone surrogate in a value"),
    Bad(
        "wrong-kind-of-value",
        _file(_line("topic", 4, name=["not", "text"])),
        "a list where text belongs",
    ),
    Bad(
        "bool-as-int",
        _file(_line("appearance", 5, anchor_start=True)),
        "a boolean where a number belongs",
    ),
    Bad(
        "huge-int", _file(_line("appearance", 5, anchor_start=10**22)), "an integer past any column"
    ),
    Bad("bad-date", _file(_line("event", 6, title="t", starts_on="2020-02-30")), "no such day"),
    Bad("year-zero", _file(_line("event", 6, title="t", starts_on="0000-01-01")), "the year 0"),
    Bad(
        "moment-before-year-1",
        _file(_line("source", 7, title="t", retrieved_at="0001-01-01T00:00:00+23:00")),
        "a moment before the first one Python holds, once in UTC",
    ),
    Bad(
        "moment-after-9999",
        _file(_line("source", 7, title="t", retrieved_at="9999-12-31T23:59:59-23:00")),
        "a moment after the last one Python holds, once in UTC",
    ),
    Bad(
        "naive-moment",
        _file(_line("source", 7, title="t", retrieved_at="2020-12-26T10:00:00")),
        "a moment without its offset",
    ),
    Bad(
        "nan",
        _file(
            '{"type": "appearance", "id": "00000000-0000-0000-0000-000000000005", '
            '"anchor_start": NaN}'
        ),
        "a constant JSON does not have",
    ),
    Bad(
        "repeated-key",
        _file('{"type": "topic", "type": "person", "id": "00000000-0000-0000-0000-000000000008"}'),
        "the same key twice",
    ),
    Bad(
        "unknown-field",
        _file(_line("topic", 9, name="t", is_superuser=True)),
        "a field the record does not have",
    ),
    Bad(
        "dangling-reference",
        _file(_line("quote", 10, text="x", speaker_person="00000000-0000-0000-0000-0000000000ff")),
        "a reference to a record that is nowhere",
    ),
    Bad(
        "content-type",
        _file(_line("review", 11, content_type="auth.user")),
        "a review of a kind of record that is not reviewed",
    ),
    Bad(
        "unknown-user",
        _file(_line("correction", 12, created_by="nobody-here")),
        "a username with no account",
    ),
    Bad(
        "checksum",
        _file(_line("source", 13, title="t", text="words", text_sha256="0000")),
        "a checksum that does not match the text",
    ),
    Bad(
        "megabyte-value",
        _file(_line("topic", 14, name="x" * MEGABYTE)),
        "a 1 MB value, past the field's max_length",
    ),
    Bad("invalid-utf8", _file("\udcff\udcfe"), "bytes that are not UTF-8"),
    Bad("binary", "\x00\x01\x02\x03" * 64, "a binary file, not JSON Lines"),
    Bad(
        "deep",
        _file("[" * 100_000 + "]" * 100_000),
        "nesting deep enough to exhaust the recursion limit of a recursive parser",
    ),
    Bad(
        "huge-number",
        _file(
            '{"type": "appearance", "id": "00000000-0000-0000-0000-000000000005",'
            ' "anchor_start": 1' + "0" * 5000 + "}"
        ),
        "an integer of 5,000 digits: Python refuses to convert more than 4,300",
    ),
]

# Articles for import_article and the admin's import page, as bytes.
ARTICLES = [
    Bad("empty", "", "an empty file"),
    Bad("blank", " \n\t\n", "white space only"),
    Bad("nul", "Words\x00 said.", "a NUL inside the text"),
    Bad("binary", "\x00\x01\x02\x03\xff" * 200, "a binary file"),
    Bad("not-utf8", "“We will stay,” said \udce9l\udce9na.", "Latin-1 bytes, not UTF-8"),
    Bad(
        "utf16-bom",
        "\ufeff“We will stay,” said Ann Lee.",
        "UTF-16 with a byte-order mark (the test encodes it so)",
    ),
    Bad("control", "“We\x1b[31m will\x07 stay,” said Ann\x0b Lee.", "C0 controls inside the words"),
    Bad("huge", "“We will stay,” said Ann Lee. " * 200_000, "6 MB: past the 5 MB limit"),
    Bad("megabyte", "“We will stay,” said Ann Lee. " * 34_000, "1 MB of text, under the limit"),
    Bad(
        "html-script",
        "<html><body><p>“We will stay,” said Ann Lee.</p>"
        "<script>alert(1)</script><p onclick=alert(1)>x</p></body></html>",
        "HTML with a script",
    ),
    Bad("json-not-object", '["text"]', "JSON that is not an object (with --input-format json)"),
    Bad("json-no-text", '{"title": "t"}', "JSON without the text"),
    Bad(
        "json-wrong-types",
        '{"text": "“We will stay,” said Ann Lee.", "title": ["t"], "published_on": 2020}',
        "metadata of the wrong kinds",
    ),
    Bad(
        "json-bad-date",
        '{"text": "“We will stay,” said Ann Lee.", "published_on": "2020-02-30"}',
        "a publication date that is not a date",
    ),
    Bad(
        "json-bad-kind",
        '{"text": "“We will stay,” said Ann Lee.", "kind": "<script>"}',
        "a kind of source that does not exist",
    ),
    Bad(
        "json-long-metadata",
        '{"text": "“We will stay,” said Ann Lee.", "title": "'
        + "t" * 10_000
        + '", "url": "https://e.org/'
        + "u" * 3000
        + '", "language": "'
        + "l" * 100
        + '", "authors": "'
        + "a" * 1000
        + '"}',
        "metadata past every column's length",
    ),
    Bad(
        "json-nul-metadata",
        '{"text": "“We will stay,” said Ann Lee.", "title": "a\\u0000b"}',
        "a NUL in the metadata",
    ),
    Bad("json-truncated", '{"text": "“We will stay,” said Ann', "a JSON object cut short"),
    Bad(
        "json-surrogate",
        '{"text": "“We will stay,” said Ann Lee. \\ud800", "title": "\\udcff"}',
        "lone surrogate escapes, which JSON allows and no text can store",
    ),
    Bad("rtl", "قال إمام المسجد: «وَلَا تُفْسِدُوا فِي الْأَرْضِ» ثم غادر.", "an article in Arabic"),
]
