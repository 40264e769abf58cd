"""The bad-input corpus against the management commands that take input.

The commands are read from the apps' `management/commands` folders. import_data gets damaged
and hostile JSON Lines files, on a file and on standard input; import_article damaged articles,
on a file and on standard input, and bad metadata; evaluate_extraction bad gold files and
folders; load_demo bad seed folders; export_data bad output paths; generate_data bad numbers.
Names of files get the corpus too: a command may be called with any string.

A command refuses with a CommandError whose message says what was wrong, never another
exception, and leaves every table (history included) as it was; what it accepts it stores
whole. Run from the command line, a refusal prints that message and no traceback.
"""

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from newsroom.demo import SNAPSHOTS
from newsroom.management.commands.generate_data import MAX_QUOTES
from sources.ingest.reading import read_article
from sources.models import Source, sha256_hex
from tests.hardening.checks import changed_tables, table_counts
from tests.hardening.corpus import (
    ARTICLES,
    JSON_LINES,
    NUMBERS,
    STRUCTURED_TEXT,
    TEXT,
    Bad,
    by_name,
    wire,
)

pytestmark = pytest.mark.django_db

PROJECT = Path(settings.BASE_DIR)
COMMAND_FOLDERS = ("newsroom", "sources", "timeline")
# Every command that takes input, and what the tests below send it.
REACHED = {
    "import_data": "JSON Lines files, standard input, file names",
    "import_article": "articles, standard input, file names, metadata options, --user",
    "evaluate_extraction": "gold files, article folders, file names, options",
    "load_demo": "seed folders, --password",
    "export_data": "output paths",
    "generate_data": "--quotes, --seed, --batch-size",
}
# Commands that read nothing a user gives them.
NO_INPUT = {"flush": "Django's flush, with the history guard open: no data, only its options"}


def project_commands() -> set[str]:
    found = set()
    for app in COMMAND_FOLDERS:
        folder = PROJECT / app / "management" / "commands"
        if folder.is_dir():
            found |= {path.stem for path in folder.glob("*.py") if path.stem != "__init__"}
    return found


def test_every_command_that_takes_input_is_reached_by_the_corpus():
    # A new command needs its place here: tests of its input, or a reason it takes none.
    assert project_commands() == set(REACHED) | set(NO_INPUT)


def run(*args, stdin: bytes | None = None) -> tuple[str | None, str]:
    """Run a command: (its refusal's message or None when it succeeded, what it printed).
    Any exception other than CommandError fails the test."""
    out = io.StringIO()
    previous = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        call_command(*args, stdout=out, stderr=io.StringIO())
    except CommandError as refusal:
        return str(refusal), out.getvalue()
    finally:
        sys.stdin = previous
    return None, out.getvalue()


def refused(*args, stdin: bytes | None = None) -> str:
    """Run a command that must refuse: its message, once every table is found as it was."""
    before = table_counts()

    message, _ = run(*args, stdin=stdin)

    assert message is not None, f"{args[0]} accepted {args[1:]!r:.120}"
    assert message.strip()
    assert changed_tables(before) == {}
    return message


def file_of(folder: Path, name: str, content: bytes) -> str:
    path = folder / name
    path.write_bytes(content)
    return str(path)


def unusable_path(folder: Path, bad: Bad) -> str:
    """A path ending in a corpus value, in a folder that exists: no file is there, and a NUL or
    a lone surrogate is a name no file can have."""
    return str(folder / "missing" / bad.value[:200])


# import_data


@pytest.mark.parametrize("bad", JSON_LINES, ids=str)
def test_import_data_refuses_a_damaged_file_naming_the_line(newsroom, tmp_path, bad):
    # Every file's first line is a good record (corpus.GOOD_LINE): all or nothing is imported.
    path = file_of(tmp_path, "export.jsonl", wire(bad.value))

    message = refused("import_data", path, "--quiet")

    assert message.startswith("line ")
    assert message.endswith("Nothing was imported.")


