"""App configuration for the newsroom project app, and for the admin with the desk's site."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth import signals as auth
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate
        from simple_history.signals import post_create_historical_record

        from newsroom import audit, history

        # History cannot be bypassed (newsroom/history.py).
        connection_created.connect(history._on_connection_created, dispatch_uid="history-guard")
        pre_migrate.connect(history._on_pre_migrate, dispatch_uid="history-guard")
        post_migrate.connect(history._on_post_migrate, dispatch_uid="history-guard")
        # The audit log (newsroom/audit.py).
        post_create_historical_record.connect(audit.on_historical_record, dispatch_uid="audit")
        auth.user_logged_in.connect(audit.on_logged_in, dispatch_uid="audit")
        auth.user_logged_out.connect(audit.on_logged_out, dispatch_uid="audit")
        auth.user_login_failed.connect(audit.on_login_failed, dispatch_uid="audit")
        user_locked_out.connect(audit.on_locked_out, dispatch_uid="audit")


class DeskAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose default site (`admin.site`) is the desk's (newsroom/admin_site.py)."""

    default_site = "newsroom.admin_site.DeskAdminSite"
    # NewsroomConfig stays the configuration of the newsroom app itself.
    default = False
