"""Forms of the import pages: an article to paste or upload, and an editor's decision on one
proposal (accept as proposed or edited, or drop)."""

from dataclasses import replace

from django import forms

from sources.ingest.proposals import QuotationProposal, Speaker
from sources.ingest.reading import MAX_BYTES, IngestError, check_size, read_article
from sources.models import Outlet, SourceKind


class ArticleImportForm(forms.Form):
    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "vLargeTextField", "dir": "auto"}),
        help_text="Paste the article: plain text, HTML, or a JSON object with a “text” field.",
    )
    file = forms.FileField(
        required=False, help_text="Or upload it: a .txt, .html or .json file, UTF-8."
    )
    input_format = forms.ChoiceField(
        choices=[("auto", "detect"), ("text", "plain text"), ("html", "HTML"), ("json", "JSON")],
        initial="auto",
        help_text="What the text is; detected unless you say.",
    )
    title = forms.CharField(required=False, max_length=500, help_text="The headline, if known.")
    url = forms.URLField(required=False, max_length=2000, help_text="Where it was published.")
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.order_by("name"), required=False, help_text="Who published it."
    )
    published_on = forms.CharField(
        required=False, max_length=10, help_text="When: 2020, 2020-12 or 2020-12-29."
    )
    language = forms.CharField(required=False, max_length=35, help_text="Such as en or tr.")
    kind = forms.ChoiceField(
        choices=SourceKind.choices, initial=SourceKind.NEWS, help_text="What sort of document."
    )

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text") or "", cleaned.get("file")
        if bool(text.strip()) == bool(upload):
            raise forms.ValidationError("Paste the article or upload a file (one of the two).")
        try:
            if upload:
                check_size(upload.size, name=upload.name, max_bytes=MAX_BYTES)
                data, name = upload.read(), upload.name
            else:
                # A browser sends a textarea's line breaks as CRLF; the text pasted had LF.
                data, name = text.replace("\r\n", "\n").encode("utf-8"), "the pasted text"
            article = read_article(data, name=name, format=cleaned.get("input_format") or "auto")
        except IngestError as error:
            raise forms.ValidationError(str(error)) from error
        cleaned["article"] = article.with_metadata(
            title=cleaned.get("title"),
            url=cleaned.get("url"),
            published_on=cleaned.get("published_on"),
            language=cleaned.get("language"),
            kind=cleaned.get("kind"),
        )
        return cleaned


class ProposalDecisionForm(forms.Form):
    """Accept a proposal (its speaker, kind and span may be edited first) or drop it."""

    key = forms.CharField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("drop", "drop")])
    speaker_name = forms.CharField(
        required=False, max_length=200, help_text="Who said it, as the desk names them."
    )
    speaker_kind = forms.ChoiceField(
        required=False,
        choices=[("", "as proposed"), ("person", "person"), ("organization", "organization")],
    )
    kind = forms.ChoiceField(
        required=False,
        choices=[
            ("", "as proposed"),
            ("full", "full"),
            ("fragment", "fragment"),
            ("elided", "elided"),
        ],
    )
    start = forms.IntegerField(required=False, min_value=0)
    end = forms.IntegerField(required=False, min_value=1)

    def edited(self, proposal):
        """The proposal with the editor's changes."""
        data = self.cleaned_data
        changes = {}
        if data.get("start") is not None and data["start"] != proposal.start:
            changes["start"] = data["start"]
        if data.get("end") is not None and data["end"] != proposal.end:
            changes["end"] = data["end"]
        if isinstance(proposal, QuotationProposal) and data.get("kind"):
            changes["kind"] = data["kind"]
        if hasattr(proposal, "speaker"):
            name = (data.get("speaker_name") or "").strip()
            kind = data.get("speaker_kind") or ""
            current = proposal.speaker
            if name and (
                current is None or name != current.name or (kind and kind != current.kind)
            ):
                guessed = kind or (
                    current.kind if current and current.kind != "unnamed" else "person"
                )
                changes["speaker"] = Speaker(name=name, kind=guessed)
            elif kind and current is not None and kind != current.kind:
                changes["speaker"] = Speaker(name=current.name, kind=kind)
        return replace(proposal, **changes) if changes else proposal
