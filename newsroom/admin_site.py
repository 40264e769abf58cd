"""The desk's admin site: Django's, with the sign-in and the autocomplete reading their input first.

It is the default site (`admin.site`, through `newsroom.apps.DeskAdminConfig`), so every
`@admin.register` lands here. It imports no ModelAdmin: the default site is built while the
admin modules are being imported.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.validators import MaxLengthValidator

from newsroom.search import clean_query


class LoginForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing a username longer than any account's before it is tried.

    Django's form sets the field's max_length after the field is made, so no validator checks
    it, and a longer username reaches django-axes' record of failed sign-ins, whose column is
    shorter than a request can be: PostgreSQL refused the row, and the sign-in failed with a 500.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class AutocompleteView(AutocompleteJsonView):
    """The autocomplete of the admin's relation fields, searching the words typed as the public
    search reads them (newsroom.search.clean_query): control characters as spaces (PostgreSQL
    refuses a NUL in a query) and at most the first 200 characters (SQLite refuses a LIKE
    pattern over 50,000 bytes; no name is that long)."""

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        return clean_query(term)[0], model_admin, source_field, to_field_name


class DeskAdminSite(admin.AdminSite):
    site_header = "Provenance desk"
    site_title = "Provenance desk"
    index_title = "Newsroom"
    login_form = LoginForm

    def autocomplete_view(self, request):
        return AutocompleteView.as_view(admin_site=self)(request)