@pytest.mark.parametrize("bad", JSON_LINES[:3], ids=str)
def test_import_data_refuses_a_damaged_standard_input(newsroom, bad):
    message = refused("import_data", "-", "--quiet", stdin=wire(bad.value))

    assert message.startswith("line ")


@pytest.mark.parametrize("bad", STRUCTURED_TEXT, ids=str)
def test_import_data_refuses_a_file_name_that_is_no_file(newsroom, tmp_path, bad):
    assert "Cannot read" in refused("import_data", unusable_path(tmp_path, bad), "--quiet")


def test_import_data_refuses_a_folder(newsroom, tmp_path):
    assert "Cannot read" in refused("import_data", str(tmp_path), "--quiet")


# import_article

IMPORTER = "contributor"
ARTICLE = "“We will stay,” said Ann Lee, a spokeswoman, to AFP.\n"


def article_bytes(bad: Bad) -> bytes:
    if bad.name == "utf16-bom":
        return bad.value.encode("utf-16")  # with its byte-order mark
    return wire(bad.value)


def import_article(*args, data: bytes, input_format: str = "auto", stdin: bytes | None = None):
    """Run import_article on an article: a refusal must say why and change no table; an
    acceptance must keep the article's whole text. The new source, if one was made, and
    what is wrong."""
    existing = set(Source.objects.values_list("pk", flat=True))
    before = table_counts()

    message, _ = run("import_article", *args, "--input-format", input_format, stdin=stdin)

    if message is not None:
        changed = changed_tables(before)
        problems = [f"refused, but changed {changed}"] if changed else []
        return None, problems + ([] if message.strip() else ["refused without a message"])
    read = read_article(data, format=input_format).text
    source = Source.objects.exclude(pk__in=existing).first()
    if source is None:
        # The same text was imported before: nothing changed, as the command says.
        found = Source.objects.filter(text_sha256=sha256_hex(read)).exists()
        return None, [] if found else ["accepted, but no source holds the text"]
    if source.text != read:
        return source, [f"stored {source.text[:60]!r}, read {read[:60]!r}"]
    return source, []


# The articles that are texts to import; the rest of the corpus's articles are refused.
ARTICLES_IMPORTED = {"utf16-bom", "control", "html-script", "rtl", "megabyte"}


# The megabyte of quotations has a test of its own, below.
@pytest.mark.parametrize("bad", [bad for bad in ARTICLES if bad.name != "megabyte"], ids=str)
def test_import_article_refuses_or_imports_whole_any_article(newsroom, tmp_path, bad):
    data = article_bytes(bad)
    input_format = "json" if bad.name.startswith("json") else "auto"
    path = file_of(tmp_path, "article.txt", data)

    source, problems = import_article(
        path, "--user", IMPORTER, data=data, input_format=input_format
    )

    assert problems == []
    # A text in Arabic, with controls, in UTF-16 or in HTML is an article like any other.
    assert (source is not None) == (bad.name in ARTICLES_IMPORTED)


def test_a_megabyte_of_quotations_is_imported_in_seconds(newsroom, tmp_path):
    # 34,000 quotations in 1 MB, under the 5 MB limit: proposing them took three minutes when
    # each quotation looked at every other (sources/ingest/extract.py), and the admin's review
    # page, which proposes again on every visit, would have outlived any server's timeout.
    data = article_bytes(by_name(ARTICLES)["megabyte"])
    path = file_of(tmp_path, "article.txt", data)
    started = time.monotonic()

    source, problems = import_article(path, "--user", IMPORTER, data=data)

    assert (source is not None, problems) == (True, [])
    assert time.monotonic() - started < 30


@pytest.mark.parametrize(
    "bad", [by_name(ARTICLES)[name] for name in ("empty", "nul", "binary", "rtl")], ids=str
)
def test_import_article_refuses_or_imports_whole_any_standard_input(newsroom, bad):
    data = article_bytes(bad)

    source, problems = import_article("-", "--user", IMPORTER, data=data, stdin=data)

    assert problems == []
    assert (source is not None) == (bad.name in ARTICLES_IMPORTED)


