"""Feeds: an Atom feed of newly published quotations."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from sources.models import Quote


class LatestQuotesFeed(Feed):
    """Quotations in the order they were published (not said): what a reader has not seen yet."""

    feed_type = Atom1Feed
    title = "Newly published quotations · Provenance desk"
    subtitle = (
        "Attributed quotations checked by the desk's editors, each with the chain of sources "
        "that carried it."
    )
    link = reverse_lazy("quote-list")
    feed_url = reverse_lazy("feed-quotes")
    author_name = "Provenance desk"
    item_count = 30

    def items(self):
        return (
            Quote.objects.published()
            .with_speaker()
            .with_published_at()
            .order_by("-published_at", "pk")[: self.item_count]
        )

    def item_title(self, quote):
        return str(quote)

    def item_description(self, quote):
        said = f", {quote.said}" if quote.said else ""
        occasion = f", {quote.occasion}" if quote.occasion else ""
        return f"“{quote.text}” — {quote.speaker}{said}{occasion}."

    def item_author_name(self, quote):
        return str(quote.speaker)

    def item_pubdate(self, quote):
        return quote.published_at

    def item_updateddate(self, quote):
        return quote.updated_at


# The view newsroom/urls.py routes /feeds/quotes/ to.
latest_quotes = LatestQuotesFeed()
