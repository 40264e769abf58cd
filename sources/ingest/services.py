"""Writes of the import: a source from an article, and the records an accepted proposal makes.

Keyword-only, atomic, validated with full_clean(), and saved through the workflow's
record_edit(), so every record created by an import is a draft with its creator and history,
and enters review like any other. Nothing is ever published by an import.
"""

from dataclasses import replace
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from newsroom.dates import PartialDate
from newsroom.workflow import NotPermitted, WorkflowError, record_edit
from sources.anchors import fold_whitespace
from sources.ingest.proposals import (
    EventProposal,
    IndirectProposal,
    QuotationProposal,
    Speaker,
)
from sources.ingest.reading import Article
from sources.models import (
    AnchorStatus,
    Appearance,
    AttributionVerdict,
    Organization,
    Outlet,
    OutletKind,
    Person,
    PrintedForm,
    ProposalDecision,
    ProposalReview,
    Quote,
    Source,
    SourceKind,
    sha256_hex,
)
from sources.names import fold

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

IMPORT_PERMISSION = "sources.add_source"
ACCEPT_PERMISSIONS = ("sources.add_quote", "sources.add_appearance")
# A title taken from the first line of an article's text is cut to a headline's length.
TITLE_LENGTH = 200
_SOURCE_KIND_OF_OUTLET = {
    OutletKind.WIRE: SourceKind.WIRE,
    OutletKind.COURT: SourceKind.COURT_DOCUMENT,
    OutletKind.GOVERNMENT: SourceKind.OFFICIAL_REPORT,
}


class ImportRefused(WorkflowError):
    """An import or an acceptance that cannot be done as asked; nothing was saved."""

    code = "import_refused"


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(
            f"{field}: {' '.join(message for item in errors for message in item.messages)}"
            for field, errors in error.error_dict.items()
        )
    return " ".join(error.messages)


def _save(record: models.Model, *, user, reason: str) -> models.Model:
    """Validate and save a new record as a draft: through the workflow for a user, or as the
    command line (no user), which the desk trusts like load_demo."""
    try:
        record.full_clean()
    except ValidationError as error:
        label = record._meta.verbose_name
        raise ImportRefused(f"The {label} cannot be saved: {_messages(error)}") from error
    if user is None:
        record._change_reason = reason
        record.save()
        return record
    return record_edit(record, user=user, reason=reason)


def source_for_text(text: str) -> Source | None:
    """The source already holding this exact snapshot, if any (found by its SHA-256)."""
    return Source.objects.filter(text_sha256=sha256_hex(text)).order_by("created_at").first()


def outlet_named(name: str) -> Outlet | None:
    """The outlet a name given with an article refers to (its name, folded), if any."""
    if not name.strip():
        return None
    folded = fold(name)
    for outlet in Outlet.objects.select_related("organization"):
        names = [outlet.name]
        if outlet.organization is not None:
            names.append(outlet.organization.name)
        if folded in {fold(each) for each in names}:
            return outlet
    return None


@transaction.atomic
def source_import(
    *,
    article: Article,
    user: "AbstractUser | None",
    outlet: Outlet | None = None,
    kind: str = "",
) -> tuple[Source, bool]:
    """The source holding the article's text, and whether it was created now.

    A text already imported (the same SHA-256) is recognized: the existing source is returned
    and nothing is changed. A new source is a draft with the text as its snapshot.
    """
    if user is not None and not user.has_perm(IMPORT_PERMISSION):
        raise NotPermitted(f"{user.get_username()}'s role does not allow importing sources.")
    existing = source_for_text(article.text)
    if existing is not None:
        return existing, False
    kind = kind or article.kind or SourceKind.NEWS
    if kind not in SourceKind.values:
        raise ImportRefused(
            f"“{kind}” is not a kind of source; use one of: {', '.join(SourceKind.values)}."
        )
    outlet = outlet or outlet_named(article.outlet)
    notes = []
    if article.outlet and outlet is None:
        notes.append(f"Outlet given with the import, not found in the database: {article.outlet}.")
    published = {}
    if article.published_on:
        try:
            date = PartialDate.parse(article.published_on)
        except ValueError as error:
            raise ImportRefused(f"The publication date is not usable: {error}.") from error
        published = {"published_on": date.date, "published_on_precision": date.precision}
    source = Source(
        title=_title(article),
        outlet=outlet,
        authors=article.authors,
        kind=kind,
        url=article.url,
        language=article.language or "en",
        retrieved_at=timezone.now(),
        text=article.text,
        notes=" ".join(notes),
        **published,
    )
    label = article.name or "an article"
    _save(source, user=user, reason=f"imported from {label} ({article.format})")
    return source, True


