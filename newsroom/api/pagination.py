"""Pages of API lists: capped sizes, and cursors for the lists that grow without bound.

A cursor page costs the same whatever its position (no OFFSET, no COUNT), and rows added while a
client walks the list neither repeat nor vanish. Cursor orderings are on non-null fields only.
"""

from rest_framework import pagination

MAX_PAGE_SIZE = 100


class PagePagination(pagination.PageNumberPagination):
    """Numbered pages for short lists (outlets, people, organizations)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class CursorPagination(pagination.CursorPagination):
    """Cursor pages, newest change first by default; `ordering` picks another non-null order."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-updated_at"
