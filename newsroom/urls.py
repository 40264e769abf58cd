"""Root URL configuration."""

from django.contrib import admin
from django.urls import path

admin.site.site_header = "Provenance desk"
admin.site.site_title = "Provenance desk"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("admin/", admin.site.urls),
]
