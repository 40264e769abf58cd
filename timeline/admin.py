"""The editors' admin for events on the timeline and the people and bodies taking part."""

from django.contrib import admin
from django.utils.html import format_html_join

from newsroom.admin import (
    EMPTY,
    REVIEW_FIELDS,
    EditorialAdmin,
    HistoryAdmin,
    ReviewQueueFilter,
    TabularInline,
)
from sources.admin import admin_link, changelist_link
from sources.models import Source
from timeline.models import Event, Participant


class ParticipantInline(TabularInline):
    model = Participant
    fields = ("person", "organization", "role")
    autocomplete_fields = ("person", "organization")
    extra = 0


@admin.register(Event)
class EventAdmin(EditorialAdmin):
    list_display = (
        "title",
        "when",
        "place",
        "participant_list",
        "source_count",
        "state",
        "assignee",
    )
    list_filter = (ReviewQueueFilter, "state", "starts_on_precision", "starts_on", "topics")
    search_fields = (
        "title",
        "description",
        "place",
        "participants__person__name",
        "participants__person__aliases__name",
        "participants__organization__name",
        "participants__organization__aliases__name",
    )
    autocomplete_fields = ("topics", "sources", "quotes", "claims")
    readonly_fields = ("created_at", "updated_at")
    ordering = ("starts_on", "title")
    fieldsets = (
        ("What happened", {"fields": ("title", "description", "place")}),
        (
            "When",
            {
                "fields": (
                    ("starts_on", "starts_on_precision"),
                    ("ends_on", "ends_on_precision"),
                    "date_note",
                ),
                "description": "A date known only to the year is entered as its 1 January, "
                "one known only to the month as its 1st.",
            },
        ),
        ("Reported in", {"fields": ("sources", "quotes", "claims")}),
        ("Review", {"fields": REVIEW_FIELDS}),
        ("Topics and notes", {"fields": ("topics", "notes")}),
        ("Record", {"fields": ("created_at", "updated_at")}),
    )
    inlines = (ParticipantInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).with_source_count().with_participants()

    @admin.display(description="when", ordering="starts_on")
    def when(self, obj):
        return obj.when or EMPTY

    @admin.display(description="participants")
    def participant_list(self, obj):
        participants = [
            (
                admin_link(participant.person or participant.organization),
                f" ({participant.role})" if participant.role else "",
            )
            for participant in obj.participants.all()
        ]
        return format_html_join("; ", "{}{}", participants) or EMPTY

    @admin.display(description="sources", ordering="source_count")
    def source_count(self, obj):
        return changelist_link(Source, obj.source_count, events__id__exact=obj.pk)


@admin.register(Participant)
class ParticipantAdmin(HistoryAdmin):
    list_display = ("__str__", "event_link", "who")
    list_filter = ("role",)
    search_fields = ("event__title", "person__name", "organization__name", "role")
    autocomplete_fields = ("event", "person", "organization")
    list_select_related = ("event", "person", "organization")
    fieldsets = (
        (None, {"fields": ("event", "role")}),
        (
            "Who",
            {
                "fields": ("person", "organization"),
                "description": "Give a person or an organization, not both.",
            },
        ),
    )

    @admin.display(description="event", ordering="event__starts_on")
    def event_link(self, obj):
        return admin_link(obj.event)

    @admin.display(description="who")
    def who(self, obj):
        return admin_link(obj.person or obj.organization)
