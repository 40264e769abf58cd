"""The published records as JSON Lines (/api/export/), for researchers.

The lines are those of `manage.py export_data` (newsroom/interchange.py: `type`, `id`, the
fields, relations by id), restricted to what the public site shows: published records only,
links to unpublished records left out (a null reference, a shorter list), no editors' notes,
no reviews, corrections or users. The full export, every state included, stays a management
command.
"""

from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Q, QuerySet
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers
from rest_framework.exceptions import ValidationError
from rest_framework.views import APIView

from newsroom.interchange import (
    RECORD_TYPES,
    dump_field,
    exported_fields,
    in_outer_transaction,
    related_ids,
    serialize_line,
)
from sources.models import (
    Affiliation,
    Alias,
    AliasKind,
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
from timeline.models import Event, Participant

MEDIA_TYPE = "application/x-ndjson"
CHUNK_SIZE = 2000

# Fields readers never see: the desk's notes to itself.
PRIVATE_FIELDS = {
    Source: {"notes"},
    Quote: {"notes"},
    Appearance: {"note"},
    Claim: {"notes"},
    Event: {"notes"},
    Alias: {"note"},
}


def _published_topics() -> QuerySet:
    """Topics of at least one published quotation, claim or event."""
    return Topic.objects.filter(
        Q(pk__in=Quote.objects.published().values("topics"))
        | Q(pk__in=Claim.objects.published().values("topics"))
        | Q(pk__in=Event.objects.published().values("topics"))
    )


def _published(model: type[models.Model]) -> Callable[[], QuerySet]:
    return lambda: model.objects.published()


# For every kind of record in the public export, the records readers may see, as the public
# pages define them. Records that are not editorial are public when what they belong to is.
PUBLIC_RECORDS: dict[str, Callable[[], QuerySet]] = {
    "topic": _published_topics,
    "organization": _published(Organization),
    "person": _published(Person),
    "outlet": _published(Outlet),
    "source": _published(Source),
    "citation": lambda: Citation.objects.filter(
        citing__in=Source.objects.published().values("pk"),
        cited__in=Source.objects.published().values("pk"),
    ),
    # Contextual references ("the court") are not names; the public pages leave them out.
    "alias": lambda: Alias.objects.exclude(kind=AliasKind.REFERENCE).filter(
        Q(person__in=Person.objects.published().values("pk"))
        | Q(organization__in=Organization.objects.published().values("pk"))
    ),
    "affiliation": lambda: Affiliation.objects.filter(
        person__in=Person.objects.published().values("pk"),
        organization__in=Organization.objects.published().values("pk"),
    ),
    "quote": _published(Quote),
    "appearance": _published(Appearance),
    "claim": _published(Claim),
    "claim_appearance": lambda: ClaimAppearance.objects.published(),
    "evidence": lambda: Evidence.objects.filter(claim__in=Claim.objects.published().values("pk")),
    "event": _published(Event),
    "participant": lambda: Participant.objects.filter(
        event__in=Event.objects.published().values("pk")
    ).filter(
        Q(person__in=Person.objects.published().values("pk"))
        | Q(organization__in=Organization.objects.published().values("pk"))
    ),
}
PUBLIC_TYPES = {name: RECORD_TYPES[name] for name in PUBLIC_RECORDS}
TYPE_OF_MODEL = {model: name for name, model in PUBLIC_TYPES.items()}


class PublicIds:
    """The ids of the published records of each kind, read once when first needed, so that a
    reference to an unpublished record is left out rather than written."""

    def __init__(self):
        self._ids: dict[str, frozenset[str]] = {}

    def __getitem__(self, type_name: str) -> frozenset[str]:
        """The ids as strings, as related_ids gives them."""
        if type_name not in self._ids:
            ids = PUBLIC_RECORDS[type_name]().values_list("pk", flat=True)
            self._ids[type_name] = frozenset(str(pk) for pk in ids)
        return self._ids[type_name]


def public_fields(model: type[models.Model]) -> list[models.Field]:
    private = PRIVATE_FIELDS.get(model, set())
    return [field for field in exported_fields(model) if field.name not in private]


def public_records(type_names: list[str]) -> Iterator[dict[str, Any]]:
    """The published records of the kinds named, as export_data writes them, in its order."""
    public = PublicIds()
    for type_name in PUBLIC_RECORDS:
        if type_name not in type_names:
            continue
        model = PUBLIC_TYPES[type_name]
        fields = public_fields(model)
        references = {
            field.attname: TYPE_OF_MODEL[field.related_model]
            for field in fields
            if field.is_relation and field.related_model in TYPE_OF_MODEL
        }
        related = {
            m2m.name: (related_ids(m2m), TYPE_OF_MODEL[m2m.related_model])
            for m2m in model._meta.many_to_many
        }
        records = PUBLIC_RECORDS[type_name]().order_by("pk").iterator(chunk_size=CHUNK_SIZE)
        for record in records:
            data: dict[str, Any] = {"type": type_name}
            for field in fields:
                target = references.get(field.attname)
                value = getattr(record, field.attname)
                if target is not None and value is not None and str(value) not in public[target]:
                    data[field.name] = None
                    continue
                data[field.name] = dump_field(field, record, {})
            for name, (ids, target) in related.items():
                data[name] = [pk for pk in ids.get(record.pk, []) if pk in public[target]]
            yield data


def export_lines(type_names: list[str]) -> Iterator[str]:
    """The lines of the public export, read in one transaction (a repeatable-read snapshot on
    PostgreSQL, so a record published while the export runs cannot appear half-linked)."""
    with transaction.atomic():
        if connection.vendor == "postgresql" and not in_outer_transaction():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for record in public_records(type_names):
            yield serialize_line(record)


class JSONLinesRenderer(renderers.BaseRenderer):
    """Errors of the export, as one JSON line (the export itself is streamed by the view)."""

    media_type = MEDIA_TYPE
    format = "jsonl"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return serialize_line(data).encode() if data is not None else b""


class ExportView(APIView):
    """The published records as JSON Lines, streamed; `kind` picks the kinds of record."""

    renderer_classes = [renderers.JSONRenderer, JSONLinesRenderer]
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                many=True,
                enum=list(PUBLIC_RECORDS),
                description="Only records of these kinds (repeat the parameter, or separate "
                "kinds with commas); every kind by default.",
            ),
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=["jsonl", "json"],
                description="jsonl (the default) for the export; errors come as JSON whatever "
                "is asked.",
            ),
        ],
        responses={
            (200, MEDIA_TYPE): OpenApiResponse(
                OpenApiTypes.STR,
                description="One JSON object a line: `type`, `id`, the record's fields and its "
                "relations by id, as `manage.py export_data` writes them, for published "
                "records only. References to records that are not published are null, and "
                "left out of lists.",
            )
        },
        description="The published records, for researchers, as JSON Lines.",
    )
    def get(self, request, *args, **kwargs):
        kinds = self.get_kinds(request)
        response = StreamingHttpResponse(
            export_lines(kinds), content_type=f"{MEDIA_TYPE}; charset=utf-8"
        )
        response["Content-Disposition"] = 'inline; filename="provenance-desk.jsonl"'
        return response

    def get_kinds(self, request) -> list[str]:
        asked = [
            kind.strip()
            for value in request.query_params.getlist("kind")
            for kind in value.split(",")
            if kind.strip()
        ]
        unknown = sorted(set(asked) - set(PUBLIC_RECORDS))
        if unknown:
            raise ValidationError(
                {
                    "kind": [
                        f"Not a kind of record in the export: {', '.join(unknown)[:100]}. "
                        f"The kinds are {', '.join(PUBLIC_RECORDS)}."
                    ]
                }
            )
        return asked or list(PUBLIC_RECORDS)
