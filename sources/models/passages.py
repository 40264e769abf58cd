"""Passages anchored in a source's text snapshot: what quotation and claim appearances share."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length

from newsroom.models import not_blank
from sources import anchors


class AnchorStatus(models.TextChoices):
    ANCHORED = "anchored", "anchored in the snapshot"
    ORPHANED = "orphaned", "orphaned: words no longer found"
    NO_SNAPSHOT = "no_snapshot", "no snapshot held"
    WAIVED = "waived", "not anchored: reason recorded"


class AnchoredPassage(models.Model):
    """Words printed in a source, with a TextQuoteSelector anchor into its snapshot.

    Subclasses define `source` (the source that printed the words) and `via` (the source it
    names as where it got them).

    Anchors fail loudly: when the snapshot changes and the exact words are no longer found
    (with their context, when they occur more than once), the passage is orphaned for an editor
    and is never moved to similar text. The database refuses an "anchored" passage whose
    offsets do not hold its exact words (see the triggers in migration 0002).
    """

    ANCHOR_FIELDS = [
        "anchor_start",
        "anchor_end",
        "anchor_exact",
        "anchor_prefix",
        "anchor_suffix",
        "anchor_status",
    ]

    text_as_printed = models.TextField(
        help_text="The words exactly as this source printed them (line breaks may be folded). "
        "Keep the source's spelling: Uighur or Uyghur, ellipses, [T]his."
    )
    anchor_start = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Where the words start in the snapshot (a character offset). Leave empty to "
        "have the words found.",
    )
    anchor_end = models.PositiveIntegerField(
        null=True, blank=True, help_text="Where the words end in the snapshot (exclusive)."
    )
    anchor_exact = models.TextField(
        "exact",
        blank=True,
        help_text="The snapshot's characters between the offsets, line breaks and all.",
    )
    anchor_prefix = models.CharField(
        "prefix", max_length=200, blank=True, help_text="A few characters before the words."
    )
    anchor_suffix = models.CharField(
        "suffix", max_length=200, blank=True, help_text="A few characters after the words."
    )
    anchor_status = models.CharField(
        max_length=12,
        choices=AnchorStatus.choices,
        default=AnchorStatus.NO_SNAPSHOT,
        db_index=True,
        help_text="Whether the words are found in the source's snapshot.",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(anchor_status=AnchorStatus.ANCHORED)
                | Q(
                    anchor_start__isnull=False,
                    anchor_end__gt=F("anchor_start"),
                    anchor_end=F("anchor_start") + Length("anchor_exact"),
                ),
                name="%(app_label)s_%(class)s_anchor_span",
                violation_error_message="An anchor's offsets must span exactly its words.",
            ),
            models.CheckConstraint(
                condition=Q(anchor_status=AnchorStatus.ANCHORED)
                | Q(anchor_start__isnull=True, anchor_end__isnull=True),
                name="%(app_label)s_%(class)s_unanchored_no_offsets",
                violation_error_message="Only an anchored passage has offsets.",
            ),
            models.CheckConstraint(
                condition=~Q(via=F("source")),
                name="%(app_label)s_%(class)s_via_not_self",
                violation_error_message="A source cannot be its own intermediary.",
            ),
            models.CheckConstraint(
                condition=not_blank("text_as_printed"),
                name="%(app_label)s_%(class)s_printed_not_empty",
                violation_error_message="Give the words as printed.",
            ),
        ]

    def clean(self):
        super().clean()
        if not self.text_as_printed.strip():
            raise ValidationError({"text_as_printed": "Give the words as the source printed them."})
        if self.source_id and self.via_id and self.source_id == self.via_id:
            raise ValidationError({"via": "A source cannot be its own intermediary."})
        if self.source_id:
            self.anchor_in(self.source.text, f"“{self.source.title}”")

    @property
    def anchor(self) -> anchors.Anchor | None:
        if self.anchor_status != AnchorStatus.ANCHORED:
            return None
        return anchors.Anchor(
            self.anchor_start,
            self.anchor_end,
            self.anchor_exact,
            self.anchor_prefix,
            self.anchor_suffix,
        )

    def _set_anchor(self, anchor: anchors.Anchor) -> None:
        self.anchor_start, self.anchor_end = anchor.start, anchor.end
        self.anchor_exact, self.anchor_prefix, self.anchor_suffix = (
            anchor.exact,
            anchor.prefix,
            anchor.suffix,
        )
        self.anchor_status = AnchorStatus.ANCHORED

    def _seek(self, snapshot: str) -> anchors.Anchor | None:
        """The exact words with their context when they are known, else the printed words."""
        if self.anchor_exact:
            return anchors.locate(
                snapshot, self.anchor_exact, self.anchor_prefix, self.anchor_suffix
            )
        return anchors.locate_printed(snapshot, self.text_as_printed)

    def release_anchor(self) -> None:
        """Drop the offsets but keep the selector, so the words can be sought again."""
        if self.anchor_status == AnchorStatus.ANCHORED:
            self.anchor_status = AnchorStatus.ORPHANED
        self.anchor_start = self.anchor_end = None

    def reanchor(self, snapshot: str) -> None:
        """Seek the same exact words (with their context) in a changed snapshot, or orphan."""
        self.release_anchor()
        if not snapshot:
            self.anchor_status = AnchorStatus.NO_SNAPSHOT
            return
        found = self._seek(snapshot)
        if found:
            self._set_anchor(found)
        elif getattr(self, "unanchored_reason", ""):
            self.anchor_status = AnchorStatus.WAIVED
        else:
            self.anchor_status = AnchorStatus.ORPHANED

    def anchor_in(self, snapshot: str, source_label: str) -> None:
        """Anchor the passage as an editor gave it, or raise a ValidationError saying why not."""
        if not snapshot:
            if self.anchor_start is not None or self.anchor_end is not None:
                raise ValidationError(
                    {
                        "anchor_start": f"{source_label} has no text snapshot to anchor in; "
                        "leave the offsets empty."
                    }
                )
            self.anchor_status = AnchorStatus.NO_SNAPSHOT
            return
        if self.anchor_start is not None or self.anchor_end is not None:
            self._anchor_at_offsets(snapshot, source_label)
            return
        found = self._seek(snapshot)
        if found:
            self._set_anchor(found)
        elif getattr(self, "unanchored_reason", ""):
            self.anchor_status = AnchorStatus.WAIVED
        elif self.anchor_status == AnchorStatus.ORPHANED:
            return  # already flagged for an editor; editing other fields must stay possible
        else:
            words = self.anchor_exact or self.text_as_printed
            raise ValidationError(
                {
                    "text_as_printed": f"“{anchors.fold_whitespace(words)[:120]}” is not found "
                    f"verbatim (or not at one place only) in the snapshot of {source_label}. "
                    "Check the words, or give the offsets."
                }
            )

    def _anchor_at_offsets(self, snapshot: str, source_label: str) -> None:
        start, end = self.anchor_start, self.anchor_end
        if start is None or end is None or not 0 <= start < end <= len(snapshot):
            raise ValidationError(
                {
                    "anchor_start": f"Offsets {start}–{end} lie outside the snapshot of "
                    f"{source_label} ({len(snapshot)} characters)."
                }
            )
        found = snapshot[start:end]
        if self.anchor_exact and found != self.anchor_exact:
            raise ValidationError(
                {
                    "anchor_exact": f"The anchor does not match the snapshot: characters "
                    f"{start}–{end} read “{found[:120]}”, not “{self.anchor_exact[:120]}”."
                }
            )
        if anchors.fold_whitespace(found) != anchors.fold_whitespace(self.text_as_printed):
            raise ValidationError(
                {
                    "anchor_start": f"The anchor does not match the words as printed: characters "
                    f"{start}–{end} read “{anchors.fold_whitespace(found)[:120]}”."
                }
            )
        self._set_anchor(anchors.anchor_at(snapshot, start, end))
