"""Serializers every editorial record's API shares: its review fields, and writes that go
through the workflow's `record_edit` (roles, drafts, corrections, the version check)."""

from django.db import transaction
from rest_framework import serializers

from newsroom import workflow
from newsroom.workflow import Action, ReviewState


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    code = serializers.CharField(help_text="What went wrong, for programs: `invalid`, `stale`…")
    message = serializers.CharField(help_text="What went wrong, for people.")
    errors = serializers.DictField(
        required=False,
        help_text="For invalid input: the messages for each field (`non_field_errors` for "
        "the record as a whole).",
    )
    current_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="For a stale write: the record's version now.",
    )


class CorrectionSerializer(serializers.Serializer):
    """The public correction a material change to a published record needs."""

    what_was_wrong = serializers.CharField(max_length=5000)
    what_changed = serializers.CharField(max_length=5000)

    def to_note(self) -> workflow.CorrectionNote:
        return workflow.CorrectionNote(**self.validated_data)


class EditorialSerializer(serializers.ModelSerializer):
    """A record with its review state and version; creates and edits go through the workflow.

    An edit must name the `version` it was made from: if someone saved the record since, the
    edit is refused (409, code `stale`) and nothing is saved.
    """

    state = serializers.ChoiceField(
        choices=ReviewState.choices, read_only=True, help_text="Where the record stands in review."
    )
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The record's version. An edit must send the version it was made from.",
    )
    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text="Why the change was made; kept in the record's history.",
    )
    correction = CorrectionSerializer(
        write_only=True,
        required=False,
        help_text="Needed when a published record's content changes materially.",
    )

    class Meta:
        fields = ["id", "state", "version", "reason", "correction", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError(
                {"version": ["Send the version your edit was made from."]}
            )
        return attrs

    def _split(self, validated_data: dict) -> tuple[dict, dict, dict]:
        """(fields, many-to-many values, workflow extras) of the validated input."""
        extras = {
            "reason": validated_data.pop("reason", ""),
            "correction": validated_data.pop("correction", None),
            "version": validated_data.pop("version", None),
        }
        opts = self.Meta.model._meta
        many = {
            name: validated_data.pop(name)
            for name in list(validated_data)
            if opts.get_field(name).many_to_many
        }
        return validated_data, many, extras

    def _save(self, record, many: dict, extras: dict):
        user = self.context["request"].user
        record.full_clean()
        correction = extras["correction"]
        workflow.record_edit(
            record,
            user=user,
            reason=extras["reason"],
            correction=workflow.CorrectionNote(**correction) if correction else None,
        )
        for name, values in many.items():
            getattr(record, name).set(values)
        return record

    @transaction.atomic
    def create(self, validated_data):
        fields, many, extras = self._split(validated_data)
        return self._save(self.Meta.model(**fields), many, extras)

    @transaction.atomic
    def update(self, instance, validated_data):
        fields, many, extras = self._split(validated_data)
        for name, value in fields.items():
            setattr(instance, name, value)
        # The copy claims the version the client saw; EditorialModel.save() refuses it when
        # the stored row has moved on.
        instance.version = extras["version"]
        return self._save(instance, many, extras)


class ReviewEvidenceSerializer(serializers.Serializer):
    """A source (in the database, or a URL) a reviewer checked, and what it showed."""

    source = serializers.UUIDField(required=False, allow_null=True)
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    checked = serializers.CharField(max_length=2000)

    def validate_source(self, value):
        from sources.models import Source

        if value is None:
            return None
        source = Source.objects.filter(pk=value).first()
        if source is None:
            raise serializers.ValidationError("No source has this id.")
        return source


class TransitionSerializer(serializers.Serializer):
    """A move through review: the action, from which version, and what it needs."""

    action = serializers.ChoiceField(choices=Action.choices)
    version = serializers.IntegerField(
        min_value=1, help_text="The version of the record the move was decided on."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    checklist = serializers.DictField(
        child=serializers.BooleanField(),
        required=False,
        help_text='The review checklist for verify, e.g. {"speaker_identified": true}.',
    )
    evidence = ReviewEvidenceSerializer(many=True, required=False, max_length=50)
    correction = CorrectionSerializer(required=False, help_text="Needed to retract.")

    def move(self, record, *, user):
        data = self.validated_data
        record.version = data["version"]
        correction = data.get("correction")
        return workflow.transition(
            record,
            data["action"],
            user=user,
            note=data.get("note", ""),
            evidence=[workflow.EvidenceItem(**item) for item in data.get("evidence", [])],
            checklist=data.get("checklist"),
            correction=workflow.CorrectionNote(**correction) if correction else None,
        )


class AssignmentSerializer(serializers.Serializer):
    """Who is asked to review the record (null: nobody)."""

    assignee = serializers.CharField(
        allow_null=True, max_length=150, help_text="The fact-checker's username, or null."
    )

    def validate_assignee(self, value):
        from django.contrib.auth import get_user_model

        if value is None:
            return None
        user = get_user_model().objects.filter(username=value, is_active=True).first()
        if user is None:
            raise serializers.ValidationError("No active user has this username.")
        return user
