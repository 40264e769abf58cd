"""Root URL configuration: the admin, and the public site."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from newsroom import feeds, views
from newsroom.sitemaps import SITEMAPS

handler400 = "newsroom.views.bad_request"
handler500 = "newsroom.views.server_error"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("feeds/quotes/", feeds.latest_quotes, name="feed-quotes"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("sources.urls")),
    path("", include("timeline.urls")),
    path("api/", include("newsroom.api.urls")),
    path("admin/", admin.site.urls),
]
