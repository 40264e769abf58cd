"""The viewset every kind of editorial record's API is built on.

Reads: anonymous clients get published records only, staff whose role may view the model get
every record (`EditorialQuerySet.visible_to`), filtered by `state` if they like. Writes: signed-in
staff with the model permission; creates and edits go through `workflow.record_edit`, moves
through `workflow.transition` and assignments through `workflow.assign`, so the API refuses
exactly what the admin refuses, with the same named reasons.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from newsroom import workflow
from newsroom.api.exceptions import PreconditionFailed
from newsroom.api.serializers import AssignmentSerializer, TransitionSerializer

UUID_PATTERN = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"


class EditorialViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create, edit, delete, move through review and assign one kind of record.

    Subclasses set `queryset` (with the screen's select/prefetch bundle), `serializer_class`,
    `filterset_class` and, for lists that grow, `pagination_class`.
    """

    lookup_value_regex = UUID_PATTERN
    # Edits are partial (PATCH) and name the version they were made from; no PUT.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    # Actions whose permission the workflow decides (and explains) itself.
    workflow_actions = ("transition", "assign")

    # Who created, last edited and is asked to review a record: read by staff only.
    desk_fields = ("created_by", "last_edited_by", "assigned_to")

    def get_queryset(self):
        queryset = super().get_queryset().visible_to(self.request.user)
        opts = queryset.model._meta
        if self.request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            queryset = queryset.select_related(*self.desk_fields)
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list" and "state" not in self.request.query_params:
            # The bin is listed only when asked for; a deleted record's own URL still answers
            # staff, who restore it there.
            queryset = queryset.exclude(state=workflow.ReviewState.DELETED)
        return queryset

    def perform_create(self, serializer):
        serializer.save()
        self.read_again(serializer)

    def perform_update(self, serializer):
        serializer.save()
        self.read_again(serializer)

    def read_again(self, serializer) -> None:
        """Answer a write with the record as a read shows it: nested records, counts, roles."""
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def get_object(self):
        record = super().get_object()
        self.check_if_match(record)
        return record

    def check_if_match(self, record) -> None:
        """Honour `If-Match: "<version>"` on writes: a mismatch is refused with 412."""
        expected = self.request.headers.get("If-Match")
        if self.request.method in ("GET", "HEAD", "OPTIONS") or not expected:
            return
        tags = {tag.strip().removeprefix("W/").strip('"') for tag in expected.split(",")}
        if "*" not in tags and str(record.version) not in tags:
            raise PreconditionFailed(
                f"The record is at version {record.version}, not {expected.strip()}: it has "
                "changed since you read it. Nothing was saved."
            )

    def finalize_response(self, request, response, *args, **kwargs):
        # The version as an entity tag, for clients that send If-Match.
        response = super().finalize_response(request, response, *args, **kwargs)
        version = response.data.get("version") if isinstance(response.data, dict) else None
        if getattr(self, "detail", False) and version is not None and response.status_code < 300:
            response["ETag"] = f'"{version}"'
        return response

    def perform_destroy(self, instance):
        instance._history_user = self.request.user
        instance._change_reason = "deleted through the API"
        instance.delete()

    @extend_schema(
        request=TransitionSerializer,
        responses={200: OpenApiResponse(description="The record after the move.")},
        description=(
            "Move the record through review (submit, verify, dispute, reject, send back, "
            "publish, unpublish, retract). Refused with the workflow's reason: 403 "
            "`not_permitted` or `four_eyes`, 409 `illegal_transition` or `stale`, 400 "
            "`evidence_required`, `note_required` or `correction_required`."
        ),
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        record = self.get_object()
        move = TransitionSerializer(data=request.data, context=self.get_serializer_context())
        move.is_valid(raise_exception=True)
        move.move(record, user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)

    @extend_schema(
        request=AssignmentSerializer,
        responses={200: OpenApiResponse(description="The record, assigned.")},
        description="Ask a fact-checker (by username) or nobody (null) to review the record.",
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        record = self.get_object()
        assignment = AssignmentSerializer(data=request.data)
        assignment.is_valid(raise_exception=True)
        workflow.assign(record, assignment.validated_data["assignee"], user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)