@pytest.mark.parametrize("bad", STRUCTURED_TEXT, ids=str)
def test_import_article_refuses_a_file_name_that_is_no_file(newsroom, tmp_path, bad):
    assert "Cannot read" in refused("import_article", unusable_path(tmp_path, bad))


# The metadata the command line gives, and what a source keeps of a value it accepts.
METADATA_OPTIONS = ("--title", "--url", "--outlet", "--published-on", "--language", "--authors")
KILOBYTE = by_name(TEXT)["kilobyte"]


def kept(source, option: str, value: str) -> list[str]:
    """What is wrong with what an imported source keeps of an option it accepted."""
    if option == "--title" and value.strip():
        stored, wanted = source.title, " ".join(value.split())
    elif option == "--authors":
        stored, wanted = source.authors, value
    else:
        return []
    return [] if stored == wanted else [f"{option} stored as {stored!r:.60}"]


@pytest.mark.parametrize("option", METADATA_OPTIONS)
def test_import_article_refuses_or_keeps_whole_any_metadata(newsroom, tmp_path, option):
    problems = {}

    for bad in [*STRUCTURED_TEXT, KILOBYTE]:
        # A text of its own for each value, so that each import is new.
        data = f"{ARTICLE}{option} {bad.name}\n".encode()
        path = file_of(tmp_path, f"{bad.name}.txt", data)
        source, found = import_article(path, "--user", IMPORTER, option, bad.value, data=data)
        if source is not None:
            found += kept(source, option, bad.value)
        if found:
            problems[bad.name] = found

    assert problems == {}


@pytest.mark.parametrize("bad", STRUCTURED_TEXT, ids=str)
def test_import_article_refuses_any_user_who_has_no_account(newsroom, tmp_path, bad):
    data = ARTICLE.encode()
    path = file_of(tmp_path, "article.txt", data)

    message = refused("import_article", path, "--user", bad.value)

    assert message.startswith("There is no user")


@pytest.mark.parametrize("kind", ["<script>", "\x00", "News"])
def test_import_article_refuses_a_kind_of_source_that_does_not_exist(newsroom, tmp_path, kind):
    path = file_of(tmp_path, "article.txt", ARTICLE.encode())

    assert "invalid choice" in refused("import_article", path, "--kind", kind)


# evaluate_extraction

GOLD_ARTICLE = "article.txt"
GOLD = {
    "sources": [{"file": GOLD_ARTICLE}],
    "quotes": [
        {
            "id": "q1",
            "source": GOLD_ARTICLE,
            "text": "We will stay,",
            "speaker": "Ann Lee",
            "span": [1, 14],
            "kind": "direct",
        }
    ],
    "people": [{"name": "Ann Lee", "variants": ["Lee"]}],
}


def gold_with(**changes) -> dict:
    return {**GOLD, **changes}


def quote_with(**changes) -> dict:
    return gold_with(quotes=[{**GOLD["quotes"][0], **changes}])


