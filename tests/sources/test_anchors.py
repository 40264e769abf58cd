"""Anchoring quoted words in a source's text snapshot, and keeping anchors honest.

Anchors fail loudly: words not found, found twice, or moved to similar text are refused or
flagged for an editor, and the database refuses an anchor that does not read its words.
"""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sources import anchors
from sources.models import AnchorStatus, Appearance, ClaimAppearance, Source
from tests.factories import (
    AppearanceFactory,
    ClaimAppearanceFactory,
    ClaimFactory,
    QuoteFactory,
    SourceFactory,
)

WIRE_TEXT = (
    "ISTANBUL (AFP) - Uyghurs in Turkey fear the treaty.\n"
    "“We feel like we have been sold out\nby our own government,” a spokesman said.\n"
)


def validation_errors(record) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def appearance_in(source: Source, printed: str, **fields) -> Appearance:
    """An unsaved appearance of a new quotation of `printed` in `source`."""
    quote = QuoteFactory(text=" ".join(printed.split()))
    return Appearance(quote=quote, source=source, text_as_printed=printed, **fields)


def anchored(source: Source, printed: str, **fields) -> Appearance:
    appearance = appearance_in(source, printed, **fields)
    appearance.full_clean()
    appearance.save()
    return appearance


# The plain functions, without a database.


def test_locate_finds_the_exact_words_and_their_context():
    text = "He said: “hello world” and left."
    found = anchors.locate(text, "hello world")
    assert found == anchors.Anchor(10, 21, "hello world", "He said: “", "” and left.")


def test_locate_uses_prefix_and_suffix_to_choose_between_repeats():
    text = "First: hello world. Second: hello world!"
    assert anchors.locate(text, "hello world") is None
    found = anchors.locate(text, "hello world", prefix="Second: ", suffix="!")
    assert (found.start, found.end) == (28, 39)


def test_locate_refuses_context_that_fits_several_places():
    text = "A hello world. A hello world."
    assert anchors.locate(text, "hello world", prefix="A ", suffix=".") is None


def test_locate_printed_lets_white_space_match_a_line_break_and_nothing_else():
    text = "sold out\nby our own government"
    assert anchors.locate_printed(text, "sold out by our own").exact == "sold out\nby our own"
    assert anchors.locate_printed(text, "sold-out by our own") is None
    assert anchors.locate_printed(text, "Sold out by our own") is None


def test_anchor_at_refuses_offsets_outside_the_text():
    with pytest.raises(ValueError, match="lie outside a text of 5 characters"):
        anchors.anchor_at("hello", 2, 9)
    with pytest.raises(ValueError, match="lie outside"):
        anchors.anchor_at("hello", 3, 3)


def test_matches_is_false_without_offsets_or_words():
    assert anchors.matches("hello world", 0, 5, "hello")
    assert not anchors.matches("hello world", None, 5, "hello")
    assert not anchors.matches("hello world", 0, 5, "")
    assert not anchors.matches("hello world", 6, 12, "world")


# Anchoring an appearance through model validation.


@pytest.mark.django_db
def test_an_appearance_in_a_source_with_a_snapshot_is_anchored():
    text = "The spokesman said: “We will not be silenced,” and left the room at noon."
    source = SourceFactory(text=text)
    appearance = anchored(source, "We will not be silenced")
    appearance.refresh_from_db()
    start = text.index("We will not be silenced")
    assert appearance.anchor_status == AnchorStatus.ANCHORED
    assert (appearance.anchor_start, appearance.anchor_end) == (start, start + 23)
    assert appearance.anchor_exact == "We will not be silenced"
    assert appearance.anchor_prefix == text[max(0, start - 32) : start] == "The spokesman said: “"
    assert appearance.anchor_suffix == text[start + 23 : start + 23 + 32]


