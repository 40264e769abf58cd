"""Request bodies read with a size cap: DRF's parsers read the stream past Django's own limit.

JSON bodies are also refused when they are not one reading of text: nested past what the
parser can recurse into, holding a lone surrogate (an escape such as "\\ud800" that JSON allows
and Unicode text does not, which no field could store and no answer could repeat) or a key given
twice. A multipart body cut off before its closing boundary is refused for every view by
newsroom.middleware.WholeUploadMiddleware, whose error DRF's parser reports as a parse error.
"""

import codecs

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json as drf_json

from newsroom.api.exceptions import RequestTooLarge
from newsroom.validators import holds_lone_surrogate


class SizeCappedMixin:
    """Refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE (413) before parsing a byte of it."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        try:
            declared = int(declared or 0)
        except ValueError:
            declared = 0
        if limit is not None and declared > limit:
            raise RequestTooLarge(
                f"The request body is {declared} bytes; the limit is {limit} bytes."
            )
        return super().parse(stream, media_type, parser_context)


def lone_surrogate_in(data) -> bool:
    """Whether a parsed JSON value holds a lone surrogate, in a key or a string value."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if holds_lone_surrogate(value):
                return True
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """An object whose keys are each given once: `{"text": "a", "text": "b"}` is ambiguous (most
    readers keep the last, some the first), so it is refused rather than guessed at."""
    data = dict(pairs)
    if len(data) != len(pairs):
        keys = [key for key, _ in pairs]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        raise ParseError(f"JSON parse error - the key {', '.join(repeated)[:100]} is given twice.")
    return data


class TextJSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing what is not text, or not one reading of it."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        parse_constant = drf_json.strict_constant if self.strict else None
        try:
            data = drf_json.load(
                codecs.getreader(encoding)(stream),
                parse_constant=parse_constant,
                object_pairs_hook=_unique_keys,
            )
        except RecursionError:
            raise ParseError(
                "JSON parse error - arrays or objects are nested too deeply to read."
            ) from None
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None
        if lone_surrogate_in(data):
            raise ParseError(
                "JSON parse error - a string holds a lone surrogate escape (such as \\ud800), "
                "which is not a character: send text as UTF-8."
            )
        return data


class JSONParser(SizeCappedMixin, TextJSONParser):
    pass


class FormParser(SizeCappedMixin, parsers.FormParser):
    pass


class MultiPartParser(SizeCappedMixin, parsers.MultiPartParser):
    pass
