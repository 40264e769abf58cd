"""Public URLs of quotations, people, organizations, sources and claims."""

from django.urls import path

from sources.views import claims, documents, entities, quotes

urlpatterns = [
    path("quotes/", quotes.QuoteListView.as_view(), name="quote-list"),
    path("quotes/<uuid:pk>/", quotes.QuoteDetailView.as_view(), name="quote-detail"),
    path("people/", entities.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", entities.PersonDetailView.as_view(), name="person-detail"),
    path("organizations/", entities.OrganizationListView.as_view(), name="organization-list"),
    path(
        "organizations/<slug:slug>/",
        entities.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path("sources/<uuid:pk>/", documents.SourceDetailView.as_view(), name="source-detail"),
    path("claims/", claims.ClaimListView.as_view(), name="claim-list"),
    path("claims/<uuid:pk>/", claims.ClaimDetailView.as_view(), name="claim-detail"),
]