@pytest.mark.django_db
def test_hard_wrapped_words_in_the_snapshot_are_found():
    source = SourceFactory(text=WIRE_TEXT)
    appearance = anchored(source, "sold out by our own")
    assert appearance.anchor_status == AnchorStatus.ANCHORED
    assert appearance.anchor_exact == "sold out\nby our own"
    assert WIRE_TEXT[appearance.anchor_start : appearance.anchor_end] == "sold out\nby our own"


@pytest.mark.django_db
def test_words_that_occur_twice_without_distinguishing_context_are_refused():
    source = SourceFactory(text="He said: genocide. She said: genocide. They said nothing.")
    errors = validation_errors(appearance_in(source, "genocide"))
    assert list(errors) == ["text_as_printed"]
    assert (
        "“genocide” is not found verbatim (or not at one place only)"
        in (errors["text_as_printed"][0])
    )


@pytest.mark.django_db
def test_words_that_occur_twice_are_anchored_where_the_editor_points():
    text = "He said: genocide. She said: genocide. They said nothing."
    source = SourceFactory(text=text)
    second = text.rindex("genocide")
    appearance = anchored(source, "genocide", anchor_start=second, anchor_end=second + 8)
    assert (appearance.anchor_start, appearance.anchor_status) == (second, "anchored")
    assert appearance.anchor_prefix.endswith("She said: ")


@pytest.mark.django_db
def test_words_not_in_the_snapshot_are_refused_with_a_message():
    source = SourceFactory(title="Uyghurs fear extradition", text=WIRE_TEXT)
    errors = validation_errors(appearance_in(source, "we have been betrayed"))
    assert errors == {
        "text_as_printed": [
            "“we have been betrayed” is not found verbatim (or not at one place only) in the "
            "snapshot of “Uyghurs fear extradition”. Check the words, or give the offsets."
        ]
    }


@pytest.mark.django_db
def test_straight_quotes_do_not_match_curly_ones_in_the_snapshot():
    source = SourceFactory(text=WIRE_TEXT)
    errors = validation_errors(appearance_in(source, '"We feel like'))
    assert "is not found verbatim" in errors["text_as_printed"][0]


@pytest.mark.django_db
def test_offsets_reading_other_words_are_refused():
    source = SourceFactory(text=WIRE_TEXT)
    start = WIRE_TEXT.index("Uyghurs in Turkey")
    errors = validation_errors(
        appearance_in(source, "sold out by our own", anchor_start=start, anchor_end=start + 19)
    )
    assert list(errors) == ["anchor_start"]
    assert errors["anchor_start"][0] == (
        f"The anchor does not match the words as printed: characters {start}–{start + 19} "
        "read “Uyghurs in Turkey f”."
    )


