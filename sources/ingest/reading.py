"""Reading an article: bytes to text, refused with a clear message when it is not a text.

An article arrives as plain text, as HTML, or as a JSON object holding the text and its metadata.
The snapshot kept with the source is the text as read: for plain text the file's characters
exactly (line breaks and all, only a byte-order mark removed), so offsets into the file and into
the snapshot are the same numbers; for HTML and JSON, the text extracted from them.
"""

import json
import re
import unicodedata
from dataclasses import dataclass, field, replace

from bs4 import BeautifulSoup

from newsroom.validators import holds_lone_surrogate

# Larger inputs are refused before they are decoded: an article is rarely more than 100 KB, and
# a proposal run over many megabytes would hold a request or a command for minutes.
MAX_BYTES = 5 * 1024 * 1024

FORMATS = ("text", "html", "json")

# Metadata a JSON article may carry next to its "text".
METADATA_FIELDS = ("title", "url", "outlet", "published_on", "language", "authors", "kind")

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Tags that only HTML has: a stray "</a>" in a text extracted from a page is not enough.
_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|p|div|br|h[1-6]|article|section|ul|ol|li|table|script"
    r"|style|meta|title|span|blockquote)\b[^>]*>",
    flags=re.IGNORECASE,
)
_HTML_DROPPED = ("script", "style", "noscript", "template", "iframe", "svg", "head")
_HTML_BLOCKS = (
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "article",
    "section",
    "header",
    "footer",
    "figcaption",
    "tr",
    "pre",
    "dd",
    "dt",
)


class IngestError(ValueError):
    """An input that cannot be imported, with a message saying why and what to do."""


@dataclass(frozen=True)
class Article:
    """An article as read: the snapshot text, the format it came in, and its metadata."""

    text: str
    format: str = "text"
    title: str = ""
    url: str = ""
    outlet: str = ""
    published_on: str = ""
    language: str = ""
    authors: str = ""
    kind: str = ""
    name: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def with_metadata(self, **metadata) -> "Article":
        """The article with the given metadata filled in where given (not empty)."""
        given = {key: value for key, value in metadata.items() if value}
        return replace(self, **given)


def decode(data: bytes, *, name: str = "the input") -> str:
    """The text of `data`: UTF-8 (or UTF-16 with a byte-order mark), without the mark."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            data, chosen = data[len(bom) :], encoding
            break
    else:
        chosen = "utf-8"
    if chosen == "utf-8" and b"\x00" in data:
        raise IngestError(
            f"{name} looks like a binary file (it holds NUL bytes), not a text: give a plain "
            "text, HTML or JSON file."
        )
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{name} is not {chosen.upper()} text (undecodable byte at position {exc.start}): "
            "save it as UTF-8 and import it again."
        ) from exc
    check_text(text, name=name)
    return text


def check_text(text: str, *, name: str = "the input") -> None:
    """Refuse a text that holds no words, or control characters a database or reader rejects."""
    if "\x00" in text:
        # PostgreSQL refuses NUL in text columns; a text holding one is not an article anyway.
        raise IngestError(f"{name} holds NUL characters: it is not a text that can be imported.")
    if holds_lone_surrogate(text):
        raise IngestError(
            f"{name} holds a lone surrogate (such as the JSON escape \\ud800), which is not a "
            "character: it is not a text that can be imported."
        )
    if not text.strip():
        raise IngestError(f"{name} is empty: there is no text to import.")
    controls = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v"
    )
    if controls > max(8, len(text) // 100):
        raise IngestError(
            f"{name} looks like a binary file ({controls} control characters), not a text."
        )


def check_metadata(metadata: dict[str, str], *, name: str = "the input") -> None:
    """Refuse metadata that no field can store: a NUL character (PostgreSQL refuses it in
    text), or a lone surrogate (bytes that were not UTF-8, or a JSON escape of none)."""
    for key, value in metadata.items():
        if "\x00" in value:
            raise IngestError(f"{name}: “{key}” holds a NUL character, which cannot be stored.")
        if holds_lone_surrogate(value):
            raise IngestError(f"{name}: “{key}” is not UTF-8 text, and cannot be stored.")


def check_size(size: int, *, name: str = "the input", max_bytes: int = MAX_BYTES) -> None:
    if size > max_bytes:
        raise IngestError(
            f"{name} is {size / 1024 / 1024:.1f} MB; articles of more than "
            f"{max_bytes / 1024 / 1024:.0f} MB are refused. Import the article itself, not a "
            "whole site or archive."
        )


def detect_format(text: str) -> str:
    """ "json" for a JSON object, "html" for a page or fragment of one, else "text"."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            value = json.loads(stripped)
        except ValueError:
            return "text"
        return "json" if isinstance(value, dict) else "text"
    return "html" if len(_HTML_TAG.findall(text[:200_000])) >= 2 else "text"


def html_to_text(html: str) -> tuple[str, str]:
    """The readable text of an HTML page or fragment, and its <title> (or first heading).

    Scripts, styles and the head are dropped; blocks become paragraphs separated by a blank line,
    <br> a line break; entities are decoded. White space inside a block is folded.
    """
    soup = BeautifulSoup(html, "html.parser")
    title_tag = soup.find("title") or soup.find("h1")
    title = " ".join(title_tag.get_text(" ").split()) if title_tag else ""
    for tag in soup.find_all(_HTML_DROPPED):
        tag.decompose()
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    for tag in soup.find_all(_HTML_BLOCKS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    raw = soup.get_text()
    paragraphs = []
    for block in re.split(r"\n\s*\n", raw):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs), title


def read_article(
    data: bytes | str,
    *,
    name: str = "the input",
    format: str = "auto",
    max_bytes: int = MAX_BYTES,
) -> Article:
    """Read an article from bytes (or text), in the given format or the one detected."""
    if isinstance(data, bytes):
        check_size(len(data), name=name, max_bytes=max_bytes)
        text = decode(data, name=name)
    else:
        check_size(len(data.encode("utf-8", "surrogatepass")), name=name, max_bytes=max_bytes)
        text = data[1:] if data.startswith("\ufeff") else data
        check_text(text, name=name)
    if format == "auto":
        format = detect_format(text)
    if format not in FORMATS:
        raise IngestError(f"Unknown input format “{format}”: use text, html or json.")
    if format == "json":
        return _from_json(text, name=name)
    if format == "html":
        extracted, title = html_to_text(text)
        check_text(extracted, name=f"{name} (its text, once the HTML is removed)")
        return Article(text=extracted, format="html", title=title, name=name)
    return Article(text=text, format="text", name=name)


def _from_json(text: str, *, name: str) -> Article:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise IngestError(f"{name} is not valid JSON: {exc}.") from exc
    if not isinstance(value, dict):
        raise IngestError(f"{name} must be a JSON object with a “text” field.")
    body = value.get("text")
    if not isinstance(body, str) or not body.strip():
        raise IngestError(f"{name} has no “text” field holding the article's text.")
    metadata = {}
    for key in METADATA_FIELDS:
        item = value.get(key)
        if item is None:
            continue
        if not isinstance(item, str):
            raise IngestError(f"{name}: “{key}” must be a string.")
        metadata[key] = item.strip()
    check_metadata(metadata, name=name)
    body_format = detect_format(body)
    if body_format == "html":
        body, title = html_to_text(body)
        metadata.setdefault("title", title)
    check_text(body, name=f"{name} (its “text”)")
    extra = {key: item for key, item in value.items() if key not in (*METADATA_FIELDS, "text")}
    return Article(text=body, format="json", name=name, extra=extra, **metadata)
