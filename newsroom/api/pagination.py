"""Pages of API lists: capped sizes, and cursors for the lists that grow without bound.

A cursor page costs the same whatever its position (no OFFSET, no COUNT), and rows added while a
client walks the list neither repeat nor vanish. Cursor orderings are on non-null fields only.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from rest_framework import pagination
from rest_framework.exceptions import NotFound

MAX_PAGE_SIZE = 100


class PagePagination(pagination.PageNumberPagination):
    """Numbered pages for short lists (outlets, people, organizations)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class CursorPagination(pagination.CursorPagination):
    """Cursor pages, newest change first by default; `ordering` picks another non-null order.

    A cursor comes from the client, so its position is read like any other input: as a value of
    the ordering's first field, or the cursor is refused (404, as DRF refuses a cursor it cannot
    decode). A moment is sent to the database in UTC: a position of "9999-12-31T23:59:59-23:00"
    lies past the last moment Python holds once in UTC, and PostgreSQL refuses offsets beyond
    ±15:59 that Python accepts.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-updated_at"

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        ordering = self.ordering if isinstance(self.ordering, list | tuple) else [self.ordering]
        field = self.model._meta.get_field(ordering[0].lstrip("-"))
        try:
            position = field.to_python(cursor.position)
            if isinstance(field, models.DateTimeField) and position is not None:
                if position.utcoffset() is None:
                    raise ValueError("a moment without its offset")
                position = position.astimezone(datetime.UTC)
        except (ValidationError, ValueError, OverflowError):
            raise NotFound(self.invalid_cursor_message) from None
        if position is None:
            raise NotFound(self.invalid_cursor_message)
        return cursor._replace(position=str(position))