@pytest.mark.django_db
def test_offsets_that_contradict_the_exact_words_are_refused():
    source = SourceFactory(text=WIRE_TEXT)
    start = WIRE_TEXT.index("Uyghurs")
    appearance = appearance_in(
        source,
        "Uyghurs",
        anchor_start=start + 1,
        anchor_end=start + 8,
        anchor_exact="Uyghurs",
    )
    errors = validation_errors(appearance)
    assert errors["anchor_exact"] == [
        f"The anchor does not match the snapshot: characters {start + 1}–{start + 8} "
        "read “yghurs ”, not “Uyghurs”."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end"), [(0, 10_000), (50, 40), (None, 5), (5, None)])
def test_offsets_outside_the_snapshot_are_refused(start, end):
    source = SourceFactory(title="Wire", text=WIRE_TEXT)
    errors = validation_errors(
        appearance_in(source, "sold out by our own", anchor_start=start, anchor_end=end)
    )
    assert list(errors) == ["anchor_start"]
    assert "lie outside the snapshot of “Wire”" in errors["anchor_start"][0]
    assert f"({len(WIRE_TEXT)} characters)" in errors["anchor_start"][0]


@pytest.mark.django_db
def test_an_appearance_in_a_source_without_a_snapshot_has_no_anchor():
    appearance = anchored(SourceFactory(text=""), "We will not be silenced")
    appearance.refresh_from_db()
    assert appearance.anchor_status == AnchorStatus.NO_SNAPSHOT
    assert (appearance.anchor_start, appearance.anchor_end) == (None, None)


@pytest.mark.django_db
def test_offsets_in_a_source_without_a_snapshot_are_refused():
    source = SourceFactory(title="Wire", text="")
    errors = validation_errors(
        appearance_in(source, "We will not be silenced", anchor_start=0, anchor_end=5)
    )
    assert errors == {
        "anchor_start": ["“Wire” has no text snapshot to anchor in; leave the offsets empty."]
    }


@pytest.mark.django_db
def test_a_claim_appearance_is_anchored_like_a_quotation():
    text = "It was reported that about 50,000 Uyghurs live in Turkey."
    source = SourceFactory(text=text)
    passage = ClaimAppearance(
        claim=ClaimFactory(), source=source, text_as_printed="about 50,000 Uyghurs live in Turkey"
    )
    passage.full_clean()
    passage.save()
    assert passage.anchor_status == AnchorStatus.ANCHORED
    assert passage.anchor_start == text.index("about")


# Scripts and punctuation: offsets are Python string indices (code points) on every database.


@pytest.mark.django_db
def test_right_to_left_text_is_anchored_at_code_point_offsets():
    # A right-to-left mark, vowel signs (combining marks) and a character outside the Basic
    # Multilingual Plane all sit before the words, so each database must count code points.
    text = "𝔄 Caption.\n\u200fقال المتحدث: «لَن نَصمت أبدًا» ثم غادر.\n"
    printed = "لَن نَصمت أبدًا"
    source = SourceFactory(text=text, language="ar")
    appearance = anchored(source, printed, language="ar")
    appearance.refresh_from_db()
    assert appearance.anchor_status == AnchorStatus.ANCHORED
    assert appearance.anchor_start == text.index(printed)
    assert appearance.anchor_end == text.index(printed) + len(printed)
    assert appearance.anchor_exact == printed


@pytest.mark.django_db
def test_curly_quotes_are_anchored_at_code_point_offsets():
    text = "Erdoğan said the Uyghurs were living ‘happily’ — “[T]his is a lie,” Raxit said."
    printed = "“[T]his is a lie,”"
    source = SourceFactory(text=text)
    appearance = anchored(source, printed)
    appearance.refresh_from_db()
    assert (appearance.anchor_start, appearance.anchor_end) == (
        text.index(printed),
        text.index(printed) + len(printed),
    )
    assert appearance.anchor_exact == printed


# A changed snapshot: found again at new offsets, or orphaned, never moved to similar text.


@pytest.mark.django_db
def test_a_paragraph_inserted_before_the_words_keeps_the_anchor_at_new_offsets():
    source = SourceFactory(text=WIRE_TEXT)
    appearance = anchored(source, "sold out by our own")
    source.text = "Editor's note: this story was updated on 30 December.\n\n" + WIRE_TEXT
    source.save()
    appearance.refresh_from_db()
    start = source.text.index("sold out\nby our own")
    assert appearance.anchor_status == AnchorStatus.ANCHORED
    assert (appearance.anchor_start, appearance.anchor_end) == (start, start + 19)
    assert appearance.anchor_exact == "sold out\nby our own"


@pytest.mark.django_db
def test_words_removed_from_the_snapshot_orphan_the_appearance():
    source = SourceFactory(text="He said “hello world” to the crowd.")
    appearance = anchored(source, "hello world")
    source.text = "He said “hello, world” to the crowd."
    source.save()
    appearance.refresh_from_db()
    assert appearance.anchor_status == AnchorStatus.ORPHANED
    assert (appearance.anchor_start, appearance.anchor_end) == (None, None)
    # The selector is kept, so an editor can see what was lost.
    assert appearance.anchor_exact == "hello world"


@pytest.mark.django_db
def test_an_orphaned_appearance_is_not_anchored_to_similar_text_when_edited_again():
    source = SourceFactory(text="He said “hello world” to the crowd.")
    appearance = anchored(source, "hello world")
    source.text = "He said “hello, world” to the crowd."
    source.save()
    appearance.refresh_from_db()
    appearance.note = "Words changed after publication; asked the outlet."
    appearance.full_clean()
    appearance.save()
    appearance.refresh_from_db()
    assert appearance.anchor_status == AnchorStatus.ORPHANED
    assert appearance.anchor_start is None


@pytest.mark.django_db
def test_words_repeated_in_a_changed_snapshot_orphan_the_appearance():
    text = "A. hello world. B."
    source = SourceFactory(text=text)
    appearance = anchored(source, "hello world")
    source.text = f"{text}\n\n{text}"
    source.save()
    appearance.refresh_from_db()
    assert appearance.anchor_status == AnchorStatus.ORPHANED


@pytest.mark.django_db
def test_a_cleared_snapshot_leaves_the_appearance_without_a_snapshot():
    source = SourceFactory(text=WIRE_TEXT)
    appearance = anchored(source, "sold out by our own")
    source.text = ""
    source.save()
    appearance.refresh_from_db()
    assert appearance.anchor_status == AnchorStatus.NO_SNAPSHOT
    assert appearance.anchor_start is None


@pytest.mark.django_db
def test_a_snapshot_added_later_anchors_the_appearance():
    source = SourceFactory(text="")
    appearance = anchored(source, "sold out by our own")
    source.text = WIRE_TEXT
    source.save()
    appearance.refresh_from_db()
    assert appearance.anchor_status == AnchorStatus.ANCHORED
    assert appearance.anchor_exact == "sold out\nby our own"


@pytest.mark.django_db
def test_a_changed_snapshot_reanchors_claim_appearances_too():
    text = "It was reported that about 50,000 Uyghurs live in Turkey."
    source = SourceFactory(text=text)
    passage = ClaimAppearanceFactory(
        source=source, text_as_printed="about 50,000 Uyghurs live in Turkey"
    )
    passage.full_clean()
    passage.save()
    source.text = "Update.\n" + text
    source.save()
    passage.refresh_from_db()
    assert passage.anchor_status == AnchorStatus.ANCHORED
    assert passage.anchor_start == source.text.index("about")


# The snapshot's hash.


@pytest.mark.django_db
def test_the_snapshot_hash_is_the_sha256_of_its_utf8_text():
    text = "Erdoğan: “happily” — قال المتحدث"
    source = SourceFactory(text=text)
    source.refresh_from_db()
    assert source.text_sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.django_db
def test_a_source_without_a_snapshot_has_no_hash():
    source = SourceFactory(text="")
    source.refresh_from_db()
    assert source.text_sha256 == ""


@pytest.mark.django_db
def test_changing_the_snapshot_changes_its_hash():
    source = SourceFactory(text="first version")
    source.text = "second version"
    source.save()
    source.refresh_from_db()
    assert source.text_sha256 == hashlib.sha256(b"second version").hexdigest()


# The database keeps anchors honest even when Python validation is bypassed.


@pytest.mark.django_db
def test_the_database_refuses_an_anchor_whose_offsets_read_other_words():
    source = SourceFactory(text=WIRE_TEXT)
    quote = QuoteFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Appearance.objects.create(
            quote=quote,
            source=source,
            text_as_printed="Uyghurs",
            anchor_status=AnchorStatus.ANCHORED,
            anchor_start=0,
            anchor_end=7,
            anchor_exact="Uyghurs",
        )


@pytest.mark.django_db
def test_the_database_refuses_an_anchor_outside_the_snapshot():
    source = SourceFactory(text="short text")
    quote = QuoteFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Appearance.objects.create(
            quote=quote,
            source=source,
            text_as_printed="text and more",
            anchor_status=AnchorStatus.ANCHORED,
            anchor_start=6,
            anchor_end=19,
            anchor_exact="text and more",
        )


@pytest.mark.django_db
def test_the_database_refuses_an_anchor_in_a_source_without_a_snapshot():
    source = SourceFactory(text="")
    quote = QuoteFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Appearance.objects.create(
            quote=quote,
            source=source,
            text_as_printed="hello",
            anchor_status=AnchorStatus.ANCHORED,
            anchor_start=0,
            anchor_end=5,
            anchor_exact="hello",
        )


@pytest.mark.django_db
def test_the_database_refuses_moving_an_anchor_off_its_words():
    source = SourceFactory(text=WIRE_TEXT)
    appearance = anchored(source, "sold out by our own")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Appearance.objects.filter(pk=appearance.pk).update(
            anchor_start=appearance.anchor_start + 1, anchor_end=appearance.anchor_end + 1
        )


@pytest.mark.django_db
def test_the_database_refuses_offsets_that_do_not_span_the_exact_words():
    source = SourceFactory(text=WIRE_TEXT)
    appearance = anchored(source, "sold out by our own")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Appearance.objects.filter(pk=appearance.pk).update(anchor_end=appearance.anchor_end + 1)


@pytest.mark.django_db
def test_the_database_refuses_an_unanchored_passage_with_offsets():
    source = SourceFactory(text=WIRE_TEXT)
    appearance = anchored(source, "sold out by our own")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Appearance.objects.filter(pk=appearance.pk).update(anchor_status=AnchorStatus.ORPHANED)


@pytest.mark.django_db
def test_the_database_refuses_a_claim_anchor_that_reads_other_words():
    source = SourceFactory(text="About 50,000 Uyghurs live in Turkey.")
    with transaction.atomic(), pytest.raises(IntegrityError):
        ClaimAppearance.objects.create(
            claim=ClaimFactory(),
            source=source,
            text_as_printed="50,000",
            anchor_status=AnchorStatus.ANCHORED,
            anchor_start=0,
            anchor_end=6,
            anchor_exact="50,000",
        )


@pytest.mark.django_db
def test_a_raw_update_of_the_snapshot_that_would_break_an_anchor_is_refused():
    source = SourceFactory(text=WIRE_TEXT)
    appearance = anchored(source, "sold out by our own")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Source.objects.filter(pk=source.pk).update(text="Preface.\n" + WIRE_TEXT)
    appearance.refresh_from_db()
    assert appearance.anchor_status == AnchorStatus.ANCHORED
    assert Source.objects.get(pk=source.pk).text == WIRE_TEXT


@pytest.mark.django_db
def test_a_raw_update_of_the_snapshot_that_would_break_a_claim_anchor_is_refused():
    text = "About 50,000 Uyghurs live in Turkey."
    source = SourceFactory(text=text)
    passage = ClaimAppearanceFactory(source=source, text_as_printed="50,000 Uyghurs")
    passage.full_clean()
    passage.save()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Source.objects.filter(pk=source.pk).update(text=text.replace("50,000", "60,000"))


@pytest.mark.django_db
def test_a_raw_update_of_the_snapshot_that_keeps_every_anchor_is_allowed():
    source = SourceFactory(text=WIRE_TEXT)
    anchored(source, "sold out by our own")
    Source.objects.filter(pk=source.pk).update(text=WIRE_TEXT + "\nAdditional reporting.")
    assert Source.objects.get(pk=source.pk).text.endswith("Additional reporting.")


@pytest.mark.django_db
def test_appearances_built_by_the_factory_without_a_snapshot_are_not_anchored():
    appearance = AppearanceFactory()
    assert appearance.anchor_status == AnchorStatus.NO_SNAPSHOT
