"""The admin's import pages: paste or upload an article, then review what it proposes.

The review recomputes the proposals from the stored snapshot (the same text and database give the
same proposals), shows the text with each one highlighted, and lets an editor accept (as proposed
or edited) or drop each one. Accepting calls the ingest services, which create drafts through the
workflow; the views hold no rules of their own.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from newsroom.workflow import WorkflowError
from sources import snapshots
from sources.ingest import catalog
from sources.ingest.extract import propose
from sources.ingest.forms import ArticleImportForm, ProposalDecisionForm
from sources.ingest.reading import Article
from sources.ingest.services import (
    ACCEPT_PERMISSIONS,
    IMPORT_PERMISSION,
    proposal_accept,
    proposal_drop,
    source_import,
)
from sources.models import ProposalDecision, Source


def _context(model_admin, request, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        **extra,
    }


def import_view(request, model_admin):
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied
    form = ArticleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            source, created = source_import(
                article=form.cleaned_data["article"],
                user=request.user,
                outlet=form.cleaned_data.get("outlet"),
                kind=form.cleaned_data.get("kind") or "",
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
        else:
            if created:
                messages.success(request, f"Imported “{source.title}” as a draft source.")
            else:
                messages.info(
                    request,
                    f"This text is already imported as “{source.title}”: nothing was changed.",
                )
            return redirect(reverse("admin:sources_source_review", args=[source.pk]))
    context = _context(model_admin, request, title="Import an article", form=form)
    return TemplateResponse(request, "admin/sources/source/import.html", context)


def _article(source: Source) -> Article:
    published = source.published
    return Article(
        text=source.text,
        title=source.title,
        url=source.url,
        outlet=source.outlet.name if source.outlet_id else "",
        published_on=published.isoformat() if published else "",
        language=source.language,
    )


def review_view(request, object_id, model_admin):
    source = get_object_or_404(Source.objects.select_related("outlet"), pk=object_id)
    if not model_admin.has_view_permission(request, source):
        raise PermissionDenied
    may_decide = all(request.user.has_perm(permission) for permission in ACCEPT_PERMISSIONS)
    if not source.text:
        messages.warning(request, "This source has no text snapshot: there is nothing to review.")
        return redirect(reverse("admin:sources_source_change", args=[source.pk]))
    proposals = propose(_article(source), index=catalog.load_index())
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        form = ProposalDecisionForm(request.POST)
        if form.is_valid():
            _decide(request, source, proposals, form)
        else:
            messages.error(request, "The decision could not be read; try again.")
        return redirect(reverse("admin:sources_source_review", args=[source.pk]))

    decisions = {review.key: review for review in source.proposal_reviews.all()}
    anchored = set(source.appearances.values_list("anchor_start", "anchor_end"))
    items = []
    for group, label in (
        (proposals.quotations, "quotation"),
        (proposals.indirect, "indirect speech"),
        (proposals.events, "dated mention"),
    ):
        for proposal in group:
            decision = decisions.get(proposal.key)
            status = decision.decision if decision else ""
            if (
                not status
                and (proposal.start, proposal.end) in anchored
                and label != "dated mention"
            ):
                status = ProposalDecision.ACCEPTED
            items.append(
                {
                    "proposal": proposal,
                    "label": label,
                    "status": status,
                    "form": ProposalDecisionForm(
                        initial={
                            "key": proposal.key,
                            "speaker_name": getattr(getattr(proposal, "speaker", None), "name", ""),
                            "start": proposal.start,
                            "end": proposal.end,
                        }
                    ),
                }
            )
    items.sort(key=lambda item: (item["proposal"].start, item["proposal"].end))
    for number, item in enumerate(items, start=1):
        item["number"] = number
    spans = [(item["proposal"].start, item["proposal"].end, item) for item in items]
    spans += [(excluded.start, excluded.end, excluded) for excluded in proposals.excluded]
    context = _context(
        model_admin,
        request,
        title=f"Review the proposals from “{source.title}”",
        source=source,
        items=items,
        excluded=proposals.excluded,
        segments=snapshots.segments(source.text, spans),
        may_decide=may_decide,
    )
    return TemplateResponse(request, "admin/sources/source/review.html", context)


def _decide(request, source: Source, proposals, form: ProposalDecisionForm) -> None:
    proposal = proposals.find(form.cleaned_data["key"])
    if proposal is None:
        messages.error(request, "That proposal is no longer made from this text.")
        return
    try:
        if form.cleaned_data["decision"] == "drop":
            proposal_drop(source=source, key=proposal.key, user=request.user)
            messages.success(request, "Dropped.")
            return
        record = proposal_accept(source=source, proposal=form.edited(proposal), user=request.user)
    except WorkflowError as error:
        messages.error(request, error.message)
        return
    messages.success(
        request, f"Accepted: {record._meta.verbose_name} “{record}” created as a draft."
    )
