"""The import_article and evaluate_extraction commands: output, re-import, stdin, bad input."""

import io
import json
import sys
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sources.models import Source
from tests import factories

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Dilxat Raxit, a spokesman for the World Uyghur Congress, noted that Ankara is bowing\n"
    "to Beijing. “This agreement will frighten families in exile… We urge\n"
    "the parliament … to stop the pact from becoming an instrument of persecution for them,” he\n"
    "said to AFP. Critics called the camps ‘re-education’ centres. In 2018, Erdogan had said\n"
    "people in Ankara are better off now.\n"
)
QUOTATION_KEYS = {
    "text",
    "start",
    "end",
    "kind",
    "speaker_as_written",
    "speaker",
    "cue",
    "intermediary",
    "matches",
}


def run(*args, stdin=None):
    out = io.StringIO()
    if stdin is not None:
        previous, sys.stdin = sys.stdin, stdin
    try:
        call_command(*args, stdout=out)
    finally:
        if stdin is not None:
            sys.stdin = previous
    return out.getvalue()


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.encode())
    return path


def test_a_dry_run_prints_the_proposals_as_one_json_object_and_saves_nothing(article):
    raxit = factories.PersonFactory(name="Dilxat Raxit")

    result = json.loads(run("import_article", str(article), "--dry-run", "--format", "json"))

    assert set(result) == {"source", "quotations", "indirect", "events"}
    [item] = result["quotations"]
    assert set(item) == QUOTATION_KEYS
    assert ARTICLE[item["start"] : item["end"]].split() == item["text"].split()
    assert item["text"].startswith("This agreement") and item["text"].endswith(",")
    assert item["kind"] == "elided"
    assert item["speaker_as_written"] == "he"
    assert item["speaker"] == {
        "name": "Dilxat Raxit",
        "kind": "person",
        "id": str(raxit.pk),
        "score": 100.0,
    }
    assert item["cue"] == "he said to AFP"
    assert item["intermediary"] == {"name": "AFP", "id": None}
    assert item["matches"] is None
    assert [i["speaker"]["name"] for i in result["indirect"]][-1] == "Erdogan"
    assert {"text": "In 2018", "date": "2018", "precision": "year"}.items() <= result["events"][
        0
    ].items()
    assert result["source"]["sha256"] and result["source"]["length"] == len(ARTICLE)
    assert Source.objects.count() == 0


def test_offsets_are_python_string_offsets_of_the_file_as_read(tmp_path):
    text = "Intro line ✓ with é and 🙂.\r\n\r\n“Wir bleiben,” sagte Ann Lee, said the report.\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode())

    [item] = json.loads(run("import_article", str(path), "--dry-run", "--format", "json"))[
        "quotations"
    ]

    assert text[item["start"] : item["end"]] == "Wir bleiben,"


def test_an_import_creates_a_draft_source_and_a_second_import_changes_nothing(article, contributor):
    out = run("import_article", str(article), "--user", "contributor", "--title", "Treaty")
    source = Source.objects.get()
    assert f"as draft source {source.pk}" in out
    assert (source.state, source.created_by, source.text) == ("draft", contributor, ARTICLE)

    again = run("import_article", str(article), "--user", "contributor", "--title", "Changed")

    assert "nothing changed" in again
    assert Source.objects.count() == 1
    assert Source.objects.get().title == "Treaty"


def test_an_import_from_standard_input(contributor):
    stdin = io.TextIOWrapper(io.BytesIO(ARTICLE.encode()), encoding="utf-8")
    result = json.loads(run("import_article", "-", "--format", "json", stdin=stdin))
    assert result["source"]["created"] is True
    assert Source.objects.get().text == ARTICLE


def test_a_json_article_carries_its_metadata(tmp_path):
    path = tmp_path / "article.json"
    path.write_text(
        json.dumps({"text": ARTICLE, "title": "Treaty", "published_on": "2021-01-05"}), "utf-8"
    )

    run("import_article", str(path))

    source = Source.objects.get()
    assert (source.title, source.published_on.isoformat()) == ("Treaty", "2021-01-05")


