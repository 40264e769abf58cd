"""The admin as a review desk: what every editorial admin shares, and the records of review.

`EditorialAdmin` is the base of the admin of every editorial record. It never lets a form set
the review state: edits are saved through `workflow.record_edit()` and moves through
`workflow.transition()`, from the buttons of the change page's review panel, from a transition
page per action, or from bulk actions that report each record they skip. A hidden version
number refuses a save made from an outdated page, and the History page shows every change with
its author, its reason and a field diff.
"""

import copy
import dataclasses
import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import NotRelationField, get_fields_from_path, quote, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import (
    FieldDoesNotExist,
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import models
from django.db.models import Prefetch
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange, ModelDelta
from simple_history.template_utils import HistoricalRecordContextHelper

from newsroom import roles, workflow
from newsroom.models import Correction, EditorialModel, Review, ReviewEvidence
from newsroom.search import MAX_QUERY_LENGTH
from newsroom.workflow import Action, ReviewState

# What the admin shows for a missing value.
EMPTY = "-"

# The fields of the review fieldset of every editorial change page.
REVIEW_FIELDS = ("state", "assigned_to")

ASSIGN_PERMISSION = "newsroom.assign_review"
REVIEW_PERMISSION = "newsroom.review_record"
MERGE_PERMISSION = "newsroom.merge_records"


def admin_url(record, view: str, *args, site: str = "admin") -> str:
    """The URL of one of the admin views of `record` ("change", "history", "transition")."""
    opts = record._meta
    return reverse(
        f"{site}:{opts.app_label}_{opts.model_name}_{view}", args=[quote(record.pk), *args]
    )


def record_link(content_type: ContentType, object_id) -> str:
    """A link to a record known only by its content type and id, without loading the record."""
    url = reverse(
        f"admin:{content_type.app_label}_{content_type.model}_change", args=[quote(object_id)]
    )
    return format_html('<a href="{}">{} {}</a>', url, content_type.name, str(object_id)[:8])


class ReviewQueueFilter(admin.SimpleListFilter):
    title = "review queue"
    parameter_name = "queue"
    # Each queue is an EditorialQuerySet method taking the signed-in user.
    queues = {
        "awaiting": ("awaiting my review", "awaiting_review_by"),
        "assigned": ("assigned to me", "assigned_for_review_to"),
        "sent_back": ("sent back to me", "sent_back_to"),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in self.queues.items()]

    def queryset(self, request, queryset):
        if self.value() in self.queues:
            return getattr(queryset, self.queues[self.value()][1])(request.user)
        return queryset


class StateFilter(admin.SimpleListFilter):
    """The review state, with deleted records (the bin) left out unless asked for."""

    title = "review state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return ReviewState.choices

    def queryset(self, request, queryset):
        if self.value() in ReviewState.values:
            return queryset.filter(state=self.value())
        return queryset.exclude(state=ReviewState.DELETED)

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        choices[0]["display"] = "all but deleted"
        return choices


class VersionedForm(forms.ModelForm):
    """A form that refuses to save over a change it has not seen.

    It carries the version of the record it was read from in a hidden field; a save from an
    older version is refused, naming who changed the record since, with a link to its history.
    The user's values stay in the form, which now carries the current version: saving again,
    after comparing, replaces the other change (which stays in the history).
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    # A refusal of the workflow met while saving this form's data: set by EditorialAdmin to
    # show the form again with the reason, and the user's values.
    refusal = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            # A new record starts at the model's first version, whatever is posted.
            version = self.fields["version"]
            version.disabled, version.required = True, False
            version.initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.refusal is not None:
            self.refuse(self.refusal)
        elif not self.instance._state.adding:
            submitted = cleaned_data.get("version")
            if submitted is not None and submitted != self.instance.version:
                outdated = copy.copy(self.instance)
                outdated.version = submitted
                self.refuse(workflow.StaleRecord(outdated, self.instance))
        return cleaned_data

    def refuse(self, error: workflow.WorkflowError) -> None:
        """Show a refusal of the workflow as an error of this form."""
        if isinstance(error, workflow.StaleRecord):
            self.add_error(None, self.stale_message(error))
            current = error.current
            if current is not None and (type(current), current.pk) == (
                type(self.instance),
                self.instance.pk,
            ):
                self.data = self.data.copy()
                self.data[self.add_prefix("version")] = current.version
        else:
            self.add_error(None, error.message)

    def stale_message(self, error: workflow.StaleRecord) -> str:
        if error.current is None:
            return error.message
        return format_html(
            '{} <a href="{}">See the other change in the history</a>. Your values are kept '
            "below: saving them again replaces that change.",
            error.message,
            admin_url(error.current, "history"),
        )


class EditorialForm(VersionedForm):
    """The change form of an editorial record: why it changes, and the public correction a
    material change to a published record needs."""

    change_reason = forms.CharField(
        label="reason for the change",
        max_length=100,
        required=False,
        help_text="Kept in the record's history with your change, e.g. “fixed the date”.",
    )
    what_was_wrong = forms.CharField(
        label="correction: what was wrong",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you change what readers were told: shown to them as a correction.",
    )
    what_changed = forms.CharField(
        label="correction: what changed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the desk changed, in words for readers.",
    )

    # Fields of the form that are about the change, not the record.
    desk_fields = ("version", "change_reason", "what_was_wrong", "what_changed")

    def refuse(self, error: workflow.WorkflowError) -> None:
        if isinstance(error, workflow.CorrectionRequired) and "what_was_wrong" in self.fields:
            self.add_error("what_was_wrong", error.message)
        else:
            super().refuse(error)

    @property
    def record_changes(self) -> list[str]:
        """The names of the record's own fields this form changes."""
        return [name for name in self.changed_data if name not in self.desk_fields]

    def correction_note(self) -> workflow.CorrectionNote | None:
        wrong = self.cleaned_data.get("what_was_wrong", "")
        changed = self.cleaned_data.get("what_changed", "")
        if not (wrong.strip() or changed.strip()):
            return None
        return workflow.CorrectionNote(what_was_wrong=wrong, what_changed=changed)


class TransitionForm(forms.Form):
    """What a reviewer gives with one move of a record: a note, the checklist, evidence, and
    for a retraction the public correction."""

    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Why, in a sentence or two. Needed to dispute, reject, send back or take "
        "a record back to review.",
    )
    checklist = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Verifying needs every item confirmed.",
    )
    evidence_source = forms.ModelChoiceField(
        label="evidence: source checked",
        queryset=None,
        required=False,
        help_text="A source in the database that you checked (or give its URL below).",
    )
    evidence_url = forms.URLField(
        label="evidence: URL checked",
        max_length=2000,
        required=False,
        assume_scheme="https",
        help_text="The address of what you checked, when it is not a source in the database.",
    )
    evidence_checked = forms.CharField(
        label="evidence: what was checked",
        required=False,
        widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
        help_text="“Matched the AFP wire text”, “speaker identity confirmed”.",
    )
    what_was_wrong = forms.CharField(
        label="correction: what was wrong",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown to readers with the retraction.",
    )
    what_changed = forms.CharField(
        label="correction: what changed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the desk retracts it, in words for readers.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    evidence_fields = ("evidence_source", "evidence_url", "evidence_checked")

    def __init__(self, *args, record, action, **kwargs):
        super().__init__(*args, initial={"version": record.version}, **kwargs)
        move = workflow.TRANSITIONS[action]
        if move.permission == REVIEW_PERMISSION:
            self.fields["checklist"].choices = workflow.checklist_for(record)
            sources = ReviewEvidence._meta.get_field("source").related_model.objects
            self.fields["evidence_source"].queryset = sources.with_outlet()
        else:
            for name in ("checklist", *self.evidence_fields):
                del self.fields[name]
        if not move.needs_correction:
            del self.fields["what_was_wrong"], self.fields["what_changed"]

    def clean(self):
        cleaned_data = super().clean()
        source, url = cleaned_data.get("evidence_source"), cleaned_data.get("evidence_url")
        checked = cleaned_data.get("evidence_checked", "").strip()
        if (source or url) and not checked:
            self.add_error("evidence_checked", "Say what you checked in this source.")
        if checked and not (source or url):
            self.add_error("evidence_source", "Give the source you checked, or its URL.")
        return cleaned_data

    def transition_arguments(self) -> dict:
        """The keyword arguments of workflow.transition() this form gives."""
        data = self.cleaned_data
        evidence = []
        if data.get("evidence_checked", "").strip():
            evidence.append(
                workflow.EvidenceItem(
                    checked=data["evidence_checked"],
                    source=data.get("evidence_source"),
                    url=data.get("evidence_url", ""),
                )
            )
        correction = None
        if "what_was_wrong" in self.fields:
            correction = workflow.CorrectionNote(
                what_was_wrong=data.get("what_was_wrong", ""),
                what_changed=data.get("what_changed", ""),
            )
        return {
            "note": data.get("note", ""),
            "evidence": evidence,
            "checklist": dict.fromkeys(data.get("checklist", []), True),
            "correction": correction,
        }


class EditorialActionForm(helpers.ActionForm):
    """The changelist's action bar, with the fact-checker the "assign" action assigns to."""

    assignee = forms.ModelChoiceField(
        label="fact-checker:", queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = roles.reviewers()


class ChoiceLabelContextHelper(HistoricalRecordContextHelper):
    """Shows a field diff's values of a field with choices by their labels ("in review")."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and value is not None:
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


def readable(field, value) -> bool:
    """Whether a model field can read a value sent by a browser (a UUID primary key cannot read
    "x"): a value it cannot read fails in the database lookup, not as a form's error."""
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True


def shown(value: str) -> str:
    """A value a user sent, short enough to repeat in a message."""
    return Truncator(value).chars(40)


class ReadableAutocompleteMixin:
    """Django's autocomplete widget, looking up again only the values its related model can read.

    To show a refused form again, Django looks the submitted values up for their labels while
    the page is rendered; a value that is not an id of the related model (not a UUID) failed
    there, a 500 instead of the form's "Select a valid choice". The value is left out of the
    widget, and the form's error says what was wrong.
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        opts = remote.model._meta
        # A foreign key may name the field it refers to; a many-to-many field refers to the key.
        target = opts.get_field(remote.field_name) if hasattr(remote, "field_name") else opts.pk
        return super().optgroups(name, [item for item in value if readable(target, item)], attr)


class ReadableAutocompleteSelect(ReadableAutocompleteMixin, AutocompleteSelect):
    pass


class ReadableAutocompleteSelectMultiple(ReadableAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class AutocompleteFieldsMixin:
    """The autocomplete fields of a ModelAdmin or an inline, with ReadableAutocompleteMixin's
    widgets."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ReadableAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ReadableAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class TabularInline(AutocompleteFieldsMixin, admin.TabularInline):
    """Django's tabular inline, with the desk's autocomplete widgets."""


class StackedInline(AutocompleteFieldsMixin, admin.StackedInline):
    """Django's stacked inline, with the desk's autocomplete widgets."""


class DeskChangeList(ChangeList):
    """Django's list of records, reading what the query string asks before the database does.

    Django hands a few values to the query as they were typed; where a database cannot take
    one, the list says so instead of failing:

    - a search is cut to its first 200 characters, as the public search is (SQLite refuses a
      LIKE pattern over 50,000 bytes);
    - a moment in a filter is read in UTC: one that lies outside years 1 to 9999 once in UTC
      overflowed where Django converts it for SQLite, and PostgreSQL refuses an offset beyond
      ±15:59 that Python accepts;
    - the date hierarchy's year, month and day must make a date whose range (a year, a month
      or a day) is in the calendar: Django reads only some bad ones (a year past a C long, or
      the last day of 9999, whose next day does not exist, failed);
    - a filter's value holding a NUL character is refused: PostgreSQL refuses it in a query,
      and no record holds one.

    A value that cannot be used is refused with a message, and the list is shown without its
    filters (Django's answer to any filter it cannot use).
    """

    # The comparisons a filter of a moment makes (DateFieldListFilter: gte and lt).
    moment_lookups = ("exact", "gt", "gte", "lt", "lte")
    # PostgreSQL reads offsets from UTC up to ±15:59.
    largest_offset = datetime.timedelta(hours=16)

    def __init__(self, request, *args, **kwargs):
        self.request = request  # for the messages of a refusal
        super().__init__(request, *args, **kwargs)

    def get_queryset(self, request, exclude_parameters=None):
        if len(self.query) > MAX_QUERY_LENGTH:
            self.query = self.query[:MAX_QUERY_LENGTH]
            messages.warning(
                request,
                f"Your search was too long: only its first {MAX_QUERY_LENGTH} characters were "
                "used.",
            )
        return super().get_queryset(request, exclude_parameters)

    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        for key, values in lookup_params.items():
            if any("\x00" in value for value in values):
                raise self.refusal(
                    f"The filter “{shown(key)}” was given a NUL character, which no record holds"
                )
            field = self.moment_field(key)
            if field is not None:
                lookup_params[key] = [self.moment_value(value) for value in values]
        if self.date_hierarchy:
            self.check_date_hierarchy(lookup_params)
        return lookup_params

    def moment_field(self, key: str):
        """The DateTimeField a filter parameter compares with, or None."""
        path = key.split(LOOKUP_SEP)
        if len(path) > 1 and path[-1] in self.moment_lookups:
            path = path[:-1]
        try:
            field = get_fields_from_path(self.model, LOOKUP_SEP.join(path))[-1]
        except (FieldDoesNotExist, NotRelationField):
            return None
        return field if isinstance(field, models.DateTimeField) else None

    def moment_value(self, value: str) -> str:
        """A moment as typed, or in UTC where PostgreSQL would refuse its offset; refused when
        it is outside the calendar once in UTC."""
        try:
            moment = models.DateTimeField().to_python(value)
        except ValidationError:
            return value  # not a moment at all: Django's filter refuses it
        if moment is None:
            return value
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        try:
            in_utc = moment.astimezone(datetime.UTC)
        except OverflowError:
            raise self.refusal(
                f"“{shown(value)}” is not a moment this list can show (years 1 to 9999)"
            ) from None
        return value if abs(moment.utcoffset()) < self.largest_offset else str(in_utc)

    def check_date_hierarchy(self, lookup_params) -> None:
        """Refuse a year, month and day whose range is not in the calendar, computed as
        ChangeList.get_filters() computes it."""
        year, month, day = (
            lookup_params.get(f"{self.date_hierarchy}__{part}") for part in ("year", "month", "day")
        )
        if year is None:
            return
        try:
            start = datetime.datetime(
                int(year[-1]),
                int(month[-1] if month is not None else 1),
                int(day[-1] if day is not None else 1),
            )
            if day:
                end = start + datetime.timedelta(days=1)
            elif month:
                end = (start + datetime.timedelta(days=32)).replace(day=1)
            else:
                end = start.replace(year=start.year + 1)
            for moment in (start, end):
                timezone.make_aware(moment).astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            asked = "-".join(shown(values[-1]) for values in (year, month, day) if values)
            raise self.refusal(
                f"“{asked}” is not a date of the calendar this list can show (years 1 to 9999)"
            ) from None

    def refusal(self, problem: str) -> IncorrectLookupParameters:
        """Say why the list cannot be filtered so; Django then shows it without its filters."""
        messages.warning(self.request, f"{problem}: the list is shown without its filters.")
        return IncorrectLookupParameters(problem)


class DeskAdminMixin(AutocompleteFieldsMixin):
    """What every ModelAdmin of the desk shares: its list reads the query string first
    (DeskChangeList), its autocomplete fields look up only ids (AutocompleteFieldsMixin), and an
    action refuses selected records that are not ids."""

    def get_changelist(self, request, **kwargs):
        return DeskChangeList

    def response_action(self, request, queryset):
        # Django filters the records by the posted ids as they are: one that is not an id (not
        # a UUID) failed in the database lookup. An action is done on every selected record or
        # none, so one such value refuses it.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        unreadable = [value for value in selected if not readable(self.opts.pk, value)]
        if unreadable:
            self.message_user(
                request,
                f"No action was taken: “{shown(unreadable[0])}” is not the id of a "
                f"{self.opts.verbose_name}.",
                messages.WARNING,
            )
            return None
        return super().response_action(request, queryset)


class HistoryAdmin(DeskAdminMixin, SimpleHistoryAdmin):
    """An admin whose History page lists every change: who, when, why, and a field diff.

    Reverting from the history is off: a reverted copy would carry an old version number and an
    old review state, past the workflow.
    """

    history_list_display = ("version",)
    # Bookkeeping, and values derived from other fields: a diff of them says nothing new.
    history_diff_excluded_fields = (
        "id",
        "version",
        "created_at",
        "updated_at",
        "name_folded",
        "text_sha256",
    )

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        newer = None
        for older in historical_records:
            if newer is not None:
                delta = self.history_delta(newer, older, foreign_keys_are_objs)
                helper = self.get_historical_record_context_helper(request, newer)
                newer.history_delta_changes = helper.context_for_delta_changes(delta)
            newer = older

    def history_delta(self, newer, older, foreign_keys_are_objs=True) -> ModelDelta:
        """What changed from `older` to `newer`, the fields no form edits included.

        The library diffs the fields a form edits; the review state and who last edited a
        record are edited by no form, and they are what a desk most needs to see change.
        """
        excluded = self.history_diff_excluded_fields
        delta = newer.diff_against(
            older, excluded_fields=excluded, foreign_keys_are_objs=foreign_keys_are_objs
        )
        changes = list(delta.changes)
        for field in older.tracked_fields:
            if field.editable or field.name in excluded:
                continue
            if getattr(older, field.attname) == getattr(newer, field.attname):
                continue
            name = field.name if foreign_keys_are_objs else field.attname
            changes.append(ModelChange(field.name, getattr(older, name), getattr(newer, name)))
        order = [field.name for field in self.model._meta.fields]
        changes.sort(key=lambda change: order.index(change.field))
        return dataclasses.replace(
            delta, changes=changes, changed_fields=[change.field for change in changes]
        )

    def get_historical_record_context_helper(self, request, historical_record):
        return ChoiceLabelContextHelper(self.model, historical_record)

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("Records are not reverted from their history.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class EditorialAdmin(HistoryAdmin):
    """The admin of an editorial record: a desk of review around the ordinary change form."""

    form = EditorialForm
    action_form = EditorialActionForm
    actions = ("submit_selected", "publish_selected", "assign_selected", "delete_to_bin")
    change_form_template = "admin/editorial/change_form.html"
    transition_template = "admin/editorial/transition.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/transition/<str:action>/",
                self.admin_site.admin_view(self.transition_view),
                name=f"{opts.app_label}_{opts.model_name}_transition",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assigned_to")

    def get_list_filter(self, request):
        # The state filter leaves the bin out of the list unless it is asked for.
        return [StateFilter if name == "state" else name for name in self.list_filter]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "state"]
        if not request.user.has_perm(ASSIGN_PERMISSION):
            readonly.append("assigned_to")
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        fields = ["change_reason"]
        if obj.state == ReviewState.PUBLISHED:
            fields += ["what_was_wrong", "what_changed"]
        description = (
            "This record is published: a change to what readers were told needs a public "
            "correction."
            if obj.state == ReviewState.PUBLISHED
            else None
        )
        return [
            *fieldsets,
            ("The change", {"fields": [*fields, "version"], "description": description}),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not issubclass(self.form, EditorialForm):
            raise ImproperlyConfigured(
                f"{type(self).__name__}.form must be a newsroom.admin.EditorialForm, so that "
                "edits keep their version, reason and correction."
            )
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "_editorial_refusal", None)
        if refusal is not None:
            form = type(form.__name__, (form,), {"refusal": refusal})
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = roles.reviewers()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.may_edit(obj, request.user)

    def has_delete_permission(self, request, obj=None):
        # Only administrators hold the delete permission of editorial records (newsroom/roles.py)
        # and remove a record for good; everyone else deletes to the bin ("delete" in the review
        # panel, or the list's action), and the record can be restored.
        return super().has_delete_permission(request, obj)

    def has_submit_permission(self, request):
        return request.user.has_perm(workflow.TRANSITIONS[Action.SUBMIT].permission)

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.TRANSITIONS[Action.PUBLISH].permission)

    def has_discard_permission(self, request):
        return request.user.has_perm(workflow.TRANSITIONS[Action.DELETE].permission)

    def has_assign_permission(self, request):
        return request.user.has_perm(ASSIGN_PERMISSION)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        action_form = (getattr(response, "context_data", None) or {}).get("action_form")
        if action_form is not None and not self.has_assign_permission(request):
            del action_form.fields["assignee"]  # only the "assign" action reads it
        return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except workflow.WorkflowError as refusal:
            if request.method != "POST" or hasattr(request, "_editorial_refusal"):
                raise
            # The save was rolled back. Show the form again, with the user's values and why.
            request._editorial_refusal = refusal
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        changed = form.record_changes
        if change and not changed:
            return  # nothing of the record itself changed; inlines are saved on their own
        if change and changed == ["assigned_to"]:
            workflow.assign(obj, obj.assigned_to, user=request.user)
            return
        workflow.record_edit(
            obj,
            user=request.user,
            changed=changed,
            reason=form.cleaned_data.get("change_reason", ""),
            correction=form.correction_note(),
        )

    def save_formset(self, request, form, formset, change):
        if not issubclass(formset.model, EditorialModel):
            return super().save_formset(request, form, formset, change)
        # Editorial records edited inline are edits like any other: the role is checked, and
        # who created and last edited them is kept, with the reason given for the change.
        formset.save(commit=False)
        for record in formset.deleted_objects:
            record.delete()
        reason = form.cleaned_data.get("change_reason", "")
        for record in formset.new_objects:
            workflow.record_edit(record, user=request.user, reason=reason)
        for record, changed in formset.changed_objects:
            workflow.record_edit(
                record,
                user=request.user,
                changed=changed,
                reason=reason,
                correction=form.correction_note(),
            )
        formset.save_m2m()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["review_panel"] = self.review_panel(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_panel(self, request, obj) -> dict:
        """What the change page's review panel shows: where the record stands, what the user
        may do with it, the checklist, and its reviews and corrections."""
        site = self.admin_site.name
        evidence = ReviewEvidence.objects.select_related("source__outlet")
        return {
            "state": obj.get_state_display(),
            "assigned_to": obj.assigned_to,
            "created_by": obj.created_by,
            "last_edited_by": obj.last_edited_by,
            "actions": [
                {
                    "action": move.action,
                    "label": Action(move.action).label,
                    "url": admin_url(obj, "transition", move.action, site=site),
                }
                for move in workflow.available_actions(obj, request.user)
            ],
            "checklist": [question for _, question in workflow.checklist_for(obj)],
            "reviews": Review.objects.for_record(obj)
            .select_related("user")
            .prefetch_related(Prefetch("evidence", evidence)),
            "corrections": Correction.objects.for_record(obj).select_related("created_by"),
            "history_url": admin_url(obj, "history", site=site),
        }

    def transition_view(self, request, object_id, action):
        """One move of one record: a form for what the move needs, then workflow.transition()."""
        if action not in workflow.TRANSITIONS:
            raise Http404(f"“{action}” is not a review action.")
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with the id “{object_id}”.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        form = TransitionForm(request.POST or None, record=obj, action=action)
        valid = form.is_bound and form.is_valid()
        stale = valid and form.cleaned_data["version"] != obj.version
        refusal = workflow.refusal(obj, request.user, action)
        if refusal is not None and not stale:
            # A page read before the record moved on is answered below, as stale.
            return self.render_transition(request, obj, action, None, refusal, status=403)
        if valid:
            obj.version = form.cleaned_data["version"]
            try:
                workflow.transition(obj, action, user=request.user, **form.transition_arguments())
            except workflow.StaleRecord as error:
                form.add_error(None, self.stale_transition_message(error))
            except workflow.WorkflowError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(
                    request,
                    f"{capfirst(Action(action).label)}: the {self.opts.verbose_name} “{obj}” is "
                    f"now {obj.get_state_display()}.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(admin_url(obj, "change", site=self.admin_site.name))
        return self.render_transition(request, obj, action, form, None)

    def stale_transition_message(self, error: workflow.StaleRecord) -> str:
        # Unlike an edit, a verdict is not carried over to a version its reviewer has not seen.
        if error.current is None:
            return error.message
        return format_html(
            '{} <a href="{}">See the other change in the history</a>, then '
            '<a href="{}">open the record again</a>.',
            error.message,
            admin_url(error.current, "history", site=self.admin_site.name),
            admin_url(error.current, "change", site=self.admin_site.name),
        )

    def render_transition(self, request, obj, action, form, refusal, status=200):
        label = Action(action).label
        context = {
            **self.admin_site.each_context(request),
            "title": f"{capfirst(label)}: {obj}",
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "original": obj,
            "state": obj.get_state_display(),
            "action_label": label,
            "form": form,
            "refusal": refusal,
            "change_url": admin_url(obj, "change", site=self.admin_site.name),
            "has_view_permission": self.has_view_permission(request, obj),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.transition_template, context, status=status)

    def move_selected(self, request, queryset, action: str) -> None:
        """Move each selected record by `action`, and say how many moved and why others did not."""
        label = Action(action).label
        moved, skipped = 0, []
        for record in queryset:
            try:
                workflow.transition(record, action, user=request.user)
            except workflow.WorkflowError as error:
                skipped.append((record, error.message))
            else:
                moved += 1
        self.report(request, label, moved, skipped)

    def report(self, request, label: str, done: int, skipped: list) -> None:
        """Say how many records an action changed, and for every one it skipped, why."""
        names = self.opts.verbose_name if done == 1 else self.opts.verbose_name_plural
        self.message_user(
            request,
            f"{capfirst(label)}: {done} {names} done, {len(skipped)} skipped.",
            messages.SUCCESS if done else messages.WARNING,
        )
        for record, reason in skipped:
            self.message_user(request, f"Skipped “{record}”: {reason}", messages.WARNING)

    @admin.action(description="Submit selected for review", permissions=["submit"])
    def submit_selected(self, request, queryset):
        self.move_selected(request, queryset, Action.SUBMIT)

    @admin.action(description="Publish selected", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.move_selected(request, queryset, Action.PUBLISH)

    @admin.action(description="Delete selected (to the bin, restorable)", permissions=["discard"])
    def delete_to_bin(self, request, queryset):
        self.move_selected(request, queryset, Action.DELETE)

    @admin.action(
        description="Assign selected to the fact-checker chosen below", permissions=["assign"]
    )
    def assign_selected(self, request, queryset):
        form = self.action_form(request.POST, auto_id=None)
        form.fields["action"].choices = self.get_action_choices(request)
        if not form.is_valid() or form.cleaned_data["assignee"] is None:
            self.message_user(
                request, "Choose the fact-checker to assign the records to.", messages.WARNING
            )
            return
        assignee = form.cleaned_data["assignee"]
        done, skipped = 0, []
        for record in queryset:
            try:
                workflow.assign(record, assignee, user=request.user)
            except workflow.WorkflowError as error:
                skipped.append((record, error.message))
            else:
                done += 1
        self.report(request, f"assign to {assignee.get_username()}", done, skipped)

    @admin.display(description="assigned to", ordering="assigned_to__username")
    def assignee(self, obj):
        return obj.assigned_to or EMPTY


class EditorialInlineMixin:
    """An inline of editorial records (appearances under their quotation): the state is read
    only, each row keeps the version it was read at, and the parent admin saves each row through
    workflow.record_edit() (EditorialAdmin.save_formset)."""

    def get_formset(self, request, obj=None, **kwargs):
        if not issubclass(self.form, VersionedForm):
            raise ImproperlyConfigured(
                f"{type(self).__name__}.form must be a newsroom.admin.VersionedForm, so that "
                "an edit from an outdated page is refused."
            )
        return super().get_formset(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "state"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and not workflow.may_edit(obj, request.user):
            return fieldsets  # shown read only: there is no save to check
        name, options = fieldsets[0]
        fieldsets[0] = (name, {**options, "fields": (*options["fields"], "version")})
        return fieldsets


class ReviewEvidenceInline(admin.TabularInline):
    model = ReviewEvidence
    fields = ("checked", "source", "url")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReviewRecordAdmin(DeskAdminMixin, admin.ModelAdmin):
    """Records of review are written by the workflow only, and never changed or deleted."""

    list_select_related = ("content_type",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="record")
    def record_link(self, obj):
        return record_link(obj.content_type, obj.object_id)


@admin.register(Review)
class ReviewAdmin(ReviewRecordAdmin):
    list_display = ("created_at", "record_link", "action", "from_state", "to_state", "user", "text")
    list_filter = ("action", "to_state", ("content_type", admin.RelatedOnlyFieldListFilter))
    search_fields = ("note", "user__username", "=object_id")
    list_select_related = ("content_type", "user")
    readonly_fields = ("record_link", "action", "from_state", "to_state", "user", "note")
    date_hierarchy = "created_at"
    fields = ("record_link", "action", ("from_state", "to_state"), "user", "note", "checklist")
    inlines = (ReviewEvidenceInline,)

    @admin.display(description="note")
    def text(self, obj):
        return Truncator(obj.note).chars(80) or EMPTY


@admin.register(Correction)
class CorrectionAdmin(ReviewRecordAdmin):
    list_display = ("published_at", "record_link", "wrong", "created_by")
    list_filter = (("content_type", admin.RelatedOnlyFieldListFilter), "published_at")
    search_fields = ("what_was_wrong", "what_changed", "=object_id")
    list_select_related = ("content_type", "created_by")
    fields = ("record_link", "what_was_wrong", "what_changed", "published_at", "created_by")
    readonly_fields = fields
    date_hierarchy = "published_at"

    @admin.display(description="what was wrong")
    def wrong(self, obj):
        return Truncator(obj.what_was_wrong).chars(80)