# Gold files that are not gold annotations: (the file's bytes, words the refusal must say).
BAD_GOLD = {
    "empty": (b"", "not valid JSON"),
    "not-json": (b"{'sources': []}", "not valid JSON"),
    "not-utf8": (wire('{"sources": ["\udcff"]}'), "not valid JSON"),
    "nul": (b'{"sources": []}\x00', "not valid JSON"),
    "deep": (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    "list": (b"[1, 2]", "no “sources” list"),
    "sources-not-list": (json.dumps({"sources": "x"}).encode(), "no “sources” list"),
    "source-not-object": (json.dumps({"sources": [1]}).encode(), "must be an object"),
    "file-not-string": (json.dumps({"sources": [{"file": 7}]}).encode(), "“file” must be"),
    "file-absolute": (json.dumps({"sources": [{"file": "/etc/passwd"}]}).encode(), "inside"),
    "file-climbing": (json.dumps({"sources": [{"file": "../../x.txt"}]}).encode(), "inside"),
    "file-nul": (json.dumps({"sources": [{"file": "a\x00b"}]}).encode(), "inside"),
    "file-missing": (json.dumps({"sources": [{"file": "nowhere.txt"}]}).encode(), "Cannot read"),
    "quotes-not-list": (json.dumps(gold_with(quotes={"q1": 1})).encode(), "must be a list"),
    "span-of-text": (json.dumps(quote_with(span=["1", "14"])).encode(), "“span” must be"),
    "span-backwards": (json.dumps(quote_with(span=[14, 1])).encode(), "“span” must be"),
    "span-bool": (json.dumps(quote_with(span=[True, 14])).encode(), "“span” must be"),
    "no-speaker": (json.dumps(quote_with(speaker=None)).encode(), "“speaker” must be"),
    "also-in-object": (json.dumps(quote_with(also_in={"a": 1})).encode(), "“also_in” must be"),
    "variants-not-strings": (
        json.dumps(gold_with(people=[{"name": "Ann Lee", "variants": [1]}])).encode(),
        "“variants” must be",
    ),
    "event-when-list": (
        json.dumps(gold_with(events=[{"when": ["2020"], "sources": [GOLD_ARTICLE]}])).encode(),
        "“when” must be",
    ),
}


@pytest.fixture
def gold_folder(tmp_path) -> Path:
    """A folder with the article the gold file names."""
    (tmp_path / GOLD_ARTICLE).write_bytes(ARTICLE.encode())
    return tmp_path


def test_evaluate_extraction_reads_a_good_gold_file(newsroom, gold_folder):
    # The control: the gold file the bad ones are made from is read and scored.
    gold = file_of(gold_folder, "gold.json", json.dumps(GOLD).encode())

    message, printed = run("evaluate_extraction", gold, str(gold_folder))

    assert message is None
    assert "1 articles" in printed


@pytest.mark.parametrize("name", sorted(BAD_GOLD))
def test_evaluate_extraction_refuses_a_gold_file_that_is_not_one(newsroom, gold_folder, name):
    content, words = BAD_GOLD[name]
    gold = file_of(gold_folder, "gold.json", content)

    message = refused("evaluate_extraction", gold, str(gold_folder))

    assert words in message


@pytest.mark.parametrize("bad", [by_name(ARTICLES)[name] for name in ("empty", "binary")], ids=str)
def test_evaluate_extraction_refuses_an_article_that_is_not_a_text(newsroom, gold_folder, bad):
    (gold_folder / GOLD_ARTICLE).write_bytes(article_bytes(bad))
    gold = file_of(gold_folder, "gold.json", json.dumps(GOLD).encode())

    assert GOLD_ARTICLE in refused("evaluate_extraction", gold, str(gold_folder))


@pytest.mark.parametrize("bad", STRUCTURED_TEXT, ids=str)
def test_evaluate_extraction_refuses_file_names_that_are_no_files(newsroom, gold_folder, bad):
    gold = file_of(gold_folder, "gold.json", json.dumps(GOLD).encode())

    assert "Cannot read" in refused("evaluate_extraction", unusable_path(gold_folder, bad), "x")
    assert "Cannot read" in refused("evaluate_extraction", gold, unusable_path(gold_folder, bad))


@pytest.mark.parametrize(
    "options",
    [["--format", "xml"], ["--min-precision", "high"], ["--min-recall", "1e309x"]],
    ids=str,
)
def test_evaluate_extraction_refuses_bad_options(newsroom, gold_folder, options):
    gold = file_of(gold_folder, "gold.json", json.dumps(GOLD).encode())

    refused("evaluate_extraction", gold, str(gold_folder), *options)


# load_demo


@pytest.mark.parametrize(
    "content",
    [b"", b"\xff\xfe\x00binary", b"Not the seed article."],
    ids=["empty", "not-utf8", "another-text"],
)
def test_load_demo_refuses_a_seed_folder_that_does_not_hold_the_seeds(tmp_path, content):
    for filename, _ in SNAPSHOTS.values():
        (tmp_path / filename).write_bytes(content)

    message = refused("load_demo", "--with-text", str(tmp_path))

    assert next(iter(SNAPSHOTS.values()))[0] in message


@pytest.mark.parametrize("bad", STRUCTURED_TEXT, ids=str)
def test_load_demo_refuses_a_seed_folder_that_is_not_there(db, tmp_path, bad):
    assert "missing" in refused("load_demo", "--with-text", unusable_path(tmp_path, bad))


def test_load_demo_refuses_demo_passwords_with_debug_off(db):
    assert "DEBUG is off" in refused("load_demo", "--password", "x")


# export_data


@pytest.mark.parametrize("bad", STRUCTURED_TEXT, ids=str)
def test_export_data_refuses_an_output_path_it_cannot_write(newsroom, tmp_path, bad):
    message = refused("export_data", "-o", unusable_path(tmp_path, bad))

    assert "Cannot write" in message
    assert list(tmp_path.iterdir()) == []  # nothing half-written left behind


def test_export_data_refuses_a_folder_as_its_output(newsroom, tmp_path):
    assert "Cannot write" in refused("export_data", "-o", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


# generate_data


def whole_number(value: str) -> int | None:
    """The number an integer option reads (int() also reads white space around it and
    Arabic-Indic digits), or None."""
    try:
        return int(value)
    except ValueError:
        return None


# What each option takes: a seed any whole number, the rest a count.
TAKES = {
    "--quotes": lambda number: 1 <= number <= MAX_QUOTES,
    "--seed": lambda number: True,
    "--batch-size": lambda number: number >= 1,
}


@pytest.mark.parametrize("option", sorted(TAKES))
@pytest.mark.parametrize("bad", NUMBERS + STRUCTURED_TEXT, ids=str)
def test_generate_data_refuses_or_uses_any_number(db, option, bad):
    values = {"--quotes": "1", "--seed": "7", "--batch-size": "100", option: bad.value}
    args = [item for pair in values.items() for item in pair]
    number = whole_number(bad.value)
    before = table_counts()

    message, printed = run("generate_data", "--force", *args)

    if number is not None and TAKES[option](number):
        assert message is None
        assert "Synthetic newsroom" in printed
    else:
        assert message is not None and message.strip()
        assert changed_tables(before) == {}


def test_generate_data_refuses_more_quotations_than_a_benchmark_needs(db):
    message = refused("generate_data", "--force", "--quotes", str(MAX_QUOTES + 1))

    assert f"from 1 to {MAX_QUOTES:,}" in message


def test_generate_data_refuses_to_run_with_debug_off_unless_forced(db):
    assert "DJANGO_DEBUG=1" in refused("generate_data", "--quotes", "1")


# From the command line


def manage(tmp_path, *args) -> subprocess.CompletedProcess:
    """manage.py in a process of its own, on an empty SQLite database of its own."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.pop("DATABASE_URL", None)
    environment.update(
        DJANGO_DEBUG="1",
        DJANGO_AUDIT_STDERR="0",
        DJANGO_SQLITE_PATH=str(tmp_path / "db.sqlite3"),
    )
    return subprocess.run(
        [sys.executable, str(PROJECT / "manage.py"), *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("command", "content", "message"),
    [
        ("import_article", article_bytes(by_name(ARTICLES)["binary"]), "looks like a binary file"),
        ("import_data", b"\xff\xfe not UTF-8\n", "line 1: not UTF-8 text"),
    ],
    ids=["import_article", "import_data"],
)
def test_a_refusal_on_the_command_line_is_a_message_without_a_traceback(
    tmp_path, command, content, message
):
    path = file_of(tmp_path, "input", content)

    finished = manage(tmp_path, command, path)

    assert finished.returncode == 1
    assert "CommandError: " in finished.stderr
    assert message in finished.stderr
    assert "Traceback" not in finished.stderr
