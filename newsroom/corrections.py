"""Public corrections: which corrections readers see, and how each names the record it corrects.

A correction is public when its record is published (the page it corrects is there to read) or
retracted (the correction is all that is left of it). A correction of a record that went back
into review, or was never public, would reveal that record, so it stays off the public list.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Exists, OuterRef, Q, QuerySet

from newsroom.models import Correction, EditorialModel
from newsroom.workflow import ReviewState


def editorial_models() -> list[type[EditorialModel]]:
    return [model for model in apps.get_models() if issubclass(model, EditorialModel)]


def _readable(model: type[EditorialModel]) -> QuerySet:
    """The model's rows as fetched for the list, each marked `listed` when readers may open it."""
    published = model.objects.published().filter(pk=OuterRef("pk"))
    related = {
        "quote": ("speaker_person", "speaker_organization", "speaker_work__outlet"),
        "appearance": ("quote", "source"),
        "source": ("outlet",),
    }.get(model._meta.model_name, ())
    return model.objects.select_related(*related).annotate(listed=Exists(published))


def public_corrections() -> QuerySet:
    """Corrections of published or retracted records, newest first, with their records."""
    shown = Q(pk__in=[])
    for model in editorial_models():
        public = model.objects.filter(
            Q(pk__in=model.objects.published().values("pk")) | Q(state=ReviewState.RETRACTED)
        )
        shown |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=public.values("pk"),
        )
    return (
        Correction.objects.filter(shown)
        .select_related("content_type")
        .prefetch_related(
            GenericPrefetch("record", [_readable(model) for model in editorial_models()])
        )
        .order_by("-published_at", "pk")
    )


@dataclass(frozen=True)
class CorrectedRecord:
    """What a reader is told of a corrected record: its kind, its words, and its page if any."""

    kind: str
    text: str
    language: str = ""
    detail: str = ""
    url: str = ""
    retracted: bool = False


def _public_name(record) -> str:
    return str(record) if record is not None and record.is_public else ""


def describe(record) -> CorrectedRecord | None:
    """The corrected record as readers see it; names of unpublished related records are left
    out. None when the record no longer exists."""
    if record is None:
        return None
    name = record._meta.model_name
    kind = record._meta.verbose_name
    if name == "quote":
        kind = "quotation"
        text, language, detail = record.text, record.language, _public_name(record.speaker)
    elif name == "appearance":
        text, language = record.text_as_printed, record.language or record.quote.language
        detail = f"as printed in {record.source.title}" if record.source.is_public else ""
        kind = "printing of a quotation"
    elif name == "claim":
        text, language, detail = record.text, "", ""
    elif name == "source":
        text, language = record.title, record.language
        detail = _public_name(record.outlet)
    elif name == "event":
        text, language, detail = record.title, "", record.when
    else:
        text, language, detail = str(record), "", ""
    # An appearance has no page of its own: it is read on its quotation's page. Outlets
    # have no page at all.
    page = record.quote if name == "appearance" else record
    url = ""
    if getattr(record, "listed", False) and hasattr(page, "get_absolute_url"):
        url = page.get_absolute_url()
    return CorrectedRecord(
        kind=kind,
        text=text,
        language=language,
        detail=detail,
        url=url,
        retracted=record.state == ReviewState.RETRACTED,
    )


@dataclass(frozen=True)
class PublicCorrection:
    correction: Correction
    record: CorrectedRecord | None


def for_readers(corrections) -> list[PublicCorrection]:
    return [PublicCorrection(correction, describe(correction.record)) for correction in corrections]
