"""The API's addresses under /api/: the records, the exports, the schema and its docs."""

from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from newsroom.api.errors import not_found
from newsroom.api.exports import ExportView
from newsroom.api.views import TokenView
from sources.api.claims import ClaimViewSet
from sources.api.documents import OutletViewSet, SourceViewSet
from sources.api.entities import OrganizationViewSet, PersonViewSet
from sources.api.quotes import AppearanceViewSet, QuoteViewSet
from timeline.api.events import EventViewSet
from timeline.api.timelinejs import TimelineDocumentView

app_name = "api"

router = DefaultRouter()
# Records (each app registers its viewsets here).
router.register("quotes", QuoteViewSet, basename="quote")
router.register("appearances", AppearanceViewSet, basename="appearance")
router.register("sources", SourceViewSet, basename="source")
router.register("outlets", OutletViewSet, basename="outlet")
router.register("people", PersonViewSet, basename="person")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("claims", ClaimViewSet, basename="claim")
router.register("events", EventViewSet, basename="event")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view keeps Swagger UI's start-up script in a static file: no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("token/", TokenView.as_view(), name="token"),
    path("timeline/", TimelineDocumentView.as_view(), name="timeline"),
    path("export/", ExportView.as_view(), name="export"),
    *router.urls,
    re_path(r"^.*$", not_found),
]
