"""Pagination that stays fast on a million rows: counts are capped and deep pages refused.

An exact COUNT(*) over the whole filtered table on every request, and OFFSET scans thousands of
pages deep, are what make list pages slow at scale. CappedPaginator counts at most `cap` rows
(reading no further than that) and serves pages only within them; a reader who needs more
narrows the filters, which the page says.
"""

from django.core.paginator import InvalidPage, Paginator
from django.utils.functional import cached_property

DEFAULT_CAP = 10_000


class CappedPaginator(Paginator):
    cap = DEFAULT_CAP

    @cached_property
    def count(self) -> int:
        """The number of rows, or cap + 1 when there are more than `cap`."""
        # Ordering does not change how many rows there are; dropping it spares a sort.
        rows = self.object_list.order_by()[: self.cap + 1]
        return len(rows.values_list("pk", flat=True))

    @property
    def capped(self) -> bool:
        """Whether there are more rows than the pages reach."""
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        return max(1, -(-min(self.count, self.cap) // self.per_page))


def page_or_first(paginator: Paginator, number) -> tuple:
    """The requested page, or the first one and a message when the number is not a page."""
    try:
        return paginator.page(number or 1), ""
    except InvalidPage:
        return paginator.page(1), (
            f"There is no page {str(number)[:20]!s}; showing the first page "
            f"of {paginator.num_pages}."
        )


class CappedListMixin:
    """For list views: pages by CappedPaginator, and a page number that is not a page shows
    the first page with a message instead of a 404. The context also carries the query
    without its page number, for page links that keep the filters."""

    paginator_class = CappedPaginator
    paginate_by = 50
    page_message = ""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page, self.page_message = page_or_first(paginator, self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # pages the list, setting page_message
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        context.update(page_message=self.page_message, filter_query=query.urlencode())
        return context
