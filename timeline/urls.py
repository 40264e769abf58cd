"""Public URLs of the timeline."""

from django.urls import path

from timeline import views

urlpatterns = [
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
]