def _title(article: Article) -> str:
    # A title given with the article is kept whole (validation refuses one longer than the
    # column); one taken from the first line of the text is cut to a headline's length.
    if article.title.strip():
        return " ".join(article.title.split())
    for line in article.text.splitlines():
        if line.strip():
            return " ".join(line.split())[:TITLE_LENGTH]
    return "Imported article"


def _check_accept(user) -> None:
    if user is None or not all(user.has_perm(permission) for permission in ACCEPT_PERMISSIONS):
        who = user.get_username() if user is not None and user.is_authenticated else "Anonymous"
        raise NotPermitted(f"{who}'s role does not allow accepting proposed quotations.")


def _decided(source: Source, key: str) -> None:
    if source.proposal_reviews.filter(key=key).exists():
        raise ImportRefused("This proposal has already been accepted or dropped.")


def _speaker_record(speaker: Speaker | None, *, user, source: Source):
    """The person or organization a proposal's speaker names, created as a draft if new."""
    if speaker is None or speaker.kind == "unnamed" or not speaker.name.strip():
        written = f"“{speaker.name}”" if speaker else "no one"
        raise ImportRefused(
            f"The words are given to {written}, not to a named speaker: name the person or "
            "organization who said them (or drop the proposal)."
        )
    model = {"person": Person, "organization": Organization}.get(speaker.kind)
    if model is None:
        raise ImportRefused(f"“{speaker.kind}” is not a kind of speaker: person or organization.")
    if speaker.id:
        found = model.objects.filter(pk=speaker.id).first()
        if found is None:
            raise ImportRefused(f"The {speaker.kind} proposed as speaker no longer exists.")
        return found
    same = list(model.objects.matching(speaker.name)[:2])
    if len(same) == 1:
        return same[0]
    description = f"Named in “{source.title}”; added by an import, to be checked."
    return _save(
        model(name=speaker.name, description=description),
        user=user,
        reason=f"speaker proposed by the import of “{source.title}”",
    )


def _via(proposal: QuotationProposal, *, user, source: Source) -> Source | None:
    """The source the words were taken from: a recorded one, or a draft standing for a cited
    outlet's text that the database does not hold (the AFP wire)."""
    intermediary = proposal.intermediary
    if intermediary is None:
        return None
    if intermediary.id:
        return Source.objects.filter(pk=intermediary.id).exclude(pk=source.pk).first()
    if not intermediary.outlet_id:
        return None
    outlet = Outlet.objects.filter(pk=intermediary.outlet_id).first()
    if outlet is None:
        return None
    cited = Source(
        title=f"{outlet.name} text cited by “{source.title}”"[:500],
        outlet=outlet,
        kind=_SOURCE_KIND_OF_OUTLET.get(outlet.kind, SourceKind.NEWS),
        language=source.language,
        notes=f"Known only from the citation “{intermediary.as_printed or intermediary.name}” "
        f"in “{source.title}”; its text is not held.",
    )
    return _save(cited, user=user, reason=f"cited by “{source.title}”")


def _words_at(source: Source, proposal):
    """The proposal as it reads in the snapshot at its (possibly edited) offsets."""
    if not 0 <= proposal.start < proposal.end <= len(source.text):
        raise ImportRefused(
            f"Offsets {proposal.start}–{proposal.end} lie outside the snapshot "
            f"({len(source.text)} characters)."
        )
    printed = fold_whitespace(source.text[proposal.start : proposal.end])
    if not printed:
        raise ImportRefused("The offsets hold no words.")
    return replace(proposal, text=printed)


def _quote_words(printed: str) -> str:
    """The quotation's own words: the comma or colon that hands over to the cue is the
    reporter's punctuation, not the speaker's."""
    return printed.rstrip(",;: ")


