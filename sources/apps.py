"""App configuration for sources."""

from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources and quotations"
    default_auto_field = "django.db.models.BigAutoField"
