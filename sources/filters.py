"""Filters over published quotations, shared by the public list page and the API.

The query string holds the whole state (`?speaker=dilxat-raxit&said_from=2020&sort=-said`), so a
filtered view can be shared. A value that cannot be read (an unknown speaker, "2020-13", a
range that ends before it starts) is a form error with a message for the reader; the FilterSet
then leaves that filter out rather than failing.
"""

import django_filters
import django_filters.fields
from django import forms
from django.conf import global_settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F, Q

from newsroom.dates import PartialDate
from sources.models import (
    Affiliation,
    Appearance,
    Claim,
    Organization,
    Outlet,
    Person,
    SourceKind,
    Topic,
    TruthVerdict,
)

# Primary language subtags with their English names, for the language filter: "ar" also
# finds quotations tagged "ar-EG".
LANGUAGES = sorted(
    ((code, name) for code, name in global_settings.LANGUAGES if "-" not in code),
    key=lambda choice: choice[1],
)

SORTS = {
    "-said": ("date said, latest first", [F("said_on").desc(nulls_last=True)]),
    "said": ("date said, earliest first", [F("said_on").asc(nulls_last=True)]),
    "-published": (
        "date first published, latest first",
        [F("first_published").desc(nulls_last=True)],
    ),
    "published": (
        "date first published, earliest first",
        [F("first_published").asc(nulls_last=True)],
    ),
}
DEFAULT_SORT = "-said"
SEARCH_MAX_LENGTH = 200


def _shown(value: str) -> str:
    """A reader's input, safe to repeat in a message: printable characters, not too many."""
    return "".join(character for character in value if character.isprintable())[:60]


class PartialDateField(forms.CharField):
    """A date as precise as the reader knows it: "2019", "2020-05" or "2020-12-26"."""

    def to_python(self, value) -> PartialDate | None:
        value = super().to_python(value)
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError:
            raise ValidationError(
                "“%(value)s” is not a date: write a year (2019), a month (2020-05) or a day "
                "(2020-12-26).",
                code="invalid",
                params={"value": _shown(value)},
            ) from None


class ListedChoiceField(forms.ModelChoiceField):
    """A published record chosen from a list; any value that names none gets one message."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            # A malformed id fails in the model field with a message about ids, not records.
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": _shown(str(value))},
            ) from None


class SlugChoiceField(ListedChoiceField):
    """A published record named by its slug, typed or linked; a value that cannot be a slug is
    refused before it reaches the database."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        try:
            forms.SlugField(allow_unicode=True).clean(value)
        except ValidationError:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": _shown(value)},
            ) from None
        return super().to_python(value)


class ListedFilter(django_filters.ModelChoiceFilter):
    field_class = ListedChoiceField


class SlugFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField


class ReaderChoiceField(django_filters.fields.ChoiceField):
    """A choice whose refusal repeats the reader's value safely."""

    def validate(self, value):
        try:
            super().validate(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": _shown(value)},
            ) from None


class ChoiceFilter(django_filters.ChoiceFilter):
    field_class = ReaderChoiceField


class PartialDateFilter(django_filters.Filter):
    field_class = PartialDateField


class QuoteFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        said_from, said_to = cleaned.get("said_from"), cleaned.get("said_to")
        if said_from and said_to and said_from.date > said_to.last_day:
            # Reported on "to", which leaves "to" out of the filtering, not the whole range.
            self.add_error(
                "said_to",
                ValidationError(
                    "The range ends (%(to)s) before it starts (%(start)s): swap the dates.",
                    code="reversed_range",
                    params={"to": said_to, "start": said_from},
                ),
            )
        return cleaned


class QuoteFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Words",
        method="filter_words",
        max_length=SEARCH_MAX_LENGTH,
        help_text="Words of the quotation or of its translation.",
    )
    speaker = SlugFilter(
        label="Speaker",
        field_name="speaker_person",
        to_field_name="slug",
        queryset=Person.objects.published(),
        widget=forms.TextInput,
        help_text="The person, as in their page's address: dilxat-raxit.",
        error_messages={"invalid_choice": "No published person is known as “%(value)s”."},
    )
    organization = SlugFilter(
        label="Organization",
        method="filter_organization",
        to_field_name="slug",
        queryset=Organization.objects.published(),
        widget=forms.TextInput,
        help_text="The organization, or one its speaker belongs to: world-uyghur-congress.",
        error_messages={"invalid_choice": "No published organization is known as “%(value)s”."},
    )
    outlet = ListedFilter(
        label="Printed by",
        method="filter_outlet",
        queryset=Outlet.objects.published(),
        empty_label="any outlet",
        error_messages={"invalid_choice": "That outlet is not one of those listed."},
    )
    kind = ChoiceFilter(
        label="Printed in",
        method="filter_kind",
        choices=SourceKind.choices,
        empty_label="any kind of source",
        error_messages={"invalid_choice": "“%(value)s” is not a kind of source."},
    )
    topic = SlugFilter(
        label="Topic",
        field_name="topics",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        empty_label="any topic",
        widget=forms.Select,
        error_messages={"invalid_choice": "“%(value)s” is not one of the topics."},
    )
    language = ChoiceFilter(
        label="Language",
        method="filter_language",
        choices=LANGUAGES,
        empty_label="any language",
        error_messages={"invalid_choice": "“%(value)s” is not a language the list knows."},
    )
    said_from = PartialDateFilter(
        label="Said from",
        method="filter_said_from",
        help_text="2019, 2020-05 or 2020-12-26",
    )
    said_to = PartialDateFilter(
        label="Said until",
        method="filter_said_to",
        help_text="2019, 2020-05 or 2020-12-26",
    )
    verdict = ChoiceFilter(
        label="Verdict of a linked claim",
        method="filter_verdict",
        choices=TruthVerdict.choices,
        empty_label="any verdict",
        error_messages={"invalid_choice": "“%(value)s” is not a verdict."},
    )
    sort = ChoiceFilter(
        label="Sort by",
        method="sort_by",
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        empty_label=None,
        error_messages={"invalid_choice": "“%(value)s” is not a way to sort."},
    )

    class Meta:
        form = QuoteFilterForm
        fields = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = self.sort_by(queryset, "sort", DEFAULT_SORT)
        return queryset

    def filter_words(self, queryset, name, value):
        words = " ".join(value.split())
        if not words:
            return queryset
        if connection.vendor == "postgresql":
            # "simple" keeps every word (no stemming): the desk holds many languages.
            vector = SearchVector("text", "translation", config="simple")
            query = SearchQuery(words, search_type="websearch", config="simple")
            return queryset.alias(words_vector=vector).filter(words_vector=query)
        return queryset.filter(Q(text__icontains=words) | Q(translation__icontains=words))

    def filter_organization(self, queryset, name, organization):
        members = Affiliation.objects.filter(organization=organization).values("person")
        return queryset.filter(Q(speaker_organization=organization) | Q(speaker_person__in=members))

    def _printed(self, queryset, **where):
        printings = Appearance.objects.published().filter(**where).values("quote")
        return queryset.filter(pk__in=printings)

    def filter_outlet(self, queryset, name, outlet):
        return self._printed(queryset, source__outlet=outlet)

    def filter_kind(self, queryset, name, kind):
        return self._printed(queryset, source__kind=kind)

    def filter_language(self, queryset, name, language):
        return queryset.filter(Q(language=language) | Q(language__startswith=f"{language}-"))

    def filter_said_from(self, queryset, name, said: PartialDate):
        return queryset.filter(said_on__gte=said.date)

    def filter_said_to(self, queryset, name, said: PartialDate):
        return queryset.filter(said_on__lte=said.last_day)

    def filter_verdict(self, queryset, name, verdict):
        claimed = Claim.objects.published().filter(verdict=verdict).values("quotes")
        return queryset.filter(pk__in=claimed)

    def sort_by(self, queryset, name, sort):
        _, ordering = SORTS[sort]
        if sort.endswith("published"):
            queryset = queryset.with_first_published()
        # The text and id settle ties, so pages never repeat or skip a row.
        return queryset.order_by(*ordering, "text", "pk")