@transaction.atomic
def proposal_accept(
    *, source: Source, proposal: QuotationProposal | IndirectProposal | EventProposal, user
) -> models.Model:
    """Record an accepted proposal as drafts; the appearance (or the event) made.

    A quotation that matches a recorded one becomes another appearance of it; otherwise a new
    quotation is made, with its speaker (an existing record or a new draft one). The appearance
    is anchored at the proposal's offsets in the snapshot.
    """
    _check_accept(user)
    _decided(source, proposal.key)
    if isinstance(proposal, EventProposal):
        record = _accept_event(source=source, proposal=proposal, user=user)
    else:
        record = _accept_words(source=source, proposal=proposal, user=user)
    ProposalReview.objects.create(
        source=source,
        key=proposal.key,
        decision=ProposalDecision.ACCEPTED,
        record=f"{record._meta.model_name}:{record.pk}",
        decided_by=user,
    )
    return record


def _accept_words(*, source: Source, proposal, user) -> Appearance:
    proposal = _words_at(source, proposal)
    paraphrase = isinstance(proposal, IndirectProposal)
    label = "an indirect quotation" if paraphrase else "a quotation"
    reason = f"{label} proposed by the import of “{source.title}”"
    quote = None
    if not paraphrase and proposal.matches:
        quote = Quote.objects.filter(pk=proposal.matches).first()
        if quote is None:
            raise ImportRefused("The quotation this proposal matched no longer exists.")
    if quote is None:
        speaker = _speaker_record(proposal.speaker, user=user, source=source)
        field = "speaker_person" if isinstance(speaker, Person) else "speaker_organization"
        occasion = ""
        if not paraphrase and proposal.intermediary is not None:
            occasion = proposal.intermediary.as_printed[:300]
        quote = Quote(
            text=proposal.content if paraphrase else _quote_words(proposal.text),
            language=source.language,
            occasion=occasion,
            attribution_verdict=(
                AttributionVerdict.PARAPHRASE if paraphrase else AttributionVerdict.UNCHECKED
            ),
            **{field: speaker},
        )
        _save(quote, user=user, reason=reason)
    notes = []
    via = None
    if paraphrase:
        form = PrintedForm.PARAPHRASE
    else:
        form = proposal.kind if proposal.kind in PrintedForm.values else PrintedForm.FULL
        via = _via(proposal, user=user, source=source)
        if proposal.brackets:
            notes.append(f"Editorial brackets as printed: {', '.join(proposal.brackets)}.")
        if proposal.elisions:
            notes.append(f"Elisions marked by the source: {proposal.elisions}.")
        if proposal.matches and proposal.match_how:
            notes.append(f"Proposed as {proposal.match_how} of the recorded quotation.")
    appearance = Appearance(
        quote=quote,
        source=source,
        text_as_printed=proposal.text,
        anchor_start=proposal.start,
        anchor_end=proposal.end,
        form=form,
        attribution_as_printed=(
            getattr(proposal, "attribution", "") or proposal.speaker_as_written or ""
        )[:300],
        attribution_verdict=(
            AttributionVerdict.PARAPHRASE if paraphrase else AttributionVerdict.UNCHECKED
        ),
        via=via,
        via_as_printed=(proposal.cue if via or getattr(proposal, "intermediary", None) else "")[
            :300
        ],
        note=" ".join(notes),
    )
    _save(appearance, user=user, reason=reason)
    if appearance.anchor_status != AnchorStatus.ANCHORED:
        raise ImportRefused("The words could not be anchored in the snapshot at their offsets.")
    return appearance


def _accept_event(*, source: Source, proposal: EventProposal, user):
    from timeline.models import Event

    if not proposal.date:
        raise ImportRefused(
            f"“{proposal.text}” gives no year and the source's date is not known: give the "
            "source its publication date first, or record the event by hand."
        )
    starts = PartialDate.parse(proposal.date)
    ends = PartialDate.parse(proposal.ends) if proposal.ends else None
    event = Event(
        title=fold_whitespace(proposal.sentence)[:300],
        starts_on=starts.date,
        starts_on_precision=starts.precision,
        ends_on=ends.date if ends else None,
        ends_on_precision=ends.precision if ends else "",
        date_note=f"Written “{proposal.text}” in “{source.title}”."[:300],
    )
    _save(event, user=user, reason=f"a dated mention proposed by the import of “{source.title}”")
    event.sources.add(source)
    return event


@transaction.atomic
def proposal_drop(*, source: Source, key: str, user) -> ProposalReview:
    """Remember that an editor dropped a proposal, so the review no longer offers it."""
    _check_accept(user)
    _decided(source, key)
    return ProposalReview.objects.create(
        source=source, key=key, decision=ProposalDecision.DROPPED, decided_by=user
    )
