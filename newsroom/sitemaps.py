"""Sitemaps: the site's fixed pages and every published record that has a page of its own."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from sources.models import Claim, Organization, Person, Quote, Source


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return [
            "home",
            "quote-list",
            "person-list",
            "organization-list",
            "claim-list",
            "timeline",
            "corrections",
        ]

    def location(self, item):
        return reverse(item)


class PublishedSitemap(Sitemap):
    """Published records of one model, at their pages; `lastmod` is the last change."""

    model = None
    # What get_absolute_url and lastmod read; a source's snapshot is not fetched.
    fields = ("pk", "updated_at")

    def items(self):
        return self.model.objects.published().only(*self.fields).order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class QuoteSitemap(PublishedSitemap):
    model = Quote


class PersonSitemap(PublishedSitemap):
    model = Person
    fields = ("pk", "slug", "updated_at")


class OrganizationSitemap(PublishedSitemap):
    model = Organization
    fields = ("pk", "slug", "updated_at")


class SourceSitemap(PublishedSitemap):
    model = Source


class ClaimSitemap(PublishedSitemap):
    model = Claim


SITEMAPS = {
    "pages": StaticSitemap,
    "quotes": QuoteSitemap,
    "people": PersonSitemap,
    "organizations": OrganizationSitemap,
    "sources": SourceSitemap,
    "claims": ClaimSitemap,
}
