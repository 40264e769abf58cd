"""The API's addresses under /api/: the records, the exports, the schema and its docs."""

from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from newsroom.api.errors import not_found
from newsroom.api.views import TokenView

app_name = "api"

router = DefaultRouter()
# Records (each app registers its viewsets here).

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view keeps Swagger UI's start-up script in a static file: no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("token/", TokenView.as_view(), name="token"),
    *router.urls,
    re_path(r"^.*$", not_found),
]
