"""The editors' admin for outlets, sources, people, organizations, quotes and claims."""

from importlib import import_module

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import Truncator

from newsroom import workflow
from newsroom.admin import (
    EMPTY,
    MERGE_PERMISSION,
    REVIEW_FIELDS,
    EditorialAdmin,
    EditorialForm,
    EditorialInlineMixin,
    HistoryAdmin,
    ReviewQueueFilter,
    StackedInline,
    TabularInline,
    VersionedForm,
)
from sources.models import (
    Affiliation,
    Alias,
    Appearance,
    Citation,
    Claim,
    ClaimAppearance,
    Evidence,
    Organization,
    Outlet,
    Person,
    Quote,
    Source,
    Topic,
)
from sources.names import fold


def admin_link(obj, label=None):
    """A link to the admin change page of `obj`, or the empty marker when there is none."""
    if obj is None:
        return EMPTY
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj if label is None else label)


def changelist_link(model, label, **filters):
    """A link to the admin list of `model`, filtered by `filters`."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return format_html('<a href="{}?{}">{}</a>', url, urlencode(filters), label)


def short(text, length=60):
    """Text on one line, cut to `length` characters."""
    return Truncator(" ".join(text.split())).chars(length)


def date_display(value):
    """A PartialDate as honestly as it is known ("2019", "May 2020"), or the empty marker."""
    return EMPTY if value is None else str(value)


class VerbatimTextForm(forms.ModelForm):
    """A form that gives back verbatim text (a snapshot, an anchor) exactly as it was stored.

    Browsers send a textarea's line breaks as CRLF and drop them from one-line inputs, and form
    fields strip white space: any of these would change a snapshot's hash, or make an anchor's
    exact words disagree with the snapshot, on a save that touched neither.
    """

    verbatim_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.verbatim_fields:
            if name in self.fields:
                self.fields[name].strip = False

    def clean(self):
        cleaned_data = super().clean()
        for name in self.verbatim_fields:
            submitted = cleaned_data.get(name)
            if submitted is None:
                continue
            stored = getattr(self.instance, name) or ""
            submitted = submitted.replace("\r\n", "\n")
            unchanged = submitted == stored.replace("\r\n", "\n")
            cleaned_data[name] = stored if unchanged else submitted
        return cleaned_data

    @property
    def changed_data(self):
        # A snapshot sent back with CRLF line breaks is the text it was, not a change to it
        # (which, on a published source, would call for a public correction).
        return [name for name in super().changed_data if not self.verbatim_unchanged(name)]

    def verbatim_unchanged(self, name):
        if name not in self.verbatim_fields:
            return False
        submitted, stored = self[name].data or "", self[name].initial or ""
        return submitted.replace("\r\n", "\n") == stored.replace("\r\n", "\n")


class SourceForm(EditorialForm, VerbatimTextForm):
    verbatim_fields = ("text",)

    class Meta:
        widgets = {
            "text": forms.Textarea(
                attrs={"rows": 30, "class": "vLargeTextField", "style": "width: 95%"}
            ),
        }


class AnchoredPassageForm(VerbatimTextForm):
    verbatim_fields = ("anchor_exact", "anchor_prefix", "anchor_suffix")

    class Meta:
        widgets = {
            "anchor_exact": forms.Textarea(attrs={"rows": 3}),
            "anchor_prefix": forms.Textarea(attrs={"rows": 2}),
            "anchor_suffix": forms.Textarea(attrs={"rows": 2}),
        }


class AppearanceForm(EditorialForm, AnchoredPassageForm):
    pass


class AppearanceInlineForm(VersionedForm, AnchoredPassageForm):
    pass


class AliasFormSet(forms.BaseInlineFormSet):
    """Aliases entered together, checked against each other as well as against the database.

    Each alias's own validation sees only the aliases already saved, so two new ones that fold
    alike ("Erdogan", "Erdoğan") would otherwise reach the unique constraint and fail there.
    """

    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            name = getattr(form, "cleaned_data", {}).get("name")
            if not name or self._should_delete_form(form):
                continue
            folded = fold(name)
            if folded not in seen:
                seen[folded] = name
                continue
            form.add_error(
                "name",
                f"“{name}” and “{seen[folded]}” are the same alias once case, accents and "
                "variant spellings are set aside; keep one.",
            )


class SpeakerKindFilter(admin.SimpleListFilter):
    title = "speaker"
    parameter_name = "speaker"

    def lookups(self, request, model_admin):
        return [
            ("person", "a person"),
            ("organization", "an organization"),
            ("work", "a work (no person or organization)"),
        ]

    def queryset(self, request, queryset):
        if self.value() in {"person", "organization", "work"}:
            return queryset.filter(**{f"speaker_{self.value()}__isnull": False})
        return queryset


# The TextQuoteSelector of an appearance, grouped for the editor who checks it.
ANCHOR_FIELDSET_OPTIONS = {
    "fields": (
        "anchor_status",
        "anchored_words",
        ("anchor_start", "anchor_end"),
        "anchor_exact",
        ("anchor_prefix", "anchor_suffix"),
    ),
    "description": "Leave the offsets empty to have the printed words found in the source's "
    "snapshot. An orphaned passage's words are no longer found there: check the words, or give "
    "the offsets.",
}
ANCHOR_FIELDSET = ("Anchor in the snapshot", ANCHOR_FIELDSET_OPTIONS)
COLLAPSED_ANCHOR_FIELDSET = (
    "Anchor in the snapshot",
    {**ANCHOR_FIELDSET_OPTIONS, "classes": ("collapse",)},
)


class AnchoredPassageAdminMixin:
    """What the admins of quotation and claim appearances share: the words in context."""

    @admin.display(description="anchored words in context")
    def anchored_words(self, obj):
        anchor = obj.anchor
        if anchor is None:
            return EMPTY
        return format_html(
            '<span dir="auto" style="white-space: pre-wrap">{}<mark>{}</mark>{}</span>',
            anchor.prefix,
            anchor.exact,
            anchor.suffix,
        )


class AliasInline(TabularInline):
    model = Alias
    formset = AliasFormSet
    fields = ("name", "kind", "language", "source", "note")
    autocomplete_fields = ("source",)
    extra = 0


class AffiliationInline(TabularInline):
    model = Affiliation
    fields = (
        "organization",
        "role",
        "started_on",
        "started_on_precision",
        "ended_on",
        "ended_on_precision",
        "source",
    )
    autocomplete_fields = ("organization", "source")
    extra = 0


class CitationInline(TabularInline):
    model = Citation
    fk_name = "citing"
    fields = ("cited", "as_printed", "purpose")
    autocomplete_fields = ("cited",)
    extra = 0
    verbose_name = "citation this source makes"
    verbose_name_plural = "citations this source makes"


class AppearanceInline(EditorialInlineMixin, AnchoredPassageAdminMixin, StackedInline):
    model = Appearance
    form = AppearanceInlineForm
    autocomplete_fields = ("source", "via")
    readonly_fields = ("anchor_status", "anchored_words")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "source",
                    "text_as_printed",
                    ("form", "language"),
                    ("attribution_as_printed", "attribution_verdict"),
                    ("via", "via_as_printed"),
                    ("state", "note"),
                )
            },
        ),
        COLLAPSED_ANCHOR_FIELDSET,
    )
    extra = 0
    show_change_link = True


class ClaimAppearanceInline(AnchoredPassageAdminMixin, StackedInline):
    model = ClaimAppearance
    form = AnchoredPassageForm
    autocomplete_fields = ("source", "via")
    readonly_fields = ("anchor_status", "anchored_words")
    fieldsets = (
        (None, {"fields": ("source", "text_as_printed", "hedged", ("via", "via_as_printed"))}),
        COLLAPSED_ANCHOR_FIELDSET,
    )
    extra = 0
    show_change_link = True


class EvidenceInline(TabularInline):
    model = Evidence
    fields = ("source", "url", "note", "checked_on")
    autocomplete_fields = ("source",)
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}
    extra = 0


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ("name", "slug", "quote_count", "claim_count")
    search_fields = ("name", "description")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description="quotations", ordering="quote_count")
    def quote_count(self, obj):
        return changelist_link(Quote, obj.quote_count, topics__id__exact=obj.pk)

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj):
        return changelist_link(Claim, obj.claim_count, topics__id__exact=obj.pk)


class NamedEntityAdmin(EditorialAdmin):
    """What the person and organization admins share: search by any name, aliases inline, and
    merging duplicates."""

    # name_folded lets "Erdogan" find Erdoğan; aliases let "Uyghur World Congress" find the WUC.
    search_fields = (
        "name",
        "name_folded",
        "aliases__name",
        "aliases__name_folded",
        "description",
        "=wikidata_qid",
    )
    readonly_fields = ("name_folded", "quote_count", "created_at", "updated_at")
    # Counting quotations groups the rows, and grouped rows lose the model's default order.
    ordering = ("name",)
    inlines = (AliasInline,)
    actions = (*EditorialAdmin.actions, "merge_into_first", "merge_selected")
    merge_template = "admin/editorial/merge.html"
    # The function of sources.services that merges duplicates of this admin's model.
    merge_service = None

    def get_queryset(self, request):
        return super().get_queryset(request).with_quote_count().with_aliases()

    def get_search_results(self, request, queryset, search_term):
        # The plain search does not fold case, accents or variant spellings of the term.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return results | queryset.search(search_term), may_have_duplicates

    @admin.display(description="aliases")
    def alias_list(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all()) or EMPTY

    @admin.display(description="quotations", ordering="quote_count")
    def quote_count(self, obj):
        field = f"speaker_{obj._meta.model_name}__id__exact"
        return changelist_link(Quote, obj.quote_count, **{field: obj.pk})

    def has_merge_permission(self, request):
        return request.user.has_perm(MERGE_PERMISSION)

    def merge(self, request, keep, duplicates) -> None:
        """Merge `duplicates` into `keep` through the service, and say what happened."""
        service = getattr(import_module("sources.services"), self.merge_service)
        try:
            service(keep=keep, duplicates=duplicates, user=request.user)
        except workflow.WorkflowError as error:
            self.message_user(request, f"Nothing was merged: {error.message}", messages.ERROR)
            return
        merged = ", ".join(f"“{duplicate}”" for duplicate in duplicates)
        self.message_user(
            request,
            f"Merged {merged} into “{keep}”: their names are kept as aliases.",
            messages.SUCCESS,
        )

    def selected_for_merge(self, request, queryset) -> list:
        records = list(queryset)
        if len(records) < 2:
            self.message_user(
                request,
                f"Select at least two {self.opts.verbose_name_plural} to merge.",
                messages.WARNING,
            )
            return []
        return records

    @admin.action(description="Merge selected into the first", permissions=["merge"])
    def merge_into_first(self, request, queryset):
        records = self.selected_for_merge(request, queryset)
        if records:
            self.merge(request, records[0], records[1:])

    @admin.action(description="Merge selected into the one you choose…", permissions=["merge"])
    def merge_selected(self, request, queryset):
        records = self.selected_for_merge(request, queryset)
        if not records:
            return None
        if request.POST.get("post") == "yes":
            chosen = request.POST.get("keep")
            keep = next((record for record in records if str(record.pk) == chosen), None)
            if keep is not None:
                self.merge(request, keep, [record for record in records if record != keep])
                return None
            self.message_user(request, "Choose the record to keep.", messages.WARNING)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge duplicate {self.opts.verbose_name_plural}",
            "opts": self.opts,
            "records": records,
            "action": "merge_selected",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.merge_template, context)


@admin.register(Person)
class PersonAdmin(NamedEntityAdmin):
    merge_service = "person_merge"
    list_display = (
        "name",
        "alias_list",
        "affiliation_list",
        "quote_count",
        "wikidata_qid",
        "state",
        "assignee",
    )
    list_filter = (
        ReviewQueueFilter,
        "state",
        ("affiliations__organization", admin.RelatedOnlyFieldListFilter),
    )
    fieldsets = (
        ("Name", {"fields": ("name", "name_folded", "slug", "description", "wikidata_qid")}),
        ("Review", {"fields": REVIEW_FIELDS}),
        ("Record", {"fields": ("quote_count", "created_at", "updated_at")}),
    )
    inlines = (AliasInline, AffiliationInline)

    def get_queryset(self, request):
        return super().get_queryset(request).with_affiliations()

    @admin.display(description="affiliations")
    def affiliation_list(self, obj):
        affiliations = [
            (affiliation.role, affiliation.organization) for affiliation in obj.affiliations.all()
        ]
        return format_html_join("; ", "{}, {}", affiliations) or EMPTY


@admin.register(Organization)
class OrganizationAdmin(NamedEntityAdmin):
    merge_service = "organization_merge"
    list_display = (
        "name",
        "alias_list",
        "kind",
        "country",
        "parent_link",
        "quote_count",
        "state",
        "assignee",
    )
    list_filter = (ReviewQueueFilter, "state", "kind", "country")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    fieldsets = (
        ("Name", {"fields": ("name", "name_folded", "slug", "description", "wikidata_qid")}),
        ("What it is", {"fields": ("kind", "country", "parent")}),
        ("Review", {"fields": REVIEW_FIELDS}),
        ("Record", {"fields": ("quote_count", "created_at", "updated_at")}),
    )

    @admin.display(description="part of", ordering="parent__name")
    def parent_link(self, obj):
        return admin_link(obj.parent)


@admin.register(Alias)
class AliasAdmin(HistoryAdmin):
    list_display = ("name", "entity_link", "kind", "language", "source_link")
    list_filter = ("kind", "language")
    search_fields = ("name", "name_folded", "person__name", "organization__name", "note")
    autocomplete_fields = ("person", "organization", "source")
    list_select_related = ("person", "organization", "source__outlet")
    readonly_fields = ("name_folded",)
    fieldsets = (
        (
            "Name",
            {
                "fields": ("name", "name_folded", "kind", "language"),
            },
        ),
        (
            "Whose name",
            {
                "fields": ("person", "organization"),
                "description": "Give a person or an organization, not both.",
            },
        ),
        ("Where it was printed", {"fields": ("source", "note")}),
    )

    @admin.display(description="names")
    def entity_link(self, obj):
        return admin_link(obj.entity)

    @admin.display(description="printed in")
    def source_link(self, obj):
        return admin_link(obj.source)


@admin.register(Affiliation)
class AffiliationAdmin(HistoryAdmin):
    list_display = ("person_link", "role", "organization_link", "started", "ended")
    list_display_links = ("role",)
    list_filter = (
        ("organization", admin.RelatedOnlyFieldListFilter),
        "started_on_precision",
    )
    search_fields = ("person__name", "person__aliases__name", "organization__name", "role")
    autocomplete_fields = ("person", "organization", "source")
    list_select_related = ("person", "organization")
    fieldsets = (
        (None, {"fields": ("person", "role", "organization")}),
        (
            "Period",
            {
                "fields": (
                    ("started_on", "started_on_precision"),
                    ("ended_on", "ended_on_precision"),
                )
            },
        ),
        ("Evidence", {"fields": ("source",)}),
    )

    @admin.display(description="person", ordering="person__name")
    def person_link(self, obj):
        return admin_link(obj.person)

    @admin.display(description="organization", ordering="organization__name")
    def organization_link(self, obj):
        return admin_link(obj.organization)

    @admin.display(description="from", ordering="started_on")
    def started(self, obj):
        return date_display(obj.started)

    @admin.display(description="to", ordering="ended_on")
    def ended(self, obj):
        return date_display(obj.ended)


@admin.register(Outlet)
class OutletAdmin(EditorialAdmin):
    list_display = (
        "name",
        "kind",
        "country",
        "website",
        "organization_link",
        "source_count",
        "state",
        "assignee",
    )
    list_filter = (ReviewQueueFilter, "state", "kind", "country")
    search_fields = ("name", "website", "organization__name")
    autocomplete_fields = ("organization",)
    list_select_related = ("organization",)
    readonly_fields = ("created_at", "updated_at")
    ordering = ("name",)
    fieldsets = (
        (None, {"fields": ("name", "kind", "country", "website", "organization")}),
        ("Review", {"fields": REVIEW_FIELDS}),
        ("Record", {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_source_count()

    @admin.display(description="organization", ordering="organization__name")
    def organization_link(self, obj):
        return admin_link(obj.organization)

    @admin.display(description="sources", ordering="source_count")
    def source_count(self, obj):
        return changelist_link(Source, obj.source_count, outlet__id__exact=obj.pk)


@admin.register(Source)
class SourceAdmin(EditorialAdmin):
    list_display = (
        "title",
        "outlet_link",
        "kind",
        "published",
        "language",
        "has_snapshot",
        "appearance_count",
        "state",
        "assignee",
    )
    list_filter = (
        ReviewQueueFilter,
        "state",
        "kind",
        "outlet",
        "language",
        "published_on_precision",
        ("text", admin.EmptyFieldListFilter),
    )
    search_fields = ("title", "authors", "url", "outlet__name", "text")
    autocomplete_fields = ("outlet",)
    readonly_fields = ("text_sha256", "created_at", "updated_at")
    ordering = ("-published_on", "title")
    form = SourceForm
    fieldsets = (
        ("Document", {"fields": ("title", "outlet", "authors", "kind", "language")}),
        ("Where", {"fields": ("url", "archive_url")}),
        (
            "When",
            {"fields": (("published_on", "published_on_precision"), "date_note", "retrieved_at")},
        ),
        ("Text snapshot", {"fields": ("text", "text_sha256")}),
        ("Review", {"fields": (*REVIEW_FIELDS, "notes")}),
        ("Record", {"fields": ("created_at", "updated_at")}),
    )
    inlines = (CitationInline,)
    save_on_top = True

    # Import (issue 6): the pages live in sources/ingest/admin_views.py; only the URLs are here.
    def get_urls(self):
        from django.urls import path

        from sources.ingest import admin_views

        return [
            path(
                "import/",
                self.admin_site.admin_view(lambda request: admin_views.import_view(request, self)),
                name="sources_source_import",
            ),
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(
                    lambda request, object_id: admin_views.review_view(request, object_id, self)
                ),
                name="sources_source_review",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_outlet().with_appearance_count()

    @admin.display(description="outlet", ordering="outlet__name")
    def outlet_link(self, obj):
        return admin_link(obj.outlet)

    @admin.display(description="published", ordering="published_on")
    def published(self, obj):
        return date_display(obj.published)

    @admin.display(description="snapshot", boolean=True)
    def has_snapshot(self, obj):
        # The hash is kept with every snapshot, and is cheaper to read than the text.
        return bool(obj.text_sha256)

    @admin.display(description="quotations printed", ordering="appearance_count")
    def appearance_count(self, obj):
        return changelist_link(Appearance, obj.appearance_count, source__id__exact=obj.pk)


@admin.register(Citation)
class CitationAdmin(HistoryAdmin):
    list_display = ("__str__", "citing_link", "cited_link", "as_printed", "purpose")
    list_filter = ("purpose",)
    search_fields = ("citing__title", "cited__title", "as_printed")
    autocomplete_fields = ("citing", "cited")
    list_select_related = ("citing__outlet", "cited__outlet")

    @admin.display(description="citing source", ordering="citing__title")
    def citing_link(self, obj):
        return admin_link(obj.citing)

    @admin.display(description="cited source", ordering="cited__title")
    def cited_link(self, obj):
        return admin_link(obj.cited)


@admin.register(Quote)
class QuoteAdmin(EditorialAdmin):
    list_display = (
        "words",
        "speaker_link",
        "said",
        "attribution_verdict",
        "state",
        "assignee",
        "appearance_count",
    )
    list_filter = (
        ReviewQueueFilter,
        "state",
        "attribution_verdict",
        SpeakerKindFilter,
        "said_on_precision",
        "language",
        "topics",
        ("appearances__source__outlet", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = (
        "text",
        "translation",
        "occasion",
        "speaker_person__name",
        "speaker_person__aliases__name",
        "speaker_organization__name",
        "speaker_organization__aliases__name",
        "speaker_work__title",
        "appearances__text_as_printed",
    )
    autocomplete_fields = ("speaker_person", "speaker_organization", "speaker_work", "topics")
    readonly_fields = ("speaker_link", "created_at", "updated_at")
    ordering = ("-said_on", "text")
    fieldsets = (
        ("Words", {"fields": ("text", "language", "translation", "translation_language")}),
        (
            "Speaker",
            {
                "fields": (
                    "speaker_person",
                    "speaker_organization",
                    "speaker_work",
                    "speaker_link",
                ),
                "description": "Give exactly one speaker: a person, an organization or a work.",
            },
        ),
        ("When and where", {"fields": (("said_on", "said_on_precision"), "occasion")}),
        ("Attribution", {"fields": ("attribution_verdict", "attribution_note")}),
        ("Review", {"fields": REVIEW_FIELDS}),
        ("Topics and notes", {"fields": ("topics", "notes")}),
        ("Record", {"fields": ("created_at", "updated_at")}),
    )
    inlines = (AppearanceInline,)
    save_on_top = True

    def get_queryset(self, request):
        return super().get_queryset(request).with_speaker().with_appearance_count()

    @admin.display(description="words", ordering="text")
    def words(self, obj):
        return short(obj.text, 80)

    @admin.display(description="speaker")
    def speaker_link(self, obj):
        return admin_link(obj.speaker)

    @admin.display(description="said", ordering="said_on")
    def said(self, obj):
        return date_display(obj.said)

    @admin.display(description="appearances", ordering="appearance_count")
    def appearance_count(self, obj):
        return changelist_link(Appearance, obj.appearance_count, quote__id__exact=obj.pk)


@admin.register(Appearance)
class AppearanceAdmin(AnchoredPassageAdminMixin, EditorialAdmin):
    list_display = (
        "words",
        "quote_link",
        "source_link",
        "via_link",
        "form",
        "attribution_verdict",
        "anchor_status",
        "state",
        "assignee",
    )
    list_filter = (
        ReviewQueueFilter,
        "state",
        "attribution_verdict",
        "anchor_status",
        "form",
        "source__kind",
        ("source__outlet", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = (
        "text_as_printed",
        "attribution_as_printed",
        "via_as_printed",
        "quote__text",
        "source__title",
    )
    autocomplete_fields = ("quote", "source", "via")
    readonly_fields = (
        "quote_link",
        "source_link",
        "via_link",
        "anchor_status",
        "anchored_words",
        "created_at",
        "updated_at",
    )
    form = AppearanceForm
    fieldsets = (
        (None, {"fields": ("quote", "source", "text_as_printed", ("form", "language"))}),
        ("Attribution as printed", {"fields": ("attribution_as_printed", "attribution_verdict")}),
        ("Where the source took it from", {"fields": ("via", "via_as_printed")}),
        ANCHOR_FIELDSET,
        ("Review", {"fields": (*REVIEW_FIELDS, "note")}),
        (
            "Related records",
            {"fields": ("quote_link", "source_link", "via_link", "created_at", "updated_at")},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_provenance()

    @admin.display(description="words as printed", ordering="text_as_printed")
    def words(self, obj):
        return short(obj.text_as_printed)

    @admin.display(description="quotation")
    def quote_link(self, obj):
        return admin_link(obj.quote)

    @admin.display(description="printed in")
    def source_link(self, obj):
        return admin_link(obj.source)

    @admin.display(description="via")
    def via_link(self, obj):
        return admin_link(obj.via)


@admin.register(Claim)
class ClaimAdmin(EditorialAdmin):
    list_display = (
        "__str__",
        "verdict",
        "reviewed_on",
        "state",
        "assignee",
        "appearance_count",
        "evidence_count",
    )
    list_filter = (ReviewQueueFilter, "state", "verdict", "reviewed_on", "topics")
    search_fields = ("text", "verdict_summary", "appearances__text_as_printed", "quotes__text")
    autocomplete_fields = ("quotes", "topics")
    readonly_fields = ("created_at", "updated_at")
    ordering = ("text",)
    fieldsets = (
        ("Claim", {"fields": ("text",)}),
        ("Verdict", {"fields": ("verdict", "verdict_summary", "reviewed_on")}),
        ("Asserted in quotations", {"fields": ("quotes",)}),
        ("Review", {"fields": REVIEW_FIELDS}),
        ("Topics and notes", {"fields": ("topics", "notes")}),
        ("Record", {"fields": ("created_at", "updated_at")}),
    )
    inlines = (ClaimAppearanceInline, EvidenceInline)
    save_on_top = True

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description="asserted in", ordering="appearance_count")
    def appearance_count(self, obj):
        return changelist_link(ClaimAppearance, obj.appearance_count, claim__id__exact=obj.pk)

    @admin.display(description="evidence", ordering="evidence_count")
    def evidence_count(self, obj):
        return changelist_link(Evidence, obj.evidence_count, claim__id__exact=obj.pk)


@admin.register(ClaimAppearance)
class ClaimAppearanceAdmin(AnchoredPassageAdminMixin, HistoryAdmin):
    list_display = ("words", "claim_link", "source_link", "via_link", "hedged", "anchor_status")
    list_filter = (
        "hedged",
        "anchor_status",
        "source__kind",
        ("source__outlet", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("text_as_printed", "via_as_printed", "claim__text", "source__title")
    autocomplete_fields = ("claim", "source", "via")
    list_select_related = ("claim", "source__outlet", "via__outlet")
    readonly_fields = ("claim_link", "source_link", "via_link", "anchor_status", "anchored_words")
    form = AnchoredPassageForm
    fieldsets = (
        (None, {"fields": ("claim", "source", "text_as_printed", "hedged")}),
        ("Where the source took it from", {"fields": ("via", "via_as_printed")}),
        ANCHOR_FIELDSET,
        ("Related records", {"fields": ("claim_link", "source_link", "via_link")}),
    )

    @admin.display(description="words as printed", ordering="text_as_printed")
    def words(self, obj):
        return short(obj.text_as_printed)

    @admin.display(description="claim")
    def claim_link(self, obj):
        return admin_link(obj.claim)

    @admin.display(description="asserted in")
    def source_link(self, obj):
        return admin_link(obj.source)

    @admin.display(description="via")
    def via_link(self, obj):
        return admin_link(obj.via)


@admin.register(Evidence)
class EvidenceAdmin(HistoryAdmin):
    list_display = ("summary", "claim_link", "consulted", "checked_on")
    list_filter = ("checked_on",)
    search_fields = ("note", "url", "claim__text", "source__title")
    autocomplete_fields = ("claim", "source")
    list_select_related = ("claim", "source__outlet")
    readonly_fields = ("claim_link", "consulted")
    fieldsets = (
        (None, {"fields": ("claim", "checked_on", "note")}),
        (
            "What was consulted",
            {"fields": ("source", "url"), "description": "Give a source or a URL."},
        ),
        ("Related records", {"fields": ("claim_link", "consulted")}),
    )

    @admin.display(description="claim")
    def claim_link(self, obj):
        return admin_link(obj.claim)

    @admin.display(description="consulted")
    def consulted(self, obj):
        if obj.source_id:
            return admin_link(obj.source)
        if obj.url:
            return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', obj.url, obj.url)
        return EMPTY

    @admin.display(description="what it showed")
    def summary(self, obj):
        return short(obj.note, 80)
