"""Cutting a snapshot into segments at the anchors of published passages (no database)."""

from types import SimpleNamespace

from sources.anchors import anchor_at
from sources.snapshots import Segment, highlight, segments, text_direction


def joined(result: list[Segment]) -> str:
    return "".join(segment.text for segment in result)


def test_text_without_passages_is_one_unmarked_segment():
    assert segments("Plain words.\nTwo lines.", []) == [Segment("Plain words.\nTwo lines.", None)]


def test_empty_text_gives_no_segments():
    assert segments("", [(0, 3, "a")]) == []


def test_a_passage_is_cut_out_at_its_offsets_and_the_rest_kept_with_line_breaks():
    text = "He said\n“genocide” then."
    start = text.index("genocide")
    result = segments(text, [(start, start + 8, "quote")])

    assert result == [
        Segment("He said\n“", None),
        Segment("genocide", "quote"),
        Segment("” then.", None),
    ]
    assert joined(result) == text


def test_adjacent_passages_stay_two_segments():
    result = segments("abcdef", [(0, 3, "first"), (3, 6, "second")])

    assert result == [Segment("abc", "first"), Segment("def", "second")]


def test_overlapping_passages_give_each_character_to_the_narrowest():
    text = "0123456789"
    result = segments(text, [(1, 8, "wide"), (3, 5, "narrow")])

    assert result == [
        Segment("0", None),
        Segment("12", "wide"),
        Segment("34", "narrow"),
        Segment("567", "wide"),
        Segment("89", None),
    ]
    assert joined(result) == text


def test_partly_overlapping_passages_of_equal_width_go_to_the_first_given():
    result = segments("abcdefgh", [(0, 4, "first"), (2, 6, "second")])

    assert result == [Segment("abcd", "first"), Segment("ef", "second"), Segment("gh", None)]


def test_the_same_span_given_twice_is_marked_once():
    result = segments("abcdef", [(1, 3, "one"), (1, 3, "two")])

    assert result == [Segment("a", None), Segment("bc", "one"), Segment("def", None)]


def test_spans_outside_the_text_or_empty_are_ignored():
    result = segments("abc", [(2, 9, "past the end"), (2, 2, "empty"), (None, None, "none")])

    assert result == [Segment("abc", None)]


def test_right_to_left_text_is_cut_at_code_points_and_reports_its_direction():
    verse = "وَلَا تَرْكَنُوا إِلَى"
    text = f"The verse: {verse} (11:113)"
    start = text.index(verse)
    result = segments(text, [(start, start + len(verse), "verse")])

    assert result[1] == Segment(verse, "verse")
    assert result[1].direction == "rtl"
    assert result[0].direction == "ltr"
    assert joined(result) == text


def test_a_boundary_inside_a_letter_takes_the_letters_combining_marks_along():
    word = "تَرْكَنُوا"  # vowel signs follow their letters
    text = f"x {word} y"
    start = text.index(word)
    # Offsets that cut between "ت" and its fatha, and between "ك" and its fatha.
    result = segments(text, [(start + 1, start + 5, "cut")])

    marked = next(segment for segment in result if segment.passage)
    assert marked.text.startswith("تَ") and marked.text.endswith("كَ")
    assert joined(result) == text


def test_direction_of_neutral_text_is_unknown():
    assert text_direction("… 2019, (11:113)") == ""


def test_highlight_marks_anchored_passages_and_skips_the_others():
    text = "Erdogan said people are living happily, he said."
    start = text.index("happily")
    anchored = SimpleNamespace(name="happily", anchor=anchor_at(text, start, start + 7))
    unanchored = SimpleNamespace(name="orphan", anchor=None)

    result = highlight(text, [anchored, unanchored])

    assert [segment.passage.name for segment in result if segment.passage] == ["happily"]
    assert joined(result) == text


def test_highlight_refuses_an_anchor_whose_words_are_not_in_this_text():
    text = "Erdogan said people are living happily."
    stale = SimpleNamespace(anchor=anchor_at("Other words entirely, longer text.", 0, 5))

    assert highlight(text, [stale]) == [Segment(text, None)]