def test_html_with_scripts_and_styles_is_imported_as_its_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Deal</title><style>.x{}</style></head><body><script>var a='“no”';"
        "</script><p>“We will stay,” said Ann Lee.</p></body></html>",
        "utf-8",
    )
    result = json.loads(run("import_article", str(path), "--dry-run", "--format", "json"))
    assert [q["text"] for q in result["quotations"]] == ["We will stay,"]
    assert result["source"]["format"] == "html" and result["source"]["title"] == "Deal"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03PK\x03\x04" * 50, "binary"),
        (b"caf\xe9", "not UTF-8"),
        (b'{"title": "x"}', "“text”"),
    ],
)
def test_bad_input_gets_a_clear_error_and_creates_nothing(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("import_article", str(path))
    assert Source.objects.count() == 0


def test_a_20_mb_text_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(("“Words,” he said. " * 60).encode() * 20_000)
    started = time.monotonic()
    with pytest.raises(CommandError, match="MB; articles of more than 5 MB are refused"):
        run("import_article", str(path))
    assert time.monotonic() - started < 2
    assert Source.objects.count() == 0


def test_a_missing_file_or_user_is_a_clear_error(article):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_article", "/nonexistent/article.txt")
    with pytest.raises(CommandError, match="no user “nobody”"):
        run("import_article", str(article), "--user", "nobody")
    assert Source.objects.count() == 0


def test_a_user_whose_role_cannot_add_sources_is_refused(article):
    factories.UserFactory(username="viewer", is_staff=True)
    with pytest.raises(CommandError, match="does not allow importing"):
        run("import_article", str(article), "--user", "viewer")
    assert Source.objects.count() == 0


def test_unbalanced_marks_and_right_to_left_text_give_sensible_proposals(tmp_path):
    text = (
        "“This mark never closes, said Ann Lee.\n\n"
        "The imam, Yusuf Haddad, said: «وَلَا تُفْسِدُوا فِي الْأَرْضِ» and left.\n\n"
        "שלום said nobody, and “we are here,” said Bo Chen.\n"
    )
    path = tmp_path / "mixed.txt"
    path.write_bytes(text.encode())

    result = json.loads(run("import_article", str(path), "--dry-run", "--format", "json"))

    assert [(q["text"], q["speaker"]["name"]) for q in result["quotations"]] == [
        ("وَلَا تُفْسِدُوا فِي الْأَرْضِ", "Yusuf Haddad"),
        ("we are here,", "Bo Chen"),
    ]
    for item in result["quotations"]:
        assert text[item["start"] : item["end"]] == item["text"]


def test_the_text_format_lists_what_is_proposed_and_what_is_not(article):
    out = run("import_article", str(article), "--dry-run")
    assert "1 quotations proposed" in out
    assert "scare: “re-education”" in out


def test_evaluate_extraction_reports_and_fails_below_a_floor(tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.encode())
    start = ARTICLE.index("This agreement")
    end = ARTICLE.index("for them,") + len("for them,")
    gold = {
        "sources": [{"file": "article.txt"}],
        "quotes": [
            {
                "id": "a",
                "source": "article.txt",
                "text": "x",
                "speaker": "Dilxat Raxit",
                "speaker_as_written": "he",
                "kind": "direct-with-elisions",
                "intermediary": "AFP",
                "also_in": [],
                "span": [start, end],
            },
            {
                "id": "b",
                "source": "article.txt",
                "text": "x",
                "speaker": "Nobody",
                "speaker_as_written": None,
                "kind": "direct",
                "intermediary": None,
                "also_in": [],
                "span": [0, 5],
            },
        ],
        "not_quotes": [],
        "indirect_speech": [],
    }
    gold_path = tmp_path / "gold.json"
    gold_path.write_text(json.dumps(gold), "utf-8")

    out = run("evaluate_extraction", str(gold_path), str(tmp_path))
    assert "Precision 1.00, recall 0.50." in out
    assert "Intermediaries: 1 of 1 found." in out

    with pytest.raises(CommandError, match="below the floor"):
        run("evaluate_extraction", str(gold_path), str(tmp_path), "--min-recall", "0.9")


def test_evaluate_extraction_refuses_a_file_that_is_not_a_gold_annotation(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text("[1, 2]", "utf-8")
    with pytest.raises(CommandError, match="no “sources” list"):
        run("evaluate_extraction", str(path), str(tmp_path))
