"""Request bodies read with a size cap: DRF's parsers read the stream past Django's own limit."""

from django.conf import settings
from rest_framework import parsers

from newsroom.api.exceptions import RequestTooLarge


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


class JSONParser(SizeCappedMixin, parsers.JSONParser):
    pass


class FormParser(SizeCappedMixin, parsers.FormParser):
    pass


class MultiPartParser(SizeCappedMixin, parsers.MultiPartParser):
    pass
