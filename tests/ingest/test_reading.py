"""Reading an article: decoding, refusing what is not a text, HTML and JSON."""

import json

import pytest

from sources.ingest.reading import IngestError, detect_format, read_article


def test_plain_text_is_kept_exactly_line_breaks_and_all():
    data = "Line one\r\nline two\n\n“Quoted.”\n".encode()

    article = read_article(data)

    assert article.text == "Line one\r\nline two\n\n“Quoted.”\n"
    assert article.format == "text"


def test_a_utf8_byte_order_mark_is_not_part_of_the_text():
    assert read_article(b"\xef\xbb\xbfHello world").text == "Hello world"


def test_utf16_with_a_byte_order_mark_is_decoded():
    assert read_article("Erdoğan said it.".encode("utf-16")).text == "Erdoğan said it."


@pytest.mark.parametrize("data", [b"", b"   \n\t\n"])
def test_an_empty_input_is_refused_with_a_clear_message(data):
    with pytest.raises(IngestError, match="empty"):
        read_article(data, name="empty.txt")


def test_a_binary_file_is_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    with pytest.raises(IngestError, match="binary"):
        read_article(png, name="photo.png")


def test_bytes_that_are_not_utf8_are_refused_with_the_position():
    with pytest.raises(IngestError, match=r"not UTF-8 text .*position 3"):
        read_article(b"caf\xe9 \xff\xfe", name="latin1.txt")


def test_an_input_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(IngestError, match=r"6\.0 MB"):
        read_article(b"a" * (6 * 1024 * 1024))


def test_a_stray_closing_tag_in_a_text_does_not_make_it_html():
    text = "China has ratified a treaty. (Image: pixabay CC0 1.0</a>)\nMore text."
    assert detect_format(text) == "text"
    assert read_article(text.encode()).text == text


def test_html_is_reduced_to_text_without_scripts_or_styles():
    html = (
        "<html><head><title>Water deal</title><style>p{color:red}</style></head><body>"
        "<script>alert('x')</script><h1>Water deal</h1><p>“We agree,” said Ann&nbsp;Lee.</p>"
        "<p>Second <b>paragraph</b>.<br>New line.</p><noscript>enable JS</noscript></body></html>"
    )

    article = read_article(html.encode())

    assert article.format == "html"
    assert article.title == "Water deal"
    assert "alert" not in article.text and "color" not in article.text
    assert "enable JS" not in article.text
    assert article.text == "Water deal\n\n“We agree,” said Ann Lee.\n\nSecond paragraph.\nNew line."


def test_a_json_object_carries_its_text_and_metadata():
    data = json.dumps(
        {
            "text": "“We agree,” said Ann Lee.",
            "title": "Deal",
            "url": "https://example.org/deal",
            "outlet": "Example Times",
            "published_on": "2024-06-12",
            "language": "en",
            "section": "world",
        }
    ).encode()

    article = read_article(data)

    assert (article.format, article.text, article.title) == (
        "json",
        "“We agree,” said Ann Lee.",
        "Deal",
    )
    assert (article.outlet, article.published_on) == ("Example Times", "2024-06-12")
    assert article.extra == {"section": "world"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"title": "no text"}', "no “text” field"),
        (b'{"text": 5}', "no “text” field"),
        (b'{"text": "words", "title": 3}', "“title” must be a string"),
    ],
)
def test_a_json_object_without_usable_text_is_refused(data, message):
    with pytest.raises(IngestError, match=message):
        read_article(data, format="json")


def test_a_json_object_may_hold_html():
    data = json.dumps({"text": "<p>One.</p><script>x()</script><p>Two.</p>"}).encode()
    assert read_article(data).text == "One.\n\nTwo."
