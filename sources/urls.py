"""Public URLs of quotations, people, organizations, sources and claims."""

from django.urls import path, register_converter

from sources.views import claims, documents, entities, quotes


class UnicodeSlugConverter:
    """A slug in any script: a person named only in Arabic script has a page too."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")

urlpatterns = [
    path("quotes/", quotes.QuoteListView.as_view(), name="quote-list"),
    path("quotes/<uuid:pk>/", quotes.QuoteDetailView.as_view(), name="quote-detail"),
    path("people/", entities.PersonListView.as_view(), name="person-list"),
    path("people/<uslug:slug>/", entities.PersonDetailView.as_view(), name="person-detail"),
    path("organizations/", entities.OrganizationListView.as_view(), name="organization-list"),
    path(
        "organizations/<uslug:slug>/",
        entities.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path("sources/<uuid:pk>/", documents.SourceDetailView.as_view(), name="source-detail"),
    path("claims/", claims.ClaimListView.as_view(), name="claim-list"),
    path("claims/<uuid:pk>/", claims.ClaimDetailView.as_view(), name="claim-detail"),
]
